package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/cgraph/cgraph/internal/practice"
)

// maxAnswersBytes bounds an --answers file.
const maxAnswersBytes = 1 << 20

// readAnswers reads an --answers file: {"values": {...}, "grads": {...}}.
func readAnswers(path string) (*practice.Answers, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usageError{err}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxAnswersBytes+1))
	if err != nil {
		return nil, usageError{err}
	}
	if len(data) > maxAnswersBytes {
		return nil, usagef("%s: longer than %d bytes", path, maxAnswersBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var a practice.Answers
	if err := dec.Decode(&a); err != nil {
		return nil, usagef("%s: %v (want {\"values\": {\"p1\": \"4/5\"}, \"grads\": {\"x2\": \"7/20\"}})", path, err)
	}
	if dec.More() {
		return nil, usagef("%s: more than one JSON value", path)
	}
	return &a, nil
}

// answersJSON is eval --answers --json; its shape is in the README.
type answersJSON struct {
	Right    int                `json:"right"`
	Total    int                `json:"total"`
	Verdicts []practice.Verdict `json:"verdicts"`
}

// checkAnswers checks r against the answers in path and prints the
// verdicts; an error (exit 1) says how many cells are wrong.
func checkAnswers(w io.Writer, r *evalRun, path string, asJSON bool) error {
	a, err := readAnswers(path)
	if err != nil {
		return err
	}
	vs, err := practice.Check(r.graph, r.output, r.exact, a)
	if err != nil {
		return usageError{err}
	}
	right := 0
	for _, v := range vs {
		if v.Right {
			right++
		}
	}
	if asJSON {
		out := answersJSON{Right: right, Total: len(vs), Verdicts: vs}
		if out.Verdicts == nil {
			out.Verdicts = []practice.Verdict{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return err
		}
	} else {
		tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "\tcell\tyour answer\tright answer")
		for _, v := range vs {
			mark := "✓"
			if !v.Right {
				mark = "✗"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", mark, v.Cell, v.Answer, v.Want)
		}
		tw.Flush()
		for _, v := range vs {
			if v.Right {
				continue
			}
			if v.Rule != "" {
				fmt.Fprintf(w, "\n✗ %s — missed: the %s.\n  %s\n", v.Cell, v.Rule, v.Why)
			} else {
				fmt.Fprintf(w, "\n✗ %s\n  %s\n", v.Cell, v.Why)
			}
		}
		fmt.Fprintf(w, "\n%d of %d right\n", right, len(vs))
	}
	if right < len(vs) {
		return fmt.Errorf("%d of %d answers are wrong", len(vs)-right, len(vs))
	}
	return nil
}

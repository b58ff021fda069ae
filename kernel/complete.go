package kernel

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/expr"
	"github.com/cgraph/cgraph/internal/numfmt"
	"github.com/cgraph/cgraph/internal/program"
)

func isNameRune(r rune) bool {
	return r == '_' || r == '\'' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// Complete answers a complete_request: magics after %, their flags after
// -, and otherwise the functions of the language and the names of the
// program (the session's and the cell's own). cursor counts code points.
func (s *Session) Complete(code string, cursor int) map[string]any {
	runes := []rune(code)
	cursor = min(max(cursor, 0), len(runes))
	lineStart := cursor
	for lineStart > 0 && runes[lineStart-1] != '\n' {
		lineStart--
	}
	start := cursor
	for start > lineStart && (isNameRune(runes[start-1]) || runes[start-1] == '-' || runes[start-1] == '%') {
		start--
	}
	word := string(runes[start:cursor])
	line := strings.TrimLeft(string(runes[lineStart:cursor]), " \t")
	var cands []string
	switch {
	case strings.HasPrefix(word, "%") && strings.HasPrefix(line, word):
		for n := range magics {
			cands = append(cands, "%"+n)
		}
		for n := range ownMagics {
			cands = append(cands, "%"+n)
		}
	case strings.HasPrefix(line, "%") && strings.HasPrefix(word, "-"):
		name, rest, _ := strings.Cut(strings.TrimPrefix(line, "%"), " ")
		if m, ok := magics[name]; ok {
			tokens, _ := splitArgs(rest)
			seen := map[string]bool{}
			for _, f := range s.flagsOf(m.verb[0], tokens) {
				if !seen[f.Name] {
					seen[f.Name] = true
					cands = append(cands, "--"+f.Name)
				}
			}
		} else if name == "weights" {
			cands = append(cands, "--lr")
		}
	default:
		word = strings.TrimLeft(word, "-%")
		start = cursor - len([]rune(word))
		for _, f := range expr.Funcs() {
			cands = append(cands, f.Name)
		}
		cands = append(cands, s.names(code)...)
	}
	matches := []string{}
	seen := map[string]bool{}
	for _, c := range cands {
		if strings.HasPrefix(c, word) && !seen[c] {
			seen[c] = true
			matches = append(matches, c)
		}
	}
	sort.Strings(matches)
	return map[string]any{"status": "ok", "matches": matches, "cursor_start": start, "cursor_end": cursor, "metadata": map[string]any{}}
}

var targetRE = regexp.MustCompile(`(?m)(?:^|;)\s*([\p{L}_][\p{L}\p{N}_']*)\s*=`)

// names lists the named nodes of the session's program and the targets
// and inputs written in code.
func (s *Session) names(code string) []string {
	var out []string
	if s.src != "" {
		if b, err := s.compile(s.src); err == nil {
			if order, err := b.Graph.Order(); err == nil {
				for _, n := range order {
					if !b.Generated(n) {
						out = append(out, n.Name())
					}
				}
			}
		}
	}
	for _, m := range targetRE.FindAllStringSubmatch(code, -1) {
		out = append(out, m[1])
	}
	return out
}

// Inspect answers an inspect_request (shift-tab): on a node of the
// program its value, gradient and local derivatives; on a function its
// signature; on a magic its help.
func (s *Session) Inspect(code string, cursor int) map[string]any {
	runes := []rune(code)
	cursor = min(max(cursor, 0), len(runes))
	start, end := cursor, cursor
	for start > 0 && (isNameRune(runes[start-1]) || runes[start-1] == '%') {
		start--
	}
	for end < len(runes) && isNameRune(runes[end]) {
		end++
	}
	word := string(runes[start:end])
	text := s.inspect(word)
	if text == "" {
		return map[string]any{"status": "ok", "found": false, "data": map[string]any{}, "metadata": map[string]any{}}
	}
	return map[string]any{"status": "ok", "found": true, "data": map[string]any{"text/plain": text}, "metadata": map[string]any{}}
}

func (s *Session) inspect(word string) string {
	if name, ok := strings.CutPrefix(word, "%"); ok {
		if m, ok := magics[name]; ok {
			var buf bytes.Buffer
			if s.cfg.Run != nil {
				s.cfg.Run(context.Background(), append(append([]string{}, m.verb[0]), "--help"), strings.NewReader(""), &buf, &buf)
			}
			return "%" + name + ": " + m.doc + "\n\n" + buf.String()
		}
		if d, ok := ownMagics[name]; ok {
			return "%" + name + ": " + d + "\n"
		}
		return ""
	}
	if word == "" {
		return ""
	}
	if r := s.run(); r != nil {
		if n := r.Built.Graph.Lookup(word); n != nil {
			return describeNode(r, n)
		}
	}
	if f, ok := expr.LookupFunc(word); ok {
		return fmt.Sprintf("%s(%s): %s\n", f.Name, f.Params, f.Doc)
	}
	return ""
}

// run returns the last run of the session's program, running it if the
// inputs allow; nil if they do not.
func (s *Session) run() *program.Run {
	if s.last != nil || s.src == "" {
		return s.last
	}
	b, err := s.compile(s.src)
	if err != nil {
		return nil
	}
	r, err := program.Evaluate(b, s.inputs)
	if err != nil {
		return nil
	}
	s.last = r
	return r
}

// describeNode writes a node's value, gradient and local derivatives.
func describeNode(r *program.Run, n *cgraph.Node) string {
	var b strings.Builder
	value := func(n *cgraph.Node, grad bool) string {
		if r.Exact != nil {
			if grad {
				return numfmt.Value(n.Grad(), r.Exact.Grad(n))
			}
			return numfmt.Value(n.Value(), r.Exact.Value(n))
		}
		if grad {
			return numfmt.Float(n.Grad())
		}
		return numfmt.Float(n.Value())
	}
	out := r.Built.Output.Name()
	ins := n.Inputs()
	if len(ins) == 0 {
		fmt.Fprintf(&b, "%s: %s\n", n.Name(), n.Kind())
	} else {
		fmt.Fprintf(&b, "%s = %s(%s)\n", n.Name(), n.Kind(), strings.Join(program.Names(ins), ", "))
	}
	fmt.Fprintf(&b, "  value        %s\n", value(n, false))
	if !n.IsConst() {
		fmt.Fprintf(&b, "  ∂%s/∂%s  %s\n", out, n.Name(), value(n, true))
	}
	if len(ins) > 0 {
		b.WriteString("local derivatives:\n")
		local := n.LocalGrads()
		args := program.Names(ins)
		for i, in := range ins {
			f := cgraph.LocalFormula(n, args, n.Name(), i)
			if f != "" {
				f = " = " + f
			}
			fmt.Fprintf(&b, "  ∂%s/∂%s%s = %s\n", n.Name(), in.Name(), f, numfmt.Float(local[i]))
		}
	}
	if cs := n.Consumers(); len(cs) > 0 {
		fmt.Fprintf(&b, "feeds: %s\n", strings.Join(program.Names(cs), ", "))
	}
	return b.String()
}

// IsComplete answers an is_complete_request: a cell is incomplete while a
// parenthesis is open or its last line ends in an operator.
func IsComplete(code string) map[string]any {
	depth := 0
	for _, r := range code {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		}
	}
	last := ""
	for _, l := range strings.Split(code, "\n") {
		l, _, _ = strings.Cut(l, "#")
		if t := strings.TrimSpace(l); t != "" {
			last = t
		}
	}
	if depth > 0 || (last != "" && !strings.HasPrefix(last, "%") && strings.ContainsAny(last[len(last)-1:], "+-*/^=,(")) {
		return map[string]any{"status": "incomplete", "indent": ""}
	}
	return map[string]any{"status": "complete"}
}

package kernel

import (
	"regexp"
	"strings"

	"github.com/cgraph/cgraph/internal/numfmt"
	"github.com/cgraph/cgraph/internal/program"
)

// cell is a cell's text sorted into its three kinds of line.
type cell struct {
	// program is the cell's text with its input assignments and magics
	// blanked out, so that every line and column of an error is the
	// cell's own; has is whether any statement is left.
	program string
	has     bool
	assigns []program.Assignment
	magics  []magicLine
}

// magicLine is a line starting with %: its name and the rest.
type magicLine struct {
	name, args string
	line       int // 1-based line of the cell
}

// inputRE is NAME = VALUE with VALUE a number or a fraction.
var inputRE = regexp.MustCompile(`^\s*([\p{L}_][\p{L}\p{N}_']*)\s*=\s*([-+−]?[0-9.][0-9.eE+\-]*(?:\s*/\s*[-+−]?[0-9.][0-9.eE+\-]*)?)\s*$`)

// parseInput reads a statement NAME = VALUE whose value is a number
// (4/5, -7/5, 0.5): an input of the program, not a constant.
func parseInput(s string) (program.Assignment, bool) {
	m := inputRE.FindStringSubmatch(s)
	if m == nil {
		return program.Assignment{}, false
	}
	value := strings.ReplaceAll(strings.ReplaceAll(m[2], " ", ""), "−", "-")
	if _, err := numfmt.Parse(value); err != nil {
		return program.Assignment{}, false
	}
	return program.Assignment{Name: m[1], Value: value}, true
}

// parseCell sorts the lines of a cell: magics (%name args), %inputs,
// NAME = VALUE statements (inputs), and the program.
func parseCell(code string) (*cell, []error) {
	c := &cell{}
	var errs []error
	lines := strings.Split(strings.ReplaceAll(code, "\r\n", "\n"), "\n")
	for i, line := range lines {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "%") {
			name, args, _ := strings.Cut(strings.TrimLeft(trimmed, "%"), " ")
			lines[i] = ""
			if name == "inputs" {
				as, err := program.ParseAssignments(strings.Fields(args))
				if err != nil {
					errs = append(errs, err)
				}
				c.assigns = append(c.assigns, as...)
				continue
			}
			c.magics = append(c.magics, magicLine{name: name, args: strings.TrimSpace(args), line: i + 1})
			continue
		}
		code, _, _ := strings.Cut(line, "#")
		segs := strings.Split(code, ";")
		kept := false
		for j, seg := range segs {
			if a, ok := parseInput(seg); ok {
				c.assigns = append(c.assigns, a)
				segs[j] = strings.Repeat(" ", len(seg)) // keep every column where it was
				continue
			}
			if strings.TrimSpace(seg) != "" {
				kept = true
			}
		}
		if kept {
			c.has = true
			lines[i] = strings.Join(segs, ";") + line[len(code):]
		} else {
			lines[i] = ""
		}
	}
	c.program = strings.Join(lines, "\n")
	return c, errs
}

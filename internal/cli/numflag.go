package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cgraph/cgraph/internal/numfmt"
)

// numberFlag is a float64 flag that also takes fractions (--lr 1/10), read
// as NAME=VALUE values are.
type numberFlag struct{ p *float64 }

func (f numberFlag) String() string {
	if f.p == nil {
		return "0"
	}
	return strconv.FormatFloat(*f.p, 'g', -1, 64)
}

func (f numberFlag) Set(s string) error {
	x, err := numfmt.Parse(s)
	if err != nil {
		return err
	}
	*f.p = x
	return nil
}

func (numberFlag) Type() string { return "number" }

// numbersFlag is a list of numbers, comma-separated, each a decimal or a
// fraction (--w 4/5,-7/5,1,1). Its default is shown as written: 1,1,1,1.
type numbersFlag struct{ p *[]float64 }

func (f numbersFlag) String() string {
	if f.p == nil {
		return ""
	}
	parts := make([]string, len(*f.p))
	for i, x := range *f.p {
		parts[i] = numberFlag{&x}.String()
	}
	return strings.Join(parts, ",")
}

func (f numbersFlag) Set(s string) error {
	var out []float64
	for i, part := range strings.Split(s, ",") {
		x, err := numfmt.Parse(strings.TrimSpace(part))
		if err != nil {
			return fmt.Errorf("number %d: %v", i+1, err)
		}
		out = append(out, x)
	}
	*f.p = out
	return nil
}

func (numbersFlag) Type() string { return "numbers" }

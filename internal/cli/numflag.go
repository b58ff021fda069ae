package cli

import (
	"strconv"

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

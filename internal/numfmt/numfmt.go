// Package numfmt formats numbers as a student writes them: simple fractions
// as fractions (4/5, -7/5, 1/4), everything else as a short decimal.
package numfmt

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/cgraph/cgraph"
)

// MaxDenom is the largest denominator shown as a fraction. Larger ones read
// worse than a decimal.
const MaxDenom = 1000

// Float formats x: as a fraction if x is exactly the float64 nearest to a
// fraction with denominator ≤ MaxDenom, else with 6 significant digits.
func Float(x float64) string {
	if r := cgraph.SimpleRat(x, MaxDenom); r != nil {
		return Rat(r)
	}
	return Decimal(x)
}

// Decimal formats x with up to 6 significant digits and no fraction.
func Decimal(x float64) string {
	switch {
	case math.IsNaN(x):
		return "NaN"
	case math.IsInf(x, 1):
		return "+Inf"
	case math.IsInf(x, -1):
		return "-Inf"
	}
	return strconv.FormatFloat(x, 'g', 6, 64)
}

// maxIntDigits is the longest integer written out in full; longer ones
// (2^1000, say) are shown as decimals with an exponent.
const maxIntDigits = 15

// Rat formats r as an integer or p/q if q ≤ MaxDenom, else as a decimal.
func Rat(r *big.Rat) string {
	if r.IsInt() {
		if s := r.Num().String(); len(strings.TrimPrefix(s, "-")) <= maxIntDigits {
			return s
		}
		f, _ := r.Float64()
		return Decimal(f)
	}
	if r.Denom().IsInt64() && r.Denom().Int64() <= MaxDenom {
		return r.Num().String() + "/" + r.Denom().String()
	}
	f, _ := r.Float64()
	return Decimal(f)
}

// Value formats a node's value or gradient: the exact rational if known,
// else the float64.
func Value(x float64, exact *big.Rat) string {
	if exact != nil {
		return Rat(exact)
	}
	return Float(x)
}

// Parse reads a finite number written as a decimal (0.25, -1e-3) or as a
// fraction of two decimals (4/5, -7/5). A fraction gives the float64
// nearest to its value, since one IEEE division of two exactly represented
// numbers is correctly rounded.
func Parse(s string) (float64, error) {
	num, den, isFrac := strings.Cut(s, "/")
	x, err := parseFinite(num)
	if err != nil || !isFrac {
		return x, err
	}
	y, err := parseFinite(den)
	if err != nil {
		return 0, err
	}
	if y == 0 {
		return 0, fmt.Errorf("%q divides by zero", s)
	}
	q := x / y
	if math.IsInf(q, 0) || (q == 0 && x != 0) {
		return 0, fmt.Errorf("%q is out of the range of float64", s)
	}
	return q, nil
}

func parseFinite(s string) (float64, error) {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		if err != nil && errors.Is(err, strconv.ErrRange) {
			return 0, fmt.Errorf("%q is out of the range of float64", s)
		}
		return 0, fmt.Errorf("%q is not a number (want a decimal like 0.5 or a fraction like 4/5)", s)
	}
	return x, nil
}

// ParseRat reads a number as Parse does (a decimal, or a fraction of two
// decimals; a true minus sign − is read as -) but exactly: "0.35" is 7/20
// and "4/5" is 4/5, not the float64s nearest to them.
func ParseRat(s string) (*big.Rat, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "−", "-")
	num, den, isFrac := strings.Cut(s, "/")
	x, err := parseRat(num)
	if err != nil || !isFrac {
		return x, err
	}
	y, err := parseRat(den)
	if err != nil {
		return nil, err
	}
	if y.Sign() == 0 {
		return nil, fmt.Errorf("%q divides by zero", s)
	}
	return x.Quo(x, y), nil
}

// maxRatText bounds the text of one exact number: 1e-99999999 would make
// big.Rat allocate a denominator of 100 million digits.
const maxRatText = 100

func parseRat(s string) (*big.Rat, error) {
	s = strings.TrimSpace(s)
	if _, err := parseFinite(s); err != nil {
		return nil, err
	}
	if e := strings.IndexAny(s, "eE"); len(s) > maxRatText || e >= 0 && len(s)-e > 4 {
		return nil, fmt.Errorf("%q is too long or too large to read exactly", s)
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return nil, fmt.Errorf("%q is not a number (want a decimal like 0.5 or a fraction like 4/5)", s)
	}
	return r, nil
}

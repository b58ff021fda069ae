// Package numfmt formats numbers as a student writes them: simple fractions
// as fractions (4/5, -7/5, 1/4), everything else as a short decimal.
package numfmt

import (
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

// Parse reads a finite number written as a decimal (0.25, -1e-3), a power
// of one with an integer exponent (10^400, 2^-3), or a fraction of two such
// numbers (4/5, -7/5, 1e400/1e399, 10^400/10^399). The value is worked out
// exactly and rounded once to the nearest float64, so a fraction whose
// parts do not fit a float64 is read if its value does. A value too large
// for a float64 is an error, and so is a non-zero value too small for one
// (1e-400 would become 0); values between 2.2e-308 and 4.9e-324 become
// subnormal float64s with fewer significant digits.
func Parse(s string) (float64, error) {
	num, den, isFrac := strings.Cut(s, "/")
	q, err := parseTerm(num, s)
	if err != nil {
		return 0, err
	}
	if isFrac {
		d, err := parseTerm(den, s)
		if err != nil {
			return 0, err
		}
		if d.Sign() == 0 {
			return 0, fmt.Errorf("%q divides by zero", s)
		}
		q.Quo(q, d)
	}
	if err := inRange(q, s); err != nil {
		return 0, err
	}
	x, _ := q.Float64()
	return x, nil
}

// ParseRat reads a number as Parse does (a decimal, a power, or a fraction
// of two such; a true minus sign − is read as -) but exactly: "0.35" is
// 7/20 and "4/5" is 4/5, not the float64s nearest to them.
func ParseRat(s string) (*big.Rat, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "−", "-")
	num, den, isFrac := strings.Cut(s, "/")
	q, err := parseTerm(strings.TrimSpace(num), s)
	if err != nil {
		return nil, err
	}
	if !isFrac {
		return q, inRange(q, s)
	}
	d, err := parseTerm(strings.TrimSpace(den), s)
	if err != nil {
		return nil, err
	}
	if d.Sign() == 0 {
		return nil, fmt.Errorf("%q divides by zero", s)
	}
	q.Quo(q, d)
	return q, inRange(q, s)
}

// inRange refuses a value that a float64 cannot hold: too large, or so
// small that it would become 0.
func inRange(q *big.Rat, s string) error {
	x, _ := q.Float64()
	switch {
	case math.IsInf(x, 0):
		return fmt.Errorf("%q is out of the range of float64 (above 1.8e308 in magnitude)", s)
	case x == 0 && q.Sign() != 0:
		return fmt.Errorf("%q is too small for float64: it would become 0 (the smallest is 4.9e-324)", s)
	}
	return nil
}

// Limits on a written number, so that no input can make Parse work out a
// number of millions of digits: a float64 needs far less than these.
const (
	maxDigits = 800    // digits of a decimal
	maxExp10  = 10000  // |power of ten| of a decimal: 1e10000
	maxSize   = 100000 // digits of a power: 10^100000
)

// parseTerm reads [sign] decimal [^ [sign] integer] exactly; whole is the
// full text, for errors.
func parseTerm(t, whole string) (*big.Rat, error) {
	neg := false // the sign applies to the power, as in programs: -2^2 = -4
	if t != "" && (t[0] == '+' || t[0] == '-') {
		neg, t = t[0] == '-', t[1:]
	}
	q, err := parsePower(t, whole)
	if err == nil && neg {
		q.Neg(q)
	}
	return q, err
}

// parsePower reads decimal [^ [sign] integer] exactly.
func parsePower(t, whole string) (*big.Rat, error) {
	notNumber := fmt.Errorf("%q is not a number (want a decimal like 0.5 or a fraction like 4/5)", whole)
	tooLong := fmt.Errorf("%q is out of the range of float64", whole)
	base, power, isPow := strings.Cut(t, "^")
	q, size, ok := parseDecimal(base)
	if !ok {
		return nil, notNumber
	}
	if size > maxSize {
		return nil, tooLong
	}
	if !isPow {
		return q, nil
	}
	n, err := strconv.Atoi(power)
	if err != nil || !isInteger(power) {
		return nil, notNumber
	}
	if q.Sign() == 0 {
		if n < 0 {
			return nil, fmt.Errorf("%q divides by zero", whole)
		}
		if n == 0 {
			return big.NewRat(1, 1), nil
		}
		return q, nil
	}
	if n > maxSize || n < -maxSize || max(size, 1)*abs(n) > maxSize {
		return nil, tooLong
	}
	e := big.NewInt(int64(abs(n)))
	num := new(big.Int).Exp(q.Num(), e, nil)
	den := new(big.Int).Exp(q.Denom(), e, nil)
	if n < 0 {
		num, den = den, num
	}
	return new(big.Rat).SetFrac(num, den), nil
}

// parseDecimal reads digits [. digits] [(e|E) [sign] digits] with at
// least one digit before the exponent. size is about how many digits the
// number has, counting the power of ten.
func parseDecimal(s string) (q *big.Rat, size int, ok bool) {
	mant, exp, hasExp := strings.Cut(strings.ToLower(s), "e")
	intPart, frac, _ := strings.Cut(mant, ".")
	digits := intPart + frac
	if digits == "" || !isDigits(intPart) || !isDigits(frac) || len(digits) > maxDigits {
		return nil, 0, false
	}
	e := 0
	if hasExp {
		n, err := strconv.Atoi(exp)
		if err != nil || !isInteger(exp) {
			return nil, 0, false
		}
		if n > maxExp10 || n < -maxExp10 {
			return nil, maxSize + 1, true // far out of range, whatever the digits
		}
		e = n
	}
	e -= len(frac)
	m, _ := new(big.Int).SetString(digits, 10)
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(e))), nil)
	q = new(big.Rat).SetInt(m)
	if e >= 0 {
		q.Mul(q, new(big.Rat).SetInt(p))
	} else {
		q.Quo(q, new(big.Rat).SetInt(p))
	}
	return q, len(digits) + abs(e), true
}

// isDigits reports whether s is only ASCII digits (or empty).
func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// isInteger reports whether s is [sign] digits.
func isInteger(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	return s != "" && isDigits(s)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

package cli

import (
	"strings"
	"testing"
)

// TestRatesAndGainsAreFinite: --lr Inf and NaN were accepted (Inf failed
// later as a NaN at a weight) and xavier*NaN passed the gain check
// (issue 17). Each is now a usage error naming the flag.
func TestRatesAndGainsAreFinite(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"train", "xor", "--lr", "Inf"}, "--lr +Inf: must be a finite positive number"},
		{[]string{"train", "xor", "--lr", "NaN"}, "--lr NaN: must be a finite positive number"},
		{[]string{"train", "xor", "--lr", "-1"}, "must be a finite positive number"},
		// eval's and gen's --lr reads fractions (1/10) and so refuses what
		// is no number at all
		{[]string{"eval", "--weights", "a", "--lr", "Inf", "L = a*b", "a=1", "b=2"}, `"--lr" flag: "Inf" is not a number`},
		{[]string{"gen", "--weights", "a", "--lr", "NaN", "L = a*b"}, `"--lr" flag: "NaN" is not a number`},
		{[]string{"eval", "--weights", "a", "--lr", "-1/10", "L = a*b", "a=1", "b=2"}, "must be a finite positive number"},
		{[]string{"vanish", "--init", "xavier*NaN"}, `gain "NaN" of xavier is not a positive number`},
		{[]string{"vanish", "--init", "xavier*Inf"}, `gain "Inf"`},
		{[]string{"vanish", "learn", "--net", "relu+he*NaN"}, "NaN"},
		{[]string{"vanish", "learn", "--alpha", "Inf"}, "--alpha +Inf"},
	} {
		code, _, errOut := run(t, "", c.args...)
		if code != exitUsage || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, %q; want exit 2 saying %q", c.args, code, errOut, c.want)
		}
	}
}

// TestValuesAreExact: a fraction whose parts do not fit a float64 is read
// when its value does; a value that would underflow to 0 is an error.
func TestValuesAreExact(t *testing.T) {
	for _, v := range []string{"10^400/10^399", "1e400/1e399"} {
		code, out, errOut := run(t, "", "eval", "--json", "L = a*b", "a="+v, "b=1")
		if code != 0 || !strings.Contains(out, `"exact_value": "10"`) {
			t.Errorf("a=%s: exit %d, %s%s", v, code, errOut, out)
		}
	}
	code, _, errOut := run(t, "", "eval", "L = a*b", "a=1e-400", "b=1")
	if code != exitUsage || !strings.Contains(errOut, `"1e-400" is too small for float64`) {
		t.Errorf("a=1e-400: exit %d, %q", code, errOut)
	}
}

// TestProgramFileIsLimited: eval -f /dev/zero read until memory ran out.
// Now reading stops after 1 MiB, with a usage error.
func TestProgramFileIsLimited(t *testing.T) {
	for _, args := range [][]string{{"eval", "-f", "/dev/zero"}, {"gen", "-f", "/dev/zero"}, {"eval", "-"}} {
		code, _, errOut := run(t, strings.Repeat("x", 2<<20), args...)
		if code != exitUsage || !strings.Contains(errOut, "longer than 1048576 bytes") {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
}

package numfmt

import (
	"math"
	"math/big"
	"strings"
	"testing"
)

func TestFloat(t *testing.T) {
	tests := []struct {
		x    float64
		want string
	}{
		{0.8, "4/5"}, {-1.4, "-7/5"}, {0.25, "1/4"}, {0.35, "7/20"}, {1, "1"}, {0, "0"},
		{1.0 / 3, "1/3"}, {math.Pi, "3.14159"}, {1.1102230246251565e-16, "1.11022e-16"},
		{0.7310585786300049, "0.731059"}, {math.NaN(), "NaN"}, {math.Inf(-1), "-Inf"},
		{1e14, "100000000000000"}, {1e15, "1e+15"}, {math.Pow(2, 1000), "1.07151e+301"}, {-1e16, "-1e+16"},
	}
	for _, tt := range tests {
		if got := Float(tt.x); got != tt.want {
			t.Errorf("Float(%v) = %q, want %q", tt.x, got, tt.want)
		}
	}
}

func TestRat(t *testing.T) {
	if got := Rat(big.NewRat(-7, 20)); got != "-7/20" {
		t.Errorf("Rat(-7/20) = %q", got)
	}
	if got := Rat(big.NewRat(1, 3000)); got != "0.000333333" {
		t.Errorf("Rat(1/3000) = %q", got)
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		err  string
	}{
		{"4/5", 0.8, ""}, {"-7/5", -1.4, ""}, {"0.25", 0.25, ""}, {"1e-3", 0.001, ""},
		{"1/3", 1.0 / 3, ""}, {" 2", 0, "not a number"}, {"", 0, "not a number"},
		{"1/0", 0, "divides by zero"}, {"NaN", 0, "not a number"}, {"inf", 0, "not a number"},
		{"1e400", 0, "out of the range"}, {"1e300/1e-300", 0, "out of the range"},
		{"1/2/3", 0, "not a number"}, {"x", 0, "not a number"},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Parse(%q) = %v, %v; want error %q", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseRat(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"4/5", "4/5"}, {"-7/5", "-7/5"}, {"−7/5", "-7/5"}, {"0.35", "7/20"}, {" 0 ", "0"},
		{"1e-3", "1/1000"}, {"0.5/2", "1/4"}, {"3", "3"},
	} {
		r, err := ParseRat(tt.in)
		if err != nil || r.RatString() != tt.want {
			t.Errorf("ParseRat(%q) = %v, %v; want %s", tt.in, r, err, tt.want)
		}
	}
	for _, in := range []string{"", "x", "1/0", "1/", "NaN", "Inf", "1e999", "1e-99999"} {
		if r, err := ParseRat(in); err == nil {
			t.Errorf("ParseRat(%q) = %v, want an error", in, r)
		}
	}
}

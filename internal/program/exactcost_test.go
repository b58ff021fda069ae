package program

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cgraph/cgraph/expr"
)

// The exact view is bounded per number (cgraph.MaxExactBits), not per
// graph: one huge number must not hide the others.
func TestExactBoundedPerNode(t *testing.T) {
	var squares, sums, doublings strings.Builder
	squares.WriteString("a1 = x*x\n")
	sums.WriteString("a1 = x + 1\n")
	doublings.WriteString("d1 = a + a\n")
	for i := 2; i <= 40; i++ {
		fmt.Fprintf(&squares, "a%d = a%d*a%d\n", i, i-1, i-1)
	}
	for i := 2; i <= 300; i++ {
		fmt.Fprintf(&sums, "a%d = a%d + 1/3\n", i, i-1)
	}
	for i := 2; i <= 10; i++ {
		fmt.Fprintf(&doublings, "d%d = d%d + d%d\n", i, i-1, i-1)
	}
	tests := []struct {
		name, src, input string
		// exact and decimal name nodes whose value must, and must not, be
		// exact; a name with a trailing ' names its gradient.
		exact, decimal []string
	}{
		{"exercise", "p1 = w1*x1; p2 = w2*x2; z = p1 + p2 + p0; yhat = sigmoid(z); L = (yhat - y)^2", "1/3",
			[]string{"p1", "z"}, []string{"yhat", "L", "w1'"}},
		{"300 sums", sums.String(), "1/3", []string{"a300", "x'"}, nil},
		// 3^(2^k) outgrows 4096 bits at k = 12: the first squarings stay
		// exact, the rest are decimals, and it all takes no time.
		{"40 squarings", squares.String(), "1/3", []string{"x", "a1", "a11"}, []string{"a12", "a40", "x'"}},
		{"power tower", "a = x^1000; b = a^1000; c = b^1000", "1/3", []string{"x"}, []string{"a", "c"}},
		{"ten doublings of 23/10", doublings.String(), "23/10", []string{"a", "d10", "a'", "d1'"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := expr.Compile(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			var as []Assignment
			for _, in := range b.Inputs {
				as = append(as, Assignment{Name: in.Name(), Value: tt.input})
			}
			start := time.Now()
			r, err := Evaluate(b, as)
			if err != nil {
				t.Fatal(err)
			}
			if r.Exact == nil {
				t.Fatal("no exact view")
			}
			known := func(name string) bool {
				grad := strings.HasSuffix(name, "'")
				n := b.Graph.Lookup(strings.TrimSuffix(name, "'"))
				if n == nil {
					t.Fatalf("no node %s", name)
				}
				if grad {
					return r.Exact.Grad(n) != nil
				}
				return r.Exact.Value(n) != nil
			}
			for _, name := range tt.exact {
				if !known(name) {
					t.Errorf("%s is not exact", name)
				}
			}
			for _, name := range tt.decimal {
				if known(name) {
					t.Errorf("%s is exact, want a decimal", name)
				}
			}
			// A bound far above the few milliseconds these take, for a
			// loaded CI machine; the unbounded version never finished.
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

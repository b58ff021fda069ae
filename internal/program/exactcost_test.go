package program

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cgraph/cgraph/expr"
)

func TestExactIsCheap(t *testing.T) {
	var squares, sums strings.Builder
	squares.WriteString("a1 = x*x\n")
	sums.WriteString("a1 = x + 1\n")
	for i := 2; i <= 40; i++ {
		fmt.Fprintf(&squares, "a%d = a%d*a%d\n", i, i-1, i-1)
	}
	for i := 2; i <= 300; i++ {
		fmt.Fprintf(&sums, "a%d = a%d + 1/3\n", i, i-1)
	}
	tests := []struct {
		name, src string
		cheap     bool
	}{
		{"exercise", "p1 = w1*x1; p2 = w2*x2; z = p1 + p2 + p0; yhat = sigmoid(z); L = (yhat - y)^2", true},
		{"300 sums", sums.String(), true},
		{"40 squarings", squares.String(), false}, // 3^(2^40): would never finish
		{"power tower", "a = x^1000; b = a^1000; c = b^1000", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := expr.Compile(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			var as []Assignment
			for _, in := range b.Inputs {
				as = append(as, Assignment{Name: in.Name(), Value: "1/3"})
			}
			start := time.Now()
			r, err := Evaluate(b, as)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Exact != nil; got != tt.cheap {
				t.Errorf("exact view computed: %v, want %v", got, tt.cheap)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

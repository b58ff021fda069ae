package program

import (
	"errors"
	"strings"
	"testing"

	"github.com/cgraph/cgraph/expr"
)

func TestEvaluateExercise(t *testing.T) {
	b, err := expr.Compile("p1 = w1*x1; p2 = w2*x2; z = p1 + p2 + p0; yhat = sigmoid(z); L = (yhat - y)^2")
	if err != nil {
		t.Fatal(err)
	}
	as, err := ParseAssignments([]string{"x1=1", "x2=1", "w1=4/5", "w2=-7/5", "p0=3/5", "y = 1"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Evaluate(b, as)
	if err != nil {
		t.Fatal(err)
	}
	z := b.Graph.Lookup("z")
	if v := r.Exact.Value(z); v == nil || v.Sign() != 0 {
		t.Errorf("exact z = %v, want 0", v)
	}
	if d := r.Exact.Grad(b.Graph.Lookup("x2")); d == nil || d.RatString() != "7/20" {
		t.Errorf("exact ∂L/∂x2 = %v, want 7/20", d)
	}
	if len(r.Order) != b.Graph.Len() {
		t.Errorf("order has %d nodes, graph %d", len(r.Order), b.Graph.Len())
	}
}

func TestInputErrors(t *testing.T) {
	b, err := expr.Compile("c = a + b\nd = c * 2")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"a=1"}, "missing value for b"},
		{[]string{"a=1", "b=2", "a=3"}, "a is given twice"},
		{[]string{"a=1", "b=x"}, "value of b"},
		{[]string{"a=1", "b=2", "c=3"}, "c is computed by the program (line 1)"},
		{[]string{"a=1", "b=2", "q=3"}, "q is not a name in the program (its inputs are a b)"},
		{[]string{"a"}, `"a" is not an assignment`},
	}
	for _, tt := range tests {
		as, err := ParseAssignments(tt.args)
		if err == nil {
			_, err = Evaluate(b, as)
		}
		var in *InputError
		if !errors.As(err, &in) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: error %v, want an InputError containing %q", tt.args, err, tt.want)
		}
	}
}

func TestSyntaxErrors(t *testing.T) {
	_, err := expr.Compile("a = (b +\nc = 2")
	list := SyntaxErrors(err)
	if len(list) == 0 || list[0].Pos != (expr.Pos{Line: 2, Col: 3}) { // newlines in parentheses are spaces
		t.Fatalf("SyntaxErrors(%v) = %v", err, list)
	}
	if SyntaxErrors(errors.New("other")) != nil {
		t.Error("a plain error has syntax errors")
	}
}

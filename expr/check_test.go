package expr

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestInputsOutput(t *testing.T) {
	tests := []struct {
		src    string
		inputs []string
		output string
	}{
		{"a = 1", nil, "a"},
		{"a = b * b + c", []string{"b", "c"}, "a"},
		{"a = sigmoid(x) + x; b = a + y", []string{"x", "y"}, "b"},
		{"b = a + y; a = x", []string{"y", "x"}, "a"}, // a is assigned, if later
		{"L = mse(y1hat, y1, y2hat, y2)", []string{"y1hat", "y1", "y2hat", "y2"}, "L"},
	}
	for _, tt := range tests {
		prog, err := Parse(tt.src)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.src, err)
			continue
		}
		if got := prog.Inputs(); !slices.Equal(got, tt.inputs) {
			t.Errorf("Parse(%q).Inputs() = %q, want %q", tt.src, got, tt.inputs)
		}
		if got := prog.Output(); got != tt.output {
			t.Errorf("Parse(%q).Output() = %q, want %q", tt.src, got, tt.output)
		}
	}
	if got := (&Program{}).Output(); got != "" {
		t.Errorf("empty program: Output() = %q, want \"\"", got)
	}
}

// TestCheckBuilt checks a program built in code rather than parsed.
func TestCheckBuilt(t *testing.T) {
	at := func(col int) Pos { return Pos{1, col} }
	prog := &Program{Stmts: []*Stmt{
		{Target: "y", TargetPos: at(1), Pos: at(1), Expr: &Call{Func: "tanh", Pos: at(5), Args: []Expr{
			&Nary{Op: '*', Pos: at(10), Args: []Expr{&Ident{Name: "w", Pos: at(9)}, &Ident{Name: "x", Pos: at(11)}}},
		}}},
	}}
	if err := prog.Check(); err != nil {
		t.Errorf("Check() = %v, want nil", err)
	}
	if got := prog.String(); got != "y = tanh(w * x)" {
		t.Errorf("String() = %q", got)
	}

	prog.Stmts = append(prog.Stmts,
		&Stmt{Target: "z", TargetPos: at(20), Expr: &Call{Func: "softmax", Pos: at(24)}},
		&Stmt{Target: "u", TargetPos: at(40), Expr: &Call{Func: "sqloss", Pos: at(44), Args: []Expr{&Num{Value: -2, Pos: at(51)}}}},
	)
	err := prog.Check()
	want := "1:24: unknown function softmax (known: " + knownFuncs() + ")\n" +
		"1:44: sqloss takes 2 arguments (yhat, y), got 1"
	if err == nil || err.Error() != want {
		t.Errorf("Check() =\n%v\nwant\n%s", err, want)
	}
	var e *Error
	if errors.As(err, &e); e == nil || e.Line != "" || e.Snippet() != "  \n  ^" {
		t.Errorf("error of a program without source: %#v", e)
	}
}

func TestCycleMessageCapped(t *testing.T) {
	// v0 = v1, v1 = v2, ..., v19 = v0: data flows v0 -> v19 -> v18 -> ... -> v1 -> v0.
	var src strings.Builder
	const n = 20
	for i := range n {
		fmt.Fprintf(&src, "v%d = v%d\n", i, (i+1)%n)
	}
	_, err := Parse(src.String())
	want := "1:1: cycle: v0 -> v19 -> v18 -> v17 -> v16 -> v15 -> v14 -> v13 -> v12 -> v11 -> … -> v0 " +
		"(v19 at 20:1, v18 at 19:1, v17 at 18:1, v16 at 17:1, v15 at 16:1, v14 at 15:1, v13 at 14:1, v12 at 13:1, v11 at 12:1, …)"
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}

// TestLongChain checks that a long chain of statements is no problem for
// the cycle search.
func TestLongChain(t *testing.T) {
	var src strings.Builder
	const n = 100000
	src.WriteString("v0 = x\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&src, "v%d = v%d + 1\n", i, i-1)
	}
	prog, err := Parse(src.String())
	if err != nil {
		t.Fatal(err)
	}
	if got := prog.Inputs(); !slices.Equal(got, []string{"x"}) {
		t.Errorf("Inputs() = %q", got)
	}
	_, err = Parse(src.String() + "x = v99999")
	if err == nil || !strings.HasPrefix(err.Error(), "1:1: cycle: v0 -> v1 -> v2 -> ") {
		t.Errorf("got %.100v, want a cycle", err)
	}
}

package kernel_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cgraph/cgraph/internal/cli"
	"github.com/cgraph/cgraph/kernel"
)

// record is an Output that keeps what a cell shows.
type record struct {
	streams  map[string]string
	displays []map[string]any
	results  []map[string]any
}

func (r *record) Stream(name, text string) {
	if r.streams == nil {
		r.streams = map[string]string{}
	}
	r.streams[name] += text
}
func (r *record) Display(d map[string]any) { r.displays = append(r.displays, d) }
func (r *record) Result(d map[string]any)  { r.results = append(r.results, d) }

func (r *record) has(mime string) int {
	n := 0
	for _, d := range r.displays {
		if _, ok := d[mime]; ok {
			n++
		}
	}
	return n
}

const exercise = "p1 = w1*x1; p2 = w2*x2; z = p1 + p2 + p0; yhat = sigmoid(z); L = (yhat - y)^2"

// run executes cells in one session and returns the last one's outputs.
func run(t *testing.T, s *kernel.Session, cells ...string) (*record, error) {
	t.Helper()
	var r *record
	var err error
	for _, c := range cells {
		r = &record{}
		if err = s.Execute(context.Background(), c, r); err != nil && c != cells[len(cells)-1] {
			t.Fatalf("cell %q: %v", c, err)
		}
	}
	return r, err
}

func newSession(t *testing.T) *kernel.Session {
	s := kernel.NewSession(cli.KernelConfig())
	t.Cleanup(func() { s.Close() })
	return s
}

func TestCells(t *testing.T) {
	tests := []struct {
		name  string
		cells []string
		want  []string // regexps on the text/plain of the result and the streams
		svgs  int
		err   string
	}{
		{name: "inputs as lines", cells: []string{exercise + "\nx1 = 1; x2 = 1\nw1 = 4/5\nw2 = -7/5\np0 = 3/5\ny = 1"},
			want: []string{`(?m)^x2\s+input\s+1\s+7/20$`}, svgs: 2},
		{name: "inputs in a later cell", cells: []string{exercise, "%inputs x1=1 x2=1 w1=4/5 w2=-7/5 p0=3/5 y=1"},
			want: []string{`(?m)^L\s+pow\s+yhat - y, 2\s+1/4\s+1$`}, svgs: 2},
		{name: "an input changed, the rest kept", cells: []string{exercise + "\n%inputs x1=1 x2=1 w1=4/5 w2=-7/5 p0=3/5 y=1", "x2 = 2"},
			want: []string{`(?m)^x2\s+input\s+2\s+0.356425$`, `(?m)^x1\s+input\s+1\s`}},
		{name: "structure without values", cells: []string{"c = a + b\ne = c * d\ng = e - f"},
			want: []string{`no values for a, b, d, f`}, svgs: 1},
		{name: "eval magic draws", cells: []string{exercise + "\n%inputs x1=1 x2=1 w1=4/5 w2=-7/5 p0=3/5 y=1", "%eval --hand --view backward"},
			want: []string{`(?m)^x2\s+input\s+1\s+7/20$`}, svgs: 1},
		{name: "eval magic with an override", cells: []string{exercise + "\n%inputs x1=1 x2=1 w1=4/5 w2=-7/5 p0=3/5 y=1", "%eval x2=2 --json"},
			want: []string{`"name": "x2"`, `"exact_value": "2"`}},
		{name: "step keeps the weights", cells: []string{exercise + "\n%inputs x1=1 x2=1 w1=4/5 w2=-7/5 p0=3/5 y=1", "%weights w1,w2,p0\n%step", "%program"},
			want: []string{`w1=33/40`, `w2=-11/8`, `p0=5/8`, `weights: w1,w2,p0`}},
		{name: "hessian", cells: []string{exercise + "\n%inputs x1=1 x2=1 w1=4/5 w2=-7/5 p0=3/5 y=1", "%hessian w1,w2"},
			want: []string{`(?m)^  w1  1/8  1/8$`}},
		{name: "train draws inline", cells: []string{"%train xor --epochs 50 --plot"}, want: []string{`xor: 4 samples`}},
		{name: "syntax error", cells: []string{"c = a + )"}, err: "program:1:9: expected expression, found ')'"},
		{name: "error on the cell's own line", cells: []string{"x = 1\n\ny = sigmoid(x, 2)"}, err: "program:3:5: "},
		{name: "unknown input", cells: []string{exercise, "%inputs q=1"}, err: "q is not a name in the program"},
		{name: "inputs before a program", cells: []string{"x = 1"}, err: "no program yet"},
		{name: "magic error", cells: []string{exercise, "%eval --view sideways"}, err: `--view: "sideways" is not forward, backward or both`},
		{name: "unknown magic", cells: []string{"%frobnicate"}, err: "%frobnicate is not a magic"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := run(t, newSession(t), tc.cells...)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			text := r.streams["stdout"] + r.streams["stderr"]
			for _, res := range r.results {
				text += res["text/plain"].(string)
			}
			for _, want := range tc.want {
				if !regexp.MustCompile(want).MatchString(text) {
					t.Errorf("no output matches %s:\n%s", want, text)
				}
			}
			if got := r.has("image/svg+xml"); got != tc.svgs && tc.svgs > 0 {
				t.Errorf("%d SVGs, want %d", got, tc.svgs)
			}
		})
	}
}

func TestErrorMarksTheCell(t *testing.T) {
	_, err := run(t, newSession(t), "x = 1\np = x * (y + \n")
	ce, ok := err.(*kernel.CellError)
	if !ok {
		t.Fatalf("error %T %v", err, err)
	}
	tb := strings.Join(ce.Traceback, "\n")
	if !strings.Contains(tb, "program:2:") || !strings.Contains(tb, "  p = x * (y + \n") || !strings.Contains(tb, "^") {
		t.Errorf("traceback:\n%s", tb)
	}
}

func TestInterruptStopsTraining(t *testing.T) {
	s := newSession(t)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(1500*time.Millisecond, cancel) // the bar shows after 300 ms
	start := time.Now()
	r := &record{}
	err := s.Execute(ctx, "%train xor --epochs 2000000", r)
	if ce, ok := err.(*kernel.CellError); !ok || ce.Name != "KeyboardInterrupt" {
		t.Fatalf("error %v, want the interrupt", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("stopped after %v", d)
	}
	// The progress bar went to the cell while it ran.
	if !strings.Contains(r.streams["stderr"], "\r") {
		t.Errorf("no progress bar in stderr: %q", r.streams["stderr"])
	}
}

func TestComplete(t *testing.T) {
	s := newSession(t)
	run(t, s, exercise+"\n%inputs x1=1 x2=1 w1=4/5 w2=-7/5 p0=3/5 y=1")
	for _, tc := range []struct {
		code string
		want []string
	}{
		{"q = sig", []string{"sigmoid"}},
		{"q = yh", []string{"yhat"}},
		{"%ev", []string{"%eval"}},
		{"%eval --ha", []string{"--hand"}},
		{"%train xor --epo", []string{"--epochs"}},
		{"%vanish chain --", []string{"--w", "--x"}},
		{"abc = 1\nq = ab", []string{"abc", "abs"}},
	} {
		got := s.Complete(tc.code, len([]rune(tc.code)))
		matches, _ := got["matches"].([]string)
		for _, w := range tc.want {
			found := false
			for _, m := range matches {
				found = found || m == w
			}
			if !found {
				t.Errorf("Complete(%q) = %v, want %s among them", tc.code, matches, w)
			}
		}
	}
}

func TestInspect(t *testing.T) {
	s := newSession(t)
	run(t, s, exercise+"\n%inputs x1=1 x2=1 w1=4/5 w2=-7/5 p0=3/5 y=1")
	for _, tc := range []struct {
		code   string
		cursor int
		want   []string
	}{
		{"p2", 1, []string{"p2 = mul(w2, x2)", "value        -7/5", "∂L/∂p2  -1/4", "∂p2/∂x2 = w2 = -7/5"}},
		{"x2", 2, []string{"value        1", "∂L/∂x2  7/20"}},
		{"yhat", 0, []string{"∂yhat/∂z = σ(z)(1 − σ(z)) = 1/4"}},
		{"q = sigmoid(z)", 6, []string{"sigmoid(x): logistic sigmoid"}},
		{"%train", 3, []string{"%train", "--epochs"}},
	} {
		got := s.Inspect(tc.code, tc.cursor)
		data, _ := got["data"].(map[string]any)
		text, _ := data["text/plain"].(string)
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("Inspect(%q, %d) lacks %q:\n%s", tc.code, tc.cursor, w, text)
			}
		}
	}
}

func TestIsComplete(t *testing.T) {
	for code, want := range map[string]string{
		"c = a + b":          "complete",
		"c = a +":            "incomplete",
		"c = sigmoid(a":      "incomplete",
		"%eval --hand":       "complete",
		"c = a\n# a comment": "complete",
	} {
		if got := kernel.IsComplete(code)["status"]; got != want {
			t.Errorf("IsComplete(%q) = %v, want %s", code, got, want)
		}
	}
}

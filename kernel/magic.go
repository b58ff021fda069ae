package kernel

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/cgraph/cgraph/internal/numfmt"
	"github.com/cgraph/cgraph/internal/program"
)

// magic is a magic that runs a verb of the command line.
type magic struct {
	verb []string // the verb and the flags it always gets
	doc  string
	// program: the session's program and inputs are added unless the
	// magic names a program, a --file or a --model of its own.
	program bool
	// draw: a diagram is drawn (--svg to a temporary file) unless the
	// magic asks for another output.
	draw bool
	// markdown: standard output is Markdown (or, with lang, code in it).
	markdown bool
	lang     string
	// first reads the magic's first argument: %hessian w1,w2, %step 3.
	first func(arg string) (args []string, ok bool)
	// dflt are the arguments when first does not read the first one.
	dflt []string
}

// magics are the magics that run the command line; %inputs, %weights,
// %program, %reset and %help are the session's own.
var magics = map[string]magic{
	"eval":       {verb: []string{"eval"}, program: true, doc: "cgraph eval on the program (flags as the CLI's: --hand --view backward draws; --json, --check, …)"},
	"draw":       {verb: []string{"eval"}, program: true, draw: true, doc: "the diagram (--view forward|backward|both, --hand, --layout, --expand)"},
	"explain":    {verb: []string{"eval", "--explain"}, program: true, doc: "the forward and backward steps as on paper"},
	"markdown":   {verb: []string{"eval", "--markdown"}, program: true, markdown: true, doc: "the steps as Markdown tables"},
	"grad_graph": {verb: []string{"eval", "--grad-graph"}, program: true, draw: true, doc: "the gradient graph: ∂L/∂x as nodes, table and diagram"},
	"hessian": {verb: []string{"eval"}, program: true, doc: "the Hessian of the output: %hessian [NAMES|all]",
		first: func(a string) ([]string, bool) {
			if strings.HasPrefix(a, "-") || strings.Contains(a, "=") {
				return nil, false
			}
			return []string{"--hessian", a}, true
		}, dflt: []string{"--hessian", "all"}},
	"check":    {verb: []string{"eval", "--check"}, program: true, doc: "every gradient against finite differences"},
	"optimize": {verb: []string{"eval", "--optimize"}, program: true, doc: "the optimized graph (folded, shared, fused)"},
	"step": {verb: []string{"eval"}, program: true, doc: "%step [N]: N steps of SGD on the %weights; the new weights stay in the session",
		first: func(a string) ([]string, bool) {
			if _, err := strconv.Atoi(a); err != nil {
				return nil, false
			}
			return []string{"--step=" + a}, true
		}, dflt: []string{"--step"}},
	"answers": {verb: []string{"eval"}, program: true, doc: "%answers FILE: check a worked solution's values and gradients"},
	"gen":     {verb: []string{"gen"}, program: true, markdown: true, lang: "go", doc: "the program as straight-line Go code"},
	"train":   {verb: []string{"train"}, doc: "cgraph train DATASET (--plot and --boundary without a file draw inline)"},
	"vanish":  {verb: []string{"vanish"}, doc: "cgraph vanish [chain|learn] (--plot without a file draws inline)"},
}

// ownMagics are the session's own magics, for %help and completion.
var ownMagics = map[string]string{
	"inputs":  "%inputs NAME=VALUE ...: values of the program's inputs (as NAME = VALUE lines)",
	"weights": "%weights w1,w2,p0 [--lr α]: inputs that are trainable weights (drawn as such; %step trains them)",
	"program": "show the session's program and its values",
	"reset":   "forget the program, its values and weights",
	"help":    "list the magics",
}

// fileFlags write a picture to a file; given without one, the picture goes
// to a temporary file and is shown in the notebook.
var fileFlags = map[string]string{"svg": ".svg", "png": ".png", "plot": ".png", "boundary": ".png"}

// drawnBy are eval's flags that ask for a diagram.
var drawnBy = []string{"hand", "view", "layout", "expand"}

// otherOutput are eval's flags that replace the table or write a picture.
var otherOutput = []string{"svg", "png", "dot", "json", "explain", "markdown", "answers"}

func (s *Session) magic(ctx context.Context, m magicLine, out Output) error {
	switch m.name {
	case "weights":
		return s.setWeights(m.args)
	case "reset":
		s.src, s.inputs, s.weights, s.lr, s.last = "", nil, nil, "1/10", nil
		return nil
	case "program":
		out.Stream("stdout", s.describe())
		return nil
	case "help", "lsmagic":
		out.Stream("stdout", helpText())
		return nil
	}
	spec, ok := magics[m.name]
	if !ok {
		return &CellError{Name: "MagicError", Value: fmt.Sprintf("%%%s is not a magic (%%help lists them)", m.name),
			Traceback: []string{red(fmt.Sprintf("cgraph: line %d: %%%s is not a magic (%%help lists them)", m.line, m.name))}}
	}
	tokens, err := splitArgs(m.args)
	if err != nil {
		return inputError(fmt.Errorf("%%%s: %v", m.name, err))
	}
	dir, err := s.tempDir()
	if err != nil {
		return &CellError{Name: "KernelError", Value: err.Error()}
	}
	inv, err := s.invocation(spec, tokens, dir)
	if err != nil {
		return err
	}
	stdout, err := s.runCLI(ctx, inv.args, out, !spec.markdown)
	if err != nil {
		return err
	}
	if spec.markdown && stdout != "" {
		md := stdout
		if spec.lang != "" {
			md = "```" + spec.lang + "\n" + stdout + "```\n"
		}
		out.Display(map[string]any{"text/markdown": md, "text/plain": stdout})
	}
	for _, f := range inv.files {
		displayFile(out, f)
	}
	if m.name == "step" {
		return s.keepSteps(ctx, inv)
	}
	return nil
}

// invocation is a magic as the command line it runs.
type invocation struct {
	args  []string
	files []string // the pictures it writes, to show afterwards
	// weights and lr are the --weights and --lr given (step keeps them).
	weights, lr string
}

// invocation turns a magic's arguments into the command line: pictures
// without a file get one in dir, and the session's program, inputs and
// weights are added where the magic names none of its own.
func (s *Session) invocation(spec magic, tokens []string, dir string) (*invocation, error) {
	inv := &invocation{}
	args := append([]string{}, spec.verb...)
	if spec.first != nil {
		extra, ok := []string(nil), false
		if len(tokens) > 0 {
			extra, ok = spec.first(tokens[0])
		}
		switch {
		case ok:
			args, tokens = append(args, extra...), tokens[1:]
		case tokensLack(tokens, spec.dflt[0]):
			args = append(args, spec.dflt...)
		}
	}
	flags := s.flagsOf(spec.verb[0], tokens)
	var positional []string
	given := map[string]string{}
	picture := func(flag string) string {
		s.n++
		p := filepath.Join(dir, fmt.Sprintf("%s-%d%s", flag, s.n, fileFlags[flag]))
		inv.files = append(inv.files, p)
		return p
	}
	for i := 0; i < len(tokens); i++ {
		t := tokens[i]
		if t == "--" {
			positional = append(positional, tokens[i+1:]...)
			break
		}
		if !isFlag(t) {
			positional = append(positional, t)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(t, "-"), "=")
		f, known := flags[name]
		if known {
			name = f.Name
		}
		args = append(args, t)
		switch {
		case hasValue:
		case fileFlags[name] != "" && (i+1 == len(tokens) || isFlag(tokens[i+1]) || !isPicture(tokens[i+1])):
			value = picture(name)
			args = append(args, value)
		case known && f.TakesValue && i+1 < len(tokens):
			i++
			value = tokens[i]
			args = append(args, value)
		case known && f.OptionalValue && i+1 < len(tokens) && isCount(tokens[i+1]):
			i++
			value = tokens[i]
			args = append(args, value)
		}
		given[name] = value
		if fileFlags[name] != "" && isPicture(value) && !contains(inv.files, value) {
			inv.files = append(inv.files, value)
		}
	}
	inv.weights, inv.lr = given["weights"], given["lr"]
	if spec.draw || spec.verb[0] == "eval" && anyGiven(given, drawnBy) {
		if !anyGiven(given, otherOutput) && !contains(spec.verb, "--explain") && !contains(spec.verb, "--markdown") {
			args = append(args, "--svg", picture("svg"))
		}
	}
	_, model := given["model"]
	_, file := given["file"]
	if !spec.program || model || file || !allAssignments(positional) {
		return inv, finish(inv, args, positional)
	}
	if s.src == "" {
		return nil, &CellError{Name: "InputError", Value: "no program yet: write its statements (name = expression) in a cell first"}
	}
	if _, ok := given["weights"]; !ok && len(s.weights) > 0 {
		args = append(args, "--weights", strings.Join(s.weights, ","))
		if _, ok := given["lr"]; !ok && spec.verb[0] == "eval" {
			args = append(args, "--lr", s.lr)
		}
	}
	overrides, err := program.ParseAssignments(positional)
	if err != nil {
		return nil, inputError(err)
	}
	values := s.inputs
	if len(overrides) > 0 {
		values = append([]program.Assignment{}, s.inputs...)
		for _, o := range overrides {
			values = setIn(values, o)
		}
	}
	args = append(args, s.src)
	for _, a := range values {
		args = append(args, a.Name+"="+a.Value)
	}
	inv.args = args
	return inv, nil
}

func finish(inv *invocation, args, positional []string) error {
	inv.args = append(args, positional...)
	return nil
}

func setIn(as []program.Assignment, a program.Assignment) []program.Assignment {
	for i := range as {
		if as[i].Name == a.Name {
			as[i] = a
			return as
		}
	}
	return append(as, a)
}

// flagsOf returns the flags of verb (or of its subcommand, tokens[0]).
func (s *Session) flagsOf(verb string, tokens []string) map[string]Flag {
	out := map[string]Flag{}
	if s.cfg.Flags == nil {
		return out
	}
	var fs []Flag
	if len(tokens) > 0 && !isFlag(tokens[0]) {
		fs = s.cfg.Flags(verb + " " + tokens[0])
	}
	if fs == nil {
		fs = s.cfg.Flags(verb)
	}
	for _, f := range fs {
		out[f.Name] = f
		if f.Shorthand != "" {
			out[f.Shorthand] = f
		}
	}
	return out
}

// runCLI runs the command line, streams its output and turns its failure
// into the cell's error; it returns what it printed on standard output
// when stream is false.
func (s *Session) runCLI(ctx context.Context, args []string, out Output, stream bool) (string, error) {
	var buf bytes.Buffer
	var stdout writer = &buf
	var live *liveWriter
	if stream {
		live = &liveWriter{out: out, name: "stdout"}
		stdout = live
	}
	stderr := &errWriter{out: out}
	code := s.cfg.Run(ctx, args, strings.NewReader(""), stdout, stderr)
	if live != nil {
		live.flush()
	}
	if ctx.Err() != nil {
		return "", errInterrupted
	}
	if code != 0 {
		msg := strings.TrimRight(stderr.held.String(), "\n")
		first, _, _ := strings.Cut(msg, "\n")
		ce := &CellError{Name: "cgraph", Value: strings.TrimPrefix(first, "cgraph: ")}
		for i, l := range strings.Split(msg, "\n") {
			if i == 0 {
				l = red(l)
			}
			ce.Traceback = append(ce.Traceback, l)
		}
		return "", ce
	}
	if stderr.held.Len() > 0 {
		out.Stream("stderr", stderr.held.String())
	}
	return buf.String(), nil
}

// keepSteps takes the weights after %step into the session: the same run
// again as JSON, read for each weight's new value (exact where it is).
func (s *Session) keepSteps(ctx context.Context, inv *invocation) error {
	if inv.weights != "" {
		s.weights = strings.Split(inv.weights, ",")
	}
	if inv.lr != "" {
		s.lr = inv.lr
	}
	var buf bytes.Buffer
	args := append([]string{inv.args[0], "--json"}, inv.args[1:]...)
	if code := s.cfg.Run(ctx, args, strings.NewReader(""), &buf, &bytes.Buffer{}); code != 0 {
		return nil // the run that was shown succeeded; nothing to keep
	}
	var res struct {
		Steps []struct {
			Updates []struct {
				Name     string  `json:"name"`
				New      float64 `json:"new"`
				ExactNew string  `json:"exact_new"`
			} `json:"updates"`
		} `json:"steps"`
	}
	if err := json.Unmarshal(buf.Bytes(), &res); err != nil || len(res.Steps) == 0 {
		return nil
	}
	for _, u := range res.Steps[len(res.Steps)-1].Updates {
		v := u.ExactNew
		if v == "" {
			v = strconv.FormatFloat(u.New, 'g', -1, 64)
		}
		s.set(program.Assignment{Name: u.Name, Value: v})
	}
	return nil
}

// setWeights reads %weights w1,w2,p0 [--lr α].
func (s *Session) setWeights(args string) error {
	tokens, err := splitArgs(args)
	if err != nil {
		return inputError(fmt.Errorf("%%weights: %v", err))
	}
	var names []string
	for i := 0; i < len(tokens); i++ {
		t := tokens[i]
		if v, ok := strings.CutPrefix(t, "--lr="); ok {
			t, tokens = "--lr", append(tokens[:i+1], append([]string{v}, tokens[i+1:]...)...)
		}
		if t == "--lr" {
			if i+1 == len(tokens) {
				return inputError(fmt.Errorf("%%weights: --lr needs a value"))
			}
			i++
			if _, err := numfmt.Parse(tokens[i]); err != nil {
				return inputError(fmt.Errorf("%%weights --lr: %v", err))
			}
			s.lr = tokens[i]
			continue
		}
		for _, n := range strings.Split(t, ",") {
			if n != "" {
				names = append(names, n)
			}
		}
	}
	old := s.weights
	s.weights = names
	if s.src != "" {
		if _, err := s.compile(s.src); err != nil {
			s.weights = old
			return programError(err)
		}
	}
	return nil
}

// describe writes the session's state for %program.
func (s *Session) describe() string {
	if s.src == "" {
		return "no program yet\n"
	}
	var b strings.Builder
	b.WriteString(strings.TrimSpace(s.src) + "\n")
	if len(s.inputs) > 0 {
		fmt.Fprintf(&b, "inputs: %s\n", strings.Join(s.assignments(), " "))
	}
	if len(s.weights) > 0 {
		fmt.Fprintf(&b, "weights: %s (α = %s)\n", strings.Join(s.weights, ","), s.lr)
	}
	return b.String()
}

func helpText() string {
	var b strings.Builder
	b.WriteString("A cell holds a program (name = expression, one a line or separated by ;),\n" +
		"its inputs (NAME = VALUE lines or %inputs NAME=VALUE ...) and magics.\n" +
		"Without magics a cell shows every value and gradient and the diagrams.\n\nMagics:\n")
	names := make([]string, 0, len(magics)+len(ownMagics))
	docs := map[string]string{}
	for n, m := range magics {
		names, docs[n] = append(names, n), m.doc
	}
	for n, d := range ownMagics {
		names, docs[n] = append(names, n), d
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "  %%%-11s %s\n", n, docs[n])
	}
	b.WriteString("\n%eval, %train, %vanish … take the flags of the command line; %NAME --help lists them.\n")
	return b.String()
}

// tempDir is the session's folder for pictures, made on first use.
func (s *Session) tempDir() (string, error) {
	if s.dir == "" {
		d, err := os.MkdirTemp("", "cgraph-kernel-")
		if err != nil {
			return "", err
		}
		s.dir = d
	}
	return s.dir, nil
}

// displayFile shows a picture the command line wrote.
func displayFile(out Output, path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		return // not written: the command said why, or had nothing to draw
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".svg":
		out.Display(map[string]any{"image/svg+xml": string(data), "text/plain": filepath.Base(path)})
	case ".png":
		out.Display(map[string]any{"image/png": base64.StdEncoding.EncodeToString(data), "text/plain": filepath.Base(path)})
	}
}

func isFlag(t string) bool {
	if len(t) < 2 || t[0] != '-' {
		return false
	}
	_, err := strconv.ParseFloat(t, 64)
	return err != nil // -1 is a number, not a flag
}

func isCount(t string) bool {
	_, err := strconv.Atoi(t)
	return err == nil
}

func isPicture(t string) bool {
	ext := strings.ToLower(filepath.Ext(t))
	return ext == ".svg" || ext == ".png"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func anyGiven(given map[string]string, names []string) bool {
	for _, n := range names {
		if _, ok := given[n]; ok {
			return true
		}
	}
	return false
}

// tokensLack reports whether no token is one of the flags.
func tokensLack(tokens []string, flags ...string) bool {
	for _, t := range tokens {
		name, _, _ := strings.Cut(strings.TrimLeft(t, "-"), "=")
		if isFlag(t) && contains(flags, name) {
			return false
		}
	}
	return true
}

// allAssignments reports whether every argument is NAME=VALUE.
func allAssignments(args []string) bool {
	for _, a := range args {
		name, _, ok := strings.Cut(a, "=")
		if !ok || strings.ContainsAny(name, " ;()+*/^") || name == "" {
			return false
		}
	}
	return true
}

// splitArgs splits a magic's arguments as a shell would: spaces separate,
// quotes group, a backslash escapes the next character.
func splitArgs(s string) ([]string, error) {
	var out []string
	var cur strings.Builder
	in, quote, escaped := false, rune(0), false
	for _, r := range s {
		switch {
		case escaped:
			cur.WriteRune(r)
			escaped, in = false, true
		case r == '\\' && quote != '\'':
			escaped = true
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, in = r, true
		case r == ' ' || r == '\t':
			if in {
				out, in = append(out, cur.String()), false
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed %c", quote)
	}
	if in {
		out = append(out, cur.String())
	}
	return out, nil
}

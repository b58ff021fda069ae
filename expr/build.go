package expr

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cgraph/cgraph"
)

// Built is the graph of a program.
type Built struct {
	Program *Program
	Graph   *cgraph.Graph
	// Output is the last statement's target, from which Backward runs.
	Output *cgraph.Node
	// Inputs are the names used but never assigned, in order of first use,
	// as *cgraph.Input nodes with value 0 until set.
	Inputs []*cgraph.Node
	// Targets are the statements' targets, in statement order.
	Targets []*cgraph.Node
	// From maps every node to the expression or statement it was made
	// from: an *Ident for an input, a *Stmt for a target, the sub-expression
	// for a generated node (in a def's body for the nodes of a call).
	From map[*cgraph.Node]any
	// Groups are the calls of the program's defs, each expanded into
	// ordinary gates, in the order they were made (a call inside a def's
	// body after the call that contains it).
	Groups []*Group

	innermost, outermost map[*cgraph.Node]*Group // see GroupOf and Inside
}

// Generated reports whether n is a node the program did not name: a
// sub-expression such as (yhat - y) or a constant.
func (b *Built) Generated(n *cgraph.Node) bool {
	_, isStmt := b.From[n].(*Stmt)
	_, isInput := b.From[n].(*Ident)
	return !isStmt && !isInput
}

// Options tune Parse and Build. A nil *Options means the defaults: every
// free name is an Input, and programs call only the built-in functions and
// their own defs.
type Options struct {
	// Weights are free names to make trainable Weights (with learning rate
	// Alpha) instead of Inputs, such as w1, w2 and p0 in the exercise.
	Weights []string
	Alpha   float64
	// Funcs are Go gates that programs may call like built-in functions,
	// by the name they are keyed by; the number of arguments is checked
	// against the gate's Arity (and InputChecker). A name must be a name
	// of the language and no built-in function. One gate value serves
	// every call, as one built-in gate value does.
	Funcs map[string]cgraph.Gate
}

// Compile parses src and builds its graph.
func Compile(src string) (*Built, error) { return CompileWith(src, nil) }

// CompileWith parses src and builds its graph with opts.
func CompileWith(src string, opts *Options) (*Built, error) {
	p, err := ParseWith(src, opts)
	if err != nil {
		return nil, err
	}
	return BuildWith(p, opts)
}

// maxGeneratedName is the longest sub-expression text used as a node's name;
// longer ones are called after their statement's target (L.1, L.2, …).
const maxGeneratedName = 24

// Build makes the graph of a checked program: every statement's target is
// a node of that name, every other sub-expression a node named after its
// text (yhat - y), every name never assigned an Input, and numbers
// Constants.
func Build(p *Program) (*Built, error) { return BuildWith(p, nil) }

// BuildWith is Build with options.
func BuildWith(p *Program, opts *Options) (*Built, error) {
	b := &builder{
		Built:    &Built{Program: p, Graph: cgraph.New(), From: map[*cgraph.Node]any{}},
		assigned: map[string]*Stmt{},
		used:     map[string]int{},
		weights:  map[string]bool{},
		scope:    newScope(p, opts),
		calls:    map[string]int{},
		active:   map[*Def]bool{},
	}
	if opts != nil {
		b.alpha = opts.Alpha
		for _, w := range opts.Weights {
			b.weights[w] = true
		}
	}
	for _, s := range p.Stmts {
		b.assigned[s.Target] = s
	}
	for _, s := range p.Stmts {
		if err := b.stmt(s); err != nil {
			return nil, err
		}
	}
	if _, err := b.Graph.Order(); err != nil {
		return nil, err // Check finds cycles with positions; this is a safety net
	}
	for _, w := range sortedKeys(b.weights) {
		if n := b.Graph.Lookup(w); n == nil || !n.IsWeight() {
			return nil, fmt.Errorf("weight %s is not a free name of the program (its inputs are %s)", w, inputNames(b.Inputs))
		}
	}
	b.Output = b.Targets[len(b.Targets)-1]
	b.indexGroups()
	return b.Built, nil
}

type builder struct {
	*Built
	assigned map[string]*Stmt
	used     map[string]int // generated names handed out, for unique suffixes
	stmtNo   int            // generated nodes in the current statement
	target   string
	weights  map[string]bool // free names that become Weights
	alpha    float64
	scope    *scope         // the functions calls may name
	frame    *frame         // the call of a def being expanded, nil in a statement
	calls    map[string]int // calls of each def so far, to number them
	active   map[*Def]bool  // defs being expanded: a guard against recursion
}

func (b *builder) stmt(s *Stmt) error {
	b.target, b.stmtNo = s.Target, 0
	n, err := b.node(s.Expr, s.Target)
	if err != nil {
		return err
	}
	b.From[n] = s
	b.Targets = append(b.Targets, n)
	return nil
}

// node returns the node of e, named name ("" for a generated name).
func (b *builder) node(e Expr, name string) (*cgraph.Node, error) {
	if id, ok := e.(*Ident); ok && name == "" {
		return b.ident(id), nil
	}
	if c, ok := e.(*Call); ok && b.scope.def(c) != nil {
		return b.expand(c, name)
	}
	gate, args, err := b.gateOf(e)
	if err != nil {
		return nil, err
	}
	ins := make([]*cgraph.Node, len(args))
	for i, a := range args {
		if ins[i], err = b.node(a, ""); err != nil {
			return nil, err
		}
	}
	if name == "" {
		name = b.generatedName(e)
	}
	n, err := b.Graph.Node(name, gate, ins...)
	if err != nil {
		return nil, &Error{Pos: e.Position(), Msg: err.Error(), Line: sourceLine(b.Program.Src, e.Position().Line)}
	}
	if b.From[n] == nil {
		b.From[n] = e
	}
	b.enter(n)
	return n, nil
}

// ident returns the node a name refers to: a statement's target (perhaps
// defined later, hence Ref) or an input, created at its first use.
func (b *builder) ident(id *Ident) *cgraph.Node {
	if n := b.param(id.Name); n != nil {
		return n
	}
	if _, ok := b.assigned[id.Name]; ok {
		return b.Graph.Ref(id.Name)
	}
	if n := b.Graph.Lookup(id.Name); n != nil {
		return n
	}
	var gate cgraph.Gate = &cgraph.Input{}
	if b.weights[id.Name] {
		gate = &cgraph.Weight{Alpha: b.alpha}
	}
	n := b.Graph.Apply(id.Name, gate)
	b.From[n] = id
	b.Inputs = append(b.Inputs, n)
	return n
}

// gateOf returns the gate of an expression and its operands.
func gateOf(e Expr) (cgraph.Gate, []Expr, error) {
	switch e := e.(type) {
	case *Num:
		return &cgraph.Constant{Value: e.Value}, nil, nil
	case *Ident: // a statement "a = b": a copy of b
		return cgraph.Add{}, []Expr{e}, nil
	case *Unary:
		if num, ok := e.X.(*Num); ok { // -2 is a constant, not a negation
			return &cgraph.Constant{Value: -num.Value}, nil, nil
		}
		return cgraph.Neg{}, []Expr{e.X}, nil
	case *Nary:
		return binaryGate(e.Op), e.Args, nil
	case *Binary:
		return binaryGate(e.Op), []Expr{e.X, e.Y}, nil
	case *Call:
		if f, ok := LookupFunc(e.Func); ok {
			return f.Gate, e.Args, nil
		}
		return nil, nil, &Error{Pos: e.Pos, Msg: fmt.Sprintf("unknown function %s", e.Func)}
	}
	return nil, nil, fmt.Errorf("expr: unknown expression %T", e)
}

func binaryGate(op rune) cgraph.Gate {
	switch op {
	case '+':
		return cgraph.Add{}
	case '*':
		return cgraph.Mul{}
	case '-':
		return cgraph.Sub{}
	case '/':
		return cgraph.Div{}
	}
	return cgraph.Pow{}
}

// generatedName names a sub-expression after its text if short, else after
// its statement's target; a repeated name gets a suffix #2, #3, …. In the
// body of a def, the name of the call comes first: softrelu#1:exp(x),
// softrelu#1:3; no name of a program can look like that.
func (b *builder) generatedName(e Expr) string {
	owner, no := b.target, &b.stmtNo
	if b.frame != nil {
		owner, no = b.frame.group.Name, &b.frame.no
	}
	*no++
	name := e.String()
	switch {
	case b.frame != nil && utf8.RuneCountInString(name) > maxGeneratedName:
		name = owner + ":" + strconv.Itoa(*no)
	case b.frame != nil:
		name = owner + ":" + name
	case utf8.RuneCountInString(name) > maxGeneratedName:
		name = owner + "." + strconv.Itoa(*no)
	}
	b.used[name]++
	if k := b.used[name]; k > 1 || b.assigned[name] != nil {
		name += "#" + strconv.Itoa(k)
	}
	return name
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func inputNames(nodes []*cgraph.Node) string {
	names := make([]string, len(nodes))
	for i, n := range nodes {
		names[i] = n.Name()
	}
	return strings.Join(names, " ")
}

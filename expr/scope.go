package expr

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/cgraph/cgraph"
)

// MaxExpansion is the most nodes that the calls of a program's defs may
// make in all. A def that calls another twice doubles its size, so ten
// lines can describe a graph of a billion nodes; such a program is an
// error at the call that goes over the limit, before anything is built.
const MaxExpansion = 100_000

// scope is what the calls of a program can name: the built-in functions,
// the Go gates of Options.Funcs and the program's defs.
type scope struct {
	gates map[string]cgraph.Gate
	defs  map[string]*Def // the first definition of each name that is no built-in or Go gate
	index map[*Def]int    // position in Program.Defs
	sizes map[*Def]int    // nodes a call makes, see size
	free  map[*Def][]string
	body  map[*Def][]*Call // the calls of defs in each body, see calls
	// full reports whether Check has all the errors it reports, so that
	// no more need be worked out.
	full func() bool
}

func newScope(p *Program, opts *Options) *scope {
	s := &scope{
		defs: map[string]*Def{}, index: map[*Def]int{}, sizes: map[*Def]int{},
		free: map[*Def][]string{}, body: map[*Def][]*Call{}, full: func() bool { return false },
	}
	if opts != nil {
		s.gates = opts.Funcs
	}
	for i, d := range p.Defs {
		s.index[d] = i
		if _, dup := s.defs[d.Name]; !dup && !s.fixed(d.Name) {
			s.defs[d.Name] = d
		}
	}
	return s
}

// fixed reports whether name is a built-in function or a Go gate, which a
// def cannot redefine.
func (s *scope) fixed(name string) bool {
	_, ok := s.gates[name]
	return ok || isFunc(name)
}

// def returns the def that c calls, or nil.
func (s *scope) def(c *Call) *Def {
	if s.fixed(c.Func) {
		return nil
	}
	return s.defs[c.Func]
}

// isFunc reports whether name is any function the program can call.
func (s *scope) isFunc(name string) bool {
	_, ok := s.defs[name]
	return ok || s.fixed(name)
}

// checkFuncs checks Options.Funcs: each name must be a name of the
// language and no built-in function, each gate must be able to take inputs.
func (o *Options) checkFuncs() error {
	if o == nil {
		return nil
	}
	for _, name := range sortedKeys(o.Funcs) {
		g := o.Funcs[name]
		if t := newLexer(name).nextToken(); t.kind != tokName || t.text != name {
			return fmt.Errorf("expr: Options.Funcs: %q is not a name of the language", name)
		}
		if isFunc(name) {
			return fmt.Errorf("expr: Options.Funcs: %s is a built-in function", name)
		}
		if g == nil {
			return fmt.Errorf("expr: Options.Funcs: %s has a nil gate", name)
		}
		if _, ok := g.(cgraph.Settable); ok {
			return fmt.Errorf("expr: Options.Funcs: %s is a %s, a leaf whose value is set from outside: it cannot be a function", name, g.Kind())
		}
	}
	return nil
}

// callName is the name of the function as the call wrote it (σ).
func callName(c *Call) string {
	if c.written != "" {
		return c.written
	}
	return c.Func
}

// checkCall checks a call made in the body of def in (nil: in a
// statement): that the function exists, comes before the call, does not
// recurse, and takes that many arguments. It returns an error message or
// "".
func (s *scope) checkCall(c *Call, in *Def) string {
	name, n := callName(c), len(c.Args)
	if f, ok := LookupFunc(c.Func); ok {
		if !f.accepts(n) {
			return fmt.Sprintf("%s takes %s, got %d", name, f.arity(), n)
		}
		return ""
	}
	if g, ok := s.gates[c.Func]; ok {
		return gateArityMsg(name, g, n)
	}
	d, ok := s.defs[c.Func]
	if !ok {
		return s.unknown(name)
	}
	switch {
	case in == nil && c.Pos.before(d.Pos):
		return fmt.Sprintf("%s is defined below its use (at %s): a def must come before the statements that call it", name, d.Pos)
	case in == d:
		return fmt.Sprintf("recursion: %s calls itself (a def may call only the defs above it)", name)
	case in != nil && s.index[d] > s.index[in]:
		if path := s.callPath(d, in); path != nil {
			return fmt.Sprintf("recursion: %s -> %s (a def may call only the defs above it)", in.Name, strings.Join(path, " -> "))
		}
		return fmt.Sprintf("%s is defined below %s (at %s): a def may call only the defs above it", name, in.Name, d.Pos)
	case n != len(d.Params):
		return fmt.Sprintf("%s takes %s, got %d", name, countArgs(len(d.Params), d.paramList()), n)
	}
	return ""
}

// countArgs says how many arguments a function takes: "1 argument (x)".
func countArgs(n int, params string) string {
	s := fmt.Sprintf("%d arguments", n)
	if n == 1 {
		s = "1 argument"
	}
	if params != "" {
		s += " (" + params + ")"
	}
	return s
}

// gateArityMsg checks a call of a Go gate with n arguments against the
// gate's Arity and InputChecker.
func gateArityMsg(name string, g cgraph.Gate, n int) string {
	if a, ok := g.(cgraph.Arity); ok {
		lo, hi := a.Arity()
		if n < lo || hi >= 0 && n > hi {
			var want string
			switch {
			case hi < 0:
				want = "at least " + countArgs(lo, "")
			case lo == hi:
				want = countArgs(lo, "")
			default:
				want = fmt.Sprintf("%d to %d arguments", lo, hi)
			}
			return fmt.Sprintf("%s takes %s, got %d", name, want, n)
		}
	}
	if c, ok := g.(cgraph.InputChecker); ok {
		if err := c.CheckInputs(n); err != nil {
			return fmt.Sprintf("%s cannot take %d arguments: %v", name, n, err)
		}
	}
	return ""
}

// unknown says that no function is called name, and which ones are.
func (s *scope) unknown(name string) string {
	var known []string
	for _, f := range funcs {
		known = append(known, f.Name)
	}
	known = append(known, sortedKeys(s.gates)...)
	for _, d := range s.defs {
		known = append(known, d.Name)
	}
	slices.SortStableFunc(known[len(funcs)+len(s.gates):], func(a, b string) int {
		return s.index[s.defs[a]] - s.index[s.defs[b]]
	})
	for _, k := range known {
		if strings.EqualFold(k, name) {
			return fmt.Sprintf("unknown function %s (did you mean %s?)", name, k)
		}
	}
	return fmt.Sprintf("unknown function %s (known: %s)", name, strings.Join(known, ", "))
}

// calls returns the calls of defs in e, in source order.
func (s *scope) calls(e Expr) []*Call {
	var out []*Call
	Inspect(e, func(e Expr) bool {
		if c, ok := e.(*Call); ok && s.def(c) != nil {
			out = append(out, c)
		}
		return true
	})
	return out
}

// callPath returns the names of a chain of calls from def from to def to,
// "g -> f", or nil if from never reaches to.
func (s *scope) callPath(from, to *Def) []string {
	prev := map[*Def]*Def{from: nil}
	queue := []*Def{from}
	for len(queue) > 0 {
		d := queue[0]
		queue = queue[1:]
		if d == to {
			var path []string
			for ; d != nil; d = prev[d] {
				path = append(path, d.Name)
			}
			slices.Reverse(path)
			return path
		}
		calls, ok := s.body[d]
		if !ok {
			calls = s.calls(d.Body)
			s.body[d] = calls
		}
		for _, c := range calls {
			next := s.defs[c.Func]
			if _, seen := prev[next]; !seen {
				prev[next] = d
				queue = append(queue, next)
			}
		}
	}
	return nil
}

// size returns how many nodes a call of d makes, at most MaxExpansion+1.
// A def that recurses (an error reported elsewhere) counts its inner call
// as nothing.
func (s *scope) size(d *Def) int {
	if n, ok := s.sizes[d]; ok {
		return n
	}
	s.sizes[d] = 0 // while it is being counted
	n := 1         // the result, a copy if the body is a name
	Inspect(d.Body, func(e Expr) bool {
		switch e := e.(type) {
		case *Ident:
		case *Call:
			if callee := s.def(e); callee != nil {
				n += s.size(callee)
			} else {
				n++
			}
		default:
			n++
		}
		return true
	})
	n = min(n, MaxExpansion+1)
	s.sizes[d] = n
	return n
}

// checkSize reports the call at which the program's defs expand beyond
// MaxExpansion nodes.
func (s *scope) checkSize(p *Program) *Error {
	total := 0
	for _, st := range p.Stmts {
		for _, c := range s.calls(st.Expr) {
			total += s.size(s.defs[c.Func])
			if total > MaxExpansion {
				return newError(p.Src, c.Pos, utf8.RuneCountInString(callName(c)),
					fmt.Sprintf("the calls of defs expand to more than %d nodes", MaxExpansion))
			}
		}
	}
	return nil
}

// freeNames returns the program-level names that a call of d reads: the
// names in its body that are not parameters, and those of the defs it
// calls, each once, in the order the builder first meets them.
func (s *scope) freeNames(d *Def) []string {
	if names, ok := s.free[d]; ok {
		return names
	}
	s.free[d] = nil // while it is being worked out: recursion is an error anyway
	params := map[string]bool{}
	for _, p := range d.Params {
		params[p.Name] = true
	}
	var names []string
	seen := map[string]bool{}
	s.walkNames(d.Body, func(name string) {
		if !params[name] && !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	})
	s.free[d] = names
	return names
}

// walkNames calls visit for each name e reads, in the order the builder
// meets them: the names of a call's arguments, then the free names of the
// def it calls.
func (s *scope) walkNames(e Expr, visit func(string)) {
	switch e := e.(type) {
	case *Ident:
		visit(e.Name)
	case *Unary:
		s.walkNames(e.X, visit)
	case *Binary:
		s.walkNames(e.X, visit)
		s.walkNames(e.Y, visit)
	case *Nary:
		for _, a := range e.Args {
			s.walkNames(a, visit)
		}
	case *Call:
		for _, a := range e.Args {
			s.walkNames(a, visit)
		}
		if d := s.def(e); d != nil {
			for _, name := range s.freeNames(d) {
				visit(name)
			}
		}
	}
}

package expr

import (
	"fmt"
	"strconv"

	"github.com/cgraph/cgraph"
)

// Group is one call of a def, expanded into ordinary gates when the graph
// is built. The derivative of a call is that of the gates it is made of,
// so every engine (the tape, the exact view, gen, the optimizer) runs it
// as it runs any graph; a Group only remembers which nodes belong
// together, so that views can draw the call as one gate (see viz.Group).
type Group struct {
	// Name is the def's name and the number of the call, from 1 in the
	// order of building: "softrelu#2". The names of the call's generated
	// nodes start with it and a colon ("softrelu#2:exp(x)").
	Name string
	Def  *Def
	Call *Call
	// Result is the node of the call's value: named as the statement's
	// target for a statement that is a call (h = softrelu(z)), else
	// generated from the call's text ("softrelu(z)").
	Result *cgraph.Node
	// Args are the nodes of the arguments, one per parameter.
	Args []*cgraph.Node
	// Nodes are the nodes the call made, Result included, in creation
	// order; they include those of calls in the body. Inputs that the body
	// names are not the call's.
	Nodes []*cgraph.Node
	// Parent is the call whose body made this call, or nil.
	Parent *Group
}

// GroupOf returns the innermost call whose nodes include n, or nil for a
// node outside every call.
func (b *Built) GroupOf(n *cgraph.Node) *Group { return b.innermost[n] }

// Inside returns the outermost call that n is inside of, that is whose
// nodes include n but whose result is not n; nil if n is outside every
// call or is the result of an outermost one. A view that draws each call
// as one gate leaves out the nodes inside a call.
func (b *Built) Inside(n *cgraph.Node) *Group { return b.outermost[n] }

// frame is a call being expanded: its group, and the nodes its parameters
// stand for.
type frame struct {
	group *Group
	env   map[string]*cgraph.Node
	no    int // generated names handed out in the call
}

// param returns the node that the parameter called name stands for in the
// call being expanded, or nil.
func (b *builder) param(name string) *cgraph.Node {
	if b.frame == nil {
		return nil
	}
	return b.frame.env[name]
}

// enter records n, just made, as a node of the calls being expanded.
func (b *builder) enter(n *cgraph.Node) {
	if b.frame == nil {
		return
	}
	for g := b.frame.group; g != nil; g = g.Parent {
		g.Nodes = append(g.Nodes, n)
	}
}

// gateOf returns the gate of an expression and its operands: a Go gate of
// Options.Funcs for a call of one, else that of the package's gateOf.
func (b *builder) gateOf(e Expr) (cgraph.Gate, []Expr, error) {
	if c, ok := e.(*Call); ok {
		if g, ok := b.scope.gates[c.Func]; ok {
			if msg := gateArityMsg(callName(c), g, len(c.Args)); msg != "" {
				return nil, nil, b.errorAt(c.Pos, msg)
			}
			return g, c.Args, nil
		}
	}
	return gateOf(e)
}

// expand builds a call of a def: the arguments' nodes, then the body with
// each parameter standing for its argument's node. The body's value is
// the node named name ("" for a generated name).
func (b *builder) expand(c *Call, name string) (*cgraph.Node, error) {
	d := b.scope.def(c)
	if b.active[d] { // Check reports recursion; a program built in code may skip it
		return nil, b.errorAt(c.Pos, "recursion: "+d.Name+" calls itself")
	}
	if len(c.Args) != len(d.Params) {
		return nil, b.errorAt(c.Pos, fmt.Sprintf("%s takes %s, got %d", d.Name, countArgs(len(d.Params), d.paramList()), len(c.Args)))
	}
	args := make([]*cgraph.Node, len(c.Args))
	for i, a := range c.Args {
		var err error
		if args[i], err = b.node(a, ""); err != nil {
			return nil, err
		}
	}
	if name == "" {
		name = b.generatedName(c)
	}
	b.calls[d.Name]++
	g := &Group{Name: d.Name + "#" + strconv.Itoa(b.calls[d.Name]), Def: d, Call: c, Args: args}
	env := make(map[string]*cgraph.Node, len(args))
	for i, p := range d.Params {
		env[p.Name] = args[i]
	}
	outer := b.frame
	if outer != nil {
		g.Parent = outer.group
	}
	b.Groups = append(b.Groups, g)
	b.frame = &frame{group: g, env: env}
	b.active[d] = true
	n, err := b.node(d.Body, name)
	b.active[d] = false
	b.frame = outer
	if err != nil {
		return nil, err
	}
	g.Result = n
	return n, nil
}

func (b *builder) errorAt(pos Pos, msg string) *Error {
	return &Error{Pos: pos, Len: 1, Msg: msg, Line: sourceLine(b.Program.Src, pos.Line)}
}

// indexGroups works out GroupOf and Inside. Groups lists a call before
// the calls in its body, so the last group to claim a node is the
// innermost and the first the outermost.
func (b *builder) indexGroups() {
	b.innermost = map[*cgraph.Node]*Group{}
	b.outermost = map[*cgraph.Node]*Group{}
	for _, g := range b.Groups {
		for _, n := range g.Nodes {
			b.innermost[n] = g
			if _, ok := b.outermost[n]; !ok && n != g.Result {
				b.outermost[n] = g
			}
		}
	}
}

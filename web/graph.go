package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/expr"
	"github.com/cgraph/cgraph/internal/program"
	"github.com/cgraph/cgraph/viz"
	"github.com/cgraph/cgraph/viz/render"
)

// numText is an input's value as the user wrote it: a JSON string such as
// "4/5" or "-0.25", or a JSON number.
type numText string

func (t *numText) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*t = numText(s)
		return nil
	}
	var f json.Number
	if err := json.Unmarshal(b, &f); err != nil {
		return errors.New("an input's value must be a number or a string such as \"4/5\"")
	}
	*t = numText(f.String())
	return nil
}

// parseRequest is the body of POST /api/parse.
type parseRequest struct {
	Program string `json:"program"`
}

// parseResponse lists a program's inputs and output.
type parseResponse struct {
	Output  string   `json:"output"`
	Inputs  []string `json:"inputs"`
	Targets []string `json:"targets"`
	Nodes   int      `json:"nodes"`
}

// syntaxError is one positioned error of a program, as the page marks it.
type syntaxError struct {
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Len     int    `json:"len"`
	Msg     string `json:"msg"`
	Snippet string `json:"snippet"`
}

func (s *Server) parse(_ context.Context, r *http.Request) (any, error) {
	var req parseRequest
	if err := decode(r, &req); err != nil {
		return nil, err
	}
	b, err := s.compile(req.Program)
	if err != nil {
		return nil, err
	}
	return parseResponse{
		Output: b.Output.Name(), Inputs: program.Names(b.Inputs),
		Targets: program.Names(b.Targets), Nodes: b.Graph.Len(),
	}, nil
}

// compile compiles a program within the limits; its errors are 400s, with
// the positions of syntax errors.
func (s *Server) compile(src string) (*expr.Built, error) {
	if len(src) > s.limits.MaxProgram {
		return nil, badRequest("program is %d bytes, more than the limit of %d", len(src), s.limits.MaxProgram)
	}
	b, err := expr.Compile(src)
	if err != nil {
		list := program.SyntaxErrors(err)
		if list == nil {
			return nil, badRequest("%v", err)
		}
		errs := make([]syntaxError, len(list))
		for i, e := range list {
			errs[i] = syntaxError{Line: e.Pos.Line, Col: e.Pos.Col, Len: e.Len, Msg: e.Msg, Snippet: e.Snippet()}
		}
		he := badRequest("%d:%d: %s", list[0].Pos.Line, list[0].Pos.Col, list[0].Msg)
		if len(list) > 1 {
			he.Msg += fmt.Sprintf(" (and %d more)", len(list)-1)
		}
		he.Extra = map[string]any{"errors": errs}
		return nil, he
	}
	if n := b.Graph.Len(); n > s.limits.MaxNodes {
		return nil, badRequest("the program's graph has %d nodes, more than the limit of %d", n, s.limits.MaxNodes)
	}
	return b, nil
}

// lightNodes is the size of a program that evaluates in a few
// milliseconds and does not queue for a core; graphNodeBytes what a node
// may take while it is evaluated, its exact value and gradient and its
// steps' text included (generous: exact numbers that grow too long are
// dropped by program.Evaluate).
const (
	lightNodes     = 60
	graphNodeBytes = 64 << 10
)

// graphRequest is the body of POST /api/graph.
type graphRequest struct {
	Program string             `json:"program"`
	Inputs  map[string]numText `json:"inputs"`
	// NoDiagram leaves out the SVG diagrams (for scripts).
	NoDiagram bool `json:"no_diagram"`
	// Open and Shut name groups (calls of defs, by their ID "softrelu#2")
	// that the diagrams draw node by node or as one node, whatever their
	// size says (see viz.FoldLarge): the page's clicks.
	Open []string `json:"open"`
	Shut []string `json:"shut"`
	// Panel is the size of the page's diagram panel, for which a small
	// graph's diagrams are drawn left to right or top to bottom,
	// whichever fits it at a readable size (see diagrams).
	Panel *panelSize `json:"panel"`
	// EdgeLabels asks for the backward diagram with its edge labels
	// even where only the compact one fits the panel (the page's "edge
	// labels" box).
	EdgeLabels bool `json:"edge_labels"`
}

// graphResponse is an evaluated program with its steps and diagrams.
type graphResponse struct {
	Output   string             `json:"output"`
	Inputs   []inputValue       `json:"inputs"`
	Nodes    []graphNode        `json:"nodes"`
	Forward  []viz.ForwardStep  `json:"forward"`
	Backward []viz.BackwardStep `json:"backward"`
	SVG      *diagrams          `json:"svg,omitempty"`
	// DiagramNote says why a diagram shows names only or is missing
	// (an empty SVG): its layout was predicted to take too long.
	DiagramNote string `json:"diagram_note,omitempty"`
	// Groups say how the diagrams drew the calls of the program's defs:
	// open (a cluster) or as one node, which a click opens.
	Groups []viz.GroupView `json:"groups,omitempty"`
	// Compact says the backward diagram is drawn for a narrow panel,
	// without its edge labels (see viz.Options.Compact): the steps' text
	// has each edge's calculation.
	Compact bool `json:"compact,omitempty"`
	// Exact is false when the exact fractions would grow too large to
	// compute (a chain of squarings, say): numbers are then decimals from
	// the float64 run, and the diagrams show names only.
	Exact bool `json:"exact"`
	// Missing lists the inputs sent without a value. Nothing is run then:
	// the answer has the nodes without numbers, no steps, and diagrams of
	// the structure (formulas, no numbers), as `cgraph eval --png` draws
	// a program without values.
	Missing []string `json:"missing,omitempty"`
}

type inputValue struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	Text  string  `json:"text"` // as the page shows it: 4/5
}

// graphNode is a node with its numbers as text and as float64.
type graphNode struct {
	viz.StepNode
	ValueNum  float64 `json:"value_num"`
	GradNum   float64 `json:"grad_num"`
	Generated bool    `json:"generated"`
}

type diagrams struct {
	Forward  string `json:"forward"`
	Backward string `json:"backward"`
}

func (s *Server) graph(ctx context.Context, r *http.Request) (any, error) {
	var req graphRequest
	if err := decode(r, &req); err != nil {
		return nil, err
	}
	b, err := s.compile(req.Program)
	if err != nil {
		return nil, err
	}
	if n := len(req.Open) + len(req.Shut); n > s.limits.MaxNodes {
		return nil, badRequest("%d groups to open or close, more than the limit of %d", n, s.limits.MaxNodes)
	}
	// Evaluating a large program exactly takes a core for a while (the
	// 130-statement chain of issue 17: 0.2–0.4 s), so it queues like
	// training; small ones, such as the presets, do not.
	release := func() {}
	if n := b.Graph.Len(); n > lightNodes {
		if release, err = s.admit(ctx, "this program", int64(n)*graphNodeBytes); err != nil {
			return nil, err
		}
	}
	defer func() { release() }()
	assigns := make([]program.Assignment, 0, len(req.Inputs))
	for name, v := range req.Inputs {
		assigns = append(assigns, program.Assignment{Name: name, Value: string(v)})
	}
	run, err := program.Evaluate(b, assigns)
	var in *program.InputError
	if errors.As(err, &in) && in.Missing != nil {
		release()
		release = func() {}
		return s.structure(ctx, b, in.Missing, &req)
	}
	if err != nil {
		he := badRequest("%v", err)
		he.Extra = map[string]any{"inputs": program.Names(b.Inputs)}
		return nil, he
	}
	exact := run.Exact != nil
	steps, err := viz.MakeSteps(b.Graph, b.Output, exact)
	if err != nil {
		return nil, badRequest("%v", err)
	}
	resp := &graphResponse{
		Output: b.Output.Name(), Inputs: []inputValue{}, Exact: exact,
		Forward: steps.Forward, Backward: steps.Backward,
	}
	for _, in := range b.Inputs {
		resp.Inputs = append(resp.Inputs, inputValue{Name: in.Name(), Value: in.Value(), Text: inputText(run, in)})
	}
	for _, sn := range steps.Nodes {
		n := b.Graph.Nodes()[sn.ID]
		resp.Nodes = append(resp.Nodes, graphNode{StepNode: sn, ValueNum: n.Value(), GradNum: n.Grad(), Generated: b.Generated(n)})
	}
	release() // a diagram waits for Graphviz, not for a core
	release = func() {}
	if !req.NoDiagram {
		fold := foldOptions(b, &req)
		if resp.SVG, resp.DiagramNote, resp.Groups, resp.Compact, err = s.diagrams(ctx, b.Graph, b.Output, exact, fold, &req); err != nil {
			return nil, err
		}
	}
	return resp, nil
}

// structure answers for a program whose inputs in missing have no value:
// its nodes with their formulas and its diagrams without numbers.
func (s *Server) structure(ctx context.Context, b *expr.Built, missing []string, req *graphRequest) (any, error) {
	resp := &graphResponse{
		Output: b.Output.Name(), Inputs: []inputValue{}, Nodes: []graphNode{}, Missing: missing,
		Forward: []viz.ForwardStep{}, Backward: []viz.BackwardStep{},
	}
	for _, in := range b.Inputs {
		resp.Inputs = append(resp.Inputs, inputValue{Name: in.Name()})
	}
	order, err := b.Graph.Order()
	if err != nil {
		return nil, badRequest("%v", err)
	}
	for _, n := range order {
		sn := viz.StepNode{ID: n.ID(), Name: n.Name(), Kind: n.Kind(), Class: "op", Inputs: []int{}}
		names := make([]string, len(n.Inputs()))
		for i, x := range n.Inputs() {
			sn.Inputs = append(sn.Inputs, x.ID())
			names[i] = cgraph.Operand(x.Name())
		}
		switch {
		case n.IsConst():
			sn.Class, sn.Literal = "const", b.Generated(n)
		case len(n.Inputs()) == 0:
			sn.Class = "input"
		default:
			sn.Formula = cgraph.Formula(n.Gate(), names)
		}
		if n == b.Output {
			sn.Class = "loss"
		}
		resp.Nodes = append(resp.Nodes, graphNode{StepNode: sn, Generated: b.Generated(n)})
	}
	if req.NoDiagram {
		return resp, nil
	}
	var err2 error
	resp.SVG, resp.DiagramNote, resp.Groups, err2 = s.turnToFit(b.Graph, b.Output, foldOptions(b, req), req.Panel,
		func(fold viz.Options) (*diagrams, string, []viz.GroupView, error) {
			return s.drawStructure(ctx, b, fold)
		})
	if err2 != nil {
		return nil, err2
	}
	return resp, nil
}

// drawStructure renders the views of a program without values.
func (s *Server) drawStructure(ctx context.Context, b *expr.Built, fold viz.Options) (d *diagrams, note string, groups []viz.GroupView, err error) {
	d = &diagrams{}
	for _, v := range []struct {
		view viz.View
		dst  *string
	}{{viz.ForwardView, &d.Forward}, {viz.BackwardView, &d.Backward}} {
		opt := fold
		opt.View, opt.Output, opt.Structure = v.view, b.Output, true
		dot, gv, err := viz.Diagram(b.Graph, &opt)
		if err != nil {
			return nil, "", nil, badRequest("%v", err)
		}
		groups = gv
		if cost, ok := s.layoutFits(dot); !ok {
			note = fmt.Sprintf("No %s diagram: laying it out would take about %v (limit %v).",
				v.view, approx(cost.Predicted), s.limits.MaxLayout)
			continue
		}
		svg, err := s.svg.render(ctx, dot)
		if errors.Is(err, render.ErrChildMemory) {
			note = "No diagram: Graphviz needed more memory than the server allows."
			continue
		}
		if err != nil {
			return nil, "", nil, err
		}
		*v.dst = string(svg)
	}
	return d, note, groups, nil
}

// inputText formats an input's value as the page shows it in its field:
// the fraction the user typed (4/5) where it is exact, else the float.
func inputText(r *program.Run, n *cgraph.Node) string {
	if r.Exact != nil {
		if x := r.Exact.Value(n); x != nil && x.Denom().BitLen() <= 20 {
			return x.RatString()
		}
	}
	return strconv.FormatFloat(n.Value(), 'g', -1, 64)
}

// foldOptions are the diagrams' options for the calls of b's defs (or,
// without defs, its runs of repeated statements, see
// program.DiagramGroups): each in a labelled cluster, where the player
// steps through every node, unless the graph has more than
// viz.MaxReadable nodes; then each is one node, which the page opens on a
// click (req.Open), as it closes a cluster (req.Shut).
func foldOptions(b *expr.Built, req *graphRequest) viz.Options {
	return viz.Options{Groups: program.DiagramGroups(b), Fold: viz.FoldLarge, Open: req.Open, Shut: req.Shut, LabelNodes: true}
}

// diagrams renders the forward and backward views with the hand
// calculation (see drawViews), the groups drawn as fold says, in the
// direction that fits the request's panel best (see turnToFit). Where
// the panel is too narrow for either direction (a phone), the backward
// view is drawn compact, without its edge labels (see
// viz.Options.Compact), unless the request asks for them: compact says
// so. A panel only too low (800×600) keeps them: it scrolls downwards.
func (s *Server) diagrams(ctx context.Context, g *cgraph.Graph, out *cgraph.Node, exact bool, fold viz.Options, req *graphRequest) (d *diagrams, note string, groups []viz.GroupView, compact bool, err error) {
	draw := func(fold viz.Options) (*diagrams, string, []viz.GroupView, error) {
		return s.drawViews(ctx, g, out, exact, fold)
	}
	panel := req.Panel
	d, note, groups, err = s.turnToFit(g, out, fold, panel, draw)
	if err != nil || note != "" || req.EdgeLabels || !exact || !panel.valid() || g.Len() > viz.MaxReadable {
		return d, note, groups, false, err
	}
	narrow := *panel
	narrow.H = math.Inf(1) // the width alone
	now := narrow.fit(d)
	if now >= 1 {
		return d, note, groups, false, nil
	}
	fold.Compact = true
	d2, note2, groups2, err := s.turnToFit(g, out, fold, panel, draw)
	if err != nil || note2 != "" || narrow.fit(d2) <= now {
		return d, note, groups, false, nil
	}
	return d2, note2, groups2, true, nil
}

// turnToFit draws the views with draw and, where they are too wide (or
// tall) for the page's panel at a readable size, in the other direction
// too, and keeps the one that fits better: the exercise's backward
// diagram with its edge labels fits 1400×900 top to bottom. Both views
// take the same direction, so that the picture does not turn between the
// passes. Only small graphs are drawn twice.
func (s *Server) turnToFit(g *cgraph.Graph, out *cgraph.Node, fold viz.Options, panel *panelSize,
	draw func(viz.Options) (*diagrams, string, []viz.GroupView, error)) (*diagrams, string, []viz.GroupView, error) {
	d, note, groups, err := draw(fold)
	if err != nil || note != "" || !panel.valid() || g.Len() > viz.MaxReadable {
		return d, note, groups, err
	}
	now := panel.fit(d)
	if now >= 1 {
		return d, note, groups, nil
	}
	opt := fold
	opt.View, opt.Output = viz.BackwardView, out
	chosen, err := viz.ChooseLayout(g, &opt)
	if err != nil {
		return nil, "", nil, badRequest("%v", err)
	}
	fold.Layout = viz.TopBottom
	if chosen == viz.TopBottom {
		fold.Layout = viz.LeftRight
	}
	d2, note2, groups2, err := draw(fold)
	if err != nil || note2 != "" || panel.fit(d2) <= now {
		return d, note, groups, nil
	}
	return d2, note2, groups2, nil
}

// drawViews renders the forward and backward views of diagrams. A view
// whose layout is predicted to take longer than Limits.MaxLayout is drawn
// with names only, which lays out faster (no edge labels, so half the
// ranks), and left out if even that is too slow; note then says so.
func (s *Server) drawViews(ctx context.Context, g *cgraph.Graph, out *cgraph.Node, exact bool, fold viz.Options) (d *diagrams, note string, groups []viz.GroupView, err error) {
	d = &diagrams{}
	labelled := 0 // viz's default
	if !exact {
		labelled = 1 // viz's labels compute the exact view: names only
	}
	var notes []string
	for _, v := range []struct {
		view viz.View
		name string
		dst  *string
	}{{viz.ForwardView, "forward", &d.Forward}, {viz.BackwardView, "backward", &d.Backward}} {
		opt := fold
		opt.View, opt.Output, opt.Hand, opt.MaxLabelled = v.view, out, true, labelled
		dot, gv, err := viz.Diagram(g, &opt)
		if err != nil {
			return nil, "", nil, badRequest("%v", err)
		}
		groups = gv
		if cost, ok := s.layoutFits(dot); !ok {
			if labelled == 1 {
				notes = append(notes, fmt.Sprintf("no %s diagram: laying it out would take about %v (limit %v)",
					v.name, approx(cost.Predicted), s.limits.MaxLayout))
				continue
			}
			opt.MaxLabelled = 1
			if dot, err = viz.DOT(g, &opt); err != nil {
				return nil, "", nil, badRequest("%v", err)
			}
			if cost2, ok := s.layoutFits(dot); !ok {
				notes = append(notes, fmt.Sprintf("no %s diagram: laying it out would take about %v (limit %v)",
					v.name, approx(cost2.Predicted), s.limits.MaxLayout))
				continue
			}
			notes = append(notes, fmt.Sprintf("the %s diagram shows names only: with the numbers it would take about %v to lay out (limit %v)",
				v.name, approx(cost.Predicted), s.limits.MaxLayout))
		}
		svg, err := s.svg.render(ctx, dot)
		if errors.Is(err, render.ErrChildMemory) {
			notes = append(notes, fmt.Sprintf("no %s diagram: Graphviz needed more memory than the server allows", v.name))
			continue
		}
		if err != nil {
			return nil, "", nil, err
		}
		*v.dst = string(svg)
	}
	if len(notes) > 0 {
		note = strings.ToUpper(notes[0][:1]) + strings.Join(notes, "; ")[1:] + "; the table and the steps are complete."
	}
	return d, note, groups, nil
}

// layoutFits reports whether dot's predicted layout time is within
// Limits.MaxLayout.
func (s *Server) layoutFits(dot []byte) (render.Cost, bool) {
	cost := render.Estimate(dot)
	return cost, s.limits.MaxLayout < 0 || cost.Predicted <= s.limits.MaxLayout
}

// approx writes a predicted duration as roughly as it is known.
func approx(d time.Duration) string {
	switch {
	case d >= 2*time.Hour:
		return fmt.Sprintf("%.0f hours", d.Hours())
	case d >= 2*time.Minute:
		return fmt.Sprintf("%.0f minutes", d.Minutes())
	default:
		return d.Round(100 * time.Millisecond).String()
	}
}

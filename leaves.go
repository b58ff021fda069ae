package cgraph

import "math/big"

// Input is a value fed into the graph from outside (x, y in the exercise).
type Input struct{ Value float64 }

// Constant is a fixed number of the program, such as the 2 in (ŷ − y)^2.
type Constant struct{ Value float64 }

// Weight is a trainable value with its own learning rate Alpha (α); Step
// updates it by w ← w − α·∂L/∂w.
type Weight struct{ Value, Alpha float64 }

func (*Input) Kind() string    { return "input" }
func (*Constant) Kind() string { return "const" }
func (*Weight) Kind() string   { return "weight" }

func (g *Input) Forward([]float64) float64    { return g.Value }
func (g *Constant) Forward([]float64) float64 { return g.Value }
func (g *Weight) Forward([]float64) float64   { return g.Value }

// Leaves have no inputs, so nothing flows back from them.

func (*Input) Backward([]float64, float64, float64, []float64)    {}
func (*Constant) Backward([]float64, float64, float64, []float64) {}
func (*Weight) Backward([]float64, float64, float64, []float64)   {}

func (*Input) Derive(*Builder, []*Node, *Node, *Node, int) *Node    { return nil }
func (*Constant) Derive(*Builder, []*Node, *Node, *Node, int) *Node { return nil }
func (*Weight) Derive(*Builder, []*Node, *Node, *Node, int) *Node   { return nil }

func (*Input) Arity() (min, max int)    { return 0, 0 }
func (*Constant) Arity() (min, max int) { return 0, 0 }
func (*Weight) Arity() (min, max int)   { return 0, 0 }

func (g *Input) Set(v float64)  { g.Value = v }
func (g *Weight) Set(v float64) { g.Value = v }

// A leaf's exact value is the simplest fraction whose nearest float64 is
// its value (see SimpleRat): 0.8 is 4/5.

func (g *Input) ExactForward([]*big.Rat) *big.Rat    { return SimpleRat(g.Value, MaxExactDenom) }
func (g *Constant) ExactForward([]*big.Rat) *big.Rat { return SimpleRat(g.Value, MaxExactDenom) }
func (g *Weight) ExactForward([]*big.Rat) *big.Rat   { return SimpleRat(g.Value, MaxExactDenom) }

// Leaves are written by their names or values, not by a formula; gen loads
// them itself.

func (g *Input) valueRef() *float64    { return &g.Value }
func (g *Constant) valueRef() *float64 { return &g.Value }
func (g *Weight) valueRef() *float64   { return &g.Value }

func (*Input) kernel(int) opcode    { return opLeaf }
func (*Constant) kernel(int) opcode { return opLeaf }
func (*Weight) kernel(int) opcode   { return opLeaf }

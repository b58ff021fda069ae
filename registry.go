package cgraph

// Builtins returns one value of every built-in gate: the gates of the
// exercise and the language, the fused gates Optimize makes, and the gates
// the derivative rules make. Tests walk it to hold every gate to every
// facet (TestRegistry) and every kernel to its rule.
func Builtins() []Gate {
	return []Gate{
		&Input{}, &Constant{}, &Weight{},
		Add{}, Mul{}, Sub{}, Neg{}, Div{}, Pow{},
		Sigmoid{}, Tanh{}, ReLU{}, LeakyReLU{}, Exp{}, Log{},
		Softplus{}, Abs{}, Sqrt{}, Sin{}, Cos{}, Max{}, Min{},
		SquaredLoss{}, MSE{},
		MulAdd{Pairs: 1}, SigmoidSqLoss{},
		SigmoidDeriv{}, TanhDeriv{}, Step{}, LeakyStep{Slope: DefaultLeak}, PowExpDeriv{}, Sign{}, Greater{AtTie: 0.5},
		SoftmaxCE{}, SoftmaxAt{I: 1}, IsClass{I: 1},
	}
}

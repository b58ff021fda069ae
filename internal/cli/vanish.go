package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cgraph/cgraph/internal/numfmt"
	"github.com/cgraph/cgraph/lab"
	"github.com/cgraph/cgraph/nn"
	"github.com/cgraph/cgraph/plot"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
)

type vanishOptions struct {
	depth, width int
	activations  []string
	inits        []string
	seeds        int
	samples      int
	workers      int
	json         bool
	plot         string
	mem          memoryBudget
}

func newVanishCmd(e *env) *cobra.Command {
	var o vanishOptions
	cmd := &cobra.Command{
		Use:   "vanish [flags]",
		Short: "Measure vanishing gradients layer by layer (exercise 3-1)",
		Long: `vanish builds deep MLPs (depth hidden layers of width units and one
linear output) for every activation × initialisation × seed, runs forward
and backward on random samples, and prints per layer the RMS of ∂L/∂W
(median and range over the seeds), the fraction of saturated sigmoid/tanh
units (local derivative below 0.01) and of dead ReLUs (pre-activation ≤ 0
on every sample). Initialisations may carry a gain: xavier*4 is Glorot's
suggestion for sigmoid layers.

The sub-commands show the exercise's own chain (vanish chain) and the
effect on learning (vanish learn).`,
		Example: `  cgraph vanish --depth 20 --width 16 --activation sigmoid,relu --init normal,xavier,he --seeds 5
  cgraph vanish --activation sigmoid,tanh,relu,leaky_relu --init uniform,normal,xavier,he --plot grads.png
  cgraph vanish chain --w 1,1,1,1
  cgraph vanish learn --plot learn.png`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runVanish(e, &o) },
	}
	f := cmd.Flags()
	f.IntVar(&o.depth, "depth", 20, "hidden layers, 1 to 100")
	f.IntVar(&o.width, "width", 16, "units per hidden layer (and inputs), 1 to 64")
	f.StringSliceVar(&o.activations, "activation", []string{"sigmoid", "relu"}, "activations: sigmoid, tanh, relu, leaky_relu")
	f.StringSliceVar(&o.inits, "init", []string{"normal", "xavier", "he"}, "initialisations: uniform, normal, xavier (-uniform, -normal), he, he-uniform; NAME*GAIN scales")
	f.IntVar(&o.seeds, "seeds", 5, "seeds 1 … N per configuration")
	f.IntVar(&o.samples, "samples", lab.DefaultSamples, "random samples the gradients are measured on")
	f.IntVar(&o.workers, "workers", 0, "goroutines (0: one per core)")
	f.BoolVar(&o.json, "json", false, "print one JSON object (see README)")
	f.StringVar(&o.plot, "plot", "", "write the gradient-by-layer chart to `FILE` (.png or .svg)")
	o.mem.addFlag(cmd)
	cmd.AddCommand(newVanishChainCmd(e), newVanishLearnCmd(e))
	return cmd
}

func (o *vanishOptions) grid() (lab.Grid, error) {
	g := lab.Grid{Depth: o.depth, Width: o.width, Samples: o.samples}
	if o.depth < 1 || o.depth > lab.MaxDepth {
		return g, usagef("--depth %d: want 1 to %d", o.depth, lab.MaxDepth)
	}
	if o.width < 1 || o.width > lab.MaxWidth {
		return g, usagef("--width %d: want 1 to %d", o.width, lab.MaxWidth)
	}
	if o.seeds < 1 || o.seeds > 1000 {
		return g, usagef("--seeds %d: want 1 to 1000", o.seeds)
	}
	if o.samples < 1 || o.samples > 10000 {
		return g, usagef("--samples %d: want 1 to 10000", o.samples)
	}
	if o.workers < 0 {
		return g, usagef("--workers %d: want 0 (all cores) or more", o.workers)
	}
	acts, err := parseActivations(o.activations)
	if err != nil {
		return g, err
	}
	g.Activations = acts
	for _, s := range o.inits {
		in, gain, err := lab.ParseInit(s)
		if err != nil {
			return g, usagef("--init: %v", err)
		}
		if in == nn.Zero {
			return g, usagef("--init zero: all gradients but the output's are 0; nothing to measure")
		}
		spec := lab.InitSpec{Init: in, Gain: gain}
		if !slices.Contains(g.Inits, spec) {
			g.Inits = append(g.Inits, spec)
		}
	}
	if len(g.Inits) == 0 {
		return g, usagef("--init: no initialisation given")
	}
	for s := 1; s <= o.seeds; s++ {
		g.Seeds = append(g.Seeds, uint64(s))
	}
	return g, nil
}

func parseActivations(names []string) ([]nn.Activation, error) {
	var acts []nn.Activation
	for _, s := range names {
		a, err := nn.ParseActivation(s)
		if err != nil {
			return nil, usagef("--activation: %v", err)
		}
		if a == nn.Linear {
			return nil, usagef("--activation %s: a linear network has no activation to study", s)
		}
		if !slices.Contains(acts, a) {
			acts = append(acts, a)
		}
	}
	if len(acts) == 0 {
		return nil, usagef("--activation: no activation given")
	}
	return acts, nil
}

func runVanish(e *env, o *vanishOptions) error {
	g, err := o.grid()
	if err != nil {
		return err
	}
	if o.plot != "" {
		if err := plot.CheckPath(o.plot); err != nil {
			return usageError{err}
		}
	}
	cs := g.Configs()
	workers, err := o.mem.workers(o.workers, len(cs), cs[0].MemoryBytes(),
		fmt.Sprintf("one network of depth %d and width %d on %d samples", o.depth, o.width, o.samples),
		"use fewer --samples or a smaller --depth or --width")
	if err != nil {
		return err
	}
	// The bar counts the layers of the forward and backward passes, so it
	// moves within one network of a thousand layers as within a sweep.
	prog, finish := progress(e, "layers")
	results, err := lab.Sweep(e.ctx, cs, &lab.SweepOptions{Workers: workers, Steps: prog, KeepOverflow: true})
	finish()
	if err != nil {
		return err
	}
	groups := groupRuns(results, len(g.Seeds))
	if o.plot != "" {
		var lines []plot.Series
		refAt := 0.0 // the reference starts at the first sigmoid line's last layer
		for _, gr := range groups {
			if gr.median == nil {
				continue // every seed overflowed
			}
			lines = append(lines, plot.Series{Name: gr.name, Values: gr.median})
			if refAt == 0 && gr.runs[0].Config.Activation == nn.Sigmoid {
				refAt = gr.median[len(gr.median)-1]
			}
		}
		title := fmt.Sprintf("gradient by layer: depth %d, width %d, median of %d seeds", g.Depth, g.Width, len(g.Seeds))
		if err := plot.LayerGradients(o.plot, lines, refAt, &plot.Options{Title: title, Width: 8 * 72, Height: 5 * 72}); err != nil {
			return err
		}
	}
	if o.json {
		return writeVanishJSON(e.stdout, g, results)
	}
	return writeVanishText(e.stdout, g, groups)
}

// progress returns a progress callback that draws a bar on stderr if it is
// a terminal and the work takes a while, and the function that clears it.
func progress(e *env, what string) (func(done, total int), func()) {
	if !isTerminal(e.stderr) {
		return nil, func() {}
	}
	start := time.Now()
	var bar *progressbar.ProgressBar
	return func(done, total int) {
			if bar == nil && time.Since(start) > progressDelay {
				bar = progressbar.NewOptions(total,
					progressbar.OptionSetWriter(e.stderr),
					progressbar.OptionSetDescription(what),
					progressbar.OptionShowCount(),
					progressbar.OptionSetWidth(30),
					progressbar.OptionThrottle(100*time.Millisecond),
					progressbar.OptionClearOnFinish(),
				)
			}
			if bar != nil {
				bar.Set(done)
			}
		}, func() {
			if bar != nil {
				bar.Finish()
			}
		}
}

// runGroup is the runs of one activation × initialisation over the seeds.
type runGroup struct {
	name              string // "sigmoid+normal"
	runs              []*lab.Result
	median, lo, hi    []float64 // per layer, over the seeds
	saturated, dead   []float64 // per layer, mean over the seeds
	orders            []float64 // per seed: log10(grad of the last layer / first), sorted
	meanSat, meanDead float64
	overflows         []*lab.Result // the seeds whose numbers outgrew float64, not in the statistics
}

func groupRuns(results []*lab.Result, seeds int) []*runGroup {
	var groups []*runGroup
	for start := 0; start < len(results); start += seeds {
		c := results[start].Config
		gr := &runGroup{name: string(c.Activation) + "+" + c.InitName()}
		for _, r := range results[start : start+seeds] {
			if r.Overflow != nil {
				gr.overflows = append(gr.overflows, r)
			} else {
				gr.runs = append(gr.runs, r)
			}
		}
		groups = append(groups, gr)
		if len(gr.runs) == 0 {
			continue
		}
		runs := gr.runs
		depth := len(runs[0].Layers)
		for l := range depth {
			var gs []float64
			sat, dead := 0.0, 0.0
			for _, r := range runs {
				gs = append(gs, r.Layers[l].Grad)
				sat += r.Layers[l].Saturated / float64(len(runs))
				dead += r.Layers[l].Dead / float64(len(runs))
			}
			slices.Sort(gs)
			gr.median = append(gr.median, median(gs))
			gr.lo, gr.hi = append(gr.lo, gs[0]), append(gr.hi, gs[len(gs)-1])
			gr.saturated, gr.dead = append(gr.saturated, sat), append(gr.dead, dead)
			gr.meanSat += sat / float64(depth)
			gr.meanDead += dead / float64(depth)
		}
		for _, r := range runs {
			gr.orders = append(gr.orders, math.Log10(r.Layers[depth-1].Grad/r.Layers[0].Grad))
		}
		slices.Sort(gr.orders)
	}
	return groups
}

// overflowNote says which seeds of a group outgrew float64, and where.
func (gr *runGroup) overflowNote() string {
	if len(gr.overflows) == 0 {
		return ""
	}
	var seeds []string
	for _, r := range gr.overflows {
		seeds = append(seeds, strconv.FormatUint(r.Config.Seed, 10))
	}
	o, word := gr.overflows[0].Overflow, "seed"
	if len(seeds) > 1 {
		word = "seeds"
	}
	return fmt.Sprintf("%s %s: the numbers outgrow float64 (%s pass, %s at layer %d), not counted",
		word, strings.Join(seeds, ", "), o.Pass, o.Node, o.Layer)
}

// shownLayers are the layers the text table prints: every layer of a
// network of up to 50, else about 50 evenly spaced ones, the first and
// the last among them (--json has every layer).
func shownLayers(depth int) []int {
	step := max(1, (depth+49)/50)
	var ls []int
	for l := 0; l < depth; l += step {
		ls = append(ls, l)
	}
	if ls[len(ls)-1] != depth-1 {
		ls = append(ls, depth-1)
	}
	return ls
}

func median(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

func writeVanishText(w io.Writer, g lab.Grid, groups []*runGroup) error {
	fmt.Fprintf(w, "depth %d, width %d, %d samples, seeds 1…%d; grad = RMS of ∂L/∂W of the layer (median [min, max] over seeds)\n",
		g.Depth, g.Width, max(g.Samples, 1), len(g.Seeds))
	if step := max(1, (g.Depth+49)/50); step > 1 {
		fmt.Fprintf(w, "every %d%s layer shown (--json has all)\n", step, ordinalSuffix(step))
	}
	for _, gr := range groups {
		fmt.Fprintf(w, "\n%s\n", gr.name)
		if note := gr.overflowNote(); note != "" {
			fmt.Fprintln(w, note)
		}
		if gr.median == nil {
			continue
		}
		tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "layer\tgrad\tmin\tmax\tsaturated\tdead\t")
		for _, l := range shownLayers(len(gr.median)) {
			fmt.Fprintf(tw, "%d\t%.3g\t%.3g\t%.3g\t%s\t%s\t\n", l+1, gr.median[l], gr.lo[l], gr.hi[l], pct(gr.saturated[l]), pct(gr.dead[l]))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "\nsummary: orders of magnitude between the last and the first layer's gradient, log10(last/first), over seeds\n")
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "configuration\tmedian\tmin\tmax\tsaturated\tdead")
	for _, gr := range groups {
		o := gr.orders
		if len(o) == 0 {
			fmt.Fprintf(tw, "%s\toverflow\t\t\t\t\n", gr.name)
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", gr.name, orders(median(o)), orders(o[0]), orders(o[len(o)-1]), pct(gr.meanSat), pct(gr.meanDead))
	}
	return tw.Flush()
}

// orders writes log10(last/first) of the summary; +Inf is a first layer
// whose gradient vanished below the smallest float64 (4.9e-324) to 0.
func orders(v float64) string {
	if math.IsInf(v, 1) {
		return "underflow"
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

func pct(x float64) string { return strconv.FormatFloat(100*x, 'f', 1, 64) + "%" }

// vanishJSON is the --json output of vanish; its shape is documented in
// the README.
type vanishJSON struct {
	Depth   int       `json:"depth"`
	Width   int       `json:"width"`
	Samples int       `json:"samples"`
	Runs    []runJSON `json:"runs"`
}

type runJSON struct {
	Activation string           `json:"activation"`
	Init       string           `json:"init"`
	Seed       uint64           `json:"seed"`
	Layers     []lab.LayerStats `json:"layers"`
	Overflow   *lab.Overflow    `json:"overflow,omitempty"`
}

func writeVanishJSON(w io.Writer, g lab.Grid, results []*lab.Result) error {
	out := vanishJSON{Depth: g.Depth, Width: g.Width, Samples: g.Samples, Runs: []runJSON{}}
	for _, r := range results {
		out.Runs = append(out.Runs, runJSON{Activation: string(r.Config.Activation), Init: r.Config.InitName(), Seed: r.Config.Seed, Layers: r.Layers, Overflow: r.Overflow})
	}
	enc := json.NewEncoder(w)
	return enc.Encode(out)
}

func newVanishChainCmd(e *env) *cobra.Command {
	var (
		x      = 1.0
		ws     = slices.Clone(lab.ExerciseWeights)
		asJSON bool
		views  viewOptions
	)
	cmd := &cobra.Command{
		Use:   "chain [flags]",
		Short: "Exercise 3-1: ∂y/∂x of a chain of sigmoids, term by term, and its bound",
		Long: `chain builds the exercise's network x → σ(w1·x) → … → σ(wn·a_{n−1}) = y,
runs forward and backward, and prints ∂y/∂x by backpropagation beside the
chain rule's product Π σ'(z_i)·w_i term by term, the bound (1/4)^n·Π|w_i|,
and the maximum of σ' found numerically. --x and --w take decimals or
fractions. --dot, --svg and --png draw the chain (forward and backward, top
to bottom unless --layout lr), --explain writes its steps as on paper.`,
		Example: `  cgraph vanish chain
  cgraph vanish chain --x 1 --w 4/5,-7/5,1,1
  cgraph vanish chain --hand --png chain.png`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if err := views.check(asJSON); err != nil {
				return err
			}
			if len(ws) == 0 || len(ws) > lab.MaxDepth {
				return usagef("--w: give 1 to %d weights", lab.MaxDepth)
			}
			r, err := lab.Chain(x, ws)
			if err != nil {
				return err
			}
			printed, err := views.run(e, r.Graph, r.Output, nil)
			if printed || err != nil {
				return err
			}
			z, m := lab.MaxSigmoidPrime()
			if asJSON {
				return writeChainJSON(e.stdout, r, z, m)
			}
			return writeChainText(e.stdout, r, z, m)
		},
	}
	f := cmd.Flags()
	f.Var(numberFlag{&x}, "x", "the input x, a decimal or a fraction")
	f.Var(numbersFlag{&ws}, "w", "the weights w1,…,wn, decimals or fractions")
	f.BoolVar(&asJSON, "json", false, "print one JSON object (see README)")
	f.BoolVar(&views.dot, "dot", false, "print the chain's diagram as Graphviz DOT instead of the table")
	f.StringVar(&views.svg, "svg", "", "write the chain's diagram as SVG to `FILE`")
	f.StringVar(&views.png, "png", "", "write the chain's diagram as PNG to `FILE`")
	f.StringVar(&views.view, "view", "both", "diagram to draw: forward, backward or both")
	f.StringVar(&views.layout, "layout", "auto", "direction of the diagram: lr, tb or auto (tb for the chain)")
	f.BoolVar(&views.hand, "hand", false, "label the diagram with the hand calculation (formulas and numbers)")
	f.BoolVar(&views.explain, "explain", false, "print the forward and backward steps as on paper instead of the table")
	return cmd
}

func writeChainText(w io.Writer, r *lab.ChainResult, z, m float64) error {
	n := len(r.Terms)
	fmt.Fprintf(w, "chain a_i = σ(w_i·a_{i−1}), a_0 = x = %s, y = a_%d = %.6g\n\n", numfmt.Float(r.X), n, r.Y)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "i\tw_i\tz_i = w_i·a_{i−1}\ta_i = σ(z_i)\tσ'(z_i)\tσ'(z_i)·w_i\t")
	for i, t := range r.Terms {
		fmt.Fprintf(tw, "%d\t%s\t%.6g\t%.6g\t%.6g\t%.6g\t\n", i+1, numfmt.Float(t.W), t.Z, t.A, t.DSig, t.Factor)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	var terms []string
	for i := n; i >= 1; i-- {
		terms = append(terms, fmt.Sprintf("σ'(z%d)·w%d", i, i))
	}
	fmt.Fprintf(w, "\n∂y/∂x = %s\n", strings.Join(terms, " · "))
	fmt.Fprintf(w, "  by backpropagation  %.10g\n", r.Backprop)
	fmt.Fprintf(w, "  by the product      %.10g\n", r.Product)
	fmt.Fprintf(w, "  bound (1/4)^%d·Π|w_i| = %.10g   (|∂y/∂x| is %.3g of it)\n", n, r.Bound, math.Abs(r.Backprop)/r.Bound)
	fmt.Fprintf(w, "\nmax σ'(z) = %.17g at z = %.3g (found numerically; σ'(0) = 1/4)\n", m, z)
	return nil
}

// chainJSON is the --json output of vanish chain.
type chainJSON struct {
	X        float64     `json:"x"`
	Y        float64     `json:"y"`
	Terms    []termJSON  `json:"terms"`
	Backprop float64     `json:"backprop"`
	Product  float64     `json:"product"`
	Bound    float64     `json:"bound"`
	MaxDSig  maxDSigJSON `json:"max_dsigma"`
}

type termJSON struct {
	I      int     `json:"i"`
	W      float64 `json:"w"`
	Z      float64 `json:"z"`
	A      float64 `json:"a"`
	DSig   float64 `json:"dsigma"`
	Factor float64 `json:"factor"`
}

type maxDSigJSON struct {
	Z     float64 `json:"z"`
	Value float64 `json:"value"`
}

func writeChainJSON(w io.Writer, r *lab.ChainResult, z, m float64) error {
	out := chainJSON{X: r.X, Y: r.Y, Backprop: r.Backprop, Product: r.Product, Bound: r.Bound, MaxDSig: maxDSigJSON{Z: z, Value: m}}
	for i, t := range r.Terms {
		out.Terms = append(out.Terms, termJSON{I: i + 1, W: t.W, Z: t.Z, A: t.A, DSig: t.DSig, Factor: t.Factor})
	}
	return json.NewEncoder(w).Encode(out)
}

type learnOptions struct {
	depth, width, epochs int
	alpha                float64
	seed                 uint64
	dataset              string
	points               int
	learners             []string
	json                 bool
	plot                 string
	mem                  memoryBudget
}

// defaultLearners are the networks vanish learn compares by default: the
// naive sigmoid network, sigmoid with Glorot's gain 4, and the pairs the
// initialisations were designed for.
var defaultLearners = []string{"sigmoid+normal", "sigmoid+xavier*4", "tanh+xavier", "relu+he"}

func newVanishLearnCmd(e *env) *cobra.Command {
	var o learnOptions
	cmd := &cobra.Command{
		Use:   "learn [flags]",
		Short: "Train deep networks of different activations and initialisations on one task; compare the loss curves",
		Long: `learn trains networks of the same depth and width, each named
ACTIVATION+INIT, with a sigmoid output and the cross-entropy loss by
per-sample SGD on the same data in the same order, and prints (and with
--plot draws) their loss curves.`,
		Example: `  cgraph vanish learn --plot learn.png
  cgraph vanish learn --net sigmoid+normal,relu+he --dataset moons --epochs 100`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error { return runLearn(e, &o) },
	}
	f := cmd.Flags()
	f.IntVar(&o.depth, "depth", 10, "hidden layers")
	f.IntVar(&o.width, "width", 8, "units per hidden layer")
	f.IntVar(&o.epochs, "epochs", 150, "passes over the data")
	f.Float64Var(&o.alpha, "alpha", 0.01, "learning rate α")
	f.Uint64Var(&o.seed, "seed", 1, "seed of the weights, the data and the order of samples")
	f.StringVar(&o.dataset, "dataset", "circle", "built-in dataset of labels 0 and 1: "+strings.Join(nn.BinaryNames(), ", "))
	f.IntVar(&o.points, "points", 200, "samples of a generated dataset")
	f.StringSliceVar(&o.learners, "net", defaultLearners, "networks to compare, each ACTIVATION+INIT")
	f.BoolVar(&o.json, "json", false, "print one JSON object (see README)")
	f.StringVar(&o.plot, "plot", "", "write the loss curves to `FILE` (.png or .svg)")
	o.mem.addFlag(cmd)
	return cmd
}

func runLearn(e *env, o *learnOptions) error {
	if o.depth < 1 || o.depth > lab.MaxDepth || o.width < 1 || o.width > lab.MaxWidth {
		return usagef("--depth %d, --width %d: want 1 to %d and 1 to %d", o.depth, o.width, lab.MaxDepth, lab.MaxWidth)
	}
	if o.epochs < 1 || o.epochs > 100000 {
		return usagef("--epochs %d: want 1 to 100000", o.epochs)
	}
	if !(o.alpha > 0 && o.alpha < 100) {
		return usagef("--alpha %g: want a positive learning rate below 100", o.alpha)
	}
	if o.points < 1 || o.points > 100000 {
		return usagef("--points %d: want 1 to 100000", o.points)
	}
	if o.plot != "" {
		if err := plot.CheckPath(o.plot); err != nil {
			return usageError{err}
		}
	}
	var learners []lab.Learner
	for _, s := range o.learners {
		act, init, ok := strings.Cut(s, "+")
		if !ok {
			return usagef("--net %q: want ACTIVATION+INIT, e.g. relu+he", s)
		}
		acts, err := parseActivations([]string{act})
		if err != nil {
			return err
		}
		in, gain, err := lab.ParseInit(init)
		if err != nil || in == nn.Zero {
			return usagef("--net %q: %v", s, err)
		}
		learners = append(learners, lab.Learner{Activation: acts[0], Init: lab.InitSpec{Init: in, Gain: gain}})
	}
	if len(learners) == 0 {
		return usagef("--net: no network given")
	}
	if !slices.Contains(nn.BinaryNames(), strings.ToLower(o.dataset)) {
		// Its networks have one sigmoid output: blobs and the regression
		// sets are not for them.
		return usagef("--dataset %q: want one of %s", o.dataset, strings.Join(nn.BinaryNames(), ", "))
	}
	d, err := nn.Builtin(o.dataset, &nn.ToyOptions{N: o.points, Seed: o.seed})
	if err != nil {
		return usageError{err}
	}
	net := nn.Config{Inputs: d.Dim(), Layers: append(nn.Dense(nn.Sigmoid, repeat(o.width, o.depth)...), nn.LayerSpec{Units: 1})}
	workers, err := o.mem.workers(len(learners), len(learners), nn.TrainBytes(net, 1)+nn.DatasetBytes(d.Len(), d.Dim()),
		fmt.Sprintf("one network of depth %d and width %d", o.depth, o.width), "use a smaller --depth or --width")
	if err != nil {
		return err
	}
	curves, err := lab.Learn(e.ctx, lab.LearnConfig{Data: d, Depth: o.depth, Width: o.width, Epochs: o.epochs, Alpha: o.alpha, Seed: o.seed}, learners, workers)
	if err != nil {
		return err
	}
	if o.plot != "" {
		var lines []plot.Series
		for _, c := range curves {
			lines = append(lines, plot.Series{Name: c.Learner.Name(), Values: c.Loss})
		}
		title := fmt.Sprintf("%s, %d hidden layers of %d, α = %g", d.Name, o.depth, o.width, o.alpha)
		if err := plot.LossCurves(o.plot, lines, &plot.Options{Title: title, Width: 8 * 72, Height: 4.5 * 72}); err != nil {
			return err
		}
	}
	if o.json {
		out := learnJSON{Dataset: d.Name, Depth: o.depth, Width: o.width, Epochs: o.epochs, Alpha: o.alpha, Seed: o.seed}
		for _, c := range curves {
			out.Curves = append(out.Curves, curveJSON{Activation: string(c.Learner.Activation), Init: lab.Config{Init: c.Learner.Init.Init, Gain: c.Learner.Init.Gain}.InitName(), Loss: c.Loss, Accuracy: c.Accuracy})
		}
		return json.NewEncoder(e.stdout).Encode(out)
	}
	fmt.Fprintf(e.stdout, "%s (%d samples), %d hidden layers of %d, sigmoid output, cross-entropy, per-sample SGD α = %g, %d epochs, seed %d\n\n",
		d.Name, d.Len(), o.depth, o.width, o.alpha, o.epochs, o.seed)
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "network\tloss, epoch 1\tepoch "+strconv.Itoa(min(10, o.epochs))+"\tlast epoch\taccuracy")
	for _, c := range curves {
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%.4f\t%s\n", c.Learner.Name(), c.Loss[0], c.Loss[min(10, o.epochs)-1], c.Loss[len(c.Loss)-1], pct(c.Accuracy))
	}
	return tw.Flush()
}

// learnJSON is the --json output of vanish learn.
type learnJSON struct {
	Dataset string      `json:"dataset"`
	Depth   int         `json:"depth"`
	Width   int         `json:"width"`
	Epochs  int         `json:"epochs"`
	Alpha   float64     `json:"alpha"`
	Seed    uint64      `json:"seed"`
	Curves  []curveJSON `json:"curves"`
}

type curveJSON struct {
	Activation string    `json:"activation"`
	Init       string    `json:"init"`
	Loss       []float64 `json:"loss"`
	Accuracy   float64   `json:"accuracy"`
}

// repeat returns n, times times.
func repeat(n, times int) []int {
	s := make([]int, times)
	for i := range s {
		s[i] = n
	}
	return s
}

// ordinalSuffix is "st", "nd", "rd" or "th" for n.
func ordinalSuffix(n int) string {
	if n%100 >= 11 && n%100 <= 13 {
		return "th"
	}
	switch n % 10 {
	case 1:
		return "st"
	case 2:
		return "nd"
	case 3:
		return "rd"
	}
	return "th"
}

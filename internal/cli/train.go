package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cgraph/cgraph/nn"
	"github.com/cgraph/cgraph/plot"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

type trainOptions struct {
	hidden, activation, output string
	loss, init, biasInit       string
	features, optimizer        string
	layerLR                    string
	lr, l1, l2, test           float64
	epochs, batch, every       int
	classes                    int
	lossSet                    bool // --loss was given
	history, preset            string
	shuffle                    bool
	seed, dataSeed             uint64
	samples                    int
	noise                      float64
	json                       bool
	outputSet                  bool // --output was given
	discretize                 bool
	plot, boundary, save, load string
	neurons                    string
	mem                        memoryBudget
	dataName                   string // the dataset as given: a built-in name or a CSV file's path
}

// archFlags are the flags that describe a new network; --load refuses them.
var archFlags = []string{"hidden", "activation", "output", "loss", "init", "bias-init", "lr", "seed", "features", "l1", "l2", "layer-lr"}

func newTrainCmd(e *env) *cobra.Command {
	var o trainOptions
	cmd := &cobra.Command{
		Use:   "train [flags] DATASET",
		Short: "Train a network of gates with SGD; print predictions, accuracy and loss",
		Long: `train builds a multi-layer perceptron of gates and trains it with stochastic
gradient descent, one step per sample (each weight with its learning rate α),
or in mini-batches with --batch. DATASET is one of
` + strings.Join(nn.DatasetNames(), ", ") + `
(blobs has --classes classes and a softmax output; ` + strings.Join(nn.RegressionNames(), " and ") + ` are regression
sets, a linear output unless --output), or a CSV file of rows x1,x2,…,label.

The defaults learn XOR: a 2-4-1 network of sigmoids with the squared loss,
weights from U(−1, 1), zero biases, α = 0.5, 5000 epochs, samples shuffled
each epoch, epoch e's order drawn from --seed and e alone. With --load, the
saved network is trained for --epochs more (default 0: only evaluate),
its epochs counted on from the saved count and shuffled from its seed: SGD
then gives the numbers of one longer run.`,
		Example: `  cgraph train xor
  cgraph train xor --hidden 2 --activation sigmoid --lr 0.5 --epochs 5000 --seed 1
  cgraph train spiral --hidden 16,16 --activation tanh --loss bce --epochs 2000 --boundary spiral.png
  cgraph train circle --features x1^2,x2^2 --hidden "" --epochs 200
  cgraph train spiral --hidden 16,16 --activation tanh --test 0.5 --l2 0.001 --optimizer adam --lr 0.01 --batch 10 --plot loss.png
  cgraph train gauss-mix --hidden 8,8 --activation tanh --lr 0.03 --batch 10 --neurons units.png
  cgraph train data.csv --json --save model.json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.load != "" {
				for _, f := range archFlags {
					if cmd.Flags().Changed(f) {
						return usagef("--%s describes a new network; it cannot be used with --load", f)
					}
				}
				if !cmd.Flags().Changed("epochs") {
					o.epochs = 0
				}
			}
			if o.preset != "" {
				var err error
				if args, err = o.applyPreset(cmd.Flags().Changed, args); err != nil {
					return err
				}
			}
			o.outputSet = cmd.Flags().Changed("output")
			o.lossSet = cmd.Flags().Changed("loss")
			return runTrain(e, &o, args)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.hidden, "hidden", "4", "units of the hidden layers, comma-separated (`N,N,…`; \"\" for none)")
	f.StringVar(&o.activation, "activation", "sigmoid", "activation of the hidden layers: one, or one per layer (sigmoid, tanh, relu, leaky_relu, linear)")
	f.StringVar(&o.output, "output", "sigmoid", "activation of the output unit")
	f.StringVar(&o.loss, "loss", "squared", "loss: squared, mse, bce, or softmax (a classifier of K classes: K linear outputs, labels 0…K−1; blobs's default)")
	f.IntVar(&o.classes, "classes", 3, "classes of the blobs dataset")
	f.StringVar(&o.features, "features", "", "inputs of the first layer, computed from the data's: `F,F,…` of xK, xK^2, xK*xM, sin(xK) (\"\": the data's inputs)")
	f.StringVar(&o.init, "init", "uniform", "weight initializer: uniform, normal, xavier-uniform, xavier-normal, he, he-uniform")
	f.StringVar(&o.biasInit, "bias-init", "zero", "bias initializer (as --init, or zero)")
	f.Float64Var(&o.lr, "lr", nn.DefaultAlpha, "learning rate α of every weight")
	f.StringVar(&o.layerLR, "layer-lr", "", "learning rate of each layer's weights and biases, `α,α,…` for the hidden layers and the output layer (0: --lr)")
	f.Float64Var(&o.l1, "l1", 0, "rate λ₁ of an L1 penalty λ₁·Σ|w| on the weights, part of the loss")
	f.Float64Var(&o.l2, "l2", 0, "rate λ₂ of an L2 penalty (λ₂/2)·Σw² on the weights, part of the loss")
	f.IntVar(&o.epochs, "epochs", 5000, "passes over the dataset")
	f.StringVar(&o.optimizer, "optimizer", "sgd", "how a step moves the weights: sgd, momentum (μ = 0.9) or adam (β₁ = 0.9, β₂ = 0.999, ε = 1e-8)")
	f.IntVar(&o.batch, "batch", 1, "samples per SGD step (1: per sample, as in the exercise)")
	f.BoolVar(&o.shuffle, "shuffle", true, "visit the samples in a new random order each epoch")
	f.Uint64Var(&o.seed, "seed", 1, "seed of the initial weights and of the shuffling")
	f.Uint64Var(&o.dataSeed, "data-seed", 1, "seed of a generated dataset")
	f.IntVar(&o.samples, "samples", 200, "samples of a generated dataset")
	f.Float64Var(&o.test, "test", 0, "fraction of the samples held out as test data, drawn from --data-seed (0 to 1, e.g. 0.5)")
	f.Float64Var(&o.noise, "noise", 0, "noise of a generated dataset, 0 to 1")
	f.BoolVar(&o.json, "json", false, "print one JSON object (see README)")
	f.StringVar(&o.plot, "plot", "", "write the loss curve to `FILE` (.png or .svg)")
	f.StringVar(&o.boundary, "boundary", "", "write the decision boundary with the data to `FILE` (.png or .svg)")
	f.BoolVar(&o.discretize, "discretize", false, "draw --boundary's background in the two classes' colours only")
	f.StringVar(&o.neurons, "neurons", "", "write a heatmap of every unit's output over the input plane to `FILE` (.png or .svg; 2-input data)")
	f.StringVar(&o.save, "save", "", "save the trained network to `FILE` (JSON; - for standard output, instead of the report)")
	f.StringVar(&o.preset, "preset", "", "start from settings that teach something: "+presetNames()+" (flags given override them)")
	f.StringVar(&o.load, "load", "", "start from the network saved in `FILE`")
	f.StringVar(&o.history, "history", "", "write the weights every --history-every epochs to `FILE` (JSON, see README)")
	f.IntVar(&o.every, "history-every", 0, "epochs between the snapshots of --history (0: a hundredth of --epochs, at least 1)")
	o.mem.addFlag(cmd)
	return cmd
}

// trainReport is the --json output.
type trainReport struct {
	Dataset     string          `json:"dataset"`
	Samples     int             `json:"samples"`
	Shape       []int           `json:"shape"`
	Features    []string        `json:"features,omitempty"`
	Activations []nn.Activation `json:"activations"`
	LossFn      nn.Loss         `json:"loss_fn"`
	LR          float64         `json:"lr"`
	LayerLR     []float64       `json:"layer_lr,omitempty"`
	Optimizer   string          `json:"optimizer,omitempty"`
	L1          float64         `json:"l1,omitempty"`
	L2          float64         `json:"l2,omitempty"`
	Seed        uint64          `json:"seed"`
	Epochs      int             `json:"epochs"`
	Loss        float64         `json:"loss"`
	Accuracy    float64         `json:"accuracy"`
	Regression  bool            `json:"regression,omitempty"`
	Predictions []nn.Prediction `json:"predictions"`
	// With --test: the held-out samples' result after training, and the
	// training and test loss of every epoch.
	Test      *testReport `json:"test,omitempty"`
	TrainLoss []float64   `json:"train_loss,omitempty"`
	TestLoss  []float64   `json:"test_loss,omitempty"`
}

// testReport is the result on the test samples.
type testReport struct {
	Samples  int     `json:"samples"`
	Loss     float64 `json:"loss"`
	Accuracy float64 `json:"accuracy"`
}

func runTrain(e *env, o *trainOptions, args []string) error {
	if err := o.validate(); err != nil {
		return err
	}
	var (
		m    *nn.MLP
		meta *nn.ModelMeta
		err  error
	)
	if o.load != "" {
		if m, meta, err = nn.LoadWith(o.load, o.networkFits(o.load)); err != nil {
			return usageError{err}
		}
	}
	name := ""
	if len(args) == 1 {
		name = args[0]
	} else if meta != nil && meta.Dataset != "" {
		// A model file names its dataset, but only a built-in one is
		// used: a path in it would make cgraph read (and print part of)
		// any file the model's author chose.
		if !slices.Contains(nn.DatasetNames(), meta.Dataset) {
			return usagef("the network in %s was trained on %s, which is not a built-in dataset: give the dataset on the command line",
				o.load, quoteShort(meta.Dataset))
		}
		name = meta.Dataset
	} else {
		return usagef("no dataset: give one of %s, or a .csv file", strings.Join(nn.DatasetNames(), ", "))
	}
	d, err := o.dataset(name)
	if err != nil {
		return err
	}
	o.dataName = name
	d, test, err := nn.Split(d, o.test, o.dataSeed)
	if err != nil {
		return usagef("--test: %v", err)
	}
	if m == nil {
		if d.Regression && !o.outputSet {
			o.output = string(nn.Linear) // a number in [−1, 1], not a probability
		}
		if d.Name == "blobs" && !o.lossSet {
			o.loss = string(nn.Softmax)
		}
		if m, err = o.network(d); err != nil {
			return err
		}
	} else if d.Dim() != m.NumInputs() {
		return usagef("dataset %s has %d inputs; the network in %s has %d", d.Name, d.Dim(), o.load, m.NumInputs())
	}
	var history, testHistory []float64
	if o.epochs > 0 {
		first := 0 // epochs trained before: a loaded network goes on from its count
		if meta != nil {
			first = meta.Epochs
		}
		if first < 0 {
			return usagef("%s: meta.epochs %d: a count of epochs is at least 0", o.load, first)
		}
		history, testHistory, err = train(e, m, d, test, o, first)
		if err != nil {
			return err
		}
	}
	res, err := m.Evaluate(d)
	if err != nil {
		return err
	}
	var testRes nn.Result
	if test != nil {
		if testRes, err = m.Evaluate(test); err != nil {
			return err
		}
	}
	if err := o.writeFiles(e, m, meta, d, test, history, testHistory, res, testRes); err != nil {
		return err
	}
	if o.save == stdoutPath { // standard output has the model
		return nil
	}
	rep := trainReport{
		Dataset: d.Name, Samples: d.Len(), Shape: m.Shape(), LossFn: m.Config().Loss,
		LR: m.Config().Alpha, Seed: m.Config().Seed, Epochs: o.epochs,
		Loss: res.Loss, Accuracy: res.Accuracy, Predictions: res.Predictions,
		Features: nn.FeatureNames(m.Config().Features), L1: m.Config().L1, L2: m.Config().L2,
		Optimizer: o.optimizerName(), Regression: d.Regression,
		LayerLR: m.Config().LayerAlpha,
	}
	for _, l := range m.Config().Layers {
		rep.Activations = append(rep.Activations, l.Activation)
	}
	if test != nil {
		rep.Test = &testReport{Samples: test.Len(), Loss: testRes.Loss, Accuracy: testRes.Accuracy}
		rep.TrainLoss, rep.TestLoss = history, testHistory
	}
	if o.json {
		enc := json.NewEncoder(e.stdout)
		return enc.Encode(rep)
	}
	return writeTrainText(e.stdout, &rep)
}

func (o *trainOptions) validate() error {
	switch {
	case o.epochs < 0:
		return usagef("--epochs %d: must be at least 0", o.epochs)
	case o.batch < 1:
		return usagef("--batch %d: must be at least 1", o.batch)
	case !(o.lr > 0 && o.lr <= math.MaxFloat64):
		return usagef("--lr %g: must be a finite positive number", o.lr)
	case !(o.l1 >= 0 && o.l1 <= math.MaxFloat64):
		return usagef("--l1 %g: must be a finite number ≥ 0", o.l1)
	case !(o.l2 >= 0 && o.l2 <= math.MaxFloat64):
		return usagef("--l2 %g: must be a finite number ≥ 0", o.l2)
	case o.samples < 1:
		return usagef("--samples %d: must be at least 1", o.samples)
	case !o.mem.fits(nn.DatasetBytes(o.samples, 2)):
		return o.mem.check(fmt.Sprintf("--samples %d", o.samples), nn.DatasetBytes(o.samples, 2), "use fewer samples")
	case !(o.noise >= 0 && o.noise <= 1):
		return usagef("--noise %g: must be between 0 and 1", o.noise)
	case !slices.Contains(nn.Optimizers, strings.ToLower(strings.TrimSpace(o.optimizer))):
		return usagef("--optimizer %q: want one of %s", o.optimizer, strings.Join(nn.Optimizers, ", "))
	case o.classes < 2:
		return usagef("--classes %d: must be at least 2", o.classes)
	case o.every < 0:
		return usagef("--history-every %d: must be at least 0", o.every)
	case o.history != "" && o.epochs == 0:
		return usagef("--history: no epochs are run, so there is nothing to record")
	case !(o.test >= 0 && o.test < 1):
		return usagef("--test %g: must be at least 0 and less than 1", o.test)
	}
	if o.save == stdoutPath && o.json {
		return usagef("--save - writes the model to standard output: --json cannot share it")
	}
	for _, path := range []string{o.plot, o.boundary, o.neurons} {
		if path != "" {
			if err := plot.CheckPath(path); err != nil {
				return usageError{err}
			}
		}
	}
	return nil
}

// dataset returns the built-in dataset called name or reads a CSV file.
func (o *trainOptions) dataset(name string) (*nn.Dataset, error) {
	if strings.HasSuffix(strings.ToLower(name), ".csv") || strings.ContainsRune(name, os.PathSeparator) {
		d, err := nn.LoadCSV(name)
		if err != nil {
			return nil, usageError{err}
		}
		return d, nil
	}
	toy := &nn.ToyOptions{N: o.samples, Noise: o.noise, Seed: o.dataSeed, Classes: o.classes}
	if strings.EqualFold(name, "blobs") {
		return nn.Blobs(toy), nil
	}
	if slices.Contains(nn.RegressionNames(), strings.ToLower(name)) {
		return nn.BuiltinRegression(name, toy)
	}
	d, err := nn.Builtin(name, toy)
	if err != nil {
		return nil, usagef("unknown dataset %q (want one of %s; or a .csv file)", name, strings.Join(nn.DatasetNames(), ", "))
	}
	return d, nil
}

// network builds the network the flags describe for the dataset d: its
// inputs, and, for the softmax loss, an output per class (the largest
// label + 1), linear unless --output says otherwise.
func (o *trainOptions) network(d *nn.Dataset) (*nn.MLP, error) {
	inputs := d.Dim()
	var units []int
	if s := strings.TrimSpace(o.hidden); s != "" && s != "0" {
		for _, f := range strings.Split(s, ",") {
			u, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || u < 1 {
				return nil, usagef("--hidden %q: want positive unit counts separated by commas", o.hidden)
			}
			units = append(units, u)
		}
	}
	acts := strings.Split(o.activation, ",")
	if len(acts) != 1 && len(acts) != len(units) {
		return nil, usagef("--activation has %d names for %d hidden layers; give one, or one per layer", len(acts), len(units))
	}
	var layers []nn.LayerSpec
	for i, u := range units {
		a, err := nn.ParseActivation(acts[min(i, len(acts)-1)])
		if err != nil {
			return nil, usageError{err}
		}
		layers = append(layers, nn.LayerSpec{Units: u, Activation: a})
	}
	out, err := nn.ParseActivation(o.output)
	if err != nil {
		return nil, usageError{err}
	}
	loss, err := nn.ParseLoss(o.loss)
	if err != nil {
		return nil, usageError{err}
	}
	outputs := 1
	if loss == nn.Softmax {
		if !o.outputSet {
			out = nn.Linear
		}
		top := 0.0
		for _, y := range d.Y {
			top = max(top, y)
		}
		outputs = max(2, int(top)+1)
	}
	layers = append(layers, nn.LayerSpec{Units: outputs, Activation: out})
	init, err := nn.ParseInit(o.init)
	if err != nil {
		return nil, usageError{err}
	}
	bias, err := nn.ParseInit(o.biasInit)
	if err != nil {
		return nil, usageError{err}
	}
	cfg := nn.Config{Inputs: inputs, Layers: layers, Init: init, Bias: bias, Alpha: o.lr, Loss: loss, Seed: o.seed, L1: o.l1, L2: o.l2}
	if cfg.LayerAlpha, err = parseLayerLR(o.layerLR, len(layers)); err != nil {
		return nil, err
	}
	if strings.TrimSpace(o.features) != "" {
		if cfg.Features, err = nn.ParseFeatures(o.features); err != nil {
			return nil, usagef("--features: %v", err)
		}
	}
	if err := o.networkFits("")(cfg); err != nil {
		return nil, err
	}
	m, err := nn.New(cfg)
	if err != nil {
		return nil, usageError{err}
	}
	return m, nil
}

// networkFits returns the check that training the network of a
// configuration fits the memory budget; file names where it comes from,
// "" for the flags.
func (o *trainOptions) networkFits(file string) func(nn.Config) error {
	return func(cfg nn.Config) error {
		what := "a " + shapeString(configShape(cfg)) + " network"
		if file != "" {
			what = "the " + shapeString(configShape(cfg)) + " network in " + file
		}
		if o.batch > 1 {
			what += fmt.Sprintf(" trained in batches of %d", o.batch)
		}
		return o.mem.check(what, nn.TrainBytes(cfg, o.batch), "make it smaller, or raise --max-memory if the machine has the memory")
	}
}

// configShape is the shape of the network cfg describes, as MLP.Shape.
func configShape(cfg nn.Config) []int {
	s := []int{cfg.Inputs}
	if len(cfg.Features) > 0 {
		s[0] = len(cfg.Features)
	}
	for _, l := range cfg.Layers {
		s = append(s, l.Units)
	}
	return s
}

// quoteShort quotes s, cut to 80 characters: text from a file is shown, not
// echoed whole.
func quoteShort(s string) string {
	if r := []rune(s); len(r) > 80 {
		return strconv.Quote(string(r[:80])) + "…"
	}
	return strconv.Quote(s)
}

// progressDelay is how long a run goes before it shows a progress bar:
// short runs print nothing but their result.
const progressDelay = 300 * time.Millisecond

// train runs the epochs, with a progress bar on a terminal for long runs,
// and stops when the context is cancelled. It returns the loss of every
// epoch and, if test is not nil, the test loss after every epoch. first
// is the number of epochs m has been trained before (a loaded network's):
// epoch e's shuffle depends only on the network's seed and e, so a run
// continued with --load goes on as one longer run would.
func train(e *env, m *nn.MLP, d, test *nn.Dataset, o *trainOptions, first int) (history, testHistory []float64, err error) {
	tty := isTerminal(e.stderr)
	start := time.Now()
	var bar *progressbar.ProgressBar
	every := max(1, o.epochs/500)
	progress := func(epoch int, loss float64) error {
		if err := e.ctx.Err(); err != nil { // every epoch: an interrupt stops at once
			return err
		}
		if epoch%every != 0 && epoch != o.epochs {
			return nil
		}
		if !tty {
			return nil
		}
		if bar == nil && time.Since(start) > progressDelay {
			bar = progressbar.NewOptions(o.epochs,
				progressbar.OptionSetWriter(e.stderr),
				progressbar.OptionSetDescription("training"),
				progressbar.OptionShowCount(),
				progressbar.OptionSetWidth(30),
				progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionClearOnFinish(),
			)
		}
		if bar != nil {
			bar.Describe(fmt.Sprintf("loss %.4g", loss))
			bar.Set(epoch)
		}
		return nil
	}
	opt, err := nn.ParseOptimizer(o.optimizer)
	if err != nil {
		return nil, nil, usageError{err}
	}
	opts := &nn.TrainOptions{Epochs: o.epochs, BatchSize: o.batch, Shuffle: o.shuffle, Seed: m.Config().Seed, FirstEpoch: first,
		Progress: progress, Optimizer: opt}
	if o.history != "" {
		every := o.every
		if every == 0 {
			every = max(1, (o.epochs+99)/100)
		}
		snapshots := float64(o.epochs/every + 2)
		if err := o.mem.check(fmt.Sprintf("--history of %.0f snapshots", snapshots), snapshots*nn.SnapshotBytes(m.Config()), "raise --history-every"); err != nil {
			return nil, nil, err
		}
		var model bytes.Buffer
		if err := m.WriteModel(&model, &nn.ModelMeta{Dataset: o.dataName}); err != nil {
			return nil, nil, err
		}
		h := &nn.History{
			Format: nn.HistoryFormat, Version: nn.HistoryVersion, Every: every, Model: model.Bytes(),
			Data:      &nn.HistoryData{Dataset: o.dataName, Samples: o.samples, Noise: o.noise, DataSeed: o.dataSeed, Classes: o.classes, Test: o.test},
			Snapshots: []nn.Snapshot{nn.NewSnapshot(0, m.Plan())},
		}
		opts.Every = every
		opts.Snapshot = func(epoch int, p *nn.Plan) error {
			h.Snapshots = append(h.Snapshots, nn.NewSnapshot(epoch, p))
			return nil
		}
		defer func() {
			if err == nil {
				err = nn.SaveHistory(o.history, h)
			}
		}()
	}
	if test != nil {
		opts.Test = test
		opts.Tested = func(_ int, loss float64) error {
			testHistory = append(testHistory, loss)
			return nil
		}
	}
	history, err = m.Train(d, opts)
	if bar != nil {
		bar.Finish()
	}
	return history, testHistory, err
}

// isTerminal reports whether w is a terminal, or says it draws like one
// (the Jupyter kernel's stderr, which streams progress bars to the cell).
func isTerminal(w io.Writer) bool {
	if t, ok := w.(interface{ IsTerminal() bool }); ok {
		return t.IsTerminal()
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// writeFiles writes what --plot, --boundary and --save ask for.
// meta is that of the model loaded with --load, if any.
func (o *trainOptions) writeFiles(e *env, m *nn.MLP, meta *nn.ModelMeta, d, test *nn.Dataset, history, testHistory []float64, res, testRes nn.Result) error {
	if o.plot != "" {
		if len(history) == 0 {
			return usagef("--plot: no epochs were run, so there is no loss curve")
		}
		title := fmt.Sprintf("%s, %s", d.Name, shapeString(m.Shape()))
		var err error
		if testHistory == nil {
			err = plot.LossCurve(o.plot, history, &plot.Options{Title: title})
		} else {
			err = plot.LossCurves(o.plot, []plot.Series{{Name: "train", Values: history}, {Name: "test", Values: testHistory}}, &plot.Options{Title: title})
		}
		if err != nil {
			return err
		}
	}
	if o.boundary != "" {
		title := fmt.Sprintf("%s, %s, accuracy %.3g", d.Name, shapeString(m.Shape()), res.Accuracy)
		if test != nil {
			title = fmt.Sprintf("%s, %s, accuracy %.3g train, %.3g test", d.Name, shapeString(m.Shape()), res.Accuracy, testRes.Accuracy)
		}
		if err := drawBoundary(o.boundary, m, d, test, title, o.discretize); err != nil {
			return err
		}
	}
	if o.neurons != "" {
		if err := drawNeurons(o.neurons, m, d, fmt.Sprintf("%s, %s: each unit's output", d.Name, shapeString(m.Shape()))); err != nil {
			return err
		}
	}
	if o.save != "" {
		epochs := o.epochs
		if meta != nil {
			epochs += meta.Epochs
		}
		saved := &nn.ModelMeta{Dataset: d.Name, Epochs: epochs, Loss: res.Loss}
		if o.save == stdoutPath {
			return m.WriteModel(e.stdout, saved)
		}
		return m.Save(o.save, saved)
	}
	return nil
}

func shapeString(shape []int) string {
	s := make([]string, len(shape))
	for i, n := range shape {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, "-")
}

// maxPrintedPredictions bounds the table of the text output; --json has
// them all.
const maxPrintedPredictions = 16

func writeTrainText(w io.Writer, r *trainReport) error {
	acts := make([]string, len(r.Activations))
	for i, a := range r.Activations {
		acts[i] = string(a)
	}
	fmt.Fprintf(w, "%s: %d samples; network %s (%s), %s loss, α = %g, seed %d, %d epochs\n",
		r.Dataset, r.Samples, shapeString(r.Shape), strings.Join(acts, ", "), r.LossFn, r.LR, r.Seed, r.Epochs)
	if len(r.Features) > 0 {
		fmt.Fprintf(w, "features %s\n", strings.Join(r.Features, ", "))
	}
	if len(r.LayerLR) > 0 {
		rates := make([]string, len(r.LayerLR))
		for i, a := range r.LayerLR {
			if a == 0 {
				a = r.LR
			}
			rates[i] = strconv.FormatFloat(a, 'g', -1, 64)
		}
		fmt.Fprintf(w, "α per layer %s\n", strings.Join(rates, ", "))
	}
	if r.Optimizer != "" {
		fmt.Fprintf(w, "optimizer %s\n", r.Optimizer)
	}
	if r.L1 != 0 || r.L2 != 0 {
		fmt.Fprintf(w, "penalty λ₁ = %g, λ₂ = %g (the loss includes it)\n", r.L1, r.L2)
	}
	if len(r.Predictions) <= maxPrintedPredictions {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		for i := range r.Predictions[0].X {
			fmt.Fprintf(tw, "x%d\t", i+1)
		}
		fmt.Fprintln(tw, "y\tyhat\t")
		for _, p := range r.Predictions {
			for _, v := range p.X {
				fmt.Fprintf(tw, "%g\t", v)
			}
			mark := ""
			switch {
			case p.Probs != nil: // the class and its probability
				if p.Yhat != p.Y {
					mark = " ✗"
				}
				fmt.Fprintf(tw, "%g\t%g (p %.4f)%s\t\n", p.Y, p.Yhat, p.Probs[int(p.Yhat)], mark)
				continue
			case !r.Regression && (p.Yhat >= 0.5) != (p.Y >= 0.5):
				mark = " ✗"
			}
			fmt.Fprintf(tw, "%g\t%.4f%s\t\n", p.Y, p.Yhat, mark)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if r.Regression {
		_, err := fmt.Fprintf(w, "loss %.6g\n", r.Loss)
		if r.Test != nil && err == nil {
			_, err = fmt.Fprintf(w, "test loss %.6g (%d samples)\n", r.Test.Loss, r.Test.Samples)
		}
		return err
	}
	right := int(r.Accuracy*float64(r.Samples) + 0.5)
	what := "accuracy"
	if r.Test != nil {
		what = "train accuracy"
	}
	_, err := fmt.Fprintf(w, "%s %.4g (%d/%d)  loss %.6g\n", what, r.Accuracy, right, r.Samples, r.Loss)
	if r.Test != nil && err == nil {
		right := int(r.Test.Accuracy*float64(r.Test.Samples) + 0.5)
		_, err = fmt.Fprintf(w, "test accuracy %.4g (%d/%d)  loss %.6g\n", r.Test.Accuracy, right, r.Test.Samples, r.Test.Loss)
	}
	return err
}

// optimizerName is --optimizer for the report: "" for SGD, whose report
// is as it was before optimizers.
func (o *trainOptions) optimizerName() string {
	if n := strings.ToLower(strings.TrimSpace(o.optimizer)); n != "sgd" {
		return n
	}
	return ""
}

func presetNames() string {
	names := make([]string, len(nn.Presets))
	for i, p := range nn.Presets {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}

// applyPreset sets the flags that were not given (changed reports which
// were) to --preset's values, and the dataset if args has none; it
// returns the arguments.
func (o *trainOptions) applyPreset(changed func(string) bool, args []string) ([]string, error) {
	p, ok := nn.PresetNamed(o.preset)
	if !ok {
		return nil, usagef("--preset %q: want one of %s", o.preset, presetNames())
	}
	if o.load != "" {
		return nil, usagef("--preset describes a new network; it cannot be used with --load")
	}
	set := func(flag string, apply func()) {
		if !changed(flag) {
			apply()
		}
	}
	set("hidden", func() { o.hidden = p.Hidden })
	if p.Activation != "" {
		set("activation", func() { o.activation = string(p.Activation) })
	}
	if p.Loss != "" {
		set("loss", func() { o.loss = string(p.Loss) })
	}
	if p.Init != "" {
		set("init", func() { o.init = p.Init })
	}
	if p.LR != 0 {
		set("lr", func() { o.lr = p.LR })
	}
	if p.Epochs != 0 {
		set("epochs", func() { o.epochs = p.Epochs })
	}
	set("features", func() { o.features = p.Features })
	set("seed", func() { o.seed = p.Seed })
	if len(args) == 0 {
		args = []string{p.Dataset}
	}
	return args, nil
}

// parseLayerLR reads --layer-lr, one learning rate per layer of a network
// of n layers (0: --lr's); "" is none.
func parseLayerLR(s string, n int) ([]float64, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	if len(parts) != n {
		return nil, usagef("--layer-lr has %d rates for %d layers (the hidden layers and the output layer)", len(parts), n)
	}
	rates := make([]float64, n)
	for i, p := range parts {
		a, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || !(a >= 0 && a <= math.MaxFloat64) {
			return nil, usagef("--layer-lr: rate %d %s: want a finite number ≥ 0 (0: --lr)", i+1, quoteShort(p))
		}
		rates[i] = a
	}
	return rates, nil
}

// drawBoundary draws the decision boundary of m over the points of d, and
// of test (nil: none) as hollow markers, to path.
func drawBoundary(path string, m *nn.MLP, d, test *nn.Dataset, title string, discretize bool) error {
	if d.Regression {
		return usagef("--boundary: %s is a regression set, whose outputs have no decision boundary", d.Name)
	}
	if d.Dim() != 2 {
		return usagef("--boundary needs a dataset of 2 inputs; %s has %d", d.Name, d.Dim())
	}
	opts := &plot.Options{Title: title, Discretize: discretize}
	if test != nil {
		opts.Test, opts.TestLabels = test.X, test.Y
	}
	x := make([]float64, 2)
	if m.Config().Loss == nn.Softmax {
		f := func(a, b float64) (int, float64, error) {
			x[0], x[1] = a, b
			p, err := m.Evaluate(&nn.Dataset{Name: "boundary", X: [][]float64{x}, Y: []float64{0}})
			if err != nil {
				return 0, 0, err
			}
			pred := p.Predictions[0]
			return int(pred.Yhat), pred.Probs[int(pred.Yhat)], nil
		}
		return plot.ClassBoundary(path, f, d.X, d.Y, m.NumOutputs(), opts)
	}
	if m.NumOutputs() > 1 {
		return usagef("--boundary draws a network of one output or a softmax classifier; this one has %d outputs", m.NumOutputs())
	}
	out := m.OutputFunc() // the plan's numbers, without the graph
	f := func(a, b float64) (float64, error) {
		x[0], x[1] = a, b
		return out(x)
	}
	return plot.Boundary(path, f, d.X, d.Y, opts)
}

// drawNeurons draws every unit's output of m over the window of d's
// points to path.
func drawNeurons(path string, m *nn.MLP, d *nn.Dataset, title string) error {
	if d.Dim() != 2 {
		return usagef("--neurons needs a dataset of 2 inputs; %s has %d", d.Name, d.Dim())
	}
	return plot.Neurons(path, m.UnitOutputs, m.UnitNames(), d.X, &plot.Options{Title: title})
}

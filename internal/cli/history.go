package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/cgraph/cgraph/nn"
	"github.com/cgraph/cgraph/plot"
	"github.com/spf13/cobra"
)

type historyOptions struct {
	model, save       string
	boundary, neurons string
	frames, plot      string
	at                int
	json, discretize  bool
	mem               memoryBudget
	atSet             bool
}

func newHistoryCmd(e *env) *cobra.Command {
	var o historyOptions
	cmd := &cobra.Command{
		Use:   "history [flags] FILE [DATASET]",
		Short: "Replay the weights recorded by train --history: a table per snapshot, boundaries, frames, models",
		Long: `history reads a file written by cgraph train --history and lists its
snapshots with the loss and accuracy of the network at each (and on the test
samples, if the run held some out). It restores the network of one snapshot
(--at EPOCH, default the last) to draw it (--boundary, --neurons) or to save
it as a model (--save), which cgraph train --load trains further. --frames DIR
draws the boundary of every snapshot, one PNG each, to show how it formed;
--plot draws the loss at each snapshot.

The file records the network and the data (a built-in dataset is generated
again from its settings); DATASET gives a CSV file's path, which a history
file does not make cgraph read. A history of version 1 has no network:
give --model, the model the same run saved.`,
		Example: `  cgraph train spiral --preset spiral --history h.json --history-every 100
  cgraph history h.json
  cgraph history h.json --frames frames/
  cgraph history h.json --at 500 --boundary b500.png --save m500.json
  cgraph train --load m500.json --epochs 100`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.atSet = cmd.Flags().Changed("at")
			return runHistory(e, &o, args)
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.at, "at", 0, "the `EPOCH` of the snapshot to restore (default: the last)")
	f.StringVar(&o.boundary, "boundary", "", "draw the restored network's decision boundary to `FILE` (.png or .svg)")
	f.BoolVar(&o.discretize, "discretize", false, "draw the boundaries' background in the two classes' colours only")
	f.StringVar(&o.neurons, "neurons", "", "draw every unit's output of the restored network to `FILE` (.png or .svg)")
	f.StringVar(&o.save, "save", "", "save the restored network as a model to `FILE` (- for standard output, instead of the table)")
	f.StringVar(&o.frames, "frames", "", "draw the boundary of every snapshot into `DIR`, one epoch-E.png each")
	f.StringVar(&o.plot, "plot", "", "draw the loss at every snapshot against the epoch to `FILE` (.png or .svg)")
	f.StringVar(&o.model, "model", "", "the network of a version 1 history: the model `FILE` the same run saved")
	f.BoolVar(&o.json, "json", false, "print the snapshots as one JSON object (see README)")
	o.mem.addFlag(cmd)
	return cmd
}

// historyReport is the --json output.
type historyReport struct {
	File      string          `json:"file"`
	Version   int             `json:"version"`
	Every     int             `json:"every"`
	Dataset   string          `json:"dataset,omitempty"`
	Shape     []int           `json:"shape"`
	Snapshots []snapshotStats `json:"snapshots"`
}

// snapshotStats is the network of one snapshot on the data: the fields
// are absent when the data are not known.
type snapshotStats struct {
	Epoch        int      `json:"epoch"`
	Loss         *float64 `json:"loss,omitempty"`
	Accuracy     *float64 `json:"accuracy,omitempty"`
	TestLoss     *float64 `json:"test_loss,omitempty"`
	TestAccuracy *float64 `json:"test_accuracy,omitempty"`
}

func runHistory(e *env, o *historyOptions, args []string) error {
	for _, path := range []string{o.boundary, o.neurons, o.plot} {
		if path != "" {
			if err := plot.CheckPath(path); err != nil {
				return usageError{err}
			}
		}
	}
	if o.save == stdoutPath && o.json {
		return usagef("--save - writes the model to standard output: --json cannot share it")
	}
	file := args[0]
	// The file's text and its numbers decoded are in memory at once.
	if st, err := os.Stat(file); err == nil && st.Mode().IsRegular() {
		if err := o.mem.check("reading "+file+" ("+formatBytes(float64(st.Size()))+")", 3*float64(st.Size()), "raise --max-memory if the machine has the memory"); err != nil {
			return err
		}
	}
	h, err := nn.LoadHistory(file)
	if err != nil {
		return usageError{err}
	}
	check := func(cfg nn.Config) error {
		return o.mem.check("the "+shapeString(configShape(cfg))+" network of "+file, nn.TrainBytes(cfg, 1), "raise --max-memory if the machine has the memory")
	}
	var m *nn.MLP
	switch {
	case o.model != "":
		if m, _, err = nn.LoadWith(o.model, check); err != nil {
			return usageError{err}
		}
	case len(h.Model) > 0:
		if m, err = h.Network(file, check); err != nil {
			return usageError{err}
		}
	default:
		return usagef("%s is a history of version %d, which does not record the network: give --model FILE, the model the same run saved", file, h.Version)
	}
	// Every snapshot must fit the network; restoring one checks it again.
	if err := h.Snapshots[0].Restore(m); err != nil {
		return usagef("%s: %v", file, err)
	}
	d, test, err := historyData(o, h, args)
	if err != nil {
		return err
	}
	snap := &h.Snapshots[len(h.Snapshots)-1]
	if o.atSet {
		if snap, err = h.At(o.at); err != nil {
			return usagef("%s: --at: %v", file, err)
		}
	}
	needData := o.boundary != "" || o.neurons != "" || o.frames != "" || o.plot != ""
	if needData && d == nil {
		return usagef("%s records no built-in dataset to draw on: give DATASET (a .csv file)", file)
	}
	rep := historyReport{File: file, Version: h.Version, Every: h.Every, Shape: m.Shape()}
	if d != nil {
		rep.Dataset = d.Name
	}
	for k := range h.Snapshots {
		s := &h.Snapshots[k]
		st, err := snapshotResult(m, s, d, test)
		if err != nil {
			return err
		}
		rep.Snapshots = append(rep.Snapshots, st)
		if o.frames != "" {
			if err := o.frame(m, s, d, test, st, h); err != nil {
				return err
			}
		}
	}
	if o.plot != "" {
		if err := historyPlot(o.plot, rep, d); err != nil {
			return err
		}
	}
	if err := snap.Restore(m); err != nil {
		return usagef("%s: %v", file, err)
	}
	title := fmt.Sprintf("%s, %s, epoch %d", rep.Dataset, shapeString(m.Shape()), snap.Epoch)
	if o.boundary != "" {
		if err := drawBoundary(o.boundary, m, d, test, title, o.discretize); err != nil {
			return err
		}
	}
	if o.neurons != "" {
		if err := drawNeurons(o.neurons, m, d, title+": each unit's output"); err != nil {
			return err
		}
	}
	if o.save != "" {
		meta := &nn.ModelMeta{Epochs: snap.Epoch}
		if h.Data != nil {
			meta.Dataset = h.Data.Dataset
		}
		if d != nil {
			res, err := m.Evaluate(d)
			if err != nil {
				return err
			}
			meta.Loss = res.Loss
		}
		if o.save == stdoutPath {
			return m.WriteModel(e.stdout, meta)
		}
		if err := m.Save(o.save, meta); err != nil {
			return err
		}
	}
	if o.json {
		return json.NewEncoder(e.stdout).Encode(rep)
	}
	return writeHistoryText(e.stdout, &rep)
}

// historyData returns the data the history was recorded on, split as in
// the run, or nil if it is not known: DATASET if given, else the recorded
// dataset if it is built in.
func historyData(o *historyOptions, h *nn.History, args []string) (d, test *nn.Dataset, err error) {
	t := trainOptions{samples: 200, dataSeed: 1, classes: 3}
	name := ""
	if h.Data != nil {
		t.samples, t.noise, t.dataSeed, t.classes, t.test = h.Data.Samples, h.Data.Noise, h.Data.DataSeed, h.Data.Classes, h.Data.Test
		name = h.Data.Dataset
	}
	if len(args) == 2 {
		name = args[1]
	} else if !slices.Contains(nn.DatasetNames(), name) && !slices.Contains(nn.RegressionNames(), name) && name != "blobs" {
		return nil, nil, nil // a path in the file is not read
	}
	if err := o.mem.check(fmt.Sprintf("the %d samples of %s", t.samples, quoteShort(name)), nn.DatasetBytes(t.samples, 2), "raise --max-memory if the machine has the memory"); err != nil {
		return nil, nil, err
	}
	if d, err = t.dataset(name); err != nil {
		return nil, nil, err
	}
	d, test, err = nn.Split(d, t.test, t.dataSeed)
	if err != nil {
		return nil, nil, usagef("%s: the test fraction %g: %v", name, t.test, err)
	}
	return d, test, nil
}

// snapshotResult restores s into m and evaluates it on d and test.
func snapshotResult(m *nn.MLP, s *nn.Snapshot, d, test *nn.Dataset) (snapshotStats, error) {
	st := snapshotStats{Epoch: s.Epoch}
	if d == nil {
		return st, nil
	}
	if err := s.Restore(m); err != nil {
		return st, usageError{err}
	}
	res, err := m.Evaluate(d)
	if err != nil {
		return st, fmt.Errorf("epoch %d: %w", s.Epoch, err)
	}
	st.Loss, st.Accuracy = &res.Loss, &res.Accuracy
	if test != nil {
		tr, err := m.Evaluate(test)
		if err != nil {
			return st, fmt.Errorf("epoch %d: %w", s.Epoch, err)
		}
		st.TestLoss, st.TestAccuracy = &tr.Loss, &tr.Accuracy
	}
	return st, nil
}

// frame draws the boundary of snapshot s (restored in m) to the frames'
// directory, named so that the files sort by epoch.
func (o *historyOptions) frame(m *nn.MLP, s *nn.Snapshot, d, test *nn.Dataset, st snapshotStats, h *nn.History) error {
	if err := os.MkdirAll(o.frames, 0o755); err != nil {
		return usageError{err}
	}
	digits := len(strconv.Itoa(h.Snapshots[len(h.Snapshots)-1].Epoch))
	path := filepath.Join(o.frames, fmt.Sprintf("epoch-%0*d.png", digits, s.Epoch))
	title := fmt.Sprintf("%s, epoch %d, accuracy %.3g", d.Name, s.Epoch, *st.Accuracy)
	if st.TestAccuracy != nil {
		title += fmt.Sprintf(" train, %.3g test", *st.TestAccuracy)
	}
	return drawBoundary(path, m, d, test, title, o.discretize)
}

// historyPlot draws the loss at every snapshot, and the test loss if any.
func historyPlot(path string, rep historyReport, d *nn.Dataset) error {
	var train, test plot.Series
	train.Name, test.Name = "train", "test"
	for _, s := range rep.Snapshots {
		train.X = append(train.X, float64(s.Epoch))
		train.Values = append(train.Values, *s.Loss)
		if s.TestLoss != nil {
			test.X = append(test.X, float64(s.Epoch))
			test.Values = append(test.Values, *s.TestLoss)
		}
	}
	series := []plot.Series{train}
	if len(test.Values) > 0 {
		series = append(series, test)
	}
	title := fmt.Sprintf("%s, %s: loss at each snapshot", d.Name, shapeString(rep.Shape))
	return plot.LossCurves(path, series, &plot.Options{Title: title})
}

func writeHistoryText(w io.Writer, r *historyReport) error {
	last := r.Snapshots[len(r.Snapshots)-1].Epoch
	fmt.Fprintf(w, "%s: %d snapshots of a %s network, epochs 0 to %d (every %d)", r.File, len(r.Snapshots), shapeString(r.Shape), last, r.Every)
	if r.Dataset != "" {
		fmt.Fprintf(w, ", on %s", r.Dataset)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := []string{"epoch"}
	if r.Snapshots[0].Loss != nil {
		head = append(head, "loss", "accuracy")
	}
	if r.Snapshots[0].TestLoss != nil {
		head = append(head, "test loss", "test accuracy")
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for _, s := range r.Snapshots {
		row := []string{strconv.Itoa(s.Epoch)}
		for _, v := range []*float64{s.Loss, s.Accuracy, s.TestLoss, s.TestAccuracy} {
			if v != nil {
				row = append(row, strconv.FormatFloat(*v, 'g', 6, 64))
			}
		}
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	return tw.Flush()
}

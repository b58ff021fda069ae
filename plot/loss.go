package plot

import (
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// maxCurvePoints caps the points of a drawn curve; longer histories are
// thinned evenly (the last point always kept), so a file stays small.
const maxCurvePoints = 2000

// LossCurve writes the loss of every epoch (loss[0] is epoch 1) to path.
// The loss axis is logarithmic when all losses are positive and they span
// more than a factor of 10.
func LossCurve(path string, loss []float64, opts *Options) error {
	if err := CheckPath(path); err != nil {
		return err
	}
	o := opts.withDefaults(false)
	p := gplot.New()
	p.Title.Text = o.Title
	p.X.Label.Text = "epoch"
	p.Y.Label.Text = "mean loss"
	p.Add(plotter.NewGrid())
	step := max(1, (len(loss)+maxCurvePoints-1)/maxCurvePoints)
	var pts plotter.XYs
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := 0; i < len(loss); i++ {
		lo, hi = min(lo, loss[i]), max(hi, loss[i])
		if i%step == 0 || i == len(loss)-1 {
			pts = append(pts, plotter.XY{X: float64(i + 1), Y: loss[i]})
		}
	}
	if len(pts) > 0 {
		if lo > 0 && hi/lo > 10 {
			p.Y.Scale = gplot.LogScale{}
			p.Y.Tick.Marker = powerTicks{}
		}
		line, err := plotter.NewLine(pts)
		if err != nil {
			return err
		}
		line.Color = lineColor
		line.Width = vg.Points(1.5)
		p.Add(line)
	}
	return save(p, o, path)
}

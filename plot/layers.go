package plot

import (
	"errors"
	"fmt"
	"gonum.org/v1/plot/vg/draw"
	"image/color"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Series is one named line: Values[i] is drawn at x = i+1.
type Series struct {
	Name   string
	Values []float64
	// X, if not nil, is the x of each value (LossCurves: the epoch);
	// nil: 1, 2, ….
	X []float64
}

// LayerGradients writes a chart of gradient size by layer to path: layers
// on the x-axis, gradient size on a logarithmic y-axis, one line per
// series (the legend beside the chart), and a dashed grey reference line
// (1/4)^(n−l) that starts at refAt on the last layer and falls by a factor
// of 4 per layer towards the input, the most a sigmoid unit with |w| ≤ 1
// lets through (exercise 3-1 (b)); refAt ≤ 0 means the geometric mean of
// the lines' last values. Values ≤ 0 or not finite cannot be drawn on a
// log axis and are left out of their line.
func LayerGradients(path string, lines []Series, refAt float64, opts *Options) error {
	if err := CheckPath(path); err != nil {
		return err
	}
	if len(lines) == 0 {
		return errors.New("plot: no lines of gradients")
	}
	o := opts.withDefaults(false)
	p := gplot.New()
	p.Title.Text = o.Title
	p.X.Label.Text = "layer (1 = next to the input)"
	p.Y.Label.Text = "RMS of ∂L/∂W"
	p.Y.Scale = gplot.LogScale{}
	p.Y.Tick.Marker = powerTicks{}
	p.Add(plotter.NewGrid())
	legend := gplot.NewLegend()
	n, logSum, lasts := 0, 0.0, 0
	lo := math.Inf(1)
	for i, s := range lines {
		pts := positive(s.Values)
		if len(pts) == 0 {
			continue
		}
		n = max(n, len(s.Values))
		if v := s.Values[len(s.Values)-1]; positiveFinite(v) {
			logSum += math.Log(v)
			lasts++
		}
		for _, pt := range pts {
			lo = min(lo, pt.Y)
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return fmt.Errorf("plot: line %s: %w", s.Name, err)
		}
		l.Color, l.Dashes = lineStyle(i)
		l.Width = vg.Points(1.5)
		p.Add(l)
		legend.Add(s.Name, l)
	}
	if n == 0 {
		return errors.New("plot: no positive gradient to draw on a log axis")
	}
	top := refAt
	if top <= 0 && lasts > 0 {
		top = math.Exp(logSum / float64(lasts))
	}
	if positiveFinite(top) && n > 1 {
		var ref plotter.XYs
		for l := n; l >= 1; l-- {
			v := top * math.Pow(0.25, float64(n-l))
			if v <= 0 {
				break // underflowed (a thousand layers fall by 1e-602): not on a log axis
			}
			if v < lo/10 && len(ref) > 1 {
				break // below every line: it would only stretch the axis
			}
			ref = append(ref, plotter.XY{X: float64(l), Y: v})
		}
		r, err := plotter.NewLine(ref)
		if err != nil {
			return err
		}
		r.Color = refColor
		r.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		r.Width = vg.Points(1.2)
		p.Add(r)
		legend.Add("(1/4)^(n−l)", r)
	}
	p.X.Min, p.X.Max = 1, float64(max(n, 2))
	p.X.Tick.Marker = integerTicks{}
	return saveWithLegend(p, legend, o, path)
}

// LossCurves writes several loss curves, Values[i] being the mean loss of
// epoch i+1, into one chart at path. The loss axis is logarithmic when all
// losses are positive and span more than a factor of 10.
func LossCurves(path string, lines []Series, opts *Options) error {
	if err := CheckPath(path); err != nil {
		return err
	}
	if len(lines) == 0 {
		return errors.New("plot: no loss curves")
	}
	o := opts.withDefaults(false)
	p := gplot.New()
	p.Title.Text = o.Title
	p.X.Label.Text = "epoch"
	p.Y.Label.Text = "mean loss"
	p.Add(plotter.NewGrid())
	legend := gplot.NewLegend()
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range lines {
		for _, v := range s.Values {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	if lo > 0 && hi/lo > 10 {
		p.Y.Scale = gplot.LogScale{}
		p.Y.Tick.Marker = powerTicks{}
	}
	for i, s := range lines {
		step := max(1, (len(s.Values)+maxCurvePoints-1)/maxCurvePoints)
		var pts plotter.XYs
		for k, v := range s.Values {
			if (k%step == 0 || k == len(s.Values)-1) && !math.IsNaN(v) && !math.IsInf(v, 0) {
				x := float64(k + 1)
				if s.X != nil {
					x = s.X[k]
				}
				pts = append(pts, plotter.XY{X: x, Y: v})
			}
		}
		if len(pts) == 0 {
			continue
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return fmt.Errorf("plot: curve %s: %w", s.Name, err)
		}
		l.Color, l.Dashes = lineStyle(i)
		l.Width = vg.Points(1.5)
		p.Add(l)
		legend.Add(s.Name, l)
	}
	return saveWithLegend(p, legend, o, path)
}

var refColor = color.Gray{Y: 0x70}

func positiveFinite(v float64) bool { return v > 0 && !math.IsInf(v, 0) }

func positive(vs []float64) plotter.XYs {
	var pts plotter.XYs
	for i, v := range vs {
		if positiveFinite(v) {
			pts = append(pts, plotter.XY{X: float64(i + 1), Y: v})
		}
	}
	return pts
}

// integerTicks marks whole numbers only, at most about ten of them.
type integerTicks struct{}

func (integerTicks) Ticks(min, max float64) []gplot.Tick {
	lo, hi := math.Ceil(min), math.Floor(max)
	step := math.Max(1, math.Ceil((hi-lo+1)/10))
	var ts []gplot.Tick
	for v := lo; v <= hi; v += step {
		ts = append(ts, gplot.Tick{Value: v, Label: fmt.Sprintf("%g", v)})
	}
	return ts
}

// legendWidth is the share of the width given to a legend beside a chart.
const legendWidth = 0.3

// saveWithLegend draws p on the left and legend on the right of one image
// and writes it to path in the format of its extension.
func saveWithLegend(p *gplot.Plot, legend gplot.Legend, o Options, path string) error {
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	c, err := draw.NewFormattedCanvas(o.Width, o.Height, format)
	if err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	dc := draw.New(c)
	lw := vg.Length(legendWidth) * o.Width
	p.Draw(draw.Crop(dc, 0, -lw, 0, 0))
	legend.Top, legend.Left = true, true
	legend.Draw(draw.Crop(dc, o.Width-lw+vg.Points(6), 0, 0, -vg.Points(24)))
	return write(path, c)
}

// powerTicks marks powers of ten, labelled alike (1e-6, 1e-3, 1, 1e3 …),
// at most about a dozen of them, and unlabelled minor ticks between when
// the range is small.
type powerTicks struct{}

func (powerTicks) Ticks(min, max float64) []gplot.Tick {
	if !(min > 0) || !(max >= min) {
		return nil
	}
	lo, hi := int(math.Floor(math.Log10(min))), int(math.Ceil(math.Log10(max)))
	step := (hi - lo + 11) / 12
	step = int(math.Max(1, float64(step)))
	var ts []gplot.Tick
	for e := lo; e <= hi; e++ {
		v := math.Pow(10, float64(e))
		if (e-lo)%step == 0 {
			ts = append(ts, gplot.Tick{Value: v, Label: powerLabel(e)})
		} else {
			ts = append(ts, gplot.Tick{Value: v})
		}
		if hi-lo <= 4 && e < hi {
			for k := 2.0; k < 10; k++ {
				ts = append(ts, gplot.Tick{Value: k * v})
			}
		}
	}
	return ts
}

// powerLabel writes 10^e alike for every e: 1e-6, 1e-3, 1, 1e3. (The
// plot font has no superscript minus, so 10⁻⁶ is not an option.)
func powerLabel(e int) string {
	if e == 0 {
		return "1"
	}
	return "1e" + strconv.Itoa(e)
}

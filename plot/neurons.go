package plot

import (
	"errors"
	"fmt"
	"image"
	"math"
	"path/filepath"
	"strings"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// neuronPixels is the side of the grid each unit's tile is sampled on.
const neuronPixels = 60

// Neurons writes a small heatmap of every unit's output over the input
// plane to path, on the window Boundary draws for the same points, one row of tiles per layer, each titled
// with names[l][j]. f(xs) returns out[l][j][s], unit j of layer l on the
// point xs[s]. A tile is coloured from orange (its most negative value)
// through white (0) to blue (its most positive), each on its own scale,
// as a unit's range depends on its activation.
func Neurons(path string, f func(xs [][]float64) ([][][]float64, error), names [][]string, points [][]float64, opts *Options) error {
	if err := CheckPath(path); err != nil {
		return err
	}
	if len(names) == 0 || len(points) == 0 {
		return errors.New("plot: no layers of neurons, or no points to frame them")
	}
	x0, x1, y0, y1 := window(points)
	n := neuronPixels
	xs := make([][]float64, 0, n*n)
	g := &grid{n: n, x0: x0, x1: x1, y0: y0, y1: y1}
	for r := range n {
		for c := range n {
			x, y := g.at(float64(c), float64(r))
			xs = append(xs, []float64{x, y})
		}
	}
	out, err := f(xs)
	if err != nil {
		return fmt.Errorf("plot: neurons: %w", err)
	}
	cols := 0
	for _, l := range names {
		cols = max(cols, len(l))
	}
	o := opts.withDefaults(false)
	if opts == nil || opts.Height == 0 {
		o.Height = o.Width * vg.Length(len(names)) / vg.Length(cols) * 1.15
	}
	plots := make([][]*gplot.Plot, len(names))
	for l, layer := range names {
		plots[l] = make([]*gplot.Plot, cols)
		for j, name := range layer {
			v := out[l][j]
			scale := 0.0
			for _, z := range v {
				if !math.IsNaN(z) && !math.IsInf(z, 0) {
					scale = max(scale, math.Abs(z))
				}
			}
			img := image.NewRGBA(image.Rect(0, 0, n, n))
			for k, z := range v {
				t := 0.5
				if scale > 0 {
					t = 0.5 + z/scale/2
				}
				img.SetRGBA(k%n, k/n, shade(t))
			}
			p := gplot.New()
			p.Title.Text = name
			p.Add(plotter.NewImage(img, x0, y0, x1, y1))
			p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = x0, x1, y0, y1
			p.HideAxes()
			plots[l][j] = p
		}
	}
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	c, err := draw.NewFormattedCanvas(o.Width, o.Height, format)
	if err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	dc := draw.New(c)
	top := vg.Length(0)
	if o.Title != "" {
		top = vg.Points(30)
		ts := gplot.New().Title.TextStyle
		ts.XAlign = draw.XCenter
		dc.FillText(ts, vg.Point{X: o.Width / 2, Y: o.Height - vg.Points(14)}, o.Title)
	}
	tiles := draw.Tiles{Rows: len(names), Cols: cols, PadX: vg.Points(6), PadY: vg.Points(6), PadTop: top + vg.Points(4), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(4)}
	for l := range plots {
		for j, p := range plots[l] {
			if p != nil {
				p.Draw(tiles.At(dc, j, l))
			}
		}
	}
	return write(path, c)
}

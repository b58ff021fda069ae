package plot

import (
	"fmt"
	"image"
	"image/color"
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// ClassBoundary writes the regions of a classifier of k classes to path:
// each pixel of the background has the colour of the class f gives there
// (palette's colour c mod 10), deeper the surer f is (its probability p,
// from white at 1/k to a 65% shade at 1), and the points are drawn in the
// colour of their label with a dark outline, the test points of opts as
// rings. The window is Boundary's.
func ClassBoundary(path string, f func(x1, x2 float64) (class int, p float64, err error), points [][]float64, labels []float64, k int, opts *Options) error {
	if err := CheckPath(path); err != nil {
		return err
	}
	if len(points) == 0 || len(points) != len(labels) || k < 2 || len(o0(opts).Test) != len(o0(opts).TestLabels) {
		return fmt.Errorf("plot: class boundary of %d points with %d labels and %d classes", len(points), len(labels), k)
	}
	o := opts.withDefaults(false)
	if opts == nil || opts.Height == 0 {
		o.Height = o.Width * (1 - legendWidth) * 1.08
	}
	x0, x1, y0, y1 := window(append(points[:len(points):len(points)], o.Test...))
	g := &grid{n: boundaryPixels, x0: x0, x1: x1, y0: y0, y1: y1}
	img := image.NewRGBA(image.Rect(0, 0, g.n, g.n))
	for r := range g.n {
		for c := range g.n {
			x, y := g.at(float64(c), float64(r))
			class, p, err := f(x, y)
			if err != nil {
				return fmt.Errorf("plot: class boundary at (%g, %g): %w", x, y, err)
			}
			img.SetRGBA(c, r, classShade(class, p, k))
		}
	}
	pl := gplot.New()
	pl.Title.Text = o.Title
	pl.X.Label.Text = "x1"
	pl.Y.Label.Text = "x2"
	pl.Add(plotter.NewImage(img, x0, y0, x1, y1))
	legend := gplot.NewLegend()
	class := func(y float64) int { return int(math.Round(y)) }
	colour := func(c int) color.Color { return palette[c%len(palette)] }
	name := func(c int) string { return fmt.Sprintf("class %d", c) }
	if err := addPoints(pl, &legend, points, labels, o, k, class, colour, name); err != nil {
		return err
	}
	pl.X.Min, pl.X.Max, pl.Y.Min, pl.Y.Max = x0, x1, y0, y1
	return saveWithLegend(pl, legend, o, path)
}

// classShade is class's colour mixed with white by the certainty p: white
// at p = 1/k (a guess), 65% of the colour at p = 1.
func classShade(class int, p float64, k int) color.RGBA {
	base := palette[((class%len(palette))+len(palette))%len(palette)]
	t := 0.65 * min(max((p-1/float64(k))/(1-1/float64(k)), 0), 1)
	mix := func(a uint8) uint8 { return uint8(math.Round(255 + t*(float64(a)-255))) }
	return color.RGBA{R: mix(base.R), G: mix(base.G), B: mix(base.B), A: 0xff}
}

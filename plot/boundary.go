package plot

import (
	"fmt"
	"image"
	"image/color"
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// boundaryPixels is the side of the grid on which the model is evaluated.
const boundaryPixels = 200

// Boundary writes the decision boundary of a classifier of two inputs to
// path: the background shows f(x1, x2) from orange (0) through white (0.5)
// to blue (1), the line f = 0.5 is drawn dark, and the points (x1, x2) are
// drawn in the colour of their label (≥ 0.5 blue, else orange). The window
// is the points' bounding box with a margin of 10%.
func Boundary(path string, f func(x1, x2 float64) (float64, error), points [][]float64, labels []float64, opts *Options) error {
	if err := CheckPath(path); err != nil {
		return err
	}
	if len(points) == 0 || len(points) != len(labels) {
		return fmt.Errorf("plot: boundary of %d points with %d labels", len(points), len(labels))
	}
	o := opts.withDefaults(true)
	x0, x1, y0, y1 := window(points)
	img, err := field(f, x0, x1, y0, y1)
	if err != nil {
		return err
	}
	p := gplot.New()
	p.Title.Text = o.Title
	p.X.Label.Text = "x1"
	p.Y.Label.Text = "x2"
	p.Add(plotter.NewImage(img, x0, y0, x1, y1))
	for class := range 2 {
		var xys plotter.XYs
		for i, pt := range points {
			if (labels[i] >= 0.5) == (class == 1) {
				xys = append(xys, plotter.XY{X: pt[0], Y: pt[1]})
			}
		}
		if len(xys) == 0 {
			continue
		}
		fill, err := plotter.NewScatter(xys)
		if err != nil {
			return err
		}
		fill.GlyphStyle = draw.GlyphStyle{Color: classColor[class], Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}
		ring, _ := plotter.NewScatter(xys)
		ring.GlyphStyle = draw.GlyphStyle{Color: color.White, Radius: vg.Points(3.5), Shape: draw.RingGlyph{}}
		p.Add(fill, ring)
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = x0, x1, y0, y1
	return save(p, o, path)
}

// window returns the points' bounding box grown by 10% on every side.
func window(points [][]float64) (x0, x1, y0, y1 float64) {
	x0, y0 = math.Inf(1), math.Inf(1)
	x1, y1 = math.Inf(-1), math.Inf(-1)
	for _, p := range points {
		x0, x1 = min(x0, p[0]), max(x1, p[0])
		y0, y1 = min(y0, p[1]), max(y1, p[1])
	}
	mx, my := max((x1-x0)*0.1, 0.1), max((y1-y0)*0.1, 0.1)
	return x0 - mx, x1 + mx, y0 - my, y1 + my
}

// field evaluates f on the grid and colours it; pixels where f crosses 0.5
// towards a neighbour are the boundary line.
func field(f func(x1, x2 float64) (float64, error), x0, x1, y0, y1 float64) (image.Image, error) {
	const n = boundaryPixels
	v := make([]float64, n*n)
	for r := range n { // row 0 is the top: y1
		y := y1 - (float64(r)+0.5)/n*(y1-y0)
		for c := range n {
			x := x0 + (float64(c)+0.5)/n*(x1-x0)
			z, err := f(x, y)
			if err != nil {
				return nil, fmt.Errorf("plot: boundary at (%g, %g): %w", x, y, err)
			}
			v[r*n+c] = z
		}
	}
	img := image.NewRGBA(image.Rect(0, 0, n, n))
	for r := range n {
		for c := range n {
			z := v[r*n+c]
			edge := (c+1 < n && (z >= 0.5) != (v[r*n+c+1] >= 0.5)) ||
				(r+1 < n && (z >= 0.5) != (v[(r+1)*n+c] >= 0.5))
			if edge {
				img.SetRGBA(c, r, color.RGBA{R: 0x33, G: 0x33, B: 0x33, A: 0xff})
				continue
			}
			img.SetRGBA(c, r, shade(z))
		}
	}
	return img, nil
}

// shade blends white towards the colour of the nearer class, by how far z
// is from 0.5; never fully saturated, so points stay visible.
func shade(z float64) color.RGBA {
	z = min(max(z, 0), 1)
	k := classColor[0]
	if z >= 0.5 {
		k = classColor[1]
	}
	t := 0.65 * math.Abs(z-0.5) * 2
	mix := func(a uint8) uint8 { return uint8(math.Round(255 + t*(float64(a)-255))) }
	return color.RGBA{R: mix(k.R), G: mix(k.G), B: mix(k.B), A: 0xff}
}

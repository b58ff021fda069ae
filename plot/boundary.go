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
// to blue (1), the line f = 0.5 is drawn dark and smooth (interpolated
// between the grid's samples), and the points (x1, x2) are drawn in the
// colour of their label (≥ 0.5 blue, else orange) with a dark outline, so
// that a point stands out on a region of its own colour; the test points
// of opts, if any, as rings. A legend right of the chart names the classes,
// the markers and the line. The window is the bounding box of all points
// with a margin of 10%.
func Boundary(path string, f func(x1, x2 float64) (float64, error), points [][]float64, labels []float64, opts *Options) error {
	if err := CheckPath(path); err != nil {
		return err
	}
	if len(points) == 0 || len(points) != len(labels) || len(o0(opts).Test) != len(o0(opts).TestLabels) {
		return fmt.Errorf("plot: boundary of %d points with %d labels", len(points), len(labels))
	}
	o := opts.withDefaults(false)
	if opts == nil || opts.Height == 0 { // the data square, the legend beside it
		o.Height = o.Width * (1 - legendWidth) * 1.08
	}
	x0, x1, y0, y1 := window(append(points[:len(points):len(points)], o.Test...))
	grid, err := sample(f, x0, x1, y0, y1)
	if err != nil {
		return err
	}
	p := gplot.New()
	p.Title.Text = o.Title
	p.X.Label.Text = "x1"
	p.Y.Label.Text = "x2"
	p.Add(plotter.NewImage(grid.image(o.Discretize), x0, y0, x1, y1))
	line := &contour{grid: grid, style: draw.LineStyle{Color: boundaryColor, Width: vg.Points(2)}}
	p.Add(line)
	legend := gplot.NewLegend()
	class := func(y float64) int {
		if y >= 0.5 {
			return 1
		}
		return 0
	}
	colour := func(c int) color.Color { return classColor[c] }
	name := func(c int) string { return fmt.Sprintf("label %d", c) }
	if err := addPoints(p, &legend, points, labels, o, 2, class, colour, name); err != nil {
		return err
	}
	legend.Add("f = 0.5", line)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = x0, x1, y0, y1
	return saveWithLegend(p, legend, o, path)
}

// o0 is *o, or the zero Options.
func o0(o *Options) Options {
	if o == nil {
		return Options{}
	}
	return *o
}

// Colours of the boundary line and of the points' outline: dark on both
// classes' colours and on white.
var (
	boundaryColor = color.RGBA{R: 0x22, G: 0x22, B: 0x22, A: 0xff}
	outlineColor  = color.RGBA{R: 0x11, G: 0x11, B: 0x11, A: 0xff}
)

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

// grid is f sampled at the centres of an n×n raster over the window;
// row 0 is the top, y1.
type grid struct {
	n              int
	v              []float64
	x0, x1, y0, y1 float64
}

func sample(f func(x1, x2 float64) (float64, error), x0, x1, y0, y1 float64) (*grid, error) {
	g := &grid{n: boundaryPixels, v: make([]float64, boundaryPixels*boundaryPixels), x0: x0, x1: x1, y0: y0, y1: y1}
	for r := range g.n {
		for c := range g.n {
			x, y := g.at(float64(c), float64(r))
			z, err := f(x, y)
			if err != nil {
				return nil, fmt.Errorf("plot: boundary at (%g, %g): %w", x, y, err)
			}
			g.v[r*g.n+c] = z
		}
	}
	return g, nil
}

// at returns the point of the raster's (fractional) column c and row r.
func (g *grid) at(c, r float64) (x, y float64) {
	n := float64(g.n)
	return g.x0 + (c+0.5)/n*(g.x1-g.x0), g.y1 - (r+0.5)/n*(g.y1-g.y0)
}

// image is the shaded background; discrete, it has only the two classes'
// colours at full shade.
func (g *grid) image(discrete bool) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, g.n, g.n))
	for r := range g.n {
		for c := range g.n {
			z := g.v[r*g.n+c]
			if discrete {
				z = 0
				if g.v[r*g.n+c] >= 0.5 {
					z = 1
				}
			}
			img.SetRGBA(c, r, shade(z))
		}
	}
	return img
}

// segments returns the line f = 0.5 by marching squares: in each cell of
// four samples, a segment between the points where f crosses 0.5 on the
// cell's sides, found by linear interpolation.
func (g *grid) segments() [][2]plotter.XY {
	var segs [][2]plotter.XY
	for r := 0; r+1 < g.n; r++ {
		for c := 0; c+1 < g.n; c++ {
			// corners in order around the cell: (c,r) (c+1,r) (c+1,r+1) (c,r+1)
			cs := [4][2]int{{c, r}, {c + 1, r}, {c + 1, r + 1}, {c, r + 1}}
			var cross []plotter.XY
			for k := range 4 {
				a, b := cs[k], cs[(k+1)%4]
				va, vb := g.v[a[1]*g.n+a[0]]-0.5, g.v[b[1]*g.n+b[0]]-0.5
				if (va >= 0) == (vb >= 0) {
					continue
				}
				t := va / (va - vb)
				x, y := g.at(float64(a[0])+t*float64(b[0]-a[0]), float64(a[1])+t*float64(b[1]-a[1]))
				cross = append(cross, plotter.XY{X: x, Y: y})
			}
			for k := 0; k+1 < len(cross); k += 2 { // 2 crossings, or 4 at a saddle
				segs = append(segs, [2]plotter.XY{cross[k], cross[k+1]})
			}
		}
	}
	return segs
}

// contour draws the line f = 0.5 of a grid; it is a plotter and a legend
// thumbnail.
type contour struct {
	grid  *grid
	style draw.LineStyle
}

func (l *contour) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, s := range l.grid.segments() {
		c.StrokeLine2(l.style, trX(s[0].X), trY(s[0].Y), trX(s[1].X), trY(s[1].Y))
	}
}

func (l *contour) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(l.style, c.Min.X, y, c.Max.X, y)
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

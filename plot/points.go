package plot

import (
	"fmt"
	"image/color"
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// pointRadius is the radius of a data point's marker.
var pointRadius = vg.Points(3.5)

// addPoints adds the training points (filled discs in their class's
// colour, outlined dark) and the test points of o (rings of the class's
// colour with a dark edge inside and out, the background showing through)
// of every class to p, and a legend entry per class; class(i) is label i's
// class and colour its colour. With test points the legend also shows the
// two markers in grey, "train" and "test". Every marker has a dark edge, so
// that a point never takes the colour of the region under it.
func addPoints(p *gplot.Plot, legend *gplot.Legend, points [][]float64, labels []float64, o Options, k int, class func(y float64) int, colour func(c int) color.Color, name func(c int) string) error {
	for c := range k {
		var train, test plotter.XYs
		for i, pt := range points {
			if class(labels[i]) == c {
				train = append(train, plotter.XY{X: pt[0], Y: pt[1]})
			}
		}
		for i, pt := range o.Test {
			if class(o.TestLabels[i]) == c {
				test = append(test, plotter.XY{X: pt[0], Y: pt[1]})
			}
		}
		if len(train) == 0 && len(test) == 0 {
			continue
		}
		var entry []gplot.Thumbnailer
		if len(train) > 0 {
			s, err := scatter(train, disc{fill: colour(c)})
			if err != nil {
				return err
			}
			p.Add(s)
			entry = append(entry, s)
		}
		if len(test) > 0 {
			s, err := scatter(test, ring{colour: colour(c)})
			if err != nil {
				return err
			}
			p.Add(s)
			if len(entry) == 0 {
				entry = append(entry, s)
			}
		}
		legend.Add(name(c), entry...)
	}
	if len(o.Test) > 0 {
		grey := color.RGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xff}
		tr, _ := scatter(plotter.XYs{{}}, disc{fill: grey})
		te, _ := scatter(plotter.XYs{{}}, ring{colour: grey})
		legend.Add(fmt.Sprintf("train (%d)", len(points)), tr)
		legend.Add(fmt.Sprintf("test (%d)", len(o.Test)), te)
	}
	return nil
}

func scatter(xys plotter.XYs, g draw.GlyphDrawer) (*plotter.Scatter, error) {
	s, err := plotter.NewScatter(xys)
	if err != nil {
		return nil, err
	}
	s.GlyphStyle = draw.GlyphStyle{Color: outlineColor, Radius: pointRadius, Shape: g}
	return s, nil
}

// disc is a filled circle with a dark edge: a training point.
type disc struct{ fill color.Color }

func (d disc) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.SetColor(d.fill) // CircleGlyph fills with the canvas's colour
	draw.CircleGlyph{}.DrawGlyph(c, draw.GlyphStyle{Color: d.fill, Radius: sty.Radius}, pt)
	draw.RingGlyph{}.DrawGlyph(c, sty, pt)
}

// ring is a hollow circle, a thick ring of its colour between two dark
// edges: a test point.
type ring struct{ colour color.Color }

func (r ring) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	sty.Radius *= 1.3 // a ring shows less colour than a disc of its size
	w := sty.Radius * 0.5
	c.SetLineStyle(draw.LineStyle{Color: r.colour, Width: w})
	var p vg.Path
	rad := sty.Radius - w/2
	p.Move(vg.Point{X: pt.X + rad, Y: pt.Y})
	p.Arc(pt, rad, 0, 2*math.Pi)
	p.Close()
	c.Stroke(p)
	draw.RingGlyph{}.DrawGlyph(c, sty, pt)
	draw.RingGlyph{}.DrawGlyph(c, draw.GlyphStyle{Color: sty.Color, Radius: sty.Radius - w}, pt)
}

package render

import (
	"image"
	"image/color"
	"strconv"
	"strings"
	"sync"

	"github.com/fogleman/gg"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
)

// pad is the margin around the drawing in points, as Graphviz's SVG has.
const pad = 4

// painter replays xdot operations on a gg context. Graphviz's y axis points
// up from the bottom of the bounding box; the image's points down.
type painter struct {
	dc          *gg.Context
	scale, h    float64 // h: height of the bounding box in points
	pen, fill   color.Color
	lineWidth   float64
	dashed      bool
	fontSize    float64
	facesBySize map[float64]font.Face
}

// draw paints the whole layout: clusters first, then edges, then nodes, and
// edge labels last so that no shape covers a number.
func draw(g *xgraph, scale float64) (image.Image, error) {
	w, h, err := bbox(g.BB)
	if err != nil {
		return nil, err
	}
	scale = fitScale(w+2*pad, h+2*pad, scale)
	W, H := int((w+2*pad)*scale+0.5), int((h+2*pad)*scale+0.5)
	p := &painter{dc: gg.NewContext(max(W, 1), max(H, 1)), scale: scale, h: h,
		facesBySize: map[float64]font.Face{}}
	p.dc.SetColor(color.White)
	p.dc.Clear()
	p.reset()
	p.run(g.Draw, g.LDraw)
	for i := 0; i < g.SubgraphCnt && i < len(g.Objects); i++ {
		p.run(g.Objects[i].Draw, g.Objects[i].LDraw)
	}
	for _, e := range g.Edges {
		p.run(e.Draw, e.HDraw, e.TDraw)
	}
	for i := g.SubgraphCnt; i < len(g.Objects); i++ {
		p.run(g.Objects[i].Draw, g.Objects[i].LDraw)
	}
	for _, e := range g.Edges {
		p.run(e.LDraw, e.HLDraw, e.TLDraw)
	}
	return p.dc.Image(), nil
}

// reset sets Graphviz's defaults before each object's operations.
func (p *painter) reset() {
	p.pen, p.fill = color.Black, color.Black
	p.lineWidth, p.dashed, p.fontSize = 1, false, 14
}

func (p *painter) run(lists ...[]xop) {
	for _, ops := range lists {
		p.reset()
		for i := range ops {
			p.op(&ops[i])
		}
	}
}

// op performs one xdot operation. Upper case shapes are filled, lower case
// ones outlined; a filled shape is also outlined in the pen colour, as
// Graphviz does.
func (p *painter) op(o *xop) {
	switch o.Op {
	case "c":
		p.pen = parseColor(o.Color)
	case "C":
		p.fill = parseColor(o.Color)
	case "S":
		p.style(o.Style)
	case "F":
		p.fontSize = o.Size
	case "E", "e":
		if len(o.Rect) == 4 {
			x, y := p.pt(o.Rect[0], o.Rect[1])
			p.dc.DrawEllipse(x, y, o.Rect[2]*p.scale, o.Rect[3]*p.scale)
			p.paint(o.Op == "E")
		}
	case "P", "p":
		p.polyline(o.Points, true)
		p.paint(o.Op == "P")
	case "L":
		p.polyline(o.Points, false)
		p.paint(false)
	case "B", "b":
		p.bezier(o.Points)
		p.paint(o.Op == "B")
	case "T":
		p.text(o)
	}
}

func (p *painter) pt(x, y float64) (float64, float64) {
	return (x + pad) * p.scale, (p.h - y + pad) * p.scale
}

func (p *painter) polyline(pts [][2]float64, closed bool) {
	for i, q := range pts {
		x, y := p.pt(q[0], q[1])
		if i == 0 {
			p.dc.MoveTo(x, y)
		} else {
			p.dc.LineTo(x, y)
		}
	}
	if closed {
		p.dc.ClosePath()
	}
}

// bezier follows a B-spline given as a start point and groups of three:
// two control points and an end point.
func (p *painter) bezier(pts [][2]float64) {
	if len(pts) == 0 {
		return
	}
	p.dc.MoveTo(p.pt(pts[0][0], pts[0][1]))
	for i := 1; i+2 < len(pts); i += 3 {
		x1, y1 := p.pt(pts[i][0], pts[i][1])
		x2, y2 := p.pt(pts[i+1][0], pts[i+1][1])
		x3, y3 := p.pt(pts[i+2][0], pts[i+2][1])
		p.dc.CubicTo(x1, y1, x2, y2, x3, y3)
	}
}

// paint fills (if asked) and outlines the current path.
func (p *painter) paint(filled bool) {
	if filled {
		p.dc.SetColor(p.fill)
		p.dc.FillPreserve()
	}
	p.dc.SetColor(p.pen)
	p.dc.SetLineWidth(p.lineWidth * p.scale)
	if p.dashed {
		p.dc.SetDash(5*p.scale, 2*p.scale)
	} else {
		p.dc.SetDash()
	}
	p.dc.Stroke()
}

// style reads the styles that change how lines look; "filled" and
// "rounded" are already in the shapes Graphviz emitted.
func (p *painter) style(s string) {
	switch {
	case s == "bold":
		p.lineWidth = 2
	case s == "dashed" || s == "dotted":
		p.dashed = true
	case s == "solid":
		p.dashed = false
	case strings.HasPrefix(s, "setlinewidth(") && strings.HasSuffix(s, ")"):
		if w, err := strconv.ParseFloat(s[len("setlinewidth("):len(s)-1], 64); err == nil {
			p.lineWidth = w
		}
	}
}

// text draws one line at Graphviz's baseline point, aligned left, centred
// or right as laid out.
func (p *painter) text(o *xop) {
	if len(o.Pt) != 2 || o.Text == "" {
		return
	}
	p.dc.SetFontFace(p.face(p.fontSize * p.scale))
	p.dc.SetColor(p.pen)
	x, y := p.pt(o.Pt[0], o.Pt[1])
	ax := 0.5
	switch o.Align {
	case "l":
		ax = 0
	case "r":
		ax = 1
	}
	p.dc.DrawStringAnchored(o.Text, x, y, ax, 0)
}

// The Go fonts cover the WGL4 set, which has every symbol the labels use
// (∂ σ · × − ² and accented letters); their sans-serif has the proportions
// of the Helvetica that Graphviz measured the labels with.
var (
	goFontOnce sync.Once
	goFont     *truetype.Font
)

func (p *painter) face(px float64) font.Face {
	if f, ok := p.facesBySize[px]; ok {
		return f
	}
	goFontOnce.Do(func() {
		f, err := truetype.Parse(goregular.TTF)
		if err != nil {
			panic("render: the embedded Go font does not parse: " + err.Error())
		}
		goFont = f
	})
	f := truetype.NewFace(goFont, &truetype.Options{Size: px, DPI: 72, Hinting: font.HintingFull})
	p.facesBySize[px] = f
	return f
}

// parseColor reads #rrggbb or #rrggbbaa; anything else is black, the
// Graphviz default, since our diagrams only use hex colours.
func parseColor(s string) color.Color {
	if len(s) != 7 && len(s) != 9 || s[0] != '#' {
		return color.Black
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return color.Black
	}
	if len(s) == 7 {
		return color.NRGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
	}
	return color.NRGBA{uint8(v >> 24), uint8(v >> 16), uint8(v >> 8), uint8(v)}
}

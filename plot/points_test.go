package plot

import (
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// TestPointMarkers draws a training point's disc and a test point's ring on
// white and reads the pixels: the disc is its colour at the centre, the ring
// lets the white through there and shows its colour on the ring, and both
// have a dark edge.
func TestPointMarkers(t *testing.T) {
	const dpi = 288 // 4 pixels a point, so that the edges are pixels of their own
	img := vgimg.NewWith(vgimg.UseWH(40, 20), vgimg.UseDPI(dpi))
	c := draw.New(img)
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	orange := classColor[0]
	sty := draw.GlyphStyle{Color: outlineColor, Radius: pointRadius}
	c.DrawGlyph(withShape(sty, disc{fill: orange}), vg.Point{X: 10, Y: 10})
	c.DrawGlyph(withShape(sty, ring{colour: orange}), vg.Point{X: 30, Y: 10})
	px := func(x, y vg.Length) color.RGBA {
		r, g, b, a := img.Image().At(int(x*dpi/72), int((20-y)*dpi/72)).RGBA()
		return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
	}
	if got := px(10, 10); got != orange {
		t.Errorf("disc's centre %v, want %v", got, orange)
	}
	if got := px(30, 10); got != (color.RGBA{255, 255, 255, 255}) {
		t.Errorf("ring's centre %v, want the white under it", got)
	}
	// The ring's colour lies between its edges: 1.3·3.5 pt outside, half
	// of that wide.
	if got := px(30+1.3*3.5*0.75, 10); got != orange {
		t.Errorf("the ring at 3/4 of its radius %v, want %v", got, orange)
	}
	for _, x := range []vg.Length{10 + 3.5, 30 + 1.3*3.5} {
		if got := px(x-0.1, 10); got.R > 0x80 {
			t.Errorf("edge at x = %v is %v, not dark", x, got)
		}
	}
}

func withShape(s draw.GlyphStyle, g draw.GlyphDrawer) draw.GlyphStyle {
	s.Shape = g
	return s
}

// TestBoundaryTestPoints draws a boundary with test points, and refuses
// test points without as many labels.
func TestBoundaryTestPoints(t *testing.T) {
	dir := t.TempDir()
	f := func(x, _ float64) (float64, error) { return x, nil }
	pts, labels := [][]float64{{0, 0}, {1, 1}}, []float64{0, 1}
	path := filepath.Join(dir, "b.svg")
	if err := Boundary(path, f, pts, labels, &Options{Test: [][]float64{{0.5, 2}}, TestLabels: []float64{1}}); err != nil {
		t.Fatal(err)
	}
	svg, _ := os.ReadFile(path)
	for _, want := range []string{"train (2)", "test (1)", "label 0", "label 1"} {
		if !strings.Contains(string(svg), want) {
			t.Errorf("the legend lacks %q", want)
		}
	}
	if err := Boundary(path, f, pts, labels, &Options{Test: [][]float64{{0.5, 2}}}); err == nil {
		t.Error("a test point without a label accepted")
	}
	g := func(x, _ float64) (int, float64, error) { return int(x * 2.9), 0.9, nil }
	if err := ClassBoundary(filepath.Join(dir, "c.png"), g, pts, labels, 3, &Options{Test: [][]float64{{0.5, 2}}, TestLabels: []float64{2}}); err != nil {
		t.Fatal(err)
	}
}

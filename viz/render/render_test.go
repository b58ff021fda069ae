package render_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cgraph/cgraph/viz/render"
)

func readDOT(t testing.TB, name string) []byte {
	t.Helper()
	dot, err := os.ReadFile("../testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return dot
}

// svgText returns all character data of an SVG, failing if it is not
// well-formed XML.
func svgText(t *testing.T, svg []byte) string {
	t.Helper()
	var text strings.Builder
	d := xml.NewDecoder(bytes.NewReader(svg))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return text.String()
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		if cd, ok := tok.(xml.CharData); ok {
			text.Write(cd)
			text.WriteByte('\n')
		}
	}
}

func TestSVGHasNamesValuesAndGradients(t *testing.T) {
	svg, err := render.SVG(context.Background(), readDOT(t, "exercise_backward_hand.dot"))
	if err != nil {
		t.Fatal(err)
	}
	text := svgText(t, svg)
	for _, want := range []string{
		"x2 = 1", "∂L/∂x2 = 7/20", "∂L/∂x1 = −1/5", "z = 0", "∂L/∂z = −1/4", "yhat = 1/2",
		"∂yhat/∂z = σ(z)(1 − σ(z)) = 1/4", "−1 × 1/4 = −1/4", "L = 1/4",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("SVG text lacks %q", want)
		}
	}
}

// svgSize reads the width and height in points Graphviz wrote.
func svgSize(t *testing.T, svg []byte) (w, h float64) {
	t.Helper()
	m := regexp.MustCompile(`<svg width="(\d+)pt" height="(\d+)pt"`).FindSubmatch(svg)
	if m == nil {
		t.Fatal("no size in SVG")
	}
	w, _ = strconv.ParseFloat(string(m[1]), 64)
	h, _ = strconv.ParseFloat(string(m[2]), 64)
	return w, h
}

// TestPNG checks that the PNG decodes, has the SVG's size at 2 pixels per
// point, and shows what the diagram has: the node fills and the dark ink
// of text and edges.
func TestPNG(t *testing.T) {
	ctx := context.Background()
	dot := readDOT(t, "exercise_forward.dot")
	data, err := render.PNG(ctx, dot, 2)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	svg, err := render.SVG(ctx, dot)
	if err != nil {
		t.Fatal(err)
	}
	w, h := svgSize(t, svg)
	// Graphviz rounds the SVG's size up to whole points: allow 2 pixels.
	b := img.Bounds()
	if d := float64(b.Dx()) - 2*w; d < -2 || d > 2 {
		t.Errorf("PNG width %d, want about %v", b.Dx(), 2*w)
	}
	if d := float64(b.Dy()) - 2*h; d < -2 || d > 2 {
		t.Errorf("PNG height %d, want about %v", b.Dy(), 2*h)
	}
	counts := colourCounts(img)
	inputFill := color.NRGBA{0xdb, 0xea, 0xfe, 0xff} // input nodes, see viz/dot.go
	weightFill := color.NRGBA{0xfe, 0xf3, 0xc7, 0xff}
	if counts[inputFill] < 1000 || counts[weightFill] < 1000 {
		t.Errorf("node fills missing: %d input pixels, %d weight pixels", counts[inputFill], counts[weightFill])
	}
	if dark := counts[color.NRGBA{}]; dark < 2000 {
		t.Errorf("only %d dark pixels: text and edges missing", dark)
	}
}

// colourCounts counts exact colours, and under the zero colour all pixels
// darker than mid-grey.
func colourCounts(img image.Image) map[color.NRGBA]int {
	counts := map[color.NRGBA]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			counts[c]++
			if int(c.R)+int(c.G)+int(c.B) < 3*128 {
				counts[color.NRGBA{}]++
			}
		}
	}
	return counts
}

func TestBadDOTIsAnError(t *testing.T) {
	ctx := context.Background()
	for _, src := range []string{"", "digraph {", "not dot at all"} {
		if _, err := render.SVG(ctx, []byte(src)); err == nil {
			t.Errorf("SVG(%q): no error", src)
		}
		if _, err := render.PNG(ctx, []byte(src), 0); err == nil {
			t.Errorf("PNG(%q): no error", src)
		}
	}
}

func TestTooLargeRefusedAtOnce(t *testing.T) {
	var b strings.Builder
	b.WriteString("digraph {\n")
	for i := range render.MaxNodes + 1 {
		b.WriteString("n" + strconv.Itoa(i) + " [label=\"x\"];\n")
	}
	b.WriteString("}\n")
	if _, err := render.SVG(context.Background(), []byte(b.String())); !errors.Is(err, render.ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
}

func TestCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := render.SVG(ctx, readDOT(t, "exercise_forward.dot")); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

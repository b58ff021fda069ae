package plot

import (
	"fmt"
	"image/color"
	"io"
	"path/filepath"
	"strings"

	"github.com/cgraph/cgraph/internal/atomicfile"
	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// Options tune a chart. A nil *Options means the defaults.
type Options struct {
	Title  string
	Width  vg.Length // 0: 5 inches
	Height vg.Length // 0: 4 inches for loss curves, Width for boundaries
	// Discretize draws a boundary's background in the two classes' colours
	// only (f ≥ 0.5 blue, else orange), as TensorFlow Playground's
	// "Discretize output".
	Discretize bool
	// Test and TestLabels are held-out points of a boundary, drawn hollow
	// (rings of their label's colour) beside the training points' discs.
	Test       [][]float64
	TestLabels []float64
}

func (o *Options) withDefaults(square bool) Options {
	d := Options{}
	if o != nil {
		d = *o
	}
	if d.Width == 0 {
		d.Width = 5 * vg.Inch
	}
	if d.Height == 0 {
		d.Height = 4 * vg.Inch
		if square {
			d.Height = d.Width
		}
	}
	return d
}

// formats are the file extensions save accepts.
var formats = map[string]bool{".png": true, ".svg": true, ".pdf": true}

// CheckPath fails early, before any drawing, for an extension save cannot
// write.
func CheckPath(path string) error {
	ext := strings.ToLower(filepath.Ext(path))
	if !formats[ext] {
		return fmt.Errorf("plot: %s: unknown image format %q; use .png or .svg", path, ext)
	}
	return nil
}

// save writes p to path in the format of its extension, atomically.
func save(p *gplot.Plot, o Options, path string) error {
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	wt, err := p.WriterTo(o.Width, o.Height, format)
	if err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	return write(path, wt)
}

// write writes an image to path atomically.
func write(path string, image io.WriterTo) error {
	err := atomicfile.Write(path, func(w io.Writer) error {
		_, err := image.WriteTo(w)
		return err
	})
	if err != nil {
		return fmt.Errorf("plot: %s: %w", path, err)
	}
	return nil
}

// Colours of the two classes, those of TensorFlow Playground: orange for
// label 0 (its −1) and blue for label 1.
var (
	classColor = [2]color.RGBA{{R: 0xf5, G: 0x93, B: 0x22, A: 0xff}, {R: 0x08, G: 0x77, B: 0xbd, A: 0xff}}
	lineColor  = color.RGBA{R: 0x1f, G: 0x4e, B: 0x79, A: 0xff}
)

// palette holds ten colours that stay apart for colour-blind readers
// (Tableau 10); lines beyond ten repeat them with another dash pattern,
// so that no two lines of a chart share both colour and dash.
var palette = []color.RGBA{
	{R: 0x4e, G: 0x79, B: 0xa7, A: 0xff}, // blue
	{R: 0xf2, G: 0x8e, B: 0x2b, A: 0xff}, // orange
	{R: 0xe1, G: 0x57, B: 0x59, A: 0xff}, // red
	{R: 0x76, G: 0xb7, B: 0xb2, A: 0xff}, // teal
	{R: 0x59, G: 0xa1, B: 0x4f, A: 0xff}, // green
	{R: 0xed, G: 0xc9, B: 0x48, A: 0xff}, // yellow
	{R: 0xb0, G: 0x7a, B: 0xa1, A: 0xff}, // purple
	{R: 0xff, G: 0x9d, B: 0xa7, A: 0xff}, // pink
	{R: 0x9c, G: 0x75, B: 0x5f, A: 0xff}, // brown
	{R: 0x33, G: 0x33, B: 0x33, A: 0xff}, // near black (grey is the reference line's)
}

// dashes are the patterns of the second, third … round of the palette.
var dashes = [][]vg.Length{
	nil,
	{vg.Points(6), vg.Points(3)},
	{vg.Points(2), vg.Points(2)},
	{vg.Points(8), vg.Points(3), vg.Points(2), vg.Points(3)},
}

// lineStyle is the colour and dash pattern of line i of a chart: distinct
// for the first len(palette)·len(dashes) lines.
func lineStyle(i int) (color.Color, []vg.Length) {
	return palette[i%len(palette)], dashes[(i/len(palette))%len(dashes)]
}

// Command widthplot draws the width series of the benchmarks: time of a
// training step against the width of the layers, for cgraph and PyTorch,
// on log–log axes. Its input is the file bench/torch_bench.py writes with
// --width-out: one line per width, "width<TAB>cgraph seconds<TAB>PyTorch
// seconds".
//
//	go run ./bench/internal/widthplot widths.tsv docs/width.png
package main

import (
	"bufio"
	"fmt"
	"image/color"
	"os"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: widthplot WIDTHS.tsv OUT.png")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "widthplot:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	var cg, pt plotter.XYs
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		fs := strings.Fields(sc.Text())
		if len(fs) != 3 {
			return fmt.Errorf("%s:%d: want width, cgraph and PyTorch seconds", in, line)
		}
		var v [3]float64
		for i, s := range fs {
			if v[i], err = strconv.ParseFloat(s, 64); err != nil || !(v[i] > 0) {
				return fmt.Errorf("%s:%d: %q is not a positive number", in, line, s)
			}
		}
		cg = append(cg, plotter.XY{X: v[0], Y: v[1] * 1e3})
		pt = append(pt, plotter.XY{X: v[0], Y: v[2] * 1e3})
	}
	if err := sc.Err(); err != nil {
		return err
	}
	p := plot.New()
	p.Title.Text = "training step: 20 tanh layers, 16 samples, forward + backward, 1 core"
	p.X.Label.Text = "width (units per layer)"
	p.Y.Label.Text = "milliseconds"
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.LogTicks{Prec: -1}, plot.LogTicks{Prec: -1}
	p.Add(plotter.NewGrid())
	p.Legend.Top, p.Legend.Left = true, true
	for _, s := range []struct {
		name  string
		pts   plotter.XYs
		color color.Color
		shape draw.GlyphDrawer
	}{
		{"cgraph (dense plan)", cg, color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}, draw.CircleGlyph{}},
		{"PyTorch (float64, CPU)", pt, color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}, draw.SquareGlyph{}},
	} {
		l, pts, err := plotter.NewLinePoints(s.pts)
		if err != nil {
			return err
		}
		l.Color, l.Width = s.color, vg.Points(1.5)
		pts.Color, pts.Shape = s.color, s.shape
		p.Add(l, pts)
		p.Legend.Add(s.name, l, pts)
	}
	return p.Save(7*vg.Inch, 4.5*vg.Inch, out)
}

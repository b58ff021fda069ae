package web

import (
	"math"
	"regexp"
	"strconv"
)

// panelSize is the room the page has for a diagram, in CSS pixels, and
// the smallest text it calls readable there (12 px, 18 in presenter mode).
type panelSize struct {
	W    float64 `json:"w"`
	H    float64 `json:"h"`
	Text float64 `json:"text"`
}

func (p *panelSize) valid() bool {
	ok := func(x float64) bool { return x > 0 && x < 1e5 && !math.IsNaN(x) }
	return p != nil && ok(p.W) && ok(p.H) && ok(p.Text)
}

var (
	viewBoxRe  = regexp.MustCompile(`viewBox="[-0-9.]+ [-0-9.]+ ([0-9.]+) ([0-9.]+)"`)
	fontSizeRe = regexp.MustCompile(`font-size="([0-9.]+)"`)
)

// fit is how well the diagrams fit the panel, as the page fits them:
// scaled to the panel, the smallest text's size over the readable size,
// for the view that fits worse. 1 or more: both fit whole and readable.
func (p *panelSize) fit(d *diagrams) float64 {
	worst := math.Inf(1)
	for _, svg := range []string{d.Forward, d.Backward} {
		m := viewBoxRe.FindStringSubmatch(svg)
		if m == nil {
			continue
		}
		w, _ := strconv.ParseFloat(m[1], 64)
		h, _ := strconv.ParseFloat(m[2], 64)
		font := math.Inf(1)
		for _, f := range fontSizeRe.FindAllStringSubmatch(svg, -1) {
			if x, err := strconv.ParseFloat(f[1], 64); err == nil && x > 0 {
				font = min(font, x)
			}
		}
		if w <= 0 || h <= 0 || math.IsInf(font, 1) {
			continue
		}
		worst = min(worst, min(p.W/w, p.H/h)*font/p.Text)
	}
	return worst
}

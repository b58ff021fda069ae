package render

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"math"
	"strconv"
	"strings"

	"github.com/goccy/go-graphviz"
)

// DefaultScale is the PNG's pixels per point: 2 gives a sharp picture on
// screens and in documents (144 dpi).
const DefaultScale = 2

// MaxPixels bounds the size of a PNG. A larger picture is drawn at a
// smaller scale, so that a big graph gives a big image, not an out-of-memory
// error.
const MaxPixels = 16_000_000

// PNG lays out dot and returns the picture as PNG at scale pixels per point
// (0 means DefaultScale).
func PNG(ctx context.Context, dot []byte, scale float64) ([]byte, error) {
	img, err := Image(ctx, dot, scale)
	if err != nil {
		return nil, err
	}
	return encodePNG(img)
}

// PNG lays dot out in a child and returns the picture as PNG at scale
// pixels per point (0 means DefaultScale), drawn in this process.
func (p *Pool) PNG(ctx context.Context, dot []byte, scale float64) ([]byte, error) {
	js, err := p.layout(ctx, dot, formatJSON)
	if err != nil {
		return nil, err
	}
	img, err := picture(js, scale)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil { // drawing a big picture takes a while
		return nil, fmt.Errorf("render: %w", err)
	}
	return encodePNG(img)
}

func encodePNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	// BestSpeed: diagrams are mostly flat colour, so the file is barely
	// larger, and encoding a big picture is several times faster.
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("render: encoding PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// Image lays out dot and draws it at scale pixels per point (0 means
// DefaultScale).
func Image(ctx context.Context, dot []byte, scale float64) (image.Image, error) {
	js, err := layout(ctx, dot, graphviz.Format("json"))
	if err != nil {
		return nil, err
	}
	return picture(js, scale)
}

// picture draws Graphviz's JSON layout js at scale pixels per point.
func picture(js []byte, scale float64) (image.Image, error) {
	var lay xgraph
	if err := json.Unmarshal(js, &lay); err != nil {
		return nil, fmt.Errorf("render: reading graphviz layout: %w", err)
	}
	return draw(&lay, scale)
}

// xgraph is the part of Graphviz's JSON output that a picture needs: the
// bounding box and the xdot drawing operations of the graph, its clusters,
// nodes and edges.
type xgraph struct {
	BB          string    `json:"bb"`
	SubgraphCnt int       `json:"_subgraph_cnt"`
	Objects     []xobject `json:"objects"`
	Edges       []xobject `json:"edges"`
	xobject
}

// xobject holds the operations of one object; Graphviz splits them by
// part: the shape, its label, the arrow heads and tails and their labels.
type xobject struct {
	Draw   []xop `json:"_draw_"`
	LDraw  []xop `json:"_ldraw_"`
	HDraw  []xop `json:"_hdraw_"`
	TDraw  []xop `json:"_tdraw_"`
	HLDraw []xop `json:"_hldraw_"`
	TLDraw []xop `json:"_tldraw_"`
}

// xop is one xdot operation (see Graphviz's "xdot" format): op is its
// letter, the other fields are set as the op needs them.
type xop struct {
	Op     string       `json:"op"`
	Points [][2]float64 `json:"points"`
	Rect   []float64    `json:"rect"`
	Color  string       `json:"color"`
	Style  string       `json:"style"`
	Size   float64      `json:"size"`
	Face   string       `json:"face"`
	Pt     []float64    `json:"pt"`
	Align  string       `json:"align"`
	Width  float64      `json:"width"`
	Text   string       `json:"text"`
}

// bbox parses Graphviz's "llx,lly,urx,ury".
func bbox(s string) (w, h float64, err error) {
	f := strings.Split(s, ",")
	if len(f) != 4 {
		return 0, 0, fmt.Errorf("render: bad bounding box %q", s)
	}
	var v [4]float64
	for i, x := range f {
		if v[i], err = strconv.ParseFloat(x, 64); err != nil {
			return 0, 0, fmt.Errorf("render: bad bounding box %q", s)
		}
	}
	return v[2] - v[0], v[3] - v[1], nil
}

// fitScale lowers scale until a w×h point picture fits MaxPixels.
func fitScale(w, h, scale float64) float64 {
	if scale <= 0 {
		scale = DefaultScale
	}
	if px := w * h * scale * scale; px > MaxPixels {
		scale *= math.Sqrt(MaxPixels / px)
	}
	return scale
}

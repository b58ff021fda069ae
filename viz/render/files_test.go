package render_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cgraph/cgraph"
	"github.com/cgraph/cgraph/viz"
	"github.com/cgraph/cgraph/viz/render"
)

// plantFiles makes, in a fresh working directory, the files a hostile DOT
// text would name: a 300×200 PNG and a text file. go-graphviz's default
// file system opens a path Graphviz asks for with os.Open, the leading
// slash removed, so relative to the working directory.
func plantFiles(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 300, 200))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "pic.png"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "secret.txt"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
}

// TestGraphvizReadsNoFile: DOT attributes that name files (image=,
// shapefile=, imagepath=, an HTML label's IMG) made Graphviz read them, in
// the process and in a Pool's child: the PNG's size set the node's and an
// <image> element pointed at it. Graphviz is now given a file system that
// refuses every file. cgraph's own DOT cannot carry such an attribute
// (TestHostileNamesStayLabels); this holds if that ever changes.
func TestGraphvizReadsNoFile(t *testing.T) {
	plantFiles(t)
	pool := render.NewPool(nil)
	defer pool.Close()
	for _, dot := range []string{
		`digraph { a [image="pic.png", label=""] }`,
		`digraph { a [image="/pic.png"] }`,
		`digraph { imagepath="."; a [image="pic.png"] }`,
		`digraph { a [label=<<TABLE><TR><TD><IMG SRC="pic.png"/></TD></TR></TABLE>>] }`,
		`digraph { a [shape=custom, shapefile="pic.png"] }`,
		`digraph { a [shapefile="secret.txt"] }`,
	} {
		for name, draw := range map[string]func(context.Context, []byte) ([]byte, error){
			"in-process": render.SVG,
			"pool":       pool.SVG,
		} {
			svg, err := draw(context.Background(), []byte(dot))
			if err != nil {
				t.Errorf("%s: %s: %v", name, dot, err)
				continue
			}
			if s := string(svg); strings.Contains(s, "<image") || strings.Contains(s, "secret") || strings.Contains(s, "width=\"3") {
				t.Errorf("%s: %s: Graphviz read a file:\n%s", name, dot, svg)
			}
		}
	}
}

// TestHostileNamesStayLabels: names that try to end a DOT string and add
// an attribute, or to be an HTML label naming an image, stay text in
// cgraph's DOT, so no file is ever named to Graphviz (the Go API takes any
// name; the language only identifiers).
func TestHostileNamesStayLabels(t *testing.T) {
	plantFiles(t)
	g := cgraph.New()
	a := g.Input(`x", image="pic.png`, 1)
	b := g.Input(`<<IMG SRC="pic.png"/>>`, 2)
	c := g.Input("y\\\", shapefile=\"secret.txt\" z=\"\\N\nimage=pic.png", 3)
	out := g.Apply(`];a[image="pic.png"`, cgraph.Add{}, g.Apply("s", cgraph.Add{}, a, b), c)
	if err := g.Run(out); err != nil {
		t.Fatal(err)
	}
	dot, err := viz.DOT(g, &viz.Options{View: viz.BothView, Output: out, Hand: true})
	if err != nil {
		t.Fatal(err)
	}
	svg, err := render.SVG(context.Background(), dot)
	if err != nil {
		t.Fatalf("%v\n%s", err, dot)
	}
	if strings.Contains(string(svg), "<image") || strings.Contains(string(svg), "secret\n") {
		t.Errorf("a name became an attribute:\n%s", dot)
	}
	if !strings.Contains(svgText(t, svg), `x", image="pic.png`) {
		t.Errorf("the name is not shown as written:\n%s", svgText(t, svg))
	}
}

package gen

import (
	"sort"
	"strings"

	"github.com/cgraph/cgraph"
)

// The helper functions a generated file may call, written out only if it
// does. Their formulas are those of the cgraph package's gates, operation
// for operation; the tests compare the results bit for bit.
var helperSource = map[string]string{
	"finite": `// finite reports whether no element of xs is NaN or ±Inf: x·0 is 0 for a
// finite x and NaN otherwise.
func finite(xs []float64) bool {
	var a, b, c, d float64
	i := 0
	for ; i+3 < len(xs); i += 4 {
		a += xs[i] * 0
		b += xs[i+1] * 0
		c += xs[i+2] * 0
		d += xs[i+3] * 0
	}
	for ; i < len(xs); i++ {
		a += xs[i] * 0
	}
	return a+b+c+d == 0
}`,
}

// need records that the code calls helper name and returns the name.
func (w *writer) need(name string) string {
	w.used[name] = true
	return name
}

// addHelpers collects the helper functions gate's code may call.
func (w *writer) addHelpers(gate cgraph.Gate) {
	h, ok := gate.(cgraph.GoHelpers)
	if !ok {
		return
	}
	for name, src := range h.GoHelpers() {
		w.helperSrc[name] = src
	}
}

// writeHelpers writes the helpers that the code calls, and those they
// call, sorted by name so that the file does not depend on the order of
// first use.
func (w *writer) writeHelpers(code string) {
	var names []string
	for pending := []string{code}; len(pending) > 0; {
		text := pending[0]
		pending = pending[1:]
		for name, src := range w.helperSrc {
			if !w.used[name] && calls(text, name) {
				w.used[name] = true
				pending = append(pending, src)
			}
		}
	}
	for name := range w.used {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		w.p("%s", w.helperSrc[name])
		w.p("")
	}
}

// calls reports whether code calls a function called name.
func calls(code, name string) bool {
	for i := strings.Index(code, name+"("); i >= 0; {
		if i == 0 || !isIdentChar(code[i-1]) {
			return true
		}
		j := strings.Index(code[i+1:], name+"(")
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

func isIdentChar(c byte) bool {
	return c == '_' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

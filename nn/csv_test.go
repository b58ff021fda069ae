package nn

import (
	"io"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"
)

// CSV files within limits (issue 17, finding 6 and the smaller ones).

func TestCSVByteOrderMark(t *testing.T) {
	d, err := ReadCSV(strings.NewReader("\ufeffx1,x2,label\n0,1,1\n1,1,0\n"), "bom.csv")
	if err != nil || d.Len() != 2 || d.Dim() != 2 {
		t.Fatalf("a file with a BOM: %v, %v", d, err)
	}
}

// TestCSVLongLine: one 10 MB line ran the process out of memory; now it
// is refused at 64 KiB, naming the line, having read little more.
func TestCSVLongLine(t *testing.T) {
	long := io.MultiReader(strings.NewReader("1,2,0\n3,"), strings.NewReader(strings.Repeat("1", 10<<20)))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := ReadCSV(long, "long.csv")
	runtime.ReadMemStats(&after)
	if err == nil || err.Error() != "long.csv:2: line longer than 64 KiB" {
		t.Errorf("error %v", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4<<20 {
		t.Errorf("reading allocated %d KiB", alloc>>10)
	}
}

// TestCSVFieldQuotedShort: a bad field was echoed in full (10 MB on
// stderr); now at most 80 characters of it.
func TestCSVFieldQuotedShort(t *testing.T) {
	_, err := ReadCSV(strings.NewReader("1,2,0\n1,"+strings.Repeat("é", 30000)+",1\n"), "t.csv")
	want := `t.csv:2: field 2: "` + strings.Repeat("é", 80) + `"… is not a number`
	if err == nil || err.Error() != want {
		t.Errorf("error %.200v", err)
	}
}

func TestCSVTooManyColumns(t *testing.T) {
	row := strings.Repeat("1,", MaxCSVColumns) + "0\n"
	_, err := ReadCSV(strings.NewReader(row), "wide.csv")
	if err == nil || !strings.Contains(err.Error(), "wide.csv:1: 1001 fields; at most 1000") {
		t.Errorf("error %v", err)
	}
}

// FuzzReadCSV: ReadCSV never panics; its errors name the file and stay
// short whatever the input; a dataset it returns is rectangular and
// finite.
func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{"x1,x2,label\n0,0,0\n0,1,1\n", "\ufeff1,2,3\n", "1,\"2\n", "# c\n1e300,2,0\n", "a,b\n1,x\n", "1,2,0\n1,2\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ReadCSV(strings.NewReader(s), "f.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.csv") || utf8.RuneCountInString(err.Error()) > 1000 { // 80 characters of a field, each at most 10 quoted
				t.Fatalf("error %q", err)
			}
			return
		}
		for i, x := range d.X {
			if len(x) != d.Dim() || len(x) < 1 {
				t.Fatalf("row %d has %d inputs, the first %d", i, len(x), d.Dim())
			}
		}
	})
}

package nn

import (
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestTruthTables(t *testing.T) {
	tests := []struct {
		d    *Dataset
		want []float64
	}{
		{XOR(), []float64{0, 1, 1, 0}},
		{AND(), []float64{0, 0, 0, 1}},
		{OR(), []float64{0, 1, 1, 1}},
	}
	for _, tt := range tests {
		if !reflect.DeepEqual(tt.d.Y, tt.want) || !reflect.DeepEqual(tt.d.X, [][]float64{{0, 0}, {0, 1}, {1, 0}, {1, 1}}) {
			t.Errorf("%s: %v → %v", tt.d.Name, tt.d.X, tt.d.Y)
		}
	}
}

// TestToys checks size, balance, range and reproducibility of every
// generated dataset.
func TestToys(t *testing.T) {
	for _, name := range []string{"circle", "xor-quadrants", "gauss", "spiral", "moons"} {
		t.Run(name, func(t *testing.T) {
			o := &ToyOptions{N: 101, Noise: 0.1, Seed: 5}
			d, err := Builtin(name, o)
			if err != nil {
				t.Fatal(err)
			}
			if d.Len() != 101 || d.Dim() != 2 || d.Name != name {
				t.Fatalf("%d samples of %d inputs named %q", d.Len(), d.Dim(), d.Name)
			}
			ones := 0
			for i, x := range d.X {
				if d.Y[i] != 0 && d.Y[i] != 1 {
					t.Fatalf("label %v", d.Y[i])
				}
				ones += int(d.Y[i])
				for _, v := range x {
					if math.Abs(v) > 2 {
						t.Errorf("coordinate %v outside [−2, 2]", v)
					}
				}
			}
			if ones < 25 || ones > 76 {
				t.Errorf("%d of 101 labels are 1", ones)
			}
			again, _ := Builtin(name, o)
			if !reflect.DeepEqual(d, again) {
				t.Error("same seed, different data")
			}
			other, _ := Builtin(name, &ToyOptions{N: 101, Noise: 0.1, Seed: 6})
			if reflect.DeepEqual(d.X, other.X) {
				t.Error("another seed, same data")
			}
		})
	}
	if _, err := Builtin("mnist", nil); err == nil || !strings.Contains(err.Error(), "spiral") {
		t.Errorf("unknown dataset: %v", err)
	}
}

func TestReadCSV(t *testing.T) {
	d, err := ReadCSV(strings.NewReader("x1,x2,label\n# a comment\n0, 0, 0\n0.5,1e-1,1\n"), "t.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(d.X, [][]float64{{0, 0}, {0.5, 0.1}}) || !reflect.DeepEqual(d.Y, []float64{0, 1}) {
		t.Errorf("read %v %v", d.X, d.Y)
	}
	tests := []struct{ text, want string }{
		{"", "t.csv: no data rows"},
		{"a,b,c\n", "t.csv: no data rows"},
		{"1,2,0\n1,x,1\n", `t.csv:2: field 2: "x" is not a number`},
		{"1,2,0\n1,2\n", "t.csv:2: 2 fields; the first row has 3"},
		{"1\n", "t.csv:1: 1 field"},
		{"1,NaN,0\n", `t.csv:1: field 2: "NaN" is not a number`},
		{"1,\"2,0\n", "t.csv:1:"},
	}
	for _, tt := range tests {
		_, err := ReadCSV(strings.NewReader(tt.text), "t.csv")
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want %q", tt.text, err, tt.want)
		}
	}
	path := filepath.Join(t.TempDir(), "mine.csv")
	os.WriteFile(path, []byte("1,2,1\n"), 0o644)
	if d, err := LoadCSV(path); err != nil || d.Name != "mine" {
		t.Errorf("LoadCSV: %v, %v", d, err)
	}
}

// TestDatasetNamesAll checks that DatasetNames lists every set Builtin
// gives, blobs and the regression sets included, as the command line and
// the page list them, and BinaryNames only the sets of labels 0 and 1.
func TestDatasetNamesAll(t *testing.T) {
	for _, name := range DatasetNames() {
		d, err := Builtin(name, &ToyOptions{N: 20, Classes: 4})
		if err != nil {
			t.Fatalf("Builtin(%q): %v", name, err)
		}
		if name == "blobs" && d.Y[3] != 3 {
			t.Errorf("blobs of 4 classes: label of sample 4 is %v, want 3", d.Y[3])
		}
		if d.Regression != slices.Contains(RegressionNames(), name) {
			t.Errorf("%s: Regression %v", name, d.Regression)
		}
	}
	for _, want := range []string{"blobs", "plane", "gauss-mix", "xor"} {
		if !slices.Contains(DatasetNames(), want) {
			t.Errorf("DatasetNames() = %v lacks %s", DatasetNames(), want)
		}
	}
	for _, name := range BinaryNames() {
		d, _ := Builtin(name, nil)
		for _, y := range d.Y {
			if y != 0 && y != 1 {
				t.Fatalf("%s, one of BinaryNames, has label %v", name, y)
			}
		}
	}
}

package nn

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ReadCSV reads a dataset of rows x1,x2,…,label. A first row without any
// number is taken as a header and skipped; lines starting with # are
// comments. Every row must have the same number of fields (at least 2) of
// finite numbers. Errors name the source, line and field.
func ReadCSV(r io.Reader, name string) (*Dataset, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	d := &Dataset{Name: name}
	width := 0
	for row := 0; ; row++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("%s:%d: %v", name, pe.Line, pe.Err)
			}
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		line, _ := cr.FieldPos(0)
		vals, bad := parseRow(rec)
		if bad >= 0 {
			if row == 0 && isHeader(rec) {
				continue
			}
			return nil, fmt.Errorf("%s:%d: field %d: %q is not a number", name, line, bad+1, strings.TrimSpace(rec[bad]))
		}
		if len(vals) < 2 {
			return nil, fmt.Errorf("%s:%d: %d field; want x1,…,label with at least one input", name, line, len(vals))
		}
		if width == 0 {
			width = len(vals)
		} else if len(vals) != width {
			return nil, fmt.Errorf("%s:%d: %d fields; the first row has %d", name, line, len(vals), width)
		}
		d.X = append(d.X, vals[:len(vals)-1])
		d.Y = append(d.Y, vals[len(vals)-1])
	}
	if len(d.X) == 0 {
		return nil, fmt.Errorf("%s: no data rows", name)
	}
	return d, nil
}

// parseRow parses every field as a finite number; bad is the index of the
// first field that is not, or −1.
func parseRow(rec []string) (vals []float64, bad int) {
	vals = make([]float64, len(rec))
	for i, f := range rec {
		v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, i
		}
		vals[i] = v
	}
	return vals, -1
}

// LoadCSV reads the dataset in the CSV file at path (see ReadCSV). The
// dataset is named after the file.
func LoadCSV(path string) (*Dataset, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d, err := ReadCSV(f, path)
	if err != nil {
		return nil, err
	}
	d.Name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return d, nil
}

// isHeader reports whether no field of rec is a number.
func isHeader(rec []string) bool {
	for _, f := range rec {
		if _, err := strconv.ParseFloat(strings.TrimSpace(f), 64); err == nil {
			return false
		}
	}
	return true
}

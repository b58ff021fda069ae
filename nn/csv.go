package nn

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits of a CSV file, so that no file can take more memory than its
// dataset would (a file of one 10 MB line ran the process out of memory).
const (
	MaxCSVLine    = 64 << 10   // bytes of one line
	MaxCSVColumns = 1000       // fields of a row
	MaxCSVValues  = 10_000_000 // numbers in all (80 MB as float64)
)

// ReadCSV reads a dataset of rows x1,x2,…,label. A first row without any
// number is taken as a header and skipped; lines starting with # are
// comments; a UTF-8 byte order mark at the start is skipped. Every row
// must have the same number of fields (at least 2) of finite numbers.
// Errors name the source, line and field, and quote at most 80 characters
// of it. Lines longer than MaxCSVLine, rows of more than MaxCSVColumns
// fields and files of more than MaxCSVValues numbers are refused.
func ReadCSV(r io.Reader, name string) (*Dataset, error) {
	lim := &lineLimiter{r: skipBOM(r)}
	cr := csv.NewReader(lim)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true
	d := &Dataset{Name: name}
	width, values := 0, 0
	for row := 0; ; row++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			if errors.Is(err, errLongLine) {
				return nil, fmt.Errorf("%s:%d: line longer than %d KiB", name, lim.line, MaxCSVLine>>10)
			}
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("%s:%d: %v", name, pe.Line, pe.Err)
			}
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) > MaxCSVColumns {
			return nil, fmt.Errorf("%s:%d: %d fields; at most %d", name, line, len(rec), MaxCSVColumns)
		}
		vals, bad := parseRow(rec)
		if bad >= 0 {
			if row == 0 && isHeader(rec) {
				continue
			}
			return nil, fmt.Errorf("%s:%d: field %d: %s is not a number", name, line, bad+1, quote(strings.TrimSpace(rec[bad]), 80))
		}
		if len(vals) < 2 {
			return nil, fmt.Errorf("%s:%d: %d field; want x1,…,label with at least one input", name, line, len(vals))
		}
		if width == 0 {
			width = len(vals)
		} else if len(vals) != width {
			return nil, fmt.Errorf("%s:%d: %d fields; the first row has %d", name, line, len(vals), width)
		}
		if values += len(vals); values > MaxCSVValues {
			return nil, fmt.Errorf("%s:%d: more than %d numbers; a dataset this large is not for a graph of gates", name, line, MaxCSVValues)
		}
		d.X = append(d.X, vals[:len(vals)-1])
		d.Y = append(d.Y, vals[len(vals)-1])
	}
	if len(d.X) == 0 {
		return nil, fmt.Errorf("%s: no data rows", name)
	}
	return d, nil
}

// quote quotes s as %q does, cut to at most n characters with "…".
func quote(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return strconv.Quote(s)
	}
	r := []rune(s)
	return strconv.Quote(string(r[:n])) + "…"
}

// skipBOM drops a UTF-8 byte order mark at the start of r, which
// spreadsheet programs write.
func skipBOM(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\ufeff")) {
		br.Discard(3)
	}
	return br
}

var errLongLine = errors.New("line too long")

// lineLimiter fails a read once a line grows past MaxCSVLine bytes; line
// is the number of that line.
type lineLimiter struct {
	r    io.Reader
	run  int // bytes since the last newline
	line int
}

func (l *lineLimiter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for _, c := range p[:n] {
		if c == '\n' {
			l.line++
			l.run = 0
		} else if l.run++; l.run > MaxCSVLine {
			l.line++ // lines count from 1
			return 0, errLongLine
		}
	}
	return n, err
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

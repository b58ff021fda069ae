package render

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/goccy/go-graphviz"
)

// A Pool's child process is the running program itself, started again
// with childEnv set: this package's init then serves layouts on file
// descriptors 3 (requests) and 4 (answers) and exits when the parent
// closes 3, before main or TestMain run. Any binary that links this
// package can so be its own renderer, test binaries included.
const childEnv = "CGRAPH_RENDER_CHILD"

// The protocol, one request at a time:
//
//	request: format byte ('s' SVG, 'j' JSON), uint32 length, DOT
//	answer:  status byte (0 ok, 1 error), uint32 length, output or message
const (
	formatSVG  = 's'
	formatJSON = 'j'
	statusOK   = 0
	statusErr  = 1
	// maxFrame bounds a frame, so a broken peer cannot make the other
	// side allocate without limit. SVGs of MaxNodes nodes stay far below.
	maxFrame = 256 << 20
)

func init() {
	if os.Getenv(childEnv) == "1" {
		// Ctrl-C in a terminal signals the whole process group: the
		// parent decides, and kills the child if its layout must stop.
		signal.Ignore(os.Interrupt)
		os.Exit(childMain(os.NewFile(3, "requests"), os.NewFile(4, "answers")))
	}
}

// childMain answers requests until in ends; its result is the exit status.
func childMain(in io.Reader, out io.Writer) int {
	r, w := bufio.NewReader(in), bufio.NewWriter(out)
	for {
		format, dot, err := readFrame(r)
		if err == io.EOF {
			return 0
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "render child:", err)
			return 1
		}
		f := graphviz.SVG
		if format == formatJSON {
			f = graphviz.Format("json")
		}
		res, err := layoutLocked(context.Background(), dot, f)
		status := byte(statusOK)
		if err != nil {
			status, res = statusErr, []byte(err.Error())
		}
		if err := writeFrame(w, status, res); err != nil {
			return 1
		}
	}
}

func writeFrame(w *bufio.Writer, kind byte, data []byte) error {
	var hdr [5]byte
	hdr[0] = kind
	binary.BigEndian.PutUint32(hdr[1:], uint32(len(data)))
	w.Write(hdr[:])
	w.Write(data)
	return w.Flush()
}

// readFrame reads one frame; io.EOF only if the stream ended before it.
func readFrame(r *bufio.Reader) (byte, []byte, error) {
	var hdr [5]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		if err == io.ErrUnexpectedEOF {
			return 0, nil, errors.New("truncated frame")
		}
		return 0, nil, err
	}
	n := binary.BigEndian.Uint32(hdr[1:])
	if n > maxFrame {
		return 0, nil, fmt.Errorf("frame of %d bytes", n)
	}
	data := make([]byte, n)
	if _, err := io.ReadFull(r, data); err != nil {
		return 0, nil, fmt.Errorf("truncated frame: %w", err)
	}
	return hdr[0], data, nil
}

package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"runtime/debug"
	"strconv"
)

// apiFunc handles one API request: it reads its JSON from r and returns
// the value to answer with, or an error (an *httpError for the user's
// mistakes, anything else is a 500).
type apiFunc func(ctx context.Context, r *http.Request) (any, error)

// httpError is an answer other than 200, with a message for the user and
// optional details (the positions of syntax errors).
type httpError struct {
	Status int
	Msg    string
	Extra  map[string]any
	Header http.Header // added to the answer's (Retry-After)
}

func (e *httpError) Error() string { return e.Msg }

func badRequest(format string, args ...any) *httpError {
	return &httpError{Status: http.StatusBadRequest, Msg: fmt.Sprintf(format, args...)}
}

// api wraps an apiFunc: a deadline of Limits.Timeout, a bounded body, JSON
// answers, and a recovered panic answered as 500 rather than a dropped
// connection (a panic is still a bug and is logged with its stack).
func (s *Server) api(f apiFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				log.Printf("web: panic serving %s %s: %v\n%s", r.Method, r.URL.Path, p, debug.Stack())
				writeError(w, http.StatusInternalServerError, "internal error")
			}
		}()
		ctx, cancel := context.WithTimeout(r.Context(), s.limits.Timeout)
		defer cancel()
		limit := s.limits.MaxBody
		switch r.URL.Path {
		case "/api/train", "/api/model":
			limit = max(limit, s.limits.MaxTrainBody)
		case "/api/model/open":
			limit = max(limit, s.limits.MaxModel)
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		var v any
		done, err := s.requests.take(ctx, "request", requestBytes(r, limit))
		if err == nil {
			v, err = f(ctx, r)
			done()
		}
		if err != nil {
			var he *httpError
			switch {
			case errors.As(err, &he):
			case errors.Is(err, context.DeadlineExceeded):
				he = &httpError{Status: http.StatusServiceUnavailable,
					Msg: fmt.Sprintf("the request took longer than the limit of %v; ask for less work", s.limits.Timeout)}
			case errors.Is(err, context.Canceled):
				return // the client went away
			default:
				he = &httpError{Status: http.StatusInternalServerError, Msg: err.Error()}
			}
			for k, vs := range he.Header {
				w.Header()[k] = vs
			}
			writeJSON(w, he.Status, errorBody(he))
			return
		}
		if f, ok := v.(*fileAnswer); ok {
			writeFile(w, f)
			return
		}
		writeJSON(w, http.StatusOK, v)
	})
}

// writeFile answers a file to save: its bytes, with a Content-Disposition
// that names it (f.Name is plain ASCII, modelFileName's).
func writeFile(w http.ResponseWriter, f *fileAnswer) {
	w.Header().Set("Content-Type", f.Type)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", f.Name))
	w.Header().Set("Content-Length", strconv.Itoa(len(f.Body)))
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	w.Write(f.Body)
}

// requestBytes is what a request may hold while it is handled, before
// the heavy endpoints' own estimates: its body, decoded (JSON takes a few
// times its text), and a little for the answer. The 64 MiB pool so admits
// about 1,000 small requests at once, and 60 with bodies at the limit.
func requestBytes(r *http.Request, maxBody int64) int64 {
	n := r.ContentLength
	if n < 0 || n > maxBody {
		n = maxBody
	}
	return 4*n + 64<<10
}

func errorBody(e *httpError) map[string]any {
	body := map[string]any{"error": e.Msg}
	for k, v := range e.Extra {
		body[k] = v
	}
	return body
}

func writeError(w http.ResponseWriter, status int, format string, args ...any) {
	writeJSON(w, status, map[string]any{"error": fmt.Sprintf(format, args...)})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		data, _ = json.Marshal(map[string]string{"error": "cannot encode the answer: " + err.Error()})
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(data, '\n'))
}

// decode reads the request's JSON body into v: exactly one object, no
// unknown fields, within the body limit.
func decode(r *http.Request, v any) error {
	if !jsonContent(r.Header.Get("Content-Type")) {
		return &httpError{Status: http.StatusUnsupportedMediaType, Msg: "send the body with Content-Type: application/json"}
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return &httpError{Status: http.StatusRequestEntityTooLarge,
				Msg: fmt.Sprintf("request body larger than the limit of %d bytes", tooBig.Limit)}
		}
		if errors.Is(err, io.EOF) {
			return badRequest("empty body: send a JSON object")
		}
		return badRequest("malformed JSON: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return badRequest("malformed JSON: more than one value in the body")
	}
	return nil
}

func health(context.Context, *http.Request) (any, error) {
	return map[string]string{"status": "ok"}, nil
}

func (s *Server) limitsInfo(context.Context, *http.Request) (any, error) {
	l := s.limits
	return map[string]any{
		"max_body_bytes": l.MaxBody, "max_train_body_bytes": max(l.MaxBody, l.MaxTrainBody), "max_program_bytes": l.MaxProgram, "max_nodes": l.MaxNodes,
		"max_epochs": l.MaxEpochs, "max_steps": l.MaxSteps, "max_train_work": l.MaxTrainOp, "max_samples": l.MaxSamples,
		"max_layers": l.MaxLayers, "max_units": l.MaxUnits, "max_grid": l.MaxGrid,
		"max_neurons_grid": l.MaxNeurons, "max_neuron_values": maxNeuronValues, "max_csv_bytes": l.MaxCSV, "max_model_bytes": max(l.MaxBody, l.MaxModel), "max_classes": l.MaxClasses,
		"max_depth": l.MaxDepth, "max_width": l.MaxWidth, "max_configs": l.MaxConfigs,
		"max_vanish_work": l.MaxVanishOp, "max_layout_ms": l.MaxLayout.Milliseconds(),
		"timeout_ms": l.Timeout.Milliseconds(),
	}, nil
}

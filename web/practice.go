package web

import (
	"context"
	"net/http"

	"github.com/cgraph/cgraph/internal/practice"
	"github.com/cgraph/cgraph/internal/program"
)

// practiceRequest is the body of POST /api/practice: a program, its
// inputs, and a student's answers for some of its values and gradients.
type practiceRequest struct {
	Program string             `json:"program"`
	Inputs  map[string]numText `json:"inputs"`
	Answers practice.Answers   `json:"answers"`
}

// practiceResponse has a verdict per answer: values in forward order,
// then gradients in backward order, each wrong gradient with the rule
// of backpropagation it missed where one is recognised.
type practiceResponse struct {
	Verdicts []practice.Verdict `json:"verdicts"`
}

func (s *Server) practice(ctx context.Context, r *http.Request) (any, error) {
	var req practiceRequest
	if err := decode(r, &req); err != nil {
		return nil, err
	}
	b, err := s.compile(req.Program)
	if err != nil {
		return nil, err
	}
	if n := len(req.Answers.Values) + len(req.Answers.Grads); n > 2*b.Graph.Len() {
		return nil, badRequest("%d answers for a graph of %d nodes", n, b.Graph.Len())
	}
	// Checking evaluates the program, as /api/graph does: a large one
	// queues for a core.
	if n := b.Graph.Len(); n > lightNodes {
		release, err := s.admit(ctx, "this program", int64(n)*graphNodeBytes)
		if err != nil {
			return nil, err
		}
		defer release()
	}
	assigns := make([]program.Assignment, 0, len(req.Inputs))
	for name, v := range req.Inputs {
		assigns = append(assigns, program.Assignment{Name: name, Value: string(v)})
	}
	run, err := program.Evaluate(b, assigns)
	if err != nil {
		return nil, badRequest("%v", err)
	}
	vs, err := practice.Check(b.Graph, b.Output, run.Exact, &req.Answers)
	if err != nil {
		return nil, badRequest("%v", err)
	}
	if vs == nil {
		vs = []practice.Verdict{}
	}
	return practiceResponse{Verdicts: vs}, nil
}

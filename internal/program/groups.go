package program

import (
	"strings"

	"github.com/cgraph/cgraph/expr"
	"github.com/cgraph/cgraph/viz"
)

// Groups returns the calls of the program's defs as groups for the
// diagrams, nested as the calls are: each is named after its def, and its
// cluster is titled with the definition ("softplus(x) = log(1 + exp(x))").
func Groups(b *expr.Built) []*viz.Group {
	made := make(map[*expr.Group]*viz.Group, len(b.Groups))
	var top []*viz.Group
	for _, g := range b.Groups {
		v := &viz.Group{
			Name: g.Def.Name, Label: strings.TrimPrefix(g.Def.String(), "def "),
			Result: g.Result, Nodes: g.Nodes,
		}
		made[g] = v
		if p := made[g.Parent]; p != nil {
			p.Groups = append(p.Groups, v)
		} else {
			top = append(top, v)
		}
	}
	return top
}

package render

import (
	"bytes"
	"fmt"
	"math"
	"time"
)

// Cost describes what Graphviz's dot layout will have to do with a graph,
// counted from its DOT text before any layout starts.
type Cost struct {
	Nodes, Edges int
	// Virtual is the number of virtual nodes: dot puts every node on a
	// rank and breaks an edge that spans k ranks into k pieces through
	// k − 1 virtual nodes, which the crossing minimisation and the
	// positioning handle like real ones. A labelled edge needs two ranks
	// (its label is a node in the middle). An input that feeds every layer
	// of a chain spans the whole chain from each use, so Virtual grows
	// with the square of the chain's length: the cause of finding 1 of
	// issue 17.
	Virtual int
	// Ranks is the number of ranks (columns, left to right).
	Ranks int
	// Predicted is the layout time that the model below predicts on the
	// 2-core machine it was measured on.
	Predicted time.Duration
}

// The cost model, from the measurements of TestLayoutModel (cost_test.go):
//
//	time ≈ perElement·(nodes + edges) + Σ over connected parts vScale·virtual^vPower
//
// Real nodes and edges cost about linearly (a random graph of 1,500 nodes
// and 2,000 edges: 0.8–1.3 s). Virtual nodes cost far more than linearly,
// because dot's crossing minimisation reorders every rank they cross: the
// sigmoid chains of issue 17 take 0.1 s at 1,155 virtual nodes, 0.56 s at
// 2,140, 3.4 s at 3,425 and 10.9 s at 5,010. The constants are fitted to
// the slowest of two runs on a loaded 2-core machine and rounded so that
// the model errs towards refusing: over 43 graphs it predicts 0.2–3.7× the
// measured time, and less than it by more than 2% only where the layout
// took under 0.25 s (start-up noise) and on one run of a chain that took
// 9.9 s (1.8 s in the other run; predicted 4.1 s, still far over a
// second).
const (
	perElement = 2.8e-4 // seconds per real node or edge
	vScale     = 1.4e-8 // seconds at one virtual node
	vPower     = 2.4
)

func (c Cost) String() string {
	return fmt.Sprintf("%d nodes, %d edges, %d virtual nodes: about %v to lay out",
		c.Nodes, c.Edges, c.Virtual, c.Predicted.Round(10*time.Millisecond))
}

// Estimate counts the nodes, edges and virtual nodes of dot (as package
// viz writes it: one statement a line, `id [attrs]` for a node and
// `a -> b [attrs]` for an edge) and predicts the layout time.
func Estimate(dot []byte) Cost {
	ids := map[string]int{}
	id := func(name []byte) int {
		if i, ok := ids[string(name)]; ok {
			return i
		}
		ids[string(name)] = len(ids)
		return len(ids) - 1
	}
	type edge struct{ from, to int }
	var edges []edge
	labelled := false
	for line := range bytes.Lines(dot) {
		line = bytes.TrimSpace(line)
		name, rest, ok := bytes.Cut(line, []byte(" "))
		if !ok || !isID(name) {
			continue
		}
		if head, ok := bytes.CutPrefix(rest, []byte("-> ")); ok {
			to, attrs, _ := bytes.Cut(head, []byte(" "))
			to = bytes.TrimSuffix(to, []byte(";"))
			if !isID(to) {
				continue
			}
			edges = append(edges, edge{id(name), id(to)})
			if bytes.Contains(attrs, []byte("label=")) {
				labelled = true
			}
		} else if bytes.HasPrefix(rest, []byte("[")) {
			id(name)
		}
	}
	c := Cost{Nodes: len(ids), Edges: len(edges)}
	// Ranks as dot's network simplex tends to set them: each node as
	// early as its inputs allow (longest path), then each node without
	// inputs moved as late as its first use allows.
	minlen := 1
	if labelled {
		minlen = 2 // dot doubles the ranks to give every label a rank of its own
	}
	n := len(ids)
	out := make([][]int, n)
	indeg := make([]int, n)
	for _, e := range edges {
		out[e.from] = append(out[e.from], e.to)
		indeg[e.to]++
	}
	rank := make([]int, n)
	queue := make([]int, 0, n)
	left := append([]int(nil), indeg...)
	for v := range n {
		if left[v] == 0 {
			queue = append(queue, v)
		}
	}
	for i := 0; i < len(queue); i++ {
		v := queue[i]
		for _, w := range out[v] {
			rank[w] = max(rank[w], rank[v]+minlen)
			if left[w]--; left[w] == 0 {
				queue = append(queue, w)
			}
		}
	}
	for v := range n {
		if indeg[v] == 0 && len(out[v]) > 0 {
			first := math.MaxInt
			for _, w := range out[v] {
				first = min(first, rank[w])
			}
			rank[v] = first - minlen
		}
	}
	lo, hi := 0, 0
	for _, r := range rank {
		lo, hi = min(lo, r), max(hi, r)
	}
	c.Ranks = hi - lo + 1
	// Virtual nodes per connected part: dot orders each part on its own
	// (the forward and backward halves of a "both" diagram, say).
	part := make([]int, n)
	for v := range part {
		part[v] = v
	}
	find := func(v int) int {
		for part[v] != v {
			part[v] = part[part[v]]
			v = part[v]
		}
		return v
	}
	for _, e := range edges {
		part[find(e.from)] = find(e.to)
	}
	virtual := map[int]int{}
	for _, e := range edges {
		if span := rank[e.to] - rank[e.from]; span > 1 {
			c.Virtual += span - 1
			virtual[find(e.from)] += span - 1
		}
	}
	secs := perElement * float64(c.Nodes+c.Edges)
	for _, v := range virtual {
		secs += vScale * math.Pow(float64(v), vPower)
	}
	c.Predicted = time.Duration(secs * float64(time.Second))
	return c
}

// isID reports whether s is a plain DOT identifier (letters, digits, _).
func isID(s []byte) bool {
	if len(s) == 0 {
		return false
	}
	for _, b := range s {
		if !(b == '_' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z') {
			return false
		}
	}
	return true
}

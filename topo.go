package cgraph

import "container/heap"

// topoSort returns nodes in topological order, ties broken by creation
// order (the smallest id among the ready nodes comes first). nodes must be
// in creation order.
func topoSort(nodes []*Node) ([]*Node, error) {
	for _, n := range nodes {
		if n.gate == nil {
			u := &UndefinedError{Name: n.name}
			if len(n.consumers) > 0 {
				u.User = n.consumers[0].Name()
			}
			return nil, u
		}
	}
	if createdInOrder(nodes) {
		return append([]*Node(nil), nodes...), nil
	}
	return kahn(nodes)
}

// createdInOrder reports whether every node was created after its inputs,
// the common case, in which creation order is already the wanted order.
func createdInOrder(nodes []*Node) bool {
	for _, n := range nodes {
		for _, in := range n.inputs {
			if in.id >= n.id {
				return false
			}
		}
	}
	return true
}

// kahn is Kahn's algorithm with a min-heap of ids as the ready set.
func kahn(nodes []*Node) ([]*Node, error) {
	pending := make([]int, len(nodes)) // inputs not yet placed, per id
	ready := &idHeap{}
	for _, n := range nodes {
		pending[n.id] = len(n.inputs)
		if pending[n.id] == 0 {
			heap.Push(ready, n.id)
		}
	}
	order := make([]*Node, 0, len(nodes))
	for ready.Len() > 0 {
		n := nodes[heap.Pop(ready).(int)]
		order = append(order, n)
		for _, c := range n.consumers {
			if pending[c.id]--; pending[c.id] == 0 {
				heap.Push(ready, c.id)
			}
		}
	}
	if len(order) < len(nodes) {
		return nil, findCycle(nodes, pending)
	}
	return order, nil
}

// findCycle returns the cycle through the first node that Kahn's algorithm
// could not place. Every such node has an unplaced input, so walking
// unplaced inputs backwards must revisit a node.
func findCycle(nodes []*Node, pending []int) *CycleError {
	var start *Node
	for _, n := range nodes {
		if pending[n.id] > 0 {
			start = n
			break
		}
	}
	seen := map[*Node]int{} // node → index in path
	var path []*Node
	for n := start; ; {
		if i, ok := seen[n]; ok {
			path = path[i:]
			break
		}
		seen[n] = len(path)
		path = append(path, n)
		for _, in := range n.inputs {
			if pending[in.id] > 0 {
				n = in
				break
			}
		}
	}
	// path follows edges against the data flow; report it along the flow.
	names := make([]string, 0, len(path)+1)
	for i := len(path) - 1; i >= 0; i-- {
		names = append(names, path[i].Name())
	}
	return &CycleError{Nodes: append(names, names[0])}
}

type idHeap []int

func (h idHeap) Len() int           { return len(h) }
func (h idHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h idHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *idHeap) Push(x any)        { *h = append(*h, x.(int)) }
func (h *idHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

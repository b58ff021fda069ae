package render

// Reset drops the shared Graphviz context, so that a benchmark can measure
// the first render of a process.
func Reset() {
	mu.Lock()
	defer mu.Unlock()
	if gv != nil {
		gv.Close()
		gv = nil
	}
}

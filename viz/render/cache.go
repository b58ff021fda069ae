package render

import "github.com/cgraph/cgraph/internal/gvcache"

// go-graphviz has compiled its WebAssembly by now (a package's init runs
// after those of its imports), with the private cache that gvcache chose.
func init() { gvcache.Restore() }

// CacheProblem says why Graphviz's compilation cache is not used, so that
// every start compiles Graphviz afresh (about 1 s), or is nil when it is used or was
// turned off with CGRAPH_GRAPHVIZ_CACHE=off.
func CacheProblem() error { return gvcache.Problem }

// CacheDir is the directory of Graphviz's compilation cache, "" if none.
func CacheDir() string { return gvcache.Dir }

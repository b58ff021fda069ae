package web

import (
	"context"
	"embed"
	"errors"
	"io/fs"
	"net"
	"net/http"
	"runtime"
	"strings"
	"time"

	"github.com/cgraph/cgraph/viz/render"
)

//go:embed static
var staticFiles embed.FS

// Options configure a Server. A nil *Options means the defaults.
type Options struct {
	// Limits bound every request; nil means DefaultLimits.
	Limits *Limits
	// AllowHosts are host names, besides localhost and IP addresses, that
	// requests may name in their Host header: the name students type when
	// a teacher serves a class (see hostAllowed).
	AllowHosts []string
	// RenderWorkers is the number of Graphviz processes that may lay out
	// diagrams at once; 0 means one per core, at most 4.
	RenderWorkers int
	// MaxMemory is the memory in bytes that the server may use in all,
	// its Graphviz processes included; 0 means DefaultMaxMemory. See
	// Server.MemoryLimit for how it is shared out.
	MaxMemory int64
}

// DefaultMaxMemory is the memory of a server whose Options do not say.
const DefaultMaxMemory = 1 << 30

// Server is the playground's HTTP handler: the embedded page at / and the
// API under /api/. It holds no per-user state.
type Server struct {
	limits Limits
	hosts  []string
	mux    *http.ServeMux
	svg    *svgCache
	pool   *render.Pool

	// Admission (admit.go): compute bounds train and vanish, renders the
	// layouts; work is the memory of train and vanish, requests the
	// memory of every API request while it is handled.
	compute, renders *gate
	work, requests   *budget
	memLimit         int64
}

// New returns a Server.
func New(opts *Options) *Server {
	s := &Server{limits: DefaultLimits, mux: http.NewServeMux()}
	o := Options{}
	if opts != nil {
		o = *opts
	}
	if o.Limits != nil {
		s.limits = *o.Limits
	}
	s.hosts = o.AllowHosts
	cores := runtime.GOMAXPROCS(0)
	if o.RenderWorkers <= 0 {
		o.RenderWorkers = min(cores, 4)
	}
	if o.MaxMemory <= 0 {
		o.MaxMemory = DefaultMaxMemory
	}
	// The memory, shared out: each Graphviz process may hold an eighth
	// (64–256 MiB; a layout of seconds needs 50 MiB, measured), the
	// server the rest. Of that, 160 MiB are for what it holds idle (the
	// runtime, the compiled WebAssembly, the diagram cache), 64 MiB for
	// requests being handled, and of what remains 60% for train and vanish
	// work, the other 40% being room for the garbage the collector has not
	// yet reclaimed (Go's memory limit, set to the server's share by
	// cgraph serve, makes it collect harder near the limit).
	child := min(max(o.MaxMemory/8, 64<<20), 256<<20)
	s.memLimit = o.MaxMemory - int64(o.RenderWorkers)*child
	const idle, requests = 160 << 20, 64 << 20
	work := max((s.memLimit-idle-requests)*6/10, 16<<20)
	wait := min(2*time.Second, s.limits.Timeout/2)
	s.compute = newGate("train and vanish", cores, 256, wait)
	s.renders = newGate("diagram", o.RenderWorkers, 256, wait)
	s.work = newBudget("train and vanish", work, wait)
	s.requests = newBudget("request", requests, wait)
	s.pool = render.NewPool(&render.PoolOptions{Workers: o.RenderWorkers, MaxRSS: child})
	s.svg = newSVGCache(256, 16<<20, func(ctx context.Context, dot []byte) ([]byte, error) {
		leave, err := s.renders.enter(ctx)
		if err != nil {
			return nil, err
		}
		defer leave()
		return s.pool.SVG(ctx, dot)
	})
	static, _ := fs.Sub(staticFiles, "static") // the directory is embedded above
	files := http.FileServerFS(static)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		files.ServeHTTP(w, r)
	})
	for path, h := range s.routes() {
		s.mux.Handle(path, s.api(h))
	}
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		for route := range s.routes() {
			if method, path, _ := strings.Cut(route, " "); path == r.URL.Path {
				w.Header().Set("Allow", method)
				writeError(w, http.StatusMethodNotAllowed, "%s wants %s, not %s", path, method, r.Method)
				return
			}
		}
		writeError(w, http.StatusNotFound, "no such endpoint: %s %s", r.Method, r.URL.Path)
	})
	return s
}

// MemoryLimit is the memory the server process itself may use:
// Options.MaxMemory less what its Graphviz processes may hold. cgraph
// serve gives it to debug.SetMemoryLimit.
func (s *Server) MemoryLimit() int64 { return s.memLimit }

// admit waits for a compute slot and need bytes of work memory; the
// caller must call the returned function when done.
func (s *Server) admit(ctx context.Context, what string, need int64) (func(), error) {
	leave, err := s.compute.enter(ctx)
	if err != nil {
		return nil, err
	}
	give, err := s.work.take(ctx, what, need)
	if err != nil {
		leave()
		return nil, err
	}
	return func() { give(); leave() }, nil
}

// Warm starts a Graphviz process now, so that the first diagram is as
// fast as later ones.
func (s *Server) Warm(ctx context.Context) error { return s.pool.Warm(ctx) }

// Close stops the server's Graphviz processes. Requests that still draw
// get an error; call it after Serve returns.
func (s *Server) Close() error { return s.pool.Close() }

// routes maps each API path (with its method) to its handler.
func (s *Server) routes() map[string]apiFunc {
	return map[string]apiFunc{
		"GET /api/presets":      s.presets,
		"GET /api/options":      s.options,
		"POST /api/parse":       s.parse,
		"POST /api/graph":       s.graph,
		"POST /api/practice":    s.practice,
		"POST /api/train":       s.train,
		"POST /api/model":       s.model,
		"POST /api/model/open":  s.openModel,
		"GET /api/trainpresets": s.trainPresets,
		"POST /api/vanish":      s.vanish,
		"GET /api/limits":       s.limitsInfo,
		"GET /api/health":       health,
	}
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:")
	if !s.guard(w, r) {
		return
	}
	s.mux.ServeHTTP(w, r)
}

// Serve answers HTTP on ln until ctx is done, then shuts down gracefully:
// it stops accepting, lets requests in flight finish (for at most grace),
// and returns nil. It keeps at most maxConns connections open, closing
// the one idle longest to make room for a new one.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, grace time.Duration) error {
	lim := newConnCap(ln, maxConns)
	srv := &http.Server{
		ConnState:         lim.state,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(lim) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := srv.Shutdown(sctx)
	if e := <-errc; e != nil && !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}

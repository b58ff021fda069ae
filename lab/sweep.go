package lab

import (
	"context"
	"errors"
	"runtime"
	"sync"

	"github.com/cgraph/cgraph/nn"
)

// Grid describes a sweep: every activation × initialisation × seed at one
// depth and width.
type Grid struct {
	Depth, Width int
	Activations  []nn.Activation
	Inits        []InitSpec
	Seeds        []uint64
	Samples      int // 0: DefaultSamples
}

// InitSpec is an initialisation with a gain, as ParseInit reads it.
type InitSpec struct {
	Init nn.Init
	Gain float64 // 0 means 1
}

// Configs lists the grid's configurations: activation-major, then
// initialisation, then seed.
func (g Grid) Configs() []Config {
	var cs []Config
	for _, a := range g.Activations {
		for _, in := range g.Inits {
			for _, s := range g.Seeds {
				cs = append(cs, Config{Depth: g.Depth, Width: g.Width, Activation: a, Init: in.Init, Gain: in.Gain, Seed: s, Samples: g.Samples})
			}
		}
	}
	return cs
}

// SweepOptions tune Sweep. A nil *SweepOptions means the defaults.
type SweepOptions struct {
	// Workers is the number of goroutines; 0: runtime.GOMAXPROCS(0).
	Workers int
	// Progress, if not nil, is called after each finished configuration
	// with the number done so far and the total, from one goroutine at a
	// time.
	Progress func(done, total int)
	// KeepOverflow makes a network whose numbers outgrow float64 a Result
	// with its Overflow set, instead of an error that stops the sweep.
	KeepOverflow bool
	// Steps, if not nil, is called like Progress but after each layer of
	// each network's forward and backward pass (2·Depth + 2 steps a
	// network), for a progress bar that moves while a large network runs.
	// Only with the default Run.
	Steps func(done, total int)
	// Run measures one configuration; nil: RunContext with Sweep's
	// context, its kernels on the workers the sweep leaves idle when it
	// has fewer configurations than workers. Matrix gives the
	// hand-written baseline.
	Run func(Config) (*Result, error)
}

// Sweep measures every configuration on several goroutines, each building
// its own graphs, and returns the results in the order of cs: the same
// results, bit for bit, whatever the number of workers and the scheduling.
// It stops at the first error or when ctx is done.
func Sweep(ctx context.Context, cs []Config, opts *SweepOptions) ([]*Result, error) {
	o := SweepOptions{}
	if opts != nil {
		o = *opts
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.Run == nil {
		planWorkers := max(1, o.Workers/max(1, len(cs)))
		var step func()
		if o.Steps != nil {
			var mu sync.Mutex
			done, total := 0, 0
			for _, c := range cs {
				total += 2*c.Depth + 2
			}
			step = func() {
				mu.Lock()
				defer mu.Unlock()
				done++
				o.Steps(done, total)
			}
		}
		o.Run = func(c Config) (*Result, error) { return run(ctx, c, planWorkers, step) }
	}
	for _, c := range cs {
		if err := c.Validate(); err != nil {
			return nil, err
		}
	}
	results := make([]*Result, len(cs))
	err := parallel(ctx, len(cs), o.Workers, o.Progress, func(i int) error {
		var err error
		results[i], err = o.Run(cs[i]) // each index is written by one goroutine only
		var oe *OverflowError
		if o.KeepOverflow && errors.As(err, &oe) {
			results[i], err = &Result{Config: oe.Config, Overflow: &oe.Overflow}, nil
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}

// parallel calls do(i) for i in [0, n) on workers goroutines and returns
// the first error. progress, if not nil, is called from the calling
// goroutine after each successful call.
func parallel(ctx context.Context, n, workers int, progress func(done, total int), do func(i int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan int)
	done := make(chan error)
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				err := do(i)
				select {
				case done <- err:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range n {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	var err error
	for k := 1; k <= n && err == nil; k++ {
		select {
		case err = <-done:
			if err == nil && progress != nil {
				progress(k, n)
			}
		case <-ctx.Done():
			err = ctx.Err()
		}
	}
	cancel()
	wg.Wait()
	return err
}

package nn

import (
	"runtime"
	"sync/atomic"
	"time"
)

// A crew runs the shares of a Pass's parallel regions: the caller takes
// the first share, helper goroutines the others. Between regions a helper
// spins for up to crewSpin and then leaves; the next region starts it
// again. This is cgraph.Batch's way (see its helper): starting a goroutine
// for every region cost 15 µs and more before it ran on the other core,
// and a goroutine started by the caller sits in its processor's
// next-to-run slot, which other processors steal from only after a delay,
// so the two shares of a short region often ran one after the other. A
// spinning helper takes its share within a microsecond.
//
// A share is whole numbers computed in one fixed order, so which
// goroutine takes it changes nothing in the results.
type crew struct {
	size    int           // goroutines of a region, the caller included
	job     func(k int)   // the current region's share k; written before word
	word    atomic.Uint64 // seq<<32 | shares<<16 | next share to take
	done    atomic.Int32  // shares finished in the current region
	seq     uint64
	helpers []crewHelper
}

type crewHelper struct {
	alive atomic.Bool
	_     [63]byte // a cache line of its own
}

// crewSpin is how long a helper waits for the next region before it
// leaves: longer than the gaps between a training step's regions (a few
// µs), short enough that an idle network does not hold a core.
const crewSpin = 500 * time.Microsecond

func newCrew(size int) *crew {
	size = max(size, 1)
	return &crew{size: size, helpers: make([]crewHelper, size-1)}
}

// run calls job(k) for k in [0, shares) and returns when all are done.
func (c *crew) run(shares int, job func(k int)) {
	if shares <= 1 || c.size <= 1 {
		for k := range shares {
			job(k)
		}
		return
	}
	c.job = job
	c.done.Store(0)
	c.seq++
	c.word.Store(c.seq<<32 | uint64(shares)<<16 | 1) // share 0 is the caller's
	for i := range c.helpers {
		if h := &c.helpers[i]; h.alive.CompareAndSwap(false, true) {
			go c.help(h)
		}
	}
	c.runShare(0)
	for k, ok := c.take(); ok; k, ok = c.take() {
		c.runShare(k)
	}
	yield := c.size > runtime.GOMAXPROCS(0)
	x := uint64(1)
	for spins := 1; c.done.Load() < int32(shares); spins++ {
		if x = idle(x); yield && spins%128 == 0 || x == 0 {
			runtime.Gosched()
		}
	}
	c.job = nil
}

func (c *crew) runShare(k int) {
	c.job(k)
	c.done.Add(1)
}

// take takes the next share of the current region, if one is left.
func (c *crew) take() (int, bool) {
	for {
		v := c.word.Load()
		k, n := int(v&0xffff), int(v>>16&0xffff)
		if k >= n {
			return 0, false
		}
		if c.word.CompareAndSwap(v, v+1) {
			return k, true
		}
	}
}

func (c *crew) hasShare() bool {
	v := c.word.Load()
	return v&0xffff < v>>16&0xffff
}

// help takes shares while there are any, then spins for the next region
// and leaves after crewSpin without one.
func (c *crew) help(h *crewHelper) {
	yield := c.size > runtime.GOMAXPROCS(0)
	x := uint64(1)
	for {
		for k, ok := c.take(); ok; k, ok = c.take() {
			c.runShare(k)
		}
		start := time.Now()
		for spins := 1; !c.hasShare(); spins++ {
			if x = idle(x); spins%128 != 0 && x != 0 {
				continue
			}
			if yield {
				runtime.Gosched()
			}
			if time.Since(start) > crewSpin {
				h.alive.Store(false)
				// A region posted just now may have seen h alive.
				if !c.hasShare() || !h.alive.CompareAndSwap(false, true) {
					return
				}
			}
		}
	}
}

// idle returns x after 16 dependent multiplications, a pause that leaves
// the execution units to a thread sharing the core (cgraph's idle).
// Starting from 1, x is never 0, but the loops that test it do not know.
func idle(x uint64) uint64 {
	for range 16 {
		x = x*x + 1
	}
	return x
}

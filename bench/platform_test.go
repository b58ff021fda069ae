package bench

import (
	"math"
	"sync"
	"testing"
	"time"
)

// BenchmarkPlatformScaling measures what two cores of this machine give over
// one on three kernels that touch no memory and share nothing, the ceiling
// for any parallel code here: "speedup" is the time of two units of work
// run one after the other over the time of the same two run at once, one
// per goroutine. Each unit takes milliseconds, so starting the goroutine
// does not count.
//
//   - chains: four dependent multiply-add chains, bound by the latency of
//     the floating-point units, not by their number;
//   - fp: sixteen independent chains, as many multiply-adds a cycle as the
//     units take, like the batch's sums of products;
//   - tanh: math.Tanh over a slice, like the activations of a network.
//
// On a machine whose vCPUs are hardware threads of one core (or share its
// floating-point units some other way), fp and tanh scale well below 2×
// while chains still reach it.
func BenchmarkPlatformScaling(b *testing.B) {
	xs := make([]float64, 4096)
	for i := range xs {
		xs[i] = 2 * math.Sin(float64(i))
	}
	for _, k := range []struct {
		name string
		unit func() float64
	}{
		{"chains", func() float64 { return mulAddChains(4_000_000) }},
		{"fp", func() float64 { return mulAddChains16(1_000_000) }},
		{"tanh", func() float64 { return tanhSweep(xs, 40) }},
		{"memory", memorySweep()},
	} {
		b.Run(k.name, func(b *testing.B) {
			var one, two time.Duration
			for b.Loop() {
				t0 := time.Now()
				sink += k.unit() + k.unit()
				one += time.Since(t0)
				t0 = time.Now()
				var wg sync.WaitGroup
				var other float64
				wg.Go(func() { other = k.unit() })
				sink += k.unit()
				wg.Wait()
				sink += other
				two += time.Since(t0)
			}
			b.ReportMetric(float64(one)/float64(two), "speedup")
		})
	}
}

// memorySweep returns a unit of work that streams through arrays of 4 MiB
// and 1 MiB, one pair per goroutine that runs it, as the batch streams the
// rows of its nodes: out[i] = a·x[i] + out[i/4].
func memorySweep() func() float64 {
	var mu sync.Mutex
	var free [][2][]float64
	for range 2 {
		free = append(free, [2][]float64{make([]float64, 1<<19), make([]float64, 1<<17)})
	}
	return func() float64 {
		mu.Lock()
		buf := free[0]
		free = free[1:]
		mu.Unlock()
		x, out := buf[0], buf[1]
		for r := range 8 {
			a := 1 + float64(r)/8
			for i, v := range x {
				out[i/4] = a*v + out[i/4]
			}
		}
		s := out[len(out)/2]
		mu.Lock()
		free = append(free, buf)
		mu.Unlock()
		return s
	}
}

// mulAddChains runs four dependent chains of n multiply-adds each.
func mulAddChains(n int) float64 {
	a, c, d, e := 1.0, 1.1, 1.2, 1.3
	for range n {
		a = a*0.999999 + 1e-7
		c = c*0.999999 + 1e-7
		d = d*0.999999 + 1e-7
		e = e*0.999999 + 1e-7
	}
	return a + c + d + e
}

// mulAddChains16 runs sixteen independent chains of n multiply-adds each.
func mulAddChains16(n int) float64 {
	var v [16]float64
	for i := range v {
		v[i] = 1 + float64(i)/100
	}
	for range n {
		for j := range v {
			v[j] = v[j]*0.999999 + 1e-7
		}
	}
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s
}

// tanhSweep adds up tanh of rounds scaled copies of xs.
func tanhSweep(xs []float64, rounds int) float64 {
	s := 0.0
	for r := 1; r <= rounds; r++ {
		f := float64(r) / float64(rounds)
		for _, x := range xs {
			s += math.Tanh(x * f)
		}
	}
	return s
}

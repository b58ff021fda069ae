package bench

import (
	"testing"
	"time"
)

// Compare times graph and hand for b.N runs each, interleaved in chunks so
// that both meet the same load on a busy machine. It reports the graph's
// time per run as ns/op and graph-time / hand-time as "x-hand", and returns
// both totals.
func Compare(b *testing.B, chunk int, hand, graph func()) (tGraph, tHand time.Duration) {
	b.ReportAllocs()
	b.ResetTimer()
	for done := 0; done < b.N; {
		n := min(chunk, b.N-done)
		for i := 0; i < n; i++ {
			graph()
		}
		b.StopTimer()
		t0 := time.Now()
		for i := 0; i < n; i++ {
			hand()
		}
		tHand += time.Since(t0)
		b.StartTimer()
		done += n
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed())/float64(tHand), "x-hand")
	b.ReportMetric(float64(tHand.Nanoseconds())/float64(b.N), "hand-ns/op")
	return b.Elapsed(), tHand
}

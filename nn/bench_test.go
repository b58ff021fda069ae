package nn

import (
	"math"
	"testing"
	"time"
)

// handXOR is exercise 3-4 (f) written by hand in plain Go: a 2-2-1 network
// of sigmoids with the squared loss, trained by SGD per sample in the
// dataset's order. It is the baseline of BenchmarkXOR_2_2_1.
type handXOR struct {
	w1    [2][2]float64 // hidden weights w1[j][i]
	b1    [2]float64
	w2    [2]float64
	b2    float64
	alpha float64
}

// newHandXOR copies the weights of a 2-2-1 MLP.
func newHandXOR(m *MLP) *handXOR {
	h := &handXOR{alpha: m.cfg.Alpha}
	for j := range 2 {
		for i := range 2 {
			h.w1[j][i] = m.Layers()[0].W[j][i].Value()
		}
		h.b1[j] = m.Layers()[0].B[j].Value()
		h.w2[j] = m.Layers()[1].W[0][j].Value()
	}
	h.b2 = m.Layers()[1].B[0].Value()
	return h
}

// step trains on one sample and returns its loss before the step.
func (h *handXOR) step(x []float64, y float64) float64 {
	var a [2]float64
	for j := range 2 {
		a[j] = sigmoid(h.w1[j][0]*x[0] + h.w1[j][1]*x[1] + h.b1[j])
	}
	yhat := sigmoid(h.w2[0]*a[0] + h.w2[1]*a[1] + h.b2)
	d := yhat - y
	dz2 := 2 * d * yhat * (1 - yhat)
	for j := range 2 {
		dz1 := dz2 * h.w2[j] * a[j] * (1 - a[j])
		h.w2[j] -= h.alpha * dz2 * a[j]
		h.w1[j][0] -= h.alpha * dz1 * x[0]
		h.w1[j][1] -= h.alpha * dz1 * x[1]
		h.b1[j] -= h.alpha * dz1
	}
	h.b2 -= h.alpha * dz2
	return d * d
}

func (h *handXOR) epochs(d *Dataset, n int) float64 {
	loss := 0.0
	for range n {
		for i, x := range d.X {
			loss += h.step(x, d.Y[i])
		}
	}
	return loss
}

// TestHandXORAgrees checks that the baseline computes what the graph
// computes: after 2000 epochs from the same weights the two differ by no
// more than rounding (the graph's sigmoid takes 1−σ(z) as σ(−z) near 1).
func TestHandXORAgrees(t *testing.T) {
	m := xorNet(t, 2, 3)
	h := newHandXOR(m)
	d := XOR()
	if _, err := m.Train(d, &TrainOptions{Epochs: 2000}); err != nil {
		t.Fatal(err)
	}
	h.epochs(d, 2000)
	want := []float64{h.w1[0][0], h.w1[0][1], h.b1[0], h.w1[1][0], h.w1[1][1], h.b1[1], h.w2[0], h.w2[1], h.b2}
	for k, p := range m.Params() {
		if math.Abs(p.Value()-want[k]) > 1e-9 {
			t.Errorf("%s: graph %v, hand-written %v", p.Name(), p.Value(), want[k])
		}
	}
}

// BenchmarkXOR_2_2_1 trains the 2-2-1 XOR network for 10 000 epochs
// (40 000 SGD steps) per iteration on the graph (Forward, Backward, Step
// per sample), on its dense plan (what Train runs) and by hand-written Go
// in the same run, and reports each per step and their ratios to hand. The two alternate in blocks of 100 epochs, so a
// load on the machine slows both alike. The networks are built once, before
// the timer starts, so allocs/op counts the training steps only.
func BenchmarkXOR_2_2_1(b *testing.B) {
	const epochs, block = 10_000, 100
	d := XOR()
	order := []int{0, 1, 2, 3}
	m := xorNet(b, 2, 1)
	h := newHandXOR(m)
	p, passes := xorNet(b, 2, 1).Plan(), map[int]*Pass{}
	var graph, plan, hand time.Duration
	sink := 0.0
	b.ReportAllocs()
	for b.Loop() {
		for range epochs / block {
			t0 := time.Now()
			for range block {
				s, err := m.epochSGD(d, order)
				if err != nil {
					b.Fatal(err)
				}
				sink += s
			}
			t1 := time.Now()
			sink += h.epochs(d, block)
			t2 := time.Now()
			for range block {
				s, err := m.epochPlan(p, passes, d, order, 1, nil)
				if err != nil {
					b.Fatal(err)
				}
				sink += s
			}
			t3 := time.Now()
			graph += t1.Sub(t0)
			hand += t2.Sub(t1)
			plan += t3.Sub(t2)
		}
	}
	steps := float64(b.N) * epochs * 4
	b.ReportMetric(float64(graph.Nanoseconds())/steps, "graph-ns/step")
	b.ReportMetric(float64(plan.Nanoseconds())/steps, "plan-ns/step")
	b.ReportMetric(float64(hand.Nanoseconds())/steps, "hand-ns/step")
	b.ReportMetric(float64(graph)/float64(hand), "ratio")
	b.ReportMetric(float64(plan)/float64(hand), "plan-ratio")
	if math.IsNaN(sink) {
		b.Fatal("NaN")
	}
}

package cgraph

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"time"
	"unsafe"
)

// Batch runs a graph over many samples at once. Every node holds one value
// and one gradient per sample; the samples are independent, so they are
// split between goroutines that each run the whole tape on their share,
// without synchronising between steps.
//
// Leaves take their value from the graph (a Weight's current value, an
// Input's value) for every sample, unless Set gave them one value per
// sample. Backward gives per-sample gradients ∂L_s/∂node; GradSum and Step
// add them up. A Batch belongs to one goroutine at a time, and the graph's
// structure must not change while it is used.
type Batch struct {
	g       *Graph
	views   []stepView // the graph's steps by position, with their operands
	size    int
	stride  int       // the distance between rows: size rounded up to a cache line
	vals    []float64 // [id*stride + sample]
	grads   []float64
	set     []bool // per node id: Set gave per-sample values
	workers int
	bufs    []workerBuf // per chunk
	chunks  []chunk     // the workers' shares of the samples: see parallel
	helpers []helper
	next    atomic.Uint64 // the chunks of the current job: see parallel
	done    atomic.Int32  // the number of chunks finished
	seq     uint64        // jobs posted
	job     batchJob      // what parallel runs
	last    int           // Backward's output's position in the order, and its id
	output  int
	// rowless[id] points to the value of a leaf that every run reads as a
	// scalar instead of a row of size copies: a leaf not Set per sample
	// whose every use is a product in a muladd (a network's weights).
	// Values fills its row when asked. scalarOK marks the leaves eligible.
	// The pointers lead into scalarVals, where each run first copies the
	// values from the leaves' gates (scalars): the workers then read them
	// from a few cache lines, not from hundreds of gates that the last
	// Step wrote on the caller's core.
	rowless    []*float64
	scalarOK   []bool
	scalarVals []float64
	// picked: rowless, fwdSteps and scalars are up to date (see
	// pickRowless); plannedOut: gradOf and rowIDs are for a Backward to
	// that node (see planGrads), or −1.
	picked     bool
	plannedOut int
	fwdSteps   []int32
	scalars    []*float64
	// useStep[id] is the index of the only step that reads node id, or −1
	// if none or several do; usePartner[id] is, for a factor of a muladd's
	// pair, the other factor, else −1. weightOf[id] is the node's index in
	// g.weights, or −1.
	useStep, usePartner, weightOf []int32
	// gradOf[id] says where the last Backward put node id's gradients:
	// hasRow, a row of per-sample gradients; or, for a rowless leaf read
	// once (see planGrads), no row: noGrad, nowhere, or k ≥ 0, only the
	// block sums of weight k. rowIDs lists the nodes with a row.
	gradOf []int32
	rowIDs []int32
	// scanIDs lists the nodes whose values Forward scans for NaN and ±Inf:
	// those with inputs, but for tanh, sigmoid and ReLU, whose value is
	// finite when their input is (which is scanned, or a leaf).
	scanIDs []int32
	// weightSums[blk*sumStride+k] is the sum of weight k's gradients over
	// block blk, made by the workers of the last Backward (sumsFresh). A
	// block's sums fill whole cache lines, so workers do not share lines.
	// Column spare takes the sums of dummy items (see mulAddForward).
	weightSums []float64
	gradSums   []float64 // per weight, the sum of its block sums (GradSum)
	sumStride  int
	spare      int32
	// ones is a row of ones, scratch four rows that dummy items write to.
	ones, scratch []float64
	sumsFresh     bool
	gradsLive     bool // no Forward since the last Backward
}

// Where a node's gradients are (Batch.gradOf), besides a weight's index.
const (
	hasRow int32 = -2
	noGrad int32 = -1
)

// lineFloats is the number of float64s in a cache line.
const lineFloats = 8

// alignedFloats returns a zeroed slice of n float64s that starts at a
// cache line.
func alignedFloats(n int) []float64 {
	xs := make([]float64, n+lineFloats)
	skip := (-int(uintptr(unsafe.Pointer(unsafe.SliceData(xs))) / 8)) & (lineFloats - 1)
	return xs[skip : skip+n : skip+n]
}

// workerBuf holds one worker's inputs and contributions of the gate it
// runs sample by sample through the Gate interface (a network's loss).
type workerBuf struct{ in, contrib []float64 }

// newWorkerBuf returns buffers for gates of up to n inputs, on cache lines
// of their own: two workers' buffers on one line would bounce it between
// the cores at every sample.
func newWorkerBuf(n int) workerBuf {
	lines := (n + lineFloats - 1) / lineFloats * lineFloats
	xs := alignedFloats(2 * lines)
	return workerBuf{in: xs[:n:n], contrib: xs[lines : lines+n : lines+n]}
}

// NewBatch prepares the graph for runs over size samples at a time, using
// as many goroutines as there are CPUs.
func (g *Graph) NewBatch(size int) (*Batch, error) {
	if size < 1 {
		return nil, fmt.Errorf("cgraph: batch size %d, want at least 1", size)
	}
	if err := g.prepare(); err != nil {
		return nil, err
	}
	n := len(g.nodes)
	stride := (size + lineFloats - 1) &^ (lineFloats - 1)
	b := &Batch{g: g, size: size, stride: stride, vals: alignedFloats(n * stride), grads: alignedFloats(n * stride), set: make([]bool, n)}
	b.views = make([]stepView, len(g.steps))
	for i := range b.views {
		b.views[i] = g.view(int32(i))
	}
	b.findScalarLeaves()
	b.findUses()
	b.plannedOut = -1
	b.spare = int32(len(g.weights))
	b.sumStride = (len(g.weights) + 1 + lineFloats - 1) &^ (lineFloats - 1)
	b.ones, b.scratch = alignedFloats(stride), alignedFloats(4*stride)
	for i := range b.ones {
		b.ones[i] = 1
	}
	b.weightSums = alignedFloats(b.sumStride * b.blocks())
	b.gradSums = make([]float64, len(g.weights))
	b.SetWorkers(runtime.GOMAXPROCS(0))
	return b, nil
}

// SetWorkers sets the number of goroutines a run uses (at least 1, at most
// the number of blocks of 32 samples, and at most 4096).
func (b *Batch) SetWorkers(k int) {
	k = max(1, min(k, b.blocks(), 4096))
	if k == b.workers {
		return
	}
	b.workers = k
	maxIn := len(b.g.inBuf)
	b.bufs = make([]workerBuf, b.workers)
	// Helpers of the old slice, if any, go on taking chunks while they
	// spin, then leave.
	b.helpers = make([]helper, b.workers-1)
	b.chunks = make([]chunk, b.workers)
	nb := b.blocks()
	for c := range b.chunks {
		// Whole blocks of sumBlock samples, so each block's sum is made
		// by one worker.
		b.chunks[c].lo, b.chunks[c].hi = c*nb/k*sumBlock, min((c+1)*nb/k*sumBlock, b.size)
		b.bufs[c] = newWorkerBuf(maxIn)
	}
}

// sumBlock is the number of samples whose gradients are summed together
// before the block sums are added up in order. Workers take whole blocks,
// so a sum is the same number however many workers there are.
const sumBlock = 32

// blocks returns the number of sum blocks of the batch.
func (b *Batch) blocks() int { return (b.size + sumBlock - 1) / sumBlock }

// blockSum returns the sum of xs[lo:hi] of block blk of a row.
func (b *Batch) blockSum(row []float64, blk int) float64 {
	s := 0.0
	for _, x := range row[blk*sumBlock : min((blk+1)*sumBlock, b.size)] {
		s += x
	}
	return s
}

// Size returns the number of samples.
func (b *Batch) Size() int { return b.size }

// Set gives leaf n one value per sample (len(values) must be the batch
// size). The values are copied.
func (b *Batch) Set(n *Node, values []float64) error {
	if n.graph != b.g {
		panic("cgraph: Batch.Set with a node of another graph")
	}
	if len(n.inputs) > 0 {
		return fmt.Errorf("cgraph: batch: node %q is computed, not an input", n.Name())
	}
	if len(values) != b.size {
		return fmt.Errorf("cgraph: batch: %d values for node %q, want %d", len(values), n.Name(), b.size)
	}
	for s, v := range values {
		if v-v != 0 {
			return fmt.Errorf("cgraph: batch: value %v for node %q in sample %d is not finite", v, n.Name(), s+1)
		}
	}
	copy(b.Values(n), values)
	if !b.set[n.id] {
		b.set[n.id], b.picked = true, false // the next Forward picks again
	}
	return nil
}

// Values returns node n's values, one per sample. The slice is the batch's
// own storage: it changes with the next run.
func (b *Batch) Values(n *Node) []float64 {
	if p := b.rowless[n.id]; p != nil {
		return b.filled(int32(n.id), 0, b.size)
	}
	return b.col(b.vals, int32(n.id), 0, b.size)
}

// findScalarLeaves marks the leaves that only muladd steps read: those
// can take a scalar for a row (as a factor or as an added term).
func (b *Batch) findScalarLeaves() {
	g := b.g
	b.rowless = make([]*float64, len(g.nodes))
	b.scalarOK = make([]bool, len(g.nodes))
	b.scalarVals = alignedFloats(len(g.leaves))
	for _, s := range g.steps {
		if s.op == opLeaf && len(g.nodes[s.out].consumers) > 0 {
			b.scalarOK[s.out] = true
		}
	}
	for _, s := range g.steps {
		if s.op != opMulAdd {
			for _, id := range g.ins[s.off : s.off+s.n] {
				b.scalarOK[id] = false
			}
		}
	}
}

// pickRowless decides, before a run, which leaves the run keeps as
// scalars: the eligible ones not Set per sample. It lists the steps the
// workers run in fwdSteps: all but the leaves that need no row filled
// (Set per sample, or scalars), and the scalars in scalars. It does the
// work only when Set gave a leaf its first row since the last time.
func (b *Batch) pickRowless() {
	if b.picked {
		return
	}
	g := b.g
	b.fwdSteps, b.scalars = b.fwdSteps[:0], b.scalars[:0]
	for i, s := range g.steps {
		if s.op == opLeaf {
			b.rowless[s.out] = nil
			if b.set[s.out] {
				continue
			}
			if b.scalarOK[s.out] {
				b.rowless[s.out] = &b.scalarVals[len(b.scalars)]
				b.scalars = append(b.scalars, g.leaves[s.aux])
				continue
			}
		}
		b.fwdSteps = append(b.fwdSteps, int32(i))
	}
	b.picked, b.plannedOut = true, -1
}

// loadScalars copies the values of the scalar leaves from their gates
// into scalarVals and reports whether they are finite. (The workers check
// the leaves whose rows they fill.)
func (b *Batch) loadScalars() bool {
	ok := true
	for k, p := range b.scalars {
		v := *p
		b.scalarVals[k] = v
		ok = ok && v-v == 0
	}
	return ok
}

// findUses fills useStep, usePartner and weightOf, and starts every node
// with a gradient row.
func (b *Batch) findUses() {
	g := b.g
	n := len(g.nodes)
	b.useStep, b.usePartner, b.weightOf = make([]int32, n), make([]int32, n), make([]int32, n)
	b.gradOf, b.rowIDs = make([]int32, n), make([]int32, 0, n)
	uses := make([]int, n)
	for id := range n {
		b.useStep[id], b.usePartner[id], b.weightOf[id], b.gradOf[id] = -1, -1, -1, hasRow
	}
	for i, s := range g.steps {
		ids := g.ins[s.off : s.off+s.n]
		for j, id := range ids {
			uses[id]++
			b.useStep[id], b.usePartner[id] = int32(i), -1
			if s.op == opMulAdd && j < 2*int(s.aux) {
				b.usePartner[id] = ids[j^1]
			}
		}
	}
	for id, u := range uses {
		if u != 1 {
			b.useStep[id], b.usePartner[id] = -1, -1
		}
	}
	for k, w := range g.weights {
		b.weightOf[w.id] = int32(k)
	}
	for _, i := range g.inner {
		switch s := g.steps[i]; s.op {
		case opTanh, opSigmoid, opReLU:
		default:
			b.scanIDs = append(b.scanIDs, s.out)
		}
	}
}

// planGrads decides, before a Backward from the step at position last to
// node output, which nodes get a row of per-sample gradients. A rowless
// leaf read once by a muladd that the Backward reaches, as a term or as a
// factor whose partner has a row, gets none: its gradient in sample s is
// that one contribution, up_s·partner_s or up_s, so that Grads can make
// the row on demand, and the workers add a weight's contributions straight
// into its block sums. The other nodes are listed in rowIDs.
func (b *Batch) planGrads(last, output int) {
	if output == b.plannedOut {
		return // last is output's position
	}
	b.plannedOut = output
	b.rowIDs = b.rowIDs[:0]
	for id := range b.g.nodes {
		b.gradOf[id] = hasRow
		if i, p := b.useStep[id], b.usePartner[id]; b.rowless[id] != nil && id != output &&
			i >= 0 && int(i) <= last && (p < 0 || b.rowless[p] == nil) {
			b.gradOf[id] = max(b.weightOf[id], noGrad)
			continue
		}
		b.rowIDs = append(b.rowIDs, int32(id))
	}
}

// Grads returns node n's per-sample gradients from the last Backward. The
// slice is the batch's own storage: it changes with the next run.
//
// A leaf that the batch kept as a scalar and that one muladd reads (a
// network's weight after Optimize) has no row of gradients during the
// run; Grads computes it from the muladd's gradients and the other
// factor's values, with the same arithmetic, so it holds the same numbers.
// That needs the values of the last Forward to be those that Backward
// used: after a further Forward, such a node's Grads are zero until the
// next Backward. GradSum and Step are not affected.
func (b *Batch) Grads(n *Node) []float64 {
	id := int32(n.id)
	row := b.col(b.grads, id, 0, b.size)
	if b.gradOf[id] == hasRow {
		return row
	}
	if !b.gradsLive {
		clear(row)
		return row
	}
	up := b.col(b.grads, b.g.steps[b.useStep[id]].out, 0, b.size)
	if p := b.usePartner[id]; p >= 0 {
		y := b.col(b.vals, p, 0, b.size)
		for q, u := range up {
			d := 0.0 // 0 + x, as a row of gradients starts
			d += u * y[q]
			row[q] = d
		}
		return row
	}
	for q, u := range up {
		d := 0.0
		d += u
		row[q] = d
	}
	return row
}

// GradSum returns Σ_s ∂L_s/∂n, the gradient of the summed loss.
//
// It adds blocks of sumBlock samples, then the block sums in order, so the
// result does not depend on the number of workers.
func (b *Batch) GradSum(n *Node) float64 {
	if k := b.weightOf[n.id]; k >= 0 && b.sumsFresh {
		return b.gradSums[k]
	}
	row, s := b.Grads(n), 0.0
	for blk := range b.blocks() {
		s += b.blockSum(row, blk)
	}
	return s
}

// Forward computes every node's value for every sample. It returns a
// *NumericError for the first node (in topological order) with a NaN or
// ±Inf value in some sample.
func (b *Batch) Forward() error {
	b.pickRowless()
	b.gradsLive = false
	ok := b.loadScalars()
	ok = b.parallel(jobForward) && ok
	if ok {
		return nil
	}
	return b.forwardError()
}

// forwardError names the first node and sample of the forward pass whose
// value is not finite.
func (b *Batch) forwardError() error {
	for _, n := range b.g.order {
		for s, v := range b.Values(n) {
			if v-v != 0 {
				return newSampleError("forward", n, v, s+1)
			}
		}
	}
	return nil
}

// Backward computes every node's per-sample gradient of output's value in
// that sample, after a Forward.
func (b *Batch) Backward(output *Node) error {
	b.prepareBackward(output)
	ok := b.parallel(jobBackward)
	b.sumsFresh, b.gradsLive = true, true
	if b.addGradSums() && ok {
		return nil
	}
	return b.backwardError()
}

// addGradSums adds up each weight's block sums into gradSums and reports
// whether all the sums are finite: finite block sums can still add up to
// ±Inf. It goes block after block, each block's row of sums in order (the
// rows of the other workers' blocks come from their cores' caches), and
// every weight's sum adds its blocks in order from 0.0, so the result does
// not depend on the number of workers.
func (b *Batch) addGradSums() bool {
	sums := b.gradSums
	clear(sums)
	for blk := range b.blocks() {
		row := b.weightSums[blk*b.sumStride:][:len(sums)]
		for k, x := range row {
			sums[k] += x
		}
	}
	return allFinite(sums)
}

// prepareBackward plans the gradients of a backward pass from output.
func (b *Batch) prepareBackward(output *Node) {
	if output.graph != b.g {
		panic("cgraph: Batch backward pass from a node of another graph")
	}
	last := b.g.pos[output.id]
	b.planGrads(last, output.id)
	b.last, b.output = last, output.id
}

// backwardError names the node nearest the output, and the sample, whose
// gradient is not finite; or, if every sample's are, the first weight whose
// gradient summed over the samples is not.
func (b *Batch) backwardError() error {
	for i := b.last; i >= 0; i-- {
		n := b.g.order[i]
		for s, d := range b.Grads(n) {
			if d-d != 0 {
				return newSampleError("backward", n, d, s+1)
			}
		}
	}
	for k, sum := range b.gradSums {
		if sum-sum != 0 {
			return newSummedError(b.g.weights[k], sum)
		}
	}
	return nil
}

// Run is Forward followed by Backward from output, in one pass of the
// workers: each goes on to the backward pass of its samples as soon as
// their forward pass is done, without waiting for the others' (samples do
// not depend on each other), so a training step synchronises the cores
// once instead of twice. The results are those of Forward and Backward.
func (b *Batch) Run(output *Node) error {
	b.prepareBackward(output)
	b.pickRowless()
	b.gradsLive, b.sumsFresh = false, false
	scalarsOK := b.loadScalars()
	ok := b.parallel(jobRun)
	for c := range b.chunks {
		scalarsOK = scalarsOK && b.chunks[c].forwardOK
	}
	if !scalarsOK {
		return b.forwardError()
	}
	b.sumsFresh, b.gradsLive = true, true
	if b.addGradSums() && ok {
		return nil
	}
	return b.backwardError()
}

// Step applies SGD with the summed gradient scaled by scale to every Weight:
// w ← w − α·scale·Σ_s ∂L_s/∂w. scale = 1/size gives the mean loss's step.
//
// The workers of Backward summed the weights' gradients block by block,
// each over its own samples, and Backward added the block sums up.
func (b *Batch) Step(scale float64) {
	g := b.g
	for k, w := range g.weightGates {
		n := g.weights[k]
		w.Value -= w.Alpha * scale * b.GradSum(n)
		g.vals[n.id] = w.Value
	}
	g.fresh = false
}

// sumWeightGrads stores the block sums of the gradients of the weights
// with rows for the blocks of samples lo:hi (whole blocks: see parallel).
// Backward made the other weights' sums already.
func (b *Batch) sumWeightGrads(lo, hi int) {
	for k, n := range b.g.weights {
		if b.gradOf[n.id] != hasRow {
			continue
		}
		row := b.col(b.grads, int32(n.id), 0, b.size)
		for blk := lo / sumBlock; blk*sumBlock < hi; blk++ {
			b.weightSums[blk*b.sumStride+k] = b.blockSum(row, blk)
		}
	}
}

// sumsFinite reports whether the weights' block sums of the blocks of
// samples lo:hi are finite. A weight without a row has no other trace of
// a non-finite gradient.
func (b *Batch) sumsFinite(lo, hi int) bool {
	from, to := lo/sumBlock, (hi+sumBlock-1)/sumBlock
	return allFinite(b.weightSums[from*b.sumStride : to*b.sumStride])
}

// A batchJob is what the workers of a run do on their samples.
type batchJob uint8

const (
	jobForward batchJob = iota
	jobBackward
	jobRun // forward, then backward if the forward numbers are finite
)

// runJob does b.job on chunk c and reports whether the numbers it made
// are finite.
func (b *Batch) runJob(c int) bool {
	lo, hi := b.chunks[c].lo, b.chunks[c].hi
	if b.job != jobBackward {
		leavesOK := b.forward(c, lo, hi)
		ok := leavesOK && b.finite(b.vals, b.scanIDs, lo, hi)
		b.chunks[c].forwardOK = ok
		if b.job == jobForward || !ok {
			return ok
		}
	}
	b.backward(c, lo, hi, b.last, b.output)
	b.sumWeightGrads(lo, hi)
	return b.finite(b.grads, b.rowIDs, lo, hi) && b.sumsFinite(lo, hi)
}

// A run splits the samples into one chunk per worker, contiguous ranges
// of whole blocks fixed by SetWorkers. The caller's goroutine runs chunk
// 0; helper goroutines take the others; and the caller takes any chunk
// that no helper has taken by the time it is done with its own. A chunk's
// numbers do not depend on who computes it, so the results are the same.
//
// b.next holds the job's sequence number, the number of chunks and the
// next chunk to take (see jobWord); a worker takes chunk c by moving the
// word from c to c+1, and then reads the job from b. The caller writes the
// job before it publishes the word, and changes it again only after all
// chunks are done, so a taken chunk always belongs to the job it reads.
type chunk struct {
	chunkState
	_ [64 - unsafe.Sizeof(chunkState{})%64]byte // a cache line of its own
}

type chunkState struct {
	lo, hi    int
	ok        bool // what runJob reported
	forwardOK bool // the forward pass's numbers were finite
}

// jobWord packs a job's sequence number, its number of chunks and the
// next chunk to take.
func jobWord(seq uint64, chunks, next int) uint64 {
	return seq<<32 | uint64(chunks)<<16 | uint64(next)
}

// take takes the next chunk of the current job, if one is left.
func (b *Batch) take() (int, bool) {
	for {
		v := b.next.Load()
		c, n := int(v&0xffff), int(v>>16&0xffff)
		if c >= n {
			return 0, false
		}
		if b.next.CompareAndSwap(v, v+1) {
			return c, true
		}
	}
}

// runChunk runs chunk c of the current job.
func (b *Batch) runChunk(c int) {
	b.chunks[c].ok = b.runJob(c)
	b.done.Add(1)
}

// A helper is a goroutine that takes chunks. Between jobs it spins for up
// to helperSpin, then leaves; the next run starts it again. Starting a
// goroutine for every run cost about 15µs, sometimes much more, before it
// ran on the other core, a tenth of the spiral net's Forward on a batch
// of 256; a helper that is still spinning takes a chunk in well under a
// microsecond, and Forward, Backward and the next batch's Forward follow
// each other within microseconds in training. If a helper is slow to come,
// the caller does its chunk instead of waiting.
type helper struct {
	alive atomic.Bool
	_     [63]byte // a cache line of its own
}

// helperSpin is how long a helper waits for the next job before it leaves.
// In training the gaps between runs (a Step, loading the next batch) take
// well under 10µs, but a helper that finishes its chunk early also waits
// for the caller's: with 50µs it often left during training and came back
// about 30µs late. A spinning core is not free: it is taken from other
// goroutines and processes, and where two hardware threads share a core it
// takes execution units from the other one. (This machine's two vCPUs
// mostly behave as separate cores: BenchmarkPlatformScaling; a training on
// one runs 0–7% slower while the other spins.)
const helperSpin = 500 * time.Microsecond

// parallel runs job on the chunks and reports whether the numbers are
// finite in all of them.
func (b *Batch) parallel(job batchJob) bool {
	b.job = job
	n := len(b.chunks)
	if n == 1 {
		return b.runJob(0)
	}
	b.done.Store(0)
	b.seq++
	b.next.Store(jobWord(b.seq, n, 1)) // chunk 0 is the caller's
	yield := b.oversubscribed()
	for i := range b.helpers {
		if h := &b.helpers[i]; h.alive.CompareAndSwap(false, true) {
			go b.help(h, yield)
		}
	}
	b.runChunk(0)
	for c, ok := b.take(); ok; c, ok = b.take() {
		b.runChunk(c)
	}
	x := uint64(1)
	for spins := 1; b.done.Load() < int32(n); spins++ {
		if x = idle(x); yield && spins%yieldEvery == 0 || x == 0 {
			runtime.Gosched()
		}
	}
	ok := true
	for c := range b.chunks {
		ok = ok && b.chunks[c].ok
	}
	return ok
}

// help takes chunks as helper h while there are any, then spins for the
// next job, and leaves after helperSpin without one. It yields to the
// scheduler while it spins if yield (see oversubscribed, which reads what
// SetWorkers writes: the caller asks it, not the helper).
func (b *Batch) help(h *helper, yield bool) {
	x := uint64(1)
	for {
		for c, ok := b.take(); ok; c, ok = b.take() {
			b.runChunk(c)
		}
		start := time.Now()
		for spins := 1; !b.hasChunk(); spins++ {
			if x = idle(x); spins%yieldEvery != 0 && x != 0 {
				continue
			}
			if yield {
				runtime.Gosched()
			}
			if time.Since(start) > helperSpin {
				h.alive.Store(false)
				// A job posted just now may have seen h alive.
				if !b.hasChunk() || !h.alive.CompareAndSwap(false, true) {
					return
				}
			}
		}
	}
}

// hasChunk reports whether the current job has a chunk left to take.
func (b *Batch) hasChunk() bool {
	v := b.next.Load()
	return v&0xffff < v>>16&0xffff
}

// A spinning goroutine looks at its flag, then idles for a while in a
// chain of dependent multiplications (about 50 cycles): that leaves the
// execution units to a thread that shares the core, as a pause instruction
// would, and notices a change within tens of nanoseconds. Every yieldEvery
// looks (some microseconds) a helper looks at the clock, and if there are
// more workers than Ps (see oversubscribed) lets the scheduler run other
// goroutines, which they then need to get on. Otherwise it does not yield:
// runtime.Gosched puts the goroutine on the global queue, where the other
// worker's P may pick it up, and the two goroutines would swap threads,
// each finding its samples in the other core's cache.
const yieldEvery = 128

// oversubscribed reports whether the batch has more workers than the
// runtime has Ps to run them at once.
func (b *Batch) oversubscribed() bool { return b.workers > runtime.GOMAXPROCS(0) }

// idle returns x after 16 dependent multiplications. Starting from 1, x is
// never 0 (x² + 1 is 2 mod 4 for an odd x, and odd for an even one), but
// the loops that test it do not know that, so the work stays.
func idle(x uint64) uint64 {
	for range 16 {
		x = x*x + 1
	}
	return x
}

// finite reports whether the numbers in xs (values or gradients) of the
// given nodes are finite for samples lo:hi. Each worker checks its own
// samples, so the check is split between the cores like the work. Values
// of leaves need no scan: Set refuses non-finite ones and forward checks
// the others once per leaf.
func (b *Batch) finite(xs []float64, ids []int32, lo, hi int) bool {
	for _, id := range ids {
		if !allFinite(b.col(xs, id, lo, hi)) {
			return false
		}
	}
	return true
}

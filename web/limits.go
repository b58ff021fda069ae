package web

import "time"

// Limits bound what one request may ask of the server.
type Limits struct {
	MaxBody int64 // bytes of a request body
	// MaxTrainBody is MaxBody for /api/train, whose requests carry the
	// network's weights (8 layers of 64 units: 29,377 numbers, about
	// 700 KB of JSON) and a CSV file's text.
	MaxTrainBody int64
	// MaxModel is MaxBody for /api/model/open, whose body is a saved
	// model file: the largest network the page shows (8 hidden layers of
	// 64 units on 16 features) writes about 0.9 MB.
	MaxModel    int64
	MaxProgram  int // bytes of a program
	MaxNodes    int // nodes of a program's graph
	MaxEpochs   int // epochs of one /api/train request
	MaxSteps    int // SGD steps (epochs × samples) of one /api/train request
	MaxTrainOp  int // steps × weights of one /api/train request
	MaxSamples  int // samples of a generated dataset
	MaxLayers   int // hidden layers of a trained network
	MaxUnits    int // units of one hidden layer
	MaxGrid     int // resolution of the decision boundary (per side)
	MaxNeurons  int // resolution of the per-unit maps (per side) of /api/train
	MaxCSV      int // bytes of a CSV dataset sent to /api/train
	MaxClasses  int // classes of a softmax classifier of /api/train
	MaxDepth    int // depth of a vanishing-gradient network
	MaxWidth    int // width of a vanishing-gradient network
	MaxConfigs  int // activations × inits × seeds of one /api/vanish request
	MaxVanishOp int // configs × depth × width² of one /api/vanish request
	// MaxLayout is the predicted layout time (render.Estimate) above which
	// a diagram is drawn with names only, or, if that is still too slow,
	// not at all; negative: no limit.
	MaxLayout time.Duration
	Timeout   time.Duration // wall-clock time of one API request
}

// DefaultLimits are the limits of a nil *Limits. They keep every request
// well under a second on one core of a small machine, except Timeout,
// which is the guard against the unforeseen.
var DefaultLimits = Limits{
	MaxBody:      256 << 10,
	MaxTrainBody: 1 << 20,
	MaxModel:     2 << 20,
	MaxProgram:   16 << 10,
	MaxNodes:     1000,
	MaxEpochs:    2000,
	MaxSteps:     100_000,
	MaxTrainOp:   300_000_000,
	MaxSamples:   500,
	MaxLayers:    8,
	MaxUnits:     64,
	MaxGrid:      64,
	MaxNeurons:   32,
	MaxCSV:       64 << 10,
	MaxClasses:   8,
	MaxDepth:     200,
	MaxWidth:     128,
	MaxConfigs:   32,
	MaxVanishOp:  10_000_000,
	MaxLayout:    time.Second,
	Timeout:      5 * time.Second,
}

// Package nn provides neural networks made of ordinary cgraph gates:
// dense layers and multi-layer perceptrons with a chosen activation per
// layer, seeded weight initialisers, losses, SGD (or momentum, or Adam)
// training per sample or in mini-batches, feature inputs, an L1/L2 penalty,
// train/test splits, snapshots of the weights, toy datasets and saved
// models.
//
// Every neuron is the exercise's graph: one Mul node per weight and input,
// an Add node for the pre-activation z (with the bias as one more input),
// and an activation node. A trained network is therefore a cgraph.Graph like
// any other: it can be drawn, explained and gradient-checked, and the
// weight, pre-activation and activation nodes of each layer are reachable
// through MLP.Layers. The graph is built when first asked for (MLP.Graph,
// Layers, Params, …): training and evaluation run on the weights alone.
// Each weight and bias has its own learning rate α, as the exercise's
// Weight gate (Config.Alpha, Config.LayerAlpha per layer, or the gate's
// Alpha set by a program); SGD, momentum and Adam move each by its own, on
// the graph and on the plan (PlanLayer.AlphaW, AlphaB), and saved models
// record the rates.
//
// # The dense plan
//
// Training, Evaluate and OutputAll run a network on its dense plan
// (Plan): the layers' weights as matrices and a batch of samples at once
// through matrix kernels, with the gates' own activation and loss
// formulas. Its numbers are the graph's bit for bit: forward values,
// gradients and trained weights, per sample and in mini-batches, every
// sum added in the order of the graph's own engines (the tape per
// sample, cgraph.Batch for a batch), and they never depend on the number
// of workers. The graph stays what the network is for every view; the plan
// only executes it.
//
// # Names
//
// Layers, units and inputs are counted from 1. Inputs are x1, x2, …, targets
// y1, y2, …; in layer l, unit j: the weight from input i is wl_j_i, the
// product pl_j_i, the bias bl_j, the pre-activation zl_j and the activation
// al_j. The activations of the last layer are called yhat1, yhat2, …
// instead (for a linear last layer the pre-activation carries that name),
// and the loss is L. Features are named as written (x1^2, x1*x2, sin(x1));
// with a penalty the data loss is Ldata and L = Ldata + R1 + R2 (see
// regular.go).
//
// # Randomness
//
// All random choices come from explicit seeds (math/rand/v2's PCG), so a
// network built, trained and evaluated twice with the same seeds has
// bit-identical weights.
package nn

// Package viz draws a computational graph as the course exercise does: a
// forward diagram with every node's value and a backward diagram (the
// "computational gradient graph") with every edge's gradient and every
// node's accumulated gradient, optionally with the hand calculation
// (formula and numbers) on each label. It also writes the same steps as
// text or a Markdown table (Explain, Markdown).
//
// viz produces Graphviz DOT text and needs nothing installed; turning DOT
// into SVG or PNG is the job of package viz/render, which embeds Graphviz.
// Keeping that apart means a program that only trains, or only wants DOT,
// never loads the renderer.
//
// A large graph is drawn with its repeated parts folded (Options.Groups,
// Fold): a call of a def as one gate, a layer of a network or a run of
// repeated statements as one box with the range of its values or the
// norms of its gradients, each of which Options.Open draws node by node.
//
// Every view reads the numbers of the graph's last Forward and Backward
// run; where the exact rational value is known (see cgraph.Exact) it is
// shown instead, so the exercise's z = 0 is 0 and not 1.1e-16.
package viz

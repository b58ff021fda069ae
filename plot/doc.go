// Package plot draws the charts of training: loss curves and decision
// boundaries with their data points, as PNG or SVG files chosen by the
// file name's extension. It uses gonum.org/v1/plot, whose fonts are
// embedded, so no system fonts are needed.
package plot

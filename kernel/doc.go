// Package kernel is a Jupyter kernel for cgraph's expression language: it
// speaks the Jupyter messaging protocol (version 5.3) over ZeroMQ, signs
// and checks every message with the HMAC key of the connection file, and
// runs cells in a Session that keeps the program, its inputs and its
// weights from cell to cell.
//
// A cell holds a program (statements name = expression), its inputs as
// NAME = VALUE lines or a %inputs line, and magics (%eval, %train, …)
// that run the command line in-process. See the README's "Jupyter"
// section for the cell language and the magics.
//
// Errors in cells (a program's syntax, a missing input, a failed magic)
// are the user's and go back to the notebook; the kernel survives them.
// A message whose signature is wrong is refused and logged, never
// answered.
package kernel

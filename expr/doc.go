// Package expr provides the lexer and parser of the cgraph expression
// language: programs of named assignments such as
//
//	c = a + b; e = c * d; g = e - f
//
// that describe a computational graph. Parse turns a program into an AST
// (Program, Stmt, Def and the Expr nodes) in which every node knows its
// position; Build turns the AST into a cgraph.Graph.
//
// # Grammar
//
// In EBNF (as in the Go specification):
//
//	program = [ item ] { sep [ item ] } .
//	item    = def | stmt .
//	sep     = newline | ";" .
//	def     = "def" name "(" [ name { "," name } ] ")" "=" expr .
//	stmt    = name "=" expr .
//	expr    = term { ( "+" | "-" ) term } .
//	term    = unary { ( "*" | "/" ) unary } .
//	unary   = ( "-" | "+" ) unary | power .
//	power   = primary [ "^" unary ] .
//	primary = number | name | call | "(" expr ")" .
//	call    = name "(" [ expr { "," expr } ] ")" .
//
//	name    = ( letter | "_" ) { letter | digit | "_" | mark | subscript } .
//	number  = digits [ "." [ digits ] ] [ exponent ]
//	        | "." digits [ exponent ] .
//	exponent = ( "e" | "E" ) [ "+" | "-" ] digits .
//	digits  = decimal_digit { decimal_digit } .
//
// So "^" binds tighter than unary minus and is right-associative
// (-a^2 is -(a^2), 2^3^2 is 2^(3^2), 2^-1 is allowed), "*" and "/" bind
// tighter than "+" and "-", and all four are left-associative. A chain of
// "+" (or of "*") becomes one Nary node with all its operands, so a+b+c is
// one addition of three inputs; parentheses keep their grouping ((a+b)+c is
// two additions). Unary plus is accepted and dropped.
//
// A letter is a Unicode letter (ŷ, σ and α are names), a digit in a name
// may be any Unicode decimal digit, a mark is a Unicode combining mark and a
// subscript one of ₀ … ₉, so w₁ is a name. Numbers use ASCII digits.
// Whitespace other than newlines is ignored, and so are newlines inside
// parentheses, so a long call may span several lines. A "#" starts a comment
// that runs to the end of the line.
//
// Students paste formulas from documents, so the lexer also accepts
// "·", "⋅" and "×" for "*", "÷" for "/", "−" (U+2212) for "-", "**" for "^",
// and σ as another name of sigmoid.
//
// # Functions
//
// The built-in functions, with their arguments, are
//
//	sigmoid(x)  σ(x)  tanh(x)  relu(x)  leaky_relu(x)  softplus(x)  exp(x)
//	log(x)  sqrt(x)  abs(x)  sin(x)  cos(x)  neg(x)
//	max(a, b)  min(a, b)       at a tie each gets half the gradient
//	sqloss(yhat, y)            (yhat - y)^2
//	mse(yhat1, y1, ...)        mean of the squared differences of the pairs
//
// See Funcs. An unknown function or a wrong number of arguments is an error
// at the call. From Go, more functions can be given as gates in
// Options.Funcs (see ParseWith and CompileWith).
//
// # Definitions
//
// A program may define its own functions and call them like built-ins:
//
//	def softrelu(x) = log(1 + exp(x))
//	def swish(x) = x * sigmoid(x)
//	h = softrelu(w*x + b)
//
// The parameters are local to the body; any other name in a body is the
// program's name of that spelling (an input, or a statement's target), as
// a closure in JAX captures the variables around it: def neuron(x) =
// sigmoid(w*x + b) reads the program's w and b. A def may call the
// built-ins and the defs above it, and a statement only the defs above it,
// so no function can call itself. "def" is a keyword, no name. A def
// cannot redefine a function, repeat a parameter or use a function's name
// as one; each of these is an error at its position.
//
// Build expands each call into ordinary gates (so its derivative is that
// of the gates it is made of) and records it as a Group, which views use to
// draw the call as one gate. The nodes of a call are named after the call,
// softrelu#1:exp(x), which no name of a program can clash with.
//
// # Meaning
//
// A program defines each name on the left of "=" once; the order of the
// statements does not matter for the graph, but a name may not depend on
// itself (a = b + 1; b = a is a cycle). Names that are used but never
// assigned are the program's inputs (Program.Inputs), and the target of the
// last statement is its output (Program.Output). Function names cannot be
// assigned or used as values. Definitions may stand anywhere among the
// statements, but before the statements that call them.
//
// # Errors
//
// Every error is an *Error with a 1-based line and column (counted in
// runes) inside the source and the text of the source line, so it can be
// shown with a caret under the offending text (Error.Snippet). Parse returns
// all the errors it finds as an ErrorList: after a syntax error it skips to
// the end of the statement and goes on. It never panics, whatever the input
// (invalid UTF-8 and NUL bytes included), and limits the nesting of
// expressions to MaxDepth levels instead of overflowing the stack.
package expr

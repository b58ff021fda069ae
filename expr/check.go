package expr

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxCycles is how many cycles Check reports, and maxCycleShown how many
// names of a cycle its message shows.
const (
	maxCycles     = 10
	maxCycleShown = 12
)

// Check reports the errors of a program that are not syntax errors, as an
// ErrorList sorted by position: no statements at all; a name assigned
// twice (at the second target); a function name assigned or used as a
// value; an unknown function or a wrong number of arguments; a def that
// redefines a function, repeats a parameter, is defined after a call or
// recurses; a cycle, such as a = b + 1; b = a. Parse calls Check; call it
// yourself on a Program you built or changed. Like Parse, it reports at
// most 100 errors.
func (p *Program) Check() error { return p.CheckWith(nil) }

// CheckWith is Check for programs that may call the Go gates of
// opts.Funcs.
func (p *Program) CheckWith(opts *Options) error {
	if err := opts.checkFuncs(); err != nil {
		return err
	}
	var errs ErrorList
	add := func(pos Pos, text, format string, args ...any) {
		if len(errs) >= maxErrors {
			return
		}
		errs = append(errs, newError(p.Src, pos, utf8.RuneCountInString(text), fmt.Sprintf(format, args...)))
	}
	sc := newScope(p, opts)
	sc.full = func() bool { return len(errs) >= maxErrors }
	sc.checkDefs(p, add)
	if len(p.Stmts) == 0 {
		add(Pos{1, 1}, "", "empty program: no statements (write name = expression)")
		errs.sort()
		return errs
	}
	first := make(map[string]*Stmt) // the statement that assigns each name
	for _, s := range p.Stmts {
		if prev, ok := first[s.Target]; ok {
			add(s.TargetPos, s.Target, "%s is assigned twice (first at %s)", s.Target, prev.TargetPos)
		} else if sc.isFunc(s.Target) {
			add(s.TargetPos, s.Target, "cannot assign to %s: it is a function", s.Target)
		} else {
			first[s.Target] = s
		}
		sc.checkExpr(s.Expr, nil, add)
	}
	if len(errs) < maxErrors {
		errs = append(errs, p.cycles(first, sc)...)
	}
	if e := sc.checkSize(p); e != nil && len(errs) < maxErrors {
		errs = append(errs, e)
	}
	if len(errs) == 0 {
		return nil
	}
	errs.sort()
	return errs
}

// checkExpr reports function names used as values and bad calls in e, an
// expression of a statement or of the body of def in.
func (sc *scope) checkExpr(e Expr, in *Def, add func(pos Pos, text, format string, args ...any)) {
	Inspect(e, func(e Expr) bool {
		switch e := e.(type) {
		case *Ident:
			if sc.isFunc(e.Name) {
				add(e.Pos, e.Name, "%s is a function, not a value: call it as %s(...)", e.Name, e.Name)
			}
		case *Call:
			if sc.full() {
				return false
			}
			if msg := sc.checkCall(e, in); msg != "" {
				add(e.Pos, callName(e), "%s", msg)
			}
		}
		return true
	})
}

// cycles finds cycles among the statements by depth-first search (an
// iterative one: a long chain of statements must not overflow the stack)
// and reports each at the target of its earliest statement.
// A statement that calls a def uses the program-level names in its body.
func (p *Program) cycles(first map[string]*Stmt, sc *scope) ErrorList {
	// uses[i] lists the statements whose targets statement i uses.
	index := make(map[*Stmt]int, len(first))
	for i, s := range p.Stmts {
		if first[s.Target] == s {
			index[s] = i
		}
	}
	uses := make([][]int, len(p.Stmts))
	for i, s := range p.Stmts {
		if first[s.Target] != s {
			continue
		}
		seen := make(map[int]bool)
		sc.walkNames(s.Expr, func(name string) {
			if d, ok := first[name]; ok && !seen[index[d]] {
				seen[index[d]] = true
				uses[i] = append(uses[i], index[d])
			}
		})
	}

	var errs ErrorList
	const (
		unvisited = iota
		onStack
		done
	)
	state := make([]int, len(p.Stmts))
	type frame struct{ stmt, next int }
	var stack []frame
	for root := range p.Stmts {
		if state[root] != unvisited {
			continue
		}
		stack = append(stack[:0], frame{root, 0})
		state[root] = onStack
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.next == len(uses[top.stmt]) {
				state[top.stmt] = done
				stack = stack[:len(stack)-1]
				continue
			}
			next := uses[top.stmt][top.next]
			top.next++
			switch state[next] {
			case unvisited:
				state[next] = onStack
				stack = append(stack, frame{next, 0})
			case onStack:
				if len(errs) < maxCycles {
					k := len(stack) - 1
					for stack[k].stmt != next {
						k--
					}
					cycle := make([]int, 0, len(stack)-k)
					for _, f := range stack[k:] {
						cycle = append(cycle, f.stmt)
					}
					errs = append(errs, p.cycleError(cycle))
				}
			}
		}
	}
	return errs
}

// cycleError reports a cycle of statements, each using the next and the
// last using the first. The message follows the data flow (x -> y: y uses
// x) from the earliest statement: for a = b + 1; b = a it is
// "cycle: a -> b -> a (b at 1:12)".
func (p *Program) cycleError(cycle []int) *Error {
	// Reverse into data-flow order, then rotate the earliest to the front.
	flow := make([]*Stmt, len(cycle))
	for i, s := range cycle {
		flow[(len(cycle)-i)%len(cycle)] = p.Stmts[s]
	}
	lo := 0
	for i, s := range flow {
		if s.TargetPos.Line < flow[lo].TargetPos.Line ||
			s.TargetPos.Line == flow[lo].TargetPos.Line && s.TargetPos.Col < flow[lo].TargetPos.Col {
			lo = i
		}
	}
	flow = append(flow[lo:], flow[:lo]...)

	names := make([]string, 0, len(flow)+1)
	for _, s := range flow {
		names = append(names, s.Target)
	}
	names = append(names, flow[0].Target)
	if len(names) > maxCycleShown {
		names = append(names[:maxCycleShown-2:maxCycleShown-2], "…", names[len(names)-1])
	}
	var b strings.Builder
	fmt.Fprintf(&b, "cycle: %s", strings.Join(names, " -> "))
	if len(flow) > 1 {
		b.WriteString(" (")
		for i, s := range flow[1:] {
			if i == maxCycleShown-3 {
				b.WriteString(", …")
				break
			}
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s at %s", s.Target, s.TargetPos)
		}
		b.WriteString(")")
	}
	s := flow[0]
	return newError(p.Src, s.TargetPos, utf8.RuneCountInString(s.Target), b.String())
}

// Inputs returns the names that the program uses but never assigns, in the
// order of their first use (where a statement calls a def: the names of
// the arguments, then the program-level names in the def's body).
func (p *Program) Inputs() []string {
	assigned := make(map[string]bool, len(p.Stmts))
	for _, s := range p.Stmts {
		assigned[s.Target] = true
	}
	sc := newScope(p, nil)
	var inputs []string
	for _, s := range p.Stmts {
		sc.walkNames(s.Expr, func(name string) {
			if !assigned[name] {
				assigned[name] = true
				inputs = append(inputs, name)
			}
		})
	}
	return inputs
}

// Output returns the target of the last statement, or "" if there is none.
func (p *Program) Output() string {
	if len(p.Stmts) == 0 {
		return ""
	}
	return p.Stmts[len(p.Stmts)-1].Target
}

"""## What it does

Finds tickers that are never stopped on the function's paths:

- `t := time.NewTicker(d)` where `t` is not stopped (`t.Stop()`, directly or
  deferred) on some path out of the function;
- `t := time.NewTimer(d)` used only to wait on (`<-t.C`, in a `select` or not),
  never reset, where a path leaves the function before the timer has fired and
  without `t.Stop()`;
- `for range time.Tick(d)` (or `c := time.Tick(d)`) in a function that can
  return after it: the ticker behind `time.Tick` can never be stopped.

Any name the file imports `time` under is recognised.

## Why is this bad?

A ticker keeps firing until it is stopped. Before Go 1.23 the runtime holds
every unstopped ticker (and every timer that has not fired yet) forever, so a
function that creates one and returns leaks it, and the leak grows with every
call: memory, and wake-ups for a channel nobody reads. staticcheck reports the
`time.Tick` form as SA1015.

Go 1.23 changed this: the garbage collector frees tickers and timers the
program no longer refers to, stopped or not. So the codemod looks at the
`go.mod` that holds the file and reports only in modules whose `go` directive
is older than 1.23 (or that have none), which older toolchains still build. The
option `any-go-version = true` (in `[ticker-stop]` of gofixer.toml) reports in
every module, for code that must also be correct on older toolchains.

## Example

```go
func poll(ctx context.Context, check func() bool) error {
	t := time.NewTicker(time.Second)
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			if check() {
				return nil
			}
		}
	}
}

func wait(done <-chan struct{}) {
	for range time.Tick(time.Second) {
		select {
		case <-done:
			return
		default:
		}
	}
}
```

## Fix

```go
func poll(ctx context.Context, check func() bool) error {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		...
	}
}

func wait(done <-chan struct{}) {
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	for range ticker.C {
		...
	}
}
```

- `defer t.Stop()` goes on the line after the call.
- A `time.Tick` becomes a ticker of its own, with a name free in the function
  (`ticker`, else `ticker2`, ...), stopped when the function returns.
- Inside a loop a deferred call would wait for the function to return, so
  `t.Stop()` is instead called on every way out of the iteration: before each
  `return`, `break` or `continue` that leaves the statement list without having
  stopped it, and at the end of the list.

## Fix safety

Safe. Stopping a ticker more than once is harmless, and the fix stops it only
where the function can no longer use it: when the function returns, or at the
end of the iteration that declared it. A ticker that could outlive that point is
left alone (see below). A `time.Tick` is rewritten only when its duration is a
positive constant expression (`5 * time.Second`): `time.Tick` returns nil for a duration
that is not positive, where `time.NewTicker` would panic.

## When it is not fixed

Not reported at all: a ticker that leaves the function (returned, a named
result, stored in a field, a package variable or a variable of an outer
function, sent on a channel, used in a goroutine or a func literal that may run
later, passed to another function, its channel `t.C` handed on), one stopped in
a goroutine or a func literal, a timer that is reset or read from other than by receiving,
`time.Tick` in a loop that never ends or in `main.main`, and `time.Tick` in a
`select` case or any other place.

Reported without a fix when:

- the function uses `goto`;
- the call is in an `if`, `switch` or `for` header;
- inside a loop: the variable is declared outside the statement list of the
  call, or another variable of the same name is declared in it, or a `return`
  or a `defer` in the iteration uses the ticker; a `time.Tick` inside a loop;
- the duration given to `time.Tick` is not a positive constant expression;
- another statement shares the line, so there is no clean place for the new line.
"""

from __future__ import annotations

from gofixer import flow, release, syntax
from gofixer.analysis import FileContext
from gofixer.codemod import SAFE, Finding
from gofixer.edits import Edit, Fix
from gofixer.package import local_binding
from gofixer.syntax import Node

id = "ticker-stop"
summary = "time.NewTicker (or a waited-on time.NewTimer, or time.Tick) never stopped on the function's paths"
safety = SAFE
# golangci-lint linters that report the same bug: staticcheck's SA1015 (time.Tick).
nolint = ("staticcheck",)
# any-go-version: report in modules at go 1.23 or later too (hygiene, or code
# also built by older toolchains).
options = {"any-go-version": False}


def prefilter(text: bytes) -> bool:
    """time.NewTicker, time.NewTimer or time.Tick."""
    # `NewTi` first: one search rules out both constructors in most files.
    return (b"NewTi" in text and (b"NewTicker" in text or b"NewTimer" in text)) or b"Tick(" in text


_CONSTANT_PARTS = frozenset({"int_literal", "float_literal", "binary_expression", "parenthesized_expression"})
_UNITS = frozenset({"Nanosecond", "Microsecond", "Millisecond", "Second", "Minute", "Hour"})


def run(file: FileContext):
    time_pkg = file.import_name("time")
    if not time_pkg or _collected(file):
        return
    chosen: dict[tuple[int, int], set[str]] = {}  # function span -> ticker names picked this run
    for call in file.of_type("call_expression"):
        fn = call.child_by_field_name("function")
        if fn is None or fn.type != "selector_expression":
            continue
        operand = fn.child_by_field_name("operand")
        if operand is None or operand.type != "identifier" or syntax.text(operand) != time_pkg:
            continue
        if local_binding(file, operand) is not None:
            continue  # a local variable hides the package
        name = syntax.text(fn.child_by_field_name("field"))
        if name in ("NewTicker", "NewTimer"):
            finding = _check_new(file, call, name)
        elif name == "Tick":
            finding = _check_tick(file, call, time_pkg, chosen)
        else:
            continue
        if finding is not None:
            yield finding


def _collected(file: FileContext) -> bool:
    """From Go 1.23 the garbage collector frees tickers and timers nobody refers
    to, stopped or not: in a module whose go.mod says `go 1.23` or later (so no
    older toolchain builds it) an unstopped ticker is no leak. Unknown (no
    go.mod) counts as older, as Go itself treats it."""
    if file.options_for(id, options)["any-go-version"]:
        return False
    version = file.go_version
    return version is not None and version >= (1, 23)


# ------------------------------------------------------------------ NewTicker, NewTimer


def _check_new(file: FileContext, call: Node, kind: str) -> Finding | None:
    bound = release.binding(call)
    if bound is None or len(bound.lhs) != 1 or bound.lhs[0].type != "identifier" or syntax.text(bound.lhs[0]) == "_":
        return None
    stmt, func, holder, lhs = bound
    var = lhs[0]
    name = syntax.text(var)
    decl = var if holder.type != "assignment_statement" else _declaration(file, var)
    if decl is None or syntax.enclosing_function(decl) != func:
        return None  # a variable of an outer function or the package: it leaves
    if release.is_named_result(func, decl):
        return None  # returned by every bare return
    timer = kind == "NewTimer"
    if not _kept_and_unstopped_elsewhere(file, func, stmt, decl, name, timer):
        return None
    header = stmt.parent.type != "statement_list"
    local = holder.type != "assignment_statement"
    scope = stmt.parent if local and not header else None
    done = _stopped(name, timer)
    found = None if header else release.leaks(stmt, done, scope)
    if header or found is None:
        # A flow gofixer does not follow (a header, a loop around a variable
        # declared outside it): a stop anywhere is taken as enough.
        if _stops_anywhere(func, name):
            return None
    elif not found:
        return None
    what = "timer" if timer else "ticker"
    message = f"the {what} {name} from time.{kind} is not stopped on every path; before Go 1.23 it is never freed"
    fix, reason = _plan_new(file, stmt, func, decl, name, header, local, done)
    return Finding(id, var.start_byte, var.end_byte, message, fix, reason)


def _declaration(file: FileContext, var: Node) -> Node | None:
    b = local_binding(file, var)
    return b.node if b is not None else None


def _kept_and_unstopped_elsewhere(file, func: Node, stmt: Node, decl: Node, name: str, timer: bool) -> bool:
    """Every use of the variable after the call keeps the ticker in this
    function's hands: stops, resets (tickers only), receives from `t.C`,
    comparisons with nil. Anything else (passed, stored, returned, used in a
    goroutine or a later-run literal) means it is someone else's to stop."""
    uses = _own_uses(file, func, stmt, decl, name)
    if uses is None or not all(_kept(u, timer) for u in uses):
        return False
    for n in syntax.of_type(func, "identifier"):
        # Uses before the call (a deferred stop set up earlier, an earlier value).
        if n.start_byte < stmt.start_byte and syntax.text(n) == name and n != decl:
            b = local_binding(file, n)
            if b is not None and b.node == decl:
                return False
    return True


def _kept(ident: Node, timer: bool) -> bool:
    p = ident.parent
    if p is not None and p.type == "selector_expression" and p.child_by_field_name("operand") == ident:
        field = syntax.text(p.child_by_field_name("field"))
        call = p.parent
        called = call is not None and call.type == "call_expression" and call.child_by_field_name("function") == p
        if field == "Stop":
            return called
        if field == "Reset":
            return called and not timer
        if field == "C":
            outer = release.outer_expression(p)
            q = outer.parent
            if q is not None and q.type == "unary_expression" and q.children[0].type == "<-":
                return True
            return q is not None and q.type == "range_clause" and q.child_by_field_name("right") == outer
        return False
    outer = release.outer_expression(ident)
    q = outer.parent
    return q is not None and q.type == "binary_expression" and syntax.text(q.child_by_field_name("operator")) in ("==", "!=")


def _stopped(name: str, timer: bool) -> flow.Done:
    """`done` for flow: the statement stops the ticker; for a timer, a plain
    receive from its channel also counts (it has fired, nothing is left)."""

    def is_stop(call: Node) -> bool:
        fn = call.child_by_field_name("function")
        return fn is not None and fn.type == "selector_expression" and syntax.text(fn) == f"{name}.Stop"

    stops = release.released_by(is_stop)

    def done(stmt: Node) -> bool:
        if stops(stmt):
            return True
        if stmt.type == "if_statement":
            cond = stmt.child_by_field_name("condition")
            if cond is not None and any(is_stop(c) for c in syntax.of_type(cond, "call_expression")):
                return True
        chan = f"{name}.C"
        if _ranges_forever(stmt, chan):
            return True  # no path goes past it
        return timer and (
            _receives_from(stmt, chan) or _select_fires_or_stops(stmt, chan, done) or _loop_ends_fired(stmt, chan, done)
        )

    return done


def _loop_ends_fired(stmt: Node, chan: str, done: flow.Done) -> bool:
    """`for done := false; !done; { ... }` (or `for !done`, `for running`)
    where nothing leaves the body (no return, no break) and every write of the
    flag comes after the timer fired or was stopped: the loop ends only once
    the timer is spent."""
    if stmt.type != "for_statement":
        return False
    clause = next((c for c in stmt.named_children if c.type == "for_clause"), None)
    if clause is not None:
        cond = syntax.unparen(clause.child_by_field_name("condition"))
    else:
        cond = next((syntax.unparen(c) for c in stmt.named_children if c.type not in ("block", "comment", "range_clause")), None)
    if cond is not None and cond.type == "unary_expression" and cond.children[0].type == "!":
        cond = syntax.unparen(cond.child_by_field_name("operand"))
    flag = cond
    if flag is None or flag.type != "identifier":
        return False
    body = stmt.child_by_field_name("body")
    if _loop_can_end(stmt):
        return False
    writes = [
        a for a in syntax.of_type(body, "assignment_statement")
        if syntax.text(a.child_by_field_name("left")) == syntax.text(flag)
    ]
    return bool(writes) and all(_after_fire_or_stop(w, body, chan, done) for w in writes)


def _after_fire_or_stop(stmt: Node, top: Node, chan: str, done: flow.Done) -> bool:
    """Some statement list around `stmt` (up to `top`) does `done` before it,
    or a select case around it received from the timer."""
    n = stmt
    while n is not None and n != top:
        lst = n.parent
        if lst is not None and lst.type == "statement_list":
            if any(done(s) for s in lst.named_children if s.end_byte <= n.start_byte):
                return True
            clause = lst.parent
            if clause is not None and clause.type == "communication_case" and _receives_in(clause, chan):
                return True
        n = lst
    return False


def _receives_in(clause: Node, chan: str) -> bool:
    comm = clause.child_by_field_name("communication")
    if comm is None or comm.type != "receive_statement":
        return False
    right = syntax.unparen(comm.child_by_field_name("right"))
    return right is not None and right.type == "unary_expression" and syntax.text(
        syntax.unparen(right.child_by_field_name("operand"))) == chan


def _select_fires_or_stops(stmt: Node, chan: str, done: flow.Done) -> bool:
    """A select each of whose cases either receives from the timer (it has
    fired) or stops it on every path through the case."""
    if stmt.type != "select_statement":
        return False
    clauses = [c for c in stmt.named_children if c.type in syntax.CLAUSE_TYPES]
    for c in clauses:
        if c.type == "communication_case" and _receives_in(c, chan):
            continue
        after = flow.statements_flow(syntax.statements(c), done)
        if after.falls_through or after.exits:
            return False
    return bool(clauses)


def _receives_from(stmt: Node, chan: str) -> bool:
    if stmt.type == "expression_statement" and stmt.named_child_count == 1:
        expr = stmt.named_children[0]
    elif stmt.type in ("short_var_declaration", "assignment_statement"):
        right = stmt.child_by_field_name("right")
        expr = right.named_children[0] if right is not None and right.named_child_count == 1 else None
    else:
        return False
    expr = syntax.unparen(expr)
    return (
        expr is not None and expr.type == "unary_expression" and expr.children[0].type == "<-"
        and syntax.text(syntax.unparen(expr.child_by_field_name("operand"))) == chan
    )


def _stops_anywhere(func: Node, name: str) -> bool:
    return any(syntax.text(c.child_by_field_name("function")) == f"{name}.Stop" for c in syntax.of_type(func, "call_expression"))


def _plan_new(file, stmt: Node, func: Node, decl: Node, name: str, header: bool, local: bool, done):
    if header:
        return None, "the call is in an if, switch or for header"
    return release.release_fix(file.text, stmt, stmt, func, decl, name, local, done,
                               f"{name}.Stop()", "ticker", lambda n: syntax.mentions(n, {name}))


# ------------------------------------------------------------------ time.Tick


def _check_tick(file: FileContext, call: Node, time_pkg: str, chosen: dict) -> Finding | None:
    func = syntax.enclosing_function(call)
    if func is None or _is_main(file, func):
        return None
    outer = release.outer_expression(call)
    p = outer.parent
    if p is not None and p.type == "range_clause" and p.child_by_field_name("right") == outer:
        loop = p.parent
        if not _loop_can_end(loop):
            return None
        stmt = loop.parent if loop.parent is not None and loop.parent.type == "labeled_statement" else loop
    else:
        assignment = syntax.sole_right_side(call)
        if assignment is None:
            return None
        holder, lhs = assignment
        if holder.type != "short_var_declaration" or len(lhs) != 1 or lhs[0].type != "identifier":
            return None
        stmt = holder
        if not _channel_kept(file, func, stmt, lhs[0]):
            return None
        found = release.leaks(stmt, lambda s: _ranges_forever(s, syntax.text(lhs[0])))
        if not found:
            return None
    message = "the ticker behind time.Tick can never be stopped, and this function can return; before Go 1.23 it is never freed"
    fix, reason = _plan_tick(file, call, stmt, func, time_pkg, chosen)
    return Finding(id, call.start_byte, call.end_byte, message, fix, reason)


def _is_main(file: FileContext, func: Node) -> bool:
    return (
        func.type == "function_declaration"
        and syntax.text(func.child_by_field_name("name")) == "main"
        and file.package_name == "main"
    )


def _loop_can_end(loop: Node) -> bool:
    """Whether a jump leaves the loop's body other than to its next iteration:
    a return, a break, a jump to an outer loop. (Ranging over a ticker's
    channel never ends by itself, so only these end it.)"""
    body = flow.statements_flow(syntax.statements(loop.child_by_field_name("body")), lambda s: False)
    label = flow.label_of(loop)
    for e in body.exits:
        target = flow.jump_label(e)
        if e.type == "continue_statement" and (target is None or target == label):
            continue
        return True
    return False


def _ranges_forever(stmt: Node, chan: str) -> bool:
    """`for ... range chan` that only a jump could leave, and none does: no
    path goes past it."""
    clause = next((c for c in stmt.named_children if c.type == "range_clause"), None) if stmt.type == "for_statement" else None
    return clause is not None and syntax.text(clause.child_by_field_name("right")) == chan and not _loop_can_end(stmt)


def _channel_kept(file, func: Node, stmt: Node, var: Node) -> bool:
    """The channel from `c := time.Tick(d)` is only received from, ranged
    over or compared in this function's own code."""
    uses = _own_uses(file, func, stmt, var, syntax.text(var))
    if uses is None:
        return False
    for use in uses:
        outer = release.outer_expression(use)
        q = outer.parent
        if q is not None and q.type == "unary_expression" and q.children[0].type == "<-":
            continue
        if q is not None and q.type == "range_clause" and q.child_by_field_name("right") == outer:
            continue
        if q is not None and q.type == "binary_expression" and syntax.text(q.child_by_field_name("operator")) in ("==", "!="):
            continue
        return False
    return True


def _own_uses(file, func: Node, stmt: Node, decl: Node, name: str) -> list[Node] | None:
    """The uses of the variable declared at `decl` after `stmt`; None when one
    of them runs outside the function's own code (a goroutine, a later-run
    literal)."""
    out = []
    for use in release.uses(func, name, stmt):
        b = local_binding(file, use.node)
        if b is None or b.node != decl:
            continue
        if use.where != release.OWN:
            return None
        out.append(use.node)
    return out


def _plan_tick(file, call: Node, stmt: Node, func: Node, time_pkg: str, chosen: dict):
    if stmt.parent is None or stmt.parent.type != "statement_list":
        return None, "the call is in an if, switch or for header"
    if release.uses_goto(func):
        return None, "the function uses goto"
    if syntax.enclosing_loop(stmt) is not None:
        return None, "time.Tick inside a loop: a deferred stop would wait for the function to return"
    args = call.child_by_field_name("arguments")
    if args is None or args.named_child_count != 1 or not _constant(args.named_children[0], time_pkg):
        return None, "the duration is not a positive constant expression: time.Tick returns nil for one not positive, time.NewTicker panics"
    span = (func.start_byte, func.end_byte)
    taken = set().union(*(v for k, v in chosen.items() if _nested(k, span)))
    name = file.free_local_name(stmt, "ticker", taken)
    d = syntax.text(args.named_children[0])
    # A label sits one level left of its statement: indent like the statement.
    inner = stmt.named_children[-1] if stmt.type == "labeled_statement" else stmt
    indent = syntax.indent_of(file.text, inner.start_byte)
    lines = [f"{name} := {time_pkg}.NewTicker({d})", f"defer {name}.Stop()"]
    before = syntax.insert_before(file.text, stmt, lines, indent)
    if before is None:
        return None, "another statement shares the line"
    chosen.setdefault(span, set()).add(name)
    replace = Edit(call.start_byte, call.end_byte, f"{name}.C".encode())
    return Fix([before, replace], [], f"a ticker {name}, stopped when the function returns"), None


def _constant(expr: Node, time_pkg: str) -> bool:
    """Number literals and time units combined by operators: positive or not
    is known at compile time (and gofixer does not fold it: a literal zero is
    as rare as it is obviously wrong)."""
    if syntax.text(expr).strip("()0 ") == "":
        return False  # zero
    for n in syntax.walk(expr):
        if n.type in _CONSTANT_PARTS or not n.is_named:
            continue
        if n.type == "selector_expression":
            operand = n.child_by_field_name("operand")
            if syntax.text(operand) != time_pkg or syntax.text(n.child_by_field_name("field")) not in _UNITS:
                return False
            continue
        if n.type in ("identifier", "field_identifier") and n.parent is not None and n.parent.type == "selector_expression":
            continue
        return False
    return True


def _nested(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] <= b[0] and b[1] <= a[1] or b[0] <= a[0] and a[1] <= b[1]

"""## What it does

Finds calls to `context.WithCancel`, `WithTimeout`, `WithDeadline`,
`WithCancelCause`, `WithTimeoutCause`, `WithDeadlineCause` and
`signal.NotifyContext` whose cancel func (the second result) is discarded as `_`,
or kept in a variable that is not called on every path out of the function.
Any name the file imports `context` or `os/signal` under is recognised.

## Why is this bad?

A derived context holds resources (a timer, an entry in its parent's list of
children, a signal registration) until it is cancelled. If nobody calls the
cancel func, they are released only when the parent is done, which for a
long-lived parent is never: a leak that grows with every call. `go vet` reports
the same bug as `lostcancel`.

## Example

```go
func fetch(parent context.Context, url string) error {
	ctx, _ := context.WithTimeout(parent, 5*time.Second)
	return get(ctx, url)
}
```

## Fix

```go
func fetch(parent context.Context, url string) error {
	ctx, cancel := context.WithTimeout(parent, 5*time.Second)
	defer cancel()
	return get(ctx, url)
}
```

- `defer cancel()` goes on the line after the call; `defer cancel(nil)` for
  `WithCancelCause`, whose func takes the cause. `signal.NotifyContext`'s func is
  named `stop`.
- A discarded func gets a name that is free where it is declared and wherever
  it will be visible (`cancel`, else `cancel2`, ...). Struct fields, methods,
  selectors (`w.cancel`) and struct literal keys never clash with it.
- `ctx, _ = ...` becomes `ctx, cancel := ...` where that only declares
  `cancel`: when ctx is declared in the same block (a parameter shares the
  body's outermost block), or when, in a nested block, the outer ctx is never
  read once the assignment has run. Otherwise the func is declared on its own
  line (`var cancel context.CancelFunc`) so the assignment keeps writing the
  existing variable instead of shadowing it.
- Inside a loop a deferred call would wait for the function to return, so the
  func is instead called on every way out of the iteration: before each
  `return`, `break` or `continue` that leaves the statement list without having
  called it, and at the end of the list.
- When the context is used by exactly one goroutine started from a `go func()
  {...}()` in the same statement list, and nowhere after it, the `defer cancel()`
  goes first in that goroutine, so the worker's context lives as long as it runs
  (not when the goroutine waits for the context to be done: see below).

## Fix safety

Safe. Calling a cancel func more than once is harmless, and the fix only cancels
a context at a point after which the function can no longer use it: a deferred
call runs when the function returns, an iteration's call when nothing in the
iteration can reach the context any more. Where the context, or a value made from
it, could outlive that point, no fix is offered.

A cancel func that leaves the function (returned, stored, passed to another
function, used in a func literal) is someone else's to call: nothing is reported.

## When it is not fixed

The finding is reported without a fix when:

- the context, or a value derived from it (`req.WithContext(ctx)`,
  `context.WithValue(ctx, k, v)`, `&server{ctx: ctx}`), is returned, stored in a
  field, map, slice element, package variable or a variable of an outer function,
  sent on a channel, passed to a `go` statement, or captured by a func literal
  that may run after the function returns (passing it to an ordinary call is fine);
- the one goroutine using the context asks whether it is done (`ctx.Done()`,
  `ctx.Err()`): the context is its stop signal, and only the author knows
  when it should stop (a `defer cancel()` in the goroutine never fires it; one
  in the function would stop it at the function's return);
- the call is in an `if`, `switch` or `for` header;
- the function uses `goto`;
- inside a loop: the context or a derived value is declared outside the
  statement list of the call, so is a named cancel func, a `return` uses the
  context, or a `defer` in the iteration uses it;
- the call is one spec of a parenthesised `var (...)` block (gofmt aligns it);
- another statement shares the line, so there is no clean place for the new line.

Results of ordinary calls are assumed not to hold the context they were given
(Go's convention), except for calls that hand back live, request-bound values
(`Do`, `RoundTrip`, `Query`, names with `Context` or `Stream`, `With...`
builders). A callee that starts background work bound to the context breaks
that convention; review fixes around such APIs.
"""

from __future__ import annotations

from dataclasses import dataclass

from gofixer import flow, syntax
from gofixer.analysis import FileContext
from gofixer.codemod import SAFE, Finding
from gofixer.edits import Edit, Fix, Import
from gofixer.package import local_binding
from gofixer.syntax import Node

id = "context-cancel"
summary = "cancel func from context.WithCancel/WithTimeout/... or signal.NotifyContext not called on every path"
safety = SAFE
nolint = ("govet",)  # golangci-lint linters reporting the same bug (govet: lostcancel)

_WITH_CALLS = (b"WithCancel", b"WithTimeout", b"WithDeadline")


def prefilter(text: bytes) -> bool:
    """A context.With* call that returns a cancel func, or signal.NotifyContext."""
    # `With` first: one search rules out the three With* names in most files.
    return (b"With" in text and any(name in text for name in _WITH_CALLS)) or b"NotifyContext" in text


CONTEXT_FUNCS = frozenset(
    {"WithCancel", "WithTimeout", "WithDeadline", "WithCancelCause", "WithTimeoutCause", "WithDeadlineCause"}
)


@dataclass
class Site:
    call: Node
    display: str  # context.WithTimeout, signal.NotifyContext
    cause: bool  # the func takes an error (WithCancelCause)
    stmt: Node  # the statement holding the call
    form: str  # "define" (:=), "var", "assign" (=)
    ctx: Node  # left side: the context
    cancel: Node  # left side: the cancel func
    header: bool  # the statement is an if/switch/for header
    func: Node
    grouped: bool  # a spec in a parenthesised var declaration, aligned by gofmt

    @property
    def base_name(self) -> str:
        return "stop" if self.display.endswith("NotifyContext") else "cancel"


def run(file: FileContext):
    ctx_pkg = file.import_name("context")
    sig_pkg = file.import_name("os/signal")
    if not ctx_pkg and not sig_pkg:
        return
    # top-level declaration span -> function span -> names picked this run
    chosen: dict[tuple[int, int], dict[tuple[int, int], set[str]]] = {}
    for call in file.of_type("call_expression"):
        site = _site(call, ctx_pkg, sig_pkg)
        if site is None:
            continue
        finding = _check(file, site, chosen)
        if finding is not None:
            yield finding


# ------------------------------------------------------------------ matching


def _site(call: Node, ctx_pkg: str | None, sig_pkg: str | None) -> Site | None:
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return None
    operand = fn.child_by_field_name("operand")
    if operand is None or operand.type != "identifier":
        return None
    pkg, name = syntax.text(operand), syntax.text(fn.child_by_field_name("field"))
    if ctx_pkg and pkg == ctx_pkg and name in CONTEXT_FUNCS:
        display = f"context.{name}"
    elif sig_pkg and pkg == sig_pkg and name == "NotifyContext":
        display = "signal.NotifyContext"
    else:
        return None
    assignment = syntax.sole_right_side(call)
    if assignment is None:
        return None
    holder, lhs = assignment
    grouped = False
    if holder.type == "var_spec":
        if holder.child_by_field_name("type") is not None:
            return None
        form = "var"
        stmt = syntax.enclosing(holder, "var_declaration")
        if stmt is None:
            return None
        grouped = holder.parent is not None and holder.parent.type == "var_spec_list"
    else:
        if holder.type == "assignment_statement" and syntax.text(holder.child_by_field_name("operator")) != "=":
            return None
        form = "define" if holder.type == "short_var_declaration" else "assign"
        stmt = holder
    if len(lhs) != 2 or stmt.parent is None or stmt.parent.type == "source_file":
        return None
    func = syntax.enclosing_function(call)
    if func is None:
        return None
    header = stmt.parent.type != "statement_list"
    return Site(call, display, name == "WithCancelCause", stmt, form, lhs[0], lhs[1], header, func, grouped)


# ------------------------------------------------------------------ checking


def _check(file: FileContext, site: Site, chosen: dict) -> Finding | None:
    discarded = syntax.text(site.cancel) == "_"
    if discarded:
        message = (
            f"the {site.base_name} func returned by {site.display} is discarded; "
            "the context leaks until its parent is done"
        )
        fix, reason = _plan(file, site, None, None, chosen)
        return Finding(id, site.cancel.start_byte, site.cancel.end_byte, message, fix, reason)
    if site.cancel.type != "identifier" or site.header:
        return None
    name = syntax.text(site.cancel)
    scope = _cancel_scope(site, name)
    if scope is False or not _only_called(site, name):
        return None
    done = _calls(name)
    try:
        leaks = flow.leaks_after(site.stmt, done, scope)
    except flow.Unsupported:
        return None
    if not leaks or any(j.type == "goto_statement" for j in leaks.jumps):
        return None
    message = (
        f"the {site.base_name} func returned by {site.display} is not called on every path; "
        "the context leaks until its parent is done"
    )
    fix, reason = _plan(file, site, name, scope, chosen)
    return Finding(id, site.cancel.start_byte, site.cancel.end_byte, message, fix, reason)


def _cancel_scope(site: Site, name: str):
    """The statement list the cancel variable is declared in (None: the function
    body, as a parameter), or False when it is not this function's own local."""
    if site.form in ("define", "var"):
        return site.stmt.parent
    if name in _named_results(site.func):
        return False
    for decl in reversed(_declarations(site.func, name)):  # innermost first
        if decl.start_byte >= site.stmt.start_byte:
            continue
        if decl.parent is not None and decl.parent.type in ("parameter_declaration", "variadic_parameter_declaration"):
            if syntax.enclosing_function(decl) == site.func:
                return None
            continue
        holder = syntax.enclosing_statement(decl)
        if holder is not None and holder.parent is not None and _contains(holder.parent, site.stmt):
            if syntax.enclosing_function(holder) == site.func:
                return holder.parent
    return False


def _only_called(site: Site, name: str) -> bool:
    """Every use of the cancel func is a direct call (`cancel()`, `defer
    cancel()`, or inside a deferred func literal). Anything else (passed,
    returned, stored, used in another func literal) means it is handled elsewhere."""
    for ident in syntax.of_type(site.func, "identifier"):
        if syntax.text(ident) != name or ident == site.cancel:
            continue
        if _is_assigned(ident):
            continue  # a later `ctx, cancel = ...` or its declaration
        call = ident.parent
        direct = call is not None and call.type == "call_expression" and call.child_by_field_name("function") == ident
        if not direct:
            return False
        inner = syntax.enclosing_function(ident)
        if inner != site.func:
            if not _is_deferred_literal(inner):
                return False
            if inner.start_byte < site.stmt.start_byte:
                return False  # a deferred closure set up earlier calls whatever cancel holds then
        elif call.parent is None or call.parent.type not in ("expression_statement", "defer_statement"):
            return False
    return True


def _is_assigned(ident: Node) -> bool:
    p = ident.parent
    if p is None:
        return False
    if p.type == "var_spec":
        return p.field_name_for_child(_index(p, ident)) == "name"
    g = p.parent
    return (
        p.type == "expression_list"
        and g is not None
        and g.type in ("short_var_declaration", "assignment_statement")
        and g.child_by_field_name("left") == p
    )


def _calls(name: str):
    """`done` for flow: the statement calls (or defers a call of) `name`."""

    def done(stmt: Node) -> bool:
        if stmt.type == "expression_statement" and stmt.named_child_count == 1:
            return _is_call_of(stmt.named_children[0], name)
        if stmt.type == "defer_statement":
            call = next((c for c in stmt.named_children if c.type == "call_expression"), None)
            if call is None:
                return False
            if _is_call_of(call, name):
                return True
            fn = call.child_by_field_name("function")
            return fn is not None and fn.type == "func_literal" and syntax.mentions(fn, {name})
        return False

    return done


def _is_call_of(node: Node, name: str) -> bool:
    if node.type != "call_expression":
        return False
    fn = node.child_by_field_name("function")
    return fn is not None and fn.type == "identifier" and syntax.text(fn) == name


def _is_deferred_literal(lit: Node | None) -> bool:
    call = lit.parent if lit is not None else None
    return (
        call is not None
        and call.type == "call_expression"
        and call.child_by_field_name("function") == lit
        and call.parent is not None
        and call.parent.type == "defer_statement"
    )


# ------------------------------------------------------------------ planning a fix


def _plan(file: FileContext, site: Site, name: str | None, scope, chosen) -> tuple[Fix | None, str | None]:
    if site.header:
        return None, "the call is in an if, switch or for header"
    if any(True for _ in syntax.of_type(site.func, "goto_statement", into_functions=False)):
        return None, "the function uses goto"
    loop = syntax.enclosing_loop(site.stmt)
    region_start = loop.start_byte if loop is not None else site.stmt.end_byte
    esc = _escape(file, site, region_start)
    if esc.reason:
        return None, esc.reason
    edits: list[Edit] = []
    imports: list[Import] = []
    if name is None:
        if site.grouped:
            return None, "the call is in a grouped var declaration"
        span = (site.func.start_byte, site.func.end_byte)
        # Only functions of the same top-level declaration can nest.
        top = syntax.top_level_declaration(site.func)
        picked = chosen.setdefault((top.start_byte, top.end_byte), {})
        nested = set().union(*(v for k, v in picked.items() if _nested(k, span)))
        name = file.free_local_name(site.stmt, site.base_name, nested)
        naming = _naming_edits(file, site, name)
        if naming is None:
            return None, "another statement shares the line"
        edits, imports = naming
        picked.setdefault(span, set()).add(name)
    call_text = f"{name}(nil)" if site.cause else f"{name}()"
    if esc.goroutine is not None:
        more = _goroutine_edits(file, site, esc, call_text)
    elif loop is not None:
        more, reason = _iteration_edits(file, site, esc, name, scope, call_text)
        if more is None:
            return None, reason
    else:
        e = syntax.insert_after(file.text, site.stmt, [f"defer {call_text}"])
        more = [e] if e is not None else None
    if more is None:
        return None, "another statement shares the line"
    what = "call" if loop is not None and esc.goroutine is None else "defer"
    return Fix(edits + more, imports, f"{what} {call_text}"), None


def _naming_edits(file: FileContext, site: Site, name: str) -> tuple[list[Edit], list[Import]] | None:
    rename = Edit(site.cancel.start_byte, site.cancel.end_byte, name.encode())
    if site.form != "assign":
        return [rename], []
    if _may_define(file, site):
        op = site.stmt.child_by_field_name("operator")
        return [rename, Edit(op.start_byte, op.end_byte, b":=")], []
    pkg, imports = file.package_ref("context", site.stmt)
    typ = "CancelCauseFunc" if site.cause else "CancelFunc"
    before = syntax.insert_before(file.text, site.stmt, [f"var {name} {pkg}.{typ}"])
    if before is None:
        return None
    return [before, rename], imports


def _may_define(file: FileContext, site: Site) -> bool:
    """Whether `ctx, _ = ...` may become `ctx, cancel := ...`. In the block
    that declares ctx (parameters share the body's outermost block) `:=`
    assigns ctx and declares only cancel. In a nested block it declares a new
    ctx, which is the same program only when the outer one is never read again
    once the assignment has run: not after the block, not on a loop's next
    iteration, not through a func literal or a pointer, not by a bare return;
    and the outer one must still be read somewhere, or it would be unused."""
    if site.ctx.type != "identifier":
        return False
    b = local_binding(file, site.ctx)
    if b is None or syntax.enclosing_function(b.node) != site.func:
        return False
    block = site.stmt.parent
    param = b.node.parent is not None and b.node.parent.type in ("parameter_declaration", "variadic_parameter_declaration")
    if param:
        if b.node.parent.parent == site.func.child_by_field_name("result"):
            return False
        body = site.func.child_by_field_name("body")
        if block.parent == body:
            return True
    else:
        holder = syntax.enclosing_statement(b.node)
        if holder is not None and holder.parent == block and holder.type in ("short_var_declaration", "var_declaration"):
            return True
    for a in syntax.ancestors(site.stmt):
        if a.type in syntax.LOOP_TYPES or a.type in syntax.FUNCTION_TYPES and a != site.func:
            return False
        if _contains(a, b.node):
            break
    name = syntax.text(site.ctx)
    read = param
    for ident in syntax.of_type(site.func, "identifier"):
        if ident == site.ctx or syntax.text(ident) != name:
            continue
        if _contains(block, ident) and ident.start_byte >= site.stmt.end_byte:
            continue  # the new ctx from here on
        found = local_binding(file, ident)
        if found is None or found.node != b.node or ident == b.node:
            continue
        if ident.start_byte >= site.stmt.end_byte or syntax.enclosing_function(ident) != site.func:
            return False
        parent = ident.parent
        if parent is not None and parent.type == "unary_expression" and syntax.text(parent).startswith("&"):
            return False
        read = read or not _is_assigned(ident)
    return read


def _goroutine_edits(file: FileContext, site: Site, esc: "_Escape", call_text: str) -> list[Edit] | None:
    lit = esc.goroutine
    body = lit.child_by_field_name("body")
    stmts = syntax.statements(body)
    if not stmts:
        return None
    e = syntax.insert_before(file.text, stmts[0], [f"defer {call_text}"])
    return [e] if e is not None else None


def _iteration_edits(file: FileContext, site: Site, esc: "_Escape", name: str, scope, call_text: str):
    """Call the func on every way out of the statement list that holds it, when
    nothing that could reach the context lives beyond that list."""
    named = syntax.text(site.cancel) != "_"
    lst = site.stmt.parent
    if named and scope != lst:
        # Calls placed in an outer list could run where the call never did
        # (a nil func) or miss the iteration's end.
        return None, "inside a loop, the cancel func is declared outside the statement list of the call"
    outside = [v for v in esc.tainted if not _declared_within(lst, v)]
    if outside:
        return None, "inside a loop, the context or a value derived from it is declared outside the loop body"
    done = _calls(name)
    try:
        leaks = flow.leaks_after(site.stmt, done, lst)
    except flow.Unsupported:
        return None, "inside a loop, control flow too complex to place the calls"
    edits: list[Edit] = []
    for jump in leaks.jumps:
        if jump.type == "return_statement" and syntax.mentions(jump, esc.tainted):
            return None, "inside a loop, a return uses the context after the iteration would cancel it"
        if jump.parent is None or jump.parent.type != "statement_list":
            return None, "inside a loop, a jump is labeled or shares a line"
        e = syntax.insert_before(file.text, jump, [call_text])
        if e is None:
            return None, "another statement shares the line"
        edits.append(e)
    for end in leaks.ends:
        stmts = list(end.named_children)
        e = syntax.insert_after(file.text, stmts[-1], [call_text]) if stmts else None
        if e is None:
            return None, "another statement shares the line"
        edits.append(e)
    for d in syntax.of_type(lst, "defer_statement"):
        if d.start_byte > site.stmt.start_byte and syntax.mentions(d, esc.tainted):
            return None, "inside a loop, a defer uses the context after the iteration would cancel it"
    return edits, None


# ------------------------------------------------------------------ escapes


@dataclass
class _Escape:
    reason: str | None
    tainted: set[str]
    goroutine: Node | None = None  # the one go func literal the context may live in


# Calls whose result holds what they are given: builders and copies, plus calls
# known to hand back live values bound to the request's context (HTTP responses,
# query rows, watches): a body read after the cancel fails.
_CARRYING_CALLEES = frozenset(
    {"append", "Clone", "Context", "Do", "RoundTrip", "Query", "QueryRow", "Watch", "Subscribe"}
)


def _escape(file: FileContext, site: Site, region_start: int) -> _Escape:
    """Whether the context, or a value derived from it, can outlive the call's
    function (or be used after a fix would cancel it). Values that surely hold
    it (the context, `With...` results, literals and closures around it) must
    not be returned; values computed by ordinary calls from it (`wrap(ctx)`)
    must not be stored or sent either, since the callee may have kept it."""
    ctx = site.ctx
    if ctx.type != "identifier":
        return _Escape("the context is stored in a field or element", set())
    name = syntax.text(ctx)
    if name == "_":
        return _Escape(None, set())
    strong, weak = {name}, set()
    results = _named_results(site.func)
    if name in results:
        return _Escape("the context is a named result, so it is returned", strong)
    if site.form == "assign" and not _declared_in(site.func, name):
        return _Escape("the context is a variable of an outer function or the package", strong)
    body = site.func.child_by_field_name("body")
    region = [n for n in syntax.walk(body) if n.start_byte >= region_start and n != site.stmt] if body else []
    assigns = [n for n in region if n.type in ("short_var_declaration", "assignment_statement", "var_spec")]
    changed = True
    while changed:
        changed = False
        for a in assigns:
            for lhs, rhs in _pairs(a):
                sure = _carries(rhs, strong)
                if not sure and not _carries(rhs, strong | weak, through_calls=True):
                    continue
                if lhs.type != "identifier":
                    return _Escape("a value derived from the context is stored in a field or element", strong)
                v = syntax.text(lhs)
                if v == "_" or v in strong or (not sure and (v in weak or _is_error_name(v))):
                    continue
                if sure and v in results:
                    return _Escape("a value derived from the context is returned through a named result", strong)
                if a.type == "assignment_statement" and not _declared_in(site.func, v):
                    return _Escape("a value derived from the context is stored outside the function", strong)
                if sure:
                    strong.add(v)
                    weak.discard(v)
                else:
                    weak.add(v)
                changed = True
    either = strong | weak
    goroutines: list[Node] = []
    for n in region:
        if n.type == "return_statement" and any(_carries(c, strong) for c in n.named_children):
            return _Escape("the context or a value derived from it is returned", strong)
        if n.type == "send_statement":
            value = n.child_by_field_name("value")
            # A call's result sent directly is treated like one returned: by
            # convention it is a result (often an error), not the context.
            if value is not None and _carries(value, either):
                return _Escape("the context or a value derived from it is sent on a channel", strong)
        if n.type == "go_statement" and syntax.mentions(n, either):
            call = next((c for c in n.named_children if c.type == "call_expression"), None)
            fn = call.child_by_field_name("function") if call is not None else None
            args = call.child_by_field_name("arguments") if call is not None else None
            if fn is None or fn.type != "func_literal" or (args is not None and syntax.mentions(args, either)):
                return _Escape("the context or a value derived from it is passed to a go statement", strong)
            goroutines.append(fn)
        if n.type == "func_literal" and syntax.mentions(n, strong):
            call = n.parent
            immediate = call is not None and call.type == "call_expression" and call.child_by_field_name("function") == n
            if not immediate:
                return _Escape("the context is captured by a func literal that may run later", strong)
    body_start = body.start_byte if body is not None else 0
    for d in syntax.of_type(site.func, "defer_statement"):
        if body_start <= d.start_byte < site.stmt.start_byte and syntax.mentions(d, {name}):
            return _Escape("a deferred call set up earlier uses the context", strong)
    if not goroutines:
        return _Escape(None, strong)
    if len(goroutines) > 1:
        return _Escape("the context is used by more than one goroutine", strong)
    esc = _one_goroutine(site, goroutines[0], either)
    esc.tainted = strong
    return esc


def _is_error_name(v: str) -> bool:
    """Errors and flags, which by convention never hold a context."""
    return v in ("err", "ok") or v.endswith("Err") or v.endswith("err")


def _one_goroutine(site: Site, lit: Node, tainted: set[str]) -> _Escape:
    go_stmt = lit.parent.parent if lit.parent is not None else None
    if (
        site.form == "assign"
        or go_stmt is None
        or go_stmt.type != "go_statement"
        or go_stmt.parent != site.stmt.parent
    ):
        return _Escape("the context is used by a goroutine", tainted)
    body = site.func.child_by_field_name("body")
    for n in syntax.of_type(body, "identifier"):
        if n.start_byte >= go_stmt.end_byte and syntax.text(n) in tainted:
            return _Escape("the context is used both by a goroutine and after starting it", tainted)
    for n in syntax.of_type(lit, "go_statement"):
        if syntax.mentions(n, tainted):
            return _Escape("the context is passed on to another goroutine", tainted)
    if _waits_for_cancel(lit, tainted):
        return _Escape("a goroutine waits for the context to be cancelled; cancel it where that goroutine should stop", tainted)
    return _Escape(None, tainted, lit)


def _waits_for_cancel(lit: Node, tainted: set[str]) -> bool:
    """The goroutine asks whether the context is done (`ctx.Done()`,
    `ctx.Err()`): the context is its stop signal, which a cancel run when the
    goroutine ends would never give."""
    for sel in syntax.of_type(lit, "selector_expression"):
        operand = sel.child_by_field_name("operand")
        field = syntax.text(sel.child_by_field_name("field"))
        if field in ("Done", "Err") and operand is not None and operand.type == "identifier" and syntax.text(operand) in tainted:
            return True
    return False


def _pairs(assign: Node) -> list[tuple[Node, Node]]:
    if assign.type == "var_spec":
        lhs = assign.children_by_field_name("name")
        value = assign.child_by_field_name("value")
    else:
        left = assign.child_by_field_name("left")
        lhs = list(left.named_children) if left is not None else []
        value = assign.child_by_field_name("right")
    rhs = list(value.named_children) if value is not None else []
    if len(lhs) == len(rhs):
        return list(zip(lhs, rhs))
    # One call, several results: by convention the value comes first and the
    # rest are an error, a bool or a cancel func, which do not hold the context.
    return [(lhs[0], rhs[0])] if lhs and len(rhs) == 1 else []


def _carries(node: Node, tainted: set[str], through_calls: bool = False) -> bool:
    """Whether the value of expression `node` can hold one of the tainted values.
    Results of ordinary calls do not (callees do not keep contexts), unless
    `through_calls`; context constructors, WithContext/Clone/NewRequestWithContext-
    like calls and append always pass on what they are given."""
    t = node.type
    if t == "identifier":
        return syntax.text(node) in tainted
    if t == "func_literal":
        return syntax.mentions(node, tainted)
    if t == "call_expression":
        fn = node.child_by_field_name("function")
        if fn is None:
            return False
        if fn.type == "func_literal":
            return syntax.mentions(fn, tainted)
        if not through_calls and not _carrying_callee(fn):
            return False
        return any(_carries(c, tainted, through_calls) for c in node.named_children)
    if t == "selector_expression":
        operand = node.child_by_field_name("operand")
        return operand is not None and _carries(operand, tainted, through_calls)
    return any(_carries(c, tainted, through_calls) for c in node.named_children)


def _carrying_callee(fn: Node) -> bool:
    if fn.type == "identifier":
        name = syntax.text(fn)
    elif fn.type == "selector_expression":
        name = syntax.text(fn.child_by_field_name("field"))
    else:
        return True
    return name in _CARRYING_CALLEES or name.startswith("With") or "context" in name.lower() or "Stream" in name


# ------------------------------------------------------------------ names


def _named_results(func: Node) -> set[str]:
    return {n for n, _ in syntax.results(func) if n}


def _declarations(scope: Node, name: str) -> list[Node]:
    """Identifiers under `scope` that declare `name`: parameters, results, `:=`,
    var and const specs, range clauses with `:=`."""
    out = []
    for n in syntax.of_type(scope, "identifier"):
        if syntax.text(n) != name:
            continue
        p = n.parent
        if p is None:
            continue
        if p.type in ("parameter_declaration", "variadic_parameter_declaration", "var_spec", "const_spec"):
            if p.field_name_for_child(_index(p, n)) == "name":
                out.append(n)
        elif p.type == "expression_list" and p.parent is not None:
            g = p.parent
            if g.type in ("short_var_declaration", "range_clause", "receive_statement", "type_switch_statement"):
                if g.type == "short_var_declaration" or any(c.type == ":=" for c in g.children):
                    if g.child_by_field_name("left") == p or g.child_by_field_name("alias") == p:
                        out.append(n)
    return out


def _index(parent: Node, child: Node) -> int:
    for i, c in enumerate(parent.children):
        if c == child:
            return i
    return -1


def _declared_in(func: Node, name: str) -> bool:
    return any(syntax.enclosing_function(d) == func for d in _declarations(func, name))


def _declared_within(lst: Node, name: str) -> bool:
    return bool(_declarations(lst, name))


def _nested(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """One function span holds the other (a name picked in one is visible in,
    or hidden by, the other)."""
    return a[0] <= b[0] and b[1] <= a[1] or b[0] <= a[0] and a[1] <= b[1]


def _contains(outer: Node, inner: Node) -> bool:
    return outer.start_byte <= inner.start_byte and inner.end_byte <= outer.end_byte

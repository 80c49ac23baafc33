"""Values that must be released on every path out of a function (a ticker to
stop, a response body to close): where each use of a local puts the value (kept
in the function, or leaving it), whether every path releases it, and the edits
that release it: a `defer` after the acquiring statement (or its error check),
or, inside a loop, a call on every way out of the iteration."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, NamedTuple

from . import flow, syntax
from .edits import Edit, Fix
from .syntax import Node

# Where a use sits, seen from the function that acquired the value.
OWN = "own"  # the function's own code, a deferred func literal, or one called on the spot
GOROUTINE = "goroutine"  # inside a go statement: may run after the function returns
LITERAL = "literal"  # inside a func literal that may be called later


@dataclass(frozen=True)
class Use:
    """An identifier naming the value, and where it sits."""

    node: Node
    where: str


def uses(func: Node, name: str, after: Node) -> list[Use]:
    """The identifiers `name` in `func` after the statement `after` (which
    acquires the value), left-hand sides of later assignments excluded."""
    body = func.child_by_field_name("body")
    if body is None:
        return []
    out = []
    for n in syntax.of_type(body, "identifier"):
        if n.start_byte < after.end_byte or syntax.text(n) != name or is_assigned(n):
            continue
        out.append(Use(n, _where(n, func)))
    return out


def _where(node: Node, func: Node) -> str:
    where = OWN
    for a in syntax.ancestors(node):
        if a == func:
            break
        if a.type == "go_statement":
            return GOROUTINE
        if a.type == "func_literal" and where == OWN and not _runs_in_place(a):
            where = LITERAL
    return where


def _runs_in_place(lit: Node) -> bool:
    """A func literal called where it stands (`func() {...}()`) or deferred:
    it cannot run after the function returns."""
    call = lit.parent
    return call is not None and call.type == "call_expression" and call.child_by_field_name("function") == lit


def is_assigned(ident: Node) -> bool:
    """`ident` is written, not read: a name on the left of `=`/`:=` or in a var spec."""
    p = ident.parent
    if p is None:
        return False
    if p.type == "var_spec":
        return any(c == ident for c in p.children_by_field_name("name"))
    g = p.parent
    return (
        p.type == "expression_list"
        and g is not None
        and g.type in ("short_var_declaration", "assignment_statement", "range_clause")
        and g.child_by_field_name("left") == p
    )


def outer_expression(node: Node) -> Node:
    """`node` with the parentheses, address-of and dereference around it: the
    expression whose place says where the value goes."""
    n = node
    while n.parent is not None and (
        n.parent.type == "parenthesized_expression"
        or n.parent.type == "unary_expression" and n.parent.children[0].type in ("&", "*")
    ):
        n = n.parent
    return n


def destination(expr: Node, func: Node) -> str | None:
    """Where the value of `expr` goes when that place takes it out of the
    function's hands: "returned", "stored" (a field, element, package or outer
    variable, a composite literal), "sent", "aliased" (another local of the
    function). None when the place only reads it (an operand, a call argument,
    a comparison, a receive)."""
    n = outer_expression(expr)
    p = n.parent
    if p is None:
        return None
    if p.type == "expression_list":
        g = p.parent
        if g is not None and g.type == "return_statement":
            return "returned"
        if g is not None and g.type in ("short_var_declaration", "assignment_statement") and g.child_by_field_name("right") == p:
            return _assigned_to(g, p, n, func)
        if g is not None and g.type == "var_spec":
            return "aliased"
        return None
    if p.type == "return_statement":
        return "returned"
    if p.type == "send_statement" and p.child_by_field_name("value") == n:
        return "sent"
    if p.type in ("literal_element", "keyed_element", "literal_value"):
        return "stored"
    if p.type == "var_spec":
        return "aliased"
    return None


def _assigned_to(assign: Node, values: Node, value: Node, func: Node) -> str:
    left = assign.child_by_field_name("left")
    targets = list(left.named_children) if left is not None else []
    vals = list(values.named_children)
    target = targets[vals.index(value)] if len(targets) == len(vals) and value in vals else None
    if target is None or target.type != "identifier":
        return "stored"
    name = syntax.text(target)
    if name == "_":
        return "aliased"
    if assign.type == "assignment_statement" and not declared_in(func, name):
        return "stored"
    return "aliased"


def declared_in(func: Node, name: str) -> bool:
    """`name` is declared by `func` itself (parameters and results included),
    not by an enclosing function or the package."""
    return any(syntax.enclosing_function(d) == func for d in declaring(func, name))


def is_named_result(func: Node, decl: Node) -> bool:
    """`decl` names one of `func`'s results: a bare `return` hands it back."""
    results = func.child_by_field_name("result")
    return results is not None and results.start_byte <= decl.start_byte < results.end_byte


def declaring(scope: Node, name: str) -> list[Node]:
    """The identifiers under `scope` that declare `name`: parameters, results,
    `:=` (range and receive included), var and const specs, type switch guards."""
    out = []
    for n in syntax.of_type(scope, "identifier"):
        if syntax.text(n) != name or n.parent is None:
            continue
        p = n.parent
        if p.type in ("parameter_declaration", "variadic_parameter_declaration", "var_spec", "const_spec"):
            if any(c == n for c in p.children_by_field_name("name")):
                out.append(n)
        elif p.type == "expression_list" and p.parent is not None:
            g = p.parent
            if g.type == "type_switch_statement" and g.child_by_field_name("alias") == p:
                out.append(n)
            elif g.type in ("short_var_declaration", "range_clause", "receive_statement") and g.child_by_field_name("left") == p:
                if g.type == "short_var_declaration" or any(c.type == ":=" for c in g.children):
                    out.append(n)
    return out


# ---------------------------------------------------------------- paths


def released_by(is_release: Callable[[Node], bool]) -> flow.Done:
    """`done` for flow: the statement releases the value, directly (a call
    statement, `_ = x.Close()`, an if header), or by a defer of such a call or
    of a func literal that makes one."""

    def done(stmt: Node) -> bool:
        if stmt.type == "defer_statement":
            call = next((c for c in stmt.named_children if c.type == "call_expression"), None)
            if call is None:
                return False
            fn = call.child_by_field_name("function")
            if fn is not None and fn.type == "func_literal":
                return any(is_release(c) for c in syntax.of_type(fn, "call_expression"))
            return is_release(call)
        if stmt.type == "expression_statement" and stmt.named_child_count == 1:
            return _releases(stmt.named_children[0], is_release)
        if stmt.type == "assignment_statement":
            right = stmt.child_by_field_name("right")
            return right is not None and any(_releases(v, is_release) for v in right.named_children)
        if stmt.type == "if_statement":
            init = stmt.child_by_field_name("initializer")
            return init is not None and done(init)
        if stmt.type == "short_var_declaration":
            right = stmt.child_by_field_name("right")
            return right is not None and any(_releases(v, is_release) for v in right.named_children)
        return False

    return done


def _releases(expr: Node, is_release: Callable[[Node], bool]) -> bool:
    expr = syntax.unparen(expr)
    return expr.type == "call_expression" and is_release(expr)


def leaks(stmt: Node, done: flow.Done, scope: Node | None = None) -> flow.Leaks | None:
    """The ways out of `scope` (default: the function) after `stmt` that do not
    release the value; None when the control flow is beyond flow's reach."""
    try:
        return flow.leaks_after(stmt, done, scope)
    except flow.Unsupported:
        return None


def error_check(stmt: Node, err: str) -> Node | None:
    """The statement right after `stmt` when it is `if err != nil { ... }`, with
    no else and no initializer, whose block never falls through (it returns,
    continues, breaks, panics or ends the test): past it, err is nil."""
    lst = stmt.parent
    if lst is None or lst.type != "statement_list":
        return None
    stmts = list(lst.named_children)
    i = stmts.index(stmt)
    nxt = next((s for s in stmts[i + 1 :] if s.type != "comment"), None)
    if nxt is None or nxt.type != "if_statement":
        return None
    if nxt.child_by_field_name("alternative") is not None or nxt.child_by_field_name("initializer") is not None:
        return None
    cond = syntax.unparen(nxt.child_by_field_name("condition"))
    if cond is None or cond.type != "binary_expression":
        return None
    left, op, right = cond.child_by_field_name("left"), cond.child_by_field_name("operator"), cond.child_by_field_name("right")
    if syntax.text(op) != "!=" or {syntax.text(left), syntax.text(right)} != {err, "nil"}:
        return None
    block = flow.statements_flow(syntax.statements(nxt.child_by_field_name("consequence")), lambda s: False)
    if block.falls_through:
        return None
    return nxt


# ---------------------------------------------------------------- edits


def defer_after(src: bytes, stmt: Node, call: str) -> Edit | None:
    """`defer <call>` on its own line after `stmt`; None when another statement
    shares the line."""
    return syntax.insert_after(src, stmt, [f"defer {call}"])


def iteration_edits(
    src: bytes, after: Node, scope: Node, done: flow.Done, call: str, in_use: Callable[[Node], bool]
) -> tuple[list[Edit] | None, str | None]:
    """Inside a loop, where a deferred call would wait for the function: `call`
    on every way out of the statement list `scope` (which declares the value)
    from after `after` that does not release it already: before each jump, and
    at the end of each list control falls off. `in_use(node)` says whether a
    statement needs the value unreleased (a return that reads it, a defer that
    will). Returns the edits, or None and why not."""
    found = leaks(after, done, scope)
    if found is None:
        return None, "inside a loop, control flow too complex to place the release"
    edits: list[Edit] = []
    for jump in found.jumps:
        if jump.type == "goto_statement":
            return None, "the function uses goto"
        if jump.type == "return_statement" and in_use(jump):
            return None, "inside a loop, a return uses the value after the iteration would release it"
        if jump.parent is None or jump.parent.type != "statement_list":
            return None, "inside a loop, a jump is labeled or shares a line"
        e = syntax.insert_before(src, jump, [call])
        if e is None:
            return None, "another statement shares the line"
        edits.append(e)
    for end in found.ends:
        stmts = list(end.named_children)
        e = syntax.insert_after(src, stmts[-1], [call]) if stmts else None
        if e is None:
            return None, "another statement shares the line"
        edits.append(e)
    for d in syntax.of_type(scope, "defer_statement"):
        if d.start_byte > after.start_byte and in_use(d):
            return None, "inside a loop, a defer uses the value after the iteration would release it"
    return edits, None


def uses_goto(func: Node) -> bool:
    return any(True for _ in syntax.of_type(func, "goto_statement", into_functions=False))


def release_fix(text: bytes, after: Node, stmt: Node, func: Node, decl: Node, name: str, local: bool, done,
                call: str, noun: str, touches: Callable[[Node], bool]) -> tuple[Fix | None, str | None]:
    """The fix that releases `name` with `call` (or why there is none): a defer
    right after `after` outside loops; inside a loop, the call on every exit of
    the iteration, which needs `name` declared once, in the iteration itself."""
    if uses_goto(func):
        return None, "the function uses goto"
    if syntax.enclosing_loop(stmt) is None:
        e = defer_after(text, after, call)
        return (Fix([e], [], f"defer {call}"), None) if e is not None else (None, "another statement shares the line")
    if not local:
        return None, f"inside a loop, the {noun} variable is declared outside the statement list of the call"
    if declaring(stmt.parent, name) != [decl]:
        return None, "inside a loop, another variable of the same name is declared in the iteration"
    edits, reason = iteration_edits(text, after, stmt.parent, done, call, touches)
    if edits is None:
        return None, reason
    return Fix(edits, [], f"call {call} at the end of each iteration"), None


class Binding(NamedTuple):
    stmt: Node  # the statement (a var_declaration for a var_spec)
    func: Node  # the function it is in
    holder: Node  # the assignment, short var declaration or var_spec holding the call
    lhs: list[Node]  # the names the results are bound to


def binding(call: Node) -> Binding | None:
    """Where `call`, the sole right-hand side of a `:=`, `var` or plain `=` (not
    `+=` and the like), binds its results; None when it is not one."""
    assignment = syntax.sole_right_side(call)
    if assignment is None:
        return None
    holder, lhs = assignment
    if holder.type == "assignment_statement" and syntax.text(holder.child_by_field_name("operator")) != "=":
        return None
    stmt = syntax.enclosing(holder, "var_declaration") if holder.type == "var_spec" else holder
    func = syntax.enclosing_function(call)
    if stmt is None or func is None or stmt.parent is None:
        return None
    return Binding(stmt, func, holder, lhs)

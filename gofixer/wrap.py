"""Wrapping a loop body in a func literal called in place, so that what the body
defers runs at the end of each iteration. Every jump that leaves the body
(`continue`, `break`, `return`, `goto`, labelled jumps) is carried across the
literal so the loop means what it meant; when that cannot be shown, the answer is
a reason instead of edits.

Three shapes, the simplest that fits:

    func() { ... }()                          only `continue` leaves the body
    if err := func() error { ... }(); ...     every `return` returns a non-nil error
    ctl, ret := func() (ctl int, ret T) {...}()   anything else, with a jump code
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import flow, syntax
from .edits import Edit, apply_edits
from .syntax import Node

# Statements an unlabelled `break` inside the body targets instead of the loop.
BREAK_TARGETS = frozenset(
    {"for_statement", "expression_switch_statement", "type_switch_statement", "select_statement"}
)
# Expressions that are the same value wherever they are written.
CONSTANT_TYPES = frozenset(
    {
        "int_literal", "float_literal", "imaginary_literal", "rune_literal",
        "interpreted_string_literal", "true", "false", "nil",
    }
)


@dataclass
class Wrap:
    """Edits that wrap the body, or the reason it cannot be done."""

    edits: list[Edit] = field(default_factory=list)
    reason: str | None = None
    description: str = ""


@dataclass
class Jump:
    """A statement in the body that leaves it. kind: "continue" or "break" (this
    loop), "return" (the enclosing function), "outer" (a goto or labelled jump to
    a statement outside the body)."""

    node: Node
    kind: str


def wrap_loop_body(file, loop: Node) -> Wrap:
    """Wrap the body of for statement `loop` (in `file`, a FileContext) in a func
    literal called in place."""
    return _Wrapper(file, loop).plan()


def kept_past_iteration(file, loop: Node, defer: Node) -> str | None:
    """Where what `defer` (in the body of `loop`) releases outlives the
    iteration, or None: an outer variable, element or field the body stores it
    in, or a goroutine or callback the body starts or hands out with it. The
    code after the loop, or a later turn, may still use it."""
    w = _Wrapper(file, loop)
    declared = syntax.declared_names(w.body)
    return w._escaping(_names(defer), declared, defer) or w._stored_in_outer(defer, declared)


def never_goes_round(stmt: Node, loop: Node) -> bool:
    """True when, after `stmt` in the body of `loop`, the iteration never starts
    another turn: every path from it returns, panics, breaks out of the loop or
    jumps out of it (`continue` on none of them). Then what `stmt` defers runs
    once, at the function's return, as written."""
    body = loop.child_by_field_name("body")
    label = flow.label_of(loop)
    between: set[int] = set()  # statements between stmt and the body
    node = stmt
    while node != body:
        parent = node.parent
        if parent is None or parent.type in ("for_statement", "func_literal"):
            return False
        if parent.type == "statement_list" or parent.type in syntax.CLAUSE_TYPES:
            siblings = [c for c in parent.named_children if c.type != "comment"]
            rest = siblings[siblings.index(node) + 1 :] if node in siblings else []
            if rest:
                outcome = _after(rest, loop, label, between)
                if outcome is not None:
                    return outcome
        between.add(parent.id)
        node = parent
    return False


def _after(rest: list[Node], loop: Node, label: str | None, between: set[int]) -> bool | None:
    """What running `rest` means for the turn: False when a path goes round
    again, True when every path leaves the loop, None when some path gets past
    `rest` (falls off its end, or breaks a switch or select around it)."""
    f = flow.statements_flow(rest, lambda s: False)
    passes = f.falls_through
    for jump in f.exits:
        kind = _jump_kind(jump, loop, label, between)
        if kind == "round":
            return False
        if kind == "past":
            passes = True
    return None if passes else True


def _jump_kind(jump: Node, loop: Node, label: str | None, between: set[int]) -> str:
    """Where a jump from after the defer goes: "leave" (out of the loop or the
    function), "round" (another turn, or a jump this module does not follow) or
    "past" (to just after a statement that encloses the defer, inside the body)."""
    t = jump.type
    name = flow.jump_label(jump)
    if t == "return_statement":
        return "leave"
    if t == "continue_statement":
        return "round" if name is None or name == label else "leave"
    if t == "break_statement":
        if name is not None:
            if name == label:
                return "leave"
            for a in syntax.ancestors(jump):
                if a == loop:
                    return "leave"
                if a.id in between and flow.label_of(a) == name:
                    return "past"
            return "leave"
        for a in syntax.ancestors(jump):
            if a == loop:
                return "leave"
            if a.type in BREAK_TARGETS:
                return "past" if a.id in between else "round"
        return "round"
    if t == "goto_statement":
        body = loop.child_by_field_name("body")
        inner = {syntax.text(n.child_by_field_name("label"))
                 for n in syntax.of_type(body, "labeled_statement", into_functions=False)}
        return "round" if name in inner else "leave"
    return "round"


_JUMPS = ("break_statement", "continue_statement", "goto_statement", "return_statement")


def leaving_jumps(body: Node, loop_label: str | None) -> list[Jump]:
    """The jumps in `body` (not in nested func literals) that leave it."""
    inner_labels = {
        syntax.text(n.child_by_field_name("label"))
        for n in syntax.of_type(body, "labeled_statement", into_functions=False)
    }
    out = []
    for n in syntax.of_type(body, _JUMPS, into_functions=False):
        if n.type == "return_statement":
            out.append(Jump(n, "return"))
        elif n.type == "goto_statement":
            if flow.jump_label(n) not in inner_labels:
                out.append(Jump(n, "outer"))
        elif n.type in ("break_statement", "continue_statement"):
            kind = "break" if n.type == "break_statement" else "continue"
            label = flow.jump_label(n)
            if label is not None:
                if label == loop_label:
                    out.append(Jump(n, kind))
                elif label not in inner_labels:
                    out.append(Jump(n, "outer"))
            elif not _targets_inner(n, body, BREAK_TARGETS if kind == "break" else {"for_statement"}):
                out.append(Jump(n, kind))
    return out


def _targets_inner(jump: Node, body: Node, targets) -> bool:
    for a in syntax.ancestors(jump):
        if a == body:
            return False
        if a.type in targets:
            return True
    return False


class _Wrapper:
    def __init__(self, file, loop: Node) -> None:
        self.file = file
        self.src: bytes = file.text
        self.loop = loop
        self.body = loop.child_by_field_name("body")
        self.func = syntax.enclosing_function(loop)
        self.labeled = loop.parent if loop.parent is not None and loop.parent.type == "labeled_statement" else None
        self.label = flow.label_of(loop)
        self.results = syntax.results(self.func) if self.func is not None else []
        self.edits: list[Edit] = []  # edits inside the body, before re-indenting

    # ---------------------------------------------------------------- plan

    def plan(self) -> Wrap:
        reason = self._layout_problem() or self._defer_problem()
        if reason:
            return Wrap(reason=reason)
        jumps = leaving_jumps(self.body, self.label)
        if all(j.kind == "continue" for j in jumps):
            return self._plain(jumps)
        if self._error_returns(jumps):
            return self._error_literal(jumps)
        return self._coded(jumps)

    def _layout_problem(self) -> str | None:
        body, src = self.body, self.src
        if body is None or self.func is None or not syntax.statements(body):
            return "the loop has no body to wrap"
        rest = src[body.start_byte + 1 : syntax.line_end(src, body.start_byte)].strip()
        if rest and not rest.startswith(b"//"):
            return "the loop body starts on the line of its opening brace"
        close = body.end_byte - 1
        if not syntax.starts_line(src, body.children[-1]) or src[close : close + 1] != b"}":
            return "the loop body ends on the line of a statement"
        return None

    def _defer_problem(self) -> str | None:
        named = {n for n, _ in self.results if n}
        declared = syntax.declared_names(self.body)
        for d in syntax.of_type(self.body, "defer_statement", into_functions=False):
            if syntax.mentions(d, {"recover"}):
                return "a deferred call recovers panics; per iteration it would let the loop go on"
            if named and syntax.mentions(d, named):
                return "a deferred call uses the function's named results"
            escaped = self._escaping(_names(d), declared) or self._stored_in_outer(d, declared)
            if escaped:
                return f"what the deferred call releases outlives the iteration (kept in {escaped})"
        return None

    def _escaping(self, deferred: set[str], declared: set[str], defer: Node | None = None) -> str | None:
        """An outer variable through which what a defer releases outlives the
        iteration: an outer variable the defer uses and the body assigns (set once,
        used by later iterations), or an outer variable the body assigns or sends a
        value built from one of the defer's own variables; or a goroutine or a func
        literal that may run later (a registered callback) using them. With
        `defer`, what that defer's own call does is left out."""
        own = (deferred | _partners(self.body, deferred)) & declared
        kinds = ("go_statement", "assignment_statement", "send_statement", "func_literal")
        for n in syntax.of_type(self.body, kinds):
            if defer is not None and defer.start_byte <= n.start_byte < defer.end_byte:
                continue  # what the deferred call itself sets (a named result) happens at its run
            if n.type == "go_statement" and own and syntax.mentions(n, own):
                return "a goroutine"
            # A literal's own parameters and variables may reuse the names.
            if n.type == "func_literal" and syntax.mentions(n, own - syntax.declared_names(n)) and \
                    _may_outlive(n, self.body):
                return "a func literal"
            if n.type == "assignment_statement":
                left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
                outer = _names(left) - declared - {"_"}
                reassigned = {syntax.text(c) for c in left.named_children if c.type == "identifier"} - declared
                if reassigned & deferred - self._loop_variables():
                    return syntax.text(left)
                if outer and own and _holds(right, own):
                    return syntax.text(left)
            elif n.type == "send_statement" and own and _holds(n.child_by_field_name("value"), own):
                return syntax.text(n.child_by_field_name("channel"))
        return None

    # ---------------------------------------------------------------- shapes

    def _plain(self, jumps: list[Jump]) -> Wrap:
        for j in jumps:
            self._replace(j.node, "return")
        return self._finish("func() {", ["}()"], "wrap the loop body in a func literal", jumps)

    def _error_returns(self, jumps: list[Jump]) -> bool:
        """True when the function's last result is `error`, only `continue` and
        `return` leave the body, every return's error is non-nil, and the other
        results are the same constants everywhere."""
        if not self.results or syntax.text(self.results[-1][1]) != "error":
            return False
        if "error" in syntax.declared_names(self.func.child_by_field_name("body")):
            return False
        restated = set()
        for j in jumps:
            if j.kind == "continue":
                continue
            if j.kind != "return":
                return False
            values = _return_values(j.node)
            if len(values) != len(self.results) or not self._non_nil_error(j.node, values[-1]):
                return False
            if not all(self._constant(v) for v in values[:-1]):
                return False
            restated.add(tuple(_squash(syntax.text(v)) for v in values[:-1]))
        return len(restated) == 1

    def _error_literal(self, jumps: list[Jump]) -> Wrap:
        err = self.file.free_name(self.loop, "err")
        outer = ""
        for j in jumps:
            if j.kind == "continue":
                self._replace(j.node, "return nil")
                continue
            values = _return_values(j.node)
            if len(values) > 1:
                self.edits.append(Edit(values[0].start_byte, values[-1].start_byte, b""))
                outer = ", ".join(syntax.text(v) for v in values[:-1]) + ", "
        tail = [] if self._ends_in_jump() else ["\treturn nil"]
        tail += [f"}}(); {err} != nil {{", f"\treturn {outer}{err}", "}"]
        return self._finish(
            "if " + err + " := func() error {", tail,
            "wrap the loop body in a func literal returning the error", jumps,
        )

    def _coded(self, jumps: list[Jump]) -> Wrap:
        named = any(n for n, _ in self.results)
        returns = [j for j in jumps if j.kind == "return"]
        for j in returns:
            values = _return_values(j.node)
            if not values and named:
                return Wrap(reason="a naked return in the loop body returns the function's named results")
            if values and len(values) != len(self.results):
                return Wrap(reason="a return in the loop body passes on a multi-value call")
        types = [syntax.text(t) for _, t in self.results] if returns else []
        if any("\n" in t for t in types):
            return Wrap(reason="a result type spans lines")
        if types and self._types_shadowed():
            return Wrap(reason="a result type's name is redeclared inside the function")
        taken: set[str] = set()
        ctl = self.file.free_name(self.loop, "ctl")
        taken.add(ctl)
        rets = []
        for _ in types:
            rets.append(self.file.free_name(self.loop, "ret", taken))
            taken.add(rets[-1])
        codes: dict[str, int] = {}
        checks: list[str] = []
        for j in jumps:
            if j.kind == "continue":
                self._replace(j.node, "return")
                continue
            key = "return" if j.kind == "return" else _squash(syntax.text(j.node))
            if key not in codes:
                codes[key] = len(codes) + 1
                checks.append(self._outer_jump(j, rets))
            code = codes[key]
            if j.kind == "return":
                values = _return_values(j.node)
                if values:
                    self.edits.append(Edit(values[0].start_byte, values[0].start_byte, f"{code}, ".encode()))
                else:
                    self._replace(j.node, f"return {code}")
            else:
                self._replace(j.node, "return " + ", ".join([str(code), *rets]))
        sig = ", ".join([f"{ctl} int", *(f"{r} {t}" for r, t in zip(rets, types))])
        tail = [] if self._ends_in_jump() else ["\treturn"]
        tail.append("}()")
        for key, code in codes.items():
            tail += [f"if {ctl} == {code} {{", "\t" + checks[code - 1], "}"]
        head = f"{', '.join([ctl, *rets])} := func() ({sig}) {{"
        return self._finish(head, tail, "wrap the loop body in a func literal carrying its jumps out", jumps, checks)

    # ---------------------------------------------------------------- pieces

    def _outer_jump(self, j: Jump, rets: list[str]) -> str:
        if j.kind == "return":
            return "return " + ", ".join(rets) if rets else "return"
        return _squash(syntax.text(j.node))

    def _label_edits(self, jumps: list[Jump], checks: list[str]) -> list[Edit] | None:
        """Delete the loop's label when the fix leaves it unused (Go rejects an
        unused label); None when it cannot be deleted cleanly."""
        if self.label is None:
            return []
        inside = {j.node.id for j in jumps}
        uses = [
            n for n in syntax.of_type(self.func, ("break_statement", "continue_statement", "goto_statement"))
            if flow.jump_label(n) == self.label and n.id not in inside
        ]
        if uses or any(re.search(rf"\b{re.escape(self.label)}$", c) for c in checks):
            return []
        start = syntax.line_start(self.src, self.labeled.start_byte)
        end = syntax.line_end(self.src, self.labeled.start_byte)
        if self.src[start:end].strip() != f"{self.label}:".encode() or end >= self.loop.start_byte:
            return None
        return [Edit(start, end + 1, b"")]

    def _stored_in_outer(self, defer: Node, declared: set[str]) -> str | None:
        """An element or field of an outer variable that the body sets and the
        defer releases (`lss[i] = newServer(); defer lss[i].teardown()`): the
        code after the loop can still reach it."""
        used = {_squash(syntax.text(n)) for n in syntax.walk(defer)}
        for n in syntax.of_type(self.body, "assignment_statement"):
            for target in n.child_by_field_name("left").named_children:
                if target.type in ("index_expression", "selector_expression") and \
                        _squash(syntax.text(target)) in used and _names(target) - declared:
                    return syntax.text(target)
        return None

    def _loop_variables(self) -> set[str]:
        """The variables the for statement declares: each iteration has its own
        (Go 1.22), so the iteration's end is the last time a defer can see them."""
        names: set[str] = set()
        for c in self.loop.named_children:
            if c.type == "range_clause" and b":=" in (c.text or b""):
                names |= _names(c.child_by_field_name("left"))
            elif c.type == "for_clause":
                init = c.child_by_field_name("initializer")
                if init is not None and init.type == "short_var_declaration":
                    names |= _names(init.child_by_field_name("left"))
        return names

    def _replace(self, node: Node, new: str) -> None:
        self.edits.append(Edit(node.start_byte, node.end_byte, new.encode()))

    def _ends_in_jump(self) -> bool:
        return _terminating(syntax.statements(self.body)[-1], self.body)

    def _non_nil_error(self, ret: Node, value: Node) -> bool:
        if value.type == "call_expression":
            fn = syntax.text(value.child_by_field_name("function"))
            known = {f"{self.file.import_name('fmt')}.Errorf", f"{self.file.import_name('errors')}.New"}
            return fn in known and not (syntax.declared_names(self.func) & {fn.split(".")[0]})
        if value.type == "unary_expression" and syntax.text(value).startswith("&"):
            return value.named_children[-1].type == "composite_literal"
        if value.type == "identifier":
            return _guarded_non_nil(ret, syntax.text(value))
        return False

    def _constant(self, value: Node) -> bool:
        if value.type in CONSTANT_TYPES:
            return True
        if value.type == "unary_expression" and syntax.text(value)[:1] in "-+":
            return value.named_children[-1].type in ("int_literal", "float_literal")
        if value.type == "composite_literal":
            body = value.child_by_field_name("body")
            typ = value.child_by_field_name("type")
            return (
                body is not None and not body.named_children
                and typ is not None and typ.type in ("type_identifier", "qualified_type")
                and not (syntax.identifiers(typ) & syntax.declared_names(self.body))
            )
        return False

    def _types_shadowed(self) -> bool:
        used = set()
        for _, t in self.results:
            used |= syntax.identifiers(t)
        return bool(used & syntax.declared_names(self.func.child_by_field_name("body")))

    def _finish(self, head: str, tail: list[str], description: str, jumps: list[Jump],
                checks: list[str] = ()) -> Wrap:
        extra = self._label_edits(jumps, list(checks))
        if extra is None:
            return Wrap(reason="the loop's label would be left unused and is not on its own line")
        src, body = self.src, self.body
        start = syntax.line_end(src, body.start_byte)  # after a comment ending the brace's line
        close = body.end_byte - 1
        close_line = syntax.line_start(src, close)
        indent = syntax.indent_of(src, close).decode()
        region = src[start:close_line]
        edits = [Edit(e.start - start, e.end - start, e.new) for e in self.edits]
        edits += self._indent_edits(start, close_line, self.edits)
        try:
            inner = apply_edits(region, edits).decode()
        except ValueError:
            return Wrap(reason="the loop body could not be re-laid out")
        lines = [f"{indent}\t{t}" if t else "" for t in tail]
        new = f"\n{indent}\t{head}{inner}" + "".join(line + "\n" for line in lines) + indent
        return Wrap(edits=[Edit(start, close, new.encode()), *extra], description=description)

    def _indent_edits(self, start: int, stop: int, changes: list[Edit]) -> list[Edit]:
        """A tab at the start of every non-blank line of the body, except lines
        that begin inside a multi-line raw string (their text is the value) or
        inside text a change replaces."""
        raw = [
            (n.start_byte, n.end_byte)
            for n in syntax.of_type(self.body, "raw_string_literal")
            if b"\n" in (n.text or b"")
        ]
        skip = raw + [(e.start, e.end) for e in changes]
        out = []
        pos = self.src.find(b"\n", start, stop)
        while pos >= 0:
            at = pos + 1
            if at < stop and self.src[at : at + 1] not in (b"\n", b"") and not any(a < at < b for a, b in skip):
                if self.src[at:syntax.line_end(self.src, at)].strip():
                    out.append(Edit(at - start, at - start, b"\t"))
            pos = self.src.find(b"\n", at, stop)
        return out


def _names(node: Node | None) -> set[str]:
    """The identifiers (not field names) under `node`."""
    return {syntax.text(n) for n in syntax.of_type(node, "identifier")} if node else set()


def _may_outlive(literal: Node, body: Node) -> bool:
    """True for a func literal that may run after the iteration: not called in
    place, not deferred, not started as a goroutine (counted on its own)."""
    parent = literal.parent
    if parent is not None and parent.type == "call_expression" and parent.child_by_field_name("function") == literal:
        return False
    for a in syntax.ancestors(literal):
        if a == body:
            return True
        if a.type in ("defer_statement", "go_statement"):
            return False
    return True


def _partners(body: Node, names: set[str]) -> set[str]:
    """Names declared together with one of `names` in `body` (the context from
    `ctx, cancel := context.WithCancel(...)`), leaving out error and ok values."""
    out: set[str] = set()
    for n in syntax.of_type(body, ("short_var_declaration", "var_spec")):
        left = n.child_by_field_name("left") if n.type == "short_var_declaration" else n
        declared = [syntax.text(c) for c in (left.named_children if n.type == "short_var_declaration"
                                             else n.children_by_field_name("name")) if c.type == "identifier"]
        if set(declared) & names:
            out.update(d for d in declared if d not in ("_", "ok") and not d.startswith("err"))
    return out


def _holds(expr: Node | None, names: set[str]) -> bool:
    """True when the value of `expr` may hold one of `names` itself (or a part
    of it): a use as a call's receiver or argument gives the call's result, which
    is taken not to, except for `append`."""
    if expr is None:
        return False
    for n in syntax.of_type(expr, "identifier"):
        if syntax.text(n) not in names:
            continue
        inside_call = False
        for a in syntax.ancestors(n):
            if a.type == "call_expression" and syntax.text(a.child_by_field_name("function")) != "append":
                inside_call = True
                break
            if a == expr:
                break
        if not inside_call:
            return True
    return False


def _return_values(ret: Node) -> list[Node]:
    for c in ret.named_children:
        if c.type == "expression_list":
            return list(c.named_children)
    return []


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _guarded_non_nil(ret: Node, name: str) -> bool:
    """True when `return ..., name` sits directly in the block of an
    `if ... name != nil ...` (the `!=` a conjunct of the condition), with no
    statement before it in that block."""
    block = ret.parent.parent if ret.parent is not None and ret.parent.type == "statement_list" else None
    if block is None or block.type != "block" or syntax.statements(block)[0] != ret:
        return False
    cond_if = block.parent
    if cond_if is None or cond_if.type != "if_statement" or cond_if.child_by_field_name("consequence") != block:
        return False
    return name in _non_nil_conjuncts(cond_if.child_by_field_name("condition"))


def _non_nil_conjuncts(cond: Node | None) -> set[str]:
    if cond is None:
        return set()
    if cond.type == "parenthesized_expression":
        return _non_nil_conjuncts(cond.named_children[0])
    if cond.type != "binary_expression":
        return set()
    op = syntax.text(cond.child_by_field_name("operator"))
    left, right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
    if op == "&&":
        return _non_nil_conjuncts(left) | _non_nil_conjuncts(right)
    if op == "!=" and left.type == "identifier" and right.type == "nil":
        return {syntax.text(left)}
    return set()


def _terminating(stmt: Node, body: Node) -> bool:
    """A statement after which the literal needs no final return: its own
    jumps out of the body all become returns."""
    t = stmt.type
    if t in ("return_statement", "goto_statement"):
        return True
    if t in ("break_statement", "continue_statement"):
        return any(j.node == stmt for j in leaving_jumps(body, loop_label(body)))
    if t == "expression_statement":
        call = stmt.named_children[0]
        return call.type == "call_expression" and syntax.text(call.child_by_field_name("function")) == "panic"
    if t == "block":
        inner = syntax.statements(stmt)
        return bool(inner) and _terminating(inner[-1], body)
    if t == "for_statement":
        inner = stmt.child_by_field_name("body")
        forever = [c.type for c in stmt.named_children] == ["block"]
        return forever and not any(j.kind == "break" for j in leaving_jumps(inner, loop_label(inner)))
    if t in ("expression_switch_statement", "type_switch_statement", "select_statement"):
        clauses = [c for c in stmt.named_children if c.type in syntax.CLAUSE_TYPES]
        if t != "select_statement" and not any(c.type == "default_case" for c in clauses):
            return False
        for c in clauses:
            inner = syntax.statements(c)
            if not inner or not (inner[-1].type == "fallthrough_statement" or _terminating(inner[-1], body)):
                return False
            if any(_targets(b, stmt) for b in syntax.of_type(c, "break_statement", into_functions=False)):
                return False
        return True
    if t == "if_statement":
        alt = stmt.child_by_field_name("alternative")
        cons = stmt.child_by_field_name("consequence")
        return alt is not None and _terminating(cons, body) and _terminating(alt, body)
    return False


def _targets(brk: Node, stmt: Node) -> bool:
    """True when break statement `brk` (inside `stmt`) breaks out of `stmt`."""
    label = flow.jump_label(brk)
    if label is not None:
        return stmt.parent is not None and stmt.parent.type == "labeled_statement" and syntax.text(
            stmt.parent.child_by_field_name("label")) == label
    for a in syntax.ancestors(brk):
        if a.type in BREAK_TARGETS:
            return a == stmt
    return False


def loop_label(body: Node) -> str | None:
    """The label of the for statement whose body is `body`, if it has one."""
    return flow.label_of(body.parent) if body.parent is not None else None

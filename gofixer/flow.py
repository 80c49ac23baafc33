"""Structured control flow over tree-sitter-go statements, without building a
graph: does an action (a call, a defer) happen on every path from a statement to
the exits of its statement list or function, and which jump statements and list
ends are reached without it. Loops may run zero times; `break`/`continue` are
resolved against the loop, switch or select (or label) they target."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from . import syntax
from .syntax import Node

JUMP_TYPES = frozenset(
    {"return_statement", "break_statement", "continue_statement", "goto_statement", "fallthrough_statement"}
)
SWITCH_TYPES = frozenset({"expression_switch_statement", "type_switch_statement", "select_statement"})

# Calls after which control never reaches the next statement: the path ends
# without reaching an exit that matters (the process or goroutine ends, or panics).
_NO_RETURN_FUNCS = frozenset({"panic"})
_NO_RETURN_QUALIFIED = frozenset(
    {
        ("os", "Exit"),
        ("runtime", "Goexit"),
        ("log", "Fatal"),
        ("log", "Fatalf"),
        ("log", "Fatalln"),
        ("log", "Panic"),
        ("log", "Panicf"),
        ("log", "Panicln"),
    }
)
# Methods of testing.T/B/F that end the test goroutine; Skip is a common method
# name elsewhere, so it counts only on the usual receiver names.
_NO_RETURN_METHODS = frozenset({"Fatal", "Fatalf", "FailNow"})
_SKIP_METHODS = frozenset({"Skip", "Skipf", "SkipNow"})
_TEST_RECEIVERS = frozenset({"t", "b", "f", "tb"})


class Unsupported(Exception):
    """Control flow this module does not follow (for example, a block owned by a
    construct it does not know)."""


@dataclass
class Flow:
    """The outcome of running statements from a state where the action has not
    happened: can control fall off their end without it, and which jump
    statements leave them without it (not yet resolved to a target)."""

    falls_through: bool = True
    exits: list[Node] = field(default_factory=list)


@dataclass
class Leaks:
    """Where control leaves a statement list (or function) without the action:
    jump statements, and the statement lists whose end is reached."""

    jumps: list[Node] = field(default_factory=list)
    ends: list[Node] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.jumps or self.ends)


Done = Callable[[Node], bool]
Visit = Callable[[Node], None]


def is_no_return(stmt: Node) -> bool:
    """An expression statement calling panic, os.Exit, log.Fatal..., runtime.Goexit
    or a testing Fatal/FailNow/Skip method."""
    if stmt.type != "expression_statement" or stmt.named_child_count != 1:
        return False
    call = stmt.named_children[0]
    if call.type != "call_expression":
        return False
    fn = call.child_by_field_name("function")
    if fn is None:
        return False
    if fn.type == "identifier":
        return syntax.text(fn) in _NO_RETURN_FUNCS
    if fn.type == "selector_expression":
        operand = fn.child_by_field_name("operand")
        name = syntax.text(fn.child_by_field_name("field"))
        if operand is not None and operand.type == "identifier":
            if (syntax.text(operand), name) in _NO_RETURN_QUALIFIED:
                return True
            if name in _SKIP_METHODS and syntax.text(operand) in _TEST_RECEIVERS:
                return True
        return name in _NO_RETURN_METHODS
    return False


def label_of(stmt: Node) -> str | None:
    """The label of `stmt` when it is the statement of a labeled statement."""
    p = stmt.parent
    if p is not None and p.type == "labeled_statement":
        return syntax.text(p.child_by_field_name("label"))
    return None


def jump_label(jump: Node) -> str | None:
    for c in jump.named_children:
        if c.type == "label_name":
            return syntax.text(c)
    return None


def statements_flow(stmts: list[Node], done: Done, visit: Visit | None = None) -> Flow:
    """Flow through `stmts` in order, stopping where `done(stmt)` says the action
    happens in that statement on every path. `visit` is told of every
    statement control enters on the way (the one that does the action too)."""
    out = Flow(True, [])
    for s in stmts:
        if visit is not None:
            visit(s)
        if done(s):
            out.falls_through = False
            return out
        f = statement_flow(s, done, visit=visit)
        out.exits.extend(f.exits)
        if not f.falls_through:
            out.falls_through = False
            return out
    return out


def statement_flow(s: Node, done: Done, label: str | None = None, visit: Visit | None = None) -> Flow:
    t = s.type
    if visit is not None:
        visit(s)
    if done(s):
        return Flow(False, [])
    if t in JUMP_TYPES:
        return Flow(False, [s])
    if is_no_return(s):
        return Flow(False, [])
    if t == "labeled_statement":
        inner = [c for c in s.named_children if c.type != "label_name"]
        if not inner:
            return Flow(True, [])
        return statement_flow(inner[0], done, syntax.text(s.child_by_field_name("label")), visit)
    if t == "block":
        return statements_flow(syntax.statements(s), done, visit)
    if t == "if_statement":
        cons = statements_flow(syntax.statements(s.child_by_field_name("consequence")), done, visit)
        alt_node = s.child_by_field_name("alternative")
        if alt_node is None:
            alt = Flow(True, [])
        elif alt_node.type == "if_statement":
            alt = statement_flow(alt_node, done, visit=visit)
        else:
            alt = statements_flow(syntax.statements(alt_node), done, visit)
        return Flow(cons.falls_through or alt.falls_through, cons.exits + alt.exits)
    if t == "for_statement":
        body = statements_flow(syntax.statements(s.child_by_field_name("body")), done, visit)
        exits, resolved = _resolve(body.exits, label, loop=True)
        return Flow(resolved or not is_endless(s), exits)
    if t in SWITCH_TYPES:
        clauses = [c for c in s.named_children if c.type in syntax.CLAUSE_TYPES]
        ft = not any(c.type == "default_case" for c in clauses) and t != "select_statement"
        if t == "select_statement" and not clauses:
            return Flow(False, [])
        exits: list[Node] = []
        for c in clauses:
            f = statements_flow(syntax.statements(c), done, visit)
            ft = ft or f.falls_through
            # A fallthrough leads into the next clause, whose outcomes are counted.
            exits.extend(e for e in f.exits if e.type != "fallthrough_statement")
        exits, resolved = _resolve(exits, label, loop=False)
        return Flow(ft or resolved, exits)
    return Flow(True, [])


def is_endless(loop: Node) -> bool:
    """A `for { ... }` or `for ;; { ... }` loop: it only ends through a jump."""
    for c in loop.named_children:
        if c.type == "range_clause":
            return False
        if c.type == "for_clause":
            return c.child_by_field_name("condition") is None
        if c.type != "block" and c.type != "comment":
            return False
    return True


def _resolve(exits: list[Node], label: str | None, loop: bool) -> tuple[list[Node], bool]:
    """Split exits into those leaving a loop/switch/select and whether any ends it
    (a break or continue that targets it)."""
    left, resolved = [], False
    for e in exits:
        name = jump_label(e)
        targets_here = name is None or name == label
        if e.type == "break_statement" and targets_here:
            resolved = True
        elif e.type == "continue_statement" and loop and targets_here:
            resolved = True
        else:
            left.append(e)
    return left, resolved


def leaks_after(stmt: Node, done: Done, scope: Node) -> Leaks:
    """The ways control leaves statement list `scope` (an ancestor of `stmt`, or
    the function body's list) from just after `stmt` without the action: jump
    statements, and list ends reached by falling off. Climbs out of blocks, if
    branches and case clauses; raises Unsupported at a loop or any other owner
    between `stmt` and `scope`."""
    lst = stmt.parent
    if lst is None or lst.type != "statement_list":
        raise Unsupported("statement is not in a statement list")
    stmts = list(lst.named_children)
    flow = statements_flow(stmts[stmts.index(stmt) + 1 :], done)
    while True:
        owner = lst.parent
        at_function = owner is not None and owner.type == "block" and owner.parent is not None and (
            owner.parent.type in syntax.FUNCTION_TYPES
        )
        if lst == scope or at_function:
            return Leaks(list(flow.exits), [lst] if flow.falls_through else [])
        outer = _owning_statement(owner)
        label = label_of(outer)
        exits, resolved = (
            _resolve(flow.exits, label, loop=False) if outer.type in SWITCH_TYPES else (flow.exits, False)
        )
        if outer.type in SWITCH_TYPES:
            exits = [e for e in exits if e.type != "fallthrough_statement"]
        if outer.parent is not None and outer.parent.type == "labeled_statement":
            outer = outer.parent
        lst = outer.parent
        if lst is None or lst.type != "statement_list":
            raise Unsupported("statement is not in a statement list")
        ft = flow.falls_through or resolved
        stmts = list(lst.named_children)
        rest = statements_flow(stmts[stmts.index(outer) + 1 :], done) if ft else Flow(False, [])
        flow = Flow(rest.falls_through, exits + rest.exits)


def _owning_statement(owner: Node | None) -> Node:
    """The statement a block or case clause belongs to, for climbing out of it."""
    if owner is None:
        raise Unsupported("no owner")
    if owner.type in syntax.CLAUSE_TYPES:
        return owner.parent
    if owner.type == "block":
        p = owner.parent
        if p is not None and p.type == "statement_list":
            return owner
        if p is not None and p.type == "if_statement":
            while p.parent is not None and p.parent.type == "if_statement":
                p = p.parent
            return p
    raise Unsupported(f"control flow through {owner.parent.type if owner.parent else owner.type}")



@dataclass
class Reach:
    """What control can reach after a point of a function: the statements it
    may enter (by id; a compound statement's header counts as entered with
    it), and whether it may reach the function's end (a return, or falling
    off the body)."""

    entered: set[int] = field(default_factory=set)
    exits: bool = False

    def __contains__(self, stmt: Node) -> bool:
        return stmt.id in self.entered


def reached(start: Node, done: Done | None = None, *, entering: bool = False) -> Reach:
    """Where control can go from just after statement `start` (with
    `entering`, from `start` itself) until its function returns, on paths that
    do not pass a statement `done` says does the action (that statement is
    entered, nothing after it). A loop around `start` may run again, from its
    header; case clauses fall through; a func literal's body ends with it.
    Raises Unsupported for goto and for blocks of constructs it does not know."""
    done = done or (lambda s: False)
    out = Reach()

    def visit(s: Node) -> None:
        out.entered.add(s.id)

    def leave(exits: list[Node]) -> list[Node]:
        if any(e.type == "goto_statement" for e in exits):
            raise Unsupported("goto")
        out.exits = out.exits or any(e.type == "return_statement" for e in exits)
        return [e for e in exits if e.type != "return_statement"]

    cur = start.parent if start.parent is not None and start.parent.type == "labeled_statement" else start
    if entering:  # `start` itself is entered whatever `done` says of it; only a later round stops there
        flow = statement_flow(start, lambda s: s.id != start.id and done(s), label_of(start), visit)
    else:
        flow = Flow(True, [])
    while True:
        exits = leave(flow.exits)
        lst = cur.parent
        if lst is None or lst.type != "statement_list":
            raise Unsupported("statement is not in a statement list")
        falls = flow.falls_through
        if falls:
            stmts = list(lst.named_children)
            rest = statements_flow(stmts[stmts.index(cur) + 1 :], done, visit)
            falls = rest.falls_through
            exits += leave(rest.exits)
        owner = lst.parent
        owned_by = owner.parent.type if owner is not None and owner.parent is not None else None
        if owner is not None and owner.type == "block" and owned_by in syntax.FUNCTION_TYPES:
            out.exits = out.exits or falls
            return out
        if owner is not None and owner.type == "block" and owned_by == "for_statement":
            outer = owner.parent
            left, _ = _resolve(exits, label_of(outer), loop=True)
            ended = [e for e in exits if e not in left]  # the jumps that target this loop
            falls_after = any(e.type == "break_statement" for e in ended)
            if falls or any(e.type == "continue_statement" for e in ended):
                again = statement_flow(outer, done, label_of(outer), visit)  # the next iteration
                left += again.exits
                falls_after = falls_after or again.falls_through
            flow = Flow(falls_after, left)
        else:
            outer = _owning_statement(owner)
            if outer.type in SWITCH_TYPES:
                falls, exits = _fall_into_next_clauses(owner, falls, exits, done, visit)
                exits, resolved = _resolve(exits, label_of(outer), loop=False)
                falls = falls or resolved
            flow = Flow(falls, exits)
        cur = outer.parent if outer.parent is not None and outer.parent.type == "labeled_statement" else outer


def _fall_into_next_clauses(clause: Node, falls: bool, exits: list[Node], done: Done, visit: Visit):
    """Follow `fallthrough` from case clause `clause` into the clauses after it."""
    clauses = [c for c in clause.parent.named_children if c.type in syntax.CLAUSE_TYPES]
    i = next(k for k, c in enumerate(clauses) if c == clause)
    while any(e.type == "fallthrough_statement" for e in exits) and i + 1 < len(clauses):
        exits = [e for e in exits if e.type != "fallthrough_statement"]
        i += 1
        f = statements_flow(syntax.statements(clauses[i]), done, visit)
        falls = falls or f.falls_through
        exits += f.exits
    return falls, [e for e in exits if e.type != "fallthrough_statement"]

"""## What it does
Finds a goroutine that sends its result on an unbuffered channel made in the
function that started it, where that function can stop listening before the
send happens:

- the receive is one case of a `select` whose other case can be taken instead
  (`<-ctx.Done()`, `<-time.After(d)`, a timer, a `default`) and leave without
  receiving;
- or the function can return between the `go` statement and the receive (an
  error check, a condition that returns early, a receive in one branch only).

```go
ch := make(chan result)
go func() {
	ch <- fetch(url)
}()
select {
case r := <-ch:
	return r, nil
case <-ctx.Done():
	return result{}, ctx.Err()
}
```

## Why is this bad?
A send on an unbuffered channel waits until someone receives. Once the function
has returned through the other case, no one ever will: the goroutine stays
blocked on its send for the life of the process, with everything it references
(the result, buffers, connections). One leaked goroutine per timed-out request
is a slow memory leak that shows in production as a goroutine count that only
grows.

## Example
```go
func lookup(ctx context.Context, name string) (string, error) {
	ch := make(chan string)
	go func() {
		ch <- slowLookup(name)
	}()
	select {
	case addr := <-ch:
		return addr, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
```

## Fix
The channel gets a buffer with room for every send that can happen, so no send
ever waits for a receiver. One goroutine sending one value:

```go
ch := make(chan string, 1)
```

Sends in mutually exclusive branches of one goroutine (an error or a result)
count once; each goroutine started from the function counts separately (two
goroutines racing to answer need `make(chan T, 2)`, or the slower one leaks).

## Fix safety
Safe. The goroutines send the same values in the same order, and the receiver,
when it receives, gets the same values; the only change is that a send no longer
waits for its receiver. The fix is made only when nothing in the goroutine
follows the send (other than returning and its deferred calls), so no code of
the goroutine could have relied on the receiver having taken the value.

## When it is not fixed
Reported without a fix when gofixer cannot count the sends or see every use of
the channel:
- a send in a loop, in a nested function literal, or a goroutine started in a
  loop;
- the channel passed to a function (including the goroutine's own parameters),
  returned, stored, assigned, captured by a function literal other than the
  goroutine, or its `len`/`cap` read;
- the goroutine goes on after its send (the buffer would let it run ahead of
  the receiver);
- the `make` is not the plain `make(chan T)` (or `make(chan T, 0)`) declaring the
  variable.

Not reported: a buffered channel, a receive that always happens (no `select`
alternative, no return between the `go` statement and the receive), a channel
the function itself sends on or that is received from somewhere else (another
goroutine's protocol), and a `select` in a loop whose other cases go round the
loop again.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from gofixer import flow, syntax
from gofixer.codemod import SAFE, Finding, word_search
from gofixer.edits import Edit, Fix
from gofixer.syntax import Node

id = "chan-leak"
summary = "goroutine blocked forever sending on an unbuffered channel its receiver gave up on"
safety = SAFE
nolint = ()  # no golangci-lint linter reports this

_MAKE_CHAN = re.compile(rb"make\(\s*chan\b")
_GO = re.compile(rb"go\s+[\w(]")  # where a word starts (word_search): a go statement; not `//go:build`


def prefilter(text: bytes) -> bool:
    """The channel is made, and the goroutine started, in the same function."""
    return _MAKE_CHAN.search(text) is not None and word_search(_GO, text)


@dataclass
class _Channel:
    """A local channel and what the function around it does with it."""

    decl: Node  # the declaring identifier
    make: Node  # the make(...) call
    func: Node  # the function declaring it
    sends: list[Node] = field(default_factory=list)  # send statements
    receives: list[Node] = field(default_factory=list)  # receiving expressions or range clauses in func
    goroutines: list[Node] = field(default_factory=list)  # go statements whose literal sends
    closes: list[Node] = field(default_factory=list)  # close(ch) calls in those goroutines
    problem: str | None = None  # why the sends cannot be counted
    foreign: bool = False  # sent on by func itself, or received elsewhere: not this pattern

    @property
    def name(self) -> str:
        return syntax.text(self.decl)


def run(file) -> Iterable[Finding]:
    go_stmts = file.of_type("go_statement")
    if not go_stmts:
        return
    for ch in _channels(file, go_stmts):
        finding = _check(ch)
        if finding is None:
            continue
        yield finding


def _channels(file, go_stmts: list[Node]) -> Iterator[_Channel]:
    """Each variable declared from an unbuffered make(chan ...) in a function
    that starts a goroutine."""
    go_starts = sorted(g.start_byte for g in go_stmts)  # bisected per make: not a scan of every go statement
    for call in file.of_type("call_expression"):
        if syntax.text(call.child_by_field_name("function")) != "make" or call.parent is None:
            continue
        holder = call.parent.parent if call.parent.type == "expression_list" else None
        if holder is None or holder.type not in ("short_var_declaration", "var_spec"):
            continue
        names = holder.child_by_field_name("left") if holder.type == "short_var_declaration" else holder
        for decl in (names.named_children if holder.type == "short_var_declaration"
                     else holder.children_by_field_name("name")):
            if decl.type != "identifier" or _declared_make(decl) != call:
                continue
            func = syntax.enclosing_function(call)
            if func is not None and _starts_between(go_starts, func.start_byte, func.end_byte):
                yield _Channel(decl, call, func)


def _starts_between(starts: list[int], lo: int, hi: int) -> bool:
    """Whether some offset in sorted `starts` lies strictly between lo and hi."""
    i = bisect.bisect_right(starts, lo)
    return i < len(starts) and starts[i] < hi


def _declared_make(decl: Node) -> Node | None:
    """`make(chan T)` or `make(chan T, 0)` when it is the value `decl` is declared with."""
    names = decl.parent
    holder = names.parent if names is not None and names.type == "expression_list" else names
    if holder is None:
        return None
    if holder.type == "short_var_declaration":
        left = [c for c in holder.child_by_field_name("left").named_children]
        right = holder.child_by_field_name("right")
    elif holder.type == "var_spec" and holder.child_by_field_name("type") is None:
        left = [c for c in holder.children_by_field_name("name") if c.is_named]
        right = holder.child_by_field_name("value")
    else:
        return None
    values = right.named_children if right is not None else []
    if decl not in left or len(values) != len(left):
        return None
    make = syntax.unparen(values[left.index(decl)])
    if make.type != "call_expression" or syntax.text(make.child_by_field_name("function")) != "make":
        return None
    args = make.child_by_field_name("arguments").named_children
    if not args or args[0].type != "channel_type":
        return None
    if len(args) == 2 and syntax.text(args[1]) != "0" or len(args) > 2:
        return None  # buffered (or a size gofixer cannot read)
    return make


# ---------------------------------------------------------------- the uses


def _check(ch: _Channel) -> Finding | None:
    if _classify(ch):
        return None
    if ch.foreign or not ch.receives:
        return None
    if ch.sends and all(_has_way_out(s) for s in ch.sends):
        return None  # each sender selects on something else too (its own ctx.Done())
    why = _abandoned(ch)
    if why is None:
        return None
    first = min((s.start_point[0] + 1 for s in ch.sends), default=None)
    where = f" (line {first})" if first else ""
    message = f"a goroutine's send on unbuffered {ch.name}{where} blocks forever when {why}"

    def report(reason: str) -> Finding:
        return Finding(id, ch.make.start_byte, ch.make.end_byte, message, reason=reason)

    if ch.problem is not None:
        return report(ch.problem)
    count = 0
    for go_stmt in ch.goroutines:
        if syntax.enclosing_loop(go_stmt) is not None:
            return report(f"the goroutine at line {go_stmt.start_point[0] + 1} is started in a loop")
        lit = _literal(go_stmt)
        sends = _max_sends(syntax.statements(lit.child_by_field_name("body")), ch)
        if sends is None:
            return report(f"the sends on {ch.name} cannot be counted (a send in a loop, a nested function or a jump)")
        count += sends
        after = next((s for s in ch.sends if syntax.enclosing_function(s) == lit and not _ends_goroutine(s, lit, ch)),
                     None)
        if after is not None:
            return report(
                f"the goroutine goes on after its send at line {after.start_point[0] + 1}; a buffer would let it "
                "run ahead of the receiver"
            )
    if count == 0:
        return None
    return Finding(id, ch.make.start_byte, ch.make.end_byte, message, fix=_buffer(ch, count))


def _classify(ch: _Channel) -> bool:
    """Sort every use of the channel into ch's lists; True when it is not this
    pattern at all (no goroutine of the function sends on it or is handed it)."""
    same_name = [i for i in syntax.of_type(ch.func, "identifier") if syntax.text(i) == ch.name]
    decls = [(d, _scope(d)) for d in same_name if _is_declaring(d)]
    for ident in same_name:
        if ident.start_byte > ch.decl.start_byte and _declaration_of(ident, decls) == ch.decl:
            _classify_use(ch, ident)
    return not ch.goroutines


def _declaration_of(ident: Node, decls: list[tuple[Node, tuple[int, int]]]) -> Node | None:
    """Which of the function's declarations of its name `ident` refers to: the
    innermost one whose scope holds it (Go's scopes are lexical). None: a name
    from outside the function, or `ident` declares."""
    best: tuple[Node, tuple[int, int]] | None = None
    for decl, (start, end) in decls:
        if decl == ident:
            return None
        if start <= ident.start_byte < end and (best is None or start >= best[1][0]):
            best = (decl, (start, end))
    return best[0] if best is not None else None


def _is_declaring(ident: Node) -> bool:
    """`ident` is declared where it stands: the left of `:=` (also in range,
    receive and type switch headers), a var or const spec name, a parameter."""
    parent = ident.parent
    if parent is None:
        return False
    if parent.type in ("var_spec", "const_spec", "parameter_declaration", "variadic_parameter_declaration"):
        return ident in parent.children_by_field_name("name")
    if parent.type == "expression_list" and parent.parent is not None:
        holder = parent.parent
        if holder.type == "type_switch_statement":
            return holder.child_by_field_name("alias") == parent
        if holder.type in ("short_var_declaration", "range_clause", "receive_statement"):
            return holder.child_by_field_name("left") == parent and any(c.type == ":=" for c in holder.children)
    return False


def _scope(decl: Node) -> tuple[int, int]:
    """The byte range where a local declared at `decl` is visible: a parameter
    in its function's body; a range, receive or type switch variable in its
    statement's body or clause; a `:=`, var or const from the end of its
    statement to the end of the block (or if/for/switch) holding it."""
    holder = decl.parent
    if holder.type in ("parameter_declaration", "variadic_parameter_declaration"):
        func = syntax.enclosing(holder, syntax.FUNCTION_TYPES)
        return _span(func.child_by_field_name("body") if func is not None else holder)
    if holder.type == "expression_list":
        holder = holder.parent
    if holder.type == "range_clause":
        return _span(holder.parent.child_by_field_name("body") or holder.parent)
    if holder.type in ("type_switch_statement", "receive_statement"):
        return _span(holder.parent if holder.type == "receive_statement" else holder)
    while holder is not None and holder.type not in ("short_var_declaration", "var_declaration", "const_declaration"):
        holder = holder.parent
    if holder is None or holder.parent is None:
        return _span(decl)
    owner = holder.parent.parent if holder.parent.type == "for_clause" else holder.parent
    return holder.end_byte, owner.end_byte


def _span(node: Node) -> tuple[int, int]:
    return node.start_byte, node.end_byte


def _classify_use(ch: _Channel, ident: Node) -> None:
    parent = ident.parent
    owner = syntax.enclosing_function(ident)
    go_lit = owner if owner is not None and _go_of(owner, ch.func) is not None else None
    if parent.type == "send_statement" and parent.child_by_field_name("channel") == ident:
        if owner == ch.func:
            ch.foreign = True
        elif go_lit is None:
            ch.problem = ch.problem or f"a function literal other than a goroutine sends on {ch.name}"
            outer = next((a for a in syntax.ancestors(ident) if a.type == "go_statement"
                          and syntax.enclosing_function(a) == ch.func), None)
            if outer is not None and outer not in ch.goroutines:
                ch.goroutines.append(outer)  # its sends cannot be counted, but it is this pattern
        else:
            ch.sends.append(parent)
            go_stmt = _go_of(go_lit, ch.func)
            if go_stmt not in ch.goroutines:
                ch.goroutines.append(go_stmt)
        return
    if parent.type == "expression_list" and parent.parent is not None and parent.parent.type == "assignment_statement" \
            and parent.parent.child_by_field_name("left") == parent:
        ch.foreign = True  # another channel from here on: which one a send targets is not known
        return
    receive = _receive(ident)
    if receive is not None:
        if owner == ch.func:
            ch.receives.append(receive)
        else:
            ch.foreign = True
        return
    if _is_call_of(parent, "close") and go_lit is not None:
        ch.closes.append(parent.parent)  # by its sender: a buffered value is still received first
        return
    started = parent.parent.parent if parent.type == "argument_list" and parent.parent is not None else None
    if started is not None and started.type == "go_statement" and syntax.enclosing_function(started) == ch.func:
        ch.goroutines.append(started)
        ch.problem = ch.problem or f"{ch.name} is passed to the goroutine at line {started.start_point[0] + 1}"
        return
    if _is_call_of(parent, "len") or _is_call_of(parent, "cap"):
        ch.problem = ch.problem or f"len or cap of {ch.name} is read, and a buffer changes them"
        return
    ch.problem = ch.problem or f"{ch.name} is used at line {ident.start_point[0] + 1} where gofixer cannot follow it"


def _go_of(lit: Node, func: Node) -> Node | None:
    """The go statement of `func` that starts func literal `lit` (`go func() {...}()`)."""
    call = lit.parent
    if call is None or call.type != "call_expression" or call.child_by_field_name("function") != lit:
        return None
    go_stmt = call.parent
    if go_stmt is None or go_stmt.type != "go_statement" or syntax.enclosing_function(go_stmt) != func:
        return None
    return go_stmt


def _literal(go_stmt: Node) -> Node:
    return go_stmt.named_children[0].child_by_field_name("function")


def _receive(ident: Node) -> Node | None:
    """`<-ch` or `range ch` around `ident`."""
    parent = ident.parent
    if parent.type == "unary_expression" and parent.children[0].type == "<-":
        return parent
    if parent.type == "range_clause" and parent.child_by_field_name("right") == ident:
        return parent
    return None


def _is_call_of(args: Node, name: str) -> bool:
    call = args.parent if args.type == "argument_list" else None
    return call is not None and syntax.text(call.child_by_field_name("function")) == name


# ---------------------------------------------------------------- giving up


def _abandoned(ch: _Channel) -> str | None:
    """How the function can stop listening before a send: a select case that
    leaves without receiving, or a return before the receive. None when a
    receive always happens."""
    receives = {r.start_byte for r in ch.receives}

    def receives_here(stmt: Node) -> bool:
        return any(stmt.start_byte <= r < stmt.end_byte for r in receives)

    siblings = _sibling_channels(ch)
    for r in ch.receives:
        select, case = _select_case(r)
        if select is None:
            continue
        for other in select.named_children:
            if other == case or other.type not in ("communication_case", "default_case") or receives_here(other):
                continue
            comm = other.child_by_field_name("communication")
            if comm is not None and syntax.mentions(comm, siblings):
                continue  # the same goroutine sent there instead (an error or a result)
            if _leaves(select, other, ch, receives_here):
                return f"the select at line {select.start_point[0] + 1} takes {_case_text(other)} instead"
    body = ch.func.child_by_field_name("body")
    stmts = syntax.statements(body)
    scope = stmts[0].parent if stmts else None
    for go_stmt in ch.goroutines:
        try:
            leaks = flow.leaks_after(go_stmt, receives_here, scope)
        except flow.Unsupported:
            continue
        jump = next((j for j in leaks.jumps if j.type == "return_statement"), None)
        if jump is not None:
            return f"the function returns at line {jump.start_point[0] + 1} without receiving"
        if leaks.ends:
            return "the function can end without receiving"
    return None


def _has_way_out(send: Node) -> bool:
    """A send that is one case of a select with another case to take."""
    case = send.parent
    if case is None or case.type != "communication_case" or case.child_by_field_name("communication") != send:
        return False
    return sum(1 for c in case.parent.named_children if c.type in ("communication_case", "default_case")) > 1


def _sibling_channels(ch: _Channel) -> set[str]:
    """Other channels the goroutines sending on `ch` send on or close: a case
    receiving from one of them is taken when the goroutine answered there instead
    (an error or a result, a done signal)."""
    names = set()
    for go_stmt in ch.goroutines:
        for send in syntax.of_type(go_stmt, "send_statement"):
            target = send.child_by_field_name("channel")
            if target is not None and target.type == "identifier" and syntax.text(target) != ch.name:
                names.add(syntax.text(target))
        for call in syntax.of_type(go_stmt, "call_expression"):
            args = call.child_by_field_name("arguments")
            if syntax.text(call.child_by_field_name("function")) == "close" and args is not None \
                    and len(args.named_children) == 1 and args.named_children[0].type == "identifier":
                names.add(syntax.text(args.named_children[0]))
    return names


def _select_case(receive: Node) -> tuple[Node | None, Node | None]:
    """The select and its case when `receive` is that case's communication."""
    for a in syntax.ancestors(receive):
        if a.type == "communication_case":
            comm = a.child_by_field_name("communication")
            if comm is not None and comm.start_byte <= receive.start_byte < comm.end_byte:
                return a.parent, a
            return None, None
        if a.type in syntax.FUNCTION_TYPES or a.type.endswith("_statement") and a.type not in (
            "receive_statement", "expression_statement"
        ):
            return None, None
    return None, None


def _case_text(case: Node) -> str:
    if case.type == "default_case":
        return "its default case"
    return f"case {syntax.text(case.child_by_field_name('communication'))}"


def _leaves(select: Node, case: Node, ch: _Channel, receives_here) -> bool:
    """Whether taking `case` can lead out of the function without a receive."""
    if syntax.enclosing_loop(select) is not None:
        # In a loop, a case that neither returns nor jumps out goes round again.
        return any(
            syntax.enclosing_function(j) == ch.func and (j.type in ("return_statement", "goto_statement")
                                                         or flow.jump_label(j) is not None)
            for j in syntax.of_type(case, ("return_statement", "goto_statement", "break_statement",
                                           "continue_statement"))
        )
    f = flow.statements_flow(syntax.statements(case), receives_here)
    if any(e.type == "return_statement" for e in f.exits):
        return True
    if not f.falls_through and not any(e.type == "break_statement" for e in f.exits):
        return False
    body = syntax.statements(ch.func.child_by_field_name("body"))
    try:
        return bool(flow.leaks_after(select, receives_here, body[0].parent if body else None))
    except flow.Unsupported:
        return False


# ---------------------------------------------------------------- counting


def _max_sends(stmts: list[Node], ch: _Channel) -> int | None:
    """The most sends on `ch` along any one path through a goroutine's body;
    None when a send sits where it could run more than once (a loop, a nested
    function) or control jumps in ways not followed (goto, labels)."""
    outcome = _seq(stmts, ch)
    if outcome is None:
        return None
    ft, ex, brk = outcome
    return max(x for x in (ft, ex, brk, 0) if x is not None)


# (falls through, exits, breaks): the most sends on paths that fall off the end,
# that leave the goroutine, and that break out of the enclosing switch or select;
# None where no path does.
_Outcome = tuple[int | None, int | None, int | None]


def _seq(stmts: list[Node], ch: _Channel) -> _Outcome | None:
    cur: int | None = 0
    ex: int | None = None
    brk: int | None = None
    for s in stmts:
        if cur is None:
            break  # unreachable
        o = _stmt(s, ch)
        if o is None:
            return None
        ft, e, b = o
        ex = _max(ex, None if e is None else cur + e)
        brk = _max(brk, None if b is None else cur + b)
        cur = None if ft is None else cur + ft
    return cur, ex, brk


def _max(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


def _is_send(s: Node, ch: _Channel) -> bool:
    return s.type == "send_statement" and s in ch.sends


def _stmt(s: Node, ch: _Channel) -> _Outcome | None:
    t = s.type
    if _is_send(s, ch):
        return 1, None, None
    if t == "return_statement" or flow.is_no_return(s):
        return None, 0, None
    if t == "break_statement" and flow.jump_label(s) is None:
        return None, None, 0
    has_send = any(x in ch.sends for x in syntax.of_type(s, "send_statement"))
    if not has_send:
        if t in flow.JUMP_TYPES:
            return None  # goto, continue, fallthrough, a labeled break: not followed
        returns = any(syntax.enclosing_function(r) == syntax.enclosing_function(s)
                      for r in syntax.of_type(s, "return_statement"))
        return 0, 0 if returns else None, None
    if t == "block":
        return _seq(syntax.statements(s), ch)
    if t == "if_statement":
        cons = _seq(syntax.statements(s.child_by_field_name("consequence")), ch)
        alt_node = s.child_by_field_name("alternative")
        if alt_node is None:
            alt: _Outcome | None = (0, None, None)
        elif alt_node.type == "if_statement":
            alt = _stmt(alt_node, ch)
        else:
            alt = _seq(syntax.statements(alt_node), ch)
        if cons is None or alt is None:
            return None
        return _max(cons[0], alt[0]), _max(cons[1], alt[1]), _max(cons[2], alt[2])
    if t in ("expression_switch_statement", "type_switch_statement", "select_statement"):
        ft: int | None = None if any(c.type == "default_case" for c in s.named_children) or t == "select_statement" else 0
        ex: int | None = None
        for c in s.named_children:
            if c.type not in syntax.CLAUSE_TYPES:
                continue
            o = _seq(syntax.statements(c), ch)
            if o is None:
                return None
            comm = c.child_by_field_name("communication") if c.type == "communication_case" else None
            extra = 1 if comm is not None and _is_send(comm, ch) else 0
            ft = _max(ft, None if o[0] is None else o[0] + extra)
            ft = _max(ft, None if o[2] is None else o[2] + extra)  # a break ends the switch
            ex = _max(ex, None if o[1] is None else o[1] + extra)
        return ft, ex, None
    return None  # a send in a loop, a nested literal, a deferred or labeled statement


def _ends_goroutine(send: Node, lit: Node, ch: _Channel) -> bool:
    """Nothing of the goroutine runs after `send` but returns, closing the
    channel (its buffered values are still received first) and deferred calls:
    every statement after it, in its block and in the blocks around it, is one
    of those."""
    stmt = send
    body = lit.child_by_field_name("body")

    def finishing(s: Node) -> bool:
        return s.type == "return_statement" or _closes(s, ch)

    if send.parent is not None and send.parent.type == "communication_case":  # case ch <- v:
        rest = [s for s in syntax.statements(send.parent) if s.type != "comment"]
        if not all(finishing(s) for s in rest):
            return False
        if rest:
            return True
        stmt = send.parent.parent
    while stmt is not None:
        lst = stmt.parent
        if lst is None or lst.type != "statement_list":
            return False
        rest = [s for s in lst.named_children if s.start_byte > stmt.end_byte and s.type != "comment"]
        # A plain break in a case clause leaves the switch: what follows that counts.
        breaks = (len(rest) == 1 and rest[0].type == "break_statement" and flow.jump_label(rest[0]) is None
                  and lst.parent is not None and lst.parent.type in syntax.CLAUSE_TYPES)
        if not breaks and not all(finishing(s) for s in rest):
            return False
        if any(s.type == "return_statement" for s in rest) or lst.parent == body:
            return True
        owner = lst.parent
        if owner.type in syntax.CLAUSE_TYPES:
            stmt = owner.parent
        elif owner.type == "block":
            stmt = owner.parent if owner.parent is not None and owner.parent.type == "if_statement" else owner
            while stmt.parent is not None and stmt.parent.type == "if_statement":
                stmt = stmt.parent
        else:
            return False
    return False


def _closes(stmt: Node, ch: _Channel) -> bool:
    """`close(ch)` as a statement."""
    call = stmt.named_children[0] if stmt.type == "expression_statement" and stmt.named_children else None
    if call is None or call.type != "call_expression" or syntax.text(call.child_by_field_name("function")) != "close":
        return False
    return call in ch.closes


# ---------------------------------------------------------------- the fix


def _buffer(ch: _Channel, count: int) -> Fix:
    args = ch.make.child_by_field_name("arguments").named_children
    if len(args) == 2:  # make(chan T, 0)
        edit = Edit(args[1].start_byte, args[1].end_byte, str(count).encode())
    else:
        edit = Edit(args[0].end_byte, args[0].end_byte, f", {count}".encode())
    return Fix([edit], description=f"give {ch.name} a buffer of {count}")

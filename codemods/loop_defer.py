"""## What it does

Finds a `defer` statement inside the body of a `for` loop (every form: three-clause,
condition-only, `range` over slices, maps, channels, integers and functions) that is
not inside a function literal of its own, where waiting for the function's return
does harm: a lock that deadlocks, resources that pile up, defers without end. A
`defer` nested deeper in the body, in an `if`, `switch` or `select` there, belongs
to the innermost loop. Each finding's message says what goes wrong.

## Why is this bad?

A deferred call runs when the surrounding function returns, not when the loop
iteration ends. A mutex locked in the iteration and unlocked with `defer`
deadlocks on the second turn. A loop that opens a file per entry of its input and
defers `Close` keeps every file open until the function returns, and a long input
runs out of descriptors; response bodies hold their connections, contexts their
timers and goroutines, temporary files their disk space.

But a defer in a loop is often right: a test that opens N connections or servers in
a small loop and checks them, or publishes to all of them, after the loop needs
every one open until it returns. Closing each at the end of its turn breaks it.
So loop-defer reports only what it can show to be harmful.

## When it is reported

- A lock taken in the iteration and released by the defer, the same mutex every
  turn (`mu.Lock(); defer mu.Unlock()`; `RLock`/`RUnlock` too): the next turn's
  `Lock` waits for an `Unlock` that waits for the function. Reported in any loop,
  test code included.
- A resource opened in the iteration and released by the defer, in a loop over
  input of unbounded size: files (`os.Open`, `os.OpenFile`, `os.Create`,
  `os.CreateTemp`, `os.Pipe`, `zip.OpenReader`, `syscall.Open`..., or the
  package's own `open`/`Open`/`Create` function), temporary files and directories
  removed by the defer, response bodies (`defer resp.Body.Close()`), database rows,
  statements and transactions (methods `Query`, `Prepare`, `Begin`...), contexts
  (`context.WithCancel`/`WithTimeout`/`WithDeadline` and the Cause variants,
  `signal.NotifyContext`), timers and tickers (`time.NewTimer`, `time.NewTicker`,
  `time.AfterFunc`). A method named like these (`session.Open()`) may open
  anything, so its kind counts as unknown (next item). Unbounded input: a range over a
  parameter, field, map, channel, function or call result, a condition loop
  (`for rows.Next()`, `for scanner.Scan()`), a loop with no bound.
- Something else opened in the iteration (a call's result the defer closes,
  stops, shuts down, releases or cancels: a connection, a server, a
  subscription) in such a loop outside test code: reported **without a fix**, as
  gofixer cannot tell whether it is held on purpose.
- Outside test code, any other defer in a loop with no bound (`for { }`,
  `for cond { }`, a three-clause loop without a condition): the deferred calls
  pile up for as long as the loop runs. Reported without a fix.

Not reported:

- a small loop fixed in the code: a constant bound of at most 100 (`i < 3`,
  `range 3`, a named constant), a range over a composite literal, or over a
  variable only ever set to composite literals (or appended single values outside
  any loop) or a package-level table of the file;
- test code (a function taking `*testing.T`, `B`, `F`, `PB` or `testing.TB`, a
  suite method named `Test...` in a `_test.go` file, and the func literals in
  them), except `b.N` loops, `b.Loop()` and loops with no
  bound: its loops run over the test's own data, and tests hold connections and
  servers on purpose; what gofixer cannot classify is never reported there;
- a resource whose effect is used after the loop: stored in an outer variable,
  slice, map, field or channel (`conns = append(conns, c)`, `all[i] = s`), or used
  by a goroutine started in the body;
- a defer after which the iteration never goes round again: on every path that
  follows it, the function returns or panics (`t.Fatal`, `log.Fatal`, `os.Exit`
  included), or the loop is left by `break` or `goto`, with no `continue`; the call
  then runs once, as written;
- a defer that is the last thing the iteration runs (`for _, f := range cleanups
  { defer f() }`, locking a set of mutexes until the function ends);
- a defer whose call the iteration makes itself later, at the top level of the body
  (`defer resp.Body.Close()` ... `resp.Body.Close()`): the defer only covers early
  exits;
- a lock on a different mutex each turn (`mus[i].Lock()`): a set held on purpose;
- a deferred call that calls `recover`: it is written for the function's exit;
- a defer already inside a function literal in the loop;
- a site silenced by `//gofixer:ignore loop-defer` or by golangci-lint's
  `//nolint` naming `gocritic`, `revive` or `staticcheck` (the linters that report
  a defer in a loop), on the line or on its own line above the loop or function.

## Example

```go
func sizes(paths []string) (int64, error) {
	var total int64
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return 0, fmt.Errorf("stat %s: %w", p, err)
		}
		total += st.Size()
	}
	return total, nil
}
```

Use instead:

```go
func sizes(paths []string) (int64, error) {
	var total int64
	for _, p := range paths {
		if err2 := func() error {
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			defer f.Close()
			st, err := f.Stat()
			if err != nil {
				return fmt.Errorf("stat %s: %w", p, err)
			}
			total += st.Size()
			return nil
		}(); err2 != nil {
			return 0, err2
		}
	}
	return total, nil
}
```

## Fix

The loop body is wrapped in a function literal called in place, so each
iteration's deferred calls run at the end of that iteration. The body moves into
the literal unchanged apart from one more level of indentation (the lines of a
multi-line raw string keep their text) and its jumps out of the body:

- `continue` for this loop becomes `return` in the literal.
- When only `continue` leaves the body: `func() { ... }()`.
- When every `return` in the body returns a non-nil error (`return err` directly
  under `if err != nil`, `fmt.Errorf(...)`, `errors.New(...)`, `&T{...}`) from a
  function whose last result is `error`, and the other results are the same
  constants everywhere: `if err := func() error { ...; return nil }(); err != nil
  { return <constants>, err }`, with a fresh name when `err` is taken.
- Otherwise (a `break`, a successful `return`, a `goto` or a labelled
  `break`/`continue` to a statement outside the body): the literal returns a jump
  code and the function's results, `ctl, ret := func() (ctl int, ret T) { ... }()`,
  and after it `if ctl == 1 { break }`, `if ctl == 2 { return ret }` and so on
  restate each jump outside the literal, where it means what it meant. A loop label
  left unused by the fix is removed.

Names declared in the body stay in the literal; outer variables the body assigns
are captured by the literal and keep working. Loop variables are captured per
iteration.

## Fix safety

Unsafe: the deferred calls now run at the end of each iteration instead of when the
function returns, which is the point of the fix but changes when things happen.
The rules above leave out what the corpus showed to be held on purpose; review the
diff all the same.

## When it is not fixed

Reported without a fix:

- what the defer releases is of a kind gofixer does not know, or the loop has no
  bound and the deferred call releases nothing opened in the turn (see above);
- a deferred call that uses the function's named results (it would set them
  before the function's own `return` does);
- another defer in the same loop body releases something kept past the iteration,
  or recovers panics (wrapping the body would change it too);
- a naked `return` in the body of a function with named results;
- a `return f()` passing on a multi-value call;
- a result type whose name is redeclared inside the function (the literal could
  not name it), or a result type written over several lines;
- a loop body that shares a line with its braces, or a loop label that would be
  left unused and is not on its own line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from gofixer import flow, syntax, wrap
from gofixer.codemod import UNSAFE, Finding
from gofixer.edits import Fix
from gofixer.syntax import Node
from gofixer.wrap import Wrap, wrap_loop_body

id = "loop-defer"
summary = "defer in a loop body runs only at function exit; wrap the body in a func literal"
safety = UNSAFE
nolint = ("gocritic", "revive", "staticcheck")  # reporting the same bug: deferInLoop, defer (loop), SA9001


def prefilter(text: bytes) -> bool:
    """A `defer` that could be in a loop, judged from gofmt's layout: a defer
    line indented by tabs only is in a loop when, walking up through the
    less-indented lines that open its blocks (if, else, switch, select, case, a
    bare block), a `for` comes before a `func` (a function or func literal, whose
    own defers are not this codemod's). Anything else (spaces, text before the
    defer, an opener it does not know) counts as maybe, so nothing is missed."""
    i = text.find(b"defer")
    while i >= 0:
        start = text.rfind(b"\n", 0, i) + 1
        indent = text[start:i]
        if not indent or indent.strip(b"\t"):
            return True
        if len(indent) > 1 and _maybe_in_loop(text, start, len(indent)):
            return True
        i = text.find(b"defer", i + 5)
    return False


_BLOCK_OPENERS = (b"if ", b"} else", b"switch", b"select", b"case ", b"default:", b"{")


def _maybe_in_loop(text: bytes, start: int, level: int) -> bool:
    while start > 0:
        end = start - 1
        start = text.rfind(b"\n", 0, end) + 1
        line = text[start:end]
        code = line.lstrip(b"\t")
        depth = len(line) - len(code)
        if not code or depth >= level:
            continue
        if code[:1] in (b" ", b"/"):
            return True  # spaces after tabs, or a comment: not gofmt's shape
        if code.startswith(b"for ") or code == b"for {":
            return True
        if b"func(" in code or b"func (" in code or code.startswith(b"func "):
            return False
        if not code.startswith(_BLOCK_OPENERS):
            return True
        level = depth
    return True


# Functions that open a resource, by name, and what the resource is: called on
# one of these packages (`os.Open`, `context.WithTimeout`) or in the package
# itself (`open(name)`). A method or another package's function of the same name
# may open anything (a session's Open gives a stream a test holds on purpose):
# its kind is not known.
_FILE_PACKAGES = frozenset({"os", "io/ioutil", "archive/zip", "syscall", "golang.org/x/sys/unix"})
_OPENERS = {
    **{(p, n): "file" for p in _FILE_PACKAGES
       for n in ("Open", "OpenFile", "Create", "CreateTemp", "OpenReader", "OpenRoot", "OpenInRoot",
                 "NewFile", "Pipe", "TempFile")},
    **{(p, n): "temporary directory" for p in _FILE_PACKAGES for n in ("MkdirTemp", "TempDir")},
    **{("context", n): "context" for n in ("WithCancel", "WithTimeout", "WithDeadline", "WithCancelCause",
                                           "WithTimeoutCause", "WithDeadlineCause")},
    ("os/signal", "NotifyContext"): "context",
    **{("time", n): "timer" for n in ("NewTimer", "NewTicker", "AfterFunc")},
    **{("", n): "file" for n in ("open", "openFile", "create", "Open", "OpenFile", "Create")},
}
# Methods that open a resource whatever their receiver (database/sql's API).
_OPENING_METHODS = dict.fromkeys(
    ("Query", "QueryContext", "Prepare", "PrepareContext", "Begin", "BeginTx"), "database handle")
# What piles up, per kind, when each turn's release waits for the function.
_HARM = {
    "file": "stays open until the function returns; a long input runs out of file descriptors",
    "temporary directory": "is removed only when the function returns; they pile up on disk",
    "temporary file": "is removed only when the function returns; they pile up on disk",
    "context": "is cancelled only when the function returns; its timer and goroutines pile up",
    "timer": "is stopped only when the function returns; they pile up",
    "database handle": "stays open until the function returns, holding a connection each",
    "response body": "stays open until the function returns, holding its connection",
}
# Method and function names that release something (for kinds gofixer does not know).
_RELEASES = frozenset({
    "Close", "close", "Stop", "stop", "Shutdown", "shutdown", "Release", "release", "Cancel", "cancel",
    "Remove", "RemoveAll", "Unsubscribe", "Drain", "Disconnect", "Teardown", "teardown", "Free",
    "Rollback", "Terminate", "Kill", "Destroy", "Cleanup",
})
_LOCKS = {"Unlock": "Lock", "RUnlock": "RLock"}
_TESTING_TYPES = frozenset({"*testing.T", "*testing.B", "*testing.F", "*testing.PB", "testing.TB"})
# Loops of at most this many turns (a constant bound) are small: what they hold
# until the function returns cannot run out.
FEW = 100

MESSAGE = "defer in a loop runs when the function returns, not at the end of each iteration"


@dataclass
class _Verdict:
    why: str  # what goes wrong, for the message
    fixable: bool = True
    reason: str | None = None  # why there is no fix, when not fixable


def run(file) -> Iterator[Finding]:
    wraps: dict[int, Wrap] = {}
    for d in file.of_type("defer_statement"):
        loop = syntax.enclosing_loop(d)
        if loop is None:
            continue
        verdict = _judge(file, d, loop)
        if verdict is None:
            continue
        message = f"{MESSAGE}: {verdict.why}"
        if not verdict.fixable:
            yield Finding(id, d.start_byte, d.end_byte, message, reason=verdict.reason)
            continue
        if loop.id not in wraps:
            wraps[loop.id] = wrap_loop_body(file, loop)
        w = wraps[loop.id]
        fix = Fix(w.edits, description=w.description) if w.reason is None else None
        yield Finding(id, d.start_byte, d.end_byte, message, fix=fix, reason=w.reason)


def _judge(file, d: Node, loop: Node) -> _Verdict | None:
    """Why waiting for the function's return is harmful for defer `d` in
    `loop`, or None when it is not (or cannot be shown to be)."""
    body = loop.child_by_field_name("body")
    call = _deferred_call(d)
    if call is None or _ends_body(d, body) or wrap.never_goes_round(d, loop):
        return None
    if syntax.mentions(d, {"recover"}) or _released_again(d, call, body, loop):
        return None
    if wrap.kept_past_iteration(file, loop, d):
        return None
    lock = _relocked(call, d, body, loop)
    if lock is not None:
        return lock
    held = _acquired(call, body, {n: p for p, n in file.imports.items()})
    test = _in_test(loop, file.path.endswith("_test.go"))
    if held is None:
        if test or not _no_bound(loop):
            return None
        return _Verdict(
            "the loop has no bound, so a deferred call piles up on every turn until the function returns",
            fixable=False,
            reason="cannot tell what the deferred call must wait for; if it belongs to the turn, "
                   "wrap the loop body in a func literal",
        )
    name, opener, kind = held
    if _small(loop) or (test and not _unbounded_in_test(loop)):
        return None
    if kind is None:
        if test:
            return None
        return _Verdict(
            f"each turn's {name} ({opener}) is released only when the function returns, so they pile up",
            fixable=False,
            reason=f"cannot tell whether {name} must stay open until the function returns "
                   "(a connection or server held on purpose); if not, wrap the loop body in a func literal",
        )
    what = f"{kind} ({opener})" if kind == "context" else f"{kind} {name} ({opener})"
    return _Verdict(f"each turn's {what} {_HARM[kind]}")


def _deferred_call(d: Node) -> Node | None:
    for c in d.named_children:
        if c.type == "call_expression":
            return c
    return None


def _ends_body(stmt: Node, body: Node) -> bool:
    """True when nothing follows `stmt` up to the end of the loop body: deferring
    every turn's call until the function returns is then the point (`for _, f :=
    range cleanups { defer f() }`, locking a set of mutexes)."""
    node = stmt
    while node != body:
        parent = node.parent
        if parent is None or parent.type in ("for_statement", "func_literal"):
            return False
        siblings = [c for c in parent.named_children if c.type != "comment"]
        if parent.type == "statement_list" and siblings[-1] != node:
            return False
        node = parent
    return True


def _released_again(d: Node, call: Node, body: Node, loop: Node) -> bool:
    """True when the iteration itself makes the deferred call again, at the top
    level of the body after the defer with no `continue` in between (`defer
    resp.Body.Close()` ... `resp.Body.Close()`): nothing piles up, the defer only
    covers an early exit."""
    want = _squash(syntax.text(call))
    top = _top_statement(d, body)
    stmts = syntax.statements(body)
    if top not in stmts:
        return False
    label = flow.label_of(loop)
    for s in stmts[stmts.index(top) + 1 :]:
        if s.type in ("defer_statement", "go_statement"):
            continue
        for c in syntax.of_type(s, "call_expression", into_functions=False):
            if _squash(syntax.text(c)) == want and not any(
                a.type in ("block", "defer_statement", "go_statement") for a in _ancestors_up_to(c, s)
            ):
                return not any(
                    d.end_byte < j.start_byte < c.start_byte and (
                        flow.jump_label(j) == label if flow.jump_label(j) else syntax.enclosing_loop(j) == loop)
                    for j in syntax.of_type(body, "continue_statement", into_functions=False)
                )
    return False


def _relocked(call: Node, d: Node, body: Node, loop: Node) -> _Verdict | None:
    """`mu.Lock()` ... `defer mu.Unlock()` on the same mutex every turn: the
    next turn's Lock waits for an Unlock that waits for the function."""
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return None
    method = syntax.text(fn.child_by_field_name("field"))
    if method not in _LOCKS:
        return None
    mutex = fn.child_by_field_name("operand")
    name = _squash(syntax.text(mutex))
    taken = False
    for c in syntax.of_type(body, "call_expression", into_functions=False):
        if c.start_byte >= d.start_byte:
            break
        f = c.child_by_field_name("function")
        if f is not None and f.type == "selector_expression" and \
                syntax.text(f.child_by_field_name("field")) == _LOCKS[method] and \
                _squash(syntax.text(f.child_by_field_name("operand"))) == name:
            taken = True
    if not taken or _varies(mutex, body, loop):
        return None  # a different mutex each turn: a set of locks held on purpose
    if method == "RUnlock":
        return _Verdict(f"{name}.RUnlock waits for the function to return, so read locks pile up "
                        f"and a writer waiting for {name} deadlocks the next turn's {name}.RLock")
    return _Verdict(f"{name}.Unlock waits for the function to return, so the next turn's {name}.Lock deadlocks")


def _varies(expr: Node, body: Node, loop: Node) -> bool:
    """True when `expr` names something that changes from turn to turn: a loop
    variable or a name declared in the body."""
    return bool(syntax.identifiers(expr) & (syntax.declared_names(body) | _loop_variables(loop)))


def _acquired(call: Node, body: Node, packages: dict[str, str]) -> tuple[str, str, str | None] | None:
    """What the deferred call releases when the turn acquired it: (the name it
    is held in, the call that acquired it, its kind or None for a kind gofixer
    does not know). None when the call releases nothing taken in this turn.
    `packages` maps the file's import names to their paths."""
    sources = _assigned_calls(body, call.start_byte)
    for c in syntax.of_type(call, "call_expression"):
        fn = c.child_by_field_name("function")
        if fn is None:
            continue
        target = fn
        if fn.type == "selector_expression":
            target = syntax.selector_root(fn.child_by_field_name("operand"))
        names = [n for n in _roots(c, target) if n in sources]
        if not names:
            continue
        name = names[0]
        opener = sources[name]
        if syntax.text(fn).endswith(".Body.Close"):
            return name, opener, "response body"
        released = _last_name(syntax.text(fn))
        kind = _kind(opener, packages)
        if kind is not None:
            return name, opener, "temporary file" if kind == "file" and released.startswith("Remove") else kind
        if released in _RELEASES or released.startswith(("Close", "close")) or \
                (fn.type == "identifier" and syntax.text(fn) == name):
            return name, opener, None
    return None


def _kind(opener: str, packages: dict[str, str]) -> str | None:
    """The kind of resource the function `opener` (as written) opens, if known;
    `packages` maps the file's import names to their paths."""
    parts = opener.split(".")
    name = _last_name(opener)
    if len(parts) == 1:
        return _OPENERS.get(("", name))
    if len(parts) == 2 and parts[0] in packages:
        return _OPENERS.get((packages[parts[0]], name))
    return _OPENING_METHODS.get(name)


def _roots(call: Node, target: Node) -> list[str]:
    """The names a call works on: its receiver's root and its arguments'."""
    out = [syntax.text(target)] if target.type == "identifier" else []
    args = call.child_by_field_name("arguments")
    if args is not None:
        for a in args.named_children:
            root = syntax.selector_root(a) if a.type != "call_expression" else a
            if root.type == "call_expression":
                f = root.child_by_field_name("function")
                root = syntax.selector_root(f.child_by_field_name("operand")) \
                    if f is not None and f.type == "selector_expression" else root
            if root.type == "identifier":
                out.append(syntax.text(root))
    return out


def _assigned_calls(body: Node, before: int) -> dict[str, str]:
    """Names declared in the body (not in nested func literals) and last set
    before offset `before` from a call, mapped to the called function: `f, err
    := os.Open(p)` gives f -> os.Open."""
    out: dict[str, str] = {}
    declared = syntax.declared_names(body)
    kinds = ("short_var_declaration", "var_spec", "assignment_statement")
    for n in syntax.of_type(body, kinds, into_functions=False):
        if n.start_byte >= before:
            break
        if n.type != "var_spec":
            left = [c for c in n.child_by_field_name("left").named_children
                    if n.type == "short_var_declaration" or syntax.text(c) in declared]
            right = n.child_by_field_name("right")
        else:
            left = [c for c in n.children_by_field_name("name") if c.is_named]
            right = n.child_by_field_name("value")
        values = right.named_children if right is not None else []
        fn = syntax.text(values[0].child_by_field_name("function")) \
            if len(values) == 1 and values[0].type == "call_expression" else None
        for c in left:
            if c.type == "identifier" and syntax.text(c) not in ("_", "err", "ok"):
                if fn is None:
                    out.pop(syntax.text(c), None)
                else:
                    out[syntax.text(c)] = fn
    return out


def _last_name(fn: str) -> str:
    return fn.rsplit(".", 1)[-1].split("[", 1)[0]


def _in_test(node: Node, test_file: bool) -> bool:
    """True inside a function (or a func literal within one) that takes a
    *testing.T, B, F or PB or a testing.TB, or, in a _test.go file, a method
    named like a test (a suite's `TestX`): test code, whose loops run over the
    test's own data."""
    for a in syntax.ancestors(node):
        if a.type in syntax.FUNCTION_TYPES:
            if any(_squash(syntax.text(t)) in _TESTING_TYPES for _, t in syntax.parameters(a)):
                return True
            if test_file and a.type == "method_declaration" and \
                    re.match(r"(Test|Benchmark|Fuzz)", syntax.text(a.child_by_field_name("name"))):
                return True
    return False


def _no_bound(loop: Node) -> bool:
    """A loop with no bound in its header: `for { }`, `for cond { }` or a
    three-clause loop without a condition."""
    header = [c for c in loop.named_children if c.type not in ("block", "comment")]
    if not header:
        return True
    if header[0].type == "for_clause":
        return header[0].child_by_field_name("condition") is None
    return header[0].type != "range_clause"


def _unbounded_in_test(loop: Node) -> bool:
    """The loops of test code that are not over the test's own data: `b.N`
    loops, `b.Loop()`, and loops with no bound at all."""
    if _no_bound(loop):
        return True
    h = [c for c in loop.named_children if c.type not in ("block", "comment")][0]
    bound = h.child_by_field_name("condition" if h.type == "for_clause" else "right")
    return bool(re.search(r"\.N\b", syntax.text(bound)))


def _small(loop: Node) -> bool:
    """True for a loop of few turns fixed in the code: a constant bound of at
    most FEW (`i < 3`, `range 3`), or a range over a composite literal or over a
    local variable only ever set to composite literals or appended single
    values outside any loop."""
    header = [c for c in loop.named_children if c.type not in ("block", "comment")]
    if not header:
        return False
    h = header[0]
    func = syntax.enclosing_function(loop)
    if h.type == "range_clause":
        return _few(h.child_by_field_name("right"), func, loop)
    if h.type == "for_clause":
        cond = h.child_by_field_name("condition")
        if cond is None or cond.type != "binary_expression":
            return False
        op = syntax.text(cond.child_by_field_name("operator"))
        bound = {"<": "right", "<=": "right", ">": "left", ">=": "left"}.get(op)
        if bound is None:
            return False
        limit = syntax.unparen(cond.child_by_field_name(bound))
        if limit is not None and limit.type == "call_expression" and \
                syntax.text(limit.child_by_field_name("function")) == "len":
            args = limit.child_by_field_name("arguments").named_children
            return len(args) == 1 and _few(args[0], func, loop)
        return _few(limit, func, loop)
    return False


def _few(expr: Node | None, func: Node | None, loop: Node) -> bool:
    expr = syntax.unparen(expr)
    if expr is None:
        return False
    if expr.type == "composite_literal":
        return True
    if expr.type == "int_literal":
        try:
            return int(syntax.text(expr).replace("_", ""), 0) <= FEW
        except ValueError:
            return False
    if expr.type == "identifier" and func is not None:
        name = syntax.text(expr)
        if name in syntax.declared_names(func):
            return _fixed_variable(name, func, loop)
        return _fixed_table(name, syntax.top_level_declaration(func).parent)
    return False


def _fixed_table(name: str, root: Node | None) -> bool:
    """True when `name` is a package-level constant of this file of at most
    FEW, or a package-level variable set to a composite literal and never
    assigned in the file: a table in the code."""
    if root is None:
        return False
    found = False
    for decl in root.named_children:
        if decl.type == "const_declaration":
            for spec in syntax.specs(decl, "const_spec"):
                names = [syntax.text(c) for c in spec.children_by_field_name("name")]
                value = spec.child_by_field_name("value")
                if name in names and value is not None and len(value.named_children) == len(names):
                    return _few(value.named_children[names.index(name)], None, root)
        if decl.type == "var_declaration":
            for spec in syntax.specs(decl, "var_spec"):
                names = [syntax.text(c) for c in spec.children_by_field_name("name")]
                value = spec.child_by_field_name("value")
                if name in names and value is not None and len(value.named_children) == len(names):
                    found = value.named_children[names.index(name)].type == "composite_literal"
    if not found:
        return False
    for n in syntax.of_type(root, "assignment_statement"):
        if name in {syntax.text(c) for c in n.child_by_field_name("left").named_children}:
            return False
    return True


def _fixed_variable(name: str, func: Node, loop: Node) -> bool:
    """True when `name` is a constant of at most FEW, or a variable of `func`
    (not a parameter) whose every assignment before `loop` is a composite
    literal or `name = append(name, x)` of one value outside any loop."""
    body = func.child_by_field_name("body")
    if body is None or name in {n for n, _ in syntax.parameters(func)}:
        return False
    seen = False
    for n in syntax.of_type(body, ("const_spec", "var_spec", "short_var_declaration", "assignment_statement"),
                            into_functions=False):
        if n.type in ("const_spec", "var_spec"):
            names = [syntax.text(c) for c in n.children_by_field_name("name")]
            if name not in names:
                continue
            value = n.child_by_field_name("value")
            values = value.named_children if value is not None else []
            if n.type == "const_spec":
                return len(values) == len(names) and _few(values[names.index(name)], None, loop)
            if values and not (len(values) == len(names) and
                               values[names.index(name)].type == "composite_literal"):
                return False
            seen = True
            continue
        left = [syntax.text(c) for c in n.child_by_field_name("left").named_children]
        if name not in left:
            continue
        if n.start_byte > loop.start_byte and n.start_byte < loop.end_byte:
            return False  # set again in the loop
        values = n.child_by_field_name("right").named_children
        if len(values) != len(left):
            return False
        v = values[left.index(name)]
        if v.type == "composite_literal":
            seen = True
            continue
        if n.type == "assignment_statement" and syntax.enclosing_loop(n) is None and (
                _appends_one(v, name) or _shrinks(v, name)):
            seen = True
            continue
        return False
    return seen


def _shrinks(value: Node, name: str) -> bool:
    """`name[i:j]`: a slice of itself, never longer."""
    return value.type == "slice_expression" and syntax.text(value.child_by_field_name("operand")) == name


def _appends_one(value: Node, name: str) -> bool:
    if value.type != "call_expression" or syntax.text(value.child_by_field_name("function")) != "append":
        return False
    args = value.child_by_field_name("arguments")
    items = args.named_children if args is not None else []
    return len(items) == 2 and syntax.text(items[0]) == name and b"..." not in (args.text or b"")


def _loop_variables(loop: Node) -> set[str]:
    names: set[str] = set()
    for c in loop.named_children:
        if c.type == "range_clause":
            left = c.child_by_field_name("left")
            if left is not None:
                names |= syntax.identifiers(left)
        elif c.type == "for_clause":
            init = c.child_by_field_name("initializer")
            if init is not None and init.type == "short_var_declaration":
                names |= syntax.identifiers(init.child_by_field_name("left"))
    return names


def _top_statement(node: Node, body: Node) -> Node:
    n = node
    while n.parent is not None and n.parent.parent != body and n.parent != body:
        n = n.parent
    return n


def _ancestors_up_to(node: Node, top: Node) -> Iterator[Node]:
    for a in syntax.ancestors(node):
        if a == top:
            return
        yield a


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()

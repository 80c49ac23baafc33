"""## What it does

Finds a `defer` statement inside the body of a `for` loop (every form: three-clause,
condition-only, `range` over slices, maps, channels, integers and functions) that is
not inside a function literal of its own. A `defer` nested deeper in the body, in an
`if`, `switch` or `select` there, counts too: it belongs to the innermost loop.

## Why is this bad?

A deferred call runs when the surrounding function returns, not when the loop
iteration ends. In a loop that opens a file per turn and defers `Close`, every file
stays open until the function returns, and a long loop runs out of descriptors. A
mutex locked and unlocked with `defer` in a loop deadlocks on the second turn. The
deferred calls and everything they capture pile up in memory.

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
function returns, which is the point of the fix but changes when things happen:
a loop written to hold every lock or keep every file open until the function
returns (with more work after the `defer` in the same iteration) would change
meaning. Review the diff.

## When it is not fixed

- Not reported at all:
  - a `defer` that is the last thing the iteration runs (the last statement of the
    body, or of an `if`/`switch` branch that ends the body), as in
    `for _, f := range cleanups { defer f() }` or locking a set of mutexes until the
    function ends; deferring every call until return is then usually the intent;
  - a `defer` after which the iteration never goes round again: what follows it ends
    in `return`, `break`, `goto` or `panic` with no `continue` before (open the
    first file that works, defer its close, `break`): the call runs once;
  - a `defer` already inside a function literal in the loop.
- Reported without a fix:
  - what the deferred call releases outlives the iteration: a variable from outside
    the loop that the defer uses and the body assigns (a buffer set up on the first
    turn and used by the next ones), an outer variable or channel the body hands
    the deferred resource to (`kept = append(kept, f)`, `timeout = t.C`), or a
    goroutine started in the body that uses it or its partner (the context of a
    deferred `cancel`); releasing it at the end of the iteration would pull it from
    under the code that still uses it;
  - a deferred call that calls `recover` (per iteration it would swallow a panic and
    let the loop go on);
  - a deferred call that uses the function's named results (it would set them
    before the function's own `return` does);
  - a naked `return` in the body of a function with named results;
  - a `return f()` passing on a multi-value call;
  - a result type whose name is redeclared inside the function (the literal could
    not name it), or a result type written over several lines;
  - a loop body that shares a line with its braces, or a loop label that would be
    left unused and is not on its own line.
"""

from __future__ import annotations

from typing import Iterator

from gofixer import syntax, wrap
from gofixer.codemod import UNSAFE, Finding
from gofixer.edits import Fix
from gofixer.syntax import Node
from gofixer.wrap import Wrap, wrap_loop_body

id = "loop-defer"
summary = "defer in a loop body runs only at function exit; wrap the body in a func literal"
safety = UNSAFE


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


MESSAGE = "defer in a loop runs when the function returns, not at the end of each iteration"


def run(file) -> Iterator[Finding]:
    wraps: dict[int, Wrap] = {}
    for d in file.of_type("defer_statement"):
        loop = syntax.enclosing_loop(d)
        if loop is None or _ends_iteration(d, loop.child_by_field_name("body")):
            continue
        if loop.id not in wraps:
            wraps[loop.id] = wrap_loop_body(file, loop)
        w = wraps[loop.id]
        fix = Fix(w.edits, description=w.description) if w.reason is None else None
        yield Finding(id, d.start_byte, d.end_byte, MESSAGE, fix=fix, reason=w.reason)


def _ends_iteration(stmt: Node, body: Node) -> bool:
    """True when the iteration never goes round again after `stmt`: nothing
    follows it up to the end of the body, or what follows it in its statement
    list ends the loop (return, break, goto, panic) with no jump back before.
    Then the deferred call runs once, as written."""
    node = stmt
    while node != body:
        parent = node.parent
        if parent is None or parent.type in ("for_statement", "func_literal"):
            return False
        if parent.type == "statement_list":
            rest = parent.named_children[parent.named_children.index(node) + 1 :]
            if rest:
                return _leaves_loop(rest, body)
        node = parent
    return True


def _leaves_loop(rest: list[Node], body: Node) -> bool:
    last = rest[-1]
    label = wrap.loop_label(body)
    leaving = {j.node.id: j.kind for j in wrap.leaving_jumps(body, label)}
    ends = (
        last.type in ("return_statement", "goto_statement")
        or (last.type == "break_statement" and last.id in leaving)
        or (last.type == "expression_statement" and syntax.text(last).startswith("panic("))
    )
    if not ends:
        return False
    for stmt in rest[:-1]:
        for n in syntax.walk(stmt, into_functions=False):
            if n.id in leaving and leaving[n.id] != "return":
                return False
    return True

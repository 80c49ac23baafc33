"""## What it does
Finds `wg.Add(n)` called inside the goroutine that the `Add` counts:

```go
go func() {
	wg.Add(1)
	defer wg.Done()
	work()
}()
```

where `wg` is a `sync.WaitGroup` declared outside that goroutine: a local
(`var wg sync.WaitGroup`, `wg := &sync.WaitGroup{}`, `new(sync.WaitGroup)`), a
`*sync.WaitGroup` parameter, a package variable or a struct field (`s.wg`). The `Add`
may be anywhere among the goroutine's top-level statements, not only the first one
(`go vet` only looks at the first).

## Why is this bad?
Nothing orders the new goroutine's `Add` before the `Wait` in the goroutine that
started it. `Wait` can see a counter of zero and return while the work has not
started, so results are read before they are written, or a test ends before the
work it checks. The race detector reports it, but only when the bad interleaving
happens.

## Example
```go
for _, url := range urls {
	go func() {
		wg.Add(1)
		defer wg.Done()
		fetch(url)
	}()
}
wg.Wait()
```

## Fix
The `Add` is removed from the goroutine and written on the line before the `go`
statement, so it happens before `Wait` can run:

```go
for _, url := range urls {
	wg.Add(1)
	go func() {
		defer wg.Done()
		fetch(url)
	}()
}
wg.Wait()
```

When `n` (or the WaitGroup) is a parameter of the function literal, the argument the
`go` statement passes is written instead, provided that argument has no side effects
(a name, a literal, a field selector).

With the option `use-go-method = true` (off by default) and a `go.mod` saying
`go 1.25` or later, a goroutine that takes no parameters and starts with
`wg.Add(1)` and `defer wg.Done()` (in either order) becomes
`wg.Go(func() { ... })` without those two lines. (A goroutine that mentions
`recover` keeps the old form: `wg.Go` does not call `Done` when its function
panics.)

## Fix safety
Safe. The counter is raised by the same amount, once per `go` statement, only
earlier: before the goroutine starts instead of at some point after. A program
that was correct (its `Wait` happened to run after every `Add`) behaves the same;
one that was not now waits for the work.

## When it is not fixed
Reported without a fix:
- the `Add` is inside a condition, loop or nested block of the goroutine (it may not
  run once per goroutine);
- something before it in the goroutine can return, panic or exit, or loops forever;
- `n` uses a name declared inside the goroutine (other than a parameter whose argument
  has no side effects), calls a function, or may have been changed by the statements
  before the `Add`;
- the `Add` shares its line with other code.

Not reported at all: a WaitGroup declared inside the goroutine (its own group), a type
that is not `sync.WaitGroup` (a user type with an `Add` method, or a WaitGroup whose
type gofixer cannot determine), an `Add` with a negative count (a `Done`), a goroutine
that never calls `Done` on the group itself (the count is handed to someone else), and
an `Add` followed by a `go` statement in the same block (it counts that goroutine, and a
goroutine that still holds its own count may add for another one).
"""

from __future__ import annotations

import re
from typing import Iterable

from gofixer import syntax
from gofixer.codemod import SAFE, Finding, word_search
from gofixer.edits import Edit, Fix
from gofixer.package import expr_type, local_binding
from gofixer.syntax import Node

id = "waitgroup-add"
summary = "WaitGroup.Add called inside the goroutine it counts, racing with Wait"
safety = SAFE
nolint = ("govet", "staticcheck")  # golangci-lint linters reporting the same bug (waitgroup, SA2000)
_GO_FUNC = re.compile(rb"go\s+func\b")  # where a word starts (word_search)


def prefilter(text: bytes) -> bool:
    """An `.Add(` and a goroutine started from a func literal, in the same file
    or function body: the Add this codemod moves is inside such a literal."""
    return b".Add(" in text and word_search(_GO_FUNC, text)

options = {"use-go-method": False}

# Calls that end the goroutine (or the program) before a later statement runs.
_EXITS = re.compile(
    r"^(panic|runtime\.Goexit|os\.Exit|log\.(Fatal|Fatalf|Fatalln|Panic|Panicf|Panicln)|"
    r"\w+\.(Fatal|Fatalf|FailNow|Skip|Skipf|SkipNow))$"
)
_BUILTINS = frozenset({"len", "cap"})
_PURE_NODES = frozenset(
    {
        "identifier", "int_literal", "float_literal", "rune_literal", "interpreted_string_literal",
        "selector_expression", "field_identifier", "parenthesized_expression", "binary_expression",
        "unary_expression", "true", "false", "iota",
    }
)


def run(file) -> Iterable[Finding]:
    opts = file.options_for(id, options)
    adds: dict[int, list[Node]] | None = None
    for go_stmt in file.of_type("go_statement"):
        call = go_stmt.named_children[0] if go_stmt.named_children else None
        if call is None or call.type != "call_expression":
            continue
        lit = syntax.unparen(call.child_by_field_name("function"))
        if lit is None or lit.type != "func_literal":
            continue
        if adds is None:
            adds = _add_calls(file)
        for add in adds.get(lit.id, ()):
            finding = _check(file, go_stmt, call, lit, add, opts)
            if finding is not None:
                yield finding


def _add_calls(file) -> dict[int, list[Node]]:
    """The `x.Add(n)` calls of the file by the func literal whose own body makes
    them (by the literal's node id), in source order: found once per file, not
    once per literal, which was quadratic in nested literals."""
    out: dict[int, list[Node]] = {}
    for c in file.of_type("call_expression"):
        fn = c.child_by_field_name("function")
        args = c.child_by_field_name("arguments")
        if (
            fn is not None and fn.type == "selector_expression"
            and syntax.text(fn.child_by_field_name("field")) == "Add"
            and args is not None and len(args.named_children) == 1
        ):
            lit = syntax.enclosing_function(c)
            if lit is not None and lit.type == "func_literal":
                out.setdefault(lit.id, []).append(c)
    return out


def _check(file, go_stmt: Node, call: Node, lit: Node, add: Node, opts) -> Finding | None:
    fn = add.child_by_field_name("function")
    wg = fn.child_by_field_name("operand")
    n = add.child_by_field_name("arguments").named_children[0]
    if _is_negative(n):
        return None
    params = _literal_params(lit, call)
    wg_text = _outside_text(file, wg, lit, params)
    if wg_text is None:
        return None  # declared inside the goroutine: its own group
    ref = expr_type(file, wg)
    if ref is None or not ref.is_type("sync", "WaitGroup"):
        return None
    stmt = add.parent
    wg_src = syntax.text(wg)
    if not _counts_goroutine(lit, add, wg_src):
        return None
    message = f"{wg_src}.Add called inside the goroutine it counts; Wait may return before it runs"

    def report(reason: str) -> Finding:
        return Finding(id, add.start_byte, add.end_byte, message, reason=reason)

    body_list = stmt.parent if stmt is not None else None
    if (
        stmt is None or stmt.type != "expression_statement" or body_list is None
        or body_list.type != "statement_list" or body_list.parent != lit.child_by_field_name("body")
    ):
        return report("the Add is inside a condition, loop or block of the goroutine")
    before = [s for s in body_list.named_children if s.end_byte <= stmt.start_byte]
    if any(_may_leave(s) for s in before):
        return report("a statement before the Add can leave the goroutine or never end")
    n_text = _outside_text(file, n, lit, params)
    if n_text is None:
        return report(f"{syntax.text(n)} uses a name declared inside the goroutine")
    if not _pure(file, n):
        return report(f"{syntax.text(n)} is not a plain value that can be computed before the go statement")
    roots = {syntax.text(i) for i in syntax.of_type(n, "identifier")} - _BUILTINS
    if roots and any(syntax.mentions(s, roots) for s in before):
        return report(f"the goroutine uses {syntax.text(n)} before the Add")
    wg_names = {syntax.text(i) for i in syntax.of_type(wg, "identifier")}
    if any(_assigns(s, wg_names) for s in before):
        return report(f"the goroutine assigns to {wg_src} before the Add")
    if any(_calls_method(s, wg_src, ("Wait", "Go")) for s in before):
        return report("the goroutine waits on the group before the Add")
    if go_stmt.parent is None or go_stmt.parent.type != "statement_list":
        return report("the go statement is not in a block")
    fix = None
    if opts.get("use-go-method"):
        fix = _go_method_fix(file, go_stmt, call, lit, stmt, wg_text, n)
    if fix is None:
        fix = _move_fix(file, go_stmt, stmt, f"{wg_text}.Add({n_text})")
    if fix is None:
        return report("the Add or the go statement shares its line with other code")
    return Finding(id, add.start_byte, add.end_byte, message, fix=fix)


# ---------------------------------------------------------------- the fix


def _move_fix(file, go_stmt: Node, stmt: Node, new_line: str) -> Fix | None:
    removal = _remove_line(file.text, stmt)
    comment = file.text[stmt.end_byte : syntax.line_end(file.text, stmt.end_byte)].strip().decode()
    moved = f"{new_line} {comment}" if comment.startswith("//") else new_line  # the comment goes along
    insertion = syntax.insert_before(file.text, go_stmt, [moved])
    if removal is None or insertion is None:
        return None
    return Fix([removal, insertion], description=f"call {new_line} before the go statement")


def _remove_line(src: bytes, stmt: Node, through: Node | None = None) -> Edit | None:
    """Delete the statement's whole line(s) (through statement `through`, when
    given) with the blank lines around them, keeping one blank line where the
    code on both sides was separated by one."""
    last = through or stmt
    if not syntax.starts_line(src, stmt):
        return None
    rest = src[last.end_byte : syntax.line_end(src, last.end_byte)].strip()
    if rest and not rest.startswith(b"//"):
        return None
    start = syntax.line_start(src, stmt.start_byte)
    end = min(syntax.line_end(src, last.end_byte) + 1, len(src))
    blanks = False
    while start >= 2 and src[syntax.line_start(src, start - 1) : start - 1].strip() == b"":
        start = syntax.line_start(src, start - 1)
        blanks = True
    while end < len(src) and src[end : syntax.line_end(src, end)].strip() == b"":
        end = min(syntax.line_end(src, end) + 1, len(src))
        blanks = True
    opens = _byte_before(src, start) == b"{"
    closes = _byte_after(src, end) == b"}"
    return Edit(start, end, b"\n" if blanks and not opens and not closes else b"")


_SPACE = b" \t\n\r\x0b\x0c"


def _byte_before(src: bytes, i: int) -> bytes:
    """The last byte before `i` that is not white space (b"" if none); found by
    stepping back, not by copying the text before `i`."""
    while i > 0 and src[i - 1] in _SPACE:
        i -= 1
    return src[i - 1 : i]


def _byte_after(src: bytes, i: int) -> bytes:
    while i < len(src) and src[i] in _SPACE:
        i += 1
    return src[i : i + 1]


def _go_method_fix(file, go_stmt: Node, call: Node, lit: Node, stmt: Node, wg_text: str, n: Node) -> Fix | None:
    """`go func() { defer wg.Done(); ... }()` with `wg.Add(1)` inside becomes
    `wg.Go(func() { ... })` where go.mod allows it."""
    if syntax.text(n) != "1" or (file.go_version or (0, 0)) < (1, 25):
        return None
    params = lit.child_by_field_name("parameters")
    args = call.child_by_field_name("arguments")
    if params.named_children or args.named_children or lit.child_by_field_name("result") is not None:
        return None
    stmts = syntax.statements(lit.child_by_field_name("body"))
    if len(stmts) < 2 or stmts[0] != stmt and stmts[1] != stmt:
        return None
    done = stmts[1] if stmts[0] == stmt else stmts[0]
    if syntax.text(done).replace(" ", "") != f"defer{wg_text}.Done()".replace(" ", ""):
        return None
    if any(syntax.mentions(s, {"recover"}) for s in stmts):
        return None  # Go's own recover semantics differ inside wg.Go
    src = file.text
    first, second = sorted((stmt, done), key=lambda x: x.start_byte)
    between = src[first.end_byte : second.start_byte]
    if between.strip(b" \t;\n") or b";" in between:
        return None  # a comment between them, or both on one line
    removal = _remove_line(src, first, through=second)
    if removal is None:
        return None
    edits = [removal]
    edits.append(Edit(go_stmt.start_byte, lit.start_byte, f"{wg_text}.Go(".encode()))
    edits.append(Edit(lit.end_byte, call.end_byte, b")"))
    return Fix(edits, description=f"start the goroutine with {wg_text}.Go")


# ---------------------------------------------------------------- names


def _literal_params(lit: Node, call: Node) -> dict[str, Node | None]:
    """Parameter name of the literal -> the argument passed for it (None when it
    cannot stand in for the parameter: variadic, or with side effects)."""
    out: dict[str, Node | None] = {}
    args = call.child_by_field_name("arguments")
    argv = args.named_children if args is not None else []
    params = lit.child_by_field_name("parameters")
    i = 0
    for decl in params.named_children if params is not None else []:
        names = decl.children_by_field_name("name") or [None]
        for nm in names:
            arg = argv[i] if i < len(argv) and decl.type == "parameter_declaration" else None
            if nm is not None:
                out[syntax.text(nm)] = arg if arg is not None and _side_effect_free(arg) else None
            i += 1
    if any(c.type == "..." for c in (args.children if args is not None else [])):
        return {k: None for k in out}
    return out


def _side_effect_free(arg: Node) -> bool:
    arg = syntax.unparen(arg)
    if arg.type == "unary_expression" and arg.children[0].type == "&":
        arg = syntax.unparen(arg.child_by_field_name("operand"))
    if arg.type in ("identifier", "int_literal", "float_literal", "interpreted_string_literal", "rune_literal",
                    "true", "false", "nil"):
        return True
    if arg.type == "selector_expression":
        return _side_effect_free(arg.child_by_field_name("operand"))
    if arg.type == "call_expression":  # len(x), cap(x)
        fn = arg.child_by_field_name("function")
        args = arg.child_by_field_name("arguments").named_children
        return syntax.text(fn) in _BUILTINS and len(args) == 1 and _side_effect_free(args[0])
    return False


def _outside_text(file, expr: Node, lit: Node, params: dict[str, Node | None]) -> str | None:
    """`expr` as it must be written before the go statement: parameters of the
    literal replaced by their arguments. None when it uses another name declared
    inside the literal."""
    src = file.text
    edits: list[tuple[int, int, str]] = []
    for ident in syntax.of_type(expr, "identifier"):
        b = local_binding(file, ident)
        if b is None or not _inside(b.node, lit):
            continue
        if not _is_param(b.node, lit) or params.get(b.name) is None:
            return None
        arg = params[b.name]
        text = syntax.text(arg)
        parent = ident.parent
        if arg.type == "unary_expression" and parent is not None and parent.type == "selector_expression":
            text = syntax.text(arg.child_by_field_name("operand"))  # (&x).f is x.f
        elif arg.type not in ("identifier", "selector_expression", "int_literal", "call_expression"):
            text = f"({text})"
        edits.append((ident.start_byte, ident.end_byte, text))
    out = src[expr.start_byte : expr.end_byte].decode()
    for s, e, t in sorted(edits, reverse=True):
        out = out[: s - expr.start_byte] + t + out[e - expr.start_byte :]
    return out


def _inside(node: Node, outer: Node) -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


def _is_param(node: Node, lit: Node) -> bool:
    params = lit.child_by_field_name("parameters")
    return params is not None and _inside(node, params)


# ---------------------------------------------------------------- checks


def _counts_goroutine(lit: Node, add: Node, wg_src: str) -> bool:
    """True when the Add counts the goroutine `lit` itself: the goroutine calls
    Done on the group, and no `go` statement follows the Add in its block (an
    Add right before starting another goroutine counts that one, and is right)."""
    body = lit.child_by_field_name("body")
    calls_done = any(
        syntax.enclosing_function(c) == lit and _calls_method(c, wg_src, ("Done",))
        for c in syntax.of_type(body, "call_expression", into_functions=False)
    )
    if not calls_done:
        return False
    stmt = syntax.enclosing_statement(add)
    siblings = stmt.parent.named_children if stmt is not None and stmt.parent is not None else []
    return not any(s.type == "go_statement" and s.start_byte > add.end_byte for s in siblings)


def _is_negative(n: Node) -> bool:
    n = syntax.unparen(n)
    return n.type == "unary_expression" and n.children[0].type == "-"


def _pure(file, n: Node) -> bool:
    """A value with no calls (but len/cap), receives, dereferences, divisions or
    indexing: the same when computed before the go statement, and it cannot
    panic there."""
    for x in syntax.walk(n):
        if not x.is_named:
            parent = x.parent.type if x.parent is not None else ""
            if parent == "unary_expression" and x.type in ("<-", "*"):
                return False
            if parent == "binary_expression" and x.type in ("/", "%"):
                return False
        elif x.type == "call_expression":
            fn = x.child_by_field_name("function")
            if fn is None or fn.type != "identifier" or syntax.text(fn) not in _BUILTINS:
                return False
            if local_binding(file, fn) is not None:
                return False
        elif x.type not in _PURE_NODES and x.type != "argument_list":
            return False
    return True


def _may_leave(stmt: Node) -> bool:
    """True when `stmt` may return, panic, exit or never finish."""
    for x in syntax.of_type(stmt, ("return_statement", "goto_statement")):
        if syntax.enclosing_function(x) == syntax.enclosing_function(stmt):
            return True
        if x.type == "call_expression" and _EXITS.match(syntax.text(x.child_by_field_name("function"))):
            return True
        if x.type == "select_statement" and not any(c.type == "communication_case" or c.type == "default_case" for c in x.named_children):
            return True
        if x.type == "for_statement" and _endless(x):
            return True
    return False


def _endless(loop: Node) -> bool:
    clause = next((c for c in loop.named_children if c.type in ("for_clause", "range_clause")), None)
    if clause is not None and (clause.type == "range_clause" or clause.child_by_field_name("condition") is not None):
        return False
    if clause is None and any(c.type not in ("block",) for c in loop.named_children):
        return False  # `for cond {`
    return True


def _assigns(stmt: Node, names: set[str]) -> bool:
    for a in syntax.of_type(stmt, "assignment_statement"):
        if syntax.mentions(a.child_by_field_name("left"), names):
            return True
    return False


def _calls_method(stmt: Node, recv: str, names: tuple[str, ...]) -> bool:
    for c in syntax.of_type(stmt, "call_expression"):
        fn = c.child_by_field_name("function")
        if fn is not None and fn.type == "selector_expression":
            if syntax.text(fn.child_by_field_name("operand")) == recv and syntax.text(fn.child_by_field_name("field")) in names:
                return True
    return False

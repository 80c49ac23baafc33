"""## What it does

Finds type assertions `x.(T)` written without the comma-ok form that can
panic: `x` may hold another dynamic type (or nil) when the assertion runs.

It is **opt-in**: not in the default selection, run it with
`--select comma-ok` (or `select = ["comma-ok"]` in gofixer.toml). On the
real-world corpus (the standard library and thirteen open-source projects,
`docs/corpus-runs.md`) about 1% of its findings were real bugs: almost every
remaining assertion states an invariant its package keeps on purpose (an
`Op()` tag checked before, a `sync.Map` holding one type, a context value the
server always sets, a plugin registry whose modules must implement the
interface). Use it to audit code that handles values from outside (decoded
JSON or config, `any` parameters of an API), not as a gate.

Not reported, because the assertion cannot fail or its panic is handled:

- inside a type switch case on the same operand whose only type is `T`
  (`switch x.(type) { case *T: x.(*T) }`; not in `case A, B`);
- after an ok-check on the same operand: in the body of
  `if _, ok := x.(T); ok` (also `ok && ...`), after a guard that leaves
  (`if _, ok := x.(T); !ok { return }`, `v, ok := x.(T)` then
  `if !ok || ... { continue }`), or right of `ok &&`;
- after another assertion to `T` on the same operand that ran without comma-ok
  (earlier in the block, in the `if` header, left of `&&`): had it failed,
  this one would not run, and fixing the first proves the rest;
- on a variable just set to `&T{...}`, `T{...}` or `new(T)`;
- in a function that defers a recover (a func literal calling `recover()`, or
  a package function that does, such as a parser's panic-to-error helper), or in
  a func literal it calls in place or passes to a call;
- on a `sync.Pool`'s `Get` (`pool.Get().(*T)`, or `v := pool.Get()` then
  `v.(*T)`: a receiver whose name mentions "pool", or a variable or field the
  file declares or initialises as a `sync.Pool`): the pool's `New` decides the
  type. Set the option `include-pool-get = true` to report it.

"The same operand" means the same expression (identifiers, fields, indexes by
identifiers or literals; no calls) with nothing assigned to it, declared anew
or taking its address in between; a loop around the assertion counts what it
assigns after it too. Reflection guards (`v.Kind() == reflect.Ptr`) and tag
checks (`n.Op() == ONAME`) prove no static type: those assertions are reported.

## Why is this bad?

Values typed `any` or an interface often come from outside the code that asserts
on them: decoded JSON, `context.Value`, map lookups, plugin registries. A value of
an unexpected type, which is a data problem, then crashes the whole program instead
of failing the one request or call that met it. The comma-ok form
`v, ok := x.(T)` never panics and lets the code say what went wrong.

## Example

```go
func port(cfg map[string]any) (int, error) {
	p := cfg["port"].(float64)
	return int(p), nil
}
```

## Fix

```go
func port(cfg map[string]any) (int, error) {
	p, ok := cfg["port"].(float64)
	if !ok {
		return 0, fmt.Errorf("unexpected type %T for cfg[\"port\"], want float64", cfg["port"])
	}
	return int(p), nil
}
```

What the not-ok branch does depends on where the assertion is:

- in a function (or function literal) whose last result is `error`: it returns
  the zero value of every other result and an error, in lower case, naming what
  was asserted (the operand as written, or for a long one its key, field or
  function), the dynamic type found and the type wanted. `fmt` is imported when
  missing (under an alias when a local name hides it);
- in a test, with `t *testing.T`, `b *testing.B`, `f *testing.F` or
  `tb testing.TB` a parameter of the enclosing function (or of a function reached
  only through function literals called in place): `t.Fatalf(...)`.

Zero values are written as a Go programmer writes them: `0`, `""`, `false`;
`nil` for pointers, slices, maps, channels, funcs and interfaces, named ones
included (the package's own types, types of other packages of the same module
from their index, and standard library types such as `net.IP`, `http.Header`,
`url.Values`, `json.RawMessage`, `context.CancelFunc`); `T{}` for structs and
arrays; `*new(T)` only for a type whose kind is unknown (a type parameter, a
type of another module).

When the function holds a lock at the assertion (`mu.Lock()` or `RLock()`
earlier on the path from its body, not released and not covered by a deferred
unlock), the not-ok branch releases it first (`mu.Unlock()`, innermost lock
first), and the operand is saved before the check so the message reads no
shared state after the unlock.

When the operand is an `error` value (`err.(*MyErr)`, a variable named like an
error whose every declaration says `error` or takes a call's last result),
the check is `errors.As`, and the error returned wraps the original, so
`errors.Is(result, original)` still holds and a wrapped `*MyErr` is found:

```go
var me *MyErr
if !errors.As(err, &me) {
	return 0, fmt.Errorf("unexpected error type %T for err, want *MyErr: %w", err, err)
}
```

The shapes it rewrites:

- `v := x.(T)` and `var v = x.(T)` gain `, ok`;
- `v = x.(T)`, for a local `v` that no closure uses, becomes `v, ok = x.(T)` with
  `var ok bool` declared first; any other assignment target (a field, a map
  element, a package variable) gets the hoisted form below, so it keeps its old
  value when the type is wrong;
- an assertion inside a larger expression (`f(x.(T))`, `return len(m[k].([]string)), nil`,
  `for _, s := range v.([]string)`, an `if` or `switch` header) is hoisted into
  `tmp, ok := x.(T)` just before the statement, and the expression uses `tmp`.

When `x` has side effects (a call or a receive, such as `ctx.Value(key)`) or
mentions the variable being declared, it is first stored in a variable of its own,
so it is evaluated once and the message shows the value that was asserted on.
New names never shadow or collide: a hoisted value is named as a type switch
would name it (`s` for a string, `n` for an integer, `b`, `f`, `m`, the first
letter of a named type), else `v`, `v2`..; `ok` is reused only where it already
is a comma-ok `bool` of the same block, and otherwise a fresh name (`ok2`, ...)
is used.

## Fix safety

Unsafe: a wrong type no longer panics but returns an error or fails the test,
which is the point of the fix, but it is a change of behaviour a reviewer should
see. A hoisted assertion is evaluated a little earlier than before; the fix is
only made when nothing evaluated before it in the statement could observe the
difference (no calls, receives or other unchecked assertions before it, not
behind `&&` or `||`).

## When it is not fixed

- no `error` result and no testing handle in scope (a `main`, a method returning
  only a value, a package-level `var`): the panic stays, the finding says why;
- in a func literal whose error might never reach anyone: passed to another
  function (a walker, a callback), returned, stored, called without using its
  result, or started with `go`. An error there would turn a loud panic into
  silent success. A literal called where it stands, or through a variable only
  ever called, with the call's result used, is fixed;
- a lock taken or released conditionally before the assertion (inside an `if`
  that does not return, say): the fix could not mirror it;
- a function whose only result is an `error` that is its value rather than a
  failure report (`Err() error`, `Unwrap() error`, `newSyntaxError(...) error`);
- a standard library package that `fmt` itself imports (adding `fmt` there would
  be an import cycle), unless the file already imports it;
- a multiple assignment such as `a, b := x.(T), y`;
- an assertion evaluated conditionally or repeatedly: behind `&&` or `||`, in an
  `else if` or `case` expression, a loop condition or post statement, or in an
  `if`/`switch` header after an init statement;
- after a call, receive or unfixable assertion in the same statement;
- in a function that uses `goto` (a new variable could be jumped over);
- a result type with no writable zero value, an asserted type that cannot be
  quoted in the message, a testing parameter redeclared in the function, or a
  statement sharing its line with another one.
"""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass, field

from gofixer import flow, syntax
from gofixer.analysis import FileContext
from gofixer.codemod import UNSAFE, Finding
from gofixer.edits import Edit, Fix, Import
from gofixer.syntax import Node
from gofixer.zero import zero_value

id = "comma-ok"
summary = "type assertion without the comma-ok form panics on a wrong dynamic type"
safety = UNSAFE
nolint = ("forcetypeassert", "errcheck", "revive")  # golangci-lint linters reporting the same bug
# About 1% true positives on the corpus (docs/corpus-runs.md): opt-in.
default = False


_ASSERTION = re.compile(rb"\.\((?!type\))")
_COMMA_OK_HEAD = re.compile(rb"[ \t]*[\w.]+, *\w+ *:?= *([\w.\[\]()*]*)")
_COMMA_OK_TAIL = re.compile(rb"[^()\n]*\)[ \t]*(?://[^\n]*)?(?:\n|$)")
# The same in an if statement's init: `if a, b := operand.(T); ...`.
_IF_COMMA_OK_HEAD = re.compile(rb"[ \t]*(?:\} else )?if [\w.]+, *\w+ *:?= *([\w.\[\]()*]*)")
_IF_COMMA_OK_TAIL = re.compile(rb"[^()\n;]*\);")


def prefilter(text: bytes) -> bool:
    """A type assertion that may lack the comma-ok form: any `.(` but a type
    switch's `.(type)` and those whose line reads `a, b := operand.(T)` (the whole
    line) or `if a, b := operand.(T); ...` with a plain operand (balanced brackets)
    and a type without parentheses. `sync.Pool` counts too: the pool's setup may
    be what makes a Get assertion in this file exempt."""
    if b"sync.Pool" in text:
        return b".(" in text
    for m in _ASSERTION.finditer(text):
        line = text.rfind(b"\n", 0, m.start()) + 1
        if not (_comma_ok_at(text, line, m, _COMMA_OK_HEAD, _COMMA_OK_TAIL)
                or _comma_ok_at(text, line, m, _IF_COMMA_OK_HEAD, _IF_COMMA_OK_TAIL)):
            return True
    return False


def _comma_ok_at(text: bytes, line: int, m: re.Match, head: re.Pattern, tail: re.Pattern) -> bool:
    """Whether the assertion `m` (its `.(`) reads as the comma-ok form described
    by `head` (from the line's start) and `tail` (after the `.(`)."""
    h = head.fullmatch(text, line, m.start())
    return h is not None and _balanced(h.group(1)) and tail.match(text, m.end()) is not None


def _balanced(operand: bytes) -> bool:
    return operand.count(b"[") == operand.count(b"]") and operand.count(b"(") == operand.count(b")")

options = {"include-pool-get": False}

NO_HANDLER = "no error result or testing.T in scope to report the wrong type"

_PURE_CALLS = frozenset(
    "len cap min max complex real imag new make string bool byte rune int int8 int16 int32 int64 "
    "uint uint8 uint16 uint32 uint64 uintptr float32 float64 complex64 complex128 any".split()
)
_COMMA_OK_SOURCES = frozenset({"type_assertion_expression", "index_expression", "unary_expression"})
_TESTING_TYPES = ("*{}.T", "*{}.B", "*{}.F", "{}.TB")
# Functions whose only result, an error, is what they compute (`Err() error`,
# `Unwrap() error`, `newSyntaxError(...) error`): an error return there would
# be mistaken for the value.
_ERROR_VALUE_FUNC = re.compile(r"(?:Err|Error|Errorf|Unwrap|Cause)$", re.IGNORECASE)


def run(file: FileContext):
    opts = file.options_for(id, options)
    planner = _Planner(file, include_pool_get=bool(opts.get("include-pool-get")))
    sites = [a for a in file.of_type("type_assertion_expression") if planner.wanted(a)]
    sites.sort(key=lambda a: (a.start_byte, a.end_byte))
    for a in sites:
        yield planner.finding(a)


class _NoFix(Exception):
    """Why a site is reported without a fix."""


@dataclass
class _Claim:
    name: str
    block: tuple[int, int]


@dataclass
class _Planner:
    file: FileContext
    include_pool_get: bool
    claims: dict[int, list[_Claim]] = field(default_factory=dict)
    fresh: dict[int, set[str]] = field(default_factory=dict)
    hoisted: set[tuple[int, int]] = field(default_factory=set)
    _pools: set[str] | None = None
    _recovering: dict[int, bool] = field(default_factory=dict)
    _recovering_funcs: dict[str, bool] = field(default_factory=dict)
    _defers: dict[int, list[Node]] | None = None
    _starts: list[int] | None = None  # where the file's type assertions start, sorted

    # ---------------------------------------------------------- selection

    def wanted(self, a: Node) -> bool:
        if _is_comma_ok(a) or _proved(a, self._assertion_starts(), self.file.text) or self._recovered(a):
            return False
        return self.include_pool_get or not self._is_pool_get(a.child_by_field_name("operand"))

    def _assertion_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = sorted(n.start_byte for n in self.file.of_type("type_assertion_expression"))
        return self._starts

    def _recovered(self, a: Node) -> bool:
        """Whether a panic of the assertion is recovered by a function it runs
        in: one that defers a func literal calling recover(), or a function of
        the package that does (a parser turning panics into errors on purpose).
        Func literals run in the frame of the function around them unless
        started with `go` or kept for later."""
        func = syntax.enclosing_function(a)
        while func is not None:
            if self._defers_recover(func):
                return True
            if func.type != "func_literal" or not _runs_inside(func):
                return False
            func = syntax.enclosing_function(func)
        return False

    def _defers_recover(self, func: Node) -> bool:
        key = func.start_byte
        if key not in self._recovering:
            self._recovering[key] = any(self._recovers(d) for d in self._own_defers().get(key, ()))
        return self._recovering[key]

    def _own_defers(self) -> dict[int, list[Node]]:
        """The file's defer statements by the start of the function they are in
        (not one in a func literal inside it): from the file's one search for
        defers, not a search of each function's body."""
        if self._defers is None:
            self._defers = {}
            for d in self.file.of_type("defer_statement"):
                func = syntax.enclosing_function(d)
                if func is not None:
                    self._defers.setdefault(func.start_byte, []).append(d)
        return self._defers

    def _recovers(self, defer: Node) -> bool:
        call = next((c for c in defer.named_children if c.type == "call_expression"), None)
        fn = syntax.unparen(call.child_by_field_name("function")) if call is not None else None
        if fn is None:
            return False
        if fn.type == "func_literal":
            return any(_calls_recover(c) for c in syntax.of_type(fn, "call_expression"))
        if fn.type != "identifier":
            return False
        name = syntax.text(fn)
        if name not in self._recovering_funcs:  # one search of the package per name, not per defer
            head = b"func " + name.encode() + b"("
            body = re.compile(rb"^" + re.escape(head) + rb".*?^}$", re.S | re.M)
            pkg = self.file.package
            texts = pkg.texts() if pkg is not None else [(self.file.path, self.file.text)]
            # A match starts where the plain search finds the header: the regex,
            # tried at every line from the top, is slow.
            self._recovering_funcs[name] = any(
                m is not None and b"recover()" in m.group(0)
                for _, raw in texts for at in [raw.find(head)] if at >= 0 for m in [body.search(raw, at)])
        return self._recovering_funcs[name]

    def _is_pool_get(self, x: Node | None) -> bool:
        x = syntax.unparen(x)
        if x is not None and x.type == "identifier":
            x = _value_set(syntax.text(x), x)
        if x is None or x.type != "call_expression":
            return False
        fn = x.child_by_field_name("function")
        args = x.child_by_field_name("arguments")
        if fn is None or fn.type != "selector_expression" or syntax.text(fn.child_by_field_name("field")) != "Get":
            return False
        if args is None or args.named_child_count:
            return False
        recv = fn.child_by_field_name("operand")
        if "pool" in syntax.text(recv).lower():
            return True
        last = recv.child_by_field_name("field") if recv.type == "selector_expression" else recv
        return syntax.text(last) in self._pool_names()

    def _pool_names(self) -> set[str]:
        if self._pools is None:
            self._pools = self._find_pool_names()
        return self._pools

    def _find_pool_names(self) -> set[str]:
        """Variables and fields this file declares or sets as a sync.Pool."""
        sync = self.file.import_name("sync")
        if not sync:
            return set()
        kinds = {f"{sync}.Pool", f"*{sync}.Pool"}
        names = set()
        kinds_of_interest = ("var_spec", "field_declaration", "parameter_declaration", "short_var_declaration",
                             "assignment_statement")
        for n in syntax.of_type(self.file.root, kinds_of_interest):
            if n.type in ("var_spec", "field_declaration", "parameter_declaration"):
                value = n.child_by_field_name("value")
                if syntax.text(n.child_by_field_name("type")) in kinds or (
                    value is not None and any(_makes_pool(v, kinds) for v in value.named_children)
                ):
                    names.update(syntax.text(c) for c in n.children_by_field_name("name"))
            elif n.type in ("short_var_declaration", "assignment_statement"):
                left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
                if left is not None and right is not None:
                    for target, v in zip(left.named_children, right.named_children):
                        if _makes_pool(v, kinds):
                            last = target.child_by_field_name("field") if target.type == "selector_expression" else target
                            names.add(syntax.text(last))
        return names

    # ---------------------------------------------------------- findings

    def finding(self, a: Node) -> Finding:
        typ = syntax.text(a.child_by_field_name("type"))
        shown = re.sub(r"\s+", " ", typ)
        message = f"type assertion to {shown} panics when the value has another type; use the comma-ok form"
        try:
            fix = self._plan(a)
        except _NoFix as why:
            return Finding(id, a.start_byte, a.end_byte, message, reason=str(why))
        return Finding(id, a.start_byte, a.end_byte, message, fix=fix)

    def _plan(self, a: Node) -> Fix:
        file = self.file
        func = syntax.enclosing_function(a)
        if func is None:
            raise _NoFix(NO_HANDLER)
        decl = syntax.top_level_declaration(a)
        stmt = syntax.enclosing_statement(a)
        if stmt is None:
            raise _NoFix(NO_HANDLER)
        handler = self._handler(a, func)
        if file.text.find(b"goto", decl.start_byte, decl.end_byte) >= 0 and any(
                True for _ in syntax.of_type(decl, "goto_statement")):
            raise _NoFix("the function uses goto, which a new variable could break")
        typ = syntax.text(a.child_by_field_name("type"))
        if re.search(r'["`\\%\n]', typ):
            raise _NoFix("the asserted type cannot be quoted in the message")
        x = a.child_by_field_name("operand")
        handler.unlocks = _held_locks(stmt, func)
        as_error = _is_error_operand(x, func)
        shape = _shape(a, stmt)
        if shape == "multi":
            raise _NoFix("type assertion in a multiple assignment")
        if shape == "assign" and (as_error or not self._plain_local(stmt, decl)):
            shape = "hoist"
        if as_error and shape in ("short", "var") and not _new_names(stmt, shape):
            shape = "hoist"
        if shape == "hoist":
            self._check_order(a, stmt)
        declared = _new_names(stmt, shape)
        save = _has_effects(x) or syntax.mentions(x, declared) or "\n" in syntax.text(x)
        # The message is built after the unlocks: it must not read shared state.
        save = save or bool(handler.unlocks) and not _is_local(x, func)
        key = decl.start_byte
        taken = self.fresh.setdefault(key, set())
        val = file.free_name(a, "val", taken) if save else None
        if val:
            taken.add(val)
        tmp = None
        if shape == "hoist":
            tmp = self._result_name(a, taken)
            taken.add(tmp)
        xarg = val or syntax.text(x)
        what = _describe(x)
        if as_error:
            target = tmp or sorted(declared)[0]
            lines, imports = handler.as_lines(file, a, target, typ, xarg, what)
            ok = existing = None
        else:
            ok, existing = self._ok_name(a, stmt, decl, shape)
            lines, imports = handler.lines(file, a, ok, typ, xarg, what)
        # errors.As names the target in its own check: that use is meant.
        clash = declared & _identifiers("\n".join(lines[1:] if as_error else lines))
        if as_error:
            clash = clash - {target}
        if clash:
            raise _NoFix(f"the new variable {sorted(clash)[0]} would hide a name the not-ok branch uses")
        if as_error:
            edits = self._as_edits(a, stmt, shape, x, val, tmp, typ, lines)
            summary_ = f"check the error's type {typ} with errors.As, keeping the error"
        else:
            edits = self._edits(a, stmt, shape, x, val, tmp, ok, existing, typ, lines)
            summary_ = f"check the type assertion to {typ} with the comma-ok form"
        if shape == "hoist":
            self.hoisted.add((a.start_byte, a.end_byte))
        return Fix(edits, imports, summary_)

    def _result_name(self, a: Node, taken: set[str]) -> str:
        """A name for a hoisted assertion's result as a type switch would name it
        (`s` for a string, `n` for an int, the first letter of a named type), else
        `v`, else the first free of `v2`..`v8`, else the next free numbered one."""
        for name in [*_short_names(a.child_by_field_name("type")), "v", *(f"v{i}" for i in range(2, 9))]:
            if name not in taken and not self.file.is_taken(name, a):
                return name
        return self.file.free_name(a, "v", taken)

    # ---------------------------------------------------------- handlers

    def _handler(self, a: Node, func: Node) -> "_Handler":
        results = syntax.results(func)
        if results and results[-1][1] is not None and syntax.text(results[-1][1]) == "error":
            if len(results) == 1 and _ERROR_VALUE_FUNC.search(syntax.function_name(func)):
                raise _NoFix("the function's error result is its value, not a failure report")
            if func.type == "func_literal":
                why = _error_lost(func)
                if why:
                    raise _NoFix(why)
            zeros = []
            for _, t in results[:-1]:
                z = zero_value(t, self.file)
                if z is None:
                    raise _NoFix(f"no zero value known for result type {syntax.text(t)}")
                zeros.append(z)
            declared = syntax.declared_names(syntax.top_level_declaration(a))
            hidden = declared & _identifiers(" ".join(zeros))
            if hidden:
                raise _NoFix(f"a local variable hides the result type {sorted(hidden)[0]}")
            if self.file.import_name("fmt") is None and _below_fmt(self.file):
                raise _NoFix("fmt cannot be imported here: it depends on this package")
            return _Handler(zeros=zeros)
        t = self._testing_param(a)
        if t is None:
            raise _NoFix(NO_HANDLER)
        return _Handler(t_name=t)

    def _testing_param(self, a: Node) -> str | None:
        testing = self.file.import_name("testing")
        if not testing:
            return None
        kinds = {k.format(testing) for k in _TESTING_TYPES}
        cur = syntax.enclosing_function(a)
        while cur is not None:
            for name, typ in syntax.parameters(cur):
                if name and name != "_" and syntax.text(typ) in kinds:
                    if _shadowed(name, a, cur):
                        raise _NoFix(f"the testing parameter {name} is redeclared in the function")
                    return name
            if cur.type != "func_literal" or not _called_in_place(cur):
                return None
            cur = syntax.enclosing_function(cur)
        return None

    # ---------------------------------------------------------- shapes

    def _plain_local(self, stmt: Node, decl: Node) -> bool:
        """`v = x.(T)` may become `v, ok = x.(T)` when v is `_` or a local variable
        nothing else can see being set to the zero value on the failing path."""
        target = syntax.text(stmt.child_by_field_name("left").named_children[0])
        if target == "_":
            return True
        if target not in syntax.declared_names(decl):
            return False
        return not any(syntax.mentions(lit, {target}) for lit in syntax.of_type(decl, "func_literal"))

    def _check_order(self, a: Node, stmt: Node) -> None:
        child = a
        for p in syntax.ancestors(a):
            fld = _field_of(p, child)
            if p.type == "binary_expression" and syntax.text(p.child_by_field_name("operator")) in ("&&", "||"):
                if fld == "right":
                    raise _NoFix("the assertion is only evaluated after && or ||")
            elif p.type in ("if_statement", "expression_switch_statement", "type_switch_statement"):
                has_init = p.child_by_field_name("initializer") is not None
                if not (fld == "initializer" or (fld in ("condition", "value") and not has_init)):
                    raise _NoFix("the assertion is evaluated conditionally in a statement header")
            elif p.type == "for_clause":
                if fld != "initializer":
                    raise _NoFix("the assertion is evaluated repeatedly in a loop header")
            elif p.type == "range_clause":
                if fld != "right":
                    raise _NoFix("the assertion is evaluated repeatedly in a loop header")
            elif p.type == "for_statement":
                if child.type not in ("for_clause", "range_clause"):
                    raise _NoFix("the assertion is evaluated repeatedly in a loop header")
            elif p.type in ("select_statement", "communication_case", "expression_case", "type_case",
                            "default_case", "block", "statement_list"):
                raise _NoFix("the assertion is evaluated conditionally in a statement header")
            elif p.type == "var_declaration":
                first = syntax.specs(p, "var_spec")[0]
                if not first.start_byte <= a.start_byte < first.end_byte:
                    raise _NoFix("moving the assertion would change the order of evaluation")
            if p == stmt:
                break
            child = p
        for n in syntax.walk(stmt, into_functions=False):
            if n.end_byte > a.start_byte:
                continue
            # An earlier assertion hoisted by this pass takes its operand's calls
            # with it, to before this one: their order is kept.
            if any(s <= n.start_byte and n.end_byte <= e for s, e in self.hoisted):
                continue
            if _effect(n, self.hoisted):
                raise _NoFix("moving the assertion would change the order of evaluation")

    def _ok_name(self, a: Node, stmt: Node, decl: Node, shape: str) -> tuple[str, bool]:
        """The name for the new bool, and whether it already exists in the block
        (a comma-ok bool of the same block: assigned, not declared)."""
        block = stmt.parent
        region = (block.start_byte, block.end_byte)
        # Forms whose `:=` also declares another new name work whether or not an
        # earlier fix of this pass declared the same ok in the block.
        partner_new = shape in ("short", "hoist")
        claims = self.claims.setdefault(decl.start_byte, [])
        state = _ok_state("ok", stmt, decl)
        if state == "existing" and shape == "var":
            state = None
        if state is not None and any(c.name == "ok" and c.block == region for c in claims) and not partner_new:
            state = None
        if state is None:
            taken = self.fresh.setdefault(decl.start_byte, set()) | {c.name for c in claims}
            name = self.file.free_name(a, "ok", taken)
            self.fresh[decl.start_byte].add(name)
            state = "new"
        else:
            name = "ok"
        claims.append(_Claim(name, region))
        return name, state == "existing"

    def _edits(self, a, stmt, shape, x, val, tmp, ok, existing, typ, lines) -> list[Edit]:
        src = self.file.text
        before: list[str] = []
        edits: list[Edit] = []
        if val:
            before.append(f"{val} := {syntax.text(x)}")
            if shape != "hoist":
                edits.append(Edit(x.start_byte, x.end_byte, val.encode()))
        if shape == "hoist":
            operand = val or syntax.text(x)
            before.append(f"{tmp}, {ok} := {operand}.({typ})")
            before.extend(lines)
            edits.append(Edit(a.start_byte, a.end_byte, tmp.encode()))
        else:
            if shape == "short":
                left = stmt.child_by_field_name("left")
                edits.append(Edit(left.end_byte, left.end_byte, f", {ok}".encode()))
            elif shape == "var":
                spec = syntax.specs(stmt, "var_spec")[0]
                name = spec.children_by_field_name("name")[-1]
                edits.append(Edit(name.end_byte, name.end_byte, f", {ok}".encode()))
            elif shape == "assign":
                left = stmt.child_by_field_name("left")
                op = stmt.child_by_field_name("operator")
                edits.append(Edit(left.end_byte, left.end_byte, f", {ok}".encode()))
                if syntax.text(left) == "_" and not existing:
                    edits.append(Edit(op.start_byte, op.end_byte, b":="))
                elif not existing:
                    before.insert(0, f"var {ok} bool")
            after = syntax.insert_after(src, stmt, lines)
            if after is None:
                raise _NoFix("another statement shares the line")
            edits.append(after)
        if before:
            ins = syntax.insert_before(src, stmt, before)
            if ins is None:
                raise _NoFix("another statement shares the line")
            edits.append(ins)
        return edits  # the pipeline realigns the columns around them (gofixer/align.py)

    def _as_edits(self, a, stmt, shape, x, val, tmp, typ, lines) -> list[Edit]:
        """`v := err.(T)` becomes `var v T` and an errors.As check; elsewhere the
        check goes before the statement and the assertion becomes its target."""
        src = self.file.text
        before = [f"{val} := {syntax.text(x)}"] if val else []
        if shape == "hoist":
            edits = [Edit(a.start_byte, a.end_byte, tmp.encode())]
            ins = syntax.insert_before(src, stmt, [*before, *lines])
            if ins is None:
                raise _NoFix("another statement shares the line")
            edits.append(ins)
        else:
            # The statement declared only the target, which `var` now declares.
            if not syntax.starts_line(src, stmt) or syntax.insert_after(src, stmt, []) is None:
                raise _NoFix("another statement shares the line")
            edits = [Edit(stmt.start_byte, stmt.end_byte, lines[0].encode())]
            after = syntax.insert_after(src, stmt, lines[1:])
            if after is None:
                raise _NoFix("another statement shares the line")
            edits.append(after)
            if before:
                edits.append(syntax.insert_before(src, stmt, before))
        return edits


@dataclass
class _Handler:
    """The not-ok branch: an error return or a test failure, after releasing the
    locks the function holds there."""

    zeros: list[str] | None = None
    t_name: str | None = None
    unlocks: list[str] = field(default_factory=list)

    def lines(self, file: FileContext, at: Node, ok: str, typ: str, xarg: str, what: str
              ) -> tuple[list[str], list[Import]]:
        """`if !ok { ... }` for `v, ok := x.(T)`."""
        message = f'"unexpected type %T for {_quoted(what)}, want {typ}", {xarg}'
        return self._branch(file, at, f"!{ok}", message, [])

    def as_lines(self, file: FileContext, at: Node, target: str, typ: str, xarg: str, what: str
                 ) -> tuple[list[str], list[Import]]:
        """`var target T` and `if !errors.As(x, &target) { ... }` for an error
        operand: the error returned wraps the original one, so `errors.Is` still
        finds it."""
        errors, imports = file.package_ref("errors", at)
        verb = "%v" if self.t_name is not None else "%w"
        message = f'"unexpected error type %T for {_quoted(what)}, want {typ}: {verb}", {xarg}, {xarg}'
        lines, more = self._branch(file, at, f"!{errors}.As({xarg}, &{target})", message, imports)
        return [f"var {target} {typ}", *lines], more

    def _branch(self, file: FileContext, at: Node, cond: str, message: str, imports: list[Import]
                ) -> tuple[list[str], list[Import]]:
        body = [f"\t{u}" for u in self.unlocks]
        if self.t_name is not None:
            body.append(f"\t{self.t_name}.Fatalf({message})")
        else:
            fmt, more = file.package_ref("fmt", at)
            imports = [*imports, *more]
            body.append(f"\treturn {', '.join([*(self.zeros or []), f'{fmt}.Errorf({message})'])}")
        return [f"if {cond} {{", *body, "}"], imports


# ---------------------------------------------------------------- what the branch must respect

_LOCKS = {"Lock": "Unlock", "RLock": "RUnlock"}
_UNLOCKS = {v: k for k, v in _LOCKS.items()}


def _held_locks(stmt: Node, func: Node) -> list[str]:
    """The unlock calls a not-ok branch at `stmt` must make before it leaves:
    for each `m.Lock()` (or `RLock`) in a statement before it on the path from the
    function's body, not yet released by `m.Unlock()` nor covered by a deferred
    unlock, the matching unlock, innermost first. A lock taken or released
    conditionally before it (inside another statement) cannot be mirrored."""
    levels = []
    child = stmt
    for p in syntax.ancestors(stmt):
        if p == func:
            break
        if p.type == "statement_list":
            levels.append([s for s in p.named_children if s.end_byte <= child.start_byte])
        child = p
    held: list[tuple[str, str]] = []
    for before in reversed(levels):
        for s in before:
            call = _lock_call(s)
            if call is not None:
                recv, method = call
                if method in _LOCKS:
                    held.append((recv, _LOCKS[method]))
                elif (recv, method) in held:
                    held.remove((recv, method))
            elif s.type == "defer_statement":
                for recv, method in _lock_calls(s, into_functions=True):
                    if (recv, method) in held:
                        held.remove((recv, method))
            elif not _balanced_locks(s):
                raise _NoFix("a lock is taken or released conditionally before the assertion; "
                             "returning there could leave it held")
    return [f"{recv}.{method}()" for recv, method in reversed(held)]


def _lock_call(s: Node) -> tuple[str, str] | None:
    """(receiver, method) when `s` is the statement `m.Lock()` or a related call."""
    if s.type != "expression_statement" or s.named_child_count != 1:
        return None
    calls = _lock_calls(s, into_functions=False)
    if len(calls) == 1 and s.named_children[0].type == "call_expression" and \
            calls[0] == _call_parts(s.named_children[0]):
        return calls[0]
    return None


def _lock_calls(n: Node, into_functions: bool) -> list[tuple[str, str]]:
    out = []
    for c in syntax.of_type(n, "call_expression", into_functions=into_functions):
        parts = _call_parts(c)
        if parts is not None:
            out.append(parts)
    return out


def _call_parts(call: Node) -> tuple[str, str] | None:
    fn = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    if fn is None or fn.type != "selector_expression" or args is None or args.named_child_count:
        return None
    method = syntax.text(fn.child_by_field_name("field"))
    if method not in _LOCKS and method not in _UNLOCKS:
        return None
    return re.sub(r"\s+", "", syntax.text(fn.child_by_field_name("operand"))), method


def _balanced_locks(s: Node) -> bool:
    """Whether every lock taken inside compound statement `s` (outside func
    literals) is released inside it too."""
    if b"ock" not in (s.text or b""):  # no Lock, RLock, Unlock or RUnlock call: no query for calls
        return True
    count: dict[tuple[str, str], int] = {}
    for call in syntax.of_type(s, "call_expression", into_functions=False):
        parts = _call_parts(call)
        if parts is None or _in_leaving_block(call, s):
            continue
        recv, method = parts
        key = (recv, _LOCKS.get(method, method))
        count[key] = count.get(key, 0) + (1 if method in _LOCKS else -1)
    return not any(count.values())


def _in_leaving_block(n: Node, top: Node) -> bool:
    """Whether `n` is in a block inside `top` that ends by returning (or in a
    call that does not return): its locks do not reach what follows `top`."""
    for p in syntax.ancestors(n):
        if p == top:
            return False
        if p.type == "statement_list" and p.named_children:
            last = p.named_children[-1]
            if last.type == "return_statement" or flow.is_no_return(last):
                return True
    return False


def _error_lost(lit: Node) -> str | None:
    """Why an error returned from func literal `lit` might never reach anyone
    (then a panic would turn into silent success), or None when it provably
    does: the literal is called where it stands, or through a variable only
    ever called, and the call's result is used."""
    p = lit.parent
    while p is not None and p.type == "parenthesized_expression":
        p = p.parent
    if p is not None and p.type == "call_expression" and syntax.unparen(p.child_by_field_name("function")) == lit:
        return None if _result_used(p) else "the func literal's error result is discarded where it is called"
    holder = syntax.sole_right_side(lit)
    if holder is not None and len(holder[1]) == 1 and holder[1][0].type == "identifier" and \
            (holder[0].type == "short_var_declaration" or holder[0].type == "var_spec"):
        name = syntax.text(holder[1][0])
        scope = syntax.enclosing_function(lit)
        if scope is None:
            return f"the func literal is the package variable {name}, and who calls it may discard its error"
        uses = [n for n in syntax.of_type(scope, "identifier")
                if syntax.text(n) == name and n.start_byte >= lit.end_byte]
        for use in uses:
            call = use.parent
            if call is None or call.type != "call_expression" or call.child_by_field_name("function") != use:
                return f"the func literal in {name} is used as a value, and who calls it may discard its error"
            if not _result_used(call):
                return f"a call of {name} discards the error result"
        if uses:
            return None
    callee = _callee(p)
    if callee:
        return f"the func literal is passed to {callee}, which may discard the error it returns"
    if p is not None and p.type == "expression_list" and p.parent is not None and p.parent.type == "return_statement":
        return "the func literal is returned, and whoever calls it may discard the error it returns"
    return "the func literal's error result is not known to reach a caller"


def _callee(arg_parent: Node | None) -> str | None:
    if arg_parent is not None and arg_parent.type == "argument_list" and arg_parent.parent is not None:
        return re.sub(r"\s+", "", syntax.text(arg_parent.parent.child_by_field_name("function")))
    return None


def _result_used(call: Node) -> bool:
    """Whether the value of `call` goes anywhere: not a statement of its own, not
    a go or defer, not assigned to `_` alone."""
    p = call.parent
    while p is not None and p.type == "parenthesized_expression":
        p = p.parent
    if p is None or p.type in ("expression_statement", "go_statement", "defer_statement"):
        return False
    holder = syntax.sole_right_side(call)
    return holder is None or any(syntax.text(n) != "_" for n in holder[1])


_ERROR_NAME = re.compile(r"^err$|^err[A-Z0-9_]\w*$|^\w+Err$")


def _is_error_operand(x: Node, func: Node) -> bool:
    """Whether the asserted operand is an `error` value: a variable named like
    one (`err`, `err2`, `parseErr`) whose every declaration in the functions
    around it says so: a parameter, result or var of type `error`, or the last
    value of a call (`v, err := f()`) other than `recover()`."""
    x = syntax.unparen(x)
    if x is None or x.type != "identifier" or not _ERROR_NAME.match(syntax.text(x)):
        return False
    name = syntax.text(x)
    found = False
    for scope in [func, *syntax.ancestors(func)]:
        if scope.type not in syntax.FUNCTION_TYPES:
            continue
        for typ in _typed_declarations(scope, name):
            if syntax.text(typ) != "error":
                return False
            found = True
        for n in syntax.of_type(scope, ("short_var_declaration", "assignment_statement")):
            left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
            names = [syntax.text(c) for c in left.named_children] if left is not None else []
            if name not in names:
                continue
            values = right.named_children if right is not None else []
            last = syntax.unparen(values[-1]) if values else None
            if len(values) != 1 or names[-1] != name or last is None or last.type != "call_expression" or \
                    syntax.text(last.child_by_field_name("function")) == "recover":
                return False
            found = True
        if scope.type != "func_literal":
            break
    return found


def _typed_declarations(func: Node, name: str) -> list[Node]:
    """The types of the parameters, results and typed vars named `name` in `func`."""
    out = [t for n, t in [*syntax.parameters(func), *syntax.results(func)] if n == name]
    for spec in syntax.of_type(func, "var_spec", into_functions=False):
        if name in {syntax.text(c) for c in spec.children_by_field_name("name")}:
            t = spec.child_by_field_name("type")
            if t is None:
                out.append(spec)  # untyped: its type is not known here
            else:
                out.append(t)
    return out


def _is_local(x: Node, func: Node) -> bool:
    """A variable declared in the function (or a parameter of it)."""
    x = syntax.unparen(x)
    return x is not None and x.type == "identifier" and syntax.text(x) in syntax.declared_names(func)


def _describe(x: Node) -> str:
    """How the message names what was asserted: the operand as written, or for a
    long one the key, field or function it ends in."""
    text = re.sub(r"\s+", " ", syntax.text(x)).strip()
    if len(text) <= 40:
        return text
    n = syntax.unparen(x)
    if n is not None and n.type == "index_expression":
        key = re.sub(r"\s+", " ", syntax.text(n.child_by_field_name("index")))
        if len(key) <= 40:
            return f"key {key}"
    if n is not None and n.type == "call_expression":
        n = syntax.unparen(n.child_by_field_name("function"))
        if n is not None and n.type == "identifier":
            return f"the result of {syntax.text(n)}"
        if n is not None and n.type == "selector_expression":
            return f"the result of {syntax.text(n.child_by_field_name('field'))}"
    if n is not None and n.type == "selector_expression":
        return f"field {syntax.text(n.child_by_field_name('field'))}"
    return "the value"


def _quoted(text: str) -> str:
    """`text` inside a Go interpreted string that is also a format string."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%")


# ---------------------------------------------------------------- proofs
#
# An assertion that cannot fail is not a finding: a type switch case, an
# ok-check or a guard on the same operand has already established the type,
# and nothing assigned to the operand in between.

_ASSIGNING = ("assignment_statement", "short_var_declaration", "inc_statement", "dec_statement", "range_clause",
              "var_spec", "receive_statement")
_STABLE_TYPES = frozenset({"identifier", "selector_expression", "field_identifier", "index_expression",
                           "parenthesized_expression", "interpreted_string_literal", "raw_string_literal",
                           "interpreted_string_literal_content", "escape_sequence", "int_literal", "rune_literal",
                           "true", "false", "nil"})


def _proved(a: Node, starts: list[int], text: bytes) -> bool:
    """Whether the assertion is proved by a type switch case, an ok-check or a
    guard on the same operand, unchanged since. `starts`: where the file's
    type assertions start, sorted; `text`: the file's."""
    x = syntax.unparen(a.child_by_field_name("operand"))
    if x is None or not _stable(x):
        return False
    want = (_compact(x), _compact(a.child_by_field_name("type")))
    func = syntax.enclosing_function(a)
    # Every fact is about an operand written like this one, in the function's
    # body before the assertion: without its first word there, there is none.
    lead = _LEADING_WORD.match(want[0])
    body = func.child_by_field_name("body") if func is not None else None
    if lead and text.find(lead.group().encode(), body.start_byte if body is not None else 0, a.start_byte) < 0:
        return False
    names = {syntax.text(n) for n in syntax.of_type(x, "identifier")}
    child = a
    for p in syntax.ancestors(a):
        if p.type in syntax.FUNCTION_TYPES:
            return False
        for fact, since in _facts(p, child, a, starts):
            if fact == want and not _assigned_between(func, names, since, a):
                return True
        child = p
    return False


_LEADING_WORD = re.compile(r"\w+")


def _stable(x: Node) -> bool:
    """An operand that names the same value each time it is evaluated, unless
    assigned: no calls, receives or conversions."""
    return all(n.type in _STABLE_TYPES for n in syntax.walk(x) if n.is_named)


def _compact(n: Node | None) -> str:
    return _SPACES.sub("", syntax.text(syntax.unparen(n)))


_SPACES = re.compile(r"\s+")


def _facts(p: Node, child: Node, a: Node, starts: list[int]):
    """(operand, type) pairs known to hold at `a` inside `child`, a child of `p`,
    with the offset after which the operand must not be assigned: by a type
    switch case, an ok bool known true, or an assertion without comma-ok that
    was evaluated before (had it failed, `a` would never be reached)."""
    if p.type == "type_case" and child.type == "statement_list":
        switch = p.parent
        value = switch.child_by_field_name("value") if switch is not None else None
        types = p.children_by_field_name("type")
        if value is not None and len(types) == 1:
            yield (_compact(value), _compact(types[0])), value.end_byte
    elif p.type == "if_statement":
        fld = _field_of(p, child)
        cond = p.child_by_field_name("condition")
        if fld in ("consequence", "alternative"):
            yield from _asserted(_evaluated(p.child_by_field_name("initializer"), starts))
        if fld == "consequence":
            yield from _ok_facts(_operands(cond, "&&"), p)
            yield from _asserted(x for c in _operands(cond, "&&") for x in _evaluated(c, starts))
        elif fld == "alternative":
            yield from _ok_facts(_negated(_operands(cond, "||")), p)
            yield from _asserted(x for c in _operands(cond, "||") for x in _evaluated(c, starts))
    elif p.type == "binary_expression" and _field_of(p, child) == "right":
        left, op = p.child_by_field_name("left"), syntax.text(p.child_by_field_name("operator"))
        if op in ("&&", "||"):
            yield from _asserted(x for c in _operands(left, op) for x in _evaluated(c, starts))
        if op == "&&":
            yield from _ok_facts(_operands(left, "&&"), p)
        elif op == "||":
            yield from _ok_facts(_negated(_operands(left, "||")), p)
    elif p.type == "statement_list":
        for s in p.named_children:
            if s.start_byte >= child.start_byte:
                break
            yield from _asserted(_evaluated(s, starts))
            yield from _constructed(s)
            if s.type == "if_statement" and s.child_by_field_name("alternative") is None and _leaves(s):
                disjuncts = _operands(s.child_by_field_name("condition"), "||")
                yield from _ok_facts(_negated(disjuncts), s)
                yield from _asserted(x for c in disjuncts for x in _evaluated(c, starts))
        yield from _asserted(x for x in _evaluated(child, starts) if x.end_byte <= a.start_byte)


def _constructed(s: Node):
    """`x = &T{...}`, `x := T{...}` or `x = new(T)`: x holds a T (or *T) by
    construction."""
    if s.type not in ("assignment_statement", "short_var_declaration"):
        return
    left, right = s.child_by_field_name("left"), s.child_by_field_name("right")
    if left is None or right is None or left.named_child_count != 1 or right.named_child_count != 1:
        return
    target, value = left.named_children[0], syntax.unparen(right.named_children[0])
    if target.type != "identifier" or value is None:
        return
    pointer = value.type == "unary_expression" and syntax.text(value.child_by_field_name("operator")) == "&"
    if pointer:
        value = syntax.unparen(value.child_by_field_name("operand"))
    if value is not None and value.type == "composite_literal":
        typ = _compact(value.child_by_field_name("type"))
    elif not pointer and value is not None and value.type == "call_expression" and \
            syntax.text(value.child_by_field_name("function")) == "new":
        args = value.child_by_field_name("arguments")
        if args is None or args.named_child_count != 1:
            return
        typ, pointer = _compact(args.named_children[0]), True
    else:
        return
    yield (syntax.text(target), ("*" if pointer else "") + typ), s.end_byte


def _asserted(assertions):
    """Facts from assertions without comma-ok that were evaluated and did not panic."""
    for x in assertions:
        operand = syntax.unparen(x.child_by_field_name("operand"))
        if operand is not None and _stable(operand):
            yield (_compact(operand), _compact(x.child_by_field_name("type"))), x.end_byte


# Nodes whose parts run later, repeatedly or only on some paths.
_DEFERRED_PARTS = frozenset({"func_literal", "block", "statement_list", "for_statement", "select_statement",
                             "type_switch_statement", "expression_case", "type_case", "default_case",
                             "communication_case", "labeled_statement"})


def _evaluated(n: Node | None, starts: list[int]):
    """The assertions without comma-ok evaluated whenever `n` is: not inside
    func literals, blocks, loops, cases, or behind && and ||. `starts` (where
    the file's assertions start, sorted) spares walking a part that holds none."""
    if n is None or n.type in _DEFERRED_PARTS:
        return
    i = bisect.bisect_left(starts, n.start_byte)
    if i == len(starts) or starts[i] >= n.end_byte:
        return
    if n.type == "type_assertion_expression" and not _is_comma_ok(n):
        yield n
    if n.type == "binary_expression" and syntax.text(n.child_by_field_name("operator")) in ("&&", "||"):
        yield from _evaluated(n.child_by_field_name("left"), starts)
        return
    if n.type == "if_statement":
        yield from _evaluated(n.child_by_field_name("initializer"), starts)
        yield from _evaluated(n.child_by_field_name("condition"), starts)
        return
    if n.type == "expression_switch_statement":
        yield from _evaluated(n.child_by_field_name("initializer"), starts)
        yield from _evaluated(n.child_by_field_name("value"), starts)
        return
    for c in n.named_children:
        yield from _evaluated(c, starts)


def _operands(cond: Node | None, op: str) -> list[Node]:
    """The operands of a chain of `op` (&& or ||)."""
    cond = syntax.unparen(cond)
    if cond is None:
        return []
    if cond.type == "binary_expression" and syntax.text(cond.child_by_field_name("operator")) == op:
        return _operands(cond.child_by_field_name("left"), op) + _operands(cond.child_by_field_name("right"), op)
    return [cond]


def _negated(disjuncts: list[Node]) -> list[Node]:
    """From disjuncts known false, the identifiers `b` of those written `!b`, known true."""
    out = []
    for d in disjuncts:
        if d.type == "unary_expression" and syntax.text(d.child_by_field_name("operator")) == "!":
            inner = syntax.unparen(d.child_by_field_name("operand"))
            if inner is not None:
                out.append(inner)
    return out


def _ok_facts(trues: list[Node], at: Node):
    """The assertions that bools known true at `at` are the ok results of."""
    for b in trues:
        if b.type != "identifier":
            continue
        binding = _ok_binding(syntax.text(b), at)
        if binding is None:
            continue
        stmt, assertion = binding
        operand = syntax.unparen(assertion.child_by_field_name("operand"))
        if operand is None or not _stable(operand):
            continue
        if _assigned_between(syntax.enclosing_function(at), {syntax.text(b)}, stmt.end_byte, at):
            continue
        yield (_compact(operand), _compact(assertion.child_by_field_name("type"))), stmt.end_byte


def _ok_binding(name: str, at: Node) -> tuple[Node, Node] | None:
    """The nearest statement before `at` that sets bool `name`, when it is the ok
    of a comma-ok assertion (`v, name := x.(T)`): that statement and assertion."""
    stmt = _setter(name, at)
    return None if stmt is None else _comma_ok_of(stmt, name)


def _setter(name: str, at: Node) -> Node | None:
    """The nearest statement before `at` in its function that sets `name`: a
    statement header's init statement or a statement of an enclosing block."""
    child = at
    for p in [at, *syntax.ancestors(at)]:
        if p.type in syntax.FUNCTION_TYPES:
            return None
        if p.type in ("if_statement", "expression_switch_statement", "type_switch_statement", "for_clause"):
            init = p.child_by_field_name("initializer")
            if init is not None and init != child and _sets(init, name):
                return init
        if p.type == "statement_list":
            for s in reversed(p.named_children):
                if s.start_byte >= child.start_byte:
                    continue
                if _sets(s, name):
                    return s
        child = p
    return None


def _value_set(name: str, at: Node) -> Node | None:
    """The value the nearest earlier `name := v` (or `name = v`) sets, when
    nothing assigns `name` between it and `at`."""
    stmt = _setter(name, at)
    if stmt is None or stmt.type not in ("short_var_declaration", "assignment_statement"):
        return None
    left, right = stmt.child_by_field_name("left"), stmt.child_by_field_name("right")
    if left.named_child_count != 1 or right is None or right.named_child_count != 1:
        return None
    if _assigned_between(syntax.enclosing_function(at), {name}, stmt.end_byte, at):
        return None
    return right.named_children[0]


def _sets(stmt: Node, name: str) -> bool:
    if stmt.type in ("short_var_declaration", "assignment_statement"):
        left = stmt.child_by_field_name("left")
        return left is not None and any(syntax.text(c) == name for c in left.named_children)
    if stmt.type == "var_declaration":
        return any(name in {syntax.text(n) for n in s.children_by_field_name("name")}
                   for s in syntax.specs(stmt, "var_spec"))
    return False


def _comma_ok_of(stmt: Node, name: str) -> tuple[Node, Node] | None:
    if stmt.type == "var_declaration":
        specs = [s for s in syntax.specs(stmt, "var_spec")
                 if name in {syntax.text(n) for n in s.children_by_field_name("name")}]
        if len(specs) != 1:
            return None
        left, right = specs[0].children_by_field_name("name"), specs[0].child_by_field_name("value")
    else:
        left, right = stmt.child_by_field_name("left").named_children, stmt.child_by_field_name("right")
    if right is None or len(left) != 2 or syntax.text(left[1]) != name or right.named_child_count != 1:
        return None
    value = syntax.unparen(right.named_children[0])
    if value is None or value.type != "type_assertion_expression":
        return None
    return stmt, value


def _leaves(s: Node) -> bool:
    """An if statement whose consequence never falls through to what follows:
    it ends in a return, break, continue, goto or a call that does not return."""
    body = syntax.statements(s.child_by_field_name("consequence"))
    if not body:
        return False
    last = body[-1]
    return last.type in ("return_statement", "break_statement", "continue_statement", "goto_statement") or \
        flow.is_no_return(last)


def _assigned_between(func: Node | None, names: set[str], start: int, at: Node) -> bool:
    """Whether something that runs after offset `start` and before `at` in `func`
    assigns one of `names` (or a field or element of it), declares it anew, or
    takes its address. An assignment around `at` runs after it, unless a loop
    between `start` and `at` brings control back to `at`: then anything in
    that loop counts."""
    if func is None:
        return True
    loops = [p for p in syntax.ancestors(at) if p.type == "for_statement" and p.start_byte >= start
             and func.start_byte <= p.start_byte]
    end = max([at.start_byte, *(p.end_byte for p in loops)])
    for n in syntax.of_type(func, (*_ASSIGNING, "unary_expression")):
        if n.start_byte < start or n.start_byte >= end:
            continue
        if not loops and n.end_byte > at.start_byte:
            continue
        if n.type == "unary_expression":
            if syntax.text(n.child_by_field_name("operator")) == "&" and _root_name(n.child_by_field_name("operand")) in names:
                return True
            continue
        targets = n.children_by_field_name("name") if n.type == "var_spec" else [n.child_by_field_name("left")]
        if n.type in ("inc_statement", "dec_statement"):
            targets = n.named_children[:1]
        for t in targets:
            if t is None:
                continue
            parts = t.named_children if t.type == "expression_list" else [t]
            if any(_root_name(e) in names for e in parts):
                return True
    return False


def _root_name(e: Node | None) -> str | None:
    """The variable an assignable expression belongs to: `s` for `s.a[i].b`, `*p`."""
    e = syntax.unparen(e)
    while e is not None:
        if e.type == "identifier":
            return syntax.text(e)
        if e.type in ("selector_expression", "index_expression", "slice_expression"):
            e = syntax.unparen(e.child_by_field_name("operand"))
        elif e.type == "unary_expression":
            e = syntax.unparen(e.child_by_field_name("operand"))
        else:
            return None
    return None


# ---------------------------------------------------------------- tree helpers


def _is_comma_ok(a: Node) -> bool:
    n = a
    while n.parent is not None and n.parent.type == "parenthesized_expression":
        n = n.parent
    assignment = syntax.sole_right_side(n)
    return assignment is not None and len(assignment[1]) == 2


def _makes_pool(value: Node, kinds: set[str]) -> bool:
    """`sync.Pool{...}`, `&sync.Pool{...}` or `new(sync.Pool)`."""
    v = syntax.unparen(value)
    if v is not None and v.type == "unary_expression" and syntax.text(v.child_by_field_name("operator")) == "&":
        v = syntax.unparen(v.child_by_field_name("operand"))
    if v is None:
        return False
    if v.type == "composite_literal":
        return syntax.text(v.child_by_field_name("type")) in kinds
    if v.type == "call_expression" and syntax.text(v.child_by_field_name("function")) == "new":
        args = v.child_by_field_name("arguments")
        return args is not None and args.named_child_count == 1 and syntax.text(args.named_children[0]) in kinds
    return False


def _shape(a: Node, stmt: Node) -> str:
    """short (`v := x.(T)`), var (`var v = x.(T)`), assign (`v = x.(T)`), multi (a
    multiple assignment) or hoist (anything else)."""
    if stmt.type in ("short_var_declaration", "assignment_statement"):
        left, right = stmt.child_by_field_name("left"), stmt.child_by_field_name("right")
        if left is None or right is None:
            return "hoist"
        if left.named_child_count > 1 and right.named_child_count > 1:
            return "multi"
        if right.named_children == [a] and left.named_child_count == 1:
            if stmt.type == "short_var_declaration":
                return "short"
            if syntax.text(stmt.child_by_field_name("operator")) == "=" and left.named_children[0].type == "identifier":
                return "assign"
        return "hoist"
    if stmt.type == "var_declaration":
        specs = syntax.specs(stmt, "var_spec")
        if len(specs) == 1:
            spec = specs[0]
            names = spec.children_by_field_name("name")
            value = spec.child_by_field_name("value")
            if value is not None and len(names) > 1 and value.named_child_count > 1:
                return "multi"
            if (len(names) == 1 and spec.child_by_field_name("type") is None and value is not None
                    and value.named_children == [a]):
                return "var"
    return "hoist"


def _new_names(stmt: Node, shape: str) -> set[str]:
    """Names the rewritten statement declares before the not-ok branch runs."""
    if shape == "short":
        return {syntax.text(n) for n in stmt.child_by_field_name("left").named_children} - {"_"}
    if shape == "var":
        return {syntax.text(n) for n in syntax.specs(stmt, "var_spec")[0].children_by_field_name("name")} - {"_"}
    return set()


def _field_of(parent: Node, child: Node) -> str | None:
    for i, c in enumerate(parent.children):
        if c == child:
            return parent.field_name_for_child(i)
    return None


def _effect(n: Node, hoisted: set[tuple[int, int]]) -> bool:
    """A node whose evaluation could have a side effect, or (an unchecked type
    assertion that is not being fixed) panic, so that nothing may move past it."""
    if n.type == "call_expression":
        fn = n.child_by_field_name("function")
        return not (fn is not None and fn.type == "identifier" and syntax.text(fn) in _PURE_CALLS)
    if n.type == "unary_expression":
        return syntax.text(n.child_by_field_name("operator")) == "<-"
    if n.type == "type_assertion_expression":
        return not _is_comma_ok(n) and (n.start_byte, n.end_byte) not in hoisted
    return False


def _has_effects(x: Node) -> bool:
    return any(_effect(n, set()) for n in syntax.walk(x, into_functions=False))


def _identifiers(code: str) -> set[str]:
    """Names `code` refers to, leaving out string contents and field or method
    names after a dot."""
    return set(re.findall(r"(?<![.\w])[A-Za-z_]\w*", re.sub(r'"(?:[^"\\]|\\.)*"', "", code)))


# The standard library packages fmt is built on (`go list -deps fmt` over the
# main GOOS values): importing fmt there would be an import cycle.
_FMT_DEPS = frozenset(
    "cmp errors fmt internal/abi internal/asan internal/bisect internal/bytealg internal/byteorder "
    "internal/chacha8rand internal/coverage/rtcov internal/cpu internal/filepathlite internal/fmtsort "
    "internal/goarch internal/godebug internal/godebugs internal/goexperiment internal/goos internal/msan "
    "internal/oserror internal/poll internal/profilerecord internal/race internal/reflectlite "
    "internal/runtime/atomic internal/runtime/cgroup internal/runtime/exithook internal/runtime/gc "
    "internal/runtime/gc/scan internal/runtime/maps internal/runtime/math internal/runtime/pprof/label "
    "internal/runtime/sys internal/runtime/syscall/linux internal/runtime/syscall/windows internal/strconv "
    "internal/stringslite internal/sync internal/synctest internal/syscall/execenv internal/syscall/unix "
    "internal/syscall/windows internal/syscall/windows/registry internal/syscall/windows/sysdll "
    "internal/testlog internal/trace/tracev2 internal/unsafeheader io io/fs iter math math/bits os path "
    "reflect runtime slices strconv structs sync sync/atomic syscall syscall/js time unicode unicode/utf16 "
    "unicode/utf8 unsafe".split()
)


def _below_fmt(file: FileContext) -> bool:
    """Whether this file belongs to a standard library package fmt imports (a
    folder ending in its import path, holding the package of that name)."""
    name = file.package_name or ""
    if name.endswith("_test"):
        return False
    directory = os.path.dirname(file.source.abspath).replace(os.sep, "/")
    return any(directory.endswith("/" + dep) and dep.rsplit("/", 1)[-1] == name for dep in _FMT_DEPS)


def _shadowed(name: str, at: Node, owner: Node) -> bool:
    """Whether a declaration between function `owner` and `at` hides `name` at
    `at`: in a block before it, in an enclosing statement's header, or as a
    parameter of a function literal around it."""
    child = at
    for p in syntax.ancestors(at):
        if p == owner:
            return False
        if p.type == "func_literal" and name in syntax.declared_names(p.child_by_field_name("parameters")):
            return True
        if p.type == "statement_list":
            for s in p.named_children:
                if s.start_byte >= child.start_byte:
                    break
                if s.type in ("short_var_declaration", "var_declaration", "const_declaration", "type_declaration"):
                    if name in _declared_names_shallow(s):
                        return True
            if p.parent is not None and p.parent.type in syntax.CLAUSE_TYPES and name in _clause_names(p.parent):
                return True
        if p.type in ("if_statement", "for_statement", "expression_switch_statement", "type_switch_statement"):
            for c in p.named_children:
                if c.type in ("short_var_declaration", "for_clause", "range_clause") and c != child:
                    if name in syntax.declared_names(c):
                        return True
        child = p
    return False


def _calls_recover(call: Node) -> bool:
    fn = call.child_by_field_name("function")
    return fn is not None and fn.type == "identifier" and syntax.text(fn) == "recover"


def _runs_inside(lit: Node) -> bool:
    """A func literal that runs, if at all, while the function around it does:
    called where it stands or passed straight to a call, not in a go or defer
    statement."""
    p = lit.parent
    while p is not None and p.type == "parenthesized_expression":
        p = p.parent
    if p is not None and p.type == "argument_list":
        p = p.parent
    elif p is None or p.type != "call_expression" or syntax.unparen(p.child_by_field_name("function")) != lit:
        return False
    # A deferred literal may be the one that recovers: its own panic is not.
    return p is not None and p.type == "call_expression" and (
        p.parent is None or p.parent.type not in ("go_statement", "defer_statement"))


def _called_in_place(lit: Node) -> bool:
    """A func literal called right where it stands (`func() {...}()`, deferred or
    not), so it runs on the goroutine of the function around it."""
    call = lit.parent
    if call is None or call.type != "call_expression" or call.child_by_field_name("function") != lit:
        return False
    return call.parent is None or call.parent.type != "go_statement"


def _ok_state(name: str, stmt: Node, decl: Node) -> str | None:
    """'new' when `name` can be declared at `stmt`, 'existing' when it is already
    a comma-ok bool of the same block that nothing reads afterwards, None when it
    cannot be used."""
    block = stmt.parent
    for n in syntax.of_type(block, "identifier"):
        if n.start_byte >= stmt.start_byte and syntax.text(n) == name:
            return None
    scope_owner = block.parent
    if scope_owner is not None and scope_owner.type == "block":
        fn = scope_owner.parent
        if fn is not None and fn.type in syntax.FUNCTION_TYPES:
            if any(n == name for n, _ in [*syntax.parameters(fn), *syntax.results(fn)]):
                return None
            recv = fn.child_by_field_name("receiver")
            if recv is not None and name in syntax.declared_names(recv):
                return None
    if scope_owner is not None and scope_owner.type in syntax.CLAUSE_TYPES:
        if name in _clause_names(scope_owner):
            return None
    found = False
    for s in syntax.statements(block):
        if s.start_byte >= stmt.start_byte:
            break
        if s.type in ("short_var_declaration", "var_declaration", "const_declaration", "type_declaration"):
            if name in _declared_names_shallow(s):
                if not _declares_comma_ok_bool(s, name):
                    return None
                found = True
    if found:
        if any(syntax.mentions(lit, {name}) for lit in syntax.of_type(decl, "func_literal")):
            return None
        return "existing"
    return "new"


def _declared_names_shallow(node: Node) -> set[str]:
    """Names a declaration statement declares in its own scope."""
    names: set[str] = set()
    if node.type == "short_var_declaration":
        names.update(syntax.text(c) for c in node.child_by_field_name("left").named_children)
    elif node.type in ("var_declaration", "const_declaration", "type_declaration"):
        for spec in syntax.of_type(node, ("var_spec", "const_spec", "type_spec", "type_alias")):
            names.update(syntax.text(c) for c in spec.children_by_field_name("name"))
    return names


def _clause_names(clause: Node) -> set[str]:
    """Names a case clause's statements see declared in the clause's own scope: a
    type switch's variable, a select case's received values."""
    names: set[str] = set()
    switch = clause.parent
    if clause.type == "type_case" and switch is not None:
        alias = switch.child_by_field_name("alias")
        if alias is not None:
            names.update(syntax.text(c) for c in alias.named_children)
    for c in clause.named_children:
        if c.type == "receive_statement" and c.child_by_field_name("left") is not None:
            names.update(syntax.text(i) for i in c.child_by_field_name("left").named_children)
    return names


def _declares_comma_ok_bool(stmt: Node, name: str) -> bool:
    if stmt.type == "short_var_declaration":
        left, right = stmt.child_by_field_name("left"), stmt.child_by_field_name("right")
        return _comma_ok_pair(left.named_children, right, name)
    if stmt.type == "var_declaration":
        for spec in syntax.specs(stmt, "var_spec"):
            names = spec.children_by_field_name("name")
            if name not in [syntax.text(n) for n in names]:
                continue
            typ = spec.child_by_field_name("type")
            value = spec.child_by_field_name("value")
            if typ is not None and syntax.text(typ) == "bool" and value is None:
                continue
            if typ is None and _comma_ok_pair(names, value, name):
                continue
            return False
        return True
    return False


def _comma_ok_pair(left: list[Node], right: Node | None, name: str) -> bool:
    if right is None or len(left) != 2 or syntax.text(left[1]) != name or syntax.text(left[0]) == name:
        return False
    if right.named_child_count != 1:
        return False
    value = syntax.unparen(right.named_children[0])
    if value.type == "unary_expression":
        return syntax.text(value.child_by_field_name("operator")) == "<-"
    return value.type in _COMMA_OK_SOURCES


_SHORT_BASIC = {"string": "s", "bool": "b", "error": "err", "any": "v"}
_SHORT_BASIC.update({t: "n" for t in "int int8 int16 int32 int64 uint uint8 uint16 uint32 uint64 uintptr byte rune".split()})
_SHORT_BASIC.update({t: "f" for t in ("float32", "float64")})
_SHORT_KINDS = {"map_type": "m", "channel_type": "ch", "function_type": "fn"}


def _short_names(typ: Node | None) -> list[str]:
    """The name a type switch case would give a value of this type: `s` for a
    string, `n` for an integer, `m` for a map, `c` for `*Config` or `net.Conn`."""
    n = syntax.unparen(typ)
    while n is not None and n.type in ("pointer_type", "generic_type", "qualified_type"):
        if n.type == "generic_type":
            n = n.child_by_field_name("type")
        elif n.type == "qualified_type":
            n = n.child_by_field_name("name")
        else:
            n = syntax.unparen(n.named_children[0]) if n.named_children else None
    if n is None:
        return []
    if n.type in _SHORT_KINDS:
        return [_SHORT_KINDS[n.type]]
    if n.type != "type_identifier":
        return []
    name = syntax.text(n)
    if name in _SHORT_BASIC:
        return [_SHORT_BASIC[name]]
    first = name[0].lower()
    # t is the testing handle by convention, wherever it is not in scope.
    return [first] if first.isalpha() and first.isascii() and first != "t" else []

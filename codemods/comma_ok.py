"""## What it does

Finds type assertions `x.(T)` written without the comma-ok form, outside type
switches. Such an assertion panics when `x` holds any other dynamic type (or nil).

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
		return 0, fmt.Errorf("port: unexpected type %T, want float64", cfg["port"])
	}
	return int(p), nil
}
```

What the not-ok branch does depends on where the assertion is:

- in a function (or function literal) whose last result is `error`: it returns
  the zero value of every other result and an error naming the function, the
  dynamic type found and the type wanted. `fmt` is imported when missing (under an
  alias when a local name hides it). Zero values: `0`, `""`, `false`, `nil`,
  `T{}` for struct and array types, the package's own named types resolved to
  their underlying kind, a few well-known standard library types (`time.Duration`
  is `0`, `io.Reader` is `nil`, `time.Time` is `time.Time{}`), and `*new(T)` for
  any other type;
- in a test, with `t *testing.T`, `b *testing.B`, `f *testing.F` or
  `tb testing.TB` a parameter of the enclosing function (or of a function reached
  only through function literals called in place): `t.Fatalf(...)`.

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
New names never shadow or collide: `ok` is reused only where it already is a
comma-ok `bool` of the same block, and otherwise a fresh name (`ok2`, ...) is used.

The assertion on a `sync.Pool`'s `Get` (`pool.Get().(*T)`: a receiver whose name
mentions "pool", or a variable or field the file declares or initialises as a
`sync.Pool`) is skipped: the pool's `New` decides the type. Set the option
`include-pool-get = true` to report it too.

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

import os
import re
from dataclasses import dataclass, field

from gofixer import syntax
from gofixer.analysis import FileContext
from gofixer.codemod import UNSAFE, Finding
from gofixer.edits import Edit, Fix, Import
from gofixer.syntax import Node
from gofixer.zero import zero_value

id = "comma-ok"
summary = "type assertion without the comma-ok form panics on a wrong dynamic type"
safety = UNSAFE


_ASSERTION = re.compile(rb"\.\((?!type\))")
_COMMA_OK_HEAD = re.compile(rb"[ \t]*[\w.]+, *\w+ *:?= *([\w.\[\]()*]*)")
_COMMA_OK_TAIL = re.compile(rb"[^()\n]*\)[ \t]*(?://[^\n]*)?(?:\n|$)")


def prefilter(text: bytes) -> bool:
    """A type assertion that may lack the comma-ok form: any `.(` but a type
    switch's `.(type)` and those whose whole line reads `a, b := operand.(T)` with
    a plain operand (balanced brackets) and a type without parentheses. `sync.Pool` counts too: the pool's setup may
    be what makes a Get assertion in this file exempt."""
    if b"sync.Pool" in text:
        return b".(" in text
    for m in _ASSERTION.finditer(text):
        head = _COMMA_OK_HEAD.fullmatch(text, text.rfind(b"\n", 0, m.start()) + 1, m.start())
        if head is None or not _balanced(head.group(1)) or not _COMMA_OK_TAIL.match(text, m.end()):
            return True
    return False


def _balanced(operand: bytes) -> bool:
    return operand.count(b"[") == operand.count(b"]") and operand.count(b"(") == operand.count(b")")

options = {"include-pool-get": False}

NO_HANDLER = "no error result or testing.T in scope to report the wrong type"

_PURE_CALLS = frozenset(
    "len cap min max complex real imag new make string bool byte rune int int8 int16 int32 int64 "
    "uint uint8 uint16 uint32 uint64 uintptr float32 float64 complex64 complex128 any".split()
)
_KEYWORDS = frozenset(
    "break case chan const continue default defer else fallthrough for func go goto if import "
    "interface map package range return select struct switch type var".split()
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

    # ---------------------------------------------------------- selection

    def wanted(self, a: Node) -> bool:
        if _is_comma_ok(a):
            return False
        return self.include_pool_get or not self._is_pool_get(a.child_by_field_name("operand"))

    def _is_pool_get(self, x: Node | None) -> bool:
        x = syntax.unparen(x)
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
        if any(True for _ in syntax.of_type(decl, "goto_statement")):
            raise _NoFix("the function uses goto, which a new variable could break")
        typ = syntax.text(a.child_by_field_name("type"))
        if re.search(r'["`\\%\n]', typ):
            raise _NoFix("the asserted type cannot be quoted in the message")
        x = a.child_by_field_name("operand")
        shape = _shape(a, stmt)
        if shape == "multi":
            raise _NoFix("type assertion in a multiple assignment")
        if shape == "assign" and not self._plain_local(stmt, decl):
            shape = "hoist"
        if shape == "hoist":
            self._check_order(a, stmt)
        declared = _new_names(stmt, shape)
        save = _has_effects(x) or syntax.mentions(x, declared) or "\n" in syntax.text(x)
        key = decl.start_byte
        taken = self.fresh.setdefault(key, set())
        val = file.free_name(a, "val", taken) if save else None
        if val:
            taken.add(val)
        tmp = None
        if shape == "hoist":
            tmp = file.free_name(a, _result_name(a.child_by_field_name("type")), taken)
            taken.add(tmp)
        ok, existing = self._ok_name(a, stmt, decl, shape)
        xarg = val or syntax.text(x)
        lines, imports = handler.lines(file, a, ok, typ, xarg)
        clash = declared & _identifiers("\n".join(lines))
        if clash:
            raise _NoFix(f"the new variable {sorted(clash)[0]} would hide a name the not-ok branch uses")
        edits = self._edits(a, stmt, shape, x, val, tmp, ok, existing, typ, lines)
        if shape == "hoist":
            self.hoisted.add((a.start_byte, a.end_byte))
        return Fix(edits, imports, f"check the type assertion to {typ} with the comma-ok form")

    # ---------------------------------------------------------- handlers

    def _handler(self, a: Node, func: Node) -> "_Handler":
        results = syntax.results(func)
        if results and results[-1][1] is not None and syntax.text(results[-1][1]) == "error":
            if len(results) == 1 and _ERROR_VALUE_FUNC.search(syntax.function_name(func)):
                raise _NoFix("the function's error result is its value, not a failure report")
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
            return _Handler(zeros=zeros, func_name=syntax.function_name(func))
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


@dataclass
class _Handler:
    """The not-ok branch: an error return or a test failure."""

    zeros: list[str] | None = None
    func_name: str = ""
    t_name: str | None = None

    def lines(self, file: FileContext, at: Node, ok: str, typ: str, xarg: str) -> tuple[list[str], list[Import]]:
        if self.t_name is not None:
            call = f'{self.t_name}.Fatalf("unexpected type %T, want {typ}", {xarg})'
            return [f"if !{ok} {{", f"\t{call}", "}"], []
        fmt, imports = file.package_ref("fmt", at)
        err = f'{fmt}.Errorf("{self.func_name}: unexpected type %T, want {typ}", {xarg})'
        values = ", ".join([*(self.zeros or []), err])
        return [f"if !{ok} {{", f"\treturn {values}", "}"], imports


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
    clause = next((c for c in file.root.children if c.type == "package_clause"), None)
    name = syntax.text(clause.named_children[-1]) if clause is not None and clause.named_children else ""
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


def _result_name(typ: Node | None) -> str:
    """A readable variable name for an assertion's result: `*Config` gives
    `config`, `net.Conn` gives `conn`; builtin and unnamed types give `v`."""
    n = typ
    while n is not None and n.type in ("pointer_type", "parenthesized_type", "generic_type", "qualified_type"):
        if n.type == "generic_type":
            n = n.child_by_field_name("type")
        elif n.type == "qualified_type":
            n = n.child_by_field_name("name")
        else:
            n = n.named_children[0] if n.named_children else None
    if n is None or n.type != "type_identifier":
        return "v"
    name = syntax.text(n)
    if not name[0].isupper():
        return "v"
    caps = len(name) - len(name.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    if 1 < caps < len(name):
        caps -= 1  # HTTPClient gives httpClient
    name = name[:caps].lower() + name[caps:]
    return "v" if name in _KEYWORDS else name

"""## What it does
Finds `pool.Put(x)` where `pool` is a `sync.Pool` and `x` is an object with a
`Reset()` method that takes no arguments, put back without being reset on some
path: a path that uses `x` and reaches the `Put` (for a deferred `Put`, the
function's end) with no `x.Reset()` after the `Get` that handed it out. A
`Put` on an error path is a finding even when the normal path resets; an
object put back before it was used (nothing to reset) is not. A parameter
counts as used already.

The types it knows: `*bytes.Buffer`, `*strings.Builder`, `hash.Hash`, `hash.Hash32`,
`hash.Hash64` (what `sha256.New`, `md5.New`, `fnv.New32a`, `crc32.NewIEEE`,
`hmac.New`, ... return), `*maphash.Hash`, `*sha3.SHA3`, `*sha3.SHAKE`, and any
pointer or interface type of the same package with a method `Reset()` that takes no
arguments and returns nothing (declared, or promoted from one embedded field). The type of `x` comes from its declaration: the type
assertion on the `Get` (`b := pool.Get().(*bytes.Buffer)`), a parameter, a `var`,
a composite literal, a package function's result. (`x.Reset()` must compile, so
the static type counts: an `x := pool.Get()` of type `any` is left alone.)

## Why is this bad?
A pool hands the same object to the next `Get`. Without a reset, the next user
starts with the previous user's bytes: a buffer that already holds another
request's body, a hash that has already absorbed someone else's input. The bug
shows only when the pool actually reuses the object, which makes it rare in tests
and common in production (and a way to leak one user's data to another).

## Example
```go
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func render(name string) string {
	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf)
	fmt.Fprintf(buf, "hello %s", name)
	return buf.String()
}
```

## Fix
`x.Reset()` on the line before the `Put`:

```go
buf.Reset()
bufPool.Put(buf)
```

A deferred `Put` resets when the deferred call runs, after the last use:

```go
defer func() { buf.Reset(); bufPool.Put(buf) }()
```

## Fix safety
Safe. The object is reset at the moment it is handed back, when the function is
done with it; the program's own use of it is unchanged, and the next user gets an
empty object, which is what code taking from a pool expects.

## When it is not fixed
Reported without a fix:
- `x` is used after the `Put` on a path that goes through it (later in the
  block, on the next round of a loop that does not declare `x` anew, in a func
  literal that may run later); a use on another path (after an early return's
  `Put`) does not count;
- something that shares `x`'s memory outlives the `Put` (`return buf.Bytes()` with a
  deferred `Put`, or a value read from a same-package type), since the reset
  would let the next user overwrite it. Values of basic types never share it:
  `len(s.ids)`, `s.Len()` (a method with a basic result), a string or int
  field, arithmetic, comparisons, `string(b)`;
- for a deferred `Put`, `x` or the pool variable is assigned after the `defer`;
- the `Put` shares its line with other code.

Not reported at all: objects reset (`x.Reset()`, `x.Truncate(0)`, clearing
assignments to `x` or its fields, a call to a reset-like method) on every path
to the `Put`, or anywhere in the function when a reset is deferred, inside a func
literal or in a statement header, or when the `Put` runs in a goroutine (paths
cannot tell then); objects assigned anew; pools where every other function that
calls `Get` (in the whole package) resets what it gets, types whose `Reset` takes arguments
(`bufio.Writer`, `gzip.Writer`, `bytes.Reader`, ...), slices (re-cutting a slice is
its own reset), types gofixer cannot determine, and `Put` on anything that is not a
`sync.Pool`.
"""

from __future__ import annotations

import os
import re
from typing import Iterable

from gofixer import flow, syntax
from gofixer.codemod import SAFE, Finding
from gofixer.edits import Edit, Fix
from gofixer.package import BASIC_TYPES, TypeRef, expr_type, local_binding, package_for
from gofixer.syntax import Node

id = "pool-reset"
summary = "object put back into a sync.Pool without being reset"
safety = SAFE
nolint = ()  # no golangci-lint linter reports this bug: only a bare //nolint silences it
prefilter = (b".Put(",)

# Standard library types with a nullary Reset that empties them: (import path,
# name) -> whether the usual form is a pointer (False: an interface).
_STD_RESETTABLE = {
    ("bytes", "Buffer"): True,
    ("strings", "Builder"): True,
    ("hash/maphash", "Hash"): True,
    ("crypto/sha3", "SHA3"): True,
    ("crypto/sha3", "SHAKE"): True,
    ("hash", "Hash"): False,
    ("hash", "Hash32"): False,
    ("hash", "Hash64"): False,
}
# Standard library types whose Reset takes arguments: never reset by this codemod.
_STD_WITH_ARGS = frozenset({
    ("bufio", "Reader"), ("bufio", "Writer"), ("bytes", "Reader"), ("strings", "Reader"),
    ("compress/gzip", "Reader"), ("compress/gzip", "Writer"), ("compress/flate", "Writer"),
    ("compress/zlib", "Writer"), ("compress/lzw", "Reader"), ("compress/lzw", "Writer"),
})
# bytes.Buffer methods whose results share the buffer's memory.
_ALIASING = {("bytes", "Buffer"): frozenset({"Bytes", "Next", "AvailableBuffer"})}
_RESETS = re.compile(r"(?i)reset|clear|truncate|init")


def run(file) -> Iterable[Finding]:
    if not _may_have_pool(file):
        return
    for call in file.of_type("call_expression"):
        finding = _check(file, call)
        if finding is not None:
            yield finding


def _may_have_pool(file) -> bool:
    """A sync.Pool this codemod can resolve is declared in this package, in a file
    that imports "sync" and says `.Pool` (sync.Pool, or under an alias). Checked
    on the bytes first, so a package with a `Put` method of its own is never
    indexed for nothing."""
    if b'"sync"' in file.text and b".Pool" in file.text:
        return True
    index = file.package
    if index is None:
        return True
    return any(b'"sync"' in raw and b".Pool" in raw for _, raw in index.texts())


def _check(file, call: Node) -> Finding | None:
    fn = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    if (
        fn is None or fn.type != "selector_expression" or syntax.text(fn.child_by_field_name("field")) != "Put"
        or args is None or len(args.named_children) != 1 or args.named_children[0].type != "identifier"
    ):
        return None
    stmt = call.parent
    if stmt is None or stmt.type not in ("expression_statement", "defer_statement"):
        return None
    x = args.named_children[0]
    pool = fn.child_by_field_name("operand")
    pool_type = expr_type(file, pool)
    if pool_type is None or not pool_type.is_type("sync", "Pool"):
        return None
    binding = local_binding(file, x)
    if binding is None or binding.type is None:
        return None
    kind = _resettable(file, binding.type)
    if kind is None:
        return None
    scope = syntax.enclosing_function(binding.node)
    if scope is None or _reassigned(scope, x, binding.node) or _reset_on_get(file, pool, scope):
        return None
    refs = _references(file, scope, binding.node)
    resets = _reset_sites(scope, syntax.text(x), binding.node)
    dirty = _put_dirty(scope, binding.node, stmt, refs, resets)
    if not (dirty if dirty is not None else not resets):
        return None
    name = syntax.text(x)
    message = f"{name} is put back into {syntax.text(pool)} without {name}.Reset(); the next Get sees its old contents"

    def report(reason: str) -> Finding:
        return Finding(id, call.start_byte, call.end_byte, message, reason=reason)

    deferred = stmt.type == "defer_statement"
    if not deferred and _used_after(scope, stmt, x, binding.node, refs):
        return report(f"{name} is used after the Put")
    if _escapes(file, refs, kind, name):
        return report(f"a value taken from {name} outlives the Put, and the reset could change it")
    if deferred:
        pool_root = _root(pool)
        if pool_root is None:
            return report("the pool expression is not a plain name or field")
        root_binding = local_binding(file, pool_root)
        if root_binding is not None and _assigned_after(file, scope, root_binding.node, stmt.end_byte):
            return report(f"{syntax.text(pool_root)} is assigned after the defer")
        text = f"defer func() {{ {name}.Reset(); {syntax.text(pool)}.Put({name}) }}()"
        fix = Fix([Edit(stmt.start_byte, stmt.end_byte, text.encode())], description=f"reset {name} in the deferred Put")
        return Finding(id, call.start_byte, call.end_byte, message, fix=fix)
    if stmt.parent is None or stmt.parent.type != "statement_list":
        return report("the Put is not a statement of a block")
    edit = syntax.insert_before(file.text, stmt, [f"{name}.Reset()"])
    if edit is None:
        return report("the Put shares its line with other code")
    return Finding(id, call.start_byte, call.end_byte, message, fix=Fix([edit], description=f"call {name}.Reset() before the Put"))


# ---------------------------------------------------------------- paths


def _put_dirty(scope: Node, decl: Node, put: Node, refs: list[Node], resets: list[Node]) -> bool | None:
    """Whether some path of the function puts x back after using it without a
    reset in between (from its declaration: a parameter, or what a call other
    than a Get returned, counts as used already). None when paths cannot
    tell: a reset that is not a plain statement of the function (deferred, in
    a func literal or a header), a Put in a goroutine or a kept func literal,
    goto."""
    if any(syntax.enclosing_function(r) != scope or not _plain(r) for r in resets):
        return None
    # A reset ends a dirty path; so does coming round to x's declaration again
    # (a loop's next iteration declares a new x).
    reset_ids = {syntax.enclosing_statement(r).id for r in resets}
    stops = reset_ids | _redeclaration(decl)

    def done(s: Node) -> bool:
        return s.id in stops

    start = _start(scope, decl)
    target = _put_point(scope, put)
    if start is None or target is None:
        return None
    first, entering = start
    point, in_literal = target
    uses = [u for u in (_use_point(scope, r) for r in refs if not _inside(r, put)) if u is not None and u[0].id not in reset_ids]
    try:
        from_decl = flow.reached(first, done, entering=entering)
        if point not in from_decl and not (entering and point.id == first.id):
            return False
        if point.type != "defer_statement":
            if not _fresh(decl):
                return True
            return any(u in from_decl and point in flow.reached(u, done, entering=e) for u, e in uses)
        after_defer = flow.reached(point, done)
        if not after_defer.exits:
            return False
        if not _fresh(decl) or in_literal:
            return True
        for u, e in uses:
            if u not in from_decl:
                continue
            from_use = flow.reached(u, done, entering=e)
            if from_use.exits and (u in after_defer or point in from_use):
                return True
        return False
    except flow.Unsupported:
        return None


def _redeclaration(decl: Node) -> set[int]:
    """The id of the statement declaring x (a new x each time control comes
    round to it), empty for a parameter."""
    holder = syntax.enclosing_statement(decl)
    return {holder.id} if holder is not None else set()


def _plain(reset: Node) -> bool:
    """A reset that runs whenever its statement runs: the statement itself."""
    stmt = syntax.enclosing_statement(reset)
    if stmt is None or stmt.type not in ("expression_statement", "assignment_statement"):
        return False
    return reset.parent == stmt or stmt.type == "assignment_statement" and reset == stmt


def _start(scope: Node, decl: Node) -> tuple[Node, bool] | None:
    """Where x's life starts: (statement, entering it) for flow.reached."""
    if decl.parent is not None and decl.parent.type in ("parameter_declaration", "variadic_parameter_declaration"):
        stmts = syntax.statements(scope.child_by_field_name("body"))
        return (stmts[0], True) if stmts else None
    holder = syntax.enclosing_statement(decl)
    if holder is None:
        return None
    return holder, holder.type not in ("short_var_declaration", "var_declaration")


def _put_point(scope: Node, put: Node) -> tuple[Node, bool] | None:
    """The statement of `scope` where the Put happens (a defer statement for a
    Put at the function's end), and whether it sits in a deferred func literal."""
    lit = syntax.enclosing_function(put)
    if lit == scope:
        return put, False
    while lit is not None and syntax.enclosing_function(lit) != scope:
        lit = syntax.enclosing_function(lit)
    call = lit.parent if lit is not None else None
    if call is None or call.type != "call_expression" or call.parent is None or call.parent.type != "defer_statement":
        return None
    return call.parent, True


def _use_point(scope: Node, ref: Node) -> tuple[Node, bool] | None:
    """The statement of `scope` that uses x at `ref`, and whether the use is
    in its header (so it happens on entering it): a use in a func literal is
    placed at the literal's statement."""
    node = ref
    while syntax.enclosing_function(node) != scope:
        node = syntax.enclosing_function(node)
        if node is None:
            return None
    stmt = syntax.enclosing_statement(node)
    if stmt is None:
        return None
    return stmt, stmt.type not in _SIMPLE_STATEMENTS


_SIMPLE_STATEMENTS = frozenset({
    "expression_statement", "assignment_statement", "short_var_declaration", "var_declaration", "inc_statement",
    "dec_statement", "send_statement", "go_statement", "defer_statement", "return_statement",
})


def _fresh(decl: Node) -> bool:
    """x starts out as a Get from a pool (or a new object) hands it over: not
    yet used by this function."""
    stmt = decl.parent
    while stmt is not None and stmt.type not in ("short_var_declaration", "var_spec"):
        if stmt.type in ("parameter_declaration", "variadic_parameter_declaration", "statement_list"):
            return False
        stmt = stmt.parent
    if stmt is None:
        return False
    value = stmt.child_by_field_name("right" if stmt.type == "short_var_declaration" else "value")
    if value is None or len(value.named_children) != 1:
        return False
    v = syntax.unparen(value.named_children[0])
    if v.type == "type_assertion_expression":
        v = syntax.unparen(v.child_by_field_name("operand"))
    if v.type == "call_expression":
        fn = v.child_by_field_name("function")
        if fn is not None and fn.type == "selector_expression" and syntax.text(fn.child_by_field_name("field")) == "Get":
            return True
        return fn is not None and syntax.text(fn) == "new"
    return v.type == "composite_literal" or v.type == "unary_expression" and syntax.text(v).startswith("&")


def _used_after(scope: Node, put: Node, x: Node, decl: Node, refs: list[Node]) -> bool:
    """Whether x is used on a path that has gone through the Put: in a
    statement reachable from it (a loop may come round again), or in a func
    literal that may run later. For a Put inside a func literal, anything
    after it in the source."""
    if syntax.enclosing_function(put) != scope:
        target = _put_point(scope, put)
        if target is not None and target[0].type == "defer_statement":
            lit_end = target[0].end_byte
            return any(r.start_byte > x.end_byte and r.start_byte < lit_end for r in refs)
        return any(r.start_byte > x.end_byte for r in refs)
    redeclared = _redeclaration(decl)
    try:
        after = flow.reached(put, lambda s: s.id in redeclared)
    except flow.Unsupported:
        return any(r.start_byte > x.end_byte for r in refs)
    for r in refs:
        if r == x:
            continue
        point = _use_point(scope, r)
        if point is None:
            return True
        stmt = point[0]
        if stmt in after:
            return True
        lit = _outermost_literal(scope, r)
        if lit is not None and stmt.start_byte < put.start_byte and not _called_in_place(lit):
            return True  # deferred, started as a goroutine or kept: it may run after the Put
    return False


def _outermost_literal(scope: Node, node: Node) -> Node | None:
    lit = None
    n = syntax.enclosing_function(node)
    while n is not None and n != scope:
        lit = n
        n = syntax.enclosing_function(n)
    return lit


def _called_in_place(lit: Node) -> bool:
    call = lit.parent
    return (
        call is not None and call.type == "call_expression" and call.child_by_field_name("function") == lit
        and call.parent is not None and call.parent.type not in ("defer_statement", "go_statement")
    )


def _inside(node: Node, outer: Node) -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


# ---------------------------------------------------------------- types


def _resettable(file, ref: TypeRef) -> tuple[str, str] | None:
    """("std", path.name) or ("local", name) when values of type `ref` have a
    nullary Reset and `x.Reset()` on one compiles and empties the object itself."""
    q = ref.qualified()
    if q is not None:
        pointer, path, name = q
        want = _STD_RESETTABLE.get((path, name))
        if want is None or want != pointer:
            return None
        return "std", f"{path}.{name}"
    name = ref.local_name()
    pkg = package_for(file)
    if name is None or pkg is None:
        return None
    under = pkg.underlying_kind(name)
    if under is None:
        return None
    if under.kind == "interface":
        sig = pkg.methods(name).get("Reset")
        return ("local", name) if sig == 0 and not ref.pointer and _iface_reset_no_results(pkg, name) else None
    if not ref.pointer or under.kind == "pointer":
        return None
    sig = pkg.method_signature(name, "Reset")
    if sig is not None or "Reset" in pkg.methods(name):
        return ("local", name) if sig == (0, 0) else None
    return _promoted_reset(file, pkg, name)


def _promoted_reset(file, pkg, name: str) -> tuple[str, str] | None:
    """A nullary Reset promoted from the one embedded field of struct `name`
    that has a Reset (two would make the call ambiguous)."""
    decl = pkg.type_decl(name)
    if decl is None or decl.kind != "struct":
        return None
    found = []
    for embedded in _embedded_fields(decl.underlying_text):
        ref = pkg.field_ref(name, embedded)
        if ref is None:
            continue
        plain = TypeRef(ref.text if ref.pointer else "*" + ref.text, ref.imports)
        q = plain.qualified()
        if q is not None:
            if _STD_RESETTABLE.get(q[1:]) is True:
                found.append(name)
            elif q[1:] in _STD_WITH_ARGS:
                found.append(None)
            continue
        local = plain.local_name()
        if local is not None and local != name and "Reset" in pkg.methods(local):
            found.append(name if pkg.method_signature(local, "Reset") == (0, 0) else None)
    return ("local", name) if found == [name] else None


def _embedded_fields(struct_text: str) -> list[str]:
    """Names of the embedded fields in a struct type's source text."""
    out = []
    for line in struct_text.splitlines()[1:]:
        words = line.split("//")[0].split()
        if len(words) == 1 or len(words) == 2 and words[1].startswith(("`", '"')):
            out.append(words[0].lstrip("*").split(".")[-1].split("[")[0])
    return out


def _iface_reset_no_results(pkg, name: str) -> bool:
    decl = pkg.type_decl(name)
    return decl is not None and re.search(r"\bReset\(\)\s*(\n|;|$)", decl.underlying_text, re.MULTILINE) is not None


# ---------------------------------------------------------------- uses


def _references(file, scope: Node, decl: Node) -> list[Node]:
    """Identifiers in `scope` that refer to the variable declared at `decl`."""
    name = syntax.text(decl)
    out = []
    for ident in syntax.of_type(scope, "identifier"):
        if syntax.text(ident) != name or ident == decl:
            continue
        b = local_binding(file, ident)
        if b is not None and b.node == decl:
            out.append(ident)
    return out


def _reassigned(scope: Node, x: Node, decl: Node) -> bool:
    """x is assigned another object somewhere: what it holds at the Put is
    anyone's guess."""
    name = syntax.text(x)
    for n in syntax.of_type(scope, "assignment_statement"):
        if n.start_byte < decl.end_byte:
            continue
        left = n.child_by_field_name("left")
        for t in left.named_children if left is not None else []:
            t = syntax.unparen(t)
            if t.type == "identifier" and syntax.text(t) == name:
                return True
    return False


def _reset_sites(scope: Node, name: str, decl: Node) -> list[Node]:
    """Where the function resets x itself: calls of a reset-like method on it
    or of a reset-like function given it, and assignments that clear one of
    its fields or what it points to."""
    out = []
    for n in syntax.walk(scope):
        if n.start_byte < decl.end_byte:
            continue
        if n.type == "call_expression":
            fn = n.child_by_field_name("function")
            args = n.child_by_field_name("arguments")
            if fn is not None and fn.type == "selector_expression":
                if _root_name(fn.child_by_field_name("operand")) == name and _RESETS.search(syntax.text(fn.child_by_field_name("field"))):
                    out.append(n)
                    continue
            if fn is not None and _RESETS.search(syntax.text(fn).split(".")[-1]) and args is not None:
                if any(_root_name(a) == name for a in args.named_children):
                    out.append(n)
        elif n.type == "assignment_statement":
            left = n.child_by_field_name("left")
            right = n.child_by_field_name("right")
            targets = left.named_children if left is not None else []
            values = right.named_children if right is not None else []
            for i, t in enumerate(targets):
                t = syntax.unparen(t)
                if _root_name(t) != name or i >= len(values) or len(values) != len(targets):
                    continue
                direct = t.type == "unary_expression" or (
                    t.type == "selector_expression" and syntax.unparen(t.child_by_field_name("operand")).type == "identifier"
                )
                if direct and _clears(values[i]):
                    out.append(n)
                    break
    return out


def _clears(value: Node) -> bool:
    """An assigned value that empties what it replaces: nil, a zero literal, a
    composite literal, make(...), or a re-cut to zero length."""
    v = syntax.unparen(value)
    if v.type in ("nil", "composite_literal", "false") or syntax.text(v) in ("0", '""', "``"):
        return True
    if v.type == "call_expression" and syntax.text(v.child_by_field_name("function")) == "make":
        return True
    return v.type == "slice_expression" and syntax.text(v.child_by_field_name("end")) == "0" and v.child_by_field_name("start") is None


def _escapes(file, refs: list[Node], kind: tuple[str, str], name: str) -> bool:
    """True when a reference to x (or, for same-package types, anything read from
    it; for bytes.Buffer, its aliasing methods) is stored, returned or put in a
    literal, so it may outlive the Put. Values of basic types (lengths,
    counts, strings, sums, comparisons) share no memory with x."""
    aliasing = _ALIASING.get(tuple(kind[1].rsplit(".", 1)), frozenset()) if kind[0] == "std" else None
    for ref in refs:
        node = ref
        parent = ref.parent
        if parent is not None and parent.type == "selector_expression" and parent.child_by_field_name("operand") == ref:
            field = syntax.text(parent.child_by_field_name("field"))
            call = parent.parent
            if aliasing is not None and field not in aliasing:
                continue
            node = call if call is not None and call.type == "call_expression" else parent
            if aliasing is None and _basic_member(file, kind[1], field, node != parent):
                continue
        elif parent is not None and parent.type == "argument_list":
            fn = parent.parent.child_by_field_name("function") if parent.parent is not None else None
            if fn is not None and syntax.text(fn) == "append":
                return True  # kept in a slice
            continue  # passed to a function, which must not keep it past its own use
        if _stored(node, name):
            return True
    return False


def _basic_member(file, type_name: str, member: str, called: bool) -> bool:
    """Field `member` of same-package type `type_name`, or the result of its
    method `member` when `called`, has a basic type."""
    pkg = package_for(file)
    if pkg is None:
        return False
    if called:
        results = pkg.method_results(type_name, member)
        return results is not None and len(results) == 1 and _is_basic(pkg, results[0])
    ref = pkg.field_ref(type_name, member)
    return ref is not None and _is_basic(pkg, ref.text)


def _is_basic(pkg, type_text: str) -> bool:
    t = type_text.strip()
    if t in BASIC_TYPES:
        return True
    under = pkg.underlying_kind(t) if t.isidentifier() else None
    return under is not None and under.kind == "basic"


# Calls whose result is a basic value whatever they are given.
_BASIC_RESULTS = frozenset({"len", "cap", "copy", "real", "imag", "complex"}) | BASIC_TYPES


def _basic_value(node: Node) -> bool:
    """The value of expression `node` has a basic type, so it cannot share x's
    memory: arithmetic and comparisons, `!`/`-`/`^`, len/cap, conversions to a
    basic type (`string(b)` copies)."""
    if node.type == "binary_expression":
        return True
    if node.type == "unary_expression":
        return node.children[0].type in ("!", "-", "+", "^")
    if node.type == "call_expression":
        fn = node.child_by_field_name("function")
        return fn is not None and fn.type == "identifier" and syntax.text(fn) in _BASIC_RESULTS
    return False


def _stored(node: Node, name: str) -> bool:
    n = node
    while n.parent is not None:
        if _basic_value(n):
            return False
        p = n.parent
        if p.type == "argument_list":
            call = p.parent
            fn = call.child_by_field_name("function") if call is not None else None
            first = p.named_children[0] if p.named_children else None
            if not (fn is not None and syntax.text(fn) == "append" and first == n):
                return False
        elif p.type in ("return_statement", "composite_literal", "literal_value", "keyed_element", "literal_element"):
            return True
        elif p.type in ("expression_list",) and p.parent is not None:
            gp = p.parent
            if gp.type in ("assignment_statement", "short_var_declaration", "var_spec") and p == gp.child_by_field_name("right" if gp.type != "var_spec" else "value"):
                return not _into_itself(gp, p, n, name)
            if gp.type == "return_statement":
                return True
        elif p.type in ("expression_statement", "block", "statement_list") or p.type in syntax.FUNCTION_TYPES:
            return False
        elif p.type == "send_statement":
            return True
        n = p
    return False


def _into_itself(assign: Node, values: Node, value: Node, name: str) -> bool:
    """`x.f = append(x.f, ...)` and the like: the value goes back into x."""
    if assign.type != "assignment_statement":
        return False
    left = assign.child_by_field_name("left")
    targets = left.named_children if left is not None else []
    vals = list(values.named_children)
    if len(targets) != len(vals) or value not in vals:
        return False
    return _root_name(targets[vals.index(value)]) == name


def _assigned_after(file, scope: Node, decl: Node, after: int) -> bool:
    name = syntax.text(decl)
    for n in syntax.of_type(scope, ("assignment_statement", "short_var_declaration", "inc_statement", "dec_statement")):
        if n.start_byte < after:
            continue
        left = n.child_by_field_name("left") if n.type in ("assignment_statement", "short_var_declaration") else n
        for ident in syntax.of_type(left, "identifier") if left is not None else []:
            if syntax.text(ident) == name:
                b = local_binding(file, ident)
                if b is not None and b.node == decl:
                    return True
    return False


def _reset_on_get(file, pool: Node, scope: Node) -> bool:
    """True when every function that takes from this pool (in this file or the
    other files of the package) resets what it gets, so nobody sees old
    contents. A Get in `scope`, the Put's own function, never counts: there,
    the paths from the Get to the Put tell."""
    pool = syntax.unparen(pool)
    key = syntax.text(pool.child_by_field_name("field")) if pool.type == "selector_expression" else syntax.text(pool)
    # The Get sites may be in any function, of this file or (for a pool that
    # is not a local) of the package's other files that mention the pool.
    roots = [file.full_root]
    pkg = package_for(file)
    if pkg is not None and (pool.type != "identifier" or local_binding(file, pool) is None):
        if file.package.unreadable:
            return False  # a Get site we cannot see might not reset
        here = os.path.abspath(file.source.abspath)
        roots += [f.full_root for f in pkg.files if os.path.abspath(f.path) != here and key.encode() in f.raw]
    gets = 0
    for i, root in enumerate(roots):
        sites = _get_sites(file, root).get(key)
        if sites is None:
            continue
        all_reset, funcs, count = sites
        if not all_reset or (i == 0 and (scope.start_byte, scope.end_byte) in funcs):
            return False
        gets += count
    return gets > 0


def _get_sites(file, root: Node) -> dict[str, tuple[bool, set[tuple[int, int]], int]]:
    """For each pool name (its field name for a selector) with `.Get()` calls
    under `root`: whether every such call is in a function that resets, the spans
    of those functions, and how many calls. Worked out in one pass over the file
    and kept for every Put in it (a pass per Put is quadratic in the file)."""
    memo = (id, "get sites", root.id)
    found = file.memo.get(memo)
    if found is None:
        found = file.memo[memo] = {}
        for call in syntax.of_type(root, "call_expression"):
            fn = call.child_by_field_name("function")
            if fn is None or fn.type != "selector_expression" or syntax.text(fn.child_by_field_name("field")) != "Get":
                continue
            operand = syntax.unparen(fn.child_by_field_name("operand"))
            name = syntax.text(operand.child_by_field_name("field")) if operand.type == "selector_expression" else syntax.text(operand)
            func = syntax.enclosing_function(call)
            all_reset, funcs, count = found.get(name, (True, set(), 0))
            if func is None:
                all_reset = False
            else:
                funcs.add((func.start_byte, func.end_byte))
                all_reset = all_reset and _calls_reset(func)
            found[name] = (all_reset, funcs, count + 1)
    return found


def _calls_reset(func: Node) -> bool:
    for c in syntax.of_type(func, "call_expression"):
        fn = c.child_by_field_name("function")
        if fn is not None and fn.type == "selector_expression" and _RESETS.search(syntax.text(fn.child_by_field_name("field"))):
            return True
    return False


def _root(expr: Node) -> Node | None:
    root = syntax.selector_root(expr)
    return root if root.type == "identifier" else None


def _root_name(expr: Node) -> str | None:
    expr = syntax.unparen(expr)
    while expr.type in ("selector_expression", "index_expression", "slice_expression", "unary_expression"):
        expr = syntax.unparen(expr.child_by_field_name("operand"))
        if expr is None:
            return None
    return syntax.text(expr) if expr.type == "identifier" else None

"""## What it does

Finds HTTP responses whose body is never closed: the `*http.Response` from
`http.Get`, `http.Post`, `http.Head`, `http.PostForm`, or the same methods and
`Do` of an `http.Client` (`http.DefaultClient`, or a variable, parameter or
field whose declaration says `*http.Client`, `&http.Client{...}` or
`http.Client{...}`), kept in a variable whose `Body.Close()` is not called on
every path out of the function. Any name the file imports `net/http` under is
recognised.

## Why is this bad?

Until its body is closed, a response holds its connection. The transport
cannot reuse it for the next request, so every unclosed body costs a new
connection (and a file descriptor and a goroutine or two) that stays open until
the server gives up on it. Under load this exhausts descriptors; with a client
limited to a few connections per host (`MaxConnsPerHost`), the next request to
that host simply waits forever. golangci-lint reports the same bug as
`bodyclose`.

## Example

```go
func status(url string) (int, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}
```

## Fix

```go
func status(url string) (int, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}
```

- `defer resp.Body.Close()` goes right after the error check (`if err != nil
  { ... }` whose block returns, continues, breaks or ends the test), never
  before it: on error the response is nil.
- Inside a loop a deferred call would wait for the function to return, so
  `resp.Body.Close()` is instead called on every way out of the iteration:
  before each `return`, `break` or `continue` that leaves the statement list
  without having closed it, and at the end of the list.

## Fix safety

Safe. Closing a body twice is harmless, and the fix closes it only where the
function can no longer read it: when the function returns, or at the end of the
iteration that declared it. Reading the body (`io.ReadAll(resp.Body)`,
`io.Copy(dst, resp.Body)`, `json.NewDecoder(resp.Body).Decode(&v)`) is not
closing it: such a function is still reported and fixed.

## When it is not fixed

Not reported at all: a response or body that leaves the function (returned, a
named result, stored in a field, a package or outer variable, a composite
literal, sent on a channel, kept in another variable, used in a goroutine or a func literal that
may run later), a body replaced (`resp.Body = ...`), a body closed somewhere
when the call has no error check right after it, a request a test expects to
fail (`if err == nil { t.Fatal(...) }` right after it), and a body handed to a
deferred call or a helper named like a closer (`defer drain(resp)`,
`closeBody(resp.Body)`).

Reported without a fix when:

- the response is discarded (`_, err := http.Get(url)`), unless the next
  statement shows the request is expected to fail (`if err == nil {
  t.Fatal(...) }`, `assertError(t, err)`): then there is a response only when
  the test fails already;
- no `if err != nil { ... }` check follows the call (the error discarded, or
  checked in another shape), so there is no place where the response is known
  not to be nil;
- the response or its body is passed to a function gofixer does not know,
  which may close it or keep it, or a reader wrapping the body is kept;
- the function uses `goto`; the call is in an `if`, `switch` or `for` header;
- inside a loop: the response variable is declared outside the statement list
  of the call, another variable of the same name is declared in the iteration,
  or a `return` or `defer` in the iteration reads the body;
- another statement shares the line, so there is no clean place for the new line.
"""

from __future__ import annotations

import re

from gofixer import flow, release, syntax
from gofixer.analysis import FileContext
from gofixer.codemod import SAFE, Finding
from gofixer.package import expr_type, local_binding
from gofixer.syntax import Node

id = "body-close"
summary = "*http.Response from http.Get/Post/... or an http.Client whose body is never closed"
safety = SAFE
nolint = ("bodyclose",)

_REQUEST_CALL = re.compile(rb"(?:Get|Post|Head|PostForm|Do)\(")


def prefilter(text: bytes) -> bool:
    """A request call, in a file importing net/http; a function body, which
    holds no imports, passes on its calls alone."""
    # The plain searches first: most files are whole and import no net/http,
    # and the regex is the slowest of the three.
    if b'"net/http"' not in text and _has_package_clause(text):
        return False
    return _REQUEST_CALL.search(text) is not None


def _has_package_clause(text: bytes) -> bool:
    """A line starting `package `: only a whole file has one (a function body's
    lines are indented, and bodies holding raw strings are never asked alone)."""
    return text.startswith(b"package ") or b"\npackage " in text


_REQUEST_FUNCS = frozenset({"Get", "Post", "Head", "PostForm"})
_CLIENT_METHODS = _REQUEST_FUNCS | {"Do"}
# Calls that read a reader and keep nothing of it.
_READERS = {
    "io": frozenset({"ReadAll", "Copy", "CopyN", "CopyBuffer", "ReadFull", "ReadAtLeast"}),
    "io/ioutil": frozenset({"ReadAll"}),
}
# Calls whose result wraps the reader: fine while the result stays in the function.
_WRAPPERS = {
    "encoding/json": frozenset({"NewDecoder"}),
    "encoding/xml": frozenset({"NewDecoder"}),
    "encoding/csv": frozenset({"NewReader"}),
    "bufio": frozenset({"NewReader", "NewReaderSize", "NewScanner"}),
    "io": frozenset({"LimitReader", "TeeReader"}),
}
_CLOSER_NAME = re.compile(r"(?i)close|drain|discard")

# What a use does with the response.
_READ, _CLOSE, _LEAVES, _UNKNOWN = "read", "close", "leaves", "unknown"


def run(file: FileContext):
    http = file.import_name("net/http")
    if not http:
        return
    for call in file.of_type("call_expression"):
        what = _request(file, call, http)
        if what is None:
            continue
        finding = _check(file, call, what)
        if finding is not None:
            yield finding


def _request(file: FileContext, call: Node, http: str) -> str | None:
    """`http.Get`, `client.Do`, ... when `call` sends a request whose response
    this codemod follows."""
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return None
    method = syntax.text(fn.child_by_field_name("field"))
    if method not in _CLIENT_METHODS:
        return None
    operand = syntax.unparen(fn.child_by_field_name("operand"))
    if operand.type == "identifier" and syntax.text(operand) == http:
        if method in _REQUEST_FUNCS and local_binding(file, operand) is None:
            return f"{http}.{method}"
        return None
    if syntax.text(operand) == f"{http}.DefaultClient":
        return f"{http}.DefaultClient.{method}"
    if operand.type not in ("identifier", "selector_expression"):
        return None
    ref = expr_type(file, operand)
    if ref is not None and ref.is_type("net/http", "Client"):
        return f"(*http.Client).{method}"
    return None


def _check(file: FileContext, call: Node, what: str) -> Finding | None:
    bound = release.binding(call)
    if bound is None or len(bound.lhs) != 2 or bound.lhs[0].type != "identifier":
        return None
    stmt, func, holder, lhs = bound
    var = lhs[0]
    name = syntax.text(var)
    if name == "_":
        if _expects_error(stmt, lhs[1]):
            return None
        message = f"the response from {what} is discarded, so its body is never closed; its connection cannot be reused"
        return Finding(id, var.start_byte, var.end_byte, message, None, "the response is discarded: name it to close its body")
    local = holder.type != "assignment_statement"
    decl = var if local else _declaration(file, var)
    if decl is None or syntax.enclosing_function(decl) != func:
        return None  # an outer function's or the package's variable: it leaves
    if release.is_named_result(func, decl):
        return None  # returned by every bare return
    uses = _uses(file, func, stmt, decl, name)
    if _LEAVES in uses.values():
        return None
    message = f"the body of {name} from {what} is never closed on some path; its connection cannot be reused"
    header = stmt.parent.type != "statement_list"
    err = lhs[1]
    check = None
    if not header and err.type == "identifier" and syntax.text(err) != "_":
        check = release.error_check(stmt, syntax.text(err))
    done = _closed(name)
    if header and not _header_leaks(stmt, err, done):
        return None
    if check is None:
        if _CLOSE in uses.values() or (not header and _success_ends_the_test(stmt, err, done)):
            return None  # closed somewhere past a check gofixer cannot read, or never set
        reason = "the call is in an if, switch or for header" if header else (
            "no `if err != nil` check right after the call, so nothing says the response is not nil")
        return Finding(id, var.start_byte, var.end_byte, message, None, reason)
    found = release.leaks(check, done, stmt.parent if local else None)
    if found is not None and not found:
        return None
    if found is None and _CLOSE in uses.values():
        return None
    unknown = next((n for n, u in uses.items() if u == _UNKNOWN), None)
    if unknown is not None:
        return Finding(id, var.start_byte, var.end_byte, message, None, _unknown_reason(unknown, name))
    fix, reason = _plan(file, stmt, check, func, decl, name, local, done)
    return Finding(id, var.start_byte, var.end_byte, message, fix, reason)


def _expects_error(stmt: Node, err: Node) -> bool:
    """The statement after a request whose response is discarded treats success
    as the failure (`if err == nil { t.Fatal(...) }`, `assertError(t, err)`,
    `!errors.Is(err, ...)`): a test that expects the request to fail, where a
    response, and its body, exist only when the test already fails."""
    lst = stmt.parent
    if err.type != "identifier" or lst is None or lst.type != "statement_list":
        return False
    following = [s for s in lst.named_children if s.start_byte > stmt.end_byte and s.type != "comment"]
    if not following:
        return False
    nxt, e = following[0], syntax.text(err)
    if nxt.type == "if_statement":
        cond = syntax.text(nxt.child_by_field_name("condition"))
        return f"{e} == nil" in cond or f"errors.Is({e}," in cond or f"errors.As({e}," in cond
    call = nxt.named_children[0] if nxt.type == "expression_statement" and nxt.named_child_count == 1 else None
    if call is None or call.type != "call_expression" or not syntax.mentions(call, {e}):
        return False
    callee = syntax.text(call.child_by_field_name("function")).rsplit(".", 1)[-1].lower()
    return "error" in callee and "noerror" not in callee


def _success_ends_the_test(stmt: Node, err: Node, done: flow.Done) -> bool:
    """The statement after the call is `if err == nil { ... }` (no else) whose
    block ends the test or panics on every path: past it, err is set and the
    response nil, so only a failing test could leak the body."""
    lst = stmt.parent
    following = [s for s in lst.named_children if s.start_byte > stmt.end_byte and s.type != "comment"]
    nxt = following[0] if following else None
    if nxt is None or nxt.type != "if_statement" or err.type != "identifier":
        return False
    if nxt.child_by_field_name("alternative") is not None or nxt.child_by_field_name("initializer") is not None:
        return False
    cond = syntax.unparen(nxt.child_by_field_name("condition"))
    if cond is None or cond.type != "binary_expression" or syntax.text(cond.child_by_field_name("operator")) != "==":
        return False
    if {syntax.text(cond.child_by_field_name("left")), syntax.text(cond.child_by_field_name("right"))} != {syntax.text(err), "nil"}:
        return False
    f = flow.statements_flow(syntax.statements(nxt.child_by_field_name("consequence")), done)
    return not f.falls_through and not f.exits


def _header_leaks(stmt: Node, err: Node, done: flow.Done) -> bool:
    """For `if resp, err := ...; cond { ... } else { ... }`: whether a branch
    where the response may be set falls off its end or jumps out without
    closing the body (`err == nil`: only the first branch; `err != nil`: only
    the else). A branch that ends the test or panics does not leak."""
    owner = stmt.parent
    if owner is None or owner.type != "if_statement" or owner.child_by_field_name("initializer") != stmt:
        return True
    cond = syntax.unparen(owner.child_by_field_name("condition"))
    branches = [owner.child_by_field_name("consequence"), owner.child_by_field_name("alternative")]
    if cond is not None and cond.type == "binary_expression" and err.type == "identifier":
        sides = {syntax.text(cond.child_by_field_name("left")), syntax.text(cond.child_by_field_name("right"))}
        op = syntax.text(cond.child_by_field_name("operator"))
        if sides == {syntax.text(err), "nil"}:
            branches = [branches[0]] if op == "==" else [branches[1]] if op == "!=" else branches
    for b in branches:
        if b is None:
            continue
        if b.type != "block":
            return True  # an else-if chain: not followed
        f = flow.statements_flow(syntax.statements(b), done)
        if f.falls_through or f.exits:
            return True
    return False


def _declaration(file: FileContext, var: Node) -> Node | None:
    b = local_binding(file, var)
    return b.node if b is not None else None


def _unknown_reason(use: Node, name: str) -> str:
    call = syntax.enclosing(use, "call_expression")
    callee = syntax.text(call.child_by_field_name("function")) if call is not None else "a function"
    return f"{name} or its body is passed to {callee}, which may close or keep it"


# ------------------------------------------------------------------ uses


def _uses(file, func: Node, stmt: Node, decl: Node, name: str) -> dict[Node, str]:
    """Each use of the response after the call, and what it does with it."""
    out = {}
    for use in release.uses(func, name, stmt):
        b = local_binding(file, use.node)
        if b is None or b.node != decl:
            continue
        out[use.node] = _LEAVES if use.where != release.OWN else _use(file, func, use.node)
    return out


def _use(file, func: Node, ident: Node) -> str:
    p = ident.parent
    if p is not None and p.type == "selector_expression" and p.child_by_field_name("operand") == ident:
        field = syntax.text(p.child_by_field_name("field"))
        if field != "Body":
            return _READ  # StatusCode, Header, ...: values that do not hold the connection
        return _body_use(file, func, p)
    return _value_use(file, func, ident)


def _value_use(file, func: Node, expr: Node) -> str:
    """What happens to the response (or its body) as a whole value."""
    outer = release.outer_expression(expr)
    q = outer.parent
    if q is not None and q.type == "binary_expression" and syntax.text(q.child_by_field_name("operator")) in ("==", "!="):
        return _READ
    if release.destination(expr, func) is not None:
        return _LEAVES
    if q is not None and q.type == "argument_list":
        call = q.parent
        if call.parent is not None and call.parent.type == "defer_statement":
            return _CLOSE  # a deferred call given the response is there to release it
        callee = syntax.text(call.child_by_field_name("function"))
        if _CLOSER_NAME.search(callee.rsplit(".", 1)[-1]):
            return _CLOSE
        if _qualified_in(file, call, _READERS):
            return _READ
        if _qualified_in(file, call, _WRAPPERS):
            return _wrapper_use(file, func, call)
        return _UNKNOWN
    return _UNKNOWN


def _body_use(file, func: Node, body: Node) -> str:
    outer = release.outer_expression(body)
    q = outer.parent
    if q is not None and q.type == "selector_expression" and q.child_by_field_name("operand") == outer:
        method = syntax.text(q.child_by_field_name("field"))
        call = q.parent
        if call is not None and call.type == "call_expression" and call.child_by_field_name("function") == q:
            return _CLOSE if method == "Close" else _READ
        if method == "Close":
            # `resp.Body.Close` as a value: handed to a deferred or closing call.
            return _value_use(file, func, q)
        return _UNKNOWN
    if q is not None and q.type == "expression_list" and q.parent is not None:
        g = q.parent
        if g.type == "assignment_statement" and g.child_by_field_name("left") == q:
            return _LEAVES  # the body is replaced: whoever replaced it closes the old one
    return _value_use(file, func, body)


def _wrapper_use(file, func: Node, call: Node) -> str:
    """A reader wrapping the body: a read while it stays in the function."""
    dest = release.destination(call, func)
    if dest is None:
        return _READ
    if dest != "aliased":
        return _LEAVES
    holder = syntax.sole_right_side(release.outer_expression(call))
    if holder is None or len(holder[1]) != 1 or holder[1][0].type != "identifier":
        return _UNKNOWN
    alias = holder[1][0]
    stmt = syntax.enclosing_statement(alias)
    if stmt is None:
        return _UNKNOWN
    for use in release.uses(func, syntax.text(alias), stmt):
        b = local_binding(file, use.node)
        if b is None or b.node != alias:
            continue
        if use.where != release.OWN or release.destination(use.node, func) is not None:
            return _UNKNOWN
    return _READ


def _qualified_in(file, call: Node, table: dict[str, frozenset[str]]) -> bool:
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return False
    pkg = syntax.text(fn.child_by_field_name("operand"))
    name = syntax.text(fn.child_by_field_name("field"))
    return any(file.import_name(path) == pkg and name in names for path, names in table.items())


# ------------------------------------------------------------------ paths and edits


def _closed(name: str) -> flow.Done:
    """`done` for flow: the statement closes the body (`resp.Body.Close()`,
    `_ = resp.Body.Close()`, a deferred call given the response or its body, a
    closer-named helper)."""

    def is_close(call: Node) -> bool:
        fn = call.child_by_field_name("function")
        if fn is None:
            return False
        if syntax.text(fn) == f"{name}.Body.Close":
            return True
        args = call.child_by_field_name("arguments")
        if args is None or not syntax.mentions(args, {name}):
            return False
        deferred = call.parent is not None and call.parent.type == "defer_statement"
        return deferred or bool(_CLOSER_NAME.search(syntax.text(fn).rsplit(".", 1)[-1]))

    return release.released_by(is_close)


def _plan(file, stmt: Node, check: Node, func: Node, decl: Node, name: str, local: bool, done):
    return release.release_fix(file.text, check, stmt, func, decl, name, local, done,
                               f"{name}.Body.Close()", "response", _reads_body(name))


def _reads_body(name: str):
    """Whether a statement needs the body open: it mentions the response other
    than through a field that is not Body (`resp.StatusCode` is fine)."""

    def in_use(node: Node) -> bool:
        for n in syntax.of_type(node, "identifier"):
            if syntax.text(n) != name:
                continue
            p = n.parent
            if p is not None and p.type == "selector_expression" and syntax.text(p.child_by_field_name("field")) != "Body":
                continue
            return True
        return False

    return in_use

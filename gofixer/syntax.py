"""tree-sitter helpers shared by the engine and every codemod: parsing, queries,
walking, the enclosing function and statement, results, loops, indentation and
statement insertion. Node type names are tree-sitter-go's."""

from __future__ import annotations

import bisect
import operator
import re
from functools import lru_cache
from typing import Callable, Iterable, Iterator

import tree_sitter

from .edits import Edit

Node = tree_sitter.Node

FUNCTION_TYPES = frozenset({"function_declaration", "method_declaration", "func_literal"})
LOOP_TYPES = frozenset({"for_statement"})
# Statements that hold a statement_list of their own (blocks and case clauses).
CLAUSE_TYPES = frozenset(
    {"expression_case", "default_case", "type_case", "communication_case"}
)


@lru_cache(maxsize=1)
def language() -> tree_sitter.Language:
    # The grammar's compiled module alone: the package's __init__ also loads
    # importlib.resources (tempfile, shutil) for query files gofixer never reads,
    # which a one-file run would pay for at every start.
    try:
        from tree_sitter_go._binding import language as go_language
    except ImportError:
        from tree_sitter_go import language as go_language
    return tree_sitter.Language(go_language())


_FUNC_HEADER = re.compile(rb"func [^\n]*\{\r?\n")


def _bodies(text: bytes) -> Iterator[tuple[int, int]]:
    """(start, end) of each top-level function body that can be left out of a
    parse: only gofmt-shaped functions (a header on one line ending in `{`, the
    body closed by a `}` alone at the start of a line), with no other top-level
    `func` and no raw string (which may hide a `}`) in between. Package-level
    declarations and function signatures are never left out."""
    # Lines are found with bytes.find: a regex anchored at every line start
    # would be tried at each one, in Python's slower matcher.
    pos = 0
    for at in _line_starts(text, b"func "):
        if at < pos:
            continue
        m = _FUNC_HEADER.match(text, at)
        if m is None:
            continue
        header = m.group()
        if header.count(b"(") != header.count(b")") or header.count(b"[") != header.count(b"]"):
            # `func f(b struct {`: the brace opens a parameter's type, not the body,
            # and skipping from it would leave the parameter list unclosed.
            continue
        end = _body_end(text, m.end())
        if end is None:
            return
        stop, pos = end
        start = m.end()
        if text.find(b"`", start, stop) < 0 and text.find(b"\nfunc ", start, stop) < 0:
            yield start, stop


def _line_starts(text: bytes, prefix: bytes) -> Iterator[int]:
    """The offsets of the lines that start with `prefix`, in order."""
    if text.startswith(prefix):
        yield 0
    needle = b"\n" + prefix
    i = text.find(needle)
    while i >= 0:
        yield i + 1
        i = text.find(needle, i + 1)


def _body_end(text: bytes, at: int) -> tuple[int, int] | None:
    """From `at` (just after a newline): where the first line holding only `}`
    (before LF, CRLF or the end of the text) starts, and where its `}` (and CR) ends."""
    i = at if text.startswith(b"}", at) else text.find(b"\n}", at) + 1
    while i > 0:
        if text.startswith(b"\r", i + 1) and (i + 2 == len(text) or text[i + 2] == 10):  # 10: LF
            return i, i + 2
        if i + 1 == len(text) or text[i + 1] == 10:
            return i, i + 1
        i = text.find(b"\n}", i) + 1
    return None


def without_bodies(text: bytes) -> bytes:
    """`text` with every function body _bodies finds cut out (offsets not kept):
    what is left is package-level declarations and function signatures."""
    parts = []
    pos = 0
    for start, end in _bodies(text):
        parts.append(text[pos:start])
        pos = end
    parts.append(text[pos:])
    return b"".join(parts)


# What a parse should not see becomes blanks (newlines stay, so offsets and line
# numbers are the text's): tree-sitter's included ranges do the same, but cost
# time for every range, where blanks cost almost nothing.
_BLANK = bytes(b if b == ord("\n") else ord(" ") for b in range(256))


def blanked(text: bytes, ranges: list[tuple[int, int]]) -> bytes:
    """`text` with the byte ranges (in order, not overlapping) blanked."""
    parts = []
    pos = 0
    for a, b in ranges:
        parts.append(text[pos:a])
        parts.append(text[a:b].translate(_BLANK))
        pos = b
    parts.append(text[pos:])
    return b"".join(parts)


def skipped_bodies(text: bytes, keep: Callable[[bytes], bool]) -> list[tuple[int, int]]:
    """The (start, end) of the function bodies that `keep` does not want: a
    parse can skip them (see parse_skipping)."""
    return [(a, b) for a, b in _bodies(text) if not keep(text[a:b])]


def parse_skipping(text: bytes, skipped: list[tuple[int, int]]) -> tree_sitter.Tree:
    """Parse `text` as if the `skipped` byte ranges were blank: the parser is
    given only the rest (tree-sitter's included ranges), so offsets are the
    text's own and the skipped bodies cost nothing."""
    if not skipped:
        return parse(text)
    row, seen = 0, 0

    def point(offset: int) -> tree_sitter.Point:
        # Offsets come in increasing order: count the newlines since the last.
        nonlocal row, seen
        row += text.count(b"\n", seen, offset)
        seen = offset
        return tree_sitter.Point(row, offset - (text.rfind(b"\n", 0, offset) + 1))

    ranges = []
    pos = 0
    for a, b in skipped:
        if a > pos:
            ranges.append(tree_sitter.Range(point(pos), point(a), pos, a))
        else:
            point(a)
        pos = b
    ranges.append(tree_sitter.Range(point(pos), point(len(text)), pos, len(text)))
    parser = tree_sitter.Parser(language())
    parser.included_ranges = ranges
    return _remember(parser.parse(text))


def parse(text: bytes) -> tree_sitter.Tree:
    return _remember(tree_sitter.Parser(language()).parse(text))


# The roots of the trees parsed last, so that ancestors() can walk down from a root:
# tree-sitter finds a node's parent by walking down from the root itself, so
# climbing a deep node's ancestors one `.parent` at a time costs depth squared.
_RECENT_ROOTS: list[tuple[tree_sitter.Tree, Node]] = []
_KEEP_ROOTS = 16
# Trees of at most this much source in all are kept besides the newest (a tree is
# tens of bytes per byte of source: a few big files' trees would hold gigabytes).
_KEEP_SOURCE = 1 << 20
_CLIMB = 16  # ancestors found by `.parent` before walking down from the root instead


def _remember(tree: tree_sitter.Tree) -> tree_sitter.Tree:
    _RECENT_ROOTS.insert(0, (tree, tree.root_node))
    del _RECENT_ROOTS[_KEEP_ROOTS:]
    kept = 0
    for i, (_, root) in enumerate(_RECENT_ROOTS[1:], 1):
        kept += root.end_byte
        if kept > _KEEP_SOURCE:
            del _RECENT_ROOTS[i:]
            break
    return tree


def forget(tree: tree_sitter.Tree) -> None:
    """Let a tree its owner is done with be freed now: a big file's tree is
    tens of bytes per byte of source, and the fixpoint makes one per pass."""
    _RECENT_ROOTS[:] = [(t, r) for t, r in _RECENT_ROOTS if t is not tree]


@lru_cache(maxsize=256)
def query(pattern: str) -> tree_sitter.Query:
    return tree_sitter.Query(language(), pattern)


def text(node: Node | None) -> str:
    raw = node.text if node is not None else None  # each .text copies the bytes: asked once
    return raw.decode() if raw is not None else ""


def first_child(node: Node, type_: str) -> Node | None:
    """The first child of `node` of this type. Children are taken one at a time:
    `node.children` builds every child, which for a file's root is one node per
    top-level declaration."""
    for i in range(node.child_count):
        child = node.child(i)
        if child is not None and child.type == type_:
            return child
    return None


def walk(node: Node, *, into_functions: bool = True) -> Iterator[Node]:
    """Pre-order walk. With into_functions=False, func literals below `node` are
    yielded but not entered."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        if n is not node and not into_functions and n.type == "func_literal":
            continue
        stack.extend(reversed(n.children))


def of_type(node: Node, types: Iterable[str] | str, *, into_functions: bool = True) -> Iterator[Node]:
    """Nodes under `node` (itself included) of the given named types, in pre-order.
    Found by a tree-sitter query, so the search runs in C, not node by node in
    Python. With into_functions=False, nothing inside a func literal below `node`
    is returned (the literal itself is)."""
    wanted = _known_types((types,) if isinstance(types, str) else tuple(sorted(set(types))))
    if not wanted:
        return iter(())
    found = tree_sitter.QueryCursor(_type_query(wanted)).captures(node).get("n", [])
    _in_order(found)
    if into_functions:
        return iter(found)
    return iter(_outside_literals(found, node))


_START = operator.attrgetter("start_byte")
_END = operator.attrgetter("end_byte")


def _in_order(nodes: list[Node]) -> None:
    """Sort `nodes` in place by start, the longer first where two start together
    (pre-order): two stable sorts keyed in C, cheaper than one keyed by a lambda."""
    nodes.sort(key=_END, reverse=True)
    nodes.sort(key=_START)


@lru_cache(maxsize=512)
def _known_types(types: tuple[str, ...]) -> tuple[str, ...]:
    """The names among `types` that are node types of the grammar (a name that
    is not simply matches nothing, as it would in a walk)."""
    return tuple(t for t in types if language().id_for_node_kind(t, True))


@lru_cache(maxsize=512)
def _type_query(types: tuple[str, ...]) -> tree_sitter.Query:
    return query("[" + " ".join(f"({t})" for t in types) + "] @n")


def _outside_literals(found: list[Node], top: Node) -> list[Node]:
    """`found` without the nodes inside a func literal below `top`: the outermost
    such literals are disjoint byte ranges, so each node is placed by a binary
    search instead of a walk up its ancestors (quadratic in nested literals)."""
    lits = tree_sitter.QueryCursor(_type_query(("func_literal",))).captures(top).get("n", [])
    _in_order(lits)
    outer: list[Node] = []
    for lit in lits:
        if lit != top and not (outer and lit.end_byte <= outer[-1].end_byte):
            outer.append(lit)
    starts = [lit.start_byte for lit in outer]

    def inside(n: Node) -> bool:
        i = bisect.bisect_right(starts, n.start_byte) - 1
        if i < 0:
            return False
        lit = outer[i]
        # A node spanning exactly the literal's bytes is the literal or holds it
        # (nothing inside starts with `func` and ends with its `}`).
        return n.end_byte <= lit.end_byte and (n.start_byte, n.end_byte) != (lit.start_byte, lit.end_byte)

    return [n for n in found if not inside(n)]


def ancestors(node: Node) -> Iterator[Node]:
    """The nodes around `node`, innermost first. In linear time however deep the
    node lies: past the first few, they come from one walk down from the root."""
    n = node
    for _ in range(_CLIMB):
        n = n.parent
        if n is None:
            return
        yield n
    path = _path_from_root(n)
    if path is None:  # a tree parsed elsewhere: climb, slowly
        n = n.parent
        while n is not None:
            yield n
            n = n.parent
        return
    yield from reversed(path)


def _path_from_root(node: Node) -> list[Node] | None:
    """The ancestors of `node` from its tree's root down, or None when it belongs
    to none of the trees parsed last."""
    for i, (tree, root) in enumerate(_RECENT_ROOTS):
        if not (root.start_byte <= node.start_byte and node.end_byte <= root.end_byte):
            continue
        path: list[Node] = []
        cur: Node | None = root
        while cur is not None and cur != node:
            path.append(cur)
            cur = cur.child_with_descendant(node)
        if cur is not None:
            _RECENT_ROOTS.insert(0, _RECENT_ROOTS.pop(i))  # a package's files parsed since must not push it out
            return path
    return None


def enclosing(node: Node, types: Iterable[str] | str) -> Node | None:
    wanted = {types} if isinstance(types, str) else set(types)
    for a in ancestors(node):
        if a.type in wanted:
            return a
    return None


def enclosing_function(node: Node) -> Node | None:
    """The innermost function declaration, method declaration or func literal."""
    return enclosing(node, FUNCTION_TYPES)


def top_level_declaration(node: Node) -> Node:
    n = node
    for a in ancestors(node):
        if a.type == "source_file":
            break
        n = a
    return n


def enclosing_statement(node: Node) -> Node | None:
    """The statement (a direct child of a statement_list) that contains `node`."""
    n = node
    for a in ancestors(node):
        if a.type == "statement_list":
            return n
        if a.type in FUNCTION_TYPES:
            return None
        n = a
    return None


def enclosing_loop(node: Node) -> Node | None:
    """The innermost for statement around `node` within the same function body."""
    for a in ancestors(node):
        if a.type in FUNCTION_TYPES:
            return None
        if a.type in LOOP_TYPES and node.start_byte >= (a.child_by_field_name("body") or a).start_byte:
            return a
    return None


def specs(decl: Node, spec_type: str) -> list[Node]:
    """The specs (`var_spec`, `import_spec`, ...) of a declaration, whether it
    holds one or a parenthesised list of them."""
    out = []
    for c in decl.named_children:
        if c.type == spec_type:
            out.append(c)
        elif c.type == spec_type + "_list":
            out.extend(s for s in c.named_children if s.type == spec_type)
    return out


def unparen(node: Node | None) -> Node | None:
    """`node` without the parentheses around it (of an expression or a type)."""
    while node is not None and node.type in ("parenthesized_expression", "parenthesized_type") and node.named_children:
        node = node.named_children[0]
    return node


def selector_root(expr: Node) -> Node:
    """The leftmost operand of a selector chain: `p` for `(p.a).b`."""
    expr = unparen(expr)
    while expr.type == "selector_expression":
        expr = unparen(expr.child_by_field_name("operand"))
    return expr


def sole_right_side(expr: Node) -> tuple[Node, list[Node]] | None:
    """When `expr` is the whole right-hand side of an assignment (`:=`, `=`,
    `op=`) or of a var spec: that statement or spec, and its left-hand side
    (operands, or the spec's names)."""
    values = expr.parent
    if values is None or values.type != "expression_list" or values.named_child_count != 1:
        return None
    holder = values.parent
    if holder is None:
        return None
    if holder.type in ("short_var_declaration", "assignment_statement"):
        if holder.child_by_field_name("right") != values:
            return None
        left = holder.child_by_field_name("left")
        return holder, list(left.named_children) if left is not None else []
    if holder.type == "var_spec" and holder.child_by_field_name("value") == values:
        return holder, [n for n in holder.children_by_field_name("name") if n.is_named]
    return None


_DECLARING = ("short_var_declaration", "range_clause", "receive_statement", "type_switch_statement", "var_spec",
              "const_spec", "type_spec", "type_alias", "parameter_declaration", "variadic_parameter_declaration")


def declared_names(node: Node | None) -> set[str]:
    """Names declared anywhere under `node`: variables (`:=`, var, range and
    receive with `:=`, type switch guards), constants, types, parameters and
    results. A superset of what may shadow a name somewhere in `node`."""
    names: set[str] = set()
    if node is None:
        return names
    for n in of_type(node, _DECLARING):
        if n.type == "type_switch_statement":
            alias = n.child_by_field_name("alias")
            if alias is not None:
                names.update(text(c) for c in alias.named_children)
        elif n.type in ("short_var_declaration", "range_clause", "receive_statement"):
            left = n.child_by_field_name("left")
            if left is not None and (n.type == "short_var_declaration" or any(c.type == ":=" for c in n.children)):
                names.update(text(c) for c in left.named_children if c.type == "identifier")
        else:
            names.update(text(c) for c in n.children_by_field_name("name") if c.is_named)
    return names


def statements(block: Node | None) -> list[Node]:
    """The statements of a block or case clause (empty blocks have no list)."""
    if block is None:
        return []
    if block.type == "statement_list":
        return list(block.named_children)
    for c in block.named_children:
        if c.type == "statement_list":
            return list(c.named_children)
    return []


def _fields(params: Node | None) -> list[tuple[str | None, Node]]:
    if params is None:
        return []
    if params.type != "parameter_list":
        return [(None, params)]
    out: list[tuple[str | None, Node]] = []
    for decl in params.named_children:
        if decl.type not in ("parameter_declaration", "variadic_parameter_declaration"):
            continue
        typ = decl.child_by_field_name("type")
        names = decl.children_by_field_name("name")
        if names:
            out.extend((text(n), typ) for n in names)
        else:
            out.append((None, typ))
    return out


def parameters(func: Node) -> list[tuple[str | None, Node]]:
    """(name or None, type node) for each parameter, names expanded."""
    return _fields(func.child_by_field_name("parameters"))


def results(func: Node) -> list[tuple[str | None, Node]]:
    """(name or None, type node) for each result, names expanded."""
    return _fields(func.child_by_field_name("result"))


def function_name(func: Node) -> str:
    if func.type == "func_literal":
        outer = enclosing_function(func)
        return function_name(outer) if outer is not None else "func"
    return text(func.child_by_field_name("name"))


_NAME_TYPES = ("field_identifier", "identifier", "label_name", "package_identifier", "type_identifier")


def identifiers(node: Node) -> set[str]:
    """Every identifier-like name under `node` (names, fields, types, labels)."""
    return {text(n) for n in of_type(node, _NAME_TYPES)}


def mentions(node: Node, names: set[str] | frozenset[str]) -> bool:
    """True when an identifier (not a field name) under `node` is one of `names`."""
    return any(text(n) in names for n in of_type(node, "identifier"))


# ---------------------------------------------------------------- layout


def line_start(src: bytes, pos: int) -> int:
    return src.rfind(b"\n", 0, pos) + 1


def line_end(src: bytes, pos: int) -> int:
    i = src.find(b"\n", pos)
    return len(src) if i < 0 else i


def indent_of(src: bytes, pos: int) -> bytes:
    """The leading whitespace of the line holding `pos`."""
    start = line_start(src, pos)
    i = start
    while i < len(src) and src[i] in b" \t":
        i += 1
    return src[start:i]


def starts_line(src: bytes, node: Node) -> bool:
    start = line_start(src, node.start_byte)
    return src[start : node.start_byte].strip() == b""


def _rest_is_comment(src: bytes, pos: int) -> bool:
    rest = src[pos : line_end(src, pos)].strip()
    return rest == b"" or (rest.startswith(b"//")) or (rest.startswith(b"/*") and rest.endswith(b"*/"))


def insert_after(src: bytes, stmt: Node, lines: list[str], indent: bytes | None = None) -> Edit | None:
    """An edit placing `lines` on their own lines right after statement `stmt`
    (after any comment that ends its line), indented like `stmt`. None when the
    layout leaves no clean place (another statement on the same line)."""
    if not starts_line(src, stmt) or not _rest_is_comment(src, stmt.end_byte):
        return None
    ind = indent_of(src, stmt.start_byte) if indent is None else indent
    at = line_end(src, stmt.end_byte)
    new = b"".join(b"\n" + ind + line.encode() if line else b"\n" for line in lines)
    return Edit(at, at, new)


def insert_before(src: bytes, stmt: Node, lines: list[str], indent: bytes | None = None) -> Edit | None:
    """An edit placing `lines` on their own lines right before statement `stmt`,
    indented like it. None when `stmt` does not start its line."""
    if not starts_line(src, stmt):
        return None
    ind = indent_of(src, stmt.start_byte) if indent is None else indent
    at = line_start(src, stmt.start_byte)
    new = b"".join((ind + line.encode() if line else b"") + b"\n" for line in lines)
    return Edit(at, at, new)


def error_spans(root: Node) -> list[tuple[int, int]]:
    """Byte spans of the top-level declarations that hold a syntax error: fixes
    touching them are dropped, since the tree there is a guess."""
    if not root.has_error:
        return []
    spans = []
    for decl in root.children:
        if decl.has_error or decl.type == "ERROR" or decl.is_missing:
            spans.append((decl.start_byte, decl.end_byte))
    return spans


def first_error_line(root: Node) -> int | None:
    for n in walk(root):
        if n.type == "ERROR" or n.is_missing:
            return n.start_point[0] + 1
    return None

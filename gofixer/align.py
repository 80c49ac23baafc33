"""Alignment after fixes: where a fix changes lines inside aligned columns
(trailing comments after statements, struct fields with their types, tags and
comments, const/var and import specs, the keys, values and comments of a
composite literal), the columns are realigned the way gofmt does, so a
gofmt-clean file stays gofmt-clean without a Go toolchain.

gofmt prints through text/tabwriter: a line is a list of cells, each ended by
a tab, and the cells of one column are padded to a common width over a block
of consecutive lines that all have a cell in that column (and, for a column
after the first, that lie in one block of the column before). A line without
such a cell (a blank line, a comment alone, a field without a comment) ends
the block. The printer decides the cells of a line (go/printer's fieldList,
valueSpec, exprList, stmtList) and starts a new section, which ends every
block, before the first element of a list and after an element that spans
several lines; in a composite literal also where an element's size differs
too much from the sizes before it. This module rebuilds those cells from the
tree-sitter tree and runs tabwriter's column algorithm on them.

The model is trusted only where it explains the layout before the fix: each
list around a fix is first laid out as it was, and if that would change
anything (the file was not gofmt-clean, or gofmt did something the model does
not know), nothing around that fix is realigned. The result is whitespace
edits between cells, so code never moves within its cell."""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from . import syntax
from .edits import Edit
from .syntax import Node

# The lists whose elements gofmt lays out in columns.
CONTAINERS = ("source_file", "statement_list", "field_declaration_list", "interface_type", "var_spec_list",
              "const_declaration", "type_declaration", "import_spec_list", "literal_value", "expression_list",
              "argument_list")
# The lists go/printer prints with exprList (sections by element size).
_EXPRESSION_LISTS = ("literal_value", "expression_list", "argument_list")
_ELEMENTS = {
    "field_declaration_list": ("field_declaration",),
    "var_spec_list": ("var_spec",),
    "const_declaration": ("const_spec",),
    "import_spec_list": ("import_spec",),
    "type_declaration": ("type_spec", "type_alias"),
    "literal_value": ("keyed_element", "literal_element"),
}


def realign(old: bytes, new: bytes, edits: Iterable[Edit], old_root: Node | None = None) -> list[Edit]:
    """Whitespace edits to `new` (which is `old` with `edits` applied) that lay
    out again, as gofmt would, the columns around the lines the edits wrote.
    `old_root`: a tree of `old` the caller already has (the fixpoint's pass
    tree), which saves parsing it again."""
    return relayout(new, judge(old, edits, old_root))


@dataclass
class Judged:
    """What the text before some edits says about them: the edits (sorted, no
    duplicates) and, for each, whether the model explains the layout of every
    list around it as it was (only there is anything laid out again)."""

    edits: list[Edit]
    explained: list[bool]


def judge(old: bytes, edits: Iterable[Edit], old_root: Node | None = None) -> Judged:
    """The first half of realign, which needs a tree of `old` only: a caller
    holding a big file's tree frees it before relayout builds one of the new
    text, so that two are never alive at once. `old_root`: as in realign."""
    edits = sorted(set(edits))
    spans = [(e.start, e.end) for e in edits]

    def verdicts(root: Node, indices: list[int], explained: dict) -> list[tuple[int, bool]]:
        out = []
        for i in indices:
            around = _containers_around(root, *spans[i])
            for c in around:
                if (c.start_byte, c.end_byte) not in explained:
                    explained[(c.start_byte, c.end_byte)] = not _layout(old, c)
            out.append((i, all(explained[(c.start_byte, c.end_byte)] for c in around)))
        return out

    if not edits:
        return Judged([], [])
    if old_root is not None:
        found = [verdicts(old_root, list(range(len(spans))), {})]
    else:
        found = _per_tree(old, spans, verdicts)
    by_index = dict(pair for part in found for pair in part)
    return Judged(edits, [by_index[i] for i in range(len(edits))])


def relayout(new: bytes, judged: Judged) -> list[Edit]:
    """The second half of realign: the whitespace edits to `new` (the text
    after the judged edits) around those edits the model explains."""
    if not any(judged.explained):
        return []
    new_ranges = changed_ranges(judged.edits)
    starts = _line_starts(new)
    touched: set[int] = set()
    for a, b in new_ranges:
        first, last = _line_of(starts, a), _line_of(starts, max(a, b - 1))
        touched.update(range(first - 1, last + 2))  # the neighbours: a block may merge or split there
    # Only the edits the model explains are laid out again around.
    spans = [r for r, ok in zip(new_ranges, judged.explained) if ok]

    def layout(root: Node, indices: list[int], done: dict) -> set[Edit]:
        out: set[Edit] = set()
        for i in indices:
            for c in _containers_around(root, *spans[i]):
                if (c.start_byte, c.end_byte) not in done:
                    done[(c.start_byte, c.end_byte)] = True
                    out.update(_layout(new, c, touched))
        return out

    return sorted(set().union(*_per_tree(new, spans, layout)))


# A text bigger than this is parsed a window of function bodies at a time, each
# window about this many bytes of bodies (and at least as many as the rest of
# the file, which every window holds: package-level declarations and function
# signatures), so that realignment never builds a big file's whole tree: a tree
# costs tens of bytes per byte of source.
_WINDOW = 1 << 20


def _per_tree(text: bytes, spans: list[tuple[int, int]], work: Callable[[Node, list[int], dict], Any]) -> list:
    """work(root, indices, memo) for trees of `text` that together hold every
    span: the indices are those of the spans the tree holds (a window leaves
    out only function bodies no span touches), and memo is shared by the calls.
    Windows stand in for the whole tree only when none holds a syntax error
    (then each body parses alone as it does in the whole file); otherwise the
    text is parsed whole, and work done once over it."""
    windows = _windows(text, spans)
    if windows is not None:
        memo: dict = {}
        results = []
        for hidden, indices in windows:
            tree = syntax.parse(syntax.blanked(text, hidden))
            try:
                if tree.root_node.has_error:
                    break
                if indices:
                    results.append(work(tree.root_node, indices, memo))
            finally:
                syntax.forget(tree)
        else:
            return results
    tree = syntax.parse(text)
    try:
        return [work(tree.root_node, list(range(len(spans))), {})]
    finally:
        syntax.forget(tree)


def _windows(text: bytes, spans: list[tuple[int, int]]) -> list[tuple[list[tuple[int, int]], list[int]]] | None:
    """(the bodies to leave out, the indices of the spans held) for each window
    of function bodies, the windows covering every body; None when the text is
    parsed whole (a small text, or a span touching bodies of two windows)."""
    if len(text) <= _WINDOW:
        return None
    bodies = syntax.skipped_bodies(text, lambda body: False)  # every body a parse can leave out
    size = max(_WINDOW, len(text) - sum(b - a for a, b in bodies))
    groups: list[list[int]] = [[]]
    held = 0
    for i, (a, b) in enumerate(bodies):
        if groups[-1] and held + b - a > size:
            groups.append([])
            held = 0
        groups[-1].append(i)
        held += b - a
    if len(groups) == 1:
        return None
    window_of = [w for w, group in enumerate(groups) for _ in group]
    ends = [b for _, b in bodies]
    indices: list[list[int]] = [[] for _ in groups]
    for k, (a, b) in enumerate(spans):
        # The bodies the span touches, its ends included: an edit at a body's
        # first or last byte is laid out within the body.
        touched = set()
        i = bisect.bisect_left(ends, a)
        while i < len(bodies) and bodies[i][0] <= b:
            touched.add(window_of[i])
            i += 1
        if len(touched) > 1:
            return None
        indices[touched.pop() if touched else 0].append(k)
    return [(bodies[:group[0]] + bodies[group[-1] + 1:], indices[w]) for w, group in enumerate(groups)]


def changed_ranges(edits: Iterable[Edit]) -> list[tuple[int, int]]:
    """The byte ranges, in the text after `edits`, of the text they wrote (an
    empty range where they only deleted), in the order of the edits."""
    out = []
    shift = 0
    for e in sorted(set(edits)):
        start = e.start + shift
        out.append((start, start + len(e.new)))
        shift += len(e.new) - (e.end - e.start)
    return out


# ------------------------------------------------------------------ cells


@dataclass
class _Cell:
    start: int  # byte range of the cell's text (start == end: an empty cell)
    end: int
    width: int  # in characters, as tabwriter counts
    soft: bool  # ended by a vtab: a column of empty soft cells takes no room


@dataclass
class _Row:
    """One line of a section: its tab-ended cells, then the text after them."""

    number: int
    cells: list[_Cell] = field(default_factory=list)
    rest: int = 0  # where the text after the last cell starts
    widths: list[int] = field(default_factory=list)  # filled by _format


def _layout(text: bytes, container: Node, lines: set[int] | None = None) -> list[Edit]:
    """The edits that lay out the container's sections (those holding a line
    in `lines`; all when None) as gofmt would."""
    out = []
    for section in _sections(text, container):
        if lines is not None and not any(r.number in lines for r in section):
            continue
        _format(section, 0, len(section), [])
        for row in section:
            out.extend(_padding(text, row))
    return out


def _sections(text: bytes, container: Node) -> list[list[_Row]]:
    elements = [c for c in container.named_children if c.type in _ELEMENTS.get(container.type, (c.type,))
                and c.type != "comment"]
    if not elements:
        return []
    breaks = _literal_breaks(text, elements) if container.type in _EXPRESSION_LISTS else _list_breaks(elements)
    shape = _Shape(text, container, elements)
    firsts = {el.start_point[0]: el for el in elements if syntax.starts_line(text, el)}
    inside = {ln for el in elements for ln in range(el.start_point[0] + 1, el.end_point[0] + 1)}
    sections: list[list[_Row]] = [[]]
    for line in range(elements[0].start_point[0], elements[-1].start_point[0] + 1):
        el = firsts.get(line)
        if el is not None:
            if breaks[el.id] and sections[-1]:
                sections.append([])
            sections[-1].append(shape.row(el))
        elif line not in inside:
            sections[-1].append(_Row(line))  # a blank or comment line: it ends every block
    return [s for s in sections if s]


class _Shape:
    """The cells go/printer gives the first line of each element of a list."""

    def __init__(self, text: bytes, container: Node, elements: list[Node]):
        self.text = text
        self.container = container
        self.elements = elements
        self.comments = {c.start_point[0]: c for c in container.named_children if c.type == "comment"}
        self.root: Node | None = None
        self.keep_type = _keep_type_column(elements) if container.type in ("var_spec_list", "const_declaration") \
            else {}

    def row(self, el: Node) -> _Row:
        text = self.text
        line = el.start_point[0]
        end = syntax.line_end(text, el.start_byte)
        comment = self._trailing_comment(el, line, end)
        code_end = _rstrip(text, el.start_byte, comment if comment is not None else end)
        cells, rest = self._cells(el, code_end, comment is not None)
        for i, (a, b, _) in enumerate(cells):
            if b > end:  # text that goes on past this line (names or a type over lines): no cell ends here
                cells, rest = cells[:i], a
                break
        row = _Row(line, [_Cell(a, b, _width(text[a:b]), soft) for a, b, soft in cells], rest)
        if comment is not None:
            if 0 <= rest < code_end:  # the text before the comment is a cell of its own (ended by a tab)
                row.cells.append(_Cell(rest, code_end, _width(text[rest:code_end]), False))
            row.rest = comment
        return row

    def _trailing_comment(self, el: Node, line: int, end: int) -> int | None:
        """The one-line comment that ends the element's first line (after it, or
        inside it after its opening brace)."""
        found = [self.comments.get(line)]
        if el.end_point[0] > line:  # the node that ends the line, inside the element
            found.append(self._root().descendant_for_byte_range(end - 1, end))
        elif self.container.type == "expression_list" and self.container.parent is not None \
                and self.container.parent.type.endswith("_case") and self.text[el.end_byte:end].lstrip()[:1] == b":":
            found.append(self._root().descendant_for_byte_range(end - 1, end))  # after a case's colon
        for c in found:
            if c is not None and c.type == "comment" and c.end_byte == end and c.start_byte > el.start_byte \
                    and not syntax.starts_line(self.text, c):
                return c.start_byte
        return None

    def _root(self) -> Node:
        if self.root is None:
            self.root = self.container
            while self.root.parent is not None:
                self.root = self.root.parent
        return self.root

    def _cells(self, el: Node, code_end: int, comment: bool) -> tuple[list[tuple[int, int, bool]], int]:
        """(start, end, soft) of the tab-ended cells before the last text of the
        line, and where that text starts."""
        multi = el.end_point[0] > el.start_point[0]
        if el.type == "field_declaration" and len(self.elements) > 1:
            return _field_cells(el, comment, multi)
        if el.type in ("var_spec", "const_spec") and len(self.elements) > 1:
            return _spec_cells(self.text, el, self.keep_type[el.id], comment, code_end)
        if el.type in ("function_declaration", "method_declaration") and not multi:
            body = el.child_by_field_name("body")  # a one-line body goes in a column of its own
            if body is not None:
                return [(el.start_byte, _rstrip(self.text, el.start_byte, body.start_byte), True)], body.start_byte
        if el.type in ("type_spec", "type_alias") and len(self.elements) > 1:
            name = el.child_by_field_name("name")
            params = el.child_by_field_name("type_parameters")
            end = (params or name).end_byte
            return [(el.start_byte, end, True)], _skip_blanks(self.text, end)
        if el.type == "keyed_element" and not multi and len(self.elements) > 1 and len(el.named_children) == 2:
            colon = next((c for c in el.children if c.type == ":"), None)
            if colon is not None:
                return [(el.start_byte, colon.end_byte, True)], _skip_blanks(self.text, colon.end_byte)
        return [], el.start_byte


def _field_cells(el: Node, comment: bool, multi: bool) -> tuple[list[tuple[int, int, bool]], int]:
    """go/printer's fieldList: names, type, an empty cell and the tag (named
    fields with a tag), or the type and an empty cell before a comment (fields
    without a name); all ended by vtabs."""
    names = el.children_by_field_name("name")
    typ = el.child_by_field_name("type")
    tag = el.child_by_field_name("tag")
    cells = []
    if names:
        cells.append((names[0].start_byte, names[-1].end_byte, True))
    if typ is None:
        return cells, names[-1].end_byte if names else el.start_byte
    # An embedded field's `*` is its own node, before the type.
    start = typ.start_byte if names else el.start_byte
    if multi:  # the type goes on past this line: no cell of it ends here
        return cells, start
    if tag is not None:
        cells.append((start, typ.end_byte, True))
        if names:
            cells.append((typ.end_byte, typ.end_byte, True))
        return cells, tag.start_byte
    if comment:
        cells.append((start, typ.end_byte, True))
        if not names:
            cells.append((typ.end_byte, typ.end_byte, True))
        return cells, -1
    return cells, start


def _spec_cells(text: bytes, el: Node, keep_type: bool, comment: bool,
                code_end: int) -> tuple[list[tuple[int, int, bool]], int]:
    """go/printer's valueSpec: names, type (kept as an empty cell where the run
    of specs has types), `= values`, and empty cells up to the comment's column."""
    names = el.children_by_field_name("name")
    typ = el.child_by_field_name("type")
    value = el.child_by_field_name("value")
    cells = []
    cur = (names[0].start_byte, names[-1].end_byte)
    extra = 3
    if typ is not None or keep_type:
        cells.append((*cur, True))
        cur = (typ.start_byte, typ.end_byte) if typ is not None else (cur[1], cur[1])
        extra -= 1
    if value is not None:
        eq = next((c for c in el.children if c.type == "="), None)
        if eq is None:
            return [], el.start_byte
        cells.append((*cur, True))
        cur = (eq.start_byte, code_end if value.end_point[0] > el.start_point[0] or comment else value.end_byte)
        extra -= 1
    if cur[1] > syntax.line_end(text, el.start_byte):  # a type that goes on past this line
        return cells, cur[0]
    if not comment:
        return cells, cur[0]
    for _ in range(extra):
        cells.append((*cur, True))
        cur = (cur[1], cur[1])
    return cells, -1


def _keep_type_column(specs: list[Node]) -> dict[int, bool]:
    """go/printer's keepTypeColumn: in a run of specs with values, the type
    column is kept (as an empty cell) when one spec of the run has a type."""
    keep = {s.id: False for s in specs}
    run: list[Node] = []
    typed = False
    for s in [*specs, None]:
        has_value = s is not None and s.child_by_field_name("value") is not None
        if has_value:
            if not run:
                typed = False
            run.append(s)
        elif run:
            for r in run:
                keep[r.id] = typed
            run = []
        if s is not None and s.child_by_field_name("type") is not None:
            typed = True
    return keep


# ------------------------------------------------------------------ sections


def _list_breaks(elements: list[Node]) -> dict[int, bool]:
    """Element id -> whether a section starts there: at the first element, and
    after an element spanning several lines (go/printer's stmtList, fieldList
    and spec lists)."""
    return {el.id: i == 0 or elements[i - 1].end_point[0] > elements[i - 1].start_point[0]
            for i, el in enumerate(elements)}


def _literal_breaks(text: bytes, elements: list[Node]) -> dict[int, bool]:
    """The same for a composite literal's elements, by go/printer's exprList: a
    section also starts where an element's size (a key's, for key: value)
    differs too much from the sizes before it, and after an element that shares
    its line; the sizes seen are forgotten at a new section and where a blank
    or comment line comes between elements."""
    out = {}
    size = 0
    log2sum, count = 0.0, 0
    prev_break = -1
    prev_line = -1
    for i, el in enumerate(elements):
        line = el.start_point[0]
        prev_size = size
        size = _size(el)
        use_ff = True
        if prev_size > 0 and size > 0:
            if count == 0 or (prev_size <= 40 and size <= 40):
                use_ff = False
            else:
                ratio = size / _exp2ish(log2sum / count)
                use_ff = 2.5 * ratio <= 1 or 2.5 <= ratio
        brk = i == 0
        if i > 0 and prev_line < line:
            brk = use_ff or prev_break + 1 < i
            prev_break = i
            if brk or line - elements[i - 1].end_point[0] > 1:  # a new section, or lines between (blank or comment)
                log2sum, count = 0.0, 0
        elif i == 0:
            prev_break = 0
        out[el.id] = brk
        if size > 0:
            log2sum += _log2ish(size)
            count += 1
        prev_line = line
    return out


def _size(el: Node) -> int:
    """go/printer's nodeSize of a literal element on one line (of its key, for
    key: value); 0 for one that spans lines."""
    if el.end_point[0] > el.start_point[0]:
        return 0
    if el.type == "keyed_element" and el.named_children:
        el = el.named_children[0]
    return el.end_byte - el.start_byte


def _log2ish(x: float) -> float:
    f, e = math.frexp(x)
    return e + 2 * (f - 1)


def _exp2ish(x: float) -> float:
    n = math.floor(x)
    return math.ldexp(1 + (x - n), int(n))


# ------------------------------------------------------------------ tabwriter


def _format(rows: list[_Row], line0: int, line1: int, widths: list[int]) -> None:
    """text/tabwriter's Writer.format: the width of each column block, nested
    in the block of the column before, recorded on the rows."""
    column = len(widths)
    this = line0
    while this < line1:
        if column >= len(rows[this].cells):
            this += 1
            continue
        end = this
        width, discardable = 0, True
        while end < line1 and column < len(rows[end].cells):
            c = rows[end].cells[column]
            width = max(width, c.width + 1)
            discardable = discardable and c.width == 0 and c.soft
            end += 1
        if discardable:
            width = 0
        for r in rows[this:end]:
            del r.widths[column:]
            r.widths.append(width)
        _format(rows, this, end, widths + [width])
        this = end


def _padding(text: bytes, row: _Row) -> list[Edit]:
    """Edits making the blanks between the row's texts match its column widths:
    each text starts at the sum of the widths of the columns before it."""
    texts = []
    col = 0
    for i, c in enumerate(row.cells):
        if c.end > c.start:
            texts.append((c.start, c.end, col, c.width))
        col += row.widths[i] if i < len(row.widths) else c.width
    if row.cells and 0 <= row.rest < syntax.line_end(text, row.rest):
        texts.append((row.rest, row.rest, col, 0))
    out = []
    for (_, end, at, width), (start, _, nxt, _) in zip(texts, texts[1:]):
        gap = text[end:start]
        want = b" " * (nxt - at - width)
        if start < end or gap.strip() or nxt - at - width < 1:
            return []  # not the shape modelled: leave the line alone
        if gap != want:
            out.append(Edit(end, start, want))
    return out


# ------------------------------------------------------------------ text


def _containers_around(root: Node, a: int, b: int) -> list[Node]:
    """The lists holding the byte range, innermost first, and the lists inside
    it (a fix's new text may hold a list of its own)."""
    node = root.descendant_for_byte_range(a, max(a, b))
    out = []
    n = node
    while n is not None:
        if n.type in CONTAINERS:
            out.append(n)
        n = n.parent
    if node is not None and b > a:
        out.extend(c for c in syntax.of_type(node, CONTAINERS) if a <= c.start_byte and c.end_byte <= b + 1)
    return out


def _width(b: bytes) -> int:
    return len(b.decode("utf-8", "replace"))


def _rstrip(text: bytes, start: int, end: int) -> int:
    while end > start and text[end - 1] in b" \t":
        end -= 1
    return end


def _skip_blanks(text: bytes, pos: int) -> int:
    while pos < len(text) and text[pos] in b" \t":
        pos += 1
    return pos


def _line_starts(text: bytes) -> list[int]:
    starts = [0]
    pos = text.find(b"\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find(b"\n", pos + 1)
    return starts


def _line_of(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset) - 1

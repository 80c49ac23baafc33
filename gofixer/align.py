"""Alignment after fixes: where a fix changed lines inside a run of aligned
trailing comments (statements, struct fields, const/var and import specs, the
elements of a composite literal), the run is realigned the way gofmt does, so
a gofmt-clean file stays gofmt-clean without a Go toolchain.

gofmt prints through text/tabwriter: a line is a list of cells, and the cells
of one column are padded to a common width over a block of consecutive lines
that all have a cell in that column. For a trailing comment the cell before it
is the code of the line, so the comment column of a block is one space after
its longest code. A block ends at a line without a trailing comment (a blank
line, a comment on its own line, code alone), where the indentation changes,
and wherever the printer starts a new section: before the first element of a
list and after an element that spans several lines (its first line still
aligns with the lines above). Only the comment column is recomputed; the
columns inside a line (a field's type, a spec's `=`, a key's value) are left as
they are, since no fix renames a field, a spec or a key.

Blocks are recomputed only where they hold a changed line or touch one, and
the result is whitespace edits between code and comment, so a finding's
position in the code never moves within its line."""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from typing import Iterable

from . import syntax
from .edits import Edit
from .syntax import Node

# The lists whose elements gofmt aligns trailing comments across.
CONTAINERS = ("statement_list", "field_declaration_list", "var_spec_list", "const_declaration", "import_spec_list",
              "literal_value")


def changed_lines(edits: Iterable[Edit]) -> list[tuple[int, int]]:
    """The byte ranges, in the text after `edits`, of the text they wrote (an
    empty range where they only deleted)."""
    out = []
    shift = 0
    for e in sorted(set(edits)):
        start = e.start + shift
        out.append((start, start + len(e.new)))
        shift += len(e.new) - (e.end - e.start)
    return out


def realign(text: bytes, changed: list[tuple[int, int]]) -> list[Edit]:
    """Whitespace edits that realign the trailing comments of every block
    holding or touching a line in `changed` (byte ranges of `text`)."""
    if not changed or b"//" not in text and b"/*" not in text:
        return []
    starts = _line_starts(text)
    touched, written = set(), set()
    for a, b in changed:
        first, last = _line_of(starts, a), _line_of(starts, max(a, b - 1) if b > a else a)
        written.update(range(first, last + 1))
        touched.update(range(first - 1, last + 2))  # the neighbours: a block may merge or split there
    root = syntax.parse(text).root_node
    edits: list[Edit] = []
    seen: set[int] = set()
    for a, b in changed:
        for container in _containers_around(root, a, b):
            if container.id in seen:
                continue
            seen.add(container.id)
            for block in _blocks(text, starts, container):
                if any(ln.number in touched for ln in block) and _trusted(text, block, written):
                    edits.extend(_aligned(text, block))
    return sorted(set(edits))


@dataclass
class _Line:
    number: int  # 0-based
    indent: bytes
    code_end: int  # byte offset just after the code (trailing blanks excluded)
    comment: int | None  # byte offset of the trailing comment
    full: bool  # the line has every cell before its comment (not an embedded field, a bare const)
    width: int  # the code's width in characters
    breaks_before: bool  # a new section starts at this line


def _containers_around(root: Node, a: int, b: int) -> list[Node]:
    """The alignment lists holding the range, innermost first, plus the lists
    inside it (a fix's new text may hold a whole block of its own)."""
    node = root.descendant_for_byte_range(a, max(a, b))
    out = []
    while node is not None:
        if node.type in CONTAINERS:
            out.append(node)
        node = node.parent
    inner = root.descendant_for_byte_range(a, max(a, b))
    if inner is not None and b > a:
        out.extend(n for n in syntax.of_type(inner, CONTAINERS) if a <= n.start_byte and n.end_byte <= b + 1)
    return out


def _blocks(text: bytes, starts: list[int], container: Node) -> list[list[_Line]]:
    """The container's runs of lines with trailing comments that gofmt aligns
    together."""
    lines = _element_lines(text, starts, container)
    blocks: list[list[_Line]] = []
    run: list[_Line] = []
    for ln in lines:
        joins = (run and ln.comment is not None and ln.number == run[-1].number + 1
                 and ln.indent == run[-1].indent and not ln.breaks_before)
        if not joins and run:
            blocks.append(run)
            run = []
        if ln.comment is not None:
            run.append(ln)
        elif run:
            blocks.append(run)
            run = []
    if run:
        blocks.append(run)
    return [b for b in blocks if len(b) > 1 or b[0].comment is not None]


def _element_lines(text: bytes, starts: list[int], container: Node) -> list[_Line]:
    """One _Line per element of the container that starts its line: its first
    line, with the trailing comment there if any. A line that holds no element
    start (a comment alone, the inside of a multi-line element) is left out, and
    a gap in line numbers ends a block."""
    out: list[_Line] = []
    children = container.named_children
    elements = [el for el in children if el.type in _ELEMENTS.get(container.type, (el.type,)) and el.type != "comment"]
    breaks = _literal_sections(text, elements) if container.type == "literal_value" else _sections(elements)
    for i, el in enumerate(children):
        if el.id not in breaks or not syntax.starts_line(text, el):
            continue
        first = el.start_point[0]
        last = el.end_point[0]
        line_end = syntax.line_end(text, el.start_byte)
        comment = _trailing_comment(text, children, i, el, first, line_end)
        if last > first and comment is not None and not _opens(text, el, comment):
            comment = None  # a comment inside a multi-line expression: not ours to move
        code_stop = comment if comment is not None else line_end
        line_start = starts[first]
        indent = syntax.indent_of(text, el.start_byte)
        code_end = line_start + len(text[line_start:code_stop].rstrip())
        code = text[line_start + len(indent):code_end]
        out.append(_Line(first, indent, code_end, comment, _all_cells(el), len(code.decode("utf-8", "replace")),
                         breaks[el.id]))
    return out


def _all_cells(el: Node) -> bool:
    """False for a struct field without a name or a spec without a value: gofmt
    gives them empty cells whose width comes from lines this model does not
    follow, so their block is left as it is."""
    if el.type == "field_declaration":
        return el.child_by_field_name("name") is not None
    if el.type in ("const_spec", "var_spec"):
        return el.child_by_field_name("value") is not None
    return True


def _trusted(text: bytes, block: list[_Line], written: set[int]) -> bool:
    """Whether the block is one gofmt would align as modelled: every line has
    all its cells, and the lines no fix wrote (gofmt's output, when the file
    was gofmt-clean) already share one comment column."""
    if not all(ln.full for ln in block):
        return False
    columns = {ln.width + len(text[ln.code_end:ln.comment]) for ln in block if ln.number not in written}
    return len(columns) <= 1


_ELEMENTS = {"const_declaration": ("const_spec",), "literal_value": ("keyed_element", "literal_element")}


def _sections(elements: list[Node]) -> dict[int, bool]:
    """Element id -> whether a section starts there: at the first element, and
    after an element spanning several lines (go/printer's stmtList, fieldList
    and spec lists)."""
    out = {}
    for i, el in enumerate(elements):
        out[el.id] = i == 0 or elements[i - 1].end_point[0] > elements[i - 1].start_point[0]
    return out


def _literal_sections(text: bytes, elements: list[Node]) -> dict[int, bool]:
    """The same for a composite literal's elements, by go/printer's exprList:
    a section also starts where an element's size (a key's, for key: value)
    differs too much from the sizes before it, after an element that shares
    its line, and the sizes seen are forgotten at a blank line."""
    out = {}
    size = 0
    log2sum, count = 0.0, 0
    prev_break = -1
    prev_line = -1
    for i, el in enumerate(elements):
        line = el.start_point[0]
        prev_size = size
        size = _size(text, el)
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
            if _blank_line_between(text, elements[i - 1], el):
                log2sum, count = 0.0, 0
        elif i == 0:
            prev_break = 0
        out[el.id] = brk
        if size > 0:
            log2sum += _log2ish(size)
            count += 1
        prev_line = line
    return out


def _size(text: bytes, el: Node) -> int:
    """go/printer's nodeSize of a literal element on one line (of its key, for
    key: value); 0 for one that spans lines."""
    if el.end_point[0] > el.start_point[0]:
        return 0
    if el.type == "keyed_element" and el.named_children:
        el = el.named_children[0]
    return el.end_byte - el.start_byte


def _blank_line_between(text: bytes, a: Node, b: Node) -> bool:
    gap = text[a.end_byte:syntax.line_start(text, b.start_byte)]
    return any(not ln.strip() for ln in gap.split(b"\n")[1:-1])


def _log2ish(x: float) -> float:
    f, e = math.frexp(x)
    return e + 2 * (f - 1)


def _exp2ish(x: float) -> float:
    n = math.floor(x)
    return math.ldexp(1 + (x - n), int(n))


def _trailing_comment(text: bytes, children: list[Node], i: int, el: Node, line: int, line_end: int) -> int | None:
    """The start of the one-line comment that ends the element's first line."""
    candidates = []
    for c in children[i + 1:]:  # the siblings on the same line (elements of a literal may share it)
        if c.start_point[0] != line:
            break
        candidates.append(c)
    if el.end_point[0] > line:  # multi-line: the comment after its opening brace is inside it
        candidates = [c for c in syntax.of_type(el, "comment") if c.start_point[0] == line]
    for c in candidates:
        if c.type == "comment" and c.start_point[0] == line and c.end_byte == line_end and not syntax.starts_line(text, c):
            return c.start_byte
    return None


def _opens(text: bytes, el: Node, comment: int) -> bool:
    """True when the element's first line ends, before its comment, with the
    `{` (or `(`) that opens its body: then the printer breaks the section after
    the comment, and the line aligns with the lines above."""
    code = text[syntax.line_start(text, el.start_byte):comment].rstrip()
    return code.endswith((b"{", b"("))


def _aligned(text: bytes, block: list[_Line]) -> list[Edit]:
    """The edits that put the block's comments one space after its longest code."""
    if len({ln.indent for ln in block}) > 1:
        return []
    column = max(ln.width for ln in block) + 1
    out = []
    for ln in block:
        pad = b" " * (column - ln.width)
        if text[ln.code_end:ln.comment] != pad:
            out.append(Edit(ln.code_end, ln.comment, pad))
    return out


def _line_starts(text: bytes) -> list[int]:
    starts = [0]
    pos = text.find(b"\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find(b"\n", pos + 1)
    return starts


def _line_of(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset) - 1

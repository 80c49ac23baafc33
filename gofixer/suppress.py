"""Suppression comments: which findings the source itself silences.

Two forms are honoured:

- `//gofixer:ignore ID[,ID] [reason]` (`all` for every codemod) on the finding's
  line or the line above it, or on its own line directly above the statement or
  declaration that holds the finding;
- golangci-lint's `//nolint` (every linter) and `//nolint:a,b [// reason]`, which
  silence a codemod when they name one of the linters in its `nolint` tuple (the
  golangci-lint linters that report the same bug) or the codemod's own id. As in
  golangci-lint, such a comment at the end of a line covers that line, and one on
  its own line covers the whole statement or declaration that starts on the next
  line (above a `for`, the loop; above a func, the function).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Callable, Iterable

from . import syntax
from .syntax import Node

_IGNORE = re.compile(r"^//\s*gofixer:ignore\s+([A-Za-z0-9_,-]+)")
# A directive, as Go writes them: no space after the slashes.
_NOLINT = re.compile(r"^//nolint(?::([\w,-]+))?(?:\s|$)")
ALL = "all"


@dataclass(frozen=True)
class Directive:
    """One suppression comment: the names it gives (ALL for every one), the
    lines it covers (1-based, inclusive), and whether it is gofixer's own
    (names are codemod ids) or golangci-lint's (names are linters)."""

    names: frozenset[str]
    first: int
    last: int
    own: bool
    line: int  # where the comment is

    def covers(self, mod, line: int) -> bool:
        if not self.first <= line <= self.last:
            return False
        if ALL in self.names or mod.id in self.names:
            return True
        return not self.own and bool(self.names & set(getattr(mod, "nolint", ())))


def directives(text: bytes, root: Node) -> list[Directive]:
    """The suppression comments of a file (its text and tree)."""
    if b"gofixer:ignore" not in text and b"nolint" not in text:
        return []
    out = []
    for c in syntax.of_type(root, "comment"):
        body = syntax.text(c)
        m = _IGNORE.match(body)
        own = m is not None
        if m is None:
            m = _NOLINT.match(body)
            if m is None:
                continue
        names = frozenset(n.lower() for n in (m.group(1) or ALL).split(",") if n)
        line = c.start_point[0] + 1
        last = line
        alone = _alone_on_line(text, c)
        if alone:
            below = _node_below(text, root, c)
            if below is not None:
                last = below.end_point[0] + 1
        # gofixer:ignore has always covered the line below it too.
        if own:
            last = max(last, line + 1)
        out.append(Directive(names, line, last, own, line))
    return out


def unsuppressed(findings: list, text: bytes, root: Node, mods: Iterable) -> list:
    """The findings no suppression comment covers."""
    found = directives(text, root)
    if not found:
        return findings
    by_id = {m.id: m for m in mods}
    line_of = _line_finder(text)
    out = []
    for f in findings:
        line = line_of(f.start)
        mod = by_id.get(f.codemod)
        if mod is None or not any(d.covers(mod, line) for d in found):
            out.append(f)
    return out


def unknown_ids(path: str, text: bytes, root: Node, known: Iterable[str]) -> list[str]:
    """Warnings, one per `//gofixer:ignore` comment naming a codemod id that
    does not exist (a typo silences nothing)."""
    if b"gofixer:ignore" not in text:
        return []
    ids = set(known) | {ALL}
    out = []
    for d in directives(text, root):
        if d.own:
            for name in sorted(d.names - ids):
                out.append(f"{path}:{d.line}: //gofixer:ignore names an unknown codemod {name!r}; it silences nothing")
    return out


def unused(path: str, text: bytes, findings: list, mods: Iterable, selected: Iterable[str],
           known: Iterable[str], whole_root: Callable[[], Node] | None = None) -> list[str]:
    """Warnings, one per suppression comment that silences none of `findings`
    (every finding of the run's codemods, before suppression; `mods` are the ones
    that ran on this file). A comment is judged only where its whole effect is
    known: `//gofixer:ignore` naming codemods that were all selected (`all` only
    when every codemod was), and `//nolint:` naming only gofixer codemod ids. A bare
    `//nolint` or one naming golangci-lint linters is golangci-lint's to judge: it
    may silence that tool's own findings. The comments are read from a tree of the
    whole text (`whole_root` gives one the caller has or makes once; else it is
    parsed here): the run's tree may leave out function bodies no codemod could
    match, and their comments count."""
    if b"gofixer:ignore" not in text and b"nolint" not in text:
        return []
    root = whole_root() if whole_root is not None else syntax.parse(text).root_node
    selected, known = set(selected), set(known)
    by_id = {m.id: m for m in mods}
    line_of = _line_finder(text)
    lines = [(by_id[f.codemod], line_of(f.start)) for f in findings if f.codemod in by_id]
    out = []
    for d in directives(text, root):
        if not _judged(d, selected, known) or any(d.covers(mod, line) for mod, line in lines):
            continue
        names = ",".join(sorted(d.names))
        form = f"//gofixer:ignore {names}" if d.own else f"//nolint:{names}"
        out.append(f"{path}:{d.line}: {form} silences nothing here; remove it")
    return out


def _line_finder(text: bytes) -> Callable[[int], int]:
    """The 1-based line of an offset in `text`: the newlines are found once, not
    counted again for every finding."""
    newlines = [m.start() for m in re.finditer(b"\n", text)]
    return lambda offset: bisect.bisect_left(newlines, offset) + 1


def _judged(d: Directive, selected: set[str], known: set[str]) -> bool:
    if ALL in d.names:
        return d.own and known <= selected
    return d.names <= selected and d.names <= known


def _alone_on_line(text: bytes, comment: Node) -> bool:
    start = syntax.line_start(text, comment.start_byte)
    return not text[start : comment.start_byte].strip()


def _node_below(text: bytes, root: Node, comment: Node) -> Node | None:
    """The outermost statement or declaration that starts on the line after
    `comment`, if any."""
    nl = text.find(b"\n", comment.end_byte)
    if nl < 0:
        return None
    at = nl + 1
    while at < len(text) and text[at : at + 1] in (b" ", b"\t"):
        at += 1
    if at >= len(text) or text[at : at + 1] in (b"\n", b"\r"):
        return None
    node = root.named_descendant_for_byte_range(at, at)
    best = None
    while node is not None and node.start_byte == at:
        if node.type not in ("source_file", "block", "statement_list", "comment"):
            best = node
        node = node.parent
    return best

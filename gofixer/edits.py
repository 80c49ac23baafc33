"""Fixes as data: byte-range edits, the imports a fix needs, and how a set of
fixes is merged into one new text without two of them touching the same bytes."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Iterable


@dataclass(frozen=True, order=True)
class Edit:
    """Replace text[start:end] with `new`. start == end inserts."""

    start: int
    end: int
    new: bytes

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad edit range {self.start}..{self.end}")
        if isinstance(self.new, str):
            object.__setattr__(self, "new", self.new.encode())


@dataclass(frozen=True)
class Import:
    """A package a fix refers to: added to the file's imports when missing.
    `name` is the local name when it must differ from the default."""

    path: str
    name: str | None = None


@dataclass
class Fix:
    edits: list[Edit]
    imports: list[Import] = field(default_factory=list)
    description: str = ""


def overlaps(a: Edit, b: Edit) -> bool:
    """Two edits conflict when their ranges intersect, when one inserts strictly
    inside the other's range, or when both insert at one point (their order would
    be a guess)."""
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def select_fixes(fixes: Iterable[Fix]) -> list[Fix]:
    """Fixes in order, dropping any that overlaps one already chosen (it waits for
    the next pass of the fixpoint loop), and any whose own edits overlap."""
    chosen: list[Fix] = []
    taken = _Taken()
    for fix in fixes:
        if not fix.edits or not _self_consistent(fix):
            continue
        if not any(taken.conflicts(e) for e in fix.edits):
            chosen.append(fix)
            for e in fix.edits:
                taken.add(e)
    return chosen


class _Taken:
    """Edits already chosen, sorted by (start, end). No two of them overlap, so
    their ends rise with their starts, and an edit is checked against only the
    few chosen edits that reach its range: a pass costs O(n log n), not O(n^2)."""

    def __init__(self) -> None:
        self.keys: list[tuple[int, int]] = []
        self.edits: list[Edit] = []

    def add(self, e: Edit) -> None:
        i = bisect.bisect_right(self.keys, (e.start, e.end))
        self.keys.insert(i, (e.start, e.end))
        self.edits.insert(i, e)

    def conflicts(self, e: Edit) -> bool:
        # Every edit that overlaps `e` starts at or before e.end and ends at or
        # after e.start; walking down from the last one starting by e.end, the
        # first that ends before e.start ends the search.
        i = bisect.bisect_right(self.keys, (e.end, float("inf"))) - 1
        while i >= 0 and self.keys[i][1] >= e.start:
            if overlaps(e, self.edits[i]):
                return True
            i -= 1
        return False


def _self_consistent(fix: Fix) -> bool:
    edits = sorted(fix.edits)
    return all(not overlaps(a, b) or a == b for a, b in zip(edits, edits[1:]))


def apply_edits(text: bytes, edits: Iterable[Edit]) -> bytes:
    """Apply non-overlapping edits. Identical duplicates count once."""
    ordered = sorted(set(edits))
    out: list[bytes] = []
    pos = 0
    for e in ordered:
        if e.start < pos:
            raise ValueError(f"overlapping edits at byte {e.start}")
        if e.end > len(text):
            raise ValueError(f"edit past end of text at byte {e.end}")
        out.append(text[pos : e.start])
        out.append(e.new)
        pos = e.end
    out.append(text[pos:])
    return b"".join(out)

"""Line diffs that stay near-linear on big files: difflib's matcher, run between
anchor lines (lines found exactly once in each text, kept in the order both texts
share, as patience diff does). difflib alone searches the whole file for each
longest match, which on a large file with edits all through it costs seconds per
thousand lines; cut at anchors, each search sees one stretch between them."""

from __future__ import annotations

import bisect
from typing import Iterator, Sequence

# Below this many lines (both sides together) difflib alone is fast, and its
# hunks are the ones gofixer has always printed.
ANCHOR_ABOVE = 2000


def unified_diff(a: Sequence[str], b: Sequence[str], fromfile: str = "", tofile: str = "",
                 n: int = 3, lineterm: str = "\n") -> Iterator[str]:
    """difflib.unified_diff's lines (headers, hunks) for `a` -> `b`."""
    started = False
    for group in _grouped_opcodes(a, b, n):
        if not started:
            started = True
            yield f"--- {fromfile}{lineterm}"
            yield f"+++ {tofile}{lineterm}"
        first, last = group[0], group[-1]
        yield f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@{lineterm}"
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                for line in a[i1:i2]:
                    yield " " + line
                continue
            if tag in ("replace", "delete"):
                for line in a[i1:i2]:
                    yield "-" + line
            if tag in ("replace", "insert"):
                for line in b[j1:j2]:
                    yield "+" + line


def _range(start: int, stop: int) -> str:
    """A hunk's line range as unified diffs write it (difflib's own rule)."""
    beginning = start + 1
    length = stop - start
    if length == 1:
        return f"{beginning}"
    if not length:
        beginning -= 1
    return f"{beginning},{length}"


def _grouped_opcodes(a: Sequence[str], b: Sequence[str], n: int):
    import difflib  # here: a run with nothing to diff never needs it

    matcher = difflib.SequenceMatcher(None, a, b)
    if len(a) + len(b) > ANCHOR_ABOVE:
        matcher.matching_blocks = matching_blocks(a, b)
    return matcher.get_grouped_opcodes(n)


def matching_blocks(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int, int]]:
    """Blocks (i, j, size) with a[i:i+size] == b[j:j+size], ascending, adjacent
    ones merged, ending with (len(a), len(b), 0), as SequenceMatcher gives them."""
    import difflib

    raw: list[tuple[int, int, int]] = []
    prev_i = prev_j = 0
    for i, j in [*_anchors(a, b), (len(a), len(b))]:
        if i > prev_i and j > prev_j:
            sub = difflib.SequenceMatcher(None, a[prev_i:i], b[prev_j:j])
            raw.extend((prev_i + x, prev_j + y, size) for x, y, size in sub.get_matching_blocks() if size)
        if i < len(a):
            raw.append((i, j, 1))
        prev_i, prev_j = i + 1, j + 1
    merged: list[tuple[int, int, int]] = []
    for i, j, size in raw:
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            mi, mj, msize = merged[-1]
            merged[-1] = (mi, mj, msize + size)
        else:
            merged.append((i, j, size))
    merged.append((len(a), len(b), 0))
    return merged


def _anchors(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs (i, j) of lines unique in both texts, the longest run of them in the
    same order on both sides (patience sorting: O(n log n))."""
    count_a: dict[str, int] = {}
    for line in a:
        count_a[line] = count_a.get(line, 0) + 1
    where_b: dict[str, int] = {}
    count_b: dict[str, int] = {}
    for j, line in enumerate(b):
        count_b[line] = count_b.get(line, 0) + 1
        where_b[line] = j
    pairs = [(i, where_b[line]) for i, line in enumerate(a) if count_a[line] == 1 and count_b.get(line) == 1]
    # Longest increasing subsequence of the j's, in a's order.
    tails: list[int] = []  # tails[k]: the smallest j ending a run of length k+1
    tail_at: list[int] = []  # index into pairs of that j
    back: list[int] = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos] = j
            tail_at[pos] = k
        back[k] = tail_at[pos - 1] if pos else -1
    run: list[tuple[int, int]] = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        run.append(pairs[k])
        k = back[k]
    run.reverse()
    return run

"""linediff: difflib's output on small inputs, and on large ones (cut at anchor
lines) hunks that still turn the old text into the new."""

import difflib
import random

from gofixer import linediff


def _edited(rng: random.Random, a: list[str]) -> list[str]:
    b = list(a)
    for _ in range(rng.randint(0, 8)):
        k = rng.randint(0, len(b))
        op = rng.choice("ids")
        if op == "i":
            b.insert(k, f"{rng.choice('xyz')}{rng.randint(0, 50)}\n")
        elif b:
            k = min(k, len(b) - 1)
            if op == "d":
                b.pop(k)
            else:
                b[k] = f"s{rng.randint(0, 9)}\n"
    return b


def _texts(seed: int, lines: int) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    a = [f"{rng.choice('abcdefghij')}{rng.randint(0, 30)}\n" for _ in range(rng.randint(0, lines))]
    return a, _edited(rng, a)


def test_small_inputs_diff_as_difflib_does():
    for seed in range(200):
        a, b = _texts(seed, 60)
        assert list(linediff.unified_diff(a, b, "a/x", "b/x")) == list(difflib.unified_diff(a, b, "a/x", "b/x"))


def test_anchored_blocks_rebuild_the_new_text():
    for seed in range(200):
        a, b = _texts(seed, 80)
        matcher = difflib.SequenceMatcher(None, a, b)
        matcher.matching_blocks = linediff.matching_blocks(a, b)
        rebuilt = []
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                assert a[i1:i2] == b[j1:j2]
            rebuilt += a[i1:i2] if tag == "equal" else b[j1:j2]
        assert rebuilt == b


def test_large_file_diff_applies():
    # Every function edited: unique lines (the func headers) anchor the diff.
    a = [line for i in range(1500) for line in (f"func f{i}() {{\n", "\tx := 1\n", "\t_ = x\n", "}\n")]
    b = [line.replace("x := 1", "x := 2") if n % 8 == 1 else line for n, line in enumerate(a)]
    lines = list(linediff.unified_diff(a, b, "a/x", "b/x"))
    assert sum(1 for line in lines if line.startswith("-\t")) == 750
    assert sum(1 for line in lines if line.startswith("+\t")) == 750

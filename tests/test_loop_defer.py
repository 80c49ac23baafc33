"""Unit tests for gofixer.wrap (the loop-body wrapping machinery) and the
loop-defer codemod's choice of what to report."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from fixtures import TESTDATA
from gotool import go
from gofixer import syntax
from gofixer.analysis import FileContext
from gofixer.codemods import loop_defer
from gofixer.edits import apply_edits
from gofixer.source import SourceFile
from gofixer.wrap import leaving_jumps, wrap_loop_body


def context(src: str) -> FileContext:
    text = src.encode()
    source = SourceFile("x.go", "/nonexistent/x.go", text, text, False, False, 0o644, None)
    return FileContext(source, syntax.parse(text))


def first_loop(ctx: FileContext):
    return next(syntax.of_type(ctx.root, "for_statement"))


JUMPS = """package p

func f(xs [][]int) int {
outer:
	for _, row := range xs {
		for _, x := range row {
			if x == 0 {
				continue
			}
			if x == 1 {
				continue outer
			}
			switch x {
			case 2:
				break
			case 3:
				break outer
			}
			select {
			default:
				break
			}
			if x == 4 {
				goto done
			}
			if x == 5 {
				break
			}
			if x == 6 {
				return x
			}
			func() { return }()
		inner:
			for {
				break inner
			}
		}
	}
done:
	return 0
}
"""


def test_leaving_jumps_classifies_each_target():
    ctx = context(JUMPS)
    inner = list(syntax.of_type(ctx.root, "for_statement"))[1]
    jumps = [(j.kind, syntax.text(j.node)) for j in leaving_jumps(inner.child_by_field_name("body"), None)]
    assert jumps == [
        ("continue", "continue"),
        ("outer", "continue outer"),
        ("outer", "break outer"),
        ("outer", "goto done"),
        ("break", "break"),
        ("return", "return x"),
    ]


def test_wrap_gives_a_reason_for_a_naked_return_with_named_results():
    ctx = context("""package p

func f(mu interface{ Lock(); Unlock() }, xs []int) (n int) {
	for _, x := range xs {
		mu.Lock()
		defer mu.Unlock()
		if x < 0 {
			return
		}
		n += x
	}
	return n
}
""")
    w = wrap_loop_body(ctx, first_loop(ctx))
    assert not w.edits and "naked return" in w.reason


def test_wrap_keeps_raw_string_lines():
    src = """package p

func f(xs []string, use func(string)) {
	for _, x := range xs {
		defer use(x)
		s := `line one
line two`
		use(s)
	}
}
"""
    ctx = context(src)
    w = wrap_loop_body(ctx, first_loop(ctx))
    out = apply_edits(src.encode(), w.edits).decode()
    assert "\t\t\ts := `line one\nline two`\n" in out


def reported_lines(src: str) -> list[int]:
    ctx = context(src)
    return [ctx.text.count(b"\n", 0, f.start) + 1 for f in loop_defer.run(ctx)]


def test_defer_that_ends_the_iteration_is_not_reported():
    assert reported_lines("""package p

func f(fs []func(), mu []interface{ Lock(); Unlock() }, one interface{ Lock(); Unlock() }) {
	for _, f := range fs {
		defer f()
	}
	for _, m := range mu {
		if m != nil {
			m.Lock()
			defer m.Unlock()
		}
	}
	for _, m := range mu {
		m.Lock()
		defer m.Unlock()
		break
	}
	for range mu {
		one.Lock()
		defer one.Unlock()
		_ = 1
	}
}
""") == [20]


KEPT = os.path.join(TESTDATA, "loop-defer", "kept")


@pytest.mark.parametrize("case", sorted(os.listdir(KEPT)) if os.path.isdir(KEPT) else [])
def test_working_code_is_left_alone_and_still_passes(case: str, tmp_path):
    """testdata/loop-defer/kept/<case>/: a Go module whose tests pass and rely on
    defers in a loop waiting for the function's return (the old fix broke them).
    gofixer must leave it unchanged, and its tests must still pass."""
    work = tmp_path / case
    shutil.copytree(os.path.join(KEPT, case), work)
    before = go("test", "-count=1", "./...", cwd=str(work))
    assert before.returncode == 0, before.stdout + before.stderr
    run = subprocess.run(
        [sys.executable, "-m", "gofixer", "diff", "--no-cache", "--unsafe-fixes", "--select", "loop-defer", "."],
        cwd=str(work), capture_output=True, text=True,
    )
    assert run.returncode == 0 and run.stdout == "", run.stdout + run.stderr
    after = go("test", "-count=1", "./...", cwd=str(work))
    assert after.returncode == 0, after.stdout + after.stderr

"""apply --interactive from a pipe: y, n, a, q, ?, end of input, and fixes that
only appear in a later pass."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.test_cli import LEAK, write

TWO = LEAK.replace(
    "func use(", """func Fetch2(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, time.Second)
	return use(ctx)
}

func use(""")

# loop-defer's fix rewrites the loop body that holds context-cancel's finding:
# the pipeline makes context-cancel's fix first, loop-defer's in its second pass.
NESTED = """package svc

import (
	"context"
	"os"
	"time"
)

func Each(parent context.Context, names []string) error {
	for _, n := range names {
		f, err := os.Open(n)
		if err != nil {
			return err
		}
		defer f.Close()
		ctx, _ := context.WithTimeout(parent, time.Second)
		if err := use(ctx); err != nil {
			return err
		}
	}
	return nil
}

func use(ctx context.Context) error { return ctx.Err() }
"""


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("GOFIXER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def apply_answering(answers: str, *args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gofixer", "apply", "--interactive", *args],
                          cwd=cwd, input=answers.encode(), capture_output=True)


def test_y_then_n_applies_the_first_fix_and_skips_the_second(tmp_path):
    write(tmp_path, "svc/a.go", TWO)
    r = apply_answering("y\nn\n", "svc", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode()
    assert out.count("Apply this fix [y,n,a,q,?]?") == 2
    assert "svc/a.go:9:7: context-cancel:" in out and "svc/a.go:14:7: context-cancel:" in out
    assert out.index("svc/a.go:9:7") < out.index("svc/a.go:14:7")
    assert "+\tdefer cancel()" in out and "\x1b[" not in out  # a hunk, uncoloured in a pipe
    text = (tmp_path / "svc/a.go").read_text()
    first, second = text.split("func Fetch2")
    assert "defer cancel()" in first and "ctx, cancel :=" in first
    assert "defer cancel()" not in second and "ctx, _ :=" in second
    assert b"Fixed 1 finding(s) in 1 file(s)." in r.stderr


def test_files_in_path_order_a_applies_the_rest_and_eof_stops(tmp_path):
    write(tmp_path, "b.go", TWO)
    write(tmp_path, "a.go", TWO)
    r = apply_answering("n\na\n", ".", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode()
    assert out.count("Apply this fix") == 2 and out.index("a.go:9:7") < out.index("a.go:14:7")
    assert (tmp_path / "a.go").read_text().count("defer cancel()") == 1
    assert (tmp_path / "b.go").read_text().count("defer cancel()") == 2
    # Input ends after one answer: the end of input is q, and what was accepted is written.
    write(tmp_path, "a.go", TWO)
    write(tmp_path, "b.go", TWO)
    r = apply_answering("y\n", ".", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "a.go").read_text().count("defer cancel()") == 1
    assert (tmp_path / "b.go").read_text() == TWO


def test_q_stops_keeping_what_was_accepted_and_help_asks_again(tmp_path):
    write(tmp_path, "a.go", TWO)
    write(tmp_path, "b.go", TWO)
    r = apply_answering("?\nwhat\ny\nq\n", ".", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode()
    assert out.count("a - apply this fix and all the rest") == 2  # for ? and for an unknown answer
    assert out.count("Apply this fix") == 4
    assert (tmp_path / "a.go").read_text().count("defer cancel()") == 1
    assert (tmp_path / "b.go").read_text() == TWO


def test_answering_a_everywhere_writes_what_apply_writes(tmp_path):
    for d in ("plain", "asked"):
        write(tmp_path, f"{d}/n.go", NESTED)
    r = subprocess.run([sys.executable, "-m", "gofixer", "apply", "--unsafe-fixes", "plain"], cwd=tmp_path,
                       capture_output=True)
    assert r.returncode == 0, r.stderr
    r = apply_answering("y\ny\ny\n", "--unsafe-fixes", "asked", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode().count("Apply this fix") == 2  # the second only after the first is made
    assert b"Fixed 2 finding(s) in 1 file(s)." in r.stderr
    assert (tmp_path / "asked/n.go").read_text() == (tmp_path / "plain/n.go").read_text() != NESTED


def test_a_later_pass_fix_is_offered_after_a_declined_one(tmp_path):
    write(tmp_path, "n.go", NESTED)
    # context-cancel (first pass) declined; loop-defer (it waited for the second
    # pass in the pipeline) is offered then, and declined too: nothing changes.
    r = apply_answering("n\nn\n", "--unsafe-fixes", "n.go", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode()
    assert out.count("Apply this fix") == 2
    assert "n.go:16:8: context-cancel" in out and "n.go:15:3: loop-defer" in out
    assert (tmp_path / "n.go").read_text() == NESTED
    # Declining loop-defer and accepting context-cancel: only context-cancel's fix.
    r = apply_answering("y\nn\n", "--unsafe-fixes", "n.go", cwd=tmp_path)
    text = (tmp_path / "n.go").read_text()
    assert "ctx, cancel :=" in text and "func() error" not in text


def test_interactive_with_verify_is_refused(tmp_path):
    write(tmp_path, "a.go", TWO)
    r = apply_answering("y\n", "--verify", ".", cwd=tmp_path)
    assert r.returncode == 2 and b"--interactive" in r.stderr and b"Traceback" not in r.stderr
    assert (tmp_path / "a.go").read_text() == TWO

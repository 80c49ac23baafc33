"""What the command line says about a run: summaries that tell the truth about
what `apply` would do, a clear word when nothing was checked, and -q."""

from __future__ import annotations

import subprocess
import sys

import pytest

from gofixer.cli import leftover, summary
from gofixer.pipeline import Report
from tests.test_cli import LEAK

ASSERT = """package svc

func Name(v any) (string, error) {
	s := v.(string)
	return s, nil
}
"""


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("GOFIXER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def gofixer(*args, cwd):
    return subprocess.run([sys.executable, "-m", "gofixer", *args], cwd=cwd, capture_output=True, text=True)


def report(safety: str, fixable: bool = True, applied: bool = False) -> Report:
    return Report("x", "a.go", 1, 1, 1, 2, "m", safety, fixable, applied)


def test_check_summary_says_what_apply_would_fix():
    reports = [report("safe"), report("unsafe"), report("unsafe"), report("safe", fixable=False)]
    assert summary(reports, False, 3) == (
        "4 finding(s): 1 fixable by `gofixer apply`, 2 more with --unsafe-fixes, 1 to fix by hand."
    )
    assert summary(reports, True, 3) == "4 finding(s): 3 fixable by `gofixer apply --unsafe-fixes`, 1 to fix by hand."
    assert summary([report("safe")], False, 1) == "1 finding(s): 1 fixable by `gofixer apply`, 0 to fix by hand."
    assert summary([], False, 1) == "No findings."
    assert summary([], False, 0) == "No Go files checked."


def test_leftover_blames_unsafe_fixes_only_when_they_are_the_reason():
    dropped = report("safe")  # a safe fix not applied (dropped by --verify, say)
    assert "unsafe" not in leftover([dropped], False) and "1 fixes not applied" in leftover([dropped], False)
    waiting = report("unsafe")
    assert "1 have unsafe fixes: add --unsafe-fixes" in leftover([waiting], False)
    assert "unsafe" not in leftover([waiting], True)  # --unsafe-fixes given: something else held it back
    assert leftover([report("safe", applied=True)], False) is None


def test_check_with_unsafe_fixes_counts_them_as_fixable(tmp_path):
    (tmp_path / "a.go").write_text(ASSERT)
    r = gofixer("check", "--select", "comma-ok", "--unsafe-fixes", ".", cwd=tmp_path)
    assert r.returncode == 1
    assert "1 fixable by `gofixer apply --unsafe-fixes`" in r.stderr and "0 fixable" not in r.stderr


def test_apply_of_a_safe_fix_does_not_mention_unsafe_fixes(tmp_path):
    (tmp_path / "a.go").write_text(LEAK)
    r = gofixer("apply", ".", cwd=tmp_path)
    assert r.returncode == 0 and "unsafe" not in r.stderr, r.stderr
    (tmp_path / "b.go").write_text(ASSERT)
    r = gofixer("diff", "--select", "context-cancel,comma-ok", "--unsafe-fixes", ".", cwd=tmp_path)
    assert r.returncode == 1 and "unsafe" not in r.stderr, r.stderr


def test_a_folder_without_go_files_is_said(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.md").write_text("# notes\n")
    r = gofixer("check", "docs", cwd=tmp_path)
    assert r.returncode == 0
    assert "gofixer: warning: no Go files under docs" in r.stderr
    assert "No Go files checked." in r.stderr and "No findings" not in r.stderr


def test_a_named_text_file_is_not_checked_as_go(tmp_path):
    (tmp_path / "notes.txt").write_text(LEAK)
    (tmp_path / "a.go").write_text(LEAK)
    r = gofixer("check", "notes.txt", "a.go", cwd=tmp_path)
    assert r.returncode == 1
    assert "no Go files under notes.txt (not a .go file); skipped" in r.stderr
    assert "notes.txt" not in r.stdout and "a.go:9" in r.stdout


def test_quiet_silences_everything_but_errors(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "bad.go").write_bytes(LEAK.encode() + b"// caf\xe9\n")
    r = gofixer("check", "docs", "bad.go", cwd=tmp_path)
    assert "warning" in r.stderr  # said without -q
    r = gofixer("check", "-q", "docs", "bad.go", cwd=tmp_path)
    assert r.returncode == 0 and r.stderr == ""
    r = gofixer("check", "-q", "--select", "nope", ".", cwd=tmp_path)
    assert r.returncode == 2 and "nope" in r.stderr  # errors still are

"""--new-from-rev and --new-from-patch: only findings on lines a change added or
modified, on a real git repository."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from gofixer.changed import parse_patch
from tests.test_cli import LEAK, write

SECOND = """
func Fetch2(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, time.Second)
	return use(ctx)
}
"""


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("GOFIXER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def git(*args: str, cwd) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=cwd, check=True,
                   capture_output=True)


def gofixer(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gofixer", *args], cwd=cwd, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    """Two commits: the first brings one finding (line 9), the second another (line 16)."""
    git("init", "-q", cwd=tmp_path)
    write(tmp_path, "svc/a.go", LEAK)
    git("add", ".", cwd=tmp_path)
    git("commit", "-qm", "one", cwd=tmp_path)
    with open(tmp_path / "svc/a.go", "a") as f:
        f.write(SECOND)
    git("commit", "-qam", "two", cwd=tmp_path)
    return tmp_path


def lines_reported(r) -> list[int]:
    return [f["line"] for f in json.loads(r.stdout)]


def test_check_reports_only_the_second_commits_finding(repo):
    r = gofixer("check", "--format", "json", ".", cwd=repo)
    assert lines_reported(r) == [9, 16]
    r = gofixer("check", "--format", "json", "--new-from-rev", "HEAD~1", ".", cwd=repo)
    assert r.returncode == 1, r.stderr
    assert lines_reported(r) == [16]
    r = gofixer("check", "--new-from-rev", "HEAD", ".", cwd=repo)
    assert r.returncode == 0 and r.stdout == b""


def test_work_tree_changes_and_untracked_files_count(repo):
    write(repo, "svc/new.go", LEAK.replace("Fetch", "FetchNew"))
    r = gofixer("check", "--format", "json", "--new-from-rev", "HEAD", ".", cwd=repo)
    assert [(f["path"], f["line"]) for f in json.loads(r.stdout)] == [("svc/new.go", 9)]


def test_diff_and_apply_fix_only_the_new_finding(repo):
    r = gofixer("diff", "--new-from-rev", "HEAD~1", "svc", cwd=repo)
    assert r.returncode == 1, r.stderr
    patch = r.stdout.decode()
    assert patch.count("+\tdefer cancel()") == 1 and "@@ -13," in patch
    r = gofixer("apply", "--new-from-rev", "HEAD~1", ".", cwd=repo)
    assert r.returncode == 0, r.stderr
    first, second = (repo / "svc/a.go").read_text().split("func Fetch2")
    assert "defer cancel()" not in first and "defer cancel()" in second


def test_new_from_patch(repo, tmp_path_factory):
    patch = tmp_path_factory.mktemp("p") / "change.patch"
    patch.write_bytes(subprocess.run(["git", "diff", "HEAD~1"], cwd=repo, capture_output=True, check=True).stdout)
    r = gofixer("check", "--format", "json", "--new-from-patch", str(patch), ".", cwd=repo)
    assert lines_reported(r) == [16]
    empty = patch.with_name("empty.patch")
    empty.write_text("just words\n")
    r = gofixer("check", "--new-from-patch", str(empty), ".", cwd=repo)
    assert r.returncode == 2 and b"not a unified diff" in r.stderr


@pytest.mark.parametrize("args,needle", [
    (["--new-from-rev", "no-such-rev"], b"--new-from-rev no-such-rev: not a commit"),
    (["--new-from-rev", "HEAD", "--new-from-patch", "x.patch"], b"not both"),
    (["--new-from-patch", "missing.patch"], b"missing.patch"),
])
def test_bad_revisions_and_patches_exit_2(repo, args, needle):
    r = gofixer("check", *args, ".", cwd=repo)
    assert r.returncode == 2 and needle in r.stderr and b"Traceback" not in r.stderr


def test_outside_a_repository_is_exit_2(tmp_path):
    write(tmp_path, "a.go", LEAK)
    r = gofixer("check", "--new-from-rev", "HEAD", ".", cwd=tmp_path)
    assert r.returncode == 2 and b"git work tree" in r.stderr


def test_parse_patch_counts_added_lines_only(tmp_path):
    data = b"""diff --git a/x.go b/x.go
--- a/x.go
+++ b/x.go
@@ -3,2 +3,3 @@ func f() {
 context
-old
+new
+newer
@@ -20 +21,0 @@
-gone
@@ -30,0 +31,2 @@
+++ looks like a header
+\tnext
diff --git "a/we\\tird.go" "b/we\\tird.go"
--- "a/we\\tird.go"
+++ "b/we\\tird.go"
@@ -0,0 +1 @@
+all new
"""
    changes = parse_patch(data, str(tmp_path))
    assert changes.touches(str(tmp_path / "x.go"), 4, 4) and changes.touches(str(tmp_path / "x.go"), 5, 5)
    assert not changes.touches(str(tmp_path / "x.go"), 3, 3)  # context
    assert not changes.touches(str(tmp_path / "x.go"), 21, 21)  # after a deletion
    assert changes.touches(str(tmp_path / "x.go"), 2, 4)  # any line of a span
    assert changes.touches(str(tmp_path / "x.go"), 31, 31) and changes.touches(str(tmp_path / "x.go"), 32, 32)
    assert not any(name.endswith("looks like a header") for name in changes.lines)
    assert changes.touches(str(tmp_path / "we\tird.go"), 1, 1)

"""check and diff --stdin-filename PATH -: the source from standard input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.test_cli import CLEAN, LEAK, write


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("GOFIXER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def gofixer(stdin: str, *args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gofixer", *args], cwd=cwd, input=stdin.encode(),
                          capture_output=True)


def test_check_reads_stdin_not_the_file_on_disk(tmp_path):
    write(tmp_path, "svc/a.go", CLEAN)
    r = gofixer(LEAK, "check", "--format", "json", "--stdin-filename", "svc/a.go", "-", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    [f] = json.loads(r.stdout)
    assert (f["path"], f["line"], f["codemod"]) == ("svc/a.go", 9, "context-cancel")
    r = gofixer(CLEAN, "check", "--stdin-filename", "svc/a.go", "-", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout == b""


def test_diff_names_the_path_and_changes_nothing_on_disk(tmp_path):
    write(tmp_path, "svc/a.go", CLEAN)
    r = gofixer(LEAK, "diff", "--stdin-filename", "svc/a.go", "-", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    patch = r.stdout.decode()
    assert patch.startswith("diff --git a/svc/a.go b/svc/a.go\n--- a/svc/a.go\n+++ b/svc/a.go\n")
    assert "+\tdefer cancel()" in patch
    assert (tmp_path / "svc/a.go").read_text() == CLEAN
    # The patch applies to the source that was piped in.
    write(tmp_path, "svc/a.go", LEAK)
    subprocess.run(["git", "apply", "-"], cwd=tmp_path, input=r.stdout, check=True)
    assert "defer cancel()" in (tmp_path / "svc/a.go").read_text()


def test_config_is_found_from_the_files_folder(tmp_path):
    write(tmp_path, "svc/gofixer.toml", 'ignore = ["context-cancel"]\n')
    r = gofixer(LEAK, "check", "--stdin-filename", "svc/a.go", "-", cwd=tmp_path)
    assert r.returncode == 0, r.stdout
    r = gofixer(LEAK, "check", "--stdin-filename", "other/a.go", "-", cwd=tmp_path)
    assert r.returncode == 1


def test_the_package_index_reads_the_siblings(tmp_path):
    # `cancel` is a package-level name in a sibling: the fix must pick another.
    write(tmp_path, "svc/names.go", "package svc\n\nvar cancel = 1\n")
    r = gofixer(LEAK, "diff", "--stdin-filename", "svc/a.go", "-", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    assert b"ctx, cancel :=" not in r.stdout and b"defer " in r.stdout


@pytest.mark.parametrize("args,needle", [
    (["check", "-"], b"--stdin-filename"),
    (["check", "--stdin-filename", "a.go", "-", "."], b"no other path"),
    (["check", "--stdin-filename", "a.go", "."], b"needs `-`"),
    (["diff", "--new-from-rev", "HEAD", "--stdin-filename", "a.go", "-"], b"standard input"),
])
def test_usage_errors(tmp_path, args, needle):
    r = gofixer(LEAK, *args, cwd=tmp_path)
    assert r.returncode == 2 and needle in r.stderr and b"Traceback" not in r.stderr


def test_not_utf8_is_a_warning_naming_the_path(tmp_path):
    r = subprocess.run([sys.executable, "-m", "gofixer", "check", "--stdin-filename", "x.go", "-"], cwd=tmp_path,
                       input=b"package x\n\xff\n", capture_output=True)
    assert r.returncode == 0 and b"x.go: not valid UTF-8" in r.stderr

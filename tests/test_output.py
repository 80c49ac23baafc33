"""Output polish: colour on a terminal only, explain as Markdown on a terminal,
--statistics, SARIF fixes and helpUri, check's JSON `applied`, and warnings for
suppression comments that silence nothing."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

import pytest

from gofixer import docs
from gofixer.edits import Edit, apply_edits
from tests.test_cli import CLEAN, LEAK, write

@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("GOFIXER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("NO_COLOR", raising=False)


def gofixer(*args: str, cwd, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gofixer", *args], cwd=cwd, capture_output=True,
                          env={**os.environ, **(env or {})})


def on_terminal(*args: str, cwd, env=None) -> str:
    """The command's standard output when it is a terminal."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "gofixer", *args], cwd=cwd, stdout=follower,
                            stderr=subprocess.DEVNULL, env={**os.environ, "COLUMNS": "100", **(env or {})})
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not data:
            break
        chunks.append(data)
    proc.wait()
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_findings_are_coloured_on_a_terminal_only(tmp_path):
    write(tmp_path, "a.go", LEAK)
    shown = on_terminal("check", ".", cwd=tmp_path)
    assert "\x1b[1ma.go:9:7\x1b[0m" in shown and "\x1b[35mcontext-cancel\x1b[0m" in shown
    assert "\x1b[32mfixable\x1b[0m" in shown
    assert "\x1b[" not in on_terminal("check", ".", cwd=tmp_path, env={"NO_COLOR": "1"})
    piped = gofixer("check", ".", cwd=tmp_path)
    assert piped.stdout.startswith(b"a.go:9:7: context-cancel: ") and b"\x1b[" not in piped.stdout


def test_explain_is_markdown_on_a_terminal_and_raw_when_piped(tmp_path):
    raw = gofixer("explain", "context-cancel", cwd=tmp_path).stdout.decode()
    assert raw.startswith("# context-cancel\n") and "## What it does" in raw
    shown = on_terminal("explain", "context-cancel", cwd=tmp_path)
    assert "What it does" in shown and "## What it does" not in shown and "\x1b[" in shown


def test_statistics_counts_per_codemod(tmp_path):
    write(tmp_path, "a.go", LEAK)
    write(tmp_path, "b.go", LEAK.replace("Fetch", "FetchB"))
    write(tmp_path, "c.go", CLEAN)
    r = gofixer("check", "--statistics", ".", cwd=tmp_path)
    assert r.returncode == 1
    table = r.stdout.decode().split("\n")[2:]
    assert table[0].split() == ["codemod", "findings", "fixable", "unsafe", "by", "hand"]
    assert table[1].split() == ["context-cancel", "2", "2", "0", "0"]


def test_check_json_applies_nothing_and_says_what_apply_would(tmp_path):
    write(tmp_path, "a.go", LEAK)
    [f] = json.loads(gofixer("check", "--format", "json", ".", cwd=tmp_path).stdout)
    assert f["fix"] == {"safety": "safe", "applied": False, "applicable": True}
    [f] = json.loads(gofixer("check", "--format", "json", "--select", "context-cancel", ".", cwd=tmp_path).stdout)
    assert f["fix"]["applied"] is False


def test_sarif_carries_fixes_that_make_what_apply_makes(tmp_path):
    write(tmp_path, "a.go", LEAK)
    doc = json.loads(gofixer("check", "--format", "sarif", ".", cwd=tmp_path).stdout)
    run = doc["runs"][0]
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "context-cancel")
    assert rule["helpUri"] == docs.page_url("context-cancel")
    assert rule["helpUri"].endswith("/docs/codemods/context-cancel.md")
    [result] = run["results"]
    [fix] = result["fixes"]
    [change] = fix["artifactChanges"]
    assert change["artifactLocation"]["uri"] == "a.go"
    # Making the replacements by hand gives what apply writes.
    text = LEAK.encode()
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == 10]

    def offset(line: int, column: int) -> int:
        return starts[line - 1] + len(text[starts[line - 1]:].decode()[: column - 1].encode())

    edits = [Edit(offset(r["deletedRegion"]["startLine"], r["deletedRegion"]["startColumn"]),
                  offset(r["deletedRegion"]["endLine"], r["deletedRegion"]["endColumn"]),
                  r["insertedContent"]["text"].encode()) for r in change["replacements"]]
    assert gofixer("apply", ".", cwd=tmp_path).returncode == 0
    assert apply_edits(text, edits) == (tmp_path / "a.go").read_bytes()


UNUSED = """package svc

import (
	"context"
	"time"
)

func Fetch(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, time.Second) //gofixer:ignore context-cancel the caller cancels
	return use(ctx)
}

//gofixer:ignore context-cancel
func use(ctx context.Context) error { return ctx.Err() }

func sum() int {
	x := 1 //nolint:context-cancel
	y := 2 //nolint:govet
	z := 3 //nolint
	return x + y + z //gofixer:ignore loop-defer
}
"""


def test_unused_suppression_comments_are_warned_about_in_check(tmp_path):
    write(tmp_path, "a.go", UNUSED)
    r = gofixer("check", "--no-cache", ".", cwd=tmp_path)
    assert r.returncode == 0, r.stdout
    warned = [line for line in r.stderr.decode().splitlines() if "silences nothing" in line]
    assert warned == [
        "gofixer: warning: a.go:13: //gofixer:ignore context-cancel silences nothing here; remove it",
        "gofixer: warning: a.go:17: //nolint:context-cancel silences nothing here; remove it",
        "gofixer: warning: a.go:20: //gofixer:ignore loop-defer silences nothing here; remove it",
    ]
    # A codemod that did not run may need its comment: not judged.
    r = gofixer("check", "--no-cache", "--select", "context-cancel", ".", cwd=tmp_path)
    assert b"loop-defer silences" not in r.stderr and b"a.go:13:" in r.stderr
    r = gofixer("check", "--no-warn-unused-ignores", ".", cwd=tmp_path)
    assert b"silences nothing" not in r.stderr
    # diff and apply do not judge comments.
    assert b"silences nothing" not in gofixer("diff", ".", cwd=tmp_path).stderr


def test_a_file_no_codemod_could_match_is_still_judged(tmp_path):
    write(tmp_path, "b.go", "package x\n\nfunc f() int {\n\treturn 1 //gofixer:ignore pool-reset\n}\n")
    r = gofixer("check", "--no-cache", ".", cwd=tmp_path)
    assert b"b.go:4: //gofixer:ignore pool-reset silences nothing" in r.stderr

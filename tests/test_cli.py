"""The command line on temporary trees: exit codes, output shapes, hostile input,
and that `diff | git apply` gives exactly what `apply` writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from gofixer.cli import main

LEAK = """package svc

import (
	"context"
	"time"
)

func Fetch(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, time.Second)
	return use(ctx)
}

func use(ctx context.Context) error { return ctx.Err() }
"""

CLEAN = """package svc

func Add(a, b int) int { return a + b }
"""


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("GOFIXER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def gofixer(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gofixer", *args], cwd=cwd, capture_output=True)


def invoke(*args: str, cwd):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


def write(root, rel: str, content: str | bytes) -> str:
    p = os.path.join(root, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(content.encode() if isinstance(content, str) else content)
    return p


def test_list_and_explain(tmp_path):
    r = invoke("list", cwd=tmp_path)
    assert r.exit_code == 0
    assert "context-cancel" in r.output and "safe" in r.output
    r = invoke("explain", "context-cancel", cwd=tmp_path)
    assert r.exit_code == 0 and "## What it does" in r.output
    r = invoke("explain", "nope", cwd=tmp_path)
    assert r.exit_code == 2 and "nope" in r.output


def test_check_exit_codes_and_json_shape(tmp_path):
    write(tmp_path, "a.go", LEAK)
    write(tmp_path, "b.go", CLEAN)
    r = gofixer("check", "--format", "json", ".", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    data = json.loads(r.stdout)
    assert len(data) == 1
    f = data[0]
    for key in ("codemod", "path", "line", "column", "end_line", "end_column", "message", "fix"):
        assert key in f
    assert f["codemod"] == "context-cancel" and f["path"] == "a.go" and f["line"] == 9 and f["column"] >= 1
    assert f["fix"]["safety"] == "safe"
    r = gofixer("check", "b.go", cwd=tmp_path)
    assert r.returncode == 0


@pytest.mark.parametrize("fmt", ["text", "sarif", "github"])
def test_other_formats(tmp_path, fmt):
    write(tmp_path, "a.go", LEAK)
    r = gofixer("check", "--format", fmt, ".", cwd=tmp_path)
    assert r.returncode == 1
    assert b"a.go" in r.stdout
    if fmt == "sarif":
        doc = json.loads(r.stdout)
        assert doc["runs"][0]["results"][0]["ruleId"] == "context-cancel"


@pytest.mark.parametrize(
    "args,needle",
    [
        (["check", "--select", "nope", "."], "nope"),
        (["check", "--ignore", "context-cancel,bogus", "."], "bogus"),
        (["diff", "missing-dir"], "missing-dir"),
        (["apply", "--config", "nope.toml", "."], "nope.toml"),
    ],
)
def test_usage_errors_exit_2_naming_the_problem(tmp_path, args, needle):
    write(tmp_path, "a.go", LEAK)
    r = gofixer(*args, cwd=tmp_path)
    assert r.returncode == 2
    assert needle.encode() in r.stderr
    assert b"Traceback" not in r.stderr


def test_diff_then_git_apply_equals_apply(tmp_path):
    for name in ("one", "two"):
        d = tmp_path / name
        write(d, "a.go", LEAK)
        write(d, "pkg/b.go", LEAK.replace("Fetch", "FetchB"))
        write(d, "clean.go", CLEAN)
        subprocess.run(["git", "init", "-q", str(d)], check=True)
    r = gofixer("diff", ".", cwd=tmp_path / "one")
    assert r.returncode == 1
    (tmp_path / "one" / "p.patch").write_bytes(r.stdout)
    subprocess.run(["git", "apply", "p.patch"], cwd=tmp_path / "one", check=True)
    os.remove(tmp_path / "one" / "p.patch")
    r = gofixer("apply", ".", cwd=tmp_path / "two")
    assert r.returncode == 0, r.stderr
    for rel in ("a.go", "pkg/b.go", "clean.go"):
        assert (tmp_path / "one" / rel).read_bytes() == (tmp_path / "two" / rel).read_bytes()
    assert b"defer cancel()" in (tmp_path / "two" / "a.go").read_bytes()
    # A second diff finds nothing to do.
    r = gofixer("diff", ".", cwd=tmp_path / "two")
    assert r.returncode == 0 and r.stdout == b""


def test_patch_p1_accepts_the_diff(tmp_path):
    write(tmp_path, "a.go", LEAK)
    r = gofixer("diff", ".", cwd=tmp_path)
    subprocess.run(["patch", "-p1", "-s"], input=r.stdout, cwd=tmp_path, check=True)
    assert b"defer cancel()" in (tmp_path / "a.go").read_bytes()


def test_hostile_tree(tmp_path):
    """Each hostile input has a defined outcome, a warning naming the file where
    one is due, no traceback, and nothing lost."""
    root = tmp_path
    crlf = write(root, "crlf.go", LEAK.replace("\n", "\r\n"))
    bom = write(root, "bom.go", b"\xef\xbb\xbf" + LEAK.replace("Fetch", "FetchBOM").encode())
    exe = write(root, "exe.go", LEAK.replace("Fetch", "FetchExe"))
    os.chmod(exe, 0o755)
    latin1 = write(root, "latin1.go", LEAK.replace("Fetch", "FetchL").encode() + b"// caf\xe9\n")
    gen = write(root, "gen.go", "// Code generated by hand. DO NOT EDIT.\n\n" + LEAK.replace("Fetch", "FetchGen"))
    vend = write(root, "vendor/v/v.go", LEAK)
    empty = write(root, "empty.go", b"")
    os.makedirs(root / "dir.go")
    write(root, "dir.go/inner.go", LEAK.replace("Fetch", "FetchInner"))
    broken = write(
        root,
        "broken.go",
        LEAK.replace("Fetch", "FetchBroken") + "\nfunc Bad() {\n\tx := (\n}\n",
    )
    os.symlink(str(root), str(root / "loop"))
    before = {p: open(p, "rb").read() for p in (latin1, gen, vend, empty)}

    r = gofixer("apply", ".", cwd=root)
    err = r.stderr.decode()
    assert r.returncode == 0, err
    assert "Traceback" not in err
    assert "latin1.go" in err and "UTF-8" in err
    assert "broken.go:16" in err and "a syntax error" in err
    # Untouched: not UTF-8, generated, vendored, empty.
    for p, content in before.items():
        assert open(p, "rb").read() == content, p
    # Fixed, with line endings, BOM and mode kept.
    c = open(crlf, "rb").read()
    assert b"defer cancel()\r\n" in c and b"\n" not in c.replace(b"\r\n", b"")
    b = open(bom, "rb").read()
    assert b.startswith(b"\xef\xbb\xbf") and b"defer cancel()" in b
    assert os.stat(exe).st_mode & 0o777 == 0o755 and b"defer cancel()" in open(exe, "rb").read()
    assert b"defer cancel()" in open(root / "dir.go" / "inner.go", "rb").read()
    # The syntax error's declaration is left as is, the rest of the file is fixed.
    bt = open(broken, "rb").read().decode()
    assert "defer cancel()" in bt and bt.endswith("func Bad() {\n\tx := (\n}\n")
    # Named explicitly, a generated file is processed.
    r = gofixer("diff", "gen.go", cwd=root)
    assert r.returncode == 1 and b"defer cancel()" in r.stdout
    # A directory named x.go named explicitly is walked, not read.
    r = gofixer("check", "dir.go", cwd=root)
    assert r.returncode == 0 and b"Traceback" not in r.stderr


def test_explicit_non_utf8_file_warns_and_exits_cleanly(tmp_path):
    write(tmp_path, "bad.go", b"package p\n// \xff\n")
    r = gofixer("check", "bad.go", cwd=tmp_path)
    assert r.returncode == 0
    assert b"bad.go" in r.stderr and b"UTF-8" in r.stderr


def test_suppression_comment(tmp_path):
    src = LEAK.replace(
        "\tctx, _ := context.WithTimeout", "\t//gofixer:ignore context-cancel the caller cancels parent\n\tctx, _ := context.WithTimeout"
    )
    write(tmp_path, "a.go", src)
    r = gofixer("check", ".", cwd=tmp_path)
    assert r.returncode == 0, r.stdout


def test_config_file_select_and_exclude(tmp_path):
    write(tmp_path, "a.go", LEAK)
    write(tmp_path, "skip/b.go", LEAK)
    write(tmp_path, "gofixer.toml", 'exclude = ["skip/*"]\nselect = ["context-cancel"]\n')
    r = gofixer("check", "--format", "json", ".", cwd=tmp_path)
    assert [f["path"] for f in json.loads(r.stdout)] == ["a.go"]
    write(tmp_path, "gofixer.toml", "colour = 1\n")
    r = gofixer("check", ".", cwd=tmp_path)
    assert r.returncode == 2 and b"colour" in r.stderr


def test_cache_gives_the_same_answer_and_notices_edits(tmp_path):
    write(tmp_path, "a.go", LEAK)
    first = gofixer("check", "--format", "json", ".", cwd=tmp_path)
    second = gofixer("check", "--format", "json", ".", cwd=tmp_path)
    assert first.stdout == second.stdout and first.returncode == second.returncode == 1
    write(tmp_path, "a.go", CLEAN)
    third = gofixer("check", ".", cwd=tmp_path)
    assert third.returncode == 0


def test_many_files_in_parallel_match_one_job(tmp_path):
    for i in range(40):
        write(tmp_path, f"p{i % 5}/f{i}.go", LEAK.replace("Fetch", f"Fetch{i}"))
    par = gofixer("diff", "--no-cache", "--jobs", "2", ".", cwd=tmp_path)
    seq = gofixer("diff", "--no-cache", "--jobs", "1", ".", cwd=tmp_path)
    assert par.returncode == seq.returncode == 1
    assert par.stdout == seq.stdout


def test_write_refused_when_the_file_changed(tmp_path, monkeypatch):
    """The file is edited between reading and writing: apply refuses it (exit 2)
    and the user's edit survives."""
    p = write(tmp_path, "a.go", LEAK)
    import gofixer.run as run

    real_execute = run.execute

    def execute_then_edit(plan, *callbacks):
        results = real_execute(plan, *callbacks)
        with open(p, "a") as f:
            f.write("// edited meanwhile\n")
        return results

    monkeypatch.setattr(run, "execute", execute_then_edit)
    r = invoke("apply", "--no-cache", ".", cwd=tmp_path)
    assert r.exit_code == 2
    assert "a.go" in r.output and "changed on disk" in r.output
    assert open(p).read().endswith("// edited meanwhile\n")


def test_exit_zero(tmp_path):
    write(tmp_path, "a.go", LEAK)
    assert gofixer("check", "--exit-zero", ".", cwd=tmp_path).returncode == 0
    r = gofixer("diff", "--exit-zero", ".", cwd=tmp_path)
    assert r.returncode == 0 and b"defer cancel()" in r.stdout

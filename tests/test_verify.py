"""--verify as a referee: an old vet warning is never blamed on a fix, a package
that does not build before the fix is named and left alone (exit 3), a fix
that breaks the package is found by bisection and dropped alone, and nothing
of the verification reaches the user's own Go build cache."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from gofixer.cli import main
from gofixer.edits import Edit, Fix
from gotool import go_env, require_go

FETCH = """
func {name}(parent context.Context) error {{
	ctx, _ := context.WithTimeout(parent, time.Second)
	return use(ctx)
}}
"""

HEADER = """package {pkg}

import (
	"context"
	"fmt"
	"time"
)

func Warn() {{
	fmt.Printf("%d\\n", "x") // an old vet warning, nothing to do with the fixes
}}

func use(ctx context.Context) error {{ return ctx.Err() }}
"""


@pytest.fixture(scope="module")
def go_build_cache(tmp_path_factory):
    """One gofixer cache (and so one private Go build cache) for the module:
    the standard packages are compiled once, not per test."""
    return str(tmp_path_factory.mktemp("gofixer-cache"))


@pytest.fixture
def env(go_build_cache, monkeypatch, tmp_path):
    require_go()
    user_cache = tmp_path / "user-go-build"
    for k, v in go_env().items():
        monkeypatch.setenv(k, v)
    monkeypatch.setenv("GOFIXER_CACHE_DIR", go_build_cache)
    monkeypatch.setenv("GOCACHE", str(user_cache))  # the user's own build cache
    return user_cache


def module(root, pkg: str, body: str, extra_import: str = "") -> str:
    os.makedirs(root / pkg, exist_ok=True)
    (root / pkg / "go.mod").write_text(f"module example.com/{pkg}\n\ngo 1.21\n")
    src = HEADER.format(pkg=pkg) + body
    if extra_import:
        src = src.replace('\t"time"\n', f'\t"time"\n\n\t"{extra_import}"\n') + "\nvar _ = x.Y\n"
    path = root / pkg / "a.go"
    path.write_text(src)
    return str(path)


def gofixer(*args, cwd):
    return subprocess.run([sys.executable, "-m", "gofixer", *args], cwd=cwd, capture_output=True, text=True)


def test_an_old_vet_warning_is_not_blamed_on_the_fix(env, tmp_path):
    path = module(tmp_path, "old", FETCH.format(name="Fetch"))
    r = gofixer("apply", "--verify", "--no-cache", "old", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "defer cancel()" in open(path).read()
    assert "--verify" not in r.stderr and "not verified" not in r.stderr
    # The user's build cache never saw the overlay: go vet there is unaffected.
    assert not env.exists() or not any(env.iterdir())


def test_a_package_that_does_not_build_is_not_verified(env, tmp_path):
    path = module(tmp_path, "dep", FETCH.format(name="Fetch"), extra_import="example.com/nope/x")
    before = open(path).read()
    r = gofixer("apply", "--verify", "--no-cache", "dep", cwd=tmp_path)
    assert r.returncode == 3, r.stderr
    assert "not verified: ./dep: dep/a.go:" in r.stderr and "example.com/nope/x" in r.stderr
    assert "Traceback" not in r.stderr
    assert open(path).read() == before
    # diff says the same and leaves the package out; check reports no fix as fixable.
    r = gofixer("diff", "--verify", "--no-cache", "dep", cwd=tmp_path)
    assert r.returncode == 3 and r.stdout == ""
    r = gofixer("check", "--verify", "--no-cache", "dep", cwd=tmp_path)
    assert r.returncode == 3 and "[fixable]" not in r.stdout and "not verified" in r.stderr


def test_bisection_drops_only_the_fix_that_breaks_the_package(env, tmp_path, monkeypatch):
    """A context-cancel fix made wrong on purpose (for the function Bad): the
    other fixes in its file and package are kept, that one is named."""
    body = FETCH.format(name="First") + FETCH.format(name="Bad") + FETCH.format(name="Last")
    path = module(tmp_path, "mix", body)
    original = open(path).read()
    other = tmp_path / "mix" / "b.go"
    other.write_text("package mix\n\nimport (\n\t\"context\"\n\t\"time\"\n)\n" + FETCH.format(name="Other"))
    import gofixer.codemods.context_cancel as cc

    real_run = cc.run

    def run(file):
        for f in real_run(file):
            if f.fix is not None and b"func Bad" in file.text[max(0, f.start - 60):f.start]:
                broken = [Edit(e.start, e.end, e.new.replace(b"cancel()", b"cancel(1)")) for e in f.fix.edits]
                f.fix = Fix(broken, f.fix.imports)
            yield f

    monkeypatch.setattr(cc, "run", run)
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        r = CliRunner().invoke(main, ["apply", "--verify", "--no-cache", "--jobs", "1", "mix"], catch_exceptions=False)
    finally:
        os.chdir(old)
    assert r.exit_code == 0, r.output
    text = open(path).read()
    assert text.count("defer cancel()") == 2 and "cancel(1)" not in text
    assert "func Bad(parent context.Context) error {\n\tctx, _ := context.WithTimeout" in text
    assert "defer cancel()" in other.read_text()
    line = original[: original.index("func Bad")].count("\n") + 2  # the call, as the file was read
    dropped = [ln for ln in r.output.splitlines() if "fix dropped by --verify" in ln]
    assert len(dropped) == 1, r.output
    assert f"mix/a.go:{line}: context-cancel: fix dropped by --verify: go vet reports" in dropped[0]
    assert "too many arguments" in dropped[0]


def test_check_verify_marks_only_verified_fixes_fixable(env, tmp_path):
    module(tmp_path, "chk", FETCH.format(name="Fetch"))
    r = gofixer("check", "--verify", "--no-cache", "chk", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    assert "[fixable]" in r.stdout

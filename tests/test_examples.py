"""examples/ is what the README's first command shows: it must build as shipped,
have one finding of each codemod, and after `gofixer apply --unsafe-fixes` vet
clean, pass its tests, and have nothing left to fix."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from gofixer.codemod import load_codemods
from gotool import go

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# Every codemod, the opt-in ones too: the examples show each of them.
EVERY = ",".join(m.id for m in load_codemods())


def gofixer(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gofixer", *args, "--select", EVERY, "--no-cache"],
                          cwd=cwd, capture_output=True, text=True)


def test_examples_show_every_codemod_and_fix_cleanly(tmp_path):
    work = tmp_path / "examples"
    shutil.copytree(os.path.join(ROOT, "examples"), work)
    build = go("build", "./...", cwd=str(work))
    assert build.returncode == 0, build.stderr
    found = json.loads(gofixer("check", "--format", "json", ".", cwd=work).stdout)
    assert {f["codemod"] for f in found} == {m.id for m in load_codemods()}
    assert all(f["fix"] is not None for f in found), [f for f in found if f["fix"] is None]
    applied = gofixer("apply", "--unsafe-fixes", ".", cwd=work)
    assert applied.returncode == 0, applied.stderr
    vet = go("vet", "./...", cwd=str(work))
    assert vet.returncode == 0, vet.stderr
    test = go("test", "-count=1", "./...", cwd=str(work))
    assert test.returncode == 0, test.stdout + test.stderr
    again = gofixer("diff", "--unsafe-fixes", ".", cwd=work)
    assert again.returncode == 0 and again.stdout == ""

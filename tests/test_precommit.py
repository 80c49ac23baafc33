"""The pre-commit hooks, run by pre-commit itself: `pre-commit try-repo` installs
this repository's hooks (from .pre-commit-hooks.yaml, into a hook environment of
its own) and runs them on a temporary git repository, as a user's commit would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.test_cli import LEAK

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

FIXED = """package svc

import (
	"context"
	"time"
)

func Fetch(parent context.Context) error {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	defer cancel()
	return use(ctx)
}

func use(ctx context.Context) error { return ctx.Err() }
"""

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or not (os.path.exists(os.path.join(REPO, ".git"))),
    reason="needs git and a git checkout of gofixer",
)


@pytest.fixture(scope="module")
def precommit_home(tmp_path_factory):
    # One hook environment for the module: pre-commit installs gofixer there once.
    return str(tmp_path_factory.mktemp("pre-commit-home"))


def _git(cwd, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def _project(tmp_path) -> str:
    root = str(tmp_path / "proj")
    os.makedirs(root)
    _git(root, "init", "-q")
    _git(root, "config", "user.email", "dev@example.com")
    _git(root, "config", "user.name", "Dev")
    with open(os.path.join(root, "go.mod"), "w") as f:
        f.write("module example.com/svc\n\ngo 1.21\n")
    with open(os.path.join(root, "svc.go"), "w") as f:
        f.write(LEAK)
    _git(root, "add", ".")
    return root


def _try_repo(root: str, hook: str, home: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PRE_COMMIT_HOME=home, GOFIXER_CACHE_DIR=os.path.join(home, "cache"))
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", REPO, hook, "--all-files", "--verbose"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_fix_hook_fails_on_a_change_then_passes(tmp_path, precommit_home):
    root = _project(tmp_path)
    first = _try_repo(root, "gofixer", precommit_home)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    with open(os.path.join(root, "svc.go")) as f:
        assert f.read() == FIXED
    _git(root, "add", ".")
    second = _try_repo(root, "gofixer", precommit_home)
    assert second.returncode == 0, second.stdout + second.stderr


def test_check_hook_reports_without_changing(tmp_path, precommit_home):
    root = _project(tmp_path)
    run = _try_repo(root, "gofixer-check", precommit_home)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "context-cancel" in run.stdout
    with open(os.path.join(root, "svc.go")) as f:
        assert f.read() == LEAK

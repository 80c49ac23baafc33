"""The go.mod version service: the nearest go.mod above a directory, its `go`
directive, FileContext.go_version, and the result cache keyed on it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from gofixer import gomod, syntax
from gofixer.analysis import FileContext
from gofixer.source import read_source


def _write(path, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


@pytest.mark.parametrize(
    "content,version",
    [
        ("module m\n\ngo 1.21\n", (1, 21)),
        ("module m\n\ngo 1.22.3\n", (1, 22)),
        ("module m\ngo 1.21rc1 // a comment\ntoolchain go1.22.0\n", (1, 21)),
        ('module m\n\ngo "1.16"\n', (1, 16)),
        ("module m\r\n\r\ngo 1.15\r\n", (1, 15)),
        ("module m\n\nrequire (\n\texample.com/go v1.2.3\n)\n", None),  # no directive
        ("module m\n\n// go 1.20\n", None),  # commented out
        ("module m\n\ngo banana\n", None),
    ],
)
def test_directive(tmp_path, content, version):
    _write(tmp_path / "go.mod", content)
    assert gomod.go_version(str(tmp_path)) == version


def test_nearest_go_mod_above_wins(tmp_path):
    _write(tmp_path / "go.mod", "module outer\n\ngo 1.15\n")
    _write(tmp_path / "inner" / "go.mod", "module inner\n\ngo 1.21\n")
    os.makedirs(tmp_path / "inner" / "pkg" / "deep")
    os.makedirs(tmp_path / "other")
    assert gomod.go_version(str(tmp_path / "inner" / "pkg" / "deep")) == (1, 21)
    assert gomod.go_version(str(tmp_path / "other")) == (1, 15)
    assert gomod.module_for(str(tmp_path / "inner" / "pkg")).path == str(tmp_path / "inner" / "go.mod")


def test_no_go_mod_is_unknown(tmp_path):
    os.makedirs(tmp_path / "gopath" / "src" / "x")
    found = gomod.module_for(str(tmp_path / "gopath" / "src" / "x"))
    # Nothing above tmp_path holds a go.mod on a test machine; if one does, it is not ours.
    assert found is None or not found.path.startswith(str(tmp_path))


def test_an_edited_go_mod_is_read_again(tmp_path):
    mod = tmp_path / "go.mod"
    _write(mod, "module m\n\ngo 1.15\n")
    assert gomod.go_version(str(tmp_path)) == (1, 15)
    _write(mod, "module m\n\ngo 1.16\n")
    st = os.stat(mod)
    os.utime(mod, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # same size: the time tells
    assert gomod.go_version(str(tmp_path)) == (1, 16)


def test_file_context_go_version(tmp_path):
    _write(tmp_path / "go.mod", "module m\n\ngo 1.22.3\n")
    _write(tmp_path / "p" / "a.go", "package p\n")
    src = read_source(str(tmp_path / "p" / "a.go"))
    ctx = FileContext(src, syntax.parse(src.text))
    assert ctx.go_version == (1, 22)


IOUTIL = """package p

import "io/ioutil"

func Load(p string) ([]byte, error) { return ioutil.ReadFile(p) }
"""


def _check(cwd) -> list[dict]:
    proc = subprocess.run([sys.executable, "-m", "gofixer", "check", "--format", "json", "--select", "ioutil", "."],
                          cwd=cwd, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    return json.loads(proc.stdout)


def test_the_result_cache_notices_a_changed_go_directive(tmp_path, monkeypatch):
    monkeypatch.setenv("GOFIXER_CACHE_DIR", str(tmp_path / "cache"))
    repo = tmp_path / "repo"
    _write(repo / "go.mod", "module m\n\ngo 1.15\n")
    _write(repo / "a.go", IOUTIL)
    [old] = _check(repo)
    assert old["fix"] is None and "go.mod says go 1.15" in old["reason"]
    assert _check(repo) == [old]  # cached, same answer
    _write(repo / "go.mod", "module m\n\ngo 1.16\n")
    [new] = _check(repo)
    assert new["fix"] is not None and new["reason"] is None

"""ioutil: fixed only where the module's go directive allows it; on an older or
unknown one, reported with the reason and nothing changes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from fixtures import TESTDATA
from gofixer.codemods import ioutil
from gotool import go

MODULE = os.path.join(TESTDATA, "ioutil", "behaviour", "go116_module")


def _gofixer(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gofixer", *args, "--no-cache", "--select", "ioutil", "."],
                          cwd=cwd, capture_output=True, text=True)


def _copy(tmp_path, go_mod: str | None):
    work = tmp_path / "m"
    shutil.copytree(MODULE, work)
    if go_mod is None:
        os.remove(work / "go.mod")
    else:
        (work / "go.mod").write_text(go_mod)
    return work


@pytest.mark.parametrize(
    "go_mod,reason",
    [
        ("module behaviour.test\n\ngo 1.15\n", "go.mod says go 1.15; os.WriteFile needs 1.16"),
        (None, "no go.mod with a go line above this file"),
        ("module behaviour.test\n", "no go.mod with a go line above this file"),
    ],
)
def test_old_or_unknown_go_is_reported_without_a_fix(tmp_path, go_mod, reason):
    work = _copy(tmp_path, go_mod)
    before = (work / "store.go").read_bytes()
    check = _gofixer("check", "--format", "json", cwd=work)
    assert check.returncode == 1, check.stderr
    findings = json.loads(check.stdout)
    assert len(findings) == 8 and all(f["fix"] is None for f in findings)
    put = next(f for f in findings if "WriteFile" in f["message"])
    assert reason in put["reason"]
    apply = _gofixer("apply", cwd=work)
    assert apply.returncode == 0, apply.stderr
    assert (work / "store.go").read_bytes() == before


def test_go_1_15_module_still_builds_untouched(tmp_path):
    work = _copy(tmp_path, "module behaviour.test\n\ngo 1.15\n")
    _gofixer("apply", cwd=work)
    proc = go("vet", "./...", cwd=str(work))
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize(
    "text,maybe",
    [
        (b'package p\n\nimport "io/ioutil"\n', True),
        (b'package p\n\nimport "io"\n\nfunc f() { io.ReadAll(r) }\n', False),  # a file without the import
        (b"\treturn iu.ReadFile(p)\n", True),  # a body: any name it may be imported as
        (b"\tx := Discard\n", True),  # a dot import's bare name
        (b"\treturn os.Open(p)\n", False),
    ],
)
def test_prefilter_shapes(text, maybe):
    assert ioutil.prefilter(text) is maybe


def test_package_ioutil_itself_is_left_alone(tmp_path):
    (tmp_path / "go.mod").write_text("module std\n\ngo 1.22\n")
    own = tmp_path / "io" / "ioutil"
    own.mkdir(parents=True)
    (own / "example_test.go").write_text(
        'package ioutil_test\n\nimport "io/ioutil"\n\nfunc ExampleReadFile() { ioutil.ReadFile("x") }\n'
    )
    elsewhere = tmp_path / "cmd"
    elsewhere.mkdir()
    (elsewhere / "main.go").write_text((own / "example_test.go").read_text().replace("ioutil_test", "main"))
    check = _gofixer("check", "--format", "json", cwd=tmp_path)
    assert [f["path"] for f in json.loads(check.stdout)] == [os.path.join("cmd", "main.go")]

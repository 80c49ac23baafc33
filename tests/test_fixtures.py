"""Every fixture case: findings match the `// want` markers, the fixed file equals
the golden, fixing again changes nothing, and goldens build, vet and gofmt clean."""

from __future__ import annotations

import os
import re
import shutil

import pytest

from fixtures import TESTDATA, Case, cases, run_case, wants
from gotool import go, gofmt_unformatted

CASES = cases()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_findings_match_wants(case: Case):
    with open(case.path, encoding="utf-8") as f:
        expected = wants(f.read())
    result = run_case(case)
    assert not result.warnings, result.warnings
    got: dict[int, list[str]] = {}
    for rep in result.reports:
        got.setdefault(rep.line, []).append(rep.message)
    problems = []
    for line, patterns in expected.items():
        messages = list(got.get(line, []))
        for pat in patterns:
            hit = next((m for m in messages if re.search(pat, m)), None)
            if hit is None:
                problems.append(f"line {line}: no finding matching {pat!r} (got {got.get(line, [])})")
            else:
                messages.remove(hit)
        for extra in messages:
            problems.append(f"line {line}: unexpected finding {extra!r}")
    for line, messages in got.items():
        if line not in expected:
            problems.extend(f"line {line}: unexpected finding {m!r}" for m in messages)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fixed_output_matches_golden(case: Case):
    with open(case.path, "rb") as f:
        original = f.read()
    result = run_case(case)
    fixed = result.new_raw if result.changed else original
    if case.golden is None:
        assert fixed == original, "no .golden: the file must not change, but the fix gives:\n" + fixed.decode()
        return
    with open(case.golden, "rb") as f:
        golden = f.read()
    assert fixed.decode() == golden.decode()


@pytest.mark.parametrize("case", [c for c in CASES if c.golden], ids=[c.name for c in CASES if c.golden])
def test_fix_is_idempotent(case: Case, tmp_path):
    copy = tmp_path / os.path.basename(case.path)
    shutil.copy(case.golden, copy)
    go_mod = os.path.join(os.path.dirname(case.path), "go.mod")
    if os.path.exists(go_mod):  # the same go directive as the case had
        shutil.copy(go_mod, tmp_path / "go.mod")
    again = run_case(case, str(copy))
    assert not again.changed, "fixing the golden again changes it:\n" + again.new_raw.decode()


CODEMODS_WITH_GOLDENS = sorted({c.codemod for c in CASES if c.golden})


@pytest.mark.parametrize("codemod", CODEMODS_WITH_GOLDENS)
def test_goldens_build_vet_and_gofmt_clean(codemod: str, tmp_path):
    """Each golden is its own package in one temporary module: `go vet ./...`
    type-checks them all and runs vet's analyzers (lostcancel, waitgroup, ...)."""
    module = tmp_path / "m"
    module.mkdir()
    (module / "go.mod").write_text("module fixtures.test\n\ngo 1.23\n")
    copied = []
    for case in cases(codemod):
        if case.golden is None:
            continue
        pkg = module / re.sub(r"\W", "_", os.path.basename(case.path)[: -len(".go")])
        pkg.mkdir()
        dest = pkg / os.path.basename(case.path)
        shutil.copy(case.golden, dest)
        copied.append(str(dest))
    assert gofmt_unformatted(copied) == "", "goldens not gofmt-clean"
    proc = go("vet", "./...", cwd=str(module))
    assert proc.returncode == 0, proc.stderr


def test_testdata_is_where_the_harness_looks():
    assert os.path.isdir(TESTDATA)

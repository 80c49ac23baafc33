"""benchmarks/corpus_run.py, the corpus run behind docs/corpus-runs.md: it skips what
is missing with a way to get it, and (slow, with GOFIXER_CORPUS pointing at the
corpus) produces its outputs for a real repository without touching the checkout."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from gotool import go_env, require_go

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(ROOT, "benchmarks", "corpus_run.py")
CORPUS = os.environ.get("GOFIXER_CORPUS", "")


def run_script(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, SCRIPT, *args], capture_output=True, text=True, env=go_env(),
                          timeout=1800)


def script_module():
    spec = importlib.util.spec_from_file_location("corpus_run", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["corpus_run"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def events(*items: tuple[str, str]) -> str:
    return "\n".join(json.dumps({"Action": a, "Package": "p", **({"Test": t} if t else {})}) for a, t in items)


def test_broken_tests_come_from_go_test_json():
    corpus_run = script_module()
    before = corpus_run.parse_test_json(events(("pass", "TestA"), ("pass", "TestB/0xc000"), ("pass", "")), "")
    after = corpus_run.parse_test_json(events(("fail", "TestA"), ("pass", "TestB/0xc008"), ("fail", "")), "")
    assert (before.status, after.status) == ("pass", "fail")
    assert [t for t in before.tests if corpus_run.lost(t, after)] == ["TestA", "TestB/0xc000"]
    # After a passing run, a subtest whose name changed (a pointer in it) is not lost.
    passing = corpus_run.parse_test_json(events(("pass", "TestA"), ("pass", "TestB/0xc008"), ("pass", "")), "")
    assert not [t for t in before.tests if corpus_run.lost(t, passing)]
    built = corpus_run.parse_test_json('{"Action":"build-fail","ImportPath":"p"}\n' + events(("fail", "")), "")
    assert built.status == "build-failed"


def write_list(path, commit: str) -> str:
    path.write_text(
        '[[repo]]\nname = "tiny"\ngithub = "example/tiny"\n'
        f'commit = "{commit}"\nkind = "library"\ntests = ["."]\n'
    )
    return str(path)


def test_a_missing_checkout_is_skipped_with_how_to_get_it(tmp_path):
    listed = write_list(tmp_path / "list.toml", "0" * 40)
    proc = run_script("--corpus-dir", str(tmp_path / "corpus"), "--list", listed, "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    assert f"git clone https://github.com/example/tiny {tmp_path / 'corpus' / 'tiny'}" in proc.stderr
    assert f"checkout {'0' * 40}" in proc.stderr
    assert "Skipped (missing or not at the pinned commit): tiny" in proc.stdout


def test_a_checkout_at_another_commit_is_skipped(tmp_path):
    repo = tmp_path / "corpus" / "tiny"
    repo.mkdir(parents=True)
    (repo / "go.mod").write_text("module example.com/tiny\n\ngo 1.21\n")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "init"], check=True)
    listed = write_list(tmp_path / "list.toml", "1" * 40)
    proc = run_script("--corpus-dir", str(tmp_path / "corpus"), "--list", listed, "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    assert f"the list pins {'1' * 40}" in proc.stderr
    assert f"git -C {repo} checkout {'1' * 40}" in proc.stderr


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS, reason="set GOFIXER_CORPUS to the corpus folder (see docs/corpus-runs.md)")
def test_a_run_with_tests_on_go_cache(tmp_path):
    """go-cache: no go.mod (the copy gets one), comma-ok fixes in its only package."""
    require_go()
    checkout = os.path.join(CORPUS, "go-cache")
    if not os.path.isdir(checkout):
        pytest.skip(f"{checkout} is missing")
    before = tree_state(checkout)
    out = tmp_path / "out"
    proc = run_script("--repos", "go-cache", "--tests", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert tree_state(checkout) == before  # the checkout is left as it was

    counts = json.loads((out / "counts.json").read_text())["go-cache"]
    assert counts["comma-ok"]["fixable"] > 0
    findings = [json.loads(line) for line in (out / "findings.jsonl").read_text().splitlines()]
    assert len(findings) == sum(c["findings"] for c in counts.values())
    first = findings[0]
    assert first["repo"] == "go-cache" and any(f"{first['line']:5d}  " in c for c in first["context"])
    assert "\n--- a/cache.go\n" in (out / "go-cache.diff").read_text()

    rows = [json.loads(line) for line in (out / "tests.jsonl").read_text().splitlines()]
    comma_ok = [r for r in rows if r["codemod"] == "comma-ok"]
    assert [r["package"] for r in comma_ok] == ["."]
    assert comma_ok[0]["before"] == "pass"  # the go.mod made in the copy lets it build
    assert (out / "tests" / "go-cache" / "comma-ok.diff").read_text().startswith("--- a/")
    assert "| go-cache | comma-ok | 1 |" in proc.stdout


def tree_state(root: str) -> dict[str, tuple[int, int]]:
    """Size and mtime of every file outside .git (whose index other git commands on a
    shared corpus may refresh)."""
    state = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".git"]
        for name in files:
            st = os.stat(os.path.join(folder, name))
            state[os.path.join(folder, name)] = (st.st_size, st.st_mtime_ns)
    return state

"""The result cache: per-codemod reuse across selections and --unsafe-fixes, the
stat index (an unchanged file is not read), and a broken cache as a warning and
a cold run."""

from __future__ import annotations

import os

import pytest

from gofixer import pipeline
from gofixer.cache import DB_NAME, Cache
from gofixer.discover import Target
from gofixer.pipeline import Options

# A lost cancel (context-cancel, safe fix) and a bare assertion (comma-ok, unsafe fix).
SOURCE = """package svc

import (
	"context"
	"time"
)

func Fetch(parent context.Context, x any) (int, error) {
	ctx, _ := context.WithTimeout(parent, time.Second)
	n := x.(int)
	return n, ctx.Err()
}
"""

BOTH = ("context-cancel", "comma-ok")


def _run(path: str, cache: Cache, codemods=BOTH, unsafe: bool = False, fix: bool = False):
    target = Target(os.path.basename(path), path)
    return pipeline.run([target], Options(tuple(codemods), unsafe, fix=fix), jobs=1, cache=cache)[0]


def _shape(result) -> list[tuple]:
    return [(r.codemod, r.line, r.column, r.message, r.fixable, r.applied, r.reason) for r in result.reports]


@pytest.fixture
def go_file(tmp_path):
    path = tmp_path / "src" / "svc.go"
    path.parent.mkdir()
    path.write_text(SOURCE)
    return str(path)


@pytest.fixture
def no_processing(monkeypatch):
    """Fail the test if any file is processed (every answer must come from the cache)."""
    def refuse(targets, options):
        raise AssertionError(f"processed {[t.path for t in targets]} despite the cache")

    return lambda: monkeypatch.setattr(pipeline, "process_group", refuse)


def test_other_selections_and_unsafe_fixes_reuse_per_codemod_results(go_file, tmp_path, no_processing):
    cache_dir = str(tmp_path / "cache")
    expected = {
        (codemods, unsafe): _shape(_run(go_file, Cache(str(tmp_path / "cold") + str(len(codemods)) + str(unsafe)),
                                        codemods, unsafe))
        for codemods in (BOTH, ("comma-ok",), ("context-cancel",)) for unsafe in (False, True)
    }
    _run(go_file, Cache(cache_dir), BOTH, False)  # the only run that processes the file
    no_processing()
    for (codemods, unsafe), shape in expected.items():
        assert _shape(_run(go_file, Cache(cache_dir), codemods, unsafe)) == shape


def test_a_codemod_not_run_before_makes_the_file_run_again(go_file, tmp_path):
    cache_dir = str(tmp_path / "cache")
    _run(go_file, Cache(cache_dir), ("comma-ok",))
    result = _run(go_file, Cache(cache_dir), BOTH)
    assert [r.codemod for r in result.reports] == ["context-cancel", "comma-ok"]


def test_diff_takes_no_fixed_text_from_the_cache(go_file, tmp_path):
    cache_dir = str(tmp_path / "cache")
    _run(go_file, Cache(cache_dir), BOTH)  # check: reports known
    fixed = _run(go_file, Cache(cache_dir), BOTH, fix=True)
    assert fixed.changed and b"defer cancel()" in fixed.new_raw


def test_an_unchanged_stat_identity_is_trusted_without_reading(go_file, tmp_path):
    cache_dir = str(tmp_path / "cache")
    first = _run(go_file, Cache(cache_dir))
    st = os.stat(go_file)
    # Same size, same inode, same mtime: the cache cannot tell, and does not read.
    with open(go_file, "r+") as f:
        f.write(SOURCE.replace("Fetch", "Fetcx"))
    os.utime(go_file, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert _shape(_run(go_file, Cache(cache_dir))) == _shape(first)
    assert "Fetcx" not in "".join(r.message for r in _run(go_file, Cache(cache_dir)).reports)


def test_a_changed_mtime_falls_back_to_the_content_hash(go_file, tmp_path):
    cache_dir = str(tmp_path / "cache")
    _run(go_file, Cache(cache_dir))
    os.utime(go_file, ns=(0, 10**9))  # touched, content unchanged: still a hit
    _run(go_file, Cache(cache_dir))
    with open(go_file, "w") as f:
        f.write(SOURCE.replace("n := x.(int)", "n, _ := x.(int)"))
    assert [r.codemod for r in _run(go_file, Cache(cache_dir)).reports] == ["context-cancel"]


def test_a_corrupt_cache_is_a_warning_and_a_cold_run(go_file, tmp_path):
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    (cache_dir / DB_NAME).write_bytes(b"not a database at all" * 200)
    warnings: list[str] = []
    result = _run(go_file, Cache(str(cache_dir), warn=warnings.append))
    assert [r.codemod for r in result.reports] == ["context-cancel", "comma-ok"]
    assert len(warnings) == 1 and "running without it" in warnings[0]


def test_an_unwritable_cache_directory_is_a_warning_and_a_cold_run(go_file, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache folder should be")
    warnings: list[str] = []
    result = _run(go_file, Cache(str(blocker / "cache"), warn=warnings.append))
    assert len(result.reports) == 2
    assert len(warnings) == 1 and "cannot use the result cache" in warnings[0]


def test_a_file_with_suppression_comments_is_kept_whole(go_file, tmp_path):
    """Whether a suppression comment is unused depends on the selection."""
    with open(go_file, "a") as f:
        f.write("\nfunc g(x any) int { return x.(int) } //gofixer:ignore comma-ok\n")
    cache_dir = str(tmp_path / "cache")
    _run(go_file, Cache(cache_dir), ("context-cancel",))
    result = _run(go_file, Cache(cache_dir), BOTH)
    assert [r.codemod for r in result.reports] == ["context-cancel", "comma-ok"]


# ------------------------------------------------------------------ whole runs

GENERATED = "// Code generated by hand. DO NOT EDIT.\n\npackage svc\n"


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A package of two files (one with findings, one generated: a note), aged past
    the racy window, run from its parent folder."""
    root = tmp_path / "mod"
    (root / "svc").mkdir(parents=True)
    (root / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (root / "svc" / "svc.go").write_text(SOURCE)
    (root / "svc" / "gen.go").write_text(GENERATED)
    _age(root)
    monkeypatch.chdir(root)
    monkeypatch.setenv("GOFIXER_CACHE_DIR", str(tmp_path / "cache"))
    return root


def _age(root, seconds: int = 3600) -> None:
    """Files and folders under `root` (itself included) dated `seconds` ago."""
    then = os.stat(root).st_mtime_ns - seconds * 10**9
    for dirpath, dirs, names in os.walk(root, topdown=False):
        for n in names + dirs:
            os.utime(os.path.join(dirpath, n), ns=(then, then), follow_symlinks=False)
    os.utime(root, ns=(then, then))


def _whole(unsafe: bool = False, fix: bool = False, select=BOTH, no_cache: bool = False, paths=("svc",)):
    from gofixer import run

    s = run.Settings(paths=list(paths), select=list(select), ignore=[], unsafe_fixes=unsafe, jobs=1,
                     no_cache=no_cache, verify=False, quiet=False, verbose=True, config=None)
    p = run.plan(s, warn=lambda _: None, fix=fix)
    return [(r.path, _shape(r), r.warnings, r.notes) for r in run.execute(p, lambda _: None, lambda _: None)]


def _counted(monkeypatch, module, name: str) -> list:
    """module.name, counting its calls (one 1 per call) in the list returned."""
    calls: list[int] = []
    real = getattr(module, name)
    monkeypatch.setattr(module, name, lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


@pytest.fixture
def processing(monkeypatch):
    """Counts the runs of the pipeline (a recalled run has none)."""
    return _counted(monkeypatch, pipeline, "run")


def test_an_unchanged_run_is_recalled_whole_also_with_other_unsafe_fixes(package, processing):
    cold = {unsafe: _whole(unsafe, no_cache=True) for unsafe in (False, True)}
    assert any(notes for *_, notes in cold[False]) and any(shape for _, shape, *_ in cold[False])
    processing.clear()
    assert _whole() == cold[False] and processing == [1]
    assert _whole() == cold[False] and _whole(unsafe=True) == cold[True] and processing == [1]


@pytest.mark.parametrize("change", ["edit", "sibling", "new file", "go.mod", "remove"])
def test_any_changed_input_runs_again(package, processing, change):
    _whole()
    svc = package / "svc"
    if change == "edit":
        (svc / "svc.go").write_text(SOURCE.replace("n := x.(int)", "n, _ := x.(int)"))
    elif change == "sibling":  # the package index reads it: a name taken there changes fixes
        (svc / "gen.go").write_text(GENERATED + "\nvar cancel = 1\n")
    elif change == "new file":
        (svc / "more.go").write_text("package svc\n")
    elif change == "go.mod":
        (package / "go.mod").write_text("module example.com/m\n\ngo 1.15\n")
    else:
        (svc / "gen.go").unlink()
    _age(package, 1800)  # past the racy window: only the stat identity tells
    processing.clear()
    assert _whole() == _whole(no_cache=True) and processing == [1, 1]


def test_a_run_that_saw_a_recent_file_is_not_kept(package, processing):
    (package / "svc" / "svc.go").write_text(SOURCE)  # just now: its mtime may not show the next edit
    _whole()
    _whole()
    assert processing == [1, 1]


def test_a_run_with_fixes_is_not_kept_whole(package, processing):
    assert any(shape for _, shape, *_ in _whole(fix=True))
    _whole(fix=True)
    assert processing == [1, 1]


def test_a_damaged_run_row_is_a_miss(package, processing, tmp_path):
    import sqlite3

    expected = _whole()
    db = sqlite3.connect(str(tmp_path / "cache" / DB_NAME))
    with db:
        rows = db.execute("SELECT key, payload FROM runs").fetchall()
        assert len(rows) == 1
        key, payload = rows[0]
        from gofixer.cache import checksum

        bad = payload.replace('"files":[[', '"files":[[99999,', 1)
        db.execute("UPDATE runs SET payload = ?, checksum = ? WHERE key = ?", (bad, checksum(bad), key))
    db.close()
    assert _whole() == expected and processing == [1, 1]


def test_only_the_newest_whole_runs_are_kept(package, tmp_path, monkeypatch):
    import sqlite3

    from gofixer import cache

    monkeypatch.setattr(cache, "KEEP_RUNS", 2)
    for select in (("context-cancel",), ("comma-ok",), BOTH):
        _whole(select=select)
    db = sqlite3.connect(str(tmp_path / "cache" / DB_NAME))
    assert db.execute("SELECT count(*) FROM runs").fetchone() == (2,)
    db.close()


def test_a_generated_file_is_known_under_every_selection(tmp_path, no_processing):
    path = tmp_path / "gen.go"
    path.write_text(GENERATED + SOURCE.split("\n", 1)[1])
    cache_dir = str(tmp_path / "cache")
    first = _run(str(path), Cache(cache_dir), BOTH)
    assert first.notes and not first.reports
    no_processing()
    for codemods in (("comma-ok",), ("context-cancel", "loop-defer")):
        again = _run(str(path), Cache(cache_dir), codemods)
        assert (again.notes, again.reports) == (first.notes, [])


@pytest.fixture
def walks(monkeypatch):
    """Counts discovery's walks (a run recalled with its walk's signature has none)."""
    from gofixer import run

    return _counted(monkeypatch, run, "discover")


def test_an_unchanged_walk_is_not_walked_again(package, processing, walks):
    first = _whole()
    assert _whole() == first and _whole(unsafe=True) == _whole(unsafe=True, no_cache=True)
    assert processing == walks == [1, 1]  # the first run, and the --no-cache one


@pytest.mark.parametrize("change", ["new file", "new folder", "renamed", "git work tree", "link moved", "exclude",
                                    "sibling of a named file"])
def test_a_changed_tree_is_walked_again(package, processing, walks, change, tmp_path):
    import subprocess

    svc = package / "svc"
    other = tmp_path / "other"
    other.mkdir()
    (other / "o.go").write_text(SOURCE)
    link = package / "link"
    link.symlink_to(svc)
    paths = ("svc", "link", "named/n.go")
    (package / "named").mkdir()
    (package / "named" / "n.go").write_text(SOURCE.replace("package svc", "package named"))
    _age(package)
    _age(other)
    _whole(paths=paths)
    _whole(paths=paths)
    assert walks == [1]  # kept with its walk
    if change == "new file":
        (svc / "more.go").write_text(SOURCE.replace("Fetch", "More"))
    elif change == "new folder":
        (svc / "sub").mkdir()
        (svc / "sub" / "s.go").write_text(SOURCE)
    elif change == "renamed":
        (svc / "svc.go").rename(svc / "main.go")
    elif change == "git work tree":  # a repository around the folder: git now decides what is found
        subprocess.run(["git", "init", "-q", str(package)], check=True)
        (package / ".gitignore").write_text("gen.go\n")
    elif change == "sibling of a named file":  # its package now declares `cancel`: another name in the fix
        (package / "named" / "more.go").write_text("package named\n\nvar cancel = 1\n")
    elif change == "exclude":  # nothing walked moved: the configuration leaves a file out
        (package / "gofixer.toml").write_text('exclude = ["svc/svc.go"]\n')
    else:  # nothing walked moved: only the link's real path tells
        link.unlink()
        link.symlink_to(other)
    walks.clear()
    processing.clear()
    assert _whole(paths=paths) == _whole(paths=paths, no_cache=True)
    assert walks == [1, 1] and processing[:1] == [1]


def test_a_run_recalls_the_folders_that_did_not_change(package, monkeypatch):
    """A file's results depend on its own folder only: after an edit in one
    folder, the other folders' results come from the run's row (their own rows
    are not even read)."""
    other = package / "other"
    other.mkdir()
    (other / "o.go").write_text(SOURCE.replace("package svc", "package other"))
    _age(package)
    first = _whole(paths=("svc", "other"))
    processed: list[str] = []
    real = pipeline.process_group
    monkeypatch.setattr(pipeline, "process_group",
                        lambda targets, *a, **k: processed.extend(t.path for t in targets) or real(targets, *a, **k))
    read: list[str] = []
    real_read = Cache._read_row
    monkeypatch.setattr(Cache, "_read_row", lambda self, db, path: read.append(path) or real_read(self, db, path))
    (package / "svc" / "svc.go").write_text(SOURCE.replace("n := x.(int)", "n, _ := x.(int)"))
    _age(package / "svc", 1800)  # past the racy window; nothing else touched
    again = _whole(paths=("svc", "other"))
    assert sorted(processed) == ["svc/gen.go", "svc/svc.go"]  # gen.go: its package changed
    assert sorted(os.path.basename(p) for p in read) == ["gen.go", "svc.go"]
    assert again == _whole(paths=("svc", "other"), no_cache=True) != first

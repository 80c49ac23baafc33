"""Attacks and accidents, reproduced: a poisoned cache, a folder swapped for a
symbolic link, hostile file names, files apply must not replace, signals, huge and
deeply nested files. Each test shows the tool holding."""

from __future__ import annotations

import os
import pickle
import re
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from gofixer import cache as cachemod
from gofixer.discover import discover

from test_cli import CLEAN, LEAK, gofixer, write

FIXED = "defer cancel()"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("GOFIXER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def _git(cwd, *args):
    subprocess.run(["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args], cwd=cwd, check=True,
                   capture_output=True)


# ------------------------------------------------------------------ cache


def _rows(cache_dir):
    db = sqlite3.connect(os.path.join(cache_dir, cachemod.DB_NAME))
    return db, db.execute("SELECT key FROM entries").fetchall()


def _poison(cache_dir, payload, checksum=None):
    """Every row of the cache replaced by `payload` (a correct checksum unless given)."""
    db, rows = _rows(cache_dir)
    assert rows, "the first run stored nothing"
    with db:
        for (key,) in rows:
            db.execute("UPDATE entries SET payload = ?, checksum = ? WHERE key = ?",
                       (payload, checksum or cachemod.checksum(payload), key))
    db.close()


class _Boom:
    def __reduce__(self):
        return (os.system, ("touch PWNED",))


def test_a_pickled_row_runs_nothing_and_is_a_miss(tmp_path):
    cache_dir = os.environ["GOFIXER_CACHE_DIR"]
    write(tmp_path, "a.go", LEAK)
    first = gofixer("check", "--format", "json", ".", cwd=tmp_path)
    evil = pickle.dumps(_Boom()).decode("latin-1")
    _poison(cache_dir, evil)
    second = gofixer("check", "--format", "json", ".", cwd=tmp_path)
    assert not os.path.exists(tmp_path / "PWNED")
    assert second.stdout == first.stdout and second.returncode == 1, second.stderr
    assert b"Traceback" not in second.stderr


@pytest.mark.parametrize("payload", [
    '[]',
    '{"reports": [], "warnings": [], "notes": [], "new_raw": "cGFja2FnZSBw"}',
    '{"reports": [["context-cancel", true, 1, 1, 1, "m", "safe", true, true, null]], "warnings": [], "notes": []}',
    '{"reports": "x", "warnings": [], "notes": []}',
    '[' * 100000,
])
def test_a_wrong_shaped_row_is_a_miss(tmp_path, payload):
    cache_dir = os.environ["GOFIXER_CACHE_DIR"]
    write(tmp_path, "a.go", LEAK)
    first = gofixer("check", "--format", "json", ".", cwd=tmp_path)
    _poison(cache_dir, payload)
    second = gofixer("check", "--format", "json", ".", cwd=tmp_path)
    assert second.stdout == first.stdout and second.returncode == 1 and b"Traceback" not in second.stderr


def test_a_row_with_a_bad_checksum_is_a_miss(tmp_path):
    cache_dir = os.environ["GOFIXER_CACHE_DIR"]
    write(tmp_path, "a.go", LEAK)
    gofixer("check", ".", cwd=tmp_path)
    _poison(cache_dir, '{"reports": [], "warnings": [], "notes": []}', checksum="0" * 64)
    assert gofixer("check", ".", cwd=tmp_path).returncode == 1  # the finding is still there


def test_the_cache_never_decides_what_apply_writes(tmp_path):
    """Only unchanged files are cached: a changed file's content is computed afresh."""
    cache_dir = os.environ["GOFIXER_CACHE_DIR"]
    write(tmp_path, "a.go", LEAK)
    write(tmp_path, "b.go", CLEAN)
    gofixer("diff", ".", cwd=tmp_path)
    db, rows = _rows(cache_dir)
    assert len(rows) == 1  # b.go only
    db.close()


def test_a_cache_file_that_is_not_a_database_is_ignored(tmp_path):
    cache_dir = os.environ["GOFIXER_CACHE_DIR"]
    os.makedirs(cache_dir, exist_ok=True)
    with open(os.path.join(cache_dir, cachemod.DB_NAME), "wb") as f:
        f.write(b"not sqlite at all" * 100)
    write(tmp_path, "a.go", LEAK)
    r = gofixer("check", ".", cwd=tmp_path)
    assert r.returncode == 1 and b"Traceback" not in r.stderr


# ------------------------------------------------------------------ symlinks


def test_a_tracked_folder_replaced_by_a_link_is_not_written_through(tmp_path):
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    write(repo, "sub/x.go", LEAK)
    write(repo, "a.go", LEAK)
    _git(repo, "init", "-q", ".")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "init")
    write(outside, "x.go", LEAK)
    subprocess.run(["rm", "-rf", str(repo / "sub")], check=True)
    os.symlink("../outside", repo / "sub")
    r = gofixer("apply", "--no-cache", ".", cwd=repo)
    assert (outside / "x.go").read_text() == LEAK
    assert FIXED in (repo / "a.go").read_text()
    assert b"sub: a symbolic link to a folder" in r.stderr
    d = gofixer("diff", "--no-cache", ".", cwd=repo)
    assert b"../" not in d.stdout


def test_a_deep_folder_link_is_never_followed(tmp_path):
    write(tmp_path, "outside/x.go", LEAK)
    write(tmp_path, "tree/a/b/keep.go", CLEAN)
    os.symlink(tmp_path / "outside", tmp_path / "tree" / "a" / "b" / "link")
    found = discover(["tree"], cwd=str(tmp_path))
    assert [t.path for t in found.targets] == [os.path.join("tree", "a", "b", "keep.go")]


def test_a_write_whose_real_path_leaves_the_root_is_refused(tmp_path):
    """The folder is swapped for a link after discovery: the write is refused."""
    from gofixer.source import read_source
    from gofixer.writer import Refused, write_atomic

    p = write(tmp_path, "root/sub/x.go", LEAK)
    write(tmp_path, "elsewhere/x.go", LEAK)
    src = read_source(p)
    os.rename(tmp_path / "root" / "sub", tmp_path / "moved")
    os.symlink(tmp_path / "elsewhere", tmp_path / "root" / "sub")
    with pytest.raises(Refused):
        write_atomic(p, b"package q\n", src.fingerprint, src.mode, root=os.path.realpath(tmp_path / "root"))
    assert (tmp_path / "elsewhere" / "x.go").read_text() == LEAK


# ------------------------------------------------------------------ names in patches


@pytest.mark.parametrize("name", ["tab\there.go", "new\nline.go", 'quote"d.go', "back\\slash.go", "caf\u00e9.go",
                                  "sp ace.go"])
def test_a_hostile_name_round_trips_through_git_apply(tmp_path, name):
    write(tmp_path, name, LEAK)
    write(tmp_path, "plain.go", LEAK.replace("Fetch", "Get"))
    _git(tmp_path, "init", "-q", ".")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "init")
    d = gofixer("diff", "--no-cache", ".", cwd=tmp_path)
    assert d.returncode == 1, d.stderr
    assert d.stdout.count(b"\ndiff --git ") + d.stdout.startswith(b"diff --git ") == 2
    (tmp_path / ".." / "fix.patch").write_bytes(d.stdout)
    applied = subprocess.run(["git", "apply", "--check", "-v", str(tmp_path / ".." / "fix.patch")], cwd=tmp_path,
                             capture_output=True)
    assert applied.returncode == 0, applied.stderr
    subprocess.run(["git", "apply", str(tmp_path / ".." / "fix.patch")], cwd=tmp_path, check=True)
    assert FIXED in (tmp_path / name).read_text() and FIXED in (tmp_path / "plain.go").read_text()


def test_a_file_outside_the_current_directory_is_named_from_its_folder(tmp_path):
    """`a/../other/a.go` is refused by git apply: the name starts at the folder given."""
    write(tmp_path, "other/a.go", LEAK)
    write(tmp_path, "also/a.go", LEAK)
    (tmp_path / "here").mkdir()
    d = gofixer("diff", "--no-cache", "../other", cwd=tmp_path / "here")
    assert d.returncode == 1 and d.stdout.startswith(b"diff --git a/a.go b/a.go\n"), d.stdout
    (tmp_path / "fix.patch").write_bytes(d.stdout)
    subprocess.run(["git", "apply", str(tmp_path / "fix.patch")], cwd=tmp_path / "other", check=True)
    assert FIXED in (tmp_path / "other" / "a.go").read_text()
    # From a folder below the root: every file is named from the root, the ones
    # under the current directory too, so the patch applies in one place.
    write(tmp_path, "other/a.go", LEAK)
    write(tmp_path, "here/b.go", LEAK)
    d = gofixer("diff", "--no-cache", "..", cwd=tmp_path / "here")
    assert b"diff --git a/here/b.go b/here/b.go\n" in d.stdout and b"diff --git a/other/a.go b/other/a.go\n" in d.stdout
    (tmp_path / "here" / "b.go").unlink()
    # Two folders outside: the second a.go would take the first one's name.
    write(tmp_path, "other/a.go", LEAK)
    d = gofixer("diff", "--no-cache", "../also", "../other", cwd=tmp_path / "here")
    assert d.stdout.count(b"diff --git") == 1 and b"like another file outside the current directory" in d.stderr


# ------------------------------------------------------------------ files apply must not replace


def test_a_read_only_file_is_refused_and_keeps_mode_and_owner(tmp_path):
    p = write(tmp_path, "a.go", LEAK)
    os.chmod(p, 0o444)
    before = os.stat(p)
    r = gofixer("apply", "--no-cache", ".", cwd=tmp_path)
    assert r.returncode == 2 and b"a.go" in r.stderr and b"read-only" in r.stderr
    after = os.stat(p)
    assert (after.st_mode, after.st_uid, after.st_gid, after.st_ino) == (
        before.st_mode, before.st_uid, before.st_gid, before.st_ino)
    assert open(p).read() == LEAK


def test_a_hard_linked_file_is_refused(tmp_path):
    p = write(tmp_path, "a.go", LEAK)
    os.link(p, tmp_path / "other-name")
    r = gofixer("apply", "--no-cache", "a.go", cwd=tmp_path)
    assert r.returncode == 2 and b"hard links" in r.stderr
    assert open(p).read() == LEAK and os.stat(p).st_nlink == 2


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file away needs root")
def test_apply_keeps_owner_group_and_mode(tmp_path):
    p = write(tmp_path, "a.go", LEAK)
    os.chmod(p, 0o640)
    os.chown(p, 12345, 23456)
    r = gofixer("apply", "--no-cache", ".", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    st = os.stat(p)
    assert FIXED in open(p).read() and (st.st_uid, st.st_gid, st.st_mode & 0o7777) == (12345, 23456, 0o640)


def test_stale_temp_files_of_a_killed_run_are_removed(tmp_path):
    write(tmp_path, "a.go", LEAK)
    dead = _dead_pid()
    stale = [tmp_path / f".gofixer-{dead}-abc.tmp", tmp_path / ".gofixer-old.tmp"]
    for s in stale:
        s.write_text("half")
        os.utime(s, (time.time() - 3600, time.time() - 3600))
    live = tmp_path / f".gofixer-{os.getpid()}-live.tmp"  # a running process's file is kept
    live.write_text("in flight")
    os.utime(live, (time.time() - 3600, time.time() - 3600))
    assert gofixer("apply", "--no-cache", ".", cwd=tmp_path).returncode == 0
    assert [s.exists() for s in stale] == [False, False] and live.exists()


def _dead_pid() -> int:
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


# ------------------------------------------------------------------ signals


def _tree(root, files: int) -> None:
    for i in range(files):
        write(root, f"p{i % 40}/f{i}.go", LEAK.replace("Fetch", f"Fetch{i}") + "\n// padding\n" * 200)


def _children(pid: int) -> set[int]:
    out = set()
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out.update(int(x) for x in f.read().split())
        except OSError:
            pass
    return out


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def _interrupt_mid_run(root, sig: int) -> tuple[int, bytes, set[int]]:
    """Start `apply` over a big tree with two workers, send `sig` once both run; the
    exit code, stderr and the workers' pids."""
    _tree(root, 600)
    proc = subprocess.Popen([sys.executable, "-m", "gofixer", "apply", "--no-cache", "--jobs", "2", "."],
                            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    workers: set[int] = set()
    while proc.poll() is None and len(workers) < 2:
        workers |= _children(proc.pid)
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be interrupted; make the tree bigger"
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    return proc.returncode, err, workers


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="needs /proc")
def test_sigterm_mid_run_leaves_no_process_and_no_temp_file(tmp_path):
    code, err, workers = _interrupt_mid_run(tmp_path, signal.SIGTERM)
    assert code == 143, err
    assert err.count(b"\n") == 1 and b"interrupted:" in err and b"file(s) written" in err, err
    for _ in range(100):
        if not any(_alive(w) for w in workers):
            break
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)]
    assert not [n for _, _, names in os.walk(tmp_path) for n in names if n.startswith(".gofixer-")]


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="needs /proc")
def test_sigint_prints_one_line_and_exits_130(tmp_path):
    code, err, workers = _interrupt_mid_run(tmp_path, signal.SIGINT)
    assert code == 130, err
    assert err.count(b"\n") == 1, err
    assert re.fullmatch(rb"gofixer: interrupted: \d+ file\(s\) written; every other file is untouched\n", err)
    assert b"Traceback" not in err and b"Aborted" not in err


def _catches_sigterm(pid: int) -> bool:
    with open(f"/proc/{pid}/status") as f:
        caught = next(line for line in f if line.startswith("SigCgt:"))
    return bool(int(caught.split()[1], 16) & (1 << (signal.SIGTERM - 1)))


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="needs /proc")
def test_sigint_while_loading_is_quiet(tmp_path):
    """The signal comes as soon as gofixer's own code runs (it catches SIGTERM from
    its first line), while the command line and the engine are still imported.
    Before that, Python itself is starting, which is not gofixer's to quieten."""
    _tree(tmp_path, 50)
    proc = subprocess.Popen([sys.executable, "-m", "gofixer", "check", "--no-cache", "."], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    while proc.poll() is None and not _catches_sigterm(proc.pid):
        time.sleep(0.001)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.count(b"\n") == 1 and b"0 file(s) written" in err and b"Traceback" not in err, err


# ------------------------------------------------------------------ size and depth


def test_an_oversized_file_is_skipped_with_a_warning(tmp_path):
    write(tmp_path, "big.go", LEAK + "// " + "x" * 5000 + "\n")
    write(tmp_path, "a.go", LEAK)
    r = gofixer("check", "--no-cache", "--max-file-size", "4K", ".", cwd=tmp_path)
    assert r.returncode == 1
    assert re.search(rb"big\.go: 5\.\d KiB, over max-file-size \(4 KiB\); skipped", r.stderr), r.stderr
    assert b"a.go:9" in r.stdout and b"big.go:" not in r.stdout
    write(tmp_path, "gofixer.toml", "max-file-size = 100\n")
    r = gofixer("check", "--no-cache", ".", cwd=tmp_path)
    assert r.returncode == 0 and f"a.go: {len(LEAK)} bytes, over max-file-size (100 bytes)".encode() in r.stderr
    r = gofixer("check", "--max-file-size", "lots", ".", cwd=tmp_path)
    assert r.returncode == 2 and b"--max-file-size" in r.stderr


def test_the_default_size_limit_holds(tmp_path):
    write(tmp_path, "huge.go", "package p\n" + "// filler line\n" * 400000)
    r = gofixer("check", "--no-cache", ".", cwd=tmp_path)
    assert r.returncode == 0 and re.search(rb"huge\.go: 5\.\d MiB, over max-file-size \(4 MiB\); skipped", r.stderr)


@pytest.mark.parametrize("opener,closer", [("{\n", "}\n"), ("if x {\n", "}\n"), ("for {\n", "}\n"),
                                           ("func() {\n", "}()\n")])
def test_deep_nesting_completes(tmp_path, opener, closer):
    depth = 5000
    src = ("package p\n\nimport \"context\"\n\nvar x bool\n\nfunc f() {\n" + opener * depth
           + "ctx, _ := context.WithCancel(context.Background())\n_ = ctx\n" + closer * depth + "}\n")
    write(tmp_path, "deep.go", src)
    r = gofixer("check", "--no-cache", "--format", "json", ".", cwd=tmp_path)
    assert r.returncode == 1 and b"Traceback" not in r.stderr, r.stderr[-2000:]
    assert b'"context-cancel"' in r.stdout


def test_deeply_nested_goroutines_complete(tmp_path):
    """waitgroup-add finds each literal's own Add calls in one search of the file
    (a search per literal was quadratic: 5,000 nested literals took minutes)."""
    depth = 5000
    src = ("package p\n\nimport \"sync\"\n\nfunc f() {\n\tvar wg sync.WaitGroup\n" + "go func() {\n" * depth
           + "wg.Add(1)\ndefer wg.Done()\n" + "}()\n" * depth + "wg.Wait()\n}\n")
    write(tmp_path, "deep.go", src)
    r = gofixer("check", "--no-cache", "--format", "json", "--select", "waitgroup-add", ".", cwd=tmp_path)
    assert r.returncode == 1 and b"Traceback" not in r.stderr, r.stderr[-2000:]
    assert b'"waitgroup-add"' in r.stdout

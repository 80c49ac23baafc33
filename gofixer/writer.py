"""Careful writes for `apply`. A file is replaced only when it is still what was
read, when its real path lies under the real path of the folder it was found in,
when its owner may write it, and when no other name (hard link) shares it. The new
content goes to a temp file named `.gofixer-<pid>-*.tmp` in the same folder, with
the old mode, owner and group, is fsynced, then renamed over the file."""

from __future__ import annotations

import os
import stat
import tempfile
import time

from .source import Fingerprint, content_digest

TEMP_PREFIX = ".gofixer-"
TEMP_SUFFIX = ".tmp"
RUN_STARTED = time.time()  # temp files older than this run and not its own are stale
_swept: set[str] = set()  # folders already rid of stale temp files in this run


class StaleFile(Exception):
    """The file is no longer what was read."""


class Refused(Exception):
    """The file is one gofixer must not replace; the message says why."""


def write_atomic(path: str, data: bytes, expected: Fingerprint | None, mode: int | None,
                 root: str | None = None) -> None:
    """Replace `path` with `data`. `root`, when given, is the real path of the folder
    the file was found under: a file whose real path leaves it is refused. Raises
    StaleFile when the file is no longer what was read, Refused when it must not be
    replaced, OSError when the folder cannot be written."""
    target = os.path.realpath(path)
    _check_inside(target, root)
    st = _check_replaceable(target)
    _check_unchanged(target, expected)
    folder = os.path.dirname(target)
    remove_stale_temps(folder)
    fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            _keep_owner(f.fileno(), st)
            os.fchmod(f.fileno(), stat.S_IMODE(st.st_mode) if mode is None else mode)
            os.fsync(f.fileno())
        _check_inside(os.path.realpath(path), root)
        _check_unchanged(target, expected)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass


def remove_stale_temps(folder: str) -> None:
    """Remove temp files a killed gofixer left in `folder`: older than this run and
    made by a process that is gone (another run's files in flight are kept). Once
    per folder and run."""
    if folder in _swept:
        return
    _swept.add(folder)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for e in entries:
        if not (e.name.startswith(TEMP_PREFIX) and e.name.endswith(TEMP_SUFFIX)):
            continue
        try:
            st = e.stat(follow_symlinks=False)
            if stat.S_ISREG(st.st_mode) and st.st_mtime < RUN_STARTED and not _alive(_writer_pid(e.name)):
                os.unlink(e.path)
        except OSError:
            pass


def _writer_pid(name: str) -> int | None:
    head = name[len(TEMP_PREFIX):].split("-", 1)[0]
    return int(head) if head.isdigit() else None


def _alive(pid: int | None) -> bool:
    if pid is None:  # named by an older gofixer: its age decides
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, but not ours to signal
    return True


def _check_inside(real: str, root: str | None) -> None:
    if root is not None and not real.startswith(root.rstrip(os.sep) + os.sep):
        raise Refused(f"its real path {real} lies outside {root}, the folder it was found in")


def _check_replaceable(target: str) -> os.stat_result:
    """The file's status when gofixer may replace it. The checks are made here, not
    left to the system: as root, rename ignores the mode."""
    try:
        st = os.stat(target)
    except OSError as e:
        raise StaleFile(f"gone since it was read ({e.strerror})") from None
    if not stat.S_ISREG(st.st_mode):
        raise Refused("not a regular file")
    if not st.st_mode & stat.S_IWUSR:
        raise Refused(f"read-only (mode {stat.S_IMODE(st.st_mode):04o}): its owner has no write permission")
    if st.st_nlink > 1:
        raise Refused(f"it has {st.st_nlink} hard links, and replacing it would detach this name from the others")
    return st


def _keep_owner(fd: int, st: os.stat_result) -> None:
    """Give the new file the old one's owner and group where this process may (root
    may set both; an owner may set a group it belongs to)."""
    if (st.st_uid, st.st_gid) == (os.geteuid(), os.getegid()):
        return
    for uid, gid in ((st.st_uid, st.st_gid), (-1, st.st_gid)):
        try:
            os.fchown(fd, uid, gid)
            return
        except OSError:
            continue


def _check_unchanged(path: str, expected: Fingerprint | None) -> None:
    if expected is None:
        return
    try:
        st = os.stat(path)
    except OSError as e:
        raise StaleFile(f"gone since it was read ({e.strerror})") from None
    if st.st_size != expected.size:
        raise StaleFile("changed on disk since it was read")
    with open(path, "rb") as f:
        if content_digest(f.read()) != expected.digest:
            raise StaleFile("changed on disk since it was read")

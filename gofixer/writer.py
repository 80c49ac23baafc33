"""Atomic, careful writes for `apply`: a temp file in the same folder with the old
mode, fsync, then rename; refused when the file changed on disk since it was read."""

from __future__ import annotations

import os
import tempfile

from .source import Fingerprint, content_digest


class StaleFile(Exception):
    pass


def write_atomic(path: str, data: bytes, expected: Fingerprint | None, mode: int | None) -> None:
    """Replace `path` with `data`. Raises StaleFile when the file is no longer what
    was read, OSError when the folder cannot be written."""
    target = os.path.realpath(path)
    _check_unchanged(target, expected)
    folder = os.path.dirname(target)
    fd, tmp = tempfile.mkstemp(prefix=".gofixer-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
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

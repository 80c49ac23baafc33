"""The result cache: one SQLite file under the user cache directory
(GOFIXER_CACHE_DIR overrides), never inside the user's repository. A file's entry is
keyed by its content, the content of every Go file in its directory (the package
index reads them), the tool's own code, and the options."""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import stat
from functools import lru_cache
from typing import Iterable, Iterator

from .discover import Target
from .pipeline import FileResult, Options
from .source import Fingerprint, content_digest

SCHEMA = 1


def default_dir() -> str:
    env = os.environ.get("GOFIXER_CACHE_DIR")
    if env:
        return env
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "gofixer")


@lru_cache(maxsize=1)
def tool_digest() -> str:
    """A digest of gofixer's own source, so a changed tool never reads old results."""
    import gofixer

    h = hashlib.blake2b(digest_size=16)
    h.update(str(SCHEMA).encode())
    h.update(gofixer.__version__.encode())
    roots = [os.path.dirname(gofixer.__file__)]
    try:
        import gofixer.codemods as cm

        roots.append(os.path.dirname(cm.__file__))
    except ImportError:
        pass
    for root in roots:
        for name in sorted(os.listdir(root)):
            if name.endswith(".py"):
                with open(os.path.join(root, name), "rb") as f:
                    h.update(name.encode() + b"\0" + f.read())
    return h.hexdigest()


class Cache:
    def __init__(self, directory: str | None = None):
        self.directory = directory or default_dir()
        self._db: sqlite3.Connection | None = None
        self._keys: dict[str, str] = {}
        self._prints: dict[str, tuple[Fingerprint, int]] = {}

    def _conn(self) -> sqlite3.Connection | None:
        if self._db is None:
            try:
                os.makedirs(self.directory, exist_ok=True)
                self._db = sqlite3.connect(os.path.join(self.directory, "results.sqlite"), timeout=10)
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value BLOB)")
            except (OSError, sqlite3.Error):
                self._db = None
        return self._db

    def lookup(self, targets: list[Target], options: Options) -> Iterator[tuple[Target, FileResult | None]]:
        db = self._conn()
        for t in targets:
            self._fingerprint(t)
        digests = {path: fp.digest for path, (fp, _) in self._prints.items()}
        packages = _package_digests({os.path.dirname(t.abspath) for t in targets}, digests)
        opt = repr(options).encode()
        for t in targets:
            key = self._key(t, packages, opt)
            if key is None or db is None:
                yield t, None
                continue
            self._keys[t.abspath] = key
            row = None
            try:
                row = db.execute("SELECT value FROM results WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error:
                pass
            if row is None:
                yield t, None
                continue
            try:
                res: FileResult = pickle.loads(row[0])
            except Exception:
                yield t, None
                continue
            fp, mode = self._prints[t.abspath]
            res.path, res.abspath, res.fingerprint, res.mode = t.path, t.abspath, fp, mode
            for rep in res.reports:
                rep.path = t.path
            yield t, res

    def _fingerprint(self, t: Target) -> None:
        try:
            st = os.stat(t.abspath)
            if not stat.S_ISREG(st.st_mode):
                return
            with open(t.abspath, "rb") as f:
                raw = f.read()
        except OSError:
            return
        self._prints[t.abspath] = (Fingerprint.of(raw, st), stat.S_IMODE(st.st_mode))

    def _key(self, t: Target, packages: dict[str, str], opt: bytes) -> str | None:
        if t.abspath not in self._prints:
            return None
        fp = self._prints[t.abspath][0]
        h = hashlib.blake2b(digest_size=20)
        for part in (tool_digest().encode(), opt, fp.digest.encode(), packages[os.path.dirname(t.abspath)].encode(),
                     t.abspath.encode(), b"explicit" if t.explicit else b""):
            h.update(part + b"\0")
        return h.hexdigest()

    def store(self, results: Iterable[FileResult]) -> None:
        db = self._conn()
        if db is None:
            return
        rows = []
        for r in results:
            key = self._keys.get(r.abspath)
            if key is None or r.fingerprint is None:
                continue
            if self._prints.get(r.abspath, (None,))[0] != r.fingerprint:
                continue  # the file changed between hashing and processing
            rows.append((key, pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL)))
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)", rows)
        except sqlite3.Error:
            pass


def _package_digests(directories: Iterable[str], known: dict[str, str]) -> dict[str, str]:
    """A digest of every Go file in each directory (the package index reads them
    all); `known` holds digests already computed, by absolute path."""
    out = {}
    for d in directories:
        h = hashlib.blake2b(digest_size=16)
        try:
            names = sorted(n for n in os.listdir(d) if n.endswith(".go"))
        except OSError:
            names = []
        for n in names:
            path = os.path.join(d, n)
            digest = known.get(path)
            if digest is None:
                try:
                    with open(path, "rb") as f:
                        digest = content_digest(f.read())
                except OSError:
                    continue
            h.update(n.encode() + b"\0" + digest.encode())
        out[d] = h.hexdigest()
    return out

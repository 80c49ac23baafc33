"""The result cache: one SQLite file under the user cache directory
(GOFIXER_CACHE_DIR overrides), never inside the user's repository. A file's entry is
keyed by its content, the content of every Go file in its directory (the package
index reads them), the tool's own code, and the options.

A row holds data only: JSON text with the findings and warnings of a file that the
run left unchanged, with the tool version and a checksum beside it. Nothing read
from the cache is executed, and nothing read from it is ever written to a Go file:
a file with fixes is always processed afresh. A row that is not exactly the expected
shape is a miss. So a cache restored from an untrusted run can at worst hide or
invent findings, never run code or decide what `apply` writes."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
from functools import lru_cache
from typing import Any, Iterable, Iterator

from .discover import Target
from .pipeline import FileResult, Options, Report
from .source import Fingerprint, content_digest

SCHEMA = 2
DB_NAME = "results-v2.sqlite"  # the pickled rows of schema 1 lived in results.sqlite
MAX_ROW = 4 << 20  # bytes of JSON; a longer row is a miss, not a memory spike


def default_dir() -> str:
    env = os.environ.get("GOFIXER_CACHE_DIR")
    if env:
        return env
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "gofixer")


def tool_version() -> str:
    import gofixer

    return f"{gofixer.__version__}+{SCHEMA}"


@lru_cache(maxsize=1)
def tool_digest() -> str:
    """A digest of gofixer's own source, so a changed tool never reads old results."""
    import gofixer

    h = hashlib.blake2b(digest_size=16)
    h.update(tool_version().encode())
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
    """lookup() gives each target its cached result or None; store() keeps the
    results a run computed. Any failure of the cache itself is a miss."""

    def __init__(self, directory: str | None = None):
        self.directory = directory or default_dir()
        self._db: sqlite3.Connection | None = None
        self._opened = False
        self._keys: dict[str, str] = {}
        self._prints: dict[str, tuple[Fingerprint, int]] = {}

    def lookup(self, targets: list[Target], options: Options) -> Iterator[tuple[Target, FileResult | None]]:
        db = self._conn()
        limit = getattr(options, "max_file_size", None)
        for t in targets:
            self._fingerprint(t, limit)
        digests = {path: fp.digest for path, (fp, _) in self._prints.items()}
        packages = _package_digests({os.path.dirname(t.abspath) for t in targets}, digests)
        opt = repr(options).encode()
        for t in targets:
            key = self._key(t, packages, opt)
            if key is None or db is None:
                yield t, None
                continue
            self._keys[t.abspath] = key
            res = _read_row(db, key, t)
            if res is not None:
                res.fingerprint, res.mode = self._prints[t.abspath]
            yield t, res

    def store(self, results: Iterable[FileResult]) -> None:
        db = self._conn()
        if db is None:
            return
        rows = []
        for r in results:
            key = self._keys.get(r.abspath)
            if key is None or r.fingerprint is None or r.changed:
                continue  # a changed file's new bytes are never taken from the cache
            if self._prints.get(r.abspath, (None,))[0] != r.fingerprint:
                continue  # the file changed between hashing and processing
            payload = encode(r)
            rows.append((key, tool_version(), checksum(payload), payload))
        try:
            with db:
                db.executemany(
                    "INSERT OR REPLACE INTO entries (key, tool, checksum, payload) VALUES (?, ?, ?, ?)", rows
                )
        except sqlite3.Error:
            pass

    def _conn(self) -> sqlite3.Connection | None:
        if not self._opened:
            self._opened = True
            self._db = _open(self.directory)
        return self._db

    def _fingerprint(self, t: Target, limit: int | None) -> None:
        try:
            st = os.stat(t.abspath)
            if not stat.S_ISREG(st.st_mode) or (limit is not None and st.st_size > limit):
                return  # the pipeline says why it skips the file
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


def _open(directory: str) -> sqlite3.Connection | None:
    """The cache database, opened so that a hostile file can do no more than fail:
    no SQL from its schema runs with side effects, and a table that is not ours
    makes the cache unusable rather than trusted."""
    try:
        os.makedirs(directory, exist_ok=True)
        db = sqlite3.connect(os.path.join(directory, DB_NAME), timeout=10)
        db.execute("PRAGMA trusted_schema=OFF")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(
            "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, tool TEXT NOT NULL, "
            "checksum TEXT NOT NULL, payload TEXT NOT NULL)"
        )
        kind = db.execute("SELECT type FROM sqlite_master WHERE name = 'entries'").fetchone()
        cols = [row[1] for row in db.execute("PRAGMA table_info(entries)")]
        if kind != ("table",) or cols != ["key", "tool", "checksum", "payload"]:
            db.close()
            return None
        return db
    except (OSError, sqlite3.Error):
        return None


def _read_row(db: sqlite3.Connection, key: str, t: Target) -> FileResult | None:
    try:
        row = db.execute("SELECT tool, checksum, payload FROM entries WHERE key = ?", (key,)).fetchone()
    except sqlite3.Error:
        return None
    if row is None or len(row) != 3:
        return None
    tool, summed, payload = row
    if tool != tool_version() or not isinstance(payload, str) or len(payload) > MAX_ROW:
        return None
    if summed != checksum(payload):
        return None
    return decode(payload, t)


def checksum(payload: str) -> str:
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


# ------------------------------------------------------------------ rows

# A report's fields and their JSON types, in order: the row's whole vocabulary.
_REPORT_FIELDS = (
    ("codemod", str), ("line", int), ("column", int), ("end_line", int), ("end_column", int),
    ("message", str), ("safety", str), ("fixable", bool), ("applied", bool), ("reason", (str, type(None))),
)


def encode(r: FileResult) -> str:
    """The row for an unchanged file's result (paths are the target's, filled in on read)."""
    data = {
        "reports": [[getattr(rep, name) for name, _ in _REPORT_FIELDS] for rep in r.reports],
        "warnings": list(r.warnings),
        "notes": list(r.notes),
    }
    return json.dumps(data, separators=(",", ":"), ensure_ascii=True)


def decode(payload: str, t: Target) -> FileResult | None:
    """The result a row describes, or None when it is not exactly a row."""
    try:
        data = json.loads(payload)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or set(data) != {"reports", "warnings", "notes"}:
        return None
    reports, warnings, notes = data["reports"], data["warnings"], data["notes"]
    if not (_strings(warnings) and _strings(notes) and isinstance(reports, list)):
        return None
    out = FileResult(t.path, t.abspath, warnings=warnings, notes=notes)
    for fields in reports:
        rep = _report(fields, t.path)
        if rep is None:
            return None
        out.reports.append(rep)
    return out


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _report(fields: Any, path: str) -> Report | None:
    if not isinstance(fields, list) or len(fields) != len(_REPORT_FIELDS):
        return None
    kw = {}
    for value, (name, kind) in zip(fields, _REPORT_FIELDS):
        # bool is an int in Python: a position must not be true or false.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            return None
        kw[name] = value
    if min(kw["line"], kw["column"], kw["end_line"], kw["end_column"]) < 1:
        return None
    return Report(path=path, **kw)


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

"""The result cache: one SQLite file under the user cache directory
(GOFIXER_CACHE_DIR overrides), never inside the user's repository.

One row per file, found by one lookup on the file's path. The row holds:
- the file's stat identity (size, mtime_ns, inode) and content digest: when the
  stat still matches, the file is known unchanged without being read; when it does
  not, the file is read and hashed, and an equal digest still reuses the row;
- a context digest: the tool's own code and version, the digests of every Go file
  in the directory (the package index reads them), the module's `go` directive,
  whether the file was named explicitly, and max-file-size;
- what is known about the file as read, per codemod: each codemod's reports
  (without `applied`, which follows from --unsafe-fixes), under a digest of that
  codemod's own options. A run with any selection, --ignore or --unsafe-fixes is
  a hit when every selected codemod is known. Per-codemod rows are kept only for a
  file whose result stands alone: no warnings or notes, and no suppression
  comments (an `//nolint` or `//gofixer:ignore` can be unused under one selection
  and not another). Any other file's result is kept whole, under its selection.

Why reports of the file as read, per codemod: in `check` the codemods run on the
original text independently (the prefilter guarantees that a codemod's findings
do not depend on which bodies other codemods made the parser read). A fixed text,
where fixes of several codemods interact through the fixpoint, is never stored:
`diff` and `apply` reuse a row only for a file none of whose reports would be
applied (the file is unchanged, and its reports are check's with applied false);
a file with fixes is always processed afresh.

Above the rows of files, one row per run (table `runs`), keyed by the tool, the
current directory, the paths given and the options: the results of the last such
run, with a digest of its inputs per folder (the files found there, and the stat
identity of every Go file in it and of its module's go.mod). A run whose inputs
have those digests is answered from this one row without reading any Go file or
loading the parser; when only some folders changed, the others' results still
come from the row (a file's results depend on its own folder only) and only the
changed folders go through the rows of files. When discovery was a walk (no git listing), the row also keeps what
it found and the walk's signature (discover.Discovery.signature: the paths given,
and the inode and mtime of every folder walked); while that holds, the next run
is not walked either: it stats the folders and the files and reads the row. A run is kept whole only when it changed nothing and none of its
inputs was modified within two seconds of it (a later edit in the same timestamp
tick could go unseen); --unsafe-fixes is not part of check's key, since it only
decides `applicable`.

A row holds data only: JSON text with the tool version and a checksum beside it.
Nothing read from the cache is executed, and nothing read from it is ever written
to a Go file. A row that is not exactly the expected shape is a miss. A cache that
cannot be opened, read or written is one warning and a run without it. Concurrent
runs share the file through SQLite's write-ahead log and a busy timeout; a row is
replaced whole, so the worst a race does is lose the other run's additions."""

from __future__ import annotations

try:  # what hashlib.blake2b is, without hashlib loading OpenSSL: part of every cached run's start
    from _blake2 import blake2b
except ImportError:  # another Python implementation
    from hashlib import blake2b
import json
from array import array
import os
import sqlite3
import stat
import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator

from . import discover
from .discover import Discovery, Target
from .results import FileResult, Options, Report

SCHEMA = 6  # 4: generated files kept for every selection; 5: blake2b checksums; 6: run rows by folder
DB_NAME = "results-v3.sqlite"  # schema 2 (whole results by content key) lived in results-v2.sqlite
MAX_ROW = 4 << 20  # bytes of JSON; a longer row is a miss, not a memory spike
MAX_RUN_ROW = 64 << 20  # a whole run's row (every finding of a large tree)
TABLES = ("entries", "runs")  # per-file rows; whole runs
KEEP_RUNS = 16  # whole runs kept (each key is a directory, paths and options; a new tool makes new keys)
# A file modified this recently may change again within its timestamp's
# granularity without its stat identity changing: a run that saw one is not kept
# whole (its files are still kept one by one, each checked by content too).
RACY_NS = 2_000_000_000
SAFE = "safe"


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

    h = blake2b(digest_size=16)
    h.update(tool_version().encode() + b"\0" + sys.version.encode())  # another Python may parse or match otherwise
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
    for identity in _parser_identities():
        h.update(identity.encode("utf-8", "surrogateescape") + b"\0")
    return h.hexdigest()


def _parser_identities() -> list[str]:
    """The installed tree-sitter and Go grammar, by the stat identity of their
    compiled modules: another grammar can parse the same file differently. Found
    without importing them (a cached run never loads the parser)."""
    from importlib.util import find_spec

    out = []
    for package in ("tree_sitter", "tree_sitter_go"):
        try:
            spec = find_spec(package)
        except (ImportError, ValueError):
            spec = None
        for folder in (spec.submodule_search_locations or []) if spec is not None else []:
            try:
                names = sorted(n for n in os.listdir(folder) if n.endswith((".so", ".pyd", ".dylib")))
            except OSError:
                continue
            for n in names:
                try:
                    st = os.stat(os.path.join(folder, n))
                except OSError:
                    continue
                out.append(f"{package}/{n}:{st.st_size}:{st.st_mtime_ns}")
    return out


@dataclass
class _Known:
    """What this run learnt about one target before processing it."""

    st: os.stat_result
    digest: str
    row: dict[str, Any] | None  # the stored row, when it describes this content and context
    directory: str = ""
    context: str = ""


class Cache:
    """lookup() gives each target its cached result or None; store() keeps the
    results a run computed. Any failure of the cache itself is a miss, and the
    first one is reported through `warn`."""

    def __init__(self, directory: str | None = None, warn: Callable[[str], None] | None = None):
        self.directory = directory or default_dir()
        self._warn = warn
        self._warned = False
        self._db: sqlite3.Connection | None = None
        self._opened = False
        self._known: dict[str, _Known] = {}
        self._options: dict[str, Options] = {}
        # recall()'s key and inputs, for remember()
        self._run: tuple[str, _Inputs | None] | None = None
        # Results of the files in folders unchanged since the last such run, for lookup()
        self._partial: dict[str, FileResult] = {}
        self._hit: tuple[str, list[Target], dict] | None = None  # recall_found()'s key, targets and row

    # ------------------------------------------------------------ lookup

    def lookup(self, targets: list[Target], options: Options) -> Iterator[tuple[Target, FileResult | None]]:
        if self._partial:  # folders unchanged since the last such run (see recall)
            for t in targets:
                if t.abspath in self._partial:
                    yield t, self._partial[t.abspath]
            targets = [t for t in targets if t.abspath not in self._partial]
        db = self._conn()
        if db is None:
            for t in targets:
                yield t, None
            return
        limit = getattr(options, "max_file_size", None)
        rows = {t.abspath: self._read_row(db, t.abspath) for t in targets}
        digests = self._digests(targets, rows, limit)
        packages = _package_digests({os.path.dirname(path) for path in digests}, digests)
        shared = _shared_options(options)
        wanted = {c: _codemod_options(options, c) for c in options.codemods}  # once, not per file
        for t in targets:
            known = self._known.get(t.abspath)
            if known is None:
                yield t, None
                continue
            known.context = _context(t, packages[known.directory], shared)
            self._options[t.abspath] = options
            row = rows.get(t.abspath)
            if row is not None and (row["digest"] != known.digest or row["context"] != known.context):
                row = None
            known.row = row
            res = _result(row, t, options, wanted) if row is not None else None
            if res is not None:
                from .source import Fingerprint  # here: a run answered whole needs none

                res.fingerprint = Fingerprint(known.st.st_size, known.st.st_mtime_ns, known.digest)
                res.mode = stat.S_IMODE(known.st.st_mode)
            yield t, res

    def _digests(self, targets: list[Target], rows: dict[str, Any], limit: int | None) -> dict[str, str]:
        """Each target's content digest: from its row when its stat identity still
        matches (the file is not read), else by reading and hashing it."""
        out = {}
        for t in targets:
            try:
                st = os.stat(t.abspath)
            except OSError:
                continue
            if not stat.S_ISREG(st.st_mode) or (limit is not None and st.st_size > limit):
                continue  # the pipeline says why it skips the file
            row = rows.get(t.abspath)
            if row is not None and row["stat"] == [st.st_size, st.st_mtime_ns, st.st_ino]:
                digest = row["digest"]
            else:
                try:
                    from .source import content_digest

                    with open(t.abspath, "rb") as f:
                        digest = content_digest(f.read())
                except OSError:
                    continue
            self._known[t.abspath] = _Known(st, digest, None, os.path.dirname(t.abspath))
            out[t.abspath] = digest
        return out

    # ------------------------------------------------------------ store

    def store(self, results: Iterable[FileResult]) -> None:
        db = self._conn()
        if db is None:
            return
        rows = []
        for r in results:
            known = self._known.get(r.abspath)
            options = self._options.get(r.abspath)
            if known is None or options is None or r.fingerprint is None:
                continue
            if (r.fingerprint.size, r.fingerprint.mtime_ns, r.fingerprint.digest) != (
                    known.st.st_size, known.st.st_mtime_ns, known.digest):
                continue  # the file changed between hashing and processing
            row = _updated_row(known, r, options)
            if row is None:
                continue  # a changed file's new bytes are never taken from the cache
            payload = json.dumps(row, separators=(",", ":"), ensure_ascii=True)
            rows.append((_row_key(r.abspath), tool_version(), checksum(payload), payload))
        if not rows:
            return
        try:
            with db:
                db.executemany(
                    "INSERT OR REPLACE INTO entries (key, tool, checksum, payload) VALUES (?, ?, ?, ?)", rows
                )
        except sqlite3.Error as e:
            self._failed(f"cannot write the result cache ({e})")

    # ------------------------------------------------------------ whole runs

    def recall_found(self, paths: list[str], options: Options, exclude: list[str]) -> Discovery | None:
        """Before discovery: what the last run with these paths and options found
        (excluding `exclude`, the configuration's globs),
        when it was kept with the signature of a walk (see discover.Discovery)
        that still holds and its inputs are unchanged. Then recall() answers from
        the same row. Checking that stats the folders walked and the Go files in
        the targets' folders; nothing is listed or read."""
        db = self._conn()
        if db is None:
            return None
        key = _run_key(paths, options)
        row = self._run_row(db, key)
        found = _found(row["found"]) if row is not None and row["found"] is not None else None
        if found is None:
            return None
        recheck = discover.Recheck(found[0].signature, exclude)  # git answers meanwhile
        # The targets come from the row itself: only the files can differ.
        inputs = _inputs(found[0].targets, found[1], of_targets=False)
        if not recheck.holds() or inputs is None or inputs.files_of != row["files_of"]:
            return None
        self._hit = (key, found[0].targets, row)
        return found[0]

    def recall(self, paths: list[str], targets: list[Target], options: Options) -> list[FileResult] | None:
        """The results of the last run with these paths and options, when it was
        kept (see remember) and none of its inputs changed since: the same files,
        and the same stat identity for every Go file in their folders (the
        package index reads them all) and for each module's go.mod. Checking that
        lists the folders and reads one row; no Go file is read. When only some
        folders changed, the others' results are kept for lookup() (a file's
        results depend on its own folder only), and None is returned."""
        if self._hit is not None and self._hit[:2] == (_run_key(paths, options), targets):
            return _recalled(self._hit[2], targets, options)
        db = self._conn()
        if db is None:
            return None
        self._run = (_run_key(paths, options), _inputs(targets))
        inputs = self._run[1]
        if inputs is None:
            return None
        row = self._run_row(db, self._run[0])
        if row is None:
            return None
        if row["files_of"] == inputs.files_of and row["targets_of"] == inputs.targets_of:
            return _recalled(row, targets, options)
        same = {d for d, digest in inputs.files_of.items()
                if row["files_of"].get(d) == digest and row["targets_of"].get(d) == inputs.targets_of[d]}
        kept = _recalled(row, [t for t in targets if _folder(t.abspath) in same], options)
        self._partial = {r.abspath: r for r in kept or []}
        return None

    def remember(self, targets: list[Target], options: Options, results: list[FileResult],
                 found: Discovery | None = None) -> None:
        """Keep a run whole for recall(): one that changed no file (diff and apply
        keep only runs with nothing to fix), whose inputs were the same after it
        as before recall() looked, none of them modified within RACY_NS of it.
        With `found`, the discovery that gave exactly these targets: when it was a
        walk, its signature is kept for recall_found()."""
        db = self._conn()
        run, self._run = self._run, None
        if db is None or run is None or run[1] is None:
            return
        key, inputs = run
        seen_at, listing = inputs.seen_at, inputs.listing
        if inputs.newest >= seen_at - RACY_NS:
            return
        files = _run_files(results, options)
        if files is None:
            return
        after = _inputs(targets)
        if after is None or (after.files_of, after.targets_of) != (inputs.files_of, inputs.targets_of):
            return
        row = {"files_of": inputs.files_of, "targets_of": inputs.targets_of, "files": files, "found": None}
        if found is not None and found.signature is not None and found.targets == targets:
            folders = found.signature["folders"]
            if (max((f[2] for f in folders), default=0) < seen_at - RACY_NS
                    and discover.unchanged(found.signature)):
                # Only a walked folder's listing is known unchanged by its mtime: the
                # folder of a file named on its own is listed again every time.
                walked = {f[0] for f in folders}
                row["found"] = {"signature": found.signature, "targets": _packed(targets),
                                "warnings": found.warnings, "empty": found.empty,
                                "listing": [[d, names] for d, names in listing.items() if d in walked]}
        payload = json.dumps(row, separators=(",", ":"), ensure_ascii=True)
        if len(payload) > MAX_RUN_ROW:
            return
        try:
            with db:
                db.execute("INSERT OR REPLACE INTO runs (key, tool, checksum, payload) VALUES (?, ?, ?, ?)",
                           (key, tool_version(), checksum(payload), payload))
                # A replaced row gets a new rowid: the newest KEEP_RUNS runs stay.
                db.execute("DELETE FROM runs WHERE rowid NOT IN (SELECT rowid FROM runs ORDER BY rowid DESC LIMIT ?)",
                           (KEEP_RUNS,))
        except sqlite3.Error as e:
            self._failed(f"cannot write the result cache ({e})")

    # ------------------------------------------------------------ database

    def _conn(self) -> sqlite3.Connection | None:
        if not self._opened:
            self._opened = True
            self._db, problem = _open(self.directory)
            if problem:
                self._failed(problem)
        return self._db

    def _read_row(self, db: sqlite3.Connection, path: str) -> dict[str, Any] | None:
        payload = self._payload(db, "entries", _row_key(path), MAX_ROW)
        return _checked_row(payload) if payload is not None else None

    def _run_row(self, db: sqlite3.Connection, key: str) -> dict[str, Any] | None:
        payload = self._payload(db, "runs", key, MAX_RUN_ROW)
        return _run_row(payload) if payload is not None else None

    def _payload(self, db: sqlite3.Connection, table: str, key: str, limit: int) -> str | None:
        """The JSON text stored under `key`, when it is this version's and its
        checksum holds."""
        try:
            found = db.execute(f"SELECT tool, checksum, payload FROM {table} WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as e:
            self._failed(f"cannot read the result cache ({e})")
            return None
        if found is None or len(found) != 3:
            return None
        tool, summed, payload = found
        if tool != tool_version() or not isinstance(payload, str) or len(payload) > limit:
            return None
        if summed != checksum(payload):
            return None
        return payload

    def _failed(self, problem: str) -> None:
        if self._warn is not None and not self._warned:
            self._warned = True
            self._warn(f"{problem}; running without it (--no-cache hides this)")


def _open(directory: str) -> tuple[sqlite3.Connection | None, str | None]:
    """The cache database and None, or None and why it cannot be used. Opened so
    that a hostile file can do no more than fail: no SQL from its schema runs with
    side effects, and a table that is not ours makes the cache unusable."""
    path = os.path.join(directory, DB_NAME)
    try:
        os.makedirs(directory, exist_ok=True)
        db = sqlite3.connect(path, timeout=10)
        db.execute("PRAGMA trusted_schema=OFF")
        db.execute("PRAGMA journal_mode=WAL")
        for table in TABLES:
            db.execute(
                f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, tool TEXT NOT NULL, "
                "checksum TEXT NOT NULL, payload TEXT NOT NULL)"
            )
            kind = db.execute("SELECT type FROM sqlite_master WHERE name = ?", (table,)).fetchone()
            cols = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
            if kind != ("table",) or cols != ["key", "tool", "checksum", "payload"]:
                db.close()
                return None, f"the result cache {path} is not gofixer's"
        return db, None
    except OSError as e:
        return None, f"cannot use the result cache in {directory} ({e.strerror or e})"
    except sqlite3.Error as e:
        return None, f"the result cache {path} is unusable ({e})"


def _row_key(abspath: str) -> str:
    return blake2b(abspath.encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()


def checksum(payload: str) -> str:
    return blake2b(payload.encode("utf-8", "surrogatepass"), digest_size=32).hexdigest()


# ------------------------------------------------------------------ keys


def _shared_options(options: Options) -> str:
    """What every codemod's result on a file depends on, beyond the file: the
    options that are neither the selection, the per-codemod tables, nor
    --unsafe-fixes (which only decides `applied`). warn-unused-ignores is not
    here: it can only matter to a file with suppression comments, whose result
    is kept whole under its selection, so check and diff share a row."""
    return repr((options.go_directive, getattr(options, "max_file_size", None)))


def _context(t: Target, package: str, shared: str) -> str:
    h = blake2b(digest_size=20)
    for part in (tool_digest(), shared, package, t.abspath, "explicit" if t.explicit else ""):
        h.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return h.hexdigest()


def _codemod_options(options: Options, codemod: str) -> str:
    return repr(dict(options.codemod_options).get(codemod, ()))


def _selection(options: Options) -> str:
    """The key of a whole result: everything about the run but the file."""
    return repr((options.codemods, options.codemod_options, options.fix, options.unsafe_fixes,
                 getattr(options, "warn_unused_ignores", None)))


# ------------------------------------------------------------------ rows
#
# A row: {"stat": [size, mtime_ns, ino], "digest": str, "context": str,
#         "skipped": None | [note...]  (a generated file: no codemod ran),
#         "codemods": {id: {"options": str, "reports": [report...]}},
#         "whole": {selection: {"reports": [report...], "warnings": [str], "notes": [str]}}}
# A report in "codemods" has no `applied` (it follows from --unsafe-fixes);
# one in "whole" has it.

# In this order (_report unpacks it): a report without its path, with `applied` before `reason`.
_REPORT_FIELDS = (
    ("codemod", str), ("line", int), ("column", int), ("end_line", int), ("end_column", int),
    ("message", str), ("safety", str), ("fixable", bool), ("applied", bool), ("reason", (str, type(None))),
)
_BARE_FIELDS = tuple(f for f in _REPORT_FIELDS if f[0] != "applied")
_KINDS = {fields: tuple(k for _, k in fields) for fields in (_REPORT_FIELDS, _BARE_FIELDS)}


def _result(row: dict[str, Any], t: Target, options: Options, wanted: dict[str, str]) -> FileResult | None:
    """The result of this run on the file, if the row holds it; `wanted` maps
    each selected codemod to its options as keyed."""
    if row["skipped"] is not None:
        return FileResult(t.path, t.abspath, notes=list(row["skipped"]), skipped=True)
    if row["whole"]:
        whole = row["whole"].get(_selection(options))
        if whole is not None:
            return _whole_result(whole, t)
    known = row["codemods"]
    if not all(c in known and known[c]["options"] == opts for c, opts in wanted.items()):
        return None
    out = FileResult(t.path, t.abspath)
    for c in options.codemods:  # registry order, as the pipeline runs them
        for fields in known[c]["reports"]:
            rep = _report(fields, _BARE_FIELDS, t.path)
            if rep is None or rep.codemod != c:
                return None
            applies = rep.fixable and (rep.safety == SAFE or options.unsafe_fixes)
            if options.fix and applies:
                return None  # a file with fixes is processed afresh
            rep.applied = applies and not options.fix
            out.reports.append(rep)
    return out


def _whole_result(whole: dict[str, Any], t: Target) -> FileResult | None:
    out = FileResult(t.path, t.abspath, warnings=list(whole["warnings"]), notes=list(whole["notes"]))
    for fields in whole["reports"]:
        rep = _report(fields, _REPORT_FIELDS, t.path)
        if rep is None:
            return None
        out.reports.append(rep)
    return out


def _updated_row(known: _Known, r: FileResult, options: Options) -> dict[str, Any] | None:
    """The row to store after processing a file: what was known, plus this run's
    result; None for a file with fixes."""
    if r.changed or (options.fix and any(rep.applied for rep in r.reports)):
        return None
    row = known.row or {"codemods": {}, "whole": {}}
    row = {"stat": [known.st.st_size, known.st.st_mtime_ns, known.st.st_ino], "digest": known.digest,
           "context": known.context, "codemods": dict(row["codemods"]), "whole": dict(row["whole"]),
           "skipped": None}
    if r.skipped and not r.reports and not r.warnings:
        row["skipped"] = list(r.notes)  # said before any codemod ran: the same for every selection
    elif _stands_alone(r, options):
        for c in options.codemods:
            row["codemods"][c] = {
                "options": _codemod_options(options, c),
                "reports": [[getattr(rep, name) for name, _ in _BARE_FIELDS] for rep in r.reports if rep.codemod == c],
            }
    else:
        row["whole"][_selection(options)] = {
            "reports": [[getattr(rep, name) for name, _ in _REPORT_FIELDS] for rep in r.reports],
            "warnings": list(r.warnings),
            "notes": list(r.notes),
        }
    return row


def _stands_alone(r: FileResult, options: Options) -> bool:
    """Whether the file's result is the union of its codemods' results: nothing
    about the file as a whole was said, and no suppression comment could be
    judged differently under another selection."""
    if r.warnings or r.notes or r.suppressions:
        return False
    # In diff/apply a report is check's only when no fix was in reach.
    return not options.fix or not any(rep.fixable for rep in r.reports)


def _checked_row(payload: str) -> dict[str, Any] | None:
    """The row a payload describes, or None when it is not of a row's shape. The
    reports are checked where they are used (_report), so a run pays only for
    the codemods it selected."""
    try:
        row = json.loads(payload)
    except (ValueError, RecursionError):
        return None
    if not isinstance(row, dict) or set(row) != {"stat", "digest", "context", "codemods", "whole", "skipped"}:
        return None
    if row["skipped"] is not None and not _strings(row["skipped"]):
        return None
    st, codemods, whole = row["stat"], row["codemods"], row["whole"]
    if not (isinstance(st, list) and len(st) == 3 and all(type(v) is int for v in st)):
        return None
    if not (isinstance(row["digest"], str) and isinstance(row["context"], str)):
        return None
    if not isinstance(codemods, dict) or not all(
            isinstance(v, dict) and set(v) == {"options", "reports"} and isinstance(v["options"], str)
            and isinstance(v["reports"], list) for v in codemods.values()):
        return None
    if not isinstance(whole, dict) or not all(
            isinstance(v, dict) and set(v) == {"reports", "warnings", "notes"} and _strings(v["warnings"])
            and _strings(v["notes"]) and isinstance(v["reports"], list) for v in whole.values()):
        return None
    return row


def _strings(value: Any) -> bool:
    return isinstance(value, list) and set(map(type, value)) <= {str}


def _report(values: Any, fields: tuple, path: str) -> Report | None:
    """The report `values` spell with `fields` (without `applied`: False)."""
    if type(values) is not list or len(values) != len(fields) or not all(map(isinstance, values, _KINDS[fields])):
        return None
    codemod, line, column, end_line, end_column, message, safety, fixable, *rest = values
    positions = (line, column, end_line, end_column)
    # bool is an int in Python: a position must not be true or false.
    if min(positions) < 1 or bool in map(type, positions):
        return None
    applied, reason = rest if len(rest) == 2 else (False, rest[0])
    return Report(codemod, path, line, column, end_line, end_column, message, safety, fixable, applied, reason)


def _package_digests(directories: Iterable[str], known: dict[str, str]) -> dict[str, str]:
    """A digest of every Go file in each directory (the package index reads them
    all); `known` holds digests already computed, by absolute path. A file that is
    not a target is hashed by its stat identity: it is read only by the package
    index, which reads it again whenever that identity changes."""
    out = {}
    for d in directories:
        h = blake2b(digest_size=16)
        try:
            entries = sorted((e for e in os.scandir(d) if e.name.endswith(".go")), key=lambda e: e.name)
        except OSError:
            entries = []
        for e in entries:
            digest = known.get(e.path)
            if digest is None:
                try:
                    st = e.stat()
                except OSError:
                    continue
                digest = f"stat:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"
            h.update(e.name.encode("utf-8", "surrogateescape") + b"\0" + digest.encode() + b"\0")
        out[d] = h.hexdigest()
    return out


# ------------------------------------------------------------------ whole runs
#
# A run row: {"files_of": {folder: digest}, "targets_of": {folder: digest},
#             "files": [[abspath, reports, warnings, notes]...], "found": None | {...}}
# with the targets that have anything to say (see _Inputs for the digests, and
# recall_found for `found`). In check, a report has no `applied` (it follows from
# --unsafe-fixes, which is then not in the key); in diff and apply it has it
# (always false: a run with fixes is not kept).


def _run_key(paths: list[str], options: Options) -> str:
    fix = options.fix
    h = blake2b(digest_size=20)
    for part in (tool_digest(), os.getcwd(), repr(list(paths)),
                 repr((options.codemods, options.codemod_options, fix, options.unsafe_fixes if fix else None,
                       options.warn_unused_ignores, options.go_directive, options.max_file_size))):
        h.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return h.hexdigest()


@dataclass
class _Inputs:
    """What a run's results depend on besides the tool and the options, folder by
    folder (a file's results depend on its own folder only: the package index
    reads that folder's Go files, and the go.mod above it gives the Go version)."""

    files_of: dict[str, str]  # folder -> digest of its Go files (names, stat identity) and its go.mod's
    targets_of: dict[str, str]  # folder -> digest of the targets in it; empty when not asked for
    newest: int  # the newest mtime_ns seen
    seen_at: int  # when (time_ns)
    listing: dict[str, list[str]]  # folder -> its Go file names, in the order hashed


def _inputs(targets: list[Target], known: dict[str, list[str]] | None = None,
            of_targets: bool = True) -> _Inputs | None:
    """The inputs of a run over `targets` (the targets' own part only with
    `of_targets`: not when they come from the row compared with). With `known` (a
    listing from a run whose folders are known unchanged) a folder's files are
    stat'ed by name instead of listed again. None when a folder cannot be listed."""
    import time

    from . import gomod

    seen_at = time.time_ns()
    out = _Inputs({}, {}, 0, seen_at, {})
    if of_targets:
        by_folder: dict[str, list[Target]] = {}
        for t in targets:
            by_folder.setdefault(_folder(t.abspath), []).append(t)
        # The key holds the paths given and the current directory, which decide each
        # target's display path, whether it was named and its root: its names suffice.
        out.targets_of = {d: blake2b("\0".join([f"{t.path}\0{t.abspath}" for t in ts]).encode(
            "utf-8", "surrogateescape"), digest_size=16).hexdigest() for d, ts in by_folder.items()}
    for d in sorted({_folder(t.abspath) for t in targets}):
        names = known.get(d) if known is not None else None
        entries: list = [d + os.sep + n for n in names] if names is not None else []
        if names is None:
            try:
                with os.scandir(d) as it:
                    entries = [e for e in it if e.name.endswith(".go")]
            except OSError:
                return None
            # Not sorted: a folder lists its unchanged entries in the same order, and
            # another order can only make a miss, never a wrong answer.
            names = [e.name for e in entries]
        out.listing[d] = names
        mod = gomod.go_mod_path(d)
        try:
            stats = [os.stat(e) for e in entries]
            if mod is not None:
                stats.append(os.stat(mod))
        except OSError:  # a file went away, or is a broken link: the rare case, one at a time
            stats = [_stat(e) for e in [*entries, *([mod] if mod is not None else [])]]
        numbers = [n for st in stats for n in (st.st_size, st.st_mtime_ns, st.st_ino, st.st_mode)]
        h = blake2b("\0".join([mod or "", *names]).encode("utf-8", "surrogateescape"), digest_size=16)
        h.update(array("q", numbers).tobytes())
        out.files_of[d] = h.hexdigest()
        out.newest = max(out.newest, max(numbers[1::4], default=0))
    return out


class _Missing:
    """The stat identity of a file that cannot be read: -1 everywhere."""

    st_size = st_mtime_ns = st_ino = st_mode = -1


def _folder(abspath: str) -> str:
    """The folder of a target's absolute path (os.path.dirname, for paths that are
    already normal: a run asks it of every target)."""
    return abspath.rpartition(os.sep)[0] or os.sep


def _stat(entry: os.DirEntry | str) -> os.stat_result | _Missing:
    try:
        return entry.stat() if isinstance(entry, os.DirEntry) else os.stat(entry)
    except OSError:
        return _Missing()


def _run_files(results: list[FileResult], options: Options) -> list | None:
    """The run row's files, or None when the run must not be kept: a file changed,
    a fix was applied, or (check) a report's `applied` does not follow from
    --unsafe-fixes as recall() will say it does."""
    fields = _BARE_FIELDS if not options.fix else _REPORT_FIELDS
    out = []
    for r in results:
        if r.changed:
            return None
        for rep in r.reports:
            if rep.applied != (not options.fix and _applies(rep, options)):
                return None
        if r.reports or r.warnings or r.notes:
            out.append([r.abspath, [[getattr(rep, name) for name, _ in fields] for rep in r.reports],
                        list(r.warnings), list(r.notes)])
    return out


def _applies(rep: Report, options: Options) -> bool:
    return rep.fixable and (rep.safety == SAFE or options.unsafe_fixes)


def _run_row(payload: str) -> dict[str, Any] | None:
    """The run row a payload holds, when it is of a run row's shape (its `found`
    is checked where it is used, by _found)."""
    try:
        row = json.loads(payload)
    except (ValueError, RecursionError):
        return None
    if not isinstance(row, dict) or set(row) != {"files_of", "targets_of", "files", "found"}:
        return None
    if not (_digests_of(row["files_of"]) and _digests_of(row["targets_of"]) and isinstance(row["files"], list)):
        return None
    return row


def _digests_of(value: Any) -> bool:
    return isinstance(value, dict) and set(map(type, value.values())) <= {str}


def _found(found: Any) -> tuple[Discovery, dict[str, list[str]]] | None:
    """The discovery and folder listing a run row's `found` holds, when it is of
    that shape (its signature's shape is discover.unchanged()'s to judge)."""
    if not isinstance(found, dict) or set(found) != {"signature", "targets", "warnings", "empty", "listing"}:
        return None
    listing = found["listing"]
    if not (isinstance(listing, list) and _strings(found["warnings"]) and _strings(found["empty"])
            and isinstance(found["signature"], dict)):
        return None
    out = _unpacked(found["targets"])
    if out is None:
        return None
    known = {}
    for item in listing:
        if not (type(item) is list and len(item) == 2 and type(item[0]) is str and _strings(item[1])):
            return None
        known[item[0]] = item[1]
    return Discovery(out, list(found["warnings"]), list(found["empty"]), found["signature"]), known


def _packed(targets: list[Target]) -> dict[str, list]:
    """Targets as a run row keeps them, by column: each target's folders (display
    and absolute, from a table), root (from a table), name, whether it was named,
    and its absolute name where that differs (a named link)."""
    folders: dict[tuple[str, str], int] = {}
    roots: dict[str | None, int] = {}
    cols: dict[str, list] = {"folder": [], "root": [], "name": [], "explicit": [], "renamed": []}
    for i, t in enumerate(targets):
        pname, aname = t.path.rpartition(os.sep)[2], t.abspath.rpartition(os.sep)[2]
        pdir, adir = t.path[: len(t.path) - len(pname)], t.abspath[: len(t.abspath) - len(aname)]  # with their "/"
        cols["folder"].append(folders.setdefault((pdir, adir), len(folders)))
        cols["root"].append(roots.setdefault(t.root, len(roots)))
        cols["name"].append(pname)
        cols["explicit"].append(t.explicit)
        if aname != pname:
            cols["renamed"].append([i, aname])
    return {"folders": [list(k) for k in folders], "roots": list(roots), **cols}


def _unpacked(packed: Any) -> list[Target] | None:
    """The targets _packed() made, or None when `packed` is not of that shape."""
    if not (isinstance(packed, dict)
            and set(packed) == {"folders", "roots", "folder", "root", "name", "explicit", "renamed"}):
        return None
    folders, roots, folder, root, names, explicit, renamed = (
        packed[k] for k in ("folders", "roots", "folder", "root", "name", "explicit", "renamed"))
    n = len(names) if isinstance(names, list) else -1
    if not (isinstance(folders, list) and all(type(f) is list and len(f) == 2 and _strings(f) for f in folders)
            and isinstance(roots, list) and all(r is None or type(r) is str for r in roots)
            and _strings(names) and _indexes(folder, n, len(folders)) and _indexes(root, n, len(roots))
            and isinstance(explicit, list) and len(explicit) == n and set(map(type, explicit)) <= {bool}
            and isinstance(renamed, list)
            and all(type(r) is list and len(r) == 2 and type(r[1]) is str for r in renamed)
            and _indexes([r[0] for r in renamed], len(renamed), n)):
        return None
    absolute = list(names)
    for i, aname in renamed:
        absolute[i] = aname
    return [Target(folders[f][0] + name, folders[f][1] + aname, e, roots[r])
            for f, r, name, aname, e in zip(folder, root, names, absolute, explicit)]


def _indexes(values: Any, count: int, bound: int) -> bool:
    """Whether `values` is a list of `count` ints, each in range(bound)."""
    return (isinstance(values, list) and len(values) == count and set(map(type, values)) <= {int}
            and (not values or (min(values) >= 0 and max(values) < bound)))


def _recalled(row: dict[str, Any], targets: list[Target], options: Options) -> list[FileResult] | None:
    """The results a run row holds for `targets`, or None when a file's entry is
    not of its shape."""
    fields = _BARE_FIELDS if not options.fix else _REPORT_FIELDS
    out = [FileResult(t.path, t.abspath) for t in targets]
    index = {t.abspath: i for i, t in enumerate(targets)}
    for item in row["files"]:
        if not (isinstance(item, list) and len(item) == 4 and type(item[0]) is str
                and isinstance(item[1], list) and _strings(item[2]) and _strings(item[3])):
            return None
        i = index.get(item[0])
        if i is None:
            continue  # a file of a folder not recalled
        r = out[i]
        r.warnings, r.notes = list(item[2]), list(item[3])
        for values in item[1]:
            rep = _report(values, fields, r.path)
            if rep is None or rep.codemod not in options.codemods:
                return None
            if not options.fix:
                rep.applied = _applies(rep, options)
            r.reports.append(rep)
    return out

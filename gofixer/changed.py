"""`--new-from-rev REV` and `--new-from-patch FILE`: only findings on lines a
change added or modified. The change is `git diff -U0 REV` of the work tree
(plus untracked files, which are new throughout) or a unified diff read from a
file; each hunk's new-side lines become the changed lines of its file.

A finding counts when any line of its span (line to end_line) is a changed line:
a multi-line statement edited on its second line is part of the change. A
deletion alone changes no line that is still there, so it brings no finding in.
In diff and apply, a fix found only in a later pass counts by where its finding
was in the file as read; one inside text an earlier fix wrote counts with that
fix."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field

from .results import FileResult, Options
from .refix import ACCEPT, DECLINE, Candidate, package_loader, refix

_HUNK = re.compile(rb"^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


class ChangeError(Exception):
    """A revision or patch that cannot be read; the message says why."""


@dataclass
class Changes:
    """Changed lines (1-based) per file, keyed by real absolute path."""

    lines: dict[str, set[int]] = field(default_factory=dict)
    whole: set[str] = field(default_factory=set)  # files new throughout

    def has_file(self, abspath: str) -> bool:
        key = os.path.realpath(abspath)
        return key in self.whole or key in self.lines

    def touches(self, abspath: str, first: int, last: int) -> bool:
        key = os.path.realpath(abspath)
        if key in self.whole:
            return True
        got = self.lines.get(key, ())
        return any(n in got for n in range(first, last + 1))


def from_rev(rev: str, cwd: str | None = None) -> Changes:
    """The lines changed in the work tree since `rev`."""
    cwd = cwd or os.getcwd()
    top = _git(["rev-parse", "--show-toplevel"], cwd, "--new-from-rev needs a git work tree")
    top = top.decode("utf-8", "surrogateescape").strip()
    _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], cwd,
         f"--new-from-rev {rev}: not a commit in this repository")
    patch = _git(["-c", "core.quotePath=false", "diff", "-U0", "--no-color", "--no-ext-diff", "--no-renames",
                  rev, "--", "."], top, f"--new-from-rev {rev}: git diff failed")
    changes = parse_patch(patch, top)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z", "--", "."], top,
                     "--new-from-rev: git ls-files failed")
    for name in untracked.split(b"\0"):
        if name:
            changes.whole.add(os.path.realpath(os.path.join(top, name.decode("utf-8", "surrogateescape"))))
    return changes


def from_patch(path: str, cwd: str | None = None) -> Changes:
    """The lines a unified diff in `path` adds or changes; its names (after the
    first component, as `patch -p1` reads them) are relative to `cwd`."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise ChangeError(f"--new-from-patch {path}: cannot read: {e.strerror or e}") from None
    changes = parse_patch(data, cwd or os.getcwd())
    if not changes.lines and b"@@" not in data:
        raise ChangeError(f"--new-from-patch {path}: not a unified diff (no hunk found)")
    if changes.lines and not any(os.path.exists(name) for name in changes.lines):
        # `git diff` names files from the repository's top: read from a subfolder,
        # every name misses and the run would silently find nothing.
        raise ChangeError(f"--new-from-patch {path}: none of the files it names is found from the current"
                          " directory (names are read as `patch -p1` reads them: run from the folder the"
                          " patch was made in)")
    return changes


def parse_patch(data: bytes, root: str) -> Changes:
    """Changed new-side lines per file of a unified diff (zero context or not:
    context lines are not counted). A hunk's lines are counted by its header, so
    an added line that starts with `++ ` is never taken for a file header."""
    out = Changes()
    current: set[int] | None = None
    new_line = old_left = new_left = 0
    for line in data.splitlines():
        if old_left > 0 or new_left > 0:
            if line.startswith(b"+"):
                if current is not None:
                    current.add(new_line)
                new_line, new_left = new_line + 1, new_left - 1
            elif line.startswith(b"-"):
                old_left -= 1
            elif not line.startswith(b"\\"):  # not "\ No newline at end of file": context
                new_line, old_left, new_left = new_line + 1, old_left - 1, new_left - 1
            continue
        if line.startswith(b"+++ "):
            name = _patch_name(line[4:])
            current = None if name is None else out.lines.setdefault(os.path.realpath(os.path.join(root, name)), set())
            continue
        m = _HUNK.match(line)
        if m:
            old_left = 1 if m.group(1) is None else int(m.group(1))
            new_line = int(m.group(2))
            new_left = 1 if m.group(3) is None else int(m.group(3))
    return out


def restrict(results: list[FileResult], changes: Changes, options: Options) -> list[FileResult]:
    """`results` keeping only findings on changed lines; with options.fix, each
    file's fixes are made again, only for those findings."""
    loader = package_loader()
    for r in results:
        r.reports = [rep for rep in r.reports if changes.touches(r.abspath, rep.line, rep.end_line)]
        if options.fix and r.changed:
            refix(r, options, _chooser(r.abspath, changes), loader)
    return results


def _chooser(abspath: str, changes: Changes):
    def choose(c: Candidate) -> str:
        if c.origin is None:
            return ACCEPT  # inside text an accepted fix wrote
        line, _, end_line = c.origin
        return ACCEPT if changes.touches(abspath, line, end_line) else DECLINE

    return choose


def _patch_name(raw: bytes) -> str | None:
    """A `+++` header's file name without its first component; None for
    /dev/null (a deleted file)."""
    raw = raw.split(b"\t")[0].rstrip(b"\r")
    if raw.startswith(b'"') and raw.endswith(b'"'):
        raw = _unquote(raw[1:-1])
    name = raw.decode("utf-8", "surrogateescape")
    if name == "/dev/null":
        return None
    return name.split("/", 1)[1] if "/" in name else name


_ESCAPES = {ord("a"): 7, ord("b"): 8, ord("t"): 9, ord("n"): 10, ord("v"): 11, ord("f"): 12, ord("r"): 13,
            ord('"'): 34, ord("\\"): 92}


def _unquote(raw: bytes) -> bytes:
    """A name git quoted (C escapes, octal bytes) as its bytes."""
    out = bytearray()
    i = 0
    while i < len(raw):
        c = raw[i]
        if c == 0x5C and i + 1 < len(raw):
            nxt = raw[i + 1]
            if nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
                i += 2
                continue
            if raw[i + 1:i + 4].isdigit():
                out.append(int(raw[i + 1:i + 4], 8))
                i += 4
                continue
        out.append(c)
        i += 1
    return bytes(out)


def _git(args: list[str], cwd: str, failure: str) -> bytes:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise ChangeError(f"{failure}: {e}") from None
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ChangeError(failure + (f" ({detail[-1]})" if detail and detail[-1] else ""))
    return proc.stdout

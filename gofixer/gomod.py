"""The go.mod that holds a directory, and its `go` directive: the Go version a
module says it needs, which decides whether a fix may use newer API (os.ReadFile
needs 1.16, sync.WaitGroup.Go 1.25). Found once per directory per process; a
go.mod is read again only when its size or modification time changes."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

# A `go` directive: `go 1.21`, `go 1.22.3`, `go 1.21rc1`, optionally quoted,
# optionally followed by a comment. Lines inside blocks start with a module path,
# never with the word go alone.
_GO_LINE = re.compile(rb'^[ \t]*go[ \t]+"?([0-9][0-9A-Za-z.]*)"?[ \t]*(?://.*)?\r?$', re.MULTILINE)
_VERSION = re.compile(r"([1-9][0-9]*)\.(0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))?(?:[a-z]+[0-9]+)?")


@dataclass(frozen=True)
class Module:
    """A go.mod file and what its `go` directive says (None: no directive, or
    one gofixer cannot read)."""

    path: str
    directive: str | None

    @property
    def go_version(self) -> tuple[int, int] | None:
        """(major, minor) of the directive: (1, 22) for `go 1.22.3`."""
        m = _VERSION.fullmatch(self.directive or "")
        return (int(m.group(1)), int(m.group(2))) if m else None


# directory -> the go.mod nearest above it (None: there is none).
_nearest: dict[str, str | None] = {}
# go.mod path -> (size, mtime_ns, Module) as last read.
_read: dict[str, tuple[int, int, Module]] = {}


def module_for(directory: str) -> Module | None:
    """The module whose go.mod is nearest at or above `directory`; None when no
    go.mod is found (GOPATH-style code) or it cannot be read."""
    path = go_mod_path(directory)
    return _module(path) if path is not None else None


def go_mod_path(directory: str) -> str | None:
    """The go.mod nearest at or above `directory`, read or not; None when there is none."""
    return _nearest_go_mod(os.path.abspath(directory))


def go_version(directory: str) -> tuple[int, int] | None:
    """(major, minor) of the `go` directive governing `directory`; None when there
    is no go.mod, or it has no readable `go` line."""
    mod = module_for(directory)
    return mod.go_version if mod is not None else None


def _nearest_go_mod(directory: str) -> str | None:
    seen = []
    d = directory
    found: str | None = None
    while True:
        if d in _nearest:
            found = _nearest[d]
            break
        seen.append(d)
        candidate = os.path.join(d, "go.mod")
        if os.path.isfile(candidate):
            found = candidate
            break
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    for s in seen:
        _nearest[s] = found
    return found


def _module(path: str) -> Module | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    cached = _read.get(path)
    if cached is not None and cached[:2] == (st.st_size, st.st_mtime_ns):
        return cached[2]
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError:
        return None
    m = _GO_LINE.search(raw)
    mod = Module(path, m.group(1).decode() if m else None)
    _read[path] = (st.st_size, st.st_mtime_ns, mod)
    return mod

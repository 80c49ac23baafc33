"""What a run is asked and what it answers: the options that change a result, a
finding as reported, and one file's result. Plain data, kept apart from the
pipeline so that a run answered from the cache never imports the parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .source import Fingerprint

DEFAULT_MAX_FILE_SIZE = 4 << 20  # bytes; a bigger file is skipped with a warning (--max-file-size)


@dataclass(frozen=True)
class Options:
    """Everything that changes a result: part of the cache key."""

    codemods: tuple[str, ...]
    unsafe_fixes: bool = False
    codemod_options: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()
    fix: bool = True  # False (check): report only, no fixpoint passes
    warn_unused_ignores: bool = False  # warn about suppression comments that silence nothing
    # The `go` directive of the go.mod holding the files looked up, set per module
    # by run() so that cached results are keyed on it (codemods read the version
    # from FileContext.go_version, not from here).
    go_directive: str | None = None
    max_file_size: int = DEFAULT_MAX_FILE_SIZE

    def options_dict(self) -> dict[str, dict[str, Any]]:
        return {cid: dict(kv) for cid, kv in self.codemod_options}

    @staticmethod
    def freeze(options: dict[str, dict[str, Any]]) -> tuple:
        return tuple(sorted((cid, tuple(sorted(kv.items()))) for cid, kv in options.items()))


@dataclass
class Report:
    """A finding as reported: positions 1-based on the file as read."""

    codemod: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    safety: str
    fixable: bool
    applied: bool
    reason: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "codemod": self.codemod,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "message": self.message,
            "fix": {"safety": self.safety, "applied": self.applied} if self.fixable else None,
            "reason": self.reason,
        }


@dataclass
class FileResult:
    path: str
    abspath: str
    reports: list[Report] = field(default_factory=list)
    new_raw: bytes | None = None  # the file's new bytes when fixes change it
    old_raw: bytes | None = None  # the bytes read, kept only when changed
    fingerprint: Fingerprint | None = None
    mode: int | None = None
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # shown with -v
    # The file holds suppression comments: whether one is unused depends on the
    # selection, so the cache keeps such a file's result whole (see cache.py).
    suppressions: bool = False
    # Skipped as generated before any codemod ran: the result is the same for
    # every selection.
    skipped: bool = False

    @property
    def changed(self) -> bool:
        return self.new_raw is not None and self.new_raw != self.old_raw


def format_size(n: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}".replace(".0 ", " ")
    return f"{n} bytes"

"""The codemod contract: what a codemod module exposes, what it returns, and the
registry that lists them. A codemod is a module in `codemods/` (shipped as
`gofixer.codemods`) with these names:

    id: str            kebab-case, stable
    summary: str       one line
    safety: str        "safe" or "unsafe"
    prefilter: tuple[bytes, ...] | re.Pattern[bytes] | Callable[[bytes], bool]
                       a file (or function body) containing none of these byte
                       strings, where the regex finds nothing, or of which the
                       function says False, is never parsed (it must never say no
                       where the codemod could report)
    def run(file: FileContext) -> Iterable[Finding]
    __doc__            the documentation page (Markdown), shown by `gofixer explain`
    nolint: tuple[str, ...]
                       the golangci-lint linters that report the same bug (may be
                       empty): `//nolint:<one of them>` silences the codemod, as a
                       bare `//nolint` or `//gofixer:ignore ID` does (see suppress.py)

Optional: `options: dict[str, object]` with defaults for the per-codemod table in
gofixer.toml (read through `file.options`); `default: bool` (True when absent),
False for an opt-in codemod: one whose findings on the real-world corpus are
under 90% real bugs. It runs only when named in `--select` or the configuration's
`select`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Iterable, Protocol

from .edits import Fix

if TYPE_CHECKING:
    from .analysis import FileContext

SAFE = "safe"
UNSAFE = "unsafe"

# The registry: one line per codemod, in the order `gofixer list` shows them.
CODEMOD_MODULES = (
    "context_cancel",
    "loop_defer",
    "comma_ok",
    "waitgroup_add",
    "pool_reset",
    "ticker_stop",
    "body_close",
    "chan_leak",
    "ioutil",
)


@dataclass
class Finding:
    """A reported site. Offsets index the file's normalised text (see SourceFile).
    Either `fix` is set, or `reason` says why there is no fix."""

    codemod: str
    start: int
    end: int
    message: str
    fix: Fix | None = None
    reason: str | None = None


class Codemod(Protocol):
    id: str
    summary: str
    safety: str
    prefilter: tuple[bytes, ...]
    nolint: tuple[str, ...]
    __doc__: str | None

    def run(self, file: "FileContext") -> Iterable[Finding]: ...  # pragma: no cover


def load_codemods() -> list[ModuleType]:
    """Every available codemod module, in registry order. A module that does not
    exist yet is skipped, so the list grows as codemods land."""
    mods = []
    for name in CODEMOD_MODULES:
        try:
            mod = importlib.import_module(f"gofixer.codemods.{name}")
        except ModuleNotFoundError as e:
            if e.name == f"gofixer.codemods.{name}":
                continue
            raise
        mods.append(mod)
    return mods


def codemods_by_id() -> dict[str, ModuleType]:
    return {m.id: m for m in load_codemods()}


def is_default(mod: ModuleType) -> bool:
    """Whether the codemod runs when nothing names the codemods to run."""
    return bool(getattr(mod, "default", True))


class UnknownCodemod(ValueError):
    pass


def resolve_selection(select: Iterable[str] | None, ignore: Iterable[str] | None) -> list[ModuleType]:
    """The codemods to run, in registry order: those `select` names, or without a
    selection the default ones (an opt-in codemod runs only when selected), less
    those `ignore` names. Unknown ids raise UnknownCodemod."""
    known = codemods_by_id()
    wanted = list(select) if select else [i for i, m in known.items() if is_default(m)]
    skipped = set(ignore or ())
    for ident in [*wanted, *skipped]:
        if ident not in known:
            raise UnknownCodemod(ident)
    return [known[i] for i in known if i in wanted and i not in skipped]


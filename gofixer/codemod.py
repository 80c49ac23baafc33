"""The codemod contract: what a codemod module exposes, what it returns, and the
registry (REGISTRY) that lists them. A codemod is a module in `codemods/` (shipped as
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
import re
import sys
from dataclasses import dataclass
from types import ModuleType
from collections.abc import Mapping
from typing import TYPE_CHECKING, Iterable, Iterator, Protocol

if TYPE_CHECKING:
    from .analysis import FileContext
    from .edits import Fix

SAFE = "safe"
UNSAFE = "unsafe"

# The registry: one line per codemod, in the order `gofixer list` shows them:
# its module in codemods/, its id and whether it runs by default (the module's
# own `id` and `default`, repeated here so that choosing the codemods of a run
# imports none of them; a test keeps the two equal).
REGISTRY = (
    ("context_cancel", "context-cancel", True),
    ("loop_defer", "loop-defer", True),
    ("comma_ok", "comma-ok", False),
    ("waitgroup_add", "waitgroup-add", True),
    ("pool_reset", "pool-reset", True),
    ("ticker_stop", "ticker-stop", True),
    ("body_close", "body-close", True),
    ("chan_leak", "chan-leak", True),
    ("ioutil", "ioutil", True),
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


def codemod_ids() -> list[str]:
    """Every codemod's id, in registry order, without importing any."""
    return [ident for _, ident, _ in REGISTRY]


def load_codemod(ident: str) -> ModuleType:
    """The module of the codemod `ident` (one of codemod_ids())."""
    mods = load_codemods([ident])
    if not mods:
        raise UnknownCodemod(ident)
    return mods[0]


def load_codemods(ids: Iterable[str] | None = None) -> list[ModuleType]:
    """The modules of the codemods `ids` (default: every one), in registry order;
    the others are not imported."""
    wanted = tuple(codemod_ids()) if ids is None else tuple(ids)
    # Imported once per registry and selection (the pipeline asks for every file),
    # again only when a module was replaced meanwhile (tests install stand-ins).
    mods = _LOADED.get((REGISTRY, wanted))
    if mods is None or any(sys.modules.get(m.__name__) is not m for m in mods):
        mods = _LOADED[(REGISTRY, wanted)] = [
            importlib.import_module(f"gofixer.codemods.{name}") for name, ident, _ in REGISTRY if ident in wanted]
    return list(mods)


_LOADED: dict[tuple, list[ModuleType]] = {}


_WORD_BYTE = re.compile(rb"\w")


def word_search(pattern: re.Pattern[bytes], text: bytes) -> bool:
    """Whether `pattern`, which starts with a literal word, matches `text` where
    a word starts (as `\\b` in front of it would say). For prefilters: Python's
    regex engine finds a pattern's literal start quickly, but tries a leading
    `\\b` at every position."""
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        if m.start() == 0 or not _WORD_BYTE.match(text, m.start() - 1):
            return True
        pos = m.start() + 1
    return False


def codemods_by_id() -> dict[str, ModuleType]:
    return {m.id: m for m in load_codemods()}


def is_default(mod: ModuleType) -> bool:
    """Whether the codemod runs when nothing names the codemods to run."""
    return bool(getattr(mod, "default", True))


class OptionDefaults(Mapping):
    """Each codemod id to its options' defaults (the module's `options`), importing
    a codemod's module only when its options are asked for: a configuration
    without a codemod table loads none."""

    def __getitem__(self, ident: str) -> Mapping[str, object]:
        if ident not in codemod_ids():
            raise KeyError(ident)
        return getattr(load_codemod(ident), "options", {})

    def __iter__(self) -> Iterator[str]:
        return iter(codemod_ids())

    def __len__(self) -> int:
        return len(REGISTRY)


class UnknownCodemod(ValueError):
    pass


def resolve_selection(select: Iterable[str] | None, ignore: Iterable[str] | None) -> list[str]:
    """The ids of the codemods to run, in registry order: those `select` names, or
    without a selection the default ones (an opt-in codemod runs only when
    selected), less those `ignore` names. Unknown ids raise UnknownCodemod."""
    known = {ident: default for _, ident, default in REGISTRY}
    wanted = list(select) if select else [i for i, default in known.items() if default]
    skipped = set(ignore or ())
    for ident in [*wanted, *skipped]:
        if ident not in known:
            raise UnknownCodemod(ident)
    return [i for i in known if i in wanted and i not in skipped]

"""`gofixer check|diff --stdin-filename PATH -`: the source comes from standard
input, for editors and scripts. It is named PATH in every output (diff headers
too), the configuration is the one found from PATH's folder, and the package
index reads PATH's siblings from disk (PATH itself, if it exists, is read there
as it is on disk). Nothing is written and nothing is cached; SARIF output
carries no `fixes` for it (they are computed from files on disk)."""

from __future__ import annotations

import os
import stat
from typing import Callable

from . import pipeline
from .results import FileResult, Options
from .refix import package_loader
from .run import Plan, selection, unsafe_fixes
from .source import SourceError, SourceFile, decode_source

# Standard input has no file status of its own; mode and fingerprint matter
# only to writes, and this result is never written.
_NO_STAT = os.stat_result((stat.S_IFREG | 0o644, 0, 0, 1, 0, 0, 0, 0, 0, 0))


def process(path: str, raw: bytes, options: Options, packages: Callable[[str], object] | None = None) -> FileResult:
    """The file at `path` as if it held `raw`: its reports and, with options.fix,
    its fixed bytes (`new_raw`). `packages` gives a folder's package index
    (default: built for this call)."""
    result = FileResult(path, os.path.abspath(path))
    try:
        source = source_of(path, raw)
    except SourceError as e:
        result.warnings.append(f"{path}: {e}; skipped")
        return result
    mods = [m for m in pipeline.selected_codemods(options) if pipeline.may_match(m, source.text)]
    if not mods or not source.text.strip():
        return result
    try:
        pipeline._fix_file(source, mods, options, packages or package_loader(), result)
    except RecursionError:
        result.warnings.append(f"{path}: nesting too deep to analyse; skipped")
        result.reports.clear()
        result.new_raw = None
    return result


def source_of(path: str, raw: bytes) -> SourceFile:
    """`raw` as the Go file `path` (never read). Raises SourceError."""
    return decode_source(raw, path, os.path.abspath(path), _NO_STAT)


def run(settings, path: str, fix: bool, read: Callable[[], bytes], warn: Callable[[str], None],
        unused_ignores: bool = False):
    """The plan for `path` (configuration from its folder) and the one result for
    the bytes `read` gives."""
    cfg, ids = selection(settings, start=os.path.dirname(os.path.abspath(path)))
    options = Options(tuple(ids), unsafe_fixes(settings, cfg), Options.freeze(cfg.codemod_options),
                      fix=fix, warn_unused_ignores=unused_ignores)
    result = process(path, read(), options)
    for w in result.warnings:
        warn(w)
    return Plan([], options, settings), [result]

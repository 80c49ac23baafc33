"""The run, as an engine service: settings in, a plan (configuration, selection,
the files to look at), then the results (pipeline, cache, --verify), with the
--new-from-rev/--new-from-patch and standard-input variants. `cli`, `pr` and
`lsp` call it; it never prints: warnings, notes and progress go to the callbacks
its caller passes, and a problem the user must fix is a RunError."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any, Callable, ContextManager

from .codemod import OptionDefaults, UnknownCodemod, codemod_ids, load_codemod, resolve_selection
from .config import Config, ConfigError, find_config, load_config, shown
from .discover import Discovery, MissingPath, discover
from .results import DEFAULT_MAX_FILE_SIZE, FileResult, Options

Say = Callable[[str], None]
# A progress display for `total` files: a context whose value is called with the
# number of files just finished (or is None: no display).
Progress = Callable[[int], ContextManager[Callable[[int], None] | None]]


class RunError(Exception):
    """A problem the user must fix (a missing path, a bad configuration, an option
    that cannot be honoured): the caller shows the message and stops."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass
class Settings:
    paths: list[str]
    select: list[str]
    ignore: list[str]
    unsafe_fixes: bool | None  # None: the configuration's unsafe-fixes
    jobs: int | None
    no_cache: bool
    verify: bool
    quiet: bool
    verbose: bool
    config: str | None
    max_file_size: str | None = None


@dataclass
class Plan:
    targets: list
    options: Options
    settings: Settings
    unverified: list[str] = field(default_factory=list)  # packages --verify could not judge
    found: Discovery | None = None  # how the targets were found (the cache keeps a walk's signature)
    cache: Any = None  # the result cache, opened by plan() (None: --no-cache, or not opened yet)

    @property
    def codemods(self) -> list:
        """The selected codemods' modules (imported now: a run the cache answers
        needs their ids only)."""
        return [load_codemod(i) for i in self.options.codemods]


def selection(s: Settings, root: str | None = None, start: str | None = None) -> tuple[Config, list[str]]:
    """The configuration (--config, else the gofixer.toml found walking up from
    the paths given, or from `start`, or in `root` and no higher) and the ids of
    the codemods the options and it select."""
    if s.config is not None and not os.path.isfile(s.config):
        raise RunError(f"config file not found: {s.config}")
    try:
        if s.config:
            path = os.path.abspath(s.config)
        else:
            path = (find_config([start]) if start else find_config([root], boundary=root) if root
                    else find_config([p for p in s.paths if p != "-"]))
        cfg = load_config(path, OptionDefaults())
    except ConfigError as e:
        raise RunError(str(e)) from None
    try:
        ids = resolve_selection(s.select or cfg.select or None, [*cfg.ignore, *s.ignore])
    except UnknownCodemod as e:
        where = f"{cfg.path}: " if e.args[0] not in [*s.select, *s.ignore] and cfg.path else ""
        raise RunError(f"{where}unknown codemod id {shown(e.args[0])} (known: {', '.join(codemod_ids())})") from None
    return cfg, ids


def unsafe_fixes(s: Settings, cfg: Config) -> bool:
    """--unsafe-fixes when given, else the configuration's unsafe-fixes."""
    return bool(cfg.unsafe_fixes if s.unsafe_fixes is None else s.unsafe_fixes)


def max_file_size(s: Settings, cfg: Config) -> int:
    """--max-file-size when given, else the configuration's max-file-size, else the default."""
    if s.max_file_size is not None:
        size = parse_size(s.max_file_size)
        if size is None:
            raise RunError(f"--max-file-size: {s.max_file_size[:40]!r} is not a size (bytes, or a number with K, M or G)")
        return size
    value = cfg.max_file_size
    if value is None:
        return DEFAULT_MAX_FILE_SIZE
    size = parse_size(value)
    if size is None:
        raise RunError(f"{cfg.path}: max-file-size: {str(value)[:40]!r} is not a size (bytes, or a number with K, M or G)")
    return size


_SIZE = re.compile(r"\s*(\d{1,15})\s*(?:([kmg])(?:i?b)?|b)?\s*", re.IGNORECASE)


def parse_size(value: str | int) -> int | None:
    """Bytes from `123`, `"123"`, `"64K"`, `"4MiB"` or `"1g"` (K, M, G are 1024-based);
    None when it is not such a size."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    m = _SIZE.fullmatch(value) if isinstance(value, str) else None
    if not m:
        return None
    size = int(m.group(1)) << {None: 0, "k": 10, "m": 20, "g": 30}[(m.group(2) or "").lower() or None]
    return size if size > 0 else None


def plan(s: Settings, warn: Say, fix: bool = True, unused_ignores: bool = False) -> Plan:
    """The files the paths name (discovery's warnings, and paths holding no Go
    file, go to `warn`) and the options the settings and configuration give.
    When the cache holds a run like this one whose walk would find the same
    files, they come from it without a walk."""
    cfg, ids = selection(s)
    options = Options(tuple(ids), unsafe_fixes(s, cfg), Options.freeze(cfg.codemod_options), fix=fix,
                      warn_unused_ignores=unused_ignores, max_file_size=max_file_size(s, cfg))
    cache = _open_cache(s, warn)
    found = cache.recall_found(s.paths, options, cfg.exclude) if cache is not None and not s.verify else None
    if found is None:
        try:
            found = discover(s.paths, exclude=cfg.exclude)
        except MissingPath as e:
            raise RunError(f"no such file or directory: {e.args[0]}") from None
    for w in found.warnings:
        warn(w)
    for p in found.empty:
        warn(f"no Go files under {p}")
    return Plan(found.targets, options, s, found=found, cache=cache)


def _open_cache(s: Settings, warn: Say):
    if s.no_cache:
        return None
    from .cache import Cache

    return Cache(warn=warn)


def execute(p: Plan, warn: Say, note: Say, progress: Progress | None = None) -> list[FileResult]:
    """Run the plan: per-file warnings (and what --verify dropped) go to `warn`;
    the packages --verify could not verify go to `note` (the caller says them
    even when quiet) and into `p.unverified`, and so do the files' notes with
    --verbose."""
    cache = p.cache if p.cache is not None else _open_cache(p.settings, warn)
    whole = cache is not None and not p.settings.verify
    results = cache.recall(p.settings.paths, p.targets, p.options) if whole else None
    if results is None:
        results = _results(p, cache, progress)
        if whole:
            cache.remember(p.targets, p.options, results, p.found)
    if p.settings.verify:
        from .verify import NoGo, verify_results

        try:
            verdict = verify_results(results, p.options)
        except NoGo as e:
            raise RunError(str(e)) from None
        for w in verdict.dropped:
            warn(w)
        for msg in verdict.unverified:
            note(msg)
        p.unverified.extend(verdict.unverified)
    for r in results:
        for w in r.warnings:
            warn(w)
        if p.settings.verbose:
            for n in r.notes:
                note(n)
    return results


def _results(p: Plan, cache, progress: Progress | None) -> list[FileResult]:
    from . import pipeline  # here: a run the cache answers whole never loads the parser

    if progress is None:
        return pipeline.run(p.targets, p.options, p.settings.jobs, cache)
    with progress(len(p.targets)) as advance:
        return pipeline.run(p.targets, p.options, p.settings.jobs, cache, progress=advance)


def execute_new(p: Plan, rev: str | None, patch: str | None, warn: Say, note: Say,
                progress: Progress | None = None) -> list[FileResult]:
    """execute(p); with --new-from-rev or --new-from-patch, only the findings (and
    fixes) on the lines the change added or modified (see changed.py)."""
    if rev is None and patch is None:
        return execute(p, warn, note, progress)
    from . import changed

    if rev is not None and patch is not None:
        raise RunError("give --new-from-rev or --new-from-patch, not both")
    if p.settings.verify and p.options.fix:
        raise RunError("--new-from-rev/--new-from-patch cannot be combined with --verify in diff and apply yet")
    try:
        changes = changed.from_rev(rev) if rev is not None else changed.from_patch(patch)
    except changed.ChangeError as e:
        raise RunError(str(e)) from None
    p.targets = [t for t in p.targets if changes.has_file(t.abspath)]
    return changed.restrict(execute(p, warn, note, progress), changes, p.options)


def results_for(s: Settings, fix: bool, stdin_filename: str | None, rev: str | None, patch: str | None,
                read_stdin: Callable[[], bytes], warn: Say, note: Say, progress: Progress | None = None,
                unused_ignores: bool = False) -> tuple[Plan, list[FileResult]]:
    """The plan and its results: from standard input (`read_stdin`) when the path
    is `-`."""
    if "-" not in s.paths:
        if stdin_filename is not None:
            raise RunError("--stdin-filename needs `-` as the path (the source is read from standard input)")
        p = plan(s, warn, fix=fix, unused_ignores=unused_ignores)
        return p, execute_new(p, rev, patch, warn, note, progress)
    if s.paths != ["-"] or stdin_filename is None:
        raise RunError("reading standard input: give `--stdin-filename PATH -` and no other path")
    if rev is not None or patch is not None:
        raise RunError("--new-from-rev/--new-from-patch need files, not standard input")
    from . import stdin

    return stdin.run(s, stdin_filename, fix, read_stdin, warn, unused_ignores)

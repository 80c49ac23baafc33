"""The command line. Thin: parse options, run the pipeline, render, set the exit
code (check: 0 none, 1 findings, 2 error; diff: 0 no change, 1 changes, 2 error;
apply: 0 done, 2 error)."""

from __future__ import annotations

import contextlib
import functools
import os
import re
import signal
import sys
import threading
from dataclasses import dataclass, replace
from typing import Callable, Iterator

import click

from . import __version__, render
from .codemod import UnknownCodemod, codemods_by_id, is_default, resolve_selection
from .config import Config, ConfigError, find_config, load_config
from .discover import MissingPath, discover
from .redact import redact
from .pipeline import DEFAULT_MAX_FILE_SIZE, FileResult, Options, format_size, run
from .writer import Refused, StaleFile, write_atomic

EXIT_OK, EXIT_FOUND, EXIT_ERROR = 0, 1, 2
EXIT_SIGINT, EXIT_SIGTERM = 128 + signal.SIGINT, 128 + signal.SIGTERM  # 130, 143


class Failure(click.ClickException):
    """A user-facing error: message on stderr, exit 2."""

    exit_code = EXIT_ERROR

    def show(self, file=None) -> None:
        click.echo(redact(f"gofixer: error: {self.format_message()}"), err=True)


def _ids(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


@dataclass
class Settings:
    paths: list[str]
    select: list[str]
    ignore: list[str]
    unsafe_fixes: bool
    jobs: int | None
    no_cache: bool
    verify: bool
    quiet: bool
    verbose: bool
    config: str | None
    max_file_size: str | None = None


def shared_options(f: Callable) -> Callable:
    opts = [
        click.argument("paths", nargs=-1, type=click.Path()),
        click.option("--select", help="Only these codemods (comma-separated ids)."),
        click.option("--ignore", help="Skip these codemods (comma-separated ids)."),
        click.option("--unsafe-fixes", is_flag=True, default=None, help="Also apply fixes marked unsafe."),
        click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes (default: CPU count)."),
        click.option("--no-cache", is_flag=True, help="Do not read or write the result cache."),
        click.option("--verify", is_flag=True, help="Check fixes with gofmt and go build/vet (needs Go)."),
        click.option("--config", type=click.Path(), help="Configuration file (default: gofixer.toml at the repo root)."),
        click.option("-q", "--quiet", is_flag=True, help="Print only results and errors."),
        click.option("-v", "--verbose", is_flag=True, help="Also say which files were skipped and why."),
        click.option("--max-file-size", metavar="SIZE",
                     help="Skip (with a warning) files larger than this: bytes, or with K, M or G (binary units). "
                          f"Default {format_size(DEFAULT_MAX_FILE_SIZE)}."),
    ]
    for opt in reversed(opts):
        f = opt(f)

    @functools.wraps(f)
    def wrapper(paths, select, ignore, unsafe_fixes, jobs, no_cache, verify, config, quiet, verbose, max_file_size,
                **kw):
        s = Settings(list(paths), _ids(select), _ids(ignore), unsafe_fixes, jobs, no_cache, verify, quiet, verbose, config,
                     max_file_size)
        return f(s, **kw)

    return wrapper


@dataclass
class Plan:
    targets: list
    options: Options
    codemods: list
    settings: Settings


def selection(s: Settings, root: str | None = None) -> tuple[Config, list]:
    """The configuration (--config, else gofixer.toml found from `root`, default
    the current directory) and the codemods the options and it select."""
    known = codemods_by_id()
    if s.config is not None and not os.path.isfile(s.config):
        raise Failure(f"config file not found: {s.config}")
    try:
        cfg = load_config(os.path.abspath(s.config) if s.config else find_config(root), set(known))
    except ConfigError as e:
        raise Failure(str(e)) from None
    try:
        mods = resolve_selection(s.select or cfg.select or None, [*cfg.ignore, *s.ignore])
    except UnknownCodemod as e:
        raise Failure(f"unknown codemod id {e.args[0]!r} (known: {', '.join(known)})") from None
    return cfg, mods


def unsafe_fixes(s: Settings, cfg: Config) -> bool:
    """--unsafe-fixes when given, else the configuration's unsafe-fixes."""
    return bool(cfg.unsafe_fixes if s.unsafe_fixes is None else s.unsafe_fixes)


def max_file_size(s: Settings, cfg: Config) -> int:
    """--max-file-size when given, else the configuration's max-file-size, else the default."""
    if s.max_file_size is not None:
        size = parse_size(s.max_file_size)
        if size is None:
            raise Failure(f"--max-file-size: {s.max_file_size[:40]!r} is not a size (bytes, or a number with K, M or G)")
        return size
    value = cfg.max_file_size
    if value is None:
        return DEFAULT_MAX_FILE_SIZE
    size = parse_size(value)
    if size is None:
        raise Failure(f"{cfg.path}: max-file-size: {str(value)[:40]!r} is not a size (bytes, or a number with K, M or G)")
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


def plan(s: Settings, fix: bool = True) -> Plan:
    cfg, mods = selection(s)
    try:
        found = discover(s.paths, exclude=cfg.exclude)
    except MissingPath as e:
        raise Failure(f"no such file or directory: {e.args[0]}") from None
    for w in found.warnings:
        _warn(w)
    options = Options(tuple(m.id for m in mods), unsafe_fixes(s, cfg), Options.freeze(cfg.codemod_options), fix=fix,
                      max_file_size=max_file_size(s, cfg))
    return Plan(found.targets, options, mods, s)


def execute(p: Plan, warn: Callable[[str], None] | None = None) -> list[FileResult]:
    """Run the plan; warnings go to `warn` (default: stderr)."""
    warn = warn or _warn
    cache = None
    if not p.settings.no_cache:
        from .cache import Cache

        cache = Cache(warn=warn)
    results = _run_with_progress(p, cache)
    if p.settings.verify:
        from .verify import NoGo, verify_results

        try:
            for w in verify_results(results):
                warn(w)
        except NoGo as e:
            raise Failure(str(e)) from None
    for r in results:
        for w in r.warnings:
            warn(w)
        if p.settings.verbose:
            for n in r.notes:
                _note(n)
    return results


def _run_with_progress(p: Plan, cache) -> list[FileResult]:
    show = not p.settings.quiet and sys.stderr.isatty() and len(p.targets) > 50
    if not show:
        return run(p.targets, p.options, p.settings.jobs, cache)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("gofixer"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True,
        console=_stderr_console(),
    ) as bar:
        task = bar.add_task("files", total=len(p.targets))
        return run(p.targets, p.options, p.settings.jobs, cache, progress=lambda n: bar.advance(task, n))


@functools.lru_cache(maxsize=1)
def _stderr_console():
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _warn(msg: str) -> None:
    click.echo(redact(f"gofixer: warning: {msg}"), err=True)


def _note(msg: str) -> None:
    click.echo(redact(f"gofixer: {msg}"), err=True)


# ------------------------------------------------------------------ commands


class Interrupted(BaseException):
    """SIGINT or SIGTERM: unwinds the run (workers are stopped on the way out)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


class _Interrupts:
    """SIGINT and SIGTERM while a command runs: the run stops, workers included, and
    one line says how many files were written (each whole: a signal that arrives
    during a write takes effect once the write is done)."""

    def __init__(self) -> None:
        self.written = 0
        self.stopped = False  # the last command ended on a signal
        self._deferring = 0
        self._pending: int | None = None
        self._owner = os.getpid()

    def _handle(self, signum: int, frame) -> None:
        if os.getpid() != self._owner:  # a worker forked before it set its own handlers
            if signum == signal.SIGTERM:
                os._exit(EXIT_SIGTERM)
            return
        if self._deferring:
            self._pending = signum
            return
        raise Interrupted(signum)

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        self._deferring += 1
        try:
            yield
        finally:
            self._deferring -= 1
        if not self._deferring and self._pending is not None:
            signum, self._pending = self._pending, None
            raise Interrupted(signum)

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        """Handlers for the duration of a command, then the previous ones back; exit
        130 (SIGINT) or 143 (SIGTERM) with the one line when a signal came."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        self.written, self.stopped, self._pending, self._owner = 0, False, None, os.getpid()
        old = {sig: signal.signal(sig, self._handle) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        except Interrupted as e:
            self.stopped = True
            click.echo(f"gofixer: interrupted: {self.written} file(s) written; every other file is untouched",
                       err=True)
            sys.exit(EXIT_SIGINT if e.signum == signal.SIGINT else EXIT_SIGTERM)
        finally:
            for sig, handler in old.items():
                signal.signal(sig, handler)


_interrupts = _Interrupts()


def interrupted() -> bool:
    """Whether the last command ended on SIGINT or SIGTERM."""
    return _interrupts.stopped


class _Commands(click.Group):
    """The commands; `pr` (and GitHub's client with it) loads only when used."""

    def main(self, *args, **kwargs):
        with _interrupts.installed():
            return super().main(*args, **kwargs)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, "pr"})

    def get_command(self, ctx: click.Context, name: str):
        if name == "pr" and "pr" not in self.commands:
            from .pr import pr

            self.add_command(pr)
        return super().get_command(ctx, name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gofixer")
def main() -> None:
    """Find and safely fix Go concurrency and resource bugs.

    Exit codes: 0 done (nothing found), 1 findings or changes (check, diff),
    2 error, 130 interrupted by SIGINT (Ctrl-C), 143 by SIGTERM."""


EXIT_ZERO = click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings or fixes.")


def new_from_options(f: Callable) -> Callable:
    f = click.option("--new-from-patch", metavar="FILE", type=click.Path(dir_okay=False),
                     help="Only findings on lines this unified diff adds or changes.")(f)
    return click.option("--new-from-rev", metavar="REV", help="Only findings on lines changed since REV (git diff).")(f)


def execute_new(p: Plan, rev: str | None, patch: str | None) -> list[FileResult]:
    """execute(p); with --new-from-rev or --new-from-patch, only the findings (and
    fixes) on the lines the change added or modified (see changed.py)."""
    if rev is None and patch is None:
        return execute(p)
    from . import changed

    if rev is not None and patch is not None:
        raise Failure("give --new-from-rev or --new-from-patch, not both")
    if p.settings.verify and p.options.fix:
        raise Failure("--new-from-rev/--new-from-patch cannot be combined with --verify in diff and apply yet")
    try:
        changes = changed.from_rev(rev) if rev is not None else changed.from_patch(patch)
    except changed.ChangeError as e:
        raise Failure(str(e)) from None
    p.targets = [t for t in p.targets if changes.has_file(t.abspath)]
    return changed.restrict(execute(p), changes, p.options)


STDIN_FILENAME = click.option("--stdin-filename", metavar="PATH",
                              help="With `-` as the path: read the source from stdin and name it PATH.")


def results_for(s: Settings, fix: bool, stdin_filename: str | None, rev: str | None, patch: str | None,
                unused_ignores: bool = False):
    """The plan and its results: from standard input when the path is `-`."""
    if "-" not in s.paths:
        if stdin_filename is not None:
            raise Failure("--stdin-filename needs `-` as the path (the source is read from standard input)")
        p = plan(s, fix=fix)
        p.options = replace(p.options, warn_unused_ignores=unused_ignores)
        return p, execute_new(p, rev, patch)
    if s.paths != ["-"] or stdin_filename is None:
        raise Failure("reading standard input: give `--stdin-filename PATH -` and no other path")
    if rev is not None or patch is not None:
        raise Failure("--new-from-rev/--new-from-patch need files, not standard input")
    from . import stdin

    return stdin.run(s, stdin_filename, fix, lambda: click.get_binary_stream("stdin").read(), _warn, unused_ignores)


@main.command()
@shared_options
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "github"]), default="text")
@EXIT_ZERO
@new_from_options
@STDIN_FILENAME
@click.option("--statistics", is_flag=True, help="Also print counts per codemod (text format).")
@click.option("--warn-unused-ignores/--no-warn-unused-ignores", default=True,
              help="Warn about suppression comments that silence nothing (default: on).")
def check(s: Settings, fmt: str, exit_zero: bool, new_from_rev: str | None, new_from_patch: str | None,
          stdin_filename: str | None, statistics: bool, warn_unused_ignores: bool) -> None:
    """Report findings. Exit 0: none, 1: some, 2: error."""
    p, results = results_for(s, False, stdin_filename, new_from_rev, new_from_patch, warn_unused_ignores)
    reports = render.all_reports(results)
    if fmt == "json":
        click.echo(render.as_check_json(reports), nl=False)
    elif fmt == "sarif":
        click.echo(render.as_sarif(reports, p.codemods, __version__, _sarif_fixes(results, p.options)), nl=False)
    elif fmt == "github":
        click.echo(render.as_github(reports), nl=False)
    else:
        click.echo(render.as_colored_text(reports, render.use_color(sys.stdout)), nl=False)
        if statistics:
            click.echo(render.statistics(reports), nl=False)
        if not s.quiet:
            _summary(reports)
    sys.exit(EXIT_FOUND if reports and not exit_zero else EXIT_OK)


def _sarif_fixes(results, options) -> dict:
    """SARIF `fixes` for the reports apply would fix (files read from disk)."""
    from .refix import first_pass_fixes

    fixes = first_pass_fixes(results, replace(options, fix=True))  # a fix's text in full, as apply makes it
    by_report = {}
    for r in render.all_reports(results):
        key = (r.path, r.codemod, r.line, r.column)
        if key in fixes:
            by_report[key] = render.sarif_fix(r.path.replace("\\", "/"), *fixes[key], r.message)
    return by_report


def _summary(reports) -> None:
    if not reports:
        click.echo("No findings.", err=True)
        return
    fixable = sum(1 for r in reports if r.fixable and r.safety == "safe")
    unsafe = sum(1 for r in reports if r.fixable and r.safety != "safe")
    click.echo(
        f"{len(reports)} finding(s): {fixable} fixable by `gofixer apply`, "
        f"{unsafe} more with --unsafe-fixes, {len(reports) - fixable - unsafe} to fix by hand.",
        err=True,
    )


@main.command()
@shared_options
@EXIT_ZERO
@new_from_options
@STDIN_FILENAME
def diff(s: Settings, exit_zero: bool, new_from_rev: str | None, new_from_patch: str | None,
         stdin_filename: str | None) -> None:
    """Print the fixes as one unified diff. Exit 0: no change, 1: changes, 2: error."""
    p, results = results_for(s, True, stdin_filename, new_from_rev, new_from_patch)
    patch = render.diff_all(results, _warn, {t.abspath: t.root for t in p.targets})
    out = sys.stdout.buffer
    out.write(patch)
    out.flush()
    if not s.quiet:
        _leftover_note(results, s)
    sys.exit(EXIT_FOUND if patch and not exit_zero else EXIT_OK)


@main.command()
@shared_options
@click.option("--interactive", "-i", is_flag=True, help="Ask about each fix (y/n/a/q/?), answers from stdin.")
@new_from_options
def apply(s: Settings, interactive: bool, new_from_rev: str | None, new_from_patch: str | None) -> None:
    """Write the fixes into the files. Exit 0: done, 2: error."""
    if interactive and s.verify:
        raise Failure("--interactive cannot be combined with --verify yet (a chosen subset would go unverified)")
    p = plan(s)
    results = execute_new(p, new_from_rev, new_from_patch)
    if interactive:
        results = _reviewed(results, p)
    roots = {t.abspath: t.root for t in p.targets}
    failed = 0
    written = []
    for r in results:
        if not r.changed:
            continue
        try:
            with _interrupts.deferred():  # a file is written, and counted, whole or not at all
                write_atomic(r.abspath, r.new_raw, r.fingerprint, r.mode, roots.get(r.abspath))
                written.append(r)
                _interrupts.written += 1
        except StaleFile as e:
            failed += 1
            _warn(f"{r.path}: {e}; not written, run gofixer again")
        except Refused as e:
            failed += 1
            _warn(f"{r.path}: not replaced: {e}; left unchanged")
        except OSError as e:
            failed += 1
            _warn(f"{r.path}: cannot write: {e.strerror or e}; left unchanged")
    if not s.quiet:
        fixed = sum(1 for r in written for rep in r.reports if rep.applied)
        click.echo(f"Fixed {fixed} finding(s) in {len(written)} file(s).", err=True)
        _leftover_note(results, s)
    sys.exit(EXIT_ERROR if failed else EXIT_OK)


def _reviewed(results, p: Plan):
    from .interactive import review

    return review(results, p.options, sys.stdin, lambda t: click.echo(t, nl=False), render.use_color(sys.stdout))


def _leftover_note(results, s: Settings) -> None:
    reports = render.all_reports(results)
    left = [r for r in reports if not r.applied]
    if left:
        unsafe = sum(1 for r in left if r.fixable)
        msg = f"{len(left)} finding(s) not fixed"
        if unsafe:
            msg += f" ({unsafe} have unsafe fixes: add --unsafe-fixes)"
        click.echo(msg + "; `gofixer check` lists them with reasons.", err=True)


@main.command(name="list")
def list_() -> None:
    """The codemods: id, safety, whether it runs by default, and summary."""
    mods = list(codemods_by_id().values())
    width = max((len(m.id) for m in mods), default=0)
    for m in mods:
        runs = "default" if is_default(m) else "opt-in"
        click.echo(f"{m.id:<{width}}  {m.safety:<6}  {runs:<7}  {m.summary}")


@main.command()
@click.argument("codemod_id")
def explain(codemod_id: str) -> None:
    """Show a codemod's documentation page."""
    mods = codemods_by_id()
    mod = mods.get(codemod_id)
    if mod is None:
        raise Failure(f"unknown codemod id {codemod_id!r} (known: {', '.join(mods)})")
    from .docs import page

    if render.use_color(sys.stdout):
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(page(mod)))
    else:
        click.echo(page(mod))



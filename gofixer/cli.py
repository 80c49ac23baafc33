"""The command line. Thin: parse options, run the pipeline, render, set the exit
code (check: 0 none, 1 findings, 2 error; diff: 0 no change, 1 changes, 2 error;
apply: 0 done, 2 error)."""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass
from typing import Callable

import click

from . import __version__, render
from .codemod import UnknownCodemod, codemods_by_id, is_default, resolve_selection
from .config import Config, ConfigError, find_config, load_config
from .discover import MissingPath, discover
from .pipeline import FileResult, Options, run

EXIT_OK, EXIT_FOUND, EXIT_ERROR = 0, 1, 2


class Failure(click.ClickException):
    """A user-facing error: message on stderr, exit 2."""

    exit_code = EXIT_ERROR

    def show(self, file=None) -> None:
        click.echo(f"gofixer: error: {self.format_message()}", err=True)


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
    ]
    for opt in reversed(opts):
        f = opt(f)

    @functools.wraps(f)
    def wrapper(paths, select, ignore, unsafe_fixes, jobs, no_cache, verify, config, quiet, verbose, **kw):
        s = Settings(list(paths), _ids(select), _ids(ignore), unsafe_fixes, jobs, no_cache, verify, quiet, verbose, config)
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


def plan(s: Settings, fix: bool = True) -> Plan:
    cfg, mods = selection(s)
    try:
        found = discover(s.paths, exclude=cfg.exclude)
    except MissingPath as e:
        raise Failure(f"no such file or directory: {e.args[0]}") from None
    for w in found.warnings:
        _warn(w)
    options = Options(tuple(m.id for m in mods), unsafe_fixes(s, cfg), Options.freeze(cfg.codemod_options), fix=fix)
    return Plan(found.targets, options, mods, s)


def execute(p: Plan, warn: Callable[[str], None] | None = None) -> list[FileResult]:
    """Run the plan; warnings go to `warn` (default: stderr)."""
    warn = warn or _warn
    cache = None
    if not p.settings.no_cache:
        from .cache import Cache

        cache = Cache()
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
    click.echo(f"gofixer: warning: {msg}", err=True)


def _note(msg: str) -> None:
    click.echo(f"gofixer: {msg}", err=True)


# ------------------------------------------------------------------ commands


class _Commands(click.Group):
    """The commands; `pr` (and GitHub's client with it) loads only when used."""

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
    """Find and safely fix Go concurrency and resource bugs."""


EXIT_ZERO = click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings or fixes.")


@main.command()
@shared_options
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "github"]), default="text")
@EXIT_ZERO
def check(s: Settings, fmt: str, exit_zero: bool) -> None:
    """Report findings. Exit 0: none, 1: some, 2: error."""
    p = plan(s, fix=False)
    reports = render.all_reports(execute(p))
    if fmt == "json":
        click.echo(render.as_json(reports), nl=False)
    elif fmt == "sarif":
        click.echo(render.as_sarif(reports, p.codemods, __version__), nl=False)
    elif fmt == "github":
        click.echo(render.as_github(reports), nl=False)
    else:
        click.echo(render.as_text(reports), nl=False)
        if not s.quiet:
            _summary(reports)
    sys.exit(EXIT_FOUND if reports and not exit_zero else EXIT_OK)


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
def diff(s: Settings, exit_zero: bool) -> None:
    """Print the fixes as one unified diff. Exit 0: no change, 1: changes, 2: error."""
    results = execute(plan(s))
    patch = render.diff_all(results)
    out = sys.stdout.buffer
    out.write(patch)
    out.flush()
    if not s.quiet:
        _leftover_note(results, s)
    sys.exit(EXIT_FOUND if patch and not exit_zero else EXIT_OK)


@main.command()
@shared_options
def apply(s: Settings) -> None:
    """Write the fixes into the files. Exit 0: done, 2: error."""
    from .writer import StaleFile, write_atomic  # tempfile and friends: apply only

    results = execute(plan(s))
    failed = 0
    written = []
    for r in results:
        if not r.changed:
            continue
        try:
            write_atomic(r.abspath, r.new_raw, r.fingerprint, r.mode)
            written.append(r)
        except StaleFile as e:
            failed += 1
            _warn(f"{r.path}: {e}; not written, run gofixer again")
        except OSError as e:
            failed += 1
            _warn(f"{r.path}: cannot write: {e.strerror or e}; left unchanged")
    if not s.quiet:
        fixed = sum(1 for r in written for rep in r.reports if rep.applied)
        click.echo(f"Fixed {fixed} finding(s) in {len(written)} file(s).", err=True)
        _leftover_note(results, s)
    sys.exit(EXIT_ERROR if failed else EXIT_OK)


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

    click.echo(page(mod))



"""The command line. Thin: parse options, run the pipeline, render, set the exit
code (check: 0 none, 1 findings, 2 error; diff: 0 no change, 1 changes, 2 error;
apply: 0 done, 2 error; with --verify, 3 when a package could not be verified)."""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass, field, replace
from typing import Callable

import click

from . import __version__, render
from .codemod import UnknownCodemod, codemods_by_id, resolve_selection
from .config import Config, ConfigError, find_config, load_config, shown
from .discover import MissingPath, discover
from .pipeline import FileResult, Options, run
from .writer import StaleFile, write_atomic

EXIT_OK, EXIT_FOUND, EXIT_ERROR, EXIT_UNVERIFIED = 0, 1, 2, 3


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
        click.option("--verify", is_flag=True,
                     help="Check fixes with gofmt and go vet (needs Go); exit 3 when a package cannot be verified."),
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
    unverified: list[str] = field(default_factory=list)  # packages --verify could not judge


def selection(s: Settings, root: str | None = None) -> tuple[Config, list]:
    """The configuration (--config, else the gofixer.toml found walking up from
    the paths given, or from `root` and no higher) and the codemods the options
    and it select."""
    known = codemods_by_id()
    if s.config is not None and not os.path.isfile(s.config):
        raise Failure(f"config file not found: {s.config}")
    try:
        if s.config:
            path = os.path.abspath(s.config)
        else:
            path = find_config([root], boundary=root) if root else find_config(s.paths)
        cfg = load_config(path, {m.id: getattr(m, "options", {}) for m in known.values()})
    except ConfigError as e:
        raise Failure(str(e)) from None
    try:
        mods = resolve_selection(s.select or cfg.select or None, [*cfg.ignore, *s.ignore])
    except UnknownCodemod as e:
        where = f"{cfg.path}: " if e.args[0] not in [*s.select, *s.ignore] and cfg.path else ""
        raise Failure(f"{where}unknown codemod id {shown(e.args[0])} (known: {', '.join(known)})") from None
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
    warn = warner(s)
    for w in found.warnings:
        warn(w)
    targets = _go_files(found.targets, warn)
    for p in _empty_paths(s.paths, targets):
        warn(f"no Go files under {p}")
    options = Options(tuple(m.id for m in mods), unsafe_fixes(s, cfg), Options.freeze(cfg.codemod_options), fix=fix)
    return Plan(targets, options, mods, s)


def _go_files(targets: list, warn: Callable[[str], None]) -> list:
    """The targets that are Go files: a file named explicitly without the .go
    suffix (notes.txt) is not checked, and the user is told so."""
    out = []
    for t in targets:
        if t.explicit and not t.abspath.endswith(".go"):
            warn(f"no Go files under {t.path} (not a .go file); skipped")
        else:
            out.append(t)
    return out


def _empty_paths(paths: list[str], targets: list) -> list[str]:
    """The folders given that hold no Go file to check (a file given is either
    checked or already warned about)."""
    files = {os.path.realpath(t.abspath) for t in targets} | {os.path.abspath(t.abspath) for t in targets}
    out = []
    for p in paths or ["."]:
        full = os.path.abspath("." if p == "..." else p.removesuffix("/...") or "/")
        if not os.path.isdir(full):
            continue
        prefixes = (os.path.join(full, ""), os.path.join(os.path.realpath(full), ""))
        if not any(f.startswith(prefixes) for f in files):
            out.append(p)
    return out


def warner(s: Settings) -> Callable[[str], None]:
    """Where warnings go: stderr, or nowhere with -q (errors are still said)."""
    return (lambda msg: None) if s.quiet else _warn


def execute(p: Plan, warn: Callable[[str], None] | None = None) -> list[FileResult]:
    """Run the plan; warnings go to `warn` (default: stderr unless -q). With
    --verify, the packages that could not be verified are said (even with -q)
    and listed in `p.unverified`."""
    warn = warn or warner(p.settings)
    cache = None
    if not p.settings.no_cache:
        from .cache import Cache

        cache = Cache()
    results = _run_with_progress(p, cache)
    if p.settings.verify:
        from .verify import NoGo, verify_results

        try:
            verdict = verify_results(results, p.options)
        except NoGo as e:
            raise Failure(str(e)) from None
        for w in verdict.dropped:
            warn(w)
        for msg in verdict.unverified:
            _note(msg)
        p.unverified.extend(verdict.unverified)
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
    """Report findings. Exit 0: none, 1: some, 2: error, 3: --verify could not
    verify a package."""
    p = plan(s, fix=s.verify)
    reports = _verified_reports(p) if s.verify else render.all_reports(execute(p))
    if fmt == "json":
        click.echo(render.as_json(reports), nl=False)
    elif fmt == "sarif":
        click.echo(render.as_sarif(reports, p.codemods, __version__), nl=False)
    elif fmt == "github":
        click.echo(render.as_github(reports), nl=False)
    else:
        click.echo(render.as_text(reports), nl=False)
        if not s.quiet:
            click.echo(summary(reports, p.options.unsafe_fixes, len(p.targets)), err=True)
    sys.exit(_exit_code(p, EXIT_FOUND if reports and not exit_zero else EXIT_OK))


def _exit_code(p: Plan, code: int) -> int:
    """`code`, unless --verify could not verify a package: then 3."""
    return EXIT_UNVERIFIED if p.unverified and code != EXIT_ERROR else code


def _verified_reports(p: Plan) -> list:
    """check --verify: every fix is made (unsafe ones too) and verified; a
    finding is fixable only when its fix passed."""
    wanted = p.options.unsafe_fixes
    p.options = replace(p.options, fix=True, unsafe_fixes=True)
    reports = render.all_reports(execute(p))
    for r in reports:
        if r.fixable and not r.applied:
            r.fixable, r.reason = False, r.reason or "the fix did not pass --verify"
        r.applied = r.fixable and (r.safety == "safe" or wanted)
    p.options = replace(p.options, unsafe_fixes=wanted)
    return reports


def summary(reports, unsafe_fixes: bool, checked: int) -> str:
    """check's last line: how many findings, and what `apply` would do about
    them with the options given."""
    if not checked:
        return "No Go files checked."
    if not reports:
        return "No findings."
    safe = sum(1 for r in reports if r.fixable and r.safety == "safe")
    unsafe = sum(1 for r in reports if r.fixable and r.safety != "safe")
    by_hand = len(reports) - safe - unsafe
    if unsafe_fixes:
        return (f"{len(reports)} finding(s): {safe + unsafe} fixable by `gofixer apply --unsafe-fixes`, "
                f"{by_hand} to fix by hand.")
    more = f", {unsafe} more with --unsafe-fixes" if unsafe else ""
    return f"{len(reports)} finding(s): {safe} fixable by `gofixer apply`{more}, {by_hand} to fix by hand."


@main.command()
@shared_options
@EXIT_ZERO
def diff(s: Settings, exit_zero: bool) -> None:
    """Print the fixes as one unified diff. Exit 0: no change, 1: changes, 2: error,
    3: --verify could not verify a package (left out of the diff)."""
    p = plan(s)
    results = execute(p)
    patch = render.diff_all(results)
    out = sys.stdout.buffer
    out.write(patch)
    out.flush()
    if not s.quiet:
        _leftover_note(results, p.options.unsafe_fixes)
    sys.exit(_exit_code(p, EXIT_FOUND if patch and not exit_zero else EXIT_OK))


@main.command()
@shared_options
def apply(s: Settings) -> None:
    """Write the fixes into the files. Exit 0: done, 2: error, 3: --verify could not
    verify a package (left unchanged)."""
    p = plan(s)
    results = execute(p)
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
        _leftover_note(results, p.options.unsafe_fixes)
    sys.exit(_exit_code(p, EXIT_ERROR if failed else EXIT_OK))


def _leftover_note(results, unsafe_fixes: bool) -> None:
    note = leftover(render.all_reports(results), unsafe_fixes)
    if note:
        click.echo(note, err=True)


def leftover(reports, unsafe_fixes: bool) -> str | None:
    """What diff and apply left undone, and why, in one line."""
    left = [r for r in reports if not r.applied]
    if not left:
        return None
    waiting = sum(1 for r in left if r.fixable and r.safety != "safe" and not unsafe_fixes)
    dropped = sum(1 for r in left if r.fixable) - waiting
    why = []
    if waiting:
        why.append(f"{waiting} have unsafe fixes: add --unsafe-fixes")
    if dropped:
        why.append(f"{dropped} fixes not applied: see the warnings")
    detail = f" ({'; '.join(why)})" if why else ""
    return f"{len(left)} finding(s) not fixed{detail}; `gofixer check` lists them with reasons."


@main.command(name="list")
def list_() -> None:
    """The codemods: id, safety and summary."""
    mods = list(codemods_by_id().values())
    width = max((len(m.id) for m in mods), default=0)
    for m in mods:
        click.echo(f"{m.id:<{width}}  {m.safety:<6}  {m.summary}")


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



"""The command line. Thin: options become run.Settings, the run (gofixer/run.py)
does the work, this renders it and sets the exit code (check: 0 none, 1
findings, 2 error; diff: 0 no change, 1 changes, 2 error; apply: 0 done, 2
error; with --verify, 3 when a package could not be verified)."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from dataclasses import replace
from typing import Callable, Iterator

import click

from . import __version__, render, run
from .codemod import codemods_by_id, is_default
from .options import EXIT_ERROR, Failure, progress_for, shared_options, warner
from .options import note as _note
from .options import warn as _warn
from .results import FileResult
from .run import Plan, RunError, Settings

EXIT_OK, EXIT_FOUND, EXIT_UNVERIFIED = 0, 1, 3
EXIT_SIGINT, EXIT_SIGTERM = 128 + signal.SIGINT, 128 + signal.SIGTERM  # 130, 143


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
    """The commands; `pr` (and GitHub's client with it) and `lsp` (and pygls)
    load only when used."""

    def main(self, *args, **kwargs):
        with _interrupts.installed():
            return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except RunError as e:  # the engine's word for what the user must fix: exit 2
            raise Failure(e.message) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, "pr", "lsp"})

    def get_command(self, ctx: click.Context, name: str):
        if name == "pr" and "pr" not in self.commands:
            from .pr import pr

            self.add_command(pr)
        if name == "lsp" and "lsp" not in self.commands:
            from .lsp import lsp

            self.add_command(lsp)
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


def plan(s: Settings, fix: bool = True) -> Plan:
    """run.plan, its warnings on stderr unless -q."""
    return run.plan(s, warner(s), fix=fix)


def execute(p: Plan) -> list[FileResult]:
    """Run the plan: warnings on stderr unless -q; --verify's notes always."""
    return run.execute(p, warner(p.settings), _note, progress_for(p.settings))


def execute_new(p: Plan, rev: str | None, patch: str | None) -> list[FileResult]:
    """run.execute_new, said as execute says it."""
    return run.execute_new(p, rev, patch, warner(p.settings), _note, progress_for(p.settings))


STDIN_FILENAME = click.option("--stdin-filename", metavar="PATH",
                              help="With `-` as the path: read the source from stdin and name it PATH.")


def results_for(s: Settings, fix: bool, stdin_filename: str | None, rev: str | None, patch: str | None,
                unused_ignores: bool = False):
    """The plan and its results: from standard input when the path is `-`."""
    return run.results_for(s, fix, stdin_filename, rev, patch, lambda: click.get_binary_stream("stdin").read(),
                           warner(s), _note, progress_for(s), unused_ignores)


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
    """Report findings. Exit 0: none, 1: some, 2: error, 3: --verify could not
    verify a package."""
    if s.verify and (stdin_filename is not None or new_from_rev is not None or new_from_patch is not None):
        raise Failure("check --verify works on files: not with --stdin-filename, --new-from-rev or --new-from-patch")
    if s.verify:
        p = plan(s, fix=True)
        results = _verified(p)
    else:
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
            click.echo(summary(reports, p.options.unsafe_fixes, len(p.targets) or len(results)), err=True)
    sys.exit(_exit_code(p, EXIT_FOUND if reports and not exit_zero else EXIT_OK))


def _exit_code(p: Plan, code: int) -> int:
    """`code`, unless --verify could not verify a package: then 3."""
    return EXIT_UNVERIFIED if p.unverified and code != EXIT_ERROR else code


def _verified(p: Plan) -> list[FileResult]:
    """check --verify: every fix is made (unsafe ones too) and verified; a
    finding is fixable only when its fix passed."""
    wanted = p.options.unsafe_fixes
    p.options = replace(p.options, fix=True, unsafe_fixes=True)
    results = execute(p)
    for r in render.all_reports(results):
        if r.fixable and not r.applied:
            r.fixable, r.reason = False, r.reason or "the fix did not pass --verify"
        r.applied = r.fixable and (r.safety == "safe" or wanted)
    p.options = replace(p.options, unsafe_fixes=wanted)
    return results


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
@new_from_options
@STDIN_FILENAME
def diff(s: Settings, exit_zero: bool, new_from_rev: str | None, new_from_patch: str | None,
         stdin_filename: str | None) -> None:
    """Print the fixes as one unified diff. Exit 0: no change, 1: changes, 2: error,
    3: --verify could not verify a package (left out of the diff)."""
    p, results = results_for(s, True, stdin_filename, new_from_rev, new_from_patch)
    patch = render.diff_all(results, _warn, {t.abspath: t.root for t in p.targets})
    out = sys.stdout.buffer
    out.write(patch)
    out.flush()
    if not s.quiet:
        _leftover_note(results, p.options.unsafe_fixes)
    sys.exit(_exit_code(p, EXIT_FOUND if patch and not exit_zero else EXIT_OK))


@main.command()
@shared_options
@click.option("--interactive", "-i", is_flag=True, help="Ask about each fix (y/n/a/q/?), answers from stdin.")
@new_from_options
def apply(s: Settings, interactive: bool, new_from_rev: str | None, new_from_patch: str | None) -> None:
    """Write the fixes into the files. Exit 0: done, 2: error, 3: --verify could not
    verify a package (left unchanged)."""
    from .writer import Refused, StaleFile, write_atomic  # here: only apply writes

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
        _leftover_note(results, p.options.unsafe_fixes)
    sys.exit(_exit_code(p, EXIT_ERROR if failed else EXIT_OK))


def _reviewed(results, p: Plan):
    from .interactive import review

    return review(results, p.options, sys.stdin, lambda t: click.echo(t, nl=False), render.use_color(sys.stdout))


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



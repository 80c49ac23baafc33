"""What the commands (`cli`'s and `pr`) share on the terminal side: the common
options that become run.Settings, the error that exits 2, the warning and note
lines on stderr, and the progress bar."""

from __future__ import annotations

import contextlib
import functools
import sys
from typing import Callable, Iterator

import click

from .results import DEFAULT_MAX_FILE_SIZE, format_size
from .redact import redact
from .run import Settings

EXIT_ERROR = 2
PROGRESS_FROM = 50  # files: fewer finish before a bar would help


class Failure(click.ClickException):
    """A user-facing error: message on stderr, exit 2."""

    exit_code = EXIT_ERROR

    def show(self, file=None) -> None:
        click.echo(redact(f"gofixer: error: {self.format_message()}"), err=True)


def _ids(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


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


def warn(msg: str) -> None:
    click.echo(redact(f"gofixer: warning: {msg}"), err=True)


def note(msg: str) -> None:
    click.echo(redact(f"gofixer: {msg}"), err=True)


def warner(s: Settings) -> Callable[[str], None]:
    """Where warnings go: stderr, or nowhere with -q (errors are still said)."""
    return (lambda msg: None) if s.quiet else warn


def progress_for(s: Settings):
    """The run's progress display: a bar on a terminal's stderr for a long run,
    none with -q."""
    return None if s.quiet else progress_bar


@contextlib.contextmanager
def progress_bar(total: int) -> Iterator[Callable[[int], None] | None]:
    """A transient bar on stderr for `total` files, when stderr is a terminal and
    the run is long enough to want one; yields what advances it (or None)."""
    if not (sys.stderr.isatty() and total > PROGRESS_FROM):
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("gofixer"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True,
        console=_stderr_console(),
    ) as bar:
        task = bar.add_task("files", total=total)
        yield lambda n: bar.advance(task, n)


@functools.lru_cache(maxsize=1)
def _stderr_console():
    from rich.console import Console

    return Console(stderr=True, highlight=False)

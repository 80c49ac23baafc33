"""`gofixer apply --interactive`: each fix shown as a diff hunk with its finding's
message, in path then position order, and a question: y (apply), n (skip), a
(apply this and all the rest), q (stop, keeping what was accepted), ? (help).
Answers are read a line at a time from standard input, so a pipe works; the end
of the input means q. How passes and choices interact: see refix.py."""

from __future__ import annotations

from typing import Callable, TextIO

from . import render
from .results import FileResult, Options
from .refix import ACCEPT, DECLINE, STOP, Candidate, package_loader, refix

HELP = """y - apply this fix
n - skip this fix
a - apply this fix and all the rest
q - stop here; the fixes accepted so far are written
? - show this help
"""


def review(results: list[FileResult], options: Options, answers: TextIO, out: Callable[[str], None],
           color: bool = False) -> list[FileResult]:
    """`results` with each changed file's fixes cut down to those accepted.
    `answers` is read a line per question; `out` shows fixes and questions."""
    asker = _Asker(answers, out, color)
    loader = package_loader()
    for r in sorted((r for r in results if r.changed), key=lambda r: r.path):
        if asker.stopped:
            _drop_fixes(r)
            continue
        if refix(r, options, asker, loader) == STOP:
            asker.stopped = True
    return results


class _Asker:
    """The chooser: asks about each candidate until told a (all) or q (stop)."""

    def __init__(self, answers: TextIO, out: Callable[[str], None], color: bool):
        self.answers, self.out, self.color = answers, out, color
        self.all = False
        self.from_terminal = bool(getattr(answers, "isatty", lambda: False)())
        self.stopped = False

    def __call__(self, c: Candidate) -> str:
        if self.all:
            return ACCEPT
        self.out(self._shown(c))
        while True:
            self.out(render.paint("Apply this fix [y,n,a,q,?]? ", "bold", self.color))
            line = self.answers.readline()
            if not line:
                self.out("\n")
                return STOP
            answer = line.strip().lower()
            if not self.from_terminal:
                self.out(answer + "\n")  # what a pipe answered, so the transcript reads right
            if answer == "y":
                return ACCEPT
            if answer == "n":
                return DECLINE
            if answer == "a":
                self.all = True
                return ACCEPT
            if answer == "q":
                return STOP
            self.out(HELP)

    def _shown(self, c: Candidate) -> str:
        place = render.paint(f"{c.path}:{c.line}:{c.column}", "bold", self.color)
        head = f"{place}: {render.paint(c.codemod, 'magenta', self.color)}: {c.message}\n"
        patch = render.unified_diff(c.path, c.text, c.fixed_text())
        hunks = patch[patch.find(b"\n@@") + 1:] if b"\n@@" in patch else patch
        return head + render.colored_diff(hunks, self.color)


def _drop_fixes(r: FileResult) -> None:
    r.new_raw = r.old_raw = None
    for rep in r.reports:
        rep.applied = False

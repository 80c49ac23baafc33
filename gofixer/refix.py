"""Fixes chosen one at a time. `apply --interactive` and `--new-from-rev` make only
some of a file's fixes, so a file is fixed again in memory, pass by pass like the
pipeline's fixpoint, with a chooser deciding about each fix before it is made.

How passes and choices interact (the pipeline gives no fix an identity across
passes, so this module does):
- Each pass offers the fixes the pipeline's pass would make together (its order:
  codemod, then finding; a fix overlapping one before it waits for a later pass),
  asked about in position order. A fix that waited is offered in the next pass,
  against the text the accepted fixes made; when every fix of a pass is declined,
  the ones that waited for them are offered against the same text.
- The accepted fixes of a pass are made together (with the imports they need),
  then the file is analysed again: fixes that only appear after others (a later
  fixpoint pass) are offered in the next pass. Accepting every fix therefore
  makes exactly what the pipeline makes.
- A declined fix is never offered again: its finding's start is carried through
  the edits of later passes. Where an accepted fix rewrote that place, what is
  found there afterwards is new text and is offered anew.
- A fix is shown alone, against the text of its pass.

The pipeline's private helpers are used on purpose: the run becomes an engine
service later, and these calls move with it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import align, pipeline, syntax
from .edits import Edit, Fix, apply_edits, select_fixes
from .imports import add_imports
from .package import load_package
from .pipeline import MAX_PASSES
from .results import FileResult, Options
from .source import SourceError, SourceFile, read_source

ACCEPT, DECLINE, STOP = "accept", "decline", "stop"


@dataclass
class Candidate:
    """A fix on offer: the finding's fix, its edits with the imports it needs
    (`edits`) against `text` (the text of its pass), and where its finding lies:
    now (`start`, 1-based `line` and `column`) and in the file as read (`origin`:
    line, column and end line, None inside text an earlier fix wrote)."""

    path: str
    codemod: str
    message: str
    start: int
    line: int
    column: int
    fix: Fix
    edits: list[Edit]
    text: bytes
    origin: tuple[int, int, int] | None

    def fixed_text(self) -> bytes:
        return apply_edits(self.text, self.edits)


Chooser = Callable[[Candidate], str]


def package_loader() -> Callable[[str], object]:
    """A package index per directory, built once for the run."""
    indexes: dict[str, object] = {}

    def load(directory: str):
        if directory not in indexes:
            indexes[directory] = load_package(directory)
        return indexes[directory]

    return load


def first_pass(source: SourceFile, options: Options, loader) -> list[Candidate]:
    """The fixes `apply` would make in its first pass over `source` (unsafe ones
    only with options.unsafe_fixes), in position order, overlapping ones included."""
    mods = [m for m in pipeline.selected_codemods(options) if pipeline.may_match(m, source.text)]
    if not mods or not source.text.strip():
        return []
    _, candidates = _pass(source, source.text, mods, options, loader, [], pipeline._Lines(source.text))
    return sorted(candidates, key=lambda c: (c.start, c.codemod))


def refix(result: FileResult, options: Options, choose: Chooser, loader) -> str | None:
    """Fix `result`'s file again, making only the fixes `choose` accepts; sets
    result.new_raw (None when nothing is made) and marks which first-pass reports
    were applied. Returns STOP when the chooser stopped, else None."""
    source = _reread(result)
    if source is None:
        return None
    mods = [m for m in pipeline.selected_codemods(options) if pipeline.may_match(m, source.text)]
    text, passes = source.text, []
    declined: set[tuple[str, int]] = set()  # (codemod, start in the current text)
    applied: set[tuple[str, int, int]] = set()  # (codemod, line, column) as read
    as_read = pipeline._Lines(source.text)
    stopped = None
    while len(passes) < MAX_PASSES:
        tree, candidates = _pass(source, text, mods, options, loader, passes, as_read)
        offered = _offered([c for c in candidates if (c.codemod, c.start) not in declined])
        if not offered:
            break
        accepted = []
        for c in sorted(offered, key=lambda c: (c.start, c.codemod)):
            answer = choose(c)
            if answer == STOP:
                stopped = STOP
                break
            if answer == ACCEPT:
                accepted.append(c)
                if c.origin:
                    applied.add((c.codemod, *c.origin[:2]))
            else:
                declined.add((c.codemod, c.start))
        if accepted:
            edits = [e for c in accepted for e in c.fix.edits]
            edits += add_imports(text, tree.root_node, [i for c in accepted for i in c.fix.imports])
            new = apply_edits(text, edits)
            passes.append(sorted(set(edits)))
            declined = {(cid, at) for cid, start in declined if (at := after(start, passes[-1])) is not None}
            realigned = align.realign(text, new, edits, tree.root_node)  # gofmt's columns around the fixes
            text = apply_edits(new, realigned)
            if realigned:
                passes.append(realigned)
                declined = {(cid, at) for cid, start in declined if (at := after(start, passes[-1])) is not None}
        if stopped:
            break
    else:
        result.warnings.append(f"{source.path}: fixes did not settle after {MAX_PASSES} passes; file left unchanged")
        text = source.text
    _finish(result, source, text, applied)
    return stopped


def _offered(candidates: list[Candidate]) -> list[Candidate]:
    """The candidates the pipeline's pass would make together (select_fixes, in
    the pipeline's order: codemod, then finding)."""
    chosen = {id(f) for f in select_fixes([c.fix for c in candidates])}
    return [c for c in candidates if id(c.fix) in chosen]


def after(pos: int, edits: list[Edit]) -> int | None:
    """Where `pos` of the text before `edits` is after them; None where they
    rewrote it. Text inserted at `pos` comes before it."""
    shift = 0
    for e in sorted(set(edits)):
        if pos < e.start:
            break
        if e.start <= pos < e.end:
            return None
        shift += len(e.new) - (e.end - e.start)
    return pos + shift


def before(pos: int, edits: list[Edit]) -> int | None:
    """Where `pos` of the text after `edits` was before them; None inside text
    the edits wrote."""
    shift = 0
    for e in sorted(set(edits)):
        start = e.start + shift
        if pos < start:
            break
        if pos < start + len(e.new):
            return None
        shift += len(e.new) - (e.end - e.start)
    return pos - shift


def origin(start: int, end: int, passes: list[list[Edit]]) -> tuple[int, int] | None:
    """The byte range in the file as read of a range in the text after `passes`."""
    for edits in reversed(passes):
        s, e = before(start, edits), before(end, edits)
        if s is None or e is None:
            return None
        start, end = s, e
    return start, end


def _pass(source: SourceFile, text: bytes, mods, options: Options, loader, passes, as_read):
    """The tree of `text` and the candidates of a pass over it, in the
    pipeline's order."""
    tree, findings = pipeline._run_codemods(source, text, mods, options, loader)
    safety = {m.id: m.safety for m in mods}
    lines = pipeline._Lines(text)
    out = []
    for f in findings:
        if not pipeline._fixes_to_apply([f], tree, safety, options.unsafe_fixes):
            continue
        edits = [*f.fix.edits, *add_imports(text, tree.root_node, f.fix.imports)]
        line, column = lines.position(f.start)
        was = origin(f.start, f.end, passes)
        at = (*as_read.position(was[0]), as_read.position(was[1])[0]) if was else None
        out.append(Candidate(source.path, f.codemod, f.message, f.start, line, column, f.fix, edits, text, at))
    return tree, out


def _reread(result: FileResult) -> SourceFile | None:
    """The file as the run read it; a file changed since is left alone."""
    try:
        source = read_source(result.abspath, result.path)
    except SourceError as e:
        result.warnings.append(f"{result.path}: {e}; skipped")
        return None
    if result.fingerprint is not None and source.fingerprint.digest != result.fingerprint.digest:
        result.warnings.append(f"{result.path}: changed on disk since it was read; left unchanged")
        result.new_raw = None
        return None
    return source


def _finish(result: FileResult, source: SourceFile, text: bytes, applied: set) -> None:
    for r in result.reports:
        r.applied = r.applied and (r.codemod, r.line, r.column) in applied
    if text != source.text and pipeline._broke_syntax(syntax.parse(source.text), syntax.parse(text)):
        result.warnings.append(f"{source.path}: the chosen fixes produced invalid Go; file left unchanged")
        text = source.text
    if text == source.text:
        result.new_raw = result.old_raw = None
        for r in result.reports:
            r.applied = False
    else:
        result.new_raw, result.old_raw = source.restore(text), source.raw


def first_pass_fixes(results: list[FileResult], options: Options) -> dict:
    """Each fixable report's fix, as `apply` would make it in its first pass:
    (path, codemod, line, column) -> (the text as read, the edits, whether the
    file ends its lines with CRLF: the text and edits use LF)."""
    loader = package_loader()
    out = {}
    for r in results:
        # A result not read from disk (standard input) has no fingerprint.
        if r.fingerprint is None or not any(rep.fixable for rep in r.reports):
            continue
        try:
            source = read_source(r.abspath, r.path)
        except SourceError:
            continue
        if source.fingerprint.digest != r.fingerprint.digest:
            continue  # changed since the run read it: its fixes would not fit the reports
        for c in first_pass(source, options, loader):
            out[(c.path, c.codemod, c.line, c.column)] = (c.text, c.edits, source.crlf)
    return out

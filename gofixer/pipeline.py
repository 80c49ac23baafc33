"""The pipeline: read -> prefilter -> parse -> match -> plan -> fixpoint, per file,
in worker processes (one task per directory, so a package index is built once),
with results cached by content. Nothing here writes files or prints."""

from __future__ import annotations

import bisect
import itertools
import os
import re
import signal
import sys
from array import array
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Callable, Iterable

from . import align, gomod, suppress, syntax
from .codemod import SAFE, Finding, codemod_ids, load_codemods
from .analysis import FileContext
from .discover import Target
from .edits import Edit, Fix, apply_edits, select_fixes
from .imports import with_imports
from .package import PackageIndex, load_package
from .results import FileResult, Options, Report, format_size
from .source import SourceError, SourceFile, is_generated, read_source

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

MAX_PASSES = 8


# ------------------------------------------------------------------ one file


def process_file(
    target: Target, options: Options, package_loader: Callable[[str], Any] | None = None, mods: list | None = None,
    blocked: frozenset = frozenset(),
) -> FileResult:
    """One file; `mods` are the selected codemods (looked up when not given).
    `blocked` holds (codemod, line, column) of findings, as first reported,
    whose fixes must not be made (--verify found them wrong)."""
    result = FileResult(target.path, target.abspath)
    too_big = _over_size_limit(target, options.max_file_size)
    if too_big:
        result.warnings.append(too_big)
        return result
    try:
        source = read_source(target.abspath, target.path)
    except SourceError as e:
        result.warnings.append(f"{target.path}: {e}; skipped")
        return result
    result.fingerprint = source.fingerprint
    result.suppressions = b"gofixer:ignore" in source.text or b"nolint" in source.text
    result.mode = source.mode
    if not target.explicit and is_generated(source.text):
        result.notes.append(f"{target.path}: generated file; skipped")
        result.skipped = True
        return result
    if mods is None:
        mods = selected_codemods(options)
    mods = [m for m in mods if may_match(m, source.text)]
    if not mods or not source.text.strip():
        # No codemod can match here: every comment judged is unused (and without
        # a suppression comment there is none to judge).
        if options.warn_unused_ignores and result.suppressions:
            known = codemod_ids()
            result.warnings.extend(suppress.unused(target.path, source.text, [], [], options.codemods, known))
        return result
    try:
        _fix_file(source, mods, options, package_loader, result, blocked)
    except RecursionError:
        result.warnings.append(f"{target.path}: nesting too deep to analyse; skipped")
        result.reports.clear()
        result.new_raw = None
    return result


def _over_size_limit(target: Target, limit: int) -> str | None:
    """The warning for a file over max-file-size (checked before it is read: memory
    and time grow with a file's size), or None."""
    try:
        size = os.stat(target.abspath).st_size
    except OSError:
        return None  # reading it says what is wrong
    if size <= limit:
        return None
    return f"{target.path}: {format_size(size)}, over max-file-size ({format_size(limit)}); skipped"


def selected_codemods(options: Options) -> list:
    return load_codemods(options.codemods)


def may_match(mod, text: bytes) -> bool:
    """The codemod's cheap byte prefilter: a tuple of byte strings (any of them
    present), a compiled bytes regex, or a function of the bytes. It is asked of
    whole files and of single function bodies, and must say yes wherever the
    codemod could report something."""
    pf = mod.prefilter
    if isinstance(pf, re.Pattern):
        return pf.search(text) is not None
    if callable(pf):
        return bool(pf(text))
    for p in pf:  # a loop, not any(): asked about 100,000 times over the standard library
        if p in text:
            return True
    return False


def _parse(text: bytes, mods) -> tuple["syntax.tree_sitter.Tree", bool]:
    """The file's tree without the function bodies no codemod could match, and
    whether it is the whole file's tree (nothing was left out)."""
    skipped = syntax.skipped_bodies(text, lambda body: any(may_match(mod, body) for mod in mods))
    tree = syntax.parse_skipping(text, skipped)
    if skipped and tree.root_node.has_error and not syntax.parse(text).root_node.has_error:
        return syntax.parse(text), True  # skipping misjudged a body
    return tree, not skipped


def _run_codemods(source: SourceFile, text: bytes, mods, options: Options, package_loader,
                  unused: list[str] | None = None):
    """The tree and the unsuppressed findings; `unused`, when given, receives the
    warnings for suppression comments that silenced nothing."""
    tree, _, findings = _run_pass(source, text, mods, options, package_loader, unused)
    return tree, findings


def _run_pass(source: SourceFile, text: bytes, mods, options: Options, package_loader,
              unused: list[str] | None = None):
    """_run_codemods, and whether the tree is the whole file's."""
    tree, whole = _parse(text, mods)
    # A tree of the whole file doubles as FileContext.full_root: a big file's
    # tree costs tens of bytes per byte of source, so it is never built twice.
    ctx = FileContext(replace(source, text=text), tree, options.options_dict(), package_loader,
                      report_only=not options.fix, _full_tree=tree if whole else None)
    findings: list[Finding] = []
    for mod in mods:
        findings.extend(mod.run(ctx))
    if unused is not None:
        known = codemod_ids()
        unused.extend(suppress.unused(source.path, text, findings, mods, options.codemods, known,
                                      lambda: ctx.full_root))
    return tree, whole, suppress.unsuppressed(findings, text, tree.root_node, mods)


def _fixes_to_apply(findings: list[Finding], tree, safety: dict[str, str], unsafe: bool) -> list[Fix]:
    spans = syntax.error_spans(tree.root_node)
    fixes = []
    for f in findings:
        if f.fix is None or (safety[f.codemod] != SAFE and not unsafe):
            continue
        if any(_touches(e, span) for e in f.fix.edits for span in spans):
            continue
        fixes.append(f.fix)
    return fixes


def _touches(edit, span: tuple[int, int]) -> bool:
    a, b = span
    return edit.start <= b and a <= edit.end


def _fix_file(source: SourceFile, mods, options: Options, package_loader, result: FileResult,
              blocked: frozenset = frozenset()) -> None:
    latest: list = []  # the pass tree alive now, forgotten when the file is done
    try:
        _fix_passes(source, mods, options, package_loader, result, latest, blocked)
    finally:
        for tree in latest:
            syntax.forget(tree)


def _fix_passes(source: SourceFile, mods, options: Options, package_loader, result: FileResult,
                latest: list, blocked: frozenset) -> None:
    safety = {m.id: m.safety for m in mods}
    text = source.text
    unused = result.warnings if options.warn_unused_ignores else None
    tree, whole, findings = _run_pass(source, text, mods, options, package_loader, unused)
    latest[:] = [tree]
    known = codemod_ids()
    result.warnings.extend(suppress.unknown_ids(source.path, text, tree.root_node, known))
    lines = _Lines(source.text)
    passes: list[list[Edit]] = []  # each pass's edits, to trace findings back to the text as read
    if blocked:
        findings = _unblocked(findings, blocked, passes, lines)
    # The parse skipped function bodies no codemod looks at; where a fix will
    # change the file, a full parse tells the user about errors anywhere in it.
    fixes = _fixes_to_apply(findings, tree, safety, options.unsafe_fixes) if options.fix else []
    will_fix = bool(fixes)
    # Only what the last check needs is kept of the first tree: a tree is big.
    first_errors = _error_count(tree) if will_fix and tree.root_node.has_error else 0
    checked = syntax.parse(text) if will_fix and not whole and not tree.root_node.has_error else tree
    spans = syntax.error_spans(checked.root_node)
    line = syntax.first_error_line(checked.root_node) if spans else None
    if checked is not tree:
        syntax.forget(checked)
    del checked
    if spans:
        result.warnings.append(
            f"{source.path}:{line}: cannot parse this part (a syntax error, or Go syntax newer than"
            " gofixer's grammar); code there is left as it is, the rest of the file is still checked"
        )
    reports = [_report(source, f, safety[f.codemod], spans, options.unsafe_fixes, lines) for f in findings]
    for r in reports:
        if (r.codemod, r.line, r.column) in blocked:
            r.applied = False
    if not will_fix:
        return _finish(result, reports, None, source, applied=not options.fix)
    for _ in range(MAX_PASSES):
        fixes = select_fixes(fixes)
        if not fixes:
            break
        edits = [e for fx in fixes for e in fx.edits]
        imports = [i for fx in fixes for i in fx.imports]
        try:
            fixed = apply_edits(text, edits)
            new_text = with_imports(fixed, imports)
        except ValueError as e:
            result.warnings.append(f"{source.path}: internal error planning fixes ({e}); file left unchanged")
            return _finish(result, reports, None, source)
        if new_text == text:
            break
        passes.append(edits)
        judged = align.judge(text, edits, tree.root_node)
        # The pass's tree is freed before realignment parses the new text: a big
        # file's tree costs tens of bytes per byte, and two at once would double that.
        syntax.forget(tree)
        latest.clear()
        tree = findings = fixes = None
        fixed = _aligned(fixed, judged, passes)
        new_text = with_imports(fixed, imports) if imports else fixed
        if new_text != fixed:  # the import block changed too: one more edit, to trace and to lay out
            imported = [_difference(fixed, new_text)]
            passes.append(imported)
            new_text = _aligned(new_text, align.judge(fixed, imported), passes)
        text = new_text
        # The pass's edits and texts go before the next tree is built (a big
        # file's edits are many); `passes` traces blocked findings only.
        edits = imports = judged = fixed = new_text = None
        if not blocked:
            passes.clear()
        tree, findings = _run_codemods(source, text, mods, options, package_loader)
        latest[:] = [tree]
        if blocked:
            findings = _unblocked(findings, blocked, passes, lines)
        fixes = _fixes_to_apply(findings, tree, safety, options.unsafe_fixes)
    else:
        result.warnings.append(
            f"{source.path}: fixes did not settle after {MAX_PASSES} passes; file left unchanged (please report)"
        )
        return _finish(result, reports, None, source)
    if text != source.text and _broke_syntax(first_errors, tree):
        result.warnings.append(
            f"{source.path}: a fix produced invalid Go; file left unchanged (please report)"
        )
        return _finish(result, reports, None, source)
    _finish(result, reports, text if text != source.text else None, source)


def _aligned(new: bytes, judged: "align.Judged", passes: list[list[Edit]]) -> bytes:
    """`new` with the columns around the judged edits laid out as gofmt does;
    the layout edits join `passes`."""
    realigned = align.relayout(new, judged)
    if not realigned:
        return new
    passes.append(realigned)
    return apply_edits(new, realigned)


def _difference(old: bytes, new: bytes) -> Edit:
    """One edit turning `old` into `new`: what lies between their common start and end."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end = 0
    while end < limit - start and old[len(old) - 1 - end] == new[len(new) - 1 - end]:
        end += 1
    return Edit(start, len(old) - end, new[start:len(new) - end])


def _unblocked(findings: list[Finding], blocked: frozenset, passes: list[list[Edit]], lines: "_Lines") -> list[Finding]:
    """`findings` without those whose place in the text as read is blocked (a
    finding in text a fix wrote comes and goes with that fix)."""
    out = []
    for f in findings:
        at = f.start
        for edits in reversed(passes):
            at = _before(at, edits)
            if at is None:
                break
        if at is None or (f.codemod, *lines.position(at)) not in blocked:
            out.append(f)
    return out


def _before(pos: int, edits: list[Edit]) -> int | None:
    """Where `pos` of the text after `edits` was before them; None inside new text."""
    shift = 0
    for e in sorted(set(edits)):
        start = e.start + shift
        if pos < start:
            break
        if e.new and pos < start + len(e.new):
            return None
        shift += len(e.new) - (e.end - e.start)
    return pos - shift


def _finish(
    result: FileResult, reports: list[Report], text: bytes | None, source: SourceFile, applied: bool = False
) -> None:
    if text is None and not applied:
        for r in reports:
            r.applied = False
    result.reports = reports
    if text is not None:
        result.new_raw = source.restore(text)
        result.old_raw = source.raw


def _broke_syntax(errors_before: int, after) -> bool:
    if not after.root_node.has_error:
        return False
    return _error_count(after) > errors_before


def _error_count(tree) -> int:
    return sum(1 for n in syntax.walk(tree.root_node) if n.type == "ERROR" or n.is_missing)


def _report(source: SourceFile, f: Finding, safety: str, spans, unsafe: bool, lines: "_Lines") -> Report:
    sl, sc = lines.position(f.start)
    el, ec = lines.position(f.end)
    fixable = f.fix is not None
    reason = f.reason
    if fixable and any(a <= f.start < b for a, b in spans):
        fixable, reason = False, "a syntax error nearby; fix it first"
    applied = fixable and (safety == SAFE or unsafe)
    return Report(f.codemod, source.path, sl, sc, el, ec, f.message, safety, fixable, applied, reason)


class _Lines:
    """1-based line and column (in characters) of byte offsets. The line starts
    are found on the first question, all at once and in C (split, then running
    sums of the lengths): no loop per line in Python, however big the file."""

    def __init__(self, text: bytes):
        self.text = text
        self.starts: array | None = None  # kept while a big file is fixed: 8 bytes a line, not a list of ints

    def position(self, offset: int) -> tuple[int, int]:
        text = self.text
        if self.starts is None:
            after = itertools.accumulate(map((1).__add__, map(len, text.split(b"\n"))))
            self.starts = array("q", itertools.chain((0,), itertools.islice(after, text.count(b"\n"))))
        line = bisect.bisect_right(self.starts, offset)
        start = self.starts[line - 1]
        return line, len(text[start:offset].decode("utf-8", "replace")) + 1


# ------------------------------------------------------------------ many files


def process_group(targets: list[Target], options: Options, blocked: frozenset = frozenset()) -> list[FileResult]:
    """The files of one directory, or of a few small ones: each directory's package
    index is built once and shared by its files. `blocked`: see process_file."""
    indexes: dict[str, PackageIndex] = {}

    def loader(directory: str) -> PackageIndex:
        if directory not in indexes:
            indexes[directory] = load_package(directory)
        return indexes[directory]

    mods = selected_codemods(options)
    return [process_file(t, options, loader, mods, blocked) for t in targets]


def _work_units(groups: list[list[Target]], least: int = 16) -> list[list[Target]]:
    """The pool's tasks from directory groups (largest first): a directory of at
    least `least` files alone, smaller ones together until they make that many.
    Each task is a round trip to a worker, and most directories hold a few files."""
    out: list[list[Target]] = []
    batch: list[Target] = []
    for g in groups:
        if len(g) >= least:
            out.append(g)
            continue
        batch.extend(g)
        if len(batch) >= least:
            out.append(batch)
            batch = []
    if batch:
        out.append(batch)
    return out


def group_by_directory(targets: Iterable[Target]) -> list[list[Target]]:
    groups: dict[str, list[Target]] = {}
    for t in targets:
        groups.setdefault(os.path.dirname(t.abspath), []).append(t)
    return list(groups.values())


def _by_go_directive(targets: list[Target]) -> list[tuple[str | None, list[Target]]]:
    """The targets grouped by the `go` directive governing them, in first-seen
    order: a changed go.mod changes the cache key of its module's files only."""
    groups: dict[str | None, list[Target]] = {}
    for t in targets:
        mod = gomod.module_for(os.path.dirname(t.abspath))
        groups.setdefault(mod.directive if mod is not None else None, []).append(t)
    return list(groups.items())


def run(
    targets: list[Target],
    options: Options,
    jobs: int | None = None,
    cache: Any = None,
    progress: Callable[[int], None] | None = None,
) -> list[FileResult]:
    """Process every target; results in the targets' order."""
    results: dict[str, FileResult] = {}
    pending: list[Target] = []
    if cache is not None:
        for directive, module_targets in _by_go_directive(targets):
            for t, hit in cache.lookup(module_targets, replace(options, go_directive=directive)):
                if hit is not None:
                    results[t.abspath] = hit
                else:
                    pending.append(t)
        if progress and len(results):
            progress(len(results))
    else:
        pending = list(targets)
    groups = group_by_directory(pending)
    groups.sort(key=len, reverse=True)
    jobs = jobs or os.cpu_count() or 1
    fresh: list[FileResult] = []
    if jobs <= 1 or len(pending) < 16:
        for g in groups:
            out = process_group(g, options)
            fresh.extend(out)
            if progress:
                progress(len(out))
    else:
        import multiprocessing  # here, not at the top: a run of a few files needs no workers
        from concurrent.futures import ProcessPoolExecutor

        ctx = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_start)
        try:
            units = _work_units(groups)
            for out in pool.map(process_group, units, [options] * len(units), chunksize=1):
                fresh.extend(out)
                if progress:
                    progress(len(out))
        except BaseException:
            _stop_workers(pool)  # an interrupt, or a worker that failed: none is left behind
            raise
        pool.shutdown()
    if cache is not None:
        cache.store(fresh)
    for r in fresh:
        results[r.abspath] = r
    return [results[t.abspath] for t in targets]


def _worker_start() -> None:
    """A worker leaves interrupts to the parent, which stops it (a Ctrl-C reaches the
    whole process group), and dies with the parent even when that is killed."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            PR_SET_PDEATHSIG = 1
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL))
        except (OSError, AttributeError):
            pass


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's worker processes and wait for them: they only compute, so
    nothing is lost, and none outlives the run as an orphan."""
    # The executor has no public way to stop its workers before Python 3.14
    # (kill_workers), so their processes are taken from the pool itself.
    procs = list((getattr(pool, "_processes", None) or {}).values())
    kill_workers = getattr(pool, "kill_workers", None)
    if kill_workers is not None:
        kill_workers()
    for p in procs:
        try:
            p.kill()
        except (OSError, ValueError):
            pass
    pool.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        try:
            p.join(5)
        except (OSError, ValueError, AssertionError):
            pass

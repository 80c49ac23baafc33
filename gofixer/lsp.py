"""`gofixer lsp`: a language server on standard input and output, for editors.
Each open Go buffer gets diagnostics computed from its text (never the file on
disk) a moment after it stops changing; code actions offer a finding's fix, the
fix of every safe finding in the file, and a comment that ignores a finding.
gofixer.toml is found from the document's folder, as the command line finds it
from the folder it runs in."""

from __future__ import annotations

import asyncio
import bisect
import difflib
import os
import re
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable
from urllib.parse import unquote

import click
from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from . import __version__
from .buffer import PackageIndexes, fix_one, process_buffer
from .codemod import SAFE, OptionDefaults, UnknownCodemod, codemod_ids, resolve_selection
from .config import ConfigError, exclude_matcher, find_config, load_config
from .docs import page_url
from .results import DEFAULT_MAX_FILE_SIZE, Options, Report
from .run import parse_size

SOURCE = "gofixer"
DEBOUNCE_SECONDS = 0.3  # typing pauses shorter than this do not start a run
FIX_ALL = "source.fixAll.gofixer"  # the kind editors ask for to fix on save
_IGNORE_LINE = re.compile(r"^\s*//\s*gofixer:ignore\s+[A-Za-z0-9_,-]+")


@click.command()
def lsp() -> None:
    """Run a language server on standard input/output (for editors)."""
    GofixerServer().start_io()


# ------------------------------------------------------------------ positions


class Positions:
    """LSP positions in one buffer: lines end at "\\n", columns count the
    client's position encoding (UTF-16 code units unless it chose another),
    where gofixer's reports count characters."""

    def __init__(self, text: str, encoding: str = types.PositionEncodingKind.Utf16):
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.encoding = encoding
        # The engine reads a buffer without its byte-order mark.
        self.bom = 1 if text.startswith("\ufeff") else 0

    def at_column(self, line: int, column: int) -> types.Position:
        """The position of a report's 1-based line and character column."""
        index = min(max(line - 1, 0), len(self.starts) - 1)
        start = self.starts[index] + (self.bom if index == 0 else 0)
        return self.at_offset(start + column - 1)

    def at_offset(self, offset: int) -> types.Position:
        """The position of a character offset into the text."""
        offset = min(max(offset, 0), len(self.text))
        index = bisect.bisect_right(self.starts, offset) - 1
        return types.Position(index, self.units(self.text[self.starts[index] : offset]))

    def line_text(self, index: int) -> str:
        """Line `index` (0-based) without its line ending."""
        start = self.starts[index]
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def line_ending(self, index: int) -> str:
        """The end of line `index` as written: CRLF or LF."""
        end = self.text.find("\n", self.starts[index])
        return "\r\n" if end > 0 and self.text[end - 1] == "\r" else "\n"

    def units(self, chars: str) -> int:
        if self.encoding == types.PositionEncodingKind.Utf8:
            return len(chars.encode("utf-8", "surrogatepass"))
        if self.encoding == types.PositionEncodingKind.Utf32:
            return len(chars)
        return len(chars) + sum(1 for c in chars if ord(c) > 0xFFFF)  # a surrogate pair each


def text_edits(old: str, new: str, positions: Positions) -> list[types.TextEdit]:
    """Edits turning `old` (the text `positions` describes) into `new`: one per
    run of changed lines, starting where the run first differs."""
    a, b = _lines(old), _lines(new)
    offsets = [0]
    for line in a:
        offsets.append(offsets[-1] + len(line))
    edits = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        start, end = offsets[i1], offsets[i2]
        replacement = "".join(b[j1:j2])
        same = len(os.path.commonprefix([old[start:end], replacement]))
        edits.append(types.TextEdit(
            types.Range(positions.at_offset(start + same), positions.at_offset(end)), replacement[same:]))
    return edits


def _lines(text: str) -> list[str]:
    parts = text.split("\n")
    return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


# ------------------------------------------------------------------ settings


@dataclass(frozen=True)
class DocumentSettings:
    """What gofixer.toml says for one document: the options of a report-only
    run (the fix runs change `fix`), and whether the file is excluded."""

    options: Options
    excluded: bool


def settings_for(path: str) -> DocumentSettings:
    """The settings for the Go file at `path`: those of the gofixer.toml the
    command line would use when run from the file's folder. Raises ConfigError,
    naming the file, for a configuration the user must correct."""
    folder = os.path.dirname(os.path.abspath(path))
    config_path = find_config([folder])
    cfg = load_config(config_path, OptionDefaults())
    try:
        ids = resolve_selection(cfg.select or None, cfg.ignore)
    except UnknownCodemod as e:
        raise ConfigError(f"{config_path}: unknown codemod id {e.args[0]!r} (known: {', '.join(codemod_ids())})") from None
    size = DEFAULT_MAX_FILE_SIZE if cfg.max_file_size is None else parse_size(cfg.max_file_size)
    if size is None:
        raise ConfigError(f"{config_path}: max-file-size: {str(cfg.max_file_size)[:40]!r} is not a size"
                          " (bytes, or a number with K, M or G)")
    options = Options(tuple(ids), cfg.unsafe_fixes, Options.freeze(cfg.codemod_options), fix=False,
                      max_file_size=size)
    root = os.path.dirname(config_path) if config_path else folder
    return DocumentSettings(options, exclude_matcher(cfg.exclude)(os.path.relpath(os.path.abspath(path), root)))


# ------------------------------------------------------------------ server


@dataclass
class Analysis:
    """One run over one version of a buffer."""

    text: str
    path: str
    settings: DocumentSettings | None  # None: the configuration is broken
    reports: list[Report] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class GofixerServer(LanguageServer):
    """The server: documents are analysed in one engine thread, a debounce after
    each open, change or save, and the last analysis of each is kept for the
    code actions asked about the same text."""

    def __init__(self) -> None:
        super().__init__(SOURCE, __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        # One engine thread: runs never overlap, and the protocol's loop stays free.
        self.engine = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gofixer-engine")
        self.packages = PackageIndexes()  # used in the engine thread only
        self.pending: dict[str, asyncio.Task] = {}
        self.analyses: dict[str, Analysis] = {}
        self.said: dict[str, list[str]] = {}  # the last warnings logged per document
        self._register_features()

    def _register_features(self) -> None:
        @self.feature(types.TEXT_DOCUMENT_DID_OPEN)
        def did_open(params: types.DidOpenTextDocumentParams) -> None:
            self._schedule(params.text_document.uri)

        @self.feature(types.TEXT_DOCUMENT_DID_CHANGE)
        def did_change(params: types.DidChangeTextDocumentParams) -> None:
            self._schedule(params.text_document.uri)

        @self.feature(types.TEXT_DOCUMENT_DID_SAVE)
        def did_save(params: types.DidSaveTextDocumentParams) -> None:
            self._schedule(params.text_document.uri)

        @self.feature(types.TEXT_DOCUMENT_DID_CLOSE)
        def did_close(params: types.DidCloseTextDocumentParams) -> None:
            self._forget(params.text_document.uri)

        @self.feature(
            types.TEXT_DOCUMENT_CODE_ACTION,
            types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]),
        )
        async def code_action(params: types.CodeActionParams) -> list[types.CodeAction]:
            try:
                return await self._code_actions(params)
            except Exception:
                self._logged_failure(f"computing code actions for {params.text_document.uri}")
                return []

    # -------------------------------------------------------------- logging

    def log(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        self.window_log_message(types.LogMessageParams(kind, f"gofixer: {message}"))

    def report_server_error(self, error: Exception, source) -> None:
        """Errors pygls catches (a malformed message, a handler that raised) are
        logged; the server goes on."""
        self.log(f"internal error: {error!r}", types.MessageType.Error)

    def _logged_failure(self, what: str) -> None:
        self.log(f"internal error while {what} (please report):\n{traceback.format_exc()}", types.MessageType.Error)

    # -------------------------------------------------------------- documents

    def _forget(self, uri: str) -> None:
        """A closed document: no run pending, nothing kept, no diagnostics shown."""
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.analyses.pop(uri, None)
        self.said.pop(uri, None)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))

    def _schedule(self, uri: str) -> None:
        """A run for `uri` once it has been quiet for DEBOUNCE_SECONDS."""
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.pending[uri] = asyncio.ensure_future(self._publish_later(uri))

    async def _publish_later(self, uri: str) -> None:
        await asyncio.sleep(DEBOUNCE_SECONDS)
        try:
            doc = self._open_document(uri)
            if doc is None:
                return
            # Run afresh even for text already seen: a save may follow an edit
            # to gofixer.toml.
            analysis = await self._analysis(uri, fresh=True)
            if analysis is None or analysis.text != doc.source:
                return  # the buffer changed meanwhile: its own run publishes
            positions = self._positions(analysis.text)
            diagnostics = [diagnostic(r, positions) for r in analysis.reports]
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, diagnostics, doc.version))
        except Exception:  # a cancelled run (a newer change came) is not one: it goes on up
            self._logged_failure(f"checking {uri}")
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                del self.pending[uri]

    def _open_document(self, uri: str):
        """The open buffer for `uri`, or None when it is not open or not a Go file."""
        doc = self.workspace.text_documents.get(unquote(uri))  # pygls keys them unquoted
        if doc is None or not uri.startswith("file:") or not (doc.path.endswith(".go") or doc.language_id == "go"):
            return None
        return doc

    async def _analysis(self, uri: str, fresh: bool = False) -> Analysis | None:
        """The reports for the buffer's current text: the last run's when it was
        of this text, unless `fresh`."""
        doc = self._open_document(uri)
        if doc is None:
            return None
        text = doc.source
        known = self.analyses.get(uri)
        if not fresh and known is not None and known.text == text:
            return known
        path = to_fs_path(uri) or doc.path
        analysis = await self._in_engine(lambda: self._run(path, text))
        self.analyses[uri] = analysis
        self._tell(uri, analysis)
        return analysis

    def _run(self, path: str, text: str) -> Analysis:
        """The engine's run over `text` as the file at `path` (engine thread)."""
        try:
            settings = settings_for(path)
        except ConfigError as e:
            return Analysis(text, path, None, warnings=[str(e)])
        if settings.excluded:
            return Analysis(text, path, settings)
        result = process_buffer(path, text, settings.options, self.packages)
        return Analysis(text, path, settings, result.reports, result.warnings)

    def _tell(self, uri: str, analysis: Analysis) -> None:
        """Log the run's warnings, and a broken configuration where the user
        sees it; each only when it differs from the last run's."""
        said = analysis.warnings
        if said == self.said.get(uri):
            return
        self.said[uri] = said
        for w in said:
            self.log(w, types.MessageType.Warning)
        if analysis.settings is None:
            self.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"gofixer: {said[-1]}"))

    async def _in_engine(self, work: Callable):
        return await asyncio.get_running_loop().run_in_executor(self.engine, work)

    def _positions(self, text: str) -> Positions:
        return Positions(text, self.workspace.position_encoding or types.PositionEncodingKind.Utf16)

    # -------------------------------------------------------------- code actions

    async def _code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        analysis = await self._analysis(uri)
        if analysis is None or analysis.settings is None:
            return []
        positions = self._positions(analysis.text)
        wants = _kinds_wanted(params.context.only)
        actions: list[types.CodeAction] = []
        if wants(types.CodeActionKind.QuickFix):
            for report in _reports_at(analysis.reports, positions, params.range, params.context.diagnostics):
                diag = diagnostic(report, positions)
                fix = await self._fix_action(uri, analysis, report, diag, positions)
                if fix is not None:
                    actions.append(fix)
                actions.append(ignore_action(uri, report, diag, positions))
        unsafe = analysis.settings.options.unsafe_fixes
        if wants(FIX_ALL) and any(r.fixable and (r.safety == SAFE or unsafe) for r in analysis.reports):
            fix_all = await self._fix_all_action(uri, analysis, positions)
            if fix_all is not None:
                actions.append(fix_all)
        return actions

    async def _fix_action(self, uri, analysis: Analysis, report: Report, diag, positions) -> types.CodeAction | None:
        if not report.fixable:
            return None
        options = analysis.settings.options
        new = await self._in_engine(
            lambda: fix_one(analysis.path, analysis.text, options, report.codemod, report.line, report.column,
                            self.packages))
        if new is None:
            return None
        unsafe = report.safety != SAFE
        return types.CodeAction(
            f"gofixer: fix {report.codemod}" + (" (unsafe)" if unsafe else ""),
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diag],
            is_preferred=not unsafe,
            edit=types.WorkspaceEdit(changes={uri: text_edits(analysis.text, new, positions)}),
        )

    async def _fix_all_action(self, uri, analysis: Analysis, positions) -> types.CodeAction | None:
        options = replace(analysis.settings.options, fix=True)
        result = await self._in_engine(lambda: process_buffer(analysis.path, analysis.text, options, self.packages))
        if result.new_raw is None:
            return None
        new = result.new_raw.decode("utf-8", "surrogateescape")
        title = (
            "gofixer: fix all findings in this file (unsafe fixes included, as gofixer.toml says)"
            if options.unsafe_fixes else "gofixer: fix all safe findings in this file"
        )
        return types.CodeAction(
            title, kind=FIX_ALL, edit=types.WorkspaceEdit(changes={uri: text_edits(analysis.text, new, positions)}))


def _kinds_wanted(only: list[str] | None) -> Callable[[str], bool]:
    """Whether a code action kind is asked for: every kind when the client does
    not say, else the kinds listed and those under them (source.fixAll under
    source)."""
    if not only:
        return lambda kind: True
    return lambda kind: any(kind == o or kind.startswith(f"{o}.") for o in only)


def _reports_at(reports: list[Report], positions: Positions, at: types.Range,
                diagnostics: Iterable[types.Diagnostic]) -> list[Report]:
    """The reports whose range meets `at`, or that the client's diagnostics name."""
    named = {(d.code, d.range.start.line, d.range.start.character) for d in diagnostics if d.source == SOURCE}
    out = []
    for r in reports:
        start, end = positions.at_column(r.line, r.column), positions.at_column(r.end_line, r.end_column)
        if (r.codemod, start.line, start.character) in named or _meets(start, end, at):
            out.append(r)
    return out


def _meets(start: types.Position, end: types.Position, at: types.Range) -> bool:
    key = lambda p: (p.line, p.character)  # noqa: E731
    return key(start) <= key(at.end) and key(at.start) <= key(end)


def diagnostic(report: Report, positions: Positions) -> types.Diagnostic:
    message = report.message
    if not report.fixable and report.reason:
        message += f" (not fixed: {report.reason})"
    url = page_url(report.codemod)
    return types.Diagnostic(
        types.Range(positions.at_column(report.line, report.column),
                  positions.at_column(report.end_line, report.end_column)),
        message,
        severity=types.DiagnosticSeverity.Warning,
        code=report.codemod,
        code_description=types.CodeDescription(url) if url else None,
        source=SOURCE,
    )


def ignore_action(uri: str, report: Report, diag: types.Diagnostic, positions: Positions) -> types.CodeAction:
    """`//gofixer:ignore ID` on its own line above the finding's, indented as
    that line is; or ID added to such a comment already there."""
    index = diag.range.start.line
    above = positions.line_text(index - 1) if index > 0 else ""
    existing = _IGNORE_LINE.match(above)
    if existing:
        at = positions.at_offset(positions.starts[index - 1] + existing.end())
        edit = types.TextEdit(types.Range(at, at), f",{report.codemod}")
    else:
        line = positions.line_text(index)
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        ending = positions.line_ending(index)
        at = types.Position(index, 0)
        edit = types.TextEdit(types.Range(at, at), f"{indent}//gofixer:ignore {report.codemod}{ending}")
    return types.CodeAction(
        f"gofixer: ignore this {report.codemod} finding",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diag],
        edit=types.WorkspaceEdit(changes={uri: [edit]}),
    )

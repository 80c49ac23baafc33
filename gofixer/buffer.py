"""One editor buffer through the engine: the text an editor holds for a file, not
the file on disk. Nothing is read for the file itself and nothing is written; the
package index for its folder still reads the sibling files from disk."""

from __future__ import annotations

import os
import stat
from collections import OrderedDict
from dataclasses import replace

from . import pipeline, syntax
from .edits import apply_edits
from .imports import add_imports
from .package import PackageIndex, load_package
from .pipeline import FileResult, Options
from .source import SourceError, SourceFile, decode_source, is_generated


def process_buffer(path: str, text: str, options: Options, packages: PackageIndexes | None = None) -> FileResult:
    """The file at `path` as if it held `text`: reports, and with options.fix
    the text after every fix `gofixer apply` would make (`new_raw`).
    `packages` gives the package index of a folder (default: built afresh)."""
    result = FileResult(path, os.path.abspath(path))
    source = _source(path, text, result)
    if source is None:
        return result
    mods = _candidates(source, options)
    if not mods:
        return result
    try:
        pipeline._fix_file(source, mods, options, packages or PackageIndexes(), result)
    except RecursionError:
        result.warnings.append(f"{path}: nesting too deep to analyse; skipped")
        result.reports.clear()
        result.new_raw = None
    return result


def fix_one(
    path: str, text: str, options: Options, codemod: str, line: int, column: int, packages: PackageIndexes | None = None
) -> str | None:
    """`text` with only the fix of the finding `codemod` reports at line:column
    (1-based, as in its Report) made, safe or not; None when that finding has no
    fix here, or the fix would leave the file unparsable."""
    source = _source(path, text, FileResult(path, os.path.abspath(path)))
    if source is None:
        return None
    options = replace(options, fix=True)  # a report-only run may skip what shapes a fix's text
    mods = [m for m in _candidates(source, options) if m.id == codemod]
    if not mods:
        return None
    try:
        tree, findings = pipeline._run_codemods(source, source.text, mods, options, packages or PackageIndexes())
        lines = pipeline._Lines(source.text)
        finding = next((f for f in findings if lines.position(f.start) == (line, column)), None)
        if finding is None:
            return None
        fixes = pipeline._fixes_to_apply([finding], tree, {codemod: mods[0].safety}, unsafe=True)
        if not fixes:
            return None
        edits = [*fixes[0].edits, *add_imports(source.text, tree.root_node, fixes[0].imports)]
        new_text = apply_edits(source.text, edits)
        if pipeline._broke_syntax(syntax.parse(source.text), syntax.parse(new_text)):
            return None
    except (RecursionError, ValueError):
        return None  # too deep to analyse, or edits that do not fit: no fix offered
    return source.restore(new_text).decode("utf-8")


class PackageIndexes:
    """Package indexes by folder, each kept while the folder's Go files on disk
    stay as they were: an editor asks about a buffer again after every pause in
    typing, and indexing a large package costs far more than checking one file.
    At most `keep` folders are kept."""

    def __init__(self, keep: int = 8):
        self.keep = keep
        self.indexes: OrderedDict[str, tuple[tuple, PackageIndex]] = OrderedDict()

    def __call__(self, directory: str) -> PackageIndex:
        stamp = _folder_stamp(directory)
        kept = self.indexes.pop(directory, None)
        if kept is None or kept[0] != stamp:
            kept = (stamp, load_package(directory))
        self.indexes[directory] = kept
        while len(self.indexes) > self.keep:
            self.indexes.popitem(last=False)
        return kept[1]


def _folder_stamp(directory: str) -> tuple:
    """Name, size and modification time of each Go file in `directory`."""
    out = []
    try:
        with os.scandir(directory) as entries:
            for e in entries:
                if e.name.endswith(".go"):
                    try:
                        st = e.stat()
                    except OSError:
                        continue
                    out.append((e.name, st.st_size, st.st_mtime_ns))
    except OSError:
        pass
    return tuple(sorted(out))


def _source(path: str, text: str, result: FileResult) -> SourceFile | None:
    """The buffer as a SourceFile, or None (with a warning in `result`) when it
    cannot be Go source or is a generated file, which tools leave alone."""
    try:
        # surrogatepass: a lone surrogate becomes bytes that decode_source
        # reports as not UTF-8, naming the line.
        source = decode_source(text.encode("utf-8", "surrogatepass"), path, os.path.abspath(path), _BUFFER_STAT)
    except SourceError as e:
        result.warnings.append(f"{path}: {e}; skipped")
        return None
    if is_generated(source.text):
        result.notes.append(f"{path}: generated file; skipped")
        return None
    return source


def _candidates(source: SourceFile, options: Options) -> list:
    """The selected codemods whose prefilter lets the buffer through."""
    if not source.text.strip():
        return []
    return [m for m in pipeline.selected_codemods(options) if pipeline.may_match(m, source.text)]


# A buffer has no file status of its own; mode and fingerprint only matter to
# writes, and a buffer's result is never written.
_BUFFER_STAT = os.stat_result((stat.S_IFREG | 0o644, 0, 0, 1, 0, 0, 0, 0, 0, 0))

"""One editor buffer through the engine: the text an editor holds for a file, not
the file on disk (as standard input is for `check --stdin-filename`), its fixes
one at a time (as `apply --interactive` offers them), and package indexes kept
from one run to the next. Nothing is read for the file itself and nothing is
written; the package index for its folder still reads the sibling files from disk."""

from __future__ import annotations

import os
from collections import OrderedDict
from dataclasses import replace

from . import pipeline, refix, stdin, syntax
from .package import PackageIndex, load_package
from .results import FileResult, Options, format_size
from .source import BOM, SourceError, is_generated


def process_buffer(path: str, text: str, options: Options, packages: PackageIndexes | None = None) -> FileResult:
    """The file at `path` as if it held `text` (see stdin.process): reports, and
    with options.fix the text after every fix `gofixer apply` would make
    (`new_raw`). A generated file is left alone: tools must not edit it; so is
    one over options.max_file_size."""
    raw = _raw(text)
    result = FileResult(path, os.path.abspath(path))
    if len(raw) > options.max_file_size:
        result.warnings.append(f"{path}: {format_size(len(raw))}, over max-file-size"
                               f" ({format_size(options.max_file_size)}); skipped")
        return result
    if is_generated(raw.removeprefix(BOM)):
        result.notes.append(f"{path}: generated file; skipped")
        return result
    return stdin.process(path, raw, options, packages)


def fix_one(
    path: str, text: str, options: Options, codemod: str, line: int, column: int,
    packages: PackageIndexes | None = None,
) -> str | None:
    """`text` with only the fix of the finding `codemod` reports at line:column
    (1-based, as in its Report) made, safe or not, as `apply` would make it in
    its first pass; None when that finding has no fix here, or the fix would
    leave the file unparsable."""
    try:
        source = stdin.source_of(path, _raw(text))
    except SourceError:
        return None
    if is_generated(source.text):
        return None
    # fix=True: a report-only run may skip what shapes a fix's text.
    options = replace(options, fix=True, unsafe_fixes=True)
    try:
        candidates = refix.first_pass(source, options, packages or PackageIndexes())
        fix = next((c for c in candidates if (c.codemod, c.line, c.column) == (codemod, line, column)), None)
        if fix is None:
            return None
        new_text = fix.fixed_text()
        if pipeline._broke_syntax(syntax.parse(source.text), syntax.parse(new_text)):
            return None
    except (RecursionError, ValueError):
        return None  # too deep to analyse, or edits that do not fit: no fix offered
    return source.restore(new_text).decode("utf-8")


def _raw(text: str) -> bytes:
    # surrogatepass: a lone surrogate becomes bytes the source checks report as
    # not UTF-8, naming the line.
    return text.encode("utf-8", "surrogatepass")


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

"""Output: findings as text, JSON, SARIF or GitHub annotations, and fixes as one
unified diff that `git apply` and `patch -p1` accept."""

from __future__ import annotations

import os
import json
from typing import Callable, Iterable

from . import linediff
from .results import FileResult, Report

NO_NEWLINE = b"\\ No newline at end of file\n"


class Unrepresentable(ValueError):
    """A file name a patch cannot carry."""


def unified_diff(path: str, old: bytes, new: bytes, name: str | None = None) -> bytes:
    """A git-style diff of one file, exact to the byte (CRLF, BOM and a missing
    final newline included), named `name` (default: diff_name(path))."""
    a = old.splitlines(keepends=True)
    b = new.splitlines(keepends=True)
    name = diff_name(path) if name is None else name
    old_name, new_name = quote_path("a/" + name), quote_path("b/" + name)
    out = [b"diff --git " + old_name + b" " + new_name + b"\n", b"--- " + old_name + b"\n", b"+++ " + new_name + b"\n"]
    sa = [line.decode("utf-8", "surrogateescape") for line in a]
    sb = [line.decode("utf-8", "surrogateescape") for line in b]
    lines = list(linediff.unified_diff(sa, sb, n=3, lineterm="\n"))
    for line in lines[2:]:  # the file header lines are written above, quoted
        raw = line.encode("utf-8", "surrogateescape")
        if raw.endswith(b"\n"):
            out.append(raw)
        else:
            out.append(raw + b"\n" + NO_NEWLINE)
    return b"".join(out)


def diff_name(path: str, root: str | None = None, abspath: str | None = None) -> str:
    """The name a diff header gives the file shown as `path` (absolute path
    `abspath`), with forward slashes and never climbing with `..` (git apply and
    patch refuse that): `path` relative to the current directory, or, when `root`
    (the real path of the folder it was found under, or of a named file's folder)
    lies outside the current directory, relative to `root`, so that every file
    found from one root is named from the same place. Raises Unrepresentable when
    neither holds it."""
    if root is not None and _climbs(os.path.relpath(root, os.path.realpath(os.getcwd()))):
        name = os.path.relpath(os.path.realpath(abspath or path), root)
    else:
        name = _relative(path)
    if os.sep != "/":  # a backslash is part of a POSIX name, and only a separator on Windows
        name = name.replace(os.sep, "/")
    if _climbs(name):
        raise Unrepresentable(f"{path}: outside the current directory and the folder it was found in")
    return "/".join(p for p in name.split("/") if p not in ("", "."))


def _climbs(name: str) -> bool:
    return os.path.isabs(name) or ".." in name.replace(os.sep, "/").split("/")


# Bytes git writes as a backslash and a letter inside a quoted name.
_C_ESCAPES = {0x07: b"a", 0x08: b"b", 0x09: b"t", 0x0A: b"n", 0x0B: b"v", 0x0C: b"f", 0x0D: b"r",
              0x22: b'"', 0x5C: b"\\"}


def quote_path(name: str) -> bytes:
    """`name` as git writes it in a patch (quote_c_style with core.quotePath on):
    as is when every byte is printable ASCII other than `"` and `\\`, otherwise in
    double quotes with C escapes and octal for control and non-ASCII bytes, so a
    tab or a newline in a name can neither break nor inject a line of the patch."""
    raw = name.encode("utf-8", "surrogateescape")
    if all(0x20 <= c < 0x7F and c not in (0x22, 0x5C) for c in raw):
        return raw
    out = bytearray(b'"')
    for c in raw:
        if c in _C_ESCAPES:
            out += b"\\" + _C_ESCAPES[c]
        elif c < 0x20 or c >= 0x7F:
            out += b"\\%03o" % c
        else:
            out.append(c)
    out += b'"'
    return bytes(out)


def _relative(path: str) -> str:
    """Diff headers need a relative path (`a//abs` is no path): relative to the
    current directory."""
    if os.path.isabs(path):
        try:
            return os.path.relpath(path)
        except ValueError:  # another drive on Windows
            return path
    return path


def diff_all(results: Iterable[FileResult], warn: Callable[[str], None] | None = None,
             roots: dict[str, str | None] | None = None) -> bytes:
    """One patch for every changed file. `roots` maps a file's absolute path to the
    real path of the folder it was found under (None: named on the command line),
    which names the files outside the current directory; without it, the files are
    named by their paths as shown. A file whose name the patch cannot carry, or that
    another file's name already took, is left out, and `warn` (when given) says so."""
    out = []
    named: set[str] = set()
    for r in results:
        if not r.changed:
            continue
        root = None if roots is None else roots.get(r.abspath) or os.path.dirname(os.path.realpath(r.abspath))
        try:
            name = diff_name(r.path, root, r.abspath)
            if name in named:
                raise Unrepresentable(f"{r.path}: named {name} in the patch, like another file outside the current"
                                      " directory")
        except Unrepresentable as e:
            if warn is not None:
                warn(f"{e}; left out of the diff (run gofixer diff from a folder that holds both)")
            continue
        named.add(name)
        out.append(unified_diff(r.path, r.old_raw or b"", r.new_raw, name))
    return b"".join(out)


def all_reports(results: Iterable[FileResult]) -> list[Report]:
    # A file's reports come codemod by codemod; readers expect them by position.
    return [rep for r in results for rep in sorted(r.reports, key=lambda rep: (rep.line, rep.column))]


def check_text_tag(rep: Report) -> str:
    if rep.fixable:
        return "fixable" if rep.safety == "safe" else "fixable with --unsafe-fixes"
    return f"not fixable: {rep.reason}" if rep.reason else "not fixable"


def as_text(reports: list[Report]) -> str:
    return "".join(
        f"{r.path}:{r.line}:{r.column}: {r.codemod}: {r.message} [{check_text_tag(r)}]\n" for r in reports
    )


def as_json(reports: list[Report]) -> str:
    return json.dumps([r.as_json() for r in reports], indent=2) + "\n"


def as_github(reports: list[Report]) -> str:
    def esc(s: str) -> str:
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def esc_property(s: str) -> str:
        return esc(s).replace(":", "%3A").replace(",", "%2C")

    out = []
    for r in reports:
        props = (
            f"file={esc_property(r.path)},line={r.line},col={r.column},endLine={r.end_line},"
            f"endColumn={r.end_column},title={esc_property('gofixer ' + r.codemod)}"
        )
        out.append(f"::warning {props}::{esc(r.message + ' [' + check_text_tag(r) + ']')}\n")
    return "".join(out)


def _sarif_rule(mod) -> dict:
    """A codemod as a SARIF rule: its page as `help` (code scanning shows it), and
    a `helpUri` only where docs.DOCS_BASE says the pages are published."""
    from .docs import page, page_url

    text = page(mod)
    rule = {"id": mod.id, "shortDescription": {"text": mod.summary}, "help": {"text": text, "markdown": text}}
    url = page_url(mod.id)
    if url:
        rule["helpUri"] = url
    rule["properties"] = {"fixSafety": mod.safety}
    return rule


def as_sarif(reports: list[Report], codemods, version: str, fixes: dict | None = None) -> str:
    """SARIF 2.1.0. `fixes` maps a report's (path, codemod, line, column) to its
    fix as SARIF `fixes` (see sarif_fixes)."""
    rules = [_sarif_rule(m) for m in codemods]
    results = []
    for r in reports:
        res = {
            "ruleId": r.codemod,
            "level": "warning",
            "message": {"text": r.message if r.fixable else f"{r.message} (not fixable: {r.reason})"},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": r.path.replace("\\", "/")},
                        "region": {
                            "startLine": r.line,
                            "startColumn": r.column,
                            "endLine": r.end_line,
                            "endColumn": r.end_column,
                        },
                    }
                }
            ],
        }
        fix = (fixes or {}).get((r.path, r.codemod, r.line, r.column))
        if fix:
            res["fixes"] = fix
        results.append(res)
    doc = {
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [
            {
                "tool": {"driver": {"name": "gofixer", "version": version, "rules": rules}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(doc, indent=2) + "\n"


# ------------------------------------------------------------------ colour


def use_color(stream) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


_RESET = "\x1b[0m"
_STYLES = {"bold": "\x1b[1m", "red": "\x1b[31m", "green": "\x1b[32m", "yellow": "\x1b[33m",
           "cyan": "\x1b[36m", "dim": "\x1b[2m", "magenta": "\x1b[35m"}


def paint(text: str, style: str, color: bool) -> str:
    return f"{_STYLES[style]}{text}{_RESET}" if color and text else text


def as_colored_text(reports: list[Report], color: bool) -> str:
    """as_text's lines, with the place, the codemod id and the fixability
    coloured when `color`."""
    if not color:
        return as_text(reports)
    out = []
    for r in reports:
        tag = check_text_tag(r)
        style = "green" if r.fixable and r.safety == "safe" else "yellow" if r.fixable else "red"
        out.append(
            f"{paint(f'{r.path}:{r.line}:{r.column}', 'bold', True)}: {paint(r.codemod, 'magenta', True)}: "
            f"{r.message} [{paint(tag, style, True)}]\n"
        )
    return "".join(out)


def colored_diff(patch: bytes, color: bool) -> str:
    """A unified diff as text, its added, removed and hunk lines coloured when
    `color`."""
    text = patch.decode("utf-8", "replace")
    if not color:
        return text
    out = []
    for line in text.splitlines(keepends=True):
        if line.startswith(("+++", "---", "diff ")):
            out.append(paint(line.rstrip("\n"), "bold", True) + "\n")
        elif line.startswith("+"):
            out.append(paint(line.rstrip("\n"), "green", True) + "\n")
        elif line.startswith("-"):
            out.append(paint(line.rstrip("\n"), "red", True) + "\n")
        elif line.startswith("@@"):
            out.append(paint(line.rstrip("\n"), "cyan", True) + "\n")
        else:
            out.append(line)
    return "".join(out)


def as_check_json(reports: list[Report]) -> str:
    """check's JSON: `check` changes nothing, so a fix's `applied` is false; its
    `applicable` says whether `apply` with the same options would make it (safe,
    or unsafe with --unsafe-fixes)."""
    if not reports:
        return "[]\n"
    # json.dumps(..., indent=2) of these objects, spelt out: with an indent the
    # json module encodes in Python, which costs more than a cached run's lookup.
    q = json.encoder.encode_basestring_ascii
    items = []
    for r in reports:
        fix = ("null" if not r.fixable else
               f'{{\n      "safety": {q(r.safety)},\n      "applied": false,\n'
               f'      "applicable": {"true" if r.applied else "false"}\n    }}')
        items.append(
            f'  {{\n    "codemod": {q(r.codemod)},\n    "path": {q(r.path)},\n    "line": {r.line},\n'
            f'    "column": {r.column},\n    "end_line": {r.end_line},\n    "end_column": {r.end_column},\n'
            f'    "message": {q(r.message)},\n    "fix": {fix},\n'
            f'    "reason": {"null" if r.reason is None else q(r.reason)}\n  }}')
    return "[\n" + ",\n".join(items) + "\n]\n"


def statistics(reports: list[Report]) -> str:
    """Counts per codemod: findings, fixable by `apply`, fixable only with
    --unsafe-fixes, and to fix by hand."""
    rows: dict[str, list[int]] = {}
    for r in reports:
        row = rows.setdefault(r.codemod, [0, 0, 0, 0])
        row[0] += 1
        if not r.fixable:
            row[3] += 1
        elif r.safety == "safe":
            row[1] += 1
        else:
            row[2] += 1
    head = ("codemod", "findings", "fixable", "unsafe", "by hand")
    width = max([len(head[0]), *map(len, rows)])
    lines = [f"{head[0]:<{width}}  " + "  ".join(f"{h:>8}" for h in head[1:])]
    for cid in sorted(rows, key=lambda c: (-rows[c][0], c)):
        lines.append(f"{cid:<{width}}  " + "  ".join(f"{n:>8}" for n in rows[cid]))
    return "\n".join(lines) + "\n"


def sarif_fix(uri: str, text: bytes, edits, crlf: bool, description: str) -> list[dict]:
    """A fix as SARIF 2.1.0 `fixes`: one artifactChange whose replacements each
    delete a region (1-based lines, columns in characters, end exclusive) and
    insert content (with CRLF line endings when the file has them)."""
    def place(offset: int) -> tuple[int, int]:
        start = text.rfind(b"\n", 0, offset) + 1
        return text.count(b"\n", 0, offset) + 1, len(text[start:offset].decode("utf-8", "replace")) + 1

    replacements = []
    for e in sorted(set(edits)):
        (sl, sc), (el, ec) = place(e.start), place(e.end)
        replacements.append({
            "deletedRegion": {"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec},
            "insertedContent": {"text": e.new.decode("utf-8", "replace").replace("\n", "\r\n" if crlf else "\n")},
        })
    return [{"description": {"text": description},
             "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": replacements}]}]

"""Output: findings as text, JSON, SARIF or GitHub annotations, and fixes as one
unified diff that `git apply` and `patch -p1` accept."""

from __future__ import annotations

import os
import json
from typing import Iterable

from . import linediff
from .pipeline import FileResult, Report

NO_NEWLINE = b"\\ No newline at end of file\n"


def unified_diff(path: str, old: bytes, new: bytes) -> bytes:
    """A git-style diff of one file, exact to the byte (CRLF, BOM and a missing
    final newline included)."""
    a = old.splitlines(keepends=True)
    b = new.splitlines(keepends=True)
    name = _relative(path).replace("\\", "/")
    out = [f"diff --git a/{name} b/{name}\n".encode()]
    sa = [line.decode("utf-8", "surrogateescape") for line in a]
    sb = [line.decode("utf-8", "surrogateescape") for line in b]
    lines = list(linediff.unified_diff(sa, sb, f"a/{name}", f"b/{name}", n=3, lineterm="\n"))
    for line in lines:
        raw = line.encode("utf-8", "surrogateescape")
        if line.startswith(("---", "+++")):
            out.append(raw.rstrip(b"\n") + b"\n")
        elif raw.endswith(b"\n"):
            out.append(raw)
        else:
            out.append(raw + b"\n" + NO_NEWLINE)
    return b"".join(out)


def _relative(path: str) -> str:
    """Diff headers need a relative path (`a//abs` is no path): relative to the
    current directory, climbing with ../ where the file is outside it."""
    if os.path.isabs(path):
        try:
            return os.path.relpath(path)
        except ValueError:  # another drive on Windows
            return path.lstrip("/\\")
    return path


def diff_all(results: Iterable[FileResult]) -> bytes:
    return b"".join(unified_diff(r.path, r.old_raw or b"", r.new_raw) for r in results if r.changed)


def all_reports(results: Iterable[FileResult]) -> list[Report]:
    return [rep for r in results for rep in r.reports]


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


def as_sarif(reports: list[Report], codemods, version: str) -> str:
    rules = [
        {
            "id": m.id,
            "shortDescription": {"text": m.summary},
            "properties": {"fixSafety": m.safety},
        }
        for m in codemods
    ]
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
        results.append(res)
    doc = {
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [
            {
                "tool": {"driver": {"name": "gofixer", "version": version, "rules": rules}},
                "results": results,
            }
        ],
    }
    return json.dumps(doc, indent=2) + "\n"

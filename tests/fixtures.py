"""Fixture cases: testdata/<codemod>/<case>.go with `// want "regexp"` markers on
the lines that must be reported, and <case>.go.golden holding the exact fixed file
(absent: the file must not change). A first line `// fixture-options: {json}`
sets the codemod's options for that case. Cases that need another go.mod (its
`go` directive) than the one beside them sit in a subfolder holding that
go.mod: testdata/<codemod>/<folder>/go.mod."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass

from gofixer.discover import Target
from gofixer.pipeline import FileResult, Options, process_group

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTDATA = os.path.join(ROOT, "testdata")

_WANT = re.compile(r'//\s*want\s+((?:"(?:[^"\\]|\\.)*"\s*)+)')
_PATTERN = re.compile(r'"((?:[^"\\]|\\.)*)"')
_OPTIONS = re.compile(r"^// fixture-options: (\{.*\})\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Case:
    codemod: str
    path: str

    @property
    def name(self) -> str:
        return f"{self.codemod}/{os.path.relpath(self.path, os.path.join(TESTDATA, self.codemod))}"

    @property
    def golden(self) -> str | None:
        g = self.path + ".golden"
        return g if os.path.exists(g) else None


def cases(codemod: str | None = None) -> list[Case]:
    out = []
    if not os.path.isdir(TESTDATA):
        return out
    for cid in sorted(os.listdir(TESTDATA)):
        folder = os.path.join(TESTDATA, cid)
        if not os.path.isdir(folder) or (codemod and cid != codemod):
            continue
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if name.endswith(".go"):
                out.append(Case(cid, path))
            elif os.path.isfile(os.path.join(path, "go.mod")):
                out.extend(Case(cid, os.path.join(path, n)) for n in sorted(os.listdir(path)) if n.endswith(".go"))
    return out


def wants(text: str) -> dict[int, list[str]]:
    """Line number -> the regexps that line's findings must match."""
    out: dict[int, list[str]] = {}
    for i, line in enumerate(text.splitlines(), 1):
        m = _WANT.search(line)
        if m:
            out[i] = [p.encode().decode("unicode_escape") for p in _PATTERN.findall(m.group(1))]
    return out


def options_for(case: Case, text: str) -> dict:
    m = _OPTIONS.search(text)
    return {case.codemod: json.loads(m.group(1))} if m else {}


def run_case(case: Case, path: str | None = None) -> FileResult:
    """Run the case's codemod (unsafe fixes on) over the file at `path`."""
    path = path or case.path
    with open(case.path, encoding="utf-8") as f:
        opts = options_for(case, f.read())
    options = Options((case.codemod,), unsafe_fixes=True, codemod_options=Options.freeze(opts))
    [result] = process_group([Target(os.path.relpath(path, ROOT), path, explicit=True)], options)
    return result


def reported_files(folder, codemod: str) -> list[tuple[str, str]]:
    """(file name, codemod) of each finding of `codemod` in the Go files found
    under `folder`, as a check run over it reports them."""
    from gofixer.discover import discover
    from gofixer.pipeline import run

    results = run(discover([str(folder)]).targets, Options((codemod,), fix=False), jobs=1)
    return [(os.path.basename(r.path), r.codemod) for res in results for r in res.reports]

"""Documentation pages: each codemod's module docstring is its page. `gofixer
explain ID` prints it and docs/codemods/<id>.md is generated from it
(`python -m gofixer.docs docs/codemods`), so the two never drift apart."""

from __future__ import annotations

import os
import sys

# Where the documentation pages are published: the one place that knows it
# (SARIF's helpUri, the language server's code descriptions).
DOCS_BASE = "https://github.com/gofixer/gofixer/blob/main/docs/codemods/"


def page_url(codemod_id: str) -> str:
    """The link to a codemod's documentation page."""
    return f"{DOCS_BASE}{codemod_id}.md"


def page(mod) -> str:
    # Module docstrings start at column 0; inspect.cleandoc would also turn the
    # tabs of the Go examples into spaces, so only the outer blank lines go.
    body = (mod.__doc__ or "").strip("\n").rstrip()
    head = f"# {mod.id}\n\n{mod.summary}\n\nFix safety: **{mod.safety}**"
    if mod.safety != "safe":
        head += " (applied only with `--unsafe-fixes`)"
    if not getattr(mod, "default", True):
        head += f"\n\nSelection: **opt-in** (runs only with `--select {mod.id}`)"
    return f"{head}\n\n{body}\n"


def write_pages(folder: str) -> list[str]:
    from .codemod import load_codemods

    os.makedirs(folder, exist_ok=True)
    written = []
    for mod in load_codemods():
        path = os.path.join(folder, f"{mod.id}.md")
        with open(path, "w", encoding="utf-8") as f:
            f.write(page(mod))
        written.append(path)
    return written


if __name__ == "__main__":
    for p in write_pages(sys.argv[1] if len(sys.argv) > 1 else "docs/codemods"):
        print(p)

"""Documentation pages: each codemod's module docstring is its page. `gofixer
explain ID` prints it and docs/codemods/<id>.md is generated from it
(`python -m gofixer.docs docs/codemods`), so the two never drift apart."""

from __future__ import annotations

import os
import sys

# Where docs/codemods/ is published, ending in "/" (for example a repository's
# ".../blob/main/docs/codemods/"): the one place to set it, read by SARIF's
# helpUri and the language server's code descriptions. None while the project
# has no public address: no output links to a page that may not exist, and SARIF
# carries each page's text itself. GOFIXER_DOCS_URL sets it for a deployment (an
# organisation's mirror of the docs).
DOCS_BASE: str | None = os.environ.get("GOFIXER_DOCS_URL") or None


def page_url(codemod_id: str) -> str | None:
    """The link to a codemod's documentation page; None when DOCS_BASE is unset."""
    return f"{DOCS_BASE}{codemod_id}.md" if DOCS_BASE else None


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

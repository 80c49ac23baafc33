"""Each codemod documents itself: its docstring has the fixed headings, and the
page in docs/codemods/ is exactly what `gofixer explain` prints."""

import os

import pytest

from gofixer.codemod import SAFE, UNSAFE, load_codemods
from gofixer.docs import page

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADINGS = ["## What it does", "## Why is this bad?", "## Example", "## Fix", "## Fix safety", "## When it is not fixed"]
MODS = load_codemods()


@pytest.mark.parametrize("mod", MODS, ids=[m.id for m in MODS])
def test_codemod_contract(mod):
    assert mod.id and mod.id == mod.id.lower() and " " not in mod.id
    assert mod.summary and "\n" not in mod.summary
    assert mod.safety in (SAFE, UNSAFE)
    assert mod.prefilter
    assert callable(mod.run)


@pytest.mark.parametrize("mod", MODS, ids=[m.id for m in MODS])
def test_docstring_has_the_headings_in_order(mod):
    doc = mod.__doc__ or ""
    positions = [doc.find(h + "\n") for h in HEADINGS]
    assert all(p >= 0 for p in positions), [h for h, p in zip(HEADINGS, positions) if p < 0]
    assert positions == sorted(positions)


@pytest.mark.parametrize("mod", MODS, ids=[m.id for m in MODS])
def test_docs_page_is_generated_from_the_docstring(mod):
    path = os.path.join(ROOT, "docs", "codemods", f"{mod.id}.md")
    assert os.path.exists(path), "run: python -m gofixer.docs docs/codemods"
    with open(path, encoding="utf-8") as f:
        assert f.read() == page(mod), "stale page; run: python -m gofixer.docs docs/codemods"

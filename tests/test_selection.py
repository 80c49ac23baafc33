"""Which codemods run: the default selection leaves out opt-in codemods (module
attribute `default = False`); naming one in --select or the configuration's
`select` runs it; --ignore still removes codemods; `gofixer list` says which
are opt-in."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from gofixer import codemod
from gofixer.cli import main
from gofixer.codemod import UnknownCodemod, resolve_selection

ALWAYS = SimpleNamespace(id="always", safety="safe", summary="runs by default")
LEGACY = SimpleNamespace(id="legacy", safety="safe", summary="no default attribute at all")
OPT_IN = SimpleNamespace(id="picky", safety="unsafe", summary="runs when selected", default=False)


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(codemod, "load_codemods", lambda: [ALWAYS, LEGACY, OPT_IN])


def ids(mods) -> list[str]:
    return [m.id for m in mods]


def test_no_selection_runs_only_default_codemods(registry):
    assert ids(resolve_selection(None, None)) == ["always", "legacy"]
    assert ids(resolve_selection([], ["legacy"])) == ["always"]


def test_selecting_an_opt_in_codemod_runs_it(registry):
    assert ids(resolve_selection(["picky"], None)) == ["picky"]
    assert ids(resolve_selection(["picky", "always"], None)) == ["always", "picky"]
    assert ids(resolve_selection(["picky", "always"], ["picky"])) == ["always"]


def test_unknown_ids_are_still_refused(registry):
    with pytest.raises(UnknownCodemod):
        resolve_selection(["nope"], None)
    with pytest.raises(UnknownCodemod):
        resolve_selection(None, ["nope"])


def test_list_marks_opt_in_codemods(registry):
    out = CliRunner().invoke(main, ["list"]).output.splitlines()
    rows = {line.split()[0]: line.split()[2] for line in out}
    assert rows == {"always": "default", "legacy": "default", "picky": "opt-in"}

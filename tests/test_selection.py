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
    mods = {"always_mod": ALWAYS, "legacy_mod": LEGACY, "picky_mod": OPT_IN}
    monkeypatch.setattr(codemod, "REGISTRY", tuple((n, m.id, codemod.is_default(m)) for n, m in mods.items()))
    monkeypatch.setattr(codemod, "load_codemods", lambda: list(mods.values()))


def test_the_registry_says_what_each_module_says():
    """The registry repeats each module's id and default (so that a run imports
    none to choose): they must agree."""
    import importlib

    for name, ident, default in codemod.REGISTRY:
        mod = importlib.import_module(f"gofixer.codemods.{name}")
        assert (mod.id, codemod.is_default(mod)) == (ident, default)


def test_no_selection_runs_only_default_codemods(registry):
    assert resolve_selection(None, None) == ["always", "legacy"]
    assert resolve_selection([], ["legacy"]) == ["always"]


def test_selecting_an_opt_in_codemod_runs_it(registry):
    assert resolve_selection(["picky"], None) == ["picky"]
    assert resolve_selection(["picky", "always"], None) == ["always", "picky"]
    assert resolve_selection(["picky", "always"], ["picky"]) == ["always"]


def test_unknown_ids_are_still_refused(registry):
    with pytest.raises(UnknownCodemod):
        resolve_selection(["nope"], None)
    with pytest.raises(UnknownCodemod):
        resolve_selection(None, ["nope"])


def test_list_marks_opt_in_codemods(registry):
    out = CliRunner().invoke(main, ["list"]).output.splitlines()
    rows = {line.split()[0]: line.split()[2] for line in out}
    assert rows == {"always": "default", "legacy": "default", "picky": "opt-in"}


ASSERTION = 'package p\n\nfunc port(cfg map[string]any) (int, error) {\n\treturn cfg["port"].(int), nil\n}\n'


def check(tmp_path, *args: str) -> list[str]:
    import json
    import os

    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        out = CliRunner().invoke(main, ["check", "--no-cache", "--format", "json", *args, "."]).output
    finally:
        os.chdir(old)
    return [f["codemod"] for f in json.loads(out)]


def test_comma_ok_is_opt_in(tmp_path):
    """Under 90% real bugs on the corpus (docs/corpus-runs.md): it runs only when named."""
    (tmp_path / "p.go").write_text(ASSERTION)
    assert check(tmp_path) == []
    assert check(tmp_path, "--select", "comma-ok") == ["comma-ok"]
    assert check(tmp_path, "--select", "comma-ok", "--ignore", "comma-ok") == []
    (tmp_path / "gofixer.toml").write_text('select = ["comma-ok"]\n')
    assert check(tmp_path) == ["comma-ok"]

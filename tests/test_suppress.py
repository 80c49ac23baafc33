"""Suppression comments (gofixer/suppress.py): `//gofixer:ignore` and
golangci-lint's `//nolint`, their scope, and the warning for an unknown id."""

from __future__ import annotations

import subprocess
import sys
from types import SimpleNamespace

import pytest

from gofixer import syntax
from gofixer.codemod import Finding
from gofixer.suppress import directives, unknown_ids, unsuppressed

LOOP = SimpleNamespace(id="loop-defer", nolint=("gocritic", "revive", "staticcheck"))
CANCEL = SimpleNamespace(id="context-cancel", nolint=("govet",))
MODS = [LOOP, CANCEL]

SRC = """package p

func f(xs []int, use func(int)) {
	%s
	for _, x := range xs {
		defer use(x) %s
		use(x)
	}
}
"""


def kept(above: str, trailing: str = "", mod=LOOP) -> bool:
    """True when a finding of `mod` on the defer's line survives the comments."""
    text = (SRC % (above, trailing)).encode()
    at = text.index(b"defer")
    finding = Finding(mod.id, at, at + 5, "m")
    return bool(unsuppressed([finding], text, syntax.parse(text).root_node, MODS))


@pytest.mark.parametrize("above,trailing", [
    ("//nolint:gocritic // files stay open on purpose", ""),
    ("//nolint", ""),
    ("//nolint:all", ""),
    ("", "//nolint:revive,staticcheck"),
    ("", "//nolint"),
    ("//gofixer:ignore loop-defer", ""),
    ("", "//gofixer:ignore loop-defer held on purpose"),
    ("//gofixer:ignore all", ""),
])
def test_comments_that_silence_the_finding(above, trailing):
    assert not kept(above, trailing)


@pytest.mark.parametrize("above,trailing", [
    ("//nolint:errcheck", ""),
    ("", "//nolint:govet"),
    ("//gofixer:ignore context-cancel", ""),
    ("// nolint is discussed in the docs", ""),
    ("//nolintlint", ""),
])
def test_comments_that_do_not(above, trailing):
    assert kept(above, trailing)


def test_a_linter_of_another_codemod_silences_that_one_only():
    assert not kept("//nolint:govet", mod=CANCEL)
    assert kept("//nolint:govet", mod=LOOP)


def test_nolint_above_a_func_covers_the_whole_func_and_at_a_line_end_only_that_line():
    text = b"""package p

//nolint:gocritic
func f() {
	a()
	b()
}

func g() {
	a() //nolint:gocritic
	b()
}
"""
    root = syntax.parse(text).root_node
    spans = [(d.first, d.last) for d in directives(text, root)]
    assert spans == [(3, 7), (10, 10)]


def test_unknown_ids_in_gofixer_ignore_are_named_with_their_line():
    text = b"package p\n\n//gofixer:ignore contxt-cancel,loop-defer\nvar x = 1\n"
    root = syntax.parse(text).root_node
    warnings = unknown_ids("a.go", text, root, ["context-cancel", "loop-defer"])
    assert warnings == ["a.go:3: //gofixer:ignore names an unknown codemod 'contxt-cancel'; it silences nothing"]


def test_the_cli_warns_about_an_unknown_id_and_still_runs(tmp_path):
    (tmp_path / "a.go").write_text(
        "package svc\n\nimport (\n\t\"context\"\n\t\"time\"\n)\n\n"
        "func Fetch(parent context.Context) error {\n"
        "\t//gofixer:ignore contxt-cancel\n"
        "\tctx, _ := context.WithTimeout(parent, time.Second)\n"
        "\treturn ctx.Err()\n}\n"
    )
    r = subprocess.run([sys.executable, "-m", "gofixer", "check", "--no-cache", "."],
                       cwd=tmp_path, capture_output=True, text=True)
    assert "a.go:9:" in r.stderr and "contxt-cancel" in r.stderr
    assert r.returncode == 1  # the typo silenced nothing: the finding is reported


def test_every_codemod_names_its_golangci_lint_linters():
    from gofixer.codemod import load_codemods

    for mod in load_codemods():
        assert isinstance(mod.nolint, tuple) and all(n == n.lower() for n in mod.nolint), mod.id

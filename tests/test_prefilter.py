"""Prefilters and body blanking are only for speed: on real code they must never
hide a finding. Run every codemod over part of the Go standard library twice,
once as shipped and once with every file and function parsed, and compare."""

import os
import random

import pytest

import gofixer.pipeline as pipeline
from gofixer.codemod import load_codemods
from gofixer.discover import discover
from gofixer.pipeline import Options, run
from gotool import require_go


def _reports(targets, options):
    return sorted(
        (r.path, r.line, r.column, r.codemod, r.message, r.fixable)
        for res in run(targets, options, jobs=1)
        for r in res.reports
    )


def test_prefilters_hide_nothing_on_the_stdlib(monkeypatch):
    src = os.path.join(require_go(), "src")
    dirs = sorted({os.path.dirname(t.abspath) for t in discover([src]).targets})
    random.Random(11).shuffle(dirs)
    # Directories where the codemods have something to say, plus a random sample.
    chosen = dirs[:25] + [os.path.join(src, d) for d in ("net/http", "encoding/json", "sync", "context", "os/exec")]
    targets = [t for d in chosen if os.path.isdir(d) for t in discover([d]).targets]
    options = Options(tuple(m.id for m in load_codemods()), unsafe_fixes=True, fix=False)
    shipped = _reports(targets, options)
    monkeypatch.setattr(pipeline, "may_match", lambda mod, text: True)
    everything = _reports(targets, options)
    assert shipped == everything
    assert len(shipped) > 50  # the sample is not trivially empty


LOOP_DEFER_CASES = [
    ("func f() {\n\tdefer g()\n}\n", False),  # a function's own defer
    ("func f() {\n\tfor {\n\t\tdefer g()\n\t}\n}\n", True),
    ("func f() {\n\tfor {\n\t\tif x {\n\t\t\tdefer g()\n\t\t}\n\t}\n}\n", True),  # nested in an if
    ("func f() {\n\tfor {\n\t\tselect {\n\t\tcase <-c:\n\t\t\tdefer g()\n\t\t}\n\t}\n}\n", True),
    ("func f() {\n\tfor {\n\t\tgo func() {\n\t\t\tdefer g()\n\t\t}()\n\t}\n}\n", False),  # the literal's own
    ("func f() {\n\tif x {\n\t\tdefer g()\n\t}\n}\n", False),
    ("func f() {\n    for {\n        defer g()\n    }\n}\n", True),  # spaces: not judged
    ("func f() {\nfor {\ndefer g()\n}\n}\n", True),  # no indentation at all
    ("func f() { for { defer g() } }\n", True),  # text before the defer
    ("func f() {\n\tfor {\n\t\tx := y(a,\n\t\t\tb)\n\t\tdefer g()\n\t}\n}\n", True),
]


@pytest.mark.parametrize("src,maybe", LOOP_DEFER_CASES)
def test_loop_defer_prefilter_shapes(src, maybe):
    from gofixer.codemods import loop_defer

    assert loop_defer.prefilter(("package p\n\n" + src).encode()) is maybe


# A header line ending in `{` that opens a parameter's struct type, not the body;
# the generic method (Go syntax newer than the grammar) is a real error.
STRUCT_PARAM = b"""package x

func two(a bool, b struct {
	a, b, c int
}, d int) int {
	return b.a + d
}

//go:noinline
func three(x int) int {
	return x
}

func (t T[P]) G[R any](b []byte) R {
	var r R
	return r
}
"""


def test_a_brace_opening_a_parameter_type_is_not_taken_for_the_body():
    from gofixer import syntax

    skipped = syntax.skipped_bodies(STRUCT_PARAM, lambda body: False)
    assert [STRUCT_PARAM[a:b] for a, b in skipped] == [b"\treturn x\n", b"\tvar r R\n\treturn r\n"]
    # Skipping adds no error of its own: the only one is the generic method's (line 14).
    tree = syntax.parse_skipping(STRUCT_PARAM, skipped)
    assert syntax.first_error_line(tree.root_node) == 14
    assert [STRUCT_PARAM[a:b].split(b"\n")[0] for a, b in syntax.error_spans(tree.root_node)] == [
        b"func (t T[P]) G[R any](b []byte) R {"]


def test_bodies_are_closed_by_a_brace_alone_on_its_line():
    from gofixer import syntax

    # CRLF lines, a `}` indented or followed by more text inside the body, a
    # function that starts the file and one closed at the very end without a newline.
    src = b"func a() {\r\n\tif x {\r\n\t}\r\n}x\r\n}\r\nvar v = 1\nfunc b() {\n\treturn\n}"
    assert [src[a:b] for a, b in syntax._bodies(src)] == [b"\tif x {\r\n\t}\r\n}x\r\n", b"\treturn\n"]
    # No closing line: nothing from there on is left out.
    assert list(syntax._bodies(b"package p\nfunc a() {\n\treturn }\n")) == []


@pytest.mark.parametrize("line, maybe", [
    (b"\tv, ok := x.(T)\n", False),
    (b"\tif v, ok := x.(T); ok {\n", False),
    (b"\t} else if v, ok := m[k].(*T); !ok || v == nil {\n", False),
    (b"\tif v := x.(T); v != nil {\n", True),  # one name: panics on a wrong type
    (b"\tif a, b := f(x.(T)); a {\n", True),  # the assertion is an argument
    (b"\tif a, b := x.(T), 1; a {\n", True),  # a multiple assignment
    (b"\tif v, ok := x.(T); ok && y.(U) {\n", True),  # the second assertion
])
def test_comma_ok_prefilter_passes_over_comma_ok_forms_only(line, maybe):
    from gofixer.codemods import comma_ok

    assert comma_ok.prefilter(line) is maybe

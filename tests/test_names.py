"""The cheap scan for package-level names must never miss a declared name (it
may name more): checked against the parsed index on tricky text and on real
packages of the Go standard library."""

import os
import random

from gofixer import syntax
from gofixer.analysis import FileContext
from gofixer.package import PackageIndex, _top_level_words, load_package
from gofixer.source import read_source
from gotool import require_go

TRICKY = '''package p

import "unsafe"
type Ticker struct{ C chan int }

import (
	"fmt"
)

var q = '"' // a quote in a rune
var (
	url = "http://x/*" // not a comment opener
	raw = `
}
func notReal() {
`
	after int
)

const a, b = 1, 2

func F() {
	local := 1
	_ = local
}

func (T) Method() {}

var γ1 = 3
'''


def test_tricky_text_keeps_every_declared_name():
    words = _top_level_words(TRICKY.encode())
    for name in ("Ticker", "q", "url", "raw", "after", "a", "b", "F", "γ1"):
        assert name in words, name
    assert "unsafe" not in words and "fmt" not in words  # imports are not declarations


def test_function_bodies_are_not_package_level():
    words = _top_level_words(b"package p\n\nfunc F() {\n\tlocal := 1\n\t_ = local\n}\n")
    assert words == {"F"}


def test_scan_is_a_superset_of_the_parsed_names_on_the_stdlib():
    root = os.path.join(require_go(), "src")
    dirs = sorted(dp for dp, _, fn in os.walk(root) if "testdata" not in dp and any(f.endswith(".go") for f in fn))
    random.Random(7).shuffle(dirs)
    for d in dirs[:60]:
        exact = PackageIndex(d)
        exact._load()
        for name in exact._groups:
            scanned = PackageIndex(d).top_level_names(name)
            missing = exact.top_level_names(name) - scanned
            assert not missing, (d, name, sorted(missing)[:5])


def test_declares_agrees_with_the_scan(tmp_path):
    (tmp_path / "a.go").write_text("package p\n\nvar cancel = 1\n\nfunc F() {\n\tok := 1\n\t_ = ok\n}\n")
    (tmp_path / "b_test.go").write_text("package p_test\n\nvar val = 2\n")
    idx = PackageIndex(str(tmp_path))
    assert idx.declares("cancel", "p") and idx.declares("F", "p")
    assert not idx.declares("ok", "p")  # only a local
    assert not idx.declares("val", "p") and idx.declares("val", "p_test")
    assert not idx.declares("missing")


def test_a_field_or_method_is_not_a_package_level_name(tmp_path):
    (tmp_path / "a.go").write_text(
        "package p\n\ntype job struct {\n\tcancel func()\n\tok     bool\n}\n\n"
        "type I interface{ stop() }\n\nfunc (job) err() {}\n\nvar done = 1\n"
    )
    idx = PackageIndex(str(tmp_path))
    assert not idx.declares("cancel", "p") and not idx.declares("ok")
    assert not idx.declares("stop") and not idx.declares("err")
    assert idx.declares("done", "p") and idx.declares("job")


FRESH = """package p

type job struct{ cancel func() }

func F(j job, err error, s any) (n int) {
	j.cancel()
	_ = job{cancel: nil}
	if err != nil {
		ok := true
		_ = ok
	}
	x := 1
	_ = s
	return x
}
"""


def _fresh_context(tmp_path):
    path = tmp_path / "a.go"
    path.write_text(FRESH)
    src = read_source(str(path))
    ctx = FileContext(src, syntax.parse(src.text), package_loader=load_package)
    stmt = next(n for n in syntax.of_type(ctx.root, "short_var_declaration") if syntax.text(n).startswith("x :="))
    return ctx, stmt


def test_fresh_names_skip_fields_sibling_blocks_and_take_parameters(tmp_path):
    ctx, stmt = _fresh_context(tmp_path)
    assert ctx.free_local_name(stmt, "cancel") == "cancel"  # a field and a struct literal key
    assert ctx.free_local_name(stmt, "ok") == "ok"  # declared in a sibling block before
    assert ctx.free_local_name(stmt, "err") == "err2"  # a parameter shares the body's block
    assert ctx.free_local_name(stmt, "n") == "n2"  # a named result
    assert ctx.free_local_name(stmt, "x") == "x2"  # declared by the statement itself
    assert ctx.free_name(stmt, "ok") == "ok2"  # the whole declaration is taken


def test_fresh_names_try_the_callers_candidates_first(tmp_path):
    ctx, stmt = _fresh_context(tmp_path)
    assert ctx.free_local_name(stmt, "v", candidates=["s", "n", "j2"]) == "j2"
    assert ctx.free_local_name(stmt, "v", candidates=["s", "n"]) == "v"
    assert ctx.free_local_name(stmt, "v", {"v"}, candidates=["s"]) == "v2"
    assert ctx.free_name(stmt, "v", candidates=["t"]) == "t"

"""The package index: package-level types, methods, variables and fields read
from a directory, and the types of locals read from the tree being fixed."""

from __future__ import annotations

import pytest

from gofixer import package, syntax
from gofixer.analysis import FileContext
from gofixer.package import TypeDecl, Underlying, load_package, local_type
from gofixer.source import read_source

TYPES = """package shop

import (
	"bytes"
	gosync "sync"
)

type Celsius float64
type Temp Celsius
type Order struct {
	ID    int
	Items []string
	mu    gosync.Mutex
	*bytes.Buffer
}
type Store interface {
	Get(id int) (Order, error)
	Reset()
}
type Handler func(int) error
type Names []string
type Index map[string]int
type Queue chan Order
type Grid [4]int
type Ptr *Order
type Remote bytes.Buffer
type Alias = Order

func (o *Order) Total() int           { return 0 }
func (o Order) Add(n, m int, s ...int) {}
func (o *Order) Reset() error         { return nil }
"""

VARS = """package shop

import (
	"bytes"
	"sync"
)

var (
	pool    = sync.Pool{New: func() any { return new(bytes.Buffer) }}
	wg      sync.WaitGroup
	current = &Order{}
	fresh   = new(Order)
	temp    = Celsius(3)
	made    = newOrder()
	a, b    = Order{}, 2
	unknown = compute()
)

func newOrder() *Order { return nil }
func compute() (int, error) { return 0, nil }
"""


@pytest.fixture
def pkgdir(tmp_path):
    (tmp_path / "types.go").write_text(TYPES)
    (tmp_path / "vars.go").write_text(VARS)
    (tmp_path / "ext_test.go").write_text(
        "package shop_test\n\ntype Helper struct{ X int }\n\ntype Celsius float64\n\ntype Names map[int]bool\n"
    )
    (tmp_path / "latin1.go").write_bytes(b"package shop\n\n// caf\xe9\ntype Broken int\n")
    return tmp_path


def test_types_and_their_kinds(pkgdir):
    idx = load_package(str(pkgdir))
    assert idx.type_decl("Celsius") == TypeDecl("Celsius", "basic", "float64")
    kinds = {n: idx.main.type_decl(n).kind for n in
             ["Order", "Store", "Handler", "Names", "Index", "Queue", "Grid", "Ptr", "Temp", "Remote", "Alias"]}
    assert kinds == {
        "Order": "struct", "Store": "interface", "Handler": "func", "Names": "slice", "Index": "map",
        "Queue": "chan", "Grid": "array", "Ptr": "pointer", "Temp": "named", "Remote": "named", "Alias": "named",
    }
    assert idx.type_decl("Missing") is None
    assert idx.type_decl("Broken") is None  # the non-UTF-8 file is skipped


def test_underlying_kind_follows_named_chains(pkgdir):
    idx = load_package(str(pkgdir))
    assert idx.underlying_kind("Temp") == Underlying("basic", "float64")
    kind, basic = idx.underlying_kind("Temp")
    assert (kind, basic) == ("basic", "float64")
    assert idx.underlying_kind("Alias").kind == "struct"
    assert idx.underlying_kind("Remote") == Underlying("named", "bytes.Buffer")
    assert idx.underlying_kind("Nope") is None


def test_methods_count_parameters(pkgdir):
    idx = load_package(str(pkgdir))
    assert idx.methods("Order") == {"Total": 0, "Add": 3, "Reset": 0}
    assert idx.methods("Store") == {"Get": 1, "Reset": 0}
    assert idx.main.method_signature("Order", "Reset") == (0, 1)


def test_package_vars_declared_or_inferred(pkgdir):
    idx = load_package(str(pkgdir))
    assert idx.var_type("pool") == "sync.Pool"
    assert idx.var_type("wg") == "sync.WaitGroup"
    assert idx.var_type("current") == "*Order"
    assert idx.var_type("fresh") == "*Order"
    assert idx.var_type("temp") == "Celsius"
    assert idx.var_type("made") == "*Order"
    assert idx.var_type("a") == "Order"
    assert idx.var_type("unknown") is None
    assert idx.main.var_ref("wg").is_type("sync", "WaitGroup")


def test_fields_including_embedded(pkgdir):
    idx = load_package(str(pkgdir))
    assert idx.field_type("Order", "Items") == "[]string"
    assert idx.field_type("Order", "Buffer") == "*bytes.Buffer"
    assert idx.field_type("Alias", "ID") == "int"
    assert idx.main.field_ref("Order", "mu").is_type("sync", "Mutex")
    assert idx.field_type("Order", "nope") is None


def test_external_test_package_kept_apart(pkgdir):
    idx = load_package(str(pkgdir))
    assert idx.main.name == "shop"
    assert idx.main.field_type("Helper", "X") is None
    assert idx.for_package("shop_test").field_type("Helper", "X") == "int"
    assert idx.field_type("Helper", "X") == "int"  # declared in one group only
    assert idx.type_decl("Celsius").kind == "basic"  # both groups agree
    # Declared differently in both: the directory-wide answer is unknown.
    assert idx.type_decl("Names") is None and idx.underlying_kind("Names") is None
    assert idx.main.type_decl("Names").kind == "slice"
    assert "Order" in idx.top_level_names() and "newOrder" in idx.top_level_names()


def test_conflicting_declarations_are_unknown(tmp_path):
    (tmp_path / "a_linux.go").write_text("package p\n\ntype fd int32\n")
    (tmp_path / "a_windows.go").write_text("package p\n\ntype fd uintptr\n")
    assert load_package(str(tmp_path)).type_decl("fd") is None


def test_nothing_parsed_until_asked(tmp_path, monkeypatch):
    (tmp_path / "a.go").write_text("package p\n")
    calls = []
    monkeypatch.setattr(syntax, "parse", lambda text: calls.append(text))
    load_package(str(tmp_path))
    assert calls == []


def _answers(directory: str) -> list:
    """Questions in an order where files are first reached out of their order,
    so that declarations given out late must be put in place."""
    idx = load_package(directory)
    return [idx.main.declares("dialB"), idx.main.methods("Conn"), idx.main.field_ref("Conn", "dial").imports,
            idx.type_decl("Order"), idx.methods("Order"), idx.methods("Store"),
            idx.main.method_signature("Order", "Reset"),
            idx.main.field_ref("Order", "mu"), idx.var_type("made"), idx.var_type("current"),
            idx.underlying_kind("Temp"), idx.field_type("Alias", "ID"), idx.main.declares("newOrder"),
            idx.main.methods("Conn"), sorted(idx.top_level_names())]


def test_big_files_give_out_declarations_as_asked_with_the_same_answers(pkgdir, monkeypatch):
    """A file whose declarations are big gives the index only those a question
    needs, each batch from a tree of just them; the answers, and which of
    several declarations wins, are those of the whole files."""
    # Conn is declared for two build targets. conn_b.go is reached first (by
    # dialB), so its declarations come first: conn_a.go's methods win, and
    # conn_b.go's struct (a field's type and the imports it was written with).
    (pkgdir / "conn_a.go").write_text('package shop\n\nimport net "example.com/net"\n\n'
                                      "type Conn struct{ dial net.Dialer }\n\n"
                                      "func (c *Conn) Close(force bool) {}\n\nfunc (c *Conn) Open() {}\n")
    (pkgdir / "conn_b.go").write_text('package shop\n\nimport "net"\n\ntype Conn struct{ dial net.Dialer }\n\n'
                                      "func (c *Conn) Close() {}\n\nvar dialB net.Dialer\n")
    whole = _answers(str(pkgdir))
    monkeypatch.setattr(package, "_BIG_DECLARATIONS", 0)
    assert _answers(str(pkgdir)) == whole
    assert whole[1] == {"Close": 1, "Open": 0} and whole[2] == {"net": "net"}


def test_a_big_file_parses_only_the_declarations_asked_about(tmp_path, monkeypatch):
    funcs = "".join(f"\nfunc f{i}(x any) (int, error) {{\n\treturn x.(int), nil\n}}\n" for i in range(50))
    (tmp_path / "big.go").write_text("package p\n\nimport \"sync\"\n\nvar pool sync.Pool\n" + funcs)
    monkeypatch.setattr(package, "_BIG_DECLARATIONS", 0)
    idx = load_package(str(tmp_path))
    assert idx.type_decl("int") is None and idx.var_type("pool") == "sync.Pool"
    (f,) = idx.main.files
    given = [c.type for tree in f._trees for c in tree.root_node.named_children]
    assert sorted(given) == ["import_declaration", "package_clause", "var_declaration"]
    assert idx.main.declares("f7") and not idx.main.declares("f77")
    assert [syntax.text(c.child_by_field_name("name")) for c in f._trees[-1].root_node.named_children
            if c.type == "function_declaration"] == ["f7"]


LOCALS = """package shop

import (
	"bytes"
	"sync"
)

func f(p *Order, names ...string) (out *bytes.Buffer) {
	var w sync.WaitGroup
	x := Order{}
	y := &Order{}
	z := new(sync.WaitGroup)
	b := pool.Get().(*bytes.Buffer)
	items := p.Items
	n, err := compute()
	for i, v := range names {
		use(i, v, w, x, y, z, b, items, n, err, out, names, p)
	}
	if w := 3; w > 0 {
		use(w)
	}
	use(w)
	return nil
}
"""


def _ctx(pkgdir, text):
    path = pkgdir / "locals.go"
    path.write_text(text)
    src = read_source(str(path), str(path))
    return FileContext(src, syntax.parse(src.text), package_loader=load_package)


def _ident(ctx, name, nth=0):
    hits = [n for n in syntax.walk(ctx.root) if n.type == "identifier" and syntax.text(n) == name]
    return hits[nth]


@pytest.mark.parametrize("name,want", [
    ("w", "sync.WaitGroup"), ("x", "Order"), ("y", "*Order"), ("z", "*sync.WaitGroup"),
    ("b", "*bytes.Buffer"), ("items", "[]string"), ("n", None), ("err", None),
    ("i", None), ("v", None), ("out", "*bytes.Buffer"), ("names", "[]string"), ("p", "*Order"),
])
def test_local_types_at_a_use(pkgdir, name, want):
    ctx = _ctx(pkgdir, LOCALS)
    use = next(c for c in syntax.walk(ctx.root) if c.type == "call_expression" and syntax.text(c).startswith("use(i"))
    ident = next(a for a in use.child_by_field_name("arguments").named_children if syntax.text(a) == name)
    assert local_type(ctx, ident) == want


def test_shadowing_in_statement_headers(pkgdir):
    ctx = _ctx(pkgdir, LOCALS)
    uses = [c for c in syntax.walk(ctx.root) if c.type == "call_expression" and syntax.text(c) == "use(w)"]
    inner, outer = (u.child_by_field_name("arguments").named_children[0] for u in uses)
    assert local_type(ctx, inner) is None  # the if's own w, type not written
    assert local_type(ctx, outer) == "sync.WaitGroup"


def test_odd_entries_are_skipped(tmp_path):
    import os

    (tmp_path / "a.go").write_text("package p\n\ntype T int\n")
    (tmp_path / "dir.go").mkdir()
    os.mkfifo(tmp_path / "fifo.go")
    assert load_package(str(tmp_path)).type_decl("T") == TypeDecl("T", "basic", "int")


def test_long_copy_chains_give_up_instead_of_recursing(pkgdir):
    body = "\tv0 := Order{}\n" + "".join(f"\tv{i} := v{i - 1}\n" for i in range(1, 3000)) + "\tuse(v2999)\n"
    ctx = _ctx(pkgdir, "package shop\n\nfunc f() {\n" + body + "}\n")
    use = next(c for c in syntax.walk(ctx.root) if c.type == "call_expression")
    assert local_type(ctx, use.child_by_field_name("arguments").named_children[0]) is None
    short = _ctx(pkgdir, "package shop\n\nfunc f() {\n\tv0 := Order{}\n\tv1 := v0\n\tuse(v1)\n}\n")
    use = next(c for c in syntax.walk(short.root) if c.type == "call_expression")
    assert local_type(short, use.child_by_field_name("arguments").named_children[0]) == "Order"

"""Unit tests for gofixer.zero (zero values a fix can write) and for the
comma-ok codemod's choices that fixtures show less directly."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from gofixer import syntax
from gofixer.imports import local_names
from gofixer.zero import zero_value

SOURCE = b"""package p

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"syscall"
	stdtime "time"
)

type Celsius float64
type Kelvin Celsius
type Point struct{ X, Y int }
type Alias = Point
type Names []string
type Grid [3][3]int
type Handler func()
type Box[T any] struct{ v T }
type Mode string

func generic[T any](x any) (T, *T, Box[int], Kelvin) {
	type local struct{ n int }
	var l local
	_ = l
	panic(x)
}
"""


@pytest.fixture(scope="module")
def file():
    tree = syntax.parse(SOURCE)
    return SimpleNamespace(root=tree.root_node, package=None, imports=local_names(tree.root_node))


@pytest.mark.parametrize(
    "typ,zero",
    [
        ("int", "0"), ("uint8", "0"), ("rune", "0"), ("float64", "0"), ("complex128", "0"),
        ("string", '""'), ("bool", "false"), ("error", "nil"), ("any", "nil"),
        ("*int", "nil"), ("[]byte", "nil"), ("map[string]int", "nil"), ("chan int", "nil"),
        ("func() error", "nil"), ("interface{ M() }", "nil"),
        ("struct{ a int }", "struct{ a int }{}"), ("[4]byte", "[4]byte{}"),
        ("Celsius", "0"), ("Kelvin", "0"), ("Mode", '""'), ("Point", "Point{}"), ("Alias", "Alias{}"),
        ("Names", "nil"), ("Grid", "Grid{}"), ("Handler", "nil"), ("Box[int]", "Box[int]{}"),
        ("io.Reader", "nil"), ("stdtime.Duration", "0"), ("stdtime.Time", "stdtime.Time{}"),
        ("other.Thing", "*new(other.Thing)"), ("Unknown", "*new(Unknown)"),
        ("net.IP", "nil"), ("net.HardwareAddr", "nil"), ("http.Header", "nil"), ("url.Values", "nil"),
        ("json.RawMessage", "nil"), ("http.HandlerFunc", "nil"), ("context.CancelFunc", "nil"),
        ("syscall.Signal", "0"), ("os.Signal", "nil"), ("url.URL", "url.URL{}"), ("netip.Addr", "netip.Addr{}"),
        ("(int)", "0"),
    ],
)
def test_zero_value_of_type_text(file, typ, zero):
    assert zero_value(typ, file) == zero


def test_unparsable_type_has_no_zero_value(file):
    assert zero_value("map[", file) is None
    assert zero_value("", file) is None


def test_type_nodes_resolve_type_parameters_and_local_types(file):
    func = next(n for n in file.root.children if n.type == "function_declaration")
    got = [zero_value(t, file) for _, t in syntax.results(func)]
    assert got == ["*new(T)", "nil", "Box[int]{}", "0"]
    local_use = next(n for n in syntax.walk(func) if n.type == "var_spec").child_by_field_name("type")
    assert zero_value(local_use, file) == "local{}"


def test_package_index_answers_for_types_of_other_files(file):
    decls = {
        "Remote": SimpleNamespace(name="Remote", kind="struct", underlying_text="struct{}"),
        "Level": SimpleNamespace(name="Level", kind="basic", underlying_text="int8"),
        "Level2": SimpleNamespace(name="Level2", kind="named", underlying_text="Level"),
        "Conn": SimpleNamespace(name="Conn", kind="interface", underlying_text="interface{}"),
    }
    pkg = SimpleNamespace(type_decl=decls.get)
    other = SimpleNamespace(root=file.root, package=pkg, imports=file.imports)
    assert zero_value("Remote", other) == "Remote{}"
    assert zero_value("Level", other) == "0"
    assert zero_value("Level2", other) == "0"
    assert zero_value("Conn", other) == "nil"


def test_broken_package_index_falls_back(file):
    def broken(name):
        raise RuntimeError("index not ready")

    other = SimpleNamespace(root=file.root, package=SimpleNamespace(type_decl=broken), imports={})
    assert zero_value("Elsewhere", other) == "*new(Elsewhere)"


def test_types_of_a_package_in_the_same_module_come_from_its_index(tmp_path):
    from gofixer.package import load_package

    (tmp_path / "go.mod").write_text("module example.com/shop\n\ngo 1.22\n")
    (tmp_path / "money").mkdir()
    (tmp_path / "money" / "money.go").write_text(
        "package money\n\ntype Cents int64\ntype Prices map[string]Cents\ntype Quote struct{ C Cents }\n"
        "type Pricer interface{ Price() Cents }\n"
    )
    main = tmp_path / "main.go"
    main.write_text('package main\n\nimport "example.com/shop/money"\n\nvar _ money.Cents\n')
    tree = syntax.parse(main.read_bytes())
    ctx = SimpleNamespace(root=tree.root_node, package=None, imports=local_names(tree.root_node),
                          source=SimpleNamespace(abspath=str(main)), package_loader=load_package)
    assert [zero_value(f"money.{t}", ctx) for t in ("Cents", "Prices", "Quote", "Pricer", "Missing")] == [
        "0", "nil", "money.Quote{}", "nil", "*new(money.Missing)"]


# The fix the error_operand behaviour case had before errors.As: a comma-ok that
# replaces the caller's error with a new one.
OLD_ERROR_FIX = """	se, ok := err.(*StatusError)
	if !ok {
		return 0, fmt.Errorf("Code: unexpected type %T, want *StatusError", err)
	}
"""


def test_the_old_fix_of_an_error_assertion_loses_the_error(tmp_path):
    """The behaviour case passes with errors.As (test_behaviour) and fails with
    the comma-ok shape the fix had before, which broke errors.Is."""
    import os
    import shutil

    from fixtures import TESTDATA
    from gotool import go

    work = tmp_path / "mod"
    shutil.copytree(os.path.join(TESTDATA, "comma-ok", "behaviour", "error_operand"), work)
    code = (work / "status.go").read_text()
    assert "\tse := err.(*StatusError)\n" in code
    (work / "status.go").write_text(code.replace("\tse := err.(*StatusError)\n", OLD_ERROR_FIX))
    run = go("test", "-count=1", "./...", cwd=str(work))
    assert run.returncode != 0
    assert "want one wrapping ErrEmpty" in run.stdout + run.stderr


# The fix the lock_released behaviour case had before unlocks were mirrored:
# an early return with the registry's lock held.
OLD_LOCK_FIX = """	p, ok := r.values["port"].(int)
	if !ok {
		return 0, fmt.Errorf("Port: unexpected type %T, want int", r.values["port"])
	}
"""


def test_the_old_fix_under_a_lock_returns_with_it_held(tmp_path):
    """The behaviour case passes with the unlock before the return
    (test_behaviour) and fails with the fix shape before it."""
    import os
    import shutil

    from fixtures import TESTDATA
    from gotool import go

    work = tmp_path / "mod"
    shutil.copytree(os.path.join(TESTDATA, "comma-ok", "behaviour", "lock_released"), work)
    code = (work / "registry.go").read_text()
    old = code.replace('\tp := r.values["port"].(int)\n', OLD_LOCK_FIX).replace('import "sync"', 'import (\n\t"fmt"\n\t"sync"\n)')
    assert old != code
    (work / "registry.go").write_text(old)
    run = go("test", "-count=1", "./...", cwd=str(work))
    assert run.returncode != 0
    assert "returned with the registry's lock held" in run.stdout + run.stderr

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
	"io"
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

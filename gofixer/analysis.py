"""FileContext: what a codemod gets for one file. The parsed tree and text, the
file's imports, the package index (built lazily, once per package per run), the
codemod's options, and the scope services every codemod shares: picking a free
name and asking which package name a file uses."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import tree_sitter

from . import gomod, syntax
from .edits import Import
from .imports import default_name, local_names
from .source import SourceFile
from .syntax import Node

# Go's predeclared identifiers: a fresh name must not shadow these either.
PREDECLARED = frozenset(
    "any append bool byte cap clear close comparable complex complex64 complex128 copy "
    "delete error false float32 float64 imag int int8 int16 int32 int64 iota len make "
    "max min new nil panic print println real recover rune string true uint uint8 "
    "uint16 uint32 uint64 uintptr".split()
)


@dataclass
class FileContext:
    source: SourceFile
    tree: tree_sitter.Tree
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    package_loader: Callable[[str], Any] | None = None
    # True when only reporting (check): fixes are judged, never written, so
    # what only shapes their text (fresh names checked against the package)
    # may be skipped.
    report_only: bool = False
    _imports: dict[str, str] | None = None
    _full_tree: tree_sitter.Tree | None = None
    _package: Any = None
    _own_names: set[str] | None = None
    _decl_names: dict[tuple[int, int], set[str]] = field(default_factory=dict)
    _shared: dict[str, list[Node]] | None = None
    _by_types: dict[tuple[str, ...], list[Node]] = field(default_factory=dict)
    _package_name: tuple[str | None] | None = None
    # Answers about the whole file that helpers and codemods compute once and
    # reuse for every finding (a per-finding scan of the file would make a run
    # quadratic in the file's size). Keys are (owner, what) tuples.
    memo: dict[Any, Any] = field(default_factory=dict)

    # ------------------------------------------------------------ basics

    @property
    def text(self) -> bytes:
        return self.source.text

    @property
    def root(self) -> Node:
        return self.tree.root_node

    @property
    def full_root(self) -> Node:
        """The file parsed whole. `root` may leave out function bodies no
        codemod's prefilter matches; a codemod that must see every function
        (every Get from a pool, say) asks for this instead."""
        if self._full_tree is None:
            self._full_tree = syntax.parse(self.text)
        return self._full_tree.root_node

    @property
    def path(self) -> str:
        return self.source.path

    def options_for(self, codemod_id: str, defaults: dict[str, Any] | None = None) -> dict[str, Any]:
        merged = dict(defaults or {})
        merged.update(self.options.get(codemod_id, {}))
        return merged

    # Node types the codemods start from, found together in one query over the
    # file and shared by every codemod. Call expressions are among them though
    # not every file's codemods ask for them: a query's cost is its walk of the
    # tree, which one more type hardly changes, while a second walk doubles it.
    SHARED_TYPES = ("call_expression", "defer_statement", "go_statement", "type_assertion_expression")

    def of_type(self, types: str | tuple[str, ...]) -> list[Node]:
        """Nodes of the file of these types, in source order."""
        wanted = (types,) if isinstance(types, str) else tuple(types)
        if len(wanted) == 1 and wanted[0] in self.SHARED_TYPES:
            if self._shared is None:
                self._shared = {}
                for n in syntax.of_type(self.root, self.SHARED_TYPES):
                    self._shared.setdefault(n.type, []).append(n)
            return list(self._shared.get(wanted[0], []))
        found = self._by_types.get(wanted)
        if found is None:
            found = self._by_types[wanted] = list(syntax.of_type(self.root, wanted))
        return list(found)

    # ------------------------------------------------------------ imports

    @property
    def imports(self) -> dict[str, str]:
        """Import path -> local name used in this file."""
        if self._imports is None:
            self._imports = local_names(self.root)
        return self._imports

    def import_name(self, path: str) -> str | None:
        """The name this file refers to package `path` by, or None if not imported."""
        return self.imports.get(path)

    def package_ref(self, path: str, at: Node) -> tuple[str, list[Import]]:
        """The name to write for package `path` at node `at`, and the imports a fix
        must add for it: the file's own name for it when imported; else the
        default name, or an alias when that name is taken in scope."""
        have = self.import_name(path)
        if have and not self.shadows(at, have):
            return have, []
        base = default_name(path)
        if have is None and not self.is_taken(base, at):
            return base, [Import(path)]
        alias = self.free_name(at, base + "pkg")
        return alias, [Import(path, alias)]

    # ------------------------------------------------------------ package

    @property
    def package(self) -> Any:
        """The package index for this file's directory (see gofixer.package)."""
        if self._package is None and self.package_loader is not None:
            self._package = self.package_loader(os.path.dirname(self.source.abspath))
        return self._package

    @property
    def go_version(self) -> tuple[int, int] | None:
        """(major, minor) of the `go` directive in the go.mod nearest above this
        file (`go 1.22.3` is (1, 22)); None when there is no go.mod or no `go` line.
        A codemod whose fix needs newer API than that reports without a fix."""
        return gomod.go_version(os.path.dirname(self.source.abspath))

    @property
    def package_name(self) -> str | None:
        """The name in this file's package clause."""
        if self._package_name is None:
            clause = syntax.first_child(self.root, "package_clause")
            name = syntax.text(clause.named_children[0]) if clause is not None and clause.named_children else None
            self._package_name = (name,)
        return self._package_name[0]

    # ------------------------------------------------------------ scope

    def local_names(self, at: Node) -> set[str]:
        """Every name referred to or declared anywhere in the top-level
        declaration around `at` (struct fields, methods, selectors, struct
        literal keys and labels aside: they live in other name spaces). A
        superset of what is in scope there: safe for choosing a name that
        neither collides nor shadows."""
        decl = syntax.top_level_declaration(at)
        key = (decl.start_byte, decl.end_byte)
        names = self._decl_names.get(key)
        if names is None:
            names = self._decl_names[key] = _referenced_names(decl, decl)
        return names

    def shadows(self, at: Node, name: str) -> bool:
        """Whether the declaration around `at` uses `name` other than as the
        package of a qualified reference (`name.X`): a local that may hide an
        import of that name."""
        for n in syntax.of_type(syntax.top_level_declaration(at), "identifier"):
            if syntax.text(n) != name:
                continue
            p = n.parent
            if p is not None and p.type == "selector_expression" and p.child_by_field_name("operand") == n:
                continue
            return True
        return False

    def is_taken(self, name: str, at: Node, local: set[str] | None = None) -> bool:
        """Whether `name` is used around `at` (in `local`, default the names of the
        top-level declaration), predeclared, or declared at package level. Asks
        the package only about this one name, which is much cheaper than listing
        every package-level name."""
        if name in (self.local_names(at) if local is None else local) or name in PREDECLARED:
            return True
        if name in self._file_top_names():
            return True
        if self.report_only or self.package is None:
            return False
        return self.package.declares(name, self.package_name)

    def _file_top_names(self) -> set[str]:
        """Names declared at package level in this file, and its import names."""
        if self._own_names is None:
            names: set[str] = set(self.imports.values())
            for decl in self.root.children:
                if decl.type == "function_declaration":
                    names.add(syntax.text(decl.child_by_field_name("name")))
                elif decl.type in ("var_declaration", "const_declaration", "type_declaration"):
                    for n in syntax.of_type(decl, ("var_spec", "const_spec", "type_spec", "type_alias")):
                        names.update(syntax.text(c) for c in n.children_by_field_name("name") if c.is_named)
            self._own_names = names
        return self._own_names

    def free_local_name(
        self, at: Node, base: str, also_taken: set[str] | None = None, candidates: Iterable[str] = ()
    ) -> str:
        """A name for a variable declared by the statement around `at`, or by a
        statement inserted just before it: free in the block where it is
        declared and wherever it will be visible. Taken are the names declared
        earlier at that block's own level (and its implicit ones: the
        function's parameters, a case clause's variables), every name the rest
        of the block refers to (nested blocks and func literals included: a
        reference to an outer variable must not be captured), the function's
        named results (a bare return must still find them), and package-level,
        imported and predeclared names. Declarations in sibling blocks before
        it, fields, methods and selectors never clash. The first free name of
        `candidates`, then `base`, base2, base3, ... (to prefer `base` to the
        candidates, list it first among them: ["v", "s", "n"] gives v, s, n,
        v2, ...)."""
        stmt = syntax.enclosing_statement(at)
        if stmt is None:
            return self.free_name(at, base, also_taken, candidates)
        local = self._names_seen_from(stmt)
        extra = also_taken or set()
        return _first_free(base, lambda n: n in extra or self.is_taken(n, at, local), candidates)

    def free_name(
        self, at: Node, base: str, also_taken: set[str] | None = None, candidates: Iterable[str] = ()
    ) -> str:
        """The first name of `candidates`, then `base`, base2, base3, ... that no
        one uses in the whole top-level declaration around `at` (nor at package
        level, nor predeclared): free wherever in that declaration it goes."""
        extra = also_taken or set()
        return _first_free(base, lambda n: n in extra or self.is_taken(n, at), candidates)

    def _names_seen_from(self, stmt: Node) -> set[str]:
        """The names a variable declared at statement `stmt` (in its block) could
        collide with or capture: see free_local_name."""
        decl = syntax.top_level_declaration(stmt)
        block = stmt.parent
        stmts = list(block.named_children)
        at = stmts.index(stmt)
        names: set[str] = set()
        for s in stmts[at:]:
            names |= _referenced_names(s, decl)
        for s in stmts[:at]:
            if s.type in _DECLARATION_STATEMENTS:
                names |= syntax.declared_names(s)
        owner = block.parent
        if owner is not None and owner.type == "block" and owner.parent is not None and owner.parent.type in syntax.FUNCTION_TYPES:
            func = owner.parent
            for field_name in ("receiver", "type_parameters", "parameters", "result"):
                part = func.child_by_field_name(field_name)
                if part is not None:
                    names |= syntax.identifiers(part)
        elif owner is not None and owner.type in syntax.CLAUSE_TYPES:
            for c in owner.named_children:
                if c.type != "statement_list":
                    names |= syntax.identifiers(c)
            alias = owner.parent.child_by_field_name("alias") if owner.parent is not None else None
            if alias is not None:
                names |= syntax.identifiers(alias)
        func = syntax.enclosing_function(stmt)
        if func is not None:
            names |= {n for n, _ in syntax.results(func) if n}
        return names


# Statements that declare names in the block that holds them.
_DECLARATION_STATEMENTS = frozenset({"short_var_declaration", "var_declaration", "const_declaration", "type_declaration"})


def _first_free(base: str, taken: Callable[[str], bool], candidates: Iterable[str] = ()) -> str:
    for name in candidates:
        if not taken(name):
            return name
    if not taken(base):
        return base
    n = 2
    while taken(f"{base}{n}"):
        n += 1
    return f"{base}{n}"


def _referenced_names(node: Node, decl: Node) -> set[str]:
    """Names of variables, constants, types, functions and packages that `node`
    refers to or declares. Left out: fields, methods and selectors
    (field_identifier), labels, and a composite literal key that no
    declaration in `decl` (the top-level declaration) names, which is a
    struct field (a map key naming a package-level variable is known to the
    package index instead)."""
    names: set[str] = set()
    keys: set[str] = set()
    for n in syntax.of_type(node, ("identifier", "type_identifier", "package_identifier")):
        p = n.parent
        if p is not None and p.type == "literal_element" and p.parent is not None and p.parent.type == "keyed_element" and p.parent.named_children[0] == p:
            keys.add(syntax.text(n))
        else:
            names.add(syntax.text(n))
    if keys - names:
        names |= keys & syntax.declared_names(decl)
    return names

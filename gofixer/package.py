"""The per-directory package index: what the package's own source says a name is.
tree-sitter gives no types, so this answers the few questions codemods ask (what
kind of type is T, which methods does it have, what type is this variable or
field) from declarations alone. Unknown stays unknown: every lookup may return
None, and a codemod that gets None does not fix.

Package-level declarations are read from disk, once per directory, lazily. The
types of locals and parameters come from the tree the codemod is looking at
(`local_type`, `expr_type`), since the file being fixed may differ from disk."""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from . import syntax
from .imports import local_names
from .syntax import Node

BASIC_TYPES = frozenset(
    "bool string int int8 int16 int32 int64 uint uint8 uint16 uint32 uint64 uintptr "
    "byte rune float32 float64 complex64 complex128".split()
)

_KINDS = {
    "struct_type": "struct",
    "interface_type": "interface",
    "pointer_type": "pointer",
    "slice_type": "slice",
    "map_type": "map",
    "channel_type": "chan",
    "function_type": "func",
    "array_type": "array",
    "implicit_length_array_type": "array",
}


@dataclass(frozen=True)
class TypeDecl:
    """A package-level type declaration. `kind` is one of struct, interface,
    pointer, slice, map, chan, func, array, basic (a predeclared type such as
    float64) or named (refers to another named type); `underlying_text` is the
    source text of the type after the name."""

    name: str
    kind: str
    underlying_text: str


class Underlying(NamedTuple):
    """What a chain of named types ends in: `kind` as in TypeDecl and `text`, the
    basic type's name for kind "basic" (e.g. "float64"), else the final type's
    source text. kind "named" with a qualified text means it ends in another
    package's type, which this index cannot see."""

    kind: str
    text: str


@dataclass(frozen=True)
class TypeRef:
    """A type's source text and the imports (path -> local name) of the file it
    was written in, so that `sync.WaitGroup` can be told from a look-alike."""

    text: str
    imports: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def qualified(self) -> tuple[bool, str, str] | None:
        """(is pointer, import path, type name) for `T`/`*T` where T is `pkg.Name`
        of an imported package; None for anything else."""
        t = "".join(self.text.split())
        pointer = t.startswith("*")
        t = t.lstrip("*") if pointer and t.count("*") == 1 else t
        if t.startswith("*") or t.count(".") != 1:
            return None
        pkg, name = t.split(".")
        paths = [p for p, n in self.imports.items() if n == pkg]
        if len(paths) != 1 or not name.isidentifier():
            return None
        return pointer, paths[0], name

    def is_type(self, path: str, name: str, pointer: bool | None = None) -> bool:
        """True when this is `path.name` (or `*path.name`; `pointer` picks one)."""
        q = self.qualified()
        return q is not None and q[1:] == (path, name) and (pointer is None or q[0] == pointer)

    def local_name(self) -> str | None:
        """`T` for a type of this package written `T` or `*T`, else None."""
        t = "".join(self.text.split()).removeprefix("*")
        return t if t.isidentifier() else None

    @property
    def pointer(self) -> bool:
        return self.text.lstrip().startswith("*")


@dataclass
class _Var:
    name: str
    type_node: Node | None
    value: Node | None
    imports: dict[str, str]


class _File:
    """One Go file of the package, parsed on first use: most questions are about
    one name, and only the files that mention it need a tree. Its top-level
    declarations go to the package's tables once each: all at once, from one
    tree of the file's declarations; in a big file, only those a question
    needs, each batch from a tree of just them (the rest blanked). The tables
    keep what they are given for the whole run, and the declarations of a
    file of thousands of functions make a tree of tens of MiB."""

    def __init__(self, path: str, raw: bytes):
        self.path = path
        self.raw = raw
        self._text: bytes | None = None  # the declarations: function bodies cut out (offsets are not the file's)
        self._pending: list[tuple[int, str, int, int]] | None = None  # (position, type, start, end) not given yet
        self._kept: list[tuple[int, int]] = []  # package clause and imports: in every batch's tree
        self._whole = None  # the tree of all the declarations, unless given out in batches
        self._trees: list = []  # the batches' trees
        self._asked: set[tuple[bytes | None, frozenset[str] | None]] = set()
        self._full_tree = None
        self._imports: dict[str, str] | None = None

    def declarations(self, key: bytes | None = None, types: frozenset[str] | None = None) -> list[tuple[int, Node]]:
        """(position in the file, node) of top-level declarations not given out
        before: every one; in a big file, those of the node `types` (any when
        None) whose text holds `key` (any when None)."""
        if self._pending is None:
            self._split()
        if not self._pending:
            return []
        if self._whole is None:  # a big file: a batch
            if (key, types) in self._asked:
                return []
            self._asked.add((key, types))
            return self._batch(self._holding(key, types))
        out = self._nodes(self._whole, self._pending)
        self._pending = []
        return out

    @property
    def done(self) -> bool:
        """Every declaration was given out."""
        return self._pending == []

    def _split(self) -> None:
        """The declarations parsed; a big file's tree is kept only as their
        spans (and its imports)."""
        text = self._text = syntax.without_bodies(self.raw)
        tree = syntax.parse(text)
        root = tree.root_node
        self._imports = local_names(root)
        children = [(i, c.type, c.start_byte, c.end_byte) for i, c in enumerate(root.children)]
        self._pending = [c for c in children if c[1] in _DECLARATIONS]
        if len(text) <= _BIG_DECLARATIONS or root.has_error:
            self._whole = tree  # all given out from this tree, at the first question
            return
        self._kept = [(a, b) for _, t, a, b in children if t in ("package_clause", "import_declaration")]
        syntax.forget(tree)

    def _holding(self, key: bytes | None, types: frozenset[str] | None) -> list[tuple[int, str, int, int]]:
        pending = [d for d in self._pending if types is None or d[1] in types]
        if key is None:
            return pending
        text, starts = self._text, [d[2] for d in pending]
        hit: set[int] = set()
        at = text.find(key)
        while at >= 0:
            i = bisect.bisect_right(starts, at) - 1
            if i >= 0 and at + len(key) <= pending[i][3]:
                hit.add(i)
            at = text.find(key, at + 1)
        return [d for i, d in enumerate(pending) if i in hit]

    def _batch(self, wanted: list[tuple[int, str, int, int]]) -> list[tuple[int, Node]]:
        if not wanted:
            return []
        text = self._text
        shown = sorted(self._kept + [(a, b) for _, _, a, b in wanted])
        hidden = [(a, b) for a, b in zip([0] + [b for _, b in shown], [a for a, _ in shown] + [len(text)]) if a < b]
        tree = syntax.parse(syntax.blanked(text, hidden))
        if tree.root_node.has_error:  # blanking changed the parse: the whole tree from now on
            syntax.forget(tree)
            self._whole = syntax.parse(text)
            out = self._nodes(self._whole, self._pending)
            self._pending = []
            return out
        given = {d[0] for d in wanted}
        self._pending = [d for d in self._pending if d[0] not in given]
        self._trees.append(tree)
        return self._nodes(tree, wanted)

    @staticmethod
    def _nodes(tree, wanted: list[tuple[int, str, int, int]]) -> list[tuple[int, Node]]:
        """(position, node) of the wanted declarations in `tree`."""
        at = {(a, b): pos for pos, _, a, b in wanted}
        return [(at[(c.start_byte, c.end_byte)], c) for c in tree.root_node.children
                if (c.start_byte, c.end_byte) in at]

    @property
    def full_root(self) -> Node:
        """The file parsed whole, function bodies included."""
        if self._full_tree is None:
            self._full_tree = syntax.parse(self.raw)
        return self._full_tree.root_node

    @property
    def imports(self) -> dict[str, str]:
        if self._imports is None:
            self._split()
        return self._imports


# The top-level declarations the tables are built from.
_DECLARATIONS = frozenset({"function_declaration", "method_declaration", "type_declaration", "var_declaration",
                           "const_declaration"})
# A file whose declarations (bodies cut out) are longer than this gives them out
# a batch at a time (see _File).
_BIG_DECLARATIONS = 256 << 10
# The declarations that fill the tables a question reads (see Package._build).
_TYPE = frozenset({"type_declaration"})
_METHOD = frozenset({"method_declaration"})
_VAR = frozenset({"var_declaration"})
_FUNCTION = frozenset({"function_declaration"})


def load_package(directory: str) -> "PackageIndex":
    """The index of the Go package(s) in `directory`. Nothing is parsed until a
    question is asked."""
    return PackageIndex(directory)


def package_for(file) -> "Package | None":
    """The package a FileContext's file belongs to (by its package clause), or
    None when there is no index."""
    index = file.package
    if index is None:
        return None
    name = file.package_name
    return index.for_package(name) if name else index.main


class PackageIndex:
    """Every .go file of one directory, grouped by package clause (an external
    `_test` package is its own group). The query methods answer for the main
    (non-test) package; `for_package(name)` gives another group's answers."""

    def __init__(self, directory: str):
        self.directory = directory
        self._groups: dict[str, Package] | None = None
        self._main: Package | None = None
        self._scanned: dict[str, set[str]] | None = None
        self._raw: list[tuple[str, bytes]] | None = None
        self.unreadable: list[str] = []  # Go files here that could not be read as UTF-8
        self._words: dict[str, tuple[str, set[str]]] = {}
        self._declared: dict[tuple[str, str | None], bool] = {}

    def _load(self) -> dict[str, "Package"]:
        if self._groups is None:
            groups: dict[str, list[_File]] = {}
            for path, raw in self.texts():
                clause = _package_clause(raw)
                if clause:
                    groups.setdefault(clause, []).append(_File(path, raw))
            self._groups = {name: Package(name, files) for name, files in groups.items()}
        return self._groups

    @property
    def main(self) -> "Package":
        if self._main is None:
            self._main = self._pick_main()
        return self._main

    def _pick_main(self) -> "Package":
        groups = self._load()
        plain = [g for g in groups.values() if not g.name.endswith("_test")] or list(groups.values())
        if not plain:
            return Package("", [])
        base = os.path.basename(self.directory.rstrip(os.sep))
        return max(plain, key=lambda g: (len(g.files), g.name == base))

    def for_package(self, name: str) -> "Package":
        return self._load().get(name) or Package(name, [])

    # Directory-wide answers, so `file.package.type_decl(...)` just works for any
    # file here: a name is looked up in the group that declares it; declared in
    # several groups (the package and its external tests, a `package main`
    # generator) it is unknown, unless they all agree.
    def declares(self, name: str, package: str | None = None) -> bool:
        """Whether `name` is declared at package level in package `package`
        (default: any package here): a function, type, variable or constant,
        never a struct field or a method. A cheap scan of the files' text says
        no for most names; a yes from it (which may be a field, or a word in a
        type) is confirmed from the declarations of the files that mention
        the name."""
        known = self._declared.get((name, package))
        if known is None:
            if self._groups is None and not self._scan_for(name, package):
                known = False
            else:
                known = any(g.declares(name) for g_name, g in self._load().items() if package in (None, g_name))
            self._declared[(name, package)] = known
        return known

    def _scan_for(self, name: str, package: str | None) -> bool:
        key = name.encode()
        for path, raw in self.texts():
            if key not in raw:
                continue
            clause, words = self._scan(path, raw)
            if (package is None or clause == package) and name in words:
                return True
        return False

    def texts(self) -> list[tuple[str, bytes]]:
        """(path, bytes) of every UTF-8 Go file of the directory, read once: for
        cheap byte checks before asking anything that needs a parse."""
        if self._raw is None:
            self._raw = []
            for path in _go_files(self.directory):
                try:
                    with open(path, "rb") as fh:
                        raw = fh.read()
                    raw.decode("utf-8")
                except (OSError, UnicodeDecodeError):
                    self.unreadable.append(path)
                    continue
                self._raw.append((path, raw))
        return self._raw

    def _scan(self, path: str, raw: bytes) -> tuple[str, set[str]]:
        found = self._words.get(path)
        if found is None:
            text = _declarations_text(raw)
            clause = _PACKAGE.search(text)
            found = self._words[path] = (clause.group(1) if clause else "", _words_of(text))
        return found

    def top_level_names(self, package: str | None = None) -> set[str]:
        """Every package-level name of package `package` here (default: of every
        package in the directory). Once the index is parsed the answer is exact;
        before that it comes from a cheap scan of the files' text that may name
        more than is declared (never fewer), which is all that choosing a fresh
        name needs."""
        if self._groups is not None:
            names: set[str] = set()
            for name, g in self._groups.items():
                if package is None or name == package:
                    names |= g.top_level_names()
            return names
        if self._scanned is None:
            self._scanned = {}
            for path, raw in self.texts():
                clause, words = self._scan(path, raw)
                self._scanned.setdefault(clause, set()).update(words)
        if package is not None:
            return set(self._scanned.get(package, set()))
        return set().union(*self._scanned.values())

    def type_decl(self, name: str) -> TypeDecl | None:
        return self._agreed(lambda g: g.type_decl(name))

    def underlying_kind(self, name: str) -> Underlying | None:
        return self._agreed(lambda g: g.underlying_kind(name) if g.declares_type(name) else None)

    def methods(self, type_name: str) -> dict[str, int]:
        found = self._agreed(lambda g: g.methods(type_name) if g.declares_type(type_name) else None)
        return found or {}

    def method_results(self, type_name: str, method: str) -> list[str] | None:
        return self._agreed(lambda g: g.method_results(type_name, method) if g.declares_type(type_name) else None)

    def var_type(self, name: str) -> str | None:
        return self._agreed(lambda g: g.var_type(name) if g.var(name) is not None else None)

    def field_type(self, struct_type_name: str, field_name: str) -> str | None:
        return self._agreed(
            lambda g: g.field_type(struct_type_name, field_name) or "" if g.declares_type(struct_type_name) else None
        ) or None

    def _agreed(self, ask):
        answers = [a for a in (ask(g) for g in self._load().values()) if a is not None]
        return answers[0] if answers and all(a == answers[0] for a in answers) else None


class Package:
    """One package clause's files. Tables are built on the first question."""

    def __init__(self, name: str, files: list[_File]):
        self.name = name
        self.files = files
        self._built = False
        self._added: set[int] = set()
        # Where each file's declarations stand in the tables: files in the order
        # a question first reached them, then the order of the file. A big file
        # gives its declarations out later than that, and they are put in place.
        self._rank: dict[int, int] = {}
        self._names: set[str] = set()
        self._types: dict[str, list[tuple[Node, _File]]] = {}
        self._type_places: dict[str, list[tuple[int, int]]] = {}
        self._vars: dict[str, list[_Var]] = {}
        self._funcs: dict[str, list[tuple[Node, _File]]] = {}
        self._methods: dict[str, dict[str, int]] = {}
        self._method_places: dict[str, list[tuple[tuple[int, int], str, int]]] = {}
        self._method_nodes: dict[tuple[str, str], list[Node]] = {}

    # ------------------------------------------------------------ queries

    def top_level_names(self) -> set[str]:
        self._build()
        return set(self._names)

    def declares(self, name: str) -> bool:
        self._build(name)
        return name in self._names

    def type_decl(self, name: str) -> TypeDecl | None:
        """The declaration of type `name`; None when unknown, or when files (for
        different build tags) declare it differently."""
        spec = self._type_spec(name)
        if spec is None:
            return None
        node, _ = spec
        typ = syntax.unparen(node.child_by_field_name("type"))
        return TypeDecl(name, _kind(typ), syntax.text(typ))

    def underlying_kind(self, name: str) -> Underlying | None:
        seen = set()
        decl = self.type_decl(name)
        while decl is not None and decl.kind == "named" and decl.underlying_text not in seen:
            seen.add(decl.name)
            target = _strip_type_args(decl.underlying_text)
            nxt = self.type_decl(target) if target.isidentifier() else None
            if nxt is None:
                if target in ("error", "any"):
                    return Underlying("interface", target)
                return Underlying("named", decl.underlying_text)
            decl = nxt
        if decl is None:
            return None
        return Underlying(decl.kind, decl.underlying_text)

    def declares_type(self, name: str) -> bool:
        self._build(name, _TYPE)
        return name in self._types

    def methods(self, type_name: str) -> dict[str, int]:
        """Method name -> parameter count: methods declared on T and *T, and an
        interface type's own method elements."""
        self._build(type_name, _METHOD)
        out = dict(self._methods.get(type_name, {}))
        spec = self._type_spec(type_name)
        if spec is not None:
            typ = syntax.unparen(spec[0].child_by_field_name("type"))
            if typ is not None and typ.type == "interface_type":
                for m in typ.named_children:
                    if m.type == "method_elem":
                        out[syntax.text(m.child_by_field_name("name"))] = _param_count(m)
        return out

    def method_signature(self, type_name: str, method: str) -> tuple[int, int] | None:
        """(parameter count, result count) of method `method` declared on type
        `type_name` or its pointer; None when not declared there or declared
        differently in different files."""
        self._build(type_name, _METHOD)
        nodes = self._method_nodes.get((type_name, method), [])
        sigs = {(_param_count(n), len(syntax.results(n))) for n in nodes}
        return sigs.pop() if len(sigs) == 1 else None

    def method_results(self, type_name: str, method: str) -> list[str] | None:
        """The result types' source text of method `method` declared on type
        `type_name` or its pointer (one entry per result); None when not
        declared there or declared differently in different files."""
        self._build(type_name, _METHOD)
        nodes = self._method_nodes.get((type_name, method), [])
        found = {tuple(syntax.text(t) for _, t in syntax.results(n)) for n in nodes}
        return list(found.pop()) if len(found) == 1 else None

    def var_type(self, name: str) -> str | None:
        ref = self.var_ref(name)
        return ref.text if ref else None

    def var_ref(self, name: str) -> TypeRef | None:
        """A package variable's declared or inferred type, with its file's imports."""
        v = self.var(name)
        if v is None:
            return None
        if v.type_node is not None:
            return TypeRef(syntax.text(v.type_node), v.imports)
        if v.value is None:
            return None
        return _infer(v.value, v.imports, self, None)

    def var(self, name: str) -> _Var | None:
        """The one declaration of package variable `name` (None if several)."""
        self._build(name, _VAR)
        found = self._vars.get(name, [])
        return found[0] if len(found) == 1 else None

    def field_type(self, struct_type_name: str, field_name: str) -> str | None:
        ref = self.field_ref(struct_type_name, field_name)
        return ref.text if ref else None

    def field_ref(self, struct_type_name: str, field_name: str) -> TypeRef | None:
        seen: set[str] = set()
        name = struct_type_name
        while name not in seen:
            seen.add(name)
            spec = self._type_spec(name)
            if spec is None:
                return None
            node, f = spec
            typ = syntax.unparen(node.child_by_field_name("type"))
            if typ is None:
                return None
            if typ.type == "type_identifier":
                name = syntax.text(typ)
                continue
            if typ.type != "struct_type":
                return None
            for decl in syntax.of_type(typ, "field_declaration"):
                if decl.parent is None or decl.parent.parent != typ:
                    continue
                ftype = decl.child_by_field_name("type")
                names = [syntax.text(n) for n in decl.children_by_field_name("name")]
                text = syntax.text(ftype)
                if not names:  # embedded: named after its type, which may be *T
                    names = [text.split(".")[-1].split("[")[0]]
                    text = decl.text[: ftype.end_byte - decl.start_byte].decode()
                if field_name in names:
                    return TypeRef(text, f.imports)
            return None
        return None

    def func_result(self, name: str) -> TypeRef | None:
        """The result type of package function `name` when it has exactly one."""
        self._build(name, _FUNCTION)
        found = self._funcs.get(name, [])
        if len(found) != 1:
            return None
        node, f = found[0]
        res = syntax.results(node)
        if len(res) != 1 or node.child_by_field_name("type_parameters") is not None:
            return None
        return TypeRef(syntax.text(res[0][1]), f.imports)

    # ------------------------------------------------------------ building

    def _type_spec(self, name: str) -> tuple[Node, _File] | None:
        self._build(name, _TYPE)
        found = self._types.get(name, [])
        if not found:
            return None
        texts = {syntax.text(n.child_by_field_name("type")) for n, _ in found}
        return found[0] if len(texts) == 1 else None

    def _build(self, name: str | None = None, types: frozenset[str] | None = None) -> None:
        """Add the declarations of every file, or (given `name`) of the files
        whose text mentions it: a declaration of a name, and a method on a type,
        always spells the name out, so the tables are complete for it. A big
        file adds only its declarations that spell it out, of the node `types`
        whose tables the question reads (any when None)."""
        if self._built:
            return
        key = name.encode() if name is not None else None
        for i, f in enumerate(self.files):
            if i in self._added or (key is not None and key not in f.raw):
                continue
            rank = self._rank.setdefault(i, len(self._rank))
            for pos, decl in f.declarations(key, types):
                self._add_declaration(decl, f, (rank, pos))
            if f.done:
                self._added.add(i)
        if key is None and types is None:
            self._built = True

    def _add_declaration(self, decl: Node, f: _File, place: tuple[int, int]) -> None:
        if decl.type == "function_declaration":
            name = syntax.text(decl.child_by_field_name("name"))
            self._names.add(name)
            self._funcs.setdefault(name, []).append((decl, f))
        elif decl.type == "method_declaration":
            recv = decl.child_by_field_name("receiver")
            decls = [d for d in recv.named_children if d.type == "parameter_declaration"] if recv else []
            if len(decls) == 1:
                base = _strip_type_args(syntax.text(decls[0].child_by_field_name("type")).lstrip("*").strip())
                name = syntax.text(decl.child_by_field_name("name"))
                self._add_method(base, name, _param_count(decl), place)
                self._method_nodes.setdefault((base, name), []).append(decl)
        elif decl.type == "type_declaration":
            for spec in decl.named_children:
                if spec.type in ("type_spec", "type_alias"):
                    name = syntax.text(spec.child_by_field_name("name"))
                    self._names.add(name)
                    places = self._type_places.setdefault(name, [])
                    at = bisect.bisect(places, place)
                    places.insert(at, place)
                    self._types.setdefault(name, []).insert(at, (spec, f))
        elif decl.type in ("var_declaration", "const_declaration"):
            specs = list(syntax.of_type(decl, ("var_spec", "const_spec")))
            for spec in specs:
                names = spec.children_by_field_name("name")
                typ = spec.child_by_field_name("type")
                value = spec.child_by_field_name("value")
                values = value.named_children if value is not None else []
                names = [n for n in names if n.is_named]
                for i, n in enumerate(names):
                    self._names.add(syntax.text(n))
                    if spec.type == "var_spec":
                        v = values[i] if len(values) == len(names) else None
                        self._vars.setdefault(syntax.text(n), []).append(_Var(syntax.text(n), typ, v, f.imports))

    def _add_method(self, base: str, name: str, params: int, place: tuple[int, int]) -> None:
        """The method table of type `base` as if its declarations came in
        place order: names in the order first declared, a count from the last."""
        places = self._method_places.setdefault(base, [])
        table = self._methods.setdefault(base, {})
        if not places or places[-1][0] < place:
            places.append((place, name, params))
            table[name] = params
            return
        bisect.insort(places, (place, name, params))  # a big file's declaration, given out late
        table.clear()
        for _, n, count in places:
            table[n] = count


def _go_files(directory: str) -> list[str]:
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return []
    paths = [os.path.join(directory, n) for n in names if n.endswith(".go") and not n.startswith((".", "_"))]
    return [p for p in paths if os.path.isfile(p)]  # never open a fifo or a device


_FUNC_LINE = re.compile(r"^func [^\n]*", re.MULTILINE)
_PLAIN_FUNC = re.compile(r"^func[ \t]+(\w+)", re.MULTILINE)
_IMPORTS = re.compile(r"^import[ \t]*(?:\([^)]*\)|[^\n]*)", re.MULTILINE)
_PACKAGE = re.compile(r"^package[ \t]+(\w+)", re.MULTILINE)
# Comments and literals, matched left to right as a lexer would, so a quote in
# a comment or a `//` in a string is read for what it is.
_NOT_CODE = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`[^`]*`', re.DOTALL)
_WORD = re.compile(r"[^\W\d]\w*")


def _package_clause(raw: bytes) -> str | None:
    """The name in a file's package clause: the first `package` line that is not
    inside a comment (only the text up to it is stripped of comments)."""
    text = raw.decode("utf-8", "replace")
    for m in _PACKAGE.finditer(text):
        head = _NOT_CODE.sub("", text[: m.end()])
        if head.endswith(m.group(0)):
            return m.group(1)
    return None


def _declarations_text(raw: bytes) -> str:
    """The file without function bodies, comments and literals."""
    return _NOT_CODE.sub("", syntax.without_bodies(raw).decode("utf-8", "replace"))


def _top_level_words(raw: bytes) -> set[str]:
    """A superset of a file's package-level names, without parsing."""
    return _words_of(_declarations_text(raw))


def _words_of(text: str) -> set[str]:
    """The names of plain functions, and every word outside function headers, the
    package clause and imports, in text from _declarations_text."""
    names = set(_PLAIN_FUNC.findall(text))
    rest = _IMPORTS.sub("", _PACKAGE.sub("", _FUNC_LINE.sub("", text)))
    names.update(_WORD.findall(rest))
    return names


def _kind(typ: Node | None) -> str:
    if typ is None:
        return "named"
    if typ.type in _KINDS:
        return _KINDS[typ.type]
    if typ.type == "type_identifier" and syntax.text(typ) in BASIC_TYPES:
        return "basic"
    if typ.type == "type_identifier" and syntax.text(typ) in ("error", "any"):
        return "interface"
    return "named"


def _strip_type_args(text: str) -> str:
    return text.split("[", 1)[0].strip()


def _param_count(func: Node) -> int:
    return len(syntax.parameters(func))


# ---------------------------------------------------------------- locals


@dataclass(frozen=True)
class Binding:
    """Where a local name is declared: `node` is the declaring identifier, `type`
    its type when the declaration tells it (None: declared here, type unknown)."""

    name: str
    node: Node
    type: TypeRef | None


def local_type(file, ident: Node) -> str | None:
    """The type text of the local variable or parameter `ident` refers to, inferred
    from its declaration in `file`'s tree; None when unknown or not a local."""
    b = local_binding(file, ident)
    return b.type.text if b is not None and b.type is not None else None


def local_binding(file, ident: Node) -> Binding | None:
    """The declaration `ident` (an identifier in `file`'s tree) refers to, looking
    outward from it through blocks, statement headers and enclosing functions.
    None when it is not declared locally (a package-level name, or unknown)."""
    name = syntax.text(ident)
    prev = ident
    for a in syntax.ancestors(ident):
        found = _declared_in(a, prev, name, file)
        if found is not None:
            return found
        if a.type in ("function_declaration", "method_declaration"):
            return None
        prev = a
    return None


_MAX_CHAIN = 64  # `a := b` chains followed before giving up
_chain = 0


def expr_type(file, expr: Node) -> TypeRef | None:
    """The type of an identifier or a selector chain `a.b.c` through known struct
    fields, from locals, parameters and package variables; None when unknown."""
    global _chain
    if _chain >= _MAX_CHAIN:
        return None
    _chain += 1
    try:
        return _expr_type(file, expr)
    finally:
        _chain -= 1


def _expr_type(file, expr: Node) -> TypeRef | None:
    pkg = package_for(file)
    expr = syntax.unparen(expr)
    if expr.type == "identifier":
        b = local_binding(file, expr)
        if b is not None:
            return b.type
        if pkg is None or syntax.text(expr) in file.imports.values():
            return None
        return pkg.var_ref(syntax.text(expr))
    if expr.type == "selector_expression" and pkg is not None:
        base = expr_type(file, expr.child_by_field_name("operand"))
        if base is None:
            return None
        struct = base.local_name()
        if struct is None:
            return None
        return pkg.field_ref(struct, syntax.text(expr.child_by_field_name("field")))
    return None


def _declared_in(scope: Node, child: Node, name: str, file) -> Binding | None:
    """A declaration of `name` that `scope` makes visible to its part `child`."""
    t = scope.type
    if t == "statement_list":
        for stmt in reversed([s for s in scope.named_children if s.end_byte <= child.start_byte]):
            b = _statement_declares(stmt, name, file)
            if b is not None:
                return b
        return None
    if t in ("if_statement", "expression_switch_statement", "type_switch_statement"):
        init = scope.child_by_field_name("initializer")
        if t == "type_switch_statement":
            alias = scope.child_by_field_name("alias")
            if alias is not None and child.start_byte > alias.end_byte:
                for n in alias.named_children:
                    if syntax.text(n) == name:
                        return Binding(name, n, None)
        if init is not None and init is not child and child.start_byte >= init.end_byte:
            return _statement_declares(init, name, file)
        return None
    if t == "for_statement":
        for c in scope.named_children:
            if c is child or c.start_byte >= child.start_byte and c.end_byte <= child.end_byte:
                continue
            if c.type == "for_clause":
                init = c.child_by_field_name("initializer")
                if init is not None:
                    return _statement_declares(init, name, file)
            if c.type == "range_clause" and any(x.type == ":=" for x in c.children):
                left = c.child_by_field_name("left")
                for n in left.named_children if left is not None else []:
                    if syntax.text(n) == name:
                        return Binding(name, n, None)
        return None
    if t == "communication_case":
        comm = scope.child_by_field_name("communication")
        if comm is not None and comm is not child and comm.type == "receive_statement":
            if any(x.type == ":=" for x in comm.children):
                left = comm.child_by_field_name("left")
                for n in left.named_children if left is not None else []:
                    if syntax.text(n) == name:
                        return Binding(name, n, None)
        return None
    if t in syntax.FUNCTION_TYPES:
        lists = ["parameters", "result"] + (["receiver"] if t == "method_declaration" else [])
        for field_name in lists:
            params = scope.child_by_field_name(field_name)
            if params is None or params.type != "parameter_list":
                continue
            for decl in params.named_children:
                for n in decl.children_by_field_name("name"):
                    if syntax.text(n) == name:
                        typ = decl.child_by_field_name("type")
                        if decl.type == "variadic_parameter_declaration":
                            return Binding(name, n, TypeRef("[]" + syntax.text(typ), file.imports))
                        return Binding(name, n, TypeRef(syntax.text(typ), file.imports))
        return None
    return None


def _statement_declares(stmt: Node, name: str, file) -> Binding | None:
    while stmt.type == "labeled_statement" and stmt.named_children:
        stmt = stmt.named_children[-1]
    if stmt.type == "short_var_declaration":
        left = stmt.child_by_field_name("left")
        right = stmt.child_by_field_name("right")
        lnames = left.named_children if left is not None else []
        rvals = right.named_children if right is not None else []
        for i, n in enumerate(lnames):
            if syntax.text(n) != name:
                continue
            if len(rvals) == len(lnames):
                return Binding(name, n, _infer(rvals[i], file.imports, package_for(file), file))
            if i == 0 and len(rvals) == 1 and syntax.unparen(rvals[0]).type == "type_assertion_expression":
                return Binding(name, n, _infer(rvals[0], file.imports, package_for(file), file))
            return Binding(name, n, None)
        return None
    if stmt.type in ("var_declaration", "const_declaration"):
        for spec in syntax.walk(stmt):
            if spec.type not in ("var_spec", "const_spec"):
                continue
            names = spec.children_by_field_name("name")
            typ = spec.child_by_field_name("type")
            value = spec.child_by_field_name("value")
            values = value.named_children if value is not None else []
            for i, n in enumerate(names):
                if syntax.text(n) != name:
                    continue
                if typ is not None:
                    return Binding(name, n, TypeRef(syntax.text(typ), file.imports))
                if spec.type == "var_spec" and len(values) == len(names):
                    return Binding(name, n, _infer(values[i], file.imports, package_for(file), file))
                return Binding(name, n, None)
    return None


def _infer(expr: Node, imports: dict[str, str], pkg: Package | None, file) -> TypeRef | None:
    """The type of an initialising expression when its form says it: T{}, &T{},
    new(T), y.(T), a conversion to a package type, a package function's single
    result, or (with a file) a local or selector whose type is known, or the
    address of one (`&x.f`)."""
    expr = syntax.unparen(expr)
    t = expr.type
    if t == "composite_literal":
        return TypeRef(syntax.text(expr.child_by_field_name("type")), imports)
    if t == "unary_expression" and expr.children and expr.children[0].type == "&":
        inner = syntax.unparen(expr.child_by_field_name("operand"))
        if inner.type == "composite_literal":
            return TypeRef("*" + syntax.text(inner.child_by_field_name("type")), imports)
        if file is not None and inner.type in ("identifier", "selector_expression"):
            target = expr_type(file, inner)  # &x, &x.f: a pointer to what they are
            if target is not None and not target.text.lstrip().startswith("*"):
                return TypeRef("*" + target.text, target.imports)
        return None
    if t == "type_assertion_expression":
        typ = expr.child_by_field_name("type")
        return TypeRef(syntax.text(typ), imports) if typ is not None and typ.type != "type" else None
    if t == "call_expression":
        fn = expr.child_by_field_name("function")
        args = expr.child_by_field_name("arguments")
        argv = args.named_children if args is not None else []
        if fn is None:
            return None
        fname = syntax.text(fn)
        if fn.type == "identifier" and fname == "new" and len(argv) == 1:
            return TypeRef("*" + syntax.text(argv[0]), imports)
        if fn.type == "identifier" and pkg is not None and (file is None or local_binding(file, fn) is None):
            if pkg.type_decl(fname) is not None and len(argv) == 1:
                return TypeRef(fname, imports)
            return pkg.func_result(fname)
        return None
    if file is not None and t in ("identifier", "selector_expression"):
        return expr_type(file, expr)
    return None

"""## What it does
Finds uses of package `io/ioutil`, deprecated since Go 1.16, whose functions are
now thin wrappers around `io` and `os`:

| `io/ioutil` | replacement |
| --- | --- |
| `ioutil.ReadAll` | `io.ReadAll` |
| `ioutil.ReadFile` | `os.ReadFile` |
| `ioutil.WriteFile` | `os.WriteFile` |
| `ioutil.ReadDir` | `os.ReadDir` (returns `[]fs.DirEntry`, not `[]fs.FileInfo`) |
| `ioutil.TempDir` | `os.MkdirTemp` |
| `ioutil.TempFile` | `os.CreateTemp` |
| `ioutil.NopCloser` | `io.NopCloser` |
| `ioutil.Discard` | `io.Discard` |

Calls and names used as values (`f := ioutil.ReadFile`, `w = ioutil.Discard`) are
both found, under whatever name the file imports `io/ioutil` as.

## Why is this bad?
`io/ioutil` is frozen: it gets no fixes and no new API, staticcheck (SA1019) and
editors flag every use, and new readers of the code have to know that its names
mean the same as the `io` and `os` ones. `ioutil.ReadDir` also does more work than
most callers need: it calls `Lstat` on every entry, where `os.ReadDir` reads the
directory only.

## Example
```go
import "io/ioutil"

func load(path string) ([]byte, error) {
	return ioutil.ReadFile(path)
}
```

## Fix
Each use becomes its replacement, `io` or `os` is imported where missing (sorted
into the import block as gofmt keeps it), and the `io/ioutil` import goes once
nothing uses it any more:

```go
import "os"

func load(path string) ([]byte, error) {
	return os.ReadFile(path)
}
```

Where the file already imports `io` or `os` under another name, that name is
used; where the name `io` or `os` means something else at the use (a local
variable called `os`), the package is imported under a free alias (`ospkg`).

`ioutil.ReadDir` becomes `os.ReadDir` only when its result is declared there
(`entries, err := ioutil.ReadDir(dir)`, or discarded) and used only in ways
`[]fs.FileInfo` and `[]fs.DirEntry` share: `len`, indexing, `range`, and the
methods `Name()` and `IsDir()` of an element. `e.Mode().IsDir()` and
`e.Mode().IsRegular()` become `e.Type().IsDir()` and `e.Type().IsRegular()`, which
mean the same (both look at the file type bits only).

## Fix safety
Safe. Since Go 1.16 every `io/ioutil` function is a wrapper that calls its
replacement, and `ioutil.Discard` holds `io.Discard`; the fix is made only when the
module's `go.mod` says `go 1.16` or later, so the replacements exist for every
toolchain the module supports. For `ReadDir`, the entries come in the same order
(sorted by name) and `Name()` and `IsDir()` give the same answers; the only
difference is that an entry removed between reading the directory and looking at
it no longer makes the call fail.

## When it is not fixed
Reported without a fix:
- the `go.mod` nearest above the file says `go 1.15` or older (the replacements
  do not exist there), or there is no `go.mod` with a `go` line at all: code
  built in GOPATH mode is old code, and gofixer will not guess that its
  toolchain is new enough (add a `go.mod`, or a `go` line to it);
- `ioutil.ReadDir` whose result is used as `[]fs.FileInfo` (`Size()`,
  `ModTime()`, `Mode()` other than the two tests above, passed to a function,
  returned, assigned to a variable declared elsewhere), or that is used as a
  value (`f := ioutil.ReadDir`);
- an assignment to `ioutil.Discard`, or its address taken (`io.Discard` is another
  variable);
- `io/ioutil` imported with a dot (`import . "io/ioutil"`): its names cannot be
  told apart from the file's own (reported once, at the import).

Not reported: a blank import (`import _ "io/ioutil"`), and the files of package
`io/ioutil` itself (its tests and examples exist to exercise it).
"""

from __future__ import annotations

import os
import re
from typing import Iterable, Iterator

from gofixer import syntax
from gofixer.codemod import SAFE, Finding
from gofixer.edits import Edit, Fix
from gofixer.imports import ImportSpec, import_specs, remove_import
from gofixer.package import local_binding
from gofixer.syntax import Node

id = "ioutil"
summary = "io/ioutil (deprecated since Go 1.16) replaced by its io and os equivalents"
safety = SAFE
nolint = ("staticcheck",)  # SA1019: use of a deprecated package

PATH = "io/ioutil"
NEEDS = (1, 16)
# ioutil name -> (package path, name there).
REPLACEMENTS = {
    "ReadAll": ("io", "ReadAll"),
    "ReadFile": ("os", "ReadFile"),
    "WriteFile": ("os", "WriteFile"),
    "ReadDir": ("os", "ReadDir"),
    "TempDir": ("os", "MkdirTemp"),
    "TempFile": ("os", "CreateTemp"),
    "NopCloser": ("io", "NopCloser"),
    "Discard": ("io", "Discard"),
}
# Methods of an fs.FileInfo element that fs.DirEntry has too, with the same result.
_SHARED_METHODS = frozenset({"Name", "IsDir"})
# e.Mode().X() that is e.Type().X() on a DirEntry (both test file type bits only).
_MODE_TESTS = frozenset({"IsDir", "IsRegular"})

_MEMBER = re.compile(rb"\b(?:" + b"|".join(n.encode() for n in REPLACEMENTS) + rb")\b")
_PACKAGE_CLAUSE = re.compile(rb"^package\s", re.MULTILINE)


def prefilter(text: bytes) -> bool:
    """A whole file must import io/ioutil; a function body (no package clause)
    must name one of its members, under whatever name the file imports it."""
    if _PACKAGE_CLAUSE.search(text):
        return PATH.encode() in text
    return _MEMBER.search(text) is not None


def run(file) -> Iterable[Finding]:
    if _is_ioutil_itself(file):
        return
    specs = [s for s in import_specs(file.root) if s.path == PATH]
    names = {s.local_name for s in specs if s.local_name}
    for spec in specs:
        if spec.name == ".":
            yield Finding(
                id, spec.node.start_byte, spec.node.end_byte,
                "io/ioutil is deprecated since Go 1.16 (dot-imported here)",
                reason="a dot import: its names cannot be told apart from the file's own; import it by name first",
            )
    uses = list(_uses(file, file.root, names))
    for sel in uses:
        finding = _finding(file, sel)
        yield finding
    if not uses and names:
        yield from _unused_imports(file, specs)


def _is_ioutil_itself(file) -> bool:
    """A file of package io/ioutil (in Go's own source tree): its tests and
    examples exist to exercise the deprecated names."""
    directory = os.path.dirname(file.source.abspath)
    return directory.endswith(os.path.join("io", "ioutil")) and file.package_name in ("ioutil", "ioutil_test")


def _uses(file, root: Node, names: set[str]) -> Iterator[Node]:
    """Selector expressions `ioutil.X` (X one of the package's names) whose
    operand is the import, not a local of the same name."""
    if not names:
        return
    for sel in syntax.of_type(root, "selector_expression"):
        operand = sel.child_by_field_name("operand")
        if operand is None or operand.type != "identifier" or syntax.text(operand) not in names:
            continue
        if syntax.text(sel.child_by_field_name("field")) not in REPLACEMENTS:
            continue
        if local_binding(file, operand) is None:
            yield sel


def _unused_imports(file, specs: list[ImportSpec]) -> Iterator[Finding]:
    """The import once every use is fixed (a later pass of the fixpoint sees
    the file without uses). The whole file is searched: `root` may leave out
    bodies."""
    for spec in specs:
        if not spec.local_name or any(True for _ in _uses(file, file.full_root, {spec.local_name})):
            continue
        yield Finding(
            id, spec.node.start_byte, spec.node.end_byte, "io/ioutil is imported but no longer used",
            fix=Fix([remove_import(file.text, spec)], description="remove the io/ioutil import"),
        )


def _finding(file, sel: Node) -> Finding:
    member = syntax.text(sel.child_by_field_name("field"))
    pkg, new = REPLACEMENTS[member]
    old = syntax.text(sel)
    message = f"{old} is deprecated since Go 1.16: use {pkg}.{new}"
    if member == "ReadDir":
        message += ", which returns []fs.DirEntry"

    def report(reason: str) -> Finding:
        return Finding(id, sel.start_byte, sel.end_byte, message, reason=reason)

    version = file.go_version
    if version is None:
        return report(f"no go.mod with a go line above this file says which Go it needs; {pkg}.{new} needs 1.16")
    if version < NEEDS:
        return report(f"go.mod says go {version[0]}.{version[1]}; {pkg}.{new} needs 1.16")
    if member == "Discard" and _written(sel):
        return report(f"{old} is assigned or its address taken; {pkg}.{new} is another variable")
    extra: list[Edit] = []
    if member == "ReadDir":
        extra_or_reason = _read_dir_edits(file, sel)
        if isinstance(extra_or_reason, str):
            return report(extra_or_reason)
        extra = extra_or_reason
    name, imports = file.package_ref(pkg, sel)
    edits = [Edit(sel.start_byte, sel.end_byte, f"{name}.{new}".encode()), *extra]
    return Finding(id, sel.start_byte, sel.end_byte, message,
                   fix=Fix(edits, imports, description=f"use {name}.{new}"))


def _written(sel: Node) -> bool:
    """`ioutil.Discard = w`, `&ioutil.Discard`: the variable itself is used."""
    parent = sel.parent
    if parent is None:
        return False
    if parent.type == "unary_expression" and parent.children[0].type == "&":
        return True
    if parent.type == "expression_list" and parent.parent is not None:
        holder = parent.parent
        if holder.type == "assignment_statement" and holder.child_by_field_name("left") == parent:
            return True
    return parent.type == "inc_statement" or parent.type == "dec_statement"


# ---------------------------------------------------------------- ReadDir


def _read_dir_edits(file, sel: Node) -> list[Edit] | str:
    """The extra edits (Mode() tests become Type() tests) that make
    `os.ReadDir`'s result fit the code using it; or why it does not fit."""
    call = sel.parent
    if call is None or call.type != "call_expression" or call.child_by_field_name("function") != sel:
        return "used as a value: os.ReadDir has another type"
    found = syntax.sole_right_side(call)
    if found is None:
        return "the result is used directly as []fs.FileInfo"
    holder, left = found
    if syntax.enclosing_function(call) is None:
        return "a package-level variable: its uses are all over the package"
    if not left or syntax.text(left[0]) == "_":
        return []
    result = left[0]
    if holder.type == "assignment_statement" or local_binding(file, result) is not None:
        return f"{syntax.text(result)} is declared elsewhere as []fs.FileInfo"
    edits: list[Edit] = []
    for use in _uses_of(file, result):
        more = _slice_use(file, use)
        if isinstance(more, str):
            return more
        edits.extend(more)
    return edits


def _uses_of(file, decl: Node) -> Iterator[Node]:
    """The identifiers after `decl` (a declaring identifier) that refer to it."""
    name = syntax.text(decl)
    scope = syntax.enclosing_function(decl) or syntax.top_level_declaration(decl)
    for ident in syntax.of_type(scope, "identifier"):
        if ident.start_byte > decl.end_byte and syntax.text(ident) == name:
            b = local_binding(file, ident)
            if b is not None and b.node == decl:
                yield ident


def _line(node: Node) -> int:
    return node.start_point[0] + 1


def _slice_use(file, use: Node) -> list[Edit] | str:
    """A use of the []fs.FileInfo: fine as a []fs.DirEntry (with edits), or why not."""
    name = syntax.text(use)
    parent = use.parent
    if parent is None:
        return f"{name} is used as []fs.FileInfo"
    if parent.type == "argument_list":
        call = parent.parent
        fn = call.child_by_field_name("function") if call is not None else None
        if fn is not None and syntax.text(fn) == "len" and local_binding(file, fn) is None:
            return []
    if parent.type == "binary_expression" and any(syntax.text(c) == "nil" for c in parent.named_children):
        return []
    if parent.type == "index_expression" and parent.child_by_field_name("operand") == use:
        return _element_use(parent)
    if parent.type == "range_clause" and parent.child_by_field_name("right") == use:
        left = parent.child_by_field_name("left")
        values = left.named_children if left is not None else []
        if len(values) < 2 or syntax.text(values[1]) == "_":
            return []
        if not any(c.type == ":=" for c in parent.children):
            return f"the range over {name} assigns its elements to a variable declared elsewhere"
        edits: list[Edit] = []
        for elem in _uses_of(file, values[1]):
            more = _element_use(elem)
            if isinstance(more, str):
                return more
            edits.extend(more)
        return edits
    return f"{name} is used as []fs.FileInfo at line {_line(use)}"


def _element_use(elem: Node) -> list[Edit] | str:
    """An element `e` (or `s[i]`) used as `e.Name()`, `e.IsDir()`, or
    `e.Mode().IsDir()` / `e.Mode().IsRegular()` (rewritten to Type())."""
    sel = elem.parent
    if sel is not None and sel.type == "selector_expression" and sel.child_by_field_name("operand") == elem:
        method = syntax.text(sel.child_by_field_name("field"))
        call = sel.parent
        if call is not None and call.type == "call_expression" and call.child_by_field_name("function") == sel:
            if method in _SHARED_METHODS:
                return []
            outer = call.parent
            if method == "Mode" and outer is not None and outer.type == "selector_expression":
                test = syntax.text(outer.child_by_field_name("field"))
                outer_call = outer.parent
                if (test in _MODE_TESTS and outer_call is not None and outer_call.type == "call_expression"
                        and outer_call.child_by_field_name("function") == outer):
                    field = sel.child_by_field_name("field")
                    return [Edit(field.start_byte, field.end_byte, b"Type")]
            return f"{syntax.text(sel)}() at line {_line(elem)} needs an fs.FileInfo; an fs.DirEntry has no {method}"
    return f"an element of the directory listing is used as an fs.FileInfo at line {_line(elem)}"

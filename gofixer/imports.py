"""A Go file's imports: which packages it imports under which local names, the
edits that add an import so the result stays gofmt-clean (sorted into the first
group of a parenthesised block; a block made when there is none), and the edit
that removes one a fix left unused."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import syntax
from .edits import Edit, Import, apply_edits
from .syntax import Node, specs, text


@dataclass(frozen=True)
class ImportSpec:
    path: str
    name: str | None  # explicit local name: alias, "_" or "."
    node: Node

    @property
    def local_name(self) -> str:
        """The name the file uses for the package ("" for blank and dot imports)."""
        if self.name is not None:
            return "" if self.name in ("_", ".") else self.name
        return default_name(self.path)


@lru_cache(maxsize=4096)  # asked for every import of every file
def default_name(path: str) -> str:
    """The package name Go tools guess for an import path: the last element,
    without a major-version element (`/v2`), a gopkg.in `.vN` suffix, or a `go-`
    prefix / `-go` suffix."""
    parts = path.split("/")
    last = parts[-1]
    if len(parts) > 1 and re.fullmatch(r"v\d+", last):
        last = parts[-2]
    last = re.sub(r"\.v\d+$", "", last)
    last = re.sub(r"^go-|-go$", "", last)
    return re.sub(r"\W", "_", last)


def import_specs(root: Node) -> list[ImportSpec]:
    out = []
    for decl in root.children:
        if decl.type != "import_declaration":
            continue
        for spec in specs(decl, "import_spec"):
            path_node = spec.child_by_field_name("path")
            name_node = spec.child_by_field_name("name")
            raw = text(path_node)
            path = raw[1:-1] if len(raw) >= 2 else raw
            out.append(ImportSpec(path, text(name_node) if name_node is not None else None, spec))
    return out


def local_names(root: Node) -> dict[str, str]:
    """Import path -> the local name the file uses for it (first one wins)."""
    names: dict[str, str] = {}
    for spec in import_specs(root):
        if spec.local_name:
            names.setdefault(spec.path, spec.local_name)
    return names


def add_imports(src: bytes, root: Node, wanted: list[Import]) -> list[Edit]:
    """Edits adding each wanted import the file lacks (by path, with a usable
    name). Returns no edits when all are present."""
    have = {(s.path, s.local_name) for s in import_specs(root)}
    have_paths = {s.path: s.local_name for s in import_specs(root)}
    missing: list[Import] = []
    for imp in wanted:
        name = imp.name or default_name(imp.path)
        if (imp.path, name) in have or (imp.name is None and have_paths.get(imp.path) == name):
            continue
        if imp not in missing:
            missing.append(imp)
    if not missing:
        return []
    decls = [d for d in root.children if d.type == "import_declaration"]
    lines = [_spec_line(i) for i in sorted(missing, key=lambda i: i.path)]
    for decl in decls:
        block = next((c for c in decl.named_children if c.type == "import_spec_list"), None)
        if block is not None:
            return _into_block(src, block, missing)
    if decls:
        # A single `import "x"`: turn it into a block holding both.
        decl = decls[0]
        spec = specs(decl, "import_spec")[0]
        body = [text(spec)] + lines
        body.sort(key=lambda s: s.split('"')[1] if '"' in s else s)
        new = "import (\n" + "".join(f"\t{b}\n" for b in body) + ")"
        return [Edit(decl.start_byte, decl.end_byte, new.encode())]
    pkg = next(c for c in root.children if c.type == "package_clause")
    if len(lines) == 1:
        new = f"\n\nimport {lines[0]}"
    else:
        new = "\n\nimport (\n" + "".join(f"\t{line}\n" for line in lines) + ")"
    return [Edit(pkg.end_byte, pkg.end_byte, new.encode())]


def with_imports(src: bytes, wanted: list[Import]) -> bytes:
    """`src` with the wanted imports added. Fixes are applied first and their
    imports after, on the new text, so that a fix may itself edit the import
    block (remove an import it made unused) without the two colliding."""
    if not wanted:
        return src
    # Imports come before every function: a parse without the bodies finds them.
    tree = syntax.parse_skipping(src, syntax.skipped_bodies(src, lambda body: False))
    if tree.root_node.has_error:
        syntax.forget(tree)
        tree = syntax.parse(src)
    try:
        return apply_edits(src, add_imports(src, tree.root_node, wanted))
    finally:
        syntax.forget(tree)  # a big file's: not kept alive while the fixpoint parses the next text


def remove_import(src: bytes, spec: ImportSpec) -> Edit:
    """An edit removing import `spec` gofmt-cleanly: its line (the whole
    declaration when it is the only spec), with a blank line that would
    otherwise double up. A spec sharing its line with other code becomes a
    blank import instead, which compiles the same way."""
    decl = spec.node.parent
    if decl is not None and decl.type == "import_spec_list":
        block = decl
        siblings = [c for c in block.named_children if c.type == "import_spec"]
        decl = block.parent if len(siblings) == 1 else None
        if len(siblings) == 2 and len(block.named_children) == 2 and block.parent is not None:
            # One import left and no comment in the block: the plain form.
            other = siblings[0] if siblings[1] == spec.node else siblings[1]
            return Edit(block.parent.start_byte, block.parent.end_byte, b"import " + other.text)
    whole = decl if decl is not None and decl.type == "import_declaration" else spec.node
    if not syntax.starts_line(src, whole) or not _line_is_done(src, whole.end_byte):
        name = spec.node.child_by_field_name("name")
        if name is not None:
            return Edit(name.start_byte, name.end_byte, b"_")
        path = spec.node.child_by_field_name("path")
        return Edit(path.start_byte, path.start_byte, b"_ ")
    start = syntax.line_start(src, whole.start_byte)
    end = min(syntax.line_end(src, whole.end_byte) + 1, len(src))
    before = _blank_or_open(src, start)
    after = _blank_or_close(src, end)
    if before and after:
        if _is_blank_line(src, end):
            end = min(syntax.line_end(src, end) + 1, len(src))
        elif start > 0 and _is_blank_line(src, syntax.line_start(src, start - 1)):
            start = syntax.line_start(src, start - 1)
    return Edit(start, end, b"")


def _line_is_done(src: bytes, pos: int) -> bool:
    rest = src[pos : syntax.line_end(src, pos)].strip()
    return rest == b"" or rest.startswith(b"//")


def _is_blank_line(src: bytes, start: int) -> bool:
    return start < len(src) and src[start : syntax.line_end(src, start)].strip() == b""


def _blank_or_open(src: bytes, start: int) -> bool:
    """The line before `start` is blank, opens the import block, or there is none."""
    if start == 0:
        return True
    prev = src[syntax.line_start(src, start - 1) : start - 1].strip()
    return prev == b"" or prev.endswith(b"(")


def _blank_or_close(src: bytes, end: int) -> bool:
    """The line at `end` is blank, closes the import block, or the text ends."""
    if end >= len(src):
        return True
    line = src[end : syntax.line_end(src, end)].strip()
    return line == b"" or line.startswith(b")")


def _spec_line(imp: Import) -> str:
    return f'{imp.name} "{imp.path}"' if imp.name else f'"{imp.path}"'


def _into_block(src: bytes, block: Node, missing: list[Import]) -> list[Edit]:
    """Insert each import at its sorted place in the block's first group (a run of
    specs with no blank line between), which is where gofmt keeps it."""
    specs = [c for c in block.named_children if c.type == "import_spec"]
    if not specs:
        at = block.start_byte + 1
        new = "".join(f"\n\t{_spec_line(i)}" for i in sorted(missing, key=lambda i: i.path))
        return [Edit(at, at, new.encode())]
    group = [specs[0]]
    for prev, spec in zip(specs, specs[1:]):
        if spec.start_point[0] - prev.end_point[0] > 1:
            break
        group.append(spec)
    edits = []
    for imp in sorted(missing, key=lambda i: i.path):
        after = None
        for spec in group:
            raw = text(spec.child_by_field_name("path"))[1:-1]
            if raw < imp.path:
                after = spec
        if after is None:
            first = group[0]
            start = src.rfind(b"\n", 0, first.start_byte) + 1
            edits.append(Edit(start, start, f"\t{_spec_line(imp)}\n".encode()))
        else:
            end = src.find(b"\n", after.end_byte)
            end = len(src) if end < 0 else end
            edits.append(Edit(end, end, f"\n\t{_spec_line(imp)}".encode()))
    return _merge_same_point(edits)


def _merge_same_point(edits: list[Edit]) -> list[Edit]:
    by_point: dict[int, bytes] = {}
    for e in edits:
        by_point[e.start] = by_point.get(e.start, b"") + e.new
    return [Edit(p, p, new) for p, new in by_point.items()]

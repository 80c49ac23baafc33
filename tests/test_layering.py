"""The layers hold: the run is an engine service (gofixer/run.py, no click, no
rich) that the commands call; only `python -m gofixer` / the console script
imports the command line, and the command line loads `pr` and `lsp` only when
they run."""

import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "gofixer"


def imported(node: ast.AST) -> set[str]:
    """The modules an import statement in a gofixer module names, as absolute
    names (`from . import cli` is gofixer.cli)."""
    if isinstance(node, ast.Import):
        return {a.name for a in node.names}
    if not isinstance(node, ast.ImportFrom):
        return set()
    if node.level == 0:
        base = node.module or ""
    else:
        base = ".".join(["gofixer"] + ([node.module] if node.module else []))
    return {base} | {f"{base}.{a.name}" for a in node.names}


def imports(path: pathlib.Path, top_level_only: bool) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    out: set[str] = set()
    for node in nodes:
        out |= imported(node)
    return out


def named(modules: set[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


MODULES = sorted(PACKAGE.glob("*.py"))


@pytest.mark.parametrize("path", [p for p in MODULES if p.stem not in ("__main__", "cli")], ids=lambda p: p.name)
def test_only_main_imports_the_command_line(path):
    assert not named(imports(path, top_level_only=False), "gofixer.cli"), f"{path.name} imports gofixer.cli"


def test_the_run_knows_no_terminal():
    everything = imports(PACKAGE / "run.py", top_level_only=False)
    for name in ("click", "rich", "gofixer.cli", "gofixer.options", "gofixer.pr", "gofixer.lsp"):
        assert not named(everything, name), f"run.py imports {name}"


def test_the_command_line_loads_pr_and_lsp_lazily():
    top = imports(PACKAGE / "cli.py", top_level_only=True)
    assert not named(top, "gofixer.pr") and not named(top, "gofixer.lsp")
    assert named(imports(PACKAGE / "cli.py", top_level_only=False), "gofixer.pr")  # the lazy import is still found
    assert named(top, "gofixer.run")


def test_the_check_works():
    """The parsing above sees a module-level `from .cli import x` and a nested
    `from . import cli` alike."""
    source = "from .cli import main\ndef f():\n    from . import cli\n"
    tree = ast.parse(source)
    assert named(imported(tree.body[0]), "gofixer.cli")
    assert named(imported(tree.body[1].body[0]), "gofixer.cli")

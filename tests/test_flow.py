"""Unit tests for gofixer.flow.reached: where control can go after a point of
a function (pool-reset asks it which uses follow a Put and whether a Put is
reached without a reset)."""

from __future__ import annotations

import pytest

from gofixer import flow, syntax


def _body(src: str):
    text = f"package p\n\nfunc f() {{\n{src}\n}}\n".encode()
    tree = syntax.parse(text)
    func = next(syntax.of_type(tree.root_node, "function_declaration"))
    return tree, func


def _calls(func, name):
    return [n for n in syntax.walk(func) if n.type == "expression_statement" and syntax.text(n) == f"{name}()"]


def _reached(src: str, done_name: str | None = None):
    tree, func = _body(src)
    [start] = _calls(func, "mark")
    done = (lambda s: syntax.text(s) == f"{done_name}()") if done_name else None
    reach = flow.reached(start, done)
    names = ["use", "other", "done"]
    return sorted({syntax.text(s)[:-2] for n in names for s in _calls(func, n) if s in reach}), reach.exits


@pytest.mark.parametrize(
    "src,want,exits",
    [
        ("use()\nmark()\nother()", ["other"], True),
        ("if x {\nmark()\nreturn\n}\nuse()", [], True),  # the other path's use is not after the mark
        ("if x {\nmark()\n} else {\nuse()\n}\nother()", ["other"], True),
        ("for x {\nuse()\nif y {\nmark()\n}\n}", ["use"], True),  # the loop comes round
        ("for x {\nuse()\nif y {\nmark()\nbreak\n}\n}\nother()", ["other"], True),
        ("for {\nuse()\nmark()\n}", ["use"], False),
        ("switch x {\ncase 1:\nmark()\nfallthrough\ncase 2:\nuse()\ncase 3:\nother()\n}", ["use"], True),
        ("mark()\npanic(1)\nuse()", [], False),
        ("defer func() {\nmark()\nother()\n}()\nuse()", ["other"], True),  # a func literal's body ends with it
    ],
)
def test_reached_after(src, want, exits):
    assert _reached(src) == (want, exits)


def test_a_done_statement_blocks_the_path():
    assert _reached("mark()\nif x {\ndone()\nreturn\n}\nuse()", "done") == (["done", "use"], True)
    assert _reached("mark()\ndone()\nuse()", "done") == (["done"], False)


def test_entering_a_statement_includes_its_body():
    tree, func = _body("if use() {\nother()\n}")
    [stmt] = [s for s in syntax.statements(func.child_by_field_name("body"))]
    reach = flow.reached(stmt, entering=True)
    assert stmt in reach and _calls(func, "other")[0] in reach


def test_goto_is_unsupported():
    with pytest.raises(flow.Unsupported):
        _reached("mark()\ngoto L\nL:\nuse()")


def test_entering_ignores_done_for_the_start_but_not_for_a_later_round():
    tree, func = _body("for x {\nif y {\nuse()\n}\n}")
    loop = syntax.statements(func.child_by_field_name("body"))[0]
    inner = next(n for n in syntax.walk(loop) if n.type == "if_statement")
    reach = flow.reached(inner, lambda s: s.id == inner.id, entering=True)
    assert _calls(func, "use")[0] in reach  # entered once
    again = flow.reached(_calls(func, "use")[0], lambda s: s.id == inner.id)
    assert inner in again and again.exits  # entered, stopped there; the loop may end
    assert _calls(func, "use")[0] not in again  # the next round stops at the if

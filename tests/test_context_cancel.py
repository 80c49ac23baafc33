"""Unit tests for gofixer.flow (the structured path analysis context-cancel
uses) and for context-cancel decisions that are easier to state as before/after
pairs than as fixture files."""

from __future__ import annotations

import pytest

from gofixer import flow, syntax
from gofixer.analysis import FileContext
from gofixer.codemods import context_cancel
from gofixer.edits import apply_edits
from gofixer.source import SourceFile


def _body(src: str):
    text = f"package p\n\nfunc f() {{\n{src}\n}}\n".encode()
    tree = syntax.parse(text)
    func = next(syntax.of_type(tree.root_node, "function_declaration"))
    return tree, syntax.statements(func.child_by_field_name("body"))


def _marked(stmts, name="mark"):
    """The statement `mark()` anywhere below the statements."""
    for s in stmts:
        for n in syntax.walk(s):
            if n.type == "expression_statement" and syntax.text(n) == f"{name}()":
                return n
    raise AssertionError("no mark")


def _done(stmt):
    return stmt.type == "expression_statement" and syntax.text(stmt) == "done()"


def _leaks(src: str, scope_is_start_list=False):
    tree, stmts = _body(src)
    start = _marked(stmts)
    scope = start.parent if scope_is_start_list else None
    leaks = flow.leaks_after(start, _done, scope)
    return [syntax.text(j).split()[0] for j in leaks.jumps], len(leaks.ends)


@pytest.mark.parametrize(
    "src,jumps,ends",
    [
        ("mark()\ndone()", [], 0),
        ("mark()\nif x {\ndone()\n}", [], 1),
        ("mark()\nif x {\ndone()\n} else {\ndone()\n}", [], 0),
        ("mark()\nif x {\nreturn\n}\ndone()", ["return"], 0),
        ("mark()\nswitch x {\ncase 1:\ndone()\ndefault:\ndone()\n}", [], 0),
        ("mark()\nswitch x {\ncase 1:\ndone()\n}", [], 1),
        ("mark()\nswitch x {\ncase 1:\nbreak\ndefault:\ndone()\n}\nreturn", ["return"], 0),
        ("mark()\nfor x {\ndone()\n}", [], 1),  # may run zero times
        ("mark()\nfor {\ndone()\n}", [], 0),  # endless, never leaves
        ("mark()\nfor {\nif x {\nbreak\n}\n}\ndone()", [], 0),
        ("mark()\nL:\nfor {\nfor {\nbreak L\n}\n}\nreturn", ["return"], 0),
        ("mark()\nselect {\ncase <-c:\nreturn\ncase <-d:\ndone()\n}", ["return"], 0),
        ("mark()\nselect {}", [], 0),
        ("mark()\nif x {\npanic(1)\n}\ndone()", [], 0),
    ],
)
def test_leaks_after_in_function(src, jumps, ends):
    assert _leaks(src) == (jumps, ends)


def test_leaks_climb_out_of_blocks():
    src = "if a {\nmark()\nif b {\nreturn\n}\n}\ndone()"
    assert _leaks(src) == (["return"], 0)


def test_leaks_stop_at_the_scope():
    src = "for {\nmark()\nif b {\ncontinue\n}\nif c {\nbreak\n}\n}"
    assert _leaks(src, scope_is_start_list=True) == (["continue", "break"], 1)


def test_climbing_out_of_a_loop_is_unsupported():
    with pytest.raises(flow.Unsupported):
        _leaks("for {\nmark()\n}\ndone()")


def test_no_return_skip_needs_a_test_receiver():
    _, stmts = _body("t.Skip()\nd.Skip()\nos.Exit(1)\nlog.Fatalf(\"x\")")
    assert [flow.is_no_return(s) for s in stmts] == [True, False, True, True]


# ------------------------------------------------------------------ codemod


def _fix(src: str) -> tuple[list[context_cancel.Finding], str]:
    text = src.encode()
    source = SourceFile("x.go", "/nonexistent/x.go", text, text, False, False, 0o644, None)
    ctx = FileContext(source, syntax.parse(text))
    findings = list(context_cancel.run(ctx))
    edits = [e for f in findings if f.fix for e in f.fix.edits]
    return findings, apply_edits(text, edits).decode()


HEADER = 'package p\n\nimport "context"\n\n'


def test_discarded_gets_a_deferred_cancel():
    findings, out = _fix(HEADER + "func f(p context.Context) error {\n\tctx, _ := context.WithCancel(p)\n\treturn ctx.Err()\n}\n")
    assert len(findings) == 1
    assert "ctx, cancel := context.WithCancel(p)\n\tdefer cancel()\n" in out


def test_response_returned_is_not_fixed():
    src = HEADER.replace('"context"', '(\n\t"context"\n\t"net/http"\n)') + (
        "func f(p context.Context, c *http.Client) (*http.Response, error) {\n"
        "\tctx, _ := context.WithCancel(p)\n"
        "\treq, _ := http.NewRequestWithContext(ctx, \"GET\", \"/\", nil)\n"
        "\tresp, err := c.Do(req)\n"
        "\treturn resp, err\n}\n"
    )
    [finding], _ = _fix(src)
    assert finding.fix is None and "returned" in finding.reason


def test_error_from_a_call_is_not_derived():
    src = HEADER + (
        "func f(p context.Context, run func(context.Context) (int, error)) error {\n"
        "\tctx, _ := context.WithCancel(p)\n"
        "\t_, err := run(ctx)\n"
        "\treturn err\n}\n"
    )
    [finding], out = _fix(src)
    assert finding.fix is not None and "defer cancel()" in out


def test_cancel_passed_on_is_not_reported():
    src = HEADER + (
        "func f(p context.Context, keep func(func())) error {\n"
        "\tctx, cancel := context.WithCancel(p)\n"
        "\tkeep(cancel)\n"
        "\treturn ctx.Err()\n}\n"
    )
    assert _fix(src)[0] == []

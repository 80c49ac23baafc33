"""chan-leak: the buffer size is the most sends any one path of each goroutine
makes; what cannot be counted is reported without a fix."""

from __future__ import annotations

import pytest

from gofixer.codemods import chan_leak
from gofixer.discover import Target
from gofixer.pipeline import Options, process_group

TEMPLATE = """package p

import "context"

func f(ctx context.Context, a, b int) int {
	ch := make(chan int)
	go func() {
%s
	}()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}
"""


def _result(tmp_path, body: str):
    path = tmp_path / "p.go"
    path.write_text(TEMPLATE % body)
    [res] = process_group([Target("p.go", str(path), explicit=True)], Options(("chan-leak",)))
    assert not res.warnings
    return res


@pytest.mark.parametrize(
    "body,size",
    [
        ("\t\tch <- a", 1),
        ("\t\tif a > b {\n\t\t\tch <- a\n\t\t\treturn\n\t\t}\n\t\tch <- b", 1),
        ("\t\tif a > b {\n\t\t\tch <- a\n\t\t} else {\n\t\t\tch <- b\n\t\t}", 1),
        ("\t\tswitch {\n\t\tcase a > b:\n\t\t\tch <- a\n\t\tcase a < b:\n\t\t\tch <- b\n\t\tdefault:\n\t\t}", 1),
        ("\t\tselect {\n\t\tcase ch <- a:\n\t\t}", 1),
        ("\t\tswitch {\n\t\tcase a > b:\n\t\t\tch <- a\n\t\t\tbreak\n\t\tdefault:\n\t\t\tch <- b\n\t\t}", 1),
    ],
)
def test_buffer_counts_the_sends_of_one_path(tmp_path, body, size):
    res = _result(tmp_path, body)
    [rep] = res.reports
    assert rep.fixable, rep.reason
    assert f"ch := make(chan int, {size})" in res.new_raw.decode()


@pytest.mark.parametrize(
    "body,reason",
    [
        ("\t\tfor i := 0; i < a; i++ {\n\t\t\tch <- i\n\t\t}", "cannot be counted"),
        ("\t\tsend := func() { ch <- a }\n\t\tsend()", "a function literal other than a goroutine sends"),
        ("\t\tdefer func() { ch <- b }()\n\t\tch <- a", "a function literal other than a goroutine sends"),
        ("\t\tch <- a\n\t\tprintln(len(ch))", "len or cap"),
        ("\t\tif a > b {\n\t\t\tch <- a\n\t\t}\n\t\tch <- b", "goes on after its send"),
        ("\t\tif a > b {\n\t\t\tgoto done\n\t\t}\n\t\tch <- a\n\tdone:", "goes on after its send"),
    ],
)
def test_what_cannot_be_counted_is_reported_without_a_fix(tmp_path, body, reason):
    res = _result(tmp_path, body)
    [rep] = res.reports
    assert not rep.fixable and reason in rep.reason
    assert not res.changed


def test_a_sender_with_its_own_way_out_is_not_reported(tmp_path):
    res = _result(tmp_path, "\t\tselect {\n\t\tcase ch <- a:\n\t\tcase <-ctx.Done():\n\t\t}")
    assert res.reports == []


@pytest.mark.parametrize(
    "text,maybe",
    [
        (b"\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n", True),
        (b"\tch := make( chan int)\n\tgo work(ch)\n", True),
        (b"\tch := make(chan int)\n\treturn ch\n", False),  # no goroutine started here
        (b"\tgo func() { out <- 1 }()\n", False),  # the channel is made elsewhere
    ],
)
def test_prefilter_shapes(text, maybe):
    assert chan_leak.prefilter(text) is maybe

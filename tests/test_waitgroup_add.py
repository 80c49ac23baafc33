"""waitgroup-add's option `use-go-method`: the `wg.Go(func() { ... })` form, only
where go.mod allows it (Go 1.25) and only for the plain shape."""

from __future__ import annotations

import pytest

from gofixer.discover import Target
from gofixer.pipeline import Options, process_group
from gotool import go

SRC = """package p

import "sync"

func run(jobs []func()) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		go func() {
			wg.Add(1)
			defer wg.Done()
			job()
		}()
	}
	wg.Wait()
}

func withParam(jobs []func()) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		go func(j func()) {
			wg.Add(1)
			defer wg.Done()
			j()
		}(job)
	}
	wg.Wait()
}
"""

GO_FORM = """package p

import "sync"

func run(jobs []func()) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Go(func() {
			job()
		})
	}
	wg.Wait()
}

func withParam(jobs []func()) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func(j func()) {
			defer wg.Done()
			j()
		}(job)
	}
	wg.Wait()
}
"""


def _fix(tmp_path, go_version: str, use_go: bool) -> str:
    (tmp_path / "go.mod").write_text(f"module m\n\ngo {go_version}\n")
    path = tmp_path / "p.go"
    path.write_text(SRC)
    opts = Options(("waitgroup-add",), codemod_options=Options.freeze({"waitgroup-add": {"use-go-method": use_go}}))
    [result] = process_group([Target("p.go", str(path), explicit=True)], opts)
    assert not result.warnings
    return result.new_raw.decode()


def test_go_method_where_go_mod_allows_it(tmp_path):
    out = _fix(tmp_path, "1.25", True)
    assert out == GO_FORM
    (tmp_path / "p.go").write_text(out)
    proc = go("vet", "./...", cwd=str(tmp_path))
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("version,use_go", [("1.24", True), ("1.25", False)])
def test_add_moved_otherwise(tmp_path, version, use_go):
    out = _fix(tmp_path, version, use_go)
    assert "wg.Go(" not in out and out.count("wg.Add(1)\n\t\tgo func(") == 2

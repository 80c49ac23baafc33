"""gofixer.toml: typed values, unknown keys in codemod tables, found by walking up
from the paths given (in or out of git), and every bad file an exit 2 with one
line naming it, never a traceback."""

from __future__ import annotations

import fnmatch
import subprocess
import sys

import pytest

from gofixer.config import ConfigError, exclude_matcher, find_config, load_config
from tests.test_cli import LEAK

DEFAULTS = {"waitgroup-add": {"use-go-method": False}, "comma-ok": {"include-pool-get": False}, "loop-defer": {}}


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("GOFIXER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def gofixer(*args, cwd):
    return subprocess.run([sys.executable, "-m", "gofixer", *args], cwd=cwd, capture_output=True, text=True)


def one_error_line(r) -> str:
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    return lines[0]


def write_config(tmp_path, text: str | bytes) -> str:
    p = tmp_path / "gofixer.toml"
    p.write_bytes(text.encode() if isinstance(text, str) else text)
    return str(p)


@pytest.mark.parametrize(
    "text,needle",
    [
        ('[waitgroup-add]\nuse-go-method = "no"\n', "[waitgroup-add] use-go-method must be true or false, not a string 'no'"),
        ("unsafe-fixes = 1\n", "unsafe-fixes must be true or false, not an integer"),
        ('select = "context-cancel"\n', "select must be a list of strings"),
        ("exclude = [1]\n", "exclude must be a list of strings, but holds an integer"),
        ("[comma-ok]\ninclude-pool-gett = true\n", "[comma-ok] has no option 'include-pool-gett' (known: include-pool-get)"),
        ("[loop-defer]\nanything = true\n", "[loop-defer] has no option 'anything' (known: none)"),
        ("comma-ok = 3\n", "[comma-ok] must be a table of options"),
    ],
)
def test_wrong_types_and_unknown_keys_name_file_key_and_type(tmp_path, text, needle):
    path = write_config(tmp_path, text)
    with pytest.raises(ConfigError) as e:
        load_config(path, DEFAULTS)
    assert str(e.value).startswith(path + ": ") and needle in str(e.value)


def test_right_types_load(tmp_path):
    path = write_config(tmp_path, 'unsafe-fixes = false\n\n[waitgroup-add]\nuse-go-method = true\n')
    cfg = load_config(path, DEFAULTS)
    assert cfg.codemod_options == {"waitgroup-add": {"use-go-method": True}}


@pytest.mark.parametrize(
    "content,needle",
    [
        (b"select = [\"caf\xe9\"]\n", "not UTF-8"),
        (b"select = [\n", "not valid TOML"),
        (b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n", "nested too deeply"),
        (b"# " + b"x" * (2 << 20) + b"\n", "larger than"),
        (b'ignore = ["' + b"a" * 500_000 + b'"]\n', "unknown codemod id 'aaaa"),
    ],
    ids=["not-utf8", "invalid-toml", "deep-nesting", "too-large", "huge-id"],
)
def test_a_bad_file_is_one_line_and_exit_2(tmp_path, content, needle):
    (tmp_path / "a.go").write_text(LEAK)
    write_config(tmp_path, content)
    line = one_error_line(gofixer("check", ".", cwd=tmp_path))
    assert "gofixer.toml" in line and needle in line
    assert len(line) < 400  # values are echoed cut short


def test_a_bad_select_in_the_file_names_the_file(tmp_path):
    (tmp_path / "a.go").write_text(LEAK)
    write_config(tmp_path, 'select = ["contxt-cancel"]\n')
    line = one_error_line(gofixer("check", ".", cwd=tmp_path))
    assert "gofixer.toml: unknown codemod id 'contxt-cancel'" in line


def test_too_many_exclude_patterns_is_an_error(tmp_path):
    (tmp_path / "a.go").write_text(LEAK)
    write_config(tmp_path, "exclude = [" + ", ".join(f'"d{i}/*"' for i in range(20_000)) + "]\n")
    assert "exclude holds 20000 patterns" in one_error_line(gofixer("check", ".", cwd=tmp_path))


def test_the_exclude_matcher_means_what_fnmatch_meant():
    patterns = ["internal/legacy/*", "*_gen.go", "skip", "a?c/[xy].go", "deep/dir/"]
    paths = ["internal/legacy/x.go", "internal/x.go", "pkg/z_gen.go", "skip/a.go", "skipper/a.go", "abc/x.go",
             "abc/z.go", "deep/dir/e.go", "deep/e.go", "a/skip/b.go"]
    match = exclude_matcher(patterns)
    for p in paths:
        old = any(fnmatch.fnmatch(p, pat) or fnmatch.fnmatch(p, pat.rstrip("/") + "/*") for pat in patterns)
        assert match(p) == old, p
    many = exclude_matcher([f"gen{i}/*" for i in range(5000)] + [f"lit{i}" for i in range(5000)])
    assert many("gen4999/x.go") and many("lit17/y/z.go") and not many("gen5000/x.go")


def test_found_from_the_path_given_not_the_current_directory(tmp_path):
    project = tmp_path / "project"
    (project / "pkg").mkdir(parents=True)
    (project / "pkg" / "a.go").write_text(LEAK)
    write_config(project, 'ignore = ["context-cancel"]\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    r = gofixer("check", str(project / "pkg"), cwd=elsewhere)
    assert r.returncode == 0, r.stdout  # the project's config silences the finding


def test_found_in_a_parent_folder_outside_git_and_not_above_a_repository(tmp_path):
    outer = tmp_path / "outer"
    inner = outer / "inner"
    inner.mkdir(parents=True)
    write_config(outer, 'ignore = ["context-cancel"]\n')
    assert find_config([str(inner)]) == str(outer / "gofixer.toml")
    subprocess.run(["git", "init", "-q", str(inner)], check=True)
    assert find_config([str(inner)]) is None  # the repository root is as far as it looks
    (inner / "sub").mkdir()
    write_config(inner, "")
    assert find_config([str(inner / "sub")]) == str(inner / "gofixer.toml")


def test_paths_under_different_configs_are_refused(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x.go").write_text(LEAK)
        write_config(tmp_path / name, "")
    line = one_error_line(gofixer("check", "a", "b", cwd=tmp_path))
    assert "different configuration files" in line

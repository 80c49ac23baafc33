import os
import shutil
import subprocess

import pytest
from hypothesis import given, settings, strategies as st, HealthCheck

from gofixer.render import unified_diff
from gofixer.source import read_source
from gofixer.writer import StaleFile, write_atomic

CASES = [
    (b"a\nb\nc\n", b"a\nB\nc\n"),
    (b"a\r\nb\r\n", b"a\r\nx\r\nb\r\n"),
    (b"\xef\xbb\xbfpackage p\n", b"\xef\xbb\xbfpackage p\n\nimport \"fmt\"\n"),
    (b"a\nb", b"a\nb\nc"),  # no final newline, before and after
    (b"a\nb", b"a\nb\n"),
]


def _apply_both_ways(tmp_path, old: bytes, new: bytes):
    for tool in ("git", "patch"):
        d = tmp_path / tool
        if d.exists():
            shutil.rmtree(d)
        (d / "pkg").mkdir(parents=True)
        (d / "pkg" / "f.go").write_bytes(old)
        patch = unified_diff("pkg/f.go", old, new)
        (d / "p.patch").write_bytes(patch)
        if tool == "git":
            cmd = ["git", "apply", "--unsafe-paths", "p.patch"]
        else:
            cmd = ["patch", "-p1", "--binary", "-s", "-i", "p.patch"]
        proc = subprocess.run(cmd, cwd=d, capture_output=True, text=True)
        assert proc.returncode == 0, (tool, proc.stdout, proc.stderr, patch)
        assert (d / "pkg" / "f.go").read_bytes() == new, tool


@pytest.mark.parametrize("old,new", CASES)
def test_diff_applies_with_git_and_patch(tmp_path, old, new):
    _apply_both_ways(tmp_path, old, new)


lines = st.lists(st.sampled_from(["package p", "", "\tx := 1", "}", "func f() {", "// é"]), min_size=1, max_size=12)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(lines, lines, st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_diff_roundtrip_property(tmp_path, a, b, eol, final):
    old = (eol.join(a) + (eol if final else "")).encode()
    new = (eol.join(b) + eol).encode()
    if old == new:
        return
    _apply_both_ways(tmp_path, old, new)


def test_write_keeps_mode_and_refuses_stale_files(tmp_path):
    p = tmp_path / "a.go"
    p.write_bytes(b"package p\n")
    os.chmod(p, 0o755)
    src = read_source(str(p))
    write_atomic(str(p), b"package q\n", src.fingerprint, src.mode)
    assert p.read_bytes() == b"package q\n"
    assert os.stat(p).st_mode & 0o777 == 0o755
    # The file changes on disk after it was read: the write is refused, nothing lost.
    p.write_bytes(b"package edited\n")
    with pytest.raises(StaleFile):
        write_atomic(str(p), b"package r\n", src.fingerprint, src.mode)
    assert p.read_bytes() == b"package edited\n"
    assert [n for n in os.listdir(tmp_path) if n.startswith(".gofixer-")] == []


def test_write_through_symlink_keeps_the_link(tmp_path):
    real = tmp_path / "real.go"
    real.write_bytes(b"package p\n")
    link = tmp_path / "link.go"
    os.symlink(real, link)
    src = read_source(str(link))
    write_atomic(str(link), b"package q\n", src.fingerprint, src.mode)
    assert os.path.islink(link) and real.read_bytes() == b"package q\n"


def test_check_json_is_the_json_module_s_indented_output():
    """as_check_json spells the objects out itself (fast); it must be exactly what
    json.dumps(indent=2) makes of them, escapes included."""
    import json

    from gofixer.render import as_check_json
    from gofixer.results import Report

    reports = [
        Report("comma-ok", "a/b \"q\".go", 3, 4, 3, 9, "x.(T) panics: naïve \\ \t\u2028", "unsafe", True, True),
        Report("loop-defer", "c.go", 10, 1, 12, 2, "defer in loop", "safe", False, False, reason="why \"not\""),
        Report("ioutil", "d.go", 1, 1, 1, 1, "m", "safe", True, False),
    ]
    expected = []
    for r in reports:
        item = r.as_json()
        if item["fix"] is not None:
            item["fix"] = {"safety": r.safety, "applied": False, "applicable": r.applied}
        expected.append(item)
    assert as_check_json(reports) == json.dumps(expected, indent=2) + "\n"
    assert as_check_json([]) == json.dumps([], indent=2) + "\n"

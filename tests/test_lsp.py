"""The language server: a real client session over stdio with `python -m gofixer
lsp` (JSON-RPC with Content-Length framing, written here), and its position and
edit arithmetic on non-ASCII text."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading

import pytest
from lsprotocol import types

from gofixer.buffer import PackageIndexes, fix_one, process_buffer
from gofixer.lsp import Positions, ignore_action, settings_for, text_edits
from gofixer.pipeline import Options, Report

# A bound on every wait, so a broken server fails the test instead of hanging it.
# Generous: the machines running the suite are shared and slow at times.
TIMEOUT = 120

# On disk the file is clean; the buffer the editor holds has the bugs. 𝒳 is a
# letter outside the Basic Multilingual Plane: one character, two UTF-16 code
# units, four UTF-8 bytes.
ON_DISK = """package shop

import (
	"context"
	"time"
)

func use(ctx context.Context) error { return ctx.Err() }

func Fetch(parent context.Context) error {
	ctx𝒳, cancel := context.WithTimeout(parent, time.Second)
	defer cancel()
	return use(ctx𝒳)
}
"""

BUFFER = """package shop

import (
	"context"
	"os"
	"time"
)

func use(ctx context.Context) error { return ctx.Err() }

func Fetch(parent context.Context) error {
	ctx𝒳, _ := context.WithTimeout(parent, time.Second)
	return use(ctx𝒳)
}

func Price(x any) (float64, error) {
	v := x.(float64)
	return v, nil
}

func Count(x any) int {
	return x.(int)
}

func Sizes(paths []string) (int64, error) {
	var total int64
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return 0, err
		}
		total += st.Size()
	}
	return total, nil
}
"""
CANCEL_LINE = 11  # 0-based, as LSP counts
PRICE_LINE = 16
COUNT_LINE = 21


# Where the docs are published, as a deployment sets it (unset: no link).
DOCS_URL = "https://docs.example.com/gofixer/codemods/"


class Client:
    """A minimal LSP client: frames messages, answers the server's requests with
    null, and keeps notifications until a test asks for them."""

    def __init__(self, cwd: str, stderr_path: str):
        self.stderr_path = stderr_path
        with open(stderr_path, "wb") as stderr:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "gofixer", "lsp"], cwd=cwd,
                env=dict(os.environ, GOFIXER_DOCS_URL=DOCS_URL),
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr,
            )
        self.incoming: queue.Queue = queue.Queue()
        self.kept: list[dict] = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.incoming.put(None)  # the server closed its output
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            self.incoming.put(json.loads(out.read(length)))

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: dict) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict | None) -> dict:
        """The response (result or error) to a request."""
        self.next_id += 1
        ident = self.next_id
        self.send({"id": ident, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == ident and "method" not in m)

    def wait(self, matches) -> dict:
        """The first message `matches` accepts, kept or still to come."""
        for m in self.kept:
            if matches(m):
                self.kept.remove(m)
                return m
        while True:
            try:
                m = self.incoming.get(timeout=TIMEOUT)
            except queue.Empty:
                pytest.fail(f"no matching message from the server within {TIMEOUT} s; kept: {self.kept}"
                            f"{self.stderr()}")
            if m is None:
                pytest.fail(f"the server exited (code {self.proc.wait(TIMEOUT)}); kept: {self.kept}{self.stderr()}")
            if "method" in m and "id" in m:  # a request from the server
                self.send({"id": m["id"], "result": None})
                continue
            if matches(m):
                return m
            self.kept.append(m)

    def diagnostics(self, uri: str, version: int) -> list[dict]:
        """The diagnostics published for this version of the document."""
        m = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                      and m["params"]["uri"] == uri and m["params"].get("version") == version)
        return m["params"]["diagnostics"]

    def stderr(self) -> str:
        with open(self.stderr_path, encoding="utf-8", errors="replace") as f:
            return "\nserver stderr:\n" + f.read()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(TIMEOUT)


@pytest.fixture
def project(tmp_path):
    """A git repository whose gofixer.toml, at its root, selects context-cancel,
    comma-ok and loop-defer and ignores loop-defer (so the buffer's loop-defer
    finding must not show), with the Go file one folder down (named with a
    space, which its URI quotes)."""
    root = tmp_path / "repo"
    (root / "my shop").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / "gofixer.toml").write_text('select = ["context-cancel", "comma-ok", "loop-defer"]\nignore = ["loop-defer"]\n')
    (root / "my shop" / "go.mod").write_text("module example.com/shop\n\ngo 1.22\n")
    path = root / "my shop" / "shop.go"
    path.write_text(ON_DISK, encoding="utf-8")
    return path


@pytest.fixture
def client(tmp_path):
    # Run from outside the repository: the configuration must be found from the
    # document, not from the server's working directory.
    c = Client(str(tmp_path), str(tmp_path / "server.stderr"))
    try:
        yield c
    finally:
        c.close()


def initialize(client: Client, root, encoding: str | None = None) -> None:
    """Initialize the session, offering `encoding` for positions (default: none,
    so LSP's UTF-16)."""
    capabilities = {"general": {"positionEncodings": [encoding]}} if encoding else {}
    response = client.request("initialize", {"processId": os.getpid(), "rootUri": root.as_uri(),
                                             "capabilities": capabilities})
    caps = response["result"]["capabilities"]
    assert caps.get("positionEncoding", "utf-16") == (encoding or "utf-16")
    assert "source.fixAll.gofixer" in caps["codeActionProvider"]["codeActionKinds"]
    client.notify("initialized", {})


def apply(text: str, edits: list[dict]) -> str:
    """`text` after LSP TextEdits, positions read as UTF-16 code units."""
    def offset(pos):
        lines = text.split("\n")
        head = sum(len(line) + 1 for line in lines[: pos["line"]])
        units = lines[pos["line"]].encode("utf-16-le")[: 2 * pos["character"]]
        return head + len(units.decode("utf-16-le"))

    for e in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]), reverse=True):
        start, end = offset(e["range"]["start"]), offset(e["range"]["end"])
        text = text[:start] + e["newText"] + text[end:]
    return text


def test_session(project, client):
    uri = project.as_uri()
    initialize(client, project.parent.parent)
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": BUFFER}})

    diags = client.diagnostics(uri, 1)
    by_code = {d["code"]: d for d in diags if d["code"] != "comma-ok"}
    assert sorted(d["code"] for d in diags) == ["comma-ok", "comma-ok", "context-cancel"]  # loop-defer: ignored
    cancel = by_code["context-cancel"]
    # "\tctx𝒳, " is 7 characters but 8 UTF-16 code units.
    assert cancel["range"]["start"] == {"line": CANCEL_LINE, "character": 8}
    assert cancel["source"] == "gofixer" and cancel["severity"] == 2
    assert cancel["codeDescription"]["href"] == DOCS_URL + "context-cancel.md"
    assert "discarded" in cancel["message"]
    count = next(d for d in diags if d["range"]["start"]["line"] == COUNT_LINE)
    assert "(not fixed: " in count["message"]

    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": cancel["range"], "context": {"diagnostics": [cancel]},
    })["result"]
    titles = [a["title"] for a in actions]
    assert "gofixer: fix context-cancel" in titles
    assert "gofixer: ignore this context-cancel finding" in titles
    assert "gofixer: fix all safe findings in this file" in titles

    fix = next(a for a in actions if a["title"] == "gofixer: fix context-cancel")
    assert fix["kind"] == "quickfix" and fix["isPreferred"] is True
    fixed = apply(BUFFER, fix["edit"]["changes"][uri])
    assert "\tctx𝒳, cancel := context.WithTimeout(parent, time.Second)\n\tdefer cancel()\n\treturn use(ctx𝒳)" in fixed
    assert fixed.replace("cancel := context", "_ := context").replace("\tdefer cancel()\n", "") == BUFFER

    ignore = next(a for a in actions if a["title"].startswith("gofixer: ignore"))
    assert apply(BUFFER, ignore["edit"]["changes"][uri]) == BUFFER.replace(
        "\tctx𝒳, _ :=", "\t//gofixer:ignore context-cancel\n\tctx𝒳, _ :=")

    fix_all = next(a for a in actions if a["kind"] == "source.fixAll.gofixer")
    all_fixed = apply(BUFFER, fix_all["edit"]["changes"][uri])
    assert "defer cancel()" in all_fixed
    assert "v := x.(float64)" in all_fixed  # comma-ok's fix is unsafe: not in "all safe"

    price = next(d for d in diags if d["range"]["start"]["line"] == PRICE_LINE)
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": price["range"],
        "context": {"diagnostics": [price], "only": ["quickfix"]},
    })["result"]
    unsafe = next(a for a in actions if a["title"] == "gofixer: fix comma-ok (unsafe)")
    assert unsafe["isPreferred"] is False
    assert ", ok := x.(float64)" in apply(BUFFER, unsafe["edit"]["changes"][uri])
    assert not any(a["kind"] == "source.fixAll.gofixer" for a in actions)

    # The editor applies the quick fix as an incremental change: only comma-ok is left.
    changes = [{"range": e["range"], "text": e["newText"]} for e in
               sorted(fix["edit"]["changes"][uri], key=lambda e: (e["range"]["start"]["line"],
                                                                  e["range"]["start"]["character"]), reverse=True)]
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": changes})
    assert sorted(d["code"] for d in client.diagnostics(uri, 2)) == ["comma-ok", "comma-ok"]

    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3},
                                             "contentChanges": [{"text": ON_DISK}]})
    assert client.diagnostics(uri, 3) == []

    client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    assert client.request("shutdown", None).get("error") is None
    client.notify("exit", {})
    assert client.proc.wait(TIMEOUT) == 0


def test_configuration_broken_then_mended(project, client):
    config = project.parent.parent / "gofixer.toml"
    config.write_text("select = [\n")
    uri = project.as_uri()
    initialize(client, project.parent.parent, "utf-8")
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": BUFFER}})
    shown = client.wait(lambda m: m.get("method") == "window/showMessage")
    assert str(config) in shown["params"]["message"] and "not valid TOML" in shown["params"]["message"]
    assert client.diagnostics(uri, 1) == []

    # A message the server cannot read is logged, and the server goes on.
    client.send({"id": 99, "method": "textDocument/codeAction", "params": {"textDocument": {"uri": uri}}})
    client.wait(lambda m: m.get("method") == "window/logMessage" and "internal error" in m["params"]["message"])

    # Read again on the next save: codemod options and unsafe-fixes hold.
    config.write_text('select = ["context-cancel", "loop-defer", "comma-ok"]\nunsafe-fixes = true\n\n'
                      '[comma-ok]\ninclude-pool-get = true\n')
    pooled = BUFFER.replace('"os"\n', '"os"\n\t"sync"\n') + (
        "\nfunc Get(pool *sync.Pool) (*os.File, error) {\n\treturn pool.Get().(*os.File), nil\n}\n")
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                             "contentChanges": [{"text": pooled}]})
    diags = client.diagnostics(uri, 2)
    assert sorted(d["code"] for d in diags) == ["comma-ok", "comma-ok", "comma-ok", "context-cancel", "loop-defer"]
    cancel = next(d for d in diags if d["code"] == "context-cancel")
    # One line lower for the import of sync; "\tctx𝒳, " is 10 UTF-8 bytes.
    assert cancel["range"]["start"] == {"line": CANCEL_LINE + 1, "character": 10}

    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": diags[0]["range"], "context": {"diagnostics": [], "only": ["source"]},
    })["result"]
    assert [a["title"] for a in actions] == [
        "gofixer: fix all findings in this file (unsafe fixes included, as gofixer.toml says)"]
    assert ", ok := x.(float64)" in apply(pooled, actions[0]["edit"]["changes"][uri])


def test_settings_come_from_the_repository_root_and_honour_exclude(project):
    root = project.parent.parent
    assert settings_for(str(project)).options.codemods == ("context-cancel", "comma-ok")
    assert not settings_for(str(project)).excluded
    (root / "gofixer.toml").write_text('exclude = ["my shop/*"]\n')
    assert settings_for(str(project)).excluded


def test_check_does_not_load_the_language_server(tmp_path):
    (tmp_path / "a.go").write_text("package a\n")
    code = ("import sys\nfrom gofixer.cli import main\n"
            "try:\n    main(['check', '--no-cache', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol')))")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=TIMEOUT)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stderr


# ------------------------------------------------------------------ one buffer through the engine


def test_a_buffer_needs_no_file_on_disk(tmp_path):
    path = str(tmp_path / "unsaved.go")
    result = process_buffer(path, BUFFER, Options(("context-cancel",), fix=True))
    assert [r.codemod for r in result.reports] == ["context-cancel"]
    assert b"defer cancel()" in result.new_raw
    assert not os.path.exists(path)


def test_one_fix_names_what_the_package_leaves_free(tmp_path):
    # A sibling file declares cancel at package level: the fix, even asked with
    # the report-only options diagnostics use, must pick another name.
    (tmp_path / "other.go").write_text("package shop\n\nfunc cancel() {}\n")
    path = str(tmp_path / "shop.go")
    fixed = fix_one(path, BUFFER, Options(("context-cancel",), fix=False), "context-cancel", CANCEL_LINE + 1, 8)
    assert "ctx𝒳, cancel2 := context.WithTimeout" in fixed and "defer cancel2()" in fixed
    assert fix_one(path, BUFFER, Options(("context-cancel",)), "context-cancel", CANCEL_LINE + 1, 7) is None


def test_package_indexes_are_kept_while_the_folder_is_unchanged(tmp_path):
    (tmp_path / "a.go").write_text("package shop\n")
    indexes = PackageIndexes(keep=1)
    first = indexes(str(tmp_path))
    assert indexes(str(tmp_path)) is first
    (tmp_path / "b.go").write_text("package shop\n\nfunc cancel() {}\n")
    second = indexes(str(tmp_path))
    assert second is not first and second.declares("cancel")
    other = tmp_path / "other"
    other.mkdir()
    indexes(str(other))
    assert indexes(str(tmp_path)) is not second  # one folder kept


def test_a_buffer_over_max_file_size_is_left_alone(tmp_path):
    result = process_buffer(str(tmp_path / "big.go"), BUFFER, Options(("context-cancel",), max_file_size=100))
    assert result.reports == [] and "over max-file-size" in result.warnings[0]


def test_max_file_size_from_the_configuration(project):
    (project.parent.parent / "gofixer.toml").write_text('max-file-size = "64K"\n')
    assert settings_for(str(project)).options.max_file_size == 64 * 1024


def test_a_generated_buffer_is_left_alone(tmp_path):
    text = "// Code generated by hand. DO NOT EDIT.\n\n" + BUFFER
    assert process_buffer(str(tmp_path / "gen.go"), text, Options(("context-cancel",))).reports == []


# ------------------------------------------------------------------ positions and edits

LINE = "\tctx𝒳é, _ := f() // 🙂\n"


@pytest.mark.parametrize("encoding, character", [("utf-16", 9), ("utf-8", 12), ("utf-32", 8)])
def test_report_columns_in_each_position_encoding(encoding, character):
    # Column 9 in characters: after "\tctx𝒳é, " (𝒳 is 2 UTF-16 units, 4 bytes; é 1 unit, 2 bytes).
    positions = Positions("package p\n" + LINE, encoding)
    assert positions.at_column(2, 9) == types.Position(1, character)


def test_byte_order_mark_is_not_a_column():
    positions = Positions("\ufeffpackage p\n")
    assert positions.at_column(1, 9) == types.Position(0, 9)


def test_edits_start_where_a_line_first_differs():
    old = "package p\n" + LINE + "x\n"
    new = "package p\n" + LINE.replace("_", "cancel") + "\tdefer cancel()\nx\n"
    edits = text_edits(old, new, Positions(old))
    assert edits == [types.TextEdit(
        types.Range(types.Position(1, 9), types.Position(2, 0)),
        LINE.replace("_", "cancel")[8:] + "\tdefer cancel()\n",
    )]
    assert apply(old, [json.loads(json.dumps(_as_dict(e))) for e in edits]) == new


def test_edits_without_a_final_newline():
    old, new = "a\nb", "a\nc"
    assert apply(old, [_as_dict(e) for e in text_edits(old, new, Positions(old))]) == new


def test_ignore_joins_a_comment_already_above_and_keeps_crlf():
    text = "package p\r\n\r\nfunc f() {\r\n\t//gofixer:ignore loop-defer why\r\n\tx()\r\n\ty()\r\n}\r\n"
    report = Report("comma-ok", "p.go", 5, 2, 5, 5, "m", "unsafe", False, False)
    positions = Positions(text)
    diag = types.Diagnostic(types.Range(positions.at_column(5, 2), positions.at_column(5, 5)), "m")
    edit = ignore_action("file:///p.go", report, diag, positions).edit.changes["file:///p.go"]
    assert apply(text, [_as_dict(e) for e in edit]).splitlines()[3] == "\t//gofixer:ignore loop-defer,comma-ok why"

    report = Report("comma-ok", "p.go", 6, 2, 6, 5, "m", "unsafe", False, False)
    diag = types.Diagnostic(types.Range(positions.at_column(6, 2), positions.at_column(6, 5)), "m")
    edit = ignore_action("file:///p.go", report, diag, positions).edit.changes["file:///p.go"]
    assert "\r\n\t//gofixer:ignore comma-ok\r\n\ty()\r\n" in apply(text, [_as_dict(e) for e in edit])


def _as_dict(edit: types.TextEdit) -> dict:
    pos = lambda p: {"line": p.line, "character": p.character}  # noqa: E731
    return {"range": {"start": pos(edit.range.start), "end": pos(edit.range.end)}, "newText": edit.new_text}

"""`gofixer pr`, the pull-request bot: real git (a bare repository as the remote, a
fresh clone as the user's checkout) and the GitHub API faked on loopback
(tests/ghfake.py), so each test checks what was pushed and what was sent.

Most tests run the bot with two small stub codemods registered for the test (one safe,
one unsafe), so they do not depend on what the real codemods find; the last test runs
the real context-cancel codemod end to end."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

import ghfake
from gofixer import codemod, gitops, pr as prmod
from gofixer.cli import main
from gofixer.codemod import Finding
from gofixer.edits import Edit, Fix

SLUG = "acme/shop"
TOKEN = "test-token"

BUGGY = b"""package main

import (
	"context"
	"time"
)

func f(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, time.Second)
	return use(ctx)
}

func g() {
	time.Sleep(time.Hour)
}

func use(ctx context.Context) error { return ctx.Err() }

func main() {}
"""

CLEAN = b"""package util

func Add(a, b int) int { return a + b }
"""


# ------------------------------------------------------------------ stub codemods


def _stub_cancel(file):
    """Names the discarded cancel func and defers it (like context-cancel)."""
    for m in re.finditer(rb"ctx, _ := context\.With\w+\(.*\)\n", file.text):
        underscore = m.start() + len(b"ctx, ")
        indent = re.search(rb"[\t ]*$", file.text[: m.start()]).group(0)
        fix = Fix([Edit(underscore, underscore + 1, b"cancel"), Edit(m.end(), m.end(), indent + b"defer cancel()\n")])
        yield Finding("stub-cancel", m.start(), m.end() - 1, "the cancel func is discarded", fix=fix)


def _stub_sleep(file):
    """Shortens hour-long sleeps (unsafe: it changes timing); reports minute-long ones
    without a fix."""
    for m in re.finditer(rb"time\.Sleep\(time\.Hour\)", file.text):
        fix = Fix([Edit(m.start() + len(b"time.Sleep(time."), m.end() - 1, b"Second")])
        yield Finding("stub-sleep", m.start(), m.end(), "sleeps for an hour", fix=fix)
    for m in re.finditer(rb"time\.Sleep\(time\.Minute\)", file.text):
        yield Finding("stub-sleep", m.start(), m.end(), "sleeps for a minute", reason="the wait may be wanted")


def _module(name, ident, safety, run, doc):
    mod = types.ModuleType(f"gofixer.codemods.{name}", doc)
    mod.id, mod.summary, mod.safety, mod.run = ident, f"{ident} summary line", safety, run
    mod.prefilter = (b"context.With", b"time.Sleep")
    return mod


STUB_DOC = """
## What it does
Finds {what}.

## Why is this bad?
{why} matters to reviewers.
Second line of the same paragraph.

## Example
```go
x := 1
```

## Fix
{fix} is what the fix does.

## Fix safety
{safety} explains the risk.

## When it is not fixed
Sometimes.
"""


@pytest.fixture
def stubs(monkeypatch):
    mods = {
        "pr_stub_cancel": _module("pr_stub_cancel", "stub-cancel", "safe", _stub_cancel,
                                  STUB_DOC.format(what="cancels", why="Leaking timers", fix="Deferring cancel", safety="Safe")),
        "pr_stub_sleep": _module("pr_stub_sleep", "stub-sleep", "unsafe", _stub_sleep,
                                 STUB_DOC.format(what="sleeps", why="Long sleeps", fix="Shortening the sleep", safety="Timing changes")),
    }
    for name, mod in mods.items():
        monkeypatch.setitem(sys.modules, f"gofixer.codemods.{name}", mod)
    monkeypatch.setattr(codemod, "REGISTRY", tuple((name, mod.id, True) for name, mod in mods.items()))
    return mods


# ------------------------------------------------------------------ git world


def git(cwd, *args, check=True) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr}")
    return proc.stdout.strip()


@pytest.fixture
def world(tmp_path, monkeypatch):
    """A bare remote with `main` holding the buggy code, and a fresh clone (the
    user's checkout) on a local branch of its own with one local commit."""
    home = tmp_path / "home"
    home.mkdir()
    for k in ("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_API_URL", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(k, raising=False)
    for k in ("AUTHOR", "COMMITTER"):
        for part in ("NAME", "EMAIL", "DATE"):
            monkeypatch.delenv(f"GIT_{k}_{part}", raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GOFIXER_CACHE_DIR", str(tmp_path / "cache"))
    bare = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    seed = tmp_path / "seed"
    git(tmp_path, "init", "-q", "-b", "main", str(seed))
    _identity(seed, "Seed", "seed@example.com")
    (seed / "app").mkdir()
    (seed / "app" / "main.go").write_bytes(BUGGY)
    (seed / "util").mkdir()
    (seed / "util" / "util.go").write_bytes(CLEAN)
    (seed / "go.mod").write_text("module example.com/shop\n\ngo 1.23\n")
    git(seed, "add", ".")
    git(seed, "commit", "-q", "-m", "seed")
    git(seed, "push", "-q", str(bare), "main")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(bare), str(clone))
    _identity(clone, "Bot Author", "bot@example.com")
    git(clone, "checkout", "-q", "-b", "work")
    (clone / "notes.txt").write_text("local work\n")
    git(clone, "add", "notes.txt")
    git(clone, "commit", "-q", "-m", "local work")
    monkeypatch.chdir(clone)
    return types.SimpleNamespace(root=tmp_path, bare=bare, seed=seed, clone=clone)


def _identity(repo, name, email):
    git(repo, "config", "user.name", name)
    git(repo, "config", "user.email", email)


@pytest.fixture
def api():
    fake = ghfake.FakeGitHub(token=TOKEN)
    fake.add_repo(SLUG)
    with ghfake.Server(fake) as server:
        yield server


def run_pr(server, *args, token=TOKEN, url=None):
    env = {"GITHUB_TOKEN": token} if token else {}
    argv = ["pr", "--repo-slug", SLUG, "--api-url", url or server.url, *args]
    return CliRunner().invoke(main, argv, env=env, catch_exceptions=False)


def local_state(clone: Path, pushed: bool = False) -> dict:
    """Everything of the user's repository the bot must leave alone. After a
    successful push (`pushed`), git's own remote-tracking ref for the pushed branch
    is allowed: `git push` records what it sent, as it always does."""
    files = {}
    for p in sorted(clone.rglob("*")):
        if ".git" in p.relative_to(clone).parts or not p.is_file():
            continue
        files[str(p.relative_to(clone))] = p.read_bytes()
    return {
        "head": git(clone, "symbolic-ref", "HEAD"),
        "refs": "\n".join(
            line for line in git(clone, "for-each-ref", "--format=%(refname) %(objectname)").splitlines()
            if not (pushed and line.startswith("refs/remotes/origin/gofixer/"))
        ),
        "status": git(clone, "status", "--porcelain", "--untracked-files=all"),
        "index": git(clone, "ls-files", "-s"),
        "files": files,
        "worktrees": git(clone, "worktree", "list", "--porcelain"),
        "fetch_head": (clone / ".git" / "FETCH_HEAD").read_bytes() if (clone / ".git" / "FETCH_HEAD").exists() else None,
    }


def remote_refs(bare: Path) -> dict[str, str]:
    out = git(bare, "for-each-ref", "--format=%(refname) %(objectname)")
    return dict(line.split(" ") for line in out.splitlines())


# The bot's branch is named for the codemods that made commits: without
# --unsafe-fixes, only the safe stub-cancel does.
BRANCH = "gofixer/stub-cancel"
UNSAFE_BRANCH = "gofixer/stub-cancel-stub-sleep"


# ------------------------------------------------------------------ the "Done when" list


def test_first_run_pushes_one_branch_and_opens_one_pull_request(world, api, stubs):
    before_local = local_state(world.clone)
    base_before = remote_refs(world.bare)["refs/heads/main"]
    res = run_pr(api, "--unsafe-fixes")
    assert res.exit_code == 0, res.output
    assert "Opened pull request #1" in res.output

    refs = remote_refs(world.bare)
    assert set(refs) == {"refs/heads/main", f"refs/heads/{UNSAFE_BRANCH}"}
    assert refs["refs/heads/main"] == base_before  # the base branch is unchanged
    # One commit per codemod, on top of the remote's main (not the user's local branch).
    log = git(world.bare, "log", "--format=%an <%ae>|%s", f"main..{UNSAFE_BRANCH}").splitlines()
    assert log == [
        "Bot Author <bot@example.com>|gofixer: stub-sleep: fix 1 finding in 1 file",
        "Bot Author <bot@example.com>|gofixer: stub-cancel: fix 1 finding in 1 file",
    ]
    assert git(world.bare, "rev-parse", f"{UNSAFE_BRANCH}~2") == base_before
    fixed = git(world.bare, "show", f"{UNSAFE_BRANCH}:app/main.go")
    assert "ctx, cancel := context.WithTimeout(parent, time.Second)\n\tdefer cancel()\n" in fixed
    assert "time.Sleep(time.Second)" in fixed
    assert "notes.txt" not in git(world.bare, "ls-tree", "-r", "--name-only", UNSAFE_BRANCH)
    message = git(world.bare, "log", "-1", "--format=%B", f"{UNSAFE_BRANCH}~1")
    assert "app/main.go:9: the cancel func is discarded" in message
    assert "gofixer diff --select stub-cancel ." in message

    posts = api.fake.calls("POST")
    assert len(posts) == 1
    post = posts[0]
    assert post.path == f"/repos/{SLUG}/pulls"
    assert post.auth == f"token {TOKEN}"
    assert post.body["head"] == UNSAFE_BRANCH and post.body["base"] == "main" and post.body["draft"] is False
    body = post.body["body"]
    assert "`stub-cancel`" in body and "`stub-sleep`" in body
    assert prmod.is_ours(body)
    assert "Leaking timers matters to reviewers. Second line of the same paragraph." in body
    assert "Deferring cancel is what the fix does." in body
    assert "unsafe: review with care" in body and "Timing changes explains the risk." in body
    assert "gofixer diff --select stub-cancel,stub-sleep --unsafe-fixes ." in body
    assert all(r.auth == f"token {TOKEN}" for r in api.fake.requests)
    assert local_state(world.clone, pushed=True) == before_local


def test_second_run_updates_the_pull_request_instead_of_opening_another(world, api, stubs):
    assert run_pr(api).exit_code == 0
    pushed = remote_refs(world.bare)
    api.fake.requests.clear()
    res = run_pr(api, "--title", "Fix things")
    assert res.exit_code == 0, res.output
    assert "Updated pull request #1" in res.output
    assert "already holds these fixes" in res.output
    assert remote_refs(world.bare) == pushed  # nothing new to push
    assert api.fake.calls("POST") == []
    patches = api.fake.calls("PATCH")
    assert [p.path for p in patches] == [f"/repos/{SLUG}/pulls/1"]
    assert patches[0].body["title"] == "Fix things"
    assert len(api.fake.pulls) == 1
    listing = [r for r in api.fake.calls("GET") if r.path.endswith("/pulls")]
    # Without --unsafe-fixes only stub-cancel commits: the branch is named for it alone.
    assert listing and listing[0].query == {"state": "open", "head": "acme:gofixer/stub-cancel"}


def test_rerun_after_the_base_moved_force_pushes_with_lease(world, api, stubs):
    assert run_pr(api).exit_code == 0
    old = remote_refs(world.bare)[f"refs/heads/{BRANCH}"]
    (world.seed / "app" / "more.go").write_text(
        "package main\n\nimport \"context\"\n\nfunc h(p context.Context) {\n\tctx, _ := context.WithCancel(p)\n\t_ = ctx\n}\n"
    )
    git(world.seed, "add", ".")
    git(world.seed, "commit", "-q", "-m", "more")
    git(world.seed, "push", "-q", str(world.bare), "main")
    res = run_pr(api)
    assert res.exit_code == 0, res.output
    new = remote_refs(world.bare)[f"refs/heads/{BRANCH}"]
    assert new != old
    assert git(world.bare, "rev-parse", f"{BRANCH}~1") == remote_refs(world.bare)["refs/heads/main"]
    assert "2 findings in 2 files" in git(world.bare, "log", "-1", "--format=%s", BRANCH)
    assert len(api.fake.pulls) == 1 and "Updated pull request #1" in res.output


def test_dirty_tree_is_refused_and_its_edits_kept(world, api, stubs):
    (world.clone / "app" / "main.go").write_bytes(BUGGY + b"// my edit\n")
    before = local_state(world.clone)
    res = run_pr(api)
    assert res.exit_code == 2
    assert "uncommitted changes in app/main.go" in res.output and "--allow-dirty" in res.output
    assert local_state(world.clone) == before
    assert (world.clone / "app" / "main.go").read_bytes().endswith(b"// my edit\n")
    assert api.fake.requests == []
    assert set(remote_refs(world.bare)) == {"refs/heads/main"}


def test_untracked_file_counts_as_dirty_and_allow_dirty_uses_commits_only(world, api, stubs):
    (world.clone / "app" / "new.go").write_text("package main\n")
    assert run_pr(api).exit_code == 2
    before = local_state(world.clone)
    res = run_pr(api, "--allow-dirty")
    assert res.exit_code == 0, res.output
    assert "app/new.go" not in git(world.bare, "ls-tree", "-r", "--name-only", BRANCH)
    assert local_state(world.clone, pushed=True) == before


def test_dry_run_changes_nothing_and_sends_nothing(world, api, stubs):
    before_local = local_state(world.clone)
    before_remote = remote_refs(world.bare)
    objects = git(world.clone, "count-objects", "-v")
    index = world.clone / ".git" / "index"
    os.utime(index, (1_000_000_000, 1_000_000_000))  # a stale index that git status would refresh
    index_before = (index.read_bytes(), index.stat().st_mtime_ns)
    res = run_pr(api, "--dry-run", "--unsafe-fixes", token=None)
    assert (index.read_bytes(), index.stat().st_mtime_ns) == index_before  # not even the index file
    assert res.exit_code == 0, res.output
    out = res.output
    assert "+\tctx, cancel := context.WithTimeout(parent, time.Second)" in out
    assert "+\tdefer cancel()" in out
    assert "gofixer: stub-cancel: fix 1 finding in 1 file" in out
    assert "gofixer: stub-sleep: fix 1 finding in 1 file" in out
    assert "Title: gofixer: fix stub-cancel, stub-sleep findings" in out
    assert "| `stub-cancel` | safe | 1 | 1 |" in out
    assert api.fake.requests == []
    assert remote_refs(world.bare) == before_remote
    assert local_state(world.clone) == before_local
    assert git(world.clone, "count-objects", "-v") == objects  # not even a loose object


def test_paths_are_relative_to_the_current_directory(world, api, stubs, monkeypatch):
    monkeypatch.chdir(world.clone / "util")
    res = run_pr(api, "--dry-run", token=None)  # no PATHS: the current directory, as for check
    assert res.exit_code == 0 and "Nothing to fix on main" in res.output, res.output
    monkeypatch.chdir(world.clone)
    res = run_pr(api, "--dry-run", "./...", token=None)
    assert res.exit_code == 0 and "+\tdefer cancel()" in res.output, res.output
    res = run_pr(api, "--dry-run", "./app/...", token=None)
    assert "gofixer diff --select stub-cancel app/..." in res.output, res.output
    res = run_pr(api, "--dry-run", "nowhere", token=None)
    assert res.exit_code == 2 and "nowhere: not in main" in res.output


def test_works_from_a_linked_worktree(world, api, stubs, monkeypatch):
    linked = world.root / "linked"
    git(world.clone, "worktree", "add", "-q", "-b", "side", str(linked), "origin/main")
    monkeypatch.chdir(linked)
    before = local_state(linked)
    res = run_pr(api)
    assert res.exit_code == 0, res.output
    assert "defer cancel()" in git(world.bare, "show", f"{BRANCH}:app/main.go")
    assert local_state(linked, pushed=True) == before


def test_nothing_to_fix_pushes_nothing_and_opens_nothing(world, api, stubs):
    res = run_pr(api, "util")
    assert res.exit_code == 0, res.output
    assert "Nothing to fix on main" in res.output
    assert set(remote_refs(world.bare)) == {"refs/heads/main"}
    assert api.fake.calls("POST") == [] and api.fake.calls("PATCH") == []


def test_findings_left_unfixed_are_listed_with_reasons(world, api, stubs):
    (world.seed / "app" / "wait.go").write_text("package main\n\nimport \"time\"\n\nfunc w() {\n\ttime.Sleep(time.Minute)\n}\n")
    git(world.seed, "add", ".")
    git(world.seed, "commit", "-q", "-m", "wait")
    git(world.seed, "push", "-q", str(world.bare), "main")
    res = run_pr(api)  # stub-sleep's fix is unsafe: without --unsafe-fixes it is left too
    assert res.exit_code == 0, res.output
    body = api.fake.calls("POST")[0].body["body"]
    assert "### Not fixed (2)" in body, body
    assert "- `app/main.go:15` stub-sleep: sleeps for an hour - the fix is unsafe; run with --unsafe-fixes" in body
    assert "- `app/wait.go:6` stub-sleep: sleeps for a minute - the wait may be wanted" in body
    assert "| `stub-sleep` |" not in body  # nothing of it was committed
    assert git(world.bare, "log", "--format=%s", f"main..{BRANCH}").splitlines() == [
        "gofixer: stub-cancel: fix 1 finding in 1 file"
    ]


def test_split_by_codemod_opens_one_pull_request_each(world, api, stubs):
    res = run_pr(api, "--split-by", "codemod", "--unsafe-fixes", "--draft")
    assert res.exit_code == 0, res.output
    refs = remote_refs(world.bare)
    assert {"refs/heads/gofixer/stub-cancel", "refs/heads/gofixer/stub-sleep"} <= set(refs)
    for b in ("gofixer/stub-cancel", "gofixer/stub-sleep"):
        assert git(world.bare, "rev-parse", f"{b}~1") == refs["refs/heads/main"]
    posts = api.fake.calls("POST")
    assert [p.body["head"] for p in posts] == ["gofixer/stub-cancel", "gofixer/stub-sleep"]
    assert all(p.body["draft"] is True for p in posts)
    assert "time.Hour" in git(world.bare, "show", "gofixer/stub-cancel:app/main.go")


# ------------------------------------------------------------------ failures


def _closed_port_url() -> str:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def _fail_first_request(server):
    server.fake.fail[("GET", f"/repos/{SLUG}")] = (403, {"message": "Resource not accessible by integration"})


@pytest.mark.parametrize(
    "case, expect",
    [
        ("401", "GitHub rejected the token (401 Bad credentials)"),
        ("403", "GitHub refused to read the repository acme/shop (403 Resource not accessible by integration)"),
        ("404", "GitHub found no acme/nope"),
        ("refused", "cannot reach the GitHub API at http://127.0.0.1:"),
    ],
)
def test_api_failures_before_pushing_leave_everything_as_it_was(world, api, stubs, case, expect):
    before = local_state(world.clone)
    args, kw = [], {}
    if case == "401":
        kw["token"] = "wrong"
    elif case == "403":
        _fail_first_request(api)
    elif case == "404":
        args = ["--repo-slug", "acme/nope"]
    elif case == "refused":
        kw["url"] = _closed_port_url()
    res = run_pr(api, *args, **kw)
    assert res.exit_code == 2
    assert expect in res.output, res.output
    assert "Traceback" not in res.output
    assert set(remote_refs(world.bare)) == {"refs/heads/main"}
    assert local_state(world.clone) == before
    api.fake.fail.clear()
    res = run_pr(api)  # the rerun recovers
    assert res.exit_code == 0, res.output
    assert len(api.fake.pulls) == 1


def test_422_after_the_push_is_picked_up_by_a_rerun(world, api, stubs):
    before = local_state(world.clone)
    api.fake.fail[("POST", f"/repos/{SLUG}/pulls")] = (
        422, {"message": "Validation Failed", "errors": [{"code": "custom", "message": "No commits between main and x"}]},
    )
    res = run_pr(api)
    assert res.exit_code == 2
    assert "GitHub could not open the pull request for gofixer/stub-cancel (422 Validation Failed: No commits" in res.output
    assert "run gofixer pr again" in res.output
    pushed = remote_refs(world.bare)[f"refs/heads/{BRANCH}"]  # the branch made it
    assert local_state(world.clone, pushed=True) == before
    api.fake.fail.clear()
    res = run_pr(api)
    assert res.exit_code == 0, res.output
    assert "already holds these fixes" in res.output and "Opened pull request #1" in res.output
    assert remote_refs(world.bare)[f"refs/heads/{BRANCH}"] == pushed
    assert len(api.fake.pulls) == 1


def test_rejected_push_is_reported_and_a_rerun_recovers(world, api, stubs):
    hook = world.bare / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'branch creation is not allowed here' >&2\nexit 1\n")
    hook.chmod(0o755)
    before = local_state(world.clone)
    res = run_pr(api)
    assert res.exit_code == 2
    assert (
        "push of gofixer/stub-cancel to origin rejected: pre-receive hook declined "
        "(the remote said: branch creation is not allowed here)"
    ) in res.output
    assert set(remote_refs(world.bare)) == {"refs/heads/main"}
    assert local_state(world.clone) == before
    assert api.fake.calls("POST") == []
    hook.unlink()
    res = run_pr(api)
    assert res.exit_code == 0, res.output
    assert len(api.fake.pulls) == 1


def test_lease_protects_a_branch_that_moved_under_the_bot(world, api, stubs, monkeypatch):
    assert run_pr(api).exit_code == 0
    seen = remote_refs(world.bare)[f"refs/heads/{BRANCH}"]
    real_heads = gitops.remote_heads

    def stale_heads(repo, remote, branches):
        heads = real_heads(repo, remote, branches)
        if BRANCH in heads:  # someone pushes right after the bot looked
            git(world.seed, "push", "-q", "-f", str(world.bare), f"main:refs/heads/{BRANCH}")
        return heads

    monkeypatch.setattr(gitops, "remote_heads", stale_heads)
    (world.seed / "app" / "x.go").write_text("package main\n")
    git(world.seed, "add", ".")
    git(world.seed, "commit", "-q", "-m", "x")
    git(world.seed, "push", "-q", str(world.bare), "main")
    res = run_pr(api)
    assert res.exit_code == 2
    assert "rejected" in res.output and "run gofixer pr again" in res.output
    assert remote_refs(world.bare)[f"refs/heads/{BRANCH}"] != seen  # the other push was kept


@pytest.mark.parametrize("base", [[], ["--base", "main"]])
def test_unreachable_remote_is_reported_and_nothing_changes(world, api, stubs, base):
    git(world.clone, "remote", "set-url", "origin", _closed_port_url() + "/acme/shop.git")
    before = local_state(world.clone)
    res = run_pr(api, *base)
    assert res.exit_code == 2
    assert "cannot reach remote 'origin' (git ls-remote): unable to access 'http://127.0.0.1:" in res.output, res.output
    assert local_state(world.clone) == before
    assert api.fake.calls("POST") == []


def test_refused_refs_are_read_from_porcelain_push_output():
    out = "To /srv/remote.git\n!\tabc:refs/heads/gofixer/x\t[rejected] (stale info)\nDone\n"
    assert "stale info" in gitops._rejected_ref(out)
    out = "To /srv/remote.git\n!\tabc:refs/heads/gofixer/x\t[remote rejected] (protected branch hook declined)\n"
    assert gitops._rejected_ref(out) == "protected branch hook declined"
    assert gitops._rejected_ref("To /srv/remote.git\n*\tabc:refs/heads/gofixer/x\t[new branch]\nDone\n") is None


def test_credentials_in_a_remote_url_are_never_shown():
    assert gitops.redact("fatal: unable to access 'https://x-access-token:s3cret@github.com/a/b.git/'") == (
        "fatal: unable to access 'https://***@github.com/a/b.git/'"
    )


def test_missing_token_is_an_error_unless_dry_run(world, api, stubs):
    res = run_pr(api, token=None)
    assert res.exit_code == 2 and "no GitHub token: set GITHUB_TOKEN" in res.output
    assert api.fake.requests == []


def test_gh_token_is_accepted(world, api, stubs):
    res = CliRunner().invoke(main, ["pr", "--repo-slug", SLUG, "--api-url", api.url], env={"GH_TOKEN": TOKEN})
    assert res.exit_code == 0, res.output


def test_api_url_from_environment(world, api, stubs):
    res = CliRunner().invoke(main, ["pr", "--repo-slug", SLUG], env={"GITHUB_TOKEN": TOKEN, "GITHUB_API_URL": api.url})
    assert res.exit_code == 0, res.output
    assert len(api.fake.pulls) == 1


def test_never_pushes_to_the_base_branch(world, api, stubs):
    res = run_pr(api, "--branch", "main")
    assert res.exit_code == 2 and "is the base branch" in res.output
    assert set(remote_refs(world.bare)) == {"refs/heads/main"}


def test_a_pull_request_not_opened_by_the_bot_is_not_overwritten(world, api, stubs):
    api.fake.pulls.append({"_slug": SLUG, "number": 7, "state": "open", "title": "mine", "body": "hand written",
                           "head": BRANCH, "base": "main", "draft": False})
    res = run_pr(api)
    assert res.exit_code == 2 and "#7" in res.output and "not opened by gofixer" in res.output
    assert set(remote_refs(world.bare)) == {"refs/heads/main"}
    assert api.fake.pulls[0]["body"] == "hand written"


def test_a_branch_with_commits_not_made_by_the_bot_is_not_overwritten(world, api, stubs):
    (world.seed / "README").write_text("mine\n")
    git(world.seed, "add", ".")
    git(world.seed, "commit", "-q", "-m", "work in progress")
    git(world.seed, "push", "-q", str(world.bare), f"HEAD:refs/heads/{BRANCH}")
    theirs = remote_refs(world.bare)[f"refs/heads/{BRANCH}"]
    git(world.seed, "reset", "-q", "--hard", "HEAD~1")
    res = run_pr(api)
    assert res.exit_code == 2
    assert "has commits gofixer did not make" in res.output and "'work in progress'" in res.output
    assert remote_refs(world.bare)[f"refs/heads/{BRANCH}"] == theirs
    assert api.fake.calls("POST") == []


def test_slug_is_required_when_the_remote_is_not_on_github(world, api, stubs):
    res = CliRunner().invoke(main, ["pr", "--api-url", api.url], env={"GITHUB_TOKEN": TOKEN})
    assert res.exit_code == 2 and "pass --repo-slug OWNER/NAME" in res.output


def test_outside_a_repository(tmp_path, monkeypatch, stubs):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    res = CliRunner().invoke(main, ["pr", "--dry-run"])
    assert res.exit_code == 2 and "not inside a git repository" in res.output


# ------------------------------------------------------------------ pieces


@pytest.mark.parametrize(
    "url, slug",
    [
        ("https://github.com/acme/shop.git", "acme/shop"),
        ("https://github.com/acme/shop", "acme/shop"),
        ("https://x-access-token:abc@github.com/acme/shop.git", "acme/shop"),
        ("git@github.com:acme/shop.git", "acme/shop"),
        ("github.com:acme/shop", "acme/shop"),
        ("ssh://git@github.com/acme/shop.git", "acme/shop"),
        ("ssh://git@github.com:22/acme/my.repo.git", "acme/my.repo"),
        ("https://gitlab.com/acme/shop.git", None),
        ("/srv/git/shop.git", None),
        ("https://github.com/acme/shop/extra", None),
    ],
)
def test_slug_from_url(url, slug):
    assert gitops.slug_from_url(url) == slug


def test_slug_from_an_enterprise_url():
    hosts = prmod._github_hosts("https://ghe.example.com/api/v3")
    assert gitops.slug_from_url("git@ghe.example.com:team/app.git", hosts) == "team/app"
    assert gitops.slug_from_url("git@ghe.example.com:team/app.git") is None


def test_branch_names_are_deterministic():
    assert prmod.branch_name(["context-cancel", "loop-defer"]) == "gofixer/context-cancel-loop-defer"
    assert prmod.branch_name(["loop-defer"], split=True) == "gofixer/loop-defer"
    assert prmod.branch_name(["loop-defer"], "bot/fixes") == "bot/fixes"
    assert prmod.branch_name(["loop-defer"], "bot/fixes", split=True) == "bot/fixes-loop-defer"


def test_doc_sections():
    doc = STUB_DOC.format(what="w", why="Why", fix="Fix", safety="Safety")
    assert prmod.first_paragraph(prmod.doc_section(doc, "Why is this bad?")) == (
        "Why matters to reviewers. Second line of the same paragraph."
    )
    assert prmod.first_paragraph(prmod.doc_section(doc, "Fix")) == "Fix is what the fix does."
    assert prmod.first_paragraph(prmod.doc_section(doc, "Example")) == ""
    assert prmod.doc_section(doc, "Missing") == ""


def test_doc_openings_keep_the_list_they_introduce():
    doc = "## Fix\n```go\nx()\n```\n\nIt does this:\n\n- one\n  more\n- two\n\nLater text.\n\n## Fix safety\nSafe.\n"
    assert prmod.first_paragraph(prmod.doc_section(doc, "Fix")) == "It does this:\n\n- one\n  more\n- two"
    listed = "## Fix\n- a\n- b\n\nMore.\n"
    opening = prmod.first_paragraph(prmod.doc_section(listed, "Fix"))
    assert opening == "- a\n- b"
    assert prmod._labelled("What the fix does.", opening) == "**What the fix does.**\n\n- a\n- b"


def test_a_warning_is_shown_once_not_once_per_codemod(world, api, stubs):
    (world.seed / "app" / "broken.go").write_text("package main\n\nfunc b() {\n\ttime.Sleep(time.Hour\n}\n")
    git(world.seed, "add", ".")
    git(world.seed, "commit", "-q", "-m", "broken")
    git(world.seed, "push", "-q", str(world.bare), "main")
    res = run_pr(api)
    assert res.exit_code == 0, res.output
    assert res.output.count("app/broken.go") == 1, res.output


# ------------------------------------------------------------------ the real codemod


def test_real_context_cancel_end_to_end(world, api):
    if "context-cancel" not in codemod.codemods_by_id():
        pytest.skip("the context-cancel codemod has not landed yet")
    res = run_pr(api, "--select", "context-cancel")
    assert res.exit_code == 0, res.output
    fixed = git(world.bare, "show", "gofixer/context-cancel:app/main.go")
    assert "defer cancel()" in fixed
    body = api.fake.calls("POST")[0].body["body"]
    assert "`context-cancel`" in body
    assert git(world.bare, "log", "--format=%s", "main..gofixer/context-cancel").startswith("gofixer: context-cancel: fix ")

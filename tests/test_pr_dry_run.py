"""`gofixer pr --dry-run` offline, with a real local bare remote: the default
branch comes from the remote's HEAD, the branch is named for the codemods that
made commits, and the body keeps the docs' code blocks."""

from __future__ import annotations

import subprocess
import sys

import pytest

WAITGROUP = """package app

import "sync"

func fetchAll(urls []string, get func(string)) {
	var wg sync.WaitGroup
	for _, url := range urls {
		go func() {
			wg.Add(1)
			defer wg.Done()
			get(url)
		}()
	}
	wg.Wait()
}
"""


def git(cwd, *args) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
    return proc.stdout.strip()


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """A repository made with `git init` (not cloned) whose remote `origin` is a
    local bare repository holding its commit: no remote-tracking HEAD anywhere."""
    for k in ("GITHUB_TOKEN", "GH_TOKEN", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GOFIXER_CACHE_DIR", str(tmp_path / "cache"))
    bare = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "trunk", str(bare))
    repo = tmp_path / "repo"
    git(tmp_path, "init", "-q", "-b", "trunk", str(repo))
    git(repo, "config", "user.name", "Dev")
    git(repo, "config", "user.email", "dev@example.com")
    (repo / "app").mkdir()
    (repo / "app" / "app.go").write_text(WAITGROUP)
    (repo / "go.mod").write_text("module example.com/app\n\ngo 1.23\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "first")
    return repo, bare


def dry_run(repo, *args):
    return subprocess.run([sys.executable, "-m", "gofixer", "pr", "--dry-run", *args], cwd=repo,
                          capture_output=True, text=True)


@pytest.mark.parametrize("url", ["path", "file"])
def test_a_local_remote_needs_no_network(fresh, url):
    repo, bare = fresh
    git(repo, "remote", "add", "origin", str(bare) if url == "path" else bare.as_uri())
    git(repo, "push", "-q", "origin", "trunk")
    git(repo, "update-ref", "-d", "refs/remotes/origin/trunk")  # as if never fetched
    r = dry_run(repo)
    assert r.returncode == 0, r.stderr
    assert "without the network" not in r.stderr
    assert "base origin/trunk" in r.stdout
    # Every codemod ran, only waitgroup-add committed: the branch says so.
    assert "## Branch gofixer/waitgroup-add\n" in r.stdout
    # The body keeps the example the Fix section introduces, fenced.
    body = r.stdout.split("### Pull request", 1)[1]
    assert "so it happens before `Wait` can run:\n\n```go\n" in body
    assert "\twg.Add(1)\n\tgo func() {" in body
    # Nothing changed in the user's repository.
    assert git(repo, "status", "--porcelain") == ""


def test_a_remote_without_the_branch_is_still_an_error_naming_it(fresh):
    repo, bare = fresh
    git(repo, "remote", "add", "origin", str(bare))  # nothing pushed: the remote is empty
    r = dry_run(repo)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "--base" in r.stderr

"""Git for the pull-request bot, through GitPython: find the repository and its
remote, read the base branch, build commits in a scratch tree, push. The user's
checkout, index, branches and refs are never written: the scratch tree is a plain
folder filled from a temporary index file, commits are made with `commit-tree`, and
a push sends a commit id straight to the remote branch."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass

from .redact import redact


class _LazyGit:
    """GitPython, imported on first use: only `gofixer pr` needs it, and every
    other command should start fast."""

    def __getattr__(self, name: str):
        import git as gitpython

        return getattr(gitpython, name)


git = _LazyGit()


class GitError(Exception):
    """A user-facing git problem: the message says what went wrong and what to do."""


# ------------------------------------------------------------------ repository


def open_repo(path: str) -> git.Repo:
    try:
        repo = git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise GitError(f"{path}: not inside a git repository") from None
    if repo.bare:
        raise GitError(f"{path}: a bare repository; run gofixer pr in a checkout")
    return repo


def dirty_paths(repo: git.Repo) -> list[str]:
    """Paths with uncommitted changes, staged or not, and untracked files git does not
    ignore: everything the bot would not see, since it works from commits only."""
    # No optional locks: status would otherwise refresh the user's index file.
    out = _git(repo, "status", "--porcelain=v1", "-z", "--untracked-files=all", env={"GIT_OPTIONAL_LOCKS": "0"})
    paths = []
    entries = out.split("\0")
    i = 0
    while i < len(entries):
        entry = entries[i]
        i += 1
        if len(entry) < 4:
            continue
        paths.append(entry[3:])
        if entry[0] in "RC":
            i += 1  # a rename or copy is followed by its source path
    return paths


def author_identity(repo: git.Repo) -> str:
    """The author the commits will carry (from git config or GIT_AUTHOR_*)."""
    try:
        ident = repo.git.var("GIT_AUTHOR_IDENT")
        repo.git.var("GIT_COMMITTER_IDENT")
    except git.GitCommandError:
        raise GitError(
            "git does not know who commits: set user.name and user.email "
            "(git config user.name 'NAME'; git config user.email 'EMAIL')"
        ) from None
    return re.sub(r"\s+\d+ [+-]\d{4}$", "", ident)


# ------------------------------------------------------------------ remote


def remote_url(repo: git.Repo, remote: str) -> str:
    try:
        return repo.git.remote("get-url", remote)
    except git.GitCommandError:
        known = ", ".join(r.name for r in repo.remotes) or "none"
        raise GitError(f"no remote named {remote!r} (remotes: {known}); use --remote") from None


_SLUG = r"(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)/(?P<name>[A-Za-z0-9._-]+?)"
_URL_FORMS = (
    # https://[user[:token]@]host[:port]/OWNER/NAME[.git][/]
    re.compile(rf"^(?:https?|git|ssh)://(?:[^@/]+@)?(?P<host>[^/:]+)(?::\d+)?/{_SLUG}(?:\.git)?/?$"),
    # scp-like ssh: [user@]host:OWNER/NAME[.git]
    re.compile(rf"^(?:[^@/]+@)?(?P<host>[^/:]+):/?{_SLUG}(?:\.git)?/?$"),
)


def slug_from_url(url: str, hosts: tuple[str, ...] = ("github.com",)) -> str | None:
    """OWNER/NAME when `url` is a GitHub repository URL (https, ssh or scp-like) on
    one of `hosts`; None otherwise."""
    url = url.strip()
    for form in _URL_FORMS:
        m = form.match(url)
        if m and m.group("host").lower() in {h.lower() for h in hosts}:
            name = m.group("name")
            if name in (".", ".."):
                return None
            return f"{m.group('owner')}/{name}"
    return None


def remote_default_branch(repo: git.Repo, remote: str) -> str | None:
    """The branch the remote's HEAD points to, asked over the network; None when the
    remote does not say."""
    out = _remote_git(repo, remote, "ls-remote", "--symref", remote, "HEAD")
    for line in out.splitlines():
        m = re.match(r"^ref: refs/heads/(\S+)\tHEAD$", line)
        if m:
            return m.group(1)
    return None


def tracking_default_branch(repo: git.Repo, remote: str) -> str | None:
    """The remote's default branch as the last fetch recorded it (refs/remotes/R/HEAD)."""
    try:
        ref = repo.git.symbolic_ref("--quiet", f"refs/remotes/{remote}/HEAD")
    except git.GitCommandError:
        return None
    prefix = f"refs/remotes/{remote}/"
    return ref[len(prefix):] if ref.startswith(prefix) else None


def remote_heads(repo: git.Repo, remote: str, branches: list[str]) -> dict[str, str]:
    """branch -> commit id on the remote, for those of `branches` that exist there."""
    if not branches:
        return {}
    out = _remote_git(repo, remote, "ls-remote", "--heads", remote, *[f"refs/heads/{b}" for b in branches])
    found = {}
    for line in out.splitlines():
        sha, _, ref = line.partition("\t")
        if ref.startswith("refs/heads/") and ref[len("refs/heads/"):] in branches:
            found[ref[len("refs/heads/"):]] = sha
    return found


def fetch(repo: git.Repo, remote: str, branches: list[str]) -> None:
    """Bring the commits of the remote's `branches` into the object store without
    writing any ref (not even FETCH_HEAD or a remote-tracking branch)."""
    _remote_git(
        repo, remote, "fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--refmap=", remote,
        *[f"refs/heads/{b}" for b in branches],
    )


def valid_branch(repo: git.Repo, branch: str) -> bool:
    try:
        repo.git.check_ref_format("--branch", branch)
        return not branch.startswith("-")
    except git.GitCommandError:
        return False


def local_commit(repo: git.Repo, ref: str) -> str | None:
    try:
        return repo.git.rev_parse("--verify", "--quiet", f"{ref}^{{commit}}")
    except git.GitCommandError:
        return None


def has_commit(repo: git.Repo, sha: str) -> bool:
    try:
        repo.git.cat_file("-e", f"{sha}^{{commit}}")
        return True
    except git.GitCommandError:
        return False


def same_change(repo: git.Repo, tip: str, other: str, base: str) -> bool:
    """Whether commit `other` already holds what `tip` holds, on top of `base`: the
    same tree, and `base` among its ancestors. Then pushing `tip` would change
    nothing a reviewer sees."""
    if not has_commit(repo, other):
        return False
    if repo.git.rev_parse(f"{tip}^{{tree}}") != repo.git.rev_parse(f"{other}^{{tree}}"):
        return False
    try:
        repo.git.merge_base("--is-ancestor", base, other)
        return True
    except git.GitCommandError:
        return False


def subjects(repo: git.Repo, base: str, tip: str) -> list[tuple[str, str]]:
    """(short id, subject) of the commits on `tip` that `base` does not have."""
    out = repo.git.log("--format=%h %s", f"{base}..{tip}")
    return [tuple(line.split(" ", 1)) if " " in line else (line, "") for line in out.splitlines()]


def push(repo: git.Repo, remote: str, sha: str, branch: str, expected: str | None) -> None:
    """Set the remote's `branch` to `sha`, only if it is still at `expected` (None:
    only if it does not exist yet)."""
    lease = f"--force-with-lease=refs/heads/{branch}:{expected or ''}"
    try:
        out = repo.git.execute(["git", "push", "--porcelain", lease, remote, f"{sha}:refs/heads/{branch}"], env=_NO_PROMPT)
    except git.GitCommandError as e:
        reason = _push_rejection(e)
        if reason:
            raise GitError(f"push of {branch} to {remote} rejected: {redact(reason)}") from None
        raise GitError(f"push of {branch} to {remote} failed: {_last_line(e)}") from None
    refused = _rejected_ref(out)  # some git versions exit 0 on a refused ref with --porcelain
    if refused:
        raise GitError(f"push of {branch} to {remote} rejected: {redact(refused)}")


def _push_rejection(e: git.GitCommandError) -> str | None:
    """The reason git gives for a refused ref, with what the remote said about it;
    None when no ref was refused (the push failed before, e.g. no network)."""
    text = f"{e.stdout or ''}\n{e.stderr or ''}"
    said = [_bare(ln)[len("remote:"):].strip() for ln in text.splitlines() if _bare(ln).startswith("remote:")]
    said = [ln for ln in said if ln]
    reason = _rejected_ref(text)
    if reason and said:
        return f"{reason} (the remote said: {' / '.join(said[:3])})"
    return reason


def _rejected_ref(text: str) -> str | None:
    for line in text.splitlines():
        line = _bare(line)
        if line.startswith("!"):
            m = re.search(r"\[(?:remote )?rejected\]\s*\((.*)\)|\((stale info|fetch first|non-fast-forward)\)", line)
            if m:
                reason = m.group(1) or m.group(2)
                if reason == "stale info":
                    return "the remote branch changed while gofixer worked (stale info); run gofixer pr again"
                return reason
            return line
    return None


# ------------------------------------------------------------------ scratch tree


@dataclass
class Scratch:
    """A commit's files in a temporary folder, with a temporary index beside it, so
    commits can be made from the folder without touching the user's checkout."""

    repo: git.Repo
    folder: str
    root: str
    base: str
    head: str

    @classmethod
    def of(cls, repo: git.Repo, commit: str) -> "Scratch":
        folder = tempfile.mkdtemp(prefix="gofixer-pr-")
        root = os.path.join(folder, "tree")
        os.mkdir(root)
        s = cls(repo, folder, root, commit, commit)
        try:
            s._git("read-tree", commit)
            s._git("checkout-index", "--all", "--force")
        except BaseException:
            s.close()
            raise
        return s

    def commit(self, paths: list[str], message: str) -> str:
        """Commit the scratch folder's `paths` on top of the last commit; the new id."""
        self._git("add", "--", *paths)
        tree = self._git("write-tree")
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.folder, suffix=".msg", delete=False) as f:
            f.write(message)
        try:
            self.head = self._git("commit-tree", tree, "-p", self.head, "-F", f.name)
        finally:
            os.unlink(f.name)
        return self.head

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> "Scratch":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _git(self, *args: str) -> str:
        g = git.Git(self.root)
        env = {
            "GIT_DIR": self.repo.git_dir,
            "GIT_WORK_TREE": self.root,
            "GIT_INDEX_FILE": os.path.join(self.folder, "index"),
        }
        try:
            return g.execute(["git", *args], env=env)
        except git.GitCommandError as e:
            raise GitError(f"git {args[0]} failed: {_last_line(e)}") from None


# ------------------------------------------------------------------ helpers


def _git(repo: git.Repo, *args: str, env: dict[str, str] | None = None) -> str:
    try:
        return repo.git.execute(["git", *args], strip_newline_in_stdout=False, env=env)
    except git.GitCommandError as e:
        raise GitError(f"git {args[0]} failed: {_last_line(e)}") from None


# Commands that talk to the remote never wait for a password on a terminal: a bot
# with no credentials fails with git's message instead of hanging.
_NO_PROMPT = {"GIT_TERMINAL_PROMPT": "0"}


def _remote_git(repo: git.Repo, remote: str, *args: str) -> str:
    """A git command that talks to the remote: failures name the remote."""
    try:
        return repo.git.execute(["git", *args], env=_NO_PROMPT)
    except git.GitCommandError as e:
        raise GitError(f"cannot reach remote {remote!r} (git {args[0]}): {_last_line(e)}") from None


def _last_line(e: git.GitCommandError) -> str:
    """git's own last word on a failure, without GitPython's wrapping."""
    text = (e.stderr or "").strip() or (e.stdout or "").strip() or str(e)
    lines = [_bare(ln) for ln in text.splitlines()]
    lines = [ln for ln in lines if ln]
    return redact(lines[-1]) if lines else "unknown error"


def _bare(line: str) -> str:
    line = re.sub(r"^\s*(stderr|stdout):\s*", "", line).strip().strip("'").strip()
    return re.sub(r"^(fatal|error):\s*", "", line)



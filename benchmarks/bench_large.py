"""Cost against file size: generated Go files of 1k, 4k and 16k functions, each
function holding something for every codemod to find (a lost cancel, a racy
wg.Add, a bare type assertion, a pool Put without Reset, a ticker never stopped,
a response body never closed, a leaking channel send, a defer in a loop, an
io/ioutil call). `gofixer check` and `gofixer diff --unsafe-fixes --select <all>`
run on each size in one run; the ratios 4k/1k and 16k/4k are what the project is
held to (4x the code: at most 5x the time), and peak memory under 500 MB.

    python benchmarks/bench_large.py [--sizes 1000,4000,16000] [--repeat N]
    python benchmarks/bench_large.py --write N FILE   # just write a generated file
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HEADER = """package big

import (
	"bytes"
	"context"
	"io/ioutil"
	"net/http"
	"sync"
	"time"
)

var mu sync.Mutex

var bufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func use(...any) {}
"""

# Every function has the three bugs the issue names (a lost cancel, a racy
# wg.Add, a bare type assertion); every EXTRA_EVERY-th one also has, in turn, one
# of six more, so that every codemod fires while a function stays near the
# issue's 11 lines (16k functions: about 200k lines, under 4 MiB, gofixer's
# default max-file-size).
CORE = """
func f{i}(pc context.Context, x any, u string) (int, error) {{
	ctx, _ := context.WithTimeout(pc, time.Second)
	var wg sync.WaitGroup
	go func() {{
		wg.Add(1)
		defer wg.Done()
		use(u)
	}}()
	wg.Wait()
	n := x.(int)
{extra}	return n, ctx.Err()
}}
"""

EXTRAS = (
    # pool-reset
    """	buf := bufs.Get().(*bytes.Buffer)
	buf.WriteString(u)
	bufs.Put(buf)
""",
    # ticker-stop
    """	t := time.NewTicker(time.Second)
	<-t.C
""",
    # body-close
    """	resp, err := http.Get(u)
	if err != nil {{
		return 0, err
	}}
	n += resp.StatusCode
""",
    # chan-leak
    """	ch := make(chan int)
	go func() {{ ch <- len(u) }}()
	select {{
	case v := <-ch:
		n += v
	case <-ctx.Done():
		return 0, ctx.Err()
	}}
""",
    # loop-defer
    """	for _, it := range []string{{u}} {{
		mu.Lock()
		defer mu.Unlock()
		use(it)
	}}
""",
    # ioutil
    """	b, err := ioutil.ReadFile(u)
	if err != nil {{
		return 0, err
	}}
	n += len(b)
""",
)


EXTRA_EVERY = 4


def generate(functions: int) -> str:
    return HEADER + "".join(CORE.format(i=i, extra=_extra(i)) for i in range(functions))


def _extra(i: int) -> str:
    if i % EXTRA_EVERY:
        return ""
    return EXTRAS[i // EXTRA_EVERY % len(EXTRAS)].format()


def write_module(directory: str, functions: int) -> str:
    """A module with one generated file (go.mod says go 1.22, so ioutil fires)."""
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "go.mod"), "w") as f:
        f.write("module example.com/big\n\ngo 1.22\n")
    path = os.path.join(directory, "big.go")
    with open(path, "w") as f:
        f.write(generate(functions))
    return path


def every_codemod() -> str:
    from gofixer.codemod import load_codemods

    return ",".join(m.id for m in load_codemods())


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """(wall seconds, peak RSS in MiB), exit 0 or 1 expected. The peak is
    wait4's ru_maxrss: the largest of the command's process and every process
    it waited for (its workers), so a worker's tree is never missed."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if code not in (0, 1):
        sys.exit(f"{' '.join(cmd[:4])} failed ({code}):\n{err[-2000:]}")
    return elapsed, usage.ru_maxrss // 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,4000,16000", help="functions per file, comma-separated")
    ap.add_argument("--repeat", type=int, default=1, help="runs per measurement (median)")
    ap.add_argument("--write", nargs=2, metavar=("N", "FILE"), help="only write a file of N functions")
    args = ap.parse_args()
    if args.write:
        with open(args.write[1], "w") as f:
            f.write(generate(int(args.write[0])))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    every = every_codemod()
    gofixer = [sys.executable, "-m", "gofixer"]
    commands = {
        "check": ["check", "--no-cache", "--select", every, "--format", "json", "-q"],
        "diff": ["diff", "--no-cache", "--unsafe-fixes", "--select", every, "-q"],
    }
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    secs: dict[tuple[str, int], float] = {}
    peaks: dict[int, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "GOFIXER_CACHE_DIR": os.path.join(tmp, "cache")}
        for n in sizes:
            path = write_module(os.path.join(tmp, f"m{n}"), n)
            lines = generate(n).count("\n")
            for name, cmd in commands.items():
                runs = [timed([*gofixer, *cmd, path], env) for _ in range(args.repeat)]
                secs[name, n] = statistics.median(t for t, _ in runs)
                peak = max(m for _, m in runs)
                peaks[n] = max(peaks.get(n, 0), peak)
                print(f"  {name:<5} {n:6d} functions ({lines:7d} lines) {secs[name, n]:8.2f} s {peak:6d} MiB",
                      flush=True)
    worst = 0.0
    for name in commands:
        for a, b in zip(sizes, sizes[1:]):
            ratio = secs[name, b] / secs[name, a]
            worst = max(worst, ratio / (b / a))
            print(f"{name:<5} {b}/{a}: {ratio:5.2f}x time for {b / a:.0f}x code  (target <= {1.25 * b / a:.1f}x)")
    for n in sizes:
        print(f"peak memory {n:6d} functions: {peaks[n]:5d} MiB")
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    print(f"peak memory {max(max(peaks.values()), children)} MiB  (target < 500)")
    print(f"worst growth {worst:.2f}x per unit of code  (target <= 1.25)")


if __name__ == "__main__":
    main()

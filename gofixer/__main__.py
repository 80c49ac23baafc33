"""`python -m gofixer` and the `gofixer` command. Ctrl-C or SIGTERM while the tool
is still loading ends it quietly (exit 130 or 143), not with a traceback; once a
command runs, cli handles interrupts."""

import gc
import os
import signal
import sys


def main() -> None:
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _stop_while_loading)
    from . import cli

    # What the imports made lives as long as the process: out of the cyclic
    # collector's reach, a run that builds many small objects (a cached run's
    # thousands of findings) is not slowed by collections that rescan them.
    gc.freeze()
    try:
        cli.main(prog_name="gofixer")
    except SystemExit as e:
        if not cli.interrupted():
            raise
        # A worker killed halfway through sending its answer can leave the process
        # pool's reader thread waiting forever, and Python joins that thread on the
        # way out. Every write is done and the line is printed: leave at once.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(e.code if isinstance(e.code, int) else 1)


def _stop_while_loading(signum: int, frame) -> None:
    sys.stderr.write("gofixer: interrupted while starting: 0 file(s) written; every file is untouched\n")
    sys.stderr.flush()
    os._exit(128 + signum)  # a half-imported module must not unwind into a traceback


if __name__ == "__main__":
    main()

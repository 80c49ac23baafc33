"""`python -m gofixer` and the `gofixer` command. Ctrl-C or SIGTERM while the tool
is still loading ends it quietly (exit 130 or 143), not with a traceback; once a
command runs, cli handles interrupts."""

import os
import signal
import sys


def main() -> None:
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _stop_while_loading)
    from .cli import main as cli_main

    cli_main(prog_name="gofixer")


def _stop_while_loading(signum: int, frame) -> None:
    sys.stderr.write("gofixer: interrupted while starting: 0 file(s) written; every file is untouched\n")
    sys.stderr.flush()
    os._exit(128 + signum)  # a half-imported module must not unwind into a traceback


if __name__ == "__main__":
    main()

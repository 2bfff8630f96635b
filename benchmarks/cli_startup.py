"""What the CLI's own parameter coercion saves on every command: ``python
benchmarks/cli_startup.py [--repeat N]``.

typer 0.29 coerces every parameter value through pydantic, and offers no supported way around
it (a ``parser=`` or ``click_type=`` is wrapped in a pydantic adapter too). So
:mod:`notecards.cli.coerce` hands typer a coercer for the plain values it can give itself
(tests/test_cli_coerce.py pins that it gives exactly typer's values and errors). This runs
``notecards rules`` (a command that only parses its options and prints the chain) in fresh
interpreters with that coercer and with typer's own, and prints the best wall time of each and
whether pydantic was imported.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

RUN = """
import sys
from notecards.cli import coerce, commands
if sys.argv[1] == "typer":
    coerce.lighten = lambda command: None
try:
    commands.app(["rules"], prog_name="notecards")
except SystemExit:
    pass
print("pydantic" in sys.modules, file=sys.stderr)
"""


def _run(variant: str) -> tuple[float, bool]:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", RUN, variant], capture_output=True, text=True, check=True
    )
    return time.perf_counter() - start, proc.stderr.strip().endswith("True")


def main() -> int:
    """Time both coercers and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per variant (best kept)")
    args = parser.parse_args()
    for variant, label in (("typer", "typer's coercion     "), ("light", "notecards.cli.coerce ")):
        runs = [_run(variant) for _ in range(args.repeat)]
        best = min(t for t, _ in runs)
        print(f"{label} {best * 1000:6.0f} ms  (pydantic imported: {runs[-1][1]})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Time the inputs that once took quadratic or worse time (run by hand, never in the tests).

    python benchmarks/linear_speed.py [--limit SECONDS]     # default limit: 10 s per input

The tests feed the same inputs and check the results (tests/test_clean.py ``LARGE_PAGES``,
tests/test_media.py ``LONG_BACKTICK_RUNS``) but assert no time: on a busy machine a wall-clock
bound fails for no fault of the code. This prints each input's time (best of three) and exits 1
if any exceeds the limit: linear code takes well under a second on each, quadratic code minutes.
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from notecards.clean.clean import clean
from notecards.export.media import code_spans
from test_clean import LARGE_PAGES, note
from test_media import LONG_BACKTICK_RUNS


def best_of_three(work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=float, default=10.0, help="seconds allowed per input")
    args = parser.parse_args()
    timings: list[tuple[float, str]] = []
    for name, text in sorted(LARGE_PAGES.items()):
        for suffix in (".md", ".txt"):
            source = note(text, suffix)
            timings.append(
                (best_of_three(functools.partial(clean, source)), f"clean: {name} ({suffix})")
            )
    timings.append(
        (
            best_of_three(lambda: [list(code_spans(t)) for t in LONG_BACKTICK_RUNS]),
            "media.code_spans: long runs of backticks",
        )
    )
    for seconds, label in sorted(timings, reverse=True):
        print(f"{seconds:8.3f} s  {label}")
    slow = [label for seconds, label in timings if seconds > args.limit]
    if slow:
        print(f"over {args.limit} s: {', '.join(slow)}", file=sys.stderr)
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())

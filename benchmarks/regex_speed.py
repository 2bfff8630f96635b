"""Time every compiled regex of the package on the adversarial inputs of tests/test_meta.py.

    python benchmarks/regex_speed.py [--limit SECONDS]     # default limit: 0.5 s

The test only checks that no regex hangs; this prints the slowest patterns (search + match + the
first 1,000 matches, per input, best of three) and exits 1 if any exceeds the limit.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from test_meta import ADVERSARIAL, PATTERNS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=float, default=0.5, help="seconds allowed per input")
    args = parser.parse_args()
    worst: list[tuple[float, str, str]] = []
    for name, pattern in PATTERNS:
        for text in ADVERSARIAL:
            best = float("inf")
            for _ in range(3):
                start = time.perf_counter()
                pattern.search(text)
                pattern.match(text)
                list(itertools.islice(pattern.finditer(text), 1000))
                best = min(best, time.perf_counter() - start)
            worst.append((best, name, text[:12]))
    worst.sort(reverse=True)
    for seconds, name, head in worst[:15]:
        print(f"{seconds * 1000:8.1f} ms  {name}  on {head!r}…")
    slow = [item for item in worst if item[0] >= args.limit]
    print(f"{len(PATTERNS)} patterns × {len(ADVERSARIAL)} inputs; {len(slow)} over {args.limit} s")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())

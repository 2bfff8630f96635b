"""What the parse stage's own block loop saves over markdown-it-py's: ``python
benchmarks/parse_speed.py [--repeat N]``.

:mod:`notecards.parse.markdown` runs markdown-it-py's block rules through a loop of its own
(only the rules that can start at a line are tried, line markers made in C by
:mod:`notecards.parse.lines`, top-level headings handed straight to the block walker). This parses every
note of ``../shared/corpora/d2l-zh`` and ``oi-wiki`` into blocks both ways, checks that the
blocks agree, and prints the best of ``N`` timings of each (tests/test_parse.py pins the parity
token by token; this measures the gain that keeps the loop in the project).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from notecards.model import Block
from notecards.parse.blocks import blocks_of
from notecards.parse.markdown import stock_block_parser

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
CORPUS_NAMES = ("d2l-zh", "oi-wiki")


def _texts() -> list[str]:
    return [
        path.read_text(encoding="utf-8", errors="replace")
        for name in CORPUS_NAMES
        for path in sorted((CORPORA / name).rglob("*.md"))
    ]


def _best(repeat: int, run: Callable[[], list[tuple[Block, ...]]]) -> tuple[float, object]:
    """The best time of ``repeat`` runs, and what the last one gave."""
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = run()
        best = min(best, time.perf_counter() - start)
    return best, out


def main() -> int:
    """Time both parsers over the corpora and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timings per parser (best kept)")
    args = parser.parse_args()
    texts = _texts()
    stock = stock_block_parser()
    blocks_of("warm-up\n")  # both parsers built before timing
    ours_s, ours = _best(args.repeat, lambda: [blocks_of(t) for t in texts])
    theirs_s, theirs = _best(args.repeat, lambda: [blocks_of(t, stock) for t in texts])
    if ours != theirs:
        print("the two parsers disagree: see tests/test_parse.py")
        return 1
    chars = sum(map(len, texts))
    print(f"{len(texts)} notes, {chars / 1e6:.1f} M characters, best of {args.repeat}")
    print(f"markdown-it-py's block loop  {theirs_s:6.2f} s")
    print(f"the project's block loop     {ours_s:6.2f} s  ({theirs_s - ours_s:+.2f} s saved)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

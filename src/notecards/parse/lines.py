"""markdown-it's line bookkeeping, done with a few C-level list operations instead of a Python
loop per line: the line markers of its block state and its ``normalize`` core rule
(tests/test_parse.py checks both against markdown-it's own)."""

from __future__ import annotations

import itertools
import operator
from typing import Any


def mark_lines(src: str) -> tuple[list[int], list[int], list[int], list[int], list[int]]:
    """markdown-it's line markers of ``src`` (``StateBlock``'s ``bMarks``, ``eMarks``,
    ``tShift``, ``sCount`` and ``bsCount``, sentinel entry included), made with a few list
    operations instead of a Python loop per line: ~50 ms over the corpora (speed;
    tests/test_parse.py checks them against markdown-it's own)."""
    lines = src.split("\n")
    if src.endswith("\n"):
        lines.pop()  # no line after the last newline
    elif not lines[-1].strip(" \t"):
        lines.pop()  # a last line of only spaces and tabs, unterminated, gets no marker
    lengths = list(map(len, lines))
    # All in C: a line starts one past the end of the one before it.
    starts = list(itertools.accumulate(map(operator.add, lengths, itertools.repeat(1)), initial=0))
    ends = list(map(operator.add, starts, lengths))
    indents = map(str.lstrip, lines, itertools.repeat(" \t"))
    shifts = list(map(operator.sub, lengths, map(len, indents)))
    counts = shifts.copy()
    if "\t" in src:  # tabs expand to the next multiple of four columns
        for at, (line, shift) in enumerate(zip(lines, shifts)):
            if "\t" in line[:shift]:
                column = 0
                for char in line[:shift]:
                    column += 4 - column % 4 if char == "\t" else 1
                counts[at] = column
    starts[-1] = len(src)  # the sentinel line, as markdown-it adds one
    ends.append(len(src))
    shifts.append(0)
    counts.append(0)
    return starts, ends, shifts, counts, [0] * len(starts)


def normalize(state: Any) -> None:
    """markdown-it's ``normalize`` core rule (``\\r\\n`` and ``\\r`` → ``\\n``, NUL → U+FFFD) with
    literal replaces that skip the text when there is nothing to replace: its regex rewrote
    every newline of every note (speed; tests/test_parse.py checks they agree)."""
    text: str = state.src
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in text:
        text = text.replace("\0", "\ufffd")
    state.src = text

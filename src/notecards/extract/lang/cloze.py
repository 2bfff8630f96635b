"""Cloze deletions on word boundaries: spans of a sentence hidden as ``{{cN::…}}``, widened so
that a deletion never hides half a word."""

from __future__ import annotations

from collections.abc import Sequence


def token_bounds(tokens: Sequence[str]) -> tuple[set[int], set[int]]:
    """Offsets at which tokens start and end (the only places a cloze may begin or end)."""
    starts, ends, at = set(), set(), 0
    for token in tokens:
        starts.add(at)
        at += len(token)
        ends.add(at)
    return starts, ends


def cloze(
    text: str,
    spans: Sequence[tuple[int, int]],
    tokens: Sequence[str],
    *,
    one_deletion: bool = False,
) -> str:
    """``text`` with each (start, end) span hidden as ``{{cN::…}}``, numbered in order (all
    ``c1`` with ``one_deletion``, for several mentions of one term).

    Spans are first widened to word boundaries (``tokens``: the word tokens of ``text``), so a
    deletion never hides half a word; overlapping spans are merged.
    """
    starts, ends = token_bounds(tokens)
    widened: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        while start > 0 and start not in starts:
            start -= 1
        while end < len(text) and end not in ends:
            end += 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        if widened and start < widened[-1][1]:
            widened[-1] = (widened[-1][0], max(end, widened[-1][1]))
        else:
            widened.append((start, end))
    out, last = [], 0
    for number, (start, end) in enumerate(widened, start=1):
        out.append(f"{text[last:start]}{{{{c{1 if one_deletion else number}::{text[start:end]}}}}}")
        last = end
    return "".join(out) + text[last:]

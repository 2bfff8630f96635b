"""Cloze deletions on word boundaries: spans of a sentence hidden as ``{{cN::…}}``, widened so
that a deletion never hides half a word, on the sentence's words or, where a hidden term of the
note is glued to a particle, on the note's own word for it (:func:`deletion_tokens`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from notecards.model import Tokenizer

FUNCTION_CHARS = frozenset(
    "仅只才就都也还又再已将把被对向从在于为以用由与和及或而并且则即的地得了着过中上下里"
)
"""Single characters jieba may glue to the end or start of an unknown term (``暂退法|仅``,
``对|隐状态``): a deletion may stop before them."""


@dataclass(frozen=True, slots=True)
class TokenBounds:
    """Where a sentence's word tokens lie: each token's (start, end), and the tokens by where
    they start and end (the only places a cloze may begin or end; a lookup, not a scan)."""

    spans: tuple[tuple[int, int], ...]
    """Each token's (start, end) in the text the tokens join into, in order."""
    by_start: dict[int, tuple[int, int]]
    """The token starting at an offset."""
    by_end: dict[int, tuple[int, int]]
    """The token ending at an offset."""


def token_bounds(tokens: Sequence[str]) -> TokenBounds:
    """Each token's (start, end) in the text the tokens join into, indexed both ways."""
    spans = []
    at = 0
    for token in tokens:
        spans.append((at, at + len(token)))
        at += len(token)
    return TokenBounds(tuple(spans), {ab[0]: ab for ab in spans}, {ab[1]: ab for ab in spans})


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
    bounds = token_bounds(tokens)
    starts, ends = bounds.by_start, bounds.by_end
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


def deletion_tokens(
    text: str, spans: list[tuple[int, int]], terms: tuple[str, ...], cut: Tokenizer
) -> tuple[str, ...] | None:
    """Word tokens of ``text`` (cut by ``cut``) on which to widen the deletions ``spans``, or
    None when a hidden note term (``terms``: those the note marks) would cut a word. The note's
    own terms count as words where jieba glued a particle to them (``暂退|法仅`` is ``暂退法|仅``
    to a reader), not where a word runs on (``概率|分布``, ``注意|力``); figures and verdicts are
    widened to whole words (``更简`` → ``更简单``)."""
    tokens = cut(text)
    bounds = token_bounds(tokens)
    starts, ends = bounds.by_start, bounds.by_end
    if all(a in starts and b in ends for a, b in spans):
        return tokens
    marked = set(terms)
    offsets: list[tuple[int, int, str]] = []
    at = 0
    for token in tokens:
        offsets.append((at, at + len(token), token))
        at += len(token)
    if not any(text[a:b] in marked for a, b in spans):
        return tokens
    for a, b in spans:
        for start, end, token in offsets:
            rest = (
                token[: a - start]
                if start < a < end
                else token[b - start :]
                if start < b < end
                else ""
            )
            if rest and rest not in FUNCTION_CHARS:
                return None  # the term runs into a word (概率|分布, 注意|力), not a particle
    out: list[str] = []
    last = 0
    for a, b in sorted(spans):
        out.extend(cut(text[last:a]) if a > last else ())
        out.append(text[a:b])
        last = b
    out.extend(cut(text[last:]) if last < len(text) else ())
    return tuple(out)

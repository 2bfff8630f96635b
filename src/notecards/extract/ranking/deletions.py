"""Deletions in a sentence: the spans a deletion never cuts into (math, code, links, tags), and
the chosen keys written in as Anki deletions — every occurrence of a key (outside a span it
would cut in two, never part of a longer word) becomes ``{{cN::…}}``, the first key c1, the
second c2."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from notecards.extract.lang.markup import balance_bold
from notecards.extract.lang.text import PROTECTED_SPAN
from notecards.parse.note_html import drop_note_tags

if TYPE_CHECKING:
    from notecards.extract.ranking.key_score import Key

_TAG = re.compile(r"</?[A-Za-z][^<>]{0,300}>|!\[[^\]\n]{0,300}\]\([^)\n]{0,500}\)")
"""HTML tags and Markdown images: never cut, never hidden in part."""


Spans = Sequence[tuple[int, int]]
"""Character spans of a text, (start, end) pairs."""


@functools.lru_cache(maxsize=256)
def protected_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of ``text`` a key never cuts into: math, code, links, HTML tags and images
    (remembered: a chosen sentence's terms, key and deletions each ask)."""
    return (
        *[m.span() for m in PROTECTED_SPAN.finditer(text)],
        *[m.span() for m in _TAG.finditer(text)],
    )


def overlaps_any(span: tuple[int, int], spans: Spans) -> bool:
    """Whether ``span`` shares a character with any of ``spans``."""
    return any(a < span[1] and span[0] < b for a, b in spans)


_DELETION = re.compile(r"\{\{c\d+::.*?\}\}")
"""A deletion as :func:`cloze` writes it."""


def deletion_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the deletions :func:`cloze` wrote into ``text``."""
    return [m.span() for m in _DELETION.finditer(text)]


def cuts_into(start: int, end: int, protected: Spans) -> bool:
    """Whether ``start:end`` cuts a protected span in two (overlaps it without holding it whole):
    a deletion may hold a whole formula, never part of one."""
    return any(a < end and start < b and not (start <= a and b <= end) for a, b in protected)


def _joins(char: str) -> bool:
    """Whether ``char`` beside a match makes it part of a longer Latin word (``LeNet-5``)."""
    return bool(char) and char.isascii() and (char.isalnum() or char in "-_+·")


def cloze(text: str, keys: list[Key]) -> str:
    """``text`` with every occurrence of each key (outside protected spans) as its deletion:
    the first key c1, the second c2."""
    protected = protected_spans(text)
    number = {k.text.casefold(): n for n, k in enumerate(keys, 1)}
    out: list[str] = []
    pos = 0
    for start, end in _occurrences(text, [k.text for k in keys]):
        if cuts_into(start, end, protected):
            continue  # it would cut a formula, code or a link in two
        before = text[start - 1 : start]
        after = text[end : end + 1]
        if _joins(before) or _joins(after):
            continue  # part of a longer word
        found = text[start:end]
        n = number[found.casefold()]
        mark = _wrapping_mark(text, start, end)
        if mark:  # "做**强人工智能**，": the marks go inside, where Markdown still reads them
            start, end = start - len(mark), end + len(mark)
        out += [text[pos:start], f"{{{{c{n}::", text[start:end], "}}"]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _wrapping_mark(text: str, start: int, end: int) -> str:
    """The emphasis marks (``**``, ``*``) wrapping exactly ``text[start:end]``, or empty. Left
    outside a deletion they would show as text: between ``做`` and ``{`` CommonMark reads no
    emphasis."""
    for mark in ("**", "*"):
        if text.endswith(mark, 0, start) and text.startswith(mark, end):
            outer = (
                text[start - len(mark) - 1 : start - len(mark)]
                + text[end + len(mark) : end + len(mark) + 1]
            )
            if "*" not in outer:
                return mark
    return ""


_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")
"""The only characters outside ASCII that a case-insensitive pattern matches to an ASCII one
(İ and ı to ``i``, ſ to ``s``, the Kelvin sign to ``k``)."""


def _occurrences(text: str, keys: list[str]) -> Iterator[tuple[int, int]]:
    """The spans a case-insensitive search for any of ``keys`` finds in ``text``, left to right,
    the longest key first where several start at one place (as ``finditer`` over their
    alternation finds them)."""
    alternatives = sorted(keys, key=lambda k: -len(k))
    if not all(k and k == k.lower() == k.upper() for k in alternatives):
        if not all(
            k and all(c.isascii() or c == c.lower() == c.upper() for c in k) for k in alternatives
        ) or any(c in text for c in _FOLDS_TO_ASCII):
            pattern = re.compile("|".join(map(re.escape, alternatives)), re.IGNORECASE)
            yield from (match.span() for match in pattern.finditer(text))
            return
        # Keys of ASCII and caseless characters (ReLU函数), and no character that folds to ASCII:
        # lower case on both sides finds the same spans (speed: no pattern compiled for every
        # card; ``lower`` keeps every length but İ's, which is out).
        text, alternatives = text.lower(), [k.lower() for k in alternatives]
    # Keys without case (Han words, numbers): the same spans by plain search, without compiling
    # a pattern for every card (speed: most keys of Chinese notes).
    pos = 0
    while True:
        start, length = -1, 0
        for key in alternatives:
            at = text.find(key, pos)
            if at >= 0 and (start < 0 or at < start):
                start, length = at, len(key)
        if start < 0:
            return
        yield start, start + length
        pos = start + length


def shown(text: str) -> str:
    """A cloze sentence as its card shows it: the note's HTML tags dropped as the renderer drops
    them (:func:`~notecards.parse.note_html.drop_note_tags`: ``<kbd>`` goes, code spans, formulas
    and tag-shaped words such as ``<unk>`` stay), and no half of a bold run."""
    # A line break goes without a space: the sentence keeps the spaces the note wrote around it.
    return balance_bold(drop_note_tags(text, line_break=""))

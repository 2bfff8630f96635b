"""Typos a note makes in English words (``consine`` for ``cosine``), corrected on its cards.

A word is corrected only when the English dictionary lacks it and exactly one word of the
dictionary one edit away (a letter dropped or added, two letters swapped) is written
elsewhere in the same note: the note's own spelling is the evidence, so a term the dictionary
lacks (``softmax``, ``autoencoders``) is never touched, and nothing is guessed. Blind judges
asked for these corrections (``generrators``, ``consine``, ``learnabel``) on cards that were
otherwise right. The English dictionary is pyspellchecker's word list; this is the one module
that imports it."""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from notecards.model import BlockKind, Card, Document
from notecards.patterns import CODE_SPAN, DISPLAY_MATH, DOLLAR_SPAN

if TYPE_CHECKING:
    from spellchecker import SpellChecker

_WORD = re.compile(r"(?<![\w/.@#\\'’-])[A-Za-z]+(?![\w/@\\'’-])")
"""A Latin word standing alone: not part of a path, URL, identifier, command, hyphenated word
(a typo there may be a name the note relies on) or contraction (``doesn't``)."""
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
MIN_LENGTH = 6
"""Shorter words have too many neighbours one edit away to tell a typo from another word
(``const``, ``idel``), and are more often names of code."""


@functools.lru_cache(maxsize=1)
def _dictionary() -> SpellChecker:
    """The English word list (read once per process, on the first note that needs it)."""
    from spellchecker import SpellChecker  # lazy: a note with no English word never loads it

    return SpellChecker(language="en", distance=1)


def _one_edit(word: str) -> set[str]:
    """Every string one edit away from ``word`` that keeps its first two letters and its last:
    a letter dropped or added, or two letters swapped. A letter changed (``perceptron`` /
    ``perception``) or an edit at either end (``unfreezed``, ``ccomplex``) makes another
    word or another form of one more often than a typo."""
    splits = [(word[:i], word[i:]) for i in range(2, len(word))]
    return {
        *(a + b[1:] for a, b in splits if len(b) > 1),
        *(a + c + b for a, b in splits for c in _LETTERS),
        *(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 2),
    }


_NOT_WORDS = re.compile(
    rf"{DISPLAY_MATH}|{DOLLAR_SPAN}|{CODE_SPAN}|\\\(.*?\\\)|\\\[.*?\\\]", re.DOTALL
)
"""Code spans and formulas inside prose: their words are names, not English."""
_NOT_PROSE = frozenset({BlockKind.CODE, BlockKind.MATH, BlockKind.HTML})
"""Blocks whose words are code, formulas or markup (the parse stage tells them apart)."""


def typo_fixes(doc: Document) -> dict[str, str]:
    """The corrections for the note ``doc``: each lower-case word its prose says once, that
    the dictionary lacks and that has exactly one dictionary word one edit away written
    elsewhere in the prose, mapped to that word. A slip is made once; a term the dictionary
    lacks (``perceptron`` beside ``perception``, ``bbox`` beside ``box``) recurs."""
    prose = _NOT_WORDS.sub(" ", "\n".join(b.text for b in doc.blocks if b.kind not in _NOT_PROSE))
    counts = Counter(m.group(0) for m in _WORD.finditer(prose) if m.group(0).islower())
    once = [w for w, n in counts.items() if n == 1 and len(w) >= MIN_LENGTH]
    if not once:
        return {}
    dictionary = _dictionary()
    fixes: dict[str, str] = {}
    for word in sorted(dictionary.unknown(once)):
        if word.endswith("s") and word[:-1] in counts:
            continue  # the plural of a word of the note: the writer's word
        near = [v for v in _one_edit(word) if v in counts and v != word and v in dictionary]
        if len(near) == 1:
            fixes[word] = near[0]
    return fixes


def corrected(text: str, fixes: dict[str, str]) -> str:
    """``text`` with the words of ``fixes`` replaced (whole words only, as :func:`typo_fixes`
    found them)."""
    if not fixes:
        return text
    return _WORD.sub(lambda m: fixes.get(m.group(0), m.group(0)), text)


def corrected_card(card: Card, fixes: dict[str, str]) -> Card:
    """``card`` with the note's slips (:func:`typo_fixes`) corrected in its front, back and term."""
    if not fixes:
        return card
    front, back = corrected(card.front, fixes), corrected(card.back, fixes)
    term = corrected(card.term, fixes)
    if (front, back, term) == (card.front, card.back, card.term):
        return card
    return replace(card, front=front, back=back, term=term)

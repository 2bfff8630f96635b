"""Acronyms and their expansions in a note: an answer that is only an abbreviation (``ECC``,
``SSD``) says nothing a student can recall, so it is replaced by the full name the note gives
(``single shot multibox detection (SSD)``) or not carded at all."""

from __future__ import annotations

import re

from notecards.model import Document
from notecards.patterns import EN_WORD

_PAREN_PAIR = re.compile(
    r"[（(](?P<full>[^（）()\n]{3,120}?)\s*[，,]\s*(?P<abbr>[A-Z][A-Za-z0-9-]{1,11})\s*[）)]"
)
"""``（region-based CNN或regions with CNN features，R-CNN）``: full name(s), then the acronym."""
_ACRONYM_PAREN = re.compile(r"[（(](?P<abbr>[A-Z][A-Za-z0-9-]{1,11})[）)]")
"""``(CBOW)``: an acronym in parentheses, after the English words it may abbreviate
(``continuous bag-of-words (CBOW)``)."""
_LATIN_WORD = re.compile(EN_WORD)
_ALTERNATIVES = re.compile(r"或者|或|\bor\b|/")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9 '’-]*")
_AT_MOST_WORDS = 8
_ACRONYM_SHAPE = re.compile(r"[A-Za-z0-9-]{2,12}").fullmatch
"""The letters, digits and hyphens an abbreviation is written with."""


def is_acronym(name: str) -> bool:
    """Whether an English name is only an abbreviation: at least two capitals and at most one
    lower-case letter (``ECC``, ``HBM2``, ``R-CNN``, ``PCIe``, ``RNNs``; not ``ResNet``,
    ``float32``, ``GloVe``)."""
    if not _ACRONYM_SHAPE(name):
        return False
    upper = sum(c.isupper() for c in name)
    lower = sum(c.islower() for c in name)
    return upper >= 2 and lower <= 1


def abbreviates(short: str, name: str) -> bool:
    """Whether ``short`` can abbreviate ``name``: it starts with the name's first letter and its
    letters appear in the name in order (CNN ← convolutional neural network, GPGPU ←
    general-purpose GPUs)."""
    letters = [c for c in short.casefold() if c.isalnum()]
    full = name.casefold()
    if not letters or not full or letters[0] != full[0]:
        return False
    at = 0
    for char in letters:
        at = full.find(char, at)
        if at < 0:
            return False
        at += 1
    return True


def _words_before(text: str) -> list[str]:
    """The run of English words (at most :data:`_AT_MOST_WORDS`) that ends ``text``."""
    words: list[str] = []
    for word in reversed(text.split()):
        if len(words) == _AT_MOST_WORDS or not _LATIN_WORD.fullmatch(word):
            break
        words.insert(0, word)
    return words


def _shortest_expansion(words: list[str], abbr: str) -> str | None:
    """The fewest trailing ``words`` that ``abbr`` abbreviates (``… we use continuous
    bag-of-words`` + CBOW → ``continuous bag-of-words``)."""
    for start in range(len(words) - 1, -1, -1):
        candidate = " ".join(words[start:])
        several = len(words) - start >= 2 or "-" in candidate
        if several and abbreviates(abbr, candidate) and candidate.casefold() != abbr.casefold():
            return candidate
    return None


def spelled_out_before(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is an acronym in parentheses right after the English words it
    abbreviates (``a variational autoencoder (VAE)``): the card shows what it stands for."""
    opening = text[max(0, start - 2) : start].rstrip()
    if not opening.endswith(("(", "（")):
        return False  # most spans: no parenthesis opens before them (speed: asked first)
    abbr = text[start:end]
    if not is_acronym(abbr):
        return False
    before = text[max(0, start - 200) : start].rstrip(" (（")
    return _shortest_expansion(_words_before(before), abbr) is not None


def expansions(doc: Document) -> dict[str, str]:
    """Acronym → its full English name, as the note first spells it out."""
    text = doc.note.text
    found: dict[str, str] = {}
    for match in _PAREN_PAIR.finditer(text):
        abbr = match.group("abbr")
        for option in _ALTERNATIVES.split(match.group("full")):
            option = option.strip()
            if (
                _LATIN_NAME.fullmatch(option)
                and len(option.split()) <= _AT_MOST_WORDS
                and abbreviates(abbr, option)
            ):
                found.setdefault(abbr, option)
                break
    for match in _ACRONYM_PAREN.finditer(text):
        abbr = match.group("abbr")
        if abbr not in found:
            before = text[max(0, match.start() - 200) : match.start()]
            full = _shortest_expansion(_words_before(before), abbr)
            if full:
                found[abbr] = full
    return found


def expand(found: dict[str, str], abbr: str) -> str | None:
    """``full name (ABBR)`` when the note spells the acronym out anywhere (``found``: its
    :func:`expansions`), else None."""
    full = found.get(abbr)
    return f"{full} ({abbr})" if full else None

"""Where sentences end: a block's text cut into sentences that join back to it, never inside
math, code or a link target, nor after an abbreviation (``e.g.``, ``A.``)."""

from __future__ import annotations

import re

from notecards.patterns import CJK, MATH_TOKEN

_PROTECTED = re.compile(rf"{MATH_TOKEN}|`[^`\n]+`|\]\([^()\s]*\)|\\\((?:[^\\]|\\(?!\)))+?\\\)")
"""Spans inside which a sentence never ends: math, code spans, link targets."""

_SENTENCE_END = re.compile(
    r"(?:[。！？!?…]+[”’」』）)]*"  # CJK and shared end marks, with closing quotes
    r"|．"  # full-width full stop (oi-wiki style)
    rf"|\.(?=\s+(?:\*\*|__|\*|_)?[\"'(\[A-Z{CJK}]|\s*$))"  # an English full stop before a new sentence
    r"[ \t\u3000]*"  # the spaces after a sentence stay with it
)
"""Where sentences may end; semicolons and colons do not end a sentence (rules split clauses)."""

_WORD = re.compile(r"[^\W_]")
"""A letter, digit or Han character: what a sentence needs besides marks."""

_NOT_AN_END = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|cf|Fig|fig|Eq|eq|al|Dr|Mr|Ms|No|St)|\b[A-Za-z])$"
)
"""Words before a full stop that make it an abbreviation, not a sentence end (``e.g.``, ``A.``)."""
_COMPANY = re.compile(r"\b(?:Inc|Ltd|Corp|Co)$")
"""A company's abbreviation: no sentence end when a Han character follows it (``由 Apple Inc.
开发``), one before a capital (``by Google Inc. It has``)."""
_HAN_NEXT = re.compile(rf"\s*[{CJK}]")
"""A Han character next, after any spaces: the sentence a :data:`_COMPANY` stop is in goes on."""

_ABBREVIATION_WINDOW = 8
"""Characters before a full stop that :data:`_NOT_AN_END` needs to see (its longest word + 1)."""


def split_sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs covering ``text``; whitespace between sentences stays with the
    sentence before it, so the pieces joined give back ``text``."""
    protected = (
        [m.span() for m in _PROTECTED.finditer(text)]
        if "$" in text or "`" in text or "](" in text or "\\(" in text  # its openers (speed)
        else []
    )
    out: list[tuple[int, str]] = []
    start = 0
    guard = 0  # protected spans are sorted: those ending before a stop never hold a later one
    searched = 0  # the piece since ``start`` has no word before here (each character read once)
    last_wordless = False
    for match in _SENTENCE_END.finditer(text):
        stop = match.start()
        if searched <= stop:
            if _WORD.search(text, max(start, searched), stop):
                searched = len(text)  # the piece has a word, however far it runs on
            else:
                searched = stop
                # Pieces without a word after one another (``![![![…``, ``! ! !``) make one:
                # a run of marks would cost a sentence (and its scoring) per two characters.
                if last_wordless:
                    continue
        wordless = searched <= stop
        if protected:
            while guard < len(protected) and protected[guard][1] <= stop:
                guard += 1
            if guard < len(protected) and protected[guard][0] < stop:
                continue  # inside math, code or a link target
        # The abbreviations are short: look just before the stop, not from the start (O(n²)).
        if text[stop] == "." and (  # the English full stop (a mark of one character)
            _NOT_AN_END.search(text, max(0, stop - _ABBREVIATION_WINDOW), stop)
            or (
                _COMPANY.search(text, max(0, stop - _ABBREVIATION_WINDOW), stop)
                and _HAN_NEXT.match(text, stop + 1)
            )
        ):
            continue
        end = match.end()
        # Never blank: the piece holds its end mark.
        out.append((start, text[start:end]))
        start = searched = end
        last_wordless = wordless
    if start < len(text):
        out.append((start, text[start:]))
    return out

"""A long cloze's tail: the clauses after the one that holds its last deletion leave the front
for the back (Anki's Back Extra), so the front asks one thing and nothing after the blank gives
it away, and no word of the sentence is lost (``…也不减少[…]`` on the front; ``同时保持模型的
高质量，…`` under the answer)."""

from __future__ import annotations

import re

from notecards.extract.ranking.candidates import display_size
from notecards.extract.ranking.deletions import deletion_spans, overlaps_any, protected_spans

LONG_CLOZE = 140
"""A cloze text this wide (display columns, a Han character two) or wider loses its tail: blind
judges kept a third of the notes-dev clozes 120–179 columns wide and a tenth of wider ones
(most of them "fix: overlong front"), against two fifths of shorter ones."""
MIN_TAIL = 24
"""A tail narrower than this stays on the front: moving it saves little."""

_CLAUSE_END = re.compile(
    r"[，；]|;\s|,\s(?=(?:which|where|whereas|while|but|so|thus|hence|i\.e\.|e\.g\.|meaning|"
    r"making|allowing|leading|because|since|as well as)\b)"
)
"""Where a clause ends: a Chinese comma or semicolon, a semicolon, or an English comma before a
clause or an aside (``, which …``; not a comma of a list)."""
_PAIRS = (("(", ")"), ("（", "）"), ("[", "]"), ("【", "】"), ("“", "”"), ("「", "」"), ("《", "》"))
"""Brackets and quotes a cut never falls inside."""


def split_tail(text: str) -> tuple[str, str]:
    """``text`` (a cloze, deletions written in) as (front, tail): cut at the first clause end
    after its last deletion when the text is at least :data:`LONG_CLOZE` wide and the rest at
    least :data:`MIN_TAIL`; else ``(text, "")``. Never inside brackets, quotes, math or code."""
    spans = deletion_spans(text)
    if not spans or display_size(text) < LONG_CLOZE:
        return text, ""
    protected = protected_spans(text)
    for end in _CLAUSE_END.finditer(text, spans[-1][1]):
        head, tail = text[: end.start()], text[end.end() :].strip()
        if overlaps_any(end.span(), protected) or not _balanced(head):
            continue
        if display_size(tail) < MIN_TAIL:
            return text, ""
        return head.rstrip(), tail
    return text, ""


def _balanced(text: str) -> bool:
    """Whether every bracket and quote ``text`` opens it also closes."""
    return all(text.count(opening) <= text.count(closing) for opening, closing in _PAIRS)

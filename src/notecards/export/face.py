"""What a card's face shows besides its text: the source line and the reversed card's prompt.

Both are note fields (``Source``, ``Add Reverse``) rendered by :mod:`notecards.export.render`.
"""

from __future__ import annotations

import functools
import html
import re

from notecards.model import Card, CardKind, SourceRef
from notecards.parse import to_plain_html
from notecards.patterns import CJK

REVERSE_PROMPTS = {"zh": "这是哪个术语？", "en": "Which term is this?"}
"""What a reversed card (it shows the back, asks for the front) says above its question, in the
card's language (Chinese when either side has a Han character). It is the value of the note's
"Add Reverse" field, whose being non-empty is what makes Anki add the reversed card."""

_HAN = re.compile(f"[{CJK}]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters; \x1f in particular would split an Anki note's fields."""


def source_html(source: SourceRef, with_line: bool) -> str:
    """The source line: file, headings as plain text (no Markdown or HTML markup shown; math is
    left to MathJax), and the line number."""
    parts = [html.escape(_CONTROL.sub("", source.path))]
    parts += [_heading_html(heading) for heading in source.heading_path]
    where = " › ".join(parts)
    return f"{where}, line {source.line}" if with_line else where


@functools.lru_cache(maxsize=4096)
def _heading_html(heading: str) -> str:
    # Cached: every card of a section repeats its headings.
    return to_plain_html(_CONTROL.sub("", heading))


def reverse_prompt(card: Card) -> str:
    """The "Add Reverse" field of a basic-family card: the prompt of its reversed card, or empty
    (no reversed card)."""
    if card.kind is not CardKind.REVERSIBLE:
        return ""
    return REVERSE_PROMPTS["zh" if _HAN.search(card.front + card.back) else "en"]

"""Regex building blocks shared by the stages (no project imports)."""

from __future__ import annotations

import re
from collections.abc import Iterable

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
"""Character class body for Han characters (what jieba's dictionary knows): the segment stage's
Han runs and the rules' Han tests use this one range."""


CJK_WIDE = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
"""Character class body for wide text: CJK radicals, scripts and punctuation, full-width forms.
Two lines meeting between two such characters join without a space (the clean stage's line
repair and the parse stage's soft line breaks)."""

SENTENCE_END = re.compile(r"[。！？!?；;．]|\.(?:\s|$)")
"""Where a line ends a sentence or clause: a Chinese or shared end mark, a semicolon, or an
English full stop before a space or the end (the clean stage's tests for prose)."""

EN_WORD = r"[A-Za-z][A-Za-z0-9'’-]*"
"""An English word: a letter, then letters, digits, apostrophes and hyphens (``don't``,
``end-to-end``, ``GPT-4``)."""

END_MARKS = "。．.!?！？"
"""Marks that end a sentence (character class body): a text ending in one says something,
a heading or label does not."""

SPACES = re.compile(r"\s+")
"""A run of whitespace (squeezed to one space, or replaced, with ``SPACES.sub``)."""

DISPLAY_MATH = r"\$\$.+?\$\$"
"""Display math: ``$$…$$``, shortest."""
INLINE_MATH = r"\$[^$]+\$"
"""Inline math: ``$…$`` holding something (inside ``$$x$$`` it finds ``$x$``)."""
DOLLAR_SPAN = r"\$[^$]*\$"
"""A dollar sign to the next one, empty included: math as the rules mask or drop it, where the
``$$`` of display math counts as an empty span of its own (:data:`INLINE_MATH` skips it)."""
CODE_SPAN = r"`[^`]*`"
"""A backtick to the next one: a code span as the rules mask or drop it."""
MATH_TOKEN = rf"{DISPLAY_MATH}|\$[^$\n]+?\$"
"""Math the segment stage keeps whole, as one word token and inside one sentence: display math,
or inline math within a line."""


def alternation(words: Iterable[str], *, literal: bool = True) -> str:
    """A regex alternation of ``words`` as one non-capturing group, longest first (so a word is
    never cut short by its own prefix); ``literal`` escapes them. Raises ValueError on an empty
    group or word: an empty alternative would match at every position."""
    items = sorted(set(words), key=lambda w: (-len(w), w))
    if not items or not all(items):
        raise ValueError("a vocabulary group must be non-empty and hold no empty word")
    return "(?:" + "|".join(re.escape(w) if literal else w for w in items) + ")"

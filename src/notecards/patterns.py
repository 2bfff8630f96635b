"""Regex building blocks shared by the stages (no project imports)."""

from __future__ import annotations

import re
from collections.abc import Iterable

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
"""Character class body for Han characters (what jieba's dictionary knows): the segment stage's
Han runs and the rules' Han tests use this one range."""


def alternation(words: Iterable[str], *, literal: bool = True) -> str:
    """A regex alternation of ``words`` as one non-capturing group, longest first (so a word is
    never cut short by its own prefix); ``literal`` escapes them. Raises ValueError on an empty
    group or word: an empty alternative would match at every position."""
    items = sorted(set(words), key=lambda w: (-len(w), w))
    if not items or not all(items):
        raise ValueError("a vocabulary group must be non-empty and hold no empty word")
    return "(?:" + "|".join(re.escape(w) if literal else w for w in items) + ")"

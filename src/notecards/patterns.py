"""Regex building blocks shared by the stages (no project imports)."""

from __future__ import annotations

import re
from collections.abc import Iterable


def alternation(words: Iterable[str], *, literal: bool = True) -> str:
    """A regex alternation of ``words`` as one non-capturing group, longest first (so a word is
    never cut short by its own prefix); ``literal`` escapes them. Raises ValueError on an empty
    group or word: an empty alternative would match at every position."""
    items = sorted(set(words), key=lambda w: (-len(w), w))
    if not items or not all(items):
        raise ValueError("a vocabulary group must be non-empty and hold no empty word")
    return "(?:" + "|".join(re.escape(w) if literal else w for w in items) + ")"

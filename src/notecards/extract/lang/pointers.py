"""Sentences that point at what follows them (``以下代码``, ``实现如下．``, ``… are shown below.``):
what they announce is a figure, code or a list the card does not have."""

from __future__ import annotations

import re

_BELOW = re.compile(
    r"(?<![\d一二三四五六七八九十百千万个次位岁年度级节])(?<!\d\s)"
    r"(?:以下|如下|下列)(?!\d|\s\d|[简称标也时])"
)
"""A pointer at what follows: not a bound (``10 以下``, ``30 字节以下时``) nor an abbreviation's
note (``以下简称``), nor ``以下标`` (以 + 下标)."""


_COLON = re.compile("[:：]")


_BELOW_EN = re.compile(r"\b(?:below|as follows|the following)\s*[.:]?\s*$", re.IGNORECASE)
"""An English sentence ending on a pointer at what follows (``… are shown below.``)."""


def points_below(plain: str) -> bool:
    """Whether a sentence points at what follows it (``以下代码``, ``实现如下．``, ``… shown
    below.``) with no colon after the pointer to bring it into the sentence (``原理如下：…``)."""
    if "下" not in plain:
        # speed: every Chinese pointer holds it; an English one ends the sentence
        return "ow" in plain[-12:] and bool(_BELOW_EN.search(plain[-24:]))
    pointer = _BELOW.search(plain)
    return pointer is not None and not _COLON.search(plain, pointer.end())

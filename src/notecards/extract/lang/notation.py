"""Sentences that only set up notation (``设二分图 G 的分解为 V=…．``, ``记 x 的父节点为 fa(x)．``,
``Let x be …``): they bind a symbol and state nothing that follows from it, so a card of one
tests a name the note gave for a while. Blind judges dropped 34 of the 48 such cloze cards they
saw and kept 4; the ones they kept go on to a consequence (``设 G 为可平面图，若…``)."""

from __future__ import annotations

import re

SETUP_WORDS = frozenset({"设", "记", "令", "假设", "假定"})
"""Words (jieba's) that open a sentence binding notation; ``记忆化``, ``设计`` are other words."""
_SETUP_EN = re.compile(r"(?:Let|Suppose|Assume|Denote|We denote)\b")
_CONSEQUENCE = re.compile(
    r"那么|如果|当且仅当|可得|得到|可以|可知|发现|因此|所以|于是|每次"
    r"|\b(?:then|if|iff|called|we call|is said)\b"
)
"""What turns a setup into a claim: a consequence (``那么``, ``then``), a condition or a name
given (``is called``)."""
_CONSEQUENCE_WORDS = frozenset(
    {"则", "就", "若", "有", "具有", "没有", "故"}
    | {"称", "称为", "称作", "被称为", "被称作", "称之为", "叫做", "叫作"}
)
"""The same said in one of jieba's words (``则``, ``称为``, ``有``): as characters they are also
parts of other words (``规则``, ``对称``, ``所有``)."""


def sets_up_notation(text: str, tokens: tuple[str, ...], lang: str, start: int = 0) -> bool:
    """Whether ``text`` (its words ``tokens``), read from ``start`` (after a label), opens on a
    setup word and says nothing that follows from it."""
    if lang == "en":
        if not _SETUP_EN.match(text, start):
            return False
    else:
        at, first = 0, ""
        for token in tokens:
            if at >= start and token.strip():
                first = token.strip()
                break
            at += len(token)
        if first not in SETUP_WORDS:
            return False
    if _CONSEQUENCE.search(text, start + 2):
        return False
    at = 0
    for token in tokens:
        if at >= start + 2 and token in _CONSEQUENCE_WORDS:
            return False
        at += len(token)
    return True

"""The members a count announces: ``X 主要来自两部分：A 与 B``, ``GAN 需要训练两个网络，A 与 B``,
``two member variables: features and output``.

Such a sentence says how many things there are and then names them. Hiding the count phrase
(``[两部分]``) tests nothing, as the names after it give it away (blind judges called 42 of 60
such blanks a fix and 7 a drop); the names are what a reader learns, with the count left on the
front as the cue (``…主要来自两部分：[…]``)."""

from __future__ import annotations

import re

from notecards.extract.lang.lead_in import ITEM_SPLIT, count_value
from notecards.extract.ranking.deletions import Spans, cuts_into

_COUNT_ZH = re.compile(
    r"(?<![前后第这那每其各二])(?P<n>[两二三四五六七八九几多]|[2-9])\s*(?:个|种|类|大|项|条|件|步|层|组|部分|阶段|方面)(?!式)"
)
"""A Chinese count: a numeral and its measure word (``两部分``, ``三个``, ``几种``), not an
ordinal or a selection (``第二个``, ``前两层``, ``这两个``)."""
_COUNT_EN = re.compile(
    r"\b(?P<n>two|three|four|five|six|several)\s+(?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*s\b",
    re.IGNORECASE,
)
"""An English count and the plural it counts (``two member variables``, ``three steps``)."""
_ANNOUNCE = re.compile(r"[：:，,]")
"""A colon or comma that may end a count and open its members."""
_CLAUSE_MARKS = "，,。；;：:！!？?"
"""The marks a clause starts after."""
NEAR_COMMA = 4
"""Before a comma a count must end this close to it, a short noun between, and follow the
clause's verb (``…训练两个网络，A 与 B``, not ``两个矩阵，行数与列数相同``); before a colon it may
be anywhere in the clause (``三个步骤来预测…：A、B 和 C``)."""
_NOT_MEMBERS = re.compile(
    r"(?:第|一(?:个|种|是|部分)|首先|如果|若|当|则|就|其中|所以|因此|因为|由于|但|而|然后|再|即|也就是|分别|包括|比如|例如|如|这|那|它|该|并|且|每|"
    r"\b(?:which|where|so|but|then|each|both|e\.g|i\.e|including|such|that|this|these|it|they)\b)",
    re.IGNORECASE,
)
"""How a clause opens that follows a count without naming its members (``…两个子树，其中…``)."""
_ENDS = re.compile(r"[。．.；;！!？?，]")
"""Where the list of members ends (a Chinese comma too: what follows it is a clause)."""
MAX_MEMBERS_SIZE = 60
"""Members longer than this (characters) are descriptions, not names: the count stays hidden."""
MAX_ITEM_SIZE = 24
"""A member longer than this (characters) is a clause, not a name."""


def announced_members(text: str, protected: Spans) -> tuple[int, int] | None:
    """The span of the members a count announces before a colon (or a Chinese count right
    before a comma), when they are as many as it says (two or more for ``几``, ``多``,
    ``several``), each short, and not mostly math; else None."""
    for mark in _ANNOUNCE.finditer(text):
        if mark.start() == 0:
            continue
        clause_at = max(text.rfind(c, 0, mark.start()) for c in _CLAUSE_MARKS) + 1
        clause = text[clause_at : mark.start()]
        colon = mark.group() in "：:"
        found = [
            m
            for m in _COUNT_ZH.finditer(clause)
            if colon
            or (m.start() > 0 and len(clause) - m.end() <= NEAR_COMMA and count_value(m["n"]))
        ]
        if colon:
            found += list(_COUNT_EN.finditer(clause))
        if not found:
            continue
        span = _members(text, mark.end(), protected, count_value(found[-1].group("n")))
        if span is not None:
            return span
    return None


def _members(text: str, start: int, protected: Spans, wanted: int | None) -> tuple[int, int] | None:
    """The members listed from ``start``, when there are ``wanted`` of them (None: two or more)
    and they are names, not a clause; else None."""
    while start < len(text) and text[start].isspace():
        start += 1
    end_mark = _ENDS.search(text, start)
    members = text[start : end_mark.start() if end_mark else len(text)].rstrip()
    end = start + len(members)
    if not members or len(members) > MAX_MEMBERS_SIZE or _NOT_MEMBERS.match(members):
        return None
    if cuts_into(start, end, protected) or _mostly_math(start, end, protected):
        return None
    items = [i.strip() for i in ITEM_SPLIT.split(members) if i.strip()]
    if len(items) < 2 or any(len(i) > MAX_ITEM_SIZE for i in items):
        return None
    if wanted is not None and len(items) != wanted:
        return None
    rest = (text[:start] + " " + text[end:]).casefold()
    if any(len(part) > 1 and part in rest for part in _names(items)):
        return None  # "两个特征：大和一致性，…一致性主要是…": the sentence names them again
    return start, end


_GLOSS = re.compile(r"\s*[(（]([^()（）]*)[)）]\s*")
"""A gloss in parentheses after a member's name (``生成器（generator）``)."""


_MARKS = " *_`\"'“”‘’「」"
"""Emphasis and quotes around a member's name (``**Compress**``, ``“编码器”``)."""


def _names(items: list[str]) -> list[str]:
    """Each member's name and its gloss, folded."""
    return [
        part.strip(_MARKS).casefold()
        for item in items
        for part in (_GLOSS.sub(" ", item), *_GLOSS.findall(item))
    ]


def _mostly_math(start: int, end: int, protected: Spans) -> bool:
    """Whether formulas make up half of ``start:end`` or more (members that are symbols are
    notation, and the judges asked for what they mean instead)."""
    inside = sum(min(b, end) - max(a, start) for a, b in protected if a < end and start < b)
    return inside * 2 >= end - start

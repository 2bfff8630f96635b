"""Signals that a key claim has nothing to recall: praise or importance with little else in it, or
a figure that is only the premise of the sentence's fact."""

from __future__ import annotations

import re

from notecards.extract.lang.text import HAN

_VAGUE_CLAIM = re.compile(
    r"深远(?:的)?影响|影响深远|的关键|是关键|至关重要|非常重要|十分重要|很重要|举足轻重|里程碑"
    r"|重要(?:的)?(?:作用|意义|地位)|\b(?:profound|lasting|huge|major|significant)\s+(?:impact|influence)"
    r"|\b(?:is|are)\s+(?:very\s+|extremely\s+)?(?:key|crucial|important|essential)\b"
    r"|\bplays?\s+an?\s+(?:important|key|crucial|central)\s+role"
)
"""Praise or importance (``产生了深远影响``, ``是自然语言处理的关键``): a short claim made of it
says nothing to recall, and its blank can be guessed."""
MAX_VAGUE_REST_ZH = 24
"""A claim with praise in it is kept only when this many characters are left besides its blank."""
MAX_VAGUE_REST_EN = 12
"""…or this many words in English."""
_CAUSE_OPENER = re.compile(r"^(?:由于|因为|鉴于|Because\b|Since\b|As\b|Given\b)")
"""A sentence opening with its cause: a figure in that clause is a premise, the fact is after it."""


def in_cause(text: str, spans: list[tuple[int, int]]) -> bool:
    """Whether every figure lies in an opening cause clause (``由于…多{{10倍}}以上，因此…``):
    the blank would ask for the premise, not for the fact the sentence states."""
    if not _CAUSE_OPENER.match(text):
        return False
    comma = min((at for at in (text.find("，"), text.find(",")) if at >= 0), default=-1)
    return comma >= 0 and all(end <= comma for _, end in spans)


def is_vague(text: str, spans: list[tuple[int, int]]) -> bool:
    """Whether a claim is praise or importance with little else to it (``{{语言模型}}是自然
    语言处理的关键``)."""
    if not _VAGUE_CLAIM.search(text):
        return False
    rest = text
    for start, end in sorted(spans, reverse=True):
        rest = rest[:start] + rest[end:]
    if HAN.search(text):
        return len(rest) <= MAX_VAGUE_REST_ZH
    return len(rest.split()) <= MAX_VAGUE_REST_EN

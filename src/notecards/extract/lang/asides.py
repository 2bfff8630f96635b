"""Bracketed asides a card drops: those pointing at a figure or a video of the source
(``（如上图左侧）``, ``(fig 2)``, ``（建议反复看视频，33:58～41:23）``) and the note-taker's remarks on
their own reading (``（这里不具体看了）``, ``（写的太难懂了）``, ``（建议看一下细节）``). The card has
neither the figure nor the taker's reading, so on a card they are junk, and no cloze hides a word
of one."""

from __future__ import annotations

import re

_POINTS_AT = r"看视频|[上下如见]图|图\s*\d|\b[Ff]ig(?:ure)?\.?\s*\d"
"""A figure or a video of the source."""
_OWN_READING = (
    r"不(?:具体|细|详细)(?:看|讲|展开)|没(?:有)?(?:仔细|细)?看|太难懂|难懂了"
    r"|建议[^（）()\n]{0,8}看|看一下细节|可以看代码|看代码|见代码"
)
"""The note-taker's reading: what they skipped, found hard, or advise reading elsewhere."""
ASIDE = re.compile(
    rf"\s?[（(](?=[^（）()\n]{{0,40}}?(?:{_POINTS_AT}|{_OWN_READING}))[^（）()\n]{{1,60}}[）)]"
)
"""A bracketed aside pointing at a figure or a video, or remarking on the taker's reading."""


def drop_asides(text: str) -> str:
    """``text`` without the asides of :data:`ASIDE`."""
    if "(" not in text and "（" not in text:
        return text  # most text has no bracket (speed)
    return ASIDE.sub("", text)


def aside_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds an aside a card drops: no key is hidden inside one."""
    if "(" not in text and "（" not in text:
        return []
    return [m.span() for m in ASIDE.finditer(text)]

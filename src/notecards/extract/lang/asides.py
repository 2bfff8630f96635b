"""Bracketed asides a card drops: those pointing at a figure or a video of the source
(``（如上图左侧）``, ``(fig 2)``, ``（建议反复看视频，33:58～41:23）``) and the note-taker's remarks on
their own reading (``（这里不具体看了）``, ``（写的太难懂了）``, ``（建议看一下细节）``). The card has
neither the figure nor the taker's reading, so on a card they are junk, and no cloze hides a word
of one. Also the taker's doubts in brackets (``（不太理解）``) and the reading that closes an answer
(``，我理解应该是…``, ``，技术细节可以看代码。``)."""

from __future__ import annotations

import re

from notecards.extract.lang.text import HAN

_POINTS_AT = r"看视频|[上下如见]图|图\s*\d|\b[Ff]ig(?:ure)?\.?\s*\d"
"""A figure or a video of the source."""
_CODE_POINTER = r"可以看代码|看代码|见代码"
"""The note-taker sending the reader to the code."""
_READING = (
    r"不(?:具体|细|详细)(?:看|讲|展开)|没(?:有)?(?:仔细|细)?看|太难懂|难懂了"
    rf"|建议[^（）()\n]{{0,8}}看|看一下细节|{_CODE_POINTER}"
)
"""The note-taker's reading: what they skipped, found hard, or advise reading elsewhere."""
ASIDE = re.compile(
    rf"\s?[（(](?=[^（）()\n]{{0,40}}?(?:{_POINTS_AT}|{_READING}))[^（）()\n]{{1,60}}[）)]"
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


_DOUBT = re.compile(
    r"[（(][^（）()\n]{0,12}(?:不太理解|不理解|不懂|存疑|待确认)[^（）()\n]{0,12}[）)]"
)
"""The note-taker's doubt in brackets (``（不太理解）``): not what the note says."""
_OWN_READING = re.compile(
    r"(?<=[，,。；;])\s*(?:我(?:理解|觉得|认为|猜|感觉)|个人(?:理解|觉得|认为)|笔者(?:认为|觉得)"
    rf"|[^，,。；;！？!?\n]{{0,10}}(?:{_CODE_POINTER}|不具体看了))"
    r"[^。！？!?\n]*[。！？!?]?\s*$"
)
"""The note-taker's own reading closing an answer (``，我理解应该是…``, ``，技术细节可以看代码。``)."""


def drop_doubts(text: str) -> str:
    """``text`` without the note-taker's doubts in brackets (:data:`_DOUBT`)."""
    # Only where a bracket opens (speed: the pattern needs one, most text has none).
    return _DOUBT.sub("", text) if "（" in text or "(" in text else text


def drop_own_reading(text: str) -> str:
    """An answer without the note-taker's reading closing it (:data:`_OWN_READING`), ending on
    a full stop."""
    cut = _OWN_READING.sub("", text).rstrip() if _OWN_READING.search(text) else text
    if cut != text and cut and cut[-1] in "，,；;":
        cut = cut[:-1] + ("。" if HAN.search(cut[-20:]) else ".")
    return cut

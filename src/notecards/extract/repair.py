"""Card repair before the quality gates (:mod:`notecards.extract.quality`): d2l/Sphinx anchors and
citations stripped from both sides, asides pointing at a figure or a video dropped, spaces between
Chinese characters closed, and an answer too long for a card trimmed at a sentence or clause
break."""

from __future__ import annotations

import re
from dataclasses import replace

from notecards.config import Config
from notecards.extract.lang.terms import strip_d2l
from notecards.extract.lang.text import HAN, PROTECTED_SPAN, clip
from notecards.model import Card
from notecards.patterns import CJK, END_MARKS

_SENTENCE_BREAK = re.compile(r"(?<=[。！？?．；;])|(?<=!)(?!\[)|(?<=\.)\s")
"""Places where a too-long back may be cut."""


_HAN_GAP = re.compile(
    rf"(?<=[{CJK}])[ \t]+(?=[{CJK}])"  # 正是具有 注意力机制 (a line break in the note)
    rf"|(?<=[{CJK}])[ \t]+(?=(?:\*\*|__|\[)[{CJK}])"  # 的 **字典序**, 的 [字典序](…)
    rf"|(?<=[{CJK}]\*\*)[ \t]+(?=[{CJK}])|(?<=[{CJK}]__)[ \t]+(?=[{CJK}])"  # **修改** 容器
    rf"|(?<=[{CJK}]\])[ \t]+(?=[{CJK}])"
)
"""A space between two Chinese characters, around bold or a link (``的 **字典序** 是``) or where
the note broke a line: Chinese takes no spaces, so on a card it is a stray gap."""
_LINK_GAP = re.compile(rf"(?<=[{CJK}]\]\()([^()\s]*\))[ \t]+(?=[{CJK}])")
"""The space after a link whose text ends on a Chinese character (``[字典序](url) 是``)."""


_POINTER_ASIDE = re.compile(
    r"\s?[（(](?=[^（）()\n]{0,40}?(?:看视频|[上下如见]图|图\s*\d|\b[Ff]ig(?:ure)?\.?\s*\d))"
    r"[^（）()\n]{1,60}[）)]"
)
"""A bracketed aside that points at a figure or a video of the source (``（如上图左侧）``,
``(fig 2)``, ``（建议反复看视频，33:58～41:23）``): the card has neither, so it is junk there."""


def drop_pointer_asides(text: str) -> str:
    """``text`` without its asides pointing at a figure or a video (:data:`_POINTER_ASIDE`)."""
    if "(" not in text and "（" not in text:
        return text
    return _POINTER_ASIDE.sub("", text)


def close_han_gaps(text: str) -> str:
    """``text`` without the spaces between Chinese characters (:data:`_HAN_GAP`)."""
    if " " not in text and "\t" not in text:
        return text
    return _LINK_GAP.sub(r"\1", _HAN_GAP.sub("", text))


def _width(text: str) -> int:
    """Width on a card: a Han character counts two."""
    return len(text) + len(HAN.findall(text))


def _trim(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` wide (a Han character counts two) at its last sentence
    break, else at its last clause break: never mid-word, never inside math, code or a link
    (``$a; b$`` holds no break)."""
    if _width(text) <= limit:
        return text
    protected = [m.span() for m in PROTECTED_SPAN.finditer(text)]
    out = first = ""
    for match in _SENTENCE_BREAK.finditer(text):
        cut = match.start()  # after the stop (or before the space after an English one)
        if cut <= len(out) or any(a < cut < b for a, b in protected):
            continue
        first = first or text[:cut]
        if _width(text[:cut]) > limit:
            break
        out = text[:cut]
    if not out:
        # The first sentence alone is too long: cut it at a clause break that fits, else keep
        # that sentence whole.
        fits = len(text)
        while fits and _width(text[:fits]) > limit:
            fits -= max(1, (_width(text[:fits]) - limit) // 2)
        clipped = clip(text, fits)
        if clipped != text:
            return clipped
        out = first or text
    if len(out) >= len(text):
        return out
    out = out.rstrip()
    # Whole sentences read as a complete answer: an ellipsis would only say "more in the note".
    return out if out.endswith(tuple(END_MARKS)) else out + " …"


def repair(card: Card, config: Config) -> Card:
    """Strip d2l/Sphinx anchors and citations from both sides, drop asides pointing at a figure
    or a video, close the spaces between Chinese characters and trim a long answer (to
    ``config.max_answer_chars``)."""
    front = close_han_gaps(drop_pointer_asides(strip_d2l(card.front)))
    back = close_han_gaps(drop_pointer_asides(strip_d2l(card.back)))
    back = _trim(back, config.max_answer_chars)
    if front == card.front and back == card.back:
        return card  # most cards need no repair: no copy (speed)
    return replace(card, front=front, back=back)

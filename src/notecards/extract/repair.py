"""Card repair before the quality gates (:mod:`notecards.extract.quality`): d2l/Sphinx anchors and
citations, footnote references and author-year citations stripped from both sides, asides
pointing at a figure or a video or remarking on the taker's reading (and, from an answer, the
note-taker's own reading) dropped, spaces between Chinese characters closed, and an answer too
long for a card trimmed at a sentence or clause break."""

from __future__ import annotations

import re
from dataclasses import replace

from notecards.config import Config
from notecards.extract.lang.asides import drop_asides, drop_doubts, drop_own_reading
from notecards.extract.lang.markup import balance_bold
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


_REFERENCE_MARK = re.compile(
    r"\[\^[^\]\s]{1,60}\]"  # a footnote reference: ThreadSanitizer[^thread-sanitizer]
    r"|\s?\\?\[(?:[A-Z][A-Za-z\-]+(?: (?:et al\.|and [A-Z][A-Za-z\-]+))?,? \d{4}[a-z]?)\\?\]"
    r"(?=[.,;:。，；：)）]|$)"  # ending a clause, not its object ("as in [Smith 2019] and")
)
"""A footnote reference (``[^yuan1959note]``) or an author-year citation (``\\[Miller 1995\\]``):
it points at the note's references, which the card does not have."""


def drop_reference_marks(text: str) -> str:
    """``text`` without footnote references and author-year citations (:data:`_REFERENCE_MARK`)."""
    if "[" not in text:
        return text
    return _REFERENCE_MARK.sub("", text)


def close_han_gaps(text: str) -> str:
    """``text`` without the spaces between Chinese characters (:data:`_HAN_GAP`)."""
    if " " not in text and "\t" not in text:
        return text
    return _LINK_GAP.sub(r"\1", _HAN_GAP.sub("", text))


_LEADING_MARKS = re.compile(r"^[\s：:，,；;、]+")
_AFTER_LABEL = re.compile(r"：[ \t\u00a0\u3000，,、；;]+(?=\S)")


def tidy_edges(text: str) -> str:
    """Punctuation a cut or a prefix left at an edge: marks opening a side (``：RCNN 系列…``,
    ``，选出…``) and spaces or a comma after a Chinese colon (``编译器和解释器： 命令式…``)."""
    if "：" in text:
        text = _AFTER_LABEL.sub("：", text)
    return _LEADING_MARKS.sub("", text)


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
    """Strip d2l/Sphinx anchors and citations, footnote references, author-year citations, the
    note-taker's doubts and half a bold run from both sides, drop asides pointing at a figure or
    a video or remarking on the taker's reading and (from the answer) the taker's own reading
    (:mod:`~notecards.extract.lang.asides`), close the spaces between Chinese characters, tidy
    the marks at the edges (:func:`tidy_edges`) and trim a long answer (to
    ``config.max_answer_chars``)."""
    front = close_han_gaps(drop_asides(drop_reference_marks(strip_d2l(card.front))))
    back = close_han_gaps(drop_asides(drop_reference_marks(strip_d2l(card.back))))
    front, back = drop_doubts(front), drop_own_reading(drop_doubts(back))
    front, back = tidy_edges(balance_bold(front)), tidy_edges(balance_bold(back))
    back = _trim(back, config.max_answer_chars)
    if front == card.front and back == card.back:
        return card  # most cards need no repair: no copy (speed)
    return replace(card, front=front, back=back)

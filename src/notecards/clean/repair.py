"""Text repair for the clean stage: re-join broken lines and give plain ``.txt`` notes Markdown shape.

Every function here edits a list of lines in place and keeps its length, so line numbers stay
true to the file: a re-joined line keeps the number of its first half and the lines merged into
it become empty. Nothing is ever joined inside code or math blocks, tables, lists or headings, or
across a blank line.

A regex helper the clean stage shares lives here too: :func:`matching_lines` (the lines a
pattern matches in, with one scan).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from notecards.patterns import CJK, CJK_WIDE, SENTENCE_END

BROKEN_LINE_MIN_CHARS = 20
"""A plain-text line shorter than this is a title or a label, not the first half of a sentence
cut by a hard wrap (:func:`join_broken_lines`, ``.txt`` only)."""
TITLE_MAX_CHARS = 30
"""An unnumbered plain-text title line is at most this long (:func:`structure_plain_text`)."""
NUMBERED_TITLE_MAX_CHARS = 50
"""A numbered section title (``1.2 标题``, ``第三章 …``) is at most this long."""
PROSE_MIN_WORDS = 12
"""A title must be followed by prose with at least this many letters and a sentence end."""

_CHINESE_NUMERALS = "一二三四五六七八九十百零〇两"
_STRUCTURAL = re.compile(
    r"^(?:\s*(?:#{1,6}(?:\s|$)|[-*+](?:\s|$)|\d{1,9}[.)](?:\s|$)|>|\||<|```|~~~|\$\$|\[[^\]]*\]:)"
    r"|\s{4}|\t|\s*(?:={2,}|-{2,}|\*{3,}|_{3,})\s*$)"
)
"""Lines that are Markdown structure (heading, list item, quote, table, HTML, fence, link
definition, indented code, rule or setext underline): never joined, never a title."""
_END_PUNCT = re.compile(r"[。！？!?；;：:.．…)）\]】」』\"”]\s*$")  # a comma goes on
_HARD_BREAK = re.compile(r"(?: {2}|\\)$")
_FRAGMENT = re.compile(
    r"[A-Za-zα-ωΑ-Ω][A-Za-z0-9_'′^{}]{0,5}|[=+\-−×÷·<>≤≥≈∝]|\$[^$\n]{1,16}\$"
    r"|[A-Za-z]\([A-Za-z0-9, ]{1,8}\)"
)
_LONE_OPERATORS = frozenset("=+-")
"""Lines that look like Markdown (a setext underline, an empty list item) but, between two halves
of a sentence, are a formula's operator."""
_FRAGMENT_LINE = re.compile(rf"[ \t]*(?:{_FRAGMENT.pattern})[ \t]*")
"""A line holding only a fragment (with :meth:`re.Pattern.fullmatch`)."""
_FRAGMENT_MAX_CHARS = 18
"""The longest fragment (``$`` + 16 characters + ``$``), spaces around it not counted."""
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])(?:\s|$)")
_LOWER_OR_CJK = re.compile(f"[a-z{CJK}]")
_CONTINUATION = re.compile(rf"[a-z{CJK}=+\-−×÷·,，)）]")
_CJK = re.compile(f"[{CJK_WIDE}]")
_WORD = re.compile(r"[^\W_]")

_NUMBERED = re.compile(r"(\d{1,2}(?:\.\d{1,2}){1,4})\.?\s+(\S.*)|(\d{1,2})\s+(\S.*)")
_CHAPTER = re.compile(rf"第[{_CHINESE_NUMERALS}\d]{{1,4}}([章节篇部讲课])(?:分)?\s*\S.*")
_CN_ENUM = re.compile(rf"[{_CHINESE_NUMERALS}]{{1,3}}[、.．]\s*\S.*")
_CN_PAREN_ENUM = re.compile(rf"[（(][{_CHINESE_NUMERALS}]{{1,3}}[）)]\s*\S.*")
_GLYPH_BULLET = re.compile(r"^(\s*)[•·●◦▪■◆○‣⁃∙]\s*(?=\S)")
_GLYPHS = "•·●◦▪■◆○‣⁃∙"
_NUMBER_BULLET = re.compile(r"^(\s*)(?:[（(](\d{1,3})[）)]|(\d{1,3})、)\s*(?=\S)")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CIRCLED_BULLET = re.compile(f"^(\\s*)([{_CIRCLED}])\\s*(?=\\S)")


def heading_level(title: str) -> int:
    """Markdown heading level for a title from its numbering: ``1`` → 2, ``1.2`` → 3, ``第一章`` → 2,
    ``第一节`` → 3, ``一、`` → 2, ``（一）`` → 3; 2 when unnumbered."""
    title = title.strip()
    if m := _NUMBERED.match(title):
        return min(6, 2 + (m.group(1) or m.group(3)).count("."))
    if m := _CHAPTER.match(title):
        return 3 if m.group(1) in "节讲课" else 2
    if _CN_PAREN_ENUM.match(title):
        return 3
    return 2


def words(text: str) -> int:
    """Letters, digits and CJK characters in ``text``."""
    return len(_WORD.findall(text))


def is_prose(line: str) -> bool:
    """A sentence of some length: what follows a title."""
    return words(line) >= PROSE_MIN_WORDS and SENTENCE_END.search(line) is not None


def convert_bullets(lines: list[str], protected: Sequence[bool], *, plain_text: bool) -> None:
    """``• x`` → ``- x`` everywhere; in plain text also ``（1）``, ``1、`` and ``①`` → ``1. x``."""
    if not plain_text and not has_glyph("\n".join(lines)):
        return  # most Markdown notes have no glyph bullets: fast scans decide
    for i, line in enumerate(lines):
        if protected[i] or not line:
            continue
        if (m := _GLYPH_BULLET.match(line)) is not None:
            lines[i] = f"{m.group(1)}- {line[m.end() :]}"
        elif plain_text and (m := _NUMBER_BULLET.match(line)) is not None:
            lines[i] = f"{m.group(1)}{m.group(2) or m.group(3)}. {line[m.end() :]}"
        elif plain_text and (m := _CIRCLED_BULLET.match(line)) is not None:
            lines[i] = f"{m.group(1)}{_CIRCLED.index(m.group(2)) + 1}. {line[m.end() :]}"


def has_glyph(text: str) -> bool:
    """Whether ``text`` holds a glyph that :func:`convert_bullets` may turn into ``-``."""
    return any(glyph in text for glyph in _GLYPHS)  # ``in`` per glyph beats one regex scan


def structure_plain_text(lines: list[str], protected: Sequence[bool]) -> None:
    """Turn the title lines of a plain-text note into Markdown headings, level from numbering.

    A title is a numbered section title (``1.2 标题``, ``第三章 绪论``, ``一、概述``), or a short
    line without sentence punctuation that starts a paragraph and is followed by prose.
    """
    for i, line in enumerate(lines):
        if protected[i] or not line.strip() or _STRUCTURAL.match(line):
            continue
        if i > 0 and lines[i - 1].strip():
            continue  # inside a paragraph: a title always starts one
        title = line.strip()
        if _is_numbered_title(title) or _is_short_title(title, lines, i):
            lines[i] = f"{'#' * heading_level(title)} {title}"


def _is_numbered_title(title: str) -> bool:
    """``1.2 标题``, ``第三章 …``, ``一、…``, ``（一）…``: a title wherever it stands. A single
    number (``3 个问题``) is too ambiguous: such a line must pass as a short title."""
    if len(title) > NUMBERED_TITLE_MAX_CHARS or SENTENCE_END.search(title.rstrip("?？")):
        return False
    if re.search(r"[,，:：、]$", title):
        return False
    if _CHAPTER.match(title) or _CN_ENUM.match(title) or _CN_PAREN_ENUM.match(title):
        return True
    m = _NUMBERED.match(title)
    return bool(m and m.group(1) and re.search(r"[^\W\d_]", m.group(2)))


def _is_short_title(title: str, lines: Sequence[str], i: int) -> bool:
    """A short line without sentence punctuation (a final question mark is allowed) followed,
    directly or after one blank line, by prose that does not start in lower case."""
    if len(title) > TITLE_MAX_CHARS or words(title) < 2:
        return False
    if SENTENCE_END.search(title.rstrip("?？")) or re.search(r"[,，:：、]$", title):
        return False
    following = [j for j in (i + 1, i + 2) if j < len(lines) and lines[j].strip()]
    if not following or (following[0] == i + 2 and lines[i + 1].strip()):
        return False
    body = lines[following[0]].strip()
    return is_prose(body) and not body[0].islower() and not _STRUCTURAL.match(body)


def join_broken_lines(
    lines: list[str], protected: Sequence[bool], *, plain_text: bool
) -> dict[int, str]:
    """Re-join lines broken inside a sentence or formula; returns merged-away index → reason.

    * ``joined-fragment``: a lone variable or operator (``x``, ``W_1``, ``=``, ``$h_t$``) on its own
      line between two halves of a sentence — the way PDF and rendered-math copies break — is put
      back, with the second half, on the first half's line.
    * ``joined-line`` (plain text only): a line of at least :data:`BROKEN_LINE_MIN_CHARS` (with
      what was already joined to it) without end punctuation, followed by one that starts in
      lower case or with a CJK character — a hard wrap in the middle of a sentence.
    """
    merged: dict[int, str] = {}
    in_list = _ListParagraphs(lines)
    for i in _first_halves(lines, protected, plain_text):
        if i in merged or protected[i] or not _can_continue(lines[i]) or in_list(i):
            continue
        _join_at(lines, protected, i, plain_text, merged)
    return merged


def _first_halves(lines: Sequence[str], protected: Sequence[bool], plain_text: bool) -> list[int]:
    """Lines that may be followed by a broken-off rest: every line of a plain-text note; in
    Markdown only those just above a lone fragment (outside code and math: a protected fragment
    is never joined)."""
    if plain_text:
        return list(range(len(lines)))
    # Only a short line can be a fragment: the cheap tests go before the regex (faster than one
    # scan of the joined text, which also costs the join).
    return [
        i - 1
        for i, line in enumerate(lines)
        if line
        and not protected[i]
        and 0 < len(line.strip()) <= _FRAGMENT_MAX_CHARS
        and i > 0
        and _FRAGMENT_LINE.fullmatch(line)
    ]


def matching_lines(
    pattern: re.Pattern[str],
    text: str,
    accept: Callable[[str, int, int], bool] | None = None,
) -> list[int]:
    """0-based indexes of the lines of ``text`` in which ``pattern`` matches, each once.

    ``accept(text, start, end)``, if given, can turn a match down; the search then goes on from
    the next character.
    """
    found: list[int] = []
    line = last = 0
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        if accept is not None and not accept(text, m.start(), m.end()):
            pos = m.start() + 1
            continue
        line += text.count("\n", last, m.start())
        last = m.start()
        found.append(line)
        end_of_line = text.find("\n", m.start() + 1)
        if end_of_line < 0:
            break
        pos = end_of_line  # one hit per line is enough
    return found


class _ListParagraphs:
    """Whether a line belongs to a list item: a list marker on it, or above it in the same
    paragraph. Answers are remembered, so asking about every line of a long paragraph costs no
    more than walking it once."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = lines
        self.known: dict[int, bool] = {}

    def __call__(self, i: int) -> bool:
        walked: list[int] = []
        answer = False
        j = i
        while j >= 0 and self.lines[j].strip():
            if j in self.known:
                answer = self.known[j]
                break
            walked.append(j)
            if _LIST_MARKER.match(self.lines[j]):
                answer = True
                break
            j -= 1
        for k in walked:
            self.known[k] = answer
        return answer


def _join_at(
    lines: list[str], protected: Sequence[bool], i: int, plain_text: bool, merged: dict[int, str]
) -> None:
    """Join what follows line ``i`` onto it while the rules allow. The pieces are collected and
    joined once, so that re-joining a long hard-wrapped paragraph stays linear."""
    pieces = [lines[i].rstrip()]
    size = len(pieces[0].strip())  # of the joined line so far, without counting every time
    last = lines[i]  # the line as written whose end decides whether the sentence goes on
    nxt = i + 1
    while nxt < len(lines) and _open_end(last):
        frag, after = nxt, nxt + 1
        if (
            after < len(lines)
            and _joinable(lines, protected, frag)
            and _FRAGMENT.fullmatch(lines[frag].strip())
            and _joinable(lines, protected, after)
            and _CONTINUATION.match(lines[after].lstrip())
        ):
            for j in (frag, after):
                _append(pieces, lines[j].strip())
                size += len(pieces[-1])
                merged[j] = "joined-fragment"
            last = lines[after]
            lines[frag] = lines[after] = ""
            nxt = after + 1
        elif (
            plain_text
            and size >= BROKEN_LINE_MIN_CHARS
            and _joinable(lines, protected, frag)
            and _LOWER_OR_CJK.match(lines[frag].lstrip())
        ):
            _append(pieces, lines[frag].strip())
            size += len(pieces[-1])
            merged[frag] = "joined-line"
            last = lines[frag]
            lines[frag] = ""
            nxt = frag + 1
        else:
            break
    if len(pieces) > 1:
        lines[i] = "".join(pieces)


def _append(pieces: list[str], piece: str) -> None:
    """Add ``piece`` after the last one: no space between two CJK characters, one otherwise."""
    if not (_CJK.match(pieces[-1][-1:]) and _CJK.match(piece[:1])):
        pieces.append(" ")
    pieces.append(piece)


def _open_end(line: str) -> bool:
    """The line ends mid-sentence: no end punctuation, no Markdown hard break."""
    return bool(line.strip()) and not _END_PUNCT.search(line) and not _HARD_BREAK.search(line)


def _can_continue(line: str) -> bool:
    """A first half: not Markdown structure, and open at its end."""
    return _open_end(line) and not _STRUCTURAL.match(line)


def _joinable(lines: Sequence[str], protected: Sequence[bool], j: int) -> bool:
    return (
        j < len(lines)
        and not protected[j]
        and bool(lines[j].strip())
        and not (_STRUCTURAL.match(lines[j]) and lines[j].strip() not in _LONE_OPERATORS)
    )

"""The clean stage: remove page furniture and repair broken text, keeping every line number.

``clean(note)`` runs, in order:

1. **Protect** fenced code, ``$$`` math, ``\\begin{…}`` environments and raw HTML blocks
   (``<script>``, ``<pre>``, comments): nothing inside them changes.
2. **Normalise** what matching needs and the reader never sees: zero-width characters, ``&emsp;`` /
   ``&nbsp;`` / ideographic-space indentation, ``[TOC]`` markers (dropped, reason ``toc-marker``) and
   MkDocs ``¶`` permalink marks (the line becomes a Markdown heading). A line left empty by this
   is recorded with reason ``invisible``.
3. **Drop page furniture** (:mod:`notecards.furniture`, vocabulary in :mod:`notecards.boilerplate`).
4. **Give plain text Markdown shape** (``.txt`` only): bullets and title lines
   (:mod:`notecards.repair`); glyph bullets (``•``) are converted in every note.
5. **Re-join broken lines** (``joined-fragment``, ``joined-line``).

The result has exactly as many lines (``text.split("\\n")``) as the source; a removed line becomes
empty and is recorded as a :class:`~notecards.model.Dropped` with the line as it stood in the file.
Character-level normalisation (step 2) is not recorded: it never removes a visible character.
Full-width punctuation is left as written: the cards show the note's own text.
"""

from __future__ import annotations

import re

from notecards.furniture import find_furniture
from notecards.model import CleanNote, Dropped, SourceNote
from notecards.repair import (
    convert_bullets,
    heading_level,
    join_broken_lines,
    matching_lines,
    structure_plain_text,
)

_ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff\u180e\u00ad]")
_INDENT_JUNK = re.compile(
    r"^([ \t]*)(?:&(?:emsp|ensp|nbsp|thinsp|#160|#8194|#8195|#12288|#x3000|#xa0);"
    "|[\u3000\u00a0\u2002\u2003\u2009\u200b\u2060\ufeff])+[ \t]*",
    re.IGNORECASE,
)
_NEEDS_NORMALISING = re.compile(
    "[\u200b\u2060\ufeff\u180e\u00ad\u3000\u00a0\u2002\u2003\u2009¶]"
    r"|&(?:emsp|ensp|nbsp|thinsp|#)|\[\[?toc\]|\{:toc\}|\$\{toc\}",
    re.IGNORECASE,
)
"""Lines that may need step 2 (every branch starts with a fixed character, so the scan is fast)."""
_ODD_CHARACTER = re.compile("[\u200b\u2060\ufeff\u180e\u00ad\u3000\u00a0\u2002\u2003\u2009¶]")
_ENTITY = re.compile("&(?:emsp|ensp|nbsp|thinsp|#)", re.IGNORECASE)
_TOC_ANYWHERE = re.compile(r"\[\[?toc\]|\{:toc\}|\$\{toc\}", re.IGNORECASE)
_BLOCK_OPEN = re.compile(
    r"(```+|~~~+|\$\$|\\begin\{([A-Za-z*]{1,30})\}|<(script|style|pre)\b|<!--)"
)
"""Block openers; every branch starts with a literal so that the engine can skip ahead fast."""
_BULLET_OR_QUOTE = re.compile(r"^\s*(?:>|[-*+]\s)")
_PILCROW = re.compile(r"^(\s{0,3})(#{1,6}\s+)?(.*?\S)\s*¶\s*$")
_TOC = re.compile(r"^\s*(?:@?\[\[?toc\]\]?(?:\([^)\n]{0,40}\))?|\{:toc\}|\$\{toc\})\s*", re.I)


def clean(note: SourceNote) -> CleanNote:
    """Remove page furniture from ``note`` and repair its text; never raises, never adds lines."""
    original = note.text.split("\n")
    lines = list(original)
    protected = protected_lines(lines)
    dropped: dict[int, str] = {}
    _normalise(lines, protected, dropped)
    for i, reason in find_furniture(lines, protected).items():
        dropped.setdefault(i, reason)
        lines[i] = ""
    plain_text = note.path.suffix.lower() == ".txt"
    convert_bullets(lines, protected, plain_text=plain_text)
    if plain_text:
        structure_plain_text(lines, protected)
    for i, reason in join_broken_lines(lines, protected, plain_text=plain_text).items():
        dropped.setdefault(i, reason)
    records = tuple(Dropped(i + 1, original[i], reason) for i, reason in sorted(dropped.items()))
    return CleanNote(source=note, text="\n".join(lines), dropped=records)


def protected_lines(lines: list[str]) -> list[bool]:
    """True for the lines of fenced code, ``$$`` math, LaTeX environments, ``<script>`` / ``<style>``
    / ``<pre>`` blocks and HTML comments, delimiters included. A block that never closes runs to
    the end of the note, as Markdown renders an unterminated fence."""
    mask = [False] * len(lines)
    text = "\n".join(lines)
    line = last = pos = 0  # ``line`` is the index of the line holding text[last]
    while (m := _BLOCK_OPEN.search(text, pos)) is not None:
        line += text.count("\n", last, m.start())
        last = m.start()
        line_start = text.rfind("\n", 0, m.start()) + 1
        if text[line_start : m.start()].strip(" \t"):
            pos = m.end()  # text before it on its line: inline, not a block
            continue
        stop = _block_end(m, text)
        if stop < 0:
            pos = m.end()  # ```x``` on one line is inline code
            continue
        last_line = min(line + text.count("\n", m.start(), stop), len(lines) - 1)
        mask[line : last_line + 1] = [True] * (last_line + 1 - line)
        line, last = last_line, stop
        pos = _line_end(text, stop) + 1
    return mask


def _block_end(m: re.Match[str], text: str) -> int:
    """Offset of the delimiter closing the block ``m`` opens (``len(text)`` if it never closes);
    -1 if ``m`` is not a block opener after all."""
    opener = m.group(1)
    end_of_line = _line_end(text, m.end())
    if opener[0] in "`~":
        if opener[0] == "`" and "`" in text[m.end() : end_of_line]:
            return -1
        return _fence_close(text, opener, end_of_line + 1)
    if opener == "$$":
        closer = "$$"
    elif m.group(2):
        closer = f"\\end{{{m.group(2)}}}"
    elif m.group(3):
        closer = f"</{m.group(3)}>"
    else:
        closer = "-->"
    at = text.find(closer, m.end())
    return at if at >= 0 else len(text)


def _line_end(text: str, pos: int) -> int:
    """Offset of the newline ending the line that holds ``pos`` (or the end of the text)."""
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _fence_close(text: str, opener: str, start: int) -> int:
    """Offset of the line closing a fence (the same character, at least as many times, alone on
    its line), searched from ``start``; ``len(text)`` if there is none. A literal search: a regex
    anchored at line starts would try every position of a long code block."""
    at = start
    while (at := text.find(opener, at)) >= 0:
        line_start = text.rfind("\n", 0, at) + 1
        line = text[line_start : _line_end(text, at)]
        if not text[line_start:at].strip(" \t") and not line.strip(" \t" + opener[0]):
            return line_start
        at = _line_end(text, at)
    return len(text)


def _normalise(lines: list[str], protected: list[bool], dropped: dict[int, str]) -> None:
    """Step 2, on the few lines that need it (found with one regex scan of the page)."""
    text = "\n".join(lines)
    if not (
        _ODD_CHARACTER.search(text)
        or ("&" in text and _ENTITY.search(text))
        or _TOC_ANYWHERE.search(text)
    ):
        return  # the common case, decided by three fast scans
    for i in matching_lines(_NEEDS_NORMALISING, text):
        line = lines[i]
        if protected[i]:
            continue
        line = _ZERO_WIDTH.sub("", _INDENT_JUNK.sub(r"\1", line, count=1))
        if _TOC.fullmatch(line):
            dropped[i] = "toc-marker"
            line = ""
        elif not line.strip() and lines[i].strip():
            dropped[i] = "invisible"  # only zero-width characters or &nbsp; entities
        elif (m := _PILCROW.match(line)) is not None:
            indent, hashes, title = m.groups()
            # MkDocs puts permalinks only on headings, so "1. 标题 ¶" is a numbered heading,
            # not an ordered-list item; only bullets and quotes keep their own markup.
            if hashes or not _BULLET_OR_QUOTE.match(line):
                line = f"{indent}{hashes or '#' * heading_level(title) + ' '}{title}"
            else:
                line = f"{indent}{title}"  # a list item or quote keeps its markup
        lines[i] = line

"""The clean stage: remove page furniture and repair broken text, keeping every line number.

``clean(note)`` runs, in order:

1. **Protect** fenced code, ``$$`` math and ``\\begin{…}`` environments: nothing inside them changes.
2. **Normalise** what matching needs and the reader never sees: zero-width characters, ``&emsp;`` /
   ``&nbsp;`` / ideographic-space indentation, ``[TOC]`` markers (dropped, reason ``toc-marker``) and
   MkDocs ``¶`` permalink marks (the line becomes a Markdown heading).
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
_BLOCK_OPEN = re.compile(r"(`{3,}|~{3,}|\$\$|\\begin\{([A-Za-z*]{1,30})\})")
_MATH_CLOSE = re.compile(r"\$\$")
_BLOCK_LINE = re.compile(r"\s*(?:[-*+>|]|\d{1,9}[.)])")
_PILCROW = re.compile(r"^(\s{0,3})(#{1,6}\s+)?(.*?\S)\s*¶\s*$")
_TOC = re.compile(r"\s*(?:@?\[\[?toc\]\]?(?:\([^)\n]{0,40}\))?|\{:toc\}|\$\{toc\})\s*", re.I)


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
    """True for lines of fenced code, ``$$`` display math and LaTeX environments (and their
    delimiters). An unterminated fence protects everything after it, as Markdown renders it."""
    mask = [False] * len(lines)
    text = "\n".join(lines)
    line = 0  # index of the line holding text[last]
    last = 0
    pos = 0
    while (m := _BLOCK_OPEN.search(text, pos)) is not None:
        line += text.count("\n", last, m.start())
        last = m.start()
        first = line
        opener = m.group(1)
        if text[text.rfind("\n", 0, m.start()) + 1 : m.start()].strip(" \t"):
            pos = m.end()  # not at the start of its line: inline, not a block
            continue
        rest = text[m.end() : _line_end(text, m.end())]
        if opener == "$$" and "$$" in rest:
            mask[first] = True  # $$ … $$ on one line
            pos = _line_end(text, m.end())
            continue
        if opener[0] == "`" and "`" in rest:
            pos = _line_end(text, m.end())  # ```x``` on one line is inline code, not a fence
            continue
        body = _line_end(text, m.end()) + 1
        if opener[0] in "`~":
            close = re.compile(rf"^[ \t]*{re.escape(opener[0])}{{{len(opener)},}}[ \t]*$", re.M)
            end = close.search(text, body)
        elif opener == "$$":
            end = _MATH_CLOSE.search(text, body)
        else:
            end = re.compile(re.escape(f"\\end{{{m.group(2)}}}")).search(text, m.end())
        stop = end.start() if end else len(text)
        last_line = first + text.count("\n", m.start(), stop)
        for i in range(first, min(last_line, len(lines) - 1) + 1):
            mask[i] = True
        line, last = last_line, stop
        pos = _line_end(text, stop) + 1
    return mask


def _line_end(text: str, pos: int) -> int:
    """Offset of the newline ending the line that holds ``pos`` (or the end of the text)."""
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _normalise(lines: list[str], protected: list[bool], dropped: dict[int, str]) -> None:
    """Step 2, on the few lines that need it (found with one regex scan of the page)."""
    for i in matching_lines(_NEEDS_NORMALISING, "\n".join(lines)):
        line = lines[i]
        if protected[i]:
            continue
        line = _ZERO_WIDTH.sub("", _INDENT_JUNK.sub(r"\1", line, count=1))
        if _TOC.fullmatch(line):
            dropped[i] = "toc-marker"
            line = ""
        elif (m := _PILCROW.match(line)) is not None:
            indent, hashes, title = m.groups()
            if hashes or not _BLOCK_LINE.match(line):
                line = f"{indent}{hashes or '#' * heading_level(title) + ' '}{title}"
            else:
                line = f"{indent}{title}"  # a list item or quote keeps its markup
        lines[i] = line

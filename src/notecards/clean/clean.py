"""The clean stage: remove page furniture and repair broken text, keeping every line number.

``clean(note)`` runs, in order:

1. **Protect** fenced code, ``$$`` math, ``\\begin{…}`` environments and raw HTML blocks
   (``<script>``, ``<pre>``, comments): nothing inside them changes.
2. **Normalise** what matching needs and the reader never sees: zero-width characters, ``&emsp;`` /
   ``&nbsp;`` / ideographic-space indentation, ``[TOC]`` markers (dropped, reason ``toc-marker``) and
   MkDocs ``¶`` permalink marks (the line becomes a Markdown heading). A line left empty by this
   is recorded with reason ``invisible``.
   Then Obsidian syntax (wikilinks, ``![[embeds]]``, ``%%comments%%``, callouts) becomes plain
   Markdown (:mod:`notecards.clean.obsidian`), MkDocs content tabs (``=== "C++"``) lose their
   marker and indentation (:mod:`notecards.clean.tabs`), and inline ``#tags`` are taken out of
   the text into the note's tags, with those of the front matter (:mod:`notecards.clean.tags`).
3. **Drop page furniture** (:mod:`notecards.clean.furniture`, vocabulary in :mod:`notecards.clean.boilerplate`).
4. **Give plain text Markdown shape** (``.txt`` only): bullets and title lines
   (:mod:`notecards.clean.repair`); glyph bullets (``•``) are converted in every note.
5. **Re-join broken lines** (``joined-fragment``, ``joined-line``).

The result has exactly as many lines (``text.split("\\n")``) as the source; a removed line becomes
empty and is recorded as a :class:`~notecards.model.Dropped` with the line as it stood in the file.
Character-level normalisation (step 2) is not recorded: it never removes a visible character.
Full-width punctuation is left as written: the cards show the note's own text.
"""

from __future__ import annotations

import re

from notecards.clean import obsidian, tabs, tags
from notecards.clean.furniture import find_furniture
from notecards.clean.repair import (
    convert_bullets,
    has_glyph,
    heading_level,
    join_broken_lines,
    matching_lines,
    structure_plain_text,
)
from notecards.model import CleanNote, Dropped, SourceNote

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
_ODD_CHARACTERS = "\u200b\u2060\ufeff\u180e\u00ad\u3000\u00a0\u2002\u2003\u2009¶"
"""The characters of ``_NEEDS_NORMALISING``, each looked for with ``in`` (faster than a regex)."""
_ENTITY = re.compile("&(?:emsp|ensp|nbsp|thinsp|#)", re.IGNORECASE)
_TOC_OPENER = r"\[\[?[tT][oO][cC]\]|@\[\[?[tT][oO][cC]\]|\{:[tT][oO][cC]\}|\$\{[tT][oO][cC]\}"
"""How a ``[TOC]`` marker starts (``[tT][oO][cC]`` is ``toc`` with re.IGNORECASE; each branch
starts with a fixed character, so the engine tries only the one that fits)."""
_OTHER_SPACE = (
    "\x0b\x0c\r\x1c-\x1f\x85\u1680\u2000\u2001\u2004-\u2008\u200a\u2028\u2029\u202f\u205f"
)
"""Whitespace (``\\s``) other than space, tab, newline and the odd characters."""
_LINE_START = (
    r"[ \t]*(```+|~~~+|\$\$|\\begin\{([A-Za-z*]{1,30})\}|<(script|style|pre)\b|<!--"
    rf"|{_TOC_OPENER}|[{_OTHER_SPACE}])"
)
_BLOCK_OPEN = re.compile(r"\n" + _LINE_START)
"""A block opener at the start of a line (after spaces and tabs), matched from the newline before
it: the engine jumps from newline to newline, and an opener after text on its line (inline) is
never tried. The same scan (one alternation: faster than two) notes the lines that may be a
``[TOC]`` marker: one starts with one, maybe after whitespace."""
_FIRST_BLOCK_OPEN = re.compile(r"\A" + _LINE_START)
"""The same on the first line of the text, which no newline precedes."""
_BULLET_OR_QUOTE = re.compile(r"^\s*(?:>|[-*+]\s)")
_PILCROW = re.compile(r"^(\s{0,3})(#{1,6}\s+)?(.*?\S)\s*¶\s*$")
_TOC = re.compile(r"^\s*(?:@?\[\[?toc\]\]?(?:\([^)\n]{0,40}\))?|\{:toc\}|\$\{toc\})\s*", re.I)


def clean(note: SourceNote) -> CleanNote:
    """Remove page furniture from ``note`` and repair its text; never raises, never adds lines."""
    original = note.text.split("\n")
    lines = list(original)
    protected, maybe_toc = _scan_line_starts(lines, note.text)
    dropped: dict[int, str] = {}
    _normalise(lines, protected, dropped, note.text, maybe_toc=maybe_toc)
    if obsidian.needed(note.text):
        root = note.path.parents[note.rel_path.count("/")]
        obsidian.rewrite(lines, protected, dropped, note.path, root)
    if tabs.needed(note.text):
        tabs.rewrite(lines, protected, dropped)
    note_tags = tags.front_matter_tags(note.front_matter) if note.front_matter else []
    if tags.needed(note.text):
        note_tags += tags.take_inline_tags(lines, protected, dropped)
    for i, reason in find_furniture(lines, protected).items():
        dropped.setdefault(i, reason)
        lines[i] = ""
    plain_text = note.path.suffix.lower() == ".txt"
    if plain_text or has_glyph(note.text):  # cleaning never adds one: the note as read decides
        convert_bullets(lines, protected, plain_text=plain_text)
    if plain_text:
        structure_plain_text(lines, protected)
    for i, reason in join_broken_lines(lines, protected, plain_text=plain_text).items():
        dropped.setdefault(i, reason)
    records = tuple(Dropped(i + 1, original[i], reason) for i, reason in sorted(dropped.items()))
    text = note.text if lines == original else "\n".join(lines)  # most notes: nothing changed
    return CleanNote(source=note, text=text, dropped=records, tags=tuple(dict.fromkeys(note_tags)))


def protected_lines(lines: list[str], text: str | None = None) -> list[bool]:
    """True for the lines of fenced code, ``$$`` math, LaTeX environments, ``<script>`` / ``<style>``
    / ``<pre>`` blocks and HTML comments, delimiters included. A block that never closes runs to
    the end of the note, as Markdown renders an unterminated fence. ``text``, if given, is
    ``"\\n".join(lines)`` (the caller has it: joining again costs time)."""
    return _scan_line_starts(lines, "\n".join(lines) if text is None else text)[0]


def _scan_line_starts(lines: list[str], text: str) -> tuple[list[bool], bool]:
    """(:func:`protected_lines`, whether a line outside the blocks may be a ``[TOC]`` marker)."""
    mask = [False] * len(lines)
    maybe_toc = False
    line = last = 0  # ``line`` is the index of the line holding text[last]
    m = _FIRST_BLOCK_OPEN.match(text) or _BLOCK_OPEN.search(text)
    while m is not None:
        opener, start = m.group(1), m.start(1)
        if opener[0] in "`~\\<" or opener == "$$":
            line += text.count("\n", last, start)
            last = start
            stop = _block_end(m, opener, text)
            if stop < 0:
                stop = start  # ```x``` on one line is inline code
            else:
                last_line = min(line + text.count("\n", start, stop), len(lines) - 1)
                mask[line : last_line + 1] = [True] * (last_line + 1 - line)
                line, last = last_line, stop
        else:
            maybe_toc, stop = True, start
        stop = text.find("\n", stop)  # the search goes on from the newline ending that line
        m = None if stop < 0 else _BLOCK_OPEN.search(text, stop)
    return mask, maybe_toc


def _block_end(m: re.Match[str], opener: str, text: str) -> int:
    """Offset of the delimiter closing the block ``m`` opens (``len(text)`` if it never closes);
    -1 if ``m`` is not a block opener after all."""
    end = m.end()
    end_of_line = _line_end(text, end)
    if opener[0] in "`~":
        if opener[0] == "`" and text.find("`", end, end_of_line) >= 0:
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
    at = text.find(closer, end)
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
    fence = " \t" + opener[0]
    while (at := text.find(opener, at)) >= 0:
        line_start = text.rfind("\n", 0, at) + 1
        end = _line_end(text, at)
        if (at == line_start or not text[line_start:at].strip(" \t")) and not text[
            line_start:end
        ].strip(fence):
            return line_start
        at = end
    return len(text)


def _normalise(
    lines: list[str], protected: list[bool], dropped: dict[int, str], text: str, *, maybe_toc: bool
) -> None:
    """Step 2, on the few lines that need it (found with one regex scan of ``text``, the lines
    joined). ``maybe_toc``: a line outside the protected blocks may be a ``[TOC]`` marker."""
    if not (
        maybe_toc
        or any(c in text for c in _ODD_CHARACTERS)
        or ("&" in text and _ENTITY.search(text))
    ):
        # The common case, decided by fast scans. Without odd characters or entities a line can
        # only change by being a [TOC] marker.
        return
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

"""Note tags: front matter ``tags:`` and inline ``#tags``, as Anki tags (clean step 1c).

Inline tags follow Obsidian's rules: ``#`` at the start of a line or after whitespace, then
letters (any script), digits, ``_``, ``-`` and ``/``, with at least one letter: ``#数据结构``,
``#ml/cnn``, ``#todo-2``. Not a tag: a heading (``# Title``: a space after ``#``), ``##``, a
number (``#123``), a URL fragment or anchor (``/#part``, ``(#part)``: no whitespace before), C#,
anything in fenced code (protected lines), inline code, a link's text (``[编译优化 #强度削减](…)``)
or an HTML tag (``style="color: #fff"``), a line indented as code that starts with ``#``
(``    #include``), and a heading's whole text (``### #P``). A nested tag ``a/b`` becomes Anki's
``a::b``. Inline tags are removed from the text, with the space before them (or after them, at
the start of a line), and become tags of every card of the note.

Front matter ``tags:`` is a YAML list or a string of tags separated by commas or spaces, each
with or without ``#``.
"""

from __future__ import annotations

import re

from notecards.export.media import code_spans
from notecards.patterns import CJK_WIDE

_TAG = re.compile(r"(?<!\S)#([\w/-]+)")
_SHELTERS = re.compile(r"\[[^\[\]\n]*\]\(|<[A-Za-z][^<>\n]*>")
"""A link's text (with the ``(`` after it) or an HTML tag: a ``#`` in them is not a tag."""
_INDENTED_HASH = re.compile(r"^(?: {4}|\t)[ \t]*#")
_HEADING_OF_TAGS = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(?:#[\w/-]+[ \t]*)+$")
_WIDE = re.compile(f"[{CJK_WIDE}]")
_FRONT_MATTER_SEPARATORS = re.compile(r"[,，\s]+")
TAG_KEYS = ("tags", "tag")
"""Front matter keys whose values are tags."""


def anki_tag(name: str) -> str:
    """A tag as the note writes it (``#ml/cnn``) → Anki's form (``ml::cnn``); empty when it is
    not a tag (no letter in it)."""
    parts = [part for part in name.lstrip("#").split("/") if part]
    tag = "::".join(parts)
    return tag if any(char.isalpha() for char in tag) else ""


def front_matter_tags(front_matter: tuple[tuple[str, str], ...]) -> list[str]:
    """The Anki tags of the front matter's ``tags:`` (see the module docstring)."""
    out = []
    for key, value in front_matter:
        if key.lower() in TAG_KEYS:
            out += [anki_tag(name) for name in _FRONT_MATTER_SEPARATORS.split(value)]
    return [tag for tag in out if tag]


def needed(text: str) -> bool:
    """Whether ``text`` may hold an inline tag: a ``#`` after whitespace (or at the start) and
    before a tag character. A loop over ``str.find`` hits: every note has headings, and a
    regex tried at every position cost 20 times as much (0.18 s over the corpora)."""
    at = text.find("#")
    while at >= 0:
        after = text[at + 1 : at + 2]
        if (at == 0 or text[at - 1].isspace()) and (after.isalnum() or after in ("_", "/", "-")):
            return True
        at = text.find("#", at + 1)
    return False


def take_inline_tags(lines: list[str], protected: list[bool], dropped: dict[int, str]) -> list[str]:
    """Remove the inline tags of ``lines`` in place and return them as Anki tags, in order; a
    line left empty is recorded in ``dropped`` (reason ``inline-tags``)."""
    found: list[str] = []
    for i, line in enumerate(lines):
        if protected[i] or "#" not in line or _INDENTED_HASH.match(line):
            continue
        if _HEADING_OF_TAGS.match(line):
            continue
        spans = list(code_spans(line)) if "`" in line else []
        if "[" in line or "<" in line:
            spans += [m.span() for m in _SHELTERS.finditer(line)]
        cuts: list[tuple[int, int]] = []
        for m in _TAG.finditer(line):
            if any(start <= m.start() < end for start, end in spans):
                continue
            tag = anki_tag(m.group(1))
            if not tag:
                continue
            found.append(tag)
            cuts.append(_cut(line, m.start(), m.end()))
        if cuts:
            lines[i] = _without(line, cuts)
            if not lines[i]:
                dropped[i] = "inline-tags"
    return found


def _cut(line: str, start: int, end: int) -> tuple[int, int]:
    """The span to remove for a tag at ``start:end``: with the whitespace before it, or after it
    when nothing but whitespace comes before (so the line keeps its indentation)."""
    before = start
    while before > 0 and line[before - 1] in " \t":
        before -= 1
    if line[:before].strip():
        after = end
        while after < len(line) and line[after] in " \t":
            after += 1
        if _WIDE.match(line[before - 1]) and _WIDE.match(line[after : after + 1]):
            return before, after  # "学习率 #优化 是…": no space is left between Han characters
        return before, end
    after = end
    while after < len(line) and line[after] in " \t":
        after += 1
    return start, after


def _without(line: str, cuts: list[tuple[int, int]]) -> str:
    out, at = [], 0
    for start, end in cuts:
        start = max(start, at)
        out.append(line[at:start])
        at = max(at, end)
    out.append(line[at:])
    text = "".join(out)
    if not text.strip():
        return ""
    # A line that started with a tag starts with its first remaining word, not with a space.
    return text if line[:1].isspace() else text.lstrip(" \t")

"""Inline HTML a note writes (``<kbd>Ctrl</kbd>``, ``<font color=red>…</font>``, ``<br>``),
reduced to its text for a card: the renderer escapes raw HTML (no script or event handler of a
note reaches a card), so a tag left in would show as ``&lt;kbd&gt;``. Code spans and math are
left as they are (``a<b>c`` in a formula, ``<div>`` in code are what they say)."""

from __future__ import annotations

import functools
import re

HTML_ELEMENTS = frozenset(
    (
        "a", "abbr", "b", "big", "blockquote", "br", "center", "cite", "code", "del", "dfn", "div",
        "em", "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "mark", "p",
        "pre", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "summary", "sup",
        "table", "tbody", "td", "th", "thead", "tr", "tt", "u", "ul", "ol", "li", "var", "details",
        "figure", "figcaption", "section", "article", "header", "footer", "nav", "aside", "caption",
        "colgroup", "col", "dl", "dt", "dd", "label", "button", "input", "form", "iframe", "script",
        "style", "video", "audio", "source", "object", "embed", "noscript",
    )
)  # fmt: skip
"""HTML element names: a tag is one of these, so ``if a<b and c>d`` is no tag."""
_NAME = "|".join(sorted(HTML_ELEMENTS, key=lambda name: (-len(name), name)))
_ATTRIBUTE = r"""\s+[\w:-]+\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=]+)"""
_SHIELDED = re.compile(
    r"(?P<code>`{1,3})[^`\n]*(?P=code)|\$\$[^$]*\$\$|\$[^$\n]*\$"
    r"|\\\([^\n]{0,500}?\\\)|\\\[[^\n]{0,500}?\\\]"
    rf"|(?P<tag></?(?:{_NAME})(?:{_ATTRIBUTE})*\s*/?>)",
    re.IGNORECASE,
)
"""A code span or formula (kept) or a tag (dropped): one pass, so a tag inside code is code."""


def drop_note_tags(text: str, *, line_break: str = " ") -> str:
    """``text`` without the HTML tags the note wrote (their text kept, a ``<br>`` replaced by
    ``line_break``), code spans and formulas untouched."""
    if "<" not in text:
        return text
    keep_or_drop = functools.partial(_keep_or_drop, line_break=line_break)

    if "```" not in text and "~~~" not in text:
        return _SHIELDED.sub(keep_or_drop, text)
    lines, fence = text.split("\n"), ""
    for at, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence:
            fence = "" if opening and opening.group(1).startswith(fence) else fence
        elif opening:
            fence = opening.group(1)
        else:
            lines[at] = _SHIELDED.sub(keep_or_drop, line)
    return "\n".join(lines)


_FENCE = re.compile(r"\s{0,3}(`{3,}|~{3,})")
"""A line opening or closing a fenced code block (whose lines are code, kept as they are)."""


def _keep_or_drop(match: re.Match[str], line_break: str) -> str:
    tag = match.group("tag")
    if tag is None:
        return match.group(0)  # code or a formula
    return line_break if tag[1:3].lower() == "br" else ""

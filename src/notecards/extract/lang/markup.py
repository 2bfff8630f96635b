"""Markup left in note text that a card must not show: d2l/Sphinx anchors, citations and
cross-references, images, links, emphasis and quotes around a term."""

from __future__ import annotations

import functools
import re

_D2L_ANCHOR = re.compile(
    r"(?<!\s)\s*:(?:cite|citet|citep|label|tab|width|height|begin_tab|end_tab):`[^`\n]{0,200}`"
    r"|(?<!\s)\s*:end_tab:"
)
r"""d2l/Sphinx anchors and citations: invisible on the page, meaningless on a card. Here and in
:data:`_XREF_CLAUSE` and :data:`_GLOSS`, the spaces before a match are taken from the start of their
run only (``(?<!\s)``), not again from each of its characters: same matches, linear time."""

_XREF_CLAUSE = re.compile(
    r"[，,]?(?:(?<!\s)\s*)?[（(]?(?:如|见|参见|详见|请参阅|参考|see|cf\.|as shown in|as in)\s*"
    r":(?:numref|eqref|ref):`[^`\n]{0,200}`\s*(?:中|里)?(?:所示|所述|的描述)?[）)]?"
    r"|[（(]\s*:(?:numref|eqref|ref):`[^`\n]{0,200}`\s*[）)]"
)
r"""A whole "as shown in <ref>" phrase, which can be removed without breaking the sentence. Its
leading spaces are optional as a whole, ``(?:(?<!\s)\s*)?``: a match may end in spaces, and the
next one, starting right after them, then takes none, as ``\s*`` would."""

XREF = re.compile(r":(?:numref|eqref|ref|cite|citet|citep|label):`")
"""A cross-reference or anchor still left in card text (gate ``markup``)."""

_BOLD_MARK = re.compile(r"[\[(]\*\*([^\n]{1,300}?)\*\*(?:\)|\](?!\())")
"""d2l marks text shown only in some framework tabs as ``(**…**)`` / ``[**…**]`` (not a link
whose text is bold: ``[**配对堆**](./pairing-heap.md)``)."""

_STRAY_MARK = re.compile(
    r"(?:\(|\[(?![^\]\n]*\]\())\*\*(?=\S)|(?<=\S)\*\*(?:\)|\](?!\())|^\*\*[\])]\s*"
)
"""Half a ``(**…**)`` mark left when a sentence split cut it."""
_EMPHASIS = re.compile(r"(?<![\\\w*])(\*{1,2}|_{1,2})(?=\S)([^*_\n]{1,80}?)(?<=\S)\1(?![\w*])")
_QUOTES = (("「", "」"), ("『", "』"), ("“", "”"), ('"', '"'), ("‘", "’"), ("'", "'"), ("《", "》"))


_IMAGE = re.compile(r"!\[[^\]\n]{0,300}\]\([^)\n]{0,500}\)")
_LINK = re.compile(r"(?<!!)\[([^\]\n]{1,300})\]\([^)\n]{0,500}\)")


_BROKEN_IMAGE = re.compile(r"^!?\[(?=[^\]]*$)")
"""The start of an image or link whose alt text a sentence split cut (``![线性回归是…。``)."""


def strip_d2l(text: str) -> str:
    """Remove only d2l/Sphinx anchors, citations, "see <ref>" phrases and ``(**…**)`` marks (the
    quality gates' repair: links, images and code in an answer stay)."""
    # Each pattern runs only when the text holds a literal every match of it needs (speed).
    if ":`" in text or ":end_tab:" in text:
        text = _XREF_CLAUSE.sub("", _D2L_ANCHOR.sub("", text))
    if "**" in text:
        text = _STRAY_MARK.sub("", _BOLD_MARK.sub(r"\1", text))
    return text.strip()


@functools.lru_cache(maxsize=16384)
def strip_markup(text: str) -> str:
    """Remove images, d2l/Sphinx anchors, citations and "see <ref>" phrases; unwrap links and
    ``(**…**)`` marks."""
    # Each pattern runs only when the text holds a literal every match of it needs (speed: most
    # sentences have none; cached because several rules strip the same sentence).
    if "[" in text:
        if "](" in text:  # an image needs it too (a run of ``![`` alone costs 300 steps each)
            text = _LINK.sub(r"\1", _IMAGE.sub("", text) if "![" in text else text)
        if text.startswith(("[", "![")):
            text = _BROKEN_IMAGE.sub("", text)
    if ":`" in text or ":end_tab:" in text:
        text = _D2L_ANCHOR.sub("", text)
    if ":`" in text:
        text = _XREF_CLAUSE.sub("", text)
    if "**" in text:
        text = _STRAY_MARK.sub("", _BOLD_MARK.sub(r"\1", text))
    return text.strip().lstrip("，,、；;").lstrip()


_QUOTE_LEFTS = frozenset(left for left, _ in _QUOTES)


@functools.lru_cache(maxsize=16384)  # the rules and gates ask it of the same terms repeatedly
def plain(term: str) -> str:
    """A term without emphasis marks or enclosing quotes: ``*注意力*`` → ``注意力``."""
    term = term.strip()
    if "*" in term or "_" in term:  # every emphasis needs one (speed: most terms have none)
        term = _EMPHASIS.sub(r"\2", term).strip()
    if term[:1] not in _QUOTE_LEFTS:
        return term  # no pair can strip it (speed: most terms are not quoted)
    for left, right in _QUOTES:
        if len(term) > 2 and term.startswith(left) and term.endswith(right):
            term = term[len(left) : -len(right)].strip()
    return term


def balance_bold(text: str) -> str:
    """A sentence or answer cut out of a bold run (``**注意，… O(1)．**`` split after its stop,
    the closing marks of ``**证明：**`` left, an answer ending inside ``**…``) without the half of
    the marks it kept, which would show as ``**`` on the card."""
    if text.count("**") % 2 == 0 or re.search(r"[\[(]\*\*|\*\*[\])]", text):
        return text  # a d2l tab mark ([**…**]), which the quality gates' repair unwraps
    stripped = text.lstrip()
    if stripped.startswith("**"):
        return stripped[2:].lstrip()
    at = text.rfind("**")
    return text[:at] + text[at + 2 :]

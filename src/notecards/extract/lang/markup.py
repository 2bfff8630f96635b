"""Markup left in note text that a card must not show: d2l/Sphinx anchors, citations and
cross-references, images, links, emphasis and quotes around a term."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence

from notecards.extract.lang.text import HAN

_D2L_ANCHOR = re.compile(
    r"(?<!\s)\s*:(?:cite|citet|citep|label|tab|width|height|begin_tab|end_tab):`[^`\n]{0,200}`"
    r"|(?<!\s)\s*:end_tab:"
)
r"""d2l/Sphinx anchors and citations: invisible on the page, meaningless on a card. Here and in
:data:`_XREF_CLAUSE` and :data:`_GLOSS`, the spaces before a match are taken from the start of their
run only (``(?<!\s)``), not again from each of its characters: same matches, linear time."""

_CITED_AUTHORS = re.compile(
    r"(?P<before>(?:是|由|被|和|与|\b(?:by|and|of)\b)\s*|^\s*)"
    r":cite[tp]?:`(?P<key>[A-Z][\w-]*(?:\.[A-Z][\w-]*){0,5}(?:\.ea)?\.(?P<year>\d{4})[a-z]?)`"
    r"(?P<after>\s*(?:提出|发明|引入|首次|最早|在|的|是|等人|\b(?:proposed|introduced|showed|"
    r"suggested|found|used|is|was|et al)\b))?"
)
"""A citation that is an argument of its sentence (``余弦调度器是 :cite:`Loshchilov.Hutter.2016`提出
的``, ``proposed by :cite:`Bahdanau.Cho.Bengio.2014```, one opening it): its authors are named,
for without them the sentence breaks (``是提出的``). One that annotates a noun is removed."""


def _cited(match: re.Match[str]) -> str:
    """A citation that is an argument (:data:`_CITED_AUTHORS`) as its authors and year
    (``Loshchilov.Hutter.2016`` → ``Loshchilov and Hutter (2016)``, ``Lin.Feng.Santos.ea.2017``
    → ``Lin et al. (2017)``; ``和``, ``等人`` and full-width brackets in Chinese text)."""
    before, after = match.group("before"), match.group("after") or ""
    names = match.group("key").split(".")[:-1]
    han = HAN.search(before + after) is not None
    if names[-1] == "ea" or len(names) > 2:
        authors = f"{names[0]} 等人" if han else f"{names[0]} et al."
    elif len(names) == 2:
        authors = f"{names[0]} 和 {names[1]}" if han else f"{names[0]} and {names[1]}"
    else:
        authors = names[0]
    year = match.group("year")
    cited = f"{authors}（{year}）" if han else f"{authors} ({year})"
    return f"{before}{cited}{after}"


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


def _named_citations(text: str) -> str:
    """``text`` with each citation that is an argument of its sentence replaced by its authors."""
    return _CITED_AUTHORS.sub(_cited, text) if ":cite" in text else text


def strip_d2l(text: str) -> str:
    """Remove only d2l/Sphinx anchors, citations, "see <ref>" phrases and ``(**…**)`` marks (the
    quality gates' repair: links, images and code in an answer stay)."""
    # Each pattern runs only when the text holds a literal every match of it needs (speed).
    if ":`" in text or ":end_tab:" in text:
        text = _XREF_CLAUSE.sub("", _D2L_ANCHOR.sub("", _named_citations(text)))
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
        text = _D2L_ANCHOR.sub("", _named_citations(text))
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


_BOLD_PHRASE = re.compile(
    r"\s*(?:\*\*|__)(?=\S)[^*_\n。．!?！？；;，,]{1,80}?(?<!\.)(?:\*\*|__)?\s*$"
).fullmatch
"""A paragraph or item that is one bold phrase, closed or not, with no end mark or comma."""
_SECTION_NUMBER = re.compile(r"\s*(?:\*\*|__)\s*\d+(?:\.\d+)+\s")
"""A bold phrase opening on a section's number (``**6.2 Zero-Shot CLIP vs …**``)."""
_PREDICATE_TAGS = frozenset({"v", "a"})
"""jieba's tags of a word that can say something of a subject: a verb, an adjective."""


def bold_heading(text: str, tokens: Sequence[str], tag: Callable[[str], str]) -> bool:
    """Whether ``text`` (its words ``tokens``, ``tag`` jieba's dictionary tag of a word) is one
    bold phrase that names rather than says, a heading in all but name: one opening on a
    section's number (``**6.2 Zero-Shot CLIP vs Few-Shot**``), or a Chinese one with no verb or
    adjective of two characters by its tag and no 是 (``**self-attention的由来**``; a lone
    character is as often cut off a noun: 由来 → 由 + 来). A bold English phrase without a
    number is left alone: jieba tags no English word, and a claim may be bold."""
    if not _BOLD_PHRASE(text):
        return False
    if _SECTION_NUMBER.match(text):
        return True
    if not HAN.search(text):
        return False
    return not any(t == "是" or (len(t) > 1 and tag(t) in _PREDICATE_TAGS) for t in tokens)

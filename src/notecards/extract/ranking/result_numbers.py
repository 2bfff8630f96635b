"""A result's number as a cloze's key: the figure a sentence stating a result measured
(``3 倍``, ``41/49``, ``400M（4亿）``), hidden whole with its unit or the parenthesis that says it
again; elsewhere a number is trivia (19 classes, a batch of 256)."""

from __future__ import annotations

import re

from notecards.extract.lang.figures import RANGE_FROM
from notecards.extract.ranking.candidates import Candidate, NoteView
from notecards.extract.ranking.deletions import Spans, overlaps_any, protected_spans
from notecards.extract.ranking.key_score import Key
from notecards.prefilter import quick

NUMBER = re.compile(
    rf"(?<![\d.,]){RANGE_FROM}"  # a range is hidden whole: 14 - 24 倍
    r"\d+(?:[.,]\d+)*\s*(?:%|％|倍|x\b|×|times\b|个百分点|[kKMGT]B\b|[kKMB]\b|ms\b)"
    r"(?:\s*(?:BLEU|FID))?"
)
"""A number with its unit (``3 倍``, ``65%``, ``110M``, ``14 - 24 倍``)."""
_SCORE = re.compile(r"(?<![\d./])\d+\s*/\s*\d+(?![\d./])|(?<![\d.])\d+\.\d+(?![\d.])")
"""A score without a unit: ``41/49`` games, an FID of ``7.27``."""
_RESULT = re.compile(
    r"\b(?:achiev\w*|outperform\w*|improv\w*|accuracy|errors?|scores?|BLEU|FID|top-?[15]|speed-?up|"
    r"faster|slower|reduc\w*|gain\w*|beat\w*|state[- ]of[- ]the[- ]art|SOTA|perplexity)\b"
    r"|提升|提高|达到|超过|超越|准确率|错误率|加速|降低|减少|领先|胜过|效果|性能|优于|好于|不到|计算量",
    re.IGNORECASE,
)
"""Words of a result: a number in such a sentence is what it measured, not trivia."""
states_result = quick(_RESULT).search
"""Whether a sentence says a result (:data:`_RESULT`; speed: searched in every chosen sentence)."""

_HEADLINE_SECTION = re.compile(
    r"摘要|总结|小结|结论|结果|贡献|亮点|实验|消融|\b(?:abstract|summary|conclusions?|results?|tl;?dr|"
    r"contributions?|key points|highlights|experiments?|ablations?)\b",
    re.IGNORECASE,
)
"""A section where a note states its main results (its abstract, its summary, its experiments)."""


def main_result(c: Candidate, note: NoteView) -> bool:
    """Whether a sentence may state the note's main result: it names the note's subject, or its
    initials (``PER gives higher scores …`` in a note on Prioritized Experience Replay), or sits
    in its abstract, summary, results or contributions."""
    topic = note.topic.casefold()
    text = c.text.casefold()
    words = note.topic.split()
    initials = "".join(w[0] for w in words if w[0].isalpha()).casefold() if len(words) > 1 else ""
    return (
        bool(topic and topic in text)
        or bool(len(initials) > 1 and re.search(rf"\b{re.escape(initials)}\b", text))
        or any(_HEADLINE_SECTION.search(h) for h in c.heading_path)
    )


def result_number(c: Candidate, first: Key, note: NoteView) -> Key | None:
    """The headline number of a sentence stating the note's main result (:func:`main_result`)
    that the first deletion leaves shown (with its unit or its ``41/49``), as a second
    deletion: a result's number is what a reader recalls."""
    text = c.text
    if not states_result(text) or NUMBER.search(first.text) or _SCORE.search(first.text):
        return None
    if not main_result(c, note):
        return None
    return first_number(text, [*protected_spans(text), (first.start, first.end)])


_RESTATED = re.compile(r"\s*[（(][^()（）]{0,16}\d[^()（）]{0,16}[）)]")
"""A parenthesis right after a number that says it again (``400M（4亿）``)."""


def first_number(text: str, protected: Spans) -> Key | None:
    """The first number of ``text`` with its unit, or score, outside ``protected`` (its formulas,
    code and links; a deletion already made), as a key."""
    for match in (*NUMBER.finditer(text), *_SCORE.finditer(text)):
        if not overlaps_any(match.span(), protected):
            return number_key(text, match)
    return None


def number_key(text: str, match: re.Match[str]) -> Key:
    """A result's number as a key, with the parenthesis that restates it (``[400M（4亿）]``):
    left on the front, it would give the number away."""
    end = match.end()
    restated = _RESTATED.match(text, end)
    if restated:
        end = restated.end()
    return Key(match.start(), end, text[match.start() : end].strip(), "result number", 1.0)

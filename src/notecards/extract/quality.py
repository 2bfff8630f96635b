"""Quality gates: every candidate card is repaired (:mod:`notecards.extract.repair`) and then
passed or rejected with a named reason; duplicates and near-duplicates
(:mod:`notecards.extract.duplicates`) are resolved within a note here and across notes by
:mod:`notecards.extract.across`."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from notecards.config import Config
from notecards.extract.duplicates import CLOZE_DELETION as _CLOZE
from notecards.extract.duplicates import PUNCTUATION as _PUNCT
from notecards.extract.duplicates import resolve_duplicates
from notecards.extract.duplicates import visible as _visible
from notecards.extract.lang.terms import (
    PRONOUNS_ZH,
    XREF,
    points_outside,
    skip_lead,
    term_problem,
)
from notecards.extract.lang.text import fold_case, is_generic_heading, strip_section_number
from notecards.extract.repair import repair
from notecards.model import Card, CardKind, Rejected, Signature, Tokenizer, last_field_setter
from notecards.patterns import CJK
from notecards.segment import segment

_URL_ONLY = re.compile(r"^\s*(?:<?https?://\S+>?|\[[^\]]*\]\([^)]*\))\s*$")
"""A back that is nothing but a link (gate ``url``)."""

MAX_QUESTION_CHARS = 160
"""A question longer than this is a paragraph, not a question (gate ``too-long``)."""
MAX_CLOZE_CHARS = 400
"""A cloze sentence longer than this cannot be read at a glance (gate ``too-long``)."""
NARRATION_ZH = (
    "接下来", "下面我们", "下面介绍", "下面将", "下一节", "本节", "本章", "在本节", "在本章",
    "在下一节", "在这一节", "这一节", "这一章", "下图", "上图", "见下", "见上", "详见", "参见",
    "我们将介绍", "我们来", "让我们", "后面将", "稍后", "前面介绍", "前面提到", "上一节", "下文",
    "上文", "以下代码", "下面的代码", "可以看到", "可以看出", "我们可以看到", "不难看出", "从图中",
    "从上图", "从下图", "由图可知",
)  # fmt: skip
"""Openers of sentences about the note itself, not its subject (gate ``narration``)."""

NARRATION_ZH_ANYWHERE = (
    "如下图所示",
    "如图所示",
    "如下所示",
    "下图是",
    "下图中",
    "见下文",
    "见上文",
)
"""Phrases that make a sentence narration wherever they stand."""

NARRATION_EN = (
    "in this section", "in this chapter", "in the next section", "in the following section",
    "in the previous section", "next, we", "below", "see below", "as shown in", "as shown below",
    "the figure below", "the table below", "the code below", "we will", "let us", "let's",
    "now we", "here we", "as follows", "the following figure", "in what follows", "above",
)  # fmt: skip
"""English narration markers (gate ``narration``)."""

_NARRATION = re.compile(
    "^(?:"
    + "|".join(re.escape(w) for w in sorted(NARRATION_ZH, key=len, reverse=True))
    + ")|"
    + "|".join(re.escape(w) for w in NARRATION_ZH_ANYWHERE)
    + r"|(?i:^(?:"
    + "|".join(re.escape(w) for w in NARRATION_EN)
    + r")\b|\b(?:see below|as shown below|as follows|in what follows)\b)"
)
_ASKS_TERM = re.compile(
    r"^(?:什么是(?P<zh>.+?)？|What (?:is|are) (?P<en>(?:(?!\bcalled\b|\bused\b).)+?)\?)$"
)
_HAN_LABEL = re.compile(f"[{CJK}]{{2,4}}")
_ASKS_LABEL = re.compile(
    r"(?:^|：)什么是([^？]+)？$|中的([^？]+)是什么？$|在([^？]+?)方面的[^？]{1,4}是什么？$"
)
"""What a colon item's question asks about, the note's subject before it or not, or in which
respect it asks the owner's merit (``DETR在简单方面的优势是什么？``)."""
_DANGLING_EN = re.compile(r"\b(?:it|its|this|these|those|they|them|their)\b", re.IGNORECASE)
_ZH_POINTERS = frozenset(PRONOUNS_ZH) - {"我们", "你们", "我", "你", "您", "咱们"}
_STOP_TOKENS = frozenset(
    ("的", "是", "了", "在", "和", "与", "或", "什么", "the", "a", "an", "of", "is", "are", "to",
     "in", "and", "or", "what", "for", "by", "with", "as", "that", "it", "be", "on")
)  # fmt: skip


_GLOSS = re.compile(r"\s?[（(][^（）()\n]{1,80}[）)]")
"""A parenthesised gloss, ignored when comparing questions (``X（gloss）？`` asks what ``X？`` asks)."""


def _cut(config: Config) -> Tokenizer:
    """The build's word tokenizer."""
    return segment.tokenizer(config.segmenter, config.user_dict, config.table_cache)


def _words(text: str, config: Config) -> tuple[str, ...]:
    """Word tokens of ``text`` cut with the build's segmenter and user dictionary."""
    return segment.tokenize(text, config.segmenter, config.user_dict)


def _tokens(text: str, config: Config) -> frozenset[str]:
    tokens = (t.strip() for t in _words(fold_case(text), config))
    return frozenset(t for t in tokens if t and t not in _STOP_TOKENS and not _PUNCT.fullmatch(t))


def signature(card: Card, config: Config) -> tuple[frozenset[str], frozenset[str]]:
    """Content tokens (segmented with ``config``'s segmenter, folded) of the question and of the
    answer; the card's own :attr:`~notecards.model.Card.signature` when the gates have set it."""
    if card.signature is not None:
        return card.signature.sets()
    return _tokens(_GLOSS.sub("", _visible(card)), config), _tokens(card.back, config)


def signed_tokens(question: Iterable[str], answer: Iterable[str]) -> Signature:
    """The :class:`~notecards.model.Signature` of these tokens: each side's sorted and joined by
    NUL (a NUL inside a token is dropped: no token of card text holds one)."""
    return Signature(_packed(question), _packed(answer))


def _packed(tokens: Iterable[str]) -> str:
    return "\0".join(sorted({t.replace("\0", "") for t in tokens} - {""}))


Gate = Callable[[Card, Config], str | None]
"""A gate returns the reason a card is rejected, or None to pass it."""


def _empty(card: Card, config: Config) -> str | None:
    if card.kind is CardKind.CLOZE:
        return None if _CLOZE.search(card.front) else "no-deletion"
    return "empty" if not card.front.strip() or not card.back.strip() else None


def _markup(card: Card, config: Config) -> str | None:
    return "markup" if XREF.search(card.front) or XREF.search(card.back) else None


def _narration(card: Card, config: Config) -> str | None:
    if card.kind is CardKind.REVERSIBLE:
        return None  # two names, no sentence to narrate
    texts = [_visible(card)] if card.kind is CardKind.CLOZE else [card.front, card.back]
    if "![" in card.back:
        return None  # "下图…" with the figure on the card is no dangling narration
    return (
        "narration" if any(_NARRATION.search(skip_lead(t, clauses=False)) for t in texts) else None
    )


def _dangling(card: Card, config: Config) -> str | None:
    """A question that leans on text outside the card (``它``, ``this layer``)."""
    if card.kind is CardKind.CLOZE:
        return "dangling-reference" if points_outside(_visible(card), _cut(config)) else None
    question = _CLOZE.sub(r"\1", card.front)
    if _DANGLING_EN.search(question):
        return "dangling-reference"
    tokens = _words(question, config)
    return "dangling-reference" if any(t in _ZH_POINTERS for t in tokens) else None


def _term(card: Card, config: Config) -> str | None:
    """The asked-about term is a real term (``什么是这个？`` / ``What is it?`` are not)."""
    term = card.term
    if not term and card.kind is not CardKind.CLOZE:
        match = _ASKS_TERM.match(card.front.strip())
        term = (match.group("zh") or match.group("en")) if match else ""
    if not term:
        return None
    problem = term_problem(term, _cut(config))
    if problem:
        return problem
    if is_generic_heading(term):
        return "label-term"  # "What is Motivation (why)?": a part of the note, not a subject
    if card.kind is not CardKind.CLOZE and _under_verdict(card):
        return "label-term"  # "Strengths: - High Performance: …": a verdict, not a term
    return None


def _act_or_quality(card: Card, config: Config) -> str | None:
    """A colon item labelled with an everyday verb or adjective is asked about as a term
    (``DETR中的简单是什么？``): the label names a step or a quality, not a concept."""
    if card.rule != "colon_item":
        return None
    asked = _ASKS_LABEL.search(card.front)
    label = next((group for group in asked.groups() if group), "") if asked else ""
    return "label-term" if label and _names_act_or_quality(label, _cut(config)) else None


_ACT_OR_QUALITY_TAGS = frozenset({"v", "vd", "vi", "vg", "a", "ad", "an", "ag"})
"""jieba's tags of verbs and adjectives."""


def _names_act_or_quality(term: str, cut: Tokenizer) -> bool:
    """Whether a label is one everyday Chinese verb or adjective (``相似``, ``迭代``, ``简单``):
    an item so labelled describes a step or a quality of the note's subject, and "什么是相似？"
    asks about nothing (blind judges kept none of 21 such cards)."""
    return bool(_HAN_LABEL.fullmatch(term)) and cut.dictionary_tag(term) in _ACT_OR_QUALITY_TAGS


_VERDICT_HEADINGS = frozenset(
    {"strengths", "strength", "weaknesses", "weakness", "pros", "cons", "limitations",
     "contributions", "优点", "缺点", "优缺点", "不足", "贡献", "论文贡献", "主要贡献", "局限性"}
)  # fmt: skip
"""Sections whose items are verdicts on the paper (``High Performance: …``), not terms."""


def _under_verdict(card: Card) -> bool:
    path = card.source.heading_path
    if not path:
        return False
    name = re.sub(r"[*_:：\s]+", " ", strip_section_number(path[-1])).strip().casefold()
    return name in _VERDICT_HEADINGS


def _answer_in_question(card: Card, config: Config) -> str | None:
    if card.kind is CardKind.CLOZE:
        hidden = "".join(m.group(1) for m in _CLOZE.finditer(card.front))
        visible = _CLOZE.sub("", card.front)
        return (
            "nothing-hidden" if not _PUNCT.sub("", hidden) or not _PUNCT.sub("", visible) else None
        )
    folded_back, folded_front = fold_case(card.back), fold_case(card.front)
    back = _PUNCT.sub("", folded_back)
    if not back or back in _PUNCT.sub("", folded_front):
        return "answer-in-question"
    asked = set(_words(folded_front, config))
    new = [t for t in _words(folded_back, config) if t not in asked and not _PUNCT.fullmatch(t)]
    return None if any(t.strip() and t not in _STOP_TOKENS for t in new) else "answer-in-question"


def _url_only(card: Card, config: Config) -> str | None:
    return "url" if card.kind is not CardKind.CLOZE and _URL_ONLY.match(card.back) else None


_GOES_ON = re.compile(
    rf"(?:(?<![{CJK}])(?:且|则|或|和|与|及|而|并)"
    r"|使得|所以|或者|并且|而且|以及|但是|因为|如果|从而|(?<![到被])满足"
    r"|[，,、]"
    r"|(?<=\s)(?:and|or|but|the|of|to|with|that|which|because|if|where|so)"
    r")\s*$"
)
"""The end of an answer that goes on elsewhere: a connective or a comma with nothing after it
(``…>0 且``, ``…，使得``, ``…的乘法运算满足``, ``…, where``; not ``得到满足``): its sentence
continues in a display formula or a block the card does not show. A connective of one character
counts only after a space, a bracket or a formula (``前缀和`` is a sum, ``规则`` no 则), an
English word only in lower case after a space (an answer ``AND`` is a name). The ranking's veto
``unfinished`` (:mod:`notecards.extract.ranking.vetoes`) reads its sentences' ends with a list of
its own: it also refuses a copula (``…可以计算为``), and today still any 和 (to be aligned: it
vetoes sums)."""


def _unfinished(card: Card, config: Config) -> str | None:
    """The answer (a cloze's sentence) stops where its sentence goes on."""
    text = _visible(card) if card.kind is CardKind.CLOZE else card.back
    return "unfinished" if _GOES_ON.search(text.rstrip()) else None


def _too_long(card: Card, config: Config) -> str | None:
    limit = MAX_CLOZE_CHARS if card.kind is CardKind.CLOZE else MAX_QUESTION_CHARS
    return "too-long" if len(card.front) > limit else None


def _low_confidence(card: Card, config: Config) -> str | None:
    return "low-confidence" if card.confidence < config.min_confidence else None


GATES: tuple[tuple[str, Gate], ...] = (
    ("empty", _empty),
    ("markup", _markup),
    ("too-long", _too_long),
    ("unfinished", _unfinished),
    ("narration", _narration),
    ("term", _term),
    ("act-or-quality", _act_or_quality),
    ("dangling-reference", _dangling),
    ("answer-in-question", _answer_in_question),
    ("url", _url_only),
    ("low-confidence", _low_confidence),
)
"""The gates in the order they run; the first that objects names the rejection. ``term`` reports
its own reasons: ``pronoun-term``, ``stop-word-term``, ``url-term``, ``citation-term``,
``figure-term``, ``formula-term``, ``clause-term``."""


_signed = last_field_setter(Card, "signature")
"""``replace(card, signature=…)`` (speed)."""


class Judge:
    """Repair and the gates for the cards of one note, each distinct card judged once: a rule's
    card is gated before the ranking (to know what it covers) and again with the ranked ones,
    and a ranked card when it is chosen and again with the rest (speed; a verdict depends on
    the card and the config alone)."""

    def __init__(self, config: Config) -> None:
        self.config = config
        """The build's options."""
        self._known: dict[Card, tuple[Card, str | None]] = {}

    def judge(self, card: Card) -> tuple[Card, str | None]:
        """``card`` repaired and the reason the first gate refuses it; when none does, the
        repaired card carries its :func:`signature`."""
        known = self._known.get(card)
        if known is None:
            config = self.config
            repaired = repair(card, config)
            reason = next((r for _, g in GATES if (r := g(repaired, config))), None)
            if not reason:
                # Signed here, in the per-note stage, so that the cross-note pass (run on every
                # build, cached notes included) needs no segmenter.
                repaired = _signed(repaired, signed_tokens(*signature(repaired, config)))
            known = self._known[card] = (repaired, reason)
        return known

    def refusal(self, card: Card) -> str | None:
        """The reason the first gate refuses ``card`` (repaired), or None when all pass it;
        remembered."""
        return self.judge(card)[1]


def gate(
    cards: Iterable[Card], config: Config, judge: Judge | None = None
) -> tuple[list[Card], list[Rejected]]:
    """Split one note's candidates into accepted (repaired, de-duplicated) and rejected
    (``judge``: the note's verdicts so far, when they are kept)."""
    judge = judge or Judge(config)
    passed: list[Card] = []
    rejected: list[Rejected] = []
    for card in cards:
        card, reason = judge.judge(card)
        if reason:
            rejected.append(Rejected(card, reason))
        else:
            passed.append(card)
    losers = resolve_duplicates(passed)
    rejected.extend(Rejected(card, losers[at]) for at, card in enumerate(passed) if at in losers)
    return [card for at, card in enumerate(passed) if at not in losers], rejected

"""Choosing which candidates become cards: each section gets a budget in proportion to its
substantive text, filled by its best-scoring candidates above the floor; every candidate leaves
with a :class:`~notecards.model.Decision` (carded, covered by a rule's card, vetoed by a named
check, below the floor, over the budget, or no key to hide)."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace

from notecards.extract.lang.coreference import paragraph_it, presents, resolved
from notecards.extract.lang.paper import authors_acting, named_for, the_paper
from notecards.extract.lang.term_en import capitalized
from notecards.extract.lang.text import is_generic_heading, overlaps, strip_section_number
from notecards.extract.lang.topic import section_topic
from notecards.extract.ranking.candidates import (
    Candidate,
    NoteView,
    candidates,
    note_view,
    opening_of,
    words_of,
)
from notecards.extract.ranking.deletions import cloze, deletion_spans, overlaps_any, shown
from notecards.extract.ranking.drop_words import (
    DROP_THRESHOLD,
    DropWords,
    default_model,
    drop_chance,
)
from notecards.extract.ranking.features import FEATURES, vector
from notecards.extract.ranking.key_score import HIDDEN_ANYWAY, Key
from notecards.extract.ranking.keys import choose_keys
from notecards.extract.ranking.score import Weights, default_weights, score, valuer
from notecards.extract.ranking.vetoes import LABEL, VETOES
from notecards.model import Card, CardKind, Decision, Document, SourceRef

RULE = "salient_sentence"
"""The rule name of the cards this stage makes."""
DESCRIPTION = (
    "Every other sentence of prose, scored from named features; the best of each section "
    "(within its budget) becomes a cloze hiding its key term, unless its words are those of "
    "clozes blind judges dropped. Off with --no-ranking."
)
"""What ``notecards rules`` says of the ranking."""
FLOOR = 0.30
"""A candidate scoring below this is not carded, whatever the budget."""
BUDGET_UNIT = 300
"""One card per this many characters of a section's prose (a Han character counts two): about
the 1.5 cards per KB careful readers wrote for the development notes."""
STRONG = 0.65
"""A candidate scoring this or more is carded even over its section's budget, except on a page
whose budget is cut on purpose (an overview, a how-to). Blind-judged, the 16 notes-dev cards it
adds were keep 10, fix 5, drop 1 (3 more gold facts); the 32 of d2l-zh and oi-wiki keep 13, fix 13,
drop 6 (``tests/fixtures/quality/blind/ab-2026-12-07-strong-over-budget.jsonl``)."""

SUMMARY_BUDGET = 3
"""A summary section (``小结``, ``Summary``) gets this many times the budget: it is the author's own
choice of what to remember (of 149 judged d2l-zh cards from one, blind judges kept two thirds and
dropped an eighth; elsewhere they kept about a quarter)."""
_SUMMARY = re.compile(r"^.{0,20}(?:小结|总结|要点)$|^(?:summary|conclusions?|key takeaways)$", re.I)
"""A heading of the author's summary (``小结``, ``GPT、GPT-2、GPT-3 总结``, ``Summary``)."""
WALKTHROUGH_BUDGET = 0.5
"""A section walking through a procedure, an analysis or an application (``过程``, ``时间复杂度分析``,
``应用``) gets this share of the budget: its steps build to a point stated once (blind judges
kept a sixth of its cards, dropped half)."""
_WALKTHROUGH = re.compile(
    r"过程|流程|步骤|分析|解释|应用|\b(?:procedure|walkthrough|analysis|applications?)\b", re.I
)
"""A heading of such a section."""
OVERVIEW_BUDGET = 0.1
"""A folder's overview page (``index.md``, ``README.md``) gets this share of the budget (a
section of it still one card at least): it introduces and motivates the chapter whose pages
teach it (blind judges kept a sixth of its 92 judged cards and dropped two thirds)."""
_OVERVIEW_PAGE = re.compile(
    r"(?:^|/)(?:index|readme|_index)(?:_origin)?\.(?:md|markdown|txt)$", re.I
)
"""The file name of a folder's overview page (d2l-zh's ``index_origin.md`` is one too)."""
ADVICE_SHARE = 0.12
"""A page where this share of the sentences addresses the reader (advice, the second person:
:data:`~notecards.extract.ranking.candidates.NoteView.reader_share`) is a how-to or a guide."""
ADVICE_BUDGET = 0.1
"""Such a page gets this share of the budget (a section of it still one card at least): of 121
judged cards from d2l-zh and oi-wiki pages at or above :data:`ADVICE_SHARE`, blind judges kept 6
and dropped 93 (of the other 3,179, they dropped a third); no notes-dev note reaches it (the
most, 0.097)."""
CARD_FLOOR = 0.20
"""A card whose sentence score times its key's value (how likely a careful reader would hide
that span) is below this is not made (a definition, which hides the term it defines, always
is): blind judges dropped most such cards, a sentence worth little with a blank that tests
little."""
COVERED_SHARE = 0.6
"""A rule's card covers a sentence of its line when it shows this share of the sentence's words."""

_ORDINAL_LABEL = re.compile(
    r"^(?:方向|场景|方法|步骤|阶段|情况|问题|例|step|case|scenario|option)\s*(?:\d+|[一二三四五六七八九十]+)$"
    r"|^(?:解决方法|解决方案|解决办法|例如|比如|举例|注意|结论|原因|缺点|优点|问题|思路|做法|目的)$",
    re.IGNORECASE,
)


def _is_part_label(label: str) -> bool:
    """Whether a label names a part of the note (an ordinal, a generic section word), not a
    term the sentence is about."""
    label = label.strip()
    return bool(_ORDINAL_LABEL.match(label)) or is_generic_heading(label)


def rank(
    doc: Document,
    carded: Sequence[Card],
    passes: Callable[[Card], str | None],
    *,
    topic: str | None = None,
    weights: Weights | None = None,
    drop_words: DropWords | None = None,
    floor: float = FLOOR,
    explain: bool = True,
) -> tuple[list[Card], list[Decision]]:
    """Cards for the best candidates of ``doc`` that ``carded`` (the rule cards already made)
    does not cover, and a decision for every candidate (none unless ``explain``: the cards are
    the same, without the cost of the explanations). ``passes`` is the quality gate for one
    card: the reason it refuses it, or None; ``topic``: the note's topic, when known;
    ``drop_words``: the model of the words judges dropped (the shipped one by default)."""
    weights = weights or default_weights()
    drop_words = drop_words or default_model()
    value_only = valuer(FEATURES, weights)
    cands = candidates(doc)
    note = note_view(doc, cands, topic)
    if any(presents(c.plain, note.topic) for c in cands if c.sentence == 0):
        cands = [_with_method(c, note.topic) for c in cands]
    by_line: dict[int, list[Card]] = defaultdict(list)
    for card in carded:
        by_line[card.source.line].append(card)
    sections: dict[tuple[str, ...], list[tuple[float, Candidate, tuple[tuple[str, float], ...]]]]
    sections = defaultdict(list)
    # Without ``explain`` no decision is made at all (speed: one object a sentence).
    decisions: dict[tuple[int, int, int], Decision] | None = {} if explain else None
    sizes: dict[tuple[str, ...], int] = defaultdict(int)
    used: dict[tuple[str, ...], int] = defaultdict(int)
    for cand in cands:
        sizes[cand.heading_path] += min(cand.size, 400)
        rule = _covering_rule(cand, by_line[cand.line]) if cand.line in by_line else ""
        if rule:
            used[cand.heading_path] += 1
            _decide(decisions, cand, None, (), f"carded by {rule}")
            continue
        # Vetoed sentences are explained by their veto: no score needed (speed).
        veto = next((name for name, _, check in VETOES if check(cand, note)), None)
        if veto:
            _decide(decisions, cand, None, (), f"vetoed: {veto}")
            continue
        values = vector(cand, note, FEATURES)
        value, parts = score(values, FEATURES, weights) if explain else (value_only(values), ())
        if value < floor:
            _decide(decisions, cand, value, parts, f"below the floor ({value:.3f} < {floor})")
            continue
        sections[cand.heading_path].append((value, cand, parts))
    cards: list[Card] = []
    page_share, page_kind = _page_share(doc.note.source.rel_path, note.reader_share)
    over = f"over the section's budget ({page_kind})" if page_kind else "over the section's budget"
    for path, ranked in sections.items():
        section_budget = math.ceil(sizes[path] * page_share * _share(path) / BUDGET_UNIT)
        budget = max(1, section_budget) - used[path]
        for value, cand, parts in sorted(ranked, key=lambda t: (-t[0], t[1].line)):
            if budget <= 0 and (value < STRONG or page_kind):
                if decisions is None:
                    break  # sorted by score: the rest are over the budget too
                _decide(decisions, cand, value, parts, over)
                continue
            keys = choose_keys(cand, note)
            if not keys:
                _decide(decisions, cand, value, parts, "no key to hide")
                continue
            # A definition's term is what a reader asks of it, whatever the blank model says.
            if keys[0].why not in HIDDEN_ANYWAY and value * keys[0].value < CARD_FLOOR:
                _decide(
                    decisions,
                    cand,
                    value,
                    parts,
                    f"weak card: score {value:.3f} × key value {keys[0].value:.3f} "
                    f"('{keys[0].text}') < {CARD_FLOOR}",
                )
                continue
            if keys[0].why not in HIDDEN_ANYWAY:
                chance, words = drop_chance(cand.tokens, drop_words)
                if chance >= DROP_THRESHOLD:
                    shown_words = ", ".join(f"'{w}' {v:+.2f}" for w, v in words)
                    _decide(
                        decisions,
                        cand,
                        value,
                        parts,
                        f"drop words: judges dropped sentences like it ({shown_words}): "
                        f"drop chance {chance:.2f} ≥ {DROP_THRESHOLD}",
                    )
                    continue
            made = _card(doc, cand, keys, note, value)
            if made is None:
                _decide(decisions, cand, value, parts, "no key to hide")
                continue
            refused = passes(made)
            if refused:
                _decide(decisions, cand, value, parts, f"vetoed: {refused}")
                continue
            budget -= 1
            cards.append(made)
            _decide(decisions, cand, value, parts, "carded", made.front)
    ordered = [decisions[k] for k in sorted(decisions)] if decisions is not None else []
    return sorted(cards, key=lambda c: c.source.line), ordered


def _page_share(rel_path: str, reader_share: float) -> tuple[float, str]:
    """The share of the budget of a whole page, and why it is less than all: a folder's overview
    and a how-to get less."""
    if _OVERVIEW_PAGE.search(rel_path):
        return OVERVIEW_BUDGET, f"an overview page gets {OVERVIEW_BUDGET:g} of it"
    if reader_share >= ADVICE_SHARE:
        why = f"{reader_share:.0%} of the page's sentences address the reader"
        return ADVICE_BUDGET, f"a how-to page gets {ADVICE_BUDGET:g} of it: {why}"
    return 1.0, ""


def _share(path: tuple[str, ...]) -> float:
    """The share of the budget of the section at ``path``: more for the author's summary, less
    for a walk through a procedure or an analysis."""
    heading = strip_section_number(path[-1]) if path else ""
    if _SUMMARY.match(heading):
        return SUMMARY_BUDGET
    return WALKTHROUGH_BUDGET if _WALKTHROUGH.search(heading) else 1.0


def _decide(
    decisions: dict[tuple[int, int, int], Decision] | None,
    cand: Candidate,
    value: float | None,
    parts: tuple[tuple[str, float], ...],
    fate: str,
    card: str = "",
) -> None:
    """Record the decision on ``cand`` when decisions are kept (``--explain``)."""
    if decisions is not None:
        key = (cand.block, cand.sentence, cand.part)
        decisions[key] = Decision(cand.line, cand.plain, value, parts, fate, card)


def _covering_rule(cand: Candidate, cards: Sequence[Card]) -> str:
    """The rule of the first card made from ``cand``'s line that shows most of its words."""
    words = cand.words
    for card in cards:
        shown = set(words_of(f"{card.front} {card.back}"))
        if not words or len(words & shown) >= COVERED_SHARE * len(words):
            return card.rule
    return ""


_OWN_SUBJECT = re.compile(r"([A-Z][A-Za-z0-9·.+-]*)\s*(?:的|是|不是|\b(?:is|are|was|uses|has)\b)")
"""A sentence opening on a name as its subject (``BERT的核心技术``, ``ELMo is``)."""


def _names_own_subject(opening: str) -> bool:
    """Whether a sentence opens on a name (capitals or digits inside: BERT, GPT-3, ResNet) as
    its subject: a card of it needs no other name in front."""
    match = _OWN_SUBJECT.match(opening)
    return match is not None and any(ch.isupper() or ch.isdigit() for ch in match.group(1)[1:])


_CAPITAL = re.compile(r"[A-Z]")


def _acronym_of(name: str, subject: str) -> bool:
    """Whether ``name`` is the acronym of ``subject``, the capitals of its words, which ``subject``
    does not spell out itself (FT of FasterTransformer, PER of Prioritized Experience Replay)."""
    name = name.replace("-", "")
    return (
        len(name) > 1
        and "".join(_CAPITAL.findall(subject)) == name
        and name.casefold() not in subject.replace("-", "").casefold()
    )


def _abbreviates_subject(opening: str, subjects: tuple[str, ...]) -> bool:
    """Whether the sentence opens on the acronym of one of ``subjects`` (``FT 的核…`` under
    FasterTransformer): read months later, the acronym names nothing."""
    match = _OWN_SUBJECT.match(opening)
    name = match.group(1) if match else ""
    return any(_acronym_of(name, subject) for subject in subjects)


_MODALS = frozenset({"可以", "能够", "能", "需要", "会", "应该", "应当", "必须"})
"""Modal verbs (jieba words). A Chinese sentence opening on one has left its subject out
(``可以在部署时切换任务，只替换 LoRA 权重``): a name it says later is no subject, and the card
still needs one."""


def _prefix(cand: Candidate, keys: list[Key], subjects: tuple[str, ...]) -> str:
    """The first of ``subjects`` (the section's name, the note's topic) that the card should open
    with: one the sentence does not already say and that gives no key away (``HuggingFace
    TGI：… {{c1::HuggingFace 推出的项目}}``); empty when none."""
    text = cand.text.casefold()
    opening = cand.opening
    if (
        _names_own_subject(opening)
        and not any(opening.startswith(k.text) for k in keys)
        and not _abbreviates_subject(opening, subjects)
    ):
        return ""  # "BERT的核心技术…" under GPT: the sentence names what it is about
    first = next((t for t in cand.tokens if t.strip()), "")
    subjectless = first in _MODALS and opening.startswith(first)
    for subject in subjects:
        if not subject or (subject.casefold() in text and not subjectless):
            if subject:
                return ""  # the sentence names it itself
            continue
        if any(
            k.text.casefold() in subject.casefold()
            or overlaps(subject, k.text)
            or _acronym_of(k.text, subject)  # "FasterTransformer：{{c1::FT}} …" gives it away
            for k in keys
        ):
            continue
        return subject
    return ""


def _with_method(cand: Candidate, topic: str) -> Candidate:
    """``cand`` with the note's method as its referent when it opens its paragraph on ``It``
    (:func:`~notecards.extract.lang.coreference.paragraph_it`; the note says it presents
    ``topic``)."""
    if cand.sentence or cand.part or cand.antecedent or not cand.text.startswith("It "):
        return cand
    method = paragraph_it(cand.plain, topic)
    return replace(cand, antecedent=method) if method else cand


def _card(
    doc: Document, cand: Candidate, keys: list[Key], note: NoteView, value: float
) -> Card | None:
    key = keys[0]
    text = shown(cloze(cand.text, keys))
    if "{{c1::" not in text:
        return None
    cut = len(cand.text) - len(opening_of(cand.text))
    label = LABEL.match(cand.text)
    if label and key.start >= label.end() and _is_part_label(label.group(1)):
        cut = max(
            cut, label.end()
        )  # "解决方法：X", "方向一：X": the label names a part of the note
    shift = cut if cut and key.start >= cut else 0
    if shift:  # "However, they find that X": the card states X
        text = capitalized(text[shift:])
    plain = capitalized(cand.text[shift:]) if shift else cand.text  # the text without deletions
    if cand.antecedent and text.startswith(("It ", "They ")):
        if key.start < text.index(" "):
            return None  # a blank on "It": the card would hide what it is about
        text = resolved(text, cand.antecedent)  # "It adds …" → "Regularization adds …"
        plain = ""  # "They" stood for a term, not the authors
    authors = authors_acting(plain) if cand.lang == "en" and note.topic else None
    if authors is not None:
        start, end = authors
        if key.start < end + shift:
            return None  # a blank on "They" or before it: the card would hide who acts, or ask
            # about the adverbial setting the scene rather than what the authors did
        # whose, the paper's name says (the text is the same as ``plain`` up to the key)
        text = text[:start] + ("The authors" if start == 0 else "the authors") + text[end:]
    said = cand
    if cand.antecedent:  # the sentence names what "It" is, as its card does
        said = replace(
            cand,
            text=resolved(cand.text, cand.antecedent),
            opening=resolved(cand.opening, cand.antecedent),
        )
    topic = _prefix(said, keys, (section_topic(cand.heading_path, "", doc.title), note.topic))
    if authors is not None:
        topic = topic or note.topic  # "The authors" needs the paper's name, said or not
    if topic:
        paper = the_paper(text, cand.lang)
        if paper and not overlaps_any(paper.span(), deletion_spans(text)):
            # "本文提出了 X" → "CLIP提出了 X", "This paper works on" → "SASA works on"
            text = named_for(text, paper, topic)
        else:
            text = f"{topic}：{text}" if cand.lang != "en" else f"{topic}: {text}"
    return Card(
        kind=CardKind.CLOZE,
        front=text,
        back="",
        rule=RULE,
        source=SourceRef(doc.note.source.rel_path, cand.heading_path, cand.line),
        deck=doc.note.source.category,
        confidence=round(value, 3),
        # a clause or a result's number is no term for the term gates
        term=key.text if key.is_term and key.why != "result number" else "",
    )

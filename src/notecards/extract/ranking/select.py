"""Choosing which candidates become cards: each section gets a budget in proportion to its
substantive text, filled by its best-scoring candidates above the floor; every candidate leaves
with a :class:`~notecards.model.Decision` (carded, covered by a rule's card, vetoed by a named
check, below the floor, over the budget, or no key to hide)."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Sequence

from notecards.extract.lang.terms import XREF, points_outside
from notecards.extract.lang.text import is_generic_heading, overlaps, strip_section_number
from notecards.extract.lang.topic import section_topic
from notecards.extract.ranking.candidates import (
    Candidate,
    NoteView,
    candidates,
    display_size,
    note_view,
    opening_of,
    words_of,
)
from notecards.extract.ranking.deletions import cloze, deletion_spans, overlaps_any
from notecards.extract.ranking.features import FEATURES, vector
from notecards.extract.ranking.keys import Key, choose_keys
from notecards.extract.ranking.prefilter import quick
from notecards.extract.ranking.score import Weights, default_weights, score, valuer
from notecards.model import Card, CardKind, Decision, Document, SourceRef

RULE = "salient_sentence"
"""The rule name of the cards this stage makes."""
DESCRIPTION = (
    "Every other sentence of prose, scored from named features; the best of each section "
    "(within its budget) becomes a cloze hiding its key term. Off with --no-ranking."
)
"""What ``notecards rules`` says of the ranking."""
FLOOR = 0.40
"""A candidate scoring below this is not carded, whatever the budget."""
BUDGET_UNIT = 300
"""One card per this many characters of a section's prose (a Han character counts two): about
the 1.5 cards per KB careful readers wrote for the development notes."""

SUMMARY_BUDGET = 2
"""A summary section (``小结``, ``Summary``) gets this many times the budget: it is the author's own
choice of what to remember (blind judges kept half of its cards, a quarter elsewhere)."""
_SUMMARY = re.compile(r"^.{0,20}(?:小结|总结|要点)$|^(?:summary|conclusions?|key takeaways)$", re.I)
"""A heading of the author's summary (``小结``, ``GPT、GPT-2、GPT-3 总结``, ``Summary``)."""
_URL = re.compile(r"https?://\S+|www\.\S+")
COVERED_SHARE = 0.6
"""A rule's card covers a sentence of its line when it shows this share of the sentence's words."""

Veto = Callable[[Candidate, NoteView], bool]
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|my|me)\b|我(?!们)|笔者|个人(?:觉得|认为|理解)")
_READING = re.compile(
    r"\bas (?:can be |is )?(?:seen|shown) (?:in|from|below|above)\b|\b(?:the|this) (?:diagram|figure)\b"
    r"|如图|见图|下图|上图|图中|如下所示|文章中|论文中|文中|本文中",
    re.IGNORECASE,
)
_INSTRUCTION = re.compile(
    r"(?:click|run|install|download|upload|open|type|enter|select|choose|press|call|provide|"
    r"try|see|check|note|let's|let us|recall|remember|consider|imagine|suppose|go|visit|read)\b"
    r"|(?:请|点击|运行|安装|下载|打开|输入|选择|尝试|试着|参见|详见|注意|回顾|考虑|假设|想象|进入|选中|"
    r"按下|单击|双击|勾选|登录|执行)",
    re.IGNORECASE,
)
"""An opening verb in the imperative: the sentence tells the reader to do something."""
_CONTEXT_POINTER = re.compile(
    r"前文|上文|下文|本题|此题|该题|上式|下式|该式|此式|上例|例中|本例|上图|下图|上表|下表|本节|本章|"
    r"上面|下面|上述|前面提到|后面提到|"
    r"上一章|下一章|上一节|下一节|如上所述|如前所述|这棵树|这种情况|由上可知|由此可知|综上|"
    r"(?:基于|根据|由于|通过)以上|以上(?:两|三|几|这|的)|"
    r"\b(?:as (?:mentioned|discussed|shown|described) (?:above|before|earlier)|(?:one|some|each|"
    r"all|none|both) of (?:them|these|those)|of this is|the (?:above|previous|following) "
    r"(?:section|example|equation|figure))\b",
    re.IGNORECASE,
)
_THE_PAPER = re.compile(
    r"(^|[，,]\s*)(?:本文|该文|该论文|这篇论文|这篇文章|文章|论文|作者)"
    r"(?=提出|发现|认为|证实|证明|表明|指出|在|中|使用|采用|选|收集|将|对|也|还|通过|设计|引入|给出)"
)
"""The paper as the subject of a clause (``本文提出了``, ``作者发现``): the card says its name."""
_YOU = re.compile(
    r"\b(?:[Ii]f|[Aa]s|[Ww]hen|[Uu]nless) you\b|\byou (?:might|may|should|need|must|have to|want)\b"
    r"|^You\b|您需要|你需要|你要|请您"
)
"""The reader addressed with advice or a task (``If you have …``, ``you might want to``,
``您需要``); a generic *you* in a claim (``ULMFiT allows you to``) is left alone."""
_WE = re.compile(r"\bwe\b", re.IGNORECASE)
"""``we`` in a tutorial or summary: the writer (and reader) doing something, not a claim of the
subject's."""
_PRONOUN_CLAUSE = re.compile(
    r"^[^,;:，；：]{0,60}?\b(?:it|its|they|them|their|these|those)\b", re.I
)
"""An English pronoun in the opening clause (``To use it, …``, ``Though it means …``)."""
_WALKTHROUGH = re.compile(
    r"(?:接下来|下面|现在|首先|然后|最后|这里|此处)[，,]?\s*(?:我们|让我们)|(?:我们|让我们)(?:先|再|将|来|会)"
    r"|(?:next|now|first|then|finally|here|below)[,]?\s+(?:we|let's|let us)\b|let's\b|let us\b"
    r"|\bin (?:this|the next|the following) (?:section|chapter)\b"
    r"|\b(?:this|the present|the current|the next|the following) (?:section|chapter) "
    r"(?:fills|shows|describes|introduces|presents|covers|explains|discusses)\b"
    r"|\bwe (?:will|can|could|would|need|must|should|have to|define|use|instantiate|call|get|"
    r"obtain|see|saw|consider|start|begin|implement|load|train|set|initiali[sz]e|run|write)\b",
    re.IGNORECASE,
)
_DEMONSTRATIVE = re.compile(
    r"^[^,;:，；：]{0,80}?(?:\b(?:this|these|those|such)\b(?!\s+(?:as|paper|work|study|article|"
    r"post|blog|survey|thesis|note)\b)|与之|这一|此时|这时|那时|对此)"
    r"|^(?:为了|根据|对于|如果|若|因为|又因为|由于|即使|虽然|尽管|当|随着|除了)"
    r"[^，；：。]{0,30}，\s*(?:它|它们|这些|这个|该)",
    re.IGNORECASE,
)
"""A demonstrative in the opening clause (``To fix this problem``, ``与之相关的``), or a Chinese
pronoun opening the main clause after an adverbial one (``即使在…的情况下，它们…``): what it
points at is in another sentence."""
_LABEL = re.compile(r"^(?:\*\*)?([^：:，,。；;\n]{1,12}?)(?:\*\*)?\s*[：:]\s*(?:\*\*)?(?=\S)")
"""A short label before a colon that opens a sentence (``解决方法：…``, ``方向一：…``)."""
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


# Searched in nearly every sentence: behind a lookahead of where a match may start (speed; the
# same matches).
_FIRST_PERSON, _READING, _CONTEXT_POINTER, _WALKTHROUGH, _YOU = map(
    quick, (_FIRST_PERSON, _READING, _CONTEXT_POINTER, _WALKTHROUGH, _YOU)
)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,300})?/?>")
_FOOTNOTE = re.compile(r"\[\^[^\]\n]{1,40}\]")
_LINK_ONLY = re.compile(r"^\s*(?:[-*+]\s*)?\[[^\]]+\]\([^)]*\)\s*$")


def _restates_title(c: Candidate, note: NoteView) -> bool:
    if _LINK_ONLY.match(c.text):
        return True
    words = c.words
    return bool(words) and len(words & note.title_words) >= 0.8 * len(words)


VETOES: tuple[tuple[str, str, Veto], ...] = (
    (
        "too-short",
        "Fewer than 20 characters (Han count two): a fragment, not a fact.",
        lambda c, n: c.size < 20,
    ),
    (
        "too-long",
        "Over 400 characters (Han count two): no single fact to hide.",
        lambda c, n: c.size > 400,
    ),
    (
        "question",
        "A question: it asks, it does not state.",
        lambda c, n: c.plain.rstrip().endswith(("?", "？")),
    ),
    (
        "lead-in",
        "Ends in a colon: it announces what follows.",
        lambda c, n: c.plain.rstrip().endswith((":", "：")),
    ),
    (
        "markup",
        "Holds cross-reference markup (`:numref:`, `:label:`) or a footnote marker (`[^1]`).",
        lambda c, n: bool(XREF.search(c.text) or _FOOTNOTE.search(c.text)),
    ),
    (
        "style-guide",
        "In a style or contribution guide (`贡献指南`, `CONTRIBUTING`): rules about the notes.",
        lambda c, n: n.section(c.heading_path)[0],
    ),
    (
        "exercise",
        "Under an exercise, problem, worked example, proof, code or reference heading: not a fact.",
        lambda c, n: n.section(c.heading_path)[1],
    ),
    (
        "link",
        "Mostly a URL.",
        lambda c, n: (
            ("//" in c.plain or "www." in c.plain) and display_size(_URL.sub("", c.plain)) < 20
        ),
    ),
    (
        "title",
        "Restates the note's title or a link's text (metadata, a list of articles).",
        lambda c, n: _restates_title(c, n),
    ),
    (
        "first-person",
        "The note-taker's own opinion or chatter (`I feel`, `我觉得`).",
        lambda c, n: bool(_FIRST_PERSON.search(c.plain)),
    ),
    (
        "figure-reference",
        "Reads a figure or the paper itself (`as can be seen from the diagram`, `如下图`, `文章中`).",
        lambda c, n: bool(_READING.search(c.plain)),
    ),
    (
        "context-pointer",
        "Points at text elsewhere (`前文`, `上式`, `本题`, `as above`, `One of them`).",
        lambda c, n: bool(_CONTEXT_POINTER.search(c.plain)),
    ),
    (
        "instruction",
        "An instruction to the reader (`Click …`, `Run …`, `请…`, `点击…`): a step, not a fact.",
        lambda c, n: bool(_INSTRUCTION.match(c.opening)),
    ),
    (
        "walkthrough",
        "Narrates the text's own steps (`接下来我们定义`, `Next, we define`, `In this section`).",
        lambda c, n: bool(_WALKTHROUGH.search(c.opening)),
    ),
    (
        "reader-address",
        "Advises the reader or sets a task (`If you …`, `you might want to`, `您需要`).",
        lambda c, n: bool(_YOU.search(c.plain)),
    ),
    (
        "we-narration",
        "An English sentence whose subject is `we`: the text narrating its own steps.",
        lambda c, n: c.lang == "en" and bool(_WE.search(c.opening)),
    ),
    (
        "pronoun-clause",
        "An English pronoun in its opening clause (`To use it, …`): its referent is elsewhere.",
        lambda c, n: c.lang == "en" and bool(_PRONOUN_CLAUSE.search(c.opening)),
    ),
    (
        "demonstrative",
        "A demonstrative in its opening clause (`this problem`, `这一`), or opening its main one (`即使…，它们`).",
        lambda c, n: bool(_DEMONSTRATIVE.search(c.opening)),
    ),
    (
        "dangling",
        "Leans on text outside it: a pronoun or pointer (`this`, `该`, `式中`) in its first clause.",
        lambda c, n: points_outside(c.opening, c.cut),
    ),
)
"""Named checks that rule a candidate out before scoring: (name, what it refuses, check),
cheapest first (the first that refuses names the veto)."""


def rank(
    doc: Document,
    carded: Sequence[Card],
    passes: Callable[[Card], str | None],
    *,
    topic: str | None = None,
    weights: Weights | None = None,
    floor: float = FLOOR,
    explain: bool = True,
) -> tuple[list[Card], list[Decision]]:
    """Cards for the best candidates of ``doc`` that ``carded`` (the rule cards already made)
    does not cover, and a decision for every candidate (none unless ``explain``: the cards are
    the same, without the cost of the explanations). ``passes`` is the quality gate for one
    card: the reason it refuses it, or None; ``topic``: the note's topic, when known."""
    weights = weights or default_weights()
    value_only = valuer(FEATURES, weights)
    cands = candidates(doc)
    note = note_view(doc, cands, topic)
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
    for path, ranked in sections.items():
        share = SUMMARY_BUDGET if path and _SUMMARY.match(strip_section_number(path[-1])) else 1
        budget = max(1, math.ceil(sizes[path] * share / BUDGET_UNIT)) - used[path]
        for value, cand, parts in sorted(ranked, key=lambda t: (-t[0], t[1].line)):
            if budget <= 0:
                if decisions is None:
                    break  # the rest are over the budget too
                _decide(decisions, cand, value, parts, "over the section's budget")
                continue
            made = _card(doc, cand, note, value)
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


def _prefix(cand: Candidate, keys: list[Key], subjects: tuple[str, ...]) -> str:
    """The first of ``subjects`` (the section's name, the note's topic) that the card should open
    with: one the sentence does not already say and that gives no key away (``HuggingFace
    TGI：… {{c1::HuggingFace 推出的项目}}``); empty when none."""
    text = cand.text.casefold()
    for subject in subjects:
        if not subject or subject.casefold() in text:
            if subject:
                return ""  # the sentence names it itself
            continue
        if any(k.text.casefold() in subject.casefold() or overlaps(subject, k.text) for k in keys):
            continue
        return subject
    return ""


def _card(doc: Document, cand: Candidate, note: NoteView, value: float) -> Card | None:
    keys = choose_keys(cand, note)
    if not keys:
        return None
    key = keys[0]
    text = _HTML_TAG.sub("", cloze(cand.text, keys))  # tags would show as text on the card
    if "{{c1::" not in text:
        return None
    cut = len(cand.text) - len(opening_of(cand.text))
    label = _LABEL.match(cand.text)
    if label and key.start >= label.end() and _is_part_label(label.group(1)):
        cut = max(
            cut, label.end()
        )  # "解决方法：X", "方向一：X": the label names a part of the note
    if cut and key.start >= cut:  # "However, they find that X": the card states X
        text = text[cut:]
        text = text[:1].upper() + text[1:]
    topic = _prefix(cand, keys, (section_topic(cand.heading_path, "", doc.title), note.topic))
    if topic:
        paper = _THE_PAPER.search(text) if cand.lang != "en" else None
        if paper and not overlaps_any(paper.span(), deletion_spans(text)):
            # "本文提出了 X" → "CLIP提出了 X": the paper has a name
            text = f"{text[: paper.start()]}{paper.group(1)}{topic}{text[paper.end() :]}"
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
        term=key.text if key.is_term else "",  # a clause is no term for the term gates
    )

"""The extract stage: run the rule chain over a segmented document, then the quality gates.

Block rules run first (in chain order, over every block), then sentence rules (in chain order,
over every sentence no earlier rule claimed); a rule is never called on a block (or sentence)
its :attr:`~notecards.extract.rules.Rule.kinds` or :attr:`~notecards.extract.rules.Rule.trigger` rule out. Every
proposed card then passes the gates in :mod:`notecards.extract.quality`; what fails is kept as a
:class:`Rejected` with its reason.

A note is carded up to :attr:`~notecards.config.Config.max_note_cards` cards: a note of more
blocks than :data:`PROBE_BLOCKS_PER_CARD` times that has its rules run on growing beginnings
first (until one is too sparse in cards for the whole note to reach the cap), and when one
already gives more cards than that, only the lines before the first card over the cap are
carded (a warning names the note and the line). A note of a hundred thousand
question headings then costs its first few thousand, not hours of ranking.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from itertools import compress

from notecards.config import Config
from notecards.extract import across, quality
from notecards.extract.lang import spelling
from notecards.extract.lang.text import in_context, names_answer
from notecards.extract.lang.topic import note_topic, section_topic
from notecards.extract.rules import Context, LoadedRule, Scope
from notecards.extract.rules.context import NoteMemo
from notecards.model import BlockKind, Card, CardKind, Decision, Document, NoteResult, Tokenizer
from notecards.segment import segment


class _Focus:
    """Where the rules may fire in one document: the blocks and sentences each rule's kinds and
    trigger leave (searched in the case-folded texts, folded once for all rules), and their
    contexts, each made the first time a rule needs it and then shared (a context is
    immutable). Most blocks and sentences are left to no rule, and their contexts never made.

    Sentences are numbered through the document (their *positions*); the lists ``at``,
    ``number``, ``folded`` and ``contexts`` give each one's block index, index in its block,
    case-folded text and context. Pools are lists of block indices or sentence positions, each
    with its texts, filtered by a trigger in one pass of ``map`` and ``compress`` (speed: no
    Python-level loop per text)."""

    __slots__ = (
        "_block_pools",
        "_folded_blocks",
        "_headings",
        "_kinds",
        "_sentence_pools",
        "at",
        "block_contexts",
        "contexts",
        "cut",
        "doc",
        "folded",
        "memo",
        "number",
        "topic",
    )

    def __init__(self, doc: Document, cut: Tokenizer, topic: str | None = None) -> None:
        self.doc = doc
        """The document."""
        self.topic = note_topic(doc) if topic is None else topic
        """The note's topic, worked out once for every context."""
        self.cut = cut
        """The build's word tokenizer, handed to every context."""
        self.memo = NoteMemo()
        """The note's memo, handed to every context."""
        blocks = doc.blocks
        self._kinds = [block.kind for block in blocks]
        # The blocks with sentences are the ones (nearly) every rule reads: folded at once.
        self._folded_blocks: list[str | None] = [
            block.text.casefold() if block.sentences else None for block in blocks
        ]
        self.block_contexts: list[Context | None] = [None] * len(blocks)
        """Each block's context, once made."""
        self._block_pools: dict[frozenset[BlockKind] | None, tuple[list[int], list[str]]] = {}
        self._sentence_pools: dict[frozenset[BlockKind] | None, tuple[list[int], list[str]]] = {}
        self._headings: dict[re.Pattern[str], list[bool]] = {}
        self.at: list[int] = []
        self.number: list[int] = []
        self.folded: list[str] = []
        self.contexts: list[Context | None] = []

    def blocks(self, rule: LoadedRule) -> list[int]:
        """Indices of the blocks a block rule may fire on, in order."""
        pool = self._block_pools.get(rule.kinds)
        if pool is None:
            indices = self._of_kinds(rule.kinds)
            folded = self._folded_blocks
            texts = [text if (text := folded[at]) is not None else self._fold(at) for at in indices]
            pool = self._block_pools[rule.kinds] = (indices, texts)
        return self._triggered(rule, *pool)

    def sentences(self, rule: LoadedRule) -> list[int]:
        """Positions of the sentences a sentence rule may fire on, in order."""
        pool = self._sentence_pools.get(rule.kinds)
        if pool is None:
            if not self._sentence_pools:
                self._number_sentences()
            positions = list(range(len(self.at)))
            if rule.kinds is not None:
                in_kinds = set(self._of_kinds(rule.kinds)).__contains__
                positions = list(compress(positions, map(in_kinds, self.at)))
            pool = (positions, list(map(self.folded.__getitem__, positions)))
            self._sentence_pools[rule.kinds] = pool
        return self._triggered(rule, *pool, block_of=self.at.__getitem__)

    def _triggered(
        self,
        rule: LoadedRule,
        items: list[int],
        texts: list[str],
        block_of: Callable[[int], int] | None = None,
    ) -> list[int]:
        """The ``items`` (block indices, or sentence positions and ``block_of`` them) whose
        text the rule's trigger searches or that sit under a heading lifting it."""
        if rule.trigger is None:
            return items
        found: Iterator[bool] = map(bool, map(rule.trigger.search, texts))
        if rule.any_text_under is not None:
            under = self._headings.get(rule.any_text_under)
            if under is None:
                under = self._headings[rule.any_text_under] = self._under(rule.any_text_under)
            blocks = items if block_of is None else map(block_of, items)
            found = map(operator.or_, map(under.__getitem__, blocks), found)
        return list(compress(items, found))

    def _of_kinds(self, kinds: frozenset[BlockKind] | None) -> list[int]:
        everything = range(len(self._kinds))
        if kinds is None:
            return list(everything)
        return list(compress(everything, map(kinds.__contains__, self._kinds)))

    def _fold(self, at: int) -> str:
        """The case-folded text of block ``at`` (folded once)."""
        folded = self._folded_blocks[at]
        if folded is None:
            folded = self._folded_blocks[at] = self.doc.blocks[at].text.casefold()
        return folded

    def _number_sentences(self) -> None:
        at, number, folded = self.at, self.number, self.folded
        for index, block in enumerate(self.doc.blocks):
            sentences = block.sentences
            if not sentences:
                continue
            text, whole, count = block.text, self._fold(index), len(sentences)
            at.extend([index] * count)
            number.extend(range(count))
            if count == 1 and sentences[0].text == text:
                folded.append(whole)  # the usual one-sentence block (speed)
                continue
            # A sentence's folded text is a slice of its block's when folding kept every
            # character one character (almost always): one fold per block (speed).
            aligned = len(whole) == len(text)
            for sentence in sentences:
                own, start = sentence.text, sentence.start
                if aligned and text.startswith(own, start):
                    folded.append(whole[start : start + len(own)])
                else:
                    folded.append(own.casefold())
        self.contexts.extend([None] * len(at))

    def _under(self, pattern: re.Pattern[str]) -> list[bool]:
        """For each block, whether ``pattern`` searches its innermost heading, case-folded."""
        found: dict[str, bool] = {}
        out: list[bool] = []
        last: tuple[str, ...] | None = None
        hit = False
        for block in self.doc.blocks:
            path = block.heading_path
            if path is not last:  # runs of blocks share one heading path (speed)
                last = path
                heading = path[-1] if path else ""
                known = found.get(heading)
                if known is None:
                    known = found[heading] = bool(heading and pattern.search(heading.casefold()))
                hit = known
            out.append(hit)
        return out


def _run_blocks(
    rule: LoadedRule, focus: _Focus, claimed: set[tuple[int, int]], out: list[Card]
) -> None:
    """Every hit of a block rule over the document, on the blocks its kinds and trigger leave,
    skipping those whose claims conflict with what was claimed before."""
    fn, name, contexts = rule.fn, rule.name, focus.block_contexts
    for index in focus.blocks(rule):
        ctx = contexts[index]
        if ctx is None:  # made here, not by a method, as most are asked for once (speed)
            ctx = contexts[index] = Context(
                focus.doc, index, cut=focus.cut, known_topic=focus.topic, memo=focus.memo
            )
        mine: set[tuple[int, int]] | None = None
        for hit in fn(ctx):
            # Hits from one context may share their claims; they only conflict with what other
            # contexts claimed before.
            if mine is None:
                mine = set()
            if _take(hit.claims, claimed, mine):
                out.append(replace(hit.card, rule=name))


def _run_sentences(
    rule: LoadedRule, focus: _Focus, claimed: set[tuple[int, int]], out: list[Card]
) -> None:
    """Every hit of a sentence rule over the document, on the sentences its kinds and trigger
    leave and no earlier hit claimed, skipping hits whose claims conflict with earlier ones."""
    fn, name = rule.fn, rule.name
    at, number, contexts = focus.at, focus.number, focus.contexts
    current = -1
    skip = False
    # What was claimed before the rule reached the current block is decided then, as a claim
    # made by its own hits there must not hide a later sentence of it from the rule: what it
    # claims from that block on is kept apart (usually nothing).
    fresh: set[tuple[int, int]] = set()
    for position in focus.sentences(rule):
        index = at[position]
        if index != current:
            current = index
            if fresh:
                fresh = set()
            skip = (index, -1) in claimed
        if skip:
            continue
        key = (index, number[position])
        if key in claimed and key not in fresh:
            continue
        ctx = contexts[position]
        if ctx is None:
            ctx = contexts[position] = Context(
                focus.doc, index, key[1], cut=focus.cut, known_topic=focus.topic, memo=focus.memo
            )
        mine: set[tuple[int, int]] | None = None
        for hit in fn(ctx):
            if mine is None:
                mine = set()
            if _take(hit.claims or (key,), claimed, mine, fresh):
                out.append(replace(hit.card, rule=name))


def _take(
    claims: tuple[tuple[int, int], ...],
    claimed: set[tuple[int, int]],
    mine: set[tuple[int, int]],
    fresh: set[tuple[int, int]] | None = None,
) -> bool:
    """Claim ``claims`` for a hit unless one is taken by another context (``mine``: what this
    context took; ``fresh``, if given, collects what is newly claimed)."""
    if any(c in claimed and c not in mine for c in claims):
        return False
    new = [c for c in claims if c not in claimed]
    mine.update(new)
    claimed.update(new)
    if fresh is not None:
        fresh.update(new)
    return True


def candidates(doc: Document, config: Config, topic: str | None = None) -> list[Card]:
    """Every card the active rules propose for ``doc``, before the quality gates (``topic``: the
    note's topic when the caller already worked it out)."""
    claimed: set[tuple[int, int]] = set()
    cards: list[Card] = []
    active = config.rules.loaded()
    cut = segment.tokenizer(config.segmenter, config.user_dict, config.table_cache)
    focus = _Focus(doc, cut, topic)
    for rule in active:
        if rule.scope is Scope.BLOCK:
            _run_blocks(rule, focus, claimed, cards)
    for rule in active:
        if rule.scope is Scope.SENTENCE:
            _run_sentences(rule, focus, claimed, cards)
    order = {name: at for at, name in enumerate(config.rules.names())}
    cards = [_in_topic(card, focus.topic, doc.title) for card in cards]
    # Source order makes decks read like the note; chain order breaks ties on one line.
    return sorted(cards, key=lambda c: (c.source.line, order[c.rule]))


_OWN_SUBJECT = frozenset({"explicit", "question_heading"})
"""Rules whose fronts already say what they ask about: the note's own ``Q :: A`` lines and
question headings (which take their subject from the heading path)."""


def _in_topic(card: Card, topic: str, title: str) -> Card:
    """A question card asked in its section's subject or the note's topic (``QLoRA：什么是双量
    化？``): a term of one paper means nothing months later without the paper's name."""
    if card.kind is CardKind.CLOZE or card.rule in _OWN_SUBJECT:
        return card
    section = section_topic(card.source.heading_path, "", title)
    if section and not names_answer(section, card.back):
        topic = section  # else the note's: a section named for the answer would give it away
    if not topic or not card.front.rstrip().endswith(("?", "？")):
        return card
    front = in_context(card.front, topic, card.back)
    return card if front == card.front else replace(card, front=front)


def _tagged(card: Card, config: Config, note_tags: tuple[str, ...]) -> Card:
    """The card with the note's tags and, when ``keyword_tags`` asks for them, its keywords."""
    if note_tags:
        card = replace(card, tags=tuple(dict.fromkeys((*note_tags, *card.tags))))
    if not config.keyword_tags:
        return card
    text = f"{card.front} {card.back}"
    tokens = segment.tokenize(text, config.segmenter, config.user_dict)
    words = segment.keywords(tokens, config.keyword_tags, config.table_cache)
    return replace(card, tags=tuple(dict.fromkeys((*card.tags, *words))))


PROBE_BLOCKS_PER_CARD = 4
"""Only notes of more blocks than this many per card allowed are probed (see the module
docstring); each probe takes this many times the blocks of the one before."""


def _capped(doc: Document, config: Config) -> tuple[Document, int]:
    """The beginning of ``doc`` whose rules propose at most ``config.max_note_cards`` cards, and
    the line it stops before (0: the whole note)."""
    cap, blocks = config.max_note_cards, doc.blocks
    size = PROBE_BLOCKS_PER_CARD * cap
    while 0 < size < len(blocks):
        proposed = candidates(replace(doc, blocks=blocks[:size]), config)
        if len(proposed) > cap:
            line = proposed[cap].source.line
            return replace(doc, blocks=tuple(b for b in blocks[:size] if b.line < line)), line
        if len(proposed) * len(blocks) <= cap * size:
            break  # as dense all through, the note stays under the cap: probing on would waste
        size *= PROBE_BLOCKS_PER_CARD
    return doc, 0


def extract(doc: Document, config: Config) -> NoteResult:
    """Cards of one note that pass the quality gates, in source order, with the rejects."""
    whole = doc  # the note's words, for its slips, even where the cap cuts it short
    doc, cut = _capped(doc, config)
    topic = note_topic(doc)  # once: the rules and the ranking both name it
    proposed = candidates(doc, config, topic)
    decisions: tuple[Decision, ...] = ()
    judge = quality.Judge(config)  # a card gated twice is judged once
    if config.rank_sentences:
        # lazy: a rebuild whose notes are all cached ranks nothing, and compiling the ranking's
        # patterns was a tenth of its time
        from notecards.extract.ranking import select as ranking

        passed, _ = quality.gate(proposed, config, judge)
        ranked, made = ranking.rank(
            doc, passed, judge.refusal, topic=topic, explain=config.record_decisions
        )
        proposed = sorted([*proposed, *ranked], key=lambda c: c.source.line)
        decisions = tuple(made) if config.record_decisions else ()
    accepted, rejected = quality.gate(proposed, config, judge)
    source = doc.note.source
    warnings = source.warnings
    cap = config.max_note_cards
    if cap and len(accepted) > cap:  # ranked sentences on top of the rules' cards
        cut = accepted[cap].source.line
        accepted = [card for card in accepted if card.source.line < cut]
    if accepted:  # the word list is read only for a note that has cards
        fixes = spelling.typo_fixes(whole)
        accepted = [spelling.corrected_card(card, fixes) for card in accepted]
    if cut:
        limit = f"more than {cap} cards (--max-note-cards): only the lines before {cut} are carded"
        warnings += (limit,)
    return NoteResult(
        rel_path=source.rel_path,
        category=source.category,
        encoding=source.encoding,
        cards=tuple(_tagged(card, config, doc.note.tags) for card in accepted),
        rejected=tuple(rejected),
        dropped=doc.note.dropped,
        warnings=warnings,
        chars=len(source.text),
        decisions=decisions,
    )


def deduplicate(notes: Sequence[NoteResult]) -> list[NoteResult]:
    """Drop cards that duplicate (or nearly duplicate) a better-sourced card of another note;
    see :func:`notecards.extract.across.deduplicate`."""
    return across.deduplicate(notes)


def duplicate_losers(notes: Sequence[NoteResult]) -> across.Losers:
    """The cards :func:`deduplicate` drops, with the reason (:func:`across.duplicate_losers`)."""
    return across.duplicate_losers(notes)


def drop_duplicates(notes: Sequence[NoteResult], losers: across.Losers) -> list[NoteResult]:
    """``notes`` without the cards named in ``losers`` (:func:`across.drop_losers`)."""
    return across.drop_losers(notes, losers)

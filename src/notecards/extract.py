"""The extract stage: run the rule chain over a segmented document, then the quality gates.

Block rules run first (in chain order, over every block), then sentence rules (in chain order,
over every sentence no earlier rule claimed); a rule is never called on a block (or sentence)
its :attr:`~notecards.rules.Rule.kinds` or :attr:`~notecards.rules.Rule.trigger` rule out. Every
proposed card then passes the gates in :mod:`notecards.quality`; what fails is kept as a
:class:`Rejected` with its reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

from notecards import quality, segment
from notecards.config import Config
from notecards.model import BlockKind, Card, Document, NoteResult
from notecards.rules import Context, Rule, Scope

KEYWORD_TAGS = 3
"""How many jieba TF-IDF keywords each card is tagged with."""


class _Focus:
    """Where the rules may fire in one document: the blocks and sentences each rule's kinds and
    trigger leave (searched in the case-folded texts, folded once for all rules), and their
    contexts, each made the first time a rule needs it and then shared (a context is
    immutable). Most blocks and sentences are left to no rule, and their contexts never made."""

    __slots__ = ("_blocks", "_contexts", "_folded", "_headings", "_sentences", "doc")

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        """The document."""
        self._contexts: dict[tuple[int, int], Context] = {}
        self._folded: dict[int, str] = {}
        self._blocks: dict[frozenset[BlockKind] | None, list[int]] = {}
        self._sentences: dict[frozenset[BlockKind] | None, list[tuple[int, int, str]]] = {}
        self._headings: dict[re.Pattern[str], list[bool]] = {}

    def context(self, index: int, sentence: int = -1) -> Context:
        """The context of block ``index`` (and of its sentence ``sentence``)."""
        ctx = self._contexts.get((index, sentence))
        if ctx is None:
            ctx = self._contexts[index, sentence] = Context(self.doc, index, sentence)
        return ctx

    def blocks(self, rule: Rule) -> list[int]:
        """Indices of the blocks a block rule may fire on, in order."""
        pool = self._blocks.get(rule.kinds)
        if pool is None:
            pool = self._blocks[rule.kinds] = self._of_kinds(rule.kinds)
        search, under = self._conditions(rule)
        if search is None:
            return pool
        texts = self._folded_blocks(pool)
        if under is None:
            return [at for at in pool if search(texts[at])]
        return [at for at in pool if under[at] or search(texts[at])]

    def sentences(self, rule: Rule) -> list[tuple[int, list[int]]]:
        """(block index, sentence indices) of the sentences a sentence rule may fire on, in
        order, one pair per block."""
        pool = self._sentences.get(rule.kinds)
        if pool is None:
            blocks = self.doc.blocks
            pool = self._sentences[rule.kinds] = [
                (at, number, sentence.text.casefold())
                for at in self._of_kinds(rule.kinds)
                for number, sentence in enumerate(blocks[at].sentences)
            ]
        search, under = self._conditions(rule)
        if search is None:
            picked = pool
        elif under is None:
            picked = [entry for entry in pool if search(entry[2])]
        else:
            picked = [entry for entry in pool if under[entry[0]] or search(entry[2])]
        out: list[tuple[int, list[int]]] = []
        for at, number, _ in picked:
            if out and out[-1][0] == at:
                out[-1][1].append(number)
            else:
                out.append((at, [number]))
        return out

    def _conditions(self, rule: Rule) -> tuple[Callable[[str], object] | None, list[bool] | None]:
        """The rule's trigger search, and for each block whether it sits under a heading that
        lifts the trigger (None: none does)."""
        if rule.trigger is None:
            return None, None
        if rule.any_text_under is None:
            return rule.trigger.search, None
        under = self._headings.get(rule.any_text_under)
        if under is None:
            under = self._headings[rule.any_text_under] = self._under(rule.any_text_under)
        return rule.trigger.search, under

    def _of_kinds(self, kinds: frozenset[BlockKind] | None) -> list[int]:
        blocks = self.doc.blocks
        return [at for at, b in enumerate(blocks) if kinds is None or b.kind in kinds]

    def _folded_blocks(self, indices: list[int]) -> dict[int, str]:
        """The case-folded texts of blocks, these ``indices`` among them (each folded once)."""
        texts, blocks = self._folded, self.doc.blocks
        for at in indices:
            if at not in texts:
                texts[at] = blocks[at].text.casefold()
        return texts

    def _under(self, pattern: re.Pattern[str]) -> list[bool]:
        """For each block, whether ``pattern`` searches its innermost heading, case-folded."""
        found: dict[str, bool] = {}
        out: list[bool] = []
        for block in self.doc.blocks:
            heading = block.heading_path[-1] if block.heading_path else ""
            hit = found.get(heading)
            if hit is None:
                hit = found[heading] = bool(heading and pattern.search(heading.casefold()))
            out.append(hit)
        return out


def _run_rule(rule: Rule, focus: _Focus, claimed: set[tuple[int, int]]) -> Iterator[Card]:
    """Every hit of one rule over the document, skipping text earlier rules claimed and the
    blocks (for a sentence rule: the sentences) its kinds and trigger rule out."""
    block_scope = rule.scope is Scope.BLOCK
    if block_scope:
        contexts = ((index, [focus.context(index)]) for index in focus.blocks(rule))
    else:
        contexts = (
            # Decided before the rule runs on this block, as a claim made by its own hits here
            # must not hide a later sentence from it (only conflicting hits are dropped).
            (index, [focus.context(index, at) for at in numbers if (index, at) not in claimed])
            for index, numbers in focus.sentences(rule)
            if (index, -1) not in claimed
        )
    for index, focused in contexts:
        for ctx in focused:
            # Hits from one context may share their claims (several role cards from one
            # sentence); they only conflict with what other contexts claimed before.
            mine: set[tuple[int, int]] | None = None
            for hit in rule.fn(ctx):
                claims = hit.claims or (() if block_scope else ((index, ctx.sentence_index),))
                if mine is None:
                    mine = set()
                if any(c in claimed and c not in mine for c in claims):
                    continue
                mine.update(c for c in claims if c not in claimed)
                claimed.update(claims)
                yield replace(hit.card, rule=rule.name)


def candidates(doc: Document, config: Config) -> list[Card]:
    """Every card the active rules propose for ``doc``, before the quality gates."""
    claimed: set[tuple[int, int]] = set()
    cards: list[Card] = []
    active = config.rules.active()
    focus = _Focus(doc)
    for scope in (Scope.BLOCK, Scope.SENTENCE):
        for rule in active:
            if rule.scope is scope:
                cards.extend(_run_rule(rule, focus, claimed))
    order = {name: at for at, name in enumerate(config.rules.names())}
    # Source order makes decks read like the note; chain order breaks ties on one line.
    return sorted(cards, key=lambda c: (c.source.line, order[c.rule]))


def _tagged(card: Card, config: Config) -> Card:
    text = f"{card.front} {card.back}"
    words = segment.keywords(
        segment.tokenize(text, config.segmenter, config.user_dict), KEYWORD_TAGS
    )
    return replace(card, tags=tuple(dict.fromkeys((*card.tags, *words))))


def extract(doc: Document, config: Config) -> NoteResult:
    """Cards of one note that pass the quality gates, in source order, with the rejects."""
    accepted, rejected = quality.gate(candidates(doc, config), config)
    source = doc.note.source
    return NoteResult(
        rel_path=source.rel_path,
        category=source.category,
        encoding=source.encoding,
        cards=tuple(_tagged(card, config) for card in accepted),
        rejected=tuple(rejected),
        dropped=doc.note.dropped,
        warnings=source.warnings,
        chars=len(source.text),
    )


def deduplicate(notes: Sequence[NoteResult]) -> list[NoteResult]:
    """Drop cards that duplicate (or nearly duplicate) a better-sourced card of another note;
    see :func:`notecards.quality.deduplicate`."""
    return quality.deduplicate(notes)

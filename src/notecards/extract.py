"""The extract stage: run the rule chain over a segmented document, then the quality gates.

Block rules run first (in chain order, over every block), then sentence rules (in chain order,
over every sentence no earlier rule claimed). Every proposed card then passes the gates in
:mod:`notecards.quality`; what fails is kept as a :class:`Rejected` with its reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from notecards import quality, segment
from notecards.config import Config
from notecards.model import Card, Document, NoteResult
from notecards.rules import Context, Hit, Rule, Scope

KEYWORD_TAGS = 3
"""How many jieba TF-IDF keywords each card is tagged with."""


Focus = tuple[Context, tuple[tuple[tuple[int, int], Context], ...]]
"""One block's context and its sentences' (claim key, context) pairs."""


def _focus(doc: Document) -> list[Focus]:
    """Every context a rule can be called with, made once per document and shared by all rules
    (a context is immutable; building one per rule and sentence was the engine's main cost)."""
    return [
        (
            Context(doc, index),
            tuple(((index, at), Context(doc, index, at)) for at in range(len(block.sentences))),
        )
        for index, block in enumerate(doc.blocks)
    ]


def _run_rule(rule: Rule, focus: list[Focus], claimed: set[tuple[int, int]]) -> Iterable[Card]:
    """Every hit of one rule over the document, skipping text earlier rules claimed."""
    block_scope = rule.scope is Scope.BLOCK
    for index, (block_ctx, sentences) in enumerate(focus):
        if block_scope:
            contexts = [block_ctx]
        elif not sentences or (index, -1) in claimed:
            continue
        else:
            # Decided before the rule runs on this block, as a claim made by its own hits here
            # must not hide a later sentence from it (only conflicting hits are dropped).
            contexts = [ctx for key, ctx in sentences if key not in claimed]
        for ctx in contexts:
            hits: list[Hit] = list(rule.fn(ctx))
            # Hits from one context may share their claims (several role cards from one
            # sentence); they only conflict with what other contexts claimed before.
            mine: set[tuple[int, int]] = set()
            for hit in hits:
                claims = hit.claims or (() if block_scope else ((index, ctx.sentence_index),))
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
    focus = _focus(doc)
    for scope in (Scope.BLOCK, Scope.SENTENCE):
        for rule in active:
            if rule.scope is scope:
                cards.extend(_run_rule(rule, focus, claimed))
    order = {name: at for at, name in enumerate(config.rules.names())}
    # Source order makes decks read like the note; chain order breaks ties on one line.
    return sorted(cards, key=lambda c: (c.source.line, order[c.rule]))


def _tagged(card: Card) -> Card:
    words = segment.keywords(segment.tokenize(f"{card.front} {card.back}"), KEYWORD_TAGS)
    return replace(card, tags=tuple(dict.fromkeys((*card.tags, *words))))


def extract(doc: Document, config: Config) -> NoteResult:
    """Cards of one note that pass the quality gates, in source order, with the rejects."""
    accepted, rejected = quality.gate(candidates(doc, config), config)
    source = doc.note.source
    return NoteResult(
        rel_path=source.rel_path,
        category=source.category,
        encoding=source.encoding,
        cards=tuple(_tagged(card) for card in accepted),
        rejected=tuple(rejected),
        dropped=doc.note.dropped,
        warnings=source.warnings,
        chars=len(source.text),
    )


def deduplicate(notes: Sequence[NoteResult]) -> list[NoteResult]:
    """Drop cards that duplicate (or nearly duplicate) a better-sourced card of another note;
    see :func:`notecards.quality.deduplicate`."""
    return quality.deduplicate(notes)

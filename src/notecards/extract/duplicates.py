"""Duplicates among passed cards: equal questions and near-duplicates (questions and answers
whose token sets overlap); the best-sourced card of each group wins. Used within a note by
:mod:`notecards.extract.quality` and across notes by :mod:`notecards.extract.across`; it needs the
cards' signatures, never the segmenter."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from notecards.extract.lang.text import fold_case
from notecards.model import Card, CardKind

CLOZE_DELETION = re.compile(r"\{\{c\d+::((?:[^:\n]|:(?!:)){0,400}?)(?:::[^}]{0,200})?\}\}")
"""A ``{{cN::text::hint}}`` deletion; group 1 is the text (on one line). The bounds keep the scan
linear on runs of unclosed ``{{c1::`` (no real deletion is longer); no possessive quantifiers,
which early Python 3.11 mis-handles."""
PUNCTUATION = re.compile(r"[\W_]+")
"""A run of punctuation or space."""

NEAR_DUPLICATE = 0.8
"""Token-set similarity (Jaccard) of two questions from which they ask the same thing."""
NEAR_DUPLICATE_ANSWER = 0.5
"""…and of their answers, from which the two cards count as one (gate ``near-duplicate``)."""


def visible(card: Card) -> str:
    """The card's question text, cloze deletions shown."""
    return CLOZE_DELETION.sub(r"\1", card.front) if card.kind is CardKind.CLOZE else card.front


def duplicate_key(card: Card) -> str:
    """What two cards must share to count as the same question."""
    return PUNCTUATION.sub("", fold_case(visible(card)))


def _similar(a: frozenset[str], b: frozenset[str], floor: float) -> bool:
    if not a or not b:
        return not a and not b
    shared = len(a & b)  # the union's size from it, without making the union (speed)
    return shared / (len(a) + len(b) - shared) >= floor


def _score(card: Card) -> float:
    """How well-sourced a card is: its confidence, plus a little when the note or heading it came
    from is about the card's term (a definition in the 汇聚层 chapter beats a passing mention)."""
    term = fold_case(card.term) if card.term else ""
    where = fold_case(" ".join((card.source.path, *card.source.heading_path)))
    return card.confidence + (0.05 if term and term in where else 0.0)


def _signature_of(card: Card) -> tuple[frozenset[str], frozenset[str]]:
    """The signature :func:`notecards.extract.quality.gate` gave the card (deduplicating segments nothing itself)."""
    if card.signature is None:
        raise ValueError(f"card not signed by the gates: {card.front[:60]!r}")
    return card.signature.sets()


def resolve_duplicates(cards: Sequence[Card]) -> dict[int, str]:
    """Indices of the cards that lose to a duplicate or near-duplicate, with the reason.

    Equal questions are duplicates; cards whose questions overlap by :data:`NEAR_DUPLICATE`
    and answers by :data:`NEAR_DUPLICATE_ANSWER` (token sets) are near-duplicates. The
    best-sourced card of each group wins; ties go to the earliest.
    Near-duplicates are only compared within buckets that share a rare token, so the cost
    stays close to linear. Every card must be signed (:func:`gate` signs what it passes).
    """
    losers: dict[int, str] = {}
    best: dict[str, int] = {}
    for at, card in enumerate(cards):
        key = duplicate_key(card)
        if key in best:
            other = best[key]
            loser, winner = (at, other) if _score(cards[other]) >= _score(card) else (other, at)
            losers[loser] = "duplicate"
            best[key] = winner
        else:
            best[key] = at
    alive = [at for at in range(len(cards)) if at not in losers]
    signatures = {at: _signature_of(cards[at]) for at in alive}
    frequency = Counter(token for sig in signatures.values() for token in sig[0])
    buckets: dict[str, list[int]] = {}
    for at in alive:
        tokens = sorted(signatures[at][0], key=lambda t: (frequency[t], t))
        # Prefix filter: two sets with Jaccard >= t share a token among each one's
        # |A| - ceil(t|A|) + 1 rarest tokens, so only those need a bucket.
        prefix = len(tokens) - math.ceil(NEAR_DUPLICATE * len(tokens)) + 1
        for token in tokens[:prefix]:
            buckets.setdefault(token, []).append(at)
    for members in buckets.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if a in losers or b in losers:
                    continue
                (front_a, back_a), (front_b, back_b) = signatures[a], signatures[b]
                if not _similar(front_a, front_b, NEAR_DUPLICATE):
                    continue
                if not _similar(back_a, back_b, NEAR_DUPLICATE_ANSWER):
                    continue
                losers[b if _score(cards[a]) >= _score(cards[b]) else a] = "near-duplicate"
    return losers

"""Duplicates across notes: a card that asks what a better-sourced card of another note asks
(:func:`~notecards.extract.duplicates.resolve_duplicates`) moves to its note's rejects. Split into
the decision (:func:`duplicate_losers`, a small value the runner keeps in its cache) and its
application (:func:`drop_losers`), so a rebuild whose results did not change reuses it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from notecards.model import NoteResult, Rejected

Losers = tuple[tuple[int, int, str], ...]
"""Cards that lose across notes: (note index, card index in that note, reason), in note order."""


def deduplicate(notes: Sequence[NoteResult]) -> list[NoteResult]:
    """Resolve duplicates and near-duplicates across notes (in path order): the best-sourced
    card stays in its note, the others become ``Rejected`` in theirs."""
    return drop_losers(notes, duplicate_losers(notes))


def duplicate_losers(notes: Sequence[NoteResult]) -> Losers:
    """The cards of ``notes`` that :func:`deduplicate` rejects, and why (a small value that
    can be kept: the runner remembers it for notes that did not change)."""
    # lazy: a rebuild whose results did not change applies the kept decision, with no gate
    from notecards.extract.duplicates import resolve_duplicates

    flat = [(n, at) for n, note in enumerate(notes) for at in range(len(note.cards))]
    losers = resolve_duplicates([notes[n].cards[at] for n, at in flat])
    return tuple((*flat[i], losers[i]) for i in sorted(losers))


def drop_losers(notes: Sequence[NoteResult], losers: Losers) -> list[NoteResult]:
    """``notes`` with each card named in ``losers`` moved to its note's rejects."""
    lost: dict[int, dict[int, str]] = {}
    for n, at, reason in losers:
        lost.setdefault(n, {})[at] = reason
    out = []
    for n, note in enumerate(notes):
        gone = lost.get(n)
        if not gone:
            out.append(note)
            continue
        kept = tuple(c for at, c in enumerate(note.cards) if at not in gone)
        rejected = tuple(Rejected(note.cards[at], gone[at]) for at in sorted(gone))
        out.append(replace(note, cards=kept, rejected=note.rejected + rejected))
    return out

"""What ``notecards sync`` does to cards besides importing their notes: a card whose category
changed is moved to its new deck, a retired card is suspended, and a card sync suspended is
unsuspended when its source comes back. A package import can do none of these: Anki never moves
an existing card, and an import does not touch scheduling.

Decided here from plain data: the state's entries (what notecards shipped), the cards of the
collection that belong to those notes, and the :class:`Record` sync keeps inside the collection
(so it is replaced together with the cards it describes, and a dry run reads the same one).
:mod:`notecards.export.sync` reads the data and applies the result. The rules:

* A card is moved only out of the deck notecards last put it in: the deck its note was first
  shipped to (the entry's home deck, where the import placed it) or the deck an earlier sync
  moved it to (the record). A card the user moved to another deck in Anki stays where they put
  it (reported as ``left`` once per category it is not in); a card studied in a filtered deck
  waits for a later sync.
* A retired card is suspended once and recorded. A card the user had suspended already is not
  recorded (so it is never unsuspended by notecards), and a recorded card the user unsuspended
  afterwards is not suspended again.
* A recorded card whose source came back is unsuspended (when it is still suspended) and
  forgotten. Nothing else is ever unsuspended.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from notecards.export.plan import question
from notecards.export.state import Entry

RECORD_KEY = "notecards:sync"
"""Key of the :class:`Record` in the collection's configuration."""
RECORD_VERSION = 1

ACTIONS = ("moved", "suspended", "unsuspended", "left")
"""Every :attr:`CardChange.action`, in the order a report lists them."""


@dataclass(frozen=True, slots=True)
class AnkiCard:
    """One card of the collection whose note notecards shipped."""

    id: int
    """Anki card id."""
    guid: str
    """GUID of its note (the state entry's)."""
    deck: str
    """Name of the deck it belongs to (its original deck while it sits in a filtered deck)."""
    filtered: bool
    """It sits in a filtered deck now."""
    suspended: bool
    """Its queue is "suspended"."""


@dataclass(frozen=True, slots=True)
class Record:
    """What sync did to cards, kept in the collection (:data:`RECORD_KEY`)."""

    placed: Mapping[int, str]
    """Card id → the deck sync last meant it to be in: the deck it moved the card to, or the
    category of a card it left where the user had moved it (so that is reported once)."""
    suspended: frozenset[int]
    """Cards sync suspended because they were retired (and has not unsuspended since)."""

    @classmethod
    def from_json(cls, value: Any) -> Record:
        """The record as stored; anything unreadable counts as no record (sync then moves only
        cards in their home deck and unsuspends nothing, the safe side)."""
        if not isinstance(value, dict) or value.get("version") != RECORD_VERSION:
            return cls({}, frozenset())
        placed, suspended = value.get("placed"), value.get("suspended")
        if not isinstance(placed, dict) or not isinstance(suspended, list):
            return cls({}, frozenset())
        return cls(
            {int(k): v for k, v in placed.items() if k.isdigit() and isinstance(v, str)},
            frozenset(c for c in suspended if isinstance(c, int)),
        )

    def to_json(self) -> dict[str, Any]:
        """The record as stored (JSON object; card ids as keys are strings there)."""
        return {
            "version": RECORD_VERSION,
            "placed": {str(cid): deck for cid, deck in sorted(self.placed.items())},
            "suspended": sorted(self.suspended),
        }


@dataclass(frozen=True, slots=True)
class CardChange:
    """One card sync changes (or, ``left``, would have moved but leaves to the user)."""

    action: str
    """One of :data:`ACTIONS`."""
    card: int
    """Anki card id."""
    question: str
    """The card's question, plain text, for reports."""
    source: str
    """Its note file, relative to the notes folder."""
    deck: str
    """Deck it is moved to (``moved``) or stays in (``left``); its deck otherwise."""
    was: str = ""
    """Deck it is moved out of (``moved``), or the deck of its category (``left``)."""

    def line(self) -> str:
        """One report line: ``moved: <question> (file): A → B``."""
        head = f"{self.action}: {self.question} ({self.source})"
        if self.action == "moved":
            return f"{head}: {self.was} → {self.deck}"
        if self.action == "left":
            return f"{head}: left in {self.deck}, where it was moved in Anki (category {self.was})"
        return head


@dataclass(frozen=True, slots=True)
class Arrangement:
    """Everything sync changes in the collection besides the notes, and the record after it."""

    changes: tuple[CardChange, ...]
    """In card order (note position, then card id), every action mixed."""
    record: Record
    """The record to store once the changes are made."""

    def ids(self, action: str) -> list[int]:
        """Card ids of one action."""
        return [c.card for c in self.changes if c.action == action]

    def moves(self) -> dict[str, list[int]]:
        """Card ids to move, by the deck they go to (sorted by deck name)."""
        out: dict[str, list[int]] = {}
        for change in self.changes:
            if change.action == "moved":
                out.setdefault(change.deck, []).append(change.card)
        return dict(sorted(out.items()))

    def count(self, action: str) -> int:
        """Number of cards of one action."""
        return sum(c.action == action for c in self.changes)


def arrange(
    entries: Iterable[Entry],
    cards: Sequence[AnkiCard],
    record: Record,
    *,
    suspend_retired: bool = True,
) -> Arrangement:
    """Decide the moves, suspensions and unsuspensions of ``cards`` (see the module docstring).

    ``entries`` is the state after the export; cards whose note is not among them are not
    notecards' and are left alone. With ``suspend_retired`` False (retiring is off) retired cards
    are not suspended.
    """
    by_guid = {e.guid: e for e in entries}
    ours = sorted(
        (c for c in cards if c.guid in by_guid), key=lambda c: (by_guid[c.guid].position, c.id)
    )
    placed = {c.id: record.placed[c.id] for c in ours if c.id in record.placed}
    suspended = {c.id for c in ours if c.id in record.suspended}
    changes: list[CardChange] = []
    for card in ours:
        entry = by_guid[card.guid]
        change = functools.partial(_change, card=card.id, entry=entry)
        if entry.retired:
            if suspend_retired and card.id not in suspended and not card.suspended:
                changes.append(change("suspended", card.deck))
                suspended.add(card.id)
            continue
        if card.id in suspended:
            suspended.discard(card.id)
            if card.suspended:
                changes.append(change("unsuspended", card.deck))
        if card.deck == entry.deck:
            continue
        if card.deck in (entry.home_deck, placed.get(card.id)):
            if not card.filtered:
                changes.append(change("moved", entry.deck, card.deck))
                placed[card.id] = entry.deck
        elif placed.get(card.id) != entry.deck:
            # Moved by hand: said once per category (it is recorded as dealt with), never moved.
            changes.append(change("left", card.deck, entry.deck))
            placed[card.id] = entry.deck
    return Arrangement(tuple(changes), Record(placed, frozenset(suspended)))


def _change(action: str, deck: str, was: str = "", *, card: int, entry: Entry) -> CardChange:
    return CardChange(action, card, question(entry), entry.source, deck, was)

"""Test helpers around a real Anki collection (the ``anki`` package from PyPI).

Packages are imported the way Anki desktop does by default: update notes only if the incoming
one is newer, update note types only if newer, never merge note types, no scheduling, no deck
options. Queries return small frozen values so tests compare plain data.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("anki")

# anki.collection first: importing anki.cards on its own runs into a circular import.
from anki.collection import (  # noqa: I001
    Collection,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)
from anki.cards import Card as AnkiCard
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition
from anki.scheduler.v3 import CardAnswer

IF_NEWER = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER


def desktop_options() -> ImportAnkiPackageOptions:
    """Anki desktop's import defaults."""
    return ImportAnkiPackageOptions(
        merge_notetypes=False,
        update_notes=IF_NEWER,
        update_notetypes=IF_NEWER,
        with_scheduling=False,
        with_deck_configs=False,
    )


@dataclass(frozen=True)
class ImportCounts:
    """What Anki's importer did with the notes of one or more packages."""

    new: int = 0
    updated: int = 0
    duplicate: int = 0
    """Notes already present and not older than the incoming ones: skipped."""
    conflicting: int = 0
    """Notes skipped because their note type differs."""

    def __add__(self, other: ImportCounts) -> ImportCounts:
        return ImportCounts(
            self.new + other.new,
            self.updated + other.updated,
            self.duplicate + other.duplicate,
            self.conflicting + other.conflicting,
        )


@dataclass(frozen=True)
class NoteView:
    """One note as Anki holds it."""

    id: int
    guid: str
    notetype: str
    fields: dict[str, str]
    tags: tuple[str, ...]
    mod: int
    decks: tuple[str, ...]
    """Decks of the note's cards, sorted, without repeats."""

    @property
    def front(self) -> str:
        """The first field (Front or Text)."""
        return next(iter(self.fields.values()))


@dataclass(frozen=True)
class CardView:
    """One card with its scheduling."""

    id: int
    nid: int
    ord: int
    deck: str
    type: int
    queue: int
    due: int
    ivl: int
    reps: int


def new_collection(folder: Path, name: str = "collection.anki2") -> Collection:
    """A fresh, empty collection in ``folder``, whose day starts half a day from now.

    Anki's day starts at 4 a.m. by default: run shortly before that, a card answered in the
    test and due again in ten minutes would fall due "tomorrow", and the scheduler would have
    nothing left to show today (the tests review, then review again)."""
    col = Collection(str(folder / name))
    col.set_config("rollover", (time.localtime().tm_hour + 12) % 24)
    return col


def import_package(col: Collection, path: Path) -> ImportCounts:
    """Import one ``.apkg`` with desktop defaults."""
    request = ImportAnkiPackageRequest(package_path=str(path), options=desktop_options())
    log = col.import_anki_package(request).log
    return ImportCounts(len(log.new), len(log.updated), len(log.duplicate), len(log.conflicting))


def import_all(col: Collection, paths: Iterable[Path]) -> ImportCounts:
    """Import several packages in order; their counts added up."""
    total = ImportCounts()
    for path in paths:
        total = total + import_package(col, path)
    return total


def notes(col: Collection) -> dict[str, NoteView]:
    """Every note by GUID."""
    out = {}
    for nid in col.find_notes(""):
        note = col.get_note(nid)
        decks = sorted({col.decks.name(card.did) for card in note.cards()})
        notetype = note.note_type()
        assert notetype is not None
        out[note.guid] = NoteView(
            id=note.id,
            guid=note.guid,
            notetype=notetype["name"],
            fields=dict(note.items()),
            tags=tuple(sorted(note.tags)),
            mod=note.mod,
            decks=tuple(decks),
        )
    return out


def cards(col: Collection) -> dict[int, CardView]:
    """Every card by id."""
    rows = col.db.all("select id, nid, did, ord, type, queue, due, ivl, reps from cards")
    return {
        cid: CardView(cid, nid, ord_, col.decks.name(did), type_, queue, due, ivl, reps)
        for cid, nid, did, ord_, type_, queue, due, ivl, reps in rows
    }


def duplicate_guids(col: Collection) -> list[str]:
    """GUIDs held by more than one note (must always be empty)."""
    return [g for (g,) in col.db.all("select guid from notes group by guid having count() > 1")]


def duplicate_fronts(col: Collection) -> list[str]:
    """First fields held by more than one note of the same note type: duplicates as users see them."""
    rows = col.db.all("select sfld from notes group by mid, sfld having count() > 1")
    return [str(front) for (front,) in rows]


def review_counts(col: Collection) -> dict[int, int]:
    """Number of review-log entries per card id."""
    return dict(col.db.all("select cid, count() from revlog group by cid"))


def review(col: Collection, limit: int = 1000, rating: int = CardAnswer.GOOD) -> list[int]:
    """Study every top-level deck with the real v3 scheduler, answering up to ``limit`` cards
    with ``rating``; returns the ids answered (a learning card may come back and count twice)."""
    answered: list[int] = []
    for deck in col.decks.all_names_and_ids(skip_empty_default=True):
        if "::" in deck.name:
            continue  # studying a deck includes its subdecks
        col.decks.select(deck.id)
        while len(answered) < limit:
            queued = col.sched.get_queued_cards(fetch_limit=1)
            if not queued.cards:
                break
            top = queued.cards[0]
            card = AnkiCard(col, backend_card=top.card)
            card.start_timer()
            answer = col.sched.build_answer(card=card, states=top.states, rating=rating)
            col.sched.answer_card(answer)
            answered.append(card.id)
    return answered

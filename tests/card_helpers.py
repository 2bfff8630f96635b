"""Build :class:`NoteResult` values by hand for export tests, and read packages back.

``notes_from({"机器学习/cnn.md": [("池化层的作用", "降维"), "A {{c1::cloze}} sentence"]})`` makes
one note whose category is the first folder (``Inbox`` for files in the root): a pair is a
basic card, a triple ``(front, back, "reversible")`` a reversible one, a plain string a cloze.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from notecards.model import Card, CardKind, NoteResult, SourceRef

CardSpec = tuple[str, str] | tuple[str, str, str] | str


def category_of(path: str) -> str:
    """The category a note file belongs to: its first folder, or ``Inbox``."""
    return path.split("/")[0] if "/" in path else "Inbox"


def make_card(spec: CardSpec, path: str, line: int, deck: str | None = None) -> Card:
    """One card from a spec (see the module docstring)."""
    deck = deck or category_of(path)
    source = SourceRef(path, ("Notes",), line)
    if isinstance(spec, str):
        return Card(CardKind.CLOZE, spec, "", "cloze", source, deck)
    kind = CardKind.REVERSIBLE if len(spec) == 3 else CardKind.BASIC
    rule = "colon_item" if kind is CardKind.REVERSIBLE else "definition"
    return Card(kind, spec[0], spec[1], rule, source, deck)


def notes_from(
    spec: Mapping[str, Sequence[CardSpec]], decks: Mapping[str, str] | None = None
) -> list[NoteResult]:
    """Notes in path order, cards on lines 3, 5, 7 …; ``decks`` overrides a file's deck."""
    out = []
    for path in sorted(spec):
        deck = (decks or {}).get(path)
        cards = tuple(make_card(s, path, 3 + 2 * i, deck) for i, s in enumerate(spec[path]))
        out.append(NoteResult(path, deck or category_of(path), "utf-8", cards))
    return out


@dataclass(frozen=True)
class NoteRow:
    """A note row of a package's collection."""

    id: int
    guid: str
    mid: int
    mod: int
    fields: tuple[str, ...]
    tags: tuple[str, ...]


def read_package(path: Path) -> tuple[dict[str, NoteRow], dict[str, str], list[tuple[int, ...]]]:
    """(notes by GUID, media map index → name, card rows (id, nid, ord, due)) of an ``.apkg``."""
    with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "collection.anki2"
        db.write_bytes(archive.read("collection.anki2"))
        media = json.loads(archive.read("media"))
        conn = sqlite3.connect(db)
        try:
            rows = conn.execute("select id, guid, mid, mod, flds, tags from notes").fetchall()
            cards = conn.execute("select id, nid, ord, due from cards order by id").fetchall()
        finally:
            conn.close()
    notes = {
        guid: NoteRow(nid, guid, mid, mod, tuple(flds.split("\x1f")), tuple(tags.split()))
        for nid, guid, mid, mod, flds, tags in rows
    }
    return notes, media, cards

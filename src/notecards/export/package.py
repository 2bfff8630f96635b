"""One category's package (``.apkg``): the hash of everything that goes into it, whether the file
in the output folder is still the one written from it, writing it whole into the build's work
folder, and the report a build gives for it.

A package whose hash is the one recorded in the state file, and whose file is untouched since
(size and mtime), is not rewritten (:func:`up_to_date`); one this tool wrote for a category that
has no cards any more is removed by the commit (:func:`stale`).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from notecards.export import anki_model
from notecards.export.commit import write_error
from notecards.export.plan import PlannedNote
from notecards.export.state import DeckStamp, State, file_unchanged
from notecards.model import DeckReport

FORMAT_VERSION = 1
"""Part of every package hash: bump it when the writer changes so all decks are rewritten."""

COUNT_NAMES = ("new", "changed", "unchanged", "moved", "retired", "collisions")
"""The keys of :attr:`DeckReport.counts`, in report order."""


def by_category(planned: Sequence[PlannedNote]) -> dict[str, list[PlannedNote]]:
    """The planned notes of each package, keyed by category, in plan order."""
    groups: dict[str, list[PlannedNote]] = {}
    for item in planned:
        groups.setdefault(item.top, []).append(item)
    return groups


def package_hash(items: Sequence[PlannedNote]) -> str:
    """Hash of everything that goes into a package (notes, media, note types, writer version)."""
    digest = hashlib.sha256(f"{FORMAT_VERSION}\x1e{anki_model.model_fingerprint()}".encode())
    for item in items:
        note = item.note
        parts = [note.guid, note.family, *note.fields, "\x1d", *note.tags, "\x1d", note.deck]
        parts += [str(note.mod), str(note.note_id), str(note.due), *(m.name for m in item.media)]
        digest.update("\x1e".join(parts).encode() + b"\x1c")
    return digest.hexdigest()


def up_to_date(path: Path, stamp: DeckStamp | None, digest: str) -> bool:
    """True when ``path`` is the file this tool wrote from the same inputs, untouched since."""
    if stamp is None or stamp.hash != digest:
        return False
    return file_unchanged(path, stamp.size, stamp.mtime_ns)


def write(path: Path, items: Sequence[PlannedNote], work: Path, number: int) -> Path:
    """Write the package for ``path`` whole into ``work`` and return where it is (it is moved
    into place with the others by :func:`~notecards.export.commit.commit`)."""
    media = {m.name: m.path for item in items for m in item.media}
    made = work / f"package-{number}.apkg"
    try:
        anki_model.write_apkg(made, [item.note for item in items], sorted(media.items()), work)
    except (OSError, sqlite3.Error) as err:  # sqlite3: "database or disk is full"
        raise write_error(path, "the deck", err) from err
    return made


def report(top: str, path: Path, items: Sequence[PlannedNote], written: bool) -> DeckReport:
    """The build's report for the package of category ``top`` at ``path``."""
    counts = dict.fromkeys(COUNT_NAMES, 0)
    for item in items:
        counts[item.status] += 1
        counts["collisions"] += item.collision
    return DeckReport(
        deck=top,
        path=path,
        cards=len(items),
        written=written,
        counts=counts,
        changes=tuple(item.change for item in items if item.change),
        warnings=tuple(w for item in items for w in item.warnings),
    )


def stale(out_dir: Path, state: State, current: set[str]) -> list[Path]:
    """Packages this tool wrote for categories that no longer have cards, unless the file was
    replaced since (then it is someone else's): the commit removes them."""
    return [
        out_dir / stamp.file
        for stamp in state.decks
        if stamp.file not in current and up_to_date(out_dir / stamp.file, stamp, stamp.hash)
    ]

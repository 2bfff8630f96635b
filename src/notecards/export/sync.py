"""Direct sync: write a build's notes straight into a local Anki collection (``notecards sync``).

The notes go through exactly the same path as a manual import: the decks are exported (with the
same state file, so GUIDs and modification times agree with ``notecards build``) and every
package is imported with Anki desktop's defaults (update notes only when newer, never merge note
types, no scheduling). Reviews, scheduling and edits made in Anki survive as they do on import.
Then sync does what an import cannot (:mod:`notecards.export.arrange` decides it): cards whose
category changed are moved to their new deck, retired cards are suspended, and cards it suspended
are unsuspended when their source comes back.

All decks or none: the packages are imported into a copy of the collection (made after Anki's
own clean close, so it is the whole file), and only when every one of them went in is the copy
moved over the collection (its new images first, into the collection's media folder). A sync
that fails or is killed half-way leaves the collection as it was; the retired cards it would
have tagged are shipped again by the next builds (:data:`~notecards.export.state.KEEP_RETIRED_DAYS`).

The ``anki`` package is imported lazily, only here, and is an optional dependency.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notecards.errors import CollectionLockedError, ExportError
from notecards.export import export, statefile
from notecards.export.arrange import RECORD_KEY, AnkiCard, Arrangement, CardChange, Record, arrange
from notecards.export.output_folder import process_alive
from notecards.model import DeckReport, NoteResult

_COPY_PREFIX = ".notecards-sync-"
"""The collection copy a sync works on is this plus its process id and ``.anki2``."""
_SUSPENDED = -1
"""Anki's queue number of a suspended card."""
_LOCK_WORDS = ("already open", "locked", "busy")
"""Words of Anki's/sqlite's error when another process holds the collection (desktop Anki)."""


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What a sync did."""

    decks: tuple[DeckReport, ...]
    """The decks exported (same as a build's), in deck-name order."""
    added: int
    """Notes Anki added."""
    updated: int
    """Notes Anki updated (their content changed since it last saw them)."""
    skipped: int
    """Notes Anki already had in this version or newer (edited in Anki) and left alone."""
    conflicting: int
    """Notes Anki refused because the note type in the collection differs."""
    changes: tuple[CardChange, ...] = ()
    """Cards moved, suspended, unsuspended or left where the user put them
    (:mod:`notecards.export.arrange`)."""

    def count(self, action: str) -> int:
        """Number of :attr:`changes` of one action (``moved``, ``suspended`` …)."""
        return sum(c.action == action for c in self.changes)


def sync(
    notes: Sequence[NoteResult],
    collection: Path,
    out_dir: Path,
    options: export.ExportOptions,
    *,
    dry_run: bool = False,
    now: float | None = None,
) -> SyncReport:
    """Export ``notes`` into ``out_dir`` (as :func:`notecards.export.export.export` does, with
    ``options``) and import every package into the Anki collection file ``collection``.

    Raises :class:`CollectionLockedError` while the collection is open in Anki, and
    :class:`ExportError` when the collection is missing, unreadable or the ``anki`` package is not
    installed. With ``dry_run`` nothing is written to ``out_dir`` or the collection: the sync is
    done for real on copies of both in a temporary folder, so its counts (and the cards it moves
    and suspends) are exactly those the real sync then gives. Every package goes in, or none (see
    the module docstring). Retired cards are suspended unless ``options.retire_orphans`` is False.
    """
    _open(collection).close()  # refuses a locked or missing collection before the export
    retire_orphans = options.retire_orphans

    def run_export(folder: Path) -> list[DeckReport]:
        return export.export(notes, folder, options, now=now)

    if not dry_run:
        decks = run_export(out_dir)
        with _copy_of(collection) as (copy, stamp):
            report = _sync_into(copy, decks, out_dir, retire_orphans)
            _replace(collection, copy, stamp)
        return report
    with tempfile.TemporaryDirectory(prefix="notecards-dry-sync-") as scratch:
        copy = Path(scratch) / "collection.anki2"
        shutil.copy2(collection, copy)
        decks_copy = Path(scratch) / "decks"
        decks_copy.mkdir()
        if out_dir.is_dir():
            for entry in out_dir.iterdir():  # the decks and the state file, not the cache
                if entry.is_file():
                    shutil.copy2(entry, decks_copy / entry.name)
        decks = run_export(decks_copy)
        report = _sync_into(copy, decks, decks_copy, retire_orphans)
    # Report the decks where the real sync will write them.
    shown = tuple(dataclasses.replace(d, path=out_dir / d.path.name, written=False) for d in decks)
    return dataclasses.replace(report, decks=shown)


def _sync_into(
    copy: Path, decks: Sequence[DeckReport], out_dir: Path, suspend_retired: bool
) -> SyncReport:
    """Import every deck's package into the collection file ``copy`` (added, updated, skipped,
    conflicting notes), then move, suspend and unsuspend its cards as the state just written
    into ``out_dir`` says (:func:`~notecards.export.arrange.arrange`)."""
    totals = [0, 0, 0, 0]
    entries = statefile.load(out_dir).state.entries
    col = _open(copy)
    try:
        for deck in decks:
            for i, count in enumerate(_import(col, deck.path)):
                totals[i] += count
        stored = col.get_config(RECORD_KEY, None)
        arranged = arrange(
            entries, _cards(col), Record.from_json(stored), suspend_retired=suspend_retired
        )
        _apply(col, arranged, stored)
    finally:
        col.close()
    added, updated, skipped, conflicting = totals
    return SyncReport(tuple(decks), added, updated, skipped, conflicting, arranged.changes)


def _cards(col: Any) -> list[AnkiCard]:
    """Every card of the collection with its note's GUID, deck and whether it is suspended."""
    rows = col.db.all(
        "select c.id, n.guid, c.did, c.odid, c.queue from cards c join notes n on c.nid = n.id"
    )
    names: dict[int, str] = {}
    out = []
    for cid, guid, did, odid, queue in rows:
        home = odid or did  # a card in a filtered deck belongs to its original deck
        if home not in names:
            names[home] = col.decks.name(home)
        out.append(AnkiCard(cid, guid, names[home], bool(odid), queue == _SUSPENDED))
    return out


def _apply(col: Any, arranged: Arrangement, stored: Any) -> None:
    """Make the arrangement's changes in the open collection and store its record (only when it
    changed: an idle sync leaves the collection's configuration alone)."""
    for deck, ids in arranged.moves().items():
        col.set_deck(ids, col.decks.id(deck))  # creates the deck (and its parents) when missing
    if ids := arranged.ids("suspended"):
        col.sched.suspend_cards(ids)
    if ids := arranged.ids("unsuspended"):
        col.sched.unsuspend_cards(ids)
    record = arranged.record.to_json()
    if record != stored and (stored is not None or arranged.record != Record({}, frozenset())):
        col.set_config(RECORD_KEY, record)


def _media_folder(collection: Path) -> Path:
    """Where Anki keeps a collection's images: ``collection.media`` beside ``collection.anki2``."""
    return collection.with_suffix(".media")


@contextlib.contextmanager
def _copy_of(collection: Path) -> Iterator[tuple[Path, tuple[int, int]]]:
    """A private copy of the (closed) collection beside it, removed on exit with its media, and
    the collection's size and time when it was copied."""
    copy = collection.with_name(f"{_COPY_PREFIX}{os.getpid()}.anki2")
    for leftover in collection.parent.glob(f"{_COPY_PREFIX}*.anki2"):
        pid = leftover.name.removeprefix(_COPY_PREFIX).removesuffix(".anki2")
        if pid.isdigit() and not process_alive(int(pid)):
            _cleanup(leftover)  # the copy of a sync that was killed
    # Checked again right before copying (the export took a while): a collection open in Anki
    # may hold changes in its -wal file that a copy of the main file would miss.
    _open(collection).close()
    try:
        _cleanup(copy)
        shutil.copy2(collection, copy)
    except OSError as err:
        _cleanup(copy)
        raise ExportError(f"{collection}: cannot copy the collection to sync it ({err})") from err
    try:
        yield copy, _stamp(collection)
    finally:
        _cleanup(copy)


def _stamp(path: Path) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_size, info.st_mtime_ns


def _replace(collection: Path, copy: Path, stamp: tuple[int, int]) -> None:
    """Move the copy's new images into the collection's media folder, then the copy over the
    collection (one rename: Anki sees the old collection or the new one, never a mix)."""
    # Something that wrote the collection meanwhile (Anki, opened after the first check) would
    # lose its writes to the rename.
    if _stamp(collection) != stamp or Path(f"{collection}-wal").exists():
        raise CollectionLockedError(
            f"{collection}: the collection changed while notecards sync ran (Anki opened it?); "
            f"nothing was written into it; close Anki and run notecards sync again"
        )
    media = _media_folder(collection)
    try:
        media.mkdir(exist_ok=True)
        for image in _media_folder(copy).glob("*"):
            target = media / image.name
            if image.is_file() and not target.exists():
                os.replace(image, target)
        os.replace(copy, collection)
    except OSError as err:
        raise ExportError(f"{collection}: cannot write the synced collection ({err})") from err


def _cleanup(copy: Path) -> None:
    """Remove a collection copy and everything Anki made beside it."""
    for leftover in (copy, Path(f"{copy}-wal"), Path(f"{copy}-shm"), Path(f"{copy}-journal")):
        with contextlib.suppress(OSError):
            leftover.unlink()
    media = _media_folder(copy)
    with contextlib.suppress(OSError):
        Path(f"{media}.db2").unlink()
    shutil.rmtree(media, ignore_errors=True)


def _open(collection: Path) -> Any:
    """Open the collection, refusing while Anki (or anything else) holds it."""
    try:
        from anki.collection import Collection  # lazy: optional, heavy; only `notecards sync`
        from anki.errors import DBError  # lazy: as above
    except ImportError as err:
        raise ExportError(
            "notecards sync needs the anki package: pip install 'notecards[sync]'"
        ) from err
    if not collection.is_file():
        # Collection() would silently create an empty collection at a mistyped path.
        raise ExportError(
            f"{collection}: no Anki collection there; give the collection.anki2 file of your "
            f"profile (e.g. ~/.local/share/Anki2/User 1/collection.anki2)"
        )
    try:
        return Collection(str(collection))
    except DBError as err:
        if any(word in str(err).lower() for word in _LOCK_WORDS):
            raise CollectionLockedError(
                f"{collection}: the collection is open in Anki; close Anki (or switch profile) "
                f"and run notecards sync again"
            ) from err
        raise ExportError(f"{collection}: cannot open the collection ({err})") from err


def _import(col: Any, package: Path) -> tuple[int, int, int, int]:
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest  # lazy: as _open
    from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition  # lazy: as _open

    if_newer = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER
    options = ImportAnkiPackageOptions(
        merge_notetypes=False,
        update_notes=if_newer,
        update_notetypes=if_newer,
        with_scheduling=False,
        with_deck_configs=False,
    )
    request = ImportAnkiPackageRequest(package_path=str(package), options=options)
    log = col.import_anki_package(request).log
    return len(log.new), len(log.updated), len(log.duplicate), len(log.conflicting)

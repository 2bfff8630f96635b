"""Direct sync: write a build's notes straight into a local Anki collection (``notecards sync``).

The notes go through exactly the same path as a manual import: the decks are exported (with the
same state file, so GUIDs and modification times agree with ``notecards build``) and every
package is imported with Anki desktop's defaults (update notes only when newer, never merge note
types, no scheduling). Reviews, scheduling and edits made in Anki survive as they do on import.

The ``anki`` package is imported lazily, only here, and is an optional dependency.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notecards.errors import CollectionLockedError, ExportError
from notecards.export import export
from notecards.export.media import MAX_MEDIA_BYTES
from notecards.model import DeckReport, NoteResult

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


def sync(
    notes: Sequence[NoteResult],
    collection: Path,
    *,
    root: Path,
    out_dir: Path,
    dry_run: bool = False,
    now: float | None = None,
    retire_orphans: bool = True,
    max_media_bytes: int = MAX_MEDIA_BYTES,
    reset_state: bool = False,
) -> SyncReport:
    """Export ``notes`` into ``out_dir`` (as :func:`notecards.export.export.export` does) and import every
    package into the Anki collection file ``collection``.

    Raises :class:`CollectionLockedError` while the collection is open in Anki, and
    :class:`ExportError` when the collection is missing, unreadable or the ``anki`` package is not
    installed. With ``dry_run`` nothing is written to ``out_dir`` or the collection: the sync is
    done for real on copies of both in a temporary folder, so its counts are exactly those the
    real sync then gives (a mere check would report 0 added on a fresh collection).
    """
    col = _open(collection)
    if not dry_run:
        try:
            return _sync_into(col, notes, out_dir, root, now, retire_orphans, max_media_bytes,
                              reset_state)  # fmt: skip
        finally:
            col.close()
    col.close()  # opened only to check that Anki does not hold it
    from anki.collection import Collection  # lazy: as _open

    with tempfile.TemporaryDirectory(prefix="notecards-dry-sync-") as scratch:
        copy = Path(scratch) / "collection.anki2"
        shutil.copy2(collection, copy)
        decks_copy = Path(scratch) / "decks"
        decks_copy.mkdir()
        if out_dir.is_dir():
            for entry in out_dir.iterdir():  # the decks and the state file, not the cache
                if entry.is_file():
                    shutil.copy2(entry, decks_copy / entry.name)
        col = Collection(str(copy))
        try:
            report = _sync_into(
                col, notes, decks_copy, root, now, retire_orphans, max_media_bytes, reset_state
            )
        finally:
            col.close()
    # Report the decks where the real sync will write them.
    decks = tuple(
        dataclasses.replace(d, path=out_dir / d.path.name, written=False) for d in report.decks
    )
    return dataclasses.replace(report, decks=decks)


def _sync_into(
    col: Any,
    notes: Sequence[NoteResult],
    out_dir: Path,
    root: Path,
    now: float | None,
    retire_orphans: bool,
    max_media_bytes: int,
    reset_state: bool,
) -> SyncReport:
    """Export into ``out_dir`` and import every package into the open collection ``col``."""
    decks = export.export(
        notes,
        out_dir,
        root=root,
        now=now,
        retire_orphans=retire_orphans,
        max_media_bytes=max_media_bytes,
        reset_state=reset_state,
    )
    totals = [0, 0, 0, 0]
    for deck in decks:
        for i, count in enumerate(_import(col, deck.path)):
            totals[i] += count
    return SyncReport(tuple(decks), *totals)


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

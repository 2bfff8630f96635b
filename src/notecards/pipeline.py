"""The build, read top to bottom like the data-flow diagram:

discover → read → clean → parse → segment → extract   (per note)
         → deduplicate across notes → export            (per deck)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from notecards.config import Config
from notecards.errors import NoNotesError
from notecards.export import export, output_folder
from notecards.extract import across
from notecards.model import BuildReport, DeckReport, FileWarning, NoteResult
from notecards.read import read
from notecards.read.discover import Discovery, discover
from notecards.runner import runner
from notecards.runner.workers import collecting

if TYPE_CHECKING:
    from notecards.export.sync import SyncReport as SyncResult

_DEDUPLICATE = runner.CrossNote("deduplicate", across.duplicate_losers, across.drop_losers)
"""The cross-note pass: a card duplicating a better-sourced card of another note is dropped."""

Progress = runner.Progress
"""Called as ``progress(done, total, rel_path)`` after each note."""


def process_note(path: Path, root: Path, config: Config) -> NoteResult:
    """Run one note through read → clean → parse → segment → extract.

    Raises :class:`~notecards.errors.UnreadableNote` when the file cannot be read at all.
    """
    source = read.read_note(path, root, config.default_category)
    # lazy: a rebuild whose notes are all cached (or unreadable, as empty files are) runs none
    # of these stages (compiling their patterns at import was a tenth of it); forked workers
    # import them on their first note
    from notecards import parse
    from notecards.clean import clean  # lazy: as above
    from notecards.extract import extract  # lazy: as above
    from notecards.segment import segment  # lazy: as above

    cleaned = clean.clean(source)
    document = parse.parse(cleaned)
    document = segment.segment(document, config.segmenter, config.user_dict, config.table_cache)
    return extract.extract(document, config)


def build(
    notes_dir: Path,
    out_dir: Path,
    config: Config | None = None,
    progress: Progress | None = None,
    *,
    now: float | None = None,
) -> BuildReport:
    """Build one ``.apkg`` per category of ``notes_dir`` into ``out_dir``.

    Files that cannot be read become warnings in the report; the build goes on with the rest.
    Raises :class:`~notecards.errors.NotesFolderError` or :class:`~notecards.errors.OutputError`
    when the folders themselves are unusable, and
    :class:`~notecards.errors.OutputInsideNotesError` (before writing anything) when ``out_dir``
    is ``notes_dir`` or inside it, :class:`~notecards.errors.StateFileError` when the state file
    cannot be used (:mod:`notecards.export.statefile`). ``now`` fixes the clock (tests).
    """
    config = config or Config()
    found, notes, unreadable = _extract_all(notes_dir, out_dir, config, progress)
    with collecting():  # the results stay alive through the export: not scanned again and again
        decks = export.export(
            notes, out_dir, _export_options(config, found.root), dry_run=config.dry_run, now=now
        )
    return _report(found, notes, decks, unreadable)


def sync(
    notes_dir: Path,
    collection: Path,
    out_dir: Path,
    config: Config | None = None,
    progress: Progress | None = None,
    *,
    now: float | None = None,
) -> tuple[BuildReport, SyncResult]:
    """Build as :func:`build` does, then import every deck into the Anki ``collection``.

    Raises :class:`~notecards.errors.CollectionLockedError` while Anki has it open.
    """
    from notecards.export import sync as anki_sync  # lazy: only for notecards sync

    config = config or Config()
    found, notes, unreadable = _extract_all(notes_dir, out_dir, config, progress)
    options = _export_options(config, found.root)
    result = anki_sync.sync(notes, collection, out_dir, options, dry_run=config.dry_run, now=now)
    return _report(found, notes, list(result.decks), unreadable), result


def _export_options(config: Config, root: Path) -> export.ExportOptions:
    """The build's settings the export stage reads."""
    return export.ExportOptions(
        root,
        retire_orphans=config.retire_orphans,
        max_media_bytes=config.max_media_bytes,
        reset_state=config.reset_state,
        keep_retired_days=config.keep_retired_days,
    )


def _extract_all(
    notes_dir: Path, out_dir: Path, config: Config, progress: Progress | None
) -> tuple[Discovery, list[NoteResult], list[FileWarning]]:
    """discover → (read → clean → parse → segment → extract per note) → deduplicate."""
    found = discover(notes_dir, exclude=config.exclude)
    if not found.notes and not found.warnings:
        # An empty folder is a wrong path far more often than a wish to retire every card.
        raise NoNotesError(f"no notes found in {notes_dir}")
    output_folder.check_outside(
        out_dir, found.root
    )  # before the output folder or its cache is made
    output_folder.check_output(out_dir)
    results, unreadable = runner.run(
        found.notes, found.root, out_dir, config, process_note, progress, across=_DEDUPLICATE
    )
    return found, results, unreadable


def _report(
    found: Discovery,
    notes: list[NoteResult],
    decks: list[DeckReport],
    unreadable: list[FileWarning],
) -> BuildReport:
    per_note = [FileWarning(n.rel_path, w) for n in notes for w in n.warnings]
    # Export warnings read "<note path>:<line>: <reason>"; keep the note as the file named.
    per_deck = [FileWarning(*w.split(": ", 1)) for d in decks for w in d.warnings if ": " in w]
    return BuildReport(
        notes=tuple(notes),
        decks=tuple(decks),
        warnings=(*found.warnings, *unreadable, *per_note, *per_deck),
        skipped=tuple(found.skipped),
    )

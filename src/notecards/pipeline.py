"""The build, read top to bottom like the data-flow diagram:

    discover → read → clean → parse → segment → extract   (per note)
             → deduplicate across notes → export            (per deck)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from notecards import clean, export, extract, parse, read, runner, segment
from notecards.config import Config
from notecards.model import BuildReport, FileWarning, NoteResult

Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, rel_path)`` after each note."""


def process_note(path: Path, root: Path, config: Config) -> NoteResult:
    """Run one note through read → clean → parse → segment → extract.

    Raises :class:`~notecards.errors.UnreadableNote` when the file cannot be read at all.
    """
    source = read.read_note(path, root, config.default_category)
    cleaned = clean.clean(source)
    document = parse.parse(cleaned)
    document = segment.segment(document, config.segmenter, config.user_dict)
    return extract.extract(document, config)


def build(
    notes_dir: Path,
    out_dir: Path,
    config: Config | None = None,
    progress: Progress | None = None,
) -> BuildReport:
    """Build one ``.apkg`` per category of ``notes_dir`` into ``out_dir``.

    Files that cannot be read become warnings in the report; the build goes on with the rest.
    Raises :class:`~notecards.errors.NotesFolderError` or :class:`~notecards.errors.OutputError`
    when the folders themselves are unusable.
    """
    config = config or Config()
    found = read.discover(notes_dir)
    export.check_output(out_dir)

    results, unreadable = runner.run(found.notes, found.root, out_dir, config, progress)

    notes = extract.deduplicate(results)
    decks = export.export(
        notes,
        out_dir,
        root=found.root,
        dry_run=config.dry_run,
        retire_orphans=config.retire_orphans,
    )
    return BuildReport(
        notes=tuple(notes),
        decks=tuple(decks),
        warnings=(*found.warnings, *unreadable, *(w for n in notes for w in _note_warnings(n))),
        skipped=tuple(found.skipped),
    )


def _note_warnings(note: NoteResult) -> list[FileWarning]:
    return [FileWarning(note.rel_path, w) for w in note.warnings]

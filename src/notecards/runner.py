"""Runs :func:`notecards.pipeline.process_note` over many notes (placeholder: serial, no cache;
helper-5 owns this file and adds the cache and worker processes)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from notecards.config import Config
from notecards.errors import UnreadableNote
from notecards.model import FileWarning, NoteResult


def run(
    paths: Sequence[Path],
    root: Path,
    out_dir: Path,
    config: Config,
    progress: Callable[[int, int, str], None] | None = None,
) -> tuple[list[NoteResult], list[FileWarning]]:
    """Results for every readable note, in the order of ``paths``, and a warning per unreadable one."""
    from notecards.pipeline import process_note

    results: list[NoteResult] = []
    warnings: list[FileWarning] = []
    for done, path in enumerate(paths, start=1):
        try:
            results.append(process_note(path, root, config))
        except UnreadableNote as err:
            warnings.append(FileWarning(err.path, err.reason))
        if progress:
            progress(done, len(paths), str(path))
    return results, warnings

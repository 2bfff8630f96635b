"""``notecards build --watch``: rebuild (and print the same summary) whenever a note changes,
until Ctrl-C, which ends it with exit code 0. Which changes count is :mod:`notecards.watch`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from notecards import watch

SHOWN_CHANGES = 5
"""Changed files named in the line before a rebuild; more are counted."""


def watch_and_rebuild(
    notes: Path,
    out: Path,
    exclude: Sequence[str],
    build_once: Callable[[], object],
    errors: Any,
) -> None:
    """Run ``build_once`` once the watcher runs and after every batch of changes under ``notes`` (ignoring ``out``,
    which holds the decks, the state file and the cache); messages on ``errors`` (a rich console,
    stderr). A build that fails has printed its error: watching goes on, so fixing the note
    rebuilds; a usage error (exit code 2) ends it. Returns on Ctrl-C."""
    if not notes.is_dir():
        build_once()  # says what is wrong with the folder
        return
    try:
        for changed in watch.changes(notes, ignored=(out,), exclude=tuple(exclude)):
            if changed:
                errors.print(f"Changed: {escape(describe(changed))}; rebuilding.")
            _attempt(build_once)
            if not changed:
                errors.print(f"Watching {escape(str(notes))} for changes (Ctrl-C to stop).")
    except KeyboardInterrupt:
        pass  # Ctrl-C while building: the decks are written all or none, so stopping is safe
    errors.print("Stopped watching.")


def _attempt(build_once: Callable[[], object]) -> None:
    try:
        build_once()
    except typer.Exit as stop:
        # A failed build has printed its error: keep watching for the fix (a broken note, no
        # notes yet), unless it was a usage error (exit 2: -o inside the notes folder …).
        if stop.exit_code != 1:
            raise


def describe(changed: Sequence[str]) -> str:
    """``a.md, b.md and 3 more``: the changed files of one batch, for the line before a rebuild."""
    shown = ", ".join(changed[:SHOWN_CHANGES])
    more = len(changed) - SHOWN_CHANGES
    return f"{shown} and {more} more" if more > 0 else shown

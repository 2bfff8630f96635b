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
    build_first: Callable[[], object],
    rebuild: Callable[[], object],
    errors: Any,
) -> None:
    """Run ``build_first`` once the watcher runs, then ``rebuild`` after every batch of changes
    under ``notes`` (ignoring ``out``, which holds the decks, the state file and the cache);
    messages on ``errors`` (a rich console, stderr). A build that fails has printed its error.
    A usage error (exit code 2: ``-o`` inside the notes folder …) of the first build ends
    watching; any later failure does not, so fixing the note (or ``notecards.toml``) rebuilds.
    Returns on Ctrl-C."""
    if not notes.is_dir():
        build_first()  # says what is wrong with the folder
        return
    try:
        for changed in watch.changes(notes, ignored=(out,), exclude=tuple(exclude)):
            if not changed:  # the watcher is ready
                _attempt(build_first, fatal=True)
                errors.print(f"Watching {escape(str(notes))} for changes (Ctrl-C to stop).")
                continue
            errors.print(f"Changed: {escape(describe(changed))}; rebuilding.")
            _attempt(rebuild, fatal=False)
    except KeyboardInterrupt:
        pass  # Ctrl-C while building: the decks are written all or none, so stopping is safe
    errors.print("Stopped watching.")


def _attempt(build: Callable[[], object], *, fatal: bool) -> None:
    try:
        build()
    except typer.Exit as stop:
        if fatal and stop.exit_code != 1:
            raise


def describe(changed: Sequence[str]) -> str:
    """``a.md, b.md and 3 more``: the changed files of one batch, for the line before a rebuild."""
    shown = ", ".join(changed[:SHOWN_CHANGES])
    more = len(changed) - SHOWN_CHANGES
    return f"{shown} and {more} more" if more > 0 else shown

"""Putting a build's output in place all at once: its new packages, the removal of stale ones
and its state file — all of them, or none.

Every package is first written whole into the build's private folder (same disk as the output
folder), where a full disk or any other write error leaves the output folder untouched. Then
:func:`commit` moves each package over its deck with ``os.replace``, keeping the previous deck
(a hard link, or the file itself where links are not supported) in the private folder, moves
stale decks there too, and saves the state. When a step fails, every deck is put back as it
was before the state is left as it was (it is written to a temporary file and renamed last), so
the decks and the state in the output folder always belong to the same build.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import os
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

from notecards.errors import ExportError


@dataclasses.dataclass(frozen=True)
class Staged:
    """A package written whole in the private folder, waiting to replace its deck."""

    written: Path
    """The finished package in the private folder."""
    place: Path
    """Where it goes in the output folder."""


def write_error(path: Path, what: str, err: Exception) -> ExportError:
    """The one-line error for a failed write of ``path`` (``what``: "the deck", …)."""
    reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
    full = (isinstance(err, OSError) and err.errno in (errno.ENOSPC, errno.EDQUOT)) or (
        isinstance(err, sqlite3.Error) and "full" in str(err)  # "database or disk is full"
    )
    hint = "; free some space and build again" if full else ""
    return ExportError(
        f"{path}: cannot write {what} ({reason}){hint}; the decks and the state file are as "
        f"the previous build left them"
    )


def commit(
    work: Path,
    staged: Sequence[Staged],
    stale: Sequence[Path],
    save: Callable[[], None],
    state_file: Path,
) -> None:
    """Move ``staged`` packages into place, remove ``stale`` decks and call ``save`` (which
    writes ``state_file`` atomically, or nothing); on any failure undo the moves and raise
    :class:`ExportError` naming the file that could not be written."""
    undo: list[tuple[Path, Path | None]] = []  # (deck, its previous file in ``work``, or None)
    try:
        for n, item in enumerate(staged):
            undo.append((item.place, _keep(item.place, work / f"previous-{n}.apkg")))
            _replace(item.written, item.place)
        for n, deck in enumerate(stale):
            kept = _keep(deck, work / f"stale-{n}.apkg", move=True)
            if kept is not None:
                undo.append((deck, kept))
        try:
            save()
        except OSError as err:
            raise write_error(state_file, "the state file", err) from err
    except BaseException:  # Ctrl-C included: the output folder goes back to the last build's
        for deck, previous in reversed(undo):
            with contextlib.suppress(OSError):
                if previous is None:
                    deck.unlink(missing_ok=True)
                else:
                    os.replace(previous, deck)
        raise


def _replace(written: Path, place: Path) -> None:
    try:
        os.replace(written, place)
    except OSError as err:
        raise write_error(place, "the deck", err) from err


def _keep(deck: Path, backup: Path, *, move: bool = False) -> Path | None:
    """Keep ``deck`` as ``backup`` (a hard link unless ``move``); None when there is none."""
    try:
        if not move:
            try:
                os.link(deck, backup)
                return backup
            except FileNotFoundError:
                return None
            except OSError:
                pass  # no hard links on this disk: move it (the deck is absent a moment)
        os.replace(deck, backup)
        return backup
    except FileNotFoundError:
        return None
    except OSError as err:
        raise write_error(deck, "the deck", err) from err

"""The clean stage (placeholder pass-through until the boilerplate cleaner lands; helper-1 owns this file)."""

from __future__ import annotations

from notecards.model import CleanNote, SourceNote


def clean(note: SourceNote) -> CleanNote:
    """Return the note unchanged."""
    return CleanNote(source=note, text=note.text)

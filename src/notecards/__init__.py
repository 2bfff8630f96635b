"""notecards: turn a folder of study notes into Anki decks, one per category."""

from __future__ import annotations

__version__ = "0.1.0"

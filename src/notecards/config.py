"""Build options (:class:`Config`), made once at the edge (CLI or caller) and passed explicitly.

This is the one module that reads the environment (:func:`table_cache_folder`); everything
below it is handed what it needs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from notecards.export.media import MAX_MEDIA_BYTES
from notecards.export.state import KEEP_RETIRED_DAYS
from notecards.extract.rules import RuleList, default_rules

DEFAULT_CATEGORY = "Inbox"
"""Deck for notes that sit directly in the notes root (read.category_for)."""

MAX_NOTE_CARDS = 5000
"""Default :attr:`Config.max_note_cards`: far above any real note."""

MAX_ANSWER_CHARS = 250
"""A back wider than this (a Han character counts two: about 120 of them) is trimmed at a
sentence boundary, else at a clause boundary."""

TABLE_CACHE_ENV = "NOTECARDS_TABLE_CACHE"
"""Environment variable naming the folder of the derived-table cache (empty: do not cache)."""


def table_cache_folder() -> Path | None:
    """The folder the derived jieba tables are cached in (:mod:`notecards.segment.tablecache`):
    ``$NOTECARDS_TABLE_CACHE`` when set (empty: None, no cache), else
    ``$XDG_CACHE_HOME/notecards`` or ``~/.cache/notecards``."""
    explicit = os.environ.get(TABLE_CACHE_ENV)
    if explicit is not None:
        return Path(explicit) if explicit.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "notecards"


@dataclass(frozen=True, slots=True)
class Config:
    """Everything that changes what a build produces or how it runs."""

    default_category: str = DEFAULT_CATEGORY
    """Deck for notes directly in the notes root."""
    rules: RuleList = field(default_factory=default_rules)
    """The extraction rule chain (order and enabled flags)."""
    min_confidence: float = 0.0
    """Cards below this confidence are rejected (reason ``low-confidence``)."""
    max_answer_chars: int = MAX_ANSWER_CHARS
    """Backs wider than this are trimmed at a sentence (else clause) boundary."""
    keyword_tags: int = 0
    """How many jieba TF-IDF keywords each card is tagged with (0: none; they were noise)."""
    segmenter: str = "auto"
    """One of :data:`notecards.segment.segment.SEGMENTERS` (``auto`` takes jieba-rs when installed)."""
    user_dict: Path | None = None
    """A jieba-format user dictionary (``word [freq] [tag]`` per line) to load before segmenting."""
    table_cache: Path | None = field(default_factory=table_cache_folder)
    """Folder of the per-user cache of tables derived from jieba's data files (None: build them
    in every process); read from the environment by default (:func:`table_cache_folder`)."""
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    """Worker processes for the per-note stages; output is identical for any value."""
    use_cache: bool = True
    """Reuse per-note results from the output folder's cache when nothing that affects them changed."""
    strict: bool = False
    """Treat warnings about input files as errors (exit code 1)."""
    dry_run: bool = False
    """Report what would be written without writing anything."""
    record_decisions: bool = False
    """Keep a :class:`~notecards.model.Decision` for every candidate sentence (``--explain``,
    ``preview``, ``explain``). Off for plain builds: kept for every sentence of a 10 MB corpus
    they made the cache twenty times larger and the build several times slower."""
    rank_sentences: bool = True
    """Score every sentence of prose and cloze the best of each section (``--no-ranking``)."""
    retire_orphans: bool = True
    """Ship cards whose source disappeared, tagged ``notecards::retired``."""
    keep_retired_days: int = KEEP_RETIRED_DAYS
    """Every build ships a retired card again for this many days after it left the notes (0: only
    the build that retired it), so the tag reaches Anki even when a build was not imported."""
    max_note_cards: int = MAX_NOTE_CARDS
    """A note is carded only up to the line that gives this many cards, with a warning (0: no
    limit); it bounds the time a note of a hundred thousand headings takes."""
    reset_state: bool = False
    """Set the state file aside (timestamped) and start afresh, new GUIDs for reworded cards."""
    max_media_bytes: int = MAX_MEDIA_BYTES
    """Images larger than this are not packed (the card shows the reference as text)."""
    exclude: tuple[str, ...] = ()
    """Globs (``fnmatch``, against the POSIX path relative to the notes folder) of notes and
    folders discovery leaves out."""

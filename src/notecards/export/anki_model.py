"""The Anki side of the export stage: notecards' own note types, their CSS, and the genanki writer.

Note types are never changed in place. Anki's importer refuses to update notes whose note type
has different fields or templates, and keeps a renamed copy of a changed type instead. So:

* Changing only CSS or template *text* of a version: bump :data:`MODEL_MTIME` (Anki updates a
  note type whose incoming modification time is newer) and update :data:`MODEL_FINGERPRINT`
  (a test pins it, so this cannot be forgotten).
* Changing fields or the list of templates: add a new version (``notecards Basic v2``) with a new
  name, hence a new id. Migration for users: after importing, select the old notes in Anki's
  browser (``note:"notecards Basic v1"``) and use Notes → Change Note Type to move them to v2;
  their GUIDs, reviews and scheduling are kept.

The writer uses genanki's schema and row writers, but gives every note its own id, modification
time and due position instead of genanki's build-time stamps, writes the sqlite file into a
folder the caller cleans, and zips with fixed entry dates so that equal input gives equal bytes.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import sqlite3
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notecards.export.media import read_media

MODEL_MTIME = 1_796_515_200
"""Modification time (2026-12-06) of the v1 note types; bump it when CSS or template text change.

History: 2026-01-01 the first v1 face; 2026-12-06 no rule name on the card, a prompt above the
reversed card's question, highlighted code (issue 15 pt 7, issue 13 pt 5)."""

MODEL_FINGERPRINT = "801d6a6bf8707a9169e8facea2f5fa2684ad8a37dc49a7637d6463c2ea5a01b2"
"""SHA-256 of the note types' names, fields, templates and CSS, pinned by a test."""

CSS = """\
.card {
  font-family: -apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB",
    "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "Segoe UI", Roboto,
    "Helvetica Neue", Arial, sans-serif;
  font-size: 20px;
  line-height: 1.65;
  text-align: left;
  color: #1f2328;
  background-color: #ffffff;
  max-width: 40em;
  margin: 0 auto;
  padding: 0 0.6em;
  word-break: break-word;
}
.card.nightMode, .nightMode .card { color: #e6edf3; background-color: #1f1f1f; }
.nc-answer { margin-top: 0.4em; }
.nc-source {
  margin-top: 1.6em;
  font-size: 12px;
  line-height: 1.4;
  color: #6e7781;
}
.nightMode .nc-source { color: #8b949e; }
.nc-prompt {
  font-size: 14px;
  color: #6e7781;
  margin-bottom: 0.3em;
}
.nightMode .nc-prompt { color: #8b949e; }
.cloze { font-weight: bold; color: #0969da; }
.nightMode .cloze { color: #58a6ff; }
code, pre {
  font-family: "SF Mono", Menlo, Consolas, "Noto Sans Mono CJK SC", "Liberation Mono", monospace;
  font-size: 0.85em;
}
code { padding: 0.1em 0.3em; border-radius: 4px; background-color: rgba(175, 184, 193, 0.25); }
pre {
  padding: 0.7em 0.9em;
  border-radius: 6px;
  background-color: #f6f8fa;
  white-space: pre-wrap;
  overflow-x: auto;
}
.nightMode code { background-color: rgba(110, 118, 129, 0.4); }
.nightMode pre { background-color: #2d333b; }
/* After .nightMode code, and as specific: a code block is one box, not a box per line. */
pre code, .nightMode pre code { padding: 0; background: none; border-radius: 0; }
/* Highlighted code (export/highlight.py): GitHub's light and dark palettes, one class per
   kind of token, so the colours follow Anki's night mode without JavaScript. */
.hl-k { color: #cf222e; }
.hl-s { color: #0a3069; }
.hl-c { color: #6e7781; font-style: italic; }
.hl-m { color: #0550ae; }
.hl-f { color: #8250df; }
.hl-b { color: #953800; }
.nightMode .hl-k { color: #ff7b72; }
.nightMode .hl-s { color: #a5d6ff; }
.nightMode .hl-c { color: #8b949e; }
.nightMode .hl-m { color: #79c0ff; }
.nightMode .hl-f { color: #d2a8ff; }
.nightMode .hl-b { color: #ffa657; }
img { max-width: 100%; height: auto; }
ul, ol { padding-left: 1.4em; }
table { border-collapse: collapse; }
td, th { border: 1px solid #d0d7de; padding: 0.2em 0.5em; }
.nightMode td, .nightMode th { border-color: #444c56; }
"""
"""Card styling: a CJK-first font stack, readable line height, dark mode via ``.nightMode``."""

_SOURCE = '<div class="nc-source">{{Source}}</div>'
"""Where the card came from. The rule that made it is kept in the ``Rule`` field and in the
``notecards::rule::…`` tag (for searching), not shown: it means nothing to the reader."""


@dataclass(frozen=True, slots=True)
class NoteType:
    """One of notecards' note types."""

    family: str
    """``basic`` or ``cloze``; the state and GUIDs use the family, not the versioned name."""
    name: str
    """Versioned, distinctive name (a stock "Basic" would clash with the user's own)."""
    fields: tuple[str, ...]
    """Field names in order."""
    templates: tuple[tuple[str, str, str], ...]
    """(name, question format, answer format) per card template."""
    is_cloze: bool
    """Whether Anki treats it as a cloze note type."""

    @property
    def id(self) -> int:
        """Stable id derived from the versioned name, in the range genanki recommends."""
        return stable_id(f"notecards note type\x1f{self.name}")


BASIC = NoteType(
    family="basic",
    name="notecards Basic v1",
    fields=("Front", "Back", "Add Reverse", "Source", "Rule"),
    templates=(
        (
            "Card 1",
            '<div class="nc-question">{{Front}}</div>',
            '{{FrontSide}}\n<hr id="answer">\n<div class="nc-answer">{{Back}}</div>\n' + _SOURCE,
        ),
        # The reverse card exists only when "Add Reverse" is not empty (CardKind.REVERSIBLE),
        # so a card may switch between basic and reversible without changing note type. The
        # field holds the prompt that says what the reversed card asks for, in the card's
        # language ("Which term is this?"): no new field, so no new note type version.
        (
            "Card 2 (reversed)",
            (
                '{{#Add Reverse}}<div class="nc-prompt">{{Add Reverse}}</div>\n'
                '<div class="nc-question">{{Back}}</div>{{/Add Reverse}}'
            ),
            '{{FrontSide}}\n<hr id="answer">\n<div class="nc-answer">{{Front}}</div>\n' + _SOURCE,
        ),
    ),
    is_cloze=False,
)
"""Question/answer note type with an optional reversed card."""

CLOZE = NoteType(
    family="cloze",
    name="notecards Cloze v1",
    fields=("Text", "Back Extra", "Source", "Rule"),
    templates=(
        (
            "Cloze",
            '<div class="nc-question">{{cloze:Text}}</div>',
            '<div class="nc-question">{{cloze:Text}}</div>\n'
            '<div class="nc-answer">{{Back Extra}}</div>\n' + _SOURCE,
        ),
    ),
    is_cloze=True,
)
"""Cloze note type: a sentence with ``{{cN::…}}`` deletions plus extra context."""

NOTE_TYPES = {nt.family: nt for nt in (BASIC, CLOZE)}
"""Note types by family."""


def stable_id(name: str) -> int:
    """An Anki id for a note type or deck, derived from its name with SHA-256 (not random)."""
    value = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big")
    return (1 << 30) + value % (1 << 30)


def deck_id(name: str) -> int:
    """Stable id of a deck, from its full name (``机器学习::CNN``)."""
    return stable_id(f"notecards deck\x1f{name}")


def model_fingerprint() -> str:
    """SHA-256 over everything Anki stores of the note types; pinned by a test."""
    data = [[nt.name, nt.fields, nt.templates, nt.is_cloze] for nt in NOTE_TYPES.values()]
    return hashlib.sha256(json.dumps([data, CSS, MODEL_MTIME]).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class PackageNote:
    """One note as it goes into a package, every value fixed by the caller."""

    guid: str
    """Anki note GUID."""
    family: str
    """Note type family (``basic``/``cloze``)."""
    fields: tuple[str, ...]
    """Rendered HTML fields, in the note type's field order."""
    tags: tuple[str, ...]
    """Tags without spaces."""
    deck: str
    """Full deck name the note's new cards go to."""
    mod: int
    """Epoch seconds the content last changed; Anki updates a note only when this is newer."""
    note_id: int
    """Note id; card ids follow it (``note_id + 1`` …)."""
    due: int
    """New-card position, so new cards come up in source order."""


@functools.cache
def _genanki() -> tuple[Any, type[Any]]:
    """genanki and our note class, imported on first use (genanki costs ~90 ms to import)."""
    import genanki  # lazy: ~90 ms, only when a package is written

    class NotecardsNote(genanki.Note):  # type: ignore[misc]
        """A genanki note that writes its own id, card ids and mod time instead of the build's."""

        def __init__(self, model: Any, spec: PackageNote) -> None:
            super().__init__(
                model=model,
                fields=list(spec.fields),
                tags=list(spec.tags),
                guid=spec.guid,
                due=spec.due,
            )
            self.spec = spec

        def write_to_db(self, cursor: Any, timestamp: float, deck_id: int, id_gen: Any) -> None:
            ids = itertools.count(self.spec.note_id)  # note id first, then one per card
            super().write_to_db(cursor, self.spec.mod, deck_id, ids)

        def _check_invalid_html_tags_in_fields(self) -> None:
            # Fields come from parse.to_html, which escapes raw HTML; genanki's check is a regex
            # that crawls on text with many "<" (issue 6) and would find nothing here.
            return None

    return genanki, NotecardsNote


def _genanki_model(nt: NoteType) -> Any:
    genanki, _ = _genanki()
    return genanki.Model(
        nt.id,
        nt.name,
        fields=[{"name": name} for name in nt.fields],
        templates=[{"name": n, "qfmt": q, "afmt": a} for n, q, a in nt.templates],
        css=CSS,
        model_type=genanki.Model.CLOZE if nt.is_cloze else genanki.Model.FRONT_BACK,
    )


def write_apkg(
    target: Path, notes: Sequence[PackageNote], media: Sequence[tuple[str, Path]], work_dir: Path
) -> None:
    """Write ``notes`` and ``media`` (package name, file) as an ``.apkg`` at ``target``.

    The sqlite file is made in ``work_dir``, which the caller owns and removes. Zip entries get a
    fixed date, so the same input always gives the same bytes.
    """
    genanki, note_class = _genanki()
    models = {family: _genanki_model(nt) for family, nt in NOTE_TYPES.items()}
    decks: dict[str, Any] = {}
    for spec in notes:
        if spec.deck not in decks:
            decks[spec.deck] = genanki.Deck(deck_id(spec.deck), spec.deck)
        decks[spec.deck].add_note(note_class(models[spec.family], spec))
    db_path = work_dir / "collection.anki2"
    db_path.unlink(missing_ok=True)
    conn = sqlite3.connect(db_path)
    try:
        # A scratch file, zipped and then deleted: no journal and no fsync (the package is made
        # atomic by the caller's rename), which was most of the time spent writing a deck.
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        # The timestamp only stamps the note types (our notes bring their own), so it is fixed.
        genanki.Package(list(decks.values())).write_to_db(conn.cursor(), MODEL_MTIME, _no_ids())
        conn.commit()
    finally:
        conn.close()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _add(archive, "collection.anki2", db_path.read_bytes())
        _add(archive, "media", json.dumps({str(i): name for i, (name, _) in enumerate(media)}))
        for i, (_, path) in enumerate(media):
            _add(archive, str(i), read_media(path))


def _add(archive: zipfile.ZipFile, name: str, data: bytes | str) -> None:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def _no_ids() -> Iterator[int]:
    """genanki's id generator; unused because every _Note brings its ids."""
    raise AssertionError("genanki asked for an id: a note was not a NotecardsNote")
    yield 0  # pragma: no cover - makes this a generator

"""Card identity across builds: normalised keys, GUIDs, re-linking and the state file.

Anki's package importer matches notes by GUID only, so a card must keep its GUID for as long as
the user would call it "the same card". The GUID is derived from the card's *identity key* (its
normalised question, never its answer), and a small JSON file in the output folder remembers,
for every card ever shipped, what it looked like, so that a reworded question, a renamed file or a
card whose category moved still reaches the note Anki already holds, and so that a note's
modification time is the time its content last changed, not the build time.

State file format (``notecards-state.json`` in the output folder, UTF-8 JSON, one card a line)::

    {
      "version": 1,                 # STATE_VERSION; a newer version is refused, not overwritten
      "next_position": 42,          # next new-card position (Anki's "due" of a new card)
      "decks": [ … ],               # packages written (below)
      "notes": "/home/me/notes",    # the notes folder the file belongs to (absent in older files)
      "cards": [                    # one object per card ever shipped, in position order
        {
          "guid": "Zq8;P!x2mA",      # the Anki note GUID
          "key": "basic:池化层的作用", # family-prefixed identity key (see identity_key)
          "model": "basic",          # note type family: "basic" or "cloze"
          "rule": "colon_item",      # extraction rule that made the card
          "source": "ml/cnn.md",     # note file, relative to the notes root
          "heading": ["CNN"],        # heading path of the source text
          "deck": "机器学习::CNN",     # deck of the latest build
          "home_deck": "机器学习",     # deck the card was first shipped to (where Anki keeps it)
          "position": 17,            # order of first appearance; the new card's due
          "first_seen": 1700000000,  # epoch seconds
          "last_changed": 1700000000,# epoch seconds; the note's mod time in the package
          "hash": "…",               # content hash of what was last shipped
          "fields": ["…", "…"],      # rendered fields as last shipped (to ship a retired card)
          "tags": ["…"],             # tags as last shipped
          "cloze": {"gradient": 1},  # cloze group (folded answers) → deletion number, ever used
          "retired": 0,              # epoch seconds when the card left the notes; 0 while live
          "input_hash": "…",         # hash of the card as extracted; unchanged → fields reused
          "media": [["ab12…-fig.png", "/notes/ml/fig.png", 1234, 1700000000000000000]],
          "term": "池化层"            # folded term the card asks about ("" if the rule named none)
        }
      ],
      "decks": [                     # packages written, to skip rewriting unchanged ones
        {"file": "机器学习.apkg", "deck": "机器学习", "hash": "…", "size": 1234, "mtime_ns": 0}
      ]
    }

Beside it, ``notecards-steady.json`` (plain JSON) holds the export's record that exporting the
same inputs again would change nothing (:mod:`notecards.export.steady` describes it), which a
rebuild reads without parsing the state file: ``{"version": 1, "state": <the CRC-32 and length of the
state file's bytes>, "steady": {…}}``. It is only handed out while the digest still matches (the
state file was not edited or replaced since). State files of the previous version carried the
record on their first line (``"steady": {…}``); the state reader ignores that key, so such a file
is read as any other, and its first save writes the record beside it.

Deleting the file is safe: GUIDs fall back to the hash of the identity key, so only reworded
cards (which were re-linked) become new notes, and every note is re-sent once with a new time.
A damaged file is a different matter: :mod:`notecards.export.statefile` reads the previous version
(``notecards-state.json.bak``, kept by every save) instead, or stops the build.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import tempfile
import unicodedata
import zlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from notecards.errors import OutputError
from notecards.export.textkey import RELINK_THRESHOLD, fold_for_identity, similarity, strip_cloze
from notecards.model import Card, CardKind

log = logging.getLogger(__name__)

__all__ = [
    "KEEP_RETIRED_DAYS",
    "RELINK_THRESHOLD",
    "STATE_FILE",
    "STATE_VERSION",
    "STEADY_FILE",
    "DeckStamp",
    "Entry",
    "Identity",
    "State",
    "fold_for_identity",
    "guid_for",
    "identity_key",
    "link",
    "model_family",
    "read_steady",
    "save_state",
    "similarity",
    "state_key",
]

STATE_FILE = "notecards-state.json"
"""Name of the state file inside the output folder."""
STEADY_FILE = "notecards-steady.json"
"""Name of the file beside it holding the export's steady record (see the module docstring)."""

KEEP_RETIRED_DAYS = 30
"""Days every build ships a retired card again, tagged (:func:`notecards.export.plan.plan`)."""

STATE_VERSION = 1
"""Format version written into the state file; bump it (with a reader for the old one) on change."""

_BASE91 = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)
"""Anki's own GUID alphabet (anki/utils.py base91)."""


def model_family(card: Card) -> str:
    """``"cloze"`` or ``"basic"``: the note type a card becomes (reversible is a basic note)."""
    return "cloze" if card.kind is CardKind.CLOZE else "basic"


def identity_key(card: Card) -> str:
    """The normalised question that identifies a card: :attr:`Card.key` when the rule set one,
    else the front (for a cloze, the sentence without its deletion markup), folded by :func:`fold_for_identity`.

    The answer never takes part, so editing an answer keeps the card's identity.
    """
    raw = card.key or (strip_cloze(card.front) if card.kind is CardKind.CLOZE else card.front)
    # A question made only of punctuation folds to nothing; fall back to the raw text.
    return fold_for_identity(raw) or unicodedata.normalize("NFKC", raw).strip()


def state_key(card: Card) -> str:
    """Identity key prefixed by the note type family; the key the state and the GUID use.

    Anki refuses to update a note whose note type changed, so a card that turns from Q/A into a
    cloze must become a new note: the family is part of its identity.
    """
    return f"{model_family(card)}:{identity_key(card)}"


def guid_for(key: str) -> str:
    """The GUID of a card without history: 64 bits of SHA-256 of the key, in Anki's base91."""
    value = int.from_bytes(hashlib.sha256(f"notecards\x1f{key}".encode()).digest()[:8], "big")
    digits = []
    while value:
        value, rest = divmod(value, len(_BASE91))
        digits.append(_BASE91[rest])
    return "".join(reversed(digits)) or _BASE91[0]


@dataclasses.dataclass(frozen=True, slots=True)
class Entry:
    """What the state remembers about one card (see the module docstring for the JSON form)."""

    guid: str
    """Anki note GUID."""
    key: str
    """Family-prefixed identity key (:func:`state_key`)."""
    model: str
    """Note type family: ``basic`` or ``cloze``."""
    rule: str
    """Extraction rule that made the card."""
    source: str
    """Note file relative to the notes root."""
    heading: tuple[str, ...]
    """Heading path of the source text."""
    deck: str
    """Deck of the latest build."""
    home_deck: str
    """Deck the card was first shipped to; an import never moves a card, so it stays there
    (``notecards sync`` moves it: :mod:`notecards.export.arrange`)."""
    position: int
    """Order of first appearance across all builds; the due position of a new card."""
    first_seen: int
    """Epoch seconds of the first build that had the card."""
    last_changed: int
    """Epoch seconds of the last build that changed what is shipped; the note's mod time."""
    hash: str
    """Content hash of what was last shipped."""
    fields: tuple[str, ...] = ()
    """Rendered note fields as last shipped."""
    tags: tuple[str, ...] = ()
    """Note tags as last shipped."""
    cloze: tuple[tuple[str, int], ...] = ()
    """Cloze group (its folded answers joined by ``|``) → deletion number, for every group ever
    numbered, so numbers are never reused and stay put when deletions come and go."""
    retired: int = 0
    """Epoch seconds when the card disappeared from the notes; 0 while it is live."""
    input_hash: str = ""
    """Hash of everything its rendering was made from; equal next build → reuse the fields."""
    media: tuple[tuple[str, str, int, int], ...] = ()
    """(packed name, file, size, mtime_ns) of each image the fields reference."""
    term: str = ""
    """Folded term the card asks about (:attr:`Card.term`), a second witness for re-linking."""


def file_unchanged(path: str | Path, size: int, mtime_ns: int) -> bool:
    """Whether the file at ``path`` still has the size and modification time recorded for it
    (False when it is gone or unreadable)."""
    try:
        info = os.stat(path)
    except OSError:
        return False
    return (info.st_size, info.st_mtime_ns) == (size, mtime_ns)


@dataclasses.dataclass(frozen=True, slots=True)
class DeckStamp:
    """A package this tool wrote, so an unchanged deck is not rewritten."""

    file: str
    """File name inside the output folder."""
    deck: str
    """Top-level deck name."""
    hash: str
    """Hash of everything that went into the package."""
    size: int
    """File size after writing; with ``mtime_ns`` it tells whether someone replaced the file."""
    mtime_ns: int
    """File modification time after writing."""


@dataclasses.dataclass(frozen=True, slots=True)
class State:
    """The whole state file."""

    entries: tuple[Entry, ...] = ()
    """Every card ever shipped, in position order."""
    decks: tuple[DeckStamp, ...] = ()
    """Packages written by the last build."""
    next_position: int = 0
    """Position the next new card gets."""
    notes: str = ""
    """Absolute path of the notes folder the state belongs to ("" when not recorded)."""
    guids: Mapping[str, Entry] = dataclasses.field(init=False, repr=False, compare=False)
    """Entries by GUID (derived)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "guids", {e.guid: e for e in self.entries})


def read_steady(out_dir: Path) -> dict[str, Any] | None:
    """The ``steady`` record saved with the state file in ``out_dir`` (a JSON object), or None
    when there is none, it cannot be read, is of another state version, or the state file was
    changed after it was written. Reads the state file's bytes but parses only the record."""
    try:
        obj = json.loads((out_dir / STEADY_FILE).read_bytes())
        data = (out_dir / STATE_FILE).read_bytes()
    except (OSError, ValueError):
        return None
    if not isinstance(obj, dict) or obj.get("version") != STATE_VERSION:
        return None
    record = obj.get("steady")
    if not isinstance(record, dict) or obj.get("state") != _digest(data):
        return None
    return record


def _digest(data: bytes) -> str:
    # What tells an edited state file from the one the record was written with: its length and
    # CRC-32 (an edit, not an attack, is what it guards against; four times faster than a
    # cryptographic hash over the 10 MB state of a 9,000-card build, read on every rebuild).
    return f"crc32:{zlib.crc32(data):08x}:{len(data)}"


_ENTRY_FIELDS = tuple(f.name for f in dataclasses.fields(Entry))
_CARD_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
"""Encodes one card line (as ``json.dumps(obj, ensure_ascii=False, sort_keys=True)`` does, with
the encoder made once instead of per card)."""


def save_state(
    out_dir: Path,
    state: State,
    steady: Mapping[str, object] | None = None,
    *,
    before_replace: Callable[[], None] | None = None,
) -> None:
    """Write the state file atomically (temporary file in ``out_dir``, then ``os.replace``), then
    the export's ``steady`` record (a JSON object) beside it, or remove the old record when
    there is none (see the module docstring).

    ``before_replace`` runs once the new file is written, before it replaces the old one (the
    export keeps the old version as a backup there: :func:`notecards.export.statefile.keep_backup`).
    Raises :class:`OutputError` naming the file when it cannot be written."""
    lines = []
    for entry in sorted(state.entries, key=lambda e: e.position):
        # Every field is a str, an int or a tuple of them: no deep copy (dataclasses.asdict)
        # is needed to encode it.
        obj = {name: getattr(entry, name) for name in _ENTRY_FIELDS}
        obj["cloze"] = dict(entry.cloze)
        lines.append(_CARD_JSON.encode(obj))
    body = {
        "next_position": state.next_position,
        "decks": [dataclasses.asdict(stamp) for stamp in state.decks],
        "notes": state.notes,
    }
    # One card per line: diffable, and far smaller and faster to write than an indented dump.
    rest = json.dumps(body, ensure_ascii=False)[1:-1] + ', "cards": [\n' + ",\n".join(lines)
    data = f'{{"version": {STATE_VERSION},\n{rest}\n]}}\n'.encode()
    path = out_dir / STATE_FILE
    _write(path, data, before_replace)
    record = out_dir / STEADY_FILE
    try:
        if steady is None:
            record.unlink(missing_ok=True)
        else:
            obj = {"version": STATE_VERSION, "state": _digest(data), "steady": dict(steady)}
            _write(record, json.dumps(obj, ensure_ascii=False).encode() + b"\n")
    except OutputError:
        # Only a shortcut is lost: a record that does not vouch for the new state file's bytes
        # is never handed out (read_steady), so the next build takes the full path.
        log.info("%s: not written; the next build exports in full", record)
    except OSError:
        log.info("%s: not removed; it no longer matches the state file", record)


def _write(path: Path, data: bytes, before_replace: Callable[[], None] | None = None) -> None:
    """Write ``data`` to ``path`` atomically; :class:`OutputError` naming it when that fails."""
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=".notecards-state-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the state holds nothing secret
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
    except BaseException as err:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(err, OSError):
            raise OutputError(
                f"{path}: cannot write the state file ({err.strerror or err})"
            ) from err
        raise


@dataclasses.dataclass(frozen=True, slots=True)
class Identity:
    """What :func:`link` needs to know about a card of the current build."""

    key: str
    """Family-prefixed identity key (:func:`state_key`)."""
    rule: str
    """Extraction rule name."""
    source: str
    """Note file relative to the notes root."""
    term: str = ""
    """Folded :attr:`Card.term` (the term asked about), when the rule names one."""


def link(cards: Sequence[Identity], state: State) -> list[Entry | None]:
    """For each card, the state entry it continues, or None for a new card.

    Each entry is used at most once. First every card takes an entry with the same key (so a
    renamed or moved note keeps its GUID, since neither file nor deck is part of the key); then a
    card still unmatched takes the most similar unclaimed entry of the same note type family,
    rule and source file when the similarity of their questions, or of their terms, reaches
    :data:`RELINK_THRESHOLD` (a reworded question). Ties are broken by card order and entry position, so linking is deterministic.
    """
    by_key: dict[str, list[Entry]] = {}
    for entry in state.entries:
        by_key.setdefault(entry.key, []).append(entry)
    result: list[Entry | None] = [None] * len(cards)
    claimed: set[str] = set()
    for i, card in enumerate(cards):
        for entry in by_key.get(card.key, ()):
            if entry.guid not in claimed:
                result[i] = entry
                claimed.add(entry.guid)
                break

    # Re-link only within one (family, rule, file) bucket: similar questions from other files or
    # rules are different cards, and the buckets keep the pairwise comparison small.
    orphans: dict[tuple[str, str, str], list[Entry]] = {}
    for entry in state.entries:
        if entry.guid not in claimed:
            orphans.setdefault((entry.model, entry.rule, entry.source), []).append(entry)
    pairs: list[tuple[float, int, int, Entry]] = []
    for i, card in enumerate(cards):
        if result[i] is not None:
            continue
        family, _, text = card.key.partition(":")
        for entry in orphans.get((family, card.rule, card.source), ()):
            score = similarity(text, entry.key.partition(":")[2])
            if card.term and entry.term:
                # The rule may phrase the same term's question differently from one build to
                # the next ("什么是动量？" / "优化中的动量是什么？"): the term is the better witness.
                score = max(score, similarity(card.term, entry.term))
            if score >= RELINK_THRESHOLD:
                pairs.append((-score, i, entry.position, entry))
    for _score, i, _position, entry in sorted(pairs, key=lambda p: p[:3]):
        if result[i] is None and entry.guid not in claimed:
            result[i] = entry
            claimed.add(entry.guid)
    return result

"""The guard around the state file (``notecards-state.json``, format in :mod:`notecards.state`).

The state file is the only record of which card is which Anki note; losing it silently strands
review history on old notes (reworded cards get new GUIDs), and another project's file copied in
would retire all of its cards into this output folder. So:

* a file that cannot be read or does not validate is never taken for an empty state: the
  previous version, kept beside it as ``notecards-state.json.bak``, is read instead (with a
  warning), and when that fails too the build stops with :class:`StateFileError` naming the
  file, what is wrong (down to the field: ``cards[3].guid: expected a string, got 12``) and the
  two ways on: restore the file, or ``--reset-state``;
* the file records the notes folder it belongs to, and one of another notes folder stops the
  build the same way. A notes folder that was moved or renamed is still recognised: the file
  belongs to this one when it names it, or when most of its cards' notes are among this build's
  notes (files written before the folder was recorded are judged by that alone);
* ``--reset-state`` sets the file aside under a timestamped name (:func:`set_aside`) and starts
  afresh.

Saving (:func:`notecards.state.save_state`) is atomic and first keeps the version it replaces as
the ``.bak`` — unless that version was the damaged one, so a good backup is never overwritten by
a bad file.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from collections.abc import Set
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from notecards.errors import OutputError, StateFileError
from notecards.export.state import STATE_FILE, STATE_VERSION, DeckStamp, Entry, State

log = logging.getLogger(__name__)

BACKUP_FILE = STATE_FILE + ".bak"
"""The previous version of the state file, read when the current one is damaged."""
RESET_PREFIX = STATE_FILE + ".reset-"
"""A state file set aside by ``--reset-state`` is renamed to this plus the time."""
BELONGS_SHARE = 0.5
"""A state file that does not name this notes folder belongs to it when at least this share of
its live cards' notes are among this build's notes (the folder was moved or renamed)."""

_MODELS = ("basic", "cloze")
_STR_FIELDS = ("guid", "key", "rule", "source", "deck", "home_deck", "hash", "input_hash", "term")
_INT_FIELDS = ("position", "first_seen", "last_changed", "retired")
_LIST_FIELDS = ("heading", "fields", "tags")


@dataclass(frozen=True, slots=True)
class Loaded:
    """A state read by :func:`load`, and where it came from."""

    state: State
    origin: str
    """``file`` (the state file), ``backup`` (its ``.bak``: the file was damaged) or ``none``."""


def load(out_dir: Path) -> Loaded:
    """The state of ``out_dir``: from the state file, else from its backup when the file is
    damaged (a warning says so), else empty when there is none. Raises :class:`StateFileError`
    when neither can be used, and :class:`OutputError` when it was written by a newer notecards."""
    path = out_dir / STATE_FILE
    if not os.path.lexists(path):
        return Loaded(State(), "none")
    if path.is_dir():  # the backup could be read, but the new state could not be written
        raise _stop(path, "a folder, not the state file", "it cannot be replaced")
    try:
        return Loaded(parse(path), "file")
    except _Invalid as damaged:
        backup = out_dir / BACKUP_FILE
        try:
            state = parse(backup)
        except FileNotFoundError:
            raise _stop(path, str(damaged), f"there is no {BACKUP_FILE} to read instead") from None
        except _Invalid as also:
            raise _stop(path, str(damaged), f"its backup {BACKUP_FILE} too: {also}") from None
        log.warning("%s: %s; read the previous version from %s instead", path, damaged, backup)
        return Loaded(state, "backup")


def load_for(out_dir: Path, root: Path, rel_paths: Set[str], *, reset: bool) -> Loaded:
    """The state a build of the notes ``rel_paths`` of ``root`` starts from: none with
    ``reset``, else what :func:`load` reads, if :func:`check_belongs` lets it."""
    if reset:
        return Loaded(State(), "none")
    loaded = load(out_dir)
    check_belongs(out_dir, loaded.state, root, rel_paths)
    return loaded


def check_belongs(out_dir: Path, state: State, root: Path, rel_paths: Set[str]) -> None:
    """Raise :class:`StateFileError` unless ``state`` belongs to the notes folder ``root`` whose
    notes this build read (``rel_paths``; see the module docstring)."""
    if not state.entries or state.notes == os.path.abspath(root):
        return
    live = {e.source for e in state.entries if not e.retired} or {e.source for e in state.entries}
    if len(live & rel_paths) >= BELONGS_SHARE * len(live):
        return
    owner = f"the notes folder {state.notes}" if state.notes else "another notes folder"
    shared = len(live & rel_paths)
    raise _stop(
        out_dir / STATE_FILE,
        f"it belongs to {owner}, not to {root} ({shared} of the {len(live)} notes its cards "
        f"come from are here)",
        "",
    )


def set_aside(out_dir: Path, now: float | None = None) -> Path | None:
    """Rename the state file of ``out_dir`` (if any) to a timestamped name and return that."""
    path = out_dir / STATE_FILE
    if not os.path.lexists(path):
        return None
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    target = out_dir / f"{RESET_PREFIX}{stamp}"
    n = 1
    while os.path.lexists(target):
        n += 1
        target = out_dir / f"{RESET_PREFIX}{stamp}-{n}"
    try:
        os.replace(path, target)
    except OSError as err:
        raise OutputError(
            f"{path}: cannot set the state file aside ({err.strerror or err})"
        ) from err
    log.warning("%s: set aside as %s; starting afresh", path, target.name)
    return target


def keep_backup(out_dir: Path) -> None:
    """Make the state file's current version its ``.bak`` (a hard link where the disk allows,
    so nothing is copied), before a new version replaces it."""
    path, backup = out_dir / STATE_FILE, out_dir / BACKUP_FILE
    if not path.is_file():
        return
    partial = out_dir / f".notecards-state-{os.getpid()}-bak.tmp"  # swept if a kill leaves it
    try:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        try:
            os.link(path, partial)
        except OSError:
            partial.write_bytes(path.read_bytes())
        os.replace(partial, backup)
    except OSError as err:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise OutputError(
            f"{backup}: cannot keep the state backup ({err.strerror or err})"
        ) from err


class _Invalid(Exception):  # noqa: N818  (internal: becomes a StateFileError or a fallback)
    """Why a state file cannot be used (one line, naming the field when one is wrong)."""


def _stop(path: Path, reason: str, more: str) -> StateFileError:
    detail = f"{reason}; {more}" if more else reason
    return StateFileError(
        f"{path}: {detail}. This file records which card is which Anki note; building without it "
        f"would give reworded cards new notes and strand their review history. Either restore "
        f"the right file, or run again with --reset-state to start afresh (the file is kept as "
        f"{RESET_PREFIX}<time>)."
    )


def parse(path: Path) -> State:
    """Read and validate one state file; raises ``_Invalid`` (or :class:`FileNotFoundError`, or
    :class:`OutputError` for a newer version)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise
    except OSError as err:
        raise _Invalid(f"cannot be read ({err.strerror or err})") from None
    if not data.strip():
        raise _Invalid("the file is empty")
    try:
        obj = json.loads(data)
    except (ValueError, RecursionError) as err:
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise _Invalid(f"not valid JSON ({reason})") from None
    return from_json(obj, path)


def from_json(obj: Any, path: Path) -> State:
    """The :class:`State` a parsed state file holds; ``_Invalid`` names the first wrong field."""
    if not isinstance(obj, dict):
        raise _Invalid(f"expected a JSON object, got {_kind(obj)}")
    version = obj.get("version")
    if _is_int(version) and version > STATE_VERSION:
        raise OutputError(
            f"{path}: written by a newer notecards (state version {version}, this one reads "
            f"{STATE_VERSION}); upgrade notecards, or delete the file to start afresh"
        )
    if version != STATE_VERSION:
        raise _Invalid(f"version: expected {STATE_VERSION}, got {_shown(version)}")
    notes, next_position = obj.get("notes", ""), obj.get("next_position")
    cards, decks = obj.get("cards"), obj.get("decks", [])
    if not isinstance(notes, str):
        raise _wrong("notes", "a string", notes)
    if not _is_int(next_position):
        raise _wrong("next_position", "an integer", next_position)
    if not isinstance(cards, list):
        raise _wrong("cards", "a list", cards)
    if not isinstance(decks, list):
        raise _wrong("decks", "a list", decks)
    entries = tuple(_entry(card, f"cards[{i}]") for i, card in enumerate(cards))
    seen: dict[str, int] = {}
    for i, entry in enumerate(entries):
        if entry.guid in seen:
            raise _Invalid(f"cards[{i}].guid: the same as cards[{seen[entry.guid]}].guid")
        seen[entry.guid] = i
    stamps = tuple(_deck(deck, f"decks[{i}]") for i, deck in enumerate(decks))
    return State(entries, stamps, next_position, notes)


def _entry(obj: Any, where: str) -> Entry:
    _expect(isinstance(obj, dict), where, "an object", obj)
    for name in (*_STR_FIELDS, "model", *_INT_FIELDS, *_LIST_FIELDS, "cloze", "media"):
        if name not in obj:
            raise _Invalid(f"{where}.{name}: missing")
    for name in _STR_FIELDS:
        _expect(isinstance(obj[name], str), f"{where}.{name}", "a string", obj[name])
    model = obj["model"]
    _expect(model in _MODELS, f"{where}.model", "basic or cloze", model)
    for name in _INT_FIELDS:
        _expect(_is_int(obj[name]), f"{where}.{name}", "an integer", obj[name])
    for name in _LIST_FIELDS:
        value = obj[name]
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        _expect(ok, f"{where}.{name}", "a list of strings", value)
    cloze = obj["cloze"]
    ok = isinstance(cloze, dict) and all(_is_int(v) for v in cloze.values())
    _expect(ok, f"{where}.cloze", "an object of integers", cloze)
    media = obj["media"]
    ok = isinstance(media, list) and all(_is_media(m) for m in media)
    _expect(ok, f"{where}.media", "a list of [name, file, size, mtime_ns]", media)
    return Entry(
        **{name: obj[name] for name in (*_STR_FIELDS, "model", *_INT_FIELDS)},
        heading=tuple(obj["heading"]),
        fields=tuple(obj["fields"]),
        tags=tuple(obj["tags"]),
        cloze=tuple(sorted(cloze.items())),
        media=tuple((m[0], m[1], m[2], m[3]) for m in media),
    )


def _deck(obj: Any, where: str) -> DeckStamp:
    _expect(isinstance(obj, dict), where, "an object", obj)
    for name, check, expected in (
        ("file", _is_name, "a file name"),
        ("deck", _is_str, "a string"),
        ("hash", _is_str, "a string"),
        ("size", _is_int, "an integer"),
        ("mtime_ns", _is_int, "an integer"),
    ):
        _expect(check(obj.get(name)), f"{where}.{name}", expected, obj.get(name))
    return DeckStamp(obj["file"], obj["deck"], obj["hash"], obj["size"], obj["mtime_ns"])


def _expect(ok: bool, where: str, expected: str, value: object) -> None:
    if not ok:
        raise _wrong(where, expected, value)


def _wrong(where: str, expected: str, value: object) -> _Invalid:
    return _Invalid(f"{where}: expected {expected}, got {_shown(value)}")


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_str(value: object) -> bool:
    return isinstance(value, str)


def _is_name(value: object) -> bool:
    """A plain file name, as :func:`notecards.export.output_folder.deck_file_name` makes them: a stale package
    is deleted by name, so a name must never lead out of the output folder."""
    return (
        isinstance(value, str)
        and value not in ("", ".", "..")
        and not any(sep in value for sep in "/\\")
    )


def _is_media(value: object) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 4
        and isinstance(value[0], str)
        and isinstance(value[1], str)
        and _is_int(value[2])
        and _is_int(value[3])
    )


def _kind(value: object) -> str:
    for kind, name in ((dict, "an object"), (list, "a list"), (str, "a string")):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def _shown(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False) if value is not None else "nothing"
    return text if len(text) <= 40 else text[:37] + "…"


def load_state(out_dir: Path) -> State:
    """Read the state file of ``out_dir`` (empty when there is none), or its backup when it is
    damaged (:func:`load`).

    Raises :class:`~notecards.errors.StateFileError` when neither can be used, and
    :class:`OutputError` when the file was written by a newer notecards, because overwriting it
    would throw away what that version knows.
    """
    return load(out_dir).state

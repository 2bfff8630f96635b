"""Export planning: the cards of a build + the state file → the notes each package ships.

For every card this decides its GUID (:func:`notecards.export.state.link`), its note content
(rendered or reused: :mod:`notecards.export.render`), whether it is new, changed, unchanged or
moved, its position and its modification time; it adds the cards that vanished (retired) and
returns the next state. Nothing here touches the disk except reading images;
:mod:`notecards.export.export` writes the result.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from notecards.export import render
from notecards.export.anki_model import PackageNote
from notecards.export.media import MAX_MEDIA_BYTES, MediaFile, MediaPacker
from notecards.export.render import RETIRED_TAG, content_hash
from notecards.export.state import (
    KEEP_RETIRED_DAYS,
    Entry,
    Identity,
    State,
    guid_for,
    link,
    model_family,
    state_key,
)
from notecards.export.textkey import fold_for_identity
from notecards.model import Card, NoteResult
from notecards.patterns import SPACES

DAY = 86_400
"""Seconds in a day (``--keep-retired-days`` counts days)."""


@dataclass(frozen=True, slots=True)
class PlannedNote:
    """One note a package will ship, with what the build knows about it."""

    note: PackageNote
    """The note exactly as written."""
    top: str
    """Top-level deck (category): which package ships it."""
    status: str
    """``new``, ``changed``, ``unchanged``, ``moved`` or ``retired``."""
    collision: bool = False
    """Its question's identity key was already taken by a different card of this build."""
    media: tuple[MediaFile, ...] = ()
    """Images its fields reference."""
    warnings: tuple[str, ...] = ()
    """Problems met while rendering it (images missing or refused), naming the file and line."""
    change: str = ""
    """A report line for retired, moved or colliding cards; empty otherwise."""


def top_deck(deck: str) -> str:
    """The category of a deck name: the part before the first ``::``."""
    return deck.split("::", 1)[0]


def _fresh_guid(key: str, taken: set[str]) -> str:
    """The key's GUID, or a variant when an earlier card (or a re-linked one) holds it."""
    guid, n = guid_for(key), 1
    while guid in taken:
        n += 1
        guid = guid_for(f"{key}\x1f{n}")
    taken.add(guid)
    return guid


class Memo:
    """Per-card results one export reuses: it plans twice when it changes something (to prove
    the next build steady), and equal cards hash equal. One per export, dropped with it."""

    __slots__ = ("fold", "input_hash", "state_key")

    def __init__(self) -> None:
        self.state_key = functools.cache(state_key)
        """:func:`~notecards.export.state.state_key`, memoised."""
        self.fold = functools.cache(fold_for_identity)
        """:func:`~notecards.export.textkey.fold_for_identity`, memoised."""
        self.input_hash = functools.cache(render.input_hash)
        """:func:`~notecards.export.render.input_hash`, memoised."""


def _unique(cards: Sequence[Card], memo: Memo) -> list[tuple[Card, str]]:
    """Cards with their state keys, exact repeats (same key, kind, front and back) dropped."""
    seen: set[tuple[str, str, str, str]] = set()
    out = []
    for card in cards:
        key = memo.state_key(card)
        signature = (key, card.kind.value, card.front, card.back)
        if signature not in seen:
            seen.add(signature)
            out.append((card, key))
    return out


def plan(
    notes: Sequence[NoteResult],
    state: State,
    now: int,
    *,
    root: Path,
    retire_orphans: bool = True,
    max_media_bytes: int = MAX_MEDIA_BYTES,
    keep_retired_days: int = KEEP_RETIRED_DAYS,
    memo: Memo | None = None,
) -> tuple[list[PlannedNote], State]:
    """Decide every note of this build and the state that follows it (see the module docstring).

    A card that left the notes is retired: tagged ``notecards::retired`` with a newer time, and
    (unless ``retire_orphans`` is False) shipped by this build and by every build for
    ``keep_retired_days`` days after it left, unchanged, so the tag still reaches Anki when a
    build was never imported or a sync failed (0: shipped by the retiring build only).

    ``now`` (epoch seconds) is the time stamped on what changes; a change always gets a time
    later than the note's previous one, so Anki sees it as newer even within one second. Images
    are packed only from inside ``root`` and up to ``max_media_bytes`` each (:mod:`notecards.export.media`).
    ``memo`` carries per-card results from an earlier plan of the same export.
    """
    memo = memo or Memo()
    cards = _unique([card for note in notes for card in note.cards], memo)
    terms = [memo.fold(c.term) for c, _key in cards]
    links = link(
        [Identity(key, c.rule, c.source.path, term) for (c, key), term in zip(cards, terms)], state
    )
    packer = MediaPacker(root, max_media_bytes)
    taken = set(state.guids)
    keys_seen: set[str] = set()
    planned: list[PlannedNote] = []
    entries: dict[str, Entry] = dict(state.guids)
    next_position = state.next_position
    for (card, key), linked, term in zip(cards, links, terms):
        # A new card gets a GUID from its key, the next position and "now" as its first time.
        entry = linked or Entry(
            guid=_fresh_guid(key, taken),
            key=key,
            model=model_family(card),
            rule=card.rule,
            source=card.source.path,
            heading=card.source.heading_path,
            deck=card.deck,
            home_deck=card.deck,
            position=next_position,
            first_seen=now,
            last_changed=now,
            hash="",
        )
        next_position += linked is None
        hash_inputs = memo.input_hash
        out = render.reuse(card, entry, packer, hash_inputs) or render.render_card(
            card, entry, root, packer, hash_inputs
        )
        if linked is None:
            status = "new"
        elif entry.deck != card.deck:
            status = "moved"
        else:
            status = "unchanged" if entry.hash == out.hash else "changed"
        changed = status in ("moved", "changed")
        # Made field by field: dataclasses.replace costs ~15 µs a card, a third of a warm plan.
        entries[entry.guid] = Entry(
            guid=entry.guid,
            key=key,
            model=entry.model,
            rule=card.rule,
            source=card.source.path,
            heading=card.source.heading_path,
            deck=card.deck,
            home_deck=entry.home_deck,
            position=entry.position,
            first_seen=entry.first_seen,
            last_changed=max(now, entry.last_changed + 1) if changed else entry.last_changed,
            hash=out.hash,
            fields=out.fields,
            tags=out.tags,
            cloze=out.cloze,
            retired=0,
            input_hash=out.input_hash,
            media=out.media_stats,
            term=term,
        )
        collision = key in keys_seen
        keys_seen.add(key)
        planned.append(
            PlannedNote(
                note=_package_note(entries[entry.guid], card.deck),
                top=top_deck(card.deck),
                status=status,
                collision=collision,
                media=out.media,
                warnings=tuple(f"{_where(card)}: {problem}" for problem in out.missing),
                change=_change_line(card, entry, status, collision),
            )
        )
    claimed = {p.note.guid for p in planned}
    orphans = [e for e in state.entries if e.guid not in claimed]
    keep_until = now - keep_retired_days * DAY
    for entry in sorted(orphans, key=lambda e: e.position):
        if entry.retired:
            # Shipped again as it was (same tags and time: "unchanged" to Anki and to the
            # steady check) while it is recent: an earlier package may never have been imported.
            if retire_orphans and entry.retired > keep_until:
                planned.append(
                    PlannedNote(_package_note(entry, entry.deck), top_deck(entry.deck), "unchanged")
                )
            continue
        retired = _retire(entry, now)
        entries[entry.guid] = retired
        if retire_orphans:
            planned.append(
                PlannedNote(
                    note=_package_note(retired, retired.deck),
                    top=top_deck(retired.deck),
                    status="retired",
                    change=f"retired: {question(retired)} ({retired.source})",
                )
            )
    ordered = tuple(sorted(entries.values(), key=lambda e: e.position))
    return planned, State(ordered, state.decks, next_position, state.notes)


def _retire(entry: Entry, now: int) -> Entry:
    """The entry of a card that left the notes: tagged, with a newer time so the tag lands."""
    tags = tuple(sorted({*entry.tags, RETIRED_TAG}))
    mod = max(now, entry.last_changed + 1)
    content = content_hash(entry.fields, tags)
    return dataclasses.replace(entry, retired=now, last_changed=mod, tags=tags, hash=content)


def _where(card: Card) -> str:
    return f"{card.source.path}:{card.source.line}"


def _change_line(card: Card, entry: Entry, status: str, collision: bool) -> str:
    if status != "moved" and not collision:
        return ""
    asked = SPACES.sub(" ", card.front)[:60]
    if status == "moved":
        return f"moved: {asked} ({_where(card)}): {entry.deck} → {card.deck}"
    return f"collision: {asked} ({_where(card)}) has the same question as an earlier card"


def question(entry: Entry) -> str:
    """A card's question as plain text on one line (at most 60 characters), for reports."""
    text = re.sub(r"<[^>]+>", "", entry.fields[0]) if entry.fields else entry.key
    return SPACES.sub(" ", html.unescape(text))[:60]


def _package_note(entry: Entry, deck: str) -> PackageNote:
    # Anki shows a note id as its creation time in ms. first_seen + position seconds is unique
    # and only grows (both parts do), and leaves 999 ids after it for the note's cards.
    note_id = (entry.first_seen + entry.position) * 1000
    return PackageNote(
        entry.guid,
        entry.model,
        entry.fields,
        entry.tags,
        deck,
        entry.last_changed,
        note_id,
        entry.position,
    )

"""Export planning: the cards of a build + the state file → the notes each package ships.

For every card this decides its GUID (:func:`notecards.export.state.link`), its cloze numbering, its
rendered fields, tags and media, whether it is new, changed, unchanged or moved, and its
modification time; it adds the cards that vanished (retired) and returns the next state. Nothing
here touches the disk except reading images; :mod:`notecards.export.export` writes the result.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from notecards import __version__
from notecards.export import highlight
from notecards.export.anki_model import PackageNote
from notecards.export.face import reverse_prompt, source_html
from notecards.export.media import MAX_MEDIA_BYTES, MediaFile, MediaPacker, html_images_to_markdown
from notecards.export.state import (
    KEEP_RETIRED_DAYS,
    Entry,
    Identity,
    State,
    file_unchanged,
    guid_for,
    link,
    model_family,
    state_key,
)
from notecards.export.textkey import fold_for_identity, number_clozes
from notecards.model import Card, CardKind, NoteResult
from notecards.parse import to_html

RETIRED_TAG = "notecards::retired"
"""Tag of a card whose source disappeared; find them in Anki with ``tag:notecards::retired``."""
MOVED_TAG = "notecards::moved"
"""Tag of a card whose category changed after Anki placed it (an import never moves cards;
``notecards sync`` does, and the tag stays as a record of the change)."""

_PRE = re.compile(r"(<pre\b[\s\S]*?</pre>)")
_SOFT_BREAK = re.compile(r"(?<=[^>\n])\n(?=[^<\n])")
"""A line break between two pieces of text (not between tags): a list line or a hard wrap."""
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters; \x1f in particular would split an Anki note's fields."""

_DAY = 86400

RENDER_VERSION = 2
"""Part of every card's input hash: bump it when rendering changes, so every card is re-rendered.
2: highlighted code, headings of the source line as plain text, the reversed card's prompt."""


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


def tag(text: str) -> str:
    """An Anki tag from free text: whitespace becomes ``_`` (Anki splits tags on spaces)."""
    return _SPACE.sub("_", text.strip())


def top_deck(deck: str) -> str:
    """The category of a deck name: the part before the first ``::``."""
    return deck.split("::", 1)[0]


def render(
    text: str, note_dir: Path, packer: MediaPacker
) -> tuple[str, list[MediaFile], list[str]]:
    """Card Markdown → Anki HTML: images packed, math as MathJax, line breaks kept, code with a
    language highlighted (:mod:`notecards.export.highlight`).

    Returns the HTML, the media it references and a problem line per image reference that was
    not packed (see :meth:`MediaPacker.rewrite`).
    """
    rendered = highlight.highlight_blocks(to_html(html_images_to_markdown(_CONTROL.sub("", text))))
    # to_html keeps a single newline as a soft break, which HTML shows as a space; card text uses
    # "\n" between list lines, so outside <pre> it becomes <br>.
    rendered = "".join(
        part if part.startswith("<pre") else _SOFT_BREAK.sub("<br>\n", part)
        for part in _PRE.split(rendered)
    )
    return packer.rewrite(rendered, note_dir)


_JSON = json.JSONEncoder(ensure_ascii=False)
"""``json.dumps(…, ensure_ascii=False)`` without making an encoder per call (the hashes stored
in the state depend on these exact bytes)."""


def _content_hash(*parts: object) -> str:
    return hashlib.sha256(_JSON.encode(parts).encode()).hexdigest()


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
        self.input_hash = functools.cache(_input_hash)
        """:func:`_input_hash`, memoised."""


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


@dataclass(frozen=True, slots=True)
class _Rendered:
    """A card's note content, rendered now or reused from the state."""

    fields: tuple[str, ...]
    tags: tuple[str, ...]
    hash: str
    """Content hash without the line number (see :func:`_render_card`)."""
    cloze: tuple[tuple[str, int], ...]
    input_hash: str
    """Hash of everything rendering reads, to reuse the result next build."""
    media: tuple[MediaFile, ...] = ()
    media_stats: tuple[tuple[str, str, int, int], ...] = ()
    missing: tuple[str, ...] = ()
    """A problem line per image reference not packed (missing or refused)."""


def _input_hash(card: Card, cloze: tuple[tuple[str, int], ...], home: str) -> str:
    source = card.source
    return _content_hash(
        RENDER_VERSION,
        __version__,
        highlight.engine_version(),
        card.kind.value,
        card.front,
        card.back,
        card.rule,
        [source.path, source.heading_path, source.line],
        card.deck,
        card.tags,
        home,
        cloze,
    )


def _reuse(card: Card, entry: Entry, packer: MediaPacker, memo: Memo) -> _Rendered | None:
    """The entry's last rendering when nothing it was made from changed (warm rebuilds render
    nothing: markdown-it costs ~70 µs a field). Images are checked by size and mtime, and must
    still be what the packer accepts (the state file may be older than that check, or foreign)."""
    if entry.retired or entry.input_hash != memo.input_hash(card, entry.cloze, entry.home_deck):
        return None
    for _name, path, size, mtime_ns in entry.media:
        if not (file_unchanged(path, size, mtime_ns) and packer.vouches(Path(path), size)):
            return None
    media = tuple(MediaFile(name, Path(path)) for name, path, _size, _mtime in entry.media)
    return _Rendered(
        entry.fields, entry.tags, entry.hash, entry.cloze, entry.input_hash, media, entry.media
    )


def _render_card(
    card: Card, entry: Entry, root: Path, packer: MediaPacker, memo: Memo
) -> _Rendered:
    """Render a card's fields and tags and hash its content."""
    family, home = model_family(card), entry.home_deck
    front, cloze = card.front, entry.cloze
    if card.kind is CardKind.CLOZE:
        front, cloze = number_clozes(front, cloze)
    note_dir = (root / card.source.path).parent
    front_html, media, missing = render(front, note_dir, packer)
    back_html, back_media, back_missing = render(card.back, note_dir, packer)
    body = [front_html, back_html]
    if family == "basic":
        body.append(reverse_prompt(card))
    rule = html.escape(card.rule)
    fields = (*body, source_html(card.source, True), rule)

    tags = {tag(card.deck), tag(f"notecards::file::{card.source.path}")}
    tags |= {tag(f"notecards::rule::{card.rule}"), *(tag(t) for t in card.tags if t.strip())}
    if home != card.deck:
        tags.add(MOVED_TAG)
    # Anki treats tags case-insensitively and would merge "Dropout" and "dropout": keep one.
    unique: dict[str, str] = {}
    for name in sorted(tags):
        unique.setdefault(name.casefold(), name)
    sorted_tags = tuple(sorted(unique.values()))
    # The line number is left out: a line inserted above a card must not count as a change
    # (Anki would overwrite the user's own edits of that note for nothing).
    content = _content_hash(
        family, body, source_html(card.source, False), rule, sorted_tags, card.deck
    )
    files = tuple({m.name: m for m in media + back_media}.values())
    stats = []
    for m in files:
        info = m.path.stat()
        stats.append((m.name, str(m.path), info.st_size, info.st_mtime_ns))
    return _Rendered(
        fields,
        sorted_tags,
        content,
        cloze,
        # A card with a missing or refused image is rendered every build, so the image is looked
        # for again.
        "" if missing or back_missing else memo.input_hash(card, cloze, home),
        files,
        tuple(stats),
        tuple(missing + back_missing),
    )


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
        out = _reuse(card, entry, packer, memo) or _render_card(card, entry, root, packer, memo)
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
    keep_until = now - keep_retired_days * _DAY
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
    content = _content_hash(entry.fields, tags)
    return dataclasses.replace(entry, retired=now, last_changed=mod, tags=tags, hash=content)


def _where(card: Card) -> str:
    return f"{card.source.path}:{card.source.line}"


def _change_line(card: Card, entry: Entry, status: str, collision: bool) -> str:
    if status != "moved" and not collision:
        return ""
    asked = _SPACE.sub(" ", card.front)[:60]
    if status == "moved":
        return f"moved: {asked} ({_where(card)}): {entry.deck} → {card.deck}"
    return f"collision: {asked} ({_where(card)}) has the same question as an earlier card"


def question(entry: Entry) -> str:
    """A card's question as plain text on one line (at most 60 characters), for reports."""
    text = re.sub(r"<[^>]+>", "", entry.fields[0]) if entry.fields else entry.key
    return _SPACE.sub(" ", html.unescape(text))[:60]


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

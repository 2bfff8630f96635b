"""Rendering: a card → its note's content (HTML fields, tags, content hash), or the last rendering
reused from the state when nothing it was made from changed.

The fields are the front and back as Anki HTML (:func:`render`: images packed, math as MathJax,
code highlighted), the reversed card's prompt and the source line (:mod:`notecards.export.face`)
and the rule; the tags name the deck, the file and the rule. :mod:`notecards.export.plan` calls
:func:`reuse` or :func:`render_card` for every card of a build.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from notecards import __version__
from notecards.export import highlight
from notecards.export.face import reverse_prompt, source_html
from notecards.export.media import MediaFile, MediaPacker, html_images_to_markdown
from notecards.export.state import Entry, file_unchanged, model_family
from notecards.export.textkey import number_clozes
from notecards.model import Card, CardKind
from notecards.parse import to_html
from notecards.patterns import SPACES

RETIRED_TAG = "notecards::retired"
"""Tag of a card whose source disappeared; find them in Anki with ``tag:notecards::retired``."""
MOVED_TAG = "notecards::moved"
"""Tag of a card whose category changed after Anki placed it (an import never moves cards;
``notecards sync`` does, and the tag stays as a record of the change)."""

_PRE = re.compile(r"(<pre\b[\s\S]*?</pre>)")
_SOFT_BREAK = re.compile(r"(?<=[^>\n])\n(?=[^<\n])")
"""A line break between two pieces of text (not between tags): a list line or a hard wrap."""
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters; \x1f in particular would split an Anki note's fields."""

RENDER_VERSION = 2
"""Part of every card's input hash: bump it when rendering changes, so every card is re-rendered.
2: highlighted code, headings of the source line as plain text, the reversed card's prompt."""


def tag(text: str) -> str:
    """An Anki tag from free text: whitespace becomes ``_`` (Anki splits tags on spaces)."""
    return SPACES.sub("_", text.strip())


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


def content_hash(*parts: object) -> str:
    """The hash of a note's content as stored in the state (``parts`` as one JSON array)."""
    return hashlib.sha256(_JSON.encode(parts).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Rendered:
    """A card's note content, rendered now or reused from the state."""

    fields: tuple[str, ...]
    tags: tuple[str, ...]
    hash: str
    """Content hash without the line number (see :func:`render_card`)."""
    cloze: tuple[tuple[str, int], ...]
    input_hash: str
    """Hash of everything rendering reads, to reuse the result next build."""
    media: tuple[MediaFile, ...] = ()
    media_stats: tuple[tuple[str, str, int, int], ...] = ()
    missing: tuple[str, ...] = ()
    """A problem line per image reference not packed (missing or refused)."""


def input_hash(card: Card, cloze: tuple[tuple[str, int], ...], home: str) -> str:
    """Hash of everything rendering ``card`` reads (its cloze numbers and home deck included), to
    reuse the rendering next build."""
    source = card.source
    return content_hash(
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


InputHash = Callable[[Card, tuple[tuple[str, int], ...], str], str]
""":func:`input_hash`, or a memo of it (:class:`notecards.export.plan.Memo`)."""


def reuse(card: Card, entry: Entry, packer: MediaPacker, hash_inputs: InputHash) -> Rendered | None:
    """The entry's last rendering when nothing it was made from changed (warm rebuilds render
    nothing: markdown-it costs ~70 µs a field). Images are checked by size and mtime, and must
    still be what the packer accepts (the state file may be older than that check, or foreign)."""
    if entry.retired or entry.input_hash != hash_inputs(card, entry.cloze, entry.home_deck):
        return None
    for _name, path, size, mtime_ns in entry.media:
        if not (file_unchanged(path, size, mtime_ns) and packer.vouches(Path(path), size)):
            return None
    media = tuple(MediaFile(name, Path(path)) for name, path, _size, _mtime in entry.media)
    return Rendered(
        entry.fields, entry.tags, entry.hash, entry.cloze, entry.input_hash, media, entry.media
    )


def render_card(
    card: Card, entry: Entry, root: Path, packer: MediaPacker, hash_inputs: InputHash
) -> Rendered:
    """Render a card's fields and tags and hash its content (``hash_inputs``: :func:`input_hash`)."""
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
    content = content_hash(
        family, body, source_html(card.source, False), rule, sorted_tags, card.deck
    )
    files = tuple({m.name: m for m in media + back_media}.values())
    stats = []
    for m in files:
        info = m.path.stat()
        stats.append((m.name, str(m.path), info.st_size, info.st_mtime_ns))
    return Rendered(
        fields,
        sorted_tags,
        content,
        cloze,
        # A card with a missing or refused image is rendered every build, so the image is looked
        # for again.
        "" if missing or back_missing else hash_inputs(card, cloze, home),
        files,
        tuple(stats),
        tuple(missing + back_missing),
    )

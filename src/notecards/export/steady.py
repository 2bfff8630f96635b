"""Steady rebuilds: the export's record that exporting the same inputs again changes nothing.

Planning a warm build costs more than the rest of the export (every card is keyed, linked and
checked against the state). So when a build finds that exporting its inputs again would change
nothing — every card unchanged, no package to rewrite, the state as it saves it, no retired card
to ship, no image missing (:func:`prove`) — :mod:`notecards.export.export` records that fact
(:class:`Steady`) beside the state file (``notecards-steady.json``): a digest of the inputs
(:func:`inputs_digest`), the packages' and
images' sizes and mtimes, and the reports such a rebuild gives. The next build whose inputs have
that digest, finding the state file (:func:`notecards.export.state.read_steady` checks it was not
edited), the packages and the images as recorded (:func:`intact`), returns those reports
(:func:`reports`) without planning. Anything that cannot be shown unchanged takes the full path.

The record's JSON form (``"steady"`` in ``notecards-steady.json``, beside the state file's digest)::

    {
      "inputs": "…",                # inputs_digest of the build that made it
      "decks": [                    # each package and the report a rebuild gives for it
        {"deck": "机器学习", "file": "机器学习.apkg", "size": 1234, "mtime_ns": 0, "cards": 12,
         "counts": {"new": 0, "changed": 0, "unchanged": 12, …}, "changes": ["collision: …"]}
      ],
      "media": [["/notes/ml/fig.png", 1234, 1700000000000000000]],  # images the cards show
      "until": 1700000000          # optional: holds before this time only (a retired card then
    }                              # leaves its package: the build changes it)
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import operator
import os
import typing
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from notecards import __version__
from notecards.export import anki_model, package
from notecards.export.output_folder import file_names
from notecards.export.plan import DAY, PlannedNote
from notecards.export.state import STATE_VERSION, State, file_unchanged, read_steady
from notecards.model import Card, DeckReport, NoteResult
from notecards.runner import fingerprint

INPUTS_VERSION = 2
"""Part of :func:`inputs_digest`: bump it when what the digest covers changes."""


@dataclasses.dataclass(frozen=True, slots=True)
class SteadyDeck:
    """One package of a steady build, and the report a rebuild gives for it."""

    deck: str
    """Top-level deck name."""
    file: str
    """File name inside the output folder."""
    size: int
    """File size as written; with ``mtime_ns`` it tells whether the file was touched since."""
    mtime_ns: int
    """File modification time as written."""
    cards: int
    """Notes in the package."""
    counts: tuple[tuple[str, int], ...]
    """The report's change counts, in report order."""
    changes: tuple[str, ...]
    """The report's change lines (collisions: a steady build has nothing else to report)."""


@dataclasses.dataclass(frozen=True, slots=True)
class Steady:
    """Proof that exporting the inputs with digest :attr:`inputs` onto the state file it is
    saved with changes nothing, while the packages and images are as recorded."""

    inputs: str
    """:func:`inputs_digest` of the build that made the record."""
    decks: tuple[SteadyDeck, ...]
    """The packages and their reports, in report (deck-name) order."""
    media: tuple[tuple[str, int, int], ...] = ()
    """(file, size, mtime_ns) of every image the live cards show."""
    until: int = 0
    """Epoch seconds from which the record no longer holds (a retired card shipped by it is
    then left out of its package); 0: no such time."""

    def holds_at(self, now: float) -> bool:
        """Whether the record still holds at ``now`` (epoch seconds)."""
        return not self.until or now < self.until

    def to_json(self) -> dict[str, Any]:
        """The JSON form (see the module docstring)."""
        return {
            "inputs": self.inputs,
            "decks": [
                {
                    "deck": d.deck,
                    "file": d.file,
                    "size": d.size,
                    "mtime_ns": d.mtime_ns,
                    "cards": d.cards,
                    "counts": dict(d.counts),
                    "changes": list(d.changes),
                }
                for d in self.decks
            ],
            "media": [list(m) for m in self.media],
            **({"until": self.until} if self.until else {}),
        }


def load_steady(out_dir: Path) -> Steady | None:
    """The record of the state file in ``out_dir``, or None when there is none or it is no
    longer vouched for (see :func:`notecards.export.state.read_steady`) or malformed."""
    raw = read_steady(out_dir)
    if raw is None:
        return None
    try:
        decks = tuple(
            SteadyDeck(
                str(d["deck"]),
                str(d["file"]),
                int(d["size"]),
                int(d["mtime_ns"]),
                int(d["cards"]),
                tuple((str(k), int(v)) for k, v in d["counts"].items()),
                tuple(str(c) for c in d["changes"]),
            )
            for d in raw["decks"]
        )
        media = tuple((str(p), int(size), int(mtime)) for p, size, mtime in raw["media"])
        return Steady(str(raw["inputs"]), decks, media, int(raw.get("until", 0)))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def intact(out_dir: Path, steady: Steady) -> bool:
    """Whether every package and image is as the steady build left it (size and mtime)."""
    return all(file_unchanged(out_dir / d.file, d.size, d.mtime_ns) for d in steady.decks) and all(
        file_unchanged(path, size, mtime_ns) for path, size, mtime_ns in steady.media
    )


def reports(out_dir: Path, steady: Steady) -> list[DeckReport]:
    """The reports a rebuild gives, as recorded."""
    return [
        DeckReport(
            deck=deck.deck,
            path=out_dir / deck.file,
            cards=deck.cards,
            written=False,
            counts=dict(deck.counts),
            changes=deck.changes,
        )
        for deck in steady.decks
    ]


# --- proving a build steady ----------------------------------------------------------------------


def quiet(planned: Sequence[PlannedNote], reports: Sequence[DeckReport]) -> bool:
    """Every card unchanged, no package written, no warning (a missing image is looked for
    again by every build, so a build that had one is never steady)."""
    return all(item.status == "unchanged" for item in planned) and not any(
        r.written or r.warnings for r in reports
    )


def prove(
    final: State,
    planned: list[PlannedNote],
    reports: list[DeckReport],
    *,
    noop: bool,
    replan: Callable[[State], tuple[list[PlannedNote], State]],
    keep_retired_days: int,
    out_dir: Path,
    inputs: str,
) -> Steady | None:
    """The :class:`Steady` record for the state ``final`` about to be saved, or None when
    exporting the same inputs (digest ``inputs``) onto it again would change anything.

    ``planned`` and ``reports`` are the build's; ``replan`` plans its notes again, with its
    options and time, against a given state. A build that changed nothing (``noop``) is its own
    proof: the next one starts from the same state. Otherwise the next build is predicted by
    planning again against ``final``.
    """
    if any(r.warnings for r in reports) or any(p.status == "retired" for p in planned):
        # Never steady: a missing image is looked for again, and a card retired now is
        # shipped unchanged by the next build. Not worth planning again to find that out.
        return None
    if not noop:
        planned, after = replan(final)
        if after != final:
            return None
        groups = package.by_category(planned)
        if sorted(groups) != [stamp.deck for stamp in final.decks]:
            return None
        names = file_names(list(groups))
        reports = []
        for stamp in final.decks:
            items = groups[stamp.deck]
            if names[stamp.deck] != stamp.file or package.package_hash(items) != stamp.hash:
                return None
            reports.append(package.report(stamp.deck, out_dir / stamp.file, items, False))
        if not quiet(planned, reports):
            return None
    media = {
        (path, size, mtime_ns)
        for item in planned
        for _name, path, size, mtime_ns in final.guids[item.note.guid].media
    }
    decks = tuple(
        SteadyDeck(
            r.deck,
            stamp.file,
            stamp.size,
            stamp.mtime_ns,
            r.cards,
            tuple(r.counts.items()),
            r.changes,
        )
        for r, stamp in zip(reports, final.decks)
    )
    retired = [final.guids[p.note.guid].retired for p in planned]
    kept = [when for when in retired if when]
    # A retired card shipped again leaves its package once its days are over (plan.plan).
    until = min(kept) + keep_retired_days * DAY if kept else 0
    return Steady(inputs, decks, tuple(sorted(media)), until)


# --- the inputs digest ------------------------------------------------------------------------


def _value_paths(cls: type, prefix: str = "") -> list[str]:
    """Dotted paths of every compared field of a dataclass, nested dataclasses spelled out
    (a field left out of comparisons, such as a cache of derived data, is no input)."""
    hints = typing.get_type_hints(cls)
    paths: list[str] = []
    for field in dataclasses.fields(cls):
        if not field.compare:
            continue
        kind = hints[field.name]
        if isinstance(kind, type) and dataclasses.is_dataclass(kind):
            paths += _value_paths(kind, f"{prefix}{field.name}.")
        else:
            paths.append(prefix + field.name)
    return paths


CARD_VALUES = tuple(_value_paths(Card))
"""Every value of a :class:`~notecards.model.Card` (``source.line`` …) that tells two cards
apart: all of them are part of the inputs digest, so a field added to Card cannot be left out."""

_card_values = operator.attrgetter(*CARD_VALUES)
_JSON = json.JSONEncoder(ensure_ascii=False, check_circular=False)


def inputs_digest(
    notes: Sequence[NoteResult],
    *,
    root: Path,
    retire_orphans: bool,
    versions: Sequence[object] = (),
) -> str | None:
    """Digest of everything the export reads besides the state file and the images: every card
    (all its values, in build order), the options, the export's ``versions`` and those of
    notecards, its source files, the state file and the note types. When every note's result
    carries the build cache's checksum (:attr:`~notecards.model.NoteResult.checksum`), the
    checksums, in build order, stand for the cards (a warm rebuild encodes no card). None
    when a card holds a value without a canonical JSON form."""
    head = [
        INPUTS_VERSION,
        __version__,
        fingerprint.source_digest(),
        STATE_VERSION,
        anki_model.model_fingerprint(),
        *versions,
        os.path.abspath(root),
        retire_orphans,
    ]
    if notes and all(note.checksum for note in notes):
        # Equal checksums mean equal results (the build cache vouches for them), and the
        # cross-note pass is a function of the results: the checksums stand for every card.
        text = _JSON.encode(head) + "\nchecksums\n" + b"".join(n.checksum for n in notes).hex()
    else:
        try:
            cards = _JSON.encode([_card_values(card) for note in notes for card in note.cards])
        except (TypeError, ValueError):
            return None
        text = _JSON.encode(head) + "\ncards\n" + cards
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

"""The export stage: cards → one Anki package (``.apkg``) per category, written atomically.

File names: ``<category>.apkg`` for each top-level deck (the part of a card's deck before the
first ``::``; subdecks ``Parent::Child`` live inside their category's package). The name keeps
Chinese and every other character except those illegal in file names on some system
(``<>:"/\\|?*``, control characters), which become ``_``; leading/trailing dots and spaces are
dropped and Windows device names (``CON`` …) get a trailing ``_``. Two categories whose names
would clash (``a:b`` and ``a_b``, or ``ML`` and ``ml`` on a case-insensitive disk) are told apart
by a short hash: ``a_b-1f2e3d4c.apkg``.

Writing: every package is made whole in a private temporary folder inside the output folder,
then all are moved into place with ``os.replace`` and the state file (:mod:`notecards.export.state`)
is saved last, never in a dry run (:mod:`notecards.export.commit`): a full disk or another write
error leaves the previous decks and state as they were, so an interrupted build leaves every
deck whole; the folder is removed afterwards, and folders left by a killed build are swept by the
next one. A package whose inputs hash the same as last time is not rewritten.

A build that can show that exporting its inputs again would change nothing records that in
the state file, and the next build with the same inputs returns the recorded reports without
planning (:mod:`notecards.export.steady`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import logging
import os
import re
import shutil
import sqlite3
import tempfile
import time
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path

from notecards.errors import OutputError, OutputInsideNotesError
from notecards.export import anki_model, highlight, statefile
from notecards.export import steady as steady_
from notecards.export.commit import Staged, commit, write_error
from notecards.export.media import MAX_MEDIA_BYTES
from notecards.export.plan import MOVED_TAG, RENDER_VERSION, RETIRED_TAG, Memo, PlannedNote, plan
from notecards.export.state import (
    KEEP_RETIRED_DAYS,
    STATE_FILE,
    DeckStamp,
    State,
    file_unchanged,
    save_state,
)
from notecards.export.steady import Steady, SteadyDeck, load_steady
from notecards.model import DeckReport, NoteResult

log = logging.getLogger(__name__)

_DAY = 86_400

__all__ = [
    "MOVED_SEARCH",
    "MOVE_HINT",
    "RETIRED_SEARCH",
    "check_output",
    "check_outside",
    "deck_file_name",
    "export",
]

RETIRED_SEARCH = f"tag:{RETIRED_TAG}"
"""Anki browser search for cards whose source disappeared (suspend or delete them there)."""
MOVED_SEARCH = f"tag:{MOVED_TAG}"
"""Anki browser search for cards whose category changed."""
MOVE_HINT = (
    f"Anki does not move imported cards to a new deck. To move them: Browse → search "
    f"{MOVED_SEARCH} → select the cards → Cards → Change Deck."
)
"""How to move cards tagged ``notecards::moved``, for the CLI summary."""

FORMAT_VERSION = 1
"""Part of every package hash: bump it when the writer changes so all decks are rewritten."""

COUNT_NAMES = ("new", "changed", "unchanged", "moved", "retired", "collisions")
"""The keys of :attr:`DeckReport.counts`, in report order."""

_TEMP_PREFIX = ".notecards-tmp-"
_ILLEGAL = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10))}
_WINDOWS_DEVICES |= {f"LPT{i}" for i in range(10)}
_MAX_NAME_BYTES = 200
"""File name length limit in UTF-8 bytes, below the usual 255 with room for a hash suffix."""
_STALE_TEMP_SECONDS = 24 * 3600
"""Where a dead build cannot be recognised by its pid, its temp folder is removed after a day."""


def check_output(out_dir: Path) -> None:
    """Create ``out_dir`` if needed; raise :class:`OutputError` if it is a file or not writable."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: the output path is a file, not a folder; choose another -o")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        # A real write is the only reliable test (os.access is wrong for root, ACLs, network disks).
        with tempfile.TemporaryFile(dir=out_dir, prefix=_TEMP_PREFIX):
            pass
    except OSError as err:
        raise OutputError(
            f"{out_dir}: the output folder cannot be written ({err.strerror or err}); "
            f"check its permissions or choose another -o"
        ) from err


def check_outside(out_dir: Path, root: Path) -> None:
    """Raise :class:`OutputInsideNotesError` when ``out_dir`` is the notes folder ``root`` or
    inside it, links resolved: decks, state and cache must never be written among the notes."""
    try:
        out, notes = out_dir.resolve(), root.resolve()
    except (OSError, RuntimeError) as err:
        raise OutputError(f"{out_dir}: cannot resolve the output folder ({err})") from err
    if out == notes:
        where = "is the notes folder"
    elif out.is_relative_to(notes):
        where = f"is inside the notes folder {root}"
    else:
        return
    raise OutputInsideNotesError(
        f"-o {out_dir} {where}; notecards never writes into the notes folder. "
        f"Choose an output folder outside it (e.g. -o {notes.parent / 'decks'})"
    )


def deck_file_name(category: str) -> str:
    """The package file name of a category (see the module docstring)."""
    name = _ILLEGAL.sub("_", unicodedata.normalize("NFC", category)).strip(" .") or "deck"
    if name.split(".")[0].upper() in _WINDOWS_DEVICES:
        name += "_"
    while len(name.encode()) > _MAX_NAME_BYTES:
        name = name[:-1]
    return f"{name}.apkg"


def _file_names(categories: Sequence[str]) -> dict[str, str]:
    """File names for the given categories, distinct even on a case-insensitive disk."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for category in sorted(categories):
        name = deck_file_name(category)
        if name.casefold() in used:
            digest = hashlib.sha256(category.encode()).hexdigest()[:8]
            name = f"{name.removesuffix('.apkg')}-{digest}.apkg"
        used.add(name.casefold())
        names[category] = name
    return names


def export(
    notes: Sequence[NoteResult],
    out_dir: Path,
    *,
    root: Path,
    dry_run: bool = False,
    now: float | None = None,
    retire_orphans: bool = True,
    max_media_bytes: int = MAX_MEDIA_BYTES,
    reset_state: bool = False,
    keep_retired_days: int = KEEP_RETIRED_DAYS,
) -> list[DeckReport]:
    """Write one ``.apkg`` per category of ``notes`` into ``out_dir`` and return a report per deck.

    ``root`` is the notes root: images are resolved relative to ``root / card.source.path``, and
    only files inside ``root`` of at most ``max_media_bytes`` are packed (:mod:`notecards.export.media`).
    ``now`` (default: the current time) is stamped on new and changed notes. With ``dry_run``
    nothing is written, but the counts are those a real build would report. Cards that vanished
    since the last build are shipped tagged ``notecards::retired`` for ``keep_retired_days`` days
    unless ``retire_orphans`` is False (:func:`notecards.export.plan.plan`). ``reset_state`` sets the state file aside (timestamped) and
    starts afresh. Raises :class:`OutputError` when ``out_dir`` is unusable, inside ``root``
    (:class:`OutputInsideNotesError`) or its state file comes from a newer notecards,
    :class:`StateFileError` when the state file (and its backup) cannot be used or belongs to
    another notes folder (:mod:`notecards.export.statefile`), :class:`ExportError` when a package
    cannot be written. A steady rebuild (see the module docstring) returns the recorded reports
    without planning.
    """
    check_outside(out_dir, root)
    if not dry_run:
        check_output(out_dir)
    inputs = steady_.inputs_digest(
        notes,
        root=root,
        retire_orphans=retire_orphans,
        # The media limit decides which images are packed, like a version of the writer.
        versions=(
            FORMAT_VERSION,
            RENDER_VERSION,
            highlight.engine_version(),  # a Pygments upgrade may highlight differently
            max_media_bytes,
            keep_retired_days,
        ),
    )
    recorded = load_steady(out_dir)
    if (
        recorded is not None
        and not reset_state
        and recorded.inputs == inputs
        and recorded.holds_at(time.time() if now is None else now)
        and steady_.intact(out_dir, recorded)
    ):
        if not dry_run:
            _sweep(out_dir)  # as the full path would, so a killed build's files still go
        return steady_.reports(out_dir, recorded)

    options = _Options(root, retire_orphans, max_media_bytes, reset_state, keep_retired_days)
    return _export(notes, out_dir, options, dry_run, now, inputs, recorded)


@dataclasses.dataclass(frozen=True)
class _Options:
    """The export options the full path reads (see :func:`export`)."""

    root: Path
    retire_orphans: bool
    max_media_bytes: int
    reset_state: bool = False
    keep_retired_days: int = KEEP_RETIRED_DAYS
    memo: Memo = dataclasses.field(default_factory=Memo, compare=False)
    """Per-card results shared by this export's plans (it plans twice when it changes something)."""

    def plan(
        self, notes: Sequence[NoteResult], state: State, now: int
    ) -> tuple[list[PlannedNote], State]:
        """:func:`notecards.plan.plan` with these options."""
        return plan(
            notes,
            state,
            now,
            root=self.root,
            retire_orphans=self.retire_orphans,
            max_media_bytes=self.max_media_bytes,
            keep_retired_days=self.keep_retired_days,
            memo=self.memo,
        )


def _export(
    notes: Sequence[NoteResult],
    out_dir: Path,
    options: _Options,
    dry_run: bool,
    now: float | None,
    inputs: str | None,
    recorded: Steady | None,
) -> list[DeckReport]:
    """The full path of :func:`export`: plan, write what changed, save the state."""
    build_time = int(time.time() if now is None else now)
    rel_paths = {note.rel_path for note in notes}
    loaded = statefile.load_for(out_dir, options.root, rel_paths, reset=options.reset_state)
    state = loaded.state
    planned, next_state = options.plan(notes, state, build_time)
    groups: dict[str, list[PlannedNote]] = {}
    for item in planned:
        groups.setdefault(item.top, []).append(item)
    names = _file_names(list(groups))
    previous = {stamp.file: stamp for stamp in state.decks}

    reports: list[DeckReport] = []
    stamps: list[DeckStamp] = []
    staged: list[Staged] = []
    with _work_dir(out_dir, enabled=not dry_run) as work:
        for top in sorted(groups):
            items = groups[top]
            path = out_dir / names[top]
            digest = _package_hash(items)
            written = False
            if work is not None:
                made = path
                if not _up_to_date(path, previous.get(path.name), digest):
                    made = _write(path, items, work, len(staged))
                    staged.append(Staged(made, path))
                    written = True
                info = made.stat()  # os.replace keeps the size and the time
                stamps.append(DeckStamp(path.name, top, digest, info.st_size, info.st_mtime_ns))
            reports.append(_report(top, path, items, written))

        if work is not None:
            final = dataclasses.replace(
                next_state, decks=tuple(stamps), notes=os.path.abspath(options.root)
            )
            steady = None
            if inputs is not None:
                noop = final == state and _quiet(planned, reports)
                proof = _Proof(notes, options, build_time, out_dir, inputs)
                steady = proof.record(final, planned, reports, noop=noop)
            stale = _stale(out_dir, state, {s.file for s in stamps})
            # A no-op build writes nothing, unless to record that it is steady (or to replace a
            # damaged state file, or one set aside by --reset-state).
            missing = not (out_dir / STATE_FILE).exists()
            saving = (
                final != state
                or steady != recorded
                or missing
                or loaded.origin == "backup"
                or options.reset_state
            )
            record = steady.to_json() if steady else None
            backup = loaded.origin == "file"  # never the damaged file over the good backup

            def save() -> None:
                if options.reset_state:
                    statefile.set_aside(out_dir, now)
                if saving:
                    keep = (lambda: statefile.keep_backup(out_dir)) if backup else None
                    save_state(out_dir, final, record, before_replace=keep)

            commit(work, staged, stale, save, out_dir / STATE_FILE)
            for package in staged:
                log.info("wrote %s", package.place)
            for path in stale:
                log.info("removed %s: its category has no cards any more", path)
    return reports


# --- steady rebuilds (notecards.export.steady) ----------------------------------------------------


def _quiet(planned: Sequence[PlannedNote], reports: Sequence[DeckReport]) -> bool:
    """Every card unchanged, no package written, no warning (a missing image is looked for
    again by every build, so a build that had one is never steady)."""
    return all(item.status == "unchanged" for item in planned) and not any(
        r.written or r.warnings for r in reports
    )


@dataclasses.dataclass(frozen=True)
class _Proof:
    """What proving a build steady needs: the export's inputs, as :func:`export` got them."""

    notes: Sequence[NoteResult]
    options: _Options
    build_time: int
    out_dir: Path
    inputs: str

    def record(
        self,
        final: State,
        planned: list[PlannedNote],
        reports: list[DeckReport],
        *,
        noop: bool,
    ) -> Steady | None:
        """The :class:`Steady` record for the state ``final`` about to be saved, or None when
        exporting the same inputs onto it again would change anything.

        A build that changed nothing (``noop``) is its own proof: the next one starts from the
        same state. Otherwise the next build is predicted by planning again against ``final``.
        """
        if any(r.warnings for r in reports) or any(p.status == "retired" for p in planned):
            # Never steady: a missing image is looked for again, and a card retired now is
            # shipped unchanged by the next build. Not worth planning again to find that out.
            return None
        if not noop:
            planned, after = self.options.plan(self.notes, final, self.build_time)
            if after != final:
                return None
            groups: dict[str, list[PlannedNote]] = {}
            for item in planned:
                groups.setdefault(item.top, []).append(item)
            if sorted(groups) != [stamp.deck for stamp in final.decks]:
                return None
            names = _file_names(list(groups))
            reports = []
            for stamp in final.decks:
                items = groups[stamp.deck]
                if names[stamp.deck] != stamp.file or _package_hash(items) != stamp.hash:
                    return None
                reports.append(_report(stamp.deck, self.out_dir / stamp.file, items, False))
            if not _quiet(planned, reports):
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
        until = min(kept) + self.options.keep_retired_days * _DAY if kept else 0
        return Steady(self.inputs, decks, tuple(sorted(media)), until)


def _package_hash(items: Sequence[PlannedNote]) -> str:
    """Hash of everything that goes into a package (notes, media, note types, writer version)."""
    digest = hashlib.sha256(f"{FORMAT_VERSION}\x1e{anki_model.model_fingerprint()}".encode())
    for item in items:
        note = item.note
        parts = [note.guid, note.family, *note.fields, "\x1d", *note.tags, "\x1d", note.deck]
        parts += [str(note.mod), str(note.note_id), str(note.due), *(m.name for m in item.media)]
        digest.update("\x1e".join(parts).encode() + b"\x1c")
    return digest.hexdigest()


def _up_to_date(path: Path, stamp: DeckStamp | None, digest: str) -> bool:
    """True when ``path`` is the file this tool wrote from the same inputs, untouched since."""
    if stamp is None or stamp.hash != digest:
        return False
    return file_unchanged(path, stamp.size, stamp.mtime_ns)


def _write(path: Path, items: Sequence[PlannedNote], work: Path, number: int) -> Path:
    """Write the package for ``path`` whole into ``work`` and return where it is (it is moved
    into place with the others by :func:`~notecards.export.commit.commit`)."""
    media = {m.name: m.path for item in items for m in item.media}
    made = work / f"package-{number}.apkg"
    try:
        anki_model.write_apkg(made, [item.note for item in items], sorted(media.items()), work)
    except (OSError, sqlite3.Error) as err:  # sqlite3: "database or disk is full"
        raise write_error(path, "the deck", err) from err
    return made


def _report(top: str, path: Path, items: Sequence[PlannedNote], written: bool) -> DeckReport:
    counts = dict.fromkeys(COUNT_NAMES, 0)
    for item in items:
        counts[item.status] += 1
        counts["collisions"] += item.collision
    return DeckReport(
        deck=top,
        path=path,
        cards=len(items),
        written=written,
        counts=counts,
        changes=tuple(item.change for item in items if item.change),
        warnings=tuple(w for item in items for w in item.warnings),
    )


@contextlib.contextmanager
def _work_dir(out_dir: Path, *, enabled: bool) -> Iterator[Path | None]:
    """A private temporary folder in ``out_dir`` (same disk, so ``os.replace`` is atomic),
    removed on exit, even on Ctrl-C; None in a dry run."""
    if not enabled:
        yield None
        return
    _sweep(out_dir)
    try:
        work = Path(tempfile.mkdtemp(prefix=f"{_TEMP_PREFIX}{os.getpid()}-", dir=out_dir))
    except OSError as err:
        raise write_error(out_dir, "a temporary folder", err) from err
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _sweep(out_dir: Path) -> None:
    """Remove temporary folders and files left in ``out_dir`` by builds that were killed."""
    for leftover in [*out_dir.glob(f"{_TEMP_PREFIX}*"), *out_dir.glob(".notecards-state-*.tmp")]:
        pid_text = leftover.name.removeprefix(_TEMP_PREFIX).split("-", 1)[0]
        if (
            leftover.name.startswith(_TEMP_PREFIX)
            and pid_text.isdigit()
            and process_alive(int(pid_text))
        ):
            continue
        with contextlib.suppress(OSError):
            if time.time() - leftover.stat().st_mtime < _STALE_TEMP_SECONDS and os.name != "posix":
                continue  # no pid probe on this system: only old leftovers are surely dead
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink()


def process_alive(pid: int) -> bool:
    """Whether the process ``pid`` runs (this one counts; False where it cannot be told)."""
    if pid == os.getpid():
        return True
    if os.name != "posix":  # os.kill(pid, 0) would terminate the process on Windows
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stale(out_dir: Path, state: State, current: set[str]) -> list[Path]:
    """Packages this tool wrote for categories that no longer have cards, unless the file was
    replaced since (then it is someone else's): the commit removes them."""
    return [
        out_dir / stamp.file
        for stamp in state.decks
        if stamp.file not in current and _up_to_date(out_dir / stamp.file, stamp, stamp.hash)
    ]

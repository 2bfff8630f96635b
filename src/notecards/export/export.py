"""The export stage: cards → one Anki package (``.apkg``) per category, written atomically.

:func:`export` is the stage in order: plan every note against the state file
(:mod:`notecards.export.plan`), group the notes by category into packages and write, into a
private work folder, those whose inputs changed (:mod:`notecards.export.package`; file names
and the work folder: :mod:`notecards.export.output_folder`), then move them all into place and
save the state file last, never in a dry run (:mod:`notecards.export.commit`): a full disk or
another write error leaves the previous decks and state as they were, so an interrupted build
leaves every deck whole.

A build that can show that exporting its inputs again would change nothing records that in
the state file, and the next build with the same inputs returns the recorded reports without
planning (:mod:`notecards.export.steady`).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from collections.abc import Sequence
from pathlib import Path

from notecards.export import highlight, package, statefile
from notecards.export import steady as steady_
from notecards.export.commit import Staged, commit
from notecards.export.media import MAX_MEDIA_BYTES
from notecards.export.output_folder import check_output, check_outside, file_names, sweep, work_dir
from notecards.export.plan import Memo, PlannedNote, plan
from notecards.export.render import MOVED_TAG, RENDER_VERSION, RETIRED_TAG
from notecards.export.state import (
    KEEP_RETIRED_DAYS,
    STATE_FILE,
    DeckStamp,
    State,
    save_state,
)
from notecards.export.steady import Steady, load_steady
from notecards.model import DeckReport, NoteResult

log = logging.getLogger(__name__)

__all__ = ["MOVED_SEARCH", "MOVE_HINT", "RETIRED_SEARCH", "ExportOptions", "export"]

RETIRED_SEARCH = f"tag:{RETIRED_TAG}"
"""Anki browser search for cards whose source disappeared (suspend or delete them there)."""
MOVED_SEARCH = f"tag:{MOVED_TAG}"
"""Anki browser search for cards whose category changed."""
MOVE_HINT = (
    f"Anki does not move imported cards to a new deck. To move them: Browse → search "
    f"{MOVED_SEARCH} → select the cards → Cards → Change Deck."
)
"""How to move cards tagged ``notecards::moved``, for the CLI summary."""


@dataclasses.dataclass(frozen=True, slots=True)
class ExportOptions:
    """What the export stage is told besides the notes (the build's settings, passed in)."""

    root: Path
    """The notes root: images are resolved relative to ``root / card.source.path`` and only
    files inside it are packed; the state file records it."""
    retire_orphans: bool = True
    """Ship the cards whose source vanished tagged ``notecards::retired`` (else drop them)."""
    max_media_bytes: int = MAX_MEDIA_BYTES
    """The largest image packed (:mod:`notecards.export.media`)."""
    reset_state: bool = False
    """Set the state file aside (timestamped) and start afresh."""
    keep_retired_days: int = KEEP_RETIRED_DAYS
    """How many days a retired card is still shipped."""


def export(
    notes: Sequence[NoteResult],
    out_dir: Path,
    options: ExportOptions,
    *,
    dry_run: bool = False,
    now: float | None = None,
) -> list[DeckReport]:
    """Write one ``.apkg`` per category of ``notes`` into ``out_dir`` and return a report per deck.

    ``options`` says where the notes are and how to treat cards whose source vanished
    (:func:`notecards.export.plan.plan`) and images (:mod:`notecards.export.media`). ``now``
    (default: the current time) is stamped on new and changed notes. With ``dry_run`` nothing is
    written, but the counts are those a real build would report. Raises :class:`OutputError`
    when ``out_dir`` is unusable, inside the notes root (:class:`OutputInsideNotesError`) or its
    state file comes from a newer notecards, :class:`StateFileError` when the state file (and its
    backup) cannot be used or belongs to another notes folder (:mod:`notecards.export.statefile`),
    :class:`ExportError` when a package cannot be written. A steady rebuild (see the module
    docstring) returns the recorded reports without planning.
    """
    root = options.root
    check_outside(out_dir, root)
    if not dry_run:
        check_output(out_dir)
    inputs = steady_.inputs_digest(
        notes,
        root=root,
        retire_orphans=options.retire_orphans,
        # The media limit decides which images are packed, like a version of the writer.
        versions=(
            package.FORMAT_VERSION,
            RENDER_VERSION,
            highlight.engine_version(),  # a Pygments upgrade may highlight differently
            options.max_media_bytes,
            options.keep_retired_days,
        ),
    )
    recorded = load_steady(out_dir)
    if (
        recorded is not None
        and not options.reset_state
        and recorded.inputs == inputs
        and recorded.holds_at(time.time() if now is None else now)
        and steady_.intact(out_dir, recorded)
    ):
        if not dry_run:
            sweep(out_dir)  # as the full path would, so a killed build's files still go
        return steady_.reports(out_dir, recorded)
    return _export(notes, out_dir, _Planner(options), dry_run, now, inputs, recorded)


@dataclasses.dataclass(frozen=True)
class _Planner:
    """The options, and the per-card results this export's plans share (it plans twice when it
    changes something)."""

    options: ExportOptions
    memo: Memo = dataclasses.field(default_factory=Memo, compare=False)

    def plan(
        self, notes: Sequence[NoteResult], state: State, now: int
    ) -> tuple[list[PlannedNote], State]:
        """:func:`notecards.export.plan.plan` with these options."""
        options = self.options
        return plan(
            notes,
            state,
            now,
            root=options.root,
            retire_orphans=options.retire_orphans,
            max_media_bytes=options.max_media_bytes,
            keep_retired_days=options.keep_retired_days,
            memo=self.memo,
        )


def _export(
    notes: Sequence[NoteResult],
    out_dir: Path,
    planner: _Planner,
    dry_run: bool,
    now: float | None,
    inputs: str | None,
    recorded: Steady | None,
) -> list[DeckReport]:
    """The full path of :func:`export`: plan, write what changed, save the state."""
    build_time = int(time.time() if now is None else now)
    rel_paths = {note.rel_path for note in notes}
    loaded = statefile.load_for(
        out_dir, planner.options.root, rel_paths, reset=planner.options.reset_state
    )
    state = loaded.state
    planned, next_state = planner.plan(notes, state, build_time)
    groups = package.by_category(planned)
    names = file_names(list(groups))
    previous = {stamp.file: stamp for stamp in state.decks}

    reports: list[DeckReport] = []
    stamps: list[DeckStamp] = []
    staged: list[Staged] = []
    with work_dir(out_dir, enabled=not dry_run) as work:
        for top in sorted(groups):
            items = groups[top]
            path = out_dir / names[top]
            digest = package.package_hash(items)
            written = False
            if work is not None:
                made = path
                if not package.up_to_date(path, previous.get(path.name), digest):
                    made = package.write(path, items, work, len(staged))
                    staged.append(Staged(made, path))
                    written = True
                info = made.stat()  # os.replace keeps the size and the time
                stamps.append(DeckStamp(path.name, top, digest, info.st_size, info.st_mtime_ns))
            reports.append(package.report(top, path, items, written))

        if work is not None:
            final = dataclasses.replace(
                next_state, decks=tuple(stamps), notes=os.path.abspath(planner.options.root)
            )
            steady = None
            if inputs is not None:
                steady = steady_.prove(
                    final,
                    planned,
                    reports,
                    noop=final == state and steady_.quiet(planned, reports),
                    replan=lambda start: planner.plan(notes, start, build_time),
                    keep_retired_days=planner.options.keep_retired_days,
                    out_dir=out_dir,
                    inputs=inputs,
                )
            stale = package.stale(out_dir, state, {s.file for s in stamps})
            # A no-op build writes nothing, unless to record that it is steady (or to replace a
            # damaged state file, or one set aside by --reset-state).
            missing = not (out_dir / STATE_FILE).exists()
            saving = (
                final != state
                or steady != recorded
                or missing
                or loaded.origin == "backup"
                or planner.options.reset_state
            )
            record = steady.to_json() if steady else None
            backup = loaded.origin == "file"  # never the damaged file over the good backup

            def save() -> None:
                if planner.options.reset_state:
                    statefile.set_aside(out_dir, now)
                if saving:
                    keep = (lambda: statefile.keep_backup(out_dir)) if backup else None
                    save_state(out_dir, final, record, before_replace=keep)

            commit(work, staged, stale, save, out_dir / STATE_FILE)
            for item in staged:
                log.info("wrote %s", item.place)
            for path in stale:
                log.info("removed %s: its category has no cards any more", path)
    return reports

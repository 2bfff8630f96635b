"""Human-readable reports of a build (rich tables), used only by the CLI."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from notecards.cli.explain import render_card, render_decision, render_rejected
from notecards.export.export import MOVE_HINT, RETIRED_SEARCH
from notecards.model import BuildReport, NoteResult

CHANGE_COLUMNS = ("new", "changed", "unchanged", "retired", "moved", "collisions")
"""Per-deck change counts against the previous build, in the order they are shown."""


def print_summary(
    console: Console,
    report: BuildReport,
    *,
    dry_run: bool = False,
    errors: Console | None = None,
    quiet: bool = False,
    manual: bool = True,
) -> None:
    """Files read/skipped, cards per deck (with change counts), per rule, rejections; warnings
    on ``errors`` (stderr). ``quiet`` leaves only the warnings and the follow-up searches;
    ``manual`` False leaves out those searches (``notecards sync`` moves and suspends itself)."""
    errors = errors or console
    for warning in report.warnings:
        errors.print(f"[yellow]warning:[/] {escape(warning.path)}: {escape(warning.reason)}")
    if not quiet:
        _overview(console, report, dry_run)
    for deck in report.decks:
        for change in deck.changes:
            errors.print(f"  {escape(deck.path.name)}: {escape(change)}")
        if not manual:
            continue
        if deck.counts.get("retired"):
            console.print(
                f"{deck.counts['retired']} card(s) in {escape(deck.deck)} no longer come from any "
                f"note; in Anki, search [bold]{RETIRED_SEARCH}[/] to review or suspend them."
            )
        if deck.counts.get("moved"):
            console.print(f"{deck.counts['moved']} card(s) changed deck. {escape(MOVE_HINT)}")


def _overview(console: Console, report: BuildReport, dry_run: bool) -> None:
    notes = len(report.notes)
    console.print(
        f"Read {notes} note{'s' * (notes != 1)}, skipped {len(report.skipped)} other "
        f"file{'s' * (len(report.skipped) != 1)}, {len(report.warnings)} with problems."
    )
    # Collisions are rare; a column of zeros would only push the file names off a narrow screen.
    columns = [
        c for c in CHANGE_COLUMNS if c != "collisions" or any(d.counts.get(c) for d in report.decks)
    ]
    rows = [
        (
            deck.path.name,
            str(deck.cards),
            *(str(deck.counts.get(c, 0)) for c in columns),
            "dry run" if dry_run else ("written" if deck.written else "up to date"),
        )
        for deck in report.decks
    ]
    print_table(console, "Decks", ("file", "cards", *columns, "status"), rows)
    _counts(console, "Cards per rule", report.per_rule())
    if rejections := report.rejections():
        _counts(console, "Rejected candidates", rejections)


def print_next_step(console: Console, out_dir: Path, *, dry_run: bool, sync: bool) -> None:
    """Where the decks are and what to do with them (the last lines of a build or sync)."""
    where = escape(str(out_dir))
    if dry_run:
        console.print("Dry run: nothing was written.")
    elif sync:
        console.print(f"Decks in {where}; the collection is up to date (open Anki to study).")
    else:
        console.print(
            f"Decks in {where}. In Anki, File ▸ Import… each .apkg, or run: notecards sync"
        )


@contextlib.contextmanager
def progress_bar(console: Console) -> Iterator[Callable[[int, int, str], None] | None]:
    """A transient progress bar on ``console`` (stderr) when it is a terminal; otherwise no
    callback (rich's progress module is not even imported: it is a fifth of a no-op rebuild's
    start-up)."""
    if not console.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn  # lazy: see above

    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("Reading notes", total=None)

        def progress(done: int, total: int, path: str) -> None:
            bar.update(task, completed=done, total=total)

        yield progress


def print_table(
    console: Console, title: str, header: Sequence[str], rows: Sequence[Sequence[str]]
) -> None:
    """A rich table on a terminal; plain tab-separated lines when piped, which no width cuts."""
    if not console.is_terminal:
        # Straight to the file: rich would expand the tabs that make the lines easy to cut.
        lines = [f"{title}:", "\t".join(header), *("\t".join(row) for row in rows)]
        console.file.write("".join(line + "\n" for line in lines))
        return
    table = Table(title=title)
    for at, name in enumerate(header):
        justify = "left" if at in (0, len(header) - 1) else "right"
        table.add_column(name, justify=justify, no_wrap=at == 0)  # type: ignore[arg-type]
    for row in rows:
        table.add_row(*(escape(cell) for cell in row))
    console.print(table)


def _counts(console: Console, title: str, counts: dict[str, int]) -> None:
    rows = [(name, str(count)) for name, count in counts.items()]
    print_table(console, title, ("name", "count"), rows)


def print_note(console: Console, note: NoteResult) -> None:
    """Every card of one note with rule, confidence and line; then rejects and dropped lines."""
    console.print(
        f"[bold]{escape(note.rel_path)}[/] → deck {escape(note.category)} ({note.encoding})"
    )
    for card in note.cards:
        console.print(
            f"  {card.source.line:>5}  {card.confidence:.2f}  {escape(render_card(card))}"
        )
    for rejected in note.rejected:
        console.print(
            f"  [dim]{rejected.card.source.line:>5}  rejected {escape(render_rejected(rejected))}[/]"
        )
    for decision in note.decisions:
        if decision.fate != "carded":  # carded sentences are listed with the cards above
            console.print(
                f"  [dim]{decision.line:>5}  sentence {escape(render_decision(decision))}[/]"
            )
    for dropped in note.dropped:
        console.print(
            f"  [dim]{dropped.line:>5}  dropped ({escape(dropped.reason)}) {escape(dropped.text)}[/]"
        )
    for warning in note.warnings:
        console.print(f"  [yellow]warning:[/] {escape(warning)}")


def print_explain(console: Console, report: BuildReport) -> None:
    """:func:`print_note` for every note of the build."""
    for note in report.notes:
        print_note(console, note)


def print_sync(console: Console, result: Any, *, cards: bool = False) -> None:
    """What a direct sync into an Anki collection did (``sync.SyncReport``): notes added,
    updated …, then cards moved, suspended and unsuspended; with ``cards`` each of those cards."""
    console.print(
        f"Anki collection: {result.added} added, {result.updated} updated, "
        f"{result.skipped} already up to date, {result.conflicting} refused (note type differs)."
    )
    parts = [
        f"{result.count('moved')} moved to their new deck",
        f"{result.count('suspended')} suspended (source gone)",
        f"{result.count('unsuspended')} unsuspended (source back)",
    ]
    if left := result.count("left"):
        parts.append(f"{left} left in the deck you moved them to in Anki")
    console.print("Cards: " + ", ".join(parts) + ".")
    if cards:
        for change in result.changes:
            console.print(f"  {escape(change.line())}")


def print_decisions(console: Console, note: NoteResult, line: int | None = None) -> None:
    """What became of every candidate sentence of ``note`` (or of those on ``line``), with every
    feature that weighed in, then the rule candidates the gates refused there."""
    console.print(f"[bold]{escape(note.rel_path)}[/] → deck {escape(note.category)}")
    shown = [d for d in note.decisions if line is None or d.line == line]
    for decision in shown:
        console.print(f"  {decision.line:>5}  {escape(render_decision(decision, features=99))}")
        if decision.card:
            console.print(f"         → {escape(decision.card)}")
    for rejected in note.rejected:
        if line is None or rejected.card.source.line == line:
            console.print(
                f"  {rejected.card.source.line:>5}  rejected {escape(render_rejected(rejected))}"
            )
    if not shown:
        where = f" on line {line}" if line is not None else ""
        console.print(f"  no sentence of prose{where} (headings, code, math and tables are not)")

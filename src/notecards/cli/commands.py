"""The ``notecards`` commands: each parses its options into a :class:`Config`, calls the library,
prints (the application they hang on is :mod:`notecards.cli.app`).

The cli package is the only one that prints or exits. Heavy modules (the pipeline, markdown-it, the
segmenter, genanki) are imported inside the commands, so ``notecards --help`` stays instant.
Exit codes: 0 success, 1 error (or warnings with ``--strict``), 2 usage error.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from notecards.config import Config
    from notecards.model import BuildReport

from notecards.cli.app import app
from notecards.cli.options import (
    Arg,
    BuildOptions,
    DefaultCategoryOpt,
    DictOpt,
    DisableOpt,
    EnableOpt,
    ExcludeOpt,
    KeepRetiredOpt,
    MaxCardsOpt,
    MaxMediaOpt,
    MinConfOpt,
    NoRankOpt,
    NotesArg,
    OnlyOpt,
    Opt,
    OutOpt,
    QuietOpt,
    ResetStateOpt,
    RootOpt,
    SegOpt,
    VerboseOpt,
    WatchOpt,
    make_config,
    notes_root,
)


def _console(stderr: bool = False):  # type: ignore[no-untyped-def]
    from rich.console import Console  # lazy: rich is not needed for --help

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _fail(message: str, code: int = 1) -> typer.Exit:
    from rich.markup import escape  # lazy: rich is not needed for --help

    # Escaped: a message may hold "[sync]" (pip extras) or a file name with brackets.
    _console(stderr=True).print(f"[bold red]Error:[/] {escape(message)}", markup=True)
    return typer.Exit(code)


def _config(notes: Path, given: BuildOptions, **run: object) -> Config:
    """Build the one Config of this run (command line > notecards.toml > defaults); an unknown
    rule, segmenter or configuration key is a usage error."""
    from notecards.errors import NotecardsError  # lazy: keeps --help to the cli package

    try:
        return make_config(notes, given, **run)
    except NotecardsError as err:
        raise _fail(str(err), 2) from None


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


@app.command()
def build(
    notes: NotesArg = Path("notes"),
    out: OutOpt = Path("decks"),
    dry_run: Annotated[
        bool, Opt("--dry-run", help="Report what would change; write nothing.")
    ] = False,
    explain: Annotated[
        bool, Opt("--explain", help="List every card, rejected candidate and dropped line.")
    ] = False,
    strict: Annotated[bool, Opt("--strict", help="Exit 1 when any file had a problem.")] = False,
    jobs: Annotated[
        int,
        Opt("--jobs", "-j", metavar="N", min=0, help="Worker processes (default 0: one per core)."),
    ] = 0,
    no_cache: Annotated[bool, Opt("--no-cache", help="Rebuild every note from scratch.")] = False,
    default_category: DefaultCategoryOpt = None,
    only: OnlyOpt = None,
    disable: DisableOpt = None,
    enable: EnableOpt = None,
    no_ranking: NoRankOpt = None,
    min_confidence: MinConfOpt = None,
    segmenter: SegOpt = None,
    user_dict: DictOpt = None,
    max_media_mb: MaxMediaOpt = None,
    exclude: ExcludeOpt = None,
    reset_state: ResetStateOpt = False,
    keep_retired_days: KeepRetiredOpt = 30,
    max_note_cards: MaxCardsOpt = 5000,
    watch: WatchOpt = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Build one Anki deck (.apkg) per category of NOTES into the output folder."""
    _setup_logging(verbose)
    given = BuildOptions(
        only, disable, enable, min_confidence, default_category, segmenter, user_dict,
        no_ranking, max_media_mb, exclude,
    )  # fmt: skip
    run: dict[str, object] = {
        "dry_run": dry_run,
        "strict": strict,
        "use_cache": not no_cache,
        "jobs": jobs or os.cpu_count() or 1,
        "keep_retired_days": keep_retired_days,
        "max_note_cards": max_note_cards,
        "record_decisions": explain,
    }
    config = _config(notes, given, reset_state=reset_state, **run)

    def build_once(config: Config = config) -> bool:
        """Build and print the summary; True when a file had a problem."""
        report = _run_build(notes, out, config, verbose, watching=watch)
        from notecards.cli import report as summary  # lazy: the report imports rich and the export

        console = _console()
        if explain:
            summary.print_explain(console, report)
        summary.print_summary(
            console, report, dry_run=dry_run, errors=_console(stderr=True), quiet=quiet
        )
        if not quiet:
            summary.print_next_step(console, out, dry_run=dry_run, sync=False)
        return bool(report.warnings)

    def rebuild() -> bool:
        # notecards.toml is read again (it may be what changed); only the first build resets.
        return build_once(_config(notes, given, reset_state=False, **run))

    if watch:
        from notecards.cli.watching import watch_and_rebuild  # lazy: only for --watch

        watch_and_rebuild(notes, out, config.exclude, build_once, rebuild, _console(stderr=True))
    elif build_once() and strict:
        raise typer.Exit(1)


def _run_build(
    notes: Path, out: Path, config: Config, verbose: bool, *, watching: bool = False
) -> BuildReport:
    """Run the pipeline (with a progress bar on a terminal); typed errors become one-line
    messages. While ``watching``, Ctrl-C is left to the watch loop (it ends watching)."""
    from notecards.errors import (  # lazy: keeps --help to the cli package
        NotecardsError,
        OutputInsideNotesError,
    )
    from notecards.pipeline import build as run  # lazy: the pipeline loads every stage

    try:
        from notecards.cli.report import progress_bar  # lazy: the report imports rich

        with progress_bar(_console(stderr=True)) as progress:
            return run(notes, out, config, progress=progress)
    except OutputInsideNotesError as err:
        raise _fail(str(err), 2) from None
    except NotecardsError as err:
        raise _fail(str(err)) from None
    except KeyboardInterrupt:
        if watching:
            raise
        raise _fail(
            "interrupted; the decks already in the output folder are unchanged", 130
        ) from None
    except Exception as err:  # a bug: say so in one line, details with -v
        if verbose:
            raise
        raise _fail(
            f"internal error: {type(err).__name__}: {err} (run with -v for details)"
        ) from None


@app.command()
def preview(
    note: Annotated[Path, Arg(metavar="NOTE", help="A note file, or a folder: every note in it.")],
    root: RootOpt = None,
    only: OnlyOpt = None,
    disable: DisableOpt = None,
    enable: EnableOpt = None,
    no_ranking: NoRankOpt = None,
    min_confidence: MinConfOpt = None,
    default_category: DefaultCategoryOpt = None,
    segmenter: SegOpt = None,
    user_dict: DictOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Show the cards one note gives, each with its rule, confidence and line, and what was cut."""
    from notecards.cli import report as summary  # lazy: the report imports rich and the export
    from notecards.errors import NotecardsError  # lazy: keeps --help to the cli package
    from notecards.pipeline import process_note  # lazy: the pipeline loads every stage
    from notecards.read.discover import discover  # lazy: as above

    _setup_logging(verbose)
    if not note.exists():
        raise _fail(f"{note}: no such file or folder")
    root_dir = (root or notes_root(note)).resolve()
    given = BuildOptions(
        only, disable, enable, min_confidence, default_category, segmenter, user_dict, no_ranking
    )
    config = _config(root_dir, given, jobs=1, record_decisions=True)
    console = _console()
    try:
        found = [note.resolve()] if note.is_file() else discover(note, config.exclude).notes
        if not found:
            raise _fail(f"no notes found in {note}")
        for path in found:
            summary.print_note(console, process_note(path.resolve(), root_dir, config))
    except NotecardsError as err:
        raise _fail(str(err)) from None


@app.command()
def explain(
    target: Annotated[
        str,
        Arg(metavar="NOTE[:LINE]", help="A note file, or NOTE:LINE for the sentences of one line."),
    ],
    root: RootOpt = None,
    enable: EnableOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Every sentence of a note (or of one line): its score, the features that decided it, and
    its fate: carded (which card), covered by a rule's card, vetoed (which check), below the
    floor, over its section's budget, or no key to hide."""
    from notecards.cli import report as summary  # lazy: the report imports rich and the export
    from notecards.errors import NotecardsError  # lazy: keeps --help to the cli package
    from notecards.pipeline import process_note  # lazy: the pipeline loads every stage

    _setup_logging(verbose)
    note, line = Path(target), None
    head, _, tail = target.rpartition(":")
    if not note.is_file() and head and tail.isdigit():
        note, line = Path(head), int(tail)
    if not note.is_file():
        raise _fail(f"{note}: no such file")
    root_dir = (root or notes_root(note)).resolve()
    config = _config(root_dir, BuildOptions(enable=enable), jobs=1, record_decisions=True)
    try:
        result = process_note(note.resolve(), root_dir, config)
    except NotecardsError as err:
        raise _fail(str(err)) from None
    summary.print_decisions(_console(), result, line)


@app.command()
def rules() -> None:
    """List the extraction rules in the order they run."""
    from notecards.cli.report import print_table  # lazy: rich is not needed for --help
    from notecards.extract.ranking import select as ranking  # lazy: not needed for --help
    from notecards.extract.rules import default_rules  # lazy: not needed for --help

    rows: list[tuple[str, ...]] = []
    for at, rule in enumerate(default_rules(), start=1):
        name = rule.name if rule.enabled else f"{rule.name} (off: --enable)"
        # Descriptions are docstring text: show RST ``literals`` as `literals`.
        description = rule.load().description.replace("``", "`")
        rows.append((str(at), name, rule.scope.value, description))
    rows.append((str(len(rows) + 1), ranking.RULE, "sentence", ranking.DESCRIPTION))
    print_table(_console(), "Rules", ("#", "rule", "runs on", "matches"), rows)


@app.command()
def sync(
    notes: NotesArg = Path("notes"),
    collection: Annotated[
        Path,
        Opt(
            "--collection",
            "-c",
            metavar="FILE",
            help="The Anki collection file (default: collection.anki2).",
            show_default=False,
        ),
    ] = Path("collection.anki2"),
    out: OutOpt = Path("decks"),
    dry_run: Annotated[
        bool, Opt("--dry-run", help="Sync into copies and report; change nothing.")
    ] = False,
    default_category: DefaultCategoryOpt = None,
    only: OnlyOpt = None,
    disable: DisableOpt = None,
    enable: EnableOpt = None,
    no_ranking: NoRankOpt = None,
    min_confidence: MinConfOpt = None,
    segmenter: SegOpt = None,
    user_dict: DictOpt = None,
    max_media_mb: MaxMediaOpt = None,
    exclude: ExcludeOpt = None,
    reset_state: ResetStateOpt = False,
    keep_retired_days: KeepRetiredOpt = 30,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Build, then write the cards straight into a local Anki collection (close Anki first)."""
    from notecards import pipeline  # lazy: the pipeline loads every stage
    from notecards.cli import report as summary  # lazy: the report imports rich and the export
    from notecards.errors import (  # lazy: keeps --help to the cli package
        NotecardsError,
        OutputInsideNotesError,
    )

    _setup_logging(verbose)
    given = BuildOptions(
        only, disable, enable, min_confidence, default_category, segmenter, user_dict,
        no_ranking, max_media_mb, exclude,
    )  # fmt: skip
    config = _config(
        notes,
        given,
        jobs=os.cpu_count() or 1,
        dry_run=dry_run,
        reset_state=reset_state,
        keep_retired_days=keep_retired_days,
    )
    try:
        report, result = pipeline.sync(notes, collection, out, config)
    except OutputInsideNotesError as err:
        raise _fail(str(err), 2) from None
    except NotecardsError as err:
        raise _fail(str(err)) from None
    console = _console()
    summary.print_summary(
        console, report, dry_run=dry_run, errors=_console(stderr=True), quiet=quiet, manual=False
    )
    summary.print_sync(console, result, cards=verbose or dry_run)
    if not quiet:
        summary.print_next_step(console, out, dry_run=dry_run, sync=True)


def main() -> None:
    """Console-script entry point."""
    app()

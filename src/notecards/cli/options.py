"""The build options shared by ``build``, ``sync`` and ``preview``, declared once, and how they are
laid over the configuration file (command line > ``notecards.toml`` > defaults) into a Config.

Every option that the file may set defaults to None here, so "not given" can be told from "given
with the default value". Nothing heavy is imported at module level (``notecards --help``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional, TypeVar

import typer

if TYPE_CHECKING:
    from notecards.config import Config

Opt = typer.Option
Arg = typer.Argument
_T = TypeVar("_T")

OnlyOpt = Annotated[
    Optional[list[str]],  # noqa: UP045  (typer reads the annotation at run time)
    Opt("--only", metavar="RULE", help="Run only these rules (repeatable). See `notecards rules`."),
]
DisableOpt = Annotated[
    Optional[list[str]],  # noqa: UP045
    Opt("--disable", metavar="RULE", help="Do not run these rules (repeatable)."),
]
EnableOpt = Annotated[
    Optional[list[str]],  # noqa: UP045
    Opt(
        "--enable",
        metavar="RULE",
        help="Also run these rules, off by default (repeatable): bilingual_term.",
    ),
]
NoRankOpt = Annotated[
    Optional[bool],  # noqa: UP045
    Opt(
        "--no-ranking/--ranking",
        show_default=False,
        help="Card only what the rules find; score no other sentence.",
    ),
]
MinConfOpt = Annotated[
    Optional[float],  # noqa: UP045
    Opt(
        "--min-confidence",
        metavar="0-1",
        min=0.0,
        max=1.0,
        help="Drop cards below this confidence (default 0).",
    ),
]
DefaultCategoryOpt = Annotated[
    Optional[str],  # noqa: UP045
    Opt(
        "--default-category",
        metavar="DECK",
        help="Deck for notes directly in the notes folder (default Inbox).",
    ),
]
SegOpt = Annotated[
    Optional[str],  # noqa: UP045
    Opt("--segmenter", metavar="NAME", help="Word segmenter: auto (default), rjieba or jieba."),
]
DictOpt = Annotated[
    Optional[Path],  # noqa: UP045
    Opt(
        "--user-dict", metavar="FILE", help="A jieba user dictionary (word [freq] [tag] per line)."
    ),
]
MaxMediaOpt = Annotated[
    Optional[float],  # noqa: UP045
    Opt(
        "--max-media-mb",
        metavar="MB",
        min=0.0,
        help="Largest image packed into a deck, in MB (default 20).",
    ),
]
ExcludeOpt = Annotated[
    Optional[list[str]],  # noqa: UP045
    Opt(
        "--exclude",
        metavar="GLOB",
        help="Leave out notes and folders matching this glob, relative to the notes folder "
        "(repeatable; added to the config file's).",
    ),
]
NotesArg = Annotated[
    Path,
    Arg(
        metavar="NOTES",
        help="Folder of notes; each top-level folder is a category, one deck each "
        "(default: notes/).",
        show_default=False,
    ),
]
OutOpt = Annotated[
    Path,
    Opt(
        "--out",
        "-o",
        metavar="DIR",
        help="Folder for the .apkg decks (default: decks/).",
        show_default=False,
    ),
]
RootOpt = Annotated[
    Optional[Path],  # noqa: UP045
    Opt(
        "--root",
        metavar="DIR",
        help="Notes folder the deck is taken from (default: the nearest folder with "
        "notecards.toml, else the first folder of the path).",
    ),
]
QuietOpt = Annotated[
    bool, Opt("--quiet", "-q", help="Print only warnings, errors and what needs doing in Anki.")
]
ResetStateOpt = Annotated[
    bool,
    Opt(
        "--reset-state",
        help="Set the state file aside (kept, timestamped) and start afresh: reworded cards "
        "become new notes in Anki.",
    ),
]
VerboseOpt = Annotated[bool, Opt("--verbose", "-v", help="Show details (and tracebacks).")]


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """The extraction options as given on the command line (None: not given)."""

    only: list[str] | None = None
    disable: list[str] | None = None
    enable: list[str] | None = None
    min_confidence: float | None = None
    default_category: str | None = None
    segmenter: str | None = None
    user_dict: Path | None = None
    no_ranking: bool | None = None
    max_media_mb: float | None = None
    exclude: list[str] | None = None


def make_config(notes: Path, given: BuildOptions, **run: object) -> Config:
    """The one Config of this run: ``given`` over the configuration file of the ``notes`` folder
    over the defaults; ``run`` holds the options no file sets (jobs, dry run …).

    Raises :class:`~notecards.errors.ConfigError` (an unknown rule, segmenter or file key)."""
    from notecards import settings  # lazy: tomllib and the rule chain are not needed for --help
    from notecards.config import Config  # lazy: Config loads the rule chain
    from notecards.errors import ConfigError
    from notecards.extract.rules import default_rules  # lazy: not needed for --help

    file = settings.load(notes) if notes.is_dir() else settings.FileSettings()
    rules = default_rules()
    only = given.only or list(file.only)
    enable = [*file.enable, *(given.enable or ())]
    disable = [*file.disable, *(given.disable or ())]
    if only:
        rules = rules.only(*only)
    if enable:
        rules = rules.enable(*enable)
    if disable:
        rules = rules.disable(*disable)
    segmenter = _pick(given.segmenter, file.segmenter, "auto")
    if segmenter not in settings.SEGMENTERS:
        raise ConfigError(
            f"unknown segmenter {segmenter!r}; choose one of {', '.join(settings.SEGMENTERS)}"
        )
    values: dict[str, object] = {
        "rules": rules,
        "segmenter": segmenter,
        "min_confidence": _pick(given.min_confidence, file.min_confidence, 0.0),
        "user_dict": _pick(given.user_dict, file.user_dict, None),
        "rank_sentences": not given.no_ranking if given.no_ranking is not None else file.ranking,
        "exclude": (*file.exclude, *(given.exclude or ())),
    }
    category = _pick(given.default_category, file.default_category, None)
    if category is not None:
        values["default_category"] = category
    media_mb = _pick(given.max_media_mb, file.max_media_mb, None)
    if media_mb is not None:
        values["max_media_bytes"] = round(media_mb * 1024 * 1024)
    if file.keyword_tags is not None:
        values["keyword_tags"] = file.keyword_tags
    values.update(run)
    return Config(**{k: v for k, v in values.items() if v is not None})  # type: ignore[arg-type]


def _pick(cli: _T | None, file: _T | None, default: _T) -> _T:
    """Command line over file over default."""
    if cli is not None:
        return cli
    if file is not None:
        return file
    return default


def notes_root(path: Path) -> Path:
    """The notes folder a note (or a folder of notes) at ``path`` belongs to, so ``preview``
    reports the deck ``build`` gives: the nearest folder holding ``notecards.toml``, else the
    first folder of ``path`` below the working directory (``notes/数据结构/栈.md`` → ``notes``:
    the parent of the top category, as ``notecards build notes`` sees it), else the note's own
    folder (or the folder given)."""
    from notecards.settings import FILE_NAME  # lazy: settings imports tomllib

    resolved = path.resolve()
    start = resolved if resolved.is_dir() else resolved.parent
    for folder in (start, *start.parents):
        if (folder / FILE_NAME).is_file():
            return folder
    cwd = Path.cwd().resolve()
    if start != cwd and start.is_relative_to(cwd):
        return cwd / start.relative_to(cwd).parts[0]
    return start


KeepRetiredOpt = Annotated[
    int,
    Opt(
        "--keep-retired-days",
        min=0,
        help="Ship a card whose source is gone, tagged notecards::retired, for this many days "
        "(default 30; 0: once), so the tag reaches Anki even if a build is not imported.",
    ),
]

MaxCardsOpt = Annotated[
    int,
    Opt(
        "--max-note-cards",
        min=0,
        help="Card a note only up to the line that gives this many cards, with a warning "
        "(default 5000; 0: no limit).",
    ),
]

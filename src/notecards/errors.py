"""Typed errors raised by the library; only the CLI turns them into messages and exit codes."""

from __future__ import annotations


class NotecardsError(Exception):
    """Base class of every error notecards raises on purpose."""


class NotesFolderError(NotecardsError):
    """The notes folder is missing, not a folder, or cannot be listed."""


class NoNotesError(NotesFolderError):
    """The notes folder holds no note (after the excludes): most likely the wrong folder, so
    nothing is built (and no card retired) from it."""


class OutputError(NotecardsError):
    """The output folder cannot be created or written (it is a file, or not writable)."""


class OutputInsideNotesError(OutputError):
    """The output folder is the notes folder or inside it (a usage error: notecards never writes
    into the notes folder)."""


class StateFileError(OutputError):
    """The state file cannot be read or validated (nor its backup), or belongs to another notes
    folder; the message names the file, what is wrong and the ways on."""


class UnreadableNote(NotecardsError):  # noqa: N818  (named for what it describes)
    """A note file cannot be read or decoded; the build skips it with a warning naming the file."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UnknownRuleError(NotecardsError, KeyError):
    """A rule name that is not in the rule list; the message lists the valid names."""

    def __init__(self, unknown: list[str], valid: list[str]) -> None:
        super().__init__(
            f"unknown rule(s): {', '.join(unknown)}. Valid rule names: {', '.join(valid)}"
        )
        self.unknown = unknown
        self.valid = valid

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class ConfigError(NotecardsError):
    """An option has a value notecards cannot use; the message says which and why."""


class ExportError(NotecardsError):
    """A deck package could not be written."""


class CollectionLockedError(NotecardsError):
    """The Anki collection is open in Anki (or locked by another program)."""

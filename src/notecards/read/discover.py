"""Finding the notes: :func:`discover` walks the notes folder in a deterministic order and
survives anything a folder can hold (symlink loops, broken links, unreadable sub-folders,
FIFOs), turning each problem into a :class:`~notecards.model.FileWarning`. Nothing outside the
notes folder is followed, and nothing is ever written to it."""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from notecards.errors import NotesFolderError
from notecards.model import FileWarning

NOTE_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")
"""File name endings (case-insensitive) that are notes; everything else is skipped."""
TOOL_FOLDERS = frozenset({"node_modules", "__pycache__", "site-packages"})
"""Folders of tools, not notes, skipped like hidden ones (``.git``, ``.obsidian``, ``.trash``)."""


@dataclass(frozen=True, slots=True)
class Discovery:
    """What :func:`discover` found in a notes folder."""

    root: Path
    """The notes folder, resolved to an absolute path."""
    notes: tuple[Path, ...]
    """Note files under ``root`` (paths through ``root``, symlinks not resolved), sorted by their
    POSIX path relative to ``root`` so every build sees them in the same order."""
    skipped: tuple[str, ...]
    """Files and hidden folders that are not notes, as POSIX paths relative to ``root``, sorted."""
    warnings: tuple[FileWarning, ...]
    """Entries that could not be followed (broken link, link loop, folder that cannot be listed,
    a FIFO named like a note …), one per entry, in path order."""


def discover(root: Path, exclude: tuple[str, ...] = ()) -> Discovery:
    """Walk ``root`` for notes; raise :class:`NotesFolderError` if it is missing or not a folder.

    A file or folder whose path relative to ``root`` matches one of the ``exclude`` globs
    (``fnmatch``: ``*`` also crosses ``/``; ``drafts`` or ``drafts/*`` both leave a folder out)
    is skipped without descending into it.

    Hidden files and folders (names starting with ``.``) are skipped without descending into
    them. Symlinked folders are followed once: a link back to a folder already on the path is a
    loop and becomes a warning, as does a broken link. A note or folder reached through a link
    that points outside ``root`` is skipped with a warning: nothing outside the notes folder is
    read (notes come from other people's vaults).
    """
    try:
        resolved = root.resolve(strict=True)
    except FileNotFoundError:
        raise NotesFolderError(f"notes folder not found: {root}") from None
    except (OSError, RuntimeError) as err:  # RuntimeError: symlink loop on Python < 3.13
        raise NotesFolderError(f"cannot open notes folder {root}: {reason_of(err)}") from None
    if not resolved.is_dir():
        raise NotesFolderError(f"not a folder: {root} (give the folder that holds your notes)")
    try:
        os.scandir(resolved).close()
    except OSError as err:
        raise NotesFolderError(f"cannot list notes folder {root}: {reason_of(err)}") from None

    walker = _Walker(resolved, exclude)
    walker.walk()
    return Discovery(
        root=resolved,
        notes=tuple(resolved / rel for rel in sorted(walker.notes)),
        skipped=tuple(sorted(walker.skipped)),
        warnings=tuple(sorted(walker.warnings, key=lambda w: w.path)),
    )


class _Walker:
    """Mutable accumulator of one :func:`discover` walk of the (resolved) notes folder ``root``."""

    def __init__(self, root: Path, exclude: tuple[str, ...] = ()) -> None:
        self.root = root
        self.exclude = exclude
        self.notes: list[str] = []
        self.skipped: list[str] = []
        self.warnings: list[FileWarning] = []

    def walk(self) -> None:
        """Visit every folder under the root with an explicit stack (a folder tree deeper than
        Python's recursion limit is no reason to fail). Each stack entry carries the real
        folders above it, so a symlink back to one of them is recognised as a loop."""
        stack: list[tuple[str, str, frozenset[tuple[int, int]]]] = [
            (str(self.root), "", frozenset({_identity(self.root)}))
        ]
        while stack:
            folder, rel, ancestors = stack.pop()
            try:
                with os.scandir(folder) as listing:
                    entries = sorted(listing, key=lambda e: e.name)
            except OSError as err:
                self.warnings.append(
                    FileWarning(rel or ".", f"cannot list folder: {reason_of(err)}")
                )
                continue
            for entry in entries:
                child = f"{rel}/{entry.name}" if rel else entry.name
                folder_key = self._visit(entry, child, ancestors)
                if folder_key is not None:
                    stack.append((entry.path, child, ancestors | {folder_key}))

    def _visit(
        self, entry: os.DirEntry[str], child: str, ancestors: frozenset[tuple[int, int]]
    ) -> tuple[int, int] | None:
        """Sort one entry into notes, skipped or warnings; a folder to walk returns its key."""
        if not _valid_name(entry.name):
            shown = child.encode("utf-8", "replace").decode("utf-8")
            self.warnings.append(FileWarning(shown, "file name is not valid UTF-8 (rename it)"))
            return None
        if (
            entry.name.startswith(".")
            or (entry.name in TOOL_FOLDERS and _is_dir(entry))
            or self._excluded(child)
        ):
            self.skipped.append(child + ("/" if _is_dir(entry) else ""))
            return None
        try:
            info = os.stat(entry.path)  # follows symlinks
        except OSError as err:
            self.warnings.append(FileWarning(child, _link_problem(entry, err)))
            return None
        if stat.S_ISDIR(info.st_mode) or entry.name.lower().endswith(NOTE_SUFFIXES):
            outside = self._outside(entry)
            if outside is not None:
                self.warnings.append(FileWarning(child, outside))
                return None
        if stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in ancestors:
                self.warnings.append(
                    FileWarning(child, "symbolic link loop (points back to a folder above)")
                )
                return None
            return key
        if not entry.name.lower().endswith(NOTE_SUFFIXES):
            self.skipped.append(child)
        elif not stat.S_ISREG(info.st_mode):
            self.warnings.append(FileWarning(child, "not a regular file (device, FIFO …)"))
        else:
            self.notes.append(child)
        return None

    def _excluded(self, child: str) -> bool:
        return excluded(child, self.exclude)

    def _outside(self, entry: os.DirEntry[str]) -> str | None:
        """Why a linked entry is skipped (it leads outside the root); None for the rest."""
        try:
            if not entry.is_symlink():
                return None  # its folder is inside the root, so it is too
            target = Path(os.path.realpath(entry.path))
        except (OSError, ValueError):
            return "cannot follow symbolic link (skipped)"
        if target.is_relative_to(self.root):
            return None
        return f"symbolic link to outside the notes folder ({target}); skipped"


def _link_problem(entry: os.DirEntry[str], err: OSError) -> str:
    """Why an entry cannot be opened, in one line."""
    if err.errno == errno.ELOOP:
        return "symbolic link loop"
    if entry.is_symlink() and err.errno == errno.ENOENT:
        try:
            return f"broken symbolic link (target missing: {os.readlink(entry.path)})"
        except OSError:
            return "broken symbolic link"
    return f"cannot open: {reason_of(err)}"


def _valid_name(name: str) -> bool:
    """False for names whose bytes are not UTF-8 (Python keeps them as lone surrogates, which
    no later stage, Anki included, can store)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _identity(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_dev, info.st_ino


def reason_of(err: BaseException) -> str:
    """A one-line reason from an OS error (``permission denied``), without the path."""
    if isinstance(err, OSError) and err.strerror:
        return err.strerror[0].lower() + err.strerror[1:]
    return str(err).splitlines()[0] if str(err) else type(err).__name__


def excluded(rel: str, exclude: tuple[str, ...]) -> bool:
    """Whether the file or folder at ``rel`` (POSIX, relative to the notes folder) matches one of
    the ``exclude`` globs (a folder also as ``rel/``); its parents are not looked at."""
    return any(
        fnmatch.fnmatchcase(rel, glob) or fnmatch.fnmatchcase(rel + "/", glob) for glob in exclude
    )

"""The output folder: the checks before a build writes into it, the packages' file names, the
build's private work folder, and the leftovers of killed builds.

File names: ``<category>.apkg`` for each top-level deck (the part of a card's deck before the
first ``::``; subdecks ``Parent::Child`` live inside their category's package). The name keeps
Chinese and every other character except those illegal in file names on some system
(``<>:"/\\|?*``, control characters), which become ``_``; leading/trailing dots and spaces are
dropped and Windows device names (``CON`` …) get a trailing ``_``. Two categories whose names
would clash (``a:b`` and ``a_b``, or ``ML`` and ``ml`` on a case-insensitive disk) are told apart
by a short hash: ``a_b-1f2e3d4c.apkg``.

Every package is made whole in a private temporary folder inside the output folder
(:func:`work_dir`), removed afterwards; folders left by a killed build are swept by the next one
(:func:`sweep`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import tempfile
import time
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path

from notecards.errors import OutputError, OutputInsideNotesError
from notecards.export.commit import write_error

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


def file_names(categories: Sequence[str]) -> dict[str, str]:
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


@contextlib.contextmanager
def work_dir(out_dir: Path, *, enabled: bool) -> Iterator[Path | None]:
    """A private temporary folder in ``out_dir`` (same disk, so ``os.replace`` is atomic),
    removed on exit, even on Ctrl-C; None in a dry run."""
    if not enabled:
        yield None
        return
    sweep(out_dir)
    try:
        work = Path(tempfile.mkdtemp(prefix=f"{_TEMP_PREFIX}{os.getpid()}-", dir=out_dir))
    except OSError as err:
        raise write_error(out_dir, "a temporary folder", err) from err
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def sweep(out_dir: Path) -> None:
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

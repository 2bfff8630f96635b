"""Watch mode (``notecards build --watch``): wait for notes to change, so the CLI rebuilds.

The only module that imports ``watchfiles``, and only when watching starts: ``notecards --help``
never loads it. What counts as a change is :func:`wanted`, a plain function of a path: a file in
the notes folder that a build could read (a note, ``notecards.toml``, an image …), not one in a
hidden or tool folder, not an excluded one, not an editor's temporary file, and nothing inside
the output folder, its state file or its cache (the output folder may not be inside the notes
folder, but its cache or a foreign folder given here might be).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from notecards.read.discover import TOOL_FOLDERS, excluded

STEP_MS = 300
"""A batch of changes is handed out once the folder has been quiet this long (an editor's save
is often several writes: a temporary file, a rename, a touch)."""
DEBOUNCE_MS = 3000
"""…or at the latest this long after its first change, while changes keep coming."""
_READY_MS = 1000
"""How long the watcher waits for a first change before saying it is ready."""
_TEMPORARY_NAMES = ("4913",)
"""Files editors write only to probe the folder (vim's ``4913``)."""
_TEMPORARY_ENDINGS = ("~", ".swp", ".swx", ".tmp", ".part", ".crdownload")
"""Backup and half-written files of editors and browsers."""


def wanted(
    path: str | Path, root: Path, ignored: Iterable[Path] = (), exclude: tuple[str, ...] = ()
) -> bool:
    """Whether a change to ``path`` (absolute) calls for a rebuild of the notes folder ``root``
    (absolute): see the module docstring. ``ignored`` are folders whose changes never count (the
    output folder, the cache); ``exclude`` the build's exclude globs."""
    where = Path(path)
    if any(where == folder or where.is_relative_to(folder) for folder in ignored):
        return False
    if not where.is_relative_to(root) or where == root:
        return False
    parts = where.relative_to(root).parts
    if any(part.startswith(".") for part in parts):
        return False  # hidden files and folders (.git, .obsidian, .trash, .#lock files of emacs)
    if any(part in TOOL_FOLDERS for part in parts[:-1]):
        return False
    name = parts[-1]
    if name in _TEMPORARY_NAMES or name.endswith(_TEMPORARY_ENDINGS) or name.startswith("#"):
        return False
    rel = PurePosixPath(*parts)
    # A glob may name the file or any folder above it (the build skips the whole folder).
    return not any(excluded(str(prefix), exclude) for prefix in (rel, *list(rel.parents)[:-1]))


def changes(
    root: Path, ignored: Iterable[Path] = (), exclude: tuple[str, ...] = ()
) -> Iterator[tuple[str, ...]]:
    """Yield ``()`` once the watcher runs (build then: a change made during that build is caught),
    then block until notes under ``root`` change and yield the changed paths (relative to
    ``root``, sorted), batch after batch. Changes made while the caller works (a rebuild) are
    kept and come in the next batch. Ends (returns) on Ctrl-C."""
    import watchfiles  # lazy: only watch mode needs it, and it starts a Rust thread

    # Its "KeyboardInterrupt caught, stopping watch" warning would follow every Ctrl-C.
    logging.getLogger("watchfiles").setLevel(logging.ERROR)
    root = root.resolve()
    skip = tuple(folder.resolve() for folder in ignored)

    def keep(_change: watchfiles.Change, path: str) -> bool:
        return wanted(path, root, skip, exclude)

    started = False
    for batch in watchfiles.watch(
        root,
        watch_filter=keep,
        step=STEP_MS,
        debounce=DEBOUNCE_MS,
        # An empty batch each second without changes: the first one says the watcher is ready.
        rust_timeout=_READY_MS,
        yield_on_timeout=True,
        raise_interrupt=False,
    ):
        if not started:
            started = True
            yield ()
        if batch:
            yield tuple(sorted({Path(path).relative_to(root).as_posix() for _kind, path in batch}))

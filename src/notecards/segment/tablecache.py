"""A per-user cache of tables derived from package data files (jieba's dictionary and IDF table).

Parsing those text files costs ~0.15 s each in every process; one ``marshal.loads`` of the
derived table costs a fifth of that. jieba caches its own prefix dictionary the same way (a
marshal file in the temporary folder). The cache lives in the build's
:attr:`~notecards.config.Config.table_cache` folder (None: no cache), which the caller resolves
(``$NOTECARDS_TABLE_CACHE``, else ``$XDG_CACHE_HOME/notecards`` or ``~/.cache/notecards``:
:func:`notecards.config.table_cache_folder`) and hands down. A file is named
after the table, the source file's path, size and modification time and this module's format, so
an upgraded jieba or notecards never reads a stale table; a missing, unreadable, corrupt or
unwritable cache only means the table is built from its source again.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

FORMAT = 1
"""Bumped whenever a cached table's shape changes."""


def load(name: str, source: Path, build: Callable[[], T], kind: type, folder: Path | None) -> T:
    """The table ``name`` derived from ``source`` by ``build``, from the cache ``folder`` when a
    valid copy of it is there (a value of type ``kind``), else built and stored there for the next
    process; with no ``folder``, simply built.

    ``build`` must return what :mod:`marshal` can write: dicts, tuples, str, int, float.
    """
    if folder is None:
        return build()
    try:
        info = source.stat()
    except OSError:
        return build()  # ``build`` raises the typed error about the missing source
    key = f"{FORMAT}|{name}|{source}|{info.st_size}|{info.st_mtime_ns}"
    path = folder / f"{name}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.marshal"
    try:
        value: T = marshal.loads(path.read_bytes())
        if isinstance(value, kind):
            return value
    except (OSError, ValueError, EOFError, TypeError):
        pass  # absent or damaged: rebuilt below
    table = build()
    _store(path, marshal.dumps(table))  # type: ignore[arg-type]
    return table


def _store(path: Path, data: bytes) -> None:
    """Write atomically (a concurrent process reads the old file or the new one, never half);
    a cache that cannot be written is silently skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".marshal")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass

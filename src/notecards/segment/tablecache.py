"""A per-user cache of tables derived from package data files (jieba's dictionary and IDF table).

Parsing those text files costs ~0.15 s each in every process; one ``marshal.loads`` of the
derived table costs a fifth of that. jieba caches its own prefix dictionary the same way (a
marshal file in the temporary folder). The cache lives in ``$NOTECARDS_TABLE_CACHE`` when set
(empty: no cache), else ``$XDG_CACHE_HOME/notecards`` or ``~/.cache/notecards``. A file is named
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

ENV = "NOTECARDS_TABLE_CACHE"
"""Environment variable naming the cache folder (empty: do not cache)."""


def cache_dir() -> Path | None:
    """The folder cached tables live in, or None when caching is switched off."""
    explicit = os.environ.get(ENV)
    if explicit is not None:
        return Path(explicit) if explicit.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "notecards"


def load(name: str, source: Path, build: Callable[[], T], kind: type) -> T:
    """The table ``name`` derived from ``source`` by ``build``, from the cache when a valid copy
    of it is there (a value of type ``kind``), else built and stored for the next process.

    ``build`` must return what :mod:`marshal` can write: dicts, tuples, str, int, float.
    """
    folder = cache_dir()
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

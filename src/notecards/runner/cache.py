"""The incremental build cache: per-note results kept in ``<out>/.notecards-cache/``.

One SQLite file holds, per note (keyed by its path relative to the notes root, so a moved note
is a new entry), the file's stat stamp (size, mtime, inode), a digest of its bytes, and its
:class:`~notecards.model.NoteResult` serialised by :func:`~notecards.runner.codec.encode`; and, per cross-note pass
(:meth:`NoteCache.recall`), its last value with the key of the results it was worked out from.
The whole cache belongs to one *fingerprint* (:mod:`notecards.runner.fingerprint`): when it
changes, every entry is dropped.

A note is reused when its stamp is unchanged (no read at all) or, failing that, when its bytes
hash to the stored digest. Each stored result carries a checksum of itself and its note's key:
an entry whose checksum does not match, or that does not load, is a miss (the note is built
again) and a warning — a damaged entry never puts wrong text into a deck nor fails a build. A stamp taken within :data:`RACY_WINDOW_NS` of the file's mtime is
not trusted (the file may change again within the clock's resolution, as git's "racy" index
entries), so such a note is hashed next time.

The cache never breaks a build: an unreadable, corrupt or locked database, or a folder that
cannot be written, is logged as a warning and the build goes on without it (or rebuilds it).
SQLite makes every write atomic; results are committed in batches, so an interrupted build
keeps what it finished.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from notecards.model import NoteResult
from notecards.runner.codec import decode, digest_bytes, entry_checksum

log = logging.getLogger(__name__)

CACHE_DIR = ".notecards-cache"
"""Folder of the cache inside the output folder (documented in decks/README.md)."""

DB_NAME = "notes.sqlite3"
"""The cache database inside :data:`CACHE_DIR`."""

FORMAT = 4
"""Storage format; bump it whenever the table layout or :func:`encode` changes."""

RACY_WINDOW_NS = 2_000_000_000
"""A stamp taken less than this after the file's mtime is re-checked by hash next time."""

COMMIT_EVERY_S = 5.0
"""Fresh results are committed at least this often, so an interrupted build keeps its work."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS notes (
    rel TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    trusted INTEGER NOT NULL,
    digest BLOB NOT NULL,
    result BLOB NOT NULL,
    checksum BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS across (name TEXT PRIMARY KEY, key BLOB NOT NULL, value BLOB NOT NULL);
"""


@dataclasses.dataclass(frozen=True, slots=True)
class Stamp:
    """What ``os.stat`` says about a note file; equal stamps mean "not touched"."""

    size: int
    """File size in bytes."""
    mtime_ns: int
    """Modification time in nanoseconds."""
    inode: int
    """Inode number (a file replaced by another with the same size and time differs here)."""

    @classmethod
    def of(cls, st: os.stat_result) -> Stamp:
        """The stamp of a stat result."""
        return cls(st.st_size, st.st_mtime_ns, st.st_ino)

    @classmethod
    def at(cls, path: Path) -> Stamp | None:
        """The stamp of the file at ``path``; None when it cannot be stat'ed (gone, unreadable)."""
        try:
            return cls.of(os.stat(path))
        except OSError:
            return None


# --- the store --------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class _Entry:
    """A row of the index (everything but the result)."""

    stamp: Stamp
    trusted: bool
    digest: bytes


class NoteCache:
    """The cache of one output folder for one fingerprint.

    ``read=False`` ignores what is stored (``--no-cache``); ``write=False`` never touches the
    disk (``--dry-run``). Use :meth:`match` to find reusable notes, :meth:`load` to fetch them,
    :meth:`store` for fresh results and :meth:`close` to prune and commit.
    """

    def __init__(self, out_dir: Path, fingerprint: str, *, read: bool = True, write: bool = True):
        self.folder = out_dir / CACHE_DIR
        self.fingerprint = fingerprint
        self._write = write
        self._db: sqlite3.Connection | None = None
        self._index: dict[str, _Entry] = {}
        self._restamps: list[tuple[str, Stamp, bool]] = []
        self._last_commit = time.monotonic()
        self._read = read
        self._open()

    # opening ----------------------------------------------------------------------------------

    @property
    def writable(self) -> bool:
        """Whether fresh results will be kept (false in a dry run or when the cache failed)."""
        return self._write and self._db is not None

    def _open(self) -> None:
        path = self.folder / DB_NAME
        if not self._write and not path.is_file():
            return
        try:
            self._db = self._connect(path)
            self._index = self._read_index()
            if self._write and not self._matches():
                self._reset()
        except (sqlite3.Error, OSError) as err:
            self._close_quietly()
            self._index = {}
            corrupt = isinstance(err, sqlite3.DatabaseError) and not isinstance(
                err, sqlite3.OperationalError
            )
            if not self._write:
                log.info("build cache %s not used (%s)", path, err)
            elif corrupt and self._discard(path, err):
                # A damaged or foreign file: start a fresh cache in its place.
                try:
                    self._db = self._connect(path)
                    self._reset()
                except (sqlite3.Error, OSError) as again:
                    self._disable(f"cannot create the build cache ({again})")
            else:
                self._disable(f"cannot use the build cache ({err})")

    def _connect(self, path: Path) -> sqlite3.Connection:
        if self._write:
            self.folder.mkdir(parents=True, exist_ok=True)
            _write_tag(self.folder)
            db = sqlite3.connect(path, timeout=5.0, isolation_level="DEFERRED")
            db.executescript(_SCHEMA)
        else:
            db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)
        return db

    def _matches(self) -> bool:
        assert self._db is not None
        rows = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        return rows.get("format") == str(FORMAT) and rows.get("fingerprint") == self.fingerprint

    def _read_index(self) -> dict[str, _Entry]:
        assert self._db is not None
        if not self._matches():
            return {}
        query = "SELECT rel, size, mtime_ns, inode, trusted, digest FROM notes"
        index: dict[str, _Entry] = {}
        for rel, size, mtime, inode, trusted, digest in self._db.execute(query):
            # A damaged row may hold values of another type: it is no entry (the note misses).
            if isinstance(rel, str) and isinstance(digest, bytes) and _ints(size, mtime, inode):
                index[rel] = _Entry(Stamp(size, mtime, inode), bool(trusted), digest)
        return index

    def _reset(self) -> None:
        """Drop every entry and claim the cache for this fingerprint (and format: the tables are
        made anew, so an older layout cannot linger)."""
        assert self._db is not None
        self._db.executescript(
            "DROP TABLE IF EXISTS notes; DROP TABLE IF EXISTS meta; DROP TABLE IF EXISTS across;"
            + _SCHEMA
        )
        with self._db:
            self._db.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [("format", str(FORMAT)), ("fingerprint", self.fingerprint)],
            )
        self._index = {}

    def _discard(self, path: Path, err: Exception) -> bool:
        log.warning("build cache %s is unreadable (%s); rebuilding it", path, err)
        try:
            for leftover in (path, path.with_name(path.name + "-journal")):
                leftover.unlink(missing_ok=True)
        except OSError:
            return False
        return True

    # reading ----------------------------------------------------------------------------------

    def match(self, rel: str, path: Path, stamp: Stamp) -> bool:
        """Whether the stored result for ``rel`` is still valid for the file at ``path``.

        An unchanged trusted stamp answers without reading the file; otherwise the file is
        hashed and compared with the stored digest (a touched but unchanged note still hits).
        """
        entry = self._index.get(rel) if self._read else None
        if entry is None:
            return False
        if entry.trusted and entry.stamp == stamp:
            return True
        try:
            data = path.read_bytes()
        except OSError:
            return False
        if digest_bytes(data) != entry.digest:
            return False
        self._restamps.append((rel, stamp, _trusted(stamp)))
        return True

    def load(self, rels: Iterable[str]) -> Iterator[tuple[str, NoteResult, bytes]]:
        """The stored results of ``rels`` (in storage order) with their checksums (a digest of
        the result itself); damaged entries are left out with a warning (the caller builds
        those notes again)."""
        wanted = set(rels)
        if self._db is None or not wanted:
            return
        try:
            query = "SELECT rel, result, checksum FROM notes"
            for rel, blob, checksum in self._db.execute(query):
                if rel not in wanted:
                    continue
                blob = bytes(blob)
                result = decode(blob) if entry_checksum(rel, blob) == bytes(checksum) else None
                if result is None:
                    log.warning(
                        "build cache entry for %s is damaged (checksum mismatch or unreadable); "
                        "building the note again",
                        rel,
                    )
                    continue
                yield rel, result, bytes(checksum)
        except (sqlite3.Error, TypeError) as err:  # TypeError: a damaged row holds no bytes
            log.warning("build cache %s could not be read (%s)", self.folder, err)

    def recall(self, name: str, key: bytes) -> bytes | None:
        """The value last kept under ``name`` if it was kept for ``key``, else None."""
        if self._db is None or not self._read:
            return None
        try:
            row = self._db.execute(
                "SELECT key, value FROM across WHERE name = ?", (name,)
            ).fetchone()
        except sqlite3.Error as err:
            log.warning("build cache %s could not be read (%s)", self.folder, err)
            return None
        if row is None or not isinstance(row[0], bytes) or bytes(row[0]) != key:
            return None
        return bytes(row[1]) if isinstance(row[1], bytes) else None

    # writing ----------------------------------------------------------------------------------

    def remember(self, name: str, key: bytes, value: bytes) -> None:
        """Keep ``value`` under ``name`` for ``key`` (replacing what was kept before)."""
        if not self._write or self._db is None:
            return
        try:
            self._db.execute("INSERT OR REPLACE INTO across VALUES (?, ?, ?)", (name, key, value))
        except sqlite3.Error as err:
            self._disable(f"cannot write the build cache ({err})")

    def store(self, rel: str, stamp: Stamp, digest: bytes, blob: bytes) -> None:
        """Remember a fresh result (committed in batches and at :meth:`close`)."""
        if not self._write or self._db is None:
            return
        try:
            self._db.execute(
                "INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    rel,
                    stamp.size,
                    stamp.mtime_ns,
                    stamp.inode,
                    _trusted(stamp),
                    digest,
                    blob,
                    entry_checksum(rel, blob),
                ),
            )
            if time.monotonic() - self._last_commit > COMMIT_EVERY_S:
                self._db.commit()
                self._last_commit = time.monotonic()
        except sqlite3.Error as err:
            self._disable(f"cannot write the build cache ({err})")

    def close(self, keep: Iterable[str]) -> None:
        """Forget notes not in ``keep`` (deleted or moved), save new stamps, commit, close."""
        if self._db is None:
            return
        try:
            if self._write:
                stale = self._index.keys() - set(keep)
                self._db.executemany("DELETE FROM notes WHERE rel = ?", ((r,) for r in stale))
                self._db.executemany(
                    "UPDATE notes SET size = ?, mtime_ns = ?, inode = ?, trusted = ? WHERE rel = ?",
                    ((s.size, s.mtime_ns, s.inode, t, rel) for rel, s, t in self._restamps),
                )
                self._db.commit()
        except sqlite3.Error as err:
            self._disable(f"cannot write the build cache ({err})")
        finally:
            self._close_quietly()

    def _disable(self, reason: str) -> None:
        log.warning("%s in %s; building without it", reason, self.folder)
        self._close_quietly()
        self._write = False

    def _close_quietly(self) -> None:
        if self._db is not None:
            try:
                self._db.rollback()
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None


def _ints(*values: object) -> bool:
    return all(isinstance(v, int) for v in values)


def _trusted(stamp: Stamp) -> bool:
    """False when the file changed so recently that a same-size rewrite could keep its mtime."""
    return time.time_ns() - stamp.mtime_ns > RACY_WINDOW_NS


def _write_tag(folder: Path) -> None:
    """Mark the folder as a cache (https://bford.info/cachedir/) so backup tools skip it."""
    tag = folder / "CACHEDIR.TAG"
    if not tag.exists():
        tag.write_text(
            "Signature: 8a477f597d28d172789f06886806bc55\n"
            "# This folder is the notecards build cache; it is safe to delete.\n",
            encoding="ascii",
        )

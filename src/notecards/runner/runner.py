"""Runs the per-note function the pipeline hands it over every note, reusing cached results.

    stat every note → reuse what the cache still vouches for → compute the rest
    (in ``config.jobs`` processes) → store fresh results → the cross-note pass (reused when
    every result is what it was last time) → prune deleted notes

Results come back in the order of ``paths`` whatever the cache hit or the scheduling, so a
build is identical with or without the cache and with any number of jobs. Only the per-note
results are kept in memory; each note's text and document are dropped as soon as it is done.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from notecards.config import Config
from notecards.model import FileWarning, NoteResult, last_field_setter
from notecards.read import read
from notecards.runner import cache, codec, workers
from notecards.runner.fingerprint import fingerprint

Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, rel_path)`` after each note (cached ones included); the
pipeline's ``progress`` argument."""


Verdicts = tuple[tuple[int, int, str], ...]
"""What a cross-note pass decides: (note index, card index in that note, reason) triples."""


@dataclass(frozen=True, slots=True)
class CrossNote:
    """A pass over the results of all notes (deduplication), split so that its decision can be
    kept in the cache and applied again while no result changes."""

    name: str
    """Names its entry in the cache."""
    decide: Callable[[Sequence[NoteResult]], Verdicts]
    """Works the decision out from every result (the expensive part)."""
    apply: Callable[[Sequence[NoteResult], Verdicts], list[NoteResult]]
    """Applies a decision to the results."""


def run(
    paths: Sequence[Path],
    root: Path,
    out_dir: Path,
    config: Config,
    process: workers.ProcessNote,
    progress: Progress | None = None,
    *,
    across: CrossNote | None = None,
) -> tuple[list[NoteResult], list[FileWarning]]:
    """Results of ``process`` for every readable note, in the order of ``paths`` (passed
    through ``across``, when given), and a warning per unreadable one.

    The cache in ``out_dir`` is read unless ``config.use_cache`` is off, and written unless
    ``config.dry_run`` is on.
    """
    store = cache.NoteCache(
        out_dir,
        fingerprint(config, cache.FORMAT),
        read=config.use_cache,
        write=not config.dry_run,
    )
    # The cache key is the note's path under the root, as the read stage names it: the category
    # and every card's provenance derive from it, so a moved note is a new entry.
    rels = [read.relative_path(path, root) for path in paths]
    slots: list[NoteResult | FileWarning | None] = [None] * len(paths)
    # A digest of each result (the cache's checksum of it): what the cross-note pass's key is
    # made of. A result without one (not cached) makes the pass run again.
    checksums: list[bytes] = [b""] * len(paths)
    done = 0

    def advance(index: int) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, len(paths), rels[index])

    try:
        hits: dict[str, int] = {}
        todo: list[workers.Task] = []
        for index, (path, rel) in enumerate(zip(paths, rels)):
            stamp = cache.Stamp.at(path)
            if stamp is not None and store.match(rel, path, stamp):
                hits[rel] = index
            else:
                todo.append(workers.Task(index, path, stamp.size if stamp else 0))

        with workers.collecting():  # the results decoded stay: not scanned again and again
            for rel, result, checksum in store.load(hits):
                index = hits.pop(rel)
                slots[index] = result
                checksums[index] = checksum
                advance(index)
        # Entries the cache vouched for but could not deliver are simply computed again.
        todo.extend(workers.Task(i, paths[i], _size(paths[i])) for i in hits.values())
        todo.sort(key=lambda task: task.index)

        for outcome in workers.compute(todo, root, config, process, serialise=store.writable):
            slots[outcome.index] = outcome.result or outcome.warning
            if outcome.stamp is not None and outcome.blob:
                rel = rels[outcome.index]
                store.store(rel, outcome.stamp, outcome.digest, outcome.blob)
                checksums[outcome.index] = codec.entry_checksum(rel, outcome.blob)
            advance(outcome.index)

        # Each result carries its checksum: the export's steady check digests these, not cards.
        results = [
            _checksummed(s, c) if c else s
            for s, c in zip(slots, checksums)
            if isinstance(s, NoteResult)
        ]
        warnings = [s for s in slots if isinstance(s, FileWarning)]
        if across is not None:
            with workers.collecting():
                results = _across(across, results, [r.checksum for r in results], store)
    finally:
        store.close(keep=rels)
    return results, warnings


_checksummed = last_field_setter(NoteResult, "checksum")
"""``replace(result, checksum=…)`` (speed)."""


def _across(
    across: CrossNote, results: list[NoteResult], checksums: list[bytes], store: cache.NoteCache
) -> list[NoteResult]:
    """``across`` applied to ``results``; its decision is taken from the cache when it was kept
    for results with these very checksums (in this order), else worked out and kept."""
    key = b""
    if all(checksums):
        key = hashlib.blake2b(b"".join(checksums), digest_size=16).digest()
        verdicts = _verdicts(store.recall(across.name, key), results)
        if verdicts is not None:
            return across.apply(results, verdicts)
    verdicts = across.decide(results)
    if key:
        store.remember(across.name, key, json.dumps(verdicts, ensure_ascii=False).encode("utf-8"))
    return across.apply(results, verdicts)


def _verdicts(blob: bytes | None, results: list[NoteResult]) -> Verdicts | None:
    """The decision kept in ``blob``, or None when there is none or it does not fit
    ``results`` (damaged: the pass runs again)."""
    if blob is None:
        return None
    try:
        rows = json.loads(blob.decode("utf-8"))
    except ValueError:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None
    if not isinstance(rows, list):
        return None
    out: list[tuple[int, int, str]] = []
    for row in rows:
        if not (isinstance(row, list) and len(row) == 3):
            return None
        note, card, reason = row
        if not (
            type(note) is int
            and type(card) is int
            and isinstance(reason, str)
            and 0 <= note < len(results)
            and 0 <= card < len(results[note].cards)
        ):
            return None
        out.append((note, card, reason))
    return tuple(out)


def _size(path: Path) -> int:
    stamp = cache.Stamp.at(path)
    return stamp.size if stamp else 0

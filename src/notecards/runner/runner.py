"""Runs the per-note function the pipeline hands it over every note, reusing cached results.

    stat every note → reuse what the cache still vouches for → compute the rest
    (in ``config.jobs`` processes) → store fresh results → prune deleted notes

Results come back in the order of ``paths`` whatever the cache hit or the scheduling, so a
build is identical with or without the cache and with any number of jobs. Only the per-note
results are kept in memory; each note's text and document are dropped as soon as it is done.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from notecards.config import Config
from notecards.model import FileWarning, NoteResult
from notecards.read import read
from notecards.runner import cache, workers
from notecards.runner.fingerprint import fingerprint

Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, rel_path)`` after each note (cached ones included); the
pipeline's ``progress`` argument."""


def run(
    paths: Sequence[Path],
    root: Path,
    out_dir: Path,
    config: Config,
    process: workers.ProcessNote,
    progress: Progress | None = None,
) -> tuple[list[NoteResult], list[FileWarning]]:
    """Results of ``process`` for every readable note, in the order of ``paths``, and a warning
    per unreadable one.

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

        for rel, result in store.load(hits):
            index = hits.pop(rel)
            slots[index] = result
            advance(index)
        # Entries the cache vouched for but could not deliver are simply computed again.
        todo.extend(workers.Task(i, paths[i], _size(paths[i])) for i in hits.values())
        todo.sort(key=lambda task: task.index)

        for outcome in workers.compute(todo, root, config, process, serialise=store.writable):
            slots[outcome.index] = outcome.result or outcome.warning
            if outcome.stamp is not None and outcome.blob:
                store.store(rels[outcome.index], outcome.stamp, outcome.digest, outcome.blob)
            advance(outcome.index)
    finally:
        store.close(keep=rels)

    results = [s for s in slots if isinstance(s, NoteResult)]
    warnings = [s for s in slots if isinstance(s, FileWarning)]
    return results, warnings


def _size(path: Path) -> int:
    stamp = cache.Stamp.at(path)
    return stamp.size if stamp else 0

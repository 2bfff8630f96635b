"""Computing per-note results, in this process or in a pool of worker processes.

:func:`compute` runs the per-note function it is handed (the pipeline's ``process_note``: the
runner never imports the pipeline) over a list of :class:`Task` and
yields one :class:`Outcome` per task, in completion order (the caller puts them back in input
order, so output never depends on scheduling). With ``jobs > 1`` and enough text to be worth
it, notes are grouped into size-balanced chunks of consecutive notes and sent to a
``ProcessPoolExecutor`` whose workers load the segmenter, the IDF table and the Markdown
parser once each. Workers send results back already serialised with
:func:`notecards.runner.codec.encode`, which is both the cheapest way across the process boundary and
exactly what the cache stores.

Workers die with the main process however it ends (``kill -9`` included): a worker outliving it
would block forever writing results nobody reads, holding the build's output pipe open
(:func:`_die_with_parent`).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import ctypes
import gc
import logging
import multiprocessing
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from pathlib import Path

from notecards.config import Config
from notecards.errors import UnreadableNote
from notecards.model import FileWarning, NoteResult
from notecards.runner.cache import Stamp
from notecards.runner.codec import decode, digest_bytes, encode

log = logging.getLogger(__name__)

ProcessNote = Callable[[Path, Path, Config], NoteResult]
"""The per-note function, called as ``process(path, root, config)``; it raises
:class:`~notecards.errors.UnreadableNote` for a file it cannot read. A top-level function, so it
can be sent to worker processes."""

PARALLEL_MIN_BYTES = 256 * 1024
"""Below this much note text, worker start-up costs more than it saves: compute in-process."""

CHUNK_MIN_BYTES = 64 * 1024
"""Smallest chunk of notes sent to a worker (bounds inter-process overhead per note)."""

CHUNK_MAX_BYTES = 1024 * 1024
"""Largest chunk (keeps the last chunks small so both cores finish together)."""

CHUNKS_PER_WORKER = 8
"""Aim for about this many chunks per worker, for load balance."""

CHUNK_MAX_NOTES = 64
"""Most notes in one chunk, so progress is reported often enough."""

_PR_SET_PDEATHSIG = 1
"""Linux ``prctl`` option: the signal this process gets when its parent exits."""


@dataclass(frozen=True, slots=True)
class Task:
    """One note to compute."""

    index: int
    """Position of the note in the build's input order."""
    path: Path
    """The note file."""
    size: int
    """Its size in bytes (for balancing chunks); 0 when unknown."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What computing one note gave: a result (with what the cache needs) or a warning."""

    index: int
    """The task's :attr:`Task.index`."""
    result: NoteResult | None = None
    """The result, when the note was readable."""
    warning: FileWarning | None = None
    """Why the note could not be read, otherwise."""
    blob: bytes = b""
    """The result serialised by :func:`~notecards.runner.codec.encode` (empty when not wanted)."""
    stamp: Stamp | None = None
    """The file's stamp, when it did not change while being processed (else not cacheable)."""
    digest: bytes = b""
    """Digest of the bytes that were processed."""


def compute_one(
    task: Task, root: Path, config: Config, process: ProcessNote, *, serialise: bool
) -> Outcome:
    """Process one note; ``serialise`` also produces the stamp, digest and blob for the cache."""
    before = Stamp.at(task.path) if serialise else None
    digest = b""
    if before is not None:
        try:
            digest = digest_bytes(task.path.read_bytes())
        except OSError:
            before = None
    try:
        result = process(task.path, root, config)
    except UnreadableNote as err:
        return Outcome(task.index, warning=FileWarning(err.path, err.reason))
    if not serialise:
        return Outcome(task.index, result=result)
    # A note edited while we read it is not cached: its digest may not match what was parsed.
    stamp = before if before is not None and Stamp.at(task.path) == before else None
    return Outcome(task.index, result=result, blob=encode(result), stamp=stamp, digest=digest)


def compute(
    tasks: Sequence[Task], root: Path, config: Config, process: ProcessNote, *, serialise: bool
) -> Iterator[Outcome]:
    """An :class:`Outcome` per task, in completion order, using up to ``config.jobs`` processes."""
    workers = _worker_count(tasks, config)
    context = _context() if workers > 1 else None
    if context is not None and not _picklable(context, root, config):
        context = None
    in_this_process = context is None or context.get_start_method() == "fork"
    if in_this_process and sum(t.size for t in tasks) >= PARALLEL_MIN_BYTES:
        # Loaded before the batch, so the collector can be told they stay (and forked workers
        # inherit them, copy-on-write, rather than load them once each). A small batch (a few
        # edited notes, or empty files, which are read again every build) loads what it needs
        # when it needs it: it may need no table at all.
        warm_up(config)
    with collecting():
        if context is not None:
            yield from _compute_parallel(tasks, root, config, workers, context, process)
            return
        for task in tasks:
            yield compute_one(task, root, config, process, serialise=serialise)


@contextlib.contextmanager
def collecting() -> Iterator[None]:
    """Python's cyclic garbage collector set for a batch of work, then set back: everything
    alive now (the segmenter's tables, the parser, the modules, the results so far) is frozen
    out of its scans, and young objects are collected a tenth as often (nearly all objects of a
    note, a card or a cache entry die by reference counting). With the defaults it spent ~8% of
    a cold build re-scanning the tables, a third of loading the cache and a tenth of the export.
    Forked workers inherit both settings (and share the frozen pages longer). Not nested."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(threshold[0] * 10, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _worker_count(tasks: Sequence[Task], config: Config) -> int:
    total = sum(t.size for t in tasks)
    if config.jobs <= 1 or len(tasks) < 2 or total < PARALLEL_MIN_BYTES:
        return 1
    return max(1, min(config.jobs, len(tasks), total // CHUNK_MIN_BYTES))


def chunk(tasks: Sequence[Task], workers: int) -> list[list[Task]]:
    """Consecutive runs of tasks of roughly equal total size, largest first (so a big note is
    not left for the end while the other worker idles)."""
    total = sum(t.size for t in tasks)
    target = min(CHUNK_MAX_BYTES, max(CHUNK_MIN_BYTES, total // (workers * CHUNKS_PER_WORKER)))
    chunks: list[list[Task]] = []
    current: list[Task] = []
    size = 0
    for task in tasks:
        current.append(task)
        size += task.size
        if size >= target or len(current) >= CHUNK_MAX_NOTES:
            chunks.append(current)
            current, size = [], 0
    if current:
        chunks.append(current)
    return sorted(chunks, key=lambda c: -sum(t.size for t in c))


def _compute_parallel(
    tasks: Sequence[Task],
    root: Path,
    config: Config,
    workers: int,
    context: BaseContext,
    process: ProcessNote,
) -> Iterator[Outcome]:
    pool = concurrent.futures.ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_init_worker,
        initargs=(config,),
    )
    try:
        # The build's settings travel with each chunk (a few kilobytes, a few chunks per
        # worker), so a worker holds no module-level state.
        submitted = [
            pool.submit(_work, chunk_, root, config, process) for chunk_ in chunk(tasks, workers)
        ]
        # as_completed lets go of each future once it is yielded; drop our own references too,
        # so a finished chunk's results are freed as soon as they are consumed.
        done = concurrent.futures.as_completed(submitted)
        del submitted
        for future in done:
            outcomes = future.result()
            del future
            for outcome in outcomes:
                yield _decoded(outcome)
    finally:
        # On an error or Ctrl-C, drop the queued chunks instead of finishing them.
        pool.shutdown(wait=True, cancel_futures=True)


def _decoded(outcome: Outcome) -> Outcome:
    """Rebuild the result a worker sent as a blob."""
    if outcome.warning is not None:
        return outcome
    result = decode(outcome.blob)
    if result is None:  # encode/decode are inverses; this is a bug, not bad input
        raise RuntimeError(f"worker result for note #{outcome.index} could not be decoded")
    return Outcome(outcome.index, result, None, outcome.blob, outcome.stamp, outcome.digest)


# --- inside a worker process ------------------------------------------------------------------


def _init_worker(config: Config) -> None:
    """Load the heavy parts once for this process (and tie its life to the build's)."""
    # Ctrl-C is the parent's to handle; workers are shut down by it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    warm_up(config)  # a no-op in forked workers: they inherit the parent's warm tables


def _die_with_parent() -> None:
    """End this worker as soon as the process that started it is gone, however it went.

    On Linux the kernel kills the worker when its parent exits (``PR_SET_PDEATHSIG``; strictly,
    when the thread that started it ends: the pool starts its workers from the thread that runs
    the build, which outlives them). Everywhere, a thread also waits on the parent's sentinel,
    which multiprocessing makes ready when the parent is gone; it also covers a parent that
    died before ``prctl`` was called, and the fork server's workers when the build is gone.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(
            target=_exit_after, args=(parent,), name="notecards-parent-watch", daemon=True
        ).start()


def _exit_after(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()
    # Not sys.exit: the main thread may be blocked writing to a pipe nobody reads any more.
    os._exit(1)


def warm_up(config: Config) -> None:
    """Load what every note needs once per process: the segmenter with the user dictionary,
    jieba's IDF table and the Markdown parser. Errors are left for the first note to raise."""
    # lazy: a rebuild whose notes are all cached loads neither
    from notecards import parse
    from notecards.segment import segment  # lazy: as above

    try:
        tokens = segment.tokenize("预热 warm-up", config.segmenter, config.user_dict)
        segment.keywords(tokens, 3, config.table_cache)
        parse.to_html("warm-up")
    except Exception:  # a bad user dictionary etc. resurfaces, typed, on the first note
        log.debug("warm-up failed", exc_info=True)


def _work(tasks: list[Task], root: Path, config: Config, process: ProcessNote) -> list[Outcome]:
    """Compute a chunk of notes in a worker; results travel as blobs, not objects."""
    outcomes = []
    for task in tasks:
        outcome = compute_one(task, root, config, process, serialise=True)
        # The object itself stays here: the blob carries it, pickled once.
        outcomes.append(
            Outcome(
                outcome.index, None, outcome.warning, outcome.blob, outcome.stamp, outcome.digest
            )
        )
    return outcomes


# --- helpers ----------------------------------------------------------------------------------


def _context() -> BaseContext | None:
    """``fork`` when it is safe (no other threads, e.g. a progress bar's), else
    ``forkserver`` or ``spawn``; None when this platform cannot start processes."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and _fork_is_safe():
        return multiprocessing.get_context("fork")
    for method in ("forkserver", "spawn"):
        if method in methods:
            return multiprocessing.get_context(method)
    return None


def _fork_is_safe() -> bool:
    """Forking copies only the calling thread; with others alive (a progress bar's refresh
    thread) a lock they hold could stay locked forever in the child."""
    return threading.active_count() == 1


def _picklable(context: BaseContext, root: Path, config: Config) -> bool:
    """Whether a non-fork worker can receive the settings (a rule may be a lambda)."""
    if context.get_start_method() == "fork":
        return True
    try:
        pickle.dumps((root, config))
    except Exception:
        log.info("rules cannot be sent to worker processes; building in one process")
        return False
    return True

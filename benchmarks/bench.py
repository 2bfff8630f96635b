"""notecards speed and memory benchmark (issue 6): ``python benchmarks/bench.py [--big]``.

Copies ``../shared/corpora/d2l-zh`` + ``oi-wiki`` (759 notes, ~12 MB) into a temporary folder
(and, with ``--big``, ten copies of them, ~120 MB), then for each corpus measures, every build
in a fresh ``python -m notecards build`` subprocess:

* cold build with ``--jobs 1`` and ``--jobs 2`` (empty output folder), time and MB/s (with the
  floor, the median of three runs on the 12 MB corpus, one on the 120 MB one);
* warm rebuild with nothing changed, after editing one note and after touching it (the median
  of three runs each);
* peak memory: the largest process (``wait4`` rusage: its RSS) and, for cold builds, the whole
  process tree (sampled PSS, so pages a forked worker shares with the parent are counted once;
  from a second run, as sampling slows the build it watches);

and, in the same run, the FLOOR: this script in ``--floor`` mode, which only reads the same
files, parses them with markdown-it-py and segments the text of every inline token with
rjieba, on one process and on two. Every figure is also given as a ratio to the one-core
floor. Also ``notecards --help`` and ``notecards build --help``.

Linux only (``/proc`` and ``wait4``). Run from anywhere; the corpora are found relative to
this checkout or given with ``--corpora``.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CORPORA = REPO.parent / "shared" / "corpora"
CORPUS_NAMES = ("d2l-zh", "oi-wiki")
BIG_COPIES = 10
SAMPLE_EVERY_S = 0.02
REPEATS = 3
"""Runs of each rebuild figure (warm, edit, touch); the median is reported."""


@dataclass(frozen=True)
class Run:
    """One measured subprocess."""

    seconds: float
    """Wall-clock time."""
    cpu_seconds: float
    """User + system CPU time of the process and its workers (steadier on a busy machine)."""
    largest_mb: float
    """Peak RSS of the largest single process (the build or one of its workers)."""
    tree_mb: float
    """Peak of the summed PSS of the process and its descendants (sampled)."""


def main(argv: Sequence[str] | None = None) -> None:
    """Parse options and run the benchmark (or the floor, in ``--floor`` mode)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=CORPORA, help="the shared corpora folder")
    parser.add_argument("--big", action="store_true", help=f"also the {BIG_COPIES}x corpus")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--floor", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor:
        floor(args.floor, args.jobs)
        return
    missing = [n for n in CORPUS_NAMES if not (args.corpora / n).is_dir()]
    if missing:
        sys.exit(f"corpora not found: {', '.join(str(args.corpora / n) for n in missing)}")
    work = Path(tempfile.mkdtemp(prefix="notecards-bench-"))
    try:
        print(f"notecards benchmark — {os.cpu_count()} cores, Python {sys.version.split()[0]}")
        startup()
        small = work / "notes-12"
        for name in CORPUS_NAMES:
            shutil.copytree(args.corpora / name, small / name)
        measure_corpus("d2l-zh + oi-wiki", small, work / "out-12", cold_repeats=REPEATS)
        if args.big:
            big = work / "notes-120"
            for copy in range(BIG_COPIES):
                shutil.copytree(small, big / f"copy{copy:02d}")
            measure_corpus(f"{BIG_COPIES}x copy", big, work / "out-120", cold_repeats=1)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


# --- what is measured -------------------------------------------------------------------------


def startup() -> None:
    """Time ``notecards --help`` and ``notecards build --help`` (median of 7)."""
    for args in (["--help"], ["build", "--help"]):
        times = sorted(measure(notecards_cmd(*args)).seconds for _ in range(7))
        label = "notecards " + " ".join(args)
        print(f"  {label:<28} median {statistics.median(times):6.3f} s  (min {times[0]:.3f} s)")


def measure_corpus(label: str, notes: Path, out: Path, *, cold_repeats: int) -> None:
    """Floor, cold builds (jobs 1 and 2), warm rebuild and one-note edit for one corpus; the
    floor and cold figures are the median of ``cold_repeats`` runs (the ratios between them
    are the targets, and one run of each can be a few percent off)."""
    files = sorted(notes.rglob("*.md"))
    size_mb = sum(p.stat().st_size for p in files) / 1e6
    runs = f" (median of {cold_repeats})" if cold_repeats > 1 else ""
    print(f"\n{label}: {len(files)} notes, {size_mb:.1f} MB")
    floors = []
    for jobs in (1, 2):
        command = [sys.executable, __file__, "--floor", str(notes), "--jobs", str(jobs)]
        floors.append(median_run([measure(command) for _ in range(cold_repeats)]))
    base = floors[0].seconds
    report(f"floor, 1 process{runs}", floors[0], size_mb, base)
    report(f"floor, 2 processes{runs}", floors[1], size_mb, base)

    build = notecards_cmd("build", str(notes), "-o", str(out), "-j", "2")
    for jobs in (1, 2):
        cold = notecards_cmd("build", str(notes), "-o", str(out), "-j", str(jobs))
        timed = []
        for _ in range(cold_repeats):
            shutil.rmtree(out, ignore_errors=True)
            timed.append(measure(cold))
        shutil.rmtree(out, ignore_errors=True)
        sampled = measure(cold, sample_tree=True)  # its own run: sampling slows the build
        report(
            f"cold build --jobs {jobs}{runs}",
            median_run(timed),
            size_mb,
            base,
            tree_mb=sampled.tree_mb,
        )
    warm = median_run([measure(build) for _ in range(REPEATS)])
    report(f"warm rebuild, nothing changed (median of {REPEATS})", warm, None, base)

    touched = files[len(files) // 2]
    edits = []
    for at in range(REPEATS):
        with touched.open("a", encoding="utf-8") as handle:
            handle.write(f"\n\n基准测试{at}是指在相同条件下重复测量程序性能的方法。\n")
        edits.append(measure(build))
    size_kb = touched.stat().st_size / 1e3
    report(f"rebuild after editing 1 note ({size_kb:.0f} kB)", median_run(edits), None, base)
    touches = []
    for _ in range(REPEATS):
        os.utime(touched)  # mtime only: the stat changes, the content hash does not
        touches.append(measure(build))
    report("rebuild after `touch` of 1 note", median_run(touches), None, base)


def median_run(runs: list[Run]) -> Run:
    """The run of median time."""
    return sorted(runs, key=lambda run: run.seconds)[len(runs) // 2]


def report(
    label: str,
    run: Run,
    size_mb: float | None,
    floor_seconds: float,
    *,
    tree_mb: float | None = None,
) -> None:
    """One line: time, throughput, ratio to the one-core floor, CPU, peak memory (the whole
    process tree's only where ``tree_mb`` was sampled)."""
    rate = f"{size_mb / run.seconds:6.2f} MB/s" if size_mb else " " * 11
    tree = f" {tree_mb:4.0f} MB/tree" if tree_mb is not None else ""
    print(
        f"  {label:<48} {run.seconds:7.2f} s {rate}  {run.seconds / floor_seconds:5.2f}x floor"
        f"  cpu {run.cpu_seconds:6.2f} s  peak {run.largest_mb:4.0f} MB/process{tree}"
    )


def notecards_cmd(*args: str) -> list[str]:
    """``python -m notecards ARGS`` with this interpreter."""
    return [sys.executable, "-m", "notecards", *args]


def measure(cmd: list[str], *, sample_tree: bool = False) -> Run:
    """Run ``cmd`` to completion: wall time, CPU time and the largest process's peak memory,
    and with ``sample_tree`` the peak of the whole process tree, sampled from /proc (Linux).

    Sampling reads every process's smaps every 20 ms, which costs enough kernel time to slow a
    build that keeps both cores busy (~7% measured): times come from runs without it."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryFile() as errors:  # not a pipe: a full one would block the child
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        tree_kb = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG if sample_tree else 0)
            if pid:
                break
            tree_kb = max(tree_kb, _tree_rss_kb(proc.pid))
            time.sleep(SAMPLE_EVERY_S)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        err = errors.read().decode(errors="replace")
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-3000:]}")
    largest_kb = usage.ru_maxrss  # the child or its largest waited-for descendant
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, largest_kb / 1024, max(tree_kb, largest_kb) / 1024)


def _tree_rss_kb(pid: int) -> int:
    """Summed memory of ``pid`` and its descendants, from /proc (0 when it is gone): PSS, which
    splits pages shared after a fork between the processes sharing them (summed RSS would count
    the parent's tables once per worker); VmRSS where smaps_rollup is unavailable."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            total += _memory_kb(current)
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, StopIteration, ValueError):
            continue
    return total


def _memory_kb(pid: int) -> int:
    for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            lines = Path(f"/proc/{pid}/{name}").read_text().splitlines()
        except OSError:
            continue
        return next(int(x.split()[1]) for x in lines if x.startswith(key))
    raise OSError(f"no memory figures for {pid}")


# --- the floor --------------------------------------------------------------------------------


def floor(notes: Path, jobs: int) -> None:
    """Read every note, parse it with markdown-it-py, segment every inline text with rjieba."""
    files = [str(p) for p in sorted(notes.rglob("*.md"))]
    if jobs <= 1:
        _floor_files(files)
        return
    import concurrent.futures

    chunks = [files[i : i + 16] for i in range(0, len(files), 16)]
    with concurrent.futures.ProcessPoolExecutor(jobs) as pool:
        list(pool.map(_floor_files, chunks))


@functools.lru_cache(maxsize=1)
def _floor_tools() -> tuple[Any, Any]:
    """markdown-it (CommonMark + tables) and a jieba-rs engine, made once per process."""
    import rjieba
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table"), rjieba.Jieba()


def _floor_files(files: list[str]) -> int:
    md, engine = _floor_tools()
    tokens = 0
    for name in files:
        text = Path(name).read_bytes().decode("utf-8", errors="replace")
        for token in md.parse(text):
            if token.type == "inline" and token.content:
                tokens += len(engine.cut(token.content, hmm=True))
    return tokens


if __name__ == "__main__":
    main()

"""Pathological notes benchmark (issue 14 point 6): ``python benchmarks/adversarial.py [--sizes ...]``.

Builds one notes folder per case and size (one note each, a Chinese heading or line repeated up to
the size), runs ``python -m notecards build --no-cache -j 1`` on it in a fresh subprocess and prints
its wall-clock time and peak RSS (``wait4`` rusage of that one process). Cases:

* ``bilingual``: ``注意力机制（attention mechanism）`` repeated on one line;
* ``headings``: distinct ``## 什么是概念N？`` headings with a line of answer each;
* ``same-headings``: the same question heading and answer repeated;
* ``images``: a run of ``![`` on one line;
* ``titles``: a run of ``# 标题`` lines;
* ``big-image``: a card referring to a sparse 1 GB image (refused by the media size limit; the
  peak memory shows it is not read whole). Run once: its note is the same at every size.

Targets (issue 14): every case at 5 MB within 10 s and 500 MB, and the 5 MB time at most six
times the 1 MB time. A build that runs past ``--timeout`` is killed and shown as ``>T``.
Linux only (``wait4``).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SIZES = {"100KB": 100_000, "1MB": 1_000_000, "5MB": 5_000_000}
BIG_IMAGE_BYTES = 1 << 30


def repeat_to(unit: str, size: int, sep: str = "") -> str:
    """``unit`` (joined by ``sep``) repeated until the UTF-8 text is about ``size`` bytes."""
    per = len((unit + sep).encode("utf-8"))
    return sep.join([unit] * max(1, size // per))


def bilingual(size: int) -> str:
    """One line of the same bilingual term, again and again."""
    return repeat_to("注意力机制（attention mechanism）", size) + "\n"


def headings(size: int) -> str:
    """Distinct question headings, each with one line of answer."""
    parts: list[str] = []
    total = 0
    n = 0
    while total < size:
        n += 1
        part = f"## 什么是概念{n}？\n\n概念{n}是一种用于测试的方法。\n\n"
        parts.append(part)
        total += len(part.encode("utf-8"))
    return "".join(parts)


def same_headings(size: int) -> str:
    """The same question heading and answer, again and again."""
    return repeat_to("## 什么是概念？\n\n概念是一种用于测试的方法。\n\n", size)


def images(size: int) -> str:
    """A run of image openers on one line."""
    return repeat_to("![", size) + "\n"


def titles(size: int) -> str:
    """A run of level-one headings."""
    return repeat_to("# 标题\n", size)


def big_image(size: int) -> str:
    """A short note referring to ``big.png`` (the 1 GB sparse file written next to it)."""
    del size
    return "# 图\n\n卷积神经网络是什么 :: 一种神经网络 ![大图](big.png)\n"


CASES: dict[str, Callable[[int], str]] = {
    "bilingual": bilingual,
    "headings": headings,
    "same-headings": same_headings,
    "images": images,
    "titles": titles,
    "big-image": big_image,
}


@dataclass(frozen=True)
class Run:
    """One measured build."""

    seconds: float
    """Wall-clock time (the timeout when it was killed)."""
    peak_mb: float
    """Peak RSS of the build process."""
    exit_code: int
    """The build's exit status (negative: killed by that signal)."""
    timed_out: bool
    """The build ran past the timeout and was killed."""


def run_build(folder: Path, timeout: float) -> Run:
    """Build ``folder/notes`` into ``folder/decks`` in a subprocess and measure it."""
    cmd = [sys.executable, "-m", "notecards", "build", str(folder / "notes"), "-o"]
    cmd += [str(folder / "decks"), "--no-cache", "-j", "1"]
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    timed_out = False
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - start > timeout:
            os.killpg(proc.pid, signal.SIGKILL)
            timed_out = True
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait again
    return Run(seconds, usage.ru_maxrss / 1024, proc.returncode, timed_out)


def make_folder(root: Path, case: str, size: int) -> Path:
    """Write the case's one note (and the big image) under ``root`` and return ``root``."""
    notes = root / "notes" / "topic"
    notes.mkdir(parents=True)
    (notes / "note.md").write_text(CASES[case](size), encoding="utf-8")
    if case == "big-image":
        with open(notes / "big.png", "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n")
            f.truncate(BIG_IMAGE_BYTES)  # sparse: a 1 GB file that costs no disk
    return root


def main(argv: list[str] | None = None) -> int:
    """Run every case at every size and print a table; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", nargs="*", default=list(CASES), choices=list(CASES))
    parser.add_argument("--sizes", nargs="*", default=list(SIZES), choices=list(SIZES))
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per build")
    args = parser.parse_args(argv)
    print(f"{'case':<14} {'size':>6} {'seconds':>9} {'peak MB':>8}  exit")
    missed: list[str] = []
    for case in args.cases:
        runs: dict[str, Run] = {}
        for size_name in args.sizes:
            if case == "big-image" and runs:
                break  # its note is the same at every size: one run
            with tempfile.TemporaryDirectory(prefix="nc-adv-") as tmp:
                run = run_build(make_folder(Path(tmp), case, SIZES[size_name]), args.timeout)
            runs[size_name] = run
            secs = f">{args.timeout:.0f}" if run.timed_out else f"{run.seconds:.2f}"
            print(
                f"{case:<14} {size_name:>6} {secs:>9} {run.peak_mb:>8.0f}  {run.exit_code}",
                flush=True,
            )
        big = runs.get(args.sizes[0]) if case == "big-image" else runs.get("5MB")
        if big and (big.timed_out or big.seconds > 10 or big.peak_mb > 500):
            missed.append(f"{case}: 5MB over 10 s or 500 MB")
        small = runs.get("1MB")
        if case != "big-image" and big and small and big.seconds > 6 * small.seconds:
            missed.append(f"{case}: 5MB more than 6x the 1MB time")
    for line in missed:
        print("MISSED", line)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Worker processes die with the build's main process (issue 14, point 5).

A real ``notecards build … -j 2`` runs in a subprocess on a notes folder big enough to keep its
workers busy; as soon as the workers are there, the main process is killed (``SIGTERM`` or
``SIGKILL``), and every process it started must be gone within 5 s — and its output pipe closed,
so that ``notecards build … | cat`` returns. Processes are found through ``/proc`` (Linux).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="finds processes through /proc"
)

GRACE_SECONDS = 5.0
"""How long the workers may outlive the main process (the issue's bound)."""


def _stat(pid: int) -> tuple[str, int, int] | None:
    """(state, parent pid, start time) of a process, None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    fields = text[text.rindex(")") + 2 :].split()  # the name may hold spaces and parentheses
    return fields[0], int(fields[1]), int(fields[19])


def descendants(root: int) -> dict[int, tuple[int, int]]:
    """Pid → (start time, depth) of every live process under ``root`` (children at depth 1,
    grandchildren at depth 2 …)."""
    parents: dict[int, int] = {}
    starts: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _stat(int(entry))
            if stat is not None and stat[0] != "Z":
                parents[int(entry)], starts[int(entry)] = stat[1], stat[2]
    found: dict[int, tuple[int, int]] = {}
    todo = [(root, 0)]
    while todo:
        parent, depth = todo.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in found:
                found[pid] = (starts[pid], depth + 1)
                todo.append((pid, depth + 1))
    return found


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def workers_of(main: int, processes: dict[int, tuple[int, int]]) -> list[int]:
    """The pool's workers among ``main``'s descendants: forked from it (same command line) or,
    with the forkserver start method, children of the fork server. Multiprocessing's helper
    processes (fork server, resource tracker) are not workers, though they must end too."""
    own = cmdline(main)
    return [
        pid
        for pid, (_start, depth) in processes.items()
        if depth == 2 or (depth == 1 and cmdline(pid) == own)
    ]


def alive(pid: int, start: int) -> bool:
    """Whether the process ``pid`` that started at ``start`` still runs (a zombie does not:
    it only waits for a parent to collect its exit status)."""
    stat = _stat(pid)
    return stat is not None and stat[0] != "Z" and stat[2] == start


def make_notes(folder: Path, notes: int = 160, paragraphs: int = 60) -> None:
    """About 4 MB of varied study notes: seconds of work for two workers, which are killed
    long before they are done."""
    for n in range(notes):
        lines = [f"# 第{n}章 学习笔记\n"]
        for p in range(paragraphs):
            k = n * paragraphs + p
            lines.append(
                f"## 什么是概念{k}？\n\n概念{k}是指第{n}章第{p}节讨论的一种按相关性分配权重的"
                f"方法，它的作用是降低特征图{k}的尺寸。\n\n- 术语{k}: 用于描述模型{p}的参数\n"
                f"- Term{k}: a method that assigns weights by relevance in chapter {n}.\n\n"
                f"注意力机制{k}（attention mechanism {k}）存在以下几个问题：计算量大、"
                f"需要大量数据{p}、难以解释。\n"
            )
        (folder / f"cat{n % 4}").mkdir(exist_ok=True)
        (folder / f"cat{n % 4}" / f"note{n}.md").write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["TERM", "KILL"])
def test_workers_do_not_outlive_a_killed_build(tmp_path: Path, sig: signal.Signals) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    make_notes(notes)
    command = [sys.executable, "-m", "notecards", "build", str(notes), "-o", str(tmp_path / "out")]
    proc = subprocess.Popen(
        [*command, "-j", "2", "--no-cache"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        processes: dict[int, tuple[int, int]] = {}
        while len(workers_of(proc.pid, processes)) < 2 and proc.poll() is None:
            time.sleep(0.01)
            processes = descendants(proc.pid)
        assert proc.poll() is None, "the build ended before it could be killed: more notes"
        proc.send_signal(sig)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()

    started = {pid: start for pid, (start, _depth) in processes.items()}
    deadline = time.monotonic() + GRACE_SECONDS
    while any(alive(pid, start) for pid, start in started.items()):
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
    survivors = [pid for pid, start in started.items() if alive(pid, start)]
    for pid in survivors:  # do not leave them running after a failure
        os.kill(pid, signal.SIGKILL)
    assert survivors == [], f"{len(survivors)} of {len(started)} processes outlived the main one"
    # Nothing holds the output pipe any more: `notecards build … | cat` would return.
    assert proc.stdout is not None
    proc.stdout.read()
    proc.stdout.close()

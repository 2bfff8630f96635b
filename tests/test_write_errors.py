"""Disk full and other write errors (issue 14 point 7): one line naming the file, and the decks
and the state file in the output folder stay those of the previous build — all of them."""

from __future__ import annotations

import errno
import os
import resource
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from card_helpers import read_package
from notecards import pipeline
from notecards.config import Config
from notecards.errors import ExportError
from notecards.export import anki_model, export
from notecards.export.state import STATE_FILE

FIRST = {
    "机器学习/cnn.md": "# 卷积\n\n卷积神经网络是一种专门处理网格结构数据的神经网络。\n",
    "深度学习/rnn.md": "# 循环\n\n循环神经网络是一种处理序列数据的神经网络。\n",
    "数学/norm.md": "# 范数\n\n范数是一种衡量向量大小的函数。\n",
}
"""Three decks; the second build changes two, drops one (stale) and adds one."""

SECOND = {
    "机器学习/cnn.md": FIRST["机器学习/cnn.md"] + "\n池化层是一种降低特征图分辨率的层。\n",
    "深度学习/rnn.md": FIRST["深度学习/rnn.md"] + "\n门控循环单元是一种简化的长短期记忆网络。\n",
    "统计/mle.md": "# 估计\n\n最大似然估计是一种估计模型参数的方法。\n",
}


def write_notes(root: Path, notes: dict[str, str]) -> None:
    for rel, text in notes.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


def output(out: Path) -> dict[str, bytes]:
    """The decks and the state file in ``out`` (the cache is not part of a build's output)."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """Notes built once, then changed: (notes, out, the first build's output)."""
    notes, out = tmp_path / "notes", tmp_path / "out"
    write_notes(notes, FIRST)
    pipeline.build(notes, out, Config(jobs=1))
    before = output(out)
    assert STATE_FILE in before and len([n for n in before if n.endswith(".apkg")]) == 3
    for rel in FIRST:
        (notes / rel).unlink()
    write_notes(notes, SECOND)
    return notes, out, before


def _failing(real: Callable[..., Any], at: int, err: Exception) -> Callable[..., Any]:
    calls = [0]

    def fail(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == at:
            raise err
        return real(*args, **kwargs)

    return fail


ENOSPC = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
SQLITE_FULL = sqlite3.OperationalError("database or disk is full")


@pytest.mark.parametrize("at", [1, 2, 3])
@pytest.mark.parametrize("err", [ENOSPC, SQLITE_FULL], ids=["ENOSPC", "sqlite-full"])
def test_a_deck_that_cannot_be_written_changes_nothing(
    built: tuple[Path, Path, dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
    at: int,
    err: Exception,
) -> None:
    notes, out, before = built
    monkeypatch.setattr(anki_model, "write_apkg", _failing(anki_model.write_apkg, at, err))
    with pytest.raises(ExportError) as raised:
        pipeline.build(notes, out, Config(jobs=1))
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(str(out)) and ".apkg: cannot write the deck" in message
    assert "free some space" in message
    assert output(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".notecards-tmp")]


def test_a_state_file_that_cannot_be_written_puts_every_deck_back(
    built: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The state is saved after the new decks are in place and the stale one removed (its
    cards are not shipped again as retired): all of that is undone."""
    notes, out, before = built
    config = Config(jobs=1, retire_orphans=False)

    def full(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(export, "save_state", full)
    with pytest.raises(ExportError) as raised:
        pipeline.build(notes, out, config)
    assert str(raised.value).startswith(f"{out / STATE_FILE}: cannot write the state file")
    assert output(out) == before
    monkeypatch.undo()
    pipeline.build(notes, out, config)  # with space again, the build goes through
    decks = sorted(n for n in output(out) if n.endswith(".apkg"))
    assert decks == sorted(["机器学习.apkg", "深度学习.apkg", "统计.apkg"])


def _limit_file_size() -> None:
    # The child process cannot grow a file past this: every write beyond it fails with EFBIG
    # (SIGXFSZ, which would kill it, is ignored as a program that handles write errors does).
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_the_cli_says_which_file_in_one_line_and_keeps_the_previous_build(
    built: tuple[Path, Path, dict[str, bytes]],
) -> None:
    notes, out, before = built
    cmd = [sys.executable, "-m", "notecards", "build", str(notes), "-o", str(out), "-j", "1"]
    run = subprocess.run(
        cmd, capture_output=True, text=True, timeout=300, preexec_fn=_limit_file_size
    )
    assert run.returncode == 1, run.stderr
    # The cache only warns (a build goes on without it); the deck write is the one error.
    errors = [line for line in run.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1, run.stderr
    assert f"{out}{os.sep}" in errors[0] and ".apkg: cannot write the deck" in errors[0]
    assert "internal error" not in run.stderr
    assert output(out) == before
    for name in (n for n in before if n.endswith(".apkg")):
        assert read_package(out / name)[0]  # still a whole package

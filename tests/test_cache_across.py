"""The cross-note pass (deduplication) in the build cache: its decision is kept with the key of
the results it was worked out from, applied again while they stay the same, and worked out again
when any changes or when what was kept is damaged."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from notecards import pipeline
from notecards.config import Config
from notecards.model import BuildReport
from notecards.runner import cache

DEFINITION = "卷积神经网络是一种专门处理网格结构数据的神经网络。"
NOTES = {
    "a.md": f"# 卷积\n\n{DEFINITION}\n\n池化层的作用是降低特征图的分辨率，减少计算量。\n",
    "b.md": f"# 卷积神经网络\n\n{DEFINITION}\n",  # the better source: its title names the term
}
OLD = 1_600_000_000_000_000_000
"""An mtime far in the past, so stamps are trusted (not "racy")."""


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    root.mkdir()
    for rel, text in NOTES.items():
        (root / rel).write_text(text, encoding="utf-8")
        os.utime(root / rel, ns=(OLD, OLD))
    return root


def build(notes: Path, out: Path, **options: object) -> BuildReport:
    return pipeline.build(notes, out, Config(jobs=1, **options))  # type: ignore[arg-type]


def duplicates(report: BuildReport) -> list[tuple[str, str]]:
    """(note, reason) of every card the cross-note pass rejected."""
    return [
        (n.rel_path, r.reason) for n in report.notes for r in n.rejected if "duplicate" in r.reason
    ]


def keep(out: Path, value: bytes) -> None:
    """Overwrite the kept decision of the deduplication (its key untouched)."""
    db = sqlite3.connect(out / cache.CACHE_DIR / cache.DB_NAME)
    with db:
        db.execute("UPDATE across SET value = ? WHERE name = 'deduplicate'", (value,))
    db.close()


def test_a_warm_build_gives_the_cold_builds_result(notes: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    cold = build(notes, out)
    assert duplicates(cold) == [("a.md", "duplicate")]
    warm = build(notes, out)
    assert warm.notes == cold.notes
    assert warm.notes == build(notes, tmp_path / "fresh", use_cache=False).notes


def test_the_kept_decision_is_applied_while_no_result_changes(notes: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(notes, out)
    keep(out, b"[]")  # a decision that rejects nothing: only a reused one can say so
    assert duplicates(build(notes, out)) == []


def test_a_changed_note_works_the_decision_out_again(notes: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(notes, out)
    keep(out, b"[]")
    (notes / "a.md").write_text(NOTES["a.md"] + "\n另一段文字。\n", encoding="utf-8")
    assert duplicates(build(notes, out)) == [("a.md", "duplicate")]


@pytest.mark.parametrize(
    "damage",
    [b"not json", b"\xff\xfe", b'{"a": 1}', b"[[0, 99, \"duplicate\"]]", b'[[5, 0, "x"]]',
     b'[[0, 0]]', b'[[true, 0, "duplicate"]]'],
)  # fmt: skip
def test_a_damaged_decision_is_worked_out_again(notes: Path, tmp_path: Path, damage: bytes) -> None:
    out = tmp_path / "out"
    cold = build(notes, out)
    keep(out, damage)
    assert build(notes, out).notes == cold.notes


def test_no_cache_works_the_decision_out(notes: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(notes, out)
    keep(out, b"[]")
    assert duplicates(build(notes, out, use_cache=False)) == [("a.md", "duplicate")]

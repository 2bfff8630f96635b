"""Whole-note snapshots: every shipped sample note → its cards, one line each, in ``tests/golden``.

After an intended change to the rules, regenerate with ``NOTECARDS_UPDATE_GOLDEN=1 pytest
tests/test_snapshots.py`` and review the diff like code.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from notecards.cli.explain import render_card
from notecards.config import Config
from notecards.pipeline import process_note
from notecards.read.discover import discover

ROOT = Path(__file__).parent.parent
NOTES = ROOT / "notes"
GOLDEN = Path(__file__).parent / "golden"
SAMPLES = discover(NOTES).notes


def golden_path(note: Path) -> Path:
    rel = note.relative_to(NOTES.resolve()).as_posix().replace("/", "__")
    return GOLDEN / f"{rel}.cards.txt"


def snapshot(note: Path) -> str:
    result = process_note(note, NOTES.resolve(), Config(jobs=1))
    lines = [f"{card.source.line}: {render_card(card)}" for card in result.cards]
    lines += [f"dropped {d.line} ({d.reason}): {d.text}" for d in result.dropped]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("note", SAMPLES, ids=[n.name for n in SAMPLES])
def test_sample_note_snapshot(note: Path) -> None:
    path = golden_path(note)
    actual = snapshot(note)
    if os.environ.get("NOTECARDS_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}; run with NOTECARDS_UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8")


def test_there_are_enough_sample_notes() -> None:
    categories = {
        n.relative_to(NOTES.resolve()).parts[0] for n in SAMPLES if n.parent != NOTES.resolve()
    }
    assert len(SAMPLES) >= 8
    assert len(categories) >= 3
    assert any(n.suffix == ".txt" for n in SAMPLES)

"""The judged-sample gate: every blind-judged sample in ``tests/fixtures/quality/blind/gate/``
is rebuilt from its notes, and the test fails when a card the judge kept is gone or changed, or
a card the judge dropped comes back. Drops the build still makes are listed in
``gate/known-drops.json``, a ratchet: a drop not listed fails the gate, and so does a listed one
the build no longer makes (take it off the list in the commit that fixed it). A changed card is
judged again (blind) and its file updated in the same commit; a sample judged on an older build
moves to ``blind/`` (history) instead.

The cards are listed with the shared sampler (``../shared/eval/sample_cards.py``), which imports
the decks into a real Anki collection: the judge and this gate see the same text."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from notecards.config import Config
from notecards.pipeline import build

GATE = Path(__file__).parent / "fixtures" / "quality" / "blind" / "gate"
CORPUS_NAMES = ("notes-dev", "d2l-zh", "oi-wiki")
"""The shared corpora a judged card may come from (its source path is relative to one)."""
KNOWN_DROPS = GATE / "known-drops.json"
"""Per judged file, the fronts of the cards judged drop that the build still makes."""
EVERY_CARD = "1000000"
"""A sample size larger than any build: the sampler then lists every card."""


def _note_path(source: str) -> str:
    """``dir/note.md › Heading, line 12`` → ``dir/note.md``."""
    return source.split(" › ", 1)[0].rsplit(", line ", 1)[0]


def _copy_notes(judged: list[dict[str, str]], corpora: Path, notes: Path) -> None:
    for rel in sorted({_note_path(card["source"]) for card in judged}):
        found = [corpora / name / rel for name in CORPUS_NAMES if (corpora / name / rel).is_file()]
        assert found, f"{rel}: in none of {CORPUS_NAMES}"
        (notes / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(found[0], notes / rel)


def _shown(decks: Path, sampler: Path) -> set[tuple[str, str]]:
    out = subprocess.run(
        [sys.executable, str(sampler), str(decks), EVERY_CARD, "0"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    cards = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return {(card["front"], card["back"]) for card in cards}


@pytest.mark.parametrize("path", sorted(GATE.glob("*.jsonl")), ids=lambda p: p.stem)
def test_no_dropped_card_comes_back_and_no_kept_card_changes(
    path: Path, corpora: Path, tmp_path: Path
) -> None:
    sampler = corpora.parent / "eval" / "sample_cards.py"
    if not sampler.exists():
        pytest.skip("the shared sampler is absent")
    judged = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    _copy_notes(judged, corpora, tmp_path / "notes")
    build(tmp_path / "notes", tmp_path / "decks", Config(jobs=1, use_cache=False))
    shown = _shown(tmp_path / "decks", sampler)
    known = set(json.loads(KNOWN_DROPS.read_text(encoding="utf-8")).get(path.name, []))
    made = {
        c["front"] for c in judged if c["verdict"] == "drop" and (c["front"], c["back"]) in shown
    }
    gone = [
        c["front"]
        for c in judged
        if c["verdict"] == "keep" and (c["front"], c["back"]) not in shown
    ]
    assert not gone, f"{len(gone)} card(s) judged keep are gone or changed: {gone}"
    assert made <= known, f"card(s) judged drop came back: {sorted(made - known)}"
    assert known <= made, (
        f"fixed drop(s) still listed in {KNOWN_DROPS.name}: {sorted(known - made)}"
    )


def test_the_gate_holds_judged_samples() -> None:
    """The gate is not empty: at least one judged sample of the current build is in it."""
    assert list(GATE.glob("*.jsonl")), f"no judged sample in {GATE}"

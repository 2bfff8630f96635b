"""Issue 14 point 6: Config.max_note_cards bounds the work of a note of very many cards.

Work is counted (the blocks the rule chain is run on), never timed.
"""

from __future__ import annotations

from pathlib import Path

import adversarial
import pytest

from notecards.config import Config
from notecards.extract import extract
from notecards.pipeline import process_note

_TERMS = ("卷积层", "池化层", "注意力", "残差连接", "批归一化", "丢弃法", "学习率", "优化器")


def _headings_note(tmp_path: Path, count: int) -> tuple[Path, Path]:
    notes = tmp_path / f"notes-{count}"
    (notes / "topic").mkdir(parents=True)
    text = "".join(
        f"## 什么是{term}{n}？\n\n{term}{n}是神经网络中常用的一种结构，用于提取特征。\n\n"
        for n in range(count // len(_TERMS) + 1)
        for term in _TERMS
    )
    (notes / "topic" / "note.md").write_text(text, encoding="utf-8")
    return notes / "topic" / "note.md", notes


@pytest.fixture
def blocks_carded(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of blocks of every document the rule chain runs on."""
    seen: list[int] = []
    real = extract.candidates

    def counting(doc, config, *rest):  # type: ignore[no-untyped-def]
        seen.append(len(doc.blocks))
        return real(doc, config, *rest)

    monkeypatch.setattr(extract, "candidates", counting)
    return seen


def test_the_work_of_a_capped_note_does_not_grow_with_it(tmp_path, blocks_carded):
    config = Config(jobs=1, use_cache=False, max_note_cards=50)
    work = []
    for count in (2_000, 8_000):
        note, root = _headings_note(tmp_path, count)
        blocks_carded.clear()
        result = process_note(note, root, config)
        assert 0 < len(result.cards) <= 50
        (warning,) = [w for w in result.warnings if "--max-note-cards" in w]
        (line,) = [int(word) for word in warning.split() if word.isdigit() and word != "50"]
        assert all(card.source.line < line for card in result.cards)
        work.append(sum(blocks_carded))
    assert work[0] == work[1] <= 3 * extract.PROBE_BLOCKS_PER_CARD * 50


def test_a_note_under_the_cap_gives_the_same_cards(tmp_path):
    note, root = _headings_note(tmp_path, 300)
    capped = process_note(note, root, Config(jobs=1, use_cache=False, max_note_cards=1_000))
    free = process_note(note, root, Config(jobs=1, use_cache=False, max_note_cards=0))
    assert capped == free and capped.cards
    assert not any("--max-note-cards" in w for w in capped.warnings)


def test_the_cap_holds_without_a_probe(tmp_path, blocks_carded):
    """A note of too few blocks to be probed still ships at most the cap, cut at a line."""
    note, root = _headings_note(tmp_path, 30)
    result = process_note(note, root, Config(jobs=1, use_cache=False, max_note_cards=20))
    assert len(blocks_carded) == 1  # the whole note, once
    assert 0 < len(result.cards) <= 20
    assert any("--max-note-cards" in w for w in result.warnings)


def test_the_default_cap_cuts_the_adversarial_headings(tmp_path):
    root = adversarial.make_folder(tmp_path, "headings", 1_000_000) / "notes"
    result = process_note(root / "topic" / "note.md", root, Config(jobs=1, use_cache=False))
    assert len(result.cards) <= Config().max_note_cards
    assert any("--max-note-cards" in w for w in result.warnings)


def test_a_long_note_without_cards_is_probed_once(tmp_path, blocks_carded):
    """A note far longer than the probe but sparse in cards costs one small probe, then the
    whole note: never the ever larger probes a dense note would need."""
    notes = tmp_path / "notes"
    (notes / "topic").mkdir(parents=True)
    (notes / "topic" / "note.md").write_text("# 标题\n" * 5_000, encoding="utf-8")
    config = Config(jobs=1, use_cache=False, max_note_cards=50)
    result = process_note(notes / "topic" / "note.md", notes, config)
    assert not any("--max-note-cards" in w for w in result.warnings)
    assert blocks_carded == [extract.PROBE_BLOCKS_PER_CARD * 50, 5_000]

"""The notes of the note-type upgrade test (tests/test_card_face.py), shared with the script
that made the package of the previous note types (tests/fixtures/anki_v1/README.md)."""

from __future__ import annotations

from pathlib import Path

from notecards.model import Card, CardKind, NoteResult, SourceRef

ROOT = Path("/nonexistent-notes-root")
"""The notes root the fixture was built with (its state file names it)."""
OLD_NOW = 1_700_000_000
"""The build time of the fixture package."""


def upgrade_notes() -> list[NoteResult]:
    """A basic card under headings with markup, a reversible card, a cloze and a code card."""
    path = "ml/a.md"
    headings = ("**卷积**网络", "$W$ 的作用 <font color=red>重点</font>")

    def card(kind: CardKind, front: str, back: str, rule: str, line: int) -> Card:
        return Card(kind, front, back, rule, SourceRef(path, headings, line), "ml")

    cards = (
        card(CardKind.BASIC, "什么是卷积核？", "在输入上滑动的小权重矩阵。", "definition_zh", 3),
        card(CardKind.REVERSIBLE, "学习率", "learning rate", "bilingual_term", 5),
        card(CardKind.CLOZE, "{{c1::ReLU}} 是最常用的激活函数。", "", "salient_sentence", 7),
        card(
            CardKind.BASIC,
            "如何打印一个标签？",
            "```python\nprint('<b>x</b>')  # 打印\n```",
            "question_heading",
            9,
        ),
    )
    return [NoteResult(path, "ml", "utf-8", cards)]

"""End to end: build the shipped ``notes/`` and import every deck into a fresh, real Anki
collection; check what Anki shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

anki_helpers = pytest.importorskip("anki_helpers")

from anki.cards import Card as AnkiCard  # noqa: E402

from notecards.config import Config  # noqa: E402
from notecards.model import BuildReport  # noqa: E402
from notecards.pipeline import build  # noqa: E402

NOTES = Path(__file__).parent.parent / "notes"

EXPECTED_DECKS = {"Inbox", "algorithms", "深度学习", "深度学习::CNN", "论文笔记", "论文笔记::NLP"}
"""Top-level folders are categories, nested folders subdecks, front matter overrides."""

ONE_PER_RULE = {
    "explicit": ("Why is BERT called bidirectional?", "both its left and its right"),
    "question_heading": ("池化层和卷积层有什么区别？", "没有可学习的参数"),
    "enumeration": ("three locks", "update locking"),
    "labelled": ("1×1 卷积的缺点是什么？", "相邻像素"),
    "colon_item": ("什么是步幅", "每次滑动的距离"),
    "salient_sentence": ("KMP 的时间复杂度是 O(n + m)", "模式串长度"),
    "definition_en": (
        "In DNI, what is a synthetic gradient?",
        "an estimate of the true error gradient",
    ),
    "definition_zh": ("什么是感受野？", "输入区域的大小"),
    "role": (
        "In DNI, what is the role of the synthetic gradient model?",
        "approximate the true gradient",
    ),
    "key_claim": ("top-1 准确率", "76.1%"),
}
"""For each rule, a question fragment from the sample notes and a fragment of its answer."""

_TAGS = re.compile(r"<[^>]+>")


def text(html: str) -> str:
    """What a reader sees: tags dropped, whitespace collapsed."""
    return " ".join(_TAGS.sub(" ", html).replace("&nbsp;", " ").split())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildReport, Path]:
    out = tmp_path_factory.mktemp("decks")
    return build(NOTES, out, Config(jobs=1, use_cache=False)), out


@pytest.fixture(scope="module")
def shown(built: tuple[BuildReport, Path], tmp_path_factory: pytest.TempPathFactory):
    """(deck, question text, answer text, rule tag) for every card Anki holds after import."""
    report, out = built
    col = anki_helpers.new_collection(tmp_path_factory.mktemp("anki"))
    try:
        counts = anki_helpers.import_all(col, sorted(out.glob("*.apkg")))
        assert counts.new == len(report.cards)
        rows = []
        for cid in col.find_cards(""):
            card = AnkiCard(col, cid)
            rule = next(t for t in card.note().tags if t.startswith("notecards::rule::"))
            rows.append(
                (col.decks.name(card.did), text(card.question()), text(card.answer()), rule)
            )
        yield rows
    finally:
        col.close()


def test_one_package_per_category_and_the_expected_decks(built, shown) -> None:
    report, out = built
    assert sorted(p.name for p in out.glob("*.apkg")) == sorted(
        f"{d}.apkg" for d in {"Inbox", "algorithms", "深度学习", "论文笔记"}
    )
    assert {deck for deck, *_ in shown} == EXPECTED_DECKS
    assert not report.warnings


def test_card_counts_per_deck_match_the_build(built, shown) -> None:
    report, _ = built
    expected: dict[str, int] = {}
    for card in report.cards:
        if card.kind.value == "cloze":  # one Anki card per deletion number
            shown_cards = len(set(re.findall(r"\{\{c(\d+)::", card.front)))
        else:
            shown_cards = 2 if card.kind.value == "reversible" else 1
        expected[card.deck] = expected.get(card.deck, 0) + shown_cards
    actual: dict[str, int] = {}
    for deck, *_ in shown:
        actual[deck] = actual.get(deck, 0) + 1
    assert actual == expected
    assert sum(d.cards for d in report.decks) == len(report.cards)


def test_no_card_has_an_empty_front_or_back(shown) -> None:
    for deck, question, answer, _ in shown:
        assert question.strip(), deck
        assert answer.replace(question, "", 1).strip(), question


@pytest.mark.parametrize("rule", sorted(ONE_PER_RULE))
def test_a_question_from_each_rule_shows_with_its_answer(shown, rule: str) -> None:
    front, back = ONE_PER_RULE[rule]
    matches = [
        (q, a)
        for _, q, a, tag in shown
        if tag == f"notecards::rule::{rule}" and front in q and back in a
    ]
    assert matches, f"no {rule} card asking {front!r} with {back!r} in the answer"


def test_no_dropped_line_reaches_a_card(built, shown) -> None:
    report, _ = built
    dropped = {d.text.strip() for n in report.notes for d in n.dropped if len(d.text.strip()) >= 6}
    assert dropped, "the sample notes include a saved web page whose furniture is dropped"
    for _, question, answer, _ in shown:
        for line in dropped:
            assert line not in question and line not in answer, line

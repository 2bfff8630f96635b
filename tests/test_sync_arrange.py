"""What sync does besides importing: moves cards whose category changed, suspends retired cards
and unsuspends them when their source comes back (:mod:`notecards.export.arrange`).

First the decision as data (state entries + collection cards + record → changes), then the whole
thing through ``notecards sync`` against a real Anki collection."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from notecards.cli.commands import app
from notecards.export.arrange import AnkiCard, Record, arrange
from notecards.export.state import Entry


def entry(guid: str, deck: str, home: str = "", retired: int = 0) -> Entry:
    return Entry(
        guid=guid, key=f"basic:{guid}", model="basic", rule="colon_item", source=f"{guid}.md",
        heading=(), deck=deck, home_deck=home or deck, position=ord(guid[0]), first_seen=1,
        last_changed=1, hash="", fields=(f"Q {guid}",), retired=retired,
    )  # fmt: skip


EMPTY = Record({}, frozenset())

# (title, entry, card (deck, filtered, suspended), record, expected changes, record after)
# The card's id is 1 and its note's GUID "a".
# fmt: off
CASES = [
    ("category changed, card where the import put it: moved",
     entry("a", "B", home="A"), ("A", False, False), EMPTY,
     [("moved", "B", "A")], Record({1: "B"}, frozenset())),
    ("changed again: moved out of the deck sync put it in",
     entry("a", "C", home="A"), ("B", False, False), Record({1: "B"}, frozenset()),
     [("moved", "C", "B")], Record({1: "C"}, frozenset())),
    ("moved by hand, category changed: left, said once",
     entry("a", "B", home="A"), ("Mine", False, False), EMPTY,
     [("left", "Mine", "B")], Record({1: "B"}, frozenset())),
    ("moved by hand, already said: nothing",
     entry("a", "B", home="A"), ("Mine", False, False), Record({1: "B"}, frozenset()),
     [], Record({1: "B"}, frozenset())),
    ("moved by hand, category unchanged: left, said once",
     entry("a", "A"), ("Mine", False, False), EMPTY,
     [("left", "Mine", "A")], Record({1: "A"}, frozenset())),
    ("in its deck: nothing",
     entry("a", "B", home="A"), ("B", False, False), Record({1: "B"}, frozenset()),
     [], Record({1: "B"}, frozenset())),
    ("in a filtered deck: waits",
     entry("a", "B", home="A"), ("A", True, False), EMPTY,
     [], EMPTY),
    ("retired: suspended and recorded",
     entry("a", "A", retired=5), ("A", False, False), EMPTY,
     [("suspended", "A", "")], Record({}, frozenset({1}))),
    ("retired, suspended by the user already: not recorded",
     entry("a", "A", retired=5), ("A", False, True), EMPTY,
     [], EMPTY),
    ("retired, suspended by sync, unsuspended by the user: not suspended again",
     entry("a", "A", retired=5), ("A", False, False), Record({}, frozenset({1})),
     [], Record({}, frozenset({1}))),
    ("retired card in an old deck: not moved",
     entry("a", "B", home="A", retired=5), ("A", False, True), Record({}, frozenset({1})),
     [], Record({}, frozenset({1}))),
    ("source back: unsuspended and forgotten",
     entry("a", "A"), ("A", False, True), Record({}, frozenset({1})),
     [("unsuspended", "A", "")], EMPTY),
    ("source back, the user unsuspended it already: forgotten",
     entry("a", "A"), ("A", False, False), Record({}, frozenset({1})),
     [], EMPTY),
    ("suspended by the user, never by sync: left suspended",
     entry("a", "A"), ("A", False, True), EMPTY,
     [], EMPTY),
    ("back and in a new category: unsuspended and moved",
     entry("a", "B", home="A"), ("A", False, True), Record({}, frozenset({1})),
     [("unsuspended", "A", ""), ("moved", "B", "A")], Record({1: "B"}, frozenset())),
]
# fmt: on


@pytest.mark.parametrize(
    ("entry_", "card", "record", "expected", "after"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_arrange(
    entry_: Entry,
    card: tuple[str, bool, bool],
    record: Record,
    expected: list[tuple[str, str, str]],
    after: Record,
) -> None:
    result = arrange([entry_], [AnkiCard(1, "a", *card)], record)
    assert [(c.action, c.deck, c.was) for c in result.changes] == expected
    assert result.record == after


def test_foreign_cards_and_records_of_deleted_cards_are_dropped() -> None:
    record = Record({1: "B", 9: "X"}, frozenset({9}))
    cards = [AnkiCard(1, "a", "B", False, False), AnkiCard(2, "zz", "A", False, False)]
    result = arrange([entry("a", "B", home="A")], cards, record)
    assert result.changes == ()
    assert result.record == Record({1: "B"}, frozenset())


def test_retiring_off_suspends_nothing() -> None:
    card = AnkiCard(1, "a", "A", False, False)
    assert arrange([entry("a", "A", retired=5)], [card], EMPTY, suspend_retired=False).changes == ()


def test_the_record_round_trips_and_garbage_is_no_record() -> None:
    record = Record({3: "数据结构::栈", 1: "B"}, frozenset({7, 2}))
    assert Record.from_json(record.to_json()) == record
    for garbage in (None, [], {"version": 99}, {"version": 1, "placed": [], "suspended": []}):
        assert Record.from_json(garbage) == EMPTY


# --- against a real collection -------------------------------------------------------------

helpers = pytest.importorskip("tests.anki_helpers")
runner = CliRunner()

NOTES = {
    "数据结构/栈.md": "# 栈\n\n- 栈：一种只允许在一端插入和删除的线性表\n- 队列：一种只允许在一端插入、另一端删除的线性表\n",
    "数据结构/树.md": "# 树\n\n- 二叉树：每个结点至多有两个子结点的树\n",
    "方法.md": "# 方法\n\n- 番茄工作法：二十五分钟专注加五分钟休息\n- 费曼学习法：以教促学的学习方法\n",
}
CARD_LINE = re.compile(r"^  (?:moved|suspended|unsuspended|left): .*$", re.MULTILINE)


def sync(tmp_path: Path, *extra: str) -> Any:
    args = ["sync", str(tmp_path / "notes"), "-c", str(tmp_path / "collection.anki2")]
    result = runner.invoke(app, [*args, "-o", str(tmp_path / "decks"), "--no-ranking", *extra])
    assert result.exit_code == 0, result.output
    return result


def dry_then_real(tmp_path: Path) -> str:
    """Sync dry, then for real (listing its cards with -v); both report the same counts and the
    same cards. Returns the real sync's output."""
    dry, real = sync(tmp_path, "--dry-run"), sync(tmp_path, "-v")
    assert CARD_LINE.findall(dry.stdout) == CARD_LINE.findall(real.stdout)
    summary = re.compile(r"^(?:Anki collection|Cards): .*$", re.MULTILINE)
    assert summary.findall(dry.stdout) == summary.findall(real.stdout)
    return str(real.stdout)


def state(tmp_path: Path) -> tuple[dict[str, Any], dict[int, Any]]:
    col = helpers.new_collection(tmp_path)
    try:
        return helpers.notes(col), helpers.cards(col)
    finally:
        col.close()


def card_of(notes: dict[str, Any], cards: dict[int, Any], front: str) -> Any:
    (nid,) = [n.id for n in notes.values() if front in n.front]
    (card,) = [c for c in cards.values() if c.nid == nid]
    return card


def test_sync_moves_suspends_and_unsuspends_in_a_real_collection(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    for rel, text in NOTES.items():
        (notes / rel).parent.mkdir(parents=True, exist_ok=True)
        (notes / rel).write_text(text, encoding="utf-8")
    helpers.new_collection(tmp_path).close()
    sync(tmp_path)

    col = helpers.new_collection(tmp_path)
    try:
        assert helpers.review(col)  # every card studied once: reviews must survive the moves
        by_hand = card_of(helpers.notes(col), helpers.cards(col), "二叉树")
        col.set_deck([by_hand.id], col.decks.id("我的"))  # the user files one card elsewhere
        mine = card_of(helpers.notes(col), helpers.cards(col), "费曼")
        col.sched.suspend_cards([mine.id])  # and suspends one card themselves
        before, reviews = helpers.cards(col), helpers.review_counts(col)
    finally:
        col.close()

    # The category 数据结构 becomes 算法 (the folder renamed); 番茄 leaves the notes.
    shutil.move(notes / "数据结构", notes / "算法")
    (notes / "方法.md").write_text("# 方法\n\n- 费曼学习法：以教促学的学习方法\n", encoding="utf-8")
    out = dry_then_real(tmp_path)
    assert "Cards: 2 moved to their new deck, 1 suspended (source gone), 0 unsuspended" in out
    assert "left in 我的, where it was moved in Anki (category 算法)" in out

    anki_notes, after = state(tmp_path)
    for front in ("栈中的栈", "栈中的队列"):
        card = card_of(anki_notes, after, front)
        old = before[card.id]
        assert card.deck == "算法"
        assert (card.reps, card.ivl, card.type, card.queue) == (
            old.reps, old.ivl, old.type, old.queue
        )  # fmt: skip
    assert after[by_hand.id].deck == "我的"  # moved by hand: left there
    tomato = card_of(anki_notes, after, "番茄工作法")
    assert (
        tomato.queue == -1
        and "notecards::retired"
        in anki_notes[next(g for g, n in anki_notes.items() if n.id == tomato.nid)].tags
    )
    col = helpers.new_collection(tmp_path)
    try:
        assert helpers.review_counts(col) == reviews
    finally:
        col.close()

    # Nothing changed: a second sync moves and suspends nothing.
    out = dry_then_real(tmp_path)
    assert "Cards: 0 moved to their new deck, 0 suspended (source gone), 0 unsuspended" in out

    # Both come back (and the user's own suspension is theirs to lift).
    (notes / "方法.md").write_text(NOTES["方法.md"], encoding="utf-8")
    out = dry_then_real(tmp_path)
    assert "1 unsuspended (source back)" in out
    anki_notes, after = state(tmp_path)
    assert after[tomato.id].queue != -1
    assert after[mine.id].queue == -1

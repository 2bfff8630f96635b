"""Cloze key fixtures: ``tests/fixtures/ranking/keys.md`` holds a note → its last sentence with
the span the ranking's cloze would hide (whatever the sentence's score)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixture_file import Fixture, read_fixture_file
from notecards.clean.clean import clean
from notecards.config import table_cache_folder
from notecards.extract.ranking.candidates import candidates, note_view
from notecards.extract.ranking.deletions import cloze, shown
from notecards.extract.ranking.keys import choose_keys
from notecards.model import SourceNote
from notecards.parse import parse
from notecards.segment.segment import segment

CASES = read_fixture_file(Path(__file__).parent / "fixtures" / "ranking" / "keys.md")


def hidden(text: str) -> str:
    """The note's last sentence as its cloze, or ``(no key)``."""
    note = SourceNote(Path("/notes/keys.md"), "keys.md", "Fixture", text, "utf-8")
    doc = segment(parse(clean(note)), "auto", None, table_cache_folder())
    cands = candidates(doc)
    keys = choose_keys(cands[-1], note_view(doc, cands))
    return cloze(cands[-1].text, keys) if keys else "(no key)"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_key_fixture(case: Fixture) -> None:
    assert hidden(case.input) == case.expected.strip()


def test_emphasis_wrapping_a_deletion_goes_inside_it() -> None:
    # "做**{{c1::X}}**，" would show its marks: CommonMark reads no emphasis between 做 and {.
    from notecards.extract.ranking.key_score import Key

    text = "公司想要做**强人工智能**，解决更大的问题"
    at = text.index("强")
    assert cloze(text, [Key(at, at + 5, "强人工智能", "x", 1.0)]) == (
        "公司想要做{{c1::**强人工智能**}}，解决更大的问题"
    )
    text = "**a b** c"  # the marks wrap more than the deletion: left where they are
    assert cloze(text, [Key(4, 5, "b", "x", 1.0)]) == "**a {{c1::b}}** c"


def test_a_cloze_shows_the_note_html_as_the_card_renders_it() -> None:
    # One rule for the cloze and the renderer (parse.note_html): an HTML element goes, a
    # tag-shaped word the note is about (<unk>, <chrono>) stays, code spans stay as written.
    text = "词表中的<unk>表示<kbd>未知</kbd>词元，头文件 `<vector>` 与<chrono>"
    assert shown(text) == "词表中的<unk>表示未知词元，头文件 `<vector>` 与<chrono>"


def test_no_key_is_hidden_in_an_aside_the_card_drops(corpora: Path) -> None:
    # "（关于动态字典的解释建议直接看[视频]，13:40处）": the card drops the aside (repair), so a
    # cloze on a word of it would hide nothing the card shows.
    from notecards.extract.lang.asides import aside_spans
    from notecards.extract.ranking.keys import alternatives
    from notecards.read import read

    root = corpora / "notes-dev"
    note = read.read_note(root / "tramac-paper-reading-note/notes__005_moco.md", root, "Inbox")
    doc = segment(parse(clean(note)), "auto", None, table_cache_folder())
    cands = candidates(doc)
    view = note_view(doc, cands)
    with_asides = [c for c in cands if aside_spans(c.text)]
    assert with_asides  # the note has such asides
    for cand in with_asides:
        for key in alternatives(cand, view):
            assert not any(a < key.end and key.start < b for a, b in aside_spans(cand.text))

"""Cloze key fixtures: ``tests/fixtures/ranking/keys.md`` holds a note → its last sentence with
the span the ranking's cloze would hide (whatever the sentence's score)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixture_file import Fixture, read_fixture_file
from notecards.clean.clean import clean
from notecards.config import table_cache_folder
from notecards.extract.ranking.candidates import candidates, note_view
from notecards.extract.ranking.deletions import cloze
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

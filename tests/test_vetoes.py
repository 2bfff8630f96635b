"""Ranking veto fixtures: ``tests/fixtures/ranking/vetoes.md`` holds a note → the fate of its last
sentence (the named veto that refused it, or ``scored``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixture_file import Fixture, read_fixture_file
from notecards.clean.clean import clean
from notecards.config import table_cache_folder
from notecards.extract.ranking.select import rank
from notecards.model import SourceNote
from notecards.parse import parse
from notecards.segment.segment import segment

CASES = read_fixture_file(Path(__file__).parent / "fixtures" / "ranking" / "vetoes.md")


def fate(text: str) -> str:
    """The last candidate's fate: ``vetoed: <check>`` or ``scored``."""
    note = SourceNote(Path("/notes/vetoes.md"), "vetoes.md", "Fixture", text, "utf-8")
    doc = segment(parse(clean(note)), "auto", None, table_cache_folder())
    _, decisions = rank(doc, [], lambda card: None)
    last = decisions[-1]
    return last.fate if last.fate.startswith("vetoed") else "scored"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_veto_fixture(case: Fixture) -> None:
    assert fate(case.input) == case.expected.strip()

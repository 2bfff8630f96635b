"""No card built from a saved web page carries any of its furniture (the pages corpus in
``tests/fixtures/pages``: every ``drop:`` line of a sidecar is furniture)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from notecards.config import Config
from notecards.pipeline import process_note

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from clean_quality import expectations

PAGES = expectations()


@pytest.mark.parametrize("page", PAGES, ids=[p.page.name for p in PAGES])
def test_no_furniture_line_reaches_a_card(page) -> None:  # type: ignore[no-untyped-def]
    result = process_note(page.page.resolve(), page.page.parent.resolve(), Config(jobs=1))
    assert result.cards, f"{page.page.name}: the content should give cards"
    # Short furniture ("首页", "下载") can legitimately occur inside content; the long lines
    # (bylines, copyright notices, ads, related-article titles) never can.
    furniture = [d.strip() for d in page.drops if len(d.strip()) >= 8]
    for card in result.cards:
        for line in furniture:
            assert line not in card.front and line not in card.back, (line, card)

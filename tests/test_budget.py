"""The sections' budget (extract/ranking/select): a strong candidate is carded over it, except
on a page whose budget is cut on purpose (an overview, a how-to)."""

from __future__ import annotations

from pathlib import Path

from notecards.clean.clean import clean
from notecards.config import table_cache_folder
from notecards.extract.ranking.select import STRONG, rank
from notecards.parse import parse
from notecards.read import read
from notecards.segment.segment import segment

OVER = "over the section's budget"


def test_no_strong_candidate_of_a_plain_page_is_over_its_budget(corpora: Path) -> None:
    root = corpora / "notes-dev"
    over_budget = 0
    for path in sorted(root.rglob("*.md")):
        note = read.read_note(path, root, "Inbox")
        doc = segment(parse(clean(note)), "auto", None, table_cache_folder())
        _, decisions = rank(doc, [], lambda card: None)
        for d in decisions:
            if d.fate == OVER:  # a plain page: the fate names no cut ("(a how-to page …)")
                over_budget += 1
                assert d.score is not None and d.score < STRONG, (path.name, d.line, d.score)
    assert over_budget  # the notes do fill their budgets: the check saw candidates over them

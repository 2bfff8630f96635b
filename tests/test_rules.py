"""Rule fixtures: each ``tests/fixtures/rules/<rule>.md`` holds note text → expected cards for one
rule (positives and negatives), run through the real pipeline with only that rule enabled."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixture_file import Fixture, read_fixture_file
from notecards.clean.clean import clean
from notecards.cli.explain import render_card
from notecards.config import Config
from notecards.extract.extract import extract
from notecards.extract.ranking.select import RULE
from notecards.extract.rules import default_rules
from notecards.model import SourceNote
from notecards.parse import parse
from notecards.read.read import split_front_matter
from notecards.segment.segment import segment

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
RANKING = RULE  # the sentence ranking's cards, tested like a rule
CASES = [case for path in sorted(FIXTURES.glob("*.md")) for case in read_fixture_file(path)]


def cards_for(text: str, rule: str | None = None, rel_path: str = "fixture.md") -> list[str]:
    """Rendered cards for a note text, with only ``rule`` enabled (or the whole chain and the
    sentence ranking). The ranking's own fixture file (``salient_sentence.md``) runs it alone."""
    if rule == RANKING:
        config = Config(rules=default_rules().only(), jobs=1)
    elif rule:
        config = Config(rules=default_rules().only(rule), rank_sentences=False, jobs=1)
    else:
        config = Config(jobs=1)
    text, front_matter, _ = split_front_matter(text)
    note = SourceNote(Path("/notes") / rel_path, rel_path, "Fixture", text, "utf-8", front_matter)
    doc = segment(parse(clean(note)), config.segmenter, config.user_dict, config.table_cache)
    result = extract(doc, config)
    return [render_card(card) for card in result.cards]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_fixture(case: Fixture) -> None:
    expected = [] if case.expected.strip() == "(no cards)" else case.expected.strip().split("\n")
    assert cards_for(case.input, case.path.stem) == expected


def test_every_rule_has_a_fixture_file_and_a_docstring() -> None:
    assert (FIXTURES / f"{RANKING}.md").exists(), "no fixture file for the sentence ranking"
    for rule in default_rules():
        path = FIXTURES / f"{rule.name}.md"
        assert path.exists(), f"no fixture file for rule {rule.name}"
        cases = read_fixture_file(path)
        assert any(c.expected.strip() == "(no cards)" for c in cases), f"{rule.name}: no negative"
        assert any(c.expected.strip() != "(no cards)" for c in cases), f"{rule.name}: no positive"
        assert rule.load().description, f"rule {rule.name} has no module docstring"

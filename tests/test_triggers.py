"""Rule triggers and kinds only skip work: every rule fixture gives the same cards with them and
without them, a rule never proposes a card where its trigger or kinds rule it out, and the engine
really skips what they rule out."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from fixture_file import Fixture, read_fixture_file
from notecards.clean.clean import clean
from notecards.cli.explain import render_card
from notecards.config import Config, table_cache_folder
from notecards.extract.extract import candidates, extract
from notecards.extract.rules import (
    OFF_BY_DEFAULT,
    Context,
    Hit,
    LoadedRule,
    RuleList,
    Scope,
    default_rules,
    rule,
)
from notecards.model import BlockKind, Document, SourceNote
from notecards.parse import parse
from notecards.segment.segment import segment, tokenizer

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
CASES = [
    case
    for path in sorted(FIXTURES.glob("*.md"))
    if path.stem != "salient_sentence"  # the sentence ranking is no rule of the chain: no trigger
    for case in read_fixture_file(path)
]
NOTES = Path(__file__).parent.parent / "notes"
CUT = tokenizer("auto", None, table_cache_folder())
"""The default build's word tokenizer, as the engine hands it to each context."""


def untriggered(rules: RuleList) -> RuleList:
    """``rules`` with every kinds, trigger and any_text_under dropped: each rule sees everything."""
    return RuleList(tuple(replace(r, kinds=None, trigger=None, any_text_under=None) for r in rules))


def document(text: str, rel_path: str = "fixture.md") -> Document:
    note = SourceNote(Path("/notes") / rel_path, rel_path, "Fixture", text, "utf-8")
    return segment(parse(clean(note)), "auto", None, table_cache_folder())


def rendered(doc: Document, rules: RuleList) -> tuple[list[str], list[str]]:
    """The cards the rules propose for ``doc``, and those that pass the gates, rendered."""
    config = Config(rules=rules, jobs=1)
    proposed = [f"{c.rule}: {render_card(c)}" for c in candidates(doc, config)]
    return proposed, [render_card(c) for c in extract(doc, config).cards]


def test_every_builtin_rule_declares_a_trigger() -> None:
    for item in default_rules().loaded():
        assert item.trigger is not None, f"{item.name} has no trigger"


def test_each_builtin_trigger_lives_beside_its_rule() -> None:
    for item in default_rules().enable(*OFF_BY_DEFAULT).loaded():
        module = sys.modules[item.fn.__module__]
        assert item.trigger is module.TRIGGER, f"{item.name}: trigger not its module's TRIGGER"
        if item.any_text_under is not None:
            assert item.any_text_under is module.ANY_TEXT_UNDER, item.name


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_fixture_cards_are_the_same_without_triggers(case: Fixture) -> None:
    doc = document(case.input)
    alone = default_rules().only(case.path.stem)
    assert rendered(doc, alone) == rendered(doc, untriggered(alone))
    assert rendered(doc, default_rules()) == rendered(doc, untriggered(default_rules()))


def _ruled_out(item: LoadedRule, doc: Document) -> Iterator[Context]:
    """Every context the engine never calls ``item`` with, by its kinds and trigger."""
    for index, block in enumerate(doc.blocks):
        if item.kinds is not None and block.kind not in item.kinds:
            yield from _contexts(item, doc, index)
            continue
        heading = block.heading_path[-1].casefold() if block.heading_path else ""
        if item.trigger is None or (
            item.any_text_under is not None and heading and item.any_text_under.search(heading)
        ):
            continue
        if item.scope is Scope.BLOCK:
            if not item.trigger.search(block.text.casefold()):
                yield Context(doc, index, cut=CUT)
        else:
            for at, sentence in enumerate(block.sentences):
                if not item.trigger.search(sentence.text.casefold()):
                    yield Context(doc, index, at, cut=CUT)


def _contexts(item: LoadedRule, doc: Document, index: int) -> Iterator[Context]:
    if item.scope is Scope.BLOCK:
        yield Context(doc, index, cut=CUT)
    else:
        yield from (
            Context(doc, index, at, cut=CUT) for at in range(len(doc.blocks[index].sentences))
        )


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_no_rule_fires_where_its_trigger_rules_it_out(case: Fixture) -> None:
    # Stronger than comparing cards: no claim of an earlier rule or quality gate can hide a
    # hit the trigger would lose.
    doc = document(case.input)
    for item in default_rules().loaded():
        for ctx in _ruled_out(item, doc):
            hits = list(item.fn(ctx))
            assert not hits, (
                f"{item.name} fires on text its trigger or kinds rule out "
                f"(block {ctx.index}, sentence {ctx.sentence_index}): widen the trigger"
            )


def test_sample_notes_give_the_same_cards_without_triggers() -> None:
    paths = sorted(p for p in NOTES.rglob("*") if p.suffix in (".md", ".txt"))
    assert paths
    for path in paths:
        doc = document(path.read_text(encoding="utf-8"), path.name)
        assert rendered(doc, default_rules()) == rendered(doc, untriggered(default_rules()))


NOTE = """# Title

First paragraph, nothing here. Still nothing.

Second paragraph. It has ZZZ in capitals.

- an item with zzz
"""


def _calls(**fields: object) -> list[str]:
    """The sentences of :data:`NOTE` the engine calls a sentence rule with these fields on."""
    doc = document(NOTE)
    calls: list[str] = []

    def probe(ctx: Context) -> Iterator[Hit]:
        calls.append(ctx.sentence.text)
        return iter(())

    probe_rule = replace(rule("probe", Scope.SENTENCE, probe), **fields)  # type: ignore[arg-type]
    candidates(doc, Config(rules=RuleList((probe_rule,)), jobs=1))
    return calls


def test_the_engine_calls_a_rule_only_where_its_trigger_searches_the_folded_text() -> None:
    assert len(_calls()) == 6  # the heading and five sentences
    zzz = re.compile("zzz")
    assert _calls(trigger=zzz) == ["It has ZZZ in capitals.", "an item with zzz"]
    assert _calls(trigger=zzz, kinds=frozenset({BlockKind.ITEM})) == ["an item with zzz"]


def test_any_text_under_lifts_the_trigger_under_matching_headings() -> None:
    zzz = re.compile("zzz")
    assert len(_calls(trigger=zzz, any_text_under=re.compile("title"))) == 5  # all but the heading
    assert len(_calls(trigger=zzz, any_text_under=re.compile("summary"))) == 2


def test_replace_drops_the_old_functions_trigger_and_kinds() -> None:
    def anything(ctx: Context) -> Iterator[Hit]:
        return iter(())

    rules = default_rules()
    assert rules.get("labelled").trigger is not None and rules.get("labelled").kinds is not None
    replaced = rules.replace("labelled", anything).get("labelled")
    assert replaced.fn is anything
    assert (replaced.kinds, replaced.trigger, replaced.any_text_under) == (None, None, None)
    key_claim = rules.replace("key_claim", anything).get("key_claim")
    assert key_claim.any_text_under is None
    assert rules.replace("labelled", anything).get("explicit") == rules.get("explicit")

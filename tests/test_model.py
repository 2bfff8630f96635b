"""The typed values' one helper: a fast copy with the last field replaced."""

from __future__ import annotations

from dataclasses import replace

import pytest

from notecards.model import Block, BlockKind, Card, CardKind, SourceRef, last_field_setter


def test_last_field_setter_is_replace_of_the_last_field() -> None:
    block = Block(BlockKind.ITEM, "text", 3, 4, ("H",), level=2, list_id=1, ordinal=2)
    assert last_field_setter(Block, "sentences")(block, ()) == replace(block, sentences=())
    card = Card(CardKind.BASIC, "Q", "A", "rule", SourceRef("a.md", ("H",), 3), "Deck")
    signed = last_field_setter(Card, "signature")(card, (frozenset({"q"}), frozenset({"a"})))
    assert signed == replace(card, signature=(frozenset({"q"}), frozenset({"a"})))


def test_last_field_setter_refuses_a_field_that_is_not_last() -> None:
    with pytest.raises(TypeError, match="last field"):
        last_field_setter(Block, "text")

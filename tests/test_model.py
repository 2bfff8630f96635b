"""The typed values' one helper: a fast copy with the last field replaced."""

from __future__ import annotations

from dataclasses import replace

import pytest

from notecards.model import (
    Block,
    BlockKind,
    Card,
    CardKind,
    Signature,
    SourceRef,
    last_field_setter,
)


def test_last_field_setter_is_replace_of_the_last_field() -> None:
    block = Block(BlockKind.ITEM, "text", 3, 4, ("H",), level=2, list_id=1, ordinal=2)
    assert last_field_setter(Block, "sentences")(block, ()) == replace(block, sentences=())
    card = Card(CardKind.BASIC, "Q", "A", "rule", SourceRef("a.md", ("H",), 3), "Deck")
    signature = Signature("q", "a")
    signed = last_field_setter(Card, "signature")(card, signature)
    assert signed == replace(card, signature=signature)
    assert signed.signature is signature


def test_last_field_setter_refuses_a_field_that_is_not_last() -> None:
    with pytest.raises(TypeError, match="last field"):
        last_field_setter(Block, "text")


def test_a_signature_gives_back_its_packed_token_sets() -> None:
    # Packed for the cache (two strings a card), unpacked only when cards are compared.
    assert Signature("$a b$\0机制\0注意力", "").sets() == (
        frozenset({"注意力", "机制", "$a b$"}),
        frozenset(),
    )

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
    signature = Signature.of({"q"}, {"a"})
    signed = last_field_setter(Card, "signature")(card, signature)
    assert signed == replace(card, signature=signature)
    assert signed.signature is signature


def test_last_field_setter_refuses_a_field_that_is_not_last() -> None:
    with pytest.raises(TypeError, match="last field"):
        last_field_setter(Block, "text")


def test_a_signature_packs_its_token_sets_and_gives_them_back() -> None:
    # Packed for the cache (two strings a card), unpacked only when cards are compared.
    question, answer = frozenset({"注意力", "机制", "$a b$"}), frozenset()
    packed = Signature.of(question, answer)
    assert packed.sets() == (question, answer)
    assert packed == Signature.of(sorted(question, reverse=True), [])  # order-free: one form
    assert Signature.of({"a\0b", ""}, {"x"}).sets() == (frozenset({"ab"}), frozenset({"x"}))

"""Slips in English words (extract/lang/spelling.py): only a word said once, unknown to the
dictionary, one dropped/added/swapped letter from a word the note writes elsewhere."""

from __future__ import annotations

from notecards.extract.lang.spelling import corrected, typo_fixes


def test_a_slip_said_once_is_mapped_to_the_word_the_note_writes_elsewhere() -> None:
    text = "The generrators are fully convolutional. Both generators share weights."
    assert typo_fixes(text) == {"generrators": "generators"}
    assert corrected("The {{c1::generrators}} are fully convolutional.", typo_fixes(text)) == (
        "The {{c1::generators}} are fully convolutional."
    )


def test_words_of_code_formulas_paths_and_contractions_are_left_alone() -> None:
    text = (
        "Call `consine(x)` for the cosine. See $consine$ and docs/consine.md. "
        "The cosine doesn't change; it does."
    )
    assert typo_fixes(text) == {}
    assert corrected("docs/consine.md and `x`", {"consine": "cosine"}) == "docs/consine.md and `x`"


def test_a_word_said_twice_or_a_plural_of_the_notes_word_is_the_writers_own() -> None:
    assert typo_fixes("The anisotrpic space. The anisotrpic cone. An anisotropic view.") == {}
    assert typo_fixes("Two autoencoders: an autoencoder and another autoencoders.") == {}


def test_a_note_without_english_words_needs_no_dictionary() -> None:
    assert typo_fixes("卷积神经网络的核心是卷积层。") == {}

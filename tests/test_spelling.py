"""Slips in English words (extract/lang/spelling.py): only a word said once, unknown to the
dictionary, one dropped/added/swapped letter from a word the note writes elsewhere."""

from __future__ import annotations

from pathlib import Path

from notecards.clean.clean import clean
from notecards.extract.lang import spelling
from notecards.extract.lang.spelling import corrected
from notecards.model import SourceNote
from notecards.parse import parse


def typo_fixes(text: str) -> dict[str, str]:
    """The slips found in a note of ``text``, parsed as the build parses it."""
    note = SourceNote(Path("/notes/n.md"), "n.md", "Fixture", text, "utf-8")
    return spelling.typo_fixes(parse(clean(note)))


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


def test_words_of_code_blocks_are_left_alone() -> None:
    # the parse stage tells a fenced or indented code block from prose
    text = "The cosine of two vectors.\n\n```\nconsine(a, b)\n```\n\n    consine(b, c)\n"
    assert typo_fixes(text) == {}

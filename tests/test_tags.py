"""Note tags end to end: front matter ``tags:`` (list or string) and inline ``#tags`` reach every
card of the note in Anki, nested as ``a::b``, and the inline ones leave the card text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from notecards.clean import tags
from notecards.clean.tags import anki_tag, front_matter_tags
from notecards.cli.commands import app
from notecards.config import Config

runner = CliRunner()

NOTE = """---
tags: [深度学习, ml/cnn]
---
# 卷积网络 #草稿

- 池化层 #复习 是指对特征图进行下采样的网络层。
- 卷积层是指用卷积核提取局部特征的网络层。
"""


@pytest.mark.parametrize(
    ("written", "tag"),
    [
        ("#ml/cnn", "ml::cnn"),
        ("数据结构", "数据结构"),
        ("#123", ""),
        ("a//b/", "a::b"),
        ("2024", ""),
    ],
)
def test_anki_tag(written, tag):
    assert anki_tag(written) == tag


def test_front_matter_tags_as_a_list_or_a_string():
    assert front_matter_tags((("tags", "a, b/c"), ("title", "x"))) == ["a", "b::c"]
    assert front_matter_tags((("Tags", "#a b，c"),)) == ["a", "b", "c"]


@given(st.text(alphabet="# a1_/-\n\t中。", max_size=30))
def test_the_fast_check_never_misses_a_tag(text: str) -> None:
    # The check is a prefilter: where the tag pattern matches, it must say yes (it says yes
    # exactly there; the pattern decides what a tag is).
    assert tags.needed(text) == (tags._TAG.search(text) is not None)


def test_tags_reach_anki_and_leave_the_text(tmp_path: Path) -> None:
    helpers = pytest.importorskip("anki_helpers")
    notes = tmp_path / "notes"
    (notes / "ml").mkdir(parents=True)
    (notes / "ml" / "cnn.md").write_text(NOTE, encoding="utf-8")
    out = tmp_path / "decks"
    result = runner.invoke(app, ["build", str(notes), "-o", str(out), "--no-ranking"])
    assert result.exit_code == 0, result.output
    col = helpers.new_collection(tmp_path)
    try:
        assert helpers.import_package(col, out / "ml.apkg").new == 2
        found = helpers.notes(col).values()
        assert Config().keyword_tags == 0  # keyword tags are off unless asked for
        for note in found:
            own = {"深度学习", "ml::cnn", "草稿", "复习", "ml", "notecards::file::ml/cnn.md"}
            rule = f"notecards::rule::{note.fields['Rule']}"
            assert set(note.tags) == own | {rule}, note.tags  # no keyword tags
            assert "#" not in note.fields["Back"] and "#" not in note.fields["Front"]
        assert len(col.find_notes("tag:ml::cnn")) == 2
    finally:
        col.close()

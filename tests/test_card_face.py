"""The card face (issue 15 pt 7): no rule name shown, a plain source line, a reversed card that
says what it asks for; and a package of the previous face upgrades a real Anki collection in
place (note types, notes, reviews kept)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from card_helpers import read_package
from notecards.export import anki_model, export
from upgrade_notes import OLD_NOW, ROOT, upgrade_notes

FIXTURE = Path(__file__).parent / "fixtures" / "anki_v1"


def build(out: Path, now: int) -> dict[str, str]:
    """Build the upgrade notes into ``out``; the report's counts of the one deck."""
    (report,) = export.export(upgrade_notes(), out, export.ExportOptions(ROOT), now=now)
    return {k: v for k, v in report.counts.items() if v}


def test_the_rule_name_is_not_on_the_face_but_in_a_field_and_a_tag(tmp_path):
    for nt in anki_model.NOTE_TYPES.values():
        assert "Rule" in nt.fields
        assert all("{{Rule}}" not in q + a for _name, q, a in nt.templates)
    build(tmp_path, OLD_NOW)
    notes, _media, _cards = read_package(tmp_path / "ml.apkg")
    for row in notes.values():
        rule = row.fields[-1]
        assert rule and f"notecards::rule::{rule}" in row.tags


def test_the_source_line_shows_no_markup(tmp_path):
    build(tmp_path, OLD_NOW)
    notes, _media, _cards = read_package(tmp_path / "ml.apkg")
    sources = {row.fields[-2] for row in notes.values()}
    assert {re.sub(r", line \d+$", "", s) for s in sources} == {
        r"ml/a.md › 卷积网络 › \(W\) 的作用 重点"
    }
    for source in sources:
        assert not re.search(r"\*\*|\$|<|&lt;", source), source


def test_the_reversed_card_says_what_it_asks_for(tmp_path):
    build(tmp_path, OLD_NOW)
    notes, _media, _cards = read_package(tmp_path / "ml.apkg")
    prompts = {row.fields[0]: row.fields[2] for row in notes.values() if len(row.fields) == 5}
    assert prompts == {
        "什么是卷积核？": "",
        "学习率": "这是哪个术语？",
        "如何打印一个标签？": "",
    }
    (_name, question, _answer) = anki_model.BASIC.templates[1]
    assert question.index("{{Add Reverse}}") < question.index("{{Back}}")


def test_code_is_highlighted_and_escaped_on_the_card(tmp_path):
    build(tmp_path, OLD_NOW)
    notes, _media, _cards = read_package(tmp_path / "ml.apkg")
    (back,) = [row.fields[1] for row in notes.values() if row.fields[0] == "如何打印一个标签？"]
    assert back.startswith('<pre><code class="language-python">')
    assert '<span class="hl-b">print</span>' in back
    assert "&lt;b&gt;x&lt;/b&gt;" in back and "<b>" not in back


def test_the_night_mode_rule_does_not_box_each_code_line():
    css = anki_model.CSS
    box = css.index(".nightMode code {")
    unbox = css.index("pre code, .nightMode pre code {")
    assert box < unbox  # as specific, and later: a code block stays one box in night mode
    assert "background: none" in css[unbox : css.index("}", unbox)]


def test_a_package_of_the_previous_face_is_upgraded_in_place(tmp_path):
    helpers = pytest.importorskip("anki_helpers")
    old = tmp_path / "old"
    shutil.copytree(FIXTURE, old)
    col = helpers.new_collection(tmp_path)
    try:
        assert helpers.import_package(col, old / "ml.apkg").new == 4
        before = helpers.notes(col)
        old_face = {m["name"]: m["tmpls"][0]["afmt"] for m in col.models.all()}
        assert "{{Rule}}" in old_face["notecards Basic v1"]
        reviewed = helpers.review(col, limit=3)
        reviews = helpers.review_counts(col)
        assert reviewed and reviews

        # The next build, from the old build's state: every card changed, none new.
        counts = build(old, OLD_NOW + 86_400)
        assert counts == {"changed": 4}
        counts_in_anki = helpers.import_package(col, old / "ml.apkg")
        assert (counts_in_anki.new, counts_in_anki.updated) == (0, 4)
        path = col.path
        col.close()  # reopened: the Python side caches note types it has read
        col = helpers.Collection(path)

        models = [m for m in col.models.all() if m["name"].startswith("notecards")]
        assert sorted(m["name"] for m in models) == ["notecards Basic v1", "notecards Cloze v1"]
        for model in models:
            for template in model["tmpls"]:
                assert "{{Rule}}" not in template["qfmt"] + template["afmt"]
        after = helpers.notes(col)
        assert sorted(after) == sorted(before)  # same GUIDs: no duplicate notes
        assert {g: n.id for g, n in after.items()} == {g: n.id for g, n in before.items()}
        assert helpers.duplicate_guids(col) == [] and helpers.duplicate_fronts(col) == []
        assert helpers.review_counts(col) == reviews  # review history kept
        reversed_card = next(
            card for cid in col.find_cards("") if (card := col.get_card(cid)).ord == 1
        )
        question = reversed_card.question()
        assert "这是哪个术语？" in question and "learning rate" in question
        code = next(n for n in after.values() if n.front == "如何打印一个标签？")
        assert 'class="hl-' in code.fields["Back"]
        source = next(iter(after.values())).fields["Source"]
        assert "**" not in source and "&lt;font" not in source
    finally:
        col.close()


@pytest.mark.parametrize("night", [False, True])
def test_the_screenshot_pages_are_the_real_faces_filled(night):
    # benchmarks/screenshots.py shoots these pages in Chromium (not in CI): the HTML is checked here.
    screenshots = pytest.importorskip("screenshots")
    for name in screenshots.CARDS:
        html = screenshots.page(name, night)
        assert "{{" not in html and anki_model.CSS in html
        assert ("nightMode" in html.split("<body", 1)[1]) is night
    assert "这是哪个术语？" in screenshots.page("chinese", night)
    assert 'class="hl-k"' in screenshots.page("code", night)

"""The export stage on hand-made cards: identity, determinism, file naming, atomic writes,
media, rendering and the state file. Packages are read back with zipfile + sqlite3 (note rows,
never zip bytes, unless a test is about bytes)."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from card_helpers import make_card, notes_from, read_package
from notecards.errors import OutputError
from notecards.export import anki_model, export, output_folder, state
from notecards.export.output_folder import deck_file_name
from notecards.model import Card, CardKind, NoteResult, SourceRef

NOW = 1_700_000_000
ROOT = Path("/nonexistent-notes-root")


OPTIONS = ("retire_orphans", "max_media_bytes", "reset_state", "keep_retired_days")
"""The keyword arguments of ``build`` that are export options."""


def build(spec, out: Path, now: int = NOW, **kw):
    decks = kw.pop("decks", None)
    options = {k: kw.pop(k) for k in OPTIONS if k in kw}
    options_ = export.ExportOptions(kw.pop("root", ROOT), **options)
    reports = export.export(notes_from(spec, decks), out, options_, now=now, **kw)
    return {r.deck: r for r in reports}


def rows(out: Path, category: str):
    return read_package(out / deck_file_name(category))[0]


def by_front(out: Path, category: str):
    return {row.fields[0]: row for row in rows(out, category).values()}


# --- identity ---------------------------------------------------------------------------------


def test_identity_key_folds_width_case_punctuation_and_space():
    def key(front: str) -> str:
        return state.identity_key(make_card((front, "x"), "a/b.md", 1))

    assert key("什么是 **Pooling Layer**？") == key("什么是pooling　layer?")
    assert key("ＣＮＮ的作用") == key("cnn 的作用")
    assert key("使用 Python 编写") == key("使用Python编写")
    assert key("a  b\tc") == "a b c"
    assert key("池化层") != key("卷积层")
    cloze = make_card("梯度下降沿 {{c1::负梯度}} 方向更新 {{c2::参数::hint}}", "a/b.md", 1)
    assert state.identity_key(cloze) == state.fold_for_identity("梯度下降沿 负梯度 方向更新 参数")
    keyed = Card(CardKind.BASIC, "front", "back", "r", SourceRef("a.md", (), 1), "A", key="Own Key")
    assert state.identity_key(keyed) == "own key"


def test_guid_comes_from_the_question_only(tmp_path):
    build({"ml/a.md": [("池化层的作用", "降维")]}, tmp_path / "1")
    build({"ml/a.md": [("池化层的作用", "完全不同的答案")]}, tmp_path / "2", now=NOW + 99)
    build({"other/z.md": [("池化层的作用", "降维")]}, tmp_path / "3")
    guids = [set(rows(tmp_path / n, c)) for n, c in (("1", "ml"), ("2", "ml"), ("3", "other"))]
    assert guids[0] == guids[1] == guids[2]
    assert guids[0] == {state.guid_for("basic:池化层的作用")}
    # A GUID is Anki's base91 alphabet, never genanki's default hash of all fields.
    assert len(next(iter(guids[0]))) >= 8


def test_editing_only_the_answer_keeps_guid_and_bumps_mod(tmp_path):
    build({"ml/a.md": [("Q1", "old"), ("Q2", "same")]}, tmp_path)
    before = by_front(tmp_path, "ml")
    reports = build({"ml/a.md": [("Q1", "new"), ("Q2", "same")]}, tmp_path, now=NOW + 500)
    after = by_front(tmp_path, "ml")
    assert after["Q1"].guid == before["Q1"].guid
    assert after["Q1"].fields[1] == "new" and after["Q1"].mod == NOW + 500
    assert after["Q2"].mod == before["Q2"].mod == NOW  # unchanged: mod is not the build time
    assert reports["ml"].counts["changed"] == 1 and reports["ml"].counts["unchanged"] == 1


def test_two_builds_of_unchanged_notes_give_identical_rows(tmp_path):
    spec = {
        "ml/a.md": [("Q1", "A1"), "x {{c1::y}} z", ("T", "D", "reversible")],
        "zh/b.md": [("问", "答")],
    }
    build(spec, tmp_path)
    first = {c: read_package(tmp_path / deck_file_name(c)) for c in ("ml", "zh")}
    reports = build(spec, tmp_path, now=NOW + 86_400)
    assert {c: read_package(tmp_path / deck_file_name(c)) for c in ("ml", "zh")} == first
    assert not any(r.written for r in reports.values())  # unchanged decks are not rewritten
    assert reports["ml"].counts["unchanged"] == 3


def test_same_input_gives_the_same_bytes(tmp_path):
    spec = {"ml/a.md": [("Q1", "A1"), "x {{c1::y}} z"]}
    build(spec, tmp_path / "a")
    build(spec, tmp_path / "b")
    assert (tmp_path / "a/ml.apkg").read_bytes() == (tmp_path / "b/ml.apkg").read_bytes()


def test_ordering_ids_and_due_follow_the_source(tmp_path):
    build({"ml/a.md": [("Q1", "A"), ("Q2", "A"), ("Q3", "A", "reversible")]}, tmp_path)
    notes, _media, cards = read_package(tmp_path / "ml.apkg")
    order = [row.fields[0] for row in sorted(notes.values(), key=lambda r: r.id)]
    assert order == ["Q1", "Q2", "Q3"]
    assert [due for _id, _nid, _ord, due in cards] == [0, 1, 2, 2]  # reversed card shares Q3's
    assert len({cid for cid, *_ in cards}) == 4


# --- file names and decks ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "name"),
    [
        ("机器学习", "机器学习.apkg"),
        ("Deep Learning (2024)", "Deep Learning (2024).apkg"),
        ('a:b/c\\d*e?"f"<g>|h', "a_b_c_d_e__f__g__h.apkg"),
        (" .hidden. ", "hidden.apkg"),
        ("CON", "CON_.apkg"),
        ("...", "deck.apkg"),
    ],
)
def test_deck_file_name(category, name):
    assert deck_file_name(category) == name


def test_clashing_file_names_get_a_hash(tmp_path):
    reports = build({"ML/a.md": [("Q", "A")], "ml/b.md": [("R", "B")]}, tmp_path)
    names = sorted(r.path.name for r in reports.values())
    assert names[0] == "ML.apkg" and names[1].startswith("ml-") and names[1].endswith(".apkg")


def test_subdecks_go_into_their_category_package(tmp_path):
    decks = {"ml/a.md": "ml::CNN", "ml/b.md": "ml::RNN::LSTM"}
    reports = build({"ml/a.md": [("Q", "A")], "ml/b.md": [("R", "B")]}, tmp_path, decks=decks)
    assert list(reports) == ["ml"] and reports["ml"].cards == 2


def test_tags(tmp_path):
    card = make_card(("Q", "A"), "机器学习/深度 学习.md", 3, deck="机器学习::卷积 网络")
    card = Card(**{**{s: getattr(card, s) for s in Card.__slots__}, "tags": ("池化 层", "CNN")})
    note = NoteResult("机器学习/深度 学习.md", "机器学习", "utf-8", (card,))
    export.export([note], tmp_path, export.ExportOptions(ROOT), now=NOW)
    (row,) = rows(tmp_path, "机器学习").values()
    assert set(row.tags) == {
        "机器学习::卷积_网络",
        "notecards::file::机器学习/深度_学习.md",
        "notecards::rule::definition",
        "池化_层",
        "CNN",
    }


# --- atomic writes and temporary files --------------------------------------------------------


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith("."))


def test_interrupted_write_keeps_the_old_deck(tmp_path, monkeypatch):
    build({"ml/a.md": [("Q1", "A1")]}, tmp_path)
    old = (tmp_path / "ml.apkg").read_bytes()
    real = anki_model.write_apkg

    def interrupted(target, notes, media, work):
        real(target, notes, media, work)  # the new package exists, but only in the temp folder
        Path(target).write_bytes(b"half a zip")
        raise KeyboardInterrupt

    monkeypatch.setattr(anki_model, "write_apkg", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build({"ml/a.md": [("Q1", "A2")]}, tmp_path, now=NOW + 10)
    assert (tmp_path / "ml.apkg").read_bytes() == old
    assert _leftovers(tmp_path) == []
    monkeypatch.undo()
    # The state was not saved, so the next build still sees the change.
    assert build({"ml/a.md": [("Q1", "A2")]}, tmp_path, now=NOW + 20)["ml"].counts["changed"] == 1


KILLED_BUILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from card_helpers import notes_from
    from notecards.export import anki_model
    from notecards.export import export
    real = anki_model.write_apkg
    def slow(target, notes, media, work):
        real(target, notes, media, work)
        print("written", flush=True)
        time.sleep(60)
    anki_model.write_apkg = slow
    export.export(notes_from({{"ml/a.md": [("Q1", "A2")]}}), Path({out!r}), export.ExportOptions(Path("/no-notes")), now=2e9)
    """
)


def test_killed_build_keeps_the_old_deck_and_the_next_build_cleans_up(tmp_path):
    build({"ml/a.md": [("Q1", "A1")]}, tmp_path)
    old = (tmp_path / "ml.apkg").read_bytes()
    script = KILLED_BUILD.format(tests=str(Path(__file__).parent), out=str(tmp_path))
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "written"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert (tmp_path / "ml.apkg").read_bytes() == old
    assert _leftovers(tmp_path)  # a kill cannot clean up …
    build({"ml/a.md": [("Q1", "A3")]}, tmp_path, now=NOW + 30)
    assert _leftovers(tmp_path) == []  # … but the next build does
    assert by_front(tmp_path, "ml")["Q1"].fields[1] == "A3"


def test_genanki_leaves_nothing_in_the_system_temp_folder(tmp_path, monkeypatch):
    system_tmp = tmp_path / "tmp"
    system_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(system_tmp))
    monkeypatch.setattr("tempfile.tempdir", None)
    build({"ml/a.md": [("Q", "A")]}, tmp_path / "out")
    assert list(system_tmp.iterdir()) == []
    assert _leftovers(tmp_path / "out") == []


def test_unchanged_deck_is_rewritten_when_the_file_was_replaced(tmp_path):
    build({"ml/a.md": [("Q", "A")]}, tmp_path)
    (tmp_path / "ml.apkg").write_bytes(b"not a package")
    assert build({"ml/a.md": [("Q", "A")]}, tmp_path)["ml"].written
    assert "Q" in by_front(tmp_path, "ml")


def test_a_category_that_lost_all_cards_loses_its_file_after_retiring(tmp_path):
    build({"ml/a.md": [("Q", "A")], "zh/b.md": [("问", "答")]}, tmp_path)
    reports = build({"zh/b.md": [("问", "答")]}, tmp_path, now=NOW + 10)
    assert reports["ml"].counts["retired"] == 1  # shipped once more, tagged
    build({"zh/b.md": [("问", "答")]}, tmp_path, now=NOW + 20)
    assert (tmp_path / "ml.apkg").exists()  # and again for 30 days
    build({"zh/b.md": [("问", "答")]}, tmp_path, now=NOW + 10 + 30 * 86_400)
    assert not (tmp_path / "ml.apkg").exists()


def test_check_output(tmp_path):
    output_folder.check_output(tmp_path / "new" / "decks")
    assert (tmp_path / "new" / "decks").is_dir()
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="is a file"):
        output_folder.check_output(tmp_path / "file")
    if os.geteuid() != 0:  # root may write anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        with pytest.raises(OutputError, match="cannot be written"):
            output_folder.check_output(locked)


# --- rendering and media ----------------------------------------------------------------------


def test_math_reaches_anki_as_mathjax_untouched_by_emphasis(tmp_path):
    spec = {"m/a.md": [("What is $a*b*c$?", "It is $$x_1 * y_2 * z$$ and *this*.")]}
    build(spec, tmp_path)
    (row,) = rows(tmp_path, "m").values()
    assert r"\(a*b*c\)" in row.fields[0] and "<em>" not in row.fields[0]
    assert r"\[x_1 * y_2 * z\]" in row.fields[1] and "<em>this</em>" in row.fields[1]


def test_backslash_math_delimiters_survive(tmp_path):
    build({"m/a.md": [(r"What is \(a*b*c\)?", r"\[x\]")]}, tmp_path)
    (row,) = rows(tmp_path, "m").values()
    assert r"\(a*b*c\)" in row.fields[0] and r"\[x\]" in row.fields[1]


def test_code_blocks_and_list_lines_keep_their_line_breaks(tmp_path):
    back = "Steps:\n```python\nx = 1\n\ny = 2\n```"
    build({"c/a.md": [("How?", back), ("Which three?", "first\nsecond\nthird")]}, tmp_path)
    fronts = by_front(tmp_path, "c")
    assert "x = 1\n\ny = 2" in re.sub(r"<[^>]+>", "", fronts["How?"].fields[1])  # highlighted
    assert "<pre>" in fronts["How?"].fields[1] and "<br>" not in fronts["How?"].fields[1]
    assert fronts["Which three?"].fields[1] == "first<br>\nsecond<br>\nthird"


def test_raw_html_and_control_characters_are_made_harmless(tmp_path):
    build({"h/a.md": [("Is 3 < 4 <b>bold</b>?\x1f", "<script>alert(1)</script>")]}, tmp_path)
    (row,) = rows(tmp_path, "h").values()
    assert len(row.fields) == len(anki_model.BASIC.fields)
    # The note's tags are reduced to their text: no live HTML, no tag shown as text either.
    assert "<b>" not in row.fields[0] and "&lt;b&gt;" not in row.fields[0]
    assert "3 &lt; 4 bold" in row.fields[0]
    assert "<script>" not in row.fields[1] and "&lt;script" not in row.fields[1]


def test_images_are_packed_under_unique_names(tmp_path):
    notes_root = tmp_path / "notes"
    (notes_root / "ml" / "img").mkdir(parents=True)
    (notes_root / "ml" / "img" / "pool.png").write_bytes(b"\x89PNG pool")
    (notes_root / "ml" / "conv map.png").write_bytes(b"\x89PNG conv")
    spec = {
        "ml/a.md": [
            ("Pooling?", "See ![池化示意](img/pool.png)"),
            ("Conv?", 'See <img src="conv map.png" alt="conv"> and `<img src="code.png">`'),
            ("Gone?", "See ![lost figure](img/missing.png)"),
        ]
    }
    reports = build(spec, tmp_path / "out", root=notes_root)
    notes, media, _cards = read_package(tmp_path / "out" / "ml.apkg")
    fields = {row.fields[0]: row.fields[1] for row in notes.values()}
    names = sorted(media.values())
    assert len(names) == 2 and all(len(n.split("-", 1)[0]) == 16 for n in names)
    assert any(n.endswith("-pool.png") for n in names) and any(
        n.endswith("-conv_map.png") for n in names
    )
    for name in names:
        assert f'src="{name}"' in fields["Pooling?"] + fields["Conv?"]
    assert "&lt;img src=&quot;code.png&quot;&gt;" in fields["Conv?"]  # code is left alone
    assert fields["Gone?"] == "See lost figure"
    (warning,) = reports["ml"].warnings
    assert "ml/a.md:7" in warning and "img/missing.png" in warning


def test_images_load_in_anki(tmp_path):
    helpers = pytest.importorskip("anki_helpers")
    notes_root = tmp_path / "notes"
    (notes_root / "ml").mkdir(parents=True)
    (notes_root / "ml" / "p.png").write_bytes(b"\x89PNG data")
    build({"ml/a.md": [("Q", "![p](p.png)")]}, tmp_path / "out", root=notes_root)
    col = helpers.new_collection(tmp_path)
    try:
        helpers.import_package(col, tmp_path / "out" / "ml.apkg")
        (note,) = helpers.notes(col).values()
        (name,) = re.findall(r'src="([^"]+)"', note.fields["Back"])
        assert (Path(col.media.dir()) / name).read_bytes() == b"\x89PNG data"
    finally:
        col.close()


# --- note types ------------------------------------------------------------------------------


def test_model_fingerprint_is_pinned():
    """CSS or templates changed? Bump MODEL_MTIME so Anki updates the note types, then pin the
    new fingerprint here and in anki_model.MODEL_FINGERPRINT. Fields changed? Add a v2 type."""
    assert anki_model.model_fingerprint() == anki_model.MODEL_FINGERPRINT


def test_note_types_have_distinctive_names_and_stable_ids():
    assert {nt.name for nt in anki_model.NOTE_TYPES.values()} == {
        "notecards Basic v1",
        "notecards Cloze v1",
    }
    assert anki_model.BASIC.id == anki_model.stable_id("notecards note type\x1fnotecards Basic v1")
    assert 1 << 30 <= anki_model.BASIC.id < 1 << 31
    assert "PingFang SC" in anki_model.CSS and "Noto Sans CJK SC" in anki_model.CSS
    assert "Microsoft YaHei" in anki_model.CSS and ".nightMode" in anki_model.CSS
    for nt in anki_model.NOTE_TYPES.values():
        assert {"Source", "Rule"} <= set(nt.fields)


# --- state file -------------------------------------------------------------------------------


def test_state_file_format(tmp_path):
    build({"ml/a.md": [("Q", "A"), "x {{c1::y}}"]}, tmp_path)
    data = json.loads((tmp_path / state.STATE_FILE).read_text(encoding="utf-8"))
    assert data["version"] == state.STATE_VERSION and data["next_position"] == 2
    first = data["cards"][0]
    assert first["key"] == "basic:q" and first["guid"] == state.guid_for("basic:q")
    assert (first["first_seen"], first["last_changed"], first["retired"]) == (NOW, NOW, 0)
    assert (first["deck"], first["source"], first["rule"]) == ("ml", "ml/a.md", "definition")
    assert data["cards"][1]["cloze"] == {"y": 1}
    assert data["decks"][0]["file"] == "ml.apkg"


def test_dry_run_writes_nothing_but_counts(tmp_path):
    build({"ml/a.md": [("Q1", "A")]}, tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    reports = build({"ml/a.md": [("Q1", "B"), ("Q2", "A")]}, tmp_path, now=NOW + 5, dry_run=True)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    assert not reports["ml"].written
    assert (reports["ml"].counts["new"], reports["ml"].counts["changed"]) == (1, 1)
    assert not (tmp_path / "dry").exists()
    build({"ml/a.md": [("Q", "A")]}, tmp_path / "dry", dry_run=True)
    assert not (tmp_path / "dry").exists()


def test_deleted_state_starts_afresh_and_a_corrupt_one_is_read_from_its_backup(tmp_path, caplog):
    spec = {"ml/a.md": [("Q1", "A"), ("Q2", "B")]}
    build(spec, tmp_path)
    guids = set(rows(tmp_path, "ml"))
    (tmp_path / state.STATE_FILE).unlink()
    reports = build(spec, tmp_path, now=NOW + 10)
    assert set(rows(tmp_path, "ml")) == guids and reports["ml"].counts["new"] == 2
    build({"ml/a.md": [("Q1", "A2"), ("Q2", "B")]}, tmp_path, now=NOW + 20)  # keeps a backup
    (tmp_path / state.STATE_FILE).write_text("{not json", encoding="utf-8")
    reports = build(spec, tmp_path, now=NOW + 30)
    assert "not valid JSON" in caplog.text and ".bak" in caplog.text
    assert set(rows(tmp_path, "ml")) == guids and reports["ml"].counts["new"] == 0


def test_a_newer_state_version_is_refused(tmp_path):
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / state.STATE_FILE).write_text('{"version": 99, "cards": []}', encoding="utf-8")
    with pytest.raises(OutputError, match="newer notecards"):
        build({"ml/a.md": [("Q", "A")]}, tmp_path)


def test_reworded_question_keeps_its_guid(tmp_path):
    build(
        {
            "ml/a.md": [
                ("池化层的作用是什么", "降维"),
                ("What is the role of the pooling layer", "x"),
            ]
        },
        tmp_path,
    )
    before = set(rows(tmp_path, "ml"))
    reworded = {
        "ml/a.md": [("池化层有什么作用", "降维"), ("What is the purpose of the pooling layer", "x")]
    }
    reports = build(reworded, tmp_path, now=NOW + 10)
    assert set(rows(tmp_path, "ml")) == before
    assert reports["ml"].counts["changed"] == 2 and reports["ml"].counts["retired"] == 0
    # A different question in the same file is not re-linked: it is new, the old one retires.
    reports = build(
        {"ml/a.md": [("卷积核的大小", "3x3"), ("What is the purpose of the pooling layer", "x")]},
        tmp_path,
        now=NOW + 20,
    )
    assert (reports["ml"].counts["new"], reports["ml"].counts["retired"]) == (1, 1)


def test_a_rephrased_question_about_the_same_term_keeps_its_guid(tmp_path):
    def note(front: str, term: str):
        card = make_card((front, "累积历史梯度以加速收敛"), "ml/a.md", 3)
        return NoteResult("ml/a.md", "ml", "utf-8", (dataclasses.replace(card, term=term),))

    export.export([note("什么是动量？", "动量")], tmp_path, export.ExportOptions(ROOT), now=NOW)
    guid = set(rows(tmp_path, "ml"))
    # The questions alone are too different to re-link …
    assert (
        state.similarity(
            state.fold_for_identity("什么是动量"), state.fold_for_identity("优化中的动量法是什么")
        )
        < 0.7
    )
    # … but the term the rule names is the same: the card keeps its GUID.
    reports = export.export(
        [note("优化中的动量法是什么？", "动量法")],
        tmp_path,
        export.ExportOptions(ROOT),
        now=NOW + 1,
    )
    assert set(rows(tmp_path, "ml")) == guid and reports[0].counts["changed"] == 1


def test_renamed_file_and_moved_category_keep_guids(tmp_path):
    build({"ml/a.md": [("Q1", "A"), ("Q2", "B")]}, tmp_path)
    guids = set(rows(tmp_path, "ml"))
    reports = build(
        {"ml/renamed.md": [("Q1", "A")], "dl/moved.md": [("Q2", "B")]}, tmp_path, now=NOW + 10
    )
    assert set(rows(tmp_path, "ml")) | set(rows(tmp_path, "dl")) == guids
    assert reports["ml"].counts["changed"] == 1  # the file tag changed
    assert (
        reports["dl"].counts["moved"] == 1
        and "notecards::moved" in by_front(tmp_path, "dl")["Q2"].tags
    )
    assert any(c.startswith("moved: Q2") and "ml → dl" in c for c in reports["dl"].changes)


def test_retired_cards_ship_with_a_tag_for_their_days(tmp_path):
    build({"ml/a.md": [("Q1", "A"), ("Q2", "B")]}, tmp_path)
    reports = build({"ml/a.md": [("Q1", "A")]}, tmp_path, now=NOW + 10)
    assert reports["ml"].counts["retired"] == 1 and reports["ml"].cards == 2
    q2 = by_front(tmp_path, "ml")["Q2"]
    assert "notecards::retired" in q2.tags and q2.mod == NOW + 10
    assert reports["ml"].changes == ("retired: Q2 (ml/a.md)",)
    reports = build({"ml/a.md": [("Q1", "A")]}, tmp_path, now=NOW + 20)
    assert reports["ml"].cards == 2 and reports["ml"].counts["retired"] == 0  # as it was
    assert by_front(tmp_path, "ml")["Q2"] == q2
    reports = build({"ml/a.md": [("Q1", "A")]}, tmp_path, now=NOW + 20, keep_retired_days=0)
    assert reports["ml"].cards == 1 and reports["ml"].counts["retired"] == 0
    # It comes back: same GUID, tag gone, counted as changed.
    reports = build({"ml/a.md": [("Q1", "A"), ("Q2", "B")]}, tmp_path, now=NOW + 30)
    assert reports["ml"].counts["changed"] == 1 and q2.guid in rows(tmp_path, "ml")
    assert "notecards::retired" not in by_front(tmp_path, "ml")["Q2"].tags


def test_no_retiring_when_disabled(tmp_path):
    build({"ml/a.md": [("Q1", "A"), ("Q2", "B")]}, tmp_path)
    build({"ml/a.md": [("Q1", "A")]}, tmp_path, now=NOW + 10, retire_orphans=False)
    assert set(by_front(tmp_path, "ml")) == {"Q1"}


def test_cloze_numbers_are_stable_when_deletions_come_and_go(tmp_path):
    build({"ml/a.md": ["梯度下降沿 {{c1::负梯度}} 方向更新 {{c2::参数}}"]}, tmp_path)
    build(
        {"ml/a.md": ["{{c1::梯度下降}}沿 {{c2::负梯度}} 方向更新 {{c3::参数}}"]},
        tmp_path,
        now=NOW + 1,
    )
    (row,) = rows(tmp_path, "ml").values()
    assert row.fields[0] == "{{c3::梯度下降}}沿 {{c1::负梯度}} 方向更新 {{c2::参数}}"
    build({"ml/a.md": ["{{c1::梯度下降}}沿 负梯度 方向更新 {{c2::参数们}}"]}, tmp_path, now=NOW + 2)
    (row,) = rows(tmp_path, "ml").values()
    assert row.fields[0] == "{{c3::梯度下降}}沿 负梯度 方向更新 {{c2::参数们}}"
    build(
        {"ml/a.md": ["{{c1::梯度下降}}沿 {{c2::负梯度}} 方向更新 {{c3::参数们}}"]},
        tmp_path,
        now=NOW + 3,
    )
    (row,) = rows(tmp_path, "ml").values()
    assert row.fields[0] == "{{c3::梯度下降}}沿 {{c1::负梯度}} 方向更新 {{c2::参数们}}"


def test_collisions_are_counted_and_kept_apart(tmp_path):
    spec = {
        "ml/a.md": [("What is a tensor?", "An array")],
        "ml/b.md": [("what is a TENSOR", "A map")],
    }
    reports = build(spec, tmp_path)
    assert reports["ml"].counts["collisions"] == 1 and len(rows(tmp_path, "ml")) == 2
    assert reports["ml"].changes[0].startswith("collision: what is a TENSOR (ml/b.md:3)")
    # An exact repeat is shipped once and is no collision.
    reports = build({"ml/a.md": [("Q", "A")], "ml/b.md": [("Q", "A")]}, tmp_path / "2")
    assert reports["ml"].cards == 1 and reports["ml"].counts["collisions"] == 0


def test_a_change_within_the_same_second_is_still_newer(tmp_path):
    build({"ml/a.md": [("Q", "A")]}, tmp_path)
    build({"ml/a.md": [("Q", "B")]}, tmp_path)  # same `now`
    assert by_front(tmp_path, "ml")["Q"].mod == NOW + 1


def test_build_time_defaults_to_now(tmp_path):
    before = int(time.time())
    export.export(notes_from({"ml/a.md": [("Q", "A")]}), tmp_path, export.ExportOptions(ROOT))
    assert before <= by_front(tmp_path, "ml")["Q"].mod <= int(time.time())


def test_a_warm_build_renders_nothing_but_notices_changed_images(tmp_path, monkeypatch):
    from notecards.export import render

    notes_root = tmp_path / "notes"
    (notes_root / "ml").mkdir(parents=True)
    (notes_root / "ml" / "fig.png").write_bytes(b"v1")
    spec = {"ml/a.md": [("Q1", "![f](fig.png)"), ("Q2", "![g](gone.png)"), ("Q3", "A")]}
    build(spec, tmp_path / "out", root=notes_root)
    calls = []
    real_render = render.render
    monkeypatch.setattr(render, "render", lambda *a: calls.append(a[0]) or real_render(*a))

    reports = build(spec, tmp_path / "out", root=notes_root, now=NOW + 10)
    assert calls == ["Q2", "![g](gone.png)"]  # only the card whose image is missing is redone
    assert len(reports["ml"].warnings) == 1  # and its warning is repeated
    assert not reports["ml"].written

    (notes_root / "ml" / "fig.png").write_bytes(b"version 2")
    (notes_root / "ml" / "gone.png").write_bytes(b"found")
    reports = build(spec, tmp_path / "out", root=notes_root, now=NOW + 20)
    assert reports["ml"].counts["changed"] == 2 and reports["ml"].warnings == ()
    _notes, media, _cards = read_package(tmp_path / "out" / "ml.apkg")
    assert len(media) == 2


def test_a_no_op_build_does_not_rewrite_the_state(tmp_path):
    build({"ml/a.md": [("Q", "A")]}, tmp_path)
    before = (tmp_path / state.STATE_FILE).stat().st_mtime_ns
    time.sleep(0.01)
    build({"ml/a.md": [("Q", "A")]}, tmp_path, now=NOW + 10)
    assert (tmp_path / state.STATE_FILE).stat().st_mtime_ns == before


def test_anki_shows_question_answer_then_source_and_the_reverse_card(tmp_path):
    helpers = pytest.importorskip("anki_helpers")
    spec = {
        "ml/a.md": [("卷积核", "在输入上滑动的小权重矩阵", "reversible"), "{{c1::ReLU}} 最常用"]
    }
    build(spec, tmp_path / "out")
    col = helpers.new_collection(tmp_path)
    try:
        assert helpers.import_package(col, tmp_path / "out" / "ml.apkg").new == 2
        names = {m["name"] for m in col.models.all()}
        assert {
            "notecards Basic v1",
            "notecards Cloze v1",
            "Basic",
        } <= names  # stock Basic untouched
        shown = {}
        for cid in col.find_cards(""):
            card = col.get_card(cid)
            shown[(card.note().guid, card.ord)] = (card.question(), card.answer())
        assert len(shown) == 3  # forward + reverse + one cloze
        forward = next(qa for (_g, o), qa in shown.items() if o == 0 and "卷积核" in qa[0])
        reverse = next(qa for (_g, o), qa in shown.items() if o == 1)
        assert "小权重矩阵" in reverse[0] and "卷积核" in reverse[1].split('id="answer"')[1]
        answer = forward[1].split('id="answer"')[1]
        assert answer.index("小权重矩阵") < answer.index("ml/a.md › Notes, line 3")
        assert 'class="nc-source"' in answer
        cloze = next(qa for qa in shown.values() if "ReLU" in qa[1] and "[...]" in qa[0])
        assert "ReLU" not in re.sub(r"<[^>]+>", "", cloze[0].split("</style>")[1])  # hidden
    finally:
        col.close()

"""Steady rebuilds: when a build proves that exporting the same cards again would change nothing,
the next build with the same inputs returns the recorded reports without planning. These tests
check that the shortcut is taken when it should be, never when anything changed, and that it
always gives exactly what the full path gives (a differential test over random edit sequences).
"""

from __future__ import annotations

import dataclasses
import json
import random
import shutil
from pathlib import Path

import pytest

from card_helpers import CardSpec, make_card, notes_from, read_package
from notecards.export import export, package, plan, state, statefile, steady
from notecards.model import Card, NoteResult

NOW = 1_700_000_000
ROOT = Path("/nonexistent-notes-root")


@pytest.fixture
def plans(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per call of plan.plan (the full path plans once, or twice to prove steadiness)."""
    calls: list[int] = []
    real = plan.plan

    def spy(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(export, "plan", spy)
    return calls


OPTIONS = ("retire_orphans", "max_media_bytes", "reset_state", "keep_retired_days")
"""The keyword arguments of ``build`` that are export options."""


def build(spec, out: Path, now: int = NOW, **kw):
    notes = notes_from(spec, kw.pop("decks", None))
    options = {k: kw.pop(k) for k in OPTIONS if k in kw}
    reports = export.export(
        notes, out, export.ExportOptions(kw.pop("root", ROOT), **options), now=now, **kw
    )
    return {r.deck: r for r in reports}


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def test_a_no_op_rebuild_after_a_no_op_rebuild_changes_nothing(tmp_path, plans):
    spec = {"ml/a.md": [("Q1", "A1"), "x {{c1::y}} z"], "zh/b.md": [("问", "答", "reversible")]}
    first = build(spec, tmp_path)
    assert steady.load_steady(tmp_path) is not None  # the first build already proved it
    files = snapshot(tmp_path)
    plans.clear()
    second = build(spec, tmp_path, now=NOW + 100)
    third = build(spec, tmp_path, now=NOW + 200)
    assert plans == []  # neither rebuild planned
    assert snapshot(tmp_path) == files  # nor wrote anything
    assert second == third
    for deck, report in second.items():
        assert not report.written and report.cards == first[deck].cards
        assert report.counts == {**dict.fromkeys(package.COUNT_NAMES, 0), "unchanged": report.cards}


def test_the_shortcut_reports_exactly_what_the_full_path_reports(tmp_path, plans, monkeypatch):
    spec = {
        "ml/a.md": [("What is a tensor?", "An array"), ("Q2", "A2")],
        "ml/b.md": [("what is a TENSOR", "A map")],  # a collision, reported every build
    }
    build(spec, tmp_path)
    shutil.copytree(tmp_path, tmp_path.parent / "full")
    plans.clear()
    fast = build(spec, tmp_path, now=NOW + 5)
    assert plans == []
    monkeypatch.setattr(export, "load_steady", lambda out: None)
    full = build(spec, tmp_path.parent / "full", now=NOW + 5)
    assert plans == [1]
    assert {d: dataclasses.replace(r, path=Path()) for d, r in fast.items()} == {
        d: dataclasses.replace(r, path=Path()) for d, r in full.items()
    }
    assert fast["ml"].counts["collisions"] == 1 and fast["ml"].changes[0].startswith(
        "collision: what is a TENSOR"
    )


def test_editing_a_note_after_a_skipped_build_updates_it(tmp_path, plans):
    build({"ml/a.md": [("Q1", "old"), ("Q2", "same")]}, tmp_path)
    build({"ml/a.md": [("Q1", "old"), ("Q2", "same")]}, tmp_path, now=NOW + 10)
    before = {row.fields[0]: row for row in read_package(tmp_path / "ml.apkg")[0].values()}
    plans.clear()
    reports = build({"ml/a.md": [("Q1", "new"), ("Q2", "same")]}, tmp_path, now=NOW + 20)
    assert plans == [1, 1]  # planned, then planned again to prove the next build steady
    assert reports["ml"].written and reports["ml"].counts["changed"] == 1
    after = {row.fields[0]: row for row in read_package(tmp_path / "ml.apkg")[0].values()}
    assert after["Q1"].guid == before["Q1"].guid and after["Q1"].fields[1] == "new"
    assert after["Q1"].mod == NOW + 20 and after["Q2"].mod == before["Q2"].mod == NOW
    plans.clear()
    again = build({"ml/a.md": [("Q1", "new"), ("Q2", "same")]}, tmp_path, now=NOW + 30)
    assert plans == [] and again["ml"].counts["unchanged"] == 2 and not again["ml"].written


def test_a_deleted_or_replaced_deck_file_is_rewritten(tmp_path, plans):
    spec = {"ml/a.md": [("Q", "A")], "zh/b.md": [("问", "答")]}
    build(spec, tmp_path)
    rows = read_package(tmp_path / "ml.apkg")[0]
    (tmp_path / "ml.apkg").unlink()
    reports = build(spec, tmp_path, now=NOW + 10)
    assert reports["ml"].written and not reports["zh"].written
    assert read_package(tmp_path / "ml.apkg")[0] == rows
    (tmp_path / "zh.apkg").write_bytes(b"not a package")
    assert build(spec, tmp_path, now=NOW + 20)["zh"].written
    plans.clear()
    assert not any(r.written for r in build(spec, tmp_path, now=NOW + 30).values())
    assert plans == []


def test_a_retired_card_is_shipped_for_its_days_even_after_skipped_builds(tmp_path, plans):
    build({"ml/a.md": [("Q1", "A"), ("Q2", "B")]}, tmp_path)
    build({"ml/a.md": [("Q1", "A"), ("Q2", "B")]}, tmp_path, now=NOW + 5)
    reports = build({"ml/a.md": [("Q1", "A")]}, tmp_path, now=NOW + 10)
    assert reports["ml"].counts["retired"] == 1 and reports["ml"].cards == 2
    q2 = next(r for r in read_package(tmp_path / "ml.apkg")[0].values() if r.fields[0] == "Q2")
    assert "notecards::retired" in q2.tags
    assert steady.load_steady(tmp_path) is None  # the next build differs: never skipped
    plans.clear()
    reports = build({"ml/a.md": [("Q1", "A")]}, tmp_path, now=NOW + 20)
    assert plans  # planned: the retired card is shipped again, unchanged (no import may have run)
    assert reports["ml"].cards == 2 and not reports["ml"].written
    record = steady.load_steady(tmp_path)
    assert record is not None and record.until == NOW + 10 + 30 * 86_400
    plans.clear()
    reports = build({"ml/a.md": [("Q1", "A")]}, tmp_path, now=NOW + 30)
    assert plans == [] and reports["ml"].cards == 2 and reports["ml"].counts["retired"] == 0
    reports = build({"ml/a.md": [("Q1", "A")]}, tmp_path, now=NOW + 10 + 30 * 86_400)
    assert plans  # the record no longer holds: the retired card leaves the package
    assert reports["ml"].cards == 1 and reports["ml"].written
    plans.clear()
    reports = build({"ml/a.md": [("Q1", "A")]}, tmp_path, now=NOW + 40 * 86_400)
    assert plans == [] and reports["ml"].cards == 1


def test_a_moved_card_keeps_its_tag_through_skipped_builds(tmp_path, plans):
    build({"ml/a.md": [("Q1", "A"), ("Q2", "B")]}, tmp_path)
    moved = {"ml/a.md": [("Q1", "A")], "dl/b.md": [("Q2", "B")]}
    reports = build(moved, tmp_path, now=NOW + 10)
    assert reports["dl"].counts["moved"] == 1
    plans.clear()
    reports = build(moved, tmp_path, now=NOW + 20)
    assert plans == [] and reports["dl"].counts["moved"] == 0
    (row,) = read_package(tmp_path / "dl.apkg")[0].values()
    assert "notecards::moved" in row.tags and row.mod == NOW + 10


def test_a_changed_image_or_state_file_takes_the_full_path(tmp_path, plans):
    notes_root = tmp_path / "notes"
    (notes_root / "ml").mkdir(parents=True)
    (notes_root / "ml" / "fig.png").write_bytes(b"v1")
    spec = {"ml/a.md": [("Q1", "![f](fig.png)"), ("Q2", "A")]}
    out = tmp_path / "out"
    build(spec, out, root=notes_root)
    assert steady.load_steady(out) is not None
    (notes_root / "ml" / "fig.png").write_bytes(b"version 2")
    reports = build(spec, out, root=notes_root, now=NOW + 10)
    assert reports["ml"].counts["changed"] == 1 and reports["ml"].written
    # A state file edited by hand is no longer vouched for, even if its record line is intact.
    path = out / state.STATE_FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"next_position": ', '"next_position":  '), encoding="utf-8")
    plans.clear()
    build(spec, out, root=notes_root, now=NOW + 20)
    assert plans
    # Deleting it is as safe as ever: GUIDs fall back to the question keys.
    guids = set(read_package(out / "ml.apkg")[0])
    path.unlink()
    build(spec, out, root=notes_root, now=NOW + 30)
    assert set(read_package(out / "ml.apkg")[0]) == guids


def test_a_missing_image_is_looked_for_by_every_build(tmp_path, plans):
    notes_root = tmp_path / "notes"
    (notes_root / "ml").mkdir(parents=True)
    spec = {"ml/a.md": [("Q1", "![g](later.png)")]}
    out = tmp_path / "out"
    build(spec, out, root=notes_root)
    assert steady.load_steady(out) is None
    plans.clear()
    assert len(build(spec, out, root=notes_root, now=NOW + 10)["ml"].warnings) == 1
    assert plans == [1]
    (notes_root / "ml" / "later.png").write_bytes(b"found")
    reports = build(spec, out, root=notes_root, now=NOW + 20)
    assert reports["ml"].warnings == () and reports["ml"].counts["changed"] == 1


def test_other_options_or_a_dry_run(tmp_path, plans):
    spec = {"ml/a.md": [("Q1", "A")]}
    build(spec, tmp_path)
    files = snapshot(tmp_path)
    plans.clear()
    assert build(spec, tmp_path, now=NOW + 10, dry_run=True)["ml"].counts["unchanged"] == 1
    assert plans == [] and snapshot(tmp_path) == files
    build(spec, tmp_path, now=NOW + 10, retire_orphans=False)
    assert plans  # another option is another input
    other_root = build(spec, tmp_path, now=NOW + 20, root=Path("/elsewhere"))
    assert other_root["ml"].counts["unchanged"] == 1


def test_the_state_file_keeps_its_format(tmp_path):
    build({"ml/a.md": [("Q", "A")]}, tmp_path)
    text = (tmp_path / state.STATE_FILE).read_text(encoding="utf-8")
    first, rest = text.split("\n", 1)
    assert first == '{"version": 1,'
    assert rest.startswith('"next_position": 1, "decks": [')
    data = json.loads(text)  # one JSON document
    assert data["version"] == state.STATE_VERSION and len(data["cards"]) == 1
    # The steady record is a JSON document beside it, vouching for the state file's bytes.
    beside = json.loads((tmp_path / state.STEADY_FILE).read_text(encoding="utf-8"))
    assert beside["version"] == state.STATE_VERSION and beside["state"]
    assert beside["steady"]["decks"][0]["file"] == "ml.apkg"
    loaded = statefile.load_state(tmp_path)
    record = steady.load_steady(tmp_path)
    assert record is not None
    state.save_state(tmp_path, loaded, record.to_json())
    assert (tmp_path / state.STATE_FILE).read_text(encoding="utf-8") == text  # round trip
    assert steady.load_steady(tmp_path) == record
    state.save_state(tmp_path, loaded, None)
    assert not (tmp_path / state.STEADY_FILE).exists()


PREVIOUS_VERSION_HEAD = (
    '{"version": 1, "steady": {"inputs": "x", "decks": [], "media": [], "rest": "0f"},\n'
)
"""How the previous version began a state file: its steady record on the first line."""


def test_a_state_file_of_the_previous_version_is_read_and_upgraded(tmp_path, plans):
    build({"ml/a.md": [("Q", "A")]}, tmp_path)
    path = tmp_path / state.STATE_FILE
    (tmp_path / state.STEADY_FILE).unlink()
    text = path.read_text(encoding="utf-8")
    path.write_text(PREVIOUS_VERSION_HEAD + text.split("\n", 1)[1], encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8"))["steady"]["inputs"] == "x"
    assert steady.load_steady(tmp_path) is None
    assert statefile.load_state(tmp_path) == statefile.load_state(tmp_path)
    assert len(statefile.load_state(tmp_path).entries) == 1
    plans.clear()
    assert build({"ml/a.md": [("Q", "A")]}, tmp_path, now=NOW + 10)["ml"].counts["unchanged"] == 1
    assert plans == [1] and steady.load_steady(tmp_path) is not None
    assert path.read_text(encoding="utf-8").startswith('{"version": 1,\n')


def test_a_state_file_without_a_record_is_read_and_upgraded(tmp_path, plans):
    """A state written before records existed (no record beside it) is read as before."""
    build({"ml/a.md": [("Q", "A")]}, tmp_path)
    path = tmp_path / state.STATE_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    (tmp_path / state.STEADY_FILE).unlink()
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert steady.load_steady(tmp_path) is None
    plans.clear()
    assert build({"ml/a.md": [("Q", "A")]}, tmp_path, now=NOW + 10)["ml"].counts["unchanged"] == 1
    assert plans == [1] and steady.load_steady(tmp_path) is not None


@pytest.mark.parametrize("value", steady.CARD_VALUES)
def test_every_card_value_is_part_of_the_inputs_digest(value):
    card = make_card(("Q", "A"), "ml/a.md", 3)
    base = _digest([NoteResult("ml/a.md", "ml", "utf-8", (card,))], root=ROOT)
    changed = _change(card, value.split("."))
    digest = _digest([NoteResult("ml/a.md", "ml", "utf-8", (changed,))], root=ROOT)
    assert base is not None and digest is not None and digest != base


def _digest(notes, root):
    return steady.inputs_digest(notes, root=root, retire_orphans=True)


def _change(obj, path):
    name, rest = path[0], path[1:]
    value = getattr(obj, name)
    if rest:
        new = _change(value, rest)
    elif isinstance(value, bool):
        new = not value
    elif isinstance(value, (int, float)):
        new = value + 1
    elif isinstance(value, tuple):
        new = (*value, "x")
    elif isinstance(value, str) and name == "kind":
        new = type(value)("cloze" if value != "cloze" else "basic")
    else:
        new = value + "x"
    return dataclasses.replace(obj, **{name: new})


# --- differential: the shortcut against the full path over random edit sequences ---------------


def _random_step(rng: random.Random, spec: dict[str, list[CardSpec]]) -> dict[str, list[CardSpec]]:
    spec = {path: list(cards) for path, cards in spec.items()}
    action = rng.choice(
        ["same", "same", "answer", "reword", "add", "remove", "move", "collide", "cloze", "file"]
    )
    path = rng.choice(sorted(spec))
    cards = spec[path]
    if action == "answer" and cards:
        i = rng.randrange(len(cards))
        if isinstance(cards[i], tuple):
            cards[i] = (cards[i][0], cards[i][1] + " more", *cards[i][2:])
    elif action == "reword" and cards:
        i = rng.randrange(len(cards))
        if isinstance(cards[i], tuple):
            cards[i] = (cards[i][0] + "呢", *cards[i][1:])
    elif action == "add":
        cards.append((f"术语{rng.randrange(50)}是什么", f"答案{rng.randrange(9)}"))
    elif action == "remove" and cards:
        cards.pop(rng.randrange(len(cards)))
    elif action == "move":
        target = rng.choice(["ml", "dl", "zh"]) + "/" + path.split("/")[1]
        spec[target] = spec.pop(path) + spec.get(target, [])
    elif action == "collide" and cards and isinstance(cards[0], tuple):
        other = rng.choice(sorted(spec))  # the same question (folded) with another answer
        spec[other] = [*spec[other], (cards[0][0].upper() + "?", "另一个答案")]
    elif action == "cloze":
        cards.append(rng.choice(["{{c1::梯度}} 下降", "梯度 {{c1::下降}}", "{{c1::a}} {{c2::b}}"]))
    elif action == "file":
        spec[f"{rng.choice(['ml', 'zh'])}/n{rng.randrange(5)}.md"] = [("新问题", "新答案")]
    return {p: c for p, c in spec.items() if c or rng.random() < 0.5}


def _listing(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name != statefile.BACKUP_FILE)


def _comparable(out: Path) -> object:
    """The output folder with what must differ between two folders left out: deck mtimes."""
    loaded = statefile.load_state(out)
    decks = [(d.file, d.deck, d.hash, d.size) for d in loaded.decks]
    packages = {p.name: read_package(p)[0] for p in sorted(out.glob("*.apkg"))}
    return loaded.entries, loaded.next_position, decks, packages


@pytest.mark.parametrize("seed", range(12))
def test_the_shortcut_always_agrees_with_the_full_path(tmp_path, monkeypatch, seed):
    """Random edits, each exported twice (the second time unchanged) into two folders: one
    where recorded builds are used, one where they never are. Reports, state and packages must
    be the same after every build."""
    rng = random.Random(seed)
    spec: dict[str, list[CardSpec]] = {
        "ml/a.md": [("池化层的作用", "降维"), ("What is a tensor", "An array")],
        "zh/b.md": [("问", "答"), "{{c1::梯度}} 沿负方向"],
    }
    fast, full = tmp_path / "fast", tmp_path / "full"
    real_steady, real_plan = steady.load_steady, plan.plan
    planned: list[int] = []
    monkeypatch.setattr(export, "plan", lambda *a, **k: planned.append(1) or real_plan(*a, **k))
    now, skipped = NOW, 0
    for step in range(8):
        spec = _random_step(rng, spec)
        retire = rng.random() < 0.85
        notes = notes_from(spec)
        for again in (False, True):
            now += rng.choice([0, 1, 3600])
            planned.clear()
            monkeypatch.setattr(export, "load_steady", real_steady)
            a = export.export(
                notes, fast, export.ExportOptions(ROOT, retire_orphans=retire), now=now
            )
            skipped += not planned
            monkeypatch.setattr(export, "load_steady", lambda out: None)
            b = export.export(
                notes, full, export.ExportOptions(ROOT, retire_orphans=retire), now=now
            )
            where = f"seed {seed} step {step}{' again' if again else ''}: {spec}"
            assert [dataclasses.replace(r, path=Path()) for r in a] == [
                dataclasses.replace(r, path=Path()) for r in b
            ], where
            assert _comparable(fast) == _comparable(full), where
            # The state's backup is there once the state was saved twice; the shortcut saves
            # it less often, by design.
            assert _listing(fast) == _listing(full)
    assert skipped >= 4  # the shortcut was taken (else this test would prove nothing)


def test_identical_cards_in_another_order_are_other_inputs():
    cards: list[Card] = [make_card(("Q1", "A"), "ml/a.md", 3), make_card(("Q2", "B"), "ml/a.md", 5)]
    one = _digest([NoteResult("ml/a.md", "ml", "utf-8", tuple(cards))], root=ROOT)
    two = _digest([NoteResult("ml/a.md", "ml", "utf-8", tuple(cards[::-1]))], root=ROOT)
    assert one != two


def test_a_warm_pipeline_build_skips_planning(tmp_path, plans):
    """Through the pipeline: cold results computed in this process, warm ones from the cache,
    and the export still recognises them as the same inputs."""
    from notecards import pipeline
    from notecards.config import Config

    notes = tmp_path / "notes" / "机器学习"
    notes.mkdir(parents=True)
    (notes / "cnn.md").write_text(
        "# CNN\n\n池化层是指降低特征图分辨率的层。\n\n- 卷积核: 在输入上滑动的小权重矩阵\n",
        encoding="utf-8",
    )
    cold = pipeline.build(tmp_path / "notes", tmp_path / "out", Config(jobs=1), now=NOW)
    assert cold.decks and cold.decks[0].cards > 0
    plans.clear()
    warm = pipeline.build(tmp_path / "notes", tmp_path / "out", Config(jobs=1), now=NOW + 60)
    assert plans == []
    assert [dataclasses.replace(d, counts={}) for d in warm.decks] == [
        dataclasses.replace(d, counts={}, written=False) for d in cold.decks
    ]
    assert warm.decks[0].counts["unchanged"] == warm.decks[0].cards


def test_cache_checksums_stand_for_the_cards_in_the_inputs_digest():
    card = make_card(("Q", "A"), "ml/a.md", 3)
    edited = make_card(("Q", "A changed"), "ml/a.md", 3)

    def note(card: Card, checksum: bytes) -> NoteResult:
        return dataclasses.replace(NoteResult("ml/a.md", "ml", "utf-8", (card,)), checksum=checksum)

    # Equal checksums vouch for equal results: the cards are not read (a warm rebuild encodes none).
    assert _digest([note(card, b"1" * 16)], ROOT) == _digest([note(edited, b"1" * 16)], ROOT)
    assert _digest([note(card, b"1" * 16)], ROOT) != _digest([note(card, b"2" * 16)], ROOT)
    # One result without a checksum (not stored: a dry run): every card is digested instead.
    mixed = [note(card, b"1" * 16), note(edited, b"")]
    assert _digest(mixed, ROOT) == _digest([note(card, b""), note(edited, b"")], ROOT)
    assert _digest(mixed, ROOT) != _digest([note(card, b"1" * 16), note(edited, b"3" * 16)], ROOT)


def test_a_warm_pipeline_rebuild_is_steady_and_an_edited_note_is_not(tmp_path, plans):
    from notecards import pipeline
    from notecards.config import Config

    notes = tmp_path / "notes"
    (notes / "ml").mkdir(parents=True)
    note = notes / "ml" / "a.md"
    note.write_text("# 卷积\n\n卷积层是指用卷积核扫描输入的网络层。\n", encoding="utf-8")
    out = tmp_path / "out"
    first = pipeline.build(notes, out, Config(jobs=1), now=NOW)
    assert first.cards and plans  # the first build plans (and proves itself steady)
    plans.clear()
    again = pipeline.build(notes, out, Config(jobs=1), now=NOW + 10)
    assert plans == [] and all(n.checksum for n in again.notes)
    assert [d.counts for d in again.decks] == [
        d.counts | {"new": 0, "unchanged": d.cards} for d in first.decks
    ]
    note.write_text("# 卷积\n\n卷积层是指用卷积核扫描输入特征图的网络层。\n", encoding="utf-8")
    edited = pipeline.build(notes, out, Config(jobs=1), now=NOW + 20)
    assert plans and edited.decks[0].counts["changed"] == 1

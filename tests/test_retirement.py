"""Issue 14 point 4: retirement survives skipped imports, and ``sync`` is all decks or none.

With the real ``anki`` package: a retired card is shipped (tagged) by every build for
``keep_retired_days`` days, so importing only the latest of several builds still tags it; a sync
that fails between two decks leaves the collection file exactly as it was.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

helpers = pytest.importorskip("anki_helpers")

from card_helpers import notes_from, read_package  # noqa: E402
from notecards.export import export  # noqa: E402
from notecards.export import sync as sync_module  # noqa: E402
from notecards.export.render import RETIRED_TAG  # noqa: E402

DAY = 86_400
START = int(time.time()) - 60 * DAY
ROOT = Path("/notes")

NOTES = {
    "机器学习/rnn.md": [
        ("LSTM 的三个门", "输入门、遗忘门、输出门"),
        ("梯度消失", "梯度在反向传播中指数衰减"),
    ],
    "English/basics.md": [
        ("What is a tensor", "A multi-dimensional array"),
        ("What is an epoch", "One full pass over the data"),
    ],
}


def _without(path: str) -> dict[str, list[object]]:
    return {name: list(cards) for name, cards in NOTES.items() if name != path}


def _retired_fronts(col) -> set[str]:
    views = helpers.notes(col)
    return {v.front for v in views.values() if RETIRED_TAG in v.tags}


def test_two_builds_without_import_then_the_second_imported_tags_the_retired_card(tmp_path):
    out = tmp_path / "decks"
    col = helpers.new_collection(tmp_path)
    try:
        first = export.export(notes_from(NOTES), out, export.ExportOptions(ROOT), now=START)
        helpers.import_all(col, [r.path for r in first])
        assert _retired_fronts(col) == set()

        # The note is deleted; build 2 retires its cards, nobody imports it; build 3 the next day.
        export.export(
            notes_from(_without("机器学习/rnn.md")),
            out,
            export.ExportOptions(ROOT),
            now=START + DAY,
        )
        third = export.export(
            notes_from({"English/more.md": [("What is a loss", "What training lowers")]}),
            out,
            export.ExportOptions(ROOT),
            now=START + 2 * DAY,
        )
        shipped = {r.deck: r.cards for r in third}
        assert shipped["机器学习"] == 2  # the retired cards are still in their deck's package
        helpers.import_all(col, [r.path for r in third])
        assert _retired_fronts(col) == {
            "LSTM 的三个门",
            "梯度消失",
            "What is a tensor",
            "What is an epoch",
        }
    finally:
        col.close()


def test_retired_cards_leave_the_package_after_the_kept_days(tmp_path):
    out = tmp_path / "decks"
    export.export(notes_from(NOTES), out, export.ExportOptions(ROOT), now=START)
    rest = _without("机器学习/rnn.md")
    export.export(
        notes_from(rest), out, export.ExportOptions(ROOT, keep_retired_days=3), now=START + DAY
    )
    kept = export.export(
        notes_from(rest), out, export.ExportOptions(ROOT, keep_retired_days=3), now=START + 3 * DAY
    )
    assert {r.deck: (r.cards, r.counts["retired"]) for r in kept}["机器学习"] == (2, 0)
    (rnn,) = [r for r in kept if r.deck == "机器学习"]
    assert all(RETIRED_TAG in row.tags for row in read_package(rnn.path)[0].values())
    gone = export.export(
        notes_from(rest), out, export.ExportOptions(ROOT, keep_retired_days=3), now=START + 5 * DAY
    )
    assert [r.deck for r in gone] == ["English"]
    assert not rnn.path.exists()  # the category has no cards any more


def test_keep_zero_ships_a_retired_card_once(tmp_path):
    out = tmp_path / "decks"
    export.export(
        notes_from(NOTES), out, export.ExportOptions(ROOT, keep_retired_days=0), now=START
    )
    rest = _without("English/basics.md")
    once = export.export(
        notes_from(rest), out, export.ExportOptions(ROOT, keep_retired_days=0), now=START + 1
    )
    assert sum(r.counts["retired"] for r in once) == 2
    again = export.export(
        notes_from(rest), out, export.ExportOptions(ROOT, keep_retired_days=0), now=START + 2
    )
    assert [r.deck for r in again] == ["机器学习"]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_sync_that_fails_after_the_first_deck_leaves_the_collection_unchanged(
    tmp_path, monkeypatch
):
    path, out = tmp_path / "collection.anki2", tmp_path / "decks"
    helpers.new_collection(tmp_path).close()
    sync_module.sync(notes_from(NOTES), path, out, export.ExportOptions(ROOT), now=START)
    before = _digest(path)

    real_import, imported = sync_module._import, []

    def killed_after_one(col, package):
        if imported:
            raise KeyboardInterrupt  # as Ctrl-C, or any failure, between two decks
        imported.append(package)
        return real_import(col, package)

    monkeypatch.setattr(sync_module, "_import", killed_after_one)
    changed = {name: list(cards) for name, cards in NOTES.items()}
    changed["English/basics.md"][0] = ("What is a tensor", "An n-dimensional array")
    changed["机器学习/rnn.md"][0] = ("LSTM 的三个门", "输入、遗忘、输出")
    with pytest.raises(KeyboardInterrupt):
        sync_module.sync(
            notes_from(changed), path, out, export.ExportOptions(ROOT), now=START + DAY
        )
    assert len(imported) == 1
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "collection.anki2",
        "collection.media",
        "decks",
    ]

    # The next sync (not interrupted) brings both decks, and the retired cards it tags.
    monkeypatch.setattr(sync_module, "_import", real_import)
    result = sync_module.sync(
        notes_from(
            _without("机器学习/rnn.md") | {"English/basics.md": changed["English/basics.md"]}
        ),
        path,
        out,
        export.ExportOptions(ROOT),
        now=START + 2 * DAY,
    )
    assert result.updated == 3  # the tensor card, the 2 retired ones
    col = helpers.new_collection(tmp_path)
    try:
        assert _retired_fronts(col) == {"LSTM 的三个门", "梯度消失"}
        assert helpers.duplicate_guids(col) == []
    finally:
        col.close()


def test_a_sync_killed_in_a_real_process_leaves_the_collection_unchanged(tmp_path):
    """kill -9 while the second deck is being imported: the collection file is untouched."""
    import os
    import signal
    import subprocess
    import sys

    path, out = tmp_path / "collection.anki2", tmp_path / "decks"
    helpers.new_collection(tmp_path).close()
    before = _digest(path)
    script = f"""
import os, signal, sys
from pathlib import Path
sys.path.insert(0, {str(Path(__file__).parent)!r})
from card_helpers import notes_from
from notecards.export import sync as s
real, seen = s._import, []
def imp(col, package):
    if seen:
        os.kill(os.getpid(), signal.SIGKILL)
    seen.append(package)
    return real(col, package)
s._import = imp
s.sync(notes_from({NOTES!r}), Path({str(path)!r}), Path({str(out)!r}), s.export.ExportOptions(Path("/notes")))
"""
    done = subprocess.run([sys.executable, "-c", script], timeout=120, check=False)
    assert done.returncode == -signal.SIGKILL
    assert _digest(path) == before
    assert (out / "notecards-state.json").exists()  # the build itself was written
    col = helpers.new_collection(tmp_path)
    try:
        assert helpers.notes(col) == {}
    finally:
        col.close()
    assert list(tmp_path.glob(".notecards-sync-*.anki2"))  # the killed sync's copy
    sync_module.sync(notes_from(NOTES), path, out, export.ExportOptions(ROOT))
    assert not list(tmp_path.glob(".notecards-sync-*"))  # swept by the next sync
    col = helpers.new_collection(tmp_path)
    try:
        assert len(helpers.notes(col)) == 4
    finally:
        col.close()
    assert os.path.exists(path)


def test_the_cli_option_sets_the_days(tmp_path):
    from typer.testing import CliRunner

    from notecards.cli.commands import app

    notes, out = tmp_path / "notes", tmp_path / "decks"
    (notes / "ml").mkdir(parents=True)
    (notes / "zh").mkdir()
    (notes / "ml" / "a.md").write_text("# 池化\n\n池化层的作用 :: 降低特征图的维度\n", "utf-8")
    (notes / "zh" / "b.md").write_text("# 卷积\n\n卷积核 :: 在输入上滑动的小权重矩阵\n", "utf-8")
    runner = CliRunner()

    def build(*options: str) -> None:
        result = runner.invoke(app, ["build", str(notes), "-o", str(out), "-j", "1", *options])
        assert result.exit_code == 0, result.output

    build()
    (notes / "ml" / "a.md").unlink()
    build()  # retires the card and ships it, tagged
    build()
    assert (out / "ml.apkg").exists()  # still shipped: 30 days by default
    build("--keep-retired-days", "0")
    assert not (out / "ml.apkg").exists()

"""The state file is guarded (issue 14, point 2): a damaged state file is read from its backup
or stops the build naming the file, the wrong field and the ways on; another notes folder's
state file stops the build; ``--reset-state`` sets the file aside. Real notes folders, real
builds through the CLI, and a real Anki collection for the identities."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from card_helpers import read_package
from notecards.cli.commands import app
from notecards.export import statefile
from notecards.export.state import STATE_FILE

runner = CliRunner()

FIRST = "池化层的作用是什么 :: 降低特征图的尺寸\n卷积核的大小 :: 通常是 3x3\n"
REWORDED = "池化层有什么作用 :: 降低特征图的尺寸\n卷积核的大小 :: 通常是 3x3\n"
"""The first card's question reworded: only the state file can tell it is the same card."""


def write_notes(folder: Path, text: str, name: str = "ml") -> Path:
    (folder / name).mkdir(parents=True, exist_ok=True)
    (folder / name / "a.md").write_text(text, encoding="utf-8")
    return folder


def cli_build(notes: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = runner.invoke(app, ["build", str(notes), "-o", str(out), "-j", "1", *extra])
    return result.exit_code, result.output


def guids(out: Path, deck: str = "ml") -> dict[str, str]:
    """Question (first field) → GUID of the package of ``deck``."""
    notes = read_package(out / f"{deck}.apkg")[0]
    return {row.fields[0]: row.guid for row in notes.values()}


def built_twice(tmp_path: Path) -> tuple[Path, Path]:
    """A notes folder built twice (so the state file has a backup), then reworded."""
    notes, out = write_notes(tmp_path / "notes", FIRST), tmp_path / "decks"
    assert cli_build(notes, out)[0] == 0
    write_notes(notes, FIRST + "梯度下降的作用 :: 沿负梯度方向更新参数\n")
    assert cli_build(notes, out)[0] == 0
    assert (out / statefile.BACKUP_FILE).is_file()
    write_notes(notes, REWORDED)
    return notes, out


def _guid_as_number(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["cards"][0]["guid"] = 12345
    path.write_text(json.dumps(data), encoding="utf-8")


DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "empty": (lambda p: p.write_bytes(b""), "empty"),
    "truncated": (lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]), "JSON"),
    "not JSON": (lambda p: p.write_text("{not json", encoding="utf-8"), "JSON"),
    "too deep": (lambda p: p.write_text("[" * 100_000, encoding="utf-8"), "JSON"),
    "GUID as a number": (_guid_as_number, "cards[0].guid: expected a string, got 12345"),
    "wrong position": (
        lambda p: p.write_text(
            re.sub(r'"next_position": (\d+)', r'"next_position": "\1"', p.read_text("utf-8")),
            encoding="utf-8",
        ),
        'next_position: expected an integer, got "',
    ),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_state_is_read_from_its_backup(tmp_path: Path, damage: str) -> None:
    notes, out = built_twice(tmp_path)
    before = guids(out)
    spoil, _reason = DAMAGE[damage]
    spoil(out / STATE_FILE)
    code, output = cli_build(notes, out)
    assert code == 0, output
    after = guids(out)
    assert after["池化层有什么作用"] == before["池化层的作用是什么"]  # the identity survived
    assert (out / STATE_FILE).is_file() and statefile.parse(out / STATE_FILE).entries
    # The good backup was not replaced by the damaged file.
    assert statefile.parse(out / statefile.BACKUP_FILE).entries


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_state_without_backup_stops_the_build(tmp_path: Path, damage: str) -> None:
    notes, out = built_twice(tmp_path)
    (out / statefile.BACKUP_FILE).unlink()
    spoil, reason = DAMAGE[damage]
    spoil(out / STATE_FILE)
    decks = (out / "ml.apkg").read_bytes()
    for extra in ((), ("--strict",), ("--dry-run",)):
        code, output = cli_build(notes, out, *extra)
        assert code == 1, (extra, output)
        assert str(out / STATE_FILE) in output and reason in output, output
        assert "--reset-state" in output and "restore" in output
        assert "internal error" not in output and "Traceback" not in output
    assert (out / "ml.apkg").read_bytes() == decks  # nothing was written


@pytest.mark.parametrize("backup", [True, False])
def test_a_folder_in_place_of_the_state_stops_the_build(tmp_path: Path, backup: bool) -> None:
    notes, out = built_twice(tmp_path)
    if not backup:
        (out / statefile.BACKUP_FILE).unlink()
    (out / STATE_FILE).unlink()
    (out / STATE_FILE).mkdir()
    code, output = cli_build(notes, out)
    assert code == 1, output
    assert str(out / STATE_FILE) in output and "a folder" in output and "--reset-state" in output
    code, output = cli_build(notes, out, "--reset-state")
    assert code == 0, output
    assert (out / STATE_FILE).is_file() and list(out.glob(statefile.RESET_PREFIX + "*"))


def test_reset_state_sets_the_file_aside_and_starts_afresh(tmp_path: Path) -> None:
    notes, out = built_twice(tmp_path)
    (out / statefile.BACKUP_FILE).unlink()
    (out / STATE_FILE).write_text("{not json", encoding="utf-8")
    code, output = cli_build(notes, out, "--reset-state")
    assert code == 0, output
    (kept,) = out.glob(statefile.RESET_PREFIX + "*")
    assert kept.read_text(encoding="utf-8") == "{not json"
    assert statefile.parse(out / STATE_FILE).entries
    assert cli_build(notes, out)[0] == 0  # and the next build reads the new file


def test_another_notes_folders_state_stops_the_build(tmp_path: Path) -> None:
    mine = write_notes(tmp_path / "mine", FIRST)
    other = write_notes(tmp_path / "other", "注意力机制的作用 :: 按相关性分配权重\n", "nlp")
    assert cli_build(mine, tmp_path / "my-decks")[0] == 0
    assert cli_build(other, tmp_path / "other-decks")[0] == 0
    shutil.copy(tmp_path / "other-decks" / STATE_FILE, tmp_path / "my-decks" / STATE_FILE)
    code, output = cli_build(mine, tmp_path / "my-decks")
    assert code == 1, output
    assert "belongs to the notes folder" in output and str(tmp_path / "other") in output
    assert "--reset-state" in output
    assert not (tmp_path / "my-decks" / "nlp.apkg").exists()  # its decks were not written here


def test_a_moved_notes_folder_keeps_its_state(tmp_path: Path) -> None:
    notes, out = built_twice(tmp_path)
    before = guids(out)
    moved = notes.rename(tmp_path / "renamed-notes")
    code, output = cli_build(moved, out)
    assert code == 0, output
    assert guids(out)["池化层有什么作用"] == before["池化层的作用是什么"]
    assert statefile.parse(out / STATE_FILE).notes == str(moved.resolve())


def test_a_state_file_from_before_the_guard_is_read_and_upgraded(tmp_path: Path) -> None:
    notes, out = built_twice(tmp_path)
    before = guids(out)
    data = json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
    del data["notes"]
    (out / STATE_FILE).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert cli_build(notes, out)[0] == 0
    assert guids(out)["池化层有什么作用"] == before["池化层的作用是什么"]
    assert statefile.parse(out / STATE_FILE).notes == str(notes.resolve())


def test_anki_updates_the_reworded_card_after_a_recovery(tmp_path: Path) -> None:
    """Imported into a real collection, the build read from the backup updates the note the
    first build made instead of adding a duplicate."""
    helpers = pytest.importorskip("anki_helpers")
    notes, out = built_twice(tmp_path)
    col = helpers.new_collection(tmp_path)
    try:
        helpers.import_package(col, out / "ml.apkg")
        count = len(helpers.notes(col))
        (out / STATE_FILE).write_text("", encoding="utf-8")
        assert cli_build(notes, out)[0] == 0
        counts = helpers.import_package(col, out / "ml.apkg")
        fronts = {note.front for note in helpers.notes(col).values()}
    finally:
        col.close()
    assert counts.new == 0 and counts.updated >= 1
    assert "池化层有什么作用" in fronts and "池化层的作用是什么" not in fronts
    assert len(fronts) == count

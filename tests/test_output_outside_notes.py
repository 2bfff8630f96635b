"""``-o`` equal to or inside the notes folder is refused before anything is written (issue 14,
point 8): the CLI exits 2 with a message naming both folders, the library raises
:class:`OutputInsideNotesError`, and the notes folder is left exactly as it was."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from card_helpers import notes_from
from notecards import pipeline
from notecards.config import Config
from notecards.errors import OutputError, OutputInsideNotesError
from notecards.export import export

runner = CliRunner()


def make_notes(tmp_path: Path) -> Path:
    notes = tmp_path / "notes"
    (notes / "cat").mkdir(parents=True)
    (notes / "cat" / "a.md").write_text("池化是什么 :: 降低特征图的尺寸\n", encoding="utf-8")
    return notes


def snapshot(folder: Path) -> list[str]:
    """Every path under ``folder`` (hidden ones included), links not followed."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def outputs(tmp_path: Path, notes: Path) -> dict[str, Path]:
    """The ways of naming an output folder that is, or is inside, the notes folder."""
    os.symlink(notes / "cat", tmp_path / "link-into-notes")
    return {
        "same": notes,
        "same, spelled with ..": notes / "cat" / "..",
        "inside": notes / "decks",
        "deep inside, not there yet": notes / "cat" / "new" / "decks",
        "through a link": tmp_path / "link-into-notes" / "decks",
    }


@pytest.mark.parametrize("dry_run", [False, True])
def test_the_cli_refuses_with_exit_code_2(tmp_path: Path, dry_run: bool) -> None:
    from notecards.cli.commands import app

    notes = make_notes(tmp_path)
    before = snapshot(notes)
    for case, out in outputs(tmp_path, notes).items():
        args = ["build", str(notes), "-o", str(out), "-j", "1", *(["--dry-run"] * dry_run)]
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (case, result.output)
        assert "notes folder" in result.output and str(out) in result.output, case
        assert "Traceback" not in result.output
        assert snapshot(notes) == before, case


def test_sync_refuses_too(tmp_path: Path) -> None:
    from notecards.cli.commands import app

    notes = make_notes(tmp_path)
    before = snapshot(notes)
    collection = tmp_path / "collection.anki2"
    collection.write_bytes(b"")  # never opened: the check comes first
    result = runner.invoke(app, ["sync", str(notes), "-c", str(collection), "-o", str(notes)])
    assert result.exit_code == 2, result.output
    assert snapshot(notes) == before


def test_the_library_raises_a_typed_error(tmp_path: Path) -> None:
    notes = make_notes(tmp_path)
    before = snapshot(notes)
    for case, out in outputs(tmp_path, notes).items():
        with pytest.raises(OutputInsideNotesError) as raised:
            pipeline.build(notes, out, Config(jobs=1))
        assert isinstance(raised.value, OutputError), case  # an unusable output folder
        with pytest.raises(OutputInsideNotesError):
            export.export(notes_from({"cat/a.md": [("Q", "A")]}), out, export.ExportOptions(notes))
    assert snapshot(notes) == before


def test_a_folder_beside_or_above_the_notes_is_fine(tmp_path: Path) -> None:
    notes = make_notes(tmp_path)
    beside = pipeline.build(notes, tmp_path / "decks", Config(jobs=1))
    assert [d.path.name for d in beside.decks] == ["cat.apkg"]
    # The folder holding the notes folder is not inside it (``notecards build notes -o .``).
    above = pipeline.build(notes, tmp_path, Config(jobs=1))
    assert (tmp_path / "cat.apkg").is_file() and above.decks
    # A sibling whose name merely starts with the notes folder's name is not inside it.
    pipeline.build(notes, tmp_path / "notes-decks", Config(jobs=1))
    assert (tmp_path / "notes-decks" / "cat.apkg").is_file()

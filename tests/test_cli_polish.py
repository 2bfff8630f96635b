"""The everyday command line: --version, --quiet, stderr for warnings and errors, plain lines
when piped, an empty notes folder, preview of a folder and its notes root, tool folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from notecards.cli.commands import app

runner = CliRunner()

NOTE = "# 池化\n\n池化层的作用是降低特征图的尺寸。\n\n卷积层是一种提取局部特征的网络层。\n"


def make_notes(tmp_path: Path) -> Path:
    notes = tmp_path / "notes"
    (notes / "深度学习").mkdir(parents=True)
    (notes / "深度学习" / "cnn.md").write_text(NOTE, encoding="utf-8")
    return notes


def test_version() -> None:
    from importlib.metadata import version

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"notecards {version('notecards')}"


def test_build_summary_is_plain_lines_when_piped_and_ends_with_the_next_step(
    tmp_path: Path,
) -> None:
    notes = make_notes(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(notes), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "┃" not in result.stdout and "…" not in result.stdout.split("Decks in")[0]
    assert "深度学习.apkg\t" in result.stdout
    assert "unchanged" in result.stdout  # no column header cut
    last = result.stdout.strip().splitlines()[-1]
    assert str(out) in last and "File ▸ Import…" in last and "notecards sync" in last


def test_quiet_prints_nothing_on_success_and_warnings_go_to_stderr(tmp_path: Path) -> None:
    notes = make_notes(tmp_path)
    (notes / "深度学习" / "bad.md").write_bytes(b"\x00\x01binary\xff" * 50)
    result = runner.invoke(app, ["build", str(notes), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "bad.md" in result.stderr and "warning" in result.stderr
    loud = runner.invoke(app, ["build", str(notes), "-o", str(tmp_path / "out")])
    assert "bad.md" in loud.stderr and "bad.md" not in loud.stdout


def test_errors_go_to_stderr(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(tmp_path / "missing"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "missing" in result.stderr and result.stdout == ""


def test_an_empty_notes_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "picture.png").write_bytes(b"png")
    result = runner.invoke(app, ["build", str(tmp_path / "notes"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"no notes found in {tmp_path / 'notes'}" in result.stderr
    assert not list((tmp_path / "out").glob("*")) if (tmp_path / "out").exists() else True


def test_tool_and_hidden_folders_are_skipped(tmp_path: Path) -> None:
    from notecards.read.discover import discover

    notes = make_notes(tmp_path)
    for folder in ("node_modules/pkg", ".git", ".obsidian", ".trash", "深度学习/.hidden"):
        (notes / folder).mkdir(parents=True, exist_ok=True)
        (notes / folder / "x.md").write_text(NOTE, encoding="utf-8")
    found = discover(notes)
    assert [p.relative_to(notes).as_posix() for p in found.notes] == ["深度学习/cnn.md"]
    assert "node_modules/" in found.skipped


def test_exclude_option(tmp_path: Path) -> None:
    notes = make_notes(tmp_path)
    (notes / "草稿").mkdir()
    (notes / "草稿" / "x.md").write_text(NOTE, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(notes), "-o", str(out), "--exclude", "草稿"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.glob("*.apkg")] == ["深度学习.apkg"]


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_preview_reports_the_deck_build_gives(in_tmp: Path) -> None:
    make_notes(in_tmp)
    note = Path("notes") / "深度学习" / "cnn.md"
    result = runner.invoke(app, ["preview", str(note)])
    assert result.exit_code == 0, result.output
    assert "→ deck 深度学习" in result.stdout


def test_preview_finds_the_root_by_its_config_file(tmp_path: Path) -> None:
    notes = make_notes(tmp_path)
    (notes / "深度学习" / "CNN").mkdir()
    (notes / "深度学习" / "CNN" / "pool.md").write_text(NOTE, encoding="utf-8")
    (notes / "notecards.toml").write_text("min_confidence = 0\n", encoding="utf-8")
    result = runner.invoke(app, ["preview", str(notes / "深度学习" / "CNN" / "pool.md")])
    assert result.exit_code == 0, result.output
    assert "→ deck 深度学习::CNN" in result.stdout


def test_preview_of_a_folder_previews_every_note(in_tmp: Path) -> None:
    notes = make_notes(in_tmp)
    (notes / "深度学习" / "rnn.md").write_text(NOTE, encoding="utf-8")
    result = runner.invoke(app, ["preview", "notes"])
    assert result.exit_code == 0, result.output
    assert "cnn.md → deck 深度学习" in result.stdout and "rnn.md → deck 深度学习" in result.stdout
    empty = in_tmp / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["preview", str(empty)])
    assert result.exit_code == 1 and "no notes found" in result.stderr


def test_help_has_readable_placeholders() -> None:
    result = runner.invoke(app, ["build", "--help"], env={"COLUMNS": "200"})
    for placeholder in ("RULE", "0-1", "NOTES", "DIR", "GLOB", "FILE", "MB"):
        assert placeholder in result.stdout, placeholder
    assert "<list" not in result.stdout and "float range" not in result.stdout
    preview = runner.invoke(app, ["preview", "--help"], env={"COLUMNS": "200"})
    assert "NOTE" in preview.stdout


def test_completion_is_offered() -> None:
    result = runner.invoke(app, ["--help"])
    assert "--install-completion" in result.stdout


def test_rules_has_no_rst_backticks_and_is_plain_when_piped() -> None:
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    assert "``" not in result.stdout and "┃" not in result.stdout

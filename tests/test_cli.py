"""The command line: help for every command, exit codes, and one-line errors naming the file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notecards.cli.commands import app

runner = CliRunner()


COMMANDS = {
    c.name or c.callback.__name__: c.callback for c in app.registered_commands if c.callback
}


def test_the_commands_are_there() -> None:
    assert set(COMMANDS) == {"build", "explain", "preview", "rules", "sync"}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output
    doc = COMMANDS[command].__doc__
    assert doc and doc.strip(), f"command {command} has no docstring"


def test_rules_lists_the_chain_in_order() -> None:
    from notecards.extract.rules import default_rules

    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    positions = [result.output.index(name) for name in default_rules().names()]
    assert positions == sorted(positions)


def test_unknown_rule_is_a_usage_error_listing_valid_names(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["build", str(tmp_path), "-o", str(tmp_path / "out"), "--only", "nope"]
    )
    assert result.exit_code == 2
    assert "nope" in result.output and "definition_zh" in result.output


def test_missing_notes_folder_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-notes"
    result = runner.invoke(app, ["build", str(missing), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "no-such-notes" in result.output
    assert "Traceback" not in result.output


def test_output_path_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    (notes / "cat").mkdir(parents=True)
    (notes / "cat" / "a.md").write_text("# A\n\nKMP 算法用于字符串匹配。\n", encoding="utf-8")
    out = tmp_path / "out.apkg"
    out.write_text("not a folder")
    result = runner.invoke(app, ["build", str(notes), "-o", str(out)])
    assert result.exit_code == 1
    assert "out.apkg" in result.output
    assert "Traceback" not in result.output


def test_bad_file_is_a_warning_naming_it_and_the_build_goes_on(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    (notes / "cat").mkdir(parents=True)
    (notes / "cat" / "good.md").write_text(
        "# 池化\n\n池化层的作用是降低特征图的尺寸。\n", encoding="utf-8"
    )
    (notes / "cat" / "bad.md").write_bytes(b"\x00\x01\x02binary\x00")
    result = runner.invoke(app, ["build", str(notes), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "bad.md" in result.output
    assert (tmp_path / "out" / "cat.apkg").exists()
    strict = runner.invoke(app, ["build", str(notes), "-o", str(tmp_path / "out"), "--strict"])
    assert strict.exit_code == 1


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    (notes / "cat").mkdir(parents=True)
    (notes / "cat" / "a.md").write_text(
        "# 池化\n\n池化层的作用是降低特征图的尺寸。\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["build", str(notes), "-o", str(tmp_path / "out"), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert not list(tmp_path.rglob("*.apkg"))
    assert "cat" in result.output


def test_preview_shows_rule_confidence_and_line(tmp_path: Path) -> None:
    note = tmp_path / "a.md"
    note.write_text("# 池化\n\n池化层的作用是降低特征图的尺寸。\n", encoding="utf-8")
    result = runner.invoke(app, ["preview", str(note)])
    assert result.exit_code == 0, result.output
    assert "[role]" in result.output
    assert "    3  " in result.output  # the source line of the sentence


def test_explain_gives_every_sentence_of_a_line_its_fate(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    note = notes / "a.md"
    note.write_text(
        "# ZeRO\n\nThe authors propose ZeRO, a memory optimizer that partitions optimizer "
        "states across data-parallel processes. It is fast.\n\nI think this is nice.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["explain", f"{note}:3"])
    assert result.exit_code == 0, result.output
    assert "carded" in result.output and "{{c1::ZeRO}}" in result.output
    assert "vetoed: too-short" in result.output  # "It is fast." is explained, not silent
    assert "I think" not in result.output  # line 5 was not asked for
    whole = runner.invoke(app, ["explain", str(note)])
    assert "5  vetoed:" in whole.output  # the chatter of line 5 is vetoed, with its reason
    missing = runner.invoke(app, ["explain", f"{tmp_path / 'nope.md'}:3"])
    assert missing.exit_code == 1 and "no such file" in missing.output


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "notecards", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "build" in result.stdout


def test_the_readme_documents_every_command_and_build_option() -> None:
    import typing

    import typer.models

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"notecards {name}" in readme, name
    hints = typing.get_type_hints(COMMANDS["build"], include_extras=True)
    options = [
        meta.param_decls or ("--" + param.replace("_", "-"),)
        for param, hint in hints.items()
        for meta in getattr(hint, "__metadata__", ())
        if isinstance(meta, typer.models.OptionInfo)
    ]
    assert len(options) >= 10
    for decls in options:
        assert any(decl in readme for decl in decls), decls


def test_decisions_are_kept_only_when_asked_for(tmp_path: Path) -> None:
    """Every sentence's decision is recorded for --explain, preview and explain only: a plain
    build keeps none (they made the cache twenty times larger)."""
    from notecards.config import Config
    from notecards.pipeline import process_note

    notes = tmp_path / "notes"
    notes.mkdir()
    note = notes / "a.md"
    note.write_text(
        "# ZeRO\n\nThe authors propose ZeRO, a memory optimizer that partitions "
        "optimizer states across data-parallel processes.\n",
        encoding="utf-8",
    )
    assert process_note(note, notes, Config(jobs=1)).decisions == ()
    kept = process_note(note, notes, Config(jobs=1, record_decisions=True)).decisions
    assert [d.fate for d in kept] == ["carded"]
    explained = runner.invoke(app, ["build", str(notes), "-o", str(tmp_path / "out"), "--explain"])
    assert explained.exit_code == 0, explained.output
    assert "{{c1::ZeRO}}" in explained.output

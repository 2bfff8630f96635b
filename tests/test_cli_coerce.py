"""The CLI's pydantic-free parameter coercion (notecards.cli.coerce) gives exactly what typer's
own coercion gives: the same value for every value it handles, and typer's own error for the
rest; and a build no longer loads pydantic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from notecards.cli import coerce as cli_coerce
from notecards.cli import commands as cli

pytest.importorskip("typer._coercion", reason="a typer without the pydantic coercion layer")
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param

VALUES = [
    "3",
    "007",
    "0",
    "-1",
    "+3",
    " 3",
    "3.0",
    "1_0",
    "٣",
    "0.5",
    ".5",
    "1.0",
    "1e-1",
    "2",
    "99999999999999999999999",
    "",
    "a",
    "-",
    ".",
    "notes/",
    "笔记/机器学习",
    "/nonexistent/x",
    "/etc",
    "~",
    "a\x00b",
    Path("decks"),
    0,
    0.0,
    1,
    True,
    ["a", "b"],
    ("x",),
    (),
    [1],
]

_ERROR = object()


def _parameters() -> list[tuple[str, object]]:
    group = typer.main.get_command(cli.app)
    return [
        (f"{name} {param.name}", param)
        for name, command in sorted(group.commands.items())  # type: ignore[attr-defined]
        for param in command.params
    ]


@pytest.mark.parametrize(("name", "param"), _parameters(), ids=[n for n, _ in _parameters()])
def test_fast_values_equal_typers(name, param, tmp_path):
    unreadable = tmp_path / "secret"
    unreadable.write_text("x")
    unreadable.chmod(0)
    descriptor = param.type_descriptor
    exact = build_runtime_param(descriptor)
    handled = 0
    for value in [*VALUES, str(unreadable)]:
        try:
            expected = exact._coerce_value(value, param=param, ctx=None)
        except (BadParameter, ValueError, TypeError):
            expected = _ERROR
        got = cli_coerce.fast_value(
            descriptor.annotation, descriptor.parameter_info, value, param, None
        )
        if got is cli_coerce._MISS:
            continue
        handled += 1
        assert expected is not _ERROR, f"{name}: {value!r} should be left to typer"
        assert (type(got), got) == (type(expected), expected), f"{name}: {value!r}"
    if descriptor.annotation is not bool:
        assert handled, f"{name}: no value took the fast path"


@pytest.mark.parametrize(
    "args",
    [
        ["build", "-j", "-1"],
        ["build", "-j", "abc"],
        ["build", "-j", "٣"],
        ["build", "--min-confidence", "2"],
        ["build", "--min-confidence", "x"],
        ["build", "--only"],
        ["preview", "/nonexistent/note.md", "--min-confidence", "1.5"],
        ["build", "--frobnicate"],
    ],
    ids=" ".join,
)
def test_usage_errors_are_unchanged(args, monkeypatch):
    runner = CliRunner()
    light = runner.invoke(cli.app, args)
    monkeypatch.setattr(cli_coerce, "lighten", lambda command: None)
    plain = runner.invoke(cli.app, args)
    assert light.exit_code == plain.exit_code == 2
    assert light.output == plain.output


def test_a_build_does_not_load_pydantic(tmp_path):
    notes = tmp_path / "notes" / "ml"
    notes.mkdir(parents=True)
    (notes / "a.md").write_text("# 池化\n\n池化层是指降低特征图分辨率的层。\n", encoding="utf-8")
    proc = subprocess.run(
        [
            *(sys.executable, "-X", "importtime", "-m", "notecards", "build", str(notes.parent)),
            *("-o", str(tmp_path / "out"), "-j", "1", "--default-category", "Inbox"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    imported = {
        line.rsplit("|", 1)[1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert "notecards.cli.coerce" in imported
    assert not any(name == "pydantic" or name.startswith("pydantic.") for name in imported)
    assert (tmp_path / "out" / "ml.apkg").exists()

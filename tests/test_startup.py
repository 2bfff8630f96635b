"""Start-up stays light: ``--help`` imports no parser, segmenter, Anki library or the pipeline.

Each case runs ``python -X importtime -m notecards …`` in a fresh interpreter and reads the list
of imported modules from its report, so nothing imported by the test process itself can hide a
regression. Timing is measured by benchmarks/bench.py, never asserted here.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = (
    "markdown_it",
    "mdit_py_plugins",
    "rjieba",
    "jieba",
    "genanki",
    "anki",
    "watchfiles",
    "notecards.pipeline",
    "notecards.segment.segment",
    "notecards.parse",
)
"""Modules that only a real build (or preview) may import."""

COMMANDS = (("--help",), ("build", "--help"), ("preview", "--help"), ("rules", "--help"))


def imported_modules(*args: str) -> set[str]:
    """Top-level and dotted names of every module a ``notecards`` run imported."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "notecards", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Usage:" in proc.stdout
    names = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    assert "notecards.cli.commands" in names, "importtime report not found"
    return names


def _loaded(names: set[str], package: str) -> bool:
    return any(n == package or n.startswith(package + ".") for n in names)


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_help_imports_nothing_heavy(args: tuple[str, ...]) -> None:
    names = imported_modules(*args)
    assert [pkg for pkg in HEAVY if _loaded(names, pkg)] == []


@pytest.mark.parametrize("args", COMMANDS[:2], ids=" ".join)
def test_help_does_not_load_pydantic(args: tuple[str, ...]) -> None:
    # typer 0.29 coerces parameter values through pydantic (~80 ms); cli._Group keeps --help
    # from needing it.
    assert not _loaded(imported_modules(*args), "pydantic")

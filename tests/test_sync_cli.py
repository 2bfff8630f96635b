"""``notecards sync`` from the command line: the same options (and config file) as build, a dry
run that reports exactly what the real sync then does, and the ``sync`` extra's message."""

from __future__ import annotations

import builtins
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from notecards.cli.commands import app

helpers = pytest.importorskip("tests.anki_helpers")

runner = CliRunner()

NOTES = {
    "数据结构/栈.md": "# 栈\n\n栈是一种后进先出的线性表。\n\n队列是一种先进先出的线性表。\n",
    "数据结构/树.md": "# 树\n\n- 二叉树：每个结点至多有两个子结点的树\n- 堆：一种完全二叉树\n",
    "方法.md": "# 方法\n\n费曼学习法是一种以教促学的学习方法。\n",
}
COUNTS = re.compile(r"(\d+) added, (\d+) updated, (\d+) already up to date, (\d+) refused")


def make_notes(tmp_path: Path) -> Path:
    notes = tmp_path / "notes"
    for rel, text in NOTES.items():
        (notes / rel).parent.mkdir(parents=True, exist_ok=True)
        (notes / rel).write_text(text, encoding="utf-8")
    return notes


def counts(output: str) -> tuple[int, ...]:
    found = COUNTS.search(output)
    assert found, output
    return tuple(int(n) for n in found.groups())


def sync(notes: Path, tmp_path: Path, *extra: str) -> Any:
    args = ["sync", str(notes), "-c", str(tmp_path / "collection.anki2")]
    return runner.invoke(app, [*args, "-o", str(tmp_path / "decks"), *extra])


def test_dry_run_reports_what_the_real_sync_then_does(tmp_path: Path) -> None:
    notes = make_notes(tmp_path)
    helpers.new_collection(tmp_path).close()
    dry = sync(notes, tmp_path, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert not list((tmp_path / "decks").glob("*"))  # nothing written
    col = helpers.new_collection(tmp_path)
    try:
        assert helpers.notes(col) == {}  # the collection untouched
    finally:
        col.close()
    real = sync(notes, tmp_path)
    assert real.exit_code == 0, real.output
    assert counts(dry.stdout) == counts(real.stdout)
    assert counts(real.stdout)[0] > 0

    # A changed note: the dry run again foretells the update.
    (notes / "方法.md").write_text("# 方法\n\n费曼学习法是一种用讲解来检验理解的学习方法。\n")
    dry = sync(notes, tmp_path, "--dry-run")
    real = sync(notes, tmp_path)
    assert dry.exit_code == real.exit_code == 0, dry.output + real.output
    assert counts(dry.stdout) == counts(real.stdout)


def test_sync_takes_builds_options_and_the_config_file(tmp_path: Path) -> None:
    notes = make_notes(tmp_path)
    (notes / "notecards.toml").write_text('default_category = "收件箱"\n', encoding="utf-8")
    helpers.new_collection(tmp_path).close()
    result = sync(notes, tmp_path, "--min-confidence", "0", "--no-ranking")
    assert result.exit_code == 0, result.output
    col = helpers.new_collection(tmp_path)
    try:
        decks = set(col.decks.all_names())
    finally:
        col.close()
    assert "收件箱" in decks and "Inbox" not in decks
    assert (tmp_path / "decks" / "收件箱.apkg").is_file()

    other = tmp_path / "other"
    other.mkdir()
    helpers.new_collection(other).close()
    only = sync(notes, other, "--only", "definition_zh", "--no-ranking")
    assert only.exit_code == 0, only.output
    col = helpers.new_collection(other)
    try:
        fronts = " ".join(n.front for n in helpers.notes(col).values())
    finally:
        col.close()
    assert "二叉树" not in fronts  # a colon item: not a definition_zh card


def test_sync_options_are_builds(tmp_path: Path) -> None:
    for option in ("--only", "--disable", "--enable", "--min-confidence", "--default-category",
                   "--user-dict", "--segmenter", "--no-ranking", "--exclude"):  # fmt: skip
        assert option in runner.invoke(app, ["sync", "--help"]).stdout, option


def test_without_anki_the_message_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = make_notes(tmp_path)
    real_import = builtins.__import__

    def no_anki(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "anki" or name.startswith("anki."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_anki)
    result = sync(notes, tmp_path)
    assert result.exit_code == 1
    assert "pip install 'notecards[sync]'" in result.stderr

"""``notecards build --watch``: which changes call for a rebuild (a plain function, tested as a
table), and the real thing in a subprocess: a note edited while it watches reaches the deck, and
Ctrl-C ends it with exit code 0. No timing is asserted: the end-to-end test polls with a generous
limit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from card_helpers import read_package
from notecards.cli.watching import describe
from notecards.watch import wanted

ROOT = Path("/home/me/notes")
OUT = Path("/home/me/decks")
EXCLUDE = ("drafts/", "*.private.md")

# (path relative to /home/me, wanted)
# fmt: off
CASES = [
    ("notes/算法/栈.md", True),
    ("notes/inbox.txt", True),
    ("notes/web/page.html", True),
    ("notes/notecards.toml", True),           # the configuration: every card may change
    ("notes/算法/fig.png", True),             # an image a card shows
    ("notes/算法", True),                     # a folder renamed or deleted
    ("decks/算法.apkg", False),               # the output folder…
    ("decks/notecards-state.json", False),    # …its state file…
    ("decks/.notecards-cache/cache.db", False),  # …and its cache
    ("notes/.obsidian/workspace.json", False),
    ("notes/.git/index", False),
    ("notes/.trash/old.md", False),
    ("notes/算法/.栈.md.swp", False),          # vim
    ("notes/算法/栈.md~", False),              # backups
    ("notes/算法/4913", False),                # vim's probe
    ("notes/算法/#栈.md#", False),             # emacs autosave
    ("notes/算法/.#栈.md", False),             # emacs lock
    ("notes/page.html.crdownload", False),    # a page still downloading
    ("notes/site/node_modules/a/readme.md", False),
    ("notes/drafts/a.md", False),              # excluded folder
    ("notes/drafts", False),
    ("notes/a.private.md", False),             # excluded file
    ("notes/sub/a.private.md", False),         # fnmatch's * crosses folders, as the build's does
    ("notes", False),                          # the notes folder itself
    ("elsewhere/a.md", False),
]
# fmt: on


@pytest.mark.parametrize(("path", "expected"), CASES, ids=[c[0] for c in CASES])
def test_which_changes_call_for_a_rebuild(path: str, expected: bool) -> None:
    assert wanted(Path("/home/me") / path, ROOT, (OUT,), EXCLUDE) is expected


def test_the_output_folder_is_ignored_even_inside_the_notes_folder() -> None:
    assert not wanted(ROOT / "out" / "a.md", ROOT, (ROOT / "out",))
    assert wanted(ROOT / "outline.md", ROOT, (ROOT / "out",))


def test_the_line_before_a_rebuild_names_a_few_files() -> None:
    assert describe(["a.md"]) == "a.md"
    assert describe([f"{n}.md" for n in range(7)]) == "0.md, 1.md, 2.md, 3.md, 4.md and 2 more"


NOTE = "# 计时\n\n- 番茄钟：一种用于计时二十五分钟的厨房计时器\n"
ROOT_NOTE = "# 方法\n\n- 费曼学习法：一种通过向别人讲解来检验自己理解的学习方法\n"
ADDED = "- 闹钟：一种在设定时间发出声响提醒人的计时器\n"
LIMIT_S = 120
"""How long the end-to-end test waits for a deck to show a change (generous: 2 shared cores)."""


def wait_for(condition, what: str, proc: subprocess.Popen[bytes], log: Path) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + LIMIT_S
    while not condition():
        if proc.poll() is not None:
            pytest.fail(f"notecards exited ({proc.returncode}) before {what}:\n{log.read_text()}")
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} within {LIMIT_S} s:\n{log.read_text()}")
        time.sleep(0.2)


def fronts(deck: Path) -> str:
    try:
        notes, _media, _cards = read_package(deck)
    except (OSError, KeyError, ValueError):  # not written yet
        return ""
    return " ".join(note.fields[0] for note in notes.values())


def test_build_watch_rebuilds_when_a_note_changes(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    (notes / "工具").mkdir(parents=True)
    (notes / "工具" / "计时.md").write_text(NOTE, encoding="utf-8")
    (notes / "根.md").write_text(ROOT_NOTE, encoding="utf-8")
    deck = tmp_path / "decks" / "工具.apkg"
    log = tmp_path / "log.txt"
    command = [
        sys.executable,
        "-m",
        "notecards",
        "build",
        str(notes),
        "-o",
        str(tmp_path / "decks"),
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [*command, "--watch", "-j", "1", "--no-ranking"],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    try:
        wait_for(lambda: "Watching" in log.read_text(), "watching", proc, log)
        assert "番茄钟" in fronts(deck) and "闹钟" not in fronts(deck)

        (notes / "工具" / "计时.md").write_text(NOTE + ADDED, encoding="utf-8")
        wait_for(lambda: "闹钟" in fronts(deck), "rebuilt deck", proc, log)
        # The deck is written before the rebuild's summary is printed: wait for that too.
        wait_for(lambda: log.read_text().count("Cards per rule") >= 2, "summary", proc, log)
        output = log.read_text()
        assert "Changed: 工具/计时.md; rebuilding." in output
        assert output.count("Cards per rule") == 2  # the same summary each time

        # The configuration file is read again: the note in the root changes deck.
        assert (tmp_path / "decks" / "Inbox.apkg").is_file()
        (notes / "notecards.toml").write_text('default_category = "收件箱"\n', encoding="utf-8")
        inbox = tmp_path / "decks" / "收件箱.apkg"
        wait_for(lambda: "费曼" in fronts(inbox), "deck of the new default category", proc, log)

        proc.send_signal(signal.SIGINT)  # Ctrl-C
        assert proc.wait(timeout=LIMIT_S) == 0, log.read_text()
        assert "Stopped watching." in log.read_text()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_a_usage_error_ends_watching(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text(NOTE, encoding="utf-8")
    inside = [str(notes), "-o", str(notes / "decks"), "--watch"]
    proc = subprocess.run(
        [sys.executable, "-m", "notecards", "build", *inside],
        capture_output=True,
        text=True,
        timeout=LIMIT_S,
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    missing = [str(tmp_path / "nothing"), "-o", str(tmp_path / "decks"), "--watch"]
    proc = subprocess.run(
        [sys.executable, "-m", "notecards", "build", *missing],
        capture_output=True,
        text=True,
        timeout=LIMIT_S,
        check=False,
    )
    assert proc.returncode == 1 and "Watching" not in proc.stderr, proc.stderr

"""Pathological notes stay linear (issue 14 point 6): work is counted, never timed; each case of
``benchmarks/adversarial.py`` also runs at 200 KB under a generous hang guard."""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import adversarial
import pytest

from notecards.config import Config
from notecards.extract.rules import bilingual_term, default_rules
from notecards.parse import markdown
from notecards.pipeline import process_note
from notecards.segment.sentences import split_sentences

HANG_GUARD_S = 90
"""Far above what any case takes (a few seconds); only a super-linear path gets near it."""


@pytest.fixture
def hang_guard() -> Iterator[None]:
    """Fail the test (instead of hanging the suite) when it runs past :data:`HANG_GUARD_S`."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"took more than {HANG_GUARD_S} s: a super-linear path")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(HANG_GUARD_S)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _note(tmp_path: Path, case: str, size: int) -> tuple[Path, Path]:
    root = adversarial.make_folder(tmp_path / f"{case}-{size}", case, size) / "notes"
    return root / "topic" / "note.md", root


@pytest.mark.parametrize("case", [c for c in adversarial.CASES if c != "big-image"])
def test_each_case_builds_at_200kb(tmp_path: Path, case: str, hang_guard: None) -> None:
    note, root = _note(tmp_path, case, 200_000)
    result = process_note(note, root, Config(jobs=1, use_cache=False))
    assert result.chars >= 60_000  # characters, not bytes: Han text takes three bytes each


class _CountingPattern:
    """A compiled pattern that adds the length of every text it searches to ``counter``."""

    def __init__(self, pattern: re.Pattern[str], counter: list[int]) -> None:
        self.pattern, self.counter = pattern, counter

    def search(self, text: str, *args: int) -> re.Match[str] | None:
        self.counter.append(len(text))
        return self.pattern.search(text, *args)


def _chars_searched(tmp_path: Path, size: int, counter: list[int]) -> int:
    counter.clear()
    note, root = _note(tmp_path, "bilingual", size)
    # The rule is off by default (vocabulary pairs): on here, as it is what this test measures.
    rules = default_rules().enable("bilingual_term")
    process_note(note, root, Config(jobs=1, use_cache=False, rules=rules))
    return sum(counter)


def test_bilingual_line_reads_each_gloss_context_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The text searched before each gloss for its term is bounded: four times the line, about
    four times the characters searched (it was the whole line before every gloss: sixteen)."""
    counter: list[int] = []
    for name in ("_MARKED_TERM", "_MARKED_BEFORE", "_LATIN_BEFORE"):
        pattern = getattr(bilingual_term, name)
        monkeypatch.setattr(bilingual_term, name, _CountingPattern(pattern, counter))
    small = _chars_searched(tmp_path, 20_000, counter)
    large = _chars_searched(tmp_path, 80_000, counter)
    assert small > 0
    assert large <= 5 * small


def test_a_run_of_image_openers_is_not_a_sentence_each() -> None:
    """``![![![…``: a piece without a word joins the next one (one sentence per two characters
    made the ranking score a hundred thousand sentences per 200 KB)."""
    pieces = split_sentences("![" * 50_000)
    assert len(pieces) <= 2
    assert "".join(p for _, p in pieces) == "![" * 50_000


def test_a_single_wordless_piece_still_ends() -> None:
    """One piece without a word still ends where it did, so the cards of normal notes are
    unchanged (``!`` before an image); only the pieces after it in a run join up."""
    assert [p for _, p in split_sentences("好！ ![图](a.png)。后文。")] == [
        "好！ ",
        "!",
        "[图](a.png)。",
        "后文。",
    ]
    assert [p for _, p in split_sentences("! ! ! 好。")] == ["! ", "! ! 好。"]


def test_the_parser_hands_each_top_level_block_on_at_once() -> None:
    """A run of headings: the tokens held at once are one block's (three), not the note's, and
    handing them on gives the very tokens markdown-it gives for the whole note."""
    text = "# 标题\n" * 2000 + "\n- 列表项\n  - 子项\n\n> 引用\n\n段落。\n"
    chunks: list[list[str]] = []
    rest = markdown.block_parser().parse(
        text, {markdown.TOKEN_SINK: lambda tokens: chunks.append([t.type for t in tokens])}
    )
    assert max(len(c) for c in chunks[:2000]) == 3
    whole = [t.type for t in markdown.block_parser().parse(text)]
    assert [t for c in chunks for t in c] + [t.type for t in rest] == whole

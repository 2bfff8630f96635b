"""The clean stage: fixture files of scraped input → cleaned text, one file per rule family.

Cases in ``tests/fixtures/clean/plaintext-*.txt`` are cleaned as a ``.txt`` note, the others as
Markdown. Every case also checks the invariants: the cleaned text has as many lines as the
input, and every line that was emptied or merged away is recorded with a reason.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fixture_file import Fixture, read_fixture_file
from notecards.clean import boilerplate
from notecards.clean.clean import clean, protected_lines
from notecards.clean.furniture import find_furniture
from notecards.model import CleanNote, SourceNote
from notecards.patterns import alternation

FIXTURES = Path(__file__).parent / "fixtures" / "clean"
CASES = [case for path in sorted(FIXTURES.glob("*.txt")) for case in read_fixture_file(path)]


def note(text: str, suffix: str = ".md") -> SourceNote:
    """A source note as the reader would make it."""
    return SourceNote(
        path=Path(f"/notes/case{suffix}"),
        rel_path=f"case{suffix}",
        category="Inbox",
        text=text,
        encoding="utf-8",
    )


def check_invariants(source: SourceNote, cleaned: CleanNote) -> None:
    """Line count kept; every emptied line recorded, with the line as it stood in the file."""
    before, after = source.text.split("\n"), cleaned.text.split("\n")
    assert len(after) == len(before)
    recorded = {d.line: d for d in cleaned.dropped}
    for number, (old, new) in enumerate(zip(before, after, strict=True), start=1):
        if old.strip() and not new.strip():
            assert number in recorded, f"line {number} emptied without a record: {old!r}"
    for dropped in cleaned.dropped:
        assert dropped.text == before[dropped.line - 1]
        assert dropped.reason
    assert [d.line for d in cleaned.dropped] == sorted(d.line for d in cleaned.dropped)


def test_the_fixture_files_are_found() -> None:
    assert len(CASES) >= 50


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_clean_fixture(case: Fixture) -> None:
    suffix = ".txt" if case.path.stem.startswith("plaintext-") else ".md"
    source = note(case.input, suffix)
    cleaned = clean(source)
    assert cleaned.text == case.expected
    check_invariants(source, cleaned)


def test_dropped_lines_carry_the_group_name_as_reason() -> None:
    text = "正文：池化层没有参数。\n\n点赞 12 收藏 56\n版权声明：本文为博主原创文章。\n[TOC]"
    reasons = {d.line: d.reason for d in clean(note(text)).dropped}
    assert reasons == {3: "widget", 4: "footer", 5: "toc-marker"}


def test_joined_lines_are_recorded_as_merged() -> None:
    cleaned = clean(note("the loss of\nx\nis small."))
    assert [(d.line, d.reason) for d in cleaned.dropped] == [
        (2, "joined-fragment"),
        (3, "joined-fragment"),
    ]
    assert cleaned.text.split("\n")[0] == "the loss of x is small."


def test_clean_keeps_the_source_note() -> None:
    source = note("# T\n\ntext")
    assert clean(source).source is source


@pytest.mark.parametrize(
    "text",
    ["", "\n", "\n\n\n", "x", "```", "$$", "\\begin{x}", "<!--", "¶", "[TOC]", "&nbsp;", "\u200b"],
)
def test_degenerate_texts(text: str) -> None:
    source = note(text)
    check_invariants(source, clean(source))


def test_an_empty_vocabulary_group_is_refused() -> None:
    with pytest.raises(ValueError, match="non-empty"):
        alternation([])
    with pytest.raises(ValueError, match="non-empty"):
        boilerplate.trie_pattern(["ok", ""])


def test_every_vocabulary_group_is_a_non_empty_tuple_of_words() -> None:
    for name, tokens in boilerplate.TOKEN_GROUPS.items():
        assert isinstance(tokens, tuple) and tokens, name
        assert all(t and t == t.strip() for t in tokens), name
    for table in (boilerplate.STRONG_ANYWHERE, boilerplate.STRONG_LINE_STARTS):
        for reason, patterns in table.items():
            assert patterns, reason
            for pattern in patterns:
                re.compile(pattern)


def test_strong_patterns_searched_anywhere_begin_with_a_literal() -> None:
    """A branch starting with ``^``, ``.`` or ``\\s`` would make the engine try every position
    of every line (see boilerplate.STRONG_ANYWHERE); such patterns go to STRONG_LINE_STARTS."""
    for patterns in boilerplate.STRONG_ANYWHERE.values():
        for pattern in patterns:
            for branch in _top_level_branches(pattern):
                assert not branch.startswith(("^", ".", "\\s", "(?:.", "[^")), branch


def _top_level_branches(pattern: str) -> list[str]:
    depth, start, branches = 0, 0, []
    for i, ch in enumerate(pattern):
        if ch == "(" and pattern[i - 1 : i] != "\\":
            depth += 1
        elif ch == ")" and pattern[i - 1 : i] != "\\":
            depth -= 1
        elif ch == "|" and depth == 0 and pattern[i - 1 : i] != "\\":
            branches.append(pattern[start:i])
            start = i + 1
    return [*branches, pattern[start:]]


def test_protected_lines_cover_code_math_and_html_blocks() -> None:
    lines = ["a", "```py", "b", "```", "$$", "c", "$$", "<script>", "d", "</script>", "e"]
    assert protected_lines(lines) == [False, *[True] * 9, False]


def test_inline_fence_is_not_a_block() -> None:
    assert protected_lines(["```x```", "点赞 12"]) == [False, False]


def test_find_furniture_never_touches_protected_lines() -> None:
    lines = ["点赞 12", "收藏 56"]
    assert find_furniture(lines, [True, True]) == {}
    assert find_furniture(lines, [False, False]) == {0: "widget", 1: "widget"}


LARGE_PAGES = {
    "one paragraph of hard-wrapped CJK lines": "\n".join(
        ["池化层可以减少后续层的参数并且在一定程度上"] * 20_000
    ),
    "widget lines only": "\n".join(["点赞"] * 20_000),
    "labels between blank lines": "\n\n\n".join(["张三"] * 20_000),
    "broken formula fragments": "\n".join(["the value of", "x"] * 10_000),
    "numbers": "\n".join(str(i) for i in range(20_000)),
    "widgets between sentences": "\n".join(["点赞 12", "池化层是一种操作。"] * 10_000),
    "one 5 MB line": "a" * 5_000_000,
}


@pytest.mark.parametrize("name", sorted(LARGE_PAGES))
def test_clean_is_linear_on_large_odd_pages(name: str) -> None:
    """Large odd pages come through whole. Each takes well under a second when the code is
    linear, minutes when it is not; the time is benchmarks/linear_speed.py's to check, not a
    test's (a wall-clock bound fails on a busy machine)."""
    for suffix in (".md", ".txt"):
        source = note(LARGE_PAGES[name], suffix)
        cleaned = clean(source)
        assert cleaned.text.count("\n") == source.text.count("\n")

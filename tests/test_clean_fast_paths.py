"""The clean stage's fast paths give the same answers as the plain way they replace: prefix trees
searched from a rare character, the three token regexes searched side by side, the breadcrumb and
``[TOC]`` pre-checks."""

from __future__ import annotations

import random
import re
import string
import sys
from pathlib import Path

import pytest

from notecards.clean import boilerplate, furniture_line, furniture_regexes
from notecards.clean import clean as clean_module
from notecards.clean.clean import clean
from notecards.clean.furniture_hints import _HINT_EXTRA
from notecards.clean.repair import matching_lines
from notecards.model import SourceNote

PAGES = Path(__file__).parent / "fixtures" / "pages"


def _samples(pieces: list[str], count: int, seed: int) -> list[str]:
    """Short texts glued from ``pieces``, cut pieces and filler (deterministic)."""
    rng = random.Random(seed)
    filler = [" ", "x", "1", "-", "的", "a", "i", "q", "。", "，", ":", "|", " > ", "\n", "2023"]
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 8)):
            piece = rng.choice(pieces)
            roll = rng.random()
            if roll < 0.4:
                parts.append(piece)
            elif roll < 0.6:
                parts.append(piece[: rng.randint(0, len(piece))])
            elif roll < 0.7:
                parts.append(piece[rng.randint(0, len(piece)) :])
            else:
                parts.append(rng.choice(filler))
        out.append("".join(parts))
    return out


def _page_lines() -> list[str]:
    return [
        line.lower()
        for path in sorted(PAGES.glob("*.*"))
        if not path.name.endswith(".expect.txt")
        for line in path.read_text("utf-8").split("\n")
        if line.strip()
    ]


def test_a_trie_searched_from_rare_characters_finds_the_same_lines() -> None:
    words = {w.lower() for group in boilerplate.TOKEN_GROUPS.values() for w in group}
    words |= {w.lower() for w in _HINT_EXTRA}
    words = {w for w in words if not w[0].isascii()}
    plain = re.compile(boilerplate.trie_pattern(words))
    anchored = re.compile(boilerplate.trie_pattern(words, rare_anchor=True))
    assert plain.pattern != anchored.pattern
    for text in _samples(sorted(words), 3000, seed=2):
        assert matching_lines(anchored, text) == matching_lines(plain, text), text


def test_tokens_are_those_of_one_combined_regex() -> None:
    """furniture_tokens() searches three regexes side by side; finditer over one alternation of the
    non-Latin and the Latin tokens, with the whole-word check, is what it stands for."""
    group_of = furniture_regexes.compiled_vocabulary().GROUP_OF
    cjk = [t for t in group_of if not boilerplate.is_ascii_token(t)]
    latin = [t for t in group_of if boilerplate.is_ascii_token(t)]
    combined = re.compile(f"{boilerplate.trie_pattern(cjk)}|{boilerplate.trie_pattern(latin)}")

    def whole(m: re.Match[str], low: str) -> bool:
        start, end = m.span()
        return not m.group()[0].isascii() or not (
            (start > 0 and low[start - 1].isascii() and low[start - 1].isalnum())
            or (end < len(low) and low[end].isascii() and low[end].isalnum())
        )

    extra = ["xopen in app", "sign upx", "app内打开", "qq空间", "ip属地", "appx", "1.2k"]
    for low in _samples(sorted(group_of) + extra, 5000, seed=3) + _page_lines():
        expected = [(m.span(), m.group()) for m in combined.finditer(low) if whole(m, low)]
        assert [
            (m.span(), m.group()) for m in furniture_regexes.furniture_tokens(low)
        ] == expected, low


def test_every_breadcrumb_separator_holds_a_checked_character() -> None:
    """is_breadcrumb() skips the split when none of _CRUMB_CHARACTERS is in the line."""
    split = furniture_regexes.compiled_vocabulary().CRUMB_SPLIT
    for code in [*range(0x3100), *range(0xFE00, 0x10000)]:
        c = chr(code)
        if c not in furniture_line._CRUMB_CHARACTERS:
            assert split.search(f" {c} ") is None, hex(code)


def test_the_toc_pre_check_knows_every_whitespace_character() -> None:
    """A ``[TOC]`` line may start with any whitespace (``\\s*``); the scan for such lines lists
    the characters other than space, tab and the odd characters (those are looked for apart)."""
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    spaces = set(re.findall(r"\s", every))
    covered = set(re.findall(f"[{clean_module._OTHER_SPACE}]", every))
    assert covered <= spaces
    assert spaces - covered - set(clean_module._ODD_CHARACTERS) == {" ", "\t", "\n"}


def _note(text: str) -> SourceNote:
    return SourceNote(path=Path("/n/a.md"), rel_path="a.md", category="I", text=text, encoding="")


@pytest.mark.parametrize(
    "text",
    [
        "\u2000[TOC]\n正文。",
        "\x0b[toc]\n正文。",
        "\r[TOC]\n正文。",
        "  \u205f {:toc}\nx",
        "  [Toc]  \nx",
    ],
)
def test_a_toc_marker_after_any_whitespace_is_dropped(text: str) -> None:
    cleaned = clean(_note(text))
    assert [(d.line, d.reason) for d in cleaned.dropped] == [(1, "toc-marker")]


def test_a_toc_marker_in_code_stays_and_inline_toc_is_text() -> None:
    cleaned = clean(_note("[TOC]\n```\n[TOC]\n```\na [TOC]"))
    assert cleaned.text == "\n```\n[TOC]\n```\na [TOC]"
    assert [(d.line, d.reason) for d in cleaned.dropped] == [(1, "toc-marker")]


def test_the_common_characters_are_distinct_chinese_characters() -> None:
    assert len(set(boilerplate.COMMON_HAN)) == len(boilerplate.COMMON_HAN) == 300
    assert all("\u4e00" <= c <= "\u9fff" for c in boilerplate.COMMON_HAN)
    assert not set(boilerplate.COMMON_HAN) & set(string.printable)

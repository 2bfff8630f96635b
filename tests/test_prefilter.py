"""The ranking's faster searches find what the plain ones find: the quick regexes
(:func:`notecards.prefilter.quick`, a lookahead of where a match may start in
front of the pattern) and the cloze's plain search for keys without case."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from notecards.extract.ranking import deletions as keys_module
from notecards.extract.ranking import features, select
from notecards.prefilter import quick

FIXTURES = Path(__file__).parent / "fixtures"
_LOOKAHEAD = re.compile(r"^\(\?=\[[^\]]*\]\)\(\?:(?P<inner>.*)\)$", re.DOTALL)


def _texts() -> list[str]:
    """Every line of every fixture, as written, upper-cased and case-folded, and a few made-up
    sentences (Turkish dotted I, the Kelvin sign, a long s: letters that fold unusually)."""
    lines = [
        line
        for path in sorted(FIXTURES.rglob("*"))
        if path.is_file() and path.suffix in {".md", ".txt", ".html", ".json"}
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
    ]
    made_up = ["İn this section We define it", "\u212aey idea: ſee below", "", "我们先定义模型"]
    return [v for line in lines + made_up for v in (line, line.upper(), line.casefold())]


TEXTS = _texts()


def _ranking_patterns() -> list[re.Pattern[str]]:
    """The quickened patterns of the ranking: its vetoes and every searched feature."""
    found: list[re.Pattern[str]] = [
        value for value in vars(select).values() if isinstance(value, re.Pattern)
    ]
    for feature in features.FEATURES:
        for cell in feature.fn.__closure__ or ():
            search = cell.cell_contents
            if getattr(search, "__name__", "") == "search":
                found.append(search.__self__)
    return [p for p in found if _LOOKAHEAD.match(p.pattern)]


QUICK = _ranking_patterns()


def test_the_ranking_searches_are_quick() -> None:
    assert len(QUICK) >= 12  # the four vetoes and most of the twelve searched features


@pytest.mark.parametrize("fast", QUICK, ids=lambda p: p.pattern[-40:])
def test_a_quick_pattern_finds_what_the_pattern_finds(fast: re.Pattern[str]) -> None:
    match = _LOOKAHEAD.match(fast.pattern)
    assert match
    slow = re.compile(match.group("inner"), fast.flags)
    for text in TEXTS:
        a, b = slow.search(text), fast.search(text)
        assert (a and a.span()) == (b and b.span()), text


@pytest.mark.parametrize(
    "pattern",
    [r"a*", r"\w+ing", r"[^,]{0,3}x", r"(?:x|)y?", r"(?i:ab)c", r".x"],
)
def test_a_pattern_that_may_start_anywhere_is_left_alone(pattern: str) -> None:
    compiled = re.compile(pattern)
    assert quick(compiled) is compiled


@pytest.mark.parametrize(
    ("pattern", "flags", "text", "span"),
    [
        (r"\bwe (?:will|can)\b", re.IGNORECASE, "So WE CAN go", (3, 9)),
        (r"k", re.IGNORECASE, "\u212a", (0, 1)),  # the Kelvin sign folds to k
        (r"(?<=a)b|c", 0, "xab", (2, 3)),
        (r"^(?:it|this)\b", re.IGNORECASE | re.MULTILINE, "x\nThis", (2, 6)),
        (r"如图|见图", 0, "正如图中所示", (1, 3)),
    ],
)
def test_quick_keeps_flags_anchors_and_lookarounds(
    pattern: str, flags: int, text: str, span: tuple[int, int]
) -> None:
    fast = quick(re.compile(pattern, flags))
    assert fast.pattern != pattern
    found = fast.search(text)
    assert found and found.span() == span


_HAN_WORDS = re.compile(r"[\u4e00-\u9fff]{2,3}")


def test_cloze_keys_without_case_are_found_as_the_regex_finds_them() -> None:
    """deletions._occurrences finds keys without case (Han words, numbers) by plain search: the spans
    of ``finditer`` over their case-insensitive alternation, longest first."""
    checked = 0
    for text in TEXTS:
        words = _HAN_WORDS.findall(text)
        for keys in (words[:1], words[:2], words[1:4], [*words[:1], "12"]):
            if not keys:
                continue
            alternation = "|".join(map(re.escape, sorted(keys, key=lambda k: -len(k))))
            expected = [m.span() for m in re.finditer(alternation, text, re.IGNORECASE)]
            assert list(keys_module._occurrences(text, keys)) == expected, (text, keys)
            checked += 1
    assert checked > 100

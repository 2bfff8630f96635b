"""Figures that state a result worth remembering (``达到76.1%``, ``比CPU快10倍``, ``1.1亿个参数``),
as opposed to settings, trivia and arithmetic; used by the key-claim rule."""

from __future__ import annotations

import re

from notecards.extract.lang.terms import skip_lead
from notecards.extract.lang.text import HAN
from notecards.patterns import CODE_SPAN, DOLLAR_SPAN

CUES_ZH = (
    "比", "达到", "提高", "提升", "降低", "减少", "增加", "超过", "快", "慢", "准确率", "错误率",
    "精度", "误差", "仅", "只需", "约", "大约", "将近", "高达", "多达", "首次", "赢得", "参数",
    "包含", "组成", "共有", "层", "倍", "耗时", "需要", "占",
)  # fmt: skip
"""Words that make a figure in a Chinese sentence a claim (``比…快10倍``, ``达到76.1%``)."""

CUES_EN = (
    "than", "faster", "slower", "reach", "reaches", "reached", "achieve", "achieves", "achieved",
    "improve", "improves", "improved", "reduce", "reduces", "reduced", "increase", "increases",
    "accuracy", "error", "outperform", "outperforms", "only", "about", "roughly",
    "approximately", "nearly", "up to", "more than", "fewer than", "parameters", "layers",
    "won", "consists", "contains", "top-1", "top-5", "speedup", "times",
)  # fmt: skip
"""Words that make a figure in an English sentence a claim."""

UNITS = (
    "%", "倍", "个百分点", "x", "×", "times", "percent", "layers", "层", "个参数", "parameters",
    "FLOPs", "GFLOPs", "TFLOPs",
)  # fmt: skip
"""Units that, right after a number, make it a result worth remembering: a rate, a ratio, a
model's depth or size. Hardware sizes and speeds (GB, GHz) and dataset counts (张, images) are
trivia a student would not card."""

MAGNITUDES = ("万", "亿", "千", "百万", "亿个", "万个", "million", "billion")
"""Large-number units: a figure only when the sentence counts a model's parameters."""

PARAMETER_WORDS = ("参数", "parameters")
"""What a large count must be of to be a fact about a model (``1.1亿个参数``)."""

RATIO_UNITS = ("倍", "x", "×", "times")
"""Units of a ratio, which needs the thing it compares with (``比CPU快10倍``, ``10 times as``)."""

COMPARE_WORDS_ZH = (
    "比",
    "于",
    "是",
    "增长",
    "提高",
    "提升",
    "加快",
    "降低",
    "减少",
    "缩短",
    "快",
    "慢",
)
"""Words that give a Chinese ratio its terms of comparison."""

COMPARE_WORDS_EN = (
    "than", " as ", "faster", "slower", "speedup", "higher", "lower", "more", "fewer", "less",
)  # fmt: skip
"""Words that give an English ratio its terms of comparison."""

HEDGES = ("might", "may", "could", "likely", "perhaps", "possibly", "可能", "也许", "或许", "大概")
"""A hedged figure is a guess, not a fact (figure claims only)."""

NARRATION = ("we ", "we'", "our ", " us ", " here ", " say ", "我们", "你", "咱们", "可以看到")
"""A figure in a sentence about what the author or reader does is a setting, not a fact."""

CONDITIONS = ("if ", "when ", "suppose", "如果", "假如", "若", "当")
"""Figures inside a condition are hypothetical."""

RANGE_FROM = r"(?:\d+(?:[.,]\d+)*\s*[-–~～至到]\s*)?"
"""The lower end of a range before a number (``14 - `` in ``14 - 24 倍``): a range is one figure,
and hiding its upper end alone splits it."""

_PROTECTED = re.compile(rf"{DOLLAR_SPAN}|{CODE_SPAN}|\[[^\]]*\]\([^)]*\)")
_NUMBER = re.compile(
    rf"(?<![A-Za-z0-9_.\-/$])(?P<num>{RANGE_FROM}\d+(?:[.,]\d+)*)"
    r"(?P<space>\s?)(?P<unit>"
    + "|".join(re.escape(u) for u in sorted((*UNITS, *MAGNITUDES), key=len, reverse=True))
    + r")?(?![A-Za-z0-9_]|\.\d)"
)
_DIGIT = re.compile(r"\d")
_CUE_ZH = re.compile("|".join(map(re.escape, CUES_ZH)))
_CUE_EN = re.compile("|".join(map(re.escape, CUES_EN)))


def in_protected(text: str, start: int, end: int) -> bool:
    return any(
        a <= start < b or a < end <= b for a, b in (m.span() for m in _PROTECTED.finditer(text))
    )


def figures(text: str) -> list[tuple[int, int]]:
    """Spans of numbers (with their unit) that state a measured fact."""
    if not _DIGIT.search(text):
        return []  # every span is a number (speed: most sentences hold none)
    low = text.casefold()
    zh = bool(HAN.search(text))
    if not (_CUE_ZH if zh else _CUE_EN).search(low):
        return []  # no cue word: one scan instead of a test per cue
    opening = skip_lead(low, clauses=False)
    if any(w in f" {low}" for w in (*HEDGES, *NARRATION)) or opening.startswith(CONDITIONS):
        return []
    if any(w in low for w in ("如果", "假如", "假设")):
        return []  # a figure inside a condition is hypothetical
    if "=" in text or "$" in text:
        return []  # a calculation, not a finding
    spans = []
    for match in _NUMBER.finditer(text):
        unit = match.group("unit")
        if not unit or in_protected(text, *match.span()):
            continue
        if re.fullmatch(r"(?:1[5-9]|20)\d\d", match.group("num")):
            continue  # a year is a date, not a measurement
        if unit in MAGNITUDES and not any(w in low for w in PARAMETER_WORDS):
            continue  # "10万条评分", "100万像素": a count, not a result
        if unit in RATIO_UNITS and not any(
            w in low for w in (COMPARE_WORDS_ZH if zh else COMPARE_WORDS_EN)
        ):
            continue  # "applies it 20 times": a ratio needs what it compares
        spans.append(match.span())
    return spans[:2]

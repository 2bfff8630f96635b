"""Ranking veto fixtures: ``tests/fixtures/ranking/vetoes.md`` holds a note → the fate of its last
sentence (the named veto that refused it, or ``scored``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixture_file import Fixture, read_fixture_file
from notecards.clean.clean import clean
from notecards.config import table_cache_folder
from notecards.extract.lang.advice import reader_share
from notecards.extract.ranking.drop_words import DropWords, drop_chance, word_features
from notecards.extract.ranking.select import ADVICE_SHARE, rank
from notecards.model import SourceNote
from notecards.parse import parse
from notecards.segment.segment import segment

CASES = read_fixture_file(Path(__file__).parent / "fixtures" / "ranking" / "vetoes.md")


def fate(text: str) -> str:
    """The last candidate's fate: ``vetoed: <check>`` or ``scored``."""
    note = SourceNote(Path("/notes/vetoes.md"), "vetoes.md", "Fixture", text, "utf-8")
    doc = segment(parse(clean(note)), "auto", None, table_cache_folder())
    _, decisions = rank(doc, [], lambda card: None)
    last = decisions[-1]
    return last.fate if last.fate.startswith("vetoed") else "scored"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_veto_fixture(case: Fixture) -> None:
    assert fate(case.input) == case.expected.strip()


def _cards_under(heading: str, body: str, name: str = "s.md") -> int:
    note = SourceNote(
        Path(f"/notes/{name}"),
        name,
        "Fixture",
        f"# 卷积神经网络\n\n## {heading}\n\n{body}\n",
        "utf-8",
    )
    doc = segment(parse(clean(note)), "auto", None, table_cache_folder())
    cards, _ = rank(doc, [], lambda card: None)
    return len(cards)


SIX_CLAIMS = "\n".join(
    f"* {s}"
    for s in (
        "卷积层通过共享权重的卷积核提取局部特征，参数量远少于全连接层。",
        "池化层降低特征图的空间分辨率，使表示对小的平移更加鲁棒。",
        "填充可以保持输出的高和宽，步幅可以成倍地减小输出的高和宽。",
        "多输入多输出通道扩展了卷积层的模型，1×1卷积层相当于逐像素的全连接层。",
        "批量规范化在每个小批量上规范化中间输出，使深层网络更容易训练。",
        "残差块让每个附加层更容易地包含原始函数作为其元素之一。",
    )
)
"""A section body of six claims, more than one budget unit's worth: the heading decides how many
become cards."""


def test_a_folders_overview_page_gets_a_tenth_of_the_budget() -> None:
    six = _cards_under("卷积", SIX_CLAIMS)
    assert _cards_under("卷积", SIX_CLAIMS, "chapter/index.md") < six
    assert _cards_under("卷积", SIX_CLAIMS, "chapter/index_origin.md") < six
    assert _cards_under("卷积", SIX_CLAIMS, "chapter/indexing.md") == six


ADVICE = "\n".join(
    f"* {s}"
    for s in (
        "出题人应当保证数据中包含各种构造，即使你不知道什么错解会挂在这组构造上。",
        "不要在题面中使用未定义的记号，读者会因此误解题意。",
        "建议把较大的数组定义为全局变量，以免栈空间不够。",
        "题目的时限一般取标准程序用时的两倍以上。",
        "样例应当覆盖题面中提到的所有特殊情况。",
        "您可以在提交前用对拍程序检查正解与暴力的输出是否一致。",
    )
)
"""A how-to section: most of its sentences advise the reader."""


def test_a_page_that_mostly_addresses_the_reader_gets_a_tenth_of_the_budget() -> None:
    assert reader_share(ADVICE.split("\n")) > ADVICE_SHARE
    assert reader_share(SIX_CLAIMS.split("\n")) == 0.0
    long_advice = "\n".join([ADVICE] * 3).replace("。", "，这一点很重要。")
    assert _cards_under("出题", long_advice) == 1  # a section of it still gets one card
    note = SourceNote(
        Path("/notes/guide.md"), "guide.md", "Fixture", f"# 出题\n\n{long_advice}\n", "utf-8"
    )
    doc = segment(parse(clean(note)), "auto", None, table_cache_folder())
    _, decisions = rank(doc, [], lambda card: None)
    assert any("a how-to page gets 0.1 of it" in d.fate for d in decisions)


def test_a_summary_section_gets_three_times_the_budget() -> None:
    assert _cards_under("小结", SIX_CLAIMS) > _cards_under("卷积", SIX_CLAIMS)


def test_a_walk_through_a_procedure_gets_half_the_budget() -> None:
    assert 0 < _cards_under("前向传播过程", SIX_CLAIMS) < _cards_under("卷积", SIX_CLAIMS)


def test_drop_words_are_the_sentences_words_and_the_refusal_names_them() -> None:
    model = DropWords(bias=0.0, weights={"竞赛": 2.0, "oi": 1.0, "最优": -3.0})
    assert word_features(("OI", " ", "竞赛", "，", "\\(", "x_1", "…")) == {"oi", "竞赛", "x_1"}
    chance, words = drop_chance(("OI", "竞赛", "允许"), model)
    assert chance > 0.9 and words == (("竞赛", 2.0), ("oi", 1.0))
    assert drop_chance(("最优", "竞赛"), model)[0] < 0.5
    note = SourceNote(
        Path("/notes/oi.md"),
        "oi.md",
        "Fixture",
        "# OI\n\n在中国，OI 竞赛允许使用的语言只有 C++，曾经也开放过 C 和 Pascal 语言．\n",
        "utf-8",
    )
    doc = segment(parse(clean(note)), "auto", None, table_cache_folder())
    assert rank(doc, [], lambda card: None, drop_words=DropWords(-5.0, {}))[0]
    cards, decisions = rank(doc, [], lambda card: None, drop_words=model)
    assert not cards
    assert decisions[-1].fate.startswith(
        "drop words: judges dropped sentences like it ('竞赛' +2.00"
    )

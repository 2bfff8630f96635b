"""Property tests: any bytes into the reader and any text into the cleaner.

The reader may refuse a file only with one of the project's typed errors; the cleaner never
raises, keeps the number of lines, and records every line it empties.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notecards.clean.clean import clean
from notecards.errors import NotecardsError
from notecards.model import SourceNote
from notecards.read.read import read_note

FRAGMENTS = (
    "点赞 12", "收藏", "评论 3", "分享", "举报", "打赏", "相关推荐", "首页 > 博客 > 正文", "阅读:123 评论:0",
    "版权声明：本文为博主原创文章。", "作者：张三", "标签：a b", "Share", "Follow", "1.2K", "42",
    "[TOC]", "¶", "&emsp;&nbsp;", "\u200b", "\u3000", "```", "~~~", "$$", "$x$", "`code`",
    "\\begin{align}", "\\end{align}", "<script>", "</script>", "<!--", "-->", "# ", "## ", "- ",
    "1. ", "（1）", "• ", "> ", "| a | b |", "x", "=", "-", "h_t", "[link](https://e.com/tag/x)",
    "[user](https://e.com/users/1)", "池化层是一种操作。", "Dropout is a technique that drops units.",
    "第一章 绪论", "1.2 感受野", "一、概述", "what is", ",", "，", "？", "...", "…", "\t", "    ",
)  # fmt: skip

page_like = st.lists(
    st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(["", " ", "\n", "\n\n", "：", "。"])),
    max_size=60,
).map(lambda parts: "".join(a + b for a, b in parts))


def note(text: str, suffix: str) -> SourceNote:
    return SourceNote(Path(f"/n/x{suffix}"), f"x{suffix}", "Inbox", text, "utf-8")


def check_clean(text: str, suffix: str) -> None:
    source = note(text, suffix)
    cleaned = clean(source)
    before, after = text.split("\n"), cleaned.text.split("\n")
    assert len(after) == len(before)
    recorded = {d.line for d in cleaned.dropped}
    for number, (old, new) in enumerate(zip(before, after, strict=True), start=1):
        if old.strip() and not new.strip():
            assert number in recorded
    for dropped in cleaned.dropped:
        assert dropped.text == before[dropped.line - 1]


@settings(max_examples=300, deadline=None)
@given(text=st.text(), suffix=st.sampled_from([".md", ".txt"]))
def test_clean_never_raises_on_any_text(text: str, suffix: str) -> None:
    check_clean(text, suffix)


@settings(max_examples=300, deadline=None)
@given(text=page_like, suffix=st.sampled_from([".md", ".txt"]))
def test_clean_never_raises_on_page_like_text(text: str, suffix: str) -> None:
    check_clean(text, suffix)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(st.binary(max_size=2000), page_like.map(lambda t: t.encode("utf-8"))),
    suffix=st.sampled_from([".md", ".txt", ".markdown"]),
)
def test_read_then_clean_any_bytes(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"note{suffix}"
        path.write_bytes(data)
        try:
            source = read_note(path, Path(folder), "Inbox")
        except NotecardsError:
            return
        assert "\r" not in source.text
        assert "".join(source.text.splitlines()) == source.text.replace("\n", "")  # only \n breaks
        check_clean(source.text, suffix)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000))
def test_read_any_bytes_as_html(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.html"
        path.write_bytes(data)
        try:
            source = read_note(path, Path(folder), "Inbox")
        except NotecardsError:
            return
        check_clean(source.text, ".html")

"""The parse stage: blocks, heading paths, list structure, source lines, and card HTML."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notecards.config import table_cache_folder
from notecards.errors import NotecardsError
from notecards.model import BlockKind, CleanNote, Document, SourceNote
from notecards.parse import join_soft_breaks, parse, to_html
from notecards.parse.lines import mark_lines
from notecards.parse.markdown import (
    _markdown,
    _markdown_parser,
    _math_html,
    _plain_html,
    block_parser,
    stock_block_parser,
)
from notecards.parse.note_html import drop_note_tags
from notecards.segment.segment import segment

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


def doc_of(text: str, rel_path: str = "n.md") -> Document:
    note = SourceNote(Path("/notes") / rel_path, rel_path, "Cat", text, "utf-8")
    return parse(CleanNote(note, text))


NOTE = """# 卷积层

## 定义 ¶

卷积层用卷积核
提取局部特征。
It slides over
the input.

- 步幅：每次滑动的距离
  - 子项
- 填充：补零

1. one

$$
a = b
$$

| a | b |
|---|---|
| 1 | 2 |

```python
x = 1
```

!!! note "注意"
    池化层没有参数。
"""


def test_blocks_carry_kind_heading_path_and_lines() -> None:
    blocks = doc_of(NOTE).blocks
    summary = [(b.kind, b.line, b.heading_path, b.text.split("\n")[0]) for b in blocks]
    assert summary == [
        (BlockKind.HEADING, 1, (), "卷积层"),
        (BlockKind.HEADING, 3, ("卷积层",), "定义"),
        (
            BlockKind.PARAGRAPH,
            5,
            ("卷积层", "定义"),
            "卷积层用卷积核提取局部特征。 It slides over the input.",
        ),
        (BlockKind.ITEM, 10, ("卷积层", "定义"), "步幅：每次滑动的距离"),
        (BlockKind.ITEM, 11, ("卷积层", "定义"), "子项"),
        (BlockKind.ITEM, 12, ("卷积层", "定义"), "填充：补零"),
        (BlockKind.ITEM, 14, ("卷积层", "定义"), "one"),
        (BlockKind.MATH, 16, ("卷积层", "定义"), "a = b"),
        (BlockKind.TABLE, 20, ("卷积层", "定义"), "| a | b |"),
        (BlockKind.CODE, 24, ("卷积层", "定义"), "x = 1"),
        (BlockKind.PARAGRAPH, 29, ("卷积层", "定义"), "池化层没有参数。"),
    ]


def test_blocks_know_the_admonitions_they_sit_in() -> None:
    doc = doc_of(
        '## 性质\n\n??? note "定理"\n    X 是 Y．\n\n    ??? note "证明"\n        因为 Z．\n\n'
        "后来的段落．\n"
    )
    asides = {b.text: b.asides for b in doc.blocks if b.kind is BlockKind.PARAGRAPH}
    assert asides == {"X 是 Y．": ("定理",), "因为 Z．": ("定理", "证明"), "后来的段落．": ()}


def test_list_items_know_their_list_depth_and_position() -> None:
    items = [b for b in doc_of(NOTE).blocks if b.kind is BlockKind.ITEM]
    assert [(b.level, b.ordinal, b.ordered) for b in items] == [
        (1, 1, False),
        (2, 1, False),
        (1, 2, False),
        (1, 1, True),
    ]
    first_list = items[0].list_id
    assert items[1].list_id == items[2].list_id == first_list
    assert items[3].list_id != first_list


def test_soft_breaks_join_without_space_between_cjk_and_map_back_to_lines() -> None:
    text, offsets = join_soft_breaks("卷积层用卷积核\n提取局部特征。\nIt slides over\nthe input.")
    assert text == "卷积层用卷积核提取局部特征。 It slides over the input."
    assert [text[o:][:2] for o in offsets] == ["提取", "It", "th"]


def test_a_soft_break_at_emphasis_between_chinese_characters_is_dropped() -> None:
    # "正是具有" / "*注意力机制*": the marks stand between two Han characters, no space.
    assert join_soft_breaks("正是具有\n*注意力机制*，所以")[0] == "正是具有*注意力机制*，所以"
    assert join_soft_breaks("**模型**\n的输出")[0] == "**模型**的输出"
    assert join_soft_breaks("uses **attention**\n*here*")[0] == "uses **attention** *here*"


def test_a_bold_first_line_over_its_text_is_a_heading_run_in_to_its_section() -> None:
    doc = doc_of(
        "# LDM\n\n## 引言\n\n**Departure to Latent Space**\n对于任意一个模型，学习过程分为两个阶段。\n\n"
        "后面的段落。\n\n**矩阵（matrix）**  \n矩阵是对象的集合。\n\n## 方法\n\n方法段落。\n"
    )
    summary = [(b.kind, b.line, b.level, b.heading_path, b.text) for b in doc.blocks[2:]]
    assert summary == [
        (BlockKind.HEADING, 5, 3, ("LDM", "引言"), "Departure to Latent Space"),
        (
            BlockKind.PARAGRAPH,
            6,
            0,
            ("LDM", "引言", "Departure to Latent Space"),
            "对于任意一个模型，学习过程分为两个阶段。",
        ),
        (BlockKind.PARAGRAPH, 8, 0, ("LDM", "引言", "Departure to Latent Space"), "后面的段落。"),
        (BlockKind.HEADING, 10, 3, ("LDM", "引言"), "矩阵（matrix）"),
        (BlockKind.PARAGRAPH, 11, 0, ("LDM", "引言", "矩阵（matrix）"), "矩阵是对象的集合。"),
        (BlockKind.HEADING, 13, 2, ("LDM",), "方法"),
        (BlockKind.PARAGRAPH, 15, 0, ("LDM", "方法"), "方法段落。"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "**Dropout prevents overfitting.**\nIt zeroes activations.",  # a bold sentence: a claim
        "**模型**\n的输出",  # the text goes on mid-sentence: no heading (its own paragraph)
        "- **Term**\n  explanation",  # a list item: the item's label, left to the item rules
        "**Only one line**",
    ],
)
def test_a_bold_line_that_is_no_run_in_heading_stays_in_its_paragraph(text: str) -> None:
    assert all(b.kind is not BlockKind.HEADING for b in doc_of(text).blocks)


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("按<kbd>Ctrl</kbd>+<kbd>K</kbd>即可比较", "按Ctrl+K即可比较"),
        ('<font color="red">红色</font>表示错误', "红色表示错误"),
        ("第一行<br>第二行", "第一行 第二行"),
        ("<img src=x onerror=alert(1)>图", "图"),
        ("if a<b and c>d", "if a&lt;b and c&gt;d"),  # no tag: comparison signs, escaped
        ("`<div>` is a tag", "<code>&lt;div&gt;</code> is a tag"),  # code says what it says
    ],
)
def test_the_notes_inline_html_shows_as_its_text(text: str, html: str) -> None:
    assert to_html(text) == html


def test_sentences_know_their_own_source_line() -> None:
    doc = segment(doc_of(NOTE), "auto", None, table_cache_folder())
    paragraph = doc.blocks[2]
    assert [(s.line, s.text.strip()) for s in paragraph.sentences] == [
        (5, "卷积层用卷积核提取局部特征。"),
        (7, "It slides over the input."),
    ]


def test_title_falls_back_to_front_matter_then_file_stem() -> None:
    assert doc_of("# 标题\n\n正文").title == "标题"
    assert doc_of("正文", "folder/my-note.md").title == "my-note"


def test_to_html_drops_tags_escapes_other_html_keeps_math_and_code() -> None:
    assert to_html("a <b>x</b> $a*b*c$") == 'a x <span class="math inline">\\(a*b*c\\)</span>'
    assert to_html("the “<cls>” token") == "the “&lt;cls&gt;” token"  # no HTML element
    assert "\\(a*b\\)" in to_html("\\(a*b\\)")
    assert "<pre><code>x = 1\ny = 2\n</code></pre>" in to_html("```\nx = 1\ny = 2\n```")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_parse_and_segment_survive_any_text(text: str) -> None:
    text = text.replace("\r", "")
    try:
        doc = segment(doc_of(text), "auto", None, table_cache_folder())
    except NotecardsError:
        return
    lines = text.count("\n") + 1
    for block in doc.blocks:
        assert 0 <= block.line <= block.end_line <= max(lines, 1)
        for sentence in block.sentences:
            assert "".join(sentence.tokens) == sentence.text
        if block.sentences:
            assert "".join(s.text for s in block.sentences) == block.text


def _parsed_html(text: str) -> str:
    """What to_html gives without its shortcut for plain lines: the parser's own rendering (of
    the text without the note's tags)."""
    rendered: str = _markdown().render(drop_note_tags(text)).strip()
    if rendered.count("<p>") == 1 and rendered.startswith("<p>") and rendered.endswith("</p>"):
        rendered = rendered[3:-4]
    return rendered


MARKDOWN_ALPHABET = st.sampled_from(
    list("ab 中文\u3000\"'-+*_`$\\[]()<>&!#|~=:?.)1234567890\n\t{}^%@")
)


@settings(max_examples=500, deadline=None)
@given(st.lists(MARKDOWN_ALPHABET, max_size=30).map("".join))
def test_plain_line_shortcut_renders_as_the_parser_does(text: str) -> None:
    assert to_html(text) == _parsed_html(text)


def test_plain_line_shortcut_agrees_with_the_parser_on_every_corpus_line(corpora: Path) -> None:
    checked = 0
    for path in sorted((corpora / "d2l-zh").rglob("*.md"))[:150]:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if _plain_html(line) is not None:
                checked += 1
                assert to_html(line) == _parsed_html(line), line
    assert checked > 1000  # the shortcut is really taken on ordinary prose


@pytest.mark.parametrize(
    "text",
    ["??? note", "???+ note", "!!! tip", "1) a", "2019. 年", "+ a", "- a", "> a", "# a", "***",
     "a  b", " a", "a\u3000b", 'say "hi"', "a:b", "x = 1", "$x$", "a_b_c", "&amp;", "<b>"],
)  # fmt: skip
def test_plain_line_shortcut_on_block_starts(text: str) -> None:
    assert to_html(text) == _parsed_html(text)


_PROSE = st.lists(st.sampled_from(list("ab中：，{}:-+.)1'\"%@^ \u3000?\\*&")), max_size=5).map(
    "".join
)
_FORMULA = st.lists(
    st.sampled_from([*list("ab\\_*&<>'\"|#{}[]!~= \u3000\t1^.-$\n"), "\\mathbf{q}", "\\$"]),
    max_size=6,
).map(lambda inner: f"${''.join(inner)}$")


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(_PROSE, _FORMULA), min_size=1, max_size=4), _PROSE)
def test_math_line_shortcut_renders_as_the_parser_does(
    pairs: list[tuple[str, str]], end: str
) -> None:
    text = "".join(prose + formula for prose, formula in pairs) + end
    assert to_html(text) == _parsed_html(text)


@pytest.mark.parametrize(
    "text",
    ["长度为$d$。", "$x$ and $y$", "$ a $", "$x$$y$", "a $x\\$ b$", "$$x$$", "- $x$", "1. $x$",
     "$5 and $6", 'say "$a"$', "$a'b<c&d$", "a  $x$", " $x$", "$x$ ", "$\t$", "{{c1::$v$}}"],
)  # fmt: skip
def test_math_line_shortcut_on_edge_cases(text: str) -> None:
    assert to_html(text) == _parsed_html(text)


def test_math_line_shortcut_agrees_with_the_parser_on_every_corpus_line(corpora: Path) -> None:
    checked = 0
    for path in sorted((corpora / "d2l-zh").rglob("*.md"))[:150]:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if "$" in line and _math_html(line) is not None:
                checked += 1
                assert to_html(line) == _parsed_html(line), line
    assert checked > 300  # the shortcut is really taken on prose with formulas


@pytest.mark.parametrize(
    "text", ["", "a\nb", "a\r\nb\rc\n\rd", "x\0y\r\n\0", "\r\r\n\n", "中文\r\n- item\r"]
)
def test_the_fast_normalize_rule_agrees_with_markdown_its(text: str) -> None:
    from types import SimpleNamespace

    from markdown_it.rules_core.normalize import normalize

    ours, theirs = SimpleNamespace(src=text), SimpleNamespace(src=text)
    normalize(ours)
    normalize(theirs)  # type: ignore[arg-type]
    assert ours.src == theirs.src


@functools.lru_cache(maxsize=1)
def _stock_parsers() -> tuple[MarkdownIt, MarkdownIt]:
    """Our render and block parsers as markdown-it builds them, without the first-character
    rule dispatch (the reference it must agree with)."""
    return _markdown_parser(), stock_block_parser()


def _tokens(md: MarkdownIt, text: str) -> list[tuple[object, ...]]:
    return [
        (t.type, t.tag, t.map, t.content, t.info, t.markup, t.level, t.nesting, t.meta)
        for t in md.parse(text)
    ]


def _assert_dispatch_agrees(text: str) -> None:
    render, block = _stock_parsers()
    assert _tokens(block_parser(), text) == _tokens(block, text), text
    assert _markdown().render(text) == render.render(text), text


BLOCK_LINE = st.lists(
    st.sampled_from(
        [*"ab中 \t-+*_`~$!?>#[]():|.=1234567890", "!!!", "???+", "```", "$$", "1.", "    ", "|--|"]
    ),
    max_size=8,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.lists(BLOCK_LINE, max_size=12).map("\n".join))
def test_first_character_rule_dispatch_agrees_with_markdown_it(text: str) -> None:
    _assert_dispatch_agrees(text)


def test_first_character_rule_dispatch_agrees_on_every_note(corpora: Path) -> None:
    paths = (
        sorted((corpora / "d2l-zh").rglob("*.md"))[::4]
        + sorted((corpora / "oi-wiki").rglob("*.md"))[::4]
    )
    for path in [*paths, *sorted(Path(__file__).parent.parent.joinpath("notes").rglob("*.md"))]:
        _assert_dispatch_agrees(path.read_text(encoding="utf-8", errors="replace"))
    assert len(paths) > 100


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(st.sampled_from(["a", " ", "\t", "\n", "\u3000", "  \t", "\n\n", "- "])).map("".join)
)
def test_line_markers_are_markdown_its(text: str) -> None:
    from markdown_it.rules_block import StateBlock

    stock = StateBlock(text, _stock_parsers()[1], {}, [])
    expected = (stock.bMarks, stock.eMarks, stock.tShift, stock.sCount, stock.bsCount)
    assert mark_lines(text) == expected


SETEXT_LINE = st.lists(
    st.sampled_from(["a", " ", "-", "=", "> ", "---", "===", "  ", "\t", "- a", "b"]), max_size=6
).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.lists(SETEXT_LINE, max_size=10).map("\n".join))
def test_setext_heading_gate_agrees_with_markdown_it(text: str) -> None:
    _assert_dispatch_agrees(text)


def _assert_direct_headings_agree(text: str) -> None:
    """parse (top-level headings handed straight to the walker) gives the blocks the walker
    makes from markdown-it's tokens."""
    from notecards.parse.blocks import _Walker
    from notecards.parse.markdown import TOKEN_SINK

    walker = _Walker(text.split("\n"))
    walker.walk(block_parser().parse(text, {TOKEN_SINK: walker.walk}))
    assert doc_of(text).blocks == tuple(walker.blocks), text


HEADING_LINE = st.lists(
    st.sampled_from(
        ["#", "##", "#######", " ", "\t", "a", "中", "#a", " #", "¶", "{#x}", "> ", "- "]
    ),
    max_size=7,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(HEADING_LINE, BLOCK_LINE), max_size=12).map("\n".join))
def test_direct_headings_agree_with_the_tokens(text: str) -> None:
    _assert_direct_headings_agree(text)


def test_direct_headings_agree_on_every_note(corpora: Path) -> None:
    paths = sorted((corpora / "d2l-zh").rglob("*.md"))[1::4]
    for path in [*paths, *sorted(Path(__file__).parent.parent.joinpath("notes").rglob("*.md"))]:
        _assert_direct_headings_agree(path.read_text(encoding="utf-8", errors="replace"))
    assert len(paths) > 20

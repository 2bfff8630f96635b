"""Labelled lines that say something about what they sit under: ``What:``, ``How:``, ``Why:``,
``优点：``, ``缺点/局限：`` … and ``**Term**: …`` / ``Term —— …`` lines."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from notecards.extract.lang.markup import plain
from notecards.extract.lang.terms import term_problem
from notecards.extract.lang.text import (
    clean_inline,
    has_cjk,
    in_worked,
    is_generic_heading,
    is_image_only,
    mid_sentence,
    source_lines,
    strip_section_number,
    subject_from,
)
from notecards.extract.rules.context import Context, Hit
from notecards.extract.rules.trigger import trigger
from notecards.model import Block, BlockKind, Tokenizer
from notecards.patterns import END_MARKS, SPACES


@dataclass(frozen=True)
class Label:
    """A label word family and the question it asks about a subject ``{s}``."""

    words: tuple[str, ...]
    """Label words, Chinese and English (matched case-insensitively, whole label)."""
    zh: str
    """Chinese question template."""
    en: str
    """English question template."""


# fmt: off
LABELS = (
    Label(("what", "definition", "定义", "含义", "概念", "是什么"), "什么是{s}？", "What is {s}?"),
    Label(("how", "做法", "工作原理", "how it works"), "{s}是如何工作的？", "How does {s} work?"),
    Label(("why", "为什么", "why it matters"), "为什么要使用{s}？", "Why use {s}?"),
    Label(("动机", "motivation"), "{s}的动机是什么？", "What is the motivation for {s}?"),
    Label(("目的", "目标", "purpose", "goal", "aim"), "{s}的目的是什么？", "What is the purpose of {s}?"),
    Label(("意义",), "{s}的意义是什么？", "What is the significance of {s}?"),
    Label(("作用", "用途", "功能", "role", "use", "usage", "uses"), "{s}的作用是什么？", "What is {s} used for?"),
    Label(
        ("优点", "优势", "好处", "长处", "advantage", "advantages", "pros", "benefits", "strengths"),
        "{s}有什么优点？",
        "What are the advantages of {s}?",
    ),
    Label(
        ("缺点", "劣势", "弊端", "坏处", "短处", "drawback", "drawbacks", "disadvantage",
         "disadvantages", "cons", "weakness", "weaknesses"),
        "{s}的缺点是什么？",
        "What is the drawback of {s}?",
    ),
    Label(("局限", "局限性", "不足", "限制", "limitation", "limitations"), "{s}的局限是什么？", "What is the limitation of {s}?"),
    Label(
        ("核心思想", "思想", "主要思想", "基本思想", "思路", "基本思路", "idea", "key idea", "main idea",
         "intuition", "insight", "key insight"),
        "{s}的核心思想是什么？",
        "What is the key idea of {s}?",
    ),
    Label(("原理", "基本原理", "principle"), "{s}的原理是什么？", "What is the principle of {s}?"),
    Label(("步骤", "流程", "过程", "steps", "procedure", "process"), "{s}的步骤是什么？", "What are the steps of {s}?"),
    Label(("结果", "效果", "实验结果", "results", "result", "findings"), "{s}的结果是什么？", "What are the results of {s}?"),
    Label(("结论", "conclusion", "conclusions", "takeaway"), "{s}的结论是什么？", "What is the conclusion of {s}?"),
    Label(("贡献", "contribution", "contributions"), "{s}的贡献是什么？", "What are the contributions of {s}?"),
    Label(("问题", "挑战", "problem", "challenge"), "{s}要解决什么问题？", "What problem does {s} address?"),
    Label(("时间复杂度", "复杂度", "complexity", "time complexity"), "{s}的时间复杂度是多少？", "What is the time complexity of {s}?"),
    Label(("空间复杂度", "space complexity"), "{s}的空间复杂度是多少？", "What is the space complexity of {s}?"),
    Label(
        ("适用范围", "适用场景", "应用场景", "应用", "使用场景", "applications", "use cases", "when to use"),
        "{s}适用于什么场景？",
        "When is {s} used?",
    ),
    Label(("特点", "特征", "特性", "features", "properties", "characteristics"), "{s}有什么特点？", "What are the features of {s}?"),
    Label(("区别", "差异", "不同", "difference", "differences"), "{s}有什么区别？", "What is the difference between {s}?"),
)
# fmt: on
"""Label words and the question each asks; order does not matter (a label is matched whole)."""

NOT_LABELS = (
    "注", "注意", "提示", "备注", "例", "例如", "例子", "示例", "举例", "比如", "证明", "解", "答",
    "问", "说明", "参见", "参考", "来源", "链接", "网址", "地址", "时间", "日期", "作者", "译者",
    "贡献者", "tags", "tag", "note", "notes", "tip", "hint", "example", "examples", "e.g",
    "proof", "see", "source", "link", "url", "author", "date", "time", "warning", "todo",
    "q", "a", "question", "answer", "input", "output", "输入", "输出", "代码", "code",
    "题目大意", "题意", "前置知识", "定理", "引理", "推论", "性质", "约定", "命题", "求解", "解法",
    "做法", "实现", "分析", "算法", "合并", "操作", "思考", "练习", "习题", "总结", "小结",
)  # fmt: skip
"""Labels that announce no fact about a subject: never a card (``注：``, ``Example:``, ``时间：``)."""

STATEMENT_SUFFIXES = (
    "定理",
    "引理",
    "推论",
    "公式",
    "定律",
    "准则",
    "theorem",
    "lemma",
    "law",
    "inequality",
)
"""A bold term ending in one of these names a statement: ``X定理的内容是什么？``."""

OVERVIEW_HEADINGS = (
    "summary",
    "overview",
    "introduction",
    "background",
    "概述",
    "简介",
    "介绍",
    "引言",
    "小结",
    "总结",
)
"""Generic headings under which ``What:`` still asks what the subject is."""

TERM_CHARS = 24
"""A ``**Term**:`` longer than this is a phrase, not a term."""

SUBJECT_CHARS = 20
"""A block this short without a full stop (``1. 线性归一化``) names what labelled lines below it describe."""

_LABEL_INDEX = {w.casefold(): label for label in LABELS for w in label.words}
PLAIN_LABEL_CHARS = 20
"""The longest label of a ``Label: …`` line without bold marks (:data:`_PLAIN_LINE`)."""
_MARKED = re.compile("[*_「」『』“”\"‘’'《》]")
"""Emphasis marks and quotes, which :func:`~notecards.extract.lang.terms.plain` may remove."""
_COLON = re.compile("[:：]")
_ODD_SPACE = re.compile(r"\s\s|[^\S ]")
"""Whitespace that squeezing :data:`~notecards.patterns.SPACES` into one space would change."""
_BOLD_LINE = re.compile(
    r"^\*\*(?P<label>[^*\n]{1,40}?)\s*(?:[:：]\s*\*\*|\*\*\s*[:：])\s*(?P<body>\S.*)$"
)
_PLAIN_LINE = re.compile(
    rf"^(?P<label>[^:：*\s][^:：*\n]{{0,{PLAIN_LABEL_CHARS - 1}}}?)\s*[:：]\s*(?P<body>\S.*)$"
)
_DASH_LINE = re.compile(r"^\**(?P<label>[^—\n*]{1,24}?)\**(?:\s*——|\s+—|\s+--)\s+(?P<body>\S.*)$")
_NOT_A_TERM = re.compile(
    r"(?:\$?\d+\$?|[一二三四五六七八九十]+|[IVX]+)$|^第|(?:理解|介绍|说明|分析|解释|总结|示例|使用|用法|图解|原因)$"
)
"""Bold labels that number or narrate rather than name (``引理 2``, ``方法一``, ``形象化理解``)."""
_EMPTY_BODY = re.compile(r"^\W*(?::?cite:`[^`]*`|\[[^\]]*\]\([^)]*\)|https?://\S+|\S{1,3})\W*$")
"""A body that is only a citation, a link or a word or two says nothing."""
_CLEANED_AWAY = re.compile(r"[\u200b-\u200d\u2060\ufeff&]")
"""What :func:`~notecards.extract.lang.text.clean_inline` may delete from a text (joining what was
around it)."""
_SENTENCE_END = re.compile(f"[{END_MARKS}；;]\\s*$")


def _plain(text: str) -> str:
    """:func:`~notecards.extract.lang.terms.plain` of ``text``, stripped; without a mark or quote in
    it, that is the text stripped (speed: most labels have none)."""
    return plain(text).strip() if _MARKED.search(text) else text.strip()


def label_of(word: str) -> Label | None:
    """The label family ``word`` belongs to (``缺点`` → the drawback family), or None."""
    if _MARKED.search(word) or _ODD_SPACE.search(word):
        return _LABEL_INDEX.get(SPACES.sub(" ", plain(word)).strip().casefold())
    return _LABEL_INDEX.get(word.strip().casefold())  # nothing to unmark or squeeze (speed)


def _local_subject(ctx: Context, heading_subject: str) -> str:
    """What a labelled line is about: a short title-like block just above it (``1. 线性归一化``
    followed by a formula and ``适用范围：…``), else the heading's subject."""
    for at in range(ctx.index - 1, max(ctx.index - 6, -1), -1):
        block = ctx.doc.blocks[at]
        if block.kind is BlockKind.HEADING:
            break
        text = clean_inline(block.text)
        if block.kind in (BlockKind.MATH, BlockKind.CODE) or is_image_only(text) or _parse(text):
            continue
        if block.kind in (BlockKind.ITEM, BlockKind.PARAGRAPH):
            name = plain(re.sub(r"^\W*\d+\W*", "", text))
            if (
                0 < len(name) <= SUBJECT_CHARS
                and not _SENTENCE_END.search(text)
                and not re.search("[:：]", name)
            ):
                return name
        break
    return heading_subject


def _parse_line(raw: str) -> tuple[str, str, bool] | None:
    """:func:`_parse` of a raw source line, cleaned (speed: the patterns are only tried on a
    line one of them may match)."""
    line = clean_inline(raw)
    if line.startswith("**") or "—" in line or "--" in line:
        return _parse(line)
    # Only :data:`_PLAIN_LINE` is left, whose label (no ``*``, at most 20 characters) is all
    # before the line's first colon but the spaces, and must be a label word.
    colon = _COLON.search(line)
    if colon is None:
        return None
    label = line[: colon.start()].rstrip()
    if "*" in label or len(label) > PLAIN_LABEL_CHARS or not label_of(_plain(label)):
        return None
    return _parse(line)


def _parse(line: str) -> tuple[str, str, bool] | None:
    """(label, body, is_term) for a labelled line; ``is_term`` when the label is a free
    ``**Term**`` or ``Term ——`` rather than a label word."""
    for pattern, free in ((_BOLD_LINE, True), (_DASH_LINE, True), (_PLAIN_LINE, False)):
        if match := pattern.match(line):
            label, body = _plain(match.group("label")), match.group("body").strip()
            if label_of(label):
                return label, body, False
            return (label, body, True) if free else None
    return None


def _ask(label: str, is_term: bool, subject: str, zh: bool, cut: Tokenizer) -> str:
    """The question a labelled line answers; empty when it has none."""
    if label.casefold() in NOT_LABELS or plain(label).casefold().rstrip(".") in NOT_LABELS:
        return ""
    family = label_of(label)
    if family:
        if not subject:
            return ""
        return family.zh.format(s=subject) if zh else family.en.format(s=mid_sentence(subject))
    if (
        not is_term
        or len(label) > TERM_CHARS
        or term_problem(label, cut)
        or _NOT_A_TERM.search(label)
        or is_generic_heading(label)  # "**关键词**：…": a label of the note, not a term
    ):
        return ""
    if label.casefold().endswith(STATEMENT_SUFFIXES):
        return f"{label}的内容是什么？" if zh else f"What does {label} state?"
    return f"什么是{label}？" if zh else f"What is {label}?"


def _what_in_section(block: Block, subject: str, zh: bool) -> str:
    """``What:`` under a generic section heading (``## Method``) asks about that aspect of the
    subject (``What is the method of DNI?``) rather than what the subject is."""
    if not block.heading_path or not subject:
        return ""
    section = clean_inline(strip_section_number(block.heading_path[-1]))
    if not is_generic_heading(section) or section.casefold() in OVERVIEW_HEADINGS:
        return ""
    return f"{subject}的{section}是什么？" if zh else f"What is the {section.lower()} of {subject}?"


def _may_label(text: str) -> bool:
    """Whether a block's text may hold a labelled line: every one needs a colon or a dash
    (a single ``-`` only where cleaning deletes something: ``-&nbsp;-`` becomes ``--``)."""
    return (
        ":" in text
        or "：" in text
        or "—" in text
        or "--" in text
        or ("-" in text and bool(_CLEANED_AWAY.search(text)))
    )


TRIGGER = trigger(r"[:：—-]")
"""Label: / **Term**: / Term —— need a colon or a dash (``-&nbsp;-`` cleans to --)."""


def labelled(ctx: Context) -> Iterator[Hit]:
    """One card per labelled line of a paragraph (or a list item with a label word)."""
    block = ctx.block
    # Literal tests before anything else (speed: most blocks hold no labelled line).
    if block.kind not in (BlockKind.PARAGRAPH, BlockKind.ITEM) or not _may_label(block.text):
        return
    if in_worked(block.heading_path, block.asides):
        return
    lines = source_lines(block.text, block.line_offsets)
    parsed = [(offset, _parse_line(line)) for offset, line in lines]
    if not any(p for _, p in parsed):
        return
    heading_subject = subject_from(block.heading_path, ctx.doc.title)
    if ctx.topic and heading_subject == subject_from((), ctx.doc.title):
        heading_subject = ctx.topic  # "Universal Language Model Fine-tuning …" → "ULMFiT"
    subject = _local_subject(ctx, heading_subject)
    for at, (offset, found) in enumerate(parsed):
        if not found:
            continue
        label, body, is_term = found
        if block.kind is BlockKind.ITEM and is_term:
            continue  # ``- **Term**: …`` items are colon_item's
        body = _continuation(body, parsed, at, lines)
        zh = has_cjk(label) or has_cjk(body[:40])
        question = _ask(label, is_term, subject, zh=zh, cut=ctx.cut)
        if label_of(label) is LABELS[0] and subject == heading_subject:
            question = _what_in_section(block, subject, zh) or question
        if not question or _EMPTY_BODY.match(body):
            continue
        line = block.line + at
        claims = (
            ((ctx.index, -1),)
            if len(lines) == 1
            else _sentence_claims(ctx, block, offset, len(body))
        )
        yield Hit(ctx.card(question, body, confidence=0.7, line=line), claims=claims)


def _continuation(
    body: str, parsed: Sequence[tuple[int, object]], at: int, lines: list[tuple[int, str]]
) -> str:
    """The body of a labelled line with the unlabelled lines that follow it (a wrapped answer)."""
    parts = [body]
    for later in range(at + 1, len(lines)):
        if parsed[later][1]:
            break
        parts.append(clean_inline(lines[later][1]))
    return " ".join(p for p in parts if p)


def _sentence_claims(
    ctx: Context, block: Block, offset: int, length: int
) -> tuple[tuple[int, int], ...]:
    """The sentences of ``block`` that overlap the text at ``offset`` (one labelled line)."""
    end = offset + max(length, 1)
    return tuple(
        (ctx.index, at)
        for at, s in enumerate(block.sentences)
        if s.start < end and s.start + len(s.text) > offset
    )

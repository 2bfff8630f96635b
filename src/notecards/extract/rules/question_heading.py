"""A heading phrased as a question (``？``/``?``, 什么/为什么/如何, what/why/how …): the section
below it is the answer."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from notecards.extract.lang.text import (
    clean_inline,
    clip,
    has_cjk,
    has_latin,
    is_image_only,
    overlaps,
    strip_section_number,
    subject_from,
    unlink,
)
from notecards.extract.rules.context import Context, Hit
from notecards.extract.rules.trigger import trigger
from notecards.model import Block, BlockKind, Tokenizer
from notecards.patterns import END_MARKS, INLINE_MATH

QUESTION_WORDS_ZH = (
    "什么", "为什么", "为何", "如何", "怎么", "怎样", "哪些", "哪个", "哪种", "有何", "何时",
    "何为", "能否",
)  # fmt: skip
"""Chinese question words that make a heading a question even without ``？``."""

WEAK_QUESTION_WORDS_ZH = ("是否", "吗", "多少", "呢")
"""Chinese question words that make a heading a question only when it ends with ``？``
(``是否有某字符串出现了两次`` is a problem statement)."""

TASK_OPENERS_ZH = ("判断", "检查", "确定", "测试", "验证", "求", "计算")
"""A heading opening with one of these names a task (``判断是否连通``), not a question."""

QUESTION_WORDS_EN = ("what", "why", "how", "which", "when", "where", "who")
"""English words that open a question heading even without ``?``."""

AUXILIARIES_EN = ("is", "are", "does", "do", "did", "can", "could", "should", "will", "would")
"""English words that open a question heading only when it ends with ``?``."""

PRONOUNS_EN = ("it", "this", "that", "these", "those", "they", "them", "its", "their")
"""Words that leave an English question without its subject (``How does it work?``)."""

PRONOUNS_ZH = (
    "它们",
    "它",
    "这个",
    "这种",
    "这些",
    "这",
    "这里",
    "该",
    "该方法",
    "该模型",
    "其",
    "此",
)
"""Words (jieba tokens) that leave a Chinese question without its subject (``它有什么优点？``)."""

VAGUE_WORDS_ZH = (
    "原理", "作用", "优点", "缺点", "优缺点", "好处", "坏处", "区别", "联系", "定义", "用途",
    "意义", "特点", "动机", "步骤", "流程", "方法", "应用", "局限", "问题", "效果", "实现",
    "原因", "更多", "的", "呢", "有", "是", "要", "用", "需要", "使用", "操作", "和", "与",
)  # fmt: skip
"""Words that, alone with question words, do not say what a Chinese question is about."""

VAGUE_WORDS_EN = (
    "the", "a", "an", "to", "of", "in", "on", "or", "and", "it", "work", "works", "use", "used",
    "need", "needs", "needed", "matter", "about", "advantages", "disadvantages", "drawbacks",
    "benefits", "benefit", "idea", "for", "problem", "problems", "solve", "do", "does", "is",
    "are", "we", "you", "so", "good", "bad", "important", "most", "best", "more", "help", "helps",
    "main", "key", "can", "should", "be", "there", "have", "has", "model", "models", "method",
    "methods", "approach", "algorithm", "network", "networks", "paper", "system", "technique",
    "trained", "train", "training", "one", "two", "three", "four", "five", "several",
)  # fmt: skip
"""Words that, alone with question words, do not say what an English question is about."""

ZH_DIRECT_JOIN = (
    "有",
    "是",
    "能",
    "可以",
    "的",
    "在",
    "为什么",
    "为何",
    "如何",
    "怎么",
    "怎样",
    "要",
    "会",
)
"""Question openings a Chinese subject can be put straight in front of (``DNI如何训练？``)."""

ANSWER_KINDS = frozenset(
    {BlockKind.PARAGRAPH, BlockKind.ITEM, BlockKind.MATH, BlockKind.CODE, BlockKind.TABLE}
)
"""Blocks that can make up an answer."""

ANSWER_BUDGET = 300
"""Characters of prose an answer may reach before the next block is left out (formulas and code
are not counted, and never cut)."""

MIN_ANSWER = 30
"""An answer shorter than this (label-like first line, lone formula) takes the next block too."""

FIGURE_LOOKAHEAD = 3
"""How many blocks after an answer that mentions a figure (``如下图``) are searched for it."""

MAX_CODE_LINES = 12
"""Code or tables longer than this are not copied into an answer."""

_SKIP_PARAGRAPH = re.compile(
    r"^(?:\[TOC\]|\W*(?:图|表|Figure|Fig\.|Table)\s*[\d.\-]+\s*\S*.{0,40}$"  # captions
    r"|\**[（(]?(?:贡献者|作者|来源|编辑)[:：].*"  # contributor notes
    r"|(?:详见|参见|参考|见|see(?: also)?|网址|链接|地址|官网|url|link|website)\s*[:：]?\s*(?:\[[^\]]*\]\([^)]*\)|<?https?://\S+>?)\W*)$",
    re.IGNORECASE,
)
"""Paragraphs that are never part of an answer: ``[TOC]``, figure captions, contributor notes,
bare cross-references and links (``详见 [类](./class.md)．``)."""

_EN_OPENER = re.compile(rf"^(?:{'|'.join(QUESTION_WORDS_EN)})\b", re.IGNORECASE)
_EN_AUX = re.compile(rf"^(?:{'|'.join(AUXILIARIES_EN)})\b", re.IGNORECASE)
_EN_PRONOUN = re.compile(rf"\b(?:{'|'.join(PRONOUNS_EN)})\b", re.IGNORECASE)
_ZH_WORD = re.compile(
    "|".join(
        sorted(QUESTION_WORDS_ZH + WEAK_QUESTION_WORDS_ZH + VAGUE_WORDS_ZH, key=len, reverse=True)
    )
)
_TECHNICAL = re.compile(rf"(?<!^)\b[A-Z]|[A-Z]{{2}}|[a-z][A-Z]|`[^`]+`|{INLINE_MATH}|\w[-_]\w")
"""A capitalised word after the first, an acronym, code, math or a hyphenated term: a question
holding one names something specific."""
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'-]*")
_FIGURE_REFERENCE = re.compile(
    r"下图|如图|上图|图中|(?:figure|diagram) below|shown below", re.IGNORECASE
)
_ASKS_WHAT = re.compile(r"^什么是(.+?)[？?]?$|^What (?:is|are) (.+?)\??$")
_LEAD_IN_END = re.compile(r"[:：]\s*$")


def is_question(text: str) -> bool:
    """Whether a heading text (section number already stripped) reads as a question."""
    text = text.strip()
    if not text or "为例" in text or text.startswith(TASK_OPENERS_ZH):
        return False
    if text.endswith(("?", "？")):
        return True
    if _EN_AUX.match(text):
        return False
    return any(w in text for w in QUESTION_WORDS_ZH) or bool(_EN_OPENER.match(text))


def _content(question: str) -> tuple[str, list[str]]:
    """What is left of a question without its question words and vague words: Han characters,
    and English words."""
    han = re.sub(r"[\W\d_A-Za-z]+", "", _ZH_WORD.sub("", question))
    words = [w.lower() for w in _EN_WORD.findall(question)]
    return han, [w for w in words if w not in VAGUE_WORDS_EN and w not in QUESTION_WORDS_EN]


def is_dangling(question: str, tokens: Sequence[str], subject: str = "") -> bool:
    """Whether a question (segmented as ``tokens``) leaves out what it is about: it holds a
    pronoun (``它``, ``it``), or nothing but question and vague words (``为什么？``), or — an
    English question naming at most one plain word — shares no word with ``subject``
    (``Which networks benefit most?``)."""
    if any(t.strip().lower() in PRONOUNS_ZH + PRONOUNS_EN for t in tokens):
        return True
    han, words = _content(question)
    if len(han) < 2 and not words:
        return True
    if han or _TECHNICAL.search(question) or not subject:
        return False
    return len(words) <= 1 and not set(words) & set(_content(subject)[1])


SHORT_QUESTION_HAN = 10
"""A Chinese question heading of at most this many Han characters (question words left out) is
short enough to lean on the note around it."""

EVERYDAY_FREQUENCY = 500
"""A word at least this common in general Chinese (jieba's dictionary: 阶段 9574, 推理 614; 数组
313, 池化 unknown) names no term of its own."""


def is_off_subject(question: str, tokens: Sequence[str], subject: str, cut: Tokenizer) -> bool:
    """Whether a short Chinese question names no term and shares no word with what its note is
    about (``推理阶段怎么处理？`` in a note on Dropout): out of the note, it does not say what it
    asks about. A question naming a term (``后缀数组是什么？``, ``为什么需要RNN？``) stands alone.
    ``cut``: the build's tokenizer, whose dictionary says how common a word is."""
    if not subject or not has_cjk(question) or has_latin(question) or overlaps(subject, question):
        return False
    han, _ = _content(question)
    if len(han) > SHORT_QUESTION_HAN:
        return False
    words = [t for t in tokens if has_cjk(t) and not _ZH_WORD.fullmatch(t)]
    return all(cut.word_frequency(t) >= EVERYDAY_FREQUENCY for t in words)


def name_subject(question: str, subject: str) -> str:
    """The question made to name ``subject``: a lone pronoun is replaced, else the subject is
    put in front (``DNI如何训练？``, ``DNI：为什么？``, ``In BERT, how is it trained?``)."""
    if not subject or subject in question:
        return question
    if has_cjk(question):
        for pronoun in ("它们", "它", "该方法", "该模型"):
            if question.count(pronoun) == 1 and not any(p in question for p in ("这", "其", "此")):
                return question.replace(pronoun, subject)
        if question.startswith(ZH_DIRECT_JOIN) and len(question.rstrip("？?")) > 3:
            return subject + question
        return f"{subject}：{question}"
    pronouns = _EN_PRONOUN.findall(question)
    if len(pronouns) == 1 and pronouns[0].lower() in ("it", "this", "they"):
        return _EN_PRONOUN.sub(subject, question, count=1)
    return f"In {subject}, {question[:1].lower()}{question[1:]}"


def _answer_text(block: Block) -> str:
    if block.kind is BlockKind.ITEM:
        mark = f"{block.ordinal}." if block.ordered else "-"
        return "  " * (block.level - 1) + f"{mark} {clean_inline(block.text)}"
    if block.kind is BlockKind.MATH:
        return f"$${block.text}$$"
    if block.kind is BlockKind.CODE:
        return f"```{block.info}\n{block.text.rstrip()}\n```"
    if block.kind is BlockKind.TABLE:
        return block.text
    return clean_inline(block.text)


def _is_noise(block: Block) -> bool:
    """Blocks an answer never shows: empty text, captions, contributor lines, long code."""
    if block.kind in (BlockKind.PARAGRAPH, BlockKind.ITEM):
        text = clean_inline(block.text)
        return not text or any(_SKIP_PARAGRAPH.match(t) for t in (text, unlink(text)))
    if block.kind in (BlockKind.CODE, BlockKind.TABLE):
        return block.text.count("\n") >= MAX_CODE_LINES or len(block.text) > ANSWER_BUDGET
    return block.kind not in ANSWER_KINDS


_ENDS_SENTENCE = re.compile(f"[{END_MARKS}]\\s*$")


def _is_label(text: str) -> bool:
    """A short line that names what follows (``**1. Two stage 算法**``) rather than saying it."""
    return len(text) <= MIN_ANSWER and not _ENDS_SENTENCE.search(text)


def _first_sentences(block: Block, budget: int) -> tuple[str, tuple[int, ...]]:
    """The paragraph's leading sentences that fit ``budget`` (at least one, clipped at a clause
    end if it alone is too long), and their indices (empty when the whole paragraph is used)."""
    if not block.sentences:
        return clip(clean_inline(block.text), budget), ()
    taken: list[int] = []
    used = 0
    asides = _asides(block)
    for at, sentence in enumerate(block.sentences):
        if at in asides:
            continue
        if taken and used + len(sentence.text) > budget:
            break
        taken.append(at)
        used += len(sentence.text)
    if len(taken) == len(block.sentences):
        return clip(clean_inline(block.text), budget), ()
    text = clip(clean_inline("".join(block.sentences[at].text for at in taken)), budget)
    if taken[-1] + 1 + len([a for a in asides if a > taken[-1]]) >= len(block.sentences):
        return text, tuple(taken)  # all but the asides: nothing left out to mark
    return text if text.endswith(" …") else text + " …", tuple(taken)


def _asides(block: Block) -> set[int]:
    """Sentences in the other language between two in the paragraph's own (a Chinese answer with
    an English line pasted in the middle): an aside about something else, not the answer."""
    langs = [s.lang for s in block.sentences]
    return {
        at
        for at in range(1, len(langs) - 1)
        if langs[at - 1] == langs[at + 1] != langs[at]
        and {langs[at], langs[at + 1]} == {"zh", "en"}
    }


def _subsections(ctx: Context) -> str:
    """For a section that opens with sub-headings: their titles as a list, unless one of them is
    itself a question (then each sub-heading makes its own card)."""
    section = ctx.section()
    level = min(b.level for _, b in section if b.kind is BlockKind.HEADING)
    titles = [
        clean_inline(strip_section_number(b.text))
        for _, b in section
        if b.kind is BlockKind.HEADING and b.level == level
    ]
    if len(titles) < 2 or any(is_question(t) for t in titles):
        return ""
    return "\n".join(f"- {t}" for t in titles)


def answer(ctx: Context) -> tuple[str, list[tuple[int, int]]]:
    """The answer to the heading in focus, and the text it claims.

    The answer is the section's first paragraph or list. A paragraph ending in a colon (a
    lead-in) also takes what it announces — a list, a formula, the next paragraph — and so does
    an answer still shorter than :data:`MIN_ANSWER`; images and formulas come along whole.
    """
    parts: list[str] = []
    claims: list[tuple[int, int]] = []
    prose = 0
    lead_in = False  # the last paragraph announced what follows
    current_list = -1  # list_id of the list being copied
    for at, block in ctx.section():
        if block.kind is BlockKind.HEADING:
            if not parts:
                return _subsections(ctx), []
            break
        if _is_noise(block):
            continue
        text = clean_inline(block.text)
        if block.kind is BlockKind.PARAGRAPH and is_image_only(text):
            parts.append(text)  # a figure the text refers to ("如下图")
            continue
        in_same_list = block.kind is BlockKind.ITEM and block.list_id == current_list
        if prose and not (in_same_list or lead_in or prose < MIN_ANSWER):
            break
        if prose >= ANSWER_BUDGET:
            if in_same_list:
                parts.append("- …")
            break
        if block.kind is BlockKind.ITEM:
            current_list = block.list_id
            parts.append(_answer_text(block))
            prose += len(text)
            lead_in = False  # the list is what the lead-in announced
            continue
        current_list = -1
        if block.kind is BlockKind.PARAGRAPH:
            text, used = _first_sentences(block, max(ANSWER_BUDGET - prose, MIN_ANSWER))
            parts.append(text)
            claims.extend([(at, s) for s in used] or [(at, -1)])
            prose += len(text)
            lead_in = bool(_LEAD_IN_END.search(text)) or (lead_in and _is_label(text))
        else:  # a formula, or short code or table: kept whole
            parts.append(_answer_text(block))
            if lead_in:
                prose = max(prose, MIN_ANSWER)  # what the lead-in announced: complete
            lead_in = False
    if not prose and not any(p.startswith("$$") for p in parts):
        return "", []
    while parts and is_image_only(parts[-1]) and not lead_in:
        parts.pop()  # a figure after a finished answer belongs to what follows
    if _FIGURE_REFERENCE.search(" ".join(parts)) and not any(is_image_only(p) for p in parts):
        parts.extend(_figure_after(ctx, claims))  # "下图是一个示例…": show the figure it means
    return "\n".join(parts), claims


def _figure_after(ctx: Context, claims: list[tuple[int, int]]) -> list[str]:
    """The first figure within a few blocks after the answer, if the section has one."""
    last = max((at for at, _ in claims), default=ctx.index)
    for at, block in ctx.section():
        if at <= last:
            continue
        if at > last + FIGURE_LOOKAHEAD or block.kind is BlockKind.HEADING:
            break
        if block.kind is BlockKind.PARAGRAPH and is_image_only(clean_inline(block.text)):
            return [clean_inline(block.text)]
    return []


TRIGGER = trigger(r"\?|？", QUESTION_WORDS_ZH, QUESTION_WORDS_EN)
"""A question heading ends in ?/？ or holds a question word (什么, how …)."""


def question_heading(ctx: Context) -> Iterator[Hit]:
    """Front: the heading without its section number (naming its subject); back: the answer."""
    block = ctx.block
    if block.kind is not BlockKind.HEADING:
        return
    question = clean_inline(strip_section_number(block.text))
    if not is_question(question):
        return
    back, claims = answer(ctx)
    if not back:
        return
    tokens = [t for s in block.sentences for t in s.tokens]
    subject = subject_from(block.heading_path, ctx.doc.title) or ctx.topic
    if is_dangling(question, tokens, subject) or is_off_subject(question, tokens, subject, ctx.cut):
        question = name_subject(question, subject)
    # ``什么是自回归模型：pixelRNN与pixelCNN？`` asks about the term before the subtitle.
    asked = _ASKS_WHAT.match(question)
    term = re.split(r"\s*[：:]\s*", asked.group(1) or asked.group(2))[0] if asked else ""
    card = ctx.card(question, back, confidence=0.8, term=term)
    yield Hit(card, claims=((ctx.index, -1), *claims))

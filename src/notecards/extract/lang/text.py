"""Small text helpers shared by the rule families (no third-party imports)."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import TYPE_CHECKING

from notecards.extract.lang.function_words import STOP_EN
from notecards.patterns import CJK as CJK  # re-exported: the rules take the Han range from here
from notecards.patterns import SPACES

if TYPE_CHECKING:
    from notecards.extract.rules.context import Context

_SECTION_NUMBER = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百\d]+[章节部分篇]\s*|"  # 第三章
    r"(?:\d+(?:\.\d+)*|[A-Z](?:\.\d+)+)[.、)）]?\s+|"  # 3.3.1 / 2) / A.1
    r"[（(]?[一二三四五六七八九十]+[)）、.．]\s*|"  # 一、 （二）
    r"[（(]\d+[)）]\s*|"  # (1)
    r"(?i:part|section|chapter|step|stage)\s*\d+\s*[.:：、．]\s*)"  # Part5.
)

HAN = re.compile(f"[{CJK}]")
"""One Han character (shared by the rule families: ``HAN.search`` to test, ``findall`` to count)."""
_LATIN_RE = re.compile(r"[A-Za-z]")
_LATIN_WORD_RE = re.compile(r"[A-Za-z]+")


def strip_section_number(text: str) -> str:
    """``3.3.1 什么是超参数？`` → ``什么是超参数？``; text without a number is returned as is."""
    stripped = _SECTION_NUMBER.sub("", text, count=1).strip()
    return stripped or text.strip()


def language(text: str) -> str:
    """``zh``, ``en`` or ``mixed`` from the share of Han characters among letters."""
    return language_of(text, len(HAN.findall(text)))


def language_of(text: str, han: int) -> str:
    """:func:`language` of ``text`` given the number of Han characters in it (the segmenter
    counts them while it cuts)."""
    if han == 0:
        return "en" if text.strip() else "zh"  # blank text is "zh"; any other text is "en"
    if 2 * han > len(text):
        # Latin words need a separator each, so fewer than half the other characters can
        # start one: "zh" without counting them (speed).
        return "zh"
    latin_words = len(_LATIN_WORD_RE.findall(text))
    return "zh" if han >= 2 * latin_words else "mixed"  # no Latin word: "zh"


def has_cjk(text: str) -> bool:
    """Whether the text contains any Han character."""
    return bool(HAN.search(text))


def has_latin(text: str) -> bool:
    """Whether the text contains any ASCII letter."""
    return bool(_LATIN_RE.search(text))


def fold_case(text: str) -> str:
    """NFKC, case- and width-folded, whitespace-collapsed text: the form the quality gates
    compare. Punctuation and Markdown stay (unlike
    :func:`notecards.export.textkey.fold_for_identity`, which the deck identity keys use)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return SPACES.sub(" ", text).strip()


# --- Helpers for the block rules (question_heading, enumeration, labelled, colon_item, explicit) ---

GENERIC_HEADINGS = (
    "introduction", "overview", "summary", "background", "conclusion", "conclusions", "notes",
    "details", "definition", "definitions", "examples", "example", "exercises", "references",
    "discussion", "basics", "motivation", "implementation", "problem", "method", "methods",
    "概述", "简介", "介绍", "引言", "前言", "小结", "总结", "定义", "基本概念", "概念", "实现",
    "练习", "习题", "参考", "参考资料", "参考文献", "例题", "示例", "例子", "过程", "方法",
    "算法", "性质", "思路", "解释", "简述", "正文", "笔记", "备注", "问题", "应用", "其他",
    "引入", "相关概念", "基本思想", "思想", "主要思想", "用法", "注意事项", "流程", "步骤",
    "操作", "基本操作", "分析", "证明", "复杂度", "时间复杂度", "空间复杂度", "做法", "解法",
    "优化", "改进", "原理", "结构", "模型", "特点", "优点", "缺点", "优缺点", "局限性", "结果",
    "results", "method", "approach", "analysis", "applications", "properties", "usage",
    "起源", "历史", "发展", "背景", "history", "origins",
    # Labels of paper-reading notes: they name a part of the note, never a subject.
    "key points", "key ideas", "main idea", "main ideas", "idea", "ideas", "contribution",
    "contributions", "strengths", "strength", "weaknesses", "weakness", "limitations",
    "limitation", "pros", "cons", "experiments", "experiment", "evaluation", "setup",
    "related work", "future work", "abstract", "tl;dr", "tldr", "takeaways", "takeaway",
    "new sota", "sota", "highlights", "thoughts", "comments", "review", "paper", "links",
    "相关工作", "论文贡献", "主要贡献", "贡献", "创新点", "实验", "实验结论", "实验设计",
    "实验结果", "实验部分", "结论", "摘要", "动机", "不足", "启发", "收获", "评价", "论文",
    "论文链接", "代码", "主要内容", "核心思想", "主要工作", "约定", "一些约定", "记号", "一些记号",
    "记号规定", "符号", "符号约定", "前置知识", "preface", "序言", "notation", "场景", "情况",
    "情形", "case", "scenario", "step", "stage", "phase", "part", "阶段", "部分",
    "keywords", "关键词", "bonus", "main contributions", "key contributions", "outlook",
    "future directions", "展望", "未来工作", "未来展望", "未来方向", "讨论", "总结与展望",
)  # fmt: skip
"""Heading texts too generic to name what a card is about; :func:`subject_from` looks past them."""

_QUESTION_HEADING = re.compile(
    r"[?？]$|什么|为什么|为何|如何|怎么|怎样|哪些|^(?:what|why|how|which|when)\b", re.IGNORECASE
)
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]|&(?:emsp|ensp|nbsp|thinsp);")
_HEADING_NOISE = re.compile(r"[?？!！:：。.]+$|^\W+")
_IMAGE_ONLY = re.compile(r"^\s*(?:!\[[^\]\n]{0,300}\]\([^)\n]{0,500}\)\s*)+$")
_LINK = re.compile(r"!?\[([^\]\n]{0,300})\]\([^)\n]{0,500}\)")


_SPACE_RUN = re.compile(r"[ \t]{2,}")


_NEEDS_CLEANING = re.compile(r"[\u200b-\u200d\u2060\ufeff&]|[ \t][ \t]")
"""Text :func:`clean_inline` would change beyond stripping it (one scan: most text has none)."""


@functools.lru_cache(maxsize=16384)  # the block rules clean the same lines and sentences
def clean_inline(text: str) -> str:
    """Text with zero-width characters and ``&emsp;``-style entities removed, spaces squeezed."""
    if not _NEEDS_CLEANING.search(text):
        return text.strip()
    return _SPACE_RUN.sub(" ", _ZERO_WIDTH.sub("", text)).strip()


def is_image_only(text: str) -> bool:
    """Whether a paragraph is nothing but Markdown images."""
    return bool(_IMAGE_ONLY.match(text))


def unlink(text: str) -> str:
    """``[label](url)`` → ``label`` (images and links), for questions and subjects."""
    return _LINK.sub(r"\1", text)


def _without_label_tail(name: str) -> str:
    """``Motivation (why)`` → ``Motivation``, ``实验结论1`` → ``实验结论``: what a label carries
    after its name."""
    name = name.rstrip()
    if name.endswith((")", "）")):
        at = max(name.rfind("("), name.rfind("（"))
        if at > 0 and len(name) - at <= 22:
            name = name[:at].rstrip()
    return name.rstrip("0123456789一二三四五六七八九十 ")


def is_generic_heading(text: str) -> bool:
    """Whether a heading (number stripped) is a generic section name or a note's part label
    (``Introduction``, ``小结``, ``Motivation (why)``, ``实验结论1``)."""
    name = _HEADING_NOISE.sub("", strip_section_number(clean_inline(text))).strip()
    name = name.replace("**", "").replace("__", "").strip()
    return name.casefold() in GENERIC_HEADINGS or (
        _without_label_tail(name).casefold() in GENERIC_HEADINGS
    )


@functools.lru_cache(maxsize=4096)  # asked for every block under the same headings
def subject_from(
    headings: tuple[str, ...], title: str, *, skip_questions: bool = True, avoid: str = ""
) -> str:
    """What a card under ``headings`` is about: the innermost heading that is neither generic,
    nor (with ``skip_questions``) itself a question, nor already part of ``avoid`` (the text
    the card asks about), else the note title; numbers and links removed. A title that is only
    a file-name slug (``vector-space``) names nothing: empty."""
    for heading in reversed(headings):
        text = clean_inline(unlink(strip_section_number(heading)))
        if not text or is_generic_heading(text) or (avoid and overlaps(text, avoid)):
            continue
        if skip_questions and _QUESTION_HEADING.search(text):
            continue
        return _short_name(text)
    title = _short_name(clean_inline(unlink(strip_section_number(title))))
    if _SLUG.match(title) or is_generic_heading(title) or (avoid and overlaps(title, avoid)):
        return ""
    return title


_ASKED_ZH = re.compile(r"什么是\s*(?P<term>[^？?\s][^？?]{0,29}?)\s*[？?]")
_ASKED_EN = re.compile(r"^what\s+(?:is|are)\s+(?:an?\s+)?(?P<term>[^?]{1,40}?)\s*\?", re.IGNORECASE)
_NAME_GLOSS = re.compile(
    r"[（(]\s*(?P<name>[A-Za-z][\w.+-]{0,20}(?:\s[\w.+-]{1,20}){0,2})\s*[）)]\s*$"
)
"""``来自Transformers的双向编码器表示（BERT）``: the short name a title glosses itself with."""


def topic_of(title: str, first_heading: str = "") -> str:
    """What a whole note is about, as a short name: its title (or, when the title is only a
    file-name slug, its first heading), the term a ``What is X?`` title asks about, or the name a
    title glosses itself with (``暂退法（Dropout）`` → ``Dropout``); empty when neither names
    anything."""
    for text in (title, first_heading):
        text = clean_inline(unlink(strip_section_number(text))).rstrip(" ¶")
        if not text or _SLUG.match(text) or is_generic_heading(text):
            continue
        asked = _ASKED_ZH.search(text) or _ASKED_EN.search(text)
        if asked:
            return asked.group("term").strip()
        if _QUESTION_HEADING.search(text):
            continue  # "为什么 Dropout 能防止过拟合？" asks, it does not name
        gloss = _NAME_GLOSS.search(text)
        if gloss and gloss.start() > 0 and not gloss.group("name").islower():
            return gloss.group("name")
        return _short_name(text)
    return ""


def in_context(question: str, subject: str, answer: str = "") -> str:
    """A question that names what it is about: ``BERT：什么是最终的损失函数？``, ``In BERT, what is
    …?``; unchanged when ``subject`` is empty, already shares a word with the question, or would
    give the answer away (``多层感知机：最简单的深度网络称为什么？``)."""
    if not subject or overlaps(subject, question) or subject.casefold() in question.casefold():
        return question
    if answer and names_answer(subject, answer):
        return question
    if has_cjk(question):
        return f"{subject}：{question}"
    return f"In {subject}, {question[:1].lower()}{question[1:]}"


GIVEAWAY_SLACK = 8
"""An answer at most this many characters longer than the subject it shares a word with is
that subject (``多层感知机``, ``a multilayer perceptron``): naming it would give it away."""


def names_answer(subject: str, answer: str) -> bool:
    """Whether the answer is (about) the subject itself rather than something said of it: a
    definition that mentions QLoRA does not make ``QLoRA：什么是双量化？`` give it away."""
    answer = answer.strip()
    if len(answer) > len(subject) + GIVEAWAY_SLACK:
        return False
    return overlaps(subject, answer) or subject.casefold() in answer.casefold()


_HAN_RUN = re.compile(f"[{CJK}]{{2,}}")
_LATIN_WORD_3 = re.compile(r"[A-Za-z]{3,}")


def overlaps(a: str, b: str) -> bool:
    """Whether two texts share a word: two Han characters in a row, or a Latin word of 3+
    letters (case-folded) that is not a function word (``the``, ``and``)."""
    for run in _HAN_RUN.findall(a):
        if any(run[at : at + 2] in b for at in range(len(run) - 1)):
            return True
    words = {w.casefold() for w in _LATIN_WORD_3.findall(a)} - STOP_EN
    return bool(words) and bool(words & {w.casefold() for w in _LATIN_WORD_3.findall(b)})


def _short_name(text: str) -> str:
    """``DNI: Decoupled Neural Interfaces`` → ``DNI`` (a short name before a colon);
    ``来自Transformers的双向编码器表示（BERT）`` → ``BERT`` (the name a Chinese title glosses
    itself with)."""
    match = re.match(r"([^:：]{1,20}?)\s*(?<![:：])[:：](?![:：])\s*\S", text)
    if match:
        return match.group(1)
    gloss = _NAME_GLOSS.search(text)
    if gloss and has_cjk(text[: gloss.start()]) and not gloss.group("name").islower():
        return gloss.group("name")
    return text


def source_lines(text: str, offsets: tuple[int, ...]) -> list[tuple[int, str]]:
    """Split a block's joined text back into its source lines: (offset, line) pairs.

    ``offsets`` is :attr:`~notecards.model.Block.line_offsets`; the separator a soft break
    became (one space, or nothing between CJK characters) is dropped.
    """
    starts = [0, *offsets]
    out: list[tuple[int, str]] = []
    for at, start in enumerate(starts):
        end = starts[at + 1] if at + 1 < len(starts) else len(text)
        out.append((start, text[start:end].rstrip()))
    return out


PROTECTED_SPAN = re.compile(
    r"\$\$.{1,2000}?\$\$|\$[^$]{1,500}\$|`[^`]{1,300}`|\[[^\]\n]{0,300}\]\([^)\n]{0,500}\)"
    r"|\\\(.{1,2000}?\\\)",
    re.DOTALL,
)
"""Spans a text is never cut inside: math, code spans, links."""

_CLAUSE_END = re.compile(r"[。！？!?；;：:，,、．](?!\d)|\.(?=\s)")
"""Places after which a long text may be cut (clause and sentence ends)."""


def clip(text: str, limit: int, mark: str = " …") -> str:
    """``text`` cut after the last clause end that keeps it within ``limit`` characters, with
    ``mark`` added; never inside math, code or a link, never mid-word. Short texts are returned
    as they are, and so is a text with no usable cut point."""
    if len(text) <= limit:
        return text
    protected = [m.span() for m in PROTECTED_SPAN.finditer(text)]
    best = 0
    for match in _CLAUSE_END.finditer(text, 0, limit):
        end = match.end()
        if any(a < end <= b - 1 or a < match.start() < b for a, b in protected):
            continue
        best = end
    if best == 0:
        return text
    return text[:best].rstrip("，,、：: ") + mark


EXERCISE_HEADINGS = (
    "练习", "习题", "思考题", "课后练习", "exercises", "exercise", "problems", "例题", "题目",
    "题目描述", "题意", "题意简述", "题目大意", "输入格式", "输出格式", "样例", "样例输入",
    "样例输出", "数据范围", "参考代码", "参考实现", "实现", "代码", "code", "discussions",
    "references", "参考资料", "参考文献", "相关阅读", "相关链接", "外部链接",
    "例子", "一个例子", "示例", "举例", "证明", "example", "examples", "proof",
)  # fmt: skip
"""Sections whose sentences are tasks, steps of a worked example or a proof, code or links, not
facts to learn."""
WORKED_ENDINGS = ("示例", "例子", "证明", "的证明", "例题", "题解")
"""A heading ending on these is worked material too (``分布偏移示例``, ``正确性证明``,
``邻项交换法的例题``)."""
PROBLEM_SOURCES = (
    "UVa", "POJ", "HDU", "BZOJ", "LOJ", "SPOJ", "Gym", "CF", "Codeforces", "AtCoder", "ABC",
    "ARC", "AGC", "NERC", "ICPC", "CCPC", "NOIP", "NOI", "IOI", "APIO", "CTSC", "JOI", "USACO",
    "Luogu", "洛谷",
)  # fmt: skip
"""Online judges and contests: a heading naming one of their problems (``UVa12731 太空站之谜``,
``CF750F …``, ``例：Gym 101550I``) heads a worked problem."""

_EXERCISE_RE = re.compile(
    r"^(?:"
    + "|".join(sorted(map(re.escape, EXERCISE_HEADINGS), key=len, reverse=True))
    + r")\b"
    + r"|^(?:例题|习题|练习题|思考题)"  # "例题详解", "例题一" (no word boundary in Chinese)
    + r"|^例\s*(?:\d|[一二三四五六七八九十]|[：:])"  # "例 3", "例：Gym 101550I"
    + r"|.*(?:"
    + "|".join(WORKED_ENDINGS)
    + r")$",
    re.IGNORECASE,
)
_PROBLEM_RE = re.compile(r"\b(?:" + "|".join(PROBLEM_SOURCES) + r")[\s-]{0,3}P?\d", re.IGNORECASE)
"""A contest problem's id in a heading (searched from the name, not matched after ``.*``)."""
SETUP_WORDS = ("安装", "下载", "插件", "快捷键", "install", "setup", "set up", "getting started",
               "download", "shortcut", "plugin")  # fmt: skip
"""Words of a heading over setting software up (``安装插件与主题``, ``工具链安装``, ``Downloading
the Dataset``): its sentences are steps and settings, not facts to learn."""
_SETUP_RE = re.compile("|".join(map(re.escape, SETUP_WORDS)), re.IGNORECASE)


@functools.lru_cache(maxsize=1024)  # every rule asks this of every block's heading path
def in_exercise(headings: tuple[str, ...]) -> bool:
    """Whether a block sits under an exercise, problem-statement, worked-example, proof, code,
    reference or setup heading."""
    for heading in headings:
        text = clean_inline(strip_section_number(heading))
        if _EXERCISE_RE.match(text) or _PROBLEM_RE.search(text) or _SETUP_RE.search(text):
            return True
    return False


_WORKED_ASIDE = re.compile(
    r"证明|推导|\bproof\b|\bderivation\b|^(?:解法|解答|题解|题面)|^\[[^\]\n]*\]\([^)\n]*\)$",
    re.IGNORECASE,
)
"""An admonition titled as a proof (``??? note "证明"``), a solution (``"解法二"``) or by a link
(a problem on a judge); one of examples (``"群的例子"``) lists named instances: facts."""


@functools.lru_cache(maxsize=1024)
def in_worked(headings: tuple[str, ...], asides: tuple[str, ...] = ()) -> bool:
    """Whether a block sits under a heading :func:`in_exercise` rules out, or in an admonition
    holding a proof or a worked problem (:data:`_WORKED_ASIDE`)."""
    return in_exercise(headings) or any(_WORKED_ASIDE.search(aside) for aside in asides)


_STYLE_GUIDE = re.compile(
    r"样式规范|风格指南|写作规范|排版规范|翻译规范|格式规范|格式要求|格式手册|术语表|贡献指南|参与贡献|"
    r"\bstyle\s+guide\b|\bterminology\b|\bcontributing\b|\bcontribution guide\b",
    re.IGNORECASE,
)


def is_style_guide(ctx: Context) -> bool:
    """Whether the focus sits in a writing or translation style guide (``样式规范``,
    ``STYLE_GUIDE.md``, ``TERMINOLOGY.md``): rules about the notes, not study material."""
    doc = ctx.doc
    return names_style_guide(doc.title, doc.note.source.rel_path, ctx.block.heading_path)


@functools.lru_cache(maxsize=1024)  # asked for every block under the same headings
def names_style_guide(title: str, rel_path: str, headings: tuple[str, ...]) -> bool:
    """Whether a note's title, file name or headings name a style or contribution guide."""
    names = (title, rel_path.rsplit("/", 1)[-1], *headings)
    return any(_STYLE_GUIDE.search(name.replace("_", " ")) for name in names)


def mid_sentence(subject: str) -> str:
    """A heading used inside an English sentence: ``Bag-of-words models`` → ``bag-of-words
    models``; names (``AlphaGo``, ``BERT``, ``Python``) keep their capitals."""
    words = subject.split()
    if len(words) < 2 or not words[0][:1].isupper() or not words[0][1:].islower():
        return subject
    if any(w[:1].isupper() for w in words[1:]):
        return subject  # ``Decoupled Neural Interfaces``: a name
    return subject[:1].lower() + subject[1:]

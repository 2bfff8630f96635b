"""The point of a sentence: what its main clause says of its subject, the span a cloze hides.

A careful reader's card on ``所以多个下游任务需要为每个任务维护一个大型模型的独立副本`` asks
*what* the tasks need, not which word stands before 副本; on ``Transferring data between devices
is much slower than computation`` it hides *much slower than computation*, not ``CPU``. So the
key of a sentence that defines nothing is its rheme: the words after the main verb of its main
clause (the clause after 所以 / 但是 / ``so``, else the first that is not a condition), up to
the clause's end — when that is short enough to recall and says something specific.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from notecards.extract.ranking.candidates import display_size
from notecards.extract.ranking.deletions import Spans
from notecards.extract.ranking.rheme_en import rheme_en

RHEME_MAX_SHARE = 0.6
"""A rheme longer than this share of the sentence would leave too little on the front."""
RHEME_MAX_SIZE = 70
"""…or longer than this (a Han character counts two): too much to recall word for word."""
RHEME_MIN_SIZE = 3
"""…or shorter than this: a word the front gives away."""
AIM_SHARE = 0.8
"""The share a rheme may take when its subject names an aim or the point (``The main idea behind
the paper is to [connect every layer …]``, ``该方法的核心思想是[…]``): the front still says what
it asks for."""
_AIM_EN = re.compile(
    r"\b(?:idea|goal|aim|purpose|objective|intuition|motivation)\b[^.,;:]{0,40}?"
    r"\s(?:is|was)\s+(?:simply\s+)?to\s+$",
    re.IGNORECASE,
)
"""An English subject naming an aim, and its copula and ``to``, right before a rheme."""
_AIM_ZH = re.compile(r"(?:核心|关键|本质|目的|作用|思想|主要思路|动机)[^，。；,;：:]{0,6}$")
"""A Chinese subject naming the point (``核心思想``, ``的作用``) right before its verb."""

_BREAK_ZH = frozenset("，,；;：:。．！？!?…")
"""Tokens that end a Chinese clause."""
_POINT_ZH = (
    "所以",
    "因此",
    "因而",
    "从而",
    "于是",
    "故而",
    "但是",
    "但",
    "然而",
    "而是",
    "可是",
    "不过",
    "最终",
    "结果",
)
"""Clause openers that announce the point (a consequence, a contrast)."""
_CUE_ZH = frozenset(
    [
        "核心",
        "关键",
        "本质",
        "主要",
        "作用",
        "目的",
        "优点",
        "缺点",
        "优势",
        "不足",
        "局限",
        "局限性",
        "原因",
        "意义",
        "思想",
        "贡献",
        "区别",
        "好处",
        "创新",
        "创新点",
        "动机",
        "瓶颈",
        "难点",
        "特点",
    ]
)
"""Words early in a clause that say it states the point (``MoCo方法的核心就是…``)."""
_CONDITION_ZH = (
    "如果",
    "若",
    "假如",
    "假设",
    "当",
    "虽然",
    "尽管",
    "由于",
    "因为",
    "为了",
    "对于",
    "在",
    "随着",
    "除了",
    "通过",
)
"""Clause openers of a condition or circumstance: not the main clause."""
_POINTER_ZH = ("这", "那", "它", "其", "此", "该")
"""Clause openers that lean on another clause (``这样就导致…``): commentary, not the point."""
_CIRCUMSTANCE_ZH = ("时", "后", "前", "中", "下", "上", "里")
"""Clause endings of a circumstance (``光流计算时``, ``在训练中``)."""
_ANCHOR_ZH = frozenset(
    [
        "是",
        "为",
        "就是",
        "即",
        "即为",
        "即是",
        "也是",
        "都是",
        "正是",
        "便是",
        "则是",
        "就为",
        "相当于",
        "在于",
        "取决于",
        "称为",
        "叫做",
        "被称为",
        "称作",
        "定义为",
        "用于",
        "用来",
        "需要",
        "可以",
        "能够",
        "能",
        "会",
        "可",
        "使得",
        "使",
        "导致",
        "意味着",
        "表示",
        "指",
        "是指",
        "指的是",
        "包括",
        "包含",
        "采用",
        "依赖",
        "依赖于",
        "等于",
        "达到",
        "提升",
        "提高",
        "降低",
        "减少",
        "增加",
        "避免",
        "解决",
        "负责",
        "实现",
        "得到",
    ]
)
"""Main verbs (jieba tokens) after which a Chinese clause states its point."""
_ADVERB_ANCHORS = frozenset({"即", "就", "也", "都", "正", "便", "则"})
"""Anchors that are adverbs when jieba cuts a copula after them (即 + 为)."""
_LEAD_ZH = frozenset(
    [
        "一个",
        "一种",
        "一些",
        "一",
        "个",
        "种",
        "了",
        "着",
        "很",
        "非常",
        "比较",
        "更",
        "更加",
        "也",
        "都",
        "就",
        "其实",
        "只",
        "只是",
        "主要",
        "还",
        "还是",
        "到",
        "出",
        "将",
        "把",
        "被",
        "让",
        "去",
        "来",
    ]
)
"""Words a rheme does not start with (an article, a degree adverb)."""
_TAIL_ZH = frozenset(["了", "的", "啦", "呢", "吧", "等", "而已", "罢了"])
"""Words a rheme does not end with."""


_PUNCT_TAIL = re.compile(r"[\s.,;:!?'\"“”‘’、。．，；：！？…]*")
"""Tokens a rheme does not end on: spaces and stops (brackets are kept when they close)."""
_PAIRS = (
    ("(", ")"),
    ("（", "）"),
    ("[", "]"),
    ("【", "】"),
    ("《", "》"),
    ("“", "”"),
    ("「", "」"),
)


def _balanced(span: str) -> bool:
    """Whether every bracket or quote the span opens it also closes, and the other way round."""
    return all(span.count(a) == span.count(b) for a, b in _PAIRS)


@dataclass(frozen=True, slots=True)
class Rheme:
    """The span after the main verb of the main clause."""

    start: int
    """Offset in the sentence text."""
    end: int
    """End offset (exclusive)."""
    anchor: str
    """The verb it follows (shown by ``--explain`` through the key's reason)."""
    whole: bool
    """Whether it is exactly one protected span (a formula): hidden whole, however long."""


def rhemes(
    text: str,
    tokens: tuple[str, ...],
    lang: str,
    protected: Spans,
) -> list[Rheme]:
    """The rhemes of ``text`` (its words ``tokens``), best first: the span after the main verb
    of the clause most likely to hold the point, then (Chinese) what a verb before 的 leads to
    (得到的[权重加权…]), when the main verb's says nothing. Empty when no clause has a
    main verb followed by a span of the right size with its brackets balanced. Whether a span
    can be a cloze at all (it cuts no formula, it is said once, it says something) is the
    caller's test (:mod:`notecards.extract.ranking.keys`); ``protected`` only tells a whole
    formula."""
    found = [rheme_en(text)] if lang == "en" else _rhemes_zh(text, tokens)
    return [r for r in (_checked(text, f, protected) for f in found if f) if r is not None]


def _checked(text: str, found: tuple[int, int, str], protected: Spans) -> Rheme | None:
    """A found span as a :class:`Rheme`, or None when its size or brackets rule it out."""
    start, end, anchor = found
    span = text[start:end]
    size = display_size(span)
    if size < RHEME_MIN_SIZE or size > RHEME_MAX_SIZE:
        return None
    whole = any(a == start and b == end for a, b in protected)  # one formula: hidden whole
    whole_size = display_size(text)
    if (
        size > RHEME_MAX_SHARE * whole_size
        and not whole
        and (size > AIM_SHARE * whole_size or not _names_aim(text, start, anchor))
    ):
        return None
    if not _balanced(span):
        return None  # "做（常数上有差距": a bracket cut in two
    return Rheme(start, end, anchor, whole)


def _names_aim(text: str, start: int, anchor: str) -> bool:
    """Whether the subject before the rheme at ``start`` (after its verb ``anchor``) names an aim
    or the point (:data:`_AIM_EN`, :data:`_AIM_ZH`); asked only of a rheme too wide otherwise."""
    if _AIM_EN.search(text, max(0, start - 80), start) is not None:
        return True
    verb_at = text.rfind(anchor, 0, start) if anchor else -1
    return verb_at > 0 and _AIM_ZH.search(text, max(0, verb_at - 12), verb_at) is not None


def _rhemes_zh(text: str, tokens: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """The Chinese main clause's span after its first main verb, trimmed (a verb before 的
    modifies a noun and is skipped: 包含的物体[就是]…), then the spans after 的 of such verbs."""
    clauses: list[list[tuple[int, str]]] = [[]]
    at = 0
    for token in tokens:
        word = token.strip()
        if word in _BREAK_ZH and clauses[-1]:
            clauses.append([])
        elif word:
            clauses[-1].append((at, token))
        at += len(token)
    clauses = [c for c in clauses if c]
    found: list[tuple[int, int, str]] = []
    for clause in _ordered(clauses):
        modified: list[tuple[int, int, str]] = []
        for i, (_, token) in enumerate(clause):
            if token not in _ANCHOR_ZH or i == len(clause) - 1:
                continue
            rest = clause[i + 1 :]
            if rest and rest[0][1] in ("的", "地", "得"):
                # 包含[的]物体就是…: a verb before 的 modifies a noun; read on to the main verb,
                # and keep what the noun phrase says after 的 as the last resort.
                tail = _trimmed_zh(rest[1:])
                if tail:
                    modified.append((tail[0][0], tail[-1][0] + len(tail[-1][1]), token))
                continue
            if rest and rest[0][1] in ("为", "是") and token in _ADVERB_ANCHORS:
                rest = rest[1:]  # 即为 / 就是 cut in two: the copula belongs to the verb
            rest = _trimmed_zh(rest)
            if rest:
                found.append((rest[0][0], rest[-1][0] + len(rest[-1][1]), token))
            break
        if found or modified:
            return found + modified
    return found


def _trimmed_zh(rest: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A clause's words after its verb without the lead words and the tail words or stops."""
    while rest and rest[0][1] in _LEAD_ZH:
        rest = rest[1:]
    while rest and (rest[-1][1] in _TAIL_ZH or _PUNCT_TAIL.fullmatch(rest[-1][1])):
        rest = rest[:-1]
    return rest


def _ordered(clauses: list[list[tuple[int, str]]]) -> list[list[tuple[int, str]]]:
    """Clauses in the order they may hold the point: one opened by 所以 / 但是 or naming the
    point early (核心, 作用, 缺点) first, then the others that are not conditions,
    circumstances or commentary, last first."""
    pointed: list[list[tuple[int, str]]] = []
    plain: list[list[tuple[int, str]]] = []
    for clause in clauses:
        head = "".join(t for _, t in clause[:3])
        if head.startswith(_POINT_ZH) or any(t in _CUE_ZH for _, t in clause[:6]):
            pointed.append(clause)
        elif not head.startswith((*_CONDITION_ZH, *_POINTER_ZH)) and not clause[-1][1].endswith(
            _CIRCUMSTANCE_ZH
        ):
            plain.append(clause)
    return pointed + plain[::-1]  # the point comes last (end focus): later clauses first

"""A Chinese term glossed in English (``注意力机制（attention mechanism）``, ``*汇聚*（pooling）``) or the
other way round: a two-way card between the names; claims nothing, so definitions still see it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from notecards.model import BlockKind, CardKind, Sentence
from notecards.rules.base import Context, Hit
from notecards.rules.terms import (
    CLAUSE_WORDS_ZH,
    TERM_EDGES_ZH,
    is_clause_zh,
    plain,
    strip_markup,
    token_bounds,
)
from notecards.rules.text import CJK

BOUNDARY_TOKENS = (
    "的", "了", "是", "在", "和", "与", "及", "或", "为", "把", "将", "被", "称为", "叫做", "称作",
    "即", "这", "该", "此", "一种", "一个", "一类", "个", "种", "使用", "采用", "利用", "通过",
    "引入", "提出", "包括", "如", "例如", "比如", "称", "也", "又", "就", "都", "对", "从", "向",
    "用", "以", "等", "由", "其", "它", "我们", "所谓", "叫", "作为", "基于", "用于", "一些",
    "这些", "那些", "各种", "不同", "这种", "那种", "的话", "之", "中", "上", "下", "后", "前",
    "着", "过", "得", "地", "而", "并", "或者", "以及", "还有", "可以", "能够", "会", "要",
    "一下", "考虑一下", "执行", "计算", "得到", "使得", "进行", "实现", "表示", "定义",
    "同一个", "同一", "每个", "多个", "两个", "少量", "大量", "若干", "某个", "任意", "所有",
    "整个", "许多", "很多", "一组", "一系列",
)  # fmt: skip
"""Tokens that end a term when scanning back from its gloss (``我们引入了|注意力机制(…)``)."""

NOT_GLOSSES = ("et al", "e.g", "i.e", "see ", "fig", "eq.", "http", "www", "vs", "cf.", "p.")
"""Parenthesised text that is a citation, aside or reference, never a name."""

MAX_TOKENS = 4
"""An unmarked Chinese term spans at most this many jieba tokens."""
MAX_HAN = 10
"""…and at most this many Han characters."""
MAX_UNMARKED_IN_SENTENCE = 4
"""A sentence with this many glosses lists labels; its unmarked pairs are skipped."""
MAX_GLOSS_WORDS = 7
"""An English name longer than this is an explanation, not a name."""

_GLOSS_EN = re.compile(
    r"[（(](?:(?:英语|英文|English)\s*[：:]\s*)?(?P<gloss>[A-Za-z][A-Za-z0-9 \-'’/&+.,，]{0,80}?)[）)]"
)
_GLOSS_ZH = re.compile(rf"[（(](?P<gloss>[{CJK}][{CJK}·\-]{{0,11}})[）)]")
_BOUNDARY = frozenset(BOUNDARY_TOKENS) | frozenset(CLAUSE_WORDS_ZH)
_MARKED_BEFORE = re.compile(r"(?:\*{1,2}|」|”|》)$")
_MARKED_TERM = re.compile(
    r"(?:\*{1,2}(?P<a>[^*\n]{1,30})\*{1,2}|「(?P<b>[^」\n]{1,30})」|“(?P<c>[^”\n]{1,30})”|《(?P<d>[^》\n]{1,30})》)$"
)
_HAN_RUN = re.compile(f"^[{CJK}]+$")
_HAN = re.compile(f"[{CJK}]")
_LATIN_BEFORE = re.compile(
    r"(?:^|(?<=[^A-Za-z0-9\s'’-]))\s*(?P<term>[A-Za-z][A-Za-z0-9'’-]*(?:\s+[A-Za-z][A-Za-z0-9'’-]*){0,4})\s*$"
)
_LABEL = re.compile(r"[A-Z][a-z]+")
"""A single capitalised word: in an unmarked gloss, a UI or dataset label (``Price``, ``Forums``)."""
_ABBREV = re.compile(r"^[A-Z][A-Za-z0-9-]{1,9}$")


def _english_name(gloss: str) -> str | None:
    """``convolutional neural network，CNN`` → ``convolutional neural network (CNN)``."""
    low = gloss.casefold()
    if any(mark in low for mark in NOT_GLOSSES) or re.search(r"\b(?:1[5-9]|20)\d\d\b", gloss):
        return None
    parts = [p.strip() for p in re.split(r"[，,]", gloss) if p.strip()]
    if not parts or len(parts) > 2:
        return None
    name = parts[0]
    words = name.split()
    if len(words) > MAX_GLOSS_WORDS or len(name.replace(" ", "")) < 2:
        return None
    if len(parts) == 2:
        if not _ABBREV.match(parts[1]):
            return None
        name = f"{name} ({parts[1]})"
    return name


def _han_term_before(sentence: Sentence, end: int, strict: bool = False) -> str | None:
    """The Chinese term ending at ``end``: a marked one, or up to :data:`MAX_TOKENS` Han tokens
    back to a clear boundary (punctuation, a function word, the sentence start)."""
    before = sentence.text[:end]
    marked = _MARKED_TERM.search(before)
    if marked:
        term = next(g for g in marked.groups() if g)
        edges = term.startswith(TERM_EDGES_ZH) or term.endswith(TERM_EDGES_ZH)
        return term if len(_HAN.findall(term)) >= 2 and not edges else None
    if _MARKED_BEFORE.search(before):
        return None
    starts, _ = token_bounds(sentence.tokens)
    if end not in starts and end != len(sentence.text):
        return None
    picked: list[str] = []
    at = 0
    before_end: list[str] = []
    for token in sentence.tokens:
        if at >= end:
            break
        before_end.append(token)
        at += len(token)
    for token in reversed(before_end):
        if token in _BOUNDARY or not _HAN_RUN.match(token):
            if re.match(r"[A-Za-z0-9]", token) or (
                len(token) == 1 and token not in BOUNDARY_TOKENS
            ):
                return None  # "16位浮点(FP16)", "均|方根误差": the left edge is a guess
            if strict and _HAN_RUN.match(token):
                return None  # an abbreviation's Chinese name must start after punctuation
            break
        if len(picked) == MAX_TOKENS or sum(map(len, picked)) + len(token) > MAX_HAN:
            return None  # no clear start: the term's left edge is a guess
        picked.insert(0, token)
    term = "".join(picked)
    return term if len(term) >= 2 and not is_clause_zh(term) else None


def _pairs(sentence: Sentence) -> Iterator[tuple[str, str, bool]]:
    """(Chinese, English, marked) name pairs in one sentence."""
    text = sentence.text
    glosses = list(_GLOSS_EN.finditer(text))
    for match in glosses:
        name = _english_name(match.group("gloss"))
        if not name:
            continue
        marked = bool(_MARKED_BEFORE.search(text[: match.start()]))
        if not marked and (len(glosses) >= MAX_UNMARKED_IN_SENTENCE or _LABEL.fullmatch(name)):
            continue  # a run of labels ("运动鞋（sneaker）、包（bag）…") or one capitalised label
        # An abbreviation or a Title Case name is often glossed on a longer Chinese phrase.
        strict = not marked and not any(w[:1].islower() for w in name.split(" (")[0].split())
        term = _han_term_before(sentence, match.start(), strict)
        if term:
            yield plain(term), name, marked
    zh_glosses = list(_GLOSS_ZH.finditer(text))
    for match in zh_glosses if len(zh_glosses) < MAX_UNMARKED_IN_SENTENCE else ():
        latin = _LATIN_BEFORE.search(strip_markup(text[: match.start()]))
        if latin and _english_name(latin.group("term")) and len(match.group("gloss")) >= 2:
            yield match.group("gloss"), latin.group("term"), False


def bilingual_term(ctx: Context) -> Iterator[Hit]:
    """``注意力机制（attention mechanism）`` → a reversible card 注意力机制 ↔ attention mechanism."""
    block = ctx.block
    if block.kind not in (BlockKind.PARAGRAPH, BlockKind.ITEM, BlockKind.HEADING):
        return
    seen: set[str] = set()
    for sentence in block.sentences:
        if "(" not in sentence.text and "（" not in sentence.text:
            continue
        for term, name, marked in _pairs(sentence):
            if term in seen:
                continue
            seen.add(term)
            card = ctx.card(
                term,
                name,
                kind=CardKind.REVERSIBLE,
                confidence=0.75 if marked else 0.6,
                line=sentence.line,
                term=term,
            )
            yield Hit(card, claims=())

"""A Chinese term glossed in English (``注意力机制（attention mechanism）``, ``*汇聚*（pooling）``) or the
other way round: a two-way card between the names; claims nothing, so definitions still see it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from notecards.model import BlockKind, CardKind, Sentence
from notecards.rules.base import Context, Hit
from notecards.rules.terms import is_clause_zh, plain, strip_markup, token_bounds
from notecards.rules.text import CJK

BOUNDARY_TOKENS = (
    "的", "了", "是", "在", "和", "与", "及", "或", "为", "把", "将", "被", "称为", "叫做", "称作",
    "即", "这", "该", "此", "一种", "一个", "一类", "个", "种", "使用", "采用", "利用", "通过",
    "引入", "提出", "包括", "如", "例如", "比如", "称", "也", "又", "就", "都", "对", "从", "向",
    "用", "以", "等", "由", "其", "它", "我们", "所谓", "叫", "作为", "基于", "用于", "一些",
    "这些", "那些", "各种", "不同", "这种", "那种", "的话", "之", "中", "上", "下", "后", "前",
    "着", "过", "得", "地", "而", "并", "或者", "以及", "还有", "可以", "能够", "会", "要",
)  # fmt: skip
"""Tokens that end a term when scanning back from its gloss (``我们引入了|注意力机制(…)``)."""

NOT_GLOSSES = ("et al", "e.g", "i.e", "see ", "fig", "eq.", "http", "www", "vs", "cf.", "p.")
"""Parenthesised text that is a citation, aside or reference, never a name."""

MAX_TOKENS = 4
"""An unmarked Chinese term spans at most this many jieba tokens."""
MAX_HAN = 10
"""…and at most this many Han characters."""
MAX_GLOSS_WORDS = 7
"""An English name longer than this is an explanation, not a name."""

_GLOSS_EN = re.compile(r"[（(](?P<gloss>[A-Za-z][A-Za-z0-9 \-'’/&+.,，]{0,80}?)[）)]")
_GLOSS_ZH = re.compile(rf"[（(](?P<gloss>[{CJK}][{CJK}·\-]{{0,11}})[）)]")
_MARKED_BEFORE = re.compile(r"(?:\*{1,2}|」|”|》)$")
_MARKED_TERM = re.compile(r"(?:\*{1,2}(?P<a>[^*\n]{1,30})\*{1,2}|「(?P<b>[^」\n]{1,30})」|“(?P<c>[^”\n]{1,30})”|《(?P<d>[^》\n]{1,30})》)$")
_HAN_RUN = re.compile(f"^[{CJK}]+$")
_HAN = re.compile(f"[{CJK}]")
_LATIN_BEFORE = re.compile(r"(?:^|(?<=[^A-Za-z0-9\s'’-]))\s*(?P<term>[A-Za-z][A-Za-z0-9'’-]*(?:\s+[A-Za-z][A-Za-z0-9'’-]*){0,4})\s*$")
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


def _han_term_before(sentence: Sentence, end: int) -> str | None:
    """The Chinese term ending at ``end``: a marked one, or up to :data:`MAX_TOKENS` Han tokens
    back to a clear boundary (punctuation, a function word, the sentence start)."""
    before = sentence.text[:end]
    marked = _MARKED_TERM.search(before)
    if marked:
        term = next(g for g in marked.groups() if g)
        return term if _HAN.search(term) else None
    if _MARKED_BEFORE.search(before):
        return None
    starts, _ = token_bounds(sentence.tokens)
    if end not in starts and end != len(sentence.text):
        return None
    picked: list[str] = []
    at = 0
    spans = []
    for token in sentence.tokens:
        spans.append((at, token))
        at += len(token)
    for start, token in reversed([s for s in spans if s[0] < end]):
        if token in BOUNDARY_TOKENS or not _HAN_RUN.match(token):
            break
        if len(picked) == MAX_TOKENS or sum(map(len, picked)) + len(token) > MAX_HAN:
            return None  # no clear start: the term's left edge is a guess
        picked.insert(0, token)
    term = "".join(picked)
    return term if len(term) >= 2 and not is_clause_zh(term) else None


def _pairs(sentence: Sentence) -> Iterator[tuple[str, str, bool]]:
    """(Chinese, English, marked) name pairs in one sentence."""
    text = sentence.text
    for match in _GLOSS_EN.finditer(text):
        name = _english_name(match.group("gloss"))
        if not name:
            continue
        marked = bool(_MARKED_BEFORE.search(text[: match.start()]))
        term = _han_term_before(sentence, match.start())
        if term:
            yield plain(term), name, marked
    for match in _GLOSS_ZH.finditer(text):
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

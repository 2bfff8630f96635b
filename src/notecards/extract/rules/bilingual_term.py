"""A Chinese term glossed in English (``注意力机制（attention mechanism）``, ``*汇聚*（pooling）``) or the
other way round: a two-way card between the names; claims nothing, so definitions still see it."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from notecards.extract.lang.acronyms import abbreviates, expand, expansions, is_acronym
from notecards.extract.lang.markup import plain, strip_markup
from notecards.extract.lang.terms import CLAUSE_WORDS_ZH, TERM_EDGES_ZH, is_clause_zh
from notecards.extract.lang.text import CJK, HAN, is_style_guide
from notecards.extract.lang.vocabulary import LABEL_EN, is_everyday, not_a_term, trim_lead
from notecards.extract.rules.context import Context, Hit
from notecards.extract.rules.trigger import trigger
from notecards.model import BlockKind, CardKind, Sentence, Tokenizer

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
LOOK_BACK = 1000
"""How many characters before a gloss are searched for its term and its sentence's opening: a
term is a few words long, and a bound keeps a long line of glosses linear."""
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
MARKED_TERM_CHARS = 34
"""The longest :data:`_MARKED_TERM` (``**`` + 30 + ``**``): it is searched in that much text only."""
_HAN_RUN = re.compile(f"^[{CJK}]+$")
_LATIN_BEFORE = re.compile(
    r"(?:^|(?<=[^A-Za-z0-9\s'’-]))\s*(?P<term>[A-Za-z][A-Za-z0-9'’-]*(?:\s+[A-Za-z][A-Za-z0-9'’-]*){0,4})\s*$"
)
_ABBREV = re.compile(r"^[A-Z][A-Za-z0-9-]{1,9}$")
_SHORT_PARENTHESES = re.compile(r"[（(][^（）()\n$]{1,16}[）)]")
"""A short aside or label in parentheses; a run of them labels things rather than naming them."""
_IMAGE = re.compile(r"!?\[[^\]\n]{0,300}\]\([^)\n]{0,500}\)")
_ANY_GLOSS = re.compile(
    rf"[（(](?:(?:英语|英文|English)\s*[：:]\s*)?[A-Za-z][A-Za-z0-9 \-'’/&+.,，]{{0,80}}?[）)]"
    rf"|[（(][{CJK}][{CJK}·\-]{{0,11}}[）)]"
)
"""Either gloss (:data:`_GLOSS_EN`, :data:`_GLOSS_ZH`): a block without one has no pair, and most
blocks with parentheses hold none (``(1)``, ``($x$)``), so they are skipped at once (speed)."""
_NOT_GLOSS = re.compile("|".join(map(re.escape, NOT_GLOSSES)))
_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b")
_COMMA = re.compile(r"[，,]")
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")
_HAN_TAIL = re.compile(f"[{CJK}]+")
_OTHER_TAIL = re.compile(f"[^{CJK}]+")
"""Matched on reversed text: the Han run (or the other text) that ends at an offset."""


def _english_name(gloss: str) -> str | None:
    """``convolutional neural network，CNN`` → ``convolutional neural network (CNN)``."""
    if _NOT_GLOSS.search(gloss.casefold()) or _YEAR.search(gloss):
        return None
    parts = [p.strip() for p in _COMMA.split(gloss) if p.strip()]
    if not parts or len(parts) > 2:
        return None
    name = parts[0]
    words = name.split()
    if len(words) > MAX_GLOSS_WORDS or len(name.replace(" ", "")) < 2:
        return None
    if len(parts) == 2:
        if not _ABBREV.match(parts[1]) or not abbreviates(parts[1], name):
            return None  # "nucleus，CPU": a second name, not this one's abbreviation
        name = f"{name} ({parts[1]})"
    return name


def _tokens_back(sentence: Sentence, end: int) -> Iterator[str]:
    """The sentence's tokens before offset ``end`` (a gloss's opening parenthesis), last first:
    those of the Han run that ends there, then the one token before that run. None when no Han
    run ends there: the token before the gloss then is no term, nor a boundary with one after it.

    The engine cuts each Han run on its own and the text between runs apart from it (see
    :func:`notecards.segment.segment.tokenize`), so these are the sentence's own tokens, without cutting
    the whole sentence (speed: most glosses are rejected by the tokens next to them)."""
    before = _before(sentence.text, end)
    end = len(before)
    run = _HAN_TAIL.match(before[::-1])
    if not run:
        return
    start = end - run.end()
    yield from reversed(sentence.cut(before[start:]))
    if start:
        other = _OTHER_TAIL.match(before[start - 1 :: -1])
        assert other is not None  # a Han run starts where other text ends
        between = before[start - other.end() : start]
        yield sentence.cut(between)[-1]


def _han_term_before(sentence: Sentence, end: int, name: str, strict: bool = False) -> str | None:
    """The Chinese term ending at ``end`` that ``name`` glosses: a marked one, or up to
    :data:`MAX_TOKENS` Han tokens back to a clear boundary (punctuation, a function word, the
    sentence start), without a leading verb the English name does not translate."""
    before = _before(sentence.text, end)
    marked = _MARKED_TERM.search(before[-MARKED_TERM_CHARS:])
    if marked:
        term = next(g for g in marked.groups() if g)
        edges = term.startswith(TERM_EDGES_ZH) or term.endswith(TERM_EDGES_ZH)
        return term if len(HAN.findall(term)) >= 2 and not edges else None
    if _MARKED_BEFORE.search(before[-2:]):
        return None
    picked: list[str] = []
    boundary = ""
    for token in _tokens_back(sentence, end):
        if token in _BOUNDARY or not _HAN_RUN.match(token):
            if _LATIN_OR_DIGIT.match(token) or (len(token) == 1 and token not in BOUNDARY_TOKENS):
                return None  # "16位浮点(FP16)", "均|方根误差": the left edge is a guess
            if strict and _HAN_RUN.match(token):
                return None  # an abbreviation's Chinese name must start after punctuation
            boundary = token
            break
        if len(picked) == MAX_TOKENS or sum(map(len, picked)) + len(token) > MAX_HAN:
            return None  # no clear start: the term's left edge is a guess
        picked.insert(0, token)
    picked = trim_lead(picked, name, sentence.cut)
    term = "".join(picked)
    if boundary == "的" and len(term) <= len(name.split(" (")[0].split()):
        return None  # "步幅为2的|卷积（strided convolution）": the name covers the modifier too
    return term if len(term) >= 2 and not is_clause_zh(term, sentence.cut) else None


def _before(text: str, end: int) -> str:
    """The text before offset ``end``, at most :data:`LOOK_BACK` characters of it."""
    return text[max(0, end - LOOK_BACK) : end]


def _image_spans(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the images and links in ``text``, in order (they never overlap)."""
    if "](" not in text:
        return [], []  # no image or link (speed: most sentences)
    spans = [m.span() for m in _IMAGE.finditer(text)]
    return [s for s, _ in spans], [e for _, e in spans]


def _in_image(spans: tuple[list[int], list[int]], at: int) -> bool:
    """Whether offset ``at`` lies in the text of an image or link (a caption, a credit or a page
    title: ``![…NVLink（图片由英伟达提供）](…)``), not in prose; ``spans`` from
    :func:`_image_spans`, found once per sentence (linear time on a line of many glosses)."""
    starts, ends = spans
    i = bisect.bisect_right(starts, at) - 1
    return i >= 0 and at < ends[i]


def _is_name_zh(gloss: str, cut: Tokenizer) -> bool:
    """Whether a Chinese gloss of an English word is a name, not an aside: no function or clause
    word in it (``图片由英伟达提供``)."""
    return not any(t in _BOUNDARY for t in cut(gloss))


def _spelled_out(ctx: Context, name: str) -> str | None:
    """``name``, or for a bare acronym the full name the note gives (``single shot multibox
    detection (SSD)``); None for an acronym the note never spells out (``纠错`` ↔ ``ECC`` asks
    for letters, not for a name)."""
    return expand(ctx.once(expansions), name) if is_acronym(name) else name


def _labels(text: str) -> bool:
    """Whether a sentence holds a run of short parenthesised labels or asides."""
    return len(_SHORT_PARENTHESES.findall(text)) >= MAX_UNMARKED_IN_SENTENCE


def _pairs(ctx: Context, sentence: Sentence) -> Iterator[tuple[str, str, bool]]:
    """(Chinese, English, marked) name pairs in one sentence of the note."""
    text = sentence.text
    # A run of parentheses labels things ("运动鞋（sneaker）、包（bag）…", "NNP（名词）NN（…）");
    # counted only when a gloss needs to know (speed: most sentences have no gloss).
    labels: bool | None = None
    images = _image_spans(text)
    for match in _GLOSS_EN.finditer(text):
        name = _english_name(match.group("gloss"))
        if not name or _in_image(images, match.start()):
            continue
        prior = _before(text, match.start())
        if prior.endswith("》"):
            continue  # a title (《盗梦空间》（Inception）): a film or book, not a term
        marked = bool(_MARKED_BEFORE.search(prior[-2:]))
        if not marked and labels is None:
            labels = _labels(text)
        if not marked and (labels or LABEL_EN.fullmatch(name)):
            continue  # a run of labels, or one capitalised label ("Price")
        # An abbreviation or a Title Case name is often glossed on a longer Chinese phrase.
        strict = not marked and not any(w[:1].islower() for w in name.split(" (")[0].split())
        term = _han_term_before(sentence, match.start(), name, strict)
        if term and not is_everyday(plain(term), name, sentence.cut):
            after = text[match.end() : match.end() + LOOK_BACK].lstrip()
            # A term is short: past the look-back the sentence's opening is never just the term.
            opening = (
                strip_markup(prior).strip().lstrip("-*+ ") if len(prior) == match.start() else ""
            )
            heads = opening == plain(term) or after.startswith(("：", ":", "、"))
            if not_a_term(plain(term), name, after, marked, heads, sentence.cut):
                continue
            full = _spelled_out(ctx, name)
            if full:
                yield plain(term), full, marked
    for match in _GLOSS_ZH.finditer(text):
        if labels is None:
            labels = _labels(text)
        if labels:
            break
        gloss = match.group("gloss")
        if (
            len(gloss) < 2
            or _in_image(images, match.start())
            or not _is_name_zh(gloss, sentence.cut)
        ):
            continue
        latin = _LATIN_BEFORE.search(strip_markup(_before(text, match.start())))
        if (
            latin
            and _english_name(latin.group("term"))
            and not is_everyday(gloss, latin["term"], sentence.cut)
        ):
            full = _spelled_out(ctx, latin.group("term"))
            if full:
                yield gloss, full, False


TRIGGER = trigger(r"[(（]")
"""Both glosses are in parentheses: 术语（term）, term（术语）."""


def bilingual_term(ctx: Context) -> Iterator[Hit]:
    """``注意力机制（attention mechanism）`` → a reversible card 注意力机制 ↔ attention mechanism."""
    block = ctx.block
    if block.kind not in (BlockKind.PARAGRAPH, BlockKind.ITEM, BlockKind.HEADING):
        return
    # Every sentence is a slice of the block's text: without a gloss in it, none has one.
    if not _ANY_GLOSS.search(block.text):
        return
    seen: set[str] = set()
    style_guide: bool | None = None  # asked at the first pair (speed: most blocks have none)
    for sentence in block.sentences:
        if "(" not in sentence.text and "（" not in sentence.text:
            continue
        for term, name, marked in _pairs(ctx, sentence):
            if style_guide is None:
                style_guide = is_style_guide(ctx)
            if style_guide:  # a translation guide's word list (``术语（terminology）``)
                return
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

"""Key claims → cloze: a sentence stating a figure with its unit, a first-of or superlative, a
limitation or advantage, a comparison, or a summary point naming a term the note defines."""

from __future__ import annotations

import re
from collections.abc import Iterator

from notecards import segment
from notecards.model import BlockKind, CardKind, Document
from notecards.rules.base import Context, Hit
from notecards.rules.definition_en import is_term as is_term_en
from notecards.rules.definition_zh import TERM as TERM_ZH
from notecards.rules.definition_zh import is_term as is_term_zh
from notecards.rules.terms import cloze, plain, points_outside, skip_lead, strip_markup
from notecards.rules.text import CJK

CUES_ZH = (
    "比", "达到", "提高", "提升", "降低", "减少", "增加", "超过", "快", "慢", "准确率", "错误率",
    "精度", "误差", "仅", "只需", "约", "大约", "将近", "高达", "多达", "首次", "赢得", "参数",
    "包含", "组成", "共有", "层", "倍", "耗时", "需要", "占",
)  # fmt: skip
"""Words that make a figure in a Chinese sentence a claim (``比…快10倍``, ``达到76.1%``)."""

CUES_EN = (
    "than", "faster", "slower", "reach", "reaches", "reached", "achieve", "achieves", "achieved",
    "improve", "improves", "improved", "reduce", "reduces", "reduced", "increase", "increases",
    "accuracy", "error", "outperform", "outperforms", "only", "about", "roughly",
    "approximately", "nearly", "up to", "more than", "fewer than", "parameters", "layers",
    "won", "consists", "contains", "top-1", "top-5", "speedup", "times",
)  # fmt: skip
"""Words that make a figure in an English sentence a claim."""

UNITS = (
    "%", "倍", "个百分点", "万", "亿", "千", "百万", "x", "×", "times", "percent", "layers",
    "层", "个参数", "parameters", "GB", "MB", "TB", "ms", "毫秒", "秒", "小时", "天", "FLOPs",
    "GFLOPs", "TFLOPs", "GHz", "Gb/s", "GB/s", "million", "billion", "亿个", "万个", "个类别",
    "classes", "images", "张", "类",
)  # fmt: skip
"""Units that, right after a number, make it a measured fact."""

SUPERLATIVES_ZH = (
    "第一个",
    "首个",
    "最早的",
    "首次",
    "唯一的",
    "最常用的",
    "最重要的",
    "最流行的",
    "最常见的",
    "最有效的",
    "最成功的",
    "最著名的",
    "最广泛",
)
"""``X是第一个…`` → hide X."""

VERDICT_NOUNS_ZH = (
    "缺点",
    "局限性",
    "局限",
    "优点",
    "优势",
    "好处",
    "不足",
    "弊端",
    "瓶颈",
    "难点",
    "挑战",
    "主要问题",
)
"""``X的主要缺点是Y`` → hide Y."""

VERDICT_NOUNS_EN = (
    "limitation",
    "drawback",
    "disadvantage",
    "advantage",
    "benefit",
    "weakness",
    "strength",
    "bottleneck",
    "problem",
    "challenge",
)
"""``The main limitation of X is Y`` → hide Y."""

NOT_CLAIMS = (
    "例如",
    "比如",
    "假设",
    "假定",
    "e.g.",
    "for example",
    "for instance",
    "suppose",
    "let us",
    "let's",
    "练习",
    "试试",
    "尝试",
    "请",
)

HEDGES = ("might", "may", "could", "likely", "perhaps", "possibly", "可能", "也许", "或许", "大概")
"""A hedged figure is a guess, not a fact (figure claims only)."""

NARRATION = ("we ", "we'", "our ", " us ", "我们", "你", "咱们")
"""A figure in a sentence about what the author or reader does is a setting, not a fact."""

CONDITIONS = ("if ", "when ", "suppose", "如果", "假如", "若", "当")
"""Figures inside a condition are hypothetical."""
"""Markers of examples, exercises and instructions: their figures are not facts to learn."""

SUMMARY_HEADINGS = (
    "小结",
    "总结",
    "结论",
    "要点",
    "summary",
    "conclusion",
    "conclusions",
    "key takeaways",
    "takeaways",
)
"""Sections whose sentences are the note's key claims."""

SKIP_HEADINGS = ("练习", "习题", "exercises", "exercise", "参考文献", "references")
"""Sections whose sentences are never claims."""

SUBJECT_PREFIXES = (
    "在", "的", "和", "与", "对", "将", "把", "被", "通过", "用", "由", "是", "为", "从", "使",
    "让", "及", "或", "而", "中", "了", "即", "但", "且", "并", "如", "当", "以", "因此",
    "所以", "使用", "利用", "对于", "由于", "因为", "然而", "此外", "同时", "那么", "于是",
)  # fmt: skip
"""Words that may stand right before a hidden summary term (any other Han character may be part
of a longer name)."""

SUBJECT_REACH = 6
"""A summary term is hidden only when it starts within this many characters of the sentence."""
MAX_HIDDEN_ZH = 20
"""A Chinese deletion longer than this (characters) hides too much to recall."""
MAX_HIDDEN_EN = 10
"""An English deletion longer than this (words) hides too much to recall."""

_PROTECTED = re.compile(r"\$[^$]*\$|`[^`]*`|\[[^\]]*\]\([^)]*\)")
_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_.\-/$])(?P<num>\d+(?:[.,]\d+)*)(?P<space>\s?)(?P<unit>"
    + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
    + r")?(?![A-Za-z0-9_]|\.\d)"
)
_HAN = re.compile(f"[{CJK}]")
_EN_TERM = r"(?:(?:A|An|The)\s+)?(?:[A-Za-z][A-Za-z0-9'’-]*\s+){0,4}?[A-Za-z][A-Za-z0-9'’-]*"
_FIRST_ZH = re.compile(
    rf"^(?P<term>{TERM_ZH})\s*(?:是|为|成为)了?(?:[^，。；]{{0,12}}?)(?:{'|'.join(SUPERLATIVES_ZH)})"
    r"[^，。；]{0,30}的"
)
_FIRST_EN = re.compile(
    rf"^(?P<term>{_EN_TERM})\s+(?:was|is|were|are|became)\s+(?:one\s+of\s+)?the\s+"
    r"(?:(?:first|earliest|only)(?:\s+[a-z]+){0,3}\s+(?:to|that|which|ever)\b"
    r"|most\s+(?:widely\s+used|popular|common|important|influential|successful)\b)"
)
_VERDICT_ZH = re.compile(
    rf"^(?P<term>{TERM_ZH})\s*的(?:主要|最大|一个|一大|关键|核心)?(?:{'|'.join(VERDICT_NOUNS_ZH)})(?:之一)?"
    r"(?:是|在于)[：:]?\s*(?P<body>[^，。；;！？]{2,40})"
)
_VERDICT_EN = re.compile(
    r"^(?:The|A|One)\s+(?:(?:main|key|major|biggest|primary|chief|principal|big)\s+)?"
    rf"(?:{'|'.join(VERDICT_NOUNS_EN)})s?\s+of\s+(?P<term>{_EN_TERM})\s+is\s+(?:that\s+)?"
    r"(?P<body>[^.;:,]{3,120})"
)
_COMPARE_ZH = re.compile(
    rf"^(?P<term>{TERM_ZH})\s*(?:通常|往往|一般)?比[^，。；]{{1,20}}?(?P<adj>更[{CJK}])"
)
_COMPARE_EN = re.compile(
    rf"^(?P<term>{_EN_TERM})\s+(?:is|are|runs|trains|converges|performs)\s+"
    r"(?P<adj>(?:much\s+|significantly\s+|considerably\s+|far\s+)?(?:[a-z]+er|more\s+[a-z]+|less\s+[a-z]+))\s+than\b"
)
_TERM_MARK = re.compile(r"\*{1,2}([^*\n]{2,30}?)\*{1,2}\s*[（(][^（）()]{2,60}[）)]")


def _in_protected(text: str, start: int, end: int) -> bool:
    return any(
        a <= start < b or a < end <= b for a, b in (m.span() for m in _PROTECTED.finditer(text))
    )


def _figures(text: str) -> list[tuple[int, int]]:
    """Spans of numbers (with their unit) that state a measured fact."""
    low = text.casefold()
    zh = bool(_HAN.search(text))
    cues = CUES_ZH if zh else CUES_EN
    if not any(cue in low for cue in cues):
        return []
    opening = skip_lead(low, clauses=False)
    if any(w in f" {low}" for w in (*HEDGES, *NARRATION)) or opening.startswith(CONDITIONS):
        return []
    if any(w in low for w in ("如果", "假如", "假设")):
        return []  # a figure inside a condition is hypothetical
    if "=" in text or "$" in text:
        return []  # a calculation, not a finding
    spans = []
    for match in _NUMBER.finditer(text):
        if not match.group("unit") or _in_protected(text, *match.span()):
            continue
        if re.fullmatch(r"(?:1[5-9]|20)\d\d", match.group("num")):
            continue  # a year is a date, not a measurement
        spans.append(match.span())
    return spans[:2]


_TERMS_CACHE: list[tuple[Document, tuple[str, ...]]] = []


def _note_terms(doc: Document) -> tuple[str, ...]:
    """Terms the note introduces (``*汇聚*（pooling）``), longest first (cached per document)."""
    if _TERMS_CACHE and _TERMS_CACHE[0][0] is doc:
        return _TERMS_CACHE[0][1]
    found = {
        plain(m.group(1))
        for block in doc.blocks
        if block.kind in (BlockKind.PARAGRAPH, BlockKind.ITEM)
        for m in _TERM_MARK.finditer(block.text)
    }
    terms = tuple(sorted((t for t in found if len(t) >= 2), key=len, reverse=True))
    _TERMS_CACHE[:] = [(doc, terms)]
    return terms


def _whole(text: str, start: int, end: int, terms: tuple[str, ...]) -> bool:
    """Whether ``text[start:end]`` is a whole term there, not part of a longer note term
    (``{{注意力}}机制``), of a compound (``“{{编码器}}－解码器”``) or of a list (``{{标量}}、向量``)."""
    if _in_protected(text, start, end) or text[end : end + 1] in ("-", "－", "·", "、", "/"):
        return False
    for longer in terms:
        if len(longer) <= end - start:
            break
        at = text.find(longer, max(0, end - len(longer)))
        if 0 <= at <= start and at + len(longer) >= end:
            return False
    before = text[:start]
    if before and _HAN.match(before[-1]) and not before.endswith(SUBJECT_PREFIXES):
        return False  # "斯坦福{{自然语言推断}}语料库": the term is inside a longer name
    return not before.endswith(("、", "-", "－"))


def _named(term: str, doc: Document) -> bool:
    """Whether a subject is a name (``AlexNet``, ``NVIDIA``) or a term the note introduces,
    rather than a description (``阴影部分``, ``The shaded portions``)."""
    term = plain(term)
    if re.search(r"[A-Z][A-Za-z0-9-]*[A-Z0-9]|^[A-Z][a-z]+[A-Z]", term) or term in _note_terms(doc):
        return True
    return bool(re.fullmatch(r"[A-Z][A-Za-z0-9-]+", term))


def _section(ctx: Context) -> str:
    path = ctx.block.heading_path
    return re.sub(r"^[\d.\s]+", "", path[-1]).strip().casefold() if path else ""


def _spans(ctx: Context, text: str) -> tuple[list[tuple[int, int]], float]:
    """What to hide in ``text`` and how sure we are, or ([], 0) when it is no key claim."""
    head = skip_lead(text)
    off = len(text) - len(head)
    zh = bool(_HAN.search(text))
    for pattern, ok in ((_FIRST_ZH, is_term_zh), (_FIRST_EN, is_term_en)):
        match = pattern.match(head)
        if match and ok(match.group("term")) and _named(match.group("term"), ctx.doc):
            return [(off + match.start("term"), off + match.end("term"))], 0.65
    for pattern, ok in ((_VERDICT_ZH, is_term_zh), (_VERDICT_EN, is_term_en)):
        match = pattern.match(head)
        if match and ok(match.group("term")):
            body = match.group("body").strip()
            if points_outside(body):
                continue  # "…is that {{they can be combined}}": the answer leans on context
            size = len(body) if zh else len(body.split())
            if size <= (MAX_HIDDEN_ZH if zh else MAX_HIDDEN_EN):
                start = (
                    off
                    + match.start("body")
                    + (len(match.group("body")) - len(match.group("body").lstrip()))
                )
                return [(start, start + len(body))], 0.65
    figures = _figures(text)
    if figures:
        return figures, 0.6
    for pattern, ok in ((_COMPARE_ZH, is_term_zh), (_COMPARE_EN, is_term_en)):
        match = pattern.match(head)
        if match and ok(match.group("term")):
            return [(off + match.start("adj"), off + match.end("adj"))], 0.55
    if _section(ctx) in SUMMARY_HEADINGS:
        terms = _note_terms(ctx.doc)
        for term in terms:
            found = [(m.start(), m.end()) for m in re.finditer(re.escape(term), text)]
            # Only the subject of the point: "可视化{{查询}}和键之间…" hides a bystander.
            if not found or found[0][0] - off > SUBJECT_REACH:
                continue
            if all(_whole(text, *span, terms) for span in found):
                return found, 0.55
    return [], 0.0


def key_claim(ctx: Context) -> Iterator[Hit]:
    """A key claim → ``[cloze]`` card hiding the figure, term or verdict on word boundaries."""
    sentence = ctx.sentence
    if (
        ctx.block.kind not in (BlockKind.PARAGRAPH, BlockKind.ITEM)
        or _section(ctx) in SKIP_HEADINGS
    ):
        return
    text = strip_markup(sentence.text).strip()
    zh = bool(_HAN.search(text))
    size = len(text)
    if size < 12 or size > (160 if zh else 320) or text.endswith(("？", "?", "：", ":")):
        return
    low = text.casefold()
    if any(marker in low for marker in NOT_CLAIMS) or points_outside(text):
        return
    spans, confidence = _spans(ctx, text)
    if not spans:
        return
    tokens = sentence.tokens if text == sentence.text else segment.tokenize(text)
    same = len({text[a:b] for a, b in spans}) == 1 and len(spans) > 1
    front = cloze(text, spans, tokens, one_deletion=same)
    yield Hit(ctx.card(front, "", kind=CardKind.CLOZE, confidence=confidence))

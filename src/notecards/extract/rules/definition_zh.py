"""Chinese definitions: ``X是指Y``, ``X指的是Y``, ``X，即Y``, ``所谓X，就是Y``, ``X是一种Y``, ``X：Y``,
``X的基本思想是Y``, and the reversed ``……被称为X`` (the card asks for the term)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from notecards.extract.lang.markup import plain, strip_markup
from notecards.extract.lang.term_zh import TERM as TERM
from notecards.extract.lang.term_zh import display_term, is_marked, needs_topic
from notecards.extract.lang.term_zh import is_term as is_term
from notecards.extract.lang.terms import skip_lead
from notecards.extract.lang.text import CJK, HAN, in_context
from notecards.extract.rules.context import Context, Hit
from notecards.extract.rules.naming_zh import NAMING_HINT, naming_hits
from notecards.extract.rules.trigger import trigger
from notecards.model import BlockKind
from notecards.patterns import alternation as _alt

MAX_PLAIN_TERM = 10
"""An unmarked subject of ``X是一种Y`` longer than this (Han characters) is a clause."""

DEFINE_VERBS = ("是指", "指的是", "就是指", "被定义为", "定义为", "的意思是", "意思是")
"""Verbs that always introduce a definition (``X是指Y``)."""

APPOSITION_WORDS = ("即", "也就是", "亦即", "也即")
"""``X，即Y``: an apposition that defines a marked term."""

CATEGORY_HEADS = (
    "一种", "一类", "一个", "一组", "一项", "一门", "一套", "一系列", "一款", "一家", "一位",
    "一族", "一大类", "一簇", "一层", "一段", "一份",
)  # fmt: skip
"""How ``X是Y`` continues when it places X in a category (``X是一种…的方法``)."""

KEY_CLAIM_HEADS = ("第一", "首个", "首次", "最早", "唯一", "最")
"""``X是第一个…`` / ``X是最常用的…`` are key claims (cloze), not definitions."""

CATEGORY_NOUNS = (
    "方法", "模型", "算法", "技术", "网络", "函数", "过程", "框架", "指标", "度量", "结构",
    "层", "单元", "机制", "变体", "语言", "数据集", "任务", "操作", "运算", "矩阵", "向量",
    "张量", "分布", "参数", "集合", "概率", "变量", "损失", "架构", "策略", "工具", "库",
    "系统", "理论", "定理", "规则", "原则", "现象", "概念", "形式", "特例", "推广", "近似",
    "估计", "表示", "映射", "组合", "序列", "类型", "范式", "技巧", "子集", "空间", "算子",
    "优化器", "编码器", "解码器", "模块", "块", "之一", "问题", "算法族", "统计量", "指数",
    "比率", "比例", "误差", "函数族", "数据结构", "协议", "格式", "平台", "接口", "硬件",
    "芯片", "处理器", "设备", "内存", "缓存", "学科", "领域", "分支", "技术", "词", "术语",
)  # fmt: skip
"""Nouns that end the first clause of ``X是…的Y`` when Y names a category (``…的一类方法``)."""

EVALUATIVE_ZH = (
    "很好", "不错", "方便", "糟糕", "有用", "重要", "强大", "流行", "惊人", "有趣", "好主意",
    "困难", "容易", "简单的", "优秀", "出色", "蓬勃", "好方法", "好办法", "常用方法", "有效方法",
    "好的方法", "有效的方法", "常用的方法", "突破性", "前瞻性", "革命性", "里程碑", "公认",
    "首选", "受欢迎", "灵活的", "常见的",
)  # fmt: skip
"""Judgements that make ``X是一个很好的Y`` an opinion rather than a definition."""

COLON_BODY_OPENERS = (
    "指",
    "是",
    "即",
    "一种",
    "一类",
    "一个",
    "用于",
    "用来",
    "表示",
    "描述",
    "衡量",
    "由",
)
"""How the body of an unmarked ``X：Y`` line must open to read as a definition."""

ATTRIBUTE_HEADS = (
    "核心思想", "基本思想", "主要思想", "中心思想", "思想", "基本思路", "思路", "本质",
    "基本原理", "原理", "核心", "动机", "含义", "定义",
)  # fmt: skip
"""``X的基本思想是Y`` → ``X的基本思想是什么？``."""


_END = "。．！？!?；;…"
_XREF_COLON = r"(?![A-Za-z]+:`)"
"""A colon that is not the start of a ``:numref:`…``` role."""


_SUOWEI = re.compile(
    rf"^所谓的?(?P<term>{TERM})[，,]?\s*(?:其实|实际上)?就?是(?:指)?(?![否不因由基在])(?P<body>.+)$"
)
"""``所谓X，就是Y``; ``所谓X是基于…`` says what X depends on, not what it is."""
_DEFINE = re.compile(
    rf"^(?P<term>{TERM})\s*(?:[，,]\s*)?(?P<verb>{_alt(DEFINE_VERBS)})\s*(?P<body>.+)$"
)
_DEFINE_IN_CLAUSE = re.compile(
    rf"[，,]\s*其?(?P<term>{TERM})\s*(?P<verb>{_alt(DEFINE_VERBS)})\s*(?P<body>[^，,].+)$"
)
_DEFINE_MARKED = re.compile(
    r"(?P<term>(?:\*{1,2}[^*\n]{1,24}?\*{1,2}|「[^」\n]{1,24}」)(?:\s?[（(][^（）()\n]{1,60}[）)])?)"
    rf"\s*(?P<verb>{_alt(DEFINE_VERBS)})\s*(?P<body>[^，,].+)$"
)
"""A marked term right before a defining verb, wherever it stands in the sentence."""
_DEFINE_VERB = re.compile(_alt(DEFINE_VERBS))
_APPOSITION_WORD = re.compile(_alt(APPOSITION_WORDS))
"""Words without which :data:`_DEFINE` / :data:`_APPOSITION` cannot match."""
_APPOSITION = re.compile(
    rf"^(?P<term>{TERM})\s*[，,]\s*(?:{_alt(APPOSITION_WORDS)})(?![说使便可将])(?P<body>.+)$"
)
_PLAIN = re.compile(
    rf"^(?P<term>{TERM})\s*(?:其实|实际上|本质上|就)?是(?![否不为因由如怎什])(?P<body>.+)$"
)
_COLON = re.compile(rf"^(?P<term>{TERM})\s*(?:：|:{_XREF_COLON})\s*(?P<body>.+)$")


def _finish(text: str) -> str:
    """A sentence ending in one full stop (a clause left by a split gets one)."""
    text = text.strip().rstrip("，,、：:；;")
    return text if not text or text[-1] in _END or text.endswith(("$", "）", ")")) else f"{text}。"


def _trim_body(body: str) -> str:
    """A body without the punctuation a split left at its start (``：每个附加层…``)."""
    return body.strip().lstrip("，,：:、 ")


_LATIN_WORD = re.compile(r"[A-Za-z]+")


def _body_ok(body: str) -> bool:
    body = _trim_body(body).rstrip(_END).strip()
    if body.endswith(("：", ":")):
        return False
    han = len(HAN.findall(body))  # most bodies have enough Han words alone (speed)
    return han >= 4 or han + len(_LATIN_WORD.findall(body)) >= 4


VAGUE_MODIFIERS_ZH = ("特殊的", "经典的", "典型的", "常用的")
"""Modifiers that do not set X apart within its genus (``一种特殊的矩阵``)."""
_BARE_GENUS = re.compile(
    rf"^(?:(?:一个|一种|一类|一大类)\s*(?:{'|'.join(VAGUE_MODIFIERS_ZH)})?|(?:{'|'.join(VAGUE_MODIFIERS_ZH)}))"
    rf"\s*(?:(?!的)[{CJK}A-Za-z0-9\s\-]){{1,12}}[。．.]?$"
)
"""A body that is a genus and nothing more (``一个非参数模型。``, ``一种特殊的矩阵。``): no
``的`` clause of its own, no second clause, nothing that sets X apart from the rest of the
genus (``一种稳定的排序算法`` and ``一类使用卷积层的网络`` do)."""


_FIRST_CLAUSE_END = re.compile(r"[，,；;：:。]")
_FINAL_PARENTHESES = re.compile(r"[（(][^（）()]*[）)]$")
_PARENTHESES = re.compile(r"[（(][^（）()]*[）)]")
_POINTS_OR_CLAIMS = re.compile(_alt(("此", "这", "那", "上述", "该", "它", "其", *KEY_CLAIM_HEADS)))
_EVALUATIVE = re.compile(_alt(EVALUATIVE_ZH))


def _names_category(body: str) -> bool:
    """Whether ``X是<body>`` places X in a category: ``一种…``, or a first clause ending in a
    category noun (``…的一类方法``), with nothing in it that points outside the sentence."""
    first = _FIRST_CLAUSE_END.split(_trim_body(body), maxsplit=1)[0].strip()
    first = _FINAL_PARENTHESES.sub("", first).strip()
    # The category test first: it fails on most bodies (speed; the tests are independent).
    if not (first.startswith(CATEGORY_HEADS) or first.endswith(CATEGORY_NOUNS)):
        return False
    if _POINTS_OR_CLAIMS.search(first):
        return False
    if _EVALUATIVE.search(first) or len(HAN.findall(first)) < 5:
        return False
    bare = _PARENTHESES.sub("", _trim_body(body)).replace("*", "")
    # "线性回归是一个单层神经网络。": a genus alone fits other things too
    return not _BARE_GENUS.match(bare.strip())


_ATTRIBUTE_ENDS = tuple(f"的{head}" for head in ATTRIBUTE_HEADS)


def _attribute(term: str) -> str | None:
    """``X的基本思想`` → ``基本思想`` when the term asks for an attribute of X."""
    core = plain(term)
    if not core.endswith(_ATTRIBUTE_ENDS):
        return None  # speed: most terms ask for no attribute
    for head in ATTRIBUTE_HEADS:
        if core.endswith(f"的{head}") and len(core) > len(head) + 2:
            return head
    return None


def _forward(ctx: Context, term: str, back: str, confidence: float) -> Hit:
    attribute = _attribute(term)
    if attribute:
        subject = plain(term)[: -len(attribute) - 1]
        question = f"{subject}的{attribute}是什么？"
        return Hit(ctx.card(question, _finish(back), confidence=confidence, term=subject))
    shown = display_term(term)
    facet = _facet(ctx, shown) if plain(back).startswith(plain(term)) else ""
    if facet:
        # "快速排序是一种不稳定的排序算法" under 性质 › 稳定性 says how stable it is, not what it is
        question = f"{shown}的{facet}如何？"
        return Hit(ctx.card(question, _finish(back), confidence=confidence, term=shown))
    question = f"什么是{shown}？"
    if needs_topic(term):
        question = in_context(question, ctx.topic)
    return Hit(ctx.card(question, _finish(back), confidence=confidence, term=shown))


_FACET = re.compile(f"[{CJK}]{{1,5}}[性度率]")
"""A heading that names a quality (稳定性, 时间复杂度, 正确性, 收敛速度, 准确率): an abstract noun in
性, 度 or 率."""


def _facet(ctx: Context, term: str) -> str:
    """The quality the sentence's section is about (its innermost heading, :data:`_FACET`), when
    that heading does not name ``term`` itself: a sentence there saying what the term is (``X是
    一种…``) states the term's quality rather than defining it."""
    path = ctx.block.heading_path
    heading = path[-1].strip() if path else ""
    if heading and _FACET.fullmatch(heading) and term not in heading:
        return heading
    return ""


_CUES = re.compile("[是即称叫命定]")
"""A character every pattern but ``X：Y`` needs (是, 是指, 即, 称为, 叫做, 命名为, 定义为 …): as
removing markup never adds one, a sentence without any is skipped before it (speed)."""
_MARK_CHARS = re.compile("[*「“《(（]")
"""A character a marked term (:func:`_marked`) needs."""


def _may_be_colon(ctx: Context, raw: str) -> bool:
    """Whether a sentence (``raw``: its text) may be an ``X：Y`` definition (:func:`_colon`): a
    paragraph's sentence with a colon, its first one or one that may have a marked term."""
    return (
        ("：" in raw or ":" in raw)
        and ctx.block.kind is BlockKind.PARAGRAPH
        and (ctx.sentence_index == 0 or _MARK_CHARS.search(raw) is not None)
    )


TRIGGER = trigger(r"是|指|即|定义为|称|叫|命名|:|：")
"""X是(指)Y, 所谓X就是Y, X指的是Y, X定义为Y, X，即Y, ……称为/叫做/命名为X, X：Y."""


def definition_zh(ctx: Context) -> Iterator[Hit]:
    """``X是指Y`` → ``什么是X？`` / the sentence; ``……称为X`` → ``……称为什么？`` / X."""
    sentence = ctx.sentence
    if sentence.lang == "en":
        return
    raw = sentence.text
    if not _CUES.search(raw) and not _may_be_colon(ctx, raw):
        return
    text = strip_markup(raw).strip()
    if not text or text.endswith(("？", "?")) or len(text) > 300:
        return
    naming = list(naming_hits(ctx, text)) if NAMING_HINT.search(text) else []
    head = skip_lead(text)
    forward = _forward_hit(ctx, text, head)
    if forward:
        yield forward
    yield from naming
    if not forward and not naming:
        yield from _colon(ctx, head)


def _forward_hit(ctx: Context, text: str, head: str) -> Hit | None:
    """The ``X是指Y`` / ``X是一种Y`` / ``X，即Y`` card of a sentence (``head``: from its subject
    on), if it has one."""
    # Each pattern needs a literal word (所谓, a defining verb, 即, 是): test for it first, as
    # the term patterns are slow to fail and most sentences hold none of the words (speed).
    defines = _DEFINE_VERB.search(head)
    match = (_SUOWEI.match(head) if head.startswith("所谓") else None) or (
        _DEFINE.match(head) if defines else None
    )
    if match and is_term(match.group("term"), ctx.cut) and _body_ok(match.group("body")):
        return _forward(
            ctx, match.group("term"), _back(text), 0.8 if is_marked(match.group("term")) else 0.75
        )
    match = _APPOSITION.match(head) if _APPOSITION_WORD.search(head) else None
    if (
        match
        and is_marked(match.group("term"))
        and is_term(match.group("term"), ctx.cut)
        and _body_ok(match.group("body"))
    ):
        return _forward(ctx, match.group("term"), _back(text), 0.7)
    match = _PLAIN.match(head) if "是" in head else None
    if match and _body_ok(match.group("body")):
        decided, hit = _plain_hit(ctx, text, match)
        if decided:
            return hit
    # The head is the end of the text: when whole, it was searched already.
    if defines if len(head) == len(text) else _DEFINE_VERB.search(text):
        match = _DEFINE_IN_CLAUSE.search(text) or _DEFINE_MARKED.search(text)
        if match and is_term(match.group("term"), ctx.cut) and _body_ok(match.group("body")):
            return _forward(ctx, match.group("term"), _back(text), 0.7)
    return None


_UNDECIDED = (False, None)


def _plain_hit(ctx: Context, text: str, match: re.Match[str]) -> tuple[bool, Hit | None]:
    """For a :data:`_PLAIN` match whose body reads as a definition's: (True, its ``X是一种Y`` /
    ``X的基本思想是Y`` card, or None when the sentence makes no card at all), or (False, None)
    when the patterns after it may still make one. The subject is checked last, and only when
    the body would make a card (speed: :func:`is_term` is the costly check, and most bodies
    make none)."""
    term, body = match.group("term"), _trim_body(match.group("body"))
    if not is_marked(term) and len(HAN.findall(term)) > MAX_PLAIN_TERM:
        # "返回值用两个元素相减代替正负数是…": a clause, not a name; without a defining verb
        # nothing later can match either.
        if not _DEFINE_VERB.search(text) or is_term(term, ctx.cut, plain_is=True):
            return True, None
        return _UNDECIDED
    if body.startswith(KEY_CLAIM_HEADS):
        return _UNDECIDED
    if _attribute(term):
        if is_term(term, ctx.cut, plain_is=True):
            return True, _forward(ctx, term, body, 0.7)
        return _UNDECIDED
    if _names_category(body) and is_term(term, ctx.cut, plain_is=True):
        return True, _forward(ctx, term, _back(text), 0.7 if is_marked(term) else 0.65)
    return _UNDECIDED


def _back(text: str) -> str:
    """A forward card's answer: the sentence from its first word on, keeping a scene-setting
    ``在…中，`` the answer may need (made only for a card: speed)."""
    return skip_lead(text, clauses=False)


def _colon(ctx: Context, head: str) -> Iterator[Hit]:
    """``*感受野*：…`` or ``感受野：指…`` opening a paragraph."""
    if ctx.block.kind is not BlockKind.PARAGRAPH or ("：" not in head and ":" not in head):
        return
    match = _COLON.match(head)
    if not match:
        return
    term, body = match.group("term"), _trim_body(match.group("body"))
    marked = is_marked(term)
    if not marked and not (
        ctx.sentence_index == 0 and len(term) <= 8 and body.startswith(COLON_BODY_OPENERS)
    ):
        return  # tested before the term, which is slower to judge (speed)
    if not _body_ok(body) or not is_term(term, ctx.cut):
        return
    yield _forward(ctx, term, body, 0.65 if marked else 0.55)

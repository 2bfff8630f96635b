"""Chinese definitions: ``X是指Y``, ``X指的是Y``, ``X，即Y``, ``所谓X，就是Y``, ``X是一种Y``, ``X：Y``,
``X的基本思想是Y``, and the reversed ``……被称为X`` (the card asks for the term)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from notecards import segment
from notecards.model import BlockKind
from notecards.rules.base import Context, Hit
from notecards.rules.terms import (
    is_clause_zh,
    plain,
    skip_lead,
    split_gloss,
    strip_markup,
)
from notecards.rules.text import CJK, has_cjk, in_context

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

LEFT_TO_OTHER_RULES = (
    "作用", "目的", "用途", "功能", "任务", "意义", "目标", "好处", "用处", "优点", "缺点",
    "优势", "局限", "局限性", "不足", "弊端", "问题", "原因", "区别", "难点", "关键", "挑战",
    "瓶颈", "结果", "结论", "贡献", "输出", "输入", "大小", "形状", "长度", "数量", "个数",
)  # fmt: skip
"""Heads of ``X的…是Y`` claims that role and key_claim card better (``X的作用是Y``)."""

NAMING_VERBS = ("称为", "称作", "叫做", "叫作", "命名为", "简称为", "简称")
"""``……称为X``: the term comes last and the card asks for it."""

SYNONYM_VERBS = (
    "也称为",
    "也称作",
    "又称为",
    "又称作",
    "或称为",
    "也叫做",
    "也叫",
    "又叫",
    "又称",
    "也称",
    "或称",
)
"""``X，也称为Y``: another name for a term."""

DEMONSTRATIVES = (
    "这些",
    "这种",
    "这个",
    "这类",
    "这样的",
    "这一",
    "这",
    "此类",
    "此",
    "该",
    "那些",
    "那种",
)
"""Openers of a description that point back; dropped when the rest describes on its own."""

_END = "。．！？!?；;…"
TERM = (
    r"(?:\*{1,2}[^*\n]{1,24}?\*{1,2}|「[^」\n]{1,24}」|“[^”\n]{1,24}”|《[^》\n]{1,24}》"
    r"|[^\s，。：；！？、,;:（）()*“”「」《》$`]{1,24}?"
    rf"|[A-Za-z][A-Za-z0-9+#.-]{{0,19}} (?![的是和与及或])[{CJK}]{{1,8}}?)"
    r"(?:\s?[（(][^（）()\n]{1,60}[）)])?"
)
"""A term: marked (``*X*``, ``「X」``), up to 24 plain characters, or a Latin name and a Chinese
head word (``KMP 算法``), with an optional gloss."""
_XREF_COLON = r"(?![A-Za-z]+:`)"
"""A colon that is not the start of a ``:numref:`…``` role."""


def _alt(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


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
_NAME_PREFIX = r"(?:[^\s，。：；！？、,;:（）()*“”「」《》$`]{1,12}?)?"
"""Words before a marked name that belong to it (``称为优化问题的*目标函数*``)."""


def _spaces(name: str) -> str:
    r"""``\s*`` that can give back only its last two characters (group ``name`` must be unique).

    Before :data:`_NAMING`'s description, which may itself start with spaces (``，  X称为Y`` →
    `` X``), giving back more never finds a match that two did not, and made a long run of spaces
    cubic. The atomic part is a lookahead capture plus backreference, not a possessive
    quantifier: Python 3.11's early releases (3.11.2 seen here) mis-match possessive quantifiers.
    """
    return rf"(?=(?P<{name}>(?:\s(?=\s\s))*))(?P={name})\s*"


_NAMING = re.compile(
    rf"(?:^|(?<=[，,；;])){_spaces('lead')}(?:(?:我们|人们|通常|一般|有时|也|还|继续){_spaces('adverb')})*"
    rf"(?:把|将)?(?P<desc>[^，,；;。：:]{{2,80}}?)\s*"
    rf"(?P<verb>(?:{_alt(SYNONYM_VERBS)})|(?:通常|一般|常|常常|有时|往往|则|就|也|又|都|可以|可|也可以)?"
    rf"被?(?:{_alt(NAMING_VERBS)}))"
    rf"\s*(?:为\s*)?(?P<name>{_NAME_PREFIX}{TERM}(?:\s*(?:或者|或是|或|和|以及|与|、)\s*{TERM})*)"
    r"(?=\s*(?:$|[，,；;。：:]))"
)
_MARK = re.compile(r"^(?:\*|「|“|《)|[（(][^（）()$]*[A-Za-z]{2}[^（）()$]*[）)]$")
_HAN = re.compile(f"[{CJK}]")
_GLOSS_LABEL = re.compile(r"(?:英语|英文|English|简称|缩写)\s*[：:]\s*")
"""``（英语：Insertion sort）``: the label before a gloss is dropped from questions."""


def _marked(term: str) -> bool:
    """Whether the writer marked the term (emphasis, quotes, an English gloss)."""
    return bool(_MARK.search(term.strip()))


def display_term(term: str) -> str:
    """The term as a question shows it: marks dropped, gloss kept (``感受野（receptive field）``)."""
    core, gloss = split_gloss(plain(term))
    core, gloss = plain(core), _GLOSS_LABEL.sub("", gloss)
    return (
        f"{core}（{gloss}）" if gloss and has_cjk(core) else f"{core} ({gloss})" if gloss else core
    )


def _finish(text: str) -> str:
    """A sentence ending in one full stop (a clause left by a split gets one)."""
    text = text.strip().rstrip("，,、：:；;")
    return text if not text or text[-1] in _END or text.endswith(("$", "）", ")")) else f"{text}。"


def _trim_body(body: str) -> str:
    """A body without the punctuation a split left at its start (``：每个附加层…``)."""
    return body.strip().lstrip("，,：:、 ")


def _body_ok(body: str) -> bool:
    body = _trim_body(body).rstrip(_END).strip()
    words = len(_HAN.findall(body)) + len(re.findall(r"[A-Za-z]+", body))
    return words >= 4 and not body.endswith(("：", ":"))


VAGUE_MODIFIERS_ZH = ("特殊的", "经典的", "典型的", "常用的")
"""Modifiers that do not set X apart within its genus (``一种特殊的矩阵``)."""
_BARE_GENUS = re.compile(
    rf"^(?:(?:一个|一种|一类|一大类)\s*(?:{'|'.join(VAGUE_MODIFIERS_ZH)})?|(?:{'|'.join(VAGUE_MODIFIERS_ZH)}))"
    rf"\s*(?:(?!的)[{CJK}A-Za-z0-9\s\-]){{1,12}}[。．.]?$"
)
"""A body that is a genus and nothing more (``一个非参数模型。``, ``一种特殊的矩阵。``): no
``的`` clause of its own, no second clause, nothing that sets X apart from the rest of the
genus (``一种稳定的排序算法`` and ``一类使用卷积层的网络`` do)."""


def _names_category(body: str) -> bool:
    """Whether ``X是<body>`` places X in a category: ``一种…``, or a first clause ending in a
    category noun (``…的一类方法``), with nothing in it that points outside the sentence."""
    first = re.split(r"[，,；;：:。]", _trim_body(body), maxsplit=1)[0].strip()
    first = re.sub(r"[（(][^（）()]*[）)]$", "", first).strip()
    if any(
        word in first for word in ("此", "这", "那", "上述", "该", "它", "其", *KEY_CLAIM_HEADS)
    ):
        return False
    if any(word in first for word in EVALUATIVE_ZH) or len(_HAN.findall(first)) < 5:
        return False
    bare = re.sub(r"[（(][^（）()]*[）)]", "", _trim_body(body)).replace("*", "")
    if _BARE_GENUS.match(bare.strip()):
        return False  # "线性回归是一个单层神经网络。": a genus alone fits other things too
    return first.startswith(CATEGORY_HEADS) or first.endswith(CATEGORY_NOUNS)


def is_term(term: str, *, plain_is: bool = False) -> bool:
    """A cheap shape check: not a clause, not a question, not a role/claim that other rules card."""
    core = plain(split_gloss(plain(term))[0])
    if not core or is_clause_zh(core) or core.startswith(("所谓", "称为", "叫做")):
        return False
    return not (plain_is and core.endswith(LEFT_TO_OTHER_RULES))


def _attribute(term: str) -> str | None:
    """``X的基本思想`` → ``基本思想`` when the term asks for an attribute of X."""
    core = plain(term)
    for head in ATTRIBUTE_HEADS:
        if core.endswith(f"的{head}") and len(core) > len(head) + 2:
            return head
    return None


CONTEXT_MODIFIERS_ZH = (
    "最终", "最后", "最初", "最简单", "最常见", "最常用", "基本的", "原始的", "整个", "当前",
    "初始", "完整的", "实际的", "真正的", "具体的", "新的", "下一", "上一",
)  # fmt: skip
"""Openers of a term that only the note's subject makes definite (``最终的损失函数`` — of BERT):
the question names the note's topic (``BERT：什么是最终的损失函数？``)."""


def _needs_topic(term: str) -> bool:
    return plain(split_gloss(plain(term))[0]).startswith(CONTEXT_MODIFIERS_ZH)


def _forward(ctx: Context, term: str, back: str, confidence: float) -> Hit:
    attribute = _attribute(term)
    if attribute:
        subject = plain(term)[: -len(attribute) - 1]
        question = f"{subject}的{attribute}是什么？"
        return Hit(ctx.card(question, _finish(back), confidence=confidence, term=subject))
    shown = display_term(term)
    question = f"什么是{shown}？"
    if _needs_topic(term):
        question = in_context(question, ctx.topic)
    return Hit(ctx.card(question, _finish(back), confidence=confidence, term=shown))


DESC_OPENERS = (
    "如果", "因为", "由于", "虽然", "但", "而", "所以", "因此", "然后", "就", "也", "还", "并",
    "先", "再", "又", "都", "即", "则", "当", "回顾", "考虑", "注意", "除了", "只有", "如", "若",
    "其", "被", "让", "使", "实际上", "事实上", "其实", "给", "对", "向", "从", "以",
)  # fmt: skip
"""Openers that show a would-be description is a clause (``由于该网络…，因此它通常被称为…``)."""

CLAUSE_OPENERS = (
    "可以", "能", "能够", "用于", "用来", "在", "被", "由", "不", "没有", "具有", "包含", "需要",
    "通过", "从", "对", "把", "将", "无法", "只", "仅", "会", "已经", "经过", "使用", "利用",
)  # fmt: skip
"""How the relative clause after a dropped pointer opens (``这些|可以调整…的参数``)."""

POSSESSIVES = ("它们的", "它的", "他们的", "其")
"""``它们的杰卡德系数`` after a scene (``对于两个边界框，``) still describes on its own."""

_DESC_POINTERS = re.compile(
    "什么|如何|怎么|为何|上面|下面|上述|以上|以下|这|那|它|他们|我们|你|前者|后者|应该|被|其"
    "|类似|同样|相应|对应"
)
"""Words that make a description depend on text outside it (or turn it into a question)."""


def _description(desc: str, scene: str) -> str | None:
    """The description part of a naming sentence, able to stand alone, or None."""
    desc = re.split("[把将]", desc.strip())[-1].strip()  # "…继续把X称为Y": X is described
    for word in DEMONSTRATIVES:
        if desc.startswith(word):
            rest = desc[len(word) :].lstrip("些种个类样的")
            # "这些可以调整但不在训练中更新的参数" describes on its own; "这一挑战" and
            # "这种方式得到的…" (the pointer belongs to the noun after it) do not.
            if (
                "的" not in rest
                or len(_HAN.findall(rest)) < 6
                or not rest.startswith(CLAUSE_OPENERS)
            ):
                return None
            desc = rest
            break
    if scene:
        desc = next((desc[len(p) :] for p in POSSESSIVES if desc.startswith(p)), desc)
    desc = desc.rstrip("都也则就又")
    if desc.startswith("是"):
        return None  # "是Rosenblatt感知器学习算法的原型": the subject is cut off before it
    if desc.startswith(DESC_OPENERS) or desc.endswith(
        ("一个", "一种", "了", "的", "个", "种", "些")
    ):
        return None
    if desc.startswith("用") and not desc.startswith(("用于", "用来")):
        return None  # "用$H$表示隐藏层的输出": an instruction, not a description
    if _DESC_POINTERS.search(desc):
        return None
    return desc if len(_HAN.findall(re.sub(r"\$[^$]*\$", "", desc))) >= 4 else None


UNANCHORED_TAGS = frozenset({"r"})
"""Parts of speech (jieba's tags) of a description's first word that leave its subject outside
the sentence: a pronoun-like quantifier, ``每次|滑动元素的数量`` (each slide of what?)."""


def _unanchored(desc: str) -> bool:
    """Whether a naming description opens with a pronoun-like quantifier (``每次``, ``每个``), so
    the thing it describes is only in the text before."""
    first = next((t for t in segment.tokenize(desc) if t.strip()), "")
    return segment.word_tag(first) in UNANCHORED_TAGS


def _anchored_question(ctx: Context, question: str, answer: str) -> str | None:
    """``question`` if its description names its subject, else the question in the section's
    subject (``填充：每次…``), or None when that subject is the answer itself."""
    if not _unanchored(question):
        return question
    named = in_context(question, ctx.subject, answer)
    return named if named != question else None


_NAMING_AFTER = re.compile(
    rf"(?:^|(?<=[，,；;]))\s*(?P<prev>[^，,；;。：:]{{4,80}})[，,]\s*"
    rf"(?P<verb>(?:通常|一般|也|又|常)?被?(?:{_alt(NAMING_VERBS)}))\s*(?:为\s*)?"
    rf"(?P<name>{_NAME_PREFIX}{TERM})(?=\s*(?:$|[，,；;。：:]))"
)
"""``交叉熵是0-1损失的一个可微近似，被称为「代理损失」``: the clause before names the thing."""
_SCENE = re.compile(r"^(?:在|对于|对)[^，,；;]{1,24}[，,]\s*$")
"""A scene-setting opener (``在GoogLeNet中，``) worth keeping in a naming question."""
_NAME_SPLIT = re.compile(r"(?:(?<!\s)\s*)?(?:或者|或是|或|和|以及|与|、)\s*")
r"""A joiner of names and its spaces. Leading spaces are taken from the start of their run only
(quadratic otherwise); a split that resumes just after spaces takes none, as ``\s*`` would."""


def _naming_after(ctx: Context, text: str) -> Iterator[Hit]:
    """``X是Y的一个可微近似，被称为「Z」`` → ``Y的一个可微近似被称为什么？`` / Z."""
    match = _NAMING_AFTER.search(text)
    if not match:
        return
    prev = match.group("prev").strip()
    subject, _, predicate = prev.partition("是")
    desc = _description(predicate if predicate and is_term(subject) else prev, "")
    name = plain(match.group("name")).rstrip("。")
    if desc and is_term(name) and (_HAN.search(name) or _marked(match.group("name"))):
        verb = match.group("verb")
        verb = verb if verb.startswith(("被", "通常", "一般", "也", "又", "常")) else f"被{verb}"
        confidence = 0.7 if _marked(match.group("name")) else 0.6
        question = _anchored_question(ctx, f"{desc}{verb}什么？", name)
        if question:
            yield Hit(ctx.card(question, name, confidence=confidence, term=display_term(name)))


def _naming(ctx: Context, text: str) -> Iterator[Hit]:
    """``这些可以调整…的参数称为*超参数*（hyperparameter）`` → ``…的参数称为什么？``."""
    hits = 0
    for match in _NAMING.finditer(text):
        scene = text[: match.start("desc")]
        scene = scene if _SCENE.match(scene) else ""
        desc = _description(match.group("desc"), scene)
        names = match.group("name")
        if not desc or not (_HAN.search(names) or _marked(names)):
            continue
        shown = re.sub(r"\*{1,2}([^*]+)\*{1,2}", r"\1", names).strip().rstrip("。")
        first = _NAME_SPLIT.split(shown)[0]
        if not is_term(first):
            continue
        verb = match.group("verb")
        if verb in ("又称", "也称", "或称"):
            verb += "为"
        if verb.startswith(("也", "又", "或")):
            if not is_term(desc) or len(desc) > 30:
                continue
            question, confidence = f"{scene}{display_term(desc)}{verb}什么？", 0.65
        else:
            question, confidence = f"{scene}{desc}{verb}什么？", 0.7 if _marked(names) else 0.6
            if not scene and _needs_topic(desc):
                question = in_context(question, ctx.topic, shown)  # "最简单的表示" — of what?
            anchored = None if scene else _anchored_question(ctx, question, shown)
            if not scene and not anchored:
                continue
            question = anchored or question
        hits += 1
        yield Hit(ctx.card(question, shown, confidence=confidence, term=display_term(first)))
    if not hits:
        yield from _naming_after(ctx, text)


_NAMING_HINT = re.compile(f"{_alt(NAMING_VERBS)}|{_alt(SYNONYM_VERBS)}")


def definition_zh(ctx: Context) -> Iterator[Hit]:
    """``X是指Y`` → ``什么是X？`` / the sentence; ``……称为X`` → ``……称为什么？`` / X."""
    if ctx.sentence.lang == "en":
        return
    text = strip_markup(ctx.sentence.text).strip()
    if not text or text.endswith(("？", "?")) or len(text) > 300:
        return
    naming = list(_naming(ctx, text)) if _NAMING_HINT.search(text) else []
    forward = _forward_hit(ctx, text)
    if forward:
        yield forward
    yield from naming
    if not forward and not naming:
        yield from _colon(ctx, skip_lead(text))


def _forward_hit(ctx: Context, text: str) -> Hit | None:
    """The ``X是指Y`` / ``X是一种Y`` / ``X，即Y`` card of a sentence, if it has one."""
    head = skip_lead(text)
    back = skip_lead(text, clauses=False)  # keeps "在…中，": the back may use the context
    # Each pattern needs a literal word (所谓, a defining verb, 即, 是): test for it first, as
    # the term patterns are slow to fail and most sentences hold none of the words (speed).
    defines = _DEFINE_VERB.search(head)
    match = (_SUOWEI.match(head) if head.startswith("所谓") else None) or (
        _DEFINE.match(head) if defines else None
    )
    if match and is_term(match.group("term")) and _body_ok(match.group("body")):
        return _forward(
            ctx, match.group("term"), back, 0.8 if _marked(match.group("term")) else 0.75
        )
    match = _APPOSITION.match(head) if _APPOSITION_WORD.search(head) else None
    if (
        match
        and _marked(match.group("term"))
        and is_term(match.group("term"))
        and _body_ok(match.group("body"))
    ):
        return _forward(ctx, match.group("term"), back, 0.7)
    match = _PLAIN.match(head) if "是" in head else None
    if match and is_term(match.group("term"), plain_is=True) and _body_ok(match.group("body")):
        term, body = match.group("term"), _trim_body(match.group("body"))
        if not _marked(term) and len(_HAN.findall(term)) > MAX_PLAIN_TERM:
            return None  # "返回值用两个元素相减代替正负数是…": a clause, not a name
        if _attribute(term) and not body.startswith(KEY_CLAIM_HEADS):
            return _forward(ctx, term, body, 0.7)
        if not body.startswith(KEY_CLAIM_HEADS) and _names_category(body):
            return _forward(ctx, term, back, 0.7 if _marked(term) else 0.65)
    if _DEFINE_VERB.search(text):
        match = _DEFINE_IN_CLAUSE.search(text) or _DEFINE_MARKED.search(text)
        if match and is_term(match.group("term")) and _body_ok(match.group("body")):
            return _forward(ctx, match.group("term"), back, 0.7)
    return None


def _colon(ctx: Context, head: str) -> Iterator[Hit]:
    """``*感受野*：…`` or ``感受野：指…`` opening a paragraph."""
    if ctx.block.kind is not BlockKind.PARAGRAPH or ("：" not in head and ":" not in head):
        return
    match = _COLON.match(head)
    if not match:
        return
    term, body = match.group("term"), _trim_body(match.group("body"))
    if not is_term(term) or not _body_ok(body):
        return
    if _marked(term):
        yield _forward(ctx, term, body, 0.65)
    elif ctx.sentence_index == 0 and len(term) <= 8 and body.startswith(COLON_BODY_OPENERS):
        yield _forward(ctx, term, body, 0.55)

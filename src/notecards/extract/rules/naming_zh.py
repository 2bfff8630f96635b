"""Reversed Chinese definitions: ``……称为X``, ``……叫做X``, ``X，也称为Y`` (the card asks for the
name), the naming half of :mod:`notecards.extract.rules.definition_zh`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from notecards.extract.lang.markup import plain
from notecards.extract.lang.term_zh import TERM, display_term, is_marked, is_term, needs_topic
from notecards.extract.lang.text import HAN, in_context
from notecards.extract.rules.context import Context, Hit
from notecards.model import Tokenizer
from notecards.patterns import DOLLAR_SPAN
from notecards.patterns import alternation as _alt

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
                or len(HAN.findall(rest)) < 6
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
    return desc if len(HAN.findall(re.sub(DOLLAR_SPAN, "", desc))) >= 4 else None


UNANCHORED_TAGS = frozenset({"r"})
"""Parts of speech (jieba's tags) of a description's first word that leave its subject outside
the sentence: a pronoun-like quantifier, ``每次|滑动元素的数量`` (each slide of what?)."""


def _unanchored(desc: str, cut: Tokenizer) -> bool:
    """Whether a naming description opens with a pronoun-like quantifier (``每次``, ``每个``), so
    the thing it describes is only in the text before."""
    first = next((t for t in cut(desc) if t.strip()), "")
    return cut.word_tag(first) in UNANCHORED_TAGS


def _anchored_question(ctx: Context, question: str, answer: str) -> str | None:
    """``question`` if its description names its subject, else the question in the section's
    subject (``填充：每次…``), or None when that subject is the answer itself."""
    if not _unanchored(question, ctx.cut):
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
    desc = _description(predicate if predicate and is_term(subject, ctx.cut) else prev, "")
    name = plain(match.group("name")).rstrip("。")
    if desc and is_term(name, ctx.cut) and (HAN.search(name) or is_marked(match.group("name"))):
        verb = match.group("verb")
        verb = verb if verb.startswith(("被", "通常", "一般", "也", "又", "常")) else f"被{verb}"
        confidence = 0.7 if is_marked(match.group("name")) else 0.6
        question = _anchored_question(ctx, f"{desc}{verb}什么？", name)
        if question:
            yield Hit(ctx.card(question, name, confidence=confidence, term=display_term(name)))


def naming_hits(ctx: Context, text: str) -> Iterator[Hit]:
    """``这些可以调整…的参数称为*超参数*（hyperparameter）`` → ``…的参数称为什么？``."""
    hits = 0
    for match in _NAMING.finditer(text):
        scene = text[: match.start("desc")]
        scene = scene if _SCENE.match(scene) else ""
        desc = _description(match.group("desc"), scene)
        names = match.group("name")
        if not desc or not (HAN.search(names) or is_marked(names)):
            continue
        shown = re.sub(r"\*{1,2}([^*]+)\*{1,2}", r"\1", names).strip().rstrip("。")
        first = _NAME_SPLIT.split(shown)[0]
        if not is_term(first, ctx.cut):
            continue
        verb = match.group("verb")
        if verb in ("又称", "也称", "或称"):
            verb += "为"
        if verb.startswith(("也", "又", "或")):
            if not is_term(desc, ctx.cut) or len(desc) > 30:
                continue
            question, confidence = f"{scene}{display_term(desc)}{verb}什么？", 0.65
        else:
            question, confidence = f"{scene}{desc}{verb}什么？", 0.7 if is_marked(names) else 0.6
            if not scene and needs_topic(desc):
                question = in_context(question, ctx.topic, shown)  # "最简单的表示" — of what?
            anchored = None if scene else _anchored_question(ctx, question, shown)
            if not scene and not anchored:
                continue
            question = anchored or question
        hits += 1
        yield Hit(ctx.card(question, shown, confidence=confidence, term=display_term(first)))
    if not hits:
        yield from _naming_after(ctx, text)


NAMING_HINT = re.compile(f"{_alt(NAMING_VERBS)}|{_alt(SYNONYM_VERBS)}")

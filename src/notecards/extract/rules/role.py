"""Roles and purposes: ``the role of X is Y``, ``X is used to/for Y``, ``X的作用是Y``, ``X用来/用于Y``,
``X的目的是Y``; several clauses joined by ``;``/``；`` give several cards."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from notecards.extract.lang.markup import plain, strip_markup
from notecards.extract.lang.term_en import display_term as display_en
from notecards.extract.lang.term_en import is_term as is_term_en
from notecards.extract.lang.term_zh import TERM as TERM_ZH
from notecards.extract.lang.term_zh import display_term as display_zh
from notecards.extract.lang.term_zh import is_term as is_term_zh
from notecards.extract.lang.terms import skip_lead, split_gloss
from notecards.extract.lang.text import HAN, in_context
from notecards.extract.rules.context import Context, Hit
from notecards.extract.rules.trigger import trigger
from notecards.patterns import EN_WORD
from notecards.patterns import alternation as _alt

ROLE_NOUNS_EN = (
    "role", "purpose", "function", "goal", "aim", "job", "task", "point", "idea", "intuition",
    "motivation", "insight", "benefit", "advantage",
)  # fmt: skip
"""``The <noun> of X is Y`` → ``What is the <noun> of X?``."""

ROLE_MODIFIERS_EN = (
    "main",
    "primary",
    "key",
    "basic",
    "sole",
    "central",
    "chief",
    "principal",
    "core",
    "whole",
)
"""Adjectives kept between ``the`` and the role noun (``the key idea of X``)."""

ROLE_NOUNS_ZH = ("作用", "目的", "用途", "功能", "任务", "意义", "目标", "用处", "职责", "作用机制")
"""``X的<noun>是Y`` → ``X的<noun>是什么？``."""

ROLE_MODIFIERS_ZH = ("主要", "核心", "基本", "最大", "根本", "真正", "首要", "唯一")
"""Adjectives kept before the Chinese role noun (``X的主要作用是Y``)."""

USE_ADVERBS_ZH = (
    "主要",
    "通常",
    "一般",
    "常",
    "常常",
    "可以",
    "可",
    "往往",
    "经常",
    "则",
    "就",
    "也",
    "专门",
    "多",
)
"""Adverbs between X and ``用于`` (``X通常用于Y``)."""

_CLAUSES = re.compile(r"(?<=[；;])\s*")
_EN_TERM = rf"(?:\*{{1,2}}[^*\n]{{1,60}}?\*{{1,2}}|(?:{EN_WORD}\s+){{0,7}}?{EN_WORD})(?:\s+\([^()\n]{{1,40}}\))?"


_ROLE_EN = re.compile(
    rf"^(?:the\s+)?(?P<mod>(?:{_alt(ROLE_MODIFIERS_EN)})\s+)?(?P<noun>{_alt(ROLE_NOUNS_EN)})\s+of\s+"
    rf"(?P<term>(?:(?:a|an|the)\s+)?{_EN_TERM})\s+is\s+(?P<body>.+)$",
    re.IGNORECASE,
)
_USED_EN = re.compile(
    rf"^(?P<term>(?:(?:A|An|The|a|an|the)\s+)?{_EN_TERM})\s+(?P<verb>is|are|can\s+be|may\s+be|could\s+be)"
    r"\s+(?:\w+ly\s+)?used\s+(?P<prep>to|for)\s+(?P<body>.+)$"
)
_ROLE_ZH = re.compile(
    rf"^(?P<term>{TERM_ZH})\s*的(?P<mod>{_alt(ROLE_MODIFIERS_ZH)})?(?P<noun>{_alt(ROLE_NOUNS_ZH)})"
    r"(?:主要|就|则)?(?:是|在于|为)[：:，,]?\s*(?P<body>.+)$"
)
_USED_ZH = re.compile(
    rf"^(?P<term>{TERM_ZH})\s*(?:(?:{_alt(USE_ADVERBS_ZH)}))*被?(?<![适应作利使采引通专])(?P<verb>用来|用于|用以)\s*(?P<body>.+)$"
)
_OF = re.compile("of", re.IGNORECASE)
_ROLE_NOUN_ZH = re.compile(_alt(ROLE_NOUNS_ZH))
_USE_VERB_ZH = re.compile("用来|用于|用以")
"""Words without which :data:`_ROLE_EN`, :data:`_ROLE_ZH` and :data:`_USED_ZH` cannot match
(tested first: the term patterns are slow to fail)."""
_RELATIVE = re.compile(r"^[^，,。；;]{1,6}的")
"""``用于训练的数据``: 用于 inside a noun phrase, not a purpose."""


def _finish(body: str, zh: bool) -> str:
    body = body.strip().rstrip("，,、；;：:").strip()
    if not body:
        return body
    if not zh:
        body = re.sub(r"^that\s+", "", body)
        body = body[0].upper() + body[1:]
    end = "。" if zh else "."
    return body if body[-1] in "。．！？.!?)）$" else body + end


_DANGLING_EN = re.compile(
    r"\b(?:that|those)\s+(?:model|network|layer|module|method|approach|system|algorithm|paper"
    r"|component|signal|one)s?\b"
)
"""``that model``, ``those layers`` in an answer: a thing named in the sentences before it, which
the card does not show (``To give that model the label information it needs``)."""


def _body_ok(body: str, zh: bool) -> bool:
    body = body.strip().rstrip("。.；;，,")
    size = len(HAN.findall(body)) if zh else len(re.findall(EN_WORD, body))
    if not zh and _DANGLING_EN.search(body.casefold()):
        return False
    return size >= (3 if zh else 2) and not body.endswith(("：", ":"))


def _clause_en(ctx: Context, clause: str) -> Hit | None:
    match = _ROLE_EN.match(clause) if _OF.search(clause) else None
    if match and is_term_en(match.group("term")) and _body_ok(match.group("body"), False):
        noun = f"{(match.group('mod') or '').lower()}{match.group('noun').lower()}"
        term = display_en(match.group("term"))
        question = f"What is the {noun} of {term}?"
        return Hit(
            ctx.card(question, _finish(match.group("body"), False), confidence=0.75, term=term)
        )
    match = _USED_EN.match(clause) if "used" in clause else None
    if match and is_term_en(match.group("term")) and _body_ok(match.group("body"), False):
        term = display_en(match.group("term"))
        plural = re.search(r"(?:[^s]s|\band\s+\S+)$", term) is not None
        verb = "are" if match.group("verb") == "are" or plural else "is"
        back = match.group("body") if match.group("prep") == "for" else f"to {match.group('body')}"
        question = f"What {verb} {term} used for?"
        return Hit(ctx.card(question, _finish(back, False), confidence=0.7, term=term))
    return None


def _clause_zh(ctx: Context, clause: str) -> Hit | None:
    match = _ROLE_ZH.match(clause) if _ROLE_NOUN_ZH.search(clause) else None
    if match and is_term_zh(match.group("term"), ctx.cut) and _body_ok(match.group("body"), True):
        term = display_zh(match.group("term"))
        question = f"{term}的{match.group('mod') or ''}{match.group('noun')}是什么？"
        return Hit(
            ctx.card(question, _finish(match.group("body"), True), confidence=0.75, term=term)
        )
    match = _USED_ZH.match(clause) if _USE_VERB_ZH.search(clause) else None
    term_text = match.group("term") if match else ""
    if match and is_term_zh(term_text, ctx.cut) and _body_ok(match.group("body"), True):
        body = match.group("body").strip()
        core = plain(split_gloss(plain(term_text))[0])
        if body.startswith(("的", "了", "于")) or _RELATIVE.match(body) or len(core) > 10:
            return None
        if re.search(r"\d", core):
            return None
        term = display_zh(match.group("term"))
        question = f"{term}用于什么？" if match.group("verb") != "用来" else f"{term}用来做什么？"
        return Hit(ctx.card(question, _finish(body, True), confidence=0.65, term=term))
    return None


GENERIC_HEADS_ZH = (
    "网络块", "块", "模型", "方法", "层", "函数", "算法", "网络", "模块", "结构", "操作", "参数",
    "变量", "步骤", "过程", "组件", "部分", "单元",
)  # fmt: skip
"""Head nouns that name nothing on their own: with at most a short generic modifier
(``基本网络块``, ``输出层``) the question names the note's topic (``SSD：基本网络块用于什么？``)."""

GENERIC_MODIFIERS_ZH = (
    "基本", "基础", "主", "主要", "第一", "第二", "最后", "最终", "输入", "输出", "中间", "整个",
    "这个", "该", "新", "原始", "辅助", "额外", "简单", "核心", "下一", "上一", "每个", "单个",
)  # fmt: skip
"""Modifiers that do not make a generic head specific (``基本|网络块``, ``输出|层``)."""


def _generic_zh(term: str) -> bool:
    """Whether a Chinese role term is a generic head noun, bare or with a generic modifier."""
    core = plain(split_gloss(plain(term))[0])
    for head in sorted(GENERIC_HEADS_ZH, key=len, reverse=True):
        if core.endswith(head):
            rest = core[: -len(head)].rstrip("的")
            return not rest or rest in GENERIC_MODIFIERS_ZH
    return False


GENERIC_HEADS_EN = (
    "layer", "block", "output", "input", "style", "method", "model", "step", "approach", "module",
    "network", "function", "unit", "component", "parameter", "operation", "stage", "part",
)  # fmt: skip
"""English head nouns that only the note's topic makes specific (``a transition layer``, ``the
output``): the question names the topic (``In DenseNet, what is a transition layer used for?``)."""

_GENERIC_EN = re.compile(
    r"^(?:(?:a|an|the)\s+)?(?:[a-z][a-z-]*\s+){0,2}(?:"
    + "|".join(sorted(GENERIC_HEADS_EN, key=len, reverse=True))
    + r")s?$"
)


def _generic_en(term: str) -> bool:
    """Whether an English role term is a generic head noun with at most two plain lower-case
    modifiers (``a transition layer``, ``the output``); names and glossed terms are not."""
    return _GENERIC_EN.match(term.strip()) is not None


_SCENE = re.compile(r"^(?:在[^，,；;]{1,24}(?:中|下|里|上|时)|(?:In|For) [^,;:]{1,50})[，,]\s*$")
"""A scene-setting opener worth keeping in a role question (``在深度学习的背景下，``)."""


def _lower_first(question: str) -> str:
    return question[:1].lower() + question[1:]


TRIGGER = trigger(("用于", "用来", "用以", "used"), ROLE_NOUNS_ZH, ROLE_NOUNS_EN)
"""X用于/用来/用以Y, X is used to/for Y, X的<role noun>是Y, the <role noun> of X is Y."""


def role(ctx: Context) -> Iterator[Hit]:
    """``X的作用是Y`` → ``X的作用是什么？`` / Y; one card per ``；``-separated clause."""
    text = strip_markup(ctx.sentence.text)
    if not text or text.endswith(("？", "?")) or len(text) > 400:
        return
    if not any(w in text for w in ("用", "的", "used", "of")):
        return
    for clause in _CLAUSES.split(text):
        opened = skip_lead(clause.strip().rstrip("；;"), clauses=False)
        clause = skip_lead(opened)
        if not clause:
            continue
        zh = bool(HAN.search(clause))
        hit = _clause_zh(ctx, clause) if zh else _clause_en(ctx, clause)
        scene = opened[: len(opened) - len(clause)]
        if hit and _SCENE.match(scene):  # "在深度学习的背景下，X的目的是…": the purpose there
            question = scene + hit.card.front if zh else scene + _lower_first(hit.card.front)
            hit = Hit(replace(hit.card, front=question), hit.claims)
        if hit is None:
            continue
        if not scene and hit.card.term and _generic(hit.card.term, hit.card.front, zh):
            hit = Hit(replace(hit.card, front=in_context(hit.card.front, ctx.topic)), hit.claims)
        yield hit


def _generic(term: str, question: str, zh: bool) -> bool:
    """Whether a role question about ``term`` needs the note's topic: a generic Chinese head, or
    an English ``X is used for`` with a generic head (``the role of X`` names X's own role)."""
    if zh:
        return _generic_zh(term)
    return question.endswith(" used for?") and _generic_en(term)

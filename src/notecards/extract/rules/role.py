"""Roles and purposes: ``the role of X is Y``, ``X is used to/for Y``, ``X的作用是Y``, ``X用来/用于Y``,
``X的目的是Y``; several clauses joined by ``;``/``；`` give several cards."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from notecards.extract.lang.markup import plain, strip_markup
from notecards.extract.lang.term_en import capitalized
from notecards.extract.lang.term_en import display_term as display_en
from notecards.extract.lang.term_en import is_term as is_term_en
from notecards.extract.lang.term_zh import TERM as TERM_ZH
from notecards.extract.lang.term_zh import display_term as display_zh
from notecards.extract.lang.term_zh import is_term as is_term_zh
from notecards.extract.lang.terms import skip_lead, split_gloss
from notecards.extract.lang.text import HAN
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
        body = capitalized(body)
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
        yield hit

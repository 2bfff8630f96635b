"""The lead-in that announces a list (``本文实验了两种不同类型的正则化方法：``, ``DETR的优势：``,
``BERT与GPT和ELMo的区别：``, ``ULMFiT has three main parts:``) as the context of a question on
one of its items: blind judges called ``什么是KL-reg？`` vague where the note says what kind of
thing KL-reg is (one of two regularisation methods), ``什么是GPT？`` wrong where the item says
how GPT differs from BERT, and ``DETR中的性能是什么？`` a label turned question where it names
one of DETR's merits."""

from __future__ import annotations

import re

from notecards.extract.lang.markup import plain
from notecards.extract.lang.paper import paper_named
from notecards.extract.lang.terms import PRONOUNS_ZH
from notecards.extract.lang.text import has_cjk
from notecards.model import Tokenizer

MAX_LEAD_ZH = 30
"""A Chinese lead-in clause longer than this (characters) would bury the question."""
MAX_LEAD_EN = 10
"""An English lead-in clause longer than this (words) would bury the question."""

_COUNTED_ZH = re.compile(
    r"(?:[两二三四五六七八九十几多]|\d+)\s*(?:种|类|个|大|点|方面|部分|阶段|步|项|条)"
)
"""A count of the items the list holds (``两种``, ``三类``, ``几种``, ``4个``)."""
_COUNTED_EN = re.compile(
    r"\b(?:two|three|four|five|six|several|\d+)\b(?:\s+[\w-]+){0,2}?\s+(?:parts|types|kinds|"
    r"ways|steps|stages|methods|approaches|components|categories|strategies|variants|losses|"
    r"tasks|contributions|ideas)\b",
    re.IGNORECASE,
)
"""A count of what the list holds (``three main parts``, ``two types``)."""
_POINTER_EN = re.compile(r"\b(?:this|these|that|those|such|above|it|they|we|you)\b", re.IGNORECASE)
"""An English lead-in that points at text the card does not show, or talks to the reader."""
_LIST_ITSELF = re.compile(r"(?:以下|如下|下面)(?=\s*(?:[两二三四五六七八九十几多]|\d))")
"""``以下`` before the count: it points at the list, which the item is part of."""
_THE_PAPER_OPENS = re.compile(r"^(?:本文|该文|该论文|这篇论文|这篇文章|论文|作者)")
_THE_PAPER_EN = re.compile(r"^(?:this|the) (?:paper|work|study)\b", re.IGNORECASE)
"""The paper as the clause's subject (``本文实验了两种…``)."""
_COMPARED_ZH = re.compile(
    r"^(?P<one>[^，,与和跟同]{1,20}?)\s*(?:与|和|跟|同)\s*[^，,]{1,30}?的?(?:区别|不同|差异|异同|对比|比较)$"
)
"""``A与B和C的区别``: each item says how it differs from ``A``."""
_MERIT_ZH = re.compile(
    r"^(?P<owner>[^，,]{1,20}?)的(?:主要)?(?P<kind>优势|优点|缺点|不足|局限性?|好处|特点)$"
)
"""``DETR的优势``: each item names one merit (or fault) of the owner."""


def lead_clause(lead: str, topic: str, cut: Tokenizer) -> str:
    """The clause of a list's lead-in (the sentence before the list, up to its colon) that says
    what the list holds, with the paper named (``本文…`` → the note's topic); empty when it
    points elsewhere (``这件事情``) or runs too long."""
    clause = re.split(r"[，,；;]", plain(lead).strip())[-1].strip(" *_")
    if not clause:
        return ""
    zh = has_cjk(clause)
    if (len(clause) if zh else len(clause.split())) > (MAX_LEAD_ZH if zh else MAX_LEAD_EN):
        return ""
    clause = _LIST_ITSELF.sub("", clause)  # "做了以下三个步骤": the list is on the card
    # The paper as subject ("本文实验了两种…", "This paper uses three …") is named, whatever
    # its verb; any other pointer ("其满足两个性质", "这件事情", "我们建议您…几点") makes the
    # lead-in narration.
    opening = _THE_PAPER_OPENS.match(clause) or _THE_PAPER_EN.match(clause)
    rest = clause[opening.end() :] if opening else clause
    if _POINTER_EN.search(rest) or (zh and _points_outside(rest, cut)):
        return ""
    if opening:
        return f"{topic}{rest}" if topic else ""
    return paper_named(clause, "zh" if zh else "en", topic)


def asked_in_lead(question: str, term: str, clause: str) -> str:
    """``question`` on the item ``term`` asked in the list's lead-in ``clause``: how the item
    differs from what it is compared with (``GPT与BERT的区别是什么？``), what the owner's merit in
    it is (``DETR在性能方面的优势是什么？``), or the question after the clause when it counts the
    items (``…两种不同类型的正则化方法：KL-reg是什么？``); empty when the clause is none of
    these."""
    if not clause:
        return ""
    compared = _COMPARED_ZH.match(clause)
    if compared:
        one = compared.group("one").strip()
        same = one.casefold() == term.casefold() or one.casefold() in term.casefold()
        return "" if same else f"{term}与{one}的区别是什么？"
    merit = _MERIT_ZH.match(clause)
    if merit:
        return f"{merit.group('owner').strip()}在{term}方面的{merit.group('kind')}是什么？"
    if has_cjk(clause):
        return f"{clause}：{term}是什么？" if _COUNTED_ZH.search(clause) else ""
    if not _COUNTED_EN.search(clause) or has_cjk(question):
        return ""
    return f"{clause[:1].upper()}{clause[1:]}: {question[:1].lower()}{question[1:]}"


def _points_outside(clause: str, cut: Tokenizer) -> bool:
    """Whether a Chinese clause holds a word pointing outside it (其, 这里, 以上) or at the
    writer or reader (我们, 您): the lead-in is narration, not the list's kind."""
    return any(
        token in PRONOUNS_ZH or token.startswith(("这", "那"))  # 这件事情, 这两类
        for token in cut(clause)
    )

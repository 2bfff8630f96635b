"""The lead-in that announces a list, where it says how to ask about each item: a comparison
(``BERT与GPT和ELMo的区别：`` → ``GPT与BERT的区别是什么？``, where ``什么是GPT？`` was answered by
how GPT differs) or an owner's merits (``DETR的优势：`` → ``DETR在性能方面的优势是什么？``, where
``DETR中的性能是什么？`` turned a label into a question). A lead-in that only counts the items
(``本文实验了两种不同类型的正则化方法：``) frames nothing: blind judges kept such framed questions
no more often than plain ones (13 of 32 against 17 of 32)."""

from __future__ import annotations

import re

from notecards.extract.lang.markup import plain
from notecards.extract.lang.paper import paper_named
from notecards.extract.lang.terms import PRONOUNS_ZH
from notecards.model import Tokenizer

COMPARED_ASKS = "的区别是什么？"
"""How a question on an item of a comparison ends."""
MAX_LEAD = 30
"""A lead-in clause longer than this (characters) is a sentence, not a list's title."""

_THE_PAPER_OPENS = re.compile(r"^(?:本文|该文|该论文|这篇论文|这篇文章|论文|作者)")
"""The paper as the clause's subject (``本文的主要贡献``): the card says its name."""
_COMPARED = re.compile(
    r"^(?P<one>[^，,与和跟同]{1,20}?)\s*(?:与|和|跟|同)\s*[^，,]{1,30}?的?(?:区别|不同|差异|异同|对比|比较)$"
)
"""``A与B和C的区别``: each item says how it differs from ``A``."""
_MERITS = re.compile(
    r"^(?P<owner>[^，,]{1,20}?)(?:的(?:主要)?|主要的?)"
    r"(?P<kind>优势|优点|缺点|不足|局限性?|好处|特点|贡献|创新点?)$"
)
"""``DETR的优势``, ``LLaVA主要贡献`` (本文主要贡献 with the paper named): each item names one merit
(or fault, or contribution) of the owner."""


def lead_clause(lead: str, topic: str, cut: Tokenizer) -> str:
    """The last clause of a list's lead-in (the sentence before the list, up to its colon), the
    paper named as the note's topic (``本文的优势`` → ``DETR的优势``); empty when it runs long or
    points elsewhere (``其``, ``这些``)."""
    clause = re.split(r"[，,；;]", plain(lead).strip())[-1].strip(" *_")
    if not clause or len(clause) > MAX_LEAD:
        return ""
    opening = _THE_PAPER_OPENS.match(clause)
    rest = clause[opening.end() :] if opening else clause
    if any(token in PRONOUNS_ZH or token.startswith(("这", "那")) for token in cut(rest)):
        return ""  # "其满足两个性质", "这两者的区别": the clause leans on text the card lacks
    if opening:
        return f"{topic}{rest}" if topic else ""
    return paper_named(clause, "zh", topic)


def asked_in_lead(term: str, clause: str) -> str:
    """The question on the item ``term`` that the list's lead-in ``clause`` asks: how it differs
    from what it is compared with (``GPT与BERT的区别是什么？``), or what the owner's merit in it is
    (``DETR在性能方面的优势是什么？``); empty when the clause is neither, or compares the item
    with itself."""
    compared = _COMPARED.match(clause)
    if compared:
        one = compared.group("one").strip()
        return "" if one.casefold() in term.casefold() else f"{term}与{one}{COMPARED_ASKS}"
    merit = _MERITS.match(clause)
    if merit:
        return f"{merit.group('owner').strip()}在{term}方面的{merit.group('kind')}是什么？"
    return ""

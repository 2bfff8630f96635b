"""The paper and its authors as a sentence's subject (``本文提出了``, ``This paper works on``,
``They train``): where a paper note's sentence points at the paper rather than naming it, so the
card can say the paper's name instead."""

from __future__ import annotations

import re

THE_PAPER = re.compile(
    r"(^|[，,]\s*)(?:本文|该文|该论文|这篇论文|这篇文章|文章|论文|作者)"
    r"(?=提出|发现|认为|证实|证明|表明|指出|在|中|使用|采用|选|收集|将|对|也|还|通过|设计|引入|给出"
    r"|训练|研究|基于|针对|旨在|首先|主要|尝试|探索|展示|介绍)"
)
"""The paper as the subject of a clause (``本文提出了``, ``作者发现``): the card says its name."""
THE_PAPER_EN = re.compile(r"(^)(?:[Tt]his|[Tt]he) (?:paper|work|study)\b")
"""The paper as an English sentence's subject (``This paper works on``): the card says its name."""
_ACTS = (
    r"(?:use|used|train|trained|test|tested|measure|measured|stack|skip|set|split|tie|find|found|"
    r"show|showed|propose|proposed|introduce|introduced|experiment|experimented|evaluate|"
    r"evaluated|compare|compared|state|suggest|suggested|apply|applied|add|added|replace|"
    r"replaced|remove|removed|keep|kept|calculate|calculated|create|created|conduct|conducted|"
    r"perform|performed|report|reported|achieve|achieved|obtain|obtained|observe|observed|argue|"
    r"argued|claim|claimed|describe|demonstrate|demonstrated|employ|employed|adopt|adopted|"
    r"design|designed|define|defined|choose|chose|sample|sampled|initialize|initialized|anneal|"
    r"clip|freeze|froze|fine-tune|fine-tuned|pretrain|pretrained|pre-train|pre-trained|linearly|"
    r"ignore|ignored|get|got|cut|take|took|pick|picked|believe|believed|feed|fed)\b"
)
"""What researchers do, as a note's author reports it (``use``, ``train``, ``get``)."""
_ADVERBS = r"(?:also |then |further |first |initially |only |actually )?"
THEY_ACT = re.compile(rf"They(?= {_ADVERBS}{_ACTS})")
"""``They`` opening a sentence of a paper note as the subject of what researchers do (``They
stack frames``, ``They measure how …``; not ``They are anisotropic``, ``They lead to``): the
authors, as the note's author writes of them. The card says ``The authors`` under the paper's
name."""
_THEY_ACT_AFTER = re.compile(
    rf"(?:For|To|In|With|On|By|After|Using|Instead of)\b[^,;:]{{1,80}}?,? (?P<they>they)"
    rf"(?= {_ADVERBS}{_ACTS})"
)
"""``they`` acting after an opening adverbial, with or without its comma (``For rank-based
prioritization, they cut …``, ``Instead of the sinusoidal embeddings they use …``)."""


def authors_acting(text: str) -> tuple[int, int] | None:
    """The span of the ``They``/``they`` that stands for the authors acting, at the opening of
    ``text`` (:data:`THEY_ACT`) or after its opening adverbial (one that does not point back
    into the note), or None."""
    found = THEY_ACT.match(text)
    if found is not None:
        return found.span()
    after = _THEY_ACT_AFTER.match(text)
    if after is None or _POINTS_BACK.search(text, 0, after.start("they")):
        return None  # "To get rid of the first two issues, they …": which issues?
    return after.span("they")


_POINTS_BACK = re.compile(
    r"\b(?:this|these|that|those|such|above|former|latter|same|first|second|third|last)\b", re.I
)
"""An adverbial that points back into the note (``the first two issues``, ``this problem``)."""


def the_paper(text: str, lang: str) -> re.Match[str] | None:
    """Where ``text`` has the paper as a clause's subject (本文提出了, This paper works on)."""
    return (THE_PAPER_EN if lang == "en" else THE_PAPER).search(text)


def named_for(text: str, paper: re.Match[str], name: str) -> str:
    """``text`` with the paper :func:`the_paper` found replaced by ``name``."""
    return f"{text[: paper.start()]}{paper.group(1)}{name}{text[paper.end() :]}"


def paper_named(text: str, lang: str, name: str) -> str:
    """``text`` with the paper as its subject replaced by the note's ``name``, when it has one
    and the text does not name it already."""
    if not name or name.casefold() in text.casefold():
        return text
    paper = the_paper(text, lang)
    return text if paper is None else named_for(text, paper, name)

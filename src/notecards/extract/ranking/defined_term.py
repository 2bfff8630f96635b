"""The term a definition defines (``X is a …``, ``X 是指 …``): hidden whatever the blank model
says, unless the sentence's subject is more than that term (``[MAE]的 encoder 就是…``,
``[BERT] 不是…``), which is then hidden only when no clause after the verb is (:data:`SUBJECT`)."""

from __future__ import annotations

import re

from notecards.extract.lang.cloze import TokenBounds, token_bounds
from notecards.extract.ranking.candidates import Candidate, NoteView
from notecards.extract.ranking.deletions import Spans, overlaps_any
from notecards.extract.ranking.key_bounds import (
    SYMBOL_AFTER,
    cut_short,
    glossed,
    name_end,
    note_compound,
    version_end,
)
from notecards.extract.ranking.key_score import DEFINED, SUBJECT, Key
from notecards.extract.ranking.term_spans import han_spans, latin_runs

_DEFINES = re.compile(
    r"^[^，,。；;：:]{1,40}?(?P<verb>\s+(?:is|are)\s+(?:an?|the|one)\s|\s+refers to\s"
    r"|\s+stands for\s|,\s+(?:an?|the)\s+[\w-]+(?:\s+[\w-]+)?\s+(?:that|which|for|to)\b"
    r"|是指|指的是|是一种|是一个|是一类|定义为|被称为|称为|叫做)"
)
"""A sentence that defines its opening term (``verb``: how it says so)."""
_BEFORE_TERM = re.compile(r"[\s*_`\"'“‘]*(?:(?:[Aa]n?|[Tt]he) [\s*_`\"'“‘]*)?")
"""What may open a definition before its term: spaces, emphasis, quotes, an article."""
_TERM_TO_VERB = re.compile(
    r"[\s*_`\"'”’]*(?:[（(][^（()）]{0,60}[）)])?[\s*_`\"'”’]*(?:也|就|其实|实际上|本质上|基本上?|通常|一般|往往)?\s*"
)
"""What may stand between a defined term and its verb: a gloss in brackets, an adverb of the
copula (``X（gloss）也是一种…``); anything else (``的 encoder``, ``不``, ``本身``) makes the subject
longer than the term, which is then not what the sentence defines."""
_MARKS = " *_`\"'“”‘’"
"""Spaces, emphasis and quotes around a term."""
_NOUN_AFTER = re.compile(r"(?: [a-z][a-z-]{1,20}){1,2} ?")
"""Lower-case words after a name, up to the verb: a name heading its noun (``[Diffusion] models
are``), still the subject."""
_OF_WHAT = re.compile(r"[*_`]{0,2} of (?:an?|the) [a-z]{2,20} ?")
"""``X of a word is …``: the term defined for the thing named after it (``Self-similarity``)."""
_NAMING = frozenset({"被称为", "称为", "叫做"})
"""Verbs that give a name: what they define is the name after them, not their subject."""
_WORD_CHAR = re.compile(r"[^\W\d_]")
"""A letter or a Han character (not a mark, a digit or a space)."""


def defined_term(c: Candidate, note: NoteView, start: int, protected: Spans) -> Key | None:
    """The term a definition (``X is a …``, ``X 是指 …``) opening at ``start`` defines, however
    common: the longest span opening it (:data:`DEFINED`); or, when the subject goes on past it
    to the verb (``[MAE]的encoder就是…``, ``由于[单位方差]是…``), that span as the subject
    (:data:`SUBJECT`), a whole word; else None."""
    text = c.text
    defined = _DEFINES.match(text[start:])
    if not defined:
        return None
    bounds = token_bounds(c.tokens)
    subject = [
        (a, b)
        for a, b, _ in latin_runs(text)
        if start <= a <= start + 2
        and b <= start + defined.end()
        and not overlaps_any((a, b), protected)
    ] + [
        ab
        for ab in (note_compound(c, note, a, b, bounds) for a, b in han_spans(c, note, bounds))
        if ab is not None and ab[0] <= start + 2 and ab[1] <= start + defined.end()
    ]
    if not subject:
        return None
    a, b = max(subject, key=lambda ab: ab[1] - ab[0])
    b = name_end(text, b)  # "Conditioning Mechanisms": the whole name
    verb = start + defined.start("verb")
    version = version_end(text, b)
    if version is not None and version <= verb:
        b = version  # "[DALL·E 2]是…": the version is part of the name
    # "[MAE]的encoder就是…", "[BERT] 不是…", "由于[VAE]预测的是…": the term is not what it defines
    whole = _BEFORE_TERM.fullmatch(text, start, a) is not None and any(
        pattern.fullmatch(text, b, verb) for pattern in (_TERM_TO_VERB, _OF_WHAT, _NOUN_AFTER)
    )
    if not whole and not _whole_word(c, start, a, b, bounds):
        return None  # "位[运算]指的是", "空[二叉树]是", "[装饰]器是": part of the subject's word
    if defined.group("verb") in _NAMING and _WORD_CHAR.search(text, b, verb):
        return None  # "[背景类别]的锚框通常被称为负类锚框": the name after the verb is the term
    if cut_short(text, a, b, verb, bounds):
        return None  # "[Gale]–Shapley 算法", "[softmax]回归": part of a word
    if (
        text.casefold().count(text[a:b].casefold()) == 1
        and not SYMBOL_AFTER.match(text, b)
        and not glossed(text, a, b)  # X（条件机制）是指…: the gloss gives X away
    ):
        return Key(a, b, text[a:b], DEFINED if whole else SUBJECT, 2.0)
    return None


_JOINS = ("u", "d", "c", "p", "r", "v", "f")
"""jieba tags of words that may follow a subject's last word without being part of it: a
particle (``的``), an adverb (``首先``), a conjunction (``只是``), a preposition, a pronoun, a verb,
a place word."""


_NEGATIONS = frozenset({"不", "没", "没有", "并不", "并非", "未", "非"})
"""Negations (jieba words): a subject said not to be something is no term to hide."""


def _whole_word(c: Candidate, start: int, a: int, b: int, bounds: TokenBounds) -> bool:
    """Whether ``c.text[a:b]`` is a whole word of the sentence's subject: before it nothing, or a
    conjunction or preposition (``由于``, ``尽管``); after it a bracket, a comma, or a word that joins
    it (:data:`_JOINS`), not the rest of a noun (``位[运算]``, ``空[二叉树]``, ``[装饰]器``)."""
    text = c.text
    lead = text[start:a].strip(_MARKS)
    if lead and c.cut.dictionary_tag(lead)[:1] not in ("c", "p"):
        return False
    rest = text[b:].lstrip(_MARKS)
    if not rest or rest[0] in "（(，,":
        return True
    token = bounds.by_start.get(len(text) - len(rest))
    if token is None or text[token[0] : token[1]] in _NEGATIONS:
        return False  # "[BERT] 不是…": what it is not
    return c.cut.dictionary_tag(text[token[0] : token[1]])[:1] in _JOINS

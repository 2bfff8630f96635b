"""Lead-in sentences that announce a list (``存在以下几个问题``, ``KMP 算法包括三个步骤``,
``DNI has three locks``), and the stand-alone question each one asks."""

from __future__ import annotations

import re
from collections.abc import Callable

from notecards.extract.lang.lead_in_words import (
    ASK_WHAT_ZH,
    CLASSIFIERS_ZH,
    CLAUSE_WORDS_EN,
    COUNTS_EN,
    COUNTS_ZH,
    DEMONSTRATIVES_ZH,
    ENUM_VERBS_ZH,
    GENERIC_NOUNS_ZH,
    LIST_NOUNS_EN,
    LIST_NOUNS_ZH,
    MAX_QUESTION_WORDS_EN,
    MAX_QUESTION_ZH,
    NARRATION,
    OPENINGS,
    OTHER_VERBS_EN,
    POINTING_ZH,
    SUBJECT_VERBS_EN,
    VAGUE_COUNTS_EN,
    ZH_ADVERBS,
)
from notecards.extract.lang.terms import skip_lead
from notecards.extract.lang.text import CJK, clean_inline, has_cjk, mid_sentence
from notecards.model import Tokenizer
from notecards.patterns import DOLLAR_SPAN

Lazy = Callable[[], str]
"""A text worked out only when it is asked for."""

_ZH_COUNT = "几|[两二三四五六七八九十]|\\d+"
_ZH_CLS = "|".join(sorted(CLASSIFIERS_ZH, key=len, reverse=True))
_ZH_NOUNS = "|".join(sorted(LIST_NOUNS_ZH, key=len, reverse=True))
_ZH_ANNOUNCE = re.compile(
    rf"(?:以下|下列|下面)的?(?:(?P<count>{_ZH_COUNT})(?P<cls>{_ZH_CLS}))?|(?P<bare>{_ZH_COUNT})(?P<bcls>{_ZH_CLS})"
)
"""A Chinese announcement: ``以下几个``, ``三个``, ``两类``, ``以下`` (the noun follows it)."""
_ZH_AS_FOLLOWS = re.compile(rf"(?P<noun>{_ZH_NOUNS})(?:主要)?(?:如下|如下所示)$")
_EN_NUMBER = "|".join([*COUNTS_EN, *(c.replace(" ", r"\s") for c in VAGUE_COUNTS_EN), r"\d+"])
_EN_NP = re.compile(
    rf"(?P<count>\b(?:the\s+following\s+)?(?:{_EN_NUMBER}))\s+(?P<noun>(?:[\w-]+\s+){{0,3}}?(?P<head>[a-z][\w-]*s))"
    r"(?P<post>\s+(?:of|in|for|to)\s+[^,;:]{1,60})?$",
    re.IGNORECASE,
)
"""The tail of an English lead-in: ``three locks``, ``the following two distinguishing features``."""
_EN_WAYS = re.compile(rf"(?<=\S)\s+in\s+(?P<count>{_EN_NUMBER})\s+(?:\w+\s+)?ways$", re.IGNORECASE)
_EN_THERE = re.compile(
    r"^there\s+(?:are|exist)\b(?:\s+(?:generally|usually|mainly|typically)\b)?", re.IGNORECASE
)
_EN_PRONOUN_SUBJECT = re.compile(
    r"^(?:it|they|this|these|the\s+(?:method|model|algorithm|approach|paper|technique|process|procedure|walkthrough))\b",
    re.IGNORECASE,
)
_EN_INTO = re.compile(
    r"(?<=\S)\s+(?:can|could|may|are|is)\s+(?:be\s+)?(?:divided|classified|grouped|split|categori[sz]ed|broken\s+down)\s+into$",
    re.IGNORECASE,
)
_EN_ADVERB_END = re.compile(
    r"(?<=\S)(?:\s+(?:usually|typically|generally|often|mainly|always|also|only))+$", re.IGNORECASE
)
_GENERIC_HEAD = re.compile(
    "|".join(
        sorted(
            (
                *ENUM_VERBS_ZH,
                *ZH_ADVERBS,
                *GENERIC_NOUNS_ZH,
                *LIST_NOUNS_ZH,
                "可以",
                "的",
                "为",
                "成",
                "了",
            ),
            key=len,
            reverse=True,
        )
    )
    + rf"|[^{CJK}A-Za-z]"
)
"""What is left of a question's start without these says nothing: the subject goes in front."""
_SHORT_HAN = re.compile(rf"^[{CJK}]{{2,3}}$")
"""A subject of two or three Han characters (``预训练``) names too little to stand alone."""
_OPENING = re.compile(
    r"^(?:\s*(?:[（(]?\d+[)）.、]|[（(]?[一二三四五六七八九十][)）、]|"
    + "|".join(re.escape(o) for o in sorted(OPENINGS, key=len, reverse=True))
    + r")\s*[，,]?\s*)+",
    re.IGNORECASE,
)
_CONDITION = re.compile(
    r"^(?:设|令|考虑|假设|假如|若|如果|当|仍然设|不妨设|记|题目大意|题意|题目描述)|为例|之一|中的一种"
    r"|(?:情况|情形|可能|可能性)$"
)
"""Case analyses in proofs (``考虑…，有两种情况``) and problem statements: no list card."""
_EN_POINTING = re.compile(r"\b(?:it|its|this|these|they|them|their|we|our|us|you)\b", re.IGNORECASE)
_NARRATION = re.compile(
    "|".join(rf"\b{re.escape(n)}\b" if n.isascii() else re.escape(n) for n in NARRATION),
    re.IGNORECASE,
)
_COUNT_ZH = re.compile(
    "|".join(
        ("如下", "以下", "下列", "下面", *(f"{c}(?:{_ZH_CLS})" for c in "几两二三四五六七八九十"))
    )
)
_DIGIT_OR_CLEANED = re.compile(r"[\d&\u200b-\u200d\u2060\ufeff]")
_COUNT_WORD_EN = re.compile("|".join((*COUNTS_EN, "several", "few", "couple", "some", "following")))
"""What every announcement :func:`lead_in_question` looks for holds: ``以下``, ``如下``, a Chinese count
and its measure word, a digit or an English count word (searched in lower case) — or something
cleaning deletes, which may join two halves of one. Each pattern is a literal or a class first
(``re`` then skips ahead to where one could match)."""
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")
"""The only characters ``re.IGNORECASE`` matches with an ASCII letter other than its capital
(İ ı ſ K): without them, an ignore-case search is a search in the lower-cased text."""
_CLAUSE_BREAK = re.compile(r"[，,。；;]")
_THE_FOLLOWING = re.compile(r"^the\s+following\s*", re.IGNORECASE)
_MATH = re.compile(DOLLAR_SPAN)
_COLON = re.compile(r"：\s*|:(?![/\w]*`)(?!//)\s*")


ITEM_SPLIT = re.compile(r"[,，、;；]\s*(?:(?:and|or)\s+)?|(?<=\S)\s+(?:and|or)\s+|以及|和|与|及")
"""What separates the items of a list written inline (``A、B 和 C``, ``A, B and C``)."""


def count_value(word: str) -> int | None:
    """``三``/``three``/``3`` → 3; ``几``/``several``/``the following`` → None (any length)."""
    word = word.strip().lower()
    if word.isdigit():
        return int(word)
    if word in COUNTS_ZH:
        return COUNTS_ZH[word]
    return COUNTS_EN.get(word.split()[-1] if word else "")


def _is_narration(text: str) -> bool:
    return bool(_NARRATION.search(text))


def _stand_alone_zh(question: str, subject: str, referent: str, cut: Tokenizer) -> str:
    """The question made to name its subject (a leading pronoun replaced by ``referent``, the
    section it sits in; a missing subject put in front), or empty when it still points outside
    itself (``这可能是不可取的，原因…``)."""
    tokens = list(cut(question))
    first = tokens[0] if tokens else ""
    if first in ("它", "它们", "其") and referent:
        tokens[0] = referent
    elif first in DEMONSTRATIVES_ZH and len(tokens) > 2 and referent:
        at = 2 if tokens[1] in CLASSIFIERS_ZH else 1
        if tokens[at] not in GENERIC_NOUNS_ZH:
            return ""
        tokens[: at + 1] = [referent]  # ``该算法的流程`` → ``<section>的流程``
    elif subject and subject not in question:
        if first in ENUM_VERBS_ZH + ZH_ADVERBS or first.startswith(ZH_ADVERBS[:3]):
            tokens.insert(0, subject)
        elif first in LIST_NOUNS_ZH + GENERIC_NOUNS_ZH:
            tokens.insert(0, f"{subject}的")
    if any(t in POINTING_ZH or t.startswith(("这", "该")) for t in tokens):
        return ""
    if not subject and tokens[0] in ENUM_VERBS_ZH + ZH_ADVERBS:
        return ""
    question = "".join(tokens)
    head = question[: question.find("哪") if "哪" in question else len(question) - 4]
    named = _GENERIC_HEAD.sub("", head)
    if subject and subject not in question and (len(named) < 2 or _SHORT_HAN.match(named)):
        # ``具体步骤是什么？``, ``预训练包括哪两个任务？`` say too little alone
        question = f"{subject}：{question}"
    return question if len(_MATH.sub("x", question)) <= MAX_QUESTION_ZH else ""


def _question_zh(
    lead: str, subject: Lazy, referent: Lazy, cut: Tokenizer
) -> tuple[str, int | None] | None:
    """``多头注意力存在以下几个问题`` → (``多头注意力存在哪几个问题？``, None)."""
    if (match := _ZH_AS_FOLLOWS.search(lead)) and match.start():
        noun = match.group("noun")
        ask = "是什么" if noun in ASK_WHAT_ZH else "有哪些"
        question = f"{lead[: match.start()]}{noun}{ask}？"
        question = _stand_alone_zh(question, subject(), referent(), cut)
        return (question, None) if question else None
    found = list(_ZH_ANNOUNCE.finditer(lead))
    if not found:
        return None
    match = found[-1]
    pre, noun = lead[: match.start()], lead[match.end() :].strip()
    if len(noun) > 12 or _CLAUSE_BREAK.search(noun):
        return None
    count_word = match.group("count") or match.group("bare") or ""
    cls = match.group("cls") or match.group("bcls") or ""
    if not count_word and noun not in LIST_NOUNS_ZH:
        return None  # ``以下内容`` announces nothing worth a card
    count = count_value(count_word) if count_word else None
    if pre.endswith("的") and count_word:
        question = f"{pre}{count_word}{cls}{noun}是什么？"  # ``X的三个步骤：``
    elif pre.endswith(ENUM_VERBS_ZH + tuple(v + "了" for v in ENUM_VERBS_ZH) + ("为", "成")):
        question = f"{pre}{'哪' + count_word + cls if count_word else '哪些'}{noun}？"
    else:
        return None
    question = _stand_alone_zh(question, subject(), referent(), cut)
    return (question, count) if question else None


def _base_verb(verb: str) -> str:
    """``removes`` → ``remove``, ``addresses`` → ``address`` (third person to base form)."""
    if verb.endswith(("sses", "shes", "ches", "xes")):
        return verb[:-2]
    return verb[:-1] if verb.endswith("s") and not verb.endswith("ss") else verb


def _subject_en(text: str, subject: str) -> str:
    """The owner of an English lead-in, its pronoun (``It``, ``The algorithm``) replaced by the
    subject; empty when it is a clause rather than a noun phrase."""
    text = _EN_ADVERB_END.sub("", text.strip())
    subject = mid_sentence(subject)
    text = _EN_PRONOUN_SUBJECT.sub(subject, text, count=1) if subject else text
    words = text.lower().split()
    if not words or len(words) > 8 or set(words) & set(CLAUSE_WORDS_EN):
        return ""
    return text


def _question_en(lead: str, subject: Lazy) -> tuple[str, int | None] | None:
    """``DNI has three locks`` → (``What are the three locks of DNI?``, 3)."""
    if match := _EN_WAYS.search(lead):
        count = count_value(match.group("count"))
        doer = _subject_en(lead[: match.start()], subject())
        number = f"{match.group('count')} " if count else ""
        return (f"What are the {number}ways {doer}?", count) if doer else None
    match = _EN_NP.search(lead)
    if not match:
        return None
    count_word = _THE_FOLLOWING.sub("", match.group("count"))
    count = count_value(count_word) if count_word else None
    head = match.group("head").lower()
    if count is None and head not in LIST_NOUNS_EN:
        return None
    noun = f"{count_word} {match.group('noun')}" if count else match.group("noun")
    post = match.group("post") or ""
    pre = lead[: match.start()].strip()
    low = pre.lower()
    if there := _EN_THERE.match(pre):
        if pre[there.end() :].strip():
            return None
        return f"What are the {noun}{post or ' in ' + subject()}?", count
    if verb := next((v for v in SUBJECT_VERBS_EN if low.endswith(" " + v)), ""):
        owner = _subject_en(pre[: -len(verb)], subject())
        link = "of" if head in LIST_NOUNS_EN else "in"
        return (f"What are the {noun}{post} {link} {owner}?", count) if owner else None
    if verb := next((v for v in OTHER_VERBS_EN if low.endswith(" " + v)), ""):
        owner = _subject_en(pre[: -len(verb)], subject())
        aux = "does" if verb != _base_verb(verb) else "do"
        return (f"Which {noun} {aux} {owner} {_base_verb(verb)}{post}?", count) if owner else None
    if into := _EN_INTO.search(pre):
        owner = _subject_en(pre[: into.start()], subject())
        return (f"What are the {noun} {owner} {into.group().strip()}?", count) if owner else None
    return None


def _bare_lead(lead: str) -> str:
    """A lead-in without its opening connectives and its colon."""
    return _OPENING.sub("", skip_lead(clean_inline(lead), clauses=False)).rstrip(" ：:")


def may_count(text: str) -> bool:
    """Whether ``text`` may name a count (or ``以下``/``如下``), as every list announcement does
    (:func:`lead_in_question` finds none in a lead-in without): False when it surely does not.
    Quick scans, to skip most lead-ins before anything else."""
    if _COUNT_ZH.search(text) or _DIGIT_OR_CLEANED.search(text):
        return True
    if _FOLDS_TO_ASCII.search(text):
        return True  # let the ignore-case patterns decide
    return bool(_COUNT_WORD_EN.search(text.lower()))


def lead_in_question(
    lead: str, subject: str, cut: Tokenizer, referent: str = ""
) -> tuple[str, int | None] | None:
    """The question a lead-in sentence (without its colon) announces, and how many items it
    promises (None: any number); None when it announces no list card. ``subject`` is put in
    front of a question that names too little; ``referent`` (the section the lead-in sits in)
    replaces a leading pronoun (defaults to ``subject``); ``cut`` is the build's tokenizer."""
    return ask_lead_in(lead, lambda: subject, lambda: referent or subject, cut)


def ask_lead_in(
    lead: str, subject: Lazy, referent: Lazy, cut: Tokenizer
) -> tuple[str, int | None] | None:
    """:func:`lead_in_question` with the subject and the referent worked out only when a
    question needs them (speed: finding one searches the headings for each lead-in)."""
    lead = _bare_lead(lead)
    if not lead or lead.endswith(("?", "？")):
        return None
    zh = has_cjk(lead)
    # What each question needs, before the costlier narration test (speed: most fail here).
    if zh and not (_ZH_AS_FOLLOWS.search(lead) or _ZH_ANNOUNCE.search(lead)):
        return None
    if not zh and not (_EN_WAYS.search(lead) or _EN_NP.search(lead)):
        return None
    if _is_narration(lead):
        return None
    if zh:
        return None if _CONDITION.search(lead) else _question_zh(lead, subject, referent, cut)
    asked = _question_en(lead, subject)
    if not asked or _EN_POINTING.search(asked[0]) or len(asked[0].split()) > MAX_QUESTION_WORDS_EN:
        return None
    return asked


def split_colon(text: str) -> tuple[str | None, str]:
    """``lead：rest`` at the first colon outside math, code, links and ``:role:`` marks;
    (None, text) when there is none."""
    if ":" not in text and "：" not in text:
        return None, text  # most sentences have no colon (speed)
    for match in _COLON.finditer(text):
        before = text[: match.start()]
        if before.count("$") % 2 or before.count("`") % 2 or before.count("[") > before.count("]"):
            continue
        rest = text[match.end() :]
        for mark in ("**", "__"):
            if before.count(mark) % 2 and rest.lstrip().startswith(mark):
                # "**High Performance:** BYOL …": the colon sits inside the bold label
                return before + mark, rest.lstrip()[len(mark) :]
        return before, rest
    return None, text

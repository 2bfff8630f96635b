"""Where the terms of a sentence may lie: runs of Latin words (names kept apart from plain
words) and Han noun words from jieba's dictionary, merged into compounds and widened over glued
single characters. :mod:`notecards.extract.ranking.keys` scores these spans and picks the one a
cloze hides."""

from __future__ import annotations

import functools
import re

from notecards.extract.lang.cloze import TokenBounds
from notecards.extract.lang.function_words import STOP_EN
from notecards.extract.lang.terms import (
    CLAUSE_WORDS_ZH,
    GENERIC_TERMS_EN,
    GENERIC_TERMS_ZH,
    PRONOUNS_ZH,
)
from notecards.extract.lang.text import HAN
from notecards.extract.ranking.candidates import HAN_WORD, Candidate, NoteView
from notecards.model import Tokenizer
from notecards.segment import segment

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-+./'·][A-Za-z0-9]+)*\+*")
"""A Latin word, with its inner hyphens, dots and apostrophes (``end-to-end``, ``C++``)."""
NOT_TERMS = frozenset(
    {
        *STOP_EN,
        *(w.casefold() for w in GENERIC_TERMS_EN),
        "paper",
        "model",
        "models",
        "method",
        "approach",
        "results",
        "result",
        "work",
        "authors",
        "author",
        "figure",
        "table",
        "section",
        "example",
        "data",
        "way",
        "time",
        "number",
        "set",
        "part",
        "case",
        "task",
        "tasks",
        "ok",
    }
)
"""English words never hidden as a term: function words and generic nouns (paper, method)."""
NOT_TERMS_ZH = frozenset(
    {*CLAUSE_WORDS_ZH, *PRONOUNS_ZH, *GENERIC_TERMS_ZH, *segment.KEYWORD_STOP_WORDS}
)
"""Chinese words never hidden as a term: clause words, pronouns, generic nouns."""


_NOUN_TAGS = frozenset({"n", "nz", "nr", "nt", "ns", "nrt", "eng", "vn"})
"""jieba's noun tags (``vn``: a verb used as a noun, 训练 in 训练数据)."""
_PRONOUN_FIRST = frozenset(p for p in PRONOUNS_ZH if len(p) == 1)
"""The one-character pronouns (它, 这, 该, 其 …): a word jieba's table lacks that opens on one
is a pronoun and what follows it (它学得, 该方法), never a term."""
GLUE_ZH = frozenset("的了是在和与及或等中上下把被对为从向将也都就而且并其之所以如")
"""Single characters that stand alone; any other single Han character next to a word is part
of it (预 + 训练, 全 + 连接)."""


def _name_shaped(word: str) -> bool:
    """A word written as a name: capitalised, an acronym, or with digits."""
    return any(ch.isupper() or ch.isdigit() for ch in word)


def _opens_sentence(text: str, at: int) -> bool:
    """Whether only markup and punctuation stand before offset ``at`` of its sentence or
    clause (a capital there says nothing of a name)."""
    before = text[:at].rstrip(" *_`\"'“‘([（")
    return not before or before[-1] in ".!?:;。！？：；"


_TITLE_GOES_ON = re.compile(r"(?: [A-Z][a-z]+)+ (?:is|are|was|were|refers|stands)\b")
"""Capitalised words after a sentence's first one, then its verb: together they are the name
the sentence is about (Gradient Descent is …; not Proposed Efficient U-Net, …)."""


def latin_runs(text: str) -> list[tuple[int, int, bool]]:
    """Runs of Latin words (up to four) that are not function words, joined by single spaces,
    each all names or all plain words, with whether they are names."""
    runs: list[tuple[int, int, bool]] = []
    current: list[tuple[int, int]] = []
    current_shaped = False
    for match in LATIN_WORD.finditer(text):
        word = match.group(0)
        if word.casefold() in NOT_TERMS or len(word) < 2:
            current = []
            continue
        shaped = _name_shaped(word)
        if (
            shaped
            and _opens_sentence(text, match.start())
            and word[1:].islower()
            and not _TITLE_GOES_ON.match(text, match.end())
        ):
            shaped = False  # "Now …", "The …": every English sentence opens on a capital
        if (
            current
            and text[current[-1][1] : match.start()] == " "
            and len(current) < 4
            and shaped == current_shaped
        ):
            current.append(match.span())
        else:
            current = [match.span()]
            current_shaped = shaped
        runs.append((current[0][0], current[-1][1], shaped))
    return runs


def _is_word(text: str, cut: Tokenizer) -> bool:
    """Whether jieba's tables know ``text`` as one word."""
    return bool(cut.word_frequency(text)) or cut.idf_of(text) is not None


def _nounish(token: str, note: NoteView, cut: Tokenizer) -> bool:
    """A Han word that may name something: a noun in jieba's dictionary (rare words included:
    卷积, 掩码; not 回退 v, 逐字逐句 i), or a word the dictionary lacks that is long (自回归) or
    that the note repeats (词元) — a new term, not a fragment jieba cut (用时)."""
    if len(token) < 2:
        return False  # most tokens: spaces, punctuation, one character (speed: no cache lookup)
    known = _noun_by_form(token, cut)
    return known if known is not None else note.term_counts.get(token, 0) >= 2


@functools.lru_cache(maxsize=1 << 16)
def _noun_by_form(token: str, cut: Tokenizer) -> bool | None:
    """:func:`_nounish` as far as the word alone decides it (None: a short word the dictionary
    lacks, which the note decides); remembered, as most tokens recur (speed)."""
    if len(token) < 2 or HAN_WORD.fullmatch(token) is None or token in NOT_TERMS_ZH:
        return False
    tag = cut.dictionary_tag(token)
    if tag:
        return tag in _NOUN_TAGS
    if len(token) < 3:
        return None
    return token[0] not in _PRONOUN_FIRST


def han_spans(c: Candidate, note: NoteView, bounds: TokenBounds) -> list[tuple[int, int]]:
    """jieba's noun words (and words too rare for its table), merged with a neighbouring noun
    word into compounds (推理 + 加速 + 引擎) and widened over glued single characters
    (``bounds``: the sentence's :func:`~notecards.extract.lang.cloze.token_bounds`)."""
    tokens, cut = c.tokens, c.cut
    starts = [a for a, _ in bounds.spans]
    known = note.nouns
    nounish: list[bool] = []
    for token in tokens:
        ok = known.get(token)
        if ok is None:
            ok = known[token] = _nounish(token, note, cut)
        nounish.append(ok)
    glued = [len(t) == 1 and t not in GLUE_ZH and HAN.match(t) is not None for t in tokens]
    spans: list[tuple[int, int]] = []
    for i, ok in enumerate(nounish):
        if not ok:
            continue
        loose = (i > 0 and glued[i - 1]) or (i + 1 < len(tokens) and glued[i + 1])
        if loose and len(tokens[i]) == 2 and not cut.dictionary_tag(tokens[i]):
            continue  # an unknown pair beside a lone character: jieba cut a word apart (池/化做)
        first, last = i, i
        # A single character glued to the word when the two are one word (预 + 训练).
        if first > 0 and glued[first - 1] and _is_word(tokens[first - 1] + tokens[first], cut):
            first -= 1
        if (
            last + 1 < len(tokens)
            and glued[last + 1]
            and _is_word(tokens[last] + tokens[last + 1], cut)
        ):
            last += 1
        spans.append((starts[first], starts[last] + len(tokens[last])))
        # A compound: this word and the next one or two noun words (a term of several words).
        end = i
        while end + 1 < len(tokens) and nounish[end + 1] and end - i < 2:
            end += 1
            spans.append((starts[first], starts[end] + len(tokens[end])))  # 多 + 任务 + 模型
    return spans

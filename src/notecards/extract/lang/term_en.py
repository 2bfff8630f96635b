"""English term shapes shared by the English definition rule (:mod:`definition_en`) and the
role and key-claim cards: whether a sentence opens with a term, the term as a question shows it,
and whether it needs the note's topic (the English side of :mod:`term_zh`)."""

from __future__ import annotations

import re

from notecards.extract.lang.markup import plain
from notecards.extract.lang.terms import (
    ARTICLES_EN,
    CLAUSE_WORDS_EN,
    GENERIC_TERMS_EN,
    PRONOUNS_EN,
)
from notecards.patterns import EN_WORD

OPENERS_NOT_TERMS = (
    "it", "this", "that", "these", "those", "there", "here", "we", "you", "they", "he", "she",
    "i", "one", "each", "every", "all", "some", "most", "many", "much", "such", "our", "its",
    "their", "his", "her", "what", "which", "who", "how", "why", "when", "where", "if", "since",
    "because", "while", "although", "though", "however", "then", "so", "thus", "hence", "note",
    "also", "now", "again", "as", "in", "on", "at", "for", "to", "by", "with", "from", "after",
    "before", "during", "unlike", "like", "both", "either", "neither", "another", "other",
    "first", "second", "next", "last", "finally", "only", "not", "no", "just", "let", "consider",
    "recall", "suppose", "given", "below", "above", "following", "previous", "same", "more",
    "less", "fewer", "few", "any", "whether", "today", "nowadays", "currently", "example",
    "of", "even", "please", "two", "three", "four", "five", "several", "various", "different",
    "but", "and", "or", "yet", "too", "consequently", "accordingly", "similarly", "likewise",
    "instead", "meanwhile", "otherwise", "furthermore", "moreover", "additionally", "clearly",
    "obviously", "fortunately", "unfortunately", "interestingly", "importantly", "notably",
)  # fmt: skip
"""First words that show a sentence does not open with a term."""

MODIFIERS_NOT_TERMS = (
    "first", "second", "third", "fourth", "last", "next", "previous", "following", "former",
    "latter", "other", "same", "original", "updated", "remaining", "above", "below", "new",
    "old", "final", "resulting", "current", "entire", "whole", "rest", "main", "only", "key",
    "related", "notable", "similar", "corresponding", "particular", "given", "specific",
    "underlying",
)  # fmt: skip
"""Words after an article that point at something in the surrounding text (``The second element``)."""

GERUND_OBJECTS = (
    "the", "a", "an", "of", "in", "both", "all", "each", "our", "their", "its", "these", "those",
    "this", "that", "some", "many", "more", "multiple", "two", "caches", "penalties",
)  # fmt: skip
"""Second words that make ``<verb>ing …`` an action (``Matching both goals``), not a term."""

_ASIDE = re.compile(r"(?<!\s)\s*\((?:e\.g\.|i\.e\.|see|cf\.|for example)[^()]*\)")
r"""An aside and the spaces before it (``(?<!\s)``: a run of spaces is tried from its start
only, so the search stays linear)."""


def words_of(term: str) -> list[str]:
    """The English words of ``term``, marks dropped."""
    return re.findall(EN_WORD, plain(term))


def is_term(term: str) -> bool:
    """A sentence-initial term: no pronoun, no clause opener, not a bare generic noun."""
    words = [w.casefold() for w in words_of(re.sub(r"\([^()]*\)", "", term))]
    if not words or words[0] in OPENERS_NOT_TERMS or any(w in PRONOUNS_EN for w in words):
        return False
    if any(w in CLAUSE_WORDS_EN for w in words):
        return False
    if words[0] in ARTICLES_EN and words[1:2] and words[1] in MODIFIERS_NOT_TERMS:
        return False
    if len(words) > 1 and words[0].endswith("ing") and words[1] in GERUND_OBJECTS:
        return False  # "Adding caches is …": a gerund phrase is an action, not a term
    if any(w in ("thing", "things", "stuff") for w in words):
        return False
    content = [w for w in words if w not in ARTICLES_EN]
    return bool(content) and not (len(content) == 1 and content[0] in GENERIC_TERMS_EN)


def display_term(term: str) -> str:
    """The term as a question shows it: marks dropped, a sentence-initial capital lowered."""
    term = _ASIDE.sub("", plain(term))
    first, _, rest = term.partition(" ")
    words = re.findall(r"[A-Za-z][\w'’-]*", re.sub(r"\([^()]*\)", "", rest))
    proper = any(
        w[:1].isupper() and w[1:].islower() for w in words
    )  # "Decoupled Neural Interfaces"
    if first in ("A", "An", "The") or (first[:1].isupper() and first[1:].islower() and not proper):
        first = first[0].lower() + first[1:]
    return f"{first} {rest}".strip()


CONTEXT_MODIFIERS_EN = (
    "easiest", "simplest", "final", "first", "last", "basic", "original", "resulting", "overall",
    "real", "actual", "current", "initial", "new", "best", "main",
)  # fmt: skip
"""Words after ``the`` that only the note's subject makes definite (``the final loss``)."""


def needs_topic(term: str) -> bool:
    """Whether ``the X`` points at something only the note's subject names: one or two plain
    lower-case words (``the shape``, ``the learning``) or a relative modifier (``the easiest
    representation``); names (``the Transformer``) and qualified phrases (``the loss of X``) do
    not."""
    words = term.split()
    if len(words) < 2 or words[0].casefold() != "the":
        return False
    rest = words[1:]
    if rest[0].casefold() in CONTEXT_MODIFIERS_EN or rest[0].endswith("est"):
        return True
    return len(rest) <= 2 and all(re.fullmatch(r"[a-z]+", w) for w in rest)


_NAME_CASE = re.compile(r"[A-Za-z][A-Za-z0-9]*?[A-Z0-9]")
"""A first word written as a name: a capital or a digit after its first letter (``vLLM``,
``iPhone``, ``x86``)."""


def opens_on_name(text: str) -> bool:
    """Whether ``text``'s first word is written as a name (``vLLM 的吞吐量``, ``GPT-3 相较于``,
    ``DQN performs``)."""
    return _NAME_CASE.match(text) is not None


def capitalized(text: str) -> str:
    """``text`` opening with a capital letter, as a sentence does, unless its first word is
    written as a name (``vLLM 的吞吐量…`` stays: a name keeps the case its note gives it)."""
    if not text or opens_on_name(text):
        return text
    return text[:1].upper() + text[1:]

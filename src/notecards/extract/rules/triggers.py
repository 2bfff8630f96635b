"""The rules' triggers: for each rule, a regex every hit of it needs in the text it reads
(case-folded), built from the rules' own word lists (see :attr:`notecards.extract.rules.Rule.trigger`).

Imported only when a build runs its rules: compiling these and importing the rule modules whose
words they use is most of what a rebuild that runs no rule would otherwise spend.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from notecards.extract.lang.figures import MAGNITUDES, UNITS
from notecards.extract.rules.key_claim import (
    SUMMARY_HEADINGS,
    SUPERLATIVES_ZH,
    VERDICT_NOUNS_EN,
    VERDICT_NOUNS_ZH,
)
from notecards.extract.rules.question_heading import QUESTION_WORDS_EN, QUESTION_WORDS_ZH
from notecards.extract.rules.role import ROLE_NOUNS_EN, ROLE_NOUNS_ZH

COMMON_CHARS = {
    **dict(zip("etainosrlchdmpugfbwyxvkqjz", (46, 40, 34, 32, 30, 29, 26, 25, 19, 16, 16, 16,
                                               15, 14, 12, 11, 11, 10, 7, 6, 5, 5, 4, 2, 2, 1))),
    "的": 16, "数": 5, "一": 5, "个": 5, "为": 4, "以": 3, "有": 3, "用": 3, "点": 2, "于": 2,
    "不": 2, "分": 2, "时": 2, "如": 2, "要": 2, "最": 2,
}  # fmt: skip
"""Characters per thousand of the notes' case-folded sentences (d2l-zh and oi-wiki), for the
characters of trigger words common enough to matter; any other counts as one."""


@dataclass(frozen=True)
class _Words:
    """Trigger words (case-folded here) that must follow ``before`` and be followed by
    ``after`` (regexes; ``before`` of a fixed width)."""

    words: tuple[str, ...]
    before: str = ""
    after: str = ""


def _words(words: Iterable[str], *, before: str = "", after: str = "") -> _Words:
    return _Words(tuple(sorted({w.casefold() for w in words})), before, after)


def _any(*parts: str | Iterable[str] | _Words) -> re.Pattern[str]:
    """A trigger: any of the regex ``parts`` (strings, in lower case, each starting with a
    literal), or of the words of the iterables and :class:`_Words`.

    ``re`` skips ahead to a character an alternative can start with, then tries the pattern
    there: the cost is the number of such stops, and common letters make many (``a`` of
    ``advantage`` stops it at every ``a``). So each word is matched from a rare character of
    it (see :func:`_anchors`), a lookbehind checking the whole word once the rest of it has
    matched: ``vantage(?<=advantage)``."""
    families = [
        part if isinstance(part, _Words) else _words(part)
        for part in parts
        if not isinstance(part, str)
    ]
    entries = [(w, f) for f in families for w in f.words]
    anchors = _anchors([w for w, _ in entries])
    groups: dict[str, set[str]] = {}
    for (word, family), at in zip(entries, anchors):
        rest = re.escape(word[at + 1 :])
        if at or family.before:
            rest += f"(?<={family.before}{re.escape(word)})"  # the whole word, once matched
        groups.setdefault(word[at], set()).add(rest + family.after)
    alternatives = [part for part in parts if isinstance(part, str)]
    for char, rests in sorted(groups.items()):
        body = "" if "" in rests else "|".join(sorted(rests))
        alternatives.append(re.escape(char) + (f"(?:{body})" if "|" in body else body))
    return re.compile("|".join(alternatives))


def _anchors(words: list[str]) -> list[int]:
    """For each word, the index of the character to match it from, chosen so that the stops
    are few: greedily, the character with the least text per word it serves (a weighted set
    cover), so that words share stops (``最`` for ``最常用的``, ``最重要的`` …)."""
    anchors = [-1] * len(words)
    while -1 in anchors:
        serves: dict[str, int] = {}
        for word, at in zip(words, anchors):
            if at < 0:
                for ch in set(word):
                    serves[ch] = serves.get(ch, 0) + 1
        best = min(serves, key=lambda ch: (COMMON_CHARS.get(ch, 1) / serves[ch], ch))
        anchors = [w.index(best) if at < 0 and best in w else at for w, at in zip(words, anchors)]
    return anchors


EXPLICIT = _any(r":|：|\{\{c|==")
"""explicit: Q :: A / Q ::: A and Q:/问： pairs need a colon; cloze marks {{c1::…}} or ==…==."""

QUESTION_HEADING = _any(r"\?|？", QUESTION_WORDS_ZH, QUESTION_WORDS_EN)
"""question_heading: a question heading ends in ?/？ or holds a question word (什么, how …)."""

ENUMERATION = _any(r":|：|的(?:\W|&\w+;)*(?:[两二三四五六七八九十]|\d)", ("are",))
"""enumeration: lead-ins end in a colon; items named first need "are" (… are the three Y of X)
or 的 and a count (X的三个Y; between them, what clean_inline deletes)."""

LABELLED = _any(r"[:：—-]")
"""labelled: Label: / **Term**: / Term —— need a colon or a dash (``-&nbsp;-`` cleans to --)."""

COLON_ITEM = _any(r"[:：]")
"""colon_item: - Term: explanation is split at its first colon."""

BILINGUAL_TERM = _any(r"[(（]")
"""bilingual_term: both glosses are in parentheses: 术语（term）, term（术语）."""

DEFINITION_EN = _any(
    r"\.(?<=i\.)\s?e\.",
    _words(("is", "are"), after=r"\b"),
    ("refer", "denotes", "means", "call"),
)
"""definition_en: X is/are Y (and … is called X), X refers to/denotes/is defined as Y, X means Y,
X, i.e. Y, We call/refer to Y X."""

DEFINITION_ZH = _any(r"是|指|即|定义为|称|叫|命名|:|：")
"""definition_zh: X是(指)Y, 所谓X就是Y, X指的是Y, X定义为Y, X，即Y, ……称为/叫做/命名为X, X：Y."""

ROLE = _any(("用于", "用来", "用以", "used"), ROLE_NOUNS_ZH, ROLE_NOUNS_EN)
"""role: X用于/用来/用以Y, X is used to/for Y, X的<role noun>是Y, the <role noun> of X is Y."""

KEY_CLAIM = _any(
    _words((*UNITS, *MAGNITUDES), before=r"\d"),
    _words((*UNITS, *MAGNITUDES), before=r"\d\s"),
    SUPERLATIVES_ZH,
    _words(("the",), after=r"\s+(?:first|earliest|only|most)"),
    VERDICT_NOUNS_ZH,
    _words(VERDICT_NOUNS_EN, after=r"s?\s+of\s"),
    ("比", "than"),
    ("[", ":`", ":end_tab:", "**"),
)
"""key_claim: what the rule's first test (key_claim._has_cue and _MARKUP, in the raw sentence)
needs: figures a unit right after a number (5%, 10 倍, 3 layers, 1亿); firsts a superlative
(X是第一个…, X is the first/only/most …); verdicts a verdict noun (X的缺点是…, the drawback of X
is …); comparisons 比/than; or markup whose removal may join words into one of these."""

KEY_CLAIM_HEADINGS = _any(SUMMARY_HEADINGS)
"""key_claim's ``any_text_under``: summary points (under 小结/Summary …) may be any sentence
naming a note term."""

"""How a rule's trigger is built: a regex searched in the case-folded text, matching each of
the rule's words from a rare character of it (see :attr:`notecards.extract.rules.Rule.trigger`).

Each built-in rule declares its ``TRIGGER`` in its own module, from its own word lists; this
module only builds the regex.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

COMMON_CHARS = {
    **dict(zip("etainosrlchdmpugfbwyxvkqjz", (46, 40, 34, 32, 30, 29, 26, 25, 19, 16, 16, 16,
                                               15, 14, 12, 11, 11, 10, 7, 6, 5, 5, 4, 2, 2, 1))),
    "的": 16, "数": 5, "一": 5, "个": 5, "为": 4, "以": 3, "有": 3, "用": 3, "点": 2, "于": 2,
    "不": 2, "分": 2, "时": 2, "如": 2, "要": 2, "最": 2,
}  # fmt: skip
"""Characters per thousand of the notes' case-folded sentences (d2l-zh and oi-wiki), for the
characters of trigger words common enough to matter; any other counts as one."""


@dataclass(frozen=True)
class Words:
    """Trigger words (case-folded here) that must follow ``before`` and be followed by
    ``after`` (regexes; ``before`` of a fixed width)."""

    words: tuple[str, ...]
    before: str = ""
    after: str = ""


def words(words: Iterable[str], *, before: str = "", after: str = "") -> Words:
    """``words`` as trigger words (case-folded, deduplicated) between ``before`` and ``after``."""
    return Words(tuple(sorted({w.casefold() for w in words})), before, after)


def trigger(*parts: str | Iterable[str] | Words) -> re.Pattern[str]:
    """A trigger: any of the regex ``parts`` (strings, in lower case, each starting with a
    literal), or of the words of the iterables and :class:`Words`.

    ``re`` skips ahead to a character an alternative can start with, then tries the pattern
    there: the cost is the number of such stops, and common letters make many (``a`` of
    ``advantage`` stops it at every ``a``). So each word is matched from a rare character of
    it (see :func:`_anchors`), a lookbehind checking the whole word once the rest of it has
    matched: ``vantage(?<=advantage)``."""
    families = [
        part if isinstance(part, Words) else words(part)
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

"""The extraction rule chain: :func:`default_rules` lists every built-in rule, in order."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from notecards.model import BlockKind
from notecards.rules.base import Context, Hit, Rule, RuleFn, RuleList, Scope, rule
from notecards.rules.bilingual_term import bilingual_term
from notecards.rules.colon_item import colon_item
from notecards.rules.definition_en import definition_en
from notecards.rules.definition_zh import definition_zh
from notecards.rules.enumeration import enumeration
from notecards.rules.explicit import explicit
from notecards.rules.figures import MAGNITUDES, UNITS
from notecards.rules.key_claim import (
    SUMMARY_HEADINGS,
    SUPERLATIVES_ZH,
    VERDICT_NOUNS_EN,
    VERDICT_NOUNS_ZH,
    key_claim,
)
from notecards.rules.labelled import labelled
from notecards.rules.question_heading import QUESTION_WORDS_EN, QUESTION_WORDS_ZH, question_heading
from notecards.rules.role import ROLE_NOUNS_EN, ROLE_NOUNS_ZH, role

__all__ = [
    "Context",
    "Hit",
    "Rule",
    "RuleFn",
    "RuleList",
    "Scope",
    "compiled_patterns",
    "default_rules",
    "rule",
]

PROSE = frozenset({BlockKind.PARAGRAPH, BlockKind.ITEM})
"""Paragraphs and list items: the only blocks most rules read."""


def _any(*parts: str | Iterable[str]) -> re.Pattern[str]:
    """A trigger: any of the regex ``parts`` (strings, in lower case), or of the words in the
    iterables (case-folded here, like the text the engine searches)."""
    words = {w.casefold() for part in parts if not isinstance(part, str) for w in part}
    alternatives = [part for part in parts if isinstance(part, str)]
    if words:
        alternatives.append(_prefix_tree(words))
    return re.compile("|".join(alternatives))


def _prefix_tree(words: set[str]) -> str:
    """An alternation of ``words`` written as a prefix tree, its top-level branches bare: each
    starts with a literal, so ``re`` still skips ahead to a possible first character, and it
    then tries one branch per character instead of every word (the triggers run over every
    sentence of a note)."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return "|".join(re.escape(ch) + emit(child) for ch, child in sorted(tree.items()) if ch)


def default_rules() -> RuleList:
    """The built-in rules in the order they run (block rules first, then sentence rules).

    Order is behaviour: an earlier rule claims its text before a later one sees it. Cards the
    user marked by hand come first; the key-claim cloze comes last as the catch-all, like
    markdown-it's ``paragraph`` rule.

    Each rule also says which blocks it can fire on (``kinds``) and what its every hit needs in
    the text it reads (``trigger``: the literal anchors of each of its pattern families), so the
    engine skips the rest without calling it. A rule change that adds a path to a hit without
    these anchors must widen its trigger (tests/test_triggers.py runs every fixture both ways).
    """
    return RuleList(
        (
            # Block rules: see several blocks at once (headings, lists, lead-ins).
            rule(
                "explicit",
                Scope.BLOCK,
                explicit,
                kinds=PROSE,
                # Q :: A / Q ::: A and Q:/问： pairs need a colon; cloze marks {{c1::…}} or ==…==.
                trigger=_any(r":|：|\{\{c|=="),
            ),
            rule(
                "question_heading",
                Scope.BLOCK,
                question_heading,
                kinds=frozenset({BlockKind.HEADING}),
                # A question heading ends in ?/？ or holds a question word (什么, how …).
                trigger=_any(r"\?|？", QUESTION_WORDS_ZH, QUESTION_WORDS_EN),
            ),
            rule(
                "enumeration",
                Scope.BLOCK,
                enumeration,
                kinds=PROSE,
                # Lead-ins end in a colon; items named first need "are" (… are the three Y of X)
                # or 的 and a count (X的三个Y; between them, what clean_inline deletes).
                trigger=_any(r":|：|are|的(?:\W|&\w+;)*(?:[两二三四五六七八九十]|\d)"),
            ),
            rule(
                "labelled",
                Scope.BLOCK,
                labelled,
                kinds=PROSE,
                # Label: / **Term**: / Term —— need a colon or a dash (``-&nbsp;-`` cleans to --).
                trigger=_any(r"[:：—-]"),
            ),
            rule(
                "colon_item",
                Scope.BLOCK,
                colon_item,
                kinds=frozenset({BlockKind.ITEM}),
                # - Term: explanation is split at its first colon.
                trigger=_any(r"[:：]"),
            ),
            rule(
                "bilingual_term",
                Scope.BLOCK,
                bilingual_term,
                kinds=frozenset({BlockKind.PARAGRAPH, BlockKind.ITEM, BlockKind.HEADING}),
                # Both glosses are in parentheses: 术语（term）, term（术语）.
                trigger=_any(r"[(（]"),
            ),
            # Sentence rules: one unclaimed sentence at a time.
            rule(
                "definition_en",
                Scope.SENTENCE,
                definition_en,
                # X is/are Y (and … is called X), X refers to/denotes/is defined as Y, X means Y,
                # X, i.e. Y, We call/refer to Y X.
                trigger=_any(r"is\b|are\b|refer|denotes|means|call|i\.\s?e\."),
            ),
            rule(
                "definition_zh",
                Scope.SENTENCE,
                definition_zh,
                # X是(指)Y, 所谓X就是Y, X指的是Y, X定义为Y, X，即Y, ……称为/叫做/命名为X, X：Y.
                trigger=_any(r"是|指|即|定义为|称|叫|命名|:|："),
            ),
            rule(
                "role",
                Scope.SENTENCE,
                role,
                # X用于/用来/用以Y, X is used to/for Y, X的<role noun>是Y, the <role noun> of X is Y.
                trigger=_any(("用于", "用来", "用以", "used"), ROLE_NOUNS_ZH, ROLE_NOUNS_EN),
            ),
            rule(
                "key_claim",
                Scope.SENTENCE,
                key_claim,
                kinds=PROSE,
                # Figures need a unit after the number (%, 倍, layers, 万 …); firsts a superlative
                # (X是第一个…, X is the first/only/most …); verdicts a verdict noun (X的缺点是…,
                # the drawback of X is …); comparisons 比/than.
                trigger=_any(
                    UNITS,
                    MAGNITUDES,
                    SUPERLATIVES_ZH,
                    ("first", "earliest", "only", "most"),
                    VERDICT_NOUNS_ZH,
                    VERDICT_NOUNS_EN,
                    ("比", "than"),
                ),
                # Summary points (under 小结/Summary …) may be any sentence naming a note term.
                any_text_under=_any(SUMMARY_HEADINGS),
            ),
        )
    )


def compiled_patterns() -> dict[str, re.Pattern[str]]:
    """The built-in rules' triggers by name, for the regex safety checks (tests/test_meta.py)."""
    found: dict[str, re.Pattern[str]] = {}
    for item in default_rules():
        for field in ("trigger", "any_text_under"):
            pattern = getattr(item, field)
            if pattern is not None:
                found[f"{item.name}.{field}"] = pattern
    return found

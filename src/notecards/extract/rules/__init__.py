"""The extraction rule chain: :func:`default_rules` lists every built-in rule, in order."""

from __future__ import annotations

import re

from notecards.extract.rules.base import LoadedRule, Ref, Rule, RuleList, rule
from notecards.extract.rules.context import Context, Hit, RuleFn, Scope
from notecards.model import BlockKind

__all__ = [
    "Context",
    "Hit",
    "LoadedRule",
    "Ref",
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


def _builtin(
    name: str,
    scope: Scope,
    *,
    kinds: frozenset[BlockKind] | None = None,
    any_text_under: bool = False,
) -> Rule:
    """The built-in rule ``name``: function ``name`` of module ``notecards.extract.rules.<name>``
    and, beside it there, its ``TRIGGER`` (and ``ANY_TEXT_UNDER`` with ``any_text_under``), all
    imported when a build first runs the rule."""
    module = f"notecards.extract.rules.{name}"
    return rule(
        name,
        scope,
        Ref(f"{module}:{name}"),
        kinds=kinds,
        trigger=Ref(f"{module}:TRIGGER"),
        any_text_under=Ref(f"{module}:ANY_TEXT_UNDER") if any_text_under else None,
    )


OFF_BY_DEFAULT = ("bilingual_term",)
"""Rules in the chain but off unless enabled (``--enable``): vocabulary pairs (``学习率 ↔
learning rate``) were 43 % of a textbook build's cards and the cards blind judges dropped most."""


def default_rules() -> RuleList:
    """The built-in rules in the order they run (block rules first, then sentence rules).

    Order is behaviour: an earlier rule claims its text before a later one sees it. Cards the
    user marked by hand come first; the key-claim cloze comes last as the catch-all, like
    markdown-it's ``paragraph`` rule.

    Each rule also says which blocks it can fire on (``kinds``) and what its every hit needs in
    the text it reads (``trigger``, its module's ``TRIGGER``: the literal anchors of
    each of its pattern families), so the engine skips the rest without calling it. A rule
    change that adds a path to a hit without these anchors must widen its trigger
    (tests/test_triggers.py runs every fixture both ways). Functions and triggers are named, not
    imported: making the chain imports no rule module.
    """
    return RuleList(
        (
            # Block rules: see several blocks at once (headings, lists, lead-ins).
            _builtin("explicit", Scope.BLOCK, kinds=PROSE),
            _builtin("question_heading", Scope.BLOCK, kinds=frozenset({BlockKind.HEADING})),
            _builtin("enumeration", Scope.BLOCK, kinds=PROSE),
            _builtin("labelled", Scope.BLOCK, kinds=PROSE),
            _builtin("colon_item", Scope.BLOCK, kinds=frozenset({BlockKind.ITEM})),
            _builtin(
                "bilingual_term",
                Scope.BLOCK,
                kinds=frozenset({BlockKind.PARAGRAPH, BlockKind.ITEM, BlockKind.HEADING}),
            ),
            # Sentence rules: one unclaimed sentence at a time.
            _builtin("definition_en", Scope.SENTENCE),
            _builtin("definition_zh", Scope.SENTENCE),
            _builtin("role", Scope.SENTENCE),
            # Summary points (under 小结/Summary …) may be any sentence naming a note term.
            _builtin("key_claim", Scope.SENTENCE, kinds=PROSE, any_text_under=True),
        )
    ).disable(*OFF_BY_DEFAULT)


def compiled_patterns() -> dict[str, re.Pattern[str]]:
    """The built-in rules' triggers by name, for the regex safety checks (tests/test_meta.py)."""
    found: dict[str, re.Pattern[str]] = {}
    for item in default_rules().loaded():
        for field in ("trigger", "any_text_under"):
            pattern = getattr(item, field)
            if pattern is not None:
                found[f"{item.name}.{field}"] = pattern
    return found

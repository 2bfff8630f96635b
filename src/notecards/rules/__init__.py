"""The extraction rule chain: :func:`default_rules` lists every built-in rule, in order."""

from __future__ import annotations

from notecards.rules.base import Context, Hit, Rule, RuleFn, RuleList, Scope, rule
from notecards.rules.bilingual_term import bilingual_term
from notecards.rules.colon_item import colon_item
from notecards.rules.definition_en import definition_en
from notecards.rules.definition_zh import definition_zh
from notecards.rules.enumeration import enumeration
from notecards.rules.explicit import explicit
from notecards.rules.key_claim import key_claim
from notecards.rules.labelled import labelled
from notecards.rules.question_heading import question_heading
from notecards.rules.role import role

__all__ = ["Context", "Hit", "Rule", "RuleFn", "RuleList", "Scope", "default_rules", "rule"]


def default_rules() -> RuleList:
    """The built-in rules in the order they run (block rules first, then sentence rules).

    Order is behaviour: an earlier rule claims its text before a later one sees it. Cards the
    user marked by hand come first; the key-claim cloze comes last as the catch-all, like
    markdown-it's ``paragraph`` rule.
    """
    return RuleList(
        (
            # Block rules: see several blocks at once (headings, lead-ins, lists).
            rule("explicit", Scope.BLOCK, explicit),
            rule("question_heading", Scope.BLOCK, question_heading),
            rule("enumeration", Scope.BLOCK, enumeration),
            rule("labelled", Scope.BLOCK, labelled),
            rule("colon_item", Scope.BLOCK, colon_item),
            rule("bilingual_term", Scope.BLOCK, bilingual_term),
            # Sentence rules: one unclaimed sentence at a time.
            rule("definition_en", Scope.SENTENCE, definition_en),
            rule("definition_zh", Scope.SENTENCE, definition_zh),
            rule("role", Scope.SENTENCE, role),
            rule("key_claim", Scope.SENTENCE, key_claim),
        )
    )

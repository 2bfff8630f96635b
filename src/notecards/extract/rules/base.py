"""The rule machinery: a named :class:`Rule`, and the ordered, immutable :class:`RuleList` that
runs them (modelled on markdown-it's Ruler). What a rule sees and returns is
:mod:`notecards.extract.rules.context`."""

from __future__ import annotations

import functools
import importlib
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from notecards.errors import UnknownRuleError
from notecards.extract.rules.context import RuleFn, Scope
from notecards.model import (
    BlockKind,
)


@dataclass(frozen=True, slots=True)
class Ref:
    """A module-level object named by where it lives, imported the first time it is needed.

    The built-in chain names its functions and triggers this way, so that making a
    :class:`~notecards.config.Config` (and a rebuild that runs no rule) imports no rule module
    and compiles none of their regexes. A ``Ref`` pickles as its path."""

    path: str
    """``package.module:name``."""

    def load(self) -> Any:
        """The object (imported once per process)."""
        return _import(self.path)

    @property
    def qualified_name(self) -> str:
        """``package.module.name``, as for a function's ``__module__`` and ``__qualname__``."""
        return self.path.replace(":", ".")


@functools.cache
def _import(path: str) -> Any:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass(frozen=True, slots=True)
class Rule:
    """A named extraction rule."""

    name: str
    """Stable id: used by ``--only``/``--disable``, in ``Card.rule`` and as the fixture file name."""
    fn: RuleFn | Ref
    """The function that proposes cards, or a :class:`Ref` to it."""
    scope: Scope
    """Called per block or per unclaimed sentence."""
    enabled: bool = True
    """Disabled rules stay in the list (and keep their position) but never run."""
    description: str = field(default="", compare=False)
    """One line saying what text the rule matches (empty: its function's module docstring, see
    :attr:`LoadedRule.description`)."""
    kinds: frozenset[BlockKind] | None = None
    """The block kinds the rule can fire on (for a sentence rule: the kinds of the sentence's
    block); the engine never calls it on another kind. None: every kind."""
    trigger: re.Pattern[str] | Ref | None = None
    """A cheap necessary condition on the text a rule reads (or a :class:`Ref` to it): when it
    does not ``search`` a block's text, the rule cannot make a hit on that block, and for a
    sentence rule, when it does not search a sentence's text, the rule cannot make a hit on that
    sentence; the engine skips those without calling the rule. It is searched in the case-folded
    text (``str.casefold``): write it in lower case and it matches any capitalisation
    (``re.IGNORECASE`` is several times slower). Start every alternative with a literal
    (``:|：|ab``, not ``[:：]|ab`` or ``\\d|ab``; a lone class like ``[:：]`` is fine): ``re``
    then skips ahead to where one could match, else it tries each alternative at each character.
    None: no condition. It must hold on every path to a hit, so when in doubt make it wider
    (tests/test_triggers.py runs the fixtures both ways)."""
    any_text_under: re.Pattern[str] | Ref | None = None
    """For a rule that can fire on any text under some headings (key_claim's summary points): a
    necessary condition on the innermost heading (case-folded) of such a block; where it
    searches that heading, the trigger is not applied. None: the trigger applies everywhere."""

    def load(self) -> LoadedRule:
        """This rule with every :class:`Ref` imported (once per process and rule)."""
        return _load(self, self.description)


@dataclass(frozen=True, slots=True)
class LoadedRule:
    """A :class:`Rule` ready to run: what the engine reads, with nothing left to import."""

    name: str
    """See :attr:`Rule.name`."""
    fn: RuleFn
    """See :attr:`Rule.fn`."""
    scope: Scope
    """See :attr:`Rule.scope`."""
    description: str
    """See :attr:`Rule.description`, filled in from the function's module docstring."""
    kinds: frozenset[BlockKind] | None
    """See :attr:`Rule.kinds`."""
    trigger: re.Pattern[str] | None
    """See :attr:`Rule.trigger`."""
    any_text_under: re.Pattern[str] | None
    """See :attr:`Rule.any_text_under`."""


@functools.lru_cache(maxsize=256)
def _load(rule: Rule, description: str) -> LoadedRule:
    # ``description`` is part of the key: rules are equal whatever their descriptions.
    fn: RuleFn = rule.fn.load() if isinstance(rule.fn, Ref) else rule.fn
    return LoadedRule(
        name=rule.name,
        fn=fn,
        scope=rule.scope,
        description=description or _summary(fn),
        kinds=rule.kinds,
        trigger=_pattern(rule.trigger),
        any_text_under=_pattern(rule.any_text_under),
    )


def _pattern(value: re.Pattern[str] | Ref | None) -> re.Pattern[str] | None:
    return value.load() if isinstance(value, Ref) else value


def _summary(fn: RuleFn) -> str:
    """The first paragraph, on one line, of the docstring of ``fn``'s module (or of ``fn``)."""
    module = sys.modules.get(fn.__module__)
    doc = (module.__doc__ if module else "") or fn.__doc__ or ""
    return " ".join(doc.strip().split("\n\n")[0].split())


@dataclass(frozen=True, slots=True)
class RuleList:
    """An ordered, immutable chain of rules; every method returns a new list.

    Order is behaviour: block rules run first, in order, then sentence rules, in order, and a
    sentence claimed by an earlier rule is not offered to a later one.
    """

    rules: tuple[Rule, ...]
    """The rules in order."""

    def names(self) -> list[str]:
        """Every rule name, in order."""
        return [r.name for r in self.rules]

    def active(self) -> list[Rule]:
        """The enabled rules, in order."""
        return [r for r in self.rules if r.enabled]

    def loaded(self) -> list[LoadedRule]:
        """The enabled rules, in order, ready to run (see :meth:`Rule.load`)."""
        return [r.load() for r in self.active()]

    def get(self, name: str) -> Rule:
        """The rule called ``name``; unknown names raise :class:`UnknownRuleError`."""
        self._check([name])
        return next(r for r in self.rules if r.name == name)

    def _check(self, names: Iterable[str]) -> None:
        missing = [n for n in names if n not in self.names()]
        if missing:
            raise UnknownRuleError(missing, self.names())

    def enable(self, *names: str) -> RuleList:
        """A copy with these rules enabled."""
        self._check(names)
        return RuleList(
            tuple(replace(r, enabled=True) if r.name in names else r for r in self.rules)
        )

    def disable(self, *names: str) -> RuleList:
        """A copy with these rules disabled."""
        self._check(names)
        return RuleList(
            tuple(replace(r, enabled=False) if r.name in names else r for r in self.rules)
        )

    def only(self, *names: str) -> RuleList:
        """A copy with exactly these rules enabled."""
        self._check(names)
        return RuleList(tuple(replace(r, enabled=r.name in names) for r in self.rules))

    def _insert(self, anchor: str, rule: Rule, offset: int) -> RuleList:
        self._check([anchor])
        if rule.name in self.names():
            raise ValueError(f"a rule named {rule.name!r} is already in the list")
        at = self.names().index(anchor) + offset
        return RuleList((*self.rules[:at], rule, *self.rules[at:]))

    def before(self, anchor: str, rule: Rule) -> RuleList:
        """A copy with ``rule`` inserted just before the rule named ``anchor``."""
        return self._insert(anchor, rule, 0)

    def after(self, anchor: str, rule: Rule) -> RuleList:
        """A copy with ``rule`` inserted just after the rule named ``anchor``."""
        return self._insert(anchor, rule, 1)

    def push(self, rule: Rule) -> RuleList:
        """A copy with ``rule`` appended at the end."""
        if rule.name in self.names():
            raise ValueError(f"a rule named {rule.name!r} is already in the list")
        return RuleList((*self.rules, rule))

    def replace(self, name: str, fn: RuleFn | Ref) -> RuleList:
        """A copy in which the rule ``name`` runs ``fn`` instead. Its kinds and trigger are
        dropped: they described the old function, and ``fn`` may fire anywhere."""
        self._check([name])
        return RuleList(
            tuple(
                replace(r, fn=fn, kinds=None, trigger=None, any_text_under=None)
                if r.name == name
                else r
                for r in self.rules
            )
        )

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)


def rule(
    name: str,
    scope: Scope,
    fn: RuleFn | Ref,
    *,
    kinds: frozenset[BlockKind] | None = None,
    trigger: re.Pattern[str] | Ref | None = None,
    any_text_under: re.Pattern[str] | Ref | None = None,
) -> Rule:
    """Make a :class:`Rule` (its description: the docstring of ``fn``'s module); ``kinds``,
    ``trigger`` and ``any_text_under`` tell the engine which blocks it can skip (see
    :class:`Rule`)."""
    return Rule(
        name=name,
        fn=fn,
        scope=scope,
        kinds=kinds,
        trigger=trigger,
        any_text_under=any_text_under,
    )

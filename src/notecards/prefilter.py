"""Regexes that give up early where no match can start: :func:`quick` puts a lookahead of the
characters a match may begin with in front of a pattern, so a search tries the whole pattern
only at those places. The matches (and their spans) are the same.

Python's regex engine skips ahead this way by itself only when every way into a pattern opens on
a character without case; the feature and veto patterns of the ranking are case-insensitive and
open on ``\\b`` or a group, so without the lookahead a search tries every alternative at every
character of every sentence (most of their cost on Chinese prose, where few characters can
start an English alternative).
"""

from __future__ import annotations

import importlib
import re
from typing import Any


def _engine_parser() -> Any:
    """The regex engine's own parser (the pattern read as the engine reads it, not guessed at):
    ``re._parser`` from Python 3.11, ``sre_parse`` before."""
    try:
        return importlib.import_module("re._parser")
    except ImportError:  # pragma: no cover - Python 3.10
        return importlib.import_module("sre_parse")


_sre = _engine_parser()

_Starts = tuple[frozenset[tuple[int, int]], bool]
"""The code-point ranges a match may start with, and whether it may match the empty string."""


def quick(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` behind a lookahead of the characters its matches start with, compiled with
    its flags (so case folds alike); ``pattern`` itself when those cannot be worked out (it may
    start with any character, or match nothing) or the pattern sets flags of its own."""
    try:
        starts = _sequence(_sre.parse(pattern.pattern, pattern.flags))
    except Exception:  # a construct the walk does not know: the pattern as it is
        return pattern
    if starts is None or starts[1] or not starts[0]:
        return pattern
    ranges = "".join(
        _escape(lo) if lo == hi else f"{_escape(lo)}-{_escape(hi)}" for lo, hi in sorted(starts[0])
    )
    try:
        return re.compile(f"(?=[{ranges}])(?:{pattern.pattern})", pattern.flags)
    except re.error:  # e.g. global inline flags, which must open the pattern
        return pattern


def _escape(code: int) -> str:
    return f"\\U{code:08x}"


def _sequence(items: Any) -> _Starts | None:
    """Where a sequence of pattern items may start: the starts of its items up to the first
    that cannot match empty."""
    chars: set[tuple[int, int]] = set()
    for op, av in items:
        starts = _item(op, av)
        if starts is None:
            return None
        chars |= starts[0]
        if not starts[1]:
            return frozenset(chars), False
    return frozenset(chars), True


def _item(op: Any, av: Any) -> _Starts | None:
    """Where one parsed item may start (None: anywhere, or not known)."""
    if op is _sre.LITERAL:
        return frozenset({(av, av)}), False
    if op is _sre.IN:
        members: set[tuple[int, int]] = set()
        for kind, value in av:
            if kind is _sre.LITERAL:
                members.add((value, value))
            elif kind is _sre.RANGE:
                members.add(value)
            else:  # a negated set or a category (\w, \d …): nearly anything
                return None
        return frozenset(members), False
    if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
        return frozenset(), True  # takes no character: a lookaround only narrows
    if op is _sre.SUBPATTERN:
        _group, add_flags, del_flags, inner = av
        return None if add_flags or del_flags else _sequence(inner)
    if op is _sre.BRANCH:
        chars: set[tuple[int, int]] = set()
        empty = False
        for alternative in av[1]:
            starts = _sequence(alternative)
            if starts is None:
                return None
            chars |= starts[0]
            empty = empty or starts[1]
        return frozenset(chars), empty
    if op in _REPEATS:
        low, _high, inner = av
        starts = _sequence(inner)
        return None if starts is None else (starts[0], starts[1] or low == 0)
    return None


_REPEATS = tuple(
    getattr(_sre, name)
    for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
    if hasattr(_sre, name)
)

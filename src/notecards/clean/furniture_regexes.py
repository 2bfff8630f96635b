"""The furniture vocabulary (:mod:`notecards.clean.boilerplate`) compiled into regexes, and the
search for furniture tokens in a line, for :mod:`notecards.clean.furniture_line`.

The regexes are compiled on first use (:func:`compiled_vocabulary`): compiling them takes ~15 ms,
which a rebuild that cleans no note (every note cached) should not pay.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from notecards.clean import boilerplate as bp
from notecards.patterns import alternation


def _token_regexes() -> tuple[tuple[re.Pattern[str], ...], dict[str, str]]:
    """The furniture tokens as three prefix-tree regexes, searched side by side by
    furniture_tokens(): the non-Latin tokens that start with an ASCII letter (``ip属地``), the
    other non-Latin ones, and the Latin ones. One regex of all of them would try the whole tree at every character
    of a line; each of these has its own set of first characters, which the engine skips to."""
    group_of: dict[str, str] = {}
    for group, tokens in bp.TOKEN_GROUPS.items():
        for token in tokens:
            group_of.setdefault(token.lower(), group)
    cjk = [t for t in group_of if not bp.is_ascii_token(t)]
    latin = [t for t in group_of if bp.is_ascii_token(t)]
    # Latin tokens must be whole words; the boundary is checked by furniture_tokens(), because a
    # look-behind here would make the engine try every position of the line.
    ascii_start = [t for t in cjk if t[0].isascii()]
    return (
        re.compile(bp.trie_pattern(ascii_start) if ascii_start else "(?!)"),
        re.compile(bp.trie_pattern([t for t in cjk if not t[0].isascii()])),
        re.compile(bp.trie_pattern(latin)),
    ), group_of


def _strong_regex(table: Mapping[str, tuple[str, ...]]) -> re.Pattern[str]:
    """One regex for a table of strong patterns; the name of the group that matched is the
    reason (``qa-badge`` → group ``qa_badge``)."""
    return re.compile(
        "|".join(
            f"(?P<{reason.replace('-', '_')}>{alternation(patterns, literal=False)})"
            for reason, patterns in table.items()
        )
    )


@dataclass(frozen=True)
class Vocabulary:
    """The regexes compiled from :mod:`notecards.clean.boilerplate`, made once, on first use."""

    TOKENS_ASCII_START: re.Pattern[str]
    TOKENS_OTHER: re.Pattern[str]
    TOKENS_LATIN: re.Pattern[str]
    GROUP_OF: dict[str, str]
    NUMBERISH: re.Pattern[str]
    STRONG_ANYWHERE: re.Pattern[str]
    STRONG_START: re.Pattern[str]
    RELATED: re.Pattern[str]
    AUTHOR: re.Pattern[str]
    COMMENTS: re.Pattern[str]
    AD_MARKER: re.Pattern[str]
    BYLINE: re.Pattern[str]
    TAG_LINE: re.Pattern[str]
    CRUMB_SPLIT: re.Pattern[str]
    TAG_URL: re.Pattern[str]
    USER_URL: re.Pattern[str]


@functools.cache
def compiled_vocabulary() -> Vocabulary:
    """The vocabulary's regexes, compiled on the first call."""
    (ascii_start, other, latin), group_of = _token_regexes()
    return Vocabulary(
        TOKENS_ASCII_START=ascii_start,
        TOKENS_OTHER=other,
        TOKENS_LATIN=latin,
        GROUP_OF=group_of,
        NUMBERISH=re.compile(alternation(bp.NUMBERISH_PATTERNS, literal=False)),
        STRONG_ANYWHERE=_strong_regex(bp.STRONG_ANYWHERE),
        STRONG_START=_strong_regex(bp.STRONG_LINE_STARTS),
        RELATED=re.compile(alternation(bp.RELATED_MARKERS)),
        AUTHOR=re.compile(alternation(bp.AUTHOR_MARKERS)),
        COMMENTS=re.compile(alternation(bp.COMMENT_MARKERS)),
        AD_MARKER=re.compile(alternation(bp.AD_MARKERS)),
        BYLINE=re.compile(bp.BYLINE_PATTERN),
        TAG_LINE=re.compile(bp.TAG_LINE_PATTERN),
        CRUMB_SPLIT=re.compile(bp.BREADCRUMB_SEPARATOR_PATTERN),
        TAG_URL=re.compile(bp.TAG_URL_PATTERN),
        USER_URL=re.compile(bp.USER_URL_PATTERN),
    )


def compiled_patterns() -> dict[str, re.Pattern[str] | re.Pattern[bytes]]:
    """Every regex compiled from the vocabulary, by name (compiling them if not done yet)."""
    vocabulary = compiled_vocabulary()
    return {
        f"_{name}": value
        for name, value in vars(vocabulary).items()
        if isinstance(value, re.Pattern)
    }


def furniture_tokens(low: str) -> Iterator[re.Match[str]]:
    """Furniture tokens in a lower-cased line; Latin ones only as whole words.

    The matches of ``finditer`` with one regex ``non-Latin tokens | Latin tokens``, found with
    three faster ones: the leftmost next match wins, a non-Latin one on a tie (it comes first
    in that alternation), and the search goes on after it. A Latin match inside a word is
    turned down but still consumed, as ``finditer`` would have.
    """
    vocabulary = compiled_vocabulary()
    patterns = (vocabulary.TOKENS_ASCII_START, vocabulary.TOKENS_OTHER, vocabulary.TOKENS_LATIN)
    found = [p.search(low) for p in patterns]
    while True:
        m = None
        for candidate in found:  # in the alternation's order: the first wins a tie
            if candidate is not None and (m is None or candidate.start() < m.start()):
                m = candidate
        if m is None:
            return
        start, end = m.span()
        if not (
            m.group()[0].isascii()
            and (
                (start > 0 and low[start - 1].isascii() and low[start - 1].isalnum())
                or (end < len(low) and low[end].isascii() and low[end].isalnum())
            )
        ):
            yield m
        for k, candidate in enumerate(found):
            if candidate is not None and candidate.start() < end:
                found[k] = patterns[k].search(low, end)

"""Pass 0 of :func:`notecards.clean.furniture.find_furniture`: the lines worth describing.

Only a short line that holds a furniture word (a token of :mod:`notecards.clean.boilerplate`, or
a word of the strong, tag-line, byline and section patterns) can be dropped by passes 1 and 2,
so those lines are found first by two regex scans over all the short lines joined, instead of
describing every line: the non-Latin words over all of them, the Latin words (as bytes) over the
ASCII-only ones. The regexes are compiled on first use."""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterator, Sequence

from notecards.clean import boilerplate as bp
from notecards.clean.furniture_line import FURNITURE_MAX_CHARS
from notecards.clean.repair import matching_lines

_SEPARATORS = bytes.maketrans(b"[(:|/*_\"'>#-.,", b" " * 14)
"""Punctuation that may stand before a Latin hint word, made a space for the byte search."""

_HINT_EXTRA = (
    "著作权", "未经", "侵权", "侵删", "原文", "本文链接", "转载自", "请作者喝", "谢谢", "红包",
    "文章标签", "分类专栏", "所属专栏", "专栏收录", "source:", "tags", "categories", "filed under",
    "posted in", "thanks", "thank you", "% off", "originally", "reposted", "theme by", "isbn", "›",
    "»", *bp.RELATED_MARKERS, *bp.AUTHOR_MARKERS, *bp.COMMENT_MARKERS, *bp.AD_MARKERS,
)  # fmt: skip
"""Words of the strong, tag-line, byline and section patterns that are not coverage tokens."""


@functools.cache
def _hint_regexes() -> tuple[re.Pattern[str], re.Pattern[bytes]]:
    """Prefix-tree regexes of the words that send a line to the full check: the words with a
    non-ASCII character (searched in the text as written) and the ASCII ones (searched as bytes
    in lower case, see _latin_hint_lines). A word that starts in ASCII and goes on in Chinese
    (``App内打开``) is searched from its first Chinese character, so that the first search
    never stops at every Latin letter; if that rest is short and common (``QQ空间`` → ``空间``)
    the word is left out of the hints (it still counts for coverage). Compiled on first use,
    as the vocabulary of :mod:`notecards.clean.furniture_regexes`."""
    excluded = {w.lower() for w in bp.HINT_EXCLUDED_TOKENS}
    written = [t for group in bp.TOKEN_GROUPS.values() for t in group] + list(_HINT_EXTRA)
    words = {w.lower() for w in written if w.lower() not in excluded}
    other = {w for w in words if not w.isascii() and not w[0].isascii()}
    other |= {w.lstrip(string.printable) for w in words if not w.isascii() and w[0].isascii()}
    other = {w for w in other if len(w) >= 3 or (w in words and (len(w) >= 2 or not w.isalpha()))}
    latin = {w for w in words if w.isascii() and len(w) >= 3}
    return (
        re.compile(bp.trie_pattern(other, rare_anchor=True)),
        re.compile(b" " + bp.trie_pattern(latin).encode("ascii")),
    )


def hinted_lines(lines: Sequence[str], protected: Sequence[bool]) -> list[int]:
    """Lines short enough to be furniture that contain a furniture word.

    Two regex scans over the candidate lines joined: non-Latin words over all of them, Latin
    words over the ASCII-only ones (a Latin word in a Chinese line is examined when the line
    sits at the head or tail of the page or next to other furniture).
    """
    found: set[int] = set()
    picked = [
        i
        for i, line in enumerate(lines)
        if line and len(line) <= FURNITURE_MAX_CHARS and not protected[i]
    ]
    latin = [i for i in picked if lines[i].isascii()]
    text = "\n".join(lines[i] for i in picked)
    found.update(picked[k] for k in matching_lines(_hint_regexes()[0], text))
    found.update(latin[k] for k in _latin_hint_lines("\n".join(lines[i] for i in latin)))
    return sorted(found)


def _latin_hint_lines(text: str) -> Iterator[int]:
    """Indexes of the lines of an ASCII ``text`` holding a Latin hint as a whole word.

    The search runs over bytes in which every word is preceded by a space (punctuation turned
    into spaces, a space after each newline), with the pattern starting with that space: the
    engine then skips from space to space instead of trying every letter.
    """
    haystack = (" " + text.lower().replace("\n", "\n ")).encode("ascii").translate(_SEPARATORS)
    pattern = _hint_regexes()[1]
    line = last = pos = 0
    while (m := pattern.search(haystack, pos)) is not None:
        end = m.end()
        if end < len(haystack) and haystack[end : end + 1].isalnum():
            pos = m.start() + 1  # only the start of a longer word ("app" in "apply")
            continue
        line += haystack.count(b"\n", last, m.start())
        last = m.start()
        yield line
        pos = haystack.find(b"\n", m.start() + 1)
        if pos < 0:
            return


def compiled_patterns() -> dict[str, re.Pattern[str] | re.Pattern[bytes]]:
    """The hint regexes, by name (compiling them if not done yet), for the regex safety test."""
    other, latin = _hint_regexes()
    return {"_HINT_OTHER": other, "_HINT_LATIN_BYTES": latin}

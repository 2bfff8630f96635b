"""Text keys for card identity: folding a question to its normalised form, comparing two folded
texts, and numbering cloze deletions stably across builds. Used by :mod:`notecards.export.state`
(keys, re-linking) and :mod:`notecards.export.render` (cloze numbers); no third-party imports.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence

RELINK_THRESHOLD = 0.7
"""Minimum :func:`similarity` for a new question to inherit an orphan's GUID
(:func:`notecards.export.state.link`) and for an edited cloze deletion to keep its number
(:func:`number_clozes`)."""

_CJK_SCRIPTS = (
    r"\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
)
"""The scripts written without spaces between words (radicals, kana, bopomofo, Han, hangul): a
wider idea than the Han characters of :data:`notecards.patterns.CJK`."""
_CJK_SPACE = re.compile(rf"(?<=[{_CJK_SCRIPTS}]) | (?=[{_CJK_SCRIPTS}])")
"""A space next to a CJK character: "使用 Python" and "使用Python" are the same question."""
_TOKEN = re.compile(rf"[{_CJK_SCRIPTS}]|[^\s{_CJK_SCRIPTS}]+")
"""Similarity tokens: single CJK characters, or runs of other non-space characters (words)."""
_CLOZE_OPEN = re.compile(r"\{\{c(\d+)::")


class _FoldTable(dict[int, str]):
    """``str.translate`` table built as characters are met: punctuation (P*), modifier symbols
    such as ^ and ` (Sk), ``$`` of math, separators (Z*) and invisible format characters (Cf,
    e.g. zero-width spaces) become spaces; they never make two questions differ."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        category = unicodedata.category(char)
        self[code] = " " if char == "$" or category[0] in "PZC" or category == "Sk" else char
        return self[code]


_FOLD_TABLE = _FoldTable()


def fold_for_identity(text: str) -> str:
    """Normalise text for a card's identity key: NFKC (full-width → half-width), case folding, punctuation,
    Markdown markers and ``$`` removed, whitespace collapsed and dropped next to CJK characters."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD_TABLE)
    return _CJK_SPACE.sub("", " ".join(text.split()))


def cloze_deletions(text: str) -> Iterator[tuple[int, int, int, str]]:
    """Yield ``(start, end, number, answer)`` for each ``{{cN::answer[::hint]}}`` in ``text``.

    Braces are balanced so that ``{{c1::$x^{2}$}}`` ends at the right ``}}``.
    """
    pos = 0
    while match := _CLOZE_OPEN.search(text, pos):
        depth, i = 0, match.end()
        while i < len(text):
            if text.startswith("}}", i) and depth == 0:
                break
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        else:  # unterminated: not a deletion
            return
        body = text[match.end() : i]
        answer = body.split("::", 1)[0]
        yield match.start(), i + 2, int(match.group(1)), answer
        pos = i + 2


def strip_cloze(text: str) -> str:
    """The sentence as read, with every deletion replaced by its answer (hints dropped)."""
    out, pos = [], 0
    for start, end, _number, answer in cloze_deletions(text):
        out += [text[pos:start], answer]
        pos = end
    return "".join([*out, text[pos:]])


def similarity(a: str, b: str) -> float:
    """How alike two folded texts are, 0–1: the larger of the Dice coefficients of their token
    sets (CJK characters and words: "池化层的作用" vs "池化层有什么作用") and of their character
    bigram sets (catches edited words: "gradient" vs "gradients")."""
    return max(
        _dice(set(_TOKEN.findall(a)), set(_TOKEN.findall(b))), _dice(_bigrams(a), _bigrams(b))
    )


def _bigrams(text: str) -> set[str]:
    text = text.replace(" ", "")
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def number_clozes(
    text: str, known: Sequence[tuple[str, int]]
) -> tuple[str, tuple[tuple[str, int], ...]]:
    """Renumber the deletions of a cloze so each keeps the number (and so the Anki card and its
    review history) it had in earlier builds.

    A *group* is all deletions sharing one number in ``text``, identified by their folded answers.
    A known group keeps its number; an edited one takes the number of the most similar group that
    vanished; a new one gets a number never used before for this card. Returns the renumbered text
    and the updated group → number record.
    """
    deletions = list(cloze_deletions(text))
    groups: dict[int, list[str]] = {}
    for _start, _end, number, answer in deletions:
        groups.setdefault(number, []).append(fold_for_identity(answer))
    record = dict(known)
    names: dict[int, str] = {}
    for number, answers in groups.items():
        name = "|".join(answers)
        # Two groups that fold alike ("Gradient" and "gradient") need distinct record names.
        while name in names.values():
            name += "#"
        names[number] = name
    assigned = {n: record[g] for n, g in names.items() if g in record}
    vanished = {g: v for g, v in record.items() if v not in assigned.values()}
    next_number = max(record.values(), default=0) + 1
    for number, group in names.items():
        if number in assigned:
            continue
        best = max(vanished, key=lambda g: (similarity(group, g), -vanished[g]), default=None)
        if best is not None and similarity(group, best) >= RELINK_THRESHOLD:
            assigned[number] = vanished.pop(best)
        else:
            assigned[number] = next_number
            next_number += 1
        record[group] = assigned[number]
    out, pos = [], 0
    for start, _end, number, _answer in deletions:
        out += [text[pos:start], f"{{{{c{assigned[number]}::"]
        pos = text.index("::", start) + 2  # end of this deletion's "{{cN::"
    return "".join([*out, text[pos:]]), tuple(sorted(record.items()))

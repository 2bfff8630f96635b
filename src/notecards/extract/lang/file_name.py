"""A note's file name as the note writes it (``notes__032_llava.md`` → ``LLaVA``): where the note
says it, how (as a name, or only in lower case), and the Chinese term that glosses it — the
evidence :mod:`notecards.extract.lang.topic` weighs for a note's topic."""

from __future__ import annotations

import re

from notecards.extract.lang.text import CJK, HAN

MAX_NAME_CHARS = 30
"""A file name's last part longer than this is no name a note could have as its topic."""

MODEL_NAME_MENTIONS = 3
"""How often a note must write its file's name as a name for it to name a descriptively titled note."""


def model_name(mentions: list[re.Match[str]], topic: str) -> str:
    """The name the file is named for (``LLaVA`` of ``notes__032_llava.md``; ``mentions``: where
    the note says it) when the note writes it shaped as a name (:func:`shaped`) at least
    :data:`MODEL_NAME_MENTIONS` times and the topic does not say it; else ''."""
    named = written_as_name(mentions)
    if not named or not shaped(named.split()[0]) or named.casefold() in topic.casefold():
        return ""
    return named if times_written(mentions, named) >= MODEL_NAME_MENTIONS else ""


def times_written(mentions: list[re.Match[str]], name: str) -> int:
    """How many of ``mentions`` write the file's name exactly as ``name``."""
    return sum(m.group(0) == name for m in mentions)


_GLOSSED = re.compile(rf"([{CJK}]{{2,12}})\**\s*[（(]\s*$")
"""A Chinese term right before the parenthesis a name stands in."""
_GLOSS_END = re.compile(r"(?:[A-Za-z'’ \-–]|\$[^$\n]{1,20}\$){0,60}[）)，,;；或]")
"""The rest of a gloss: English words (a formula among them) up to its closing parenthesis, a
comma or another name (``quadrangle inequality）``, ``modulo $m$）``, ``number，[OEIS …]``,
``Block forest 或 …``); not ``Python 3.8 以上可用…``."""
_NAMING_VERB = re.compile(
    r"^.*(?:称作|称为|叫做|又称|简称|即|是|的|而|将|通过|介绍|了|如何用?|怎样用?)"
)
"""What a sentence says before the term it names (``也被称作大整数``)."""


def file_name_mentions(stem: str, text: str) -> list[re.Match[str]]:
    """Where the note says the last part of its file name, without numbering (``summaries__BYOL``
    → ``BYOL``, ``notes__003_vit`` → ``vit``), outside links and paths; none when that part is
    too long for a topic."""
    # "003_vit" → "vit", but "2d" stays "2d": a number glued to a word is part of the name
    name = re.sub(r"^(?:\d*[_\-. ])+", "", stem.rsplit("__", 1)[-1])
    name = re.sub(r"[_\-]+", " ", name).strip()
    if not any(ch.isalpha() for ch in name) or len(name) > MAX_NAME_CHARS:
        return []
    pattern = re.escape(name).replace(r"\ ", r"[\s_\-–]") + _NAME_GOES_ON
    return [
        m
        for m in re.finditer(pattern, text, re.IGNORECASE)
        # not in a path, a formula's or a call's name (``\textrm{IdaStar}()``), a code span
        if text[m.start() - 1 : m.start()] not in ("/", ".", "_", "-", "{", "\\", "`")
        and text[m.end() : m.end() + 1] not in ("/", ".", "_", "-", "}", "(", "`")
    ]


_NAME_GOES_ON = r"(?-i:(?![A-Z0-9]|[a-rt-z]|s[A-Za-z0-9]))"
"""More than a plural ``s`` after the file's word: a longer identifier (``SegTreeLazyRangeAdd``)."""


def written_as_name(mentions: list[re.Match[str]]) -> str:
    """The file name's word as the note writes it as a name (``ViT``); empty when the note writes
    it only in lower case (a path, a code name, a plain word: heap_sort, greedy)."""
    return next((m.group(0) for m in mentions if not m.group(0).islower()), "")


def glossed(mentions: list[re.Match[str]], text: str) -> str:
    """The Chinese term the file name's word glosses (``线性规划（linear programming）``)."""
    for m in mentions:
        if not _GLOSS_END.match(text, m.end()):
            continue  # "（Python 3.8 以上可用 …）": an aside, not the English of a term
        before = _GLOSSED.search(text, max(0, m.start() - 20), m.start())
        if before and _LATIN_CHAR.match(text, max(0, before.start() - 2)):
            continue  # "Eclipse 基金会（Eclipse Foundation）": the gloss of a compound with it
        term = _NAMING_VERB.sub("", before.group(1)) if before else ""
        if len(term) >= 2 and not re.search("[这那此该]", term):
            return term  # "构造题这类题型（construction）" names a kind of thing, not it
    return ""


def in_chinese(name: str, text: str) -> bool:
    """Whether ``name`` is English words (no name shape, :func:`shaped`) in a note mostly
    written in Chinese (its prose: formulas, code and link targets aside), whose subject has a
    Chinese name a card should say."""
    if not name or any(shaped(word) for word in name.split()):
        return False
    prose = _NOT_PROSE.sub(" ", text)
    return len(HAN.findall(prose)) > len(_LATIN_CHAR.findall(prose))


_LATIN_CHAR = re.compile(r"[A-Za-z]")
_NOT_PROSE = re.compile(
    r"```[^`]*```|\$\$[^$]*\$\$|\$[^$\n]*\$|\\\([^\n]*?\\\)|`[^`\n]*`|\]\([^)\n]*\)"
    r"|https?://\S+|^--8<--.*$",
    re.MULTILINE,
)
"""What a note says in Latin letters without writing English: formulas, code, link targets."""


def shaped(word: str) -> bool:
    """A word written as a name rather than a capitalised English word: an acronym, CamelCase,
    or with digits (``vLLM``, ``GPT-3``, ``QLoRA``)."""
    return any(ch.isdigit() for ch in word) or any(ch.isupper() for ch in word[1:])

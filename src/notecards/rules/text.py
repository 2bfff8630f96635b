"""Small text helpers shared by the rule families (no third-party imports)."""

from __future__ import annotations

import re
import unicodedata

_SECTION_NUMBER = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百\d]+[章节部分篇]\s*|"  # 第三章
    r"(?:\d+(?:\.\d+)*|[A-Z](?:\.\d+)+)[.、)）]?\s+|"  # 3.3.1 / 2) / A.1
    r"[（(]?[一二三四五六七八九十]+[)）、.．]\s*|"  # 一、 （二）
    r"[（(]\d+[)）]\s*)"  # (1)
)

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
"""Character class body for Han characters (used in several rule regexes)."""

_CJK_RE = re.compile(f"[{CJK}]")
_LATIN_RE = re.compile(r"[A-Za-z]")


def strip_section_number(text: str) -> str:
    """``3.3.1 什么是超参数？`` → ``什么是超参数？``; text without a number is returned as is."""
    stripped = _SECTION_NUMBER.sub("", text, count=1).strip()
    return stripped or text.strip()


def language(text: str) -> str:
    """``zh``, ``en`` or ``mixed`` from the share of Han characters among letters."""
    han = len(_CJK_RE.findall(text))
    latin_words = len(re.findall(r"[A-Za-z]+", text))
    if han == 0:
        return "en" if latin_words else "zh" if not text.strip() else "en"
    if latin_words == 0:
        return "zh"
    return "zh" if han >= 2 * latin_words else "mixed" if han else "en"


def has_cjk(text: str) -> bool:
    """Whether the text contains any Han character."""
    return bool(_CJK_RE.search(text))


def has_latin(text: str) -> bool:
    """Whether the text contains any ASCII letter."""
    return bool(_LATIN_RE.search(text))


def fold(text: str) -> str:
    """NFKC, case- and width-folded, whitespace-collapsed text: the form identity keys and
    duplicate checks compare."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", text).strip()

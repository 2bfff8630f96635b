"""Where a cloze key's span may start and end: not inside a word, a name, a compound the note
uses or an emphasis run, and not on a span the rest of the sentence gives away or that is one
item of a list (:mod:`notecards.extract.ranking.keys` asks these of every span it weighs)."""

from __future__ import annotations

import re

from notecards.extract.lang.cloze import TokenBounds
from notecards.extract.lang.text import HAN
from notecards.extract.ranking.candidates import HAN_WORD, Candidate, NoteView
from notecards.extract.ranking.term_spans import GLUE_ZH, NOT_TERMS_ZH

_ITEM = r"(?!(?:which|that|who|where|when)\b)\w[\w-]*(?: [\w-]+){0,2}"
"""One item of an English list: up to three words, not a relative clause."""
_LIST_BEFORE = re.compile(rf"(?:、|和|及|以及|与|或|,\s*(?:and|or)|\w,\s+{_ITEM}\s+(?:and|or))\s*$")
"""What stands before the last item of a list (A、B 和 C; A, B, and C)."""
_LIST_AFTER = re.compile(rf"^\s*(?:、|等|,\s*(?:and|or)\s|,\s+{_ITEM},?\s+(?:and|or)\s)")
"""What follows an item that is not the last (A、B; A, B and C; A 等)."""
_NAME_GOES_ON = re.compile(r"^(?:\s?[–—-]\s?\w| [A-Z][\w-]*\b(?! [a-z]))")
"""What follows a word of a longer name (Gale–Shapley, Chatbot Arena)."""


_AND_OR = re.compile(r"\s+(?:and|or)\s")
_TWO_LATIN = re.compile(r"[A-Za-z]{2}")
_LATIN = re.compile(r"[A-Za-z]")


def list_item(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is one item of an enumeration: hiding one of several peers
    tests trivia (RoBERTa、DeBERTa、[GPT-2] 和 GPT-3)."""
    before = text[max(0, start - 60) : start].rstrip(" *_`")
    after = text[end : end + 60].lstrip("*_`")
    if _LIST_BEFORE.search(before) is not None and (
        "、" in before or "," in before or _LIST_AFTER.match(after)
    ):
        return True
    if before.endswith(",") and _AND_OR.match(after):
        return True  # "ELMo, [BERT] and GPT-2"
    following = _LIST_AFTER.match(after)
    # "LoRA 等方法" names one example of a kind; "A、B 等" lists peers.
    return following is not None and (following.group(0).strip() != "等" or "、" in before[-3:])


ECHO_MIN_IDF = 5.0
"""A shared word must be at least this rare in general Chinese to give a key away (问题, 数据 and
技术 are said of everything)."""


def echoed(c: Candidate, start: int, end: int) -> bool:
    """Whether a Han key shares a two-character word with the rest of its sentence: the rest
    gives it away (保持[一致] after 一致性, 提取[文本特征] after 对文本)."""
    text = c.text
    span = text[start:end]
    rest = text[:start] + "\n" + text[end:]
    for i in range(len(span) - 1):
        pair = span[i : i + 2]
        if HAN_WORD.fullmatch(pair) and pair in rest:
            idf = c.cut.idf_of(pair)
            if idf is None or idf >= ECHO_MIN_IDF:
                return True
    return False


def part_of_name(text: str, start: int, end: int) -> bool:
    """Whether a Latin span is one word of a longer name written on (Chatbot [Arena],
    Gale–Shapley): hiding a part of a name tests its spelling."""
    after_dash = start > 0 and text[start - 1] in "–—-"
    return after_dash or _NAME_GOES_ON.match(text[end : end + 30]) is not None


_POSTPOSITIONS = frozenset("时后前里内外处边旁")
"""Characters that follow a noun without joining it (像素时, 窗口里)."""
_HEAD_TAGS = frozenset({"n", "ng", "q", "k", "j", "zg", ""})
"""jieba's tags of a lone character that is the head of the noun before it (值 n, 层 q, 型 k)."""


def _is_head(char: str, c: Candidate) -> bool:
    """Whether a lone character after a noun is its head (像素 + 值): not a verb, a particle
    or a postposition (像素时)."""
    return char not in _POSTPOSITIONS and c.cut.dictionary_tag(char) in _HEAD_TAGS


def _head_widened(c: Candidate, bounds: TokenBounds, head: tuple[int, int]) -> int:
    """Where a term ends that a lone head character continues: after the character, and after
    the noun word that follows it (空间 + 流 + 网络)."""
    end = head[1]
    nxt = bounds.by_start.get(end)
    if nxt is not None:
        word = c.text[nxt[0] : nxt[1]]
        if HAN_WORD.fullmatch(word) and c.cut.dictionary_tag(word)[:1] == "n":
            end = nxt[1]
    return end


def _glued(word: str, span: str, c: Candidate, *, tagged: bool = False) -> bool:
    """Whether a word before a span makes a dictionary word with the span's opening (多 +
    任务 in 多任务模型, 预 + 训练; with ``tagged``, any entry of the dictionary counts: 稳定 +
    化 in 稳定化子链): the span alone would cut that word."""
    found = c.cut.dictionary_tag if tagged else c.cut.word_frequency
    return any(found(word + span[:k]) for k in (1, 2, 3) if k < len(span))


def name_end(text: str, end: int) -> int:
    """Where the name that a Latin span opens ends (``Conditioning`` → ``Conditioning
    Mechanisms``): past the capitalised words that carry it on."""
    while (more := _NAME_GOES_ON.match(text[end : end + 30])) and more.group(0).startswith(" "):
        end += len(more.group(0))
    return end


_VERSION = re.compile(r" ?[vV]?\d{1,3}(?:\.\d{1,2})?(?![0-9A-Za-z.%])")
"""A version number after a name (``DALL·E 2``, ``YOLO v3``, ``GPT 3.5``)."""
SYMBOL_AFTER = re.compile(r"\s*(?:\\\(|\$(?!\$))")
"""Inline math right after a span: the span names the type of the symbol that follows."""


def version_end(text: str, end: int) -> int | None:
    """Where the version number after a name ending at ``end`` on a Latin letter ends
    (``DALL·E`` → ``DALL·E 2``), or None when no version follows."""
    last = text[end - 1 : end]
    if not (last.isascii() and last.isalpha()):
        return None
    version = _VERSION.match(text, end)
    return version.end() if version else None


def note_compound(
    c: Candidate, note: NoteView, start: int, end: int, bounds: TokenBounds
) -> tuple[int, int] | None:
    """A Han span widened to the whole word or term it is part of: over a lone character that
    makes a word with it (多 + 任务模型) or is its head (像素 + 值, 空间 + 流 + 网络), over a
    neighbouring noun the note writes with it in another sentence too (预训练 + 阶段). None when
    the term's end is unclear, and a blank on half of it tests nothing: a verb or adjective
    before or after it that the note writes with it more than once (归纳 + 偏置). ``bounds``: the
    sentence's :func:`~notecards.extract.lang.cloze.token_bounds`."""
    before = bounds.by_end.get(start)
    after = bounds.by_start.get(end)
    text = c.text
    for side in (before, after):
        if side is None:
            continue
        word = text[side[0] : side[1]]
        if len(word) == 1 and HAN.match(word) and word not in GLUE_ZH:
            if side is before and _glued(word, text[start:end], c):
                start, end = min(start, side[0]), max(end, side[1])  # 多 + 任务模型
            elif side is after and _is_head(word, c):
                end = _head_widened(c, bounds, side)  # 像素 + 值, 空间 + 流 + 网络
            continue
        if len(word) < 2 or not HAN_WORD.fullmatch(word) or word in NOT_TERMS_ZH:
            continue
        if side is before and _glued(word, text[start:end], c, tagged=True):
            start = side[0]  # 稳定 + 化子链: jieba cut 稳定化 apart
            continue
        a, b = min(start, side[0]), max(end, side[1])
        if not note.repeats(text[a:b].casefold()):
            continue
        tag = c.cut.dictionary_tag(word)
        if tag[:1] in ("v", "a", "d") and tag != "vn":  # vn: a verb used as a noun (训练)
            return None
        if tag[:1] == "n" or tag in ("vn", ""):  # not 一条 (m): a count is no part of a term
            start, end = a, b
    return start, end


def markup_balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """A span shrunk so that it opens or closes no bold or italic run half-way (``依赖**[这个…
    适配**]``: the deletion would swallow the closing marks and break the emphasis)."""
    for mark in ("**", "__"):
        if text[start:end].count(mark) % 2:
            if text[start:end].rstrip().endswith(mark):
                end = text.rindex(mark, start, end)
            elif text[start:end].startswith(mark):
                start += len(mark)
    while end > start and text[end - 1] == " ":
        end -= 1
    return start, end


_ACRONYM_BEFORE = re.compile(r"(?<![\w-])[A-Z][A-Za-z0-9-]{1,5}\s?[(（]$")
"""A short name opening a parenthesis (``T5(``, ``VAE (``): what follows spells it out."""


def _open_parenthesis(text: str, start: int) -> int:
    """Where the parenthesis still open at ``start`` opens, or -1 when none is."""
    opening = max(text.rfind("(", 0, start), text.rfind("（", 0, start))
    if opening < 0 or ")" in text[opening:start] or "）" in text[opening:start]:
        return -1
    return opening


def in_expansion(text: str, start: int, end: int) -> bool:
    """Whether a span lies in the parenthesis that spells out a short name (T5(Text-to-text
    transfer transformer)): hiding a word of the expansion tests its spelling; the name is the
    term."""
    opening = _open_parenthesis(text, start)
    if opening < 0:
        return False
    return _ACRONYM_BEFORE.search(text[max(0, opening - 8) : opening + 1]) is not None


def in_gloss(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies in a Latin parenthesis right after a Han word, or opens
    one: a gloss (动量（momentum）, 方差不一致（variance shift）, **稳定化子链**（stabilizer chain）);
    hiding it tests a translation, not the idea."""
    opening = _open_parenthesis(text, start)
    closing = min((at for at in (text.find("）", end), text.find(")", end)) if at >= 0), default=-1)
    if opening < 1 or closing < 0:
        return False
    before = text[:opening].rstrip("*_ ")  # **稳定化子链**（stabilizer chain）: past the marks
    if not before or not HAN.match(before[-1]):
        return False
    # The whole parenthesis, or its opening words before a comma (步幅卷积（strided
    # convolution，即步幅为 2 的卷积）).
    return not HAN_WORD.search(text[opening + 1 : closing]) or not text[opening + 1 : start].strip()


_GLOSS = re.compile(r"[(（]([^()（）]{1,60})[)）]")
"""A parenthesis (``（stabilizer chain）``)."""


def glossed(text: str, start: int, end: int) -> bool:
    """Whether a span is followed by its translation in brackets (a Han term by English words,
    an English term by Han ones): the gloss on the card gives the span away."""
    at = end
    while text[at : at + 1] in ("*", "_"):  # **稳定化子链**（…）: past the marks
        at += 1
    after = _GLOSS.match(text, at + (text[at : at + 1] == " "))
    if after is None:
        return False
    span, gloss = text[start:end], after.group(1)
    if HAN_WORD.search(span):
        return not HAN.search(gloss) and bool(_TWO_LATIN.search(gloss))
    return bool(HAN_WORD.search(gloss)) and not _LATIN.search(gloss)


_NAME_JOIN = re.compile(r"[–—-][A-Z]")
"""A dash joining the next name of a compound name (``Gale–Shapley``)."""


def cut_short(text: str, a: int, b: int, verb: int, bounds: TokenBounds) -> bool:
    """Whether the defined term ``text[a:b]`` (its verb at ``verb``) stops inside a word: not at
    a jieba boundary on either side, before a dash that joins a name (``[Gale]–Shapley``), or a
    Latin word glued to the Han noun it modifies, right before the verb (``[softmax]回归是``,
    ``[AdaGrad]算法是``; not ``MAE是``, ``MAE的encoder``, ``VAE预测的是``)."""
    if a not in bounds.by_start or b not in bounds.by_end:
        return True
    if _NAME_JOIN.match(text, b):
        return True
    # the Han word after a Latin one is the head noun when the verb follows it (回归|是)
    head = bounds.by_start.get(b)
    glued = text[b - 1].isascii() and text[b - 1].isalnum() and HAN.match(text[b]) is not None
    return glued and head is not None and head[1] == verb

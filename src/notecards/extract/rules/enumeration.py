"""A lead-in announcing a list (``存在以下几个问题：``, ``包括三个步骤:``, ``in three ways:``) and the
items that follow it — as a Markdown list, or inside the sentence (``DNI removes three locks:
forward, update and backward locking``) — or items named before their count (``A、B和C是X的三个Y``)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from notecards.extract.lang.lead_in import (
    ITEM_SPLIT,
    Lazy,
    ask_lead_in,
    count_value,
    may_count,
    split_colon,
)
from notecards.extract.lang.lead_in_words import CLASSIFIERS_ZH, COUNTS_EN
from notecards.extract.lang.text import (
    HAN,
    clean_inline,
    clip,
    has_cjk,
    in_worked,
    subject_from,
)
from notecards.extract.rules.context import Context, Hit
from notecards.extract.rules.trigger import trigger
from notecards.model import Block, BlockKind

MAX_ITEMS = 10
"""Longer lists are left to the item cards: nobody recalls eleven things at once."""

ITEM_CHARS = 90
"""Each list item on a list card's back is clipped to about this many characters."""

BACK_CHARS = 360
"""A list card's back longer than this shows only the items' names (or makes no card)."""

_NOT_AN_ITEM = re.compile(
    r"^(?:首先|其次|然后|最后|第[一二三四五六七八九十]|一是|二是|一类是|另一类|一个是|另一个)"
    r"|[这它我你该]|\b(?:is|are|was|were|first|second|then|finally|one|other)\b",
    re.IGNORECASE,
)
"""An inline "item" that is really a clause (``首先，它方便优化``, ``one is the content image``)."""
_ORDINAL_LABEL = re.compile(r"^\W*\w{0,6}? ?(?:[一二三四五六七八九十]|\d+)\W*$")
"""A label that only numbers its item (``方法一``, ``Stage 1``, ``(2)``)."""
_ZH_CLS = "|".join(sorted(CLASSIFIERS_ZH, key=len, reverse=True))
_ZH_NAMED_FIRST = re.compile(
    rf"^(?P<items>[^，,。：:]{{3,80}}?)(?:是|为|构成了|组成了)(?P<owner>[^，,。是]{{1,20}}?)的"
    rf"(?P<count>[两二三四五六七八九十]|\d+)(?P<cls>{_ZH_CLS})(?P<noun>[^，,。的]{{0,10}})$"
)
_EN_NAMED_FIRST = re.compile(
    rf"^(?P<items>[^:;]{{3,120}}?)\s+are\s+the\s+(?P<count>{'|'.join(COUNTS_EN)})\s+"
    r"(?P<noun>(?:[\w-]+\s+){0,3}?[\w-]+s)\s+(?:of|in)\s+(?P<owner>[^,;:]{1,60})$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[。！？；]|[.!?;](?=\s)")
_ZH_COUNT_TAIL = re.compile(rf"的(?:[两二三四五六七八九十]|\d+)(?:{_ZH_CLS})[^，,。的]{{0,10}}$")
_EN_ARE_THE = re.compile(rf"are\s+the\s+(?:{'|'.join(COUNTS_EN)})\s", re.IGNORECASE)
"""What :data:`_ZH_NAMED_FIRST` / :data:`_EN_NAMED_FIRST` cannot match without (searched first:
the patterns try every split of the text before it)."""
_ZH_COUNTED = re.compile(rf"的(?:[两二三四五六七八九十]|\d+)(?:{_ZH_CLS})")
_CLEANED_AWAY = re.compile(r"[&\u200b-\u200d\u2060\ufeff]")
"""What :func:`~notecards.extract.lang.text.clean_inline` may delete (joining what was around it)."""
_POINTING_ANY = re.compile(r"[这该此其它]|\b(?:it|this|these|they|its|their)\b", re.IGNORECASE)
_NAME_COLON = re.compile(r"^\**([^:：*]{1,30}?)\**\s*[:：]\s*\S")
_LOCAL_SYMBOL = re.compile(
    r"`[^`\n]{1,60}`|\$[^$\n]{1,30}\$(?!\s*(?:个|种|类|层|次|维|位|条|组|部分|步|[A-Za-z]))"
)
"""A code name (```DecoderBlock```) or a math symbol that is not a count (``ResNet将$f$分解为…``,
not ``$k$个GPU``)."""
_TEX_COMMAND = re.compile(r"\\[A-Za-z]+")
_DIGIT = re.compile(r"\d")
_LATIN = re.compile(r"[A-Za-z]")
_APPOSITION_BREAKS = frozenset("将把对在由的使为和与及或从向被给让以于是令设若当")
"""Characters that end a clause before a symbol; any other Han character before it is the noun the
symbol names (``有向图 $G$``, ``一个 `bool` 类型``)."""


def _local_symbol(text: str) -> bool:
    """Whether ``text`` leans on a symbol or code name defined only elsewhere in the note (a
    question built on it cannot stand alone months later): one not introduced by a noun right
    before it (``ResNet将$f$分解为…``, ``在`DecoderBlock`类中…``); numbers are no names."""
    for match in _LOCAL_SYMBOL.finditer(text):
        bare = _TEX_COMMAND.sub("", match.group())
        if _DIGIT.search(bare) and not _LATIN.search(bare):
            continue  # a number, not a name: ``$1\times 1$卷积``
        before = text[: match.start()].rstrip()
        if not before or not HAN.match(before[-1]) or before[-1] in _APPOSITION_BREAKS:
            return True
    return False


def item_name(text: str) -> str:
    """``**Forward locking**: a layer …`` → ``Forward locking``; empty when there is no name."""
    match = _NAME_COLON.match(clean_inline(text))
    return match.group(1).strip() if match and "http" not in match.group(1) else ""


def _first_sentence(text: str) -> str:
    """An item's first sentence, when it has more than one (``对输入图像使用选择性搜索…。``)."""
    match = _SENTENCE_END.search(text)
    return text[: match.end()].strip() if match and match.end() < len(text) else text


def _list_back(items: list[Block]) -> str:
    """The list card's back: the items (clipped at item boundaries: each item's first sentence
    when one runs long), or only their names when every item is ``Name: description`` and the
    whole would be long; empty for a list of bare labels."""
    if all(_ORDINAL_LABEL.match(clean_inline(b.text)) for b in items):
        return ""  # ``操作一 / 操作二``: the items say nothing
    names = [item_name(b.text) for b in items]
    if all(_ORDINAL_LABEL.match(n) for n in names):
        names = []
    texts = [clean_inline(b.text) for b in items]
    if any(len(t) > ITEM_CHARS for t in texts):
        texts = [_first_sentence(t) for t in texts]  # whole items' heads, nothing cut mid-way
    # Each item ends at a clause end and reads as said: no "…" (judges read it as cut off) and
    # no colon left after a bare label ("Diffusion prior:").
    full = "\n".join(f"- {clip(t, ITEM_CHARS, mark='').rstrip(':：')}" for t in texts)
    if names and all(names) and (len(full) > BACK_CHARS or all(len(n) <= 12 for n in names)):
        return "\n".join(f"- {n}" for n in names)
    return full if len(full) <= BACK_CHARS else ""


def _following_list(ctx: Context) -> list[Block]:
    """The top-level items of the list right after the focus block (for an item: its sub-list)."""
    block, after = ctx.block, ctx.next_block()
    if after is None or after.kind is not BlockKind.ITEM:
        return []
    if block.kind is BlockKind.ITEM:
        if after.list_id != block.list_id or after.level != block.level + 1:
            return []
        level, start = after.level, ctx.index + 1
        out = []
        for at in range(start, len(ctx.doc.blocks)):
            b = ctx.doc.blocks[at]
            if b.kind is not BlockKind.ITEM or b.list_id != block.list_id or b.level < level:
                break
            if b.level == level:
                out.append(b)
        return out
    if after.list_id != ctx.index + 1:
        return []
    return [b for _, b in ctx.list_items(ctx.index + 1) if b.level == after.level]


def _inline_items(text: str, count: int | None) -> str:
    """The item text after a colon when it splits into ``count`` short items; else empty."""
    text = clean_inline(text).rstrip("。．.！!；; ")
    parts = [p for p in ITEM_SPLIT.split(text) if p.strip()]
    if count is None or len(parts) != count:
        return ""
    for part in parts:
        if len(part) > (16 if has_cjk(part) else 40) or _NOT_AN_ITEM.search(part):
            return ""
    return text


def named_first(sentence: str) -> tuple[str, str] | None:
    """``查询、键和值是注意力机制的三个基本组成部分`` → (``注意力机制的三个基本组成部分是什么？``,
    ``查询、键和值``): items named before the count that sums them up."""
    text = clean_inline(sentence).rstrip("。．.！! ")
    # Each pattern needs its tail (的三个Y / are the three Y): test for it first (speed).
    if "的" in text and _ZH_COUNT_TAIL.search(text) and (match := _ZH_NAMED_FIRST.match(text)):
        question = f"{match.group('owner')}的{match.group('count')}{match.group('cls')}{match.group('noun')}是什么？"
    elif _EN_ARE_THE.search(text) and (match := _EN_NAMED_FIRST.match(text)):
        question = (
            f"What are the {match.group('count')} {match.group('noun')} of {match.group('owner')}?"
        )
    else:
        return None
    items = _inline_items(match.group("items"), count_value(match.group("count")))
    return (question, items) if items and not _POINTING_ANY.search(match.group("owner")) else None


def _may_enumerate(raw: str) -> bool:
    """Whether a raw sentence may be a lead-in (a colon and a count) or name its items first
    (``的`` and a count, or ``are the`` and one), even once cleaned (speed: most sentences are
    neither, and are not cleaned)."""
    if ":" in raw or "：" in raw:
        return may_count(raw)
    if _CLEANED_AWAY.search(raw):
        return True
    if "的" in raw and _ZH_COUNTED.search(raw):
        return True
    return "are" in raw.lower() and bool(_EN_ARE_THE.search(raw))  # no capital folds to a/r/e


def _subjects(block: Block, title: str, lead: str) -> tuple[Lazy, Lazy]:
    """What a lead-in's question is about (a heading the lead-in does not already name), and
    the section it sits in, each worked out only when asked for."""
    path = block.heading_path
    return (
        lambda: subject_from(path, title, avoid=lead),
        lambda: subject_from(path, title) or subject_from(path, title, avoid=lead),
    )


TRIGGER = trigger(r":|：|的(?:\W|&\w+;)*(?:[两二三四五六七八九十]|\d)", ("are",))
"""Lead-ins end in a colon; items named first need "are" (… are the three Y of X) or 的 and a
count (X的三个Y; between them, what clean_inline deletes)."""


def enumeration(ctx: Context) -> Iterator[Hit]:
    """One card per announced list: the lead-in made a question, the items the answer."""
    block = ctx.block
    if block.kind not in (BlockKind.PARAGRAPH, BlockKind.ITEM) or not block.sentences:
        return
    if in_worked(block.heading_path, block.asides):
        return
    last = len(block.sentences) - 1
    for at, sentence in enumerate(block.sentences):
        if not _may_enumerate(sentence.text):
            continue
        text = clean_inline(sentence.text)
        lead, rest = split_colon(text)
        # The cheap tests first (speed): most sentences announce nothing, and the subject
        # (searched for anew for each lead-in it must not overlap) is only worked out for those
        # that may.
        if lead is None:
            named = named_first(text)
            if named and not _local_symbol(text):
                claim = ((ctx.index, -1),) if last == 0 else ((ctx.index, at),)
                yield Hit(ctx.card(*named, confidence=0.75, line=sentence.line), claims=claim)
            continue
        if not may_count(lead) or _local_symbol(lead):
            continue  # no list, or one about a symbol defined elsewhere in the note
        asked = ask_lead_in(lead, *_subjects(block, ctx.doc.title, lead), ctx.cut)
        if not asked:
            continue
        question, count = asked
        claim = ((ctx.index, -1),) if last == 0 else ((ctx.index, at),)
        if rest.strip():
            items = _inline_items(rest, count)
            if items:
                yield Hit(
                    ctx.card(question, items, confidence=0.75, line=sentence.line), claims=claim
                )
            continue
        if at != last:
            continue
        listed = _following_list(ctx)
        if not 2 <= len(listed) <= MAX_ITEMS or (count is not None and count != len(listed)):
            continue
        back = _list_back(listed)
        if back:
            yield Hit(ctx.card(question, back, confidence=0.7, line=sentence.line), claims=claim)

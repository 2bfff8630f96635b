"""Explicit card syntax the user wrote: ``Q :: A``, ``Q ::: A``, ``{{c1::…}}``, ``==highlight==``,
``Q:``/``A:`` and ``问：``/``答：`` pairs (``key:: value`` metadata lines are not cards)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from notecards.extract.lang.text import clean_inline, has_cjk, source_lines
from notecards.extract.rules.context import Context, Hit
from notecards.extract.rules.trigger import trigger
from notecards.model import Block, BlockKind, CardKind
from notecards.patterns import CODE_SPAN, DISPLAY_MATH, DOLLAR_SPAN

QUESTION_MARKS = ("Q", "Question", "问", "问题", "提问")
"""Line openers (before ``:``/``：``) that start a question of a Q/A pair."""

ANSWER_MARKS = ("A", "Answer", "答", "答案", "回答")
"""Line openers (before ``:``/``：``) that start the answer of a Q/A pair."""

_PROSE = (BlockKind.PARAGRAPH, BlockKind.ITEM)
_METADATA = re.compile(r"^[\w.\-/]+::(?!:)\s*\S?")
"""``key:: value``: one identifier glued to ``::`` (Logseq/Dataview properties)."""
_REVERSIBLE = re.compile(r"^(?P<q>.+?)(?<=\S)\s+:::\s+(?P<a>\S.*)$")
_BASIC = re.compile(
    r"^(?P<q>.+?)(?:(?<=\S)\s+::|(?<=[?？!！。）)\]\u0100-\uffff])::)(?!:)\s+(?P<a>\S.*)$"
)
_QUESTION = re.compile(
    rf"^(?:\*\*)?(?:{'|'.join(QUESTION_MARKS)})(?:\*\*)?\s*[:：](?:\*\*)?\s*(?P<text>\S.*)$"
)
_ANSWER = re.compile(
    rf"^(?:\*\*)?(?:{'|'.join(ANSWER_MARKS)})(?:\*\*)?\s*[:：](?:\*\*)?\s*(?P<text>\S.*)$"
)
_ASKED = re.compile(rf"(?:{'|'.join(QUESTION_MARKS)})(?:\*\*)?\s*[:：]")
"""What :data:`_QUESTION` cannot match a line without."""
_CLEANED_AWAY = re.compile(r"[\u200b-\u200d\u2060\ufeff&]")
"""What :func:`~notecards.extract.lang.text.clean_inline` may delete from a text (joining what was
around it)."""
_CLOZE = re.compile(r"\{\{c(\d+)::.{1,400}?\}\}")
"""A ``{{cN::…}}`` deletion the user wrote; bounded so runs of unclosed openers stay linear."""
r"""A cloze deletion: ``{{cN::``, then at least one character, on one line, up to the first ``}}``.
The matches of ``\{\{c(\d+)::.+?\}\}``, with the rest of the line scanned in possessive runs rather
than one lazy step at a time (seconds on ``{{c1::`` repeated without a ``}}``)."""
_POINTS_BACK = re.compile(r"^(?:它|这|该|其|此|(?:it|this|these|they|its)\b)", re.IGNORECASE)
_ANALOGY = re.compile(r"\S\s:\s\S")
_HIGHLIGHT = re.compile(r"(?<!=)==(?=[^=\s])(?P<text>[^=\n]{1,200}?)(?<=[^=\s])==(?!=)")
_CODE_OR_MATH = re.compile(f"{CODE_SPAN}|{DISPLAY_MATH}|{DOLLAR_SPAN}")


def _masked(text: str) -> str:
    """``text`` with code spans, math and cloze deletions blanked out (same length), so that a
    ``::`` inside them is never taken for card syntax."""
    text = _CODE_OR_MATH.sub(lambda m: "\x00" * len(m.group()), text)
    return _CLOZE.sub(lambda m: "\x00" * len(m.group()), text)


def _pair(line: str) -> tuple[str, str, CardKind] | None:
    """(question, answer, kind) for a ``Q :: A`` or ``Q ::: A`` line."""
    if "::" not in line:  # both patterns need it; most lines are prose (speed)
        return None
    masked = _masked(line)
    for pattern, kind in ((_REVERSIBLE, CardKind.REVERSIBLE), (_BASIC, CardKind.BASIC)):
        if match := pattern.match(masked):
            q, a = line[slice(*match.span("q"))].strip(), line[slice(*match.span("a"))].strip()
            if _ANALOGY.search(q) or _ANALOGY.search(a):
                return None  # ``man : woman :: king : queen`` is notation, not a card
            return q, a, kind
    return None


def _unbold(text: str) -> str:
    """Drop a ``**`` left unpaired when a bold span was cut by the Q/A mark."""
    text = text.strip()
    if text.count("**") % 2:
        text = text.removeprefix("**") if text.startswith("**") else text.removesuffix("**")
    return text.strip()


def _outside_code(text: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    spans = [m.span() for m in _CODE_OR_MATH.finditer(text)]
    return [m for m in pattern.finditer(text) if not any(a <= m.start() < b for a, b in spans)]


def to_cloze(text: str) -> str:
    """``==a== and ==b==`` → ``{{c1::a}} and {{c2::b}}`` (numbers after any the text already
    uses); ``{{c1::…}}`` deletions are kept as written."""
    used = [int(m.group(1)) for m in _CLOZE.finditer(text)]
    number = max(used, default=0)
    out, at = [], 0
    for match in _outside_code(text, _HIGHLIGHT):
        number += 1
        out.append(text[at : match.start()] + f"{{{{c{number}::{match.group('text')}}}}}")
        at = match.end()
    return "".join(out) + text[at:]


def _claims(ctx: Context, block: Block, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of ``block`` overlapping ``[start, end)``, or the whole block."""
    if start <= 0 and end >= len(block.text):
        return [(ctx.index, -1)]
    return [
        (ctx.index, at)
        for at, s in enumerate(block.sentences)
        if s.start < end and s.start + len(s.text) > start
    ] or [(ctx.index, -1)]


def _cloze_cards(ctx: Context, block: Block) -> Iterator[Hit]:
    """One cloze card per sentence holding ``{{c1::…}}`` or ``==…==`` (outside code and math);
    a sentence that opens by pointing back (``它的默认学习率是…``) brings the one before it."""
    for at, sentence in enumerate(block.sentences):
        text = sentence.text.strip()
        if not (_outside_code(text, _CLOZE) or _outside_code(text, _HIGHLIGHT)):
            continue
        claims: tuple[tuple[int, int], ...] = (
            ((ctx.index, -1),) if len(block.sentences) == 1 else ((ctx.index, at),)
        )
        if at and _POINTS_BACK.match(text):
            before = block.sentences[at - 1].text.strip()
            text = before + ("" if has_cjk(before[-1:]) or before.endswith("。") else " ") + text
            claims = (*claims, (ctx.index, at - 1))
        card = ctx.card(
            to_cloze(clean_inline(text)),
            "",
            kind=CardKind.CLOZE,
            confidence=0.95,
            line=sentence.line,
        )
        yield Hit(card, claims=claims)


def _answer_after(ctx: Context, lines: list[tuple[int, str]], at: int) -> tuple[str, int, bool]:
    """The answer to the question on line ``at``: the ``A:`` line after it (and the unmarked
    lines that continue it) in the same block, else a next block that opens with ``A:``.
    Returns (answer, end offset in this block, whether the next block was used)."""
    block = ctx.block
    if at + 1 < len(lines) and (match := _ANSWER.match(clean_inline(lines[at + 1][1]))):
        parts = [match.group("text")]
        end = at + 2
        while end < len(lines) and not _QUESTION.match(clean_inline(lines[end][1])):
            parts.append(clean_inline(lines[end][1]))
            end += 1
        stop = lines[end][0] if end < len(lines) else len(block.text)
        return " ".join(parts), stop, False
    after = ctx.next_block()
    last = at + 1 == len(lines) and after is not None and after.kind in _PROSE
    if last and after and (match := _ANSWER.match(clean_inline(after.text))):
        return match.group("text"), len(block.text), True
    return "", 0, False


def _may_pair(text: str) -> bool:
    """Whether a block's text may hold a ``Q :: A`` line or a ``Q:``/``问：`` question: each needs
    ``::`` or its mark before a colon, in the text unless cleaning deletes something from it."""
    return "::" in text or bool(_ASKED.search(text)) or bool(_CLEANED_AWAY.search(text))


TRIGGER = trigger(r":|：|\{\{c|==")
"""Every hit needs a colon (Q :: A / Q ::: A, Q:/问： pairs) or a cloze mark ({{c1::…}}, ==…==)."""


def explicit(ctx: Context) -> Iterator[Hit]:
    """Cards the user marked by hand, exactly as marked."""
    block = ctx.block
    if block.kind not in _PROSE:
        return
    text = block.text
    cloze = "{{c" in text or "==" in text
    # Speed: most blocks hold no card syntax at all, and are not split into lines.
    paired = _may_pair(text)
    if not (paired or cloze):
        return
    lines = source_lines(text, block.line_offsets)
    for at, (offset, raw) in enumerate(lines if paired else ()):
        line = clean_inline(raw)
        end = offset + len(raw)
        if _METADATA.match(line) or not line:
            continue
        if pair := _pair(line):
            question, answer, kind = pair
            card = ctx.card(question, answer, kind=kind, confidence=0.95, line=block.line + at)
            yield Hit(card, claims=tuple(_claims(ctx, block, offset, end)))
        elif asked := _QUESTION.match(line):
            answer, stop, next_block = _answer_after(ctx, lines, at)
            if not answer:
                continue
            claims = _claims(ctx, block, offset, stop)
            if next_block:
                claims.append((ctx.index + 1, -1))
            card = ctx.card(
                _unbold(asked.group("text")), _unbold(answer), confidence=0.95, line=block.line + at
            )
            yield Hit(card, claims=tuple(claims))
    # Cloze marks need ``{{c`` or ``==`` (speed: most blocks have neither, so skip the scan).
    if cloze and not (paired and any(_pair(clean_inline(raw)) for _, raw in lines)):
        yield from _cloze_cards(ctx, block)

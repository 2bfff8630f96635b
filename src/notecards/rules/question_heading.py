"""A heading phrased as a question (``？``/``?``, 什么/为什么/如何, what/why/how …): the section
below it is the answer."""

from __future__ import annotations

import re
from collections.abc import Iterator

from notecards.model import BlockKind
from notecards.rules.base import Context, Hit
from notecards.rules.text import strip_section_number

QUESTION_WORDS_ZH = ("什么", "为什么", "为何", "如何", "怎么", "怎样", "哪些", "哪个", "是否", "有何", "多少", "吗")
"""Chinese question words that make a heading a question even without ``？``."""

QUESTION_WORDS_EN = ("what", "why", "how", "which", "when", "where", "who", "is", "are", "does", "do", "can", "should")
"""English words that open a question heading."""

_EN_OPENER = re.compile(rf"^(?:{'|'.join(QUESTION_WORDS_EN)})\b", re.IGNORECASE)

ANSWER_KINDS = frozenset({BlockKind.PARAGRAPH, BlockKind.ITEM, BlockKind.MATH, BlockKind.CODE, BlockKind.TABLE})
"""Blocks that can make up an answer."""


def is_question(text: str) -> bool:
    """Whether a heading text reads as a question."""
    text = text.strip()
    if text.endswith(("?", "？")):
        return True
    return any(w in text for w in QUESTION_WORDS_ZH) or bool(_EN_OPENER.match(text))


def question_heading(ctx: Context) -> Iterator[Hit]:
    """Front: the heading without its section number; back: the first paragraph or list."""
    block = ctx.block
    if block.kind is not BlockKind.HEADING:
        return
    question = strip_section_number(block.text)
    if not is_question(question):
        return
    answer: list[str] = []
    first_line = 0
    for _, b in ctx.section():
        if b.kind is BlockKind.HEADING:
            break
        if b.kind not in ANSWER_KINDS:
            continue
        if answer and b.kind is not BlockKind.ITEM and answer[-1].startswith("- "):
            break  # the list that answered has ended
        first_line = first_line or b.line
        if b.kind is BlockKind.ITEM:
            answer.append("  " * (b.level - 1) + "- " + b.text)
        elif b.kind is BlockKind.MATH:
            answer.append(f"$${b.text}$$")
        elif b.kind is BlockKind.CODE:
            answer.append(f"```{b.info}\n{b.text}```")
        else:
            answer.append(b.text)
            if not b.text.rstrip().endswith((":", "：")):
                break  # one paragraph answers, unless it announces what follows
    if answer:
        yield Hit(ctx.card(question, "\n".join(answer), confidence=0.8), claims=((ctx.index, -1),))

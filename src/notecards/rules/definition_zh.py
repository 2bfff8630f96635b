"""Chinese definitions: ``X是指Y``, ``X指的是Y``, ``X是Y``, ``所谓X，就是Y``."""

from __future__ import annotations

import re
from collections.abc import Iterator

from notecards.model import CardKind
from notecards.rules.base import Context, Hit

_DEFINITION = re.compile(
    r"^(?:所谓)?(?P<term>[^，。：；！？\s]{2,20}?)[，,]?(?:就)?(?P<verb>是指|指的是|是)(?P<body>[^。！？]{4,})[。！？]?\s*$"
)

PRONOUNS = ("这", "那", "它", "其", "该", "此", "我们", "他们", "这个", "这种", "这些", "那个")
"""Words that cannot be a term: they refer to something outside the sentence."""


def definition_zh(ctx: Context) -> Iterator[Hit]:
    """``X是指Y`` → 什么是X？ / Y."""
    text = ctx.sentence.text.strip()
    match = _DEFINITION.match(text)
    if not match:
        return
    term = match.group("term")
    if term.startswith(PRONOUNS):
        return
    body = match.group("body").strip()
    confidence = 0.75 if match.group("verb") != "是" else 0.55
    yield Hit(ctx.card(f"什么是{term}？", f"{term}{match.group('verb')}{body}", kind=CardKind.BASIC, confidence=confidence))

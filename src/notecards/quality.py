"""Quality gates: every candidate card is repaired (trimmed) or rejected with a named reason."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from notecards.config import Config
from notecards.model import Card, CardKind, Rejected
from notecards.rules.text import fold

_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}")
_PUNCT = re.compile(r"[\W_]+")

_URL_ONLY = re.compile(r"^\s*(?:<?https?://\S+>?|\[[^\]]*\]\([^)]*\))\s*$")
"""A back that is nothing but a link."""

_SENTENCE_BREAK = re.compile(r"(?<=[。！？!?．；;])|(?<=\.)\s")
"""Places where a too-long back may be cut (gate ``too-long``)."""


def duplicate_key(card: Card) -> str:
    """What two cards must share to count as the same question."""
    front = _CLOZE.sub(r"\1", card.front) if card.kind is CardKind.CLOZE else card.front
    return _PUNCT.sub("", fold(front))


def _trim(text: str, limit: int) -> str:
    """Cut ``text`` at the last sentence break before ``limit`` (never mid-word)."""
    if len(text) <= limit:
        return text
    pieces = _SENTENCE_BREAK.split(text)
    out = ""
    for piece in pieces:
        if out and len(out) + len(piece) > limit:
            break
        out += piece
    return out.rstrip() + " …" if len(out) < len(text) else out


Gate = Callable[[Card, Config], str | None]
"""A gate returns the reason a card is rejected, or None to pass it."""


def _empty(card: Card, config: Config) -> str | None:
    if card.kind is CardKind.CLOZE:
        return None if _CLOZE.search(card.front) else "no-deletion"
    return "empty" if not card.front.strip() or not card.back.strip() else None


def _answer_in_question(card: Card, config: Config) -> str | None:
    if card.kind is CardKind.CLOZE:
        hidden = "".join(m.group(1) for m in _CLOZE.finditer(card.front))
        visible = _CLOZE.sub("", card.front)
        return "nothing-hidden" if not _PUNCT.sub("", hidden) or not visible.strip() else None
    back = _PUNCT.sub("", fold(card.back))
    front = _PUNCT.sub("", fold(card.front))
    return "answer-in-question" if not back or back in front else None


def _url_only(card: Card, config: Config) -> str | None:
    return "url" if _URL_ONLY.match(card.back) and card.kind is not CardKind.CLOZE else None


def _low_confidence(card: Card, config: Config) -> str | None:
    return "low-confidence" if card.confidence < config.min_confidence else None


GATES: tuple[tuple[str, Gate], ...] = (
    ("empty", _empty),
    ("answer-in-question", _answer_in_question),
    ("url", _url_only),
    ("low-confidence", _low_confidence),
)
"""The gates in the order they run; the first that objects names the rejection."""


def gate(cards: Iterable[Card], config: Config) -> tuple[list[Card], list[Rejected]]:
    """Split candidates into accepted (trimmed, de-duplicated within the note) and rejected."""
    accepted: list[Card] = []
    rejected: list[Rejected] = []
    seen: dict[str, int] = {}
    for card in cards:
        card = replace(card, back=_trim(card.back, config.max_answer_chars))
        reason = next((r for _, g in GATES if (r := g(card, config))), None)
        if reason:
            rejected.append(Rejected(card, reason))
            continue
        key = duplicate_key(card)
        if key in seen:
            earlier = accepted[seen[key]]
            loser = card if earlier.confidence >= card.confidence else earlier
            if loser is earlier:
                accepted[seen[key]] = card
            rejected.append(Rejected(loser, "duplicate"))
            continue
        seen[key] = len(accepted)
        accepted.append(card)
    return accepted, rejected

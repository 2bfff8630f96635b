"""One-line text renderings of cards and rejections, for ``--explain``, ``preview`` and fixtures."""

from __future__ import annotations

from notecards.model import Card, CardKind, Decision, Rejected


def _flat(text: str) -> str:
    return text.replace("\n", " / ")


def render_card(card: Card) -> str:
    """``[rule] Q: … | A: …`` (``Q2:`` for reversible cards, ``C:`` for cloze)."""
    if card.kind is CardKind.CLOZE:
        extra = f" | X: {_flat(card.back)}" if card.back else ""
        return f"[{card.rule}] C: {_flat(card.front)}{extra}"
    mark = "Q2" if card.kind is CardKind.REVERSIBLE else "Q"
    return f"[{card.rule}] {mark}: {_flat(card.front)} | A: {_flat(card.back)}"


def render_rejected(rejected: Rejected) -> str:
    """``(reason) [rule] Q: … | A: …``."""
    return f"({rejected.reason}) {render_card(rejected.card)}"


def render_decision(decision: Decision, features: int = 3) -> str:
    """``0.63 carded [definition_shape +0.57, length_fit +1.41 …] sentence``: the score, the
    fate, the features that weighed most, and the sentence."""
    if decision.score is None:
        return f"{decision.fate} {_flat(decision.text)}"
    parts = ", ".join(f"{name} {value:+.2f}" for name, value in decision.features[:features])
    return f"{decision.score:.2f} {decision.fate} [{parts}] {_flat(decision.text)}"

"""Sentences stating a key fact (a limitation, a first-of, a number with its unit, a comparison) become cloze cards."""

from __future__ import annotations

from collections.abc import Iterator

from notecards.rules.base import Context, Hit


def key_claim(ctx: Context) -> Iterator[Hit]:
    """Not written yet: proposes nothing."""
    return iter(())

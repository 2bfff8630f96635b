"""Bilingual terms ``注意力机制(attention mechanism)``: a two-way card between the two names."""

from __future__ import annotations

from collections.abc import Iterator

from notecards.rules.base import Context, Hit


def bilingual_term(ctx: Context) -> Iterator[Hit]:
    """Not written yet: proposes nothing."""
    return iter(())

"""English definitions: ``X is a/an/the Y``, ``X refers to Y``, ``X is defined as Y``, ``We call X Y``."""

from __future__ import annotations

from collections.abc import Iterator

from notecards.rules.base import Context, Hit


def definition_en(ctx: Context) -> Iterator[Hit]:
    """Not written yet: proposes nothing."""
    return iter(())

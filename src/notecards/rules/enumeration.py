"""A lead-in announcing a list (``存在以下几个问题：``, ``in three ways:``) and the items that follow it."""

from __future__ import annotations

from collections.abc import Iterator

from notecards.rules.base import Context, Hit


def enumeration(ctx: Context) -> Iterator[Hit]:
    """Not written yet: proposes nothing."""
    return iter(())

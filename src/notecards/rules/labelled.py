"""Labelled lines under a heading (``What:``, ``Why:``, ``优点：``, ``**Term**: …``) that say something about the heading's subject."""

from __future__ import annotations

from collections.abc import Iterator

from notecards.rules.base import Context, Hit


def labelled(ctx: Context) -> Iterator[Hit]:
    """Not written yet: proposes nothing."""
    return iter(())

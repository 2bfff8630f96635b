"""List items of the form ``- Term: explanation`` / ``- 术语：解释``."""

from __future__ import annotations

from collections.abc import Iterator

from notecards.rules.base import Context, Hit


def colon_item(ctx: Context) -> Iterator[Hit]:
    """Not written yet: proposes nothing."""
    return iter(())

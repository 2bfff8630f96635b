"""Explicit card syntax the user wrote: ``Q :: A``, ``Q ::: A``, ``{{c1::…}}``, ``==highlight==``, ``Q:``/``A:`` and ``问：``/``答：`` pairs."""

from __future__ import annotations

from collections.abc import Iterator

from notecards.rules.base import Context, Hit


def explicit(ctx: Context) -> Iterator[Hit]:
    """Not written yet: proposes nothing."""
    return iter(())

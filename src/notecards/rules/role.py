"""Roles and purposes: ``the role of X is Y``, ``X is used to Y``, ``X的作用是Y``, ``X用于Y``."""

from __future__ import annotations

from collections.abc import Iterator

from notecards.rules.base import Context, Hit


def role(ctx: Context) -> Iterator[Hit]:
    """Not written yet: proposes nothing."""
    return iter(())

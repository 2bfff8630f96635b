"""Sentences that address the reader: advice (``应当``, ``不要``, ``建议``, ``should``) and the
Chinese second person (``你``, ``您``). A page made of them (a contest-setting guide, an editor's
how-to, a site's contribution rules) teaches a practice, not concepts. English ``you`` is left
out: paper notes say it of anyone (``you can see that the model…``)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from notecards.prefilter import quick

ADDRESSES_READER = re.compile(
    r"你|您|(?:^|[。．！？!?]\s*)请|建议|不要|应当|应该|不应|务必|\bshould\b",
    re.IGNORECASE,
)
"""A word that addresses the reader or advises."""
_ADDRESSES_READER = quick(ADDRESSES_READER).search
""":data:`ADDRESSES_READER`, searched in every sentence of a page (speed: the same matches)."""


def reader_share(distinct: Sequence[str]) -> float:
    """The share of the ``distinct`` sentences of a page (each said once) that address the
    reader."""
    if not distinct:
        return 0.0
    return sum(1 for s in distinct if _ADDRESSES_READER(s)) / len(distinct)

"""The parse stage: a cleaned note → a :class:`~notecards.model.Document` of blocks with heading
paths and line numbers (:mod:`~notecards.parse.blocks`), read from markdown-it's block tokens
(:mod:`~notecards.parse.markdown`, the only module that imports markdown-it, which also renders
card text to HTML so that the export stage needs no Markdown parser of its own)."""

from __future__ import annotations

from notecards.parse.blocks import blocks_of, join_soft_breaks, parse
from notecards.parse.markdown import to_html, to_plain_html

__all__ = ["blocks_of", "join_soft_breaks", "parse", "to_html", "to_plain_html"]

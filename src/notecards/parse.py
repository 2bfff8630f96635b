"""The parse stage: a cleaned note → a :class:`Document` of blocks with heading paths and lines.

This is the only module that imports markdown-it; it also renders card text to HTML
(:func:`to_html`) so that the export stage never needs a Markdown parser of its own.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from notecards.model import Block, BlockKind, CleanNote, Document

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_HEADING_TAIL = re.compile(r"(?:¶|\{#[^{}]*\}|(?<!\S)#+)$")
"""Trailing MkDocs permalink marks, ``{#anchor}`` attributes and closing ``#``s of a heading
(matched on right-stripped text: a leading ``\\s*`` would backtrack on long blank runs)."""

_CJK_EDGE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
"""Characters between which a soft line break is dropped rather than turned into a space."""


@functools.lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    """The parser: CommonMark + tables + ``$``/``$$`` math + MkDocs admonitions, raw HTML off."""
    return _markdown_parser()


def _markdown_parser() -> MarkdownIt:
    """A new parser as :func:`_markdown` describes it."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.admon import admon_plugin
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    md.use(
        dollarmath_plugin,
        allow_space=True,
        allow_digits=True,
        double_inline=True,
        renderer=lambda content, options: (
            f"\\({html.escape(content)}\\)"
            if not options.get("display_mode")
            else f"\\[{html.escape(content)}\\]"
        ),
    )
    md.use(admon_plugin)
    # \(…\) and \[…\] are math too; without this rule CommonMark reads "\(" as an escaped "(".
    md.inline.ruler.before("escape", "bracket_math", _bracket_math)
    return md


_INLINE_CORE_RULES = ("inline", "linkify", "replacements", "smartquotes", "text_join")
"""Core rules that parse (or post-process) the inside of paragraphs and headings."""


@functools.lru_cache(maxsize=1)
def _block_markdown() -> MarkdownIt:
    """:func:`_markdown` without inline parsing, for :func:`parse`: blocks are built from the
    ``inline`` tokens' source text (``content``), never from their children, so parsing the
    inside of every paragraph (a third of markdown-it's time) would be thrown away."""
    md = _markdown_parser()
    active = md.get_active_rules()["core"]
    return md.disable([name for name in _INLINE_CORE_RULES if name in active])


_BRACKET_MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", re.DOTALL)
r"""Inline ``\(…\)`` and ``\[…\]`` (LaTeX delimiters)."""


def _bracket_math(state: Any, silent: bool) -> bool:
    r"""markdown-it inline rule: turn ``\(…\)``/``\[…\]`` into dollarmath's math tokens."""
    if not state.src.startswith(("\\(", "\\["), state.pos):
        return False
    match = _BRACKET_MATH.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        display = match.group(2) is not None
        token = state.push("math_inline_double" if display else "math_inline", "math", 0)
        token.content = match.group(2) if display else match.group(1)
        token.markup = "\\[" if display else "\\("
    state.pos = match.end()
    return True


def join_soft_breaks(text: str) -> tuple[str, tuple[int, ...]]:
    """Join the lines of a paragraph: no space between two CJK characters, one space otherwise.

    Returns the joined text and the offsets at which each source line after the first starts,
    so a position in the joined text can be mapped back to a source line.
    """
    lines = text.split("\n")
    out = lines[0].rstrip()
    offsets: list[int] = []
    for line in lines[1:]:
        line = line.strip()
        if not line:
            continue
        if out and not (_CJK_EDGE.match(out[-1]) and _CJK_EDGE.match(line[0])):
            out += " "
        offsets.append(len(out))
        out += line
    return out, tuple(offsets)


@dataclass
class _Walker:
    """Turns markdown-it's flat token stream into blocks (mutable helper, local to one parse)."""

    lines: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)
    lists: list[dict[str, Any]] = field(default_factory=list)
    item_open: list[bool] = field(default_factory=list)

    def heading_path(self) -> tuple[str, ...]:
        return tuple(text for _, text in self.headings)

    def add(
        self, kind: BlockKind, text: str, token_map: Sequence[int] | None, **extra: Any
    ) -> None:
        first, last = (token_map[0] + 1, token_map[1]) if token_map else (0, 0)
        self.blocks.append(
            Block(
                kind=kind,
                text=text,
                line=first,
                end_line=max(first, last),
                heading_path=self.heading_path(),
                **extra,
            )
        )

    def walk(self, tokens: list[Token]) -> None:
        pending_heading = 0
        for at, tok in enumerate(tokens):
            kind = tok.type
            if kind == "heading_open":
                pending_heading = int(tok.tag[1])
            elif kind == "inline" and pending_heading:
                self._heading(pending_heading, tok)
                pending_heading = 0
            elif kind in ("bullet_list_open", "ordered_list_open"):
                list_id = self.lists[0]["id"] if self.lists else len(self.blocks)
                self.lists.append({"id": list_id, "ordered": kind[0] == "o", "count": 0})
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open":
                self.lists[-1]["count"] += 1
                self.item_open.append(True)
            elif kind == "list_item_close":
                self.item_open.pop()
            elif kind == "inline" and tokens[at - 1].type == "paragraph_open":
                self._paragraph(tok)
            elif kind in ("fence", "code_block"):
                self.add(BlockKind.CODE, tok.content, tok.map, info=tok.info.strip())
            elif kind == "math_block":
                self.add(BlockKind.MATH, tok.content.strip("\n"), tok.map)
            elif kind == "table_open" and tok.map:
                table = "\n".join(self.lines[tok.map[0] : tok.map[1]])
                self.add(BlockKind.TABLE, table, tok.map)
            elif kind == "html_block":
                self.add(BlockKind.HTML, tok.content, tok.map)

    def _heading(self, level: int, tok: Token) -> None:
        text = tok.content.rstrip()
        text = _HEADING_TAIL.sub("", text, count=1).strip()
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        self.add(BlockKind.HEADING, text, tok.map, level=level)
        self.headings.append((level, text))

    def _paragraph(self, tok: Token) -> None:
        text, offsets = join_soft_breaks(tok.content)
        if not text.strip():
            return
        if self.item_open and self.item_open[-1]:
            # The first paragraph of a list item is the item; later ones are plain paragraphs.
            self.item_open[-1] = False
            current = self.lists[-1]
            self.add(
                BlockKind.ITEM,
                text,
                tok.map,
                line_offsets=offsets,
                level=len(self.lists),
                list_id=current["id"],
                ordinal=current["count"],
                ordered=current["ordered"],
            )
        else:
            self.add(BlockKind.PARAGRAPH, text, tok.map, line_offsets=offsets)


def parse(note: CleanNote) -> Document:
    """Parse a cleaned note into blocks (``.txt`` notes are parsed as Markdown too)."""
    tokens = _block_markdown().parse(note.text)
    walker = _Walker(lines=note.text.split("\n"))
    walker.walk(tokens)
    blocks = tuple(walker.blocks)
    title = next((b.text for b in blocks if b.kind is BlockKind.HEADING and b.level == 1), "")
    if not title:
        meta = dict(note.source.front_matter)
        title = meta.get("title", "") or PurePosixPath(note.source.rel_path).stem
    return Document(note=note, blocks=blocks, title=title)


_MARKUP_FREE = re.compile(r"[^\\`*_\[\]<>&$!#|~=\s\x00]+(?:[ \u3000][^\\`*_\[\]<>&$!#|~=\s\x00]+)*")
"""One line of text without a character any parser rule reacts to (emphasis, code, links,
math, escapes, entities, HTML, tables, admonitions), single spaces only, no edge whitespace."""

_BLOCK_START = re.compile(r"[-+>:?]|\d{1,9}[.)]")
"""A start that makes a line a list item, quote or admonition rather than a paragraph."""


def _plain_html(text: str) -> str | None:
    """What :func:`to_html` gives a line with no Markdown in it (the text, ``"`` escaped as
    markdown-it escapes it), or None when the line needs the parser. Most card fields are
    such lines, and the parser costs ~0.1 ms a field (tests/test_parse.py checks they agree)."""
    if _MARKUP_FREE.fullmatch(text) and not _BLOCK_START.match(text):
        return text.replace('"', "&quot;")
    return None


def to_html(text: str) -> str:
    """Render card text (inline or block Markdown) to Anki-ready HTML.

    Raw HTML is escaped, ``$…$``/``$$…$$`` become MathJax ``\\(…\\)``/``\\[…\\]`` untouched by
    emphasis, code keeps its line breaks, and a single paragraph loses its ``<p>`` wrapper.
    """
    plain = _plain_html(text)
    if plain is not None:
        return plain
    rendered: str = _markdown().render(text).strip()
    if rendered.count("<p>") == 1 and rendered.startswith("<p>") and rendered.endswith("</p>"):
        rendered = rendered[3:-4]
    return rendered

"""The parse stage: a cleaned note → a :class:`Document` of blocks with heading paths and lines,
walked from the block tokens of markdown-it (:mod:`notecards.parse.markdown`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any, Protocol

from notecards.model import Block, BlockKind, CleanNote, Document
from notecards.parse.markdown import HEADING_SINK, TOKEN_SINK, block_parser
from notecards.patterns import CJK_WIDE

_HEADING_TAIL = re.compile(r"(?:¶|\{#[^{}]*\}|(?<!\S)#+)$")
"""Trailing MkDocs permalink marks, ``{#anchor}`` attributes and closing ``#``s of a heading
(matched on right-stripped text: a leading ``\\s*`` would backtrack on long blank runs)."""

_CJK_EDGE = re.compile(f"[{CJK_WIDE}]")
"""Characters between which a soft line break is dropped rather than turned into a space."""
_MARKS = "*_~="
"""Emphasis, strike-through and highlight marks, which a line may open or close on."""
_RUN_IN = re.compile(r"[ \t]*(\*\*|__)(?=\S)([^*_\n]{1,60}?)(?<=\S)\1[ \t]*\\?")
"""A line that is one bold phrase (a hard break's backslash allowed after it)."""
_SENTENCE_END = re.compile(r"[。．！？!?]$|(?<![A-Z0-9])\.$")
"""How a bold sentence (a claim stressed, not a heading) ends."""
_GOES_ON = re.compile(
    r"[的地得之了着过和与或及是为在中等也都就还又而并，。、；：,.;:)）\]】》”’]|[a-z]"
)
"""How a line that carries on the sentence of a bold phrase opens (``**模型**`` / ``的输出``)."""


def join_soft_breaks(text: str) -> tuple[str, tuple[int, ...]]:
    """Join the lines of a paragraph: no space between two CJK characters, one space otherwise.

    Returns the joined text and the offsets at which each source line after the first starts,
    so a position in the joined text can be mapped back to a source line.
    """
    if "\n" not in text:
        return text.rstrip(), ()  # most paragraphs are one line
    lines = text.split("\n")
    out = lines[0].rstrip()
    offsets: list[int] = []
    for line in lines[1:]:
        line = line.strip()
        if not line:
            continue
        # Past emphasis marks at the break: "正是具有" / "*注意力机制*" joins as Chinese.
        before, after = out.rstrip(_MARKS), line.lstrip(_MARKS)
        if out and not (
            before and after and _CJK_EDGE.match(before[-1]) and _CJK_EDGE.match(after[0])
        ):
            out += " "
        offsets.append(len(out))
        out += line
    return out, tuple(offsets)


class Token(Protocol):
    """What the walker reads of a markdown-it token (``markdown_it.token.Token``)."""

    @property
    def type(self) -> str: ...
    @property
    def tag(self) -> str: ...
    @property
    def content(self) -> str: ...
    @property
    def info(self) -> str: ...
    @property
    def map(self) -> list[int] | None: ...


_LIST_OPEN = frozenset({"bullet_list_open", "ordered_list_open"})
_LIST_CLOSE = frozenset({"bullet_list_close", "ordered_list_close"})
_IGNORED = frozenset({"paragraph_open", "paragraph_close", "heading_close"})
"""The commonest tokens that make no block by themselves."""


class _Walker:
    """Turns markdown-it's flat token stream into blocks (mutable helper, local to one parse)."""

    __slots__ = (
        "asides",
        "blocks",
        "headings",
        "item_open",
        "lines",
        "lists",
        "path",
        "section_level",
    )

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.blocks: list[Block] = []
        self.headings: list[tuple[int, str]] = []
        self.section_level = 0
        """The level of the last heading written as a heading (a run-in one nests below it)."""
        self.path: tuple[str, ...] = ()
        """The texts of :attr:`headings`, remade only when they change (speed)."""
        self.lists: list[list[Any]] = []
        """Open lists, outermost first: [list id, ordered, items so far]."""
        self.item_open: list[bool] = []
        self.asides: tuple[str, ...] = ()
        """Titles of the open admonitions, outermost first."""

    def add(
        self,
        kind: BlockKind,
        text: str,
        token_map: Sequence[int] | None,
        level: int = 0,
        list_id: int = -1,
        ordinal: int = 0,
        ordered: bool = False,
        info: str = "",
        line_offsets: tuple[int, ...] = (),
    ) -> None:
        first, last = (token_map[0] + 1, token_map[1]) if token_map else (0, 0)
        self.blocks.append(
            Block(
                kind=kind,
                text=text,
                line=first,
                end_line=last if last > first else first,
                heading_path=self.path,
                level=level,
                list_id=list_id,
                ordinal=ordinal,
                ordered=ordered,
                info=info,
                asides=self.asides,
                line_offsets=line_offsets,
            )
        )

    def walk(self, tokens: Sequence[Token]) -> None:
        pending_heading = 0
        previous = ""
        for tok in tokens:
            kind = tok.type
            if kind in _IGNORED:
                pass
            elif kind == "inline":
                if pending_heading:
                    self._heading(pending_heading, tok)
                    pending_heading = 0
                elif previous == "paragraph_open":
                    self._paragraph(tok)
            elif kind == "list_item_open":
                self.lists[-1][2] += 1
                self.item_open.append(True)
            elif kind == "list_item_close":
                self.item_open.pop()
            elif kind == "heading_open":
                pending_heading = int(tok.tag[1])
            elif kind in _LIST_OPEN:
                list_id = self.lists[0][0] if self.lists else len(self.blocks)
                self.lists.append([list_id, kind[0] == "o", 0])
            elif kind in _LIST_CLOSE:
                self.lists.pop()
            elif kind in ("fence", "code_block"):
                self.add(BlockKind.CODE, tok.content, tok.map, info=tok.info.strip())
            elif kind == "math_block":
                self.add(BlockKind.MATH, tok.content.strip("\n"), tok.map)
            elif kind == "table_open" and tok.map:
                table = "\n".join(self.lines[tok.map[0] : tok.map[1]])
                self.add(BlockKind.TABLE, table, tok.map)
            elif kind == "html_block":
                self.add(BlockKind.HTML, tok.content, tok.map)
            elif kind == "admonition_open":
                self.asides = (*self.asides, tok.content.strip())
            elif kind == "admonition_close":
                self.asides = self.asides[:-1]
            previous = kind

    def _heading(self, level: int, tok: Token) -> None:
        self.section_heading(level, tok.content, tok.map)

    def section_heading(self, level: int, content: str, token_map: Sequence[int] | None) -> None:
        """Add a heading the note writes as one (``#``, a setext underline)."""
        self.section_level = level
        self.heading(level, content, token_map)

    def heading(self, level: int, content: str, token_map: Sequence[int] | None) -> None:
        """Add a heading block of ``level`` from its inline source ``content``."""
        text = content.rstrip()
        if text.endswith(("¶", "}", "#")):  # the only endings _HEADING_TAIL can match (speed)
            text = _HEADING_TAIL.sub("", text, count=1)
        text = text.strip()
        headings = self.headings
        while headings and headings[-1][0] >= level:
            headings.pop()
        self.path = tuple(text for _, text in headings)
        self.add(BlockKind.HEADING, text, token_map, level=level)
        headings.append((level, text))
        self.path = (*self.path, text)

    def _paragraph(self, tok: Token) -> None:
        content: str = tok.content
        token_map: Sequence[int] | None = tok.map
        if not (self.item_open and self.item_open[-1]) and token_map:
            content, token_map = self._run_in_heading(content, token_map)
        text, offsets = join_soft_breaks(content)
        if not text.strip():
            return
        if self.item_open and self.item_open[-1]:
            # The first paragraph of a list item is the item; later ones are plain paragraphs.
            self.item_open[-1] = False
            list_id, ordered, count = self.lists[-1]
            self.add(
                BlockKind.ITEM,
                text,
                tok.map,
                level=len(self.lists),
                list_id=list_id,
                ordinal=count,
                ordered=ordered,
                line_offsets=offsets,
            )
        else:
            self.add(BlockKind.PARAGRAPH, text, token_map, line_offsets=offsets)

    def _run_in_heading(self, content: str, token_map: Sequence[int]) -> tuple[str, Sequence[int]]:
        """A paragraph whose first line is one bold phrase, the text going on in the next line
        (``**Departure to Latent Space**`` / ``对于任意一个…``): that phrase is a heading run in
        to its section, added one level below the last heading; returns the rest and its lines.
        Joined to the text it would read as the sentence's subject, and its closing ``**``
        against a Han character would no longer close (shown as literal stars)."""
        first, newline, rest = content.partition("\n")
        run_in = _RUN_IN.fullmatch(first) if newline and rest.strip() else None
        if (
            run_in is None
            or _SENTENCE_END.search(run_in.group(2))
            or _GOES_ON.match(rest.lstrip(" \t\u200b"))
        ):
            return content, token_map
        level = min(6, max(2, self.section_level + 1))
        self.heading(level, run_in.group(2), (token_map[0], token_map[0] + 1))
        return rest, (token_map[0] + 1, token_map[1])


def blocks_of(text: str, parser: Any = None) -> tuple[Block, ...]:
    """The blocks of Markdown ``text``, parsed by :func:`~notecards.parse.markdown.block_parser`
    (or by ``parser``, a markdown-it parser configured as it is)."""
    walker = _Walker(text.split("\n"))
    # Blocks are made as the parser finishes them, so its tokens never pile up (memory).
    env = {TOKEN_SINK: walker.walk, HEADING_SINK: walker.section_heading}
    walker.walk((parser or block_parser()).parse(text, env))
    return tuple(walker.blocks)


def parse(note: CleanNote) -> Document:
    """Parse a cleaned note into blocks (``.txt`` notes are parsed as Markdown too)."""
    blocks = blocks_of(note.text)
    title = next((b.text for b in blocks if b.kind is BlockKind.HEADING and b.level == 1), "")
    if not title:
        meta = dict(note.source.front_matter)
        title = meta.get("title", "") or PurePosixPath(note.source.rel_path).stem
    return Document(note=note, blocks=blocks, title=title)

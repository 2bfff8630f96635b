"""What a rule sees and returns: the :class:`Context` of a block or sentence of the note, the
:class:`Hit` it proposes, and the rule's type (:data:`RuleFn`)."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from notecards.model import (
    Block,
    BlockKind,
    Card,
    CardKind,
    Document,
    Sentence,
    SourceRef,
    Tokenizer,
)


class Scope(str, enum.Enum):
    """What a rule is called on."""

    BLOCK = "block"
    """Once per block, before any sentence rule (headings, lists, lead-ins)."""
    SENTENCE = "sentence"
    """Once per sentence that no earlier rule has claimed."""


@dataclass(frozen=True, slots=True)
class Hit:
    """A card a rule proposes, with the text it consumes."""

    card: Card
    """The proposed card; the engine stamps ``rule`` with the rule's name."""
    claims: tuple[tuple[int, int], ...] = ()
    """(block index, sentence index) pairs this card takes, so later rules skip them; a sentence
    rule's hit claims its own sentence when this is empty."""


T = TypeVar("T")


class NoteMemo:
    """What rules work out once per note and ask for in many contexts (the terms the note
    marks, the acronyms it spells out): the engine makes one per document and hands it to each
    context, so nothing learnt about a note outlives its extraction."""

    __slots__ = ("_found",)

    def __init__(self) -> None:
        self._found: dict[Callable[[Document], Any], Any] = {}

    def get(self, fn: Callable[[Document], T], doc: Document) -> T:
        """``fn(doc)``, worked out the first time any context asks for it."""
        if fn not in self._found:
            self._found[fn] = fn(doc)
        found: T = self._found[fn]
        return found


_LIST_ENDS = (BlockKind.ITEM, BlockKind.HEADING)
"""Blocks that end the body of a list item: the next item (of this list or another), a heading."""


@dataclass(frozen=True, slots=True)
class Context:
    """What a rule may look at: the whole document and the block (and sentence) in focus."""

    doc: Document
    """The segmented document."""
    index: int
    """Index of the focus block in ``doc.blocks``."""
    sentence_index: int = -1
    """Index of the focus sentence in the block; -1 for block rules."""
    cut: Tokenizer = field(kw_only=True, repr=False, compare=False)
    """The build's word tokenizer (``--segmenter``, ``--user-dict``), for text that is not a
    sentence of the document (a sentence cuts itself: :attr:`Sentence.tokens`)."""
    known_topic: str | None = None
    """The note's topic when the engine already worked it out (once per note), else None."""
    memo: NoteMemo = field(default_factory=NoteMemo, kw_only=True, repr=False, compare=False)
    """The note's memo, shared by every context of the document (see :meth:`once`)."""
    block: Block = field(init=False, repr=False, compare=False)
    """The focus block (looked up once: the rules ask for it several times per context)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "block", self.doc.blocks[self.index])

    @property
    def sentence(self) -> Sentence:
        """The focus sentence (sentence rules only)."""
        return self.block.sentences[self.sentence_index]

    @property
    def deck(self) -> str:
        """Deck name of the note."""
        return self.doc.note.source.category

    @property
    def subject(self) -> str:
        """The innermost heading's text without section numbers: what "it" refers to here."""
        # lazy (and in topic): the rule chain is loaded with the config, which a rebuild whose notes
        # are all cached needs without running a rule (these modules compile many patterns)
        from notecards.extract.lang.text import strip_section_number

        path = self.block.heading_path
        if self.block.kind is BlockKind.HEADING:
            return strip_section_number(self.block.text)
        return strip_section_number(path[-1]) if path else self.doc.title

    @property
    def topic(self) -> str:
        """What the whole note is about (``BERT``, ``Dropout``): see
        :func:`notecards.extract.lang.topic.note_topic`."""
        if self.known_topic is not None:
            return self.known_topic
        from notecards.extract.lang.topic import note_topic  # lazy: as in subject

        return note_topic(self.doc)

    def once(self, fn: Callable[[Document], T]) -> T:
        """``fn(doc)``, worked out once per note (through :attr:`memo`)."""
        return self.memo.get(fn, self.doc)

    def next_block(self, offset: int = 1) -> Block | None:
        """The block ``offset`` places after the focus, or None past the end."""
        at = self.index + offset
        return self.doc.blocks[at] if 0 <= at < len(self.doc.blocks) else None

    def section(self) -> list[tuple[int, Block]]:
        """For a heading in focus: the blocks up to the next heading of the same or a higher
        level (its whole section, subsections included), with their indices."""
        out: list[tuple[int, Block]] = []
        level = self.block.level
        for at in range(self.index + 1, len(self.doc.blocks)):
            block = self.doc.blocks[at]
            if block.kind is BlockKind.HEADING and block.level <= level:
                break
            out.append((at, block))
        return out

    def list_items(self, start: int) -> list[tuple[int, Block]]:
        """The items of the list whose first block is at ``start`` (all depths), with indices;
        the other blocks of a loose list's items (an item's own paragraphs, ``- **Stage 1**``
        then its text indented below) are passed over, not taken for the list's end."""
        out: list[tuple[int, Block]] = []
        blocks = self.doc.blocks
        at = start
        while at < len(blocks):
            block = blocks[at]
            if block.kind is BlockKind.ITEM and block.list_id == start:
                out.append((at, block))
                at += 1
                continue
            if block.kind in _LIST_ENDS:
                break
            # Inside an item when the next item or heading is an item of this list (a new list
            # after a paragraph would be a list of its own); jump there (one pass over the note).
            ahead = next(
                (i for i in range(at + 1, len(blocks)) if blocks[i].kind in _LIST_ENDS), None
            )
            if ahead is None or blocks[ahead].list_id != start:
                break
            at = ahead
        return out

    def ref(self, line: int | None = None) -> SourceRef:
        """Provenance for a card made here (default line: the focus sentence or block)."""
        if line is None:
            line = self.sentence.line if self.sentence_index >= 0 else self.block.line
        path = self.block.heading_path
        if self.block.kind is BlockKind.HEADING:
            path = (*path, self.block.text)
        return SourceRef(self.doc.note.source.rel_path, path, line)

    def card(
        self,
        front: str,
        back: str,
        *,
        kind: CardKind = CardKind.BASIC,
        confidence: float = 0.6,
        line: int | None = None,
        key: str = "",
        term: str = "",
    ) -> Card:
        """A card with this context's deck and provenance (the engine fills in the rule)."""
        return Card(
            kind=kind,
            front=front,
            back=back,
            rule="",
            source=self.ref(line),
            deck=self.deck,
            confidence=confidence,
            key=key,
            term=term,
        )


RuleFn = Callable[[Context], Iterable[Hit]]
"""A rule: given a context, propose zero or more hits. Must not raise on any input."""

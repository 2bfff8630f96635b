"""The typed values that cross each stage boundary: read → clean → parse → segment → extract → export.

Every value is a frozen dataclass, so a stage can never change what an earlier stage produced,
and every one carries enough provenance (file, heading path, line) to trace a card to its source.
"""

from __future__ import annotations

import enum
import operator
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Protocol, TypeVar, cast

T = TypeVar("T")


class Tokenizer(Protocol):
    """The build's word tokenizer: cuts a text into word tokens that join back to it, and looks
    words up in the tables of its dictionary (see :func:`notecards.segment.segment.tokenizer`)."""

    def __call__(self, text: str) -> tuple[str, ...]: ...

    def __hash__(self) -> int:
        """Hashable: functions remember what they worked out per text and tokenizer."""
        ...

    def word_frequency(self, word: str) -> int:
        """How common ``word`` is in general Chinese (0: rare or unknown)."""
        ...

    def word_tag(self, word: str) -> str:
        """The part-of-speech tag of a common word (``""``: rare or unknown)."""
        ...

    def dictionary_tag(self, word: str) -> str:
        """The part-of-speech tag of any word the dictionary holds (``""``: not held)."""
        ...

    def idf_of(self, word: str) -> float | None:
        """The IDF of ``word`` (None: not in the table)."""
        ...


@dataclass(frozen=True, slots=True)
class SourceNote:
    """A note file as read from disk (read → clean)."""

    path: Path
    """Absolute path of the file."""
    rel_path: str
    """POSIX path relative to the notes root; used in provenance, tags and state keys."""
    category: str
    """Anki deck name for the note's cards, subdecks joined with ``::`` (``机器学习::CNN``)."""
    text: str
    """The decoded text, line endings normalised to ``\\n``, front matter replaced by blank lines
    so that line numbers still match the file."""
    encoding: str
    """The encoding the bytes were decoded with (``utf-8``, ``gb18030``, ``utf-16`` …)."""
    front_matter: tuple[tuple[str, str], ...] = ()
    """Scalar keys of the YAML front matter, in file order (``category``, ``deck``, ``tags`` …)."""
    warnings: tuple[str, ...] = ()
    """Non-fatal problems met while reading (bad front matter, odd encoding), one line each."""


@dataclass(frozen=True, slots=True)
class Dropped:
    """One line the clean stage removed, kept so ``--explain`` can show what was cut and why."""

    line: int
    """1-based line number in the source file."""
    text: str
    """The line as it stood in the file."""
    reason: str
    """Name of the boilerplate group or repair that removed it (``widget``, ``footer`` …)."""


@dataclass(frozen=True, slots=True)
class CleanNote:
    """A note with page furniture removed and broken lines repaired (clean → parse).

    ``text`` has exactly as many lines as ``source.text``: removed lines become empty lines and a
    re-joined line keeps the number of its first half, so line numbers stay true to the file.
    """

    source: SourceNote
    """The note as read."""
    text: str
    """The cleaned text, line-aligned with the source."""
    dropped: tuple[Dropped, ...] = ()
    """Lines removed or merged, in line order."""
    tags: tuple[str, ...] = ()
    """Anki tags of every card of the note, in Anki's form (``ml::cnn``): front matter ``tags:``
    first, then the inline ``#tags`` taken out of the text (:mod:`notecards.clean.tags`)."""


class BlockKind(str, enum.Enum):
    """What kind of Markdown block a :class:`Block` is."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"
    """One list item; its list is identified by :attr:`Block.list_id`."""
    CODE = "code"
    MATH = "math"
    TABLE = "table"
    HTML = "html"


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a block (segment → extract); its word tokens are cut on first use."""

    text: str
    """The sentence text (inline Markdown kept: ``$math$``, ``**bold**``, `code`)."""
    lang: str
    """``"zh"``, ``"en"`` or ``"mixed"``, judged from the letters of the sentence."""
    line: int
    """1-based source line on which the sentence starts."""
    start: int
    """Character offset of the sentence in its block's ``text``."""
    cut: Tokenizer = field(compare=False, repr=False)
    """The build's word tokenizer (``--segmenter`` with ``--user-dict``), handed in by the segment
    stage: the model calls no stage itself."""

    @property
    def tokens(self) -> tuple[str, ...]:
        """Word tokens (jieba semantics for Chinese); ``"".join(tokens) == text`` always holds.
        Cut on demand by :attr:`cut` (which remembers them per text): most sentences never need
        their words, and cutting all of them cost a sixth of a build."""
        return self.cut(self.text)


@dataclass(frozen=True, slots=True)
class Block:
    """A Markdown block in document order (parse → segment)."""

    kind: BlockKind
    """Heading, paragraph, list item, code, math, table or raw HTML."""
    text: str
    """Inline Markdown source of the block without its block markup (``#``, ``-``, ``>``, fences);
    soft line breaks joined (no space between two CJK characters, one space otherwise).
    Code, math and table blocks keep their source lines."""
    line: int
    """1-based first source line."""
    end_line: int
    """1-based last source line (inclusive)."""
    heading_path: tuple[str, ...] = ()
    """Texts of the enclosing headings, outermost first (for a heading: its parents)."""
    level: int = 0
    """Heading level 1–6 for headings; nesting depth (1 = top) for list items; 0 otherwise."""
    list_id: int = -1
    """For items: index of the first block of the list they belong to; -1 otherwise."""
    ordinal: int = 0
    """For items: 1-based position among the list's items at the same depth; 0 otherwise."""
    ordered: bool = False
    """For items: whether the list is numbered."""
    info: str = ""
    """Code fence info string (language); empty otherwise."""
    asides: tuple[str, ...] = ()
    """Titles of the admonitions (``??? note "证明"``) the block sits in, outermost first."""
    line_offsets: tuple[int, ...] = ()
    """Offsets in ``text`` at which the 2nd, 3rd … source line of the block starts (soft breaks
    were joined), so a sentence can be traced to its own line."""
    sentences: tuple[Sentence, ...] = ()
    """Filled by the segment stage; empty for code, math, table and HTML blocks."""


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed note: its blocks in order, plus what it came from."""

    note: CleanNote
    """The cleaned note the blocks were parsed from."""
    blocks: tuple[Block, ...]
    """Blocks in document order."""
    title: str = ""
    """The first level-1 heading, else the front-matter title, else the file stem."""


class CardKind(str, enum.Enum):
    """Which note type a card becomes in Anki."""

    BASIC = "basic"
    """Question on the front, answer on the back."""
    REVERSIBLE = "reversible"
    """Like basic, plus a second card asking the other way round (term ↔ definition)."""
    CLOZE = "cloze"
    """A sentence with ``{{c1::…}}`` deletions."""


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a card came from."""

    path: str
    """POSIX path relative to the notes root."""
    heading_path: tuple[str, ...]
    """Headings enclosing the source text, outermost first."""
    line: int
    """1-based line of the text the card was made from."""

    def describe(self) -> str:
        """``file › heading › heading, line N`` for the back of a card and for reports."""
        parts = [self.path, *self.heading_path]
        return f"{' › '.join(parts)}, line {self.line}"


@dataclass(frozen=True, slots=True)
class Signature:
    """A card's content tokens for near-duplicate checks, each side packed into one string (its
    tokens sorted and joined by NUL: :func:`notecards.extract.quality.signed_tokens`), so that a
    cached note loads two strings per card, not two sets of words."""

    question: str
    """The question's tokens, packed."""
    answer: str
    """The answer's tokens, packed."""

    def sets(self) -> tuple[frozenset[str], frozenset[str]]:
        """The question's and the answer's tokens (made only when cards are compared)."""
        question, answer = self.question.split("\0"), self.answer.split("\0")
        return frozenset(question if self.question else ()), frozenset(
            answer if self.answer else ()
        )


@dataclass(frozen=True, slots=True)
class Card:
    """One flashcard (extract → export)."""

    kind: CardKind
    """Basic, reversible or cloze."""
    front: str
    """The question (basic/reversible) or the sentence with ``{{cN::…}}`` deletions (cloze);
    inline Markdown."""
    back: str
    """The answer (basic/reversible) or extra context shown after the cloze; inline Markdown,
    list lines separated by ``\\n``."""
    rule: str
    """Name of the extraction rule that made the card."""
    source: SourceRef
    """File, heading path and line the card came from."""
    deck: str
    """Anki deck name (``Category::Sub``)."""
    confidence: float = 0.5
    """0–1: how sure the rule is that a careful student would keep this card."""
    tags: tuple[str, ...] = ()
    """Extra Anki tags: the note's own (front matter ``tags:``, inline ``#tags``) and keywords
    when asked for; category, file and rule tags are added at export."""
    key: str = ""
    """Identity key the GUID derives from; empty means "derive from the front"."""
    term: str = ""
    """The term the card asks about or reveals (definition, role and term cards), plain text;
    the quality gates check it is a real term (not a pronoun, stop word, URL or clause)."""
    signature: Signature | None = field(default=None, compare=False, repr=False)
    """Content tokens of the question and of the answer, for near-duplicate checks
    (:func:`notecards.extract.quality.signature`): set by the quality gates in the per-note stage and
    cached with the note, so that deduplicating across notes never loads the segmenter; None
    for a card the gates have not passed (deduplicating refuses it). Derived data: not compared."""


@dataclass(frozen=True, slots=True)
class Rejected:
    """A candidate card a quality gate refused, kept for ``--explain`` and the summary."""

    card: Card
    """The candidate as the rule proposed it."""
    reason: str
    """Short name of the gate that refused it (``pronoun-term``, ``duplicate`` …)."""


@dataclass(frozen=True, slots=True)
class Decision:
    """What became of one candidate sentence, and why (for ``--explain``: no silent misses)."""

    line: int
    """1-based source line of the sentence."""
    text: str
    """The sentence without inline markup."""
    score: float | None
    """Its score in (0, 1) from the ranking features; None when a rule's card covers it or a
    veto refused it before scoring."""
    features: tuple[tuple[str, float], ...]
    """Each feature's contribution to the score (weight × value), largest first."""
    fate: str
    """``carded``, ``carded by <rule>``, ``vetoed: <check>``, ``below the floor (…)``,
    ``over the section's budget`` or ``no key to hide``."""
    card: str = ""
    """The card's front when it was carded here."""


@dataclass(frozen=True, slots=True)
class NoteResult:
    """What extraction made of one note."""

    rel_path: str
    """POSIX path of the note relative to the notes root."""
    category: str
    """Deck the note's cards go to."""
    encoding: str
    """Encoding the note was decoded with."""
    cards: tuple[Card, ...]
    """Accepted cards in source order."""
    rejected: tuple[Rejected, ...] = ()
    """Refused candidates, with reasons."""
    dropped: tuple[Dropped, ...] = ()
    """Lines the clean stage removed."""
    warnings: tuple[str, ...] = ()
    """Problems met with this note, one line each."""
    chars: int = 0
    """Length of the note text, for cards-per-1000-characters figures."""
    decisions: tuple[Decision, ...] = ()
    """What became of every candidate sentence of prose, in source order."""
    checksum: bytes = field(default=b"", compare=False, repr=False)
    """The build cache's checksum of this result as extracted (its note's path and stored bytes),
    set by the runner; empty when the result was not stored. Equal checksums mean equal results,
    so the export's steady check digests these instead of every card."""


@dataclass(frozen=True, slots=True)
class FileWarning:
    """A problem with one input file; the build goes on without it (or with what could be read)."""

    path: str
    """The file, as given or relative to the notes root."""
    reason: str
    """One line saying what is wrong."""


@dataclass(frozen=True, slots=True)
class DeckReport:
    """What one written (or, in a dry run, would-be-written) deck file holds."""

    deck: str
    """Top-level deck name (the category)."""
    path: Path
    """The ``.apkg`` file."""
    cards: int
    """Number of notes in the package."""
    written: bool
    """False for a dry run or when the file was already up to date."""
    counts: dict[str, int] = field(default_factory=dict)
    """Change counts against the previous build: ``new``, ``changed``, ``unchanged``, ``retired``,
    ``moved``, ``collisions``."""
    changes: tuple[str, ...] = ()
    """One line per retired, moved or colliding card (``retired: <question> (file)``), for reports."""
    warnings: tuple[str, ...] = ()
    """Problems met while exporting this deck (a missing image …), one line each, naming the file."""


@dataclass(frozen=True, slots=True)
class BuildReport:
    """The result of :func:`notecards.pipeline.build`."""

    notes: tuple[NoteResult, ...]
    """Per-note results in path order."""
    decks: tuple[DeckReport, ...]
    """Per-deck results in deck-name order."""
    warnings: tuple[FileWarning, ...]
    """Files that could not be read, or were read with problems."""
    skipped: tuple[str, ...] = ()
    """Files in the notes folder that are not notes (images, hidden files …)."""

    @property
    def cards(self) -> tuple[Card, ...]:
        """Every accepted card, in build order."""
        return tuple(card for note in self.notes for card in note.cards)

    def per_rule(self) -> dict[str, int]:
        """Accepted cards counted by rule name, sorted by name."""
        counts: dict[str, int] = {}
        for card in self.cards:
            counts[card.rule] = counts.get(card.rule, 0) + 1
        return dict(sorted(counts.items()))

    def rejections(self) -> dict[str, int]:
        """Rejected candidates counted by reason, sorted by reason."""
        counts: dict[str, int] = {}
        for note in self.notes:
            for rej in note.rejected:
                counts[rej.reason] = counts.get(rej.reason, 0) + 1
        return dict(sorted(counts.items()))


def last_field_setter(cls: type[T], name: str) -> Callable[[T, Any], T]:
    """``lambda obj, value: dataclasses.replace(obj, name=value)`` for a dataclass whose last
    field is ``name``, without ``replace``'s per-call field lookup (speed: for the stages that
    copy every block or card once). Raises TypeError when ``name`` is not the last field."""
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    if names[-1] != name:
        raise TypeError(f"{cls.__name__}.{name} must be the last field")
    values = operator.attrgetter(*names[:-1])
    make = cast(Callable[..., T], cls)  # called with every field, in order

    def setter(obj: T, value: Any) -> T:
        return make(*values(obj), value)

    return setter

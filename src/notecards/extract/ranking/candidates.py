"""Candidates: every sentence of prose (paragraphs and list items) with what the features read
around it: its plain text, words, heading path, place in its section, and the note's terms."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain

from notecards.extract.lang.advice import reader_share
from notecards.extract.lang.coreference import antecedent
from notecards.extract.lang.function_words import STOP_EN
from notecards.extract.lang.terms import skip_lead
from notecards.extract.lang.text import in_exercise, in_worked, names_style_guide
from notecards.extract.lang.topic import note_topic
from notecards.model import BlockKind, Document, Tokenizer
from notecards.patterns import CJK
from notecards.segment.segment import han_count

_PROSE = frozenset({BlockKind.PARAGRAPH, BlockKind.ITEM})
_LINK = re.compile(r"!?\[([^\]\n]{0,300})\]\([^)\n]{0,500}\)")
_IMAGE = re.compile(r"!\[[^\]\n]{0,300}\]\([^)\n]{0,500}\)")
_EMPHASIS = re.compile(r"(\*\*|__|~~|==)(?=\S)(.+?)(?<=\S)\1")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]{0,300}>")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*")
HAN_WORD = re.compile(f"[{CJK}]{{2,}}")
"""Two Han characters or more (searched: a text holding Chinese; matched: a Chinese word)."""
_HAN_WORD_FULL = HAN_WORD.fullmatch
_SPACES = re.compile(r"\s{2,}")


_REPORT = re.compile(
    r"^(?:(?:however|also|further(?:more)?|finally|additionally|moreover),?\s+)?"
    r"(?:they|we|the authors?|authors|the paper|this paper|researchers|it is|it was)\s+"
    r"(?:also\s+)?(?:find|found|finds|show|shows|showed|shown|demonstrate[sd]?|argue[sd]?|"
    r"note[sd]?|observe[sd]?|claim[sd]?|conclude[sd]?|report[sd]?|propose[sd]?|suggest[sd]?)"
    r"\s+that\s+"
    r"|^(?:the authors?|authors|we|they|this paper|the paper)\s+(?:also\s+)?"
    r"(?:propose[sd]?|introduce[sd]?|present(?:s|ed)?)\s+",
    re.IGNORECASE,
)


def opening_of(text: str) -> str:
    """The sentence from its claim on: a leading connective (``However,``, ``然而，``) and a
    reporting clause (``They find that``) skipped."""
    return strip_report(skip_lead(text, clauses=False))


def strip_report(text: str) -> str:
    """``They find that X`` → ``X``: the reporting clause names who said it, the rest is the
    claim (and the claim's own subject is what the card is about)."""
    match = _REPORT.match(text)
    return text[match.end() :] if match else text


def plain_text(text: str) -> str:
    """A sentence without its inline markup: images dropped, links reduced to their text,
    emphasis markers and HTML tags removed (what a reader sees)."""
    # Each substitution only where its pattern's opener occurs (speed: most sentences hold none).
    text = _LINK.sub(r"\1", _IMAGE.sub(" ", text)) if "](" in text else text  # both need it
    if "<" in text:
        text = _HTML_TAG.sub(" ", text)
    if "**" in text or "__" in text or "~~" in text or "==" in text:
        text = _EMPHASIS.sub(r"\2", text)
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class NoteView:
    """What the features know about the whole note."""

    title: str
    """The note's title (first level-1 heading, front-matter title or file stem)."""
    topic: str
    """Its short name (``World Models``, ``LoRA``), or empty."""
    term_counts: Counter[str]
    """How often each term-like word or Han word occurs in the note's prose, case-folded."""
    rel_path: str = ""
    """The note's path in the notes folder (a style guide is named by its file, too)."""
    title_words: frozenset[str] = frozenset()
    """The title's term-like words (:func:`words_of`)."""
    about_words: frozenset[str] = frozenset()
    """The term-like words of the title and the topic."""
    proofs: frozenset[int] = frozenset()
    """Indices of the blocks that open on a proof's label (``**证明**：``, ``Proof.``) or sit in
    an admonition holding a proof or worked problem: each of their sentences is a step of it."""
    prose: str = ""
    """The text of its candidates, case-folded, each distinct sentence once, one per line
    (where a compound the note uses is looked up)."""
    reader_share: float = 0.0
    """The share of its distinct sentences that address the reader (advice, the second person:
    :func:`~notecards.extract.lang.advice.reader_share`)."""
    intro_blocks: int = 0
    """How many blocks open a titled note (``#``) before the first of its two sections or more
    (``##``): its introduction, which motivates rather than teaches; else 0."""
    idfs: dict[str, float | None] = field(default_factory=dict, compare=False, repr=False)
    """The IDF of each word of its sentences (:meth:`~notecards.model.Tokenizer.idf_of` of the
    tokenizer they share), filled on first use: the note's sentences repeat their words (speed)."""
    nouns: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)
    """Whether each word of its sentences may name something, as
    :func:`~notecards.extract.ranking.term_spans.han_spans` judges it (with the tokenizer its
    sentences share), filled on first use: the note's sentences repeat their words (speed)."""
    _heading_words: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    _sections: dict[tuple[str, ...], tuple[bool, bool]] = field(default_factory=dict, compare=False)
    _repeated: dict[str, bool] = field(default_factory=dict, compare=False)

    # Per-note derived tables, filled on first use: sentences of one section ask the same
    # question of its headings again and again (speed).

    def heading_words(self, heading: str) -> tuple[str, ...]:
        """:func:`words_of` ``heading``, worked out once per note."""
        words = self._heading_words.get(heading)
        if words is None:
            words = self._heading_words[heading] = tuple(words_of(heading))
        return words

    def section(self, heading_path: tuple[str, ...]) -> tuple[bool, bool]:
        """Whether the section at ``heading_path`` is part of a style guide
        (:func:`~notecards.extract.lang.text.names_style_guide`) and whether it is an exercise
        (:func:`~notecards.extract.lang.text.in_exercise`), worked out once per section."""
        known = self._sections.get(heading_path)
        if known is None:
            known = self._sections[heading_path] = (
                names_style_guide(self.title, self.rel_path, heading_path),
                in_exercise(heading_path),
            )
        return known

    def repeats(self, text: str) -> bool:
        """Whether :attr:`prose` holds ``text`` (case-folded) twice or more, apart (``count``),
        worked out once per note: the sentences of a note ask it of the same compounds."""
        known = self._repeated.get(text)
        if known is None:
            # Twice apart is what ``count(text) >= 2`` means, found without reading on to the
            # end of the note (speed).
            prose = self.prose
            if text:
                first = prose.find(text)
                known = first >= 0 and prose.find(text, first + len(text)) >= 0
            else:
                known = prose.count(text) >= 2
            self._repeated[text] = known
        return known


@dataclass(frozen=True, slots=True)
class Candidate:
    """One sentence of prose that may become a card."""

    block: int
    """Index of its block in the document."""
    sentence: int
    """Index of the sentence in its block."""
    line: int
    """1-based source line."""
    text: str
    """The sentence as written (inline Markdown kept)."""
    plain: str
    """The sentence without inline markup (:func:`plain_text`)."""
    folded: str
    """:attr:`plain`, case-folded (what the features search)."""
    words: frozenset[str]
    """Its term-like words (:func:`words_of`)."""
    size: int
    """Its length in characters, a Han character counting two (about its width on a card)."""
    opening: str
    """:attr:`plain` from its claim on: a leading connective and a reporting clause skipped
    (:func:`opening_of`)."""
    kind: BlockKind
    """Paragraph or list item."""
    heading_path: tuple[str, ...]
    """Texts of the enclosing headings, outermost first."""
    lang: str
    """``zh``, ``en`` or ``mixed``."""
    tokens: tuple[str, ...]
    """Its words (jieba semantics), joined they give :attr:`text`."""
    first_in_section: bool
    """Whether it is the first sentence of prose under its heading."""
    first_in_block: bool
    """Whether it opens its paragraph or item."""
    cut: Tokenizer = field(kw_only=True, compare=False, repr=False)
    """The build's word tokenizer (the sentence's own), for text the checks cut again."""
    part: int = 0
    """For a long sentence cut at its semicolons: which clause (0 for a whole sentence)."""
    antecedent: str = ""
    """What the ``It`` / ``They`` it opens on refers to: the subject of the sentence before it in
    its paragraph (:func:`~notecards.extract.lang.coreference.antecedent`), or ''."""


def words_of(text: str) -> list[str]:
    """Case-folded term-like words of ``text``: Latin words that are not function words, and
    runs of two or more Han characters (as whole runs: a cheap stand-in for terms)."""
    out = [w for w in map(str.casefold, _WORD.findall(text)) if w not in STOP_EN and len(w) > 1]
    out.extend(HAN_WORD.findall(text))
    return out


_PROOF_LABEL = re.compile(r"(?:证明|[Pp]roof)(?:[:：.．]|(?:\*\*|__)[:：.．])")
"""A proof's label, its bold marks stripped (``证明：``, ``证明**：``, ``Proof.``)."""


def _opens_proof(text: str) -> bool:
    """Whether a paragraph opens on a proof's label (``**证明：**``, ``证明：``, ``**Proof.**``)."""
    return _PROOF_LABEL.match(text.lstrip().lstrip("*_")) is not None


_BOLD_LINE = re.compile(r"(?:\*\*|__)[^*_\n]{1,40}(?:\*\*|__)\s*[:：]?\s*$")
"""A paragraph that is one bold label (``**GPT 和 Transformer 的简单对比：**``): a heading in all
but name, which opens a part of the note."""


def _intro_blocks(doc: Document) -> int:
    """:attr:`NoteView.intro_blocks` of ``doc``: up to its first section, or its first bold
    label (an opening set out in labelled parts is a summary, not an introduction)."""
    blocks = doc.blocks
    sections = [i for i, b in enumerate(blocks) if b.kind is BlockKind.HEADING and b.level > 1]
    if len(sections) < 2 or not any(b.kind is BlockKind.HEADING for b in blocks[: sections[0]]):
        return 0  # no title above the sections: a wiki page's lead, which defines its subject
    labels = (
        i
        for i, b in enumerate(blocks[: sections[0]])
        if b.kind is BlockKind.PARAGRAPH and _BOLD_LINE.match(b.text)
    )
    return next(labels, sections[0])


def note_view(doc: Document, cands: list[Candidate], topic: str | None = None) -> NoteView:
    """The note-wide context of the features, from the note and its candidates (``topic``: the
    note's topic, when the caller already worked it out)."""
    # Every token counted at once at C level, then the Han words of two characters or more kept
    # (speed: the pattern is asked of each distinct token, not of every token of every sentence).
    tokens: Counter[str] = Counter(chain.from_iterable(cand.tokens for cand in cands))
    counts: Counter[str] = Counter({t: n for t, n in tokens.items() if _HAN_WORD_FULL(t)})
    latin = chain.from_iterable(_WORD.findall(cand.text) for cand in cands)
    counts.update(map(str.casefold, latin))
    distinct = list(dict.fromkeys(cand.text for cand in cands))
    title = doc.title
    if topic is None:
        topic = note_topic(doc)
    title_words = frozenset(words_of(title))
    return NoteView(
        title=title,
        topic=topic,
        rel_path=doc.note.source.rel_path,
        term_counts=counts,
        title_words=title_words,
        about_words=title_words | frozenset(words_of(topic)),
        prose="\n".join(distinct).casefold(),
        reader_share=reader_share(distinct),
        intro_blocks=_intro_blocks(doc),
        proofs=frozenset(
            i
            for i in {cand.block for cand in cands}
            if _opens_proof(doc.blocks[i].text) or in_worked((), doc.blocks[i].asides)
        ),
    )


def candidates(doc: Document) -> list[Candidate]:
    """Every sentence of every paragraph and list item, in document order."""
    out: list[Candidate] = []
    seen_in_section: set[tuple[str, ...]] = set()
    for index, block in enumerate(doc.blocks):
        if block.kind not in _PROSE:
            continue
        for number, sentence in enumerate(block.sentences):
            # "Regularization is …. It adds …": the card can say what "It" is
            referent = (
                antecedent(plain_text(block.sentences[number - 1].text), plain_text(sentence.text))
                if number and sentence.lang == "en" and sentence.text.startswith(("It ", "They "))
                else ""
            )
            for part, (text, tokens) in enumerate(_clauses(sentence.text, sentence.tokens)):
                first = block.heading_path not in seen_in_section
                seen_in_section.add(block.heading_path)
                plain = plain_text(text)
                out.append(
                    Candidate(
                        block=index,
                        sentence=number,
                        line=sentence.line,
                        text=text,
                        plain=plain,
                        folded=plain.casefold(),
                        words=frozenset(words_of(plain)),
                        size=display_size(plain),
                        opening=opening_of(plain),
                        kind=block.kind,
                        heading_path=block.heading_path,
                        lang=sentence.lang,
                        tokens=tokens,
                        first_in_section=first,
                        first_in_block=number == 0 and part == 0,
                        cut=sentence.cut,
                        part=part,
                        antecedent=referent if part == 0 else "",
                    )
                )
    return out


LONG_SENTENCE = 240
"""A sentence longer than this (a Han character counts two) is cut at its semicolons: run-on
sentences of Chinese notes hold one fact a clause."""
_SEMICOLONS = frozenset({"；", ";"})
_ENTITY_END = re.compile(r"&(?:[A-Za-z]+|#\d+|#[xX][0-9A-Fa-f]+);$")
"""A character reference's closing ``;`` (``&lt;``): the text is HTML, and that ``;`` ends no clause."""


def display_size(text: str) -> int:
    """Length in characters, a Han character counting two."""
    if text.isascii():
        return len(text)  # no Han character (speed)
    return len(text) + han_count(text)


def _clauses(text: str, tokens: tuple[str, ...]) -> list[tuple[str, tuple[str, ...]]]:
    """The sentence as (text, tokens), or its semicolon clauses when it is long; never cut
    inside math (a ``$`` left open)."""
    if display_size(text) <= LONG_SENTENCE or not any(t.strip() in _SEMICOLONS for t in tokens):
        return [(text, tokens)]
    parts: list[tuple[str, tuple[str, ...]]] = []
    current: list[str] = []
    for token in tokens:
        current.append(token)
        if (
            token.strip() in _SEMICOLONS
            and "".join(current).count("$") % 2 == 0
            and not _ENTITY_END.search("".join(current[-4:]))
        ):
            parts.append(("".join(current).strip(), tuple(current)))
            current = []
    if current and "".join(current).strip():
        parts.append(("".join(current).strip(), tuple(current)))
    # Keep tokens aligned with the stripped text: drop leading/trailing blank tokens.
    out = []
    for clause, toks in parts:
        trimmed = list(toks)
        while trimmed and not trimmed[0].strip():
            trimmed.pop(0)
        while trimmed and not trimmed[-1].strip():
            trimmed.pop()
        joined = "".join(trimmed)
        out.append((joined, tuple(trimmed)) if joined == clause else (clause, (clause,)))
    return out

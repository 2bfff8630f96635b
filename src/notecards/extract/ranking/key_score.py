"""The value of a key: named features of one span a cloze could hide, weighed by weights fitted
on what careful readers hid (the development gold's answers) and what blind judges kept or called
a trivial blank (``benchmarks/fit_keys.py``, shipped as ``key_weights.json`` beside this module).

The value says how likely a careful reader would hide the span. The ranking makes no card of a
sentence whose score times its key's value is below its card floor
(:data:`notecards.extract.ranking.select.CARD_FLOOR`): blind judges dropped most of those. Which
span is hidden is still :func:`notecards.extract.ranking.keys.choose_key`'s order (as a ranker of
spans the fitted value beat it on one held-out source of four and lost on another). Like the
sentence features (:mod:`notecards.extract.ranking.features`), the list is data: extend, reorder
or filter it by name; a feature the weights do not name weighs 0."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from notecards.extract.ranking.candidates import HAN_WORD, Candidate, NoteView, display_size
from notecards.extract.ranking.score import Weights, valuer
from notecards.extract.ranking.term_spans import LATIN_WORD, NOT_TERMS, NOT_TERMS_ZH
from notecards.prefilter import quick

KEY_WEIGHTS_FILE = Path(__file__).with_name("key_weights.json")
NOTE_EVERYWHERE = 8
"""A term the note says this often is its everyday vocabulary: hiding it tests nothing."""


@dataclass(frozen=True, slots=True)
class Key:
    """The span a cloze hides."""

    start: int
    """Offset in the sentence text."""
    end: int
    """End offset (exclusive)."""
    text: str
    """The hidden text."""
    why: str
    """How it was found: :data:`DEFINED`, :data:`SUBJECT`, ``specific term``, ``result number``,
    :data:`RHEME` with the verb it follows, or :data:`MEMBERS`."""
    score: float
    """How term-like and central the span is (a specific term's score; fixed for the others)."""
    value: float = 0.0
    """How likely a careful reader would hide it (:func:`key_value`); 0 until valued."""

    @property
    def is_term(self) -> bool:
        """Whether the span is a term (not the rest of a clause, :data:`RHEME`)."""
        return not self.why.startswith((RHEME, MEMBERS))


DEFINED = "defined term"
"""How the term a definition (``X is a …``, ``X 是指 …``) defines is explained."""
SUBJECT = "its subject"
"""How the subject of a defining verb that is not all of what it defines is explained
(``[MAE]的 encoder 就是…``, ``由于[单位方差]是一个主观的选择``): hidden only when no clause is."""
HIDDEN_ANYWAY = frozenset({DEFINED, SUBJECT})
"""Keys a card hides whatever the blank model values them: what the sentence defines or is about."""
RHEME = "what follows"
"""How a key that is the rest of a clause after its main verb is explained."""
MEMBERS = "the members a count announces"
"""How a key that names the members after a count (``两部分：[A 与 B]``) is explained."""

KeyFeatureFn = Callable[[Key, Candidate, NoteView], float]


@dataclass(frozen=True, slots=True)
class KeyFeature:
    """One named feature of a key."""

    name: str
    """Stable name: the key of its weight."""
    fn: KeyFeatureFn
    """Computes it, in [0, 1]; must not raise on any span."""

    @property
    def description(self) -> str:
        """The first line of the function's docstring."""
        return (self.fn.__doc__ or self.name).strip().splitlines()[0]


def defined_term(k: Key, c: Candidate, note: NoteView) -> float:
    """The term a definition (``X is a …``, ``X 是指 …``) defines, or the subject of its verb."""
    return 1.0 if k.why in HIDDEN_ANYWAY else 0.0


def clause_rest(k: Key, c: Candidate, note: NoteView) -> float:
    """The rest of a clause after its main verb (what the sentence says of its subject)."""
    return 0.0 if k.is_term else 1.0


def result_number(k: Key, c: Candidate, note: NoteView) -> float:
    """A result's number with its unit (``3 倍``, ``41/49``)."""
    return 1.0 if k.why == "result number" else 0.0


def term_strength(k: Key, c: Candidate, note: NoteView) -> float:
    """How specific a term is (its term score: a name, rare in Chinese, said a few times), capped."""
    return min(k.score, 4.0) / 4.0 if k.why == "specific term" else 0.0


_NAME_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9-]*[A-Z0-9]").search
_PLAIN_ENGLISH = re.compile(r"[a-z][a-z -]*").fullmatch


def name_like(k: Key, c: Candidate, note: NoteView) -> float:
    """Written as a name: a capital or a digit after the first letter (BERT, GPT-3, PagedAttention)."""
    return 1.0 if _NAME_LIKE(k.text) else 0.0


def plain_english(k: Key, c: Candidate, note: NoteView) -> float:
    """Lower-case English words only (``different``, ``the transformer model``)."""
    return 1.0 if _PLAIN_ENGLISH(k.text) else 0.0


def tiny(k: Key, c: Candidate, note: NoteView) -> float:
    """Four display columns or fewer (one Han word of two characters, ``NLP``)."""
    return 1.0 if display_size(k.text) <= 4 else 0.0


def long_span(k: Key, c: Candidate, note: NoteView) -> float:
    """Over 24 display columns: a whole clause."""
    return 1.0 if display_size(k.text) > 24 else 0.0


def opening(k: Key, c: Candidate, note: NoteView) -> float:
    """Starts in the sentence's first sixth: its subject."""
    return 1.0 if k.start <= len(c.text) / 6 else 0.0


def late(k: Key, c: Candidate, note: NoteView) -> float:
    """Starts in the second half of the sentence: where its point usually is."""
    return 1.0 if k.start >= len(c.text) / 2 else 0.0


def everyday(k: Key, c: Candidate, note: NoteView) -> float:
    """A word the note says everywhere (its everyday vocabulary)."""
    return 1.0 if note.term_counts.get(k.text.casefold(), 0) >= NOTE_EVERYWHERE else 0.0


def recurring(k: Key, c: Candidate, note: NoteView) -> float:
    """A term the note says a few times (2 to 7): one of its terms."""
    return 1.0 if 2 <= note.term_counts.get(k.text.casefold(), 0) < NOTE_EVERYWHERE else 0.0


def common_chinese(k: Key, c: Candidate, note: NoteView) -> float:
    """A Chinese word common in general text (jieba IDF below 8: 领域, 标签, 效果)."""
    if not HAN_WORD.fullmatch(k.text):
        return 0.0
    idf = c.cut.idf_of(k.text)
    return 1.0 if idf is not None and idf < 8.0 else 0.0


def in_headings(k: Key, c: Candidate, note: NoteView) -> float:
    """Said in the sentence's headings or the note's title: the front gives it away."""
    folded = k.text.casefold()
    return 1.0 if any(folded in h.casefold() for h in (*c.heading_path, note.topic)) else 0.0


_CUE_BEFORE = re.compile(
    r"(?:是|为|即|作用是|用于|用来|目的是|在于|核心是|关键是|叫做|称为|[:：]|\b(?:is|are|called|"
    r"named|means|to|by)\b)\s*[*_`\"'“(（]*$",
    re.IGNORECASE,
)


_CUE_BEFORE_END = quick(_CUE_BEFORE).search
""":data:`_CUE_BEFORE`, searched before every span valued (speed: the same matches)."""


def after_cue(k: Key, c: Candidate, note: NoteView) -> float:
    """Right after a copula or a cue (``是``, ``用于``, ``is``, ``called``, a colon)."""
    return 1.0 if _CUE_BEFORE_END(c.text, max(0, k.start - 12), k.start) else 0.0


_INTRODUCES = re.compile(
    r"(?:提出|引入|介绍|推出|称之为|命名为|\b(?:propos\w*|introduc\w*|present\w*|call\w*|nam\w*|dub\w*)\b)"
    r"[^，,。.;；]{0,12}$",
    re.IGNORECASE,
)


_EXPANSION_AFTER = re.compile(r"\s*[(（]\s*[A-Z][a-z]").match
"""A parenthesis spelling out the name before it (matched at the name's end)."""


_INTRODUCED_BY = quick(_INTRODUCES).search
""":data:`_INTRODUCES`, searched before every span valued (speed: the same matches)."""


def introduced(k: Key, c: Candidate, note: NoteView) -> float:
    """A name the sentence introduces: after ``propose``/``introduce``/``提出``, or followed by
    its expansion in parentheses (``ELMo (Embeddings from Language Models)``)."""
    if _INTRODUCED_BY(c.text, max(0, k.start - 30), k.start):
        return 1.0
    return 1.0 if _EXPANSION_AFTER(c.text, k.end) else 0.0


def content(k: Key, c: Candidate, note: NoteView) -> float:
    """How many content words the span holds (Latin words not function words, Han words not
    clause words), up to four."""
    return min(content_words(c, k.start, k.end), 4) / 4.0


def bracketed(k: Key, c: Candidate, note: NoteView) -> float:
    """Inside parentheses: an aside or a gloss."""
    before = c.text[: k.start]
    return (
        1.0
        if before.count("(") + before.count("（") > before.count(")") + before.count("）")
        else 0.0
    )


_DIGIT = re.compile(r"\d").search


def has_digit(k: Key, c: Candidate, note: NoteView) -> float:
    """Holds a digit (a number, a version, a size)."""
    return 1.0 if _DIGIT(k.text) else 0.0


KEY_FEATURES: tuple[KeyFeature, ...] = tuple(
    KeyFeature(fn.__name__, fn)
    for fn in (
        defined_term,
        clause_rest,
        result_number,
        term_strength,
        name_like,
        plain_english,
        tiny,
        long_span,
        opening,
        late,
        everyday,
        recurring,
        common_chinese,
        in_headings,
        after_cue,
        introduced,
        content,
        bracketed,
        has_digit,
    )
)
"""The key features, in order."""


def key_vector(
    k: Key, c: Candidate, note: NoteView, features: tuple[KeyFeature, ...] = KEY_FEATURES
) -> tuple[float, ...]:
    """The key's value for each feature, in order."""
    return tuple([f.fn(k, c, note) for f in features])


@functools.lru_cache(maxsize=1)
def default_key_weights() -> Weights:
    """The shipped key weights (read once per process)."""
    data = json.loads(KEY_WEIGHTS_FILE.read_text(encoding="utf-8"))
    return Weights(float(data["bias"]), tuple((k, float(v)) for k, v in data["weights"].items()))


@functools.lru_cache(maxsize=1)
def _default_valuer() -> Callable[[tuple[float, ...]], float]:
    """The shipped weights bound to :data:`KEY_FEATURES` once (speed: binding hashes the feature
    list, and every alternative of every chosen sentence is valued)."""
    return valuer(KEY_FEATURES, default_key_weights())


def key_value(k: Key, c: Candidate, note: NoteView, weights: Weights | None = None) -> float:
    """How likely a careful reader would hide this span, in (0, 1)."""
    value = _default_valuer() if weights is None else valuer(KEY_FEATURES, weights)
    return value(key_vector(k, c, note))


def content_words(c: Candidate, start: int, end: int) -> int:
    """How many words of ``c.text[start:end]`` say something: Latin words that are not function
    words, Han words of two or more characters that are not clause or generic words."""
    count = 0
    at = 0
    for token in c.tokens:
        if at >= end:
            break  # no word from here on lies inside (speed: keys sit early as often as late)
        if start <= at and at + len(token) <= end:
            word = token.strip()
            if LATIN_WORD.fullmatch(word):
                count += word.casefold() not in NOT_TERMS and len(word) > 1
            elif HAN_WORD.fullmatch(word):
                count += word not in NOT_TERMS_ZH
        at += len(token)
    return count

"""The segment stage: split blocks into sentences and sentences into words, losslessly.

This is the only module that imports a segmenter. Text is first cut into same-script runs: Han
runs go to jieba (the jieba-rs binding ``rjieba`` when installed, which gives the same
tokens as ``jieba`` on Han runs, HMM included, ~10× faster), everything else is split by one regex, so
``end-to-end``, ``8.2.4414`` and ``$x_1$`` stay whole. ``"".join(tokens) == text`` is checked for
every sentence (spaCy's E194 check) — segmentation can never drop text. Where sentences end is
:mod:`notecards.segment.sentences`.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from notecards.errors import ConfigError
from notecards.extract.lang.text import language_of
from notecards.model import Block, BlockKind, Document, Sentence, Tokenizer, last_field_setter
from notecards.patterns import CJK, MATH_TOKEN
from notecards.segment import tablecache
from notecards.segment.sentences import split_sentences

_PROSE_KINDS = frozenset({BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.ITEM})
"""Blocks that hold sentences; code, math, tables and raw HTML are never segmented."""

_HAN_RUN = re.compile(f"([{CJK}]+)")
"""Han characters (:data:`notecards.patterns.CJK`, the range the rules test too); each run is
segmented on its own, and the runs count the Han characters a sentence's language is judged by."""

_OTHER_TOKEN = re.compile(
    rf"{MATH_TOKEN}"  # math stays one token
    r"|`[^`\n]+`"  # code span
    r"|\d+(?:[.,:]\d+)*%?"  # numbers: 8.2.4414, 1,000, 76.1%
    r"|[A-Za-z0-9\u00c0-\u024f]+(?:[-'’][A-Za-z0-9\u00c0-\u024f]+)*"  # words: end-to-end, don't
    r"|\s+"
    r"|.",
    re.DOTALL,
)
"""Tokens for non-Han text."""

SEGMENTERS = ("auto", "rjieba", "jieba")
"""Segmentation engines; ``auto`` takes ``rjieba`` when it imports, else ``jieba``."""


@functools.lru_cache(maxsize=4)
def _engine(name: str, user_dict: str | None) -> Callable[[str], list[str]]:
    """Load a segmentation engine once per process (and the user dictionary into it)."""
    if name not in SEGMENTERS:
        raise ConfigError(f"unknown segmenter {name!r}; choose one of {', '.join(SEGMENTERS)}")
    words = _read_user_dict(Path(user_dict)) if user_dict else []
    if name in ("auto", "rjieba"):
        try:
            import rjieba  # lazy: loads its dictionary on import
        except ImportError:
            if name == "rjieba":
                raise ConfigError(
                    "segmenter 'rjieba' is not installed: pip install rjieba"
                ) from None
        else:
            if not words:  # ``import rjieba`` already built this dictionary: don't load it twice
                return functools.partial(rjieba.cut, hmm=True)
            engine = rjieba.Jieba()
            for word, freq, tag in words:
                engine.add_word(word, freq, tag)
            return functools.partial(engine.cut, hmm=True)
    import jieba  # lazy: slow to import; only without rjieba or with a user dictionary

    jieba.setLogLevel(60)  # jieba prints a banner on stderr while it loads its dictionary
    tokenizer = jieba.Tokenizer()
    for word, freq, tag in words:
        tokenizer.add_word(word, freq, tag)
    return functools.partial(tokenizer.lcut, HMM=True)


def _read_user_dict(path: Path) -> list[tuple[str, int | None, str | None]]:
    """Parse a jieba user dictionary: ``word [freq] [tag]`` per line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise ConfigError(f"{path}: cannot read user dictionary ({err.strerror})") from None
    out: list[tuple[str, int | None, str | None]] = []
    for line in text.splitlines():
        parts = line.split()
        if not parts:
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        out.append((parts[0], freq, tag))
    return out


def tokenize(text: str, segmenter: str, user_dict: Path | str | None) -> tuple[str, ...]:
    """Word tokens of ``text`` cut by the ``segmenter`` engine with ``user_dict`` (the build's
    settings, never defaults: :attr:`~notecards.config.Config.segmenter`, ``user_dict``);
    joined they give back ``text`` exactly."""
    return _tokenize(text, segmenter, str(user_dict) if user_dict else None)


def tokenizer(segmenter: str, user_dict: Path | str | None, table_cache: Path | None) -> Tokenizer:
    """:func:`tokenize` with the build's settings bound, and jieba's word tables read through the
    build's ``table_cache`` folder (:attr:`~notecards.config.Config.table_cache`): what the
    segment stage hands each :class:`~notecards.model.Sentence` and the extract stage hands the
    rules."""
    return _Bound(segmenter, str(user_dict) if user_dict else None, table_cache)


@dataclass(frozen=True, slots=True)
class _Bound:
    """A :class:`~notecards.model.Tokenizer` for one engine and dictionary, and the word tables
    from one cache folder (picklable, unlike a closure, so it crosses to worker processes)."""

    segmenter: str
    user_dict: str | None
    table_cache: Path | None

    def __call__(self, text: str) -> tuple[str, ...]:
        return _tokenize(text, self.segmenter, self.user_dict)

    def word_frequency(self, word: str) -> int:
        return word_frequency(word, self.table_cache)

    def word_tag(self, word: str) -> str:
        return word_tag(word, self.table_cache)

    def dictionary_tag(self, word: str) -> str:
        return dictionary_tag(word, self.table_cache)

    def idf_of(self, word: str) -> float | None:
        return idf_of(word, self.table_cache)


@functools.lru_cache(maxsize=8192)
def _tokenize(text: str, segmenter: str, user_dict: str | None) -> tuple[str, ...]:
    # Remembered: a sentence's tokens are asked for by several rules and gates.
    return _cut(text, _engine(segmenter, user_dict))


def _cut(text: str, cut: Callable[[str], list[str]]) -> tuple[str, ...]:
    """Word tokens of ``text``: Han runs cut by the engine, everything else by
    :data:`_OTHER_TOKEN`; checked to lose no text."""
    tokens: list[str]
    if text.isascii():  # no Han run to cut (speed)
        tokens = _OTHER_TOKEN.findall(text)
    else:
        tokens = []
        for at, run in enumerate(_HAN_RUN.split(text)):
            if not run:
                continue
            if at % 2:  # odd parts are the Han runs captured by the split
                tokens.extend(cut(run))
            else:
                tokens.extend(_OTHER_TOKEN.findall(run))  # no capture groups: whole matches
    if "".join(tokens) != text:  # spaCy E194: never silently lose text
        raise AssertionError(f"segmentation lost text: {text[:60]!r}")
    return tuple(tokens)


def han_count(text: str) -> int:
    """How many Han characters ``text`` holds (what jieba's dictionary knows)."""
    return len(text) - len(_HAN_RUN.sub("", text))  # no list of the runs (speed)


Pieces = list[tuple[int, str, str]]
"""A block text's sentences as (offset, text, language)."""


def _pieces(text: str, language_of: Callable[[str, int], str]) -> Pieces:
    ascii_only = text.isascii()  # no Han character in any sentence: skip counting (speed)
    return [
        (offset, piece, language_of(piece, 0 if ascii_only else han_count(piece)))
        for offset, piece in split_sentences(text)
    ]


def _sentences(block: Block, cut: Tokenizer, pieces: Pieces) -> tuple[Sentence, ...]:
    first, offsets = block.line, block.line_offsets
    if not offsets:
        return tuple(Sentence(piece, lang, first, offset, cut) for offset, piece, lang in pieces)
    return tuple(
        Sentence(piece, lang, first + bisect.bisect_right(offsets, offset), offset, cut)
        for offset, piece, lang in pieces
    )


_with_sentences = last_field_setter(Block, "sentences")
"""``replace(block, sentences=…)`` (speed)."""


def segment(
    doc: Document, segmenter: str, user_dict: Path | None, table_cache: Path | None
) -> Document:
    """A copy of ``doc`` whose prose blocks carry their sentences (word tokens on demand), cut
    with the build's settings (:func:`tokenizer`).

    The engine is loaded here, so a bad ``--segmenter`` or ``--user-dict`` fails at this stage.
    """
    dict_path = str(user_dict) if user_dict else None
    _engine(segmenter, dict_path)
    cut = tokenizer(segmenter, dict_path, table_cache)
    # A text met again is split again the same way: repeated lines (a note of a thousand
    # identical headings) are split once.
    split: dict[str, Pieces] = {}
    blocks = []
    for block in doc.blocks:
        if block.kind in _PROSE_KINDS:
            pieces = split.get(block.text)
            if pieces is None:
                pieces = split[block.text] = _pieces(block.text, language_of)
            block = _with_sentences(block, _sentences(block, cut, pieces))
        blocks.append(block)
    return replace(doc, blocks=tuple(blocks))


COMMON_WORD_MIN_FREQUENCY = 50
"""Dictionary words rarer than this are not kept in memory (:func:`word_frequency` gives 0)."""


def _jieba_file(*parts: str, needed_for: str) -> Path:
    """A data file of the installed jieba package, found without importing jieba."""
    import importlib.util  # lazy: only when a jieba table is (re)built

    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(f"{needed_for} need jieba's data files: pip install jieba")
    return Path(spec.submodule_search_locations[0], *parts)


@functools.lru_cache(maxsize=1)
def _dictionary(table_cache: Path | None) -> dict[str, tuple[int, str]]:
    """jieba's general-language dictionary (``jieba/dict.txt``: word, frequency, part of speech),
    its common words only, read once per process on first use, without importing jieba (from
    :mod:`notecards.segment.tablecache`'s ``table_cache`` folder when cached there: ~0.02 s
    instead of ~0.15 s)."""
    table = _jieba_file("dict.txt", needed_for="word frequencies")
    name = f"jieba-dict-{COMMON_WORD_MIN_FREQUENCY}"
    return tablecache.load(name, table, lambda: _read_dictionary(table), dict, table_cache)


def _read_dictionary(table: Path) -> dict[str, tuple[int, str]]:
    words: dict[str, tuple[int, str]] = {}
    for line in table.read_bytes().decode("utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) == 3 and parts[1].isdigit():
            freq = int(parts[1])
            if freq >= COMMON_WORD_MIN_FREQUENCY:
                words[parts[0]] = (freq, parts[2])
    return words


@functools.lru_cache(maxsize=1)
def _rare_tags(table_cache: Path | None) -> tuple[str, ...]:
    """The part-of-speech tags jieba's dictionary gives its rare words (those
    :func:`_dictionary` leaves out), as ``word tag`` lines in buckets by a stable hash of the
    word, like the IDF table (:func:`idf_of`): a dict of 250,000 words would cost every process
    ~25 MB."""
    table = _jieba_file("dict.txt", needed_for="word tags")
    name = f"jieba-rare-tags-{COMMON_WORD_MIN_FREQUENCY}"
    return tablecache.load(name, table, lambda: _read_rare_tags(table), tuple, table_cache)


def _read_rare_tags(table: Path) -> tuple[str, ...]:
    buckets: list[list[str]] = [[] for _ in range(IDF_BUCKETS)]
    for line in table.read_bytes().decode("utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < COMMON_WORD_MIN_FREQUENCY:
            buckets[_bucket(parts[0])].append(f"{parts[0]} {parts[2]}\n")
    return tuple("\n" + "".join(lines) for lines in buckets)


@functools.lru_cache(maxsize=1 << 16)
def dictionary_tag(word: str, table_cache: Path | None) -> str:
    """The part-of-speech tag jieba's dictionary gives ``word``, common or rare (``n``, ``v``,
    ``i`` idiom …), or ``""`` when the dictionary does not hold it (a new term, or a fragment).
    ``table_cache``: the build's folder of derived tables (here and below: :func:`tokenizer`)."""
    common = word_tag(word, table_cache)
    if common or " " in word or "\n" in word:
        return common
    bucket = _rare_tags(table_cache)[_bucket(word)]
    at = bucket.find(f"\n{word} ")
    if at < 0:
        return ""
    start = at + len(word) + 2
    return bucket[start : bucket.index("\n", start)]


def word_frequency(word: str, table_cache: Path | None) -> int:
    """How common ``word`` is in general Chinese (its count in jieba's dictionary; 0 when rare or
    unknown): a high count marks an everyday word (训练 7829, 学习 13482) rather than a term
    (张量, 注意力汇聚)."""
    entry = _dictionary(table_cache).get(word)
    return entry[0] if entry else 0


def word_tag(word: str, table_cache: Path | None) -> str:
    """The part-of-speech tag jieba's dictionary gives a common word (``v`` verb, ``n`` noun,
    ``d`` adverb …), or ``""`` when the word is rare or unknown."""
    entry = _dictionary(table_cache).get(word)
    return entry[1] if entry else ""


KEYWORD_STOP_WORDS = frozenset(
    {
        "the", "of", "is", "and", "to", "in", "that", "we", "for", "an", "are", "by", "be",
        "as", "on", "with", "can", "if", "from", "which", "you", "it", "this", "then", "at",
        "have", "all", "not", "one", "has", "or",
    }
)  # fmt: skip
"""``jieba.analyse.tfidf.KeywordExtractor.STOP_WORDS``, copied: importing ``jieba.analyse`` costs
~0.6 s (it loads jieba's part-of-speech tables); tests/test_segment.py checks they agree."""


IDF_BUCKETS = 1 << 15
"""Buckets of the compact IDF table (about eight words each)."""


@functools.lru_cache(maxsize=1)
def _idf(table_cache: Path | None) -> tuple[tuple[str, ...], float]:
    """jieba's IDF table (``jieba/analyse/idf.txt``, read the way
    ``jieba.analyse.tfidf.IDFLoader`` reads it, without importing jieba) and its median, once per
    process (from :mod:`notecards.segment.tablecache` when cached).

    The table is kept compact: its ``word value`` lines, in buckets by a stable hash of the word
    (:func:`idf_of` looks one up). Building a dict of its 270,000 words cost every process
    ~90 ms and ~30 MB; these buckets load in a few milliseconds."""
    table = _jieba_file("analyse", "idf.txt", needed_for="keyword tags")
    name = "jieba-idf-buckets"
    return tablecache.load(name, table, lambda: _read_idf(table), tuple, table_cache)


def _read_idf(table: Path) -> tuple[tuple[str, ...], float]:
    idf: dict[str, float] = {}  # a later line of a word wins, as in IDFLoader
    for line in table.read_bytes().decode("utf-8").splitlines():
        word, freq = line.strip().split(" ")
        idf[word] = float(freq)
    buckets: list[list[str]] = [[] for _ in range(IDF_BUCKETS)]
    for word, value in idf.items():
        buckets[_bucket(word)].append(f"{word} {value!r}\n")  # repr: the float, exactly
    # Each bucket starts with a newline, so every entry is found as "\n<word> ".
    return tuple("\n" + "".join(lines) for lines in buckets), sorted(idf.values())[len(idf) // 2]


def _bucket(word: str) -> int:
    return zlib.crc32(word.encode("utf-8", "surrogatepass")) % IDF_BUCKETS


@functools.lru_cache(maxsize=1 << 16)
def idf_of(word: str, table_cache: Path | None) -> float | None:
    """The IDF jieba gives ``word``, or None when its table does not hold it."""
    if " " in word or "\n" in word:
        return None  # no word of the table holds either (and they would match across entries)
    bucket = _idf(table_cache)[0][_bucket(word)]
    at = bucket.find(f"\n{word} ")
    if at < 0:
        return None
    start = at + len(word) + 2
    return float(bucket[start : bucket.index("\n", start)])


def keywords(
    tokens: tuple[str, ...] | list[str], limit: int, table_cache: Path | None
) -> list[str]:
    """The ``limit`` best TF-IDF keywords of a token list, as ``jieba.analyse.extract_tags``
    ranks them (same IDF table and stop words; ties broken by first appearance)."""
    median, stop = _idf(table_cache)[1], KEYWORD_STOP_WORDS
    counts: dict[str, int] = {}
    # Each distinct token is judged once (tokens repeat: speed); Counter keeps first-appearance
    # order, so the words are counted in the order the token loop met them.
    for tok, n in Counter(tokens).items():
        word = tok.strip()
        if len(word) < 2 or word.lower() in stop:
            continue
        if not word.isalpha() and not any(c.isalpha() for c in word):  # isalpha: most (speed)
            continue
        counts[word] = counts.get(word, 0) + n
    total = sum(counts.values()) or 1
    scored = [
        (-(n / total) * (idf if (idf := idf_of(w, table_cache)) is not None else median), i, w)
        for i, (w, n) in enumerate(counts.items())
    ]
    return [w for _, _, w in sorted(scored)[:limit] if not math.isnan(_)]

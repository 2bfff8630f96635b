"""The key of a chosen sentence: the span its cloze hides. The term the sentence is about (its
subject, when that is a real term and not the note's own topic), else its most salient term,
else its result number with the unit; on word boundaries, never a function word, never most
of the sentence, never inside math, code, a link or a tag."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from notecards.extract.lang.terms import (
    CLAUSE_WORDS_ZH,
    GENERIC_TERMS_EN,
    GENERIC_TERMS_ZH,
    PRONOUNS_ZH,
)
from notecards.extract.lang.text import PROTECTED_SPAN
from notecards.extract.ranking.candidates import STOP_EN, Candidate, NoteView
from notecards.segment import segment

MAX_KEY_SHARE = 0.4
"""A key longer than this share of the sentence hides too much to be a cloze."""
MIN_KEY_SCORE = 1.0
"""A term scoring below this (a plain word the note never repeats) is not worth hiding."""

_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-+./'][A-Za-z0-9]+)*\+*")
_HAN = re.compile(r"[\u3400-\u9fff]{2,}")
_NUMBER = re.compile(
    r"\d(?:[\d.,]*\d)?\s*(?:%|％|倍|x\b|×|times\b|个百分点|[kKMB]\b)(?:\s*(?:BLEU|FID))?"
)
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,300}>|!\[[^\]\n]{0,300}\]\([^)\n]{0,500}\)")
_NOT_TERMS = frozenset(
    {
        *STOP_EN,
        *(w.casefold() for w in GENERIC_TERMS_EN),
        "paper",
        "model",
        "models",
        "method",
        "approach",
        "results",
        "result",
        "work",
        "authors",
        "author",
        "figure",
        "table",
        "section",
        "example",
        "data",
        "way",
        "time",
        "number",
        "set",
        "part",
        "case",
        "task",
        "tasks",
    }
)
_NOT_TERMS_ZH = frozenset(
    {*CLAUSE_WORDS_ZH, *PRONOUNS_ZH, *GENERIC_TERMS_ZH, *segment.KEYWORD_STOP_WORDS}
)


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


def strip_report(text: str) -> str:
    """``They find that X`` → ``X``: the reporting clause names who said it, the rest is the
    claim (and the claim's own subject is what the card is about)."""
    match = _REPORT.match(text)
    return text[match.end() :] if match else text


_NOUN_TAGS = frozenset({"", "n", "nz", "nr", "nt", "ns", "nrt", "eng"})
"""jieba's noun tags, and ``""`` (a word too rare for its common-word table: a term)."""


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
    """``subject``, ``salient term`` or ``result number``: how it was chosen."""
    score: float
    """How term-like and central the span is."""


def _protected(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in PROTECTED_SPAN.finditer(text)] + [
        m.span() for m in _TAG.finditer(text)
    ]


def _inside(span: tuple[int, int], protected: list[tuple[int, int]]) -> bool:
    return any(a < span[1] and span[0] < b for a, b in protected)


def _name_shaped(word: str) -> bool:
    """A word written as a name: capitalised, an acronym, or with digits."""
    return any(ch.isupper() or ch.isdigit() for ch in word)


def _latin_runs(text: str) -> list[tuple[int, int]]:
    """Runs of Latin words (up to four) that are not function words, joined by single spaces."""
    runs: list[tuple[int, int]] = []
    current: list[tuple[int, int]] = []
    current_shaped = False  # a run is all names (capitals, digits) or all plain words
    for match in _LATIN.finditer(text):
        word = match.group(0)
        if word.casefold() in _NOT_TERMS or len(word) < 2:
            current = []
            continue
        shaped = _name_shaped(word)
        if (
            current
            and text[current[-1][1] : match.start()] == " "
            and len(current) < 4
            and shaped == current_shaped
        ):
            current.append(match.span())
        else:
            current = [match.span()]
            current_shaped = shaped
        runs.append((current[0][0], current[-1][1]))
    return runs


def _term_score(span: str, note: NoteView, sentence_start: bool) -> float:
    """How term-like and central a span is: its shape, how often the note says it, its rarity."""
    folded = span.casefold()
    count = note.term_counts.get(folded, 0)
    words = folded.split()
    if len(words) > 1:
        count = min((note.term_counts.get(w, 0) for w in words), default=0)
    value = math.log1p(count)
    if re.search(r"[A-Z].*[A-Z]|\d|-", span) and not sentence_start:
        value += 1.5  # an acronym, CamelCase or hyphenated name
    elif span[:1].isupper() and not sentence_start:
        value += 0.8
    elif re.fullmatch(r"[a-z]+(?:ed|ing|ly)", folded):
        value -= 1.0  # verbs and adverbs are rarely what a card asks for
    if _HAN.fullmatch(span):
        idf = segment.idf_of(span)
        value += ((idf or 11.0) - 8.0) / 3.0
        if not segment.word_frequency(span):
            value += 1.0  # not an everyday word: a term
    return value


def _spans(c: Candidate) -> list[tuple[int, int]]:
    text = c.text
    spans = _latin_runs(text)
    at = 0
    for token in c.tokens:
        if (
            len(token) >= 2
            and _HAN.fullmatch(token)
            and token not in _NOT_TERMS_ZH
            and segment.word_tag(token) in _NOUN_TAGS
        ):
            spans.append((at, at + len(token)))
        at += len(token)
    return sorted(set(spans))


SECOND_KEY_MARGIN = 2.5
"""A second deletion must score this much above :data:`MIN_KEY_SCORE`: a strong term."""


def choose_keys(c: Candidate, note: NoteView) -> list[Key]:
    """One or two spans to hide: :func:`choose_key`, and the strongest other term when it is
    clearly a term (deletion c2: a second card on the same sentence)."""
    first = choose_key(c, note)
    if first is None:
        return []
    others = [
        k
        for k in _terms(c, note)
        if k.text.casefold() != first.text.casefold()
        and k.score >= MIN_KEY_SCORE + SECOND_KEY_MARGIN
        and (k.end <= first.start or k.start >= first.end)
        and k.text.casefold() != note.topic.casefold()
    ]
    if not others:
        return [first]
    return [first, max(others, key=lambda k: (k.score, -k.start))]


def _terms(c: Candidate, note: NoteView) -> list[Key]:
    """The term-like spans of the sentence worth hiding, in order, with their scores."""
    text = c.text
    protected = _protected(text)
    size = len(c.plain) or 1
    found: list[Key] = []
    for start, end in _spans(c):
        span = text[start:end]
        if _inside((start, end), protected) or len(span) > MAX_KEY_SHARE * size:
            continue
        if "}}" in span or "::" in span or text.casefold().count(span.casefold()) > 1:
            continue  # a word said twice would show on the front, or be hidden twice
        # Capitals open every English sentence: there they say nothing of a term.
        sentence_start = c.lang == "en" and not text[:start].strip(" *_`\"'“(（")
        value = _term_score(span, note, sentence_start)
        if value >= MIN_KEY_SCORE:
            found.append(Key(start, end, span, "salient term", value))
    return found


def choose_key(c: Candidate, note: NoteView) -> Key | None:
    """The span to hide, or None when the sentence has no term worth hiding."""
    text = c.text
    topic = note.topic.casefold()
    found = _terms(c, note)
    if found:
        first = found[0]
        # The subject: a term among the opening words (before the first verb, roughly).
        if first.start <= max(0.35 * len(text), 12) and first.score >= found_best(found) - 1.5:
            return Key(first.start, first.end, first.text, "subject", first.score)
        # Elsewhere the note's own topic is the weakest choice: every card of the note names it.
        return max(found, key=lambda k: (k.text.casefold() != topic, k.score, -k.start))
    protected = _protected(text)
    for match in _NUMBER.finditer(text):
        if not _inside(match.span(), protected):
            return Key(match.start(), match.end(), match.group(0).strip(), "result number", 1.0)
    return None


def found_best(keys: list[Key]) -> float:
    """The best score among ``keys``."""
    return max(k.score for k in keys)


def _joins(char: str) -> bool:
    """Whether ``char`` beside a match makes it part of a longer Latin word (``LeNet-5``)."""
    return bool(char) and char.isascii() and (char.isalnum() or char in "-_+")


def cloze(text: str, keys: list[Key]) -> str:
    """``text`` with every occurrence of each key (outside protected spans) as its deletion:
    the first key c1, the second c2."""
    protected = _protected(text)
    number = {k.text.casefold(): n for n, k in enumerate(keys, 1)}
    pattern = re.compile(
        "|".join(re.escape(k.text) for k in sorted(keys, key=lambda k: -len(k.text))), re.IGNORECASE
    )
    out: list[str] = []
    pos = 0
    for match in pattern.finditer(text):
        if _inside(match.span(), protected):
            continue
        before = text[match.start() - 1 : match.start()]
        after = text[match.end() : match.end() + 1]
        if _joins(before) or _joins(after):
            continue  # part of a longer word
        n = number[match.group(0).casefold()]
        out += [text[pos : match.start()], f"{{{{c{n}::", match.group(0), "}}"]
        pos = match.end()
    out.append(text[pos:])
    return "".join(out)

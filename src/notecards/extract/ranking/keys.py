"""The key of a chosen sentence: the span its cloze hides.

A definition (``X is a …``, ``X 是指 …``) hides the term it defines. Any other sentence hides
the point of its predicate: the most specific term after its subject (rare in general Chinese or
written as a name, said a few times in the note but not everywhere, not the note's own topic),
else its number with the unit. Spans fall on word boundaries (jieba's, widened over a glued
single character such as 预 in 预训练: :mod:`notecards.extract.ranking.term_spans`), never a
function word, never most of the sentence, never inside math, code, a link or a tag."""

from __future__ import annotations

import re
from dataclasses import replace

from notecards.extract.lang.acronyms import spelled_out_before
from notecards.extract.lang.asides import aside_spans
from notecards.extract.lang.cloze import token_bounds
from notecards.extract.lang.text import HAN
from notecards.extract.ranking.candidates import (
    HAN_WORD,
    Candidate,
    NoteView,
    opening_of,
)
from notecards.extract.ranking.defined_term import defined_term
from notecards.extract.ranking.deletions import Spans, cuts_into, overlaps_any, protected_spans
from notecards.extract.ranking.key_bounds import (
    SYMBOL_AFTER,
    echoed,
    glossed,
    in_expansion,
    in_gloss,
    list_item,
    markup_balanced,
    note_compound,
    part_of_name,
    version_end,
)
from notecards.extract.ranking.key_score import (
    DEFINED,
    MEMBERS,
    NOTE_EVERYWHERE,
    RHEME,
    SUBJECT,
    Key,
    content_words,
    key_value,
)
from notecards.extract.ranking.members import announced_members
from notecards.extract.ranking.result_numbers import (
    NUMBER,
    first_number,
    result_number,
    states_result,
)
from notecards.extract.ranking.rheme import Rheme, rhemes
from notecards.extract.ranking.term_spans import han_spans, latin_runs
from notecards.model import Tokenizer
from notecards.prefilter import quick

MAX_KEY_SHARE = 0.4
"""A key longer than this share of the sentence hides too much to be a cloze."""
MIN_KEY_SCORE = 1.0
"""A term scoring below this (a plain word the note never repeats) is not worth hiding."""

_EXAMPLES = re.compile(
    r"比如|例如|譬如|诸如|\bsuch as\b|\be\.g\.|\bfor (?:example|instance)\b", re.I
)
"""Where a list of examples starts."""
_EXAMPLES_FROM = quick(_EXAMPLES).search
""":data:`_EXAMPLES`, searched in every chosen sentence (speed: the same matches)."""
_CAUSE = re.compile(r"(?:因为|由于|\b(?:because|since)\b)", re.IGNORECASE)
"""A sentence opening on its cause (``因为 X，所以 Y``)."""
_CONSEQUENCE = re.compile(
    r"[，,；;]\s*(?:所以|因此|因而|从而|于是|故|\b(?:so|therefore|thus|hence)\b)", re.IGNORECASE
)
"""Where the consequence of a cause-first sentence starts."""
_LONE_SYMBOL = re.compile(
    r"(?:\\\(|\$)\s*(?:\\(?:mathit|mathbf|mathrm|boldsymbol)\{)?\\?[A-Za-z]+\}?(?:_\{?[\w,]+\}?)?'*"
    r"\s*(?:\\\)|\$)"
)
"""Inline math holding one symbol (``\\(a\\)``, ``\\(t_l\\)``, ``\\(\\phi\\)``): a name, not a fact."""
_WRITERS_STEP = re.compile(
    r"(?:我们|咱们|人们|大家|读者)[^，。；,;]{0,4}?"
    r"(?:可以|需要|只需要|只需|能够|能|会|要|将|期望|希望|应该|应当|必须)\s*$"
)
"""What a rheme follows when it is the writer's next step (``我们可以[…]``, ``我们需要[…]``): the
sentence narrates what the text goes on to do, it states no fact of its subject."""


def _hideable(span: str, folded_text: str) -> bool:
    """Whether a span can be a deletion of its sentence: no cloze syntax in it, and said once (a
    span said twice would show on the front, or be hidden twice)."""
    return "}}" not in span and "::" not in span and folded_text.count(span.casefold()) <= 1


_INFLECTED = re.compile(r"[a-z]+(?:ed|ing|ly|s)").fullmatch
"""A lower-case word ending as a verb, an adverb or a plural does."""


def _term_score(span: str, note: NoteView, name: bool, cut: Tokenizer) -> float:
    """How specific a span is: written as a name (an English word in Chinese prose counts as
    one), rare in general Chinese, said a few times in the note (a term) rather than everywhere
    (everyday vocabulary of the note)."""
    folded = span.casefold()
    count = note.term_counts.get(folded, 0)
    if " " in folded:
        count = min((note.term_counts.get(w, 0) for w in folded.split()), default=0)
    value = 1.0 if 2 <= count < NOTE_EVERYWHERE else 0.0
    if name:
        value += 1.5
    elif _INFLECTED(folded):
        value -= 1.0  # verbs, adverbs and plain plurals are rarely what a card asks for
    if HAN_WORD.search(span):
        rare = not cut.word_frequency(span)
        idf = cut.idf_of(span)
        value += 1.5 if rare else ((idf or 11.0) - 8.0) / 2.0
        if len(span) >= 4:
            value += 0.5  # a compound names something precise
    return value


def _terms(c: Candidate, note: NoteView) -> list[Key]:
    """The term-like spans of the sentence worth hiding, in order, with their scores."""
    text = c.text
    protected = protected_spans(text)
    size = len(c.plain) or 1
    folded_text = text.casefold()
    topic = note.topic.casefold()
    spans = [(a, b, name) for a, b, name in latin_runs(text)]
    bounds = token_bounds(c.tokens)
    for a, b in han_spans(c, note, bounds):
        widened = note_compound(c, note, a, b, bounds)
        if widened is not None:
            spans.append((*widened, False))
    found: list[Key] = []
    # The checks are pure: the cheap ones and the score, which turns most spans away, come
    # first (speed: the span-position checks then see a third of the spans).
    for start, end, name in sorted(set(spans)):
        span = text[start:end]
        too_long = len(span) > MAX_KEY_SHARE * size
        if too_long or (protected and overlaps_any((start, end), protected)):
            continue
        if not _hideable(span, folded_text):
            continue
        han = HAN_WORD.search(span) is not None
        # An English word inside Chinese prose is a term by the writer's choice (encoder, mask).
        value = _term_score(span, note, name or (c.lang != "en" and not han), c.cut)
        if topic and span.casefold() in topic:
            value -= 2.0  # the note's own topic: every card of the note names it
        if value < MIN_KEY_SCORE:
            continue
        if list_item(text, start, end):
            continue  # one of several peers: trivia
        if han and echoed(c, start, end):
            continue  # the rest of the sentence gives it away
        if not han and part_of_name(text, start, end):
            continue
        if glossed(text, start, end):
            continue  # 稳定化子链（stabilizer chain）: the gloss on the card gives it away
        if spelled_out_before(text, start, end):
            continue  # "a variational autoencoder ([VAE])": the words before spell it out
        if in_expansion(text, start, end):
            continue  # T5([Text-to-text] transfer transformer): the name is the term
        if in_gloss(text, start, end):
            continue  # 动量（momentum）: hiding the gloss tests a translation, not the idea
        if SYMBOL_AFTER.match(text, end):
            continue  # 素数 \(p\): the word only says what kind of thing a symbol is
        found.append(Key(start, end, span, "specific term", value))
    return found


SECOND_KEY_MARGIN = 2.5
"""A second deletion must score this much above :data:`MIN_KEY_SCORE`: a strong term."""


def choose_keys(c: Candidate, note: NoteView) -> list[Key]:
    """One or two spans to hide: :func:`choose_key`, and the strongest other term when it is
    clearly a term (deletion c2: a second card on the same sentence)."""
    found = _terms(c, note)
    first = choose_key(c, note, found)
    if first is None:
        return []
    others = [
        k
        for k in found
        if (k.end <= first.start or k.start >= first.end)
        and k.text.casefold() not in first.text.casefold()
        and first.text.casefold() not in k.text.casefold()
        and k.score >= MIN_KEY_SCORE + SECOND_KEY_MARGIN
    ]
    result = result_number(c, first, note)
    if result is not None:
        return [first, result]  # "PER gives higher scores in [41/49] games, [twice as fast]"
    if not others or not first.is_term:
        return [first]  # a clause hidden: a second deletion would test the same point
    return [first, max(others, key=lambda k: (k.score, len(k.text), -k.start))]


SWITCH_MARGIN = 0.2
"""Another span replaces the order's pick when its value is this much higher: held out one
notes-dev source at a time, the right span was chosen in 126 of 209 gold sentences instead of
123 (``benchmarks/fit_keys.py``; +4 on one source, -1 on another, the same on two)."""


def choose_key(c: Candidate, note: NoteView, found: list[Key] | None = None) -> Key | None:
    """The span to hide, valued (:func:`~notecards.extract.ranking.key_score.key_value`: how
    likely a careful reader would hide it), or None when the sentence has none (``found``: the
    sentence's :func:`_terms`, when known). Of its :func:`alternatives`: the term a definition
    defines; else the members a count announces; else what the first main clause says after its
    verb; else the strongest term
    after the sentence's opening quarter (else anywhere); else a result's number — unless
    another alternative is valued :data:`SWITCH_MARGIN` higher."""
    alts = alternatives(c, note, found)
    if not alts:
        return None
    best = next((k for k in alts if k.why in _FIRST or not k.is_term), None)
    if best is None:
        terms = [k for k in alts if k.why == "specific term"]
        later = [k for k in terms if k.start >= len(c.text) * 0.25] or terms
        best = max(later, key=lambda k: (k.score, len(k.text), -k.start)) if later else alts[0]
    valued = [(key_value(k, c, note), k) for k in alts]
    value = next(v for v, k in valued if k is best)
    top, other = max(valued, key=lambda vk: (vk[0], -vk[1].start, vk[1].end))
    if best.why not in _FIRST and top - value > SWITCH_MARGIN:
        value, best = top, other  # the order's pick is a blank readers rarely hide; this one
    return replace(best, value=round(value, 3))


_FIRST = frozenset({DEFINED, SUBJECT, MEMBERS})
"""Keys chosen whatever the blank model says: the term a definition defines, and the members a
count announces (its count hidden, the members after it give it away)."""


def alternatives(c: Candidate, note: NoteView, found: list[Key] | None = None) -> list[Key]:
    """Every span the sentence's cloze could hide: the term a definition defines, the members a
    count announces (:mod:`~notecards.extract.ranking.members`), what each main
    clause says after its verb (when it says something), its specific terms (not in the cause
    of a ``因为 X，所以 Y``, not an item of examples, not one plain English word), and a result's
    number. None when the main clause is the writer's next step (``我们需要[…]``)."""
    text = c.text
    if found is None:
        found = _terms(c, note)
    protected = protected_spans(text)
    lead = text[: len(text) - len(opening_of(text))]
    start = len(lead) + len(text[len(lead) :]) - len(text[len(lead) :].lstrip(" *_`\"'“(（["))
    out: list[Key] = []
    defined = defined_term(c, note, start, protected)
    if defined is not None and defined.why == DEFINED:
        out.append(defined)
    members = announced_members(text, protected)
    if members is not None and _hideable(text[members[0] : members[1]], text.casefold()):
        out.append(Key(*members, text[members[0] : members[1]], MEMBERS, 2.5))
    for point in rhemes(text, c.tokens, c.lang, protected):
        if _WRITERS_STEP.search(text, max(0, point.start - 12), point.start):
            return []  # "…之前，我们需要[…]": the text narrates its next step; nothing to hide
        if _says_something(c, point, found, protected):
            begin, end = markup_balanced(text, point.start, point.end)
            out.append(Key(begin, end, text[begin:end], f"{RHEME} '{point.anchor}'", 2.5))
    # "因为 X，所以 Y": Y is what the sentence teaches; a term of the cause is its premise.
    cause = _CAUSE.match(text, start)
    consequence = _CONSEQUENCE.search(text, cause.end()) if cause else None
    # An item of a list of examples (比如 A、B、C) is one of many: trivia.
    example = _EXAMPLES_FROM(text)
    out.extend(
        k
        for k in found
        if not _plain_word(k.text)  # one plain English word ("see") is guessed from the rest
        and (consequence is None or k.start >= consequence.end())
        and (example is None or k.start < example.start())
    )
    if defined is not None and defined.why == SUBJECT:
        out.append(defined)  # after every clause: hidden only when none is
    out = [_version_whole(_degree_whole(k, c), c.text) for k in out]
    if not out and states_result(text):  # a number that is no result (19 classes) is trivia
        number = first_number(text, protected)
        if number is not None:
            out.append(number)
    asides = aside_spans(text)  # the card drops them: "（建议直接看[视频]，13:40处）"
    return [k for k in out if not overlaps_any((k.start, k.end), asides)] if asides else out


_DEGREE = frozenset({"较", "更", "最", "很", "太", "越", "极", "稍", "略", "挺"})
"""Degree adverbs jieba cuts off the adjective they grade (``较`` ``小``, ``更`` ``高``)."""


def _degree_whole(key: Key, c: Candidate) -> Key:
    """``key`` with a graded adjective whole: one ending on a degree adverb takes the word it
    grades (``影响[较]小`` → ``影响较小``), one opening right after it takes the adverb
    (``更[高的学习率]`` → ``更高的学习率``); judges called the split blank a cut word."""
    text, start, end = c.text, key.start, key.end
    if end < len(text) and text[end - 1] in _DEGREE and HAN.match(text[end]):
        graded = token_bounds(c.tokens).by_start.get(end)
        end = graded[1] if graded else end + 1
    if (
        start > 0
        and text[start - 1] in _DEGREE
        and HAN.match(text[start])
        # the adverb is a word of its own: 较 of 比较 (比较运算符) is no degree adverb
        and token_bounds(c.tokens).by_start.get(start - 1, (0, 0))[1] == start
    ):
        start -= 1
    if (start, end) == (key.start, key.end):
        return key
    return replace(key, start=start, end=end, text=text[start:end])


def _version_whole(key: Key, text: str) -> Key:
    """``key`` with the version number that follows a name it ends on (``[DALL·E] 2`` →
    ``[DALL·E 2]``): judges called the split name a cut word, the ``2`` left showing."""
    if not key.is_term or key.text.islower():
        return key  # a clause, or a plain word: a number after it counts something
    end = version_end(text, key.end)
    if end is None:
        return key
    return replace(key, end=end, text=text[key.start : end])


def _says_something(c: Candidate, point: Rheme, found: list[Key], protected: Spans) -> bool:
    """Whether a rheme can be the sentence's deletion and is worth it: it cuts no formula, it is
    said once, and it holds a term, is a whole formula, a result's number, or two content words."""
    text = c.text
    span = text[point.start : point.end]
    if not _hideable(span, text.casefold()) or cuts_into(point.start, point.end, protected):
        return False
    if _plain_word(span.strip(" .,;:")):
        return False  # "we can [make] allowances": one everyday word is guessed from the rest
    if span[:1] in "的地得":
        return False  # "得到[的…]": the verb before 的 modifies a noun; it is not the main verb
    if point.whole and _LONE_SYMBOL.fullmatch(span.strip()):
        return False  # "设它为 [\(a\)]": the name of a symbol, notation rather than a fact
    return bool(
        any(point.start <= k.start and k.end <= point.end for k in found)
        or point.whole
        or (NUMBER.search(span) and states_result(text))
        or content_words(c, point.start, point.end) >= 2
    )


def _plain_word(span: str) -> bool:
    """A single lower-case English word: a verb or everyday noun rather than a name."""
    return span.isascii() and span.isalpha() and span.islower()

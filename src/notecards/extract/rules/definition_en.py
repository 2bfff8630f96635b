"""English definitions: ``X is a/an/the Y``, ``X are Y``, ``X refers to Y``, ``X is defined as Y``,
``X means Y``, ``X, i.e. Y``, ``Y is called X`` / ``We call Y X`` (also after a Chinese lead-in)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from notecards.extract.lang.markup import plain, strip_markup
from notecards.extract.lang.term_en import (
    OPENERS_NOT_TERMS,
    capitalized,
    display_term,
    is_term,
    needs_topic,
    words_of,
)
from notecards.extract.lang.terms import (
    GENERIC_TERMS_EN,
    PRONOUNS_EN,
    skip_lead,
)
from notecards.extract.lang.text import CJK, HAN, in_context
from notecards.extract.rules.context import Context, Hit
from notecards.extract.rules.trigger import trigger, words
from notecards.patterns import EN_WORD
from notecards.patterns import alternation as _alt

DEFINE_VERBS = (
    "is defined as",
    "are defined as",
    "refers to",
    "refer to",
    "is a term for",
    "denotes",
)
"""Verbs that always introduce a definition."""

NAMING_VERBS = ("called", "known as", "referred to as", "termed", "dubbed", "named")
"""``Y is called X``: the term comes last and the card asks for it."""

EVALUATIVE = (
    "useful", "good", "bad", "great", "important", "powerful", "popular", "complex", "simple",
    "easy", "hard", "difficult", "expensive", "cheap", "costly", "interesting", "remarkable",
    "crucial", "essential", "voracious", "strong", "weak", "limited", "notorious", "famous",
    "excellent", "reasonable", "natural", "nice", "huge", "big", "small", "tiny", "major",
    "valuable", "scarce", "flexible", "preferred", "well-known", "seminal", "groundbreaking",
    "revolutionary", "influential", "successful", "promising", "elegant", "brilliant",
    "common", "ubiquitous", "prevalent", "widespread",
)  # fmt: skip
"""Adjectives that make ``X is a <adj> …`` a judgement rather than a definition; ``common`` and
its kin narrate how often X is met (``a common technique in …``), they do not say what X is."""

WEAK_GENERA = ("instance", "example", "kind", "type", "sort", "form", "member", "case")
"""Genus nouns that only announce the real genus after ``of`` (``an instance of the
encoder-decoder architecture``): the differentia is looked for after that one."""

DIFFERENTIA_WORDS = (
    "that", "which", "who", "whose", "where", "for", "of", "in", "with", "to", "used", "from",
    "on", "by",
)  # fmt: skip
"""Words after a genus that open what sets X apart from the rest of its genus (``a network
that …``, ``the ratio of …``, ``a framework for …``)."""

DIFFERENTIA_AFTER_COMMA = (
    "which", "who", "whose", "where", "that", "i.e.", "namely", "consisting", "containing",
    "specifically", "typically", "usually", "mapping", "taking", "computing",
)  # fmt: skip
"""First words after ``<genus>,`` that still specify it (``a matrix, whose rows …``); any other
(``, though …``, ``, and …``) leaves a genus alone, which does not define."""

NOT_A_CATEGORY = (
    "a bit", "a lot", "a good idea", "a bad idea", "a matter of", "a must", "a problem",
    "a challenge", "a consequence", "a special case", "an example", "an issue", "the case",
    "the same", "the reason", "the key", "the first", "the only", "the most", "the best",
    "the last", "the following", "the problem", "the answer", "the result", "the question",
    "the idea", "the goal", "the way", "the one", "the hard part", "the main", "a big",
    "a great", "a huge", "a nice", "a very", "a little", "a spectacular", "a significant",
    "the default", "an important", "a necessary", "a reasonable", "a good", "an excellent",
    "a useful", "a powerful", "a crucial", "a key", "a major", "a natural", "a double",
    "a misnomer", "a poor", "a strong", "a fair", "a much", "a more", "a less", "a far",
    "a popular", "a common way", "a better", "a worse", "an interesting", "a simple way",
)  # fmt: skip
"""Copula continuations that judge or compare rather than define (``X is a good idea``)."""

ARE_NOT_DEFINING = (
    "not", "also", "often", "usually", "typically", "generally", "always", "very", "more", "less",
    "much", "still", "only", "just", "then", "both", "all", "shown", "given", "used", "able",
    "likely", "unlikely", "in", "on", "at", "for", "to", "of", "by", "with", "from", "as",
    "being", "now", "here", "there", "available", "computed", "stored", "so", "too", "quite",
    "rather", "equal", "similar", "different", "identical", "independent", "the", "no",
)  # fmt: skip
"""First words after ``X are`` that make a statement, not a definition."""

_TERM = (
    rf"(?:(?:A|An|The|a|an|the)\s+)?(?:\*{{1,2}}[^*\n]{{1,60}}?\*{{1,2}}|\"[^\"\n]{{1,60}}\""
    rf"|“[^”\n]{{1,60}}”|(?:{EN_WORD}\s+){{0,5}}?{EN_WORD})(?:\s+\([^()\n]{{1,40}}\))?"
)
_ADVERBS = r"(?:(?:often|also|sometimes|commonly|usually|typically|simply|generally|now|then)\s+)*"


_ZH_LEAD = re.compile(rf"^[^A-Za-z\n]*[{CJK}][^A-Za-z\n]{{0,40}}?[：:]\s*(?=[A-Z*\"“])")
_DEFINE = re.compile(rf"^(?P<term>{_TERM}),?\s+(?P<verb>{_alt(DEFINE_VERBS)})\s+(?P<body>.+)$")
_MEANS = re.compile(
    r"^(?P<term>(?:\*{1,2}[^*\n]{1,60}?\*{1,2}|\"[^\"\n]{1,60}\"|“[^”\n]{1,60}”))\s+means\s+(?P<body>.+)$"
)
_IE = re.compile(
    rf"^(?P<term>(?:\*{{1,2}}[^*\n]{{1,60}}?\*{{1,2}}|(?:{EN_WORD}\s+){{0,2}}{EN_WORD}))"
    r",?\s+\(?i\.\s?e\.,?\s+(?P<body>[^,;()]+)"
)
_COPULA = re.compile(rf"^(?P<term>{_TERM})\s+(?P<verb>is|are)\s+(?P<body>.+)$")
_NAMED = re.compile(
    rf"^(?P<desc>(?:(?:A|An|The)\s+)?[A-Za-z][^,;:]{{8,120}}?)\s+(?P<verb>is|are)\s+{_ADVERBS}"
    rf"(?:{_alt(NAMING_VERBS)})\s+(?P<name>(?:an?\s+|the\s+)?(?:\*{{1,2}}[^*\n]{{1,60}}\*{{1,2}}"
    rf"|\"[^\"\n]{{1,60}}\"|“[^”\n]{{1,60}}”|(?:{EN_WORD}\s+){{0,4}}{EN_WORD}))"
    r"(?:\s+\([^()\n]{1,40}\))?\s*(?:[.,;]|$)"
)
_WE_CALL = re.compile(
    rf"^We\s+{_ADVERBS}(?:call|refer\s+to)\s+(?P<desc>[^,;:*\"“]{{6,120}}?)\s+(?:as\s+)?"
    r"(?P<name>(?:an?\s+|the\s+)?(?:\*{1,2}[^*\n]{1,60}\*{1,2}|\"[^\"\n]{1,60}\"|“[^”\n]{1,60}”))"
)
_HEAD_END = re.compile(
    r"(?<!\s)\s+(?:that|which|who|whose|where|for|of|in|with|to|used|from|on|by|because|when|and|or)\b"
    r"|[,;:.(]"
)
r"""Where the head noun phrase of ``X are <head> …`` ends. ``(?<!\s)``: a run of spaces is tried
from its start only, not again from each of its characters (same matches; linear, not quadratic)."""


_ORPHAN_VARIANT = re.compile(
    r"^(?:an?|the)\s+(?:[a-z-]+\s+){0,3}?(?:variant|version|variation|modification|extension)"
    r"(?!\s+of\b)\b"
)
"""A category that only says X derives from something it does not name."""
_SUPERLATIVE = re.compile(r"(?:the|one of the)\s+(?:\w+est|most|least|best|worst)\b")
_COMMON_NOUN = re.compile(
    r"\bcommon\s+(?:subsequence|substring|prefix|suffix|factor|divisor|multiple|ancestor"
    r"|denominator|ratio|difference|mode)"
)
"""``common`` as part of a mathematical term (``the longest common subsequence``), not narration."""
_NARRATION = re.compile(
    r"^(?:an?|the)\s+(?:standard|typical|classic|classical|default|go-to|frequently\s+used"
    r"|commonly\s+used|widely\s+used)\s+(?:[a-z-]+\s+)?(?:tool|method|technique|way|approach"
    r"|choice|practice|trick|strategy|option|solution|component)s?\b"
)
"""A genus that says how X is used (``a standard tool for optimizing …``), not what it is."""
_POINTERS = re.compile(
    r"\b(?:above|below|this|these|those|following|previous|former|latter|here)\b"
)


def _finish(text: str) -> str:
    text = text.strip().rstrip(",;:")
    text = capitalized(text)
    return text if text.endswith((".", "!", "?", "$", ")")) else f"{text}."


def _body_defines(verb: str, body: str) -> bool:
    """Whether ``X is/are <body>`` reads as a definition rather than a statement about X."""
    low = body.casefold()
    if low.startswith(NOT_A_CATEGORY) or len(words_of(body)) < 3 or _SUPERLATIVE.match(low):
        return False
    if _POINTERS.search(" ".join(low.split()[:10])) or low.rstrip(" .").endswith(", too"):
        return False
    if _ORPHAN_VARIANT.match(low):
        return False  # "a slightly more streamlined variant that …": a variant of what?
    # The genus's own words, up to its head noun: "a limited, valuable, and scarce resource".
    genus = [w.strip(",;:()") for w in _HEAD_END.split(low, maxsplit=1)[0].split()[:6]]
    if any(word in EVALUATIVE for word in genus) and not _COMMON_NOUN.search(low):
        return False
    if _NARRATION.match(low) or not has_differentia(low):
        return False
    if verb == "is":
        return low.startswith(("a ", "an ", "the ", "one of "))
    first = low.split(" ", 1)[0]
    if first in ARE_NOT_DEFINING or first.endswith(("ed", "ing", "ly")):
        return low.startswith(("a ", "an ", "the ")) and first not in ("the",)
    head = _HEAD_END.split(body, maxsplit=1)[0].split()
    return 0 < len(head) <= 5 and bool(re.fullmatch(r"[A-Za-z-]*[^s\W]s", head[-1]))


def has_differentia(body: str) -> bool:
    """Whether a genus is followed by what sets X apart in it: ``a network that employs …``,
    ``the ratio of …``, ``a norm: …``; not a genus alone (``a single-layer neural network.``)
    nor one followed by an aside (``an instance of the encoder-decoder architecture, though
    …``), which fits other things as well."""
    body = re.sub(r"\s*\([^()]*\)", "", body.casefold()).strip()
    for _ in range(2):  # a weak genus once: "an instance of <genus> …"
        end = _HEAD_END.search(body)
        if not end:
            return False
        sep = end.group(0).strip()
        rest = body[end.end() :].strip()
        if sep == ":" and rest:
            return True
        if sep == ",":
            return rest.split(" ", 1)[0] in DIFFERENTIA_AFTER_COMMA
        if sep not in DIFFERENTIA_WORDS or not rest.strip(" .;"):
            return False
        genus = body[: end.start()].split()
        if not (sep == "of" and genus and genus[-1] in WEAK_GENERA):
            return True
        body = re.sub(r"^(?:an?|the)\s+", "", rest)
    return False


def _same_head(term: str, body: str) -> bool:
    """Whether ``the X of A is the X of B`` equates two parts of things (``The center of the
    anchor box is the center of the image``): a fact about one setting, not a definition."""
    words = plain(term).casefold().split(" of ", 1)
    if len(words) < 2:
        return False
    head = words[0].split()[-1:] or [""]
    genus = _HEAD_END.split(body.casefold(), maxsplit=1)[0].split()
    return bool(genus) and genus[-1].rstrip("s") == head[0].rstrip("s")


_DEFINE_VERB = re.compile(_alt(DEFINE_VERBS))
_NAMING_VERB = re.compile(_alt(NAMING_VERBS))
_COPULA_VERB = re.compile(r"\s(?:is|are)\s")
_CUES: dict[re.Pattern[str], Callable[[str], object]] = {
    _DEFINE: _DEFINE_VERB.search,
    _MEANS: lambda head: head[:1] in '*"“' and "means" in head,
    _IE: lambda head: "i." in head,
}
"""For each pattern, a test for the literal words or marks its every match needs: run first,
as the term patterns are slow to fail and most sentences hold none of them (speed)."""


def _english(text: str) -> str:
    """The English part of a sentence that may open with a Chinese lead-in (``书中给出了定义：``)."""
    if "：" not in text and ":" not in text:
        return text  # no lead-in without a colon (speed: most sentences)
    return _ZH_LEAD.sub("", text, count=1)


TRIGGER = trigger(
    r"\.(?<=i\.)\s?e\.",
    words(("is", "are"), after=r"\b"),
    ("refer", "denotes", "means", "call"),
)
"""X is/are Y (and … is called X), X refers to/denotes/is defined as Y, X means Y, X, i.e. Y,
We call/refer to Y X."""


def definition_en(ctx: Context) -> Iterator[Hit]:
    """``X is a Y`` → ``What is X?`` / the sentence; ``Y is called X`` → ``What is Y called?``."""
    sentence = ctx.sentence
    # _ZH_LEAD needs a colon: without one a Chinese sentence is skipped without running it.
    if sentence.lang == "zh" and (
        ("：" not in sentence.text and ":" not in sentence.text)
        or not _ZH_LEAD.match(sentence.text)
    ):
        return
    text = strip_markup(_english(sentence.text.strip()))
    if not text or text.endswith("?") or HAN.search(text) or len(text) > 400:
        return
    if text[0].islower():
        return  # a fragment left by a sentence split ("space is the delimiter …")
    head = skip_lead(text)
    for pattern, confidence in ((_DEFINE, 0.8), (_MEANS, 0.7), (_IE, 0.65)):
        if not _CUES[pattern](head):
            continue  # speed: the literal the pattern needs is not there
        match = pattern.match(head)
        if not match or (pattern is _IE and match.group("term").casefold().endswith("ly")):
            continue
        if is_term(match.group("term")) and len(words_of(match.group("body"))) >= 3:
            back = head if pattern is not _IE else match.group("body")
            yield _card(ctx, match.group("term"), "is", back, confidence)
            return
    match = (_NAMED.match(head) if _NAMING_VERB.search(head) else None) or (
        _WE_CALL.match(head) if head.startswith("We") else None
    )
    if match:
        yield from _named(ctx, match)
        return
    match = _COPULA.match(head) if _COPULA_VERB.search(head) else None
    if match and is_term(match.group("term")) and _anchored(ctx, display_term(match["term"])):
        verb, body = match.group("verb"), match.group("body")
        if _body_defines(verb, body) and not _same_head(match.group("term"), body):
            marked = plain(match.group("term")) != match.group("term").strip()
            yield _card(ctx, match.group("term"), verb, head, 0.7 if marked else 0.65)


def _card(ctx: Context, term: str, verb: str, back: str, confidence: float) -> Hit:
    shown = display_term(term)
    question = f"What {'are' if verb == 'are' else 'is'} {shown}?"
    if needs_topic(shown):
        question = in_context(question, ctx.topic)
    return Hit(ctx.card(question, _finish(back), confidence=confidence, term=shown))


def _anchored(ctx: Context, term: str) -> bool:
    """Whether a question about ``term`` can stand alone: it needs no topic, or the note has one."""
    return not needs_topic(term) or bool(ctx.topic)


def _named(ctx: Context, match: re.Match[str]) -> Iterator[Hit]:
    """``The technique of mapping words to vectors is called word embedding`` → asks for it."""
    desc = match.group("desc").strip()
    words = [w.casefold() for w in words_of(desc)]
    if not words or words[0] in OPENERS_NOT_TERMS or any(w in PRONOUNS_EN for w in words):
        return
    if (
        (len(words) < 3 and not is_term(desc))
        or "$" in desc
        or words[-1] in ("as", "also", "often")
    ):
        return
    name = plain(re.sub(r"^(?:an?|the)\s+", "", match.group("name").strip()))
    if not is_term(name) or name.casefold() in GENERIC_TERMS_EN:
        return
    desc = desc[0].lower() + desc[1:] if desc[:1].isupper() and desc[1:2].islower() else desc
    head = re.split(r"\s+(?:of|that|which|with|in|for|on)\s+", desc, maxsplit=1)[0].split()[-1]
    plural = head.endswith("s") and not head.endswith("ss")
    verb = match.groupdict().get("verb") or ("are" if plural else "is")
    marked = bool(re.match(r"(?:an?\s+|the\s+)?[*\"“]", match.group("name")))
    question = f"What {verb} {desc} called?"
    if not _anchored(ctx, desc):
        return  # "What is the easiest representation called?" — of what, in which note?
    yield Hit(ctx.card(question, name, confidence=0.7 if marked else 0.6, term=name))

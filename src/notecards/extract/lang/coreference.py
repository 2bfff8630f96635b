"""One-sentence coreference: an English sentence that opens on ``It`` or ``They`` right after a
sentence whose subject is a term (``Regularization is a common method for dealing with
overfitting. It adds a penalty term …``) is about that term, as a reader takes it; the card can
say the term where the note says the pronoun (``Regularization adds a penalty term …``).

Only the previous sentence of the same paragraph is looked at, only its subject (the reader's
first choice of referent), and only when the pronoun agrees with it in number; an ``It`` that
holds no referent (``It is worth noting that``, ``It is much better to``) is left alone."""

from __future__ import annotations

import re

from notecards.extract.lang.file_name import shaped
from notecards.extract.lang.term_en import is_term

PRONOUN_SUBJECT = re.compile(
    r"(?P<pronoun>It|They)\s+"
    r"(?!(?:is|was|are|were)\s+(?:[\w-]+\s+){0,2}(?:to|that|for|whether|how|why)\b)"
    r"(?!(?:is|was|are|were)\s+(?:not|worth|possible|important|necessary|clear|easy|hard|"
    r"difficult|likely|unlikely|common|natural|tempting|interesting|true)\b)"
    r"(?!(?:seems?|seemed|appears?|appeared|turns? out|turned out|follows|would|might|may|"
    r"could|should|must|remains to)\b)"
    r"(?!(?:can|will|is|was)\s+be\s+[\w-]+\s+(?:that|from|as|by)\b)"
    r"(?=[a-z])"
)
"""A pronoun as the subject that opens a sentence, not the empty ``It`` of ``It is easy to`` /
``It seems that`` / ``It can be seen that`` nor a hedge whose referent a reader would have to
weigh."""
_AUXILIARY = frozenset("is are was were has have can could will does do".split())  # noqa: SIM905
_VERB_FORM = re.compile(r"[a-z]{3,}(?:[^aeiosu]s|es|ed)")
"""A verb in -s or -ed (``applies``, ``maps``, ``proposed``), taken as one only when an object or
a preposition follows it (a plural noun looks the same: ``matrices``)."""
_OBJECT_OPENERS = frozenset(
    "the a an its their to how that from in on with by as of for each every all both up out".split()  # noqa: SIM905
)
_NAME_WORD = re.compile(r"[A-Za-z][\w\-·.]*")
MAX_SUBJECT_WORDS = 5
"""A longer opening is a clause, not a subject a pronoun can stand for."""
_PLURAL = re.compile(r"(?<![su])s$|\bdata$")
"""A plural head noun (``representations``, ``networks``), not ``-ss`` / ``-us`` words."""
_NO_REFERENT = frozenset(
    "this that these those it they there here we one some each all most many such another other "  # noqa: SIM905
    "which what how when if as in for to by on with however thus so also".split()
)
"""Openers of a sentence whose first words are no subject a pronoun could take up."""


def _subject(sentence: str) -> str:
    """The opening subject of ``sentence``: the words (at most :data:`MAX_SUBJECT_WORDS`, ``of``
    allowed inside) before its first verb, an auxiliary or a verb in -s / -ed before its object
    or preposition; '' when no such verb follows a short subject of plain words."""
    words = sentence.split(maxsplit=MAX_SUBJECT_WORDS + 2)[: MAX_SUBJECT_WORDS + 2]
    for n in range(1, min(MAX_SUBJECT_WORDS, len(words) - 1) + 1):
        last = words[n - 1]
        if not (_NAME_WORD.fullmatch(last) or (n > 1 and last == "of")):
            return ""  # a mark or a bracket: no plain subject
        verb = words[n]
        after = words[n + 1].casefold() if n + 1 < len(words) else ""
        if verb in _AUXILIARY or (_VERB_FORM.fullmatch(verb) and after in _OBJECT_OPENERS):
            return "" if last == "of" else " ".join(words[:n])
    return ""


_PROPOSES = re.compile(
    r"(?:This|The|Our) (?:paper|work|study)\s+(?:also\s+|first\s+)?"
    r"(?:propose|introduce|present|describe)[sd]?\s+(?:(?:a|an|the)\s+)?"
    r"(?:(?:new|novel|simple)\s+)?"
)
"""A sentence presenting the paper's method (``This paper proposes DenseNet``, ``This paper
introduces ELMo (Embeddings from Language Models)``): an ``It`` after it is the method."""
_BRACKETED = re.compile(r"(?P<name>[^(),.;:]{1,80}?)\((?P<short>[^()]{1,30})\)")
"""The words before a bracket and what the bracket holds (a name and its expansion, or the
other way round)."""
_NAME = re.compile(r"[A-Z][\w\-·.]*")
"""One capitalised word; a name when :func:`~notecards.extract.lang.file_name.shaped` too
(ELMo, BERT, DenseNet; not Densely)."""


def _proposed(previous: str) -> str:
    """The name of the method ``previous`` says the paper presents, or ''."""
    found = _PROPOSES.match(previous)
    if found is None:
        return ""
    bracketed = _BRACKETED.match(previous, found.end())
    if bracketed is not None:
        name, short = bracketed.group("name").strip(), bracketed.group("short").strip()
        if _NAME.fullmatch(name) and shaped(name):
            return name  # "ELMo (Embeddings from …)": the name before its expansion
        if _NAME.fullmatch(short) and shaped(short):
            return short  # "a Densely Connected … Networks (DenseNet)": the name in brackets
        return ""
    first = _NAME.match(previous, found.end())
    name = first.group().rstrip(".") if first else ""
    return name if shaped(name) else ""


def antecedent(previous: str, sentence: str) -> str:
    """What the pronoun opening ``sentence`` refers to: the subject of ``previous``, or the
    method ``previous`` says the paper presents (for ``It``); '' when ``sentence`` opens on no
    pronoun, ``previous`` on no term as its subject, or the two do not agree in number."""
    pronoun = PRONOUN_SUBJECT.match(sentence)
    if pronoun is None:
        return ""
    if pronoun.group("pronoun") == "It":
        method = _proposed(previous)
        if method:
            return method
    subject = _subject(previous)
    if not subject:
        return ""
    words = subject.split()
    if words[0].casefold() in _NO_REFERENT or any(w.endswith("ly") for w in words):
        return ""  # "This shows …", "Forward propagation sequentially …"
    if not is_term(subject):
        return ""
    plural = _PLURAL.search(words[-1]) is not None
    if plural != (pronoun.group("pronoun") == "They"):
        return ""
    return subject


def presents(sentence: str, topic: str) -> bool:
    """Whether ``sentence`` says the paper presents ``topic`` (``This paper introduces ELMo``):
    the note is about that method."""
    return bool(topic) and _proposed(sentence) == topic


def paragraph_it(sentence: str, topic: str) -> str:
    """What an ``It`` opening a paragraph refers to in a note that :func:`presents` its method
    ``topic``: the method, which its paragraphs go on describing; '' when ``sentence`` opens on
    no subject ``It``."""
    pronoun = PRONOUN_SUBJECT.match(sentence)
    return topic if pronoun is not None and pronoun.group("pronoun") == "It" else ""


def resolved(text: str, subject: str) -> str:
    """``text`` with its opening pronoun replaced by ``subject`` (an article it opens on
    becomes ``The``: the sentence before introduced it)."""
    pronoun = PRONOUN_SUBJECT.match(text)
    if pronoun is None or not subject:
        return text
    head, _, rest = subject.partition(" ")
    if head in ("A", "An") and rest:
        subject = "The " + rest
    return subject + text[pronoun.end("pronoun") :]

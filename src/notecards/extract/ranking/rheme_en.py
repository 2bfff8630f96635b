"""The point of an English sentence: the span after the main verb of its main clause (the
clause after ``so`` / ``but``, else the first that is not a condition), found after a verb of
:data:`_ANCHOR_EN`; when no clause has one, after the verb the short subject of the first such
clause shows (``kernel regression enjoys the [consistency benefit]``).
:mod:`notecards.extract.ranking.rheme` checks its size."""

from __future__ import annotations

import re

from notecards.extract.lang.function_words import STOP_EN
from notecards.extract.ranking.key_bounds import list_item

_CLAUSE_EN = re.compile(
    r"[,;:]\s|\s[-–—]\s|\s(?=(?:which|where|whereas|while|because|since|although|though|"
    r"so that|thus|hence|therefore)\b)",
    re.IGNORECASE,
)
"""Where an English clause ends: a comma, semicolon or colon, a dash, or before a subordinating
word (``which``, ``because``)."""
_CONDITION_EN = re.compile(
    r"(?:if|when|whenever|while|although|though|since|because|as|to|for|in|with|without|after|"
    r"before|by|unlike|like|given|once|unless|during|despite|instead of|for example|e\.g\.|"
    r"i\.e\.|which|where|whereas)\b",
    re.IGNORECASE,
)
"""Openers of a clause that is a condition or a circumstance, not the main clause."""
_POINT_EN = re.compile(r"(?:so|thus|hence|therefore|but|yet|however)\b", re.IGNORECASE)
"""Openers of a clause that states the point (a consequence, a contrast): tried first."""
_PARTICIPLE = (
    r"(?:[a-z]+(?:ed|en)|made|done|built|set|put|thought|found|held|kept|left|led|run|split|"
    r"sent|spent|meant|cut|told|brought|taught)(?:\s+(?:up|out|down|off))?"
)
"""A past participle: regular (``used``, ``given``) or one of the common irregular ones (``made
up of``, ``done by``, ``thought of``), with its particle."""
_ANCHOR_EN = re.compile(
    r"\b(?:(?:is|are|was|were|be|been)(?:\s+(?:not|also|only|usually|often|then|always))?"
    rf"(?:\s+{_PARTICIPLE}(?:\s+(?:on|by|with|to|as|for|in|from|into|of|at))?)?"
    r"|(?:can|could|will|would|should|must|may|might)(?:\s+(?:not|also|only|then))?"
    rf"(?:\s+be(?:\s+{_PARTICIPLE})?|\s+[a-z]+)(?:\s+(?:on|by|to|in|of|from|as|with|for)){{0,2}}"
    r"|means|refers to|stands for|allows?(?:\s+for)?|enables?|uses|requires?|leads? to|"
    r"results? in|"
    r"consists? of|reduces?|improves?|increases?|decreases?|prevents?|achieves?|outperforms?|"
    r"becomes?|helps?|makes?|provides?|avoids?|needs?|learns?|predicts?|computes?|"
    r"replaces?|removes?|adds?|captures?|maps?|combines?|depends on|relies on|solves?|"
    r"trains?|generates?|produces?|encodes?|decodes?|converts?|measures?|controls?|"
    r"determines?|introduces?|proposes?|gives?|takes?|yields?|contains?|includes?)\b"
    r"(?:\s+(?:that|a|an|the|to|from|its|their))*\s+",
    re.IGNORECASE,
)
"""Main verbs after which an English clause states its point (a copula with its participle and
preposition, a modal and its verb, verbs of what a method does), with the words they take."""
_NOUN_BEFORE = re.compile(
    r"\b(?:the|a|an|its|their|our|his|her|no|any|each|every)\s+$", re.IGNORECASE
)
"""A determiner right before a verb-like word makes it a noun (``with the help of``, ``no need
to``, ``a means of``): no main verb to anchor a rheme on."""
_TRIM_EN = re.compile(r"(?:(?:that|a|an|the|also|just|only|very|to)\s+)+", re.IGNORECASE)
"""Words a rheme does not start with (an article, ``that``, ``to``, a degree adverb)."""
_TAIL_WORDS_EN = frozenset(
    "and or but of to in on at by for with from that which the a an".split()  # noqa: SIM905
)
"""Words a rheme does not end on."""
_TAIL_CHARS_EN = " \t\n,.;:!?)]"
"""Characters a rheme does not end on (a closing bracket it opened is kept: the caller checks
that its brackets balance)."""


_ASIDE = re.compile(r"\([^()\n]{0,80}\)")
"""A parenthesis (``(called sequence transduction models here)``, ``(for small, 20 for big)``):
read as blank, so its words count in no subject and its commas end no clause."""
_SUBORDINATE = re.compile(
    r"\s(?:as|because|since|if|when|while|although|though|whereas|unless)\s+(?=[a-z])",
)
"""A subordinating word before the rest of its clause (``… parallelizable [as] computation is
sequential``): a verb after it is not the main clause's."""


def rheme_en(text: str) -> tuple[int, int, str] | None:
    """The English main clause's span after its main verb, trimmed, and the verb; None when no
    clause has one (:func:`_after_anchor_en`, then :func:`_after_subject_en`). A listed verb
    after a subordinating word (``as computation [is] sequential``) gives way to the verb the
    subject shows before it (``Recurrent models [have] the downside of …``), whose span then
    ends at that word."""
    masked = _ASIDE.sub(lambda m: " " * len(m.group(0)), text)  # offsets kept
    found = _rheme_masked(masked)
    if found is None:
        return None
    begin, finish, verb = found
    finish = _trimmed_end(text, begin, finish)
    aside = _ASIDE.match(text, finish + len(text[finish:]) - len(text[finish:].lstrip(" ")))
    if aside is not None and masked[finish : aside.end()].isspace():
        finish = aside.end()  # "… Convolutional Networks (DenseNet)": its gloss stays with it
    return begin, finish, verb


def _rheme_masked(text: str) -> tuple[int, int, str] | None:
    """:func:`rheme_en` of ``text`` with its parentheses blanked."""
    bounds = [0]
    for match in _CLAUSE_EN.finditer(text):
        bounds += [match.start(), match.end()]
    bounds.append(len(text))
    clauses = [
        (
            bounds[i]
            + len(text[bounds[i] : bounds[i + 1]])
            - len(text[bounds[i] : bounds[i + 1]].lstrip()),
            bounds[i + 1],
        )
        for i in range(0, len(bounds) - 1, 2)
    ]
    pointed = [c for c in clauses if _POINT_EN.match(text, c[0])]
    plain = [c for c in clauses if c not in pointed and not _CONDITION_EN.match(text, c[0])]
    found = _after_anchor_en(text, pointed + plain)
    if found is not None and plain and not pointed:
        start = plain[0][0]
        cut = _SUBORDINATE.search(text, start, found[0])
        main = _after_subject_en(text, start, cut.start()) if cut else None
        if cut is not None and main is not None and main[0] < cut.start():
            return main  # "models [have] the downside of … as computation [is] sequential"
    if found is None:  # no verb of the list: the verb its subject shows (regression [enjoys])
        found = next(filter(None, (_after_subject_en(text, *c) for c in pointed + plain)), None)
    return found


def _after_anchor_en(text: str, clauses: list[tuple[int, int]]) -> tuple[int, int, str] | None:
    """The span after the last listed main verb (:data:`_ANCHOR_EN`) of the first clause that
    has one, trimmed."""
    for start, end in clauses:
        anchors = [
            a
            for a in _ANCHOR_EN.finditer(text, start, end)
            if not _NOUN_BEFORE.search(text, max(0, a.start() - 8), a.start())
        ]
        if not anchors:
            continue
        anchor = anchors[-1]  # "is something that is much slower": the last verb
        begin = anchor.end()
        trim = _TRIM_EN.match(text, begin)
        begin = trim.end() if trim else begin
        finish = _trimmed_end(text, begin, end)
        if finish > begin:
            return begin, finish, anchor.group(0).strip()
    return None


_WORD_EN = re.compile(r"[*_`]*[A-Za-z][\w'’-]*[*_`]*")
"""A word of an English subject, its emphasis marks kept (``*experience replay*``)."""
_SUBJECT_MAX_WORDS = 6
"""A subject of more words is a clause, not a noun phrase the verb follows."""
_HAVE = frozenset({"has", "have", "had"})
"""The forms of ``have``: a main verb wherever a short subject stands before it."""
_VERBS_IN_STOP = _HAVE | {"use", "used"}
"""Verbs among the function words (:data:`STOP_EN` holds them as no term)."""
_PAST = re.compile(r"\b[a-z]{2,}(?<!e)ed\b")
"""A verb in -ed (``used``, ``proposed``), not a word in -eed (``seed``, ``need``, ``speed``)."""
_PRESENT = re.compile(r"\b[a-z]{2,}(?:[^aeiosu'’]s|(?:[sxzo]|[cs]h)es)\b")
"""A verb in -s (``maps``, ``fixes``, ``reaches``), not ``-ss`` / ``-us`` / ``-is`` words, nor
another word in -es (``defines``: as often a plural noun, ``values``, ``images``)."""
_PLURAL_SUBJECT = re.compile(r"\b(?:[A-Za-z]{2,}[^su'’]s|[A-Z]{2,}s|[Tt]hey|[Ww]e)[*_`]*")
"""A plural head noun or pronoun (``CNNs``, ``representations``, ``they``): the plain form of a
verb may follow it (``CNNs struggle to``)."""
_OBJECT_OPENER = re.compile(
    r"(?:the|a|an|its|their|this|these|to|all|each|every|both|no|more|less|much|many|only|not|"
    r"significantly|\d)\b",
    re.IGNORECASE,
)
"""Words that open the object a verb governs: a determiner, ``to`` (not a preposition, which
follows a plural noun as often: ``embeddings as in``, ``correlations present in``)."""


def _after_subject_en(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """The span after the main verb that follows the clause's short subject, and the verb:
    ``have`` / ``has``, a verb in -ed or -s (``kernel regression enjoys the [consistency
    benefit]``), or after a plural subject a plain verb before what it governs (``ReLU
    activation functions mitigate the [vanishing gradient problem]``); None when the clause
    does not open on a noun phrase and a verb."""
    words = list(_WORD_EN.finditer(text, start, end))
    for i in range(1, min(_SUBJECT_MAX_WORDS, len(words) - 1) + 1):
        gap = text[words[i - 1].end() : words[i].start()]
        if gap.strip():
            return None  # a mark between the words: no plain subject before a verb
        word, before = words[i].group(0), words[i - 1].group(0)
        after = words[i + 1].group(0) if i + 1 < len(words) else ""
        if word.casefold() in STOP_EN and word not in _VERBS_IN_STOP:
            if word.casefold() in _SUBJECT_INNER:
                continue  # "the role of the encoder": still the subject
            return None
        governs = _OBJECT_OPENER.match(after) is not None
        if _plain_verb_next(words, i):
            continue  # "ReLU activation functions [mitigate] the": the plural noun is no verb
        if word not in _HAVE and any(w.group(0) in _HAVE for w in words[i + 1 : i + 3]):
            continue  # "the learned synthesized image [has]": the -ed word is an adjective
        verb = before.casefold() not in _SUBJECT_INNER and (
            word in _HAVE
            or (
                _PAST.fullmatch(word) is not None
                and before.casefold() not in STOP_EN
                and _PREPOSITION.fullmatch(after) is None  # "networks trained with": a modifier
            )
            or (
                _PRESENT.fullmatch(word) is not None
                and (governs or _content_word(after))
                and _PAST.fullmatch(after) is None  # "networks trained": a plural noun
            )
            or (_PLURAL_SUBJECT.fullmatch(before) is not None and word.islower() and governs)
        )
        if verb and not word.endswith("ly"):
            begin = words[i].end()
            trim = _TRIM_EN.match(text, begin + 1)
            begin = trim.end() if trim else begin + 1
            finish = _trimmed_end(text, begin, end)
            if finish <= begin or list_item(text, begin, finish):
                return None  # "interacts [with …, actions] and rewards": a list cut in two
            return begin, finish, word
    return None


def _plain_verb_next(words: list[re.Match[str]], i: int) -> bool:
    """Whether the word after ``words[i]`` is the plain form of a verb that a plural
    ``words[i]`` is the subject of: a lower-case word followed by what a verb governs."""
    if i + 2 >= len(words) or _PLURAL_SUBJECT.fullmatch(words[i].group(0)) is None:
        return False
    nxt, then = words[i + 1].group(0), words[i + 2].group(0)
    return _content_word(nxt) and _OBJECT_OPENER.match(then) is not None


def _content_word(word: str) -> bool:
    """Whether ``word`` is a lower-case word that is neither a function word nor an adverb in
    -ly (``zeroes [activations]``, not ``models usually``)."""
    return word.islower() and word.casefold() not in STOP_EN and not word.endswith("ly")


_PREPOSITION = re.compile(
    r"with|by|on|in|for|from|using|at|via|into|through|across|over|under|within|between|among"
    r"|during|after|before|without|along|against",
    re.IGNORECASE,
)
"""Prepositions after a participle that modifies the subject (``networks trained with …
benefit``): no main verb."""
_SUBJECT_INNER = frozenset({"the", "a", "an", "of", "its", "their", "this", "these"})
"""Function words a subject may hold (``the role of the encoder``)."""


def _trimmed_end(text: str, begin: int, end: int) -> int:
    """``end`` moved left over trailing stops, spaces and function words (``… the policy and``)."""
    while end > begin:
        stripped = text[begin:end].rstrip(_TAIL_CHARS_EN)
        end = begin + len(stripped)
        last = stripped.rsplit(None, 1)[-1] if stripped.strip() else ""
        if last.casefold() not in _TAIL_WORDS_EN or last == stripped:
            return end
        end -= len(last)
    return end

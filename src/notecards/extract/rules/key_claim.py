"""Key claims → cloze: a sentence stating a figure with its unit, a first-of or superlative, a
limitation or advantage, a comparison, or a summary point naming a term the note defines."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from notecards.extract.lang.claims import in_cause, is_vague
from notecards.extract.lang.cloze import cloze, deletion_tokens
from notecards.extract.lang.figures import MAGNITUDES, UNITS, figures, in_protected
from notecards.extract.lang.markup import plain, strip_markup
from notecards.extract.lang.term_en import capitalized, opens_on_name
from notecards.extract.lang.term_en import is_term as is_term_en
from notecards.extract.lang.term_zh import TERM as TERM_ZH
from notecards.extract.lang.term_zh import is_term as is_term_zh_cut
from notecards.extract.lang.terms import points_outside, skip_lead
from notecards.extract.lang.text import CJK, HAN
from notecards.extract.lang.topic import section_topic
from notecards.extract.rules.context import Context, Hit
from notecards.extract.rules.trigger import trigger, words
from notecards.model import BlockKind, CardKind, Document
from notecards.patterns import EN_WORD

SUPERLATIVES_ZH = (
    "第一个", "首个", "最早的", "首次", "唯一的", "最常用的", "最重要的", "最流行的",
    "最常见的", "最有效的", "最成功的", "最著名的", "最广泛",
)  # fmt: skip
"""``X是第一个…`` → hide X."""

VERDICT_NOUNS_ZH = (
    "缺点", "局限性", "局限", "优点", "优势", "好处", "不足", "弊端", "瓶颈", "难点", "挑战",
    "主要问题",
)  # fmt: skip
"""``X的主要缺点是Y`` → hide Y."""

VERDICT_NOUNS_EN = (
    "limitation", "drawback", "disadvantage", "advantage", "benefit", "weakness", "strength",
    "bottleneck", "problem", "challenge",
)  # fmt: skip
"""``The main limitation of X is Y`` → hide Y."""

NOT_CLAIMS = (
    "例如", "比如", "假设", "假定", "e.g.", "for example", "for instance", "suppose", "let us",
    "let's", "练习", "试试", "尝试", "请",
)  # fmt: skip

SUMMARY_HEADINGS = (
    "小结", "总结", "结论", "要点", "summary", "conclusion", "conclusions", "key takeaways",
    "takeaways",
)  # fmt: skip
"""Sections whose sentences are the note's key claims."""

SKIP_HEADINGS = ("练习", "习题", "exercises", "exercise", "参考文献", "references")
"""Sections whose sentences are never claims."""

SUBJECT_PREFIXES = (
    "在", "的", "和", "与", "对", "将", "把", "被", "通过", "用", "由", "是", "为", "从", "使",
    "让", "及", "或", "而", "中", "了", "即", "但", "且", "并", "如", "当", "以", "因此",
    "所以", "使用", "利用", "对于", "由于", "因为", "然而", "此外", "同时", "那么", "于是",
)  # fmt: skip
"""Words that may stand right before a hidden summary term (any other Han character may be part
of a longer name)."""

COORDINATORS = ("和", "与", "及", "以及", "或", "、", " and ", " or ")
"""Words that join two subjects into one."""

MEASURE_NOUNS_EN = (
    "time", "number", "amount", "cost", "size", "speed", "rate", "value", "result", "results",
    "performance", "accuracy", "error", "memory", "count", "length",
)  # fmt: skip
MEASURE_NOUNS_ZH = ("时间", "数量", "次数", "成本", "速度", "大小", "个数", "数目", "结果", "长度")
"""Head nouns of a compared subject that only measures something named elsewhere (``The time
required per epoch is shorter than …`` — of which method?): no comparison card unless the
subject names a name too."""

SUBJECT_REACH = 6
"""A summary term is hidden only when it starts within this many characters of the sentence."""
MAX_CHARS_ZH = 100
"""A Chinese claim longer than this (characters) is a paragraph to read, not a fact to recall."""
MAX_CHARS_EN = 240
"""…and an English one longer than this."""
MAX_HIDDEN_ZH = 20
"""A Chinese deletion longer than this (characters) hides too much to recall."""
MAX_HIDDEN_EN = 10
"""An English deletion longer than this (words) hides too much to recall."""

_NAME = re.compile(
    rf"[A-Z][A-Za-z0-9-]*[A-Z0-9]|[A-Z][a-z]+[A-Z]|[{CJK}]{{2}}\s?[（(][A-Za-z][^（）()\n]{{0,60}}[）)]"
)
"""A name in a sentence: an acronym, a CamelCase word or a term glossed in English (``GPU``,
``ResNet-50``, ``AlexNet``, ``批量归一化（batch normalization）``)."""
_NAMING = re.compile(r"称为|称作|叫做|被命名为|\b(?:called|known as|referred to as)\b")
"""A sentence that names something: its key is the name it gives, not the term it opens with."""
_GLOSS_AFTER = re.compile(r"\s?[（(][A-Za-z][^（）()\n]{0,60}[）)]")
"""An English gloss right after a term (``残差网络（ResNet）``): hidden with it."""
_EN_TERM = rf"(?:(?:A|An|The)\s+)?(?:{EN_WORD}\s+){{0,4}}?{EN_WORD}"
_FIRST_ZH = re.compile(
    rf"^(?P<term>{TERM_ZH})\s*(?:是|为|成为)了?(?:[^，。；]{{0,12}}?)(?:{'|'.join(SUPERLATIVES_ZH)})"
    r"[^，。；]{0,30}的"
)
_FIRST_EN = re.compile(
    rf"^(?P<term>{_EN_TERM})\s+(?:was|is|were|are|became)\s+(?:one\s+of\s+)?the\s+"
    r"(?:(?:first|earliest|only)(?:\s+[a-z]+){0,3}\s+(?:to|that|which|ever)\b"
    r"|most\s+(?:widely\s+used|popular|common|important|influential|successful)\b)"
)
_VERDICT_ZH = re.compile(
    rf"^(?P<term>{TERM_ZH})\s*的(?:主要|最大|一个|一大|关键|核心)?(?:{'|'.join(VERDICT_NOUNS_ZH)})(?:之一)?"
    r"(?:是|在于)[：:]?\s*(?P<body>[^，。；;！？]{2,40})"
)
_VERDICT_EN = re.compile(
    r"^(?:The|A|One)\s+(?:(?:main|key|major|biggest|primary|chief|principal|big)\s+)?"
    rf"(?:{'|'.join(VERDICT_NOUNS_EN)})s?\s+of\s+(?P<term>{_EN_TERM})\s+is\s+(?:that\s+)?"
    r"(?P<body>[^.;:,]{3,120})"
)
_NOT_CLAIM = re.compile("|".join(map(re.escape, NOT_CLAIMS)))
_SUPERLATIVE_ZH = re.compile("|".join(map(re.escape, SUPERLATIVES_ZH)))
_VERDICT_NOUN_ZH = re.compile("|".join(map(re.escape, VERDICT_NOUNS_ZH)))
_VERDICT_NOUN_EN = re.compile("|".join(map(re.escape, VERDICT_NOUNS_EN)))
"""Words without which :data:`_FIRST_ZH` / :data:`_VERDICT_ZH` / :data:`_VERDICT_EN` cannot match."""
_COMPARE_ZH = re.compile(
    rf"^(?P<term>{TERM_ZH})\s*(?:通常|往往|一般)?比[^，。；]{{1,20}}?(?P<adj>更[{CJK}])"
)
_COMPARE_EN = re.compile(
    rf"^(?P<term>{_EN_TERM})\s+(?:is|are|runs|trains|converges|performs)\s+"
    r"(?P<adj>(?:much\s+|significantly\s+|considerably\s+|far\s+)?(?:[a-z]+er|more\s+[a-z]+|less\s+[a-z]+))\s+than\b"
)
_FIGURE_CUE = re.compile(
    r"\d\s?(?:"
    + "|".join(re.escape(u) for u in sorted((*UNITS, *MAGNITUDES), key=len, reverse=True))
    + ")"
)
_CUE_ZH = re.compile(
    "|".join(
        (
            *(f"{re.escape(w)}[^，。；]{{0,30}}的" for w in SUPERLATIVES_ZH),
            *(f"{re.escape(w)}(?:之一)?(?:是|在于)" for w in VERDICT_NOUNS_ZH),
            rf"比[^，。；]{{1,20}}?更[{CJK}]",
        )
    )
)
_CUE_FIRST_EN = re.compile(r"the\s+(?:first|earliest|only|most)")
_CUE_VERDICT_EN = re.compile("|".join(rf"{w}s?\s+of\s" for w in VERDICT_NOUNS_EN))
"""The part of :data:`_FIRST_ZH`, :data:`_VERDICT_ZH`, :data:`_COMPARE_ZH` (one alternative each
starting with a literal, so ``re`` skips ahead to them), :data:`_FIRST_EN` and
:data:`_VERDICT_EN` that does not depend on what comes before it."""


_MARKUP = re.compile(r"\[|:`|:end_tab:|\*\*")
"""What :func:`~notecards.extract.lang.terms.strip_markup` needs to remove more than a text's ends."""
_SECTION_NUMBER = re.compile(r"^[\d.\s]+")
_TERM_MARK = re.compile(r"\*{1,2}([^*\n]{2,30}?)\*{1,2}\s*[（(][^（）()]{2,60}[）)]")


def _has_cue(text: str) -> bool:
    """Whether ``text`` holds what each pattern of :func:`_spans` needs but the summary points:
    a number with its unit (:func:`~notecards.extract.lang.figures.figures`), a superlative, a verdict
    or a comparison. Literal tests guard the English patterns (``re`` scans English text slowly
    for words starting with common letters)."""
    if _CUE_ZH.search(text) or _FIGURE_CUE.search(text) or "than" in text:
        return True
    if ("first" in text or "earliest" in text or "only" in text or "most" in text) and (
        _CUE_FIRST_EN.search(text)
    ):
        return True
    return "of" in text and bool(_CUE_VERDICT_EN.search(text))


def _note_terms(doc: Document) -> tuple[str, ...]:
    """Terms the note introduces (``*汇聚*（pooling）``), longest first (asked for once per note:
    ``ctx.once(_note_terms)``)."""
    found = {
        plain(m.group(1))
        for block in doc.blocks
        # Every mark needs a ``*`` (speed: most blocks have none, so skip the scan).
        if block.kind in (BlockKind.PARAGRAPH, BlockKind.ITEM) and "*" in block.text
        for m in _TERM_MARK.finditer(block.text)
    }
    return tuple(sorted((t for t in found if len(t) >= 2), key=lambda t: (-len(t), t)))


def _whole(text: str, start: int, end: int, terms: tuple[str, ...]) -> bool:
    """Whether ``text[start:end]`` is a whole term there, not part of a longer note term
    (``{{注意力}}机制``), of a compound (``“{{编码器}}－解码器”``) or of a list (``{{标量}}、向量``)."""
    if in_protected(text, start, end) or text[end : end + 1] in ("-", "－", "·", "、", "/"):
        return False
    for longer in terms:
        if len(longer) <= end - start:
            break
        at = text.find(longer, max(0, end - len(longer)))
        if 0 <= at <= start and at + len(longer) >= end:
            return False
    before = text[:start]
    if before and HAN.match(before[-1]) and not before.endswith(SUBJECT_PREFIXES):
        return False  # "斯坦福{{自然语言推断}}语料库": the term is inside a longer name
    return not before.endswith(("、", "-", "－"))


def _coordinated(text: str, start: int, end: int) -> bool:
    """Whether the term at ``text[start:end]`` is one of two joined subjects (``{{填充}}和步幅…``):
    hiding one of them asks the reader to guess which."""
    return text[end:].startswith(COORDINATORS) or text[:start].endswith(COORDINATORS)


def _names_subject(text: str, terms: tuple[str, ...]) -> bool:
    """Whether a sentence names what its figure is about: a name (``AlexNet``, ``GPU``) or a term
    the note introduces, not only a description (``第一次读取的成本``)."""
    return bool(_NAME.search(text)) or any(term in text for term in terms)


def _named(term: str, terms: tuple[str, ...]) -> bool:
    """Whether a subject is a name (``AlexNet``, ``NVIDIA``) or a term the note introduces,
    rather than a description (``阴影部分``, ``The shaded portions``)."""
    term = plain(term)
    if re.search(r"[A-Z][A-Za-z0-9-]*[A-Z0-9]|^[A-Z][a-z]+[A-Z]", term) or term in terms:
        return True
    return bool(re.fullmatch(r"[A-Z][A-Za-z0-9-]+", term))


def _bare_measure(term: str, terms: tuple[str, ...]) -> bool:
    """Whether a compared subject is a measure of something it does not name (``The time
    required per epoch``, ``所需的时间``) rather than a thing (``AlexNet``, ``卷积层``)."""
    if _named(term, terms) or _NAME.search(term):
        return False
    words = re.sub(r"^(?:the|a|an)\s+", "", term.strip(), flags=re.IGNORECASE).split()
    if words and words[0].casefold() in MEASURE_NOUNS_EN:
        return True
    return plain(term).endswith(MEASURE_NOUNS_ZH)


def _section(ctx: Context) -> str:
    path = ctx.block.heading_path
    return _section_name(path[-1]) if path else ""


@functools.lru_cache(maxsize=1024)  # asked of every sentence under the same few headings
def _section_name(heading: str) -> str:
    return _SECTION_NUMBER.sub("", heading).strip().casefold()


def _spans(ctx: Context, text: str, summary: bool) -> tuple[list[tuple[int, int]], float]:
    """What to hide in ``text`` and how sure we are, or ([], 0) when it is no key claim
    (``summary``: the sentence sits under a summary heading of a note that introduces terms)."""
    head = skip_lead(text)
    off = len(text) - len(head)
    zh = bool(HAN.search(text))

    def is_term_zh(term: str) -> bool:
        return is_term_zh_cut(term, ctx.cut)

    # Each pattern needs one of its key words in the text; most sentences hold none (speed).
    first = (_FIRST_ZH, is_term_zh) if _SUPERLATIVE_ZH.search(head) else None
    for pattern, ok in (first, (_FIRST_EN, is_term_en)) if first else ((_FIRST_EN, is_term_en),):
        match = pattern.match(head)
        if match and ok(match.group("term")) and _named(match.group("term"), ctx.once(_note_terms)):
            return [(off + match.start("term"), off + match.end("term"))], 0.65
    for pattern, ok, key in (
        (_VERDICT_ZH, is_term_zh, _VERDICT_NOUN_ZH),
        (_VERDICT_EN, is_term_en, _VERDICT_NOUN_EN),
    ):
        match = pattern.match(head) if key.search(head) else None
        if match and ok(match.group("term")):
            body = match.group("body").strip()
            if points_outside(body, ctx.cut):
                continue  # "…is that {{they can be combined}}": the answer leans on context
            if "—" in body or "--" in body:
                continue  # "{{深度学习优化的主力——随机梯度下降}}": an apposition, too much to recall
            size = len(body) if zh else len(body.split())
            if size <= (MAX_HIDDEN_ZH if zh else MAX_HIDDEN_EN):
                start = (
                    off
                    + match.start("body")
                    + (len(match.group("body")) - len(match.group("body").lstrip()))
                )
                return [(start, start + len(body))], 0.65
    measured = figures(text)
    if measured and _names_subject(text, ctx.once(_note_terms)) and not in_cause(text, measured):
        return measured, 0.6
    for pattern, ok, word in ((_COMPARE_ZH, is_term_zh, "比"), (_COMPARE_EN, is_term_en, "than")):
        match = pattern.match(head) if word in head else None
        if (
            match
            and ok(match.group("term"))
            and not _bare_measure(match.group("term"), ctx.once(_note_terms))
        ):
            return [(off + match.start("adj"), off + match.end("adj"))], 0.55
    if summary and not _NAMING.search(text):
        terms = ctx.once(_note_terms)
        subjects = []
        for term in terms:
            # str.find, not a regex per term (speed): the term's first and any second place.
            at = text.find(term)
            if at < 0:
                continue
            found = (at, at + len(term))
            # Only the subject of the point: "可视化{{查询}}和键之间…" hides a bystander.
            if text.find(term, found[1]) >= 0 or at - off > SUBJECT_REACH:
                continue  # a term named twice would still show after hiding it once
            if text[found[1] :].startswith("的"):
                continue  # "{{X}}的注意力汇聚是加权平均": an attribute of X that others share
            if _whole(text, *found, terms) and not _coordinated(text, *found):
                subjects.append(found)
        if subjects:  # the subject is the term the point opens with
            start, end = min(subjects, key=lambda span: (span[0], -span[1]))
            gloss = _GLOSS_AFTER.match(text, end)
            return [(start, gloss.end() if gloss else end)], 0.55  # "（ResNet）" would tell
    return [], 0.0


TRIGGER = trigger(
    words((*UNITS, *MAGNITUDES), before=r"\d"),
    words((*UNITS, *MAGNITUDES), before=r"\d\s"),
    SUPERLATIVES_ZH,
    words(("the",), after=r"\s+(?:first|earliest|only|most)"),
    VERDICT_NOUNS_ZH,
    words(VERDICT_NOUNS_EN, after=r"s?\s+of\s"),
    ("比", "than"),
    ("[", ":`", ":end_tab:", "**"),
)
"""What the rule's first test (:func:`_has_cue` and :data:`_MARKUP`, in the raw sentence) needs:
figures a unit right after a number (5%, 10 倍, 3 layers, 1亿); firsts a superlative (X是第一个…,
X is the first/only/most …); verdicts a verdict noun (X的缺点是…, the drawback of X is …);
comparisons 比/than; or markup whose removal may join words into one of these."""

ANY_TEXT_UNDER = trigger(SUMMARY_HEADINGS)
"""Summary points (under 小结/Summary …) may be any sentence naming a note term: there the trigger
is lifted."""


def key_claim(ctx: Context) -> Iterator[Hit]:
    """A key claim → ``[cloze]`` card hiding the figure, term or verdict on word boundaries."""
    sentence = ctx.sentence
    section = _section(ctx)
    if ctx.block.kind not in (BlockKind.PARAGRAPH, BlockKind.ITEM) or section in SKIP_HEADINGS:
        return
    # Outside a summary, every pattern needs a cue word (speed: most sentences the trigger lets
    # through hold none). Tested first in the raw sentence: the text below is a part of it,
    # unless markup is stripped from it (which may join two words into a cue).
    summary = section in SUMMARY_HEADINGS and bool(ctx.once(_note_terms))
    if not (summary or _has_cue(sentence.text) or _MARKUP.search(sentence.text)):
        return
    # A leading connective ("而且，", "Hence,") ties the sentence to the one before: dropped.
    text = skip_lead(strip_markup(sentence.text).strip(), clauses=False)
    text = capitalized(text)
    zh = bool(HAN.search(text))
    size = len(text)
    if size < 12 or size > (MAX_CHARS_ZH if zh else MAX_CHARS_EN):
        return
    if text.endswith(("？", "?", "：", ":")):
        return
    if not (summary or _has_cue(text)):
        return
    low = text.casefold()
    if _NOT_CLAIM.search(low) or points_outside(text, ctx.cut):
        return
    spans, confidence = _spans(ctx, text, summary)
    if not spans or is_vague(text, spans):
        return
    tokens = deletion_tokens(text, spans, ctx.once(_note_terms), ctx.cut)
    if tokens is None:
        return
    same = len({text[a:b] for a, b in spans}) == 1 and len(spans) > 1
    front = cloze(text, spans, tokens, one_deletion=same)
    subject = _subject(ctx, text, spans)
    if subject:
        front = f"{subject}：{front}" if zh else f"{subject}: {front}"
    yield Hit(ctx.card(front, "", kind=CardKind.CLOZE, confidence=confidence))


def _subject(ctx: Context, text: str, spans: list[tuple[int, int]]) -> str:
    """What the claim is about when its sentence does not say: the section's name, else the
    note's topic (``最大的优点是[...]`` → ``LORA：最大的优点是[...]``), as the ranking's clozes
    name theirs; never one that holds a hidden figure. Empty when the sentence opens on a name
    or says the subject."""
    if opens_on_name(text):
        return ""  # its first word names what it is about
    said = text.casefold()
    hidden = [text[a:b].casefold() for a, b in spans]
    for subject in (section_topic(ctx.block.heading_path, "", ctx.doc.title), ctx.topic):
        folded = subject.casefold()
        if not folded:
            continue
        if folded in said:
            return ""
        if not any(h in folded or folded in h for h in hidden):
            return subject
    return ""

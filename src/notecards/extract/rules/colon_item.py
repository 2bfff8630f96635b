"""List items of the form ``- Term: explanation`` / ``- 术语：解释`` / ``- **Term**: …``, and
comparison items ``- A vs B: …`` (one card per side)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from notecards.extract.lang.lead_in import lead_in_question, split_colon
from notecards.extract.lang.lead_in_words import ENUM_VERBS_ZH, ZH_ADVERBS
from notecards.extract.lang.list_lead import COMPARED_ASKS, asked_in_lead, lead_clause
from notecards.extract.lang.markup import plain
from notecards.extract.lang.term_en import GERUND_OBJECTS
from notecards.extract.lang.terms import CLAUSE_WORDS_ZH, split_gloss, term_problem
from notecards.extract.lang.text import (
    CJK,
    HAN,
    clean_inline,
    has_cjk,
    in_context,
    in_worked,
    is_generic_heading,
    is_image_only,
    is_style_guide,
    mid_sentence,
    subject_from,
    unlink,
)
from notecards.extract.lang.topic import section_topic
from notecards.extract.rules.context import Context, Hit
from notecards.extract.rules.labelled import NOT_LABELS, label_of
from notecards.extract.rules.trigger import trigger
from notecards.model import BlockKind, Tokenizer
from notecards.patterns import DISPLAY_MATH, INLINE_MATH

METADATA_TERMS = (
    "see", "see also", "link", "links", "url", "source", "ref", "refs", "reference", "references",
    "status", "version", "tags", "tag", "date", "time", "author", "authors", "paper", "code",
    "github", "repo", "website", "homepage", "email", "phone", "location", "deadline", "due",
    "来源", "链接", "参考", "参考文献", "参见", "时间", "日期", "作者", "地点", "地址", "网址", "官网",
    "版本", "状态", "标签", "论文", "代码", "邮箱", "电话", "截止", "出处", "原文", "译者",
)  # fmt: skip
"""Item labels that carry metadata, not knowledge (``- see: https://…``, ``- 时间：2020年``)."""

GENERIC_OK = ("stop-word-term",)
"""``term_problem`` reasons that a list subject can repair (``- 输入：…`` → ``X的输入是什么？``)."""

COMPARISON = re.compile(r"(?<=\S)\s+(?:vs\.?|versus|v\.s\.)\s+", re.IGNORECASE)
"""``A vs B`` in an item's label."""

CLAUSE_MARKERS_ZH = (
    "是", "由", "包括", "包含", "组成", "进行", "使用", "生成", "可以", "需要", "将", "把", "被",
    "给定", "如果", "常用", "通过", "对于", "用于", "应该", "我们", "你", "了", "提出", "添加",
    "加入", "得到", "为每", "很", "非常", "重要",
)  # fmt: skip
"""Words showing a Chinese item label is a clause (``正则化是处理过拟合的常用方法``), not a term."""

MAX_TERM_ZH = 12
"""A Chinese item label longer than this (gloss aside) is a phrase, not a term."""

VAGUE_HEADS_ZH = (
    "条件", "方案", "情况", "情形", "操作", "实现", "理解", "过程", "步骤", "方法", "结果", "问题",
    "思路", "做法", "分析", "证明", "性质", "规则",
)  # fmt: skip
"""Chinese terms ending in these (``终止条件``, ``插入操作``) need their list's subject to stand alone."""

VERBS_EN = (
    "generate", "use", "compute", "calculate", "define", "add", "find", "take", "get", "make",
    "let", "apply", "create", "load", "run", "install", "set", "check", "read", "write", "train",
    "build", "call", "see", "note", "consider", "remember", "try", "do", "is", "are",
)  # fmt: skip
"""First words showing an English item label is an instruction or clause, not a term."""

PREPOSITIONS_EN = frozenset(
    (
        "in", "on", "at", "for", "with", "by", "from", "to", "of", "under", "during", "after",
        "before", "when", "while", "if", "unlike", "compared", "like", "as", "than", "without",
        "via", "through",
    )
)  # fmt: skip
"""First words showing an English item label is a phrase about something (``In ELMo``)."""
_ORDINAL = re.compile(
    r"(?:\d+|[一二三四五六七八九十]+)$|^(?:第|step\b|步骤|方法|阶段|case\b)", re.IGNORECASE
)
_VALUE_ONLY = re.compile(r"^[\d\s年月日号./:\-–—~至到]+$|^<?https?://\S+>?$|^\[[^\]]*\]\([^)]*\)$")
_EXPLICIT = re.compile(r"::|\{\{c\d+::|==[^=\s]")
_SENTENCES = re.compile(r"(?<=[.!?。！？])\s*")
_WHY = re.compile(
    r"为什么|为何|代价|缺点|优点|好处|坏处|局限|原因|挑战|\b(?:why|drawbacks|limitations|advantages|pros|cons)\b",
    re.IGNORECASE,
)
"""Headings whose list items are reasons, costs or merits, not terms (``## 池化的代价``)."""
_FRAGMENT_END = re.compile(r"[;；,，、]\s*$")
"""An item body ending in a list separator (``由两个卷积层组成;``): the separator is dropped and
the answer ends as a sentence."""
_DANGLING = re.compile(
    r"^(?:(?:in\s+)?all\s+)?(?:the\s+)?(?:other|others|rest|remaining|otherwise|else)\b"
    r"|^(?:所有|全部)?(?:其[他它余]|剩[下余])",
    re.IGNORECASE,
)
"""Words pointing at the list's other items (``neutral: all the other cases``)."""
_FORMAT_SPEC = re.compile(
    r"\d+(?:\.\d+)?\s*(?:pt|px)\b|\b(?:font|fonts|typeface)\b|字体|字号|STIX|Times New Roman"
    r"|\bArial\b|\bHelvetica\b",
    re.IGNORECASE,
)
"""A font, size or format spec (``STIXGeneral, 9pt``): a style guide's rule, not knowledge."""
_MATH = re.compile(f"{DISPLAY_MATH}|{INLINE_MATH}")
_OWNER = re.compile(
    r"^([^：:]{2,16}?)(?:"
    + "|".join(sorted((*ENUM_VERBS_ZH, *ZH_ADVERBS, "的", "可以"), key=len, reverse=True))
    + ")"
)
"""The owner named at the start of a list question (``分布函数具有哪些性质？`` → ``分布函数``)."""
_CLAUSE_ZH = re.compile("|".join(CLAUSE_MARKERS_ZH) + r"|\d|\]\(|https?:")
_SPACE = re.compile(r"\s")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_EN_PLURAL = re.compile(r"(?<![A-Za-z])[a-z]{2,}(?<![siu])s$")
"""A plural English word (``losses``, ``models``; not ``loss``, ``focus``, ``analysis``)."""


_LISTED_NAME = re.compile(r"[A-Z0-9][\w.+-]*(?: [\w.+-]+){0,2}")
_LIST_SEPARATOR = re.compile(r"\s*[、,，/;；]\s*(?:and |or |以及|和|及)?")


def _names_only(body: str) -> bool:
    """Whether a body only lists names (``YOLO、Focal Loss``, ``BERT, GPT-2 and T5``)."""
    body = body.strip().rstrip(".。．").removesuffix("等").removesuffix("etc").strip()
    parts = _LIST_SEPARATOR.split(body)
    return len(parts) >= 2 and all(_LISTED_NAME.fullmatch(part) for part in parts)


def is_thin(body: str) -> bool:
    """A body of at most two words or four Han characters (``偶数个``, ``50%``): a value, not
    an explanation."""
    han = len(HAN.findall(body))
    words = len(_LATIN_WORD.findall(body))
    return han + words <= 2 or (han <= 4 and words == 0)


def is_clause(term: str) -> bool:
    """Whether an item label is a clause, an instruction or a link rather than a term."""
    if "](" in term or "://" in term:
        return True
    if term.count("（") + term.count("(") != term.count("）") + term.count(")"):
        return True  # "支持张量并行推理（注意": a label cut inside its bracket
    core, _ = split_gloss(term)
    if has_cjk(core):
        return _term_size_zh(core) > MAX_TERM_ZH or bool(_CLAUSE_ZH.search(core))
    words = core.lower().split()
    if len(words) > 1 and (
        words[0] in PREPOSITIONS_EN or (words[0].endswith("ing") and words[1] in GERUND_OBJECTS)
    ):
        return True  # "In ELMo: …", "setting a Target: …": a phrase about something, no term
    return not words or len(words) > 5 or words[0] in VERBS_EN or "](" in core or "://" in core


def _term_size_zh(core: str) -> int:
    """The size of a Chinese label: its characters; of a longer one with English words, an
    English word counts two (``CNN中的inductive bias`` is 8, not 20), unless its Chinese alone
    runs past half of :data:`MAX_TERM_ZH` (``LLM inference 主要关注两个指标`` is a clause)."""
    words = _LATIN_WORD.findall(core) if len(core) > MAX_TERM_ZH else []
    if not words:
        return len(core)
    han = len(HAN.findall(core))
    return len(core) if han > MAX_TERM_ZH // 2 else han + 2 * len(words)


_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*")
"""An English word (or a name such as ``multi-head``, ``GPT-3``) inside a Chinese label."""


_QUALITY_EN = re.compile(
    r"^(?:(?:high|higher|low|lower|better|fast|faster|strong|stronger|simple|simpler|small|"
    r"smaller|more|less)\s+\w+|\w+(?:ent|ant|ive|able|ible|ous|ful|less))$",
    re.IGNORECASE,
)
"""A label that names a quality (``Resilient``, ``High Performance``, ``Scalable``)."""


def restates_quality(term: str, body: str) -> bool:
    """Whether an English label names a quality the body then claims of its subject
    (``Resilient: BYOL is more resilient to …``): the line is a claim under a summary word, not a
    term and its definition. A Chinese quality noun (局部性, 拓展性) is left a term: a textbook
    defines its principles so."""
    core = split_gloss(term)[0].strip()
    if body.casefold().lstrip("*_ ").startswith(core.casefold()):
        return False  # "相似：相似是…": a definition opening on its term
    if has_cjk(core):
        return False  # 局部性（locality）：…局部区域…: a principle the body defines, a term
    if not _QUALITY_EN.match(core):
        return False
    head = core.split()[-1].casefold()
    return head[: max(4, len(head) - 2)] in body.casefold()


def _ambiguous(term: str) -> bool:
    """A term too plain to ask about alone: one common English word, or two Han characters."""
    core, gloss = split_gloss(term)
    if has_cjk(core):
        return (len(core) <= 2 and not gloss) or core.endswith(VAGUE_HEADS_ZH)
    return " " not in core and "-" not in core and core[1:] == core[1:].lower()


def _question(term: str, body: str, subject: str, cut: Tokenizer) -> str:
    """``什么是X？`` / ``What is X?``; an ambiguous (generic) term names the list's subject."""
    zh = has_cjk(term) or has_cjk(body[:60])
    problem = term_problem(term, cut)
    if (problem and problem not in GENERIC_OK) or is_clause(term):
        return ""
    if is_generic_heading(split_gloss(term)[0]):
        return ""  # "- 未来工作：…", "- Keywords: …": a label of the note, not a term
    if (problem or _ambiguous(term)) and subject:
        question = f"{subject}中的{term}是什么？"
        return question if zh else f"What is {term.lower()} in {mid_sentence(subject)}?"
    if problem or _ambiguous(term):
        return ""  # ``- 输入：…`` with nothing to say whose input
    if zh:
        return f"什么是{term}？"
    core, _ = split_gloss(term)
    words = core.split()
    shown = (
        term
        if any(w.isupper() or w[1:] != w[1:].lower() for w in words)
        else term[:1].lower() + term[1:]
    )
    verb = "are" if _EN_PLURAL.search(words[-1] if words else "") else "is"
    return f"What {verb} {shown}?"


def _end_sentence(body: str) -> str:
    """``由两个卷积层组成;`` → ``由两个卷积层组成。``: a body cut at a list separator ends as a
    sentence."""
    if not _FRAGMENT_END.search(body):
        return body
    body = _FRAGMENT_END.sub("", body).rstrip()
    if not body:
        return body
    return body + ("。" if has_cjk(body[-20:]) else ".")


_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9.+-]{1,20}$")
"""A subject that is a name (``LeNet``, ``DNI``, ``Kruskal``), not a phrase (``常见``)."""


def _names_model(subject: str) -> bool:
    """Whether a list's subject is a short Latin name a Chinese question can be prefixed with."""
    return bool(_NAME.match(subject.strip()))


def _local_term(term: str) -> bool:
    """A plain Chinese term with no gloss or Latin name (``卷积编码器``): under a named model it
    means that model's part, so the question names the model."""
    core, gloss = split_gloss(term)
    return has_cjk(core) and not gloss and not re.search(r"[A-Za-z]", core)


def _formula_question(term: str, subject: str) -> str:
    """A formula-only item asks for the formula, in the list's context."""
    if not subject or is_clause(term):
        return ""
    return (
        f"{subject}：{term}的公式是什么？"
        if has_cjk(term + subject)
        else f"What is the formula for {term} in {subject}?"
    )


def _sides(label: str, body: str) -> list[tuple[str, str, str]]:
    """For ``A vs B: …``: (side, other side, what the body says of the side) for each side."""
    names = [n.strip() for n in COMPARISON.split(label) if n.strip()]
    if len(names) != 2:
        return []
    a, b = names
    if len(a.split()) == 1 and len(b.split()) > 1:
        a = f"{a} {' '.join(b.split()[1:])}"  # ``Batch vs Online learning`` → ``Batch learning``
    sentences = [s for s in _SENTENCES.split(body) if s.strip()]
    named: list[tuple[str, str]] = []
    for side, other in ((a, b), (b, a)):
        key, other_key = side.split()[0].lower(), other.split()[0].lower()
        said = [s for s in sentences if key in s.lower() and other_key not in s.lower()]
        if not said:
            return []
        phrase = re.search(rf"\b{re.escape(key)}[\w-]*(?:\s+[a-z]+)?", said[0], re.IGNORECASE)
        name = f"the {phrase.group()}" if phrase and len(side.split()) == 1 else side
        named.append((name if name.isupper() else name.lower(), " ".join(said)))
    (first, said_first), (second, said_second) = named
    return [(first, second, said_first), (second, first, said_second)]


TRIGGER = trigger(r"[:：]")
"""- Term: explanation is split at its first colon."""


def colon_item(ctx: Context) -> Iterator[Hit]:
    """A card per ``Term: explanation`` item (two for a comparison)."""
    block = ctx.block
    if block.kind is not BlockKind.ITEM or in_worked(block.heading_path, block.asides):
        return
    text = clean_inline(block.text)
    # Every explicit mark holds "::" or "==" (speed: tested before the pattern).
    explicit = ("::" in text or "==" in text) and _EXPLICIT.search(text)
    if explicit or text.startswith(("[ ]", "[x]", "[X]")):
        return
    label, body = split_colon(text)
    if label is None or not body.strip() or label.rstrip().endswith(":"):
        return
    term = plain(label).strip()
    if term in CLAUSE_WORDS_ZH:
        return  # ``在 :numref:`…`中，…：`` — a clause cut at a colon, not a label (基/秩 are)
    body = _end_sentence(body.strip())
    if not term or term.casefold() in METADATA_TERMS + NOT_LABELS or label_of(term):
        return
    if _VALUE_ONLY.match(body) or is_thin(body) or len(_SPACE.sub("", body)) <= 8:
        return
    if _names_only(body):
        return  # ``- anchor based: YOLO、Focal Loss.``: examples, not what the term means
    if _FORMAT_SPEC.search(body) or is_style_guide(ctx):
        return  # a style guide's formatting rule
    if len(body) <= 40 and _DANGLING.match(body):
        return  # ``neutral: all the other cases`` means nothing without the other items
    if is_image_only(body) or ("://" in body and len(unlink(body)) < 40):
        return  # a figure, or a link with a word or two
    if _ORDINAL.search(term) or _WHY.search(block.heading_path[-1] if block.heading_path else ""):
        return  # ``- 方法一：…`` and the reasons under ``为什么…？`` / ``…的代价`` are not terms
    claims = ((ctx.index, -1),)
    if COMPARISON.search(term):
        for side, other, said in _sides(term, body):
            question = f"What characterises {side}, compared with {other}?"
            yield Hit(ctx.card(question, said, confidence=0.6), claims=claims)
        return
    if is_clause(term) or restates_quality(term, body):
        return  # neither question below can be asked (tested before the costlier subject)
    lead, after_lead = _lead_sentence(ctx)
    subject = _list_subject(ctx, lead)
    if not _MATH.sub("", body).strip(" ，,。.;；．、"):
        question = _formula_question(term, subject)  # ``- 离散函数：$E(f(x))=…$``
    else:
        question = _question(term, body, subject, ctx.cut)
        in_lead = ""
        if lead and not after_lead.strip():  # a lead-in ending on its colon: ``DETR的优势：``
            in_lead = asked_in_lead(term, lead_clause(lead, ctx.topic, ctx.cut))
        if question and in_lead:
            question = in_lead  # ``BERT与GPT和ELMo的区别：- GPT: …`` → ``GPT与BERT的区别是什么？``
            if in_lead.endswith(COMPARED_ASKS) and not body.startswith(term):
                body = f"{term}{body}"  # "- GPT: 是一个单向过程": the answer says which side
        elif question and _names_model(subject) and _local_term(term):
            question = in_context(question, subject, body)  # ``LeNet：什么是卷积编码器？``
    if question:
        yield Hit(ctx.card(question, body, confidence=0.65), claims=claims)


def _lead_sentence(ctx: Context) -> tuple[str | None, str]:
    """The last sentence of the paragraph right before the item's list, split at its colon
    (:func:`~notecards.extract.lang.lead_in.split_colon`); (None, "") when no paragraph is."""
    block = ctx.block
    start = ctx.doc.blocks[block.list_id - 1] if block.list_id > 0 else None
    if start is None or start.kind is not BlockKind.PARAGRAPH or not start.sentences:
        return None, ""
    return split_colon(clean_inline(start.sentences[-1].text))


def _list_subject(ctx: Context, lead: str | None) -> str:
    """What the item's list is about: the subject its lead-in (``lead``: the sentence before the
    list, up to its colon) names, else the heading's."""
    block = ctx.block
    asked = lead_in_question(lead, "", ctx.cut) if lead else None
    if asked and (owner := _OWNER.match(asked[0])):
        return owner.group(1)
    # A heading that names one thing (``## QLoRA``, ``### Tutte 定理``) is the subject; any
    # other (``Bonus``, ``标题&作者``, ``Embeddings and Softmax``) is a place in the note, and
    # the note's topic says what the item is about.
    named = section_topic(block.heading_path, ctx.topic, ctx.doc.title)
    if named:
        return named
    subject = subject_from(block.heading_path, ctx.doc.title)
    return "" if _PHRASE_HEADING.search(subject) else subject


_PHRASE_HEADING = re.compile(rf"[&、，,/]|与|和|及|关系|[{CJK}]{{11,}}|(?:\S+\s+){{4}}\S")
"""A heading that joins several things or runs as long as a clause."""

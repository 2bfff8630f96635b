"""The topic of a note: the short name a card uses to say what it is about (``ViT``, ``World
Models``, ``MoCo``), from its title, its file name or the name it keeps coming back to."""

from __future__ import annotations

import functools
import re
from collections import Counter

from notecards.extract.lang.file_name import (
    MAX_NAME_CHARS,
    file_name_mentions,
    glossed,
    in_chinese,
    model_name,
    shaped,
    times_written,
    written_as_name,
)
from notecards.extract.lang.text import (
    CJK,
    HAN,
    clean_inline,
    is_generic_heading,
    strip_section_number,
    topic_of,
    unlink,
)
from notecards.model import BlockKind, Document

MAX_TOPIC_CHARS = MAX_NAME_CHARS
"""A topic longer than this is a sentence-long title, too long to open a card with."""
MAX_TITLE_TOPIC_CHARS = 60
"""…unless nothing shorter names the note: a title up to this long (``Stand-Alone Self-Attention
in Vision Models``) is then the topic, long as it is; a front that names its paper at length
stands alone, one that names nothing does not."""
NOTE_WORDS = ("论文笔记", "读书笔记", "学习笔记", "阅读笔记", "笔记", "总结", "paper notes",
              "reading notes", "notes", "summary")  # fmt: skip
"""``MoCo 笔记``, ``BERT notes``: what a title says of the note rather than of its subject."""


_TITLE_TAIL = re.compile(r"(?<!\s)\s+(?:for|in|with|via|using|through|from|on)\s", re.IGNORECASE)
"""Where a paper's title goes on from its idea to where it applies (``… for Neural Machine
Translation``)."""


def _title_head(title: str) -> str:
    """``title`` if it is at most :data:`MAX_TITLE_TOPIC_CHARS` long, else its head before the
    last of its tails (:data:`_TITLE_TAIL`) that makes it so, of three words or more; else ''."""
    if len(title) <= MAX_TITLE_TOPIC_CHARS:
        return title
    heads = [title[: m.start()] for m in _TITLE_TAIL.finditer(title)]
    fits = [h for h in heads if len(h) <= MAX_TITLE_TOPIC_CHARS and len(h.split()) >= 3]
    return fits[-1] if fits else ""


def _without_note_words(title: str) -> str:
    folded = title.casefold().rstrip()
    for word in NOTE_WORDS:
        if folded.endswith(word) and len(folded) > len(word):
            return title.rstrip()[: -len(word)].rstrip(" -:：")
    return title


def _without_year(title: str) -> str:
    """``World Models (2018)`` → ``World Models``."""
    stripped = title.rstrip()
    inner = stripped[-5:-1]
    if len(stripped) > 6 and stripped[-1] in ")）" and stripped[-6] in "(（" and inner.isdigit():
        return stripped[:-6].rstrip()
    return title


SERIES = re.compile(
    r"[（(]\s*(?:[一二三四五六七八九十]+|\d{1,2}|[上中下])\s*[）)]\s*[-—–:：]"
    r"|\b(?:Part|Vol\.?|Episode)\s*\d+\s*[-—–:：]",
    re.IGNORECASE,
)
"""A post's number in a series before its subtitle (``…原理综述（一）-背景、…``, ``Part 2: …``):
the title names the series, not one subject."""
_NAME = re.compile(r"\b[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*\b")
"""An acronym or CamelCase name (``ULMFiT``, ``DQN``, ``MDN-RNN``)."""
OPENING_CHARS = 600
"""The note's opening, where its main name is introduced."""


ALIAS_KEYS = ("aliases", "alias")
"""Front matter keys (Obsidian's) naming other names of the note's subject."""


def note_topic(doc: Document) -> str:
    """The note's topic: its title (or first heading) as a short name, without a year or a word
    about the note itself (``MoCo 笔记``). For a slug, a sentence-long paper title or a post of a
    series, the first of: its front matter ``aliases:``, the file's name as the note writes it
    (written once as a plain word, after the glossing term), the term a wiki page's lead defines,
    the name the opening says the paper introduces, the Chinese term glossing the file's name,
    the term the lead under a generic first heading defines, the acronym said most, the title's
    acronym, the title itself up to :data:`MAX_TITLE_TOPIC_CHARS` (or its head, :func:`_title_head`);
    empty when none, or when that too names a series."""
    heading = _title_heading(doc)
    topic = _without_note_words(_without_year(topic_of(doc.title, heading))).strip()
    stem, text = doc.note.source.path.stem, doc.note.text
    mentions = None  # where the note says its file's name: searched once, when first needed
    if heading and doc.title == stem and _opens_sections(doc):
        # "## 描述" opening a page of "##" sections titles its first section: the file's name
        mentions = file_name_mentions(stem, text)
        named = written_as_name(mentions)
        gloss = glossed(mentions, text) if named else ""
        # unless the heading names it (``Pick 定理``) or is its Chinese name (恩特林格数)
        if named and named.casefold() not in topic.casefold() and topic not in gloss:
            # "Huffman Tree" of a Chinese page: the Chinese name it gives (霍夫曼树)
            chinese = in_chinese(named, text) and _chinese_name(doc, gloss, named)
            topic = chinese or named
    if not topic or topic == stem or len(topic) > MAX_TOPIC_CHARS or SERIES.search(topic):
        # A slug, a sentence-long paper title or a post of a series: the note's own name
        title = _title_head(topic) if topic != stem else ""
        topic = _alias(doc)
        if not topic:
            if mentions is None:
                mentions = file_name_mentions(stem, text)
            named = written_as_name(mentions)
            # a plain word written once (a reference's link) names it less than its own terms
            once = times_written(mentions, named) < 2
            weak = named if named and once and not shaped(named.split()[0]) else ""
            gloss = glossed(mentions, text)
            if in_chinese(named, text):
                # "Quadratic", "Group Theory" of a Chinese page: the Chinese name it gives
                weak = named if _chinese_name(doc, gloss, named) else weak
            topic = (
                (named if not weak else "")
                or _lead_subject(doc)
                or _introduced(doc)
                or gloss
                or weak
                or _lead_subject(doc, headings=1)
                or _main_name(doc)
                or _title_acronym(doc)
                or title
            )
        if SERIES.search(topic):
            return ""  # an alias or the file may be named for the series too
    elif topic and not any(shaped(word) for word in topic.split()):
        # "Visual Instruction Tuning" in notes__032_llava.md, which says LLaVA again and again:
        # the paper's name is the model's, not its descriptive title (judges: "name LLaVA")
        if mentions is None:
            mentions = file_name_mentions(stem, text)
        topic = model_name(mentions, topic) or topic
    return topic


_LEAD = re.compile(
    r"^\*\*(?P<bold>[^*\n]{1,20})\*\*\s*(?:[（(][^）)\n]{0,80}[）)])?\s*[，,]?\s*"
    r"(?:又称|也称|即|是|为|指|称为|，|,|\bis\b|\bare\b|\brefers to\b)"
    rf"|^(?P<plain>[A-Za-z][\w+#.\- ]{{0,20}}?|[{CJK}]{{1,8}})\s*(?:[（(][^）)\n]{{0,80}}[）)])"
    rf"(?P<tail>(?!的)[{CJK}]{{1,4}}?)?\s*(?:是|为|指|，即|,\s*即|，又称)"
    r"|^(?P<named>[A-Z][\w+#.\-]{1,20})\s*[，,]\s*即"
    r"|^(?:本页面|本页|本文|本节|本章)(?:将|会|主要)*(?:简要|简单)?地?(?:介绍|讲解|讨论)了?\s*"
    r"(?P<announced>[^，。．,;；\s（(][^，。．,;；（(]{1,13}?)\s*(?:[（(][^）)\n]*[）)])?\s*[，。．,;；]"
    rf"|^(?P<defined>[{CJK}][{CJK}A-Za-z0-9 ]{{1,9}}?)\s*"
    r"(?:，就是|，即|，又称|是指|指的是|是一种|是一类|是一个|是)"
)
"""The opening of a wiki page's lead sentence, which defines or announces the page's subject:
``**进位制**，又称…``, ``类（class）是…``, ``Interactor，即交互器``, ``本页面将简要介绍堆排序．``,
``区间类动态规划是…``."""
LEAD_BLOCKS = 4
"""How many blocks into a note its lead sentence may stand (after notices, images)."""


def _lead_subject(doc: Document, headings: int = 0) -> str:
    """The term the note's first paragraph opens by defining, as a wiki page's lead does; with
    ``headings=1``, also under a generic first heading (``## 引入`` / ``线段树是…``)."""
    for block in doc.blocks[:LEAD_BLOCKS]:
        if block.kind is BlockKind.HEADING:
            headings -= 1
            if headings < 0 or not is_generic_heading(block.text):
                return ""  # "## 算术运算符" opens a section of its own, not the page's lead
            continue
        if block.kind is not BlockKind.PARAGRAPH or _METADATA.match(block.text):
            continue
        match = _LEAD.match(block.text.lstrip())
        if not match:
            return ""
        term = next(t for t in match.groups() if t)
        if match["tail"]:
            # "AC（Aho–Corasick）自动机是…": the name goes on past its gloss
            term = f"{term} {match['tail']}" if term.isascii() else term + match["tail"]
        if _NOT_SUBJECT.search(term):
            return ""  # "这是…", "时间复杂度和空间复杂度是…": no one subject
        term = re.sub(r"\s*[（(][^）)]*[）)]\s*$", "", term).replace("\\", "").strip()
        term = term[1:-1] if term.startswith("[") and term.endswith("]") else term  # a link's text
        return term if len(term) >= 2 or HAN.match(term) else ""
    return ""


_NOT_SUBJECT = re.compile(r"^(?:它|其|该|此|本|我|你|他|一)|[和与及或的为这那]|如何")
"""A lead that opens on a pronoun, joins two things or asks how names no one subject."""
_METADATA = re.compile(
    r"^(?:author|authors|title|disqus|tags|date|前置知识|prerequisites?)\s*[:：]", re.IGNORECASE
)
"""A line of page metadata a saved wiki page opens with (``author: …``)."""


def _title_heading(doc: Document) -> str:
    """The heading that titles the note: the first, when it opens the note or no other heading
    shares its level (a page whose text is followed by ``## 安装``, ``## 配置`` sections has
    none: its first section names no topic)."""
    headings = [b for b in doc.blocks if b.kind is BlockKind.HEADING]
    if not headings:
        return ""
    first = headings[0]
    if first is doc.blocks[0]:
        return first.text
    top = min(b.level for b in headings)
    if first.level != top or sum(b.level == top for b in headings) > 1:
        return ""
    return first.text


def _opens_sections(doc: Document) -> bool:
    """Whether the note opens on a heading followed by others of its level (its first section's)."""
    first = doc.blocks[0] if doc.blocks else None
    if first is None or first.kind is not BlockKind.HEADING or first.level == 1:
        return False
    return any(b.kind is BlockKind.HEADING and b.level == first.level for b in doc.blocks[1:])


def _alias(doc: Document) -> str:
    """The first of the note's front matter ``aliases:`` short enough to be a topic (a YAML list
    reaches here joined with ``, ``)."""
    for key, value in doc.note.source.front_matter:
        if key.lower() in ALIAS_KEYS:
            for alias in value.split(","):
                if 0 < len(alias.strip()) <= MAX_TOPIC_CHARS:
                    return alias.strip()
    return ""


@functools.lru_cache(maxsize=4)
def _name_counts(text: str) -> tuple[tuple[str, int], ...]:
    """Each acronym or CamelCase name (:data:`_NAME`) the text says, with how often: counted
    once for :func:`_main_name` and :func:`_title_acronym`, both tried on the same note."""
    return tuple(Counter(m.group(0) for m in _NAME.finditer(text)).items())


def _main_name(doc: Document) -> str:
    """The name the note is about when its title gives none: the acronym or CamelCase name it
    says most (at least three times, twice as often as any other), provided its opening says
    it too and its file name or a heading names it, or its opening introduces it with its
    expansion (not a tool it uses throughout: DFS)."""
    text = doc.note.text
    counts = _name_counts(text)
    if not counts:
        return ""
    ranked = sorted(counts, key=lambda kv: (-kv[1], text.find(kv[0])))
    name, count = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    # A note about several things (a survey, a blog post) has no one name: it must dominate.
    if count < 3 or count < 2 * runner_up:
        return ""
    # A paper note introduces its method's name with its expansion (deep Q-network (DQN)),
    # perhaps after an author list: the name it then says throughout.
    introduced = re.compile(rf"[A-Za-z][\w-]*(?: [\w-]+)+ \({re.escape(name)}\)")
    if introduced.search(text[: 3 * OPENING_CHARS]):
        return name
    if name not in text[:OPENING_CHARS]:
        return ""
    # as a word of the name or a heading (not "ab" in conditional-probability)
    word = re.compile(rf"(?<![a-z0-9]){re.escape(name.casefold())}(?![a-z0-9])")
    named_in = [doc.note.source.path.stem, doc.title]
    named_in += [b.text for b in doc.blocks if b.kind is BlockKind.HEADING]
    return name if any(word.search(where.casefold()) for where in named_in) else ""


_INTRODUCES = re.compile(
    r"\b(?:[Tt]his (?:paper|work)|[Tt]he (?:paper|authors)|[Ww]e)\s+(?:introduces?|proposes?|presents?)"
    r"\s+(?:(?:a|an|the)\s+)?(?:(?:new|novel)\s+)?(?:\w+\s+){0,3}?(?:called\s+|named\s+)?"
    r"(?P<name>[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*|[A-Z][a-z]+[A-Z][A-Za-z0-9]*)"
    r"(?=[\s,.(]|$)"
)
"""``This paper introduces ELMo (…)``, ``We propose a new model called BYOL``: a paper note's
opening naming what the paper proposes."""


def _introduced(doc: Document) -> str:
    """The name the note's opening says the paper introduces or proposes (``This paper
    introduces ELMo``)."""
    match = _INTRODUCES.search(doc.note.text[:OPENING_CHARS])
    return match.group("name") if match else ""


_TITLE_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_MINOR_WORDS = frozenset(("a", "an", "the", "of", "for", "in", "on", "at", "to", "and", "or", "with",
                         "from", "by", "via"))  # fmt: skip
"""Words a title's acronym skips (``Universal Language Model Fine-tuning for Text …``)."""


def _title_acronym(doc: Document) -> str:
    """The acronym the note uses for its sentence-long English title, its capitals the initials
    of the title's opening words (``Universal Language Model Fine-tuning …`` → ``ULMFiT``):
    at least three of them, and said at least twice."""
    words = [w for w in _TITLE_WORD.findall(doc.title) if w.casefold() not in _MINOR_WORDS]
    initials = "".join(w[0] for w in words).upper()
    for name, count in sorted(_name_counts(doc.note.text), key=lambda kv: (-kv[1], kv[0])):
        capitals = "".join(ch for ch in name if ch.isupper())
        if count >= 2 and len(capitals) >= 3 and initials.startswith(capitals):
            return name
    return ""


_PART = re.compile(r"^\s*(?:Part|Chapter|Section|Step)\s*\d+\s*[.:：、]?\s*", re.IGNORECASE)
"""``Part6. ViT模型``: the running number some notes give their sections."""
_LATIN_NAME = re.compile(
    r"(?P<name>[A-Za-z][A-Za-z0-9_.·+\-–]*(?:\s[A-Z0-9][A-Za-z0-9_.·+\-–]*){0,2})"
    rf"(?:\s*(?P<kind>[{CJK}]{{1,4}}))?\s*$"
)
"""A heading that is a name: Latin words, in Chinese headings maybe followed by what the name
is (``ViT模型``, ``Dijkstra 算法``, ``MoCo方法``)."""
GENERIC_KINDS = frozenset(
    {"模型", "方法", "框架", "网络", "结构", "架构", "技术", "原理", "简介", "介绍"}
)
"""Words a Chinese heading adds after a name to say what kind of thing it names (``ViT模型``): the
name alone says it."""
_NOT_KIND = re.compile(r"[的中与和及或之]")
"""A heading going on after its name with one of these says something about it (``CLIP的局限
性``), not what it is."""


MIN_GLOSS_CHARS = 3
"""A Chinese gloss of one English word names the page only when this long: two characters are
as often a verb or a part of the name (``伸展（splay）操作``) as its Chinese name."""


def _chinese_name(doc: Document, gloss: str, named: str) -> str:
    """The Chinese name of a page the file names in English: the term its lead defines or
    announces, or ``gloss``, the Chinese word glossing the file's name (of two words, or one
    gloss of :data:`MIN_GLOSS_CHARS`); '' when none."""
    lead = _lead_subject(doc) or _introduced(doc)
    if lead:
        return lead
    return gloss if len(gloss) >= MIN_GLOSS_CHARS or " " in named else ""


@functools.lru_cache(maxsize=4096)  # each card of a section asks it of the same headings
def heading_name(heading: str) -> str:
    """The name a section heading gives its section (``## QLoRA`` → ``QLoRA``, ``## GPT-3:
    Language Models are Few-Shot Learners`` → ``GPT-3``, ``## Part6. ViT模型`` → ``ViT``,
    ``### Tutte 定理`` → ``Tutte 定理``), or empty when it names no one thing (``## 背景``,
    ``## Summary``, ``## Positional Encoding``)."""
    text = _PART.sub("", strip_section_number(clean_inline(unlink(heading))).rstrip(" ¶#"))
    head = re.match(r"([^:：]{1,30}?)\s*[:：]\s*\S", text)
    if head:
        text = head.group(1)  # "GPT-2: Language Models are …": the name before the colon
    match = _LATIN_NAME.fullmatch(text.strip())
    if not match or len(match.group("name")) > MAX_TOPIC_CHARS:
        return ""
    name, kind = match.group("name"), match.group("kind")
    if kind is None:
        # "Summary", "Positional Encoding": English headings start on a capital
        return name if shaped(name.split()[0]) else ""
    if _NOT_KIND.search(kind):
        return ""
    return name if kind in GENERIC_KINDS else text.strip()  # "Tutte 定理", "AVL 树"


def section_topic(heading_path: tuple[str, ...], topic: str, title: str = "") -> str:
    """What a card of the section at ``heading_path`` is about: the innermost heading that is a
    name (a survey note's ``## QLoRA``, a paper trilogy's ``## GPT-3: …``) other than the note's
    own title, else the note's ``topic``."""
    for heading in reversed(heading_path):
        if title and heading.strip() == title.strip():
            break
        name = heading_name(heading)
        if name:
            return name
    return topic

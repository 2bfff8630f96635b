"""The named features of a candidate sentence, in order. Each is a function of the sentence and
its note that returns a number in [0, 1]; its one-line docstring says what text it measures.
Weights (:mod:`notecards.extract.ranking.score`) turn them into one score; ``--explain`` shows the
features that decided it.

A feature list is data: :data:`FEATURES` can be extended, reordered or filtered by name; the
fitted weights name the features they were fitted for, and a feature without a weight counts 0.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import compress, repeat

from notecards.extract.ranking.candidates import Candidate, NoteView
from notecards.model import BlockKind
from notecards.patterns import INLINE_MATH
from notecards.prefilter import quick

FeatureFn = Callable[[Candidate, NoteView], float]


@dataclass(frozen=True, slots=True)
class Feature:
    """One named feature."""

    name: str
    """Stable name: the key of its weight and what ``--explain`` prints."""
    fn: FeatureFn
    """Computes it; must not raise on any sentence."""

    @property
    def description(self) -> str:
        """The first line of the function's docstring."""
        return (self.fn.__doc__ or self.name).strip().splitlines()[0]


def _has(pattern: str, flags: int = re.IGNORECASE) -> FeatureFn:
    """A feature that is 1 when ``pattern`` searches the sentence. Case-insensitive patterns
    search the case-folded text without the flag (speed: IGNORECASE slows every alternative)."""
    if flags & re.IGNORECASE:
        search = quick(re.compile(pattern, flags & ~re.IGNORECASE)).search

        def found(c: Candidate, note: NoteView) -> float:
            return 1.0 if search(c.folded) else 0.0

        return found
    search = quick(re.compile(pattern, flags)).search

    def found_cased(c: Candidate, note: NoteView) -> float:
        return 1.0 if search(c.plain) else 0.0

    return found_cased


def _described(fn: FeatureFn, doc: str) -> FeatureFn:
    fn.__doc__ = doc
    return fn


definition_shape = _described(
    _has(
        r"^(?:the\s+|an?\s+)?[\w()\-/ ]{1,60}?\s+(?:is|are|refers to|is defined as|stands for|means)"
        r"\s+(?:an?|the|one|a kind of|a type of)\b"
        r"|(?:是指|指的是|是一种|是一个|是一类|定义为|称为|称作|叫做|被称为|即为)"
    ),
    "A definition: `X is a/the …`, `X refers to`, `X 是指 / 是一种 / 称为`.",
)
role_shape = _described(
    _has(
        r"\b(?:the\s+)?(?:role|aim|purpose|objective|goal|function|idea|intuition|motivation)"
        r"\s+of\b|\bis used (?:to|for)\b|\bused to\b|\ballows?\b|\benables?\b"
        r"|作用|目的|用于|用来|负责|使得|旨在"
    ),
    "A role or purpose: `the aim of X`, `X is used to`, `作用 / 用于 / 目的`.",
)
claim_cue = _described(
    _has(
        r"\b(?:key|main|core|crucial|essential|central|novel|propose[sd]?|introduce[sd]?|"
        r"because|therefore|thus|hence|so that|limitation|advantage|drawback|disadvantage|"
        r"benefit|problem|outperform\w*|improve[sd]?|achieve[sd]?|state[- ]of[- ]the[- ]art|"
        r"instead of|rather than|unlike|compared (?:to|with)|better|worse|faster|fewer|"
        r"find|found|show[sn]?)\b"
        r"|核心|主要|本质|提出|优点|缺点|优势|不足|问题在于|关键|因此|所以|由于|因为|相比|"
        r"优于|提升|提高|降低|减少|解决|避免|区别|不同于|而不是|发现|证明|实现"
    ),
    "A claim cue: `key`, `main`, `we propose`, `because`, `limitation`, `核心 / 主要 / 提出 / 优点`.",
)
enumeration_shape = _described(
    _has(
        r"\b(?:two|three|four|five|several)\s+(?:\w+\s+)?(?:parts|stages|steps|components|"
        r"types|kinds|ways|variants|terms|losses|problems|tasks|phases|modules)\b"
        r"|\b(?:consists? of|is made up of|is composed of|comprises?|includes?)\b"
        r"|[两二三四五六七八九几多]+(?:个|种|类|步|部分|阶段|方面|点)|包括|包含|组成|分为"
    ),
    "An enumeration: `consists of`, `three stages`, `包括 / 由…组成 / 两种`.",
)
colon_definition = _described(
    _has(r"^[\w\-()（） ]{1,40}[:：]\s*(?:an?|the|one)?\s*\w+"),
    "A labelled definition: `Term: an explanation`, `术语：解释`.",
)
mechanism = _described(
    _has(
        r"\b(?:prevents?|reduces?|increases?|avoids?|leads? to|results? in|causes?|"
        r"makes?|helps?|removes?|replaces?|predicts?|learns?|encodes?|maps?|computes?)\b"
        r"|防止|导致|使得|避免|取代|预测|学习|编码|映射|计算"
    ),
    "A mechanism: what something does (`prevents`, `reduces`, `learns`, `防止 / 导致 / 预测`).",
)
number_result = _described(
    _has(
        r"\d(?:[\d.,]*\d)?\s*(?:%|％|x\b|×|倍|times\b|points?\b|BLEU|FID|accuracy|top-?1|"
        r"[kKMBG]\b|ms\b|个百分点)"
    ),
    "A result number with its unit: `7.27 FID`, `10000倍`, `65%`, `3x`.",
)


def title_overlap(c: Candidate, note: NoteView) -> float:
    """Share of the title's term words the sentence mentions (what the note is about)."""
    title = note.about_words
    if not title:
        return 0.0
    return sum(1 for w in title if w in c.folded) / len(title)


def heading_overlap(c: Candidate, note: NoteView) -> float:
    """Whether the sentence names a word of its own section heading."""
    if not c.heading_path:
        return 0.0
    words = note.heading_words(c.heading_path[-1])
    return 1.0 if any(w in c.folded for w in words) else 0.0


_TERM = re.compile(
    r"\b(?:[A-Z]{2,}[A-Za-z0-9]*|[A-Z][a-z]+[A-Z]\w*|\w+-\w+|[A-Z][a-z]{2,}(?=\s+[A-Z]))"
)


_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9-]{1,}")


def term_density(c: Candidate, note: NoteView) -> float:
    """How many technical terms it names: acronyms, CamelCase, hyphenated words (saturates at 3)."""
    found = len(_TERM.findall(c.plain))
    if c.lang != "en":
        found += len(_LATIN_WORD.findall(c.plain)) // 2
    return min(found, 3) / 3


def note_salience(c: Candidate, note: NoteView) -> float:
    """How central its words are to this note: the best count of a word it shares with the
    rest of the note (log-scaled, saturates at 8 mentions)."""
    counts = note.term_counts
    # The tokens the note counts, found at C level first: most are not counted (speed).
    words = c.words | {t for t in filter(counts.__contains__, c.tokens) if len(t) >= 2}
    best = max(map(counts.get, words, repeat(0)), default=0)
    return min(math.log1p(max(best - 1, 0)) / math.log(8), 1.0)


_TWO_OR_MORE = re.compile(r"..", re.DOTALL).match
"""Matches a text of two characters or more (at its start)."""
_UNKNOWN = math.nan
"""A word the note's IDF table has not met (no IDF is NaN)."""


def rare_words(c: Candidate, note: NoteView) -> float:
    """Mean rarity of its Chinese words in jieba's IDF table (0 for English-only sentences)."""
    tokens, known = c.tokens, note.idfs
    # The words of two characters or more, picked and looked up in the note's table at C level
    # (speed); a word the note has not met yet is looked up in jieba's.
    words = list(compress(tokens, map(_TWO_OR_MORE, tokens)))
    looked_up = list(map(known.get, words, repeat(_UNKNOWN)))
    if _UNKNOWN in looked_up:
        idf_of = c.cut.idf_of
        for at, word in enumerate(words):
            if looked_up[at] is _UNKNOWN:
                looked_up[at] = known[word] = idf_of(word)
    values = [v for v in looked_up if v is not None]
    if not values:
        return 0.0
    return min(max((sum(values) / len(values) - 6.0) / 6.0, 0.0), 1.0)


def first_in_section(c: Candidate, note: NoteView) -> float:
    """The first sentence under its heading (sections often open with their point)."""
    return 1.0 if c.first_in_section else 0.0


def first_in_block(c: Candidate, note: NoteView) -> float:
    """The first sentence of its paragraph or list item."""
    return 1.0 if c.first_in_block else 0.0


def list_item(c: Candidate, note: NoteView) -> float:
    """A sentence of a list item (bullets hold condensed points)."""
    return 1.0 if c.kind is BlockKind.ITEM else 0.0


def length_fit(c: Candidate, note: NoteView) -> float:
    """How close its length is to a card-sized sentence (about 40–200 characters)."""
    size = c.size
    if size < 20:
        return 0.0
    if size < 50:
        return (size - 20) / 30
    if size <= 260:
        return 1.0
    return max(0.0, 1.0 - (size - 260) / 300)


# --- penalties (their fitted weights come out negative) --------------------------------------

narration = _described(
    _has(
        r"\b(?:this|the) (?:paper|work|article|post|note|section|blog)\b|\bthe authors?\b"
        r"|\bauthors (?:present|propose|show)|\bin this (?:paper|work)\b|\bappendix\b"
        r"|本文|这篇|文章|论文中|笔记|下文|上文|如下|如图|见图|下图|上图|附录|链接|参考"
    ),
    "Narration about the text itself: `this paper`, `the authors`, `本文 / 如下图 / 附录`.",
)
first_person = _described(
    _has(r"\b(?:I|I'm|I've|my|me)\b|我|笔者|个人(?:觉得|认为|理解)", 0),
    "First-person chatter: `I think`, `my`, `我 / 笔者`.",
)
question = _described(
    _has(r"[?？]\s*$|^(?:why|how|what|when|which|who|是否|为什么|怎么|如何)\b"),
    "A question rather than a statement.",
)
hedge = _described(
    _has(
        r"\b(?:maybe|perhaps|might|probably|possibly|seems?|i think|i guess|not sure|unclear)\b"
        r"|可能|似乎|大概|也许|应该是|感觉|猜测|不太清楚"
    ),
    "A hedge: `maybe`, `might`, `seems`, `可能 / 似乎 / 感觉`.",
)
PRONOUN_START = re.compile(
    r"^(?:it|this|these|that|those|they|he|she|such|here|there|its|their)\b"
    r"|^(?:它|这|该|其|此|他们|她们|上述|以上|下面)",
    re.IGNORECASE,
)
"""A sentence opening on a pronoun whose referent is elsewhere."""


def pronoun_start(c: Candidate, note: NoteView) -> float:
    """Opens on a pronoun (`It`, `This`, `They`, `它 / 这 / 该`): its subject is elsewhere."""
    return 1.0 if PRONOUN_START.search(c.plain) else 0.0


fragment = _described(
    _has(r"[:：]\s*$|^\W*$|^(?:e\.g\.|i\.e\.|for example|such as|例如|比如)\b"),
    "A fragment: a lead-in ending in a colon, an example opener, no words.",
)
markup_heavy = _described(
    _has(r"https?://|www\.|\$[^$]{25,}\$|`[^`]{25,}`|\|.*\|"),
    "Mostly a link, a long formula or code.",
)

derivation_step = _described(
    _has(
        r"^(?:显然|注意到|至此|于是|不难|易知|易得|同理|代入|故|则|那么|接着|此时|这时)"
        r"|可得|得证|归纳假设|由此可得|不妨设|不妨假设"
        r"|\b(?:we (?:have|get|obtain)|plugging|substituting|it follows|by induction|"
        r"without loss of generality|note that|observe that|clearly|obviously)\b"
    ),
    "A step of a derivation or proof: `显然 / 注意到 / 代入 / 可得`, `we have`, `it follows`.",
)
_MATH_SPAN = re.compile(rf"\\\(.+?\\\)|{INLINE_MATH}")


def math_symbols(c: Candidate, note: NoteView) -> float:
    """How much of it is inline math (symbols defined elsewhere): two formulas or more is 1."""
    return min(len(_MATH_SPAN.findall(c.text)), 2) / 2


tool_ui = _described(
    _has(
        r"菜单|按钮|点击|单击|终端|命令行|控制台|快捷键|插件|编辑器|安装|下载|镜像|实例|账户|账号|"
        r"密钥|浏览器|仓库|目录|文件夹|\b(?:button|menu|click|console|terminal|command line|"
        r"shortcut|plugin|editor|install(?:ed|ing)?|download|instance|account|browser|notebook|"
        r"jupyter|pip|conda|repository|folder|directory)\b"
    ),
    "Tools and their interface: `菜单 / 点击 / 安装 / 终端`, `click`, `install`, `terminal`.",
)
example_opening = _described(
    _has(
        r"^(?:例如|比如|举个例子|举例来说|譬如|假设|设想|考虑|以.{1,12}为例)"
        r"|^(?:for (?:example|instance)|e\.g\.|in the case of|consider|imagine|suppose|say)\b"
    ),
    "Opens an example: `例如 / 比如 / 假设`, `for instance`, `consider`, `imagine`.",
)
self_reference = _described(
    _has(
        r"本页|本章|本节|本书|本教程|本项目|本条目|本站|这一章|这一节|下一章|上一章"
        r"|\bthis (?:book|chapter|section|page|tutorial)\b|\bthe present (?:section|chapter)\b"
        r"|\b(?:previous|next|following) (?:section|chapter)\b|\blater in\b"
    ),
    "Speaks of the book or page itself: `本章 / 本页面 / 上一章`, `this chapter`, `the next section`.",
)


FEATURES: tuple[Feature, ...] = tuple(
    Feature(name, fn)
    for name, fn in (
        ("definition_shape", definition_shape),
        ("role_shape", role_shape),
        ("claim_cue", claim_cue),
        ("enumeration_shape", enumeration_shape),
        ("colon_definition", colon_definition),
        ("mechanism", mechanism),
        ("number_result", number_result),
        ("title_overlap", title_overlap),
        ("heading_overlap", heading_overlap),
        ("term_density", term_density),
        ("note_salience", note_salience),
        ("rare_words", rare_words),
        ("first_in_section", first_in_section),
        ("first_in_block", first_in_block),
        ("list_item", list_item),
        ("length_fit", length_fit),
        ("narration", narration),
        ("first_person", first_person),
        ("question", question),
        ("hedge", hedge),
        ("pronoun_start", pronoun_start),
        ("fragment", fragment),
        ("markup_heavy", markup_heavy),
        ("derivation_step", derivation_step),
        ("math_symbols", math_symbols),
        ("tool_ui", tool_ui),
        ("example_opening", example_opening),
        ("self_reference", self_reference),
    )
)
"""The built-in features, in order."""


def vector(
    c: Candidate, note: NoteView, features: tuple[Feature, ...] = FEATURES
) -> tuple[float, ...]:
    """The candidate's value for each feature, in order."""
    return tuple([f.fn(c, note) for f in features])

"""Term shapes and vocabulary shared by the sentence rules and the quality gates: lead-ins to
skip, what can be a term, sentences that point outside themselves (markup to strip is
:mod:`~notecards.extract.lang.markup`, cloze deletions :mod:`~notecards.extract.lang.cloze`)."""

from __future__ import annotations

import functools
import re

from notecards.extract.lang.markup import XREF as XREF  # re-exported: the gates, ranking
from notecards.extract.lang.markup import plain
from notecards.extract.lang.markup import strip_d2l as strip_d2l  # re-exported: the gates
from notecards.extract.lang.text import CJK, HAN
from notecards.model import Tokenizer
from notecards.patterns import CODE_SPAN, DOLLAR_SPAN, EN_WORD
from notecards.patterns import alternation as _alt

# --- Vocabulary ------------------------------------------------------------------------------

PRONOUNS_ZH = (
    "它们", "它", "这些", "这个", "这种", "这样", "这里", "这一", "这", "那些", "那个", "那种",
    "那", "该", "此", "其", "他们", "她们", "他", "她", "我们", "你们", "我", "你", "您",
    "咱们", "上述", "前者", "后者", "上面", "下面", "以上", "以下", "后面", "前面", "本文",
    "本节", "本章", "本书", "其中", "本次", "此次", "这次", "本题", "此题", "该题", "本例", "上式",
    "下式", "该式", "本页", "本页面",
)  # fmt: skip
"""Words that point outside the sentence; a term or question built on them cannot stand alone
(gates ``pronoun-term`` and ``dangling-reference``)."""

SCENE_POINTERS_ZH = (
    "在这里",
    "在此",
    "此处",
    "在本例中",
    "在这种情况下",
    "在这个例子中",
    "其中",
    "这时",
    "一个是",
    "另一个是",
    "式中",
)
"""Openers that set a scene only the surrounding text explains (gate ``dangling-reference``);
``式中`` (in the formula) names one the card does not show."""

POINTER_TOKENS_ZH = (
    "它",
    "它们",
    "他们",
    "这些",
    "这个",
    "这种",
    "这",
    "此",
    "该",
    "其",
    "这里",
    "上述",
)
"""Tokens that, in the first clause of a cloze sentence, point outside it."""

PRONOUNS_EN = (
    "it", "its", "this", "these", "that", "those", "they", "them", "their", "he", "she", "we",
    "you", "i", "our", "your", "his", "her", "here", "there", "such", "above", "below",
    "former", "latter", "us",
)  # fmt: skip
"""English words that point outside the sentence (same gates as :data:`PRONOUNS_ZH`)."""

CLAUSE_WORDS_ZH = (
    "如果", "假如", "若", "因为", "由于", "虽然", "尽管", "但", "但是", "而", "所以",
    "因此", "于是", "可以", "可能", "能够", "能", "会", "将", "要", "需要", "应该", "应",
    "必须", "不", "没有", "没", "也", "都", "就", "还", "只", "又", "才", "并", "已经", "正在",
    "在", "把", "被", "对", "让", "使", "给", "从", "向", "当", "时", "如", "则", "即", "便",
    "唯一", "最", "更", "很", "非常", "每", "每个", "所有", "许多", "很多", "一些", "有些",
    "什么", "怎么", "如何", "为什么", "哪", "哪些", "接下来", "现在", "然后", "首先", "最后",
    "其次", "第一", "第二", "第三", "通常", "一般", "往往", "总是", "经常", "有时", "例如",
    "比如", "是", "有", "得", "了", "吗", "呢", "吧", "与其", "只是", "正是",
    "实际", "实际上", "事实上", "显然", "注意", "幸运", "不幸", "另一个", "一个", "另",
    "其他", "其余", "更好", "好", "重要", "主要", "关键", "唯一", "真正", "所谓", "以及",
    "为何", "刚好", "恰好", "正好", "均", "仍", "仍然", "依然", "确实", "其实", "本身", "同样",
    "始终", "一直", "几乎", "完全", "除了", "通过", "根据", "按照", "考虑", "回顾", "看看",
    "介绍", "讨论", "下面", "上面", "以下", "以上", "这里", "那里", "对于", "特别", "尤其",
    "下一步", "上一步", "一度", "曾经", "已", "正", "和", "与", "及", "或", "或者", "这是",
    "那是", "就是", "还是", "只是", "而是", "也是", "都是", "便是", "即是", "要么", "或是",
    "不仅", "而且", "只要", "只有", "除非", "无论", "不管", "即使", "哪怕", "于是", "今天",
    "目前", "如今", "当前", "之前", "之后", "以前", "以后", "此时", "此外", "不会", "不能",
    "不再", "无法", "仅", "仅仅", "只能", "只会", "包括", "为了", "不足以", "旨在", "允许",
    "选取", "选择", "使用", "利用", "采用",
)  # fmt: skip
"""Tokens that show a would-be term at the start of a Chinese sentence is really a clause
(``如果这是…``, ``唯一的区别是…``): the definition rules do not propose a card for it."""

GATE_CLAUSE_WORDS_ZH = (
    "如果", "假如", "因为", "由于", "虽然", "尽管", "但是", "所以", "因此", "于是", "可以", "可能",
    "能够", "需要", "应该", "必须", "没有", "已经", "正在", "什么", "怎么", "如何", "为什么",
    "哪些", "例如", "比如", "就是", "而是", "还是", "只是", "不是", "这是", "但", "而", "是",
)  # fmt: skip
"""The clause words the quality gate checks in any card's term (``clause-term``): only words
that never occur inside a term, unlike single characters such as 不 in 不均衡."""

CLAUSE_WORDS_EN = (
    "is", "are", "was", "were", "be", "been", "can", "could", "will", "would", "should", "may",
    "might", "must", "do", "does", "did", "has", "have", "had", "not", "if", "when", "because",
    "which", "who", "while", "although", "so", "then", "let", "lets", "let's", "please",
    "more", "less",
)  # fmt: skip
"""Words that show a would-be English term is really a clause (gate ``clause-term``)."""

GENERIC_TERMS_ZH = (
    "东西", "事情", "问题", "方法", "情况", "结果", "部分", "方面", "内容", "过程", "时候",
    "方式", "地方", "原因", "区别", "关键", "办法", "答案", "例子", "示例", "目标", "目的",
    "作用", "思想", "想法", "概念", "定义", "输入", "输出", "模型", "数据", "代码", "函数",
    "步骤", "任务", "好处", "优点", "缺点", "结论", "假设", "条件", "区别", "差异", "一种",
    "理解", "注意", "说明", "解释", "备注", "总结", "举例", "原理", "思路", "分析", "特点",
    "公式", "证明", "基本思想", "核心思想", "主要思想", "解法", "答案", "回答", "问题描述",
)  # fmt: skip
"""Words too generic to be asked about on their own (gate ``stop-word-term``)."""

GENERIC_TERMS_EN = (
    "thing", "things", "way", "ways", "result", "results", "problem", "problems", "idea",
    "answer", "point", "question", "example", "case", "reason", "difference", "key", "trick",
    "goal", "first", "second", "next", "last", "following", "rest", "other", "same", "one",
    "output", "input", "model", "data", "code", "function", "method", "approach", "step",
    "task", "solution", "number", "value", "values", "part", "use", "end", "main", "latter",
    "former", "lot", "fact", "reality", "default", "option", "version", "equation", "network",
    "layer", "system", "algorithm", "process", "dataset", "image", "matrix", "vector", "loss",
    "parameter", "parameters", "weight", "weights", "module", "block", "operation", "term",
    "formula", "variable", "object", "class", "instance", "file", "program", "setting",
    "procedure", "technique", "figure", "table", "section", "chapter", "book", "paper",
)  # fmt: skip
"""English words too generic to be a term alone, bare or after ``the`` (gate ``stop-word-term``)."""

ARTICLES_EN = ("a", "an", "the")
"""English articles, kept in questions (``What is a perceptron?``) but ignored when judging."""

LEAD_WORDS_ZH = (
    "因此", "所以", "此外", "另外", "然而", "但是", "不过", "而且", "并且", "首先", "然后",
    "一般来说", "一般而言", "简单地说", "简单来说", "换句话说", "换言之", "总之", "总的来说",
    "总而言之", "事实上", "实际上", "形式上", "具体来说", "具体而言", "直观地说", "直观上",
    "严格来说", "严格地说", "简而言之", "也就是说", "请注意", "值得注意的是", "需要注意的是",
    "简言之", "一方面", "另一方面", "而", "但", "于是", "因而", "从而", "其实", "同样", "同理",
    "总体而言", "总体来说", "概括地说", "换而言之", "与此同时", "除此之外", "相反", "当然",
)  # fmt: skip
"""Connectives that may open a Chinese sentence before its subject; skipped to find the term."""

LEAD_WORDS_ZH_PUNCT = (
    "注意",
    "最后",
    "其次",
    "可见",
    "显然",
    "当然",
    "同时",
    "通常",
    "其中",
    "故",
    "且",
    "可以看出",
    "可以发现",
    "不难看出",
    "相比而言",
    "相比之下",
    "简单的说",
    "简单的说就是",
)
"""Connectives skipped only before a comma or colon: bare, they may start a word (``注意力``,
``最后一层``)."""

LEAD_WORDS_EN = (
    "Formally", "Informally", "Intuitively", "Essentially", "Basically", "Technically",
    "Mathematically", "Roughly speaking", "Simply put", "Put simply", "In short",
    "In other words", "In particular", "Specifically", "Concretely", "Generally",
    "In general", "In practice", "In fact", "Indeed", "Typically", "Usually", "Thus", "Hence",
    "Therefore", "So", "Also", "Finally", "However", "Moreover", "Furthermore", "Recall that",
    "Note that", "Remember that", "Notice that", "Again", "Now", "First", "Second", "Third",
    "Notably", "Importantly", "Interestingly", "Clearly", "Obviously", "On one hand",
    "On the one hand", "On the other hand", "As a result", "Overall", "In summary", "To summarize",
    "In sum", "Besides", "Additionally", "Consequently", "Nevertheless", "Nonetheless", "Still",
    "Similarly", "Likewise", "Of course", "Accordingly",
)  # fmt: skip
"""Openers of an English sentence before its subject; skipped to find the term."""
_NOT_PHRASE_EN = r"(?!(?:far|that|much|many|long)\b)"
"""An opener that begins a phrase instead (``So far``, ``Now that``) is not skipped."""


_SCENE_OPENERS_EN = ("In", "For", "Within", "Under", "Among", "Throughout", "Following")
_SCENE_OPENERS_ZH = ("在", "对于", "对", "从", "就", "于")
"""Words a scene-setting opener starts with (``在…中，``, ``In deep learning,``), in the order the
lead patterns try them."""
_SCENE_POINTER = "(?:本节|本章|本书|本文|这|此|该|上述|前面|后面|下面|上面)"
"""A scene that points at the note itself (``在本节中，``) is narration, never skipped."""
_FOCUS_ZH = rf"[{CJK}]{{1,8}}的是[，,：:]\s*"
"""A focus frame before the claim (``最明显的是，``, ``需要特别提醒的是，``): what follows is the
sentence's statement."""
_LEAD_END_ZH = r"(?:[，,]\s*|(?![地的])\s*)"
"""The end of a connective: its comma, or no comma and no adverb or adjective suffix (``同样地，``
is one word; skipping ``同样`` would leave ``地，…``)."""
_LEAD_ZH = re.compile(
    rf"^(?:(?:{_alt(LEAD_WORDS_ZH)}){_LEAD_END_ZH}|(?:{_alt(LEAD_WORDS_ZH_PUNCT)})[，,：:]\s*"
    rf"|{_FOCUS_ZH}"
    rf"|(?:{'|'.join(_SCENE_OPENERS_ZH)})(?![^，。；：,;]{{0,24}}?{_SCENE_POINTER})"
    rf"[^，。；：,;]{{1,24}}?(?:中|里|上|下|时|方面|来说|而言|看来)[，,]\s*)+"
)
_LEAD_EN = re.compile(
    rf"^(?:(?:{_alt(LEAD_WORDS_EN)})\b,?\s+{_NOT_PHRASE_EN}"
    rf"|(?:{'|'.join(_SCENE_OPENERS_EN)}) [^,;:]{{1,50}}, )+"
)


_CONNECTIVES_ZH = re.compile(
    rf"^(?:(?:{_alt(LEAD_WORDS_ZH)}){_LEAD_END_ZH}|(?:{_alt(LEAD_WORDS_ZH_PUNCT)})[，,：:]\s*"
    rf"|{_FOCUS_ZH})+"
)
_CONNECTIVES_EN = re.compile(rf"^(?:(?:{_alt(LEAD_WORDS_EN)})\b,?\s+{_NOT_PHRASE_EN})+")


_CONNECTIVE_FIRST_ZH = frozenset(w[0] for w in (*LEAD_WORDS_ZH, *LEAD_WORDS_ZH_PUNCT))
_CONNECTIVE_FIRST_EN = frozenset(w[0] for w in LEAD_WORDS_EN)
_LEAD_FIRST_ZH = _CONNECTIVE_FIRST_ZH | frozenset(w[0] for w in _SCENE_OPENERS_ZH)
_LEAD_FIRST_EN = _CONNECTIVE_FIRST_EN | frozenset(w[0] for w in _SCENE_OPENERS_EN)
"""First characters a match of each lead pattern can start with: the patterns are anchored, so
text starting with any other character is returned as it is without running them (speed)."""


@functools.lru_cache(maxsize=16384)  # several rules skip the lead of the same sentence
def skip_lead(text: str, *, clauses: bool = True) -> str:
    """The sentence from its subject on: leading connectives (``因此，``, ``Thus,``) skipped, and
    with ``clauses`` also scene-setting phrases (``在…中，``, ``In deep learning,``)."""
    focus = "的是" in text[:12]  # a focus frame may open on any character
    if clauses:
        if focus or text[:1] in _LEAD_FIRST_ZH:
            text = _LEAD_ZH.sub("", text, count=1)
        return _LEAD_EN.sub("", text, count=1) if text[:1] in _LEAD_FIRST_EN else text
    if focus or text[:1] in _CONNECTIVE_FIRST_ZH:
        text = _CONNECTIVES_ZH.sub("", text, count=1)
    return _CONNECTIVES_EN.sub("", text, count=1) if text[:1] in _CONNECTIVE_FIRST_EN else text


# --- Terms ----------------------------------------------------------------------------------

_GLOSS = re.compile(r"(?<!\s)\s*[（(]([^（）()]{1,80})[）)]\s*$")
_URL = re.compile(r"https?://|www\.|\]\(|\.(?:com|org|net|io|html?)\b", re.IGNORECASE)
_CITATION = re.compile(
    r"\[\d+(?:[,，\-–]\s*\d+)*\]|\bet al\b|\b(?:19|20)\d\d[a-z]?\)|:cite|^\[@|\(\w+,\s*(?:19|20)\d\d"
)
_FIGURE = re.compile(
    r"(?:图|表|Fig(?:ure|\.)?|Table|Eq(?:uation|\.)?)\s*\(?\d+(?:[.\-–]\d+)*\)?", re.IGNORECASE
)
"""A reference to a figure, table or equation (``图2-1``, ``Table 3``): a place in the text."""
_MATH_OR_CODE = re.compile(f"{DOLLAR_SPAN}|{CODE_SPAN}")
_HAS_WORD = re.compile(rf"[A-Za-z]{{2,}}|[{CJK}]")
_CLAUSE_PUNCT = re.compile(r"[，。；！？,;!?]|：|:\s")
_EN_WORD = re.compile(EN_WORD)
_ZH_CLAUSE = frozenset(CLAUSE_WORDS_ZH)
_POINTER_TOKENS = frozenset(POINTER_TOKENS_ZH)
_GATE_CLAUSE = frozenset(GATE_CLAUSE_WORDS_ZH)
_ZH_PRONOUNS = frozenset(PRONOUNS_ZH)
_EN_PRONOUNS = frozenset(PRONOUNS_EN)
_EN_CLAUSE = frozenset(CLAUSE_WORDS_EN)

MAX_TERM_CHARS_ZH = 16
"""A Chinese term longer than this (gloss excluded) is a phrase, not a term (gate ``clause-term``)."""
MAX_TERM_WORDS_EN = 6
"""An English term with more words than this is a phrase, not a term (gate ``clause-term``)."""


def split_gloss(term: str) -> tuple[str, str]:
    """``注意力机制（attention mechanism）`` → (``注意力机制``, ``attention mechanism``)."""
    if ")" not in term and "）" not in term:
        return term.strip(), ""  # a gloss ends in one (speed: most terms have none)
    match = _GLOSS.search(term)
    if not match or match.start() == 0:
        return term.strip(), ""
    return term[: match.start()].strip(), match.group(1).strip()


_ARTICLE = re.compile(r"^(?:the|a|an)\s+")


@functools.lru_cache(maxsize=4096)  # the gates ask it again of terms the rules judged
def term_problem(term: str, cut: Tokenizer) -> str | None:
    """Why ``term`` cannot be what a card asks about (a gate reason), or None when it can.

    Reasons: ``url-term``, ``citation-term``, ``figure-term`` (``图2-1``), ``formula-term`` (no
    words), ``pronoun-term``, ``stop-word-term``, ``clause-term``. ``cut`` is the build's word
    tokenizer.
    """
    core, _ = split_gloss(plain(term))
    core = plain(core)
    if _URL.search(core):
        return "url-term"
    if _CITATION.search(term):
        return "citation-term"
    if _FIGURE.fullmatch(core.strip()):
        return "figure-term"
    if not _HAS_WORD.search(_MATH_OR_CODE.sub("", core)):
        return "formula-term"
    words = [w.casefold() for w in _EN_WORD.findall(_MATH_OR_CODE.sub(" ", core))]
    tokens = [t for t in cut(_MATH_OR_CODE.sub(" ", core)) if t.strip()]
    if any(t in _ZH_PRONOUNS for t in tokens[:1]) or any(w in _EN_PRONOUNS for w in words):
        return "pronoun-term"
    content = [w for w in words if w not in ARTICLES_EN]
    bare = _ARTICLE.sub("", core.casefold())
    if bare in GENERIC_TERMS_ZH or bare in GENERIC_TERMS_EN or (words and not content):
        return "stop-word-term"
    han = len(HAN.findall(core))
    if _CLAUSE_PUNCT.search(core) or han > MAX_TERM_CHARS_ZH or len(words) > MAX_TERM_WORDS_EN:
        return "clause-term"
    if any(t in _GATE_CLAUSE for t in tokens) or any(w in _EN_CLAUSE for w in words):
        return "clause-term"
    return None


TERM_EDGES_ZH = (
    "的", "地", "得", "了", "和", "与", "或", "及", "均", "也", "都", "则", "仍", "亦", "才",
    "便", "就", "还", "又", "而", "并", "之", "中", "里",
)  # fmt: skip
"""Characters a Chinese term never starts or ends with (they belong to the clause around it)."""


_WORD_SPLIT = re.compile(r"[\s，,]+")
_CLAUSE_SPLIT = re.compile(r"[，,；;。：:]")
_POINTER_OPENERS = (*PRONOUNS_ZH, *SCENE_POINTERS_ZH)
_POINTER_WORD = re.compile("|".join(map(re.escape, POINTER_TOKENS_ZH)))
_ORDINAL_ZH = re.compile(r"第[一二三四五六七八九十\d]|[上下][一两]?[个步]|\s\d+$")


def points_outside(sentence: str, cut: Tokenizer) -> bool:
    """Whether a sentence cannot stand alone: it opens with a pronoun or a scene-setting pointer
    (``在这里，``), or its first clause leans on ``它/这些/该…`` (``当它们的长度相同时，…``)."""
    opening = skip_lead(sentence.strip(), clauses=False)
    words = _WORD_SPLIT.split(opening.casefold(), maxsplit=2)
    if words[0] in _EN_PRONOUNS or words[0] in ("let", "let's"):
        return True
    if (
        words[0] == "the"
        and len(words) > 1
        and words[1] in ("former", "latter", "above", "following")
    ):
        return True
    if opening.startswith(_POINTER_OPENERS):
        return True
    first_clause = _CLAUSE_SPLIT.split(opening, maxsplit=1)[0]
    # A token can only be a pointer word if the text holds it: most clauses need no segmenting.
    if not _POINTER_WORD.search(first_clause):
        return False
    return bool(set(cut(first_clause)) & _POINTER_TOKENS)


@functools.lru_cache(maxsize=4096)  # several rules judge the same would-be terms
def is_clause_zh(term: str, cut: Tokenizer) -> bool:
    """Whether a would-be Chinese term is really part of a clause: it holds a clause word, or
    starts or ends with a particle or adverb (``线性回归刚好``, ``的输出``)."""
    core = plain(split_gloss(plain(term))[0])
    if len(core) < 2 or core.startswith(TERM_EDGES_ZH) or core.endswith((*TERM_EDGES_ZH, "总")):
        return True  # "余数总|是指": 总 ends an adverb (总是), never a term
    if "是" in core or _ORDINAL_ZH.search(core):
        return True
    return any(t in _ZH_CLAUSE for t in cut(core))

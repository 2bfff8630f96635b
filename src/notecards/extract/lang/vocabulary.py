"""Whether a Chinese name and its English gloss (``注意力机制（attention mechanism）``) name a term
worth a card, or are everyday vocabulary (训练↔train), a phrase (向前读取↔read forward), an
adjective or a proper name: the checks :mod:`notecards.extract.rules.bilingual_term` puts each
pair it finds through, and the trimming of an unmarked term's leading verb. How common a Chinese
word is comes from the build's tokenizer (jieba's dictionary)."""

from __future__ import annotations

import re

from notecards.model import Tokenizer

EVERYDAY_FREQUENCY = 1000
"""A Chinese word at least this common in general text (jieba's dictionary count: 训练 7829, 类别
1016; 张量 37) glossed by one plain English word is everyday vocabulary (训练↔train), not a term."""
UNMARKED_EVERYDAY_FREQUENCY = 100
"""The same for an unmarked pair, which has no emphasis to say it is a term: 字符串↔string (213),
上下文↔context (111) are vocabulary."""
INSTITUTION_ENDS_ZH = (
    "馆", "局", "大学", "学院", "公司", "研究所", "研究院", "医院", "协会", "学会", "委员会",
    "基金会", "部", "署", "中心", "银行", "集团",
)  # fmt: skip
"""Endings of the Chinese name of an institution (美国国家医学图书馆): a proper name, not a term."""
PHRASE_LEADS_ZH = frozenset(
    {"无", "用", "向前", "向后", "不", "没有", "通过", "以", "对", "把", "将"}
)
"""First words that make a Chinese phrase a verb phrase or a description (向前读取, 用数据编程,
无偏向) rather than a term; 无/不 only with a one-word English gloss (无监督学习 stays)."""
ADJECTIVE_ENDS = ("ed", "ive", "al", "ous", "ic", "able", "ible", "ent", "ant", "ite", "ar")
"""Endings of an English adjective: ``*无偏向*（unbiased）的方式`` qualifies, it does not name."""
_DESCRIPTION_EN = re.compile(
    r"^(?:out of|in|on|at|by|under|over|without|within)\s|^[a-z]+s of [a-z]+s$"
)
"""English glosses that describe rather than name: a state after a preposition (``*内存不足*
（out of memory）错误``), a collection (``*层组*（groups of layers）``)."""
MODIFIER_ENDS = ("ed", "ous", "ete", "wise", "ly", "ate")
"""Endings of an English word that describes or acts rather than names (deferred, instantaneous,
discrete, rowwise, concatenate): glossing a Chinese word that is no noun either (``*离散*
（discrete）随机变量``, ``*瞬时*（instantaneous）变化率``), it is vocabulary, not a term."""
PROPER_NAME_HEADS_EN = (
    "Award", "Awards", "Prize", "Medal", "Conference", "Workshop", "Journal", "Competition",
    "Challenge", "Festival", "Foundation", "Institute", "University", "Laboratory", "Lab",
)  # fmt: skip
"""Last words of a Title Case English name of an award, event or institution (``Test of Time
Award``): a proper name, not a term to learn."""
HEAD_NOUNS_ZH = (
    "系数", "指数", "矩阵", "距离", "函数", "定理", "定律", "分布", "算法", "模型", "方法",
    "不等式", "公式", "范数", "损失", "误差",
)  # fmt: skip
"""Category nouns ending a Chinese term (杰卡德系数): glossed by a bare name (``Jaccard``), the
English leaves the category out and the pair is no translation."""
CLASS_SUFFIXES_ZH = ("类", "族")
"""Characters that, right after a gloss, continue the term (``嵌套函数（nested function）类``):
the gloss names a part, and the pair (嵌套函数 ↔ nested function) a different thing."""
LEAD_TAGS = frozenset({"v", "d", "t", "p", "c", "r", "ad", "b"})
"""Parts of speech (jieba's tags) of a common word that opens a clause rather than a term
(``学习|嵌套函数``, ``希望|智能体``)."""
LABEL_EN = re.compile(r"[A-Z][a-z]+")
"""A single capitalised word: in an unmarked gloss, a UI or dataset label (``Price``, ``Forums``)."""
_ALNUM_RUN = re.compile(r"[A-Za-z0-9]+")
_LOWER_WORD = re.compile(r"[a-z]+")
_LOWER_COMPOUND = re.compile(r"[a-z]+(?:-[a-z]+)*")


def _english_parts(name: str) -> int:
    """How many words an English name has, hyphenated parts counted apart (its abbreviation
    left out): ``click-through rate (CTR)`` → 3."""
    return len(_ALNUM_RUN.findall(name.split(" (")[0]))


def is_everyday(term: str, name: str, cut: Tokenizer) -> bool:
    """Whether a pair is everyday vocabulary rather than a term: a common Chinese word glossed by
    one plain lower-case English word (训练↔train, 类别↔class), or by an English verb
    (最大化↔maximize). ``cut``: the build's tokenizer, whose dictionary says how common a word is."""
    if not _LOWER_WORD.fullmatch(name):
        return False  # several words, an acronym, a name, a hyphenated compound
    if name.endswith(("ize", "izes")) and len(name) > 5:
        return True  # a verb is an action, never a term
    return cut.word_frequency(term) >= EVERYDAY_FREQUENCY


def not_a_term(term: str, name: str, after: str, marked: bool, heads: bool, cut: Tokenizer) -> bool:
    """Whether a pair is an ordinary word or phrase, or a proper name, rather than a term: an
    unmarked common word with a one-word gloss (字符串↔string), a verb phrase (向前读取↔read
    forward), an adjective (``是*复合*（composite）的``), an institution (美国国家医学图书馆).
    ``heads``: the pair opens its sentence or a list of pairs (``- 填充（padding）：…``), which
    makes it the subject, not a word in passing."""
    single = _LOWER_WORD.fullmatch(name) is not None
    if single and not (marked or heads) and cut.word_frequency(term) >= UNMARKED_EVERYDAY_FREQUENCY:
        return True
    if term.endswith(INSTITUTION_ENDS_ZH) and not any(w[:1].islower() for w in name.split()):
        return True
    if name.startswith("The ") and len(name.split()) > 2:
        return True  # "The United States National Library of Medicine"
    if name.split()[-1] in PROPER_NAME_HEADS_EN and name.split()[0][:1].isupper():
        return True  # "Test of Time Award"
    if LABEL_EN.fullmatch(name) and term.endswith(HEAD_NOUNS_ZH):
        return True  # 杰卡德系数 ↔ "Jaccard": the English lacks the category noun
    if after.startswith(CLASS_SUFFIXES_ZH):
        return True  # "嵌套函数（nested function）类": the term is 嵌套函数类
    tokens = cut(term)
    if len(tokens) >= 2 and tokens[0] in PHRASE_LEADS_ZH and (tokens[0] not in "无不" or single):
        return True
    if _DESCRIPTION_EN.search(name):
        return True
    if (
        _LOWER_COMPOUND.fullmatch(name)
        and len(tokens) == 1
        and not cut.word_tag(term).startswith("n")
        and name.endswith(MODIFIER_ENDS)
    ):
        return True  # an adjective, adverb or verb glossing a word that is no noun
    if after.startswith("的") and _LOWER_COMPOUND.fullmatch(name):
        rest = after[1:2]  # one word or a hyphenated compound: ``*双组件*（two-component）的框架``
        return name.endswith(ADJECTIVE_ENDS) or (single and (not rest or rest in "，,。.；;：:"))
    return False


def trim_lead(tokens: list[str], name: str, cut: Tokenizer) -> list[str]:
    """An unmarked term without the common verbs or adverbs that open it when it has more words
    than its English name (``学习|嵌套函数（nested function）`` → 嵌套函数)."""
    if not any(w[:1].islower() for w in name.split()):
        return tokens  # an acronym or a name ("PCIe") says nothing about the Chinese length
    parts = _english_parts(name)
    while len(tokens) > max(parts, 1) and len("".join(tokens[1:])) >= 2:
        if len(tokens[0]) < 2 or cut.word_tag(tokens[0]) not in LEAD_TAGS:
            break  # a lone character may belong to the name (切|比雪夫距离)
        if cut.word_frequency("".join(tokens[1:])) >= EVERYDAY_FREQUENCY:
            break  # what is left is an everyday word: the verb is the name's (集成|模型)
        tokens = tokens[1:]
    return tokens

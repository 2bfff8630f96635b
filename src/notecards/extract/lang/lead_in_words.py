"""The vocabulary of list lead-ins (:mod:`~notecards.extract.lang.lead_in`): count words and
classifiers, list nouns and verbs, narration and pointing words, and the size limits of the
questions they become."""

from __future__ import annotations

COUNTS_ZH = {
    "两": 2,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
"""Chinese count words and their values (``几`` counts any number)."""

COUNTS_EN = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10,
}  # fmt: skip
"""English count words and their values (``several``, ``a few``, ``the following`` count any)."""

VAGUE_COUNTS_EN = ("several", "a few", "a couple of", "some", "the following", "following")
"""English words announcing a list without saying how long it is."""

CLASSIFIERS_ZH = (
    "个", "种", "类", "点", "步", "条", "项", "大类", "层", "块", "阶段", "部分", "方面", "大步",
)  # fmt: skip
"""Measure words after a Chinese count (``三个``, ``两类``)."""

ENUM_VERBS_ZH = (
    "有", "包括", "包含", "分为", "分成", "存在", "归为", "具有", "涉及", "满足", "需要", "采用",
    "遵循", "组成", "构成",
)  # fmt: skip
"""Verbs a Chinese lead-in announces its items with (``主要分为两类``)."""

LIST_NOUNS_ZH = (
    "步骤", "方法", "问题", "特点", "优点", "缺点", "类型", "种类", "原因", "方面", "部分",
    "阶段", "性质", "属性", "特征", "特性", "作用", "应用", "原则", "条件", "策略", "方式",
    "组成部分", "要素", "因素", "局限", "挑战", "区别", "流程", "过程", "思路", "规则", "操作",
    "步", "类别", "形式", "场景", "技巧", "假设", "目标", "功能", "用途", "指标", "缺陷",
)  # fmt: skip
"""Nouns that make ``以下X``/``X如下`` a list worth a card even without a count."""

ASK_WHAT_ZH = ("步骤", "过程", "流程", "思路", "算法", "方式", "形式")
"""``X的步骤如下`` asks ``…是什么？``; the other list nouns ask ``…有哪些？``."""

LIST_NOUNS_EN = (
    "steps", "stages", "phases", "types", "kinds", "ways", "reasons", "advantages", "benefits",
    "disadvantages", "drawbacks", "limitations", "problems", "issues", "challenges", "properties",
    "features", "characteristics", "components", "parts", "categories", "classes", "approaches",
    "methods", "strategies", "principles", "conditions", "assumptions", "factors", "elements",
    "rules", "techniques", "ideas", "contributions", "goals", "requirements", "operations",
    "layers", "modules", "criteria", "variants", "forms", "tasks",
)  # fmt: skip
"""Nouns that make ``the following X`` a list worth a card even without a count."""

NARRATION = (
    "本节", "本章", "本文", "我们将", "我们会", "下面我们", "接下来", "以下内容", "如下所示",
    "代码如下", "例如", "比如", "举例", "示例", "例子", "下面介绍", "下面给出", "以下为",
    "如下为", "以下是", "下面是", "this section", "this chapter",
    "we will", "we'll", "we can", "let's", "let us", "here are", "example", "examples",
    "for instance", "such as", "e.g.", "as follows", "the following code", "below",
)  # fmt: skip
"""Lead-ins about the note itself or its examples: never a list card."""

SUBJECT_VERBS_EN = (
    "has", "have", "includes", "include", "contains", "contain", "consists of", "consist of",
    "comprises", "comprise", "is made up of", "are made up of", "involves", "involve",
)  # fmt: skip
"""``X has three Y``: the items are X's Y (``What are the three Y of X?``)."""

OTHER_VERBS_EN = (
    "removes", "remove", "uses", "use", "needs", "need", "requires", "require", "offers",
    "offer", "provides", "provide", "introduces", "introduce", "solves", "solve", "addresses",
    "address", "makes", "make", "satisfies", "satisfy", "faces", "face", "follows", "follow",
)  # fmt: skip
"""``X removes three Y``: asked as ``Which three Y does X remove?``."""

ZH_ADVERBS = ("主要", "一般", "通常", "可以", "可", "共", "总共")
"""Openings of a Chinese lead-in with no subject before them (``主要有以下三种``)."""

CLAUSE_WORDS_EN = (
    "when", "if", "that", "which", "who", "because", "while", "where", "can", "could", "is",
    "are", "was", "were", "be", "will", "would", "should", "may", "might", "must", "we", "you",
)  # fmt: skip
"""Words showing the words before a verb are a clause, not a subject: no card."""

DEMONSTRATIVES_ZH = ("这", "该", "此", "这个", "这种", "这类", "这些", "此类", "该类")
"""Chinese words pointing back (``该算法``); replaced by the subject only before a generic noun."""

GENERIC_NOUNS_ZH = (
    "算法", "方法", "模型", "网络", "结构", "问题", "题目", "过程", "机制", "操作", "函数", "技术",
    "思想", "输入", "输出", "求解", "大致", "具体", "整体", "总体", "基本", "数据结构",
)  # fmt: skip
"""Nouns too generic to stand for what a list is about: the subject goes in front of them."""

POINTING_ZH = (
    "这", "这个", "这种", "这些", "这类", "这样", "这里", "这时", "此时", "该", "此", "其", "它",
    "它们", "我们", "你", "上述", "前者", "后者", "答案", "之一", "为例",
)  # fmt: skip
"""Tokens that leave a Chinese list question pointing outside itself: no card."""

MAX_QUESTION_ZH = 40
"""A Chinese list question longer than this (a formula counts 1) carries a whole paragraph: no card."""

MAX_QUESTION_WORDS_EN = 18
"""An English list question with more words than this carries a whole paragraph: no card."""

OPENINGS = (
    "综上所述", "综上", "总之", "总结一下", "概括一下", "快速总结一下", "一般来说", "一般地",
    "具体来说", "具体地说", "具体而言", "具体地", "简单来说", "简单地说", "换句话说", "另外",
    "此外", "同时", "首先", "其次", "最后", "然后", "因此", "所以", "于是", "那么", "而",
    "In summary", "In short", "At a high level", "In general", "Overall",
    "Typically", "Usually", "Specifically", "Basically", "First", "Second", "Finally",
    "Note that", "Thus", "Therefore", "Hence", "To summarize", "To sum up",
)  # fmt: skip
"""Connectives dropped from the front of a lead-in before it becomes a question."""

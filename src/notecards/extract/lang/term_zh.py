"""Chinese term shapes shared by the Chinese definition rules (:mod:`definition_zh`,
:mod:`naming_zh`, and role and key-claim cards): the term pattern, its shape check and its
display form."""

from __future__ import annotations

import functools
import re

from notecards.extract.lang.markup import plain
from notecards.extract.lang.terms import is_clause_zh, split_gloss
from notecards.extract.lang.text import CJK, has_cjk
from notecards.model import Tokenizer

LEFT_TO_OTHER_RULES = (
    "作用", "目的", "用途", "功能", "任务", "意义", "目标", "好处", "用处", "优点", "缺点",
    "优势", "局限", "局限性", "不足", "弊端", "问题", "原因", "区别", "难点", "关键", "挑战",
    "瓶颈", "结果", "结论", "贡献", "输出", "输入", "大小", "形状", "长度", "数量", "个数",
)  # fmt: skip
"""Heads of ``X的…是Y`` claims that role and key_claim card better (``X的作用是Y``)."""


TERM = (
    r"(?:\*{1,2}[^*\n]{1,24}?\*{1,2}|「[^」\n]{1,24}」|“[^”\n]{1,24}”|《[^》\n]{1,24}》"
    r"|[^\s，。：；！？、,;:（）()*“”「」《》$`]{1,24}?"
    rf"|[A-Za-z][A-Za-z0-9+#.-]{{0,19}} (?![的是和与及或])[{CJK}]{{1,8}}?)"
    r"(?:\s?[（(][^（）()\n]{1,60}[）)])?"
)
"""A term: marked (``*X*``, ``「X」``), up to 24 plain characters, or a Latin name and a Chinese
head word (``KMP 算法``), with an optional gloss."""


_MARK = re.compile(r"^(?:\*|「|“|《)|[（(][^（）()$]*[A-Za-z]{2}[^（）()$]*[）)]$")


_GLOSS_LABEL = re.compile(r"(?:英语|英文|English|简称|缩写)\s*[：:]\s*")
"""``（英语：Insertion sort）``: the label before a gloss is dropped from questions."""


def is_marked(term: str) -> bool:
    """Whether the writer marked the term (emphasis, quotes, an English gloss)."""
    return bool(_MARK.search(term.strip()))


def display_term(term: str) -> str:
    """The term as a question shows it: marks dropped, gloss kept (``感受野（receptive field）``)."""
    core, gloss = split_gloss(plain(term))
    core, gloss = plain(core), _GLOSS_LABEL.sub("", gloss)
    return (
        f"{core}（{gloss}）" if gloss and has_cjk(core) else f"{core} ({gloss})" if gloss else core
    )


@functools.lru_cache(maxsize=4096)  # the same would-be terms recur in a note
def is_term(term: str, cut: Tokenizer, *, plain_is: bool = False) -> bool:
    """A cheap shape check: not a clause, not a question, not a role/claim that other rules card."""
    core = plain(split_gloss(plain(term))[0])
    if not core or is_clause_zh(core, cut) or core.startswith(("所谓", "称为", "叫做")):
        return False
    return not (plain_is and core.endswith(LEFT_TO_OTHER_RULES))


CONTEXT_MODIFIERS_ZH = (
    "最终", "最后", "最初", "最简单", "最常见", "最常用", "基本的", "原始的", "整个", "当前",
    "初始", "完整的", "实际的", "真正的", "具体的", "新的", "下一", "上一",
)  # fmt: skip
"""Openers of a term that only the note's subject makes definite (``最终的损失函数`` — of BERT):
the question names the note's topic (``BERT：什么是最终的损失函数？``)."""


def needs_topic(term: str) -> bool:
    return plain(split_gloss(plain(term))[0]).startswith(CONTEXT_MODIFIERS_ZH)

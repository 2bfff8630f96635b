"""Citations in d2l/Sphinx notes (extract/lang/markup.py): one that is an argument of its
sentence is named by its authors and year, one that annotates a noun is removed."""

from __future__ import annotations

import pytest

from notecards.extract.lang.markup import strip_d2l, strip_markup

CASES = [
    ("余弦调度器是 :cite:`Loshchilov.Hutter.2016`提出的一种启发式算法。",
     "余弦调度器是 Loshchilov 和 Hutter（2016）提出的一种启发式算法。"),
    ("This was proposed by :cite:`Bahdanau.Cho.Bengio.2014`.",
     "This was proposed by Bahdanau et al. (2014)."),
    (":cite:`Wasserman.2013` 是一本很好的统计学教科书。", "Wasserman（2013） 是一本很好的统计学教科书。"),
    # annotating a noun: removed
    ("Use the MNIST dataset :cite:`LeCun.Bottou.Bengio.ea.1998`.", "Use the MNIST dataset."),
    ("因子分解机模型:cite:`Rendle.2010`是一种监督学习算法，", "因子分解机模型是一种监督学习算法，"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "shown"), CASES)
def test_a_citation_is_named_when_the_sentence_needs_it(text: str, shown: str) -> None:
    assert strip_markup(text) == shown
    assert strip_d2l(text) == shown

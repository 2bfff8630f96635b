"""Quality gates: each gate on hand-made cards, duplicate resolution, regex safety, and the
categorical invariants over a build of real notes (d2l-zh chapters)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from notecards import parse
from notecards.clean import clean
from notecards.config import Config
from notecards.extract import duplicates, extract, quality
from notecards.model import Card, CardKind, NoteResult, SourceRef
from notecards.read import read
from notecards.segment import segment

CONFIG = Config(jobs=1)


def card(
    front: str,
    back: str = "",
    *,
    kind: CardKind = CardKind.BASIC,
    term: str = "",
    confidence: float = 0.6,
    path: str = "note.md",
    headings: tuple[str, ...] = ("Notes",),
    line: int = 1,
) -> Card:
    return Card(
        kind=kind,
        front=front,
        back=back,
        rule="test",
        source=SourceRef(path, headings, line),
        deck="Test",
        confidence=confidence,
        term=term,
    )


def reasons(cards: list[Card], config: Config = CONFIG) -> list[str]:
    """The rejection reasons of a batch, in input order of the rejected cards."""
    _, rejected = quality.gate(cards, config)
    return [r.reason for r in rejected]


# fmt: off
REJECTED = [
    # (title, card, reason)
    ("pronoun term", card("什么是这个？", "这个是一种常见的方法。", term="这个"), "pronoun-term"),
    ("English pronoun term", card("What is it?", "It is a regularizer.", term="it"), "pronoun-term"),
    ("stop word term", card("什么是方法？", "方法是解决问题的办法。", term="方法"), "stop-word-term"),
    ("URL term", card("什么是https://example.com？", "一个网站。", term="https://example.com"), "url-term"),
    ("citation term", card("What is Smith et al. (2020)?", "A paper on pooling.", term="Smith et al. (2020)"), "citation-term"),
    ("figure term", card("什么是图2-1？", "图2-1就是一个神经网络系统。", term="图2-1"), "figure-term"),
    ("English figure term", card("What is Figure 3.2?", "Figure 3.2 shows the pipeline.", term="Figure 3.2"), "figure-term"),
    ("formula term", card("什么是$b$？", "偏置项。", term="$b$"), "formula-term"),
    ("clause term", card("什么是如果我们训练模型？", "训练的过程。", term="如果我们训练模型"), "clause-term"),
    ("term read from the question", card("什么是我们的合成数据集？", "一个矩阵。"), "pronoun-term"),
    ("answer inside the question", card("什么是汇聚层？", "汇聚层"), "answer-in-question"),
    ("answer repeats the question", card("卷积层的作用是什么？", "卷积层的作用。"), "answer-in-question"),
    ("narration about the note", card("什么是卷积？", "接下来介绍卷积层的实现。"), "narration"),
    ("figure narration", card("什么是汇聚窗口？", "如下图所示，汇聚窗口在输入上滑动。"), "narration"),
    ("narration about what the reader sees", card("可以看到，转置卷积层将高和宽放大了{{c1::2倍}}。", kind=CardKind.CLOZE), "narration"),
    ("English narration", card("What is pooling?", "See below for the pooling layer."), "narration"),
    ("dangling English question", card("How does this layer work?", "It adds nonlinearity."), "dangling-reference"),
    ("dangling Chinese question", card("它的输出是什么？", "一个张量。"), "dangling-reference"),
    ("dangling cloze", card("它比原来的模型快{{c1::3倍}}。", kind=CardKind.CLOZE), "dangling-reference"),
    ("cross-reference left in the answer", card("什么是LeNet？", "在 :numref:`sec_lenet`中介绍的网络。"), "markup"),
    ("cloze without deletion", card("卷积层提取局部特征。", kind=CardKind.CLOZE), "no-deletion"),
    ("cloze hiding everything", card("{{c1::卷积层提取局部特征}}", kind=CardKind.CLOZE), "nothing-hidden"),
    ("empty answer", card("什么是卷积？", "  "), "empty"),
    ("link-only answer", card("Where is the paper?", "https://arxiv.org/abs/1512.03385"), "url"),
    ("question too long", card("什么是" + "很长的问题" * 40 + "？", "答案在这里。"), "too-long"),
    ("answer stops on a connective (a display formula follows)", card("字典序规则是什么？", "总是选择 \\((A_B^{-1}A_i)_j>0\\) 且"), "unfinished"),
    ("cloze stops on 使得", card("主要取决于{{c1::子树的比重}}，即存在阈值 \\(\\beta\\)，使得", kind=CardKind.CLOZE), "unfinished"),
    ("English answer stops on where", card("What does self-attention output?", "A sequence of the same length, where"), "unfinished"),
]
# fmt: on


@pytest.mark.parametrize(("title", "candidate", "reason"), REJECTED, ids=[r[0] for r in REJECTED])
def test_gate_rejects_with_its_reason(title: str, candidate: Card, reason: str) -> None:
    assert reasons([candidate]) == [reason]


# fmt: off
ACCEPTED = [
    card("什么是感受野（receptive field）？", "感受野是指可能影响该元素计算的所有输入元素。", term="感受野（receptive field）"),
    card("What is dropout?", "Dropout randomly zeroes activations during training.", term="dropout"),
    card("汇聚层的作用是什么？", "降低卷积层对位置的敏感性。", term="汇聚层"),
    card("{{c1::AlexNet}}是第一个在ImageNet上获胜的深度卷积网络。", kind=CardKind.CLOZE),
    card("注意力机制", "attention mechanism", kind=CardKind.REVERSIBLE, term="注意力机制"),
    card("在GoogLeNet中，基本的卷积块被称为什么？", "Inception块", term="Inception块"),
    card("qsort 函数有哪四个参数？", "数组名、元素个数、元素大小、比较规则"),  # 规则 is no 则
    card("梯度下降与最速下降是相同的{{c1::方法}}。", kind=CardKind.CLOZE),
    card("Which logic gate outputs 1 only when both inputs are 1?", "Logical AND"),  # a name
    card("树状数组的查询返回的是什么？", "区间的前缀和"),  # 和 after a noun is a sum
    card("KKT 条件在最优点处有什么性质？", "KKT 条件必须得到满足"),
]
# fmt: on


@pytest.mark.parametrize("candidate", ACCEPTED, ids=[c.front[:20] for c in ACCEPTED])
def test_good_cards_pass(candidate: Card) -> None:
    accepted, rejected = quality.gate([candidate], CONFIG)
    assert [r.reason for r in rejected] == []
    assert accepted == [candidate]


def test_markup_is_repaired_not_rejected() -> None:
    raw = card(
        "什么是ResNet？",
        "ResNet是一种残差网络 :cite:`He.Zhang.Ren.ea.2016`，如 :numref:`fig_resnet`所示。",
    )
    accepted, _ = quality.gate([raw], CONFIG)
    assert [c.back for c in accepted] == ["ResNet是一种残差网络。"]


def test_marks_a_cut_left_at_an_edge_are_tidied() -> None:
    raw = card("DETR：什么是proposal based？", "：RCNN 系列工作，Faster R-CNN、Mask R-CNN．")
    accepted, _ = quality.gate([raw], CONFIG)
    assert [c.back for c in accepted] == ["RCNN 系列工作，Faster R-CNN、Mask R-CNN．"]
    spaced = card("编译器和解释器： 什么是符号式编程？", "代码只在完整定义了过程之后才执行计算。")
    accepted, _ = quality.gate([spaced], CONFIG)
    assert [c.front for c in accepted] == ["编译器和解释器：什么是符号式编程？"]


def test_long_answer_is_trimmed_at_a_sentence_boundary() -> None:
    back = "第一句说明定义。" + "第二句补充细节。" * 80
    accepted, _ = quality.gate([card("什么是卷积？", back)], Config(jobs=1, max_answer_chars=40))
    assert accepted[0].back.startswith("第一句说明定义。")
    assert accepted[0].back.endswith("。")  # whole sentences: no ellipsis
    assert len(accepted[0].back) <= 40


def test_long_answer_is_never_cut_inside_math_or_code() -> None:
    back = "损失定义为 $\\ell(a; b; c)$ 的平均值。" + "后面还有很多解释。" * 60
    accepted, _ = quality.gate([card("什么是损失？", back)], Config(jobs=1, max_answer_chars=20))
    assert accepted[0].back == "损失定义为 $\\ell(a; b; c)$ 的平均值。"
    code = "调用 `f(a; b)` 即可；" + "其余步骤。" * 60
    accepted, _ = quality.gate([card("怎么调用？", code)], Config(jobs=1, max_answer_chars=10))
    assert accepted[0].back == "调用 `f(a; b)` 即可； …"


def test_min_confidence_filters() -> None:
    low = card("什么是卷积？", "一种运算。", confidence=0.4)
    assert reasons([low], Config(jobs=1, min_confidence=0.5)) == ["low-confidence"]
    assert reasons([low], Config(jobs=1, min_confidence=0.3)) == []


def test_duplicates_keep_the_most_confident() -> None:
    weak = card("什么是卷积？", "一种运算。", confidence=0.5)
    strong = card("什么是卷积?", "卷积是一种线性运算。", confidence=0.8, line=9)
    accepted, rejected = quality.gate([weak, strong], CONFIG)
    assert accepted == [strong]
    assert [(r.card, r.reason) for r in rejected] == [(weak, "duplicate")]


def test_near_duplicates_are_found_by_token_similarity() -> None:
    first = card("什么是批量规范化？", "批量规范化是一种加速深层网络训练的技术。")
    second = card(
        "什么是批量规范化（batch normalization）？", "批量规范化是一种加速深层网络训练的技术。"
    )
    other = card("什么是层规范化？", "层规范化对每个样本的特征做规范化。")
    accepted, rejected = quality.gate([first, second, other], CONFIG)
    assert accepted == [first, other]
    assert [r.reason for r in rejected] == ["near-duplicate"]


def test_gates_sign_cards_so_deduplicating_notes_needs_no_segmenter() -> None:
    accepted, _ = quality.gate([card("什么是卷积？", "卷积是一种线性运算。")], CONFIG)
    (signed,) = accepted
    assert signed.signature is not None
    assert signed.signature.sets() == quality.signature(replace(signed, signature=None), CONFIG)
    assert signed == replace(signed, signature=None)  # derived data: not compared


def test_across_notes_the_best_sourced_card_wins() -> None:
    passing = card(
        "什么是汇聚层？", "汇聚层降低分辨率。", term="汇聚层", path="a/intro.md", headings=("引言",)
    )
    home = card(
        "什么是汇聚层？",
        "汇聚层聚合窗口内的值。",
        term="汇聚层",
        path="b/pooling.md",
        headings=("汇聚层",),
    )
    # Signed as the gates sign what they pass: deduplicating across notes segments nothing.
    passing, home = (
        replace(c, signature=quality.signed_tokens(*quality.signature(c, CONFIG)))
        for c in (passing, home)
    )
    notes = [
        NoteResult("a/intro.md", "A", "utf-8", (passing,)),
        NoteResult("b/pooling.md", "B", "utf-8", (home,)),
    ]
    out = extract.deduplicate(notes)
    assert [n.cards for n in out] == [(), (home,)]
    assert [(r.card, r.reason) for r in out[0].rejected] == [(passing, "duplicate")]


# --- Invariants over real notes -------------------------------------------------------------

CHAPTERS = (
    "chapter_convolutional-neural-networks",
    "chapter_linear-networks",
    "chapter_attention-mechanisms",
    "chapter_preliminaries",
)
"""d2l-zh chapters built for the invariants: prose-heavy, term-heavy, with English originals."""

_CLOZE = re.compile(r"\{\{c\d+::(.*?)\}\}")


@pytest.fixture(scope="module")
def d2l_cards(corpora: Path) -> list[Card]:
    root = corpora / "d2l-zh"
    notes = []
    for chapter in CHAPTERS:
        for path in sorted((root / chapter).glob("*.md")):
            # read → clean → parse → segment → extract, as pipeline.process_note runs them
            note = clean.clean(read.read_note(path, root, "Inbox"))
            doc = segment.segment(
                parse.parse(note), CONFIG.segmenter, CONFIG.user_dict, CONFIG.table_cache
            )
            notes.append(extract.extract(doc, CONFIG))
    return [c for note in extract.deduplicate(notes) for c in note.cards]


@pytest.fixture(scope="module")
def corpora() -> Path:  # module scope: the build above is shared by the invariant tests
    path = Path(__file__).parent.parent.parent / "shared" / "corpora"
    if not path.is_dir():
        pytest.skip("../shared/corpora is not beside this checkout")
    return path


def test_real_notes_give_cards_of_every_family(d2l_cards: list[Card]) -> None:
    rules = {c.rule for c in d2l_cards}
    assert {"definition_zh", "definition_en", "salient_sentence", "role", "key_claim"} <= rules
    assert "bilingual_term" not in rules  # vocabulary pairs are off by default (--enable)


def test_every_back_reveals_something_the_front_hides(d2l_cards: list[Card]) -> None:
    for c in d2l_cards:
        if c.kind is CardKind.CLOZE:
            assert _CLOZE.search(c.front) and _CLOZE.sub("", c.front).strip(), c
        else:
            assert quality._answer_in_question(c, CONFIG) is None, c


def test_no_duplicate_fronts(d2l_cards: list[Card]) -> None:
    keys = [duplicates.duplicate_key(c) for c in d2l_cards]
    assert len(keys) == len(set(keys))


def test_no_d2l_markup_reaches_a_card(d2l_cards: list[Card]) -> None:
    for c in d2l_cards:
        for marker in (":cite:", ":label:", ":numref:", ":eqref:", "(**", "**)"):
            assert marker not in c.front and marker not in c.back, c


def test_no_dangling_pronoun_questions(d2l_cards: list[Card]) -> None:
    pointers = {"它", "它们", "这", "这个", "这些", "这种", "该", "此", "上述"}
    for c in d2l_cards:
        if c.kind is CardKind.CLOZE:
            assert not _CLOZE.sub(r"\1", c.front).startswith(tuple(pointers)), c
            continue
        assert not re.search(r"\b(?:it|this|these|those|they)\b", c.front, re.IGNORECASE), c
        assert not pointers & set(segment.tokenize(c.front, CONFIG.segmenter, CONFIG.user_dict)), c


def test_cloze_deletions_fall_on_word_boundaries(d2l_cards: list[Card]) -> None:
    """Every deletion starts and ends on a jieba token boundary — or, for a term the note
    introduces, where jieba glued one particle to it (``暂退|法仅``), never inside a word
    (``注意|力``, ``概率|分布``)."""
    for c in d2l_cards:
        if c.kind is not CardKind.CLOZE:
            continue
        text = _CLOZE.sub(r"\1", c.front)
        spans, at = [], 0
        for token in segment.tokenize(text, CONFIG.segmenter, CONFIG.user_dict):
            spans.append((at, at + len(token), token))
            at += len(token)
        shift = 0
        for match in _CLOZE.finditer(c.front):
            start = match.start() - shift
            end = start + len(match.group(1))
            for edge, side in ((start, "before"), (end, "after")):
                for a, b, token in spans:
                    if a < edge < b:
                        rest = token[: edge - a] if side == "before" else token[edge - a :]
                        assert len(rest) == 1, (c.front, match.group(1))
            shift += len(match.group()) - len(match.group(1))


def test_no_cloze_hides_a_word_twice(d2l_cards: list[Card]) -> None:
    for c in d2l_cards:
        if c.kind is CardKind.CLOZE:
            hidden = [m.group(1) for m in _CLOZE.finditer(c.front)]
            assert len(hidden) == len(set(hidden)), c.front


def test_signed_tokens_pack_each_side_sorted_and_in_one_form() -> None:
    question = {"注意力", "机制", "$a b$"}
    signed = quality.signed_tokens(question, [])
    assert signed.sets() == (frozenset(question), frozenset())
    assert signed == quality.signed_tokens(sorted(question, reverse=True), set())
    assert quality.signed_tokens({"a\0b", ""}, {"x"}).sets() == (
        frozenset({"ab"}),
        frozenset({"x"}),
    )

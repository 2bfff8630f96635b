"""What a card names as its subject: a section heading that is a name, the note's topic, and
when naming it would give the answer away (extract/lang/topic.py, extract/lang/text.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from notecards import parse
from notecards.clean import clean
from notecards.config import table_cache_folder
from notecards.extract.lang.lead_in import split_colon
from notecards.extract.lang.terms import skip_lead
from notecards.extract.lang.text import in_context
from notecards.extract.lang.topic import heading_name, note_topic, section_topic
from notecards.extract.ranking.select import rank
from notecards.model import SourceNote
from notecards.read import read
from notecards.segment.segment import segment

NAMES = [
    ("QLoRA", "QLoRA"),
    ("GPT-3: Language Models are Few-Shot Learners", "GPT-3"),
    ("Part6. ViT模型", "ViT"),
    ("## Part6. MoCo方法", ""),  # a raw Markdown heading line is not a heading text
    ("Dijkstra 算法", "Dijkstra 算法"),
    ("Tutte 定理", "Tutte 定理"),
    ("5.4 DALL·E 2", "DALL·E 2"),
    ("HuggingFace TGI", "HuggingFace TGI"),
    ("vLLM", "vLLM"),
    # Not one name: a generic section, a capitalised English phrase, a list, a phrase about it.
    ("背景", ""),
    ("Summary", ""),
    ("Positional Encoding", ""),
    ("5.2 Auto-Encoder, DAE, VAE, VQ-VAE", ""),
    ("Part7.CLIP的局限性", ""),
    ("Bonus: 几个关键点", ""),
    ("Johnson 全源最短路径算法", ""),
]


def _topic_of_file(tmp_path: Path, name: str, text: str) -> str:
    """The topic of a note named ``name`` holding ``text``, read from a notes folder."""
    note = tmp_path / "notes" / name
    note.parent.mkdir()
    note.write_text(text, encoding="utf-8")
    return note_topic(parse.parse(clean.clean(read.read_note(note, note.parent, "Inbox"))))


@pytest.mark.parametrize(("heading", "name"), NAMES)
def test_heading_name(heading: str, name: str) -> None:
    assert heading_name(heading) == name


def test_section_topic_is_the_innermost_named_section_else_the_note_topic() -> None:
    title = "大模型参数高效微调技术原理综述（五）"
    assert section_topic((title, "QLoRA", "技术原理"), "", title) == "QLoRA"
    assert section_topic((title, "背景"), "PEFT", title) == "PEFT"
    # The note's own title heading is the note topic's business, not a section's name.
    assert section_topic(("GPT-3",), "GPT", "GPT-3") == "GPT"


def test_naming_the_subject_gives_away_only_an_answer_that_is_the_subject() -> None:
    # A definition that mentions the subject is still asked in it.
    assert (
        in_context("什么是双量化？", "QLoRA", "QLoRA 对量化常数再量化一次")
        == "QLoRA：什么是双量化？"
    )
    # An answer that is the subject would be on the front.
    assert in_context("最简单的深度网络称为什么？", "多层感知机", "多层感知机") == (
        "最简单的深度网络称为什么？"
    )


def test_a_colon_inside_a_bold_label_splits_after_the_bold() -> None:
    assert split_colon("**High Performance:** BYOL beats them") == (
        "**High Performance**",
        " BYOL beats them",
    )


@pytest.mark.parametrize(
    ("sentence", "claim"),
    [
        ("最明显的是，npx.waitall()会等待", "npx.waitall()会等待"),
        ("需要特别提醒的是，整型可能溢出", "整型可能溢出"),
        ("相比而言，GAN生成的图像缺乏多样性", "GAN生成的图像缺乏多样性"),
        ("注意力机制是一种加权平均", "注意力机制是一种加权平均"),
        ("同样，二分查找也要求序列有序", "二分查找也要求序列有序"),
        # 同样地 and 同样的 are words of their own: skipping 同样 would leave 地，… or 的道理，…
        ("同样地，也可以用双栈模拟双端队列", "同样地，也可以用双栈模拟双端队列"),
        ("同样的道理，二维前缀和可以在常数时间查询", "同样的道理，二维前缀和可以在常数时间查询"),
    ],
)
def test_a_focus_frame_or_connective_is_skipped(sentence: str, claim: str) -> None:
    assert skip_lead(sentence, clauses=False) == claim


LEADS = [
    # A wiki page with no title is about the term its lead sentence defines or announces.
    ("author: someone\n\n**进位制**，又称进位系统，是一种记数方法．\n", "进位制"),
    ("类（class）是结构体的拓展，不仅能够拥有成员元素．\n", "类"),
    ("Interactor，即交互器，用于交互题．\n", "Interactor"),
    ("本页面将简要介绍堆排序．\n", "堆排序"),
    ("本页面将介绍 Tim 排序（Timsort），一种混合的排序算法．\n", "Tim 排序"),
    ("区间类动态规划是线性动态规划的扩展．\n", "区间类动态规划"),
    # No one subject: a pronoun, two things, a question of how.
    ("这是一个很长的故事．\n", ""),
    ("时间复杂度和空间复杂度是衡量算法效率的标准．\n", ""),
    ("本文将介绍如何优化 I/O．\n", ""),
]


@pytest.mark.parametrize(("text", "topic"), LEADS)
def test_a_title_less_page_is_about_its_lead_term(tmp_path: Path, text: str, topic: str) -> None:
    assert _topic_of_file(tmp_path, "page.md", text) == topic


INTRODUCED = [
    # A paper note whose long title names no method: the name it introduces with its expansion
    # (after an author list) and then says throughout.
    (
        (
            "# Human-level Control Through Deep Reinforcement Learning (2015)\n\n"
            "Volodymyr Mnih, Koray Kavukcuoglu, David Silver and Demis Hassabis\n\n"
            "This work applies deep networks to reinforcement learning by using a deep Q-network "
            "(DQN).\n\nThe DQN is made of 3 convolutional layers.\n\nThe DQN uses replay.\n"
        ),
        "DQN",
    ),
    # The name the opening says the paper introduces.
    (
        (
            "# Deep Contextualized Word Representations (2019)\n\n"
            "Matthew E. Peters, Mark Neumann, Mohit Iyyer\n\n"
            "This paper introduces ELMo (Embeddings from Language Models)\n\n"
            "Basic concept: use a pre-trained biLSTM too.\n"
        ),
        "ELMo",
    ),
    # The acronym of a sentence-long title, its capitals the initials of the title's words.
    (
        (
            "# Universal Language Model Fine-tuning for Text Classification (2018)\n\n"
            "Key idea: pre-train the entire model as a language model.\n\n"
            "ULMFiT uses discriminative fine-tuning. ULMFiT allows you to use less examples.\n"
        ),
        "ULMFiT",
    ),
    # A long title with no name in it or in the note: the title, or its head before the words
    # saying where the idea applies, when that is short enough to open a card with.
    (
        "# Stand-Alone Self-Attention in Vision Models\n\nConvolutions capture local features.\n",
        "Stand-Alone Self-Attention in Vision Models",
    ),
    (
        (
            "# Bridging the Gap between Training and Inference for Neural Machine Translation\n\n"
            "The paper works on exposure bias.\n"
        ),
        "Bridging the Gap between Training and Inference",
    ),
    # A post of a series (its number before the subtitle) names the series, not one subject.
    (
        "# 大模型微调技术原理综述（一）-背景、微调简介\n\n## Transformer\n\nTransformer 的核心是自注意力。\n",
        "",
    ),
    # A name glossed after a Chinese term, or spelling out its own expansion, is no such
    # introduction: the page is about something else (a section's method, a property it uses).
    (
        "# cartesian-tree\n\n要求 $k$ 满足二叉搜索树（BST）的性质．BST 的中序遍历有序．BST 很常用．\n",
        "",
    ),
]


@pytest.mark.parametrize(("text", "topic"), INTRODUCED)
def test_a_paper_note_is_about_the_name_it_introduces(
    tmp_path: Path, text: str, topic: str
) -> None:
    assert _topic_of_file(tmp_path, "paper-notes.md", text) == topic


def test_a_file_name_the_note_writes_only_in_lower_case_is_no_topic(tmp_path: Path) -> None:
    assert (
        _topic_of_file(tmp_path, "graph-match.md", "见 `graph-match` 与 [链接](graph-match.md)．\n")
        == ""
    )


@pytest.mark.parametrize(
    ("body", "opening"),
    [
        (
            "作者发现，用自然语言监督训练的图像编码器在 ImageNet 上零样本准确率达到 76.2%。",
            "CLIP发现，",
        ),
        (
            "受 NLP 领域利用 GPT 实现文本标注的启发，本文提出了一种使用 ChatGPT 生成多模态指令数据的方法。",
            "受 NLP",
        ),
    ],
)
def test_the_paper_as_subject_is_named_in_a_cloze(body: str, opening: str) -> None:
    text = f"# CLIP\n\n## 方法\n\n{body}\n"
    note = SourceNote(Path("/notes/clip.md"), "clip.md", "Fixture", text, "utf-8")
    doc = segment(parse.parse(clean.clean(note)), "auto", None, table_cache_folder())
    cards, _ = rank(doc, [], lambda card: None)
    assert len(cards) == 1
    assert cards[0].front.startswith(opening)  # no "CLIP：" before it: the sentence names it
    assert (
        "CLIP" in cards[0].front and "本文" not in cards[0].front and "作者" not in cards[0].front
    )


FILE_TOPICS = [
    # a running number goes; a number glued to a word stays
    ("003_vit.md", "ViT 把图像切成 patch．ViT 很常用．\n", "ViT"),
    ("3d.md", "3D 计算几何研究空间中的点、线、面．\n", "3D"),
    # the file's word only inside a longer identifier of the note's code is no name
    (
        "seg.md",
        "## 引入\n\n线段树维护区间信息．\n\n## 模板\n\n`SegTreeLazyRangeAdd` 可以区间加．\n",
        "",
    ),
    # a plural is the name still; an en dash joins a name as the file's hyphen does
    (
        "latent-diffusion-model.md",
        "Latent Diffusion Models 在潜空间中扩散．\n",
        "Latent Diffusion Model",
    ),
    ("stoer-wagner.md", "Stoer–Wagner 算法求全局最小割．\n", "Stoer–Wagner"),
    # a page opening on its first section's heading is about the name its file gives
    (
        "manacher.md",
        "## 描述\n\nManacher 算法求所有回文子串．\n\n## 解释\n\nManacher 算法是线性的．\n",
        "Manacher",
    ),
    # unless that heading names it, or is the Chinese name the note glosses it with
    (
        "manacher.md",
        "## Manacher 算法\n\nManacher 算法求回文子串．\n\n## 解释\n\n它是线性的．\n",
        "Manacher 算法",
    ),
    (
        "manacher.md",
        "## 马拉车\n\n马拉车（Manacher）求回文子串．\n\n## 解释\n\n它是线性的．\n",
        "马拉车",
    ),
    # a wiki page's lead under its first heading defines what the page is about
    (
        "seg.md",
        "## 引入\n\n线段树是常用的维护区间信息的数据结构．\n\n## 过程\n\n递归建树．\n",
        "线段树",
    ),
    # but the term the note glosses its file's name with comes first: the lead may define
    # the idea the page builds on
    (
        "dsu-on-tree.md",
        (
            "## 引入\n\n启发式算法是基于人类经验的优化．\n\n"
            "树上启发式合并（dsu on tree）解决子树询问．\n\n## 过程\n\n先处理重儿子．\n"
        ),
        "树上启发式合并",
    ),
    # the file's name written once, in a reference's link, names the page less than the
    # term its lead defines
    (
        "bubble-sort.md",
        (
            "冒泡排序（bubble sort）是一种简单的排序算法．\n\n## 参考资料\n\n"
            "- [Bubble sort - Wikipedia](https://en.wikipedia.org/wiki/Bubble_sort)\n"
        ),
        "冒泡排序",
    ),
    # written as the note's own name, again and again, it stays
    ("treap.md", "Treap 是一种弱平衡的二叉搜索树．Treap 的结点带有随机优先级．\n", "Treap"),
    # the Chinese term glossing the file's name, without the words leading up to it
    (
        "primitive-root.md",
        "对于整数 $m$，模 $m$ 的原根（primitive root）是阶为 φ(m) 的数．\n",
        "原根",
    ),
    # the file's word only inside a formula (``\\textrm{IdaStar}``) is no name; a page's
    # prerequisites line is no lead: the lead after it announces the page's subject
    (
        "idastar.md",
        (
            "前置知识：[A\\* 算法](./astar.md)\n\n本页面将简要介绍 IDA\\* 算法．\n\n"
            "$$\n\\textrm{IdaStar}():\n$$\n"
        ),
        "IDA* 算法",
    ),
    # a lead's name goes on past its gloss, and the lead under a generic first heading names
    # the page before an acronym said most does
    (
        "ac-automaton.md",
        "## 概述\n\nAC（Aho–Corasick）自动机是以 Trie 为基础的自动机．\n\nAC 自动机有 fail 指针．\n",
        "AC 自动机",
    ),
    # a lead announcing a linked term names the term, not its brackets
    ("impartial-game.md", "本文讨论 [公平组合游戏](./intro.md#公平组合博弈)．\n", "公平组合游戏"),
    # a Chinese page its file names in plain English words is about the Chinese name it gives:
    # the glossing term, of two words or three characters; a two-character gloss of one word
    # (伸展 of Splay) is as often a verb as the name, and the file's name stays
    (
        "group-theory.md",
        "本页讲群．群论（Group Theory）研究群的结构、作用和表示．\n\n## 性质\n\nGroup Theory 在代数中很有用．Group Theory 在几何和物理中也有用．\n",
        "群论",
    ),
    (
        "planar.md",
        "平面上的图：可平面图（planar graph）可以画在平面上．\n\n## 性质\n\nPlanar 图很常见．Planar 图很多．\n",
        "可平面图",
    ),
    (
        "splay.md",
        "平衡树的一种：伸展（splay）操作把结点转到根．\n\n## 性质\n\nSplay 树很常用．Splay 树很快．\n",
        "Splay",
    ),
]
"""A note's file name and text → its topic, when its title gives none."""


@pytest.mark.parametrize(("name", "text", "topic"), FILE_TOPICS)
def test_a_title_less_note_is_about_the_name_its_file_or_lead_gives(
    tmp_path: Path, name: str, text: str, topic: str
) -> None:
    assert _topic_of_file(tmp_path, name, text) == topic


OI_WIKI_TOPICS = [
    # pages whose formulas and code outweigh their English: still Chinese pages, named as they
    # gloss their file's name (连分数（continued fraction）, 牛顿迭代法（Newton's method …）)
    ("docs/math/number-theory/continued-fraction.md", "连分数"),
    ("docs/math/numerical/newton.md", "牛顿迭代法"),
    ("docs/basic/bucket-sort.md", "桶排序"),
    ("docs/ds/huffman-tree.md", "霍夫曼树"),  # its first heading names a section (树的带权路径长度)
    # an aside or a compound is no gloss of the name: "（Python 3.8 以上可用 …）",
    # "Eclipse 基金会（Eclipse Foundation）"
    ("docs/lang/python.md", "Python"),
    ("docs/tools/editor/eclipse.md", "Eclipse"),
    # a gloss of a longer English term still names the page (四边形不等式（quadrangle inequality）)
    ("docs/dp/opt/quadrangle.md", "四边形不等式"),
    # an acronym of its formulas ($P(AB)$) is no name of the page, though "ab" is in "probability"
    ("docs/math/probability/conditional-probability.md", ""),
]
"""oi-wiki pages (no title; the file named in English) → their topic."""


@pytest.mark.parametrize(("path", "topic"), OI_WIKI_TOPICS)
def test_a_chinese_wiki_page_named_in_english_is_about_its_chinese_name(
    corpora: Path, path: str, topic: str
) -> None:
    root = corpora / "oi-wiki"
    source = read.read_note(root / path, root, "Inbox")
    assert note_topic(parse.parse(clean.clean(source))) == topic


@pytest.mark.parametrize(
    ("name", "times", "topic"),
    [
        # the note writes its file's name as a name three times: the model names the note
        ("notes__032_llava.md", 3, "LLaVA"),
        # twice is a mention, not the note's subject: the title stays
        ("notes__032_llava.md", 2, "Visual Instruction Tuning"),
    ],
)
def test_a_descriptive_title_gives_way_to_the_model_the_file_is_named_for(
    tmp_path: Path, name: str, times: int, topic: str
) -> None:
    text = "# Visual Instruction Tuning\n\n## 方法\n\n" + "".join(
        f"LLaVA 的第 {i} 个特点是把视觉编码器接到语言模型上。\n\n" for i in range(times)
    )
    assert _topic_of_file(tmp_path, name, text) == topic


def test_a_title_that_is_a_name_keeps_it(tmp_path: Path) -> None:
    text = "# DenseNet\n\n" + "BYOL 很好。\n\n" * 3
    assert _topic_of_file(tmp_path, "summaries__BYOL.md", text) == "DenseNet"

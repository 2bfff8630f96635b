"""What a card names as its subject: a section heading that is a name, the note's topic, and
when naming it would give the answer away (extract/lang/topic.py, extract/lang/text.py)."""

from __future__ import annotations

import pytest

from notecards.extract.lang.lead_in import split_colon
from notecards.extract.lang.terms import skip_lead
from notecards.extract.lang.text import in_context
from notecards.extract.lang.topic import heading_name, section_topic

NAMES = [
    ("QLoRA", "QLoRA"),
    ("GPT-3: Language Models are Few-Shot Learners", "GPT-3"),
    ("Part6. ViT模型", "ViT"),
    ("## Part6. MoCo方法", ""),  # a raw Markdown heading line is not a heading text
    ("Dijkstra 算法", "Dijkstra"),
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
    ],
)
def test_a_focus_frame_or_connective_is_skipped(sentence: str, claim: str) -> None:
    assert skip_lead(sentence, clauses=False) == claim

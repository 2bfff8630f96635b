"""The segment stage: lossless tokens, jieba parity on real notes, user dictionaries, sentence
splitting, and the keyword tables read without importing jieba.analyse."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notecards.config import Config, table_cache_folder
from notecards.segment import segment, sentences

ENGINES = ("rjieba", "jieba")

# Text that exercises every branch of the tokenizer: Han runs, Latin words with hyphens and
# apostrophes, numbers, math and code spans, CJK and ASCII punctuation, odd whitespace.
_ALPHABET = st.sampled_from(
    list("卷积神经网络是一种模型深度学习的注意力机制")
    + list("abcXYZ019-'’.,:;!?$`()[]{}#*_\\/")
    + list("。，、；：！？．（）“”「」…")
    + [" ", "\t", "\n", "\u3000", "\u200b", "é", "𠀀", "🙂"]
)
_TEXT = st.text(alphabet=_ALPHABET, max_size=80)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_tokens_rebuild_the_text(text: str) -> None:
    assert "".join(segment.tokenize(text, "auto", None)) == text


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_sentences_rebuild_the_text(text: str) -> None:
    pieces = list(sentences.split_sentences(text))
    assert "".join(piece for _, piece in pieces) == text
    for offset, piece in pieces:
        assert text[offset : offset + len(piece)] == piece


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_sentence_language_is_the_rule_helpers_language(text: str) -> None:
    # The segment stage counts Han characters with its own pattern; it must judge as language().
    from notecards.extract.lang.text import CJK, language, language_of

    assert segment._HAN_RUN.pattern == f"([{CJK}]+)"
    assert language_of(text, segment.han_count(text)) == language(text)


@pytest.mark.parametrize("engine", ENGINES)
def test_both_engines_are_lossless_on_a_mixed_sentence(engine: str) -> None:
    text = "我们用 end-to-end 的方式训练 ResNet-50，准确率 76.1%，公式 $x_1^2$ 与 `torch.nn`。"
    tokens = segment.tokenize(text, engine, None)
    assert "".join(tokens) == text
    assert {"end-to-end", "ResNet-50", "76.1%", "$x_1^2$", "`torch.nn`"} <= set(tokens)


# --- parity with Python jieba on real notes ---------------------------------------------------

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")
PARITY_FILES_PER_CORPUS = 40
"""A deterministic slice (first files in sorted order) keeps the test at a few seconds."""


def _han_runs(corpora: Path) -> list[str]:
    runs: dict[str, None] = {}
    for name in ("d2l-zh", "oi-wiki"):
        files = sorted((corpora / name).rglob("*.md"))[:PARITY_FILES_PER_CORPUS]
        for path in files:
            text = path.read_text(encoding="utf-8", errors="replace")
            runs.update(dict.fromkeys(_HAN.findall(text)))
    return list(runs)


def test_rjieba_gives_jiebas_tokens_on_han_runs_of_the_corpora(corpora: Path) -> None:
    jieba = pytest.importorskip("jieba")
    pytest.importorskip("rjieba")
    jieba.setLogLevel(60)
    runs = _han_runs(corpora)
    assert len(runs) > 1000
    mismatches = [
        (run, segment.tokenize(run, "rjieba", None), tuple(jieba.lcut(run, HMM=True)))
        for run in runs
        if segment.tokenize(run, "rjieba", None) != tuple(jieba.lcut(run, HMM=True))
    ]
    assert mismatches == [], f"{len(mismatches)} of {len(runs)} runs differ: {mismatches[:5]}"


def test_python_jieba_engine_is_jieba(corpora: Path) -> None:
    jieba = pytest.importorskip("jieba")
    for run in _han_runs(corpora)[:500]:
        assert segment.tokenize(run, "jieba", None) == tuple(jieba.lcut(run, HMM=True))


# --- user dictionary --------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_user_dictionary_words_stay_whole(engine: str, tmp_path: Path) -> None:
    text = "卷积神经网络是一种深度学习模型"
    user_dict = tmp_path / f"{engine}.dict.txt"
    user_dict.write_text("卷积神经网络 100 n\n深度学习模型\n", encoding="utf-8")
    config = Config(segmenter=engine, user_dict=user_dict)

    before = segment.tokenize(text, engine, None)
    after = segment.tokenize(text, config.segmenter, config.user_dict)

    assert "卷积神经网络" not in before and "深度学习模型" not in before
    assert after[0] == "卷积神经网络"
    assert "深度学习模型" in after
    assert "".join(after) == text


def test_user_dictionary_changes_segment_stage_output(tmp_path: Path) -> None:
    from notecards.model import Block, BlockKind, CleanNote, Document, SourceNote

    user_dict = tmp_path / "words.txt"
    user_dict.write_text("卷积神经网络\n", encoding="utf-8")
    source = SourceNote(Path("a.md"), "a.md", "Inbox", "卷积神经网络很强。", "utf-8")
    doc = Document(CleanNote(source, source.text), (Block(BlockKind.PARAGRAPH, source.text, 1, 1),))
    tables = table_cache_folder()
    plain = segment.segment(doc, "auto", None, tables).blocks[0].sentences[0].tokens
    custom = segment.segment(doc, "auto", user_dict, tables).blocks[0].sentences[0].tokens
    assert plain[:2] == ("卷积", "神经网络")
    assert custom[0] == "卷积神经网络"


def test_unreadable_user_dictionary_is_a_config_error(tmp_path: Path) -> None:
    from notecards.errors import ConfigError

    with pytest.raises(ConfigError, match="user dictionary"):
        segment.tokenize("卷积", "rjieba", tmp_path / "missing.txt")


# --- sentence splitting -----------------------------------------------------------------------

# fmt: off
SENTENCE_CASES = [
    ("CJK end marks", "卷积层提取特征。池化层降低分辨率！为什么？因为计算量大。",
     ["卷积层提取特征。", "池化层降低分辨率！", "为什么？", "因为计算量大。"]),
    ("full-width full stop", "第一句．第二句．", ["第一句．", "第二句．"]),
    ("closing quote stays", "他说：“好的。”然后走了。", ["他说：“好的。”", "然后走了。"]),
    ("English full stops", "This is one. This is two.", ["This is one. ", "This is two."]),
    ("e.g. is not an end", "Use a CNN, e.g. ResNet. It works.", ["Use a CNN, e.g. ResNet. ", "It works."]),
    ("i.e. is not an end", "That is, i.e. The rule. Next.", ["That is, i.e. The rule. ", "Next."]),
    ("Fig. is not an end", "See Fig. 3 for details. Then go on.", ["See Fig. 3 for details. ", "Then go on."]),
    ("decimals", "Pi is about 3.14 in value. Next.", ["Pi is about 3.14 in value. ", "Next."]),
    ("version numbers", "Version 8.2.4414 is out. Good.", ["Version 8.2.4414 is out. ", "Good."]),
    ("no split inside $math$", "公式 $a. B$ 不断句。下一句。", ["公式 $a. B$ 不断句。", "下一句。"]),
    ("no split inside `code`", "Call `x. Y` here. Next.", ["Call `x. Y` here. ", "Next."]),
    ("CJK mark inside math", "设 $x。y$ 为变量。好。", ["设 $x。y$ 为变量。", "好。"]),
    ("mixed zh/en", "end-to-end 训练。Done.", ["end-to-end 训练。", "Done."]),
    ("ideographic space kept", "一。\u3000二。", ["一。\u3000", "二。"]),
    ("no end mark", "没有句号的一句话", ["没有句号的一句话"]),
    ("a company's Inc. before Han is no end", "Xcode 由 Apple Inc. 开发．它很大．",
     ["Xcode 由 Apple Inc. 开发．", "它很大．"]),
    ("a company's Inc. before a capital ends", "BERT was released by Google Inc. It is big.",
     ["BERT was released by Google Inc. ", "It is big."]),
    ("a bold sentence after a full stop", "It works on images.\n**This paper got an award.**",
     ["It works on images.", "\n**This paper got an award.**"]),
    ("an italic term opening a sentence", "See above. *Machine learning* is a field.",
     ["See above. ", "*Machine learning* is a field."]),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in SENTENCE_CASES], ids=[c[0] for c in SENTENCE_CASES]
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert [piece for _, piece in sentences.split_sentences(text)] == expected


# --- keyword tables ---------------------------------------------------------------------------


def test_idf_table_and_stop_words_are_jiebas() -> None:
    import importlib

    pytest.importorskip("jieba")
    tfidf = importlib.import_module("jieba.analyse.tfidf")
    loader = tfidf.IDFLoader(tfidf.DEFAULT_IDF)
    tables = table_cache_folder()
    assert all(segment.idf_of(word, tables) == value for word, value in loader.idf_freq.items())
    assert segment._idf(tables)[1] == loader.median_idf
    assert frozenset(tfidf.KeywordExtractor.STOP_WORDS) == segment.KEYWORD_STOP_WORDS
    # Words the table does not hold, some of them a prefix, a suffix or a span of its lines.
    absent = ["不存在的词语", "", " ", "\n", "一 ", "一\n一", "机器学习 12.0", "中国\n"]
    for word in absent:
        assert (word in loader.idf_freq) == (segment.idf_of(word, tables) is not None), repr(word)


def test_keywords_rank_like_extract_tags() -> None:
    import importlib

    jieba = pytest.importorskip("jieba")
    analyse = importlib.import_module("jieba.analyse")
    text = "卷积神经网络通过卷积层提取局部特征，池化层降低特征图的分辨率，卷积核的参数共享减少了参数量。"
    ours = segment.keywords(tuple(jieba.lcut(text)), 5, table_cache_folder())
    assert ours == analyse.extract_tags(text, topK=5)


def test_user_dictionary_reaches_keyword_tags_and_quality_signatures(tmp_path: Path) -> None:
    # Tags and near-duplicate signatures are cut with the build's segmenter, not the default one.
    from dataclasses import replace

    from notecards.clean.clean import clean
    from notecards.config import Config
    from notecards.extract import quality
    from notecards.extract.extract import extract
    from notecards.model import Card, SourceNote
    from notecards.parse import parse

    user_dict = tmp_path / "words.txt"
    user_dict.write_text("甲乙丙丁网络\n", encoding="utf-8")
    text = "# 测试\n\n甲乙丙丁网络是指一种用于检验分词设置的多层神经网络结构。\n"
    source = SourceNote(tmp_path / "a.md", "a.md", "Inbox", text, "utf-8")

    def card_of(config: Config) -> Card:
        doc = segment.segment(
            parse(clean(source)), config.segmenter, config.user_dict, config.table_cache
        )
        cards = extract(doc, config).cards
        assert cards, "the definition gives a card"
        return cards[0]

    # Keyword tags are off by default; this test turns them on to see the dictionary reach them.
    custom_config = Config(jobs=1, user_dict=user_dict, keyword_tags=3)
    plain, custom = card_of(Config(jobs=1, keyword_tags=3)), card_of(custom_config)
    assert "甲乙丙丁网络" not in plain.tags
    assert "甲乙丙丁网络" in custom.tags
    unsigned = replace(custom, signature=None)
    assert "甲乙丙丁网络" in quality.signature(unsigned, custom_config)[0]
    assert "甲乙丙丁网络" not in quality.signature(unsigned, Config(jobs=1))[0]


def test_rules_are_handed_the_builds_tokenizer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every rule context cuts text with --segmenter / --user-dict, not with the defaults.
    from notecards.clean.clean import clean
    from notecards.config import Config
    from notecards.extract import extract as engine
    from notecards.model import SourceNote
    from notecards.parse import parse

    user_dict = tmp_path / "words.txt"
    user_dict.write_text("甲乙丙丁网络\n", encoding="utf-8")
    text = "# 测试\n\n甲乙丙丁网络是指一种用于检验分词设置的多层神经网络结构。\n"
    source = SourceNote(tmp_path / "a.md", "a.md", "Inbox", text, "utf-8")
    config = Config(jobs=1, user_dict=user_dict)
    seen = []
    real = engine.Context

    def spy(*args: Any, **kwargs: Any) -> Any:
        ctx = real(*args, **kwargs)
        seen.append(ctx.cut)
        return ctx

    monkeypatch.setattr(engine, "Context", spy)
    doc = segment.segment(
        parse(clean(source)), config.segmenter, config.user_dict, config.table_cache
    )
    engine.extract(doc, config)
    assert seen
    assert all(cut("甲乙丙丁网络是指")[0] == "甲乙丙丁网络" for cut in seen)
    assert segment.tokenize("甲乙丙丁网络是指", "auto", None)[0] != "甲乙丙丁网络"

"""The per-user cache of derived jieba tables: same tables, rebuilt whenever in doubt, kept in
the folder the build's settings name (read from the environment at the edge only)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from notecards import pipeline
from notecards.config import TABLE_CACHE_ENV, Config, table_cache_folder
from notecards.segment import segment, tablecache


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def _counting(table: Path, calls: list[int]) -> Callable[[], dict[str, int]]:
    def build() -> dict[str, int]:
        calls.append(1)
        return {line: len(line) for line in table.read_text(encoding="utf-8").split()}

    return build


def test_second_load_comes_from_the_cache_and_equals_the_built_table(
    folder: Path, tmp_path: Path
) -> None:
    source = tmp_path / "words.txt"
    source.write_text("注意力 汇聚 attention", encoding="utf-8")
    calls: list[int] = []
    first = tablecache.load("t", source, _counting(source, calls), dict, folder)
    second = tablecache.load("t", source, _counting(source, calls), dict, folder)
    assert first == second == {"注意力": 3, "汇聚": 2, "attention": 9}
    assert calls == [1]
    assert len(list(folder.glob("t-*.marshal"))) == 1


def test_a_changed_source_is_read_again(folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "words.txt"
    source.write_text("a bb", encoding="utf-8")
    calls: list[int] = []
    tablecache.load("t", source, _counting(source, calls), dict, folder)
    source.write_text("a bb ccc", encoding="utf-8")
    os.utime(source, ns=(1, 1))
    table = tablecache.load("t", source, _counting(source, calls), dict, folder)
    assert table == {"a": 1, "bb": 2, "ccc": 3}
    assert calls == [1, 1]


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", b"\xe9"])
def test_a_damaged_or_foreign_cache_file_is_rebuilt(
    folder: Path, tmp_path: Path, damage: bytes
) -> None:
    source = tmp_path / "words.txt"
    source.write_text("a bb", encoding="utf-8")
    calls: list[int] = []
    tablecache.load("t", source, _counting(source, calls), dict, folder)
    (cached,) = folder.glob("t-*.marshal")
    cached.write_bytes(damage)
    assert tablecache.load("t", source, _counting(source, calls), dict, folder) == {"a": 1, "bb": 2}
    assert calls == [1, 1]


def test_an_unusable_cache_folder_only_costs_a_rebuild(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    source = tmp_path / "words.txt"
    source.write_text("a", encoding="utf-8")
    calls: list[int] = []
    unusable = blocker / "cache"
    assert tablecache.load("t", source, _counting(source, calls), dict, unusable) == {"a": 1}
    assert tablecache.load("t", source, _counting(source, calls), dict, None) == {"a": 1}
    assert calls == [1, 1]


def test_jieba_tables_from_the_cache_equal_the_tables_read_from_jieba(folder: Path) -> None:
    fresh_dictionary = segment._read_dictionary(segment._jieba_file("dict.txt", needed_for="x"))
    fresh_idf = segment._read_idf(segment._jieba_file("analyse", "idf.txt", needed_for="x"))
    for _ in range(2):  # the first call builds and stores, the second reads the cache
        segment._dictionary.cache_clear()
        segment._idf.cache_clear()
        assert segment._dictionary(folder) == fresh_dictionary
        assert segment._idf(folder) == fresh_idf
    assert len(list(folder.glob("jieba-*.marshal"))) == 2


# --- the folder is a setting, read from the environment once, at the edge -----------------------


def test_the_folder_comes_from_the_environment_when_the_config_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TABLE_CACHE_ENV, str(tmp_path / "tables"))
    assert Config().table_cache == tmp_path / "tables"
    monkeypatch.setenv(TABLE_CACHE_ENV, "")
    assert Config().table_cache is None  # empty: no cache
    monkeypatch.delenv(TABLE_CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert table_cache_folder() == tmp_path / "xdg" / "notecards"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert table_cache_folder() == Path.home() / ".cache" / "notecards"


def test_a_build_keeps_its_tables_in_the_configured_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The environment names another folder: only the Config's setting may count once it is made.
    elsewhere = tmp_path / "from-the-environment"
    monkeypatch.setenv(TABLE_CACHE_ENV, str(elsewhere))
    configured = tmp_path / "configured"
    config = Config(jobs=1, use_cache=False, table_cache=configured)
    notes = tmp_path / "notes"
    notes.mkdir()
    note = notes / "卷积.md"
    note.write_text(
        "# 卷积\n\n## 卷积核\n\n卷积神经网络通过卷积核提取图像的局部特征，"
        "所以多个下游任务需要为每个任务维护一个大型模型的独立副本。\n\n"
        "## 为什么需要池化？\n\n推理阶段怎么处理？\n\n## 训练（train）\n\n*训练*（train）是学习的过程。\n",
        encoding="utf-8",
    )
    segment._dictionary.cache_clear()
    segment._rare_tags.cache_clear()
    segment._idf.cache_clear()
    result = pipeline.process_note(note, notes, config)
    assert result.cards
    cached = sorted(p.name.rsplit("-", 1)[0] for p in configured.glob("*.marshal"))
    assert cached == ["jieba-dict-50", "jieba-idf-buckets", "jieba-rare-tags-50"]
    assert not elsewhere.exists()


SRC = Path(__file__).resolve().parents[1] / "src" / "notecards"
ENVIRONMENT_EDGE = frozenset({"config.py"})
"""The modules of src/notecards that may read the environment (paths relative to the package)."""


def test_only_the_edge_reads_the_environment() -> None:
    readers = sorted(
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        if re.search(r"\benviron\b|\bgetenv\b|\benvironb\b", path.read_text(encoding="utf-8"))
    )
    assert set(readers) <= ENVIRONMENT_EDGE, readers

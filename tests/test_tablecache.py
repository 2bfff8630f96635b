"""The per-user cache of derived jieba tables: same tables, rebuilt whenever in doubt."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from notecards.segment import segment, tablecache


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv(tablecache.ENV, str(cache))
    return cache


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
    first = tablecache.load("t", source, _counting(source, calls), dict)
    second = tablecache.load("t", source, _counting(source, calls), dict)
    assert first == second == {"注意力": 3, "汇聚": 2, "attention": 9}
    assert calls == [1]
    assert len(list(folder.glob("t-*.marshal"))) == 1


def test_a_changed_source_is_read_again(folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "words.txt"
    source.write_text("a bb", encoding="utf-8")
    calls: list[int] = []
    tablecache.load("t", source, _counting(source, calls), dict)
    source.write_text("a bb ccc", encoding="utf-8")
    os.utime(source, ns=(1, 1))
    table = tablecache.load("t", source, _counting(source, calls), dict)
    assert table == {"a": 1, "bb": 2, "ccc": 3}
    assert calls == [1, 1]


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", b"\xe9"])
def test_a_damaged_or_foreign_cache_file_is_rebuilt(
    folder: Path, tmp_path: Path, damage: bytes
) -> None:
    source = tmp_path / "words.txt"
    source.write_text("a bb", encoding="utf-8")
    calls: list[int] = []
    tablecache.load("t", source, _counting(source, calls), dict)
    (cached,) = folder.glob("t-*.marshal")
    cached.write_bytes(damage)
    assert tablecache.load("t", source, _counting(source, calls), dict) == {"a": 1, "bb": 2}
    assert calls == [1, 1]


def test_an_unusable_cache_folder_only_costs_a_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(tablecache.ENV, str(blocker / "cache"))
    source = tmp_path / "words.txt"
    source.write_text("a", encoding="utf-8")
    calls: list[int] = []
    assert tablecache.load("t", source, _counting(source, calls), dict) == {"a": 1}
    monkeypatch.setenv(tablecache.ENV, "")
    assert tablecache.cache_dir() is None
    assert tablecache.load("t", source, _counting(source, calls), dict) == {"a": 1}
    assert calls == [1, 1]


def test_jieba_tables_from_the_cache_equal_the_tables_read_from_jieba(folder: Path) -> None:
    fresh_dictionary = segment._read_dictionary(segment._jieba_file("dict.txt", needed_for="x"))
    fresh_idf = segment._read_idf(segment._jieba_file("analyse", "idf.txt", needed_for="x"))
    for _ in range(2):  # the first call builds and stores, the second reads the cache
        segment._dictionary.cache_clear()
        segment._idf.cache_clear()
        assert segment._dictionary() == fresh_dictionary
        assert segment._idf() == fresh_idf
    assert len(list(folder.glob("jieba-*.marshal"))) == 2

"""The incremental build cache: what it reuses, what invalidates it, and that it never changes
or breaks a build. Builds run with ``jobs=1`` so a spy on ``process_note`` sees every note that
was computed rather than taken from the cache."""

from __future__ import annotations

import os
import pickle
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

import notecards
from notecards import pipeline
from notecards.config import Config
from notecards.model import BuildReport
from notecards.runner import cache, codec, fingerprint

NOTES = {
    "深度学习/cnn.md": (
        "# 卷积神经网络\n\n卷积神经网络是一种专门处理网格结构数据的神经网络。\n\n"
        "池化层的作用是降低特征图的分辨率，减少计算量。\n"
    ),
    "深度学习/attention.md": (
        "# Attention\n\nAttention is a mechanism that lets a model focus on the relevant parts "
        "of its input.\n\n- Query: 查询向量，表示当前关注的内容\n- Key: 键向量，与查询比较\n"
    ),
    "论文笔记/bert.md": (
        "# BERT\n\nBERT 是一种基于 Transformer 编码器的预训练语言模型。\n\n"
        "Masked language modeling is a pre-training task that hides some tokens.\n"
    ),
    "学习方法.md": "# 间隔重复\n\n间隔重复是指按遗忘曲线安排复习时间的学习方法。\n",
}

OLD = 1_600_000_000_000_000_000
"""An mtime far in the past, so stamps are trusted (not "racy")."""


def write_notes(root: Path, notes: dict[str, str] = NOTES) -> None:
    """Write ``notes`` under ``root`` with old mtimes."""
    for rel, text in notes.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        os.utime(path, ns=(OLD, OLD))


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    write_notes(root)
    return root


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the notes each build computed (not taken from the cache), in order."""
    seen: list[str] = []
    real = pipeline.process_note

    def spy(path: Path, root: Path, config: Config) -> object:
        seen.append(path.relative_to(root).as_posix())
        return real(path, root, config)

    monkeypatch.setattr(pipeline, "process_note", spy)
    return seen


Build = Callable[..., BuildReport]


@pytest.fixture
def build(notes: Path, tmp_path: Path, computed: list[str]) -> Build:
    """Build ``notes`` into ``tmp_path/out``; clears the spy first so it shows this build only."""

    def run(config: Config | None = None, out: Path | None = None) -> BuildReport:
        computed.clear()
        return pipeline.build(notes, out or tmp_path / "out", config or Config(jobs=1))

    return run


def test_second_build_computes_nothing_and_gives_the_same_result(
    build: Build, computed: list[str]
) -> None:
    cold = build()
    assert sorted(computed) == sorted(NOTES)
    assert sum(len(n.cards) for n in cold.notes) > 0
    warm = build()
    assert computed == []
    assert warm.notes == cold.notes
    assert warm.warnings == cold.warnings


def test_cached_results_equal_fresh_ones(build: Build, computed: list[str]) -> None:
    build()
    warm = build()
    fresh = build(Config(jobs=1, use_cache=False))
    assert sorted(computed) == sorted(NOTES)
    assert warm.notes == fresh.notes


def test_editing_a_note_recomputes_only_that_note(
    build: Build, computed: list[str], notes: Path
) -> None:
    build()
    path = notes / "深度学习/cnn.md"
    path.write_text(
        NOTES["深度学习/cnn.md"] + "\n激活函数是指给神经元引入非线性的函数。\n", "utf-8"
    )
    report = build()
    assert computed == ["深度学习/cnn.md"]
    fronts = " ".join(c.front + c.back for c in report.cards)
    assert "激活函数" in fronts
    assert report.notes == build(Config(jobs=1, use_cache=False)).notes


def test_touched_but_unchanged_note_is_hashed_not_recomputed(
    build: Build, computed: list[str], notes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build()
    os.utime(notes / "学习方法.md", ns=(OLD + 10**9, OLD + 10**9))
    build()
    assert computed == []
    # The new stamp was saved: the next build does not even hash the file.
    hashed: list[int] = []
    real = codec.digest_bytes
    monkeypatch.setattr(cache, "digest_bytes", lambda data: hashed.append(1) or real(data))
    build()
    assert computed == [] and hashed == []


def test_same_size_rewrite_within_the_clock_window_is_caught(
    build: Build, computed: list[str], notes: Path
) -> None:
    # A stamp taken right after a write is not trusted: a same-size rewrite that keeps the
    # mtime (coarse clocks, fast editors) must still be seen.
    path = notes / "学习方法.md"
    path.write_text("# 间隔重复\n\n间隔重复是指按遗忘曲线安排复习时间的学习方法。\n", "utf-8")
    stamp = path.stat()
    build()
    path.write_text("# 间隔重复\n\n主动回忆是指按遗忘曲线安排复习时间的学习方法。\n", "utf-8")
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert path.stat().st_size == stamp.st_size
    report = build()
    assert computed == ["学习方法.md"]
    assert any("主动回忆" in c.front + c.back for c in report.cards)


CONFIG_CHANGES: dict[str, Callable[[Config, Path], Config]] = {
    "min_confidence": lambda c, _: replace(c, min_confidence=0.55),
    "max_answer_chars": lambda c, _: replace(c, max_answer_chars=120),
    "default_category": lambda c, _: replace(c, default_category="收件箱"),
    "rule disabled": lambda c, _: replace(c, rules=c.rules.disable(c.rules.names()[0])),
    "rule order": lambda c, _: replace(
        c, rules=type(c.rules)((c.rules.rules[-1], *c.rules.rules[:-1]))
    ),
    "segmenter": lambda c, _: replace(c, segmenter="jieba"),
    "user dictionary": lambda c, tmp: replace(c, user_dict=tmp / "words.txt"),
}


@pytest.mark.parametrize("change", CONFIG_CHANGES.values(), ids=CONFIG_CHANGES.keys())
def test_a_config_change_recomputes_everything(
    change: Callable[[Config, Path], Config], build: Build, computed: list[str], tmp_path: Path
) -> None:
    (tmp_path / "words.txt").write_text("卷积神经网络\n", encoding="utf-8")
    build()
    changed = change(Config(jobs=1), tmp_path)
    build(changed)
    assert sorted(computed) == sorted(NOTES)
    build(changed)
    assert computed == []


def test_user_dictionary_content_is_part_of_the_key(
    build: Build, computed: list[str], tmp_path: Path
) -> None:
    words = tmp_path / "words.txt"
    words.write_text("卷积神经网络\n", encoding="utf-8")
    config = Config(jobs=1, user_dict=words)
    build(config)
    build(config)
    assert computed == []
    words.write_text("卷积神经网络\n特征图\n", encoding="utf-8")
    build(config)
    assert sorted(computed) == sorted(NOTES)


def test_run_only_settings_keep_the_cache(build: Build, computed: list[str]) -> None:
    build()
    build(Config(jobs=2, strict=True, retire_orphans=False))
    assert computed == []


def test_a_new_version_or_changed_source_recomputes_everything(
    build: Build, computed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    build()
    monkeypatch.setattr(notecards, "__version__", "99.0")
    build()
    assert sorted(computed) == sorted(NOTES)
    monkeypatch.setattr(fingerprint, "source_digest", lambda: "edited")
    build()
    assert sorted(computed) == sorted(NOTES)
    build()
    assert computed == []


def test_no_cache_forces_a_full_build_and_refreshes_the_cache(
    build: Build, computed: list[str]
) -> None:
    build()
    build(Config(jobs=1, use_cache=False))
    assert sorted(computed) == sorted(NOTES)
    build()
    assert computed == []


def rows(out: Path) -> dict[str, bytes]:
    """rel path → stored result blob, straight from the cache database."""
    db = sqlite3.connect(out / cache.CACHE_DIR / cache.DB_NAME)
    try:
        return dict(db.execute("SELECT rel, result FROM notes").fetchall())
    finally:
        db.close()


def test_moved_and_deleted_notes_are_new_entries_and_pruned(
    build: Build, computed: list[str], notes: Path, tmp_path: Path
) -> None:
    build()
    (notes / "论文笔记/bert.md").rename(notes / "深度学习/bert.md")
    (notes / "学习方法.md").unlink()
    report = build()
    assert computed == ["深度学习/bert.md"]
    assert {n.rel_path: n.category for n in report.notes}["深度学习/bert.md"] == "深度学习"
    assert sorted(rows(tmp_path / "out")) == sorted(
        ["深度学习/cnn.md", "深度学习/attention.md", "深度学习/bert.md"]
    )


def test_a_corrupt_cache_file_is_ignored_and_rebuilt(
    build: Build, computed: list[str], tmp_path: Path
) -> None:
    cold = build()
    db = tmp_path / "out" / cache.CACHE_DIR / cache.DB_NAME
    db.write_bytes(b"this is not a database" * 100)
    again = build()
    assert sorted(computed) == sorted(NOTES)
    assert again.notes == cold.notes
    build()
    assert computed == []


def test_a_cache_of_another_format_is_replaced(
    build: Build, computed: list[str], tmp_path: Path
) -> None:
    folder = tmp_path / "out" / cache.CACHE_DIR
    folder.mkdir(parents=True)
    db = sqlite3.connect(folder / cache.DB_NAME)
    with db:
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("INSERT INTO meta VALUES ('format', '0')")
        db.execute("CREATE TABLE notes (path TEXT, payload TEXT)")  # an older layout
    db.close()
    cold = build()
    assert sorted(computed) == sorted(NOTES)
    assert build().notes == cold.notes
    assert computed == []


def test_a_damaged_entry_is_recomputed(build: Build, computed: list[str], tmp_path: Path) -> None:
    cold = build()
    db = sqlite3.connect(tmp_path / "out" / cache.CACHE_DIR / cache.DB_NAME)
    with db:
        db.execute("UPDATE notes SET result = ? WHERE rel = ?", (b"\x80\x05garbage", "学习方法.md"))
    db.close()
    assert build().notes == cold.notes
    assert computed == ["学习方法.md"]


def test_an_unwritable_cache_warns_and_the_build_goes_on(
    build: Build, computed: list[str], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / cache.CACHE_DIR).write_text("a file where the cache folder should be")
    report = build()
    assert sorted(computed) == sorted(NOTES)
    assert report.notes == build(Config(jobs=1, use_cache=False)).notes
    assert "build cache" in caplog.text


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_a_read_only_cache_folder_is_read_but_not_written(
    build: Build, computed: list[str], tmp_path: Path, notes: Path
) -> None:
    cold = build()
    folder = tmp_path / "out" / cache.CACHE_DIR
    folder.chmod(0o555)
    try:
        (notes / "学习方法.md").write_text("# 新\n\n新笔记是指刚写的笔记。\n", "utf-8")
        assert build().notes != cold.notes
        assert computed == ["学习方法.md"]
    finally:
        folder.chmod(0o755)


def test_a_cache_that_cannot_be_written_is_still_read(
    build: Build,
    computed: list[str],
    notes: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # What a read-only folder does to SQLite, without needing permissions (tests run as root).
    cold = build()

    def read_only(self: cache.NoteCache, path: Path) -> sqlite3.Connection:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)

    monkeypatch.setattr(cache.NoteCache, "_connect", read_only)
    (notes / "学习方法.md").write_text("# 新\n\n新笔记是指刚写的笔记。\n", "utf-8")
    report = build()
    assert computed == ["学习方法.md"]
    assert report.notes != cold.notes
    assert "cannot write the build cache" in caplog.text
    monkeypatch.undo()
    assert build().notes == report.notes


def test_a_dry_run_writes_no_cache(build: Build, computed: list[str], tmp_path: Path) -> None:
    build(Config(jobs=1, dry_run=True))
    assert not (tmp_path / "out" / cache.CACHE_DIR).exists()
    build()
    build(Config(jobs=1, dry_run=True))
    assert computed == []  # but it does read one


def test_blobs_round_trip_and_refuse_foreign_classes(build: Build) -> None:
    report = build()
    for note in report.notes:
        assert codec.decode(codec.encode(note)) == note

    class Evil:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, ("echo pwned",))

    assert codec.decode(pickle.dumps(Evil())) is None
    assert codec.decode(b"") is None

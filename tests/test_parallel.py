"""Worker processes: ``--jobs 2`` gives exactly what ``--jobs 1`` gives, on generated notes and on
a slice of the shared corpora, and the chunking covers every note once, in order."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import pytest

from notecards import pipeline
from notecards.config import Config
from notecards.model import BuildReport
from notecards.runner import workers

PARAGRAPHS = (
    "卷积神经网络是一种专门处理网格结构数据的神经网络。",
    "池化层的作用是降低特征图的分辨率，减少计算量。",
    "Attention is a mechanism that lets a model focus on the relevant parts of its input.",
    "- Query: 查询向量，表示当前关注的内容\n- Key: 键向量，与查询比较",
    "注意力机制（attention mechanism）存在几个问题：\n\n1. 计算量大\n2. 显存占用高\n3. 难以解释",
    "Dropout is a regularization technique that randomly zeroes activations during training.",
    "梯度消失是指反向传播时梯度逐层变小、前几层几乎不更新的现象。",
)


def generated_notes(root: Path, count: int = 48) -> Path:
    """``count`` deterministic notes over three categories, different sizes, one bad file."""
    for i in range(count):
        category = ("深度学习", "论文笔记", "algorithms")[i % 3]
        body = "\n\n".join(
            f"{PARAGRAPHS[(i + k) % len(PARAGRAPHS)]} (第 {i}.{k} 条)" for k in range(1 + i % 9)
        )
        path = root / category / f"note-{i:03d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# 笔记 {i}\n\n## 小节\n\n{body}\n", encoding="utf-8")
    (root / "深度学习" / "broken.md").write_bytes(b"\xff\xfe\x00\xd8" * 50 + b"\x00\x00\x81")
    return root


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Let a small folder take the parallel path; records the worker count of each pool."""
    monkeypatch.setattr(workers, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(workers, "CHUNK_MIN_BYTES", 512)
    pools: list[int] = []
    real = workers._compute_parallel

    def spy(*args: object, **kwargs: object) -> object:
        pools.append(args[3])  # type: ignore[arg-type]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(workers, "_compute_parallel", spy)
    return pools


def package_rows(out: Path) -> dict[str, list[tuple[str, str, str]]]:
    """deck file → its notes as (guid, fields, tags), sorted; what Anki would import."""
    decks = {}
    for apkg in sorted(out.glob("*.apkg")):
        with zipfile.ZipFile(apkg) as archive, tempfile.TemporaryDirectory() as tmp:
            db_path = Path(tmp) / "collection.anki2"
            db_path.write_bytes(archive.read("collection.anki2"))
            db = sqlite3.connect(db_path)
            try:
                decks[apkg.name] = sorted(db.execute("select guid, flds, tags from notes"))
            finally:
                db.close()
    return decks


def build(notes: Path, out: Path, jobs: int) -> BuildReport:
    return pipeline.build(notes, out, Config(jobs=jobs, use_cache=False))


def assert_same_build(notes: Path, tmp_path: Path) -> BuildReport:
    one = build(notes, tmp_path / "out-1", jobs=1)
    two = build(notes, tmp_path / "out-2", jobs=2)
    assert two.notes == one.notes  # every card, rejection and dropped line, in the same order
    assert two.warnings == one.warnings
    assert package_rows(tmp_path / "out-2") == package_rows(tmp_path / "out-1")
    return one


def test_jobs_2_equals_jobs_1_on_generated_notes(tmp_path: Path, small_chunks: list[int]) -> None:
    notes = generated_notes(tmp_path / "notes")
    report = assert_same_build(notes, tmp_path)
    assert small_chunks == [2], "the parallel path was not taken"
    assert len(report.notes) == 48
    assert sum(len(n.cards) for n in report.notes) >= 5
    # Notes repeat each other: which copy wins deduplication depends on order being kept.
    assert any(r.reason == "duplicate" for n in report.notes for r in n.rejected)
    assert [w.path for w in report.warnings if "broken" in w.path]


def test_jobs_2_equals_jobs_1_on_a_corpus_slice(
    corpora: Path, tmp_path: Path, small_chunks: list[int]
) -> None:
    notes = tmp_path / "notes"
    for name in ("d2l-zh", "oi-wiki"):
        for path in sorted((corpora / name).rglob("*.md"))[::15]:
            target = notes / name / path.relative_to(corpora / name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    report = assert_same_build(notes, tmp_path)
    assert small_chunks == [2]
    assert sum(len(n.cards) for n in report.notes) > 90


def test_warm_parallel_build_equals_cold(tmp_path: Path, small_chunks: list[int]) -> None:
    notes = generated_notes(tmp_path / "notes")
    cold = pipeline.build(notes, tmp_path / "out", Config(jobs=2))
    rows = package_rows(tmp_path / "out")
    warm = pipeline.build(notes, tmp_path / "out", Config(jobs=2))
    assert warm.notes == cold.notes
    assert package_rows(tmp_path / "out") == rows
    assert small_chunks == [2]  # the warm build had nothing to compute


def test_small_work_stays_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pools: list[object] = []
    monkeypatch.setattr(workers, "_compute_parallel", lambda *a: pools.append(a) or iter(()))
    notes = generated_notes(tmp_path / "notes", count=4)
    report = build(notes, tmp_path / "out", jobs=2)
    assert pools == [] and len(report.notes) == 4


@pytest.mark.parametrize("workers_count", [1, 2, 3])
def test_chunks_cover_every_task_once_as_consecutive_runs(workers_count: int) -> None:
    sizes = [5_000, 300_000, 10, 70_000, 2_000_000, 1, 64_000, 64_000, 90_000] * 7
    tasks = [workers.Task(i, Path(f"n{i}.md"), size) for i, size in enumerate(sizes)]
    chunks = workers.chunk(tasks, workers_count)
    assert sorted(t.index for c in chunks for t in c) == list(range(len(tasks)))
    for c in chunks:
        assert [t.index for t in c] == list(range(c[0].index, c[0].index + len(c)))
        assert len(c) <= workers.CHUNK_MAX_NOTES
    totals = [sum(t.size for t in c) for c in chunks]
    assert totals == sorted(totals, reverse=True)  # biggest first, for load balance


@pytest.mark.parametrize("method", ["forkserver", "spawn"])
def test_non_fork_workers_give_the_same_output(
    method: str, tmp_path: Path, small_chunks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # With another thread alive (a progress bar's) fork is unsafe and a forkserver is used;
    # Windows only has spawn. The settings then travel pickled.
    import multiprocessing

    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} here")
    monkeypatch.setattr(workers, "_context", lambda: multiprocessing.get_context(method))
    notes = generated_notes(tmp_path / "notes", count=12)
    assert_same_build(notes, tmp_path)
    assert small_chunks == [2]


def test_fork_is_avoided_while_other_threads_run() -> None:
    import multiprocessing
    import threading

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork here")
    assert workers._context().get_start_method() == "fork"  # type: ignore[union-attr]
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert workers._context().get_start_method() != "fork"  # type: ignore[union-attr]
    finally:
        stop.set()
        thread.join()

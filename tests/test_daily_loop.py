"""Issue 5 acceptance: a simulated month of build → import → review → edit → rebuild → import,
with the real Anki library and desktop import defaults.

Build times are simulated days that start 30 days ago, so an edit made inside Anki (stamped
with the real clock) is newer than every build until the last day, as it would be in real life.
After every step: no duplicate notes, reviewed cards keep their review logs and scheduling,
Anki shows what the packages hold (except the note edited in Anki), and the dry-run counts are
exactly what the import then does.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

helpers = pytest.importorskip("anki_helpers")

from card_helpers import notes_from, read_package  # noqa: E402
from notecards.config import Config  # noqa: E402
from notecards.export import export, package  # noqa: E402
from notecards.pipeline import build  # noqa: E402

DAY = 86_400
START = int(time.time()) - 30 * DAY
SAMPLE_NOTES = Path(__file__).parent.parent / "notes"

MONTH_ONE = {
    "机器学习/cnn.md": [
        ("池化层的作用", "降低特征图的维度"),
        ("卷积核", "在输入上滑动的小权重矩阵", "reversible"),
        "{{c1::ReLU}} 是最常用的激活函数",
    ],
    "机器学习/rnn.md": [
        ("LSTM 的三个门", "输入门、遗忘门、输出门"),
        ("梯度消失", "梯度在反向传播中指数衰减"),
    ],
    "English/basics.md": [
        ("What is a tensor", "A multi-dimensional array"),
        ("What is an epoch", "One full pass over the data"),
    ],
    "English/optim.md": [
        ("What does the learning rate control", "The step size"),
        "{{c1::Adam}} combines momentum and RMSProp",
    ],
}


class Month:
    """The user's notes, output folder and Anki collection, one simulated day at a time."""

    def __init__(self, tmp_path: Path) -> None:
        self.spec = {path: list(cards) for path, cards in MONTH_ONE.items()}
        self.out = tmp_path / "decks"
        self.col = helpers.new_collection(tmp_path)
        self.day = 0
        self.scheduled: dict[int, tuple[object, ...]] = {}
        """Reviewed cards → (scheduling, review count) as last seen after a review."""
        self.edited_in_anki: str | None = None
        """GUID of the note the user edited inside Anki."""

    def build(self, dry_run: bool = False):
        notes = notes_from(self.spec)
        now = START + self.day * DAY
        return export.export(
            notes, self.out, export.ExportOptions(Path("/notes")), now=now, dry_run=dry_run
        )

    def rebuild_and_import(self, predicted: bool = True) -> dict[str, int]:
        """Dry run, real build, import of every package; checks the dry run predicted the import
        (unless ``predicted`` is False: without its state file the tool cannot know)."""
        dry = self.build(dry_run=True)
        real = self.build()
        assert [r.counts for r in dry] == [r.counts for r in real]
        counts = {name: sum(r.counts[name] for r in real) for name in package.COUNT_NAMES}
        self.imported = helpers.import_all(self.col, [r.path for r in real])
        if predicted:
            assert self.imported == helpers.ImportCounts(
                new=counts["new"],
                updated=counts["changed"] + counts["moved"] + counts["retired"],
                duplicate=counts["unchanged"],
            )
        self.check()
        return counts

    def review(self, limit: int = 100) -> list[int]:
        answered = helpers.review(self.col, limit)
        assert answered, "the scheduler had nothing to review"
        self._snapshot_scheduling()
        return answered

    def _snapshot_scheduling(self) -> None:
        revlog = helpers.review_counts(self.col)
        for cid, card in helpers.cards(self.col).items():
            if cid in revlog:
                self.scheduled[cid] = (
                    card.type,
                    card.queue,
                    card.due,
                    card.ivl,
                    card.reps,
                    revlog[cid],
                )

    def check(self) -> None:
        assert helpers.duplicate_guids(self.col) == []
        assert helpers.duplicate_fronts(self.col) == []
        cards, revlog = helpers.cards(self.col), helpers.review_counts(self.col)
        for cid, before in self.scheduled.items():
            card = cards[cid]
            assert (card.type, card.queue, card.due, card.ivl, card.reps, revlog[cid]) == before
        in_anki = helpers.notes(self.col)
        for path in sorted(self.out.glob("*.apkg")):
            for guid, row in read_package(path)[0].items():
                if guid != self.edited_in_anki:
                    assert tuple(in_anki[guid].fields.values()) == row.fields, row.fields[0]
                    # Anki may adopt the case of a tag it already has ("CNN" for "cnn").
                    assert _folded(in_anki[guid].tags) == _folded(row.tags)

    def note(self, front: str):
        (note,) = [n for n in helpers.notes(self.col).values() if n.front == front]
        return note


@pytest.fixture
def month(tmp_path):
    month = Month(tmp_path)
    yield month
    month.col.close()


def test_a_month_of_daily_rebuilds(month):
    counts = month.rebuild_and_import()
    assert counts["new"] == 9 and len(helpers.notes(month.col)) == 9
    assert len(helpers.cards(month.col)) == 10  # the reversible card has two
    month.review()
    guids = {n.front: n.guid for n in helpers.notes(month.col).values()}

    month.day = 1  # edit an answer
    month.spec["机器学习/cnn.md"][0] = ("池化层的作用", "降低维度，保留主要特征")
    assert month.rebuild_and_import()["changed"] == 1
    assert month.note("池化层的作用").fields["Back"] == "降低维度，保留主要特征"

    month.day = 2  # reword a question slightly
    month.spec["English/basics.md"][0] = ("What exactly is a tensor", "A multi-dimensional array")
    assert month.rebuild_and_import()["changed"] == 1
    assert month.note("What exactly is a tensor").guid == guids["What is a tensor"]

    month.day = 3  # add a note
    month.spec["English/loss.md"] = [("What is cross-entropy", "A loss for classification")]
    assert month.rebuild_and_import()["new"] == 1
    month.review()

    month.day = 4  # delete a note: its cards are retired, tagged, still in Anki with their history
    del month.spec["机器学习/rnn.md"]
    counts = month.rebuild_and_import()
    assert counts["retired"] == 2
    assert "notecards::retired" in month.note("LSTM 的三个门").tags
    assert set(month.col.find_notes(export.RETIRED_SEARCH)) == {
        month.note("LSTM 的三个门").id,
        month.note("梯度消失").id,
    }

    month.day = 5  # move a note to another category: same notes, tagged, Anki keeps the deck
    month.spec["机器学习/optim.md"] = month.spec.pop("English/optim.md")
    assert month.rebuild_and_import()["moved"] == 2
    moved = month.note("What does the learning rate control")
    assert moved.guid == guids["What does the learning rate control"]
    assert "notecards::moved" in moved.tags and moved.decks == ("English",)
    assert len(month.col.find_notes(export.MOVED_SEARCH)) == 2

    month.day = 6  # rename a file
    month.spec["机器学习/convnets.md"] = month.spec.pop("机器学习/cnn.md")
    assert month.rebuild_and_import()["changed"] == 3  # their file tag changed
    assert month.note("池化层的作用").guid == guids["池化层的作用"]
    assert "notecards::file::机器学习/convnets.md" in month.note("池化层的作用").tags

    month.day = 7  # edit a card inside Anki; the source is unchanged, so the edit survives
    epoch = month.col.get_note(month.note("What is an epoch").id)
    epoch["Back"] = "My own words"
    month.col.update_note(epoch)
    month.edited_in_anki = epoch.guid
    # 8 live cards and the 2 retired ones: shipped again, tagged, for 30 days
    assert month.rebuild_and_import()["unchanged"] == 10
    assert month.note("What is an epoch").fields["Back"] == "My own words"

    month.day = 8  # a cloze gains a deletion: the reviewed one keeps its card, a card is added
    relu = month.note("{{c1::ReLU}} 是最常用的激活函数")
    month.spec["机器学习/convnets.md"][2] = "{{c1::ReLU}} 是最常用的{{c2::激活函数}}"
    assert month.rebuild_and_import()["changed"] == 1
    relu_cards = [c for c in helpers.cards(month.col).values() if c.nid == relu.id]
    assert sorted(c.ord for c in relu_cards) == [0, 1]
    month.review()

    month.day = 9  # and loses the first one: the remaining deletion keeps its number
    month.spec["机器学习/convnets.md"][2] = "ReLU 是最常用的{{c1::激活函数}}"
    month.rebuild_and_import()
    assert month.note("ReLU 是最常用的{{c2::激活函数}}").id == relu.id

    month.day = 31  # later, the source of the note edited in Anki changes: the source wins
    month.spec["English/basics.md"][1] = ("What is an epoch", "One pass over all training data")
    month.edited_in_anki = None
    assert month.rebuild_and_import()["changed"] == 1
    assert month.note("What is an epoch").fields["Back"] == "One pass over all training data"

    notes = helpers.notes(month.col)
    assert len(notes) == 10  # 9 first-day notes + 1 added; nothing ever duplicated
    assert len({n.guid for n in notes.values()}) == 10


def test_two_builds_of_unchanged_notes_import_as_nothing(month):
    month.rebuild_and_import()
    first = {p.name: read_package(p)[0] for p in month.out.glob("*.apkg")}
    month.day = 3
    counts = month.rebuild_and_import()
    assert counts["unchanged"] == 9 and counts["new"] == counts["changed"] == 0
    assert {p.name: read_package(p)[0] for p in month.out.glob("*.apkg")} == first
    mods = {n.guid: n.mod for n in helpers.notes(month.col).values()}
    assert mods == {guid: row.mod for rows in first.values() for guid, row in rows.items()}


def test_deleting_the_state_file_does_not_duplicate(month):
    month.rebuild_and_import()
    month.review()
    (month.out / "notecards-state.json").unlink()
    month.day = 1
    counts = month.rebuild_and_import(predicted=False)
    assert counts["new"] == 9  # the tool forgot, but the GUIDs are the same: Anki updates in place
    assert month.imported == helpers.ImportCounts(updated=9)
    assert len(helpers.notes(month.col)) == 9


# --- notecards sync: the same loop without the import dialog ---------------------------------


def test_sync_writes_the_same_notes_into_the_collection(tmp_path):
    from notecards.export.export import ExportOptions
    from notecards.export.sync import sync

    col = helpers.new_collection(tmp_path)
    col.close()
    path, out = tmp_path / "collection.anki2", tmp_path / "decks"
    first = sync(notes_from(MONTH_ONE), path, out, ExportOptions(Path("/notes")), now=START)
    assert (first.added, first.updated, first.skipped) == (9, 0, 0)
    col = helpers.new_collection(tmp_path)
    try:
        assert helpers.review(col) and helpers.duplicate_guids(col) == []
        history = helpers.review_counts(col)
    finally:
        col.close()

    spec = {path: list(cards) for path, cards in MONTH_ONE.items()}
    spec["English/basics.md"][0] = ("What is a tensor", "An n-dimensional array")
    second = sync(notes_from(spec), path, out, ExportOptions(Path("/notes")), now=START + DAY)
    assert (second.added, second.updated, second.skipped) == (0, 1, 8)
    col = helpers.new_collection(tmp_path)
    try:
        tensor = next(n for n in helpers.notes(col).values() if n.front == "What is a tensor")
        assert tensor.fields["Back"] == "An n-dimensional array"
        assert helpers.review_counts(col) == history
    finally:
        col.close()


HOLD_COLLECTION = """
import sys, time
from anki.collection import Collection
col = Collection(sys.argv[1])
print("open", flush=True)
time.sleep(60)
"""


def test_sync_refuses_while_anki_has_the_collection_open(tmp_path):
    import subprocess
    import sys

    from notecards.errors import CollectionLockedError, ExportError
    from notecards.export.export import ExportOptions
    from notecards.export.sync import sync

    helpers.new_collection(tmp_path).close()
    path, out = tmp_path / "collection.anki2", tmp_path / "decks"
    anki_app = subprocess.Popen(
        [sys.executable, "-c", HOLD_COLLECTION, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert anki_app.stdout is not None and anki_app.stdout.readline().strip() == "open"
        with pytest.raises(CollectionLockedError, match="open in Anki"):
            sync(notes_from(MONTH_ONE), path, out, ExportOptions(Path("/notes")))
    finally:
        anki_app.kill()
        anki_app.wait()
    assert not out.exists()  # refused before anything was written
    with pytest.raises(ExportError, match="no Anki collection"):
        sync(notes_from(MONTH_ONE), tmp_path / "typo.anki2", out, ExportOptions(Path("/notes")))


# --- the same month on the shipped sample notes, through the whole pipeline ------------------

OWN_NOTE = """# 优化

- 学习率：控制每一步参数更新的幅度
- 动量：累积历史梯度以加速收敛
- 权重衰减：在损失中加入参数的 L2 惩罚
"""


class PipelineMonth(Month):
    """A month whose notes are real files built by :func:`notecards.pipeline.build`."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        super().__init__(tmp_path)
        self.notes_dir = tmp_path / "notes"
        shutil.copytree(SAMPLE_NOTES, self.notes_dir)
        (self.notes_dir / "深度学习" / "优化.md").write_text(OWN_NOTE, encoding="utf-8")
        # build() has no clock argument: the export stage's clock is the simulated day.
        monkeypatch.setattr(export, "time", self)
        self.report = None

    def time(self) -> float:
        return START + self.day * DAY

    def build(self, dry_run: bool = False):
        report = build(self.notes_dir, self.out, Config(jobs=1, dry_run=dry_run))
        self.report = report
        return list(report.decks)

    def cards_of(self, rel_path: str) -> int:
        assert self.report is not None
        return sum(len(n.cards) for n in self.report.notes if n.rel_path == rel_path)

    def edit(self, rel_path: str, old: str, new: str) -> None:
        path = self.notes_dir / rel_path
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")

    def move(self, old: str, new: str) -> None:
        (self.notes_dir / new).parent.mkdir(parents=True, exist_ok=True)
        (self.notes_dir / old).rename(self.notes_dir / new)

    def by_back(self, text: str):
        (note,) = [n for n in helpers.notes(self.col).values() if text in n.fields.get("Back", "")]
        return note


def test_a_month_with_the_sample_notes_through_the_pipeline(tmp_path, monkeypatch):
    month = PipelineMonth(tmp_path, monkeypatch)
    try:
        counts = month.rebuild_and_import()
        assert counts["new"] >= 20 and counts["new"] == len(helpers.notes(month.col))
        assert month.review()
        learning_rate = month.by_back("控制每一步参数更新的幅度").guid
        decay = month.by_back("在损失中加入参数的 L2 惩罚").guid

        month.day = 1  # edit an answer
        month.edit("深度学习/优化.md", "控制每一步参数更新的幅度", "控制每一步更新的步长")
        assert month.rebuild_and_import()["changed"] == 1
        assert month.by_back("控制每一步更新的步长").guid == learning_rate

        month.day = 2  # reword a question slightly
        month.edit("深度学习/优化.md", "- 权重衰减：", "- 权重衰减项：")
        counts = month.rebuild_and_import()
        assert (counts["changed"], counts["new"], counts["retired"]) == (1, 0, 0)
        assert month.by_back("在损失中加入参数的 L2 惩罚").guid == decay

        month.day = 3  # add a note
        new_note = month.notes_dir / "深度学习" / "归一化.md"
        new_note.write_text("# 归一化\n\n- 批归一化：对每一批数据做标准化\n", encoding="utf-8")
        assert month.rebuild_and_import()["new"] == month.cards_of("深度学习/归一化.md") >= 1
        month.review()

        month.day = 4  # delete a note
        gone = month.cards_of("algorithms/kmp.txt")
        (month.notes_dir / "algorithms" / "kmp.txt").unlink()
        assert gone and month.rebuild_and_import()["retired"] == gone
        assert len(month.col.find_notes(export.RETIRED_SEARCH)) == gone

        month.day = 5  # move a note to another category
        moving = month.cards_of("algorithms/dynamic-programming.md")
        month.move("algorithms/dynamic-programming.md", "深度学习/dynamic-programming.md")
        counts = month.rebuild_and_import()
        assert moving and (counts["moved"], counts["new"]) == (moving, 0)
        moved = [helpers.notes(month.col)[g] for g in _guids(month, export.MOVED_SEARCH)]
        assert len(moved) == moving and all(n.decks == ("algorithms",) for n in moved)

        month.day = 6  # rename a file
        guids = set(helpers.notes(month.col))
        renamed = month.cards_of("深度学习/注意力机制.md")
        month.move("深度学习/注意力机制.md", "深度学习/attention.md")
        counts = month.rebuild_and_import()
        assert renamed and (counts["changed"], counts["new"], counts["retired"]) == (renamed, 0, 0)
        assert set(helpers.notes(month.col)) == guids

        month.day = 7  # edit a card inside Anki; its source is unchanged, so the edit survives
        note = month.col.get_note(month.by_back("控制每一步更新的步长").id)
        note["Back"] = "我自己的话"
        month.col.update_note(note)
        month.edited_in_anki = note.guid
        counts = month.rebuild_and_import()
        assert counts["unchanged"] == sum(r.cards for r in month.report.decks)
        assert month.by_back("我自己的话").guid == learning_rate

        month.day = 8  # two builds of unchanged notes: identical notes, nothing imported
        before = {p.name: read_package(p)[0] for p in month.out.glob("*.apkg")}
        assert month.rebuild_and_import()["unchanged"] == counts["unchanged"]
        assert {p.name: read_package(p)[0] for p in month.out.glob("*.apkg")} == before
    finally:
        month.col.close()


def _folded(tags: tuple[str, ...]) -> list[str]:
    return sorted(t.casefold() for t in tags)


def _guids(month: Month, search: str) -> list[str]:
    return [month.col.get_note(nid).guid for nid in month.col.find_notes(search)]

"""Nothing from outside the notes folder reaches a deck (issue 14, point 1).

A notes folder is built in ``tmp_path`` with every kind of hostile image reference — absolute
paths, ``../``, ``%2F``-encoded paths, raw ``<img>`` tags, links inside the notes pointing out to
a file or a folder, a folder, a FIFO, a file over the size limit — beside legitimate images. The
real build runs on it; the package's media map, the warnings and the cards as a real Anki
collection shows them after import are checked. Linked notes and folders that lead out are
skipped by discovery.
"""

from __future__ import annotations

import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notecards import pipeline
from notecards.cli.commands import app
from notecards.config import Config
from notecards.model import BuildReport

SECRET = b"SECRET-OUTSIDE-THE-NOTES"
"""Content of every file outside the notes folder: it must never be in a package."""
GOOD = b"\x89PNG inside the notes"
LIMIT = 1000
"""The media size limit these builds run with (bytes)."""


@dataclass(frozen=True)
class Hostile:
    """One hostile reference: the note line's answer and the reason the warning must give."""

    answer: str
    reason: str
    shown: str
    """Text the card must show in its place (the reference as text)."""


@dataclass(frozen=True)
class Folder:
    """The notes folder of a test and what its note holds, line by line."""

    notes: Path
    outside: Path
    hostile: dict[int, Hostile]
    """Line number in ``c/a.md`` → the hostile reference on it."""
    good_lines: tuple[int, ...]


def make_folder(tmp_path: Path) -> Folder:
    outside = tmp_path / "outside"
    (outside / "sub").mkdir(parents=True)
    (outside / "secret.png").write_bytes(SECRET)
    (outside / "sub" / "secret.png").write_bytes(SECRET)
    (outside / "note.md").write_text("外部问题 :: 外部答案\n", encoding="utf-8")
    (outside / "folder").mkdir()
    (outside / "folder" / "n.md").write_text("外部文件夹问题 :: 外部答案\n", encoding="utf-8")

    notes = tmp_path / "notes"
    (notes / "c" / "img").mkdir(parents=True)
    (notes / "c" / "img" / "ok.png").write_bytes(GOOD)
    (notes / "c" / "big.png").write_bytes(b"x" * (LIMIT + 1))
    (notes / "c" / "folder.png").mkdir()
    os.mkfifo(notes / "c" / "pipe.png")
    os.symlink(outside / "secret.png", notes / "c" / "link.png")
    os.symlink(outside / "sub", notes / "c" / "linkdir")
    os.symlink(notes / "c" / "img" / "ok.png", notes / "c" / "inner-link.png")
    # Linked note and folder pointing out: skipped by discovery.
    os.symlink(outside / "note.md", notes / "c" / "linked-note.md")
    os.symlink(outside / "folder", notes / "linked-folder")

    secret = outside / "secret.png"
    up = os.path.relpath(secret, notes / "c")
    encoded = up.replace("/", "%2F")
    out = "outside the notes folder"
    link = "a symbolic link to outside the notes folder"
    hostile = [
        Hostile(f"![abs]({secret})", out, f"![abs]({secret})"),
        Hostile(f"![up]({up})", out, f"![up]({up})"),
        Hostile(f"![enc]({encoded})", out, f"![enc]({up})"),
        Hostile(f'<img src="{secret}" alt="tag">', out, f"![tag]({secret})"),
        Hostile("![lf](link.png)", link, "![lf](link.png)"),
        Hostile("![ld](linkdir/secret.png)", link, "![ld](linkdir/secret.png)"),
        Hostile("![dir](folder.png)", "not a regular file", "![dir](folder.png)"),
        Hostile("![fifo](pipe.png)", "not a regular file", "![fifo](pipe.png)"),
        Hostile("![big](big.png)", "over the", "![big](big.png)"),
        Hostile("![nul](a%00.png)", "not a usable file name", "![nul](a\x00.png)"),
    ]
    good = ["![ok](img/ok.png)", "![ok2](../c/img/ok.png)", "![il](inner-link.png)"]
    lines = [f"问题{i}是什么 :: 答案 {answer}" for i, answer in enumerate(
        [h.answer for h in hostile] + good
    )]  # fmt: skip
    (notes / "c" / "a.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Folder(
        notes,
        outside,
        {i + 1: h for i, h in enumerate(hostile)},
        tuple(range(len(hostile) + 1, len(lines) + 1)),
    )


def media_of(package: Path) -> dict[str, bytes]:
    """Packed name → bytes of every file the package carries."""
    with zipfile.ZipFile(package) as archive:
        names = json.loads(archive.read("media"))
        return {name: archive.read(index) for index, name in names.items()}


def build(folder: Folder, out: Path) -> BuildReport:
    return pipeline.build(folder.notes, out, Config(jobs=1, max_media_bytes=LIMIT))


def test_hostile_references_pack_nothing_and_warn_naming_note_line_and_reason(tmp_path):
    folder = make_folder(tmp_path)
    report = build(folder, tmp_path / "decks")

    media = media_of(tmp_path / "decks" / "c.apkg")
    assert all(SECRET not in data for data in media.values())
    assert list(media.values()) == [GOOD]  # the three good references share one file

    image_warnings = {w.path: w.reason for w in report.warnings if "image" in w.reason}
    for line, hostile in folder.hostile.items():
        reason = image_warnings.pop(f"c/a.md:{line}")
        assert reason.startswith("image not packed (") and hostile.reason in reason, reason
    assert image_warnings == {}  # the good lines warn of nothing


def test_linked_notes_and_folders_that_lead_out_are_skipped(tmp_path):
    folder = make_folder(tmp_path)
    report = build(folder, tmp_path / "decks")
    assert [n.rel_path for n in report.notes] == ["c/a.md"]
    skipped = {w.path: w.reason for w in report.warnings if "image" not in w.reason}
    assert set(skipped) == {"c/linkdir", "c/linked-note.md", "linked-folder"}
    assert all("symbolic link to outside the notes folder" in r for r in skipped.values())
    assert not (tmp_path / "decks" / "linked-folder.apkg").exists()


def test_anki_shows_the_references_as_text_and_gets_only_the_good_image(tmp_path):
    helpers = pytest.importorskip("anki_helpers")
    folder = make_folder(tmp_path)
    build(folder, tmp_path / "decks")
    col = helpers.new_collection(tmp_path)
    try:
        helpers.import_package(col, tmp_path / "decks" / "c.apkg")
        backs = {note.front: note.fields["Back"] for note in helpers.notes(col).values()}
        media_dir = Path(col.media.dir())
        stored = [p.read_bytes() for p in media_dir.iterdir() if p.is_file()]
    finally:
        col.close()
    assert stored == [GOOD]
    for line, hostile in folder.hostile.items():
        back = backs[f"问题{line - 1}是什么"]
        assert "<img" not in back
        assert back == "答案 " + hostile.shown.replace("\x00", "").replace("<", "&lt;"), back
    for line in folder.good_lines:
        assert '<img src="' in backs[f"问题{line - 1}是什么"]


def test_a_later_build_does_not_reuse_a_file_that_left_the_notes_folder(tmp_path):
    """An image packed once and then swapped for a link pointing out is refused next build,
    even though the card's text did not change (warm rebuilds reuse last build's rendering)."""
    notes = tmp_path / "notes"
    (notes / "c").mkdir(parents=True)
    (notes / "c" / "fig.png").write_bytes(GOOD)
    (notes / "c" / "a.md").write_text("图是什么 :: ![f](fig.png)\n", encoding="utf-8")
    (tmp_path / "secret.png").write_bytes(SECRET)
    out = tmp_path / "decks"
    pipeline.build(notes, out, Config(jobs=1))
    assert list(media_of(out / "c.apkg").values()) == [GOOD]

    (notes / "c" / "fig.png").unlink()
    os.symlink(tmp_path / "secret.png", notes / "c" / "fig.png")
    report = pipeline.build(notes, out, Config(jobs=1))
    assert media_of(out / "c.apkg") == {}
    assert any("symbolic link to outside" in w.reason for w in report.warnings)


def test_the_cli_takes_the_size_limit_in_mb(tmp_path):
    notes = tmp_path / "notes"
    (notes / "c").mkdir(parents=True)
    (notes / "c" / "big.png").write_bytes(b"x" * 300_000)
    (notes / "c" / "a.md").write_text("图是什么 :: ![b](big.png)\n", encoding="utf-8")
    runner = CliRunner()
    args = ["build", str(notes), "-o", str(tmp_path / "decks"), "-j", "1"]
    result = runner.invoke(app, [*args, "--max-media-mb", "0.1"])
    assert result.exit_code == 0, result.output
    assert "c/a.md:1" in result.output and "over the 0.1 MB limit" in result.output
    assert media_of(tmp_path / "decks" / "c.apkg") == {}
    result = runner.invoke(app, args)  # the default, 20 MB, packs it
    assert result.exit_code == 0, result.output
    assert len(media_of(tmp_path / "decks" / "c.apkg")) == 1

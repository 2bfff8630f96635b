"""The read stage: walking a notes folder, decoding notes, front matter and categories.

Bad inputs are built in ``tmp_path`` by ``tests/fixtures/bad_inputs/builders.py``; nothing binary
is committed.
"""

from __future__ import annotations

import inspect
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from fixtures.bad_inputs import builders
from notecards.clean.clean import clean
from notecards.errors import NotecardsError, NotesFolderError, UnreadableNote
from notecards.read.discover import discover
from notecards.read.read import MAX_NOTE_BYTES, category_for, read_note

RUNNING_AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def write(folder: Path, rel: str, text: str) -> Path:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- discover -------------------------------------------------------------------------------


def test_discover_sorts_by_relative_path_and_skips_hidden_and_non_notes(tmp_path: Path) -> None:
    for rel in [
        "b.md",
        "a/z.txt",
        "a/b/c.markdown",
        "A.MD",
        "page.html",
        "x.htm",
        "机器学习/池化.md",
    ]:
        write(tmp_path, rel, "# x\n")
    write(tmp_path, "image.png", "png")
    write(tmp_path, ".obsidian/workspace.md", "{}")
    write(tmp_path, ".hidden.md", "x")
    found = discover(tmp_path)
    rels = [p.relative_to(found.root).as_posix() for p in found.notes]
    assert rels == sorted(rels)
    assert set(rels) == {
        "A.MD",
        "a/b/c.markdown",
        "a/z.txt",
        "b.md",
        "page.html",
        "x.htm",
        "机器学习/池化.md",
    }
    assert found.skipped == (".hidden.md", ".obsidian/", "image.png")
    assert found.warnings == ()
    assert found.root == tmp_path.resolve()


def test_discover_is_deterministic(tmp_path: Path) -> None:
    for i in range(30):
        write(tmp_path, f"d{i % 3}/n{(i * 7) % 30}.md", "x")
    assert discover(tmp_path) == discover(tmp_path)


def test_missing_notes_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(NotesFolderError, match="notes folder not found"):
        discover(tmp_path / "nope")


def test_a_file_as_notes_folder_is_a_clear_error(tmp_path: Path) -> None:
    path = write(tmp_path, "note.md", "x")
    with pytest.raises(NotesFolderError, match="not a folder"):
        discover(path)


@pytest.mark.parametrize("name", sorted(builders.DISCOVERY_WARNINGS))
def test_discover_warns_and_goes_on(tmp_path: Path, name: str) -> None:
    build, reason = builders.DISCOVERY_WARNINGS[name]
    bad = build(tmp_path)
    write(tmp_path, "good.md", "# fine\n")
    found = discover(tmp_path)
    assert [p.name for p in found.notes] == ["good.md"]
    assert len(found.warnings) == 1
    assert found.warnings[0].path == bad
    assert reason in found.warnings[0].reason
    assert "\n" not in found.warnings[0].reason


def test_a_file_name_that_is_not_utf8_is_a_warning(tmp_path: Path) -> None:
    os.close(os.open(os.fsencode(tmp_path) + b"/bad-\xff-name.md", os.O_CREAT | os.O_WRONLY))
    write(tmp_path, "good.md", "x")
    found = discover(tmp_path)
    assert [p.name for p in found.notes] == ["good.md"]
    assert [w.reason for w in found.warnings] == ["file name is not valid UTF-8 (rename it)"]
    found.warnings[0].path.encode("utf-8")  # printable


def test_followed_symlinked_folder_is_walked_once(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    write(notes, "real/shared.md", "x")
    os.symlink(notes / "real", notes / "linked")
    found = discover(notes)
    rels = [p.relative_to(found.root).as_posix() for p in found.notes]
    assert rels == ["linked/shared.md", "real/shared.md"]
    assert found.warnings == ()


def test_symlinked_folder_outside_the_notes_is_skipped_with_a_warning(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write(outside, "shared.md", "x")
    notes = tmp_path / "notes"
    notes.mkdir()
    os.symlink(outside, notes / "linked")
    found = discover(notes)
    assert found.notes == ()
    (warning,) = found.warnings
    assert warning.path == "linked" and "outside the notes folder" in warning.reason


def test_unlistable_folder_warns_or_is_read(tmp_path: Path) -> None:
    """chmod 000 on a sub-folder: a warning naming it, or (as root, who can list anything) a read."""
    locked = tmp_path / "locked"
    write(locked, "inside.md", "x")
    write(tmp_path, "outside.md", "x")
    locked.chmod(0)
    try:
        found = discover(tmp_path)
    finally:
        locked.chmod(0o755)
    names = [p.name for p in found.notes]
    if RUNNING_AS_ROOT:
        assert names == ["inside.md", "outside.md"]
    else:
        assert names == ["outside.md"]
        assert [(w.path, w.reason) for w in found.warnings] == [
            ("locked", "cannot list folder: permission denied")
        ]


def test_a_folder_tree_deeper_than_the_recursion_limit(tmp_path: Path) -> None:
    """The walk uses no recursion: it finds a note 200 folders down with the recursion limit set
    just above the current stack (a tree deeper than Python's real limit would break pytest's
    own clean-up of tmp_path, which recurses)."""
    folder = tmp_path
    for _ in range(200):
        folder = folder / "d"
    folder.mkdir(parents=True)
    (folder / "deep.md").write_text("x", encoding="utf-8")
    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 60)
    try:
        found = discover(tmp_path)
    finally:
        sys.setrecursionlimit(old_limit)
    assert [p.name for p in found.notes] == ["deep.md"]
    rel = found.notes[0].relative_to(found.root).as_posix()
    assert category_for(rel, "Inbox").count("::") == 199


def test_ten_thousand_tiny_files(tmp_path: Path) -> None:
    expected = builders.tiny_files(tmp_path)
    found = discover(tmp_path)
    assert [p.relative_to(found.root).as_posix() for p in found.notes] == expected


# --- categories -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rel_path", "category"),
    [
        ("x.md", "Inbox"),
        ("机器学习/x.md", "机器学习"),
        ("机器学习/CNN/x.md", "机器学习::CNN"),
        ("Deep Learning (2024)/Part 1, intro/x.txt", "Deep Learning (2024)::Part 1, intro"),
        ("a/b/c/d.md", "a::b::c"),
    ],
)
def test_category_for(rel_path: str, category: str) -> None:
    assert category_for(rel_path, "Inbox") == category


@pytest.mark.parametrize(
    ("front", "category"),
    [
        ("category: 自定义", "自定义"),
        ("deck: 论文笔记::NLP", "论文笔记::NLP"),
        ("category: ' A :: B '", "A::B"),
        ("category: ''", "机器学习"),
        ("title: only a title", "机器学习"),
    ],
)
def test_front_matter_overrides_the_category(tmp_path: Path, front: str, category: str) -> None:
    path = write(tmp_path, "机器学习/x.md", f"---\n{front}\n---\n# Body\n")
    assert read_note(path, tmp_path, "Inbox").category == category


# --- front matter -----------------------------------------------------------------------------


def test_front_matter_is_blanked_and_its_scalars_kept(tmp_path: Path) -> None:
    text = "---\ntitle: 池化\ntags: [cnn, pooling]\ndate: 2024-01-02\nnested: {a: 1}\ndraft: true\n---\n# 池化\n"
    note = read_note(write(tmp_path, "x.md", text), tmp_path, "Inbox")
    assert note.text == "\n" * 7 + "# 池化\n"
    assert note.text.count("\n") == text.count("\n")
    assert note.front_matter == (
        ("title", "池化"),
        ("tags", "cnn, pooling"),
        ("date", "2024-01-02"),
        ("draft", "true"),
    )
    assert note.warnings == ()


def test_invalid_front_matter_is_a_warning_and_the_note_is_read(tmp_path: Path) -> None:
    name = builders.invalid_yaml(tmp_path)
    note = read_note(tmp_path / name, tmp_path, "Inbox")
    assert note.text.split("\n")[:4] == ["", "", "", ""]
    assert "# Body" in note.text and "text stays" in note.text
    assert len(note.warnings) == 1
    assert note.warnings[0].startswith("invalid YAML front matter (lines 1-4)")


@pytest.mark.parametrize(
    "text",
    [
        "---\nnot closed\n# Title\n",  # an opening rule that never closes
        "---\njust a sentence\n---\ntext\n",  # YAML, but not a mapping
        "text\n---\nkey: value\n---\n",  # not at the top
    ],
)
def test_what_is_not_front_matter_is_left_alone(tmp_path: Path, text: str) -> None:
    note = read_note(write(tmp_path, "x.md", text), tmp_path, "Inbox")
    assert note.text == text
    assert note.front_matter == ()


# --- decoding ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(builders.ENCODED))
def test_encodings_are_detected(tmp_path: Path, name: str) -> None:
    encoding, text, data = builders.ENCODED[name]
    (tmp_path / name).write_bytes(data)
    note = read_note(tmp_path / name, tmp_path, "Inbox")
    assert note.encoding == encoding
    assert note.text == text


def test_line_endings_are_normalised(tmp_path: Path) -> None:
    (tmp_path / "x.md").write_bytes(b"a\r\nb\rc\nd\x0ce\xe2\x80\xa8f")
    assert read_note(tmp_path / "x.md", tmp_path, "Inbox").text == "a\nb\nc\nd e f"


@pytest.mark.parametrize("name", sorted(builders.UNREADABLE))
def test_unreadable_notes_raise_with_a_one_line_reason(tmp_path: Path, name: str) -> None:
    build, reason = builders.UNREADABLE[name]
    rel = build(tmp_path)
    with pytest.raises(UnreadableNote) as caught:
        read_note(tmp_path / rel, tmp_path, "Inbox")
    assert caught.value.path == rel
    assert reason in caught.value.reason
    assert "\n" not in str(caught.value)


def test_the_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    with open(path, "wb") as handle:
        handle.truncate(MAX_NOTE_BYTES + 1)  # sparse: nothing to read if the limit works
    with pytest.raises(UnreadableNote, match="MB"):
        read_note(path, tmp_path, "Inbox")


def test_permission_denied_is_a_clear_reason_or_the_note_is_read(tmp_path: Path) -> None:
    """As root the file can be read anyway, so either outcome must be clean."""
    rel = builders.unreadable(tmp_path)
    try:
        note = read_note(tmp_path / rel, tmp_path, "Inbox")
    except UnreadableNote as err:
        assert not RUNNING_AS_ROOT
        assert err.reason == "permission denied"
    else:
        assert RUNNING_AS_ROOT
        assert note.text.startswith("# Secret")
    finally:
        (tmp_path / rel).chmod(0o644)


@pytest.mark.parametrize("name", sorted(builders.READABLE_WITH_CARE))
def test_odd_notes_are_read_and_cleaned(tmp_path: Path, name: str) -> None:
    build: Callable[[Path], str] = builders.READABLE_WITH_CARE[name]
    rel = build(tmp_path)
    note = read_note(tmp_path / rel, tmp_path, "Inbox")
    cleaned = clean(note)
    assert cleaned.text.count("\n") == note.text.count("\n")


def test_an_unterminated_fence_protects_the_code(tmp_path: Path) -> None:
    rel = builders.unterminated_fence(tmp_path)
    cleaned = clean(read_note(tmp_path / rel, tmp_path, "Inbox"))
    assert "print('点赞 12')" in cleaned.text


def test_reading_never_writes(tmp_path: Path) -> None:
    path = write(tmp_path, "x.md", "---\ntitle: t\n---\r\n# T\r\n")
    before = (path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(tmp_path)))
    read_note(path, tmp_path, "Inbox")
    assert (path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(tmp_path))) == before


def test_paths_and_relative_paths(tmp_path: Path) -> None:
    path = write(tmp_path, "a/b.md", "x")
    note = read_note(path, tmp_path, "Inbox")
    assert note.rel_path == "a/b.md"
    assert note.path.is_absolute()
    elsewhere = write(tmp_path / "other", "c.md", "x")
    assert read_note(elsewhere, tmp_path / "a", "Inbox").rel_path == "c.md"


# --- saved HTML pages ---------------------------------------------------------------------------

ARTICLE = "池化层是卷积神经网络中的一种操作，它的作用是降低特征图的空间尺寸，从而减少计算量。"


def test_html_pages_are_read_as_their_main_text(tmp_path: Path) -> None:
    page = (
        "<html><head><title>池化</title></head><body><nav><a href='/'>首页</a></nav>"
        f"<article><h1>池化层</h1><p>{ARTICLE}</p><h2>种类</h2>"
        "<ul><li>最大池化：取窗口最大值。</li><li>平均池化：取窗口平均值。</li></ul>"
        f"<p>{ARTICLE[::-1]}</p></article><footer>© 2023 某网站</footer></body></html>"
    )
    path = write(tmp_path, "page.html", page)
    note = read_note(path, tmp_path, "Inbox")
    assert ARTICLE in note.text
    assert "最大池化：取窗口最大值。" in note.text
    assert "<p>" not in note.text


def test_an_html_page_without_text_is_unreadable(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.htm", "<html><body><script>var x = 1;</script></body></html>")
    with pytest.raises(NotecardsError, match="no main text"):
        read_note(path, tmp_path, "Inbox")

"""The read stage: decode each note (found by :func:`notecards.read.discover.discover`) into a
:class:`SourceNote`.

:func:`read_note` decodes one file — the encoding a
byte-order mark names, else UTF-8, else GB18030 / Big5 / cp1252 as charset-normalizer judges —
normalises line endings, lifts the YAML front matter and derives the category (deck) from the
folders; it raises :class:`~notecards.errors.UnreadableNote` with a one-line reason for anything
that is not a text note. Saved ``.html`` pages are reduced to their main text first
(:mod:`notecards.read.html`). Nothing here ever writes to the notes folder.

Size policy: a note larger than :data:`MAX_NOTE_BYTES` (5 MB) is refused without being read; no
hand-written note is that large, and the later stages are linear, so everything below the limit
is read in full.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import re
import stat
from pathlib import Path, PurePosixPath

from notecards.errors import UnreadableNote
from notecards.model import SourceNote
from notecards.read.discover import reason_of

HTML_SUFFIXES = (".html", ".htm")
"""Saved web pages: their main text is extracted (:mod:`notecards.read.html`) before cleaning."""
MAX_NOTE_BYTES = 5 * 1024 * 1024
"""Larger files are refused with a warning instead of being read (see the module docstring)."""
CATEGORY_KEYS = ("category", "deck")
"""Front-matter keys that override the folder-derived category, first found wins."""
DETECTED_ENCODINGS = ("gb18030", "big5", "cp1252")
"""What charset-normalizer may choose from when a note is not UTF-8 and has no byte-order mark:
GB18030 (a superset of GBK and GB2312), Big5, and Windows-1252 for Western notes. Narrowing the
choice keeps short Chinese notes from being read as Korean or Japanese."""
MAX_FRONT_MATTER_LINES = 200
"""A front matter block must close (``---`` or ``...``) within this many lines."""


def relative_path(path: Path, root: Path) -> str:
    """POSIX path of ``path`` relative to ``root``; the file name when it is not under it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):
            return path.name


def category_for(rel_path: str, default_category: str) -> str:
    """The deck of a note from its folders: ``机器学习/CNN/x.md`` → ``机器学习::CNN``.

    The first folder under the root is the category and deeper folders are subdecks; a note
    directly in the root goes to ``default_category``. Folder names are kept as they are
    (Chinese, spaces, punctuation).
    """
    folders = PurePosixPath(rel_path).parts[:-1]
    return "::".join(folders) if folders else default_category


def read_note(path: Path, root: Path, default_category: str) -> SourceNote:
    """Read and decode one note; raise :class:`UnreadableNote` (with the relative path and a
    one-line reason) when it is not a readable text note."""
    rel = relative_path(path, root)
    data = _read_bytes(path, rel)
    text, encoding = decode(data, rel)
    if path.suffix.lower() in HTML_SUFFIXES:
        from notecards.read.html import html_to_markdown  # lazy: trafilatura is slow to import

        text = html_to_markdown(text, rel)
    text = _normalise_newlines(text)
    text, front_matter, warnings = split_front_matter(text)
    category = category_for(rel, default_category)
    for key, value in front_matter:
        if key.lower() in CATEGORY_KEYS:
            override = "::".join(part.strip() for part in value.split("::") if part.strip())
            if override:
                category = override
                break
    return SourceNote(
        path=path if path.is_absolute() else Path.cwd() / path,
        rel_path=rel,
        category=category,
        text=text,
        encoding=encoding,
        front_matter=front_matter,
        warnings=warnings,
    )


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: its BOM starts with UTF-16-LE's
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode(data: bytes, rel: str) -> tuple[str, str]:
    """(text, encoding name) of a note's bytes; :class:`UnreadableNote` if they are not text.

    A byte-order mark decides first; then UTF-8 (the fast path: almost every note); then
    charset-normalizer chooses among :data:`DETECTED_ENCODINGS`.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(name), rel), name
            except UnicodeDecodeError:
                raise UnreadableNote(rel, f"not valid {name.upper()} despite its byte-order mark")
    if b"\x00" in data:
        raise UnreadableNote(
            rel, "binary file (contains NUL bytes; UTF-16 needs a byte-order mark)"
        )
    try:
        return _check_text(data.decode("utf-8"), rel), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # lazy: only non-UTF-8 notes need it

    best = from_bytes(data, cp_isolation=list(DETECTED_ENCODINGS)).best()
    if best is not None:
        try:
            return _check_text(data.decode(best.encoding), rel), best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    raise UnreadableNote(rel, "not text: cannot be decoded as UTF-8, GB18030, Big5 or cp1252")


def _check_text(text: str, rel: str) -> str:
    """Refuse decoded text that is mostly control characters (a binary file that happened to
    decode)."""
    controls = len(_CONTROL.findall(text[:65536]))
    if controls > max(8, len(text[:65536]) // 100):
        raise UnreadableNote(rel, "binary file (control characters)")
    return text


def split_front_matter(text: str) -> tuple[str, tuple[tuple[str, str], ...], tuple[str, ...]]:
    """(text with the front matter lines blanked, scalar key/value pairs, warnings).

    Front matter is a ``---`` line at the very top closed by ``---`` or ``...``; its lines are
    replaced by empty lines so line numbers stay true. Invalid YAML gives a warning, and the
    block is blanked all the same. A block whose YAML is not a mapping is not front matter.
    """
    if not text.startswith("---"):
        return text, (), ()
    head = text.split("\n", MAX_FRONT_MATTER_LINES + 1)
    if head[0].rstrip() != "---":
        return text, (), ()
    end = next((j for j in range(1, len(head) - 1) if head[j].rstrip() in ("---", "...")), None)
    if end is None:
        return text, (), ()  # an opening rule that never closes is a thematic break
    import yaml  # lazy: only notes with front matter need it

    rest = text.split("\n", end + 1)
    blanked = "\n".join([""] * (end + 1) + rest[end + 1 :])
    try:
        data = yaml.safe_load("\n".join(head[1:end]))
    except yaml.YAMLError as err:
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        return blanked, (), (f"invalid YAML front matter (lines 1-{end + 1}): {problem}",)
    except (RecursionError, ValueError, TypeError) as err:  # pathological nesting, odd scalars
        return blanked, (), (f"invalid YAML front matter (lines 1-{end + 1}): {err}",)
    if data is None:
        return blanked, (), ()
    if not isinstance(data, dict):
        return text, (), ()
    pairs = [(str(key), _scalar(value)) for key, value in data.items()]
    return blanked, tuple((k, v) for k, v in pairs if v is not None), ()


def _scalar(value: object) -> str | None:
    """A front-matter value as text; lists of scalars joined with ``, ``; None for the rest."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float, dt.date)):
        return str(value)
    if isinstance(value, list) and all(
        isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value
    ):
        return ", ".join(str(v) for v in value)
    return None


def _read_bytes(path: Path, rel: str) -> bytes:
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableNote(rel, "not a regular file")
        if info.st_size > MAX_NOTE_BYTES:
            raise UnreadableNote(
                rel,
                f"file is {info.st_size / 1024 / 1024:.1f} MB, over the "
                f"{MAX_NOTE_BYTES // 1024 // 1024} MB limit for a note (skipped)",
            )
        with open(path, "rb") as handle:
            data = handle.read(MAX_NOTE_BYTES + 1)  # the file may have grown since stat()
    except PermissionError:
        raise UnreadableNote(rel, "permission denied") from None
    except OSError as err:
        raise UnreadableNote(rel, f"cannot read: {reason_of(err)}") from None
    if len(data) > MAX_NOTE_BYTES:
        raise UnreadableNote(rel, f"file is over the {MAX_NOTE_BYTES // 1024 // 1024} MB limit")
    if not data.strip() or data in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        raise UnreadableNote(rel, "empty file")
    return data


_LINE_BREAKS = str.maketrans({"\x0b": " ", "\x0c": " ", "\x1c": " ", "\x1d": " ", "\x1e": " ",
                              "\x85": " ", "\u2028": " ", "\u2029": " "})  # fmt: skip
"""Characters Python's ``str.splitlines`` would also break on: made spaces, so that every stage
counts lines the same way (by ``\\n``) and line numbers match the editor's."""


_ODD_BREAK = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _normalise_newlines(text: str) -> str:
    """CRLF and CR → LF; the other line-break characters → spaces (see ``_LINE_BREAKS``)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_LINE_BREAKS) if _ODD_BREAK.search(text) else text

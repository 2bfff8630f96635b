"""Images in card text: Markdown ``![alt](path)`` and HTML ``<img src=…>`` references, resolved
relative to the note file, packed under content-hash names, and rewritten in the rendered HTML.

Part of the export stage. Two steps around :func:`notecards.parse.to_html`:
:func:`html_images_to_markdown` before it (to_html escapes raw HTML, so an ``<img>`` tag would
show as text), and :meth:`MediaPacker.rewrite` after it.

Confinement: notes come from the web and from other people's vaults, and decks are shared, so an
image is packed only when its reference, once every symbolic link is resolved, names a regular
file inside the notes folder no larger than the size limit (:data:`MAX_MEDIA_BYTES` unless
configured). Anything else — an absolute path or ``../`` leading out, the same spelled with
``%2F``, a link inside the notes pointing out, a folder, a device, a file too large — is
refused: the card shows the reference as text and the build warns with the reason. A reference
to a file that does not exist shows the image's alt text, as before.
"""

from __future__ import annotations

import bisect
import hashlib
import html
import os
import re
import stat
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_BACKTICKS = re.compile(r"`+")
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_RENDERED_IMG = re.compile(r"<img\b([^>]*?)\s*/?>")
_ATTR = re.compile(r"""\b([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_SCHEME = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]+:|//)")
"""A URL (``https:``, ``data:``, ``//host``) rather than a file; one-letter schemes are drives."""
_UNSAFE_NAME = re.compile(r"[^\w.\-]+")
"""Characters replaced in media file names (Anki's media folder is shared by every deck)."""

MAX_MEDIA_BYTES = 20 * 1024 * 1024
"""Default size limit of one packed image (``--max-media-mb``); larger files are refused."""
NOT_FOUND = "not found"
"""The reason given for a reference to a file that does not exist (its alt text is shown)."""
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)
_OPEN_FLAGS |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
"""How an image is opened: as bytes (Windows would translate line ends), never through a link
swapped in after the check, and never blocking on a FIFO (refused once fstat shows what it is)."""
_READ_CHUNK = 1024 * 1024


def _attrs(tag: str) -> dict[str, str]:
    return {m[1].lower(): m[2] or m[3] or m[4] or "" for m in _ATTR.finditer(tag)}


def html_images_to_markdown(text: str) -> str:
    """Turn raw ``<img src=… alt=…>`` tags outside code into ``![alt](<src>)`` so that they
    survive HTML escaping and are handled like Markdown images."""

    def convert(match: re.Match[str]) -> str:
        attrs = _attrs(match.group(0))
        if not attrs.get("src"):
            return match.group(0)
        alt = html.unescape(attrs.get("alt", "")).replace("[", r"\[").replace("]", r"\]")
        return f"![{alt}](<{html.unescape(attrs['src'])}>)"

    out, pos = [], 0
    for start, end in code_spans(text):
        out += [_HTML_IMG.sub(convert, text[pos:start]), text[start:end]]
        pos = end
    out.append(_HTML_IMG.sub(convert, text[pos:]))
    return "".join(out)


def code_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each inline code span or fenced block of ``text``, left to right: a run
    of backticks (or its first ones) up to the nearest later run of exactly as many, the longest
    opening that has one winning. The matches of ``(`+)[\\s\\S]*?(?<!`)\\1(?!`)``, found without
    that regex's cubic backtracking on long runs of backticks.
    """
    runs = [(m.start(), m.end() - m.start()) for m in _BACKTICKS.finditer(text)]
    starts: dict[int, list[int]] = {}  # run length → starts of the runs of exactly that length
    for start, length in runs:
        starts.setdefault(length, []).append(start)
    pos = 0
    for start, length in runs:
        if start < pos:
            continue  # inside a span already found
        after = start + length  # a closing run starts after this whole run
        for size in range(length, 0, -1):
            candidates = starts.get(size, ())
            at = bisect.bisect_right(candidates, after)
            if at < len(candidates):
                pos = candidates[at] + size
                yield start, pos
                break


@dataclass(frozen=True, slots=True)
class MediaFile:
    """A file packed into a deck."""

    name: str
    """Name in the package and in Anki's media folder: ``<sha256 prefix>-<original name>``."""
    path: Path
    """The file on disk."""


class MediaPacker:
    """Resolves the image references of one export inside the notes folder ``root``, checking
    and hashing each file once (see the module docstring for what is refused).

    Not a dataclass: it holds a cache that fills while cards are rendered.
    """

    def __init__(self, root: Path, max_bytes: int = MAX_MEDIA_BYTES) -> None:
        self._root = root.resolve()
        self._max_bytes = max_bytes
        self._checked: dict[Path, MediaFile | str] = {}
        self._by_name: dict[str, Path] | None = None  # built on the first image not found

    def rewrite(self, rendered: str, note_dir: Path) -> tuple[str, list[MediaFile], list[str]]:
        """Rewrite the ``<img>`` tags of rendered HTML to packed media names.

        Returns the new HTML, the files to pack, and a problem line per reference that was not
        packed (``image not found: …`` or ``image not packed (reason): …``). A missing image is
        replaced by its alt text, a refused one by the reference as text.
        """
        files: list[MediaFile] = []
        problems: list[str] = []

        def replace(match: re.Match[str]) -> str:
            attrs = _attrs(match.group(1))
            src = urllib.parse.unquote(html.unescape(attrs.get("src", "")))
            if not src or _SCHEME.match(src):
                return match.group(0)
            media = self._check(note_dir, src)
            if media == NOT_FOUND and "/" not in src and "\\" not in src:
                media = self._in_vault(src)
            alt = attrs.get("alt", "")
            if media == NOT_FOUND:
                problems.append(f"image not found: {src}")
                return html.escape(html.unescape(alt), quote=False)
            if isinstance(media, str):
                problems.append(f"image not packed ({media}): {src}")
                return html.escape(f"![{html.unescape(alt)}]({src})", quote=False)
            files.append(media)
            return f'<img src="{html.escape(media.name)}" alt="{alt}">'

        return _RENDERED_IMG.sub(replace, rendered), files, problems

    def vouches(self, path: Path, size: int) -> bool:
        """Whether a file an earlier build packed (``path`` as resolved then, ``size`` as it was
        and still is) may be packed again unread: still inside the notes folder, reached through
        no symbolic link, and within the size limit."""
        if size > self._max_bytes or not path.is_relative_to(self._root):
            return False
        try:
            return path.resolve() == path
        except (OSError, RuntimeError):
            return False

    def _check(self, note_dir: Path, src: str) -> MediaFile | str:
        """The file ``src`` (relative to ``note_dir``) names, or why it is not packed."""
        try:
            # abspath folds ".." without following links: it tells a reference that leads out
            # of the folder from a link inside it that points out.
            spelled = Path(os.path.abspath(note_dir / src))
            path = spelled.resolve()
        except (OSError, RuntimeError, ValueError):  # a link loop, a NUL byte (%00) …
            return "not a usable file name"
        if not path.is_relative_to(self._root):
            if spelled.is_relative_to(self._root):
                return "a symbolic link to outside the notes folder"
            return "outside the notes folder"
        if path not in self._checked:
            self._checked[path] = self._hash(path)
        return self._checked[path]

    def _in_vault(self, name: str) -> MediaFile | str:
        """A bare file name not found beside its note is looked up in the whole notes folder,
        as Obsidian resolves ``![[image.png]]``: the file of that name nearest the root (then the
        first by path), checked like any other reference."""
        if self._by_name is None:
            self._by_name = _index_by_name(self._root)
        found = self._by_name.get(name.lower())
        if found is None:
            return NOT_FOUND
        return self._check(found.parent, found.name)

    def _hash(self, path: Path) -> MediaFile | str:
        """Open, check and hash a file inside the root; the reason when it cannot be packed."""
        try:
            fd = os.open(path, _OPEN_FLAGS)
        except (FileNotFoundError, NotADirectoryError):
            return NOT_FOUND
        except OSError as err:
            return f"cannot be read: {_reason(err)}"
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                return "not a regular file"
            if info.st_size > self._max_bytes:
                return self._too_large(info.st_size)
            digest = hashlib.sha256()
            read = 0
            # Read no further than the limit: the file may have grown since fstat.
            while chunk := os.read(fd, min(_READ_CHUNK, self._max_bytes + 1 - read)):
                digest.update(chunk)
                read += len(chunk)
            if read > self._max_bytes:
                return self._too_large(read)
        except OSError as err:
            return f"cannot be read: {_reason(err)}"
        finally:
            os.close(fd)
        stem = _UNSAFE_NAME.sub("_", path.name)[-60:]
        return MediaFile(f"{digest.hexdigest()[:16]}-{stem}", path)

    def _too_large(self, size: int) -> str:
        limit, mb = self._max_bytes / 1024 / 1024, size / 1024 / 1024
        return f"{mb:.1f} MB, over the {limit:.4g} MB limit for an image; see --max-media-mb"


def _index_by_name(root: Path) -> dict[str, Path]:
    """File name (lower case) → the path of that name nearest ``root``, then first by path;
    hidden folders and ``node_modules`` are not searched (discovery skips them too)."""
    best: dict[str, tuple[int, str, Path]] = {}
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [d for d in subfolders if not d.startswith(".") and d != "node_modules"]
        depth = Path(folder).relative_to(root).as_posix().count("/")
        for file in files:
            rank = (depth, f"{folder}/{file}", Path(folder) / file)
            key = file.lower()
            if key not in best or rank[:2] < best[key][:2]:
                best[key] = rank
    return {key: rank[2] for key, rank in best.items()}


def _reason(err: OSError) -> str:
    return (err.strerror or str(err)).lower()


def read_media(path: Path) -> bytes:
    """The bytes of a file :class:`MediaPacker` accepted, read again when the package is written:
    refused with :class:`OSError` if a link or anything but a regular file took its place."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path}: no longer a regular file")
        with open(fd, "rb", closefd=False) as handle:
            return handle.read()
    finally:
        os.close(fd)

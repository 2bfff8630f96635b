"""Images in card text: Markdown ``![alt](path)`` and HTML ``<img src=…>`` references, resolved
relative to the note file, packed under content-hash names, and rewritten in the rendered HTML.

Part of the export stage. Two steps around :func:`notecards.parse.to_html`:
:func:`html_images_to_markdown` before it (to_html escapes raw HTML, so an ``<img>`` tag would
show as text), and :meth:`MediaPacker.rewrite` after it.
"""

from __future__ import annotations

import bisect
import hashlib
import html
import re
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
    """Resolves image references for one export, hashing each file once.

    Not a dataclass: it holds a cache that fills while cards are rendered.
    """

    def __init__(self) -> None:
        self._names: dict[Path, str] = {}

    def rewrite(self, rendered: str, note_dir: Path) -> tuple[str, list[MediaFile], list[str]]:
        """Rewrite the ``<img>`` tags of rendered HTML to packed media names.

        Returns the new HTML, the files to pack, and the references that could not be found
        (those images are replaced by their alt text).
        """
        files: list[MediaFile] = []
        missing: list[str] = []

        def replace(match: re.Match[str]) -> str:
            attrs = _attrs(match.group(1))
            src = urllib.parse.unquote(html.unescape(attrs.get("src", "")))
            if not src or _SCHEME.match(src):
                return match.group(0)
            media = self._resolve(note_dir / src)
            if media is None:
                missing.append(src)
                return html.escape(html.unescape(attrs.get("alt", "")), quote=False)
            files.append(media)
            alt = attrs.get("alt", "")
            return f'<img src="{html.escape(media.name)}" alt="{alt}">'

        return _RENDERED_IMG.sub(replace, rendered), files, missing

    def _resolve(self, path: Path) -> MediaFile | None:
        try:
            path = path.resolve()
            if path not in self._names:
                if not path.is_file():
                    return None
                digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
                stem = _UNSAFE_NAME.sub("_", path.name)[-60:]
                self._names[path] = f"{digest}-{stem}"
        except OSError:
            return None
        return MediaFile(self._names[path], path)

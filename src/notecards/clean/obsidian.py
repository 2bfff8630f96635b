"""Obsidian syntax, rewritten to the Markdown the later stages read (clean step 1b).

- ``[[target|text]]`` → ``text``; ``[[target]]`` → ``target``; ``[[target#heading]]`` →
  ``target › heading`` (as Obsidian shows the link).
- ``![[image.png]]`` (``|300`` size suffix allowed) → ``![image.png](<image.png>)``: the export
  finds a bare image name beside the note, else anywhere in the notes folder
  (:class:`notecards.export.media.MediaPacker`), with its confinement; a vault path
  (``![[附件/a.png]]``) is made relative to the note. An embedded note (``![[note]]``) becomes
  its name.
- ``%%comment%%`` is dropped, inline or as a block of lines (reason ``obsidian-comment``).
- Callouts (``> [!note] Title``) become prose: the ``>`` markers of the callout go, the marker
  line keeps its title only (as a heading, so it does not run into the body) or becomes empty.

Code (fenced blocks: the protected lines; inline code spans) is never touched, and no line is
added or removed.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable
from pathlib import Path

from notecards.export.media import code_spans

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".avif")
"""Embeds with these endings are images; any other embed is a note and shows as its name."""

_TRIGGERS = ("[[", "%%", "[!")
_EMBED = re.compile(r"!\[\[([^\[\]\n|#^]+?)(?:[#^][^\[\]\n|]*)?(?:\|[^\[\]\n]*)?\]\]")
_WIKILINK = re.compile(r"\[\[([^\[\]\n|]+?)(?:\|([^\[\]\n]+?))?\]\]")
_INLINE_COMMENT = re.compile(r"%%.*?%%")
_CALLOUT = re.compile(r"^([ \t]*>[ \t]?)\[!([A-Za-z-]+)\][+-]?[ \t]*(.*)$")
_QUOTE = re.compile(r"^[ \t]*>[ \t]?")


def rewrite(
    lines: list[str], protected: list[bool], dropped: dict[int, str], note_path: Path, root: Path
) -> None:
    """Rewrite the Obsidian syntax of ``lines`` in place (see the module docstring)."""
    in_comment = in_callout = False
    for i, line in enumerate(lines):
        if protected[i]:
            in_callout = False
            continue
        if in_comment:  # inside a %% … %% block: every line goes, the closing one too
            if line.strip():
                dropped[i] = "obsidian-comment"
            lines[i] = ""
            in_comment = "%%" not in line
            continue
        if line.lstrip().startswith("%%") and line.count("%%") == 1:  # opens a block
            dropped[i] = "obsidian-comment"
            lines[i] = ""
            in_comment = True
            continue
        if in_callout and _QUOTE.match(line):
            line = _QUOTE.sub("", line, count=1)
        else:
            in_callout = False
        if (m := _CALLOUT.match(line)) is not None:
            in_callout = True
            title = m.group(3).strip()
            if not title:
                dropped[i] = "obsidian-callout"
            line = f"###### {title}" if title else ""
        if any(trigger in line for trigger in ("[[", "%%")):
            line = _outside_code(line, lambda text: _inline(text, note_path, root))
        lines[i] = line


def needed(text: str) -> bool:
    """Whether ``text`` may hold Obsidian syntax (a fast check: most notes hold none)."""
    return any(trigger in text for trigger in _TRIGGERS)


def _outside_code(line: str, change: Callable[[str], str]) -> str:
    """``change`` applied to the parts of ``line`` outside inline code spans."""
    parts: list[str] = []
    at = 0
    for start, end in code_spans(line):  # linear, where a regex backtracks on backtick runs
        parts.append(change(line[at:start]))
        parts.append(line[start:end])
        at = end
    parts.append(change(line[at:]))
    return "".join(parts)


def _inline(text: str, note_path: Path, root: Path) -> str:
    text = _INLINE_COMMENT.sub("", text)
    text = _EMBED.sub(lambda m: _embed(m.group(1).strip(), note_path, root), text)
    return _WIKILINK.sub(_link_text, text)


def _link_text(m: re.Match[str]) -> str:
    if m.group(2):
        return m.group(2).strip()
    target, _, heading = m.group(1).partition("#")
    target, heading = target.strip(), heading.strip().lstrip("^")
    if heading:
        return f"{target} › {heading}" if target else heading
    return target


def _embed(name: str, note_path: Path, root: Path) -> str:
    if not name.lower().endswith(IMAGE_SUFFIXES):
        return posixpath.basename(name)
    if "/" in name:  # a vault path: made relative to the note, the way the export reads it
        name = Path(os.path.relpath(root / name, note_path.parent)).as_posix()
    # A bare name stays bare: the export looks it up beside the note, then in the whole notes
    # folder (export.media), at every build, so a cached note never holds a stale path.
    return f"![{posixpath.basename(name)}](<{name}>)"

"""MkDocs content tabs (pymdownx.tabbed), rewritten to the Markdown the later stages read.

::

    === "C++"

        ```cpp          →      ```cpp
        int x = 1;             int x = 1;
        ```                    ```

The marker line ``=== "Title"`` (``===!``/``===+`` too) is dropped (reason ``mkdocs-tab``), and
the tab's body (the lines under it indented four spaces, or a tab, deeper than the marker)
loses that indentation, so a fenced block inside a tab is read as a fenced block with its
language and not as an indented code block showing its fence; nested tabs likewise. The title
goes: kept as a line of its own, a short title (``Python``) was read as the subject of the
labels under it (``Python的时间复杂度是多少？``); the code block's language says what the title
said. A marker inside a protected block (a fence that documents the syntax) is left alone. No
line is added or removed.
"""

from __future__ import annotations

import re

_MARKER = re.compile(r'^([ \t]*)===[!+]?[ \t]+"[^"\n]*"[ \t]*$')
_INDENT = 4


def needed(text: str) -> bool:
    """Whether ``text`` may hold a content tab (a fast check)."""
    return '=== "' in text or '===! "' in text or '===+ "' in text


def rewrite(lines: list[str], protected: list[bool], dropped: dict[int, str]) -> None:
    """Rewrite the content tabs of ``lines`` in place (see the module docstring); every marker
    is recorded in ``dropped`` (reason ``mkdocs-tab``)."""
    i = 0
    while i < len(lines):
        m = None if protected[i] else _MARKER.match(lines[i])
        if m is None:
            i += 1
            continue
        depth = _width(m.group(1))
        dropped[i] = "mkdocs-tab"
        lines[i] = ""
        i += 1
        at = i
        while at < len(lines):
            line = lines[at]
            if line.strip():
                body = _dedent(line, depth + _INDENT, depth)
                if body is None:
                    break  # back at the marker's depth or shallower: the tab has ended
                lines[at] = body
            at += 1
        # The loop goes on from the body's first line: a tab nested in this one is now at
        # this one's depth and is rewritten the same way.


def _width(indent: str) -> int:
    """Columns of a run of spaces and tabs (a tab to the next multiple of four)."""
    column = 0
    for char in indent:
        column += _INDENT - column % _INDENT if char == "\t" else 1
    return column


def _dedent(line: str, need: int, to: int) -> str | None:
    """``line`` with its indentation from ``need`` columns reduced to ``to`` columns, or None
    when it is indented less than ``need``."""
    stripped = line.lstrip(" \t")
    width = _width(line[: len(line) - len(stripped)])
    if width < need:
        return None
    return " " * (width - need + to) + stripped

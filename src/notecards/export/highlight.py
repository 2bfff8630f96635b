"""Syntax highlighting of a card's code blocks at build time; the only module importing Pygments.

A rendered code block with a language (``<pre><code class="language-cpp">…</code></pre>``, as
:func:`notecards.parse.to_html` writes a fenced block) gets its tokens wrapped in
``<span class="hl-…">``, one class per kind of token (:data:`CLASSES`); the note types' CSS
colours them for light and dark mode (:data:`notecards.export.anki_model.CSS`). No JavaScript,
nothing left for Anki to do.

Safety: the block's text is unescaped, cut into tokens by Pygments and every token escaped
again with :func:`html.escape`, so no text of the note reaches the card unescaped. A block whose
language Pygments does not know, a block without a language, a block holding a cloze deletion
(spans inside ``{{c1::…}}`` would break it) and one whose tokens do not rebuild its text exactly
stay as they were: plain escaped code. The same block always gives the same HTML.
"""

from __future__ import annotations

import functools
import html
import re
from typing import Any

_CODE_BLOCK = re.compile(r'<pre><code class="language-([^"\s<>]+)">([^<]*)</code></pre>')
"""A code block as markdown-it renders a fence with an info string: the text inside is escaped,
so it holds no ``<``."""

CLASSES = (
    ("Comment.PreprocFile", "s"),
    ("Comment.Preproc", "k"),
    ("Comment", "c"),
    ("Keyword", "k"),
    ("Operator.Word", "k"),
    ("Name.Builtin", "b"),
    ("Name.Decorator", "b"),
    ("Name.Function", "f"),
    ("Name.Class", "f"),
    ("Literal.String", "s"),
    ("Literal.Number", "m"),
    ("Literal", "m"),
)
"""Pygments token types (and their subtypes) → our class suffix (``hl-k`` …), first match wins:
keywords, comments, strings, numbers, function and class names, builtins. Everything else
(names, operators, punctuation) is left in the text colour."""

MAX_CODE_CHARS = 20_000
"""Longer blocks are not highlighted (a card never shows that much code; Pygments' regexes
would only cost time)."""


@functools.cache  # a fact of the installation: never stale within a process
def engine_version() -> str:
    """The installed Pygments version: part of every rendered card's input hash, so an upgrade
    (which may cut tokens differently) renders the cards again. The package's own
    ``__version__`` (its release number, as its metadata gives it): ``importlib.metadata`` cost
    ~50 ms of every rebuild to import and search, and Pygments' package module loads nothing."""
    from pygments import __version__  # type: ignore[import-untyped]  # lazy: only when hashing

    return str(__version__)


def highlight_blocks(rendered: str) -> str:
    """``rendered`` card HTML with every code block of a known language highlighted."""
    if '<pre><code class="language-' not in rendered:  # most fields hold no code (speed)
        return rendered
    return _CODE_BLOCK.sub(_highlight_match, rendered)


def _highlight_match(match: re.Match[str]) -> str:
    language, escaped = match.group(1), match.group(2)
    spans = highlight(html.unescape(escaped), language)
    if spans is None:
        return match.group(0)
    return f'<pre><code class="language-{language}">{spans}</code></pre>'


def highlight(code: str, language: str) -> str | None:
    """The HTML of ``code`` in ``language`` with highlighted tokens, every token escaped; None
    when it stays plain (unknown language, a cloze, too long, tokens that lose text)."""
    if "{{c" in code or len(code) > MAX_CODE_CHARS:
        return None
    lexer = _lexer(language.lower())
    if lexer is None:
        return None
    parts: list[str] = []
    pieces: list[str] = []
    current = ""
    for token_type, value in lexer.get_tokens(code):
        # Whitespace is never coloured: line breaks stay outside the spans.
        name = "" if value.isspace() else _class_of(token_type)
        if name != current and pieces:
            parts.append(_span(current, "".join(pieces)))
            pieces = []
        current = name
        pieces.append(value)
    if pieces:
        parts.append(_span(current, "".join(pieces)))
    out = "".join(parts)
    if html.unescape(re.sub(r"<[^>]*>", "", out)) != code:
        return None  # a lexer that changed the text (tabs, line ends): keep it as written
    return out


def _span(name: str, text: str) -> str:
    escaped = html.escape(text, quote=False)
    return f'<span class="hl-{name}">{escaped}</span>' if name else escaped


@functools.lru_cache(maxsize=64)
def _lexer(language: str) -> Any:
    """The Pygments lexer for ``language`` (an alias such as ``cpp``, ``py``), or None."""
    # Pygments ships no type information (import-untyped).
    from pygments.lexers import get_lexer_by_name  # type: ignore[import-untyped]  # lazy: ~30 ms
    from pygments.util import ClassNotFound  # type: ignore[import-untyped]  # lazy: as above

    try:
        # No stripping of blank lines and no final newline added: the text stays as written.
        return get_lexer_by_name(language, stripnl=False, stripall=False, ensurenl=False)
    except ClassNotFound:
        return None


@functools.lru_cache(maxsize=256)
def _class_of(token_type: Any) -> str:
    """Our class suffix for a Pygments token type ("" for plain text)."""
    from pygments.token import string_to_tokentype  # type: ignore[import-untyped]  # lazy: as in _lexer

    for name, suffix in CLASSES:
        if token_type in string_to_tokentype(name):
            return suffix
    return ""

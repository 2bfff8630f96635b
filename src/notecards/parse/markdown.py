"""markdown-it-py behind one module: the parsers the parse stage and card rendering use, and
the block loop that runs markdown-it's block rules.

The parse stage (:mod:`notecards.parse.blocks`) reads the block tokens of :func:`block_parser`;
the export stage renders card text with :func:`to_html`. Nothing else imports markdown-it.

The block loop is markdown-it's own, made to try at each line only the rules that can start
there (:func:`_dispatching_block_parser`); ``benchmarks/parse_speed.py`` measures what that
saves over markdown-it's loop, and tests/test_parse.py pins that both give the same tokens.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from notecards.parse.lines import mark_lines, normalize
from notecards.parse.note_html import drop_note_tags

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@functools.lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    """The parser: CommonMark + tables + ``$``/``$$`` math + MkDocs admonitions, raw HTML off."""
    md = _markdown_parser()
    md.block = _dispatching_block_parser(md)
    return md


def _markdown_parser() -> MarkdownIt:
    """A new parser as :func:`_markdown` describes it."""
    from markdown_it import MarkdownIt  # lazy: only when a note is parsed
    from mdit_py_plugins.admon import admon_plugin  # lazy: as above
    from mdit_py_plugins.dollarmath import dollarmath_plugin  # lazy: as above

    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    md.use(
        dollarmath_plugin,
        allow_space=True,
        allow_digits=True,
        double_inline=True,
        renderer=lambda content, options: (
            f"\\({html.escape(content)}\\)"
            if not options.get("display_mode")
            else f"\\[{html.escape(content)}\\]"
        ),
    )
    md.use(admon_plugin)
    # \(…\) and \[…\] are math too; without this rule CommonMark reads "\(" as an escaped "(".
    md.inline.ruler.before("escape", "bracket_math", _bracket_math)
    return md


TOKEN_SINK = "notecards_token_sink"
"""The key of the parser's ``env`` that holds a function given each top-level block's tokens."""
HEADING_SINK = "notecards_heading_sink"
"""The key of the parser's ``env`` that holds a function given each top-level ATX heading as
``(level, text, token map)`` in place of its three tokens (:func:`_direct_heading`)."""

_INLINE_CORE_RULES = ("inline", "linkify", "replacements", "smartquotes", "text_join")
"""Core rules that parse (or post-process) the inside of paragraphs and headings."""


@functools.lru_cache(maxsize=1)
def block_parser() -> MarkdownIt:
    """:func:`_markdown` without inline parsing, for :func:`~notecards.parse.blocks.parse`: blocks are built from the
    ``inline`` tokens' source text (``content``), never from their children, so parsing the
    inside of every paragraph (a third of markdown-it's time) would be thrown away."""
    md = stock_block_parser()
    md.block = _dispatching_block_parser(md)
    return md


def stock_block_parser() -> MarkdownIt:
    """A new :func:`block_parser` that runs markdown-it's own block loop: the reference the
    project's loop must agree with (tests/test_parse.py) and be measured against
    (benchmarks/parse_speed.py)."""
    md = _markdown_parser()
    active = md.get_active_rules()["core"]
    md.disable([name for name in _INLINE_CORE_RULES if name in active])
    # With raw HTML off the html_block rule always declines (after a debug log call), yet it is
    # tried at every line start and as a terminator at every paragraph line (speed).
    md.disable("html_block")
    md.core.ruler.at("normalize", normalize)
    return md


_RULE_FIRST_CHARS = {
    "math_block": "$", "admonition": "!?", "fence": "`~", "blockquote": ">", "hr": "*-_",
    "list": "*-+0123456789", "reference": "[", "heading": "#", "html_block": "<",
}  # fmt: skip
"""Block rules that decline every line whose first non-space character is not one of these (each
reads that character first and declines without side effects); other rules suit any line."""

Rule = Callable[..., bool]
Dispatch = dict[tuple[str | None, bool, bool], list[Rule]]
"""The rules of a chain worth trying at a line, by (its first non-space character, or None for
any without rules of its own; whether it is indented as code; whether the next line may be a
table's delimiter row)."""

_DELIMITER_ROW_STARTS = frozenset("|-:")
"""What a table's delimiter row starts with (markdown-it's ``table`` rule checks it first)."""


_UNDERLINE_OR_BLANK = re.compile(r"\n[ \t>]*[=-]|\n[ \t]*(?:\n|$)")
"""A later line that may underline a setext heading (spaces, tabs or quote marks, then ``=`` or
``-``), or a blank line, which ends a paragraph before any."""


def _setext(rule: Rule) -> Rule:
    """markdown-it's ``lheading`` rule, tried only where a line that may underline a heading
    comes before the next blank line: it scans the whole paragraph for one (and the paragraph
    rule then scans it again), at every paragraph."""

    def lheading(state: Any, line: int, end_line: int, silent: bool) -> bool:
        found = _UNDERLINE_OR_BLANK.search(state.src, state.bMarks[line])
        return (
            found is not None and found.group()[-1] in "=-" and rule(state, line, end_line, silent)
        )

    return lheading


def _direct_heading(rule: Rule) -> Rule:
    """markdown-it's ``heading`` rule, handing a top-level heading straight to the function
    under :data:`HEADING_SINK` (when there is one) instead of making its three tokens: a note
    of a hundred thousand headings spent half its parse making tokens that were thrown away.
    The level and text are found as the rule finds them (tests/test_parse.py checks they agree)."""
    from markdown_it.common.utils import isStrSpace, mdTrim  # lazy: only when a note is parsed

    def heading(state: Any, line: int, end_line: int, silent: bool) -> bool:
        sink = None if silent or state.level else state.env.get(HEADING_SINK)
        if sink is None:
            return bool(rule(state, line, end_line, silent))
        if not rule(state, line, end_line, True):
            return False
        src, pos, maximum = state.src, state.bMarks[line] + state.tShift[line], state.eMarks[line]
        level = 0
        while pos < maximum and src[pos] == "#":
            level, pos = level + 1, pos + 1
        maximum = state.skipSpacesBack(maximum, pos)
        tmp = state.skipCharsStrBack(maximum, "#", pos)
        if tmp > pos and isStrSpace(src[tmp - 1]):
            maximum = tmp
        state.line = line + 1
        sink(level, mdTrim(src[pos:maximum]), [line, line + 1])
        return True

    return heading


def _dispatch(names: list[str], rules: list[Rule]) -> Dispatch:
    """The :data:`Dispatch` of a chain: ``code`` only on lines indented as code, ``table`` only
    before a possible delimiter row, the rules of :data:`_RULE_FIRST_CHARS` only on their
    characters (each declines elsewhere without side effects), the others everywhere."""
    wrappers = {"lheading": _setext, "heading": _direct_heading}
    pairs = [
        (name, wrappers[name](rule) if name in wrappers else rule)
        for name, rule in zip(names, rules, strict=True)
    ]

    def worth(name: str, char: str | None, code: bool, table: bool) -> bool:
        if (name == "code" and not code) or (name == "table" and not table):
            return False
        return name not in _RULE_FIRST_CHARS or (
            char is not None and char in _RULE_FIRST_CHARS[name]
        )

    return {
        (char, code, table): [rule for name, rule in pairs if worth(name, char, code, table)]
        for char in [*"".join(_RULE_FIRST_CHARS.values()), None]
        for code in (False, True)
        for table in (False, True)
    }


def _rules_at(dispatch: Dispatch, state: Any, line: int) -> list[Rule]:
    """The rules of ``dispatch`` worth trying at ``line`` (a line before the sentinel line)."""
    src, marks, shifts = state.src, state.bMarks, state.tShift
    at, after = marks[line] + shifts[line], marks[line + 1] + shifts[line + 1]
    code = state.sCount[line] - state.blkIndent >= 4
    table = src[after : after + 1] in _DELIMITER_ROW_STARTS
    rules: list[Rule] | None = dispatch.get((src[at : at + 1], code, table))
    return dispatch[(None, code, table)] if rules is None else rules


def _dispatching_block_parser(md: MarkdownIt) -> Any:
    """``md``'s block parser, made to try at each line only the rules that can start there, as
    the next block and as the end of a paragraph, list or quote (its terminator chains).

    Most lines are prose, and each rule tried on them cost a call (and a logger.debug call)
    that could only decline: ~0.3 s over the corpora (speed; tests/test_parse.py checks the
    tokens agree with markdown-it's own parser). Declining rules no longer log at debug level.
    """
    from markdown_it.parser_block import ParserBlock  # lazy: only when a note is parsed
    from markdown_it.rules_block import StateBlock  # lazy: as above

    ruler = md.block.ruler  # the configured rules, plugins included
    names = ruler.get_active_rules()
    name_of = dict(zip(ruler.getRules(""), names, strict=True))
    top = _dispatch(names, ruler.getRules(""))

    def terminators(chain: str) -> list[Rule]:
        rules = ruler.getRules(chain)
        dispatch = _dispatch([name_of[rule] for rule in rules], rules)

        def ends_block(state: Any, line: int, end_line: int, silent: bool) -> bool:
            for rule in _rules_at(dispatch, state, line):
                if rule(state, line, end_line, silent):
                    return True
            return False

        return [ends_block]  # one rule standing for the whole chain, in its order

    chains = {
        chain: terminators(chain) for chain in ("paragraph", "list", "blockquote", "reference")
    }

    class Rules:
        """``ruler``, with each terminator chain replaced by its one dispatching rule."""

        def getRules(self, chain: str) -> list[Rule]:  # noqa: N802 (markdown-it's name)
            return chains.get(chain) or ruler.getRules(chain)

        def __getattr__(self, name: str) -> Any:
            return getattr(ruler, name)

    class DispatchingBlockParser(ParserBlock):
        def parse(self, src: str, md: MarkdownIt, env: Any, outTokens: list[Any]) -> Any:  # noqa: N803
            """markdown-it's own ``parse``, with the line markers made by :func:`~notecards.parse.lines.mark_lines`."""
            if not src:
                return None
            state = StateBlock("", md, env, outTokens)  # every field but the markers set
            state.src = src
            markers = mark_lines(src)
            state.bMarks, state.eMarks, state.tShift, state.sCount, state.bsCount = markers
            state.lineMax = len(state.bMarks) - 1  # the last entry is a sentinel
            self.tokenize(state, state.line, state.lineMax)
            return state.tokens

        def tokenize(self, state: Any, startLine: int, endLine: int) -> None:  # noqa: N803
            """markdown-it's own loop, with the rules picked by each line's first character."""
            line, max_nesting, has_empty_lines = startLine, state.md.options.maxNesting, False
            # The top level hands each finished block's tokens on when asked (see parse): a
            # note of many small blocks would otherwise hold all its tokens at once (memory).
            sink = state.env.get(TOKEN_SINK) if state.level == 0 else None
            while line < endLine:
                state.line = line = state.skipEmptyLines(line)
                if line >= endLine or state.sCount[line] < state.blkIndent:
                    break  # the end of the text, or of a nested block (list, quote)
                if state.level >= max_nesting:
                    state.line = endLine
                    break
                ok = False
                for rule in _rules_at(top, state, line):
                    if ok := rule(state, line, endLine, False):
                        if state.line <= line:
                            raise RuntimeError("block rule didn't increment state.line")
                        break
                if not ok:
                    raise RuntimeError("none of the block rules matched")
                if sink is not None and state.level == 0:
                    sink(state.tokens)
                    state.tokens.clear()
                state.tight = not has_empty_lines
                line = state.line
                if (line - 1) < endLine and state.isEmpty(line - 1):
                    has_empty_lines = True  # a paragraph may "eat" one newline in nested lists
                if line < endLine and state.isEmpty(line):
                    has_empty_lines = True
                    line += 1
                    state.line = line

    parser = DispatchingBlockParser()
    parser.ruler = Rules()  # type: ignore[assignment]
    return parser


_BRACKET_MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", re.DOTALL)
r"""Inline ``\(…\)`` and ``\[…\]`` (LaTeX delimiters)."""


def _bracket_math(state: Any, silent: bool) -> bool:
    r"""markdown-it inline rule: turn ``\(…\)``/``\[…\]`` into dollarmath's math tokens."""
    if not state.src.startswith(("\\(", "\\["), state.pos):
        return False
    match = _BRACKET_MATH.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        display = match.group(2) is not None
        token = state.push("math_inline_double" if display else "math_inline", "math", 0)
        token.content = match.group(2) if display else match.group(1)
        token.markup = "\\[" if display else "\\("
    state.pos = match.end()
    return True


_MARKUP_FREE = re.compile(r"[^\\`*_\[\]<>&$!#|~=\s\x00]+(?:[ \u3000][^\\`*_\[\]<>&$!#|~=\s\x00]+)*")
"""One line of text without a character any parser rule reacts to (emphasis, code, links,
math, escapes, entities, HTML, tables, admonitions), single spaces only, no edge whitespace."""

_BLOCK_START = re.compile(r"[-+>:?]|\d{1,9}[.)]")
"""A start that makes a line a list item, quote or admonition rather than a paragraph."""


def _plain_html(text: str) -> str | None:
    """What :func:`to_html` gives a line with no Markdown in it (the text, ``"`` escaped as
    markdown-it escapes it), or None when the line needs the parser. Most card fields are
    such lines, and the parser costs ~0.1 ms a field (tests/test_parse.py checks they agree)."""
    if _MARKUP_FREE.fullmatch(text) and not _BLOCK_START.match(text):
        return text.replace('"', "&quot;")
    return None


_PLAIN_RUN = r"[^\\`*_\[\]<>&$!#|~=\s\x00]+(?:[ \u3000][^\\`*_\[\]<>&$!#|~=\s\x00]+)*"
_MATH_LINE = re.compile(
    rf"(?:[ \u3000]?{_PLAIN_RUN}[ \u3000]?)?"
    rf"(?:\$[^$\n\r\x00]*[^$\n\r\x00\\]\$[ \u3000]?{_PLAIN_RUN}[ \u3000]?)*"
    r"(?:\$[^$\n\r\x00]*[^$\n\r\x00\\]\$)?"
)
"""One line of :data:`_MARKUP_FREE` text and ``$…$`` formulas, never two formulas side by side,
none ending in a backslash (which would escape its closing ``$``)."""
_MATH_SPAN = re.compile(r"\$([^$]+)\$")


def _math_html(text: str) -> str | None:
    """What :func:`to_html` gives a line of plain text and inline ``$…$`` math (the text as
    :func:`_plain_html` gives it, each formula as the math renderer writes it), or None when the
    line needs the parser. Half the card fields the parser would see are such lines
    (tests/test_parse.py checks they agree)."""
    if (
        text != text.strip()
        or "  " in text
        or not _MATH_LINE.fullmatch(text)
        or _BLOCK_START.match(text)
    ):
        return None
    out: list[str] = []
    at = 0
    for formula in _MATH_SPAN.finditer(text):
        out.append(text[at : formula.start()].replace('"', "&quot;"))
        out.append(
            f'<span class="math inline">\\({html.escape(formula.group(1).strip())}\\)</span>'
        )
        at = formula.end()
    out.append(text[at:].replace('"', "&quot;"))
    return "".join(out)


def to_html(text: str) -> str:
    """Render card text (inline or block Markdown) to Anki-ready HTML.

    The note's inline HTML tags are dropped (:func:`~notecards.parse.note_html.drop_note_tags`:
    ``<kbd>Ctrl</kbd>`` shows as ``Ctrl``), any other raw HTML is escaped, ``$…$``/``$$…$$``
    become MathJax ``\\(…\\)``/``\\[…\\]`` untouched by emphasis, code keeps its line breaks,
    and a single paragraph loses its ``<p>`` wrapper.
    """
    text = drop_note_tags(text)
    plain = _plain_html(text) if "$" not in text else _math_html(text)
    if plain is not None:
        return plain
    rendered: str = _markdown().render(text).strip()
    if rendered.count("<p>") == 1 and rendered.startswith("<p>") and rendered.endswith("</p>"):
        rendered = rendered[3:-4]
    return rendered


_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
"""An HTML tag, as a note writes one (``<font color=red>``) or as the renderer makes one."""


def to_plain_html(text: str) -> str:
    """One line of inline Markdown as plain text for HTML: tags the note wrote are dropped,
    emphasis, links and code reduced to their text, everything escaped; ``$…$`` math becomes
    MathJax ``\\(…\\)`` (Anki shows it as math, not as LaTeX source). For the source line."""
    text = _HTML_TAG.sub("", text)
    plain = _plain_html(text)
    if plain is not None:
        return plain
    rendered: str = _markdown().renderInline(text)
    return _HTML_TAG.sub("", rendered).strip()

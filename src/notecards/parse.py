"""The parse stage: a cleaned note → a :class:`Document` of blocks with heading paths and lines.

This is the only module that imports markdown-it; it also renders card text to HTML
(:func:`to_html`) so that the export stage never needs a Markdown parser of its own.
"""

from __future__ import annotations

import functools
import html
import itertools
import operator
import re
from collections.abc import Callable, Sequence
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from notecards.model import Block, BlockKind, CleanNote, Document

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_HEADING_TAIL = re.compile(r"(?:¶|\{#[^{}]*\}|(?<!\S)#+)$")
"""Trailing MkDocs permalink marks, ``{#anchor}`` attributes and closing ``#``s of a heading
(matched on right-stripped text: a leading ``\\s*`` would backtrack on long blank runs)."""

_CJK_EDGE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
"""Characters between which a soft line break is dropped rather than turned into a space."""


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
def _block_markdown() -> MarkdownIt:
    """:func:`_markdown` without inline parsing, for :func:`parse`: blocks are built from the
    ``inline`` tokens' source text (``content``), never from their children, so parsing the
    inside of every paragraph (a third of markdown-it's time) would be thrown away."""
    md = _markdown_parser()
    active = md.get_active_rules()["core"]
    md.disable([name for name in _INLINE_CORE_RULES if name in active])
    # With raw HTML off the html_block rule always declines (after a debug log call), yet it is
    # tried at every line start and as a terminator at every paragraph line (speed).
    md.disable("html_block")
    md.core.ruler.at("normalize", _normalize)
    md.block = _dispatching_block_parser(md)
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
            """markdown-it's own ``parse``, with the line markers made by :func:`_mark_lines`."""
            if not src:
                return None
            state = StateBlock("", md, env, outTokens)  # every field but the markers set
            state.src = src
            markers = _mark_lines(src)
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


def _mark_lines(src: str) -> tuple[list[int], list[int], list[int], list[int], list[int]]:
    """markdown-it's line markers of ``src`` (``StateBlock``'s ``bMarks``, ``eMarks``,
    ``tShift``, ``sCount`` and ``bsCount``, sentinel entry included), made with a few list
    operations instead of a Python loop per line: ~50 ms over the corpora (speed;
    tests/test_parse.py checks them against markdown-it's own)."""
    lines = src.split("\n")
    if src.endswith("\n"):
        lines.pop()  # no line after the last newline
    elif not lines[-1].strip(" \t"):
        lines.pop()  # a last line of only spaces and tabs, unterminated, gets no marker
    lengths = list(map(len, lines))
    # All in C: a line starts one past the end of the one before it.
    starts = list(itertools.accumulate(map(operator.add, lengths, itertools.repeat(1)), initial=0))
    ends = list(map(operator.add, starts, lengths))
    indents = map(str.lstrip, lines, itertools.repeat(" \t"))
    shifts = list(map(operator.sub, lengths, map(len, indents)))
    counts = shifts.copy()
    if "\t" in src:  # tabs expand to the next multiple of four columns
        for at, (line, shift) in enumerate(zip(lines, shifts)):
            if "\t" in line[:shift]:
                column = 0
                for char in line[:shift]:
                    column += 4 - column % 4 if char == "\t" else 1
                counts[at] = column
    starts[-1] = len(src)  # the sentinel line, as markdown-it adds one
    ends.append(len(src))
    shifts.append(0)
    counts.append(0)
    return starts, ends, shifts, counts, [0] * len(starts)


def _normalize(state: Any) -> None:
    """markdown-it's ``normalize`` core rule (``\\r\\n`` and ``\\r`` → ``\\n``, NUL → U+FFFD) with
    literal replaces that skip the text when there is nothing to replace: its regex rewrote
    every newline of every note (speed; tests/test_parse.py checks they agree)."""
    text: str = state.src
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in text:
        text = text.replace("\0", "\ufffd")
    state.src = text


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


def join_soft_breaks(text: str) -> tuple[str, tuple[int, ...]]:
    """Join the lines of a paragraph: no space between two CJK characters, one space otherwise.

    Returns the joined text and the offsets at which each source line after the first starts,
    so a position in the joined text can be mapped back to a source line.
    """
    if "\n" not in text:
        return text.rstrip(), ()  # most paragraphs are one line
    lines = text.split("\n")
    out = lines[0].rstrip()
    offsets: list[int] = []
    for line in lines[1:]:
        line = line.strip()
        if not line:
            continue
        if out and not (_CJK_EDGE.match(out[-1]) and _CJK_EDGE.match(line[0])):
            out += " "
        offsets.append(len(out))
        out += line
    return out, tuple(offsets)


_LIST_OPEN = frozenset({"bullet_list_open", "ordered_list_open"})
_LIST_CLOSE = frozenset({"bullet_list_close", "ordered_list_close"})
_IGNORED = frozenset({"paragraph_open", "paragraph_close", "heading_close"})
"""The commonest tokens that make no block by themselves."""


class _Walker:
    """Turns markdown-it's flat token stream into blocks (mutable helper, local to one parse)."""

    __slots__ = ("blocks", "headings", "item_open", "lines", "lists", "path")

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.blocks: list[Block] = []
        self.headings: list[tuple[int, str]] = []
        self.path: tuple[str, ...] = ()
        """The texts of :attr:`headings`, remade only when they change (speed)."""
        self.lists: list[list[Any]] = []
        """Open lists, outermost first: [list id, ordered, items so far]."""
        self.item_open: list[bool] = []

    def add(
        self,
        kind: BlockKind,
        text: str,
        token_map: Sequence[int] | None,
        level: int = 0,
        list_id: int = -1,
        ordinal: int = 0,
        ordered: bool = False,
        info: str = "",
        line_offsets: tuple[int, ...] = (),
    ) -> None:
        first, last = (token_map[0] + 1, token_map[1]) if token_map else (0, 0)
        self.blocks.append(
            Block(
                kind=kind,
                text=text,
                line=first,
                end_line=last if last > first else first,
                heading_path=self.path,
                level=level,
                list_id=list_id,
                ordinal=ordinal,
                ordered=ordered,
                info=info,
                line_offsets=line_offsets,
            )
        )

    def walk(self, tokens: list[Token]) -> None:
        pending_heading = 0
        previous = ""
        for tok in tokens:
            kind = tok.type
            if kind in _IGNORED:
                pass
            elif kind == "inline":
                if pending_heading:
                    self._heading(pending_heading, tok)
                    pending_heading = 0
                elif previous == "paragraph_open":
                    self._paragraph(tok)
            elif kind == "list_item_open":
                self.lists[-1][2] += 1
                self.item_open.append(True)
            elif kind == "list_item_close":
                self.item_open.pop()
            elif kind == "heading_open":
                pending_heading = int(tok.tag[1])
            elif kind in _LIST_OPEN:
                list_id = self.lists[0][0] if self.lists else len(self.blocks)
                self.lists.append([list_id, kind[0] == "o", 0])
            elif kind in _LIST_CLOSE:
                self.lists.pop()
            elif kind in ("fence", "code_block"):
                self.add(BlockKind.CODE, tok.content, tok.map, info=tok.info.strip())
            elif kind == "math_block":
                self.add(BlockKind.MATH, tok.content.strip("\n"), tok.map)
            elif kind == "table_open" and tok.map:
                table = "\n".join(self.lines[tok.map[0] : tok.map[1]])
                self.add(BlockKind.TABLE, table, tok.map)
            elif kind == "html_block":
                self.add(BlockKind.HTML, tok.content, tok.map)
            previous = kind

    def _heading(self, level: int, tok: Token) -> None:
        self.heading(level, tok.content, tok.map)

    def heading(self, level: int, content: str, token_map: Sequence[int] | None) -> None:
        """Add a heading block of ``level`` from its inline source ``content``."""
        text = content.rstrip()
        if text.endswith(("¶", "}", "#")):  # the only endings _HEADING_TAIL can match (speed)
            text = _HEADING_TAIL.sub("", text, count=1)
        text = text.strip()
        headings = self.headings
        while headings and headings[-1][0] >= level:
            headings.pop()
        self.path = tuple(text for _, text in headings)
        self.add(BlockKind.HEADING, text, token_map, level=level)
        headings.append((level, text))
        self.path = (*self.path, text)

    def _paragraph(self, tok: Token) -> None:
        text, offsets = join_soft_breaks(tok.content)
        if not text.strip():
            return
        if self.item_open and self.item_open[-1]:
            # The first paragraph of a list item is the item; later ones are plain paragraphs.
            self.item_open[-1] = False
            list_id, ordered, count = self.lists[-1]
            self.add(
                BlockKind.ITEM,
                text,
                tok.map,
                level=len(self.lists),
                list_id=list_id,
                ordinal=count,
                ordered=ordered,
                line_offsets=offsets,
            )
        else:
            self.add(BlockKind.PARAGRAPH, text, tok.map, line_offsets=offsets)


def parse(note: CleanNote) -> Document:
    """Parse a cleaned note into blocks (``.txt`` notes are parsed as Markdown too)."""
    walker = _Walker(note.text.split("\n"))
    # Blocks are made as the parser finishes them, so its tokens never pile up (memory).
    env = {TOKEN_SINK: walker.walk, HEADING_SINK: walker.heading}
    walker.walk(_block_markdown().parse(note.text, env))
    blocks = tuple(walker.blocks)
    title = next((b.text for b in blocks if b.kind is BlockKind.HEADING and b.level == 1), "")
    if not title:
        meta = dict(note.source.front_matter)
        title = meta.get("title", "") or PurePosixPath(note.source.rel_path).stem
    return Document(note=note, blocks=blocks, title=title)


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


def to_html(text: str) -> str:
    """Render card text (inline or block Markdown) to Anki-ready HTML.

    Raw HTML is escaped, ``$…$``/``$$…$$`` become MathJax ``\\(…\\)``/``\\[…\\]`` untouched by
    emphasis, code keeps its line breaks, and a single paragraph loses its ``<p>`` wrapper.
    """
    plain = _plain_html(text)
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

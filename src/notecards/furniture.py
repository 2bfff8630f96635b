"""Find the page-furniture lines of a saved web page: widgets, metadata, related lists, footers, ads.

:func:`find_furniture` works in passes, each more dependent on context than the one before:

1. **Line rules, anywhere.** A short line matching a strong pattern (``版权声明``, ``打赏``), or
   *covered* by furniture vocabulary (what is left after removing the tokens of
   :mod:`notecards.boilerplate` and numbers/dates is at most a quarter of the line), is dropped.
   A covered line made of a single token and no number ("Share", "收藏") is only *weak*.
2. **Section blocks.** A heading such as ``相关推荐`` / "More from …" / ``全部评论`` / ``图书推荐``
   drops itself and the run of links, titles and snippets under it.
3. **Head and tail zones.** Lines before the first and after the last line of real content are
   the page's header and footer: bylines, breadcrumbs, weak widgets and short labels next to
   furniture go there — except the page title.
4. **Runs.** In the middle of the page a weak line goes when a neighbour is furniture, and a short
   label line (a user name, a bio) only when furniture surrounds it on both sides.

Content is never dropped for a word alone: a sentence containing 评论 or 收藏 stays.
"""

from __future__ import annotations

import bisect
import itertools
import re
import string
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from notecards import boilerplate as bp

FURNITURE_MAX_CHARS = 200
"""Longer lines are content, whatever words they contain (all passes)."""
COVERAGE_MAX_RESIDUE = 0.25
"""Share of a line's letters not explained by furniture tokens or numbers (pass 1)."""
COVERAGE_MAX_RESIDUE_CHARS = 10
"""…and at most this many unexplained letters (a user name beside ``发布于``) (pass 1)."""
LABEL_MAX_WORDS = 24
"""A *label* (user name, bio, site name) has at most this many letters and no sentence end."""
LABEL_RUN_MAX = 3
"""Longer runs of short lines are a content list, never dropped as labels (pass 4)."""
RELATED_ITEM_MAX_WORDS = 80
"""A title in a related-articles list has at most this many letters (pass 2)."""
BOX_PROSE_MAX_CHARS = 150
"""Author bios and book blurbs inside an author or ad block are at most this long (pass 2)."""
CONTENT_MIN_WORDS = 20
"""A line with this many letters is content (ends the head zone); 6 if it has a sentence end."""

_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _token_regex() -> tuple[re.Pattern[str], dict[str, str]]:
    group_of: dict[str, str] = {}
    for group, tokens in bp.TOKEN_GROUPS.items():
        for token in tokens:
            group_of.setdefault(token.lower(), group)
    cjk = [t for t in group_of if not bp.is_ascii_token(t)]
    latin = [t for t in group_of if bp.is_ascii_token(t)]
    # Latin tokens must be whole words; the boundary is checked by _tokens(), because a
    # look-behind here would make the engine try every position of the line.
    return re.compile(f"{bp.trie_pattern(cjk)}|{bp.trie_pattern(latin)}"), group_of


_TOKENS, _GROUP_OF = _token_regex()
_NUMBERISH = re.compile(bp.alternation(bp.NUMBERISH_PATTERNS, literal=False))
_STRONG = re.compile(
    "|".join(
        f"(?P<{reason.replace('-', '_')}>{bp.alternation(patterns, literal=False)})"
        for reason, patterns in bp.STRONG_PATTERNS.items()
    )
)
_HINT_EXTRA = (
    "著作权", "未经", "侵权", "侵删", "原文", "本文链接", "请作者喝", "谢谢", "红包", "作者", "来源",
    "出处", "来自", "转自", "标签", "分类", "话题", "关键词", "source", "author", "tags", "category",
    "categories", "topics", "filed under", "posted in", "thanks", "thank you", "% off",
    "originally", "reposted", "theme by", "isbn", "›", "»", " > ",
    *bp.RELATED_MARKERS, *bp.AUTHOR_MARKERS, *bp.COMMENT_MARKERS, *bp.AD_MARKERS,
)  # fmt: skip
"""Words of the strong, tag-line, byline and section patterns that are not coverage tokens."""


def _hint_regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(non-Latin, Latin) prefix-tree regexes of the words that send a line to the full check."""
    words = (set(_GROUP_OF) | {w.lower() for w in _HINT_EXTRA}) - {
        w.lower() for w in bp.HINT_EXCLUDED_TOKENS
    }
    latin = {w for w in words if w[0].isascii() and len(w) >= 3}
    other = {w for w in words if not w[0].isascii()}
    return re.compile(bp.trie_pattern(other)), re.compile(bp.trie_pattern(latin))


_HINT_OTHER, _HINT_LATIN = _hint_regexes()
_RELATED = re.compile(bp.alternation(bp.RELATED_MARKERS))
_AUTHOR = re.compile(bp.alternation(bp.AUTHOR_MARKERS))
_COMMENTS = re.compile(bp.alternation(bp.COMMENT_MARKERS))
_AD_MARKER = re.compile(bp.alternation(bp.AD_MARKERS))
_BYLINE = re.compile(bp.BYLINE_PATTERN)
_TAG_LINE = re.compile(bp.TAG_LINE_PATTERN)
_TAG_SPLIT = re.compile(r"[\s,，、|·#/]+")
_CRUMB_SPLIT = re.compile(bp.BREADCRUMB_SEPARATOR_PATTERN)

_HEADING = re.compile(r" {0,3}#{1,6}(?:\s|$)")
_LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d{1,9}[.)])\s")
_LEAD = re.compile(r"\s*(?:#{1,6}\s+|>\s?|[-*+]\s+|\d{1,9}[.)]\s+)?(?:\d+(?:\.\d+)*[.、]?\s)?")
_IMAGE = re.compile(r"!\[[^\]\n]{0,200}\]\([^)\n]{0,500}\)")
_LINK = re.compile(r"\[([^\]\n]{0,200})\]\([^)\n]{0,500}\)")
_URL = re.compile(r"(?:https?://|www\.)\S{1,500}")
_MARKUP = re.compile(r"</?[a-zA-Z][^>\n]{0,200}>|\*\*|__|~~")
_NON_WORD = re.compile(r"[\W_]+")
_SENTENCE_END = re.compile(r"[。！？!?；;．]|\.(?:\s|$)")
_ELLIPSIS = re.compile(r"(?:…|\.\.\.|⋯)\s*$")
_MARKER_TRIM = re.compile(r"^[\W\d_]+|[\s\d:：\-—|()（）\[\]【】<>»›.,，!！?？…*]+$")
_CONTINUED = re.compile(r"[,，、]\s*$")
_OPEN_END = re.compile(r"[^\W\d_,，]\s*$")


@dataclass(frozen=True, slots=True)
class _Line:
    """What the passes need to know about one non-blank line."""

    heading: bool
    """A Markdown heading: dropped only by a strong pattern or a section block."""
    listed: bool
    """A list item."""
    low: str
    """The line without block markup, links reduced to their text, ASCII lower-cased."""
    words: int
    """Letters, digits and CJK characters in :attr:`low`."""
    sentence: bool
    """Contains sentence-ending punctuation."""
    linky: bool
    """Mostly links or URLs."""
    rule: str | None
    """Reason if a line rule fires (strong pattern, covered line, tag line, breadcrumb)."""
    weak: str | None
    """Reason if the line is covered by one furniture token alone (needs context)."""

    @property
    def label(self) -> bool:
        """Short, no sentence end, not markup: a user name, a bio, a site name, a count."""
        return (
            not self.heading
            and not self.listed
            and 0 < self.words <= LABEL_MAX_WORDS
            and not self.sentence
            and not self.low.endswith((":", "："))
        )

    @property
    def content(self) -> bool:
        """Real content: the first such line ends the head zone, the last starts the tail zone."""
        if self.heading or self.linky or self.rule or self.weak:
            return False
        return self.words >= CONTENT_MIN_WORDS or (
            self.words >= 6 and (self.sentence or "：" in self.low or ": " in self.low)
        )


def _describe(line: str, previous: str) -> _Line | None:
    """Describe a line; None when it can never be furniture (math, code, mid-sentence)."""
    if "$" in line or "`" in line or _CONTINUED.search(line):
        return None  # formulas and code are content; a line ending in a comma goes on
    if line.lstrip()[:1].islower() and _OPEN_END.search(previous):
        return None  # the second half of a sentence broken over two lines
    heading = _HEADING.match(line) is not None
    listed = not heading and _LIST_ITEM.match(line) is not None
    text = _IMAGE.sub(" ", line)
    linked = sum(len(m.group(1)) for m in _LINK.finditer(text))
    text = _MARKUP.sub("", _LINK.sub(r"\1", text))
    linked += sum(len(m.group()) for m in _URL.finditer(text))
    lead = _LEAD.match(text)
    text = text[lead.end() if lead else 0 :].strip()
    low = text.lower()
    if len(low) != len(text):  # a few non-ASCII letters change length when lower-cased
        low = text.translate(_ASCII_LOWER)
    words = len(_NON_WORD.sub("", low))
    sentence = _SENTENCE_END.search(_URL.sub("", low)) is not None
    linky = linked > 0 and linked >= 0.6 * len(text.replace(" ", ""))
    rule, weak = _line_rule(low, words, listed=listed, heading=heading)
    return _Line(heading, listed, low, words, sentence, linky, rule, weak)


def _line_rule(low: str, words: int, *, listed: bool, heading: bool) -> tuple[str | None, str | None]:
    """(rule reason, weak reason) of pass 1."""
    if not low or len(low) > FURNITURE_MAX_CHARS:
        return None, None
    strong = _STRONG.search(low)
    if strong and strong.lastgroup:
        return strong.lastgroup.replace("_", "-"), None
    if heading:
        return None, None  # a heading made of furniture words ("## 更多阅读") is still a heading
    if not listed and _is_tag_line(low, anywhere=True):
        return "tags", None
    if not listed and _is_breadcrumb(low, need_nav=True):
        return "navigation", None
    chars: dict[str, int] = {}
    distinct: set[str] = set()
    rest: list[str] = []
    last = 0
    for m in _tokens(low):
        group = _GROUP_OF[m.group()]
        chars[group] = chars.get(group, 0) + len(m.group())
        distinct.add(m.group())
        rest.append(low[last : m.start()])
        last = m.end()
    if not chars or words == 0:
        return None, None
    rest.append(low[last:])
    no_tokens = " ".join(rest)
    no_numbers = _NUMBERISH.sub(" ", no_tokens)
    residue = len(_NON_WORD.sub("", no_numbers))
    if residue > min(COVERAGE_MAX_RESIDUE * words, COVERAGE_MAX_RESIDUE_CHARS):
        return None, None
    reason = max(chars, key=lambda g: (chars[g], g))
    if len(distinct) >= 2 or no_numbers != no_tokens:
        return reason, None
    return None, reason


def _tokens(low: str) -> Iterator[re.Match[str]]:
    """Furniture tokens in a lower-cased line; Latin ones only as whole words."""
    for m in _TOKENS.finditer(low):
        start, end = m.span()
        if m.group()[0].isascii() and (
            (start > 0 and low[start - 1].isascii() and low[start - 1].isalnum())
            or (end < len(low) and low[end].isascii() and low[end].isalnum())
        ):
            continue
        yield m


def _is_tag_line(low: str, *, anywhere: bool) -> bool:
    """``文章标签：CNN 池化``: a tag label, then two or more short tags. Labels that are also ML
    words (``标签``, ``分类``) count only at the head or tail of the page."""
    m = _TAG_LINE.match(low)
    if m is None or (anywhere and m.group("label") in bp.AMBIGUOUS_TAG_LABELS):
        return False
    parts = [p for p in _TAG_SPLIT.split(m.group("tags")) if p]
    return len(parts) >= 2 and all(len(p) <= 15 for p in parts)


def _is_breadcrumb(low: str, *, need_nav: bool) -> bool:
    """``首页 > 博客 > 正文``: three or more short parts; the first names a site page if asked."""
    if len(low) > 120 or _SENTENCE_END.search(low) or "，" in low:
        return False
    parts = [p.strip() for p in _CRUMB_SPLIT.split(low)]
    if len(parts) < 3 or not all(0 < len(p) <= 16 for p in parts):
        return False
    return not need_nav or any(
        _GROUP_OF.get(m.group()) == "navigation" for m in _tokens(parts[0])
    )


class _Page:
    """Working state of one :func:`find_furniture` call: the lines and what was dropped so far."""

    def __init__(self, lines: Sequence[str], protected: Sequence[bool]) -> None:
        self.lines = lines
        self.protected = protected
        self.drops: dict[int, str] = {}
        self._described: dict[int, _Line | None] = {}

    def info(self, i: int) -> _Line | None:
        """Line ``i`` described (cached); None for blank, protected, indented and table lines."""
        if i not in self._described:
            line = self.lines[i]
            usable = (
                not self.protected[i]
                and line.strip()
                and len(line) <= 4 * FURNITURE_MAX_CHARS
                and not line.startswith(("    ", "\t", "|"))
            )
            previous = self.lines[i - 1] if i > 0 else ""
            self._described[i] = _describe(line, previous) if usable else None
        return self._described[i]

    def neighbour(self, i: int, step: int) -> int | None:
        """Index of the nearest non-blank line before (``step=-1``) or after (``1``) line ``i``."""
        j = i + step
        while 0 <= j < len(self.lines):
            if self.lines[j].strip():
                return j
            j += step
        return None

    def furniture(self, i: int | None) -> bool:
        """Whether line ``i`` exists and has been dropped."""
        return i is not None and i in self.drops

    def hinted_lines(self) -> list[int]:
        """Lines short enough to be furniture that contain a furniture word (two regex scans)."""
        picked = [
            i
            for i, line in enumerate(self.lines)
            if line and len(line) <= FURNITURE_MAX_CHARS and not self.protected[i]
        ]
        text = "\n".join(self.lines[i] for i in picked)
        starts = list(itertools.accumulate((len(self.lines[i]) + 1 for i in picked), initial=0))
        low = text.lower()
        if len(low) != len(text):
            low = text.translate(_ASCII_LOWER)
        found: set[int] = set()
        for regex, haystack in ((_HINT_OTHER, text), (_HINT_LATIN, low)):
            pos = 0
            while (m := regex.search(haystack, pos)) is not None:
                k = bisect.bisect_right(starts, m.start()) - 1
                found.add(picked[k])
                pos = starts[k + 1]  # one hit per line is enough
        return sorted(found)

    def is_content(self, i: int) -> bool:
        """A kept line of real content (code, math and tables count)."""
        if i in self.drops or not self.lines[i].strip():
            return False
        if self.protected[i] or len(self.lines[i]) > FURNITURE_MAX_CHARS:
            return True
        if self.lines[i].lstrip().startswith("|"):
            return True
        x = self.info(i)
        return x is not None and x.content

    def section_block(self, i: int, x: _Line) -> None:
        """Pass 2: drop the related / author / ad / comments section opened by line ``i``."""
        key = _MARKER_TRIM.sub("", x.low)
        if _RELATED.fullmatch(key):
            self._drop_block(i, "related", _related_item, need_items=True)
        elif _AUTHOR.match(key) and x.words <= 2 * LABEL_MAX_WORDS and not x.sentence:
            self._drop_block(i, "author-box", _box_item, need_items=False)
        elif _AD_MARKER.fullmatch(key):
            self._drop_block(i, "ad", _box_item, need_items=True)
        elif _COMMENTS.fullmatch(key) and i >= len(self.lines) // 2:
            self._drop_block(i, "comments", lambda _x: True, need_items=True)

    def _drop_block(
        self, i: int, reason: str, item: Callable[[_Line], bool], *, need_items: bool
    ) -> None:
        items: list[int] = []
        j = self.neighbour(i, 1)
        while j is not None:
            x = self.info(j)
            if x is None or x.heading or not item(x) or self._opens_section(x):
                break
            items.append(j)
            j = self.neighbour(j, 1)
        if items or not need_items:
            for k in (i, *items):
                self.drops.setdefault(k, reason)

    @staticmethod
    def _opens_section(x: _Line) -> bool:
        key = _MARKER_TRIM.sub("", x.low)
        return any(r.fullmatch(key) for r in (_RELATED, _AD_MARKER, _COMMENTS)) or bool(
            _AUTHOR.match(key)
        )


def _related_item(x: _Line) -> bool:
    """A link, a title, a snippet cut with "…" or a furniture line of a related-articles list."""
    return (
        x.linky
        or bool(x.rule or x.weak)
        or (x.words <= RELATED_ITEM_MAX_WORDS and not x.sentence)
        or _ELLIPSIS.search(x.low) is not None
    )


def _box_item(x: _Line) -> bool:
    """A line of an author box or ad block: links, furniture, labels and short blurbs."""
    return x.linky or bool(x.rule or x.weak) or x.label or len(x.low) <= BOX_PROSE_MAX_CHARS


def find_furniture(lines: Sequence[str], protected: Sequence[bool]) -> dict[int, str]:
    """Indexes (0-based) of page-furniture lines → reason; ``protected`` lines (code, math) stay."""
    page = _Page(lines, protected)
    hinted = page.hinted_lines()
    for i in hinted:  # pass 1
        x = page.info(i)
        if x is not None and x.rule:
            page.drops[i] = x.rule
    for i in hinted:  # pass 2
        x = page.info(i)
        if x is not None and i not in page.drops:
            page.section_block(i, x)
    n = len(lines)
    first = next((i for i in range(n) if page.is_content(i)), None)
    if first is None:
        return page.drops  # no content at all: nothing is dropped for its position alone
    last = next(i for i in range(n - 1, -1, -1) if page.is_content(i))
    _zone_pass(page, first, last + 1)
    _weak_pairs(page)
    for _ in range(2):
        _run_pass(page, first, last + 1)
    return page.drops


def _zone_pass(page: _Page, head_end: int, tail_start: int) -> None:
    """Pass 3: bylines, breadcrumbs, tag lines and single-word widgets at the head and tail."""
    for i in itertools.chain(range(head_end), range(tail_start, len(page.lines))):
        x = page.info(i)
        if x is None or i in page.drops or x.heading:
            continue
        if x.weak and not x.listed:
            page.drops[i] = x.weak
        elif x.listed:
            continue
        elif _BYLINE.match(x.low):
            page.drops[i] = "byline"
        elif _is_breadcrumb(x.low, need_nav=False):
            page.drops[i] = "navigation"
        elif _is_tag_line(x.low, anywhere=False):
            page.drops[i] = "tags"


def _weak_pairs(page: _Page) -> None:
    """Pass 4a: two single-word widgets side by side ("Listen" / "Share") are a widget bar."""
    weak = {i: x.weak for i, x in page._described.items() if x and x.weak and not x.heading}
    for i, reason in weak.items():
        if page.neighbour(i, -1) in weak or page.neighbour(i, 1) in weak:
            page.drops.setdefault(i, reason)


def _run_pass(page: _Page, head_end: int, tail_start: int) -> None:
    """Pass 4b: furniture next to furniture; label runs framed by it (one side is enough at the
    head and tail of the page, both sides are needed in the middle)."""
    title = _title_guard(page, head_end)
    near = {
        k
        for d in list(page.drops)
        for k in (page.neighbour(d, -1), page.neighbour(d, 1))
        if k is not None and k not in page.drops
    }
    for i in sorted(near):
        x = page.info(i)
        if x is None or i in page.drops or x.heading or i == title:
            continue
        if x.rule or x.weak:
            page.drops[i] = x.rule or x.weak or "widget"
            continue
        if not x.label:
            continue
        run = _label_run(page, i, title)
        if run is None:
            continue
        before, after = page.neighbour(run[0], -1), page.neighbour(run[-1], 1)
        in_zone = run[-1] < head_end or run[0] >= tail_start
        framed = page.furniture(before) and page.furniture(after)
        if framed or (in_zone and (page.furniture(before) or page.furniture(after))):
            for k in run:
                page.drops[k] = "furniture-label"


def _label_run(page: _Page, i: int, title: int | None) -> list[int] | None:
    """The run of consecutive label lines around ``i``; None if longer than LABEL_RUN_MAX."""
    run = [i]
    for step in (-1, 1):
        j = page.neighbour(i, step)
        while j is not None and j not in page.drops and j != title:
            x = page.info(j)
            if x is None or not x.label:
                break
            run.append(j)
            if len(run) > LABEL_RUN_MAX:
                return None
            j = page.neighbour(j, step)
    return sorted(run)


def _title_guard(page: _Page, head_end: int) -> int | None:
    """The page title is never dropped for its position: the first heading of the head zone, or
    else its longest label line (site names and user names are shorter than titles)."""
    best: tuple[int, int] | None = None
    for i in range(head_end):
        x = page.info(i)
        if x is None or i in page.drops:
            continue
        if x.heading:
            return i
        if x.label and (best is None or x.words > best[0]):
            best = (x.words, i)
    return best[1] if best else None

"""Find the page-furniture lines of a saved web page: widgets, metadata, related lists, footers, ads.

:func:`find_furniture` works in passes, each more dependent on context than the one before
(how one line is described and which line rules exist: :mod:`notecards.clean.furniture_line`). Passes
1 and 2 look only at the lines that hold a furniture word (pass 0,
:func:`notecards.clean.furniture_hints.hinted_lines`: two regex scans of the short lines, instead
of describing every line).

1. **Line rules, anywhere.** A short line is dropped if it matches a strong pattern (``版权声明``,
   ``打赏``), or is *covered* by furniture tokens (what is left after removing the tokens of
   :mod:`notecards.clean.boilerplate` and numbers/dates is at most a quarter of it, and it holds two
   tokens or a token and a number: ``阅读 123 评论 0``), or is a tag line, a breadcrumb starting
   at a site page, or only links to tag pages or user profiles. A line covered by one token
   alone ("Share", ``收藏``) or made of numbers alone ("1.2K") is only *weak*: it needs context.
2. **Section blocks.** A heading such as ``相关推荐`` / "More from …" / ``全部评论`` / ``图书推荐``
   drops itself and the run of links, titles and snippets under it.
3. **Head and tail zones.** Lines before the first and after the last line of real content are
   the page's header and footer: bylines, breadcrumbs and weak widgets go there.
4. **Runs.** Two weak lines side by side are a widget bar. A line that a rule or a weak flag
   marks goes when a neighbour is furniture. A run of short *label* lines (a user name, a bio)
   goes when furniture frames it on both sides — one side is enough at the head and tail of the
   page, or when the run holds a weak line (``楼主`` above a user name). The page title stays.

Content is never dropped for a word alone: a sentence containing 评论 or 收藏 stays, and so does
anything in code, math, tables or indented blocks.

Reasons (``Dropped.reason``): the token groups of :mod:`notecards.clean.boilerplate` (``widget``,
``tip``, ``login``, ``rating``, ``navigation``, ``metadata``, ``qa-badge``, ``footer``, ``ad``,
``promo``), ``counter``, ``tags``, ``user-name``, ``byline``, the section kinds (``related``,
``author-box``, ``ad``, ``comments``) and ``furniture-label``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from notecards.clean.furniture_hints import hinted_lines
from notecards.clean.furniture_line import (
    FURNITURE_MAX_CHARS,
    Line,
    byline,
    describe,
    ends_with_ellipsis,
    is_breadcrumb,
    is_tag_line,
    plain_sentence,
    section_kind,
)

LABEL_RUN_MAX = 3
"""In the middle of a page, longer runs of short lines are content, never dropped as labels."""
ZONE_LABEL_RUN_MAX = 12
"""At the head and tail of a page a run of labels (a navigation menu) may be this long."""
RELATED_ITEM_MAX_UNITS = 40
"""A title in a related-articles list has at most this many units (pass 2)."""
BOX_PROSE_MAX_CHARS = 150
"""Author bios and book blurbs inside an author or ad block are at most this long (pass 2)."""
RUN_PASSES_MAX = 12
"""Rounds of pass 4; a run of furniture grows by at most one line per round."""
ZONE_MAX_LINES = 200
"""The head or tail zone of a page is at most this many non-blank lines (pass 3)."""
TITLE_MIN_UNITS = 6
"""A label shorter than this is a site or section name, never the page title (pass 4)."""


class _Page:
    """Working state of one :func:`find_furniture` call: the lines and what was dropped so far."""

    def __init__(self, lines: Sequence[str], protected: Sequence[bool]) -> None:
        self.lines = lines
        self.protected = protected
        self.drops: dict[int, str] = {}
        self._described: dict[int, Line | None] = {}

    def info(self, i: int) -> Line | None:
        """Line ``i`` described (cached); None for blank, protected, indented and table lines."""
        if i not in self._described:
            previous = self.lines[i - 1] if i > 0 else ""
            self._described[i] = describe(self.lines[i], previous) if self.usable(i) else None
        return self._described[i]

    def described(self) -> list[tuple[int, Line]]:
        """The lines described so far (by pass 1, the zones and the neighbours of furniture)."""
        return [(i, x) for i, x in self._described.items() if x is not None]

    def usable(self, i: int) -> bool:
        """Whether line ``i`` can be furniture at all (not blank, code, indented or a table)."""
        line = self.lines[i]
        return (
            not self.protected[i]
            and bool(line.strip())
            and len(line) <= 4 * FURNITURE_MAX_CHARS
            and not line.startswith(("    ", "\t", "|"))
        )

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

    def is_content(self, i: int) -> bool:
        """A kept line of real content (code, math and tables count)."""
        if i in self.drops or not self.lines[i].strip():
            return False
        if self.protected[i] or len(self.lines[i]) > FURNITURE_MAX_CHARS:
            return True
        line = self.lines[i]
        if line.lstrip().startswith("|"):
            return True
        if i not in self._described and plain_sentence(line):
            return True
        x = self.info(i)
        return x is not None and x.content

    def section_block(self, i: int, x: Line) -> None:
        """Pass 2: drop the related / author / ad / comments section opened by line ``i``."""
        kind = section_kind(x)
        if kind == "related":
            self._drop_block(i, kind, _related_item, need_items=True)
        elif kind in ("author-box", "ad"):
            self._drop_block(i, kind, _box_item, need_items=kind == "ad")
        elif kind == "comments" and i >= len(self.lines) // 2:
            self._drop_block(i, kind, lambda _x: True, need_items=True)

    def _drop_block(
        self, i: int, reason: str, item: Callable[[Line], bool], *, need_items: bool
    ) -> None:
        items: list[int] = []
        j = self.neighbour(i, 1)
        while j is not None:
            x = self.info(j)
            if x is None or x.heading or not item(x) or section_kind(x):
                break
            items.append(j)
            j = self.neighbour(j, 1)
        if items or not need_items:
            for k in (i, *items):
                self.drops.setdefault(k, reason)


def _related_item(x: Line) -> bool:
    """A link, a title, a snippet cut with "…" or a furniture line of a related-articles list."""
    return not x.locked and (
        x.linky
        or bool(x.rule or x.weak)
        or (x.units <= RELATED_ITEM_MAX_UNITS and not x.statement)
        or ends_with_ellipsis(x)
    )


def _box_item(x: Line) -> bool:
    """A line of an author box or ad block: links, furniture, labels and short blurbs."""
    return not x.locked and (
        x.linky or bool(x.rule or x.weak) or x.label or len(x.low) <= BOX_PROSE_MAX_CHARS
    )


def find_furniture(lines: Sequence[str], protected: Sequence[bool]) -> dict[int, str]:
    """Indexes (0-based) of page-furniture lines → reason; ``protected`` lines (code, math) stay."""
    page = _Page(lines, protected)
    hinted = hinted_lines(lines, protected)
    for i in hinted:  # pass 1
        x = page.info(i)
        if x is not None and x.rule:
            page.drops[i] = x.rule
    for i in hinted:  # pass 2
        x = page.info(i)
        if x is not None and i not in page.drops:
            page.section_block(i, x)
    head_end, tail_start = _zones(page)
    _zone_pass(page, head_end, tail_start)
    _weak_pairs(page)
    for _ in range(RUN_PASSES_MAX):  # each round can only extend a run of furniture by one line
        before = len(page.drops)
        _run_pass(page, head_end, tail_start)
        if len(page.drops) == before:
            break
    return page.drops


def _zones(page: _Page) -> tuple[int, int]:
    """(end of the head zone, start of the tail zone): the first and the last content line.

    Each end is searched over at most ZONE_MAX_LINES non-blank lines; a page that shows no
    content that soon has no zone on that side, so nothing there is dropped for its position
    (and a page of 100,000 short lines costs no more than a normal one).
    """
    n = len(page.lines)
    head_end = _first_content(page, range(n))
    if head_end is None:
        return 0, n
    tail = _first_content(page, range(n - 1, head_end - 1, -1))
    return head_end, n if tail is None else tail + 1


def _first_content(page: _Page, order: range) -> int | None:
    """The first content line in ``order``, or None after ZONE_MAX_LINES non-blank lines."""
    seen = 0
    for i in order:
        if page.is_content(i):
            return i
        if page.lines[i].strip():
            seen += 1
            if seen > ZONE_MAX_LINES:
                return None
    return None


def _zone_pass(page: _Page, head_end: int, tail_start: int) -> None:
    """Pass 3: bylines, breadcrumbs, tag lines and single-word widgets at the head and tail."""
    for i in itertools.chain(range(head_end), range(tail_start, len(page.lines))):
        x = page.info(i)
        if x is None or i in page.drops or x.heading or x.locked:
            continue
        if x.rule:
            page.drops[i] = x.rule
        elif x.weak and not x.listed and x.weak != "counter":  # numbers alone may be data
            page.drops[i] = x.weak
        elif x.listed:
            continue
        elif byline(x):
            page.drops[i] = "byline"
        elif is_breadcrumb(x.low, need_nav=False):
            page.drops[i] = "navigation"
        elif is_tag_line(x.low, anywhere=False):
            page.drops[i] = "tags"


def _weak_pairs(page: _Page) -> None:
    """Pass 4a: two single-word widgets or counters side by side ("Listen" / "Share",
    "关注者" / "1,024") are a widget bar wherever they are; two counters alone are data."""
    for i, x in page.described():
        if not x.weak or x.heading:
            continue
        for j in (page.neighbour(i, -1), page.neighbour(i, 1)):
            y = page.info(j) if j is not None else None
            if j is not None and y and y.weak and not y.heading and {x.weak, y.weak} != {"counter"}:
                page.drops.setdefault(i, x.weak)
                page.drops.setdefault(j, y.weak)


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
        if reason := x.rule or x.weak:
            page.drops[i] = reason
            continue
        if not x.label:
            continue
        near_edge = i < head_end or i >= tail_start
        run = _label_run(page, i, title, ZONE_LABEL_RUN_MAX if near_edge else LABEL_RUN_MAX)
        if run is None:
            continue
        before, after = page.neighbour(run[0], -1), page.neighbour(run[-1], 1)
        in_zone = run[-1] < head_end or run[0] >= tail_start
        framed = page.furniture(before) and page.furniture(after)
        # A run holding a furniture word ("楼主" above a user name) counts as half furniture.
        half = any((page.info(k) or x).weak for k in run)
        if framed or ((in_zone or half) and (page.furniture(before) or page.furniture(after))):
            for k in run:
                page.drops[k] = "furniture-label"


def _label_run(page: _Page, i: int, title: int | None, longest: int) -> list[int] | None:
    """The run of consecutive label lines around ``i``; None if longer than ``longest``."""
    run = [i]
    for step in (-1, 1):
        j = page.neighbour(i, step)
        while j is not None and j not in page.drops and j != title:
            x = page.info(j)
            if x is None or not x.label:
                break
            run.append(j)
            if len(run) > longest:
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
        if x.label and x.units >= TITLE_MIN_UNITS and (best is None or x.units > best[0]):
            best = (x.units, i)
    return best[1] if best else None

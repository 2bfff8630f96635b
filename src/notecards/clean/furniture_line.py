"""One line of a saved page, described for :mod:`notecards.clean.furniture`: its markup, its length in
units that mean the same in Chinese and English, whether it ends like a sentence, and which line
rule (if any) marks it as furniture on its own — a strong pattern, coverage by furniture tokens,
a tag line, a breadcrumb, or links to tag pages and user profiles.

The vocabulary lives in :mod:`notecards.clean.boilerplate`, compiled on first use by
:mod:`notecards.clean.furniture_regexes`. Descriptions are remembered (lines repeat across notes).
"""

from __future__ import annotations

import functools
import re
import string
from dataclasses import dataclass

from notecards.clean import boilerplate as bp
from notecards.clean.furniture_regexes import compiled_vocabulary, furniture_tokens
from notecards.patterns import SENTENCE_END

FURNITURE_MAX_CHARS = 200
"""Longer lines are content, whatever words they contain (all passes)."""
COVERAGE_MAX_RESIDUE = 0.25
"""Share of a line's letters not explained by furniture tokens or numbers (pass 1)."""
COVERAGE_MAX_RESIDUE_CHARS = 10
"""…and at most this many unexplained letters (a user name beside ``发布于``) (pass 1)."""
LABEL_MAX_UNITS = 20
"""A *label* (user name, bio, site name, count) has at most this many units (CJK characters and
Latin words) and no sentence end."""
LINK_NAME_MAX_UNITS = 6
"""A link to a tag page or a user profile is furniture only if its text is this short."""
CONTENT_MIN_UNITS = 24
"""A line with this many units is content (it ends the head zone); 5 if it has a sentence end."""

_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


_CRUMB_CHARACTERS = ">›»/|｜"
"""Every breadcrumb separator (``BREADCRUMB_SEPARATOR_PATTERN``) holds one of these."""
_TAG_SPLIT = re.compile(r"[\s,，、|·#/]+")

_HEADING = re.compile(r" {0,3}#{1,6}(?:\s|$)")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s")
_LEAD = re.compile(r"\s*(?:#{1,6}\s+|>\s?|[-*+]\s+|\d{1,9}[.)]\s+)?")
_IMAGE = re.compile(r"!\[[^\]\n]{0,200}\]\([^)\n]{0,500}\)")
_LINK = re.compile(r"\[([^\]\n]{0,200})\]\(([^)\n]{0,500})\)")
_URL = re.compile(r"(?:https?://|www\.)\S{1,500}")
_MARKUP = re.compile(r"</?[a-zA-Z][^>\n]{0,200}>|\*\*|__|~~")
_NON_WORD = re.compile(r"[\W_]+")
_UNIT = re.compile(r"[^\W\d_a-z]|[a-z0-9]+")  # one CJK (non-Latin) letter, or one Latin word/number
_STATEMENT_END = re.compile(r"[。！!；;．]|\.(?:\s|$)")  # a question is not a statement
_ELLIPSIS = re.compile(r"(?:…|\.\.\.|⋯)\s*$")
_MARKER_TRIM = re.compile(r"^[\W\d_]+|[\s\d:：\-—|()（）\[\]【】<>»›.,，!！?？…*]+$")
_CONTINUED = re.compile(r"[,，、]\s*$")
_OPEN_END = re.compile(r"[A-Za-z0-9,]\s*$")  # an English sentence still going on


@dataclass(frozen=True, slots=True)
class Line:
    """What the passes need to know about one non-blank line."""

    heading: bool
    """A Markdown heading: dropped only by a strong pattern or a section block."""
    listed: bool
    """A list item."""
    locked: bool
    """Never furniture: holds inline math or code, or is one half of a sentence broken in two."""
    low: str
    """The line without block markup, links reduced to their text, ASCII lower-cased."""
    words: int
    """Letters, digits and CJK characters in :attr:`low`."""
    units: int
    """CJK characters plus Latin words and numbers: a length that means the same in both."""
    sentence: bool
    """Contains sentence-ending punctuation (question marks included)."""
    statement: bool
    """Contains sentence-ending punctuation other than a question mark (titles in a list of
    related questions end with one)."""
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
            and not self.locked
            and 0 < self.units <= LABEL_MAX_UNITS
            and not self.sentence
            and not self.low.endswith((":", "："))
        )

    @property
    def content(self) -> bool:
        """Real content: the first such line ends the head zone, the last starts the tail zone."""
        if self.heading or self.linky or self.rule or self.weak:
            return False
        if compiled_vocabulary().BYLINE.match(self.low) or is_tag_line(self.low, anywhere=False):
            return False  # "作者：…" and "标签：…" have a colon but are not definitions
        return self.units >= CONTENT_MIN_UNITS or (
            self.units >= 5 and (self.sentence or "：" in self.low or ": " in self.low)
        )


def describe(line: str, previous: str) -> Line:
    """Describe one non-blank line (``previous`` is the line above it, maybe blank)."""
    second_half = (
        line.lstrip()[:1].islower()
        and len(previous.strip()) >= 8
        and _OPEN_END.search(previous) is not None
    )
    return _describe(line, second_half)


@functools.lru_cache(maxsize=4096)
def _describe(line: str, second_half: bool) -> Line:
    """:func:`describe`, remembered: notes repeat lines (``:end_tab:``, ``## 习题``) and the
    line above matters only as ``second_half`` (the line goes on a sentence begun above it)."""
    locked = (
        line.count("$") >= 2  # inline math
        or line.count("`") >= 2  # inline code
        or _CONTINUED.search(line) is not None  # ends with a comma: the sentence goes on
        or second_half
    )
    heading = _HEADING.match(line) is not None
    listed = not heading and _LIST_ITEM.match(line) is not None
    text, links, linked = line, [], 0
    if "](" in text:  # cheap tests first: most lines have no links, markup or URLs
        text = _IMAGE.sub(" ", text)
        links = list(_LINK.finditer(text))
        linked = sum(len(m.group(1)) for m in links)
        text = _LINK.sub(r"\1", text)
    if "<" in text or "**" in text or "__" in text or "~~" in text:
        text = _MARKUP.sub("", text)
    has_url = "://" in text or "www." in text
    if has_url:
        linked += sum(len(m.group()) for m in _URL.finditer(text))
    lead = _LEAD.match(text)
    text = text[lead.end() if lead else 0 :].strip()
    low = text.lower()
    if len(low) != len(text):  # a few non-ASCII letters change length when lower-cased
        low = text.translate(_ASCII_LOWER)
    words = len(_NON_WORD.sub("", low))
    units = len(_UNIT.findall(low))
    no_urls = _URL.sub("", low) if has_url else low
    sentence = SENTENCE_END.search(no_urls) is not None
    statement = sentence and _STATEMENT_END.search(no_urls) is not None
    linky = linked > 0 and linked >= 0.6 * len(text.replace(" ", ""))
    rule, weak = (
        (None, None)
        if locked
        else _line_rule(low, words, listed=listed, heading=heading, statement=statement)
    )
    if linky and not (rule or locked or heading) and links:
        rule = _link_kind([(m.group(1), m.group(2)) for m in links])
    return Line(heading, listed, locked, low, words, units, sentence, statement, linky, rule, weak)


def _link_kind(links: list[tuple[str, str]]) -> str | None:
    """``tags`` when every link goes to a tag page, ``user-name`` when to a user profile — and
    its text is as short as a tag or a name (a long text is a real link: "LeetCode 上的…练习")."""
    if any(len(_UNIT.findall(text.lower())) > LINK_NAME_MAX_UNITS for text, _ in links):
        return None
    vocabulary = compiled_vocabulary()
    if all(vocabulary.TAG_URL.search(url) for _, url in links):
        return "tags"
    if all(vocabulary.USER_URL.search(url) for _, url in links):
        return "user-name"
    return None


@functools.lru_cache(maxsize=4096)  # lines that differ only in markup ("[Discussions](…/t/74)")
def _line_rule(
    low: str, words: int, *, listed: bool, heading: bool, statement: bool
) -> tuple[str | None, str | None]:
    """(rule reason, weak reason) of pass 1; a statement (ends like a sentence) is never
    furniture for its words alone, only by a strong pattern."""
    if not low or len(low) > FURNITURE_MAX_CHARS:
        return None, None
    vocabulary = compiled_vocabulary()
    strong = vocabulary.STRONG_START.match(low) or vocabulary.STRONG_ANYWHERE.search(low)
    if strong and strong.lastgroup:
        return strong.lastgroup.replace("_", "-"), None
    if heading:
        return None, None  # a heading made of furniture words ("## 更多阅读") is still a heading
    if not listed and is_tag_line(low, anywhere=True):
        return "tags", None
    if not listed and is_breadcrumb(low, need_nav=True):
        return "navigation", None
    if statement or words == 0:
        return None, None
    chars: dict[str, int] = {}
    distinct: set[str] = set()
    rest: list[str] = []
    last = 0
    for m in furniture_tokens(low):
        group = vocabulary.GROUP_OF[m.group()]
        chars[group] = chars.get(group, 0) + len(m.group())
        distinct.add(m.group())
        rest.append(low[last : m.start()])
        last = m.end()
    if not chars:  # only numbers, prices and dates ("¥2 ¥4 ¥6", "1.2K"): a counter, needs context
        return None, (
            "counter" if not _NON_WORD.sub("", vocabulary.NUMBERISH.sub(" ", low)) else None
        )
    rest.append(low[last:])
    no_tokens = " ".join(rest)
    no_numbers = vocabulary.NUMBERISH.sub(" ", no_tokens)
    residue = len(_NON_WORD.sub("", no_numbers))
    if residue > min(COVERAGE_MAX_RESIDUE * words, COVERAGE_MAX_RESIDUE_CHARS):
        return None, None
    reason = max(chars, key=lambda g: (chars[g], g))
    if len(distinct) >= 2 or no_numbers != no_tokens:
        return reason, None
    return None, reason


def is_tag_line(low: str, *, anywhere: bool) -> bool:
    """``文章标签：CNN 池化``: a tag label, then two or more short tags. Labels that are also ML
    words (``标签``, ``分类``) count only at the head or tail of the page."""
    m = compiled_vocabulary().TAG_LINE.match(low)
    if m is None or (anywhere and m.group("label") in bp.AMBIGUOUS_TAG_LABELS):
        return False
    parts = [p for p in _TAG_SPLIT.split(m.group("tags")) if p]
    return len(parts) >= 2 and all(len(p) <= 15 for p in parts)


def is_breadcrumb(low: str, *, need_nav: bool) -> bool:
    """``首页 > 博客 > 正文``: three or more short parts; the first names a site page if asked."""
    if len(low) > 120 or _STATEMENT_END.search(low) or "，" in low:
        return False  # the last part may be the page title, and that may be a question
    if not any(c in low for c in _CRUMB_CHARACTERS):
        return False  # no separator: one part, not three (faster than splitting)
    vocabulary = compiled_vocabulary()
    parts = [p.strip() for p in vocabulary.CRUMB_SPLIT.split(low)]
    if len(parts) < 3 or not all(0 < len(p) <= 16 for p in parts[:-1]):
        return False
    if not 0 < len(parts[-1]) <= 80:  # the last part may be the page's (long) title
        return False
    return not need_nav or any(
        vocabulary.GROUP_OF.get(m.group()) == "navigation" for m in furniture_tokens(parts[0])
    )


def byline(x: Line) -> bool:
    """``作者：张三`` / ``By Jane Doe`` / ``来源：…``: furniture at the head or tail of a page."""
    return compiled_vocabulary().BYLINE.match(x.low) is not None


def section_kind(x: Line) -> str | None:
    """Which section a heading-like line opens: ``related``, ``author-box``, ``ad``, ``comments``."""
    key = _MARKER_TRIM.sub("", x.low)
    vocabulary = compiled_vocabulary()
    if vocabulary.RELATED.fullmatch(key):
        return "related"
    if vocabulary.AUTHOR.match(key) and x.units <= 2 * LABEL_MAX_UNITS and not x.sentence:
        return "author-box"
    if vocabulary.AD_MARKER.fullmatch(key):
        return "ad"
    if vocabulary.COMMENTS.fullmatch(key):
        return "comments"
    return None


def ends_with_ellipsis(x: Line) -> bool:
    """A snippet cut short with "…" (the teaser under a related-article title)."""
    return _ELLIPSIS.search(x.low) is not None


def plain_sentence(line: str) -> bool:
    """A line of 20 characters or more with a sentence end and no heading, link or list markup:
    content, decided without the full description (for lines no furniture word sent to pass 1,
    which cannot be covered by furniture words; a sentence never is anyway)."""
    return (
        len(line) >= 20
        and not line.lstrip().startswith(("#", "[", "!", "<", "|", ":", "-", "*", "+"))
        and "](" not in line
        and _STATEMENT_END.search(line) is not None
    )

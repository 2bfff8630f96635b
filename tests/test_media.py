"""Code spans in card text (media.code_spans): raw ``<img>`` tags inside them are left alone.

code_spans replaced the regex ``(`+)[\\s\\S]*?(?<!`)\\1(?!`)``, whose backtracking is cubic on a long
run of backticks; these tests hold it to exactly that regex's matches (its time on long runs is
benchmarks/linear_speed.py's to check).
"""

from __future__ import annotations

import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from notecards.export.media import code_spans, html_images_to_markdown

REGEX = re.compile(r"(`+)[\s\S]*?(?<!`)\1(?!`)")
"""The old definition (only ever run here on short texts)."""


def test_same_spans_as_the_regex_on_every_short_text():
    for length in range(11):
        for chars in itertools.product("`a\n", repeat=length):
            text = "".join(chars)
            assert list(code_spans(text)) == [m.span() for m in REGEX.finditer(text)], repr(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["`", "``", "```", "a", " ", "\n", "<img src=x>"]), max_size=30))
def test_same_spans_as_the_regex(pieces):
    text = "".join(pieces)
    assert list(code_spans(text)) == [m.span() for m in REGEX.finditer(text)]


LONG_BACKTICK_RUNS = ("`" * 50_000, "`a" * 25_000, "``a`" * 12_000, "`" * 25_000 + "a" + "``")
"""Texts the old regex takes hours on (the first one); linear code, milliseconds."""


def test_long_runs_of_backticks_give_well_formed_spans():
    for text in LONG_BACKTICK_RUNS:
        spans = list(code_spans(text))
        assert all(0 <= a < b <= len(text) for a, b in spans)
        assert all(b <= c for (_, b), (c, _) in itertools.pairwise(spans))


def test_images_inside_code_are_left_alone():
    text = 'see <img src="a.png" alt="A"> and `<img src="b.png">` and ```\n<img src=c.png>\n```'
    assert html_images_to_markdown(text) == (
        'see ![A](<a.png>) and `<img src="b.png">` and ```\n<img src=c.png>\n```'
    )

"""Code on cards: highlighted per language by Pygments at build time, escaped, deterministic;
an unknown language, no language or a cloze stays plain escaped code."""

from __future__ import annotations

import html
import re

import pytest

from notecards.export.highlight import highlight_blocks
from notecards.parse import to_html


def card_html(language: str, code: str) -> str:
    return highlight_blocks(to_html(f"```{language}\n{code}\n```"))


def text_of(rendered: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


@pytest.mark.parametrize(
    ("language", "code", "spans"),
    [
        (
            "python",
            "def f(x):\n    return 'a'  # c",
            ['hl-k">def', 'hl-f">f', "hl-s\">'a'", 'hl-c"># c'],
        ),
        (
            "cpp",
            "#include <vector>\nint x = 42;",
            ['hl-k">#include', 'hl-s">&lt;vector&gt;', 'hl-m">42'],
        ),
        ("js", "const s = `x`; // y", ['hl-k">const', 'hl-c">// y']),
        ("bash", 'echo "hi"', ['hl-b">echo', 'hl-s">"hi"']),
    ],
)
def test_each_language_is_highlighted_and_keeps_its_text(language, code, spans):
    rendered = card_html(language, code)
    assert rendered.startswith(f'<pre><code class="language-{language}">')
    for span in spans:
        assert f'<span class="{span}' in rendered
    assert text_of(rendered) == code + "\n"


@pytest.mark.parametrize("fence", ["```nosuchlanguage", "```"])
def test_unknown_or_no_language_stays_plain_escaped_code(fence):
    rendered = highlight_blocks(to_html(f"{fence}\n<script>alert(1)</script>\n```"))
    assert "<span" not in rendered and "<script>" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered


def test_no_note_html_passes_through_unescaped():
    evil = "print('<script>alert(1)</script>', \"<img src=x onerror=alert(1)>\")"
    rendered = card_html("python", evil)
    assert "<script" not in rendered and "<img" not in rendered and "hl-s" in rendered
    assert set(re.findall(r"</?(\w+)", rendered)) == {"pre", "code", "span"}
    assert text_of(rendered) == evil + "\n"


def test_a_cloze_inside_code_is_left_as_written():
    rendered = card_html("python", "x = {{c1::42}}")
    assert "<span" not in rendered and "{{c1::42}}" in rendered


def test_highlighting_is_deterministic():
    code = "for i in range(3):\n    print(i)"
    assert len({card_html("python", code) for _ in range(3)}) == 1

"""Screenshots of cards with the real note types' CSS, light and night mode, in headless Chromium.

    .venv/bin/python benchmarks/screenshots.py [OUT_DIR]     (default: /tmp/notecards-screenshots)

Renders a basic, a cloze, a code and a Chinese card the way the export renders their fields
(:func:`notecards.export.render.render`, the templates and CSS of
:mod:`notecards.export.anki_model`), fills the templates as Anki would (``{{Field}}``,
``{{FrontSide}}``, ``{{cloze:Text}}`` with the deletion shown), and writes one HTML page and one
PNG per card and mode. Night mode is Anki's: the ``nightMode`` class on the card's body.
Needs a ``chromium`` (or ``chromium-browser``/``google-chrome``) on the PATH; without one only the
HTML pages are written. The PNGs are for looking at, not for committing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from notecards.export import anki_model
from notecards.export.face import reverse_prompt, source_html
from notecards.export.media import MediaPacker
from notecards.export.render import render
from notecards.model import Card, CardKind, SourceRef

CARDS = {
    "basic": (
        CardKind.BASIC,
        "What is dropout?",
        "Dropout is a regularization technique that randomly zeroes activations during training.",
    ),
    "cloze": (CardKind.CLOZE, "{{c1::ReLU}} is the most common activation function.", ""),
    "code": (
        CardKind.BASIC,
        "如何用 C++ 输出一行？",
        '```cpp\n#include <iostream>\nint main() {\n  std::cout << "hi" << 42; // 输出\n}\n```',
    ),
    "chinese": (
        CardKind.REVERSIBLE,
        "池化层",
        "对特征图进行下采样的网络层，降低分辨率并扩大感受野。",
    ),
}
"""Name → (kind, front, back) of each card shown."""

SOURCE = SourceRef("深度学习/cnn.md", ("**卷积**网络", "$W$ 的作用"), 12)


def fields_of(kind: CardKind, front: str, back: str) -> dict[str, str]:
    """The note's fields as the export renders them."""
    packer = MediaPacker(Path(tempfile.gettempdir()), 0)
    card = Card(kind, front, back, "demo", SOURCE, "深度学习")
    front_html = render(front, Path("."), packer)[0]
    back_html = render(back, Path("."), packer)[0]
    source = source_html(SOURCE, True)
    if kind is CardKind.CLOZE:
        return {"Text": front_html, "Back Extra": back_html, "Source": source, "Rule": "demo"}
    return {
        "Front": front_html,
        "Back": back_html,
        "Add Reverse": reverse_prompt(card),
        "Source": source,
        "Rule": "demo",
    }


def fill(template: str, fields: dict[str, str], front_side: str = "", answer: bool = False) -> str:
    """A template filled as Anki fills it (the subset our templates use)."""
    out = template.replace("{{FrontSide}}", front_side)

    def cloze(m: re.Match[str]) -> str:
        text = fields[m.group(1)]
        shown = r'<span class="cloze">\1</span>' if answer else '<span class="cloze">[...]</span>'
        return re.sub(r"\{\{c\d+::(.*?)\}\}", shown, text)

    out = re.sub(r"\{\{cloze:([^}]+)\}\}", cloze, out)
    out = re.sub(
        r"\{\{#([^}]+)\}\}(.*?)\{\{/\1\}\}",
        lambda m: m.group(2) if fields.get(m.group(1)) else "",
        out,
        flags=re.S,
    )
    return re.sub(r"\{\{([^#/}][^}]*)\}\}", lambda m: fields.get(m.group(1), ""), out)


def page(name: str, night: bool) -> str:
    """The HTML page of one card's answer side (the reversed side for the two-way card)."""
    kind, front, back = CARDS[name]
    fields = fields_of(kind, front, back)
    note_type = anki_model.CLOZE if kind is CardKind.CLOZE else anki_model.BASIC
    ordinal = 1 if kind is CardKind.REVERSIBLE else 0
    _name, question, answer = note_type.templates[ordinal]
    shown_question = fill(question, fields)
    body = fill(answer, fields, front_side=shown_question, answer=True)
    mode = "card nightMode" if night else "card"
    return (
        '<!doctype html><html><head><meta charset="utf-8">'
        f"<style>{anki_model.CSS}</style></head>"
        f'<body class="{mode}">{body}</body></html>'
    )


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "/tmp/notecards-screenshots")
    out.mkdir(parents=True, exist_ok=True)
    browser = next(
        (b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None
    )
    for name in CARDS:
        for night in (False, True):
            stem = f"{name}-{'dark' if night else 'light'}"
            html_path = out / f"{stem}.html"
            html_path.write_text(page(name, night), encoding="utf-8")
            if browser is None:
                continue
            subprocess.run(
                [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                 f"--screenshot={out / f'{stem}.png'}", "--window-size=720,520",
                 html_path.as_uri()],
                check=True,
                capture_output=True,
                timeout=120,
            )  # fmt: skip
    print(f"wrote {out}" + ("" if browser else " (HTML only: no Chromium on the PATH)"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Quality gate of the clean stage on the saved-page corpus (``tests/fixtures/pages``).

Kept-content recall and boilerplate removal may not fall below the floors pinned in
``baseline.json``; ``python benchmarks/clean_quality.py --update-baseline`` raises them.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from notecards.clean.clean import protected_lines

REPO = Path(__file__).resolve().parents[1]
PAGES = REPO / "tests" / "fixtures" / "pages"


def _load_benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "clean_quality", REPO / "benchmarks" / "clean_quality.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being created
    spec.loader.exec_module(module)
    return module


quality = _load_benchmark()
EXPECTATIONS = quality.expectations(PAGES)


def test_the_corpus_has_every_kind_of_page() -> None:
    names = " ".join(e.page.name for e in EXPECTATIONS)
    for kind in ("blog", "medium", "qa", "repost", "forum"):
        assert kind in names
    assert sum(len(e.keeps) for e in EXPECTATIONS) >= 80
    assert sum(len(e.drops) for e in EXPECTATIONS) >= 250


@pytest.mark.parametrize("expectation", EXPECTATIONS, ids=[e.page.name for e in EXPECTATIONS])
def test_every_line_of_a_page_is_labelled(expectation: Any) -> None:
    """Each non-blank line outside code is a drop line or holds a keep text: the sidecars are
    complete, so the figures measure the whole page."""
    page = expectation.page
    lines = page.read_text(encoding="utf-8").split("\n")
    keeps, drops = expectation.keeps, set(expectation.drops)
    protected = protected_lines(lines)
    for number, line in enumerate(lines, start=1):
        text = line.strip().removesuffix("¶").strip()
        if text and not protected[number - 1]:
            assert line.strip() in drops or any(k in line for k in keeps), f"{page.name}:{number}"


@pytest.mark.parametrize("expectation", EXPECTATIONS, ids=[e.page.name for e in EXPECTATIONS])
def test_page_keeps_content_and_drops_furniture(expectation: Any) -> None:
    score = quality.score(expectation)
    assert score.missing == ()
    assert score.surviving == ()


def test_floors_are_met() -> None:
    floors = json.loads((PAGES / "baseline.json").read_text(encoding="utf-8"))
    scores = quality.evaluate(PAGES)
    assert scores.recall >= floors["recall"]
    assert scores.removal >= floors["removal"]
    assert floors["recall"] == 1.0 and floors["removal"] >= 0.98  # the goals

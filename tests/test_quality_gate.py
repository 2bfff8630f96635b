"""Quality gates whose floors only move up (tests/fixtures/quality/baseline.json): zh-qa-dev
recall, and the keep rate of the hand-judged precision sample.

Raise a floor with ``python benchmarks/evaluate.py --update recall`` (or ``report``); lowering one
takes ``--allow-regression`` and a reason in the commit message.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from evaluate import (
    BASELINE_FILE,
    EPSILON,
    JUDGEMENTS,
    SAMPLE_FILE,
    build_folder,
    keep_rate,
    load_baseline,
    recall,
)


def test_baseline_floors_are_rates() -> None:
    floors = load_baseline(BASELINE_FILE)
    assert "zh_qa_dev_recall" in floors
    assert all(0.0 <= value <= 1.0 for value in floors.values())


def test_zh_qa_dev_recall_stays_at_or_above_its_floor(corpora: Path) -> None:
    corpus = corpora / "zh-qa-dev"
    result = recall(corpus, build_folder(corpus))
    floor = load_baseline(BASELINE_FILE)["zh_qa_dev_recall"]
    assert result.total == 87
    assert result.rate + EPSILON >= floor, "\n".join(
        [f"recall {result.rate:.3f} < floor {floor:.3f}", *result.misses]
    )


def test_precision_sample_is_judged_with_known_verdicts() -> None:
    lines = [json.loads(line) for line in SAMPLE_FILE.read_text(encoding="utf-8").splitlines()]
    assert lines, "the precision sample is empty"
    for line in lines:
        assert {"card", "rule", "source", "judgement"} <= line.keys()
        assert line["judgement"] in (*JUDGEMENTS, ""), line


def test_judged_keep_rate_stays_at_or_above_its_floor() -> None:
    lines = [json.loads(line) for line in SAMPLE_FILE.read_text(encoding="utf-8").splitlines()]
    floor = load_baseline(BASELINE_FILE).get("precision_keep_rate")
    if floor is None or any(not line["judgement"] for line in lines):
        pytest.skip("the precision sample is not fully judged yet")
    rate, _ = keep_rate(lines)
    assert rate + EPSILON >= floor

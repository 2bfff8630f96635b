"""Shared test setup: make tests/ importable for helpers and locate the shared corpora."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
sys.path.insert(0, str(TESTS))
# The quality gates reuse the development measurement tool (benchmarks/evaluate.py, not shipped).
sys.path.insert(1, str(TESTS.parent / "benchmarks"))

# Derived jieba tables are cached per user (notecards.segment.tablecache); tests, and the builds they run
# in subprocesses, keep theirs in a folder of their own instead of the user's ~/.cache.
os.environ.setdefault("NOTECARDS_TABLE_CACHE", tempfile.mkdtemp(prefix="notecards-tables-"))

CORPORA = TESTS.parent.parent / "shared" / "corpora"
"""``../shared/corpora`` beside the project checkout (read-only development corpora)."""


@pytest.fixture
def corpora() -> Path:
    """The shared corpora folder; tests that need it are skipped when it is absent."""
    if not CORPORA.is_dir():
        pytest.skip("../shared/corpora is not beside this checkout")
    return CORPORA

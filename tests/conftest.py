"""Shared test setup: make tests/ importable for helpers and locate the shared corpora."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
sys.path.insert(0, str(TESTS))

CORPORA = TESTS.parent.parent / "shared" / "corpora"
"""``../shared/corpora`` beside the project checkout (read-only development corpora)."""


@pytest.fixture
def corpora() -> Path:
    """The shared corpora folder; tests that need it are skipped when it is absent."""
    if not CORPORA.is_dir():
        pytest.skip("../shared/corpora is not beside this checkout")
    return CORPORA

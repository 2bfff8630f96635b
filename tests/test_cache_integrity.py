"""Damaged cache entries (issue 14 point 3): bytes flipped inside real entries of a real cache
file are a miss and a warning — the build's cards equal a clean build's, and it never fails."""

from __future__ import annotations

import logging
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from card_helpers import read_package
from notecards import pipeline
from notecards.config import Config
from notecards.runner import cache
from test_cache import NOTES, write_notes

DAMAGED = "build cache entry for"
"""The start of the warning a damaged entry gives."""


def _db(out: Path) -> Path:
    return out / cache.CACHE_DIR / cache.DB_NAME


def _blobs(out: Path) -> dict[str, bytes]:
    db = sqlite3.connect(_db(out))
    try:
        return {rel: bytes(blob) for rel, blob in db.execute("SELECT rel, result FROM notes")}
    finally:
        db.close()


def flip_in_entry(out: Path, rel: str, flips: int, rng: random.Random) -> None:
    """Flip ``flips`` random bytes of ``rel``'s stored result, in place in the database file
    (not through SQLite, as a bad disk or a stray write would)."""
    blob = _blobs(out)[rel]
    path = _db(out)
    data = bytearray(path.read_bytes())
    at = bytes(data).find(blob)
    assert at >= 0 and bytes(data).find(blob, at + 1) < 0, "the entry is not stored in one piece"
    for offset in rng.sample(range(len(blob)), flips):
        data[at + offset] ^= rng.randrange(1, 256)
    path.write_bytes(bytes(data))


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    write_notes(root)
    return root


@pytest.mark.parametrize("flips", [1, 3])
def test_flipped_bytes_in_entries_rebuild_the_note_with_a_warning(
    notes: Path, tmp_path: Path, flips: int, caplog: pytest.LogCaptureFixture
) -> None:
    clean = pipeline.build(notes, tmp_path / "clean", Config(jobs=1, use_cache=False))
    cached = tmp_path / "cached"
    pipeline.build(notes, cached, Config(jobs=1))
    pristine = tmp_path / "pristine"
    shutil.copytree(cached, pristine)
    rng = random.Random(1400 + flips)
    for trial in range(12):
        shutil.rmtree(cached)
        shutil.copytree(pristine, cached)
        rel = sorted(NOTES)[trial % len(NOTES)]
        flip_in_entry(cached, rel, flips, rng)
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            report = pipeline.build(notes, cached, Config(jobs=1))
        assert report.notes == clean.notes, f"trial {trial}: {rel}"
        damaged = [r.getMessage() for r in caplog.records if DAMAGED in r.getMessage()]
        assert damaged and rel in damaged[0], f"trial {trial}: no warning for {rel}"
        # The rebuilt note replaced the damaged entry: the next build takes it from the cache.
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            assert pipeline.build(notes, cached, Config(jobs=1)).notes == clean.notes
        assert not [r for r in caplog.records if DAMAGED in r.getMessage()]


def _cli_build(notes: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "notecards", "build", str(notes), "-o", str(out), "-j", "1"]
    return subprocess.run([*cmd, *extra], capture_output=True, text=True, timeout=300)


def test_the_cli_build_on_a_damaged_cache_prints_a_warning_and_writes_clean_decks(
    notes: Path, tmp_path: Path
) -> None:
    clean, cached = tmp_path / "clean", tmp_path / "cached"
    assert _cli_build(notes, clean, "--no-cache").returncode == 0
    assert _cli_build(notes, cached).returncode == 0
    rng = random.Random(14)
    for rel in NOTES:
        flip_in_entry(cached, rel, 3, rng)
    for deck in cached.glob("*.apkg"):
        deck.unlink()  # written again from the (damaged) cache, not left from the first build
    again = _cli_build(notes, cached)
    assert again.returncode == 0, again.stderr
    assert "internal error" not in again.stderr
    assert again.stderr.count(DAMAGED) == len(NOTES), again.stderr
    decks = sorted(p.name for p in clean.glob("*.apkg"))
    assert decks and decks == sorted(p.name for p in cached.glob("*.apkg"))
    for name in decks:
        want, got = read_package(clean / name)[0], read_package(cached / name)[0]
        assert {g: n.fields for g, n in got.items()} == {g: n.fields for g, n in want.items()}

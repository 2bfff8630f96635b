"""Speed of the read and clean stages on the shared corpora (run by hand, never in the tests).

    python benchmarks/clean_speed.py [FOLDER ...]     # default: ../shared/corpora/{d2l-zh,oi-wiki}

Prints MB/s for discover + read and for clean (CPU time of this process, best of three runs),
and the lines dropped per reason, which on clean textbooks should be close to zero. The goal for
clean is more than 20 MB/s.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from notecards.clean.clean import clean
from notecards.errors import UnreadableNote
from notecards.model import SourceNote
from notecards.read.discover import discover
from notecards.read.read import read_note

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "corpora"


def read_all(folders: list[Path]) -> tuple[list[SourceNote], float]:
    """Every readable note of ``folders`` and the CPU seconds it took."""
    start = time.process_time()
    notes: list[SourceNote] = []
    for folder in folders:
        found = discover(folder)
        for path in found.notes:
            try:
                notes.append(read_note(path, found.root, "Inbox"))
            except UnreadableNote as err:
                print(f"warning: {err}", file=sys.stderr)
    return notes, time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path)
    args = parser.parse_args(argv)
    folders = args.folders or [CORPORA / "d2l-zh", CORPORA / "oi-wiki"]
    missing = [f for f in folders if not f.is_dir()]
    if missing:
        print(f"not found: {', '.join(map(str, missing))}", file=sys.stderr)
        return 1
    notes, read_seconds = read_all(folders)
    megabytes = sum(len(n.text.encode("utf-8")) for n in notes) / 1e6
    best = float("inf")
    reasons: Counter[str] = Counter()
    for _ in range(3):
        start = time.process_time()
        cleaned = [clean(note) for note in notes]
        best = min(best, time.process_time() - start)
    for note in cleaned:
        reasons.update(d.reason for d in note.dropped)
    print(f"{len(notes)} notes, {megabytes:.1f} MB")
    print(f"discover + read  {megabytes / read_seconds:7.1f} MB/s")
    print(f"clean            {megabytes / best:7.1f} MB/s   (goal > 20)")
    print("dropped lines by reason:", dict(reasons.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

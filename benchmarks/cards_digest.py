"""Digest of every card and rejection the per-note pipeline makes of the shared corpora, to prove
that a speed change left the output byte-identical: ``python benchmarks/cards_digest.py [OUT]``.

Runs :func:`notecards.pipeline.process_note` over every note of ``../shared/corpora/d2l-zh`` and
``oi-wiki`` in this process (one job, no cache), then :func:`notecards.extract.extract.deduplicate` over
the lot, and writes one line per card (rendered card, source, confidence, tags, key, term) and per
rejection (reason first) to ``OUT`` (default: a temporary file), then prints its sha256 and the
per-stage time. Compare the digest before and after a change; ``diff`` the dumps when they differ.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from pathlib import Path

from notecards import pipeline
from notecards.cli.explain import render_card
from notecards.config import Config
from notecards.errors import UnreadableNote
from notecards.extract import extract
from notecards.model import Card, NoteResult
from notecards.read.discover import discover

REPO = Path(__file__).resolve().parent.parent
CORPORA = REPO.parent / "shared" / "corpora"
CORPUS_NAMES = ("d2l-zh", "oi-wiki")


def card_line(card: Card) -> str:
    """Everything about a card that reaches a deck or a report, on one line."""
    return "\t".join(
        (
            render_card(card),
            card.source.describe(),
            card.rule,
            card.deck,
            f"{card.confidence:.6f}",
            " ".join(card.tags),
            card.key,
            card.term,
        )
    ).replace("\n", "\\n")


def dump(results: list[NoteResult]) -> str:
    """Every note's cards and rejections, in path order."""
    lines: list[str] = []
    for note in results:
        lines.append(f"## {note.rel_path} [{note.category}] {note.encoding} {note.chars}")
        lines.extend(f"card\t{card_line(c)}" for c in note.cards)
        lines.extend(f"rejected {r.reason}\t{card_line(r.card)}" for r in note.rejected)
        lines.extend(f"dropped {d.line} {d.reason}\t{d.text}" for d in note.dropped)
        lines.extend(f"warning\t{w}" for w in note.warnings)
    return "\n".join(lines) + "\n"


def main() -> None:
    """Process the corpora and print the digest of the dump."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path, help="where to write the dump")
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    args = parser.parse_args()
    config = Config(jobs=1, use_cache=False)
    results: list[NoteResult] = []
    unreadable: list[str] = []
    start = time.perf_counter()
    for name in CORPUS_NAMES:
        found = discover(args.corpora / name)
        for path in found.notes:
            try:
                results.append(pipeline.process_note(path, found.root, config))
            except UnreadableNote as err:
                unreadable.append(f"unreadable\t{err}")
    per_note = time.perf_counter() - start
    start = time.perf_counter()
    results = extract.deduplicate(results)
    dedup = time.perf_counter() - start
    text = dump(results) + "".join(f"{u}\n" for u in unreadable)
    out = args.out or Path(tempfile.mkstemp(prefix="cards-digest-", suffix=".txt")[1])
    out.write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    cards = sum(len(n.cards) for n in results)
    rejected = sum(len(n.rejected) for n in results)
    print(f"{len(results)} notes, {cards} cards, {rejected} rejected -> {out}", file=sys.stderr)
    print(f"per-note {per_note:.2f} s, deduplicate {dedup:.3f} s", file=sys.stderr)
    print(digest)


if __name__ == "__main__":
    main()

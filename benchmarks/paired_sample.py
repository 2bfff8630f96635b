"""A paired blind sample: judge the cards a change rewrote, old and new side by side, unlabelled.

A 60-card random sample moves by about ±0.1 between two draws of the same build (one stop's
judges kept 0.50 of the unchanged cards of one sample and 0.31 of another's), more than a
change that rewrites a tenth of the cards can move. Judging only the rewritten cards, each in
its old and its new version, shuffled together so the judge cannot tell which is which, measures
the change on the cards it touches::

    python benchmarks/paired_sample.py draw OLD_DECKS NEW_DECKS N SEED OUT_DIR
        # OUT_DIR/sample-paired.jsonl: up to N pairs (2N cards), for the judge, with the standard
        # OUT_DIR/key-paired.json: which card is old and which new (not for the judge)
    python benchmarks/paired_sample.py score OUT_DIR/key-paired.json JUDGED.jsonl
        # keep / fix / drop of the old and of the new versions, and how many pairs got better

Cards are read as the shared sampler shows them (``../shared/eval/sample_cards.py``, which needs
the ``anki`` package), so the judge sees what Anki shows. A card is rewritten when its source
(file and line) gives a card in both builds and the card's text differs; cards only one build
makes are counted, not sampled. Run by hand, never in the tests.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SAMPLER = REPO.parent / "shared" / "eval" / "sample_cards.py"
VERDICTS = ("keep", "fix", "drop")
RANK = {"drop": 0, "fix": 1, "keep": 2}
"""A verdict's rank: a pair got better when its new version ranks higher."""

Shown = dict[str, Any]
"""One card as the sampler shows it: ``front``, ``back``, ``source``."""


def _sampler() -> dict[str, Any]:
    # The sampler is a script that runs its main() on import: load its functions without it.
    code = SAMPLER.read_text(encoding="utf-8").replace("\nmain()", "\n")
    names: dict[str, Any] = {"__name__": "sample_cards"}
    exec(compile(code, str(SAMPLER), "exec"), names)  # the shared eval script, trusted
    return names


def shown_cards(decks: Path) -> list[Shown]:
    """Every card of the decks in ``decks`` as the judge would see it (no reverse cards)."""
    sampler = _sampler()
    return [
        card
        for note in sampler["notes_of"](str(decks))
        for card in sampler["cards"](note)
        if not card.get("reverse")
    ]


def rewritten(old: list[Shown], new: list[Shown]) -> tuple[list[tuple[Shown, Shown]], int, int]:
    """Pairs (old version, new version) of the cards whose source gives a card in both builds
    with other text, and how many cards only the old and only the new build make."""
    text = {(c["front"], c["back"]) for c in old} & {(c["front"], c["back"]) for c in new}
    gone: dict[str, list[Shown]] = defaultdict(list)
    came: dict[str, list[Shown]] = defaultdict(list)
    for card in old:
        if (card["front"], card["back"]) not in text:
            gone[card["source"]].append(card)
    for card in new:
        if (card["front"], card["back"]) not in text:
            came[card["source"]].append(card)
    pairs = [
        (a, b)
        for source in sorted(gone.keys() & came.keys())
        for a, b in zip(gone[source], came[source])
    ]
    paired = {id(c) for pair in pairs for c in pair}
    only_old = sum(id(c) not in paired for cards in gone.values() for c in cards)
    only_new = sum(id(c) not in paired for cards in came.values() for c in cards)
    return pairs, only_old, only_new


def draw(old_decks: Path, new_decks: Path, size: int, seed: str, out: Path) -> None:
    """Write the blind sample and its key (see the module docstring)."""
    pairs, only_old, only_new = rewritten(shown_cards(old_decks), shown_cards(new_decks))
    rng = random.Random(seed)
    chosen = rng.sample(pairs, min(size, len(pairs)))
    cards = [
        (at, side, card)
        for at, pair in enumerate(chosen)
        for side, card in zip(("old", "new"), pair)
    ]
    rng.shuffle(cards)
    out.mkdir(parents=True, exist_ok=True)
    key: dict[str, list[object]] = {}
    with (out / "sample-paired.jsonl").open("w", encoding="utf-8") as handle:
        for number, (at, side, card) in enumerate(cards, 1):
            ident = f"p{number:03d}"
            key[ident] = [at, side]
            row = {k: card[k] for k in ("front", "back", "source")} | {"id": ident}
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    (out / "key-paired.json").write_text(json.dumps(key, indent=1) + "\n", encoding="utf-8")
    print(
        f"{len(pairs)} rewritten cards, {len(chosen)} pairs drawn (seed {seed}); "
        f"{only_old} cards only the old build makes, {only_new} only the new one"
    )


def score(key_file: Path, judged_file: Path) -> None:
    """Print the verdicts of the old and the new versions and the pairs' moves."""
    key = json.loads(key_file.read_text(encoding="utf-8"))
    verdicts: dict[int, dict[str, str]] = defaultdict(dict)
    for line in judged_file.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            at, side = key[row["id"]]
            verdicts[at][side] = row["verdict"]
    complete = [v for v in verdicts.values() if len(v) == 2]
    for side in ("old", "new"):
        counts = Counter(v[side] for v in complete)
        shares = " / ".join(
            f"{name} {counts[name] / max(1, len(complete)):.2f}" for name in VERDICTS
        )
        print(f"{side}: {shares} ({len(complete)} pairs)")
    moves = Counter(
        (RANK[v["new"]] > RANK[v["old"]]) - (RANK[v["new"]] < RANK[v["old"]]) for v in complete
    )
    print(f"better {moves[1]}, same {moves[0]}, worse {moves[-1]}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    drawing = commands.add_parser("draw", help="write a paired blind sample")
    drawing.add_argument("old", type=Path, help="the decks of the build before the change")
    drawing.add_argument("new", type=Path, help="the decks of the build after it")
    drawing.add_argument("size", type=int, help="pairs to draw")
    drawing.add_argument("seed", help="the draw's seed")
    drawing.add_argument("out", type=Path, help="folder for the sample and its key")
    scoring = commands.add_parser("score", help="compare the old and new verdicts")
    scoring.add_argument("key", type=Path)
    scoring.add_argument("judged", type=Path)
    args = parser.parse_args(argv)
    if args.command == "draw":
        draw(args.old, args.new, args.size, args.seed, args.out)
    else:
        score(args.key, args.judged)


if __name__ == "__main__":
    sys.exit(main())

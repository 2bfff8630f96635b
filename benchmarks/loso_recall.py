"""notes-dev recall with ranking weights fitted without the source being scored (run by hand).

usage: python benchmarks/loso_recall.py [--gold ../shared/corpora/notes-dev/gold.json]
                                   [--judged JUDGED.jsonl ...] [--judged-weight 5]

For each of the four notes-dev sources, fits the ranking weights on the other three
(:func:`fit_salience.fit`; with ``--judged``, plus the blind-judged cloze cards of the other
sources, as the shipped weights were fitted), builds that source's notes with them into a temporary folder and
scores its gold facts with the shared scorer (``../shared/eval/score_cards.py``); then prints
the same figures with the shipped weights (fitted on all four) for comparison.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import mock

import fit_salience

from notecards.config import Config
from notecards.extract.ranking import score, select
from notecards.extract.ranking.features import FEATURES
from notecards.pipeline import build

ROOT = Path(__file__).resolve().parents[1]


def _recall(source_dir: Path, gold: list[dict[str, object]], weights: score.Weights) -> dict:
    facts = [f for f in gold if str(f["file"]).startswith(source_dir.name + "/")]
    with tempfile.TemporaryDirectory() as tmp:
        gold_file = Path(tmp) / "gold.json"
        # The scorer matches by card text only; the facts' file names need not change.
        gold_file.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
        with mock.patch.object(select, "default_weights", return_value=weights):
            build(source_dir, Path(tmp) / "decks", Config(jobs=1, use_cache=False))
        out = subprocess.run(
            [
                sys.executable,
                str(ROOT.parent / "shared/eval/score_cards.py"),
                str(Path(tmp) / "decks"),
                "--gold",
                str(gold_file),
                "--json",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    result = json.loads(out.split("\nscore:")[0])
    return {
        "facts": len(facts),
        "recall": result["recall"],
        "core": result["core_recall"],
        "cards": result["cards"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gold", default=str(ROOT.parent / "shared/corpora/notes-dev/gold.json"))
    parser.add_argument("--judged", nargs="*", default=[], type=Path, help="blind-judged samples")
    parser.add_argument("--judged-weight", type=float, default=5.0)
    args = parser.parse_args()
    judged = fit_salience.judged_rows(args.judged)
    gold_path = Path(args.gold)
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    data = fit_salience.examples(gold_path)
    shipped = score.default_weights()
    for held in sorted({s for s, _, _ in data}):
        # The judged cards of the held-out source are held out too.
        rows = [(x, y, 1.0) for s, x, y in data if s != held] + [
            (x, y, args.judged_weight) for _, folder, x, y in judged if folder != held
        ]
        bias, w = fit_salience.fit(rows)
        fitted = score.Weights(bias, tuple((f.name, wi) for f, wi in zip(FEATURES, w)))
        loso = _recall(gold_path.parent / held, gold, fitted)
        ship = _recall(gold_path.parent / held, gold, shipped)
        print(f"{held}: held out {loso}  |  shipped weights {ship}")


if __name__ == "__main__":
    main()

"""Fit the drop-words model on the blind-judged cloze cards (run by hand, deterministic).

usage: python benchmarks/fit_drop_words.py [--held-out] [--write]

Every cloze card of the committed blind-judged samples (``tests/fixtures/quality/blind/`` and
its ``gate/``) is traced back to the sentence it came from; the sentence's words (its jieba
tokens, case-folded) are the features and the judge's verdict the label (drop: 1; keep or fix: 0).
A logistic regression (L2-regularised, batch gradient descent from zero: no randomness) gives a
weight per word seen in at least :data:`MIN_ROWS` judged sentences.

``--held-out`` reports how well the words predict drops on notes the fit did not see: the judged
cards are grouped by source (notes-dev's four sources; d2l-zh's chapters, oi-wiki's sections),
each group is scored by weights fitted on the others, and the script prints the AUC and, for
the threshold the ranking uses, the verdicts of the cards it would refuse and of those it keeps.
``--write`` saves the weights fitted on every group to ``src/notecards/extract/ranking/drop_words.json``.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fit_salience import auc, judged_clozes, write_weights

from notecards.extract.ranking.candidates import Candidate
from notecards.extract.ranking.drop_words import DROP_THRESHOLD, word_features

ROOT = Path(__file__).resolve().parents[1]
BLIND = ROOT / "tests" / "fixtures" / "quality" / "blind"
OUT = ROOT / "src" / "notecards" / "extract" / "ranking" / "drop_words.json"
MIN_ROWS = 3
"""A word seen in fewer distinct judged sentences than this gets no weight (it would only fit
noise)."""
L2 = 0.005
_SPACE = re.compile(r"\s+")

Row = tuple[str, frozenset[str], int, str]
"""(group, words, label, verdict) of one judged cloze card."""


def judged_files() -> list[Path]:
    """Every committed blind-judged sample of fresh random cards (not the paired or rejudge files)."""
    return sorted(
        p
        for p in [*BLIND.glob("judged-*.jsonl"), *BLIND.glob("gate/judged-*.jsonl")]
        if re.search(r"-\d+\.jsonl$", p.name) and "paired" not in p.name
    )


def _group(corpus: str, path: str) -> str:
    parts = path.split("/")
    if corpus == "notes-dev":
        return f"notes-dev/{parts[0]}"
    return f"{corpus}/{'/'.join(parts[:2]) if parts[0] == 'docs' else parts[0]}"


def _best(on_line: list[Candidate], back: str) -> Candidate:
    """The candidate of the line whose text the card's back holds most of."""
    flat = _SPACE.sub("", back)
    return max(on_line, key=lambda c: (_SPACE.sub("", c.plain)[:40] in flat, -c.sentence))


def rows() -> list[Row]:
    """One row per judged cloze card whose sentence the notes still hold."""
    return [
        (
            _group(corpus, rel),
            word_features(_best(on_line, row["back"]).tokens),
            int(row["verdict"] == "drop"),
            row["verdict"],
        )
        for _, row, corpus, rel, _, on_line in judged_clozes(judged_files())
    ]


def fit(data: list[Row], steps: int = 800, rate: float = 2.0) -> tuple[float, dict[str, float]]:
    """Logistic regression over binary word features, from zero weights (deterministic)."""
    # Counted over distinct sentences: a card judged in several samples is one sentence.
    seen = Counter(w for words in {words for _, words, _, _ in data} for w in words)
    vocab = sorted(w for w, n in seen.items() if n >= MIN_ROWS)
    index = {w: i for i, w in enumerate(vocab)}
    xs = [[index[w] for w in sorted(words) if w in index] for _, words, _, _ in data]
    ys = [label for _, _, label, _ in data]
    w = [0.0] * len(vocab)
    b = 0.0
    n = len(data)
    for _ in range(steps):
        gw = [0.0] * len(vocab)
        gb = 0.0
        for x, y in zip(xs, ys):
            z = b + sum(w[i] for i in x)
            err = 1 / (1 + math.exp(-z)) - y
            gb += err
            for i in x:
                gw[i] += err
        b -= rate * gb / n
        w = [wi - rate * (g / n + L2 * wi) for wi, g in zip(w, gw)]
    return b, dict(zip(vocab, w))


def p_drop(b: float, weights: dict[str, float], words: frozenset[str]) -> float:
    return 1 / (1 + math.exp(-(b + sum(weights.get(w, 0.0) for w in words))))


def held_out(data: list[Row], thresholds: tuple[float, ...] = (DROP_THRESHOLD,)) -> None:
    groups = sorted({g for g, *_ in data})
    scored: list[tuple[float, int, str, str]] = []
    for k in range(8):
        held = set(groups[k::8])
        b, weights = fit([r for r in data if r[0] not in held])
        scored += [(p_drop(b, weights, ws), y, v, g) for g, ws, y, v in data if g in held]
    for corpus in ("notes-dev", "d2l-zh", "oi-wiki"):
        part = [s for s in scored if s[3].startswith(corpus)]
        print(
            f"{corpus}: {len(part)} judged clozes, held-out AUC {auc([(p, y) for p, y, *_ in part]):.3f}"
        )
        for threshold in thresholds:
            refused = [v for p, _, v, _ in part if p >= threshold]
            kept = [v for p, _, v, _ in part if p < threshold]
            for name, vs in ((f"refused at {threshold}", refused), ("kept", kept)):
                c = Counter(vs)
                total = len(vs) or 1
                print(
                    f"  {name:16} {len(vs):5}  keep {c['keep'] / total:.2f}"
                    f"  fix {c['fix'] / total:.2f}  drop {c['drop'] / total:.2f}"
                )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--held-out", action="store_true")
    parser.add_argument("--write", action="store_true")
    parser.add_argument(
        "--thresholds", nargs="*", type=float, default=[DROP_THRESHOLD], help="to compare"
    )
    args = parser.parse_args()
    data = rows()
    print(f"{len(data)} judged cloze cards, {sum(r[2] for r in data)} dropped")
    if args.held_out:
        held_out(data, tuple(args.thresholds))
    if args.write:
        b, weights = fit(data)
        files = ", ".join(p.name for p in judged_files())
        kept = {w: round(v, 3) for w, v in sorted(weights.items()) if abs(v) >= 0.005}
        fitted_on = f"blind-judged cloze cards of {files} (benchmarks/fit_drop_words.py)"
        write_weights(OUT, b, kept, fitted_on, indent=0)
        print(f"wrote {OUT}: {len(kept)} words")


if __name__ == "__main__":
    main()

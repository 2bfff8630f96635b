"""Fit the sentence-ranking weights on the development gold (run by hand, deterministic).

usage: python benchmarks/fit_salience.py [--gold ../shared/corpora/notes-dev/gold.json] [--write]
                                    [--loso]

A sentence of a gold note is a positive example when it holds every answer keyword of one of
the note's gold facts and one of its cue alternatives (in the sentence, or in its headings and
the note's title); every other prose sentence is a negative. A logistic regression over
:data:`notecards.extract.ranking.features.FEATURES` (L2-regularised, batch gradient descent from zero:
no randomness) gives the weights. ``--loso`` reports, for each of the four sources, the ranking
quality of weights fitted on the other three; ``--write`` saves the weights fitted on all of
them to ``src/notecards/ranking/weights.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from notecards import parse
from notecards.clean import clean
from notecards.config import table_cache_folder
from notecards.extract.ranking.candidates import Candidate, NoteView, candidates, note_view
from notecards.extract.ranking.features import FEATURES, vector
from notecards.read import read
from notecards.segment import segment

ROOT = Path(__file__).resolve().parents[1]
WEIGHTS = ROOT / "src" / "notecards" / "extract" / "ranking" / "weights.json"
TABLES = table_cache_folder()
"""The derived-table cache folder of this environment (the default build's)."""


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).casefold())


def facts_by_file(gold_path: Path) -> dict[str, list[dict]]:
    """The gold facts, by the note they come from."""
    facts: dict[str, list[dict]] = defaultdict(list)
    for fact in json.loads(gold_path.read_text(encoding="utf-8")):
        facts[fact["file"]].append(fact)
    return facts


def examples(gold_path: Path) -> list[tuple[str, tuple[float, ...], int]]:
    """(source folder, feature vector, label) for every prose sentence of the gold notes."""
    root = gold_path.parent
    facts = facts_by_file(gold_path)
    out = []
    for rel in sorted(facts):
        source = read.read_note(root / rel, root, "Inbox")
        doc = segment.segment(parse.parse(clean.clean(source)), "auto", None, TABLES)
        cands = candidates(doc)
        note = note_view(doc, cands)
        title = _plain(doc.title)
        for cand in cands:
            text = _plain(cand.plain)
            context = text + " " + _plain(" ".join(cand.heading_path)) + " " + title
            label = 0
            for fact in facts[rel]:
                answers = [_plain(a) for a in fact["a"]]
                if all(a in text for a in answers) and any(
                    all(_plain(k) in context for k in alt) for alt in fact["q"]
                ):
                    label = 1
                    break
            out.append((rel.split("/")[0], vector(cand, note), label))
    return out


CORPORA = ROOT.parent / "shared" / "corpora"
JUDGED_ROOTS = ("notes-dev", "d2l-zh", "oi-wiki")
"""Where the notes of a judged sample are looked up (its source paths are relative to one)."""
_SOURCE = re.compile(r"^(?P<path>.+?)(?: › .*)?, line (?P<line>\d+)$")


def judged_clozes(
    paths: list[Path],
) -> Iterator[tuple[Path, dict, str, str, NoteView, list[Candidate]]]:
    """(sample file, judged row, corpus, note path in it, the note's view, the candidates of the
    card's line) for every cloze card of the blind-judged samples whose line the notes still
    hold; each note is read and segmented once."""
    notes: dict[Path, tuple[NoteView, list[Candidate]]] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            match = _SOURCE.match(row["source"])
            if "[...]" not in row["front"] or not match:
                continue  # a rule's question card: the ranking did not choose it
            found = [r for r in JUDGED_ROOTS if (CORPORA / r / match["path"]).is_file()]
            if not found:
                continue
            note = CORPORA / found[0] / match["path"]
            if note not in notes:
                source = read.read_note(note, CORPORA / found[0], "Inbox")
                doc = segment.segment(parse.parse(clean.clean(source)), "auto", None, TABLES)
                cands = candidates(doc)
                notes[note] = (note_view(doc, cands), cands)
            view, cands = notes[note]
            on_line = [c for c in cands if c.line == int(match["line"])]
            if on_line:
                yield path, row, found[0], match["path"], view, on_line


def judged_rows(paths: list[Path]) -> list[tuple[str, str, tuple[float, ...], int]]:
    """(sample name, the note's top folder, feature vector, label) for every cloze card of the
    blind-judged samples: a sentence judged keep or fix was worth a card (1), one judged drop
    was not (0)."""
    return [
        (path.stem, rel.split("/")[0], vector(on_line[0], view), int(row["verdict"] != "drop"))
        for path, row, _, rel, view, on_line in judged_clozes(paths)
    ]


def fit(
    rows: list[tuple[tuple[float, ...], int, float]],
    l2: float = 0.01,
    steps: int = 3000,
    rate: float = 0.5,
) -> tuple[float, list[float]]:
    """Logistic regression by batch gradient descent from zero weights (deterministic); each
    row is (features, label, weight)."""
    n = len(rows[0][0])
    w = [0.0] * n
    b = 0.0
    positives = sum(weight for _, y, weight in rows if y) or 1.0
    negatives = sum(weight for _, y, weight in rows if not y) or 1.0
    # Positives are rare: weigh them up so that the fitted score ranks, not just predicts 0.
    pos_weight = negatives / positives
    for _ in range(steps):
        gw = [0.0] * n
        gb = 0.0
        total = 0.0
        for x, y, row_weight in rows:
            z = b + sum(wi * xi for wi, xi in zip(w, x))
            p = 1 / (1 + math.exp(-z))
            weight = (pos_weight if y else 1.0) * row_weight
            err = (p - y) * weight
            total += weight
            gb += err
            for i, xi in enumerate(x):
                if xi:
                    gw[i] += err * xi
        b -= rate * gb / total
        w = [wi - rate * (g / total + l2 * wi) for wi, g in zip(w, gw)]
    return b, w


def auc(scored: list[tuple[float, int]]) -> float:
    pos = [s for s, y in scored if y]
    neg = [s for s, y in scored if not y]
    if not pos or not neg:
        return float("nan")
    wins = sum((p > q) + 0.5 * (p == q) for p in pos for q in neg)
    return wins / (len(pos) * len(neg))


def score(b: float, w: list[float], x: tuple[float, ...]) -> float:
    return 1 / (1 + math.exp(-(b + sum(wi * xi for wi, xi in zip(w, x)))))


def write_weights(
    path: Path, bias: float, weights: dict[str, float], fitted_on: str, indent: int = 1
) -> None:
    """Save a fitted linear model as the JSON the package reads (bias, weights, provenance)."""
    data = {"bias": round(bias, 4), "weights": weights, "fitted_on": fitted_on}
    path.write_text(json.dumps(data, indent=indent, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gold", default=str(CORPORA / "notes-dev/gold.json"))
    parser.add_argument("--judged", nargs="*", default=[], type=Path, help="blind-judged samples")
    parser.add_argument("--judged-weight", type=float, default=20.0)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--loso", action="store_true")
    args = parser.parse_args()
    data = examples(Path(args.gold))
    judged = judged_rows(args.judged)
    sources = sorted({s for s, _, _ in data})
    print(f"{len(data)} sentences, {sum(y for *_, y in data)} positive, sources: {sources}")
    print(f"{len(judged)} judged cloze sentences, {sum(y for *_, y in judged)} worth a card")
    jw = args.judged_weight
    rows = [(x, y, 1.0) for _, x, y in data] + [(x, y, jw) for _, _, x, y in judged]
    if args.loso:
        for held in sources:
            # The judged cards of the held-out source are held out too.
            train = [(x, y, 1.0) for s, x, y in data if s != held] + [
                (x, y, jw) for _, folder, x, y in judged if folder != held
            ]
            b, w = fit(train)
            test = [(score(b, w, x), y) for s, x, y in data if s == held]
            print(f"held out {held}: AUC {auc(test):.3f} ({len(test)} sentences)")
        for held in sorted({s for s, *_ in judged}):
            train = [(x, y, 1.0) for _, x, y in data] + [
                (x, y, jw) for s, _, x, y in judged if s != held
            ]
            b, w = fit(train)
            test = [(score(b, w, x), y) for s, _, x, y in judged if s == held]
            print(f"held out judged {held}: AUC {auc(test):.3f} ({len(test)} cards)")
    b, w = fit(rows)
    print(f"all sources: AUC {auc([(score(b, w, x), y) for _, x, y in data]):.3f}")
    weights = {f.name: round(wi, 4) for f, wi in zip(FEATURES, w)}
    for name, value in sorted(weights.items(), key=lambda kv: -abs(kv[1])):
        print(f"  {name:20} {value:+.3f}")
    if args.write:
        fitted_on = "notes-dev gold.json, all four sources"
        if judged:
            names = ", ".join(p.name for p in args.judged)
            fitted_on += f"; blind-judged cloze cards (weight {jw:g}): {names}"
        write_weights(WEIGHTS, b, weights, fitted_on + " (benchmarks/fit_salience.py)")
        print(f"wrote {WEIGHTS}")


if __name__ == "__main__":
    main()

"""Fit the key weights: which span of a chosen sentence its cloze hides (run by hand, deterministic).

usage: python benchmarks/fit_keys.py [--judged JUDGED.jsonl ...] [--judged-weight 1] [--write]
                                    [--floor-check]

Every sentence of a gold note that holds a gold fact (its answer keywords, and its cue in the
sentence, its headings or the note's title) offers its :func:`keys.alternatives`; a span is a
positive example when hiding it hides an answer keyword and leaves a cue shown, a negative one
otherwise (only sentences where some span would do count: they teach which one). A blind-judged
cloze whose hidden span is still an alternative adds one example: kept (1), or judged a trivial,
guessable or filler blank (0). A logistic regression over
:data:`notecards.extract.ranking.key_score.KEY_FEATURES` (``fit_salience.fit``) gives the
weights. For each of the four sources it reports how often the best-valued span is a right one
on that source's sentences, with weights fitted on the other three (and the hand order the
weights replaced: definition, clause after the verb, best later term); ``--write`` saves the
weights fitted on all of them to ``src/notecards/extract/ranking/key_weights.json``.
``--floor-check`` tests the card floor on judges' verdicts it was not fitted on: for each corpus
of the judged samples, the key weights are fitted without that corpus's judged cards, and its
judged clozes (whose hidden span is still the one chosen) are split at
:data:`~notecards.extract.ranking.select.CARD_FLOOR` by sentence score × key value.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path

import fit_salience
from fit_salience import CORPORA, JUDGED_ROOTS, TABLES, _plain, fit

from notecards import parse
from notecards.clean import clean
from notecards.extract.ranking.candidates import Candidate, NoteView, candidates, note_view
from notecards.extract.ranking.features import FEATURES, vector
from notecards.extract.ranking.key_score import (
    KEY_FEATURES,
    KEY_WEIGHTS_FILE,
    Key,
    key_value,
    key_vector,
)
from notecards.extract.ranking.keys import SWITCH_MARGIN, alternatives, choose_key
from notecards.extract.ranking.score import Weights, default_weights, value_of
from notecards.extract.ranking.select import CARD_FLOOR
from notecards.read import read
from notecards.segment import segment

_TRIVIAL_BLANK = re.compile(
    r"blank[^.;]{0,60}(?:trivial|obvious|guess|filler|generic|meaningless)"
    r"|(?:trivial|obvious|guessable|filler)[^.;]{0,40}blank|trivially guessable",
    re.IGNORECASE,
)
"""A judge's reason that faults the blank itself."""

Group = list[tuple[tuple[float, ...], int, Key]]


def _load(path: Path, root: Path) -> tuple[list[Candidate], NoteView, str]:
    source = read.read_note(path, root, "Inbox")
    doc = segment.segment(parse.parse(clean.clean(source)), "auto", None, TABLES)
    cands = candidates(doc)
    return cands, note_view(doc, cands), doc.title


def gold_groups(gold_path: Path) -> list[tuple[str, Group]]:
    """(source folder, the alternatives of one gold sentence with their labels)."""
    root = gold_path.parent
    facts = fit_salience.facts_by_file(gold_path)
    out = []
    for rel in sorted(facts):
        cands, note, title = _load(root / rel, root)
        for cand in cands:
            text = cand.text
            plain = _plain(text)
            context = _plain(" ".join(cand.heading_path) + " " + title)
            held = [
                f
                for f in facts[rel]
                if all(_plain(a) in plain for a in f["a"])
                and any(all(_plain(k) in plain + " " + context for k in alt) for alt in f["q"])
            ]
            if not held:
                continue
            group: Group = []
            for key in alternatives(cand, note):
                shown = _plain(text[: key.start] + " … " + text[key.end :]) + " " + context
                right = any(
                    any(_plain(a) not in shown for a in f["a"])
                    and any(all(_plain(k) in shown for k in alt) for alt in f["q"])
                    for f in held
                )
                group.append((key_vector(key, cand, note), int(right), key))
            if any(y for _, y, _ in group):
                out.append((rel.split("/")[0], group))
    return out


Notes = dict[Path, tuple[list[Candidate], NoteView, str]]
"""The notes loaded so far, by path (each loaded once)."""


def _judged_line(
    row: dict[str, str], notes: Notes
) -> tuple[str, list[Candidate], NoteView, str, str] | None:
    """(corpus, the sentences on the judged cloze's line, its note, the front before and after
    the blank), or None for a question card or a note no corpus holds."""
    match = fit_salience._SOURCE.match(row["source"])
    if "[...]" not in row["front"] or not match:
        return None
    found = [CORPORA / r for r in JUDGED_ROOTS if (CORPORA / r / match["path"]).is_file()]
    if not found:
        return None
    note_path = found[0] / match["path"]
    if note_path not in notes:
        notes[note_path] = _load(note_path, found[0])
    cands, note, _ = notes[note_path]
    before, _, after = row["front"].partition("[...]")
    on_line = [c for c in cands if c.line == int(match["line"])]
    return found[0].name, on_line, note, before, after


def _hidden(cand: Candidate, key: Key, before: str, after: str) -> bool:
    """Whether the judged front (``before`` [...] ``after``) hides ``key`` of ``cand``."""
    text = cand.text
    return before.endswith(text[max(0, key.start - 6) : key.start]) and after.startswith(
        text[key.end : key.end + 6]
    )


def judged_rows(paths: list[Path]) -> list[tuple[str, tuple[float, ...], int]]:
    """(corpus, features, label) for each judged cloze whose hidden span is still an alternative
    of its sentence: kept (1) or faulted for a trivial blank (0)."""
    out = []
    notes: Notes = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            label = 1 if row["verdict"] == "keep" else 0
            if not label and not _TRIVIAL_BLANK.search(row["reason"]):
                continue
            found = _judged_line(row, notes)
            if found is None:
                continue
            corpus, on_line, note, before, after = found
            for cand in on_line:
                key = next(
                    (k for k in alternatives(cand, note) if _hidden(cand, k, before, after)), None
                )
                if key is not None:
                    out.append((corpus, key_vector(key, cand, note), label))
                    break
    return out


def _still_chosen(row: dict[str, str], notes: Notes) -> tuple[str, Candidate, NoteView, Key] | None:
    """(corpus, sentence, note, key) of a judged cloze whose hidden span the build still
    chooses, else None."""
    found = _judged_line(row, notes)
    if found is None or not found[1]:
        return None
    corpus, on_line, note, before, after = found
    key = choose_key(on_line[0], note)
    if key is None or not _hidden(on_line[0], key, before, after):
        return None
    return corpus, on_line[0], note, key


def floor_check(paths: list[Path], groups: list[tuple[str, Group]], jw: float, steps: int) -> None:
    """Print, per judged corpus, the verdicts below and above the card floor, with key weights
    fitted without that corpus's judged cards."""
    notes: Notes = {}
    rows = [json.loads(line) for p in paths for line in p.read_text("utf-8").splitlines()]
    chosen = [(row["verdict"], _still_chosen(row, notes)) for row in rows]
    judged = judged_rows(paths)
    for corpus in JUDGED_ROOTS:
        train = [(x, y, 1.0) for _, g in groups for x, y, _ in g]
        train += [(x, y, jw) for c, x, y in judged if c != corpus]
        bias, weights = fit(train, steps=steps)
        held = Weights(bias, tuple((f.name, w) for f, w in zip(KEY_FEATURES, weights)))
        sides: dict[str, dict[str, int]] = {"below": defaultdict(int), "above": defaultdict(int)}
        for verdict, hit in chosen:
            if hit is None or hit[0] != corpus:
                continue
            _, cand, note, key = hit
            sentence = value_of(vector(cand, note), FEATURES, default_weights())
            weak = key.why != "defined term" and sentence * key_value(key, cand, note, held)
            side = "below" if weak is not False and weak < CARD_FLOOR else "above"
            sides[side][verdict] += 1
        parts = []
        for side, counts in sides.items():
            n = sum(counts.values()) or 1
            parts.append(
                f"{side} {sum(counts.values())}: keep {counts['keep'] / n:.2f} "
                f"drop {counts['drop'] / n:.2f}"
            )
        print(f"held out judged {corpus}: " + " | ".join(parts))


def _hand_order(group: Group) -> int:
    """The index of the span the hand order (:func:`keys.choose_key` without the switch) picks."""
    for i, (_, _, key) in enumerate(group):
        if key.why == "defined term" or not key.is_term:
            return i
    terms = [i for i, (_, _, key) in enumerate(group) if key.why == "specific term"]
    if not terms:
        return 0
    return max(terms, key=lambda i: (group[i][2].score, len(group[i][2].text), -group[i][2].start))


def _switched(group: Group, bias: float, weights: list[float]) -> int:
    """The index :func:`keys.choose_key` picks: the hand order's, unless another span is valued
    :data:`keys.SWITCH_MARGIN` higher."""
    hand = _hand_order(group)
    values = [fit_salience.score(bias, weights, x) for x, _, _ in group]
    top = max(range(len(group)), key=lambda i: (values[i], -group[i][2].start))
    if group[hand][2].why != "defined term" and values[top] - values[hand] > SWITCH_MARGIN:
        return top
    return hand


def top1(groups: list[Group], bias: float, weights: list[float]) -> float:
    """How often the best-valued alternative of a group is a right one."""
    hits = 0
    for group in groups:
        best = max(group, key=lambda g: (fit_salience.score(bias, weights, g[0]), -g[2].start))
        hits += best[1]
    return hits / max(1, len(groups))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gold", default=str(CORPORA / "notes-dev/gold.json"))
    parser.add_argument("--judged", nargs="*", default=[], type=Path, help="blind-judged samples")
    parser.add_argument("--judged-weight", type=float, default=1.0)
    parser.add_argument("--steps", type=int, default=1500)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--floor-check", action="store_true")
    args = parser.parse_args()
    groups = gold_groups(Path(args.gold))
    judged = judged_rows(args.judged)
    sources = sorted({s for s, _ in groups})
    print(
        f"{len(groups)} gold sentences, {sum(len(g) for _, g in groups)} spans; sources {sources}"
    )
    print(f"{len(judged)} judged blanks, {sum(y for *_, y in judged)} kept")
    jw = args.judged_weight

    def rows(held: str | None) -> list[tuple[tuple[float, ...], int, float]]:
        out = [(x, y, 1.0) for s, g in groups if s != held for x, y, _ in g]
        return out + [
            (x, y, jw) for corpus, x, y in judged if held is None or corpus != "notes-dev"
        ]

    totals = [0, 0, 0]
    for held in sources:
        test = [g for s, g in groups if s == held]
        bias, weights = fit(rows(held), steps=args.steps)
        hand = sum(g[_hand_order(g)][1] for g in test)
        switched = sum(g[_switched(g, bias, weights)][1] for g in test)
        totals = [totals[0] + hand, totals[1] + switched, totals[2] + len(test)]
        print(
            f"held out {held}: best span right {top1(test, bias, weights):.3f}; "
            f"of {len(test)} sentences the order picks a right span in {hand}, "
            f"with the switch in {switched}"
        )
    print(
        f"held out, all sources: the order {totals[0]}, with the switch {totals[1]} of {totals[2]}"
    )
    if args.floor_check:
        floor_check(args.judged, groups, jw, args.steps)
    bias, weights = fit(rows(None), steps=args.steps)
    print(f"all: best span right {top1([g for _, g in groups], bias, weights):.3f}")
    named = {f.name: round(w, 4) for f, w in zip(KEY_FEATURES, weights)}
    for name, value in sorted(named.items(), key=lambda kv: -abs(kv[1])):
        print(f"  {name:16} {value:+.3f}")
    if args.write:
        fitted_on = "notes-dev gold.json, all four sources"
        if args.judged:
            fitted_on += f"; blind-judged blanks (weight {jw:g}): " + ", ".join(
                p.name for p in args.judged
            )
        KEY_WEIGHTS_FILE.write_text(
            json.dumps(
                {"bias": round(bias, 4), "weights": named, "fitted_on": fitted_on},
                ensure_ascii=False,
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()

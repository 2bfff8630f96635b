"""Extraction quality figures: zh-qa-dev recall, cards per 1,000 characters and per rule on each
corpus, and a fixed-seed precision sample to judge by hand.

    python benchmarks/evaluate.py [--update] recall                  # gold questions found
    python benchmarks/evaluate.py density [--corpora DIR] [--notes DIR]
    python benchmarks/evaluate.py sample  [--out FILE] [--size 150] [--seed 3]
    python benchmarks/evaluate.py [--update] report [FILE]           # keep rate of a judged sample
    python benchmarks/evaluate.py cards   PATH [--rule NAME]         # print the cards of a folder

Corpora are read from ``../shared/corpora`` beside the checkout (never copied into the project).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from notecards import pipeline
from notecards.cli.explain import render_card
from notecards.config import Config
from notecards.extract.lang.text import clean_inline, fold_case, strip_section_number
from notecards.extract.rules import default_rules
from notecards.model import Card, NoteResult

PROJECT = Path(__file__).resolve().parents[1]
"""The checkout (``benchmarks/evaluate.py`` → repository root)."""

CORPORA = PROJECT.parent / "shared" / "corpora"
"""``../shared/corpora`` beside the checkout."""

DENSITY_CORPORA = ("zh-qa-dev", "d2l-zh", "oi-wiki")
"""Corpora the density figures are reported for (plus the project's ``notes/``)."""

SAMPLE_CORPORA = ("d2l-zh",)
"""Corpora the precision sample draws from (plus the project's ``notes/``)."""

SAMPLE_FILE = PROJECT / "tests" / "fixtures" / "quality" / "precision_sample.jsonl"
"""Where ``sample`` writes and ``report`` reads by default."""

BASELINE_FILE = PROJECT / "tests" / "fixtures" / "quality" / "baseline.json"
"""Quality floors (``zh_qa_dev_recall``, ``precision_keep_rate``) that may only move up."""

EPSILON = 0.0005
"""Noise allowed below a floor (rounding of the stored figures)."""

SAMPLE_SIZE = 150
SAMPLE_SEED = 3
JUDGEMENTS = ("keep", "fix", "drop")
"""What a judge may write in a sample line's ``judgement`` field."""

ANSWER_OVERLAP = 0.8
"""Share of the gold answer's character bigrams a back must contain to count as holding it."""

_NOT_WORD = re.compile(r"[\W_]+")
_MARKUP = re.compile(r"\*\*|__|`|\\(?=[*_$\\])")


# --- Building ------------------------------------------------------------------------------------


def build_folder(root: Path, config: Config | None = None) -> list[NoteResult]:
    """Every note under ``root`` as a real build makes it (read → … → extract, de-duplicated
    across notes), in a dry run: nothing is written, no cache is used."""
    config = replace(config or Config(), dry_run=True, use_cache=False)
    with tempfile.TemporaryDirectory(prefix="notecards-eval-") as out:
        return list(pipeline.build(root, Path(out), config).notes)


# --- Recall on zh-qa-dev -------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Folded text without markup, punctuation, spaces or section numbers: what matching compares."""
    text = _MARKUP.sub("", clean_inline(strip_section_number(text)))
    return _NOT_WORD.sub("", fold_case(text))


def _bigrams(text: str) -> set[str]:
    return {text[at : at + 2] for at in range(len(text) - 1)} or {text}


def holds_answer(back: str, gold: str) -> bool:
    """Whether a card's back holds the gold answer sentence (contained, or ≥80% of its bigrams)."""
    back_n, gold_n = normalise(back), normalise(gold)
    if not gold_n or gold_n in back_n:
        return bool(gold_n)
    grams = _bigrams(gold_n)
    return len(grams & _bigrams(back_n)) / len(grams) >= ANSWER_OVERLAP


@dataclass
class Recall:
    """Result of :func:`recall`."""

    total: int = 0
    found: int = 0
    misses: list[str] = field(default_factory=list)
    """One line per gold question not found, with the reason."""

    @property
    def rate(self) -> float:
        return self.found / self.total if self.total else 0.0


def recall(corpus: Path, results: Sequence[NoteResult]) -> Recall:
    """Share of ``gold.json`` questions that some card asks, with the gold answer on its back."""
    gold = json.loads((corpus / "gold.json").read_text(encoding="utf-8"))
    by_file: dict[str, list[Card]] = {}
    for note in results:
        by_file.setdefault(note.rel_path, []).extend(note.cards)
    out = Recall(total=len(gold))
    for item in gold:
        question = normalise(item["question"])
        asking = [c for c in by_file.get(item["file"], []) if question in normalise(c.front)]
        if any(holds_answer(c.back, item["first_answer_sentence"]) for c in asking):
            out.found += 1
            continue
        if not asking:
            why = "no card asks it"
        else:
            why = f"answer not on the back: {asking[0].back[:80]!r}"
        out.misses.append(
            f"{item['id']} {item['file']}:{item['heading_line']} {item['question']} — {why}"
        )
    return out


# --- Density -------------------------------------------------------------------------------------


@dataclass
class Density:
    """Cards per 1,000 characters and per rule for one corpus."""

    name: str
    notes: int
    chars: int
    cards: int
    per_rule: dict[str, int]

    @property
    def per_1000(self) -> float:
        return 1000 * self.cards / self.chars if self.chars else 0.0

    def describe(self) -> str:
        rules = ", ".join(
            f"{name} {n}" for name, n in sorted(self.per_rule.items(), key=lambda kv: -kv[1])
        )
        return (
            f"{self.name}: {self.notes} notes, {self.chars:,} chars, {self.cards} cards, "
            f"{self.per_1000:.2f} cards/1000 chars\n    {rules}"
        )


def density(name: str, results: Sequence[NoteResult]) -> Density:
    """Card density and per-rule counts over a folder's results."""
    per_rule: dict[str, int] = {}
    for note in results:
        for card in note.cards:
            per_rule[card.rule] = per_rule.get(card.rule, 0) + 1
    return Density(
        name=name,
        notes=len(results),
        chars=sum(n.chars for n in results),
        cards=sum(per_rule.values()),
        per_rule=per_rule,
    )


# --- Precision sample ----------------------------------------------------------------------------


def sample_lines(
    cards: Sequence[tuple[str, Card]], size: int, seed: int, judged: Mapping[str, dict[str, str]]
) -> list[dict[str, str]]:
    """``size`` cards, as JSON-ready records to judge, in build order.

    A card is drawn when the hash of (seed, source, card) is among the ``size`` smallest, so a
    rule change only swaps the cards it changed: the rest of the sample — and the judgements in
    ``judged`` (by rendered card) — carry over to the redrawn sample.
    """

    def rank(item: tuple[int, tuple[str, Card]]) -> str:
        corpus, card = item[1]
        key = f"{seed}\x00{corpus}/{card.source.path}\x00{render_card(card)}"
        return hashlib.sha1(key.encode("utf-8")).hexdigest()

    picked = sorted(at for at, _ in sorted(enumerate(cards), key=rank)[:size])
    out = []
    for at in picked:
        corpus, card = cards[at]
        text = render_card(card)
        earlier = judged.get(text, {})
        out.append(
            {
                "card": text,
                "rule": card.rule,
                "source": f"{corpus}/{card.source.describe()}",
                "judgement": earlier.get("judgement", ""),
                "comment": earlier.get("comment", ""),
            }
        )
    return out


def keep_rate(lines: Iterable[dict[str, str]]) -> tuple[float, dict[str, dict[str, int]]]:
    """Keep rate over judged lines, and judgement counts per rule (``total`` across rules)."""
    counts: dict[str, dict[str, int]] = {}
    for line in lines:
        verdict = line.get("judgement", "")
        if verdict not in JUDGEMENTS:
            continue
        for key in ("total", line["rule"]):
            row = counts.setdefault(key, dict.fromkeys(JUDGEMENTS, 0))
            row[verdict] += 1
    total = counts.get("total", {})
    judged = sum(total.values())
    return (total.get("keep", 0) / judged if judged else 0.0), counts


# --- Command line --------------------------------------------------------------------------------


def _folders(args: argparse.Namespace, names: Sequence[str]) -> list[tuple[str, Path]]:
    folders = [(name, args.corpora / name) for name in names if (args.corpora / name).is_dir()]
    if args.notes.is_dir():
        folders.append(("notes", args.notes))
    return folders


def _cmd_recall(args: argparse.Namespace) -> int:
    corpus = args.corpora / "zh-qa-dev"
    if not corpus.is_dir():
        print(f"no corpus at {corpus}", file=sys.stderr)
        return 1
    result = recall(corpus, build_folder(corpus))
    for miss in result.misses:
        print(f"miss: {miss}")
    print(f"zh-qa-dev recall: {result.found}/{result.total} = {result.rate:.3f}")
    return _update_floor("zh_qa_dev_recall", result.rate, args) if args.update else 0


def _cmd_density(args: argparse.Namespace) -> int:
    for name, folder in _folders(args, DENSITY_CORPORA):
        print(density(name, build_folder(folder)).describe())
    return 0


def _cmd_sample(args: argparse.Namespace) -> int:
    cards = [
        (name, card)
        for name, folder in _folders(args, SAMPLE_CORPORA)
        for note in build_folder(folder)
        for card in note.cards
    ]
    judged = {line["card"]: line for line in read_sample(args.out)} if args.out.exists() else {}
    lines = sample_lines(cards, args.size, args.seed, judged)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    args.out.write_text(text, encoding="utf-8")
    todo = sum(1 for line in lines if not line["judgement"])
    print(f"wrote {len(lines)} cards (of {len(cards)}) to {args.out}; {todo} to judge")
    print(
        f"fill in 'judgement' ({'/'.join(JUDGEMENTS)}) and run: python benchmarks/evaluate.py report"
    )
    return 0


def read_sample(path: Path) -> list[dict[str, str]]:
    """The records of a (partly) judged sample file."""
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def _cmd_report(args: argparse.Namespace) -> int:
    lines = read_sample(args.file)
    rate, counts = keep_rate(lines)
    judged = sum(counts.get("total", {}).values())
    for rule, row in sorted(counts.items()):
        print(f"{rule:18} " + "  ".join(f"{k} {row[k]:3}" for k in JUDGEMENTS))
    print(f"keep rate: {rate:.3f} ({judged} of {len(lines)} judged)")
    if judged < len(lines):
        return 0  # a floor is only set from a fully judged sample
    return _update_floor("precision_keep_rate", rate, args) if args.update else 0


def load_baseline(path: Path = BASELINE_FILE) -> dict[str, float]:
    """The quality floors tests/test_quality_gate.py holds the build to."""
    floors: dict[str, float] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return floors


def _update_floor(name: str, value: float, args: argparse.Namespace) -> int:
    """Raise a floor in the baseline file; lowering one needs ``--allow-regression``."""
    floors = load_baseline(args.baseline)
    old = floors.get(name, 0.0)
    if value + EPSILON < old and not args.allow_regression:
        print(f"{name}: {value:.3f} is below the floor {old:.3f}; not lowered (--allow-regression)")
        return 1
    floors[name] = round(value if args.allow_regression else max(old, value), 4)
    text = json.dumps(dict(sorted(floors.items())), indent=2) + "\n"
    args.baseline.write_text(text, encoding="utf-8")
    print(f"{name} floor: {old:.3f} → {floors[name]:.3f} ({args.baseline})")
    return 0


def _cmd_cards(args: argparse.Namespace) -> int:
    rules = default_rules().only(*args.rule) if args.rule else default_rules()
    for note in build_folder(args.path, Config(rules=rules)):
        for card in note.cards:
            print(f"{note.rel_path}:{card.source.line}: {render_card(card)}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run one measurement; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="python benchmarks/evaluate.py", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--corpora", type=Path, default=CORPORA, help="the shared corpora folder")
    parser.add_argument(
        "--notes", type=Path, default=PROJECT / "notes", help="the project's sample notes"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    parser.add_argument("--baseline", type=Path, default=BASELINE_FILE, help="quality floors file")
    parser.add_argument("--update", action="store_true", help="raise the floor to this figure")
    parser.add_argument(
        "--allow-regression", action="store_true", help="with --update: let a floor go down"
    )
    sub.add_parser("recall", help="zh-qa-dev gold questions found (prints the misses)")
    sub.add_parser("density", help="cards per 1,000 characters and per rule on each corpus")
    sample = sub.add_parser("sample", help="draw the precision sample to judge by hand")
    sample.add_argument("--out", type=Path, default=SAMPLE_FILE)
    sample.add_argument("--size", type=int, default=SAMPLE_SIZE)
    sample.add_argument("--seed", type=int, default=SAMPLE_SEED)
    report = sub.add_parser("report", help="keep rate of a judged sample")
    report.add_argument("file", type=Path, nargs="?", default=SAMPLE_FILE)
    cards = sub.add_parser("cards", help="print every card made from a folder of notes")
    cards.add_argument("path", type=Path)
    cards.add_argument("--rule", action="append", default=[], help="only this rule (repeatable)")
    args = parser.parse_args(argv)
    commands = {
        "recall": _cmd_recall,
        "density": _cmd_density,
        "sample": _cmd_sample,
        "report": _cmd_report,
        "cards": _cmd_cards,
    }
    return commands[args.command](args)


if __name__ == "__main__":
    sys.exit(main())

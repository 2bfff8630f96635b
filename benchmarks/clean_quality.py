"""Clean-stage quality on the saved-page corpus: kept-content recall and boilerplate removal.

Each page ``X.md`` / ``X.txt`` in ``tests/fixtures/pages/`` has a sidecar ``X.expect.txt`` of
``keep: <text>`` lines (content that must survive verbatim in the cleaned text) and ``drop: <line>``
lines (page furniture that must be gone). A sidecar may name its page with ``source: <path>``
(relative to the repository) instead, which is how the shipped sample notes are checked too.

    python benchmarks/clean_quality.py              # print the figures
    python benchmarks/clean_quality.py -v           # … and every miss
    python benchmarks/clean_quality.py --update-baseline   # raise the floors in baseline.json

The floors in ``baseline.json`` only go up: ``--update-baseline`` refuses to lower one unless
``--allow-regression`` is given. ``tests/test_clean_quality.py`` asserts them.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from notecards.clean.clean import clean
from notecards.read.read import read_note

REPO = Path(__file__).resolve().parents[1]
PAGES = REPO / "tests" / "fixtures" / "pages"
SUFFIX = ".expect.txt"


@dataclass(frozen=True)
class Expectation:
    """One sidecar file."""

    page: Path
    """The saved page it describes."""
    keeps: tuple[str, ...]
    """Texts that must occur in the cleaned page."""
    drops: tuple[str, ...]
    """Lines that must not survive cleaning."""


@dataclass(frozen=True)
class PageScore:
    """How one page fared."""

    name: str
    keeps: int
    kept: int
    drops: int
    removed: int
    missing: tuple[str, ...]
    """Keep texts not found in the cleaned page."""
    surviving: tuple[str, ...]
    """Drop lines still present after cleaning."""


@dataclass(frozen=True)
class Scores:
    """The whole corpus."""

    pages: tuple[PageScore, ...]

    @property
    def recall(self) -> float:
        """Kept-content recall: keep texts found / keep texts."""
        total = sum(p.keeps for p in self.pages)
        return sum(p.kept for p in self.pages) / total if total else 1.0

    @property
    def removal(self) -> float:
        """Boilerplate removal: drop lines gone / drop lines."""
        total = sum(p.drops for p in self.pages)
        return sum(p.removed for p in self.pages) / total if total else 1.0


def load_expectation(sidecar: Path) -> Expectation:
    """Parse a sidecar; its page is ``source:`` (repository-relative) or the file beside it."""
    keeps: list[str] = []
    drops: list[str] = []
    source: Path | None = None
    for raw in sidecar.read_text(encoding="utf-8").split("\n"):
        kind, _, value = raw.partition(": ")
        if kind == "keep":
            keeps.append(value)
        elif kind == "drop":
            drops.append(value)
        elif kind == "source":
            source = REPO / value
    if source is None:
        stem = sidecar.name[: -len(SUFFIX)]
        candidates = [p for p in sidecar.parent.glob(stem + ".*") if p != sidecar]
        if len(candidates) != 1:
            raise ValueError(f"{sidecar}: expected exactly one page named {stem}.*")
        source = candidates[0]
    return Expectation(source, tuple(keeps), tuple(drops))


def expectations(pages_dir: Path = PAGES) -> list[Expectation]:
    """Every sidecar of the corpus, in name order."""
    return [load_expectation(p) for p in sorted(pages_dir.glob("*" + SUFFIX))]


def score(expectation: Expectation) -> PageScore:
    """Read and clean the page, then check every keep and drop."""
    page = expectation.page
    cleaned = clean(read_note(page, page.parent, "Inbox")).text
    lines = [line.strip() for line in cleaned.split("\n") if line.strip()]
    missing = tuple(k for k in expectation.keeps if k not in cleaned)
    surviving = tuple(d for d in expectation.drops if _survives(d.strip(), lines))
    return PageScore(
        name=page.name,
        keeps=len(expectation.keeps),
        kept=len(expectation.keeps) - len(missing),
        drops=len(expectation.drops),
        removed=len(expectation.drops) - len(surviving),
        missing=missing,
        surviving=surviving,
    )


def _survives(drop: str, lines: list[str]) -> bool:
    """A drop line survives if a cleaned line equals it or, for a line of six characters or more,
    contains it (it was glued onto another line)."""
    return any(line == drop or (len(drop) >= 6 and drop in line) for line in lines)


def furniture_lines(pages_dir: Path = PAGES) -> list[str]:
    """Every ``drop:`` line of the corpus: text that no card built from these pages may carry
    (for a pipeline-level check that no boilerplate reaches a card)."""
    return [d for e in expectations(pages_dir) for d in e.drops]


def evaluate(pages_dir: Path = PAGES) -> Scores:
    """Score every page of the corpus."""
    return Scores(tuple(score(e) for e in expectations(pages_dir)))


def main(argv: list[str] | None = None) -> int:
    """Print the figures; with ``--update-baseline`` raise the floors in ``baseline.json``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages", nargs="?", type=Path, default=PAGES)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    parser.add_argument("--update-baseline", action="store_true")
    parser.add_argument("--allow-regression", action="store_true")
    args = parser.parse_args(argv)
    scores = evaluate(args.pages)
    for page in scores.pages:
        print(
            f"{page.name:45} keep {page.kept:3}/{page.keeps:<3} drop {page.removed:3}/{page.drops}"
        )
        if args.verbose:
            for text in page.missing:
                print(f"    lost:      {text}")
            for text in page.surviving:
                print(f"    survived:  {text}")
    kept = sum(p.kept for p in scores.pages)
    keeps = sum(p.keeps for p in scores.pages)
    removed = sum(p.removed for p in scores.pages)
    drops = sum(p.drops for p in scores.pages)
    print(f"kept-content recall   {scores.recall:.3f}  ({kept}/{keeps})   goal 1.00")
    print(f"boilerplate removal   {scores.removal:.3f}  ({removed}/{drops})   goal >= 0.98")
    if args.update_baseline:
        return _update_baseline(args.pages / "baseline.json", scores, args.allow_regression)
    return 0


def _update_baseline(path: Path, scores: Scores, allow_regression: bool) -> int:
    old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    new = {"recall": round(scores.recall, 4), "removal": round(scores.removal, 4)}
    lower = [k for k in new if new[k] < old.get(k, 0.0)]
    if lower and not allow_regression:
        print(f"refusing to lower {', '.join(lower)} (use --allow-regression)", file=sys.stderr)
        return 1
    path.write_text(json.dumps(new, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The drop-words model: how likely a blind judge is to drop a cloze on this sentence, from its
words alone. A weight per word, fitted on the committed blind-judged samples by
``benchmarks/fit_drop_words.py`` and shipped as ``drop_words.json`` beside this module; a word
the judges met too rarely weighs nothing."""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

WEIGHTS_FILE = Path(__file__).with_name("drop_words.json")
DROP_THRESHOLD = 0.45
"""A chosen sentence whose words give a drop this likely or more is not clozed."""
_WORD = re.compile(r"[^\W_][\w\-.']*")
"""A token that is a word: a letter, digit or Han character first (not a mark, not math)."""


@dataclass(frozen=True, slots=True)
class DropWords:
    """A fitted logistic model over the words of a sentence."""

    bias: float
    """The intercept: the log-odds of a drop for a sentence of unweighted words."""
    weights: dict[str, float]
    """Each word's weight (case-folded); positive when judges dropped its sentences."""


@functools.lru_cache(maxsize=1)
def default_model() -> DropWords:
    """The shipped model (read once per process)."""
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    return DropWords(float(data["bias"]), {k: float(v) for k, v in data["weights"].items()})


def word_features(tokens: tuple[str, ...]) -> frozenset[str]:
    """The distinct words of a sentence's tokens, case-folded."""
    return frozenset(t for t in map(str.casefold, map(str.strip, tokens)) if _WORD.fullmatch(t))


def drop_chance(
    tokens: tuple[str, ...], model: DropWords
) -> tuple[float, tuple[tuple[str, float], ...]]:
    """The chance a judge drops a cloze on the sentence, and the words that raise it most
    (three at most, largest first)."""
    weights = model.weights
    parts = [(w, weights[w]) for w in word_features(tokens) if w in weights]
    z = model.bias + sum(v for _, v in parts)
    top = sorted((p for p in parts if p[1] > 0), key=lambda p: (-p[1], p[0]))[:3]
    return 1 / (1 + math.exp(-z)), tuple(top)

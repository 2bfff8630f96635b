"""The score of a candidate: a logistic function of its features, with weights fitted on the
development gold by ``benchmarks/fit_salience.py`` and shipped as ``weights.json`` beside this module."""

from __future__ import annotations

import functools
import json
import math
import operator
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

WEIGHTS_FILE = Path(__file__).with_name("weights.json")


class Named(Protocol):
    """A feature, as far as weighing it goes: its name."""

    @property
    def name(self) -> str:
        """The key of its weight."""
        ...


@dataclass(frozen=True, slots=True)
class Weights:
    """A fitted linear model over named features."""

    bias: float
    """The intercept."""
    by_name: tuple[tuple[str, float], ...]
    """Each feature's weight, by feature name; a feature not named here weighs 0."""


@functools.lru_cache(maxsize=1)
def default_weights() -> Weights:
    """The shipped weights (read once per process)."""
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    return Weights(float(data["bias"]), tuple((k, float(v)) for k, v in data["weights"].items()))


def score(
    values: tuple[float, ...], features: tuple[Named, ...], weights: Weights
) -> tuple[float, tuple[tuple[str, float], ...]]:
    """The score in (0, 1) and each feature's contribution (weight × value), largest first,
    zero contributions left out."""
    parts = [(name, w * v) for (name, w), v in zip(_weighted(features, weights), values)]
    z = weights.bias + sum(p for _, p in parts)  # the same sum as value_of's, term by term
    ranked = tuple(sorted(((n, round(p, 3)) for n, p in parts if p), key=lambda np: -abs(np[1])))
    return 1 / (1 + math.exp(-z)), ranked


def value_of(values: tuple[float, ...], features: tuple[Named, ...], weights: Weights) -> float:
    """The score :func:`score` gives, alone (speed: no contributions to rank and keep)."""
    return valuer(features, weights)(values)


def valuer(features: tuple[Named, ...], weights: Weights) -> Callable[[tuple[float, ...]], float]:
    """:func:`value_of` with ``features`` and ``weights`` bound: their weights are looked up once
    (speed: hashing the feature list cost more than the sum, once per sentence)."""
    factors, bias, mul, exp = _weights_only(features, weights), weights.bias, operator.mul, math.exp

    def value(values: tuple[float, ...]) -> float:
        return 1 / (1 + exp(-(bias + sum(map(mul, factors, values)))))

    return value


@functools.lru_cache(maxsize=16)
def _weights_only(features: tuple[Named, ...], weights: Weights) -> tuple[float, ...]:
    return tuple(w for _, w in _weighted(features, weights))


@functools.lru_cache(maxsize=16)
def _weighted(features: tuple[Named, ...], weights: Weights) -> tuple[tuple[str, float], ...]:
    """Each feature's name and weight, in feature order: looked up once per feature list, not
    once per sentence (speed)."""
    table = dict(weights.by_name)
    return tuple((f.name, table.get(f.name, 0.0)) for f in features)

"""notecards: turn a folder of study notes into Anki decks, one per category.

The public API: :func:`build` and :func:`sync` (in :mod:`notecards.pipeline`), the build options
:class:`Config`, the output value :class:`Card`, and the rule chain (:class:`RuleList`,
:func:`default_rules`). The names are imported on first use, so ``import notecards`` (and
``notecards --help``) loads no stage.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from notecards.config import Config
    from notecards.extract.rules import RuleList, default_rules
    from notecards.model import Card
    from notecards.pipeline import build, sync

__version__ = "0.1.0"

__all__ = ["Card", "Config", "RuleList", "__version__", "build", "default_rules", "sync"]

_PUBLIC = {
    "build": "notecards.pipeline",
    "sync": "notecards.pipeline",
    "Config": "notecards.config",
    "Card": "notecards.model",
    "RuleList": "notecards.extract.rules",
    "default_rules": "notecards.extract.rules",
}


def __getattr__(name: str) -> Any:
    # lazy: the public names load their stage on first use (start-up of `notecards --help`)
    if name in _PUBLIC:
        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'notecards' has no attribute {name!r}")

"""The configuration file: ``notecards.toml`` in the notes folder, or ``[tool.notecards]`` in a
``pyproject.toml`` there.

:func:`load` reads and checks it into a :class:`FileSettings`; the CLI lays its own options over
it (command line > file > defaults) and makes the one :class:`~notecards.config.Config` of the
run. Every value is checked here, so a typo is an error naming the file, the key and the valid
choices instead of a setting silently ignored.

Keys (``-`` and ``_`` are interchangeable)::

    only = ["definition_zh"]        # run only these rules
    disable = ["key_claim"]         # do not run these rules
    enable = ["bilingual_term"]     # also run these rules, off by default
    min_confidence = 0.6            # 0–1
    default_category = "收件箱"      # deck for notes directly in the notes folder
    segmenter = "auto"              # auto, rjieba or jieba
    user_dict = "dict.txt"          # relative to the file's folder
    exclude = ["drafts/**"]         # globs of notes to leave out
    ranking = true                  # score every sentence (false: rules only)
    max_media_mb = 20               # largest image packed into a deck
    keyword_tags = 0                # TF-IDF keyword tags per card
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notecards.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

FILE_NAME = "notecards.toml"
"""The configuration file looked for in the notes folder."""
PYPROJECT = "pyproject.toml"
"""Its alternative: the ``[tool.notecards]`` table of this file in the notes folder."""
SEGMENTERS = ("auto", "rjieba", "jieba")
"""Valid ``segmenter`` values (the same as :data:`notecards.segment.segment.SEGMENTERS`, kept
here so reading the file does not import the segment stage)."""


class ConfigFileError(ConfigError):
    """The configuration file cannot be read, or has an unknown key or a bad value."""


@dataclass(frozen=True, slots=True)
class FileSettings:
    """What a configuration file set; None (or empty) for what it left to the defaults."""

    path: Path | None = None
    """The file read (None: there is none)."""
    only: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()
    min_confidence: float | None = None
    default_category: str | None = None
    segmenter: str | None = None
    user_dict: Path | None = None
    exclude: tuple[str, ...] = ()
    ranking: bool | None = None
    max_media_mb: float | None = None
    keyword_tags: int | None = None


def find(notes: Path) -> tuple[Path, dict[str, Any]] | None:
    """The configuration file in the ``notes`` folder and its raw table, or None."""
    own = notes / FILE_NAME
    if own.is_file():
        return own, _parse(own)
    project = notes / PYPROJECT
    if project.is_file():
        tool = _parse(project).get("tool", {})
        table = tool.get("notecards") if isinstance(tool, dict) else None
        if isinstance(table, dict):
            return project, table
    return None


def load(notes: Path) -> FileSettings:
    """Read and check the configuration file of the ``notes`` folder (empty settings if none)."""
    found = find(notes)
    if found is None:
        return FileSettings()
    path, table = found
    return check(path, table)


def _parse(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            table: dict[str, Any] = tomllib.load(handle)
            return table
    except OSError as err:
        raise ConfigFileError(f"{path}: cannot read: {err.strerror or err}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ConfigFileError(f"{path}: not valid TOML: {err}") from None


KEYS = (
    "only",
    "disable",
    "enable",
    "min_confidence",
    "default_category",
    "segmenter",
    "user_dict",
    "exclude",
    "ranking",
    "max_media_mb",
    "keyword_tags",
)
"""Every key a configuration file may set."""


def check(path: Path, table: dict[str, Any]) -> FileSettings:
    """Turn the raw ``table`` read from ``path`` into checked :class:`FileSettings`."""
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = str(raw_key).replace("-", "_")
        if key not in KEYS:
            raise _bad(path, raw_key, f"unknown key; valid keys: {', '.join(KEYS)}")
        try:
            values[key] = _value(path, key, value)
        except ConfigFileError as err:  # name the key as the file spells it
            raise ConfigFileError(str(err).replace(repr(key), repr(raw_key), 1)) from None
    for key in ("only", "disable", "enable"):
        if values.get(key):
            _check_rules(path, key, values[key])
    return FileSettings(path=path, **values)


def _value(path: Path, key: str, value: Any) -> Any:
    """One checked value (see the module docstring for what each key takes)."""
    if key in ("only", "disable", "enable", "exclude"):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _bad(path, key, "expected a list of strings")
        return tuple(value)
    if key == "min_confidence":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise _bad(path, key, f"{value!r}: expected a number from 0 to 1")
        return float(value)
    if key == "max_media_mb":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise _bad(path, key, f"{value!r}: expected a number of MB, 0 or more")
        return float(value)
    if key == "keyword_tags":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise _bad(path, key, f"{value!r}: expected a whole number, 0 or more")
        return value
    if key == "ranking":
        if not isinstance(value, bool):
            raise _bad(path, key, f"{value!r}: expected true or false")
        return value
    if key == "segmenter":
        if value not in SEGMENTERS:
            raise _bad(path, key, f"{value!r}: choose one of {', '.join(SEGMENTERS)}")
        return value
    if key == "user_dict":
        if not isinstance(value, str) or not value:
            raise _bad(path, key, f"{value!r}: expected the path of a dictionary file")
        return path.parent / value  # relative to the file, not to where notecards is run
    if not isinstance(value, str) or not value.strip():  # default_category
        raise _bad(path, key, f"{value!r}: expected a deck name")
    return value


def _check_rules(path: Path, key: str, names: tuple[str, ...]) -> None:
    from notecards.extract.rules import default_rules  # lazy: the rule chain is not light

    valid = default_rules().names()
    unknown = [name for name in names if name not in valid]
    if unknown:
        raise _bad(path, key, f"unknown rule(s) {', '.join(unknown)}; valid: {', '.join(valid)}")


def _bad(path: Path, key: object, why: str) -> ConfigFileError:
    return ConfigFileError(f"{path}: key {key!r}: {why}")

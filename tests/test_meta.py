"""Categorical checks over the whole package (markdown-it-py's test_redos, sqlite-utils' docs
test): every compiled regex is safe on adversarial input, every module says what it is for, and
each third-party library is imported by exactly one module."""

from __future__ import annotations

import ast
import importlib
import itertools
import pkgutil
import re
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

import notecards

SRC = Path(notecards.__file__).parent
MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages([str(SRC)], prefix="notecards.")
    if m.name != "notecards.__main__"
)

ADVERSARIAL = [
    "a" * 20_000,
    "a " * 10_000,
    " " * 20_000 + "x",
    "\t \n" * 7_000,
    ", " * 10_000 + "x",
    "=" * 20_000 + "x",
    "-" * 20_000 + "x",
    "*" * 20_000,
    "(**" * 6_000,
    "（a" * 10_000,
    "[" * 20_000,
    "](" * 10_000,
    "$" * 20_000,
    "`" * 20_000,
    "是" * 20_000,
    "的是" * 10_000,
    "称为" * 10_000,
    "，" * 20_000,
    "The " * 5_000,
    "点赞 " * 6_000,
    "1." * 10_000,
    "2023-" * 4_000,
    "http://" * 3_000,
    "<a" * 10_000,
    "¶ " * 10_000,
    "&nbsp;" * 3_000 + "x",
    "首页 > " * 4_000,
    "{{c1::" * 3_000,
    "::" * 10_000,
]
"""Inputs that make backtracking regexes explode: long runs of one character or one pair."""


def _patterns_in(value: object, depth: int = 0) -> Iterator[re.Pattern[str]]:
    if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
        yield value
    elif depth < 2 and isinstance(value, (tuple, list, frozenset, set)):
        for item in value:
            yield from _patterns_in(item, depth + 1)
    elif depth < 2 and isinstance(value, dict):
        for item in value.values():
            yield from _patterns_in(item, depth + 1)


def _all_patterns() -> list[tuple[str, re.Pattern[str]]]:
    found: dict[tuple[str, int], tuple[str, re.Pattern[str]]] = {}
    for name in MODULES:
        module = importlib.import_module(name)
        lazy = getattr(module, "compiled_patterns", dict)  # regexes compiled on first use
        for attr, value in sorted({**vars(module), **lazy()}.items()):
            for pattern in _patterns_in(value):
                found.setdefault((pattern.pattern, pattern.flags), (f"{name}.{attr}", pattern))
    return sorted(found.values(), key=lambda item: item[0])


PATTERNS = _all_patterns()


def test_the_package_has_regexes_to_check() -> None:
    assert len(PATTERNS) > 100


class _StuckError(Exception):
    """Raised by the alarm when a regex backtracks for too long."""


def _alarm(signum: int, frame: object) -> None:
    raise _StuckError


HANG_SECONDS = 10
"""How long one regex may run on one input before it counts as stuck. Not a speed target: a
catastrophic regex on these inputs runs for minutes to hours, a linear one for milliseconds, so
the bound only turns a hang into a failure (timings: benchmarks/regex_speed.py)."""


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[n for n, _ in PATTERNS])
def test_every_regex_is_safe_on_adversarial_input(name: str, pattern: re.Pattern[str]) -> None:
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        for text in ADVERSARIAL:
            signal.alarm(HANG_SECONDS)
            try:
                found = pattern.search(text)
                matched = pattern.match(text)
                spans = [m.span() for m in itertools.islice(pattern.finditer(text), 1000)]
            except _StuckError:
                pytest.fail(f"{name} backtracks without end on {text[:12]!r}…")
            finally:
                signal.alarm(0)
            # The three ways of matching agree, and every match lies inside the text.
            assert (found.span() if found else None) == (spans[0] if spans else None), name
            assert matched is None or (matched.start() == 0 and found is not None), name
            assert all(0 <= start <= end <= len(text) for start, end in spans), name
    finally:
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("name", MODULES)
def test_every_module_says_what_it_is_for(name: str) -> None:
    doc = importlib.import_module(name).__doc__
    assert doc and doc.strip(), f"{name} has no module docstring"


THIRD_PARTY = {
    "markdown_it": {"notecards.parse.markdown"},
    "mdit_py_plugins": {"notecards.parse.markdown"},
    "genanki": {"notecards.export.anki_model"},
    "jieba": {"notecards.segment.segment"},
    "rjieba": {"notecards.segment.segment"},
    "trafilatura": {"notecards.read.html"},
    "anki": {"notecards.export.sync"},
    "charset_normalizer": {"notecards.read.read"},
    "yaml": {"notecards.read.read"},
    "watchfiles": {"notecards.watch"},
}
"""Each third-party library sits behind exactly one module (the stage it belongs to)."""


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_each_third_party_library_is_imported_by_one_module() -> None:
    users: dict[str, set[str]] = {lib: set() for lib in THIRD_PARTY}
    for path in SRC.rglob("*.py"):
        module = "notecards." + ".".join(path.relative_to(SRC).with_suffix("").parts)
        for lib in _imports(path) & set(THIRD_PARTY):
            users[lib].add(module.removesuffix(".__init__"))
    assert users == THIRD_PARTY


def test_every_data_file_of_the_package_is_installed() -> None:
    """A non-Python file under ``src/notecards`` (the ranking's weights, ``py.typed``) reaches a
    non-editable install only when ``pyproject.toml``'s package-data names it: an editable
    install (the tests') would never notice a missing one."""
    import fnmatch
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - the tests run on 3.11+ in CI
        import tomli as tomllib

    root = Path(__file__).resolve().parents[1]
    package = root / "src" / "notecards"
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["notecards"]
    data = [
        p.relative_to(package).as_posix()
        for p in package.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    ]
    assert data, "no data file found: the test would prove nothing"
    missing = [f for f in data if not any(fnmatch.fnmatch(f, g) for g in globs)]
    assert not missing, f"not in pyproject.toml's package-data: {missing}"


HAN_RANGE_SPELT_OUT = {
    "patterns.py": "the one copy (CJK; CJK_WIDE: wide text)",
    "clean/boilerplate.py": "its length places a count pattern in a longest-first alternation",
    "export/textkey.py": "the scripts written without spaces, kana and hangul included",
}
"""Modules that may write a Han range by hand, and why; every other takes patterns.CJK."""


def test_the_han_range_is_written_once() -> None:
    spelt = re.compile(r"\\u(?:3400|4e00|9fff|4dbf)", re.IGNORECASE)
    found = sorted(
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        if spelt.search(path.read_text(encoding="utf-8"))
    )
    assert found == sorted(HAN_RANGE_SPELT_OUT), found

"""Read dot-format fixture files (markdown-it-py style): ``title / . / input / . / expected / .``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Fixture:
    """One case of a fixture file."""

    path: Path
    line: int
    title: str
    input: str
    expected: str

    @property
    def id(self) -> str:
        return f"{self.path.stem}:{self.line}:{self.title[:50]}"


def read_fixture_file(path: Path) -> list[Fixture]:
    """Every case in ``path``: a title line, then ``.``-delimited input and expected sections."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cases: list[Fixture] = []
    at = 0
    while at < len(lines):
        if not lines[at].strip() or at + 1 >= len(lines) or lines[at + 1] != ".":
            at += 1
            continue
        title, start = lines[at], at + 1
        end_input = lines.index(".", at + 2)
        end_expected = lines.index(".", end_input + 1)
        cases.append(
            Fixture(
                path=path,
                line=start,
                title=title,
                input="\n".join(lines[at + 2 : end_input]),
                expected="\n".join(lines[end_input + 1 : end_expected]),
            )
        )
        at = end_expected + 1
    return cases

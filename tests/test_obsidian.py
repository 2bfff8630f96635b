"""Obsidian notes end to end: an embedded image found anywhere in the vault is packed, one
outside the notes folder is not, and wikilinks, comments and callouts never reach a card raw.
(The line-by-line rewrites are fixture cases in tests/fixtures/clean/obsidian.txt.)"""

from __future__ import annotations

import base64
import json
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from notecards.cli.commands import app

runner = CliRunner()

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
NOTE = """# 图

- 邻接矩阵：用二维数组表示图的方法 ![[matrix.png]]
- 邻接表：用链表存放每个顶点的邻居，见[[存储结构|图的存储]] %%复习%%
- 十字链表：有向图的另一种链式存储 ![[secret.png]]
"""


def media_of(package: Path) -> list[str]:
    with zipfile.ZipFile(package) as archive:
        return sorted(json.loads(archive.read("media")).values())


def test_embedded_images_are_found_in_the_vault_and_confined_to_it(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / "图论").mkdir(parents=True)
    (vault / "附件").mkdir()
    (vault / "附件" / "matrix.png").write_bytes(PNG)
    (tmp_path / "secret.png").write_bytes(PNG)  # beside the vault, not in it
    (vault / "图论" / "图.md").write_text(NOTE, encoding="utf-8")
    out = tmp_path / "decks"
    result = runner.invoke(app, ["build", str(vault), "-o", str(out), "--explain"])
    assert result.exit_code == 0, result.output
    packed = media_of(out / "图论.apkg")
    assert len(packed) == 1 and packed[0].endswith("matrix.png")
    assert "[[" not in result.stdout and "%%" not in result.stdout
    assert "图的存储" in result.stdout


def test_an_image_added_to_the_vault_later_is_packed_by_the_next_build(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / "图论").mkdir(parents=True)
    (vault / "图论" / "图.md").write_text(NOTE, encoding="utf-8")
    out = tmp_path / "decks"
    first = runner.invoke(app, ["build", str(vault), "-o", str(out)])
    assert first.exit_code == 0, first.output
    assert "matrix.png" in first.stderr  # not found yet: a warning
    assert media_of(out / "图论.apkg") == []
    (vault / "附件").mkdir()
    (vault / "附件" / "matrix.png").write_bytes(PNG)
    second = runner.invoke(app, ["build", str(vault), "-o", str(out)])  # the note is cached
    assert second.exit_code == 0, second.output
    assert [name.endswith("matrix.png") for name in media_of(out / "图论.apkg")] == [True]


def test_a_vault_path_embed(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / "图论").mkdir(parents=True)
    (vault / "附件" / "图").mkdir(parents=True)
    (vault / "附件" / "图" / "m.png").write_bytes(PNG)
    note = "# 图\n\n- 邻接矩阵：用二维数组表示图的方法 ![[附件/图/m.png|200]]\n- 邻接表：用链表存放邻居\n"
    (vault / "图论" / "图.md").write_text(note, encoding="utf-8")
    out = tmp_path / "decks"
    result = runner.invoke(app, ["build", str(vault), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert [name.endswith("m.png") for name in media_of(out / "图论.apkg")] == [True]

"""The configuration file (notecards.toml, or [tool.notecards] in pyproject.toml): every build
option, command line > file > defaults, and errors naming the file, the key and the choices."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from notecards.cli.commands import app
from notecards.cli.options import BuildOptions, make_config
from notecards.config import Config
from notecards.errors import ConfigError, UnknownRuleError

runner = CliRunner()

DEFINITION = "# 栈\n\n栈是一种后进先出的线性表。\n"


def notes_with(tmp_path: Path, toml: str, name: str = "notecards.toml") -> Path:
    notes = tmp_path / "notes"
    (notes / "数据结构").mkdir(parents=True)
    (notes / "数据结构" / "栈.md").write_text(DEFINITION, encoding="utf-8")
    (notes / "loose.md").write_text("# 队列\n\n队列是一种先进先出的线性表。\n", encoding="utf-8")
    (notes / name).write_text(toml, encoding="utf-8")
    return notes


def test_no_file_gives_the_defaults(tmp_path: Path) -> None:
    config = make_config(tmp_path, BuildOptions())
    default = Config()
    assert config.rules == default.rules
    assert (config.min_confidence, config.default_category) == (0.0, "Inbox")
    assert (config.segmenter, config.rank_sentences) == ("auto", True)
    assert (config.max_media_bytes, config.keyword_tags) == (default.max_media_bytes, 0)


def test_every_option_is_read_from_the_file(tmp_path: Path) -> None:
    notes = notes_with(
        tmp_path,
        'enable = ["bilingual_term"]\ndisable = ["key_claim"]\nmin-confidence = 0.7\n'
        'default_category = "收件箱"\nsegmenter = "jieba"\nuser_dict = "words.txt"\n'
        'exclude = ["drafts/**"]\nranking = false\nmax_media_mb = 1\nkeyword_tags = 3\n',
    )
    config = make_config(notes, BuildOptions())
    assert config.rules.get("bilingual_term").enabled
    assert not config.rules.get("key_claim").enabled
    assert config.min_confidence == 0.7
    assert config.default_category == "收件箱"
    assert config.segmenter == "jieba"
    assert config.user_dict == notes / "words.txt"  # relative to the file, not the cwd
    assert config.exclude == ("drafts/**",)
    assert config.rank_sentences is False
    assert config.max_media_bytes == 1024 * 1024
    assert config.keyword_tags == 3


def test_only_in_the_file(tmp_path: Path) -> None:
    notes = notes_with(tmp_path, 'only = ["definition_zh"]\n')
    config = make_config(notes, BuildOptions())
    assert [rule.name for rule in config.rules.active()] == ["definition_zh"]


def test_the_command_line_wins_over_the_file(tmp_path: Path) -> None:
    notes = notes_with(
        tmp_path,
        'min_confidence = 0.7\ndefault_category = "收件箱"\nranking = false\nsegmenter = "jieba"\n'
        'exclude = ["a/*"]\n',
    )
    given = BuildOptions(
        min_confidence=0.2,
        default_category="Inbox2",
        no_ranking=False,
        segmenter="auto",
        exclude=["b/*"],
    )
    config = make_config(notes, given)
    assert (config.min_confidence, config.default_category) == (0.2, "Inbox2")
    assert (config.rank_sentences, config.segmenter) == (True, "auto")
    assert config.exclude == ("a/*", "b/*")  # excludes add up


def test_pyproject_tool_table_is_read(tmp_path: Path) -> None:
    notes = notes_with(
        tmp_path,
        '[project]\nname = "x"\n\n[tool.notecards]\ndefault-category = "收件箱"\n',
        name="pyproject.toml",
    )
    assert make_config(notes, BuildOptions()).default_category == "收件箱"


def test_pyproject_without_the_table_is_no_config(tmp_path: Path) -> None:
    notes = notes_with(tmp_path, '[project]\nname = "x"\n', name="pyproject.toml")
    assert make_config(notes, BuildOptions()).default_category == "Inbox"


@pytest.mark.parametrize(
    ("toml", "key", "choices"),
    [
        ("colour = 1\n", "colour", "default_category"),
        ('segmenter = "pkuseg"\n', "segmenter", "auto, rjieba, jieba"),
        ("min_confidence = 1.5\n", "min_confidence", "from 0 to 1"),
        ("ranking = 1\n", "ranking", "true or false"),
        ('disable = ["nope"]\n', "disable", "definition_zh"),
        ("exclude = 3\n", "exclude", "list of strings"),
        ("keyword_tags = -1\n", "keyword_tags", "0 or more"),
        ("max_media_mb = -1\n", "max_media_mb", "0 or more"),
    ],
)
def test_a_bad_key_or_value_names_file_key_and_choices(
    tmp_path: Path, toml: str, key: str, choices: str
) -> None:
    notes = notes_with(tmp_path, toml)
    with pytest.raises(ConfigError) as caught:
        make_config(notes, BuildOptions())
    message = str(caught.value)
    assert str(notes / "notecards.toml") in message and key in message and choices in message
    result = runner.invoke(app, ["build", str(notes), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "notecards.toml" in result.stderr and key in result.stderr
    assert "Traceback" not in result.output


def test_the_error_names_the_key_as_the_file_spells_it(tmp_path: Path) -> None:
    notes = notes_with(tmp_path, "min-confidence = 2\n")
    with pytest.raises(ConfigError, match="'min-confidence'"):
        make_config(notes, BuildOptions())


def test_invalid_toml_is_an_error_naming_the_file(tmp_path: Path) -> None:
    notes = notes_with(tmp_path, "min_confidence = = 1\n")
    result = runner.invoke(app, ["build", str(notes), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "notecards.toml" in result.stderr and "TOML" in result.stderr


def test_unknown_rule_on_the_command_line_is_still_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UnknownRuleError):
        make_config(tmp_path, BuildOptions(only=["nope"]))


def test_build_uses_the_file_and_the_command_line_overrides_it(tmp_path: Path) -> None:
    notes = notes_with(tmp_path, 'default_category = "收件箱"\nexclude = ["数据结构"]\n')
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(notes), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.glob("*.apkg")) == ["收件箱.apkg"]  # 数据结构 excluded

    out2 = tmp_path / "out2"
    result = runner.invoke(
        app, ["build", str(notes), "-o", str(out2), "--default-category", "Loose"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out2.glob("*.apkg")) == ["Loose.apkg"]


def test_preview_reads_the_file_of_its_root(tmp_path: Path) -> None:
    notes = notes_with(tmp_path, "min_confidence = 1.0\n")
    note = notes / "loose.md"
    strict = runner.invoke(app, ["preview", str(note)])
    loose = runner.invoke(app, ["preview", str(note), "--min-confidence", "0"])
    assert strict.exit_code == loose.exit_code == 0, strict.output + loose.output
    assert "队列" in loose.stdout
    assert strict.stdout != loose.stdout


def test_exclude_globs_leave_files_and_folders_out_of_discovery(tmp_path: Path) -> None:
    from notecards.read.discover import discover

    for rel in ("a/keep.md", "a/draft-1.md", "drafts/x.md", "drafts/sub/y.md", "top.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("# t\n", encoding="utf-8")
    found = discover(tmp_path, exclude=("drafts", "*/draft-*"))
    assert [p.relative_to(tmp_path).as_posix() for p in found.notes] == ["a/keep.md", "top.md"]
    assert "drafts/" in found.skipped and "a/draft-1.md" in found.skipped

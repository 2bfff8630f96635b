"""The ``notecards`` typer application: the command group (its start-up kept light) and its own
options (``--version``). The commands are :mod:`notecards.cli.commands`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from notecards.cli.options import Opt


class _Group(typer.core.TyperGroup):
    """The command group, with its ``--help`` flag defaulting to False instead of None: typer
    0.29 coerces a None flag through pydantic, which costs ~80 ms on every ``notecards CMD``;
    its sub-commands' values are coerced without pydantic too (:mod:`notecards.cli.coerce`)."""

    def get_help_option(self, ctx: Any) -> Any:  # typer's Context type is private
        option = super().get_help_option(ctx)
        if option is not None and option.default is None:
            option.default = False
        return option

    def parse_args(self, ctx: Any, args: list[str]) -> Any:
        # The group's own options (--version, completion) are coerced too, before any command.
        from notecards.cli.coerce import lighten  # lazy: only when a command runs

        if args and args[0] not in ("--help", "-h"):
            lighten(self)
        return super().parse_args(ctx, args)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        # Sub-command values are coerced through pydantic too; cli.coerce does the plain ones
        # without it (same values, same errors).
        from notecards.cli.coerce import lighten  # lazy: only when a command runs, not for --help

        command = super().get_command(ctx, cmd_name)
        lighten(command)
        return command


app = typer.Typer(
    cls=_Group,
    name="notecards",
    help="Turn a folder of study notes (Markdown or text, Chinese and English) into Anki decks.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    # Plain help: rich markup mode imports rich.markdown → markdown-it on every --help, and it
    # would eat the literal "[freq] [tag]" in --user-dict's help as markup.
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version  # lazy: only for --version

        typer.echo(f"notecards {version('notecards')}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        Opt("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Turn a folder of study notes (Markdown or text, Chinese and English) into Anki decks."""

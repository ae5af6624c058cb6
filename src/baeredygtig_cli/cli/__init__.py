"""`plan`: the command line. Typer glue only: each command parses its options, asks one question of
the layers below and hands the answer to one renderer.

The commands live by group in reading.py, editing.py, files.py, logs.py, team.py and shell.py; the
options they share in options.py; commands.py lists them all, and the group below builds one only
when it is run. Danish help, usage errors and the process boundary (errors caught once) are danish.py's.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ClassVar

import typer

from baeredygtig_cli import __version__
from baeredygtig_cli.cli.commands import COMMANDS, DEFINED
from baeredygtig_cli.cli.completers import (
    complete_args,
    complete_emner,
    complete_files,
    complete_formats,
    complete_groupings,
    complete_ids,
    complete_months,
    complete_orders,
    complete_parties,
    complete_shells,
    complete_statuses,
)
from baeredygtig_cli.cli.danish import (
    Completer,
    DanishGroup,
    complete_values_with,
    finish_output,
    prepare_output,
)
from baeredygtig_cli.cli.options import FILE_HELP

if TYPE_CHECKING:
    from baeredygtig_cli.cli.danish import Command, Context, HelpFormatter


class PlanGroup(DanishGroup):
    """`plan`'s commands, each built when it is run (commands.py), with the completers for their
    parameters' values (by the parameter's name)."""

    completers: ClassVar[Mapping[str, Completer]] = {
        "activity_id": complete_ids,
        "args": complete_args,
        "ids": complete_ids,
        "status": complete_statuses,
        "emne": complete_emner,
        "part": complete_parties,
        "tovholder": complete_parties,
        "month": complete_months,
        "file": complete_files,
        "files": complete_files,
        "output": complete_files,
        "shell": complete_shells,
        "format": complete_formats,
        "by": complete_groupings,
        "sort": complete_orders,
    }
    _built: ClassVar[dict[str, Command]] = {}

    def list_commands(self, ctx: Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        if cmd_name not in self._built:
            importlib.import_module(f"baeredygtig_cli.cli.{entry.module}")
            function, settings = DEFINED[cmd_name]
            one = typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)
            one.command(cmd_name, short_help=entry.short_help, **settings)(function)
            built = typer.main.get_command(one)
            complete_values_with(built, self.completers)
            self._built[cmd_name] = built
        return self._built[cmd_name]

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        """The commands and their lines from the table, importing none of them."""
        with formatter.section("Kommandoer"):
            formatter.write_dl([(name, entry.short_help) for name, entry in COMMANDS.items()])


app = typer.Typer(
    cls=PlanGroup,
    name="plan",
    help="Implementeringsplanen for bæredygtig udvikling som én YAML-fil i git.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(ctx: typer.Context, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        print(f"plan {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    file: Annotated[
        Path | None,
        typer.Option(
            "--fil", "-f", "--file", envvar="PLAN_FILE", show_envvar=True, metavar="STI", show_default=False,
            dir_okay=True, readable=False, help=FILE_HELP + " Kan også stå efter kommandoen.",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", is_eager=True, callback=_show_version, help="Vis versionen og afslut."),
    ] = False,
) -> None:  # fmt: skip
    """Implementeringsplanen for bæredygtig udvikling som én YAML-fil i git."""


def main() -> None:
    """The console script: Danish output set up, the app run, its output finished (a closed pipe, a
    full disk) in one place."""
    prepare_output()
    try:
        app(prog_name="plan")
    finally:
        finish_output()

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
from baeredygtig_cli.cli.commands import COMMANDS, DEFINED, danish_name, names_of
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
    CompletionItem,
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
        """The commands by their Danish names (each has an English alias too: `command_names`)."""
        return list(COMMANDS)

    def command_names(self, ctx: Context) -> list[str]:
        return [name for danish in COMMANDS for name in names_of(danish)]

    def command_meant(self, name: str) -> str:
        return danish_name(name) or name

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        """The command a name means (Danish, English, or either with ae, oe, aa for æ, ø, å), built
        once under its Danish name."""
        danish = danish_name(cmd_name)
        if danish is None:
            return None
        if danish not in self._built:
            importlib.import_module(f"baeredygtig_cli.cli.{COMMANDS[danish].module}")
            function, settings = DEFINED[danish]
            one = typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)
            one.command(danish, short_help=COMMANDS[danish].short_help, **settings)(function)
            built = typer.main.get_command(one)
            complete_values_with(built, self.completers)
            built.names = names_of(danish)  # type: ignore[attr-defined]
            self._built[danish] = built
        return self._built[danish]

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        """The commands and their lines from the table, importing none of them: the Danish name
        first, then the English alias."""
        with formatter.section("Kommandoer"):
            formatter.write_dl(
                [(", ".join(names_of(name)), entry.short_help) for name, entry in COMMANDS.items()]
            )

    def complete_command_names(self, ctx: Context, incomplete: str) -> list[CompletionItem]:
        """What Tab offers for a command: the Danish name where it fits what was typed (ae, oe, aa
        for æ, ø, å), else the English alias where that fits (`plan l` offers liste, løs and log,
        the alias of historik). From the table: no command is built for it."""
        from baeredygtig_cli.domain.folding import fold_to_ascii

        typed = fold_to_ascii(incomplete)
        items = []
        for danish, entry in COMMANDS.items():
            name = next((n for n in names_of(danish) if fold_to_ascii(n).startswith(typed)), None)
            if name is not None:
                items.append(CompletionItem(name, help=entry.short_help))
        return items


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

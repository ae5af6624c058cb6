"""The command that prints the shell's completion script."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from baeredygtig_cli.cli.commands import command
from baeredygtig_cli.cli.common import write_out
from baeredygtig_cli.cli.danish import (
    completion_script,
)
from baeredygtig_cli.cli.options import PlanCommand, known_shell

if TYPE_CHECKING:
    pass


@command("fuldførelse", cls=PlanCommand)
def completion_command(
    shell: Annotated[str, typer.Argument(metavar="SKAL", help="bash, zsh eller fish.", callback=known_shell)],
) -> None:
    """Skriv et skript, der lader skallen fuldføre kommandoer, tilvalg, id'er, statusser, emner og
    måneder med Tab.

    \b
      bash:  eval "$(plan fuldførelse bash)"      i ~/.bashrc
      zsh:   eval "$(plan fuldførelse zsh)"       i ~/.zshrc (efter compinit)
      fish:  plan fuldførelse fish > ~/.config/fish/completions/plan.fish
    """
    write_out(completion_script(shell))

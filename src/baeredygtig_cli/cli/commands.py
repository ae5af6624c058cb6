"""Every command of `plan`: its name, the module that defines it and the line `plan --help` shows.

The group builds a command only when it is run (Click's documented "lazy loading of subcommands"):
`plan list` imports neither the editing commands nor git's, and Typer turns one function into a
Click command, not twenty-four. The help lists them all from this table without importing any."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar


@dataclass(frozen=True, slots=True)
class Entry:
    module: str  # in baeredygtig_cli.cli
    short_help: str


# In the order `plan --help` lists them.
COMMANDS: dict[str, Entry] = {
    "list": Entry("reading", "Vis aktiviteterne, evt. filtreret."),
    "period": Entry("reading", "Vis hvordan et tidspunkt læses."),
    "check": Entry("reading", "Tjek plan.yaml for fejl."),
    "due": Entry("reading", "Hvad der kører nu, hvad der er forsinket, og hvad en måned eller uge byder på."),
    "show": Entry("reading", "Alt om én aktivitet."),
    "set-status": Entry("editing", "Sæt status på en eller flere aktiviteter."),
    "ret": Entry("editing", "Ret felter: tidspunkt, år, emne, aktivitet, ansvarlig, status."),
    "note": Entry("editing", "Skriv en dateret note på en eller flere aktiviteter."),
    "fjern": Entry("editing", "Fjern en eller flere aktiviteter fra planen."),
    "add": Entry("editing", "Tilføj en aktivitet."),
    "summary": Entry("reading", "Status på planen: antal, andel afsluttet, forsinkede."),
    "parter": Entry("reading", "Planens parter: hvem er tovholder, hvem er med."),
    "timeline": Entry("reading", "Planen som Gantt-diagram i terminalen."),
    "export": Entry("files", "Skriv planen som csv, ics, md, html eller xlsx."),
    "init": Entry("files", "Opret en ny plan.yaml med kommentarer."),
    "import": Entry("files", "Hent aktiviteter fra en tabel i Word, Excel eller csv."),
    "log": Entry("logs", "Planens historik i git: hvem ændrede hvad og hvornår."),
    "changes": Entry("logs", "Hvad er ændret mellem to versioner i git."),
    "merge": Entry("team", "Git's flettedriver: flet tre versioner pr. aktivitet."),
    "konflikter": Entry("team", "Vis konflikterne fra en fletning: felt, begge værdier, hvem."),
    "løs": Entry("team", "Løs en konflikt fra en fletning: vores, deres eller en ny værdi."),
    "git-opsætning": Entry("team", "Lad git flette plan.yaml pr. aktivitet."),
    "rapport": Entry("logs", "Statusrapport til byrådet for en periode (md, html)."),
    "completion": Entry("shell", "Skriv et skript, der fuldfører plan i skallen."),
}

# What each command module registers as it is imported: the function and Typer's settings for it.
DEFINED: dict[str, tuple[Callable[..., None], dict[str, Any]]] = {}

F = TypeVar("F", bound=Callable[..., None])


def command(name: str, **settings: Any) -> Callable[[F], F]:
    """Register `function` as the command `name` (which COMMANDS must list), with Typer's settings
    for it (`cls`, `help`, ...); the short help is COMMANDS's."""
    if name not in COMMANDS:
        raise AssertionError(f"{name} is not in COMMANDS")

    def register(function: F) -> F:
        DEFINED[name] = (function, settings)
        return function

    return register

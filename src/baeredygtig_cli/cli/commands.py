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
    alias: str | None = None  # the English name (the name the command had before it had a Danish one)


# In the order `plan --help` lists them, by their Danish name. The naming rule (docs/TOUR.md, beside the
# option rule): every command has a Danish name, which help, messages and completion use, and an English
# alias that works exactly as it always has (scripts, git's merge driver); `note` is the same word in
# both. Either name may be typed with æ, ø, å as ae, oe, aa (`tilfoej`, `aendringer`).
COMMANDS: dict[str, Entry] = {
    "liste": Entry("reading", "Vis aktiviteterne, evt. filtreret.", "list"),
    "tidspunkt": Entry("reading", "Vis hvordan et tidspunkt læses.", "period"),
    "tjek": Entry("reading", "Tjek plan.yaml for fejl.", "check"),
    "aktuelt": Entry(
        "reading", "Hvad der kører nu, hvad der er forsinket, og hvad en måned eller uge byder på.", "due"
    ),
    "vis": Entry("reading", "Alt om én aktivitet.", "show"),
    "sæt-status": Entry("editing", "Sæt status på en eller flere aktiviteter.", "set-status"),
    "ret": Entry("editing", "Ret felter: tidspunkt, år, emne, aktivitet, ansvarlig, status.", "edit"),
    "note": Entry("editing", "Skriv en dateret note på en eller flere aktiviteter."),
    "fjern": Entry("editing", "Fjern en eller flere aktiviteter fra planen.", "remove"),
    "tilføj": Entry("editing", "Tilføj en aktivitet.", "add"),
    "overblik": Entry("reading", "Status på planen: antal, andel afsluttet, forsinkede.", "summary"),
    "parter": Entry("reading", "Planens parter: hvem er tovholder, hvem er med.", "parties"),
    "mig": Entry("team", "Hvilken part du er, til --mig (gemmes kun hos dig).", "me"),
    "tidslinje": Entry("reading", "Planen som Gantt-diagram i terminalen.", "timeline"),
    "eksporter": Entry("files", "Skriv planen som csv, ics, md, html eller xlsx.", "export"),
    "opret": Entry("files", "Opret en ny plan.yaml med kommentarer.", "init"),
    "importer": Entry("files", "Hent aktiviteter fra en tabel i Word, Excel eller csv.", "import"),
    "historik": Entry("logs", "Planens historik i git: hvem ændrede hvad og hvornår.", "log"),
    "ændringer": Entry("logs", "Hvad er ændret mellem to versioner i git.", "changes"),
    "flet": Entry("team", "Gits flettedriver: flet tre versioner pr. aktivitet.", "merge"),
    "konflikter": Entry("team", "Vis konflikterne fra en fletning: felt, begge værdier, hvem.", "conflicts"),
    "løs": Entry("team", "Løs en konflikt fra en fletning: vores, deres eller en ny værdi.", "resolve"),
    "git-opsætning": Entry("team", "Lad git flette plan.yaml pr. aktivitet.", "git-setup"),
    "rapport": Entry("logs", "Statusrapport til byrådet for en periode (md, html, pdf, docx).", "report"),
    "fuldførelse": Entry("shell", "Skriv et skript, der fuldfører plan i skallen.", "completion"),
}


def _fold(name: str) -> str:
    """A command's name as typed on a keyboard without æ, ø, å (or with caps lock): folded the way the
    filters fold text (domain/folding.py, imported here only for this: it is small)."""
    from baeredygtig_cli.domain.folding import fold_to_ascii

    return fold_to_ascii(name)


def names_of(danish: str) -> tuple[str, ...]:
    """A command's names: the Danish one first, then its English alias."""
    alias = COMMANDS[danish].alias
    return (danish, alias) if alias else (danish,)


def danish_name(typed: str) -> str | None:
    """The command a typed name means: its Danish name or English alias, as written or with æ, ø, å
    as ae, oe, aa; None for no command."""
    if typed in COMMANDS:
        return typed
    folded = _fold(typed)
    for danish in COMMANDS:
        if typed in names_of(danish) or folded in (_fold(n) for n in names_of(danish)):
            return danish
    return None


# What each command module registers as it is imported: the function and Typer's settings for it.
DEFINED: dict[str, tuple[Callable[..., None], dict[str, Any]]] = {}

F = TypeVar("F", bound=Callable[..., None])


def command(name: str, **settings: Any) -> Callable[[F], F]:
    """Register `function` as the command `name` (its Danish name, which COMMANDS must list), with
    Typer's settings for it (`cls`, `help`, ...); the short help is COMMANDS's."""
    if name not in COMMANDS:
        raise AssertionError(f"{name} is not in COMMANDS")

    def register(function: F) -> F:
        DEFINED[name] = (function, settings)
        return function

    return register

"""`plan`: Typer glue. Each command parses options, calls one domain function and renders."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from typer.core import TyperCommand, TyperGroup

from . import store
from .errors import CheckFailed, PlanError
from .query import Filters, resolve_status, select
from .timing import format_period, parse_month, parse_timing

if TYPE_CHECKING:
    from rich.console import Console

    from .model import Plan


# Typer's own words in help screens, in Danish. Set only when help is drawn, so no other run pays.
_DANISH_HELP_WORDS = {
    "ARGUMENTS_PANEL_TITLE": "Argumenter",
    "OPTIONS_PANEL_TITLE": "Tilvalg",
    "COMMANDS_PANEL_TITLE": "Kommandoer",
    "ENVVAR_STRING": "[miljøvariabel: {}]",
    "DEFAULT_STRING": "[standard: {}]",
    "REQUIRED_LONG_STRING": "[skal angives]",
}


class _DanishHelp:
    def get_help_option(self, ctx: typer.Context) -> object:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "Vis denne hjælp og afslut."
        return option

    def format_help(self, ctx: typer.Context, formatter: object) -> None:
        from typer import rich_utils

        for name, text in _DANISH_HELP_WORDS.items():
            if hasattr(rich_utils, name):
                setattr(rich_utils, name, text)
        super().format_help(ctx, formatter)  # type: ignore[misc]


class _PlanCommand(_DanishHelp, TyperCommand):
    pass


class _PlanGroup(_DanishHelp, TyperGroup):
    """Catches our errors once: one Danish line on stderr, no traceback, the error's exit code."""

    def invoke(self, ctx: typer.Context) -> object:
        try:
            return super().invoke(ctx)
        except PlanError as error:
            if str(error):
                print(f"plan: {error}", file=sys.stderr)
            ctx.exit(error.exit_code)
        except BrokenPipeError:
            sys.stderr.close()  # `plan list | head`: the reader left; nothing to report
            ctx.exit(0)
        return None


app = typer.Typer(
    cls=_PlanGroup,
    name="plan",
    help="Implementeringsplanen for bæredygtig udvikling som én YAML-fil i git.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

FileOption = Annotated[
    Optional[Path],  # noqa: UP045 - Typer reads this annotation at runtime
    typer.Option(
        "--file", "-f", envvar="PLAN_FILE", show_default=False, dir_okay=True,
        help="Planfilen. Ellers $PLAN_FILE, ellers plan.yaml her eller i nærmeste overmappe.",
    ),
]  # fmt: skip
JsonOption = Annotated[bool, typer.Option("--json", help="Skriv JSON (en kontrakt: se README).")]
AnsvarligOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--ansvarlig", "-a", help="Kun hvor ansvarlig indeholder teksten (æ=ae, ø=oe, å=aa)."),
]
EmneOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--emne", "-e", help="Kun aktiviteter med et emne, der indeholder teksten."),
]
StatusOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--status", "-s", help="Kun denne status (fx 'i gang'; et entydigt præfiks er nok)."),
]
MonthOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--month",
        "-m",
        help="Kun aktiviteter, der berører måneden: 'marts', 'mar', '3', 'marts 2021'.",
    ),
]
SearchOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--search", "-q", help="Fritekstsøgning i alle felter."),
]


def _load(file: Path | None) -> Plan:
    return store.load_plan(store.find_plan_file(file, Path.cwd()))


def _console() -> Console:
    from rich.console import Console

    return Console(highlight=False)


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _filters(
    plan: Plan, ansvarlig: str | None, emne: str | None, status: str | None,
    month: str | None, search: str | None,
) -> Filters:  # fmt: skip
    return Filters(
        ansvarlig=ansvarlig,
        emne=emne,
        status=resolve_status(status, plan.statuses) if status is not None else None,
        period=parse_month(month, plan.year) if month is not None else None,
        search=search,
    )


@app.command("list", cls=_PlanCommand)
def list_command(
    ansvarlig: AnsvarligOption = None,
    emne: EmneOption = None,
    status: StatusOption = None,
    month: MonthOption = None,
    search: SearchOption = None,
    json: JsonOption = False,
    file: FileOption = None,
) -> None:
    """Vis planens aktiviteter, evt. filtreret. Filtre kombineres med OG."""
    plan = _load(file)
    activities = select(plan.activities, _filters(plan, ansvarlig, emne, status, month, search))
    if json:
        from .export import activities_json

        _write(activities_json(activities))
        return
    from .render import print_activities

    print_activities(_console(), plan, activities)


@app.command("period", cls=_PlanCommand)
def period_command(
    text: Annotated[str, typer.Argument(help="Et tidspunkt, som det skrives i planen, fx 'Marts-april'.")],
    year: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--year", "-y", help="Året for tidspunkter uden årstal (ellers planens år)."),
    ] = None,
    json: JsonOption = False,
    file: FileOption = None,
) -> None:
    """Vis hvordan et tidspunkt læses, fx 'Marts-april' → 1. marts 2020 – 30. april 2020."""
    if year is None:
        year = _plan_year(file)
    period = parse_timing(text, year)
    notes = [
        note for note, flag in (("åben slutning", period.open_ended), ("løbende", period.ongoing)) if flag
    ]
    if json:
        from .export import period_record, to_json

        _write(to_json({"tidspunkt": text, "år": year, **period_record(period),
                        "åben_slutning": period.open_ended, "løbende": period.ongoing}))  # fmt: skip
        return
    from .render import print_period

    print_period(_console(), text, format_period(period), notes)


def _plan_year(file: Path | None) -> int:
    """The plan's `år` when there is a readable plan; otherwise this calendar year."""
    try:
        return _load(file).year
    except PlanError:
        if file is not None:
            raise
        return date.today().year


@app.command("check", cls=_PlanCommand)
def check_command(file: FileOption = None) -> None:
    """Tjek plan.yaml: intet output og exit 0, når alt er i orden; ellers én linje pr. fejl og exit 1."""
    path = store.find_plan_file(file, Path.cwd())
    parsed = store.parse_plan(store.read_text(path), path)
    if parsed.problems:
        shown = store.display_path(path)
        _write("".join(f"{shown}:{p.line or 1}: {p.message}\n" for p in parsed.problems))
        raise CheckFailed("")


def main() -> None:
    app()

"""The commands that write or read other files: export, init, import."""

from __future__ import annotations

import os
import sys
from datetime import timezone
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from baeredygtig_cli.cli.commands import command
from baeredygtig_cli.cli.common import (
    answer_day,
    clock_now,
    resolve_today,
    selection,
    series_or_none,
    stdout_is_terminal,
    write_out,
    write_wrapped,
)
from baeredygtig_cli.cli.options import (
    NO_FILTERS,
    DryRunOption,
    FileOption,
    FilterTexts,
    GemOption,
    PerOption,
    PlanCommand,
    TodayOption,
    at_least_one,
    checking,
    emne_only,
    filters_of,
    flag_name,
    not_blank,
    with_filters,
)
from baeredygtig_cli.cli.saving import saved_in_git
from baeredygtig_cli.errors import PlanError
from baeredygtig_cli.planfile import disk

if TYPE_CHECKING:
    pass


def _export_format(ctx: typer.Context, param: typer.CallbackParam, value: str) -> str:
    """`-F`: a format of the registry, in any case (`-F CSV` is csv)."""
    from baeredygtig_cli.output.export import FORMATS

    kind = value.strip().lower()
    if kind not in FORMATS:
        raise PlanError(f"ukendt format {value!r} (kendte: {', '.join(FORMATS)})")
    return kind


_FORMAT_FLAGS = {"excel": "excel", "by": "by_emne"}  # an export option -> the ExportOptions field it sets


def _flags_fit_format(ctx: typer.Context) -> None:
    """A flag the chosen format does not take is refused, not ignored (`-F ics --excel`)."""
    from baeredygtig_cli.output.export import FORMATS

    kind = ctx.params["format"]
    refused = [
        name
        for name, field in _FORMAT_FLAGS.items()
        if ctx.params.get(name) not in (None, False) and field not in FORMATS[kind].takes
    ]
    flags = {name: flag_name(ctx, name) for name in refused}

    def taking(name: str) -> str:
        return " eller ".join(f.name for f in FORMATS.values() if _FORMAT_FLAGS[name] in f.takes)

    if len(refused) == 1:
        raise PlanError(f"{flags[refused[0]]} virker kun med formatet {taking(refused[0])}, ikke med {kind}")
    if refused:
        where = ", ".join(f"{flags[name]} kun med {taking(name)}" for name in refused)
        raise PlanError(f"{' og '.join(flags.values())} virker ikke med formatet {kind} ({where})")


@command("eksporter", cls=checking(_flags_fit_format))
@with_filters
def export_command(
    format: Annotated[
        str,
        typer.Option(
            "--format", "-F", metavar="FORMAT", callback=_export_format, help="csv, ics, md, html eller xlsx."
        ),
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="FIL", help="Filen at skrive (ellers, eller med '-', standardoutput)."
        ),
    ] = None,
    excel: Annotated[
        bool, typer.Option("--excel", help="csv til dansk Excel: semikolon, BOM, CRLF.")
    ] = False,
    by: Annotated[
        str | None,
        typer.Option(
            "--efter",
            "-b",
            "--by",
            metavar="emne",
            callback=emne_only,
            help="md: 'emne' giver en tabel pr. emne.",
        ),
    ] = None,
    today: TodayOption = None,
    filters: FilterTexts = NO_FILTERS,
    per: PerOption = None,
    file: FileOption = None,
) -> None:
    """Skriv planen som csv (Excel), ics (Outlook/Google Kalender), md (Markdown), html
    (én selvstændig side til hjemmesiden) eller xlsx (et Excel-regneark med farver og overblik).
    Filtrene fra 'plan liste' virker også her."""
    from baeredygtig_cli.output import export
    from baeredygtig_cli.output.export import FORMATS

    chosen = FORMATS[format]
    if chosen.binary and output in (None, "-") and stdout_is_terminal():
        raise PlanError(f"{format} er ikke tekst; skriv den til en fil med -o, fx -o plan.{format}")
    plan, activities = selection(file, filters, per)
    stamp = clock_now().astimezone(timezone.utc).replace(microsecond=0)
    day = answer_day(today, per, file)
    series = series_or_none(file, per, plan, day, filters_of(plan, filters)) if chosen.history else None
    options = export.ExportOptions(day, stamp, excel=excel, by_emne=by is not None, series=series)
    data = chosen.write(plan, activities, options)
    export.write_output(data, output, plan=disk.find_plan_file(file, Path.cwd()))
    if output not in (None, "-"):
        print(f"plan: {export.wrote_message(len(activities), output)}", file=sys.stderr)


TitleOption = Annotated[
    str | None,
    typer.Option("--titel", "--title", metavar="TEKST", help="En ny plans titel.", callback=not_blank),
]


YearOption = Annotated[
    int | None,
    typer.Option("--år", "--year", metavar="ÅR", help="En ny plans år (ellers i år).", show_default=False),
]


def _new_year(year: int | None) -> int:
    """A new plan's `år`: as given, else this year (the clock, read in `resolve_today`)."""
    from baeredygtig_cli.planfile.schema import PLAUSIBLE_YEARS

    if year is None:
        return resolve_today(None).year
    if year not in PLAUSIBLE_YEARS:
        raise PlanError(f"år {year} er ikke et muligt år (skriv et år mellem 1900 og 2200)")
    return year


@command("opret", cls=PlanCommand)
def init_command(titel: TitleOption = None, year: YearOption = None, file: FileOption = None) -> None:
    """Opret en ny plan.yaml i mappen, du står i: titel, år, statusser og én eksempel-aktivitet, med
    kommentarer, der forklarer formatet. En fil, der findes, overskrives aldrig (--fil vælger en
    anden). En tabel fra Word eller Excel bliver til en ny plan med 'plan importer FIL'."""
    from baeredygtig_cli.planfile.newplan import DEFAULT_TITLE, plan_text, proved

    path = file if file is not None else Path(disk.PLAN_FILENAME)
    shown = disk.display_path(path)
    chosen_year = _new_year(year)
    if os.path.lexists(path):
        raise PlanError(f"{shown} findes allerede; plan opret overskriver aldrig en plan (brug --fil FIL)")
    text = plan_text(titel or DEFAULT_TITLE, chosen_year)
    proved(text, path)
    disk.create_exclusively(path, text.encode("utf-8"))
    write_wrapped(
        f"Oprettede {shown} ({titel or DEFAULT_TITLE}, {chosen_year}): ret eksemplet, tilføj med "
        "'plan tilføj', og tjek med 'plan tjek'.\n"
    )


@command("importer", cls=PlanCommand)
@saved_in_git()
def import_command(
    source: Annotated[
        Path,
        typer.Argument(
            metavar="FIL", help="En .docx, .xlsx, .csv, .tsv eller .txt med planens tabel.", readable=False,
            dir_okay=True, show_default=False,
        ),
    ],
    kolonne: Annotated[
        list[str] | None,
        typer.Option(
            "--kolonne", "--column", metavar="FELT=OVERSKRIFT",
            help="Hvilket felt en kolonne er, fx aktivitet=Beskrivelse ('ingen': spring den over)."
            + " Kan gentages.",
        ),
    ] = None,
    ulaeselige: Annotated[
        bool,
        typer.Option(
            "--også-ulæselige",
            help="Importér også rækker, hvis tidspunkt ikke kan læses (som tekst, til at rette bagefter).",
        ),
    ] = False,
    maks_raekker: Annotated[
        int | None,
        typer.Option(
            "--maks-rækker", "--max-rows", metavar="N", callback=at_least_one,
            show_default=False,
            help="Læs højst N rækker (ellers 10.000); en længere tabel afvises, før resten er læst.",
        ),
    ] = None,
    titel: TitleOption = None,
    year: YearOption = None,
    dry_run: DryRunOption = False,
    gem: GemOption = False,
    file: FileOption = None,
) -> None:  # fmt: skip
    """Hent aktiviteterne fra en tabel: en Word-tabel (.docx), et Excel-ark (.xlsx), csv (komma eller
    semikolon, som 'plan eksporter --format csv --excel' skriver den) eller tabulatorsepareret tekst.

    Overskriftsrækken findes af sig selv (TIDSPUNKT/Tid/Hvornår, EMNE/Tema,
    AKTIVITET/Handling/Indsats, ANSVARLIG/TOVHOLDER/Ansvar, STATUS, ID); --kolonne siger det, hvor
    navnene er andre.
    En række med én udfyldt celle er en gennemgående indsats; i Word (og tekst kopieret derfra) er
    et tomt EMNE emnet fra rækken over, i et regneark er det tomt.
    Rækker, der ikke kan læses, vises, og intet importeres.

    Uden en plan bliver tabellen en ny plan.yaml (--titel og --år). Med en plan ændres hver række
    med et ID den aktivitet, rækker uden ID tilføjes som nye (undtagen dem, planen allerede har), og
    intet fjernes. Et xlsx-regneark, som plan selv har eksporteret, husker, hvad det
    viste: kun felter rettet i arket tages ind (nyere ændringer i planen bevares), og er et felt
    rettet begge steder, afvises importen. Samme fil importeret igen ændrer intet. --dry-run viser
    ændringen uden at skrive."""
    from baeredygtig_cli.output.text import line_shown
    from baeredygtig_cli.planfile.importing import (
        DEFAULT_MAX_ROWS,
        Refused,
        into_plan,
        new_plan,
        parse_column_options,
        read_table,
    )

    overrides = parse_column_options(kolonne or [])
    try:
        target = disk.find_plan_file(file, Path.cwd())
    except PlanError:
        target = Path(disk.PLAN_FILENAME)
    exists = os.path.lexists(target)
    if exists and (titel is not None or year is not None):
        given = "--titel" if titel is not None else "--år"
        raise PlanError(f"{given} gælder kun en ny plan; {disk.display_path(target)} findes allerede")
    new_year = None if exists else _new_year(year)
    reading = read_table(source, overrides, maks_raekker or DEFAULT_MAX_ROWS)
    try:
        if new_year is None:
            outcome, shown_diff = into_plan(target, reading, keep_unreadable=ulaeselige, dry_run=dry_run)
        else:
            outcome = new_plan(
                reading,
                target,
                titel=titel,
                year=new_year,
                keep_unreadable=ulaeselige,
                dry_run=dry_run,
            )
            shown_diff = ""
    except Refused as refused:
        write_out("".join(f"{line_shown(problem)}\n" for problem in refused.problems))
        raise PlanError(str(refused)) from None
    kept = "".join(
        f"{line_shown(line)}; beholdt som tekst: ret den (plan tjek viser den)\n" for line in outcome.kept
    )
    closing = "".join(f"{line_shown(line)}\n" for line in outcome.closing)
    if dry_run and exists:
        return write_out(line_shown(shown_diff, lines=True) + kept + closing)
    write_out(kept + "".join(f"{line_shown(line, lines=dry_run)}\n" for line in outcome.lines) + closing)

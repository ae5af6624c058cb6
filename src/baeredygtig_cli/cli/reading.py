"""The commands that read the plan: list, period, check, due, show, summary, parter, timeline."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from baeredygtig_cli.cli.commands import command
from baeredygtig_cli.cli.common import (
    answer_day,
    is_day,
    make_screen,
    plan_for,
    quiet_hint,
    quiet_or_none,
    resolve_today,
    rich_console,
    selection,
    show_progress,
    show_quiet,
    stdout_is_terminal,
    write_out,
)
from baeredygtig_cli.cli.options import (
    NO_FILTERS,
    QUIET_DAYS,
    AllOption,
    FileOption,
    FilterTexts,
    JsonOption,
    PerOption,
    PlanCommand,
    QuietDaysOption,
    TodayOption,
    activity_id_of,
    checking,
    emne_only,
    filters_of,
    flag_name,
    grouping_option,
    sort_order,
    with_filters,
)
from baeredygtig_cli.domain.model import Period
from baeredygtig_cli.domain.query import DueQuestion, answer_due
from baeredygtig_cli.domain.timing import (
    MONTH_NAMES,
    format_period,
    help_table,
    parse_month,
    parse_timing,
    year_span,
)
from baeredygtig_cli.errors import EXIT_CHECK_FAILED, ChartTooWide, PlanError
from baeredygtig_cli.planfile import disk

if TYPE_CHECKING:
    from baeredygtig_cli.cli.danish import Context, HelpFormatter
    from baeredygtig_cli.history.versions import History


@command("liste", cls=PlanCommand)
@with_filters
def list_command(
    filters: FilterTexts,
    sort: Annotated[
        str | None,
        typer.Option(
            "--sorter",
            "--sort",
            metavar="tidspunkt|status|ansvarlig|id",
            callback=sort_order,
            help="Rækkefølgen: efter tidspunkt (start), status, ansvarlig eller id (ellers planens).",
            show_default=False,
        ),
    ] = None,
    json: JsonOption = False,
    per: PerOption = None,
    file: FileOption = None,
) -> None:
    """Vis planens aktiviteter, evt. filtreret. Filtre kombineres med OG.

    Op til 200 rækker vises som tabel; længere lister som almindelig tekst i kolonner, så
    selv 100.000 aktiviteter vises på et øjeblik (brug en pager: plan liste | less -S).
    """
    plan, activities = selection(file, filters, per)
    if sort is not None:
        from baeredygtig_cli.domain.ordering import sort_activities

        activities = sort_activities(activities, sort, plan.statuses)
    if json:
        from baeredygtig_cli.output.jsonout import activities_json

        write_out(activities_json(activities))
        return
    from baeredygtig_cli.output.lists import print_activities

    print_activities(make_screen(), plan, activities)


PERIOD_HELP = (
    "Vis hvordan et tidspunkt læses, fx 'Marts-april' → 1. marts 2020 – 30. april 2020.\n\n"
    "Kendte former (store/små bogstaver, mellemrum, tankestreger, 'den', 'd.' og et 'i' foran er "
    "ligegyldige; klokkeslæt og ord som 'ca.' og 'forventet' springes over):"
)


class _TimingHelp(PlanCommand):
    """`plan tidspunkt --help`: the table of forms (made from the grammar's records) drawn for the
    page's width, which is the terminal's up to 80 columns."""

    def format_help_text(self, ctx: Context, formatter: HelpFormatter) -> None:
        super().format_help_text(ctx, formatter)
        formatter.write_paragraph()
        formatter.write("".join(f"  {line}\n" for line in help_table(formatter.width - 2).splitlines()))


@command("tidspunkt", cls=_TimingHelp, help=PERIOD_HELP)
def period_command(
    text: Annotated[
        str,
        typer.Argument(metavar="TIDSPUNKT", help="Et tidspunkt, som det skrives i planen, fx 'Marts-april'."),
    ],
    year: Annotated[
        int | None,
        typer.Option(
            "--år", "-y", "--year", metavar="ÅR", help="Året for tidspunkter uden årstal (ellers planens år)."
        ),
    ] = None,
    json: JsonOption = False,
    file: FileOption = None,
) -> None:
    """Show how a TIDSPUNKT is read; the help text is made from the grammar's records."""
    if year is None:
        year = _plan_year(file)
    period = parse_timing(text, year)
    if json:
        from baeredygtig_cli.output.jsonout import period_json

        return write_out(period_json(text, year, period))
    from baeredygtig_cli.output.views import print_period

    print_period(rich_console(), text, period)


def _plan_year(file: Path | None) -> int:
    """The plan's `år` when there is a readable plan; otherwise this calendar year.

    Only the plan's head is read: a broken activity elsewhere does not change the year."""
    from baeredygtig_cli.planfile import schema

    try:
        path = disk.find_plan_file(file, Path.cwd())
        return schema.index_plan(disk.read_text(path), path).plan.year
    except PlanError:
        if file is not None:
            raise
        return resolve_today(None).year


@command("tjek", cls=PlanCommand)
def check_command(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="FIL",
            help="Filer at tjekke (som pre-commit giver dem); ellers --fil eller plan.yaml.",
            show_default=False,
            readable=False,
        ),
    ] = None,
    streng: Annotated[
        bool,
        typer.Option(
            "--streng",
            help="Også medvirkende: hvert navn i ansvarlig skal være en af planens parter, ikke kun det "
            "første (fx 'Udbudsenheden og Teknik og Miljø', hvor kun Udbudsenheden er erklæret).",
        ),
    ] = False,
    file: FileOption = None,
) -> None:
    """Tjek plan.yaml: én linje pr. fejl og exit 1; exit 0, når alt er i orden (i en terminal med
    en linje, der siger det; i en pipe eller et git-hook intet).

    En fil, der slet ikke kan læses, giver exit 2. Flere filer tjekkes alle, og exit-koden er den
    værste."""
    from baeredygtig_cli.history.driver import merge_problems
    from baeredygtig_cli.planfile import schema

    paths = files or [disk.find_plan_file(file, Path.cwd())]
    worst = 0
    for path in paths:
        try:
            parsed = schema.parse_plan(disk.read_text(path), path, check_parties=True, strict_parties=streng)
        except PlanError as error:  # this file cannot be read; the others are still checked
            print(f"plan: {error}", file=sys.stderr)
            worst = max(worst, error.exit_code)
            continue
        shown = disk.display_path(path)
        problems = parsed.problems  # and, where the plan declares parter, each ansvarlig naming none
        if parsed.undeclared:
            problems = sorted([*problems, *parsed.undeclared], key=lambda p: p.line or 0)
        lines = [f"{shown}:{p.line or 1}: {p.message}\n" for p in problems]
        lines += [f"{shown}:1: {message}\n" for message in merge_problems(path)]
        if lines:
            write_out("".join(lines))
            worst = max(worst, EXIT_CHECK_FAILED)
        elif stdout_is_terminal():  # a person who ran it sees that it ran; a hook or a pipe gets nothing
            count = len(parsed.plan.activities) if parsed.plan is not None else 0
            write_out(f"{shown} er i orden ({count} {'aktivitet' if count == 1 else 'aktiviteter'})\n")
    if worst:
        raise typer.Exit(worst)


def _parse_week(text: str, year: int) -> Period:
    try:
        return parse_timing(f"uge {text}", year)
    except PlanError:
        raise PlanError(f"ugyldig uge {text!r} (skriv fx 12 eller '12 2021')") from None


def _month_or_week(ctx: typer.Context) -> None:
    if ctx.params.get("month") and ctx.params.get("week") is not None:
        raise PlanError(f"brug enten {flag_name(ctx, 'month')} eller {flag_name(ctx, 'week')}, ikke begge")


@command("aktuelt", cls=checking(_month_or_week))
@with_filters
def due_command(
    week: Annotated[
        str | None,
        typer.Option(
            "--uge",
            "-w",
            "--week",
            metavar="UGE",
            help="Kun det, der berører ISO-uge N i planens år: '12', '12 2021'.",
        ),
    ] = None,
    today: TodayOption = None,
    alle: AllOption = False,
    filters: FilterTexts = NO_FILTERS,
    kort: Annotated[
        bool, typer.Option("--kort", "-k", help="Én linje pr. aktivitet: id, tidspunkt, status, aktivitet.")
    ] = False,
    stille: Annotated[
        bool,
        typer.Option(
            "--stille",
            help="Vis de aktiviteter, der kører eller er forsinket, men hvis status og noter ingen har "
            "ændret i --dage dage, og hvornår og af hvem de sidst blev ændret (kræver git).",
        ),
    ] = False,
    dage: QuietDaysOption = QUIET_DAYS,
    json: JsonOption = False,
    per: PerOption = None,
    file: FileOption = None,
) -> None:
    """Hvad kræver opmærksomhed: det, der kører i dag, og det, der er forsinket.

    Med --måned eller --uge: alt, der berører den måned eller uge. Afsluttede aktiviteter
    er aldrig aktuelle (medmindre --alle); "Februar og frem" og "Løbende" er aktuelle i alle
    de måneder, de dækker.
    """
    month = filters.month  # here: what is due in the month, shown under its name
    if stille and (month or week is not None):
        raise PlanError(
            "--stille gælder det, der kører eller er forsinket i dag; ikke med --måned eller --uge"
        )
    plan, activities = selection(file, replace(filters, month=()), per)
    question = _due_question(answer_day(today, per, file), month, week, plan.year)
    answer = answer_due(question, activities, finished=plan.finished_status, include_finished=alle)
    if stille:
        open_ = answer.open_on_the_day(plan.finished_status)
        return show_quiet(file, per, plan, open_, question.day, dage, json=json, kort=kort)
    if json:
        from baeredygtig_cli.output.jsonout import due_json

        return write_out(due_json(answer.due.current, answer.due.overdue, question.day, plan.finished_status))
    from baeredygtig_cli.output.lists import print_due_answer

    screen = make_screen()
    print_due_answer(screen, plan, answer, compact=kort)
    if not question.window:  # the day's view also flags what has been quiet for a while (git)
        open_ = answer.open_on_the_day(plan.finished_status)
        quiet = quiet_or_none(file, per, plan, open_, question.day, dage)
        if quiet:
            from baeredygtig_cli.output.historyviews import quiet_flag, show

            hint = quiet_hint(dage, today, per, file, filters)
            show(quiet_flag(quiet, dage, hint), write_out, lambda: screen)
    return None


def _due_question(day: date, months: tuple[str, ...], week: str | None, year: int) -> DueQuestion:
    """The day, or the months or week asked for (read in the plan's year) under their name."""
    if months:
        window = tuple(parse_month(m, year) for m in months)
        title = ", ".join(f"{MONTH_NAMES[p.start.month - 1]} {p.start.year}" for p in window).capitalize()
        return DueQuestion(day, window, title)
    if week is not None:
        period = _parse_week(week, year)
        return DueQuestion(day, (period,), f"Uge {period.start.isocalendar()[1]} ({format_period(period)})")
    return DueQuestion(day)


@command("vis", cls=PlanCommand)
def show_command(
    activity_id: Annotated[str, typer.Argument(metavar="ID", help="Aktivitetens id.")],
    json: JsonOption = False,
    per: PerOption = None,
    file: FileOption = None,
) -> None:
    """Alt om én aktivitet, også hvordan tidspunktet læses, og hvor den står i plan.yaml; i git
    også dens seneste ændringer: hvornår, af hvem og hvad."""
    plan = plan_for(file, per)
    activity = plan.activity(activity_id_of(activity_id))
    if activity is None:
        raise PlanError(f"ukendt id: {activity_id}; se 'plan liste'")
    changes = _activity_history(file, activity.id, per)
    if json:
        from baeredygtig_cli.output.jsonout import show_json

        return write_out(show_json(activity, plan.year, changes, plan.parties))
    from baeredygtig_cli.output.views import print_activity

    location = f"{disk.display_path(plan.path or Path(disk.PLAN_FILENAME))}, linje {activity.line}"
    if per is not None:
        location += f" i versionen --per {per}"
    said = None
    if changes is not None:
        from baeredygtig_cli.output.historyviews import activity_change_said

        said = [activity_change_said(c) for c in changes]
    print_activity(rich_console(), activity, location, scale=plan.scale, history=said, parties=plan.parties)


def _activity_history(file: Path | None, activity_id: int, per: str | None) -> list[dict[str, Any]] | None:
    """`plan show`'s history of one activity as JSON records, kept for the same HEAD (one `git
    rev-parse` and a small file when asked again); None outside git, where show says nothing of it."""
    import json

    from baeredygtig_cli.history.versions import remembered

    def work(history: History) -> tuple[str, str]:
        from baeredygtig_cli.history.versions import activity_changes
        from baeredygtig_cli.output.jsonout import activity_change_records, to_json

        return to_json(activity_change_records(activity_changes(history, activity_id))), ""

    path = disk.find_plan_file(file, Path.cwd())
    try:
        if per is None or is_day(per):
            text, _ = remembered(path, repr(("show", activity_id)), work, per)
        else:  # a branch name could move: not kept
            from baeredygtig_cli.history.versions import History

            text, _ = work(History.open(path, per))
    except PlanError:
        return None
    found: list[dict[str, Any]] = json.loads(text)
    return found


@command("overblik", cls=PlanCommand)
@with_filters
def summary_command(
    by: Annotated[
        str,
        typer.Option(
            "--efter",
            "-b",
            "--by",
            metavar="emne|ansvarlig|part",
            callback=grouping_option,
            help="Gruppér efter 'emne', 'ansvarlig' (teksten) eller 'part' (planens parter; en aktivitet "
            "tæller under hver part, den nævner).",
        ),
    ] = "emne",
    today: TodayOption = None,
    filters: FilterTexts = NO_FILTERS,
    over_tid: Annotated[
        bool,
        typer.Option(
            "--over-tid",
            help="Antal pr. status for hver måned fra planens første commit til i dag, som søjler "
            "(andelen afsluttet mod antallet af aktiviteter); med --json serien. Kræver git.",
        ),
    ] = False,
    uger: Annotated[
        bool, typer.Option("--uger", help="Med --over-tid: pr. uge i stedet for pr. måned.")
    ] = False,
    json: JsonOption = False,
    per: PerOption = None,
    file: FileOption = None,
) -> None:
    """Status på planen: antal pr. status i alt og pr. emne (eller ansvarlig eller part), andel
    afsluttet, hvor mange der er forsinket, og hvor mange der er aktuelle i denne måned.

    Med --over-tid: hvordan det har udviklet sig, måned for måned (--uger: uge for uge)."""
    if uger and not over_tid:
        raise PlanError("--uger virker kun sammen med --over-tid")
    plan, activities = selection(file, filters, per)
    if over_tid:
        return show_progress(
            file, per, plan, answer_day(today, per, file), uger, json, filters_of(plan, filters)
        )
    from baeredygtig_cli.domain.summary import summarize

    summary = summarize(activities, plan.scale, answer_day(today, per, file), by=by, parties=plan.parties)
    if json:
        from baeredygtig_cli.output.jsonout import summary_json

        return write_out(summary_json(summary))
    from baeredygtig_cli.output.views import print_summary

    print_summary(rich_console(), plan, summary)


@command("parter", cls=PlanCommand)
def parties_command(
    forslag: Annotated[
        bool,
        typer.Option("--forslag", help="Foreslå parter ud fra ansvarlig-teksterne, også når planen har dem."),
    ] = False,
    json: JsonOption = False,
    file: FileOption = None,
) -> None:
    """Planens parter (parter: i planens hoved), hver med antal aktiviteter, hvor den er tovholder
    (nævnt først i ansvarlig) og medvirkende (nævnt efter en anden), og de aktiviteter, der ikke
    nævner nogen af dem.

    Har planen ingen parter, foreslås en parter:-blok ud fra ansvarlig-teksterne, til at rette til
    og sætte ind i plan.yaml."""
    from baeredygtig_cli.domain.parties import count_parties, propose

    plan = plan_for(file)
    counts, unnamed = count_parties(plan.activities, plan.parties)
    proposals = propose([a.ansvarlig for a in plan.activities]) if forslag or not plan.parties else None
    if json:
        from baeredygtig_cli.output.jsonout import parties_json

        return write_out(parties_json(counts, unnamed, proposals))
    if proposals is not None:
        from baeredygtig_cli.planfile.newplan import proposal_yaml

        return write_out(proposal_yaml(proposals))
    from baeredygtig_cli.output.views import print_parties

    print_parties(rich_console(), plan, counts, unnamed)


@command("tidslinje", cls=PlanCommand)
@with_filters
def timeline_command(
    by: Annotated[
        str | None,
        typer.Option(
            "--efter",
            "-b",
            "--by",
            metavar="emne",
            callback=emne_only,
            help="'emne': én række pr. emne i stedet for pr. aktivitet.",
        ),
    ] = None,
    weeks: Annotated[
        bool, typer.Option("--uger", "--weeks", help="Uger som kolonner i stedet for måneder.")
    ] = False,
    periode: Annotated[
        str | None,
        typer.Option(
            "--periode", "-p", metavar="PERIODE", help="Tidsrummet, fx 'marts-maj' (ellers planens år)."
        ),
    ] = None,
    today: TodayOption = None,
    filters: FilterTexts = NO_FILTERS,
    per: PerOption = None,
    file: FileOption = None,
) -> None:
    """Gantt-diagram i terminalen: en bjælke pr. aktivitet over planens måneder (eller uger),
    farvet efter status, med en markering for i dag. Åbne aktiviteter får en pil.

    Uden farver (NO_COLOR, eller når output ikke er en terminal) bruges almindelige tegn.
    """
    from baeredygtig_cli.output.timeline import activity_chart, emne_chart, units_for

    plan, activities = selection(file, filters, per)
    span = parse_timing(periode, plan.year) if periode else year_span(plan.year)
    try:
        units = units_for(span, weeks=weeks)
    except ChartTooWide as error:
        raise PlanError(f"{error}; vælg en kortere --periode") from None
    chart = (emne_chart if by else activity_chart)(activities, units)
    from baeredygtig_cli.output.views import print_timeline

    print_timeline(rich_console(), plan, chart, answer_day(today, per, file))

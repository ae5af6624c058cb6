"""`plan`: Typer glue. Each command parses options, calls one domain function and renders."""

from __future__ import annotations

import os
import re
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional, cast

import typer
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand, TyperGroup

from . import store
from .errors import EXIT_BAD_INPUT, EXIT_INTERNAL, CheckFailed, PlanError
from .model import Period
from .query import Filters, due_on, due_within, resolve_status, select
from .timing import MONTH_NAMES, format_period, help_table, parse_month, parse_timing

if TYPE_CHECKING:
    from rich.console import Console

    from .edit import Edit, Source
    from .model import Activity, Plan


class _DanishHelp:
    """Plain (not Rich) help in Danish: Typer's Rich help costs a Rich import on every `--help`,
    and its English headings would stand between Danish texts."""

    def get_help_option(self, ctx: typer.Context) -> object:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "Vis denne hjælp og afslut."
        return option

    def format_usage(self, ctx: typer.Context, formatter: HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="Brug: ")

    def format_options(self, ctx: typer.Context, formatter: HelpFormatter) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = param.get_help_record(ctx)
            if record is not None:
                record = (record[0], _danish_extras(record[1]))
                (arguments if param.param_type_name == "argument" else options).append(record)
        for title, rows in (("Argumenter", arguments), ("Tilvalg", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)
        if isinstance(self, TyperGroup):
            self.format_commands(ctx, formatter)

    def format_commands(self, ctx: typer.Context, formatter: HelpFormatter) -> None:
        group = cast(TyperGroup, self)
        names = [n for n in group.list_commands(ctx) if not group.commands[n].hidden]
        if names:
            limit = formatter.width - 6 - max(map(len, names))
            with formatter.section("Kommandoer"):
                formatter.write_dl([(n, group.commands[n].get_short_help_str(limit)) for n in names])


_EXTRAS = (("[env var: ", "[miljøvariabel: "), ("env var: ", "miljøvariabel: "), ("default: ", "standard: "),
           ("[required]", "[skal angives]"))  # fmt: skip


def _danish_extras(text: str) -> str:
    for english, danish in _EXTRAS:
        text = text.replace(english, danish)
    return text


# Click's usage errors, said in Danish. Anything not listed is shown as Click words it.
_USAGE_ERRORS: tuple[tuple[str, str], ...] = (
    (
        r"No such option: (\S+)(?: Did you mean (\S+)\?| \(Possible options: (.+)\))?",
        "ukendt tilvalg {0}",
    ),
    (r"No such command '(.+?)'\.(?: Did you mean '(.+)'\?)?", "ukendt kommando '{0}'"),
    (r"Missing argument '(.+)'\.", "mangler argumentet {0}"),
    (r"Missing option '(.+)'\.", "mangler tilvalget {0}"),
    (r"Option '(.+)' requires an argument\.", "tilvalget {0} skal have en værdi"),
    (r"Got unexpected extra argument\(s\) \((.+)\)", "uventet ekstra argument: {0}"),
    (
        r"Invalid value for '(.+?)'(?: / '.+?')?: Input should be a valid integer.*",
        "{0} skal være et heltal",
    ),
    (r"Invalid value for '(.+?)'(?: / '.+?')?: (.+)", "ugyldig værdi for {0}: {1}"),
)


def _usage_error(error: UsageError) -> NoReturn:
    message = error.format_message()
    for pattern, danish in _USAGE_ERRORS:
        match = re.fullmatch(pattern, message)
        if match:
            message = danish.format(*match.groups())
            suggestion = (
                next((g for g in match.groups()[1:] if g), None) if pattern.startswith("No such") else None
            )
            if suggestion:
                message += f" – mente du {suggestion}?"
            break
    command = error.ctx.command_path if error.ctx else "plan"
    print(f"plan: {message} (se '{command} --help')", file=sys.stderr)
    sys.exit(EXIT_BAD_INPUT)


class _PlanCommand(_DanishHelp, TyperCommand):
    pass


class _PlanGroup(_DanishHelp, TyperGroup):
    """Catches our errors once: one Danish line on stderr, no traceback, the error's exit code."""

    def make_context(self, *args: Any, **kwargs: Any) -> typer.Context:
        try:
            return super().make_context(*args, **kwargs)
        except NoArgsIsHelpError:
            raise
        except UsageError as error:
            _usage_error(error)

    def invoke(self, ctx: typer.Context) -> object:
        try:
            return super().invoke(ctx)
        except PlanError as error:
            if str(error):
                print(f"plan: {error}", file=sys.stderr)
            ctx.exit(error.exit_code)
        except (NoArgsIsHelpError, typer.Exit, typer.Abort):
            raise
        except UsageError as error:
            _usage_error(error)
        except BrokenPipeError:
            sys.stderr.close()  # `plan list | head`: the reader left; nothing to report
            ctx.exit(0)
        except Exception as error:  # a bug of ours: still one line, the details on request
            if os.environ.get("PLAN_DEBUG"):
                raise
            print(
                f"plan: uventet fejl ({type(error).__name__}: {error}); "
                "kør igen med PLAN_DEBUG=1 for detaljer, og meld fejlen",
                file=sys.stderr,
            )
            ctx.exit(EXIT_INTERNAL)
        return None


app = typer.Typer(
    cls=_PlanGroup,
    name="plan",
    help="Implementeringsplanen for bæredygtig udvikling som én YAML-fil i git.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

FileOption = Annotated[
    Optional[Path],  # noqa: UP045 - Typer reads this annotation at runtime
    typer.Option(
        "--file", "-f", envvar="PLAN_FILE", metavar="STI", show_default=False, dir_okay=True,
        help="Planfilen. Ellers $PLAN_FILE, ellers plan.yaml her eller i nærmeste overmappe.",
    ),
]  # fmt: skip
JsonOption = Annotated[bool, typer.Option("--json", help="Skriv JSON (en kontrakt: se README).")]
AnsvarligOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--ansvarlig", "-a", metavar="TEKST", help="Kun hvor ansvarlig indeholder teksten (æ=ae, ø=oe, å=aa)."
    ),
]
EmneOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--emne", "-e", metavar="TEKST", help="Kun aktiviteter med et emne, der indeholder teksten."
    ),
]
StatusOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--status", "-s", metavar="STATUS", help="Kun denne status (fx 'i gang'; et entydigt præfiks er nok)."
    ),
]
MonthOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--month",
        "-m",
        metavar="MÅNED",
        help="Kun aktiviteter, der berører måneden: 'marts', 'mar', '3', 'marts 2021'.",
    ),
]
SearchOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--search", "-q", metavar="TEKST", help="Fritekstsøgning i alle felter."),
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


def _selection(
    file: Path | None, ansvarlig: str | None, emne: str | None, status: str | None,
    month: str | None, search: str | None,
) -> tuple[Plan, list[Activity]]:  # fmt: skip
    """The plan and its activities that pass the filters shared by list, due, summary, timeline, export."""
    plan = _load(file)
    return plan, select(plan.activities, _filters(plan, ansvarlig, emne, status, month, search))


@app.command("list", cls=_PlanCommand, short_help="Vis aktiviteterne, evt. filtreret.")
def list_command(
    ansvarlig: AnsvarligOption = None,
    emne: EmneOption = None,
    status: StatusOption = None,
    month: MonthOption = None,
    search: SearchOption = None,
    json: JsonOption = False,
    file: FileOption = None,
) -> None:
    """Vis planens aktiviteter, evt. filtreret. Filtre kombineres med OG.

    Op til 200 rækker vises som tabel; længere lister som almindelig tekst i kolonner, så
    selv 100.000 aktiviteter vises på et øjeblik (brug en pager: plan list | less -S).
    """
    plan, activities = _selection(file, ansvarlig, emne, status, month, search)
    if json:
        from .export import activities_json

        _write(activities_json(activities))
        return
    from .render import print_activities

    print_activities(_console(), plan, activities)


PERIOD_HELP = (
    "Vis hvordan et tidspunkt læses, fx 'Marts-april' → 1. marts 2020 – 30. april 2020.\n\n\b\n"
    "Kendte former (store/små bogstaver, mellemrum, tankestreger, 'den', 'd.' og et 'i'\n"
    "foran er ligegyldige; klokkeslæt og ord som 'ca.' og 'forventet' springes over):\n"
)


@app.command(
    "period", cls=_PlanCommand, short_help="Vis hvordan et tidspunkt læses.", help=PERIOD_HELP + help_table()
)
def period_command(
    text: Annotated[
        str,
        typer.Argument(metavar="TIDSPUNKT", help="Et tidspunkt, som det skrives i planen, fx 'Marts-april'."),
    ],
    year: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--year", "-y", metavar="ÅR", help="Året for tidspunkter uden årstal (ellers planens år)."
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
        from .export import period_json

        return _write(period_json(text, year, period))
    from .render import print_period

    print_period(_console(), text, period)


def _plan_year(file: Path | None) -> int:
    """The plan's `år` when there is a readable plan; otherwise this calendar year.

    Only the plan's head is read: a broken activity elsewhere does not change the year."""
    try:
        path = store.find_plan_file(file, Path.cwd())
        return store.index_plan(store.read_text(path), path).plan.year
    except PlanError:
        if file is not None:
            raise
        return date.today().year


@app.command("check", cls=_PlanCommand, short_help="Tjek plan.yaml for fejl.")
def check_command(
    files: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Argument(
            metavar="FIL",
            help="Filer at tjekke (som pre-commit giver dem); ellers --file eller plan.yaml.",
            show_default=False,
        ),
    ] = None,
    file: FileOption = None,
) -> None:
    """Tjek plan.yaml: intet output og exit 0, når alt er i orden; ellers én linje pr. fejl og exit 1."""
    paths = files or [store.find_plan_file(file, Path.cwd())]
    problems = []
    for path in paths:
        shown = store.display_path(path)
        parsed = store.parse_plan(store.read_text(path), path)
        problems += [f"{shown}:{p.line or 1}: {p.message}\n" for p in parsed.problems]
    if problems:
        _write("".join(problems))
        raise CheckFailed("")


TodayOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--today",
        "-t",
        metavar="DATO",
        help="Dagen at regne fra, ÅÅÅÅ-MM-DD (ellers i dag).",
        show_default=False,
    ),
]
AllOption = Annotated[bool, typer.Option("--alle", help="Tag også afsluttede aktiviteter med.")]
DryRunOption = Annotated[bool, typer.Option("--dry-run", "-n", help="Vis ændringen som diff; skriv intet.")]


def _today(text: str | None) -> date:
    """The only place the clock is read."""
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise PlanError(f"ugyldig dato for --today: {text!r} (skriv ÅÅÅÅ-MM-DD, fx 2020-06-15)") from None


def _week(text: str, year: int) -> Period:
    try:
        return parse_timing(f"uge {text}", year)
    except PlanError:
        raise PlanError(f"ugyldig uge {text!r} (skriv fx 12 eller '12 2021')") from None


@app.command(
    "due",
    cls=_PlanCommand,
    short_help="Hvad der kører nu, hvad der er forsinket, og hvad en måned eller uge byder på.",
)
def due_command(
    month: MonthOption = None,
    week: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--week",
            "-w",
            metavar="UGE",
            help="Kun det, der berører ISO-uge N i planens år: '12', '12 2021'.",
        ),
    ] = None,
    today: TodayOption = None,
    alle: AllOption = False,
    ansvarlig: AnsvarligOption = None,
    emne: EmneOption = None,
    status: StatusOption = None,
    json: JsonOption = False,
    file: FileOption = None,
) -> None:
    """Hvad kræver opmærksomhed: det, der kører i dag, og det, der er forsinket.

    Med --month eller --week: alt, der berører den måned eller uge. Afsluttede aktiviteter
    er aldrig aktuelle (medmindre --alle); "Februar og frem" og "Løbende" er aktuelle i alle
    de måneder, de dækker.
    """
    if month is not None and week is not None:
        raise PlanError("brug enten --month eller --week, ikke begge")
    plan, activities = _selection(file, ansvarlig, emne, status, None, None)
    day = _today(today)
    if month is None and week is None:
        due = due_on(activities, day, include_finished=alle)
        if json:
            from .export import due_json

            return _write(due_json(due.current, due.overdue, day))
        from .render import print_due

        return print_due(_console(), due)
    if month is not None:
        period = parse_month(month, plan.year)
        title = f"{MONTH_NAMES[period.start.month - 1].capitalize()} {period.start.year}"
    else:
        period = _week(str(week), plan.year)
        title = f"Uge {period.start.isocalendar()[1]} ({format_period(period)})"
    found = due_within(activities, period, include_finished=alle)
    if json:
        from .export import due_json

        return _write(due_json(found, [], day))
    from .render import print_due_within

    print_due_within(_console(), title, found, day)


def _activity_id(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise PlanError(f"id skal være et tal, ikke {text!r}") from None


@app.command("show", cls=_PlanCommand, short_help="Alt om én aktivitet.")
def show_command(
    activity_id: Annotated[str, typer.Argument(metavar="ID", help="Aktivitetens id.")],
    json: JsonOption = False,
    file: FileOption = None,
) -> None:
    """Alt om én aktivitet, også hvordan tidspunktet læses, og hvor den står i plan.yaml."""
    plan = _load(file)
    activity = plan.activity(_activity_id(activity_id))
    if activity is None:
        raise PlanError(f"ukendt id: {activity_id}; se 'plan list'")
    if json:
        from .export import show_json

        return _write(show_json(activity, plan.year))
    from .render import print_activity

    location = f"{store.display_path(plan.path or Path(store.PLAN_FILENAME))}, linje {activity.line}"
    print_activity(_console(), activity, location)


@app.command("set-status", cls=_PlanCommand, short_help="Sæt status på en eller flere aktiviteter.")
def set_status_command(
    args: Annotated[
        list[str],
        typer.Argument(metavar="ID... STATUS", help="Et eller flere id og til sidst den nye status."),
    ],
    dry_run: DryRunOption = False,
    file: FileOption = None,
) -> None:
    """Sæt status på en eller flere aktiviteter, fx: plan set-status 3 4 5 "I gang".

    Status er en af planens statusser; store/små bogstaver er ligegyldige, og et entydigt
    præfiks er nok ("afs" → Afsluttet). Kun status-værdien i plan.yaml ændres; alt andet,
    også kommentarer og tomme linjer, står som før. Alle eller ingen ændres.
    """
    if len(args) < 2:
        raise PlanError('angiv mindst ét id og en status, fx: plan set-status 3 "I gang"')
    from .edit import change_plan, set_status

    *id_texts, status_text = args
    ids = [_activity_id(t) for t in id_texts]
    path = store.find_plan_file(file, Path.cwd())
    _report(*change_plan(path, lambda source: set_status(source, ids, status_text), dry_run=dry_run), dry_run)


@app.command("add", cls=_PlanCommand, short_help="Tilføj en aktivitet.")
def add_command(
    tidspunkt: Annotated[
        str, typer.Option("--tidspunkt", metavar="TIDSPUNKT", help="Fx 'primo april' eller 'Marts-maj'.")
    ],
    emne: Annotated[
        list[str], typer.Option("--emne", "-e", metavar="EMNE", help="Emne; kan gives flere gange.")
    ],
    aktivitet: Annotated[str, typer.Option("--aktivitet", metavar="TEKST", help="Hvad der skal ske.")],
    ansvarlig: Annotated[
        str, typer.Option("--ansvarlig", "-a", metavar="TEKST", help="Ansvarlig / tovholder.")
    ],
    status: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--status", "-s", metavar="STATUS", help="Status (ellers planens første, fx Afventer)."),
    ] = None,
    dry_run: DryRunOption = False,
    file: FileOption = None,
) -> None:
    """Tilføj en aktivitet sidst i planen med næste ledige id, i samme opstilling som de andre."""
    from .edit import NewActivity, add_activity, change_plan

    new = NewActivity(tidspunkt, tuple(emne), aktivitet, ansvarlig, status)
    path = store.find_plan_file(file, Path.cwd())
    _report(*change_plan(path, lambda source: add_activity(source, new), dry_run=dry_run), dry_run)


def _report(edit_result: Edit, source: Source, dry_run: bool) -> None:
    """A dry run shows the diff it would make; a real one says what changed, one line each."""
    from .edit import diff

    _write(
        diff(source, edit_result.text) if dry_run else "".join(f"{line}\n" for line in edit_result.summary)
    )


@app.command("summary", cls=_PlanCommand, short_help="Status på planen: antal, andel afsluttet, forsinkede.")
def summary_command(
    by: Annotated[
        str,
        typer.Option("--by", "-b", metavar="emne|ansvarlig", help="Gruppér efter 'emne' eller 'ansvarlig'."),
    ] = "emne",
    today: TodayOption = None,
    ansvarlig: AnsvarligOption = None,
    emne: EmneOption = None,
    status: StatusOption = None,
    month: MonthOption = None,
    search: SearchOption = None,
    json: JsonOption = False,
    file: FileOption = None,
) -> None:
    """Status på planen: antal pr. status i alt og pr. emne (eller ansvarlig), andel afsluttet,
    hvor mange der er forsinket, og hvor mange der er aktuelle i denne måned."""
    plan, activities = _selection(file, ansvarlig, emne, status, month, search)
    from .report import summarize

    summary = summarize(activities, plan.statuses, _today(today), by=by)
    if json:
        from .export import summary_json

        return _write(summary_json(summary))
    from .render import print_summary

    print_summary(_console(), plan, summary)


@app.command("timeline", cls=_PlanCommand, short_help="Planen som Gantt-diagram i terminalen.")
def timeline_command(
    by: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--by", "-b", metavar="emne", help="'emne': én række pr. emne i stedet for pr. aktivitet."
        ),
    ] = None,
    weeks: Annotated[bool, typer.Option("--weeks", help="Uger som kolonner i stedet for måneder.")] = False,
    periode: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--periode", "-p", metavar="PERIODE", help="Tidsrummet, fx 'marts-maj' (ellers planens år)."
        ),
    ] = None,
    today: TodayOption = None,
    ansvarlig: AnsvarligOption = None,
    emne: EmneOption = None,
    status: StatusOption = None,
    month: MonthOption = None,
    search: SearchOption = None,
    file: FileOption = None,
) -> None:
    """Gantt-diagram i terminalen: en bjælke pr. aktivitet over planens måneder (eller uger),
    farvet efter status, med en markering for i dag. Åbne aktiviteter får en pil.

    Uden farver (NO_COLOR, eller når output ikke er en terminal) bruges almindelige tegn.
    """
    from .timeline import activity_chart, emne_chart, month_units, week_units

    if by not in (None, "emne"):
        raise PlanError(f"--by kan kun være 'emne', ikke {by!r}")
    plan, activities = _selection(file, ansvarlig, emne, status, month, search)
    span = (
        parse_timing(periode, plan.year)
        if periode
        else Period(date(plan.year, 1, 1), date(plan.year, 12, 31))
    )
    units = week_units(span) if weeks else month_units(span)
    chart = (emne_chart if by else activity_chart)(activities, units)
    from .render import print_timeline

    print_timeline(_console(), plan, chart, _today(today))


@app.command("export", cls=_PlanCommand, short_help="Skriv planen som csv, ics, md eller html.")
def export_command(
    format: Annotated[str, typer.Option("--format", "-F", metavar="FORMAT", help="csv, ics, md eller html.")],
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--output", "-o", metavar="FIL", help="Filen at skrive (ellers, eller med '-', standardoutput)."
        ),
    ] = None,
    excel: Annotated[
        bool, typer.Option("--excel", help="csv til dansk Excel: semikolon, BOM, CRLF.")
    ] = False,
    by: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--by", "-b", metavar="emne", help="md: 'emne' giver en tabel pr. emne."),
    ] = None,
    today: TodayOption = None,
    ansvarlig: AnsvarligOption = None,
    emne: EmneOption = None,
    status: StatusOption = None,
    month: MonthOption = None,
    search: SearchOption = None,
    file: FileOption = None,
) -> None:
    """Skriv planen som csv (Excel), ics (Outlook/Google Kalender), md (Markdown) eller html
    (én selvstændig side til hjemmesiden). Filtrene fra 'plan list' virker også her."""
    from . import export

    if format not in export.FORMATS:
        raise PlanError(f"ukendt format {format!r} (kendte: {', '.join(export.FORMATS)})")
    if by not in (None, "emne"):
        raise PlanError(f"--by kan kun være 'emne', ikke {by!r}")
    plan, activities = _selection(file, ansvarlig, emne, status, month, search)
    if format == "csv":
        data = export.to_csv(activities, excel=excel)
    elif format == "ics":
        data = export.to_ics(plan, activities, datetime.now(timezone.utc).replace(microsecond=0))
    elif format == "md":
        data = export.to_markdown(plan, activities, by_emne=by == "emne")
    else:
        from .htmlpage import to_html

        data = to_html(plan, activities, _today(today))
    export.write_output(data, output)


@app.command("changes", cls=_PlanCommand, short_help="Hvad er ændret mellem to versioner i git.")
def changes_command(
    since: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--since",
            metavar="REV|DATO",
            help="Fra git-revision eller dato (ÅÅÅÅ-MM-DD); ellers før sidste commit af filen.",
        ),
    ] = None,
    until: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--until", metavar="REV|DATO", help="Til git-revision eller dato; ellers filen, som den er nu."
        ),
    ] = None,
    json: JsonOption = False,
    file: FileOption = None,
) -> None:
    """Hvad er ændret i planen mellem to versioner i git: tilføjet, fjernet, ny status, nyt tidspunkt.

    Fx 'plan changes --since 2020-03-01' før et udvalgsmøde."""
    from .history import versions
    from .report import compare

    path = store.find_plan_file(file, Path.cwd())
    old, new = versions(path, since, until)
    changes = compare(_activities_of(old.text, path), _activities_of(new.text, path))
    if json:
        from .export import changes_json

        return _write(changes_json(changes, old.label, new.label))
    from .render import print_changes

    print_changes(_console(), changes, old.label, new.label)


def _activities_of(text: str | None, path: Path) -> tuple[Activity, ...]:
    """The valid activities of a version; a version with problems still shows what it can."""
    if text is None:
        return ()
    plan = store.parse_plan(text, path).plan
    return plan.activities if plan else ()


def main() -> None:
    """The console script. A short-lived process: the cyclic GC would only rescan the plan."""
    import gc

    gc.disable()
    app()

"""`plan`: Typer glue. Each command parses options, calls one domain function and renders.

Danish help, usage errors and the process boundary (errors caught once) live in danish_click.py."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Mapping
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ClassVar, Optional

import typer

from . import __version__, planfile, store
from .danish_click import (
    Completer,
    CompletionItem,
    DanishCommand,
    DanishGroup,
    DanishUsageError,
    completion_script,
    finish_output,
    option_name,
    prepare_output,
)
from .errors import EXIT_CHECK_FAILED, PlanError
from .model import Period
from .query import (
    NO_STATUS,
    Filters,
    due_on,
    due_within,
    due_within_any,
    fold_letters,
    is_no_status,
    resolve_status_or_none,
    select,
)
from .timing import MONTH_NAMES, format_period, parse_month, parse_timing

if TYPE_CHECKING:
    from rich.console import Console

    from .edit import Edit, Source
    from .model import Activity, Plan


_PlanCommand = DanishCommand


def _plan_for_completion(ctx: typer.Context) -> Plan:
    return _load(ctx.params.get("file") or ctx.find_root().params.get("file"))


def _starts(value: str, incomplete: str) -> bool:
    return fold_letters(value).startswith(fold_letters(incomplete))


def _complete_ids(ctx: typer.Context, incomplete: str) -> list[CompletionItem]:
    return [
        CompletionItem(str(a.id), help=a.aktivitet)
        for a in _plan_for_completion(ctx).activities
        if str(a.id).startswith(incomplete)
    ]


def _complete_statuses(ctx: typer.Context, incomplete: str) -> list[CompletionItem]:
    """The plan's statuses; where a status may be absent (filters, set-status), also the word for none."""
    items = [CompletionItem(s) for s in _plan_for_completion(ctx).statuses if _starts(s, incomplete)]
    if ctx.info_name != "add" and _starts(NO_STATUS, incomplete):
        items.append(CompletionItem(NO_STATUS, help="ingen status"))
    return items


def _complete_set_status(ctx: typer.Context, incomplete: str) -> list[CompletionItem]:
    """`set-status ID... STATUS`: ids first; once an id is given, the statuses too."""
    ids = _complete_ids(ctx, incomplete)
    return [*_complete_statuses(ctx, incomplete), *ids] if ctx.params.get("args") else ids


def _complete_emner(ctx: typer.Context, incomplete: str) -> list[CompletionItem]:
    emner = dict.fromkeys(e for a in _plan_for_completion(ctx).activities for e in a.emne)
    return [CompletionItem(e) for e in emner if _starts(e, incomplete)]


def _complete_months(ctx: typer.Context, incomplete: str) -> list[CompletionItem]:
    return [CompletionItem(m) for m in MONTH_NAMES if _starts(m, incomplete)]


def _complete_files(ctx: typer.Context, incomplete: str) -> list[CompletionItem]:
    return [CompletionItem(incomplete, type="file")]


def _complete_shells(ctx: typer.Context, incomplete: str) -> list[CompletionItem]:
    return [CompletionItem(shell) for shell in SHELL_NAMES if shell.startswith(incomplete)]


SHELL_NAMES = ("bash", "zsh", "fish")


class _PlanGroup(DanishGroup):
    completers: ClassVar[Mapping[str, Completer]] = {
        "activity_id": _complete_ids,
        "args": _complete_set_status,
        "status": _complete_statuses,
        "emne": _complete_emner,
        "month": _complete_months,
        "file": _complete_files,
        "files": _complete_files,
        "output": _complete_files,
        "shell": _complete_shells,
    }


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


def _file_or_root(ctx: typer.Context, value: Optional[Path]) -> Optional[Path]:  # noqa: UP045
    """`plan -f x.yaml list` and `plan list -f x.yaml` both: after the command wins, then before it
    (or $PLAN_FILE, which the group reads)."""
    return value if value is not None else ctx.find_root().params.get("file")


_FILE_HELP = "Planfilen. Ellers $PLAN_FILE, ellers plan.yaml her eller i nærmeste overmappe."

FileOption = Annotated[
    Optional[Path],  # noqa: UP045 - Typer reads this annotation at runtime
    typer.Option(
        "--file", "-f", metavar="STI", show_default=False, dir_okay=True, readable=False,
        callback=_file_or_root, help=_FILE_HELP + " Kan også stå før kommandoen.",
    ),
]  # fmt: skip
# readable=False: the plan file's reader says in Danish what is wrong with a file (Typer would say it
# in English before we get to read it).


def _show_version(ctx: typer.Context, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        print(f"plan {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    file: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--file", "-f", envvar="PLAN_FILE", show_envvar=True, metavar="STI", show_default=False,
            dir_okay=True, readable=False, help=_FILE_HELP + " Kan også stå efter kommandoen.",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", is_eager=True, callback=_show_version, help="Vis versionen og afslut."),
    ] = False,
) -> None:  # fmt: skip
    """Implementeringsplanen for bæredygtig udvikling som én YAML-fil i git."""


def _not_empty(ctx: typer.Context, param: typer.CallbackParam, values: Optional[list[str]]) -> list[str]:  # noqa: UP045
    """A text filter given as '' would match everything: refuse it where the option is read."""
    if any(not value.strip() for value in values or ()):
        raise DanishUsageError(f"{option_name(param)} må ikke være tom", ctx)
    return list(values or ())


_REPEAT = " Kan gentages (en af dem)."
JsonOption = Annotated[bool, typer.Option("--json", help="Skriv JSON (en kontrakt: se README).")]
AnsvarligOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--ansvarlig", "-a", metavar="TEKST", callback=_not_empty,
        help="Kun hvor ansvarlig indeholder teksten (æ=ae, ø=oe, å=aa)." + _REPEAT,
    ),
]  # fmt: skip
EmneOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--emne", "-e", metavar="TEKST", callback=_not_empty,
        help="Kun aktiviteter med et emne, der indeholder teksten." + _REPEAT,
    ),
]  # fmt: skip
StatusOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--status", "-s", metavar="STATUS",
        help=f"Kun denne status (fx 'i gang'; et entydigt præfiks er nok; '{NO_STATUS}': uden status)."
        + _REPEAT,
    ),
]  # fmt: skip
MonthOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--month",
        "-m",
        metavar="MÅNED",
        help="Kun aktiviteter, der berører måneden: 'marts', 'mar', '3', 'marts 2021'." + _REPEAT,
    ),
]
SearchOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--search",
        "-q",
        metavar="TEKST",
        callback=_not_empty,
        help="Fritekstsøgning i alle felter." + _REPEAT,
    ),
]


def _load(file: Path | None) -> Plan:
    return store.load_plan(planfile.find_plan_file(file, Path.cwd()))


def _console() -> Console:
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            """Rich would exit 1 ("check found problems"); the boundary treats a closed pipe as done."""
            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    return _Console(highlight=False)


def _write(text: str) -> None:
    """Write in pieces: after one huge write into a pipe whose reader left, CPython's buffered writer
    reports the part it wrote and drops the error, so `plan list --json | head` would exit 0."""
    for start in range(0, len(text), 1 << 16):
        sys.stdout.write(text[start : start + (1 << 16)])
    sys.stdout.flush()


Texts = Optional[list[str]]  # noqa: UP045 - a repeatable option's values


def _filters(
    plan: Plan, ansvarlig: Texts, emne: Texts, status: Texts, month: Texts, search: Texts
) -> Filters:
    return Filters(
        ansvarlig=tuple(ansvarlig or ()),
        emne=tuple(emne or ()),
        status=tuple(resolve_status_or_none(s, plan.statuses) for s in status or ()),
        period=tuple(parse_month(m, plan.year) for m in month or ()),
        search=tuple(search or ()),
    )


def _selection(
    file: Path | None, ansvarlig: Texts, emne: Texts, status: Texts, month: Texts, search: Texts
) -> tuple[Plan, list[Activity]]:
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
    sort: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--sort",
            metavar="tidspunkt|status|ansvarlig|id",
            help="Rækkefølgen: efter tidspunkt (start), status, ansvarlig eller id (ellers planens).",
            show_default=False,
        ),
    ] = None,
    json: JsonOption = False,
    file: FileOption = None,
) -> None:
    """Vis planens aktiviteter, evt. filtreret. Filtre kombineres med OG.

    Op til 200 rækker vises som tabel; længere lister som almindelig tekst i kolonner, så
    selv 100.000 aktiviteter vises på et øjeblik (brug en pager: plan list | less -S).
    """
    if sort is not None:
        from .ordering import parse_sort, sort_activities

        sort = parse_sort(sort)
    plan, activities = _selection(file, ansvarlig, emne, status, month, search)
    if sort is not None:
        activities = sort_activities(activities, sort, plan.statuses)
    if json:
        from .jsonout import activities_json

        _write(activities_json(activities))
        return
    from .render import print_activities

    print_activities(_console(), plan, activities)


@app.command("period", cls=_PlanCommand, short_help="Vis hvordan et tidspunkt læses.")
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
    """Vis hvordan et tidspunkt læses, fx 'Marts-april' → 1. marts 2020 – 30. april 2020.

    \b
    Kendte former (store/små bogstaver, mellemrum og tankestreger er ligegyldige):
      dag             5. marts · 5. december 2019 · 12.03.2020 · 2020-03-12 · 12/3 · 12/3-2021
      dage            23/24. februar · 1.-15. marts · 15. marts - 15. april
      måned           Juni · marts 2021 · jan feb mar apr maj jun jul aug sep sept okt nov dec
      måneder         Marts-april · Marts- maj · november-januar (ind i næste år)
      åben slutning   Februar og frem · I februar og frem · fra maj (til 31. december)
      hele året       Løbende · hele året · 2021 · 2020-2025
      årstider        forår (mar-maj) · sommer (jun-aug) · efterår (sep-nov) · Forår//sommer
      del af måned    primo april (1-10) · medio april (11-20) · ultimo feb. 2021 (21-sidste)
      uger            uge 12 · uge 10-12 · uge 7 2021
      kvartal/halvår  1. kvartal · Q3 · 2. halvår 2021
      påske           påske · påske 2021 (skærtorsdag til 2. påskedag)
    """
    if year is None:
        year = _plan_year(file)
    period = parse_timing(text, year)
    if json:
        from .jsonout import period_json

        return _write(period_json(text, year, period))
    from .render import print_period

    print_period(_console(), text, period)


def _plan_year(file: Path | None) -> int:
    """The plan's `år` when there is a readable plan; otherwise this calendar year.

    Only the plan's head is read: a broken activity elsewhere does not change the year."""
    try:
        path = planfile.find_plan_file(file, Path.cwd())
        return store.index_plan(planfile.read_text(path), path).plan.year
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
            readable=False,
        ),
    ] = None,
    file: FileOption = None,
) -> None:
    """Tjek plan.yaml: intet output og exit 0, når alt er i orden; ellers én linje pr. fejl og exit 1.

    En fil, der slet ikke kan læses, giver exit 2. Flere filer tjekkes alle, og exit-koden er den
    værste."""
    paths = files or [planfile.find_plan_file(file, Path.cwd())]
    worst = 0
    for path in paths:
        try:
            parsed = store.parse_plan(planfile.read_text(path), path)
        except PlanError as error:  # this file cannot be read; the others are still checked
            print(f"plan: {error}", file=sys.stderr)
            worst = max(worst, error.exit_code)
            continue
        shown = planfile.display_path(path)
        if parsed.problems:
            _write("".join(f"{shown}:{p.line or 1}: {p.message}\n" for p in parsed.problems))
            worst = max(worst, EXIT_CHECK_FAILED)
    if worst:
        raise typer.Exit(worst)


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
    search: SearchOption = None,
    kort: Annotated[
        bool, typer.Option("--kort", "-k", help="Én linje pr. aktivitet: id, tidspunkt, status, aktivitet.")
    ] = False,
    json: JsonOption = False,
    file: FileOption = None,
) -> None:
    """Hvad kræver opmærksomhed: det, der kører i dag, og det, der er forsinket.

    Med --month eller --week: alt, der berører den måned eller uge. Afsluttede aktiviteter
    er aldrig aktuelle (medmindre --alle); "Februar og frem" og "Løbende" er aktuelle i alle
    de måneder, de dækker.
    """
    if month and week is not None:
        raise PlanError("brug enten --month eller --week, ikke begge")
    plan, activities = _selection(file, ansvarlig, emne, status, None, search)
    day = _today(today)
    if not month and week is None:
        due = due_on(activities, day, finished=plan.finished_status, include_finished=alle)
        if json:
            from .jsonout import due_json

            return _write(due_json(due.current, due.overdue, day, plan.finished_status))
        from .render import print_due

        return print_due(_console(), plan, due, selected=len(activities), compact=kort)
    if month:
        months = [parse_month(m, plan.year) for m in month]
        title = ", ".join(f"{MONTH_NAMES[p.start.month - 1]} {p.start.year}" for p in months).capitalize()
        found = due_within_any(activities, months, finished=plan.finished_status, include_finished=alle)
    else:
        period = _week(str(week), plan.year)
        title = f"Uge {period.start.isocalendar()[1]} ({format_period(period)})"
        found = due_within(activities, period, finished=plan.finished_status, include_finished=alle)
    if json:
        from .jsonout import due_json

        return _write(due_json(found, [], day, plan.finished_status))
    from .render import print_due_within

    print_due_within(_console(), plan, title, found, day, selected=len(activities), compact=kort)


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
        from .jsonout import show_json

        return _write(show_json(activity, plan.year))
    from .render import print_activity

    location = f"{planfile.display_path(plan.path or Path(planfile.PLAN_FILENAME))}, linje {activity.line}"
    print_activity(_console(), activity, location, scale=plan.scale)


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
    præfiks er nok ("afs" → Afsluttet). "ingen" fjerner status. Kun status-værdien i plan.yaml
    ændres; alt andet, også kommentarer og tomme linjer, står som før. Alle eller ingen ændres.
    """
    if len(args) < 2:
        raise PlanError('angiv mindst ét id og en status, fx: plan set-status 3 "I gang"')
    from .edit import change_plan, clear_status, set_status

    *id_texts, status_text = args
    ids = [_activity_id(t) for t in id_texts]
    path = planfile.find_plan_file(file, Path.cwd())

    def change(source: Source) -> Edit:
        if is_no_status(status_text, source.plan.statuses):
            return clear_status(source, ids)
        return set_status(source, ids, status_text)

    _report(*change_plan(path, change, dry_run=dry_run), dry_run)


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
    nyt_emne: Annotated[
        bool, typer.Option("--nyt-emne", help="Emnet er nyt i planen (ellers skal det findes i forvejen).")
    ] = False,
    dry_run: DryRunOption = False,
    file: FileOption = None,
) -> None:
    """Tilføj en aktivitet sidst i planen med næste ledige id, i samme opstilling som de andre.

    Emnet skal være et, planen har i forvejen, så en stavefejl ikke skaber et nyt emne ved siden af;
    et nyt emne kræver --nyt-emne."""
    from .edit import NewActivity, UnknownEmne, add_activity, change_plan

    new = NewActivity(tidspunkt, tuple(emne), aktivitet, ansvarlig, status, new_emne=nyt_emne)
    path = planfile.find_plan_file(file, Path.cwd())
    try:
        result = change_plan(path, lambda source: add_activity(source, new), dry_run=dry_run)
    except UnknownEmne as error:
        raise PlanError(f"{error}; brug --nyt-emne for at oprette et nyt emne") from None
    _report(*result, dry_run)


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

    summary = summarize(activities, plan.scale, _today(today), by=by)
    if json:
        from .jsonout import summary_json

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
    from .timeline import activity_chart, emne_chart, units_for

    if by not in (None, "emne"):
        raise PlanError(f"--by kan kun være 'emne', ikke {by!r}")
    plan, activities = _selection(file, ansvarlig, emne, status, month, search)
    span = (
        parse_timing(periode, plan.year)
        if periode
        else Period(date(plan.year, 1, 1), date(plan.year, 12, 31))
    )
    units = units_for(span, weeks=weeks)
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

    given = [flag for flag, value in (("--excel", excel), ("--by", by is not None)) if value]
    chosen = export.export_format(format, given)  # refuses a flag the format does not take
    if by is not None and by.strip().lower() != "emne":
        raise PlanError(f"--by kan kun være 'emne', ikke {by!r}")
    plan, activities = _selection(file, ansvarlig, emne, status, month, search)
    stamp = datetime.now(timezone.utc).replace(microsecond=0)
    options = export.ExportOptions(_today(today), stamp, excel=excel, by_emne=by is not None)
    data = chosen.write(plan, activities, options)
    export.write_output(data, output)
    if output not in (None, "-"):
        print(f"plan: {export.wrote_message(len(activities), output)}", file=sys.stderr)


@app.command("changes", cls=_PlanCommand, short_help="Hvad er ændret mellem to versioner i git.")
def changes_command(
    since: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--since",
            metavar="REV|DATO",
            help="Fra git-revision eller dato (ÅÅÅÅ-MM-DD, fra dagens begyndelse); "
            "ellers før sidste commit af filen.",
        ),
    ] = None,
    until: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--until",
            metavar="REV|DATO",
            help="Til git-revision eller dato (ÅÅÅÅ-MM-DD, til og med dagen); ellers filen, som den er nu.",
        ),
    ] = None,
    json: JsonOption = False,
    file: FileOption = None,
) -> None:
    """Hvad er ændret i planen mellem to versioner i git: tilføjet, fjernet, og hvert ændret felt
    med før og efter.

    Fx 'plan changes --since 2020-03-01' før et udvalgsmøde: også det, der blev ændret den 1. marts."""
    from .history import versions
    from .report import compare

    old, new = versions(planfile.find_plan_file(file, Path.cwd()), since, until)
    changes = compare(old.activities, new.activities)
    if json:
        from .jsonout import changes_json

        return _write(changes_json(changes, old, new))
    from .render import print_changes

    notes = [version.note for version in (old, new) if version.note]
    print_changes(_console(), changes, old.heading, new.heading, notes, plans=(old.plan, new.plan))


def _known_shell(ctx: typer.Context, shell: str) -> str:
    if shell not in SHELL_NAMES:
        raise DanishUsageError(f"ukendt skal '{shell}' (kendte: {', '.join(SHELL_NAMES)})", ctx)
    return shell


@app.command("completion", cls=_PlanCommand, short_help="Skriv et skript, der fuldfører plan i skallen.")
def completion_command(
    shell: Annotated[
        str, typer.Argument(metavar="SKAL", help="bash, zsh eller fish.", callback=_known_shell)
    ],
) -> None:
    """Skriv et skript, der lader skallen fuldføre kommandoer, tilvalg, id'er, statusser, emner og
    måneder med Tab.

    \b
      bash:  eval "$(plan completion bash)"      i ~/.bashrc
      zsh:   eval "$(plan completion zsh)"       i ~/.zshrc (efter compinit)
      fish:  plan completion fish > ~/.config/fish/completions/plan.fish
    """
    _write(completion_script(shell))


def main() -> None:
    """The console script. A short-lived process: the cyclic GC would only rescan the plan."""
    import gc

    gc.disable()
    prepare_output()
    try:
        app(prog_name="plan")
    finally:
        finish_output()

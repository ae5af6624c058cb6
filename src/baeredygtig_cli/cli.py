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
from .timing import MONTH_NAMES, format_period, help_table, parse_month, parse_timing

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console

    from .edit import Edit, FieldEdits, Source
    from .memory import History, LogEntry, Quiet, Series
    from .model import Activity, Note, Plan


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


def _complete_args(ctx: typer.Context, incomplete: str) -> list[CompletionItem]:
    """`set-status ID... STATUS`: ids first, then statuses too; `ret ID... FELT=`: ids and the field
    names; `note ID... TEKST`: ids."""
    ids = _complete_ids(ctx, incomplete)
    if ctx.info_name == "ret":
        fields = [CompletionItem(f"{f}=") for f in _FIELDS if f.startswith(incomplete)]
        return [*ids, *fields]
    if ctx.info_name == "set-status" and ctx.params.get("args"):
        return [*_complete_statuses(ctx, incomplete), *ids]
    return ids


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
        "args": _complete_args,
        "ids": _complete_ids,
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


def _not_blank(ctx: typer.Context, param: typer.CallbackParam, value: str) -> str:
    """A text that must say something: refused where the option is read."""
    if value is not None and not value.strip():
        raise DanishUsageError(f"{option_name(param)} må ikke være tom", ctx)
    return value


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


def _load(file: Path | None, per: str | None = None) -> Plan:
    """The plan: the working copy, or with `--per` the version in git at that day or revision (said
    in one line on stderr, so that a table or a JSON answer on stdout stays as it is)."""
    path = planfile.find_plan_file(file, Path.cwd())
    if per is None:
        return store.load_plan(path)
    from .history import plan_as_of

    as_of = plan_as_of(path, per)
    print(f"plan: {as_of.said}", file=sys.stderr)
    return as_of.plan


PerOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--per", metavar="DATO|REV", show_default=False,
        help="Planen, som den stod i git: ved udgangen af dagen (ÅÅÅÅ-MM-DD; sidste commit til og med "
        "dagen) eller ved en git-revision (fx et tag). Svarer pr. den dag, som med --today.",
    ),
]  # fmt: skip


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
    file: Path | None,
    ansvarlig: Texts,
    emne: Texts,
    status: Texts,
    month: Texts,
    search: Texts,
    per: str | None = None,
) -> tuple[Plan, list[Activity]]:
    """The plan (or with `per` the plan as it stood) and its activities that pass the filters shared
    by list, due, summary, timeline, export."""
    plan = _load(file, per)
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
    per: PerOption = None,
    file: FileOption = None,
) -> None:
    """Vis planens aktiviteter, evt. filtreret. Filtre kombineres med OG.

    Op til 200 rækker vises som tabel; længere lister som almindelig tekst i kolonner, så
    selv 100.000 aktiviteter vises på et øjeblik (brug en pager: plan list | less -S).
    """
    if sort is not None:
        from .ordering import parse_sort, sort_activities

        sort = parse_sort(sort)
    plan, activities = _selection(file, ansvarlig, emne, status, month, search, per)
    if sort is not None:
        activities = sort_activities(activities, sort, plan.statuses)
    if json:
        from .jsonout import activities_json

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


QUIET_DAYS = 60
QuietDaysOption = Annotated[
    int,
    typer.Option(
        "--dage", metavar="N",
        help="Så mange dage uden ændring af status eller noter gør en aktivitet stille.",
    ),
]  # fmt: skip


def _today(text: str | None) -> date:
    """The only place the clock is read."""
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise PlanError(f"ugyldig dato for --today: {text!r} (skriv ÅÅÅÅ-MM-DD, fx 2020-06-15)") from None


def _day(today: str | None, per: str | None, file: Path | None) -> date:
    """The day to answer for: --today if given; else the day --per names (a date, or the date of the
    commit a revision names); else today."""
    if today is not None or per is None:
        return _today(today)
    from .history import day_of

    return day_of(planfile.find_plan_file(file, Path.cwd()), per)


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

    Med --month eller --week: alt, der berører den måned eller uge. Afsluttede aktiviteter
    er aldrig aktuelle (medmindre --alle); "Februar og frem" og "Løbende" er aktuelle i alle
    de måneder, de dækker.
    """
    if month and week is not None:
        raise PlanError("brug enten --month eller --week, ikke begge")
    if stille and (month or week is not None):
        raise PlanError(
            "--stille gælder det, der kører eller er forsinket i dag; ikke med --month eller --week"
        )
    plan, activities = _selection(file, ansvarlig, emne, status, None, search, per)
    day = _day(today, per, file)
    if not month and week is None:
        due = due_on(activities, day, finished=plan.finished_status, include_finished=alle)
        open_ = [a for a in (*due.current, *due.overdue) if not plan.is_finished(a)]
        if stille:
            return _quiet(file, per, plan, open_, day, dage, json=json)
        if json:
            from .jsonout import due_json

            return _write(due_json(due.current, due.overdue, day, plan.finished_status))
        from .render import print_due

        console = _console()
        print_due(console, plan, due, selected=len(activities), compact=kort)
        quiet = _quiet_or_none(file, per, plan, open_, day, dage)
        if quiet:
            from .memoryrender import quiet_flag, show

            show(quiet_flag(quiet, dage), _write, lambda: console)
        return None
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
    per: PerOption = None,
    file: FileOption = None,
) -> None:
    """Alt om én aktivitet, også hvordan tidspunktet læses, og hvor den står i plan.yaml."""
    plan = _load(file, per)
    activity = plan.activity(_activity_id(activity_id))
    if activity is None:
        raise PlanError(f"ukendt id: {activity_id}; se 'plan list'")
    if json:
        from .jsonout import show_json

        return _write(show_json(activity, plan.year))
    from .render import print_activity

    location = f"{planfile.display_path(plan.path or Path(planfile.PLAN_FILENAME))}, linje {activity.line}"
    if per is not None:
        location += f" i versionen --per {per}"
    print_activity(_console(), activity, location, scale=plan.scale)


YesOption = Annotated[
    bool, typer.Option("--ja", "-y", help="Bekræft ændringen af flere end 3 aktiviteter uden at spørge.")
]
NoteOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--note",
        metavar="TEKST",
        help="En dateret note om hvorfor (gemmes under noter:).",
        callback=_not_blank,
    ),
]
AuthorOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--af", metavar="NAVN", help="Hvem noten er fra (ellers git's user.name, hvis den findes)."),
]
CONFIRM_ABOVE = 3  # more activities than this at once: ask first (or --ja)


@app.command("set-status", cls=_PlanCommand, short_help="Sæt status på en eller flere aktiviteter.")
def set_status_command(
    args: Annotated[
        list[str],
        typer.Argument(
            metavar="[ID...] STATUS",
            help="Id'er (eller filtre) og til sidst den nye status; 'ingen' fjerner den.",
        ),
    ],
    ansvarlig: AnsvarligOption = None,
    emne: EmneOption = None,
    status: StatusOption = None,
    month: MonthOption = None,
    search: SearchOption = None,
    note: NoteOption = None,
    af: AuthorOption = None,
    today: TodayOption = None,
    ja: YesOption = False,
    dry_run: DryRunOption = False,
    file: FileOption = None,
) -> None:
    """Sæt status på en eller flere aktiviteter, fx: plan set-status 3 4 5 "I gang".

    Status er en af planens statusser; store/små bogstaver er ligegyldige, og et entydigt
    præfiks er nok ("afs" → Afsluttet). "ingen" fjerner status. I stedet for id'er kan filtrene
    fra 'plan list' vælge aktiviteterne (plan set-status -s afventer -m marts "I gang"); flere end
    3 på én gang kræver et ja. --note gemmer hvorfor, med dagens dato. Kun status-værdien (og
    noten) ændres; alt andet, også kommentarer og tomme linjer, står som før. Alle eller ingen.
    """
    from .edit import FieldEdits

    *id_texts, status_text = args
    picked = _Picked(id_texts, ansvarlig, emne, status, month, search)
    path = planfile.find_plan_file(file, Path.cwd())
    written = _note(note, af, today, path)

    def edits(source: Source) -> FieldEdits:
        if is_no_status(status_text, source.plan.statuses):
            return FieldEdits(clear_status=True, note=written)
        return FieldEdits(status=status_text, note=written)

    _edit_picked(path, picked, edits, ja=ja, dry_run=dry_run)


@app.command(
    "ret", cls=_PlanCommand, short_help="Ret felter: tidspunkt, år, emne, aktivitet, ansvarlig, status."
)
def ret_command(
    args: Annotated[
        list[str],
        typer.Argument(
            metavar="[ID...] FELT=VÆRDI...", help="Id'er (eller filtre) og de felter, der skal rettes."
        ),
    ],
    ansvarlig: AnsvarligOption = None,
    emne: EmneOption = None,
    status: StatusOption = None,
    month: MonthOption = None,
    search: SearchOption = None,
    note: NoteOption = None,
    af: AuthorOption = None,
    nyt_emne: Annotated[bool, typer.Option("--nyt-emne", help="Et emne, planen ikke har, er ment.")] = False,
    today: TodayOption = None,
    ja: YesOption = False,
    dry_run: DryRunOption = False,
    file: FileOption = None,
) -> None:
    """Ret et eller flere felter i en eller flere aktiviteter, fx:

    \b
      plan ret 18 tidspunkt="April-maj"            flyt aktivitet 18
      plan ret 18 19 ansvarlig="Kommunikation"     ny ansvarlig for to aktiviteter
      plan ret 7 emne+="Klima og energi"           tilføj et emne (emne-= fjerner et)
      plan ret 7 emne="Klima og energi"            erstat alle emner
      plan ret 12 år=2021 status="I gang"          flere felter på én gang
      plan ret 12 år=                              fjern år: (planens år gælder igen)
      plan ret -a Kommunikation ansvarlig="Kommunikation og presse" --ja

    Felter: tidspunkt, år, emne, aktivitet, ansvarlig, status. Et nyt tidspunkt læses, før noget
    skrives. Filtrene fra 'plan list' kan vælge aktiviteterne i stedet for id'er; flere end 3 på
    én gang kræver et ja. Kun de rettede felters linjer ændres. Alle eller ingen.
    """
    from .edit import FieldEdits

    id_texts = [a for a in args if "=" not in a]
    edits = _field_edits([a for a in args if "=" in a], nyt_emne)
    picked = _Picked(id_texts, ansvarlig, emne, status, month, search)
    path = planfile.find_plan_file(file, Path.cwd())
    written = _note(note, af, today, path)

    def with_status(source: Source) -> FieldEdits:
        import dataclasses

        if edits.status is not None and is_no_status(edits.status, source.plan.statuses):
            return dataclasses.replace(edits, status=None, clear_status=True, note=written)
        return dataclasses.replace(edits, note=written)

    if edits == FieldEdits(new_emne=nyt_emne):
        raise PlanError('angiv mindst ét felt at rette, fx: plan ret 18 tidspunkt="April-maj"')
    _edit_picked(path, picked, with_status, ja=ja, dry_run=dry_run)


@app.command("note", cls=_PlanCommand, short_help="Skriv en dateret note på en eller flere aktiviteter.")
def note_command(
    args: Annotated[
        list[str],
        typer.Argument(metavar="[ID...] TEKST", help="Id'er (eller filtre) og til sidst notens tekst."),
    ],
    ansvarlig: AnsvarligOption = None,
    emne: EmneOption = None,
    status: StatusOption = None,
    month: MonthOption = None,
    search: SearchOption = None,
    af: AuthorOption = None,
    today: TodayOption = None,
    ja: YesOption = False,
    dry_run: DryRunOption = False,
    file: FileOption = None,
) -> None:
    """Skriv en note på en aktivitet: hvorfor den er forsinket, hvad der sker nu. Noten får dagens
    dato og, hvis git kender dit navn, dit navn; den står under noter: i plan.yaml og i plan show.

    Fx: plan note 18 "Udskudt til efteråret; venter på budget"."""
    from .edit import FieldEdits

    *id_texts, text = args
    if not text.strip():
        raise PlanError("noten må ikke være tom")
    path = planfile.find_plan_file(file, Path.cwd())
    written = _note(text, af, today, path)
    picked = _Picked(id_texts, ansvarlig, emne, status, month, search)
    _edit_picked(path, picked, lambda source: FieldEdits(note=written), ja=ja, dry_run=dry_run)


@app.command("fjern", cls=_PlanCommand, short_help="Fjern en eller flere aktiviteter fra planen.")
def remove_command(
    ids: Annotated[list[str], typer.Argument(metavar="ID...", help="Aktiviteterne, der skal fjernes.")],
    ja: YesOption = False,
    dry_run: DryRunOption = False,
    file: FileOption = None,
) -> None:
    """Fjern aktiviteter: deres linjer og kommentarlinjerne lige over dem; intet andet. Et id bruges
    aldrig igen (planen husker det højeste under højeste_id:). Flere end 3 på én gang kræver et ja.
    Historikken i git har dem stadig."""
    from .edit import change_plan, remove_activities

    numbers = [_activity_id(t) for t in ids]
    path = planfile.find_plan_file(file, Path.cwd())
    if len(set(numbers)) > CONFIRM_ABOVE and not dry_run and not ja:
        preview, _ = change_plan(path, lambda source: remove_activities(source, numbers), dry_run=True)
        _confirm(preview.summary, "fjerne")
        change_plan(path, lambda source: remove_activities(source, numbers))
        return _write(f"{len(preview.summary)} aktiviteter fjernet.\n")
    _report(*change_plan(path, lambda source: remove_activities(source, numbers), dry_run=dry_run), dry_run)


class _Picked:
    """Which activities an edit is for: ids, or the filters of 'plan list' (not both)."""

    def __init__(self, id_texts: list[str], *filters: Texts) -> None:
        self.ids = [_activity_id(t) for t in id_texts]
        self.filters = filters
        if self.ids and any(filters):
            raise PlanError("vælg aktiviteterne med id'er eller med filtre, ikke begge")
        if not self.ids and not any(filters):
            raise PlanError("angiv mindst ét id eller et filter (fx -a, -e, -s, -m, -q)")

    def ids_in(self, source: Source) -> list[int]:
        if self.ids:
            return self.ids
        from .store import build_activity

        plan = source.plan
        activities = [
            build_activity(n, plan, source.path) for nodes in source.index.nodes.values() for n in nodes
        ]
        chosen = [a.id for a in select(activities, _filters(plan, *self.filters))]
        if not chosen:
            raise PlanError("ingen aktiviteter passer til filtrene; intet er ændret")
        return chosen


def _edit_picked(
    path: Path, picked: _Picked, edits: Callable[[Source], FieldEdits], *, ja: bool, dry_run: bool
) -> None:
    """Show, ask above 3 (or take --ja), then change all the picked activities in one write."""
    from .edit import UnknownEmne, change_activities, change_plan

    def change(source: Source) -> Edit:
        return change_activities(source, picked.ids_in(source), edits(source))

    try:
        if not dry_run and not ja and (not picked.ids or len(set(picked.ids)) > CONFIRM_ABOVE):
            preview, _ = change_plan(path, change, dry_run=True)
            if len(_changed_ids(preview.summary)) > CONFIRM_ABOVE:
                _confirm(preview.summary, "ændre")
                change_plan(path, change)  # the lines were shown before the question
                return _write(f"{len(_changed_ids(preview.summary))} aktiviteter ændret.\n")
        _report(*change_plan(path, change, dry_run=dry_run), dry_run)
    except UnknownEmne as error:
        raise PlanError(f"{error}; brug --nyt-emne for at oprette et nyt emne") from None


def _changed_ids(summary: list[str]) -> set[str]:
    return {line.split(":", 1)[0] for line in summary if not line.endswith(": uændret")}


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def _confirm(summary: list[str], verb: str) -> None:
    """Many activities at once: show what happens and ask on a terminal; elsewhere demand --ja."""
    count = len(_changed_ids(summary)) if verb == "ændre" else len(summary)
    if not _stdin_is_terminal():
        raise PlanError(f"det ville {verb} {count} aktiviteter; bekræft med --ja (intet er ændret)")
    _write("".join(f"{line}\n" for line in summary))
    sys.stdout.write(f"{verb.capitalize()} {count} aktiviteter? [j/N] ")
    sys.stdout.flush()
    answer = sys.stdin.readline().strip().casefold()
    if answer not in ("j", "ja", "y", "yes"):
        raise PlanError("intet er ændret")


_FIELDS = ("tidspunkt", "år", "emne", "aktivitet", "ansvarlig", "status")


def _field_edits(assignments: list[str], new_emne: bool) -> FieldEdits:
    """FELT=VÆRDI, FELT+=VÆRDI (emne) and FELT-=VÆRDI (emne) as the edits they ask for."""
    from .edit import FieldEdits

    values: dict[str, object] = {"new_emne": new_emne}
    replaced_emne: list[str] = []
    added: list[str] = []
    removed: list[str] = []
    for assignment in assignments:
        name, value = assignment.split("=", 1)
        name = name.strip().casefold()
        operator = name[-1] if name.endswith(("+", "-")) else ""
        name = name.rstrip("+-").strip().replace("aa", "å")
        if name not in _FIELDS:
            import difflib

            close = difflib.get_close_matches(name, _FIELDS, n=1)
            hint = f" – mente du {close[0]}?" if close else f" (felter: {', '.join(_FIELDS)})"
            raise PlanError(f"ukendt felt {name!r}{hint}")
        if operator and name != "emne":
            raise PlanError(f"{name}{operator}= virker kun for emne; skriv {name}=VÆRDI")
        if name == "emne":
            (added if operator == "+" else removed if operator == "-" else replaced_emne).append(value)
        elif name == "år":
            if value.strip():
                try:
                    values["year"] = int(value)
                except ValueError:
                    raise PlanError(f"år skal være et heltal, ikke {value!r}") from None
            else:
                values["clear_year"] = True
        elif name == "status" and not value.strip():
            values["clear_status"] = True
        elif name in values:
            raise PlanError(f"{name} er givet to gange")
        else:
            values[name] = value
    if replaced_emne:
        values["emne"] = tuple(replaced_emne)
    return FieldEdits(add_emne=tuple(added), remove_emne=tuple(removed), **values)  # type: ignore[arg-type]


def _note(text: str | None, author: str | None, today: str | None, path: Path) -> Note | None:
    """A note dated today (the clock is read here, in the CLI), by --af or git's user.name."""
    if text is None:
        return None
    from .history import git_user_name
    from .model import Note

    name = author.strip() if author is not None else git_user_name(path)  # --af "" names nobody
    return Note(_today(today), text, name or None)


@app.command("add", cls=_PlanCommand, short_help="Tilføj en aktivitet.")
def add_command(
    tidspunkt: Annotated[
        str,
        typer.Option(
            "--tidspunkt",
            metavar="TIDSPUNKT",
            help="Fx 'primo april' eller 'Marts-maj'.",
            callback=_not_blank,
        ),
    ],
    emne: Annotated[
        list[str],
        typer.Option(
            "--emne", "-e", metavar="EMNE", help="Emne; kan gives flere gange.", callback=_not_empty
        ),
    ],
    aktivitet: Annotated[
        str, typer.Option("--aktivitet", metavar="TEKST", help="Hvad der skal ske.", callback=_not_blank)
    ],
    ansvarlig: Annotated[
        str,
        typer.Option(
            "--ansvarlig", "-a", metavar="TEKST", help="Ansvarlig / tovholder.", callback=_not_blank
        ),
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
    """Status på planen: antal pr. status i alt og pr. emne (eller ansvarlig), andel afsluttet,
    hvor mange der er forsinket, og hvor mange der er aktuelle i denne måned.

    Med --over-tid: hvordan det har udviklet sig, måned for måned (--uger: uge for uge)."""
    if uger and not over_tid:
        raise PlanError("--uger virker kun sammen med --over-tid")
    plan, activities = _selection(file, ansvarlig, emne, status, month, search, per)
    if over_tid:
        return _progress(file, per, plan, _day(today, per, file), uger, json,
                         _filters(plan, ansvarlig, emne, status, month, search))  # fmt: skip
    from .report import summarize

    summary = summarize(activities, plan.scale, _day(today, per, file), by=by)
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
    per: PerOption = None,
    file: FileOption = None,
) -> None:
    """Gantt-diagram i terminalen: en bjælke pr. aktivitet over planens måneder (eller uger),
    farvet efter status, med en markering for i dag. Åbne aktiviteter får en pil.

    Uden farver (NO_COLOR, eller når output ikke er en terminal) bruges almindelige tegn.
    """
    from .timeline import activity_chart, emne_chart, units_for

    if by not in (None, "emne"):
        raise PlanError(f"--by kan kun være 'emne', ikke {by!r}")
    plan, activities = _selection(file, ansvarlig, emne, status, month, search, per)
    span = (
        parse_timing(periode, plan.year)
        if periode
        else Period(date(plan.year, 1, 1), date(plan.year, 12, 31))
    )
    units = units_for(span, weeks=weeks)
    chart = (emne_chart if by else activity_chart)(activities, units)
    from .render import print_timeline

    print_timeline(_console(), plan, chart, _day(today, per, file))


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
    per: PerOption = None,
    file: FileOption = None,
) -> None:
    """Skriv planen som csv (Excel), ics (Outlook/Google Kalender), md (Markdown) eller html
    (én selvstændig side til hjemmesiden). Filtrene fra 'plan list' virker også her."""
    from . import export

    given = [flag for flag, value in (("--excel", excel), ("--by", by is not None)) if value]
    chosen = export.export_format(format, given)  # refuses a flag the format does not take
    if by is not None and by.strip().lower() != "emne":
        raise PlanError(f"--by kan kun være 'emne', ikke {by!r}")
    plan, activities = _selection(file, ansvarlig, emne, status, month, search, per)
    stamp = datetime.now(timezone.utc).replace(microsecond=0)
    day = _day(today, per, file)
    filters = _filters(plan, ansvarlig, emne, status, month, search)
    series = _series_or_none(file, per, plan, day, filters) if chosen.history else None
    options = export.ExportOptions(day, stamp, excel=excel, by_emne=by is not None, series=series)
    data = chosen.write(plan, activities, options)
    export.write_output(data, output)
    if output not in (None, "-"):
        print(f"plan: {export.wrote_message(len(activities), output)}", file=sys.stderr)


def _quiet(
    file: Path | None,
    per: str | None,
    plan: Plan,
    candidates: list[Activity],
    day: date,
    days: int,
    *,
    json: bool,
) -> None:
    """`plan due --stille`: the quiet ones, with their last change."""
    from .memory import History, quiet

    history = History.open(planfile.find_plan_file(file, Path.cwd()), per)
    found = quiet(history, plan, candidates, day, days=days, working_copy=per is None)
    if json:
        from .jsonout import quiet_json

        return _write(quiet_json(found, day))
    from .memoryrender import quiet_lines, show

    show(quiet_lines(found, day, days, plan.scale), _write, _console)


def _quiet_or_none(
    file: Path | None, per: str | None, plan: Plan, candidates: list[Activity], day: date, days: int
) -> list[Quiet] | None:
    """For `plan due` to flag: the quiet ones, or None when there is no history to tell (no git)."""
    if not candidates:
        return None
    from .memory import History, quiet

    try:
        history = History.open(planfile.find_plan_file(file, Path.cwd()), per)
    except PlanError:
        return None
    return quiet(history, plan, candidates, day, days=days, working_copy=per is None, whole=False)


def _progress(
    file: Path | None, per: str | None, plan: Plan, day: date, weeks: bool, json: bool, filters: Filters
) -> None:
    """`plan summary --over-tid`."""
    from .memory import MONTHS, WEEKS, History, series

    history = History.open(planfile.find_plan_file(file, Path.cwd()), per)
    found = series(history, plan, day, unit=WEEKS if weeks else MONTHS, filters=filters)
    if json:
        from .jsonout import series_json

        return _write(series_json(found))
    from .memoryrender import plain_bars, series_lines, show

    console = _console()
    lines = series_lines(found, plan.scale, plan.titel, console.width, plain=plain_bars())
    show(lines, _write, lambda: console)


def _series_or_none(
    file: Path | None, per: str | None, plan: Plan, day: date, filters: Filters
) -> Series | None:
    """The monthly series for the HTML page (of the activities the filters pick, as the page shows
    them), or None when the plan is not in git."""
    from .memory import History, series

    try:
        history = History.open(planfile.find_plan_file(file, Path.cwd()), per)
    except PlanError:
        return None
    return series(history, plan, day, filters=filters)


@app.command("log", cls=_PlanCommand, short_help="Planens historik i git: hvem ændrede hvad og hvornår.")
def log_command(
    ids: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(metavar="ID...", help="Kun disse aktiviteter: hele deres liv.", show_default=False),
    ] = None,
    since: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--since", metavar="DATO|REV",
            help="Kun commits fra og med dagen (ÅÅÅÅ-MM-DD) eller efter en git-revision.",
        ),
    ] = None,
    until: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--until", metavar="DATO|REV", help="Kun commits til og med dagen eller git-revisionen."
        ),
    ] = None,
    author: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--author", metavar="TEKST",
            help="Kun commits af en forfatter, hvis navn eller e-mail indeholder teksten.",
        ),
    ] = None,
    felt: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--felt", metavar="FELT",
            help="Kun ændringer af feltet: status, tidspunkt, år, periode, emne, aktivitet, ansvarlig "
            "eller noter." + _REPEAT,
        ),
    ] = None,
    json: JsonOption = False,
    file: FileOption = None,
) -> None:  # fmt: skip
    """Planens historik i git, nyeste først: dato, forfatter, commit-besked og for hver aktivitet
    hvad der blev ændret (felt før → efter), tilføjet, fjernet og nye noter.

    Med id'er: de aktiviteters liv, fra de blev tilføjet. Historikken følger filen, også hvis den er
    omdøbt, langs første forælder (en fletning er én commit). En version, der ikke kan læses, vises
    og springes over."""
    from .memorycache import remembered

    path = planfile.find_plan_file(file, Path.cwd())
    numbers = [_activity_id(t) for t in ids or ()]

    def entries(history: History) -> list[LogEntry]:
        from .memory import log, log_filter

        chosen = log_filter(history, ids=numbers, fields=felt or (), since=since, until=until, author=author)
        return log(history, chosen)

    def text(history: History) -> str:
        """The whole answer as plain text or JSON, the same for the same HEAD: kept for next time."""
        if json:
            from .jsonout import log_json

            return log_json(entries(history))
        from .memoryrender import log_lines, plain

        return plain(log_lines(entries(history), history.scale(), ids=bool(ids)))

    by_day = all(t is None or _is_day(t) for t in (since, until))  # a branch name could move: not kept
    if (json or not sys.stdout.isatty()) and by_day:
        return _write(remembered(path, repr((json, numbers, felt, since, until, author)), text))
    from .memory import History

    history = History.open(path)
    if json or not sys.stdout.isatty():
        return _write(text(history))
    from .memoryrender import log_lines, show

    show(log_lines(entries(history), history.scale(), ids=bool(ids)), _write, _console)


def _is_day(text: str) -> bool:
    """ÅÅÅÅ-MM-DD: a day, whose meaning does not move as a branch does."""
    parts = text.strip().split("-")
    return len(parts) == 3 and [len(p) for p in parts] == [4, 2, 2] and all(p.isdigit() for p in parts)


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

"""`plan`: Typer glue. Each command parses options, calls one domain function and renders.

Danish help, usage errors and the process boundary (errors caught once) live in danish_click.py."""

from __future__ import annotations

import errno
import functools
import inspect
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, TypeVar, cast

import typer

from baeredygtig_cli import __version__
from baeredygtig_cli.cli.danish import (
    Completer,
    CompletionContext,
    CompletionItem,
    DanishCommand,
    DanishGroup,
    DanishUsageError,
    completion_script,
    find_option,
    finish_output,
    option_name,
    prepare_output,
)
from baeredygtig_cli.domain.model import Period
from baeredygtig_cli.domain.query import (
    NO_STATUS,
    Filters,
    due_on,
    due_within,
    due_within_any,
    fold_to_ascii,
    is_no_status,
    resolve_status_or_none,
    select,
)
from baeredygtig_cli.domain.timing import (
    MONTH_NAMES,
    format_period,
    help_table,
    parse_month,
    parse_timing,
    year_span,
)
from baeredygtig_cli.errors import EXIT_CHECK_FAILED, ChartTooWide, CheckFailed, PlanError
from baeredygtig_cli.planfile import disk

if TYPE_CHECKING:
    from rich.console import Console

    from baeredygtig_cli.domain.model import Activity, Note, Party, Plan
    from baeredygtig_cli.history.versions import History, LogEntry, Quiet, Series
    from baeredygtig_cli.output.terminal import Screen
    from baeredygtig_cli.planfile.conflicts import Clash
    from baeredygtig_cli.planfile.edits import Edit, FieldEdits
    from baeredygtig_cli.planfile.editsource import Source
    from baeredygtig_cli.planfile.merge import Labels


_PlanCommand = DanishCommand


def _plan_for_completion(ctx: CompletionContext) -> Plan:
    return _load(ctx.params.get("file") or ctx.find_root().params.get("file"))


def _starts(value: str, incomplete: str) -> bool:
    return fold_to_ascii(value).startswith(fold_to_ascii(incomplete))


def _complete_ids(ctx: CompletionContext, incomplete: str) -> list[CompletionItem]:
    return [
        CompletionItem(str(a.id), help=a.aktivitet)
        for a in _plan_for_completion(ctx).activities
        if str(a.id).startswith(incomplete)
    ]


def _complete_statuses(ctx: CompletionContext, incomplete: str) -> list[CompletionItem]:
    """The plan's statuses; where a status may be absent (filters, set-status), also the word for none."""
    items = [CompletionItem(s) for s in _plan_for_completion(ctx).statuses if _starts(s, incomplete)]
    if ctx.info_name != "add" and _starts(NO_STATUS, incomplete):
        items.append(CompletionItem(NO_STATUS, help="ingen status"))
    return items


def _complete_args(ctx: CompletionContext, incomplete: str) -> list[CompletionItem]:
    """`set-status ID... STATUS`: ids first, then statuses too; `ret ID... FELT=`: ids and the field
    names; `note ID... TEKST`: ids."""
    ids = _complete_ids(ctx, incomplete)
    if ctx.info_name == "ret":
        fields = [CompletionItem(f"{f}=") for f in _FIELDS if f.startswith(incomplete)]
        return [*ids, *fields]
    if ctx.info_name == "set-status" and ctx.params.get("args"):
        return [*_complete_statuses(ctx, incomplete), *ids]
    return ids


def _complete_emner(ctx: CompletionContext, incomplete: str) -> list[CompletionItem]:
    emner = dict.fromkeys(e for a in _plan_for_completion(ctx).activities for e in a.emne)
    return [CompletionItem(e) for e in emner if _starts(e, incomplete)]


def _complete_parties(ctx: CompletionContext, incomplete: str) -> list[CompletionItem]:
    """The declared parties' names; a party found by an alias is offered by its name."""
    parties = _plan_for_completion(ctx).parties
    return [
        CompletionItem(p.name, help=p.kind)
        for p in parties
        if any(_starts(form, incomplete) for form in p.forms)
    ]


def _complete_months(ctx: CompletionContext, incomplete: str) -> list[CompletionItem]:
    return [CompletionItem(m) for m in MONTH_NAMES if _starts(m, incomplete)]


def _complete_files(ctx: CompletionContext, incomplete: str) -> list[CompletionItem]:
    return [CompletionItem(incomplete, type="file")]


def _complete_shells(ctx: CompletionContext, incomplete: str) -> list[CompletionItem]:
    return [CompletionItem(shell) for shell in SHELL_NAMES if shell.startswith(incomplete)]


def _complete_formats(ctx: CompletionContext, incomplete: str) -> list[CompletionItem]:
    from baeredygtig_cli.output.export import FORMATS

    return [CompletionItem(name) for name in FORMATS if name.startswith(incomplete.lower())]


def _complete_groupings(ctx: CompletionContext, incomplete: str) -> list[CompletionItem]:
    """`--efter`: emne, ansvarlig or part in summary; only emne in timeline and export."""
    names = ("emne", "ansvarlig", "part") if ctx.info_name == "summary" else ("emne",)
    return [CompletionItem(name) for name in names if _starts(name, incomplete)]


def _complete_orders(ctx: CompletionContext, incomplete: str) -> list[CompletionItem]:
    from baeredygtig_cli.domain.ordering import SORT_NAMES

    return [CompletionItem(name) for name in SORT_NAMES if _starts(name, incomplete)]


SHELL_NAMES = ("bash", "zsh", "fish")


class _PlanGroup(DanishGroup):
    completers: ClassVar[Mapping[str, Completer]] = {
        "activity_id": _complete_ids,
        "args": _complete_args,
        "ids": _complete_ids,
        "status": _complete_statuses,
        "emne": _complete_emner,
        "part": _complete_parties,
        "tovholder": _complete_parties,
        "month": _complete_months,
        "file": _complete_files,
        "files": _complete_files,
        "output": _complete_files,
        "shell": _complete_shells,
        "format": _complete_formats,
        "by": _complete_groupings,
        "sort": _complete_orders,
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


def _file_or_root(ctx: typer.Context, value: Path | None) -> Path | None:
    """`plan -f x.yaml list` and `plan list -f x.yaml` both: after the command wins, then before it
    (or $PLAN_FILE, which the group reads)."""
    return value if value is not None else ctx.find_root().params.get("file")


_FILE_HELP = "Planfilen. Ellers $PLAN_FILE, ellers plan.yaml her eller i nærmeste overmappe."

FileOption = Annotated[
    Path | None,
    typer.Option(
        "--fil", "-f", "--file", metavar="STI", show_default=False, dir_okay=True, readable=False,
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
        Path | None,
        typer.Option(
            "--fil", "-f", "--file", envvar="PLAN_FILE", show_envvar=True, metavar="STI", show_default=False,
            dir_okay=True, readable=False, help=_FILE_HELP + " Kan også stå efter kommandoen.",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", is_eager=True, callback=_show_version, help="Vis versionen og afslut."),
    ] = False,
) -> None:  # fmt: skip
    """Implementeringsplanen for bæredygtig udvikling som én YAML-fil i git."""


def _not_blank(ctx: typer.Context, param: typer.CallbackParam, value: str | None) -> str | None:
    """A text that must say something: refused where the option is read."""
    if value is not None and not value.strip():
        raise DanishUsageError(f"{option_name(param, ctx)} må ikke være tom", ctx)
    return value


def _not_empty(ctx: typer.Context, param: typer.CallbackParam, values: list[str] | None) -> list[str]:
    """A text filter given as '' would match everything: refuse it where the option is read."""
    if any(not value.strip() for value in values or ()):
        raise DanishUsageError(f"{option_name(param, ctx)} må ikke være tom", ctx)
    return list(values or ())


def _months(ctx: typer.Context, param: typer.CallbackParam, values: list[str] | None) -> list[str]:
    """Each month must be one: refused where the option is read. The plan's year, which a month
    without its own year takes, is added when the plan is read (`_filters`)."""
    for value in values or ():
        parse_month(value, _ANY_YEAR)
    return list(values or ())


_ANY_YEAR = 2000  # a leap year: whether a text names a month does not depend on the year


_REPEAT = " Kan gentages (en af dem)."
JsonOption = Annotated[bool, typer.Option("--json", help="Skriv JSON (en kontrakt: se README).")]
AnsvarligOption = Annotated[
    list[str] | None,
    typer.Option(
        "--ansvarlig", "-a", metavar="TEKST", callback=_not_empty,
        help="Kun hvor ansvarlig indeholder teksten (æ=ae, ø=oe, å=aa)." + _REPEAT,
    ),
]  # fmt: skip
EmneOption = Annotated[
    list[str] | None,
    typer.Option(
        "--emne", "-e", metavar="TEKST", callback=_not_empty,
        help="Kun aktiviteter med et emne, der indeholder teksten." + _REPEAT,
    ),
]  # fmt: skip
StatusOption = Annotated[
    list[str] | None,
    typer.Option(
        "--status", "-s", metavar="STATUS",
        help=f"Kun denne status (fx 'i gang'; et entydigt præfiks er nok; '{NO_STATUS}': uden status)."
        + _REPEAT,
    ),
]  # fmt: skip
MonthOption = Annotated[
    list[str] | None,
    typer.Option(
        "--måned", "-m", "--month", metavar="MÅNED", callback=_months,
        help="Kun aktiviteter, der berører måneden: 'marts', 'mar', '3', 'marts 2021'." + _REPEAT,
    ),
]  # fmt: skip
SearchOption = Annotated[
    list[str] | None,
    typer.Option(
        "--søg",
        "-q",
        "--search",
        metavar="TEKST",
        callback=_not_empty,
        help="Fritekstsøgning i alle felter." + _REPEAT,
    ),
]
PartOption = Annotated[
    list[str] | None,
    typer.Option(
        "--part", metavar="PART", callback=_not_empty,
        help="Kun hvor ansvarlig nævner parten (se plan parter), som tovholder eller medvirkende: "
        "dens navn, et alias eller en entydig del af dem." + _REPEAT,
    ),
]  # fmt: skip
TovholderOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tovholder", metavar="PART", callback=_not_empty,
        help="Kun hvor parten er tovholder: den første part, ansvarlig nævner." + _REPEAT,
    ),
]  # fmt: skip


def _load(file: Path | None, per: str | None = None) -> Plan:
    """The plan: the working copy, or with `--per` the version in git at that day or revision (said
    in one line on stderr, so that a table or a JSON answer on stdout stays as it is)."""
    path = disk.find_plan_file(file, Path.cwd())
    if per is None:
        from baeredygtig_cli.planfile.kept import load_plan

        return load_plan(path)
    from baeredygtig_cli.history.gitrepo import plan_as_of

    as_of = plan_as_of(path, per)
    print(f"plan: {as_of.said}", file=sys.stderr)
    return as_of.plan


PerOption = Annotated[
    str | None,
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


def _screen() -> Screen:
    """Where `plan list`, `plan due` and the plan's memory draw, without Rich's Console (screen.py)."""
    from baeredygtig_cli.output.terminal import Screen

    return Screen.detect()


def _write(text: str) -> None:
    """Write in pieces: after one huge write into a pipe whose reader left, CPython's buffered writer
    reports the part it wrote and drops the error, so `plan list --json | head` would exit 0."""
    for start in range(0, len(text), 1 << 16):
        sys.stdout.write(text[start : start + (1 << 16)])
    sys.stdout.flush()


@dataclass(frozen=True, slots=True)
class FilterTexts:
    """The filter options as given, before the plan gives them their meaning (its statuses, its year)."""

    ansvarlig: tuple[str, ...] = ()
    emne: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    month: tuple[str, ...] = ()
    search: tuple[str, ...] = ()
    part: tuple[str, ...] = ()
    tovholder: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        given = (self.ansvarlig, self.emne, self.status, self.month, self.search, self.part, self.tovholder)
        return any(given)


NO_FILTERS = FilterTexts()  # a `filters` parameter's default; `_with_filters` gives the options theirs


# The filter options: one definition for every command that selects activities (`_with_filters`).
_FILTER_OPTIONS = {
    "ansvarlig": AnsvarligOption,
    "emne": EmneOption,
    "status": StatusOption,
    "month": MonthOption,
    "search": SearchOption,
    "part": PartOption,
    "tovholder": TovholderOption,
}

Command = TypeVar("Command", bound="Callable[..., None]")


def _with_filters(command: Command) -> Command:
    """Give a command the filter options of `_FILTER_OPTIONS` (-a, -e, -s, -m, -q, --part, --tovholder),
    which it receives as one `filters: FilterTexts` parameter. Typer reads the signature made here, so
    the options stand in the help (and complete) where `filters` stands in the command's signature."""
    return cast("Command", _WithFilters(command))


class _WithFilters:
    """A command with the filter options in its signature. Typer reads `__signature__` and
    `__annotations__` only of the command it builds (one per process, `_only_the_invoked_command`),
    so they are worked out then, not for all eight commands at import (~2 ms)."""

    def __init__(self, command: Callable[..., None]) -> None:
        functools.update_wrapper(
            self, command, assigned=("__module__", "__name__", "__qualname__", "__doc__")
        )
        self._command = command

    def __call__(self, **options: Any) -> None:
        texts = FilterTexts(**{name: tuple(options.pop(name) or ()) for name in _FILTER_OPTIONS})
        return self._command(**options, filters=texts)

    @functools.cached_property
    def _signature(self) -> inspect.Signature:
        signature = inspect.signature(self._command, eval_str=True)
        parameters: list[inspect.Parameter] = []
        for parameter in signature.parameters.values():
            if parameter.name != "filters":
                parameters.append(parameter)
                continue
            parameters += [
                inspect.Parameter(name, parameter.kind, default=None, annotation=annotation)
                for name, annotation in _FILTER_OPTIONS.items()
            ]
        return signature.replace(parameters=parameters)

    @property
    def __signature__(self) -> inspect.Signature:
        return self._signature

    @property
    def __annotations__(self) -> dict[str, Any]:  # type: ignore[override]
        return {p.name: p.annotation for p in self._signature.parameters.values()} | {"return": None}


def _filters(plan: Plan, texts: FilterTexts) -> Filters:
    """The filters as the plan reads them: a status is one of its statuses (or none), a month
    without a year is in the plan's year, a party one of its declared parties."""
    by_party: dict[str, tuple[Party, ...]] = {}  # the party filters, read only when given
    if texts.part or texts.tovholder:
        from baeredygtig_cli.domain.parties import resolve_party

        by_party = {
            "part": tuple(resolve_party(p, plan.parties) for p in texts.part),
            "tovholder": tuple(resolve_party(p, plan.parties) for p in texts.tovholder),
            "parties": plan.parties,
        }
    return Filters(
        ansvarlig=texts.ansvarlig,
        emne=texts.emne,
        status=tuple(resolve_status_or_none(s, plan.statuses) for s in texts.status),
        period=tuple(parse_month(m, plan.year) for m in texts.month),
        search=texts.search,
        **by_party,
    )


def _selection(
    file: Path | None, filters: FilterTexts, per: str | None = None
) -> tuple[Plan, list[Activity]]:
    """The plan (with `per`, the plan as it stood then) and its activities that pass the filters."""
    plan = _load(file, per)
    return plan, select(plan.activities, _filters(plan, filters))


def _sort_order(ctx: typer.Context, param: typer.CallbackParam, value: str | None) -> str | None:
    """`--sorter`: the name of one of ordering.py's orders."""
    if value is None:
        return None
    from baeredygtig_cli.domain.ordering import parse_sort

    return parse_sort(value)


@app.command("list", cls=_PlanCommand, short_help="Vis aktiviteterne, evt. filtreret.")
@_with_filters
def list_command(
    filters: FilterTexts,
    sort: Annotated[
        str | None,
        typer.Option(
            "--sorter",
            "--sort",
            metavar="tidspunkt|status|ansvarlig|id",
            callback=_sort_order,
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
    plan, activities = _selection(file, filters, per)
    if sort is not None:
        from baeredygtig_cli.domain.ordering import sort_activities

        activities = sort_activities(activities, sort, plan.statuses)
    if json:
        from baeredygtig_cli.output.jsonout import activities_json

        _write(activities_json(activities))
        return
    from baeredygtig_cli.output.lists import print_activities

    print_activities(_screen(), plan, activities)


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

        return _write(period_json(text, year, period))
    from baeredygtig_cli.output.views import print_period

    print_period(_console(), text, period)


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
        return _today(None).year


@app.command("check", cls=_PlanCommand, short_help="Tjek plan.yaml for fejl.")
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
    file: FileOption = None,
) -> None:
    """Tjek plan.yaml: intet output og exit 0, når alt er i orden; ellers én linje pr. fejl og exit 1.

    En fil, der slet ikke kan læses, giver exit 2. Flere filer tjekkes alle, og exit-koden er den
    værste."""
    from baeredygtig_cli.history.driver import merge_problems
    from baeredygtig_cli.planfile import schema

    paths = files or [disk.find_plan_file(file, Path.cwd())]
    worst = 0
    for path in paths:
        try:
            parsed = schema.parse_plan(disk.read_text(path), path, check_parties=True)
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
            _write("".join(lines))
            worst = max(worst, EXIT_CHECK_FAILED)
    if worst:
        raise typer.Exit(worst)


def _day(ctx: typer.Context, param: typer.CallbackParam, text: str | None) -> date | None:
    """`--i-dag ÅÅÅÅ-MM-DD` as a date, read where the option is read: 2099-02-31 is no day."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise PlanError(
            f"ugyldig dato for {option_name(param, ctx)}: {text!r} (skriv ÅÅÅÅ-MM-DD, fx 2020-06-15)"
        ) from None


TodayOption = Annotated[
    date | None,
    typer.Option(
        "--i-dag", "-t", "--today", metavar="DATO", parser=str, callback=_day, show_default=False,
        help="Dagen at regne fra, ÅÅÅÅ-MM-DD (ellers i dag).",
    ),
]  # fmt: skip
AllOption = Annotated[bool, typer.Option("--alle", help="Tag også afsluttede aktiviteter med.")]
DryRunOption = Annotated[bool, typer.Option("--dry-run", "-n", help="Vis ændringen som diff; skriv intet.")]


def _now() -> datetime:
    """The only place the clock is read: the local time, with its offset from UTC."""
    return datetime.now(timezone.utc).astimezone()


def _today(day: date | None) -> date:
    """`--i-dag` if given, else the local date from the clock (`_now`)."""
    return day if day is not None else _now().date()


def _answer_day(today: date | None, per: str | None, file: Path | None) -> date:
    """The day to answer for: --i-dag if given; else the day --per names (a date, or the date of the
    commit a revision names); else today."""
    if today is not None or per is None:
        return _today(today)
    from baeredygtig_cli.history.gitrepo import day_of

    return day_of(disk.find_plan_file(file, Path.cwd()), per)


QUIET_DAYS = 60
QuietDaysOption = Annotated[
    int,
    typer.Option(
        "--dage", metavar="N",
        help="Så mange dage uden ændring af status eller noter gør en aktivitet stille.",
    ),
]  # fmt: skip


def _parse_week(text: str, year: int) -> Period:
    try:
        return parse_timing(f"uge {text}", year)
    except PlanError:
        raise PlanError(f"ugyldig uge {text!r} (skriv fx 12 eller '12 2021')") from None


def _flag(ctx: typer.Context, name: str) -> str:
    """The option called `name` in the command, as the user typed it (or by its Danish name)."""
    param = find_option(ctx, name)
    assert param is not None, name
    return option_name(param, ctx)


def _checking(*checks: Callable[[typer.Context], None]) -> type[DanishCommand]:
    """A command class that runs `checks` once every option is parsed (see DanishCommand)."""
    return type("_CheckedCommand", (_PlanCommand,), {"checks": checks})


def _month_or_week(ctx: typer.Context) -> None:
    if ctx.params.get("month") and ctx.params.get("week") is not None:
        raise PlanError(f"brug enten {_flag(ctx, 'month')} eller {_flag(ctx, 'week')}, ikke begge")


@app.command(
    "due",
    cls=_checking(_month_or_week),
    short_help="Hvad der kører nu, hvad der er forsinket, og hvad en måned eller uge byder på.",
)
@_with_filters
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
    plan, activities = _selection(file, replace(filters, month=()), per)
    day = _answer_day(today, per, file)
    if not month and week is None:
        due = due_on(activities, day, finished=plan.finished_status, include_finished=alle)
        open_ = [a for a in (*due.current, *due.overdue) if not plan.is_finished(a)]
        if stille:
            return _quiet(file, per, plan, open_, day, dage, json=json, kort=kort)
        if json:
            from baeredygtig_cli.output.jsonout import due_json

            return _write(due_json(due.current, due.overdue, day, plan.finished_status))
        from baeredygtig_cli.output.lists import print_due

        screen = _screen()
        print_due(screen, plan, due, selected=len(activities), compact=kort)
        quiet = _quiet_or_none(file, per, plan, open_, day, dage)
        if quiet:
            from baeredygtig_cli.output.historyviews import quiet_flag, show

            hint = _quiet_hint(dage, today, per, file, filters)
            show(quiet_flag(quiet, dage, hint), _write, lambda: screen)
        return None
    if month:
        months = [parse_month(m, plan.year) for m in month]
        title = ", ".join(f"{MONTH_NAMES[p.start.month - 1]} {p.start.year}" for p in months).capitalize()
        found = due_within_any(activities, months, finished=plan.finished_status, include_finished=alle)
    else:
        period = _parse_week(str(week), plan.year)
        title = f"Uge {period.start.isocalendar()[1]} ({format_period(period)})"
        found = due_within(activities, period, finished=plan.finished_status, include_finished=alle)
    if json:
        from baeredygtig_cli.output.jsonout import due_json

        return _write(due_json(found, [], day, plan.finished_status))
    from baeredygtig_cli.output.lists import print_due_within

    print_due_within(_screen(), plan, title, found, day, selected=len(activities), compact=kort)


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
    """Alt om én aktivitet, også hvordan tidspunktet læses, og hvor den står i plan.yaml; i git
    også dens seneste ændringer: hvornår, af hvem og hvad."""
    plan = _load(file, per)
    activity = plan.activity(_activity_id(activity_id))
    if activity is None:
        raise PlanError(f"ukendt id: {activity_id}; se 'plan list'")
    changes = _activity_history(file, activity.id, per)
    if json:
        from baeredygtig_cli.output.jsonout import show_json

        return _write(show_json(activity, plan.year, changes))
    from baeredygtig_cli.output.views import print_activity

    location = f"{disk.display_path(plan.path or Path(disk.PLAN_FILENAME))}, linje {activity.line}"
    if per is not None:
        location += f" i versionen --per {per}"
    said = None
    if changes is not None:
        from baeredygtig_cli.output.historyviews import activity_change_said

        said = [activity_change_said(c) for c in changes]
    print_activity(_console(), activity, location, scale=plan.scale, history=said)


def _activity_history(file: Path | None, activity_id: int, per: str | None) -> list[dict[str, Any]] | None:
    """`plan show`'s history of one activity as JSON records, kept for the same HEAD (one `git
    rev-parse` and a small file when asked again); None outside git, where show says nothing of it."""
    import json

    from baeredygtig_cli.history.versioncache import remembered

    def work(history: History) -> tuple[str, str]:
        from baeredygtig_cli.history.versions import activity_changes
        from baeredygtig_cli.output.jsonout import activity_change_records, to_json

        return to_json(activity_change_records(activity_changes(history, activity_id))), ""

    path = disk.find_plan_file(file, Path.cwd())
    try:
        if per is None or _is_day(per):
            text, _ = remembered(path, repr(("show", activity_id)), work, per)
        else:  # a branch name could move: not kept
            from baeredygtig_cli.history.versions import History

            text, _ = work(History.open(path, per))
    except PlanError:
        return None
    found: list[dict[str, Any]] = json.loads(text)
    return found


YesOption = Annotated[
    bool, typer.Option("--ja", "-y", help="Bekræft ændringen af flere end 3 aktiviteter uden at spørge.")
]
NoteOption = Annotated[
    str | None,
    typer.Option(
        "--note",
        metavar="TEKST",
        help="En dateret note om hvorfor (gemmes under noter:).",
        callback=_not_blank,
    ),
]
AuthorOption = Annotated[
    str | None,
    typer.Option("--af", metavar="NAVN", help="Hvem noten er fra (ellers git's user.name, hvis den findes)."),
]
CONFIRM_ABOVE = 3  # more activities than this at once: ask first (or --ja)


@app.command("set-status", cls=_PlanCommand, short_help="Sæt status på en eller flere aktiviteter.")
@_with_filters
def set_status_command(
    args: Annotated[
        list[str],
        typer.Argument(
            metavar="[ID...] STATUS",
            help="Id'er (eller filtre) og til sidst den nye status; 'ingen' fjerner den.",
        ),
    ],
    filters: FilterTexts = NO_FILTERS,
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
    from baeredygtig_cli.planfile.edits import FieldEdits

    *id_texts, status_text = args
    picked = _Picked(id_texts, filters)
    path = disk.find_plan_file(file, Path.cwd())
    written = _note(note, af, today, path)

    def edits(source: Source) -> FieldEdits:
        if is_no_status(status_text, source.plan.statuses):
            return FieldEdits(clear_status=True, note=written)
        return FieldEdits(status=status_text, note=written)

    _edit_picked(path, picked, edits, ja=ja, dry_run=dry_run)


@app.command(
    "ret", cls=_PlanCommand, short_help="Ret felter: tidspunkt, år, emne, aktivitet, ansvarlig, status."
)
@_with_filters
def ret_command(
    args: Annotated[
        list[str],
        typer.Argument(
            metavar="[ID...] FELT=VÆRDI...", help="Id'er (eller filtre) og de felter, der skal rettes."
        ),
    ],
    filters: FilterTexts = NO_FILTERS,
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
    from baeredygtig_cli.planfile.edits import FieldEdits

    id_texts = [a for a in args if "=" not in a]
    edits = _field_edits([a for a in args if "=" in a], nyt_emne)
    picked = _Picked(id_texts, filters)
    path = disk.find_plan_file(file, Path.cwd())
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
@_with_filters
def note_command(
    args: Annotated[
        list[str],
        typer.Argument(metavar="[ID...] TEKST", help="Id'er (eller filtre) og til sidst notens tekst."),
    ],
    filters: FilterTexts = NO_FILTERS,
    af: AuthorOption = None,
    today: TodayOption = None,
    ja: YesOption = False,
    dry_run: DryRunOption = False,
    file: FileOption = None,
) -> None:
    """Skriv en note på en aktivitet: hvorfor den er forsinket, hvad der sker nu. Noten får dagens
    dato og, hvis git kender dit navn, dit navn; den står under noter: i plan.yaml og i plan show.

    Fx: plan note 18 "Udskudt til efteråret; venter på budget"."""
    from baeredygtig_cli.planfile.edits import FieldEdits

    *id_texts, text = args
    if not text.strip():
        raise PlanError("noten må ikke være tom")
    path = disk.find_plan_file(file, Path.cwd())
    written = _note(text, af, today, path)
    picked = _Picked(id_texts, filters)
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
    from baeredygtig_cli.planfile.edits import change_plan, remove_activities

    numbers = [_activity_id(t) for t in ids]
    path = disk.find_plan_file(file, Path.cwd())
    if len(set(numbers)) > CONFIRM_ABOVE and not dry_run and not ja:
        preview, _ = change_plan(path, lambda source: remove_activities(source, numbers), dry_run=True)
        _confirm(preview.summary, "fjerne")
        change_plan(path, lambda source: remove_activities(source, numbers))
        return _write(f"{len(preview.summary)} aktiviteter fjernet.\n")
    _report(*change_plan(path, lambda source: remove_activities(source, numbers), dry_run=dry_run), dry_run)


class _Picked:
    """Which activities an edit is for: ids, or the filters of 'plan list' (not both)."""

    def __init__(self, id_texts: list[str], filters: FilterTexts) -> None:
        self.ids = [_activity_id(t) for t in id_texts]
        self.filters = filters
        if self.ids and filters:
            raise PlanError("vælg aktiviteterne med id'er eller med filtre, ikke begge")
        if not self.ids and not filters:
            raise PlanError("angiv mindst ét id eller et filter (fx -a, -e, -s, -m, -q)")

    def ids_in(self, source: Source) -> list[int]:
        if self.ids:
            return self.ids
        from baeredygtig_cli.planfile.schema import build_activity

        plan = source.plan
        activities = [
            build_activity(n, plan, source.path) for nodes in source.index.nodes.values() for n in nodes
        ]
        chosen = [a.id for a in select(activities, _filters(plan, self.filters))]
        if not chosen:
            raise PlanError("ingen aktiviteter passer til filtrene; intet er ændret")
        return chosen


def _edit_picked(
    path: Path, picked: _Picked, edits: Callable[[Source], FieldEdits], *, ja: bool, dry_run: bool
) -> None:
    """Show, ask above 3 (or take --ja), then change all the picked activities in one write."""
    from baeredygtig_cli.planfile.edits import UnknownEmne, change_activities, change_plan

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


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


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
    from baeredygtig_cli.planfile.edits import FieldEdits

    texts: dict[str, str] = {}  # tidspunkt, aktivitet, ansvarlig, status
    year: int | None = None
    clear_year = clear_status = False
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
                    year = int(value)
                except ValueError:
                    raise PlanError(f"år skal være et heltal, ikke {value!r}") from None
            else:
                clear_year = True
        elif name == "status" and not value.strip():
            clear_status = True
        elif name in texts:
            raise PlanError(f"{name} er givet to gange")
        else:
            texts[name] = value
    return FieldEdits(
        tidspunkt=texts.get("tidspunkt"),
        year=year,
        clear_year=clear_year,
        emne=tuple(replaced_emne) if replaced_emne else None,
        add_emne=tuple(added),
        remove_emne=tuple(removed),
        aktivitet=texts.get("aktivitet"),
        ansvarlig=texts.get("ansvarlig"),
        status=texts.get("status"),
        clear_status=clear_status,
        new_emne=new_emne,
    )


def _note(text: str | None, author: str | None, today: date | None, path: Path) -> Note | None:
    """A note dated today (`_today`), by --af or git's user.name."""
    if text is None:
        return None
    from baeredygtig_cli.domain.model import Note
    from baeredygtig_cli.history.gitrepo import git_user_name

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
        str | None,
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
    from baeredygtig_cli.planfile.edits import NewActivity, UnknownEmne, add_activity, change_plan

    new = NewActivity(tidspunkt, tuple(emne), aktivitet, ansvarlig, status, new_emne=nyt_emne)
    path = disk.find_plan_file(file, Path.cwd())
    try:
        result = change_plan(path, lambda source: add_activity(source, new), dry_run=dry_run)
    except UnknownEmne as error:
        raise PlanError(f"{error}; brug --nyt-emne for at oprette et nyt emne") from None
    _report(*result, dry_run)


def _report(edit_result: Edit, source: Source, dry_run: bool) -> None:
    """A dry run shows the diff it would make; a real one says what changed, one line each (and,
    once the file is written in a git work tree without plan's merge driver, how to set it up)."""
    from baeredygtig_cli.planfile.edits import diff

    _write(
        diff(source, edit_result.text) if dry_run else "".join(f"{line}\n" for line in edit_result.summary)
    )
    if not dry_run and edit_result.text != source.text:
        from baeredygtig_cli.history.driver import is_registered

        if is_registered(source.path) is False:
            print(
                "plan: tip: kør 'plan git-opsætning', så git fletter kollegers ændringer pr. aktivitet",
                file=sys.stderr,
            )


def _grouping(ctx: typer.Context, param: typer.CallbackParam, value: str) -> str:
    """`summary --efter`: emne, ansvarlig or part (any case)."""
    from baeredygtig_cli.domain.summary import GROUPINGS

    grouping = value.strip().casefold()
    if grouping not in GROUPINGS:
        choices = f"{', '.join(GROUPINGS[:-1])} eller {GROUPINGS[-1]}"
        raise PlanError(f"{option_name(param, ctx)} skal være {choices}, ikke {value!r}")
    return grouping


def _emne_only(ctx: typer.Context, param: typer.CallbackParam, value: str | None) -> str | None:
    """`timeline --efter` and `export --efter`: only emne (any case) is a grouping there."""
    if value is not None and value.strip().casefold() != "emne":
        raise PlanError(f"{option_name(param, ctx)} kan kun være 'emne', ikke {value!r}")
    return None if value is None else "emne"


@app.command("summary", cls=_PlanCommand, short_help="Status på planen: antal, andel afsluttet, forsinkede.")
@_with_filters
def summary_command(
    by: Annotated[
        str,
        typer.Option(
            "--efter",
            "-b",
            "--by",
            metavar="emne|ansvarlig|part",
            callback=_grouping,
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
    plan, activities = _selection(file, filters, per)
    if over_tid:
        return _progress(file, per, plan, _answer_day(today, per, file), uger, json, _filters(plan, filters))
    from baeredygtig_cli.domain.summary import summarize

    summary = summarize(activities, plan.scale, _answer_day(today, per, file), by=by, parties=plan.parties)
    if json:
        from baeredygtig_cli.output.jsonout import summary_json

        return _write(summary_json(summary))
    from baeredygtig_cli.output.views import print_summary

    print_summary(_console(), plan, summary)


@app.command("parter", cls=_PlanCommand, short_help="Planens parter: hvem er tovholder, hvem er med.")
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

    plan = _load(file)
    counts, unnamed = count_parties(plan.activities, plan.parties)
    proposals = propose([a.ansvarlig for a in plan.activities]) if forslag or not plan.parties else None
    if json:
        from baeredygtig_cli.output.jsonout import parties_json

        return _write(parties_json(counts, unnamed, proposals))
    if proposals is not None:
        from baeredygtig_cli.domain.parties import proposal_yaml

        return _write(proposal_yaml(proposals))
    from baeredygtig_cli.output.views import print_parties

    print_parties(_console(), plan, counts, unnamed)


@app.command("timeline", cls=_PlanCommand, short_help="Planen som Gantt-diagram i terminalen.")
@_with_filters
def timeline_command(
    by: Annotated[
        str | None,
        typer.Option(
            "--efter",
            "-b",
            "--by",
            metavar="emne",
            callback=_emne_only,
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

    plan, activities = _selection(file, filters, per)
    span = parse_timing(periode, plan.year) if periode else year_span(plan.year)
    try:
        units = units_for(span, weeks=weeks)
    except ChartTooWide as error:
        raise PlanError(f"{error}; vælg en kortere --periode") from None
    chart = (emne_chart if by else activity_chart)(activities, units)
    from baeredygtig_cli.output.views import print_timeline

    print_timeline(_console(), plan, chart, _answer_day(today, per, file))


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
    flags = {name: _flag(ctx, name) for name in refused}

    def taking(name: str) -> str:
        return " eller ".join(f.name for f in FORMATS.values() if _FORMAT_FLAGS[name] in f.takes)

    if len(refused) == 1:
        raise PlanError(f"{flags[refused[0]]} virker kun med formatet {taking(refused[0])}, ikke med {kind}")
    if refused:
        where = ", ".join(f"{flags[name]} kun med {taking(name)}" for name in refused)
        raise PlanError(f"{' og '.join(flags.values())} virker ikke med formatet {kind} ({where})")


@app.command(
    "export", cls=_checking(_flags_fit_format), short_help="Skriv planen som csv, ics, md, html eller xlsx."
)
@_with_filters
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
            callback=_emne_only,
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
    Filtrene fra 'plan list' virker også her."""
    from baeredygtig_cli.output import export
    from baeredygtig_cli.output.export import FORMATS

    chosen = FORMATS[format]
    if chosen.binary and output in (None, "-") and _stdout_is_terminal():
        raise PlanError(f"{format} er ikke tekst; skriv den til en fil med -o, fx -o plan.{format}")
    plan, activities = _selection(file, filters, per)
    stamp = _now().astimezone(timezone.utc).replace(microsecond=0)
    day = _answer_day(today, per, file)
    series = _series_or_none(file, per, plan, day, _filters(plan, filters)) if chosen.history else None
    options = export.ExportOptions(day, stamp, excel=excel, by_emne=by is not None, series=series)
    data = chosen.write(plan, activities, options)
    export.write_output(data, output)
    if output not in (None, "-"):
        print(f"plan: {export.wrote_message(len(activities), output)}", file=sys.stderr)


TitleOption = Annotated[
    str | None,
    typer.Option("--titel", "--title", metavar="TEKST", help="En ny plans titel.", callback=_not_blank),
]
YearOption = Annotated[
    int | None,
    typer.Option(
        "--år", "--aar", "--year", metavar="ÅR", help="En ny plans år (ellers i år).", show_default=False
    ),
]


def _new_year(year: int | None) -> int:
    """A new plan's `år`: as given, else this year (the clock, read in `_today`)."""
    from baeredygtig_cli.planfile.schema import PLAUSIBLE_YEARS

    if year is None:
        return _today(None).year
    if year not in PLAUSIBLE_YEARS:
        raise PlanError(f"år {year} er ikke et muligt år (skriv et år mellem 1900 og 2200)")
    return year


@app.command("init", cls=_PlanCommand, short_help="Opret en ny plan.yaml med kommentarer.")
def init_command(titel: TitleOption = None, year: YearOption = None, file: FileOption = None) -> None:
    """Opret en ny plan.yaml i mappen, du står i: titel, år, statusser og én eksempel-aktivitet, med
    kommentarer, der forklarer formatet. En fil, der findes, overskrives aldrig (--file vælger en
    anden). En tabel fra Word eller Excel bliver til en ny plan med 'plan import FIL'."""
    from baeredygtig_cli.planfile.newplan import DEFAULT_TITLE, plan_text, proved

    path = file if file is not None else Path(disk.PLAN_FILENAME)
    shown = disk.display_path(path)
    chosen_year = _new_year(year)
    if os.path.lexists(path):
        raise PlanError(f"{shown} findes allerede; plan init overskriver aldrig en plan (brug --file FIL)")
    text = plan_text(titel or DEFAULT_TITLE, chosen_year)
    proved(text, path)
    disk.create_exclusively(path, text.encode("utf-8"))
    _write(
        f"Oprettede {shown} ({titel or DEFAULT_TITLE}, {chosen_year}): ret eksemplet, tilføj med "
        "'plan add', og tjek med 'plan check'.\n"
    )


@app.command("import", cls=_PlanCommand, short_help="Hent aktiviteter fra en tabel i Word, Excel eller csv.")
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
            "--også-ulæselige", "--ogsaa-ulaeselige",
            help="Importér også rækker, hvis tidspunkt ikke kan læses (som tekst, til at rette bagefter).",
        ),
    ] = False,
    titel: TitleOption = None,
    year: YearOption = None,
    dry_run: DryRunOption = False,
    file: FileOption = None,
) -> None:  # fmt: skip
    """Hent aktiviteterne fra en tabel: en Word-tabel (.docx), et Excel-ark (.xlsx), csv (komma eller
    semikolon, som 'plan export --format csv --excel' skriver den) eller tabulatorsepareret tekst.

    Overskriftsrækken findes af sig selv (TIDSPUNKT/Tid/Hvornår, EMNE/Tema,
    AKTIVITET/Handling/Indsats, ANSVARLIG/TOVHOLDER/Ansvar, STATUS, ID); --kolonne siger det, hvor
    navnene er andre.
    En række med én udfyldt celle er en gennemgående indsats; et tomt EMNE er emnet fra rækken over.
    Rækker, der ikke kan læses, vises, og intet importeres.

    Uden en plan bliver tabellen en ny plan.yaml (--titel og --år). Med en plan ændres hver række
    med et ID den aktivitet, rækker uden ID tilføjes som nye (undtagen dem, planen allerede har), og
    intet fjernes. Samme fil importeret igen ændrer intet. --dry-run viser ændringen uden at skrive."""
    from baeredygtig_cli.planfile.importing import (
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
    reading = read_table(source, overrides)
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
        _write("".join(f"{problem}\n" for problem in refused.problems))
        raise PlanError(str(refused)) from None
    kept = "".join(f"{line}; beholdt som tekst: ret den (plan check viser den)\n" for line in outcome.kept)
    closing = "".join(f"{line}\n" for line in outcome.closing)
    if dry_run and exists:
        return _write(shown_diff + kept + closing)
    _write(kept + "".join(f"{line}\n" for line in outcome.lines) + closing)


def _quiet(
    file: Path | None,
    per: str | None,
    plan: Plan,
    candidates: list[Activity],
    day: date,
    days: int,
    *,
    json: bool,
    kort: bool = False,
) -> None:
    """`plan due --stille`: the quiet ones, with their last change; with `kort`, one line each. In a
    shallow clone whose history the answer reaches the start of, one line on stderr says so."""
    from baeredygtig_cli.history.versions import History, quiet

    history = History.open(disk.find_plan_file(file, Path.cwd()), per)
    answer = quiet(history, plan, candidates, day, days=days, working_copy=per is None)
    if answer.cut is not None:
        from baeredygtig_cli.output.historyviews import cut_said

        print(f"plan: {cut_said(answer.cut, len(answer.undecided))}", file=sys.stderr)
    if json:
        from baeredygtig_cli.output.jsonout import quiet_json

        return _write(quiet_json(answer.found, day))
    from baeredygtig_cli.output.historyviews import quiet_lines, show

    screen = _screen()
    width = screen.width if kort else None  # as `plan due --kort`: the activity cut to the width
    show(quiet_lines(answer.found, day, days, plan.scale, compact=width), _write, lambda: screen)


def _quiet_hint(
    days: int, today: date | None, per: str | None, file: Path | None, filters: FilterTexts
) -> str:
    """The command that lists what `plan due` flagged: `plan due --stille` with the options that make
    its answer the same one (the filters, --dage, --i-dag, --per, --fil)."""
    import shlex

    words = ["plan due --stille"]  # option names as they are; values quoted for the shell
    named = (
        ("--ansvarlig", filters.ansvarlig), ("--emne", filters.emne), ("--status", filters.status),
        ("--søg", filters.search), ("--part", filters.part), ("--tovholder", filters.tovholder),
    )  # fmt: skip
    words += [f"{option} {shlex.quote(text)}" for option, texts in named for text in texts]
    if days != QUIET_DAYS:
        words.append(f"--dage {days}")
    if today is not None:
        words.append(f"--i-dag {today.isoformat()}")
    if per is not None:
        words.append(f"--per {shlex.quote(per)}")
    if file is not None:
        words.append(f"-f {shlex.quote(str(file))}")
    return " ".join(words)


def _quiet_or_none(
    file: Path | None, per: str | None, plan: Plan, candidates: list[Activity], day: date, days: int
) -> list[Quiet] | None:
    """For `plan due` to flag: the quiet ones, or None when there is no history to tell (no git). In
    a shallow clone, only those known to be quiet."""
    if not candidates:
        return None
    from baeredygtig_cli.history.versions import History, quiet

    try:  # the flag is a hint: without the history (no git, a partial clone offline) none is given
        history = History.open(disk.find_plan_file(file, Path.cwd()), per)
        return quiet(history, plan, candidates, day, days=days, working_copy=per is None, whole=False).found
    except PlanError:
        return None


def _progress(
    file: Path | None, per: str | None, plan: Plan, day: date, weeks: bool, json: bool, filters: Filters
) -> None:
    """`plan summary --over-tid`."""
    from baeredygtig_cli.history.versions import MONTHS, WEEKS, History, series

    history = History.open(disk.find_plan_file(file, Path.cwd()), per)
    found = series(history, plan, day, unit=WEEKS if weeks else MONTHS, filters=filters)
    from baeredygtig_cli.output.historyviews import cut_said, passed_over_said

    cut = history.cut_at()
    if cut is not None:
        print(f"plan: {cut_said(cut)}", file=sys.stderr)
    if found.passed_over:
        print(f"plan: {passed_over_said(found.passed_over)}", file=sys.stderr)
    if json:
        from baeredygtig_cli.output.jsonout import series_json

        return _write(series_json(found))
    from baeredygtig_cli.output.historyviews import plain_bars, series_lines, show

    screen = _screen()
    lines = series_lines(found, plan.scale, plan.title, screen.width, plain=plain_bars())
    show(lines, _write, lambda: screen)


def _series_or_none(
    file: Path | None, per: str | None, plan: Plan, day: date, filters: Filters
) -> Series | None:
    """The monthly series for the HTML page (of the activities the filters pick, as the page shows
    them), or None when the plan is not in git."""
    from baeredygtig_cli.history.versions import History, series

    try:
        history = History.open(disk.find_plan_file(file, Path.cwd()), per)
    except PlanError:
        return None
    return series(history, plan, day, filters=filters)


@app.command("log", cls=_PlanCommand, short_help="Planens historik i git: hvem ændrede hvad og hvornår.")
def log_command(
    ctx: typer.Context,
    ids: Annotated[
        list[str] | None,
        typer.Argument(metavar="ID...", help="Kun disse aktiviteter: hele deres liv.", show_default=False),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--fra", "--since", metavar="DATO|REV",
            help="Kun det, der kom ind i planen fra og med dagen (ÅÅÅÅ-MM-DD) eller efter en git-revision.",
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--til", "--until", metavar="DATO|REV",
            help="Kun det, der kom ind i planen til og med dagen eller git-revisionen.",
        ),
    ] = None,
    author: Annotated[
        str | None,
        typer.Option(
            "--forfatter", "--author", metavar="TEKST",
            help="Kun ændringer af en forfatter, hvis navn eller e-mail indeholder teksten (også "
            "ændringer, en anden har flettet ind).",
        ),
    ] = None,
    felt: Annotated[
        list[str] | None,
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
    hvad der blev ændret (felt før → efter), tilføjet, fjernet og nye eller rettede noter.

    Med id'er: de aktiviteters liv, fra de blev tilføjet. Historikken følger filen, også hvis den er
    omdøbt, langs første forælder; det, en fletning bragte ind, står under den, der lavede
    ændringen på grenen ("via fletning"). En version, der ikke kan læses, vises og springes over."""
    from baeredygtig_cli.history.versioncache import remembered

    path = disk.find_plan_file(file, Path.cwd())
    numbers = [_activity_id(t) for t in ids or ()]
    names = (_flag(ctx, "since"), _flag(ctx, "until"), _flag(ctx, "author"))

    def entries(history: History) -> list[LogEntry]:
        from baeredygtig_cli.history.versions import log, log_filter

        chosen = log_filter(history, ids=numbers, fields=felt or (), since=since, until=until,
                            author=author, names=names)  # fmt: skip
        return log(history, chosen)

    def text(history: History) -> tuple[str, str]:
        """The whole answer as plain text or JSON, the same for the same HEAD: kept for next time;
        and the line for stderr when it starts where a shallow clone's history does."""
        from baeredygtig_cli.output.historyviews import cut_said

        found = entries(history)
        cut = history.cut_at()
        note = cut_said(cut) if cut is not None and any(e.line is cut for e in found) else ""
        if json:
            from baeredygtig_cli.output.jsonout import log_json

            return log_json(found), note
        from baeredygtig_cli.output.historyviews import log_lines, plain

        return plain(log_lines(found, history.scale(), ids=bool(ids))), note

    def say(note: str) -> None:
        if note:
            print(f"plan: {note}", file=sys.stderr)

    by_day = all(t is None or _is_day(t) for t in (since, until))  # a branch name could move: not kept
    if (json or not sys.stdout.isatty()) and by_day:
        answer, note = remembered(path, repr((json, numbers, felt, since, until, author)), text)
        say(note)
        return _write(answer)
    from baeredygtig_cli.history.versions import History

    history = History.open(path)
    if json or not sys.stdout.isatty():
        answer, note = text(history)
        say(note)
        return _write(answer)
    from baeredygtig_cli.output.historyviews import cut_said, log_lines, show

    found = entries(history)
    cut = history.cut_at()
    if cut is not None and any(e.line is cut for e in found):
        say(cut_said(cut))
    show(log_lines(found, history.scale(), ids=bool(ids)), _write, _screen)


def _is_day(text: str) -> bool:
    """ÅÅÅÅ-MM-DD: a day, whose meaning does not move as a branch does."""
    parts = text.strip().split("-")
    return len(parts) == 3 and [len(p) for p in parts] == [4, 2, 2] and all(p.isdigit() for p in parts)


@app.command("changes", cls=_PlanCommand, short_help="Hvad er ændret mellem to versioner i git.")
def changes_command(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            "--fra",
            "--since",
            metavar="REV|DATO",
            help="Fra git-revision eller dato (ÅÅÅÅ-MM-DD, fra dagens begyndelse); "
            "ellers før sidste commit af filen.",
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--til",
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

    Fx 'plan changes --fra 2020-03-01' før et udvalgsmøde: også det, der blev ændret den 1. marts."""
    from baeredygtig_cli.domain.summary import compare
    from baeredygtig_cli.history.gitrepo import versions

    path = disk.find_plan_file(file, Path.cwd())
    old, new = versions(path, since, until, names=(_flag(ctx, "since"), _flag(ctx, "until")))
    changes = compare(old.activities, new.activities)
    if json:
        from baeredygtig_cli.output.jsonout import changes_json

        return _write(changes_json(changes, old, new))
    from baeredygtig_cli.output.views import print_changes

    notes = [version.note for version in (old, new) if version.note]
    print_changes(_console(), changes, old.heading, new.heading, notes, plans=(old.plan, new.plan))


def _known_shell(ctx: typer.Context, shell: str) -> str:
    if shell not in SHELL_NAMES:
        raise DanishUsageError(f"ukendt skal '{shell}' (kendte: {', '.join(SHELL_NAMES)})", ctx)
    return shell


@app.command("merge", cls=_PlanCommand, short_help="Git's flettedriver: flet tre versioner pr. aktivitet.")
def merge_command(
    base: Annotated[Path, typer.Argument(metavar="FÆLLES", help="Den fælles forgænger (git's %O).")],
    ours: Annotated[
        Path, typer.Argument(metavar="VORES", help="Vores version; resultatet skrives hertil (%A).")
    ],
    theirs: Annotated[Path, typer.Argument(metavar="DERES", help="Deres version (%B).")],
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="STI", help="Filens navn i repositoryet, til beskeder (%P).", show_default=False
        ),
    ] = None,
    names: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--navne",
            metavar="VORES DERES",
            help="Grenenes navne til konfliktmarkeringerne (git ≥ 2.44: %X %Y); ellers findes de i git.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Flet tre versioner af planen pr. aktivitet og felt; git kalder den som flettedriver (se
    'plan git-opsætning'). Resultatet skrives til VORES: exit 0 uden konflikter, 1 med konflikter
    markeret omkring de aktiviteter eller felter, der er ændret begge steder (se 'plan konflikter').
    Kan en version ikke læses, flettes linje for linje som git selv gør, og exit er 1."""
    from baeredygtig_cli.history.driver import line_merge, merge_file, side_names
    from baeredygtig_cli.planfile.merge import merge_plans

    shown = name or disk.display_path(ours)
    try:
        sides = ((base, "den fælles"), (ours, "vores"), (theirs, "deres"))
        sources = [_merge_version(path, side) for path, side in sides]
        labels = _merge_labels(names, side_names)
        merged = merge_plans(*sources, labels=labels, line_merge=lambda: line_merge(ours, base, theirs))
    except PlanError as error:
        clean = merge_file(ours, base, theirs) == 0
        what = "uden konflikter; tjek resultatet med 'plan check'" if clean else "ret konflikterne i hånden"
        print(
            f"plan: {shown}: kan ikke flettes pr. aktivitet ({error}); "
            f"flettet linje for linje som git, {what}",
            file=sys.stderr,
        )
        raise CheckFailed("") from None
    for remark in merged.remarks:
        print(f"plan: {shown}: {remark}", file=sys.stderr)
    mine = sources[1]
    data = (("\ufeff" if mine.bom else "") + merged.text).encode("utf-8")
    disk.write_atomically(ours, mine.raw, data)
    if merged.conflicts:
        count = len(merged.conflicts)
        print(
            f"plan: {shown}: {count} {'konflikt' if count == 1 else 'konflikter'} markeret med "
            f"<<<<<<< vores / >>>>>>> deres: {'; '.join(merged.conflicts)}. Se 'plan konflikter'",
            file=sys.stderr,
        )
        raise CheckFailed("")


def _merge_version(path: Path, side: str) -> Source:
    """One of the three versions git hands the driver, read as a plan; an error names the side and
    the line, not git's temp file (`.merge_file_F01emY`)."""
    from baeredygtig_cli.errors import PlanFileError
    from baeredygtig_cli.planfile.editsource import read_source

    try:
        return read_source(path)
    except PlanFileError as error:
        where = f" (linje {error.line})" if error.line else ""
        raise PlanError(f"{side} version kan ikke læses{where}: {error.message}") from None


def _merge_labels(
    names: tuple[str, str] | None, find: Callable[[Path], tuple[str | None, str | None]]
) -> Labels:
    """The branch names for the markers: as git ≥ 2.44 passes them (older git passes "%X" and "%Y"
    as they stand, and "HEAD" names nothing), else as git's state tells."""
    from baeredygtig_cli.planfile.merge import Labels

    given = [None if not n or n in ("%X", "%Y", "HEAD") else n for n in (names or (None, None))]
    if all(given):
        return Labels(given[0], given[1])
    found = find(Path.cwd())
    return Labels(given[0] or found[0], given[1] or found[1])


SIDES = ("vores", "deres")


@app.command(
    "konflikter", cls=_PlanCommand, short_help="Vis konflikterne fra en fletning: felt, begge værdier, hvem."
)
def conflicts_command(json: JsonOption = False, file: FileOption = None) -> None:
    """Vis hver konflikt, en fletning har efterladt i planen, uden at læse markeringerne: hvilken
    aktivitet og hvilket felt, vores og deres værdi, og hvem der gav den hvornår (fra git). Løs dem
    med 'plan løs'. Exit 1, når der er konflikter; 0 og intet output, når der ingen er."""
    from baeredygtig_cli.planfile.conflicts import clashes

    path = disk.find_plan_file(file, Path.cwd())
    found = clashes(disk.read_text(path), path)
    authors = _conflict_authors(path, found) if found else {}
    if json:
        import json as json_module

        rows = [
            {
                "nummer": c.number, "linje": c.block.line, "aktivitet": c.activity_id, "titel": c.title,
                "felter": list(c.fields),
                **{
                    side: {"etiket": label, "værdier": dict(zip(c.fields, values, strict=True)),
                           **authors.get((c.number, side), {})}
                    for side, label, values in (("vores", c.block.ours_label, c.ours),
                                                ("deres", c.block.theirs_label, c.theirs))
                },
            }
            for c in found
        ]  # fmt: skip
        _write(json_module.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    else:
        _write(_conflicts_text(path, found, authors))
    if found:
        raise CheckFailed("")


def _conflict_authors(path: Path, found: list[Clash]) -> dict[tuple[int, str], dict[str, str]]:
    """Who gave each side of each conflict its value, and when: the commit on that side of the merge
    (rebase, cherry-pick) that made it, read from git; nothing where git cannot tell."""
    from baeredygtig_cli.history.driver import conflict_history
    from baeredygtig_cli.planfile import schema
    from baeredygtig_cli.planfile.conflicts import made_by

    history = conflict_history(path)
    if history is None:
        return {}
    found_authors: dict[tuple[int, str], dict[str, str]] = {}
    for side, commits in zip(SIDES, history, strict=True):
        versions = [
            (c, schema.parse_plan(c.text, path).plan if c.text is not None else None) for c in commits
        ]
        for clash in found:
            commit = made_by(clash, side, versions)
            if commit is not None:
                found_authors[(clash.number, side)] = {
                    "forfatter": commit.author, "dato": commit.day, "commit": commit.commit[:7],
                }  # fmt: skip
    return found_authors


def _conflicts_text(path: Path, found: list[Clash], authors: dict[tuple[int, str], dict[str, str]]) -> str:
    from baeredygtig_cli.domain.timing import format_date

    if not found:
        return ""
    shown = disk.display_path(path)
    count = len(found)
    lines = [f"{count} {'konflikt' if count == 1 else 'konflikter'} i {shown}:"]
    for c in found:
        if not c.fields:
            lines.append(f"{c.number}. linje {c.block.line}: kan ikke læses pr. felt; vælg vores eller deres")
            continue
        subject = f"aktivitet {c.activity_id} ({c.title})" if c.activity_id is not None else "planen"
        lines.append(f"{c.number}. {subject}: {', '.join(c.fields)} (linje {c.block.line})")
        for side, label, values in (
            ("vores", c.block.ours_label, c.ours),
            ("deres", c.block.theirs_label, c.theirs),
        ):
            who = authors.get((c.number, side))
            by = ""
            if who:
                by = f" – {who['forfatter']}, {format_date(date.fromisoformat(who['dato']))}, {who['commit']}"
            lines.append(f"   {label or side}: {' | '.join(values)}{by}")
    lines.append(
        "Vælg med 'plan løs NR vores' eller 'plan løs NR deres', eller en ny værdi for ét felt med "
        "'plan løs NR --værdi TEKST'; 'plan løs alle deres' tager deres overalt."
    )
    return "".join(f"{line}\n" for line in lines)


@app.command(
    "løs", cls=_PlanCommand, short_help="Løs en konflikt fra en fletning: vores, deres eller en ny værdi."
)
def resolve_command(
    number: Annotated[
        str, typer.Argument(metavar="NR", help="Konfliktens nummer fra 'plan konflikter', eller 'alle'.")
    ],
    side: Annotated[
        str | None,
        typer.Argument(metavar="[VORES|DERES]", help="Hvilken side der gælder.", show_default=False),
    ] = None,
    value: Annotated[
        str | None,
        typer.Option(
            "--værdi",
            "--vaerdi",
            metavar="TEKST",
            help="En ny værdi for konfliktens ene felt i stedet.",
            show_default=False,
        ),
    ] = None,
    file: FileOption = None,
) -> None:
    """Løs konflikt NR fra 'plan konflikter' ved at tage vores eller deres linjer, eller sæt en ny
    værdi for feltet med --værdi (skrevet som 'plan ret' skriver den). Resten af filen, også de
    andre konflikter, står urørt. Når den sidste er løst: 'git add' filen og fortsæt fletningen."""
    from baeredygtig_cli.planfile.conflicts import clashes, resolve, resolve_with

    chosen = side.casefold() if side else None
    if (chosen is None) == (value is None):
        raise PlanError("angiv enten vores eller deres, eller --værdi TEKST")
    if chosen is not None and chosen not in SIDES:
        raise PlanError(f"vælg vores eller deres, ikke {side!r}")
    path = disk.find_plan_file(file, Path.cwd())
    with disk.locked(path):
        raw = disk.read_bytes(path)
        text = disk.decode(raw, path)
        found = clashes(text, path)
        if number.casefold() == "alle":
            if value is not None:
                raise PlanError("--værdi gælder én konflikt ad gangen; angiv dens nummer")
            numbers = [c.number for c in found]
        else:
            numbers = [_conflict_number(number)]
        if chosen is not None:
            new = resolve(text, numbers, chosen, path)
        else:
            clash = next((c for c in found if c.number == numbers[0]), None)
            field = clash.single_field if clash is not None else None
            if clash is not None and (field is None or field == "noter"):
                raise PlanError(f"konflikt {clash.number} er ikke ét felt; vælg vores eller deres")
            edits = _field_edits([f"{field}={value}"], new_emne=True)
            from baeredygtig_cli.planfile.edits import change_activities

            activity_id = clash.activity_id if clash is not None else 0
            new = resolve_with(
                text, numbers[0], lambda source: change_activities(source, [activity_id or 0], edits), path
            )
        bom = disk.BOM if raw.startswith(disk.BOM.encode()) else ""
        disk.write_atomically(path, raw, (bom + new).encode("utf-8"))
    left = len(found) - len(numbers)
    shown = disk.display_path(path)
    what = "en ny værdi" if value is not None else chosen
    _write(
        f"{len(numbers)} {'konflikt' if len(numbers) == 1 else 'konflikter'} løst med {what}; "
        + (
            f"{left} tilbage (se 'plan konflikter').\n"
            if left
            else f"ingen tilbage: kør 'git add {shown}' og fortsæt.\n"
        )
    )


def _conflict_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise PlanError(f"konfliktens nummer skal være et tal eller 'alle', ikke {text!r}") from None


@app.command("git-opsætning", cls=_PlanCommand, short_help="Lad git flette plan.yaml pr. aktivitet.")
def git_setup_command(
    fjern: Annotated[bool, typer.Option("--fjern", help="Fjern opsætningen igen.")] = False,
    file: FileOption = None,
) -> None:
    """Sæt git op til at flette planen med 'plan merge': driveren i .git/config (git lader ikke et
    repository have den med) og en linje i .gitattributes (commit den). Kan køres igen uden skade;
    --fjern fjerner begge dele."""
    from baeredygtig_cli.history.driver import set_up, tear_down

    path = disk.find_plan_file(file, Path.cwd())
    done = tear_down(path) if fjern else set_up(path)
    _write("".join(f"{line}\n" for line in done) or "Alt var allerede på plads.\n")


REPORT_FORMATS = ("md", "html")


@app.command("rapport", cls=_PlanCommand, short_help="Statusrapport til byrådet for en periode (md, html).")
def rapport_command(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            "--fra",
            "--since",
            metavar="DATO|REV",
            help="Periodens start: dato (ÅÅÅÅ-MM-DD) eller git-revision; ellers det seneste tag rapport-*, "
            "eller 1. januar i planens år.",
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--til",
            "--until",
            metavar="DATO|REV",
            help="Periodens slutning: dato (til og med dagen) eller git-revision; "
            "ellers filen, som den er nu.",
        ),
    ] = None,
    format: Annotated[
        str,
        typer.Option("--format", "-F", metavar="FORMAT", help="md (Markdown) eller html (til print, A4)."),
    ] = "md",
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FIL", help="Filen at skrive (ellers standardoutput)."),
    ] = None,
    tag: Annotated[
        bool,
        typer.Option("--tag", help="Sæt et annoteret git-tag rapport-ÅÅÅÅ-MM ved den rapporterede version."),
    ] = False,
    today: TodayOption = None,
    file: FileOption = None,
) -> None:
    """Statusrapport til byrådet/udvalget for en periode: nøgletal, udvikling over tid, hvad der er
    sket, hvad der er forsinket, hvad der kommer, og status pr. part.

    Med --tag mærkes den rapporterede version i git, så næste rapport starter dér."""
    from baeredygtig_cli.history.gitrepo import day_of, last_report_tag, open_repository, tag_report, versions
    from baeredygtig_cli.history.versions import History, series
    from baeredygtig_cli.output import council, export

    if format not in REPORT_FORMATS:
        raise PlanError(f"ukendt format {format!r} til rapport (kendte: md, html)")
    path = disk.find_plan_file(file, Path.cwd())
    repo = open_repository(path)
    if since is None:
        since = last_report_tag(repo) or f"{_load(path).year}-01-01"
    old, new = versions(path, since, until, names=(_flag(ctx, "since"), _flag(ctx, "until")))
    assert new.plan is not None
    day = _today(today) if today is not None or until is None else day_of(path, until)
    start = day_of(path, since)
    found = series(History.open(path, until), new.plan, day)
    since_label = old.heading if _is_day(since) else f"{since}, {old.heading}"
    until_label = new.heading if until is None or _is_day(until) else f"{until}, {new.heading}"
    report = council.build(old.plan, new.plan, start, day, since_label, until_label, found)
    if format == "html":
        data = council.report_html(report)
    else:
        data = council.report_markdown(report).encode("utf-8")
    export.write_output(data, output)
    if output not in (None, "-"):
        print(f"plan: skrev rapporten til {output}", file=sys.stderr)
    if tag:
        name = f"rapport-{day:%Y-%m}"
        at = new.commit or "HEAD"  # the reported version: the --til commit, else HEAD
        tag_report(repo, name, f"Statusrapport {start.isoformat()} – {day.isoformat()}", at)
        where = new.heading if new.commit else "HEAD"
        print(f"plan: satte tagget {name} ved {where}; næste rapport starter dér", file=sys.stderr)


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
    _only_the_invoked_command(sys.argv[1:])
    try:
        app(prog_name="plan")
    finally:
        finish_output()


_GLOBAL_VALUE_OPTIONS = ("-f", "--fil", "--file")


def _only_the_invoked_command(args: list[str]) -> None:
    """Register only the command the arguments name, when they plainly name one.

    Typer turns every registered command into a Click command before it parses anything (about a
    millisecond each, over twenty of them): the cost every `plan` process would pay for commands it
    does not run. Help, completion, a missing or misspelt command and anything unusual keep them all."""
    if os.environ.get("_PLAN_COMPLETE"):
        return
    i = 0
    while i < len(args):
        word = args[i]
        if word in _GLOBAL_VALUE_OPTIONS:
            i += 2
            continue
        if word.startswith(("--fil=", "--file=")) or (word.startswith("-f") and len(word) > 2):
            i += 1
            continue
        if word.startswith("-"):
            return  # --help, --version, or an option the group does not have: the full picture
        chosen = [c for c in app.registered_commands if c.name == word]
        if len(chosen) == 1:
            app.registered_commands = chosen
        return

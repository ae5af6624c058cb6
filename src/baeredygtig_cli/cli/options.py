"""The command line's options, declared once: the filters every selecting command shares, the
other options as reusable `Annotated` types, the callbacks that check a value where it is read,
and the completers that offer ids, statuses, emner, parties and months."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, cast

import typer

from baeredygtig_cli.cli.danish import (
    DanishCommand,
    DanishUsageError,
    find_option,
    option_name,
)
from baeredygtig_cli.domain.query import (
    NO_STATUS,
    Filters,
    resolve_status_or_none,
)
from baeredygtig_cli.domain.timing import (
    parse_month,
)
from baeredygtig_cli.errors import PlanError

if TYPE_CHECKING:
    from baeredygtig_cli.domain.model import Party, Plan
    from baeredygtig_cli.planfile.edits import FieldEdits


PlanCommand = DanishCommand


SHELL_NAMES = ("bash", "zsh", "fish")


def file_or_root(ctx: typer.Context, value: Path | None) -> Path | None:
    """`plan -f x.yaml list` and `plan list -f x.yaml` both: after the command wins, then before it
    (or $PLAN_FILE, which the group reads)."""
    return value if value is not None else ctx.find_root().params.get("file")


FILE_HELP = "Planfilen. Ellers $PLAN_FILE, ellers plan.yaml her eller i nærmeste overmappe."


FileOption = Annotated[
    Path | None,
    typer.Option(
        "--fil", "-f", "--file", metavar="STI", show_default=False, dir_okay=True, readable=False,
        callback=file_or_root, help=FILE_HELP + " Kan også stå før kommandoen.",
    ),
]  # fmt: skip


def at_least_one(ctx: typer.Context, param: typer.CallbackParam, value: int | None) -> int | None:
    """A count that must be one or more: refused where the option is read."""
    if value is not None and value < 1:
        raise DanishUsageError(f"{option_name(param, ctx)} skal være mindst 1, ikke {value}", ctx)
    return value


def not_blank(ctx: typer.Context, param: typer.CallbackParam, value: str | None) -> str | None:
    """A text that must say something: refused where the option is read."""
    if value is not None and not value.strip():
        raise DanishUsageError(f"{option_name(param, ctx)} må ikke være tom", ctx)
    return value


def not_empty(ctx: typer.Context, param: typer.CallbackParam, values: list[str] | None) -> list[str]:
    """A text filter given as '' would match everything: refuse it where the option is read."""
    if any(not value.strip() for value in values or ()):
        raise DanishUsageError(f"{option_name(param, ctx)} må ikke være tom", ctx)
    return list(values or ())


def months_option(ctx: typer.Context, param: typer.CallbackParam, values: list[str] | None) -> list[str]:
    """Each month must be one: refused where the option is read. The plan's year, which a month
    without its own year takes, is added when the plan is read (`filters_of`)."""
    for value in values or ():
        parse_month(value, ANY_YEAR)
    return list(values or ())


ANY_YEAR = 2000  # a leap year: whether a text names a month does not depend on the year


REPEAT = " Kan gentages (en af dem)."


JsonOption = Annotated[bool, typer.Option("--json", help="Skriv JSON (en kontrakt: se docs/JSON.md).")]


AnsvarligOption = Annotated[
    list[str] | None,
    typer.Option(
        "--ansvarlig", "-a", metavar="TEKST", callback=not_empty,
        help="Kun hvor ansvarlig indeholder teksten (æ=ae, ø=oe, å=aa)." + REPEAT,
    ),
]  # fmt: skip


EmneOption = Annotated[
    list[str] | None,
    typer.Option(
        "--emne", "-e", metavar="TEKST", callback=not_empty,
        help="Kun aktiviteter med et emne, der indeholder teksten." + REPEAT,
    ),
]  # fmt: skip


StatusOption = Annotated[
    list[str] | None,
    typer.Option(
        "--status", "-s", metavar="STATUS",
        help=f"Kun denne status (fx 'i gang'; et entydigt præfiks er nok; '{NO_STATUS}': uden status)."
        + REPEAT,
    ),
]  # fmt: skip


MonthOption = Annotated[
    list[str] | None,
    typer.Option(
        "--måned", "-m", "--month", metavar="MÅNED", callback=months_option,
        help="Kun aktiviteter, der berører måneden: 'marts', 'mar', '3', 'marts 2021'." + REPEAT,
    ),
]  # fmt: skip


SearchOption = Annotated[
    list[str] | None,
    typer.Option(
        "--søg",
        "-q",
        "--search",
        metavar="TEKST",
        callback=not_empty,
        help="Fritekstsøgning i alle felter." + REPEAT,
    ),
]


PartOption = Annotated[
    list[str] | None,
    typer.Option(
        "--part", metavar="PART", callback=not_empty,
        help="Kun hvor ansvarlig nævner parten (se plan parter), som tovholder eller medvirkende: "
        "dens navn, et alias eller en entydig del af dem." + REPEAT,
    ),
]  # fmt: skip


TovholderOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tovholder", metavar="PART", callback=not_empty,
        help="Kun hvor parten er tovholder: den første part, ansvarlig nævner." + REPEAT,
    ),
]  # fmt: skip


DATE_FORMS = "fx 2020-06-15, 15-06-2020, 15/6-2020 eller 15. juni 2020"


def _this_year() -> int:
    from baeredygtig_cli.cli.clock import resolve_today

    return resolve_today(None).year


def day_option(ctx: typer.Context, param: typer.CallbackParam, text: str | None) -> date | None:
    """`--i-dag` as a date, read where the option is read, in any form a date is written in Danish
    (`parse_day`; a day without its year is in this year): 2099-02-31 is no day."""
    if text is None:
        return None
    from baeredygtig_cli.domain.timing import parse_day

    try:
        return parse_day(text, _this_year())
    except PlanError as error:
        reason = getattr(error, "reason", "")
        why = f"{reason}; " if reason and reason != "ikke en dato" and "ukendt form" not in reason else ""
        raise PlanError(
            f"ugyldig dato for {option_name(param, ctx)}: {text!r} ({why}skriv {DATE_FORMS})"
        ) from None


def day_or_revision(ctx: typer.Context, param: typer.CallbackParam, text: str | None) -> str | None:
    """`--fra`, `--til`, `--per`: a date in any form a date is written in Danish becomes ÅÅÅÅ-MM-DD,
    the one form the history reads a day in (a day without its year is in this year); anything else
    stays as written, a git revision. A date that is written as one but is no day is refused here."""
    if text is None:
        return None
    stripped = text.strip()
    parts = stripped.split("-")
    if len(parts) == 3 and len(parts[0]) == 4 and all(p.isdigit() for p in parts):
        return text  # ÅÅÅÅ-MM-DD (or a day that does not exist, which the history names)
    from baeredygtig_cli.domain.timing import parse_day

    try:
        return parse_day(stripped, _this_year()).isoformat()
    except PlanError as error:
        looks_like_a_date = stripped and all(ch.isdigit() or ch in "-./ " for ch in stripped)
        reason = getattr(error, "reason", "")
        if looks_like_a_date and reason and "ukendt form" not in reason:
            raise PlanError(f"ugyldig dato for {option_name(param, ctx)}: {text!r} ({reason})") from None
        return text


PerOption = Annotated[
    str | None,
    typer.Option(
        "--per", metavar="DATO|REV", show_default=False, callback=day_or_revision,
        help="Planen, som den stod i git: ved udgangen af dagen (fx 30/6-2020; sidste commit til og med "
        "dagen) eller ved en git-revision (fx et tag). Svarer pr. den dag, som med --i-dag.",
    ),
]  # fmt: skip


MineOption = Annotated[
    bool,
    typer.Option(
        "--mig", "--mine",
        help="Kun dine aktiviteter: hvor ansvarlig nævner din part (se plan mig).",
    ),
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class FilterTexts:
    """The filter options as given, before the plan gives them their meaning (its statuses, its year,
    the user's party)."""

    ansvarlig: tuple[str, ...] = ()
    emne: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    month: tuple[str, ...] = ()
    search: tuple[str, ...] = ()
    part: tuple[str, ...] = ()
    tovholder: tuple[str, ...] = ()
    mine: bool = False

    def __bool__(self) -> bool:
        given = (self.ansvarlig, self.emne, self.status, self.month, self.search, self.part, self.tovholder)
        return any(given) or self.mine


NO_FILTERS = FilterTexts()  # a `filters` parameter's default; `with_filters` gives the options theirs


# The filter options: one definition for every command that selects activities (`with_filters`).
FILTER_OPTIONS = {
    "ansvarlig": AnsvarligOption,
    "emne": EmneOption,
    "status": StatusOption,
    "month": MonthOption,
    "search": SearchOption,
    "part": PartOption,
    "tovholder": TovholderOption,
    "mine": MineOption,
}


Command = TypeVar("Command", bound="Callable[..., None]")


def with_filters(command: Command) -> Command:
    """Give a command the filter options of `FILTER_OPTIONS` (-a, -e, -s, -m, -q, --part, --tovholder),
    which it receives as one `filters: FilterTexts` parameter. Typer reads the signature made here, so
    the options stand in the help (and complete) where `filters` stands in the command's signature."""
    return cast("Command", WithFilters(command))


class CommandWrapper:
    """A command with something around it, which Typer builds as the command itself: its name, help
    and signature. Typer reads `__signature__` and `__annotations__` only of the command it builds
    (one per process, `_only_the_invoked_command`), so they are worked out then, not for every
    command at import (~2 ms). A wrapper that changes the signature overrides `_signature`."""

    def __init__(self, command: Callable[..., None]) -> None:
        functools.update_wrapper(
            self, command, assigned=("__module__", "__name__", "__qualname__", "__doc__")
        )
        self._command = command

    def __call__(self, **options: Any) -> None:
        return self._command(**options)

    @functools.cached_property
    def _signature(self) -> inspect.Signature:
        return inspect.signature(self._command, eval_str=True)

    @property
    def __signature__(self) -> inspect.Signature:
        return self._signature

    @property
    def __annotations__(self) -> dict[str, Any]:  # type: ignore[override]
        return {p.name: p.annotation for p in self._signature.parameters.values()} | {"return": None}


class WithFilters(CommandWrapper):
    """A command with the filter options in its signature, where `filters` stands in the command's."""

    def __call__(self, **options: Any) -> None:
        given: dict[str, Any] = {"mine": bool(options.pop("mine"))}
        given |= {name: tuple(options.pop(name) or ()) for name in FILTER_OPTIONS if name != "mine"}
        return self._command(**options, filters=FilterTexts(**given))

    @functools.cached_property
    def _signature(self) -> inspect.Signature:
        signature = inspect.signature(self._command, eval_str=True)
        parameters: list[inspect.Parameter] = []
        for parameter in signature.parameters.values():
            if parameter.name != "filters":
                parameters.append(parameter)
                continue
            parameters += [
                inspect.Parameter(
                    name, parameter.kind, default=False if name == "mine" else None, annotation=annotation
                )
                for name, annotation in FILTER_OPTIONS.items()
            ]
        return signature.replace(parameters=parameters)


def filters_of(plan: Plan, texts: FilterTexts) -> Filters:
    """The filters as the plan reads them: a status is one of its statuses (or none), a month
    without a year is in the plan's year, a party one of its declared parties."""
    by_party: dict[str, tuple[Party, ...]] = {}  # the party filters, read only when given
    ansvarlig = texts.ansvarlig
    mine: tuple[Party, ...] = ()
    if texts.mine:  # `--mig`: the user's party as one more `--part` (in a plan without parties, a text)
        from baeredygtig_cli.cli.mine import me_or_refuse

        me = me_or_refuse(plan, plan.path or Path.cwd() / "plan.yaml")
        if me.party is None:
            ansvarlig = (*ansvarlig, me.text)
        else:
            mine = (me.party,)
    if texts.part or texts.tovholder or mine:
        from baeredygtig_cli.domain.parties import resolve_party

        by_party = {
            "part": (*(resolve_party(p, plan.parties) for p in texts.part), *mine),
            "tovholder": tuple(resolve_party(p, plan.parties) for p in texts.tovholder),
            "parties": plan.parties,
        }
    return Filters(
        ansvarlig=ansvarlig,
        emne=texts.emne,
        status=tuple(resolve_status_or_none(s, plan.statuses) for s in texts.status),
        period=tuple(parse_month(m, plan.year) for m in texts.month),
        search=texts.search,
        **by_party,
    )


def sort_order(ctx: typer.Context, param: typer.CallbackParam, value: str | None) -> str | None:
    """`--sorter`: the name of one of ordering.py's orders."""
    if value is None:
        return None
    from baeredygtig_cli.domain.ordering import parse_sort

    return parse_sort(value)


TodayOption = Annotated[
    date | None,
    typer.Option(
        "--i-dag", "-t", "--today", metavar="DATO", parser=str, callback=day_option, show_default=False,
        help="Dagen at regne fra, fx 15/6-2020 eller 2020-06-15 (ellers i dag).",
    ),
]  # fmt: skip


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


def flag_name(ctx: typer.Context, name: str) -> str:
    """The option called `name` in the command, as the user typed it (or by its Danish name)."""
    param = find_option(ctx, name)
    assert param is not None, name
    return option_name(param, ctx)


def checking(*checks: Callable[[typer.Context], None]) -> type[DanishCommand]:
    """A command class that runs `checks` once every option is parsed (see DanishCommand)."""
    return type("_CheckedCommand", (PlanCommand,), {"checks": checks})


def activity_id_of(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise PlanError(f"id skal være et tal, ikke {text!r}") from None


YesOption = Annotated[
    bool, typer.Option("--ja", "-y", help="Bekræft ændringen af flere end 3 aktiviteter uden at spørge.")
]


NoteOption = Annotated[
    str | None,
    typer.Option(
        "--note",
        metavar="TEKST",
        help="En dateret note om hvorfor (gemmes under noter:).",
        callback=not_blank,
    ),
]


GemOption = Annotated[
    bool,
    typer.Option(
        "--gem", "--commit",
        help="Gem ændringen i git: commit kun plan.yaml, som dig (gits user.name), med en besked om "
        "ændringen (og noten). Afvises, før noget skrives, hvis plan.yaml har andre ændringer.",
    ),
]  # fmt: skip


AuthorOption = Annotated[
    str | None,
    typer.Option("--af", metavar="NAVN", help="Hvem noten er fra (ellers gits user.name, hvis den findes)."),
]


EDIT_FIELDS = ("tidspunkt", "år", "emne", "aktivitet", "ansvarlig", "status")


def grouping_option(ctx: typer.Context, param: typer.CallbackParam, value: str) -> str:
    """`summary --efter`: emne, ansvarlig or part (any case)."""
    from baeredygtig_cli.domain.summary import GROUPINGS

    grouping = value.strip().casefold()
    if grouping not in GROUPINGS:
        choices = f"{', '.join(GROUPINGS[:-1])} eller {GROUPINGS[-1]}"
        raise PlanError(f"{option_name(param, ctx)} skal være {choices}, ikke {value!r}")
    return grouping


def emne_only(ctx: typer.Context, param: typer.CallbackParam, value: str | None) -> str | None:
    """`timeline --efter` and `export --efter`: only emne (any case) is a grouping there."""
    if value is not None and value.strip().casefold() != "emne":
        raise PlanError(f"{option_name(param, ctx)} kan kun være 'emne', ikke {value!r}")
    return None if value is None else "emne"


def known_shell(ctx: typer.Context, shell: str) -> str:
    if shell not in SHELL_NAMES:
        raise DanishUsageError(f"ukendt skal '{shell}' (kendte: {', '.join(SHELL_NAMES)})", ctx)
    return shell


def field_edits(assignments: list[str], new_emne: bool) -> FieldEdits:
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
        if name not in EDIT_FIELDS:
            import difflib

            close = difflib.get_close_matches(name, EDIT_FIELDS, n=1)
            hint = f" – mente du {close[0]}?" if close else f" (felter: {', '.join(EDIT_FIELDS)})"
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

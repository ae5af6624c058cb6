"""Pure questions about a plan: which activities match, which are due. `today` is always given."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from baeredygtig_cli.domain.folding import fold_to_ascii
from baeredygtig_cli.domain.model import Activity, Party, Period
from baeredygtig_cli.domain.statuses import is_finished
from baeredygtig_cli.errors import PlanError


def resolve_status(text: str, statuses: Iterable[str], *, also: tuple[str, ...] = ()) -> str:
    """The plan's status word for `text`: exact (case-blind) or an unambiguous prefix. An unknown one
    is refused with the closest word (of the statuses and `also`), as `plan tjek` does in the file."""
    statuses = tuple(statuses)
    wanted = fold_to_ascii(text.strip())
    exact = [s for s in statuses if fold_to_ascii(s) == wanted]
    candidates = exact or [s for s in statuses if wanted and fold_to_ascii(s).startswith(wanted)]
    if len(candidates) == 1:
        return candidates[0]
    valid = ", ".join(statuses)
    if candidates:
        raise PlanError(f"status {text!r} er tvetydig: {', '.join(candidates)} (gyldige: {valid})")
    raise PlanError(f"ukendt status {text!r}{closest_status(text, (*statuses, *also))} (gyldige: {valid})")


def closest_status(text: str, words: Iterable[str]) -> str:
    """The hint for `igang` or `Afslutet`, " – mente du 'I gang'?": the closest of `words`, compared
    folded (case, æ/ø/å and spaces aside); "" when none is close."""
    import difflib  # only when something is wrong

    by_folded = {"".join(fold_to_ascii(w).split()): w for w in words}
    close = difflib.get_close_matches("".join(fold_to_ascii(text).split()), by_folded, n=1, cutoff=0.6)
    return f" – mente du {by_folded[close[0]]!r}?" if close else ""


NO_STATUS = "ingen"
"""The word for "no status" where a status is asked for (a filter, set-status). A plan whose own
statuses include the word keeps it as a status: the plan's vocabulary wins."""


def is_no_status(text: str, statuses: Iterable[str]) -> bool:
    """Does `text` ask for no status? Only the whole word, case-blind, and only when the plan has no
    status by that name."""
    wanted = fold_to_ascii(text.strip())
    return wanted == NO_STATUS and all(fold_to_ascii(s) != NO_STATUS for s in statuses)


def resolve_status_or_none(text: str, statuses: Iterable[str]) -> str | None:
    """`resolve_status`, where the word "ingen" means no status (None)."""
    statuses = tuple(statuses)
    return None if is_no_status(text, statuses) else resolve_status(text, statuses, also=(NO_STATUS,))


@dataclass(frozen=True, slots=True)
class Filters:
    """What `plan list` and friends narrow by. Several values for one field: any of them (OR); several
    fields: all of them (AND). An empty tuple does not filter. `status` may hold None: no status.
    `part` keeps an activity whose `ansvarlig` names one of the parties in any role, `tovholder` one
    it names first; both read `ansvarlig` against all of the plan's declared `parties`."""

    ansvarlig: tuple[str, ...] = ()
    emne: tuple[str, ...] = ()
    status: tuple[str | None, ...] = ()
    period: tuple[Period, ...] = ()
    search: tuple[str, ...] = ()
    part: tuple[Party, ...] = ()
    tovholder: tuple[Party, ...] = ()
    parties: tuple[Party, ...] = ()

    def __post_init__(self) -> None:
        for name in ("ansvarlig", "emne", "search"):
            if any(not value.strip() for value in getattr(self, name)):
                raise PlanError(f"et filter på {_FIELD_NAMES[name]} må ikke være tomt")


_FIELD_NAMES = {"ansvarlig": "ansvarlig", "emne": "emne", "search": "fritekst"}


def _searchable(activity: Activity) -> str:
    return "\n".join(
        (
            activity.tidspunkt,
            *activity.emne,
            activity.aktivitet,
            activity.ansvarlig,
            activity.status or "",
        )
    )


def select(activities: Iterable[Activity], filters: Filters) -> list[Activity]:
    """The activities that pass every given filter, in plan order. Needles are folded once."""
    ansvarlig = tuple(fold_to_ascii(text) for text in filters.ansvarlig)
    emne = tuple(fold_to_ascii(text) for text in filters.emne)
    search = tuple(fold_to_ascii(text) for text in filters.search)
    statuses, periods = frozenset(filters.status), filters.period
    named = _party_reader(filters)

    def keep(a: Activity) -> bool:
        return (
            (not ansvarlig or _any_in(ansvarlig, fold_to_ascii(a.ansvarlig)))
            and (not emne or any(_any_in(emne, fold_to_ascii(e)) for e in a.emne))
            and (not statuses or a.status in statuses)
            and (not periods or any(a.period.overlaps(p) for p in periods))
            and (not search or _any_in(search, fold_to_ascii(_searchable(a))))
            and (named is None or named(a))
        )

    return [a for a in activities if keep(a)]


def _party_reader(filters: Filters) -> Callable[[Activity], bool] | None:
    """Whether an activity passes `part` and `tovholder`; None when neither is given."""
    if not filters.part and not filters.tovholder:
        return None
    from baeredygtig_cli.domain.parties import reader_for

    reader = reader_for(filters.parties)
    part, tovholder = frozenset(filters.part), frozenset(filters.tovholder)

    def passes(a: Activity) -> bool:
        named = reader.named(a.ansvarlig)
        return (not part or any(p in part for p in named)) and (
            not tovholder or (bool(named) and named[0] in tovholder)
        )

    return passes


def _any_in(needles: tuple[str, ...], haystack: str) -> bool:
    return any(needle in haystack for needle in needles)


def group_by(
    activities: Iterable[Activity], keys: Callable[[Activity], Iterable[str]]
) -> dict[str, list[Activity]]:
    """Activities under each key, in first-seen order; one with two topics stands under both."""
    groups: dict[str, list[Activity]] = {}
    for a in activities:
        for key in keys(a):
            groups.setdefault(key, []).append(a)
    return groups


def emne_of(activity: Activity) -> tuple[str, ...]:
    return activity.emne


def is_overdue(activity: Activity, today: date, finished: str | None) -> bool:
    """Its period has ended and its status is not the plan's finished one (`Plan.finished_status`)."""
    return activity.period.end < today and not is_finished(activity.status, finished)


def _open(activity: Activity, finished: str | None, include_finished: bool) -> bool:
    return include_finished or not is_finished(activity.status, finished)


@dataclass(frozen=True, slots=True)
class Due:
    """What needs attention on a day: what runs now, and what is overdue (oldest first)."""

    today: date
    current: list[Activity]
    overdue: list[Activity]


def due_on(
    activities: Iterable[Activity], today: date, *, finished: str | None, include_finished: bool = False
) -> Due:
    """`finished`: the plan's finished status; such activities are never overdue, and only
    current with `include_finished`."""
    activities = list(activities)
    current = [a for a in activities if a.period.contains(today) and _open(a, finished, include_finished)]
    overdue = sorted(
        (a for a in activities if is_overdue(a, today, finished)), key=lambda a: (a.period.end, a.id)
    )
    return Due(today, current, overdue)


@dataclass(frozen=True, slots=True)
class DueQuestion:
    """What `plan due` is asked: what needs attention on `day`, or (with `window`) everything that
    touches some months or a week, under the window's `title`."""

    day: date
    window: tuple[Period, ...] = ()
    title: str = ""


@dataclass(frozen=True, slots=True)
class DueAnswer:
    """The answer: for the day, what runs and what is overdue; for a window, what touches it (as
    `due.current`, in plan order). `selected`: how many activities passed the filters."""

    question: DueQuestion
    due: Due
    selected: int

    def open_on_the_day(self, finished: str | None) -> list[Activity]:
        """What runs or is overdue and is not finished: what `--stille` looks at."""
        return [a for a in (*self.due.current, *self.due.overdue) if not is_finished(a.status, finished)]


def answer_due(
    question: DueQuestion, activities: Sequence[Activity], *, finished: str | None, include_finished: bool
) -> DueAnswer:
    """`plan due`'s one query."""
    if question.window:
        window = due_within_any(
            activities, question.window, finished=finished, include_finished=include_finished
        )
        due = Due(question.day, window, [])
    else:
        due = due_on(activities, question.day, finished=finished, include_finished=include_finished)
    return DueAnswer(question, due, len(activities))


def due_within(
    activities: Iterable[Activity], period: Period, *, finished: str | None, include_finished: bool = False
) -> list[Activity]:
    """Activities whose period touches `period` (a month, a week); open-ended ones included."""
    return due_within_any(activities, (period,), finished=finished, include_finished=include_finished)


def due_within_any(
    activities: Iterable[Activity],
    periods: Iterable[Period],
    *,
    finished: str | None,
    include_finished: bool = False,
) -> list[Activity]:
    """Activities whose period touches any of `periods`, in plan order; the finished ones (the
    plan's `finished` status) only with `include_finished`."""
    periods = tuple(periods)
    return [
        a
        for a in activities
        if any(a.period.overlaps(p) for p in periods) and _open(a, finished, include_finished)
    ]

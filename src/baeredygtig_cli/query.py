"""Pure questions about a plan: which activities match, which are due. `today` is always given."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from .errors import PlanError
from .model import Activity, Period

_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


def fold_letters(text: str) -> str:
    """Case- and accent-blind text, æ/ø/å as ae/oe/aa, so a US keyboard finds "Bæredygtig"."""
    folded = text.casefold().translate(_DANISH_LETTERS)
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def resolve_status(text: str, statuses: Iterable[str]) -> str:
    """The plan's status word for `text`: exact (case-blind) or an unambiguous prefix."""
    statuses = tuple(statuses)
    wanted = fold_letters(text.strip())
    exact = [s for s in statuses if fold_letters(s) == wanted]
    candidates = exact or [s for s in statuses if wanted and fold_letters(s).startswith(wanted)]
    if len(candidates) == 1:
        return candidates[0]
    valid = ", ".join(statuses)
    if candidates:
        raise PlanError(f"status {text!r} er tvetydig: {', '.join(candidates)} (gyldige: {valid})")
    raise PlanError(f"ukendt status {text!r} (gyldige: {valid})")


@dataclass(frozen=True, slots=True)
class Filters:
    """What `plan list` and friends narrow by; all given filters must hold (AND)."""

    ansvarlig: str | None = None
    emne: str | None = None
    status: str | None = None
    period: Period | None = None
    search: str | None = None

    def __post_init__(self) -> None:
        for name in ("ansvarlig", "emne", "status", "search"):
            value = getattr(self, name)
            if value is not None and not value.strip():
                raise PlanError(f"--{name} må ikke være tom")


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
    ansvarlig = fold_letters(filters.ansvarlig) if filters.ansvarlig else None
    emne = fold_letters(filters.emne) if filters.emne else None
    search = fold_letters(filters.search) if filters.search else None
    status, period = filters.status, filters.period

    def keep(a: Activity) -> bool:
        return (
            (ansvarlig is None or ansvarlig in fold_letters(a.ansvarlig))
            and (emne is None or any(emne in fold_letters(e) for e in a.emne))
            and (status is None or a.status == status)
            and (period is None or a.period.overlaps(period))
            and (search is None or search in fold_letters(_searchable(a)))
        )

    return [a for a in activities if keep(a)]


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


def is_overdue(activity: Activity, today: date) -> bool:
    """Its period has ended and it is not finished."""
    return not activity.finished and activity.period.end < today


@dataclass(frozen=True, slots=True)
class Due:
    """What needs attention on a day: what runs now, and what is overdue (oldest first)."""

    today: date
    current: list[Activity]
    overdue: list[Activity]


def due_on(activities: Iterable[Activity], today: date, *, include_finished: bool = False) -> Due:
    activities = list(activities)
    current = [a for a in activities if a.period.contains(today) and (include_finished or not a.finished)]
    overdue = sorted((a for a in activities if is_overdue(a, today)), key=lambda a: (a.period.end, a.id))
    return Due(today, current, overdue)


def due_within(
    activities: Iterable[Activity], period: Period, *, include_finished: bool = False
) -> list[Activity]:
    """Activities whose period touches `period` (a month, a week); open-ended ones included."""
    return [a for a in activities if a.period.overlaps(period) and (include_finished or not a.finished)]

"""Pure summaries and comparisons of plans: `plan summary` and `plan changes`.

Apart from query.py so that commands that only list or filter don't pay for these types.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .errors import PlanError
from .model import Activity, Period
from .query import due_within, emne_of, group_by, is_overdue

NO_STATUS_KEY = "ingen"


@dataclass(frozen=True, slots=True)
class Tally:
    """Counts for one group (an emne, an ansvarlig, or the whole plan)."""

    name: str
    counts: dict[str, int]  # status word (or NO_STATUS_KEY) -> activities
    total: int
    finished: int

    @property
    def finished_share(self) -> float:
        return self.finished / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class Summary:
    today: date
    by: str
    statuses: tuple[str, ...]
    overall: Tally
    groups: list[Tally]
    overdue: int
    due_this_month: int


GROUPINGS = ("emne", "ansvarlig")


def _tally(name: str, activities: list[Activity], statuses: tuple[str, ...]) -> Tally:
    counts = dict.fromkeys((*statuses, NO_STATUS_KEY), 0)
    for a in activities:
        counts[a.status or NO_STATUS_KEY] = counts.get(a.status or NO_STATUS_KEY, 0) + 1
    return Tally(name, counts, len(activities), sum(1 for a in activities if a.finished))


def summarize(
    activities: Iterable[Activity], statuses: tuple[str, ...], today: date, by: str = "emne"
) -> Summary:
    """Progress at a glance. An activity with two topics counts under both."""
    if by not in GROUPINGS:
        raise PlanError(f"--by skal være {' eller '.join(GROUPINGS)}, ikke {by!r}")
    activities = list(activities)
    groups = group_by(activities, emne_of if by == "emne" else lambda a: (a.ansvarlig,))
    month = _month_of(today)
    return Summary(
        today=today,
        by=by,
        statuses=statuses,
        overall=_tally("I alt", activities, statuses),
        groups=[_tally(name, members, statuses) for name, members in groups.items()],
        overdue=sum(1 for a in activities if is_overdue(a, today)),
        due_this_month=len(due_within(activities, month)),
    )


def _month_of(day: date) -> Period:
    """The calendar month around `day`; December 9999 too (no "next month" is computed)."""
    return Period(day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1]))


@dataclass(frozen=True, slots=True)
class Change:
    old: Activity
    new: Activity


@dataclass(frozen=True, slots=True)
class PlanChanges:
    """What happened between two versions of the plan, matched by activity id."""

    added: list[Activity]
    removed: list[Activity]
    status: list[Change]
    timing: list[Change]
    text: list[Change]  # aktivitet, ansvarlig or emne reworded

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.status or self.timing or self.text)


def compare(old: Iterable[Activity], new: Iterable[Activity]) -> PlanChanges:
    before = {a.id: a for a in old}
    after = {a.id: a for a in new}
    kept = [Change(before[i], after[i]) for i in after if i in before]
    return PlanChanges(
        added=[a for i, a in after.items() if i not in before],
        removed=[a for i, a in before.items() if i not in after],
        status=[c for c in kept if c.old.status != c.new.status],
        timing=[c for c in kept if (c.old.tidspunkt, c.old.period) != (c.new.tidspunkt, c.new.period)],
        text=[c for c in kept if _text_of(c.old) != _text_of(c.new)],
    )


def _text_of(a: Activity) -> tuple[str, str, tuple[str, ...]]:
    return a.aktivitet, a.ansvarlig, a.emne

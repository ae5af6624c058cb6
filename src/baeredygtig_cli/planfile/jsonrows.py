"""Plans and activities as JSON rows: what the caches keep (`planfile/cache.py`), as data.

A row is plain JSON (lists of texts, numbers and nulls), never code to run. Read back, every field is
checked to be what the row's kind says it is: a cache file is not trusted to hold what it claims, and
one that holds anything else is `ValueError` (and the caller reads from the source instead).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from baeredygtig_cli.domain.model import Activity, Note, Party, Period, Plan

_OPEN, _ONGOING, _DEADLINE = 1, 2, 4
ACTIVITY_FIELDS = 12  # the fields of an activity's row


def activity_row(a: Activity) -> list[Any]:
    p = a.period
    flags = _OPEN * p.open_ended | _ONGOING * p.ongoing | _DEADLINE * p.deadline
    notes = [[n.day.isoformat(), n.text, n.author] for n in a.notes]
    return [a.id, a.tidspunkt, list(a.emne), a.aktivitet, a.ansvarlig, a.status, a.year,
            p.start.isoformat(), p.end.isoformat(), flags, notes, a.line]  # fmt: skip


def activity_of(row: Any) -> Activity:
    """The activity of a row `activity_row` wrote; ValueError for anything else."""
    if not isinstance(row, list) or len(row) != ACTIVITY_FIELDS:
        raise ValueError("not an activity's row")
    activity_id, tidspunkt, emne, aktivitet, ansvarlig, status, year, start, end, flags, notes, line = row
    period = Period(_day(start), _day(end), bool(_int(flags) & _OPEN), bool(flags & _ONGOING),
                    bool(flags & _DEADLINE))  # fmt: skip
    if not isinstance(notes, list):
        raise ValueError("notes are not a list")
    noter = tuple(Note(_day(d), _checked_text(t), _optional_text(af)) for d, t, af in notes)
    return Activity(
        _int(activity_id), _checked_text(tidspunkt), _checked_texts(emne), _checked_text(aktivitet),
        _checked_text(ansvarlig), _optional_text(status), period, _int(line), _optional_int(year), noter,
    )  # fmt: skip


def head_row(plan: Plan) -> list[Any]:
    """What a version of the plan says besides its activities, as far as its history needs."""
    return [plan.title, plan.year, list(plan.statuses), plan.finished_status]


def head_of(row: Any) -> Plan:
    if not isinstance(row, list) or len(row) != 4:
        raise ValueError("not a plan's head")
    title, year, statuses, finished = row
    return Plan(
        _checked_text(title),
        _int(year),
        _checked_texts(statuses),
        (),
        finished_status=_optional_text(finished),
    )


def plan_row(plan: Plan) -> dict[str, Any]:
    """The whole plan, head and activities (with their lines), as the working copy's cache keeps it."""
    return {
        "head": head_row(plan),
        "introduction": plan.introduction,
        "heading": plan.heading,
        "cross_cutting": list(plan.cross_cutting),
        "highest_id": plan.highest_id,
        "parties": [[p.name, list(p.aliases), p.kind, p.line, list(p.people)] for p in plan.parties],
        "municipality": plan.municipality,
        "committee": plan.committee,
        "activities": [activity_row(a) for a in plan.activities],
    }


def plan_of(row: Any) -> Plan:
    """The plan of a row `plan_row` wrote; ValueError (or TypeError, KeyError) for anything else."""
    head = head_of(row["head"])
    parties = tuple(
        Party(
            _checked_text(name),
            _checked_texts(aliases),
            _optional_text(kind),
            _int(line),
            _checked_texts(people),
        )
        for name, aliases, kind, line, people in row["parties"]
    )
    return Plan(
        title=head.title, year=head.year, statuses=head.statuses, finished_status=head.finished_status,
        activities=tuple(activity_of(a) for a in row["activities"]),
        introduction=_optional_text(row["introduction"]), heading=_optional_text(row["heading"]),
        cross_cutting=_checked_texts(row["cross_cutting"]), highest_id=_optional_int(row["highest_id"]),
        parties=parties, municipality=_optional_text(row["municipality"]),
        committee=_optional_text(row["committee"]),
    )  # fmt: skip


def _checked_text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("not a text")
    return value


def _optional_text(value: Any) -> str | None:
    return None if value is None else _checked_text(value)


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError("not a whole number")
    return value


def _optional_int(value: Any) -> int | None:
    return None if value is None else _int(value)


def _checked_texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ValueError("not a list of texts")
    return tuple(_checked_text(item) for item in value)


def _day(value: Any) -> date:
    return date.fromisoformat(_checked_text(value))

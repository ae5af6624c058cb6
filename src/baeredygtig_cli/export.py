"""Machine output: the `--json` contract and (later) file exports. Data in, text out."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from .model import Activity, Period


def period_record(period: Period) -> dict[str, Any]:
    return {"start": period.start.isoformat(), "slut": period.end.isoformat()}


def activity_record(activity: Activity) -> dict[str, Any]:
    """The contract of `--json`: these keys, in this order, nothing else."""
    return {
        "id": activity.id,
        "tidspunkt": activity.tidspunkt,
        "emne": list(activity.emne),
        "aktivitet": activity.aktivitet,
        "ansvarlig": activity.ansvarlig,
        "status": activity.status,
        **period_record(activity.period),
    }


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def activities_json(activities: Iterable[Activity]) -> str:
    return to_json([activity_record(a) for a in activities])


def due_json(current: Iterable[Activity], overdue: Iterable[Activity], today: date) -> str:
    """`plan due --json`: the list contract plus `forsinket`."""
    return to_json(
        [
            {**activity_record(a), "forsinket": a.period.end < today and not a.finished}
            for a in (*current, *overdue)
        ]
    )


def _period_flags(period: Period) -> dict[str, bool]:
    return {"åben_slutning": period.open_ended, "løbende": period.ongoing}


def period_json(text: str, year: int, period: Period) -> str:
    """`plan period --json`: one object."""
    return to_json({"tidspunkt": text, "år": year, **period_record(period), **_period_flags(period)})


def show_json(activity: Activity, plan_year: int) -> str:
    """`plan show --json`: the list record plus how the timing was read and where it stands."""
    return to_json(
        {
            **activity_record(activity),
            "år": activity.year or plan_year,
            **_period_flags(activity.period),
            "linje": activity.line,
        }
    )

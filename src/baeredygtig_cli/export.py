"""Machine output: the `--json` contract and (later) file exports. Data in, text out."""

from __future__ import annotations

import json
from collections.abc import Iterable
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

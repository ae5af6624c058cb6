"""Machine output: the `--json` contract and (later) file exports. Data in, text out."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import PlanError
from .model import Activity, Period, Plan
from .query import emne_of, group_by

if TYPE_CHECKING:
    from .report import PlanChanges, Summary, Tally


def period_record(period: Period) -> dict[str, Any]:
    """`start` and `slut`; a deadline ("senest 15. maj") adds `"frist": true`, other periods nothing."""
    record: dict[str, Any] = {"start": period.start.isoformat(), "slut": period.end.isoformat()}
    if period.deadline:
        record["frist"] = True
    return record


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


def json_lines_array(records: Iterable[dict[str, Any]]) -> str:
    """A JSON array with one compact record per line: valid JSON, readable, diff-friendly,
    and written by json's C encoder (indent= would force the slow pure-Python one)."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    body = ",\n".join("  " + encode(record) for record in records)
    return f"[\n{body}\n]\n" if body else "[]\n"


def activities_json(activities: Iterable[Activity]) -> str:
    return json_lines_array(activity_record(a) for a in activities)


def due_json(current: Iterable[Activity], overdue: Iterable[Activity], today: date) -> str:
    """`plan due --json`: the list contract plus `forsinket`."""
    return json_lines_array(
        {**activity_record(a), "forsinket": a.period.end < today and not a.finished}
        for a in (*current, *overdue)
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


def _tally_record(tally: Tally) -> dict[str, Any]:
    return {
        "navn": tally.name,
        "antal": tally.total,
        "status": tally.counts,
        "afsluttet": tally.finished,
        "afsluttet_andel": round(tally.finished_share, 4),
    }


def summary_json(summary: Summary) -> str:
    """`plan summary --json`: the same numbers as the table."""
    return to_json(
        {
            "dato": summary.today.isoformat(),
            "i_alt": _tally_record(summary.overall),
            "efter": summary.by,
            "grupper": [_tally_record(t) for t in summary.groups],
            "forsinket": summary.overdue,
            "aktuelle_denne_måned": summary.due_this_month,
        }
    )


# --- files to share: csv, ics, md, html -----------------------------------------------------------

CSV_COLUMNS = ("ID", "TIDSPUNKT", "EMNE", "AKTIVITET", "ANSVARLIG / TOVHOLDER", "STATUS", "START", "SLUT")
FORMATS = ("csv", "ics", "md", "html")


def to_csv(activities: Iterable[Activity], *, excel: bool = False) -> bytes:
    """The seed's columns plus id and period. `excel`: what Danish Excel opens with a double-click
    (semicolon separator, UTF-8 with BOM, CRLF)."""
    import csv
    import io

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n" if excel else "\n")
    writer.writerow(CSV_COLUMNS)
    for a in activities:
        writer.writerow(
            (a.id, a.tidspunkt, ", ".join(a.emne), a.aktivitet, a.ansvarlig, a.status or "",
             a.period.start.isoformat(), a.period.end.isoformat())
        )  # fmt: skip
    return ("\ufeff" if excel else "").encode() + buffer.getvalue().encode("utf-8")


def event_uid(titel: str, activity_id: int) -> str:
    """Stable across exports, so re-importing an updated file updates events instead of adding."""
    import hashlib

    plan_key = hashlib.sha256(titel.encode("utf-8")).hexdigest()[:16]
    return f"aktivitet-{activity_id}-{plan_key}@baeredygtig-cli"


def to_ics(plan: Plan, activities: Iterable[Activity], stamp: datetime) -> bytes:
    """One all-day VEVENT per activity over its period; DTEND is exclusive (RFC 5545)."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Aabenraa Kommune//baeredygtig-cli//DA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", plan.titel)
    for a in activities:
        event = Event()
        event.add("uid", event_uid(plan.titel, a.id))
        event.add("dtstamp", stamp)
        event.add("dtstart", a.period.start)
        event.add("dtend", a.period.end + timedelta(days=1))
        event.add("summary", a.aktivitet)
        event.add("description", _event_description(a))
        event.add("categories", list(a.emne))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def _event_description(a: Activity) -> str:
    return "\n".join(
        (
            f"Emne: {', '.join(a.emne)}",
            f"Ansvarlig: {a.ansvarlig}",
            f"Status: {a.status or '–'}",
            f"Tidspunkt: {a.tidspunkt}",
        )
    )


MD_HEADER = ("Id", "Tidspunkt", "Emne", "Aktivitet", "Ansvarlig", "Status")


def _md_cell(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "<br>").replace("\n", "<br>").strip()
    )


def _md_table(activities: Iterable[Activity]) -> list[str]:
    lines = ["| " + " | ".join(MD_HEADER) + " |", "|---:|---|---|---|---|---|"]
    for a in activities:
        cells = (str(a.id), a.tidspunkt, ", ".join(a.emne), a.aktivitet, a.ansvarlig, a.status or "–")
        lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
    return lines


def to_markdown(plan: Plan, activities: Sequence[Activity], *, by_emne: bool = False) -> bytes:
    """One table, or with `by_emne` a section and table per emne (an activity may stand in two)."""
    lines = [f"# {_md_cell(plan.titel)}", ""]
    if plan.indledning:
        lines += [_md_cell(plan.indledning), ""]
    if by_emne:
        for emne, members in group_by(activities, emne_of).items():
            lines += [f"## {_md_cell(emne)}", "", *_md_table(members), ""]
    else:
        if plan.overskrift:
            lines += [f"## {_md_cell(plan.overskrift)}", ""]
        lines += [*_md_table(activities), ""]
    if plan.gennemgaaende:
        lines += ["## Gennemgående indsatser", "", *(f"- {_md_cell(g)}" for g in plan.gennemgaaende), ""]
    return "\n".join(lines).encode("utf-8")


def write_output(data: bytes, output: str | None) -> None:
    """`-o FILE`, or stdout for `-o -` and no `-o`."""
    if output in (None, "-"):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        Path(output).write_bytes(data)
    except OSError as error:
        raise PlanError(f"kan ikke skrive {output}: {error.strerror}") from None


def changes_json(changes: PlanChanges, since: str, until: str) -> str:
    """`plan changes --json`."""

    def text(a: Activity) -> dict[str, Any]:
        return {"aktivitet": a.aktivitet, "ansvarlig": a.ansvarlig, "emne": list(a.emne)}

    def timing(a: Activity) -> dict[str, Any]:
        return {"tidspunkt": a.tidspunkt, **period_record(a.period)}

    return to_json(
        {
            "fra": since,
            "til": until,
            "tilføjet": [activity_record(a) for a in changes.added],
            "fjernet": [activity_record(a) for a in changes.removed],
            "status": [
                {"id": c.new.id, "aktivitet": c.new.aktivitet, "før": c.old.status, "efter": c.new.status}
                for c in changes.status
            ],
            "tidspunkt": [
                {"id": c.new.id, "aktivitet": c.new.aktivitet, "før": timing(c.old), "efter": timing(c.new)}
                for c in changes.timing
            ],
            "tekst": [{"id": c.new.id, "før": text(c.old), "efter": text(c.new)} for c in changes.text],
        }
    )

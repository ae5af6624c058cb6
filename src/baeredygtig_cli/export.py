"""Machine output: the `--json` contract and (later) file exports. Data in, text out."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import PlanError, os_error_text
from .model import Activity, Period, Plan
from .query import emne_of, group_by

if TYPE_CHECKING:
    from .history import Version
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


# OWASP's "CSV Injection": a cell starting with one of these is read as a formula by Excel, LibreOffice
# and Google Sheets. NUL is added by OWASP ASVS 1.2.10.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")


def neutralise_formula(cell: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading `'`, which makes it text; the rest is
    kept as written. `_csv_line`'s quoting takes care of separators and quotes inside a cell."""
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


def to_csv(activities: Iterable[Activity], *, excel: bool = False) -> bytes:
    """The seed's columns plus id and period. `excel`: what Danish Excel opens with a double-click
    (semicolon separator, UTF-8 with BOM, CRLF) and safe to open there: no cell runs as a formula.
    Plain csv is for programs and keeps every value exactly as in the plan."""
    separator, newline = (";", "\r\n") if excel else (",", "\n")
    lines = [_csv_line(CSV_COLUMNS, separator)]
    for a in activities:
        row = (str(a.id), a.tidspunkt, ", ".join(a.emne), a.aktivitet, a.ansvarlig, a.status or "",
               a.period.start.isoformat(), a.period.end.isoformat())  # fmt: skip
        lines.append(_csv_line([neutralise_formula(c) for c in row] if excel else row, separator))
    return ("\ufeff" if excel else "").encode() + "".join(line + newline for line in lines).encode("utf-8")


def _csv_line(cells: Iterable[str], separator: str) -> str:
    """RFC 4180 quoting. Not the csv module's: with an LF line end it leaves a lone CR unquoted, and
    every reader then splits the row there."""
    special = (separator, '"', "\r", "\n")
    return separator.join(
        '"' + cell.replace('"', '""') + '"' if any(s in cell for s in special) else cell for cell in cells
    )


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


# Markdown: a character is escaped where CommonMark or GitHub would read it as markup, so any
# renderer shows the text as written. Anywhere: backslash, emphasis, code, links and images, raw HTML
# and autolinks, table cells, strikethrough, math and a heading's closing `#`s; `&` only where it
# would start an entity like `&amp;`.
_MD_INLINE = re.compile(r"[\\`*_\[\]<|~$#]|&(?=#?[0-9A-Za-z]+;)")
# At the start of a paragraph or list item: a quote, bullet, rule (`---`) or numbered list (`2020.`).
_MD_BLOCK_START = re.compile(r"[>+-]|\d{1,9}(?=[.)])")


def _md_inline(text: str) -> str:
    """Text for a table cell or heading: markup escaped, line breaks as `<br>` (a cell is one line)."""
    escaped = _MD_INLINE.sub(lambda m: "\\" + m.group(), text.strip())
    return escaped.replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")


def _md_block(text: str) -> str:
    """Text for a paragraph or list item: also what would make it a quote, list or rule."""
    inline = _md_inline(text)
    start = _MD_BLOCK_START.match(inline)
    if start is None:
        return inline
    cut = start.end() if start.group()[0].isdigit() else 0  # `2020\.`, but `\-`
    return inline[:cut] + "\\" + inline[cut:]


def _md_table(activities: Iterable[Activity]) -> list[str]:
    lines = ["| " + " | ".join(MD_HEADER) + " |", "|---:|---|---|---|---|---|"]
    for a in activities:
        cells = (str(a.id), a.tidspunkt, ", ".join(a.emne), a.aktivitet, a.ansvarlig, a.status or "–")
        lines.append("| " + " | ".join(_md_inline(c) for c in cells) + " |")
    return lines


def to_markdown(plan: Plan, activities: Sequence[Activity], *, by_emne: bool = False) -> bytes:
    """One table, or with `by_emne` a section and table per emne (an activity may stand in two)."""
    lines = [f"# {_md_inline(plan.titel)}", ""]
    if plan.indledning:
        lines += [_md_block(plan.indledning), ""]
    if by_emne:
        for emne, members in group_by(activities, emne_of).items():
            lines += [f"## {_md_inline(emne)}", "", *_md_table(members), ""]
    else:
        if plan.overskrift:
            lines += [f"## {_md_inline(plan.overskrift)}", ""]
        lines += [*_md_table(activities), ""]
    if plan.gennemgaaende:
        lines += ["## Gennemgående indsatser", "", *(f"- {_md_block(g)}" for g in plan.gennemgaaende), ""]
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
        raise PlanError(f"kan ikke skrive {output}: {os_error_text(error)}") from None


def wrote_message(count: int, output: str) -> str:
    """What `export -o FILE` says on stderr, so a script's log shows what went where."""
    return f"skrev {count} {'aktivitet' if count == 1 else 'aktiviteter'} til {output}"


def changes_json(changes: PlanChanges, since: Version, until: Version) -> str:
    """`plan changes --json`. The first seven keys are the original contract; `fra_commit`, `fra_dato`,
    `til_commit`, `til_dato` and `ændret` (each changed field, before and after) extend it."""

    def text(a: Activity) -> dict[str, Any]:
        return {"aktivitet": a.aktivitet, "ansvarlig": a.ansvarlig, "emne": list(a.emne)}

    def timing(a: Activity) -> dict[str, Any]:
        return {"tidspunkt": a.tidspunkt, **period_record(a.period)}

    def value(v: Any) -> Any:
        if isinstance(v, Period):
            return period_record(v)
        return list(v) if isinstance(v, tuple) else v

    return to_json(
        {
            "fra": since.label,
            "til": until.label,
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
            "fra_commit": since.commit,
            "fra_dato": since.day.isoformat() if since.day else None,
            "til_commit": until.commit,
            "til_dato": until.day.isoformat() if until.day else None,
            "ændret": [
                {
                    "id": c.new.id,
                    "aktivitet": c.new.aktivitet,
                    "felter": [
                        {"felt": f.field, "før": value(f.before), "efter": value(f.after)} for f in c.fields
                    ],
                }
                for c in changes.changed
            ],
        }
    )

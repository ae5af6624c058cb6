"""`plan export`: files to share (csv, ics, md, html), as a registry of formats. Data in, bytes out.

Each format is a writer and the flags it takes besides those every format takes (the filters, `-o`,
`--today`); a flag the format does not take is refused, not ignored. The `--json` contract is
jsonout.py's; the HTML page is htmlpage.py's.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import PlanError, os_error_text
from .model import Activity, Plan
from .query import emne_of, group_by

if TYPE_CHECKING:
    from .memory import Series

# --- the registry --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """What a writer may use besides the plan and the activities. `today` is the page's date (html);
    `stamp` the time of the export (ics)."""

    today: date
    stamp: datetime
    excel: bool = False  # csv: --excel
    by_emne: bool = False  # md: --by emne
    series: Series | None = None  # html: progress over time, when the plan is in git


Writer = Callable[[Plan, Sequence[Activity], ExportOptions], bytes]


@dataclass(frozen=True, slots=True)
class ExportFormat:
    name: str
    write: Writer
    flags: tuple[str, ...] = ()  # the format's own flags, as the user writes them
    history: bool = False  # draws progress over time (`ExportOptions.series`) when the plan is in git


def _csv(plan: Plan, activities: Sequence[Activity], options: ExportOptions) -> bytes:
    return to_csv(activities, excel=options.excel)


def _ics(plan: Plan, activities: Sequence[Activity], options: ExportOptions) -> bytes:
    return to_ics(plan, activities, options.stamp)


def _md(plan: Plan, activities: Sequence[Activity], options: ExportOptions) -> bytes:
    return to_markdown(plan, activities, by_emne=options.by_emne)


def _html(plan: Plan, activities: Sequence[Activity], options: ExportOptions) -> bytes:
    from .htmlpage import to_html

    return to_html(plan, activities, options.today, options.series)


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("csv", _csv, ("--excel",)),
        ExportFormat("ics", _ics),
        ExportFormat("md", _md, ("--by",)),
        ExportFormat("html", _html, history=True),
    )
}


def export_format(name: str, flags: Iterable[str] = ()) -> ExportFormat:
    """The format called `name` (any case: -F CSV is csv), if it takes every flag in `flags` (the
    format flags the user gave); otherwise one Danish line naming the flag and the format."""
    kind = name.strip().lower()
    found = FORMATS.get(kind)
    if found is None:
        raise PlanError(f"ukendt format {name!r} (kendte: {', '.join(FORMATS)})")
    refused = [flag for flag in flags if flag not in found.flags]
    if len(refused) == 1:
        raise PlanError(f"{refused[0]} virker kun med formatet {_taking(refused[0])}, ikke med {kind}")
    if refused:
        where = ", ".join(f"{flag} kun med {_taking(flag)}" for flag in refused)
        raise PlanError(f"{' og '.join(refused)} virker ikke med formatet {kind} ({where})")
    return found


def _taking(flag: str) -> str:
    return " eller ".join(f.name for f in FORMATS.values() if flag in f.flags)


# --- csv -----------------------------------------------------------------------------------------

CSV_COLUMNS = ("ID", "TIDSPUNKT", "EMNE", "AKTIVITET", "ANSVARLIG / TOVHOLDER", "STATUS", "START", "SLUT")
NOTE_COLUMN = "SENESTE NOTE"  # last, and only when an exported activity has notes


def latest_note_text(activity: Activity) -> str:
    """ "2020-03-05 (Anna Jensen): Udskudt til efteråret"; empty for an activity without notes."""
    note = activity.latest_note
    if note is None:
        return ""
    by = f" ({note.af})" if note.af else ""
    return f"{note.dato.isoformat()}{by}: {note.tekst}"


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
    activities = list(activities)
    notes = any(a.noter for a in activities)
    lines = [_csv_line((*CSV_COLUMNS, *((NOTE_COLUMN,) if notes else ())), separator)]
    for a in activities:
        row = (str(a.id), a.tidspunkt, ", ".join(a.emne), a.aktivitet, a.ansvarlig, a.status or "",
               a.period.start.isoformat(), a.period.end.isoformat(),
               *((latest_note_text(a),) if notes else ()))  # fmt: skip
        lines.append(_csv_line([neutralise_formula(c) for c in row] if excel else row, separator))
    return ("\ufeff" if excel else "").encode() + "".join(line + newline for line in lines).encode("utf-8")


def _csv_line(cells: Iterable[str], separator: str) -> str:
    """RFC 4180 quoting. Not the csv module's: with an LF line end it leaves a lone CR unquoted, and
    every reader then splits the row there."""
    special = (separator, '"', "\r", "\n")
    return separator.join(
        '"' + cell.replace('"', '""') + '"' if any(s in cell for s in special) else cell for cell in cells
    )


# --- ics -----------------------------------------------------------------------------------------


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


# --- md ------------------------------------------------------------------------------------------

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
    activities = list(activities)
    notes = any(a.noter for a in activities)
    header = (*MD_HEADER, *(("Seneste note",) if notes else ()))
    lines = ["| " + " | ".join(header) + " |", "|---:|---|---|---|---|---|" + ("---|" if notes else "")]
    for a in activities:
        cells = (str(a.id), a.tidspunkt, ", ".join(a.emne), a.aktivitet, a.ansvarlig, a.status or "–",
                 *((latest_note_text(a),) if notes else ()))  # fmt: skip
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


# --- writing -------------------------------------------------------------------------------------


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

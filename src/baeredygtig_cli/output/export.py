"""`plan export`: files to share (csv, ics, md, html, xlsx), as a registry of formats. Data in, bytes out.

Each format is a writer and the options of its own it reads (`ExportOptions` fields), besides those
every format takes (the filters, the output, the day); the command line refuses an option the format
does not take, rather than ignoring it. The `--json` contract is jsonout.py's; the HTML page is
htmlpage.py's, the workbook xlsx.py's.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from baeredygtig_cli.domain.model import Activity, Party, Plan
from baeredygtig_cli.domain.query import emne_of, group_by
from baeredygtig_cli.errors import PlanError
from baeredygtig_cli.output.text import PARTY_COLUMNS, latest_note_line, party_cells

if TYPE_CHECKING:
    from baeredygtig_cli.history.versions import Series

# --- the registry --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """What a writer may use besides the plan and the activities. `today` is the page's date (html);
    `stamp` the time of the export (ics)."""

    today: date
    stamp: datetime
    excel: bool = False  # csv: for Danish Excel
    by_emne: bool = False  # md: a table per emne
    series: Series | None = None  # html: progress over time, when the plan is in git


Writer = Callable[[Plan, Sequence[Activity], ExportOptions], bytes]


@dataclass(frozen=True, slots=True)
class ExportFormat:
    name: str
    write: Writer
    takes: tuple[str, ...] = ()  # the `ExportOptions` fields of its own that the writer reads
    binary: bool = False  # not text: written to a file, never to a terminal
    history: bool = False  # draws progress over time (`ExportOptions.series`) when the plan is in git


def _csv(plan: Plan, activities: Sequence[Activity], options: ExportOptions) -> bytes:
    return to_csv(activities, excel=options.excel, parties=plan.parties)


def _ics(plan: Plan, activities: Sequence[Activity], options: ExportOptions) -> bytes:
    return to_ics(plan, activities, options.stamp)


def _md(plan: Plan, activities: Sequence[Activity], options: ExportOptions) -> bytes:
    return to_markdown(plan, activities, by_emne=options.by_emne)


def _html(plan: Plan, activities: Sequence[Activity], options: ExportOptions) -> bytes:
    from baeredygtig_cli.output.htmlpage import to_html

    return to_html(plan, activities, options.today, options.series)


def _xlsx(plan: Plan, activities: Sequence[Activity], options: ExportOptions) -> bytes:
    from baeredygtig_cli.output.xlsx import to_xlsx

    return to_xlsx(plan, activities, options.today, options.stamp)


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("csv", _csv, ("excel",)),
        ExportFormat("ics", _ics),
        ExportFormat("md", _md, ("by_emne",)),
        ExportFormat("html", _html, history=True),
        ExportFormat("xlsx", _xlsx, binary=True),
    )
}


# --- csv -----------------------------------------------------------------------------------------

CSV_COLUMNS = ("ID", "TIDSPUNKT", "EMNE", "AKTIVITET", "ANSVARLIG / TOVHOLDER", "STATUS", "START", "SLUT")
NOTE_COLUMN = "SENESTE NOTE"  # after those, and only when an exported activity has notes


# OWASP's "CSV Injection": a cell starting with one of these is read as a formula by Excel, LibreOffice
# and Google Sheets. NUL is added by OWASP ASVS 1.2.10.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")


def neutralise_formula(cell: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading `'`, which makes it text; the rest is
    kept as written. `_csv_line`'s quoting takes care of separators and quotes inside a cell."""
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


def to_csv(activities: Iterable[Activity], *, excel: bool = False, parties: Sequence[Party] = ()) -> bytes:
    """The seed's columns plus id and period (and the latest note, and the parties, where there are
    any). `excel`: what Danish Excel opens with a double-click (semicolon separator, UTF-8 with BOM,
    CRLF) and safe to open there: no cell runs as a formula. Plain csv is for programs and keeps
    every value exactly as in the plan."""
    separator, newline = (";", "\r\n") if excel else (",", "\n")
    activities = list(activities)
    notes = any(a.notes for a in activities)
    head = (*CSV_COLUMNS, *((NOTE_COLUMN,) if notes else ()), *(PARTY_COLUMNS if parties else ()))
    lines = [_csv_line(head, separator)]
    for a in activities:
        row = (str(a.id), a.tidspunkt, ", ".join(a.emne), a.aktivitet, a.ansvarlig, a.status or "",
               a.period.start.isoformat(), a.period.end.isoformat(),
               *((latest_note_line(a, day=date.isoformat),) if notes else ()),
               *(party_cells(a, parties) if parties else ()))  # fmt: skip
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
    """One all-day VEVENT per activity over its period; DTEND is exclusive (RFC 5545). Every text is
    made a TEXT value any consumer accepts (`ics_text`): icalendar escapes `\\`, `;`, `,` and line
    breaks, and folds long lines."""
    from icalendar import Calendar, Event, vText

    calendar = Calendar()
    calendar.add("prodid", "-//Aabenraa Kommune//baeredygtig-cli//DA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", vText(ics_text(plan.title)))  # an X- name: escaped only as TEXT
    for a in activities:
        event = Event()
        event.add("uid", event_uid(plan.title, a.id))
        event.add("dtstamp", stamp)
        event.add("dtstart", a.period.start)
        event.add("dtend", a.period.end + timedelta(days=1))
        event.add("summary", ics_text(a.aktivitet))
        event.add("description", _event_description(a))
        event.add("categories", [ics_text(e) for e in a.emne])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return bytes(calendar.to_ical())


# RFC 5545 3.3.11: a TEXT value holds no control character but HTAB (3.1: CONTROL); a line break is
# written as the two characters `\n`. Every line break a plan can hold (CRLF, CR, LF, NEL, VT, FF,
# LS, PS) is one; the other controls (C0, DEL, and C1 with them) are left out.
_ICS_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
_ICS_CONTROLS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def ics_text(value: str) -> str:
    """`value` as a one-line iCalendar TEXT: line breaks as spaces, the ends trimmed, and the control
    characters RFC 5545 forbids left out (icalendar escapes the rest)."""
    return _ICS_CONTROLS.sub("", _ICS_BREAKS.sub(" ", value)).strip()


def _event_description(a: Activity) -> str:
    return "\n".join(
        ics_text(line)
        for line in (
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


MD_PARTY_HEADER = ("Tovholder (part)", "Medvirkende (parter)")  # last, where the plan declares parties


def _md_table(activities: Iterable[Activity], parties: Sequence[Party] = ()) -> list[str]:
    activities = list(activities)
    notes = any(a.notes for a in activities)
    header = (*MD_HEADER, *(("Seneste note",) if notes else ()), *(MD_PARTY_HEADER if parties else ()))
    rule = "|---:|---|---|---|---|---|" + ("---|" if notes else "") + ("---|---|" if parties else "")
    lines = ["| " + " | ".join(header) + " |", rule]
    for a in activities:
        cells = (str(a.id), a.tidspunkt, ", ".join(a.emne), a.aktivitet, a.ansvarlig, a.status or "–",
                 *((latest_note_line(a, day=date.isoformat),) if notes else ()),
                 *((cell or "–" for cell in party_cells(a, parties)) if parties else ()))  # fmt: skip
        lines.append("| " + " | ".join(_md_inline(c) for c in cells) + " |")
    return lines


def to_markdown(plan: Plan, activities: Sequence[Activity], *, by_emne: bool = False) -> bytes:
    """One table, or with `by_emne` a section and table per emne (an activity may stand in two)."""
    lines = [f"# {_md_inline(plan.title)}", ""]
    if plan.introduction:
        lines += [_md_block(plan.introduction), ""]
    if by_emne:
        for emne, members in group_by(activities, emne_of).items():
            lines += [f"## {_md_inline(emne)}", "", *_md_table(members, plan.parties), ""]
    else:
        if plan.heading:
            lines += [f"## {_md_inline(plan.heading)}", ""]
        lines += [*_md_table(activities, plan.parties), ""]
    if plan.cross_cutting:
        lines += ["## Gennemgående indsatser", "", *(f"- {_md_block(g)}" for g in plan.cross_cutting), ""]
    return "\n".join(lines).encode("utf-8")


# --- writing -------------------------------------------------------------------------------------


def write_output(data: bytes, output: str | None, *, plan: Path | None = None) -> None:
    """`-o FILE`, or stdout for `-o -` and no `-o`. A file is written whole by the one writer
    (`disk.replace_file`): a failed write (a full disk, a file-size limit) leaves the earlier file as
    it was. `plan`: the plan the output was made from, which it never replaces (`-o plan.yaml`, or a
    link to it, would leave a calendar where the plan was)."""
    if output in (None, "-"):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from baeredygtig_cli.planfile import disk

    target = Path(output)
    if plan is not None and disk.same_file(target, plan):
        raise PlanError(f"{output} er selve planen; skriv til en anden fil med -o; intet er skrevet")
    disk.replace_file(target, data)


def wrote_message(count: int, output: str) -> str:
    """What `export -o FILE` says on stderr, so a script's log shows what went where."""
    return f"skrev {count} {'aktivitet' if count == 1 else 'aktiviteter'} til {output}"

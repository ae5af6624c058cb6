"""`plan export --format xlsx`: a real workbook for the colleagues who live in Excel.

Sheet "Plan": one row per activity (ID, TIDSPUNKT, START and SLUT as real dates in a Danish format,
EMNE, AKTIVITET, ANSVARLIG, STATUS, SENESTE NOTE where an exported activity has notes, and
TOVHOLDER (PART) and MEDVIRKENDE (PARTER) where the plan declares parties), the
header frozen and filtered, columns fitted, each status cell in its colour from the HTML page
(statuses.py, by its place on the plan's scale). Sheet "Overblik": `plan summary` as a table.

No cell can run as a formula: every text is stored as a text cell (openpyxl would otherwise store
"=..." as a formula), so Excel and LibreOffice show it as written. `plan import` reads the sheet back.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import date, datetime

from baeredygtig_cli.domain.model import Activity, Plan
from baeredygtig_cli.domain.statuses import Scale
from baeredygtig_cli.domain.summary import NO_STATUS_KEY, summarize
from baeredygtig_cli.errors import PlanError

COLUMNS = ("ID", "TIDSPUNKT", "START", "SLUT", "EMNE", "AKTIVITET", "ANSVARLIG", "STATUS")
NOTE_COLUMN = "SENESTE NOTE"
PLAN_SHEET = "Plan"
SUMMARY_SHEET = "Overblik"
# "5. december 2020", in Danish whatever the language of the Excel that opens it ([$-406]: da-DK).
DATE_FORMAT = "[$-406]d. mmmm yyyy"
DATE_WIDTH = len("30. september 2020")
MAX_WIDTH = 60  # wider text wraps in its cell
HEADER_FILL = "F4F6F8"  # the HTML page's table head
# Characters an XML 1.0 document (and so a workbook) cannot hold; openpyxl refuses them.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def to_xlsx(plan: Plan, activities: Sequence[Activity], today: date, stamp: datetime) -> bytes:
    try:
        from openpyxl import Workbook
    except ImportError:
        from baeredygtig_cli.planfile.documents import OFFICE_EXTRA

        raise PlanError(f"xlsx kræver openpyxl, som ikke er installeret: {OFFICE_EXTRA}") from None
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = PLAN_SHEET
    _plan_sheet(sheet, plan, activities)
    _summary_sheet(workbook.create_sheet(SUMMARY_SHEET), plan, activities, today)
    when = stamp.replace(tzinfo=None)
    workbook.properties.title = _workbook_text(plan.title)
    workbook.properties.creator = "plan (baeredygtig-cli)"
    workbook.properties.created = workbook.properties.modified = when
    workbook.properties.language = "da-DK"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _workbook_text(value: str) -> str:
    return _NOT_IN_XML.sub("\ufffd", value)


def _put(sheet: object, row: int, column: int, value: object) -> object:
    """A cell with `value`; a text is always a text cell, never a formula."""
    cell = sheet.cell(row=row, column=column)  # type: ignore[attr-defined]
    if isinstance(value, str):
        cell.value = _workbook_text(value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def _plan_sheet(sheet: object, plan: Plan, activities: Sequence[Activity]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    from baeredygtig_cli.output.text import PARTY_COLUMNS, latest_note_line, party_cells

    notes = any(a.notes for a in activities)
    parties = plan.parties
    header = [*COLUMNS, *((NOTE_COLUMN,) if notes else ()), *(PARTY_COLUMNS if parties else ())]
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor=HEADER_FILL)
    for column, name in enumerate(header, start=1):
        cell = _put(sheet, 1, column, name)
        cell.font, cell.fill = bold, head_fill  # type: ignore[attr-defined]
    top = Alignment(vertical="top", wrap_text=True)
    fills = _status_styles(plan.scale)
    widths = [len(name) + 3 for name in header]  # room for the filter button
    for row, a in enumerate(activities, start=2):
        values: list[object] = [
            a.id, a.tidspunkt, a.period.start, a.period.end, ", ".join(a.emne), a.aktivitet, a.ansvarlig,
            a.status or "", *((latest_note_line(a, day=date.isoformat),) if notes else ()),
            *(party_cells(a, parties) if parties else ()),
        ]  # fmt: skip
        for column, value in enumerate(values, start=1):
            cell = _put(sheet, row, column, value)
            cell.alignment = top  # type: ignore[attr-defined]
            if isinstance(value, date):
                cell.number_format = DATE_FORMAT  # type: ignore[attr-defined]
                widths[column - 1] = max(widths[column - 1], DATE_WIDTH)
            else:
                widths[column - 1] = max(widths[column - 1], _longest_line(str(value)))
        if a.status is not None and a.status in fills:
            status = sheet.cell(row=row, column=COLUMNS.index("STATUS") + 1)  # type: ignore[attr-defined]
            status.fill, status.font = fills[a.status]
    _fit(sheet, widths)
    sheet.freeze_panes = "A2"  # type: ignore[attr-defined]
    last = sheet.cell(row=len(activities) + 1, column=len(header)).coordinate  # type: ignore[attr-defined]
    sheet.auto_filter.ref = f"A1:{last}"  # type: ignore[attr-defined]


def _status_styles(scale: Scale) -> dict[str, tuple[object, object]]:
    """Each status's fill and font: its look's colour behind white bold text, as on the HTML page."""
    from openpyxl.styles import Font, PatternFill

    styles = {}
    for word in scale.words:
        colour = scale.look(word).colour
        if colour is not None:
            styles[word] = (
                PatternFill("solid", fgColor=colour.lstrip("#").upper()),
                Font(bold=True, color="FFFFFF"),
            )
    return styles


def _longest_line(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


def _fit(sheet: object, widths: Sequence[int]) -> None:
    from openpyxl.utils import get_column_letter

    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(width, MAX_WIDTH) + 2  # type: ignore[attr-defined]


def _summary_sheet(sheet: object, plan: Plan, activities: Sequence[Activity], today: date) -> None:
    """`plan summary`: per emne a count for each status, the total and the share finished; then the
    whole plan, how many are overdue and how many touch this month."""
    from openpyxl.styles import Font, PatternFill

    from baeredygtig_cli.domain.timing import MONTH_NAMES

    summary = summarize(activities, plan.scale, today)
    bold = Font(bold=True)
    _put(sheet, 1, 1, plan.title).font = Font(bold=True, size=13)  # type: ignore[attr-defined]
    columns: list[tuple[str, str]] = [(s, s) for s in summary.statuses]
    if summary.overall.counts.get(NO_STATUS_KEY):
        columns.append(("Ingen", NO_STATUS_KEY))
    header = ["Emne", *(name for name, _ in columns), "I alt", "Andel afsluttet"]
    fills = _status_styles(plan.scale)
    head_fill = PatternFill("solid", fgColor=HEADER_FILL)
    for column, name in enumerate(header, start=1):
        cell = _put(sheet, 3, column, name)
        cell.fill, cell.font = fills.get(name, (head_fill, bold))  # type: ignore[attr-defined]
    row = 4
    for tally in [*summary.groups, summary.overall]:
        counts = [tally.counts.get(key, 0) for _, key in columns]
        for column, value in enumerate([tally.name, *counts, tally.total, tally.finished_share], start=1):
            cell = _put(sheet, row, column, value)
            if column == len(header):
                cell.number_format = "0%"  # type: ignore[attr-defined]
            if tally is summary.overall:
                cell.font = bold  # type: ignore[attr-defined]
        row += 1
    month = f"{MONTH_NAMES[today.month - 1]} {today.year}"
    facts: list[tuple[str, object]] = [
        ("Forsinket", summary.overdue),
        (f"Aktuelle i {month}", summary.due_this_month),
        ("Opgjort", today),
    ]
    for offset, (label, value) in enumerate(facts, start=1):
        _put(sheet, row + offset, 1, label).font = bold  # type: ignore[attr-defined]
        cell = _put(sheet, row + offset, 2, value)
        if isinstance(value, date):
            cell.number_format = DATE_FORMAT  # type: ignore[attr-defined]
    names = [len(t.name) for t in summary.groups] + [len(label) for label, _ in facts]
    widths = [
        max(len("Emne"), *names),
        *(max(len(h), DATE_WIDTH if i == 0 else 0) for i, h in enumerate(header[1:])),
    ]
    _fit(sheet, widths)

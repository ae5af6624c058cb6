"""`plan export --format xlsx`: a real workbook for the colleagues who live in Excel.

Sheet "Plan": one row per activity (ID, TIDSPUNKT, START and SLUT as real dates in a Danish format,
EMNE, AKTIVITET, ANSVARLIG, STATUS, SENESTE NOTE where an exported activity has notes, and
TOVHOLDER (PART) and MEDVIRKENDE (PARTER) where the plan declares parties), the
header frozen and filtered, columns fitted, each status cell in its colour from the HTML page
(statuses.py, by its place on the plan's scale). Sheet "Overblik": `plan summary` as a table.
Excel-proof for what colleagues type: TIDSPUNKT is a text column, STATUS a drop-down of the plan's
statuses (its list on a hidden sheet "Statusser" where a status has a comma or the list is long).
Last, a very hidden sheet "plan-eksport": what each activity's importable fields said when exported
(planfile/exportbase.py), so `plan import` takes back only what a colleague changed in the sheet and
never puts an old value back over a later change in the plan.

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
    _excel_proof(sheet, plan, len(activities))  # a hidden sheet of statuses may follow the others
    _base_sheet(workbook, activities)
    when = stamp.replace(tzinfo=None)
    workbook.properties.title = _workbook_text(plan.title)
    workbook.properties.creator = "plan (baeredygtig-cli)"
    workbook.properties.created = workbook.properties.modified = when
    workbook.properties.language = "da-DK"
    return _saved(workbook)


def _saved(workbook: object) -> bytes:
    """The workbook's bytes. openpyxl writes each sheet to a temp file of its own first (in the
    system's temp folder): a full disk or a file-size limit there is one Danish line, not a crash.
    The sheet writer it abandons repeats the error as it is freed; that echo is silenced while the
    failure is turned into our line."""
    import sys

    out = io.BytesIO()
    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        try:
            workbook.save(out)  # type: ignore[attr-defined]
            return out.getvalue()
        except Exception as error:  # lxml reports the OS's error as SerialisationError("IO_EFBIG")
            reason = _io_failure(error)
            if reason is None:
                raise
        import gc

        gc.collect()
    finally:
        sys.unraisablehook = hook
    import tempfile

    raise PlanError(
        f"regnearket kan ikke bygges ({reason} i den midlertidige mappe {tempfile.gettempdir()}); "
        "intet er ændret"
    )


def _io_failure(error: BaseException) -> str | None:
    """The Danish words for an OS error behind `error`, or None if it is not one."""
    import errno

    from baeredygtig_cli.errors import os_error_text

    if isinstance(error, OSError):
        return os_error_text(error)
    name = str(error)
    if type(error).__name__ == "SerialisationError" and name.startswith("IO_"):
        number = getattr(errno, name[3:], None)
        return os_error_text(OSError(number, name)) if number is not None else "systemfejl"
    return None


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


TEXT_FORMAT = "@"  # Excel's "Tekst": what is typed stays as typed
EXCEL_ROWS = 1_048_576


def _excel_proof(sheet: object, plan: Plan, count: int) -> None:
    """What a colleague types in the sheet comes back as meant: TIDSPUNKT is a text column (Excel would
    turn a typed "5. juni" into a date of this year), and STATUS offers the plan's statuses in a
    drop-down and refuses others, in every row, also the new ones below the table."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    timing = get_column_letter(COLUMNS.index("TIDSPUNKT") + 1)
    sheet.column_dimensions[timing].number_format = TEXT_FORMAT  # type: ignore[attr-defined]
    for row in range(2, count + 2):
        sheet.cell(row=row, column=COLUMNS.index("TIDSPUNKT") + 1).number_format = TEXT_FORMAT  # type: ignore[attr-defined]
    status = get_column_letter(COLUMNS.index("STATUS") + 1)
    validation = DataValidation(
        type="list",
        formula1=_status_list(sheet, plan.statuses),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Ukendt status",
        error=f"Vælg en af planens statusser: {', '.join(plan.statuses)} (eller lad feltet stå tomt).",
    )
    validation.add(f"{status}2:{status}{EXCEL_ROWS}")
    sheet.add_data_validation(validation)  # type: ignore[attr-defined]


STATUS_SHEET = "Statusser"


def _base_sheet(workbook: object, activities: Sequence[Activity]) -> None:
    """The export's base (exportbase.py): the marker, the version and the checksum, then per activity
    its id and importable fields, as text cells, on a sheet Excel keeps but does not show."""
    from baeredygtig_cli.planfile import exportbase

    rows = [[str(a.id), *(_workbook_text(v) for v in exportbase.base_values(a))] for a in activities]
    base = workbook.create_sheet(exportbase.BASE_SHEET)  # type: ignore[attr-defined]
    base.sheet_state = "veryHidden"
    for column, value in enumerate((exportbase.MARKER, exportbase.VERSION, exportbase.checksum(rows)), 1):
        _put(base, 1, column, value)
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            if value:
                _put(base, number, column, value)


def _status_list(sheet: object, statuses: Sequence[str]) -> str:
    """The drop-down's list: written in the rule itself where Excel allows (no comma or quote in a
    status, at most 255 characters in all), else on a hidden sheet of its own."""
    inline = ",".join(statuses)
    if len(inline) <= 255 and not any("," in s or '"' in s for s in statuses):
        return f'"{inline}"'
    workbook = sheet.parent  # type: ignore[attr-defined]
    lists = workbook.create_sheet(STATUS_SHEET)
    lists.sheet_state = "hidden"
    for row, word in enumerate(statuses, start=1):
        _put(lists, row, 1, word)
    return f"'{STATUS_SHEET}'!$A$1:$A${len(statuses)}"


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

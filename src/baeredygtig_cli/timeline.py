"""The plan as a Gantt chart: time units as columns, one row per activity (or per emne).

The grid is computed here, as plain data, so the terminal and the HTML page draw the same
chart; `draw` turns it into lines of Rich text that never wrap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from rich.text import Text

from .model import Activity, Period
from .query import emne_of, group_by
from .render import STATUS_STYLES
from .timing import MONTH_NAMES


@dataclass(frozen=True, slots=True)
class Unit:
    """One column: a month or an ISO week."""

    label: str
    period: Period


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    cells: tuple[int, ...]  # per unit: how many of the row's activities touch it (0 = none)
    status: str | None  # the activity's status; None for an emne row or no status
    continues: bool  # the period goes on past the last unit
    open_ended: bool
    single_day: bool = False
    group: bool = False  # an emne row: cells show how many activities run
    activity_id: int | None = None


@dataclass(frozen=True, slots=True)
class Chart:
    units: list[Unit]
    rows: list[Row]
    outside: int  # activities that do not touch the chart's range at all


def month_units(period: Period) -> list[Unit]:
    units: list[Unit] = []
    year, month = period.start.year, period.start.month
    while date(year, month, 1) <= period.end:
        following = date(year + month // 12, month % 12 + 1, 1)
        units.append(
            Unit(MONTH_NAMES[month - 1], Period(date(year, month, 1), following - timedelta(days=1)))
        )
        year, month = following.year, following.month
    return units


def week_units(period: Period) -> list[Unit]:
    monday = period.start - timedelta(days=period.start.weekday())
    units: list[Unit] = []
    while monday <= period.end:
        units.append(Unit(str(monday.isocalendar()[1]), Period(monday, monday + timedelta(days=6))))
        monday += timedelta(days=7)
    return units


def _touching(units: Sequence[Unit], activities: Sequence[Activity]) -> tuple[int, ...]:
    return tuple(sum(1 for a in activities if a.period.overlaps(u.period)) for u in units)


def activity_chart(activities: Sequence[Activity], units: list[Unit]) -> Chart:
    span = Period(units[0].period.start, units[-1].period.end)
    inside = [a for a in activities if a.period.overlaps(span)]
    rows = [
        Row(
            label=f"{a.id:>3} {a.aktivitet}",
            cells=_touching(units, [a]),
            status=a.status,
            continues=a.period.end > span.end,
            open_ended=a.period.open_ended or a.period.ongoing,
            single_day=a.period.start == a.period.end,
            activity_id=a.id,
        )
        for a in inside
    ]
    return Chart(units, rows, len(activities) - len(inside))


def emne_chart(activities: Sequence[Activity], units: list[Unit]) -> Chart:
    span = Period(units[0].period.start, units[-1].period.end)
    inside = [a for a in activities if a.period.overlaps(span)]
    groups = group_by(inside, emne_of)
    rows = [
        Row(
            label=f"{name} ({len(members)})",
            cells=_touching(units, members),
            status=None,
            continues=any(a.period.end > span.end for a in members),
            open_ended=any(a.period.open_ended or a.period.ongoing for a in members),
            group=True,
        )
        for name, members in groups.items()
    ]
    return Chart(units, rows, len(activities) - len(inside))


# --- drawing -------------------------------------------------------------------------------------

PLAIN_BARS: dict[str | None, str] = {
    "Afventer": "-",
    "Under forberedelse": "~",
    "I gang": "=",
    "Afsluttet": "#",
    None: "?",
}
DENSITY = "░▒▓█"
# name: (plain ASCII, drawn)
MARKS: dict[str, tuple[str, str]] = {
    "arrow": (">", "→"),  # open-ended: runs on to the year's end
    "more": (">", "›"),  # goes on past the chart's last column
    "today": ("|", "│"),
    "today_head": ("v", "▼"),
    "day": ("*", "◆"),
}


@dataclass(frozen=True, slots=True)
class Glyphs:
    plain: bool

    def bar(self, status: str | None) -> str:
        return PLAIN_BARS.get(status, "+") if self.plain else "█"

    def density(self, count: int) -> str:
        if self.plain:
            return str(count) if count < 10 else "+"
        return DENSITY[min(3, (count > 1) + (count > 3) + (count > 6))]

    def mark(self, name: str) -> str:
        plain, drawn = MARKS[name]
        return plain if self.plain else drawn


def _layout(width: int, units: int) -> tuple[int, int]:
    """(label width, cell width): labels get about a third, cells up to 5 wide, labels the rest (<= 48)."""
    wanted_label = min(30, width // 3)
    cell = max(1, min(5, (width - 2 - wanted_label) // max(units, 1)))
    label = max(8, min(48, width - 2 - cell * units))
    return label, cell


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def draw(chart: Chart, width: int, today: date | None, *, plain: bool) -> list[Text]:
    """Lines no wider than `width`. Plain glyphs (ASCII) when there is no colour to tell statuses apart."""
    glyphs = Glyphs(plain)
    label_width, cell = _layout(width, len(chart.units))
    marker = _today_column(chart.units, cell, today)
    lines = _header(chart.units, label_width, cell, marker, today, glyphs)
    for row in chart.rows:
        line = Text(_fit(row.label, label_width).ljust(label_width) + " ", no_wrap=True, overflow="crop")
        for i, count in enumerate(row.cells):
            for offset in range(cell):
                char, style = _cell(row, count, offset, cell, glyphs)
                if char == " " and i * cell + offset == marker:
                    char, style = glyphs.mark("today"), "dim red"
                line.append(char, style="" if plain else style)
        tail = " "
        if row.cells[-1] and row.open_ended:
            tail = glyphs.mark("arrow")
        elif row.continues:
            tail = glyphs.mark("more")
        line.append(tail, style="" if plain else "bold")
        lines.append(line)
    return lines


def _style(status: str | None) -> str:
    """The status colours of the tables; a bar with no or an unknown status is magenta."""
    return STATUS_STYLES.get(status or "", "magenta")


def _cell(row: Row, count: int, offset: int, cell: int, glyphs: Glyphs) -> tuple[str, str]:
    if not count:
        return " ", ""
    if row.group:
        return glyphs.density(count), "cyan"
    if row.single_day and offset != cell // 2:
        return " ", ""
    return (glyphs.mark("day") if row.single_day else glyphs.bar(row.status)), _style(row.status)


def _today_column(units: Sequence[Unit], cell: int, today: date | None) -> int | None:
    for i, unit in enumerate(units):
        if today is not None and unit.period.contains(today):
            length = (unit.period.end - unit.period.start).days + 1
            return i * cell + min(cell - 1, (today - unit.period.start).days * cell // length)
    return None


def _header(
    units: Sequence[Unit], label_width: int, cell: int, marker: int | None, today: date | None, glyphs: Glyphs
) -> list[Text]:
    indent = " " * (label_width + 1)
    lines = [Text(indent + "".join(_unit_label(u.label, cell) for u in units), style="bold", no_wrap=True)]
    if marker is not None and today is not None:
        head = glyphs.mark("today_head")
        note = f"{head} {today.day}/{today.month}"
        if marker + len(note) > len(units) * cell:
            note = f"{today.day}/{today.month} {head}"
            marker -= len(note) - 1
        lines.append(Text(indent + " " * marker + note, style="red", no_wrap=True))
    return lines


def _unit_label(label: str, cell: int) -> str:
    if label.isdigit():  # a week number
        return label.rjust(cell)[-cell:] if cell >= 2 else label[-1]
    return label[: min(cell, 3)].ljust(cell)


def legend(*, plain: bool, statuses: Sequence[str]) -> Text:
    glyphs = Glyphs(plain)
    text = Text(no_wrap=False)
    for status in (*statuses, None):
        text.append(glyphs.bar(status), style="" if plain else _style(status))
        text.append(f" {status or 'ingen status'}  ")
    arrow, today, day = glyphs.mark("arrow"), glyphs.mark("today"), glyphs.mark("day")
    text.append(f"{arrow} åben slutning  {today} i dag  {day} én dag")
    return text

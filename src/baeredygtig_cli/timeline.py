"""The plan as a Gantt chart: time units as columns, one row per activity (or per emne).

The grid is computed here, as plain data, so the terminal and the HTML page draw the same
chart; `draw` turns it into lines of Rich text that never wrap.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from rich.cells import cell_len
from rich.text import Text

from .errors import PlanError
from .model import Activity, Period
from .query import emne_of, group_by
from .render import STATUS_STYLES, TEXT_LIMIT, shown, wrap_items
from .timing import MONTH_NAMES, format_period


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


MAX_UNITS = 1000  # columns; a wider chart fits no screen, and its cells would cost for nothing


def month_units(period: Period) -> list[Unit]:
    units: list[Unit] = []
    year, month = period.start.year, period.start.month
    while date(year, month, 1) <= period.end:
        last = date(year, month, calendar.monthrange(year, month)[1])
        units.append(Unit(MONTH_NAMES[month - 1], Period(date(year, month, 1), last)))
        if last == date.max:
            break
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return units


def week_units(period: Period) -> list[Unit]:
    monday = period.start - timedelta(days=period.start.weekday())
    units: list[Unit] = []
    while monday <= period.end:
        sunday = monday + timedelta(days=6) if date.max - monday >= timedelta(days=6) else date.max
        units.append(Unit(str(monday.isocalendar()[1]), Period(monday, sunday)))
        if sunday == date.max:
            break
        monday += timedelta(days=7)
    return units


def units_for(period: Period, *, weeks: bool) -> list[Unit]:
    """The chart's columns for `period`, or one Danish line when there would be too many to draw."""
    if weeks:
        count = ((period.end - period.start).days + period.start.weekday()) // 7 + 1
    else:
        count = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
    if count > MAX_UNITS:
        noun = "uger" if weeks else "måneder"
        count_text, limit = (f"{n:,}".replace(",", ".") for n in (count, MAX_UNITS))
        raise PlanError(
            f"perioden {format_period(period)} er for lang til en tidslinje: {count_text} {noun}, "
            f"højst {limit}; vælg en kortere --periode"
        )
    return week_units(period) if weeks else month_units(period)


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


GOOD_CELL = {False: 4, True: 3}  # a month reads "jan ", a week "52 " (keyed by: columns are weeks)
MAX_CELL = 8
LEAST_LABEL = 16  # below this a label says too little; cells shrink first


def _is_weeks(units: Sequence[Unit]) -> bool:
    return bool(units) and units[0].label.isdigit()


def _label_text(row: Row) -> str:
    return shown(row.label, TEXT_LIMIT)


def _layout(chart: Chart, width: int) -> tuple[int, int, int]:
    """(label width, cell width, units shown). Cells get what reads well ("jan ", "52 "); labels the
    rest, as much as the longest label needs but no more than half the width; room still left widens
    the cells, and then the labels again. When not even one-character cells fit, the chart shows the
    units it has room for."""
    units = max(len(chart.units), 1)
    room = width - 2  # the space after the labels, and the arrow after the bars
    need = max((cell_len(_label_text(row)) for row in chart.rows), default=LEAST_LABEL)
    least = min(need, LEAST_LABEL)
    good = GOOD_CELL[_is_weeks(chart.units)]
    cell = good if units * good + least <= room else max(1, (room - least) // units)
    label = max(least, min(need, room - cell * units, room // 2))
    cell = max(cell, min(MAX_CELL, (room - label) // units))
    label = max(min(need, room - cell * units), least)
    fitting = max(0, min(len(chart.units), (room - label) // cell))
    return label, cell, fitting


def fitting_units(chart: Chart, width: int) -> int:
    """How many of the chart's columns fit `width` (the rest are left out, and the chart says so)."""
    return _layout(chart, width)[2]


def _fit(text: str, width: int) -> str:
    if cell_len(text) <= width:
        return text + " " * (width - cell_len(text))
    cut = Text(text)
    cut.truncate(width, overflow="ellipsis", pad=True)
    return cut.plain


def draw(chart: Chart, width: int, today: date | None, *, plain: bool) -> list[Text]:
    """Lines no wider than `width`. Plain glyphs (ASCII) when there is no colour to tell statuses apart."""
    glyphs = Glyphs(plain)
    label_width, cell, fitting = _layout(chart, width)
    units = chart.units[:fitting]
    marker = _today_column(units, cell, today)
    lines = _header(units, label_width, cell, marker, today, glyphs)
    for row in chart.rows:
        line = Text(_fit(_label_text(row), label_width) + " ", no_wrap=True, overflow="crop")
        for i, count in enumerate(row.cells[:fitting]):
            for offset in range(cell):
                char, style = _cell(row, count, offset, cell, glyphs)
                if char == " " and i * cell + offset == marker:
                    char, style = glyphs.mark("today"), "dim red"
                line.append(char, style="" if plain else style)
        lines.append(
            line.append(_tail(row, fitting, len(chart.units), glyphs), style="" if plain else "bold")
        )
    return lines


def _tail(row: Row, fitting: int, units: int, glyphs: Glyphs) -> str:
    """After the bar: an arrow for an open end in the last column, a chevron when it goes on."""
    if fitting < units:
        return glyphs.mark("more") if row.continues or any(row.cells[fitting:]) else " "
    if row.cells[-1] and row.open_ended:
        return glyphs.mark("arrow")
    return glyphs.mark("more") if row.continues else " "


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
    years = year_labels(units, cell)
    lines = [Text(indent + years, style="bold", no_wrap=True)] if years else []
    lines.append(Text(indent + unit_labels(units, cell), style="bold", no_wrap=True))
    if marker is not None and today is not None:
        head = glyphs.mark("today_head")
        note = f"{head} {today.day}/{today.month}"
        if marker + len(note) > len(units) * cell:
            note = f"{today.day}/{today.month} {head}"
            marker -= len(note) - 1
        lines.append(Text(indent + " " * max(marker, 0) + note, style="red", no_wrap=True))
    return lines


# Which columns get a label when not all fit: every `step`th, on round numbers.
MONTH_STEPS = (1, 2, 3, 6, 12)
WEEK_STEPS = (1, 2, 4, 13, 26, 52)


def unit_labels(units: Sequence[Unit], cell: int) -> str:
    """The header over the cells: each label starts at its column and never runs into the next.
    When cells are too narrow for every label, every 2nd, 3rd, ... is shown (weeks 2, 4, 6 or
    4, 8, 12; months jan, mar, maj or jan, apr, jul, okt); never a label cut to a meaningless digit."""
    if not units:
        return ""
    weeks = _is_weeks(units)
    if weeks:
        texts = [u.label for u in units]
        numbers = [int(u.label) for u in units]
        steps = WEEK_STEPS
    else:
        texts = [u.label[:3] for u in units]
        numbers = [u.period.start.month - 1 for u in units]
        steps = MONTH_STEPS
    widest = max(len(t) for t in texts)
    step = next((s for s in steps if s * cell >= widest + 1), steps[-1])
    return _place(texts, [not number % step for number in numbers], cell)


def _year_of(unit: Unit) -> int:
    return unit.period.start.isocalendar()[0] if unit.label.isdigit() else unit.period.start.year


def year_labels(units: Sequence[Unit], cell: int) -> str:
    """A line over the unit labels when the chart spans more than one year: each year at its first
    column. Empty for a chart within one year."""
    years = [_year_of(u) for u in units]
    if len(set(years)) < 2:
        return ""
    starts = [i == 0 or years[i] != years[i - 1] for i in range(len(years))]
    return _place([str(y) for y in years], starts, cell)


def _place(texts: Sequence[str], wanted: Sequence[bool], cell: int) -> str:
    """Each wanted text at its unit's first column, left out where it would run into the one before
    or past the end."""
    line = [" "] * (len(texts) * cell)
    free = 0  # the first column a label may start at
    for i, (text, want) in enumerate(zip(texts, wanted, strict=True)):
        start = i * cell
        if want and start >= free and start + len(text) <= len(line):
            line[start : start + len(text)] = text
            free = start + len(text) + 1
    return "".join(line).rstrip()


def legend(chart: Chart, today: date | None, *, plain: bool, statuses: Sequence[str], width: int) -> Text:
    """What the marks mean, wrapped between entries: the status bars (or, by emne, the shading that
    counts activities), and only those other marks the chart uses."""
    glyphs = Glyphs(plain)
    items: list[Text] = []
    if any(row.group for row in chart.rows):
        if plain:
            items.append(Text("1-9 antal aktiviteter, der kører i kolonnen"))
            items.append(Text("+ 10 eller flere"))
        else:
            for count, words in ((1, "1"), (2, "2-3"), (4, "4-6"), (7, "7 eller flere")):
                items.append(Text.assemble((glyphs.density(count), "cyan"), f" {words}"))
            items[-1].append(" aktiviteter kører")
    else:
        for status in (*statuses, None):
            items.append(
                Text.assemble(
                    (glyphs.bar(status), "" if plain else _style(status)),
                    f" {shown(status or 'ingen status')}",
                )
            )
    rows = chart.rows
    arrow = any(row.open_ended and row.cells[-1] for row in rows)
    more = any(row.continues for row in rows) or fitting_units(chart, width) < len(chart.units)
    marks = [("arrow", "åben slutning")] if arrow else []
    if more and plain and arrow:  # one glyph, ">", for both
        marks = [("arrow", "åben slutning eller fortsætter efter sidste kolonne")]
    elif more:
        marks.append(("more", "fortsætter efter sidste kolonne"))
    if _today_column(chart.units, 1, today) is not None:
        marks.append(("today", "i dag"))
    if any(row.single_day for row in rows):
        marks.append(("day", "én dag"))
    items += [Text(f"{glyphs.mark(name)} {words}") for name, words in marks]
    text = wrap_items(items, width, separator="  ")
    if not plain:
        text.stylize("dim")
    return text

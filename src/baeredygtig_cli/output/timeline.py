"""The plan as a Gantt chart: time units as columns, one row per activity (or per emne).

The grid is plain data, computed here so that the terminal (render.py, with Rich) and the HTML page
(htmlpage.py) draw the same chart. Nothing here draws: no Rich, no styles, no statuses' looks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from baeredygtig_cli.domain.model import Activity, Period
from baeredygtig_cli.domain.query import emne_of, group_by
from baeredygtig_cli.domain.timing import MONTH_NAMES, format_period, month_span
from baeredygtig_cli.errors import ChartTooWide


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
        month_period = month_span(year, month)
        units.append(Unit(MONTH_NAMES[month - 1], month_period))
        if month_period.end == date.max:
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
        raise ChartTooWide(
            f"perioden {format_period(period)} er for lang til en tidslinje: {count_text} {noun}, "
            f"højst {limit}"
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


# --- what the drawings share: which column is today, the labels over the columns ----------------


def is_weeks(units: Sequence[Unit]) -> bool:
    return bool(units) and units[0].label.isdigit()


def today_column(units: Sequence[Unit], cell: int, today: date | None) -> int | None:
    """The character column of `today` in a grid of `cell`-wide units, or None when it is outside."""
    for i, unit in enumerate(units):
        if today is not None and unit.period.contains(today):
            length = (unit.period.end - unit.period.start).days + 1
            return i * cell + min(cell - 1, (today - unit.period.start).days * cell // length)
    return None


# Which columns get a label when not all fit: every `step`th, on round numbers.
MONTH_STEPS: tuple[int, ...] = (1, 2, 3, 6, 12)
WEEK_STEPS: tuple[int, ...] = (1, 2, 4, 13, 26, 52)


def unit_labels(units: Sequence[Unit], cell: int) -> str:
    """The header over the cells: each label starts at its column and never runs into the next.
    When cells are too narrow for every label, every 2nd, 3rd, ... is shown (weeks 2, 4, 6 or
    4, 8, 12; months jan, mar, maj or jan, apr, jul, okt); never a label cut to a meaningless digit."""
    if not units:
        return ""
    weeks = is_weeks(units)
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


def _unit_year(unit: Unit) -> int:
    return unit.period.start.isocalendar()[0] if unit.label.isdigit() else unit.period.start.year


def year_labels(units: Sequence[Unit], cell: int) -> str:
    """A line over the unit labels when the chart spans more than one year: each year at its first
    column. Empty for a chart within one year."""
    years = [_unit_year(u) for u in units]
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

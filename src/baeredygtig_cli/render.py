"""Text for people: Rich tables. Imported only by commands that draw, never for `--json`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .model import Activity, Period, Plan
from .query import Due, is_overdue
from .timing import format_date, format_period

STATUS_STYLES: dict[str, str] = {
    "Afventer": "yellow",
    "Under forberedelse": "cyan",
    "I gang": "bold blue",
    "Afsluttet": "green",
}
NO_STATUS = "–"


def status_text(status: str | None) -> Text:
    if status is None:
        return Text(NO_STATUS, style="dim")
    return Text(status, style=STATUS_STYLES.get(status, "magenta"))


NARROW = 110  # below this many columns the Emne column gives way to Aktivitet


def activity_table(
    activities: Sequence[Activity],
    width: int,
    title: str | None = None,
    late: Sequence[str] | None = None,
) -> Table:
    """One row per activity; `late` adds a red Forsinket column ("3 uger forsinket")."""
    show_emne = width >= NARROW
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, header_style="bold")
    table.add_column("Id", justify="right", no_wrap=True)
    table.add_column("Tidspunkt", max_width=18)
    if show_emne:
        table.add_column("Emne", max_width=24)
    table.add_column("Aktivitet", ratio=3, min_width=20)
    table.add_column("Ansvarlig", ratio=2, min_width=12)
    table.add_column("Status", min_width=12)
    if late is not None:
        table.add_column("Forsinket", style="red", min_width=9)
    for i, a in enumerate(activities):
        emne = (", ".join(a.emne),) if show_emne else ()
        extra = (late[i],) if late is not None else ()
        table.add_row(str(a.id), a.tidspunkt, *emne, a.aktivitet, a.ansvarlig, status_text(a.status), *extra)
    return table


def print_activities(console: Console, plan: Plan, activities: Sequence[Activity]) -> None:
    if not activities:
        console.print("Ingen aktiviteter passer til filtrene.")
        return
    console.print(activity_table(activities, console.width, title=plan.titel))
    shown = "alle" if len(activities) == len(plan.activities) else f"{len(activities)} af"
    console.print(f"{shown} {len(plan.activities)} aktiviteter", style="dim")


def print_period(console: Console, text: str, period: Period) -> None:
    line = Text.assemble((text, "bold"), " → ", format_period(period))
    notes = period_notes(period)
    if notes:
        line.append(f" ({', '.join(notes)})", style="dim")
    console.print(line)


def period_notes(period: Period) -> list[str]:
    return [
        note for note, flag in (("åben slutning", period.open_ended), ("løbende", period.ongoing)) if flag
    ]


def overdue_phrase(days: int) -> str:
    """How long overdue, in the unit a person would use: "5 dage", "3 uger", "4 måneder"."""
    if days < 14:
        return f"{days} dag" if days == 1 else f"{days} dage"
    if days < 60:
        return f"{days // 7} uger"
    if days < 730:
        months = days // 30
        return "1 måned" if months == 1 else f"{months} måneder"
    return f"{days // 365} år"


def print_due(console: Console, plan: Plan, due: Due) -> None:
    width = console.width
    console.print(Text(f"Aktuelt {format_date(due.today)}", style="bold"))
    if due.current:
        console.print(activity_table(due.current, width))
    else:
        console.print("Intet kører på dagen.", style="dim")
    if due.overdue:
        console.print(Text(f"Forsinket ({len(due.overdue)})", style="bold red"))
        late = [overdue_phrase((due.today - a.period.end).days) for a in due.overdue]
        console.print(activity_table(due.overdue, width, late=late))


def print_due_within(console: Console, title: str, activities: Sequence[Activity], today: date) -> None:
    console.print(Text(f"{title}: {len(activities)} aktiviteter", style="bold"))
    if activities:
        table = activity_table(activities, console.width)
        console.print(table)
        late = sum(1 for a in activities if is_overdue(a, today))
        if late:
            console.print(f"{late} af dem er forsinket pr. {format_date(today)}.", style="red")


def print_activity(console: Console, plan: Plan, activity: Activity, location: str) -> None:
    period = activity.period
    notes = period_notes(period)
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    rows = [
        ("Id", str(activity.id)),
        ("Tidspunkt", activity.tidspunkt),
        ("Periode", format_period(period) + (f" ({', '.join(notes)})" if notes else "")),
        ("Emne", ", ".join(activity.emne)),
        ("Aktivitet", activity.aktivitet),
        ("Ansvarlig", activity.ansvarlig),
    ]
    for label, value in rows:
        table.add_row(label, value)
    table.add_row("Status", status_text(activity.status))
    table.add_row("Fil", location)
    console.print(table)

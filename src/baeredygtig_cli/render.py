"""Text for people: Rich tables. Imported only by commands that draw, never for `--json`."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .model import Activity, Plan

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


def activity_table(activities: Sequence[Activity], width: int, title: str | None = None) -> Table:
    show_emne = width >= NARROW
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, header_style="bold")
    table.add_column("Id", justify="right", no_wrap=True)
    table.add_column("Tidspunkt", max_width=18)
    if show_emne:
        table.add_column("Emne", max_width=24)
    table.add_column("Aktivitet", ratio=3, min_width=20)
    table.add_column("Ansvarlig", ratio=2, min_width=12)
    table.add_column("Status", min_width=12)
    for a in activities:
        emne = (", ".join(a.emne),) if show_emne else ()
        table.add_row(str(a.id), a.tidspunkt, *emne, a.aktivitet, a.ansvarlig, status_text(a.status))
    return table


def print_activities(console: Console, plan: Plan, activities: Sequence[Activity]) -> None:
    if not activities:
        console.print("Ingen aktiviteter passer til filtrene.")
        return
    console.print(activity_table(activities, console.width, title=plan.titel))
    shown = "alle" if len(activities) == len(plan.activities) else f"{len(activities)} af"
    console.print(f"{shown} {len(plan.activities)} aktiviteter", style="dim")


def print_period(console: Console, text: str, period_text: str, notes: Sequence[str]) -> None:
    line = Text.assemble((text, "bold"), " → ", period_text)
    if notes:
        line.append(f" ({', '.join(notes)})", style="dim")
    console.print(line)

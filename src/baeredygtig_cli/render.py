"""Text for people: Rich tables. Imported only by commands that draw, never for `--json`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .model import FINISHED, Activity, Period, Plan
from .query import Due, is_overdue
from .report import NO_STATUS_KEY, PlanChanges, Summary, Tally

if TYPE_CHECKING:
    from .timeline import Chart
from .timing import MONTH_NAMES, format_date, format_period

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
        tid = timing_text(a)
        table.add_row(str(a.id), tid, *emne, a.aktivitet, a.ansvarlig, status_text(a.status), *extra)
    return table


def timing_text(activity: Activity) -> str:
    """The TIDSPUNKT as written; a deadline adds its date: "før jul · frist 23. december 2020"."""
    if activity.period.deadline:
        return f"{activity.tidspunkt} · {format_period(activity.period)}"
    return activity.tidspunkt


RICH_ROW_LIMIT = 200  # Rich draws ~2 ms a row; past this, plain aligned text keeps a list instant


def show_activities(
    console: Console,
    activities: Sequence[Activity],
    title: str | None = None,
    late: Sequence[str] | None = None,
) -> None:
    """A Rich table for what a person reads; plain aligned columns for long lists."""
    if len(activities) <= RICH_ROW_LIMIT:
        console.print(activity_table(activities, console.width, title=title, late=late))
        return
    console.file.write((f"{title}\n\n" if title else "") + plain_table(activities, console.width, late))


def _fit(text: str, width: int) -> str:
    return (text if len(text) <= width else text[: max(width - 1, 0)] + "…").ljust(width)


def plain_table(activities: Sequence[Activity], width: int, late: Sequence[str] | None = None) -> str:
    """Columns cut to fit `width`, one line per activity, no colour: fast for 100,000 rows."""
    show_emne = width >= NARROW
    id_width = max(len("Id"), *(len(str(a.id)) for a in activities))
    fixed = {
        "Tidspunkt": min(18, max(len(a.tidspunkt) for a in activities)),
        "Emne": 24 if show_emne else 0,
        "Status": min(18, max(len(a.status or NO_STATUS) for a in activities)),
        "Forsinket": 10 if late is not None else 0,
    }
    columns = 4 + show_emne + (late is not None)
    rest = max(width - id_width - sum(fixed.values()) - 2 * columns, 24)
    aktivitet = rest * 3 // 5
    ansvarlig = rest - aktivitet

    def line(cells: Sequence[str]) -> str:
        i, tid, emne, akt, ans, status, *extra = cells
        parts = [i.rjust(id_width), _fit(tid, fixed["Tidspunkt"])]
        parts += [_fit(emne, fixed["Emne"])] if show_emne else []
        parts += [_fit(akt, aktivitet), _fit(ans, ansvarlig), _fit(status, fixed["Status"])]
        parts += [_fit(extra[0], fixed["Forsinket"])] if late is not None else []
        return "  ".join(parts).rstrip()

    header = ["Id", "Tidspunkt", "Emne", "Aktivitet", "Ansvarlig", "Status", "Forsinket"]
    rows = [line(header), "-" * min(width, len(line(header)) + 8)]
    for n, a in enumerate(activities):
        extra = [late[n]] if late is not None else []
        rows.append(
            line(
                [
                    str(a.id),
                    a.tidspunkt,
                    ", ".join(a.emne),
                    a.aktivitet,
                    a.ansvarlig,
                    a.status or NO_STATUS,
                    *extra,
                ]
            )
        )
    return "\n".join(rows) + "\n"


def print_activities(console: Console, plan: Plan, activities: Sequence[Activity]) -> None:
    if not activities:
        console.print("Ingen aktiviteter passer til filtrene.")
        return
    show_activities(console, activities, title=plan.titel)
    shown = "alle" if len(activities) == len(plan.activities) else f"{len(activities)} af"
    console.print(f"{shown} {len(plan.activities)} aktiviteter", style="dim")


def print_period(console: Console, text: str, period: Period) -> None:
    line = Text.assemble((text, "bold"), " → ", format_period(period))
    notes = period_notes(period)
    if notes:
        line.append(f" ({', '.join(notes)})", style="dim")
    console.print(line)


def period_notes(period: Period) -> list[str]:
    flags = (("åben slutning", period.open_ended), ("løbende", period.ongoing))
    notes = [note for note, flag in flags if flag]
    return [*notes, f"regnes fra {format_date(period.start)}"] if period.deadline else notes


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


def print_due(console: Console, due: Due) -> None:
    console.print(Text(f"Aktuelt {format_date(due.today)}", style="bold"))
    if due.current:
        show_activities(console, due.current)
    else:
        console.print("Intet kører på dagen.", style="dim")
    if due.overdue:
        console.print(Text(f"Forsinket ({len(due.overdue)})", style="bold red"))
        late = [overdue_phrase((due.today - a.period.end).days) for a in due.overdue]
        show_activities(console, due.overdue, late=late)


def print_due_within(console: Console, title: str, activities: Sequence[Activity], today: date) -> None:
    console.print(Text(f"{title}: {len(activities)} aktiviteter", style="bold"))
    if activities:
        show_activities(console, activities)
        late = sum(1 for a in activities if is_overdue(a, today))
        if late:
            console.print(f"{late} af dem er forsinket pr. {format_date(today)}.", style="red")


def print_activity(console: Console, activity: Activity, location: str) -> None:
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


def print_summary(console: Console, plan: Plan, summary: Summary) -> None:
    from rich.progress_bar import ProgressBar

    narrow = console.width < 100  # below this, only the Afsluttet count keeps a column
    table = Table(title=f"{plan.titel}", box=box.SIMPLE_HEAD, pad_edge=False, header_style="bold")
    table.add_column(
        summary.by.capitalize(), min_width=14, max_width=max(console.width - 46, 14), overflow="ellipsis",
        no_wrap=narrow,
    )  # fmt: skip
    shown_statuses = [s for s in summary.statuses if not narrow or s == FINISHED]
    for status in shown_statuses:
        table.add_column(
            _short(status) if not narrow else "Afsl.", justify="right", style=STATUS_STYLES.get(status)
        )
    if summary.overall.counts.get(NO_STATUS_KEY):
        table.add_column("Ingen", justify="right", style="dim")
    table.add_column("I alt", justify="right")
    table.add_column("Fremdrift", min_width=12 if narrow else 20, no_wrap=True)

    def row(tally: Tally, style: str | None = None) -> None:
        bar = Table.grid(padding=(0, 1))
        bar.add_column(width=6 if narrow else 14)
        bar.add_column(justify="right", width=4, no_wrap=True)
        bar.add_row(
            ProgressBar(total=max(tally.total, 1), completed=tally.finished, width=6 if narrow else 14),
            f"{tally.finished_share:.0%}",
        )
        counts = [str(tally.counts.get(s, 0)) for s in shown_statuses]
        if summary.overall.counts.get(NO_STATUS_KEY):
            counts.append(str(tally.counts.get(NO_STATUS_KEY, 0)))
        table.add_row(tally.name, *counts, str(tally.total), bar, style=style)

    for tally in summary.groups:
        row(tally)
    table.add_section()
    row(summary.overall, style="bold")
    console.print(table)
    console.print(
        Text.assemble(
            (f"{summary.overdue} forsinket", "red" if summary.overdue else ""),
            f" · {summary.due_this_month} aktuelle i {MONTH_NAMES[summary.today.month - 1]} "
            f"{summary.today.year} (pr. {format_date(summary.today)})",
        )
    )


def _short(status: str) -> str:
    return "Under forb." if status == "Under forberedelse" else status


def print_timeline(console: Console, plan: Plan, chart: Chart, today: date | None) -> None:
    from .timeline import draw, legend

    plain = console.no_color or not console.is_terminal
    if not chart.rows:
        console.print("Ingen aktiviteter i perioden.")
        return
    for line in draw(chart, console.width, today, plain=plain):
        console.print(line, no_wrap=True, overflow="crop", crop=True)
    console.print(legend(plain=plain, statuses=plan.statuses), style="dim" if not plain else None)
    if chart.outside:
        noun = "aktivitet" if chart.outside == 1 else "aktiviteter"
        console.print(f"{chart.outside} {noun} ligger uden for perioden.", style="dim")


def print_changes(console: Console, changes: PlanChanges, since: str, until: str) -> None:
    console.print(Text(f"Ændringer fra {since} til {until}", style="bold"))
    if changes.empty:
        console.print("Ingen ændringer i aktiviteterne.")
        return

    def section(title: str, lines: list[Text]) -> None:
        if lines:
            console.print(Text(f"{title} ({len(lines)})", style="bold"))
            for line in lines:
                console.print(Text("  ").append_text(line))

    def name(a: Activity) -> str:
        return f"{a.id:>3}  {a.aktivitet}"

    section(
        "Tilføjet",
        [Text.assemble(("+ ", "green"), name(a), (f"  ({a.tidspunkt})", "dim")) for a in changes.added],
    )
    section(
        "Fjernet",
        [Text.assemble(("- ", "red"), name(a), (f"  ({a.tidspunkt})", "dim")) for a in changes.removed],
    )
    section(
        "Ny status",
        [
            Text.assemble(
                "  ", name(c.new), ": ", status_text(c.old.status), " → ", status_text(c.new.status)
            )
            for c in changes.status
        ],
    )
    section(
        "Nyt tidspunkt",
        [
            Text.assemble(
                "  ",
                name(c.new),
                f": {c.old.tidspunkt} → {c.new.tidspunkt}",
                (f"  ({format_period(c.old.period)} → {format_period(c.new.period)})", "dim"),
            )
            for c in changes.timing
        ],
    )
    section(
        "Ny tekst",
        [Text.assemble("  ", name(c.new), (f"  (før: {c.old.aktivitet})", "dim")) for c in changes.text],
    )

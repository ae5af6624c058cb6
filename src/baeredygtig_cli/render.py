"""Text for people, drawn with Rich: tables, summaries, the timeline's grid, changes. Imported only by
commands that draw, never for `--json` or a file export. A status is coloured by its place on the
plan's scale (statuses.py), so every renderer that shows one is given the plan's `Scale`.

Two rules hold for everything drawn here:
- Plan text reaches the terminal only through `shown`: control characters are written visibly
  (`\\x1b`), never sent raw, and a field is cut at a bound, so one enormous line costs what a normal
  one does. Rich never sees plan text as a string (it would read `[...]` as markup), only as `Text`.
- A table never loses its point at any width: statuses, counts and delays are never cut or wrapped.
  When room runs out, the least important columns go first (Emne, then Ansvarlig), and below that the
  table turns into a stacked list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .model import Activity, Period, Plan
from .query import Due, is_overdue
from .report import NO_STATUS_KEY, Change, FieldChange, PlanChanges, Summary, Tally
from .statuses import DEFAULT_SCALE, Look, Scale
from .terminaltext import SHOW_LIMIT, TEXT_LIMIT, note_said, shown, value_said
from .timeline import Chart, Row, Unit, is_weeks, today_column, unit_labels, year_labels
from .timing import MONTH_NAMES, format_date, format_period

if TYPE_CHECKING:
    from rich.console import JustifyMethod

    from .parties import PartyCount

NO_STATUS = "–"

# --- plan text on a terminal (what `shown` does is terminaltext.py's) --------------------------------


def _all_shown(texts: list[str]) -> tuple[list[str], int]:
    """`shown` for a column of 100,000 texts, and the longest's length. When none is long or has a
    control character (the common case, checked in C over all of them at once), the texts themselves."""
    longest = max(map(len, texts), default=0)
    if longest <= TEXT_LIMIT and "".join(texts).isprintable():
        return texts, longest
    texts = [shown(t) for t in texts]
    return texts, max(map(len, texts), default=0)


def safe(text: str, style: str = "", limit: int = TEXT_LIMIT) -> Text:
    """Plan text for Rich: escaped, cut, and a `Text`, so `[b]` and `:smile:` stay as written."""
    return Text(shown(text, limit), style=style)


def status_style(status: str | None, scale: Scale) -> str:
    """A status's colour by its place on the plan's scale (statuses.py); none is dim."""
    return scale.look(status).style


def status_text(status: str | None, scale: Scale) -> Text:
    return Text(NO_STATUS, style="dim") if status is None else safe(status, status_style(status, scale))


def say_nothing_matches(console: Console, plan: Plan) -> None:
    """An empty answer is said, not drawn as an empty table: the filters matched nothing, or the
    plan has no activities at all."""
    if plan.activities:
        console.print("Ingen aktiviteter passer til filtrene.")
    else:
        console.print("Planen har ingen aktiviteter.")


def wrap_items(items: Sequence[Text], width: int, separator: str = " · ", indent: str = "") -> Text:
    """Items joined by `separator`, broken into lines between items, never inside one (unless an
    item alone is wider than the line)."""
    out = Text()
    used = 0
    for item in items:
        size = item.cell_len
        if used and used + len(separator) + size > width:
            out.append("\n" + indent)
            used = len(indent)
        elif used:
            out.append(separator)
            used += len(separator)
        else:
            out.append(indent)
            used = len(indent)
        out.append_text(item)
        used += size
    return out


# --- column widths -------------------------------------------------------------------------------

GAP = 2  # columns between table columns


@dataclass(slots=True)
class _Column:
    """One column of an activity table, its cells already `shown`."""

    header: str
    cells: list[str]
    longest: int = -1  # characters in the longest cell, when known
    fixed: bool = False  # never wrapped or cut: id, status, delay
    justify: JustifyMethod = "left"
    minimum: int = 0  # a wrapping column's least width, when its cells are that long
    limit: int = 0  # a wrapping column grows no wider than this (0: as wide as its widest cell)
    weight: int = 1  # a wrapping column's share of the room left over
    style: Callable[[int], str] | None = None  # row index -> Rich style
    natural: int = field(default=0)


def _measure(columns: Sequence[_Column], measure: Callable[[str], int]) -> None:
    for column in columns:
        known = measure is len and column.longest >= 0
        widest = column.longest if known else max(map(measure, column.cells), default=0)
        column.natural = max(len(column.header), widest)
        if column.limit:
            column.natural = min(column.natural, max(column.limit, len(column.header)))


def _widths(columns: Sequence[_Column], width: int) -> list[int] | None:
    """Widths that fit `width` with every fixed column whole and every wrapping one at its minimum,
    or None. The room left over goes to the wrapping columns by weight, none past its widest cell."""
    widths = [c.natural if c.fixed else min(c.minimum, c.natural) for c in columns]
    room = width - sum(widths) - GAP * (len(columns) - 1)
    if room < 0:
        return None
    while room > 0:
        growing = [i for i, c in enumerate(columns) if not c.fixed and widths[i] < c.natural]
        if not growing:
            break
        total = sum(columns[i].weight for i in growing)
        share = room
        for i in growing:
            add = min(columns[i].natural - widths[i], max(1, share * columns[i].weight // total), room)
            widths[i] += add
            room -= add
    return widths


# Which columns, and how narrow a wrapping one may get, from the widest layout to the narrowest. A
# negative least width: at least that, and as wide as the column's longest word (up to WORD_LIMIT),
# so that Emne only comes back when its words need not be broken.
WORD_LIMIT = 24
_LAYOUTS: tuple[dict[str, int], ...] = (
    {"Id": 0, "Tidspunkt": 18, "Emne": -16, "Aktivitet": 30, "Ansvarlig": -16, "Status": 0, "Forsinket": 0},
    {"Id": 0, "Tidspunkt": 10, "Aktivitet": 20, "Ansvarlig": 16, "Status": 0, "Forsinket": 0},
    {"Id": 0, "Tidspunkt": 10, "Aktivitet": 20, "Status": 0, "Forsinket": 0},
)


def _activity_columns(
    activities: Sequence[Activity], late: Sequence[str] | None, scale: Scale | None
) -> dict[str, _Column]:
    """The columns with their cells; statuses coloured by `scale`, or not at all when None (plain text)."""
    statuses = [a.status for a in activities]
    look = scale.look if scale is not None else None
    columns = {
        "Id": _Column("Id", [str(a.id) for a in activities], fixed=True, justify="right"),
        "Tidspunkt": _Column("Tidspunkt", *_all_shown([timing_text(a) for a in activities]), limit=18),
        "Emne": _Column("Emne", *_all_shown([", ".join(a.emne) for a in activities]), limit=24),
        "Aktivitet": _Column("Aktivitet", *_all_shown([a.aktivitet for a in activities]), weight=3),
        "Ansvarlig": _Column("Ansvarlig", *_all_shown([a.ansvarlig for a in activities]), weight=2),
        "Status": _Column(
            "Status",
            *_all_shown([NO_STATUS if s is None else s for s in statuses]),
            fixed=True,
            style=(lambda i: look(statuses[i]).style) if look is not None else None,
        ),
    }
    if late is not None:
        columns["Forsinket"] = _Column("Forsinket", list(late), fixed=True, style=lambda i: "red")
    return columns


def _choose(
    columns: dict[str, _Column], width: int, measure: Callable[[str], int]
) -> tuple[list[_Column], list[int]] | None:
    """The widest layout that fits, or None: then the rows are stacked."""
    _measure(list(columns.values()), measure)
    for layout in _LAYOUTS:
        chosen = [columns[name] for name in layout if name in columns]
        for column in chosen:
            least = layout[column.header]
            column.minimum = least if least >= 0 else max(-least, min(_longest_word(column), WORD_LIMIT))
        widths = _widths(chosen, width)
        if widths is not None:
            return chosen, widths
    return None


def _longest_word(column: _Column) -> int:
    """Over the distinct cells only: a column of 100,000 ansvarlige has a few dozen."""
    return max((cell_len(word) for text in set(column.cells) for word in text.split()), default=0)


# --- activity tables -----------------------------------------------------------------------------


def activity_table(
    activities: Sequence[Activity],
    width: int,
    title: str | None = None,
    late: Sequence[str] | None = None,
    *,
    scale: Scale,
) -> Table:
    """One row per activity; `late` adds a red Forsinket column ("3 uger forsinket")."""
    columns = _activity_columns(activities, late, scale)
    table = Table(
        title=safe(title) if title else None,
        box=box.SIMPLE_HEAD,
        show_edge=False,
        collapse_padding=True,
        pad_edge=False,
        header_style="bold",
    )
    chosen = _choose(columns, width, cell_len)
    if chosen is None:
        return _stacked_table(table, columns, width)
    for column, column_width in zip(*chosen, strict=True):
        table.add_column(
            column.header,
            justify=column.justify,
            width=column_width,
            no_wrap=column.fixed,
            overflow="fold",
        )
    for i in range(len(activities)):
        table.add_row(*(Text(c.cells[i], style=c.style(i) if c.style else "") for c in chosen[0]))
    return table


def _stacked_table(table: Table, columns: dict[str, _Column], width: int) -> Table:
    """Too narrow for columns: the id, then the activity, then tidspunkt · status · delay below it."""
    ids = columns["Id"]
    id_width = max(len(c) for c in [ids.header, *ids.cells])
    room = max(width - id_width - GAP, 1)
    table.add_column("Id", justify="right", width=id_width, no_wrap=True)
    table.add_column("Aktivitet", width=room, overflow="fold")
    status, late = columns["Status"], columns.get("Forsinket")
    for i, activity_id in enumerate(ids.cells):
        items = [Text(columns["Tidspunkt"].cells[i]), Text(status.cells[i], style=_style_of(status, i))]
        if late is not None:
            items.append(Text(late.cells[i], style="red"))
        cell = Text(columns["Aktivitet"].cells[i])
        cell.append("\n").append_text(wrap_items(items, room))
        table.add_row(activity_id, cell)
    return table


def _style_of(column: _Column, i: int) -> str:
    return column.style(i) if column.style else ""


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
    *,
    scale: Scale,
) -> None:
    """A Rich table for what a person reads; plain aligned columns for long lists."""
    if len(activities) <= RICH_ROW_LIMIT:
        console.print(activity_table(activities, console.width, title=title, late=late, scale=scale))
        return
    heading = f"{shown(title)}\n\n" if title else ""
    console.file.write(heading + plain_table(activities, console.width, late))


def _cut_or_pad(text: str, width: int) -> str:
    """Exactly `width` characters: cut with "…", or padded with spaces (a plain table's cell)."""
    return (text if len(text) <= width else text[: max(width - 1, 0)] + "…").ljust(width)


def plain_table(activities: Sequence[Activity], width: int, late: Sequence[str] | None = None) -> str:
    """Columns cut to fit `width`, one line per activity, no colour: fast for 100,000 rows.
    Statuses and delays are whole; too narrow for columns, each activity takes two lines."""
    columns = _activity_columns(activities, late, None)
    chosen = _choose(columns, width, len)
    if chosen is None:
        return _plain_stacked(columns, width)
    cells = []
    for column, size in zip(*chosen, strict=True):
        texts = [column.header, *column.cells]
        if column.justify == "right":
            cells.append([c.rjust(size) for c in texts])
        elif column.fixed:
            cells.append([c.ljust(size) for c in texts])
        else:
            cut = size - 1
            cells.append([c.ljust(size) if len(c) <= size else c[:cut] + "…" for c in texts])
    header, *rows = map(str.rstrip, map((" " * GAP).join, zip(*cells, strict=True)))
    return "\n".join([header, "-" * min(width, len(header)), *rows]) + "\n"


def _plain_stacked(columns: dict[str, _Column], width: int) -> str:
    """Too narrow for columns: the id and the activity cut to fit, then tidspunkt · status · delay
    below it, broken between items."""
    ids = columns["Id"].cells
    id_width = max(len(i) for i in ids)
    room = max(width - id_width - GAP, 1)
    indent = " " * (id_width + GAP)
    late = columns.get("Forsinket")
    rows = []
    for i, activity_id in enumerate(ids):
        rows.append(
            f"{activity_id.rjust(id_width)}  {_cut_or_pad(columns['Aktivitet'].cells[i], room).rstrip()}"
        )
        meta = [columns["Tidspunkt"].cells[i], columns["Status"].cells[i], *([late.cells[i]] if late else [])]
        line = ""
        for item in meta:
            if line and len(line) + 3 + len(item) > room:
                rows.append(indent + line)
                line = item
            else:
                line = f"{line} · {item}" if line else item
        rows.append(indent + line)
    return "\n".join(rows) + "\n"


def compact_rows(
    activities: Sequence[Activity], width: int, late: Sequence[str] | None = None
) -> tuple[list[str], list[list[str]]]:
    """One line per activity: id, tidspunkt, status, delay, and the activity cut to fit, as
    (column names, padded cells per row). Status and delay are whole; the tidspunkt gives way
    before the activity does."""
    columns = _activity_columns(activities, late, None)
    names = ["Id", "Tidspunkt", "Status", *(["Forsinket"] if late is not None else []), "Aktivitet"]
    measure = cell_len if len(activities) <= RICH_ROW_LIMIT else len
    widths = {name: max((measure(c) for c in columns[name].cells), default=0) for name in names[:-1]}
    widths["Tidspunkt"] = min(widths["Tidspunkt"], 16)
    rest = width - sum(widths.values()) - GAP * (len(names) - 1)
    if rest < 16:  # the activity matters more than its tidspunkt, which `plan show` gives
        rest += widths.pop("Tidspunkt") + GAP
        names.remove("Tidspunkt")
    if rest < 1:
        names.remove("Aktivitet")
    widths["Aktivitet"] = rest
    rows = []
    for i in range(len(activities)):
        cells = []
        for name in names:
            text, size = columns[name].cells[i], widths[name]
            if name in ("Tidspunkt", "Aktivitet"):
                text = _cut_cells(text, size, measure)
            cells.append(text.rjust(size) if name == "Id" else text + " " * (size - measure(text)))
        cells[-1] = cells[-1].rstrip()
        rows.append(cells)
    return names, rows


def _cut_cells(text: str, size: int, measure: Callable[[str], int]) -> str:
    """`text` in at most `size` cells, ending in "…" if it had to be cut."""
    if measure(text) <= size:
        return text
    kept = text[: max(size - 1, 0)] if measure is len else set_cell_size(text, max(size - 1, 0))
    return kept.rstrip() + "…"


def _print_compact(
    console: Console, activities: Sequence[Activity], late: Sequence[str] | None, scale: Scale
) -> None:
    names, rows = compact_rows(activities, console.width, late)
    gap = " " * GAP
    if len(rows) > RICH_ROW_LIMIT:
        console.file.write("".join(gap.join(cells) + "\n" for cells in rows))
        return
    for i, cells in enumerate(rows):
        styles = {"Status": status_style(activities[i].status, scale), "Forsinket": "red"}
        line = Text(gap).join(
            Text(cell, style=styles.get(name, "")) for name, cell in zip(names, cells, strict=True)
        )
        console.print(line, no_wrap=True, overflow="crop")


def print_activities(console: Console, plan: Plan, activities: Sequence[Activity]) -> None:
    if not activities:
        say_nothing_matches(console, plan)
        return
    show_activities(console, activities, title=plan.title, scale=plan.scale)
    shown_count = "alle" if len(activities) == len(plan.activities) else f"{len(activities)} af"
    console.print(f"{shown_count} {len(plan.activities)} aktiviteter", style="dim")


def print_period(console: Console, text: str, period: Period) -> None:
    line = Text.assemble(safe(text, "bold"), " → ", format_period(period))
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


def _section(
    console: Console,
    activities: Sequence[Activity],
    compact: bool,
    scale: Scale,
    late: Sequence[str] | None = None,
) -> None:
    if compact:
        _print_compact(console, activities, late, scale)
    else:
        show_activities(console, activities, late=late, scale=scale)


def print_due(console: Console, plan: Plan, due: Due, *, selected: int, compact: bool = False) -> None:
    """What runs on the day and what is overdue, each under a heading with its count. `selected`:
    how many activities passed the filters; none is said as such."""
    if not selected:
        say_nothing_matches(console, plan)
        return
    console.print(Text(f"Aktuelt {format_date(due.today)} ({len(due.current)})", style="bold"))
    if due.current:
        _section(console, due.current, compact, plan.scale)
    else:
        console.print("Intet kører på dagen.", style="dim")
    console.print(Text(f"Forsinket ({len(due.overdue)})", style="bold red" if due.overdue else "bold"))
    if due.overdue:
        late = [overdue_phrase((due.today - a.period.end).days) for a in due.overdue]
        _section(console, due.overdue, compact, plan.scale, late)
    else:
        console.print("Intet er forsinket.", style="dim")


def print_due_within(
    console: Console,
    plan: Plan,
    title: str,
    activities: Sequence[Activity],
    today: date,
    *,
    selected: int,
    compact: bool = False,
) -> None:
    if not selected:
        say_nothing_matches(console, plan)
        return
    console.print(Text(f"{title}: {len(activities)} aktiviteter", style="bold"))
    if activities:
        _section(console, activities, compact, plan.scale)
        late = sum(1 for a in activities if is_overdue(a, today, plan.finished_status))
        if late:
            console.print(f"{late} af dem er forsinket pr. {format_date(today)}.", style="red")


def print_activity(console: Console, activity: Activity, location: str, *, scale: Scale) -> None:
    """Every field in full, line breaks kept; a field past SHOW_LIMIT characters says where the rest is."""
    period = activity.period
    notes = period_notes(period)
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    rows = [
        ("Id", str(activity.id)),
        ("Tidspunkt", activity.tidspunkt),
        ("Periode", format_period(period) + (f" ({', '.join(notes)})" if notes else "")),
        ("Emne", ", ".join(activity.emne)),
        ("Aktivitet", activity.aktivitet),
        ("Ansvarlig", activity.ansvarlig),
    ]
    for label, value in rows:
        text = Text(shown(value, SHOW_LIMIT, lines=True))
        if len(value) > SHOW_LIMIT:
            text.append(
                f"\n({len(value):,} tegn i alt; hele teksten: plan show {activity.id} --json)".replace(
                    ",", "."
                ),
                style="dim",
            )
        table.add_row(label, text)
    table.add_row("Status", status_text(activity.status, scale))
    for i, note in enumerate(activity.notes):
        by = f" ({note.author})" if note.author else ""
        text = Text(format_date(note.day) + by + ": ", style="dim")
        text.append(shown(note.text, SHOW_LIMIT, lines=True))
        table.add_row("Noter" if i == 0 else "", text)
    table.add_row("Fil", safe(location))
    console.print(table)


# --- summary -------------------------------------------------------------------------------------


def _count_columns(summary: Summary) -> list[tuple[str, str | None]]:
    """(header, status key) for each count column: the plan's statuses, "Ingen" if any, "I alt"."""
    columns: list[tuple[str, str | None]] = [(status, status) for status in summary.statuses]
    if summary.overall.counts.get(NO_STATUS_KEY):
        columns.append(("Ingen", NO_STATUS_KEY))
    columns.append(("I alt", None))
    return columns


def _count_style(key: str | None, scale: Scale) -> str:
    """A count column's colour: its status's, dim for "ingen", none for the total."""
    return "" if key is None else "dim" if key == NO_STATUS_KEY else status_style(key, scale)


def _counts(tally: Tally, columns: Sequence[tuple[str, str | None]]) -> list[str]:
    return [str(tally.total if key is None else tally.counts.get(key, 0)) for _, key in columns]


# (bar width or 0 for none, headers whole or wrapped at spaces, least width of the name column or 0
# for its longest word), from the widest table to the narrowest; past the last, blocks.
_SUMMARY_LAYOUTS = ((14, True, 0), (6, True, 0), (0, True, 0), (0, False, 0), (0, False, 10))


def print_summary(console: Console, plan: Plan, summary: Summary) -> None:
    """Counts per status for each group and in total. Every count is shown whole at every width: a
    table when it fits (headers wrapped at spaces, the progress bar dropped if need be), otherwise
    one block per group with its counts as "Afventer 2 · I gang 5 · ..."."""
    if not summary.overall.total:
        say_nothing_matches(console, plan)
        return
    width = console.width
    columns = _count_columns(summary)
    tallies = [*summary.shown_groups, summary.overall]
    digits = max(len(c) for t in tallies for c in _counts(t, columns))
    names = [shown(t.name) for t in tallies]
    widest = max(len(summary.by), *(cell_len(n) for n in names))
    longest_word = max(len(summary.by), *(cell_len(w) for n in names for w in n.split()))
    for bar, whole, least in _SUMMARY_LAYOUTS:
        heads = [
            cell_len(h) if whole else max((cell_len(w) for w in h.split()), default=1) for h, _ in columns
        ]
        counts = [max(h, digits) for h in heads]
        progress = max(len("Fremdrift"), bar + 6)
        fixed = sum(counts) + progress + GAP * (len(counts) + 1)
        if width - fixed >= min(least or longest_word, widest):
            _summary_table(console, plan, summary, columns, counts, min(width - fixed, widest), bar)
            break
    else:
        _summary_blocks(console, plan, summary, columns, width)
    if summary.by == "part":
        console.print("En aktivitet med flere parter tæller under hver af dem.", style="dim")
    console.print(
        wrap_items(
            [
                Text(f"{summary.overdue} forsinket", style="red" if summary.overdue else ""),
                Text(
                    f"{summary.due_this_month} aktuelle i {MONTH_NAMES[summary.today.month - 1]} "
                    f"{summary.today.year} (pr. {format_date(summary.today)})"
                ),
            ],
            width,
        )
    )


def _summary_table(
    console: Console,
    plan: Plan,
    summary: Summary,
    columns: Sequence[tuple[str, str | None]],
    counts: Sequence[int],
    name_width: int,
    bar: int,
) -> None:
    from rich.progress_bar import ProgressBar

    table = _counts_table(plan)
    table.add_column(summary.by.capitalize(), width=name_width, overflow="fold")
    for (header, key), count_width in zip(columns, counts, strict=True):  # digits never wrap
        table.add_column(
            safe(header), justify="right", width=count_width, style=_count_style(key, summary.scale)
        )
    table.add_column("Fremdrift", no_wrap=True, justify="left" if bar else "right", width=max(9, bar + 6))

    def row(tally: Tally, style: str | None = None) -> None:
        share = Text(f"{tally.finished_share:.0%}")
        if bar:
            progress = Table.grid(padding=(0, 1))
            progress.add_column(width=bar)
            progress.add_column(justify="right", width=4, no_wrap=True)
            progress.add_row(
                ProgressBar(total=max(tally.total, 1), completed=tally.finished, width=bar), share
            )
            cells: list[Text | Table] = [progress]
        else:
            cells = [share]
        table.add_row(safe(tally.name), *_counts(tally, columns), *cells, style=style)

    for tally in summary.shown_groups:
        row(tally)
    table.add_section()
    row(summary.overall, style="bold")
    console.print(table)


def _summary_blocks(
    console: Console, plan: Plan, summary: Summary, columns: Sequence[tuple[str, str | None]], width: int
) -> None:
    """Too narrow for a table: the group's name, then its counts in the table's order, wrapped
    between counts."""
    console.print(safe(plan.title, "italic"))
    for tally in [*summary.shown_groups, summary.overall]:
        bold = "bold" if tally is summary.overall else ""
        if tally is summary.overall:
            console.print()
        console.print(safe(tally.name, bold))
        items = []
        for (header, key), count in zip(columns, _counts(tally, columns), strict=True):
            name = "ingen status" if key == NO_STATUS_KEY else "i alt" if key is None else shown(header)
            style = _count_style(key, summary.scale)
            items.append(Text.assemble((name, style), " ", (count, bold)))
        items.append(Text(f"{tally.finished_share:.0%} afsluttet"))
        console.print(wrap_items(items, width, indent="  "))


# --- parties -------------------------------------------------------------------------------------


def print_parties(
    console: Console, plan: Plan, counts: Sequence[PartyCount], unnamed: Sequence[Activity]
) -> None:
    """The declared parties in the plan's order: kind, aliases, and how many activities each holds
    (is named first in) and takes part in; then the activities that name none. The counts are never
    cut: as the window narrows, the aliases go first, then the kinds, then names wrap between words,
    and where a word would not fit, each party is a block of its own."""
    names = [shown(c.party.name) for c in counts]
    kinds = [shown(c.party.kind or "") for c in counts]
    aliases = [shown(", ".join(c.party.aliases)) for c in counts]
    heads = ("Tovholder", "Medvirkende", "I alt")
    width = console.width
    room = width - sum(map(len, heads)) - GAP * len(heads)  # for the text columns and their gaps
    name_width = max(len("Part"), *map(cell_len, names))
    kind_width = max(len("Type"), *map(cell_len, kinds))
    alias_width = max(len("Alias"), *map(cell_len, aliases))
    alias_word = max(len("Alias"), *(cell_len(w) for a in aliases for w in a.split()))  # wraps between
    longest_word = max(len("Part"), *(cell_len(w) for n in names for w in n.split()))
    with_kinds = any(kinds) and room >= name_width + GAP + kind_width
    with_aliases = with_kinds and any(aliases) and room >= name_width + kind_width + 2 * GAP + alias_word
    if room < longest_word:
        _party_blocks(console, plan, counts, names, width)
    else:
        table = _counts_table(plan)
        table.add_column("Part", overflow="fold", width=min(name_width, room))
        if with_kinds:
            table.add_column("Type", no_wrap=True, width=kind_width)
        if with_aliases:
            rest = room - name_width - kind_width - 2 * GAP
            table.add_column("Alias", overflow="fold", width=min(alias_width, rest))
        for header in heads:
            table.add_column(header, justify="right", no_wrap=True, width=len(header))
        for count, name, kind, alias in zip(counts, names, kinds, aliases, strict=True):
            cells = [name, *([kind] if with_kinds else []), *([alias] if with_aliases else [])]
            numbers = (len(count.lead), len(count.collaborating), count.total)
            table.add_row(*(Text(cell) for cell in cells), *map(str, numbers))
        console.print(table)
    total = len(plan.activities)
    if not unnamed:
        console.print(f"{total} aktiviteter; alle nævner en erklæret part.")
        return
    ids = ", ".join(str(a.id) for a in unnamed)
    console.print(
        f"{len(unnamed)} af {total} aktiviteter nævner ingen erklæret part: {ids} (se plan check)",
        style="yellow",
    )


def _party_blocks(
    console: Console, plan: Plan, counts: Sequence[PartyCount], names: Sequence[str], width: int
) -> None:
    """Too narrow for a table: each party's name, then its counts."""
    console.print(safe(plan.title, "italic"))
    for count, name in zip(counts, names, strict=True):
        console.print(Text(name, "bold"))
        items = [
            Text(f"tovholder {len(count.lead)}"),
            Text(f"medvirkende {len(count.collaborating)}"),
            Text(f"i alt {count.total}"),
        ]
        console.print(wrap_items(items, width, indent="  "))


# --- timeline: the grid of timeline.py drawn as lines of Rich text that never wrap -----------------

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

    def bar(self, look: Look) -> str:
        """Without colour, the status's glyph ("-", "=", "#", ...) tells statuses apart."""
        return look.glyph if self.plain else "█"

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
    good = GOOD_CELL[is_weeks(chart.units)]
    cell = good if units * good + least <= room else max(1, (room - least) // units)
    label = max(least, min(need, room - cell * units, room // 2))
    cell = max(cell, min(MAX_CELL, (room - label) // units))
    label = max(min(need, room - cell * units), least)
    fitting = max(0, min(len(chart.units), (room - label) // cell))
    return label, cell, fitting


def fitting_units(chart: Chart, width: int) -> int:
    """How many of the chart's columns fit `width` (the rest are left out, and the chart says so)."""
    return _layout(chart, width)[2]


def _label_cell(text: str, width: int) -> str:
    """A label padded or cut with "…" to exactly `width` cells."""
    if cell_len(text) <= width:
        return text + " " * (width - cell_len(text))
    cut = Text(text)
    cut.truncate(width, overflow="ellipsis", pad=True)
    return cut.plain


def draw(chart: Chart, width: int, today: date | None, *, plain: bool, scale: Scale) -> list[Text]:
    """Lines no wider than `width`, bars in the look of their status on the plan's `scale`. Plain
    glyphs (ASCII) when there is no colour to tell statuses apart."""
    glyphs = Glyphs(plain)
    label_width, cell, fitting = _layout(chart, width)
    units = chart.units[:fitting]
    marker = today_column(units, cell, today)
    lines = _header(units, label_width, cell, marker, today, glyphs)
    for row in chart.rows:
        line = Text(_label_cell(_label_text(row), label_width) + " ", no_wrap=True, overflow="crop")
        for i, count in enumerate(row.cells[:fitting]):
            for offset in range(cell):
                char, style = _cell(row, count, offset, cell, glyphs, scale)
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


def _cell(row: Row, count: int, offset: int, cell: int, glyphs: Glyphs, scale: Scale) -> tuple[str, str]:
    if not count:
        return " ", ""
    if row.group:
        return glyphs.density(count), "cyan"
    if row.single_day and offset != cell // 2:
        return " ", ""
    look = scale.look(row.status)
    return (glyphs.mark("day") if row.single_day else glyphs.bar(look)), look.style


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


def legend(chart: Chart, today: date | None, *, plain: bool, scale: Scale, width: int) -> Text:
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
        for status in (*scale.words, None):
            look = scale.look(status)
            name = shown(status or "ingen status")
            items.append(Text.assemble((glyphs.bar(look), "" if plain else look.style), f" {name}"))
    rows = chart.rows
    arrow = any(row.open_ended and row.cells[-1] for row in rows)
    more = any(row.continues for row in rows) or fitting_units(chart, width) < len(chart.units)
    marks = [("arrow", "åben slutning")] if arrow else []
    if more and plain and arrow:  # one glyph, ">", for both
        marks = [("arrow", "åben slutning eller fortsætter efter sidste kolonne")]
    elif more:
        marks.append(("more", "fortsætter efter sidste kolonne"))
    if today_column(chart.units, 1, today) is not None:
        marks.append(("today", "i dag"))
    if any(row.single_day for row in rows):
        marks.append(("day", "én dag"))
    items += [Text(f"{glyphs.mark(name)} {words}") for name, words in marks]
    text = wrap_items(items, width, separator="  ")
    if not plain:
        text.stylize("dim")
    return text


# --- timeline and changes ------------------------------------------------------------------------


def print_timeline(console: Console, plan: Plan, chart: Chart, today: date | None) -> None:
    """The chart, or what explains its absence: no activity passed the filters, or none falls in
    the period."""
    plain = console.no_color or not console.is_terminal
    if not chart.rows:
        if chart.outside:
            noun = "aktivitet" if chart.outside == 1 else "aktiviteter"
            console.print(f"Ingen aktiviteter i perioden ({chart.outside} {noun} ligger uden for).")
        else:
            say_nothing_matches(console, plan)
        return
    scale = plan.scale
    for line in draw(chart, console.width, today, plain=plain, scale=scale):
        console.print(line, no_wrap=True, overflow="crop", crop=True)
    console.print(legend(chart, today, plain=plain, scale=scale, width=console.width))
    shown_units = fitting_units(chart, console.width)
    if shown_units < len(chart.units):
        console.print(
            f"Kun de første {shown_units} af {len(chart.units)} kolonner er plads til; "
            "vælg en kortere --periode eller et bredere vindue.",
            style="dim",
        )
    if chart.outside:
        noun = "aktivitet" if chart.outside == 1 else "aktiviteter"
        console.print(f"{chart.outside} {noun} ligger uden for perioden.", style="dim")


def print_changes(
    console: Console,
    changes: PlanChanges,
    since: str,
    until: str,
    notes: Sequence[str] = (),
    *,
    plans: tuple[Plan | None, Plan | None],
) -> None:
    """Added, removed, then each changed field with its value before and after: statuses and timings
    first (what a meeting asks about), then everything else ("18  ...: ansvarlig 'X' → 'Y'").
    `plans`: the two versions (None: no file then), whose scales colour a status before and after."""
    scales = tuple(plan.scale if plan is not None else DEFAULT_SCALE for plan in plans)
    console.print(safe(f"Ændringer fra {since} til {until}", "bold"))
    for note in notes:
        console.print(safe(note, "dim"))
    if changes.empty:
        console.print("Ingen ændringer i aktiviteterne.")
        return

    def section(title: str, lines: list[Text]) -> None:
        if lines:
            console.print(Text(f"{title} ({len(lines)})", style="bold"))
            for line in lines:
                console.print(Text("  ").append_text(line))

    def name(a: Activity) -> Text:
        return safe(f"{a.id:>3}  {a.aktivitet}")

    def lines(kinds: tuple[str, ...]) -> list[Text]:
        found = []
        for change in changes.changed:
            for changed in change.fields:
                if changed.field in kinds:
                    # The activity's text names it, unless the text is what changed.
                    label = (
                        Text(f"{change.new.id:>3}  ") if changed.field == "aktivitet" else name(change.new)
                    )
                    if changed.field != "aktivitet":
                        label.append(": ")
                    found.append(Text.assemble("  ", label, *_field_change(changed, change, scales)))
        return found

    section(
        "Tilføjet",
        [Text.assemble(("+ ", "green"), name(a), safe(f"  ({a.tidspunkt})", "dim")) for a in changes.added],
    )
    section(
        "Fjernet",
        [Text.assemble(("- ", "red"), name(a), safe(f"  ({a.tidspunkt})", "dim")) for a in changes.removed],
    )
    section("Ny status", lines(("status",)))
    section("Nyt tidspunkt", lines(TIMING_FIELDS))
    section("Andre ændringer", lines(("emne", "aktivitet", "ansvarlig")))
    section(
        "Nye noter",
        [
            Text.assemble("  ", name(change.new), ": ", safe(note_said(note)))
            for change in changes.noted
            for note in change.notes
        ],
    )


TIMING_FIELDS = ("tidspunkt", "år", "periode")


def _field_change(
    field: FieldChange, change: Change, scales: tuple[Scale, ...]
) -> tuple[str | Text | tuple[str, str], ...]:
    """ "ansvarlig 'X' → 'Y'"; texts quoted so that a changed space shows; a timing with its period."""
    if field.field == "status":
        before, after = field.before, field.after
        assert before is None or isinstance(before, str)
        assert after is None or isinstance(after, str)
        return "status ", status_text(before, scales[0]), " → ", status_text(after, scales[-1])
    if field.field == "periode":
        assert isinstance(field.before, Period) and isinstance(field.after, Period)
        return (f"periode {format_period(field.before)} → {format_period(field.after)}",)
    said = safe(
        f"{field.field} {value_said(field.before, field.field)} → {value_said(field.after, field.field)}"
    )
    old, new = change.old.period, change.new.period
    if field.field in TIMING_FIELDS and old != new:
        return said, (f"  ({format_period(old)} → {format_period(new)})", "dim")
    return (said,)


def _counts_table(plan: Plan) -> Table:
    """The frame of a table of counts (summary, parties): the plan's title, no outer edge."""
    return Table(
        title=safe(plan.title),
        box=box.SIMPLE_HEAD,
        show_edge=False,
        collapse_padding=True,
        pad_edge=False,
        header_style="bold",
    )

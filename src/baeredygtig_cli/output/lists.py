"""Activity lists for `plan list` and `plan due`, the commands people type most, drawn without Rich's
Console or Table (`screen.py`, `tablegrid.py` draw what Rich would, in a fraction of the time).

Up to TABLE_ROW_LIMIT rows are a table whose cells wrap; longer lists are plain aligned columns cut to
fit, so even 100,000 activities show at once. The same rules hold as in render.py: plan text reaches
the terminal only through `shown`, and statuses, ids and delays are never cut or wrapped. When room
runs out, Emne goes first, then Ansvarlig, and below that each activity is stacked under its id.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from rich.cells import cell_len, set_cell_size

from baeredygtig_cli.domain.model import Activity, Plan
from baeredygtig_cli.domain.query import Due, DueAnswer, is_overdue
from baeredygtig_cli.domain.statuses import Scale
from baeredygtig_cli.domain.timing import format_date, format_period
from baeredygtig_cli.output.grid import ASCII, SIMPLE_HEAD, Box, GridColumn, grid
from baeredygtig_cli.output.terminal import Justify, Screen, wrap
from baeredygtig_cli.output.text import TEXT_LIMIT, Line, Run, shown

NO_STATUS = "–"
TABLE_ROW_LIMIT = 200  # past this, plain aligned text keeps a list instant (the table wraps every cell)


def _all_shown(texts: list[str]) -> tuple[list[str], int]:
    """`shown` for a column of 100,000 texts, and the longest's length. When none is long or has a
    control character (the common case, checked in C over all of them at once), the texts themselves."""
    longest = max(map(len, texts), default=0)
    if longest <= TEXT_LIMIT and "".join(texts).isprintable():
        return texts, longest
    texts = [shown(t) for t in texts]
    return texts, max(map(len, texts), default=0)


def status_style(status: str | None, scale: Scale) -> str:
    """A status's colour by its place on the plan's scale (statuses.py); none is dim."""
    return scale.look(status).style


def nothing_matches(plan: Plan) -> str:
    """An empty answer is said, not drawn as an empty table: the filters matched nothing, or the
    plan has no activities at all."""
    return "Ingen aktiviteter passer til filtrene." if plan.activities else "Planen har ingen aktiviteter."


def line_starts(sizes: Sequence[int], width: int, separator: int, indent: int) -> list[bool]:
    """Items of these sizes joined by a separator of `separator` cells: which of them begin a new line
    (indented by `indent`), so that lines break between items, never inside one (unless an item alone
    is wider than the line)."""
    starts = []
    used = 0
    for size in sizes:
        new = bool(used) and used + separator + size > width
        starts.append(new)
        used = (indent if new or not used else used + separator) + size
    return starts


def item_runs(items: Sequence[Line], width: int, separator: str = " · ", indent: str = "") -> list[Run]:
    """Items (each a line of runs) joined by `separator`, broken into lines between items."""
    sizes = [cell_len("".join(text for text, _ in item)) for item in items]
    out: list[Run] = []
    for i, (item, new) in enumerate(
        zip(items, line_starts(sizes, width, len(separator), len(indent)), strict=True)
    ):
        out.append(("\n" + indent, "") if new else (separator, "") if i else (indent, ""))
        out.extend(item)
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
    justify: Justify = "left"
    minimum: int = 0  # a wrapping column's least width, when its cells are that long
    limit: int = 0  # a wrapping column grows no wider than this (0: as wide as its widest cell)
    weight: int = 1  # a wrapping column's share of the room left over
    style: Callable[[int], str] | None = None  # row index -> style (Rich's style words)
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
    ascii_only: bool = False,
) -> list[list[Run]]:
    """One row per activity, the title centred above; `late` adds a red Forsinket column ("3 uger
    forsinket"). Too narrow for columns, each activity is stacked under its id."""
    columns = _activity_columns(activities, late, scale)
    chosen = _choose(columns, width, cell_len)
    title_line = [(shown(title), "")] if title else None
    box = ASCII if ascii_only else SIMPLE_HEAD
    if chosen is None:
        return _stacked_table(columns, width, title_line, box)
    grid_columns = [
        GridColumn(column.header, size, column.justify, no_wrap=column.fixed)
        for column, size in zip(*chosen, strict=True)
    ]
    rows = [[[(c.cells[i], _style_of(c, i))] for c in chosen[0]] for i in range(len(activities))]
    return grid(grid_columns, rows, title=title_line, box=box)


def _stacked_table(columns: dict[str, _Column], width: int, title: Line | None, box: Box) -> list[list[Run]]:
    """Too narrow for columns: the id, then the activity, then tidspunkt · status · delay below it."""
    ids = columns["Id"]
    id_width = max(len(c) for c in [ids.header, *ids.cells])
    room = max(width - id_width - GAP, 1)
    status, late = columns["Status"], columns.get("Forsinket")
    rows: list[list[Line]] = []
    for i, activity_id in enumerate(ids.cells):
        items: list[Line] = [[(columns["Tidspunkt"].cells[i], "")], [(status.cells[i], _style_of(status, i))]]
        if late is not None:
            items.append([(late.cells[i], "red")])
        cell = [(columns["Aktivitet"].cells[i] + "\n", ""), *item_runs(items, room)]
        rows.append([[(activity_id, "")], cell])
    stacked = [GridColumn("Id", id_width, "right", no_wrap=True), GridColumn("Aktivitet", room)]
    return grid(stacked, rows, title=title, box=box)


def _style_of(column: _Column, i: int) -> str:
    return column.style(i) if column.style else ""


def timing_text(activity: Activity) -> str:
    """The TIDSPUNKT as written; a deadline adds its date: "før jul · frist 23. december 2020"."""
    if activity.period.deadline:
        return f"{activity.tidspunkt} · {format_period(activity.period)}"
    return activity.tidspunkt


def show_activities(
    screen: Screen,
    activities: Sequence[Activity],
    title: str | None = None,
    late: Sequence[str] | None = None,
    *,
    scale: Scale,
) -> None:
    """A table for what a person reads; plain aligned columns for long lists."""
    if len(activities) <= TABLE_ROW_LIMIT:
        table = activity_table(
            activities, screen.width, title, late, scale=scale, ascii_only=screen.ascii_only
        )
        screen.write(screen.drawn(table))
        return
    heading = f"{shown(title)}\n\n" if title else ""
    screen.write(heading + plain_table(activities, screen.width, late))


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
    measure = cell_len if len(activities) <= TABLE_ROW_LIMIT else len
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
    screen: Screen, activities: Sequence[Activity], late: Sequence[str] | None, scale: Scale
) -> None:
    names, rows = compact_rows(activities, screen.width, late)
    gap = " " * GAP
    if len(rows) > TABLE_ROW_LIMIT:
        screen.write("".join(gap.join(cells) + "\n" for cells in rows))
        return
    lines = []
    for i, cells in enumerate(rows):
        styles = {"Status": status_style(activities[i].status, scale), "Forsinket": "red"}
        line: list[Run] = []
        for name, cell in zip(names, cells, strict=True):
            line.extend([(gap, "")] if line else [])
            line.append((cell, styles.get(name, "")))
        lines.append(line)
    screen.write("".join(screen.drawn(wrap(line, screen.width, no_wrap=True)) for line in lines))


def print_activities(screen: Screen, plan: Plan, activities: Sequence[Activity]) -> None:
    if not activities:
        screen.print(nothing_matches(plan))
        return
    show_activities(screen, activities, title=plan.title, scale=plan.scale)
    shown_count = "alle" if len(activities) == len(plan.activities) else f"{len(activities)} af"
    screen.print(f"{shown_count} {len(plan.activities)} aktiviteter", "dim")


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
    screen: Screen,
    activities: Sequence[Activity],
    compact: bool,
    scale: Scale,
    late: Sequence[str] | None = None,
) -> None:
    if compact:
        _print_compact(screen, activities, late, scale)
    else:
        show_activities(screen, activities, late=late, scale=scale)


def print_due_answer(screen: Screen, plan: Plan, answer: DueAnswer, *, compact: bool = False) -> None:
    """`plan due`'s answer on the terminal: the day's two sections, or the window's one."""
    question = answer.question
    if question.window:
        touching, day, selected = answer.due.current, question.day, answer.selected
        print_due_within(screen, plan, question.title, touching, day, selected=selected, compact=compact)
    else:
        print_due(screen, plan, answer.due, selected=answer.selected, compact=compact)


def print_due(screen: Screen, plan: Plan, due: Due, *, selected: int, compact: bool = False) -> None:
    """What runs on the day and what is overdue, each under a heading with its count. `selected`:
    how many activities passed the filters; none is said as such."""
    if not selected:
        screen.print(nothing_matches(plan))
        return
    screen.print(f"Aktuelt {format_date(due.today)} ({len(due.current)})", "bold")
    if due.current:
        _section(screen, due.current, compact, plan.scale)
    else:
        screen.print("Intet kører på dagen.", "dim")
    screen.print(f"Forsinket ({len(due.overdue)})", "bold red" if due.overdue else "bold")
    if due.overdue:
        late = [overdue_phrase((due.today - a.period.end).days) for a in due.overdue]
        _section(screen, due.overdue, compact, plan.scale, late)
    else:
        screen.print("Intet er forsinket.", "dim")


def print_due_within(
    screen: Screen,
    plan: Plan,
    title: str,
    activities: Sequence[Activity],
    today: date,
    *,
    selected: int,
    compact: bool = False,
) -> None:
    if not selected:
        screen.print(nothing_matches(plan))
        return
    screen.print(f"{title}: {len(activities)} aktiviteter", "bold")
    if activities:
        _section(screen, activities, compact, plan.scale)
        late = sum(1 for a in activities if is_overdue(a, today, plan.finished_status))
        if late:
            screen.print(f"{late} af dem er forsinket pr. {format_date(today)}.", "red")

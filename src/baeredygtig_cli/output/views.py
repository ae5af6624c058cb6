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

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from baeredygtig_cli.domain.model import Activity, Party, Period, Plan
from baeredygtig_cli.domain.statuses import DEFAULT_SCALE, Look, Scale
from baeredygtig_cli.domain.summary import NO_STATUS_KEY, Change, FieldChange, PlanChanges, Summary, Tally
from baeredygtig_cli.domain.timing import MONTH_NAMES, format_date, format_period
from baeredygtig_cli.output.lists import GAP, NO_STATUS, line_starts, nothing_matches, status_style
from baeredygtig_cli.output.text import (
    SHOW_LIMIT,
    TEXT_LIMIT,
    note_edit_said,
    note_heading,
    note_said,
    shown,
    value_said,
)
from baeredygtig_cli.output.timeline import Chart, Row, Unit, is_weeks, today_column, unit_labels, year_labels

if TYPE_CHECKING:
    from baeredygtig_cli.domain.parties import PartyCount

# --- plan text on a terminal (what `shown` does is terminaltext.py's) --------------------------------


def safe(text: str, style: str = "", limit: int = TEXT_LIMIT) -> Text:
    """Plan text for Rich: escaped, cut, and a `Text`, so `[b]` and `:smile:` stay as written."""
    return Text(shown(text, limit), style=style)


def status_text(status: str | None, scale: Scale) -> Text:
    return Text(NO_STATUS, style="dim") if status is None else safe(status, status_style(status, scale))


def wrap_items(items: Sequence[Text], width: int, separator: str = " · ", indent: str = "") -> Text:
    """Items joined by `separator`, broken into lines between items (listing.line_starts)."""
    out = Text()
    starts = line_starts([item.cell_len for item in items], width, len(separator), len(indent))
    for i, (item, new) in enumerate(zip(items, starts, strict=True)):
        out.append("\n" + indent if new else separator if i else indent)
        out.append_text(item)
    return out


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


def print_activity(
    console: Console,
    activity: Activity,
    location: str,
    *,
    scale: Scale,
    history: Sequence[tuple[str, str, str, str]] | None = None,
    parties: tuple[Party, ...] = (),
) -> None:
    """Every field in full, line breaks kept; a field past SHOW_LIMIT characters says where the rest is.
    `parties`: the plan's declared parties, read in `ansvarlig` (tovholder and collaborators).
    `history`: its last changes, newest first, as (date, author, what, commit) (memoryrender.
    activity_change_said), in columns of their own, as Org's LOGBOOK."""
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
                f"\n({len(value):,} tegn i alt; hele teksten: plan vis {activity.id} --json)".replace(
                    ",", "."
                ),
                style="dim",
            )
        table.add_row(label, text)
    if parties:
        from baeredygtig_cli.domain.parties import roles

        lead, others = roles(activity.ansvarlig, parties)
        table.add_row("Tovholder", Text(shown(lead.name)) if lead else Text("ingen af planens parter", "dim"))
        if others:
            table.add_row("Medvirkende", Text(shown(", ".join(p.name for p in others))))
    table.add_row("Status", status_text(activity.status, scale))
    for i, note in enumerate(activity.notes):
        text = Text(note_heading(note) + ": ", style="dim")
        text.append(shown(note.text, SHOW_LIMIT, lines=True))
        table.add_row("Noter" if i == 0 else "", text)
    table.add_row("Fil", safe(location))
    if history:
        changes = Table.grid(padding=(0, 2))
        changes.add_column(no_wrap=True)
        changes.add_column(style="bold")
        changes.add_column(overflow="fold", ratio=1)
        for day, author, what, commit in history:
            changes.add_row(day, Text(author), Text.assemble(what, "  ", (f"({commit})", "dim")))
        table.add_row("Historik", changes)
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
# The summary's table layouts, widest first: (progress bar width, headers whole, gap between columns).
# The last one (headers wrapped between words, one space between columns) keeps a table at 80 columns
# for the shipped plan's longest words ("Direktionssekretariatet"); where even that leaves the name
# column narrower than a word of a name, each group is a block instead: a name is never cut mid-word.
_SUMMARY_LAYOUTS = ((14, True, GAP), (6, True, GAP), (0, True, GAP), (0, False, GAP), (0, False, 1))


def print_summary(console: Console, plan: Plan, summary: Summary) -> None:
    """Counts per status for each group and in total. Every count is shown whole at every width: a
    table when it fits (headers wrapped at spaces, the progress bar dropped if need be), otherwise
    one block per group with its counts as "Afventer 2 · I gang 5 · ..."."""
    if not summary.overall.total:
        console.print(nothing_matches(plan))
        return
    width = console.width
    columns = _count_columns(summary)
    tallies = [*summary.shown_groups, summary.overall]
    digits = max(len(c) for t in tallies for c in _counts(t, columns))
    names = [shown(t.name) for t in tallies]
    widest = max(len(summary.by), *(cell_len(n) for n in names))
    longest_word = max(len(summary.by), *(cell_len(w) for n in names for w in n.split()))
    for bar, whole, gap in _SUMMARY_LAYOUTS:
        heads = [
            cell_len(h) if whole else max((cell_len(w) for w in h.split()), default=1) for h, _ in columns
        ]
        counts = [max(h, digits) for h in heads]
        progress = max(len("Fremdrift"), bar + 6)
        fixed = sum(counts) + progress + gap * (len(counts) + 1)
        if width - fixed >= longest_word:
            _summary_table(console, plan, summary, columns, counts, min(width - fixed, widest), bar, gap)
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
                    f"{summary.due_this_month} {'aktuel' if summary.due_this_month == 1 else 'aktuelle'} "
                    f"i {MONTH_NAMES[summary.today.month - 1]} "
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
    gap: int,
) -> None:
    from rich.progress_bar import ProgressBar

    table = _counts_table(plan, gap)
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
        f"{len(unnamed)} af {total} aktiviteter nævner ingen erklæret part: {ids} (se plan tjek)",
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
            console.print(nothing_matches(plan))
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
    section(
        "Rettede noter",
        [
            Text.assemble("  ", name(change.new), ": ", safe(note_edit_said(old, new)))
            for change in changes.renoted
            for old, new in change.edited
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


def _counts_table(plan: Plan, gap: int = GAP) -> Table:
    """The frame of a table of counts (summary, parties): the plan's title, no outer edge, `gap`
    spaces between columns (1 or 2)."""
    return Table(
        title=safe(plan.title),
        box=box.SIMPLE_HEAD,
        show_edge=False,
        collapse_padding=True,
        pad_edge=False,
        header_style="bold",
        padding=(0, 1) if gap == GAP else (0, 0),
    )

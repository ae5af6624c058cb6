"""`plan rapport`: the status report to the council for a period.

Three steps, each pure: `build` gathers the figures from the two versions, the progress series and
today (the command line reads git and the clock); `document` says what the report says, as a list of
blocks (headings, paragraphs, lists, tables, the chart) in the order of a Danish agenda item (front
matter, "Resumé", "Sagsfremstilling"); the renderers only draw those blocks: Markdown here, the
print-ready HTML page in `councilpage.py` (which `printing.py` prints to PDF), the Word document in
`word.py`. So every format says the
same, and a new section is written once.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from baeredygtig_cli.domain.model import Activity, Note, Period, Plan
from baeredygtig_cli.domain.parties import count_parties, reader_for
from baeredygtig_cli.domain.query import due_within, is_overdue
from baeredygtig_cli.domain.summary import NO_STATUS_KEY, Change, compare
from baeredygtig_cli.domain.timing import format_date, format_period, months_later
from baeredygtig_cli.output.text import note_line

if TYPE_CHECKING:
    from collections.abc import Callable

    from baeredygtig_cli.history.versions import Series

NEXT_MONTHS = 3  # section 5: what is planned for the next three months
NO_THEME = "Uden emne"  # the group of an activity whose first emne is empty
RUNNING = "Aktuelle efter tidsplanen"  # not the status "I gang": see `RUNNING_SAID`


@dataclass(frozen=True, slots=True)
class Figures:
    """The headline figures of one version of the plan on one day."""

    total: int
    finished: int
    running: int  # its period holds the day and it is not finished, whatever its status
    overdue: int


@dataclass(frozen=True, slots=True)
class PartyRow:
    name: str
    lead: int
    collaborating: int
    counts: dict[str, int]  # per status (NO_STATUS_KEY: none) of all its activities
    overdue: int


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """What an agenda item carries above its text: whose plan, for which committee and meeting, and
    the coordinator's own resumé (None: the report writes one from the figures)."""

    municipality: str | None = None
    committee: str | None = None
    meeting: date | None = None
    resume: str | None = None


@dataclass(frozen=True, slots=True)
class Theme:
    """One emne of sections 4 and 5: its rows, and the state of all its activities on the day."""

    name: str
    rows: list[Activity]
    total: int
    finished: int
    running: int
    overdue: int


@dataclass(frozen=True, slots=True)
class Report:
    plan: Plan
    start: date  # the period's first day
    today: date  # its last day: the day the report answers for
    since: str  # how the start version is named ("6ed5420 (1. februar 2020)"): the colophon's
    until: str
    now: Figures
    before: Figures | None  # None: no version of the plan in git to compare with
    finished: list[Change]
    started: list[Change]
    rescheduled: list[Change]
    added: list[Activity]
    removed: list[Activity]
    notes: list[tuple[Activity, Note]]  # the notes written in the period, by activity
    overdue: list[Activity]
    coming: list[Activity]
    coming_period: Period
    parties: list[PartyRow]
    series: Series | None
    front: FrontMatter = field(default_factory=FrontMatter)
    # The day the plan came into git, where that is after the period's start: what happened before it
    # is not known, and the figures "at the start" are those of that first version (on that day).
    known_from: date | None = None

    @property
    def before_day(self) -> date:
        """The day the figures of the start version answer for."""
        return self.start if self.known_from is None or self.before_git else self.known_from

    @property
    def before_git(self) -> bool:
        """The whole period lies before the plan's first version in git: git knows nothing of it."""
        return self.known_from is not None and self.known_from > self.today


def figures(plan: Plan | None, day: date) -> Figures | None:
    if plan is None:
        return None
    done = plan.finished_status
    acts = plan.activities
    finished = sum(1 for a in acts if plan.is_finished(a))
    running = sum(1 for a in acts if a.period.contains(day) and not plan.is_finished(a))
    overdue = sum(1 for a in acts if is_overdue(a, day, done))
    return Figures(len(acts), finished, running, overdue)


def _started(change: Change, plan: Plan) -> bool:
    """Moved from no status or the scale's first status to a later one that is not finished."""
    first = plan.statuses[0] if plan.statuses else None
    old, new = change.old.status, change.new.status
    return old in (None, first) and new not in (None, first) and not plan.is_finished(change.new)


def build(
    old_plan: Plan | None,
    plan: Plan,
    start: date,
    today: date,
    since: str,
    until: str,
    series: Series | None = None,
    *,
    front: FrontMatter | None = None,
    known_from: date | None = None,
) -> Report:
    """The report on `plan` (as it stood at the end of the period, answering for `today`) against
    `old_plan` (as it stood when the period began, on `start`; or, with `known_from` after `start`,
    the plan's first version in git, from that day)."""
    if known_from is not None and known_from <= start:
        known_from = None
    if known_from is not None and known_from > today:  # git knows nothing of the period
        old_plan, series = None, None
        changes = compare((), ())
    else:
        changes = compare(old_plan.activities if old_plan else (), plan.activities)
    finished = [c for c in changes.status if plan.is_finished(c.new)]
    started = [c for c in changes.status if _started(c, plan)]
    notes = [(c.new, n) for c in changes.noted for n in c.notes]
    notes += [(a, n) for a in changes.added for n in a.notes if n.day >= start]
    notes.sort(key=lambda pair: (pair[1].day, pair[0].id))
    done = plan.finished_status
    overdue = sorted(
        (a for a in plan.activities if is_overdue(a, today, done)), key=lambda a: (a.period.end, a.id)
    )
    coming_period = Period(today + timedelta(days=1), months_later(today, NEXT_MONTHS))
    coming = due_within(plan.activities, coming_period, finished=done)
    if series is not None:
        first_key = f"{start.year}-{start.month:02d}"
        series = dataclasses.replace(series, points=[p for p in series.points if p.key >= first_key])
    before_day = known_from if known_from is not None else start
    return Report(
        plan=plan,
        start=start,
        today=today,
        since=since,
        until=until,
        now=figures(plan, today) or Figures(0, 0, 0, 0),
        before=figures(old_plan, before_day),
        finished=finished,
        started=started,
        rescheduled=list(changes.timing),
        added=list(changes.added),
        removed=list(changes.removed),
        notes=notes,
        overdue=overdue,
        coming=coming,
        coming_period=coming_period,
        parties=_party_rows(plan, today),
        series=series,
        front=front or FrontMatter(),
        known_from=known_from,
    )


def _party_rows(plan: Plan, today: date) -> list[PartyRow]:
    """Each declared party with its activities' statuses; a last row for those naming none."""
    if not plan.parties:
        return []
    counted, unnamed = count_parties(plan.activities, plan.parties)
    rows = [_row(c.party.name, c.lead, c.collaborating, plan, today) for c in counted]
    if unnamed:
        rows.append(_row("Ingen erklæret part", unnamed, [], plan, today))
    return rows


def _row(name: str, lead: list[Activity], others: list[Activity], plan: Plan, today: date) -> PartyRow:
    counts: dict[str, int] = {}
    for a in (*lead, *others):
        counts[a.status or NO_STATUS_KEY] = counts.get(a.status or NO_STATUS_KEY, 0) + 1
    overdue = sum(1 for a in (*lead, *others) if is_overdue(a, today, plan.finished_status))
    return PartyRow(name, len(lead), len(others), counts, overdue)


def theme_of(activity: Activity) -> str:
    """The emne an activity is listed under in the report: its first (so every row stands once)."""
    first = activity.emne[0].strip() if activity.emne else ""
    return first or NO_THEME


def themes(plan: Plan, rows: Sequence[Activity], today: date) -> list[Theme]:
    """`rows` grouped by `theme_of`, the themes in the order the plan first names them; each with
    how many of all the plan's activities in it are finished, running and overdue on `today`."""
    members: dict[str, list[Activity]] = {}
    for a in plan.activities:
        members.setdefault(theme_of(a), []).append(a)
    listed: dict[str, list[Activity]] = {}
    for a in rows:
        listed.setdefault(theme_of(a), []).append(a)
    done = plan.finished_status
    found = []
    for name, everyone in members.items():
        if name in listed:
            found.append(
                Theme(
                    name,
                    listed.pop(name),
                    total=len(everyone),
                    finished=sum(1 for a in everyone if plan.is_finished(a)),
                    running=sum(1 for a in everyone if a.period.contains(today) and not plan.is_finished(a)),
                    overdue=sum(1 for a in everyone if is_overdue(a, today, done)),
                )
            )
    for name, left in listed.items():  # rows the plan does not hold (never, but never lost either)
        found.append(Theme(name, left, len(left), 0, 0, 0))
    return found


# --- what the report says, as blocks ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Heading:
    level: int  # 1 the title, 2 "Resumé" and "Sagsfremstilling", 3 the numbered sections, 4 below
    text: str


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of runs. `role` says what it is, for a renderer's look: "" (text), "notice" (a
    warning the reader must see), "note" (an explanation under a table), "theme" (a theme's one-line
    status, kept with its rows), "empty" (a heading and "ingen." on one line), "colophon"."""

    runs: tuple[Run, ...]
    role: str = ""

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True, slots=True)
class Facts:
    """The front matter: label and value pairs (Kommune, Udvalg, Møde, Periode)."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Grid:
    """A table: its header, its rows (plain text), each column's share of the page's width, which
    columns hold numbers, and which holds a status (`statuses`: each row's own, for its look)."""

    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...]
    numeric: frozenset[int] = frozenset()
    status_column: int | None = None
    statuses: tuple[str | None, ...] = ()


LINE = 72  # about how many characters of a table's text (bold, at its own size) fit across an A4 page
WORD_CAP = 20  # a longer word wraps inside its cell rather than take the page's width
SMALLEST = 0.65  # a table with many columns is set smaller, down to this share of its size


@dataclass(frozen=True, slots=True)
class Layout:
    """How a table sits on the page: each column's share of the width (they add up to 1) and the
    size of its text (1: the tables' usual size)."""

    shares: tuple[float, ...]
    size: float


def column_layout(grid: Grid) -> Layout:
    """Each column gets its `widths` share, widened where its longest word (up to `WORD_CAP`
    letters; a status is drawn as a badge, a little wider) would not fit, the others narrowed to make
    room; a table whose words cannot fit side by side is set smaller. So a header such as "Under
    forberedelse" is not broken inside a word, and no column can push the table wider than the
    page: the shares never add up to more than the whole."""
    count = len(grid.head)
    total = sum(grid.widths[:count]) or 1
    base = [w / total for w in grid.widths[:count]] + [1 / count] * (count - len(grid.widths))
    longest = [0] * count
    for bold, row in ((1, grid.head), *((0, r) for r in grid.rows)):  # a header's bold letters: wider
        for i, text in enumerate(row[:count]):
            word = max((len(w) for w in text.split()), default=0)
            longest[i] = max(longest[i], min(WORD_CAP, word + bold * (word + 7) // 8))
    letters = [max(4, n) + (5 if i == grid.status_column else 2) for i, n in enumerate(longest)]  # padding
    size = max(SMALLEST, min(1.0, LINE / sum(letters)))
    need = [n / (LINE / size) for n in letters]
    shares = [max(b, n) for b, n in zip(base, need, strict=True)]
    excess = sum(shares) - 1
    slack = [s - n for s, n in zip(shares, need, strict=True)]
    if excess > 0 and sum(slack) > excess:  # narrow the columns that have room, in proportion
        shares = [s - excess * room / sum(slack) for s, room in zip(shares, slack, strict=True)]
    whole = sum(shares)
    return Layout(tuple(s / whole for s in shares), size)


@dataclass(frozen=True, slots=True)
class Chart:
    """The progress chart (the HTML page draws it; the others give its numbers only, as a Grid)."""

    series: Series


Block = Heading | Paragraph | Facts | Bullets | Grid | Chart

RUNNING_SAID = (
    f"{RUNNING}: aktiviteter, der ikke er afsluttet, og hvis tidspunkt omfatter dagen, uanset hvilken "
    "status de har. Antal pr. status står i afsnit 2."
)


def _status_name(key: str) -> str:
    """A status as a column's header."""
    return "Ingen status" if key == NO_STATUS_KEY else key


def _status_word(status: str | None) -> str:
    return status or "ingen status"


def _change_word(now: int, before: int | None) -> str:
    if before is None:
        return "–"
    diff = now - before
    return f"+{diff}" if diff > 0 else ("±0" if diff == 0 else f"−{-diff}")


def _tovholder(plan: Plan, activity: Activity) -> str:
    """The declared party named first, else the text as written."""
    if plan.parties:
        party = reader_for(plan.parties).tovholder(activity.ansvarlig)
        if party is not None:
            return party.name
    return activity.ansvarlig


def _status_move(change: Change) -> str:
    return f"{_status_word(change.old.status)} → {_status_word(change.new.status)}"


def _timing_move(change: Change) -> str:
    return f"{format_period(change.old.period)} → {format_period(change.new.period)}"


def _id_and_text(a: Activity) -> str:
    return f"{a.id} {a.aktivitet}"


def _plain_note(note: Note | None) -> str:
    return "–" if note is None else note_line(note)


def _counted(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def one_line(text: str, limit: int) -> str:
    """`text` on one line (runs of spaces and line breaks as one space), cut to `limit` characters
    with "…": what a page's header or footer holds."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def period_said(report: Report) -> str:
    return f"{format_date(report.start)} – {format_date(report.today)}"


def document(report: Report) -> list[Block]:
    """The report as blocks, in reading order."""
    plan, front = report.plan, report.front
    pairs = [("Kommune", front.municipality), ("Udvalg", front.committee)]
    pairs.append(("Møde", format_date(front.meeting) if front.meeting else None))
    pairs.append(("Periode", period_said(report)))
    out: list[Block] = [
        Heading(1, f"Statusrapport: {plan.title}"),
        Facts(tuple((label, value) for label, value in pairs if value)),
    ]
    out += _notice(report)
    out += [Heading(2, "Resumé"), *_resume(report), Heading(2, "Sagsfremstilling")]
    out += _figures_section(report)
    out += _progress_section(report)
    out += _happened_section(report)
    out += [Heading(3, f"4. Forsinket pr. {format_date(report.today)}")]
    if report.overdue:
        out.append(Paragraph((Run(_overdue_said(report)),)))
        out += _themed(report, report.overdue, _overdue_grid)
    else:
        out.append(Paragraph((Run("Ingen aktiviteter er forsinket."),)))
    out += [
        Heading(3, f"5. Planlagt de næste {NEXT_MONTHS} måneder"),
        Paragraph((Run(f"Perioden {format_period(report.coming_period)}."),)),
    ]
    if report.coming:
        out += _themed(report, report.coming, _coming_grid)
    else:
        out.append(Paragraph((Run("Intet planlagt."),)))
    out += _parties_section(report)
    out.append(Paragraph((Run(_colophon(report)),), "colophon"))
    return out


def _notice(report: Report) -> list[Block]:
    """Where the plan came into git after the period began: say so, rather than count from a version
    that is younger than the period (a fresh clone, a plan committed late)."""
    if report.known_from is None:
        return []
    came = format_date(report.known_from)
    if report.before_git:
        said = (
            f"Planen kom først i git {came}, efter perioden. Hvad der skete i perioden, kan ikke "
            "læses af planens historik; rapporten viser planen, som den er nu, "
            f"pr. {format_date(report.today)}."
        )
    else:
        said = (
            f"Planen kom først i git {came}, efter periodens start ({format_date(report.start)}). "
            f"Tallene ved start er planens første version i git, og »Sket i perioden« viser kun det, der "
            f"er sket fra {came}."
        )
    return [Paragraph((Run("Bemærk:", bold=True), Run(f" {said}")), "notice")]


def _resume(report: Report) -> list[Block]:
    """The coordinator's resumé, a paragraph per blank-line-separated part; else one from the figures."""
    if report.front.resume and report.front.resume.strip():
        parts = [" ".join(part.split()) for part in re.split(r"\n[ \t]*\n", _unix_lines(report.front.resume))]
        return [Paragraph((Run(part),)) for part in parts if part]
    now = report.now
    said = (
        f"Pr. {format_date(report.today)} har planen {_counted(now.total, 'aktivitet', 'aktiviteter')}: "
        f"{now.finished} afsluttet, {_counted(now.running, 'aktuel', 'aktuelle')} efter tidsplanen og "
        f"{now.overdue} forsinket."
    )
    if not report.before_git:
        said += (
            f" I perioden er {_counted(len(report.finished), 'aktivitet', 'aktiviteter')} afsluttet, "
            f"{len(report.started)} sat i gang, {len(report.added)} tilføjet og "
            f"{len(report.removed)} fjernet."
        )
    coming = len(report.coming)
    said += f" De næste {NEXT_MONTHS} måneder er {_counted(coming, 'aktivitet', 'aktiviteter')} planlagt."
    return [Paragraph((Run(said),))]


def _unix_lines(text: str) -> str:
    """Text with its line ends as "\\n" (a resumé written on Windows ends its lines "\\r\\n")."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _figures_section(report: Report) -> list[Block]:
    now, before = report.now, report.before
    rows = [
        ("Aktiviteter", now.total, before.total if before else None),
        ("Afsluttet", now.finished, before.finished if before else None),
        (RUNNING, now.running, before.running if before else None),
        ("Forsinket", now.overdue, before.overdue if before else None),
    ]
    then = format_date(report.before_day)
    if report.known_from is not None and not report.before_git:
        then += " (første version i git)"
    return [
        Heading(3, "1. Nøgletal"),
        Grid(
            ("", format_date(report.today), then, "Ændring"),
            tuple((name, str(n), "–" if b is None else str(b), _change_word(n, b)) for name, n, b in rows),
            (40, 20, 24, 16),
            numeric=frozenset({1, 2, 3}),
        ),
        Paragraph((Run(RUNNING_SAID),), "note"),
    ]


def _progress_section(report: Report) -> list[Block]:
    out: list[Block] = [Heading(3, "2. Udvikling over tid")]
    series = report.series
    if series is None or not series.points:
        return [*out, Paragraph((Run("Planens historik i git giver ingen tal for perioden."),))]
    keys = [k for k in series.keys if any(p.counts.get(k) for p in series.points)]
    out.append(Chart(series))
    width = max(8, 84 // (len(keys) + 1))
    out.append(
        Grid(
            ("Måned", *(_status_name(k) for k in keys), "I alt"),
            tuple((p.label, *(str(p.counts.get(k, 0)) for k in keys), str(p.total)) for p in series.points),
            (16, *(width for _ in keys), width),
            numeric=frozenset(range(1, len(keys) + 2)),
        )
    )
    return out


def _happened_section(report: Report) -> list[Block]:
    out: list[Block] = [Heading(3, "3. Sket i perioden")]
    if report.before_git:
        return [*out, Paragraph((Run("Ukendt: planens historik i git begynder efter perioden."),))]
    lists = [
        ("Afsluttet", [f"{_id_and_text(c.new)} ({_status_move(c)})" for c in report.finished]),
        ("Sat i gang", [f"{_id_and_text(c.new)} ({_status_move(c)})" for c in report.started]),
        ("Flyttet", [f"{_id_and_text(c.new)} ({_timing_move(c)})" for c in report.rescheduled]),
        ("Tilføjet", [f"{_id_and_text(a)} ({a.tidspunkt})" for a in report.added]),
        ("Fjernet", [_id_and_text(a) for a in report.removed]),
        ("Noter", [f"{_id_and_text(a)}, {note_line(n)}" for a, n in report.notes]),
    ]
    for title, items in lists:
        if items:
            out += [Heading(4, title), Bullets(tuple(items))]
        else:
            out.append(Paragraph((Run(f"{title}:", bold=True), Run(" ingen.")), "empty"))
    return out


def _overdue_said(report: Report) -> str:
    groups = {theme_of(a) for a in report.overdue}
    return (
        f"{_counted(len(report.overdue), 'aktivitet er', 'aktiviteter er')} forsinket "
        f"i {_counted(len(groups), 'emne', 'emner')}, her efter emne."
    )


def theme_said(theme: Theme) -> str:
    """A theme's one-line status, over all its activities."""
    return (
        f"{_counted(theme.total, 'aktivitet', 'aktiviteter')} i alt: {theme.finished} afsluttet, "
        f"{_counted(theme.running, 'aktuel', 'aktuelle')} efter tidsplanen, {theme.overdue} forsinket."
    )


def _themed(report: Report, rows: Sequence[Activity], grid: Callable[[Report, Theme], Grid]) -> list[Block]:
    out: list[Block] = []
    for theme in themes(report.plan, rows, report.today):
        out += [Heading(4, theme.name), Paragraph((Run(theme_said(theme)),), "theme"), grid(report, theme)]
    return out


def _aktivitet(a: Activity, theme: str) -> str:
    """The activity's text; where it has more emner than the one it stands under, those too."""
    others = [e for e in a.emne if e.strip() and e.strip() != theme]
    return f"{a.aktivitet} (også {', '.join(others)})" if others else a.aktivitet


def _overdue_grid(report: Report, theme: Theme) -> Grid:
    plan = report.plan
    rows = tuple(
        (str(a.id), _aktivitet(a, theme.name), format_date(a.period.end), _status_word(a.status),
         _tovholder(plan, a), _plain_note(a.latest_note))
        for a in theme.rows
    )  # fmt: skip
    return Grid(
        ("Id", "Aktivitet", "Skulle slutte", "Status", "Tovholder", "Seneste note"),
        rows,
        (6, 28, 13, 15, 16, 22),
        numeric=frozenset({0}),
        status_column=3,
        statuses=tuple(a.status for a in theme.rows),
    )


def _coming_grid(report: Report, theme: Theme) -> Grid:
    plan = report.plan
    return Grid(
        ("Id", "Tidspunkt", "Aktivitet", "Status", "Tovholder"),
        tuple(
            (str(a.id), a.tidspunkt, _aktivitet(a, theme.name), _status_word(a.status), _tovholder(plan, a))
            for a in theme.rows
        ),
        (6, 18, 40, 16, 20),
        numeric=frozenset({0}),
        status_column=3,
        statuses=tuple(a.status for a in theme.rows),
    )


def _parties_section(report: Report) -> list[Block]:
    out: list[Block] = [Heading(3, "6. Pr. part")]
    if not report.parties:
        return [*out, Paragraph((Run("Planen erklærer ingen parter (se 'plan parter')."),))]
    keys = list(report.plan.statuses)
    if any(r.counts.get(NO_STATUS_KEY) for r in report.parties):
        keys.append(NO_STATUS_KEY)
    width = max(6, 66 // (len(keys) + 3))
    rows = tuple(
        (r.name, str(r.lead), str(r.collaborating), *(str(r.counts.get(k, 0)) for k in keys), str(r.overdue))
        for r in report.parties
    )
    out.append(
        Grid(
            ("Part", "Tovholder", "Medvirkende", *(_status_name(k) for k in keys), "Forsinket"),
            rows,
            (34, *(width for _ in range(len(keys) + 3))),
            numeric=frozenset(range(1, len(keys) + 4)),
        )
    )
    out.append(
        Paragraph(
            (Run("Tovholder: den part, ansvarlig nævner først. Medvirkende: de parter, den nævner efter."),),
            "note",
        )
    )
    return out


def _colophon(report: Report) -> str:
    """Where the figures come from: the versions in git by commit, kept out of the report's prose."""
    said = f"Udskrevet {format_date(report.today)} fra plan.yaml med plan."
    if report.before_git:
        return f"{said} Grundlag i git: {report.until}."
    return f"{said} Grundlag i git: fra {report.since} til {report.until}."


# --- Markdown --------------------------------------------------------------------------------------


def _md_text(text: str) -> str:
    from baeredygtig_cli.output.export import _md_inline

    return _md_inline(text)


def _md_block_text(text: str) -> str:
    from baeredygtig_cli.output.export import _md_block

    return _md_block(text)


def report_markdown(report: Report) -> str:
    """The report as CommonMark/GitHub Markdown: every text escaped, in a heading, a cell (header
    cells too: a status named "A|B" would split the table) or a list item."""
    out: list[str] = []
    for block in document(report):
        if isinstance(block, Heading):
            out += [f"{'#' * block.level} {_md_text(block.text)}", ""]
        elif isinstance(block, Facts):
            lines = [f"**{label}:** {_md_text(value)}" for label, value in block.pairs]
            out += [*(line + "\\" for line in lines[:-1]), *lines[-1:], ""]  # a hard line break: "\"
        elif isinstance(block, Paragraph):
            text = "".join(_md_run(run, first=i == 0) for i, run in enumerate(block.runs))
            out += [f"*{text}*" if block.role in ("note", "colophon") else text, ""]
        elif isinstance(block, Bullets):
            out += [*(f"- {_md_text(item)}" for item in block.items), ""]
        elif isinstance(block, Grid):
            out += _md_grid(block)
            out.append("")
    return "\n".join(out)


def _md_run(run: Run, *, first: bool) -> str:
    """A run's text escaped, its spaces at either end kept; the paragraph's start also escaped where
    it would begin a list, quote or rule."""
    core = run.text.strip()
    if not core:
        return run.text
    lead = run.text[: len(run.text) - len(run.text.lstrip())]
    trail = run.text[len(run.text.rstrip()) :]
    text = _md_block_text(core) if first and not run.bold else _md_text(core)
    return lead + (f"**{text}**" if run.bold else text) + trail


def _md_grid(grid: Grid) -> list[str]:
    rule = "|" + "|".join(" ---: " if i in grid.numeric else " --- " for i in range(len(grid.head))) + "|"
    lines = ["| " + " | ".join(_md_text(h) for h in grid.head) + " |", rule]
    lines += ["| " + " | ".join(_md_text(c) for c in row) + " |" for row in grid.rows]
    return lines

"""`plan import`: a table from Word, Excel or a text file, read as activities, into a new or an existing plan.

The rules, as hledger's import has them: clear column matching, nothing guessed silently, a dry run,
and the same file imported twice changes nothing the second time.

- The header row is the first row (of the first 50) that names the AKTIVITET column and at least one
  other; columns are matched by their Danish names and common variants, case- and accent-blind;
  `--kolonne FELT=OVERSKRIFT` says what a column is. Our own exports' START, SLUT and SENESTE NOTE
  are read past (they follow from the plan).
- A row with one non-empty cell is a banner across the table: a `gennemgående` entry. An empty EMNE
  carries the EMNE of the row above (Word plans write it on the first row of a group).
- Every timing is read by the grammar; a row that cannot be read (timing, status, a missing field,
  an id the plan lacks) is listed with its row and the import refused, unless only timings fail and
  `--også-ulæselige` keeps them as text for the user to fix.
- Into a new plan: `plan init`'s head with the table's activities (ids from an ID column, the rest
  numbered on). Into an existing plan: a row with an ID changes that activity's fields, as `plan
  ret` does; a row without one is the activity with the same tidspunkt, aktivitet and ansvarlig if
  the plan has it, else a new activity with a new id. Nothing is removed.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from baeredygtig_cli.domain.folding import fold_to_ascii
from baeredygtig_cli.domain.model import Activity, Period
from baeredygtig_cli.domain.query import closest_status
from baeredygtig_cli.domain.statuses import DEFAULT_STATUSES
from baeredygtig_cli.domain.timing import parse_timing
from baeredygtig_cli.errors import PlanError, TimingError
from baeredygtig_cli.planfile import disk, schema
from baeredygtig_cli.planfile.documents import Document, Table, non_empty, read_document

if TYPE_CHECKING:
    from baeredygtig_cli.planfile.edits import Edit
    from baeredygtig_cli.planfile.editsource import Source

FIELDS = ("id", "tidspunkt", "emne", "aktivitet", "ansvarlig", "status")

# What people call each column. Matched folded (case, accents, æ=ae ...); a header such as
# "ANSVARLIG / TOVHOLDER" matches by any of its parts, and "(...)" in a header is not read.
NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "nr", "nummer", "løbenummer"),
    "tidspunkt": ("tidspunkt", "tid", "hvornår", "dato", "periode", "tidsrum", "tidsplan", "tidsperiode"),
    "emne": ("emne", "emner", "tema", "temaer", "indsatsområde", "område"),
    "aktivitet": ("aktivitet", "aktiviteter", "handling", "handlinger", "indsats", "indsatser", "opgave",
                  "beskrivelse"),
    "ansvarlig": ("ansvarlig", "ansvarlige", "tovholder", "tovholdere", "ansvar"),
    "status": ("status",),
}  # fmt: skip
# Columns of our own exports that follow from the plan: read past, never imported.
DERIVED = ("start", "slut", "seneste note", "tovholder (part)", "medvirkende (parter)")
HEADER_SEARCH_ROWS = 50
FIELD_HINTS = {
    "tidspunkt": "TIDSPUNKT eller Tid",
    "emne": "EMNE eller Tema",
    "aktivitet": "AKTIVITET eller Handling",
    "ansvarlig": "ANSVARLIG eller TOVHOLDER",
    "status": "STATUS",
    "id": "ID",
}


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold_to_ascii(text)).split())


_NAME_KEYS = {_key(name): f for f, names in NAMES.items() for name in names}
_DERIVED_KEYS = {_key(name) for name in DERIVED}
START = "start"


def _header_field(text: str, overrides: dict[str, str]) -> str | None:
    """The field a header cell names: an override, a known name, a derived column ("-"), or None."""
    whole = _key(text)
    if whole in overrides:
        return overrides[whole]
    if whole == START:
        return START  # read past, but it tells a new plan an activity's own year
    if whole in _DERIVED_KEYS:
        return "-"
    plain = re.sub(r"\([^)]*\)", " ", text)
    for part in (_key(plain), *(_key(p) for p in re.split(r"/|&|\+|\bog\b", plain, flags=re.IGNORECASE))):
        if part in _NAME_KEYS:
            return _NAME_KEYS[part]
    return None


def parse_column_options(options: Sequence[str]) -> dict[str, str]:
    """`--kolonne FELT=OVERSKRIFT`, as {folded header: field}; `ingen` as the field leaves a column out."""
    found: dict[str, str] = {}
    for option in options:
        if "=" not in option:
            raise PlanError(
                f"--kolonne skal skrives FELT=OVERSKRIFT, fx aktivitet=Beskrivelse, ikke {option!r}"
            )
        name, header = (part.strip() for part in option.split("=", 1))
        wanted = fold_to_ascii(name).replace("aa", "å")
        if wanted not in (*FIELDS, "ingen"):
            raise PlanError(f"--kolonne: ukendt felt {name!r} (felter: {', '.join(FIELDS)}, eller ingen)")
        if not _key(header):
            raise PlanError(f"--kolonne {name}=: skriv kolonnens overskrift efter =")
        found[_key(header)] = "-" if wanted == "ingen" else wanted
    return found


# --- reading the table ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    """One activity row as the table says it; a field is None where the table has no such column."""

    where: str  # "række 7", "tabel 2, række 3"
    id: int | None
    cells: dict[str, str]


@dataclass(slots=True)
class Reading:
    """What a file says: its activity rows and banners, which fields it has, and what above the
    table could be the plan's title, introduction and heading."""

    name: str
    fields: set[str]
    rows: list[Row] = field(default_factory=list)
    banners: list[str] = field(default_factory=list)
    above: list[str] = field(default_factory=list)
    title: str | None = None
    unused: list[str] = field(default_factory=list)  # headers of columns not imported
    problems: list[str] = field(default_factory=list)  # rows that cannot be read, whatever the mode


def read_table(path: Path, overrides: dict[str, str]) -> Reading:
    """The activity table(s) of the file at `path`; a file without one is one Danish line."""
    document = read_document(path)
    used = _tables_with_header(document, overrides)
    reading = Reading(document.name, set(), title=document.title)
    for table, header_at, columns in used:
        header_cells = table.rows[header_at][1]
        reading.fields |= {f for f in columns.values() if f not in ("-", START)}
        reading.unused += [
            cell
            for i, cell in enumerate(header_cells)
            if cell.strip() and i not in columns and cell not in reading.unused
        ]
        above = [c for _, cells in table.rows[:header_at] for c in non_empty(cells)]
        if not reading.above:
            reading.above = [*table.above, *above]
        _read_rows(reading, table, header_at, columns, overrides)
    unknown = [h for h in overrides if not any(_key(c) == h for t, i, _ in used for c in t.rows[i][1])]
    if unknown:
        raise PlanError(f"{document.name}: --kolonne: ingen kolonne hedder {unknown[0]!r}; intet er ændret")
    if "aktivitet" not in reading.fields:  # a header is found by its AKTIVITET column; only overrides differ
        raise PlanError(
            f"{document.name}: tabellen har ingen kolonne for aktivitet; brug --kolonne aktivitet=OVERSKRIFT"
        )
    if not reading.rows and not reading.banners and not reading.problems:
        raise PlanError(f"{document.name}: tabellen har ingen rækker under overskrifterne; intet er ændret")
    return reading


def _tables_with_header(
    document: Document, overrides: dict[str, str]
) -> list[tuple[Table, int, dict[int, str]]]:
    """The tables to read, each with its header row's index and column -> field. Word: every table
    with a header, in order; Excel: the first sheet with one; a text file: the first separator that
    gives one."""
    name = document.name
    if document.broken is not None and not any(_find_header(t, overrides) for t in document.tables):
        raise document.broken
    if not document.tables:
        raise PlanError(f"{name}: dokumentet har ingen tabel; intet er ændret")
    if not any(cells for t in document.tables for _, cells in t.rows if non_empty(cells)):
        what = "regnearket er tomt" if name.lower().endswith(".xlsx") else "filen er tom"
        raise PlanError(f"{name}: {what}; intet er ændret")
    if not any(len(non_empty(cells)) >= 2 for t in document.tables for _, cells in t.rows):
        raise PlanError(
            f"{name}: er ikke en tabel (ingen række har mere end én udfyldt celle); intet er ændret"
        )
    found = []
    for table in document.tables:
        header = _find_header(table, overrides)
        if header is not None:
            found.append((table, *header))
            if document.readings or name.lower().endswith(".xlsx"):
                break
    if not found:
        first = next(cells for t in document.tables for _, cells in t.rows if len(non_empty(cells)) >= 2)
        shown = " | ".join(c.replace("\n", " ")[:30] for c in non_empty(first)[:6])
        raise PlanError(
            f"{name}: fandt ingen overskriftsrække med kolonnen AKTIVITET og fx TIDSPUNKT, EMNE, ANSVARLIG, "
            f"STATUS (første række: {shown}); brug --kolonne FELT=OVERSKRIFT"
        )
    return found


def _find_header(table: Table, overrides: dict[str, str]) -> tuple[int, dict[int, str]] | None:
    for index, (_, cells) in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        columns = _columns(cells, overrides)
        named = set(columns.values()) - {"-", START}
        if "aktivitet" in named and len(named) >= 2:
            return index, columns
    return None


def _columns(cells: Sequence[str], overrides: dict[str, str]) -> dict[int, str]:
    """Column index -> field; a field named twice is read from its first column only."""
    columns: dict[int, str] = {}
    for index, cell in enumerate(cells):
        if not cell.strip():
            continue
        found = _header_field(cell, overrides)
        if found is not None and (found == "-" or found not in columns.values()):
            columns[index] = found
    return columns


def _read_rows(
    reading: Reading, table: Table, header_at: int, columns: dict[int, str], overrides: dict[str, str]
) -> None:
    header_fields = set(columns.values())
    emne_above = ""
    for number, cells in table.rows[header_at + 1 :]:
        where = f"{table.where}, række {number}" if table.where else f"række {number}"
        filled = non_empty(cells)
        if not filled:
            continue
        if set(_columns(cells, overrides).values()) == header_fields and len(filled) == len(columns):
            continue  # the header again (a table that went on over a page break)
        values = {f: cells[i].strip() if i < len(cells) else "" for i, f in columns.items() if f != "-"}
        if len(filled) == 1 and len(columns) >= 2 and not values.get("id"):
            reading.banners.append(filled[0].strip())
            continue
        if "emne" in values:
            if values["emne"]:
                emne_above = values["emne"]
            else:
                values["emne"] = emne_above
        activity_id = None
        if values.get("id"):
            text = values["id"]
            if not text.isdigit() or int(text) == 0:
                reading.problems.append(
                    f"{reading.name}: {where}: id skal være et positivt heltal, ikke {text!r}"
                )
                continue
            activity_id = int(text)
        reading.rows.append(Row(where, activity_id, values))


def topics(text: str) -> tuple[str, ...]:
    """An EMNE cell as topics: one per line (paragraphs in a Word cell), else separated by commas,
    as our exports write them."""
    parts = text.splitlines() if "\n" in text else text.split(",")
    return tuple(p.strip() for p in parts if p.strip())


# --- rows as activities --------------------------------------------------------------------------


@dataclass(slots=True)
class Outcome:
    """What an import did (or would do), for the user: a line per change, the rows whose timing was
    kept as text, and the closing lines (how many, and what was not imported)."""

    lines: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)


class Refused(PlanError):
    """Rows that cannot be imported: listed one per line, then the refusal."""

    def __init__(self, problems: list[str], hint: str) -> None:
        self.problems = problems
        count = len(problems)
        super().__init__(
            f"{count} {'række' if count == 1 else 'rækker'} kan ikke importeres (se ovenfor){hint}; "
            "intet er ændret"
        )


@dataclass(slots=True)
class _Rows:
    """Turns rows into activities, collecting every problem (timings apart: they may be kept)."""

    name: str
    statuses: tuple[str, ...]
    keep_unreadable: bool
    problems: list[str] = field(default_factory=list)
    timing_problems: list[str] = field(default_factory=list)

    def say(self, row: Row, message: str) -> None:
        self.problems.append(f"{self.name}: {row.where}: {message}")

    def status(self, row: Row) -> str | None:
        text = row.cells.get("status", "")
        if not text:
            return None
        wanted = fold_to_ascii(text)
        match = next((s for s in self.statuses if fold_to_ascii(s) == wanted), None)
        if match is None:
            close = closest_status(text, self.statuses)
            self.say(row, f"ukendt status {text!r}{close} (gyldige: {', '.join(self.statuses)})")
        return match

    def required(self, row: Row, name: str) -> str | None:
        value = row.cells.get(name)
        if value is None:
            return None
        if not value:
            what = "emne mangler (og der er intet emne over den)" if name == "emne" else f"{name} mangler"
            self.say(row, what)
        return value

    def period(self, row: Row, text: str, year: int) -> Period:
        try:
            return parse_timing(text, year)
        except TimingError as error:
            line = f"{self.name}: {row.where}: {error}"
            (self.timing_problems if self.keep_unreadable else self.problems).append(line)
            return schema.UNREADABLE

    def refuse_if_any(self) -> None:
        if self.problems:
            timings = any("tidspunkt" in p and "kan ikke læses" in p for p in self.problems)
            hint = " (--også-ulæselige beholder ulæselige tidspunkter som tekst)" if timings else ""
            raise Refused(self.problems, hint)


def _missing_columns(reading: Reading, needed: Sequence[str], why: str) -> None:
    missing = [f for f in needed if f not in reading.fields]
    if missing:
        f = missing[0]
        raise PlanError(
            f"{reading.name}: tabellen har ingen kolonne for {f} ({FIELD_HINTS[f]}), som {why}; "
            f"brug --kolonne {f}=OVERSKRIFT"
        )


def _duplicate_ids(reading: Reading) -> None:
    seen: dict[int, Row] = {}
    for row in reading.rows:
        if row.id is None:
            continue
        if row.id in seen:
            raise PlanError(
                f"{reading.name}: id {row.id} står to gange i tabellen "
                f"({seen[row.id].where} og {row.where}); intet er ændret"
            )
        seen[row.id] = row


# --- into a new plan -----------------------------------------------------------------------------


def new_plan(
    reading: Reading, target: Path, *, titel: str | None, year: int, keep_unreadable: bool, dry_run: bool
) -> Outcome:
    """A new plan file at `target` (refused if there is one) with `plan init`'s head and the table."""
    from baeredygtig_cli.planfile.newplan import DEFAULT_TITLE, plan_text

    _missing_columns(reading, ("tidspunkt", "emne", "aktivitet", "ansvarlig"), "en ny plan skal have")
    _duplicate_ids(reading)
    rows = _Rows(reading.name, DEFAULT_STATUSES, keep_unreadable, list(reading.problems))
    next_id = max((r.id for r in reading.rows if r.id is not None), default=0) + 1
    activities = []
    for row in reading.rows:
        values = [rows.required(row, name) or "" for name in ("tidspunkt", "emne", "aktivitet", "ansvarlig")]
        tidspunkt, emne, aktivitet, ansvarlig = values
        status = rows.status(row)
        period = rows.period(row, tidspunkt, year) if tidspunkt else schema.UNREADABLE
        own_year, period = _own_year(row.cells.get(START, ""), tidspunkt, period, year)
        if row.id is None:
            activity_id, next_id = next_id, next_id + 1
        else:
            activity_id = row.id
        activities.append(
            Activity(
                activity_id, tidspunkt, topics(emne), aktivitet, ansvarlig, status, period, year=own_year
            )
        )
    rows.refuse_if_any()
    above = reading.above
    heading = above[-1] if len(above) >= 2 and len(above[-1]) <= 80 else None
    intro = "\n\n".join(above[1 : len(above) - (heading is not None)]) or None
    text = plan_text(
        titel or (above[0] if above else None) or reading.title or DEFAULT_TITLE,
        year,
        activities,
        indledning=" ".join(intro.split()) if intro else None,
        overskrift=heading,
        gennemgaaende=list(dict.fromkeys(reading.banners)),
    )
    _prove_new(text, target, activities)
    shown = disk.display_path(target)
    if dry_run:
        return Outcome([text.rstrip("\n")], rows.timing_problems)
    disk.create_exclusively(target, text.encode("utf-8"))
    banners = len(dict.fromkeys(reading.banners))
    extra = f" og {banners} gennemgående" if banners else ""
    closing = [
        f"Ny plan {shown}: {_count_rows(len(activities))}{extra} fra {reading.name}",
        *_unused(reading),
    ]
    return Outcome([], rows.timing_problems, closing)


def _unused(reading: Reading) -> list[str]:
    return [f"kolonnen {header!r} er ikke importeret" for header in reading.unused]


def _own_year(start: str, tidspunkt: str, period: Period, year: int) -> tuple[int | None, Period]:
    """An activity's own `år`, where our export's START says its timing falls in another year than
    the plan's ("5. december" that began in December 2019): that year, if the timing read in it starts
    on that very day. Otherwise none, and the period as read."""
    from datetime import date

    if not start or period == schema.UNREADABLE:
        return None, period
    try:
        day = date.fromisoformat(start)
    except ValueError:
        try:
            day = parse_timing(start, year).start
        except TimingError:
            return None, period
    if day == period.start or day.year == year or day.year not in schema.PLAUSIBLE_YEARS:
        return None, period
    try:
        moved = parse_timing(tidspunkt, day.year)
    except TimingError:
        return None, period
    return (day.year, moved) if moved.start == day else (None, period)


def _count_rows(n: int) -> str:
    return f"{n} {'aktivitet' if n == 1 else 'aktiviteter'}"


def _prove_new(text: str, target: Path, expected: Sequence[Activity]) -> None:
    """The new text reads back as exactly these activities (a timing kept as text as such)."""
    index = schema.index_plan(text, target)
    nodes = [n for ns in index.nodes.values() for n in ns]
    got = [
        dataclasses.replace(
            schema.build_activity(n, index.plan, target, unreadable=schema.UNREADABLE), line=0
        )
        for n in nodes
    ]
    if got != [dataclasses.replace(a, line=0) for a in expected]:
        raise AssertionError("the new plan does not read back as the table")


# --- into an existing plan -----------------------------------------------------------------------


def into_plan(path: Path, reading: Reading, *, keep_unreadable: bool, dry_run: bool) -> tuple[Outcome, str]:
    """Change and add, as one edit of the plan at `path`; what happened and, for a dry run, the diff."""
    from baeredygtig_cli.planfile.edits import change_plan, diff, import_activities

    _duplicate_ids(reading)
    outcome = Outcome()

    def change(source: Source) -> Edit:
        changed, added, rows = _match_column(source, reading, keep_unreadable)
        edit = import_activities(source, changed, added)
        touched = {line.split(":", 1)[0] for line in edit.summary if not line.startswith("Aktivitet ")}
        same = len(reading.rows) - len(touched) - len(added)
        new_banners = [b for b in dict.fromkeys(reading.banners) if b not in source.plan.cross_cutting]
        outcome.lines, outcome.kept = edit.summary, rows.timing_problems
        outcome.closing = [
            _tally_rows(reading.name, len(touched), len(added), same),
            *(
                f"gennemgående {b!r} står ikke i planen og er ikke importeret; skriv den under "
                "gennemgående: i hånden"
                for b in new_banners
            ),
            *_unused(reading),
        ]
        return edit

    edit, source = change_plan(path, change, dry_run=dry_run)
    return outcome, diff(source, edit.text) if dry_run else ""


def _tally_rows(name: str, changed: int, added: int, same: int) -> str:
    if not changed and not added:
        return f"{name}: intet nyt; planen har allerede alt fra tabellen"
    return f"{name}: {changed} ændret, {added} tilføjet, {same} uændret"


def _match_column(
    source: Source, reading: Reading, keep_unreadable: bool
) -> tuple[list[Activity], list[Activity], _Rows]:
    plan = source.plan
    rows = _Rows(reading.name, plan.statuses, keep_unreadable, list(reading.problems))
    if any(r.id is None for r in reading.rows):
        _missing_columns(
            reading, ("tidspunkt", "emne", "aktivitet", "ansvarlig"), "nye aktiviteter skal have"
        )
    index = source.index
    old: dict[int, Activity] = {}

    def existing(activity_id: int) -> Activity:
        if activity_id not in old:
            node = index.node(activity_id, source.path)
            old[activity_id] = schema.build_activity(node, plan, source.path, unreadable=schema.UNREADABLE)
        return old[activity_id]

    claimed = {r.id for r in reading.rows if r.id is not None}
    by_content: dict[tuple[str, str, str], list[int]] | None = None
    changed: list[Activity] = []
    added: list[Activity] = []
    for row in reading.rows:
        activity_id = row.id
        if activity_id is not None and activity_id not in index.nodes:
            rows.say(row, f"id {activity_id} findes ikke i planen; tøm feltet for at tilføje rækken som ny")
            continue
        if activity_id is None:
            if by_content is None:
                by_content = _content_index(index, existing, claimed)
            key = (
                row.cells.get("tidspunkt", ""),
                row.cells.get("aktivitet", ""),
                row.cells.get("ansvarlig", ""),
            )
            candidates = by_content.get(key)
            if candidates:
                activity_id = candidates.pop(0)
        if activity_id is None:
            added.append(_new_activity(row, rows, plan.year))
        else:
            changed.append(_changed_fields(existing(activity_id), row, rows, plan.year))
    rows.refuse_if_any()
    return changed, added, rows


def _content_index(
    index: schema.PlanIndex, existing: Callable[[int], Activity], claimed: set[int]
) -> dict[tuple[str, str, str], list[int]]:
    """Activities not named by an id in the table, by (tidspunkt, aktivitet, ansvarlig), plan order."""
    found: dict[tuple[str, str, str], list[int]] = {}
    for activity_id in index.nodes:
        if activity_id in claimed:
            continue
        a = existing(activity_id)
        found.setdefault((a.tidspunkt, a.aktivitet, a.ansvarlig), []).append(activity_id)
    return found


def _changed_fields(old: Activity, row: Row, rows: _Rows, plan_year: int) -> Activity:
    new = old
    tidspunkt = rows.required(row, "tidspunkt")
    if tidspunkt and tidspunkt != old.tidspunkt:
        new = dataclasses.replace(
            new, tidspunkt=tidspunkt, period=rows.period(row, tidspunkt, old.year or plan_year)
        )
    emne = rows.required(row, "emne")
    if emne:
        new = dataclasses.replace(new, emne=topics(emne))
    aktivitet, ansvarlig = rows.required(row, "aktivitet"), rows.required(row, "ansvarlig")
    if aktivitet:
        new = dataclasses.replace(new, aktivitet=aktivitet)
    if ansvarlig:
        new = dataclasses.replace(new, ansvarlig=ansvarlig)
    if "status" in row.cells:
        new = dataclasses.replace(new, status=rows.status(row))
    return new


def _new_activity(row: Row, rows: _Rows, plan_year: int) -> Activity:
    tidspunkt, emne, aktivitet, ansvarlig = (
        rows.required(row, name) or "" for name in ("tidspunkt", "emne", "aktivitet", "ansvarlig")
    )
    period = rows.period(row, tidspunkt, plan_year) if tidspunkt else schema.UNREADABLE
    return Activity(0, tidspunkt, topics(emne), aktivitet, ansvarlig, rows.status(row), period)

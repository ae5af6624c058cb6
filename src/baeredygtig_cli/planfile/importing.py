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
- A workbook our xlsx export made carries its base (exportbase.py): what each activity said when
  exported. Then a row with an ID changes only the fields the colleague changed in the sheet: a
  field as exported is left as the plan has it now (a later change in the plan is kept), and a field
  changed both in the sheet and in the plan, differently, refuses the import, naming it. A base that
  cannot be read, or that lacks an ID of the sheet's, is not used: every cell is then what the plan
  should say, as for any table (and as for csv, which cannot carry a base).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from baeredygtig_cli.domain.folding import fold_to_ascii
from baeredygtig_cli.domain.model import Activity, Period, plain_number
from baeredygtig_cli.domain.query import closest_status
from baeredygtig_cli.domain.statuses import DEFAULT_STATUSES
from baeredygtig_cli.domain.timing import parse_timing
from baeredygtig_cli.errors import PlanError, TimingError
from baeredygtig_cli.planfile import disk, schema
from baeredygtig_cli.planfile.documents import (
    SHEET,
    WORD,
    Document,
    SourceRow,
    Table,
    non_empty,
    read_document,
)

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
# The most rows (under the header, not counting empty ones) an import reads unless `--maks-rækker`
# says more: ten times a large plan, and what an edit of the plan carries well (docs/PERFORMANCE.md,
# "Resource envelope").
DEFAULT_MAX_ROWS = 10_000
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
    new: bool = False  # the ID cell says `ny`: a new activity, whatever it looks like


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
    unread: list[str] = field(default_factory=list)  # tables and sheets with content not imported
    problems: list[str] = field(default_factory=list)  # rows that cannot be read, whatever the mode
    notes: list[str] = field(default_factory=list)  # how a cell's text came about (a formula's value)
    kind: str = SHEET  # the kind of file the table is in (documents.WORD, SHEET, TEXT): its habits
    count: int = 0  # rows read under the header, empty ones apart
    base_rows: Callable[[], Iterator[SourceRow]] | None = None  # our export's base sheet, unread
    max_rows: int = DEFAULT_MAX_ROWS


def read_table(path: Path, overrides: dict[str, str], max_rows: int = DEFAULT_MAX_ROWS) -> Reading:
    """The activity table(s) of the file at `path`, read a row at a time: the header is looked for
    in every row (up to `max_rows`), and reading stops with one Danish line at the first fatal
    problem (an id twice) or past `max_rows` rows. A file without a table is one Danish line."""
    document = read_document(path, max_rows)
    name = document.name
    reading = Reading(name, set(), title=document.title, base_rows=document.base, max_rows=max_rows)
    seen = _Seen()
    paragraphs: list[str] = []  # the paragraphs above the table looked at, since the document began
    errors: list[PlanError] = []
    used: list[SourceRow] = []  # the header of each table read
    ids: dict[int, Row] = {}
    for table in document.tables:
        paragraphs += table.above
        rows = table.rows()
        try:
            found = _find_header(rows, overrides, max_rows, seen)
        except PlanError as error:  # a separator that makes the quoting look broken
            if not document.readings:
                raise
            errors.append(error)
            continue
        if found is None:
            if table.kind == WORD and seen.looked:  # a table continued without its header, a list
                where = table.where or "tabellen"
                rows_said = f"{seen.looked} {'række' if seen.looked == 1 else 'rækker'} med tekst"
                reading.unread.append(f"{where} ({rows_said}) har ingen overskriftsrække")
            continue
        header, columns, above_cells = found
        reading.fields |= {f for f in columns.values() if f not in ("-", START)}
        reading.unused += [
            cell for i, cell in enumerate(header.cells)
            if cell.strip() and i not in columns and cell not in reading.unused
        ]  # fmt: skip
        if not used:
            reading.above, reading.kind = [*paragraphs, *above_cells], table.kind
        used.append(header)
        _read_rows(reading, table, rows, columns, overrides, max_rows, ids)
        if document.readings:
            break
        if table.kind == SHEET:  # one sheet is the plan; another with a table of its own is named
            later = document.tables[document.tables.index(table) + 1 :]
            reading.unread += [
                f"{t.where} har også en tabel" for t in later if _has_header(t, overrides, max_rows)
            ]
            break
    if not used:
        _no_table(document, seen, errors)
    unknown = [h for h in overrides if not any(_key(c) == h for header in used for c in header.cells)]
    if unknown:
        raise PlanError(f"{name}: --kolonne: ingen kolonne hedder {unknown[0]!r}; intet er ændret")
    if "aktivitet" not in reading.fields:  # a header is found by its AKTIVITET column; only overrides differ
        raise PlanError(
            f"{name}: tabellen har ingen kolonne for aktivitet; brug --kolonne aktivitet=OVERSKRIFT"
        )
    if not reading.rows and not reading.banners and not reading.problems:
        raise PlanError(f"{name}: tabellen har ingen rækker under overskrifterne; intet er ændret")
    return reading


@dataclass(slots=True)
class _Seen:
    """What the search for a header saw, to say why none was found."""

    filled: bool = False  # any cell with text
    looked: int = 0  # rows with text in the last table looked at
    first_row: list[str] | None = None  # the first row with two cells or more


def _no_table(document: Document, seen: _Seen, errors: list[PlanError]) -> None:
    name = document.name
    if not document.tables:
        raise PlanError(f"{name}: dokumentet har ingen tabel; intet er ændret")
    if not seen.filled:
        what = "regnearket er tomt" if name.lower().endswith(".xlsx") else "filen er tom"
        raise PlanError(f"{name}: {what}; intet er ændret")
    if errors:
        raise errors[0]
    if seen.first_row is None:
        raise PlanError(
            f"{name}: er ikke en tabel (ingen række har mere end én udfyldt celle); intet er ændret"
        )
    shown = " | ".join(" ".join(c.split())[:30] for c in non_empty(seen.first_row)[:6])
    raise PlanError(
        f"{name}: fandt ingen overskriftsrække med kolonnen AKTIVITET og fx TIDSPUNKT, EMNE, ANSVARLIG, "
        f"STATUS (første række: {shown}); brug --kolonne FELT=OVERSKRIFT"
    )


def _has_header(table: Table, overrides: dict[str, str], max_rows: int) -> bool:
    """Does `table` (a sheet after the one imported) have a header row of its own? A sheet that
    cannot be read within the bounds is not one to name."""
    try:
        return _find_header(table.rows(), overrides, max_rows, _Seen()) is not None
    except PlanError:
        return False


def _find_header(
    rows: Iterator[SourceRow], overrides: dict[str, str], max_rows: int, seen: _Seen
) -> tuple[SourceRow, dict[int, str], list[str]] | None:
    """Read up to the header row (the first that names the AKTIVITET column and one other, wherever
    it stands in the first `max_rows` rows): it, its columns, and the cells of the rows above it."""
    above: list[str] = []
    looked = seen.looked = 0
    for row in rows:
        filled = non_empty(row.cells)
        if not filled:
            continue
        seen.filled = True
        looked = seen.looked = looked + 1
        if len(filled) >= 2 and seen.first_row is None:
            seen.first_row = row.cells
        columns = _columns(row.cells, overrides)
        named = set(columns.values()) - {"-", START}
        if "aktivitet" in named and len(named) >= 2:
            return row, columns, above
        if looked >= max_rows:
            return None
        above += [c.strip() for c in filled]
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
    reading: Reading, table: Table, rows: Iterator[SourceRow], columns: dict[int, str],
    overrides: dict[str, str], max_rows: int, ids: dict[int, Row],
) -> None:  # fmt: skip
    """The rows under the header, one at a time, into `reading`: banners, activity rows, and the
    rows that cannot be read. Stops, with one Danish line, at an id twice or past `max_rows` rows.
    An empty EMNE is the EMNE of the row above only where that is the file's habit (Word writes a
    group's topic once, or merges its cell down, and text copied out of Word keeps that); in a sheet
    (Excel, csv) it is empty: after a sort in Excel the row above is another activity's."""
    header_fields = set(columns.values())
    inherit = table.kind != SHEET
    emne_above = ""
    for source in rows:
        number, cells = source.number, source.cells
        where = f"{table.where}, række {number}" if table.where else f"række {number}"
        filled = non_empty(cells)
        if not filled:
            continue
        reading.count += 1
        if reading.count > max_rows:
            raise PlanError(
                f"{reading.name}: tabellen har mere end {max_rows:,} rækker".replace(",", ".")
                + "; brug --maks-rækker N for at læse flere; intet er ændret"
            )
        if set(_columns(cells, overrides).values()) == header_fields and len(filled) == len(columns):
            continue  # the header again (a table that went on over a page break)
        faults = [source.faults[i] for i, f in columns.items() if f != "-" and i in source.faults]
        if faults:
            reading.problems.append(f"{reading.name}: {where}: {faults[0]}")
            continue
        reading.notes += [f"{reading.name}: {where}: {source.notes[i]}" for i in columns if i in source.notes]
        values = {f: cells[i].strip() if i < len(cells) else "" for i, f in columns.items() if f != "-"}
        if len(filled) == 1 and len(columns) >= 2 and not values.get("id"):
            reading.banners.append(filled[0].strip())
            continue
        if "emne" in values and inherit:
            if values["emne"]:
                emne_above = values["emne"]
            else:
                values["emne"] = emne_above
        activity_id, new = None, False
        text = values.get("id", "")
        if text.casefold() in ("ny", "new"):
            new = True
        elif text:
            activity_id = plain_number(text)
            if not activity_id:  # none, or 0
                reading.problems.append(
                    f"{reading.name}: {where}: id skal være et positivt heltal (eller ny), ikke {text!r}"
                )
                continue
        row = Row(where, activity_id, values, new)
        if activity_id is not None:
            if activity_id in ids:
                raise PlanError(
                    f"{reading.name}: id {activity_id} står to gange i tabellen "
                    f"({ids[activity_id].where} og {where}); intet er ændret"
                )
            ids[activity_id] = row
        reading.rows.append(row)


def topics(text: str, known: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """An EMNE cell as topics: one per line (paragraphs in a Word cell), else separated by commas,
    as our exports write them. A part that is no topic of its own but two or more `known` topics
    joined by spaces (a Word cell's two paragraphs, copied out as text) is those topics."""
    parts = text.splitlines() if "\n" in text else text.split(",")
    found: list[str] = []
    for part in parts:
        part = part.strip()
        if part:
            found += _joined_topics(part, known)
    return tuple(found)


def _joined_topics(text: str, known: frozenset[str]) -> list[str]:
    """`text` cut at spaces into known topics, if there is exactly one such cut into two or more;
    else `text` as it is (a topic the plan or the table has on its own is never cut)."""
    if text in known or " " not in text:
        return [text]
    words = text.split(" ")
    cuts: list[list[list[str]]] = [[] for _ in range(len(words) + 1)]  # cuts[i]: ways to cut words[i:]
    cuts[len(words)] = [[]]
    for start in range(len(words) - 1, -1, -1):
        for end in range(start + 1, len(words) + 1):
            piece = " ".join(words[start:end])
            if piece in known:
                cuts[start] += [[piece, *rest] for rest in cuts[end]][:2]  # two are enough to doubt
    ways = [way for way in cuts[0] if len(way) >= 2]
    return ways[0] if len(ways) == 1 else [text]


def known_topics(reading: Reading, plan_topics: Sequence[str] = ()) -> frozenset[str]:
    """The topics an EMNE cell may be made of: the plan's, and those the table's rows name on their
    own (alone in a cell, on a line of it, or between its commas) that are not themselves other
    known topics joined by a space."""
    plan = {" ".join(t.split()) for t in plan_topics}
    table: set[str] = set()
    for row in reading.rows:
        text = row.cells.get("emne", "")
        table.update(p.strip() for p in (text.splitlines() if "\n" in text else text.split(",")))
    table.discard("")
    pool = frozenset(plan | table)
    alone = {t for t in table if t in plan or len(_joined_topics(t, pool - {t})) < 2}
    return frozenset(plan | alone)


# --- rows as activities --------------------------------------------------------------------------


@dataclass(slots=True)
class Outcome:
    """What an import did (or would do), for the user: a line per change, the rows whose timing was
    kept as text, and the closing lines (how many, and what was not imported)."""

    lines: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)


class Refused(PlanError):
    """Rows that cannot be imported, and fields changed both in the sheet and in the plan since the
    export (`conflicts`): listed one per line (the first `SHOWN_PROBLEMS`, then how many more), then
    the refusal."""

    SHOWN_PROBLEMS = 100

    def __init__(self, problems: list[str], hint: str, conflicts: Sequence[str] = ()) -> None:
        count = len(problems)
        lines = [*problems, *conflicts]
        self.problems = lines[: self.SHOWN_PROBLEMS]
        if len(lines) > self.SHOWN_PROBLEMS:
            what = "linjer" if conflicts else "rækker"
            self.problems.append(f"… og {len(lines) - self.SHOWN_PROBLEMS} {what} mere")
        said = [f"{count} {'række' if count == 1 else 'rækker'} kan ikke importeres"] if count else []
        if conflicts:
            fields = len(conflicts)
            said.append(
                f"{fields} {'felt' if fields == 1 else 'felter'} er ændret både i regnearket og i planen"
            )
        super().__init__(f"{' og '.join(said)} (se ovenfor){hint}; intet er ændret")


@dataclass(slots=True)
class _Rows:
    """Turns rows into activities, collecting every problem (timings apart: they may be kept)."""

    name: str
    statuses: tuple[str, ...]
    keep_unreadable: bool
    problems: list[str] = field(default_factory=list)
    timing_problems: list[str] = field(default_factory=list)
    inherits_emne: bool = True  # an empty EMNE took the one above (Word's habit), if there was one
    known: frozenset[str] = frozenset()  # the topics an EMNE cell may be made of
    conflicts: list[str] = field(default_factory=list)  # fields changed in the sheet and the plan
    kept: int = 0  # fields as exported in the sheet, changed in the plan since: the plan's kept

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
            above = " (og der er intet emne over den)" if self.inherits_emne else ""
            self.say(row, f"emne mangler{above}" if name == "emne" else f"{name} mangler")
        return value

    def topics(self, text: str) -> tuple[str, ...]:
        return topics(text, self.known)

    def period(self, row: Row, text: str, year: int) -> Period:
        try:
            return parse_timing(text, year)
        except TimingError as error:
            line = f"{self.name}: {row.where}: {error}"
            (self.timing_problems if self.keep_unreadable else self.problems).append(line)
            return schema.UNREADABLE

    def refuse_if_any(self) -> None:
        if self.problems or self.conflicts:
            timings = any("tidspunkt" in p and "kan ikke læses" in p for p in self.problems)
            hint = " (--også-ulæselige beholder ulæselige tidspunkter som tekst)" if timings else ""
            raise Refused(self.problems, hint, self.conflicts)


def _missing_columns(reading: Reading, needed: Sequence[str], why: str) -> None:
    missing = [f for f in needed if f not in reading.fields]
    if missing:
        f = missing[0]
        raise PlanError(
            f"{reading.name}: tabellen har ingen kolonne for {f} ({FIELD_HINTS[f]}), som {why}; "
            f"brug --kolonne {f}=OVERSKRIFT"
        )


SHOWN_NOTES = 10


def _formula_notes(reading: Reading) -> list[str]:
    """The formulas whose shown value was read, each named (the first `SHOWN_NOTES`, then how many)."""
    notes = reading.notes[:SHOWN_NOTES]
    if len(reading.notes) > SHOWN_NOTES:
        notes.append(f"… og {len(reading.notes) - SHOWN_NOTES} formler mere, hvis viste værdi er læst")
    return notes


# --- into a new plan -----------------------------------------------------------------------------


def new_plan(
    reading: Reading, target: Path, *, titel: str | None, year: int, keep_unreadable: bool, dry_run: bool
) -> Outcome:
    """A new plan file at `target` (refused if there is one) with `plan init`'s head and the table."""
    from baeredygtig_cli.planfile.newplan import DEFAULT_TITLE, plan_text

    _missing_columns(reading, ("tidspunkt", "emne", "aktivitet", "ansvarlig"), "en ny plan skal have")
    rows = _Rows(reading.name, DEFAULT_STATUSES, keep_unreadable, list(reading.problems),
                 inherits_emne=reading.kind != SHEET, known=known_topics(reading))  # fmt: skip
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
                activity_id, tidspunkt, rows.topics(emne), aktivitet, ansvarlig, status, period, year=own_year
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
        return Outcome([text.rstrip("\n")], rows.timing_problems, _formula_notes(reading))
    disk.create_exclusively(target, text.encode("utf-8"))
    banners = len(dict.fromkeys(reading.banners))
    extra = f" og {banners} gennemgående" if banners else ""
    closing = [
        *_formula_notes(reading),
        f"Ny plan {shown}: {_count_rows(len(activities))}{extra} fra {reading.name}",
        *_unused(reading),
    ]
    return Outcome([], rows.timing_problems, closing)


def _unused(reading: Reading) -> list[str]:
    """What the file holds that was not imported: columns, and tables or sheets beside the one read."""
    return [
        *(f"kolonnen {header!r} er ikke importeret" for header in reading.unused),
        *(f"{reading.name}: {what} og er ikke importeret" for what in reading.unread),
    ]


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
    """Change and add, as one edit of the plan at `path`; what happened and, for a dry run, the diff.
    The closing line names the plan the table went into (it may be a folder's above)."""
    from baeredygtig_cli.planfile.edits import change_plan, diff, existing_emner, import_activities

    outcome = Outcome()
    shown = disk.display_path(path)
    base, unusable = _usable_base(reading)

    def change(source: Source) -> Edit:
        matched = _match_column(source, reading, keep_unreadable, existing_emner(source), base)
        edit = import_activities(source, matched.changed, matched.added)
        touched = {line.split(":", 1)[0] for line in edit.summary if not line.startswith("Aktivitet ")}
        same = len(reading.rows) - len(touched) - len(matched.added)
        new_banners = [b for b in dict.fromkeys(reading.banners) if b not in source.plan.cross_cutting]
        outcome.lines, outcome.kept = edit.summary, matched.rows.timing_problems
        outcome.closing = [
            *_formula_notes(reading),
            *unusable,
            _tally_rows(reading.name, shown, len(touched), len(matched.added), same),
            *_kept_line(matched.rows.kept),
            *(
                f"gennemgående {b!r} står ikke i planen og er ikke importeret; skriv den under "
                "gennemgående: i hånden"
                for b in new_banners
            ),
            *_not_in_table(reading, matched.missing),
            *_unused(reading),
        ]
        return edit

    edit, source = change_plan(path, change, dry_run=dry_run)
    return outcome, diff(source, edit.text) if dry_run else ""


def _usable_base(reading: Reading) -> tuple[dict[int, dict[str, str]] | None, list[str]]:
    """The base of our export's workbook, by id, if it can be used: read whole and checked, and
    with every ID of the sheet's rows in it (else the sheet is not the one exported, as it was: an
    ID typed in). Else None, and for a base there was, the line saying it is not used."""
    from baeredygtig_cli.planfile.exportbase import BaseUnusable, read_base

    if reading.base_rows is None:
        return None, []
    try:
        base = read_base(reading.base_rows(), reading.max_rows).fields
        stray = next((r.id for r in reading.rows if r.id is not None and r.id not in base), None)
        if stray is not None:
            raise BaseUnusable(f"id {stray} står ikke i den")
    except (BaseUnusable, PlanError) as why:
        reason = str(why) if isinstance(why, BaseUnusable) else "den kan ikke læses"
        return None, [
            f"{reading.name}: eksportens skjulte kopi af planen bruges ikke ({reason}); hver celle er "
            "importeret, som den står"
        ]
    return base, []


def _kept_line(kept: int) -> list[str]:
    if not kept:
        return []
    fields = f"{kept} {'felt' if kept == 1 else 'felter'}"
    return [f"{fields} ændret i planen siden eksporten og ikke i regnearket er beholdt"]


def _tally_rows(name: str, plan: str, changed: int, added: int, same: int) -> str:
    if not changed and not added:
        return f"{name} → {plan}: intet nyt; planen har allerede alt fra tabellen"
    return f"{name} → {plan}: {changed} ændret, {added} tilføjet, {same} uændret"


def _not_in_table(reading: Reading, missing: list[int]) -> list[str]:
    """ "10, 12-15 står ikke i regnearket; intet fjernet": the plan's activities the table lacks."""
    if not missing:
        return []
    where = "tabellen" if reading.kind == WORD else "regnearket"
    return [f"{id_ranges(missing)} står ikke i {where}; intet fjernet"]


def id_ranges(ids: Sequence[int]) -> str:
    """ "3, 5-8, 12": sorted ids, runs of three or more as a range."""
    ordered = sorted(set(ids))
    parts: list[str] = []
    start = 0
    while start < len(ordered):
        end = start
        while end + 1 < len(ordered) and ordered[end + 1] == ordered[end] + 1:
            end += 1
        if end - start >= 2:
            parts.append(f"{ordered[start]}-{ordered[end]}")
        else:
            parts += [str(i) for i in ordered[start : end + 1]]
        start = end + 1
    return ", ".join(parts)


def _same_text(text: str) -> str:
    """Text as a row and an activity are compared: runs of whitespace (a line break Excel or Word put
    in a cell, a non-breaking space) are one space, and the ends are trimmed."""
    return " ".join(text.split())


def _compared(text: str) -> str:
    return _same_text(text).casefold()


@dataclass(frozen=True, slots=True)
class _Matched:
    changed: list[Activity]
    added: list[Activity]
    rows: _Rows
    missing: list[int]  # the plan's activities no row is


def _match_column(
    source: Source, reading: Reading, keep_unreadable: bool, plan_topics: Sequence[str],
    base: dict[int, dict[str, str]] | None = None,
) -> _Matched:  # fmt: skip
    """Each row is an activity of the plan (by its ID; without one, by the same tidspunkt, aktivitet
    and ansvarlig, whitespace aside) or a new one. A row without an ID that is none of them but looks
    like an activity no other row is (the same aktivitet; or the same tidspunkt and ansvarlig and a
    close aktivitet) is refused, naming it, rather than added as its duplicate: its ID says which
    it is, or `ny` that it is new."""
    plan = source.plan
    rows = _Rows(reading.name, plan.statuses, keep_unreadable, list(reading.problems),
                 inherits_emne=reading.kind != SHEET, known=known_topics(reading, plan_topics))  # fmt: skip
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

    claimed = {r.id for r in reading.rows if r.id is not None and r.id in index.nodes}
    decided: dict[int, int | None] = {}  # row index -> its activity, or None: a new one
    by_content: dict[tuple[str, str, str], list[int]] | None = None
    for number, row in enumerate(reading.rows):
        if row.id is not None:
            if row.id not in index.nodes:
                rows.say(row, f"id {row.id} findes ikke i planen; tøm feltet for at tilføje rækken som ny")
                continue
            decided[number] = row.id
        elif row.new:
            decided[number] = None
        else:
            if by_content is None:
                by_content = _content_index(index, existing, claimed)
            candidates = by_content.get(_content_key(row.cells))
            if candidates:
                match = candidates.pop(0)
                decided[number] = match
                claimed.add(match)
    unclaimed = [i for i in index.nodes if i not in claimed]
    looks_like = _Likeness([existing(i) for i in unclaimed]) if len(decided) < len(reading.rows) else None
    changed: list[Activity] = []
    added: list[Activity] = []
    for number, row in enumerate(reading.rows):
        if number in decided:
            activity_id = decided[number]
            if activity_id is None:
                added.append(_new_activity(row, rows, plan.year))
            else:
                exported = base.get(activity_id) if base is not None and row.id is not None else None
                changed.append(_changed_fields(existing(activity_id), row, rows, plan.year, exported))
        elif row.id is None:
            like = looks_like.like(row.cells) if looks_like is not None else None
            if like is None:
                added.append(_new_activity(row, rows, plan.year))
            else:
                rows.say(row, _looks_like(like, row, "id" in reading.fields))
    rows.refuse_if_any()
    return _Matched(changed, added, rows, sorted(set(index.nodes) - claimed))


def _content_key(cells: dict[str, str]) -> tuple[str, str, str]:
    return (
        _same_text(cells.get("tidspunkt", "")),
        _same_text(cells.get("aktivitet", "")),
        _same_text(cells.get("ansvarlig", "")),
    )


def _content_index(
    index: schema.PlanIndex, existing: Callable[[int], Activity], claimed: set[int]
) -> dict[tuple[str, str, str], list[int]]:
    """Activities not named by an id in the table, by (tidspunkt, aktivitet, ansvarlig) with their
    whitespace made one space, in plan order."""
    found: dict[tuple[str, str, str], list[int]] = {}
    for activity_id in index.nodes:
        if activity_id in claimed:
            continue
        a = existing(activity_id)
        key = (_same_text(a.tidspunkt), _same_text(a.aktivitet), _same_text(a.ansvarlig))
        found.setdefault(key, []).append(activity_id)
    return found


class _Likeness:
    """The activities no row has claimed, looked up by what a row without an ID says: the same
    aktivitet (case and whitespace aside), or the same tidspunkt and ansvarlig and an aktivitet at
    least `CLOSE` alike (a word changed). Indexed, so a table of thousands asks in constant time."""

    CLOSE = 0.8

    def __init__(self, activities: Sequence[Activity]) -> None:
        self.by_text: dict[str, Activity] = {}
        self.by_place: dict[tuple[str, str], list[Activity]] = {}
        for a in activities:
            self.by_text.setdefault(_compared(a.aktivitet), a)
            self.by_place.setdefault((_compared(a.tidspunkt), _compared(a.ansvarlig)), []).append(a)

    def like(self, cells: dict[str, str]) -> Activity | None:
        import difflib

        text = _compared(cells.get("aktivitet", ""))
        if not text:
            return None
        if text in self.by_text:
            return self.by_text[text]
        place = (_compared(cells.get("tidspunkt", "")), _compared(cells.get("ansvarlig", "")))
        for a in self.by_place.get(place, []):
            matcher = difflib.SequenceMatcher(None, text, _compared(a.aktivitet), autojunk=False)
            if matcher.quick_ratio() >= self.CLOSE and matcher.ratio() >= self.CLOSE:
                return a
        return None


def _looks_like(activity: Activity, row: Row, has_id_column: bool) -> str:
    """ "ligner aktivitet 12 (tidspunkt 'Marts', her 'April'); ...": what differs, and how to say which."""
    differs = [
        f"{name} {getattr(activity, name)!r}, her {_same_text(row.cells.get(name, ''))!r}"
        for name in ("tidspunkt", "aktivitet", "ansvarlig")
        if _same_text(getattr(activity, name)) != _same_text(row.cells.get(name, ""))
    ]
    where = "i ID-kolonnen" if has_id_column else "i en ID-kolonne"
    return (
        f"ligner aktivitet {activity.id} ({'; '.join(differs)}); skriv {activity.id} {where} for at rette "
        f"den, eller ny for at tilføje rækken som en ny aktivitet"
    )


def _changed_fields(
    old: Activity, row: Row, rows: _Rows, plan_year: int, exported: dict[str, str] | None = None
) -> Activity:
    """The activity as the row says it; a field whose text differs only in whitespace (a line break
    in a cell, a non-breaking space) is as it was. With the fields as `exported` (the workbook's
    base), only those the row changed since are taken (`_taken`)."""
    new = old

    def taken(name: str) -> bool:
        return exported is None or name not in row.cells or _taken(name, old, row, rows, exported)

    tidspunkt = rows.required(row, "tidspunkt") if taken("tidspunkt") else None
    if tidspunkt and _same_text(tidspunkt) != _same_text(old.tidspunkt):
        new = dataclasses.replace(
            new, tidspunkt=tidspunkt, period=rows.period(row, tidspunkt, old.year or plan_year)
        )
    emne = rows.required(row, "emne") if taken("emne") else None
    if emne:
        topics_now = rows.topics(emne)
        if [_same_text(t) for t in topics_now] != [_same_text(t) for t in old.emne]:
            new = dataclasses.replace(new, emne=topics_now)
    aktivitet = rows.required(row, "aktivitet") if taken("aktivitet") else None
    ansvarlig = rows.required(row, "ansvarlig") if taken("ansvarlig") else None
    if aktivitet and _same_text(aktivitet) != _same_text(old.aktivitet):
        new = dataclasses.replace(new, aktivitet=aktivitet)
    if ansvarlig and _same_text(ansvarlig) != _same_text(old.ansvarlig):
        new = dataclasses.replace(new, ansvarlig=ansvarlig)
    if "status" in row.cells and taken("status"):
        new = dataclasses.replace(new, status=rows.status(row))
    return new


def _taken(name: str, old: Activity, row: Row, rows: _Rows, exported: dict[str, str]) -> bool:
    """A three-way decision for one field of a row, given what the export wrote (`exported`) and what
    the plan says now (`old`): as exported in the sheet, the colleague did not change it, and the
    plan's is kept (counted, where the plan changed it since); changed in the sheet, it is taken where
    the plan still says what was exported, or already says the same; changed in both, differently,
    it is a conflict (noted, for the refusal). Compared as the import compares: whitespace aside, a
    status as its word is matched, EMNE topic by topic."""
    from baeredygtig_cli.planfile.exportbase import BASE_FIELDS, base_values

    sheet, base = row.cells[name], exported[name]
    now_text = dict(zip(BASE_FIELDS, base_values(old), strict=True))[name]  # as an export writes it now
    sheet_key, base_key, now_key = (_field_key(name, text, rows) for text in (sheet, base, now_text))
    if sheet_key == base_key:
        rows.kept += now_key != base_key
        return False
    if now_key in (base_key, sheet_key):
        return True
    rows.conflicts.append(
        f"{old.id}: {name} ændret både i regnearket ({_same_text(sheet)!r}) og i planen siden eksporten "
        f"({_same_text(now_text)!r}; eksporteret {_same_text(base)!r}); ret den ene, og importér igen"
    )
    return False


def _field_key(name: str, text: str, rows: _Rows) -> object:
    """A field's text as the import compares it: whitespace aside; EMNE as its topics; a status as
    the word it matches (case and accents aside)."""
    if name == "emne":
        return [_same_text(t) for t in rows.topics(text)]
    if name == "status":
        return fold_to_ascii(_same_text(text))
    return _same_text(text)


def _new_activity(row: Row, rows: _Rows, plan_year: int) -> Activity:
    tidspunkt, emne, aktivitet, ansvarlig = (
        rows.required(row, name) or "" for name in ("tidspunkt", "emne", "aktivitet", "ansvarlig")
    )
    period = rows.period(row, tidspunkt, plan_year) if tidspunkt else schema.UNREADABLE
    return Activity(0, tidspunkt, rows.topics(emne), aktivitet, ansvarlig, rows.status(row), period)

"""Tables out of other people's files: Word (.docx), Excel (.xlsx), csv and tab-separated text.

What a table says, as text, cell by cell, with the row number a person sees (the line of a text
file, the row of a sheet, the row of a Word table). What the columns mean is importing.py's.

Merged cells are read as a person reads them: a cell merged down over several rows (a vertical
merge) says its text in each of them; a cell merged across several columns (a banner) says it once,
in its first column. python-docx and openpyxl are imported only here, only when such a file is
read, and their absence is one Danish line.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from baeredygtig_cli.errors import PlanError, os_error_text

# A plan is a table of tens or hundreds of rows. A text file this large is not one (and would only
# be read slowly into memory); an Office file's size is mostly its pictures, so there the limit is
# on the XML the table is read from, which also stops a zip bomb.
MAX_TEXT_BYTES = 20_000_000
MAX_XML_BYTES = 200_000_000

OFFICE_EXTRA = "pip install 'baeredygtig-cli[office]'"
KNOWN_SUFFIXES = (".docx", ".xlsx", ".csv", ".tsv", ".txt")
# The first bytes of an OLE2 compound file: an old .doc/.xls, or an Office file with a password.
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


@dataclass(frozen=True, slots=True)
class Table:
    """One table: its rows as (row number, cells), where it stands ("" or "tabel 2", "ark 'Plan'"),
    and the text found above it (a Word document's paragraphs, a text file's lines before the table)."""

    rows: list[tuple[int, list[str]]]
    where: str = ""
    above: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Document:
    """Every table of a file, and the title the file itself gives (a workbook's or document's)."""

    name: str  # as shown in messages
    tables: list[Table]
    title: str | None = None
    readings: bool = False  # the tables are one text read with different separators: take the first that fits
    broken: PlanError | None = None  # why a separator could not be read: the reason, if none fits


def read_document(path: Path) -> Document:
    """The tables of `path`, by its suffix; every problem with the file is one Danish line."""
    name = path.name or str(path)
    suffix = path.suffix.lower()
    if path.is_dir():
        raise PlanError(f"{name}: er en mappe, ikke en fil")
    if suffix in (".doc", ".xls", ".ods", ".odt", ".pdf", ".xlsm", ".xlsb", ".rtf"):
        raise PlanError(f"{name}: {_unsupported(suffix)}")
    if suffix not in KNOWN_SUFFIXES:
        shown = f"filtypen {suffix!r}" if suffix else "en fil uden filtype"
        raise PlanError(f"{name}: plan kan ikke importere {shown} (kendte: {', '.join(KNOWN_SUFFIXES)})")
    data = _read_table(path, limit=MAX_TEXT_BYTES if suffix in (".csv", ".tsv", ".txt") else None)
    if suffix in (".docx", ".xlsx"):
        _refuse_non_zip(name, data, suffix)
        return _read_docx(name, data) if suffix == ".docx" else _read_xlsx(name, data)
    text = _decode(name, data)
    separators = ("\t",) if suffix in (".tsv", ".txt") else (";", ",", "\t")
    readings: list[Table] = []
    errors: list[PlanError] = []
    for separator in separators:  # a wrong separator may make the quoting look broken
        try:
            readings.append(_text_table(name, text, separator))
        except PlanError as error:
            errors.append(error)
    if not readings:
        raise errors[0]
    return Document(name, readings, readings=True, broken=errors[0] if errors else None)


def _unsupported(suffix: str) -> str:
    return {
        ".doc": "det gamle Word-format (.doc); gem dokumentet som .docx i Word og prøv igen",
        ".xls": "det gamle Excel-format (.xls); gem regnearket som .xlsx i Excel og prøv igen",
        ".xlsm": "et regneark med makroer; gem det som .xlsx uden makroer og prøv igen",
        ".xlsb": "et binært Excel-regneark; gem det som .xlsx og prøv igen",
        ".ods": "et OpenDocument-regneark; gem det som .xlsx eller .csv og prøv igen",
        ".odt": "et OpenDocument-dokument; gem det som .docx og prøv igen",
        ".rtf": "RTF; gem dokumentet som .docx og prøv igen",
        ".pdf": "en PDF har ingen tabel, plan kan læse; brug Word- eller Excel-filen, planen kom fra",
    }[suffix]


def _read_table(path: Path, *, limit: int | None) -> bytes:
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise PlanError(f"{path.name}: er en mappe, ikke en fil")
        if not stat.S_ISREG(info.st_mode):
            raise PlanError(f"{path.name}: er ikke en almindelig fil")
        if limit is not None and info.st_size > limit:
            raise PlanError(
                f"{path.name}: filen er for stor til en tabel ({_megabytes(info.st_size)}; "
                f"højst {_megabytes(limit)}); intet er ændret"
            )
        return path.read_bytes()
    except PermissionError:
        raise PlanError(f"{path.name}: ingen adgang til at læse filen") from None
    except OSError as error:
        raise PlanError(f"{path.name}: {os_error_text(error)}") from None


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.0f} MB"


def _refuse_non_zip(name: str, data: bytes, suffix: str) -> None:
    """A .docx/.xlsx is a zip. An OLE2 file with that name is one saved with a password (Office
    encrypts the whole package), or an old-format file renamed."""
    what = "Word-dokumentet" if suffix == ".docx" else "regnearket"
    if data.startswith(_OLE2_MAGIC):
        if _ENCRYPTED in data:
            raise PlanError(
                f"{name}: {what} er beskyttet med adgangskode; gem en kopi uden adgangskode og importér den"
            )
        raise PlanError(f"{name}: {_unsupported('.doc' if suffix == '.docx' else '.xls')}")
    if not data:
        raise PlanError(f"{name}: filen er tom")
    if not data.startswith(b"PK"):
        raise PlanError(f"{name}: er ikke en gyldig {suffix}-fil (ødelagt, eller en anden slags fil)")


def _open_zip(name: str, data: bytes, suffix: str, parts: tuple[str, ...]) -> None:
    """Refuse a broken zip, and one whose XML would unpack to more than we read (a zip bomb)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise _broken(name, suffix) from None
    unpacked = sum(i.file_size for i in infos if i.filename.startswith(parts) and i.filename.endswith(".xml"))
    if unpacked > MAX_XML_BYTES:
        raise PlanError(f"{name}: pakker ud til mere end {_megabytes(MAX_XML_BYTES)} tekst; intet er læst")


def _broken(name: str, suffix: str) -> PlanError:
    return PlanError(f"{name}: er ikke en gyldig {suffix}-fil (ødelagt, eller en anden slags fil)")


def _missing(library: str, what: str) -> PlanError:
    return PlanError(f"{what} kræver {library}, som ikke er installeret: {OFFICE_EXTRA}")


# --- text: csv, tsv, txt -------------------------------------------------------------------------


def _decode(name: str, data: bytes) -> str:
    """UTF-8 (with or without BOM, as our --excel writes it), else Windows-1252: what Danish Excel
    writes when a sheet is saved as "CSV (semikolonsepareret)"."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise PlanError(
            f"{name}: er hverken UTF-8 eller Windows-1252 (byte {error.start}); gem filen som UTF-8"
        ) from None


# OWASP's formula triggers, which our --excel export (export.neutralise_formula) prefixes with `'`.
_NEUTRALISED = ("'=", "'+", "'-", "'@", "'\t", "'\r", "'\0")


def _text_table(name: str, text: str, separator: str) -> Table:
    """Records as RFC 4180 reads them (quoted separators and line breaks), each with the line it
    starts on. A cell our --excel export made safe (`'=...`) is read as the text it was."""
    import csv

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for record in reader:
            rows.append((line, [c[1:] if c.startswith(_NEUTRALISED) else c for c in record]))
            line = reader.line_num + 1
    except csv.Error:
        raise PlanError(f"{name}: linje {line}: et anførselstegn lukkes aldrig; ret filen") from None
    return Table(rows)


# --- Word ----------------------------------------------------------------------------------------


def _read_docx(name: str, data: bytes) -> Document:
    try:
        import docx
        from docx.table import Table as DocxTable
        from docx.table import _Cell
    except ImportError:
        raise _missing("python-docx", "Word-filer (.docx)") from None
    _open_zip(name, data, ".docx", ("word/",))
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        tables: list[Table] = []
        above: list[str] = []
        for element in body.iterchildren():
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "p":
                text = "".join(t.text or "" for t in element.iter(_W + "t")).strip()
                if text:
                    above.append(text)
            elif tag == "tbl":
                table = DocxTable(element, document._body)
                rows = list(_docx_rows(table, _Cell))
                tables.append(Table(rows, where=f"tabel {len(tables) + 1}", above=above))
                above = []
        title = (document.core_properties.title or "").strip() or None
    except PlanError:
        raise
    except Exception:  # python-docx and lxml raise many kinds for a damaged document
        raise _broken(name, ".docx") from None
    if len(tables) == 1:
        tables = [Table(tables[0].rows, "", tables[0].above)]
    return Document(name, tables, title)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_rows(table: object, cell_class: type) -> Iterator[tuple[int, list[str]]]:
    """Each row as its grid of cells: a cell merged down repeats the text of the cell it continues
    (python-docx's `_tc_above`), a cell spanning several columns fills the first of them."""
    above: list[str] = []
    for number, row in enumerate(table.rows, start=1):  # type: ignore[attr-defined]
        tr = row._tr
        cells = [""] * tr.grid_before
        for tc in tr.tc_lst:
            column = len(cells)
            if tc.vMerge == "continue":
                text = above[column] if column < len(above) else ""
            else:
                text = _cell_text(cell_class(tc, table))
            cells += [text] + [""] * (tc.grid_span - 1)
        above = cells
        yield number, cells


def _cell_text(cell: object) -> str:
    """Paragraphs on lines of their own, as Word shows them."""
    return "\n".join(p.text for p in cell.paragraphs).strip()  # type: ignore[attr-defined]


# --- Excel ---------------------------------------------------------------------------------------


def _read_xlsx(name: str, data: bytes) -> Document:
    try:
        import openpyxl
    except ImportError:
        raise _missing("openpyxl", "Excel-filer (.xlsx)") from None
    _open_zip(name, data, ".xlsx", ("xl/",))
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "data validation not supported" and the like
            workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        sheets = workbook.worksheets
        tables = [Table(_sheet_rows(s), where=f"ark {s.title!r}" if len(sheets) > 1 else "") for s in sheets]
        title = (workbook.properties.title or "").strip() or None
    except PlanError:
        raise
    except Exception:  # openpyxl raises KeyError, ValueError, zip and XML errors for a damaged file
        raise _broken(name, ".xlsx") from None
    return Document(name, tables, title)


def _sheet_rows(sheet: object) -> list[tuple[int, list[str]]]:
    """Rows with their sheet row numbers; a merged range says its text in its first column of each
    of its rows (merged down: every row; merged across: once)."""
    grid = [[_cell_value(v) for v in row] for row in sheet.iter_rows(values_only=True)]  # type: ignore[attr-defined]
    for merged in sheet.merged_cells.ranges:  # type: ignore[attr-defined]
        top = merged.min_row - 1
        if top >= len(grid) or merged.min_col - 1 >= len(grid[top]):
            continue
        value = grid[top][merged.min_col - 1]
        for r in range(merged.min_row, min(merged.max_row, len(grid))):
            if merged.min_col - 1 < len(grid[r]):
                grid[r][merged.min_col - 1] = value
    return [(number, row) for number, row in enumerate(grid, start=1)]


def _cell_value(value: object) -> str:
    """A cell as the text a person sees: numbers without a needless ".0", a date as a Danish date
    (Excel turns "5. marts" into a date as it is typed)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return _danish_date(value.date()) if value.time() == time() else value.isoformat(" ", "minutes")
    if isinstance(value, date):
        return _danish_date(value)
    return str(value).strip()


def _danish_date(day: date) -> str:
    """ "5. marts 2020": read back by the timing grammar as that very day."""
    from baeredygtig_cli.domain.timing import MONTH_NAMES

    return f"{day.day}. {MONTH_NAMES[day.month - 1]} {day.year}"


def non_empty(cells: Sequence[str]) -> list[str]:
    return [c for c in cells if c.strip()]

"""Tables out of other people's files: Word (.docx), Excel (.xlsx), csv and tab-separated text.

What a table says, as text, cell by cell, with the row number a person sees (the line of a text
file, the row of a sheet, the row of a Word table), read as Word and Excel show it: a Word cell's
tracked changes accepted (inserted text in, deleted text out), the text of content controls, fields
and smart tags with the rest; an Excel cell's shown value (a formula's stored result; a date in the
format the sheet shows it). What the columns mean is importing.py's.

Merged cells are read as a person reads them: a cell merged down over several rows (a vertical
merge) says its text in each of them; a cell merged across several columns (a banner) says it once,
in its first column. python-docx and openpyxl are imported only here, only when such a file is
read, and their absence is one Danish line.

Reading is bounded, whatever the file: a text file over `MAX_TEXT_BYTES`, or an Office file over
`MAX_OFFICE_BYTES`, is refused before it is read; an Office file (a zip) is refused before a part
is unpacked if its parts declare more than `MAX_PART_BYTES` each (or its sheets together: they are
streamed, which bounds memory, not time), more than `MAX_LOADED_BYTES` in all (the parts read
whole), unpack to more than `MAX_RATIO` times their packed size, number more than `MAX_PARTS`, or
if any XML part has a DTD in whatever encoding (Word and Excel never write one; an entity in one
would be expanded, or the text after it dropped), or if more than `MAX_TREE_BYTES` of XML would be
parsed into a tree. What a part is (a streamed sheet or not) is what the package says it is, not its
name. Rows are produced one at a time (`Table.rows`), so the caller can stop at its row cap without
the rest of the table ever being held in memory; a table ends after `EMPTY_RUN` empty rows (refused
if text stands below them), and a file may make the caller go through `SCANNED_PER_ROW` rows, empty
ones included, per row it reads.
"""

from __future__ import annotations

import codecs
import functools
import io
import os
import re
import stat
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from baeredygtig_cli.errors import PlanError, os_error_text

MAX_TEXT_BYTES = 20_000_000  # a csv/tsv/txt: far beyond any plan's table
MAX_OFFICE_BYTES = 100_000_000  # a .docx/.xlsx on disk, read whole before its parts are judged
MAX_PART_BYTES = 200_000_000  # one part of a .docx/.xlsx unpacked, and all the sheets (streamed)
MAX_LOADED_BYTES = 100_000_000  # the parts read whole (a document's text, shared strings, styles, images)
MAX_RATIO = 200  # unpacked ÷ packed, for a part over RATIO_FROM bytes: Office XML packs 5-30 times
RATIO_FROM = 1_000_000
MAX_PARTS = 2_000
PROLOG_BYTES = 65_536  # an XML part's root element starts within this, or it is not Office's
# The XML parsed into a tree whole (python-docx's document.xml and every other part it knows, openpyxl's
# shared strings, styles and relationships): a tree takes about 20 bytes of memory per byte of XML (38.5
# MB of empty paragraphs peaked at 847 MB), so this keeps the peak under 1 GB; a 10,000-row table takes
# 5.6 MB as python-docx writes it, about 20 MB as Word does (docs/PERFORMANCE.md).
MAX_TREE_BYTES = 40_000_000
MAX_INDEX_BYTES = 2_000_000  # [Content_Types].xml and each .rels: a list of parts (at most MAX_PARTS)
EXCEL_ROWS = 1_048_576  # the most rows a sheet can have
# A table ends after this many empty rows in a row (openpyxl makes an empty row of every row number a
# sheet skips: one cell at row 1,048,576 is a million rows to go through); what stands below is not read.
EMPTY_RUN = 1_000
# The rows a file may make plan go through, empty ones included, per row the caller reads at most
# (the header looked for over several sheets or separators, then the table): time is bounded too.
SCANNED_PER_ROW = 3
MAX_CELL_BYTES = 1_000_000  # the text of one cell of a sheet, read whole by openpyxl
MAX_COLUMNS = 256  # a row's cells read (a plan's table has a handful)

# The install says what to do: the tool is installed from its clone (README, Installér), not from PyPI.
OFFICE_EXTRA = (
    'installér tilvalget office: pip install -e ".[office]" i mappen med klonen; se README (Installér)'
)
KNOWN_SUFFIXES = (".docx", ".xlsx", ".csv", ".tsv", ".txt")
# The first bytes of an OLE2 compound file: an old .doc/.xls, or an Office file with a password.
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")

WORD, SHEET, TEXT = "word", "sheet", "text"
# The very hidden sheet on which our xlsx export records what it exported (exportbase.py): never a
# table to import, but read beside the table as its base.
BASE_SHEET = "plan-eksport"


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One row: its number as a person sees it, its cells as text, and per column (index) why a
    cell cannot be read as shown (`faults`) or how its text came about (`notes`: a formula)."""

    number: int
    cells: list[str]
    faults: dict[int, str] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Table:
    """One table: its rows, produced one at a time each time `rows()` is called; where it stands
    ("" or "tabel 2", "ark 'Plan'"); the text found between the table before it and this one (a
    Word document's paragraphs, a text file's lines before the table); and what kind of file it is
    in (`WORD`, `SHEET` or `TEXT`: Word's habits are not Excel's)."""

    rows: Callable[[], Iterator[SourceRow]]
    where: str = ""
    above: list[str] = field(default_factory=list)
    kind: str = TEXT


@dataclass(frozen=True, slots=True)
class Document:
    """Every table of a file, and the title the file itself gives (a workbook's or document's)."""

    name: str  # as shown in messages
    tables: list[Table]
    title: str | None = None
    readings: bool = False  # the tables are one text read with different separators: take the first that fits
    broken: PlanError | None = None  # why a separator could not be read: the reason, if none fits
    base: Callable[[], Iterator[SourceRow]] | None = None  # the rows of our export's base sheet, if any


def read_document(path: Path, max_rows: int = 10_000) -> Document:
    """The tables of `path`, by its suffix; every problem with the file is one Danish line. The
    caller reads at most `max_rows` rows of a table: the file may make it go through
    `SCANNED_PER_ROW` times that many rows in all, empty ones included (`_Budget`)."""
    name = path.name or str(path)
    suffix = path.suffix.lower()
    if path.is_dir():
        raise PlanError(f"{name}: er en mappe, ikke en fil")
    if suffix in (".doc", ".xls", ".ods", ".odt", ".pdf", ".xlsm", ".xlsb", ".rtf"):
        raise PlanError(f"{name}: {_unsupported(suffix)}")
    if suffix not in KNOWN_SUFFIXES:
        shown = f"filtypen {suffix!r}" if suffix else "en fil uden filtype"
        raise PlanError(f"{name}: plan kan ikke importere {shown} (kendte: {', '.join(KNOWN_SUFFIXES)})")
    text = suffix in (".csv", ".tsv", ".txt")
    data = _read_table(path, limit=MAX_TEXT_BYTES if text else MAX_OFFICE_BYTES)
    if suffix in (".docx", ".xlsx"):
        _refuse_non_zip(name, data, suffix)
        budget = _Budget(name, max_rows)
        return _read_docx(name, data, budget) if suffix == ".docx" else _read_xlsx(name, data, budget)
    return _read_text(name, _decode(name, data), SHEET if suffix == ".csv" else TEXT, suffix, max_rows)


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


def _read_table(path: Path, *, limit: int) -> bytes:
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise PlanError(f"{path.name}: er en mappe, ikke en fil")
        if not stat.S_ISREG(info.st_mode):
            raise PlanError(f"{path.name}: er ikke en almindelig fil")
        if info.st_size > limit:
            raise PlanError(
                f"{path.name}: filen er for stor til en tabel ({megabytes(info.st_size)}; "
                f"højst {megabytes(limit)}); intet er ændret"
            )
        return path.read_bytes()
    except PermissionError:
        raise PlanError(f"{path.name}: ingen adgang til at læse filen") from None
    except OSError as error:
        raise PlanError(f"{path.name}: {os_error_text(error)}") from None


def megabytes(size: int) -> str:
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


# --- rows, bounded in number ---------------------------------------------------------------------


class _Budget:
    """The rows a file may make plan go through, empty ones included: `SCANNED_PER_ROW` times the
    rows the caller reads (`--maks-rækker`); past it, one Danish line."""

    def __init__(self, name: str, max_rows: int) -> None:
        self.name, self.max_rows, self.left = name, max_rows, SCANNED_PER_ROW * max_rows + EMPTY_RUN

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            scanned = _thousands(SCANNED_PER_ROW * self.max_rows + EMPTY_RUN)
            raise PlanError(
                f"{self.name}: plan har gennemgået {scanned} rækker (tomme medregnet) uden at finde "
                "tabellens ende; brug --maks-rækker N for at læse flere; intet er ændret"
            )


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _rows_bounded(
    name: str, where: str, rows: Iterator[SourceRow], budget: _Budget, later: Callable[[int], int | None]
) -> Iterator[SourceRow]:
    """`rows`, each spent from `budget`, ending after `EMPTY_RUN` empty rows in a row. If something
    could stand further down (`later(row)`: the number of a row below `row` that may hold text, or
    None), the file is refused with that row's number rather than read in part without a word."""
    empty = 0
    for row in rows:
        budget.spend()
        if any(cell.strip() for cell in row.cells):
            empty = 0
        else:
            empty += 1
            if empty >= EMPTY_RUN:
                below = later(row.number)
                if below is not None:
                    place = f"{where}, " if where else ""
                    raise PlanError(
                        f"{name}: {place}række {_thousands(below)} står under mere end "
                        f"{_thousands(EMPTY_RUN)} tomme rækker og ville ikke blive læst; slet de tomme "
                        "rækker (eller det, der står under dem), og prøv igen; intet er ændret"
                    )
                return
        yield row


# --- the package guard ---------------------------------------------------------------------------

_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_WORKSHEET_RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
# The encodings Office (and any program that writes Office files) declares; the XML parsers read
# many more, and a check that reads fewer than they do could be told one thing while they read another.
_OFFICE_ENCODINGS = frozenset({"utf-8", "utf8", "utf-16", "utf-16le", "utf-16be", "us-ascii", "ascii",
                               "iso-8859-1", "latin1", "latin-1", "windows-1252", "cp1252"})  # fmt: skip
# Parts every reader takes by their name (not by a relationship): never the sheets it streams.
_NAMED_PARTS = frozenset({"[Content_Types].xml", "xl/workbook.xml", "xl/styles.xml", "docProps/core.xml",
                          "docProps/app.xml", "docProps/custom.xml"})  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Package:
    """What the guard found out about a package's parts, by their declared sizes and prologs."""

    types: dict[str, str] = field(default_factory=dict)  # part -> its content type ("" if none)
    xml: set[str] = field(default_factory=set)  # the parts that are XML (by their prolog)
    relations: dict[str, set[str]] = field(default_factory=dict)  # part -> the kinds of link to it


def _open_package(name: str, data: bytes, suffix: str, streamed_type: str | None = None) -> zipfile.ZipFile:
    """The zip, refused before any part is unpacked if it is broken or would unpack beyond the
    bounds (a zip bomb), by the sizes the zip declares (Python's zip reader never gives more than a
    part declares); then refused if an XML part carries a DTD, or declares an encoding Office never
    writes, or more XML is to be parsed into a tree than `MAX_TREE_BYTES`.

    `streamed_type`: the content type of the parts read a piece at a time (an .xlsx's worksheets),
    which count towards `MAX_PART_BYTES` together rather than towards `MAX_LOADED_BYTES`. A part is
    taken as streamed by what the package says it is (its content type in [Content_Types].xml and
    the relationships that point to it, as openpyxl finds its parts), never by its name: shared
    strings stored as xl/worksheets/strings.xml are still read whole."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise _broken(name, suffix) from None
    if any(info.flag_bits & 0x1 for info in infos):  # a zip password (Office's own is OLE2, above)
        raise PlanError(
            f"{name}: filen er krypteret med en adgangskode (zip); "
            "gem en kopi uden adgangskode og importér den"
        )
    bomb = PlanError(f"{name}: pakker ud til mere, end en tabel kan fylde (en zip-bombe?); intet er læst")
    if len(infos) > MAX_PARTS:
        raise bomb
    for info in infos:
        if info.file_size > MAX_PART_BYTES:
            raise bomb
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise bomb
        if _is_index(info.filename) and info.file_size > MAX_INDEX_BYTES:  # parsed whole by us, first
            raise bomb
    package = _Package()
    files = [info for info in infos if not info.is_dir()]
    index = [info for info in files if _is_index(info.filename)]
    for info in index:  # the package's own index first, checked before it is parsed
        _prolog_is_xml(archive, info, name, suffix, said_xml=True)
        package.xml.add(info.filename)
    _read_index(archive, package, name, suffix)
    for info in files:  # then every other part's prolog, before any part is parsed
        if not _is_index(info.filename) and _prolog_is_xml(
            archive, info, name, suffix, said_xml=_said_xml(info.filename, package)
        ):
            package.xml.add(info.filename)
    loaded = read_piecewise = tree = 0
    for info in files:
        if streamed_type is not None and _streamed(info.filename, package, streamed_type):
            read_piecewise += info.file_size
            continue
        loaded += info.file_size
        if info.filename in package.xml:
            tree += info.file_size
    if loaded > MAX_LOADED_BYTES or read_piecewise > MAX_PART_BYTES:  # the sheets' time, too, is bounded
        raise bomb
    if tree > MAX_TREE_BYTES:
        biggest = max((i for i in files if i.filename in package.xml and not _streamed(
            i.filename, package, streamed_type or "")), key=lambda i: i.file_size)  # fmt: skip
        raise PlanError(
            f"{name}: har {_tenths(tree)} XML, der skal læses på én gang (mest {biggest.filename}: "
            f"{_tenths(biggest.file_size)}); plan læser højst {_tenths(MAX_TREE_BYTES)}; "
            "del filen op, eller gem tabellen som .csv; intet er læst"
        )
    return archive


def _tenths(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


def _streamed(part: str, package: _Package, streamed_type: str) -> bool:
    """Is `part` read a piece at a time: its content type says so, and nothing but the workbook's
    sheet relationships points to it (a part a theme or another link points to is read whole)?"""
    if part in _NAMED_PARTS or package.types.get(part) != streamed_type:
        return False
    return package.relations.get(part, set()) == {_WORKSHEET_RELATION}


def _read_index(archive: zipfile.ZipFile, package: _Package, name: str, suffix: str) -> None:
    """The content type of each part ([Content_Types].xml: an Override by part name, else a Default by
    extension, both compared without case as the package format says) and the relationships that
    point to each part (every .rels). Both are small (`MAX_INDEX_BYTES`) and have been checked for
    DTDs, so the standard library's parser is safe with them."""
    import posixpath
    import xml.etree.ElementTree as ElementTree

    try:
        types = ElementTree.fromstring(archive.read("[Content_Types].xml"))
        overrides = {
            e.get("PartName", "").lower(): e.get("ContentType", "")
            for e in types.iter(f"{{{_CONTENT_TYPES}}}Override")
        }
        defaults = {
            e.get("Extension", "").lower(): e.get("ContentType", "")
            for e in types.iter(f"{{{_CONTENT_TYPES}}}Default")
        }
        for part in archive.namelist():
            extension = part.rsplit(".", 1)[-1].lower() if "." in part.rsplit("/", 1)[-1] else ""
            package.types[part] = overrides.get("/" + part.lower(), defaults.get(extension, ""))
        for part in archive.namelist():
            folder, _, file = part.rpartition("/")
            if not file.endswith(".rels") or posixpath.basename(folder) != "_rels":
                continue
            source_folder = posixpath.dirname(folder)
            for link in ElementTree.fromstring(archive.read(part)).iter(f"{{{_PACKAGE_RELS}}}Relationship"):
                if link.get("TargetMode") == "External":
                    continue
                target = link.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.join(source_folder, target)
                package.relations.setdefault(posixpath.normpath(path), set()).add(link.get("Type", ""))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError, EOFError, ValueError,
            NotImplementedError, RuntimeError):  # fmt: skip
        raise _broken(name, suffix) from None


class _Prolog(Exception):
    """How a part's prolog ended: at its root element, a DTD, or an encoding Office never writes."""


def _prolog_is_xml(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, suffix: str, *, said_xml: bool
) -> bool:
    """Is the part XML (True) or something else (a picture: False)? Decided by an XML parser (the
    standard library's expat), not by comparing bytes, so that a prolog in UTF-16 without a byte order
    mark, or in UTF-32, is read as what it is: the parser reads the first `PROLOG_BYTES` and stops at
    the root element. Refused: a DTD (Word and Excel never write one; an entity in it would be
    expanded, or the text after it lost); a part the parser cannot read in an encoding Office writes
    while the package says it is XML (lxml, which python-docx and openpyxl use, reads UTF-32 and other
    encodings this check does not: such a part is never let past); a prolog that does not reach the
    root element within the bound."""
    from xml.parsers import expat

    try:
        with archive.open(info) as part:
            head = part.read(PROLOG_BYTES)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        raise _broken(name, suffix) from None
    if not head:
        return False  # an empty part: nothing to parse, nothing parsed
    parser = expat.ParserCreate()

    def declared(version: str, encoding: str | None, standalone: int) -> None:
        if encoding is not None and encoding.lower() not in _OFFICE_ENCODINGS:
            raise _Prolog("encoding")

    def doctype(*args: object) -> None:
        raise _Prolog("dtd")

    def root(*args: object) -> None:
        raise _Prolog("root")

    parser.XmlDeclHandler = declared
    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = root
    try:
        parser.Parse(head, len(head) < PROLOG_BYTES)
    except _Prolog as ended:
        if str(ended) == "root":
            return True
        if str(ended) == "dtd":
            raise PlanError(
                f"{name}: {info.filename} har en dokumenttypedefinition (<!DOCTYPE), som Word og Excel "
                "aldrig skriver; gem filen igen i Word eller Excel og prøv igen; intet er læst"
            ) from None
        raise _broken(name, suffix) from None
    except (expat.ExpatError, ValueError):
        if said_xml:
            raise _broken(name, suffix) from None
        return False  # not XML (a picture, an embedded file)
    # no root element within the bound: a prolog longer than any Office program writes
    raise _broken(name, suffix)


def _is_index(part: str) -> bool:
    """[Content_Types].xml and the .rels parts: what says what the other parts are."""
    return part == "[Content_Types].xml" or part.endswith(".rels")


_XML_TYPE = re.compile(r"[/+]xml(?:;.*)?", re.IGNORECASE)


def _said_xml(part: str, package: _Package) -> bool:
    """Might a reader take the part for XML: by its name, or by its content type?"""
    return part.lower().endswith((".xml", ".rels", ".vml")) or bool(
        _XML_TYPE.search(package.types.get(part, ""))
    )


def _broken(name: str, suffix: str) -> PlanError:
    return PlanError(f"{name}: er ikke en gyldig {suffix}-fil (ødelagt, eller en anden slags fil)")


# What lxml says when a valid file is beyond what it parses by default (a text node over 10 MB, elements
# nested deeper than 256), or when memory runs out while it parses: the file is too big, not damaged.
_TOO_BIG = re.compile(r"huge|excessive depth|memory", re.IGNORECASE)


def _unreadable(name: str, suffix: str, error: Exception) -> PlanError:
    """Why an Office file could not be read: the machine's or the parser's limit (said so, with
    what to do), or a damaged file."""
    if isinstance(error, MemoryError) or _TOO_BIG.search(str(error)):
        return PlanError(
            f"{name}: filen er for stor eller for dybt indlejret til at læse (den er ikke nødvendigvis "
            f"ødelagt); gem tabellen alene i en ny {suffix}-fil eller som .csv; intet er ændret"
        )
    return _broken(name, suffix)


def _missing(library: str, what: str) -> PlanError:
    return PlanError(f"{what} kræver {library}, som ikke er installeret: {OFFICE_EXTRA}")


# --- text: csv, tsv, txt -------------------------------------------------------------------------


# The byte order marks a text file may start with, longest first (UTF-32 LE starts as UTF-16 LE's does).
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"), (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"), (b"\xfe\xff", "utf-16-be", "UTF-16"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
)  # fmt: skip
# A character in UTF-8 of two to four bytes: text that has one was written as UTF-8 (Windows-1252
# text all but never holds one by chance: an upper-case letter followed by a C1 or punctuation byte).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def _decode(name: str, data: bytes) -> str:
    """The text of a text file. By its byte order mark, UTF-32, UTF-16 (what Excel writes as
    "Unicode-tekst (*.txt)") or UTF-8 (as our --excel writes it); without one, UTF-8, else
    Windows-1252 (what Danish Excel writes as "CSV (semikolonsepareret)"). A file that holds UTF-8
    characters but is not UTF-8 as a whole (one stray Windows-1252 byte in a UTF-8 file) is refused:
    read as Windows-1252, every "ø" in it would become "Ã¸". A NUL is never text of a table (UTF-16
    without a byte order mark): refused too, so that no message shows it raw."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as error:
                raise _not_encoded(name, data, error.start + len(bom), label) from None
            break
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            if _UTF8_SEQUENCE.search(data):
                raise _not_encoded(name, data, error.start, "UTF-8") from None
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError as error:
                raise PlanError(
                    f"{name}: er hverken UTF-8 eller Windows-1252 (byte {_thousands(error.start + 1)}); "
                    "gem filen som UTF-8"
                ) from None
    if "\0" in text:
        at = text.index("\0")
        raise PlanError(
            f"{name}: linje {text.count(chr(10), 0, at) + 1} har et NUL-tegn, som en tekstfil ikke har "
            "(gemt som UTF-16 uden byte order mark?); gem filen som UTF-8 og prøv igen; intet er ændret"
        )
    return text


def _not_encoded(name: str, data: bytes, at: int, label: str) -> PlanError:
    line = data.count(b"\n", 0, at) + 1
    return PlanError(
        f"{name}: byte {_thousands(at + 1)} (linje {_thousands(line)}) er ikke gyldig {label}; "
        "gem filen som UTF-8 og prøv igen; intet er ændret"
    )


# Excel's own hint on a csv's first line, `sep=;`: the separator, not a row of the table.
_SEPARATOR_HINT = re.compile(r"sep=(.)\r?\n")


def _read_text(name: str, text: str, kind: str, suffix: str, max_rows: int) -> Document:
    """A text file as one table per separator it could have (tried in order by the caller: the
    first that has a header row is the file's); `sep=X` on the first line says which. A separator
    the text does not hold is not tried (a header needs two columns): each reading that is tried
    goes through the text once, within its own `_Budget`."""
    first_line = 1
    hint = _SEPARATOR_HINT.match(text)
    if hint:
        separators: tuple[str, ...] = (hint.group(1),)
        text, first_line = text[hint.end() :], 2
    else:
        separators = ("\t",) if suffix in (".tsv", ".txt") else (";", ",", "\t")
        separators = tuple(sep for sep in separators if sep in text) or separators[:1]
    tables = [
        Table(functools.partial(_text_rows, name, text, sep, first_line, max_rows), kind=kind)
        for sep in separators
    ]
    return Document(name, tables, readings=True)


# OWASP's formula triggers, which our --excel export (export.neutralise_formula) prefixes with `'`.
_NEUTRALISED = ("'=", "'+", "'-", "'@", "'\t", "'\r", "'\0")


def _text_rows(name: str, text: str, separator: str, first_line: int, max_rows: int) -> Iterator[SourceRow]:
    """Records as RFC 4180 reads them (quoted separators and line breaks), each with the line it
    starts on, one at a time, bounded as `_rows_bounded` bounds them. A cell our --excel export made safe
    (`'=...`) is read as the text it was."""
    buffer = io.StringIO(text, newline="")
    content = re.compile(rf"[^\s{re.escape(separator)}\"]")

    def later(line: int) -> int | None:
        found = content.search(text, buffer.tell())
        return None if found is None else text.count("\n", 0, found.start()) + first_line

    records = _csv_records(name, buffer, separator, first_line)
    return _rows_bounded(name, "", records, _Budget(name, max_rows), later)


def _csv_records(name: str, buffer: io.StringIO, separator: str, first_line: int) -> Iterator[SourceRow]:
    import csv

    reader = csv.reader(buffer, delimiter=separator, strict=True)
    line = first_line
    try:
        for record in reader:
            yield SourceRow(line, [c[1:] if c.startswith(_NEUTRALISED) else c for c in record[:MAX_COLUMNS]])
            line = reader.line_num + first_line
    except csv.Error as error:
        if "field larger" in str(error):  # csv's own bound on a cell, kept: a plan's cells are short
            longest = f"{csv.field_size_limit():,}".replace(",", ".")
            raise PlanError(
                f"{name}: linje {line}: en celle har mere end {longest} tegn; en plans tabel har korte celler"
            ) from None
        raise PlanError(f"{name}: linje {line}: et anførselstegn lukkes aldrig; ret filen") from None


# --- Word ----------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# What Word does not show once its tracked changes are accepted (deleted and moved-away text), and
# what is not text at all (a field's code, properties, a content control's settings).
_HIDDEN = frozenset(
    _W + tag
    for tag in ("del", "moveFrom", "delText", "instrText", "delInstrText", "pPr", "rPr", "tblPr", "trPr",
                "tcPr", "sdtPr", "sdtEndPr", "customXmlPr", "smartTagPr", "footnoteReference",
                "endnoteReference", "commentReference")
) | {"{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}  # fmt: skip
# (mc:Fallback: the same drawing or text box again, for programs that cannot read the mc:Choice.)
_CHARACTERS = {_W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
# Block-level wrappers whose content Word shows in place: content controls, custom XML, a tracked
# insertion of whole rows or cells.
_WRAPPERS = frozenset(_W + tag for tag in ("sdt", "sdtContent", "customXml", "ins", "moveTo"))
# Tracked changes to a table's structure, which cannot be read as accepted cell by cell.
_STRUCTURE_CHANGES = ("cellIns", "cellDel", "cellMerge")


def _read_docx(name: str, data: bytes, budget: _Budget) -> Document:
    try:
        import docx
    except ImportError:
        raise _missing("python-docx", "Word-filer (.docx)") from None
    _open_package(name, data, ".docx")
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        title = (document.core_properties.title or "").strip() or None
    except PlanError:
        raise
    except Exception as error:  # python-docx and lxml raise many kinds for a damaged document
        raise _unreadable(name, ".docx", error) from None
    tables: list[Table] = []
    above: list[str] = []
    for element in _blocks(body):
        if element.tag == _W + "p":
            text = _paragraph_text(element).strip()
            if text:
                above.append(text)
        else:
            where = f"tabel {len(tables) + 1}"
            rows = _docx_rows(name, element)
            tables.append(Table(functools.partial(_word_rows, name, where, rows, budget), where, above, WORD))
            above = []
    if len(tables) == 1:
        tables = [Table(functools.partial(_word_rows, name, "", rows, budget), "", tables[0].above, WORD)]
    return Document(name, tables, title)


def _word_rows(name: str, where: str, rows: list[SourceRow], budget: _Budget) -> Iterator[SourceRow]:
    """A Word table's rows (all in memory: the document is a tree), bounded as a sheet's are."""

    def later(number: int) -> int | None:
        return next((row.number for row in rows[number:] if any(c.strip() for c in row.cells)), None)

    return _rows_bounded(name, where, iter(rows), budget, later)


def _blocks(container: Any) -> Iterator[Any]:
    """The paragraphs and tables of the body in document order, through content controls and custom
    XML that wrap them (a table inside a content control is a table of the document)."""
    for child in container.iterchildren():
        if child.tag in (_W + "p", _W + "tbl"):
            yield child
        elif _shown_wrapper(child):
            yield from _blocks(child)


def _shown_wrapper(element: Any) -> bool:
    """Is `element` a wrapper whose content Word shows in place? Not a content control still showing
    its placeholder ("Klik eller tryk her for at skrive tekst."): a template's prompt, not a value."""
    if element.tag not in _WRAPPERS:
        return False
    return element.tag != _W + "sdt" or _property(element, "sdtPr", "showingPlcHdr") is None


def _paragraph_text(paragraph: Any) -> str:
    """A paragraph as Word shows it with its tracked changes accepted: inserted text in, deleted
    and moved-away text out; the text of fields (their result, not their code), content controls,
    hyperlinks and smart tags in place; a tab as a tab, a line break as a line break."""
    parts: list[str] = []
    stack = [iter(paragraph.iterchildren())]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if not isinstance(tag, str) or tag in _HIDDEN or (tag == _W + "sdt" and not _shown_wrapper(child)):
            continue
        if tag == _W + "t":
            parts.append(child.text or "")
        elif tag in _CHARACTERS:
            parts.append(_CHARACTERS[tag])
        else:
            stack.append(iter(child.iterchildren()))
    return "".join(parts)


def _mark_deleted(paragraph: Any) -> bool:
    """Is the paragraph's own mark a tracked deletion (so, accepted, it runs on into the next)?"""
    properties = paragraph.find(_W + "pPr")
    marks = properties.find(_W + "rPr") if properties is not None else None
    return marks is not None and marks.find(_W + "del") is not None


def _cell_text(cell: Any) -> str:
    """A cell's paragraphs on lines of their own, as Word shows them (a paragraph whose mark was
    deleted runs on into the next)."""
    lines: list[str] = []
    joined = False
    for paragraph in _cell_paragraphs(cell):
        text = _paragraph_text(paragraph)
        if joined and lines:
            lines[-1] += text
        else:
            lines.append(text)
        joined = _mark_deleted(paragraph)
    return "\n".join(lines).strip()


def _cell_paragraphs(container: Any) -> Iterator[Any]:
    """The paragraphs of a cell in order: its own, those in content controls it holds, and those of
    a table inside it (a text box's are part of the paragraph that holds it)."""
    for child in container.iterchildren():
        if child.tag == _W + "p":
            yield child
        elif child.tag in (_W + "tbl", _W + "tr", _W + "tc") or _shown_wrapper(child):
            yield from _cell_paragraphs(child)


def _children(element: Any, tag: str) -> Iterator[Any]:
    """`element`'s children of `tag`, also those inside content controls and custom XML that wrap
    them (a repeating section wraps rows; a content control may wrap a cell)."""
    for child in element.iterchildren():
        if child.tag == _W + tag:
            yield child
        elif _shown_wrapper(child):
            yield from _children(child, tag)


def _property(element: Any, group: str, name: str) -> Any:
    properties = element.find(_W + group)
    return properties.find(_W + name) if properties is not None else None


_COUNT = re.compile(r"[0-9]{1,9}")  # ASCII digits only: "²" and "٥" are digits to str.isdigit, not to Word


def _attribute_int(element: Any, default: int) -> int:
    """A count Word writes in `w:val` (a span, the cells skipped before or after a row), capped at
    `MAX_COLUMNS` before anything is built from it (60,000,000 would be a row of 60 million cells);
    anything but ASCII digits is read as `default`, as Word itself ignores it."""
    value = element.get(_W + "val") if element is not None else None
    if value is None or not _COUNT.fullmatch(value):
        return default
    return min(int(value), MAX_COLUMNS)


def _docx_rows(name: str, table: Any) -> list[SourceRow]:
    """Each row as its grid of cells, as Word shows it with tracked changes accepted (a deleted row
    is gone, an inserted one is there): a cell merged down repeats the text of the cell it
    continues, a cell spanning several columns fills the first of them. A tracked change to the
    table's structure (a cell inserted, deleted or merged) is refused: accept it in Word first."""
    rows: list[SourceRow] = []
    above: list[str] = []
    for tr in _children(table, "tr"):
        if _property(tr, "trPr", "del") is not None:
            continue
        cells = [""] * _attribute_int(_property(tr, "trPr", "gridBefore"), 0)
        for tc in _children(tr, "tc"):
            if any(_property(tc, "tcPr", change) is not None for change in _STRUCTURE_CHANGES):
                raise PlanError(
                    f"{name}: tabellen har registrerede ændringer af sine celler; acceptér ændringerne "
                    "i Word først (Gennemse > Acceptér alle ændringer), gem, og prøv igen"
                )
            column = len(cells)
            merge = _property(tc, "tcPr", "vMerge")
            if merge is not None and merge.get(_W + "val") != "restart":
                text = above[column] if column < len(above) else ""
            else:
                text = _cell_text(tc)
            span = max(_attribute_int(_property(tc, "tcPr", "gridSpan"), 1), 1)
            cells += [text] + [""] * min(span - 1, MAX_COLUMNS - len(cells))
            if len(cells) > MAX_COLUMNS:
                break  # the cells past the last column read are never built
        above = cells
        rows.append(SourceRow(len(rows) + 1, cells[:MAX_COLUMNS]))
    return rows


# --- Excel ---------------------------------------------------------------------------------------

_MERGE = re.compile(
    rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]{1,3})([0-9]{1,7}):([A-Z]{1,3})([0-9]{1,7})\""
)
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _read_xlsx(name: str, data: bytes, budget: _Budget) -> Document:
    try:
        import openpyxl
    except ImportError:
        raise _missing("openpyxl", "Excel-filer (.xlsx)") from None
    archive = _open_package(name, data, ".xlsx", WORKSHEET_TYPE)
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "data validation not supported" and the like
            shown = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        parts = _sheet_parts(archive)
        sheets = [sheet for sheet in shown.worksheets if sheet.title != BASE_SHEET]
        base = next((sheet for sheet in shown.worksheets if sheet.title == BASE_SHEET), None)
        title = (shown.properties.title or "").strip() or None
        tables = []
        for sheet in sheets:
            where = f"ark {sheet.title!r}" if len(sheets) > 1 else ""
            scan = _scan_sheet(name, where, archive, parts[sheet.title])
            tables.append(Table(_sheet_reader(name, where, data, sheet, scan, budget), where, kind=SHEET))
        base_rows = None
        if base is not None:  # read beside the table, within a budget of its own
            scan = _scan_sheet(name, f"ark {BASE_SHEET!r}", archive, parts[base.title])
            base_rows = _sheet_reader(name, "", data, base, scan, _Budget(name, budget.max_rows))
    except PlanError:
        raise
    except Exception as error:  # openpyxl raises KeyError, ValueError, zip and XML errors for a damaged file
        raise _unreadable(name, ".xlsx", error) from None
    return Document(name, tables, title, base=base_rows)


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's name -> its part in the package, from xl/workbook.xml and its relationships (the
    package has been checked for DTDs and sizes, so the standard library's XML parser is safe here)."""
    import xml.etree.ElementTree as ElementTree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    relation = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    found = {}
    for sheet in workbook.iter(main + "sheet"):
        target = targets.get(sheet.get(relation), "")
        found[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return found


@dataclass(frozen=True, slots=True)
class _SheetScan:
    """What one pass over a sheet's XML finds before its rows are read."""

    merges: list[tuple[int, int, int, int]]  # merged ranges: rows and columns, 1-based, inclusive
    formulas: bool  # any formula at all (then the sheet is also read as written)
    last: int  # the last row with a cell that is not empty (`<c r="A7">…</c>`, not `<c r="A7"/>`)


# A row's or a cell's start tag: a cell that is not written `<c r="B9" s="3"/>` (a format only) has
# content, in the row its `r` names, else in the row it is in (a row without `r` follows the last).
_ROW_OR_CELL = re.compile(rb"<(?:\w+:)?(row|c)\b([^>]*)>")
_ROW_NUMBER = re.compile(rb"\br=\"([0-9]{1,7})\"")
_CELL_ROW = re.compile(rb"\br=\"[A-Z]{1,3}([0-9]{1,7})\"")
_LONG_TEXT = re.compile(rb"[^<]{%d}" % (MAX_CELL_BYTES + 1))


def _scan_sheet(name: str, where: str, archive: zipfile.ZipFile, part: str) -> _SheetScan:
    """A sheet's merged ranges, whether it has any formula, and its last row with content, found in
    one pass over its XML, a piece at a time. A cell's text longer than `MAX_CELL_BYTES` (read whole by
    openpyxl) is refused here, before the sheet is read."""
    from openpyxl.utils import column_index_from_string

    merges: list[tuple[int, int, int, int]] = []
    formulas = False
    last = row = 0
    tail = b""
    run = 0  # bytes since the last "<", over the pieces read
    with archive.open(part) as stream:
        head = stream.read(4)
        decoder = _xml_decoder(head)
        pending = head
        while chunk := pending + stream.read(1 << 20):
            pending = b""
            if decoder is not None:  # a sheet in UTF-16: looked at as UTF-8, as the patterns are written
                chunk = decoder.decode(chunk).encode("utf-8")
            window = tail + chunk
            formulas = formulas or bool(_FORMULA.search(window))
            for match in _MERGE.finditer(window):
                first, top, last_row, bottom = match.groups()
                merges.append(
                    (int(top), column_index_from_string(first.decode()), int(bottom),
                     column_index_from_string(last_row.decode()))
                )  # fmt: skip
            for match in _ROW_OR_CELL.finditer(window):
                if match.end() <= len(tail):
                    continue  # seen whole in the last window
                kind, attributes = match.groups()
                if kind == b"row":
                    numbered = _ROW_NUMBER.search(attributes)
                    row = int(numbered.group(1)) if numbered else row + 1
                elif not attributes.endswith(b"/"):
                    named = _CELL_ROW.search(attributes)
                    last = max(last, int(named.group(1)) if named else row)
            opening = chunk.find(b"<")
            if run + (len(chunk) if opening < 0 else opening) > MAX_CELL_BYTES or _LONG_TEXT.search(chunk):
                place = f"{where}: " if where else ""
                raise PlanError(
                    f"{name}: {place}en celle har mere end {megabytes(MAX_CELL_BYTES)} tekst; en plans tabel "
                    "har korte celler; intet er ændret"
                )
            run = run + len(chunk) if opening < 0 else len(chunk) - chunk.rfind(b"<") - 1
            tail = window[-256:]  # a match cut by the chunk's end is found whole next time (and once: a set)
    return _SheetScan(sorted(set(merges)), formulas, last)


def _xml_decoder(head: bytes) -> codecs.IncrementalDecoder | None:
    """A decoder for XML that is not ASCII-compatible (UTF-16, with or without a byte order mark:
    openpyxl reads it), by its first bytes; None for UTF-8 and the other encodings `_prolog_is_xml`
    lets through, which the byte patterns read as they are."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return codecs.getincrementaldecoder("utf-16")()
    if head.startswith(b"<\0"):
        return codecs.getincrementaldecoder("utf-16-le")()
    if head.startswith(b"\0<"):
        return codecs.getincrementaldecoder("utf-16-be")()
    return None


def _sheet_reader(
    name: str, where: str, data: bytes, shown: Any, scan: _SheetScan, budget: _Budget
) -> Callable[[], Iterator[SourceRow]]:
    """The rows of `shown` (a sheet of the workbook read with stored values), each time asked, bounded
    (`_rows_bounded`); where the sheet has formulas, read beside the same sheet as written (its formulas)."""

    def rows() -> Iterator[SourceRow]:
        import warnings

        import openpyxl

        try:
            written = None
            if scan.formulas:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
                written = book[shown.title]
            later = functools.partial(_filled_below, scan.last)
            rows = _sheet_rows(name, shown, written, scan.merges)
            yield from _rows_bounded(name, where, rows, budget, later)
        except PlanError:
            raise
        except Exception as error:  # a part damaged where the rows are
            raise _unreadable(name, ".xlsx", error) from None

    return rows


def _filled_below(last: int, number: int) -> int | None:
    return last if last > number else None


def _sheet_rows(
    name: str, shown: Any, written: Any, merges: list[tuple[int, int, int, int]]
) -> Iterator[SourceRow]:
    """Rows one at a time, with their sheet row numbers; a merged range says its text in its first
    column of each of its rows (merged down: every row; merged across: once). A formula's stored
    value is read (and noted); a formula without one, or an error value, is a fault of its cell."""
    from openpyxl.utils import get_column_letter

    for sheet in (shown, written):
        if sheet is not None:
            sheet.reset_dimensions()  # a sheet's stated size may be anything; read what is there
    shown_rows = shown.iter_rows(max_col=MAX_COLUMNS)
    written_rows = written.iter_rows(max_col=MAX_COLUMNS) if written is not None else None
    starts = {(top, left): (bottom, right) for top, left, bottom, right in merges}
    running: dict[int, tuple[int, str]] = {}  # column -> (last row of a merge down, its text)
    number = 0
    for cells in shown_rows:
        number += 1
        if number > EXCEL_ROWS:
            raise _broken(name, ".xlsx")  # more rows than Excel can have
        formulas = next(written_rows, ()) if written_rows is not None else ()
        texts: list[str] = []
        faults: dict[int, str] = {}
        notes: dict[int, str] = {}
        for index, cell in enumerate(cells):
            written_cell = formulas[index] if index < len(formulas) else None
            if cell.value is None and getattr(written_cell, "data_type", None) != "f":
                texts.append("")  # the common case: nothing there
                continue
            text = _cell_value(cell)
            where = f"celle {get_column_letter(index + 1)}{number}"
            if getattr(cell, "data_type", None) == "e":
                faults[index] = f"{where} viser fejlen {cell.value}; ret formlen i Excel"
            elif getattr(written_cell, "data_type", None) == "f":
                code = written_cell.value  # type: ignore[union-attr]
                code = code if isinstance(code, str) else getattr(code, "text", None) or "en matrixformel"
                if cell.value is None:
                    faults[index] = (
                        f"{where} er en formel uden gemt værdi ({_short(code)}); åbn regnearket i Excel, "
                        "gem det, og prøv igen"
                    )
                else:
                    notes[index] = f"{where} er en formel ({_short(code)}); den viste værdi {text!r} er læst"
            texts.append(text)
        for column, (last, text) in list(running.items()):
            if number > last:
                del running[column]
            elif column - 1 < len(texts):
                texts[column - 1] = text
        for (top, left), (bottom, _) in starts.items():
            if top == number and bottom > top and left - 1 < len(texts):
                running[left] = (bottom, texts[left - 1])
        while texts and not texts[-1]:
            texts.pop()
        yield SourceRow(number, texts, faults, notes)


def _short(code: str) -> str:
    return code if len(code) <= 60 else code[:59] + "…"


def _cell_value(cell: Any) -> str:
    """A cell as the text a person sees: numbers without a needless ".0", a date as a Danish date in
    the parts the cell's format shows (Excel turns a typed "5. juni" into a date of this year, shown
    without the year: read "5. juni", so the plan's year applies)."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        day = value.date() if isinstance(value, datetime) else value
        if isinstance(value, datetime) and value.time() != time():
            return value.isoformat(" ", "minutes")
        return danish_date(day, _date_parts(getattr(cell, "number_format", "") or ""))
    return str(value).strip()


def _date_parts(number_format: str) -> str:
    """Which of day, month and year a date format shows ("dmy", "dm", "my", ...); all three where it
    says none (a format of its own or the default)."""
    plain = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format).lower()
    parts = "".join(part for part in "dmy" if part in plain)
    return parts if "m" in parts else "dmy"


def danish_date(day: date, parts: str = "dmy") -> str:
    """ "5. marts 2020" (or, by `parts`, "5. marts", "marts 2020", "marts"): read back by the timing
    grammar as that day or month."""
    from baeredygtig_cli.domain.timing import MONTH_NAMES

    month = MONTH_NAMES[day.month - 1]
    text = f"{day.day}. {month}" if "d" in parts else month
    return f"{text} {day.year}" if "y" in parts else text


def non_empty(cells: Sequence[str]) -> list[str]:
    return [c for c in cells if c.strip()]

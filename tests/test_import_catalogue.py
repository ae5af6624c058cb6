"""The bad-input catalogue of `plan import`, in the shape of tests/test_catalogue.py: what the
user gives, and the one Danish line on stderr (exit 2). Nothing here may print a traceback, change the
plan, or leave a plan (or a temp file) where there was none."""

from __future__ import annotations

import io
import re
import resource
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baeredygtig_cli.cli import app
from baeredygtig_cli.planfile import documents

from .conftest import PLAN_PROCESS, hang_guard
from .test_catalogue import ENGLISH, GOOD

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")

Content = bytes | str | Callable[[Path], None] | None


def xlsx(*rows: list[object], merged: str | None = None) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        workbook = openpyxl.Workbook()
        for row in rows:
            workbook.active.append(row)
        workbook.save(path)

    return build


def sheets(count: int, rows: int) -> Callable[[Path], None]:
    """A workbook of `count` sheets of `rows` rows each, as openpyxl writes it."""

    def build(path: Path) -> None:
        workbook = openpyxl.Workbook()
        for n in range(count):
            sheet = workbook.active if n == 0 else workbook.create_sheet(f"Ark{n + 1}")
            for row in range(rows):
                sheet.append(["marts", f"Møde {row}"])
        workbook.save(path)

    return build


def word(paragraphs: int = 2, table: list[list[str]] | None = None) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        document = docx.Document()
        for n in range(paragraphs):
            document.add_paragraph(f"Afsnit {n + 1}")
        if table:
            grid = document.add_table(rows=len(table), cols=len(table[0]))
            for row, cells in zip(grid.rows, table, strict=True):
                for cell, text in zip(row.cells, cells, strict=True):
                    cell.text = text
        document.save(path)

    return build


def zip_of(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


# What Office writes for a file saved with a password: an OLE2 compound file holding the encrypted
# package (the stream names are UTF-16). Enough of one for the test: the magic and the stream name.
ENCRYPTED = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 512
)
OLD_FORMAT = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "WordDocument".encode("utf-16-le") + b"\0" * 512
)
HEADER = "TIDSPUNKT;EMNE;AKTIVITET;ANSVARLIG;STATUS\n"


def fifty_megabytes(path: Path) -> None:
    line = "Marts;Klima;" + "Møde " * 40 + ";Anna;Afventer\n"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(HEADER)
        handle.write(line * (50_000_000 // len(line.encode()) + 1))


@dataclass(frozen=True)
class Case:
    name: str
    table: str  # the file name to import
    content: Content  # its bytes or text, or what builds it; None: no file
    args: tuple[str, ...]
    says: tuple[str, ...]  # fragments of the one line on stderr
    plan: str | None = GOOD  # the plan imported into; None: none (a new plan would be made)
    listed: tuple[str, ...] = ()  # rows listed on stdout before the refusal
    setup: Callable[[Path, pytest.MonkeyPatch], None] | None = field(default=None, compare=False)


def small_read_limit(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_LOADED_BYTES", 10_000)


def small_office_limit(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_OFFICE_BYTES", 10_000)


def small_part_limit(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_PART_BYTES", 20_000)  # each part of SHEET is smaller


def few_parts(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_PARTS", 5)


def with_part(build: Callable[[Path], None], part: str, data: bytes) -> Callable[[Path], None]:
    """A real file (made by `build`) with one part of its zip replaced, or added."""

    def rebuild(path: Path) -> None:
        build(path)
        with zipfile.ZipFile(path) as original:
            parts = {info.filename: original.read(info) for info in original.infolist()}
        parts[part] = data
        path.write_bytes(zip_of(parts))

    return rebuild


def edited_part(
    build: Callable[[Path], None], part: str, edit: Callable[[str], str]
) -> Callable[[Path], None]:
    """A real file with one XML part's text changed by `edit`."""

    def rebuild(path: Path) -> None:
        build(path)
        with zipfile.ZipFile(path) as original:
            parts = {info.filename: original.read(info) for info in original.infolist()}
        parts[part] = edit(parts[part].decode("utf-8")).encode("utf-8")
        path.write_bytes(zip_of(parts))

    return rebuild


# 3 MB of XML that packs to a few kilobytes: a zip bomb in small (the ratio is what gives it away).
BOMB_XML = b'<?xml version="1.0" encoding="UTF-8"?><x>' + b" " * 3_000_000 + b"</x>"
WORD_TABLE = word(table=[["TIDSPUNKT", "AKTIVITET"], ["marts", "x"]])
SHEET = xlsx(["TIDSPUNKT", "AKTIVITET"], ["marts", "x"])
DTD = '<!DOCTYPE w:document [<!ENTITY firma "Aabenraa Kommune">]>'


def _header_bytes(
    build: Callable[[Path], None], edit: Callable[[bytearray, int, int], None]
) -> Callable[[Path], None]:
    """A real file with every zip header (local and central) changed by `edit(data, at, offset)`, where
    `offset` is that header's general-purpose flag field."""

    def rebuild(path: Path) -> None:
        build(path)
        data = bytearray(path.read_bytes())
        for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            at = data.find(signature)
            while at >= 0:
                edit(data, at, flags_at)
                at = data.find(signature, at + 4)
        path.write_bytes(bytes(data))

    return rebuild


def zip_password(build: Callable[[Path], None]) -> Callable[[Path], None]:
    """Every part marked encrypted, as a zip tool with a password writes it."""

    def encrypt(data: bytearray, at: int, flags_at: int) -> None:
        data[at + flags_at] |= 1

    return _header_bytes(build, encrypt)


def unknown_method(build: Callable[[Path], None]) -> Callable[[Path], None]:
    """Every part with compression method 99 (WinZip's AES), which Python's zip reader does not know."""

    def method(data: bytearray, at: int, flags_at: int) -> None:
        data[at + flags_at + 2 : at + flags_at + 4] = (99).to_bytes(2, "little")

    return _header_bytes(build, method)


def with_dtd(text: str) -> str:
    at = text.index("?>") + 2
    return text[:at] + DTD + text[at:].replace(">x<", ">x &firma; og mere<", 1)


def long_prolog(text: str) -> str:
    at = text.index("?>") + 2
    return text[:at] + "<!--" + " " * 70_000 + "-->" + text[at:]


def tracked_cell_insert(text: str) -> str:
    return text.replace(
        "<w:tcPr>", '<w:tcPr><w:cellIns w:id="9" w:author="A" w:date="2024-01-01T00:00:00Z"/>', 1
    )


def formula_sheet(*formulas: str) -> Callable[[Path], None]:
    """A workbook as openpyxl writes it: formulas without a stored value (no program computed them)."""
    return xlsx(["ID", "TIDSPUNKT", "AKTIVITET", "STATUS"], *([1, "marts", "x", f] for f in formulas))


HUNDRED_ROWS = HEADER + "".join(f"marts;A;Møde {n};Anna;Afventer\n" for n in range(100))


CASES = [
    # --- not a table
    Case("a Word document without a table", "plan.docx", word(), (), ("dokumentet har ingen tabel",)),
    Case("prose in a text file", "noter.txt", "Vi skal holde møde i marts.\nOg i april.\n", (),
         ("er ikke en tabel",)),
    Case("one column in a csv", "liste.csv", "Aktivitet\nMøde\nTur\n", (), ("er ikke en tabel",)),
    # --- no header
    Case("no known column names", "t.csv", "Hvad;Hvem;Hvornår\nMøde;Anna;marts\n", (),
         ("fandt ingen overskriftsrække", "første række: Hvad | Hvem | Hvornår", "--kolonne")),
    Case("a Word table without a header", "plan.docx", word(table=[["a", "b"], ["c", "d"]]), (),
         ("fandt ingen overskriftsrække",)),
    Case("only a header", "t.csv", HEADER, (), ("ingen rækker under overskrifterne",)),
    # --- files that are not what they say
    Case("a password-protected workbook", "plan.xlsx", ENCRYPTED, (), ("beskyttet med adgangskode",)),
    Case("a password-protected document", "plan.docx", ENCRYPTED, (), ("beskyttet med adgangskode",)),
    Case("an old .doc renamed", "plan.docx", OLD_FORMAT, (), ("det gamle Word-format (.doc)", "gem dokumentet som .docx")),
    Case("an .xls", "plan.xls", OLD_FORMAT, (), ("det gamle Excel-format (.xls)",)),
    Case("a corrupt workbook", "plan.xlsx", b"PK\x03\x04" + b"\x00" * 200, (), ("ikke en gyldig .xlsx-fil",)),
    Case("a zip that is no workbook", "plan.xlsx", zip_of({"hej.txt": b"hej"}), (), ("ikke en gyldig .xlsx-fil",)),
    Case("a document that is no zip", "plan.docx", "bare tekst", (), ("ikke en gyldig .docx-fil",)),
    Case("a workbook that is a document", "plan.xlsx", word(table=[["TIDSPUNKT", "AKTIVITET"], ["marts", "x"]]),
         (), ("ikke en gyldig .xlsx-fil",)),
    # --- zip bombs and XML that Office never writes: refused before a part is read (issue 23, 8)
    Case("a zip bomb in docProps/core.xml", "plan.docx", with_part(WORD_TABLE, "docProps/core.xml", BOMB_XML),
         (), ("zip-bombe", "intet er læst")),
    Case("a zip bomb in [Content_Types].xml", "plan.xlsx", with_part(SHEET, "[Content_Types].xml", BOMB_XML),
         (), ("zip-bombe",)),
    Case("a zip bomb in a .rels", "plan.docx", with_part(WORD_TABLE, "word/_rels/document.xml.rels", BOMB_XML),
         (), ("zip-bombe",)),
    Case("a zip bomb as a picture", "plan.docx", with_part(WORD_TABLE, "word/media/image1.png",
                                                           b"\x89PNG" + b"\0" * 3_000_000), (), ("zip-bombe",)),
    Case("a zip bomb in a sheet", "plan.xlsx", with_part(SHEET, "xl/worksheets/sheet1.xml", BOMB_XML), (),
         ("zip-bombe",)),
    Case("more to read whole than a table needs", "plan.docx", WORD_TABLE, (), ("zip-bombe",),
         setup=small_read_limit),
    Case("too many parts", "plan.xlsx", SHEET, (), ("zip-bombe",), setup=few_parts),
    Case("more sheets than are read in time", "plan.xlsx", sheets(3, 100), (), ("zip-bombe",), setup=small_part_limit),
    Case("an Office file larger than any table's", "plan.docx", WORD_TABLE, (),
         ("filen er for stor til en tabel", "højst 0 MB"), setup=small_office_limit),
    Case("a zip with a password", "plan.docx", zip_password(WORD_TABLE), (), ("krypteret med en adgangskode (zip)",)),
    Case("a part packed in a way zip readers do not know", "plan.xlsx", unknown_method(SHEET), (),
         ("ikke en gyldig .xlsx-fil",)),
    Case("a DTD in a Word document", "plan.docx", edited_part(WORD_TABLE, "word/document.xml", with_dtd), (),
         ("word/document.xml har en dokumenttypedefinition", "intet er læst")),
    Case("a DTD in a workbook's strings", "plan.xlsx", with_part(SHEET, "xl/sharedStrings.xml",
         b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY e "x">]><sst><si><t>&e;</t></si></sst>'), (),
         ("xl/sharedStrings.xml har en dokumenttypedefinition",)),
    Case("an XML prolog longer than Office writes", "plan.docx",
         edited_part(WORD_TABLE, "word/document.xml", long_prolog), (), ("ikke en gyldig .docx-fil",)),
    # --- Word and Excel as people make them (issue 23, 10-14)
    Case("tracked changes to a table's cells", "plan.docx",
         edited_part(word(table=[["TIDSPUNKT", "AKTIVITET"], ["marts", "x"]]), "word/document.xml", tracked_cell_insert),
         (), ("acceptér ændringerne i Word først",)),
    Case("a formula without a stored value", "plan.xlsx", formula_sheet('=IF(1,"I gang","")'), (),
         ("1 række kan ikke importeres",),
         listed=("plan.xlsx: række 2: celle D2 er en formel uden gemt værdi (=IF(1,\"I gang\",\"\"))",)),
    Case("an error value in a cell", "plan.xlsx", xlsx(["ID", "TIDSPUNKT", "AKTIVITET"], [1, "marts", "#REF!"]), (),
         ("1 række kan ikke importeres",), listed=("plan.xlsx: række 2: celle C2 viser fejlen #REF!",)),
    Case("an empty EMNE in a sheet is empty", "plan.xlsx",
         xlsx(["TIDSPUNKT", "EMNE", "AKTIVITET", "ANSVARLIG"], ["marts", "A", "Ny 1", "y"], ["april", None, "Ny 2", "y"]),
         (), ("1 række kan ikke importeres",), listed=("plan.xlsx: række 3: emne mangler",)),
    Case("a row like an activity the table lacks", "t.csv", HEADER + "april;A;x;y;Afventer\n", (),
         ("1 række kan ikke importeres",),
         listed=("t.csv: række 2: ligner aktivitet 1 (tidspunkt 'marts', her 'april'); skriv 1 i en ID-kolonne",)),
    Case("more rows than --maks-rækker", "t.csv", HUNDRED_ROWS, ("--maks-rækker", "50"),
         ("tabellen har mere end 50 rækker", "--maks-rækker N")),
    Case("more rows than the default", "t.csv", HEADER + "marts;A;Møde;Anna;Afventer\n" * 10_001, (),
         ("tabellen har mere end 10.000 rækker",), plan=None),
    Case("--maks-rækker 0", "t.csv", HEADER, ("--maks-rækker", "0"), ("--maks-rækker skal være mindst 1",)),
    Case("an empty file", "plan.xlsx", b"", (), ("filen er tom",)),
    Case("an empty sheet", "plan.xlsx", xlsx(), (), ("regnearket er tomt",)),
    Case("an empty csv", "t.csv", "", (), ("filen er tom",)),
    Case("neither UTF-8 nor Windows-1252", "t.csv", b"TIDSPUNKT;AKTIVITET\nmarts;\x81\xff\n", (),
         ("hverken UTF-8 eller Windows-1252",)),
    Case("an unclosed quote", "t.csv", HEADER + 'Marts;Klima;"Møde;Anna;Afventer\n', (),
         ("et anførselstegn lukkes aldrig",)),
    Case("a cell longer than csv reads", "t.csv", HEADER + "marts;A;" + "x" * 200_000 + ";Anna;Afventer\n", (),
         ("linje 2: en celle har mere end 131.072 tegn",)),
    Case("a 50 MB file", "stor.csv", fifty_megabytes, (), ("filen er for stor til en tabel", "50 MB", "højst 20 MB")),
    Case("a pdf", "plan.pdf", b"%PDF-1.4", (), ("en PDF har ingen tabel",)),
    Case("an unknown suffix", "plan.json", "{}", (), ("kan ikke importere filtypen '.json'",)),
    Case("no file", "mangler.xlsx", None, (), ("filen findes ikke",)),
    # --- ids
    Case("duplicate ids", "t.csv", "ID;TIDSPUNKT;AKTIVITET\n1;marts;x\n2;april;y\n1;maj;z\n", (),
         ("id 1 står to gange i tabellen (række 2 og række 4)",)),
    Case("duplicate ids, new plan", "t.csv", "ID;TIDSPUNKT;EMNE;AKTIVITET;ANSVARLIG\n3;marts;A;x;y\n3;maj;A;z;y\n", (),
         ("id 3 står to gange",), plan=None),
    Case("an id that is no number", "t.csv", "ID;TIDSPUNKT;AKTIVITET\nen;marts;x\n", (),
         ("1 række kan ikke importeres",), listed=("t.csv: række 2: id skal være et positivt heltal (eller ny), ikke 'en'",)),
    Case("an id the plan lacks", "t.csv", "ID;STATUS;AKTIVITET\n9;I gang;x\n", (),
         ("1 række kan ikke importeres",), listed=("t.csv: række 2: id 9 findes ikke i planen",)),
    # --- rows and options
    Case("an unreadable timing", "t.csv", HEADER + "snart;A;ny aktivitet;y;Afventer\n", (),
         ("1 række kan ikke importeres", "--også-ulæselige"),
         listed=("t.csv: række 2: tidspunkt 'snart' kan ikke læses",)),
    Case("an unknown status", "t.csv", HEADER + "marts;A;x;y;Done\n", ("--også-ulæselige",),
         ("1 række kan ikke importeres",), listed=("t.csv: række 2: ukendt status 'Done'",)),
    Case("a new plan without ansvarlig", "t.csv", "TIDSPUNKT;EMNE;AKTIVITET\nmarts;A;x\n", (),
         ("ingen kolonne for ansvarlig",), plan=None),
    Case("--kolonne without =", "t.csv", HEADER, ("--kolonne", "aktivitet"), ("skal skrives FELT=OVERSKRIFT",)),
    Case("--kolonne of an unknown field", "t.csv", HEADER, ("--kolonne", "farve=Status"), ("ukendt felt 'farve'",)),
    Case("--titel into an existing plan", "t.csv", HEADER, ("--titel", "Ny"), ("--titel gælder kun en ny plan",)),
    Case("a bad --år", "t.csv", HEADER, ("--år", "12345"), ("år 12345 er ikke et muligt år",), plan=None),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_import_catalogue(
    case: Case, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path_factory.mktemp("import")  # outside any git repository
    plan = folder / "plan.yaml"
    if case.plan is not None:
        plan.write_text(case.plan, encoding="utf-8")
    table = folder / case.table
    if callable(case.content):
        case.content(table)
    elif case.content is not None:
        table.write_bytes(case.content.encode("utf-8") if isinstance(case.content, str) else case.content)
    if case.setup:
        case.setup(table, monkeypatch)
    before = plan.read_bytes() if plan.exists() else None
    with hang_guard(60):
        result = CliRunner().invoke(app, ["import", str(table), *case.args, "-f", str(plan)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    said = result.stderr
    assert said.count("\n") == 1 and said.startswith("plan: "), said
    for fragment in case.says:
        assert fragment in said, said
    assert result.stdout.splitlines() == [
        next(line for line in result.stdout.splitlines() if line.startswith(listed)) for listed in case.listed
    ]
    english = [w for w in ENGLISH if re.search(rf"\b{re.escape(w)}\b", said.replace(str(folder), ""), re.I)]
    assert not english, f"English in {said!r}: {english}"
    assert (plan.read_bytes() if plan.exists() else None) == before
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_the_import_catalogue_covers_the_issue() -> None:
    names = {c.name for c in CASES}
    assert {"a Word document without a table", "no known column names", "a password-protected workbook",
            "a corrupt workbook", "an empty sheet", "duplicate ids", "a 50 MB file"} <= names  # fmt: skip
    assert len(CASES) >= 50


# --- bounded: a zip bomb and a huge table are refused under a memory ceiling (issue 23, 8 and 9) --------

CEILING = 400 * 2**20  # bytes of address space: ample for plan and its libraries (about 150 MB)


def under_ceiling(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`plan ARGS` in a process of its own that may not use more than `CEILING` of memory."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (CEILING, CEILING))

    with hang_guard(300):
        return subprocess.run([*PLAN_PROCESS, *args], cwd=cwd, capture_output=True, text=True, check=False,
                              preexec_fn=limit)  # fmt: skip


def real_bomb(path: Path, part: str, size: int) -> None:
    """A real Word document with `size` bytes of XML in `part`, packed to almost nothing."""
    word(table=[["TIDSPUNKT", "EMNE", "AKTIVITET", "ANSVARLIG"], ["marts", "A", "x", "y"]])(path)
    with zipfile.ZipFile(path) as original:
        parts = {info.filename: original.read(info) for info in original.infolist() if info.filename != part}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as rebuilt:
        for name, data in parts.items():
            rebuilt.writestr(name, data)
        with rebuilt.open(part, "w", force_zip64=True) as stream:
            stream.write(b'<?xml version="1.0"?><cp:coreProperties xmlns:cp="x"><x>')
            block = b" " * (1 << 20)
            for _ in range(size // len(block)):
                stream.write(block)
            stream.write(b"</x></cp:coreProperties>")


def huge_sheet(path: Path, rows: int) -> None:
    """A workbook of `rows` rows, written part by part as Excel lays one out (inline strings)."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>")  # fmt: skip
        book.writestr("_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')  # fmt: skip
        book.writestr("xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} xmlns:r="{rel}"><sheets>'
            '<sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>')  # fmt: skip
        book.writestr("xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')  # fmt: skip
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}>'
                        f'<dimension ref="A1:D{rows + 1}"/><sheetData>'.encode())  # fmt: skip

            def row(n: int, cells: list[str]) -> bytes:
                inner = "".join(
                    f'<c r="{chr(65 + i)}{n}" t="inlineStr"><is><t>{v}</t></is></c>'
                    for i, v in enumerate(cells)
                )
                return f'<row r="{n}">{inner}</row>'.encode()

            sheet.write(row(1, ["TIDSPUNKT", "EMNE", "AKTIVITET", "ANSVARLIG"]))
            chunk = []
            for n in range(2, rows + 2):
                chunk.append(row(n, ["Marts", "Klima", f"Møde nummer {n}", "Koordinator"]))
                if len(chunk) == 10_000:
                    sheet.write(b"".join(chunk))
                    chunk = []
            sheet.write(b"".join(chunk) + b"</sheetData></worksheet>")


BOUNDED = [
    ("a 300 MB zip bomb in docProps/core.xml", "bombe.docx", lambda p: real_bomb(p, "docProps/core.xml", 300 << 20),
     (), "zip-bombe"),
    ("a 300 MB zip bomb as a picture", "bombe.docx", lambda p: real_bomb(p, "word/media/image1.png", 300 << 20),
     (), "zip-bombe"),
    ("a workbook of 200,000 rows", "stor.xlsx", lambda p: huge_sheet(p, 200_000), (), "mere end 10.000 rækker"),
    ("a workbook of 20,000 rows, allowed", "stor.xlsx", lambda p: huge_sheet(p, 20_000), ("--maks-rækker", "30000"),
     None),
    ("a csv of a million rows", "stor.csv",
     lambda p: p.write_text(HEADER + "marts;A;x;y;\n" * 1_000_000, encoding="utf-8"), (),
     "mere end 10.000 rækker"),
    ("a csv of one id a million times", "ider.csv",
     lambda p: p.write_text("ID;TIDSPUNKT;AKTIVITET\n" + "1;marts;x\n" * 1_000_000, encoding="utf-8"), (),
     "id 1 står to gange i tabellen (række 2 og række 3)"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "file", "make", "args", "says"), BOUNDED, ids=[b[0] for b in BOUNDED])
def test_a_bomb_or_a_huge_table_is_refused_within_a_memory_ceiling(
    tmp_path: Path,
    name: str,
    file: str,
    make: Callable[[Path], None],
    args: tuple[str, ...],
    says: str | None,
) -> None:
    """Refused (one Danish line, exit 2, nothing written) in a process that may use no more than
    `CEILING` of memory: the package guard reads no part before it has judged them all, and a table
    is read a row at a time and left at its first fatal problem or its row cap. (Before: 4 GB for
    the bomb, 1.8 GB for the workbook.) Allowed more rows than the default, 20,000 rows go into the
    plan within the same ceiling (about 9 KB a row: docs/PERFORMANCE.md, "Resource envelope")."""
    table = tmp_path / file
    make(table)
    plan = tmp_path / "plan.yaml"
    plan.write_text(GOOD, encoding="utf-8")
    done = under_ceiling("import", str(table), *args, "-f", str(plan), cwd=tmp_path)
    if says is None:
        assert (done.returncode, done.stderr) == (0, ""), done.stderr[-2000:]
        assert done.stdout.splitlines()[-2] == f"{file} → plan.yaml: 0 ændret, 20000 tilføjet, 0 uændret"
        assert plan.read_text(encoding="utf-8").count("  - id: ") == 2 + 20_000  # GOOD has two
        return
    assert (done.returncode, done.stdout) == (2, ""), done.stderr[-2000:]
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("plan: ") and says in done.stderr, (
        done.stderr
    )
    assert plan.read_text(encoding="utf-8") == GOOD
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([file, "plan.yaml"])

"""The bad-input catalogue of `plan import`, in the shape of tests/test_catalogue.py: what the
user gives, and the one Danish line on stderr (exit 2). Nothing here may print a traceback, change the
plan, or leave a plan (or a temp file) where there was none."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baeredygtig_cli.cli import app
from baeredygtig_cli.planfile import documents

from .conftest import hang_guard
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


def small_xml_limit(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_XML_BYTES", 10_000)


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
    Case("a zip bomb", "plan.xlsx", zip_of({"xl/worksheets/sheet1.xml": b"<a>" + b" " * 20_000 + b"</a>"}), (),
         ("pakker ud til mere end",), setup=small_xml_limit),
    Case("an empty file", "plan.xlsx", b"", (), ("filen er tom",)),
    Case("an empty sheet", "plan.xlsx", xlsx(), (), ("regnearket er tomt",)),
    Case("an empty csv", "t.csv", "", (), ("filen er tom",)),
    Case("neither UTF-8 nor Windows-1252", "t.csv", b"TIDSPUNKT;AKTIVITET\nmarts;\x81\xff\n", (),
         ("hverken UTF-8 eller Windows-1252",)),
    Case("an unclosed quote", "t.csv", HEADER + 'Marts;Klima;"Møde;Anna;Afventer\n', (),
         ("et anførselstegn lukkes aldrig",)),
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
         ("1 række kan ikke importeres",), listed=("t.csv: række 2: id skal være et positivt heltal, ikke 'en'",)),
    Case("an id the plan lacks", "t.csv", "ID;STATUS;AKTIVITET\n9;I gang;x\n", (),
         ("1 række kan ikke importeres",), listed=("t.csv: række 2: id 9 findes ikke i planen",)),
    # --- rows and options
    Case("an unreadable timing", "t.csv", HEADER + "snart;A;x;y;Afventer\n", (),
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
    assert len(CASES) >= 30

"""Hostile files for `plan import`, each built here: a DTD in an encoding a byte comparison does not
read, rows that cost time without holding text, parts that would be parsed whole past what memory
allows, and text files in the encodings Excel and editors really write. Each refusal is one Danish
line, exit 2, the plan byte-identical (the catalogue's own check, `test_import_catalogue`); the
memory-bound cases run in a process of their own under the catalogue's memory ceiling. What the
bounds must not refuse (the same files made properly) is imported, so no check is a wall."""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baeredygtig_cli.cli import app
from baeredygtig_cli.planfile import documents

from .conftest import hang_guard
from .test_catalogue import GOOD
from .test_import_catalogue import Case, test_import_catalogue, under_ceiling, word, zip_of

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")

HEADER = ["TIDSPUNKT", "EMNE", "AKTIVITET", "ANSVARLIG"]
ROW = ["marts", "A", "Nyt møde", "y"]
WORD_TABLE = word(table=[HEADER, ROW])
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
DTD = '<!DOCTYPE x [<!ENTITY firma "Aabenraa Kommune">]>'


def parts_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def recoded(
    build: Callable[[Path], None], part: str, codec: str, declared: str, *, dtd: bool
) -> Callable[[Path], None]:
    """A real file with one XML part written in `codec` (its declaration saying `declared`), with a
    DTD and an entity used in its text if `dtd`."""

    def rebuild(path: Path) -> None:
        build(path)
        parts = parts_of(path)
        text = parts[part].decode("utf-8")
        text = re.sub(r"encoding=['\"][^'\"]*['\"]", f"encoding='{declared}'", text, count=1)
        if dtd:
            at = text.index("?>") + 2
            text = text[:at] + DTD + text[at:].replace("Nyt møde", "Nyt møde med &firma;", 1)
        parts[part] = text.encode(codec)
        path.write_bytes(zip_of(parts))

    return rebuild


def book(
    path: Path, sheets: list[bytes], shared: bytes | None = None, shared_part: str = "xl/sharedStrings.xml"
) -> None:
    """A workbook written part by part (as Excel lays one out), so that a part can be anything."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n + 1}.xml" ContentType="{SHEET_TYPE}"/>'
        for n in range(len(sheets))
    )
    links = "".join(
        f'<Relationship Id="rId{n + 1}" Type="{REL}/worksheet" Target="worksheets/sheet{n + 1}.xml"/>'
        for n in range(len(sheets))
    )
    if shared is not None:
        overrides += f'<Override PartName="/{shared_part}" ContentType="{SST_TYPE}"/>'
        links += f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="/{shared_part}"/>'
    names = "".join(
        f'<sheet name="Ark{n + 1}" sheetId="{n + 1}" r:id="rId{n + 1}"/>' for n in range(len(sheets))
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>")  # fmt: skip
        archive.writestr("_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')  # fmt: skip
        archive.writestr("xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} xmlns:r="{REL}"><sheets>{names}</sheets></workbook>')  # fmt: skip
        archive.writestr("xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{links}</Relationships>")  # fmt: skip
        for n, sheet in enumerate(sheets):
            archive.writestr(f"xl/worksheets/sheet{n + 1}.xml", sheet)
        if shared is not None:
            archive.writestr(shared_part, shared)


def sheet_xml(rows: list[tuple[int, list[str]]], *, shared: bool = False) -> bytes:
    """A sheet of inline strings (or, with `shared`, of shared strings 0, 1, 2, ... in order)."""
    body, index = [], 0
    for number, cells in rows:
        inner = []
        for column, text in enumerate(cells):
            ref = f"{chr(65 + column)}{number}"
            if shared:
                inner.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
                index += 1
            else:
                inner.append(f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>')
        body.append(f'<row r="{number}">{"".join(inner)}</row>')
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>{"".join(body)}</sheetData></worksheet>'.encode()


def strings_xml(texts: list[str], padding: int = 0) -> bytes:
    """Shared strings, and `padding` bytes of one more string nobody uses (size that packs small)."""
    items = "".join(f"<si><t>{t}</t></si>" for t in texts)
    pad = "<si><t>" + "x" * padding + "</t></si>" if padding else ""
    return f'<?xml version="1.0" encoding="UTF-8"?><sst {NS}>{items}{pad}</sst>'.encode()


def workbook(rows: list[tuple[int, list[str]]], sheets: int = 1) -> Callable[[Path], None]:
    return lambda path: book(path, [sheet_xml(rows)] * sheets)


def shared_at(part: str, padding: int) -> Callable[[Path], None]:
    """A workbook whose shared strings are stored at `part` (their content type says what they are)."""
    return lambda path: book(
        path, [sheet_xml([(1, HEADER), (2, ROW)], shared=True)], strings_xml(HEADER + ROW, padding), part
    )


def word_xml(edit: Callable[[str], str]) -> Callable[[Path], None]:
    def rebuild(path: Path) -> None:
        WORD_TABLE(path)
        parts = parts_of(path)
        parts["word/document.xml"] = edit(parts["word/document.xml"].decode("utf-8")).encode("utf-8")
        path.write_bytes(zip_of(parts))

    return rebuild


def on_cell(text: str, number: int, properties: str) -> str:
    """Word XML with `properties` added to the `number`th cell's (1-based, in document order)."""
    at = -1
    for _ in range(number):
        at = text.index("<w:tcPr>", at + 1)
    return text[: at + len("<w:tcPr>")] + properties + text[at + len("<w:tcPr>") :]


def deep_content_controls(levels: int) -> Callable[[str], str]:
    """The table inside `levels` content controls, one in another (valid XML, deeper than lxml parses)."""

    def edit(text: str) -> str:
        start, end = text.index("<w:tbl>"), text.index("</w:tbl>") + len("</w:tbl>")
        wrapped = "<w:sdt><w:sdtContent>" * levels + text[start:end] + "</w:sdtContent></w:sdt>" * levels
        return text[:start] + wrapped + text[end:]

    return edit


def tree_limit(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_TREE_BYTES", 100_000)


def word_tree_limit(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_TREE_BYTES", 1_200_000)  # python-docx's own template: 0.9 MB


def letters(size: int) -> str:
    """Text that packs as text does (3-4 times), not as a bomb does."""
    import random

    chance = random.Random(1)
    return "".join(chance.choices("abcdefghijklmnopqrstuvwxyzæøå ", k=size))


def text(content: str, codec: str) -> bytes:
    return content.encode(codec)


TABLE = "TIDSPUNKT;EMNE;AKTIVITET;ANSVARLIG\nmarts;A;Nyt møde;y\n"

CASES = [
    # --- 1. a DTD, in whatever encoding the part is written (a byte comparison read only UTF-8's)
    *(Case(f"a DTD in a Word document in {codec}", "plan.docx",
           recoded(WORD_TABLE, "word/document.xml", codec, "UTF-16" if "16" in codec else "UTF-8", dtd=True), (),
           ("word/document.xml har en dokumenttypedefinition", "intet er læst"))
      for codec in ("utf-16-le", "utf-16-be", "utf-16", "utf-8-sig")),
    Case("a DTD in a .rels in UTF-16 without BOM", "plan.docx",
         recoded(WORD_TABLE, "word/_rels/document.xml.rels", "utf-16-le", "UTF-16", dtd=True), (),
         ("word/_rels/document.xml.rels har en dokumenttypedefinition",)),
    Case("a DTD in shared strings in UTF-16 without BOM", "plan.xlsx",
         lambda p: book(p, [sheet_xml([(1, HEADER), (2, ROW)], shared=True)],
                        strings_xml(HEADER + ROW).decode().replace('encoding="UTF-8"?>', f'encoding="UTF-16"?>{DTD}')
                        .encode("utf-16-le")), (),
         ("xl/sharedStrings.xml har en dokumenttypedefinition",)),
    # an encoding the check cannot read, though lxml (python-docx's parser) reads some of them
    *(Case(f"a Word document in {codec}", "plan.docx",
           recoded(WORD_TABLE, "word/document.xml", codec, declared, dtd=True), (), ("ikke en gyldig .docx-fil",))
      for codec, declared in (("utf-32", "UTF-32"), ("utf-32-le", "UTF-32"), ("utf-32-be", "UTF-32"),
                              ("utf-7", "UTF-7"), ("cp037", "cp037"))),
    # --- 2. time: rows without text
    Case("a cell at Excel's last row under a table", "plan.xlsx", workbook([(1, HEADER), (2, ROW), (1_048_576, ["x"])]),
         (), ("række 1.048.576 står under mere end 1.000 tomme rækker", "slet de tomme rækker")),
    Case("twenty sheets reaching Excel's last row", "plan.xlsx", workbook([(1, ["a", "b"]), (1_048_576, ["x"])], 20),
         (), ("ark 'Ark1', række 1.048.576 står under mere end 1.000 tomme rækker",)),
    Case("a sheet in UTF-16 with a cell at Excel's last row", "plan.xlsx",
         lambda p: book(p, [sheet_xml([(1, HEADER), (2, ROW), (1_048_576, ["x"])]).decode()
                            .replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16-le")]),
         (), ("række 1.048.576 står under mere end 1.000 tomme rækker",)),
    Case("cells without a reference under 4,998 empty rows", "plan.xlsx",
         lambda p: book(p, [re.sub(rb' r="[A-Z]+[0-9]+"', b"", sheet_xml([(1, HEADER), (2, ROW), (5_000, ["x"])]))]),
         (), ("række 5.000 står under mere end 1.000 tomme rækker",)),
    Case("a row under 5,000 empty lines", "t.csv", TABLE + "\n" * 5_000 + "april;A;Mere;y\n", (),
         ("række 5.003 står under mere end 1.000 tomme rækker",)),
    Case("2 MB of empty lines", "t.csv", "\n" * 2_000_000, (), ("filen er tom",)),
    Case("more rows gone through than --maks-rækker allows", "t.csv",
         TABLE + ("\n" * 900 + "a;b\n") * 3, ("--maks-rækker", "10"),
         ("plan har gennemgået 1.030 rækker (tomme medregnet)", "--maks-rækker N")),
    # --- 3. memory: what is parsed whole, by what the package says a part is
    Case("shared strings stored among the sheets", "plan.xlsx", shared_at("xl/worksheets/strings.xml", 120_000), (),
         ("XML, der skal læses på én gang", "xl/worksheets/strings.xml", "højst 0,1 MB"), setup=tree_limit),
    Case("a Word document over the tree bound", "plan.docx", word_xml(lambda t: t.replace("<w:tbl>", "<w:p/>" * 100_000 + "<w:tbl>", 1)),
         (), ("mest word/document.xml: 0,6 MB", "plan læser højst 1,2 MB"), setup=word_tree_limit),
    Case("a Word table deeper than the parser goes", "plan.docx", word_xml(deep_content_controls(300)), (),
         ("for stor eller for dybt indlejret", "ikke nødvendigvis ødelagt")),
    Case("a 1.1 MB inline cell", "plan.xlsx", workbook([(1, HEADER), (2, ["marts", "A", letters(1_100_000), "y"])]), (),
         ("en celle har mere end 1 MB tekst",)),
    # --- 4. text encodings
    Case("UTF-8 with one Windows-1252 byte", "t.csv", TABLE.encode() + "april;A;Grøn;y\n".encode("cp1252"), (),
         ("byte 66 (linje 3) er ikke gyldig UTF-8", "gem filen som UTF-8")),
    Case("a UTF-8 BOM and a Windows-1252 byte", "t.csv", b"\xef\xbb\xbf" + "TIDSPUNKT;AKTIVITET\nmarts;Grøn\n".encode("cp1252"),
         (), ("byte 32 (linje 2) er ikke gyldig UTF-8",)),
    Case("UTF-16 with a broken character", "t.txt", "TIDSPUNKT\tAKTIVITET\n".encode("utf-16") + b"\x00\xd8", (),
         ("er ikke gyldig UTF-16",)),
    Case("UTF-16 without a BOM", "t.csv", TABLE.encode("utf-16-le"), (), ("linje 1 har et NUL-tegn",)),
    Case("control characters in a quoted row", "t.csv", "a\x1b[31m;b\x9bc\u202e\nd;e\n", (),
         ("første række: a\\x1b[31m | b\\x9bc\\u202e",)),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_hostile_file_is_refused_in_one_line(
    case: Case, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The catalogue's check: one Danish line (no raw control character in it), exit 2, nothing written."""
    test_import_catalogue(case, tmp_path_factory, monkeypatch)


def imported(tmp_path: Path, name: str, make: Callable[[Path], None] | bytes, *args: str) -> str:
    """Import the file into GOOD: its output, after asserting it worked."""
    table = tmp_path / name
    if isinstance(make, bytes):
        table.write_bytes(make)
    else:
        make(table)
    plan = tmp_path / "plan.yaml"
    plan.write_text(GOOD, encoding="utf-8")
    with hang_guard(60):
        result = CliRunner().invoke(app, ["import", str(table), *args, "-f", str(plan)])
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return plan.read_text(encoding="utf-8")


FINE = [
    # the same parts, in the encodings Office writes, without a DTD
    *((f"a Word document in {codec}", "plan.docx",
       recoded(WORD_TABLE, "word/document.xml", codec, "UTF-16" if "16" in codec else "UTF-8", dtd=False))
      for codec in ("utf-16-le", "utf-16-be", "utf-16", "utf-8-sig")),
    # formatted empty cells far below a table (a whole column coloured): the table ends, nothing is lost
    ("formatted empty rows down to row 900,000", "plan.xlsx",
     lambda p: book(p, [sheet_xml([(1, HEADER), (2, ROW)]).replace(
         b"</sheetData>", b'<row r="900000"><c r="A900000" s="1"/></row></sheetData>')])),
    # shared strings where Excel puts them, and the rows under 999 empty lines
    ("shared strings", "plan.xlsx", shared_at("xl/sharedStrings.xml", 0)),
    ("a row under 999 empty lines", "t.csv", (TABLE + "\n" * 999 + "april;A;Nyt møde;y\n").encode(), 2),
    # Word's counts: capped (60 million columns are never built), other digits than ASCII ignored
    *((f"gridSpan {value!r} on the last header cell", "plan.docx",
       word_xml(functools.partial(on_cell, number=4, properties=f'<w:gridSpan w:val="{value}"/>')))
      for value in ("60000000", "²", "٥", "99999999999999999999")),
    ("gridBefore in other digits, gridAfter of 60 million", "plan.docx",
     word_xml(lambda t: t.replace("<w:tr>", '<w:tr><w:trPr><w:gridBefore w:val="²"/><w:gridAfter w:val="60000000"/></w:trPr>'))),
    # Excel's "Unicode-tekst (*.txt)": UTF-16 with a BOM, tab-separated; and UTF-32
    ("UTF-16 text from Excel", "t.txt", TABLE.replace(";", "\t").encode("utf-16")),
    ("UTF-16 big-endian text", "t.txt", b"\xfe\xff" + TABLE.replace(";", "\t").encode("utf-16-be")),
    ("UTF-32 text", "t.csv", TABLE.encode("utf-32")),
    ("Windows-1252 text", "t.csv", TABLE.encode("cp1252")),
]  # fmt: skip


@pytest.mark.parametrize("case", FINE, ids=[str(f[0]) for f in FINE])
def test_what_the_bounds_let_through_is_imported_whole(tmp_path: Path, case: tuple[object, ...]) -> None:
    """Each: its rows added to GOOD's two activities (one, unless it says how many)."""
    _, file, make, *added = case
    plan = imported(tmp_path, str(file), make)  # type: ignore[arg-type]
    assert "aktivitet: Nyt møde" in plan
    assert plan.count("  - id: ") == 2 + (int(added[0]) if added else 1)  # type: ignore[call-overload]


def test_the_cases_are_told_apart() -> None:
    names = [c.name for c in CASES] + [f[0] for f in FINE]
    assert len(names) == len(set(names))


# --- under the memory ceiling: what was 1.85 GB, or a part read whole past every bound -----------


def many_paragraphs(path: Path, size: int) -> None:
    """A real Word document with `size` bytes of empty paragraphs before its table, some with a
    revision id as Word writes them (so that it packs about 20 times, under the ratio of a bomb)."""
    import random

    WORD_TABLE(path)
    parts = parts_of(path)
    text = parts["word/document.xml"]
    at = text.index(b"<w:tbl>")
    chance = random.Random(2)
    blob = b"".join(
        b"<w:p/>" * 20 + b'<w:p w:rsidR="%08X"/>' % chance.getrandbits(32) for _ in range(size // 145)
    )
    parts["word/document.xml"] = text[:at] + blob + text[at:]
    path.write_bytes(zip_of(parts))


def strings_among_sheets(path: Path, size: int) -> None:
    book(path, [sheet_xml([(1, HEADER), (2, ROW)], shared=True)],
         strings_xml(HEADER + ROW) .replace(b"</sst>", b"".join(b"<si><t>%08d</t></si>" % n for n in range(size // 21)) + b"</sst>"),
         "xl/worksheets/strings.xml")  # fmt: skip


def huge_spans(path: Path) -> None:
    """Every cell spanning 40 million columns (each row, as read, is one cell and empty columns)."""
    word_xml(lambda t: t.replace("<w:tcPr>", '<w:tcPr><w:gridSpan w:val="40000000"/>'))(path)


CEILING_CASES = [
    ("45 MB of empty paragraphs", "p.docx", lambda p: many_paragraphs(p, 45_000_000),
     "plan læser højst 40,0 MB"),
    ("50 MB of shared strings stored among the sheets", "s.xlsx", lambda p: strings_among_sheets(p, 50_000_000),
     "xl/worksheets/strings.xml"),
    ("spans of 40 million columns", "g.docx", huge_spans, "ingen række har mere end én udfyldt celle"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "file", "make", "says"), CEILING_CASES, ids=[c[0] for c in CEILING_CASES])
def test_a_part_too_big_for_memory_is_refused_under_the_ceiling(
    tmp_path: Path, name: str, file: str, make: Callable[[Path], None], says: str
) -> None:
    table = tmp_path / file
    make(table)
    plan = tmp_path / "plan.yaml"
    plan.write_text(GOOD, encoding="utf-8")
    done = under_ceiling("import", str(table), "-f", str(plan), cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, ""), done.stderr[-2000:]
    assert done.stderr.count("\n") == 1 and says in done.stderr, done.stderr
    assert plan.read_text(encoding="utf-8") == GOOD


def test_every_part_is_judged_by_what_the_package_says_it_is(tmp_path: Path) -> None:
    """A sheet that a theme relationship also points to is read whole by openpyxl: it is not counted
    as streamed, whatever its content type and name."""
    path = tmp_path / "plan.xlsx"
    book(path, [sheet_xml([(1, HEADER), (2, ROW)])])
    parts = parts_of(path)
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", f'<Relationship Id="rT" Type="{REL}/theme" Target="worksheets/sheet1.xml"/>'.encode() + b"</Relationships>"
    )  # fmt: skip
    path.write_bytes(zip_of(parts))
    package = documents._Package()
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        documents._read_index(archive, package, "plan.xlsx", ".xlsx")
    assert not documents._streamed("xl/worksheets/sheet1.xml", package, documents.WORKSHEET_TYPE)
    book(path, [sheet_xml([(1, HEADER), (2, ROW)])])
    package = documents._Package()
    with zipfile.ZipFile(path) as archive:
        documents._read_index(archive, package, "plan.xlsx", ".xlsx")
    assert documents._streamed("xl/worksheets/sheet1.xml", package, documents.WORKSHEET_TYPE)

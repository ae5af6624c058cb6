"""Word and Excel as people really make them (issue 23, items 10-15): tracked changes, content
controls, fields and smart tags; formulas and dates Excel made of what was typed; rows that differ
only in whitespace, rows that look like an activity, EMNE in a sheet; and the small things: a
subfolder, a title above an unrelated table, `sep=;`, a header far down, line breaks in cells.

Word documents are made with python-docx and given the XML Word writes for each feature (the
WordprocessingML of ECMA-376); where LibreOffice is installed, the same documents are also saved
again by LibreOffice Writer, and a workbook's formulas computed and stored by LibreOffice Calc."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baeredygtig_cli.planfile.schema import load_plan

from .conftest import SHIPPED_PLAN, run, system_tool

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")

HEAD = "titel: T\når: 2020\nstatusser: [Afventer, I gang, Afsluttet]\naktiviteter:\n"


def activity(
    i: int, tidspunkt: str, aktivitet: str, status: str = "Afventer", ansvarlig: str = "Anna"
) -> str:
    return (
        f"  - id: {i}\n    tidspunkt: {tidspunkt}\n    emne: [Klima]\n    aktivitet: {aktivitet}\n"
        f"    ansvarlig: {ansvarlig}\n    status: {status}\n"
    )


# --- Word: what the document shows ------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STAMP = 'w:author="Anna" w:date="2024-01-02T10:00:00Z"'


def r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def inserted(body: str, n: int = 1) -> str:
    return f'<w:ins w:id="{n}" {STAMP}>{body}</w:ins>'


def deleted(text: str, n: int = 2) -> str:
    return f'<w:del w:id="{n}" {STAMP}><w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>'


def control(body: str) -> str:
    return f'<w:sdt><w:sdtPr><w:alias w:val="Felt"/><w:tag w:val="felt"/></w:sdtPr><w:sdtContent>{body}</w:sdtContent></w:sdt>'


CELLS = {  # a marker python-docx writes -> the XML Word writes for what the cell shows
    "@STATUS1@": deleted("Afventer") + inserted(r("I gang")),  # Afventer changed to I gang, tracked
    "@AKT1@": r("Nyt ") + control(r("Møde i styregruppen")),  # text in a content control
    "@AKT2@": r("Se ") + '<w:fldSimple w:instr=" DOCPROPERTY Titel "><w:r><w:t>punkt 3</w:t></w:r></w:fldSimple>'
    + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> REF x </w:instrText></w:r>'
    + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r(" i bilaget") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    "@AKT3@": '<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="place">'
    + r("Aabenraa") + "</w:smartTag>" + r(" rundt") + deleted(" i bil", 3),
    "@ANS3@": '<w:hyperlink r:id="rIdX">' + r("Kommunikation") + "</w:hyperlink>"
    + inserted(r(" og presse"), 4),
}  # fmt: skip


def word_document(path: Path, rows: list[list[str]], xml: Callable[[str], str] = lambda text: text) -> Path:
    """A document with a title, the table (markers replaced by `CELLS`), and `xml` applied last."""
    document = docx.Document()
    document.add_paragraph("Klimaplan 2024")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for cells, row in zip(table.rows, rows, strict=True):
        for cell, text in zip(cells.cells, row, strict=True):
            cell.text = text
    document.save(path)
    with zipfile.ZipFile(path) as original:
        parts = {info.filename: original.read(info) for info in original.infolist()}
    text = parts["word/document.xml"].decode("utf-8")
    for marker, body in CELLS.items():
        text = text.replace(f"<w:r><w:t>{marker}</w:t></w:r>", body)
    parts["word/document.xml"] = xml(text).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as rebuilt:
        for name, data in parts.items():
            rebuilt.writestr(name, data)
    return path


ROWS = [
    ["ID", "TIDSPUNKT", "AKTIVITET", "ANSVARLIG", "STATUS"],
    ["1", "Marts", "@AKT1@", "Anna", "@STATUS1@"],
    ["2", "April", "@AKT2@", "Anna", "Afventer"],
    ["3", "Maj", "@AKT3@", "@ANS3@", "I gang"],
]
AS_SHOWN = [
    ("Nyt Møde i styregruppen", "Anna", "I gang"),
    ("Se punkt 3 i bilaget", "Anna", "Afventer"),
    ("Aabenraa rundt", "Kommunikation og presse", "I gang"),
]
PLAN = HEAD + activity(1, "Marts", "Nyt") + activity(2, "April", "Se") + activity(3, "Maj", "Aabenraa")


def libreoffice(path: Path, to: str, folder: Path) -> Path:
    """The file as LibreOffice saves it again (`to`: a filter, e.g. "docx:MS Word 2007 XML")."""
    soffice = system_tool("soffice", "libreoffice")
    out = folder / "lo"
    out.mkdir()
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{folder / 'profil'}",
         "--convert-to", to, "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return out / path.name


def imported(runner: CliRunner, table: Path, plan: Path) -> list[tuple[str, str, str | None]]:
    code, out, err = run(runner, "import", str(table), "-f", str(plan))
    assert code == 0, out + err
    return [(a.aktivitet, a.ansvarlig, a.status) for a in load_plan(plan).activities]  # type: ignore[union-attr]


@pytest.mark.parametrize("saved_by", ["python-docx", "LibreOffice"])
def test_word_cells_are_read_as_word_shows_them(runner: CliRunner, tmp_path: Path, saved_by: str) -> None:
    """Tracked changes accepted (a status changed from Afventer to I gang is I gang; deleted text is
    gone), and the text of content controls, fields (their result, not their code), smart tags and
    hyperlinks is part of the cell."""
    table = word_document(tmp_path / "plan.docx", ROWS)
    if saved_by == "LibreOffice":
        table = libreoffice(table, "docx:MS Word 2007 XML", tmp_path)
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    got = imported(runner, table, plan)
    if saved_by == "LibreOffice":  # LibreOffice computes fields again: REF x finds no bookmark "x"
        got[1], want = AS_SHOWN[1], AS_SHOWN
    else:
        want = AS_SHOWN
    assert got == want


def test_a_table_in_a_content_control_and_rows_in_a_repeating_section(
    runner: CliRunner, tmp_path: Path
) -> None:
    """A table wrapped in a content control is a table of the document ("dokumentet har ingen tabel"
    before), and rows wrapped in one (a repeating section) are rows of the table."""

    def wrap(text: str) -> str:
        start, end = text.index("<w:tbl>"), text.index("</w:tbl>") + len("</w:tbl>")
        table = text[start:end]
        rows = table.split("<w:tr>")  # the table's properties, then each row
        table = rows[0] + "<w:tr>" + rows[1] + control("".join("<w:tr>" + row for row in rows[2:]).replace(
            "</w:tbl>", "")) + "</w:tbl>"  # fmt: skip
        return text[:start] + control(table) + text[end:]

    table = word_document(tmp_path / "plan.docx", [["TIDSPUNKT", "EMNE", "AKTIVITET", "ANSVARLIG"],
                                                   ["Marts", "Klima", "Møde", "Anna"],
                                                   ["April", "Natur", "Tur", "Bo"]], wrap)  # fmt: skip
    target = tmp_path / "plan.yaml"
    code, out, err = run(runner, "import", str(table), "--år", "2024", "-f", str(target))
    assert (code, err) == (0, ""), out
    plan = load_plan(target)
    assert [(a.tidspunkt, a.aktivitet) for a in plan.activities] == [("Marts", "Møde"), ("April", "Tur")]
    assert plan.title == "Klimaplan 2024"


def test_tracked_rows_are_read_as_accepted(runner: CliRunner, tmp_path: Path) -> None:
    def track(text: str) -> str:
        rows = text.split("<w:tr>")
        rows[2] = '<w:trPr><w:del w:id="7" ' + STAMP + "/></w:trPr>" + rows[2]  # row 2 deleted
        rows[3] = '<w:trPr><w:ins w:id="8" ' + STAMP + "/></w:trPr>" + rows[3]  # row 3 inserted
        return "<w:tr>".join(rows)

    table = word_document(tmp_path / "plan.docx", [["TIDSPUNKT", "EMNE", "AKTIVITET", "ANSVARLIG"],
                                                   ["Marts", "Klima", "Slettet", "Anna"],
                                                   ["April", "Natur", "Indsat", "Bo"]], track)  # fmt: skip
    target = tmp_path / "plan.yaml"
    assert run(runner, "import", str(table), "--år", "2024", "-f", str(target))[0] == 0
    assert [a.aktivitet for a in load_plan(target).activities] == ["Indsat"]


MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PROMPT = "Klik eller tryk her for at skrive tekst."


def text_box(text: str) -> str:
    """A text box as Word writes it: the drawing for programs that read it, and the same text again in
    a VML fallback for those that do not."""
    box = f"<w:txbxContent><w:p>{r(text)}</w:p></w:txbxContent>"
    return (
        f'<w:r><mc:AlternateContent xmlns:mc="{MC}"><mc:Choice Requires="wps"><w:drawing>{box}</w:drawing>'
        f'</mc:Choice><mc:Fallback><w:pict><v:textbox xmlns:v="urn:schemas-microsoft-com:vml">{box}'
        "</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def test_a_text_box_once_and_a_content_controls_prompt_not_at_all(runner: CliRunner, tmp_path: Path) -> None:
    """A text box's text is read once (not again from its fallback); a content control that still
    shows its prompt (a template's "Klik eller tryk her ...") holds no text, inline or as a whole cell."""
    prompt = (f'<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>{r(PROMPT)}'
              "</w:sdtContent></w:sdt>")  # fmt: skip
    cells = {"@AKT@": r("Møde") + prompt, "@ANS@": text_box("Anna")}

    def fill(text: str) -> str:
        for marker, body in cells.items():
            text = text.replace(f"<w:r><w:t>{marker}</w:t></w:r>", body)
        empty_status = text.rindex("<w:p><w:r><w:t>@STATUS@</w:t></w:r></w:p>")
        block = f"<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p>{r(PROMPT)}</w:p></w:sdtContent></w:sdt>"
        return (
            text[:empty_status]
            + "<w:p/>"
            + block
            + text[empty_status + len("<w:p><w:r><w:t>@STATUS@</w:t></w:r></w:p>") :]
        )

    table = word_document(tmp_path / "plan.docx", [["ID", "TIDSPUNKT", "AKTIVITET", "ANSVARLIG", "STATUS"],
                                                   ["1", "Marts", "@AKT@", "@ANS@", "@STATUS@"]], fill)  # fmt: skip
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        HEAD + activity(1, "Marts", "Møde").replace("status: Afventer", "status:"), encoding="utf-8"
    )
    before = plan.read_bytes()
    assert run(runner, "import", str(table), "-f", str(plan)) == (
        0, f"plan.docx → {plan}: intet nyt; planen har allerede alt fra tabellen\n", ""
    )  # fmt: skip
    assert plan.read_bytes() == before


# --- Excel: the shown value --------------------------------------------------------------------------


def workbook(path: Path, rows: list[list[object]], formats: dict[str, str] | None = None) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    for cell, number_format in (formats or {}).items():
        book.active[cell].number_format = number_format
    book.save(path)
    return path


def test_a_formula_is_read_as_the_value_excel_shows_and_named(runner: CliRunner, tmp_path: Path) -> None:
    """LibreOffice Calc computes the formulas and stores their values, as Excel does: the shown value
    is imported, and each formula's cell is named with what was read. (A formula without a stored
    value, as openpyxl writes one, is refused: tests/test_import_catalogue.py.)"""
    made = workbook(tmp_path / "regneark.xlsx", [
        ["ID", "TIDSPUNKT", "AKTIVITET", "STATUS"],
        [1, "Marts", '=HYPERLINK("https://aabenraa.dk/plan","Se planen")', '=IF(1=1,"I gang","Afventer")'],
        [2, "April", "Tur", "Afventer"],
    ])  # fmt: skip
    stored = libreoffice(made, "xlsx:Calc MS Excel 2007 XML", tmp_path)
    plan = tmp_path / "plan.yaml"
    plan.write_text(HEAD + activity(1, "Marts", "Møde") + activity(2, "April", "Tur"), encoding="utf-8")
    code, out, err = run(runner, "import", str(stored), "-f", str(plan))
    assert (code, err) == (0, ""), out
    lines = out.splitlines()
    assert lines[:2] == ["1: aktivitet 'Møde' → 'Se planen'", "1: Afventer → I gang"]
    assert lines[2] == (
        'regneark.xlsx: række 2: celle C2 er en formel (=HYPERLINK("https://aabenraa.dk/plan","Se planen")); '
        "den viste værdi 'Se planen' er læst"
    )
    assert (
        lines[3]
        == 'regneark.xlsx: række 2: celle D2 er en formel (=IF(1=1,"I gang","Afventer")); den viste værdi \'I gang\' er læst'
    )


@pytest.mark.parametrize(
    ("number_format", "read_as", "period"),
    [
        ("d. mmmm", "5. juni", (datetime.date(2020, 6, 5), datetime.date(2020, 6, 5))),
        ("d/m", "5. juni", (datetime.date(2020, 6, 5), datetime.date(2020, 6, 5))),
        ("mmmm", "juni", (datetime.date(2020, 6, 1), datetime.date(2020, 6, 30))),
        ("d. mmmm yyyy", "5. juni 2026", (datetime.date(2026, 6, 5), datetime.date(2026, 6, 5))),
        ("[$-406]mmm yy", "juni 2026", (datetime.date(2026, 6, 1), datetime.date(2026, 6, 30))),
    ],
)
def test_a_date_excel_made_of_a_typed_timing_is_read_as_shown(
    runner: CliRunner,
    tmp_path: Path,
    number_format: str,
    read_as: str,
    period: tuple[datetime.date, datetime.date],
) -> None:
    """Excel makes "5. juni" typed in 2026 a date of 2026 shown without its year: the year it does not
    show is not read, so the plan's year (2020) applies."""
    sheet = workbook(tmp_path / "t.xlsx", [["TIDSPUNKT", "EMNE", "AKTIVITET", "ANSVARLIG"],
                                           [datetime.datetime(2026, 6, 5), "Klima", "Møde", "Anna"]],
                     {"A2": number_format})  # fmt: skip
    plan = tmp_path / "plan.yaml"
    plan.write_text(HEAD + activity(1, "Marts", "Andet"), encoding="utf-8")
    assert run(runner, "import", str(sheet), "-f", str(plan))[0] == 0
    added = load_plan(plan).activities[-1]  # type: ignore[union-attr]
    assert (added.tidspunkt, (added.period.start, added.period.end)) == (read_as, period)


def test_the_exported_workbook_takes_typed_timings_as_text_and_offers_the_statuses(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "plan.xlsx"
    assert (
        run(runner, "export", "-F", "xlsx", "-o", str(out), "--i-dag", "2020-05-01", "-f", str(SHIPPED_PLAN))[
            0
        ]
        == 0
    )
    sheet = openpyxl.load_workbook(out)["Plan"]
    assert sheet.column_dimensions["B"].number_format == "@"
    assert {sheet.cell(row=r, column=2).number_format for r in range(2, 46)} == {"@"}
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list" and str(validation.sqref) == "H2:H1048576"
    assert validation.formula1 == '"Afventer,Under forberedelse,I gang,Afsluttet"'
    assert validation.showErrorMessage and validation.allow_blank


def test_statuses_with_commas_are_offered_from_a_hidden_sheet(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(HEAD.replace("[Afventer, I gang, Afsluttet]", '["Afventer, ikke startet", I gang, Afsluttet]')
                    + activity(1, "Marts", "Møde", status='"Afventer, ikke startet"'), encoding="utf-8")  # fmt: skip
    out = tmp_path / "plan.xlsx"
    assert (
        run(runner, "export", "-F", "xlsx", "-o", str(out), "--i-dag", "2020-05-01", "-f", str(plan))[0] == 0
    )
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Plan", "Overblik", "Statusser", "plan-eksport"]  # the export's base last
    assert book["Statusser"].sheet_state == "hidden"
    assert [c.value for c in book["Statusser"]["A"]] == ["Afventer, ikke startet", "I gang", "Afsluttet"]
    assert book["Plan"].data_validations.dataValidation[0].formula1 == "'Statusser'!$A$1:$A$3"
    assert run(runner, "import", str(out), "-f", str(plan))[1].endswith(
        "intet nyt; planen har allerede alt fra tabellen\n"
    )


# --- rows without an id: matched as a person would -----------------------------------------------------


def test_rows_that_differ_only_in_whitespace_are_the_same_activities(
    runner: CliRunner, tmp_path: Path
) -> None:
    """A line break Excel or Word put in a cell, a non-breaking space, a double space: the row is the
    activity as it stands, unchanged (17 such rows were "tilføjet" before)."""
    plan = tmp_path / "plan.yaml"
    shutil.copyfile(SHIPPED_PLAN, plan)
    before = plan.read_bytes()
    rows = [["TIDSPUNKT", "EMNE", "AKTIVITET", "ANSVARLIG", "STATUS"]]
    for a in load_plan(plan).activities:
        text = a.aktivitet.replace(" ", "\n", 1) if a.id % 3 == 0 else a.aktivitet.replace(" ", "\u00a0", 1)
        rows.append([a.tidspunkt, ", ".join(a.emne), text, a.ansvarlig.replace(" ", "  ", 1), a.status or ""])
    sheet = workbook(tmp_path / "t.xlsx", rows)  # type: ignore[arg-type]
    code, out, err = run(runner, "import", str(sheet), "-f", str(plan))
    assert (code, err) == (0, ""), out
    assert out == f"t.xlsx → {plan}: intet nyt; planen har allerede alt fra tabellen\n"
    assert plan.read_bytes() == before


def test_an_id_of_ny_adds_a_row_that_looks_like_an_activity(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(HEAD + activity(1, "Marts", "Møde i styregruppen"), encoding="utf-8")
    table = tmp_path / "t.csv"
    table.write_text(
        "ID;TIDSPUNKT;EMNE;AKTIVITET;ANSVARLIG\n;September;Klima;Møde i styregruppen;Anna\n", encoding="utf-8"
    )
    code, out, _ = run(runner, "import", str(table), "-f", str(plan))
    assert (
        code == 2 and "ligner aktivitet 1 (tidspunkt 'Marts', her 'September'); skriv 1 i ID-kolonnen" in out
    )
    table.write_text(
        "ID;TIDSPUNKT;EMNE;AKTIVITET;ANSVARLIG\nny;September;Klima;Møde i styregruppen;Anna\n",
        encoding="utf-8",
    )
    code, out, err = run(runner, "import", str(table), "-f", str(plan))
    assert (code, err) == (0, "")
    assert out == f"Aktivitet 2 tilføjet: Møde i styregruppen\nt.csv → {plan}: 0 ændret, 1 tilføjet, 0 uændret\n" + \
        "1 står ikke i regnearket; intet fjernet\n"  # fmt: skip


def test_the_plans_activities_missing_from_the_sheet_are_named(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copyfile(SHIPPED_PLAN, plan)
    out = tmp_path / "plan.xlsx"
    assert (
        run(runner, "export", "-F", "xlsx", "-o", str(out), "--i-dag", "2020-05-01", "-f", str(plan))[0] == 0
    )
    book = openpyxl.load_workbook(out)
    for row in (12, 11, 6, 5, 4):  # activities 3, 4, 5, 10 and 11 taken out of the sheet
        book["Plan"].delete_rows(row)
    book.save(out)
    said = run(runner, "import", str(out), "-f", str(plan))[1].splitlines()
    assert said[-1] == "3-5, 10, 11 står ikke i regnearket; intet fjernet"


# --- EMNE in a sheet, and topics joined ------------------------------------------------------------


def test_an_emne_cell_of_two_known_topics_joined_by_a_space_is_two_topics(
    runner: CliRunner, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        HEAD + activity(1, "Marts", "Møde").replace("[Klima]", "[Klima og energi, Natur]"), encoding="utf-8"
    )
    table = tmp_path / "t.tsv"
    table.write_text("ID\tEMNE\tAKTIVITET\n1\tKlima og energi Natur\tMøde\n", encoding="utf-8")
    code, out, _ = run(runner, "import", str(table), "-f", str(plan))
    assert code == 0 and "intet nyt" in out  # the plan's two topics, not a new one


# --- small things (item 15) ---------------------------------------------------------------------------


def test_from_a_subfolder_the_closing_line_names_the_plan_it_changed(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "plan.yaml").write_text(HEAD + activity(1, "Marts", "Møde"), encoding="utf-8")
    folder = tmp_path / "bilag"
    folder.mkdir()
    (folder / "t.csv").write_text("ID;STATUS;AKTIVITET\n1;I gang;Møde\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    assert run(runner, "import", "t.csv") == (
        0,
        f"1: Afventer → I gang\nt.csv → {tmp_path / 'plan.yaml'}: 1 ændret, 0 tilføjet, 0 uændret\n",
        "",
    )


def test_the_title_is_the_first_paragraph_even_after_an_unrelated_table(
    runner: CliRunner, tmp_path: Path
) -> None:
    document = docx.Document()
    document.add_paragraph("Klimaplan 2024")
    document.add_paragraph("Om planen.")
    contacts = document.add_table(rows=2, cols=2)
    contacts.cell(0, 0).text, contacts.cell(0, 1).text = "Navn", "Telefon"
    contacts.cell(1, 0).text, contacts.cell(1, 1).text = "Anna", "1234"
    document.add_paragraph("AKTIVITETER")
    table = document.add_table(rows=2, cols=4)
    for column, (head, value) in enumerate(zip(["TIDSPUNKT", "EMNE", "AKTIVITET", "ANSVARLIG"],
                                               ["Marts", "Klima", "Møde", "Anna"], strict=True)):  # fmt: skip
        table.cell(0, column).text, table.cell(1, column).text = head, value
    document.save(tmp_path / "plan.docx")
    target = tmp_path / "plan.yaml"
    assert run(runner, "import", str(tmp_path / "plan.docx"), "--år", "2024", "-f", str(target))[0] == 0
    plan = load_plan(target)
    assert (plan.title, plan.introduction, plan.heading) == ("Klimaplan 2024", "Om planen.", "AKTIVITETER")


def test_excels_sep_line_says_the_separator(runner: CliRunner, tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        "sep=;\r\nTIDSPUNKT;EMNE;AKTIVITET;ANSVARLIG\r\nMarts;Klima;Møde, og mere;Anna\r\n", encoding="utf-8"
    )
    target = tmp_path / "plan.yaml"
    assert run(runner, "import", str(table), "--år", "2024", "-f", str(target))[0] == 0
    plan = load_plan(target)
    assert plan.title != "sep=" and plan.activities[0].aktivitet == "Møde, og mere"


def test_a_header_below_row_50_is_found(runner: CliRunner, tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("".join(f"Note {n};\n" for n in range(60)) + "TIDSPUNKT;EMNE;AKTIVITET;ANSVARLIG\nMarts;Klima;Møde;Anna\n",
                     encoding="utf-8")  # fmt: skip
    target = tmp_path / "plan.yaml"
    code, out, err = run(runner, "import", str(table), "--år", "2024", "-f", str(target))
    assert (code, err) == (0, ""), out
    assert [a.aktivitet for a in load_plan(target).activities] == ["Møde"]


def test_line_breaks_in_a_cell_are_shown_escaped_when_added(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(HEAD + activity(1, "Marts", "Møde"), encoding="utf-8")
    sheet = workbook(tmp_path / "t.xlsx", [["TIDSPUNKT", "EMNE", "AKTIVITET", "ANSVARLIG"],
                                           ["April", "Klima", "To\nlinjer\tog tab", "Bo"]])  # fmt: skip
    code, out, _ = run(runner, "import", str(sheet), "-f", str(plan))
    assert code == 0 and out.splitlines()[0] == "Aktivitet 2 tilføjet: To\\nlinjer\\tog tab"
    assert load_plan(plan).activities[1].aktivitet == "To\nlinjer\tog tab"  # type: ignore[union-attr]


# --- what a file holds beside the table imported is named, never passed over (review) ---------------


def test_a_word_table_without_its_header_and_a_second_sheet_are_named(
    runner: CliRunner, tmp_path: Path
) -> None:
    """A Word table continued after a page break without its header row, and a workbook with a second
    sheet that has a table of its own: the import says what it did not read, and reads what it did."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(HEAD + activity(1, "marts", "Møde A"), encoding="utf-8")
    header = ["TIDSPUNKT", "EMNE", "AKTIVITET", "ANSVARLIG", "STATUS"]
    document = docx.Document()
    first = document.add_table(rows=2, cols=5)
    second = document.add_table(rows=3, cols=5)
    for table, rows in (
        (first, [header, ["april", "Klima", "Møde B", "Anna", "Afventer"]]),
        (
            second,
            [
                ["maj", "Klima", "Møde C", "Anna", "Afventer"],
                ["juni", "Klima", "Møde D", "Anna", "Afventer"],
                ["", "", "", "", ""],
            ],
        ),
    ):
        for row, cells in zip(table.rows, rows, strict=True):
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
    document.save(tmp_path / "delt.docx")  # fmt: skip
    code, out, err = run(runner, "import", tmp_path / "delt.docx", plan=plan)
    assert (code, err) == (0, "")
    assert (
        out.splitlines()[-1]
        == "delt.docx: tabel 2 (2 rækker med tekst) har ingen overskriftsrække og er ikke importeret"
    )
    assert [a.aktivitet for a in load_plan(plan).activities] == ["Møde A", "Møde B"]

    book = openpyxl.Workbook()
    book.active.title = "Plan"
    for row in [header, ["september", "Klima", "Evaluering af puljen", "Bo", "Afventer"]]:
        book["Plan"].append(row)
    other = book.create_sheet("Andet")
    for row in [header, ["maj", "Klima", "Møde F", "Anna", "Afventer"]]:
        other.append(row)
    book.create_sheet("Noter").append(["Husk budgettet", "og kontakten"])  # no header: not a table
    book.save(tmp_path / "to.xlsx")
    code, out, err = run(runner, "import", tmp_path / "to.xlsx", plan=plan)
    assert (code, err) == (0, ""), out + err
    assert out.splitlines()[-1] == "to.xlsx: ark 'Andet' har også en tabel og er ikke importeret"
    assert [a.aktivitet for a in load_plan(plan).activities] == ["Møde A", "Møde B", "Evaluering af puljen"]

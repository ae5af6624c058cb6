"""`plan export --format xlsx`, read back exactly with openpyxl, and opened by LibreOffice."""

from __future__ import annotations

import csv
import datetime
import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baeredygtig_cli.cli import app
from baeredygtig_cli.domain.parties import reader_for
from baeredygtig_cli.domain.statuses import DONE, NONE, PREPARING, UNDERWAY, WAITING, Scale
from baeredygtig_cli.planfile.schema import load_plan

from .conftest import SHIPPED_PLAN, system_tool

openpyxl = pytest.importorskip("openpyxl")

HOSTILE = (
    "titel: '=Plan'\når: 2020\nstatusser: [Ny, Igang, Færdig, Aflyst]\naktiviteter:\n"
    "  - id: 1\n    tidspunkt: marts\n    emne: ['+A', B]\n    aktivitet: '=HYPERLINK(\"http://x\",\"klik\")'\n"
    "    ansvarlig: '@SUM(1)'\n    status: Færdig\n"
    '  - id: 2\n    tidspunkt: april\n    emne: [A]\n    aktivitet: "-2+3\\x01"\n    ansvarlig: "\\tBo"\n'
    "    status: Aflyst\n    noter:\n      - dato: 2020-04-02\n        tekst: '=1+1'\n"
    "  - id: 3\n    tidspunkt: maj\n    emne: [A]\n    aktivitet: x\n    ansvarlig: y\n    status:\n"
)


def export(runner: CliRunner, plan: Path, target: Path, *args: str) -> None:
    result = runner.invoke(app, ["export", "-F", "xlsx", "-o", str(target), "--today", "2020-06-15", *args,
                                 "-f", str(plan)])  # fmt: skip
    assert (result.exit_code, result.stdout) == (0, ""), result.stderr
    assert (
        result.stderr == f"plan: skrev {len(load_plan(plan).activities)} aktiviteter til {target}\n" or args
    )


def test_the_plan_sheet_reads_back_exactly(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "plan.xlsx"
    export(runner, SHIPPED_PLAN, target)
    workbook = openpyxl.load_workbook(target)
    # The base the import reads (planfile/exportbase.py) comes last, on a sheet Excel does not show.
    assert workbook.sheetnames == ["Plan", "Overblik", "plan-eksport"]
    assert [s.sheet_state for s in workbook] == ["visible", "visible", "veryHidden"]
    assert workbook.properties.title == "Implementeringsplan – Strategi for bæredygtig udvikling 2020-2025"
    sheet = workbook["Plan"]
    rows = list(sheet.iter_rows(values_only=True))
    # The shipped plan declares its parties: the two party columns come last (none of its activities
    # has a note, so there is no SENESTE NOTE before them).
    assert rows[0] == ("ID", "TIDSPUNKT", "START", "SLUT", "EMNE", "AKTIVITET", "ANSVARLIG", "STATUS",
                       "TOVHOLDER (PART)", "MEDVIRKENDE (PARTER)")  # fmt: skip
    plan = load_plan(SHIPPED_PLAN)
    assert len(rows) == 45
    reader = reader_for(plan.parties)
    for row, a in zip(rows[1:], plan.activities, strict=True):
        midnight = datetime.time()
        named = [p.name for p in reader.named(a.ansvarlig)]
        assert row == (
            a.id, a.tidspunkt, datetime.datetime.combine(a.period.start, midnight),
            datetime.datetime.combine(a.period.end, midnight), ", ".join(a.emne), a.aktivitet, a.ansvarlig,
            a.status, named[0], ", ".join(named[1:]) or None,
        )  # fmt: skip
    assert rows[1][8:] == ("Direktionen", "Koordinator for Bæredygtig Udvikling")
    assert rows[1][:4] == (1, "5. december", datetime.datetime(2019, 12, 5), datetime.datetime(2019, 12, 5))
    assert {sheet.cell(r, c).number_format for r in range(2, 46) for c in (3, 4)} == {"[$-406]d. mmmm yyyy"}
    assert {sheet.cell(r, c).data_type for r in range(2, 46) for c in (2, 5, 6, 7)} == {"s"}
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:J45"
    widths = {k: v.width for k, v in sheet.column_dimensions.items()}
    assert widths == {"A": 7, "B": 18, "C": 20, "D": 20, "E": 48, "F": 62, "G": 62, "H": 20, "I": 38, "J": 38}


def test_the_base_sheet_records_what_was_exported(runner: CliRunner, tmp_path: Path) -> None:
    """The export's base: marker, version, a SHA-256 of its rows (whitespace runs as one space, as
    JSON), then per activity its id and importable fields as text; an empty field is an empty cell."""
    import hashlib
    import json

    plan = tmp_path / "plan.yaml"
    plan.write_text(HOSTILE, encoding="utf-8")
    target = tmp_path / "plan.xlsx"
    export(runner, plan, target)
    rows = list(openpyxl.load_workbook(target)["plan-eksport"].iter_rows(values_only=True))
    body = [
        ("1", "marts", "+A, B", '=HYPERLINK("http://x","klik")', "@SUM(1)", "Færdig"),
        ("2", "april", "A", "-2+3\ufffd", "\tBo", "Aflyst"),
        ("3", "maj", "A", "x", "y", None),
    ]
    canonical = [[" ".join((c or "").split()) for c in row] for row in body]
    digest = hashlib.sha256(json.dumps(canonical, ensure_ascii=False).encode()).hexdigest()
    assert rows == [("plan-eksport-grundlag", "1", digest, None, None, None), *body]


def test_status_cells_are_coloured_like_the_html_page(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "plan.xlsx"
    export(runner, SHIPPED_PLAN, target)
    sheet = openpyxl.load_workbook(target)["Plan"]
    seen = {}
    for row in range(2, 46):
        cell = sheet.cell(row, 8)
        white = cell.font.b and cell.font.color is not None and cell.font.color.rgb == "00FFFFFF"
        seen[cell.value] = (cell.fill.fill_type, cell.fill.fgColor.rgb, white)

    def coloured(look: object) -> tuple[str, str, bool]:
        return ("solid", "00" + look.colour.lstrip("#").upper(), True)  # type: ignore[attr-defined]

    assert seen == {
        "Afventer": coloured(WAITING),
        "Under forberedelse": coloured(PREPARING),
        "I gang": coloured(UNDERWAY),
        "Afsluttet": coloured(DONE),
        None: (None, "00000000", False),
    }
    assert NONE.colour is None  # no status: no colour, as the page's outline


def test_the_summary_sheet(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "plan.xlsx"
    export(runner, SHIPPED_PLAN, target)
    sheet = openpyxl.load_workbook(target)["Overblik"]
    rows = [tuple(v for v in row if v is not None) for row in sheet.iter_rows(values_only=True)]
    assert rows == [
        ("Implementeringsplan – Strategi for bæredygtig udvikling 2020-2025",),
        (),
        (
            "Emne",
            "Afventer",
            "Under forberedelse",
            "I gang",
            "Afsluttet",
            "Ingen",
            "I alt",
            "Andel afsluttet",
        ),
        ("Igangsættelse", 2, 5, 5, 3, 0, 15, 0.2),
        ("Bæredygtighedspulje", 5, 9, 2, 0, 1, 17, 0),
        ("Inspiration og forankring", 10, 7, 1, 0, 0, 18, 0),
        ("I alt", 17, 15, 8, 3, 1, 44, 3 / 44),
        (),
        ("Forsinket", 30),
        ("Aktuelle i juni 2020", 9),
        ("Opgjort", datetime.datetime(2020, 6, 15)),
    ]
    assert sheet["H4"].number_format == "0%"
    assert sheet["B11"].number_format == "[$-406]d. mmmm yyyy"
    assert sheet["E3"].fill.fgColor.rgb == "00" + DONE.colour.lstrip("#").upper()  # type: ignore[union-attr]


def test_no_cell_can_run_as_a_formula(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(HOSTILE, encoding="utf-8")
    target = tmp_path / "plan.xlsx"
    export(runner, plan, target, "--today", "2020-06-15")
    with zipfile.ZipFile(target) as archive:
        xml = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml and "<f " not in xml
    workbook = openpyxl.load_workbook(target)
    rows = list(workbook["Plan"].iter_rows(values_only=True))
    assert rows[0][-1] == "SENESTE NOTE"
    assert rows[1][4:] == ("+A, B", '=HYPERLINK("http://x","klik")', "@SUM(1)", "Færdig", None)
    assert rows[2][5:] == ("-2+3\ufffd", "\tBo", "Aflyst", "2020-04-02: =1+1")  # \x01 cannot be in a workbook
    assert {c.data_type for row in workbook["Plan"].iter_rows() for c in row if isinstance(c.value, str)} == {
        "s"
    }
    assert workbook["Overblik"]["A1"].value == "=Plan" and workbook["Overblik"]["A1"].data_type == "s"
    status = workbook["Plan"]
    scale = load_plan(plan).scale
    assert scale == Scale(("Ny", "Igang", "Færdig", "Aflyst"), "Aflyst")  # the last, without afsluttet:
    assert status["H2"].fill.fgColor.rgb == "00" + scale.look("Færdig").colour.lstrip("#").upper()  # type: ignore[union-attr]
    assert status["H3"].fill.fgColor.rgb == "00" + scale.look("Aflyst").colour.lstrip("#").upper()  # type: ignore[union-attr]


def test_xlsx_is_not_written_to_a_terminal(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("baeredygtig_cli.cli.files.stdout_is_terminal", lambda: True)
    result = runner.invoke(app, ["export", "-F", "xlsx", "-f", str(SHIPPED_PLAN)])
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "plan: xlsx er ikke tekst; skriv den til en fil med -o, fx -o plan.xlsx\n",
    )


def test_xlsx_to_a_pipe_is_the_workbook(runner: CliRunner) -> None:
    result = runner.invoke(app, ["export", "-F", "xlsx", "--today", "2020-06-15", "-f", str(SHIPPED_PLAN)])
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"PK\x03\x04")
    assert openpyxl.load_workbook(io.BytesIO(result.stdout_bytes))["Plan"]["F2"].value.startswith(
        "Store Ledermøde"
    )


def libreoffice_csv(xlsx: Path, folder: Path) -> list[list[str]]:
    """The first sheet as LibreOffice shows it (cells formatted as displayed), as csv."""
    soffice = system_tool("soffice", "libreoffice")
    folder.mkdir()
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{folder / 'profil'}",
         "--convert-to", 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true', "--outdir", str(folder),
         str(xlsx)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return list(
        csv.reader(io.StringIO((folder / f"{xlsx.stem}.csv").read_text(encoding="utf-8"), newline=""))
    )


def test_libreoffice_opens_it_with_danish_dates_and_text_as_text(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "plan.xlsx"
    export(runner, SHIPPED_PLAN, target)
    rows = libreoffice_csv(target, tmp_path / "lo")
    assert rows[0] == ["ID", "TIDSPUNKT", "START", "SLUT", "EMNE", "AKTIVITET", "ANSVARLIG", "STATUS",
                       "TOVHOLDER (PART)", "MEDVIRKENDE (PARTER)"]  # fmt: skip
    assert rows[1][:4] == ["1", "5. december", "5. december 2019", "5. december 2019"]
    assert rows[39][1:4] == ["Forår//sommer", "1. marts 2020", "31. august 2020"]
    assert len(rows) == 45
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(HOSTILE, encoding="utf-8")
    export(runner, hostile, tmp_path / "hostile.xlsx", "--today", "2020-06-15")
    rows = libreoffice_csv(tmp_path / "hostile.xlsx", tmp_path / "lo2")
    assert rows[1][5:7] == ['=HYPERLINK("http://x","klik")', "@SUM(1)"]
    assert rows[2][8] == "2020-04-02: =1+1"

"""`plan init` and `plan import`: Word, Excel, csv and tab-separated tables, into a new plan or
into an existing one by id; round trips through our own exports change nothing."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baeredygtig_cli.cli import app
from baeredygtig_cli.planfile.schema import load_plan, parse_plan

from .conftest import SEED, SHIPPED_PLAN
from .test_planfile import seed_document

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")

HEAD = "titel: T\når: 2020\nstatusser: [Afventer, I gang, Afsluttet]\naktiviteter:\n"
ONE = "  - id: 1\n    tidspunkt: marts\n    emne: [A]\n    aktivitet: x\n    ansvarlig: y\n    status: Afventer\n"


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


# --- a Word document shaped like the seed --------------------------------------------------------


def seed_docx(path: Path) -> Path:
    """The seed as the Word document it was copied from: title, introduction and heading as
    paragraphs, then one table: the header, the 44 rows, and the two banners as rows of one cell
    merged across the table. EMNE is written only on the first row of the four "Igangsættelse" rows
    in a row (2-5), and the six two-topic rows (22-27) share one cell merged down, its two topics as
    two paragraphs."""
    lines, rows = seed_document()
    document = docx.Document()
    for text in (lines[2], lines[4], lines[6]):
        document.add_paragraph(text)
    table = document.add_table(rows=1, cols=5)
    for cell, text in zip(
        table.rows[0].cells,
        ["TIDSPUNKT", "EMNE", "AKTIVITET", "ANSVARLIG / TOVHOLDER", "STATUS"],
        strict=True,
    ):
        cell.text = text
    number = {}
    for index, row in enumerate(rows, start=1):
        if index == 22:
            for banner in (
                "OPSAMLE OG FORTÆLLE DE GODE HISTORIER",
                "OPSAMLING AF IGANGSATTE HANDLINGER TIL KATALOG",
            ):
                cells = table.add_row().cells
                merged = cells[0].merge(cells[4])
                merged.text = banner
        cells = table.add_row().cells
        number[index] = len(table.rows) - 1
        for column, text in enumerate(row):
            if column == 1 and (3 <= index <= 5 or 23 <= index <= 27):
                continue  # carried down from the row above
            cells[column].text = text
        if index == 22:
            cells[1].text = "Inspiration og forankring"
            cells[1].add_paragraph("Bæredygtighedspulje")
    top = table.cell(number[22], 1)
    top.merge(table.cell(number[27], 1))
    document.save(path)
    return path


def test_a_word_table_like_the_seed_becomes_the_seeds_44_activities(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    seed_docx(tmp_path / "Implementeringsplan.docx")
    code, out, err = run(runner, "import", "Implementeringsplan.docx", "--år", "2020")
    assert (code, out, err) == (
        0,
        "Ny plan plan.yaml: 44 aktiviteter og 2 gennemgående fra Implementeringsplan.docx\n",
        "",
    )
    plan = load_plan(tmp_path / "plan.yaml")
    lines, rows = seed_document()
    shipped = load_plan(SHIPPED_PLAN)
    assert [a.id for a in plan.activities] == list(range(1, 45))
    for row, activity, original in zip(rows, plan.activities, shipped.activities, strict=True):
        tidspunkt, emne, aktivitet, ansvarlig, status = row
        assert (activity.tidspunkt, activity.aktivitet, activity.ansvarlig, activity.status) == (
            tidspunkt,
            aktivitet,
            ansvarlig,
            status or None,
        )
        assert " ".join(activity.emne) == emne
        assert activity.emne == original.emne  # two paragraphs are two topics
    assert (plan.title, plan.introduction, plan.heading) == (lines[2], lines[4], lines[6])
    assert plan.cross_cutting == shipped.cross_cutting
    assert (plan.year, plan.statuses) == (2020, shipped.statuses)
    # The same document again, now into the plan it made: nothing new.
    before = (tmp_path / "plan.yaml").read_bytes()
    assert run(runner, "import", "Implementeringsplan.docx") == (
        0,
        "Implementeringsplan.docx → plan.yaml: intet nyt; planen har allerede alt fra tabellen\n",
        "",
    )
    assert (tmp_path / "plan.yaml").read_bytes() == before


def test_the_seed_text_becomes_the_shipped_plan(runner: CliRunner, tmp_path: Path) -> None:
    """The tab-separated seed, as copied from Word: the same activities as the shipped plan (but the
    first one's year, which the text does not say); the two topics a cell's two paragraphs became,
    joined by a space, are the two topics again."""
    target = tmp_path / "ny.yaml"
    assert run(runner, "import", str(SEED), "--år", "2020", "-f", str(target)) == (
        0,
        "Ny plan ny.yaml: 44 aktiviteter og 2 gennemgående fra seed.tsv\n".replace("ny.yaml", str(target)),
        "",
    )
    plan, shipped = load_plan(target), load_plan(SHIPPED_PLAN)
    for new, old in zip(plan.activities, shipped.activities, strict=True):
        assert (new.id, new.tidspunkt, new.aktivitet, new.ansvarlig, new.status) == (
            old.id,
            old.tidspunkt,
            old.aktivitet,
            old.ansvarlig,
            old.status,
        )
        assert new.emne == old.emne  # two known topics joined by a space are the two
    assert (plan.title, plan.introduction, plan.heading, plan.cross_cutting) == (
        shipped.title,
        shipped.introduction,
        shipped.heading,
        shipped.cross_cutting,
    )


def test_a_new_plan_refuses_to_overwrite(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    target.write_text("noget andet\n", encoding="utf-8")
    code, _, err = run(runner, "import", str(SEED), "--år", "2020", "-f", str(target))
    assert (code, err) == (2, f"plan: --år gælder kun en ny plan; {target} findes allerede\n")
    assert target.read_text(encoding="utf-8") == "noget andet\n"


def test_dry_run_of_a_new_plan_shows_it_and_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        "Hvornår;Tema;Handling;Tovholder;Status\nMarts;Klima;Møde;Anna;i gang\n", encoding="utf-8"
    )
    target = tmp_path / "plan.yaml"
    code, out, err = run(
        runner, "import", str(table), "--titel", "Klimaplan", "--år", "2024", "-n", "-f", str(target)
    )
    assert (code, err) == (0, "")
    assert not target.exists()
    assert out.endswith(
        "titel: Klimaplan\n# indledning: >-\n#   En kort tekst om planen (valgfri).\n"
        "år: 2024  # året, som tidspunkter uden årstal hører til\n"
        '# Statusserne i rækkefølge; "Afsluttet" (ellers den sidste) betyder afsluttet.\n'
        "statusser: [Afventer, Under forberedelse, I gang, Afsluttet]\n"
        "# Til statusrapportens forside (plan rapport), valgfri:\n"
        "# kommune: Aabenraa Kommune\n# udvalg: Klima- og Miljøudvalget\n\n"
        "# Gennemgående indsatser, der ikke er én aktivitet (valgfri):\n# gennemgående:\n"
        "#   - OPSAMLE OG FORTÆLLE DE GODE HISTORIER\n\naktiviteter:\n"
        "  - id: 1\n    tidspunkt: Marts\n    emne: [Klima]\n    aktivitet: Møde\n    ansvarlig: Anna\n"
        "    status: I gang\n"
    )
    assert parse_plan(out).problems == []


# --- columns -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        ["Hvornår", "Tema", "Handling", "Tovholder", "Status"],
        ["HVORNAAR", "TEMA", "INDSATS", "ANSVAR", "STATUS"],
        ["  tid ", "Emner", "Aktiviteter (2024)", "Ansvarlig/tovholder", "status"],
        ["Tidspunkt", "Emne", "Aktivitet", "Ansvarlig og tovholder", "Status"],
    ],
)
def test_columns_are_found_by_their_danish_names_and_variants(
    runner: CliRunner, tmp_path: Path, header: list[str]
) -> None:
    table = write_xlsx(
        tmp_path / "t.xlsx", [["Klimaplan 2024"], [], header, ["Marts", "Klima", "Møde", "Anna", "I GANG"]]
    )
    target = tmp_path / "plan.yaml"
    assert run(runner, "import", str(table), "--år", "2024", "-f", str(target))[0] == 0
    activity = load_plan(target).activities[0]
    assert (activity.tidspunkt, activity.emne, activity.aktivitet, activity.ansvarlig, activity.status) == (
        "Marts",
        ("Klima",),
        "Møde",
        "Anna",
        "I gang",
    )
    assert load_plan(target).title == "Klimaplan 2024"


def test_kolonne_names_a_column_and_leaves_one_out(runner: CliRunner, tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        "Periode,Område,Beskrivelse af indsats,Hvem,Bemærkning\nMarts,Klima,Møde,Anna,husk kaffe\n",
        encoding="utf-8",
    )
    target = tmp_path / "plan.yaml"
    code, out, err = run(runner, "import", str(table), "--år", "2024", "-f", str(target))
    assert (code, err) == (2, "plan: t.csv: fandt ingen overskriftsrække med kolonnen AKTIVITET og fx TIDSPUNKT, "
                               "EMNE, ANSVARLIG, STATUS (første række: Periode | Område | Beskrivelse af indsats | "
                               "Hvem | Bemærkning); brug --kolonne FELT=OVERSKRIFT\n")  # fmt: skip
    code, out, err = run(runner, "import", str(table), "--år", "2024", "-f", str(target),
                         "--kolonne", "aktivitet=beskrivelse af indsats", "--kolonne", "ansvarlig=HVEM")  # fmt: skip
    assert (code, out, err) == (
        0,
        f"Ny plan {target}: 1 aktivitet fra t.csv\nkolonnen 'Bemærkning' er ikke importeret\n",
        "",
    )
    target.unlink()
    code, out, _ = run(runner, "import", str(table), "--år", "2024", "-f", str(target), "--kolonne",
                       "aktivitet=Beskrivelse af indsats", "--kolonne", "ansvarlig=Hvem", "--kolonne", "ingen=Bemærkning")  # fmt: skip
    assert (code, out) == (0, f"Ny plan {target}: 1 aktivitet fra t.csv\n")
    activity = load_plan(target).activities[0]
    assert (activity.aktivitet, activity.ansvarlig) == ("Møde", "Anna")


def test_a_kolonne_naming_no_column_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("Tid,Emne,Aktivitet,Ansvarlig\nMarts,Klima,Møde,Anna\n", encoding="utf-8")
    code, _, err = run(
        runner, "import", str(table), "-f", str(tmp_path / "p.yaml"), "--kolonne", "status=Fremdrift"
    )
    assert (code, err) == (2, "plan: t.csv: --kolonne: ingen kolonne hedder 'fremdrift'; intet er ændret\n")


# --- the rows ------------------------------------------------------------------------------------


def test_unreadable_rows_are_listed_and_refused_unless_kept(runner: CliRunner, tmp_path: Path) -> None:
    table = tmp_path / "t.tsv"
    table.write_text(
        "TIDSPUNKT\tEMNE\tAKTIVITET\tANSVARLIG\tSTATUS\n"
        "Marts\tKlima\tMøde\tAnna\tafventer\n"
        "Martz\t\tMøde 2\tAnna\t\n"
        "når budgettet er vedtaget\tKlima\tMøde 3\tBo\tI gang\n",
        encoding="utf-8",
    )
    target = tmp_path / "plan.yaml"
    code, out, err = run(runner, "import", str(table), "--år", "2024", "-f", str(target))
    assert (code, out, err) == (
        2,
        "t.tsv: række 3: tidspunkt 'Martz' kan ikke læses – mente du 'marts'?\n"
        "t.tsv: række 4: tidspunkt 'når budgettet er vedtaget' kan ikke læses: afhænger af en begivenhed, "
        "planen ikke kender – skriv den forventede dato eller periode\n",
        "plan: 2 rækker kan ikke importeres (se ovenfor) (--også-ulæselige beholder ulæselige tidspunkter "
        "som tekst); intet er ændret\n",
    )
    assert not target.exists()
    code, out, err = run(runner, "import", str(table), "--år", "2024", "-f", str(target), "--også-ulæselige")
    assert (code, err) == (0, "")
    assert out == (
        "t.tsv: række 3: tidspunkt 'Martz' kan ikke læses – mente du 'marts'?; beholdt som tekst: ret den "
        "(plan tjek viser den)\n"
        "t.tsv: række 4: tidspunkt 'når budgettet er vedtaget' kan ikke læses: afhænger af en begivenhed, "
        "planen ikke kender – skriv den forventede dato eller periode; beholdt som tekst: ret den (plan tjek "
        "viser den)\n"
        f"Ny plan {target}: 3 aktiviteter fra t.tsv\n"
    )
    checked = runner.invoke(app, ["check", "-f", str(target)])
    assert checked.exit_code == 1
    assert checked.stdout.splitlines() == [
        f"{target}:{line}: aktivitet {n}: tidspunkt '{text}' kan ikke læses{why}"
        for line, n, text, why in (
            (36, 2, "Martz", " – mente du 'marts'?"),
            (43, 3, "når budgettet er vedtaget", ": afhænger af en begivenhed, planen ikke kender – skriv den "
             "forventede dato eller periode"),
        )
    ]  # fmt: skip
    assert "emne: [Klima]" in target.read_text(encoding="utf-8").split("id: 2")[1]  # carried down


def test_unknown_statuses_and_missing_fields_are_listed(runner: CliRunner, tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        "Tid;Emne;Aktivitet;Ansvarlig;Status\nMarts;Klima;Møde;Anna;Færdig\nApril;;Møde;;I gang\n;Klima;x;y;\n",
        encoding="utf-8",
    )
    code, out, err = run(runner, "import", str(table), "-f", str(tmp_path / "plan.yaml"), "--også-ulæselige")
    assert (code, err) == (2, "plan: 4 rækker kan ikke importeres (se ovenfor); intet er ændret\n")
    assert out == (
        "t.csv: række 2: ukendt status 'Færdig' (gyldige: Afventer, Under forberedelse, I gang, Afsluttet)\n"
        "t.csv: række 3: emne mangler\n"  # a sheet: an empty EMNE is empty, not the row above's
        "t.csv: række 3: ansvarlig mangler\n"
        "t.csv: række 4: tidspunkt mangler\n"
    )


def test_the_first_emne_cannot_be_carried_from_nothing(runner: CliRunner, tmp_path: Path) -> None:
    table = tmp_path / "t.tsv"
    table.write_text("Tid\tEmne\tAktivitet\tAnsvarlig\nMarts\t\tMøde\tAnna\n", encoding="utf-8")
    code, out, _ = run(runner, "import", str(table), "-f", str(tmp_path / "plan.yaml"))
    assert (code, out) == (2, "t.tsv: række 2: emne mangler (og der er intet emne over den)\n")


def test_excel_merged_cells_carry_down_and_banners_go_across(runner: CliRunner, tmp_path: Path) -> None:
    import datetime

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in (["TIDSPUNKT", "EMNE", "AKTIVITET", "ANSVARLIG", "STATUS"],
                ["Marts", "Klima", "Møde", "Anna", None],
                [datetime.datetime(2024, 3, 5), None, "Workshop", "Bo", None],
                ["FORTÆL DE GODE HISTORIER"],
                ["April", "Natur", "Tur", "Cy", None]):  # fmt: skip
        sheet.append(row)
    sheet.merge_cells("B2:B3")
    sheet.merge_cells("A4:E4")
    workbook.save(tmp_path / "t.xlsx")
    target = tmp_path / "plan.yaml"
    assert run(runner, "import", str(tmp_path / "t.xlsx"), "--år", "2024", "-f", str(target)) == (
        0,
        f"Ny plan {target}: 3 aktiviteter og 1 gennemgående fra t.xlsx\n",
        "",
    )
    plan = load_plan(target)
    assert [(a.tidspunkt, a.emne) for a in plan.activities] == [
        ("Marts", ("Klima",)),
        ("5. marts 2024", ("Klima",)),
        ("April", ("Natur",)),
    ]
    assert plan.cross_cutting == ("FORTÆL DE GODE HISTORIER",)


def test_danish_excel_csv_in_windows_1252(runner: CliRunner, tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_bytes(
        "Tidspunkt;Emne;Aktivitet;Ansvarlig\r\nForår;Grøn;Åbent møde;Økonomi\r\n".encode("cp1252")
    )
    target = tmp_path / "plan.yaml"
    assert run(runner, "import", str(table), "--år", "2024", "-f", str(target))[0] == 0
    activity = load_plan(target).activities[0]
    assert (activity.tidspunkt, activity.emne, activity.aktivitet, activity.ansvarlig) == (
        "Forår",
        ("Grøn",),
        "Åbent møde",
        "Økonomi",
    )


# --- into an existing plan -----------------------------------------------------------------------


def test_an_excel_sheet_changes_by_id_adds_the_rest_and_is_idempotent(
    runner: CliRunner, plan_copy: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "plan.xlsx"
    assert run(runner, "export", "-F", "xlsx", "-o", str(sheet), "-f", str(plan_copy))[0] == 0
    workbook = openpyxl.load_workbook(sheet)
    rows = workbook["Plan"]
    rows["H4"] = "afsluttet"  # 3: I gang
    rows["B39"] = "Juni-juli"  # 38: Juni
    rows.append([None, "September", None, None, "Bæredygtighedspulje", "Evaluering af puljen",
                 "Koordinator for Bæredygtig Udvikling", "afventer"])  # fmt: skip
    workbook.save(sheet)
    before = plan_copy.read_bytes()
    code, out, err = run(runner, "import", str(sheet), "--dry-run", "-f", str(plan_copy))
    assert (code, err) == (0, "")
    assert plan_copy.read_bytes() == before
    name = str(plan_copy)
    assert out == (
        f"--- {name}\n+++ {name}\n"
        "@@ -93,7 +93,7 @@\n     emne: [Igangsættelse]\n     aktivitet: Opstart dialog med Business Aabenraa\n"
        "     ansvarlig: Koordinator for Bæredygtig Udvikling\n-    status: I gang\n+    status: Afsluttet\n\n"
        "   - id: 4\n     tidspunkt: Januar\n"
        "@@ -337,7 +337,7 @@\n     status:  # ingen status i originalen\n \n   - id: 38\n"
        "-    tidspunkt: Juni\n+    tidspunkt: Juni-juli\n     emne: [Bæredygtighedspulje]\n"
        "     aktivitet: Informationskampagne om 1. uddeling af puljemidler\n"
        "     ansvarlig: Koordinator for Bæredygtig Udvikling /Kommunikation\n"
        "@@ -384,3 +384,10 @@\n     aktivitet: Informationskampagne om 2. uddeling af puljemidler\n"
        "     ansvarlig: Koordinator for Bæredygtig Udvikling /Kommunikation\n     status: Afventer\n+\n"
        "+  - id: 45\n+    tidspunkt: September\n+    emne: [Bæredygtighedspulje]\n"
        "+    aktivitet: Evaluering af puljen\n+    ansvarlig: Koordinator for Bæredygtig Udvikling\n"
        "+    status: Afventer\n"
        f"plan.xlsx → {name}: 2 ændret, 1 tilføjet, 42 uændret\n"
    ).replace("\n\n   - id: 4", "\n \n   - id: 4")
    assert run(runner, "import", str(sheet), "-f", str(plan_copy)) == (
        0,
        "3: I gang → Afsluttet\n38: tidspunkt 'Juni' → 'Juni-juli' (1. juni 2020 – 31. juli 2020)\n"
        f"Aktivitet 45 tilføjet: Evaluering af puljen\nplan.xlsx → {name}: 2 ændret, 1 tilføjet, 42 uændret\n",
        "",
    )
    after = plan_copy.read_bytes()
    assert run(runner, "import", str(sheet), "-f", str(plan_copy)) == (
        0,
        f"plan.xlsx → {name}: intet nyt; planen har allerede alt fra tabellen\n",
        "",
    )
    assert plan_copy.read_bytes() == after
    assert runner.invoke(app, ["check", "-f", str(plan_copy)]).exit_code == 0


def test_a_sheet_of_ids_and_statuses_only_updates_statuses(
    runner: CliRunner, plan_copy: Path, tmp_path: Path
) -> None:
    sheet = write_xlsx(
        tmp_path / "s.xlsx",
        [["Id", "Aktivitet", "Status"], [37, "Uddeling af puljemidler til energioptimering", "i gang"]],
    )
    assert run(runner, "import", str(sheet), "-f", str(plan_copy)) == (
        0,
        f"37: (ingen) → I gang\ns.xlsx → {plan_copy}: 1 ændret, 0 tilføjet, 0 uændret\n"
        "1-36, 38-44 står ikke i regnearket; intet fjernet\n",
        "",
    )
    assert "    status: I gang  # ingen status i originalen\n" in plan_copy.read_text(encoding="utf-8")


def test_ids_the_plan_lacks_and_new_rows_without_columns_are_refused(
    runner: CliRunner, plan_copy: Path, tmp_path: Path
) -> None:
    sheet = write_xlsx(
        tmp_path / "s.xlsx", [["ID", "Aktivitet", "Status"], [99, "x", "I gang"], [None, "y", "I gang"]]
    )
    before = plan_copy.read_bytes()
    code, out, err = run(runner, "import", str(sheet), "-f", str(plan_copy))
    assert (code, out, err) == (
        2,
        "",
        "plan: s.xlsx: tabellen har ingen kolonne for tidspunkt (TIDSPUNKT eller Tid), som nye aktiviteter "
        "skal have; brug --kolonne tidspunkt=OVERSKRIFT\n",
    )
    sheet = write_xlsx(
        tmp_path / "t.xlsx", [["ID", "Aktivitet", "Status"], [99, "x", "I gang"], [3, "y", "Færdig"]]
    )
    code, out, err = run(runner, "import", str(sheet), "-f", str(plan_copy))
    assert (code, out, err) == (
        2,
        "t.xlsx: række 2: id 99 findes ikke i planen; tøm feltet for at tilføje rækken som ny\n"
        "t.xlsx: række 3: ukendt status 'Færdig' (gyldige: Afventer, Under forberedelse, I gang, Afsluttet)\n",
        "plan: 2 rækker kan ikke importeres (se ovenfor); intet er ændret\n",
    )
    assert plan_copy.read_bytes() == before


def test_unreadable_timings_can_be_kept_in_an_existing_plan(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    target.write_text(HEAD + ONE, encoding="utf-8")
    sheet = write_xlsx(tmp_path / "s.xlsx", [["ID", "Tid", "Emne", "Aktivitet", "Ansvarlig"], [1, "snart", "A", "x", "y"],
                                            [None, "senere", "B", "z", "y"]])  # fmt: skip
    code, out, _ = run(runner, "import", str(sheet), "-f", str(target), "--også-ulæselige")
    assert code == 0
    assert out.splitlines()[-3:] == [
        "1: tidspunkt 'marts' → 'snart' (kan ikke læses)",
        "Aktivitet 2 tilføjet: z",
        f"s.xlsx → {target}: 1 ændret, 1 tilføjet, 0 uændret",
    ]
    assert target.read_text(encoding="utf-8") == HEAD + ONE.replace("marts", "snart") + (
        '  - id: 2\n    tidspunkt: senere\n    emne: [B]\n    aktivitet: z\n    ansvarlig: "y"\n    status:\n'
    )
    assert runner.invoke(app, ["check", "-f", str(target)]).exit_code == 1
    again = run(runner, "import", str(sheet), "-f", str(target), "--også-ulæselige")
    assert again[0] == 0 and again[1].endswith(
        f"s.xlsx → {target}: intet nyt; planen har allerede alt fra tabellen\n"
    )


def test_new_banners_are_named_not_imported(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    target.write_text(HEAD + ONE, encoding="utf-8")
    table = tmp_path / "t.tsv"
    table.write_text("ID\tTIDSPUNKT\tAKTIVITET\n1\tmarts\tx\n\tNY INDSATS\t\n", encoding="utf-8")
    assert run(runner, "import", str(table), "-f", str(target)) == (
        0,
        f"t.tsv → {target}: intet nyt; planen har allerede alt fra tabellen\n"
        "gennemgående 'NY INDSATS' står ikke i planen og er ikke importeret; skriv den under gennemgående: "
        "i hånden\n",
        "",
    )


# --- round trips ---------------------------------------------------------------------------------

TRICKY = (
    HEAD
    + ONE
    + (
        "  - id: 2\n    tidspunkt: april\n    år: 2021\n    emne: [A, 'B: c']\n"
        "    aktivitet: '=HYPERLINK(\"http://x\")'\n    ansvarlig: '-Bo; \"Cy\"'\n    status:\n"
        "    noter:\n      - dato: 2020-03-05\n        tekst: '@ved møde'\n"
        "  - id: 3\n    tidspunkt: maj\n    emne: [A]\n    aktivitet: \"linje 1\\nlinje 2\"\n    ansvarlig: '+45 1234'\n"
        "    status: I gang\n"
    )
)


@pytest.mark.parametrize("plan_text", [None, TRICKY], ids=["shipped", "tricky"])
@pytest.mark.parametrize("export", [["xlsx"], ["csv"], ["csv", "--excel"]], ids=["xlsx", "csv", "csv-excel"])
def test_export_then_import_changes_nothing(
    runner: CliRunner, plan_copy: Path, tmp_path: Path, export: list[str], plan_text: str | None
) -> None:
    if plan_text is not None:
        if parse_plan(plan_text).problems:
            pytest.fail(str(parse_plan(plan_text).problems))
        plan_copy.write_text(plan_text, encoding="utf-8")
    before = plan_copy.read_bytes()
    out = tmp_path / f"plan.{export[0]}"
    assert run(runner, "export", "-F", *export, "-o", str(out), "-f", str(plan_copy))[0] == 0
    code, said, err = run(runner, "import", str(out), "-f", str(plan_copy))
    assert (code, said, err) == (
        0,
        f"plan.{export[0]} → {plan_copy}: intet nyt; planen har allerede alt fra tabellen\n",
        "",
    )
    assert plan_copy.read_bytes() == before


# --- plan init -----------------------------------------------------------------------------------


def test_init_writes_a_commented_plan_and_never_overwrites(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(runner, "init", "--titel", "Klimaplan 2025", "--år", "2025") == (
        0,
        "Oprettede plan.yaml (Klimaplan 2025, 2025): ret eksemplet, tilføj med 'plan tilføj', og tjek med "
        "'plan tjek'.\n",
        "",
    )
    text = (tmp_path / "plan.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Implementeringsplan. Filen er planen:")
    assert "titel: Klimaplan 2025\n" in text and "år: 2025  #" in text
    assert "statusser: [Afventer, Under forberedelse, I gang, Afsluttet]\n" in text
    plan = load_plan(tmp_path / "plan.yaml")
    assert [(a.id, a.tidspunkt, a.status) for a in plan.activities] == [(1, "Marts-april", "Afventer")]
    assert plan.activities[0].period.start.isoformat() == "2025-03-01"
    assert runner.invoke(app, ["check"]).exit_code == 0
    assert run(runner, "init") == (
        2,
        "",
        "plan: plan.yaml findes allerede; plan opret overskriver aldrig en plan (brug --fil FIL)\n",
    )
    assert (tmp_path / "plan.yaml").read_text(encoding="utf-8") == text
    assert (
        run(runner, "init", "--år", "20250")[2]
        == "plan: år 20250 er ikke et muligt år (skriv et år mellem 1900 og 2200)\n"
    )


def test_init_takes_this_year_from_the_clock(runner: CliRunner, tmp_path: Path) -> None:
    import datetime

    target = tmp_path / "ny.yaml"
    assert run(runner, "init", "-f", str(target))[0] == 0
    assert load_plan(target).year == datetime.date.today().year
    assert load_plan(target).title == "Implementeringsplan"


# --- dependencies --------------------------------------------------------------------------------


# How the README installs the extra (from the clone; the tool is not on PyPI), where Windows' cmd
# takes the quotes too.
INSTALL_OFFICE = (
    'installér tilvalget office: pip install -e ".[office]" i mappen med klonen; se README (Installér)'
)


@pytest.mark.parametrize(
    ("module", "args", "message"),
    [
        ("docx", ["import", "x.docx"], "plan: Word-filer (.docx) kræver python-docx, som ikke er installeret: "
         f"{INSTALL_OFFICE}\n"),
        ("openpyxl", ["import", "x.xlsx"], "plan: Excel-filer (.xlsx) kræver openpyxl, som ikke er installeret: "
         f"{INSTALL_OFFICE}\n"),
        ("openpyxl", ["export", "-F", "xlsx", "-o", "x.xlsx"], "plan: xlsx kræver openpyxl, som ikke er "
         f"installeret: {INSTALL_OFFICE}\n"),
    ],
)  # fmt: skip
def test_without_the_office_extra_one_danish_line(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    module: str,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(SHIPPED_PLAN, tmp_path / "plan.yaml")
    seed_docx(tmp_path / "x.docx")
    write_xlsx(tmp_path / "x.xlsx", [["Tid", "Aktivitet"], ["marts", "x"]])
    monkeypatch.setitem(sys.modules, module, None)
    assert run(runner, *args) == (2, "", message)


@pytest.mark.parametrize("export", [["xlsx"], ["csv"], ["csv", "--excel"]], ids=["xlsx", "csv", "csv-excel"])
def test_an_export_into_a_new_plan_is_the_same_activities(
    runner: CliRunner, tmp_path: Path, export: list[str]
) -> None:
    """START tells the new plan where an activity has its own year (1: "5. december" of 2019)."""
    out = tmp_path / f"plan.{export[0]}"
    assert run(runner, "export", "-F", *export, "-o", str(out), "-f", str(SHIPPED_PLAN))[0] == 0
    target = tmp_path / "ny.yaml"
    code, said, _ = run(runner, "import", str(out), "--år", "2020", "-f", str(target))
    assert (code, said) == (0, f"Ny plan {target}: 44 aktiviteter fra plan.{export[0]}\n")
    plan, shipped = load_plan(target), load_plan(SHIPPED_PLAN)
    assert [a.__class__(**{**_fields(a), "line": 0}) for a in plan.activities] == [
        a.__class__(**{**_fields(a), "line": 0}) for a in shipped.activities
    ]
    assert plan.activities[0].year == 2019
    if export == ["xlsx"]:
        assert plan.title == shipped.title  # the workbook's title


def _fields(activity: object) -> dict[str, object]:
    import dataclasses

    return {f.name: getattr(activity, f.name) for f in dataclasses.fields(activity)}  # type: ignore[arg-type]


def test_rows_into_an_empty_plan_with_crlf_and_block_topics(runner: CliRunner, tmp_path: Path) -> None:
    """The engine appends several activities in one edit: into `aktiviteter: []` (which becomes a
    block, its comment kept), in the file's line ends, and each in the layout of the entries above."""
    table = tmp_path / "to.csv"
    table.write_text(
        "Tid;Emne;Aktivitet;Ansvarlig;Status\nmarts;A;x;y;\napril;A, B;z;y;afventer\n", encoding="utf-8"
    )
    empty = tmp_path / "tom.yaml"
    empty.write_bytes(b"titel: T\r\n\xc3\xa5r: 2020\r\naktiviteter: []  # tom\r\n")
    assert run(runner, "import", str(table), "-f", str(empty))[1].endswith(
        f"to.csv → {empty}: 0 ændret, 2 tilføjet, 0 uændret\n"
    )
    assert empty.read_bytes().decode() == (
        "titel: T\r\når: 2020\r\naktiviteter:  # tom\r\n"
        '  - id: 1\r\n    tidspunkt: marts\r\n    emne: [A]\r\n    aktivitet: x\r\n    ansvarlig: "y"\r\n    status:\r\n'
        "\r\n"
        '  - id: 2\r\n    tidspunkt: april\r\n    emne: [A, B]\r\n    aktivitet: z\r\n    ansvarlig: "y"\r\n'
        "    status: Afventer\r\n"
    )
    block = tmp_path / "blok.yaml"
    block.write_text(
        HEAD.replace("aktiviteter:", "højeste_id: 9\naktiviteter:")
        + "  - id: 7\n    tidspunkt: maj\n    emne:\n      - A\n    aktivitet: q\n    ansvarlig: y\n",
        encoding="utf-8",
    )
    assert run(runner, "import", str(table), "-f", str(block))[0] == 0
    assert block.read_text(encoding="utf-8").endswith(
        "    ansvarlig: y\n  - id: 10\n    tidspunkt: marts\n    emne:\n      - A\n    aktivitet: x\n"
        '    ansvarlig: "y"\n    status:\n  - id: 11\n    tidspunkt: april\n    emne:\n      - A\n      - B\n'
        '    aktivitet: z\n    ansvarlig: "y"\n    status: Afventer\n'
    )
    assert "højeste_id: 11\n" in block.read_text(encoding="utf-8")

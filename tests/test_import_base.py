"""The three-way import: a workbook our export made carries what it exported (its base), and `plan
import` takes back only what the colleague changed in the sheet, never an old value over a change
made in the plan since (a colleague's branch merged in the meantime).

Every expected plan is computed here, on its own: the colleague's and the plan's edits applied to
the original text line by line (a field's line, nothing else), and checked again as data with
PyYAML; never with the code under test."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from .conftest import SHIPPED_PLAN, run

openpyxl = pytest.importorskip("openpyxl")

# The sheet's columns as our export writes them (output/xlsx.py COLUMNS), by field.
COLUMN = {"tidspunkt": 2, "emne": 5, "aktivitet": 6, "ansvarlig": 7, "status": 8}
BASE_SHEET = "plan-eksport"


# --- the expected plan, computed on its own ------------------------------------------------------


def set_field(text: str, activity_id: int, name: str, value: str) -> str:
    """`text` with the line `    NAME: ...` of activity `activity_id` replaced by `NAME: VALUE` (EMNE
    as a one-topic flow list, as the plan writes it): the one line an edit of that field touches."""
    block = re.search(rf"^  - id: {activity_id}\n(?:    .*\n|\n)*?(?=^  - id: |\Z)", text, re.MULTILINE)
    assert block is not None, activity_id
    shown = f"[{value}]" if name == "emne" else value
    old_line = re.search(rf"^    {name}:.*\n", block.group(), re.MULTILINE)
    assert old_line is not None and "#" not in old_line.group(), (activity_id, name)
    new_block = block.group().replace(old_line.group(), f"    {name}: {shown}\n", 1)
    return text[: block.start()] + new_block + text[block.end() :]


def as_data(text: str) -> dict[int, dict[str, object]]:
    """The plan's activities by id, as PyYAML reads them."""
    return {a["id"]: a for a in yaml.safe_load(text)["aktiviteter"]}


def field_of(text: str, activity_id: int, name: str) -> str:
    value = as_data(text)[activity_id][name]
    return ", ".join(value) if isinstance(value, list) else str(value)


# --- the colleague in Excel ----------------------------------------------------------------------


def export(runner: CliRunner, plan: Path, target: Path, *args: str) -> None:
    assert run(runner, "export", "-F", "xlsx", "-o", target, *args, plan=plan).code == 0


def edit_sheet(path: Path, edits: dict[tuple[int, str], str], saved_as: Path | None = None) -> Path:
    """The colleague's edits typed into the sheet "Plan", found by the ID in column A, as Excel keeps
    them (openpyxl loads and saves the whole workbook, the hidden sheets with it)."""
    book = openpyxl.load_workbook(path)
    sheet = book["Plan"]
    rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    for (activity_id, name), value in edits.items():
        sheet.cell(rows[activity_id], COLUMN[name]).value = value
    target = saved_as or path
    book.save(target)
    return target


def plan_edit(runner: CliRunner, plan: Path, activity_id: int, name: str, value: str) -> None:
    assert run(runner, "ret", str(activity_id), f"{name}={value}", plan=plan).code == 0


# --- a real repository: Bo's branch merged while the sheet was out ---------------------------------


def _git_env(name: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHEAD_"))}
    email = f"{name.lower()}@kommune.example"
    return {**env, "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": email, "GIT_AUTHOR_DATE": "2020-03-01T10:00:00+01:00",
            "GIT_COMMITTER_DATE": "2020-03-01T10:00:00+01:00", "GIT_CONFIG_NOSYSTEM": "1",
            "PLAN_FILE": ""}  # fmt: skip


def _git(folder: Path, *args: str, who: str = "Koordinator") -> str:
    done = subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, env=_git_env(who)
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _plan(folder: Path, *args: str, who: str = "Koordinator") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "baeredygtig_cli", *args], cwd=folder, capture_output=True, text=True,
        env=_git_env(who), check=False,
    )  # fmt: skip


def test_a_colleagues_branch_merged_while_the_sheet_was_out_is_kept(tmp_path: Path) -> None:
    """The newcomer's case, for real: the coordinator exports, Bo's branch (33 moved, 20 handed on)
    is merged with git, the colleague sends back the sheet with 8, 12 and 20 edited; the import takes
    the colleague's edits and keeps Bo's, and says it kept them."""
    repo = tmp_path / "plan"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    original = SHIPPED_PLAN.read_text(encoding="utf-8")
    (repo / "plan.yaml").write_text(original, encoding="utf-8")
    assert _plan(repo, "git-opsætning").returncode == 0
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "Planen")
    sheet = repo.parent / "plan.xlsx"
    assert _plan(repo, "eksporter", "--format", "xlsx", "-o", str(sheet)).returncode == 0

    _git(repo, "checkout", "-q", "-b", "bo", who="Bo")
    for args in (("33", "tidspunkt=Marts-juni"), ("20", "ansvarlig=Bo Hansen")):
        assert _plan(repo, "ret", *args, who="Bo").returncode == 0
    _git(repo, "commit", "-qam", "Bo: 33 flyttet, 20 til Bo", who="Bo")
    _git(repo, "checkout", "-q", "main")
    assert _plan(repo, "ret", "5", "status=Afsluttet").returncode == 0  # the coordinator meanwhile
    _git(repo, "commit", "-qam", "5 afsluttet")
    _git(repo, "merge", "-q", "--no-edit", "bo")
    merged = (repo / "plan.yaml").read_text(encoding="utf-8")

    returned = edit_sheet(sheet, {(8, "status"): "Afsluttet", (12, "tidspunkt"): "April-maj",
                                  (20, "aktivitet"): "Dialogmøde med erhvervslivet"}, repo.parent / "retur.xlsx")  # fmt: skip
    expected = merged
    for (activity_id, name), value in {(8, "status"): "Afsluttet", (12, "tidspunkt"): "April-maj",
                                       (20, "aktivitet"): "Dialogmøde med erhvervslivet"}.items():  # fmt: skip
        expected = set_field(expected, activity_id, name, value)
    dry = _plan(repo, "importer", str(returned), "--dry-run")
    assert dry.returncode == 0 and (repo / "plan.yaml").read_text(encoding="utf-8") == merged
    done = _plan(repo, "importer", str(returned))
    assert (done.returncode, done.stderr) == (0, "")
    after = (repo / "plan.yaml").read_text(encoding="utf-8")
    assert after == expected
    data, before = as_data(after), as_data(original)
    assert data[33]["tidspunkt"] == "Marts-juni" and data[20]["ansvarlig"] == "Bo Hansen"
    assert data[5]["status"] == "Afsluttet" and data[8]["status"] == "Afsluttet"
    assert data[12]["tidspunkt"] == "April-maj" and data[20]["aktivitet"] == "Dialogmøde med erhvervslivet"
    assert {i: a for i, a in data.items() if i not in (5, 8, 12, 20, 33)} == {
        i: a for i, a in before.items() if i not in (5, 8, 12, 20, 33)
    }
    lines = done.stdout.splitlines()
    assert "33: tidspunkt" not in done.stdout and "20: ansvarlig" not in done.stdout
    assert lines[-2:] == [
        "retur.xlsx → plan.yaml: 3 ændret, 0 tilføjet, 41 uændret",
        "3 felter ændret i planen siden eksporten og ikke i regnearket er beholdt",
    ]
    said = [line for line in dry.stdout.splitlines() if not line.startswith((" ", "+", "-", "@"))]
    assert said == lines[-2:]  # the dry run decides the same


# --- in-process: the decisions, one by one -------------------------------------------------------


def test_the_same_change_on_both_sides_is_fine(runner: CliRunner, plan_copy: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "plan.xlsx"
    export(runner, plan_copy, sheet)
    plan_edit(runner, plan_copy, 33, "tidspunkt", "Marts-juni")
    edit_sheet(sheet, {(33, "tidspunkt"): "Marts-juni", (9, "ansvarlig"): "Anna"})
    expected = set_field(plan_copy.read_text(encoding="utf-8"), 9, "ansvarlig", "Anna")
    code, out, err = run(runner, "import", sheet, plan=plan_copy)
    assert (code, err) == (0, "")
    assert plan_copy.read_text(encoding="utf-8") == expected
    assert out.splitlines()[-1] == f"plan.xlsx → {plan_copy}: 1 ændret, 0 tilføjet, 43 uændret"
    assert out.startswith("9: ansvarlig ") and "33:" not in out


def test_a_field_changed_differently_on_both_sides_refuses_the_import(
    runner: CliRunner, plan_copy: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "plan.xlsx"
    export(runner, plan_copy, sheet)
    original = plan_copy.read_text(encoding="utf-8")
    plan_edit(runner, plan_copy, 33, "tidspunkt", "Marts-juni")
    plan_edit(runner, plan_copy, 8, "status", "I gang")
    edit_sheet(sheet, {(33, "tidspunkt"): "Marts-maj", (8, "status"): "Afsluttet", (12, "ansvarlig"): "Anna"})
    before = plan_copy.read_bytes()
    wanted = (
        2,
        f"8: status ændret både i regnearket ('Afsluttet') og i planen siden eksporten ('I gang'; eksporteret "
        f"{field_of(original, 8, 'status')!r}); ret den ene, og importér igen\n"
        "33: tidspunkt ændret både i regnearket ('Marts-maj') og i planen siden eksporten ('Marts-juni'; "
        f"eksporteret {field_of(original, 33, 'tidspunkt')!r}); ret den ene, og importér igen\n",
        "plan: 2 felter er ændret både i regnearket og i planen (se ovenfor); intet er ændret\n",
    )
    assert run(runner, "import", sheet, plan=plan_copy) == wanted
    assert plan_copy.read_bytes() == before
    assert run(runner, "import", sheet, "--dry-run", plan=plan_copy) == wanted
    assert plan_copy.read_bytes() == before


def test_an_unchanged_sheet_back_after_the_plan_moved_on_changes_nothing(
    runner: CliRunner, plan_copy: Path, tmp_path: Path
) -> None:
    """The round trip, late: the plan changed after the export, the sheet came back untouched."""
    sheet = tmp_path / "plan.xlsx"
    export(runner, plan_copy, sheet)
    assert run(runner, "import", sheet, plan=plan_copy).out.endswith(
        "intet nyt; planen har allerede alt fra tabellen\n"
    )
    plan_edit(runner, plan_copy, 33, "tidspunkt", "Marts-juni")
    plan_edit(runner, plan_copy, 7, "emne", "Igangsættelse")
    before = plan_copy.read_bytes()
    assert run(runner, "import", sheet, plan=plan_copy) == (
        0,
        f"plan.xlsx → {plan_copy}: intet nyt; planen har allerede alt fra tabellen\n"
        "2 felter ændret i planen siden eksporten og ikke i regnearket er beholdt\n",
        "",
    )
    assert plan_copy.read_bytes() == before


def test_a_filtered_export_and_added_rows_keep_todays_rules(
    runner: CliRunner, plan_copy: Path, tmp_path: Path
) -> None:
    """Only the exported activities are in the base; a new row in the sheet is added as ever."""
    sheet = tmp_path / "plan.xlsx"
    export(runner, plan_copy, sheet, "-e", "Igangsættelse")
    plan_edit(runner, plan_copy, 3, "ansvarlig", "Bo")
    book = openpyxl.load_workbook(sheet)
    book["Plan"].append([None, "September", None, None, "Igangsættelse", "Evaluering", "Anna", "Afventer"])
    book.save(sheet)
    expected_new = (
        "\n  - id: 45\n    tidspunkt: September\n    emne: [Igangsættelse]\n    aktivitet: Evaluering\n"
    )
    code, out, _ = run(runner, "import", sheet, plan=plan_copy)
    assert code == 0 and "Aktivitet 45 tilføjet: Evaluering" in out and "3: ansvarlig" not in out
    text = plan_copy.read_text(encoding="utf-8")
    assert expected_new in text and as_data(text)[3]["ansvarlig"] == "Bo"


# --- without a usable base: today's behaviour ----------------------------------------------------


def _foreign(sheet: Path, target: Path) -> Path:
    """The visible sheet's cells copied into a workbook of its own: a sheet we did not make."""
    rows = list(openpyxl.load_workbook(sheet)["Plan"].iter_rows(values_only=True))
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    book.save(target)
    return target


@pytest.mark.parametrize("kind", ["foreign xlsx", "csv", "csv --excel"])
def test_without_a_base_every_cell_is_taken_as_today(
    runner: CliRunner, plan_copy: Path, tmp_path: Path, kind: str
) -> None:
    original = plan_copy.read_text(encoding="utf-8")
    if kind == "foreign xlsx":
        export(runner, plan_copy, tmp_path / "ours.xlsx")
        table = _foreign(tmp_path / "ours.xlsx", tmp_path / "plan.xlsx")
    else:
        table = tmp_path / "plan.csv"
        assert run(runner, "export", "-F", *kind.split(), "-o", table, plan=plan_copy).code == 0
    plan_edit(runner, plan_copy, 33, "tidspunkt", "Marts-juni")
    code, out, err = run(runner, "import", table, plan=plan_copy)
    assert (code, err) == (0, "")
    assert out.startswith("33: tidspunkt 'Marts-juni' → ")  # the sheet's stale value, as before
    assert "skjulte" not in out and "beholdt" not in out
    assert plan_copy.read_text(encoding="utf-8") == original


def _tamper(book: object, how: str) -> None:
    base = book[BASE_SHEET]  # type: ignore[index]
    if how == "a field edited":
        base["B3"] = "Januar-februar"
    elif how == "the checksum edited":
        base["C1"] = "0" * 64
    elif how == "the marker gone":
        base["A1"] = None
    elif how == "a later version":
        base["B1"] = "2"
    elif how == "an id not a number":
        base["A3"] = "tre"
    elif how == "a huge id":
        base["A3"] = "9" * 5000
    elif how == "an id twice":
        base["A3"] = base["A2"].value
    elif how == "a row deleted":
        base.delete_rows(3)
    elif how == "an id typed in the sheet":
        book["Plan"]["A3"] = 99  # type: ignore[index]
    elif how == "a formula error":
        base["B3"] = "=1/0"


TAMPERINGS = ["a field edited", "the checksum edited", "the marker gone", "a later version",
              "an id not a number", "a huge id", "an id twice", "a row deleted", "an id typed in the sheet",
              "a formula error"]  # fmt: skip


@pytest.mark.parametrize("how", TAMPERINGS)
def test_a_tampered_base_is_not_used(runner: CliRunner, plan_copy: Path, tmp_path: Path, how: str) -> None:
    """Whatever is off about the base, the sheet is imported as one we did not make (each cell as
    it stands), with one line saying so; never a crash."""
    sheet = tmp_path / "plan.xlsx"
    export(runner, plan_copy, sheet, "-e", "Igangsættelse")  # 2-9, 10-12: no 99
    plan_edit(runner, plan_copy, 5, "tidspunkt", "Marts-juni")
    exported = field_of(SHIPPED_PLAN.read_text(encoding="utf-8"), 5, "tidspunkt")
    book = openpyxl.load_workbook(sheet)
    _tamper(book, how)
    book.save(sheet)
    code, out, err = run(runner, "import", sheet, plan=plan_copy)
    if how == "an id typed in the sheet":  # today's rule for an id the plan lacks
        assert (code, err) == (2, "plan: 1 række kan ikke importeres (se ovenfor); intet er ændret\n")
        return
    assert (code, err) == (0, "")
    assert f"5: tidspunkt 'Marts-juni' → {exported!r}" in out
    assert "plan.xlsx: eksportens skjulte kopi af planen bruges ikke (" in out


def test_an_id_typed_in_the_sheet_that_the_export_lacks_makes_the_base_unused(
    runner: CliRunner, plan_copy: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "plan.xlsx"
    export(runner, plan_copy, sheet, "-e", "Igangsættelse")
    plan_edit(runner, plan_copy, 5, "tidspunkt", "Marts-juni")
    book = openpyxl.load_workbook(sheet)
    book["Plan"]["A3"] = 40  # the row of 3 now says it is 40, which was not exported
    book.save(sheet)
    code, out, _ = run(runner, "import", sheet, plan=plan_copy)
    assert code == 0
    assert "plan.xlsx: eksportens skjulte kopi af planen bruges ikke (id 40 står ikke i den); " in out
    assert "5: tidspunkt 'Marts-juni' →" in out and "40: " in out


def test_a_huge_base_is_not_read_past_the_row_cap(runner: CliRunner, plan_copy: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "plan.xlsx"
    export(runner, plan_copy, sheet)
    code, out, _ = run(runner, "import", sheet, "--maks-rækker", "44", plan=plan_copy)
    assert (code, out) == (0, f"plan.xlsx → {plan_copy}: intet nyt; planen har allerede alt fra tabellen\n")
    plan_edit(runner, plan_copy, 5, "tidspunkt", "Marts-juni")
    book = openpyxl.load_workbook(sheet)
    book["Plan"].delete_rows(10, 40)  # the table is short now; the base still has 44
    book.save(sheet)
    code, out, _ = run(runner, "import", sheet, "--maks-rækker", "20", plan=plan_copy)
    assert code == 0 and "bruges ikke (for mange rækker)" in out


# --- a property: random edits on both sides ------------------------------------------------------

IDS = (2, 3, 9, 14, 21, 33)  # activities whose fields are plain one-line scalars in the shipped plan
FIELDS = ("tidspunkt", "aktivitet", "ansvarlig", "emne")
VALUES = {
    "tidspunkt": ("Januar", "Marts-juni", "Oktober"),
    "aktivitet": ("Borgermøde", "Workshop for skoler"),
    "ansvarlig": ("Anna", "Bo"),
    "emne": ("Igangsættelse", "Bæredygtighedspulje"),
}


@st.composite
def two_sides(draw: st.DrawFn) -> tuple[dict[tuple[int, str], str], dict[tuple[int, str], str]]:
    keys = st.tuples(st.sampled_from(IDS), st.sampled_from(FIELDS))
    sheet = draw(st.dictionaries(keys, st.just(""), max_size=4))
    plan = draw(st.dictionaries(keys, st.just(""), max_size=4))
    return (
        {k: draw(st.sampled_from(VALUES[k[1]])) for k in sheet},
        {k: draw(st.sampled_from(VALUES[k[1]])) for k in plan},
    )


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sides=two_sides())
def test_random_edits_on_both_sides(
    runner: CliRunner, tmp_path_factory: pytest.TempPathFactory, sides: tuple[dict[tuple[int, str], str], ...]
) -> None:
    """Each field: changed in the sheet only, taken; in the plan only, kept; in both to the same,
    fine; in both differently, the import is refused and the file is byte for byte as it was."""
    sheet_edits, plan_edits = sides
    folder = tmp_path_factory.mktemp("both")
    plan = folder / "plan.yaml"
    original = SHIPPED_PLAN.read_text(encoding="utf-8")
    plan.write_text(original, encoding="utf-8")
    sheet = folder / "plan.xlsx"
    export(runner, plan, sheet)
    for (activity_id, name), value in plan_edits.items():
        plan_edit(runner, plan, activity_id, name, value)
    edit_sheet(sheet, sheet_edits)
    edited = plan.read_text(encoding="utf-8")
    clashes = sorted(
        key for key, value in sheet_edits.items()
        if key in plan_edits and plan_edits[key] != value and value != field_of(original, *key)
        and plan_edits[key] != field_of(original, *key)
    )  # fmt: skip
    code, out, _ = run(runner, "import", sheet, plan=plan)
    if clashes:
        assert code == 2 and plan.read_text(encoding="utf-8") == edited
        order = ("tidspunkt", "emne", "aktivitet", "ansvarlig")  # a row's fields, as the import reads them
        assert [line.split(" ændret")[0] for line in out.splitlines()] == [
            f"{i}: {name}" for i, name in sorted(clashes, key=lambda k: (k[0], order.index(k[1])))
        ]
        return
    expected = edited
    for (activity_id, name), value in sheet_edits.items():
        if value != field_of(original, activity_id, name) and field_of(edited, activity_id, name) != value:
            expected = set_field(expected, activity_id, name, value)
    assert code == 0, out
    assert plan.read_text(encoding="utf-8") == expected


def test_the_base_survives_libreoffice(runner: CliRunner, plan_copy: Path, tmp_path: Path) -> None:
    """Saved again by LibreOffice (which makes the very hidden sheet merely hidden), the base is
    still read: the colleague's edit is taken, the plan's later change kept."""
    from .test_office_as_made import libreoffice

    sheet = tmp_path / "plan.xlsx"
    export(runner, plan_copy, sheet)
    edit_sheet(sheet, {(12, "tidspunkt"): "April-maj"})
    resaved = libreoffice(sheet, "xlsx:Calc MS Excel 2007 XML", tmp_path)
    plan_edit(runner, plan_copy, 33, "tidspunkt", "Marts-juni")
    expected = set_field(plan_copy.read_text(encoding="utf-8"), 12, "tidspunkt", "April-maj")
    code, out, err = run(runner, "import", resaved, plan=plan_copy)
    assert (code, err) == (0, "") and "skjulte" not in out
    assert out.endswith("1 felt ændret i planen siden eksporten og ikke i regnearket er beholdt\n")
    assert plan_copy.read_text(encoding="utf-8") == expected

"""What the commands do with the new timing forms: deadlines ("frist") in JSON, `show` and `due`;
a plan written with other municipalities' forms checks clean; week spans over the new year export
as events that end after they start."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from .conftest import run

PLAN = """\
titel: Plan med andre kommuners tidspunkter
år: 2020
statusser: [Afventer, Under forberedelse, I gang, Afsluttet]
aktiviteter:
  - id: 1
    tidspunkt: senest 15. maj
    emne: [Frister]
    aktivitet: Ansøgning afleveret
    ansvarlig: Sekretariatet
    status: I gang
  - id: 2
    tidspunkt: uge 52-2
    emne: [Uger]
    aktivitet: Juleaktivitet
    ansvarlig: Kultur
    status: Afventer
  - id: 3
    tidspunkt: før jul
    emne: [Frister]
    aktivitet: Budgetnotat
    ansvarlig: Økonomi
  - id: 4
    tidspunkt: efter sommerferien
    emne: [Skole]
    aktivitet: Opstart i klasserne
    ansvarlig: Børn og Skole
  - id: 5
    tidspunkt: fra den 1. maj til den 30. juni 2021
    emne: [Perioder]
    aktivitet: Kampagne
    ansvarlig: Kommunikation
  - id: 6
    tidspunkt: skoleåret 2021/22
    emne: [Skole]
    aktivitet: Forløb
    ansvarlig: Børn og Skole
  - id: 7
    tidspunkt: medio/ultimo 2023
    emne: [Perioder]
    aktivitet: Evaluering
    ansvarlig: Sekretariatet
  - id: 8
    tidspunkt: i Q3
    emne: [Perioder]
    aktivitet: Temamøde
    ansvarlig: Sekretariatet
"""


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def test_a_plan_in_other_municipalities_forms_checks_clean(runner: CliRunner, plan: Path) -> None:
    assert run(runner, "check", plan=plan) == (0, "", "")


def test_list_json_marks_deadlines_and_only_them(runner: CliRunner, plan: Path) -> None:
    code, out, _ = run(runner, "list", "--json", plan=plan)
    records = {r["id"]: r for r in json.loads(out)}
    assert code == 0
    assert list(records[1]) == [
        "id",
        "tidspunkt",
        "emne",
        "aktivitet",
        "ansvarlig",
        "status",
        "start",
        "slut",
        "frist",
    ]
    assert (records[1]["start"], records[1]["slut"], records[1]["frist"]) == (
        "2020-01-01",
        "2020-05-15",
        True,
    )
    assert (records[3]["slut"], records[3]["frist"]) == ("2020-12-23", True)
    assert [i for i, r in records.items() if "frist" in r] == [1, 3]
    assert (records[2]["start"], records[2]["slut"]) == ("2020-12-21", "2021-01-17")


def test_period_json_of_a_deadline(runner: CliRunner) -> None:
    code, out, _ = run(runner, "period", "senest 15. maj", "--year", "2020", "--json")
    assert code == 0
    assert json.loads(out) == {
        "tidspunkt": "senest 15. maj", "år": 2020, "start": "2020-01-01", "slut": "2020-05-15", "frist": True,
        "åben_slutning": False, "løbende": False,
    }  # fmt: skip


def test_period_says_frist(runner: CliRunner) -> None:
    assert run(runner, "period", "inden 2023", "--year", "2020") == (
        0,
        "inden 2023 → frist 31. december 2022 (regnes fra 1. januar 2022)\n",
        "",
    )


def test_show_says_frist_rather_than_a_range(runner: CliRunner, plan: Path) -> None:
    code, out, _ = run(runner, "show", "1", plan=plan)
    assert code == 0
    assert "Periode    frist 15. maj 2020 (regnes fra 1. januar 2020)" in out
    assert "1. januar 2020 –" not in out
    code, out, _ = run(runner, "show", "1", "--json", plan=plan)
    assert json.loads(out)["frist"] is True


def test_due_says_frist_and_a_deadline_is_overdue_the_day_after(runner: CliRunner, plan: Path) -> None:
    code, out, _ = run(runner, "due", "--today", "2020-05-15", plan=plan)
    assert code == 0
    current, _, overdue = out.partition("Forsinket")
    assert "frist 15. maj 2020" in current and "Ansøgning" in current
    assert "Ansøgning" not in overdue
    code, out, _ = run(runner, "due", "--today", "2020-05-16", plan=plan)
    assert "Ansøgning" in out.partition("Forsinket")[2]
    code, out, _ = run(runner, "due", "--today", "2020-05-16", "--json", plan=plan)
    late = {r["id"]: r for r in json.loads(out)}
    assert (late[1]["forsinket"], late[1]["frist"]) == (True, True)


def test_a_week_span_over_the_new_year_exports_an_event_that_ends_after_it_starts(
    runner: CliRunner, plan: Path
) -> None:
    code, out, _ = run(runner, "export", "--format", "ics", "-e", "Uger", plan=plan)
    assert code == 0
    assert "DTSTART;VALUE=DATE:20201221" in out and "DTEND;VALUE=DATE:20210118" in out


def test_add_takes_a_new_form(runner: CliRunner, plan: Path) -> None:
    code, _, err = run(runner, "add", "--tidspunkt", "inden sommerferien 2021", "--emne", "Frister",
                       "--aktivitet", "Plan klar", "--ansvarlig", "Sekretariatet", plan=plan)  # fmt: skip
    assert code == 0, err
    code, out, _ = run(runner, "show", "9", "--json", plan=plan)
    record = json.loads(out)
    assert (record["start"], record["slut"], record["frist"]) == ("2021-01-01", "2021-07-04", True)

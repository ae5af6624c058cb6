"""`plan due` and `plan show` on the shipped plan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baeredygtig_cli.output.lists import overdue_phrase

from .conftest import MARCH_2020, SHIPPED_PLAN, run

RUNNING_ON_15_JUNE = [18, 19, 31, 32, 38, 39, 42]
OVERDUE_ON_15_JUNE = [3, 4, 5, 11, 8, 12, 13, 14, 15, 7, 9, 10, 16, 17, 22, 20, 29, 30,
                      23, 24, 25, 26, 27, 33, 21, 28, 34, 35, 36, 37]  # fmt: skip


def due_json(runner: CliRunner, *args: str) -> list[dict[str, object]]:
    code, out, err = run(runner, "due", "--json", *args, plan=SHIPPED_PLAN)
    assert code == 0, err
    return json.loads(out)


def test_due_in_march_lists_the_19_unfinished_activities_touching_march(runner: CliRunner) -> None:
    records = due_json(runner, "--month", "marts", "--today", "2020-03-01")
    assert len(records) == 19
    assert [r["id"] for r in records] == sorted(MARCH_2020)
    assert all(r["forsinket"] is False for r in records)
    code, out, _ = run(runner, "due", "--month", "marts", "--today", "2020-03-01", plan=SHIPPED_PLAN)
    assert code == 0 and "Marts 2020: 19 aktiviteter" in out


@pytest.mark.parametrize("month", ["3", "mar", "Marts", "marts 2020"])
def test_due_month_spellings(runner: CliRunner, month: str) -> None:
    assert len(due_json(runner, "--month", month)) == 19


def test_due_on_a_day_shows_what_runs_and_what_is_overdue(runner: CliRunner) -> None:
    records = due_json(runner, "--today", "2020-06-15")
    assert [r["id"] for r in records] == RUNNING_ON_15_JUNE + OVERDUE_ON_15_JUNE
    assert [r["forsinket"] for r in records] == [False] * 7 + [True] * 30
    assert list(records[0]) == ["id", "tidspunkt", "emne", "aktivitet", "ansvarlig", "status", "start", "slut",
                                "forsinket"]  # fmt: skip


def test_due_table_has_sections_and_how_late(runner: CliRunner) -> None:
    code, out, _ = run(runner, "due", "--today", "2020-06-15", plan=SHIPPED_PLAN)
    assert code == 0
    assert "Aktuelt 15. juni 2020" in out
    assert "Forsinket (30)" in out
    assert "4 måneder" in out  # the January dialogues ended 31 January
    assert out.index("Aktuelt") < out.index("Forsinket (30)")


def test_finished_activities_are_never_due_unless_alle(runner: CliRunner) -> None:
    assert [r["id"] for r in due_json(runner, "--month", "januar")] == [3, 4, 5, 42]
    assert [r["id"] for r in due_json(runner, "--month", "januar", "--alle")] == [2, 3, 4, 5, 42]
    assert [r["id"] for r in due_json(runner, "--month", "december 2019")] == []
    assert [r["id"] for r in due_json(runner, "--month", "december 2019", "--alle")] == [1]


OPEN = {18, 19, 31, 32, 42}  # "... og frem" (from February or March) and "Løbende", none finished


@pytest.mark.parametrize(
    ("month", "due"),
    [("januar", {42}), ("februar", {18, 19, 42}), ("marts", OPEN), ("juli", OPEN), ("december", OPEN)],
)
def test_open_ended_and_ongoing_are_due_every_month_they_cover(
    runner: CliRunner, month: str, due: set[int]
) -> None:
    assert {r["id"] for r in due_json(runner, "--month", month)} & OPEN == due


def test_due_filters_combine(runner: CliRunner) -> None:
    records = due_json(runner, "--month", "marts", "--ansvarlig", "udbudsenheden", "--status", "i gang")
    assert [r["id"] for r in records] == [21, 34]


def test_due_week(runner: CliRunner) -> None:
    records = due_json(runner, "--week", "10", "--today", "2020-03-05")
    # Week 10 is 2-8 March 2020: every March activity touches it (22 is on 5 March).
    assert [r["id"] for r in records] == sorted(MARCH_2020)
    assert [r["id"] for r in due_json(runner, "--week", "30")] == [18, 19, 31, 32, 39, 42]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--today", "15/13"],
            "ugyldig dato for --today: '15/13' (der er ingen måned 13",
        ),  # 15/6 is a day now
        (["--month", "marts", "--week", "3"], "enten --month eller --week"),
        (["--week", "54"], "ugyldig uge '54'"),
        (["--month", "smarts"], "ukendt måned"),
    ],
)
def test_due_bad_options(runner: CliRunner, args: list[str], message: str) -> None:
    code, out, err = run(runner, "due", *args, plan=SHIPPED_PLAN)
    assert (code, out) == (2, "")
    assert message in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("days", "phrase"),
    [(1, "1 dag"), (5, "5 dage"), (13, "13 dage"), (14, "2 uger"), (21, "3 uger"), (59, "8 uger"),
     (60, "2 måneder"), (45 * 30 // 45, "4 uger"), (400, "13 måneder"), (800, "2 år")],
)  # fmt: skip
def test_overdue_phrase(days: int, phrase: str) -> None:
    assert overdue_phrase(days) == phrase


def test_show(runner: CliRunner) -> None:
    code, out, _ = run(runner, "show", "18", plan=SHIPPED_PLAN)
    assert code == 0
    for expected in ("IFebruar og frem", "1. februar 2020 – 31. december 2020 (åben slutning)",
                     "Byråds- og Direktionssekretariatet", "Under forberedelse", "linje 196"):  # fmt: skip
        assert expected in out
    assert "(løbende)" in run(runner, "show", "42", plan=SHIPPED_PLAN)[1]


def test_show_json(runner: CliRunner, plan_copy: Path) -> None:
    """The record of a plan outside git; in git, `historik` follows (tests/test_show_history.py)."""
    code, out, _ = run(runner, "show", "1", "--json", plan=plan_copy)
    assert code == 0
    assert json.loads(out) == {
        "id": 1,
        "tidspunkt": "5. december",
        "emne": ["Igangsættelse"],
        "aktivitet": "Store Ledermøde - Input til strategi og drøftelse af retning på",
        "ansvarlig": "Direktionen/ Koordinator for Bæredygtig Udvikling",
        "status": "Afsluttet",
        "start": "2019-12-05",
        "slut": "2019-12-05",
        "år": 2019,
        "åben_slutning": False,
        "løbende": False,
        "linje": 76,
        # The shipped plan declares its parties: the activity's own, by their declared names.
        "parter": {"tovholder": "Direktionen", "medvirkende": ["Koordinator for Bæredygtig Udvikling"]},
    }


@pytest.mark.parametrize(("arg", "message"), [("99", "ukendt id: 99"), ("x", "id skal være et tal")])
def test_show_unknown(runner: CliRunner, arg: str, message: str) -> None:
    code, out, err = run(runner, "show", arg, plan=SHIPPED_PLAN)
    assert (code, out) == (2, "") and message in err

"""A compact `due`, counted headings, `list --sort`, and empty results said in so many words."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baeredygtig_cli.output.lists import overdue_phrase

from .conftest import SHIPPED_PLAN, run

NO_STATUS = "–"
W = 100  # the terminal's width, unless a test says otherwise


def ok(runner: CliRunner, *args: str, width: int = W, file: Path = SHIPPED_PLAN) -> str:
    code, out, err = run(runner, *args, plan=file, width=width)
    assert code == 0, err
    return out


# --- due: headings with counts, and --kort ------------------------------------------------------


def test_due_headings_carry_their_counts(runner: CliRunner) -> None:
    out = ok(runner, "due", "--today", "2020-06-15")
    assert "Aktuelt 15. juni 2020 (7)\n" in out
    assert "\nForsinket (30)\n" in out


def test_due_says_when_nothing_is_overdue(runner: CliRunner) -> None:
    out = ok(runner, "due", "--today", "2020-01-02")
    assert "Forsinket (0)\nIntet er forsinket.\n" in out


@pytest.mark.parametrize("width", [40, 60, 80, 100, 200])
def test_due_kort_is_one_line_per_activity(runner: CliRunner, width: int) -> None:
    records = json.loads(ok(runner, "due", "--json", "--today", "2020-06-15"))
    out = ok(runner, "due", "--kort", "--today", "2020-06-15", width=width)
    lines = out.splitlines()
    assert lines[0] == "Aktuelt 15. juni 2020 (7)"
    assert lines[8] == "Forsinket (30)"
    body = lines[1:8] + lines[9:]
    assert len(body) == len(records) == 37
    assert max(len(line) for line in lines) <= width
    today = date(2020, 6, 15)
    for line, record in zip(body, records, strict=True):
        assert re.match(rf"^ ?{record['id']}  ", line), (width, line)
        assert f"  {record['status'] or NO_STATUS}" in line, (width, line)
        if record["forsinket"]:
            phrase = overdue_phrase((today - date.fromisoformat(record["slut"])).days)
            assert f"  {phrase}" in line, (width, line)


def test_due_kort_line_has_id_tidspunkt_status_delay_and_activity_cut(runner: CliRunner) -> None:
    out = ok(runner, "due", "-k", "--today", "2020-06-15", width=80)
    line = next(line for line in out.splitlines() if line.startswith(" 3  "))
    assert line == " 3  Januar          I gang              4 måneder  Opstart dialog med Business…"
    short = next(line for line in out.splitlines() if line.startswith(" 8  "))
    assert short == " 8  20. februar     Under forberedelse  3 måneder  Kommunikationsplan klar"


def test_due_month_kort(runner: CliRunner) -> None:
    out = ok(runner, "due", "--kort", "--month", "marts", "--emne", "pulje", "--today", "2020-03-01")
    lines = out.splitlines()
    assert lines[0] == "Marts 2020: 9 aktiviteter"
    assert len(lines) == 10
    assert lines[1].startswith("22  5. marts     Under forberedelse  Afholdelse af offentligt")


# --- list --sort --------------------------------------------------------------------------------


def list_ids(runner: CliRunner, *args: str, file: Path = SHIPPED_PLAN) -> list[int]:
    return [r["id"] for r in json.loads(ok(runner, "list", "--json", *args, file=file))]


def test_sort_by_tidspunkt_is_by_period_start_then_end(runner: CliRunner) -> None:
    records = json.loads(ok(runner, "list", "--json"))
    expected = [r["id"] for r in sorted(records, key=lambda r: (r["start"], r["slut"]))]
    assert list_ids(runner, "--sort", "tidspunkt") == expected
    assert expected[:3] == [1, 3, 4] and expected != [r["id"] for r in records]
    assert list_ids(runner, "--sort", "start") == expected
    assert list_ids(runner, "--sort", "Tidspunkt") == expected


def test_sort_by_status_follows_the_plans_order_with_none_last(runner: CliRunner) -> None:
    records = json.loads(ok(runner, "list", "--json", "--sort", "status"))
    order = ["Afventer", "Under forberedelse", "I gang", "Afsluttet", None]
    assert [r["status"] for r in records] == sorted((r["status"] for r in records), key=order.index)
    by_status = [r["id"] for r in records if r["status"] == "I gang"]
    assert by_status == sorted(by_status)  # ties keep the plan's order
    assert records[-1]["id"] == 37  # the one without a status


def small_plan(tmp_path: Path, people: list[tuple[int, str]]) -> Path:
    head = SHIPPED_PLAN.read_text(encoding="utf-8").split("aktiviteter:")[0]
    entries = "".join(
        f"  - id: {i}\n    tidspunkt: Marts\n    emne: [A]\n    aktivitet: Ting {i}\n"
        f"    ansvarlig: {who}\n    status: Afventer\n"
        for i, who in people
    )
    path = tmp_path / "plan.yaml"
    path.write_text(head + "aktiviteter:\n" + entries, encoding="utf-8")
    return path


def test_sort_by_ansvarlig_is_danish_alphabetical(runner: CliRunner, tmp_path: Path) -> None:
    plan = small_plan(tmp_path, [(1, "Åse"), (2, "Østergaard"), (3, "Ærø"), (4, "zebra"), (5, "Anders")])
    assert list_ids(runner, "--sort", "ansvarlig", file=plan) == [5, 4, 3, 2, 1]


def test_sort_by_id_is_by_number(runner: CliRunner, tmp_path: Path) -> None:
    plan = small_plan(tmp_path, [(10, "A"), (2, "B"), (33, "C"), (1, "D")])
    assert list_ids(runner, file=plan) == [10, 2, 33, 1]
    assert list_ids(runner, "--sort", "id", file=plan) == [1, 2, 10, 33]


def test_sort_orders_the_table_too(runner: CliRunner) -> None:
    out = ok(runner, "list", "--sort", "status", "--emne", "pulje", width=200)
    ids = [int(m.group(1)) for m in re.finditer(r"^ ?(\d+)  ", out, re.MULTILINE)]
    assert (
        ids == list_ids(runner, "--sort", "status", "--emne", "pulje") != list_ids(runner, "--emne", "pulje")
    )
    out = ok(runner, "list", "--sort", "tidspunkt", width=200)
    ids = [int(m.group(1)) for m in re.finditer(r"^ ?(\d+)  ", out, re.MULTILINE)]
    assert ids == list_ids(runner, "--sort", "tidspunkt")


@pytest.mark.parametrize("value", ["navn", "", "tid"])
def test_sort_refuses_an_unknown_order_in_danish(runner: CliRunner, value: str) -> None:
    code, out, err = run(runner, "list", "--sort", value, plan=SHIPPED_PLAN, width=W)
    assert (code, out) == (2, "")
    assert err == f"plan: ukendt sortering {value!r} (vælg tidspunkt, status, ansvarlig eller id)\n"


def test_sort_is_checked_before_the_plan_is_read(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = run(runner, "list", "--sort", "navn", plan=tmp_path / "findes-ikke.yaml", width=W)
    assert code == 2 and "ukendt sortering" in err


# --- empty results are said (10.22) -------------------------------------------------------------

NOTHING = "Ingen aktiviteter passer til filtrene.\n"


@pytest.mark.parametrize(
    "args",
    [
        ["timeline", "-a", "xyz"],
        ["summary", "-a", "xyz"],
        ["list", "-a", "xyz"],
        ["due", "-a", "xyz"],
        ["due", "-a", "xyz", "--kort"],
        ["due", "--month", "marts", "-a", "xyz"],
        ["due", "--week", "12", "-a", "xyz"],
        ["timeline", "--by", "emne", "-q", "xyz"],
    ],
)
def test_no_match_is_said_and_exits_0(runner: CliRunner, args: list[str]) -> None:
    today = ["--today", "2020-06-15"] if args[0] != "list" else []
    code, out, err = run(runner, *args, *today, plan=SHIPPED_PLAN, width=W)
    assert (code, out, err) == (0, NOTHING, "")


def test_summary_json_of_nothing_is_still_the_contract(runner: CliRunner) -> None:
    data = json.loads(ok(runner, "summary", "--json", "-a", "xyz", "--today", "2020-06-15"))
    assert data["i_alt"]["antal"] == 0 and data["grupper"] == []


def test_timeline_says_when_matches_lie_outside_the_period(runner: CliRunner) -> None:
    out = ok(runner, "timeline", "--periode", "2019", "-a", "udbud", "--today", "2020-06-15")
    assert out == "Ingen aktiviteter i perioden (3 aktiviteter ligger uden for).\n"


@pytest.mark.parametrize("command", [["list"], ["due"], ["summary"], ["timeline"], ["due", "-m", "marts"]])
def test_a_plan_without_activities_says_so(runner: CliRunner, tmp_path: Path, command: list[str]) -> None:
    head = SHIPPED_PLAN.read_text(encoding="utf-8").split("aktiviteter:")[0]
    plan = tmp_path / "plan.yaml"
    plan.write_text(head + "aktiviteter: []\n", encoding="utf-8")
    code, out, err = run(runner, *command, plan=plan, width=W)
    assert (code, out, err) == (0, "Planen har ingen aktiviteter.\n", "")

"""Lists longer than a wrapping table is quick at (listing.TABLE_ROW_LIMIT, 200 rows) are plain aligned
text: the same columns, no colour, through `plan list`, `plan due` and `plan due --kort`. At 200 rows it
is still the table; from 201 it is plain."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baeredygtig_cli.output.lists import TABLE_ROW_LIMIT

from .conftest import run

HEAD = (
    "titel: Stor plan\når: 2020\nstatusser: [Afventer, Under forberedelse, I gang, Afsluttet]\naktiviteter:\n"
)
COLOUR = {"FORCE_COLOR": "1", "NO_COLOR": None}  # colour is asked for: the plain path still has none
SGR = re.compile(r"\x1b\[[0-9;]*m")  # a colour or style


def long_plan(tmp_path: Path, count: int, tidspunkt: str) -> Path:
    entries = "".join(
        f"  - id: {i}\n    tidspunkt: {tidspunkt}\n    emne: [Emne]\n    aktivitet: Aktivitet {i}\n"
        f"    ansvarlig: Team\n    status: Afventer\n"
        for i in range(1, count + 1)
    )
    path = tmp_path / "plan.yaml"
    path.write_text(HEAD + entries, encoding="utf-8")
    return path


def test_the_limit_is_200_rows() -> None:
    assert TABLE_ROW_LIMIT == 200


def test_list_of_201_is_plain_columns(runner: CliRunner, tmp_path: Path) -> None:
    plan = long_plan(tmp_path, 201, "Løbende")
    code, out, err = run(runner, "list", plan=plan, width=80, env=COLOUR)
    assert (code, err) == (0, "")
    table, _, footer = out.rpartition("\n\x1b[2malle")
    assert not SGR.search(table) and footer == " 201 aktiviteter\x1b[0m\n"  # only the count is dimmed
    rows = [f"{i:>3}  Løbende    Emne  {f'Aktivitet {i}':<13}  Team       Afventer" for i in range(1, 202)]
    assert SGR.sub("", out) == "\n".join([
        "Stor plan",
        "",
        " Id  Tidspunkt  Emne  Aktivitet      Ansvarlig  Status",
        "-" * 54,
        *rows,
        "alle 201 aktiviteter",
    ]) + "\n"  # fmt: skip


def test_list_of_200_is_still_richs_table(runner: CliRunner, tmp_path: Path) -> None:
    plan = long_plan(tmp_path, 200, "Løbende")
    code, out, _ = run(runner, "list", plan=plan, width=80, env=COLOUR)
    assert code == 0
    assert SGR.search(out.split("\n")[3]) and "─" * 20 in out and "-" * 20 not in out


def test_list_of_201_too_narrow_for_columns_stacks_each_activity(runner: CliRunner, tmp_path: Path) -> None:
    plan = long_plan(tmp_path, 201, "Løbende")
    code, out, _ = run(runner, "list", plan=plan, width=20, env=COLOUR)
    assert code == 0 and not SGR.search(out.rpartition("\n\x1b[2malle")[0])
    lines = SGR.sub("", out).splitlines()
    assert lines[:2] == ["Stor plan", ""] and lines[-1] == "alle 201 aktiviteter"
    stacked = [f"{i:>3}  {f'Aktivitet {i}'}\n     Løbende\n     Afventer" for i in range(1, 202)]
    assert "\n".join(lines[2:-1]) == "\n".join(stacked)
    assert max(map(len, lines)) <= 20


def test_due_with_201_overdue_is_plain_with_the_delay(runner: CliRunner, tmp_path: Path) -> None:
    plan = long_plan(tmp_path, 201, "marts")
    code, out, err = run(runner, "due", "--today", "2020-06-15", plan=plan, width=80, env=COLOUR)
    assert (code, err) == (0, "")
    heading, _, table = out.partition("Forsinket (201)")
    assert table.startswith("\x1b")  # the heading keeps its colour; the rows below have none
    table = table.split("\n", 1)[1]
    assert not SGR.search(table)
    rows = [
        f"{i:>3}  marts      Emne  {f'Aktivitet {i}':<13}  Team       Afventer  2 måneder"
        for i in range(1, 202)
    ]
    assert table == "\n".join([
        " Id  Tidspunkt  Emne  Aktivitet      Ansvarlig  Status    Forsinket",
        "-" * 67,
        *rows,
    ]) + "\n"  # fmt: skip
    assert "Intet kører på dagen." in heading


@pytest.mark.parametrize(("count", "coloured"), [(200, True), (201, False)])
def test_due_kort_past_200_rows_is_plain(
    runner: CliRunner, tmp_path: Path, count: int, coloured: bool
) -> None:
    plan = long_plan(tmp_path, count, "Løbende")
    code, out, _ = run(runner, "due", "--kort", "--today", "2020-06-15", plan=plan, width=80, env=COLOUR)
    assert code == 0
    first, *rows = out.splitlines()
    assert SGR.sub("", first) == f"Aktuelt 15. juni 2020 ({count})"
    plain = [SGR.sub("", row) for row in rows]
    width = len(str(count))
    assert plain[:count] == [f"{i:>{width}}  Løbende  Afventer  Aktivitet {i}" for i in range(1, count + 1)]
    assert any(SGR.search(row) for row in rows[:count]) is coloured

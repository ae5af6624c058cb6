"""`plan list`, `plan period` and `plan check` through the real command line (CliRunner)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from .conftest import MARCH_2020, SEED_PERIODS, SHIPPED_PLAN, run


def list_json(runner: CliRunner, *args: str) -> list[dict[str, object]]:
    code, out, err = run(runner, "list", "--json", "-f", str(SHIPPED_PLAN), *args)
    assert code == 0, err
    return json.loads(out)


def test_list_json_has_all_44_activities_with_their_periods(runner: CliRunner) -> None:
    records = list_json(runner)
    assert len(records) == 44
    for record in records:
        assert list(record) == [
            "id",
            "tidspunkt",
            "emne",
            "aktivitet",
            "ansvarlig",
            "status",
            "start",
            "slut",
        ]
        start, end = SEED_PERIODS[record["tidspunkt"]]  # type: ignore[index]
        assert (record["start"], record["slut"]) == (start.isoformat(), end.isoformat())


def test_list_json_is_exact_utf8(runner: CliRunner) -> None:
    code, out, _ = run(
        runner, "list", "--json", "-f", str(SHIPPED_PLAN), "--ansvarlig", "Kommunale Ejendomme"
    )
    assert code == 0
    assert out == (
        "[\n"
        '  {"id": 37, "tidspunkt": "1. juni", "emne": ["Bæredygtighedspulje"], '
        '"aktivitet": "Uddeling af puljemidler til energioptimering", "ansvarlig": "Kommunale Ejendomme", '
        '"status": null, "start": "2020-06-01", "slut": "2020-06-01"}\n'
        "]\n"
    )
    assert run(runner, "list", "--json", "-f", str(SHIPPED_PLAN), "--ansvarlig", "nobody")[1] == "[]\n"


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (["--ansvarlig", "Kommunale"], [37]),
        (
            ["--ansvarlig", "koordinator for baeredygtig", "--status", "i gang"],
            [3, 4, 5, 9, 10, 21],
        ),
        (["--ansvarlig", "KOORDINATOR FOR BÆREDYGTIG", "--status", "I GANG"], [3, 4, 5, 9, 10, 21]),
        (["--emne", "pulje", "--month", "juni"], [36, 37, 38]),
        (["--emne", "baeredygtighedspulje", "--status", "afsl"], []),
        (["--status", "Afsluttet"], [1, 2, 6]),
        (["--month", "marts"], sorted(MARCH_2020)),
        (["--month", "3"], sorted(MARCH_2020)),
        (["--month", "mar"], sorted(MARCH_2020)),
        (["--month", "marts 2021"], []),
        (["--month", "december 2019"], [1]),
        (["--search", "idémøder"], [7, 10, 22, 23, 24, 25, 26, 27]),
        (["--search", "IDEMOEDER"], [7, 10, 22, 23, 24, 25, 26, 27]),
        (["--search", "arwos", "--month", "maj"], [28, 32, 42]),
    ],
)
def test_list_filters(runner: CliRunner, args: list[str], ids: list[int]) -> None:
    assert [r["id"] for r in list_json(runner, *args)] == ids


def test_list_table_shows_the_real_plan(
    runner: CliRunner, plan_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(plan_copy.parent)
    code, out, _ = run(runner, "list", "--ansvarlig", "Koordinator")
    assert code == 0
    assert "Implementeringsplan" in out and "Tidspunkt" in out and "Ansvarlig" in out
    assert "Opstart dialog med Business Aabenraa" in out
    assert "Kommunale Ejendomme" not in out
    assert "af 44 aktiviteter" in out


def test_list_at_80_columns_stays_within_80(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run(runner, "list", "-f", str(SHIPPED_PLAN))
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--status", "færdig"],
            "ukendt status 'færdig' (gyldige: Afventer, Under forberedelse, I gang, Afsluttet)",
        ),
        (["--status", "a"], "tvetydig"),
        (["--month", "13"], "ukendt måned '13'"),
        (["--ansvarlig", ""], "--ansvarlig må ikke være tom"),
    ],
)
def test_bad_options_are_one_danish_line(runner: CliRunner, args: list[str], message: str) -> None:
    code, out, err = run(runner, "list", "-f", str(SHIPPED_PLAN), *args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_period_shows_how_a_timing_is_read(runner: CliRunner) -> None:
    code, out, _ = run(runner, "period", "Marts-april", "-f", str(SHIPPED_PLAN))
    assert code == 0
    assert "1. marts 2020 – 30. april 2020" in out
    code, out, _ = run(runner, "period", "Februar og frem", "--year", "2021")
    assert "1. februar 2021 – 31. december 2021" in out and "åben slutning" in out


def test_period_json(runner: CliRunner) -> None:
    code, out, _ = run(runner, "period", "Løbende", "--year", "2021", "--json")
    assert code == 0
    assert json.loads(out) == {
        "tidspunkt": "Løbende", "år": 2021, "start": "2021-01-01", "slut": "2021-12-31",
        "åben_slutning": False, "løbende": True,
    }  # fmt: skip


def test_period_defaults_to_the_plans_year_or_this_year(
    runner: CliRunner,
    plan_copy: Path,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(plan_copy.parent)
    assert json.loads(run(runner, "period", "juni", "--json")[1])["start"] == "2020-06-01"
    monkeypatch.chdir(tmp_path_factory.mktemp("no_plan_here"))
    assert json.loads(run(runner, "period", "juni", "--json")[1])["år"] == date.today().year


def test_period_takes_the_year_of_a_plan_with_a_broken_activity(runner: CliRunner, plan_copy: Path) -> None:
    text = plan_copy.read_text(encoding="utf-8").replace("år: 2020", "år: 2021", 1)
    plan_copy.write_text(text.replace("28. januar", "30. februar"), encoding="utf-8")
    code, out, _ = run(runner, "period", "juni", "--json", "-f", str(plan_copy))
    assert code == 0 and json.loads(out)["år"] == 2021


def test_period_error(runner: CliRunner) -> None:
    code, out, err = run(runner, "period", "30. februar", "--year", "2020")
    assert (code, out) == (2, "")
    assert err == "plan: tidspunkt '30. februar' kan ikke læses: 30. februar 2020 findes ikke\n"


def test_check_is_silent_on_the_shipped_plan(runner: CliRunner) -> None:
    assert run(runner, "check", "-f", str(SHIPPED_PLAN)) == (0, "", "")


def test_check_reports_every_problem_with_its_line(
    runner: CliRunner, plan_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = plan_copy.read_text(encoding="utf-8")
    text = text.replace("tidspunkt: 28. januar", "tidspunkt: 28. janaur", 1)
    text = text.replace("  - id: 3\n", "  - id: 2\n", 1)
    text = text.replace("    status: Afventer\n", "    status: Færdig\n", 1)
    plan_copy.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    line_of = {
        needle: lines.index(needle) + 1 for needle in ("    tidspunkt: 28. janaur", "    status: Færdig")
    }
    first, duplicate = [i + 1 for i, line in enumerate(lines) if line == "  - id: 2"]
    monkeypatch.chdir(plan_copy.parent)
    code, out, err = run(runner, "check")
    assert code == 1
    assert err == ""
    assert out.splitlines() == [
        f"plan.yaml:{line_of['    tidspunkt: 28. janaur']}: aktivitet 2: "
        "tidspunkt '28. janaur' kan ikke læses – mente du '28. januar'?",
        f"plan.yaml:{duplicate}: id 2 er brugt før (linje {first})",
        f"plan.yaml:{line_of['    status: Færdig']}: aktivitet 16: ukendt status 'Færdig' "
        "(gyldige: Afventer, Under forberedelse, I gang, Afsluttet)",
    ]


def test_other_commands_refuse_a_broken_plan_with_one_line(runner: CliRunner, plan_copy: Path) -> None:
    plan_copy.write_text(
        plan_copy.read_text(encoding="utf-8").replace("28. januar", "30. februar"), encoding="utf-8"
    )
    code, out, err = run(runner, "list", "-f", str(plan_copy))
    assert (code, out) == (2, "")
    assert err.startswith(f"plan: {plan_copy}:") and "30. februar 2020 findes ikke" in err
    assert err.count("\n") == 1


def test_plan_file_from_environment(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PLAN_FILE", str(SHIPPED_PLAN))
    assert len(json.loads(run(runner, "list", "--json")[1])) == 44


def test_plan_file_found_in_a_parent_folder(
    runner: CliRunner, plan_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sub = plan_copy.parent / "noter" / "2020"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    assert len(json.loads(run(runner, "list", "--json")[1])) == 44


@pytest.mark.parametrize(
    ("make", "message", "check_code"),
    [
        (lambda p: None, "filen findes ikke", 2),
        (lambda p: p.mkdir(), "er en mappe", 2),
        (lambda p: p.write_bytes(b"titel: \xff\n"), "ikke gyldig UTF-8", 2),
        (lambda p: p.write_text("- a\n"), "skal bestå af nøgler", 1),
        (lambda p: p.write_text(""), "filen er tom", 1),
    ],
)
def test_missing_or_broken_file_is_one_line(
    runner: CliRunner, tmp_path: Path, make, message: str, check_code: int
) -> None:  # type: ignore[no-untyped-def]
    """Unreadable files are bad input (2) everywhere; `check` reports what is wrong inside a file (1)."""
    path = tmp_path / "plan.yaml"
    make(path)
    for command in (["list"], ["period", "marts"], ["check"]):
        code, out, err = run(runner, *command, "-f", str(path))
        expected = check_code if command == ["check"] else 2
        assert code == expected, (command, err)
        said = out if code == 1 else err
        assert message in said and str(path) in said
        assert said.count("\n") == 1 and "Traceback" not in err


def test_no_plan_anywhere(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(runner, "list")
    assert code == 2 and "fandt ingen plan.yaml" in err


def test_help_is_danish(runner: CliRunner) -> None:
    code, out, _ = run(runner, "--help")
    assert code == 0
    assert "Implementeringsplanen" in out and "list" in out and "check" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "-x"], "plan: ukendt tilvalg -x (se 'plan list --help')\n"),
        (
            ["list", "--stat", "x"],
            "plan: ukendt tilvalg --stat – mente du --status? (se 'plan list --help')\n",
        ),
        (["lst"], "plan: ukendt kommando 'lst' – mente du list? (se 'plan --help')\n"),
        (["show"], "plan: mangler argumentet ID (se 'plan show --help')\n"),
        (["show", "1", "2"], "plan: uventet ekstra argument: 2 (se 'plan show --help')\n"),
        (
            ["period", "marts", "--year", "abc"],
            "plan: --year skal være et heltal (se 'plan period --help')\n",
        ),
        (["add", "--emne", "x"], "plan: mangler tilvalget --tidspunkt (se 'plan add --help')\n"),
    ],
)
def test_usage_errors_are_one_danish_line(runner: CliRunner, args: list[str], message: str) -> None:
    code, out, err = run(runner, *args)
    assert (code, out, err) == (2, "", message)


def test_help_is_plain_danish(runner: CliRunner) -> None:
    code, out, _ = run(runner, "list", "--help")
    assert code == 0
    assert out.startswith("Brug: plan list [TILVALG]\n")
    assert "Tilvalg:" in out and "Vis denne hjælp og afslut." in out
    assert "[miljøvariabel: PLAN_FILE]" in run(runner, "--help")[1]
    assert "Options" not in out and "Show this message" not in out and "env var" not in out
    code, out, err = run(runner)  # no command: the overview, as Click does it, on stderr
    assert "Kommandoer:" in out + err
    assert re.search(r"\n  sæt-status, set-status +Sæt status på en eller flere aktiviteter\.\n", out + err)


def test_a_bug_is_one_line_not_a_traceback(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    import baeredygtig_cli.cli.common as common

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(common, "select", broken)
    code, out, err = run(runner, "list", "-f", str(SHIPPED_PLAN), debug=False)
    assert (code, out) == (3, "")
    assert err == (
        "plan: uventet fejl (ZeroDivisionError: division by zero); "
        "kør igen med PLAN_DEBUG=1 for detaljer, og meld fejlen\n"
    )

"""Reading a plan file: what is not a regular file, every problem at once, and Danish all through."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baeredygtig_cli.planfile.schema import parse_plan

from .conftest import PLAN_PROCESS, invoke

HEAD = "titel: T\når: 2020\nstatusser: [Afventer, I gang, Afsluttet]\naktiviteter:\n"
ONE = "  - id: 1\n    tidspunkt: marts\n    emne: [A]\n    aktivitet: x\n    ansvarlig: y\n    status: Afventer\n"
TWO = ONE.replace("id: 1", "id: 2")
GOOD = HEAD + ONE + TWO


@pytest.mark.parametrize("args", [["list"], ["check"], ["set-status", "1", "I gang"]])
def test_a_fifo_is_refused_at_once(tmp_path: Path, args: list[str]) -> None:
    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)
    result = subprocess.run(  # a read that waited for a writer would run into the timeout: a failure
        [*PLAN_PROCESS, *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("plan: ") and result.stderr.count("\n") == 1
    assert result.stderr.endswith(
        "plan.yaml: er ikke en almindelig fil (fx en FIFO eller en enhed); intet er læst\n"
    )


def test_a_character_device_is_refused(runner: CliRunner) -> None:
    result = invoke(runner, "list", "-f", "/dev/zero")
    assert result.exit_code == 2
    assert "er ikke en almindelig fil" in result.stderr


def test_check_goes_on_after_a_problem_in_the_head(tmp_path: Path, runner: CliRunner) -> None:
    text = GOOD.replace("statusser:", "farve: blå\nstatusser:").replace(
        "tidspunkt: marts", "tidspunkt: Martz", 1
    )
    text = text.replace("status: Afventer", "status: Færdig", 1)
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    result = invoke(runner, "check", plan=path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [line.split(": ", 1)[0].rsplit(":", 1)[1] for line in lines] == ["3", "7", "11"]
    assert "ukendt nøgle 'farve'" in lines[0]
    assert "aktivitet 1: tidspunkt 'Martz' kan ikke læses" in lines[1]
    assert "aktivitet 1: ukendt status 'Færdig'" in lines[2]


@pytest.mark.parametrize("year", ["20202", "202", "0", "99999999999"])
def test_an_impossible_plan_year_is_one_problem_on_its_line(year: str) -> None:
    text = GOOD.replace("år: 2020", f"år: {year}") + ONE.replace("id: 1", "id: 3").replace(
        "marts", "29. februar"
    )
    problems = parse_plan(text).problems
    assert len(problems) == 1, problems
    assert problems[0].line == 2
    assert problems[0].message == f"år {year} er ikke et muligt år (skriv et år mellem 1900 og 2200, fx 2020)"


def test_an_impossible_activity_year_is_named_with_the_activity() -> None:
    problems = parse_plan(
        GOOD.replace("    tidspunkt: marts\n", "    tidspunkt: marts\n    år: 10000\n", 1)
    ).problems
    assert [(p.line, p.message.split(" er ")[0]) for p in problems] == [(7, "aktivitet 1: år 10000")]


def test_unknown_and_repeated_keys_name_their_activity() -> None:
    text = (
        HEAD
        + ONE.replace("ansvarlig: y", "ansvarlg: y")
        + TWO.replace("aktivitet: x", "aktivitet: x\n    aktivitet: z")
    )
    messages = [(p.line, p.message) for p in parse_plan(text).problems]
    assert messages == [
        (9, "aktivitet 1: ukendt nøgle 'ansvarlg' – mente du 'ansvarlig'?"),
        (15, "aktivitet 2: nøglen 'aktivitet' står to gange"),
    ]


ENGLISH = ("mapping", "scalar", "while", "found", "expected", "allowed", "could not", "No such", "Permission",
           "context", "stream", "block", "token", "character", "document")  # fmt: skip

BROKEN_YAML = {
    "colon in text": GOOD.replace("aktivitet: x", "aktivitet: Møde: status", 1),
    "unclosed quote": GOOD.replace("aktivitet: x", 'aktivitet: "x', 1),
    "bad escape": GOOD.replace("aktivitet: x", 'aktivitet: "C:\\mappe"', 1),
    "unclosed bracket": GOOD.replace("emne: [A]", "emne: [A", 1),
    "unclosed brace": GOOD.replace("emne: [A]", "emne: {A", 1),
    "bad indentation": GOOD.replace("    ansvarlig: y", "      ansvarlig: y", 1),
    "dedented key": GOOD.replace("    ansvarlig: y", "  ansvarlig: y", 1),
    "stray dash": GOOD.replace("    ansvarlig: y", "    - ansvarlig: y", 1),
    "at sign": GOOD.replace("aktivitet: x", "aktivitet: @kommune", 1),
    "backtick": GOOD.replace("aktivitet: x", "aktivitet: `x`", 1),
    "text after quote": GOOD.replace("aktivitet: x", 'aktivitet: "x" og y', 1),
    "undefined alias": GOOD.replace("emne: [A]", "emne: *emner", 1),
    "bad anchor": GOOD.replace("aktivitet: x", "aktivitet: & x", 1),
    "two documents": GOOD + "---\n" + GOOD,
    "document end": GOOD.replace("  - id: 2", "...\n  - id: 2"),
    "unknown tag handle": GOOD.replace("aktivitet: x", "aktivitet: !x!y z", 1),
    "directive": "%YAML 1.1\n%YAML 1.1\n---\n" + GOOD,
    "missing colon": GOOD.replace("    ansvarlig: y", "    ansvarlig y\n    x: 1", 1),
    "block scalar indicator": GOOD.replace("aktivitet: x", "aktivitet: |0\n      x", 1),
    "a NUL": GOOD.replace("aktivitet: x", "aktivitet: x\x00", 1),
}


@pytest.mark.parametrize("name", sorted(BROKEN_YAML))
def test_yaml_errors_are_danish_with_a_line(name: str) -> None:
    problems = parse_plan(BROKEN_YAML[name]).problems
    assert problems, name
    message = problems[0].message
    assert message.startswith("YAML-syntaksfejl: "), message
    assert not [word for word in ENGLISH if word in message], message
    assert problems[0].line is not None


def test_a_colon_in_text_says_how_to_quote() -> None:
    message = parse_plan(BROKEN_YAML["colon in text"]).problems[0].message
    assert "sæt hele teksten i anførselstegn" in message and '"Møde: status"' in message


def test_os_errors_are_danish(tmp_path: Path, runner: CliRunner) -> None:
    result = invoke(runner, "list", plan=tmp_path / "plan.yaml" / "under")
    assert result.exit_code == 2
    assert result.stderr.endswith("filen findes ikke\n") or "ikke en mappe" in result.stderr
    loop = tmp_path / "løkke.yaml"
    loop.symlink_to(loop)
    result = invoke(runner, "list", plan=loop)
    assert result.exit_code == 2
    assert result.stderr.endswith("kan ikke læses (for mange symbolske links i stien)\n"), result.stderr

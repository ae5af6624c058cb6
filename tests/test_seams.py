"""Issue 11, items 7, 8, 12 and 13: the seams. The clock is read in one place and calendar arithmetic
lives in timing.py (8); options are validated where they are parsed, the read and edit commands share
one definition of their filters, and domain errors name no option (7); Danish option names with the
English ones kept (12); one kind of record (13)."""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baeredygtig_cli.cli import app
from baeredygtig_cli.model import Period
from baeredygtig_cli.query import fold_to_ascii
from baeredygtig_cli.timing import fold_to_danish, month_end, month_span, year_span

from .conftest import SHIPPED_PLAN

SRC = Path(__file__).resolve().parent.parent / "src" / "baeredygtig_cli"
F = ["-f", str(SHIPPED_PLAN)]


def source(name: str) -> str:
    return (SRC / name).read_text(encoding="utf-8")


def all_sources() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(SRC.glob("*.py"))}


# --- 8: one clock, one calendar -------------------------------------------------------------------


def test_the_clock_is_read_in_one_place() -> None:
    reads = {
        (name, match.group())
        for name, text in all_sources().items()
        for match in re.finditer(r"\b(date\.today|datetime\.now|datetime\.utcnow|time\.time)\(", text)
    }
    assert reads == {("cli.py", "datetime.now(")}
    assert source("cli.py").count("datetime.now(") == 1


def test_month_end_is_computed_in_one_place() -> None:
    found = {
        name
        for name, text in all_sources().items()
        if "monthrange" in text or re.search(r"def \w*month_end|def _month_of", text)
    }
    assert found == {"timing.py"}


@pytest.mark.parametrize(
    ("year", "month", "last"),
    [(2020, 2, 29), (2021, 2, 28), (2020, 4, 30), (2020, 12, 31), (9999, 12, 31), (1, 1, 31)],
)
def test_month_end_and_month_span(year: int, month: int, last: int) -> None:
    assert month_end(year, month) == date(year, month, last)
    assert month_span(year, month) == Period(date(year, month, 1), date(year, month, last))


def test_year_span_is_the_whole_year() -> None:
    assert year_span(2020) == Period(date(2020, 1, 1), date(2020, 12, 31))
    assert year_span(9999).end == date.max


def test_summary_on_the_last_day_of_the_calendar(runner: CliRunner) -> None:
    result = runner.invoke(app, ["summary", "--json", "--today", "9999-12-31", *F])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["dato"], data["aktuelle_denne_måned"], data["forsinket"]) == ("9999-12-31", 0, 41)


def _git(folder: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t"}  # fmt: skip
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, env=env)


@pytest.mark.parametrize("option", ["--since", "--until"])
def test_a_date_that_does_not_exist_is_refused(runner: CliRunner, tmp_path: Path, option: str) -> None:
    (tmp_path / "plan.yaml").write_bytes(SHIPPED_PLAN.read_bytes())
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "plan.yaml")
    _git(tmp_path, "commit", "-qm", "plan")
    result = runner.invoke(app, ["changes", option, "2099-02-31", "-f", str(tmp_path / "plan.yaml")])
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"plan: ugyldig dato for {option}: '2099-02-31' findes ikke\n",
    )


# --- 12: names --------------------------------------------------------------------------------------


def test_the_two_foldings_say_their_direction() -> None:
    assert fold_to_ascii("Bæredygtig Påske ØKONOMI café") == "baeredygtig paaske oekonomi cafe"
    assert fold_to_danish("  Paaske  –  Pinse ") == "påske-pinse"


def test_no_function_name_means_two_things() -> None:
    """A module-level function name is defined once in the package. `write_atomically` is the one
    exception: the edit layer's (an edited text) hands its bytes to the file layer's."""
    defined: dict[str, list[str]] = {}
    for name, text in all_sources().items():
        for function in re.findall(r"^def (\w+)", text, re.MULTILINE):
            defined.setdefault(function, []).append(name)
    twice = {function: modules for function, modules in defined.items() if len(modules) > 1}
    assert twice == {"write_atomically": ["edit.py", "planfile.py"]}


def test_model_fields_are_english_but_the_five_columns() -> None:
    import dataclasses

    from baeredygtig_cli.model import Activity, Note, Plan

    names = {cls.__name__: [f.name for f in dataclasses.fields(cls)] for cls in (Activity, Note, Plan)}
    assert names == {
        "Activity": ["id", "tidspunkt", "emne", "aktivitet", "ansvarlig", "status", "period", "line", "year",
                     "notes"],
        "Note": ["day", "text", "author"],
        "Plan": ["title", "year", "statuses", "activities", "introduction", "heading", "cross_cutting",
                 "highest_id", "path", "finished_status"],
    }  # fmt: skip


# --- 13: one kind of record ------------------------------------------------------------------------


def test_records_are_frozen_dataclasses_with_slots() -> None:
    """No NamedTuple; every dataclass frozen and slotted, except the two working objects that are
    filled in while they are used (a problem collector, a table column being measured)."""
    decorated = {
        (name, match.group(2)): match.group(1)
        for name, text in all_sources().items()
        for match in re.finditer(r"^@dataclass(\([^)]*\))?\nclass (\w+)", text, re.MULTILINE)
    }
    assert not [name for name, text in all_sources().items() if "NamedTuple" in text]
    assert {key: how for key, how in decorated.items() if how != "(frozen=True, slots=True)"} == {
        ("render.py", "_Column"): "(slots=True)",
        ("store.py", "_ActivityProblems"): "(slots=True)",
    }
    for key in (("model.py", "Plan"), ("store.py", "Problem"), ("timing.py", "_Span"), ("timing.py", "Form")):
        assert decorated[key] == "(frozen=True, slots=True)"

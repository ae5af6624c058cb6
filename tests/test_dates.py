"""A date is read the same everywhere one is asked for: `--i-dag`, `--fra`, `--til`, `--per` take the
forms a timing takes (16-04-2020, 16.04.2020, 16/4-2020, 16/4, "16. april 2020") as well as
ÅÅÅÅ-MM-DD; a day without its year is in this year (the clock's)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baeredygtig_cli.domain.timing import MONTH_NAMES, parse_day
from baeredygtig_cli.errors import PlanError

from .conftest import SHIPPED_PLAN, git, run


def written(day: date) -> list[str]:
    """The ways a person writes `day` with its year."""
    d, m, y = day.day, day.month, day.year
    return [
        day.isoformat(), f"{d:02}-{m:02}-{y}", f"{d}-{m}-{y}", f"{d:02}.{m:02}.{y}", f"{d}.{m}.{y}",
        f"{d}/{m}-{y}", f"{d}/{m}/{y}", f"{d}/{m} {y}", f"{d}. {MONTH_NAMES[m - 1]} {y}",
        f"{d} {MONTH_NAMES[m - 1]} {y}", f"den {d}. {MONTH_NAMES[m - 1].capitalize()} {y}",
    ]  # fmt: skip


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)), st.integers(1900, 2199))
def test_a_day_written_any_danish_way_is_that_day(day: date, year: int) -> None:
    for text in written(day):
        assert parse_day(text, year) == day, text


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_a_day_without_its_year_is_in_the_year_given(day: date) -> None:
    for text in (f"{day.day}/{day.month}", f"{day.day}. {MONTH_NAMES[day.month - 1]}"):
        assert parse_day(text, day.year) == day, text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("april", "ikke en dato"),
        ("april 2020", "1. april 2020 – 30. april 2020 er mere end én dag"),
        ("uge 12 2020", "er mere end én dag"),
        ("30-02-2020", "30. februar 2020 findes ikke"),
        ("31/4", "31. april 2026 findes ikke"),
        ("15.13.2020", "der er ingen måned 13"),
        ("i morgen", "ikke en dato"),
    ],
)
def test_what_is_not_one_day_is_refused_with_why(text: str, reason: str) -> None:
    with pytest.raises(PlanError) as refused:
        parse_day(text, 2026)
    assert reason in str(refused.value)


# --- the command line ----------------------------------------------------------------------------

FORMS = ["2020-04-16", "16-04-2020", "16.04.2020", "16/4-2020", "16/4/2020", "16. april 2020"]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("command", ["aktuelt", "overblik", "due", "summary"])
def test_i_dag_takes_every_form(command: str, form: str) -> None:
    args = [command, "--json", "-f", str(SHIPPED_PLAN)]
    iso = run(None, *args, "--i-dag", "2020-04-16")
    assert iso.code == 0
    assert run(None, *args, "--i-dag", form) == iso
    assert run(None, *args, "--today", form) == iso


def test_a_day_without_its_year_is_this_year() -> None:
    this_year = date.today().year  # the test reads the clock on its own: the expected answer
    args = ["aktuelt", "--json", "-f", str(SHIPPED_PLAN)]
    assert run(None, *args, "--i-dag", "16/4") == run(None, *args, "--i-dag", f"{this_year}-04-16")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The shipped plan in git on 1 February 2020, one status changed on 5 March and one on 20 April."""
    folder = tmp_path / "repo"
    folder.mkdir()
    git(folder, "init", "-q")
    plan = folder / "plan.yaml"
    text = SHIPPED_PLAN.read_text(encoding="utf-8")
    plan.write_text(text, encoding="utf-8")
    git(folder, "add", "plan.yaml")
    git(folder, "commit", "-qm", "Planen", when="2020-02-01T10:00:00")
    for when, old, new in (("2020-03-05T10:00:00", "status: Afventer", "status: I gang"),
                           ("2020-04-20T10:00:00", "status: Afventer", "status: Afsluttet")):  # fmt: skip
        text = text.replace(old, new, 1)
        plan.write_text(text, encoding="utf-8")
        git(folder, "commit", "-qam", new, when=when)
    return plan


@pytest.mark.parametrize(
    ("command", "option", "iso", "forms"),
    [
        ("ændringer", "--fra", "2020-03-01", ["1/3-2020", "01-03-2020", "1.3.2020", "1. marts 2020"]),
        ("changes", "--til", "2020-03-31", ["31/3-2020", "31-03-2020", "31. marts 2020"]),
        ("historik", "--fra", "2020-03-01", ["1/3-2020", "01.03.2020"]),
        ("log", "--til", "2020-03-31", ["31/3/2020", "31-3-2020"]),
        ("liste", "--per", "2020-03-31", ["31/3-2020", "31.03.2020"]),
        ("aktuelt", "--per", "2020-03-31", ["31/3-2020"]),
    ],
)
def test_history_options_take_every_form(
    repo: Path, command: str, option: str, iso: str, forms: list[str]
) -> None:
    expected = run(None, command, "--json", option, iso, "-f", str(repo))
    assert expected.code == 0, expected.err
    for form in forms:
        assert run(None, command, "--json", option, form, "-f", str(repo)) == expected, form


def test_rapport_takes_a_danish_date(repo: Path) -> None:
    expected = run(None, "rapport", "--fra", "2020-03-01", "--til", "2020-04-30", "-f", str(repo))
    assert expected.code == 0, expected.err
    assert run(None, "rapport", "--fra", "1/3-2020", "--til", "30. april 2020", "-f", str(repo)) == expected


def test_a_danish_date_in_the_answer_is_shown_as_a_day(repo: Path) -> None:
    data = json.loads(run(None, "ændringer", "--json", "--fra", "1/3-2020", "-f", str(repo)).out)
    assert data["fra_dato"] == "2020-02-01"  # the plan as it stood when 1 March began

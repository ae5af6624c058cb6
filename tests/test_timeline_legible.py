"""The timeline reads at every width (whole week numbers, month names apart, labels as
long as the width allows, a legend for every mark), and 10.4 / 9.6: the calendar's last year."""

from __future__ import annotations

import re
from datetime import date

import pytest
from typer.testing import CliRunner

from baeredygtig_cli.domain.model import Period
from baeredygtig_cli.output.timeline import month_units, week_units

from .conftest import SHIPPED_PLAN, run

MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


PLAIN = {"NO_COLOR": "1", "FORCE_COLOR": None}
COLOUR = {"NO_COLOR": None, "FORCE_COLOR": "1"}


def ok(runner: CliRunner, width: int, *args: str, colour: bool = False) -> str:
    code, out, err = run(runner, *args, plan=SHIPPED_PLAN, width=width, env=COLOUR if colour else PLAIN)
    assert code == 0, err
    return out


def labels(header: str) -> list[tuple[int, str]]:
    """(column, text) of each label in the header line."""
    return [(m.start(), m.group()) for m in re.finditer(r"\S+", header)]


def assert_evenly_placed(found: list[tuple[int, int]]) -> None:
    """Labels (column, unit number) sit at their unit's column: one cell width for all."""
    (first_column, first), (second_column, second) = found[0], found[1]
    cell = (second_column - first_column) // (second - first)
    assert cell >= 1
    for column, number in found:
        assert column - first_column == (number - first) * cell, found


@pytest.mark.parametrize(
    ("width", "step", "last"),
    [(60, 4, 40), (80, 4, 52), (100, 4, 52), (120, 4, 52), (160, 2, 52), (200, 1, 53)],
)
def test_week_numbers_are_whole(runner: CliRunner, width: int, step: int, last: int) -> None:
    """Below ~200 columns only the last digit of each week number was shown ("0 1 2 3"). Every
    `step`th week is labelled, whole, up to the year's end where it fits."""
    out = ok(runner, width, "timeline", "--weeks", "--today", "2020-06-15")
    found = [(column, int(text)) for column, text in labels(out.splitlines()[0])]
    assert [n for _, n in found] == list(range(step, last + 1, step))
    if width < 80:  # 53 weeks do not fit beside the labels: the chart says it is cut
        assert "Kun de første 42 af 53 kolonner er plads til;" in out
    assert_evenly_placed(found)
    assert max(len(line) for line in out.splitlines()) <= width


@pytest.mark.parametrize("width", [60, 70, 80, 100, 200])
def test_month_names_stand_apart(runner: CliRunner, width: int) -> None:
    """At 60 columns the names ran together: "janfebmar". Now every other month is named there."""
    out = ok(runner, width, "timeline", "--today", "2020-06-15")
    found = labels(out.splitlines()[0])
    assert [text for _, text in found] == (MONTHS[::2] if width < 70 else MONTHS)
    assert_evenly_placed([(column, MONTHS.index(text)) for column, text in found])
    assert max(len(line) for line in out.splitlines()) <= width


def test_every_month_is_named_from_80_columns(runner: CliRunner) -> None:
    out = ok(runner, 80, "timeline", "--today", "2020-06-15")
    assert out.splitlines()[0].split() == MONTHS


LONG = " 39 Tentativt Danmark for målene festival i Aabenraa i samarbejde med Shop i City"


def test_labels_use_the_width_there_is(runner: CliRunner) -> None:
    """At 200 columns labels were still cut at 44 characters."""
    assert LONG in ok(runner, 200, "timeline", "--today", "2020-06-15")
    assert LONG in ok(runner, 160, "timeline", "--today", "2020-06-15")
    at_100 = ok(runner, 100, "timeline", "--today", "2020-06-15")
    assert " 39 Tentativt Danmark for målene festival i Aaben…" in at_100


@pytest.mark.parametrize("width", [60, 80, 100, 200])
def test_emne_legend_explains_its_marks(runner: CliRunner, width: int) -> None:
    out = ok(runner, width, "timeline", "--by", "emne", "--today", "2020-06-15")
    legend = " ".join(line for line in out.splitlines() if not line.startswith(" ") and "(" not in line)
    assert "1-9 antal aktiviteter, der kører i kolonnen" in legend and "+ 10 eller flere" in legend
    assert "Afventer" not in out  # status bars are not drawn by emne
    drawn = ok(runner, width, "timeline", "--by", "emne", "--today", "2020-06-15", colour=True)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", drawn)
    assert "░ 1  ▒ 2-3  ▓ 4-6  █ 7 eller flere aktiviteter kører" in " ".join(plain.split("\n"))


@pytest.mark.parametrize("width", [60, 80, 100])
def test_legend_breaks_between_entries(runner: CliRunner, width: int) -> None:
    out = ok(runner, width, "timeline", "--today", "2020-06-15")
    lines = out.splitlines()
    legend = lines[lines.index(next(line for line in lines if line.startswith("- Afventer"))) :]
    entries = ["- Afventer", "~ Under forberedelse", "= I gang", "# Afsluttet", "? ingen status",
               "> åben slutning", "| i dag", "* én dag"]  # fmt: skip
    for entry in entries:
        assert any(entry in line for line in legend), (width, entry)


def test_the_activity_legend_explains_the_marks_it_uses(runner: CliRunner) -> None:
    out = ok(runner, 100, "timeline", "--periode", "marts-maj", "--today", "2020-04-15")
    assert "> åben slutning eller fortsætter efter sidste kolonne" in out
    drawn = re.sub(r"\x1b\[[0-9;]*m", "", ok(runner, 100, "timeline", "--periode", "marts-maj", colour=True))
    assert "→ åben slutning" in drawn and "› fortsætter efter sidste kolonne" in drawn


def test_a_period_over_several_years_names_the_years(runner: CliRunner) -> None:
    out = ok(runner, 120, "timeline", "--periode", "november 2019 - februar 2021", "--today", "2020-06-15")
    years, months = out.splitlines()[:2]
    assert years.split() == ["2019", "2020", "2021"]
    assert months.split() == ["nov", "dec", *MONTHS, "jan", "feb"]
    assert years.index("2020") == months.index("jan") and years.index("2021") == months.rindex("jan")


def test_a_chart_wider_than_the_screen_says_what_it_leaves_out(runner: CliRunner) -> None:
    out = ok(runner, 80, "timeline", "--periode", "2020-2060", "--today", "2020-06-15")
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "Kun de første " in out and " af 492 kolonner er plads til" in " ".join(out.split())


# --- the calendar's edge (10.4, 9.6) ------------------------------------------------------------


@pytest.mark.parametrize("day", ["9999-12-01", "9999-12-31"])
def test_summary_in_december_9999(runner: CliRunner, day: str) -> None:
    out = ok(runner, 100, "summary", "--today", day)
    assert " · 0 aktuelle i december 9999 (pr. " in out
    code, out, _ = run(runner, "summary", "--json", "--today", day, plan=SHIPPED_PLAN, width=100, env=PLAIN)
    assert code == 0 and '"aktuelle_denne_måned": 0' in out


def test_timeline_over_eight_thousand_years_is_refused_in_danish(runner: CliRunner) -> None:
    code, out, err = run(
        runner, "timeline", "--periode", "1000-9999", plan=SHIPPED_PLAN, width=100, env=PLAIN
    )
    assert (code, out) == (2, "")
    assert err == (
        "plan: perioden 1. januar 1000 – 31. december 9999 er for lang til en tidslinje: 108.000 måneder, "
        "højst 1.000; vælg en kortere --periode\n"
    )
    code, _, err = run(
        runner, "timeline", "--weeks", "--periode", "2000-2030", plan=SHIPPED_PLAN, width=100, env=PLAIN
    )
    assert code == 2 and "1.619 uger, højst 1.000" in err
    assert len(week_units(Period(date(2000, 1, 1), date(2030, 12, 31)))) == 1619


@pytest.mark.parametrize("weeks", [[], ["--weeks"]])
def test_timeline_of_the_year_9999(runner: CliRunner, weeks: list[str]) -> None:
    out = ok(runner, 100, "timeline", "--periode", "9999", "--today", "9999-12-31", *weeks)
    assert "Ingen aktiviteter i perioden (44 aktiviteter ligger uden for)." in out


def test_units_end_at_the_last_day_there_is() -> None:
    months = month_units(Period(date(9999, 11, 15), date(9999, 12, 31)))
    assert [u.period for u in months] == [
        Period(date(9999, 11, 1), date(9999, 11, 30)),
        Period(date(9999, 12, 1), date(9999, 12, 31)),
    ]
    weeks = week_units(Period(date(9999, 12, 20), date.max))
    assert weeks[-1].period == Period(date(9999, 12, 27), date.max)
    assert [u.label for u in weeks] == ["51", "52"]

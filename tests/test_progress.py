"""Progress over time: `plan summary --over-tid` (per month or week, from the first commit to today,
counts per status and the finished ones against all), drawn as stacked bars that fit 80 columns, as
JSON, and as an inline SVG on the HTML page (no JavaScript, WCAG contrast, no Rich)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from baeredygtig_cli.domain.statuses import DEFAULT_SCALE
from baeredygtig_cli.domain.timing import MONTHS
from baeredygtig_cli.history.versions import Point, Series
from baeredygtig_cli.output import historyviews

from .history_repo import Repo, activity, new_repo, plan_text, run, story
from .test_export_safety import HEX, Page, contrast


@pytest.fixture
def told(tmp_path: Path) -> tuple[Repo, dict[str, str]]:
    return story(tmp_path / "repo")


def ok(repo: Repo, *args: str, columns: int = 80) -> str:
    code, out, err = run(*args, "-f", str(repo.plan), columns=columns)
    assert code == 0 and (err == "" or err.startswith("plan: planen pr. ")), err
    return out


def counts(
    afventer: int = 0, forberedelse: int = 0, igang: int = 0, afsluttet: int = 0, ingen: int = 0
) -> dict[str, int]:
    return {"Afventer": afventer, "Under forberedelse": forberedelse, "I gang": igang, "Afsluttet": afsluttet,
            "ingen": ingen}  # fmt: skip


def test_the_monthly_series(told: tuple[Repo, dict[str, str]]) -> None:
    repo, ids = told
    series = json.loads(ok(repo, "summary", "--over-tid", "--json", "--today", "2020-06-15"))
    assert (series["enhed"], series["statusser"], series["afsluttet_status"]) == (
        "måned", ["Afventer", "Under forberedelse", "I gang", "Afsluttet"], "Afsluttet"
    )  # fmt: skip
    assert series["punkter"][0] == {
        "periode": "2020-02", "start": "2020-02-01", "slut": "2020-02-29", "dato": "2020-02-29",
        "commit": ids["first"], "antal": 3, "status": counts(afventer=3), "afsluttet": 0,
    }  # fmt: skip
    assert [(p["periode"], p["dato"], p["commit"], p["antal"], p["afsluttet"], p["status"]) for p in series["punkter"]] == [
        ("2020-02", "2020-02-29", ids["first"], 3, 0, counts(afventer=3)),
        ("2020-03", "2020-03-31", ids["fixed"], 3, 0, counts(afventer=2, igang=1)),
        ("2020-04", "2020-04-30", ids["merge"], 4, 0, counts(afventer=2, igang=1, ingen=1)),
        ("2020-05", "2020-05-31", ids["done"], 3, 1, counts(afventer=1, afsluttet=1, ingen=1)),
        ("2020-06", "2020-06-15", None, 3, 1, counts(afventer=1, afsluttet=1, ingen=1)),  # the working copy
    ]  # fmt: skip


def test_the_last_point_is_the_plan_summary_reads(told: tuple[Repo, dict[str, str]]) -> None:
    repo, _ = told
    text = repo.plan.read_text(encoding="utf-8")
    repo.plan.write_text(text.replace("status: Afventer", "status: I gang"), encoding="utf-8")
    series = json.loads(ok(repo, "summary", "--over-tid", "--json", "--today", "2020-06-15"))
    summary = json.loads(ok(repo, "summary", "--json", "--today", "2020-06-15"))
    assert (
        series["punkter"][-1]["status"] == summary["i_alt"]["status"] == counts(igang=1, afsluttet=1, ingen=1)
    )
    assert series["punkter"][-2]["status"] == counts(afventer=1, afsluttet=1, ingen=1)  # May as committed


def test_per_weeks_and_per_a_day(told: tuple[Repo, dict[str, str]]) -> None:
    repo, ids = told
    weeks = json.loads(ok(repo, "summary", "--over-tid", "--uger", "--json", "--today", "2020-03-10"))[
        "punkter"
    ]
    assert (
        weeks[0]["periode"] == "2020-W05" and weeks[0]["start"] == "2020-01-27"
    )  # 1 February was a Saturday
    assert [p["periode"] for p in weeks][-3:] == ["2020-W09", "2020-W10", "2020-W11"]
    assert weeks[-2]["commit"] == ids["fixed"] and weeks[-2]["dato"] == "2020-03-08"
    then = json.loads(ok(repo, "summary", "--over-tid", "--json", "--per", "2020-04-30"))
    assert [p["periode"] for p in then["punkter"]] == ["2020-02", "2020-03", "2020-04"]
    assert then["punkter"][-1]["commit"] is None and then["punkter"][-1]["antal"] == 4


def test_filters_apply_to_every_version(told: tuple[Repo, dict[str, str]]) -> None:
    repo, _ = told
    series = json.loads(ok(repo, "summary", "--over-tid", "--json", "--today", "2020-06-15", "-q", "idémøde"))
    assert [(p["antal"], p["afsluttet"]) for p in series["punkter"]] == [
        (1, 0),
        (1, 0),
        (1, 0),
        (1, 1),
        (1, 1),
    ]


def test_a_month_ending_on_a_broken_version_counts_the_last_good_one(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    good = repo.commit(plan_text(activity(1, "Marts", "Idémøde")), "plan", "2020-03-01T10:00:00")
    broken = plan_text(activity(1, "Marts", "Idémøde", status="I gang")).replace(
        "  - id: 1", "<<<<<<<\n  - id: 1"
    )
    conflict = repo.commit(broken, "konflikt", "2020-03-30T10:00:00")
    repo.commit(
        plan_text(activity(1, "Marts", "Idémøde", status="Afsluttet")), "rettet", "2020-04-02T10:00:00"
    )
    code, out, err = run("summary", "--over-tid", "--json", "--today", "2020-04-15", "-f", str(repo.plan))
    series = json.loads(out)
    assert [(p["periode"], p["commit"], p["afsluttet"]) for p in series["punkter"]] == [
        ("2020-03", good, 0),
        ("2020-04", None, 1),
    ]
    # said, in the words --per uses for the same rule
    assert (code, err) == (
        0,
        f"plan: versionen i commit {repo.short(conflict)} (30. marts 2020) kan ikke læses; "
        "hvor den var den nyeste, tæller den seneste version før den, der kan læses\n",
    )


def test_the_bars_in_plain_text(told: tuple[Repo, dict[str, str]]) -> None:
    """Finished first (its growth is the burn-up), the bar's length the number of activities; the
    timeline's glyphs tell statuses apart without colour; 80 columns are enough."""
    repo, _ = told
    out = ok(repo, "summary", "--over-tid", "--today", "2020-06-15")
    assert out == (
        "Status pr. måned: Testplan\n"
        "# Afsluttet  = I gang  ~ Under forberedelse  - Afventer  ? ingen status\n"
        "feb 2020  -----------------------------------------                0 af 3    0%\n"
        "mar 2020  ==============---------------------------                0 af 3    0%\n"
        "apr 2020  ==============---------------------------??????????????  0 af 4    0%\n"
        "maj 2020  ##############-------------??????????????                1 af 3   33%\n"
        "jun 2020  ##############-------------??????????????                1 af 3   33%\n"
    )
    for columns in (40, 60, 80, 120):
        lines = ok(repo, "summary", "--over-tid", "--today", "2020-06-15", columns=columns).splitlines()
        assert max(len(line) for line in lines[2:]) <= max(columns, 40)


def test_colour_on_a_terminal_and_glyphs_under_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    feb, end = date(2020, 2, 1), date(2020, 2, 29)
    point = Point(
        "2020-02", "feb 2020", feb, end, end, None, {"Afventer": 1, "Afsluttet": 1, "ingen": 0}, 2, 1
    )
    series = Series(MONTHS, ("Afventer", "Afsluttet"), "Afsluttet", [point])
    drawn = historyviews.series_lines(series, DEFAULT_SCALE, "T", 40, plain=False)
    assert [piece for piece in drawn[-1] if piece[0].startswith("█")] == [
        ("█" * 8, "green"),
        ("█" * 7, "yellow"),
    ]
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert historyviews.plain_bars() is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert historyviews.plain_bars() is True


def test_outside_git_it_says_so(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(plan_text(activity(1, "Marts", "Idémøde")), encoding="utf-8")
    code, out, err = run("summary", "--over-tid", "-f", str(plan))
    assert (code, out) == (2, "") and "ligger ikke i et git-repository" in err
    code, out, err = run("summary", "--uger", "-f", str(plan))
    assert (code, err) == (2, "plan: --uger virker kun sammen med --over-tid\n")


# --- the HTML page -------------------------------------------------------------------------------------


def page(repo: Repo, *args: str) -> str:
    return ok(repo, "export", "-F", "html", "--today", "2020-06-15", *args)


def test_the_page_draws_progress_when_the_plan_is_in_git(
    told: tuple[Repo, dict[str, str]], tmp_path: Path
) -> None:
    repo, _ = told
    html = page(repo)
    assert html.count('<svg class="chart"') == 1 and "<script" not in html
    assert '<svg class="chart" viewBox="0 0 720 180" role="img" aria-labelledby="fremdrift-titel">' in html
    assert (
        '<title id="fremdrift-titel">Fremdrift over tid: Afsluttet mod antal aktiviteter pr. måned</title>'
        in html
    )
    assert "<g><title>maj 2020: 1 af 3 Afsluttet</title>" in html
    assert html.count("<g><title>") == 5
    assert "<tr><td>apr 2020</td><td>2</td><td>0</td><td>1</td><td>0</td><td>1</td><td>4</td></tr>" in html
    assert html.index("Fremdrift over tid") < html.index("<h2>Tidslinje 2020</h2>")
    outside = tmp_path / "alene.yaml"
    outside.write_text(repo.plan.read_text(encoding="utf-8"), encoding="utf-8")
    code, alone, _ = run("export", "-F", "html", "--today", "2020-06-15", "-f", str(outside))
    assert code == 0 and "<svg" not in alone and "Fremdrift over tid" not in alone


def test_the_chart_meets_wcag_contrast(told: tuple[Repo, dict[str, str]]) -> None:
    """SC 1.4.11: every piece of a column is outlined in white, and its fill is at least 3:1 against
    white (so against its neighbours' white edge too); no status is a dashed outline. SC 1.4.3: the
    chart's words are the page's muted text colour, at least 4.5:1."""
    repo, _ = told
    found = Page(page(repo))
    rects = [n for n in found.root.walk() if n.tag == "rect"]
    assert {c for n in rects for c in n.classes} == {"afventer", "igang", "afsluttet", "none"}
    for rect in rects:
        style = found.declared(rect)
        if "none" in rect.classes:
            assert style["fill"] == "#fff" and HEX.fullmatch(style["stroke"])
            assert contrast(style["stroke"], "#fff") >= 3.0 and style["stroke-dasharray"] == "3 2"
        else:
            assert style["stroke"] == "#fff" and contrast(style["fill"], "#fff") >= 3.0, (rect.classes, style)
    texts = [n for n in found.root.walk() if n.tag == "text"]
    assert texts and all(contrast(found.declared(t)["fill"], "#fff") >= 4.5 for t in texts)


def test_the_page_with_progress_imports_no_rich(told: tuple[Repo, dict[str, str]]) -> None:
    repo, _ = told
    probe = (
        "import sys\nfrom baeredygtig_cli.cli import main\n"
        f"sys.argv = ['plan', 'export', '-F', 'html', '--today', '2020-06-15', '-f', {str(repo.plan)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(repr(sorted(m for m in sys.modules if m.split('.')[0] == 'rich')))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert "Fremdrift over tid" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "[]"

"""Summary, timeline, export and changes: machine output exact, terminal output loose."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from icalendar import Calendar
from typer.testing import CliRunner

from baeredygtig_cli.domain.model import Period
from baeredygtig_cli.domain.parties import reader_for
from baeredygtig_cli.output.export import event_uid, to_ics
from baeredygtig_cli.output.timeline import activity_chart, emne_chart, month_units, week_units
from baeredygtig_cli.output.views import draw
from baeredygtig_cli.planfile.schema import load_plan

from .conftest import MARCH_2020, ROOT, SHIPPED_PLAN, F, Golden, git, run, run_bytes, system_tool

PLAN = load_plan(SHIPPED_PLAN)


# --- summary ------------------------------------------------------------------------------------


def test_summary_json(runner: CliRunner) -> None:
    code, out, _ = run(runner, "summary", "--json", "--today", "2020-06-15", *F)
    assert code == 0
    summary = json.loads(out)
    assert summary["dato"] == "2020-06-15"
    assert summary["i_alt"] == {
        "navn": "I alt",
        "antal": 44,
        "status": {"Afventer": 17, "Under forberedelse": 15, "I gang": 8, "Afsluttet": 3, "ingen": 1},
        "afsluttet": 3,
        "afsluttet_andel": 0.0682,
    }
    assert summary["efter"] == "emne"
    assert [(g["navn"], g["antal"], g["afsluttet"]) for g in summary["grupper"]] == [
        ("Igangsættelse", 15, 3),
        ("Bæredygtighedspulje", 17, 0),
        ("Inspiration og forankring", 18, 0),
    ]
    assert summary["forsinket"] == 30
    assert summary["aktuelle_denne_måned"] == 9


def test_summary_by_ansvarlig_and_filters(runner: CliRunner) -> None:
    out = json.loads(run(runner, "summary", "--json", "--by", "ansvarlig", "--today", "2020-01-15", *F)[1])
    assert sum(g["antal"] for g in out["grupper"]) == 44
    direktionen = next(
        g for g in out["grupper"] if g["navn"] == "Direktionen/ Koordinator for Bæredygtig Udvikling"
    )
    assert (direktionen["antal"], direktionen["afsluttet"]) == (4, 3)
    filtered = json.loads(run(runner, "summary", "--json", "--emne", "pulje", "--today", "2020-06-15", *F)[1])
    assert filtered["i_alt"]["antal"] == 17


def test_summary_bad_by(runner: CliRunner) -> None:
    code, _, err = run(runner, "summary", "--by", "status", *F)
    assert code == 2 and "--by skal være emne, ansvarlig eller part, ikke 'status'" in err


@pytest.mark.parametrize("columns", ["80", "160"])
def test_summary_table_fits(runner: CliRunner, monkeypatch: pytest.MonkeyPatch, columns: str) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    code, out, _ = run(runner, "summary", "--today", "2020-06-15", *F)
    assert code == 0
    assert "Igangsættelse" in out and "20%" in out and "30 forsinket" in out
    assert max(len(line) for line in out.splitlines()) <= int(columns)


# --- timeline -----------------------------------------------------------------------------------

YEAR_2020 = Period(date(2020, 1, 1), date(2020, 12, 31))


def test_month_and_week_units() -> None:
    months = month_units(YEAR_2020)
    assert [u.label for u in months][:3] == ["januar", "februar", "marts"]
    assert months[1].period == Period(date(2020, 2, 1), date(2020, 2, 29))
    weeks = week_units(Period(date(2020, 3, 1), date(2020, 5, 31)))
    assert weeks[0].label == "9" and weeks[0].period.start == date(2020, 2, 24)
    assert weeks[-1].label == "22"
    assert len(week_units(YEAR_2020)) == 53


def test_activity_chart_cells() -> None:
    chart = activity_chart(PLAN.activities, month_units(YEAR_2020))
    assert chart.outside == 1  # 5. december 2019
    rows = {row.activity_id: row for row in chart.rows}
    assert rows[23].cells == (0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0)  # Marts-april
    assert rows[18].open_ended and rows[18].cells[-1] == 1
    assert rows[36].single_day
    emne = emne_chart(PLAN.activities, month_units(YEAR_2020))
    assert [row.label for row in emne.rows] == [
        "Igangsættelse (14)",
        "Bæredygtighedspulje (17)",
        "Inspiration og forankring (18)",
    ]


@pytest.mark.parametrize("width", [60, 80, 120, 160, 240])
def test_drawn_lines_never_exceed_the_width(width: int) -> None:
    chart = activity_chart(PLAN.activities, month_units(YEAR_2020))
    for plain in (True, False):
        lines = draw(chart, width, date(2020, 6, 15), plain=plain, scale=PLAN.scale)
        assert all(line.cell_len <= width for line in lines)
        assert len(lines) == 2 + len(chart.rows)


def test_timeline_plain(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run(runner, "timeline", "--today", "2020-06-15", *F)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == [
        "jan",
        "feb",
        "mar",
        "apr",
        "maj",
        "jun",
        "jul",
        "aug",
        "sep",
        "okt",
        "nov",
        "dec",
    ]
    assert "v 15/6" in lines[1]
    row_18 = next(line for line in lines if line.startswith(" 18 "))
    assert row_18.endswith(">") and "~~~~" in row_18  # Under forberedelse, open-ended
    row_42 = next(line for line in lines if line.startswith(" 42 "))
    assert row_42.rstrip(">").endswith("-")
    assert "█" not in out and "\x1b[" not in out
    assert "1 aktivitet ligger uden for perioden." in out
    assert max(len(line) for line in lines if not line.startswith(("-", "slutning"))) <= 80


def test_timeline_colour_at_160(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    code, out, _ = run(runner, "timeline", "--today", "2020-06-15", *F)
    assert code == 0
    assert "█" in out and "→" in out and "\x1b[" in out


def test_timeline_no_color_is_plain_even_when_forced(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    out = run(runner, "timeline", "--today", "2020-06-15", *F)[1]
    assert "█" not in out and "#" in out


def test_timeline_by_emne_and_weeks(runner: CliRunner) -> None:
    code, out, _ = run(runner, "timeline", "--by", "emne", *F)
    assert code == 0 and "Inspiration og forankring (18)" in out
    code, out, _ = run(runner, "timeline", "--weeks", "--periode", "marts-maj", "--emne", "pulje", *F)
    assert code == 0
    assert out.splitlines()[0].split()[:3] == ["9", "10", "11"]
    assert run(runner, "timeline", "--by", "status", *F)[0] == 2


# --- export -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["--format", "csv"], "plan.csv"),
        (["--format", "csv", "--excel"], "plan-excel.csv"),
        (["--format", "md"], "plan.md"),
        (["--format", "md", "--by", "emne"], "plan-by-emne.md"),
    ],
)
def test_export_golden(runner: CliRunner, golden: Golden, args: list[str], name: str) -> None:
    golden(name, run_bytes(runner, "export", *args, *F))


def test_csv_reads_back(runner: CliRunner) -> None:
    rows = list(csv.reader(io.StringIO(run_bytes(runner, "export", "-F", "csv", *F).decode())))
    assert rows[0] == [
        "ID",
        "TIDSPUNKT",
        "EMNE",
        "AKTIVITET",
        "ANSVARLIG / TOVHOLDER",
        "STATUS",
        "START",
        "SLUT",
        "TOVHOLDER (PART)",  # last, where the plan declares its parties (the shipped plan does)
        "MEDVIRKENDE (PARTER)",
    ]
    assert len(rows) == 45
    for row, activity in zip(rows[1:], PLAN.activities, strict=True):
        assert row[1] == activity.tidspunkt and row[3] == activity.aktivitet and row[4] == activity.ansvarlig
        assert row[5] == (activity.status or "")
        named = [p.name for p in reader_for(PLAN.parties).named(activity.ansvarlig)]
        assert row[8:] == [named[0] if named else "", ", ".join(named[1:])]


def test_excel_csv_is_semicolon_bom_crlf(runner: CliRunner) -> None:
    data = run_bytes(runner, "export", "-F", "csv", "--excel", *F)
    assert data.startswith(b"\xef\xbb\xbfID;TIDSPUNKT;EMNE;")
    assert data.count(b"\r\n") == 45 and data.count(b"\n") == 45
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert len(rows) == 45 and rows[5][3].startswith("Opstart dialog med Miljøstyrelsens")


def test_ics_golden_and_reads_back(golden: Golden) -> None:
    stamp = datetime(2020, 3, 1, 8, 0, tzinfo=timezone.utc)
    data = to_ics(PLAN, PLAN.activities, stamp)
    golden("plan.ics", data)
    calendar = Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert len(events) == 44
    for event, activity in zip(events, PLAN.activities, strict=True):
        assert str(event["summary"]) == activity.aktivitet
        assert event.decoded("dtstart") == activity.period.start
        assert event.decoded("dtend") == activity.period.end + timedelta(days=1)
        assert str(event["uid"]) == event_uid(PLAN.title, activity.id)
        assert f"Ansvarlig: {activity.ansvarlig}" in str(event["description"])
    assert all(line.endswith(b"\r") for line in data.split(b"\n")[:-1])  # CRLF, RFC 5545
    assert all(len(line) <= 76 for line in data.split(b"\r\n"))  # folded at 75 octets


def test_ics_uids_are_stable_and_unique(runner: CliRunner) -> None:
    first = Calendar.from_ical(run_bytes(runner, "export", "-F", "ics", *F))
    second = Calendar.from_ical(run_bytes(runner, "export", "-F", "ics", "--month", "marts", *F))
    uids = {str(e["uid"]) for e in first.walk("VEVENT")}
    assert len(uids) == 44
    march = [r["id"] for r in json.loads(run(runner, "list", "--json", "--month", "marts", *F).out)]
    assert {str(e["uid"]) for e in second.walk("VEVENT")} == {event_uid(PLAN.title, i) for i in march}
    assert march == sorted(MARCH_2020)
    assert event_uid("En anden plan", 1) != event_uid(PLAN.title, 1)


def test_markdown_escapes_pipes(tmp_path: Path, runner: CliRunner) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "titel: A | B\når: 2020\naktiviteter:\n  - id: 1\n    tidspunkt: maj\n    emne: [x|y]\n"
        "    aktivitet: 'a | b'\n    ansvarlig: c\n",
        encoding="utf-8",
    )
    out = run_bytes(runner, "export", "-F", "md", "-f", str(plan)).decode()
    assert "| 1 | maj | x\\|y | a \\| b | c | – |" in out
    assert out.startswith("# A \\| B\n")


def test_export_to_a_file_and_filters(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "marts.csv"
    assert run(runner, "export", "-F", "csv", "-o", str(target), "--month", "marts", *F) == (
        0, "", f"plan: skrev 19 aktiviteter til {target}\n"
    )  # fmt: skip
    assert len(target.read_text(encoding="utf-8").splitlines()) == 1 + 19 + 0  # 19 unfinished, none finished
    assert run(runner, "export", "-F", "pdf", *F)[0] == 2


HOSTILE = """\
titel: '<script>alert(1)</script> & "plan"'
indledning: 'Intro <b>fed</b>'
år: 2020
aktiviteter:
  - id: 1
    tidspunkt: marts
    emne: ['<i>emne</i>']
    aktivitet: '<img src=x onerror=alert(1)>'
    ansvarlig: 'A & B'
    status: Afventer
"""


def test_html_escapes_everything_and_is_self_contained(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(HOSTILE, encoding="utf-8")
    page = run_bytes(runner, "export", "-F", "html", "-f", str(plan), "--today", "2020-03-10").decode()
    assert "<script>" not in page and "<img" not in page and "<i>emne" not in page and "<b>fed" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;plan&quot;" in page
    assert "A &amp; B" in page
    for external in ("http://", "https://", 'src="', "<link", "@import", "<script"):
        assert external not in page


def test_html_of_the_shipped_plan(runner: CliRunner) -> None:
    page = run_bytes(runner, "export", "-F", "html", "--today", "2020-06-15", *F).decode()
    assert page.startswith('<!doctype html>\n<html lang="da">')
    assert page.count('<tr><td class="id">') == 44
    # A bar in each month an activity of more than a day covers in 2020 (a single day is a dot).
    assert page.count('class="bar ') == 101 and "OPSAMLE OG FORTÆLLE DE GODE HISTORIER" in page
    assert "30 forsinket pr. 15. juni 2020" in page


def test_html_renders_in_a_real_browser(runner: CliRunner, tmp_path: Path) -> None:
    chromium = system_tool("chromium", "chromium-browser", "google-chrome")
    page = tmp_path / "plan.html"
    assert run(runner, "export", "-F", "html", "-o", str(page), "--today", "2020-06-15", *F)[0] == 0
    shot = tmp_path / "plan.png"
    profile = tmp_path / "profile"
    result = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--window-size=1280,2000", f"--screenshot={shot}", page.as_uri()],
        capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    assert shot.exists(), result.stderr.decode(errors="replace")[-2000:]
    png = shot.read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 20_000  # a page with content, not a blank canvas


# --- changes ------------------------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    folder = tmp_path / "repo"
    folder.mkdir()
    git(folder, "init", "-q")
    shutil.copyfile(SHIPPED_PLAN, folder / "plan.yaml")
    git(folder, "add", "plan.yaml")
    git(folder, "commit", "-qm", "plan", when="2020-02-01T10:00:00")
    return folder


def test_changes_between_commits(runner: CliRunner, repo: Path) -> None:
    plan = repo / "plan.yaml"
    assert run(runner, "set-status", "3", "4", "afs", "-f", str(plan))[0] == 0
    assert run(runner, "add", "--tidspunkt", "primo april", "--emne", "A", "--nyt-emne", "--aktivitet", "Ny",
               "--ansvarlig", "K", "-f", str(plan))[0] == 0  # fmt: skip
    text = plan.read_text(encoding="utf-8").replace("tidspunkt: 26. februar", "tidspunkt: 4. marts")
    text = text.replace("  - id: 17\n", "  - id: 117\n")
    plan.write_text(text, encoding="utf-8")
    git(repo, "commit", "-qam", "møde", when="2020-03-05T10:00:00")
    code, out, err = run(runner, "changes", "--since", "2020-03-01", "--json", "-f", str(plan))
    assert code == 0, err
    changes = json.loads(out)
    assert changes["fra"].endswith("2020-02-01") and changes["til"] == "arbejdskopien"
    assert [a["id"] for a in changes["tilføjet"]] == [117, 45]
    assert [a["id"] for a in changes["fjernet"]] == [17]
    assert [(c["id"], c["før"], c["efter"]) for c in changes["status"]] == [
        (3, "I gang", "Afsluttet"),
        (4, "I gang", "Afsluttet"),
    ]
    assert changes["tidspunkt"] == [
        {
            "id": 13,
            "aktivitet": "Behandling af Strategi for Bæredygtig Udvikling 2020 i Byrådet",
            "før": {"tidspunkt": "26. februar", "start": "2020-02-26", "slut": "2020-02-26"},
            "efter": {"tidspunkt": "4. marts", "start": "2020-03-04", "slut": "2020-03-04"},
        }
    ]
    assert changes["tekst"] == []
    assert json.loads(run(runner, "changes", "--json", "-f", str(plan))[1])["status"] == changes["status"]
    assert json.loads(run(runner, "changes", "--since", "HEAD", "--json", "-f", str(plan))[1])["status"] == []
    code, out, _ = run(runner, "changes", "--since", "HEAD~1", "--until", "HEAD", "-f", str(plan))
    assert code == 0 and "Ny status (2)" in out and "I gang → Afsluttet" in out and "Fjernet (1)" in out


def test_changes_sees_uncommitted_edits(runner: CliRunner, repo: Path) -> None:
    plan = repo / "plan.yaml"
    run(runner, "set-status", "37", "i gang", "-f", str(plan))
    out = json.loads(run(runner, "changes", "--since", "HEAD", "--json", "-f", str(plan))[1])
    assert out["status"] == [
        {
            "id": 37,
            "aktivitet": "Uddeling af puljemidler til energioptimering",
            "før": None,
            "efter": "I gang",
        }
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "nope"], "ukendt git-revision 'nope'"),
        (["--until", "1999-01-01"], "ingen commits til og med 1. januar 1999"),
    ],
)
def test_changes_bad_revisions(runner: CliRunner, repo: Path, args: list[str], message: str) -> None:
    code, _, err = run(runner, "changes", *args, "-f", str(repo / "plan.yaml"))
    assert code == 2 and message in err


def test_changes_outside_git(runner: CliRunner, plan_copy: Path) -> None:
    code, _, err = run(runner, "changes", "-f", str(plan_copy))
    assert code == 2 and "ligger ikke i et git-repository" in err and err.count("\n") == 1


# --- pre-commit ---------------------------------------------------------------------------------


def test_pre_commit_hook_definition() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "plan-check")
    assert hook["entry"] == "plan check" and hook["language"] == "python" and hook["pass_filenames"] is True


def test_check_takes_the_files_pre_commit_passes(runner: CliRunner, plan_copy: Path) -> None:
    broken = plan_copy.parent / "other.yaml"
    broken.write_text(
        plan_copy.read_text(encoding="utf-8").replace("28. januar", "28. janaur"), encoding="utf-8"
    )
    assert run(runner, "check", str(plan_copy)) == (0, "", "")
    code, out, _ = run(runner, "check", str(plan_copy), str(broken))
    assert code == 1 and out.count("\n") == 1 and f"{broken}:" in out

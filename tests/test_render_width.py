"""Tables never lose their point. At every width a status, a count and a delay is shown
whole; the least important columns give way first (Emne, then Ansvarlig)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baeredygtig_cli.output.lists import overdue_phrase, plain_table
from baeredygtig_cli.planfile.schema import load_plan

from .conftest import SHIPPED_PLAN, run

WIDTHS = [40, 60, 80, 100, 200]
ROW_START = re.compile(r"^ ?( \d|\d\d)  ")  # the id column (two wide here), after an edge or not
NO_STATUS = "–"


def ok(runner: CliRunner, width: int, *args: str) -> str:
    code, out, err = run(runner, *args, plan=SHIPPED_PLAN, width=width)
    assert code == 0, err
    return out


def blocks(lines: list[str]) -> list[tuple[int, str]]:
    """Each activity's lines (from its id to the next id), joined, in order: layout-blind, so a
    status wrapped or cut inside its row shows as missing."""
    found: list[tuple[int, list[str]]] = []
    for line in lines:
        match = ROW_START.match(line)
        if match:
            found.append((int(match.group(1)), []))
        if found:
            found[-1][1].append(line)
    return [(key, "\n".join(block)) for key, block in found]


def rows(lines: list[str]) -> dict[int, str]:
    return dict(blocks(lines))


def assert_fits(out: str, width: int) -> None:
    assert max(len(line) for line in out.splitlines()) <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_list_shows_every_status_whole(runner: CliRunner, width: int) -> None:
    records = json.loads(ok(runner, 100, "list", "--json"))
    out = ok(runner, width, "list")
    assert_fits(out, width)
    found = rows(out.splitlines())
    assert sorted(found) == [r["id"] for r in records]
    for record in records:
        assert (record["status"] or NO_STATUS) in found[record["id"]], (width, record["id"])


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("today", ["2020-06-15", "2026-06-15"])
def test_due_shows_every_status_and_delay_whole(runner: CliRunner, width: int, today: str) -> None:
    records = json.loads(ok(runner, 100, "due", "--json", "--today", today))
    out = ok(runner, width, "due", "--today", today)
    assert_fits(out, width)
    current, overdue = out.split("\nForsinket (")
    running = rows(current.splitlines())
    late = rows(overdue.splitlines())
    day = date.fromisoformat(today)
    for record in records:
        block = (late if record["forsinket"] else running)[record["id"]]
        assert (record["status"] or NO_STATUS) in block, (width, record["id"])
        if record["forsinket"]:
            phrase = overdue_phrase((day - date.fromisoformat(record["slut"])).days)
            assert re.search(rf"(^|\s){re.escape(phrase)}(\s|$)", block), (width, record["id"], phrase)
    assert sorted(late) == sorted(r["id"] for r in records if r["forsinket"])
    if today == "2026-06-15":
        assert "6 år" in late[3]


def test_at_80_columns_the_delay_column_is_whole(runner: CliRunner) -> None:
    """The issue's case: a pipe at 80 columns clipped "Forsinket" to "For" and "6 år" to "6 å"."""
    out = ok(runner, 80, "due", "--today", "2026-06-15")
    header = next(line for line in out.split("Forsinket (", 1)[1].splitlines() if line.startswith("Id  "))
    assert header.rstrip().endswith("Status              Forsinket")
    assert "Emne" not in header and "Ansvarlig" not in header  # these gave way first
    assert re.search(r"I gang\s+6 år\s*$", out, re.MULTILINE)


def test_emne_goes_first_then_ansvarlig(runner: CliRunner) -> None:
    def header(width: int) -> list[str]:
        out = ok(runner, width, "list")
        return next(line for line in out.splitlines() if line.startswith("Id  ")).split()

    assert header(200) == ["Id", "Tidspunkt", "Emne", "Aktivitet", "Ansvarlig", "Status"]
    assert header(100) == ["Id", "Tidspunkt", "Aktivitet", "Ansvarlig", "Status"]
    assert header(60) == ["Id", "Tidspunkt", "Aktivitet", "Status"]
    assert header(40) == ["Id", "Aktivitet"]  # stacked: tidspunkt · status under each activity


def test_stacked_rows_say_tidspunkt_status_and_delay(runner: CliRunner) -> None:
    out = ok(runner, 40, "due", "--today", "2020-06-15")
    assert " Januar · I gang · 4 måneder" in rows(out.split("Forsinket (")[1].splitlines())[3]


@pytest.mark.parametrize("width", WIDTHS)
def test_long_lists_in_plain_columns_keep_statuses_and_delays(width: int) -> None:
    """Past 200 rows the table is plain text; the same rule holds."""
    activities = list(load_plan(SHIPPED_PLAN).activities) * 5
    late = [overdue_phrase(400 + 10 * i) for i in range(len(activities))]
    text = plain_table(activities, width, late)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    found = blocks(lines[2:] if lines[0].startswith("Id") else lines)  # after a header and its rule
    assert [key for key, _ in found] == [a.id for a in activities]
    for (_, block), activity, phrase in zip(found, activities, late, strict=True):
        assert (activity.status or NO_STATUS) in block and phrase in block, (width, activity.id)


# --- summary ------------------------------------------------------------------------------------


def numbers(segment: list[str]) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", "\n".join(segment))]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("by", ["emne", "ansvarlig"])
def test_summary_shows_every_count_whole(runner: CliRunner, width: int, by: str) -> None:
    """Every group's counts in the order of the plan's statuses, then "ingen", the total and the
    share finished; then the same for the whole plan. At 80 columns three of five were hidden."""
    data = json.loads(ok(runner, 100, "summary", "--json", "--by", by, "--today", "2020-06-15"))
    out = ok(runner, width, "summary", "--by", by, "--today", "2020-06-15")
    assert_fits(out, width)
    body, footer = out.split("\n30 forsinket")
    expected = [2020, 2025]  # the title
    for group in [*data["grupper"], data["i_alt"]]:
        expected += [*group["status"].values(), group["antal"], round(group["afsluttet_andel"] * 100)]
    assert numbers(body.splitlines()) == expected
    assert "9 aktuelle i juni 2020 (pr. 15. juni 2020)" in " ".join(footer.split())


def test_summary_at_80_columns_is_a_table_with_every_status(runner: CliRunner) -> None:
    out = ok(runner, 80, "summary", "--today", "2020-06-15")
    total = next(line for line in out.splitlines() if line.startswith("I alt"))
    assert total.split() == ["I", "alt", "17", "15", "8", "3", "1", "44", "7%"]
    header = " ".join(out.split("────")[0].splitlines()[1:])
    for word in ("Afventer", "Under", "forberedelse", "I", "gang", "Afsluttet", "Ingen", "alt", "Fremdrift"):
        assert word in header.split()


@pytest.mark.parametrize("by", ["emne", "part", "ansvarlig"])
def test_summary_never_cuts_a_name_mid_word(runner: CliRunner, by: str) -> None:
    """At 75 to 82 columns the name column was narrower than "Bæredygtighedspulje" or
    "Direktionssekretariatet", and Rich folded them ("Bæredygtighedspu" / "lje"). Now every word
    of the output is a whole word of the plan, of a header or a number, at every width."""
    data = json.loads(ok(runner, 100, "summary", "--json", "--by", by, "--today", "2020-06-15"))
    names = [group["navn"] for group in data["grupper"]]
    known = {w for name in [*names, "I alt"] for w in name.split()}
    known |= set(load_plan(SHIPPED_PLAN).title.split()) | {"Afventer", "Under", "forberedelse", "I", "gang",
             "Afsluttet", "Ingen", "alt", "Fremdrift", "Emne", "Part", "Ansvarlig", "ingen", "status", "i",
             "afsluttet", "·", "forsinket", "aktuelle", "juni", "2020", "(pr.", "15.", "2020)", "En", "aktivitet",
             "med", "flere", "parter", "tæller", "under", "hver", "af", "dem."}  # fmt: skip
    for width in range(60, 125):
        out = ok(runner, width, "summary", "--by", by, "--today", "2020-06-15")
        assert_fits(out, width)
        cut = [w for w in out.split() if w not in known and not re.fullmatch(r"\d+%?|[━╸╺─]+", w)]
        assert cut == [], (width, cut)


def test_summary_at_40_columns_is_blocks_of_whole_counts(runner: CliRunner) -> None:
    out = ok(runner, 40, "summary", "--today", "2020-06-15")
    assert "  Afventer 10 · Under forberedelse 7" in out
    assert "  Afventer 17 · Under forberedelse 15" in out
    assert "ingen status 1 · i alt 44" in out


# --- every view fits the window -----------------------------------------------------------------------

LONG = "en lang tekst, der bliver ved og ved, som en kollega skrev den i en travl uge før et udvalgsmøde"


@pytest.fixture(scope="module")
def lived(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped plan in git with a spring of long notes, a long ansvarlig and a long commit message."""
    import shutil

    from .conftest import git

    folder = tmp_path_factory.mktemp("levet")
    plan = folder / "plan.yaml"
    shutil.copyfile(SHIPPED_PLAN, plan)
    git(folder, "init", "-q")
    git(folder, "add", "plan.yaml")
    git(folder, "commit", "-qm", "Planen", when="2020-02-01T10:00:00")
    for args in (["sæt-status", "3", "4", "5", "Afsluttet", "--note", LONG, "--af", "Anna Jensen", "-t", "2020-03-05"],
                 ["ret", "19", "20", f"ansvarlig=Kommunikation og {LONG}"],
                 ["note", "18", LONG * 2, "--af", "Bo Hansen", "-t", "2020-03-06"]):  # fmt: skip
        assert run(None, *args, "-f", str(plan)).code == 0
    git(folder, "commit", "-qam", f"Møde i styregruppen: {LONG}", when="2020-03-06T10:00:00")
    return plan


VIEWS = [
    ["liste"], ["aktuelt", "-t", "2020-06-15"], ["aktuelt", "--stille", "-t", "2020-06-15"], ["aktuelt", "--kort"],
    ["vis", "18"], ["vis", "20"], ["overblik", "-t", "2020-06-15"], ["overblik", "--over-tid", "-t", "2020-06-15"],
    ["overblik", "--efter", "part"], ["parter"], ["tidslinje", "-t", "2020-06-15"],
    ["historik"], ["historik", "18"], ["ændringer", "--fra", "2020-02-01"], ["tidspunkt", "Forår//sommer"],
]  # fmt: skip
# Not views: `parter --forslag` is YAML to paste into the plan (its comment fits 80 columns; a party's
# name is a value, never broken), and the exports and `rapport` are files in their own formats.


@pytest.mark.parametrize("width", [80, 60])
@pytest.mark.parametrize("view", VIEWS, ids=" ".join)
def test_every_view_fits_the_window(lived: Path, width: int, view: list[str]) -> None:
    """`plan log` printed lines 203 wide at 80 columns. Every view a person reads fits the window
    (to a pipe: COLUMNS, else 80), except a command to copy, which is never broken."""
    code, out, err = run(None, *view, "-f", str(lived), width=width)
    assert code == 0, err
    wide = [line for line in out.splitlines() if len(line) > width and not line.lstrip().startswith("plan ")]
    assert wide == [], "\n".join(wide)


def test_the_log_wraps_under_its_text_and_keeps_every_word(lived: Path) -> None:
    wide = run(None, "historik", "-f", str(lived), width=500).out
    narrow = run(None, "historik", "-f", str(lived), width=80).out
    assert narrow.split() == wide.split()  # the same words, in the same order
    lines = narrow.splitlines()
    note = next(i for i, line in enumerate(lines) if line.startswith("  ~  18  "))
    assert lines[note + 1].startswith(" " * 9) and not lines[note + 1].startswith(" " * 10)  # under the text
    message = next(i for i, line in enumerate(lines) if "Møde i styregruppen" in line)
    assert lines[message + 1].startswith("    ") and lines[message + 1][4] != " "


def test_the_log_on_a_terminal_wraps_under_its_text(lived: Path) -> None:
    """The same on a real terminal (a pseudo-terminal of 80 columns), colour and all."""
    import os
    import pty
    import subprocess

    from .conftest import PLAN_PROCESS

    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLAN_")} | {
        "COLUMNS": "80",
        "LINES": "50",
    }
    process = subprocess.Popen([*PLAN_PROCESS, "historik", "-f", str(lived)], stdout=follower,
                               stderr=subprocess.PIPE, env=env)  # fmt: skip
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other end closed: done
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 0
    text = re.sub(r"\x1b\[[0-9;]*m", "", shown.decode()).replace("\r\n", "\n")
    assert "\x1b" not in text and max(len(line) for line in text.splitlines()) <= 80
    lines = text.splitlines()
    note = next(i for i, line in enumerate(lines) if line.startswith("  ~  18  "))
    assert lines[note + 1].startswith(" " * 9) and not lines[note + 1].startswith(" " * 10)


def test_an_edits_summary_fits_the_window_under_its_id(tmp_path: Path) -> None:
    import shutil

    plan = tmp_path / "plan.yaml"
    shutil.copyfile(SHIPPED_PLAN, plan)
    code, out, err = run(
        None, "ret", "19", "20", f"ansvarlig=Kommunikation og {LONG}", "-f", str(plan), width=80
    )
    assert code == 0, err
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80 and len(lines) > 2
    assert (
        lines[0].startswith("19: ansvarlig 'Koordinator")
        and lines[1].startswith("    ")
        and lines[1][4] != " "
    )
    wide = run(None, "ret", "19", "20", "ansvarlig=Kommunikation", "-f", str(plan), width=500).out
    assert len(wide.splitlines()) == 2  # one line per change where the window has room

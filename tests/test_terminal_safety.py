"""Control characters in plan text never reach the terminal raw (nor does Rich markup
work from plan text); 9.9: one enormous line costs no more than ordinary text."""

from __future__ import annotations

import io
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from baeredygtig_cli.domain.model import Activity, Period, Plan
from baeredygtig_cli.domain.query import due_on
from baeredygtig_cli.domain.summary import compare, summarize
from baeredygtig_cli.output.lists import print_activities, print_due
from baeredygtig_cli.output.terminal import Screen
from baeredygtig_cli.output.text import shown
from baeredygtig_cli.output.timeline import activity_chart, emne_chart, month_units
from baeredygtig_cli.output.views import print_activity, print_changes, print_summary, print_timeline

from .conftest import SHIPPED_PLAN, git, hang_guard, run

# What a hostile plan can carry in double-quoted YAML: clear screen, set the window title (OSC ... BEL),
# a C1 CSI, DEL, a bidi override, and Rich markup that must stay text.
HOSTILE = r"Møde \e[2J\e]0;ejet\a \x9b31mrød\x7f \u202Eomvendt [bold]fed[/] [/] :smile:"
SHOWN = r"Møde \x1b[2J\x1b]0;ejet\x07 \x9b31mrød\x7f \u202eomvendt [bold]fed[/] [/] :smile:"
RAW = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # all but newline
COLOUR = re.compile(r"\x1b\[[0-9;]*m")  # Rich's own styling, when colour is on


def test_shown_escapes_controls_and_keeps_text() -> None:
    assert shown("Møde i Aabenraa") == "Møde i Aabenraa"
    assert shown("a\x1b[31mb\x00c\x7fd\x85e\x9bf") == r"a\x1b[31mb\x00c\x7fd\x85e\x9bf"
    assert shown("to\tlinjer\nher") == "to linjer her"
    assert shown("to\nlinjer", lines=True) == "to\nlinjer"
    assert shown("a\u202eb\u2066c") == r"a\u202eb\u2066c"
    assert shown("x" * 2000, limit=10) == "x" * 9 + "…"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    text = SHIPPED_PLAN.read_text(encoding="utf-8")
    text = text.replace("aktivitet: Opstart dialog med Business Aabenraa", f'aktivitet: "{HOSTILE}"', 1)
    text = text.replace("ansvarlig: Kommunale Ejendomme", 'ansvarlig: "Ejendomme \\e[5m"', 1)
    text = text.replace("emne: [Igangsættelse]", 'emne: ["Igangsættelse \\e[8m"]', 1)
    title = "titel: Implementeringsplan – Strategi for bæredygtig udvikling 2020-2025\n"
    text = text.replace(title, 'titel: "\\e]0;x\\aImplementeringsplan"\n', 1)
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


COMMANDS = [
    ["list"],
    ["list", "-q", "ejet"],
    ["due", "--today", "2020-06-15"],
    ["due", "--today", "2020-06-15", "--kort"],
    ["due", "--month", "januar", "--today", "2020-01-15"],
    ["show", "3"],
    ["show", "37"],
    ["timeline", "--today", "2020-06-15"],
    ["timeline", "--by", "emne", "--today", "2020-06-15"],
    ["summary", "--today", "2020-06-15"],
    ["summary", "--by", "ansvarlig", "--today", "2020-06-15"],
]


@pytest.mark.parametrize("colour", [False, True])
@pytest.mark.parametrize("width", [40, 80, 200])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_no_control_character_reaches_the_terminal(
    runner: CliRunner, hostile: Path, args: list[str], width: int, colour: bool
) -> None:
    env = {"NO_COLOR": None if colour else "1", "FORCE_COLOR": "1" if colour else None}
    code, shown, err = run(runner, *args, plan=hostile, width=width, env=env)
    assert code == 0, err
    out = COLOUR.sub("", shown) if colour else shown
    assert not RAW.search(out), RAW.findall(out)
    assert ("\x1b[" in shown) == colour


def test_the_escaped_text_is_shown_whole(runner: CliRunner, hostile: Path) -> None:
    out = run(runner, "show", "3", plan=hostile, width=300).out
    lines = [line.rstrip(" ") for line in out.splitlines()]  # padded to the longest line (the path)
    assert f"Aktivitet  {SHOWN}" in lines
    out = run(runner, "list", "-q", "ejet", plan=hostile, width=300).out
    assert SHOWN in out and r"\x1b]0;x\x07Implementeringsplan" in out
    assert hostile.read_text(encoding="utf-8").count(HOSTILE) == 1  # the file keeps its text


def test_changes_escape_controls_too(runner: CliRunner, tmp_path: Path, hostile: Path) -> None:
    folder = tmp_path / "repo"
    folder.mkdir()
    git(folder, "init", "-q")
    shutil.copyfile(SHIPPED_PLAN, folder / "plan.yaml")
    git(folder, "add", "plan.yaml")
    git(folder, "commit", "-qm", "plan")
    shutil.copyfile(hostile, folder / "plan.yaml")
    code, out, err = run(runner, "changes", plan=folder / "plan.yaml", width=300)
    assert code == 0, err
    assert not RAW.search(out), RAW.findall(out)
    assert SHOWN in out


# --- one enormous line (9.9) --------------------------------------------------------------------

HUGE = 5 * 1024 * 1024
# The huge text is cut before anything is drawn: what reaches the terminal (and the wrapping, which
# took ~8 s for `list` before the cut) stays small. A guard ends a run that hangs.
GUARD = 60


def activity(i: int, text: str) -> Activity:
    period = Period(date(2020, 1, 1), date(2020, 1, 31))
    return Activity(i, "Januar", ("Emne",), text, "Koordinator", "I gang", period)


def test_one_huge_line_is_cut_before_it_is_drawn() -> None:
    huge = ("ord " * (HUGE // 4)).strip()
    activities = (activity(1, huge), *(activity(i, "Opstart dialog") for i in range(2, 30)))
    plan = Plan("Titel", 2020, ("Afventer", "Under forberedelse", "I gang", "Afsluttet"), activities)
    console = Console(file=io.StringIO(), width=100, no_color=True)
    screen = Screen(io.StringIO(), width=100)
    with hang_guard(GUARD):
        _draw_everything(console, screen, plan, activities, huge)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert len(out) < 200_000
    assert "(5.242.879 tegn i alt; hele teksten: plan vis 1 --json)" in out


def _draw_everything(
    console: Console, screen: Screen, plan: Plan, activities: tuple[Activity, ...], huge: str
) -> None:
    today = date(2020, 6, 15)
    due = due_on(activities, today, finished=plan.finished_status)
    units = month_units(Period(date(2020, 1, 1), date(2020, 12, 31)))
    print_activities(screen, plan, activities)
    print_due(screen, plan, due, selected=len(activities))
    print_due(screen, plan, due, selected=len(activities), compact=True)
    print_activity(console, activities[0], "plan.yaml, linje 1", scale=plan.scale)
    print_timeline(console, plan, activity_chart(activities, units), today)
    print_timeline(console, plan, emne_chart(activities, units), today)
    print_summary(console, plan, summarize(activities, plan.scale, today))
    changed = (activity(1, huge + " mere"), *activities[1:])
    print_changes(console, compare(activities, changed), "HEAD", "arbejdskopien", plans=(plan, plan))


def test_one_huge_line_in_the_file_is_quick_end_to_end(runner: CliRunner, tmp_path: Path) -> None:
    """The issue's reproduction: a 5 MB activity text took ~8 s in `due` and ~7 s in `list`."""
    text = SHIPPED_PLAN.read_text(encoding="utf-8")
    huge = ("ord " * (HUGE // 4)).strip()
    plan = tmp_path / "plan.yaml"
    plan.write_text(text.replace("aktivitet: Opstart dialog med Business Aabenraa", f"aktivitet: {huge}", 1))
    for args in (["list"], ["due", "--today", "2020-06-15"], ["show", "3"]):
        with hang_guard(GUARD):
            code, out, err = run(runner, *args, plan=plan, width=100)
        assert code == 0, err
        assert len(out) < 100_000


# --- what an edit says about the values it changed (issue 23, E4 and item 15) -------------------------

EDITS = [
    ["ret", "3", "aktivitet=ny\x1b[2J\ntekst"],
    ["ret", "3", "ansvarlig=x", "--dry-run"],
    ["fjern", "3"],
    [
        "add",
        "--tidspunkt",
        "maj",
        "--emne",
        "Igangsættelse",
        "--aktivitet",
        "a\x1b]0;x\x07\nb",
        "--ansvarlig",
        "y",
    ],
    ["fjern", "1", "2", "3", "4", "--dry-run"],
]


@pytest.mark.parametrize("args", EDITS, ids=lambda a: " ".join(a).encode("unicode_escape").decode())
def test_an_edit_says_its_values_with_controls_and_line_breaks_escaped(
    runner: CliRunner, hostile: Path, args: list[str]
) -> None:
    """`ret`'s before and after, "Aktivitet 3 fjernet: ...", "Aktivitet 45 tilføjet: ..." and a dry
    run's diff show the plan's text as `show` does: no raw escape sequence, a line break as `\\n`."""
    code, out, err = run(runner, *args, plan=hostile)
    assert code == 0, err
    assert not RAW.search(out), RAW.findall(out)
    if "--dry-run" not in args:
        assert len(out.splitlines()) == (4 if args[0] == "fjern" and len(args) > 2 else 1), out
    if args[0] == "ret" and "--dry-run" not in args:
        assert out == f"3: aktivitet '{SHOWN}' → 'ny\\x1b[2J\\ntekst'\n"
    if args[0] == "fjern" and "--dry-run" not in args:
        assert out == f"Aktivitet 3 fjernet: {SHOWN}\n"
    if args[0] == "add":
        assert out == "Aktivitet 45 tilføjet: a\\x1b]0;x\\x07\\nb\n"

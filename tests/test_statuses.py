"""Whether an activity is "finished" is the plan's to say (`afsluttet:`), every look comes from a
status's place on the plan's scale, and the timeline's grid is data that imports no Rich."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from baeredygtig_cli.domain.query import closest_status, resolve_status
from baeredygtig_cli.domain.statuses import (
    DEFAULT_SCALE,
    DONE,
    NONE,
    OTHER,
    PREPARING,
    STEP_1,
    STEP_2,
    UNDERWAY,
    WAITING,
    Scale,
    default_finished,
)
from baeredygtig_cli.domain.summary import compare
from baeredygtig_cli.errors import PlanError
from baeredygtig_cli.output.lists import status_style
from baeredygtig_cli.output.views import print_changes
from baeredygtig_cli.planfile.schema import load_plan, parse_plan

from .conftest import SHIPPED_PLAN, F, run
from .htmlcheck import Page, contrast

# Færdig means finished here; "Afsluttet" is not one of the statuses. On 15 June 2020: 1 and 4 are
# finished (1 in the past, never overdue), 2 and 3 are overdue, 5 runs, 6 is to come.
CUSTOM = """\
titel: Lille plan
år: 2020
statusser: [Ny, Igang, Færdig]
aktiviteter:
  - {id: 1, tidspunkt: januar, emne: [A], aktivitet: Opstart, ansvarlig: Koordinator, status: Færdig}
  - {id: 2, tidspunkt: februar, emne: [A], aktivitet: Møde, ansvarlig: Koordinator, status: Igang}
  - {id: 3, tidspunkt: Marts-april, emne: [B], aktivitet: Pulje, ansvarlig: Udbud, status: Ny}
  - {id: 4, tidspunkt: Juni-juli, emne: [B], aktivitet: Sommer, ansvarlig: Udbud, status: Færdig}
  - {id: 5, tidspunkt: Juni-juli, emne: [B], aktivitet: Kampagne, ansvarlig: Udbud}
  - {id: 6, tidspunkt: oktober, emne: [B], aktivitet: Evaluering, ansvarlig: Udbud, status: Ny}
"""
TODAY = ["--today", "2020-06-15"]


def write(tmp_path: Path, text: str) -> list[str]:
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    return ["-f", str(plan)]


def ok(runner: CliRunner, *args: str) -> str:
    code, out, err = run(runner, *args)
    assert code == 0, err
    return out


def with_head(line: str, text: str = CUSTOM) -> str:
    """The plan with `line` added to its head, after `statusser`."""
    head, rest = text.split("aktiviteter:\n", 1)
    return f"{head}{line}\naktiviteter:\n{rest}"


# --- which status is finished ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "finished"),
    [
        (("Afventer", "Under forberedelse", "I gang", "Afsluttet"), "Afsluttet"),
        (("Ny", "Igang", "Færdig"), "Færdig"),
        (("Afventer", "Afsluttet", "Aflyst"), "Afsluttet"),  # "Afsluttet" wins over the last
        (("Åben",), "Åben"),
        ((), None),
    ],
)
def test_the_finished_status_by_default(statuses: tuple[str, ...], finished: str | None) -> None:
    assert default_finished(statuses) == finished


def test_the_plan_says_which_status_is_finished(tmp_path: Path) -> None:
    assert load_plan(Path(write(tmp_path, CUSTOM)[1])).finished_status == "Færdig"
    chosen = load_plan(Path(write(tmp_path, with_head("afsluttet: Igang"))[1]))
    assert chosen.finished_status == "Igang"
    assert chosen.scale == Scale(("Ny", "Igang", "Færdig"), "Igang")
    assert [chosen.is_finished(a) for a in chosen.activities] == [False, True, False, False, False, False]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("afsluttet: Slut", "afsluttet: 'Slut' er ikke en af statusser (gyldige: Ny, Igang, Færdig)"),
        (
            "afsluttet: færdig",
            "afsluttet: 'færdig' er ikke en af statusser – mente du 'Færdig'? (gyldige: Ny, Igang, Færdig)",
        ),
        ("afsluttet: [Færdig]", "afsluttet skal være tekst"),
        ("afsluttet:", "afsluttet mangler en værdi"),
    ],
)
def test_check_refuses_a_finished_status_the_plan_does_not_have(
    runner: CliRunner, tmp_path: Path, line: str, problem: str
) -> None:
    text = with_head(line)
    parsed = parse_plan(text)
    assert parsed.plan is None
    assert [(p.line, p.message) for p in parsed.problems] == [(4, problem)]
    args = write(tmp_path, text)
    assert run(runner, "check", args[1])[:2] == (1, f"{args[1]}:4: {problem}\n")
    code, _, err = run(runner, "list", *args)
    assert (code, err) == (2, f"plan: {args[1]}:4: {problem}\n")


# --- looks by position ----------------------------------------------------------------------------


def test_the_default_words_keep_their_looks() -> None:
    assert [DEFAULT_SCALE.look(s) for s in DEFAULT_SCALE.words] == [WAITING, PREPARING, UNDERWAY, DONE]
    assert [
        (look.style, look.glyph, look.css) for look in (WAITING, PREPARING, UNDERWAY, DONE, OTHER, NONE)
    ] == [
        ("yellow", "-", "afventer"),
        ("cyan", "~", "forberedelse"),
        ("bold blue", "=", "igang"),
        ("green", "#", "afsluttet"),
        ("magenta", "+", "other"),
        ("dim", "?", "none"),
    ]


@pytest.mark.parametrize(
    ("words", "finished", "looks"),
    [
        (("Ny", "Igang", "Færdig"), "Færdig", [WAITING, UNDERWAY, DONE]),
        (("Åben", "Lukket"), "Lukket", [WAITING, DONE]),
        (("Færdig",), "Færdig", [DONE]),
        (("Afventer", "I gang", "Afsluttet", "Aflyst"), "Afsluttet", [WAITING, UNDERWAY, DONE, OTHER]),
        (("Ny", "Igang", "Færdig"), "Igang", [WAITING, DONE, OTHER]),
        (("A", "B", "C", "D", "E", "F"), "F", [WAITING, STEP_1, STEP_2, PREPARING, UNDERWAY, DONE]),
        (
            ("A", "B", "C", "D", "E", "F", "G"),
            "G",
            [WAITING, STEP_1, STEP_1, STEP_2, PREPARING, UNDERWAY, DONE],
        ),
    ],
)
def test_a_status_looks_as_its_place_on_the_scale(
    words: tuple[str, ...], finished: str, looks: list[object]
) -> None:
    scale = Scale(words, finished)
    assert [scale.look(w) for w in words] == looks
    assert scale.look(None) == NONE
    assert scale.look("Afsluttet" if "Afsluttet" not in words else "Ukendt") == OTHER
    assert [w for w in words if scale.is_finished(w)] == [finished]
    assert not scale.is_finished(None)


def test_tables_colour_a_custom_status_by_its_place() -> None:
    scale = Scale(("Ny", "Igang", "Færdig"), "Færdig")
    assert [status_style(s, scale) for s in ("Ny", "Igang", "Færdig", None)] == [
        "yellow",
        "bold blue",
        "green",
        "dim",
    ]


def test_changes_colour_each_side_by_its_own_version(tmp_path: Path) -> None:
    """A status before is coloured by the old version's scale, after by the new one's: in the old
    version "Igang" came after the finished status (magenta), in the new one it is under way."""
    new = load_plan(Path(write(tmp_path, CUSTOM)[1]))
    old = dataclasses.replace(
        new,
        statuses=("Ny", "Færdig", "Igang"),
        activities=tuple(dataclasses.replace(a, status="Igang") for a in new.activities),
    )
    console = Console(file=io.StringIO(), width=100, force_terminal=True, color_system="standard")
    print_changes(console, compare(old.activities, new.activities), "HEAD", "arbejdskopien", plans=(old, new))
    lines = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
    changed = [line.split(": status ")[1] for line in lines if ": status " in line]
    assert changed == [
        "\x1b[35mIgang\x1b[0m → \x1b[32mFærdig\x1b[0m",  # 1
        "\x1b[35mIgang\x1b[0m → \x1b[33mNy\x1b[0m",  # 3
        "\x1b[35mIgang\x1b[0m → \x1b[32mFærdig\x1b[0m",  # 4
        "\x1b[35mIgang\x1b[0m → \x1b[2m–\x1b[0m",  # 5: no status
        "\x1b[35mIgang\x1b[0m → \x1b[33mNy\x1b[0m",  # 6
    ]


# --- the command line on a plan of its own statuses -----------------------------------------------


def test_summary_counts_the_plans_finished_status(runner: CliRunner, tmp_path: Path) -> None:
    summary = json.loads(ok(runner, "summary", "--json", *TODAY, *write(tmp_path, CUSTOM)))
    assert summary["i_alt"] == {
        "navn": "I alt",
        "antal": 6,
        "status": {"Ny": 2, "Igang": 1, "Færdig": 2, "ingen": 1},
        "afsluttet": 2,
        "afsluttet_andel": 0.3333,
    }
    assert [(g["navn"], g["afsluttet"], g["afsluttet_andel"]) for g in summary["grupper"]] == [
        ("A", 1, 0.5),
        ("B", 1, 0.25),
    ]
    assert (summary["forsinket"], summary["aktuelle_denne_måned"]) == (2, 1)


def test_summary_table_shows_the_share_finished(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    out = ok(runner, "summary", *TODAY, *write(tmp_path, CUSTOM))
    rows = [[word for word in line.split() if word.strip("━╸")] for line in out.splitlines()]  # no bars
    assert ["Emne", "Ny", "Igang", "Færdig", "Ingen", "I", "alt", "Fremdrift"] in rows
    assert ["A", "0", "1", "1", "0", "2", "50%"] in rows
    assert ["I", "alt", "2", "1", "2", "1", "6", "33%"] in rows
    assert "2 forsinket · 1 aktuel i juni 2020 (pr. 15. juni 2020)" in out


def test_due_leaves_out_what_is_finished_and_never_calls_it_overdue(
    runner: CliRunner, tmp_path: Path
) -> None:
    args = write(tmp_path, CUSTOM)
    due = json.loads(ok(runner, "due", "--json", *TODAY, *args))
    assert [(r["id"], r["forsinket"]) for r in due] == [(5, False), (2, True), (3, True)]
    everything = json.loads(ok(runner, "due", "--json", "--alle", *TODAY, *args))
    assert [(r["id"], r["forsinket"]) for r in everything] == [(4, False), (5, False), (2, True), (3, True)]
    january = json.loads(ok(runner, "due", "--json", "--month", "januar", *TODAY, *args))
    assert january == []
    january = json.loads(ok(runner, "due", "--json", "--month", "januar", "--alle", *TODAY, *args))
    assert [(r["id"], r["forsinket"]) for r in january] == [(1, False)]
    out = ok(runner, "due", *TODAY, *args)
    assert "Forsinket (2)" in out and "Opstart" not in out


def test_timeline_draws_a_custom_status_with_its_glyph(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    lines = ok(runner, "timeline", *TODAY, *write(tmp_path, CUSTOM)).splitlines()
    bars = {line.split()[0]: re.sub(r"[^-=#+?~]", "", line) for line in lines if re.match(r" *\d+ ", line)}
    assert bars == {"1": "#" * 7, "2": "=" * 7, "3": "-" * 14, "4": "#" * 14, "5": "?" * 14, "6": "-" * 7}
    assert "- Ny  = Igang  # Færdig  ? ingen status  | i dag" in "\n".join(lines)


def test_timeline_colours_a_custom_status_by_its_place(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    lines = ok(runner, "timeline", *TODAY, *write(tmp_path, CUSTOM)).splitlines()
    row = {re.sub(r"\x1b\[[0-9;]*m", "", line).split()[0]: line for line in lines[2:8]}
    assert "\x1b[32m█" in row["1"] and "\x1b[1;34m█" in row["2"] and "\x1b[33m█" in row["3"]
    assert "\x1b[35m" not in "\n".join(lines)  # magenta: a status the plan does not place


def test_html_page_gives_custom_statuses_their_classes(runner: CliRunner, tmp_path: Path) -> None:
    page = ok(runner, "export", "-F", "html", *TODAY, *write(tmp_path, CUSTOM))
    assert '<span class="badge afsluttet">Færdig</span>' in page
    assert '<span class="badge igang">Igang</span>' in page
    assert '<span class="badge afventer">Ny</span>' in page
    assert "<span>33% afsluttet · 2 forsinket pr. 15. juni 2020</span>" in page
    assert '<span class="bar afsluttet first"></span>' in page
    assert "badge other" not in page


LONG = """\
titel: Lang skala
år: 2020
statusser: [Idé, Skitse, Udkast, Høring, Igang, Færdig, Aflyst]
afsluttet: Færdig
aktiviteter:
  - {id: 1, tidspunkt: januar, emne: [A], aktivitet: a, ansvarlig: x, status: Idé}
  - {id: 2, tidspunkt: februar, emne: [A], aktivitet: b, ansvarlig: x, status: Skitse}
  - {id: 3, tidspunkt: marts, emne: [A], aktivitet: c, ansvarlig: x, status: Udkast}
  - {id: 4, tidspunkt: april, emne: [A], aktivitet: d, ansvarlig: x, status: Høring}
  - {id: 5, tidspunkt: maj, emne: [A], aktivitet: e, ansvarlig: x, status: Igang}
  - {id: 6, tidspunkt: juni, emne: [A], aktivitet: f, ansvarlig: x, status: Færdig}
  - {id: 7, tidspunkt: juli, emne: [A], aktivitet: g, ansvarlig: x, status: Aflyst}
  - {id: 8, tidspunkt: 5. august, emne: [A], aktivitet: h, ansvarlig: x, status: Skitse}
  - {id: 9, tidspunkt: september, emne: [A], aktivitet: i, ansvarlig: x}
"""


@pytest.mark.parametrize("text", [CUSTOM, LONG], ids=["Ny-Igang-Færdig", "seven statuses"])
def test_html_contrast_holds_for_custom_statuses(runner: CliRunner, tmp_path: Path, text: str) -> None:
    """WCAG 2.1 AA as tests/htmlcheck.py computes it: text 4.5:1 (3:1 large), marks 3:1."""
    page = Page(ok(runner, "export", "-F", "html", *TODAY, *write(tmp_path, text)))
    expected = {"afventer", "trin1", "trin2", "forberedelse", "igang", "afsluttet", "other", "none"}
    for node, _ in page.texts():
        need = 3.0 if page.large(node) else 4.5
        assert contrast(page.colour(node), page.background(node)) >= need, node.classes
    marks = page.marks()
    looks = {c for m in marks for c in m.classes - {"bar", "dot", "first", "last"}}
    assert len(marks) == 10  # nine bars and dots, and the progress bar's fill
    assert looks == ({"afventer", "igang", "afsluttet", "none"} if text is CUSTOM else expected)
    for mark in marks:
        around = page.background(mark.parent)  # type: ignore[arg-type]
        own = [page.own_background(mark), *re.findall(r"#[0-9a-f]{3,6}", page.border(mark) or "")]
        assert max(contrast(c, around) for c in own if c) >= 3.0, mark.classes
    badges = {c for n, _ in page.texts() if "badge" in n.classes for c in n.classes - {"badge"}}
    assert badges == ({"afventer", "igang", "afsluttet", "none"} if text is CUSTOM else expected)


def test_file_exports_keep_custom_statuses_as_written(runner: CliRunner, tmp_path: Path) -> None:
    args = write(tmp_path, CUSTOM)
    csv = ok(runner, "export", "-F", "csv", *args).splitlines()
    assert [line.split(",")[5] for line in csv] == ["STATUS", "Færdig", "Igang", "Ny", "Færdig", "", "Ny"]
    md = ok(runner, "export", "-F", "md", *args)
    assert "| 4 | Juni-juli | B | Sommer | Udbud | Færdig |" in md
    ics = ok(runner, "export", "-F", "ics", *args)
    assert ics.count("Status: Færdig") == 2


# --- the grid is data ---------------------------------------------------------------------


def test_the_timeline_grid_imports_neither_rich_nor_the_renderer() -> None:
    probe = (
        "import sys, baeredygtig_cli.output.timeline, baeredygtig_cli.output.htmlpage\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'rich' or m == 'baeredygtig_cli.output.views'))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout == "[]\n"


# --- a mistyped status on the command line gets the same "mente du" as in the file -----------------

SHIPPED_STATUSES = ("Afventer", "Under forberedelse", "I gang", "Afsluttet")


def _typos(word: str) -> list[str]:
    """A newcomer's slips: a letter dropped, two letters swapped, the space left out, a letter doubled."""
    found = {word.replace(" ", ""), word.lower().replace(" ", "")}
    for i in range(1, len(word)):
        found.add(word[:i] + word[i + 1 :])
        found.add(word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :])
        found.add(word[:i] + word[i] + word[i:])
    return sorted(t for t in found if t.strip() and len(t) >= 4)


STATUS_TYPOS = [(status, typo) for status in SHIPPED_STATUSES for typo in _typos(status)]


@pytest.mark.parametrize(("status", "typo"), STATUS_TYPOS)
def test_a_mistyped_status_is_refused_with_the_one_meant(status: str, typo: str) -> None:
    try:
        found = resolve_status(typo, SHIPPED_STATUSES)
    except PlanError as error:
        message = str(error)
        if "tvetydig" not in message:
            assert closest_status(typo, SHIPPED_STATUSES) == f" – mente du {status!r}?", typo
            assert f"ukendt status {typo!r} – mente du {status!r}? (gyldige: " in message
    else:
        assert found == status  # a prefix, or the same word written otherwise


@pytest.mark.parametrize(
    "args",
    [
        ["list", "-s", "igang"],
        ["liste", "--status", "igang"],
        ["due", "-s", "igang"],
        ["summary", "-s", "igang"],
        ["set-status", "3", "igang"],
        ["sæt-status", "-s", "igang", "Afsluttet"],
        ["ret", "3", "status=igang"],
        ["add", "--tidspunkt", "maj", "-e", "Igangsættelse", "--aktivitet", "x", "-a", "y", "-s", "igang"],
    ],
)
def test_every_command_line_status_suggests_as_check_does(tmp_path: Path, args: list[str]) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(SHIPPED_PLAN.read_bytes())
    code, out, err = run(CliRunner(), *args, "-f", str(plan))
    assert (code, out) == (2, "")
    assert err.startswith("plan: ukendt status 'igang' – mente du 'I gang'? (gyldige: Afventer")
    assert plan.read_bytes() == SHIPPED_PLAN.read_bytes()
    broken = plan.read_text(encoding="utf-8").replace("status: I gang", "status: igang", 1)
    plan.write_text(broken, encoding="utf-8")
    assert "ukendt status 'igang' – mente du 'I gang'?" in run(CliRunner(), "tjek", "-f", str(plan)).out


def test_no_status_is_suggested_too(runner: CliRunner) -> None:
    assert run(runner, "list", "-s", "ingn", *F).err.startswith(
        "plan: ukendt status 'ingn' – mente du 'ingen'?"
    )

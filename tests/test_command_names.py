"""One language for commands: every command has a Danish name, which help, messages and completion use,
and an English alias that works exactly as before (scripts, git's merge driver); either may be typed with
æ, ø, å as ae, oe, aa. A mistyped name is matched against both."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from baeredygtig_cli.cli import app
from baeredygtig_cli.cli.commands import COMMANDS, danish_name, names_of
from baeredygtig_cli.domain.folding import fold_to_ascii

from .conftest import SHIPPED_PLAN, F, modules_after, run

# The names as they were before the commands had Danish ones: each must still work.
ENGLISH_BEFORE = ["list", "period", "check", "due", "show", "set-status", "add", "summary", "timeline", "export",
                  "init", "import", "log", "changes", "merge", "completion"]  # fmt: skip
DANISH_BEFORE = ["ret", "note", "fjern", "parter", "konflikter", "løs", "git-opsætning", "rapport"]


def test_every_command_has_a_danish_name_and_an_english_alias() -> None:
    for danish, entry in COMMANDS.items():
        assert entry.alias is not None or danish == "note", danish  # "note" is the same word in both
        assert danish not in ENGLISH_BEFORE, danish
    aliases = [entry.alias for entry in COMMANDS.values() if entry.alias]
    assert set(ENGLISH_BEFORE) <= set(aliases)
    assert set(DANISH_BEFORE) <= set(COMMANDS)
    every = [name for danish in COMMANDS for name in names_of(danish)]
    assert len({fold_to_ascii(n) for n in every}) == len(every)  # no two names alike, even in ASCII


@pytest.mark.parametrize("danish", list(COMMANDS))
def test_each_name_and_its_ascii_spelling_mean_the_command(danish: str) -> None:
    for name in names_of(danish):
        assert danish_name(name) == danish
        assert danish_name(fold_to_ascii(name)) == danish


@pytest.mark.parametrize(
    ("english", "danish"),
    [
        (["list", "--json"], ["liste", "--json"]),
        (["list", "--json", "-a", "Koordinator"], ["liste", "--json", "-a", "Koordinator"]),
        (["due", "--json", "--today", "2020-03-01"], ["aktuelt", "--json", "--i-dag", "2020-03-01"]),
        (["show", "18", "--json"], ["vis", "18", "--json"]),
        (["period", "Forår//sommer", "--json"], ["tidspunkt", "Forår//sommer", "--json"]),
        (["summary", "--json", "--today", "2020-06-15"], ["overblik", "--json", "--i-dag", "2020-06-15"]),
        (["parties", "--json"], ["parter", "--json"]),
        (["export", "-F", "csv"], ["eksporter", "-F", "csv"]),
        (["export", "-F", "md"], ["eksportér", "-F", "md"]),
        (["check"], ["tjek"]),
    ],
)  # fmt: skip
def test_the_english_name_answers_exactly_as_the_danish_one(
    runner: CliRunner, english: list[str], danish: list[str]
) -> None:
    by_english = run(runner, *english, *F)
    assert by_english == run(runner, *danish, *F)
    assert by_english.code == 0 and by_english.err == ""


NEW_ACTIVITY = ["--tidspunkt", "maj", "-e", "Bæredygtighedspulje", "--aktivitet", "Ny", "--ansvarlig", "K"]


@pytest.mark.parametrize(
    "words",
    [
        ["tilføj", *NEW_ACTIVITY],
        ["tilfoej", *NEW_ACTIVITY],
        ["add", *NEW_ACTIVITY],
        ["sæt-status", "3", "Afsluttet"],
        ["saet-status", "3", "Afsluttet"],
        ["set-status", "3", "Afsluttet"],
        ["edit", "18", "tidspunkt=April-maj"],
        ["remove", "44"],
    ],
)
def test_edits_by_any_name(runner: CliRunner, tmp_path: Path, words: list[str]) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copyfile(SHIPPED_PLAN, plan)
    code, _, err = run(runner, *words, "-f", str(plan))
    assert (code, err) == (0, "")
    assert plan.read_bytes() != SHIPPED_PLAN.read_bytes()


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("tjk", "tjek"),
        ("chek", "check"),
        ("lst", "list"),
        ("vsi", "vis"),
        ("shwo", "show"),
        ("tilføk", "tilføj"),
        ("tilfoj", "tilføj"),
        ("aendringr", "ændringer"),
        ("ændringr", "ændringer"),
        ("changse", "changes"),
        ("overblk", "overblik"),
        ("sumary", "summary"),
        ("eksport", "eksporter"),
        ("histrik", "historik"),
        ("raport", "rapport"),
        ("reprot", "report"),
        ("tidslije", "tidslinje"),
    ],
)
def test_a_mistyped_name_gets_the_name_it_is_closest_to_in_either_language(
    runner: CliRunner, typed: str, meant: str
) -> None:
    code, out, err = run(runner, typed)
    assert (code, out) == (2, "")
    said = re.fullmatch(rf"plan: ukendt kommando '{typed}' – mente du (.+)\? \(se 'plan --help'\)\n", err)
    assert said is not None, err
    assert said.group(1).split(" eller ")[0] == meant


def test_a_name_far_from_any_gets_no_guess(runner: CliRunner) -> None:
    assert run(runner, "kaffe") == (2, "", "plan: ukendt kommando 'kaffe' (se 'plan --help')\n")


def test_help_lists_the_danish_name_first_with_the_alias(runner: CliRunner) -> None:
    out = run(runner, "--help", width=100).out
    rows = re.findall(r"^  (\S+?)(?:, (\S+))?  +\S", out.split("Kommandoer:\n", 1)[1], flags=re.MULTILINE)
    assert [(danish, alias or None) for danish, alias in rows] == [(d, e.alias) for d, e in COMMANDS.items()]


@pytest.mark.parametrize(("typed", "line"), [("liste", "Engelsk navn: plan list"), ("list", "Dansk navn: plan liste"),
                                              ("tilfoej", "Engelsk navn: plan add")])  # fmt: skip
def test_a_command_help_names_its_other_name(runner: CliRunner, typed: str, line: str) -> None:
    code, out, _ = run(runner, typed, "--help")
    assert code == 0 and out.startswith(f"Brug: plan {typed} ")
    assert out.rstrip("\n").endswith("\n\n" + line)


def test_note_has_one_name(runner: CliRunner) -> None:
    out = run(runner, "note", "--help").out
    assert "navn: plan" not in out


def test_usage_errors_name_the_command_as_typed(runner: CliRunner) -> None:
    assert run(runner, "list", "--xyzzy", *F).err == "plan: ukendt tilvalg --xyzzy (se 'plan list --help')\n"
    assert (
        run(runner, "liste", "--xyzzy", *F).err == "plan: ukendt tilvalg --xyzzy (se 'plan liste --help')\n"
    )


@pytest.mark.parametrize("name", ["list", "liste", "tjek", "check", "vis"])
def test_the_group_builds_only_the_command_run_by_any_name(name: str) -> None:
    args = [name, "--help"]
    modules = modules_after(*args)
    built = {m.rsplit(".", 1)[1] for m in modules if m.startswith("baeredygtig_cli.cli.")}
    assert built & {"editing", "files", "logs", "team", "shell"} == set()


def test_the_merge_driver_keeps_its_english_name() -> None:
    """git's config of every clone set up before runs `plan merge`; a new set-up writes the same."""
    from baeredygtig_cli.history import driver

    assert " merge %O %A %B %P " in driver.driver_command()
    group = typer.main.get_command(app)
    assert group.get_command(typer.Context(group), "merge") is not None  # type: ignore[attr-defined]

"""Speed as a tested property where it can be tested without timing: what each command imports."""

from __future__ import annotations

import os

import pytest

from .conftest import SHIPPED_PLAN, modules_after

# What no command needs unless it says so (Typer and pydantic bring difflib, csv and hashlib anyway).
HEAVY = {"rich", "icalendar", "dateutil", "docx", "openpyxl", "lxml"}


def imported(*args: str) -> list[str]:
    """The heavy packages `plan ARGS` on the shipped plan imports. Rich's cell widths and word wrap
    (screen.py) do not count as Rich; its Console, Table and Text do."""
    modules = modules_after(*([*args, "-f", str(SHIPPED_PLAN)] if args[0] != "--help" else args))
    found = {m.split(".")[0] for m in modules} & HEAVY
    if not {"rich.console", "rich.table", "rich.text"} & modules:
        found.discard("rich")
    return sorted(found)


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (["list", "--json"], []),
        (["due", "--month", "marts", "--json"], []),
        (["check"], []),
        (["period", "Marts-april", "--json"], []),
        (["--help"], []),
        (["list"], []),  # tables drawn by screen.py and tablegrid.py, not Rich's Console and Table
        (["due", "--month", "marts", "--today", "2020-03-01"], []),
        (["due", "--today", "2020-06-15", "--kort"], []),
        (["show", "3"], ["rich"]),
        (["period", "påske"], ["dateutil", "rich"]),
        (["export", "--format", "ics"], ["dateutil", "icalendar"]),
        (["export", "--format", "html", "--today", "2020-06-15"], []),  # the timeline grid is data, no Rich
        (["export", "--format", "csv"], []),
        (["export", "--format", "xlsx", "--today", "2020-06-15", "-o", os.devnull], ["lxml", "openpyxl"]),
        (["import", "--help"], []),
        (["init", "--help"], []),
    ],
)
def test_commands_import_only_what_they_need(args: list[str], allowed: list[str]) -> None:
    assert set(imported(*args)) <= set(allowed)


COMMAND_MODULES = {"reading", "editing", "files", "logs", "team", "shell"}


@pytest.mark.parametrize(
    ("args", "built"),
    [
        (["list", "--json"], {"reading"}),
        (["set-status", "3", "I gang", "--dry-run"], {"editing"}),
        (["--help"], set()),  # the overview comes from the table of commands (commands.py)
        (["lst"], set()),  # a typo: "mente du" from the table too
        (["merge", "--help"], {"team"}),
    ],
)
def test_a_process_imports_only_the_command_it_runs(args: list[str], built: set[str]) -> None:
    """The group builds a command when it is run (Click's lazy loading of subcommands): the other
    command groups' modules are never imported."""
    modules = modules_after(*([*args, "-f", str(SHIPPED_PLAN)] if args[0] not in ("--help", "lst") else args))
    found = {m.rsplit(".", 1)[1] for m in modules if m.startswith("baeredygtig_cli.cli.")}
    assert found & COMMAND_MODULES == built

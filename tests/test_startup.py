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


@pytest.mark.parametrize(
    ("args", "kept"),
    [
        (["list", "--json"], ["list"]),
        (["-f", "plan.yaml", "due", "--kort"], ["due"]),
        (["--fil=plan.yaml", "show", "3"], ["show"]),
        (["--help"], None),
        (["lst"], None),
        ([], None),
    ],
)
def test_only_the_invoked_command_is_built(
    monkeypatch: pytest.MonkeyPatch, args: list[str], kept: list[str] | None
) -> None:
    """Typer builds every registered command before parsing: a process builds only the one it runs,
    and keeps them all where the arguments name none plainly (help, a typo, nothing)."""
    from baeredygtig_cli import cli

    everything = list(cli.app.registered_commands)
    monkeypatch.setattr(cli.app, "registered_commands", list(everything))
    monkeypatch.delenv("_PLAN_COMPLETE", raising=False)
    cli._only_the_invoked_command(args)
    names = [c.name for c in cli.app.registered_commands]
    assert names == (kept if kept is not None else [c.name for c in everything])

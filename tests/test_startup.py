"""Speed as a tested property where it can be tested without timing: what each command imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import SHIPPED_PLAN

PROBE = """
import json, sys
from baeredygtig_cli.cli import main
sys.argv = ["plan", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
heavy = {"rich", "icalendar", "dateutil", "docx", "openpyxl", "lxml"}  # (Typer and pydantic bring difflib, csv, hashlib anyway)
found = {m.split(".")[0] for m in sys.modules} & heavy
if "rich" in found and not {"rich.console", "rich.table", "rich.text"} & set(sys.modules):
    found.discard("rich")  # only Rich's cell widths and word wrap (screen.py), not its Console
sys.stderr.write(json.dumps(sorted(found)))
"""


def imported(*args: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps([*args, "-f", str(SHIPPED_PLAN)] if args[0] != "--help" else list(args))],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return json.loads(result.stderr.strip().splitlines()[-1])


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

"""What the commands share besides their options: reading the plan (or a version of it), the clock
(clock.py's, offered here), writing to the terminal, and the history answers several commands show."""

from __future__ import annotations

import errno
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from baeredygtig_cli.cli.clock import clock_now as clock_now  # the clock's, for the commands
from baeredygtig_cli.cli.clock import resolve_today as resolve_today
from baeredygtig_cli.cli.options import QUIET_DAYS, FilterTexts, filters_of
from baeredygtig_cli.domain.query import (
    Filters,
    select,
)
from baeredygtig_cli.errors import PlanError
from baeredygtig_cli.planfile import disk

if TYPE_CHECKING:
    from rich.console import Console

    from baeredygtig_cli.domain.model import Activity, Plan
    from baeredygtig_cli.history.versions import Quiet, Series
    from baeredygtig_cli.output.terminal import Screen


def plan_for(file: Path | None, per: str | None = None) -> Plan:
    """The plan: the working copy, or with `--per` the version in git at that day or revision (said
    in one line on stderr, so that a table or a JSON answer on stdout stays as it is)."""
    path = disk.find_plan_file(file, Path.cwd())
    if per is None:
        from baeredygtig_cli.planfile.kept import load_plan

        return load_plan(path)
    from baeredygtig_cli.history.gitrepo import plan_as_of

    as_of = plan_as_of(path, per)
    print(f"plan: {as_of.said}", file=sys.stderr)
    return as_of.plan


def rich_console() -> Console:
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            """Rich would exit 1 ("check found problems"); the boundary treats a closed pipe as done."""
            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    return _Console(highlight=False)


def make_screen() -> Screen:
    """Where `plan list`, `plan due` and the plan's memory draw, without Rich's Console (screen.py)."""
    from baeredygtig_cli.output.terminal import Screen

    return Screen.detect()


def write_out(text: str) -> None:
    """Write in pieces: after one huge write into a pipe whose reader left, CPython's buffered writer
    reports the part it wrote and drops the error, so `plan list --json | head` would exit 0."""
    for start in range(0, len(text), 1 << 16):
        sys.stdout.write(text[start : start + (1 << 16)])
    sys.stdout.flush()


def write_wrapped(text: str) -> None:
    """A sentence or two for a person (what was done, what to do next), wrapped between words to the
    terminal's width (80 in a pipe), each wrapped line under its text."""
    from baeredygtig_cli.output.historyviews import fitted
    from baeredygtig_cli.output.text import terminal_width

    write_out(fitted(text, terminal_width()))


def selection(file: Path | None, filters: FilterTexts, per: str | None = None) -> tuple[Plan, list[Activity]]:
    """The plan (with `per`, the plan as it stood then) and its activities that pass the filters."""
    plan = plan_for(file, per)
    return plan, select(plan.activities, filters_of(plan, filters))


def answer_day(today: date | None, per: str | None, file: Path | None) -> date:
    """The day to answer for: --i-dag if given; else the day --per names (a date, or the date of the
    commit a revision names); else today."""
    if today is not None or per is None:
        return resolve_today(today)
    from baeredygtig_cli.history.gitrepo import day_of

    return day_of(disk.find_plan_file(file, Path.cwd()), per)


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def show_quiet(
    file: Path | None,
    per: str | None,
    plan: Plan,
    candidates: list[Activity],
    day: date,
    days: int,
    *,
    json: bool,
    kort: bool = False,
) -> None:
    """`plan due --stille`: the quiet ones, with their last change; with `kort`, one line each. In a
    shallow clone whose history the answer reaches the start of, one line on stderr says so."""
    from baeredygtig_cli.history.versions import History, quiet

    history = History.open(disk.find_plan_file(file, Path.cwd()), per)
    answer = quiet(history, plan, candidates, day, days=days, working_copy=per is None)
    if answer.cut is not None:
        from baeredygtig_cli.output.historyviews import cut_said

        print(f"plan: {cut_said(answer.cut, len(answer.undecided))}", file=sys.stderr)
    if json:
        from baeredygtig_cli.output.jsonout import quiet_json

        return write_out(quiet_json(answer.found, day))
    from baeredygtig_cli.output.historyviews import quiet_lines, show

    screen = make_screen()
    width = screen.width if kort else None  # as `plan due --kort`: the activity cut to the width
    show(quiet_lines(answer.found, day, days, plan.scale, compact=width), write_out, lambda: screen)


def quiet_hint(
    days: int, today: date | None, per: str | None, file: Path | None, filters: FilterTexts
) -> str:
    """The command that lists what `plan due` flagged: `plan due --stille` with the options that make
    its answer the same one (the filters, --dage, --i-dag, --per, --fil)."""
    import shlex

    words = ["plan aktuelt --stille"]  # option names as they are; values quoted for the shell
    named = (
        ("--ansvarlig", filters.ansvarlig), ("--emne", filters.emne), ("--status", filters.status),
        ("--søg", filters.search), ("--part", filters.part), ("--tovholder", filters.tovholder),
    )  # fmt: skip
    words += [f"{option} {shlex.quote(text)}" for option, texts in named for text in texts]
    if filters.mine:
        words.append("--mig")
    if days != QUIET_DAYS:
        words.append(f"--dage {days}")
    if today is not None:
        words.append(f"--i-dag {today.isoformat()}")
    if per is not None:
        words.append(f"--per {shlex.quote(per)}")
    if file is not None:
        words.append(f"-f {shlex.quote(str(file))}")
    return " ".join(words)


def quiet_or_none(
    file: Path | None, per: str | None, plan: Plan, candidates: list[Activity], day: date, days: int
) -> list[Quiet] | None:
    """For `plan due` to flag: the quiet ones, or None when there is no history to tell (no git). In
    a shallow clone, only those known to be quiet."""
    if not candidates:
        return None
    from baeredygtig_cli.history.versions import History, quiet

    try:  # the flag is a hint: without the history (no git, a partial clone offline) none is given
        history = History.open(disk.find_plan_file(file, Path.cwd()), per)
        return quiet(history, plan, candidates, day, days=days, working_copy=per is None, whole=False).found
    except PlanError:
        return None


def show_progress(
    file: Path | None, per: str | None, plan: Plan, day: date, weeks: bool, json: bool, filters: Filters
) -> None:
    """`plan summary --over-tid`."""
    from baeredygtig_cli.history.versions import MONTHS, WEEKS, History, series

    history = History.open(disk.find_plan_file(file, Path.cwd()), per)
    found = series(history, plan, day, unit=WEEKS if weeks else MONTHS, filters=filters)
    from baeredygtig_cli.output.historyviews import cut_said, passed_over_said

    cut = history.cut_at()
    if cut is not None:
        print(f"plan: {cut_said(cut)}", file=sys.stderr)
    if found.passed_over:
        print(f"plan: {passed_over_said(found.passed_over)}", file=sys.stderr)
    if json:
        from baeredygtig_cli.output.jsonout import series_json

        return write_out(series_json(found))
    from baeredygtig_cli.output.historyviews import plain_bars, series_lines, show

    screen = make_screen()
    lines = series_lines(found, plan.scale, plan.title, screen.width, plain=plain_bars())
    show(lines, write_out, lambda: screen)


def series_or_none(
    file: Path | None, per: str | None, plan: Plan, day: date, filters: Filters
) -> Series | None:
    """The monthly series for the HTML page (of the activities the filters pick, as the page shows
    them), or None when the plan is not in git."""
    from baeredygtig_cli.history.versions import History, series

    try:
        history = History.open(disk.find_plan_file(file, Path.cwd()), per)
    except PlanError:
        return None
    return series(history, plan, day, filters=filters)


def is_day(text: str) -> bool:
    """ÅÅÅÅ-MM-DD: a day, whose meaning does not move as a branch does."""
    parts = text.strip().split("-")
    return len(parts) == 3 and [len(p) for p in parts] == [4, 2, 2] and all(p.isdigit() for p in parts)

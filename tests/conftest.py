"""What the tests share: the shipped plan and the facts about it, the one way to run `plan` in-process,
golden files (`pytest --update-golden` rewrites them), git in a scratch repository, outside tools, and
a guard against table-driven tests with a row written twice.

Hypothesis strategies for plans in hand-edited styles live in tests/strategies.py, the page model and
contrast arithmetic for the HTML export in tests/htmlcheck.py: test modules import from those (and
from here), never from each other."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import typer
from hypothesis import settings
from typer.testing import CliRunner, Result

from baeredygtig_cli.cli import app

pytest_plugins = ["pytester"]  # tests/test_helpers.py runs pytest on small test files

# `make fuzz`: the same property tests with many more examples.
settings.register_profile("fuzz", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# --- the shipped plan, and what is true of it ------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
# The tests' own copy of the plan shipped in the repository: the user's plan.yaml in the same clone is
# theirs to edit, and `make test` must pass whatever they wrote there (`away_from_the_working_plan`).
SHIPPED_PLAN = Path(__file__).resolve().parent / "data" / "plan.yaml"
SEED = Path(__file__).resolve().parent / "data" / "seed.tsv"  # the original document, as a table
GOLDEN = Path(__file__).resolve().parent / "golden"
F = ("-f", str(SHIPPED_PLAN))  # `plan ... -f plan.yaml`: the shipped plan, wherever the test runs

# The shipped plan's statuses (also the default scale).
STATUSES = ["Afventer", "Under forberedelse", "I gang", "Afsluttet"]

# The unfinished activities of the shipped plan whose period touches March 2020.
MARCH_2020 = {18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 39, 42}

# Every distinct TIDSPUNKT of the seed plan, read with the plan's year 2020: (text, year, start, end).
D = date
SEED_TIMINGS = [
    ("5. december", 2019, D(2019, 12, 5), D(2019, 12, 5)),
    ("28. januar", 2020, D(2020, 1, 28), D(2020, 1, 28)),
    ("Januar", 2020, D(2020, 1, 1), D(2020, 1, 31)),
    ("7. februar", 2020, D(2020, 2, 7), D(2020, 2, 7)),
    ("Februar", 2020, D(2020, 2, 1), D(2020, 2, 29)),
    ("20. februar", 2020, D(2020, 2, 20), D(2020, 2, 20)),
    ("18. februar", 2020, D(2020, 2, 18), D(2020, 2, 18)),
    ("23/24. februar", 2020, D(2020, 2, 23), D(2020, 2, 24)),
    ("26. februar", 2020, D(2020, 2, 26), D(2020, 2, 26)),
    ("28. Februar", 2020, D(2020, 2, 28), D(2020, 2, 28)),
    ("IFebruar og frem", 2020, D(2020, 2, 1), D(2020, 12, 31)),
    ("Februar og frem", 2020, D(2020, 2, 1), D(2020, 12, 31)),
    ("Februar-marts", 2020, D(2020, 2, 1), D(2020, 3, 31)),
    ("Februar-maj", 2020, D(2020, 2, 1), D(2020, 5, 31)),
    ("5. marts", 2020, D(2020, 3, 5), D(2020, 3, 5)),
    ("Marts-april", 2020, D(2020, 3, 1), D(2020, 4, 30)),
    ("Marts-maj", 2020, D(2020, 3, 1), D(2020, 5, 31)),
    ("Marts", 2020, D(2020, 3, 1), D(2020, 3, 31)),
    ("Marts og frem", 2020, D(2020, 3, 1), D(2020, 12, 31)),
    ("Marts- maj", 2020, D(2020, 3, 1), D(2020, 5, 31)),
    ("April-maj", 2020, D(2020, 4, 1), D(2020, 5, 31)),
    ("1. juni", 2020, D(2020, 6, 1), D(2020, 6, 1)),
    ("Juni", 2020, D(2020, 6, 1), D(2020, 6, 30)),
    ("Forår//sommer", 2020, D(2020, 3, 1), D(2020, 8, 31)),
    ("September", 2020, D(2020, 9, 1), D(2020, 9, 30)),
    ("November", 2020, D(2020, 11, 1), D(2020, 11, 30)),
    ("Løbende", 2020, D(2020, 1, 1), D(2020, 12, 31)),
    ("1. december", 2020, D(2020, 12, 1), D(2020, 12, 1)),
    ("December", 2020, D(2020, 12, 1), D(2020, 12, 31)),
]
SEED_PERIODS = {text: (start, end) for text, _, start, end in SEED_TIMINGS}


@pytest.fixture(autouse=True)
def away_from_the_working_plan(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test starts in an empty folder outside the repository: a command that is not told which
    plan to read finds none (and says so), rather than the plan.yaml the user is editing in this clone."""
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
    monkeypatch.delenv("PLAN_FILE", raising=False)


@pytest.fixture(autouse=True)
def _collectable_again() -> Iterator[None]:
    """A plan's nodes are frozen out of the cyclic collector's sight once read (bulk.gc_paused):
    right for a process that ends with its command; in this one long test run, they are handed back
    after each test, so what a test leaves behind is still collected."""
    yield
    import gc

    gc.unfreeze()


@pytest.fixture
def plan_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped plan.yaml, so tests may edit it."""
    target = tmp_path / "plan.yaml"
    shutil.copyfile(SHIPPED_PLAN, target)
    return target


# --- running `plan` in-process ---------------------------------------------------------------------


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """Typer's CliRunner in a known environment: no $PLAN_FILE from the caller, a 160-column terminal."""
    monkeypatch.delenv("PLAN_FILE", raising=False)
    monkeypatch.setenv("COLUMNS", "160")
    return CliRunner()


class Ran(NamedTuple):
    """What one `plan` run gave: its exit code, stdout and stderr (compares equal to a plain 3-tuple)."""

    code: int
    out: str
    err: str


def invoke(
    runner: CliRunner | None,
    *args: str | Path,
    plan: Path | None = None,
    width: int | None = None,
    env: Mapping[str, str | None] | None = None,
    input: str | bytes | None = None,
    debug: bool = True,
) -> Result:
    """Run `plan ARGS...` in-process: the one way the tests invoke the command line.

    With `debug` (the default) PLAN_DEBUG=1 is set, so a bug of ours is not turned into one line and
    exit 3 but raised here with its traceback. Tests of that one line (exit 3) pass `debug=False`.
    `plan` adds `-f PLAN`; `width` sets the terminal's columns; `env` adds to or (with None) removes
    from the environment for this run. `runner=None` is for tests that cannot take the fixture
    (hypothesis): they name their plan with `-f`, which wins over a $PLAN_FILE of the caller's."""
    environment: dict[str, str | None] = {"PLAN_DEBUG": "1" if debug else None}
    if width is not None:
        environment["COLUMNS"] = str(width)
    environment.update(env or {})
    argv = [str(arg) for arg in args] + (["-f", str(plan)] if plan is not None else [])
    result = (runner or CliRunner()).invoke(app, argv, env=environment, input=input)
    if debug and result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def run(
    runner: CliRunner | None,
    *args: str | Path,
    plan: Path | None = None,
    width: int | None = None,
    env: Mapping[str, str | None] | None = None,
    input: str | bytes | None = None,
    debug: bool = True,
) -> Ran:
    """`invoke`, as (exit code, stdout, stderr)."""
    result = invoke(runner, *args, plan=plan, width=width, env=env, input=input, debug=debug)
    return Ran(result.exit_code, result.stdout, result.stderr)


def run_bytes(
    runner: CliRunner | None,
    *args: str | Path,
    plan: Path | None = None,
    width: int | None = None,
    env: Mapping[str, str | None] | None = None,
) -> bytes:
    """Stdout exactly as written (exports: a BOM, CRLF), of a run that must succeed."""
    result = invoke(runner, *args, plan=plan, width=width, env=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


# The command line of `plan` as a real process (for what CliRunner cannot show: pipes, signals, bytes).
PLAN_PROCESS = [sys.executable, "-m", "baeredygtig_cli"]


# --- golden files ----------------------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden files in tests/golden with what the code makes now (review the diff!)",
    )


Golden = Callable[[str, bytes], None]


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    """`golden(name, data)`: data must equal tests/golden/NAME byte for byte. With --update-golden the
    file is written instead (and the test passes), so an intended change of output is one command and
    a reviewed `git diff tests/golden`."""
    update = bool(request.config.getoption("--update-golden"))
    return lambda name, data: check_golden(GOLDEN / name, data, update=update)


def check_golden(path: Path, data: bytes, *, update: bool) -> None:
    if update:
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
        return
    assert path.is_file(), f"no golden file {path.name}: run pytest --update-golden"
    assert data == path.read_bytes(), (
        f"{path.name} differs; if the change is intended: pytest --update-golden"
    )


# --- what a fresh process imports ------------------------------------------------------------------

_MODULES_PROBE = """
import json, sys
from baeredygtig_cli.cli import main
sys.argv = ["plan", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
sys.stderr.write(json.dumps(sorted(sys.modules)))
"""


def modules_after(*args: str) -> set[str]:
    """Every module a fresh `plan ARGS` process has imported when it ends: import budgets are
    tested this way, without timing anything."""
    done = subprocess.run(
        [sys.executable, "-c", _MODULES_PROBE, json.dumps(list(args))],
        capture_output=True,
        text=True,
        check=False,
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


# --- git and outside tools -------------------------------------------------------------------------


def git(folder: Path, *args: str, when: str = "2020-02-01T10:00:00") -> str:
    """Run git in `folder` as a fixed author at a fixed time; its stdout, stripped."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t", "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}  # fmt: skip
    result = subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, env=env)
    return result.stdout.decode().strip()


def system_tool(*names: str) -> str:
    """The path of an outside program a real-consumer test needs (Chromium, LibreOffice, ...).

    Locally a missing tool skips the test with a visible reason; in CI (CI=true, where `.ci/run`
    installs them) a missing tool fails it, so those tests can never silently stop running."""
    return _system_tool(names)


def _system_tool(names: Sequence[str]) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    reason = f"{' / '.join(names)} er ikke installeret"
    if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
        pytest.fail(f"{reason}, men CI skal køre denne test (se .ci/run)")
    pytest.skip(reason)


# --- table-driven tests: no row twice --------------------------------------------------------------


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """dateutil's guard (its tests/test_parser.py), for every parametrized test: a row written twice
    runs twice and hides the row that was meant instead. Rows are compared by their values' repr."""
    seen: dict[tuple[str, str], str] = {}
    twice = []
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is None:
            continue
        function = item.nodeid.partition("[")[0]
        row = repr(sorted(callspec.params.items()))
        first = seen.setdefault((function, row), item.nodeid)
        if first != item.nodeid:
            twice.append(f"{item.nodeid} repeats {first}")
    if twice:
        raise pytest.UsageError("a table-driven test has a row twice:\n  " + "\n  ".join(twice))


def all_commands() -> dict[str, Any]:
    """Every command of `plan`, by each of its names (the Danish one, then its English alias), built as
    the group builds one when it is run (public Click: `list_commands` and `get_command`)."""
    from baeredygtig_cli.cli.commands import names_of

    group = typer.main.get_command(app)
    ctx = typer.Context(group)
    return {
        name: group.get_command(ctx, name)  # type: ignore[attr-defined]
        for danish in group.list_commands(ctx)  # type: ignore[attr-defined]
        for name in names_of(danish)
    }


@contextmanager
def hang_guard(seconds: int) -> Iterator[None]:
    """Fail, rather than wait forever, if the block has not finished after `seconds`: a guard against
    a hang (a FIFO read, a runaway loop), not a measure of speed. The bound is generous on purpose;
    no test here asserts how fast anything is (benchmarks/ does that, as ratios within one run)."""
    import signal

    def hung(signum: int, frame: object) -> None:
        raise AssertionError(f"must answer, not hang (still running after {seconds} s)")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)

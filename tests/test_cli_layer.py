"""The command-line layer: Danish help and usage errors (danish.py), the process boundary (closed
pipes, full disks, bytes that are not UTF-8, unreadable files), `--version`, `--file` before the command,
repeated filters, "no status", and `check` over several files."""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from baeredygtig_cli import __version__
from baeredygtig_cli.cli import app, danish
from baeredygtig_cli.domain.query import Filters, select
from baeredygtig_cli.errors import PlanError
from baeredygtig_cli.planfile import schema

from .conftest import PLAN_PROCESS as PLAN
from .conftest import ROOT, SHIPPED_PLAN, F, all_commands, run

# Words of Click's and Typer's English that must never reach a user of the Danish interface.
ENGLISH = (
    "Usage", "Options", "Arguments", "Commands", "COMMAND", "OPTIONS", "ARGS", "default", "required",
    "No such", "Permission", "Invalid", "Missing", "Error", "Got unexpected", "does not take",
    "requires an argument", "Did you mean", "Possible options", "Try", "Show this message", "env var",
    "is not readable", "does not exist", "Aborted", "DEPRECATED", "dynamic", "Input should", "not a valid",
    "Choose from", "option", "command", "value", "argument\\(s\\)", "Traceback",
)  # fmt: skip
ENGLISH_WORD = re.compile(r"\b(?:" + "|".join(ENGLISH) + r")\b")
PYTHON_TYPE = re.compile(r"<(?:str|int|float|bool|Path|list|tuple)\b[^>]*>|\{[A-ZÆØÅ. ]+\}")


def english_in(text: str) -> list[str]:
    return ENGLISH_WORD.findall(text) + PYTHON_TYPE.findall(text)


def subprocess_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PLAN_FILE", "PLAN_DEBUG")}
    return {**env, "COLUMNS": "100", **extra}


COMMANDS = sorted(all_commands())


# --- what danish_click relies on in Typer ----------------------------------------------------


def test_what_danish_click_relies_on_in_typer_is_still_there() -> None:
    """Fails with a list of names when a Typer upgrade moves what danish.py reaches into."""
    missing = []
    for module_name, dotted in danish.RELIED_ON:
        try:
            found: object = importlib.import_module(module_name)
        except ImportError:
            missing.append(module_name)
            continue
        for part in dotted.split("."):
            found = getattr(found, part, None)
            if found is None:
                missing.append(f"{module_name}.{dotted}")
                break
    group = get_command(app)
    ctx = group.make_context("plan", ["list"], resilient_parsing=True)
    missing += [f"Context.{a}" for a in danish.CONTEXT_ATTRIBUTES if not hasattr(ctx, a)]
    for command in (group, *all_commands().values()):
        for param in command.get_params(ctx):
            missing += [f"{type(param).__name__}.{a}" for a in danish.PARAMETER_ATTRIBUTES
                        if not hasattr(param, a)]  # fmt: skip
    assert not missing, (
        f"Typer {typer.__version__} no longer has what src/baeredygtig_cli/danish.py relies on: "
        f"{sorted(set(missing))}. Adapt danish.py to the new typer._click before widening the "
        "Typer pin in pyproject.toml."
    )


def test_the_app_runs_on_the_danish_classes() -> None:
    group = get_command(app)
    assert isinstance(group, danish.DanishGroup)
    assert all(isinstance(c, danish.DanishCommand) for c in all_commands().values())


# --- no English in help -------------------------------------------------------------------


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_help_page_is_danish(runner: CliRunner, command: str | None) -> None:
    args = [command, "--help"] if command else ["--help"]
    code, out, err = run(runner, *args)
    assert (code, err) == (0, "")
    assert out.startswith(f"Brug: plan {command} [TILVALG]" if command else "Brug: plan [TILVALG]")
    assert english_in(out) == [], out
    assert "Tilvalg:" in out and "-h, --help      " in out.replace("-h, --help ", "-h, --help      ")


def test_plan_alone_shows_the_danish_overview(runner: CliRunner) -> None:
    code, out, err = run(runner)
    assert code == 2
    assert (out + err).startswith("Brug: plan [TILVALG] KOMMANDO [ARGUMENTER]...\n")
    assert english_in(out + err) == []


@pytest.mark.parametrize(
    ("args", "usage"),
    [
        (["--help"], "Brug: plan [TILVALG] KOMMANDO [ARGUMENTER]..."),
        (["list", "--help"], "Brug: plan list [TILVALG]"),
        (["period", "--help"], "Brug: plan period [TILVALG] TIDSPUNKT"),
        (["show", "--help"], "Brug: plan show [TILVALG] ID"),
        (["check", "--help"], "Brug: plan check [TILVALG] [FIL]..."),
        (["set-status", "--help"], "Brug: plan set-status [TILVALG] [ID...] STATUS"),
        (["completion", "--help"], "Brug: plan completion [TILVALG] SKAL"),
    ],
)
def test_usage_lines_are_danish_with_click_style_arguments(
    runner: CliRunner, args: list[str], usage: str
) -> None:
    assert run(runner, *args)[1].splitlines()[0] == usage


def test_arguments_and_options_show_danish_metavars_not_python_types(runner: CliRunner) -> None:
    out = run(runner, "period", "--help")[1]
    assert "\n  TIDSPUNKT  Et tidspunkt, som det skrives i planen" in out
    assert "  -y, --år, --year ÅR    Året for tidspunkter uden årstal" in out
    out = run(runner, "check", "--help")[1]
    assert "\n  FIL...  Filer at tjekke" in out
    out = run(runner, "summary", "--help")[1]
    assert "[standard:" in out and "emne]" in out
    out = run(runner, "--help")[1]
    assert "[miljøvariabel: PLAN_FILE]" in out and "--version              Vis versionen og afslut." in out


# --- usage errors, one Danish line each -----------------------------------------

BAD_USAGE = [
    (["list", "-x"], "ukendt tilvalg -x (se 'plan list --help')"),
    (["list", "--stat", "x"], "ukendt tilvalg --stat – mente du --status? (se 'plan list --help')"),
    (["list", "--farve\x1b[31m"], "ukendt tilvalg --farve\\x1b[31m (se 'plan list --help')"),
    (["--nope"], "ukendt tilvalg --nope (se 'plan --help')"),
    (["lst"], "ukendt kommando 'lst' – mente du list? (se 'plan --help')"),
    (["xyz"], "ukendt kommando 'xyz' (se 'plan --help')"),
    (["show"], "mangler argumentet ID (se 'plan show --help')"),
    (["set-status"], "mangler argumentet [ID...] STATUS (se 'plan set-status --help')"),
    (["completion"], "mangler argumentet SKAL (se 'plan completion --help')"),
    (["show", "1", "2"], "uventet ekstra argument: 2 (se 'plan show --help')"),
    (["show", "1", "2", "3"], "uventet ekstra argumenter: 2 3 (se 'plan show --help')"),
    (["period", "marts", "--year", "abc"], "--year skal være et heltal (se 'plan period --help')"),
    (["add", "--emne", "x"], "mangler tilvalget --tidspunkt (se 'plan add --help')"),
    (["export"], "mangler tilvalget --format (se 'plan export --help')"),  # 10.13: was --format' / '-F
    (["list", "--json=ja"], "tilvalget --json tager ingen værdi; skriv bare --json (se 'plan list --help')"),
    (["timeline", "--weeks=1"], "tilvalget --weeks tager ingen værdi; skriv bare --weeks (se 'plan timeline --help')"),
    (["list", "-e"], "tilvalget -e skal have en værdi (se 'plan list --help')"),
    (["due", "--week"], "tilvalget --week skal have en værdi (se 'plan due --help')"),
    (["-f"], "tilvalget -f skal have en værdi (se 'plan --help')"),
    (["-f", "plan.yaml"], "mangler en kommando (se 'plan --help')"),
    (["list", "--ansvarlig", ""], "--ansvarlig må ikke være tom (se 'plan list --help')"),
    (["summary", "-q", "  "], "--søg må ikke være tom (se 'plan summary --help')"),
    (["completion", "tcsh"], "ukendt skal 'tcsh' (kendte: bash, zsh, fish) (se 'plan completion --help')"),
    (["list", "-a", "M\udcf8de"], "argumentet 'M\\xf8de' er ikke gyldig UTF-8; tjek terminalens tegnsæt "
                                   "(fx LANG=da_DK.UTF-8)"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), BAD_USAGE, ids=[" ".join(a) for a, _ in BAD_USAGE])
def test_bad_usage_is_one_danish_line(runner: CliRunner, args: list[str], message: str) -> None:
    code, out, err = run(runner, *args)
    assert (code, out, err) == (2, "", f"plan: {message}\n")
    assert english_in(err) == []


def test_an_unknown_usage_error_is_still_danish(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """A usage error Click may add one day: a Danish sentence, its English only with PLAN_DEBUG."""
    error = danish.UsageError("Something new went wrong.")
    monkeypatch.delenv("PLAN_DEBUG", raising=False)
    assert danish.usage_message(error) == "kommandolinjen kan ikke forstås"
    monkeypatch.setenv("PLAN_DEBUG", "1")
    assert danish.usage_message(error) == "kommandolinjen kan ikke forstås (Something new went wrong.)"


# --- the process boundary, in real processes -----------------------------------------


def big_plan(folder: Path, count: int = 3000) -> Path:
    """A plan whose `list` output is far larger than a pipe's buffer."""
    head = "titel: Stor plan\når: 2020\naktiviteter:\n"
    body = "".join(
        f"  - id: {i}\n    tidspunkt: marts\n    emne: [Emne {i % 7}]\n"
        f"    aktivitet: Aktivitet nummer {i} med en tekst, der fylder en del på linjen\n"
        f"    ansvarlig: Koordinator for Bæredygtig Udvikling\n    status: Afventer\n"
        for i in range(1, count + 1)
    )
    path = folder / "stor.yaml"
    path.write_text(head + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [["list"], ["list", "--json"], ["due", "--today", "2020-06-15"], ["timeline", "--today", "2020-06-15"],
     ["summary", "--today", "2020-06-15"], ["export", "-F", "csv"], ["show", "18"], ["--help"], ["list", "--help"],
     ["--version"], ["completion", "bash"]],
)  # fmt: skip
def test_a_reader_that_is_gone_before_the_first_line_is_not_a_failure(args: list[str]) -> None:
    """`plan list | head -0`, or a reader that exited: no message, and exit 141 as a Unix tool killed by
    SIGPIPE shows in the shell; never 1, which means "check found problems"."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run([*PLAN, *args, *(F if args[0] not in ("--help", "--version", "completion") else [])],
                                stdout=write_end, stderr=subprocess.PIPE, env=subprocess_env(), check=False)  # fmt: skip
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr.decode()) == (141, "")


@pytest.mark.parametrize("args", [["list"], ["list", "--json"], ["check"]])
def test_plan_list_into_head_stops_quietly(tmp_path: Path, args: list[str]) -> None:
    """The real pipeline: `plan list | head -2` on output far larger than the pipe's buffer."""
    path = big_plan(tmp_path)
    if args == ["check"]:  # a check that finds a problem in every activity
        path.write_text(path.read_text(encoding="utf-8").replace("marts", "martz"), encoding="utf-8")
    writer = subprocess.Popen([*PLAN, *args, "-f", str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env=subprocess_env())  # fmt: skip
    assert writer.stdout is not None and writer.stderr is not None
    head = subprocess.run(["head", "-2"], stdin=writer.stdout, capture_output=True, check=True)
    writer.stdout.close()
    stderr = writer.stderr.read().decode()
    assert (writer.wait(timeout=60), stderr) == (141, "")
    assert head.stdout.decode().count("\n") == 2


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize(
    "args",
    [["list"], ["list", "--json"], ["export", "-F", "csv"], ["check", "x.yaml"], ["--help"], ["--version"]],
)
def test_a_full_disk_is_one_danish_line_exit_2(args: list[str], tmp_path: Path) -> None:
    """`plan list > /dev/full`: the user's environment, not our bug (exit 3 before)."""
    broken = tmp_path / "x.yaml"
    broken.write_text(
        "titel: T\når: 2020\naktiviteter: [{id: 1}]\n", encoding="utf-8"
    )  # check finds problems
    extra = F if args[0] in ("list", "export") else []
    with open("/dev/full", "w") as full:
        result = subprocess.run([*PLAN, *args, *extra], stdout=full, stderr=subprocess.PIPE, cwd=tmp_path,
                                env=subprocess_env(), check=False)  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.decode() == "plan: kan ikke skrive output: der er ikke mere plads på disken\n"


@pytest.mark.parametrize(
    ("args", "code"), [(["list", "--json"], 2), (["list"], 2), (["--version"], 2), (["check"], 0)]
)
def test_a_closed_stdout_is_one_danish_line(args: list[str], code: int) -> None:
    """`plan list >&-`: Python starts with no sys.stdout, and every write was a traceback."""
    result = subprocess.run([*PLAN, *args, *F], stderr=subprocess.PIPE, env=subprocess_env(),
                            preexec_fn=lambda: os.close(1), check=False)  # fmt: skip
    assert result.returncode == code
    assert result.stderr.decode() == ("plan: kan ikke skrive output: outputtet er lukket\n" if code else "")


def test_an_argument_that_is_not_utf8_is_one_danish_line(plan_copy: Path) -> None:
    """`--ansvarlig $'M\\xf8de'` from a Latin-1 terminal matched nothing and `add` crashed (exit 3)."""
    before = plan_copy.read_bytes()
    for args in (
        [b"list", b"--ansvarlig", b"M\xf8de"],
        [b"add", b"--tidspunkt", b"maj", b"-e", b"A", b"--aktivitet", b"M\xf8de", b"--ansvarlig", b"x"],
    ):
        result = subprocess.run([*PLAN, *args, b"-f", bytes(plan_copy)], capture_output=True,
                                env=subprocess_env(), check=False)  # fmt: skip
        assert (result.returncode, result.stdout) == (2, b"")
        assert result.stderr.decode() == (
            "plan: argumentet 'M\\xf8de' er ikke gyldig UTF-8; tjek terminalens tegnsæt (fx LANG=da_DK.UTF-8)\n"
        )
    assert plan_copy.read_bytes() == before


# --- a plan file the user may not read ---------------------------------------------------------


class RunAs(NamedTuple):
    """How to run `plan` as someone who may not read a mode-000 file: a command prefix, subprocess
    arguments."""

    prefix: list[str]
    kwargs: dict[str, Any]


def _can_run_plan(run_as: RunAs, folder: Path) -> str | None:
    """None if `plan` runs this way, else why not."""
    try:
        probe = subprocess.run([*run_as.prefix, sys.executable, "-c", "import baeredygtig_cli.cli"],
                               capture_output=True, cwd=folder, env=subprocess_env(PYTHONDONTWRITEBYTECODE="1"),
                               check=False, **run_as.kwargs)  # fmt: skip
    except OSError as error:
        return str(error)
    return None if probe.returncode == 0 else probe.stderr.decode()[-200:]


@pytest.fixture
def unreadable_plan() -> Iterator[tuple[Path, RunAs]]:
    """A plan.yaml that the user running `plan` may not read. As root: the `nobody` user if it can run
    this checkout, else root without the capabilities that bypass file permissions (setpriv); as anyone
    else: oneself. Never by patching the reader."""
    folder = Path(tempfile.mkdtemp(prefix="plan-unreadable-"))
    folder.chmod(0o755)
    path = folder / "plan.yaml"
    shutil.copyfile(SHIPPED_PLAN, path)
    path.chmod(0)
    try:
        run_as = RunAs([], {})
        if os.geteuid() == 0:
            reasons = []
            try:
                nobody = pwd.getpwnam("nobody")
                candidates = [RunAs([], {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []})]
            except KeyError:
                candidates, reasons = [], ["no 'nobody' user"]
            setpriv = shutil.which("setpriv")
            if setpriv:
                candidates.append(RunAs([setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"], {}))
            for candidate in candidates:
                reason = _can_run_plan(candidate, folder)
                if reason is None:
                    run_as = candidate
                    break
                reasons.append(reason)
            else:
                pytest.skip(f"running as root, and no way to run plan without root's read access: {reasons}")
        elif os.access(path, os.R_OK):
            pytest.skip("this user can read a file with mode 000 (a capability such as CAP_DAC_OVERRIDE)")
        yield path, run_as
    finally:
        path.chmod(0o644)
        shutil.rmtree(folder)


@pytest.mark.parametrize(
    "args", [["list"], ["check", "{path}"], ["-f", "{path}", "list"], ["list", "-f", "{path}"]]
)
def test_an_unreadable_plan_is_said_in_danish(unreadable_plan: tuple[Path, RunAs], args: list[str]) -> None:
    """Typer checked readability itself and said "Invalid value for '--file' ... is not readable"."""
    path, run_as = unreadable_plan
    argv = [a.format(path=path) for a in args]
    result = subprocess.run([*run_as.prefix, *PLAN, *argv], capture_output=True, cwd=path.parent,
                            env=subprocess_env(PYTHONDONTWRITEBYTECODE="1"), check=False, **run_as.kwargs)  # fmt: skip
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr.decode() == f"plan: {path}: ingen adgang til at læse filen\n"


# --- check over several files ----------------------------------------------------------------

BROKEN = "titel: T\når: 2020\naktiviteter:\n  - id: 1\n    tidspunkt: Martz\n    emne: [A]\n    aktivitet: x\n    ansvarlig: y\n"


def test_check_reports_every_file_then_exits_with_the_worst_code(runner: CliRunner, tmp_path: Path) -> None:
    broken, missing, good = tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "c.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    shutil.copyfile(SHIPPED_PLAN, good)
    problem = f"{broken}:5: aktivitet 1: tidspunkt 'Martz' kan ikke læses – mente du 'marts'?\n"
    code, out, err = run(runner, "check", str(broken), str(missing), str(good))
    assert (code, out, err) == (2, problem, f"plan: {missing}: filen findes ikke\n")
    code, out, err = run(runner, "check", str(missing), str(broken))  # the order does not matter
    assert (code, out, err) == (2, problem, f"plan: {missing}: filen findes ikke\n")
    assert run(runner, "check", str(broken), str(good)) == (1, problem, "")
    assert run(runner, "check", str(good), str(good)) == (0, "", "")


def test_the_tour_says_what_check_exits_with() -> None:
    tour = (ROOT / "docs" / "TOUR.md").read_text(encoding="utf-8")
    section = tour[tour.index("\n## `plan check`") : tour.index("\n## `plan due`")]
    assert "exit 1" in section and "exit 2" in section and "the worst" in section


# --- --version, and --file before the command ------------------------------------------------


def test_version(runner: CliRunner) -> None:
    assert run(runner, "--version") == (0, f"plan {__version__}\n", "")
    assert __version__ == importlib.metadata.version("baeredygtig-cli")


def ids(runner: CliRunner, *args: str) -> list[int]:
    code, out, err = run(runner, *args)
    assert code == 0, err
    return [record["id"] for record in json.loads(out)]


def test_file_before_or_after_the_command(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = tmp_path / "lille.yaml"
    small.write_text(BROKEN.replace("Martz", "marts"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # no plan.yaml here
    assert len(ids(runner, "-f", str(SHIPPED_PLAN), "list", "--json")) == 44
    assert len(ids(runner, "--file", str(SHIPPED_PLAN), "list", "--json")) == 44
    assert ids(runner, "-f", str(SHIPPED_PLAN), "list", "--json", "-f", str(small)) == [1]  # after wins
    monkeypatch.setenv("PLAN_FILE", str(small))
    assert ids(runner, "list", "--json") == [1]
    assert len(ids(runner, "-f", str(SHIPPED_PLAN), "list", "--json")) == 44  # the command line wins
    assert len(ids(runner, "list", "--json", "-f", str(SHIPPED_PLAN))) == 44
    code, out, _ = run(runner, "-f", str(SHIPPED_PLAN), "show", "18")
    assert code == 0 and "Byråds- og Direktionssekretariatet" in out


# --- repeated filters ------------------------------------------------------------------------


def test_a_repeated_filter_matches_either_value(runner: CliRunner) -> None:
    pulje, inspiration = (
        ids(runner, "list", "--json", *F, "-e", "pulje"),
        ids(runner, "list", "--json", *F, "-e", "inspiration"),
    )
    both = ids(runner, "list", "--json", *F, "-e", "pulje", "-e", "inspiration")
    assert both == sorted(set(pulje) | set(inspiration)) and len(both) == 29
    for option, values in (("-a", ("kommunale", "udbud")), ("-s", ("i gang", "afs")), ("-m", ("jan", "juni")),
                           ("-q", ("HMU", "Campus"))):  # fmt: skip
        one, two = (ids(runner, "list", "--json", *F, option, v) for v in values)
        assert ids(runner, "list", "--json", *F, option, values[0], option, values[1]) == sorted(
            set(one) | set(two)
        )
        assert one and two and set(one) != set(two)


def test_different_filters_still_combine_with_and(runner: CliRunner) -> None:
    either = ids(runner, "list", "--json", *F, "-e", "pulje", "-e", "inspiration")
    waiting = ids(runner, "list", "--json", *F, "-s", "afventer")
    combined = ids(runner, "list", "--json", *F, "-e", "pulje", "-e", "inspiration", "-s", "afventer")
    assert combined == sorted(set(either) & set(waiting))
    assert combined == [19, 20, 28, 31, 32, 33, 35, 36, 38, 39, 40, 41, 42, 43, 44]


def test_repeated_filters_on_every_read_command(runner: CliRunner) -> None:
    expected = ids(runner, "list", "--json", *F, "-e", "pulje", "-e", "inspiration")
    filters = ["-e", "pulje", "-e", "inspiration", *F]
    due = ids(runner, "due", "--json", "--alle", "-m", "jan", "-m", "dec", *filters)
    assert due == [18, 19, 31, 32, 42, 43, 44]  # January and December, both emner, none finished
    assert set(due) <= set(expected)
    code, out, _ = run(runner, "summary", "--json", "--today", "2020-06-15", *filters)
    assert code == 0 and json.loads(out)["i_alt"]["antal"] == len(expected)
    code, out, _ = run(runner, "export", "-F", "csv", *filters)
    assert code == 0 and len(out.splitlines()) == 1 + len(expected)
    code, out, _ = run(runner, "timeline", "--today", "2020-06-15", *filters)
    assert (
        code == 0
        and [int(line.split()[0]) for line in out.splitlines() if re.match(r"\s*\d+ ", line)] == expected
    )
    assert ids(runner, "due", "--json", "--alle", "-q", "pulje", "-m", "jan", "-m", "dec", *F) == [
        i for i in ids(runner, "due", "--json", "--alle", "-m", "jan", "-m", "dec", *F)
        if i in ids(runner, "list", "--json", "-q", "pulje", *F)
    ]  # fmt: skip


def test_due_over_several_months(runner: CliRunner) -> None:
    march = ids(runner, "due", "--json", "-m", "marts", *F)
    april = ids(runner, "due", "--json", "-m", "april", *F)
    both = ids(runner, "due", "--json", "-m", "marts", "-m", "april", *F)
    assert both == [i for i in ids(runner, "list", "--json", *F) if i in set(march) | set(april)]
    code, out, _ = run(runner, "due", "-m", "marts", "-m", "april", "--today", "2020-03-01", *F)
    assert code == 0 and f"Marts 2020, april 2020: {len(both)} aktiviteter" in out


def test_query_filters_are_tuples_and_speak_no_cli() -> None:
    plan = schema.load_plan(SHIPPED_PLAN)
    assert [a.id for a in select(plan.activities, Filters(status=(None,)))] == [37]
    with pytest.raises(PlanError) as raised:
        Filters(ansvarlig=("x", " "))
    assert "--" not in str(raised.value) and str(raised.value) == "et filter på ansvarlig må ikke være tomt"


# --- no status -------------------------------------------------------------------------------


def test_ingen_finds_the_activities_without_status(runner: CliRunner) -> None:
    assert ids(runner, "list", "--json", *F, "-s", "ingen") == [37]
    assert ids(runner, "list", "--json", *F, "-s", "INGEN", "-s", "afs") == [1, 2, 6, 37]
    code, out, _ = run(runner, "summary", "--json", "--today", "2020-06-15", "-s", "ingen", *F)
    assert code == 0 and json.loads(out)["i_alt"]["antal"] == 1


def test_set_status_ingen_clears_the_value_and_nothing_else(runner: CliRunner, plan_copy: Path) -> None:
    before = plan_copy.read_text(encoding="utf-8")
    old = schema.load_plan(plan_copy)
    code, out, err = run(runner, "set-status", "3", "37", "ingen", "-f", str(plan_copy))
    assert (code, out, err) == (0, "3: I gang → (ingen)\n37: (ingen) → (ingen)\n", "")
    after = plan_copy.read_text(encoding="utf-8")
    assert after == before.replace("    ansvarlig: Koordinator for Bæredygtig Udvikling\n    status: I gang\n\n  - id: 4",
                                   "    ansvarlig: Koordinator for Bæredygtig Udvikling\n    status:\n\n  - id: 4", 1)  # fmt: skip
    new = schema.load_plan(plan_copy)
    assert new.activity(3).status is None  # type: ignore[union-attr]
    assert [a for a in new.activities if a.id != 3] == [a for a in old.activities if a.id != 3]
    assert ids(runner, "list", "--json", "-s", "ingen", "-f", str(plan_copy)) == [3, 37]


GOOD = ("titel: T\når: 2020\nstatusser: [Afventer, I gang]\naktiviteter:\n"
        "  - id: 1\n    tidspunkt: marts\n    emne: [A]\n    aktivitet: x\n    ansvarlig: y\n    status: {status}\n")  # fmt: skip


@pytest.mark.parametrize(
    ("written", "left"),
    [
        ("I gang  # en note", "  # en note"),
        ("'I gang'", ""),
        ('"I gang"', ""),
        ("Afventer\t# tab", "\t# tab"),
    ],
)
def test_clearing_keeps_the_key_and_its_comment(
    runner: CliRunner, tmp_path: Path, written: str, left: str
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(GOOD.format(status=written), encoding="utf-8")
    assert run(runner, "set-status", "1", "ingen", "-f", str(path))[0] == 0
    assert path.read_text(encoding="utf-8") == GOOD.format(status="").replace(
        "status: \n", f"status:{left}\n"
    )
    assert schema.load_plan(path).activities[0].status is None


def test_clearing_an_anchored_status_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    text = GOOD.format(status="&s I gang") + GOOD.split("aktiviteter:\n")[1].replace("id: 1", "id: 2").format(
        status="*s"
    )
    path.write_text(text, encoding="utf-8")
    code, out, err = run(runner, "set-status", "1", "ingen", "-f", str(path))
    assert (code, out) == (2, "") and "plan.yaml:10: status har et YAML-anker" in err and "i hånden" in err
    assert path.read_text(encoding="utf-8") == text


def test_a_plan_with_a_status_called_ingen_keeps_it(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(
        GOOD.format(status="Afventer").replace("[Afventer, I gang]", "[Afventer, Ingen]"), encoding="utf-8"
    )
    assert run(runner, "set-status", "1", "ingen", "-f", str(path))[1] == "1: Afventer → Ingen\n"
    assert ids(runner, "list", "--json", "-s", "ingen", "-f", str(path)) == [1]


@pytest.mark.parametrize("args", [["list"], ["show", "3"], ["due", "--month", "marts"]])
def test_an_output_that_cannot_show_the_plan_is_the_environment(args: list[str]) -> None:
    """PYTHONIOENCODING=ascii cannot show "æ": one Danish line saying what to set, exit 2, not
    "uventet fejl" and exit 3."""
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = subprocess.run(
        [sys.executable, "-m", "baeredygtig_cli", *args, "-f", str(SHIPPED_PLAN)],
        capture_output=True, env=env, check=False,
    )  # fmt: skip
    err = done.stderr.decode("ascii", "replace")
    assert done.returncode == 2, err
    assert len(err.splitlines()) == 1 and "PYTHONIOENCODING=utf-8" in err and "uventet" not in err


LATIN_1_COMMANDS = [
    ["list"], ["list", "--json"], ["show", "3"], ["due", "--month", "marts", "--i-dag", "2020-03-15"],
    ["due", "--i-dag", "2020-03-15"], ["timeline", "--i-dag", "2020-03-15"], ["summary", "--i-dag", "2020-03-15"],
    ["parter"], ["list", "--måned", "xyz"],
]  # fmt: skip


@pytest.mark.parametrize("args", LATIN_1_COMMANDS, ids=" ".join)
def test_a_latin_1_terminal_gets_the_danish_letters_and_ascii_for_our_own_signs(args: list[str]) -> None:
    """A Latin-1 terminal (PYTHONIOENCODING=latin-1) holds every Danish letter; the dashes, ellipses,
    arrows and lines plan adds itself are written as ASCII there, so every command answers in full."""
    env = {**os.environ, "PYTHONIOENCODING": "latin-1", "COLUMNS": "100"}
    done = subprocess.run([sys.executable, "-m", "baeredygtig_cli", *args, "-f", str(SHIPPED_PLAN)],
                          capture_output=True, env=env, check=False)  # fmt: skip
    out, err = done.stdout.decode("latin-1"), done.stderr.decode("latin-1")
    if args[-1] == "xyz":  # an error of the user's: its line in Latin-1, the dash as ASCII
        assert (done.returncode, out) == (2, "")
        assert err == "plan: ukendt måned 'xyz' - skriv fx 'marts', 'mar', '3' eller 'marts 2021'\n"
        return
    assert (done.returncode, err) == (0, ""), err
    if "--json" in args:  # machine output: exact, as JSON escapes
        import json

        utf8_json = subprocess.run([sys.executable, "-m", "baeredygtig_cli", *args, "-f", str(SHIPPED_PLAN)],
                                   capture_output=True, env={**env, "PYTHONIOENCODING": "utf-8"}, check=False)  # fmt: skip
        assert json.loads(out) == json.loads(utf8_json.stdout.decode("utf-8"))
    else:
        assert "\\u20" not in out and ("æ" in out or "ø" in out or "å" in out)
    utf8 = subprocess.run([sys.executable, "-m", "baeredygtig_cli", *args, "-f", str(SHIPPED_PLAN)],
                          capture_output=True, env={**env, "PYTHONIOENCODING": "utf-8"}, check=False)  # fmt: skip
    assert len(out.splitlines()) == len(utf8.stdout.decode("utf-8").splitlines())  # all of it, no line cut


def test_any_other_encoding_error_is_a_bug_of_ours_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    """Only the output's own encoding is the environment: a lone surrogate encoded as UTF-8 somewhere
    is ours, exit 3 and one line, never a traceback."""
    with pytest.raises(typer.Exit) as raised, danish.boundary():
        "\udc80".encode("utf-8")
    assert raised.value.exit_code == 3
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith("plan: uventet fejl (UnicodeEncodeError")


def test_running_out_of_memory_is_the_machines_limit_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    """A MemoryError (a table too large for this machine, even within --maks-rækker) is the
    environment's: one Danish line, exit 2; every write is whole or not at all, so nothing changed."""
    with pytest.raises(typer.Exit) as raised, danish.boundary():
        raise MemoryError
    assert raised.value.exit_code == 2
    assert (
        capsys.readouterr().err
        == "plan: der er ikke nok hukommelse til at gøre det færdigt; intet er ændret\n"
    )

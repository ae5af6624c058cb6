"""`plan tjek` on a terminal says that it ran and found nothing ("plan.yaml er i orden (44
aktiviteter)"); in a pipe, a git hook or pre-commit it stays silent, as before."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from .conftest import PLAN_PROCESS, SHIPPED_PLAN, run


def on_a_terminal(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run `plan ARGS` with its stdout on a pseudo-terminal (stderr a pipe): exit code and what the
    terminal showed."""
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLAN_")}
    process = subprocess.Popen(
        [*PLAN_PROCESS, *args], stdout=follower, stderr=subprocess.PIPE, cwd=cwd, env=env
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal's other end closed: the process is done writing
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    process.wait(timeout=60)
    assert process.stderr is not None and process.stderr.read() == b""
    return process.returncode, shown.decode().replace("\r\n", "\n")


def test_on_a_terminal_a_good_plan_is_said_to_be_good(tmp_path: Path) -> None:
    shutil.copyfile(SHIPPED_PLAN, tmp_path / "plan.yaml")
    assert on_a_terminal(["tjek"], tmp_path) == (0, "plan.yaml er i orden (44 aktiviteter)\n")
    assert on_a_terminal(["check"], tmp_path) == (0, "plan.yaml er i orden (44 aktiviteter)\n")


def test_in_a_pipe_a_good_plan_is_silent(tmp_path: Path) -> None:
    shutil.copyfile(SHIPPED_PLAN, tmp_path / "plan.yaml")
    done = subprocess.run([*PLAN_PROCESS, "tjek"], cwd=tmp_path, capture_output=True, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, b"", b"")


def test_every_good_file_is_named_and_a_bad_one_only_by_its_problems(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("baeredygtig_cli.cli.reading.stdout_is_terminal", lambda: True)
    good, one, bad = tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "c.yaml"
    shutil.copyfile(SHIPPED_PLAN, good)
    one.write_text("titel: T\når: 2020\naktiviteter:\n  - id: 1\n    tidspunkt: marts\n    emne: [A]\n"
                   "    aktivitet: x\n    ansvarlig: y\n", encoding="utf-8")  # fmt: skip
    bad.write_text(one.read_text(encoding="utf-8").replace("marts", "Martz"), encoding="utf-8")
    code, out, err = run(runner, "tjek", str(good), str(one), str(bad))
    assert (code, err) == (1, "")
    assert out == (
        f"{good} er i orden (44 aktiviteter)\n{one} er i orden (1 aktivitet)\n"
        f"{bad}:5: aktivitet 1: tidspunkt 'Martz' kan ikke læses – mente du 'marts'?\n"
    )


def test_konflikter_says_on_a_terminal_that_there_are_none_and_nothing_in_a_pipe(tmp_path: Path) -> None:
    """A person who runs `plan konflikter` after a clean merge sees that it ran; a hook does not."""
    shutil.copyfile(SHIPPED_PLAN, tmp_path / "plan.yaml")
    assert on_a_terminal(["konflikter"], tmp_path) == (0, "ingen konflikter i plan.yaml\n")
    done = subprocess.run([*PLAN_PROCESS, "konflikter"], cwd=tmp_path, capture_output=True, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, b"", b"")

"""Concurrent and interrupted edits: no lost update, no half-written file, no temp files left."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from baeredygtig_cli.errors import PlanFileError
from baeredygtig_cli.planfile import edits as plan_edits
from baeredygtig_cli.planfile import editsource
from baeredygtig_cli.planfile.schema import load_plan

from .conftest import PLAN_PROCESS, SHIPPED_PLAN, hang_guard


def plan_process(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*PLAN_PROCESS, *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_two_processes_at_once_both_land(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    shutil.copyfile(SHIPPED_PLAN, path)
    for round_ in range(4):
        status_a, status_b = ("Afsluttet", "I gang") if round_ % 2 else ("I gang", "Afsluttet")
        first = plan_process("set-status", "3", status_a, "-f", str(path))
        second = plan_process("set-status", "40", status_b, "-f", str(path))
        for process in (first, second):
            _, err = process.communicate(timeout=60)
            assert process.returncode == 0, err
            assert err == ""
        plan = load_plan(path)
        assert (plan.activity(3).status, plan.activity(40).status) == (status_a, status_b)  # type: ignore[union-attr]
        assert len(plan.activities) == 44
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]  # no lock file for git to see


def test_many_adds_at_once_get_distinct_ids(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    shutil.copyfile(SHIPPED_PLAN, path)
    processes = [
        plan_process("add", "--tidspunkt", "maj", "--emne", "A", "--nyt-emne", "--aktivitet", f"Samtidig {n}",
                     "--ansvarlig", "K", "-f", str(path))
        for n in range(4)
    ]  # fmt: skip
    for process in processes:
        _, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
    plan = load_plan(path)
    assert [a.id for a in plan.activities][-4:] == [45, 46, 47, 48]
    assert sorted(a.aktivitet for a in plan.activities[-4:]) == [f"Samtidig {n}" for n in range(4)]


def waiting_for_the_lock(process: subprocess.Popen[bytes]) -> None:
    """Return once the kernel lists `process` as blocked on a lock (a "->" line of /proc/locks); fail
    if it exits first, or does not block within a generous bound (a hang guard, not a speed)."""
    locks = Path("/proc/locks")
    if not locks.exists():
        pytest.skip("no /proc/locks here to see a waiting lock in")
    for _ in range(6000):
        blocked = [line.split() for line in locks.read_text().splitlines() if "->" in line]
        if any(str(process.pid) in fields for fields in blocked):
            return
        if process.poll() is not None:
            raise AssertionError("the edit ended instead of waiting for the lock")
        time.sleep(0.01)
    raise AssertionError("the edit never waited for the lock")


def test_an_edit_waits_for_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    shutil.copyfile(SHIPPED_PLAN, path)
    lock = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)  # the lock is on the plan's folder
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        process = plan_process("set-status", "3", "Afsluttet", "-f", str(path))
        waiting_for_the_lock(process)  # seen in the kernel's own list, not guessed from a pause
        assert process.poll() is None, "the edit must wait while another holds the lock"
        assert b"    status: Afsluttet" not in path.read_bytes().split(b"id: 3\n")[1][:300]
    finally:
        os.close(lock)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert load_plan(path).activity(3).status == "Afsluttet"  # type: ignore[union-attr]


@pytest.mark.parametrize("failure", [KeyboardInterrupt, OSError, MemoryError])
def test_a_crash_between_write_and_replace_leaves_the_old_file(
    tmp_path: Path, failure: type[BaseException]
) -> None:
    path = tmp_path / "plan.yaml"
    shutil.copyfile(SHIPPED_PLAN, path)
    before = path.read_bytes()
    source = editsource.read_source(path)
    changed = plan_edits.change_activities(source, [3], plan_edits.FieldEdits(status="Afsluttet"))

    def crash() -> None:
        raise failure

    # An OS error (a full disk, say) is the environment's: it becomes one Danish line, exit 2.
    with pytest.raises(PlanFileError if failure is OSError else failure):
        plan_edits.write_atomically(source, changed.text, before_replace=crash)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]


def test_a_killed_process_leaves_old_or_new_never_half(tmp_path: Path) -> None:
    """SIGKILL at random moments of many edits: the file always reads as a whole plan."""
    path = tmp_path / "plan.yaml"
    shutil.copyfile(SHIPPED_PLAN, path)
    original = SHIPPED_PLAN.read_bytes()
    finished = plan_edits.change_activities(
        editsource.read_source(path), [3], plan_edits.FieldEdits(status="Afsluttet")
    ).text.encode("utf-8")
    # Activity 3 is "I gang" in the shipped plan: setting that again writes nothing.
    expected = {original, finished}
    seen = set()
    for n in range(6):
        process = plan_process("set-status", "3", ("Afsluttet", "I gang")[n % 2], "-f", str(path))
        time.sleep(0.05 * n)
        process.kill()
        process.communicate()
        data = path.read_bytes()
        plan = load_plan(path)
        assert len(plan.activities) == 44
        seen.add(data)
    assert seen <= expected  # the original or the finished plan: nothing in between


def test_temp_files_of_a_killed_edit_are_reaped_by_the_next(tmp_path: Path) -> None:
    """A SIGKILL between writing the temp file and the replace leaves a copy of the plan; the next
    edit, holding the lock, removes it. Files that are not ours stay."""
    path = tmp_path / "plan.yaml"
    shutil.copyfile(SHIPPED_PLAN, path)
    stale = tmp_path / ".plan.yaml.k3j_x9a2.tmp"
    stale.write_bytes(SHIPPED_PLAN.read_bytes())
    others = [
        tmp_path / ".plan.yaml.notours.tmp",
        tmp_path / ".andet.yaml.abcdefgh.tmp",
        tmp_path / "noter.tmp",
    ]
    for other in others:
        other.write_text("behold mig\n")
    process = plan_process("set-status", "3", "Afsluttet", "-f", str(path))
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert not stale.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["plan.yaml", *(o.name for o in others)])


def test_a_kill_inside_the_write_leaves_nothing_after_the_next_edit(tmp_path: Path) -> None:
    """A real SIGKILL while the temp file exists (the writer is paused just before the replace)."""
    path = tmp_path / "plan.yaml"
    shutil.copyfile(SHIPPED_PLAN, path)
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from baeredygtig_cli.planfile import editsource\n"
        "from baeredygtig_cli.planfile import edits as plan_edits\n"
        "path = Path(sys.argv[1])\n"
        "source = editsource.read_source(path)\n"
        "new = plan_edits.change_activities(source, [3], plan_edits.FieldEdits(status='Afsluttet'))\n"
        "plan_edits.write_atomically(source, new.text, before_replace=lambda: os.kill(os.getpid(), signal.SIGKILL))\n"
    )
    killed = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, timeout=60)
    assert killed.returncode == -9
    assert len([p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]) == 1
    assert path.read_bytes() == SHIPPED_PLAN.read_bytes()
    process = plan_process("set-status", "4", "I gang", "-f", str(path))
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]


# --- a bulk edit confirmed on a terminal (issue 23, item 4) -------------------------------------------


class Terminal:
    """`plan` on a pseudo-terminal, as a person runs it: what it prints is read up to a prompt, and
    answers are typed."""

    def __init__(self, *args: str) -> None:
        import pty

        self.master, slave = pty.openpty()
        self.process = subprocess.Popen([*PLAN_PROCESS, *args], stdin=slave, stdout=slave, stderr=slave,
                                        env={**os.environ, "COLUMNS": "200"})  # fmt: skip
        os.close(slave)
        self.seen = ""

    def until(self, text: str) -> str:
        """Everything printed until `text` (inclusive), since the last call."""
        with hang_guard(60):
            while text not in self.seen:
                chunk = os.read(self.master, 4096)
                if not chunk:
                    raise AssertionError(f"ended before {text!r}: {self.seen!r}")
                self.seen += chunk.decode("utf-8")
        said, _, self.seen = self.seen.partition(text)
        return said + text

    def answer(self, text: str) -> None:
        os.write(self.master, text.encode("utf-8") + b"\n")

    def rest(self) -> tuple[int, str]:
        with hang_guard(60):
            code = self.process.wait()
            while True:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # the terminal's other end is closed
                    break
                if not chunk:
                    break
                self.seen += chunk.decode("utf-8")
        os.close(self.master)
        return code, self.seen


def colleague_sets(path: Path, activity_id: int, status: str) -> bytes:
    """What a `git pull` does to the file: a colleague's status for one activity, the rest as it was."""
    text = path.read_text(encoding="utf-8")
    at = text.index(f"  - id: {activity_id}\n")
    end = text.index("    status:", at)
    line_end = text.index("\n", end)
    changed = text[:end] + f"    status: {status}" + text[line_end:]
    path.write_text(changed, encoding="utf-8")
    return changed.encode("utf-8")


def statuses(path: Path) -> dict[int, str | None]:
    return {a.id: a.status for a in load_plan(path).activities}  # type: ignore[union-attr]


@pytest.mark.parametrize("second_answer", ["j", "n"])
def test_a_bulk_edit_applies_what_was_confirmed_and_asks_again_if_the_file_changed(
    tmp_path: Path, second_answer: str
) -> None:
    """Eight activities are "I gang"; while `set-status -s "i gang" Afsluttet` waits for its "j", a
    colleague's change arrives: a ninth is set to "I gang". The answer does not touch the changed
    file: the list is made again (now nine), shown, and asked again. "j" changes the nine shown; "n"
    leaves the colleague's file as it came."""
    path = tmp_path / "plan.yaml"
    shutil.copyfile(SHIPPED_PLAN, path)
    before = statuses(path)
    in_progress = sorted(i for i, s in before.items() if s == "I gang")
    ninth = min(i for i, s in before.items() if s == "Afventer")
    assert len(in_progress) == 8
    terminal = Terminal("set-status", "-s", "i gang", "Afsluttet", "-f", str(path))
    first = terminal.until("[j/N] ")
    assert [line.split(":")[0] for line in first.splitlines()[:-1]] == [str(i) for i in in_progress]
    assert first.splitlines()[-1] == "Ændre 8 aktiviteter? [j/N] "
    pulled = colleague_sets(path, ninth, "I gang")
    terminal.answer("j")
    second = terminal.until("[j/N] ")
    lines = second.splitlines()
    assert "plan.yaml er ændret, siden listen blev vist; her er den igen, som filen er nu:" in lines[1]
    assert [line.split(":")[0] for line in lines[2:-1]] == [str(i) for i in sorted([*in_progress, ninth])]
    assert lines[-1] == "Ændre 9 aktiviteter? [j/N] "
    assert path.read_bytes() == pulled  # nothing written while asking
    terminal.answer(second_answer)
    code, rest = terminal.rest()
    if second_answer == "n":
        assert code == 2 and "intet er ændret" in rest
        assert path.read_bytes() == pulled
        return
    assert code == 0, rest
    assert "9 aktiviteter ændret." in rest
    expected = {**before, ninth: "Afsluttet", **{i: "Afsluttet" for i in in_progress}}
    assert statuses(path) == expected


# --- where there is no fcntl (Windows): a lock file held with the filelock package -------------------
#
# This machine has fcntl; these tests take it away from plan's lock (disk._flock_module), so the lock
# file path runs as it does on Windows, through filelock's public FileLock. What is not tested here:
# filelock's Windows backend itself (msvcrt's lock, and the lock file removed when let go, which only
# Windows does), a real shared drive between two machines, and Windows' text-mode descriptors (O_BINARY).

WITHOUT_FCNTL = (
    "import sys\n"
    "from baeredygtig_cli.planfile import disk\n"
    "disk._flock_module = lambda: None\n"
    "disk.LOCK_FILE_WAIT = float(sys.argv[1])\n"
    "sys.argv = ['plan', *sys.argv[2:]]\n"
    "from baeredygtig_cli.cli import main\n"
    "main()\n"
)


def without_fcntl(wait: float, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", WITHOUT_FCNTL, str(wait), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip


def test_without_fcntl_edits_take_the_lock_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    shutil.copyfile(SHIPPED_PLAN, path)
    edits = [without_fcntl(60, "sæt-status", str(n), "Afsluttet", "-f", str(path)) for n in (3, 4, 40, 41)]
    for process in edits:
        _, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
    plan = load_plan(path)
    assert {plan.activity(n).status for n in (3, 4, 40, 41)} == {"Afsluttet"}  # type: ignore[union-attr]
    assert sorted(p.name for p in tmp_path.iterdir()) in (["plan.yaml"], [".plan.yaml.lock", "plan.yaml"])


def test_without_fcntl_an_edit_waits_for_the_lock_file(tmp_path: Path) -> None:
    from filelock import FileLock

    path = tmp_path / "plan.yaml"
    shutil.copyfile(SHIPPED_PLAN, path)
    lock = FileLock(tmp_path / ".plan.yaml.lock")
    with lock:
        process = without_fcntl(60, "sæt-status", "3", "Afsluttet", "-f", str(path))
        with pytest.raises(subprocess.TimeoutExpired):
            process.wait(timeout=3)  # held: the edit waits (a generous bound, not a speed)
        assert path.read_bytes() == SHIPPED_PLAN.read_bytes()
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert load_plan(path).activity(3).status == "Afsluttet"  # type: ignore[union-attr]


def test_without_fcntl_a_lock_held_too_long_is_one_danish_line(tmp_path: Path) -> None:
    from filelock import FileLock

    path = tmp_path / "plan.yaml"
    shutil.copyfile(SHIPPED_PLAN, path)
    with FileLock(tmp_path / ".plan.yaml.lock"):
        process = without_fcntl(0.5, "sæt-status", "3", "Afsluttet", "-f", str(path))
        out, err = process.communicate(timeout=60)
    assert (process.returncode, out) == (2, "")
    assert err == (
        f"plan: {path} er låst af en anden ændring (.plan.yaml.lock) i over 0.5 sekunder; intet er ændret – prøv igen\n"
    )
    assert path.read_bytes() == SHIPPED_PLAN.read_bytes()


def test_with_fcntl_the_folder_is_locked_and_no_lock_file_is_made(tmp_path: Path) -> None:
    """The lock this machine uses: the folder's flock, so `plan` leaves nothing for git to see."""
    from baeredygtig_cli.planfile import disk

    path = tmp_path / "plan.yaml"
    shutil.copyfile(SHIPPED_PLAN, path)
    with disk.locked(path) as held:
        assert held
        assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]

"""The one writer: every file `plan` writes (plan.yaml, exports, the council report, a new plan, the
merge driver's .gitattributes, the caches) is written whole or not at all.

Each case runs the real command in a process of its own under a file-size limit
(`RLIMIT_FSIZE`, as a quota or a full disk cuts a write short): exit 2, one Danish line, the earlier
file byte for byte as it was, and no temp file left. Then owner and group, SIGTERM and SIGHUP, and
temp files a kill left behind."""

from __future__ import annotations

import errno
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from baeredygtig_cli.planfile import disk

from .conftest import PLAN_PROCESS, SHIPPED_PLAN, git, run
from .test_catalogue import ENGLISH

EARLIER = (
    b"den tidligere fil, som intet m\xc3\xa5 r\xc3\xb8re\n" * 40
)  # more than the limit: written before it

LIMIT = 1024  # bytes: below every output written here


def limited(limit: int) -> Callable[[], None]:
    def set_limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return set_limit


def in_repository(folder: Path) -> None:
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "plan.yaml")
    git(folder, "commit", "-q", "-m", "Planen")


# (name, the file written, the command; `{out}` is the file, `{plan}` the plan; needs git)
WRITES = [
    ("export csv", "plan.csv", ["export", "-F", "csv", "-o", "{out}"], False),
    ("export csv --excel", "plan.csv", ["export", "-F", "csv", "--excel", "-o", "{out}"], False),
    ("export ics", "plan.ics", ["export", "-F", "ics", "-o", "{out}"], False),
    ("export md", "plan.md", ["export", "-F", "md", "-o", "{out}"], False),
    ("export html", "plan.html", ["export", "-F", "html", "-o", "{out}", "--i-dag", "2020-05-01"], False),
    ("export xlsx", "plan.xlsx", ["export", "-F", "xlsx", "-o", "{out}", "--i-dag", "2020-05-01"], False),
    ("rapport md", "rapport.md", ["rapport", "-o", "{out}", "--i-dag", "2020-05-01"], True),
    ("rapport html", "rapport.html", ["rapport", "-F", "html", "-o", "{out}", "--i-dag", "2020-05-01"], True),
    ("rapport docx", "rapport.docx", ["rapport", "-F", "docx", "-o", "{out}", "--i-dag", "2020-05-01"], True),
    ("set-status (plan.yaml)", "plan.yaml", ["set-status", "3", "Afsluttet"], False),
    ("ret (plan.yaml)", "plan.yaml", ["ret", "3", "aktivitet=Ny tekst"], False),
    ("add (plan.yaml)", "plan.yaml", ["add", "--tidspunkt", "maj", "--emne", "Bæredygtighedspulje",
                                      "--aktivitet", "Ny", "--ansvarlig", "Anna"], False),
    ("fjern (plan.yaml)", "plan.yaml", ["fjern", "3"], False),
    ("git-opsætning (.gitattributes)", ".gitattributes", ["git-opsætning"], True),
]  # fmt: skip


@pytest.mark.parametrize(("name", "written", "args", "needs_git"), WRITES, ids=[w[0] for w in WRITES])
def test_a_write_cut_short_leaves_the_earlier_file_whole(
    tmp_path: Path, name: str, written: str, args: list[str], needs_git: bool
) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copyfile(SHIPPED_PLAN, plan)
    if needs_git:
        in_repository(tmp_path)
    out = tmp_path / written
    if written != "plan.yaml":
        out.write_bytes(EARLIER)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    argv = [*PLAN_PROCESS, *(a.format(out=out) for a in args), "-f", str(plan)]
    done = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, preexec_fn=limited(LIMIT),
                          timeout=120, check=False)  # fmt: skip
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("plan: "), done.stderr
    assert "(filen er for stor" in done.stderr, done.stderr
    assert "intet er ændret" in done.stderr
    assert not [w for w in ENGLISH if w.lower() in done.stderr.lower()], done.stderr
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    assert after == before  # the earlier file byte for byte, and no temp file beside it


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("init", ["init", "-f", "{out}"]),
        (
            "import into a new plan",
            ["import", str(Path(__file__).parent / "data" / "seed.tsv"), "-f", "{out}"],
        ),
    ],
)
def test_a_new_plan_cut_short_is_not_there(tmp_path: Path, name: str, args: list[str]) -> None:
    out = tmp_path / "ny.yaml"
    argv = [*PLAN_PROCESS, *(a.format(out=out) for a in args)]
    done = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, preexec_fn=limited(LIMIT),
                          timeout=120, check=False)  # fmt: skip
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.startswith("plan: ") and done.stderr.count("\n") == 1, done.stderr
    assert "filen er for stor" in done.stderr and "intet er skrevet" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_midway_leaves_the_earlier_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC after the first block is written (simulated: a full disk is hard to make in a test)."""
    out = tmp_path / "plan.ics"
    out.write_bytes(EARLIER)
    real = disk._write_all

    def fill_up(fd: int, data: bytes) -> None:
        real(fd, data[:4096])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(disk, "_write_all", fill_up)
    code, out_text, err = run(None, "export", "-F", "ics", "-o", str(out), "-f", str(SHIPPED_PLAN))
    assert (code, out_text) == (2, "")
    assert err == f"plan: {out}: kan ikke skrives (der er ikke mere plads på disken); intet er ændret\n"
    assert out.read_bytes() == EARLIER
    assert [p.name for p in tmp_path.iterdir()] == ["plan.ics"]


def test_an_export_over_a_folder_or_into_a_missing_one_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "mappe").mkdir()
    code, _, err = run(None, "export", "-F", "csv", "-o", str(tmp_path / "mappe"), "-f", str(SHIPPED_PLAN))
    assert (code, err) == (
        2,
        f"plan: {tmp_path / 'mappe'}: kan ikke skrives (er en mappe, ikke en fil); intet er ændret\n",
    )
    missing = tmp_path / "findes-ikke" / "plan.csv"
    code, _, err = run(None, "export", "-F", "csv", "-o", str(missing), "-f", str(SHIPPED_PLAN))
    assert (code, err) == (
        2,
        f"plan: {missing}: kan ikke skrives (mappen {missing.parent} findes ikke); intet er skrevet\n",
    )


def test_an_export_to_a_device_is_written_into_it(tmp_path: Path) -> None:
    """`-o /dev/stdout` (or a FIFO) cannot be replaced: it is written straight into."""
    done = subprocess.run([*PLAN_PROCESS, "export", "-F", "csv", "-o", "/dev/stdout", "-f", str(SHIPPED_PLAN)],
                          capture_output=True, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"ID,TIDSPUNKT") and done.stdout.count(b"\n") == 45


# --- owner, group and mode -------------------------------------------------------------------------

root_only = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="kræver root")
COLLEAGUE, SHARED_GROUP, OTHER_GROUP = 1001, 1003, 1004


@root_only
@pytest.mark.parametrize("command", ["set-status", "export"])
def test_root_keeps_owner_group_and_mode(tmp_path: Path, command: str) -> None:
    """As root (a cron job, sudo), a file owned by 1001:1003, 0660, stays so: root may give it back."""
    plan = tmp_path / "plan.yaml"
    shutil.copyfile(SHIPPED_PLAN, plan)
    target = plan if command == "set-status" else tmp_path / "plan.csv"
    if command == "export":
        target.write_bytes(EARLIER)
    os.chown(target, COLLEAGUE, SHARED_GROUP)
    os.chmod(target, 0o660)
    args = (
        ["set-status", "3", "Afsluttet"]
        if command == "set-status"
        else ["export", "-F", "csv", "-o", str(target)]
    )
    assert run(None, *args, "-f", str(plan))[0] == 0
    info = target.stat()
    assert (info.st_uid, info.st_gid, oct(info.st_mode & 0o7777)) == (COLLEAGUE, SHARED_GROUP, "0o660")
    assert target.read_bytes() != EARLIER


# Run as the colleague: Python and plan are imported (and one edit of a copy run) as root first, since
# the interpreter may lie where another user cannot read (pyenv under /root); then the process becomes
# the colleague and edits the shared plan.
AS_COLLEAGUE = """
import os, shutil, sys
from typer.testing import CliRunner
from baeredygtig_cli.cli import app
warm, plan, uid, groups = sys.argv[1], sys.argv[2], int(sys.argv[3]), [int(g) for g in sys.argv[4].split(",")]
assert CliRunner().invoke(app, ["set-status", "3", "Afsluttet", "-f", warm]).exit_code == 0
os.setgroups(groups)
os.setgid(uid)
os.setuid(uid)
result = CliRunner().invoke(app, ["set-status", "3", "Afsluttet", "-f", plan])
print(result.exit_code, result.output)
"""


@pytest.fixture
def shared() -> Iterator[Path]:
    """A shared folder (1001:1003, 0775) the colleague can reach: pytest's own tmp folders are root's
    alone (0700)."""
    base = Path(tempfile.mkdtemp(prefix="plan-delt-"))
    try:
        os.chmod(base, 0o755)
        folder = base / "delt"
        folder.mkdir()
        os.chown(folder, COLLEAGUE, SHARED_GROUP)
        os.chmod(folder, 0o775)
        yield folder
    finally:
        shutil.rmtree(base)


@root_only
@pytest.mark.parametrize(
    ("groups", "kept_group"),
    [([COLLEAGUE, SHARED_GROUP], SHARED_GROUP), ([COLLEAGUE], COLLEAGUE)],
    ids=["member of the shared group", "not a member"],
)
def test_the_owner_keeps_the_shared_group_where_the_system_lets_them(
    shared: Path, tmp_path: Path, groups: list[int], kept_group: int
) -> None:
    """The owner edits plan.yaml 0660 1001:1003 in a shared folder: a member of 1003 keeps the group
    (so the colleague in 1003 can still read it); a non-member cannot give a file to that group, and
    plan says so on stderr, naming the owner and group before and after (by name where there is one)."""
    folder = shared
    plan = folder / "plan.yaml"
    shutil.copyfile(SHIPPED_PLAN, plan)
    os.chown(plan, COLLEAGUE, SHARED_GROUP)
    os.chmod(plan, 0o660)
    warm = tmp_path / "varm.yaml"
    shutil.copyfile(SHIPPED_PLAN, warm)
    done = subprocess.run([sys.executable, "-c", AS_COLLEAGUE, str(warm), str(plan), str(COLLEAGUE),
                           ",".join(map(str, groups))], capture_output=True, text=True, timeout=60,
                          check=False, env={**os.environ, "HOME": str(folder)})  # fmt: skip
    assert done.returncode == 0 and done.stdout.startswith("0 "), done.stdout + done.stderr
    info = plan.stat()
    assert (info.st_uid, info.st_gid, oct(info.st_mode & 0o777)) == (COLLEAGUE, kept_group, "0o660")
    assert b"    status: Afsluttet\n" in plan.read_bytes()
    said = [line for line in done.stdout.splitlines() if "ejes nu af" in line]
    if kept_group == SHARED_GROUP:
        assert said == []
    else:
        import grp
        import pwd

        def named(uid: int, gid: int) -> str:
            users = {u.pw_uid: u.pw_name for u in pwd.getpwall()}
            groups = {g.gr_gid: g.gr_name for g in grp.getgrall()}
            return f"{users.get(uid, uid)}:{groups.get(gid, gid)}"

        assert said == [
            f"plan: {plan} ejes nu af {named(COLLEAGUE, COLLEAGUE)} (før {named(COLLEAGUE, SHARED_GROUP)}): "
            "systemet lader kun root give en fil væk, og kun til en gruppe, man selv er med i; ret det med "
            "chown eller chgrp, hvis andre skal kunne læse filen"
        ], done.stdout
    assert [p.name for p in folder.iterdir()] == ["plan.yaml"]


# --- signals and temp files a kill left behind ---------------------------------------------------------

PAUSED_WRITE = """
import os, signal, sys
from pathlib import Path
from baeredygtig_cli.planfile import disk, editsource
from baeredygtig_cli.planfile import edits as plan_edits
path, what, signame = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
stop = lambda: os.kill(os.getpid(), getattr(signal, signame))
if what == "plan":
    source = editsource.read_source(path)
    new = plan_edits.change_activities(source, [3], plan_edits.FieldEdits(status="Afsluttet"))
    plan_edits.write_atomically(source, new.text, before_replace=stop)
else:
    real = os.replace
    def replace(*args):
        stop()
        real(*args)
    os.replace = replace
    disk.replace_file(path, b"ny eksport" * 1000)
print("not reached")
"""


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("what", ["plan", "export"])
def test_sigterm_and_sighup_remove_the_temp_file(tmp_path: Path, what: str, signame: str) -> None:
    """A signal while the temp file exists (the write paused just before its replace): the temp file is
    removed, the process ends by that signal, the earlier file is as it was."""
    path = tmp_path / ("plan.yaml" if what == "plan" else "plan.html")
    if what == "plan":
        shutil.copyfile(SHIPPED_PLAN, path)
    else:
        path.write_bytes(EARLIER)
    before = path.read_bytes()
    done = subprocess.run([sys.executable, "-c", PAUSED_WRITE, str(path), what, signame],
                          capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert done.returncode == -getattr(signal, signame), done.stderr
    assert "not reached" not in done.stdout
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    assert path.read_bytes() == before


def test_a_write_under_nohup_goes_on(tmp_path: Path) -> None:
    """SIGHUP ignored (nohup): the writer does not take that away; the write completes."""
    path = tmp_path / "plan.yaml"
    shutil.copyfile(SHIPPED_PLAN, path)
    done = subprocess.run([sys.executable, "-c", PAUSED_WRITE, str(path), "plan", "SIGHUP"],
                          capture_output=True, text=True, timeout=60, check=False,
                          preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert b"status: Afsluttet" in path.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]


def test_sigterm_at_random_moments_of_real_edits_leaves_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    shutil.copyfile(SHIPPED_PLAN, path)
    for n in range(8):
        process = subprocess.Popen([*PLAN_PROCESS, "set-status", "3", ("Afsluttet", "I gang")[n % 2],
                                    "-f", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(0.03 * n)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
        assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]
        assert path.read_bytes() in (SHIPPED_PLAN.read_bytes(), SHIPPED_PLAN.read_bytes().replace(
            b"    status: I gang\n", b"    status: Afsluttet\n", 1)) or b"id: 44" in path.read_bytes()  # fmt: skip


def test_cache_temp_files_a_kill_left_are_reaped(tmp_path: Path) -> None:
    """A kill during a cache write leaves `.NAME.XXXXXXXX.tmp` in plan-cache/; a later cache write in that
    folder removes it once it is older than any live write could be. A fresh one (a write under way) stays."""
    shutil.copyfile(SHIPPED_PLAN, tmp_path / "plan.yaml")
    in_repository(tmp_path)
    assert run(None, "list", "--json", "-f", str(tmp_path / "plan.yaml"))[0] == 0
    kept = next((tmp_path / ".git" / "plan-cache").rglob("*"), None)
    assert kept is not None
    folder = next(p.parent for p in (tmp_path / ".git" / "plan-cache").rglob("*") if p.is_file())
    stale = folder / ".0123abcd.k3j_x9a2.tmp"
    fresh = folder / ".0123abcd.abcdefgh.tmp"
    for temp in (stale, fresh):
        temp.write_bytes(b"halvt skrevet")
    old = time.time() - disk.STALE_AFTER - 60
    os.utime(stale, (old, old))
    git(tmp_path, "commit", "-q", "--allow-empty", "-m", "x")
    (tmp_path / "plan.yaml").write_bytes(SHIPPED_PLAN.read_bytes() + b"# en ny linje\n")
    assert run(None, "list", "--json", "-f", str(tmp_path / "plan.yaml"))[0] == 0  # keeps the new plan
    assert not stale.exists()
    assert fresh.exists()

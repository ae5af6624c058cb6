"""Shell completion through Click's protocol, in real processes: `_PLAN_COMPLETE=bash_complete` (or
zsh_complete, fish_complete) with the words so far in COMP_WORDS/COMP_CWORD, as the scripts that
`plan completion SHELL` prints run it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from baeredygtig_cli.planfile import schema

from .conftest import PLAN_PROCESS as PLAN
from .conftest import SHIPPED_PLAN

COMMANDS = ["liste", "tidspunkt", "tjek", "aktuelt", "vis", "sæt-status", "ret", "note", "fjern", "tilføj", "overblik",
            "parter", "mig", "tidslinje", "eksporter", "opret", "importer", "historik", "ændringer", "flet", "konflikter", "løs",
            "git-opsætning", "rapport", "fuldførelse"]  # fmt: skip


def env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("PLAN_", "_PLAN_", "COMP_"))}
    return {**base, **extra}


def complete(
    words: str, *, shell: str = "bash", cwd: Path | None = None, **extra: str
) -> subprocess.CompletedProcess[str]:
    """What `plan` answers a shell that completes the last word of `words` (or a new word after a space)."""
    split = words.split(" ")
    if shell == "fish":
        variables = {"COMP_WORDS": words, "COMP_CWORD": split[-1]}
    else:
        variables = {"COMP_WORDS": words, "COMP_CWORD": str(len(split) - 1)}
    return subprocess.run(PLAN, capture_output=True, text=True, cwd=cwd or SHIPPED_PLAN.parent, check=False,
                          env=env(_PLAN_COMPLETE=f"{shell}_complete", **variables, **extra))  # fmt: skip


def bash(words: str, **extra: str) -> list[str]:
    result = complete(words, **extra)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    return result.stdout.splitlines()


def zsh(words: str, **extra: str) -> list[tuple[str, str]]:
    result = complete(words, shell="zsh", **extra)
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert len(lines) % 3 == 0
    return [(lines[i + 1], lines[i + 2]) for i in range(0, len(lines), 3) if lines[i] == "plain"]


def test_commands() -> None:
    assert bash("plan ") == [f"plain,{c}" for c in COMMANDS]
    assert ("liste", "Vis aktiviteterne, evt. filtreret.") in zsh("plan ")


@pytest.mark.parametrize(
    ("typed", "offered"),
    [
        # The Danish name where it fits; the English alias only where the Danish name does not.
        ("s", ["show", "sæt-status", "summary"]),
        ("se", ["set-status"]),
        ("l", ["liste", "log", "løs"]),
        ("li", ["liste"]),
        ("ch", ["check", "changes"]),
        ("ti", ["tidspunkt", "tilføj", "tidslinje"]),
        # æ, ø, å typed as ae, oe, aa (and the Danish name offered).
        ("tilfo", ["tilføj"]),
        ("ae", ["ændringer"]),
        ("git-ops", ["git-opsætning"]),
        ("git-opsae", ["git-opsætning"]),
        ("git-", ["git-opsætning"]),
        ("git-s", ["git-setup"]),
        ("fuldfoe", ["fuldførelse"]),
        ("xyz", []),
    ],
)
def test_command_names_danish_first_then_the_english_alias(typed: str, offered: list[str]) -> None:
    assert bash(f"plan {typed}") == [f"plain,{name}" for name in offered]


def test_a_command_typed_by_its_alias_or_in_ascii_completes_as_itself() -> None:
    assert bash("plan show 4") == bash("plan vis 4")
    assert bash("plan list -s ") == bash("plan liste -s ")
    assert bash("plan set-status 3 ")[:5] == bash("plan saet-status 3 ")[:5]
    assert bash("plan add --status ") == bash("plan tilfoej --status ")
    assert bash("plan summary --efter ") == ["plain,emne", "plain,ansvarlig", "plain,part"]
    assert bash("plan edit 7 em") == bash("plan ret 7 em") == ["plain,emne="]


def test_options() -> None:
    assert bash("plan list --") == [f"plain,--{o}" for o in ("ansvarlig", "emne", "status", "måned", "søg", "part",
                                                                "tovholder", "mig", "sorter", "json", "per", "fil", "help")]  # fmt: skip
    assert bash("plan --") == ["plain,--fil", "plain,--version", "plain,--help"]
    assert ("--json", "Skriv JSON (en kontrakt: se docs/JSON.md).") in zsh("plan list --")


def test_options_typed_without_danish_letters_offer_the_danish_name() -> None:
    assert bash("plan liste --maa") == ["plain,--måned"]
    assert bash("plan list --soe") == ["plain,--søg"]
    assert bash("plan tidspunkt --aa") == ["plain,--år"]
    assert bash("plan list --mo") == ["plain,--month"]  # the English name, where only it fits


def test_activity_ids_with_their_text() -> None:
    assert bash("plan show ") == [f"plain,{i}" for i in range(1, 45)]
    assert bash("plan show 4") == ["plain,4", "plain,40", "plain,41", "plain,42", "plain,43", "plain,44"]
    plan = schema.load_plan(SHIPPED_PLAN)
    assert zsh("plan show 1") == [
        (str(a.id), a.aktivitet) for a in plan.activities if str(a.id).startswith("1")
    ]
    result = complete("plan show 1", shell="fish")
    assert (
        result.stdout.splitlines()[0]
        == "plain,1\tStore Ledermøde - Input til strategi og drøftelse af retning på"
    )


def test_statuses_escaped_for_bash_and_ingen_where_no_status_is_meant() -> None:
    escaped = ["plain,Afventer", "plain,Under\\ forberedelse", "plain,I\\ gang", "plain,Afsluttet"]
    assert bash("plan list -s ") == [*escaped, "plain,ingen"]
    assert bash("plan list --status a") == ["plain,Afventer", "plain,Afsluttet"]
    assert bash("plan add --status ") == escaped  # a new activity gets a status
    assert [v for v, _ in zsh("plan due -s i")] == ["I gang", "ingen"]


def test_set_status_completes_ids_then_statuses() -> None:
    assert bash("plan set-status ")[:3] == ["plain,1", "plain,2", "plain,3"]
    assert "plain,I\\ gang" not in bash("plan set-status ")
    after_an_id = bash("plan set-status 3 ")
    assert after_an_id[:5] == ["plain,Afventer", "plain,Under\\ forberedelse", "plain,I\\ gang", "plain,Afsluttet",
                               "plain,ingen"]  # fmt: skip
    assert after_an_id[5:] == [f"plain,{i}" for i in range(1, 45)]


def test_emner_and_months() -> None:
    assert bash("plan list -e ") == ["plain,Igangsættelse", "plain,Bæredygtighedspulje",
                                     "plain,Inspiration\\ og\\ forankring"]  # fmt: skip
    assert bash("plan list -e baer") == ["plain,Bæredygtighedspulje"]  # æ as ae, as the filters read it
    assert bash("plan due -m ma") == ["plain,marts", "plain,maj"]
    assert [v for v, _ in zsh("plan timeline --month ju")] == ["juni", "juli"]


def test_files_and_shells() -> None:
    assert bash("plan list -f pl") == ["file,pl"]
    assert bash("plan check ") == ["file,"]
    assert bash("plan completion ") == ["plain,bash", "plain,zsh", "plain,fish"]


def test_the_plan_named_before_or_after_the_command(tmp_path: Path) -> None:
    small = tmp_path / "lille.yaml"
    small.write_text("titel: T\når: 2020\naktiviteter:\n  - id: 7\n    tidspunkt: marts\n    emne: [Vand]\n"
                     "    aktivitet: x\n    ansvarlig: y\n", encoding="utf-8")  # fmt: skip
    assert bash(f"plan -f {small} show ") == ["plain,7"]
    assert bash(f"plan show -f {small} ") == ["plain,7"]
    assert bash(f"plan list -f {small} -e ") == ["plain,Vand"]
    assert bash("plan show ", cwd=tmp_path, PLAN_FILE=str(small)) == ["plain,7"]


def test_a_broken_or_missing_plan_gives_no_ids_and_no_noise(tmp_path: Path) -> None:
    broken = tmp_path / "plan.yaml"
    broken.write_text("titel: [\n", encoding="utf-8")
    for words in ("plan show ", "plan list -s ", "plan set-status 3 ", "plan list -e "):
        result = complete(words, cwd=tmp_path)
        assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    broken.unlink()
    assert (complete("plan show ", cwd=tmp_path).stdout, complete("plan show ", cwd=tmp_path).stderr) == (
        "",
        "",
    )
    assert bash("plan ", cwd=tmp_path)[0] == "plain,liste"  # commands need no plan


def test_odd_command_lines_give_no_traceback() -> None:
    for words in ("plan lst ", "plan show 1 2 3 ", "plan --nope ", "plan list --json=ja ", 'plan list -e "Insp',
                  "plan list -m ", "plan -f", "plan list -a M\udcf8de "):  # fmt: skip
        result = complete(words)
        assert result.returncode == 0 and result.stderr == "", (words, result.stderr)


def test_an_unknown_instruction_is_one_danish_line() -> None:
    result = subprocess.run(PLAN, capture_output=True, text=True, check=False,
                            env=env(_PLAN_COMPLETE="tcsh_complete"))  # fmt: skip
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "plan: ukendt fuldførelse 'tcsh_complete' (kendte: bash, zsh og fish)\n"


def test_completion_imports_nothing_heavy() -> None:
    probe = (
        "import runpy, sys\n"
        "try:\n    runpy.run_module('baeredygtig_cli', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = {'rich', 'icalendar', 'dateutil'}\n"
        "sys.stderr.write(repr(sorted({m.split('.')[0] for m in sys.modules} & heavy)))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False,
                            cwd=SHIPPED_PLAN.parent, env=env(_PLAN_COMPLETE="zsh_complete", COMP_WORDS="plan show ",
                                                             COMP_CWORD="2"))  # fmt: skip
    assert result.stderr == "[]" and result.stdout.count("\n") == 44 * 3


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_plan_completion_prints_the_script(shell: str) -> None:
    result = subprocess.run(
        [*PLAN, "completion", shell], capture_output=True, text=True, check=False, env=env()
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert f"_PLAN_COMPLETE={shell}_complete" in result.stdout and "_plan_completion" in result.stdout
    assert result.stdout.startswith("#")  # a comment that says where the script goes, in Danish
    assert result.stdout == subprocess.run(PLAN, capture_output=True, text=True, check=False,
                                           env=env(_PLAN_COMPLETE=f"{shell}_source")).stdout  # fmt: skip


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_the_bash_script_completes_in_bash(tmp_path: Path) -> None:
    """The printed script, sourced in a real bash, fills COMPREPLY: the whole loop, not only the protocol."""
    shim = tmp_path / "plan"
    shim.write_text(f'#!/bin/sh\nexec {sys.executable} -m baeredygtig_cli "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    script = subprocess.run([*PLAN, "completion", "bash"], capture_output=True, text=True, check=True).stdout
    driver = (
        script
        + 'COMP_WORDS=(plan list -s ""); COMP_CWORD=3; COMPREPLY=()\n'
        + "_plan_completion plan\n"
        + 'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run(["bash", "--norc", "-c", driver], capture_output=True, text=True, check=False,
                            cwd=SHIPPED_PLAN.parent, env=env(PATH=f"{tmp_path}:{os.environ['PATH']}"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Afventer",
        "Under\\ forberedelse",
        "I\\ gang",
        "Afsluttet",
        "ingen",
    ]


def test_completion_does_not_read_the_plan_for_commands(tmp_path: Path) -> None:
    """A huge or hanging plan must not slow down completing a command name: no plan is read for it."""
    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)  # reading it would block forever
    result = subprocess.run(PLAN, capture_output=True, text=True, check=False, cwd=tmp_path, timeout=30,
                            env=env(_PLAN_COMPLETE="bash_complete", COMP_WORDS="plan li", COMP_CWORD="1"))  # fmt: skip
    assert result.stdout == "plain,liste\n"


def test_inside_an_open_quote_bash_gets_the_value_as_the_quote_reads_it() -> None:
    """`plan list -s "I g<TAB>` became `"I\\ gang"` (rejected): inside a quote the user opened, the value
    is given unescaped (only what a double quote would still expand is escaped)."""

    def inside(words: list[str]) -> list[str]:
        variables = {"COMP_WORDS": "\n".join(words), "COMP_CWORD": str(len(words) - 1)}
        result = subprocess.run(PLAN, capture_output=True, text=True, cwd=SHIPPED_PLAN.parent, check=False,
                                env=env(_PLAN_COMPLETE="bash_complete", **variables))  # fmt: skip
        assert (result.returncode, result.stderr) == (0, "")
        return result.stdout.splitlines()

    assert inside(["plan", "list", "-s", '"I g']) == ["plain,I gang"]
    assert inside(["plan", "list", "-s", "'Under"]) == ["plain,Under forberedelse"]
    assert inside(["plan", "liste", "-e", '"Inspiration o']) == ["plain,Inspiration og forankring"]
    assert inside(["plan", "list", "-s", "I\\ g"]) == ["plain,I\\ gang"]  # no quote: escaped as before
    assert inside(["plan", "list", "-s", '"I gang"', "-e", '"Ins']) == ["plain,Inspiration og forankring"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
@pytest.mark.parametrize(
    ("typed", "args"),
    [
        ('plan list -s "I g', ["plan", "list", "-s", "I gang"]),
        ("plan list -s 'Under f", ["plan", "list", "-s", "Under forberedelse"]),
        ("plan liste -s I\\ g", ["plan", "liste", "-s", "I gang"]),
        ('plan liste -e "Inspiration o', ["plan", "liste", "-e", "Inspiration og forankring"]),
    ],
)
def test_readline_in_a_real_bash_completes_inside_the_quote(
    tmp_path: Path, typed: str, args: list[str]
) -> None:
    """The whole way, as a user types it: an interactive bash on a terminal, the printed script
    sourced, Tab pressed; then the line is run with `printf` in front, so bash itself shows the
    arguments the completed line gives."""
    import pty
    import select
    import time

    shim = tmp_path / "plan"
    shim.write_text(f'#!/bin/sh\nexec {sys.executable} -m baeredygtig_cli "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    shutil.copyfile(SHIPPED_PLAN, tmp_path / "plan.yaml")
    (tmp_path / "fuldfoer.sh").write_text(
        subprocess.run([*PLAN, "completion", "bash"], capture_output=True, text=True, check=True).stdout
    )
    leader, follower = pty.openpty()
    bash = subprocess.Popen(
        ["bash", "--norc", "--noprofile", "-i"], stdin=follower, stdout=follower, stderr=follower, cwd=tmp_path,
        env={**env(), "PATH": f"{tmp_path}:{os.environ['PATH']}", "TERM": "dumb", "PS1": "$ ", "HOME": str(tmp_path)},
        start_new_session=True,
    )  # fmt: skip
    os.close(follower)

    def read_until(marker: bytes, seconds: float = 30) -> bytes:
        seen, end = b"", time.monotonic() + seconds
        while marker not in seen and time.monotonic() < end:
            ready, _, _ = select.select([leader], [], [], 0.1)
            if ready:
                try:
                    seen += os.read(leader, 4096)
                except OSError:
                    break
        return seen

    try:
        os.write(leader, b"source fuldfoer.sh; echo KLAR\n")
        read_until(b"KLAR\r\n")
        os.write(leader, typed.encode() + b"\t")
        time.sleep(0.2)
        read_until(b"\x07", 3)  # whatever readline echoes while plan answers
        os.write(leader, b"\x01printf '<%s>' \x05; echo SL''UT\n")  # the line's echo holds SL''UT
        shown = read_until(b"SLUT\r\n").decode(errors="replace")
    finally:
        os.write(leader, b"exit\n")
        bash.wait(timeout=30)
        os.close(leader)
    printed = shown.rsplit("SLUT\r\n", 1)[0].rsplit("\r\n", 1)[-1]
    assert printed == "".join(f"<{a}>" for a in args), shown

"""`--gem`: an edit commits itself, for colleagues who never type `git commit`. Real git repositories
with the colleague's own git config (name and e-mail in the clone's config, no global one): only
plan.yaml is committed, as them, with a Danish message made from the change and the note; refused with
one Danish line, before anything is written, when git cannot do it cleanly."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from .conftest import SHIPPED_PLAN, Ran, git, run


@pytest.fixture
def alone(tmp_path: Path) -> dict[str, str | None]:
    """git with no global or system config (a fresh laptop), and no identity from the environment."""
    home = tmp_path / "hjem"
    home.mkdir()
    return {"HOME": str(home), "XDG_CONFIG_HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": str(home / "ingen"), "GIT_AUTHOR_NAME": None, "GIT_AUTHOR_EMAIL": None,
            "GIT_COMMITTER_NAME": None, "GIT_COMMITTER_EMAIL": None, "EMAIL": None}  # fmt: skip


def clone_of_the_plan(
    folder: Path, *, name: str | None = "Anna Jensen", email: str | None = "anna@aabenraa.dk"
) -> Path:
    folder.mkdir()
    git(folder, "init", "-q")
    shutil.copyfile(SHIPPED_PLAN, folder / "plan.yaml")
    (folder / "README.md").write_text("Planen\n", encoding="utf-8")
    git(folder, "add", "plan.yaml", "README.md")
    git(folder, "commit", "-qm", "Planen")
    if name is not None:
        git(folder, "config", "user.name", name)
    if email is not None:
        git(folder, "config", "user.email", email)
    return folder / "plan.yaml"


def plan(env: dict[str, str | None], *args: str, path: Path) -> Ran:
    return run(CliRunner(), *args, "-f", str(path), env=env)


def head(folder: Path, spec: str = "%H") -> str:
    return subprocess.run(["git", "-C", str(folder), "log", "-1", f"--format={spec}"], capture_output=True,
                          text=True, check=True).stdout.rstrip("\n")  # fmt: skip


def committed_files(folder: Path) -> list[str]:
    out = subprocess.run(["git", "-C", str(folder), "show", "--name-only", "--format=", "HEAD"], capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    return out.split()


def status(folder: Path) -> str:
    return subprocess.run(["git", "-C", str(folder), "status", "--porcelain"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip


def test_a_status_with_a_note_is_committed_with_a_message_made_of_both(
    tmp_path: Path, alone: dict[str, str | None]
) -> None:
    path = clone_of_the_plan(tmp_path / "klon")
    before = head(path.parent)
    code, out, err = plan(
        alone, "sæt-status", "19", "I gang", "--note", "Budgettet er godkendt", "--gem", path=path
    )
    assert (code, err) == (
        0,
        "plan: tip: kør 'plan git-opsætning', så git fletter kollegers ændringer pr. aktivitet\n",
    )
    message = "19: status Afventer → I gang — Budgettet er godkendt"
    assert head(path.parent, "%P") == before  # one new commit, on top
    assert head(path.parent, "%B") == message
    assert out.endswith(f"Gemt i git: {head(path.parent, '%h')} {message}\n")
    assert (
        head(path.parent, "%an <%ae>|%cn <%ce>")
        == "Anna Jensen <anna@aabenraa.dk>|Anna Jensen <anna@aabenraa.dk>"
    )
    assert committed_files(path.parent) == ["plan.yaml"]
    assert status(path.parent) == ""  # what was written is exactly what was committed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ret", "18", "ansvarlig=Kommunikation"],
         "18: ansvarlig 'Byråds- og Direktionssekretariatet' → 'Kommunikation'"),
        (["note", "19", "Venter på svar fra forvaltningerne"], "19: note — Venter på svar fra forvaltningerne"),
        (["fjern", "44"], "44: fjernet: Informationskampagne om 2. uddeling af puljemidler"),
        (["tilføj", "--tidspunkt", "maj", "-e", "Igangsættelse", "--aktivitet", "Evaluering", "-a", "Kommunikation"],
         "45: tilføjet: Evaluering"),
        (["sæt-status", "3", "4", "Afsluttet", "--ja"],
         "3: status I gang → Afsluttet (og 1 mere)\n\n3: status I gang → Afsluttet\n4: status I gang → Afsluttet"),
        (["set-status", "19", "I gang", "--commit"], "19: status Afventer → I gang"),
    ],
)  # fmt: skip
def test_every_edit_command_commits_what_it_changed(
    tmp_path: Path, alone: dict[str, str | None], args: list[str], message: str
) -> None:
    path = clone_of_the_plan(tmp_path / "klon")
    code, _, err = plan(alone, *args, *([] if "--commit" in args else ["--gem"]), path=path)
    assert code == 0, err
    assert head(path.parent, "%B") == message
    assert committed_files(path.parent) == ["plan.yaml"] and status(path.parent) == ""


def test_only_plan_yaml_is_committed_and_other_work_is_left_as_it_was(
    tmp_path: Path, alone: dict[str, str | None]
) -> None:
    path = clone_of_the_plan(tmp_path / "klon")
    folder = path.parent
    (folder / "README.md").write_text("Planen, rettet\n", encoding="utf-8")
    git(folder, "add", "README.md")  # staged by the user, for a commit of their own
    (folder / "noter.txt").write_text("mine noter\n", encoding="utf-8")  # not in git at all
    assert plan(alone, "sæt-status", "19", "I gang", "--gem", path=path).code == 0
    assert committed_files(folder) == ["plan.yaml"]
    assert status(folder) == "M  README.md\n?? noter.txt\n"


@pytest.mark.parametrize(
    ("spoil", "says"),
    [
        ("edited", "plan.yaml har ændringer, der ikke er committet; commit eller fortryd dem først"),
        ("staged", "plan.yaml har ændringer, der ikke er committet; commit eller fortryd dem først"),
        ("untracked", "plan.yaml er ikke i git endnu"),
        ("no name", "git ved ikke, hvem du er; sæt dit navn med git config --global user.name"),
        ("no git", "ligger ikke i et git-repository"),
        ("merging", "en fletning er i gang i git"),
    ],
)
def test_refused_before_anything_is_written(
    tmp_path: Path, alone: dict[str, str | None], spoil: str, says: str
) -> None:
    if spoil == "no git":
        path = tmp_path / "plan.yaml"
        shutil.copyfile(SHIPPED_PLAN, path)
    else:
        path = clone_of_the_plan(tmp_path / "klon", name=None if spoil == "no name" else "Anna Jensen")
    folder = path.parent
    if spoil in ("edited", "staged"):
        path.write_text(
            path.read_text(encoding="utf-8").replace("status: Afventer", "status: I gang", 1), "utf-8"
        )
        if spoil == "staged":
            git(folder, "add", "plan.yaml")
    elif spoil == "untracked":
        git(folder, "rm", "-q", "--cached", "plan.yaml")
        git(folder, "commit", "-qm", "ud af git")
    elif spoil == "merging":
        git(folder, "checkout", "-qb", "side")
        (folder / "README.md").write_text("side\n", encoding="utf-8")
        git(folder, "commit", "-qam", "side")
        git(folder, "checkout", "-q", "-")
        (folder / "README.md").write_text("hoved\n", encoding="utf-8")
        git(folder, "commit", "-qam", "hoved")
        subprocess.run(["git", "-C", str(folder), "merge", "side"], capture_output=True, check=False)
    before = path.read_bytes()
    commit = head(folder) if spoil != "no git" else None
    code, out, err = plan(alone, "sæt-status", "3", "Afsluttet", "--note", "Færdig", "--gem", path=path)
    assert (code, out) == (2, "")
    assert err.startswith("plan: ") and says in err and err.count("\n") == 1, err
    assert path.read_bytes() == before  # nothing written
    if commit is not None:
        assert head(folder) == commit  # nothing committed


def test_a_refused_edit_commits_nothing(tmp_path: Path, alone: dict[str, str | None]) -> None:
    path = clone_of_the_plan(tmp_path / "klon")
    commit = head(path.parent)
    assert plan(alone, "sæt-status", "3", "Færdig", "--gem", path=path).code == 2  # no such status
    assert plan(alone, "sæt-status", "3", "I gang", "--gem", path=path).err.endswith(
        "plan: intet at gemme i git; plan.yaml er uændret\n"
    )  # 3 is I gang already
    assert plan(alone, "ret", "18", "status=Afventer", "--gem", "--dry-run", path=path).code == 0
    assert head(path.parent) == commit and status(path.parent) == ""


def test_a_hook_that_says_no_leaves_the_edit_written_and_says_so(
    tmp_path: Path, alone: dict[str, str | None]
) -> None:
    path = clone_of_the_plan(tmp_path / "klon")
    hook = path.parent / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    commit = head(path.parent)
    code, _, err = plan(alone, "sæt-status", "19", "I gang", "--gem", path=path)
    assert code == 2
    assert err.endswith(f"plan: {path} er ændret, men git ville ikke committe den (fx en commit-hook, der sagde "
                        "nej); se git status, og commit selv\n")  # fmt: skip
    assert head(path.parent) == commit and status(path.parent) == " M plan.yaml\n"


def test_a_colleagues_commit_and_mine_meet_in_a_merge(tmp_path: Path, alone: dict[str, str | None]) -> None:
    """Two colleagues, each with --gem in a clone of their own, on different activities: git merges
    the two commits (with plan's merge driver), and both changes are in the plan."""
    origin = clone_of_the_plan(tmp_path / "fælles").parent
    git(origin, "config", "receive.denyCurrentBranch", "ignore")
    mine, theirs = tmp_path / "anna", tmp_path / "bo"
    for folder, name in ((mine, "Anna Jensen"), (theirs, "Bo Hansen")):
        subprocess.run(["git", "clone", "-q", str(origin), str(folder)], check=True, capture_output=True)
        git(folder, "config", "user.name", name)
        git(folder, "config", "user.email", f"{name.split()[0].lower()}@aabenraa.dk")
        assert plan(alone, "git-opsætning", path=folder / "plan.yaml").code == 0
    assert plan(alone, "sæt-status", "19", "I gang", "--gem", path=mine / "plan.yaml").code == 0
    assert plan(alone, "note", "20", "Bo tager den", "--gem", path=theirs / "plan.yaml").code == 0
    subprocess.run(
        ["git", "-C", str(theirs), "push", "-q", "origin", "HEAD"], check=True, capture_output=True
    )
    pulled = subprocess.run(["git", "-C", str(mine), "pull", "-q", "--no-rebase", "--no-edit"], capture_output=True,
                            text=True, env={**os.environ, "GIT_MERGE_AUTOEDIT": "no"}, check=False)  # fmt: skip
    assert pulled.returncode == 0, pulled.stderr
    merged = (mine / "plan.yaml").read_text(encoding="utf-8")
    assert "Bo tager den" in merged
    shown = plan(alone, "vis", "19", "--json", path=mine / "plan.yaml").out
    assert '"status": "I gang"' in shown

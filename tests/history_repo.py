"""Real git repositories for the tests of the plan's memory (`plan log`, `--per`, progress over time,
quiet activities): commits with fixed author and commit dates, merges and renames, and the `plan`
command run in-process against them."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from baeredygtig_cli.cli import app

HEAD = """\
titel: Testplan
år: 2020
statusser: [Afventer, Under forberedelse, I gang, Afsluttet]

aktiviteter:
"""


def activity(
    activity_id: int,
    tidspunkt: str,
    aktivitet: str,
    ansvarlig: str = "Koordinator",
    status: str | None = "Afventer",
    noter: list[tuple[str, str, str]] = (),  # type: ignore[assignment]
) -> str:
    lines = [
        f"  - id: {activity_id}",
        f"    tidspunkt: {tidspunkt}",
        "    emne: [Klima]",
        f"    aktivitet: {aktivitet}",
        f"    ansvarlig: {ansvarlig}",
        f"    status: {status or ''}".rstrip(),
    ]
    if noter:
        lines.append("    noter:")
        for day, text, by in noter:
            lines += [f"      - dato: {day}", f"        af: {by}", f"        tekst: {text}"]
    return "\n".join(lines) + "\n\n"


def plan_text(*activities: str) -> str:
    return HEAD + "".join(activities)


@dataclass
class Repo:
    folder: Path
    name: str = "plan.yaml"

    @property
    def plan(self) -> Path:
        return self.folder / self.name

    def git(self, *args: str, when: str = "2020-01-01T10:00:00", who: str = "Anna Jensen") -> str:
        """git in the repository, as `who` at `when` (Danish winter time unless an offset is given)."""
        when = when if when[-6] in "+-" else when + "+01:00"
        email = who.split()[0].lower() + "@kommune.example"
        env = {**os.environ, "GIT_AUTHOR_NAME": who, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": who,
               "GIT_COMMITTER_EMAIL": email, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}  # fmt: skip
        for key in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
            env.pop(key, None)
        done = subprocess.run(
            ["git", "-C", str(self.folder), *args], check=True, capture_output=True, env=env
        )
        return done.stdout.decode().strip()

    def commit(self, text: str | None, message: str, when: str, who: str = "Anna Jensen") -> str:
        """Write `text` (unless None) to the plan and commit it; the commit's full id."""
        if text is not None:
            self.plan.parent.mkdir(parents=True, exist_ok=True)
            self.plan.write_text(text, encoding="utf-8")
        self.git("add", "-A", when=when, who=who)
        self.git("commit", "-q", "--allow-empty", "-m", message, when=when, who=who)
        return self.git("rev-parse", "HEAD")

    def short(self, revision: str = "HEAD") -> str:
        return self.git("rev-parse", "--short", revision)

    def rename(self, new_name: str, message: str, when: str, who: str = "Anna Jensen") -> str:
        (self.folder / new_name).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", self.name, new_name, when=when, who=who)
        self.name = new_name
        return self.commit(None, message, when, who)


def new_repo(folder: Path) -> Repo:
    folder.mkdir(parents=True, exist_ok=True)
    repo = Repo(folder)
    repo.git("init", "-q", "-b", "main")
    return repo


def run(*args: str, columns: int = 100, **env: str) -> tuple[int, str, str]:
    """`plan ARGS` in-process: exit code, stdout, stderr. The output is no terminal: plain text."""
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": str(columns), "PLAN_FILE": None, **env})
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stdout, result.stderr


def story(folder: Path) -> tuple[Repo, dict[str, str]]:
    """A small plan's first spring in git, each commit with its day and author:

    1 Feb   Anna   the plan (1 Idémøde, 2 Workshop, 3 Kampagne), all Afventer
    5 Mar   Bo     1 I gang; a note on 2
    6 Mar   Bo     a version with a merge conflict committed by mistake
    7 Mar   Bo     fixed; 3 moved from Juni to August
    1 Apr   Carl   (branch "side") 2 gets a new ansvarlig
    2 Apr   Anna   4 Evaluering added, without status
    3 Apr   Anna   merges "side"
    1 May   Anna   plan.yaml renamed planer/plan.yaml
    10 May  Bo     1 Afsluttet; 3 removed

    Returns the repository and each commit's full id by a short name."""
    repo = new_repo(folder)
    ids: dict[str, str] = {}
    one = activity(1, "Marts", "Idémøde")
    two = activity(2, "April-maj", "Workshop for detailhandlen")
    three = activity(3, "Juni", "Kampagne")
    ids["first"] = repo.commit(plan_text(one, two, three), "Planen lagt i git", "2020-02-01T10:00:00")
    note = [("2020-03-05", "Venter på lokaler", "Bo Hansen")]
    one = activity(1, "Marts", "Idémøde", status="I gang")
    two = activity(2, "April-maj", "Workshop for detailhandlen", noter=note)
    ids["status"] = repo.commit(plan_text(one, two, three), "Status efter udvalgsmødet", "2020-03-05T10:00:00",
                                "Bo Hansen")  # fmt: skip
    broken = plan_text(one, two, three).replace("  - id: 3\n", "<<<<<<< HEAD\n  - id: 3\n")
    ids["conflict"] = repo.commit(broken, "Fletning med konflikt", "2020-03-06T10:00:00", "Bo Hansen")
    three = activity(3, "August", "Kampagne")
    ids["fixed"] = repo.commit(plan_text(one, two, three), "Rettet; kampagnen flyttet", "2020-03-07T10:00:00",
                               "Bo Hansen")  # fmt: skip
    repo.git("checkout", "-q", "-b", "side")
    owned = activity(2, "April-maj", "Workshop for detailhandlen", ansvarlig="Byledelsen", noter=note)
    ids["side"] = repo.commit(plan_text(one, owned, three), "Ny ansvarlig for workshoppen", "2020-04-01T10:00:00",
                              "Carl Holm")  # fmt: skip
    repo.git("checkout", "-q", "main")
    four = activity(4, "September", "Evaluering", status=None)
    ids["added"] = repo.commit(plan_text(one, two, three, four), "Evaluering tilføjet", "2020-04-02T10:00:00")
    repo.git("merge", "-q", "--no-edit", "side", when="2020-04-03T10:00:00")
    ids["merge"] = repo.git("rev-parse", "HEAD")
    ids["renamed"] = repo.rename("planer/plan.yaml", "Planen flyttet til planer/", "2020-05-01T10:00:00")
    one = activity(1, "Marts", "Idémøde", status="Afsluttet")
    ids["done"] = repo.commit(plan_text(one, owned, four), "Idémødet holdt; kampagnen droppet",
                              "2020-05-10T10:00:00", "Bo Hansen")  # fmt: skip
    return repo, ids

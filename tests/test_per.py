"""`--per DATO|REV`: list, due, summary, show, timeline and export read the plan as committed at the
end of that day (the last commit on the line of first parents) or at that revision, and answer as of
that day unless --today says otherwise. One helper in the commands' shared loading path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .history_repo import Repo, activity, new_repo, plan_text, run, story


@pytest.fixture
def told(tmp_path: Path) -> tuple[Repo, dict[str, str]]:
    return story(tmp_path / "repo")


def ok(repo: Repo, *args: str) -> tuple[str, str]:
    code, out, err = run(*args, "-f", str(repo.plan))
    assert code == 0, err
    return out, err


def statuses(repo: Repo, *args: str) -> dict[int, str | None]:
    out, _ = ok(repo, "list", "--json", *args)
    return {r["id"]: r["status"] for r in json.loads(out)}


@pytest.mark.parametrize("command", ["list", "due", "summary", "show", "timeline", "export"])
def test_every_reading_command_takes_per(command: str) -> None:
    code, out, _ = run(command, "--help", columns=200)
    assert code == 0 and "--per DATO|REV" in out and "Planen, som den stod i git" in out


def test_a_date_reads_the_last_commit_of_that_day(told: tuple[Repo, dict[str, str]]) -> None:
    repo, ids = told
    out, err = ok(repo, "list", "--json", "--per", "2020-03-05")
    assert err == f"plan: planen pr. 5. marts 2020: commit {repo.short(ids['status'])} (5. marts 2020)\n"
    assert {r["id"]: r["status"] for r in json.loads(out)} == {1: "I gang", 2: "Afventer", 3: "Afventer"}
    assert statuses(repo, "--per", "2020-03-04") == {1: "Afventer", 2: "Afventer", 3: "Afventer"}
    assert statuses(repo, "--per", "2020-05-20") == {1: "Afsluttet", 2: "Afventer", 4: None}


def test_a_revision_and_the_working_copy_untouched(told: tuple[Repo, dict[str, str]]) -> None:
    repo, ids = told
    repo.git("tag", "udvalgsmøde", ids["fixed"])
    repo.plan.write_text(
        repo.plan.read_text(encoding="utf-8").replace("Afsluttet", "Afventer"), encoding="utf-8"
    )
    out, err = ok(repo, "list", "--json", "--per", "udvalgsmøde")
    assert err == f"plan: planen pr. 7. marts 2020: commit {repo.short(ids['fixed'])} (7. marts 2020)\n"
    assert [(r["id"], r["tidspunkt"]) for r in json.loads(out)] == [
        (1, "Marts"),
        (2, "April-maj"),
        (3, "August"),
    ]
    assert statuses(repo, "--per", "HEAD") == {1: "Afsluttet", 2: "Afventer", 4: None}


def test_per_a_date_answers_as_of_that_day(told: tuple[Repo, dict[str, str]]) -> None:
    repo, ids = told
    out, _ = ok(repo, "summary", "--json", "--per", "2020-04-02")
    summary = json.loads(out)
    assert (summary["dato"], summary["i_alt"]["antal"], summary["forsinket"]) == ("2020-04-02", 4, 1)
    out, _ = ok(repo, "summary", "--json", "--per", "2020-04-02", "--today", "2020-12-31")
    assert json.loads(out)["dato"] == "2020-12-31"  # --today still wins
    out, _ = ok(repo, "due", "--per", ids["fixed"], "--kort")
    assert out.splitlines()[0] == "Aktuelt 7. marts 2020 (1)"  # a revision: the day of its commit
    out, _ = ok(repo, "timeline", "--per", "2020-04-02")
    assert "v 2/4" in out


def test_show_says_which_version(told: tuple[Repo, dict[str, str]]) -> None:
    repo, ids = told
    out, _ = ok(repo, "show", "1", "--per", "2020-02-15")
    assert "Status     Afventer" in out
    assert "\nFil        plan.yaml, linje 6 i versionen --per 2020-02-15" in out
    assert out.rstrip().endswith(
        "Historik   1. februar 2020  Anna Jensen  tilføjet  (" + repo.short(ids["first"]) + ")"
    )
    out, _ = ok(repo, "show", "1", "--json", "--per", "2020-03-05")
    assert json.loads(out)["status"] == "I gang"


def test_export_writes_that_version(told: tuple[Repo, dict[str, str]], tmp_path: Path) -> None:
    repo, ids = told
    old = tmp_path / "plan.yaml"
    old.write_text(repo.git("show", f"{ids['added']}:plan.yaml") + "\n", encoding="utf-8")
    code, then, _ = run("export", "-F", "csv", "-f", str(old))
    assert code == 0
    out, err = ok(repo, "export", "-F", "csv", "--per", ids["added"])
    assert out == then and err.startswith("plan: planen pr. 2. april 2020")


def test_a_renamed_plan_is_read_under_its_name_then(told: tuple[Repo, dict[str, str]]) -> None:
    repo, ids = told
    assert repo.name == "planer/plan.yaml"
    out, err = ok(repo, "list", "--json", "--per", "2020-04-30")
    assert err == f"plan: planen pr. 30. april 2020: commit {repo.short(ids['merge'])} (3. april 2020)\n"
    assert [r["ansvarlig"] for r in json.loads(out)] == [
        "Koordinator",
        "Byledelsen",
        "Koordinator",
        "Koordinator",
    ]


def test_a_branch_not_yet_merged_is_not_the_plan(told: tuple[Repo, dict[str, str]]) -> None:
    """On 1 April the new ansvarlig existed only on a branch (merged on 3 April): the plan as it
    stood is the main line's."""
    repo, ids = told
    out, err = ok(repo, "list", "--json", "--per", "2020-04-01")
    assert repo.short(ids["fixed"]) in err
    assert json.loads(out)[1]["ansvarlig"] == "Koordinator"


@pytest.mark.parametrize(
    ("per", "says"),
    [
        ("2020-01-31", "plan: ingen commits til og med 31. januar 2020; planen var ikke i git endnu\n"),
        ("2020-13-01", "plan: ugyldig dato for --per: '2020-13-01' findes ikke\n"),
        ("31/4-2020", "plan: ugyldig dato for --per: '31/4-2020' (31. april 2020 findes ikke)\n"),
        ("15-03", "plan: --per '15-03' er hverken en dato (fx 2020-03-15 eller 15/3-2020)"),
        ("nope", "plan: ukendt git-revision 'nope' for --per"),
    ],
)
def test_a_day_or_revision_that_cannot_be_read(
    told: tuple[Repo, dict[str, str]], per: str, says: str
) -> None:
    repo, _ = told
    for command in (["list"], ["summary"], ["due"]):
        code, out, err = run(*command, "--per", per, "-f", str(repo.plan))
        assert (code, out) == (2, "") and err.startswith(says) and err.count("\n") == 1, err


def test_a_version_that_cannot_be_read_is_passed_over_and_said(told: tuple[Repo, dict[str, str]]) -> None:
    """The rule of `--over-tid` and `plan log`: the newest version before it on the
    line of first parents that can be read answers, and the line on stderr says which and why."""
    repo, ids = told
    for per in ("2020-03-06", ids["conflict"]):
        code, out, err = run("list", "--json", "--per", per, "-f", str(repo.plan))
        assert code == 0, err
        assert err == (
            f"plan: planen pr. 6. marts 2020: commit {repo.short(ids['status'])} (5. marts 2020) ({repo.plan} i "
            f"commit {repo.short(ids['conflict'])} (6. marts 2020), linje 24: git-flettekonflikt ikke løst "
            "(linjen begynder med <<<<<<<); ret konflikten og fjern markeringerne; den seneste version før den, "
            "der kan læses, bruges)\n"
        )
        assert {r["id"]: r["status"] for r in json.loads(out)} == {1: "I gang", 2: "Afventer", 3: "Afventer"}
    series = json.loads(ok(repo, "summary", "--over-tid", "--json", "--per", "2020-03-06")[0])
    assert series["punkter"][-1]["status"]["I gang"] == 1  # the same version as the last month's


def test_a_version_with_nothing_readable_before_it_is_refused(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    broken = plan_text(activity(1, "Marts", "Idémøde")).replace("  - id: 1\n", "<<<<<<< HEAD\n  - id: 1\n")
    first = repo.commit(broken, "i stykker", "2020-02-01T10:00:00")
    repo.commit(plan_text(activity(1, "Marts", "Idémøde")), "rettet", "2020-02-02T10:00:00")
    code, out, err = run("list", "--per", "2020-02-01", "-f", str(repo.plan))
    assert (code, out) == (2, "")
    assert err.startswith(f"plan: {repo.plan} i commit {repo.short(first)} (1. februar 2020), linje ")
    assert err.endswith("; den version kan ikke læses\n") and err.count("\n") == 1


def test_outside_git(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(plan_text(activity(1, "Marts", "Idémøde")), encoding="utf-8")
    code, out, err = run("list", "--per", "2020-03-01", "-f", str(plan))
    assert (code, out) == (2, "") and "ligger ikke i et git-repository" in err and err.count("\n") == 1
    code, out, err = run("list", "-f", str(plan))
    assert code == 0 and err == ""  # without --per, git is never asked

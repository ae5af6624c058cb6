"""`plan show ID` ends with the activity's last changes, as Org's LOGBOOK: when,
by whom, what, from the plan's history in git, through the same machinery as `plan log` (credited
merges, corrected notes, the cache). Outside git nothing is said. Real repositories, scripted
colleagues; what is expected is written out here, not asked of the code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from baeredygtig_cli.history import gitrepo
from baeredygtig_cli.planfile import schema

from .history_repo import Repo, activity, new_repo, plan_text, run, story


@pytest.fixture
def told(tmp_path: Path) -> tuple[Repo, dict[str, str]]:
    return story(tmp_path / "repo")


def show(repo: Repo, *args: str, columns: int = 120) -> str:
    code, out, err = run("show", *args, "-f", str(repo.plan), columns=columns)
    assert code == 0 and (err == "" or err.startswith("plan: planen pr. ")), err
    return out


def records(repo: Repo, *args: str) -> list[dict[str, object]]:
    found = json.loads(show(repo, *args, "--json"))["historik"]
    assert isinstance(found, list)
    return found


def test_the_last_changes_newest_first(told: tuple[Repo, dict[str, str]]) -> None:
    repo, ids = told
    s = {name: repo.short(commit) for name, commit in ids.items()}
    out = show(repo, "2")
    assert [line.rstrip() for line in out.splitlines()[-3:]] == [
        f"Historik   1. april 2020    Carl Holm    ansvarlig 'Koordinator' → 'Byledelsen'  ({s['side']} via fletning "
        f"{s['merge']})",
        f"           5. marts 2020    Bo Hansen    note 5. marts 2020 (Bo Hansen): Venter på lokaler  ({s['status']})",
        f"           1. februar 2020  Anna Jensen  tilføjet  ({s['first']})",
    ]
    assert records(repo, "1") == [
        {"dato": "2020-05-10", "af": "Bo Hansen", "commit": s["done"], "via_fletning": None, "hvad": "status",
         "før": "I gang", "efter": "Afsluttet"},
        {"dato": "2020-03-05", "af": "Bo Hansen", "commit": s["status"], "via_fletning": None, "hvad": "status",
         "før": "Afventer", "efter": "I gang"},
        {"dato": "2020-02-01", "af": "Anna Jensen", "commit": s["first"], "via_fletning": None,
         "hvad": "tilføjet", "før": None, "efter": None},
    ]  # fmt: skip
    assert records(repo, "2")[0]["via_fletning"] == s["merge"]


def test_only_the_last_five_and_every_kind(tmp_path: Path) -> None:
    """Seven changes by three colleagues: the newest five, each kind said its own way."""
    repo = new_repo(tmp_path / "repo")
    who = ["Anna Jensen", "Bo Hansen", "Carl Holm"]
    steps: list[tuple[str, dict[str, object]]] = [
        ("tilføjet", {}),
        ("status", {"status": "I gang"}),
        ("ansvarlig", {"ansvarlig": "Teknik og Miljø"}),
        ("note", {"noter": [("2020-02-04", "Venter på budget", "Bo Hansen")]}),
        ("tidspunkt", {"tidspunkt": "April"}),
        ("note_rettet", {"noter": [("2020-02-04", "Venter på budgettet", "Bo Hansen")]}),
        ("status", {"status": "Afsluttet"}),
    ]
    fields: dict[str, object] = {"tidspunkt": "Marts", "aktivitet": "Kampagne"}
    commits = []
    for day, (_, change) in enumerate(steps, start=1):
        fields.update(change)
        text = plan_text(activity(7, **fields), activity(8, "Maj", "Andet"))  # type: ignore[arg-type]
        commits.append(repo.commit(text, f"skridt {day}", f"2020-02-0{day}T10:00:00", who[day % 3]))
    found = records(repo, "7")
    assert [(r["hvad"], r["commit"], r["af"]) for r in found] == [
        (steps[i][0], repo.short(commits[i]), who[(i + 1) % 3]) for i in (6, 5, 4, 3, 2)
    ]
    assert found[1]["før"] == {"dato": "2020-02-04", "tekst": "Venter på budget", "af": "Bo Hansen"}
    assert (found[2]["før"], found[2]["efter"]) == ("Marts", "April")
    lines = show(repo, "7", columns=200).splitlines()
    history_at = next(i for i, line in enumerate(lines) if line.startswith("Historik"))
    assert [re.split(r"\s{2,}", line[11:].strip())[2] for line in lines[history_at:]] == [
        "status I gang → Afsluttet",
        "note 4. februar 2020 (Bo Hansen) rettet: tekst 'Venter på budget' → 'Venter på budgettet'",
        "tidspunkt 'Marts' → 'April'",
        "note 4. februar 2020 (Bo Hansen): Venter på budget",
        "ansvarlig 'Koordinator' → 'Teknik og Miljø'",
    ]


def test_per_reads_the_history_up_to_that_day(told: tuple[Repo, dict[str, str]]) -> None:
    repo, ids = told
    assert [r["commit"] for r in records(repo, "1", "--per", "2020-04-30")] == [
        repo.short(ids["status"]),
        repo.short(ids["first"]),
    ]
    repo.git("branch", "tidligere", ids["first"])
    assert [r["hvad"] for r in records(repo, "1", "--per", "tidligere")] == ["tilføjet"]


def test_outside_git_nothing_is_said(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(plan_text(activity(1, "Marts", "Idémøde")), encoding="utf-8")
    code, out, err = run("show", "1", "-f", str(plan))
    assert code == 0 and err == "" and "Historik" not in out and out.rstrip().endswith("linje 6")
    code, out, err = run("show", "1", "--json", "-f", str(plan))
    assert code == 0 and err == "" and "historik" not in json.loads(out)


def test_uncommitted_and_never_committed(tmp_path: Path) -> None:
    """An activity only in the working copy has no history yet: the key is there, empty."""
    repo = new_repo(tmp_path / "repo")
    repo.commit(plan_text(activity(1, "Marts", "Idémøde")), "plan", "2020-02-01T10:00:00")
    repo.plan.write_text(
        plan_text(activity(1, "Marts", "Idémøde"), activity(2, "Maj", "Ny")), encoding="utf-8"
    )
    assert records(repo, "2") == []
    assert "Historik" not in show(repo, "2")


def test_asking_again_reads_nothing_from_git_but_one_rev_parse(
    told: tuple[Repo, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The answer is kept for HEAD: a second `plan show` lists no commit and reads no version."""
    repo, _ = told
    first = show(repo, "2")

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("the history was read again")

    monkeypatch.setattr(gitrepo, "plan_commits", refused)
    monkeypatch.setattr(gitrepo, "side_commits", refused)
    monkeypatch.setattr(schema.VersionReader, "read", refused)
    assert show(repo, "2") == first
    monkeypatch.undo()
    text = repo.plan.read_text(encoding="utf-8").replace("status: Afventer", "status: I gang", 1)
    new = repo.commit(text, "Workshoppen i gang", "2020-05-11T10:00:00", "Dorte Holm")
    assert records(repo, "2")[0] == {
        "dato": "2020-05-11", "af": "Dorte Holm", "commit": repo.short(new), "via_fletning": None,
        "hvad": "status", "før": "Afventer", "efter": "I gang",
    }  # fmt: skip

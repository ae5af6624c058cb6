"""Activities nobody touches: running or overdue, and neither status nor notes changed for N days
(60 unless --dage). `plan due` flags them; `plan due --stille` lists them with the last change's
date and author, from the plan's history in git (an uncommitted change counts as made today)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .history_repo import Repo, activity, new_repo, plan_text, run, story


@pytest.fixture
def told(tmp_path: Path) -> tuple[Repo, dict[str, str]]:
    return story(tmp_path / "repo")


def ok(repo: Repo, *args: str) -> str:
    code, out, err = run(*args, "-f", str(repo.plan), columns=100)
    assert code == 0 and (err == "" or err.startswith("plan: planen pr. ")), err
    return out


def quiet(repo: Repo, *args: str) -> list[tuple[int, int | None, dict[str, object] | None]]:
    records = json.loads(ok(repo, "due", "--stille", "--json", *args))
    return [(r["id"], r["stille_dage"], r["sidst_ændret"]) for r in records]


def test_due_flags_the_quiet_ones(told: tuple[Repo, dict[str, str]]) -> None:
    repo, _ = told
    out = ok(repo, "due", "--today", "2020-06-15", "--kort")
    assert out == (
        "Aktuelt 15. juni 2020 (0)\n"
        "Intet kører på dagen.\n"
        "Forsinket (1)\n"
        "2  April-maj  Afventer  2 uger  Workshop for detailhandlen\n"
        "Stille i 60 dage (ingen ændring af status eller noter): 1 aktivitet: 2\n"
        f"Se hvem der sidst ændrede dem:\n  plan aktuelt --stille --i-dag 2020-06-15 -f {repo.plan}\n"
    )  # the hint asks the same question
    assert "Stille" not in ok(repo, "due", "--today", "2020-04-15")
    assert json.loads(ok(repo, "due", "--json", "--today", "2020-06-15")) == json.loads(
        ok(repo, "due", "--json", "--today", "2020-06-15", "--dage", "0")
    )  # the JSON of plan due is as it was: the quiet ones have their own (--stille --json)


def test_the_list_says_when_and_who(told: tuple[Repo, dict[str, str]]) -> None:
    repo, ids = told
    assert ok(repo, "due", "--stille", "--today", "2020-06-15") == (
        "Stille pr. 15. juni 2020: 1 aktivitet uden ændring af status eller noter i 60 dage\n"
        "   2  Workshop for detailhandlen\n"
        # wider than the 100 columns: wrapped, the rest under its text
        f"      Afventer · forsinket · note skrevet 5. marts 2020 af Bo Hansen (commit {repo.short(ids['status'])}, "
        "102 dage\n      siden)\n"
    )
    assert ok(repo, "due", "--stille", "--today", "2020-04-15") == (
        "Stille pr. 15. april 2020: 0 aktiviteter uden ændring af status eller noter i 60 dage\n"
        "Ingen; alt, der kører eller er forsinket, er rørt for nylig.\n"
    )


def test_days_and_what_counts_as_a_change(told: tuple[Repo, dict[str, str]]) -> None:
    """A status change and a note count; a new ansvarlig (the merge on 3 April) or timing does not.
    (Without --per the plan is the working copy, where 1 is Afsluttet: never quiet.)"""
    repo, ids = told
    bo = {"dato": "2020-03-05", "af": "Bo Hansen", "commit": repo.short(ids["status"])}
    assert quiet(repo, "--dage", "30", "--today", "2020-04-15") == [(2, 41, {**bo, "hvad": "note"})]
    assert quiet(repo, "--dage", "42", "--today", "2020-04-15") == []
    assert quiet(repo, "--dage", "41", "--today", "2020-04-15") == [(2, 41, {**bo, "hvad": "note"})]
    record = json.loads(ok(repo, "due", "--stille", "--json", "--dage", "30", "--per", "2020-04-15"))[0]
    assert record == {
        "id": 1, "tidspunkt": "Marts", "emne": ["Klima"], "aktivitet": "Idémøde", "ansvarlig": "Koordinator",
        "status": "I gang", "start": "2020-03-01", "slut": "2020-03-31", "forsinket": True, "stille_dage": 41,
        "sidst_ændret": {**bo, "hvad": "status"},
    }  # fmt: skip


def test_added_and_never_changed(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    first = repo.commit(plan_text(activity(1, "Marts-december", "Idémøde")), "plan", "2020-02-01T10:00:00")
    later = repo.commit(
        plan_text(activity(1, "Marts-december", "Idémøde"), activity(2, "Marts-december", "Kampagne")),
        "ny", "2020-05-01T10:00:00", "Bo Hansen",
    )  # fmt: skip
    assert quiet(repo, "--today", "2020-06-15") == [
        (1, 135, {"dato": "2020-02-01", "af": "Anna Jensen", "commit": repo.short(first), "hvad": "tilføjet"})
    ]
    assert quiet(repo, "--today", "2020-07-15") == [
        (
            1,
            165,
            {"dato": "2020-02-01", "af": "Anna Jensen", "commit": repo.short(first), "hvad": "tilføjet"},
        ),
        (2, 75, {"dato": "2020-05-01", "af": "Bo Hansen", "commit": repo.short(later), "hvad": "tilføjet"}),
    ]


def test_an_uncommitted_change_counts_as_today(told: tuple[Repo, dict[str, str]]) -> None:
    repo, _ = told
    text = repo.plan.read_text(encoding="utf-8")
    repo.plan.write_text(text.replace("status: Afventer", "status: I gang", 1), encoding="utf-8")
    assert quiet(repo, "--today", "2020-06-15") == []
    assert quiet(repo, "--today", "2020-06-15", "--dage", "0") == [
        (2, 0, {"dato": "2020-06-15", "af": None, "commit": None, "hvad": "status"})
    ]
    assert "ændret i arbejdskopien (ikke committet)" in ok(
        repo, "due", "--stille", "--dage", "0", "--today", "2020-06-15"
    )


def test_per_a_day_reads_the_history_up_to_it(told: tuple[Repo, dict[str, str]]) -> None:
    repo, ids = told
    text = repo.plan.read_text(encoding="utf-8")
    repo.plan.write_text(text.replace("status: Afventer", "status: I gang"), encoding="utf-8")  # not then
    bo = {"af": "Bo Hansen", "commit": repo.short(ids["status"]), "dato": "2020-03-05"}
    assert quiet(repo, "--per", "2020-04-15", "--dage", "30") == [
        (1, 41, {**bo, "hvad": "status"}),
        (2, 41, {**bo, "hvad": "note"}),
    ]


def test_without_git(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(plan_text(activity(1, "Marts", "Idémøde")), encoding="utf-8")
    code, out, err = run("due", "--today", "2020-06-15", "-f", str(plan))
    assert code == 0 and err == "" and "Stille" not in out  # nothing to tell from: nothing said
    code, out, err = run("due", "--stille", "--today", "2020-06-15", "-f", str(plan))
    assert (code, out) == (2, "") and "ligger ikke i et git-repository" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--stille", "--month", "marts"), "plan: --stille gælder det, der kører eller er forsinket i dag; "
                                           "ikke med --måned eller --uge\n"),
        (("--stille", "--dage", "-1"), "plan: --dage skal være 0 eller mere, ikke -1\n"),
    ],
)  # fmt: skip
def test_bad_options(told: tuple[Repo, dict[str, str]], args: tuple[str, ...], says: str) -> None:
    repo, _ = told
    code, out, err = run("due", *args, "-f", str(repo.plan))
    assert (code, out, err) == (2, "", says)


def test_a_note_corrected_by_hand_does_not_reset_the_quiet_clock(tmp_path: Path) -> None:
    """Fixing a typo in an old note is not news about the activity."""
    repo = new_repo(tmp_path / "repo")
    typo = [("2020-02-01", "Afvnter budget", "Anna Jensen")]
    first = repo.commit(plan_text(activity(1, "Marts-december", "Idémøde", noter=typo)), "plan",
                        "2020-02-01T10:00:00")  # fmt: skip
    fixed = [("2020-02-01", "Afventer budget", "Anna Jensen")]
    repo.commit(plan_text(activity(1, "Marts-december", "Idémøde", noter=fixed)), "stavefejl",
                "2020-06-01T10:00:00", "Bo Hansen")  # fmt: skip
    assert quiet(repo, "--today", "2020-06-15") == [
        (1, 135, {"dato": "2020-02-01", "af": "Anna Jensen", "commit": repo.short(first), "hvad": "tilføjet"})
    ]
    new = [*fixed, ("2020-06-02", "Budget bevilget", "Bo Hansen")]
    noted = repo.commit(plan_text(activity(1, "Marts-december", "Idémøde", noter=new)), "note",
                        "2020-06-02T10:00:00", "Bo Hansen")  # fmt: skip
    assert quiet(repo, "--today", "2020-06-15", "--dage", "0") == [
        (1, 13, {"dato": "2020-06-02", "af": "Bo Hansen", "commit": repo.short(noted), "hvad": "note"})
    ]


def test_kort_lists_one_line_each_and_the_hint_keeps_the_question(told: tuple[Repo, dict[str, str]]) -> None:
    """`--kort` works with `--stille`; the flag's hint repeats --dage (and the day)."""
    repo, _ = told
    out = ok(
        repo, "due", "--stille", "--kort", "--today", "2020-04-15", "--dage", "30", "--per", "2020-04-15"
    )
    assert out == (
        "Stille pr. 15. april 2020: 2 aktiviteter uden ændring af status eller noter i 30 dage\n"
        "1  I gang    41 dage  Bo Hansen  Idémøde\n"
        "2  Afventer  41 dage  Bo Hansen  Workshop for detailhandlen\n"
    )
    out = ok(repo, "due", "--kort", "--today", "2020-04-15", "--dage", "30", "--per", "2020-04-15")
    assert out.endswith(
        "Stille i 30 dage (ingen ændring af status eller noter): 2 aktiviteter: 1, 2\n"
        f"Se hvem der sidst ændrede dem:\n  plan aktuelt --stille --dage 30 --i-dag 2020-04-15 --per 2020-04-15 -f {repo.plan}\n"
    )
    out = ok(repo, "due", "--kort", "--today", "2020-04-15", "--dage", "30", "--per", "2020-04-15", "-a", "byledelsen",
             "--søg", "for detail")  # fmt: skip
    assert out.endswith(
        "Se hvem der sidst ændrede dem:\n  plan aktuelt --stille --ansvarlig byledelsen --søg 'for detail' --dage 30 --i-dag "
        f"2020-04-15 --per 2020-04-15 -f {repo.plan}\n"
    )  # the filters too, quoted for the shell
    code, out, _ = run("due", "--stille", "--kort", "--today", "2020-04-15", "--dage", "30", "--per",
                       "2020-04-15", "-f", str(repo.plan), columns=40)  # fmt: skip
    # 40 columns: the activity keeps at least 10 characters, so a row too wide for the window wraps
    assert code == 0 and max(len(line) for line in out.splitlines()) <= 40
    assert "\n2  Afventer  41 dage  Bo Hansen\nWorkshop…\n" in out

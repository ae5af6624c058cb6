"""The plan's history under real team use: colleagues with their own clones of
one origin, pulling, merging, rebasing; shallow and partial clones; a .mailmap and replace refs.
Every expected answer is written out here from what the script did, never asked of the code."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .history_repo import Repo, activity, new_repo, plan_text, run

UNSHALLOW = "hent resten med 'git fetch --unshallow'"


def ok(plan: Path, *args: str, err: str = "") -> str:
    code, out, said = run(*args, "-f", str(plan), columns=200, PLAN_DEBUG="1")
    assert (code, said) == (0, err), said
    return out


def log(plan: Path, *args: str, err: str = "") -> list[dict[str, object]]:
    found = json.loads(ok(plan, "log", "--json", *args, err=err))
    assert isinstance(found, list)
    return found


def clone(origin: Path, folder: Path, *options: str) -> Repo:
    subprocess.run(["git", "clone", "-q", *options, f"file://{origin}", str(folder)], check=True)
    return Repo(folder)


def origin_of(tmp_path: Path) -> Path:
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True)
    return origin


ONE = activity(1, "Marts-december", "Idémøde")
TWO = activity(2, "April-december", "Workshop for detailhandlen")
THREE = activity(3, "Juni-december", "Kampagne")


# --- one rule for "the plan as of a day", the first parent -------------------------------------


@pytest.fixture
def pulled(tmp_path: Path) -> tuple[Repo, dict[str, str]]:
    """Anna and Bo share an origin. Anna commits the plan (1 February); Bo, on his own clone, sets 1
    I gang with a note (10 March); Anna gives 2 a new ansvarlig (12 March) and pushes; Bo pulls
    (15 March: a merge whose first parent is his own line) and pushes. origin's line of first
    parents: the plan, Bo's commit, Bo's merge; Anna's 12 March commit came in by the merge."""
    origin = origin_of(tmp_path)
    anna = clone(origin, tmp_path / "anna")
    ids = {"plan": anna.commit(plan_text(ONE, TWO, THREE), "Planen", "2020-02-01T10:00:00")}
    anna.git("push", "-q", "origin", "main")
    bo = clone(origin, tmp_path / "bo")
    note = [("2020-03-10", "Mødet er booket", "Bo Hansen")]
    ids["bo"] = bo.commit(plan_text(activity(1, "Marts-december", "Idémøde", status="I gang", noter=note), TWO,
                                    THREE), "Idémødet i gang", "2020-03-10T10:00:00", "Bo Hansen")  # fmt: skip
    ids["anna"] = anna.commit(plan_text(ONE, activity(2, "April-december", "Workshop for detailhandlen",
                                                      ansvarlig="Byledelsen"), THREE),
                              "Ny ansvarlig", "2020-03-12T10:00:00")  # fmt: skip
    anna.git("push", "-q", "origin", "main")
    bo.git(
        "pull",
        "-q",
        "--no-rebase",
        "--no-edit",
        "origin",
        "main",
        when="2020-03-15T10:00:00",
        who="Bo Hansen",
    )
    ids["merge"] = bo.git("rev-parse", "HEAD")
    bo.git("push", "-q", "origin", "main")
    return bo, ids


def test_changes_between_two_days_takes_its_baselines_on_the_first_parent_line(
    pulled: tuple[Repo, dict[str, str]],
) -> None:
    """The newest commit before 13 March of any kind is Anna's (12 March), on the merged side: as a
    baseline it would hide her change, which became part of the plan with the merge on the 15th."""
    bo, ids = pulled
    data = json.loads(ok(bo.plan, "changes", "--fra", "2020-03-13", "--til", "2020-03-15", "--json"))
    assert (data["fra_commit"], data["til_commit"]) == (ids["bo"], ids["merge"])
    assert [(c["id"], c["felter"]) for c in data["ændret"]] == [
        (2, [{"felt": "ansvarlig", "før": "Koordinator", "efter": "Byledelsen"}])
    ]
    data = json.loads(ok(bo.plan, "changes", "--fra", "2020-03-11", "--json"))
    assert data["fra_commit"] == ids["bo"]  # not Anna's 12 March (merged later), nor the plan


def test_rapport_takes_the_same_baseline(pulled: tuple[Repo, dict[str, str]]) -> None:
    bo, ids = pulled
    out = ok(bo.plan, "rapport", "--fra", "2020-03-11", "--til", "2020-03-15")
    assert f"fra {bo.short(ids['bo'])} (10. marts 2020) til {bo.short(ids['merge'])} (15. marts 2020)" in out
    out = ok(bo.plan, "rapport", "--fra", "2020-03-01", "--til", "2020-03-11")
    started = out.split("Sat i gang", 1)[1].split("\n## ", 1)[0]
    assert "Idémøde" in started and "Byledelsen" not in out.split("## 4.", 1)[0]


def test_the_log_between_two_days_is_what_came_into_the_line_then(
    pulled: tuple[Repo, dict[str, str]],
) -> None:
    bo, ids = pulled
    assert [r["commit"] for r in log(bo.plan, "--fra", "2020-03-13", "--til", "2020-03-15")] == [ids["anna"]]
    assert [r["commit"] for r in log(bo.plan, "--til", "2020-03-14")] == [ids["bo"], ids["plan"]]


# --- credit the author, not the merger -------------------------------------------------------------


def test_a_pulled_change_is_credited_to_its_author_via_the_merge(pulled: tuple[Repo, dict[str, str]]) -> None:
    bo, ids = pulled
    records = log(bo.plan)
    assert [(r["commit"], r["forfatter"], r["dato"], r["fletning"]) for r in records] == [
        (ids["anna"], "Anna Jensen", "2020-03-12", False),
        (ids["bo"], "Bo Hansen", "2020-03-10", False),
        (ids["plan"], "Anna Jensen", "2020-02-01", False),
    ]
    assert records[0]["via_fletning"]["commit"] == ids["merge"]  # type: ignore[index]
    assert records[0]["via_fletning"]["forfatter"] == "Bo Hansen"  # type: ignore[index]
    assert [r["commit"] for r in log(bo.plan, "--forfatter", "Anna")] == [ids["anna"], ids["plan"]]
    assert [r["commit"] for r in log(bo.plan, "--forfatter", "anna", "2")] == [ids["anna"], ids["plan"]]
    text = ok(bo.plan, "log", "2")
    assert text.startswith(
        f"{bo.short(ids['anna'])}  12. marts 2020  Anna Jensen  via fletning {bo.short(ids['merge'])}\n"
    )


def test_quiet_and_show_credit_the_author_too(pulled: tuple[Repo, dict[str, str]]) -> None:
    bo, ids = pulled
    show = json.loads(ok(bo.plan, "show", "2", "--json"))["historik"]
    assert (show[0]["af"], show[0]["commit"], show[0]["via_fletning"]) == (
        "Anna Jensen", bo.short(ids["anna"]), bo.short(ids["merge"]),
    )  # fmt: skip
    bo.plan.write_text(
        bo.plan.read_text(encoding="utf-8").replace("status: Afventer", "status: I gang"), encoding="utf-8"
    )  # 2 and 3 busy in the working copy: only the committed history counts below
    said = f"plan: planen pr. 15. marts 2020: commit {bo.short(ids['merge'])} (15. marts 2020)\n"
    quiet = json.loads(ok(bo.plan, "due", "--stille", "--json", "--per", "2020-03-15", "--today", "2020-06-15",
                          err=said))  # fmt: skip
    assert {r["id"]: r["sidst_ændret"] for r in quiet}[1] == {
        "dato": "2020-03-10", "af": "Bo Hansen", "commit": bo.short(ids["bo"]), "hvad": "status",
    }  # fmt: skip


@pytest.fixture
def branches(tmp_path: Path) -> tuple[Repo, dict[str, str]]:
    """Carl works on a branch: a status (1 March), a note (2 March), catches up with main by merging
    it in (4 March: Anna's 3 March change of 3), then a new ansvarlig (5 March). Dorte's branch sets
    2 to "Under forberedelse" (6 March). Anna merges Carl's branch (8 March), then Dorte's (9 March),
    settling the clash on 2 by hand: "I gang", which neither branch had."""
    repo = new_repo(tmp_path / "repo")
    ids = {"plan": repo.commit(plan_text(ONE, TWO, THREE), "Planen", "2020-02-01T10:00:00")}
    repo.git("checkout", "-q", "-b", "carl")
    one = activity(1, "Marts-december", "Idémøde", status="I gang")
    ids["carl1"] = repo.commit(plan_text(one, TWO, THREE), "1 i gang", "2020-03-01T10:00:00", "Carl Holm")
    two_noted = activity(2, "April-december", "Workshop for detailhandlen",
                         noter=[("2020-03-02", "Lokaler fundet", "Carl Holm")])  # fmt: skip
    ids["carl2"] = repo.commit(plan_text(one, two_noted, THREE), "note", "2020-03-02T10:00:00", "Carl Holm")
    repo.git("checkout", "-q", "main")
    three = activity(3, "Juli-december", "Kampagne")
    ids["anna"] = repo.commit(plan_text(ONE, TWO, three), "Kampagnen flyttet", "2020-03-03T10:00:00")
    repo.git("checkout", "-q", "carl")
    repo.git("merge", "-q", "--no-edit", "main", when="2020-03-04T10:00:00", who="Carl Holm")
    one_owned = activity(1, "Marts-december", "Idémøde", ansvarlig="Teknik og Miljø", status="I gang")
    ids["carl3"] = repo.commit(plan_text(one_owned, two_noted, three), "ansvarlig", "2020-03-05T10:00:00",
                               "Carl Holm")  # fmt: skip
    repo.git("checkout", "-q", "-b", "dorte", ids["plan"])
    two_ready = activity(2, "April-december", "Workshop for detailhandlen", status="Under forberedelse")
    ids["dorte"] = repo.commit(plan_text(ONE, two_ready, THREE), "2 forberedes", "2020-03-06T10:00:00",
                               "Dorte Lund")  # fmt: skip
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "--no-edit", "carl", when="2020-03-08T10:00:00")
    ids["merge_carl"] = repo.git("rev-parse", "HEAD")
    done = subprocess.run(["git", "-C", str(repo.folder), "merge", "-q", "--no-edit", "dorte"], capture_output=True,
                          check=False)  # fmt: skip
    assert done.returncode != 0  # git's line merge stops on 2: Anna settles it by hand
    two_settled = activity(2, "April-december", "Workshop for detailhandlen", status="I gang",
                           noter=[("2020-03-02", "Lokaler fundet", "Carl Holm")])  # fmt: skip
    ids["merge_dorte"] = repo.commit(plan_text(one_owned, two_settled, three), "Merge branch 'dorte'",
                                     "2020-03-09T10:00:00")  # fmt: skip
    assert len(repo.git("log", "-1", "--format=%P").split()) == 2
    return repo, ids


def test_each_change_a_merge_brought_is_credited_to_the_commit_that_made_it(
    branches: tuple[Repo, dict[str, str]],
) -> None:
    repo, ids = branches
    records = log(repo.plan)
    summary = [
        (r["commit"], r["via_fletning"]["commit"] if r["via_fletning"] else None,  # type: ignore[index]
         [(c["id"], [f["felt"] for f in c["felter"]]) for c in r["ændret"]], [n["id"] for n in r["noter"]])
        for r in records
    ]  # fmt: skip
    assert summary == [
        (ids["merge_dorte"], None, [(2, ["status"])], []),  # settled by hand: the merger's
        (ids["carl3"], ids["merge_carl"], [(1, ["ansvarlig"])], []),
        (ids["carl2"], ids["merge_carl"], [], [2]),
        (ids["carl1"], ids["merge_carl"], [(1, ["status"])], []),
        (ids["anna"], None, [(3, ["tidspunkt"])], []),  # Carl's catching up brought nothing new to main
        (ids["plan"], None, [], []),
    ]
    assert records[0]["fletning"] is True and records[0]["forfatter"] == "Anna Jensen"
    assert [r["commit"] for r in log(repo.plan, "--forfatter", "Dorte")] == []  # her value did not last
    assert [r["commit"] for r in log(repo.plan, "--forfatter", "carl", "--felt", "status")] == [ids["carl1"]]
    assert [r["commit"] for r in log(repo.plan, "1")][:2] == [ids["carl3"], ids["carl1"]]
    quiet = json.loads(ok(repo.plan, "due", "--stille", "--json", "--today", "2020-06-15"))
    assert [(r["id"], r["sidst_ændret"]) for r in quiet] == [
        (1, {"dato": "2020-03-01", "af": "Carl Holm", "commit": repo.short(ids["carl1"]), "hvad": "status",
             "via_fletning": repo.short(ids["merge_carl"])}),
        (2, {"dato": "2020-03-09", "af": "Anna Jensen", "commit": repo.short(ids["merge_dorte"]), "hvad": "status"}),
    ]  # fmt: skip
    assert (
        f"status ændret 1. marts 2020 af Carl Holm (commit {repo.short(ids['carl1'])} via fletning "
        f"{repo.short(ids['merge_carl'])}, 106 dage siden)"
    ) in ok(repo.plan, "due", "--stille", "--today", "2020-06-15")


# --- shallow and partial clones, .mailmap, replace refs ------------------------------------------


@pytest.fixture
def spring(tmp_path: Path) -> tuple[Repo, dict[str, str]]:
    """Five commits over a spring: the plan (1 Feb), 1 I gang (1 Mar), a note on 2 (1 Apr), 3 removed
    (1 May), 2 I gang (1 June)."""
    repo = new_repo(tmp_path / "origin")
    ids = {"plan": repo.commit(plan_text(ONE, TWO, THREE), "Planen", "2020-02-01T10:00:00")}
    one = activity(1, "Marts-december", "Idémøde", status="I gang")
    ids["one"] = repo.commit(plan_text(one, TWO, THREE), "1 i gang", "2020-03-01T10:00:00", "Bo Hansen")
    note = [("2020-04-01", "Lokaler fundet", "Bo Hansen")]
    two = activity(2, "April-december", "Workshop for detailhandlen", noter=note)
    ids["note"] = repo.commit(plan_text(one, two, THREE), "note", "2020-04-01T10:00:00", "Bo Hansen")
    ids["gone"] = repo.commit(plan_text(one, two), "3 droppet", "2020-05-01T10:00:00")
    two = activity(2, "April-december", "Workshop for detailhandlen", status="I gang", noter=note)
    ids["two"] = repo.commit(plan_text(one, two), "2 i gang", "2020-06-01T10:00:00", "Bo Hansen")
    return repo, ids


def test_a_shallow_clone_says_where_its_history_stops(
    spring: tuple[Repo, dict[str, str]], tmp_path: Path
) -> None:
    origin, ids = spring
    full = log(origin.plan)
    ci = clone(origin.folder, tmp_path / "ci", "--depth", "2")
    cut = f"plan: historikken er afskåret ved commit {ci.short(ids['gone'])} (1. maj 2020), for repositoryet er en " \
          f"shallow clone; {UNSHALLOW}\n"  # fmt: skip
    records = log(ci.plan, err=cut)
    assert [(r["commit"], r["afskåret"]) for r in records] == [(ids["two"], False), (ids["gone"], True)]
    text = ok(ci.plan, "log", err=cut)
    assert text.endswith(
        "  ! historikken før denne commit findes ikke i repositoryet (shallow clone); planen havde 2 aktiviteter her\n"
    )
    assert "ny plan" not in text
    assert log(ci.plan, "--fra", "2020-05-15") == full[:1]  # not reaching the cut: nothing to say
    code, out, err = run("log", "3", "-f", str(ci.plan))  # removed before the cut: maybe it existed
    assert (code, out) == (2, "") and err.startswith(
        "plan: ukendt id: 3; ingen version af plan.yaml i git har det ("
    )
    assert err.endswith(f"{UNSHALLOW})\n")
    # --per and changes before the cut: refused, never "not in git yet"
    for args in (["list", "--per", "2020-03-15"], ["changes", "--fra", "2020-03-15"], ["changes", "--til", "2020-03-15"],
                 ["rapport", "--fra", "2020-01-01"]):  # fmt: skip
        code, out, err = run(*args, "-f", str(ci.plan))
        assert (
            (code, out) == (2, "") and err.count("\n") == 1 and UNSHALLOW in err and "kendes ikke her" in err
        ), err
    assert json.loads(ok(ci.plan, "list", "--json", "--per", "2020-05-15",
                         err=f"plan: planen pr. 15. maj 2020: commit {ci.short(ids['gone'])} (1. maj 2020)\n"))  # fmt: skip
    # due --stille: 1 was last changed on 1 March, before the cut (1 May): that much is unknown here
    quiet = json.loads(
        ok(ci.plan, "due", "--stille", "--json", "--today", "2020-07-15", "--dage", "60", err=cut)
    )
    assert [(r["id"], r["stille_dage"], r["sidst_ændret"]["hvad"]) for r in quiet] == [(1, 75, "afskåret")]
    undecided = cut.replace("\n", "; 1 aktivitet kan ikke afgøres\n")
    assert json.loads(ok(ci.plan, "due", "--stille", "--json", "--today", "2020-06-15", err=undecided)) == []
    # after git fetch --unshallow: the whole history at once, although HEAD did not move
    ci.git("fetch", "-q", "--unshallow")
    assert log(ci.plan) == full
    assert [
        r["id"] for r in json.loads(ok(ci.plan, "due", "--stille", "--json", "--today", "2020-06-15"))
    ] == [1]


def test_a_new_mailmap_or_replace_ref_is_seen_at_once(spring: tuple[Repo, dict[str, str]]) -> None:
    repo, ids = spring
    assert {r["forfatter"] for r in log(repo.plan)} == {"Anna Jensen", "Bo Hansen"}  # kept for HEAD
    mailmap = repo.folder / ".mailmap"
    mailmap.write_text("Bo H. Hansen <bo.hansen@kommune.example> <bo@kommune.example>\n", encoding="utf-8")
    records = log(repo.plan)
    assert {r["forfatter"] for r in records} == {"Anna Jensen", "Bo H. Hansen"}
    assert {r["email"] for r in records if r["forfatter"] == "Bo H. Hansen"} == {"bo.hansen@kommune.example"}
    mailmap.unlink()
    # a replace ref: the 1 April commit as Carl made it
    tree = repo.git("rev-parse", f"{ids['note']}^{{tree}}")
    other = repo.git("commit-tree", tree, "-p", ids["one"], "-m", "note (rettet forfatter)",
                     when="2020-04-01T10:00:00", who="Carl Holm")  # fmt: skip
    repo.git("replace", ids["note"], other)
    assert [r["forfatter"] for r in log(repo.plan)][2] == "Carl Holm"
    repo.git("replace", "-d", ids["note"])
    assert [r["forfatter"] for r in log(repo.plan)][2] == "Bo Hansen"


def test_a_partial_clone_without_its_remote_says_so(
    spring: tuple[Repo, dict[str, str]], tmp_path: Path
) -> None:
    origin, _ = spring
    origin.git("config", "uploadpack.allowFilter", "true")
    full = log(origin.plan)
    partial = clone(origin.folder, tmp_path / "partial", "--filter=blob:none")
    away = tmp_path / "away"
    shutil.move(origin.folder, away)
    for args in (["log"], ["log", "--json"], ["list", "--per", "2020-03-15"], ["due", "--stille"]):
        code, out, err = run(*args, "-f", str(partial.plan))
        assert (code, out) == (2, "") and err.count("\n") == 1, err
        assert "delvis klon (partial clone" in err and "prøv igen, når remote kan nås" in err, err
    shutil.move(away, origin.folder)
    assert log(partial.plan) == full  # nothing of the failure was kept

"""`plan changes`: what it compares (the baseline named), what it says changed (field by field), and
that it refuses a version it cannot read instead of calling its activities removed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import SHIPPED_PLAN, Ran, git, invoke, run

LATIN_1 = "Dialog med Sæp".encode("latin-1")  # what an editor set to Western European saves
AWARENESS = "Igangsættelse af awareness-kampagne jf. kommunikationsplan – internt og eksternt"


def commit(folder: Path, when: str, message: str = "ændring") -> str:
    git(folder, "add", "plan.yaml", when=when)
    git(folder, "commit", "-qm", message, when=when)
    return git(folder, "rev-parse", "HEAD")


def short(folder: Path, revision: str) -> str:
    return git(folder, "rev-parse", "--short", revision)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The shipped plan committed once, on 1 February 2020."""
    folder = tmp_path / "repo"
    folder.mkdir()
    git(folder, "init", "-q")
    shutil.copyfile(SHIPPED_PLAN, folder / "plan.yaml")
    commit(folder, "2020-02-01T10:00:00", "plan")
    return folder


def changes(*args: str) -> Ran:
    return run(None, "changes", *args, width=250)


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and err.startswith("plan: "), err
    assert "fatal" not in err and "Traceback" not in err, err
    return err


# --- 1: a version that cannot be read is refused, never reported as "everything removed" ------------


BROKEN = {
    "merge conflict": ("  - id: 18\n", "<<<<<<< HEAD\n  - id: 18\n=======\n  - id: 18\n>>>>>>> andet\n",
                       "git-flettekonflikt"),
    "indentation": ("    aktivitet: Dialog med SEP\n", "      aktivitet: Dialog med SEP\n", "YAML-syntaksfejl"),
    "unknown status": ("    status: Afventer\n", "    status: Færdig\n", "ukendt status 'Færdig'"),
    "duplicated id": ("  - id: 17\n", "  - id: 16\n", "id 16 er brugt før"),
}  # fmt: skip


@pytest.mark.parametrize("how", BROKEN, ids=list(BROKEN))
@pytest.mark.parametrize("as_json", [False, True])
def test_a_broken_working_copy_is_refused_like_plan_list(repo: Path, how: str, as_json: bool) -> None:
    plan = repo / "plan.yaml"
    old, new, says = BROKEN[how]
    edit(plan, old, new)
    code, out, err = changes("-f", str(plan), *(["--json"] if as_json else []))
    assert (code, out) == (2, "")
    assert says in one_line(err) and f"{plan}:" in err
    listed = invoke(None, "list", "-f", str(plan))
    assert listed.exit_code == 2 and listed.stderr == err  # the same line as plan list


@pytest.mark.parametrize("how", BROKEN, ids=list(BROKEN))
def test_an_old_version_that_does_not_parse_is_named_with_its_commit(repo: Path, how: str) -> None:
    plan = repo / "plan.yaml"
    old, new, says = BROKEN[how]
    edit(plan, old, new)
    broken = commit(repo, "2020-03-01T10:00:00", "i stykker")
    edit(plan, new, old)
    commit(repo, "2020-03-02T10:00:00", "rettet")
    for args in (["--since", "HEAD~1"], ["--since", "2020-03-02"], ["--until", "HEAD~1"], []):
        code, out, err = changes(*args, "-f", str(plan))
        assert (code, out) == (2, ""), (args, out)
        assert f"i commit {short(repo, broken)} (1. marts 2020)" in one_line(err) and says in err, err
        assert "linje " in err


def test_an_old_version_that_is_not_utf8_is_named_with_its_commit(repo: Path) -> None:
    plan = repo / "plan.yaml"
    plan.write_bytes(plan.read_bytes().replace(b"Dialog med SEP", LATIN_1))
    broken = commit(repo, "2020-03-01T10:00:00")
    shutil.copyfile(SHIPPED_PLAN, plan)
    code, out, err = changes("--since", "HEAD", "-f", str(plan))
    assert (code, out) == (2, "")
    assert f"i commit {short(repo, broken)}" in one_line(err) and "UTF-8" in err


def test_until_a_revision_without_the_plan_is_refused_not_all_removed(repo: Path) -> None:
    (repo / "andet.txt").write_text("x\n", encoding="utf-8")
    git(repo, "add", "andet.txt")
    git(repo, "commit", "-qm", "første", when="2019-01-01T10:00:00")  # a commit that never had plan.yaml
    git(repo, "rm", "-q", "plan.yaml")
    git(repo, "commit", "-qm", "fjernet", when="2020-03-01T10:00:00")
    shutil.copyfile(SHIPPED_PLAN, repo / "plan.yaml")
    code, out, err = changes("--until", "HEAD", "-f", str(repo / "plan.yaml"))
    assert (code, out) == (2, "")
    assert f"plan.yaml findes ikke i commit {short(repo, 'HEAD')}" in one_line(err)


# --- 8: the working copy is read by the one reader of plan files ------------------------------------


def test_a_working_copy_that_is_not_utf8_is_one_danish_line(repo: Path) -> None:
    plan = repo / "plan.yaml"
    plan.write_bytes(plan.read_bytes().replace(b"Dialog med SEP", LATIN_1))
    code, out, err = changes("-f", str(plan))
    assert (code, out) == (2, "")
    assert "er ikke gyldig UTF-8" in one_line(err) and f"{plan}:" in err


# --- git's own English never reaches the user --------------------------------------


def test_a_repository_without_commits(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    shutil.copyfile(SHIPPED_PLAN, tmp_path / "plan.yaml")
    for args in ([], ["--since", "2020-03-01"], ["--since", "HEAD"], ["--until", "HEAD"]):
        code, out, err = changes(*args, "-f", str(tmp_path / "plan.yaml"))
        assert (code, out) == (2, "")
        assert "har ingen commits endnu" in one_line(err), err


def test_outside_a_repository(tmp_path: Path) -> None:
    shutil.copyfile(SHIPPED_PLAN, tmp_path / "plan.yaml")
    code, out, err = changes("-f", str(tmp_path / "plan.yaml"))
    assert (code, out) == (2, "")
    assert "ligger ikke i et git-repository" in one_line(err)


def test_without_git(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "ingen-git"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    code, out, err = changes("-f", str(repo / "plan.yaml"))
    assert (code, out) == (2, "")
    assert "git er ikke installeret" in one_line(err)


# --- 2: what changed, field by field, and from which baseline ---------------------------------------


def test_a_changed_ansvarlig_is_shown_with_before_and_after(repo: Path) -> None:
    plan = repo / "plan.yaml"
    edit(plan, "    ansvarlig: Byråds- og Direktionssekretariatet\n", "    ansvarlig: Kommunikation\n")
    code, out, err = changes("--since", "HEAD", "-f", str(plan))
    assert code == 0, err
    assert "18  " + AWARENESS + ": ansvarlig 'Byråds- og Direktionssekretariatet' → 'Kommunikation'" in out
    assert "før:" not in out
    data = json.loads(changes("--since", "HEAD", "--json", "-f", str(plan))[1])
    assert data["ændret"] == [
        {
            "id": 18,
            "aktivitet": AWARENESS,
            "felter": [
                {"felt": "ansvarlig", "før": "Byråds- og Direktionssekretariatet", "efter": "Kommunikation"}
            ],
        }
    ]


def test_an_added_emne_is_shown_with_before_and_after(repo: Path) -> None:
    plan = repo / "plan.yaml"
    edit(plan, "    emne: [Inspiration og forankring]\n    aktivitet: Igangsættelse af awareness",
         "    emne: [Inspiration og forankring, Bæredygtighedspulje]\n    aktivitet: Igangsættelse af awareness")  # fmt: skip
    code, out, err = changes("--since", "HEAD", "-f", str(plan))
    assert code == 0, err
    assert "emne 'Inspiration og forankring' → 'Inspiration og forankring', 'Bæredygtighedspulje'" in out, out
    data = json.loads(changes("--since", "HEAD", "--json", "-f", str(plan))[1])
    assert data["ændret"][0]["felter"] == [
        {
            "felt": "emne",
            "før": ["Inspiration og forankring"],
            "efter": ["Inspiration og forankring", "Bæredygtighedspulje"],
        }
    ]
    assert data["tekst"][0]["før"]["emne"] == ["Inspiration og forankring"]  # the old key, as before


def test_every_field_is_reported_exactly(repo: Path) -> None:
    plan = repo / "plan.yaml"
    edit(plan, "    tidspunkt: 26. februar\n", "    tidspunkt: 4. marts\n")  # 13
    edit(plan, "    tidspunkt: 5. december\n    år: 2019\n", "    tidspunkt: 5. december\n")  # 1
    edit(plan, "    aktivitet: Dialog med SEP\n", "    aktivitet: Dialog med SEP og Landbo Syd\n")  # 17
    text = plan.read_text(encoding="utf-8")
    start = text.index("  - id: 3\n")
    plan.write_text(text[:start] + text[start:].replace("status: I gang", "status: Afsluttet", 1), "utf-8")
    code, out, err = changes("--since", "HEAD", "--json", "-f", str(plan))
    assert code == 0, err
    data = json.loads(out)
    assert [(c["id"], c["felter"]) for c in data["ændret"]] == [
        (1, [{"felt": "år", "før": 2019, "efter": None}]),
        (3, [{"felt": "status", "før": "I gang", "efter": "Afsluttet"}]),
        (13, [{"felt": "tidspunkt", "før": "26. februar", "efter": "4. marts"}]),
        (17, [{"felt": "aktivitet", "før": "Dialog med SEP", "efter": "Dialog med SEP og Landbo Syd"}]),
    ]
    out = changes("--since", "HEAD", "-f", str(plan))[1]
    assert "år 2019 → planens år" in out and "(5. december 2019 → 5. december 2020)" in out
    assert "status I gang → Afsluttet" in out
    assert "tidspunkt '26. februar' → '4. marts'  (26. februar 2020 → 4. marts 2020)" in out
    assert "17  aktivitet 'Dialog med SEP' → 'Dialog med SEP og Landbo Syd'" in out


def test_a_new_plan_year_is_a_new_period(repo: Path) -> None:
    plan = repo / "plan.yaml"
    edit(plan, "år: 2020", "år: 2021")
    data = json.loads(changes("--since", "HEAD", "--json", "-f", str(plan))[1])
    thirteen = next(c for c in data["ændret"] if c["id"] == 13)
    assert thirteen["felter"] == [
        {
            "felt": "periode",
            "før": {"start": "2020-02-26", "slut": "2020-02-26"},
            "efter": {"start": "2021-02-26", "slut": "2021-02-26"},
        }
    ]
    assert all(c["id"] != 1 for c in data["ændret"])  # its own år: 2019 holds


def test_the_json_contract(repo: Path) -> None:
    plan = repo / "plan.yaml"
    first = git(repo, "rev-parse", "HEAD")
    edit(plan, "    ansvarlig: Byråds- og Direktionssekretariatet\n", "    ansvarlig: Kommunikation\n")
    second = commit(repo, "2020-03-05T10:00:00")
    code, out, err = changes("--since", "2020-03-01", "--until", "2020-03-05", "--json", "-f", str(plan))
    assert code == 0, err
    before = {"aktivitet": AWARENESS, "ansvarlig": "Byråds- og Direktionssekretariatet",
              "emne": ["Inspiration og forankring"]}  # fmt: skip
    assert json.loads(out) == {
        "fra": f"{short(repo, first)} 2020-02-01",
        "til": f"{short(repo, second)} 2020-03-05",
        "tilføjet": [],
        "fjernet": [],
        "status": [],
        "tidspunkt": [],
        "tekst": [{"id": 18, "før": before, "efter": {**before, "ansvarlig": "Kommunikation"}}],
        "fra_commit": first,
        "fra_dato": "2020-02-01",
        "til_commit": second,
        "til_dato": "2020-03-05",
        "ændret": [
            {
                "id": 18,
                "aktivitet": AWARENESS,
                "felter": [
                    {
                        "felt": "ansvarlig",
                        "før": "Byråds- og Direktionssekretariatet",
                        "efter": "Kommunikation",
                    }
                ],
            }
        ],
    }
    data = json.loads(changes("--since", "HEAD", "--json", "-f", str(plan))[1])
    assert (data["til"], data["til_commit"], data["til_dato"], data["ændret"]) == (
        "arbejdskopien",
        None,
        None,
        [],
    )


def test_the_heading_names_the_baseline_not_the_later_commit(repo: Path) -> None:
    plan = repo / "plan.yaml"
    first = short(repo, "HEAD")
    edit(plan, "    ansvarlig: Byråds- og Direktionssekretariatet\n", "    ansvarlig: Kommunikation\n")
    commit(repo, "2020-03-05T10:00:00")
    code, out, err = changes("-f", str(plan))
    assert code == 0, err
    assert out.splitlines()[0] == f"Ændringer fra {first} (1. februar 2020) til arbejdskopien"
    assert json.loads(changes("--json", "-f", str(plan))[1])["fra"] == f"{first} 2020-02-01"
    out = changes("--until", "HEAD", "--since", "HEAD~1", "-f", str(plan))[1]
    assert (
        out.splitlines()[0]
        == f"Ændringer fra {first} (1. februar 2020) til {short(repo, 'HEAD')} (5. marts 2020)"
    )


def test_a_plan_with_one_commit_compares_from_an_empty_plan_by_default(repo: Path) -> None:
    code, out, err = changes("-f", str(repo / "plan.yaml"))
    assert code == 0, err
    assert out.splitlines()[0] == "Ændringer fra en tom plan (før filen kom i git) til arbejdskopien"
    assert "Tilføjet (44)" in out and "Fjernet" not in out
    data = json.loads(changes("--json", "-f", str(repo / "plan.yaml"))[1])
    assert (data["fra"], data["fra_commit"], data["fra_dato"]) == ("før filen kom i git", None, None)


# --- 2: dates -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("2020-13-01", "ugyldig dato for --since: '2020-13-01' findes ikke"),
        ("2020-02-30", "ugyldig dato for --since: '2020-02-30' findes ikke"),
        # Danish forms are dates too (tests/test_dates.py); one that is no day is refused as such.
        ("30-02-2020", "ugyldig dato for --since: '30-02-2020' (30. februar 2020 findes ikke)"),
        ("15.13.2020", "ugyldig dato for --since: '15.13.2020' (der er ingen måned 13)"),
        ("15-03", "--since '15-03' er hverken en dato (fx 2020-03-15 eller 15/3-2020) eller en "
                  "git-revision (fx HEAD~3, et tag eller et commit-id)"),
        ("nope", "ukendt git-revision 'nope' for --since (skriv en git-revision, fx HEAD~3, et tag eller et "
                 "commit-id, eller en dato, fx 2020-03-15 eller 15/3-2020)"),
    ],
)  # fmt: skip
def test_bad_dates_say_what_is_accepted(repo: Path, value: str, says: str) -> None:
    code, out, err = changes("--since", value, "-f", str(repo / "plan.yaml"))
    assert (code, out) == (2, "")
    assert says in one_line(err), err
    code, out, err = changes("--until", value, "-f", str(repo / "plan.yaml"))
    assert code == 2 and says.replace("--since", "--until") in one_line(err), err


def test_since_a_date_includes_commits_made_on_that_day(repo: Path) -> None:
    plan = repo / "plan.yaml"
    first = short(repo, "HEAD")
    edit(plan, "    ansvarlig: Byråds- og Direktionssekretariatet\n", "    ansvarlig: Kommunikation\n")
    on_the_day = commit(repo, "2020-03-01T08:00:00")
    data = json.loads(changes("--since", "2020-03-01", "--until", "2020-03-01", "--json", "-f", str(plan))[1])
    assert data["fra"] == f"{first} 2020-02-01" and data["til_commit"] == on_the_day
    assert [c["id"] for c in data["ændret"]] == [18]
    data = json.loads(changes("--since", "2020-03-02", "--json", "-f", str(plan))[1])
    assert data["fra_commit"] == on_the_day and data["ændret"] == []
    data = json.loads(changes("--until", "2020-02-29", "--since", "2020-02-01", "--json", "-f", str(plan))[1])
    assert data["til"] == data["fra"] == f"{first} 2020-02-01"


def test_a_date_before_the_plan_came_into_git_compares_from_its_first_version(repo: Path) -> None:
    plan = repo / "plan.yaml"
    first = short(repo, "HEAD")
    edit(plan, "    ansvarlig: Byråds- og Direktionssekretariatet\n", "    ansvarlig: Kommunikation\n")
    code, out, err = changes("--since", "2019-06-01", "-f", str(plan))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"Ændringer fra {first} (1. februar 2020) til arbejdskopien"
    assert lines[1] == ("plan.yaml kom først i git 1. februar 2020; der sammenlignes med den første version.")
    assert "ansvarlig 'Byråds- og Direktionssekretariatet' → 'Kommunikation'" in out
    data = json.loads(changes("--since", "2019-06-01", "--json", "-f", str(plan))[1])
    assert data["fra"] == f"{first} 2020-02-01" and [c["id"] for c in data["ændret"]] == [18]


def test_until_a_date_before_any_commit(repo: Path) -> None:
    code, out, err = changes("--until", "2019-06-01", "-f", str(repo / "plan.yaml"))
    assert (code, out) == (2, "")
    assert "ingen commits til og med 1. juni 2019" in one_line(err)


@pytest.mark.parametrize(
    ("args", "fra", "til"),
    [
        (["--since", "0001-01-01"], "first", "arbejdskopien"),
        (["--since", "1969-12-31"], "first", "arbejdskopien"),
        (["--since", "9999-12-31"], "last", "arbejdskopien"),
        (["--since", "2020-02-01", "--until", "9999-12-31"], "first", "last"),
        (["--since", "2020-02-01", "--until", "2020-03-04"], "first", "first"),
    ],
)
def test_dates_at_the_edges_of_the_calendar(repo: Path, args: list[str], fra: str, til: str) -> None:
    plan = repo / "plan.yaml"
    names = {"first": f"{short(repo, 'HEAD')} 2020-02-01"}
    edit(plan, "    ansvarlig: Byråds- og Direktionssekretariatet\n", "    ansvarlig: Kommunikation\n")
    commit(repo, "2020-03-05T10:00:00")
    names["last"] = f"{short(repo, 'HEAD')} 2020-03-05"
    code, out, err = changes(*args, "--json", "-f", str(plan))
    assert code == 0, err
    data = json.loads(out)
    assert (data["fra"], data["til"]) == (names[fra], names.get(til, til))


def test_an_option_is_not_taken_for_a_revision(repo: Path) -> None:
    code, out, err = changes("--since=--all", "-f", str(repo / "plan.yaml"))
    assert (code, out) == (2, "")
    assert "ukendt git-revision '--all'" in one_line(err)

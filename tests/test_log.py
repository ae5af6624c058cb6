"""`plan log`: the plan's history in git, read as versions of the plan. Real repositories with fixed
dates: a version with a merge conflict committed by mistake is shown and skipped (never "everything
removed"), a merge counts along its first parent, a renamed plan is followed, the filters narrow,
`--json` is a contract, and a second run reads no version again (the cache)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from baeredygtig_cli.history.versioncache import FILENAME
from baeredygtig_cli.planfile import schema
from baeredygtig_cli.planfile.cache import FOLDER

from .history_repo import Repo, activity, new_repo, plan_text, run, story

CONFLICT = (
    "kan ikke læses (linje 24: git-flettekonflikt ikke løst (linjen begynder med <<<<<<<); ret konflikten og "
    "fjern markeringerne); versionen springes over"
)


@pytest.fixture
def told(tmp_path: Path) -> tuple[Repo, dict[str, str]]:
    return story(tmp_path / "repo")


def short(repo: Repo, ids: dict[str, str], name: str) -> str:
    return repo.short(ids[name])


def log(repo: Repo, *args: str) -> str:
    """The log's plain text, wide enough that no line wraps (wrapping: `test_the_log_fits_the_width`)."""
    code, out, err = run("log", *args, "-f", str(repo.plan), columns=250)
    assert (code, err) == (0, ""), err
    return out


def test_the_whole_log_newest_first(told: tuple[Repo, dict[str, str]]) -> None:
    repo, ids = told
    s = {name: short(repo, ids, name) for name in ids}
    assert (
        log(repo)
        == f"""\
{s["done"]}  10. maj 2020  Bo Hansen
    Idémødet holdt; kampagnen droppet
  -   3  Kampagne  (August)
  ~   1  Idémøde: status I gang → Afsluttet

{s["renamed"]}  1. maj 2020  Anna Jensen
    Planen flyttet til planer/
  omdøbt: plan.yaml → planer/plan.yaml
  ingen ændringer i aktiviteterne

{s["side"]}  1. april 2020  Carl Holm  via fletning {s["merge"]}
    Ny ansvarlig for workshoppen
  ~   2  Workshop for detailhandlen: ansvarlig 'Koordinator' → 'Byledelsen'

{s["added"]}  2. april 2020  Anna Jensen
    Evaluering tilføjet
  +   4  Evaluering  (September)

{s["fixed"]}  7. marts 2020  Bo Hansen
    Rettet; kampagnen flyttet
  ~   3  Kampagne: tidspunkt 'Juni' → 'August'  (1. juni 2020 – 30. juni 2020 → 1. august 2020 – 31. august 2020)

{s["conflict"]}  6. marts 2020  Bo Hansen
    Fletning med konflikt
  ! {CONFLICT}

{s["status"]}  5. marts 2020  Bo Hansen
    Status efter udvalgsmødet
  ~   1  Idémøde: status Afventer → I gang
  ~   2  Workshop for detailhandlen: note 5. marts 2020 (Bo Hansen): Venter på lokaler

{s["first"]}  1. februar 2020  Anna Jensen
    Planen lagt i git
  ny plan med 3 aktiviteter
"""
    )


def test_a_version_that_cannot_be_read_is_skipped_not_everything_removed(
    told: tuple[Repo, dict[str, str]],
) -> None:
    """The fix after the conflict is compared with the last version that could be read: only what
    really changed (3's timing) is listed, not 1-3 "added" again."""
    repo, ids = told
    records = {r["commit"]: r for r in json.loads(log(repo, "--json"))}
    broken, fixed = records[ids["conflict"]], records[ids["fixed"]]
    assert broken["fejl"].startswith("linje 24: git-flettekonflikt ikke løst")
    assert (broken["tilføjet"], broken["fjernet"], broken["ændret"]) == ([], [], [])
    assert (fixed["tilføjet"], fixed["fjernet"]) == ([], [])
    assert fixed["ændret"] == [
        {
            "id": 3,
            "aktivitet": "Kampagne",
            "felter": [{"felt": "tidspunkt", "før": "Juni", "efter": "August"}],
        }
    ]


def test_a_merge_counts_along_its_first_parent(told: tuple[Repo, dict[str, str]]) -> None:
    """What a merge brought is listed where the merge came into the line, once, credited to the
    branch's commit that made it: its author and date, via the merge."""
    repo, ids = told
    records = json.loads(log(repo, "--json"))
    assert ids["merge"] not in [r["commit"] for r in records]  # it made nothing of its own
    side = next(r for r in records if r["commit"] == ids["side"])
    assert (side["fletning"], side["forfatter"], side["dato"], side["besked"]) == (
        False, "Carl Holm", "2020-04-01", "Ny ansvarlig for workshoppen",
    )  # fmt: skip
    assert side["via_fletning"] == {
        "commit": ids["merge"], "kort": repo.short(ids["merge"]), "dato": "2020-04-03",
        "tid": "2020-04-03T10:00:00+01:00", "forfatter": "Anna Jensen", "email": "anna@kommune.example",
    }  # fmt: skip
    assert [c["id"] for c in side["ændret"]] == [2]
    assert [r["commit"] for r in records].index(ids["side"]) == 2  # where the merge is in the line


def test_a_renamed_plan_is_followed(told: tuple[Repo, dict[str, str]]) -> None:
    repo, ids = told
    records = json.loads(log(repo, "--json"))
    assert [(r["fil"], r["omdøbt_fra"]) for r in records[:3]] == [
        ("planer/plan.yaml", None),
        ("planer/plan.yaml", "plan.yaml"),
        ("plan.yaml", None),
    ]
    assert records[-1]["commit"] == ids["first"] and records[-1]["første"] is True


def test_the_json_contract(told: tuple[Repo, dict[str, str]]) -> None:
    repo, ids = told
    records = json.loads(log(repo, "--json"))
    assert len(records) == 8
    assert records[6] == {
        "commit": ids["status"],
        "kort": repo.short(ids["status"]),
        "dato": "2020-03-05",
        "tid": "2020-03-05T10:00:00+01:00",
        "forfatter": "Bo Hansen",
        "email": "bo@kommune.example",
        "besked": "Status efter udvalgsmødet",
        "fletning": False,
        "fil": "plan.yaml",
        "omdøbt_fra": None,
        "fil_fjernet": False,
        "fejl": None,
        "første": False,
        "tilføjet": [],
        "fjernet": [],
        "ændret": [{"id": 1, "aktivitet": "Idémøde", "felter": [{"felt": "status", "før": "Afventer", "efter": "I gang"}]}],
        "noter": [
            {"id": 2, "aktivitet": "Workshop for detailhandlen", "dato": "2020-03-05", "tekst": "Venter på lokaler",
             "af": "Bo Hansen"}
        ],
        "via_fletning": None,
        "noter_rettet": [],
        "afskåret": False,
    }  # fmt: skip
    assert records[0]["fjernet"] == [
        {"id": 3, "tidspunkt": "August", "emne": ["Klima"], "aktivitet": "Kampagne", "ansvarlig": "Koordinator",
         "status": "Afventer", "start": "2020-08-01", "slut": "2020-08-31"}
    ]  # fmt: skip
    assert [a["id"] for a in records[-1]["tilføjet"]] == [1, 2, 3]
    assert log(repo, "--json").count("\n") == 10  # one commit a line, between the brackets


def test_one_activitys_life(told: tuple[Repo, dict[str, str]]) -> None:
    """With an id: when it came, each change and note, and the version that could not be read."""
    repo, ids = told
    s = {name: short(repo, ids, name) for name in ids}
    assert (
        log(repo, "2")
        == f"""\
{s["side"]}  1. april 2020  Carl Holm  via fletning {s["merge"]}
    Ny ansvarlig for workshoppen
  ~   2  Workshop for detailhandlen: ansvarlig 'Koordinator' → 'Byledelsen'

{s["conflict"]}  6. marts 2020  Bo Hansen
    Fletning med konflikt
  ! {CONFLICT}

{s["status"]}  5. marts 2020  Bo Hansen
    Status efter udvalgsmødet
  ~   2  Workshop for detailhandlen: note 5. marts 2020 (Bo Hansen): Venter på lokaler

{s["first"]}  1. februar 2020  Anna Jensen
    Planen lagt i git
  +   2  Workshop for detailhandlen  (April-maj)
"""
    )
    removed = json.loads(log(repo, "3", "--json"))
    assert [(r["commit"], len(r["fjernet"]), len(r["ændret"]), len(r["tilføjet"])) for r in removed] == [
        (ids["done"], 1, 0, 0),
        (ids["fixed"], 0, 1, 0),
        (ids["conflict"], 0, 0, 0),
        (ids["first"], 0, 0, 1),
    ]


def test_filters(told: tuple[Repo, dict[str, str]]) -> None:
    repo, ids = told

    def commits(*args: str) -> list[str]:
        return [r["commit"] for r in json.loads(log(repo, "--json", *args))]

    assert commits("--since", "2020-04-01", "--until", "2020-04-30") == [ids["side"], ids["added"]]
    assert commits("--since", "2020-04-03") == [ids["done"], ids["renamed"], ids["side"]]  # merged then
    assert commits("--since", "2020-05-10") == [ids["done"]]  # from the start of the day
    assert commits("--until", "2020-02-01") == [ids["first"]]  # to its end
    assert commits("--since", ids["renamed"]) == [ids["done"]]  # after a revision
    assert commits("--until", "HEAD~1") == [i for i in commits() if i != ids["done"]]
    assert commits("--author", "carl") == [ids["side"]]  # merged by Anna, made by Carl
    assert commits("--author", "carl", "--until", "2020-04-02") == []  # not in the plan until the merge
    assert commits("--author", "BO@KOMMUNE") == [ids["done"], ids["fixed"], ids["conflict"], ids["status"]]
    assert commits("--felt", "status") == [ids["done"], ids["conflict"], ids["status"]]
    assert commits("--felt", "noter") == [ids["conflict"], ids["status"]]
    assert commits("--felt", "note", "--felt", "ansvarlig") == [ids["side"], ids["conflict"], ids["status"]]
    by_status = json.loads(log(repo, "--json", "--felt", "status"))
    assert by_status[-1]["noter"] == [] and by_status[-1]["ændret"][0]["felter"][0]["felt"] == "status"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--felt", "statu"), "plan: ukendt felt 'statu' for --felt – mente du status?\n"),
        (
            ("--since", "30-02-2020"),
            "plan: ugyldig dato for --since: '30-02-2020' (30. februar 2020 findes ikke)\n",
        ),
        (("--until", "2020-13-01"), "plan: ugyldig dato for --until: '2020-13-01' findes ikke\n"),
        (("x",), "plan: id skal være et tal, ikke 'x'\n"),
        (("--author", " "), "plan: --author må ikke være tom\n"),
        # the option as typed, Danish or English
        (("--fra", "15-03"), "plan: --fra '15-03' er hverken en dato (fx 2020-03-15 eller 15/3-2020)"),
        (("--til", "2020-13-01"), "plan: ugyldig dato for --til: '2020-13-01' findes ikke\n"),
        (("--til", "nope"), "plan: ukendt git-revision 'nope' for --til"),
        (("--forfatter", " "), "plan: --forfatter må ikke være tom\n"),
        (("999",), "plan: ukendt id: 999; ingen version af planer/plan.yaml i git har det\n"),
        (
            ("1", "999", "77"),
            "plan: ukendt id'er: 77, 999; ingen version af planer/plan.yaml i git har dem\n",
        ),
        (("999", "--json"), "plan: ukendt id: 999; ingen version af planer/plan.yaml i git har det\n"),
    ],
)
def test_bad_options_are_one_danish_line(
    told: tuple[Repo, dict[str, str]], args: tuple[str, ...], says: str
) -> None:
    repo, _ = told
    for _ in range(2):  # the second time from the kept answers, if any were kept: none is
        code, out, err = run("log", *args, "-f", str(repo.plan))
        assert (code, out) == (2, "") and err.startswith(says) and err.count("\n") == 1, err


def test_outside_git_and_before_the_first_commit(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(plan_text(activity(1, "Marts", "Idémøde")), encoding="utf-8")
    code, out, err = run("log", "-f", str(plan))
    assert (code, out) == (2, "") and "ligger ikke i et git-repository" in err and err.count("\n") == 1
    repo = new_repo(tmp_path / "repo")
    (repo.folder / "andet.txt").write_text("x\n", encoding="utf-8")
    repo.commit(None, "andet", "2020-01-05T10:00:00")
    repo.plan.write_text(plan.read_text(encoding="utf-8"), encoding="utf-8")
    assert log(repo) == "Ingen commits at vise.\n"
    assert log(repo, "--json") == "[]\n"


def test_a_removed_and_restored_plan_is_compared_across_the_gap(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    repo.commit(plan_text(activity(1, "Marts", "Idémøde")), "plan", "2020-02-01T10:00:00")
    repo.git("rm", "-q", "plan.yaml")
    gone = repo.commit(None, "væk", "2020-02-02T10:00:00")
    repo.commit(plan_text(activity(1, "Marts", "Idémøde", status="I gang")), "igen", "2020-02-03T10:00:00")
    records = json.loads(log(repo, "--json"))
    assert [(r["besked"], r["fil_fjernet"], len(r["tilføjet"]), len(r["fjernet"])) for r in records] == [
        ("igen", False, 0, 0),
        ("væk", True, 0, 0),
        ("plan", False, 1, 0),
    ]
    assert records[0]["ændret"][0]["felter"] == [{"felt": "status", "før": "Afventer", "efter": "I gang"}]
    assert (
        f"{repo.short(gone)}  2. februar 2020  Anna Jensen\n    væk\n  ! plan.yaml er fjernet i denne commit\n"
        in log(repo)
    )


# --- the cache ---------------------------------------------------------------------------------------


def cache_file(repo: Repo) -> Path:
    return repo.folder / ".git" / FOLDER / FILENAME


def test_a_second_log_reads_no_version_again(
    told: tuple[Repo, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, _ = told
    first = log(repo)
    assert cache_file(repo).is_file()
    assert "plan-cache" not in repo.git("status", "--porcelain", "--ignored")  # inside .git: never committed

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("a version was read again")

    monkeypatch.setattr(schema.VersionReader, "read", no_reading)
    monkeypatch.setattr(schema, "parse_plan", no_reading)
    assert log(repo) == first
    assert log(repo, "--json", "2")  # another question of the same versions: still none read


def test_the_cache_is_safe_to_delete_or_damage(told: tuple[Repo, dict[str, str]]) -> None:
    repo, _ = told
    first = log(repo)
    cache_file(repo).unlink()
    assert log(repo) == first
    cache_file(repo).write_bytes(b"not a cache")
    assert log(repo) == first
    data = zlib.compress(b'{"format": 2, "program": "0.0.0"}\0')
    cache_file(repo).write_bytes(data)
    assert log(repo) == first
    # Well-formed, our stamp, and wrong: a row whose id is a text. Forgotten, and read from git again.
    shutil.rmtree(cache_file(repo).parent / "svar")
    assert log(repo) == first  # the versions read again, and kept
    shutil.rmtree(cache_file(repo).parent / "svar")
    stamp, _, rest = zlib.decompress(cache_file(repo).read_bytes()).partition(b"\0")
    text, _, rows = rest.partition(b"\0")
    data_ = json.loads(text)
    data_["records"][0][0] = "tre"
    cache_file(repo).write_bytes(zlib.compress(stamp + b"\0" + json.dumps(data_).encode() + b"\0" + rows))
    assert log(repo) == first
    answers = sorted((cache_file(repo).parent / "svar").glob("*"))
    assert answers  # whole answers are kept too: a second `plan log` on the same HEAD is only a read
    for kept in answers:
        kept.write_bytes(b"damaged")
    assert log(repo) == first
    shutil.rmtree(cache_file(repo).parent)
    assert log(repo) == first and log(repo, "--json")


def test_a_new_commit_reads_only_its_own_version(
    told: tuple[Repo, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, _ = told
    log(repo)
    read: list[str] = []
    real = schema.VersionReader.read

    def counting(self: schema.VersionReader, text: str) -> schema.ParsedPlan:
        read.append(text)
        return real(self, text)

    monkeypatch.setattr(schema.VersionReader, "read", counting)
    text = repo.plan.read_text(encoding="utf-8").replace("status: Afsluttet", "status: I gang")
    repo.commit(text, "Genåbnet", "2020-05-11T10:00:00")
    assert "~   1  Idémøde: status Afsluttet → I gang" in log(repo)
    assert read == [text]


# --- plan changes shares the diff ----------------------------------------------------------------------


def test_changes_shows_new_notes_from_the_same_diff(told: tuple[Repo, dict[str, str]]) -> None:
    repo, ids = told
    code, out, err = run("changes", "--since", ids["first"], "--until", ids["status"], "-f", str(repo.plan))
    assert code == 0, err
    assert out == (
        f"Ændringer fra {repo.short(ids['first'])} (1. februar 2020) til {repo.short(ids['status'])} (5. marts 2020)\n"
        "Ny status (1)\n      1  Idémøde: status Afventer → I gang\n"
        "Nye noter (1)\n      2  Workshop for detailhandlen: note 5. marts 2020 (Bo Hansen): Venter på lokaler\n"
    )
    code, out, _ = run(
        "changes", "--since", ids["first"], "--until", ids["status"], "--json", "-f", str(repo.plan)
    )
    assert json.loads(out)["noter"] == [
        {"id": 2, "aktivitet": "Workshop for detailhandlen", "dato": "2020-03-05", "tekst": "Venter på lokaler",
         "af": "Bo Hansen"}
    ]  # fmt: skip
    code, out, _ = run(
        "changes", "--since", ids["fixed"], "--until", ids["added"], "--json", "-f", str(repo.plan)
    )
    assert "noter" not in json.loads(out)  # no new note: the answer is as it always was


@pytest.mark.parametrize("args", [["log"], ["log", "--json"], ["log", "2"]])
def test_the_log_to_a_pipe_imports_no_rich(told: tuple[Repo, dict[str, str]], args: list[str]) -> None:
    """Plain text and JSON are written without Rich, the first time and from the kept answer."""
    repo, _ = told
    probe = (
        "import sys\nfrom baeredygtig_cli.cli import main\n"
        f"sys.argv = ['plan', *{args!r}, '-f', {str(repo.plan)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(repr(sorted({m.split('.')[0] for m in sys.modules} & {'rich', 'icalendar', 'dateutil'})))\n"
    )
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
        assert done.stdout and done.stderr.strip().splitlines()[-1] == "[]", done.stderr


# --- git's output is read NUL-separated -----------------------------------------------

ODD_SUBJECTS = [
    "Status\x1eefter\x1fmødet",  # the separators the listing used before
    ":100644 100644 ligner en diff-linje",
    "\x01\x02\x1b[31mrød\x7f",
    "R100",
    "",  # an empty message (git commit --allow-empty-message)
]


@pytest.mark.parametrize("subject", ODD_SUBJECTS)
def test_any_subject_or_author_name_reads(tmp_path: Path, subject: str) -> None:
    """A subject or a name with a record separator, a control byte or a line break is data: every
    history read still works, and says exactly what git holds."""
    repo = new_repo(tmp_path / "repo")
    first = repo.commit(plan_text(activity(1, "Marts", "Idémøde")), "plan", "2020-02-01T10:00:00")
    odd_name = "Bo\x1eHan\x1fsen\x01"
    repo.plan.write_text(plan_text(activity(1, "Marts", "Idémøde", status="I gang")), encoding="utf-8")
    repo.git("add", "-A", when="2020-03-01T10:00:00", who=odd_name)
    repo.git("commit", "-q", "--allow-empty-message", "-m", subject, when="2020-03-01T10:00:00", who=odd_name)
    second = repo.git("rev-parse", "HEAD")
    multi = repo.commit(plan_text(activity(1, "Marts", "Idémøde", status="Afsluttet")),
                        "Første linje\nanden linje\n\nbrødtekst", "2020-04-01T10:00:00")  # fmt: skip
    records = json.loads(log(repo, "--json"))
    # git's own words, one field per command (git trims a name's ends)
    expected_subject = repo.git("log", "-1", "--format=%s", second)
    expected_name = repo.git("log", "-1", "--format=%aN", second)
    assert "\x1e" in expected_name and "\x1f" in expected_name
    assert [(r["commit"], r["besked"], r["forfatter"]) for r in records] == [
        (multi, "Første linje anden linje", "Anna Jensen"),
        (second, expected_subject, expected_name),
        (first, "plan", "Anna Jensen"),
    ]
    assert [c["felter"][0]["efter"] for r in records[:2] for c in r["ændret"]] == ["Afsluttet", "I gang"]
    text = log(repo)  # the plain log writes control bytes visibly, never raw
    assert "\x1e" not in text and "\x01" not in text and "\\x1e" in text
    for command in (["due", "--stille", "--today", "2020-06-15"], ["list", "--per", "2020-03-01"]):
        code, _, err = run(*command, "-f", str(repo.plan))
        assert code == 0, err


# --- a note corrected by hand ---------------------------------------------------------


def test_a_note_corrected_by_hand_is_an_edited_note(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    note = ("2020-03-05", "Venter på lokalr", "Bo Hansen")
    repo.commit(plan_text(activity(1, "Marts", "Idémøde", noter=[note])), "plan", "2020-03-05T10:00:00")
    fixed = ("2020-03-05", "Venter på lokaler", "Bo Hansen")
    added = ("2020-04-01", "Lokaler fundet", "Anna Jensen")
    edited = repo.commit(plan_text(activity(1, "Marts", "Idémøde", noter=[fixed, added])), "stavefejl og en note",
                         "2020-04-01T10:00:00")  # fmt: skip
    assert log(repo).startswith(
        f"{repo.short(edited)}  1. april 2020  Anna Jensen\n"
        "    stavefejl og en note\n"
        "  ~   1  Idémøde: note 1. april 2020 (Anna Jensen): Lokaler fundet\n"
        "  ~   1  Idémøde: note 5. marts 2020 (Bo Hansen) rettet: tekst 'Venter på lokalr' → 'Venter på lokaler'\n"
    )
    record = json.loads(log(repo, "--json"))[0]
    assert [n["tekst"] for n in record["noter"]] == ["Lokaler fundet"]
    assert record["noter_rettet"] == [
        {"id": 1, "aktivitet": "Idémøde",
         "før": {"dato": "2020-03-05", "tekst": "Venter på lokalr", "af": "Bo Hansen"},
         "efter": {"dato": "2020-03-05", "tekst": "Venter på lokaler", "af": "Bo Hansen"}}
    ]  # fmt: skip
    code, out, err = run("changes", "--since", "HEAD~1", "--until", "HEAD", "-f", str(repo.plan), columns=200)
    assert code == 0, err
    assert out.endswith(
        "Nye noter (1)\n      1  Idémøde: note 1. april 2020 (Anna Jensen): Lokaler fundet\n"
        "Rettede noter (1)\n      1  Idémøde: note 5. marts 2020 (Bo Hansen) rettet: tekst 'Venter på lokalr' → "
        "'Venter på lokaler'\n"
    )
    data = json.loads(
        run("changes", "--since", "HEAD~1", "--until", "HEAD", "--json", "-f", str(repo.plan))[1]
    )
    assert data["noter_rettet"] == record["noter_rettet"] and len(data["noter"]) == 1


@pytest.mark.parametrize("command", ["log", "historik", "changes", "ændringer", "rapport"])
@pytest.mark.parametrize("option", ["--fra", "--since", "--til", "--until", "--fra=", "--til="])
@pytest.mark.parametrize("value", ["x", "HEAD~99"])
def test_a_bad_revision_is_named_by_the_option_as_typed(
    told: tuple[Repo, dict[str, str]], command: str, option: str, value: str
) -> None:
    """`plan log --fra x` named `--since` in its error; every history command names the option the
    way it was typed (and, with `=`, without it)."""
    repo, _ = told
    args = [option + value] if option.endswith("=") else [option, value]
    code, out, err = run(command, *args, "-f", str(repo.plan))
    assert (code, out) == (2, "")
    assert err.startswith(f"plan: ukendt git-revision '{value}' for {option.rstrip('=')} ("), err


@pytest.mark.parametrize("command", ["log", "changes", "rapport"])
@pytest.mark.parametrize("option", ["--fra", "--since", "--til", "--until"])
def test_a_day_that_does_not_exist_is_named_by_the_option_as_typed(
    told: tuple[Repo, dict[str, str]], command: str, option: str
) -> None:
    repo, _ = told
    code, out, err = run(command, option, "2020-02-30", "-f", str(repo.plan))
    assert (code, out) == (2, "")
    assert err.startswith(f"plan: ugyldig dato for {option}: '2020-02-30'"), err

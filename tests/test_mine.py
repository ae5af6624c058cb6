"""What is mine, without typing my party's name: `plan mig PART` remembers the user's party in the
clone's own git config (never in the plan, never committed), `--mig` narrows to it, and git's
user.name finds the party where the plan names its people under `personer:`."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baeredygtig_cli.planfile.schema import parse_plan

from .conftest import SHIPPED_PLAN, Ran, git, run


@pytest.fixture
def alone(tmp_path: Path) -> dict[str, str | None]:
    home = tmp_path / "hjem"
    home.mkdir()
    return {"HOME": str(home), "XDG_CONFIG_HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": str(home / "ingen")}  # fmt: skip


def clone(folder: Path, text: str | None = None, user: str | None = None) -> Path:
    folder.mkdir()
    git(folder, "init", "-q")
    (folder / "plan.yaml").write_text(text or SHIPPED_PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    git(folder, "add", "plan.yaml")
    git(folder, "commit", "-qm", "Planen")
    if user is not None:
        git(folder, "config", "user.name", user)
    return folder / "plan.yaml"


def plan(env: dict[str, str | None], *args: str, path: Path) -> Ran:
    return run(CliRunner(), *args, "-f", str(path), env=env)


def ids(out: str) -> list[int]:
    return [record["id"] for record in json.loads(out)]


def naming(path: Path, env: dict[str, str | None], party: str) -> list[int]:
    """The ids of the activities whose ansvarlig names `party`, as `plan parter --json` counts them."""
    record = next(
        p for p in json.loads(plan(env, "parter", "--json", path=path).out)["parter"] if p["navn"] == party
    )
    return sorted(record["tovholder"] + record["medvirkende"])


def test_plan_mig_remembers_the_party_in_the_clone_only(tmp_path: Path, alone: dict[str, str | None]) -> None:
    path = clone(tmp_path / "klon")
    before = path.read_bytes()
    assert plan(alone, "mig", path=path).out.startswith("Du har ikke valgt en part")
    code, out, err = plan(alone, "mig", "kommunik", path=path)
    assert (code, err) == (0, "")
    assert out.startswith("Du er Kommunikation: --mig viser de aktiviteter, hvor ansvarlig nævner parten")
    assert plan(alone, "mig", path=path).out == "Du er Kommunikation (valgt med plan mig).\n"
    config = subprocess.run(["git", "-C", str(path.parent), "config", "--local", "plan.mig"], capture_output=True,
                            text=True, check=True).stdout  # fmt: skip
    assert config == "Kommunikation\n"
    assert path.read_bytes() == before  # never in the plan
    assert subprocess.run(["git", "-C", str(path.parent), "status", "--porcelain"], capture_output=True, text=True,
                          check=True).stdout == ""  # nothing to commit  # fmt: skip
    assert plan(alone, "me", "--glem", path=path).out.startswith("plan har glemt, hvilken part du er")
    assert plan(alone, "mig", path=path).out.startswith("Du har ikke valgt en part")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["liste", "--json"], None),
        (["list", "--json", "--mine"], None),
        (["aktuelt", "--json", "--i-dag", "2020-06-15"], None),
        (["overblik", "--json", "--i-dag", "2020-06-15"], None),
    ],
)
def test_mig_is_my_party(
    tmp_path: Path, alone: dict[str, str | None], args: list[str], expected: None
) -> None:
    path = clone(tmp_path / "klon")
    plan(alone, "mig", "Direktionen", path=path)
    mine = plan(alone, *args, *([] if "--mine" in args else ["--mig"]), path=path)
    assert mine.code == 0, mine.err
    by_part = plan(alone, *[a for a in args if a != "--mine"], "--part", "Direktionen", path=path)
    assert mine.out == by_part.out
    if args[0] in ("liste", "list"):
        assert ids(mine.out) == naming(path, alone, "Direktionen")


def test_git_user_name_finds_the_party_under_personer(tmp_path: Path, alone: dict[str, str | None]) -> None:
    text = SHIPPED_PLAN.read_text(encoding="utf-8").replace(
        "  - navn: Kommunikation\n", "  - navn: Kommunikation\n    personer: [Anna Jensen, Bo Hansen]\n", 1
    )
    path = clone(tmp_path / "klon", text, user="bo  hansen")  # as parties are compared: case and spaces aside
    assert plan(alone, "mig", path=path).out == (  # wrapped between words at a pipe's 80 columns
        "Du er Kommunikation (git kender dig som bo  hansen, og planen nævner dig under\n"
        "personer: hos parten).\n"
    )
    assert ids(plan(alone, "liste", "--json", "--mig", path=path).out) == naming(path, alone, "Kommunikation")
    plan(alone, "mig", "Direktionen", path=path)  # a choice made with plan mig wins
    assert ids(plan(alone, "liste", "--json", "--mig", path=path).out) == naming(path, alone, "Direktionen")
    parties = json.loads(plan(alone, "parter", "--json", path=path).out)["parter"]
    assert next(p for p in parties if p["navn"] == "Kommunikation")["personer"] == [
        "Anna Jensen",
        "Bo Hansen",
    ]


def test_without_a_choice_or_a_name_mig_says_how_to_choose(
    tmp_path: Path, alone: dict[str, str | None]
) -> None:
    path = clone(tmp_path / "klon", user="Carl Holm")
    code, out, err = plan(alone, "liste", "--mig", path=path)
    assert (code, out) == (2, "")
    assert err == ("plan: plan ved ikke, hvilken part du er; vælg den med plan mig PART (se plan parter), eller "
                   "skriv dit navn (gits user.name) under personer: hos din part i plan.yaml\n")  # fmt: skip


def test_a_party_mistyped_or_gone(tmp_path: Path, alone: dict[str, str | None]) -> None:
    path = clone(tmp_path / "klon")
    assert (
        plan(alone, "mig", "Kommunikaton", path=path).err
        == "plan: ukendt part 'Kommunikaton' – mente du 'Kommunikation'?\n"
    )
    plan(alone, "mig", "SEP", path=path)
    path.write_text(path.read_text(encoding="utf-8").replace("  - navn: SEP\n", ""), encoding="utf-8")
    assert plan(alone, "liste", "--mig", path=path).err == (
        "plan: den part, du valgte med plan mig ('SEP'), findes ikke i planen længere; vælg igen med plan mig "
        "PART (se plan parter)\n"
    )


def test_outside_git_plan_mig_says_why(tmp_path: Path, alone: dict[str, str | None]) -> None:
    path = tmp_path / "plan.yaml"
    shutil.copyfile(SHIPPED_PLAN, path)
    code, out, err = plan(alone, "mig", "Kommunikation", path=path)
    assert (code, out) == (2, "")
    assert err.startswith(
        "plan: plan mig gemmer din part i gits egen opsætning (.git/config), men planen ligger"
    )


def test_a_plan_without_parties_uses_the_text(tmp_path: Path, alone: dict[str, str | None]) -> None:
    text = SHIPPED_PLAN.read_text(encoding="utf-8")
    start, end = text.index("\nparter:\n") + 1, text.index("\naktiviteter:\n") + 1
    path = clone(tmp_path / "klon", text[:start] + text[end:])
    assert "planen har ingen parter" in plan(alone, "mig", "Kommunikation", path=path).out
    assert (
        plan(alone, "liste", "--json", "--mig", path=path).out
        == plan(alone, "liste", "--json", "-a", "Kommunikation", path=path).out
    )


def test_rapport_mig_reports_my_activities(tmp_path: Path, alone: dict[str, str | None]) -> None:
    path = clone(tmp_path / "klon")
    plan(alone, "mig", "Kommunikation", path=path)
    whole = plan(alone, "rapport", "--fra", "2020-01-01", path=path)
    mine = plan(alone, "rapport", "--fra", "2020-01-01", "--mig", path=path)
    assert whole.code == mine.code == 0
    assert mine.out.splitlines()[0] == whole.out.splitlines()[0] + " – Kommunikation"
    count = len(naming(path, alone, "Kommunikation"))
    assert f"| Aktiviteter | {count} | {count} |" in mine.out


@pytest.mark.parametrize(
    ("parter", "line", "message"),
    [
        ("  - navn: A\n    personer: Anna\n", 5, "parter: 'A': personer skal være en liste; skriv [Anna]"),
        ("  - navn: A\n    personer: [Anna]\n  - navn: B\n    personer: [anna]\n", 6,
         "parter: 'anna' står under personer: både hos 'A' (linje 4) og her; en person hører til én part"),
        ("  - navn: A\n    person: [Anna]\n", 5, "ukendt nøgle 'person' – mente du 'personer'?"),
    ],
)  # fmt: skip
def test_plan_tjek_checks_personer(parter: str, line: int, message: str) -> None:
    text = f"titel: T\når: 2020\nparter:\n{parter}aktiviteter:\n  - id: 1\n    tidspunkt: maj\n    emne: [X]\n" \
           "    aktivitet: x\n    ansvarlig: A\n"  # fmt: skip
    problems = parse_plan(text).problems
    assert any(p.line == line and message in p.message for p in problems), problems

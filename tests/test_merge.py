"""Colleagues editing at once: `plan merge` as git's merge driver, by activity and field."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from baeredygtig_cli.cli import app
from baeredygtig_cli.domain.model import Note
from baeredygtig_cli.errors import PlanError
from baeredygtig_cli.planfile import edits as plan_edits
from baeredygtig_cli.planfile import editsource
from baeredygtig_cli.planfile.merge import merge_plans
from baeredygtig_cli.planfile.schema import load_plan, parse_plan

from .conftest import SHIPPED_PLAN
from .strategies import fields_of, plans

ENV = {"GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@b", "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@b",
       "GIT_AUTHOR_DATE": "2020-03-01T10:00:00", "GIT_COMMITTER_DATE": "2020-03-01T10:00:00"}  # fmt: skip


def git(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(folder), *args],
        capture_output=True,
        text=True,
        check=check,
        env={**os.environ, **ENV},
    )


def plan(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "baeredygtig_cli", *args, "-f", str(folder / "plan.yaml")],
        capture_output=True, text=True, check=False, env={**os.environ, **ENV},
    )  # fmt: skip


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    folder = tmp_path / "repo"
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    shutil.copyfile(SHIPPED_PLAN, folder / "plan.yaml")
    assert plan(folder, "git-opsætning").returncode == 0
    git(folder, "add", ".")
    git(folder, "commit", "-qm", "Planen")
    return folder


def branch(folder: Path, name: str, *edits: tuple[str, ...]) -> None:
    git(folder, "checkout", "-q", "-b", name, "main")
    for args in edits:
        result = plan(folder, *args)
        assert result.returncode == 0, result.stderr
    git(folder, "commit", "-qam", name)


def test_concurrent_edits_merge_cleanly(repo: Path) -> None:
    new = ("add", "--tidspunkt", "maj", "-e", "Bæredygtighedspulje", "--ansvarlig", "SEP", "--aktivitet")
    branch(repo, "anna", ("set-status", "12", "I gang"), (*new, "Annas nye"),
           ("note", "18", "Annas note", "--today", "2020-03-04", "--af", "Anna"))  # fmt: skip
    branch(repo, "bo", ("ret", "18", "tidspunkt=April-maj"), (*new, "Bos nye"),
           ("note", "18", "Bos note", "--today", "2020-03-02", "--af", "Bo"))  # fmt: skip
    git(repo, "checkout", "-q", "bo")
    result = git(repo, "merge", "-q", "anna", "-m", "flet", check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "begge har tilføjet id 45; deres aktivitet fik id 46" in result.stderr
    merged = load_plan(repo / "plan.yaml")
    by_id = {a.id: a for a in merged.activities}
    assert by_id[12].status == "I gang" and by_id[18].tidspunkt == "April-maj"
    assert (by_id[45].aktivitet, by_id[46].aktivitet) == ("Bos nye", "Annas nye")
    assert [n.text for n in by_id[18].notes] == ["Bos note", "Annas note"]  # in date order
    assert plan(repo, "check").returncode == 0
    text = (repo / "plan.yaml").read_text(encoding="utf-8")
    shipped = SHIPPED_PLAN.read_text(encoding="utf-8")
    assert (
        text.splitlines()[: shipped.splitlines().index("  - id: 12")]
        == shipped.splitlines()[: shipped.splitlines().index("  - id: 12")]
    )  # everything before the first change is byte for byte ours


def test_a_true_conflict_is_marked_around_the_field_only(repo: Path) -> None:
    branch(repo, "anna", ("ret", "3", "status=Afventer", "aktivitet=Annas tekst"))
    branch(repo, "bo", ("ret", "3", "status=Afsluttet"))
    result = git(repo, "merge", "-q", "anna", "-m", "flet", check=False)
    assert result.returncode != 0
    assert (
        "1 konflikt markeret" in result.stderr and "aktivitet 3: status ændret begge steder" in result.stderr
    )
    text = (repo / "plan.yaml").read_text(encoding="utf-8")
    assert (
        "    aktivitet: Annas tekst\n    ansvarlig: Koordinator for Bæredygtig Udvikling\n"
        "<<<<<<< vores (bo)\n    status: Afsluttet\n=======\n    status: Afventer\n>>>>>>> deres (anna)\n"
    ) in text
    check = plan(repo, "check")
    assert check.returncode == 1 and "git-flettekonflikt ikke løst" in check.stdout


def test_removed_on_one_side_changed_on_the_other_is_a_conflict(repo: Path) -> None:
    branch(repo, "anna", ("fjern", "5"))
    branch(repo, "bo", ("set-status", "5", "Afsluttet"))
    result = git(repo, "merge", "-q", "anna", "-m", "flet", check=False)
    assert result.returncode != 0 and "aktivitet 5: fjernet hos dem, ændret hos os" in result.stderr
    text = (repo / "plan.yaml").read_text(encoding="utf-8")
    assert "<<<<<<< vores (bo)\n  - id: 5\n" in text and "=======\n>>>>>>> deres (anna)\n" in text


def test_a_removal_and_an_unrelated_change_merge(repo: Path) -> None:
    branch(repo, "anna", ("fjern", "5"))
    branch(repo, "bo", ("set-status", "6", "I gang"))
    assert git(repo, "merge", "-q", "anna", "-m", "flet", check=False).returncode == 0
    merged = load_plan(repo / "plan.yaml")
    assert merged.activity(5) is None and merged.activity(6).status == "I gang"  # type: ignore[union-attr]
    assert merged.highest_id == 44


def test_an_unreadable_version_falls_back_to_git(tmp_path: Path, runner: CliRunner) -> None:
    base, ours, theirs = (tmp_path / n for n in ("base.yaml", "ours.yaml", "theirs.yaml"))
    shutil.copyfile(SHIPPED_PLAN, base)
    shutil.copyfile(SHIPPED_PLAN, ours)
    theirs.write_text(
        SHIPPED_PLAN.read_text(encoding="utf-8").replace("titel:", "titel: [", 1), encoding="utf-8"
    )
    result = runner.invoke(app, ["merge", str(base), str(ours), str(theirs), "plan.yaml"])
    assert result.exit_code == 1
    assert result.stderr.startswith("plan: plan.yaml: kan ikke flettes pr. aktivitet (")
    assert result.stderr.count("\n") == 1 and "linje for linje som git" in result.stderr
    assert ours.read_text(encoding="utf-8") == theirs.read_text(encoding="utf-8")  # git took their one change


def test_head_fields_merge_like_fields(tmp_path: Path) -> None:
    text = SHIPPED_PLAN.read_text(encoding="utf-8")
    sources = []
    for name, content in (
        ("base", text),
        ("ours", text.replace("overskrift: FORELØBIGE AKTIVITETER 2020", "overskrift: AKTIVITETER 2020")),
        ("theirs", text.replace("titel: Implementeringsplan", "titel: Handleplan")),
    ):
        path = tmp_path / f"{name}.yaml"
        path.write_text(content, encoding="utf-8")
        sources.append(editsource.read_source(path))
    merged = merge_plans(*sources)
    assert merged.conflicts == []
    result = parse_plan(merged.text).plan
    assert result is not None
    assert result.title.startswith("Handleplan") and result.heading == "AKTIVITETER 2020"


def test_setup_is_idempotent_and_undone(repo: Path) -> None:
    assert plan(repo, "git-opsætning").stdout == "Alt var allerede på plads.\n"
    assert (repo / ".gitattributes").read_text() == "/plan.yaml merge=plan\n"
    config = git(repo, "config", "--get", "merge.plan.driver").stdout
    assert " merge %O %A %B %P --navne %X %Y; else (exit 127); fi || {" in config
    undone = plan(repo, "git-opsætning", "--fjern")
    assert undone.returncode == 0 and undone.stdout.count("\n") == 2
    assert (repo / ".gitattributes").read_text() == ""  # committed: left empty, for git to record
    assert git(repo, "config", "--get", "merge.plan.driver", check=False).returncode == 1
    edited = plan(repo, "set-status", "3", "Afsluttet")
    assert edited.returncode == 0 and "plan: tip: kør 'plan git-opsætning'" in edited.stderr


# --- properties ---------------------------------------------------------------------------------------

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FIELD_VALUES = {
    "tidspunkt": ["maj", "uge 12", "Løbende"],
    "aktivitet": ["Ny tekst", "x: y", "#1"],
    "ansvarlig": ["Kommunikation", "'q'"],
    "status": ["Afventer", "I gang", "Afsluttet"],
}


@st.composite
def edit_sets(draw: st.DrawFn, ids: list[int]) -> dict[tuple[int, str], str]:
    chosen = draw(
        st.lists(
            st.tuples(st.sampled_from(ids), st.sampled_from(sorted(FIELD_VALUES))), max_size=4, unique=True
        )
    )
    return {(i, f): draw(st.sampled_from(FIELD_VALUES[f])) for i, f in chosen}


def applied(path: Path, edits: dict[tuple[int, str], str]) -> None:
    for (activity_id, name), value in edits.items():
        change = plan_edits.FieldEdits(**{name: value})
        plan_edits.change_plan(
            path, lambda source, c=change, i=activity_id: plan_edits.change_activities(source, [i], c)
        )  # type: ignore[misc]


@SETTINGS
@given(plan=plans(), data=st.data())
def test_independent_edits_merge_to_both_and_clashes_are_marked(
    tmp_path: Path, plan: tuple[str, list[dict[str, object]]], data: st.DataObject
) -> None:
    text, expected = plan
    ids = [int(f["id"]) for f in expected]  # type: ignore[call-overload]
    mine, theirs = data.draw(edit_sets(ids)), data.draw(edit_sets(ids))
    paths = {name: tmp_path / f"{name}.yaml" for name in ("base", "ours", "theirs", "both")}
    for path in paths.values():
        path.write_bytes(text.encode("utf-8"))
    before = {(int(f["id"]), name): f[name] for f in expected for name in FIELD_VALUES}  # type: ignore[call-overload]
    # Their edit that sets a field to what it was changes nothing: my change of it stands.
    changed_by_them = {k: v for k, v in theirs.items() if v != before[k]}
    try:
        applied(paths["ours"], mine)
        applied(paths["theirs"], theirs)
        applied(paths["both"], {**mine, **changed_by_them})
    except PlanError:
        return  # an edit the styles refuse (tested elsewhere): nothing to merge
    sources = [editsource.read_source(paths[n]) for n in ("base", "ours", "theirs")]
    clashes = {k for k in mine.keys() & theirs.keys() if len({before[k], mine[k], theirs[k]}) == 3}
    merged = merge_plans(*sources)
    if clashes:
        assert len(merged.conflicts) == len(clashes)
        assert merged.text.count("<<<<<<< vores") == len(clashes)
        return
    assert merged.conflicts == []
    assert fields_of(merged.text) == fields_of(paths["both"].read_text(encoding="utf-8"))
    assert len(fields_of(merged.text)) == len(expected)


def test_notes_from_both_sides_keep_their_dates(tmp_path: Path) -> None:
    paths = [tmp_path / f"{n}.yaml" for n in ("base", "ours", "theirs")]
    for path in paths:
        shutil.copyfile(SHIPPED_PLAN, path)
    for path, day, text in ((paths[1], date(2020, 3, 9), "vores"), (paths[2], date(2020, 3, 2), "deres")):
        note = Note(day, text, None)
        plan_edits.change_plan(
            path,
            lambda source, n=note: plan_edits.change_activities(source, [18], plan_edits.FieldEdits(note=n)),
        )  # type: ignore[misc]
    merged = merge_plans(*(editsource.read_source(p) for p in paths))
    result = parse_plan(merged.text).plan
    assert result is not None
    assert [n.text for n in result.activity(18).notes] == ["deres", "vores"]  # type: ignore[union-attr]

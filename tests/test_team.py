"""Colleagues who never lose work: the merge driver under real team use.

Scripted colleagues (Anna, Bo) clone one repository, edit the plan with `plan`, commit and meet
through `git pull`, `git pull --rebase`, `git merge`, `git rebase` and `git cherry-pick`, with the
driver set up by `plan git-opsætning`. Each test says what the result must be in its own terms:
which activity (by its text, never by what the driver computed) carries which value."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from baeredygtig_cli.planfile import conflicts
from baeredygtig_cli.planfile.schema import parse_plan

from .conftest import SHIPPED_PLAN

NEW = ("add", "--tidspunkt", "maj", "-e", "Bæredygtighedspulje", "--ansvarlig", "SEP", "--aktivitet")


def _environment(name: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHEAD_"))}
    email = f"{name.lower()}@kommune.example"
    return {**env, "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": email, "GIT_AUTHOR_DATE": "2020-03-01T10:00:00+01:00",
            "GIT_COMMITTER_DATE": "2020-03-01T10:00:00+01:00", "GIT_CONFIG_NOSYSTEM": "1"}  # fmt: skip


@dataclass
class Colleague:
    name: str
    folder: Path
    env: dict[str, str] = field(default_factory=dict)

    @property
    def plan_file(self) -> Path:
        return self.folder / "plan.yaml"

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            ["git", "-C", str(self.folder), *args], capture_output=True, text=True, env=self.env, check=False
        )
        if check and done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)}: {done.stdout}{done.stderr}")
        return done

    def plan(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "baeredygtig_cli", *args], cwd=self.folder, capture_output=True, text=True,
            env=self.env, check=False,
        )  # fmt: skip
        if ok and done.returncode != 0:
            raise AssertionError(f"plan {' '.join(args)}: {done.stdout}{done.stderr}")
        return done

    def commit(self, message: str) -> None:
        self.git("commit", "-qam", message)

    def text(self) -> str:
        return self.plan_file.read_text(encoding="utf-8")

    def by_text(self) -> dict[str, tuple[int, str | None]]:
        """Each activity's (id, status) by its text: who is who, as a person reads the plan."""
        parsed = parse_plan(self.text())
        assert parsed.plan is not None, parsed.problems
        return {a.aktivitet: (a.id, a.status) for a in parsed.plan.activities}


@pytest.fixture
def team(tmp_path: Path) -> tuple[Colleague, Colleague]:
    """Anna and Bo, each with a clone of one origin holding the shipped plan, the driver set up."""
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True)
    anna, bo = (Colleague(n, tmp_path / n.lower(), _environment(n)) for n in ("Anna", "Bo"))
    subprocess.run(
        ["git", "clone", "-q", str(origin), str(bo.folder)], check=True, env=bo.env, capture_output=True
    )
    bo.git("checkout", "-q", "-b", "main")
    shutil.copyfile(SHIPPED_PLAN, bo.plan_file)
    bo.plan("git-opsætning")
    bo.git("add", ".")
    bo.commit("Planen")
    bo.git("push", "-q", "origin", "main")
    subprocess.run(["git", "clone", "-q", str(origin), str(anna.folder)], check=True, env=anna.env)
    anna.plan("git-opsætning")
    for colleague in (anna, bo):
        colleague.git("config", "pull.rebase", "false")
    return anna, bo


# --- 1. a change never lands on another colleague's activity -------------------------------------------


def test_pull_rebase_puts_annas_status_on_her_own_activity_not_on_bos(
    team: tuple[Colleague, Colleague],
) -> None:
    anna, bo = team
    bo.plan(*NEW, "Bos borgermøde om affald")
    bo.commit("Bo tilføjer")
    bo.git("push", "-q", "origin", "main")
    anna.plan(*NEW, "Annas workshop for skoler")
    anna.commit("Anna tilføjer")
    anna.plan("set-status", "45", "I gang")  # her own, as she sees it
    anna.commit("Anna: i gang")
    anna.git("pull", "-q", "--rebase")
    found = anna.by_text()
    assert found["Bos borgermøde om affald"] == (45, "Afventer")  # published first: keeps its id
    assert found["Annas workshop for skoler"][1] == "I gang"
    assert found["Annas workshop for skoler"][0] not in (45,)
    assert anna.plan("check").returncode == 0


def test_a_renumbering_merge_then_an_edit_lands_on_the_renumbered_activity(
    team: tuple[Colleague, Colleague],
) -> None:
    anna, bo = team
    anna.plan(*NEW, "Annas workshop for skoler")
    anna.commit("Anna tilføjer")
    anna.git("push", "-q", "origin", "main")
    bo.plan(*NEW, "Bos borgermøde om affald")
    bo.commit("Bo tilføjer")
    bo.git("pull", "-q", "--no-edit")  # Anna's 45 becomes 46 here
    bo.git("push", "-q", "origin", "main")
    anna.plan("set-status", "45", "I gang")
    anna.plan("note", "45", "Skolerne har sagt ja", "--today", "2020-03-05")
    anna.commit("Anna: i gang")
    anna.git("pull", "-q", "--no-edit")
    found = anna.by_text()
    assert found["Bos borgermøde om affald"] == (45, "Afventer")
    assert found["Annas workshop for skoler"] == (46, "I gang")
    parsed = parse_plan(anna.text())
    assert parsed.plan is not None
    annas = next(a for a in parsed.plan.activities if a.id == 46)
    assert [n.text for n in annas.notes] == ["Skolerne har sagt ja"]
    assert not next(a for a in parsed.plan.activities if a.id == 45).notes


def test_the_same_renumbering_through_cherry_pick_and_rebase(team: tuple[Colleague, Colleague]) -> None:
    anna, bo = team
    bo.plan(*NEW, "Bos borgermøde om affald")
    bo.commit("Bo tilføjer")
    bo.git("push", "-q", "origin", "main")
    anna.git("checkout", "-q", "-b", "annas")
    anna.plan(*NEW, "Annas workshop for skoler")
    anna.commit("Anna tilføjer")
    anna.plan("ret", "45", "status=Afsluttet", "tidspunkt=juni")
    anna.commit("Anna: afsluttet")
    anna.git("fetch", "-q")
    anna.git("checkout", "-q", "-b", "plukket", "origin/main")
    anna.git("cherry-pick", "annas~1", "annas")
    picked = anna.by_text()
    anna.git("checkout", "-q", "annas")
    anna.git("rebase", "-q", "origin/main")
    for found in (picked, anna.by_text()):
        assert found["Bos borgermøde om affald"] == (45, "Afventer")
        assert found["Annas workshop for skoler"] == (46, "Afsluttet")


def test_identity_in_doubt_stops_with_a_danish_conflict_and_applies_nothing(tmp_path: Path) -> None:
    """THEIRS's 12 now holds another text, and 45 holds 12's old text a little changed, with other
    fields changed too: 45 may be the old 12 moved, or a new activity like it. OURS changed 12. Which
    activity OURS's change belongs to cannot be told: a conflict, and nothing of it applied."""
    base = SHIPPED_PLAN.read_text(encoding="utf-8")
    twelve = _activity_text(base, 12)
    old = _field(twelve, "aktivitet")
    ours = base.replace(twelve, twelve.replace("status: Under forberedelse", "status: I gang"), 1)
    theirs = base.replace(twelve, twelve.replace(old, "Dialogmøde med boligforeningerne om energi"), 1)
    moved = _retitled(twelve, 45, old.replace("Oplæg", "Oplæg og dialog"))
    moved = moved.replace("23/24. februar", "marts").replace("status: Under forberedelse", "status: Afventer")
    theirs = _append(theirs, moved.replace("ansvarlig: SEP/ Koordinator", "ansvarlig: Koordinator"))
    result = _merge(tmp_path, base, ours, theirs)
    assert result.returncode == 1, result.stderr
    assert "aktivitet 12: kan ikke afgøre, hvilken aktivitet hos dem der er den samme" in result.stderr
    merged = (tmp_path / "ours.yaml").read_text(encoding="utf-8")
    found = conflicts.blocks(merged)
    assert len(found) == 1
    # Both sides of the block are the old 12 under the id THEIRS may have moved it to (45), so either
    # choice leaves THEIRS's new text under 12, outside the block, and no id twice.
    assert found[0].ours == _activity_text(ours, 12).replace("id: 12", "id: 45").rstrip("\n") + "\n"
    for side in ("vores", "deres"):
        parsed = parse_plan(conflicts.view(merged, found, side))
        assert parsed.plan is not None and parsed.problems == [], parsed.problems
        by_id = {a.id: a for a in parsed.plan.activities}
        assert by_id[12].aktivitet == "Dialogmøde med boligforeningerne om energi"
        if side == "vores":  # OURS's 12 untouched by anything of theirs
            assert (by_id[45].aktivitet, by_id[45].status) == (old, "I gang")


# --- 2, 3. removals of activities with notes ----------------------------------------------------------


def test_an_activity_with_notes_can_be_removed(tmp_path: Path) -> None:
    colleague = Colleague("Anna", tmp_path, _environment("Anna"))
    shutil.copyfile(SHIPPED_PLAN, colleague.plan_file)
    colleague.plan("note", "26", "Flyttes til efteråret", "--today", "2020-03-01")
    colleague.plan("fjern", "26")
    after = colleague.text()
    assert "  - id: 26\n" not in after and "  - id: 27\n" in after
    shipped_plan = parse_plan(SHIPPED_PLAN.read_text(encoding="utf-8")).plan
    assert shipped_plan is not None
    expected = {a.aktivitet: (a.id, a.status) for a in shipped_plan.activities if a.id != 26}
    assert colleague.by_text() == expected
    # every other line is the shipped plan's, in order
    shipped = SHIPPED_PLAN.read_text(encoding="utf-8").splitlines()
    kept = [line for line in after.splitlines() if not line.startswith("højeste_id:")]
    start = shipped.index("  - id: 26")
    assert kept == shipped[:start] + shipped[start + 7 :]


def test_removed_here_edited_with_notes_there_is_a_conflict_of_whole_activities(
    team: tuple[Colleague, Colleague],
) -> None:
    anna, bo = team
    anna.plan("note", "26", "Annas note", "--today", "2020-03-02")
    anna.plan("set-status", "26", "I gang")
    anna.commit("Anna")
    anna.git("push", "-q", "origin", "main")
    bo.plan("fjern", "26")
    bo.commit("Bo fjerner 26")
    result = bo.git("pull", "-q", "--no-edit", check=False)
    assert result.returncode != 0
    text = bo.text()
    found = conflicts.blocks(text)
    assert len(found) == 1
    assert found[0].ours == "" and found[0].theirs.startswith("  - id: 26\n")
    assert "        tekst: Annas note\n" in found[0].theirs
    for side in ("vores", "deres"):
        parsed = parse_plan(conflicts.view(text, found, side))
        assert parsed.plan is not None and parsed.problems == [], (side, parsed.problems)
        ids = [a.id for a in parsed.plan.activities]
        assert (26 in ids) == (side == "deres") and 27 in ids and len(ids) == len(set(ids))


def test_removed_there_unchanged_here_with_notes_merges_cleanly(team: tuple[Colleague, Colleague]) -> None:
    anna, bo = team
    bo.plan("note", "26", "Bos note", "--today", "2020-02-01")
    bo.commit("Bo noterer")
    bo.git("push", "-q", "origin", "main")
    anna.git("pull", "-q")
    anna.plan("fjern", "26")
    anna.commit("Anna fjerner 26")
    anna.git("push", "-q", "origin", "main")
    bo.plan("set-status", "27", "I gang")
    bo.commit("Bo: 27")
    bo.git("pull", "-q", "--no-edit")
    found = bo.by_text()
    assert 26 not in {i for i, _ in found.values()}
    assert bo.plan("check").returncode == 0


# --- 4. their comments and their order ------------------------------------------------------------------


def test_pull_rebase_keeps_the_users_own_comments_and_order(team: tuple[Colleague, Colleague]) -> None:
    anna, bo = team
    bo.plan("set-status", "40", "I gang")
    bo.commit("Bo: 40")
    bo.git("push", "-q", "origin", "main")
    text = anna.text()
    text = text.replace("  - id: 5\n", "  # Anna: spørg Business Aabenraa først\n  - id: 5\n", 1)
    ten = _activity_text(text, 10)
    eleven = _activity_text(text, 11)
    text = text.replace(ten + eleven, eleven + ten, 1)  # her own order
    anna.plan_file.write_text(text, encoding="utf-8")
    anna.plan("set-status", "12", "I gang")
    anna.commit("Anna: kommentar, rækkefølge og 12")
    anna.git("pull", "-q", "--rebase")
    after = anna.text()
    assert "  # Anna: spørg Business Aabenraa først\n  - id: 5\n" in after
    assert after.index("  - id: 11\n") < after.index("  - id: 10\n")
    found = {i: s for i, s in anna.by_text().values()}
    assert found[40] == "I gang" and found[12] == "I gang"


# --- 5. a driver that cannot run ------------------------------------------------------------------------


def test_a_driver_whose_program_is_gone_still_leaves_both_sides_and_check_says_so(
    team: tuple[Colleague, Colleague],
) -> None:
    anna, bo = team
    anna.plan("set-status", "3", "Afventer")
    anna.commit("Anna")
    anna.git("push", "-q", "origin", "main")
    bo.plan("set-status", "3", "Afsluttet")
    bo.commit("Bo")
    command = bo.git("config", "--get", "merge.plan.driver").stdout.strip()
    program = (
        sys.executable if " -m baeredygtig_cli" in command else str(Path(sys.executable).parent / "plan")
    )
    bo.git("config", "merge.plan.driver", command.replace(program, "/flyttet/venv/bin/plan"))
    result = bo.git("pull", "-q", "--no-edit", check=False)
    assert result.returncode != 0
    assert "plan: flettedriveren kunne ikke køre (exit 127)" in result.stderr
    text = bo.text()
    assert "<<<<<<< vores\n    status: Afsluttet\n=======\n    status: Afventer\n>>>>>>> deres\n" in text
    check = bo.plan("check", ok=False)
    assert check.returncode == 1
    assert "git har filen som ikke flettet færdig" in check.stdout
    assert "flettedriveren i .git/config kan ikke køre (/flyttet/venv/bin/plan findes ikke)" in check.stdout


# --- 6. ids are never used twice -----------------------------------------------------------------------


def test_an_id_the_other_side_used_and_removed_is_not_used_again(tmp_path: Path) -> None:
    base = SHIPPED_PLAN.read_text(encoding="utf-8").replace(
        "aktiviteter:\n", "højeste_id: 44\naktiviteter:\n", 1
    )
    ours = base.replace("højeste_id: 44", "højeste_id: 45")  # added 45 and removed it again
    theirs = _append(base.replace("højeste_id: 44", "højeste_id: 45"), _retitled(
        _activity_text(base, 44), 45, "Deres nye aktivitet"))  # fmt: skip
    result = _merge(tmp_path, base, ours, theirs)
    assert result.returncode == 0, result.stderr
    parsed = parse_plan((tmp_path / "ours.yaml").read_text(encoding="utf-8"))
    assert parsed.plan is not None
    theirs_new = next(a for a in parsed.plan.activities if a.aktivitet == "Deres nye aktivitet")
    assert theirs_new.id == 46 and parsed.plan.highest_id == 46


# --- 7. lists merge by their items ---------------------------------------------------------------------


def test_parties_merge_by_name_and_topics_as_sets(team: tuple[Colleague, Colleague]) -> None:
    anna, bo = team
    text = anna.text()
    text = text.replace(
        "  - navn: SEP\n", "  - navn: SEP\n    alias: [Sekretariatet for Erhverv og Plan]\n", 1
    )
    text = text.replace("  - OPSAMLING AF IGANGSATTE HANDLINGER TIL KATALOG\n",
                        "  - OPSAMLING AF IGANGSATTE HANDLINGER TIL KATALOG\n  - ANNAS INDSATS\n", 1)  # fmt: skip
    anna.plan_file.write_text(text, encoding="utf-8")
    anna.plan("ret", "12", "emne+=Klima", "--nyt-emne")
    anna.commit("Anna")
    anna.git("push", "-q", "origin", "main")
    text = bo.text()
    text = text.replace(
        "    type: ledelse\n", "    type: ledelse\n  - navn: Teknik og Miljø\n    type: forvaltning\n", 1
    )
    text = text.replace("  - OPSAMLE OG FORTÆLLE DE GODE HISTORIER\n", "", 1)
    bo.plan_file.write_text(text, encoding="utf-8")
    bo.plan("ret", "12", "emne+=Energi", "--nyt-emne")
    bo.commit("Bo")
    result = bo.git("pull", "-q", "--no-edit", check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    parsed = parse_plan(bo.text())
    assert parsed.plan is not None and parsed.problems == []
    parties = {p.name: p.aliases for p in parsed.plan.parties}
    assert parties["SEP"] == ("Sekretariatet for Erhverv og Plan",) and "Teknik og Miljø" in parties
    assert parsed.plan.cross_cutting == ("OPSAMLING AF IGANGSATTE HANDLINGER TIL KATALOG", "ANNAS INDSATS")
    twelve = next(a for a in parsed.plan.activities if a.id == 12)
    assert set(twelve.emne) >= {"Klima", "Energi"}


# --- 8. small things ---------------------------------------------------------------------------------


def test_setup_keeps_crlf_and_removing_it_leaves_no_empty_untracked_file(tmp_path: Path) -> None:
    colleague = Colleague("Anna", tmp_path, _environment("Anna"))
    colleague.git("init", "-q", "-b", "main")
    shutil.copyfile(SHIPPED_PLAN, colleague.plan_file)
    colleague.plan("git-opsætning")
    colleague.plan("git-opsætning", "--fjern")
    assert not (tmp_path / ".gitattributes").exists()
    (tmp_path / ".gitattributes").write_bytes(b"*.txt text\r\n")
    colleague.plan("git-opsætning")
    assert (tmp_path / ".gitattributes").read_bytes() == b"*.txt text\r\n/plan.yaml merge=plan\r\n"
    colleague.plan("git-opsætning", "--fjern")
    assert (tmp_path / ".gitattributes").read_bytes() == b"*.txt text\r\n"


def test_an_unreadable_side_is_named_not_gits_temp_file(tmp_path: Path) -> None:
    base = SHIPPED_PLAN.read_text(encoding="utf-8")
    theirs = base.replace("    status: Afventer\n", "    status: Afventer\n  broken: [\n", 1)
    result = _merge(tmp_path, base, base.replace("I gang", "Afsluttet", 1), theirs)
    assert result.returncode == 1
    assert "deres version kan ikke læses (linje" in result.stderr
    assert ".merge_file" not in result.stderr and "theirs.yaml" not in result.stderr


def test_a_worktree_gets_the_tip_too(tmp_path: Path) -> None:
    colleague = Colleague("Anna", tmp_path / "repo", _environment("Anna"))
    colleague.folder.mkdir()
    colleague.git("init", "-q", "-b", "main")
    shutil.copyfile(SHIPPED_PLAN, colleague.plan_file)
    colleague.git("add", ".")
    colleague.git("commit", "-qm", "Planen")
    colleague.git("worktree", "add", "-q", str(tmp_path / "wt"))
    other = Colleague("Anna", tmp_path / "wt", colleague.env)
    edited = other.plan("set-status", "3", "Afsluttet")
    assert "plan: tip: kør 'plan git-opsætning'" in edited.stderr
    other.plan("git-opsætning")
    assert "tip" not in other.plan("set-status", "3", "I gang").stderr


# --- resolving without reading markers ---------------------------------------------------------------


def test_conflicts_are_listed_with_both_values_and_who_and_resolved_by_number(
    team: tuple[Colleague, Colleague],
) -> None:
    anna, bo = team
    anna.plan("set-status", "3", "Afventer")
    anna.plan("ret", "4", "ansvarlig=Direktionen")
    anna.commit("Anna")
    anna.git("push", "-q", "origin", "main")
    bo.plan("set-status", "3", "Afsluttet")
    bo.plan("ret", "4", "ansvarlig=SEP")
    bo.commit("Bo")
    assert bo.git("pull", "-q", "--no-edit", check=False).returncode != 0
    listed = bo.plan("konflikter", ok=False)
    assert listed.returncode == 1
    lines = listed.stdout.splitlines()
    assert lines[0] == "2 konflikter i plan.yaml:"
    assert lines[1].startswith("1. aktivitet 3 (Opstart dialog med Business Aabenraa): status (linje ")
    assert (
        lines[2]
        == "   vores (main): Afsluttet – Bo, 1. marts 2020, "
        + bo.git("rev-parse", "--short=7", "HEAD").stdout.strip()
    )
    assert lines[3].startswith("   deres (") and ": Afventer – Anna, 1. marts 2020, " in lines[3]
    before = bo.text()
    resolved = bo.plan("løs", "2", "--værdi", "Direktionen og SEP")
    assert "1 tilbage" in resolved.stdout
    after = bo.text()
    assert after.count("<<<<<<<") == 1
    assert "    ansvarlig: Direktionen og SEP\n" in after
    assert after.startswith(before[: before.index("<<<<<<<")])  # everything before the first block stays
    bo.plan("løs", "1", "deres")
    assert bo.plan("konflikter").stdout == ""
    assert bo.plan("check", ok=False).returncode == 1  # still unmerged in git's index
    bo.git("add", "plan.yaml")
    assert bo.plan("check").returncode == 0
    found = {i: s for i, s in bo.by_text().values()}
    assert found[3] == "Afventer"


def test_resolve_refuses_what_it_cannot_do_in_one_danish_line(tmp_path: Path) -> None:
    colleague = Colleague("Anna", tmp_path, _environment("Anna"))
    shutil.copyfile(SHIPPED_PLAN, colleague.plan_file)
    for args, message in (
        (("løs", "1", "vores"), "plan: planen har ingen konflikter\n"),
        (("løs", "1"), "plan: angiv enten vores eller deres, eller --værdi TEKST\n"),
        (("løs", "x", "vores"), "plan: konfliktens nummer skal være et tal eller 'alle', ikke 'x'\n"),
    ):
        result = colleague.plan(*args, ok=False)
        assert (result.returncode, result.stderr) == (2, message)


# --- helpers ------------------------------------------------------------------------------------------


def _activity_text(text: str, activity_id: int) -> str:
    """An activity's lines in the shipped layout, with the blank line after it."""
    start = text.index(f"  - id: {activity_id}\n")
    end = text.find("\n\n", start)
    return text[start : end + 2] if end != -1 else text[start:]


def _field(activity: str, name: str) -> str:
    line = next(line for line in activity.splitlines() if line.startswith(f"    {name}:"))
    return line.split(":", 1)[1].strip()


def _retitled(activity: str, new_id: int, aktivitet: str) -> str:
    lines = activity.splitlines(keepends=True)
    lines[0] = f"  - id: {new_id}\n"
    return "".join(
        f"    aktivitet: {aktivitet}\n" if line.startswith("    aktivitet:") else line for line in lines
    )


def _append(text: str, activity: str) -> str:
    return text.rstrip("\n") + "\n\n" + activity.rstrip("\n") + "\n"


def _merge(tmp_path: Path, base: str, ours: str, theirs: str) -> subprocess.CompletedProcess[str]:
    paths = []
    for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return subprocess.run(
        [sys.executable, "-m", "baeredygtig_cli", "merge", *paths], capture_output=True, text=True, check=False,
        cwd=tmp_path,
    )  # fmt: skip


def test_a_fallback_without_markers_says_so_instead_of_asking_to_fix_them(tmp_path: Path) -> None:
    """OURS holds an id twice (it cannot be merged by activity); git's line merge is clean: the
    message must not speak of conflicts to fix, and the exit still tells git to stop."""
    base = SHIPPED_PLAN.read_text(encoding="utf-8")
    ours = base.replace("  - id: 44\n", "  - id: 43\n", 1)
    theirs = base.replace("titel: Implementeringsplan", "titel: Den nye implementeringsplan", 1)
    result = _merge(tmp_path, base, ours, theirs)
    assert result.returncode == 1
    assert "vores version kan ikke læses" not in result.stderr  # it reads; it has an id twice
    assert "id 43 står flere gange" in result.stderr
    assert (
        "flettet linje for linje som git, uden konflikter; tjek resultatet med 'plan tjek'" in result.stderr
    )
    merged = (tmp_path / "ours.yaml").read_text(encoding="utf-8")
    assert "titel: Den nye implementeringsplan" in merged and "<<<<<<<" not in merged


# --- what an adversarial review found ---------------------------------------------------------------


def _plan_with(*entries: str, statusser: str = "[Afventer, I gang, Afsluttet]") -> str:
    return f"titel: T\når: 2020\nstatusser: {statusser}\naktiviteter:\n" + "".join(entries)


def _entry(
    activity_id: int, tidspunkt: str, aktivitet: str, status: str = "Afventer", dash: str = "  - "
) -> str:
    indent = " " * len(dash)
    return (
        f"{dash}id: {activity_id}\n{indent}tidspunkt: {tidspunkt}\n{indent}emne: [A]\n"
        f"{indent}aktivitet: {aktivitet}\n{indent}ansvarlig: X\n{indent}status: {status}\n"
    )


def _result(tmp_path: Path) -> dict[str, tuple[int, str | None, tuple[str, ...]]]:
    parsed = parse_plan((tmp_path / "ours.yaml").read_text(encoding="utf-8"))
    assert parsed.plan is not None and parsed.problems == [], parsed.problems
    found: dict[str, tuple[int, str | None, tuple[str, ...]]] = {}
    for a in parsed.plan.activities:
        key = f"{a.aktivitet} {a.tidspunkt}"
        assert key not in found, f"{key} twice"
        found[key] = (a.id, a.status, tuple(n.text for n in a.notes))
    return found


def test_a_removed_recurring_activity_is_not_the_next_one_that_was_added(tmp_path: Path) -> None:
    """Bo removed January's steering group and added April's (same text): Anna's status and note on
    January's are a remove-vs-edit conflict, never April's."""
    base = _plan_with(_entry(1, "Januar", "Møde i styregruppen"), _entry(2, "Juni", "Andet"))
    ours = base.replace("status: Afventer\n  - id: 2", "status: Afsluttet\n    noter:\n"
                        "      - dato: 2020-01-30\n        tekst: Referat sendt ud\n  - id: 2")  # fmt: skip
    theirs = _plan_with(_entry(2, "Juni", "Andet"), _entry(3, "April", "Møde i styregruppen"))
    result = _merge(tmp_path, base, ours, theirs)
    assert result.returncode == 1
    assert "aktivitet 1: fjernet hos dem, ændret hos os" in result.stderr
    merged = (tmp_path / "ours.yaml").read_text(encoding="utf-8")
    found = conflicts.blocks(merged)
    for side, has_january in (("vores", True), ("deres", False)):
        parsed = parse_plan(conflicts.view(merged, found, side))
        assert parsed.plan is not None and parsed.problems == []
        april = next(a for a in parsed.plan.activities if a.tidspunkt == "April")
        assert (april.status, april.notes) == ("Afventer", ())
        assert any(a.tidspunkt == "Januar" for a in parsed.plan.activities) is has_january


def test_one_commit_picked_into_both_sides_is_one_activity(tmp_path: Path) -> None:
    base = _plan_with(_entry(1, "Juni", "Første"))
    ours = base + _entry(2, "Maj", "Borgermøde") + _entry(3, "April", "Temadag")  # picked: it became 3
    theirs = base + _entry(2, "April", "Temadag")
    assert _merge(tmp_path, base, ours, theirs).returncode == 0
    assert _result(tmp_path) == {
        "Første Juni": (1, "Afventer", ()), "Borgermøde Maj": (2, "Afventer", ()), "Temadag April": (3, "Afventer", ()),
    }  # fmt: skip


def test_two_activities_of_one_text_added_at_once_are_both_kept(tmp_path: Path) -> None:
    base = _plan_with(_entry(1, "Juni", "Første"))
    ours, theirs = (
        base + _entry(2, "April", "Møde i styregruppen"),
        base + _entry(2, "Maj", "Møde i styregruppen"),
    )
    assert _merge(tmp_path, base, ours, theirs).returncode == 0
    found = _result(tmp_path)
    assert found["Møde i styregruppen April"][0] == 2 and found["Møde i styregruppen Maj"][0] == 3


def test_a_clash_in_a_flow_style_activity_is_marked_around_it_and_the_rest_merges(tmp_path: Path) -> None:
    flow = "  - {id: 1, tidspunkt: Januar, emne: [A], aktivitet: En i flow-stil, ansvarlig: X, status: Afventer}\n"
    base = _plan_with(flow, _entry(2, "Juni", "Anden"))
    ours = base.replace("status: Afventer}", "status: I gang}").replace("Anden\n    ansvarlig: X\n    status: Afventer",
                                                                         "Anden\n    ansvarlig: X\n    status: Afsluttet")  # fmt: skip
    theirs = (
        base.replace("status: Afventer}", "status: Afsluttet}")
        + "    noter:\n      - dato: 2020-02-01\n        tekst: deres note\n"
    )
    result = _merge(tmp_path, base, ours, theirs)
    assert result.returncode == 1 and "aktivitet 1: status ændret begge steder" in result.stderr
    merged = (tmp_path / "ours.yaml").read_text(encoding="utf-8")
    found = conflicts.blocks(merged)
    assert len(found) == 1 and found[0].ours == flow.replace("Afventer", "I gang")
    for side in ("vores", "deres"):
        parsed = parse_plan(conflicts.view(merged, found, side))
        assert parsed.plan is not None and parsed.problems == []
        second = next(a for a in parsed.plan.activities if a.id == 2)
        assert (second.status, [n.text for n in second.notes]) == ("Afsluttet", ["deres note"])


def test_statuses_added_on_both_sides_merge_as_a_scale(tmp_path: Path) -> None:
    base = _plan_with(_entry(1, "Juni", "Første"), _entry(2, "Juli", "Anden"))
    ours = base.replace("Afsluttet]", "Afsluttet, Aflyst]").replace("Første\n    ansvarlig: X\n    status: Afventer",
                                                                    "Første\n    ansvarlig: X\n    status: Aflyst")  # fmt: skip
    theirs = base.replace("I gang, Afsluttet]", "I gang, Sat på pause, Afsluttet]").replace(
        "Anden\n    ansvarlig: X\n    status: Afventer", "Anden\n    ansvarlig: X\n    status: Sat på pause")  # fmt: skip
    assert _merge(tmp_path, base, ours, theirs).returncode == 0
    parsed = parse_plan((tmp_path / "ours.yaml").read_text(encoding="utf-8"))
    assert parsed.plan is not None and parsed.problems == []
    assert parsed.plan.statuses == ("Afventer", "I gang", "Sat på pause", "Afsluttet", "Aflyst")
    assert [a.status for a in parsed.plan.activities] == ["Aflyst", "Sat på pause"]


def test_an_entry_of_another_layout_is_copied_into_ours(tmp_path: Path) -> None:
    base = _plan_with(_entry(1, "Juni", "Første", dash="-     "))
    ours = base + _entry(2, "Maj", "Vores ny", dash="-     ")
    theirs = base + _entry(2, "Juli", "Deres ny", dash="- ")
    assert _merge(tmp_path, base, ours, theirs).returncode == 0
    assert {k: v[0] for k, v in _result(tmp_path).items()} == {
        "Første Juni": 1,
        "Vores ny Maj": 2,
        "Deres ny Juli": 3,
    }
    assert "-     id: 3\n      tidspunkt: Juli\n" in (tmp_path / "ours.yaml").read_text(encoding="utf-8")


def test_their_comments_survive_a_merge_whose_lines_clash_elsewhere(tmp_path: Path) -> None:
    """Both added an activity (git's line merge clashes at the end); THEIRS's comment line above one
    activity and the comment at the end of `statusser:` are kept, OURS's too."""
    base = _plan_with(_entry(1, "Juni", "Første"), _entry(2, "Juli", "Anden"))
    ours = base.replace("  - id: 1\n", "  # vores kommentar\n  - id: 1\n") + _entry(3, "Maj", "Vores ny")
    theirs = base.replace("  - id: 2\n", "  # deres kommentar\n  - id: 2\n").replace(
        "Afsluttet]\n", "Afsluttet]  # aftalt i styregruppen\n") + _entry(3, "Maj", "Deres ny")  # fmt: skip
    assert _merge(tmp_path, base, ours, theirs).returncode == 0
    merged = (tmp_path / "ours.yaml").read_text(encoding="utf-8")
    for comment in (
        "  # vores kommentar\n  - id: 1\n",
        "  # deres kommentar\n  - id: 2\n",
        "Afsluttet]  # aftalt i styregruppen\n",
    ):
        assert merged.count(comment) == 1, comment
    assert {k: v[0] for k, v in _result(tmp_path).items()} == {
        "Første Juni": 1,
        "Anden Juli": 2,
        "Vores ny Maj": 3,
        "Deres ny Maj": 4,
    }


def test_a_party_changed_on_both_sides_is_named_alone(tmp_path: Path) -> None:
    base = SHIPPED_PLAN.read_text(encoding="utf-8")
    ours = base.replace("  - navn: SEP\n", "  - navn: SEP\n    type: ledelse\n", 1)
    theirs = base.replace("  - navn: SEP\n", "  - navn: SEP\n    type: afdeling\n", 1)
    assert _merge(tmp_path, base, ours, theirs).returncode == 1
    listed = subprocess.run(
        [sys.executable, "-m", "baeredygtig_cli", "konflikter", "-f", str(tmp_path / "ours.yaml")],
        capture_output=True, text=True, check=False, env={**os.environ, "COLUMNS": "250"},  # the long path unwrapped
    )  # fmt: skip
    assert listed.returncode == 1
    assert listed.stdout.splitlines()[1:4] == [
        f"1. planen: part SEP (linje {listed.stdout.split('(linje ')[1].split(')')[0]})",
        "   vores: type: ledelse",
        "   deres: type: afdeling",
    ]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="kræver root (chown)")
@pytest.mark.parametrize("args", [["git-opsætning"], ["git-opsætning", "--fjern"], ["log", "3"], ["changes"]])
def test_a_repository_another_user_owns_is_said_in_danish(tmp_path: Path, args: list[str]) -> None:
    """git refuses a repository another user owns (its safe.directory check): every command that asks
    git says so in one Danish line, naming what to configure, never git's English."""
    from .conftest import PLAN_PROCESS, git

    shutil.copyfile(SHIPPED_PLAN, tmp_path / "plan.yaml")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "plan.yaml")
    git(tmp_path, "commit", "-qm", "plan")
    for path in (tmp_path, *tmp_path.rglob("*")):
        os.lchown(path, 1001, 1001)
    env = {**os.environ, "HOME": str(tmp_path.parent), "GIT_CONFIG_GLOBAL": os.devnull}
    done = subprocess.run([*PLAN_PROCESS, *args, "-f", str(tmp_path / "plan.yaml")], capture_output=True,
                          text=True, env=env, check=False)  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "plan: git vil ikke læse repositoryet med plan.yaml, fordi det ejes af en anden bruger "
        "(se 'git config --global --add safe.directory')\n"
    )

"""Random two-colleague histories through git, against a model of what they meant.

Anna and Bo branch from one plan and each make a few commits: activities added, removed, fields
changed, topics added, notes written, comments written, an activity moved. Their changes never
clash (that is tested in test_team.py), so every git operation that brings them together must
end cleanly in the plan both meant. The model says what that plan is in its own terms: each
activity known by its text (which never changes but for a marked suffix), never by an id the
driver chose, and computed here from the operations alone, never by the driver's code."""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baeredygtig_cli.domain.model import Note
from baeredygtig_cli.history import driver
from baeredygtig_cli.planfile import edits as editing
from baeredygtig_cli.planfile.schema import parse_plan

TIMINGS = ["Januar", "Marts-april", "maj", "Løbende", "uge 12", "2. halvår"]
TOPICS = ["Klima", "Affald", "Vand", "Natur"]
OWNERS = ["Koordinator", "Teknik og Miljø", "Kommunikation"]
STATUSES = ["Afventer", "Under forberedelse", "I gang", "Afsluttet"]
BASE_TEXTS = [
    "Temamøde for landsbyråd om bæredygtige landsbyer",
    "Udbud af kantinedrift med krav til økologi",
    "Kortlægning af kommunens CO2-udledning",
    "Dialog med erhvervslivet om cirkulær økonomi",
    "Plantning af træer langs skolevejene",
    "Energirenovering af rådhusets tag",
]
NEW_TEXTS = {
    "Anna": ["Annas borgerpanel om klimatilpasning", "Annas kursus i genbrug for pedeller",
             "Annas kampagne mod madspild i daginstitutioner"],
    "Bo": ["Bos workshop om regnvand i byrummet", "Bos cykelrute til erhvervsområdet",
           "Bos solceller på idrætshallen"],
}  # fmt: skip
EDITED = " (rettet)"
FIELDS = ("tidspunkt", "ansvarlig", "status", "aktivitet")


def base_plan(highest: bool) -> str:
    lines = ["titel: Fælles plan", "år: 2020", f"statusser: [{', '.join(STATUSES)}]"]
    if highest:
        lines.append(f"højeste_id: {len(BASE_TEXTS)}")
    lines += ["", "aktiviteter:"]
    for number, text in enumerate(BASE_TEXTS, start=1):
        lines += [
            f"  - id: {number}",
            f"    tidspunkt: {TIMINGS[number % len(TIMINGS)]}",
            f"    emne: [{TOPICS[number % len(TOPICS)]}]",
            f"    aktivitet: {text}",
            f"    ansvarlig: {OWNERS[number % len(OWNERS)]}",
            f"    status: {STATUSES[number % len(STATUSES)]}",
            "",
        ]
    return "\n".join(lines)


# --- what the colleagues do, and what they mean --------------------------------------------------------


@dataclass
class Record:
    """An activity as the model knows it: by its text, with the values it must end with."""

    tidspunkt: str
    ansvarlig: str
    status: str | None
    aktivitet: str
    emne: set[str]
    notes: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Op:
    kind: str  # add, remove, set, topic, note, comment, move
    who: str
    target: str = ""  # the activity's text (its identity)
    name: str = ""  # the field
    value: str = ""


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[list[Op]], list[list[Op]]]:
    """Anna's and Bo's commits (each a list of operations), never clashing: no field both change, no
    activity one removes and the other touches, a comment or a move only where no one else acts."""
    claimed: dict[tuple[str, str], str] = {}  # (activity, field or "*"): who
    done: dict[str, list[list[Op]]] = {"Anna": [], "Bo": []}
    added: dict[str, list[str]] = {"Anna": [], "Bo": []}
    for who in ("Anna", "Bo"):
        other = "Bo" if who == "Anna" else "Anna"
        for _ in range(draw(st.integers(1, 3))):
            commit: list[Op] = []
            for _ in range(draw(st.integers(1, 2))):
                kind = draw(
                    st.sampled_from(["add", "remove", "set", "set", "topic", "note", "comment", "move"])
                )
                mine = BASE_TEXTS + added[who]
                if kind == "add" and len(added[who]) < len(NEW_TEXTS[who]):
                    text = NEW_TEXTS[who][len(added[who])]
                    added[who].append(text)
                    commit.append(Op("add", who, text))
                    continue
                target = draw(st.sampled_from(mine))
                touched_by_other = any(a == target and w == other for (a, _), w in claimed.items())
                if kind == "remove" and target in BASE_TEXTS and not touched_by_other:
                    if (target, "*") not in claimed and not any(a == target for a, _ in claimed):
                        claimed[(target, "*")] = who
                        commit.append(Op("remove", who, target))
                elif (target, "*") in claimed:
                    continue
                elif kind == "set":
                    name = draw(st.sampled_from(FIELDS))
                    if claimed.get((target, name), who) != who:
                        continue
                    claimed[(target, name)] = who
                    value = (
                        EDITED if name == "aktivitet"
                        else draw(st.sampled_from({"tidspunkt": TIMINGS, "ansvarlig": OWNERS, "status": STATUSES}[name]))
                    )  # fmt: skip
                    commit.append(Op("set", who, target, name, value))
                elif kind == "topic":
                    claimed.setdefault((target, f"topic {who}"), who)
                    commit.append(Op("topic", who, target, value=f"{who}s emne"))
                elif kind == "note":
                    claimed.setdefault((target, f"note {who}"), who)
                    commit.append(Op("note", who, target, value=f"Note fra {who} {draw(st.integers(1, 99))}"))
                elif kind in ("comment", "move") and target in BASE_TEXTS and not touched_by_other:
                    if (
                        any(a == target and w != who for (a, _), w in claimed.items())
                        or (target, "#") in claimed
                    ):
                        continue
                    claimed[(target, "#")] = who
                    claimed[(target, "*")] = who  # no one else acts on it: its lines are this colleague's
                    commit.append(Op(kind, who, target))
            if commit:
                done[who].append(commit)
        if not done[who]:  # every colleague brings something
            text = NEW_TEXTS[who][len(added[who])]
            added[who].append(text)
            done[who].append([Op("add", who, text)])
    return done["Anna"], done["Bo"]


def model(anna: list[list[Op]], bo: list[list[Op]]) -> dict[str, Record]:
    """The plan both meant, by activity text."""
    records = {
        text: Record(
            TIMINGS[number % len(TIMINGS)],
            OWNERS[number % len(OWNERS)],
            STATUSES[number % len(STATUSES)],
            text,
            {TOPICS[number % len(TOPICS)]},
        )
        for number, text in enumerate(BASE_TEXTS, start=1)
    }
    for op in [op for commits in (anna, bo) for commit in commits for op in commit]:
        if op.kind == "add":
            records[op.target] = Record("maj", "Koordinator", "Afventer", op.target, {"Klima"})
        elif op.kind == "remove":
            del records[op.target]
        elif op.kind == "set" and op.name == "aktivitet":
            records[op.target].aktivitet = op.target + EDITED
        elif op.kind == "set":
            setattr(records[op.target], op.name, op.value)
        elif op.kind == "topic":
            records[op.target].emne.add(op.value)
        elif op.kind == "note":
            records[op.target].notes.add(op.value)
    return records


# --- doing it for real ----------------------------------------------------------------------------------


def _env(who: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHEAD_"))}
    mail = f"{who.lower()}@kommune.example"
    return {**env, "GIT_AUTHOR_NAME": who, "GIT_AUTHOR_EMAIL": mail, "GIT_COMMITTER_NAME": who,
            "GIT_COMMITTER_EMAIL": mail, "GIT_CONFIG_NOSYSTEM": "1"}  # fmt: skip


def git(folder: Path, *args: str, who: str = "Anna", check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, env=_env(who), check=False
    )
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {done.stdout}{done.stderr}")
    return done


def _id_of(path: Path, text: str) -> int:
    parsed = parse_plan(path.read_text(encoding="utf-8"))
    assert parsed.plan is not None, parsed.problems
    return next(a.id for a in parsed.plan.activities if a.aktivitet.removesuffix(EDITED) == text)


def perform(path: Path, op: Op, day: int) -> None:
    change = editing.change_plan
    if op.kind == "add":
        new = editing.NewActivity("maj", ("Klima",), op.target, "Koordinator", "Afventer", new_emne=True)
        change(path, lambda source: editing.add_activity(source, new))
        return
    activity_id = _id_of(path, op.target)
    if op.kind == "remove":
        change(path, lambda source: editing.remove_activities(source, [activity_id]))
    elif op.kind == "set":
        value = op.target + EDITED if op.name == "aktivitet" else op.value
        edits = editing.FieldEdits(**{op.name: value})
        change(path, lambda source: editing.change_activities(source, [activity_id], edits))
    elif op.kind == "topic":
        edits = editing.FieldEdits(add_emne=(op.value,), new_emne=True)
        change(path, lambda source: editing.change_activities(source, [activity_id], edits))
    elif op.kind == "note":
        edits = editing.FieldEdits(note=Note(date(2020, 3, day), op.value, op.who))
        change(path, lambda source: editing.change_activities(source, [activity_id], edits))
    else:  # comment or move: the colleague's own hand in the text
        text = path.read_text(encoding="utf-8")
        start = text.index(f"  - id: {activity_id}\n")
        end = text.find("\n\n", start)
        block = text[start : end + 2] if end != -1 else text[start:].rstrip("\n") + "\n\n"
        if op.kind == "comment":
            text = text[:start] + f"  # {op.who} skriver om {op.target}\n" + text[start:]
        else:
            text = (
                (text[:start] + text[start + len(block) :]).rstrip("\n") + "\n\n" + block.rstrip("\n") + "\n"
            )
        path.write_text(text, encoding="utf-8")


MODES = ("merge", "rebase", "cherry-pick", "pull --rebase")


@settings(max_examples=16, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(history=histories(), mode=st.sampled_from(MODES), highest=st.booleans())
def test_two_colleagues_meet_in_the_plan_both_meant(
    history: tuple[list[list[Op]], list[list[Op]]], mode: str, highest: bool
) -> None:
    anna, bo = history
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        path = folder / "plan.yaml"
        git(folder, "init", "-q", "-b", "main")
        path.write_text(base_plan(highest), encoding="utf-8")
        driver.set_up(path)
        git(folder, "add", ".")
        git(folder, "commit", "-qm", "Planen")
        day = 1
        for who, commits in (("Anna", anna), ("Bo", bo)):
            git(folder, "checkout", "-q", "-b", who.lower(), "main")
            for number, commit in enumerate(commits):
                for op in commit:
                    perform(path, op, day)
                    day += 1
                git(folder, "commit", "-q", "--allow-empty", "-am", f"{who} {number}", who=who)
        # Who is OURS at the end: the side whose text the result is made from.
        if mode == "merge":
            git(folder, "checkout", "-q", "bo", who="Bo")
            result = git(folder, "merge", "-q", "--no-edit", "anna", who="Bo", check=False)
            ours = "Bo"
        elif mode == "rebase":
            git(folder, "checkout", "-q", "bo", who="Bo")
            result = git(folder, "rebase", "-q", "anna", who="Bo", check=False)
            ours = "Anna"
        elif mode == "cherry-pick":
            git(folder, "checkout", "-q", "anna")
            result = git(
                folder, "cherry-pick", "--allow-empty", "--keep-redundant-commits", "main..bo", check=False
            )
            ours = "Anna"
        else:
            git(folder, "checkout", "-q", "bo", who="Bo")
            git(folder, "remote", "add", "origin", str(folder), who="Bo")
            result = git(folder, "pull", "-q", "--rebase", "origin", "anna", who="Bo", check=False)
            ours = "Anna"
        assert result.returncode == 0, result.stdout + result.stderr
        text = path.read_text(encoding="utf-8")
        parsed = parse_plan(text, path, check_parties=True)
        assert parsed.plan is not None and parsed.problems == [], parsed.problems
        found = {
            a.aktivitet.removesuffix(EDITED): Record(
                a.tidspunkt, a.ansvarlig, a.status, a.aktivitet, set(a.emne), {n.text for n in a.notes}
            )
            for a in parsed.plan.activities
        }
        assert found == model(anna, bo)
        ids = [a.id for a in parsed.plan.activities]
        assert len(ids) == len(set(ids))
        for activity in parsed.plan.activities:  # activities of the base plan keep their ids
            if activity.aktivitet.removesuffix(EDITED) in BASE_TEXTS:
                assert activity.id == BASE_TEXTS.index(activity.aktivitet.removesuffix(EDITED)) + 1
        if parsed.plan.highest_id is not None:
            assert parsed.plan.highest_id >= max(ids)
        mine = anna if ours == "Anna" else bo
        comments = [op for commit in mine for op in commit if op.kind == "comment"]
        for op in comments:
            assert text.count(f"  # {op.who} skriver om {op.target}\n") == 1
        assert "<<<<<<<" not in text

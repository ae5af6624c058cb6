"""A seeded property test of the plan's history: random two-colleague
histories in real git repositories (Anna on main; Bo on a branch, which Anna merges, sometimes
settling a field by hand, or which Bo rebases onto main), and for random days D1 <= D2:

- `plan log --fra D1 --til D2`, applied entry by entry (oldest first) to the plan as it stood when
  D1 began, checking each entry's "before" against the plan so far, gives the plan as it stood when
  D2 ended;
- `plan changes --fra D1 --til D2` is that composition's net difference;
- each change in the log is credited to the colleague who last made it.

"The plan as it stood" and who made what come from the test's own model of what each colleague did
and of the line of first parents the script built, never from the code under test.
"""

from __future__ import annotations

import copy
import json
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, seed, settings
from hypothesis import strategies as st

from .history_repo import Repo, new_repo, run

ANNA, BO = "Anna Jensen", "Bo Hansen"
TIMINGS = ["Marts", "April", "Maj-juni", "September", "Løbende"]
OWNERS = ["Koordinator", "Teknik og Miljø", "Byledelsen", "Kommunikation"]
STATUSES = ["Afventer", "Under forberedelse", "I gang", "Afsluttet"]
FIELDS = {"tidspunkt": TIMINGS, "ansvarlig": OWNERS, "status": STATUSES}


@dataclass
class Model:
    """The plan as the colleagues wrote it: activities by id in file order, each a dict of fields and
    notes ([key, dato, tekst, af]); a header comment; and who last made each thing (for credits)."""

    order: list[int] = field(default_factory=list)
    activities: dict[int, dict[str, Any]] = field(default_factory=dict)
    comment: str = "første udgave"
    made_by: dict[tuple[Any, ...], str] = field(default_factory=dict)

    def text(self) -> str:
        lines = [f"# {self.comment}", "titel: Testplan", "år: 2020", f"statusser: [{', '.join(STATUSES)}]", "",
                 "aktiviteter:"]  # fmt: skip
        for i in self.order:
            a = self.activities[i]
            lines += [f"  - id: {i}", f"    tidspunkt: {a['tidspunkt']}", "    emne: [Klima]",
                      f"    aktivitet: {a['aktivitet']}", f"    ansvarlig: {a['ansvarlig']}",
                      f"    status: {a['status']}"]  # fmt: skip
            if a["noter"]:
                lines.append("    noter:")
                for _, day, text, by in a["noter"]:
                    lines += [f"      - dato: {day}", f"        af: {by}", f"        tekst: {text}"]
            lines.append("")
        return "\n".join(lines) + "\n"


def owner(activity_id: int) -> str:
    """Anna looks after the odd ids, Bo after the even ones: their edits never meet in one activity."""
    return ANNA if activity_id % 2 else BO


@dataclass
class Script:
    repo: Repo
    main: Model
    moment: datetime
    line: list[tuple[str, datetime, Model]] = field(
        default_factory=list
    )  # main's first parents, oldest first
    side: Model | None = None
    side_commits: list[Model] = field(default_factory=list)  # each of Bo's branch commits' model
    next_id: dict[str, int] = field(default_factory=lambda: {ANNA: 101, BO: 200})
    notes: int = 0

    def tick(self, hours: int) -> str:
        self.moment += timedelta(hours=hours)
        return self.moment.isoformat()

    def commit(self, model: Model, who: str, hours: int) -> str:
        return self.repo.commit(model.text(), f"ændring {len(self.line)}", self.tick(hours), who)

    def on_main(self, commit: str, model: Model, made: datetime | None = None) -> None:
        self.line.append((commit, made or self.moment, copy.deepcopy(model)))


def edit(draw: st.DrawFn, script: Script, model: Model, who: str, *, on_top: bool) -> None:
    """One change by `who` to the activities they look after (or the header comment)."""
    mine = [i for i in model.order if owner(i) == who]
    kind = draw(st.sampled_from(["felt", "note", "ret note", "tilføj", "fjern", "kommentar"]))
    if kind == "tilføj" or not mine:
        i = script.next_id[who]
        script.next_id[who] += 2
        model.activities[i] = {"tidspunkt": draw(st.sampled_from(TIMINGS)), "aktivitet": f"Aktivitet {i}",
                               "ansvarlig": draw(st.sampled_from(OWNERS)), "status": "Afventer", "noter": []}  # fmt: skip
        model.order = [i, *model.order] if on_top else [*model.order, i]
        model.made_by[("+", i)] = who
        return
    i = draw(st.sampled_from(mine))
    a = model.activities[i]
    if kind == "fjern" and len(mine) > 1:
        model.order.remove(i)
        del model.activities[i]
        model.made_by[("-", i)] = who
    elif kind == "ret note" and a["noter"]:
        note = a["noter"][draw(st.integers(0, len(a["noter"]) - 1))]
        note[2] += " (rettet)"
        model.made_by[("note", i, note[0])] = who
    elif kind in ("note", "ret note"):
        script.notes += 1
        a["noter"].append([script.notes, script.moment.date().isoformat(), f"Note {script.notes}", who])
        model.made_by[("note", i, script.notes)] = who
    elif kind == "kommentar" and who == ANNA:
        model.comment = f"udgave {script.moment:%d/%m %H}"
    else:
        name = draw(st.sampled_from(sorted(FIELDS)))
        a[name] = draw(st.sampled_from([v for v in FIELDS[name] if v != a[name]]))
        model.made_by[("f", i, name)] = who


def combined(main: Model, side: Model) -> Model:
    """The plan both lines make: Bo's activities as his branch has them, added on top; Anna's as main
    has them; main's header."""
    result = copy.deepcopy(main)
    theirs = [i for i in side.order if owner(i) == BO]
    new = [i for i in side.order if owner(i) == BO and i not in main.order]
    result.order = [*new, *[i for i in main.order if owner(i) == ANNA or i in side.activities]]
    for i in theirs:
        result.activities[i] = copy.deepcopy(side.activities[i])
    for i in [i for i in main.activities if owner(i) == BO and i not in side.activities]:
        del result.activities[i]
    result.made_by.update({k: v for k, v in side.made_by.items() if v == BO})
    return result


def integrate(draw: st.DrawFn, script: Script) -> None:
    """Bo's branch comes into main: Anna merges it (perhaps settling one of Bo's fields her way, perhaps
    changing one of hers in the merge), or Bo rebases it onto main and main moves up to it."""
    assert script.side is not None
    repo = script.repo
    how = draw(st.sampled_from(["merge", "merge", "rebase"]))
    if how == "rebase":
        repo.git("checkout", "-q", "bo", who=BO)
        base = script.main
        done = subprocess.run(["git", "-C", str(repo.folder), "rebase", "-q", "main"], capture_output=True,
                              check=False, env=_env(BO, script.tick(1)))  # fmt: skip
        if done.returncode == 0:
            new = repo.git("rev-list", "--reverse", "--first-parent", "main..bo").split()
            assert len(new) == len(script.side_commits)
            repo.git("checkout", "-q", "main", who=BO)
            repo.git("merge", "-q", "--ff-only", "bo", who=BO)
            for commit, model in zip(new, script.side_commits, strict=True):
                script.main = combined(base, model)
                # a branch already on top of main is not rewritten: its commit date stays
                made = datetime.fromisoformat(repo.git("show", "-s", "--format=%cI", commit))
                script.on_main(commit, script.main, made)
            script.side, script.side_commits = None, []
            repo.git("branch", "-q", "-D", "bo", who=BO)
            event("rebased")
            return
        repo.git("rebase", "--abort", who=BO)  # a clash in git's lines: Anna merges instead
        event("rebase clashed: merged")
        repo.git("checkout", "-q", "main", who=BO)
    merged = combined(script.main, script.side)
    when = script.tick(1)
    done = subprocess.run(["git", "-C", str(repo.folder), "merge", "-q", "--no-ff", "--no-commit", "bo"],
                          capture_output=True, check=False, env=_env(ANNA, when))  # fmt: skip
    bos = [i for i in merged.order if owner(i) == BO]
    if bos and draw(st.booleans()):  # settled by hand: one of Bo's fields as Anna wants it
        i = draw(st.sampled_from(bos))
        name = draw(st.sampled_from(sorted(FIELDS)))
        merged.activities[i][name] = draw(
            st.sampled_from([v for v in FIELDS[name] if v != merged.activities[i][name]])
        )
        merged.made_by[("f", i, name)] = ANNA
        event("a field settled by hand in a merge")
    if draw(st.booleans()):
        edit(draw, script, merged, ANNA, on_top=False)
        event("a change of the merger's own in a merge")
    event("merged")
    (repo.folder / "plan.yaml").write_text(merged.text(), encoding="utf-8")
    repo.git("add", "-A", when=when, who=ANNA)
    repo.git("commit", "-q", "--no-edit", "-m", "Merge branch 'bo'", when=when, who=ANNA)
    assert len(repo.git("log", "-1", "--format=%P").split()) == 2, done.stderr
    script.main = merged
    script.on_main(repo.git("rev-parse", "HEAD"), merged)
    script.side, script.side_commits = None, []
    repo.git("branch", "-q", "-D", "bo", when=when, who=ANNA)


def _env(who: str, when: str) -> dict[str, str]:
    import os

    email = who.split()[0].lower() + "@kommune.example"
    return {**os.environ, "GIT_AUTHOR_NAME": who, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": who,
            "GIT_COMMITTER_EMAIL": email, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
            "GIT_EDITOR": "true"}  # fmt: skip


def history(draw: st.DrawFn, folder: Path) -> Script:
    repo = new_repo(folder)
    start = datetime(2020, 1, 6, 9, 0).astimezone()
    script = Script(repo, Model(), start)
    for i in (1, 2, 3, 4):
        script.main.activities[i] = {"tidspunkt": TIMINGS[i % len(TIMINGS)], "aktivitet": f"Aktivitet {i}",
                                     "ansvarlig": OWNERS[i % len(OWNERS)], "status": "Afventer", "noter": []}  # fmt: skip
        script.main.order.append(i)
        script.main.made_by[("+", i)] = ANNA
    script.on_main(script.commit(script.main, ANNA, 1), script.main)
    for _ in range(draw(st.integers(3, 9))):
        hours = draw(st.sampled_from([2, 20, 26, 50]))
        step = draw(st.sampled_from(["main", "side", "side", "integrate"]))
        if step == "integrate" and script.side_commits:
            script.tick(hours)
            integrate(draw, script)
        elif step == "side":
            if script.side is None:
                script.repo.git("branch", "bo", "main")
                script.side = copy.deepcopy(script.main)
            script.repo.git("checkout", "-q", "bo")
            edit(draw, script, script.side, BO, on_top=True)
            script.commit(script.side, BO, hours)
            script.side_commits.append(copy.deepcopy(script.side))
            script.repo.git("checkout", "-q", "main")
        else:
            edit(draw, script, script.main, ANNA, on_top=False)
            script.on_main(script.commit(script.main, ANNA, hours), script.main)
    return script


# --- the test's own reading of the model ----------------------------------------------------------------


def as_it_stood(line: list[tuple[str, datetime, Model]], moment: datetime) -> tuple[str, Model] | None:
    """The newest commit of the line of first parents made before `moment`, and its plan."""
    for commit, made, model in reversed(line):
        if made < moment:
            return commit, model
    return None


def start_of(day: date) -> datetime:
    return datetime.combine(day, time.min).astimezone()


Plan = dict[int, dict[str, Any]]


def plain(model: Model) -> Plan:
    """A model's activities as the JSON speaks of them: fields, and notes as (dato, tekst, af)."""
    return {
        i: {**{k: a[k] for k in ("tidspunkt", "aktivitet", "ansvarlig", "status")},
            "noter": [(d, t, by) for _, d, t, by in a["noter"]]}
        for i, a in model.activities.items()
    }  # fmt: skip


def note(record: dict[str, Any]) -> tuple[str, str, str]:
    return record["dato"], record["tekst"], record["af"]


def apply(plan: Plan, entry: dict[str, Any]) -> None:
    """One log entry on the plan so far; each "before" it names must be what the plan says."""
    for a in entry["tilføjet"]:
        assert a["id"] not in plan, (a["id"], entry["commit"])
        plan[a["id"]] = {**{k: a[k] for k in ("tidspunkt", "aktivitet", "ansvarlig", "status")},
                         "noter": [note(n) for n in a.get("noter", [])]}  # fmt: skip
    for a in entry["fjernet"]:
        assert plan.pop(a["id"])["status"] == a["status"]
    for c in entry["ændret"]:
        for f in c["felter"]:
            assert plan[c["id"]][f["felt"]] == f["før"], (c, entry["commit"])
            plan[c["id"]][f["felt"]] = f["efter"]
    for n in entry["noter"]:
        assert note(n) not in plan[n["id"]]["noter"]
        plan[n["id"]]["noter"].append(note(n))
    for n in entry["noter_rettet"]:
        notes = plan[n["id"]]["noter"]
        notes[notes.index(note(n["før"]))] = note(n["efter"])


def net(old: Model, new: Model) -> dict[str, Any]:
    """What changed from `old` to `new`, in the terms of `plan changes --json`; a note is the same
    note by the model's own key for it (a corrected note keeps its key)."""
    kept = [i for i in new.activities if i in old.activities]
    edited, added = [], []
    for i in kept:
        before = {k: (d, t, by) for k, d, t, by in old.activities[i]["noter"]}
        for k, d, t, by in new.activities[i]["noter"]:
            if k not in before:
                added.append((i, (d, t, by)))
            elif before[k] != (d, t, by):
                edited.append((i, before[k], (d, t, by)))
    a, b = old.activities, new.activities
    return {
        "tilføjet": sorted(i for i in b if i not in a),
        "fjernet": sorted(i for i in a if i not in b),
        "felter": sorted((i, f, a[i][f], b[i][f]) for i in kept for f in FIELDS if a[i][f] != b[i][f]),
        "noter": sorted(added),
        "rettet": sorted(edited),
    }


def said(changes: dict[str, Any]) -> dict[str, Any]:
    """`plan changes --json` in the terms of `net`."""
    return {
        "tilføjet": sorted(a["id"] for a in changes["tilføjet"]),
        "fjernet": sorted(a["id"] for a in changes["fjernet"]),
        "felter": sorted(
            (c["id"], f["felt"], f["før"], f["efter"]) for c in changes["ændret"] for f in c["felter"]
        ),
        "noter": sorted((n["id"], note(n)) for n in changes.get("noter", [])),
        "rettet": sorted(
            (n["id"], note(n["før"]), note(n["efter"])) for n in changes.get("noter_rettet", [])
        ),
    }


def credited(entry: dict[str, Any], made_by: dict[tuple[Any, ...], str], model: Model) -> None:
    """Every change in an entry is credited to whoever last made it, as of its commit on the line."""
    who = entry["forfatter"]
    for a in entry["tilføjet"]:
        assert made_by[("+", a["id"])] == who, (a["id"], entry)
    for a in entry["fjernet"]:
        assert made_by[("-", a["id"])] == who, (a["id"], entry)
    for c in entry["ændret"]:
        for f in c["felter"]:
            assert made_by[("f", c["id"], f["felt"])] == who, (c, entry)
    keys = {(i, d, t, by): k for i, a in model.activities.items() for k, d, t, by in a["noter"]}
    for n in [*entry["noter"], *({"id": r["id"], **r["efter"]} for r in entry["noter_rettet"])]:
        key = keys[(n["id"], n["dato"], n["tekst"], n["af"])]
        assert made_by[("note", n["id"], key)] == who, (n, entry)


@seed(21)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_log_between_two_days_composes_to_what_changes_says(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        script = history(data.draw, Path(folder) / "repo")
        plan = script.repo.plan
        first, last = script.line[0][1].date(), script.moment.date()
        days = (last - first).days
        d1 = first + timedelta(days=data.draw(st.integers(1, days + 1), label="D1"))
        d2 = d1 + timedelta(days=data.draw(st.integers(0, days + 1), label="D2 - D1"))
        since, until = d1.isoformat(), d2.isoformat()
        base = as_it_stood(script.line, start_of(d1))
        end = as_it_stood(script.line, start_of(d2 + timedelta(days=1)))
        assert base is not None and end is not None  # D1 is after the first commit's day

        code, out, err = run("log", "--json", "--fra", since, "--til", until, "-f", str(plan), PLAN_DEBUG="1")
        assert (code, err) == (0, ""), err
        entries = list(reversed(json.loads(out)))
        line = [commit for commit, _, _ in script.line]
        shown = [e["via_fletning"]["commit"] if e["via_fletning"] else e["commit"] for e in entries]
        expected = line[line.index(base[0]) + 1 : line.index(end[0]) + 1]
        assert list(dict.fromkeys(shown)) == [c for c in expected if c in shown]  # in the line's order
        composed = plain(base[1])
        models = dict((commit, model) for commit, _, model in script.line)
        for entry, at in zip(entries, shown, strict=True):
            apply(composed, entry)
            credited(entry, models[at].made_by, models[at])
        expected_plan = plain(end[1])
        assert composed == expected_plan, {
            i: (composed.get(i), expected_plan.get(i))
            for i in {*composed, *expected_plan}
            if composed.get(i) != expected_plan.get(i)
        }

        code, out, err = run(
            "changes", "--json", "--fra", since, "--til", until, "-f", str(plan), PLAN_DEBUG="1"
        )
        assert (code, err) == (0, ""), err
        changes = json.loads(out)
        assert (changes["fra_commit"], changes["til_commit"]) == (base[0], end[0])
        assert said(changes) == net(base[1], end[1]), (said(changes), net(base[1], end[1]))

"""A living plan: change any field, many activities at once, notes on why, remove — as safe splices."""

from __future__ import annotations

import dataclasses
import difflib
import subprocess
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from baeredygtig_cli.cli import editing
from baeredygtig_cli.domain.model import Note
from baeredygtig_cli.errors import PlanError
from baeredygtig_cli.planfile import edits as plan_edits
from baeredygtig_cli.planfile.schema import load_plan, parse_plan

from .conftest import STATUSES, invoke, run
from .strategies import Fields, fields_of, hostile_plans, plans


def changed(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_reschedule_shows_the_new_period_and_changes_one_line(runner: CliRunner, plan_copy: Path) -> None:
    before = plan_copy.read_text(encoding="utf-8")
    code, out, err = run(runner, "ret", "18", "tidspunkt=April-maj", plan=plan_copy)
    assert (code, err) == (0, "")
    # The comment said how the old value is read: it goes with the old value, and the user is told.
    assert out == (
        "18: tidspunkt 'IFebruar og frem' → 'April-maj' (1. april 2020 – 31. maj 2020)\n"
        '18: tidspunkt: kommentaren om den gamle værdi er fjernet: # sic, som i originalen; læses som "I februar og frem"\n'
    )
    assert changed(before, plan_copy.read_text(encoding="utf-8")) == [
        '-    tidspunkt: IFebruar og frem  # sic, som i originalen; læses som "I februar og frem"',
        "+    tidspunkt: April-maj",
    ]


COMMENTED = """titel: T
år: 2020
aktiviteter:
  - id: 1
    tidspunkt: Marts  # Marts, som aftalt på mødet
    år: 2021  # 2021: budgettet kom et år senere
    emne: [Vand, Luft]  # emnerne Vand og Luft fra workshoppen
    aktivitet: 'Møde: opstart'  # 'Møde: opstart' er den gamle titel
    ansvarlig: Kommunikation  # kommunikation har sagt ja
    status: I gang  # I gang siden 5. marts
  - id: 2
    tidspunkt: Marts  # aftalt på mødet
    emne: [Vand]
    aktivitet: x  # kort titel
    ansvarlig: y
    status: I gang  # se noten
"""


@pytest.mark.parametrize(
    ("edit", "line"),
    [
        ("tidspunkt=April", "    tidspunkt: April"),
        ("år=2022", "    år: 2022"),
        ("emne=Luft", "    emne: [Luft]"),
        ("aktivitet=Opstart", "    aktivitet: 'Opstart'"),
        ("ansvarlig=Direktionen", "    ansvarlig: Direktionen"),
        ("status=Afsluttet", "    status: Afsluttet"),
        ("status=", "    status:"),
    ],
)
def test_a_comment_that_names_the_old_value_goes_with_it(
    runner: CliRunner, tmp_path: Path, edit: str, line: str
) -> None:
    """Each field's comment names the old value (as written, or case and letters aside): the new
    value stands alone, the comment is said on stdout, and no other byte of the file changes."""
    path = tmp_path / "plan.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    code, out, err = run(runner, "ret", "1", edit, plan=path)
    assert (code, err) == (0, "")
    removed, added = changed(COMMENTED, path.read_text(encoding="utf-8"))
    assert added == "+" + line
    comment = removed[removed.index("  #") :].strip()
    assert (
        out.splitlines()[-1]
        == f"1: {edit.split('=')[0]}: kommentaren om den gamle værdi er fjernet: {comment}"
    )


@pytest.mark.parametrize("edit", ["tidspunkt=April", "aktivitet=Opstart", "status=Afsluttet", "status="])
def test_a_comment_that_does_not_name_the_old_value_stays(
    runner: CliRunner, tmp_path: Path, edit: str
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    code, out, err = run(runner, "ret", "2", edit, plan=path)
    assert (code, err) == (0, "") and "kommentaren" not in out
    removed, added = changed(COMMENTED, path.read_text(encoding="utf-8"))
    assert added.endswith(removed[removed.index("  #") :])


def test_an_unreadable_timing_is_refused_with_the_grammars_message(
    runner: CliRunner, plan_copy: Path
) -> None:
    before = plan_copy.read_bytes()
    code, out, err = run(runner, "ret", "18", "tidspunkt=Martz", plan=plan_copy)
    assert (code, out) == (2, "") and "tidspunkt 'Martz' kan ikke læses" in err
    assert plan_copy.read_bytes() == before


def test_reassign_two_and_fields_together(runner: CliRunner, plan_copy: Path) -> None:
    code, out, _ = run(
        runner, "ret", "18", "19", "ansvarlig=Kommunikation: presse", "status=afs", plan=plan_copy
    )
    assert code == 0
    assert out.splitlines() == [
        "18: ansvarlig 'Byråds- og Direktionssekretariatet' → 'Kommunikation: presse'",
        "18: Under forberedelse → Afsluttet",
        "19: ansvarlig 'Koordinator for Bæredygtig Udvikling i samarbejde med forvaltninger' → 'Kommunikation: presse'",
        "19: Afventer → Afsluttet",
    ]
    plan = load_plan(plan_copy)
    assert {(a.id, a.ansvarlig, a.status) for a in plan.activities if a.id in (18, 19)} == {
        (18, "Kommunikation: presse", "Afsluttet"), (19, "Kommunikation: presse", "Afsluttet"),
    }  # fmt: skip
    assert '    ansvarlig: "Kommunikation: presse"\n' in plan_copy.read_text(encoding="utf-8")


def test_emne_add_remove_replace(runner: CliRunner, plan_copy: Path) -> None:
    assert run(runner, "ret", "7", "emne+=Inspiration og forankring", plan=plan_copy)[1] == (
        "7: emne [Bæredygtighedspulje] → [Bæredygtighedspulje, Inspiration og forankring]\n"
    )
    assert run(runner, "ret", "7", "emne-=Bæredygtighedspulje", plan=plan_copy)[0] == 0
    assert load_plan(plan_copy).activity(7).emne == ("Inspiration og forankring",)  # type: ignore[union-attr]
    code, _, err = run(runner, "ret", "7", "emne-=Inspiration og forankring", plan=plan_copy)
    assert code == 2 and "mindst ét emne" in err
    code, _, err = run(runner, "ret", "7", "emne=Bæredygtighedspuljen", plan=plan_copy)
    assert code == 2 and "mente du 'Bæredygtighedspulje'?" in err and "--nyt-emne" in err
    assert run(runner, "ret", "7", "emne=Nyt: emne", "emne=B", "--nyt-emne", plan=plan_copy)[0] == 0
    assert load_plan(plan_copy).activity(7).emne == ("Nyt: emne", "B")  # type: ignore[union-attr]
    assert '    emne: ["Nyt: emne", B]\n' in plan_copy.read_text(encoding="utf-8")


def test_year_set_and_cleared(runner: CliRunner, plan_copy: Path) -> None:
    before = plan_copy.read_text(encoding="utf-8")
    assert run(runner, "ret", "12", "år=2021", plan=plan_copy)[1] == (
        "12: år planens (2020) → 2021 (23. februar 2021 – 24. februar 2021)\n"
    )
    assert changed(before, plan_copy.read_text(encoding="utf-8")) == ["+    år: 2021"]
    assert run(runner, "ret", "12", "år=", plan=plan_copy)[0] == 0
    assert plan_copy.read_text(encoding="utf-8") == before
    code, _, err = run(runner, "ret", "12", "år=20202", plan=plan_copy)
    assert code == 2 and "ikke et muligt år" in err


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["ret", "12"], "angiv mindst ét felt"),
        (["ret", "12", "farve=blå"], "ukendt felt 'farve'"),
        (["ret", "12", "tidspunt=maj"], "mente du tidspunkt?"),
        (["ret", "12", "ansvarlig+=x"], "virker kun for emne"),
        (["ret", "12", "år=næste"], "år skal være et heltal"),
        (["ret", "12", "aktivitet= "], "aktivitet må ikke være tom"),
        (["ret", "99", "aktivitet=x"], "ukendt id: 99"),
        (["ret", "12", "-a", "Koordinator", "aktivitet=x"], "id'er eller med filtre, ikke begge"),
        (["ret", "aktivitet=x"], "angiv mindst ét id eller et filter"),
        (["ret", "-a", "ingen-har-den", "aktivitet=x"], "ingen aktiviteter passer til filtrene"),
        (["note", "12", " "], "noten må ikke være tom"),
        (["set-status", "12", "I gang", "--note", ""], "--note må ikke være tom"),
        (["fjern", "99"], "ukendt id: 99"),
        (["fjern", *map(str, range(1, 45)), "--ja"], "mindst én aktivitet"),
    ],
)
def test_bad_living_edits_change_nothing(
    runner: CliRunner, plan_copy: Path, args: list[str], says: str
) -> None:
    before = plan_copy.read_bytes()
    code, out, err = run(runner, *args, plan=plan_copy)
    assert (code, out) == (2, ""), err
    assert err.startswith("plan: ") and err.count("\n") == 1 and says in err, err
    assert plan_copy.read_bytes() == before


# --- many at once ----------------------------------------------------------------------------------


def test_bulk_status_by_filter_needs_a_yes_off_a_terminal(runner: CliRunner, plan_copy: Path) -> None:
    before = plan_copy.read_bytes()
    code, out, err = run(runner, "set-status", "-s", "afventer", "-m", "marts", "I gang", plan=plan_copy)
    assert (code, out) == (2, "")
    assert err == "plan: det ville ændre 8 aktiviteter; bekræft med --ja (intet er ændret)\n"
    assert plan_copy.read_bytes() == before
    code, out, _ = run(
        runner, "set-status", "-s", "afventer", "-m", "marts", "I gang", "--ja", plan=plan_copy
    )
    assert (
        code == 0
        and len(out.splitlines()) == 8
        and all(" Afventer → I gang" in line for line in out.splitlines())
    )
    assert len(changed(before.decode(), plan_copy.read_text(encoding="utf-8"))) == 16


@pytest.mark.parametrize(
    ("answer", "written"), [("j\n", True), ("ja\n", True), ("n\n", False), ("\n", False)]
)
def test_bulk_edit_asks_on_a_terminal(
    runner: CliRunner, plan_copy: Path, monkeypatch: pytest.MonkeyPatch, answer: str, written: bool
) -> None:
    monkeypatch.setattr(editing, "stdin_is_terminal", lambda: True)
    before = plan_copy.read_bytes()
    result = invoke(
        runner, "ret", "-a", "Kommunikation", "ansvarlig=Kommunikation", plan=plan_copy, input=answer
    )
    shown, asked, after = result.stdout.partition("Ændre 5 aktiviteter? [j/N] ")
    assert asked and len([line for line in shown.splitlines() if "→ 'Kommunikation'" in line]) == 5
    assert (after == "5 aktiviteter ændret.\n") is written
    assert (plan_copy.read_bytes() != before) is written
    assert result.exit_code == (0 if written else 2)


def test_three_ids_need_no_yes(runner: CliRunner, plan_copy: Path) -> None:
    assert run(runner, "set-status", "19", "20", "28", "I gang", plan=plan_copy)[0] == 0
    code, _, err = run(runner, "set-status", "19", "20", "28", "29", "Afsluttet", plan=plan_copy)
    assert code == 2 and "bekræft med --ja" in err


# --- notes -----------------------------------------------------------------------------------------


def test_note_with_a_status_change(runner: CliRunner, plan_copy: Path) -> None:
    before = plan_copy.read_text(encoding="utf-8")
    code, out, _ = run(runner, "set-status", "18", "I gang", "--note", "Startet: budget #2 godkendt",
                       "--af", "Anna Jensen", "--today", "2020-03-05", plan=plan_copy)  # fmt: skip
    assert (code, out) == (0, "18: Under forberedelse → I gang\n18: note tilføjet (2020-03-05)\n")
    assert changed(before, plan_copy.read_text(encoding="utf-8")) == [
        "-    status: Under forberedelse",
        "+    status: I gang",
        "+    noter:",
        "+      - dato: 2020-03-05",
        "+        af: Anna Jensen",
        '+        tekst: "Startet: budget #2 godkendt"',
    ]
    assert (
        run(runner, "note", "18", "Næste skridt", "--af", "Bo", "--today", "2020-04-01", plan=plan_copy)[0]
        == 0
    )
    activity = load_plan(plan_copy).activity(18)
    assert activity is not None
    assert activity.notes == (
        Note(date(2020, 3, 5), "Startet: budget #2 godkendt", "Anna Jensen"), Note(date(2020, 4, 1), "Næste skridt", "Bo"),
    )  # fmt: skip
    assert activity.latest_note == Note(date(2020, 4, 1), "Næste skridt", "Bo")


def test_a_note_records_gits_user_name(runner: CliRunner, plan_copy: Path) -> None:
    subprocess.run(["git", "init", "-q", str(plan_copy.parent)], check=True)
    subprocess.run(["git", "-C", str(plan_copy.parent), "config", "user.name", "Git Navn"], check=True)
    assert run(runner, "note", "3", "Hej", "--today", "2020-03-05", plan=plan_copy)[0] == 0
    assert load_plan(plan_copy).activity(3).notes == (Note(date(2020, 3, 5), "Hej", "Git Navn"),)  # type: ignore[union-attr]


def test_notes_are_checked(tmp_path: Path) -> None:
    head = "titel: T\når: 2020\naktiviteter:\n  - id: 1\n    tidspunkt: maj\n    emne: [A]\n    aktivitet: x\n    ansvarlig: y\n"
    cases = {
        "    noter: hej\n": "noter skal være en liste",
        "    noter:\n      - dato: 2020-13-01\n        tekst: x\n": "notens dato skal være en dato",
        "    noter:\n      - tekst: x\n": "en note mangler dato",
        "    noter:\n      - dato: 2020-03-01\n        tekst: x\n        hvem: y\n": "ukendt nøgle 'hvem'",
    }
    for text, says in cases.items():
        problems = parse_plan(head + text).problems
        assert len(problems) == 1 and says in problems[0].message, (text, problems)
    assert parse_plan(head + "    noter:\n      - dato: 2020-03-01\n        tekst: x\n").problems == []


# --- remove, and ids never reused ------------------------------------------------------------------


def test_remove_takes_the_entry_and_its_comments(runner: CliRunner, plan_copy: Path) -> None:
    text = plan_copy.read_text(encoding="utf-8").replace("  - id: 5\n", "  # om 5\n  # og mere\n  - id: 5\n")
    plan_copy.write_text(text, encoding="utf-8")
    code, out, _ = run(runner, "fjern", "5", plan=plan_copy)
    assert code == 0 and out.startswith("Aktivitet 5 fjernet: Opstart dialog med Miljøstyrelsens")
    after = plan_copy.read_text(encoding="utf-8")
    assert "# om 5" not in after and "# og mere" not in after and "  - id: 5\n" not in after
    assert after.count("\n\n") == text.count("\n\n") - 1  # and the blank line that set it apart
    assert [line for line in changed(text, after) if line.startswith("+")] == [
        "+højeste_id: 44  # det højeste id, der er brugt; et id bruges aldrig igen"
    ]
    assert [a.id for a in load_plan(plan_copy).activities] == [i for i in range(1, 45) if i != 5]


def test_ids_are_never_reused(runner: CliRunner, plan_copy: Path) -> None:
    assert run(runner, "fjern", "44", plan=plan_copy)[0] == 0
    args = ("add", "--tidspunkt", "maj", "-e", "Bæredygtighedspulje", "--aktivitet", "Ny", "--ansvarlig", "K")
    assert run(runner, *args, plan=plan_copy)[1] == "Aktivitet 45 tilføjet: Ny\n"
    assert "højeste_id: 45  #" in plan_copy.read_text(encoding="utf-8")
    text = plan_copy.read_text(encoding="utf-8").replace("  - id: 45\n", "  - id: 46\n")
    plan_copy.write_text(text, encoding="utf-8")
    code, out, _ = run(runner, "check", plan=plan_copy)
    assert code == 1 and "id 46 (linje " in out and "er højere end højeste_id (45)" in out


def test_a_lowered_highest_id_is_one_problem_with_one_value(runner: CliRunner, plan_copy: Path) -> None:
    """`højeste_id` set below 13 of the ids: one line, at `højeste_id`, suggesting the one value that
    fixes it (not a line per id, each suggesting its own)."""
    text = plan_copy.read_text(encoding="utf-8")
    plan_copy.write_text(
        text.replace("aktiviteter:\n", "højeste_id: 31\naktiviteter:\n", 1), encoding="utf-8"
    )
    line = plan_copy.read_text(encoding="utf-8").splitlines().index("højeste_id: 31") + 1
    at_44 = plan_copy.read_text(encoding="utf-8").splitlines().index("  - id: 44") + 1
    code, out, _ = run(runner, "check", plan=plan_copy)
    assert code == 1
    assert out.splitlines() == [
        f"{plan_copy}:{line}: id 44 (linje {at_44}) er højere end højeste_id (31); sæt højeste_id: 44 i planens hoved"
    ]


def test_remove_many_asks(runner: CliRunner, plan_copy: Path) -> None:
    before = plan_copy.read_bytes()
    code, _, err = run(runner, "fjern", "1", "2", "3", "4", plan=plan_copy)
    assert code == 2 and "det ville fjerne 4 aktiviteter; bekræft med --ja" in err
    assert plan_copy.read_bytes() == before
    assert run(runner, "fjern", "1", "2", "3", "4", "--ja", plan=plan_copy)[0] == 0
    assert len(load_plan(plan_copy).activities) == 40


def test_dry_run_of_every_edit_writes_nothing(runner: CliRunner, plan_copy: Path) -> None:
    before = plan_copy.read_bytes()
    for args in (
        ["ret", "18", "tidspunkt=maj"],
        ["note", "18", "x"],
        ["fjern", "18"],
        ["set-status", "18", "afs"],
    ):
        code, out, _ = run(runner, *args, "--dry-run", plan=plan_copy)
        assert code == 0 and out.startswith("--- ") and "\n+" in out
    assert plan_copy.read_bytes() == before


# --- properties: every edit command on hand-edited plans ---------------------------------------------

SETTINGS = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
WORDS = st.sampled_from(
    ["Møde", "x: y", "#1", "'q'", '"d"', "*a", "&b", "!c", "yes", "null", "12", "æ ø", "- l"]
)
NEW_TEXT = st.lists(WORDS, min_size=1, max_size=3).map(" ".join)


@st.composite
def field_edits(draw: st.DrawFn) -> plan_edits.FieldEdits:
    choice = draw(
        st.sampled_from(
            ["tidspunkt", "år", "aktivitet", "ansvarlig", "emne+", "emne-", "emne", "status", "note", "clear"]
        )
    )
    if choice == "tidspunkt":
        return plan_edits.FieldEdits(
            tidspunkt=draw(st.sampled_from(["maj", "Marts-april", "uge 12", "Løbende"]))
        )
    if choice == "år":
        return plan_edits.FieldEdits(year=draw(st.sampled_from([2019, 2021])))
    if choice in ("aktivitet", "ansvarlig"):
        return plan_edits.FieldEdits(**{choice: draw(NEW_TEXT)})
    if choice == "emne+":
        return plan_edits.FieldEdits(add_emne=(draw(NEW_TEXT),), new_emne=True)
    if choice == "emne":
        return plan_edits.FieldEdits(emne=(draw(NEW_TEXT), "Møde"), new_emne=True)
    if choice == "emne-":
        return plan_edits.FieldEdits(remove_emne=("Møde",))
    if choice == "status":
        return plan_edits.FieldEdits(status=draw(st.sampled_from(STATUSES)))
    if choice == "clear":
        return plan_edits.FieldEdits(clear_status=True)
    return plan_edits.FieldEdits(
        note=Note(date(2020, 3, 5), draw(NEW_TEXT), draw(st.one_of(st.none(), NEW_TEXT)))
    )


def expected_after(fields: dict[str, object], edits: plan_edits.FieldEdits) -> dict[str, object]:
    new = dict(fields)
    for name in ("tidspunkt", "aktivitet", "ansvarlig", "status"):
        if getattr(edits, name) is not None:
            new[name] = getattr(edits, name)
    if edits.clear_status:
        new["status"] = None
    emne = list(new["emne"])  # type: ignore[call-overload]
    if edits.emne is not None:
        emne = list(edits.emne)
    for e in edits.remove_emne:
        emne.remove(e)
    emne += [e for e in edits.add_emne if e not in emne]
    new["emne"] = emne
    return new


def _attempt(tmp_path: Path, text: str, change: object) -> tuple[str | None, bool]:
    path = tmp_path / "plan.yaml"
    path.write_bytes(text.encode("utf-8"))
    try:
        plan_edits.change_plan(path, change)  # type: ignore[arg-type]
    except PlanError:
        assert path.read_bytes() == text.encode("utf-8"), "a refused edit must not write"
        return None, False
    return path.read_bytes().decode("utf-8"), True


@SETTINGS
@given(
    plan=st.one_of(plans(), hostile_plans().map(lambda p: (p[0], p[1]))), edits=field_edits(), data=st.data()
)
def test_every_field_edit_is_exact_or_refused(
    tmp_path: Path, plan: tuple[str, list[Fields]], edits: plan_edits.FieldEdits, data: st.DataObject
) -> None:
    text, expected = plan
    target = data.draw(st.sampled_from(expected))
    activity_id = int(target["id"])  # type: ignore[call-overload]
    after, done = _attempt(
        tmp_path, text, lambda source: plan_edits.change_activities(source, [activity_id], edits)
    )
    if not done:
        return
    assert after is not None
    want = [expected_after(f, edits) if f["id"] == activity_id else f for f in expected]
    assert fields_of(after) == want
    if edits.year is None and edits.note is None:
        # Only the changed field's lines moved: nothing outside the target activity.
        parsed = parse_plan(after).plan
        assert parsed is not None
        assert [dataclasses.replace(a, line=0) for a in parsed.activities if a.id != activity_id] == [
            dataclasses.replace(a, line=0)
            for a in parse_plan(text).plan.activities
            if a.id != activity_id  # type: ignore[union-attr]
        ]


@SETTINGS
@given(plan=st.one_of(plans(), hostile_plans().map(lambda p: (p[0], p[1]))), data=st.data())
def test_remove_is_exact_or_refused(
    tmp_path: Path, plan: tuple[str, list[Fields]], data: st.DataObject
) -> None:
    text, expected = plan
    if len(expected) < 2:
        return
    gone = data.draw(
        st.lists(
            st.sampled_from([int(f["id"]) for f in expected]),
            min_size=1,
            max_size=len(expected) - 1,
            unique=True,
        )
    )  # type: ignore[call-overload]
    after, done = _attempt(tmp_path, text, lambda source: plan_edits.remove_activities(source, gone))
    if not done:
        return
    assert after is not None
    assert fields_of(after) == [f for f in expected if f["id"] not in gone]
    parsed = parse_plan(after).plan
    assert parsed is not None and parsed.highest_id == max(int(f["id"]) for f in expected)  # type: ignore[call-overload]


# --- notes in what the plan shows and shares ---------------------------------------------------------


@pytest.fixture
def noted(runner: CliRunner, plan_copy: Path) -> Path:
    for day, text, who in (
        ("2020-03-05", "Udskudt; venter på budget", "Anna"),
        ("2020-04-01", "=Godkendt", None),
    ):
        args = ["note", "18", text, "--today", day, *(["--af", who] if who else ["--af", ""])]
        assert run(runner, *args, plan=plan_copy)[0] == 0
    return plan_copy


def test_show_lists_every_note(runner: CliRunner, noted: Path) -> None:
    out = invoke(runner, "show", "18", plan=noted, width=120).stdout
    lines = [line.rstrip() for line in out.splitlines()]
    assert "Noter      5. marts 2020 (Anna): Udskudt; venter på budget" in lines
    assert "           1. april 2020: =Godkendt" in lines


def test_json_carries_notes_only_where_there_are_some(runner: CliRunner, noted: Path) -> None:
    import json

    records = {r["id"]: r for r in json.loads(run(runner, "list", "--json", plan=noted)[1])}
    assert records[18]["noter"] == [
        {"dato": "2020-03-05", "tekst": "Udskudt; venter på budget", "af": "Anna"},
        {"dato": "2020-04-01", "tekst": "=Godkendt", "af": None},
    ]
    assert "noter" not in records[17]
    shown = json.loads(run(runner, "show", "18", "--json", plan=noted)[1])
    assert shown["noter"] == records[18]["noter"]
    due = json.loads(run(runner, "due", "--json", "--today", "2020-03-01", plan=noted)[1])
    assert [r["noter"] for r in due if r["id"] == 18] == [records[18]["noter"]]


def test_exports_show_the_latest_note(runner: CliRunner, noted: Path, plan_copy: Path) -> None:
    csv = invoke(runner, "export", "-F", "csv", plan=noted).stdout_bytes.decode()
    # The note's column follows SLUT; the shipped plan declares its parties, whose columns come last.
    assert csv.splitlines()[0].endswith(",SLUT,SENESTE NOTE,TOVHOLDER (PART),MEDVIRKENDE (PARTER)")
    assert next(line for line in csv.splitlines() if line.startswith("18,")).endswith(
        ",2020-04-01: =Godkendt,Byråds- og Direktionssekretariatet,"
    )
    excel = invoke(runner, "export", "-F", "csv", "--excel", plan=noted).stdout_bytes.decode("utf-8-sig")
    assert next(line for line in excel.splitlines() if line.startswith("18;")).endswith(
        ";2020-04-01: =Godkendt;Byråds- og Direktionssekretariatet;"
    )
    md = invoke(runner, "export", "-F", "md", plan=noted).stdout
    assert (
        "| Seneste note |" in md and "2020-04-01: =Godkendt | Byråds- og Direktionssekretariatet | – |" in md
    )
    html = invoke(runner, "export", "-F", "html", "--today", "2020-06-15", plan=noted).stdout
    assert '<span class="period">Note 1. april 2020: =Godkendt</span>' in html

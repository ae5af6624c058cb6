"""`set-status` and `add` change only their own lines; everything else stays byte for byte."""

from __future__ import annotations

import dataclasses
import difflib
import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from baeredygtig_cli.domain.timing import parse_timing
from baeredygtig_cli.errors import ConflictError
from baeredygtig_cli.planfile import edits, editsource, proving
from baeredygtig_cli.planfile.schema import load_plan, parse_plan

from .conftest import SHIPPED_PLAN, run

TRICKY = """\
# Plan med alt det, folk skriver i hånden.
titel: "Prøveplan: med kolon"   # citeret titel
år: 2021
statusser: [Afventer, Under forberedelse, I gang, Afsluttet]

aktiviteter:
  # første blok
  - id: 7
    tidspunkt: 'primo marts'
    emne: [Igangsættelse, "Bæredygtighedspulje"]
    aktivitet: |
      To linjer
      i en blok
    ansvarlig: >-
      Koordinator for
      Bæredygtig Udvikling
    status: 'I gang'    # enkelt-citeret

  - id: 3   # ids need not be in order
    tidspunkt: Marts-april
    emne:
      - Inspiration og forankring
    aktivitet: "Dobbelt: citeret"
    ansvarlig: Kommunikation
    status: "Afventer"


  # to tomme linjer over, og ingen status her
  - id: 12
    tidspunkt: Løbende
    emne: [Inspiration og forankring]
    aktivitet: Sparring
    ansvarlig: Direktionen
# en kommentar helt til venstre til sidst
"""


def changed_lines(before: bytes, after: bytes) -> list[str]:
    diff = difflib.ndiff(before.decode("utf-8").splitlines(True), after.decode("utf-8").splitlines(True))
    return [line for line in diff if line[:2] in ("- ", "+ ")]


def write_variant(path: Path, text: str, *, crlf: bool, bom: bool) -> bytes:
    data = (("\ufeff" if bom else "") + (text.replace("\n", "\r\n") if crlf else text)).encode()
    path.write_bytes(data)
    return data


VARIANTS = pytest.mark.parametrize(
    ("crlf", "bom"), [(False, False), (True, False), (False, True), (True, True)]
)


@VARIANTS
def test_set_status_changes_only_the_scalar(runner: CliRunner, tmp_path: Path, crlf: bool, bom: bool) -> None:
    path = tmp_path / "plan.yaml"
    before = write_variant(path, TRICKY, crlf=crlf, bom=bom)
    nl = "\r\n" if crlf else "\n"
    assert run(runner, "set-status", "7", "3", "afs", "-f", str(path)) == (
        0,
        "7: I gang → Afsluttet\n3: Afventer → Afsluttet\n",
        "",
    )
    after = path.read_bytes()
    assert changed_lines(before, after) == [
        f"-     status: 'I gang'    # enkelt-citeret{nl}",
        f"+     status: 'Afsluttet'    # enkelt-citeret{nl}",
        f'-     status: "Afventer"{nl}',
        f'+     status: "Afsluttet"{nl}',
    ]
    assert after.startswith(b"\xef\xbb\xbf") == bom


@VARIANTS
def test_set_status_adds_a_missing_status_line(
    runner: CliRunner, tmp_path: Path, crlf: bool, bom: bool
) -> None:
    path = tmp_path / "plan.yaml"
    before = write_variant(path, TRICKY, crlf=crlf, bom=bom)
    nl = "\r\n" if crlf else "\n"
    code, out, _ = run(runner, "set-status", "12", "under", "-f", str(path))
    assert (code, out) == (0, "12: (ingen) → Under forberedelse\n")
    assert changed_lines(before, path.read_bytes()) == [f"+     status: Under forberedelse{nl}"]
    assert load_plan(path).activity(12).status == "Under forberedelse"  # type: ignore[union-attr]


@VARIANTS
def test_add_appends_in_the_same_layout(runner: CliRunner, tmp_path: Path, crlf: bool, bom: bool) -> None:
    path = tmp_path / "plan.yaml"
    before = write_variant(path, TRICKY, crlf=crlf, bom=bom)
    nl = "\r\n" if crlf else "\n"
    code, out, err = run(
        runner, "add", "-f", str(path), "--tidspunkt", "primo april", "--emne", "Bæredygtighedspulje",
        "--emne", "Nyt: emne", "--nyt-emne", "--aktivitet", "Workshop # nummer 2", "--ansvarlig", "Koordinator",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == "Aktivitet 13 tilføjet: Workshop # nummer 2\n"
    assert changed_lines(before, path.read_bytes()) == [
        f"+ {nl}",
        f"+   - id: 13{nl}",
        f"+     tidspunkt: primo april{nl}",
        f'+     emne: [Bæredygtighedspulje, "Nyt: emne"]{nl}',
        f'+     aktivitet: "Workshop # nummer 2"{nl}',
        f"+     ansvarlig: Koordinator{nl}",
        f"+     status: Afventer{nl}",
    ]
    added = load_plan(path).activity(13)
    assert added is not None
    assert (added.emne, added.aktivitet, added.period.start.isoformat()) == (
        ("Bæredygtighedspulje", "Nyt: emne"),
        "Workshop # nummer 2",
        "2021-04-01",
    )
    text = path.read_bytes().decode("utf-8-sig")
    assert text.index("id: 13") < text.index("# en kommentar helt til venstre til sidst")


def test_add_to_the_shipped_plan(runner: CliRunner, plan_copy: Path) -> None:
    before = plan_copy.read_bytes()
    code, out, _ = run(
        runner, "add", "-f", str(plan_copy), "--tidspunkt", "primo april", "--emne", "Bæredygtighedspulje",
        "--aktivitet", "Ny aktivitet", "--ansvarlig", "Koordinator for Bæredygtig Udvikling", "--status", "i gang",
    )  # fmt: skip
    assert (code, out) == (0, "Aktivitet 45 tilføjet: Ny aktivitet\n")
    after = plan_copy.read_bytes()
    assert after.startswith(before)
    assert after[len(before) :].decode() == (
        "\n"
        "  - id: 45\n"
        "    tidspunkt: primo april\n"
        "    emne: [Bæredygtighedspulje]\n"
        "    aktivitet: Ny aktivitet\n"
        "    ansvarlig: Koordinator for Bæredygtig Udvikling\n"
        "    status: I gang\n"
    )
    assert run(runner, "check", "-f", str(plan_copy)) == (0, "", "")


def test_add_follows_block_style_emne(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "plan.yaml"
    text = TRICKY.split("  # to tomme linjer over")[0].rstrip("\n") + "\n"
    path.write_text(text, encoding="utf-8")
    assert run(runner, "add", "-f", str(path), "--tidspunkt", "maj", "--emne", "A", "--emne", "B",
               "--nyt-emne", "--aktivitet", "x", "--ansvarlig", "z")[0] == 0  # fmt: skip
    assert path.read_text(encoding="utf-8") == text + (
        "\n  - id: 8\n    tidspunkt: maj\n    emne:\n      - A\n      - B\n    aktivitet: x\n    ansvarlig: z\n"
        "    status: Afventer\n"
    )


def test_add_to_an_empty_plan(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("titel: T\når: 2020\naktiviteter: []  # tom\n", encoding="utf-8")
    assert run(runner, "add", "-f", str(path), "--tidspunkt", "maj", "--emne", "A",
               "--aktivitet", "x", "--ansvarlig", "y")[1] == "Aktivitet 1 tilføjet: x\n"  # fmt: skip
    assert path.read_text(encoding="utf-8") == (
        "titel: T\når: 2020\naktiviteter:  # tom\n  - id: 1\n    tidspunkt: maj\n    emne: [A]\n"
        '    aktivitet: x\n    ansvarlig: "y"\n    status: Afventer\n'  # y is a boolean to YAML 1.1
    )


BAD_EDITS = [
    (["set-status", "3", "Færdig"], "ukendt status 'Færdig' (gyldige: Afventer, Under forberedelse, I gang, Afsluttet)"),
    (["set-status", "3", "a"], "status 'a' er tvetydig: Afventer, Afsluttet"),
    (["set-status", "3", "99", "Afsluttet"], "ukendt id: 99"),
    (["set-status", "tre", "Afsluttet"], "id skal være et tal, ikke 'tre'"),
    (["set-status", "Afsluttet"], "angiv mindst ét id eller et filter"),
    # The status (the note's text) forgotten: the last id is not read as the status, nor the ids as none.
    (["set-status", "3"], 'mangler den nye status efter 3, fx: plan sæt-status 3 "I gang"'),
    (["sæt-status", "3", "4", " 5 "], 'mangler den nye status efter 3 4 5, fx: plan sæt-status 3 4 5 "I gang"'),
    (["note", "19"], 'mangler notens tekst efter 19, fx: plan note 19 "Venter på svar fra forvaltningerne"'),
    (["note", "19", "20"], 'mangler notens tekst efter 19 20, fx: plan note 19 20 "Venter på svar fra forvaltningerne"'),
    (["note", "--af", "Bo", "7"], 'mangler notens tekst efter 7, fx: plan note 7 "Venter på svar fra forvaltningerne"'),
    (["add", "--tidspunkt", "30. februar", "--emne", "A", "--aktivitet", "x", "--ansvarlig", "y"],
     "tidspunkt '30. februar' kan ikke læses"),
    (["add", "--tidspunkt", "Martz", "--emne", "A", "--aktivitet", "x", "--ansvarlig", "y"], "mente du 'marts'?"),
    (["add", "--tidspunkt", "maj", "--emne", "A", "--aktivitet", " ", "--ansvarlig", "y"], "--aktivitet må ikke være tom"),
    (["add", "--tidspunkt", "maj", "--emne", "A", "--aktivitet", "x", "--ansvarlig", "y", "--status", "nej"],
     "ukendt status 'nej'"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), BAD_EDITS)
def test_bad_edits_change_nothing(runner: CliRunner, plan_copy: Path, args: list[str], message: str) -> None:
    before = plan_copy.read_bytes()
    code, out, err = run(runner, *args, "-f", str(plan_copy))
    assert (code, out) == (2, "")
    assert message in err and err.count("\n") == 1 and err.startswith("plan: ")
    assert plan_copy.read_bytes() == before
    assert [p.name for p in plan_copy.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_dry_run_prints_the_diff_and_writes_nothing(runner: CliRunner, plan_copy: Path) -> None:
    before = plan_copy.read_bytes()
    code, out, _ = run(runner, "set-status", "37", "i gang", "--dry-run", "-f", str(plan_copy))
    assert code == 0
    assert (
        "-    status:  # ingen status i originalen\n+    status: I gang  # ingen status i originalen\n" in out
    )
    assert out.startswith(f"--- {plan_copy}\n+++ {plan_copy}\n@@ ")
    assert plan_copy.read_bytes() == before


def test_permissions_are_kept(runner: CliRunner, plan_copy: Path) -> None:
    plan_copy.chmod(0o640)
    assert run(runner, "set-status", "3", "afs", "-f", str(plan_copy))[0] == 0
    assert stat.S_IMODE(plan_copy.stat().st_mode) == 0o640


def test_a_symlinked_plan_edits_the_target_and_keeps_the_link(runner: CliRunner, plan_copy: Path) -> None:
    link = plan_copy.parent / "link.yaml"
    link.symlink_to(plan_copy.name)
    assert run(runner, "set-status", "3", "afs", "-f", str(link))[0] == 0
    assert link.is_symlink()
    assert load_plan(plan_copy).activity(3).status == "Afsluttet"  # type: ignore[union-attr]


def test_a_file_changed_on_disk_meanwhile_is_not_overwritten(plan_copy: Path) -> None:
    source = editsource.read_source(plan_copy)
    changed = edits.change_activities(source, [3], edits.FieldEdits(status="Afsluttet"))
    someone_else = plan_copy.read_bytes().replace(
        b"Opstart dialog med Business", b"Opstart dialog med BUSINESS"
    )
    plan_copy.write_bytes(someone_else)
    with pytest.raises(ConflictError, match="er ændret af en anden"):
        edits.write_atomically(source, changed.text)
    assert plan_copy.read_bytes() == someone_else
    assert [p.name for p in plan_copy.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_verify_refuses_an_edit_that_changes_more(plan_copy: Path) -> None:
    source = editsource.read_source(plan_copy)
    sneaky = source.text.replace("tidspunkt: 28. januar", "tidspunkt: 29. januar")
    proving.verify(source, source.text)  # the unchanged text passes
    with pytest.raises(edits.PlanError, match="mere end den skulle"):
        proving.verify(source, sneaky)
    first = next(a for a in load_plan(plan_copy).activities if a.tidspunkt == "28. januar")
    moved = parse_timing("29. januar", first.year or 2020)
    meant = {first.id: dataclasses.replace(first, tidspunkt="29. januar", period=moved)}
    proving.verify(source, sneaky, changed=meant)  # ... unless that is the change we meant


SHIPPED = SHIPPED_PLAN.read_bytes()
SHIPPED_PARSED = parse_plan(SHIPPED.decode())
assert SHIPPED_PARSED.plan is not None
IDS = [a.id for a in SHIPPED_PARSED.plan.activities]
STATUSES = list(SHIPPED_PARSED.plan.statuses)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(IDS), st.sampled_from(STATUSES), st.sampled_from([str.lower, str.upper, lambda s: s[:4]])
)
def test_set_status_changes_exactly_that_status(tmp_path: Path, activity_id: int, status: str, spell) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "plan.yaml"
    path.write_bytes(SHIPPED)
    try:
        edits.change_plan(
            path,
            lambda source: edits.change_activities(
                source, [activity_id], edits.FieldEdits(status=spell(status))
            ),
        )
    except edits.PlanError as error:  # a prefix like "afve"/"afsl" is fine; "Unde"... too; "I ga" too
        pytest.fail(str(error))
    after = load_plan(path)
    before = SHIPPED_PARSED.plan
    assert before is not None
    for old, new in zip(before.activities, after.activities, strict=True):
        if old.id == activity_id:
            assert new.status == status
            assert (new.tidspunkt, new.emne, new.aktivitet, new.ansvarlig) == (
                old.tidspunkt, old.emne, old.aktivitet, old.ansvarlig,
            )  # fmt: skip
        else:
            assert new == old
    old_lines, new_lines = SHIPPED.decode().splitlines(), path.read_text(encoding="utf-8").splitlines()
    assert len(old_lines) == len(new_lines)
    different = [i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
    was = next(a.status for a in before.activities if a.id == activity_id)
    assert len(different) == (0 if was == status else 1)  # the status line, or nothing if it had it
    assert all(new_lines[i].lstrip().startswith("status:") for i in different)
    os.remove(path)


@pytest.mark.parametrize(
    "emne, says",
    [
        (
            "Bæredygtighedspuljen",
            "emnet 'Bæredygtighedspuljen' findes ikke i planen – mente du 'Bæredygtighedspulje'?",
        ),
        ("bæredygtighedspulje", "mente du 'Bæredygtighedspulje'?"),
        ("Helt nyt", "emnet 'Helt nyt' findes ikke i planen; brug --nyt-emne"),
    ],
)
def test_add_asks_before_a_new_emne(runner: CliRunner, plan_copy: Path, emne: str, says: str) -> None:
    before = plan_copy.read_bytes()
    args = ("add", "-f", str(plan_copy), "--tidspunkt", "maj", "--aktivitet", "x", "--ansvarlig", "y")
    code, _, err = run(runner, *args, "--emne", emne)
    assert code == 2 and says in err and err.count("\n") == 1, err
    assert plan_copy.read_bytes() == before
    code, out, _ = run(runner, *args, "--emne", emne, "--nyt-emne")
    assert (code, out) == (0, "Aktivitet 45 tilføjet: x\n")

"""Properties over generated plan files, and a fuzz run of the loader on mutated ones.

`make fuzz` runs the same tests with many more examples (HYPOTHESIS_PROFILE=fuzz)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from baeredygtig_cli import edit, store
from baeredygtig_cli.cli import app
from baeredygtig_cli.errors import PlanError
from baeredygtig_cli.store import parse_plan

from .conftest import SHIPPED_PLAN

STATUSES = ["Afventer", "Under forberedelse", "I gang", "Afsluttet"]
TIMINGS = ["5. marts", "Marts-april", "Marts- maj", "IFebruar og frem", "Forår//sommer", "Løbende",
           "23/24. februar", "uge 12", "primo april", "Q3", "påske", "1.-15. marts", "november-januar"]  # fmt: skip
WORDS = ["Møde", "med", "Økonomiudvalget", "å", "#", ": ", "'", '"', "[x]", "{y}", "- ", "&", "*", "!", "%",
         "ja", "nej", "yes", "null", "~", "1.5", "2020", " ", "æøå", "Campusrådet", "–"]  # fmt: skip
TEXT = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map("".join).map(str.strip).filter(bool)


@st.composite
def plans(draw: st.DrawFn) -> tuple[str, list[dict[str, object]]]:
    """A valid plan text in many hands' styles, and the activities it must read as."""
    count = draw(st.integers(min_value=1, max_value=6))
    ids = draw(st.lists(st.integers(min_value=1, max_value=999), min_size=count, max_size=count, unique=True))
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    lines = [
        "# en plan",
        "titel: Prøve",
        "år: 2020",
        f"statusser: [{', '.join(STATUSES)}]",
        "",
        "aktiviteter:",
    ]
    expected = []
    for activity_id in ids:
        emne = draw(st.lists(TEXT, min_size=1, max_size=3))
        fields = {
            "id": activity_id,
            "tidspunkt": draw(st.sampled_from(TIMINGS)),
            "emne": emne,
            "aktivitet": draw(TEXT),
            "ansvarlig": draw(TEXT),
            "status": draw(st.one_of(st.none(), st.sampled_from(STATUSES))),
        }
        expected.append(fields)
        if draw(st.booleans()):
            lines.append("")
        if draw(st.booleans()):
            lines.append("  # kommentar om aktiviteten")
        quote = draw(st.sampled_from([None, "'", '"']))
        lines.append(f"  - id: {activity_id}")
        lines.append(f"    tidspunkt: {edit.yaml_scalar(str(fields['tidspunkt']), style=quote)}")
        if draw(st.booleans()):
            lines.append(f"    emne: [{', '.join(edit.yaml_scalar(e, in_flow=True) for e in emne)}]")
        else:
            lines += ["    emne:", *(f"      - {edit.yaml_scalar(e)}" for e in emne)]
        comment = "  # sic" if draw(st.booleans()) else ""
        lines.append(f"    aktivitet: {edit.yaml_scalar(str(fields['aktivitet']), style=quote)}{comment}")
        lines.append(f"    ansvarlig: {edit.yaml_scalar(str(fields['ansvarlig']))}")
        if fields["status"] is not None:
            lines.append(f"    status: {edit.yaml_scalar(str(fields['status']), style=quote)}")
        elif draw(st.booleans()):
            lines.append("    status:")
    if draw(st.booleans()):
        lines.append("# slut")
    return nl.join(lines) + nl, expected


def as_fields(text: str) -> list[dict[str, object]]:
    parsed = parse_plan(text)
    assert parsed.problems == [], parsed.problems
    assert parsed.plan is not None
    return [
        {"id": a.id, "tidspunkt": a.tidspunkt, "emne": list(a.emne), "aktivitet": a.aktivitet,
         "ansvarlig": a.ansvarlig, "status": a.status}
        for a in parsed.plan.activities
    ]  # fmt: skip


SETTINGS = settings(
    deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@SETTINGS
@given(plans())
def test_generated_plans_read_as_written(plan: tuple[str, list[dict[str, object]]]) -> None:
    text, expected = plan
    assert as_fields(text) == expected


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    return old[start : len(old) - end], new[start : len(new) - end]


@SETTINGS
@given(plans(), st.data())
def test_set_status_changes_one_line_of_any_plan(tmp_path: Path, plan: tuple[str, list[dict[str, object]]], data: st.DataObject) -> None:  # fmt: skip
    text, expected = plan
    path = tmp_path / "plan.yaml"
    path.write_bytes(text.encode("utf-8"))
    target = data.draw(st.sampled_from(expected))
    status = data.draw(st.sampled_from(STATUSES))
    edit.change_plan(path, lambda source: edit.set_status(source, [int(target["id"])], status))  # type: ignore[call-overload]
    after = path.read_bytes().decode("utf-8")
    want = [dict(f, status=status) if f["id"] == target["id"] else f for f in expected]
    assert as_fields(after) == want
    removed, added = changed_lines(text, after)
    if target["status"] == status:
        assert after == text  # nothing to change, nothing written
    else:
        assert len(added) == 1 and len(removed) <= 1
        assert added[0].lstrip().startswith("status:")


@SETTINGS
@given(plans(), TEXT, st.sampled_from(TIMINGS), st.lists(TEXT, min_size=1, max_size=2))
def test_add_appends_and_keeps_every_other_line(tmp_path: Path, plan: tuple[str, list[dict[str, object]]], aktivitet: str, tidspunkt: str, emne: list[str]) -> None:  # fmt: skip
    text, expected = plan
    path = tmp_path / "plan.yaml"
    path.write_bytes(text.encode("utf-8"))
    new = edit.NewActivity(tidspunkt, tuple(emne), aktivitet, "Koordinator", "I gang", new_emne=True)
    result, _ = edit.change_plan(path, lambda source: edit.add_activity(source, new))
    after = path.read_bytes().decode("utf-8")
    new_id = max(int(f["id"]) for f in expected) + 1  # type: ignore[call-overload]
    assert result.added_id == new_id
    added = {"id": new_id, "tidspunkt": tidspunkt, "emne": emne, "aktivitet": aktivitet,
             "ansvarlig": "Koordinator", "status": "I gang"}  # fmt: skip
    assert as_fields(after) == [*expected, added]
    removed, _ = changed_lines(text, after)
    assert removed == []


SHIPPED = SHIPPED_PLAN.read_text(encoding="utf-8")
NOISE = st.sampled_from([*"\n\t :-#'\"[]{}&*!|>%@`,?\x00\r\ufeff", "<<<<<<< ", "---", "  - ", "id: 1", "æ"])


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = SHIPPED
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate", "truncate", "swap"]))
        if action == "insert":
            text = text[:at] + draw(NOISE) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(min_value=1, max_value=40)) :]
        elif action == "duplicate":
            text = text[:at] + text[at : at + 60] + text[at:]
        elif action == "truncate":
            text = text[:at]
        else:
            lines = text.split("\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


@SETTINGS
@given(mutated())
def test_fuzz_the_loader_never_crashes(text: str) -> None:
    parsed = parse_plan(text)
    for problem in parsed.problems:
        assert "\n" not in problem.message and problem.message
        assert problem.line is None or problem.line >= 1
    if not parsed.problems:
        assert parsed.plan is not None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutated())
def test_fuzz_the_command_line(tmp_path: Path, text: str) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    runner = CliRunner()
    for args in (["check"], ["list", "--json"], ["set-status", "3", "afs"]):
        result = runner.invoke(app, [*args, "-f", str(path)])
        assert result.exit_code in (0, 1, 2), (args, result.output)
        assert "Traceback" not in result.output
        assert result.exit_code == 0 or (result.stdout if result.exit_code == 1 else result.stderr).strip()


@SETTINGS
@given(plans(), st.data())
def test_edits_refuse_what_would_change_more(
    plan: tuple[str, list[dict[str, object]]], data: st.DataObject
) -> None:
    """The local verification compares the re-read activity with the intended one exactly."""
    text, expected = plan
    assume(expected)
    path = Path("/nonexistent/plan.yaml")
    source = edit.Source(path, text.encode(), text, False, store.index_plan(text, path))
    target = int(data.draw(st.sampled_from(expected))["id"])  # type: ignore[call-overload]
    node = source.index.node(target, path)
    activity = store.build_activity(node, source.plan, path)
    wrong = dataclasses.replace(activity, ansvarlig=activity.ansvarlig + " (ændret)")
    splice, _ = edit._status_splice(source, node, "Afsluttet")
    try:
        edit._verify_region(source, edit._region(text, node), splice, wrong)
    except PlanError as error:
        assert "ændre mere" in str(error)
    else:
        raise AssertionError("verification accepted a change it did not intend")

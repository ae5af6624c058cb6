"""Properties over generated plan files, and a fuzz run of the loader on mutated ones.

`make fuzz` runs the same tests with many more examples (HYPOTHESIS_PROFILE=fuzz)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from baeredygtig_cli.errors import PlanError
from baeredygtig_cli.planfile import edits, editsource, proving, schema, splicing
from baeredygtig_cli.planfile.schema import parse_plan

from .conftest import SHIPPED_PLAN, STATUSES, invoke
from .strategies import TEXT, TIMINGS, Fields, fields_of, plans

SETTINGS = settings(
    deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@SETTINGS
@given(plans())
def test_generated_plans_read_as_written(plan: tuple[str, list[Fields]]) -> None:
    text, expected = plan
    assert fields_of(text) == expected


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
def test_set_status_changes_one_line_of_any_plan(tmp_path: Path, plan: tuple[str, list[Fields]], data: st.DataObject) -> None:  # fmt: skip
    text, expected = plan
    path = tmp_path / "plan.yaml"
    path.write_bytes(text.encode("utf-8"))
    target = data.draw(st.sampled_from(expected))
    status = data.draw(st.sampled_from(STATUSES))
    edits.change_plan(
        path,
        lambda source: edits.change_activities(source, [int(target["id"])], edits.FieldEdits(status=status)),
    )  # type: ignore[call-overload]
    after = path.read_bytes().decode("utf-8")
    want = [dict(f, status=status) if f["id"] == target["id"] else f for f in expected]
    assert fields_of(after) == want
    removed, added = changed_lines(text, after)
    if target["status"] == status:
        assert after == text  # nothing to change, nothing written
    else:
        # One status line in; out goes the old one, if the activity had a line for its status.
        assert len(added) == 1 and added[0].lstrip().startswith("status:")
        assert [line.lstrip().partition(":")[0] for line in removed] in ([], ["status"])
        if target["status"] is not None:
            assert len(removed) == 1


@SETTINGS
@given(plans(), TEXT, st.sampled_from(TIMINGS), st.lists(TEXT, min_size=1, max_size=2))
def test_add_appends_and_keeps_every_other_line(tmp_path: Path, plan: tuple[str, list[Fields]], aktivitet: str, tidspunkt: str, emne: list[str]) -> None:  # fmt: skip
    text, expected = plan
    path = tmp_path / "plan.yaml"
    path.write_bytes(text.encode("utf-8"))
    new = edits.NewActivity(tidspunkt, tuple(emne), aktivitet, "Koordinator", "I gang", new_emne=True)
    result, _ = edits.change_plan(path, lambda source: edits.add_activity(source, new))
    after = path.read_bytes().decode("utf-8")
    new_id = max(int(f["id"]) for f in expected) + 1  # type: ignore[call-overload]
    assert result.added_id == new_id
    added = {"id": new_id, "tidspunkt": tidspunkt, "emne": emne, "aktivitet": aktivitet,
             "ansvarlig": "Koordinator", "status": "I gang"}  # fmt: skip
    assert fields_of(after) == [*expected, added]
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
    for args in (["check"], ["list", "--json"], ["set-status", "3", "afs"]):
        result = invoke(None, *args, "-f", path)
        assert result.exit_code in (0, 1, 2), (args, result.output)
        assert "Traceback" not in result.output
        assert result.exit_code == 0 or (result.stdout if result.exit_code == 1 else result.stderr).strip()


@SETTINGS
@given(plans(), st.data())
def test_edits_refuse_what_would_change_more(plan: tuple[str, list[Fields]], data: st.DataObject) -> None:
    """The local verification compares the re-read activity with the intended one exactly."""
    text, expected = plan
    assume(expected)
    path = Path("/nonexistent/plan.yaml")
    source = editsource.Source(path, text.encode(), text, False, schema.index_plan(text, path))
    target = int(data.draw(st.sampled_from(expected))["id"])  # type: ignore[call-overload]
    node = source.index.node(target, path)
    activity = schema.build_activity(node, source.plan, path)
    wrong = dataclasses.replace(activity, ansvarlig=activity.ansvarlig + " (ændret)")
    splices, _ = splicing.field_splices(
        source, node, activity, dataclasses.replace(activity, status="Afsluttet")
    )
    at = node.start_mark.index
    splice = splices[0] if splices else splicing.Splice(at, at, "")  # already finished: nothing spliced
    try:
        proving.verify_region(source, splicing.region(text, node), splice, wrong)
    except PlanError as error:
        assert "ændre mere" in str(error)
    else:
        raise AssertionError("verification accepted a change it did not intend")

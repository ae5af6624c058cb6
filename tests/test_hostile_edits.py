"""Edits of plans written in the YAML styles an edit is most likely to break: anchors and aliases,
block scalars, flow mappings, tags, values over several lines, comments everywhere.

The rule under test: after an edit the whole file loads as exactly the old plan plus the intended
change, or the edit is refused and the file is byte-identical. Every property runs twice: with the
whole-file proof (small files) and with only the quick proof that large files use."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from baeredygtig_cli import edit
from baeredygtig_cli.cli import app
from baeredygtig_cli.errors import PlanError
from baeredygtig_cli.store import parse_plan

STATUSES = ["Afventer", "Under forberedelse", "I gang", "Afsluttet"]
HEAD = f"titel: Prøve\når: 2020\nstatusser: [{', '.join(STATUSES)}]\naktiviteter:\n"
PLAIN_WORDS = ["Møde", "med", "Økonomiudvalget", "Campusrådet", "æøå", "plan", "2020"]
WORDS = [*PLAIN_WORDS, "#", ": ", "'", '"', "[x]", "{y}", "&", "*", "!", "%", "ja", "null", "1.5", "–"]
TEXT = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join).map(str.strip).filter(bool)
PLAIN = st.lists(st.sampled_from(PLAIN_WORDS), min_size=2, max_size=5).map(" ".join)
STYLES = ["plain", "single", "double", "literal", "folded", "tagged", "multiline", "anchored", "alias"]


def fields_of(text: str) -> list[dict[str, object]]:
    parsed = parse_plan(text)
    assert parsed.problems == [], parsed.problems
    assert parsed.plan is not None
    return [
        {"id": a.id, "tidspunkt": a.tidspunkt, "emne": list(a.emne), "aktivitet": a.aktivitet,
         "ansvarlig": a.ansvarlig, "status": a.status}
        for a in parsed.plan.activities
    ]  # fmt: skip


class Writer:
    """Writes one value in a drawn style, keeping track of anchors for later aliases."""

    def __init__(self, draw: st.DrawFn, nl: str) -> None:
        self.draw, self.nl = draw, nl
        self.anchors: dict[str, str] = {}  # name -> value

    def value(self, value: str, indent: str, *, words_only: bool) -> tuple[str, str, str]:
        """(text after 'key:', the value it reads as, the style used)."""
        styles = [s for s in STYLES if s != "alias" or self.anchors]
        if not words_only:
            styles = [s for s in styles if s not in ("multiline",)]
        style = self.draw(st.sampled_from(styles))
        nl = self.nl
        if style == "alias":
            name = self.draw(st.sampled_from(sorted(self.anchors)))
            return f" *{name}", self.anchors[name], style
        if style == "anchored":
            name = f"a{len(self.anchors)}"
            self.anchors[name] = value
            return f" &{name} {edit.yaml_scalar(value)}", value, style
        if style == "single":
            return " " + edit.yaml_scalar(value, style="'"), value, style
        if style == "double":
            return " " + edit.yaml_scalar(value, style='"'), value, style
        if style in ("literal", "folded"):
            indicator = "|-" if style == "literal" else ">-"
            comment = "  # blok" if self.draw(st.booleans()) else ""
            blank = nl if self.draw(st.booleans()) else ""
            return f" {indicator}{comment}{nl}{indent}  {value}{nl}{blank}".rstrip("\r\n"), value, style
        if style == "tagged":
            return f" !!str {edit.yaml_scalar(value)}", value, style
        if style == "multiline" and " " in value:
            first, rest = value.split(" ", 1)
            return f" {first}{nl}{indent}  {rest}", value, style
        return " " + edit.yaml_scalar(value), value, "plain"


@st.composite
def hostile_plans(draw: st.DrawFn) -> tuple[str, list[dict[str, object]], dict[int, str]]:
    """A valid plan, the activities it reads as, and the style each activity's status is written in."""
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    writer = Writer(draw, nl)
    count = draw(st.integers(min_value=1, max_value=5))
    lines: list[str] = []
    expected: list[dict[str, object]] = []
    status_styles: dict[int, str] = {}
    for activity_id in range(1, count + 1):
        tidspunkt = draw(st.sampled_from(["5. marts", "Marts-april", "Løbende", "uge 12"]))
        emne = draw(st.lists(st.sampled_from(PLAIN_WORDS), min_size=1, max_size=2))
        status = draw(st.one_of(st.none(), st.sampled_from(STATUSES)))
        if draw(st.booleans()):
            lines.append("")
        if draw(st.booleans()):
            lines.append("  # om aktiviteten")
        if draw(st.integers(0, 4)) == 0:  # a whole activity as a flow mapping
            parts = [f"id: {activity_id}", f"tidspunkt: {edit.yaml_scalar(tidspunkt, in_flow=True)}",
                     f"emne: [{', '.join(emne)}]", "aktivitet: Møde", "ansvarlig: Koordinator"]  # fmt: skip
            if status is not None:
                parts.append(f"status: {edit.yaml_scalar(status, in_flow=True)}")
            lines.append("  - {" + ", ".join(parts) + "}")
            expected.append({"id": activity_id, "tidspunkt": tidspunkt, "emne": emne, "aktivitet": "Møde",
                             "ansvarlig": "Koordinator", "status": status})  # fmt: skip
            status_styles[activity_id] = "flow"
            continue
        lines.append(f"  - id: {activity_id}")
        fields: dict[str, object] = {"id": activity_id}
        text, fields["tidspunkt"], _ = writer.value(tidspunkt, "    ", words_only=False)
        if writer.anchors and fields["tidspunkt"] not in ("5. marts", "Marts-april", "Løbende", "uge 12"):
            text, fields["tidspunkt"] = " " + tidspunkt, tidspunkt  # an alias to a non-timing
        lines.append(f"    tidspunkt:{text}")
        fields["emne"] = emne
        lines.append(f"    emne: [{', '.join(emne)}]")
        for key, words_only in (("aktivitet", True), ("ansvarlig", False)):
            value = draw(PLAIN) if words_only else draw(TEXT)
            text, fields[key], _ = writer.value(value, "    ", words_only=words_only)
            lines.append(f"    {key}:{text}")
        if status is not None:
            text, read_as, style = writer.value(status, "    ", words_only=False)
            if read_as not in STATUSES:  # an alias to a non-status: write the status plainly
                text, read_as, style = " " + status, status, "plain"
            fields["status"] = read_as
            status_styles[activity_id] = style
            lines.append(f"    status:{text}")
        else:
            fields["status"] = None
            status_styles[activity_id] = "missing"
        expected.append(fields)
    return HEAD.replace("\n", nl) + nl.join(lines) + nl, expected, status_styles


SETTINGS = settings(
    max_examples=150, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip


@pytest.fixture(params=["whole file", "as a large file"])
def proof(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """As a small file is proved, and as a large one is (a file with anchors is always proved whole)."""
    if request.param == "as a large file":
        monkeypatch.setattr(edit, "WHOLE_FILE_CHECK_BELOW", 0)
    return str(request.param)


@SETTINGS
@given(hostile_plans())
def test_hostile_plans_read_as_written(plan: tuple[str, list[dict[str, object]], dict[int, str]]) -> None:
    text, expected, _ = plan
    assert fields_of(text) == expected


@SETTINGS
@given(plan=hostile_plans(), data=st.data())
def test_set_status_on_hostile_plans_is_exact_or_refused(
    tmp_path: Path, proof: str, plan: tuple[str, list[dict[str, object]], dict[int, str]], data: st.DataObject
) -> None:
    text, expected, styles = plan
    path = tmp_path / "plan.yaml"
    path.write_bytes(text.encode("utf-8"))
    target = int(data.draw(st.sampled_from([int(f["id"]) for f in expected])))  # type: ignore[call-overload]
    status = data.draw(st.sampled_from(STATUSES))
    try:
        edit.change_plan(path, lambda source: edit.set_status(source, [target], status))
    except PlanError:
        assert path.read_bytes() == text.encode("utf-8"), "a refused edit must not write"
        style = styles[target]
        # Refusing is right only for what cannot be spliced safely; the rest must be edited.
        assert style in ("anchored", "alias") or (style == "flow" and not _has_status(expected, target)), (
            style
        )
        return
    after = path.read_bytes().decode("utf-8")
    want = [dict(f, status=status) if f["id"] == target else f for f in expected]
    assert fields_of(after) == want


def _has_status(expected: list[dict[str, object]], activity_id: int) -> bool:
    return next(f for f in expected if f["id"] == activity_id)["status"] is not None


@SETTINGS
@given(plan=hostile_plans(), aktivitet=TEXT)
def test_add_to_hostile_plans_is_exact_or_refused(
    tmp_path: Path, proof: str, plan: tuple[str, list[dict[str, object]], dict[int, str]], aktivitet: str
) -> None:
    text, expected, styles = plan
    path = tmp_path / "plan.yaml"
    path.write_bytes(text.encode("utf-8"))
    new = edit.NewActivity("maj", ("Møde",), aktivitet, "Koordinator", "I gang", new_emne=True)
    try:
        edit.change_plan(path, lambda source: edit.add_activity(source, new))
    except PlanError:
        assert path.read_bytes() == text.encode("utf-8")
        assert styles[max(styles)] == "flow"  # only a flow-style last entry is refused
        return
    added = {"id": len(expected) + 1, "tidspunkt": "maj", "emne": ["Møde"], "aktivitet": aktivitet,
             "ansvarlig": "Koordinator", "status": "I gang"}  # fmt: skip
    assert fields_of(path.read_bytes().decode("utf-8")) == [*expected, added]


# --- the two reported cases, through the command line ---------------------------------------------

ANCHORED = HEAD + (
    "  - id: 1\n    tidspunkt: marts\n    emne: [A]\n    aktivitet: x\n    ansvarlig: y\n"
    "    status: &faelles Afventer\n"
    "  - id: 2\n    tidspunkt: april\n    emne: [A]\n    aktivitet: x\n    ansvarlig: y\n"
    "    status: *faelles\n"
)


@pytest.mark.parametrize("activity_id, line", [("1", 10), ("2", 16)])
def test_an_anchored_or_aliased_status_is_refused_with_its_line(
    tmp_path: Path, proof: str, activity_id: str, line: int
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(ANCHORED, encoding="utf-8")
    result = CliRunner().invoke(app, ["set-status", activity_id, "I gang", "-f", str(path)])
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1
    assert f"plan.yaml:{line}: status " in result.stderr and "i hånden" in result.stderr
    assert path.read_text(encoding="utf-8") == ANCHORED


BLOCKS = HEAD + (
    "  - id: 1\n    tidspunkt: marts\n    emne: [A]\n    aktivitet: x\n    ansvarlig: y\n"
    "    status: >-\n      Afventer\n"
    "  - id: 2\n    tidspunkt: april\n    emne: [A]\n    aktivitet: |\n      to\n      linjer\n    ansvarlig: y\n"
    "    status: |-  # skrevet som blok\n      I gang\n\n"
    "  - id: 3\n    tidspunkt: maj\n    emne: [A]\n    aktivitet: x\n    ansvarlig: y\n    status: Afventer\n"
)


def test_a_block_scalar_status_is_spliced_onto_one_line(tmp_path: Path, proof: str) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(BLOCKS, encoding="utf-8")
    for activity_id in ("1", "2"):
        result = CliRunner().invoke(app, ["set-status", activity_id, "Afsluttet", "-f", str(path)])
        assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    assert after == BLOCKS.replace("    status: >-\n      Afventer\n", "    status: Afsluttet\n").replace(
        "    status: |-  # skrevet som blok\n      I gang\n\n",
        "    status: Afsluttet  # skrevet som blok\n\n",
    )
    assert [f["status"] for f in fields_of(after)] == ["Afsluttet", "Afsluttet", "Afventer"]
    assert fields_of(after)[1]["aktivitet"] == "to\nlinjer\n"


def test_a_status_over_two_lines_becomes_one(tmp_path: Path, proof: str) -> None:
    text = HEAD + "  - id: 1\n    tidspunkt: marts\n    emne: [A]\n    aktivitet: x\n    ansvarlig: y\n" \
        "    status: Under\n      forberedelse  # to linjer\n"  # fmt: skip
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["set-status", "1", "I gang", "-f", str(path)])
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == text.replace("Under\n      forberedelse", "I gang")


def test_an_edit_whose_splice_breaks_another_activity_is_refused(tmp_path: Path) -> None:
    """The whole-file proof sees what the activity's own lines cannot: here a forged splice that
    reads fine on its own but removes an anchor another activity needs."""
    path = tmp_path / "plan.yaml"
    path.write_text(ANCHORED, encoding="utf-8")
    source = edit.read_source(path)
    forged = ANCHORED.replace("status: &faelles Afventer", "status: I gang")
    with pytest.raises(PlanError, match="ugyldig"):
        edit.verify(source, forged, changed={})

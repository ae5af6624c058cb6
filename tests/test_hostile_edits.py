"""Edits of plans written in the YAML styles an edit is most likely to break: anchors and aliases,
block scalars, flow mappings, tags, values over several lines, comments everywhere.

The rule under test: after an edit the whole file loads as exactly the old plan plus the intended
change, or the edit is refused and the file is byte-identical. Every property runs twice: with the
whole-file proof (small files) and with only the quick proof that large files use."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from baeredygtig_cli.errors import PlanError
from baeredygtig_cli.planfile import edits, editsource, proving, schema, yamltext

from .conftest import STATUSES, invoke
from .strategies import HOSTILE_HEAD as HEAD
from .strategies import SPACED_TEXT, Fields, fields_of, hostile_plans

SETTINGS = settings(
    max_examples=150, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip


@pytest.fixture(params=["whole file", "as a large file"])
def proof(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """As a small file is proved, and as a large one is (a file with anchors is always proved whole)."""
    if request.param == "as a large file":
        monkeypatch.setattr(proving, "WHOLE_FILE_CHECK_BELOW", 0)
    return str(request.param)


@SETTINGS
@given(hostile_plans())
def test_hostile_plans_read_as_written(plan: tuple[str, list[Fields], dict[int, str]]) -> None:
    text, expected, _ = plan
    assert fields_of(text) == expected


@SETTINGS
@given(plan=hostile_plans(), data=st.data())
def test_set_status_on_hostile_plans_is_exact_or_refused(
    tmp_path: Path, proof: str, plan: tuple[str, list[Fields], dict[int, str]], data: st.DataObject
) -> None:
    text, expected, styles = plan
    path = tmp_path / "plan.yaml"
    path.write_bytes(text.encode("utf-8"))
    target = int(data.draw(st.sampled_from([int(f["id"]) for f in expected])))  # type: ignore[call-overload]
    status = data.draw(st.sampled_from(STATUSES))
    try:
        edits.change_plan(
            path, lambda source: edits.change_activities(source, [target], edits.FieldEdits(status=status))
        )
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


@SETTINGS
@given(plan=hostile_plans(), data=st.data())
def test_a_bulk_edit_on_hostile_plans_is_exact_or_refused(
    tmp_path: Path, proof: str, plan: tuple[str, list[Fields], dict[int, str]], data: st.DataObject
) -> None:
    """Many activities at once: the quick proof reads all their changed lines in one compose (or each
    on its own when they do not make one block sequence); the result is the same rule."""
    text, expected, styles = plan
    path = tmp_path / "plan.yaml"
    path.write_bytes(text.encode("utf-8"))
    ids = [int(f["id"]) for f in expected]  # type: ignore[call-overload]
    targets = data.draw(
        st.lists(st.sampled_from(ids), min_size=2, max_size=len(ids), unique=True)
        if len(ids) > 1
        else st.just(ids)
    )
    status = data.draw(st.sampled_from(STATUSES))
    try:
        edits.change_plan(
            path, lambda source: edits.change_activities(source, targets, edits.FieldEdits(status=status))
        )
    except PlanError:
        assert path.read_bytes() == text.encode("utf-8"), "a refused edit must not write"
        assert any(
            styles[t] in ("anchored", "alias") or (styles[t] == "flow" and not _has_status(expected, t))
            for t in targets
        ), [styles[t] for t in targets]
        return
    after = path.read_bytes().decode("utf-8")
    want = [dict(f, status=status) if int(f["id"]) in targets else f for f in expected]  # type: ignore[call-overload]
    assert fields_of(after) == want


def _has_status(expected: list[Fields], activity_id: int) -> bool:
    return next(f for f in expected if f["id"] == activity_id)["status"] is not None


@SETTINGS
@given(plan=hostile_plans(), aktivitet=SPACED_TEXT)
def test_add_to_hostile_plans_is_exact_or_refused(
    tmp_path: Path, proof: str, plan: tuple[str, list[Fields], dict[int, str]], aktivitet: str
) -> None:
    text, expected, styles = plan
    path = tmp_path / "plan.yaml"
    path.write_bytes(text.encode("utf-8"))
    new = edits.NewActivity("maj", ("Møde",), aktivitet, "Koordinator", "I gang", new_emne=True)
    try:
        edits.change_plan(path, lambda source: edits.add_activity(source, new))
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
    runner: CliRunner, tmp_path: Path, proof: str, activity_id: str, line: int
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(ANCHORED, encoding="utf-8")
    result = invoke(runner, "set-status", activity_id, "I gang", "-f", path)
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


def test_a_block_scalar_status_is_spliced_onto_one_line(
    runner: CliRunner, tmp_path: Path, proof: str
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(BLOCKS, encoding="utf-8")
    for activity_id in ("1", "2"):
        result = invoke(runner, "set-status", activity_id, "Afsluttet", "-f", path)
        assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    assert after == BLOCKS.replace("    status: >-\n      Afventer\n", "    status: Afsluttet\n").replace(
        "    status: |-  # skrevet som blok\n      I gang\n\n",
        "    status: Afsluttet  # skrevet som blok\n\n",
    )
    assert [f["status"] for f in fields_of(after)] == ["Afsluttet", "Afsluttet", "Afventer"]
    assert fields_of(after)[1]["aktivitet"] == "to\nlinjer\n"


def test_a_status_over_two_lines_becomes_one(runner: CliRunner, tmp_path: Path, proof: str) -> None:
    text = HEAD + "  - id: 1\n    tidspunkt: marts\n    emne: [A]\n    aktivitet: x\n    ansvarlig: y\n" \
        "    status: Under\n      forberedelse  # to linjer\n"  # fmt: skip
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    result = invoke(runner, "set-status", "1", "I gang", "-f", path)
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == text.replace("Under\n      forberedelse", "I gang")


def test_an_edit_whose_splice_breaks_another_activity_is_refused(tmp_path: Path) -> None:
    """The whole-file proof sees what the activity's own lines cannot: here a forged splice that
    reads fine on its own but removes an anchor another activity needs."""
    path = tmp_path / "plan.yaml"
    path.write_text(ANCHORED, encoding="utf-8")
    source = editsource.read_source(path)
    forged = ANCHORED.replace("status: &faelles Afventer", "status: I gang")
    with pytest.raises(PlanError, match="ugyldig"):
        proving.verify(source, forged, changed={})


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab &*:[]{},-\n\t#'\"")), max_size=40))
def test_the_quick_anchor_check_agrees_with_the_pattern(text: str) -> None:
    assert yamltext.may_have_anchors(text) == bool(yamltext._MAY_HAVE_ANCHORS.search(text))


BULK = """titel: T
år: 2020
statusser: [Afventer, I gang, Afsluttet]
aktiviteter:
  - id: 1
    tidspunkt: Januar
    emne: [E]
    aktivitet: A
    ansvarlig: B
    status: Afventer  # en kommentar
  -
    id: 2
    tidspunkt: Februar
    emne: [E]
    aktivitet: "C: d"
    ansvarlig: B
  - {id: 3, tidspunkt: Marts, emne: [E], aktivitet: F, ansvarlig: B, status: Afventer}
  - id: 4
    tidspunkt: April
    emne: [E]
    aktivitet: G
    ansvarlig: B
    status: 'Afventer'
"""


@pytest.mark.parametrize("targets", [[1, 4], [1, 2, 4], [1, 3, 4], [1, 2, 3, 4]])
def test_a_bulk_edit_with_the_quick_proof_in_one_read_or_each_on_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, targets: list[int]
) -> None:
    """Items laid out as items (a flow mapping is one too: 3) are read back in one compose; an item
    whose dash stands alone (2) sends the check back to one compose per activity. Either way: exact."""
    monkeypatch.setattr(proving, "WHOLE_FILE_CHECK_BELOW", 0)
    composed: list[str] = []
    original = schema.compose

    def counting(text: str) -> object:
        composed.append(text)
        return original(text)

    path = tmp_path / "plan.yaml"
    path.write_text(BULK, encoding="utf-8")
    source = editsource.read_source(path)
    monkeypatch.setattr(schema, "compose", counting)
    result = edits.change_activities(source, targets, edits.FieldEdits(status="I gang"))
    reads = len(composed)
    assert reads == (1 + len(targets) if 2 in targets else 1)  # one batch, or a batch then each
    want = [dict(f, status="I gang") if int(f["id"]) in targets else f for f in fields_of(BULK)]  # type: ignore[call-overload]
    assert fields_of(result.text) == want
    untouched = [line for line in BULK.splitlines() if "status" not in line and "id: 3" not in line]
    assert [
        line for line in result.text.splitlines() if "status" not in line and "id: 3" not in line
    ] == untouched


# --- any text, written so that any YAML reader reads it back (issue 23, E1 and E2) -----------------

# Text as people paste it: from Excel (tabs), with line breaks, and every character a reader might
# refuse or fold: NEL, LS, PS, DEL, C1 controls, a BOM, non-characters; surrogates are not text.
AWKWARD = ["\t", "\n", "\r", "\r\n", "\x85", "\u2028", "\u2029", "\x7f", "\x9b", "\x1b[31m", "\x00", "\ufeff",
           "\ufffe", "\u00a0", "'", '"', "\\", "#", ": ", "- ", "[", "{", "&a", "*a", "!", "%", "@", "`",
           "yes", "no", "on", "y", "null", "~", "1e3", "0o17", "0x1F", ".inf", "<<", "=", "1:20", "2020-01-01",
           "æøå", "–", "→"]  # fmt: skip
ANY_TEXT = (
    st.lists(
        st.one_of(st.sampled_from(AWKWARD), st.text(st.characters(exclude_categories=("Cs",)), max_size=4)),
        min_size=1,
        max_size=6,
    )
    .map("".join)
    .filter(str.strip)
)

QUOTED_PLAN = HEAD + (
    "  - id: 1\n    tidspunkt: marts\n    emne: [A]\n    aktivitet: 'enkelt citeret'\n"
    '    ansvarlig: "dobbelt citeret"\n    status: Afventer\n'
    "  - id: 2\n    tidspunkt: april\n    emne: [A]\n    aktivitet: almindelig\n    ansvarlig: y\n"
    "    status: Afventer\n    noter:\n      - dato: 2020-01-02\n        tekst: 'første'\n"
)


def safe_loaded(path: Path) -> dict[str, object]:
    """The file as PyYAML's pure-Python safe loader reads it: the strictest common reader."""
    import yaml

    return yaml.safe_load(path.read_bytes().decode("utf-8"))  # type: ignore[no-any-return]


def activities_of(loaded: dict[str, object]) -> dict[int, dict[str, object]]:
    return {a["id"]: a for a in loaded["aktiviteter"]}  # type: ignore[attr-defined, index]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=ANY_TEXT, field=st.sampled_from(["aktivitet", "ansvarlig"]), target=st.sampled_from([1, 2]))
def test_ret_writes_any_text_so_that_pyyaml_reads_it_back(
    tmp_path: Path, proof: str, value: str, field: str, target: int
) -> None:
    """`plan ret ID felt=TEKST` with any text: PyYAML's safe_load of the new file gives exactly that
    text, whatever the field's quote style was (a single-quoted field takes a double-quoted value
    where single quotes cannot hold it), and every other value as before."""
    path = tmp_path / "plan.yaml"
    path.write_text(QUOTED_PLAN, encoding="utf-8")
    before = activities_of(safe_loaded(path))
    result = invoke(None, "ret", str(target), f"{field}={value}", "-f", path)
    assert result.exit_code == 0, result.output
    after = activities_of(safe_loaded(path))
    assert after == {**before, target: {**before[target], field: value}}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=ANY_TEXT, author=st.one_of(st.none(), ANY_TEXT), target=st.sampled_from([1, 2]))
def test_note_writes_any_text_so_that_pyyaml_reads_it_back(
    tmp_path: Path, proof: str, text: str, author: str | None, target: int
) -> None:
    assume(not text.strip().isdigit())  # a number after the ids is one more id: `plan note 1 0` says so
    path = tmp_path / "plan.yaml"
    path.write_text(QUOTED_PLAN, encoding="utf-8")
    before = activities_of(safe_loaded(path))
    by = ["--af", author] if author is not None else ["--af", ""]
    result = invoke(None, "note", *by, "--i-dag", "2020-03-05", "-f", path, "--", str(target), text)
    assert result.exit_code == 0, result.output
    after = activities_of(safe_loaded(path))
    from datetime import date

    note: dict[str, object] = {
        "dato": date(2020, 3, 5),
        **({"af": author.strip()} if author else {}),
        "tekst": text,
    }
    if author is not None and not author.strip():
        note.pop("af", None)
    old_notes = list(before[target].get("noter") or [])  # type: ignore[call-overload]
    assert after == {**before, target: {**before[target], "noter": [*old_notes, note]}}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(aktivitet=ANY_TEXT, ansvarlig=ANY_TEXT, emne=ANY_TEXT)
def test_add_writes_any_text_so_that_pyyaml_reads_it_back(
    tmp_path: Path, proof: str, aktivitet: str, ansvarlig: str, emne: str
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(QUOTED_PLAN, encoding="utf-8")
    before = activities_of(safe_loaded(path))
    result = invoke(None, "add", "--tidspunkt", "maj", "--emne", emne, "--aktivitet", aktivitet,
                    "--ansvarlig", ansvarlig, "--nyt-emne", "-f", path)  # fmt: skip
    assert result.exit_code == 0, result.output
    after = activities_of(safe_loaded(path))
    assert after == {**before, 3: {"id": 3, "tidspunkt": "maj", "emne": [emne], "aktivitet": aktivitet,
                                   "ansvarlig": ansvarlig, "status": "Afventer"}}  # fmt: skip


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("Kolonne\tto", '"Kolonne\\tto"'),
        ("to\nlinjer", '"to\\nlinjer"'),
        ("næste\x85linje", '"næste\\Nlinje"'),
        ("slet\x7fdet", '"slet\\x7Fdet"'),
        ("c1\x9btegn", '"c1\\x9Btegn"'),
        ("yes", '"yes"'),
        ("1e3", '"1e3"'),
        ("0o17", '"0o17"'),
        ("Møde i marts", "Møde i marts"),
    ],
)
def test_values_are_written_as_every_reader_reads_them(value: str, written: str) -> None:
    assert yamltext.yaml_scalar(value) == written
    assert yamltext.yaml_scalar(value, style="'") == ("'" + value + "'" if value.isprintable() else written)


# --- fjern: the quick proof of a removal (issue 23, E5) ------------------------------------------------


@SETTINGS
@given(plan=hostile_plans(), data=st.data())
def test_removal_from_hostile_plans_is_exact_or_refused(
    tmp_path: Path, proof: str, plan: tuple[str, list[Fields], dict[int, str]], data: st.DataObject
) -> None:
    """Whichever proof a removal gets (a large file's reads the lines around each removed activity
    back), the result is the old plan less exactly those activities, or a refusal that writes nothing."""
    text, expected, _ = plan
    ids = [int(f["id"]) for f in expected]  # type: ignore[call-overload]
    if len(ids) < 2:
        return
    targets = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=len(ids) - 1, unique=True))
    path = tmp_path / "plan.yaml"
    path.write_bytes(text.encode("utf-8"))
    try:
        edits.change_plan(path, lambda source: edits.remove_activities(source, targets))
    except PlanError:
        assert path.read_bytes() == text.encode("utf-8")
        return
    after = path.read_bytes().decode("utf-8")
    assert fields_of(after) == [f for f in expected if int(f["id"]) not in targets]  # type: ignore[call-overload]
    assert f"højeste_id: {max(ids)}  #" in after


LARGE = HEAD + "".join(
    f"\n  # om {i}\n  - id: {i}\n    tidspunkt: marts\n    emne: [A]\n    aktivitet: nr. {i}\n    ansvarlig: y\n"
    f"    status: Afventer\n"
    for i in range(1, 9)
)


@pytest.mark.parametrize("targets", [[1], [4], [8], [3, 4], [2, 6], [1, 2, 3, 4, 5, 6, 7]])
@pytest.mark.parametrize("highest", [None, "højeste_id: 8\n"])
def test_a_removal_in_a_large_plan_reads_back_only_its_neighbours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, targets: list[int], highest: str | None
) -> None:
    monkeypatch.setattr(proving, "WHOLE_FILE_CHECK_BELOW", 0)
    text = LARGE.replace("aktiviteter:\n", (highest or "") + "aktiviteter:\n")
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")

    def whole(*args: object, **kwargs: object) -> None:
        raise AssertionError("the whole text was read back")

    monkeypatch.setattr(edits, "verify", whole)
    edits.change_plan(path, lambda source: edits.remove_activities(source, targets))
    after = path.read_text(encoding="utf-8")
    assert [f["id"] for f in fields_of(after)] == [i for i in range(1, 9) if i not in targets]
    assert "højeste_id: 8" in after


def test_a_removal_that_would_change_its_neighbour_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A block scalar kept with its trailing blank lines (`|+`) owns the blank line that set the
    removed activity apart: removing that line would change the neighbour's text. The quick proof
    sees it; the whole-file proof refuses."""
    monkeypatch.setattr(proving, "WHOLE_FILE_CHECK_BELOW", 0)
    text = (
        HEAD + "  - id: 1\n    tidspunkt: marts\n    emne: [A]\n    aktivitet: |+\n      x\n\n"
        "  - id: 2\n    tidspunkt: marts\n    emne: [A]\n    aktivitet: y\n    ansvarlig: z\n"
    ).replace("    aktivitet: |+", "    ansvarlig: q\n    aktivitet: |+")
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanError, match="ændre mere end den skulle"):
        edits.change_plan(path, lambda source: edits.remove_activities(source, [2]))
    assert path.read_text(encoding="utf-8") == text

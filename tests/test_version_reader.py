"""schema.VersionReader reads many versions of a plan piece by piece, each distinct activity text once:
its answer must be `parse_plan`'s for every text (activities without lines), on the usual layout
(the fast way) and on anything else (read whole), including what is cut to look like the usual."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baeredygtig_cli.planfile.schema import ParsedPlan, VersionReader, parse_plan

from .conftest import SHIPPED_PLAN

SHIPPED = SHIPPED_PLAN.read_text(encoding="utf-8")
READER = VersionReader()  # shared, so its memo of pieces is used across examples


def same_as_parse_plan(text: str, reader: VersionReader = READER) -> ParsedPlan:
    fast = reader.read(text)
    full = parse_plan(text)
    assert fast.problems == full.problems
    if full.plan is None:
        assert fast.plan is None
    else:
        lineless = tuple(dataclasses.replace(a, line=0) for a in full.plan.activities)
        assert fast.plan == dataclasses.replace(full.plan, activities=lineless)
    return fast


def test_the_shipped_plan_is_read_the_fast_way_and_the_same() -> None:
    reader = VersionReader()
    assert reader._split(SHIPPED) is not None
    first = same_as_parse_plan(SHIPPED, reader)
    again = same_as_parse_plan(SHIPPED.replace("status: Afventer", "status: I gang", 1), reader)
    assert first.plan is not None and again.plan is not None
    shared = sum(a is b for a, b in zip(first.plan.activities, again.plan.activities, strict=True))
    assert shared == len(first.plan.activities) - 1  # unchanged activities are the very same objects


ODD = {
    "quote across an item": SHIPPED.replace("    aktivitet: Dialog med SEP\n", '    aktivitet: "Dialog med SEP\n', 1),
    "quote continued at the margin": SHIPPED.replace(
        "    aktivitet: Dialog med SEP\n", '    aktivitet: "Dialog\nmed SEP"\n', 1
    ),
    "the key inside a quoted title": SHIPPED.replace("titel: Implementeringsplan", 'titel: "Implementeringsplan', 1)
    .replace("\naktiviteter:\n", '\naktiviteter:"\n"aktiviteter":\n', 1),
    "two lists": SHIPPED + "aktiviteter:\n  - id: 99\n",
    "odd indentation": SHIPPED.replace("  - id: 18\n", " - id: 18\n", 1),
    "a deeper first item": SHIPPED.replace("aktiviteter:\n", "aktiviteter:\n      x: 1\n", 1),
    "an alias to the head": SHIPPED.replace("år: 2020", "år: &y 2020", 1).replace("  - id: 18\n", "  - id: 18\n    år: *y\n", 1),
    "an anchor used later": SHIPPED.replace("    status: Afventer\n", "    status: &s Afventer\n", 1).replace(
        "gennemgående:\n", "x: *s\ngennemgående:\n", 1
    ),
    "flow list across items": SHIPPED.replace("    emne: [Igangsættelse]\n", "    emne: [Igangsættelse,\n", 1),
    "items at the margin": SHIPPED.replace("\n  - id: ", "\n- id: ").replace("\n    ", "\n  "),
    "CRLF": SHIPPED.replace("\n", "\r\n"),
    "a tab": SHIPPED.replace("    status: Afventer\n", "\tstatus: Afventer\n", 1),
    "a conflict": SHIPPED.replace("  - id: 3\n", "<<<<<<< HEAD\n  - id: 3\n", 1),
    "a repeated id": SHIPPED.replace("  - id: 17\n", "  - id: 16\n", 1),
    "past højeste_id": SHIPPED.replace("statusser:", "højeste_id: 40\nstatusser:", 1),
    "an unknown key in one": SHIPPED.replace("    status: Afventer\n", "    stauts: Afventer\n", 1),
    "a document end": SHIPPED.replace("gennemgående:\n", "...\ngennemgående:\n", 1),
    "a block scalar": SHIPPED.replace("    aktivitet: Dialog med SEP\n", "    aktivitet: |\n      Dialog\n  # ikke\n      med SEP\n", 1),
    "no activities": SHIPPED[: SHIPPED.index("aktiviteter:")] + "aktiviteter: []\n",
    "the key last": SHIPPED[: SHIPPED.index("aktiviteter:")] + "aktiviteter:",
    "a comment between key and items": SHIPPED.replace("aktiviteter:\n", "aktiviteter:  # alle\n\n# her\n", 1),
}  # fmt: skip


@pytest.mark.parametrize("name", ODD)
def test_odd_layouts_read_as_parse_plan_reads_them(name: str) -> None:
    same_as_parse_plan(ODD[name])
    same_as_parse_plan(ODD[name], VersionReader())


LINES = SHIPPED.split("\n")
PIECES = st.sampled_from(["- ", "  ", "    ", "#", ":", '"', "'", "[", "]", "{", "}", "&a", "*a", "|", ">",
                          "id: 7", "status: I gang", "x", "---", "...", "aktiviteter:", "\t", "-"])  # fmt: skip


@st.composite
def edited(draw: st.DrawFn) -> str:
    """The shipped plan with a few lines inserted, removed or changed, from pieces YAML cares about."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["insert", "remove", "replace", "indent"]))
        made = "".join(draw(st.lists(PIECES, min_size=1, max_size=5)))
        if kind == "insert":
            lines.insert(at, made)
        elif kind == "remove":
            del lines[at]
        elif kind == "replace":
            lines[at] = made
        else:
            lines[at] = " " * draw(st.integers(0, 6)) + lines[at].lstrip()
    return "\n".join(lines)


@settings(max_examples=300, deadline=None)
@given(edited())
def test_any_edited_version_reads_as_parse_plan_reads_it(text: str) -> None:
    same_as_parse_plan(text)

"""Conflicts a merge left in plan.yaml, read without reading YAML markers: `plan konflikter`, `plan løs`.

A conflict is git's block of lines: `<<<<<<< vores`, our lines, (git's diff3 style: `|||||||` and the
common lines), `=======`, their lines, `>>>>>>> deres`. The merge driver sets its markers around
whole fields, activities or head keys, so either side of a block reads on its own: the plan with
every block taken as ours is a plan, and so is the plan with one block taken as theirs. What a
conflict is about (which activity, which field, both values) is the difference between the two.

Resolving a block replaces it with the chosen side's lines, or with ours and a new value spliced in
by the edit engine, proved like any edit; the rest of the file, other blocks included, stays as it is.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from baeredygtig_cli.errors import PlanError
from baeredygtig_cli.planfile import schema

if TYPE_CHECKING:
    from baeredygtig_cli.domain.model import Activity, Plan
    from baeredygtig_cli.planfile.edits import Edit
    from baeredygtig_cli.planfile.editsource import Source

T = TypeVar("T")

_START, _BASE, _SPLIT, _END = "<" * 7, "|" * 7, "=" * 7, ">" * 7
_MARKER = re.compile(r"^(<{7}|\|{7}|={7}|>{7})(?: (.*?))?\r?$")


@dataclass(frozen=True, slots=True)
class Block:
    """One conflict: where it stands in the text (`start` to `end`, markers included), its two
    sides' lines, the labels after the markers, and its first line number (1-based)."""

    start: int
    end: int
    ours: str
    theirs: str
    ours_label: str
    theirs_label: str
    line: int

    def side(self, which: str) -> str:
        return self.ours if which == "vores" else self.theirs


def blocks(text: str) -> list[Block]:
    """Every conflict block in `text`, in order; a block left half-written is an error with its line."""
    found: list[Block] = []
    lines = text.splitlines(keepends=True)
    offset = 0
    state: str | None = None
    start = first_line = 0
    parts: dict[str, list[str]] = {}
    labels = {"ours": "", "theirs": ""}
    for number, line in enumerate(lines, start=1):
        match = _MARKER.match(line)
        marker = match.group(1) if match else None
        if marker == _START and state is None:
            state, start, first_line = "ours", offset, number
            parts = {"ours": [], "base": [], "theirs": []}
            labels["ours"] = match.group(2) or "" if match else ""
        elif marker == _BASE and state == "ours":
            state = "base"
        elif marker == _SPLIT and state in ("ours", "base"):
            state = "theirs"
        elif marker == _END and state == "theirs":
            labels["theirs"] = match.group(2) or "" if match else ""
            end = offset + len(line)
            found.append(
                Block(start, end, "".join(parts["ours"]), "".join(parts["theirs"]),
                      labels["ours"], labels["theirs"], first_line)
            )  # fmt: skip
            state = None
        elif marker is not None:
            raise PlanError(
                f"linje {number}: konfliktmarkeringen {marker} står uden for sin blok; ret den i hånden"
            )
        elif state is not None:
            parts[state].append(line)
        offset += len(line)
    if state is not None:
        raise PlanError(f"linje {first_line}: konflikten slutter aldrig med >>>>>>>; ret den i hånden")
    return found


def resolved(text: str, found: list[Block], choices: dict[int, str]) -> str:
    """`text` with block i replaced by the text `choices[i]` (its side's lines, or new lines); the
    blocks not chosen stay as they are."""
    pieces: list[str] = []
    position = 0
    for index, block in enumerate(found):
        if index in choices:
            pieces += (text[position : block.start], choices[index])
            position = block.end
    pieces.append(text[position:])
    return "".join(pieces)


def view(text: str, found: list[Block], side: str, *, except_for: dict[int, str] | None = None) -> str:
    """The plan as if every block were taken as `side` ("vores" or "deres"), `except_for` some."""
    choices = {i: block.side(side) for i, block in enumerate(found)}
    choices.update(except_for or {})
    return resolved(text, found, choices)


# --- what each conflict is about -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Clash:
    """What one block decides, read from the two plans it makes: an activity's fields (or the whole
    activity, where one side does not have it) or head keys, each side's value as shown text."""

    number: int  # 1-based, as `plan løs` takes it
    block: Block
    activity_id: int | None  # None: the plan's head
    title: str  # the activity's text, or "planen"
    fields: tuple[str, ...]  # ("status",), ("aktiviteten",) for a whole activity, head keys
    ours: tuple[str, ...]  # each field's value as shown; "(ingen)" / "(findes ikke)"
    theirs: tuple[str, ...]
    # What each side holds, whole (for a whole activity: every field), to find who made it.
    ours_state: str | None = None
    theirs_state: str | None = None

    @property
    def single_field(self) -> str | None:
        """The one activity field this conflict is about, where a new value can be given."""
        if self.activity_id is not None and len(self.fields) == 1 and self.fields[0] in FIELD_NAMES:
            return self.fields[0]
        return None


FIELD_NAMES = ("tidspunkt", "år", "emne", "aktivitet", "ansvarlig", "status", "noter")
WHOLE = "aktiviteten"
MISSING = "(findes ikke)"


def clashes(text: str, path: Path | None = None) -> list[Clash]:
    """Each block of `text` as the difference it makes between the two plans (every block ours, and
    that one block theirs). A block whose sides do not read as plans (git's own line merge may
    split an activity) is still listed, with nothing to say but its lines."""

    found = blocks(text)
    ours_plan = schema.parse_plan(view(text, found, "vores"), path).plan
    result = []
    for index, block in enumerate(found):
        theirs_plan = schema.parse_plan(
            view(text, found, "vores", except_for={index: block.theirs}), path
        ).plan
        if ours_plan is None or theirs_plan is None:
            result.append(Clash(index + 1, block, None, "", (), (), ()))
            continue
        clash = _clash(index + 1, block, ours_plan, theirs_plan)
        result.append(
            dataclasses.replace(
                clash, ours_state=state_in(ours_plan, clash), theirs_state=state_in(theirs_plan, clash)
            )
        )
    return result


def _clash(number: int, block: Block, ours: Plan, theirs: Plan) -> Clash:
    """What the block decides: the plan's head first (a status or a party both changed), else the
    first activity that differs (where it stands in the file aside)."""
    heads = _head_values(ours), _head_values(theirs)
    names = tuple(
        name for name in dict.fromkeys([*heads[0], *heads[1]]) if heads[0].get(name) != heads[1].get(name)
    )
    if names:
        return Clash(
            number, block, None, "planen", names,
            tuple(heads[0].get(n, MISSING) for n in names), tuple(heads[1].get(n, MISSING) for n in names),
        )  # fmt: skip
    mine = {a.id: dataclasses.replace(a, line=0) for a in ours.activities}
    other = {a.id: dataclasses.replace(a, line=0) for a in theirs.activities}
    for activity_id in dict.fromkeys([*mine, *other]):
        a, b = mine.get(activity_id), other.get(activity_id)
        if a == b:
            continue
        if a is None or b is None:
            title = (a or b).aktivitet  # type: ignore[union-attr]
            shown = [MISSING if x is None else f"id {activity_id}: {x.aktivitet}" for x in (a, b)]
            return Clash(number, block, activity_id, title, (WHOLE,), (shown[0],), (shown[1],))
        names = tuple(name for name in FIELD_NAMES if _shown_value(a, name) != _shown_value(b, name))
        return Clash(
            number, block, activity_id, a.aktivitet, names,
            tuple(_shown_value(a, n) for n in names), tuple(_shown_value(b, n) for n in names),
        )  # fmt: skip
    return Clash(number, block, None, "", (), (), ())


def _shown_value(activity: Activity, name: str) -> str:
    if name == "år":
        return str(activity.year) if activity.year is not None else "(planens år)"
    if name == "emne":
        return ", ".join(activity.emne)
    if name == "noter":
        return "; ".join(f"{n.day.isoformat()}: {n.text}" for n in activity.notes) or "(ingen)"
    value = getattr(activity, name)
    return "(ingen)" if value is None else str(value)


def _head_values(plan: Plan) -> dict[str, str]:
    """The plan's head as shown text, each party on its own ("part Byledelsen"), so that a clash
    over one party names that party alone."""
    values = {
        "titel": plan.title, "år": str(plan.year), "statusser": ", ".join(plan.statuses),
        "indledning": plan.introduction or "(ingen)", "overskrift": plan.heading or "(ingen)",
        "gennemgående": ", ".join(plan.cross_cutting) or "(ingen)",
        "afsluttet": plan.finished_status or "(ingen)",
        "kommune": plan.municipality or "(ingen)", "udvalg": plan.committee or "(ingen)",
    }  # fmt: skip
    for party in plan.parties:
        said = [f"alias: {', '.join(party.aliases)}"] if party.aliases else []
        said += [f"type: {party.kind}"] if party.kind else []
        values[f"part {party.name}"] = "; ".join(said) or "(uden alias og type)"
    return values


# --- resolving -------------------------------------------------------------------------------------


def resolve(text: str, numbers: list[int], side: str, path: Path | None = None) -> str:
    """`text` with the blocks `numbers` (1-based) taken as `side`; refused when that would leave a
    plan that cannot be read (a block of git's own line merge, say), or a number that is no block."""
    found = blocks(text)
    _known(numbers, found)
    new = resolved(text, found, {n - 1: found[n - 1].side(side) for n in numbers})
    _still_readable(text, new, path)
    return new


def resolve_with(text: str, number: int, change: Callable[[Source], Edit], path: Path) -> str:
    """Block `number` taken as ours with `change` (an edit of its activity) spliced into its lines:
    the edit is made and proved on the plan as it reads with every block taken as ours, and must
    touch nothing but that block's lines."""
    from baeredygtig_cli.planfile.editsource import Source

    found = blocks(text)
    _known([number], found)
    index = number - 1
    block = found[index]
    first = resolved(text, found, {index: block.ours})
    rest = blocks(first)
    whole = view(first, rest, "vores")
    # Where block `number`'s lines stand in `whole`: after the blocks before it, each now its ours.
    shift = sum(len(b.ours) - (b.end - b.start) for b in rest if b.end <= block.start)
    start, end = block.start + shift, block.start + shift + len(block.ours)
    source = Source(path, whole.encode("utf-8"), whole, False, schema.index_plan(whole, path))
    edited = change(source).text
    prefix = _common_prefix(whole, edited)
    suffix = _common_prefix(whole[prefix:][::-1], edited[prefix:][::-1])
    if prefix < start or len(whole) - suffix > end:
        raise PlanError("ændringen når uden for konfliktens linjer; ret den i hånden")
    replacement = edited[prefix : len(edited) - suffix]
    at, until = prefix - shift, len(whole) - suffix - shift
    new = first[:at] + replacement + first[until:]
    _still_readable(text, new, path)
    return new


def _common_prefix(a: str, b: str) -> int:
    """How many characters `a` and `b` begin with alike, by halving (slices compare in C)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _known(numbers: list[int], found: list[Block]) -> None:
    if not found:
        raise PlanError("planen har ingen konflikter")
    unknown = [n for n in numbers if not 1 <= n <= len(found)]
    if unknown:
        raise PlanError(f"ingen konflikt nr. {unknown[0]}; planen har {len(found)} (se 'plan konflikter')")


def _still_readable(old: str, new: str, path: Path | None) -> None:
    """With no conflict left, the plan must read; with some left, each side that read before must
    still read."""

    rest = blocks(new)
    if not rest:
        if schema.parse_plan(new, path).plan is None:
            raise PlanError("valget ville efterlade en plan, der ikke kan læses; ret konflikten i hånden")
        return
    before = blocks(old)
    for side in ("vores", "deres"):
        readable = schema.parse_plan(view(old, before, side), path).plan is not None
        if readable and schema.parse_plan(view(new, rest, side), path).plan is None:
            raise PlanError("valget ville efterlade en plan, der ikke kan læses; ret konflikten i hånden")


# --- who made each side ----------------------------------------------------------------------------


def state_in(plan: Plan | None, clash: Clash) -> str | None:
    """What a version of the plan holds for the clash, whole (a whole activity with every field), as
    one comparable text; None where it cannot tell."""
    if plan is None or not clash.fields:
        return None
    if clash.activity_id is None:
        head = _head_values(plan)
        return "\0".join(head.get(name, MISSING) for name in clash.fields)
    activity = next((a for a in plan.activities if a.id == clash.activity_id), None)
    if clash.fields == (WHOLE,):
        return MISSING if activity is None else repr(dataclasses.replace(activity, line=0))
    if activity is None:
        return None
    return "\0".join(_shown_value(activity, name) for name in clash.fields)


def made_by(clash: Clash, side: str, versions: Sequence[tuple[T, Plan | None]]) -> T | None:
    """The version (newest first, the common ancestor last) that gave the clash what it holds on
    `side`: the newest that holds it where the one before it does not."""
    wanted = clash.ours_state if side == "vores" else clash.theirs_state
    if wanted is None:
        return None
    seen = [state_in(plan, clash) for _, plan in versions]
    for index, (version, _) in enumerate(versions[:-1]):
        if seen[index] == wanted and seen[index + 1] != wanted:
            return version
    return None

"""Three versions of plan.yaml merged by activity id and field: the driver behind `plan merge`.

Git calls a merge driver with the common ancestor (BASE), our version (OURS) and theirs (THEIRS).
The result is OURS's text with THEIRS's changes spliced in, so a merge reads like a hand edit in
`git diff`: comments, quoting and order stay where OURS's lines are not touched.

- A field changed on one side only is taken; changed on both sides to the same value, too.
- Changed on both sides differently: a conflict, marked git-style around that field's lines only.
- An activity added on both sides under the same new id: both kept; THEIRS's gets the next free id.
- Removed on one side and changed on the other: a conflict around the whole activity.
- Notes added on both sides: all kept, in date order.
- The plan's head fields (titel, år, statusser, ...) merge like fields; `højeste_id` takes the highest.

The clean part of the result is proved like any edit (the whole new text is read back and must be
OURS plus exactly THEIRS's changes); conflict markers are added to that proved text last.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import store
from .edit import (
    HIGHEST_ID_KEY,
    Shape,
    Source,
    Splice,
    _blank_line_between,
    _coalesced,
    _end_of_last_line,
    _entry_removal,
    _field_splices,
    _highest_id_splice,
    _insertions,
    _region,
    apply,
    shape,
    verify,
)
from .errors import PlanError
from .model import Activity, Note
from .timing import parse_timing

OURS_MARK, SPLIT_MARK, THEIRS_MARK = "<<<<<<< vores", "=======", ">>>>>>> deres"
# Activity fields that merge one by one; `id` names the activity, `noter` merge as a list of notes.
FIELDS = ("tidspunkt", "år", "emne", "aktivitet", "ansvarlig", "status")


@dataclass(frozen=True, slots=True)
class Merged:
    """The merged text, one Danish line per conflict left in it, and remarks for stderr."""

    text: str
    conflicts: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Work:
    """What the merge has decided so far, as splices of OURS and what the result must read as."""

    ours: Source
    splices: list[Splice] = field(default_factory=list)
    conflict_splices: list[Splice] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    changed: dict[int, Activity] = field(default_factory=dict)
    removed: set[int] = field(default_factory=set)
    added: list[Activity] = field(default_factory=list)


def merge_plans(base: Source, ours: Source, theirs: Source) -> Merged:
    """OURS with THEIRS's changes since BASE. Raises `PlanError` when a version cannot be merged
    by activity (then the caller falls back to git's line merge)."""
    work = _Work(ours)
    head = _merge_head(work, base, theirs)
    _merge_activities(work, base, theirs)
    highest = _merge_highest_id(work, base, theirs)
    if highest is not None:
        head[HIGHEST_ID_KEY] = ("scalar", store.INT_TAG, str(highest))
    clean = apply(ours.text, work.splices)
    verify(ours, clean, changed=work.changed, added=work.added, removed=frozenset(work.removed), head=head)
    text = apply(ours.text, [*work.splices, *work.conflict_splices]) if work.conflict_splices else clean
    return Merged(text, work.conflicts, work.remarks)


# --- the head --------------------------------------------------------------------------------------


def _head_pairs(source: Source) -> dict[str, tuple[Node, Node]]:
    return {
        key.value: (key, value)
        for key, value in source.index.head.root.value
        if isinstance(key, ScalarNode) and value is not source.index.head.sequence
    }


def _merge_head(work: _Work, base: Source, theirs: Source) -> dict[str, Shape]:
    """Each head key merged like a field; returns what the result's head must read as."""
    ours = work.ours
    b, o, t = _head_pairs(base), _head_pairs(ours), _head_pairs(theirs)
    result = {name: shape(value) for name, (_, value) in o.items()}
    for name in dict.fromkeys([*o, *t, *b]):
        if name == HIGHEST_ID_KEY:
            continue
        before, mine, other = (shape(pairs[name][1]) if name in pairs else None for pairs in (b, o, t))
        if other == before or mine == other:
            continue
        if mine != before:
            work.conflicts.append(f"planens {name}: ændret begge steder")
            mine_block, other_block = _key_block(ours, o.get(name)), _key_block(theirs, t.get(name))
            at = _before_activities(ours) if mine_block is None else None
            work.conflict_splices.append(_conflict(ours, mine_block, theirs, other_block, at=at))
            continue
        if name in t:
            result[name] = other
        else:
            del result[name]
        work.splices.append(_take_key_block(ours, o.get(name), theirs, t.get(name)))
    return {k: v for k, v in result.items() if v is not None}


def _key_block(source: Source, pair: tuple[Node, Node] | None) -> tuple[int, int] | None:
    """The lines a top-level `key: value` stands on, from the key's line to the value's last line."""
    if pair is None:
        return None
    key, value = pair
    text = source.text
    start = text.rfind("\n", 0, key.start_mark.index) + 1
    end = (
        _end_of_last_line(text, value)
        if value.start_mark.index >= key.start_mark.index
        else key.end_mark.index
    )
    if isinstance(value, SequenceNode) and value.value and not value.flow_style:
        end = _end_of_last_line(text, value.value[-1])
    elif end == key.end_mark.index or text[end - 1 : end] != "\n":
        end = _end_of_last_line_at(text, end)
    return start, end


def _end_of_last_line_at(text: str, index: int) -> int:
    newline = text.find("\n", index)
    return len(text) if newline == -1 else newline + 1


def _block_text(source: Source, block: tuple[int, int] | None, newline: str) -> str:
    if block is None or block[0] == block[1]:
        return ""
    text = source.text[block[0] : block[1]]
    text = text if text.endswith("\n") else text + "\n"
    return text.replace("\r\n", "\n").replace("\n", newline)


def _take_key_block(
    ours: Source, mine: tuple[Node, Node] | None, theirs: Source, other: tuple[Node, Node] | None
) -> Splice:
    """OURS's lines for a head key replaced by THEIRS's (added before `aktiviteter:`, or removed)."""
    replacement = _block_text(theirs, _key_block(theirs, other), ours.newline)
    block = _key_block(ours, mine)
    if block is None:
        at = _before_activities(ours)
        return Splice(at, at, replacement)
    return Splice(block[0], block[1], replacement)


def _before_activities(source: Source) -> int:
    key = next(k for k, v in source.index.head.root.value if v is source.index.head.sequence)
    return source.text.rfind("\n", 0, key.start_mark.index) + 1


def _conflict(
    ours: Source, mine: tuple[int, int] | None, theirs: Source, other: tuple[int, int] | None,
    *, at: int | None = None,
) -> Splice:  # fmt: skip
    """git's conflict markers around OURS's lines (`mine`) and THEIRS's (`other`)."""
    nl = ours.newline
    body = (
        f"{OURS_MARK}{nl}{_block_text(ours, mine, nl)}{SPLIT_MARK}{nl}"
        f"{_block_text(theirs, other, nl)}{THEIRS_MARK}{nl}"
    )
    if mine is not None and mine[0] != mine[1]:
        return Splice(mine[0], mine[1], body)
    if mine is not None:
        at = mine[0]
    position = at if at is not None else len(ours.text)
    return Splice(position, position, body)


# --- the activities --------------------------------------------------------------------------------


def _nodes(source: Source) -> dict[int, MappingNode]:
    """Each activity's node by id; an id twice means the version cannot be merged by activity."""
    found = {}
    for activity_id, nodes in source.index.nodes.items():
        if len(nodes) > 1:
            raise PlanError(f"id {activity_id} står flere gange")
        found[activity_id] = nodes[0]
    return found


def _fields(node: MappingNode) -> dict[str, Shape | None]:
    return {k.value: shape(v) for k, v in node.value if isinstance(k, ScalarNode) and k.value != "id"}


def _merge_activities(work: _Work, base: Source, theirs: Source) -> None:
    ours = work.ours
    b, o, t = _nodes(base), _nodes(ours), _nodes(theirs)
    for activity_id, base_node in b.items():
        mine, other = o.get(activity_id), t.get(activity_id)
        if mine is not None and other is not None:
            _merge_one(work, base, theirs, activity_id, base_node, mine, other)
        elif mine is not None and other is None:  # removed in theirs
            if _fields(mine) == _fields(base_node):
                work.removed.add(activity_id)
                work.splices.append(_entry_removal(ours, mine))
            else:
                work.conflicts.append(f"aktivitet {activity_id}: fjernet hos dem, ændret hos os")
                work.conflict_splices.append(_conflict(ours, _entry_block(ours, mine), theirs, None))
        elif mine is None and other is not None and _fields(other) != _fields(base_node):
            work.conflicts.append(f"aktivitet {activity_id}: fjernet hos os, ændret hos dem")
            at = _append_point(ours)
            work.conflict_splices.append(_conflict(ours, None, theirs, _entry_block(theirs, other), at=at))
    _add_theirs(work, base, theirs, b, o, t)
    work.splices = _coalesced_with_rest(work.splices)


def _coalesced_with_rest(splices: list[Splice]) -> list[Splice]:
    """Removals of neighbouring activities may both claim the blank line between them."""
    removals = [s for s in splices if not s.replacement and s.start != s.end]
    rest = [s for s in splices if s.replacement or s.start == s.end]
    return [*_coalesced(removals), *rest]


def _merge_one(
    work: _Work, base: Source, theirs: Source, activity_id: int,
    base_node: MappingNode, mine: MappingNode, other: MappingNode,
) -> None:  # fmt: skip
    b, o, t = _fields(base_node), _fields(mine), _fields(other)
    if t == b or o == t:
        return
    ours = work.ours
    taken: list[str] = []
    clashes: list[str] = []
    for name in FIELDS:
        if t.get(name) == b.get(name) or o.get(name) == t.get(name):
            continue
        (taken if o.get(name) == b.get(name) else clashes).append(name)
    notes_taken = t.get("noter") != b.get("noter") and o.get("noter") != t.get("noter")
    unknown = {*b, *o, *t} - {*FIELDS, "noter"}
    if unknown & {k for k in {*b, *o, *t} if t.get(k) != b.get(k)}:
        raise PlanError(f"aktivitet {activity_id} har felter, plan ikke kender")
    old = store.build_activity(mine, ours.plan, ours.path)
    new = old
    if taken:
        their = store.build_activity(other, theirs.plan, theirs.path)
        values = {"tidspunkt": "tidspunkt", "år": "year", "emne": "emne", "aktivitet": "aktivitet",
                  "ansvarlig": "ansvarlig", "status": "status"}  # fmt: skip
        new = dataclasses.replace(new, **{values[name]: getattr(their, values[name]) for name in taken})
        if "tidspunkt" in taken or "år" in taken:
            new = dataclasses.replace(new, period=parse_timing(new.tidspunkt, new.year or ours.plan.year))
    if notes_taken:
        base_notes = store.build_activity(base_node, base.plan, base.path).notes
        their_notes = store.build_activity(other, theirs.plan, theirs.path).notes
        merged = _merged_notes(base_notes, old.notes, their_notes)
        if merged is None:
            clashes.append("noter")
        else:
            new = dataclasses.replace(new, notes=merged)
    if new != old:
        splices, _ = _field_splices(ours, mine, old, new)
        work.splices += splices
        work.changed[activity_id] = new
    for name in clashes:
        work.conflicts.append(f"aktivitet {activity_id}: {name} ændret begge steder")
        mine_block = _field_block(ours, mine, name)
        other_block = _field_block(theirs, other, name)
        if mine_block is None or other_block is None or mine.flow_style or other.flow_style:
            raise PlanError(f"aktivitet {activity_id}: {name} kan ikke markeres som konflikt linje for linje")
        work.conflict_splices.append(_conflict(ours, mine_block, theirs, other_block))


def _merged_notes(
    base: tuple[Note, ...], mine: tuple[Note, ...], theirs: tuple[Note, ...]
) -> tuple[Note, ...] | None:
    """Both sides' new notes, in date order (ours first on a tie), when neither side changed or
    removed a note it had from BASE; None when one did (a conflict)."""
    try:
        _insertions(base, mine)
        _insertions(base, theirs)
    except PlanError:
        return None
    result = list(mine)
    for note in theirs:
        if note in base or note in result:
            continue
        at = len(result)
        while at > 0 and result[at - 1].day > note.day:
            at -= 1
        result.insert(at, note)
    return tuple(result)


def _field_block(source: Source, node: MappingNode, name: str) -> tuple[int, int] | None:
    """The lines of one field of an activity; None when the activity has no such field (then an
    empty block just after its last line stands for it)."""
    for key, value in node.value:
        if isinstance(key, ScalarNode) and key.value == name:
            return _key_block(source, (key, value))
    at = _end_of_last_line(source.text, node)
    return at, at


def _entry_block(source: Source, node: MappingNode) -> tuple[int, int]:
    return _region(source.text, node)


def _append_point(source: Source) -> int:
    sequence = source.index.head.sequence
    if not sequence.value:
        raise PlanError("aktiviteter er tom")
    return _end_of_last_line(source.text, sequence.value[-1])


def _add_theirs(
    work: _Work, base: Source, theirs: Source,
    b: dict[int, MappingNode], o: dict[int, MappingNode], t: dict[int, MappingNode],
) -> None:  # fmt: skip
    """THEIRS's new activities after OURS's last, copied line for line; one whose id OURS also took
    for a different new activity gets the next free id."""
    ours = work.ours
    next_id = max([*o, *t, *b, ours.plan.highest_id or 0, theirs.plan.highest_id or 0, 0]) + 1
    pieces: list[str] = []
    for activity_id, node in t.items():
        if activity_id in b:
            continue
        if activity_id in o:
            if _fields(o[activity_id]) == _fields(node):
                continue
            work.remarks.append(f"begge har tilføjet id {activity_id}; deres aktivitet fik id {next_id}")
            new_id, next_id = next_id, next_id + 1
        else:
            new_id = activity_id
        activity = store.build_activity(node, theirs.plan, theirs.path)
        work.added.append(dataclasses.replace(activity, id=new_id))
        pieces.append(_copied_entry(ours, theirs, node, new_id))
    if pieces:
        sequence = ours.index.head.sequence
        if sequence.flow_style or not sequence.value:
            raise PlanError("aktiviteter er ikke en almindelig liste")
        at = _append_point(ours)
        text, nl = ours.text, ours.newline
        separated = len(sequence.value) > 1 and _blank_line_between(
            text,
            _end_of_last_line(text, sequence.value[-2]),
            text.rfind("\n", 0, sequence.value[-1].start_mark.index) + 1,
        )
        lead = "" if text[at - 1 : at] == "\n" else nl
        gap = nl if separated else ""
        work.splices.append(Splice(at, at, lead + "".join(gap + piece for piece in pieces)))


def _copied_entry(ours: Source, theirs: Source, node: MappingNode, new_id: int) -> str:
    """THEIRS's lines for an activity, in OURS's indentation and line endings, with `new_id`."""
    text = theirs.text
    start, end = _region(text, node)
    id_value = next(v for k, v in node.value if isinstance(k, ScalarNode) and k.value == "id")
    entry = text[start : id_value.start_mark.index] + str(new_id) + text[id_value.end_mark.index : end]
    shift = _key_column(ours) - node.start_mark.column
    lines = entry.replace("\r\n", "\n").split("\n")
    if shift > 0:
        lines = [(" " * shift + line) if line.strip() else line for line in lines]
    elif shift < 0:
        if any(line.strip() and len(line) - len(line.lstrip(" ")) < -shift for line in lines):
            raise PlanError("deres nye aktivitet er indrykket anderledes end vores")
        lines = [line[-shift:] if line.strip() else line for line in lines]
    copied = "\n".join(lines)
    copied = copied if copied.endswith("\n") else copied + "\n"
    return copied.replace("\n", ours.newline)


def _key_column(source: Source) -> int:
    sequence = source.index.head.sequence
    return sequence.value[-1].start_mark.column if sequence.value else 4


def _merge_highest_id(work: _Work, base: Source, theirs: Source) -> int | None:
    """`højeste_id` after the merge: the highest of both sides and of every id in the result, kept
    (or added) when either side has the key; None when neither has it."""
    ours = work.ours
    if ours.plan.highest_id is None and theirs.plan.highest_id is None:
        return None
    ids = [*ours.index.nodes, *(a.id for a in work.added)]
    highest = max([ours.plan.highest_id or 0, theirs.plan.highest_id or 0, *ids])
    splice = _highest_id_splice(ours, highest, insert=True)
    if splice is not None:
        work.splices.append(splice)
    return highest

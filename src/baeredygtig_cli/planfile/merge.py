"""Three versions of plan.yaml merged by activity and field: the driver behind `plan merge`.

Git calls a merge driver with the common ancestor (BASE), our version (OURS) and theirs (THEIRS).
The result is OURS's text with THEIRS's changes spliced in, so a merge reads like a hand edit in
`git diff`: comments, quoting and order stay where OURS's lines are not touched.

First, which activity is which. An id names an activity, but not always the same one in all three
versions: when two colleagues both add activity 45, a merge gives one of them 46, and a later merge
meets 45 meaning different things on each side. So, as git detects a renamed file, an id whose
activity text was rewritten on one side, while an activity with the old text appears there under a
new id, has moved. Where that cannot be told apart with confidence, and the other side changed the
activity, the merge stops with a conflict that says so: a change is never applied to another activity.

Then, by activity:
- A field changed on one side only is taken; changed on both sides to the same value, too.
- Changed on both sides differently: a conflict, marked git-style around that field's lines only.
  `emne` merges as a set (both sides' additions and removals), and so do the plan's `gennemgående`.
- An id moved on one side (a merge renumbered it) is moved in the result.
- An activity added on both sides under the same new id: both kept; THEIRS's gets the next free id.
  A new id at or below the other side's `højeste_id` was used there already: it is renumbered too.
- Removed on one side and changed on the other: a conflict around the whole activity.
- Notes added on both sides: all kept, in date order.
- The plan's head fields merge like fields; `parter` by the party's name; `højeste_id` is the highest.

The clean part of the result is proved like any edit (the whole new text is read back and must be
OURS plus exactly THEIRS's changes); conflict markers are added to that proved text last, each block
whole activities, fields or head keys, so either side of it reads on its own. Where git's own line
merge is clean and reads as the same plan, its text is kept instead: it also keeps THEIRS's comments
and order, which a merge by activity cannot see.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from baeredygtig_cli.domain.model import Activity, Note, Plan
from baeredygtig_cli.domain.timing import parse_timing
from baeredygtig_cli.errors import PlanError
from baeredygtig_cli.planfile import schema
from baeredygtig_cli.planfile.bulk import gc_paused
from baeredygtig_cli.planfile.editsource import Source
from baeredygtig_cli.planfile.proving import verify
from baeredygtig_cli.planfile.splicing import (
    HIGHEST_ID_KEY,
    Splice,
    apply,
    blank_line_between,
    coalesced,
    end_of_last_line,
    end_of_line,
    entry_removal,
    field_splices,
    highest_id_splice,
    list_splice,
    note_insertions,
    region,
)
from baeredygtig_cli.planfile.yamltext import Shape, may_have_anchors, shape

OURS_MARK, SPLIT_MARK, THEIRS_MARK = "<<<<<<< vores", "=======", ">>>>>>> deres"
# Activity fields that merge one by one; `id` names the activity, `noter` merge as a list of notes.
FIELDS = ("tidspunkt", "år", "emne", "aktivitet", "ansvarlig", "status")
_ATTRIBUTES = {"tidspunkt": "tidspunkt", "år": "year", "emne": "emne", "aktivitet": "aktivitet",
               "ansvarlig": "ansvarlig", "status": "status"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Labels:
    """What the conflict markers call each side: "vores" and "deres", with the branch where known."""

    ours: str | None = None
    theirs: str | None = None

    @property
    def ours_mark(self) -> str:
        return f"{OURS_MARK} ({self.ours})" if self.ours else OURS_MARK

    @property
    def theirs_mark(self) -> str:
        return f"{THEIRS_MARK} ({self.theirs})" if self.theirs else THEIRS_MARK


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
    labels: Labels
    splices: list[Splice] = field(default_factory=list)
    conflict_splices: list[Splice] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    changed: dict[int, Activity] = field(default_factory=dict)
    removed: set[int] = field(default_factory=set)
    added: list[Activity] = field(default_factory=list)


def merge_plans(
    base: Source, ours: Source, theirs: Source, *, labels: Labels | None = None,
    line_merge: Callable[[], str | None] | None = None,
) -> Merged:  # fmt: skip
    """OURS with THEIRS's changes since BASE. Raises `PlanError` when a version cannot be merged
    by activity (then the caller falls back to git's line merge). `line_merge`, when given, is git's
    line merge of the three texts (None where it has conflicts): kept when it reads as the result.

    A merge makes the three versions' nodes, facts and likenesses at once and drops them at the
    end: the cyclic GC is paused throughout (`gc_paused`), about a seventh of a merge of three
    versions of 10,000 activities."""
    with gc_paused(kept=False):
        return _merge_versions(base, ours, theirs, labels or Labels(), line_merge)


def _merge_versions(
    base: Source, ours: Source, theirs: Source, labels: Labels, line_merge: Callable[[], str | None] | None
) -> Merged:
    work = _Work(ours, labels)
    head = _merge_head(work, base, theirs)
    _merge_activities(work, base, theirs)
    highest = _merge_highest_id(work, base, theirs)
    if highest is not None:
        head[HIGHEST_ID_KEY] = ("scalar", schema.INT_TAG, str(highest))
    comments = _their_comments(base, ours, theirs, [*work.splices, *work.conflict_splices])
    clean = _proved(work, head, comments)
    if clean is None:  # their comments changed what the plan says (a '#' line inside a text block)
        comments = []
        clean = _proved(work, head, comments)
        assert clean is not None
    if work.conflict_splices:
        text = apply(ours.text, [*work.splices, *comments, *work.conflict_splices])
        return Merged(text, work.conflicts, work.remarks)
    if line_merge is not None and theirs.text != base.text:  # their comments count, too
        by_lines = line_merge()
        if by_lines is not None and by_lines != clean and _reads_the_same(by_lines, clean):
            return Merged(by_lines, [], work.remarks)
    return Merged(clean, [], work.remarks)


def _proved(work: _Work, head: dict[str, Shape], comments: list[Splice]) -> str | None:
    """OURS with the merge's clean splices (and THEIRS's `comments`), proved to read as OURS plus
    exactly THEIRS's changes. None where only the comments spoil the proof; any other failure is
    raised, as for every edit."""
    ours = work.ours
    clean = apply(ours.text, [*work.splices, *comments])
    try:
        verify(
            ours, clean, changed=work.changed, added=work.added, removed=frozenset(work.removed), head=head,
            plan=_new_head_plan(ours, head, clean),
        )  # fmt: skip
    except PlanError:
        if comments:
            return None
        raise
    return clean


# --- their comments ----------------------------------------------------------------------------------


def _comment_line(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _their_comments(base: Source, ours: Source, theirs: Source, taken: list[Splice]) -> list[Splice]:
    """THEIRS's comment lines, spliced into OURS: each run of lines where THEIRS added, changed or
    removed nothing but comment (and blank) lines, where OURS left those lines and the lines on
    either side as they were, and no splice of the merge touches them. A merge by activity keeps
    OURS's text; without this, a colleague's comments (in a rebase, your own) would be lost
    whenever git's line merge is not clean somewhere else in the file."""
    base_lines, their_lines = base.text.splitlines(keepends=True), theirs.text.splitlines(keepends=True)
    if sorted(line for line in base_lines if "#" in line) == sorted(
        line for line in their_lines if "#" in line
    ):
        return []  # no comment of theirs changed (the usual case: no diff of the lines needed)
    bare = [line.rstrip("\r\n") for line in base_lines]
    ours_lines = ours.text.splitlines(keepends=True)
    unchanged = _unchanged_lines(bare, [line.rstrip("\r\n") for line in ours_lines])
    starts = [0]
    for line in ours_lines:
        starts.append(starts[-1] + len(line))
    found: list[Splice] = []
    matcher = SequenceMatcher(None, bare, [line.rstrip("\r\n") for line in their_lines])
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or not _only_comments(
            bare[i1:i2], [line.rstrip("\r\n") for line in their_lines[j1:j2]]
        ):
            continue
        around = list(range(max(i1 - 1, 0), min(i2 + 1, len(bare))))
        placed = [unchanged[i] for i in around if i in unchanged]
        if (
            not placed
            or len(placed) < len(around)
            or placed != list(range(placed[0], placed[0] + len(placed)))
        ):
            continue  # OURS changed these lines, or the ones beside them
        first = unchanged[i1] if i1 < len(bare) and i1 < i2 else (unchanged[i1 - 1] + 1 if i1 > 0 else 0)
        last = unchanged[i2 - 1] + 1 if i1 < i2 else first
        start, end = starts[first], starts[last]
        if any(s.start <= end and s.end >= start for s in taken):
            continue
        text = "".join(line.rstrip("\r\n") + ours.newline for line in their_lines[j1:j2])
        found.append(Splice(start, end, text))
    return found


def _only_comments(before: list[str], after: list[str]) -> bool:
    """Did these lines change in their comments alone: comment and blank lines added, changed or
    removed, or a comment at the end of a line that otherwise stays as it was?"""
    if all(map(_comment_line, [*before, *after])) and _comments_of([*before, *after]):
        return True
    return len(before) == len(after) and all(
        b == a or (_without_comment(b) == _without_comment(a) and not _comment_line(b))
        for b, a in zip(before, after, strict=True)
    )


def _without_comment(line: str) -> str:
    """A YAML line without the comment at its end: from the last ' #' outside quotes."""
    at = line.rfind(" #")
    while at != -1:
        head = line[:at]
        if head.count("'") % 2 == 0 and head.count('"') % 2 == 0:
            return head.rstrip()
        at = line.rfind(" #", 0, at)
    return line


def _comments_of(lines: Iterable[str]) -> list[str]:
    return [line.strip() for line in lines if line.strip().startswith("#")]


def _unchanged_lines(base: list[str], ours: list[str]) -> dict[int, int]:
    """BASE's line numbers that OURS kept as they were: where each stands in OURS."""
    kept: dict[int, int] = {}
    for tag, i1, i2, j1, _ in SequenceMatcher(None, base, ours).get_opcodes():
        if tag == "equal":
            kept.update((i1 + k, j1 + k) for k in range(i2 - i1))
    return kept


# Head keys an activity is read against: where the merge changes one, the proof reads the merged
# activities against the new head (a status THEIRS added to `statusser` and gave an activity).
_READ_AGAINST = ("statusser", "afsluttet")


def _new_head_plan(ours: Source, head: dict[str, Shape], clean: str) -> Plan | None:
    before = _head_pairs(ours)
    if all(head.get(key) == (shape(before[key][1]) if key in before else None) for key in _READ_AGAINST):
        return None
    return schema.index_plan(clean, ours.path).plan


def _reads_the_same(text: str, proved: str) -> bool:
    """Does `text` read as the plan `proved` reads as, activities taken by id in any order (git's
    line merge keeps THEIRS's reordering; the merge by activity keeps OURS's order)?"""
    try:
        first, second = schema.compose(text), schema.compose(proved)
    except (yaml.YAMLError, RecursionError):
        return False
    meanings = [_meaning(root) for root in (first, second)]
    return meanings[0] is not None and meanings[0] == meanings[1]


def _meaning(root: Node | None) -> tuple[object, ...] | None:
    if not isinstance(root, MappingNode):
        return None
    head: list[tuple[object, object]] = []
    activities: dict[int | None, Shape | None] = {}
    for key, value in root.value:
        if isinstance(key, ScalarNode) and key.value == "aktiviteter" and isinstance(value, SequenceNode):
            for item in value.value:
                activity_id = schema.id_of(item)
                if activity_id is None or activity_id in activities:
                    return None
                activities[activity_id] = shape(item)
        else:
            head.append((shape(key), shape(value)))
    return tuple(sorted(head, key=repr)), tuple(sorted(activities.items(), key=lambda pair: repr(pair[0])))


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
        if mine == before:
            if name in t:
                result[name] = other
            else:
                del result[name]
            work.splices.append(_take_key_block(ours, o.get(name), theirs, t.get(name)))
            continue
        merged = _merge_head_list(work, name, b.get(name), o.get(name), theirs, t.get(name))
        if merged is not None:
            result[name] = merged
            continue
        work.conflicts.append(f"planens {name}: ændret begge steder")
        mine_block, other_block = _key_block(ours, o.get(name)), _key_block(theirs, t.get(name))
        at = _before_activities(ours) if mine_block is None else None
        work.conflict_splices.append(_conflict(work, mine_block, theirs, other_block, at=at))
    return {k: v for k, v in result.items() if v is not None}


def _merge_head_list(
    work: _Work, name: str, base: tuple[Node, Node] | None, mine: tuple[Node, Node] | None,
    theirs: Source, other: tuple[Node, Node] | None,
) -> Shape | None:  # fmt: skip
    """A head list changed on both sides, merged where its items have an identity: `gennemgående`
    as a set of texts, `parter` by each party's name. Splices OURS and returns what it must read as;
    None when the list cannot be merged so (then it is a conflict)."""
    if base is None or mine is None or other is None:
        return None
    lists = [pair[1] for pair in (base, mine, other)]
    if not all(isinstance(node, SequenceNode) for node in lists):
        return None
    if name in ("gennemgående", "statusser"):
        before, mine_texts, their_texts = (_texts(node) for node in lists)
        if before is None or mine_texts is None or their_texts is None:
            return None
        merged = (_merged_scale if name == "statusser" else _merged_set)(before, mine_texts, their_texts)
        if not merged:
            return None
        key, value = mine
        try:
            splice, _ = list_splice(work.ours, work.ours.index.head.root, key, value, merged)
        except PlanError:
            return None
        work.splices.append(splice)
        return ("seq", value.tag, tuple(("scalar", "tag:yaml.org,2002:str", text) for text in merged))
    if name == "parter":
        return _merge_parties(work, lists[0], lists[1], theirs, lists[2])  # type: ignore[arg-type]
    return None


def _texts(node: Node) -> tuple[str, ...] | None:
    if not isinstance(node, SequenceNode) or not all(
        isinstance(item, ScalarNode) and item.tag == "tag:yaml.org,2002:str" for item in node.value
    ):
        return None
    return tuple(item.value for item in node.value)


def _merged_set(base: Iterable[str], mine: tuple[str, ...], theirs: tuple[str, ...]) -> tuple[str, ...]:
    """A three-way merge of sets: what either side added, less what either side took away; in
    OURS's order, THEIRS's additions after it."""
    before = set(base)
    removed = (before - set(mine)) | (before - set(theirs))
    merged = [item for item in mine if item not in removed]
    merged += [item for item in theirs if item not in before and item not in merged]
    return tuple(merged)


def _merged_scale(base: Iterable[str], mine: tuple[str, ...], theirs: tuple[str, ...]) -> tuple[str, ...]:
    """`statusser` merged as a set whose order is a scale: what either side added, less what either
    took away, THEIRS's additions each placed after the status it follows in THEIRS's list."""
    before = set(base)
    removed = (before - set(mine)) | (before - set(theirs))
    merged = [status for status in mine if status not in removed]
    for index, status in enumerate(theirs):
        if status in before or status in merged:
            continue
        after = next((s for s in reversed(theirs[:index]) if s in merged), None)
        merged.insert(merged.index(after) + 1 if after is not None else 0, status)
    return tuple(merged)


def _party_nodes(node: SequenceNode) -> dict[str, MappingNode] | None:
    found: dict[str, MappingNode] = {}
    for item in node.value:
        if not isinstance(item, MappingNode) or item.flow_style:
            return None
        name = next((v.value for k, v in item.value if _is(k, "navn") and isinstance(v, ScalarNode)), None)
        if not isinstance(name, str) or name in found:
            return None
        found[name] = item
    return found


def _merge_parties(
    work: _Work, base: SequenceNode, mine: SequenceNode, theirs: Source, other: SequenceNode
) -> Shape | None:
    """`parter` changed on both sides: merged party by party (by `navn`); a party changed on both
    sides differently is a conflict around that party's lines. None when the lists are not plain
    block lists of parties with unique names."""
    ours = work.ours
    b, o, t = (_party_nodes(node) for node in (base, mine, other))
    if b is None or o is None or t is None or mine.flow_style or not mine.value:
        return None
    result = {name: shape(node) for name, node in o.items()}
    appended: list[str] = []
    for name in dict.fromkeys([*o, *t, *b]):
        before, mine_shape, other_shape = (
            shape(nodes[name]) if name in nodes else None for nodes in (b, o, t)
        )
        if other_shape == before or mine_shape == other_shape:
            continue
        if mine_shape == before:
            if name not in t:
                del result[name]
                work.splices.append(entry_removal(ours, o[name]))
            elif name in o:
                start, end = region(ours.text, o[name])
                work.splices.append(
                    Splice(start, end, _copied(ours, theirs, t[name], _entry_layout(ours, o[name])))
                )
                result[name] = other_shape
            else:
                appended.append(_copied(ours, theirs, t[name], _entry_layout(ours, mine.value[-1])))
                result[name] = other_shape
            continue
        work.conflicts.append(f"part {name!r}: ændret begge steder")
        other_entry = (theirs, t[name]) if name in t else None
        at = end_of_last_line(ours.text, mine.value[-1]) if name not in o else None
        layout = _entry_layout(ours, mine.value[-1])
        work.conflict_splices.append(_entry_conflict(work, o.get(name), other_entry, at=at, layout=layout))
    if appended:
        at = end_of_last_line(ours.text, mine.value[-1])
        work.splices.append(Splice(at, at, "".join(appended)))
    order = [*o, *(name for name in t if name not in o)]
    return ("seq", mine.tag, tuple(result[name] for name in order if name in result))


def _key_block(source: Source, pair: tuple[Node, Node] | None) -> tuple[int, int] | None:
    """The lines a top-level `key: value` stands on, from the key's line to the value's last line."""
    if pair is None:
        return None
    key, value = pair
    text = source.text
    start = text.rfind("\n", 0, key.start_mark.index) + 1
    if value.start_mark.index < key.start_mark.index:  # an alias: its marks are its anchor's
        return start, end_of_line(text, key.end_mark.index)
    return start, end_of_last_line(text, value)


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


def _marked(work: _Work, mine: str, other: str) -> str:
    nl = work.ours.newline
    return f"{work.labels.ours_mark}{nl}{mine}{SPLIT_MARK}{nl}{other}{work.labels.theirs_mark}{nl}"


def _conflict(
    work: _Work, mine: tuple[int, int] | None, theirs: Source, other: tuple[int, int] | None,
    *, at: int | None = None,
) -> Splice:  # fmt: skip
    """git's conflict markers around OURS's lines (`mine`) and THEIRS's (`other`), verbatim."""
    ours = work.ours
    body = _marked(work, _block_text(ours, mine, ours.newline), _block_text(theirs, other, ours.newline))
    return _conflict_splice(ours, mine, body, at)


def _entry_conflict(
    work: _Work, mine: MappingNode | None, other: tuple[Source, MappingNode] | None,
    *, at: int | None = None, new_id: int | None = None, layout: _Layout | None = None,
) -> Splice:  # fmt: skip
    """Markers around whole list entries: OURS's entry (`mine`) and THEIRS's, both in OURS's layout
    (that of `mine`, else `layout`, else of OURS's activities) and with `new_id` where given, so that
    keeping either side leaves a valid list in which no two have one id."""
    ours = work.ours
    if mine is not None:
        layout = _entry_layout(ours, mine)
    elif layout is None:
        layout = _entry_layout(ours, ours.index.head.sequence.value[-1])
    mine_text = "" if mine is None else _copied(ours, ours, mine, layout, new_id=new_id)
    other_text = "" if other is None else _copied(ours, other[0], other[1], layout, new_id=new_id)
    block = region(ours.text, mine) if mine is not None else None
    return _conflict_splice(ours, block, _marked(work, mine_text, other_text), at)


def _conflict_splice(ours: Source, mine: tuple[int, int] | None, body: str, at: int | None) -> Splice:
    if mine is not None and mine[0] != mine[1]:
        return Splice(mine[0], mine[1], body)
    if mine is not None:
        at = mine[0]
    position = at if at is not None else len(ours.text)
    lead = "" if position == 0 or ours.text[position - 1 : position] == "\n" else ours.newline
    return Splice(position, position, lead + body)


# --- which activity is which -------------------------------------------------------------------------


def _nodes(source: Source) -> dict[int, MappingNode]:
    """Each activity's node by id; an id twice means the version cannot be merged by activity."""
    found = {}
    for activity_id, nodes in source.index.nodes.items():
        if len(nodes) > 1:
            raise PlanError(f"id {activity_id} står flere gange")
        found[activity_id] = nodes[0]
    return found


Fields = dict[str, Shape | None]


def _fields(node: MappingNode) -> Fields:
    return {k.value: shape(v) for k, v in node.value if isinstance(k, ScalarNode) and k.value != "id"}


@dataclass(frozen=True, slots=True)
class _Facts:
    """What tells one activity from another: its text above all; then the rest of its fields, and
    its notes (never removed by plan, so an activity keeps them wherever it moves)."""

    text: str
    rest: tuple[object, ...]
    notes: frozenset[Shape | None]

    @classmethod
    def of(cls, fields: Fields) -> _Facts:
        text = fields.get("aktivitet")
        words = str(text[2]) if text is not None and text[0] == "scalar" else repr(text)
        emne = _texts_of(fields.get("emne"))
        notes = fields.get("noter")
        rest = (fields.get("tidspunkt"), fields.get("år"), None if emne is None else frozenset(emne))
        return cls(
            " ".join(words.casefold().split()),
            (*rest, fields.get("ansvarlig"), fields.get("status")),
            frozenset(_items(notes)),
        )


# Below this ratio of likeness two texts count as unlike (0); a text inside another that is at most
# twice as long counts as a small change of it.
_UNLIKE, _CONTAINED = 0.5, 0.9


def _text_likeness(a: str, b: str) -> float:
    """1 for the same text; falls fast below a typo's distance (a ratio of 0.5 or less counts 0).
    The cheap upper bounds of `SequenceMatcher` come first: most texts of a plan are unlike."""
    if a == b:
        return 1.0
    short, long = sorted((a, b), key=len)
    if short and short in long and len(short) * 2 >= len(long):
        return _scaled(_CONTAINED)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() <= _UNLIKE or matcher.quick_ratio() <= _UNLIKE:
        return 0.0
    return _scaled(matcher.ratio())


def _scaled(ratio: float) -> float:
    return (max(0.0, ratio - _UNLIKE) * 2) ** 2


def _likeness(base: _Facts, other: _Facts) -> float:
    rest = sum(x == y for x, y in zip(base.rest, other.rest, strict=True)) / len(base.rest)
    return 0.6 * _text_likeness(base.text, other.text) + 0.3 * rest + 0.1 * (base.notes <= other.notes)


# A typo's distance (a ratio of 0.9): text this close to the old is the same activity's text.
SAME_TEXT = _scaled(0.9)
# An activity under a new id that is at least MOVED like the old one, and CLEARLY more like it than
# what now stands under the old id (and than any other, by half that), is the old one moved. One that
# is more like the old than what stands under the old id, but not clearly so (at least DOUBT like
# it), is a doubt.
MOVED, CLEARLY, DOUBT = 0.75, 0.25, 0.5
# Above this many comparisons of texts, only texts that are the same are compared.
MAX_COMPARISONS = 5_000


@dataclass(slots=True)
class _Matching:
    """Where each BASE activity is on one side: its id there (None: removed), and whether that is
    in doubt (then a change from the other side cannot be applied with confidence)."""

    to: dict[int, int | None] = field(default_factory=dict)
    doubtful: set[int] = field(default_factory=set)

    def new_ids(self, side: dict[int, MappingNode]) -> list[int]:
        matched = {i for i in self.to.values() if i is not None}
        return [i for i in side if i not in matched]


def _match_activities(base_version: _Version, side_version: _Version) -> _Matching:
    """Each BASE activity's place on one side: the same id unless the activity moved.

    A move leaves something under the old id: a merge renumbers an activity because another took
    its id. So an id rewritten wholesale (its text no longer the old one's) may have moved to a new
    id whose activity is like the old one; an id that is gone has moved only where an activity
    exactly like the old one (every field, notes too) appears under a new id. Otherwise it was
    removed, and an activity like it is another (the next "Møde i styregruppen")."""
    base, side = base_version.nodes, side_version.nodes
    base_fields, side_fields = base_version.fields, side_version.fields
    matching = _Matching()
    open_ids: list[int] = []
    for activity_id in base:
        if activity_id in side and base_version.same(activity_id, side_version, activity_id):
            matching.to[activity_id] = activity_id
        else:
            open_ids.append(activity_id)
    if not open_ids:
        return matching
    fresh = [i for i in side if i not in base]
    facts = {i: _Facts.of(base_fields[i]) for i in open_ids}
    side_facts = {i: _Facts.of(side_fields[i]) for i in [*fresh, *(i for i in open_ids if i in side)]}
    rewritten = [
        i for i in open_ids if i in side and _text_likeness(facts[i].text, side_facts[i].text) < SAME_TEXT
    ]
    for activity_id in open_ids:
        if activity_id in side and activity_id not in rewritten:
            matching.to[activity_id] = activity_id
    _moves_of_the_gone(matching, [i for i in open_ids if i not in side], fresh, base_fields, side_fields)
    _moves_of_the_rewritten(matching, rewritten, fresh, facts, side_facts)
    for activity_id in open_ids:
        if activity_id not in matching.to:
            matching.to[activity_id] = activity_id if activity_id in side else None
        old_notes = facts[activity_id].notes
        if (
            matching.to[activity_id] == activity_id
            and old_notes
            and not old_notes <= side_facts[activity_id].notes
        ):
            matching.doubtful.add(activity_id)  # rewritten and its notes gone: another activity?
    return matching


def _content(fields: Fields) -> str:
    """Everything an activity says but its id, as one comparable key."""
    return repr(sorted(fields.items()))


def _moves_of_the_gone(
    matching: _Matching, gone: list[int], fresh: list[int], base_fields: _Fields, side_fields: _Fields
) -> None:
    """An id that is gone moved where exactly its activity stands under one new id; with two such,
    which one is in doubt."""
    if not gone:
        return
    by_content: dict[str, list[int]] = {}
    for fresh_id in fresh:
        by_content.setdefault(repr(sorted(side_fields[fresh_id].items())), []).append(fresh_id)
    claimed: set[int] = {i for i in matching.to.values() if i is not None}
    for activity_id in gone:
        same = [
            i for i in by_content.get(repr(sorted(base_fields[activity_id].items())), []) if i not in claimed
        ]
        if len(same) == 1:
            matching.to[activity_id] = same[0]
            claimed.add(same[0])
        elif len(same) > 1:
            matching.doubtful.add(activity_id)


def _moves_of_the_rewritten(
    matching: _Matching, rewritten: list[int], fresh: list[int], facts: dict[int, _Facts],
    side_facts: dict[int, _Facts],
) -> None:  # fmt: skip
    """An id rewritten wholesale moved to the new id most like its old activity, where that is clear;
    where an activity there is more like it than the rewritten one but not clearly, the pairing is
    taken (so that the rewritten one is new) and marked as a doubt."""
    claimed = {i for i in matching.to.values() if i is not None}
    fresh = [i for i in fresh if i not in claimed]
    exact_only = len(rewritten) * len(fresh) > MAX_COMPARISONS
    best: dict[int, list[tuple[float, int]]] = {}
    same: dict[int, float] = {}
    for activity_id in rewritten:
        same[activity_id] = _likeness(facts[activity_id], side_facts[activity_id])
        for fresh_id in fresh:
            if exact_only and side_facts[fresh_id].text != facts[activity_id].text:
                continue
            likeness = _likeness(facts[activity_id], side_facts[fresh_id])
            if likeness >= DOUBT and likeness > same[activity_id]:
                best.setdefault(activity_id, []).append((likeness, fresh_id))
    taken: dict[int, int] = {}  # fresh id: base id
    for activity_id in sorted(best, key=lambda i: -max(best[i])[0]):
        options = sorted(best[activity_id], reverse=True)
        likeness, fresh_id = options[0]
        if fresh_id in taken:
            matching.doubtful.update((activity_id, taken[fresh_id]))
            continue
        clear = (
            likeness >= MOVED
            and likeness - same[activity_id] >= CLEARLY
            and (len(options) == 1 or likeness - options[1][0] >= CLEARLY / 2)
        )
        if not clear:
            matching.doubtful.add(activity_id)
        taken[fresh_id] = activity_id
        matching.to[activity_id] = fresh_id


# --- the activities --------------------------------------------------------------------------------


class _Fields(dict[int, Fields]):
    """Each activity's fields as shapes, made when first asked for: most of a large plan's
    activities are told unchanged by their text alone (`_Version.same`)."""

    def __init__(self, nodes: dict[int, MappingNode]) -> None:
        super().__init__()
        self.nodes = nodes

    def __missing__(self, activity_id: int) -> Fields:
        found = self[activity_id] = _fields(self.nodes[activity_id])
        return found


@dataclass(frozen=True, slots=True)
class _Version:
    source: Source
    nodes: dict[int, MappingNode]
    fields: _Fields
    may_have_anchors: bool

    @classmethod
    def of(cls, source: Source) -> _Version:
        nodes = _nodes(source)
        return cls(source, nodes, _Fields(nodes), may_have_anchors(source.text))

    @property
    def highest(self) -> int:
        return max([self.source.plan.highest_id or 0, *self.nodes, 0])

    def same(self, activity_id: int, other: _Version, other_id: int) -> bool:
        """Do the two activities mean the same (the id aside)? The same lines mean the same where no
        anchor can reach in from elsewhere; only lines that differ are read as fields."""
        if activity_id == other_id and not (self.may_have_anchors or other.may_have_anchors):
            mine, theirs = self.nodes[activity_id], other.nodes[other_id]
            if self._lines(mine) == other._lines(theirs):
                return True
        return self.fields[activity_id] == other.fields[other_id]

    def _lines(self, node: MappingNode) -> str:
        start, end = region(self.source.text, node)
        return self.source.text[start:end]


def _merge_activities(work: _Work, base_source: Source, theirs_source: Source) -> None:
    ours = work.ours
    base, mine, other = (_Version.of(source) for source in (base_source, ours, theirs_source))
    to_mine, to_other = _match_activities(base, mine), _match_activities(base, other)
    mine_new, other_new = to_mine.new_ids(mine.nodes), to_other.new_ids(other.nodes)
    # Added on both sides exactly alike (one commit picked into both, one branch merged into both):
    # one activity, under OURS's id. Alike in text only is not enough: "Møde i styregruppen" recurs.
    theirs_alike: dict[str, list[int]] = {}
    for new_id in other_new:
        theirs_alike.setdefault(_content(other.fields[new_id]), []).append(new_id)
    known: set[int] = set()  # THEIRS's new ids that are OURS's new activities too
    for new_id in mine_new:
        alike = [i for i in theirs_alike.get(_content(mine.fields[new_id]), []) if i not in known]
        known.update(alike[:1])
    ids = _Ids(base, mine, other)
    for activity_id in base.nodes:
        placed = to_mine.to[activity_id]
        if placed is not None:
            ids.claim(placed, _three_way_id(activity_id, placed, to_other.to[activity_id]))
    for new_id in mine_new:
        ids.claim(new_id, ids.free(new_id, other))
    for activity_id in base.nodes:
        _merge_base_activity(work, base, mine, other, activity_id, to_mine, to_other, ids)
    for new_id in mine_new:
        if ids.of(new_id) != new_id:
            _renumber(work, mine, new_id, ids.of(new_id))
    _add_theirs(work, other, [i for i in other_new if i not in known], ids)
    work.splices = _coalesced_with_rest(work.splices)


@dataclass(slots=True)
class _Ids:
    """The result's ids: each of OURS's activities keeps its id unless THEIRS moved it or it clashes;
    a clash gets the next id no version has used."""

    base: _Version
    mine: _Version
    other: _Version
    result: dict[int, int] = field(default_factory=dict)  # OURS's id: the result's id
    used: set[int] = field(default_factory=set)
    next_id: int = 0

    def __post_init__(self) -> None:
        self.next_id = max(self.base.highest, self.mine.highest, self.other.highest) + 1

    def claim(self, mine_id: int, result_id: int) -> None:
        if result_id in self.used:
            raise PlanError(f"id {result_id} ville blive brugt af to aktiviteter")
        self.result[mine_id] = result_id
        self.used.add(result_id)

    def of(self, mine_id: int) -> int:
        return self.result[mine_id]

    def free(self, wanted: int, other: _Version) -> int:
        """`wanted`, unless an activity of the result has it, or the other side used it since BASE
        and removed it again (its `højeste_id` is at or above it): then the next id never used."""
        used_there = self.base.highest < wanted <= other.highest and wanted not in other.nodes
        if wanted not in self.used and not used_there:
            return wanted
        fresh, self.next_id = self.next_id, self.next_id + 1
        return fresh


def _three_way_id(base_id: int, mine_id: int, other_id: int | None) -> int:
    """The id an activity has in the result: moved by THEIRS (a merge there renumbered it) unless
    OURS moved it too."""
    if other_id is None or mine_id != base_id:
        return mine_id
    return other_id


def _merge_base_activity(
    work: _Work, base: _Version, mine: _Version, other: _Version, activity_id: int,
    to_mine: _Matching, to_other: _Matching, ids: _Ids,
) -> None:  # fmt: skip
    ours, theirs = mine.source, other.source
    mine_id, other_id = to_mine.to[activity_id], to_other.to[activity_id]
    mine_changed = mine_id is None or mine_id != activity_id or not base.same(activity_id, mine, mine_id)
    other_changed = other_id is None or other_id != activity_id or not base.same(activity_id, other, other_id)
    if not other_changed:
        return
    before = base.fields[activity_id]
    if mine_changed and (activity_id in to_mine.doubtful or activity_id in to_other.doubtful):
        _doubt(work, activity_id, mine, mine_id, other, other_id, to_mine, to_other, ids)
        return
    if mine_id is not None and other_id is not None:
        result_id = ids.of(mine_id)
        if mine_id != activity_id and other_id != activity_id and mine_id != other_id:
            work.remarks.append(
                f"aktivitet {activity_id} har fået id {mine_id} hos os og {other_id} hos dem; "
                f"{mine_id} beholdes"
            )
        elif result_id != mine_id:
            work.remarks.append(f"vores aktivitet {mine_id} har id {result_id} hos dem og får det også her")
        _merge_fields(
            work, base, other, activity_id, mine.nodes[mine_id], other.nodes[other_id], mine_id, result_id
        )
    elif mine_id is not None:  # removed in theirs
        if mine.fields[mine_id] == before:
            work.removed.add(mine_id)
            work.splices.append(entry_removal(ours, mine.nodes[mine_id]))
        else:
            work.conflicts.append(f"aktivitet {mine_id}: fjernet hos dem, ændret hos os")
            work.conflict_splices.append(_entry_conflict(work, mine.nodes[mine_id], None))
    elif other_id is not None and other.fields[other_id] != before:  # removed in ours, changed in theirs
        work.conflicts.append(f"aktivitet {activity_id}: fjernet hos os, ændret hos dem")
        work.conflict_splices.append(
            _entry_conflict(work, None, (theirs, other.nodes[other_id]), at=_append_point(ours))
        )


def _doubt(
    work: _Work, activity_id: int, mine: _Version, mine_id: int | None, other: _Version, other_id: int | None,
    to_mine: _Matching, to_other: _Matching, ids: _Ids,
) -> None:  # fmt: skip
    """Both sides changed an activity, and on one of them it is not certain which activity it now is:
    a conflict around the whole activity, nothing of THEIRS's applied to OURS's."""
    where = "hos os" if activity_id in to_mine.doubtful else "hos dem"
    work.conflicts.append(
        f"aktivitet {activity_id}: kan ikke afgøre, hvilken aktivitet {where} der er den samme "
        "(teksten er skrevet om, og en lignende står under et andet id); vælg i hånden"
    )
    mine_node = mine.nodes[mine_id] if mine_id is not None else None
    other_entry = (other.source, other.nodes[other_id]) if other_id is not None else None
    new_id = ids.of(mine_id) if mine_id is not None else None
    at = _append_point(work.ours) if mine_node is None else None
    work.conflict_splices.append(_entry_conflict(work, mine_node, other_entry, at=at, new_id=new_id))


def _coalesced_with_rest(splices: list[Splice]) -> list[Splice]:
    """Removals of neighbouring activities may both claim the blank line between them."""
    removals = [s for s in splices if not s.replacement and s.start != s.end]
    rest = [s for s in splices if s.replacement or s.start == s.end]
    return [*coalesced(removals), *rest]


def _merge_fields(
    work: _Work, base: _Version, other: _Version, base_id: int, mine: MappingNode, their: MappingNode,
    mine_id: int, result_id: int,
) -> None:  # fmt: skip
    """THEIRS's changes to one activity spliced into OURS's lines; clashes marked around their field,
    or around the whole activity where a field is not on lines of its own (`{id: 1, ...}`)."""
    ours, theirs = work.ours, other.source
    b, o, t = base.fields[base_id], _fields(mine), _fields(their)
    taken: list[str] = []
    clashes: list[str] = []
    emne: tuple[str, ...] | None = None
    for name in FIELDS:
        if t.get(name) == b.get(name) or o.get(name) == t.get(name):
            continue
        if o.get(name) == b.get(name):
            taken.append(name)
            continue
        if name == "emne":
            before, mine_topics, their_topics = (_texts_of(fields.get("emne")) for fields in (b, o, t))
            if before is not None and mine_topics is not None and their_topics is not None:
                emne = _merged_set(before, mine_topics, their_topics) or None
            if emne is not None:
                continue
        clashes.append(name)
    notes_taken = t.get("noter") != b.get("noter") and o.get("noter") != t.get("noter")
    unknown = {*b, *o, *t} - {*FIELDS, "noter"}
    if unknown & {k for k in {*b, *o, *t} if t.get(k) != b.get(k)}:
        raise PlanError(f"aktivitet {mine_id} har felter, plan ikke kender")
    old = schema.build_activity(mine, ours.plan, ours.path)
    new = dataclasses.replace(old, id=result_id)
    if taken:
        their_activity = schema.build_activity(their, theirs.plan, theirs.path)
        new = dataclasses.replace(
            new, **{_ATTRIBUTES[name]: getattr(their_activity, _ATTRIBUTES[name]) for name in taken}
        )
    if emne is not None:
        new = dataclasses.replace(new, emne=emne)
    if new.tidspunkt != old.tidspunkt or new.year != old.year:
        new = dataclasses.replace(new, period=parse_timing(new.tidspunkt, new.year or ours.plan.year))
    if notes_taken:
        base_notes = schema.build_activity(base.nodes[base_id], base.source.plan, None).notes
        their_notes = schema.build_activity(their, theirs.plan, theirs.path).notes
        merged_notes = _merged_notes(base_notes, old.notes, their_notes)
        if merged_notes is None:
            clashes.append("noter")
        else:
            new = dataclasses.replace(new, notes=merged_notes)
    if clashes and (mine.flow_style or their.flow_style):
        work.conflicts.append(f"aktivitet {result_id}: {', '.join(clashes)} ændret begge steder")
        new_id = result_id if result_id != mine_id else None
        work.conflict_splices.append(_entry_conflict(work, mine, (theirs, their), new_id=new_id))
        return
    if new != old:
        splices, _ = field_splices(ours, mine, old, new)
        if result_id != old.id:
            splices.append(_id_splice(ours, mine, result_id))
        work.splices += splices
        work.changed[mine_id] = new
    for name in clashes:
        work.conflicts.append(f"aktivitet {result_id}: {name} ændret begge steder")
        work.conflict_splices.append(
            _conflict(work, _field_block(ours, mine, name), theirs, _field_block(theirs, their, name))
        )


def _items(value: Shape | None) -> tuple[Shape, ...]:
    """The items of a list's shape; () for anything else."""
    if value is None or value[0] != "seq" or not isinstance(value[2], tuple):
        return ()
    return value[2]


def _texts_of(value: Shape | None) -> tuple[str, ...] | None:
    """A list of texts as its texts; None for anything else."""
    if value is None or value[0] != "seq":
        return None
    items = _items(value)
    if not all(item[0] == "scalar" for item in items):
        return None
    return tuple(str(item[2]) for item in items)


def _id_splice(source: Source, node: MappingNode, new_id: int) -> Splice:
    value = next(v for k, v in node.value if _is(k, "id"))
    return Splice(value.start_mark.index, value.end_mark.index, str(new_id))


def _renumber(work: _Work, mine: _Version, mine_id: int, new_id: int) -> None:
    ours = work.ours
    node = mine.nodes[mine_id]
    old = schema.build_activity(node, ours.plan, ours.path)
    work.splices.append(_id_splice(ours, node, new_id))
    work.changed[mine_id] = dataclasses.replace(old, id=new_id)
    work.remarks.append(f"vores aktivitet {mine_id} fik id {new_id} (id {mine_id} er brugt hos dem)")


def _merged_notes(
    base: tuple[Note, ...], mine: tuple[Note, ...], theirs: tuple[Note, ...]
) -> tuple[Note, ...] | None:
    """Both sides' new notes, in date order (ours first on a tie), when neither side changed or
    removed a note it had from BASE; None when one did (a conflict)."""
    try:
        note_insertions(base, mine)
        note_insertions(base, theirs)
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
    at = end_of_last_line(source.text, node)
    return at, at


def _append_point(source: Source) -> int:
    sequence = source.index.head.sequence
    if not sequence.value:
        raise PlanError("aktiviteter er tom")
    return end_of_last_line(source.text, sequence.value[-1])


def _add_theirs(work: _Work, other: _Version, new_ids: list[int], ids: _Ids) -> None:
    """THEIRS's new activities after OURS's last, copied line for line; one whose id the result
    has already, or OURS used since BASE, gets the next free id."""
    ours, theirs = work.ours, other.source
    pieces: list[str] = []
    for activity_id in new_ids:
        node = other.nodes[activity_id]
        new_id = ids.free(activity_id, ids.mine)
        ids.used.add(new_id)
        if new_id != activity_id and activity_id in ids.mine.nodes:
            work.remarks.append(f"begge har tilføjet id {activity_id}; deres aktivitet fik id {new_id}")
        elif new_id != activity_id:
            work.remarks.append(
                f"deres aktivitet {activity_id} fik id {new_id} (id {activity_id} er brugt hos os)"
            )
        activity = schema.build_activity(node, theirs.plan, theirs.path)
        work.added.append(dataclasses.replace(activity, id=new_id))
        pieces.append(_copied(ours, theirs, node, _activities_layout(ours), new_id=new_id))
    if pieces:
        sequence = ours.index.head.sequence
        if sequence.flow_style or not sequence.value:
            raise PlanError("aktiviteter er ikke en almindelig liste")
        at = _append_point(ours)
        text, nl = ours.text, ours.newline
        separated = len(sequence.value) > 1 and blank_line_between(
            text,
            end_of_last_line(text, sequence.value[-2]),
            text.rfind("\n", 0, sequence.value[-1].start_mark.index) + 1,
        )
        lead = "" if text[at - 1 : at] == "\n" else nl
        gap = nl if separated else ""
        work.splices.append(Splice(at, at, lead + "".join(gap + piece for piece in pieces)))


@dataclass(frozen=True, slots=True)
class _Layout:
    """How a list's entries stand: what is written before the first key (`  - `, or `-     `) and the
    column of their keys."""

    dash: str
    column: int


def _entry_layout(source: Source, node: Node) -> _Layout:
    text = source.text
    prefix = text[text.rfind("\n", 0, node.start_mark.index) + 1 : node.start_mark.index]
    if prefix.strip() != "-":
        raise PlanError("en aktivitet eller part står ikke som '- nøgle: værdi'; den flettes i hånden")
    return _Layout(prefix, node.start_mark.column)


def _copied(
    ours: Source, theirs: Source, node: MappingNode, layout: _Layout, *, new_id: int | None = None
) -> str:
    """THEIRS's lines for a list entry (an activity, a party) in `layout` (its dash line as OURS
    writes it, its other lines moved to OURS's key column) and OURS's line endings; an activity with
    `new_id` where given."""
    text = theirs.text
    start, end = region(text, node)
    if new_id is not None:
        id_value = next(v for k, v in node.value if _is(k, "id"))
        entry = text[start : id_value.start_mark.index] + str(new_id) + text[id_value.end_mark.index : end]
    else:
        entry = text[start:end]
    own = _entry_layout(theirs, node)
    lines = entry.replace("\r\n", "\n").split("\n")
    lines[0] = layout.dash + lines[0][len(own.dash) :]
    shift = layout.column - own.column
    rest = lines[1:]
    if shift > 0:
        rest = [(" " * shift + line) if line.strip() else line for line in rest]
    elif shift < 0:
        if any(line.strip() and len(line) - len(line.lstrip(" ")) < -shift for line in rest):
            raise PlanError("deres linjer er indrykket anderledes end vores")
        rest = [line[-shift:] if line.strip() else line for line in rest]
    copied = "\n".join([lines[0], *rest])
    copied = copied if copied.endswith("\n") else copied + "\n"
    return copied.replace("\n", ours.newline)


def _activities_layout(source: Source) -> _Layout:
    return _entry_layout(source, source.index.head.sequence.value[-1])


def _is(node: Node, name: str) -> bool:
    return isinstance(node, ScalarNode) and node.value == name


def _merge_highest_id(work: _Work, base: Source, theirs: Source) -> int | None:
    """`højeste_id` after the merge: the highest of both sides and of every id in the result, kept
    (or added) when either side has the key; None when neither has it."""
    ours = work.ours
    if ours.plan.highest_id is None and theirs.plan.highest_id is None:
        return None
    ids = [*(a.id for a in work.changed.values()), *ours.index.nodes, *(a.id for a in work.added)]
    highest = max([ours.plan.highest_id or 0, theirs.plan.highest_id or 0, *ids])
    splice = highest_id_splice(ours, highest, insert=True)
    if splice is not None:
        work.splices.append(splice)
    return highest

"""Changing plan.yaml without taking it from its owners.

An edit is a splice of the file's text at a place found with `yaml.compose()` marks: only
the bytes we own change; comments, blank lines, key order, quoting, CRLF and a BOM stay.
The result is re-read and compared with what we meant before anything is written, and the
write is atomic, under a lock, and refused if someone else changed the file meanwhile.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import planfile, store
from .errors import PlanError, PlanFileError
from .model import Activity, Note, Plan
from .query import resolve_status
from .timing import format_period, parse_timing


@dataclass(frozen=True, slots=True)
class Source:
    """A plan file as read: raw bytes (to detect changes), its text and what the loader made of it."""

    path: Path
    raw: bytes
    text: str
    bom: bool
    index: store.PlanIndex

    @property
    def plan(self) -> Plan:
        """The plan's own fields; its activities are built only where an edit needs them."""
        return self.index.plan

    @property
    def newline(self) -> str:
        return "\r\n" if "\r\n" in self.text else "\n"


@dataclass(frozen=True, slots=True)
class Splice:
    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Edit:
    """The new text, and the one line per change that tells the user what happened."""

    text: str
    summary: list[str]
    added_id: int | None = None


def read_source(path: Path) -> Source:
    raw = planfile.read_bytes(path)
    text = planfile.decode(raw, path)
    return Source(path, raw, text, raw.startswith(planfile.BOM.encode()), store.index_plan(text, path))


# --- scalars -------------------------------------------------------------------------------------


def yaml_scalar(value: str, *, style: str | None = None, in_flow: bool = False) -> str:
    """`value` as YAML text: in the given quote style, else plain when that reads back the same."""
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style == '"' or not _plain_is_safe(value, in_flow):
        return json.dumps(value, ensure_ascii=False)
    return value


@functools.lru_cache(maxsize=4096)
def _plain_is_safe(value: str, in_flow: bool) -> bool:
    """Does `value`, written plain, read back as that string? Asked once per distinct value: a bulk
    edit writes the same status to a thousand activities (each answer is a YAML compose)."""
    if not value or value != value.strip() or "\n" in value or "\r" in value:
        return False
    document = f"k: [{value}]" if in_flow else f"k: {value}"
    try:
        node = yaml.compose(document, Loader=store.Loader)
    except yaml.YAMLError:
        return False
    assert isinstance(node, MappingNode)
    item = node.value[0][1]
    if in_flow:
        if not isinstance(item, SequenceNode) or len(item.value) != 1:
            return False
        item = item.value[0]
    return isinstance(item, ScalarNode) and item.tag == "tag:yaml.org,2002:str" and item.value == value


# --- changing fields ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldEdits:
    """What to do to each selected activity. None (or empty) leaves a field as it is."""

    tidspunkt: str | None = None
    year: int | None = None  # `år`
    clear_year: bool = False  # take `år:` away: the plan's year applies again
    emne: tuple[str, ...] | None = None  # the whole list, replaced
    add_emne: tuple[str, ...] = ()
    remove_emne: tuple[str, ...] = ()
    aktivitet: str | None = None
    ansvarlig: str | None = None
    status: str | None = None  # as typed: an unambiguous prefix is enough
    clear_status: bool = False
    note: Note | None = None
    new_emne: bool = False  # an emne the plan does not have yet is meant, not a typo


def change_activities(source: Source, activity_ids: Sequence[int], edits: FieldEdits) -> Edit:
    """Apply `edits` to each activity, all or nothing, as splices of only the lines each field owns.

    Every new value is validated first (a tidspunkt by the grammar, with the activity's year); the
    result is proved to read as the old plan plus exactly these changes before it is returned."""
    plan = source.plan
    _validate(edits)
    status = resolve_status(edits.status, plan.statuses) if edits.status is not None else None
    unknown = [i for i in activity_ids if i not in source.index.nodes]
    if unknown:
        raise PlanError(f"ukendt id: {', '.join(map(str, unknown))}; se 'plan list'")
    wanted_emner = (*(edits.emne or ()), *edits.add_emne)
    if wanted_emner:
        _check_emner(source, wanted_emner, edits.new_emne)
    splices: list[Splice] = []
    summary: list[str] = []
    expected: dict[int, Activity] = {}
    whole_file = _needs_whole_file_check(source)
    local_checks: list[tuple[tuple[int, int], list[Splice], Activity]] = []
    for activity_id in dict.fromkeys(activity_ids):
        node = source.index.node(activity_id, source.path)
        old = store.build_activity(node, plan, source.path)
        new, lines = _changed(old, edits, status, plan.year)
        if new == old:  # said as a change to the same value, as set-status always has
            same = old.status or "(ingen)"
            summary.append(
                f"{activity_id}: {same} → {same}"
                if lines == [] and _only_status(edits)
                else f"{activity_id}: uændret"
            )
            continue
        own, unusual = _field_splices(source, node, old, new)
        whole_file = whole_file or unusual
        expected[activity_id] = new
        splices += own
        summary += lines
        local_checks.append((_region(source.text, node), own, new))
    text = apply(source.text, splices)
    if whole_file:
        verify(source, text, changed=expected)
    else:
        _verify_regions(source, local_checks)
    return Edit(text, summary)


def _only_status(edits: FieldEdits) -> bool:
    return edits == FieldEdits(status=edits.status, clear_status=edits.clear_status, new_emne=edits.new_emne)


def _validate(edits: FieldEdits) -> None:
    for name in ("tidspunkt", "aktivitet", "ansvarlig"):
        value = getattr(edits, name)
        if value is not None and not value.strip():
            raise PlanError(f"{name} må ikke være tom")
    for emne in (*(edits.emne or ()), *edits.add_emne, *edits.remove_emne):
        if not emne.strip():
            raise PlanError("et emne må ikke være tomt")
    if edits.emne is not None and not edits.emne:
        raise PlanError("en aktivitet skal have mindst ét emne")
    if edits.year is not None and edits.year not in store.PLAUSIBLE_YEARS:
        raise PlanError(f"år {edits.year} er ikke et muligt år (skriv et år mellem 1900 og 2200)")
    if edits.note is not None and not edits.note.text.strip():
        raise PlanError("en note må ikke være tom")


def _changed(
    old: Activity, edits: FieldEdits, status: str | None, plan_year: int
) -> tuple[Activity, list[str]]:
    """The activity as the edits make it, and one line per changed field for the user."""
    new = old
    if edits.clear_year:
        new = dataclasses.replace(new, year=None)
    elif edits.year is not None:
        new = dataclasses.replace(new, year=edits.year)
    if edits.tidspunkt is not None:
        new = dataclasses.replace(new, tidspunkt=edits.tidspunkt)
    if new.tidspunkt != old.tidspunkt or new.year != old.year:
        new = dataclasses.replace(new, period=parse_timing(new.tidspunkt, new.year or plan_year))
    emner = list(edits.emne) if edits.emne is not None else list(new.emne)
    for emne in edits.remove_emne:
        if emne not in emner:
            raise PlanError(f"aktivitet {old.id} har ikke emnet {emne!r} (emner: {', '.join(old.emne)})")
        emner.remove(emne)
    emner += [e for e in edits.add_emne if e not in emner]
    if not emner:
        raise PlanError(f"aktivitet {old.id} skal have mindst ét emne")
    new = dataclasses.replace(new, emne=tuple(emner))
    for name in ("aktivitet", "ansvarlig"):
        if getattr(edits, name) is not None:
            new = dataclasses.replace(new, **{name: getattr(edits, name)})
    if edits.clear_status:
        new = dataclasses.replace(new, status=None)
    elif status is not None:
        new = dataclasses.replace(new, status=status)
    if edits.note is not None:
        new = dataclasses.replace(new, notes=(*new.notes, edits.note))
    return new, _describe_change(old, new, plan_year)


def _describe_change(old: Activity, new: Activity, plan_year: int) -> list[str]:
    """ "18: tidspunkt 'Marts-april' → 'April-maj' (1. april – 31. maj 2020)"; a status as before."""
    lines = []
    if new.tidspunkt != old.tidspunkt or new.year != old.year:
        when = "kan ikke læses" if new.period == store.UNREADABLE else format_period(new.period)
        if new.tidspunkt != old.tidspunkt:
            lines.append(f"{old.id}: tidspunkt '{old.tidspunkt}' → '{new.tidspunkt}' ({when})")
        if new.year != old.year:
            before = old.year if old.year is not None else f"planens ({plan_year})"
            after = new.year if new.year is not None else f"planens ({plan_year})"
            lines.append(f"{old.id}: år {before} → {after} ({when})")
    if new.emne != old.emne:
        lines.append(f"{old.id}: emne {_list(old.emne)} → {_list(new.emne)}")
    for name in ("aktivitet", "ansvarlig"):
        if getattr(new, name) != getattr(old, name):
            lines.append(f"{old.id}: {name} '{getattr(old, name)}' → '{getattr(new, name)}'")
    if new.status != old.status:
        lines.append(f"{old.id}: {old.status or '(ingen)'} → {new.status or '(ingen)'}")
    if len(new.notes) > len(old.notes):
        added = [n for n in new.notes if n not in old.notes]
        lines += [f"{old.id}: note tilføjet ({note.day.isoformat()})" for note in added]
    return lines


def _list(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(items) + "]"


def _field_splices(
    source: Source, node: MappingNode, old: Activity, new: Activity
) -> tuple[list[Splice], bool]:
    """The splices that turn `old` into `new` in `node`'s lines, and whether any is of a kind that
    needs the whole file re-read to prove it."""
    fields = {key.value: (key, value) for key, value in node.value if isinstance(key, ScalarNode)}
    splices: list[Splice] = []
    unusual = False
    appended: list[str] = []  # keys the activity did not have, written after its last line

    def scalar(name: str, yaml_text: str | None) -> None:
        nonlocal unusual
        if name in fields:
            key, value = fields[name]
            if yaml_text is None:
                splices.append(_clear_splice(source, node, key, value))
                return
            splice, several = _scalar_splice(source, node, key, value, yaml_text)
            splices.append(splice)
            unusual = unusual or several
        elif yaml_text is not None:
            appended.append(f"{name}: {yaml_text}")

    in_flow = bool(node.flow_style)
    if new.tidspunkt != old.tidspunkt:
        scalar("tidspunkt", _scalar_text(fields.get("tidspunkt"), new.tidspunkt, in_flow))
    if new.year != old.year:
        if new.year is None:
            splices.append(_remove_key_line(source, node, *fields["år"]))
        elif "år" in fields:
            scalar("år", str(new.year))
        else:  # right after tidspunkt, where a reader looks for it
            splices.append(_insert_after_key(source, node, fields["tidspunkt"], f"år: {new.year}"))
    if new.emne != old.emne:
        key, value = fields["emne"]
        splice, several = _emne_splice(source, node, key, value, new.emne)
        splices.append(splice)
        unusual = unusual or several
    for name in ("aktivitet", "ansvarlig"):
        if getattr(new, name) != getattr(old, name):
            scalar(name, _scalar_text(fields.get(name), getattr(new, name), in_flow))
    if new.status != old.status:
        scalar(
            "status", None if new.status is None else _scalar_text(fields.get("status"), new.status, in_flow)
        )
    if new.notes != old.notes:
        if "noter" in fields:
            splices += _note_splices(source, node, fields["noter"], old.notes, new.notes)
        else:
            appended += ["noter:", *(line for n in new.notes for line in _note_entry_lines(n, "", "  "))]
    if appended:
        if in_flow:
            raise _by_hand(source, node, "aktiviteten er skrevet på én linje i { }; tilføj feltet i hånden")
        indent = " " * node.start_mark.column
        at = _end_of_last_line(source.text, node)
        lead = "" if at == 0 or source.text[at - 1] == "\n" else source.newline
        body = "".join(f"{indent}{line}{source.newline}" for line in appended)
        splices.append(Splice(at, at, lead + body))
    return splices, unusual


def _scalar_text(found: tuple[Node, Node] | None, value: str, in_flow: bool) -> str:
    """`value` as YAML in the quote style the field already has, else plain where that reads back."""
    style = None
    if found is not None and isinstance(found[1], ScalarNode) and found[1].style in ("'", '"'):
        style = found[1].style
    return yaml_scalar(value, style=style, in_flow=in_flow)


# Below this size every edit is proved by re-reading the whole new text; above it, the quick
# proof (the splice replaces one single-line scalar, and the activity's own lines read back as
# intended) is used unless the file or the edited value is of a kind the quick proof cannot cover.
WHOLE_FILE_CHECK_BELOW = 64 * 1024

# An anchor (&name) or alias (*name) may stand in the file: a change in one place can then show up
# in another, which only a reading of the whole file can see. False alarms only cost time.
_MAY_HAVE_ANCHORS = re.compile(r"(?:^|[\s\[\]{},:])[&*][^\s\[\]{},]")


def _needs_whole_file_check(source: Source) -> bool:
    text = source.text
    return len(text) < WHOLE_FILE_CHECK_BELOW or _may_have_anchors(text)


def _may_have_anchors(text: str) -> bool:
    """`_MAY_HAVE_ANCHORS`, found the quick way: `str.find` runs over megabytes in C, and most plans
    have no `&` or `*` at all (the regex alone costs 60 ms on a 10,000-activity plan)."""
    for mark in "&*":
        at = text.find(mark)
        while at != -1:
            if _MAY_HAVE_ANCHORS.match(text, max(at - 1, 0), at + 2) or (
                at == 0 and _MAY_HAVE_ANCHORS.match(" " + text[:2])
            ):
                return True
            at = text.find(mark, at + 1)
    return False


def _by_hand(source: Source, node: Node, message: str) -> PlanFileError:
    """A value we will not splice: say which line to edit by hand, and write nothing."""
    return PlanFileError(
        f"{message}; intet er skrevet", planfile.display_path(source.path), node.start_mark.line + 1
    )


_ANCHORED = re.compile(r"(?:![^\s]*\s+)?&")


def _scalar_splice(
    source: Source, activity: MappingNode, key: Node, value: Node, yaml_text: str
) -> tuple[Splice, bool]:
    """Replace one scalar value with `yaml_text` (already YAML: quoted as it must be).

    Anchored values (`&navn`) are refused: other activities may use them through an alias, and the
    value of an alias (`*navn`) is written elsewhere. Block scalars (`|`, `>`) and values over
    several lines become one line; what followed them (a comment, blank lines) stays. The flag says
    whether the splice is of a kind only a reading of the whole file can prove."""
    start, end = _own_scalar(source, activity, key, value)
    assert isinstance(value, ScalarNode)  # _own_scalar refused anything else
    if value.tag == store.NULL_TAG and start == end:  # "status:" with nothing after it
        return Splice(start, end, " " + yaml_text), False
    if value.style in ("|", ">"):
        return _block_scalar_splice(source, start, end, yaml_text), True
    return Splice(start, end, yaml_text), value.start_mark.line != value.end_mark.line


def _own_scalar(source: Source, activity: MappingNode, key: Node, value: Node) -> tuple[int, int]:
    """The span of a scalar this activity owns outright; anything else is refused with its line."""
    start, end = value.start_mark.index, value.end_mark.index
    region_start, region_end = _region(source.text, activity)
    if not isinstance(value, ScalarNode) or not region_start <= start <= end <= region_end:
        raise _by_hand(
            source, key, f"{key.value} er et YAML-alias (*navn) eller ikke en enkelt værdi; ret den i hånden"
        )
    if _ANCHORED.match(source.text, start):
        raise _by_hand(
            source, key, f"{key.value} har et YAML-anker (&navn), som andre kan bruge; ret den i hånden"
        )
    return start, end


def _clear_splice(source: Source, activity: MappingNode, key: Node, value: Node) -> Splice:
    """Remove a value and the blanks before it, up to its `:`: `status: I gang  # note` becomes
    `status:  # note` (an empty value reads as none). Only a value on the key's own line."""
    start, end = _own_scalar(source, activity, key, value)
    assert isinstance(value, ScalarNode)  # _own_scalar refused anything else
    if value.style in ("|", ">") or value.start_mark.line != value.end_mark.line:
        raise _by_hand(source, key, f"{key.value} står over flere linjer; slet værdien i hånden")
    while start > 0 and source.text[start - 1] in " \t":
        start -= 1
    return Splice(start, end, "")


def _remove_key_line(source: Source, activity: MappingNode, key: Node, value: Node) -> Splice:
    """Take a `key: value` line out whole (with its comment); only when it is one line of its own."""
    text = source.text
    _, end = _own_scalar(source, activity, key, value)
    line_start = text.rfind("\n", 0, key.start_mark.index) + 1
    if text[line_start : key.start_mark.index].strip() or value.start_mark.line != key.start_mark.line:
        raise _by_hand(source, key, f"{key.value} står ikke på sin egen linje; fjern den i hånden")
    if value.end_mark.line != key.start_mark.line or activity.flow_style:
        raise _by_hand(source, key, f"{key.value} står over flere linjer; fjern den i hånden")
    return Splice(line_start, _end_of_line(text, end), "")


def _insert_after_key(source: Source, activity: MappingNode, found: tuple[Node, Node], line: str) -> Splice:
    """A new `key: value` line right after the line on which `found`'s value ends."""
    key, value = found
    if activity.flow_style:
        raise _by_hand(source, activity, "aktiviteten er skrevet på én linje i { }; tilføj feltet i hånden")
    end = value.end_mark.index if value.start_mark.index >= key.start_mark.index else key.end_mark.index
    at = end if end > 0 and source.text[end - 1] == "\n" else _end_of_line(source.text, end)
    lead = "" if source.text[at - 1 : at] == "\n" else source.newline
    return Splice(at, at, f"{lead}{' ' * key.start_mark.column}{line}{source.newline}")


def _emne_splice(
    source: Source, activity: MappingNode, key: Node, value: Node, emner: tuple[str, ...]
) -> tuple[Splice, bool]:
    """The emne list rewritten in its own style. Items that stay keep their exact text (quotes and
    all); a flow list `[a, b]` stays one, a block list stays one line per item."""
    text = source.text
    region_start, region_end = _region(text, activity)
    start, end = value.start_mark.index, value.end_mark.index
    if not isinstance(value, SequenceNode) or not region_start <= start <= end <= region_end:
        raise _by_hand(source, key, "emne er et YAML-alias (*navn) eller ikke en liste; ret den i hånden")
    if _ANCHORED.match(text, start) or any(
        not isinstance(item, ScalarNode) or _ANCHORED.match(text, item.start_mark.index)
        for item in value.value
    ):
        raise _by_hand(source, key, "emne bruger YAML-ankre (&navn) eller -alias; ret den i hånden")
    written = {
        item.value: text[item.start_mark.index : item.end_mark.index]
        for item in value.value
        if item.start_mark.line == item.end_mark.line and item.style not in ("|", ">")
    }
    if value.flow_style:
        in_flow = [written.get(e) or yaml_scalar(e, in_flow=True) for e in emner]
        return Splice(
            start, end, "[" + ", ".join(in_flow) + "]"
        ), value.start_mark.line != value.end_mark.line
    first = value.value[0]
    line_start = text.rfind("\n", 0, first.start_mark.index) + 1
    prefix = text[line_start : first.start_mark.index]  # "      - "
    last_end = _end_of_line(text, value.value[-1].end_mark.index)
    if value.value[-1].end_mark.index > 0 and text[value.value[-1].end_mark.index - 1] == "\n":
        last_end = value.value[-1].end_mark.index
    if "#" in text[line_start:last_end] or prefix.strip() != "-":
        raise _by_hand(
            source, key, "emne-listen har kommentarer eller en usædvanlig opstilling; ret den i hånden"
        )
    body = "".join(f"{prefix}{written.get(e) or yaml_scalar(e)}{source.newline}" for e in emner)
    return Splice(line_start, last_end, body), True


def _note_entry_lines(note: Note, first: str, indent: str) -> list[str]:
    """A note as YAML lines: `first` ("noter:" or nothing) and the entry below it, `indent` deep."""
    entry = [f"- dato: {note.day.isoformat()}"]
    if note.author:
        entry.append(f"  af: {yaml_scalar(note.author)}")
    entry.append(f"  tekst: {yaml_scalar(note.text)}")
    return ([first] if first else []) + [indent + line for line in entry]


def _note_splices(
    source: Source,
    activity: MappingNode,
    found: tuple[Node, Node],
    old: tuple[Note, ...],
    new: tuple[Note, ...],
) -> list[Splice]:
    """Notes added to an activity's `noter:`: each new one after the note it follows in `new` (the
    old notes keep their text and order), in their layout. Only additions are spliced."""
    key, value = found
    text, nl = source.text, source.newline
    places = _insertions(old, new)
    if isinstance(value, ScalarNode) and value.tag == store.NULL_TAG and not old:  # "noter:" with nothing
        _, end = _own_scalar(source, activity, key, value)
        at = _end_of_line(text, end)
        lead = "" if text[at - 1 : at] == "\n" else nl
        lines = [
            line for note in new for line in _note_entry_lines(note, "", " " * key.start_mark.column + "  ")
        ]
        return [Splice(at, at, lead + "".join(line + nl for line in lines))]
    if not isinstance(value, SequenceNode) or value.flow_style or not value.value:
        raise _by_hand(source, key, "noter er ikke en almindelig liste; tilføj noten i hånden")
    first = value.value[0]
    line_start = text.rfind("\n", 0, first.start_mark.index) + 1
    dash = text[line_start : first.start_mark.index]  # "      - "
    if dash.strip() != "-":
        raise _by_hand(source, key, "noter har en usædvanlig opstilling; tilføj noten i hånden")
    indent = dash[: dash.index("-")]
    splices = []
    for after, notes in places.items():  # after: how many old notes come before them
        at = line_start if after == 0 else _end_of_last_line(text, value.value[after - 1])
        lead = "" if at == 0 or text[at - 1] == "\n" else nl
        lines = [line for note in notes for line in _note_entry_lines(note, "", indent)]
        splices.append(Splice(at, at, lead + "".join(line + nl for line in lines)))
    return splices


def _insertions(old: tuple[Note, ...], new: tuple[Note, ...]) -> dict[int, list[Note]]:
    """Where the notes of `new` that `old` lacks go: {number of old notes before them: notes}.
    `new` must keep every old note, in order; a note is never changed or removed by an edit."""
    places: dict[int, list[Note]] = {}
    i = 0
    for note in new:
        if i < len(old) and note == old[i]:
            i += 1
        else:
            places.setdefault(i, []).append(note)
    if i != len(old):
        raise PlanError("en note kan kun tilføjes, ikke ændres eller fjernes, af plan; ret den i hånden")
    return places


def _block_scalar_splice(source: Source, start: int, end: int, replacement: str) -> Splice:
    """`|-` and its indented lines become one line; a comment after the indicator and the blank
    lines the block ends with (they belong to the token, not to the value) are kept."""
    text = source.text
    header_end = text.find("\n", start, end)
    if header_end == -1:
        header_end = end
    header = text[start:header_end].rstrip("\r")
    comment = re.search(r"\s+#.*$", header)
    lines = text[header_end + 1 : end].splitlines(keepends=True) if header_end < end else []
    last = max((i for i, line in enumerate(lines) if line.strip()), default=-1)
    trailing = "".join(lines[last + 1 :])
    ending = source.newline if header_end < end and text[end - 1] == "\n" else ""
    return Splice(start, end, replacement + (comment.group(0) if comment else "") + ending + trailing)


def _region(text: str, node: Node) -> tuple[int, int]:
    """The lines an activity stands on, from its first line to the end of its last."""
    return text.rfind("\n", 0, node.start_mark.index) + 1, _end_of_last_line(text, node)


def _verify_region(
    source: Source, region: tuple[int, int], splices: Splice | Sequence[Splice], expected: Activity
) -> None:
    """Read the changed activity back on its own; refuse unless it is exactly what we meant.

    Used when each splice replaces one scalar on one line with one scalar on one line (or adds whole
    lines at the end), inside the activity's own lines, in a file without anchors: the scanner's
    state at the activity's first and last line is then the same before and after, so the rest of
    the file reads as before and re-reading those lines is all the re-reading a large plan needs."""
    _expect(source, _changed_lines(source, region, splices), expected)


def _changed_lines(source: Source, region: tuple[int, int], splices: Splice | Sequence[Splice]) -> str:
    """The activity's own lines with its splices applied; refused if a splice reaches outside them."""
    start, end = region
    own = [splices] if isinstance(splices, Splice) else list(splices)
    if not all(start <= splice.start <= splice.end <= end for splice in own):
        raise PlanError("ændringen ville gå ud over aktivitetens egne linjer; intet er skrevet")
    return apply(source.text[start:end], [Splice(s.start - start, s.end - start, s.replacement) for s in own])


def _verify_regions(source: Source, checks: Sequence[tuple[tuple[int, int], list[Splice], Activity]]) -> None:
    """`_verify_region` for many activities: all in one compose when it can (`_read_back_together`),
    else each on its own."""
    if len(checks) > 1 and _read_back_together(source, checks):
        return
    for region, own, new in checks:
        _verify_region(source, region, own, new)


def _read_back_together(
    source: Source, checks: Sequence[tuple[tuple[int, int], list[Splice], Activity]]
) -> bool:
    """Read many changed activities back in one compose; refuse unless each is exactly what we meant.
    Their changed lines one after the other are a block sequence of exactly their items, each read
    from the same state as on its own (a bulk edit of 1,000 activities composed 1,000 snippets, a
    fifth of its time). False when they are not (an item whose dash stands on a line of its own, so
    that its lines are not an item): then each must be read on its own."""
    snippets = [_changed_lines(source, region, own) for region, own, _ in checks]
    try:
        root = store.compose("".join(s if s.endswith("\n") else s + "\n" for s in snippets))
    except yaml.YAMLError:
        return False
    if not isinstance(root, SequenceNode) or len(root.value) != len(checks):
        return False
    for item, (_, _, new) in zip(root.value, checks, strict=True):
        if not isinstance(item, MappingNode):
            raise PlanError("ændringen ville gøre planen ugyldig; intet er skrevet")
        _expect_node(source, item, new)
    return True


def _expect(source: Source, snippet: str, expected: Activity) -> None:
    try:
        root = store.compose(snippet)
    except yaml.YAMLError:
        root = None
    if isinstance(root, SequenceNode) and len(root.value) == 1:
        root = root.value[0]
    if not isinstance(root, MappingNode):
        raise PlanError("ændringen ville gøre planen ugyldig; intet er skrevet")
    _expect_node(source, root, expected)


def _expect_node(source: Source, node: Node, expected: Activity, plan: Plan | None = None) -> None:
    """The activity `node` reads as must be `expected`, read against `plan` (the source's own, or
    the new head's where a merge changed its statuses)."""
    unreadable = store.UNREADABLE if expected.period == store.UNREADABLE else None
    try:
        got = store.build_activity(node, plan or source.plan, None, unreadable=unreadable)
    except PlanError:
        raise PlanError("ændringen ville gøre planen ugyldig; intet er skrevet") from None
    if dataclasses.replace(got, line=0) != dataclasses.replace(expected, line=0):
        raise PlanError("ændringen ville ændre mere end den skulle; intet er skrevet")


def _end_of_last_line(text: str, node: Node) -> int:
    """Index just past the line on which `node` ends (its trailing comment included).

    A block collection's end mark lies where the next token begins (for an activity whose last
    field is `noter:`, on the next activity's `- id:` line), so the end is that of its last item,
    followed down to a scalar or a flow collection. An alias value's marks are those of its anchor,
    which may stand anywhere in the file; for it the key's own position is the best the composed
    tree tells us."""
    end = node.end_mark.index
    while isinstance(node, (MappingNode, SequenceNode)) and node.value and not node.flow_style:
        if isinstance(node, SequenceNode):
            node = node.value[-1]
            end = node.end_mark.index
            continue
        key, value = node.value[-1]
        if value.start_mark.index < key.start_mark.index:  # an alias: its marks are its anchor's
            node, end = key, key.end_mark.index
            break
        node, end = value, value.end_mark.index
    if end > 0 and text[end - 1] == "\n":
        return end
    return _end_of_line(text, end)


def _end_of_line(text: str, index: int) -> int:
    newline = text.find("\n", index)
    return len(text) if newline == -1 else newline + 1


def apply(text: str, splices: Sequence[Splice]) -> str:
    """All splices in one pass (a bulk edit of thousands must not copy the text thousands of times).
    Splices at the same place keep their order; overlapping ones are a bug of ours."""
    pieces: list[str] = []
    position = 0
    for splice in sorted(splices, key=lambda s: (s.start, s.end)):
        if splice.start < position:
            raise AssertionError("overlapping splices")
        pieces += (text[position : splice.start], splice.replacement)
        position = splice.end
    pieces.append(text[position:])
    return "".join(pieces)


# --- add -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewActivity:
    tidspunkt: str
    emne: tuple[str, ...]
    aktivitet: str
    ansvarlig: str
    status: str | None = None
    new_emne: bool = False  # an emne the plan does not have yet is meant, not a typo


class UnknownEmne(PlanError):
    """An emne the plan does not have; `suggestion` is the existing one it is closest to, if any."""

    def __init__(self, emne: str, suggestion: str | None) -> None:
        self.emne, self.suggestion = emne, suggestion
        hint = f" – mente du {suggestion!r}?" if suggestion else ""
        super().__init__(f"emnet {emne!r} findes ikke i planen{hint}")


def existing_emner(source: Source) -> list[str]:
    """Every emne the plan's activities use, in first-use order, read from the nodes."""
    found: dict[str, None] = {}
    for nodes in source.index.nodes.values():
        for node in nodes:
            for key, value in node.value:
                if key.value == "emne" and isinstance(value, SequenceNode):
                    found.update((item.value, None) for item in value.value if isinstance(item, ScalarNode))
    return list(found)


def _check_emner(source: Source, emner: Sequence[str], new_emne: bool) -> None:
    """A topic one letter off an existing one ("Bæredygtighedspuljen") would quietly split the plan's
    topics in two; a new topic must be asked for. A plan without topics yet takes any."""
    known = existing_emner(source)
    if new_emne or not known:
        return
    import difflib

    folded = {emne.casefold(): emne for emne in known}
    for emne in emner:
        if emne in known:
            continue
        close = difflib.get_close_matches(emne.casefold(), list(folded), n=1, cutoff=0.75)
        raise UnknownEmne(emne, folded[close[0]] if close else None)


def add_activity(source: Source, new: NewActivity) -> Edit:
    """Append at the end of `aktiviteter` in the layout of the entries already there, with an id no
    activity has ever had (`højeste_id` counts on from removed ones, and is kept up to date)."""
    plan = source.plan
    for name in ("tidspunkt", "aktivitet", "ansvarlig"):
        if not getattr(new, name).strip():
            raise PlanError(f"{name} må ikke være tom")
    if not new.emne or not all(e.strip() for e in new.emne):
        raise PlanError("angiv mindst ét emne, og intet tomt")
    period = parse_timing(new.tidspunkt, plan.year)
    status = resolve_status(new.status, plan.statuses) if new.status else plan.statuses[0]
    _check_emner(source, new.emne, new.new_emne)
    new_id = source.index.next_id
    added = Activity(new_id, new.tidspunkt, new.emne, new.aktivitet, new.ansvarlig, status, period)
    splices = _append_splices(source, [added])
    highest = _highest_id_splice(source, new_id)
    text = apply(source.text, [*splices, *([highest] if highest else [])])
    if len(splices) == 1 and not _needs_whole_file_check(source):
        _expect(source, splices[0].replacement, added)  # the højeste_id splice is one int for another
    else:  # an empty flow list became a block, or the file is small or has anchors: read it all
        verify(source, text, added=[added], highest_id=new_id if highest else None)
    return Edit(text, [f"Aktivitet {new_id} tilføjet: {new.aktivitet}"], added_id=new_id)


HIGHEST_ID_KEY = "højeste_id"


def _highest_id_splice(source: Source, highest: int, *, insert: bool = False) -> Splice | None:
    """`højeste_id: N` set to `highest`: its value replaced where the plan has the key (a plain
    integer on one line, else refused), the key added before `aktiviteter:` when `insert`."""
    text, root = source.text, source.index.head.root
    for key, value in root.value:
        if _is_key(key, HIGHEST_ID_KEY):
            if not _reads_as_int(value, int(value.value) if str(value.value).isdigit() else -1):
                raise _by_hand(source, key, "højeste_id er ikke et almindeligt heltal; ret den i hånden")
            if value.value == str(highest):
                return None
            return Splice(value.start_mark.index, value.end_mark.index, str(highest))
    if not insert:
        return None
    key = next(k for k, v in root.value if v is source.index.head.sequence)
    at = text.rfind("\n", 0, key.start_mark.index) + 1
    while at > 0:  # above the comment lines that introduce `aktiviteter:`
        previous = text.rfind("\n", 0, at - 1) + 1
        if not text[previous:at].startswith("#"):
            break
        at = previous
    nl = source.newline
    return Splice(
        at, at, f"{HIGHEST_ID_KEY}: {highest}  # det højeste id, der er brugt; et id bruges aldrig igen{nl}"
    )


# --- remove --------------------------------------------------------------------------------------


def remove_activities(source: Source, activity_ids: Sequence[int]) -> Edit:
    """Take the activities out: their lines and the comment lines just above them (indented as the
    entry), and one blank line that separated them; nothing else. `højeste_id` remembers the highest
    id, so no later activity gets a removed one's id (history, calendars' UIDs and merges rely on it)."""
    index = source.index
    unknown = [i for i in activity_ids if i not in index.nodes]
    if unknown:
        raise PlanError(f"ukendt id: {', '.join(map(str, unknown))}; se 'plan list'")
    ids = list(dict.fromkeys(activity_ids))
    sequence = index.head.sequence
    if sequence.flow_style:
        raise _by_hand(
            source, sequence, "aktiviteter er skrevet på én linje i [ ]; fjern aktiviteten i hånden"
        )
    if len(ids) >= len(sequence.value):
        raise PlanError("planen skal have mindst én aktivitet; fjern ikke dem alle")
    splices = []
    summary = []
    for activity_id in ids:
        node = index.node(activity_id, source.path)
        splices.append(_entry_removal(source, node))
        text_node = next((v for k, v in node.value if _is_key(k, "aktivitet")), None)
        shown = f": {text_node.value}" if isinstance(text_node, ScalarNode) else ""
        summary.append(f"Aktivitet {activity_id} fjernet{shown}")
    splices = _coalesced(splices)  # neighbours may both claim the blank line between them
    highest = max(index.next_id - 1, *ids)
    head = _highest_id_splice(source, highest, insert=True)
    text = apply(source.text, [*splices, *([head] if head else [])])
    verify(source, text, removed=frozenset(ids), highest_id=highest)
    return Edit(text, summary)


def _coalesced(removals: list[Splice]) -> list[Splice]:
    merged: list[Splice] = []
    for splice in sorted(removals, key=lambda s: s.start):
        if merged and splice.start <= merged[-1].end:
            merged[-1] = Splice(merged[-1].start, max(merged[-1].end, splice.end), "")
        else:
            merged.append(splice)
    return merged


def _entry_removal(source: Source, node: MappingNode) -> Splice:
    text = source.text
    start, end = _region(text, node)
    column = (
        text.index("-", start, node.start_mark.index + 1) - start
        if "-" in text[start : node.start_mark.index]
        else node.start_mark.column
    )
    while start > 0:  # the entry's own comments, indented at least as the entry
        previous = text.rfind("\n", 0, start - 1) + 1
        line = text[previous:start]
        stripped = line.lstrip(" ")
        if not stripped.startswith("#") or len(line) - len(stripped) < column:
            break
        start = previous
    previous = text.rfind("\n", 0, start - 1) + 1 if start > 0 else 0
    if start > 0 and not text[previous:start].strip():
        start = previous  # the blank line that set it apart from the one above
    elif end < len(text) and not text[end : _end_of_line(text, end)].strip():
        end = _end_of_line(text, end)  # the first entry: the blank line below it instead
    return Splice(start, end, "")


def _append_splices(source: Source, entries: Sequence[Activity]) -> list[Splice]:
    """The splices that append `entries` (with their ids) after the last activity, in its layout."""
    text, nl = source.text, source.newline
    sequence = source.index.head.sequence
    if not sequence.value:
        if not sequence.flow_style:
            raise PlanError("aktiviteter er tom; skriv 'aktiviteter: []' og prøv igen")
        # "aktiviteter: []  # comment" becomes "aktiviteter:  # comment" and a block below it.
        start = sequence.start_mark.index
        start -= text[start - 1 : start] == " "
        blocks = [nl.join(entry_lines(a, "  - ", "    ", flow_emne=True)) + nl for a in entries]
        at = _end_of_line(text, sequence.end_mark.index)
        lead = "" if text[at - 1 : at] == "\n" else nl
        return [Splice(start, sequence.end_mark.index, ""), Splice(at, at, lead + nl.join(blocks))]
    if sequence.flow_style:
        raise PlanError("aktiviteter er skrevet på én linje i [ ]; tilføj aktiviteten i hånden")
    last = sequence.value[-1]
    if not isinstance(last, MappingNode) or last.flow_style:
        raise PlanError("den sidste aktivitet er ikke en almindelig blok; tilføj aktiviteten i hånden")
    line_start = text.rfind("\n", 0, last.start_mark.index) + 1
    dash_prefix = text[line_start : last.start_mark.index]
    key_indent = " " * last.start_mark.column
    if dash_prefix.strip() != "-":
        dash_prefix = key_indent[:-2] + "- "
    emne_node = next((v for k, v in last.value if k.value == "emne"), None)
    flow_emne = emne_node is None or bool(emne_node.flow_style)
    at = _end_of_last_line(text, last)
    lead = "" if text[at - 1 : at] == "\n" else nl
    separated = len(sequence.value) > 1 and _blank_line_between(
        text, _end_of_last_line(text, sequence.value[-2]), line_start
    )
    body = "".join(
        (nl if separated else "") + nl.join(entry_lines(a, dash_prefix, key_indent, flow_emne=flow_emne)) + nl
        for a in entries
    )
    return [Splice(at, at, lead + body)]


def _blank_line_between(text: str, start: int, end: int) -> bool:
    """Do the entries stand apart? Then the new one does too."""
    return any(not line.strip() for line in text[start:end].splitlines())


def entry_lines(activity: Activity, dash_prefix: str, key_indent: str, *, flow_emne: bool) -> list[str]:
    """A new activity as the lines of its entry (`år:` only when it has its own year; `status:` with
    nothing after it when it has none). Notes are added by the edits that add them."""
    a = activity
    if flow_emne:
        emne = [f"emne: [{', '.join(yaml_scalar(e, in_flow=True) for e in a.emne)}]"]
    else:
        emne = ["emne:", *(f"  - {yaml_scalar(e)}" for e in a.emne)]
    fields = [
        f"tidspunkt: {yaml_scalar(a.tidspunkt)}",
        *([f"år: {a.year}"] if a.year is not None else []),
        *emne,
        f"aktivitet: {yaml_scalar(a.aktivitet)}",
        f"ansvarlig: {yaml_scalar(a.ansvarlig)}",
        f"status: {yaml_scalar(a.status)}" if a.status is not None else "status:",
    ]
    return [f"{dash_prefix}id: {a.id}", *(key_indent + f for f in fields)]


# --- import --------------------------------------------------------------------------------------


def import_activities(source: Source, changed: Sequence[Activity], added: Sequence[Activity]) -> Edit:
    """A table brought into the plan in one edit: each activity of `changed` (by its id) becomes as
    given, only its changed fields spliced as `plan ret` splices them; the `added` ones follow the
    last activity in its layout, numbered from the next id never used (their own ids are ignored).
    Nothing is removed. Proved by re-reading the whole new text. A timing the grammar cannot read
    (`store.UNREADABLE`) is written as given, for `plan check` to name."""
    plan = source.plan
    splices: list[Splice] = []
    summary: list[str] = []
    expected: dict[int, Activity] = {}
    for wanted in changed:
        node = source.index.node(wanted.id, source.path)
        old = store.build_activity(node, plan, source.path, unreadable=store.UNREADABLE)
        new = dataclasses.replace(wanted, line=old.line)
        if new == old:
            continue
        if new.notes != old.notes:
            raise AssertionError("an import does not change notes")
        own, _ = _field_splices(source, node, old, new)
        splices += own
        expected[new.id] = new
        summary += _describe_change(old, new, plan.year)
    first = source.index.next_id
    numbered = [dataclasses.replace(a, id=first + i, line=0, notes=()) for i, a in enumerate(added)]
    highest = None
    if numbered:
        splices += _append_splices(source, numbered)
        highest = _highest_id_splice(source, numbered[-1].id)
        summary += [f"Aktivitet {a.id} tilføjet: {a.aktivitet}" for a in numbered]
    text = apply(source.text, [*splices, *([highest] if highest else [])])
    if text != source.text:
        verify(
            source, text, changed=expected, added=numbered, highest_id=numbered[-1].id if highest else None
        )
    return Edit(text, summary)


# --- verify and write ----------------------------------------------------------------------------


def verify(
    source: Source, new_text: str, *, changed: dict[int, Activity] | None = None,
    added: Sequence[Activity] = (), removed: frozenset[int] = frozenset(), highest_id: int | None = None,
    head: dict[str, Shape] | None = None, plan: Plan | None = None,
) -> None:  # fmt: skip
    """Re-read the whole new text; refuse unless it is the old document plus exactly the change.

    The new node tree must equal the old one node for node (aliases pointing where they pointed),
    except that each activity in `changed` reads as its expected value, the `removed` ones are gone,
    the `added` ones follow the old activities, and `højeste_id` (added if it was missing) reads as
    `highest_id` when that is given. `head`, when given, is what every head key other than
    `aktiviteter` must read as instead (a merge changes the head). Problems elsewhere in the old
    file are left, not judged."""
    invalid = PlanError("ændringen ville gøre planen ugyldig; intet er skrevet")
    more = PlanError("ændringen ville ændre mere end den skulle; intet er skrevet")
    try:
        new_root = store.compose(new_text)
    except (yaml.YAMLError, RecursionError):
        new_root = None
    old_root = source.index.head.root
    if not isinstance(new_root, MappingNode):
        raise invalid
    if head is not None:
        _verify_head(source, new_root, head, changed or {}, added, removed, plan)
        return
    new_pairs = list(new_root.value)
    had_highest = any(_is_key(key, HIGHEST_ID_KEY) for key, _ in old_root.value)
    if highest_id is not None and not had_highest:
        inserted = [i for i, (key, _) in enumerate(new_pairs) if _is_key(key, HIGHEST_ID_KEY)]
        if len(inserted) != 1 or not _reads_as_int(new_pairs.pop(inserted[0])[1], highest_id):
            raise invalid
    if len(new_pairs) != len(old_root.value):
        raise invalid
    same = _SameTree()
    for (old_key, old_value), (new_key, new_value) in zip(old_root.value, new_pairs, strict=True):
        if not same(old_key, new_key):
            raise more
        if old_value is source.index.head.sequence:
            _verify_activities(source, old_value, new_value, same, changed or {}, added, removed)
        elif highest_id is not None and _is_key(old_key, HIGHEST_ID_KEY):
            if not _reads_as_int(new_value, highest_id):
                raise more
        elif not same(old_value, new_value):
            raise more


Shape = tuple[object, ...]


def shape(node: Node | None) -> Shape | None:
    """A node as plain, comparable values: what it means, not how it is written."""
    if node is None:
        return None
    if isinstance(node, ScalarNode):
        return ("scalar", node.tag, node.value)
    if isinstance(node, SequenceNode):
        return ("seq", node.tag, tuple(shape(item) for item in node.value))
    return ("map", node.tag, tuple((shape(k), shape(v)) for k, v in node.value))


def _verify_head(
    source: Source, new_root: MappingNode, head: dict[str, Shape], changed: dict[int, Activity],
    added: Sequence[Activity], removed: frozenset[int], plan: Plan | None = None,
) -> None:  # fmt: skip
    """The whole new document: each head key reads as `head` says (and no other is there), the
    activities as `verify` checks them (read against `plan`, the new head's, where given)."""
    more = PlanError("ændringen ville ændre mere end den skulle; intet er skrevet")
    found: dict[str, Shape | None] = {}
    sequence: Node | None = None
    for key, value in new_root.value:
        name = key.value if isinstance(key, ScalarNode) else None
        if name == "aktiviteter":
            sequence = value
        elif name is None or name in found:
            raise more
        else:
            found[name] = shape(value)
    if found != head or sequence is None:
        raise more
    _verify_activities(
        source, source.index.head.sequence, sequence, _SameTree(), changed, added, removed, plan
    )


def _is_key(node: Node, name: str) -> bool:
    return isinstance(node, ScalarNode) and node.value == name


def _reads_as_int(node: Node, value: int) -> bool:
    return isinstance(node, ScalarNode) and node.tag == store.INT_TAG and node.value == str(value)


def _verify_activities(
    source: Source, old: SequenceNode, new: Node, same: _SameTree, changed: dict[int, Activity],
    added: Sequence[Activity], removed: frozenset[int], plan: Plan | None = None,
) -> None:  # fmt: skip
    kept = [node for node in old.value if store.id_of(node) not in removed]
    if not isinstance(new, SequenceNode) or len(new.value) != len(kept) + len(added):
        raise PlanError("ændringen ville gøre planen ugyldig; intet er skrevet")
    for old_node, new_node in zip(kept, new.value[: len(kept)], strict=True):
        activity_id = store.id_of(old_node)
        if activity_id in changed:
            _expect_node(source, new_node, changed[activity_id], plan)
        elif not same(old_node, new_node):
            raise PlanError("ændringen ville ændre mere end den skulle; intet er skrevet")
    for expected, new_node in zip(added, new.value[len(kept) :], strict=True):
        _expect_node(source, new_node, expected, plan)


class _SameTree:
    """Node-for-node equality of two composed YAML trees, iteratively (a deeply nested value must
    not exhaust Python's stack). An alias is the very same node object as its anchor; the mapping
    of old to new objects must be one-to-one, so an alias that now points elsewhere is a change."""

    def __init__(self) -> None:
        self.forward: dict[int, int] = {}
        self.backward: dict[int, int] = {}

    def __call__(self, old: Node, new: Node) -> bool:
        stack = [(old, new)]
        while stack:
            a, b = stack.pop()
            seen_a, seen_b = self.forward.get(id(a)), self.backward.get(id(b))
            if seen_a is not None or seen_b is not None:
                if seen_a != id(b) or seen_b != id(a):
                    return False
                continue
            self.forward[id(a)], self.backward[id(b)] = id(b), id(a)
            if type(a) is not type(b) or a.tag != b.tag:
                return False
            if isinstance(a, ScalarNode):
                if a.value != b.value:
                    return False
            elif len(a.value) != len(b.value):
                return False
            elif isinstance(a, MappingNode):
                for (key_a, value_a), (key_b, value_b) in zip(a.value, b.value, strict=True):
                    stack += ((key_a, key_b), (value_a, value_b))
            else:
                stack += zip(a.value, b.value, strict=True)
        return True


def diff(source: Source, new_text: str) -> str:
    name = planfile.display_path(source.path)
    lines = difflib.unified_diff(
        source.text.splitlines(keepends=True), new_text.splitlines(keepends=True), name, name
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def write_atomically(
    source: Source, new_text: str, *, before_replace: Callable[[], None] | None = None
) -> None:
    """Write the edited text in the file's own encoding (a BOM stays), refused if the file changed."""
    data = ((planfile.BOM if source.bom else "") + new_text).encode("utf-8")
    planfile.write_atomically(source.path, source.raw, data, before_replace=before_replace)


def change_plan(
    path: Path, change: Callable[[Source], Edit], *, dry_run: bool = False
) -> tuple[Edit, Source]:
    """Lock, read, change, verify, write: the one way every edit reaches the disk."""
    with planfile.locked(path) as held:
        if held and not dry_run:
            planfile.reap_stale_temp_files(path)
        source = read_source(path)
        edit = change(source)
        if not dry_run and edit.text != source.text:
            write_atomically(source, edit.text)
    return edit, source

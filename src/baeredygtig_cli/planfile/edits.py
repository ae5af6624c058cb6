"""Changing plan.yaml without taking it from its owners.

An edit is a splice of the file's text at a place found with `yaml.compose()` marks: only
the bytes we own change; comments, blank lines, key order, quoting, CRLF and a BOM stay.
The result is re-read and compared with what we meant before anything is written, and the
write is atomic, under a lock, and refused if someone else changed the file meanwhile.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from yaml.nodes import ScalarNode, SequenceNode

from baeredygtig_cli.domain.model import Activity, Note
from baeredygtig_cli.domain.query import resolve_status
from baeredygtig_cli.domain.timing import format_period, parse_timing
from baeredygtig_cli.errors import PlanError
from baeredygtig_cli.planfile import disk, schema
from baeredygtig_cli.planfile.editsource import Source, read_source
from baeredygtig_cli.planfile.proving import (
    expect_snippet,
    needs_whole_file_check,
    removal_proved_quickly,
    verify,
    verify_regions,
)
from baeredygtig_cli.planfile.splicing import (
    Splice,
    append_splices,
    apply,
    by_hand,
    coalesced,
    entry_removal,
    field_splices,
    highest_id_splice,
    region,
    value_comments,
)
from baeredygtig_cli.planfile.yamltext import is_key


@dataclass(frozen=True, slots=True)
class Edit:
    """The new text, and the one line per change that tells the user what happened."""

    text: str
    summary: list[str]
    added_id: int | None = None


# --- scalars -------------------------------------------------------------------------------------


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
        raise PlanError(f"ukendt id: {', '.join(map(str, unknown))}; se 'plan liste'")
    wanted_emner = (*(edits.emne or ()), *edits.add_emne)
    if wanted_emner:
        _check_emner(source, wanted_emner, edits.new_emne)
    splices: list[Splice] = []
    summary: list[str] = []
    expected: dict[int, Activity] = {}
    whole_file = needs_whole_file_check(source)
    local_checks: list[tuple[tuple[int, int], list[Splice], Activity]] = []
    for activity_id in dict.fromkeys(activity_ids):
        node = source.index.node(activity_id, source.path)
        old = schema.build_activity(node, plan, source.path)
        new, lines = _changed(old, edits, status, plan.year)
        if new == old:  # said as a change to the same value, as set-status always has
            same = old.status or "(ingen)"
            summary.append(
                f"{activity_id}: {same} → {same}"
                if lines == [] and _only_status(edits)
                else f"{activity_id}: uændret"
            )
            continue
        own, unusual = field_splices(source, node, old, new)
        for found in value_comments(source, node, old, new):  # what explained the old value goes with it
            if found.removal is not None:
                own.append(found.removal)
                said = f"kommentaren om den gamle værdi er fjernet: {found.comment}"
                lines.append(f"{activity_id}: {found.field}: {said}")
        whole_file = whole_file or unusual
        expected[activity_id] = new
        splices += own
        summary += lines
        local_checks.append((region(source.text, node), own, new))
    text = apply(source.text, splices)
    if whole_file:
        verify(source, text, changed=expected)
    else:
        verify_regions(source, local_checks)
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
    if edits.year is not None and edits.year not in schema.PLAUSIBLE_YEARS:
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
        when = "kan ikke læses" if new.period == schema.UNREADABLE else format_period(new.period)
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
    splices = append_splices(source, [added])
    highest = highest_id_splice(source, new_id)
    text = apply(source.text, [*splices, *([highest] if highest else [])])
    if len(splices) == 1 and not needs_whole_file_check(source):
        expect_snippet(source, splices[0].replacement, added)  # the højeste_id splice is one int for another
    else:  # an empty flow list became a block, or the file is small or has anchors: read it all
        verify(source, text, added=[added], highest_id=new_id if highest else None)
    return Edit(text, [f"Aktivitet {new_id} tilføjet: {new.aktivitet}"], added_id=new_id)


# --- remove --------------------------------------------------------------------------------------


def remove_activities(source: Source, activity_ids: Sequence[int]) -> Edit:
    """Take the activities out: their lines and the comment lines just above them (indented as the
    entry), and one blank line that separated them; nothing else. `højeste_id` remembers the highest
    id, so no later activity gets a removed one's id (history, calendars' UIDs and merges rely on it)."""
    index = source.index
    unknown = [i for i in activity_ids if i not in index.nodes]
    if unknown:
        raise PlanError(f"ukendt id: {', '.join(map(str, unknown))}; se 'plan liste'")
    ids = list(dict.fromkeys(activity_ids))
    sequence = index.head.sequence
    if sequence.flow_style:
        raise by_hand(
            source, sequence, "aktiviteter er skrevet på én linje i [ ]; fjern aktiviteten i hånden"
        )
    if len(ids) >= len(sequence.value):
        raise PlanError("planen skal have mindst én aktivitet; fjern ikke dem alle")
    splices = []
    summary = []
    for activity_id in ids:
        node = index.node(activity_id, source.path)
        splices.append(entry_removal(source, node))
        text_node = next((v for k, v in node.value if is_key(k, "aktivitet")), None)
        shown = f": {text_node.value}" if isinstance(text_node, ScalarNode) else ""
        summary.append(f"Aktivitet {activity_id} fjernet{shown}")
    splices = coalesced(splices)  # neighbours may both claim the blank line between them
    highest = max(index.next_id - 1, *ids)
    head = highest_id_splice(source, highest, insert=True)
    text = apply(source.text, [*splices, *([head] if head else [])])
    if not removal_proved_quickly(source, splices, frozenset(ids), head, highest):
        verify(source, text, removed=frozenset(ids), highest_id=highest)
    return Edit(text, summary)


# --- import --------------------------------------------------------------------------------------


def import_activities(source: Source, changed: Sequence[Activity], added: Sequence[Activity]) -> Edit:
    """A table brought into the plan in one edit: each activity of `changed` (by its id) becomes as
    given, only its changed fields spliced as `plan ret` splices them; the `added` ones follow the
    last activity in its layout, numbered from the next id never used (their own ids are ignored).
    Nothing is removed. Proved by re-reading the whole new text. A timing the grammar cannot read
    (`schema.UNREADABLE`) is written as given, for `plan check` to name."""
    plan = source.plan
    splices: list[Splice] = []
    summary: list[str] = []
    expected: dict[int, Activity] = {}
    for wanted in changed:
        node = source.index.node(wanted.id, source.path)
        old = schema.build_activity(node, plan, source.path, unreadable=schema.UNREADABLE)
        new = dataclasses.replace(wanted, line=old.line)
        if new == old:
            continue
        if new.notes != old.notes:
            raise AssertionError("an import does not change notes")
        own, _ = field_splices(source, node, old, new)
        splices += own
        expected[new.id] = new
        summary += _describe_change(old, new, plan.year)
    first = source.index.next_id
    numbered = [dataclasses.replace(a, id=first + i, line=0, notes=()) for i, a in enumerate(added)]
    highest = None
    if numbered:
        splices += append_splices(source, numbered)
        highest = highest_id_splice(source, numbered[-1].id)
        summary += [f"Aktivitet {a.id} tilføjet: {a.aktivitet}" for a in numbered]
    text = apply(source.text, [*splices, *([highest] if highest else [])])
    if text != source.text:
        verify(
            source, text, changed=expected, added=numbered, highest_id=numbered[-1].id if highest else None
        )
    return Edit(text, summary)


# --- verify and write ----------------------------------------------------------------------------


def diff(source: Source, new_text: str) -> str:
    name = disk.display_path(source.path)
    lines = difflib.unified_diff(
        source.text.splitlines(keepends=True), new_text.splitlines(keepends=True), name, name
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def write_atomically(
    source: Source, new_text: str, *, before_replace: Callable[[], None] | None = None
) -> None:
    """Write the edited text in the file's own encoding (a BOM stays), refused if the file changed."""
    data = ((disk.BOM if source.bom else "") + new_text).encode("utf-8")
    disk.write_atomically(source.path, source.raw, data, before_replace=before_replace)


class ChangedSinceShown(PlanError):
    """The file is no longer what the user was shown and said yes to (a `git pull` under the prompt)."""


def change_plan(
    path: Path, change: Callable[[Source], Edit], *, dry_run: bool = False, shown: bytes | None = None
) -> tuple[Edit, Source]:
    """Lock, read, change, verify, write: the one way every edit reaches the disk. `shown`: the bytes
    a confirmed preview was made from; the edit is made only to exactly those (else
    `ChangedSinceShown`, and nothing is written)."""
    with disk.locked(path) as held:
        if held and not dry_run:
            disk.reap_stale_temp_files(path)
        source = read_source(path)
        if shown is not None and source.raw != shown:
            raise ChangedSinceShown(f"{disk.display_path(path)} er ændret, siden listen blev vist")
        edit = change(source)
        if not dry_run and edit.text != source.text:
            write_atomically(source, edit.text)
    return edit, source

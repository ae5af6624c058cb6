"""Pure summaries and comparisons of plans: `plan summary` and `plan changes`.

Apart from query.py so that commands that only list or filter don't pay for these types.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from baeredygtig_cli.domain.model import Activity, Note, Party, Period
from baeredygtig_cli.domain.query import due_within, emne_of, group_by, is_overdue
from baeredygtig_cli.domain.statuses import Scale
from baeredygtig_cli.domain.timing import month_span
from baeredygtig_cli.errors import PlanError

NO_STATUS_KEY = "ingen"


@dataclass(frozen=True, slots=True)
class Tally:
    """Counts for one group (an emne, an ansvarlig, a party, or the whole plan)."""

    name: str
    counts: dict[str, int]  # status word (or NO_STATUS_KEY) -> activities
    total: int
    finished: int
    lead: int | None = None  # a party's group: how many of its activities it holds (is named first in)

    @property
    def finished_share(self) -> float:
        return self.finished / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class Summary:
    today: date
    by: str
    scale: Scale  # the plan's statuses (the count columns, in order) and the finished one
    overall: Tally
    groups: list[Tally]
    overdue: int
    due_this_month: int
    # `by="part"`: the activities that name no declared party (total 0 when every one names one)
    unassigned: Tally | None = None

    @property
    def shown_groups(self) -> list[Tally]:
        """The rows to draw: the groups, then the activities naming no declared party, if any."""
        extra = self.unassigned
        return [*self.groups, extra] if extra is not None and extra.total else self.groups

    @property
    def statuses(self) -> tuple[str, ...]:
        return self.scale.words


GROUPINGS = ("emne", "ansvarlig", "part")
UNASSIGNED = "Uden erklæret part"


def _tally(name: str, activities: list[Activity], scale: Scale) -> Tally:
    counts = dict.fromkeys((*scale.words, NO_STATUS_KEY), 0)
    for a in activities:
        counts[a.status or NO_STATUS_KEY] = counts.get(a.status or NO_STATUS_KEY, 0) + 1
    finished = counts.get(scale.finished, 0) if scale.finished is not None else 0
    return Tally(name, counts, len(activities), finished)


def summarize(
    activities: Iterable[Activity],
    scale: Scale,
    today: date,
    by: str = "emne",
    parties: Sequence[Party] = (),
) -> Summary:
    """Progress at a glance, finished by the plan's own `scale` (`Plan.scale`). An activity with two
    topics counts under both; by "part", under each declared party (`parties`) its ansvarlig names,
    in the plan's order of the parties."""
    if by not in GROUPINGS:  # the command line refuses any other, in Danish
        raise ValueError(f"unknown grouping {by!r}")
    activities = list(activities)
    unassigned = None
    if by == "part":
        groups, unassigned = _party_tallies(activities, parties, scale)
    else:
        grouped = group_by(activities, emne_of if by == "emne" else lambda a: (a.ansvarlig,))
        groups = [_tally(name, members, scale) for name, members in grouped.items()]
    month = month_span(today.year, today.month)
    finished = scale.finished
    return Summary(
        today=today,
        by=by,
        scale=scale,
        overall=_tally("I alt", activities, scale),
        groups=groups,
        overdue=sum(1 for a in activities if is_overdue(a, today, finished)),
        due_this_month=len(due_within(activities, month, finished=finished)),
        unassigned=unassigned,
    )


def _party_tallies(
    activities: list[Activity], parties: Sequence[Party], scale: Scale
) -> tuple[list[Tally], Tally]:
    """One tally per declared party named by some activity, and one of those naming none."""
    if not parties:
        raise PlanError("planen har ingen erklærede parter (parter: i planens hoved); se 'plan parter'")
    from dataclasses import replace

    from baeredygtig_cli.domain.parties import count_parties

    counts, unnamed = count_parties(activities, parties)
    groups = [
        replace(_tally(c.party.name, [*c.lead, *c.collaborating], scale), lead=len(c.lead))
        for c in counts
        if c.total
    ]
    return groups, _tally(UNASSIGNED, unnamed, scale)


FieldValue = str | int | tuple[str, ...] | Period | None


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of one activity, before and after. `field` is the plan file's key, or "periode"
    when only the period moved (the plan's `år` changed under a timing without a year)."""

    field: str
    before: FieldValue
    after: FieldValue


@dataclass(frozen=True, slots=True)
class Change:
    old: Activity
    new: Activity
    fields: tuple[FieldChange, ...] = ()
    notes: tuple[Note, ...] = ()  # notes the new version has that the old did not
    edited: tuple[tuple[Note, Note], ...] = ()  # notes corrected by hand: (before, after)


@dataclass(frozen=True, slots=True)
class PlanChanges:
    """What happened between two versions of the plan, matched by activity id."""

    added: list[Activity]
    removed: list[Activity]
    changed: list[Change]  # every kept activity with at least one changed field, in the new order
    status: list[Change]
    timing: list[Change]  # tidspunkt, år or the period they give
    text: list[Change]  # aktivitet, ansvarlig or emne reworded
    noted: list[Change] = field(default_factory=list)  # kept activities with new notes, in the new order
    touched: list[Change] = field(default_factory=list)  # with a changed field or note, in order
    renoted: list[Change] = field(default_factory=list)  # kept activities with a note corrected

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.noted or self.renoted)


# The fields a person edits, in the order the plan file has them.
COMPARED_FIELDS = ("tidspunkt", "år", "emne", "aktivitet", "ansvarlig", "status")


def field_changes(old: Activity, new: Activity) -> tuple[FieldChange, ...]:
    found = [
        FieldChange(name, before, after)
        for name in COMPARED_FIELDS
        if (before := _field(old, name)) != (after := _field(new, name))
    ]
    if old.period != new.period and not any(f.field in ("tidspunkt", "år") for f in found):
        found.insert(0, FieldChange("periode", old.period, new.period))
    return tuple(found)


def _field(activity: Activity, name: str) -> FieldValue:
    return activity.year if name == "år" else getattr(activity, name)


def note_changes(old: Activity, new: Activity) -> tuple[tuple[Note, ...], tuple[tuple[Note, Note], ...]]:
    """The notes `new` added, and those of `old` it corrected (before, after). Counted as a multiset:
    a note written twice and kept once was not added. A note of `new` that `old` does not have is a
    correction of one `old` lost when the two agree on two of date, text and author (a typo fixed, the
    author named, the date set right), the first such in order; otherwise it is new."""
    if old.notes == new.notes:
        return (), ()
    left = list(old.notes)
    fresh = []
    for note in new.notes:
        if note in left:
            left.remove(note)
        else:
            fresh.append(note)
    added: list[Note] = []
    edited: list[tuple[Note, Note]] = []
    for note in fresh:
        was = next((o for o in left if _alike(o, note)), None)
        if was is None:
            added.append(note)
        else:
            left.remove(was)
            edited.append((was, note))
    return tuple(added), tuple(edited)


def _alike(a: Note, b: Note) -> bool:
    return (a.day == b.day) + (a.text == b.text) + (a.author == b.author) >= 2


def compare(old: Iterable[Activity], new: Iterable[Activity]) -> PlanChanges:
    """The one diff of two plans (`plan changes`, `plan log`, staleness), matched by id.

    Both sides must be whole plans, or the same part of two plans: an activity missing because its
    version could not be read would be reported as removed (history.py and memory.py never pass
    such a version). An activity that is the same object on both sides (versions read from git share
    unchanged activities) is passed over without comparing its fields."""
    before = {a.id: a for a in old}
    after = {a.id: a for a in new}
    kept = [
        Change(was, a, field_changes(was, a), *note_changes(was, a))
        for i, a in after.items()
        if (was := before.get(i)) is not None and was is not a
    ]
    return PlanChanges(
        added=[a for i, a in after.items() if i not in before],
        removed=[a for i, a in before.items() if i not in after],
        changed=[c for c in kept if c.fields],
        status=[c for c in kept if c.old.status != c.new.status],
        timing=[c for c in kept if (c.old.tidspunkt, c.old.period) != (c.new.tidspunkt, c.new.period)],
        text=[c for c in kept if _text_of(c.old) != _text_of(c.new)],
        noted=[c for c in kept if c.notes],
        touched=[c for c in kept if c.fields or c.notes or c.edited],
        renoted=[c for c in kept if c.edited],
    )


def _text_of(a: Activity) -> tuple[str, str, tuple[str, ...]]:
    return a.aktivitet, a.ansvarlig, a.emne

"""The plan as values: frozen dataclasses that the loader builds and every query reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from baeredygtig_cli.domain.statuses import DEFAULT_STATUSES as DEFAULT_STATUSES
from baeredygtig_cli.domain.statuses import Scale, default_finished, is_finished

# More digits than any id, year or count a plan holds; Python refuses to read over 4,300 at all.
MAX_DIGITS = 18


def plain_number(text: str) -> int | None:
    """`text` as a number written in ASCII digits (an id in a sheet, a count), or None: `str.isdigit`
    also takes "²" and "١", which `int` refuses or reads as another digit, and a number longer than
    `MAX_DIGITS` is no id or count a plan holds."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS else None


@dataclass(frozen=True, slots=True)
class Period:
    """Both ends inclusive. `open_ended` is "og frem"/"fra"; `ongoing` is "Løbende"/"hele året";
    `deadline` is "senest 15. maj"/"inden 2023" (a frist: what counts is the end)."""

    start: date
    end: date
    open_ended: bool = False
    ongoing: bool = False
    deadline: bool = False

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class Note:
    """A dated note on an activity (`noter:` in the plan): why it slipped, what happens next."""

    day: date  # `dato:`
    text: str  # `tekst:`
    author: str | None = None  # `af:`, who wrote it


@dataclass(frozen=True, slots=True)
class Activity:
    """One entry of `aktiviteter:`. The five columns of the plan's table keep their Danish names here
    too (docs/DEVELOPMENT.md: naming); the rest is English, with the YAML key beside it."""

    id: int
    tidspunkt: str
    emne: tuple[str, ...]
    aktivitet: str
    ansvarlig: str
    status: str | None
    period: Period  # read from tidspunkt (and år)
    line: int = 0  # where `- id:` stands in the file
    year: int | None = None  # `år:`, an activity's own year overriding the plan's
    notes: tuple[Note, ...] = ()  # `noter:`, oldest first, as written

    @property
    def latest_note(self) -> Note | None:
        """The newest note by date (the last written of a day)."""
        return max(reversed(self.notes), key=lambda note: note.day) if self.notes else None


@dataclass(frozen=True, slots=True)
class Party:
    """A party the plan declares under `parter:`: who can be named in `ansvarlig`. `aliases` are the
    other ways the texts write it ("Direktion", "Koordinator"); `kind` is the plan's own word for
    what kind of party it is (forvaltning, udvalg, ekstern, ...); `people` the colleagues who are
    the party (`plan mig` finds a user's party by git's user.name among them)."""

    name: str  # `navn:`
    aliases: tuple[str, ...] = ()  # `alias:`
    kind: str | None = None  # `type:`
    line: int = field(default=0, compare=False)
    people: tuple[str, ...] = ()  # `personer:`: who (as git's user.name knows them) speaks for the party

    @property
    def forms(self) -> tuple[str, ...]:
        """The name and every alias: what a text may call the party."""
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Plan:
    title: str  # `titel:`
    year: int  # `år:`
    statuses: tuple[str, ...]  # `statusser:`
    activities: tuple[Activity, ...]  # `aktiviteter:`
    introduction: str | None = None  # `indledning:`
    heading: str | None = None  # `overskrift:`, over the activities
    cross_cutting: tuple[str, ...] = ()  # `gennemgående:`, efforts that run through the whole plan
    highest_id: int | None = None  # `højeste_id`: the highest id ever used, so no id is used twice
    path: Path | None = field(default=None, compare=False)
    # `afsluttet`: the status that means finished; left out, "Afsluttet" if the plan has it, else the
    # last status. Whether an activity is finished (done, never overdue) is the plan's to say.
    finished_status: str | None = None
    # `parter`: the declared parties, in the plan's order; () when the plan declares none.
    parties: tuple[Party, ...] = ()
    # `kommune` and `udvalg`: whose plan it is and the committee it reports to, declared once for the
    # council report's front matter (`plan rapport`); None when the plan does not say.
    municipality: str | None = None
    committee: str | None = None

    def __post_init__(self) -> None:
        if self.finished_status is None:
            object.__setattr__(self, "finished_status", default_finished(self.statuses))

    @property
    def scale(self) -> Scale:
        """The statuses in order with the finished one: what finished-ness and every look come from."""
        return Scale(self.statuses, self.finished_status)

    def is_finished(self, activity: Activity) -> bool:
        return is_finished(activity.status, self.finished_status)

    def activity(self, activity_id: int) -> Activity | None:
        return next((a for a in self.activities if a.id == activity_id), None)

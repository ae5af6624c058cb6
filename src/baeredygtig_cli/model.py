"""The plan as values: frozen dataclasses that the loader builds and every query reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .statuses import DEFAULT_STATUSES as DEFAULT_STATUSES
from .statuses import Scale, default_finished, is_finished


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
    """A dated note on an activity: why it slipped, what happens next. `af` is who wrote it."""

    dato: date
    tekst: str
    af: str | None = None


@dataclass(frozen=True, slots=True)
class Activity:
    id: int
    tidspunkt: str
    emne: tuple[str, ...]
    aktivitet: str
    ansvarlig: str
    status: str | None
    period: Period
    line: int = 0
    year: int | None = None  # an activity-level `år:` overriding the plan's
    noter: tuple[Note, ...] = ()  # oldest first, as written

    @property
    def latest_note(self) -> Note | None:
        """The newest note by date (the last written of a day)."""
        return max(reversed(self.noter), key=lambda note: note.dato) if self.noter else None


@dataclass(frozen=True, slots=True)
class Party:
    """A party the plan declares under `parter:`: who can be named in `ansvarlig`. `alias` holds the
    other ways the texts write it ("Direktion", "Koordinator"); `type` is the plan's own word for
    what kind of party it is (forvaltning, udvalg, ekstern, ...)."""

    navn: str
    alias: tuple[str, ...] = ()
    type: str | None = None
    line: int = field(default=0, compare=False)

    @property
    def forms(self) -> tuple[str, ...]:
        """The name and every alias: what a text may call the party."""
        return (self.navn, *self.alias)


@dataclass(frozen=True, slots=True)
class Plan:
    titel: str
    year: int
    statuses: tuple[str, ...]
    activities: tuple[Activity, ...]
    indledning: str | None = None
    overskrift: str | None = None
    gennemgaaende: tuple[str, ...] = ()
    highest_id: int | None = None  # `højeste_id`: the highest id ever used, so no id is used twice
    path: Path | None = field(default=None, compare=False)
    # `afsluttet`: the status that means finished; left out, "Afsluttet" if the plan has it, else the
    # last status. Whether an activity is finished (done, never overdue) is the plan's to say.
    finished_status: str | None = None
    # `parter`: the declared parties, in the plan's order; () when the plan declares none.
    parties: tuple[Party, ...] = ()

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

"""A plan's statuses: its words in order, which one means finished, and how each one looks.

A plan names its own statuses (`statusser:`) and the one that means finished (`afsluttet:`, by
default "Afsluttet" when the plan has it, else its last status). Every look (a Rich style for tables,
a glyph for the plain timeline, a CSS class and colour for the HTML page) is picked by the status's
POSITION on that scale, never by its word: the first is "not started", the finished one "done", the
ones between "under way", and any after the finished one (say "Aflyst") "other". So a plan with
`statusser: [Ny, Igang, Færdig]` gets the colours, glyphs and CSS of the four default words.

Pure and importing nothing of the package, so that every layer (model, queries, renderers) can use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

DEFAULT_STATUSES: tuple[str, ...] = ("Afventer", "Under forberedelse", "I gang", "Afsluttet")
DEFAULT_FINISHED = "Afsluttet"


def default_finished(statuses: Sequence[str]) -> str | None:
    """The finished status of a plan that does not say (`afsluttet:` left out): "Afsluttet" when it
    is one of the plan's statuses, else the last of them (the end of the scale)."""
    if DEFAULT_FINISHED in statuses:
        return DEFAULT_FINISHED
    return statuses[-1] if statuses else None


def is_finished(status: str | None, finished: str | None) -> bool:
    """Is `status` the plan's finished one? No status is never finished."""
    return status is not None and status == finished


@dataclass(frozen=True, slots=True)
class Look:
    """How a status is drawn. `css` names the HTML class and its colour variable; `colour` is that
    colour, behind white text, so it keeps 4.5:1 against white (WCAG 2.1 AA, checked in the tests)."""

    css: str
    style: str  # Rich style in tables and timeline bars
    glyph: str  # the timeline's bar without colour (ASCII)
    colour: str | None  # the HTML background; None: drawn as an outline (no status)


WAITING = Look("afventer", "yellow", "-", "#9a6700")  # the first status: not started
STEP_1 = Look("trin1", "dark_orange", ".", "#a0460a")  # on a long scale, the steps before PREPARING
STEP_2 = Look("trin2", "blue", ":", "#3f51b5")
PREPARING = Look("forberedelse", "cyan", "~", "#0f7c8c")
UNDERWAY = Look("igang", "bold blue", "=", "#1f5fbf")  # the step just before finished
DONE = Look("afsluttet", "green", "#", "#2e7d32")  # the finished status
OTHER = Look("other", "magenta", "+", "#8e44ad")  # after the finished one, or not in the plan
NONE = Look("none", "dim", "?", None)  # no status

# The steps between the first status and the finished one, earliest first: the last is always
# UNDERWAY, the one before it PREPARING; a longer scale takes STEP_2, STEP_1, and shares STEP_1
# beyond that.
BETWEEN: tuple[Look, ...] = (STEP_1, STEP_2, PREPARING, UNDERWAY)
COLOURED: tuple[Look, ...] = (WAITING, *BETWEEN, DONE, OTHER)  # every look with a colour, for the CSS


def look_at(index: int, finished: int) -> Look:
    """The look of the status at `index` on a scale whose finished status is at `finished`."""
    if index == finished:
        return DONE
    if index > finished:
        return OTHER
    if index == 0:
        return WAITING
    return BETWEEN[max(len(BETWEEN) - (finished - index), 0)]


@dataclass(frozen=True, slots=True)
class Scale:
    """A plan's statuses in order and the one that means finished. Built by `Plan.scale`."""

    words: tuple[str, ...]
    finished: str | None
    _looks: dict[str, Look] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        end = self.words.index(self.finished) if self.finished in self.words else len(self.words)
        looks: dict[str, Look] = {}
        for index, word in enumerate(self.words):
            looks.setdefault(word, look_at(index, end))
        object.__setattr__(self, "_looks", looks)

    def is_finished(self, status: str | None) -> bool:
        return is_finished(status, self.finished)

    def look(self, status: str | None) -> Look:
        """A status's look by its place on the scale; a word the scale lacks (an old version's) is OTHER."""
        return NONE if status is None else self._looks.get(status, OTHER)


DEFAULT_SCALE = Scale(DEFAULT_STATUSES, DEFAULT_FINISHED)

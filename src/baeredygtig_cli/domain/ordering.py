"""The orders `plan list --sort` offers. Pure, like query.py; apart from it so that an order is a
small thing to add."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from baeredygtig_cli.domain.model import Activity
from baeredygtig_cli.errors import PlanError

if TYPE_CHECKING:
    from _typeshed import SupportsRichComparison

# The Danish alphabet ends ... x y z æ ø å; code points put å before æ.
_DANISH_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})

SORT_NAMES = ("tidspunkt", "status", "ansvarlig", "id")
_ALIASES = {"start": "tidspunkt"}


def parse_sort(text: str) -> str:
    """The order's name for `text` (case-blind; `start` is `tidspunkt`), or one Danish line."""
    name = text.strip().casefold()
    name = _ALIASES.get(name, name)
    if name not in SORT_NAMES:
        raise PlanError(
            f"ukendt sortering {text!r} (vælg {', '.join(SORT_NAMES[:-1])} eller {SORT_NAMES[-1]})"
        )
    return name


def danish_key(text: str) -> str:
    """Case-blind, with æ, ø, å after z as in a Danish dictionary."""
    return text.casefold().translate(_DANISH_ORDER)


def sort_activities(activities: Iterable[Activity], by: str, statuses: Sequence[str]) -> list[Activity]:
    """Activities in the order `by` names; ties keep plan order (the sort is stable).

    tidspunkt: by period start, then end; status: in the plan's order of statuses, none last;
    ansvarlig: alphabetically, Danish; id: by number."""
    rank = {status: i for i, status in enumerate(statuses)}
    keys: dict[str, Callable[[Activity], SupportsRichComparison]] = {
        "tidspunkt": lambda a: (a.period.start, a.period.end),
        "status": lambda a: rank.get(a.status, len(rank)) if a.status is not None else len(rank) + 1,
        "ansvarlig": lambda a: danish_key(a.ansvarlig),
        "id": lambda a: a.id,
    }
    return sorted(activities, key=keys[by])

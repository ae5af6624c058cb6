"""The clock: read here and nowhere else (only the command line knows what day it is; every layer
below is given the day)."""

from __future__ import annotations

from datetime import date, datetime, timezone


def clock_now() -> datetime:
    """The only place the clock is read: the local time, with its offset from UTC."""
    return datetime.now(timezone.utc).astimezone()


def resolve_today(day: date | None) -> date:
    """`--i-dag` if given, else the local date from the clock (`clock_now`)."""
    return day if day is not None else clock_now().date()

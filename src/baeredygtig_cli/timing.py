"""The Danish timing grammar: what people write in TIDSPUNKT, read as a `Period`.

Pure functions of `(text, year)`. The vocabulary lives in the tables below; the forms are a
table of regular expressions with one small handler each. A span ("Marts-april") or an
open end ("Februar og frem") is built from two or one of those single forms.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from .errors import PlanError, TimingError
from .model import Period

MONTHS: dict[str, int] = {
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTH_NAMES: tuple[str, ...] = tuple(MONTHS)

# Seasons as whole calendar months, as DMI counts them. Winter runs into the next year.
SEASONS: dict[str, tuple[int, int]] = {
    "forår": (3, 5), "foråret": (3, 5),
    "sommer": (6, 8), "sommeren": (6, 8),
    "efterår": (9, 11), "efteråret": (9, 11),
    "vinter": (12, 2), "vinteren": (12, 2),
}  # fmt: skip

# primo/medio/ultimo: first, middle and last third of a month (ultimo runs to the month's end).
MONTH_PARTS: dict[str, tuple[int, int]] = {"primo": (1, 10), "medio": (11, 20), "ultimo": (21, 31)}

ONGOING_WORDS: tuple[str, ...] = ("løbende", "hele året", "helår", "hele perioden")
OPEN_END_SUFFIXES: tuple[str, ...] = ("og frem", "og fremefter", "og fremover", "->")
OPEN_START_PREFIXES: tuple[str, ...] = ("fra og med", "fra")
QUARTER_WORDS: tuple[str, ...] = ("kvartal", "kvt")
HALF_WORDS: tuple[str, ...] = ("halvår", "halvåret")
EASTER_WORDS: tuple[str, ...] = ("påske", "påsken")
WEEK_WORDS: tuple[str, ...] = ("uge",)

DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})

VOCABULARY: frozenset[str] = frozenset(
    word
    for table in (
        MONTHS, MONTH_ABBREVIATIONS, SEASONS, MONTH_PARTS, ONGOING_WORDS, OPEN_END_SUFFIXES,
        OPEN_START_PREFIXES, QUARTER_WORDS, HALF_WORDS, EASTER_WORDS, WEEK_WORDS,
    )
    for phrase in table
    for word in phrase.split()
)  # fmt: skip


def _alternation(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


_MONTH = rf"(?P<month>{_alternation({**MONTHS, **MONTH_ABBREVIATIONS})})\.?"
_YEAR = r"(?: (?P<year>[0-9]{4}))?"
_DAY = r"(?P<day>[0-9]{1,2})"
_WEEK = r"(?P<week>[0-9]{1,2})"


class _Span(NamedTuple):  # internal; NamedTuple is cheaper to define than a dataclass
    start: date
    end: date
    explicit_year: bool
    ongoing: bool = False


class _Impossible(Exception):
    """A form matched but names a date that does not exist ("30. februar", "uge 54")."""


def _year_of(match: re.Match[str], default: int) -> tuple[int, bool]:
    given = match.group("year") if "year" in match.re.groupindex else None
    return (int(given), True) if given else (default, False)


def _month_number(word: str) -> int:
    return MONTHS.get(word) or MONTH_ABBREVIATIONS[word]


def _month_end(year: int, month: int) -> date:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return following - timedelta(days=1)


def _day(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        if not 1 <= month <= 12:
            raise _Impossible(f"der er ingen måned {month}") from None
        raise _Impossible(f"{day}. {MONTH_NAMES[month - 1]} {year} findes ikke") from None


def _one_day(m: re.Match[str], default: int) -> _Span:
    year, explicit = _year_of(m, default)
    month = int(m["num_month"]) if "num_month" in m.re.groupindex else _month_number(m["month"])
    day = _day(year, month, int(m["day"]))
    return _Span(day, day, explicit)


def _days_in_month(m: re.Match[str], default: int) -> _Span:
    year, explicit = _year_of(m, default)
    month = _month_number(m["month"])
    return _Span(_day(year, month, int(m["day"])), _day(year, month, int(m["day2"])), explicit)


def _whole_month(m: re.Match[str], default: int) -> _Span:
    year, explicit = _year_of(m, default)
    month = _month_number(m["month"])
    return _Span(date(year, month, 1), _month_end(year, month), explicit)


def _month_part(m: re.Match[str], default: int) -> _Span:
    year, explicit = _year_of(m, default)
    month = _month_number(m["month"])
    first, last = MONTH_PARTS[m["part"]]
    start = date(year, month, first)
    return _Span(start, min(start + timedelta(days=last - first), _month_end(year, month)), explicit)


def _season(m: re.Match[str], default: int) -> _Span:
    year, explicit = _year_of(m, default)
    first, last = SEASONS[m["season"]]
    end_year = year + 1 if last < first else year
    return _Span(date(year, first, 1), _month_end(end_year, last), explicit)


def _weeks(m: re.Match[str], default: int) -> _Span:
    year, explicit = _year_of(m, default)
    first = int(m["week"])
    last = int(m["week2"] or first)
    try:
        start = date.fromisocalendar(year, first, 1)
        end = date.fromisocalendar(year, last, 7)
    except ValueError:
        raise _Impossible(f"{year} har ikke uge {first if last == first else f'{first}-{last}'}") from None
    return _Span(start, end, explicit)


def _quarter(m: re.Match[str], default: int) -> _Span:
    year, explicit = _year_of(m, default)
    quarter = int(m["n"])
    if not 1 <= quarter <= 4:
        raise _Impossible(f"et år har kun 4 kvartaler, ikke {quarter}")
    return _Span(date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter), explicit)


def _half(m: re.Match[str], default: int) -> _Span:
    year, explicit = _year_of(m, default)
    half = int(m["n"])
    if not 1 <= half <= 2:
        raise _Impossible(f"et år har kun 2 halvår, ikke {half}")
    return _Span(date(year, 6 * half - 5, 1), _month_end(year, 6 * half), explicit)


def _whole_year(m: re.Match[str], default: int) -> _Span:
    year, explicit = _year_of(m, default)
    return _Span(date(year, 1, 1), date(year, 12, 31), explicit)


def _ongoing(m: re.Match[str], default: int) -> _Span:
    span = _whole_year(m, default)
    return _Span(span.start, span.end, span.explicit_year, ongoing=True)


def _easter(m: re.Match[str], default: int) -> _Span:
    from dateutil.easter import easter  # only this form needs dateutil

    year, explicit = _year_of(m, default)
    sunday = easter(year)
    return _Span(sunday - timedelta(days=3), sunday + timedelta(days=1), explicit)


_Handler = Callable[[re.Match[str], int], _Span]

# Each single form: a pattern matched against the folded text as a whole, and its handler.
SINGLE_FORMS: tuple[tuple[re.Pattern[str], _Handler], ...] = tuple(
    (re.compile(pattern), handler)
    for pattern, handler in (
        (r"(?P<year>[0-9]{4})-(?P<num_month>[0-9]{1,2})-(?P<day>[0-9]{1,2})", _one_day),
        (rf"{_DAY}\.(?P<num_month>[0-9]{{1,2}})(?:\.(?P<year>[0-9]{{4}})?)?", _one_day),
        (rf"{_DAY}/(?P<num_month>[0-9]{{1,2}})(?:[-/](?P<year>[0-9]{{4}}))?", _one_day),
        (rf"{_DAY}\.? ?{_MONTH}{_YEAR}", _one_day),
        (rf"{_DAY}\.?[-/](?P<day2>[0-9]{{1,2}})\.? ?{_MONTH}{_YEAR}", _days_in_month),
        (rf"{_MONTH}{_YEAR}", _whole_month),
        (rf"(?P<part>{_alternation(MONTH_PARTS)}) {_MONTH}{_YEAR}", _month_part),
        (rf"(?P<season>{_alternation(SEASONS)}){_YEAR}", _season),
        (rf"(?:{_alternation(WEEK_WORDS)}) ?{_WEEK}(?:-(?P<week2>[0-9]{{1,2}}))?{_YEAR}", _weeks),
        (rf"(?P<n>[0-9])\. ?(?:{_alternation(QUARTER_WORDS)}){_YEAR}", _quarter),
        (rf"q(?P<n>[0-9]){_YEAR}", _quarter),
        (rf"(?P<n>[0-9])\. ?(?:{_alternation(HALF_WORDS)}){_YEAR}", _half),
        (rf"h(?P<n>[0-9]){_YEAR}", _half),
        (r"(?P<year>[0-9]{4})", _whole_year),
        (rf"(?:{_alternation(ONGOING_WORDS)}){_YEAR}", _ongoing),
        (rf"(?:{_alternation(EASTER_WORDS)}){_YEAR}", _easter),
    )
)  # fmt: skip

_LEADING_I = re.compile(rf"^i ?(?={_alternation({**MONTHS, **MONTH_ABBREVIATIONS, **SEASONS})}|uge|påske)")
_OPEN_END = re.compile(rf"^(?P<rest>.+?) ?(?:{_alternation(OPEN_END_SUFFIXES)})$")
_OPEN_START = re.compile(rf"^(?:{_alternation(OPEN_START_PREFIXES)}) (?P<rest>.+)$")


def fold(text: str) -> str:
    """Lower-case, one kind of dash, one space, no spaces around "-" and "/", "aa" as "å"."""
    s = text.translate(DASHES).casefold().strip()
    s = re.sub(r"\s+", " ", s).replace("aa", "å")
    s = re.sub(r" ?- ?", "-", s)
    s = re.sub(r" ?/+ ?", "/", s)
    return _LEADING_I.sub("", s)


def _single(text: str, year: int) -> _Span | None:
    for pattern, handler in SINGLE_FORMS:
        match = pattern.fullmatch(text)
        if match:
            try:
                return handler(match, year)
            except (ValueError, OverflowError):
                raise _Impossible("datoen ligger uden for kalenderen") from None
    return None


def _span(text: str, year: int) -> _Span | None:
    """Two single forms joined by "-" or "/": start of the first to end of the second."""
    impossible: _Impossible | None = None
    for cut in (i for i, ch in enumerate(text) if ch in "-/"):
        left_text, right_text = text[:cut], text[cut + 1 :]
        try:
            right = _single(right_text, year)
            if right is None:
                continue
            left = _single(left_text, right.start.year if right.explicit_year else year)
            if left is None:
                continue
            if not right.explicit_year:
                right = _single(right_text, left.start.year) or right
                if right.end < left.start:  # "november-januar" runs into the next year
                    right = _single(right_text, left.start.year + 1) or right
        except _Impossible as error:
            impossible = impossible or error
            continue
        if right.end < left.start:
            raise _Impossible("perioden slutter før den begynder")
        return _Span(left.start, right.end, left.explicit_year or right.explicit_year)
    if impossible:
        raise impossible
    return None


def _period(text: str, year: int) -> Period | None:
    open_end = _OPEN_END.match(text) or _OPEN_START.match(text)
    if open_end:
        inner = _single(open_end["rest"], year) or _span(open_end["rest"], year)
        if inner is None:
            return None
        return Period(inner.start, date(inner.end.year, 12, 31), open_ended=True)
    span = _single(text, year) or _span(text, year)
    if span is None:
        return None
    return Period(span.start, span.end, ongoing=span.ongoing)


def _suggestion(folded: str) -> str | None:
    import difflib  # only when something is wrong

    words = re.findall(r"[a-zæøåé]+", folded)
    unknown = [w for w in words if w not in VOCABULARY and len(w) > 1]
    suggestion = folded
    changed = False
    for word in unknown:
        close = difflib.get_close_matches(word, VOCABULARY, n=1, cutoff=0.7)
        if close:
            suggestion = re.sub(rf"\b{re.escape(word)}\b", close[0], suggestion)
            changed = True
    return suggestion if changed else None


@lru_cache(maxsize=4096)
def parse_timing(text: str, year: int) -> Period:
    """Read a TIDSPUNKT; `year` is the plan's year for texts that name none.

    Raises `TimingError` (naming the text) for anything else, including dates that do not
    exist: "30. februar" is an error, never quietly 29 February.
    """
    folded = fold(text)
    if not folded:
        raise TimingError(text, "teksten er tom")
    try:
        period = _period(folded, year)
    except _Impossible as impossible:
        raise TimingError(text, str(impossible)) from None
    if period is None:
        raise TimingError(text, "ukendt form; se 'plan period --help'", _suggestion(folded))
    return period


def parse_month(text: str, year: int) -> Period:
    """A month for `--month`: "marts", "mar", "3", "03" or "marts 2021"."""
    folded = fold(text)
    if folded.isdigit() and 1 <= int(folded) <= 12:
        month = int(folded)
        return Period(date(year, month, 1), _month_end(year, month))
    try:
        period = parse_timing(text, year)
    except TimingError:
        period = None
    if period and period.start.day == 1 and period.end == _month_end(period.start.year, period.start.month):
        return period
    raise PlanError(f"ukendt måned {text!r} – skriv fx 'marts', 'mar', '3' eller 'marts 2021'")


def format_date(day: date) -> str:
    """Danish long form: "5. december 2020"."""
    return f"{day.day}. {MONTH_NAMES[day.month - 1]} {day.year}"


def format_period(period: Period) -> str:
    if period.start == period.end:
        return format_date(period.start)
    return f"{format_date(period.start)} – {format_date(period.end)}"

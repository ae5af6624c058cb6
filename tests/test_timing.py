"""The Danish timing grammar as a table, like dateutil's parser tests, plus properties."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baeredygtig_cli.domain.timing import (
    MONTH_ABBREVIATIONS,
    MONTHS,
    format_date,
    format_period,
    parse_month,
    parse_timing,
)
from baeredygtig_cli.errors import PlanError, TimingError

from .conftest import SEED_TIMINGS

D = date

FORMS = [
    # a day
    ("5. december 2019", 2020, D(2019, 12, 5), D(2019, 12, 5)),
    ("29. februar", 2020, D(2020, 2, 29), D(2020, 2, 29)),
    ("29. februar 2024", 2021, D(2024, 2, 29), D(2024, 2, 29)),
    ("12.03.2020", 2021, D(2020, 3, 12), D(2020, 3, 12)),
    ("12.3", 2021, D(2021, 3, 12), D(2021, 3, 12)),
    ("2020-03-12", 2021, D(2020, 3, 12), D(2020, 3, 12)),
    ("12/3", 2020, D(2020, 3, 12), D(2020, 3, 12)),
    ("12/3-2021", 2020, D(2021, 3, 12), D(2021, 3, 12)),
    ("5 marts", 2020, D(2020, 3, 5), D(2020, 3, 5)),
    ("  5.   MARTS ", 2020, D(2020, 3, 5), D(2020, 3, 5)),
    ("5.\u00a0marts", 2020, D(2020, 3, 5), D(2020, 3, 5)),
    # days in one month; a span of two dates
    ("1.-15. marts", 2020, D(2020, 3, 1), D(2020, 3, 15)),
    ("1.–15. marts 2021", 2020, D(2021, 3, 1), D(2021, 3, 15)),
    ("15. marts - 15. april", 2020, D(2020, 3, 15), D(2020, 4, 15)),
    ("15. december - 15. januar", 2020, D(2020, 12, 15), D(2021, 1, 15)),
    # a month, with or without year, full or abbreviated
    ("marts 2021", 2020, D(2021, 3, 1), D(2021, 3, 31)),
    ("i marts", 2020, D(2020, 3, 1), D(2020, 3, 31)),
    ("februar", 2021, D(2021, 2, 1), D(2021, 2, 28)),
    ("jan", 2020, D(2020, 1, 1), D(2020, 1, 31)),
    ("feb.", 2020, D(2020, 2, 1), D(2020, 2, 29)),
    ("mar", 2020, D(2020, 3, 1), D(2020, 3, 31)),
    ("apr", 2020, D(2020, 4, 1), D(2020, 4, 30)),
    ("maj", 2020, D(2020, 5, 1), D(2020, 5, 31)),
    ("jun", 2020, D(2020, 6, 1), D(2020, 6, 30)),
    ("jul.", 2020, D(2020, 7, 1), D(2020, 7, 31)),
    ("aug", 2020, D(2020, 8, 1), D(2020, 8, 31)),
    ("sep", 2020, D(2020, 9, 1), D(2020, 9, 30)),
    ("sept.", 2020, D(2020, 9, 1), D(2020, 9, 30)),
    ("okt", 2020, D(2020, 10, 1), D(2020, 10, 31)),
    ("nov", 2020, D(2020, 11, 1), D(2020, 11, 30)),
    ("dec 2022", 2020, D(2022, 12, 1), D(2022, 12, 31)),
    # spans of months
    ("Marts – maj", 2020, D(2020, 3, 1), D(2020, 5, 31)),
    ("jan-feb", 2021, D(2021, 1, 1), D(2021, 2, 28)),
    ("november-januar", 2020, D(2020, 11, 1), D(2021, 1, 31)),
    ("marts-maj 2021", 2020, D(2021, 3, 1), D(2021, 5, 31)),
    ("marts 2023-maj", 2020, D(2023, 3, 1), D(2023, 5, 31)),
    ("december 2020-februar 2021", 2020, D(2020, 12, 1), D(2021, 2, 28)),
    # open-ended
    ("I februar og frem", 2020, D(2020, 2, 1), D(2020, 12, 31)),
    ("fra maj", 2020, D(2020, 5, 1), D(2020, 12, 31)),
    ("fra 15. maj 2021", 2020, D(2021, 5, 15), D(2021, 12, 31)),
    # the whole year; a year; years
    ("løbende", 2021, D(2021, 1, 1), D(2021, 12, 31)),
    ("hele året", 2020, D(2020, 1, 1), D(2020, 12, 31)),
    ("2021", 2020, D(2021, 1, 1), D(2021, 12, 31)),
    ("2020-2025", 2020, D(2020, 1, 1), D(2025, 12, 31)),
    # seasons, and spans of seasons
    ("forår", 2020, D(2020, 3, 1), D(2020, 5, 31)),
    ("Sommer 2021", 2020, D(2021, 6, 1), D(2021, 8, 31)),
    ("efterår", 2020, D(2020, 9, 1), D(2020, 11, 30)),
    ("foraar", 2020, D(2020, 3, 1), D(2020, 5, 31)),
    ("forår/sommer", 2020, D(2020, 3, 1), D(2020, 8, 31)),
    ("sommer-efterår", 2020, D(2020, 6, 1), D(2020, 11, 30)),
    ("vinter", 2020, D(2020, 12, 1), D(2021, 2, 28)),
    # primo / medio / ultimo
    ("primo april", 2020, D(2020, 4, 1), D(2020, 4, 10)),
    ("medio april", 2020, D(2020, 4, 11), D(2020, 4, 20)),
    ("ultimo april", 2020, D(2020, 4, 21), D(2020, 4, 30)),
    ("ultimo feb. 2021", 2020, D(2021, 2, 21), D(2021, 2, 28)),
    ("ultimo februar", 2020, D(2020, 2, 21), D(2020, 2, 29)),
    ("Primo marts - ultimo maj", 2020, D(2020, 3, 1), D(2020, 5, 31)),
    # ISO weeks
    ("uge 12", 2020, D(2020, 3, 16), D(2020, 3, 22)),
    ("Uge 1", 2021, D(2021, 1, 4), D(2021, 1, 10)),
    ("uge 10-12", 2020, D(2020, 3, 2), D(2020, 3, 22)),
    ("uge 7 2021", 2020, D(2021, 2, 15), D(2021, 2, 21)),
    ("uge 53", 2020, D(2020, 12, 28), D(2021, 1, 3)),
    # quarters and halves
    ("1. kvartal", 2020, D(2020, 1, 1), D(2020, 3, 31)),
    ("4. kvartal 2021", 2020, D(2021, 10, 1), D(2021, 12, 31)),
    ("Q3", 2020, D(2020, 7, 1), D(2020, 9, 30)),
    ("q2 2022", 2020, D(2022, 4, 1), D(2022, 6, 30)),
    ("1. halvår", 2020, D(2020, 1, 1), D(2020, 6, 30)),
    ("2. halvår 2021", 2020, D(2020 + 1, 7, 1), D(2021, 12, 31)),
    # Easter: skærtorsdag to 2. påskedag
    ("påske", 2020, D(2020, 4, 9), D(2020, 4, 13)),
    ("påske 2021", 2020, D(2021, 4, 1), D(2021, 4, 5)),
    ("I påsken", 2024, D(2024, 3, 28), D(2024, 4, 1)),
]

# dateutil's guard (tests/test_parser.py): a row written twice runs twice and hides the row meant instead.
ALL_ROWS = FORMS + SEED_TIMINGS
assert len(set(ALL_ROWS)) == len(ALL_ROWS), "duplicate rows in the timing tables"
assert len({(text, year) for text, year, *_ in ALL_ROWS}) == len(ALL_ROWS), "a text and year twice"


@pytest.mark.parametrize(("text", "year", "start", "end"), ALL_ROWS)
def test_reads_timing(text: str, year: int, start: date, end: date) -> None:
    period = parse_timing(text, year)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "open_ended", "ongoing"),
    [("Februar og frem", True, False), ("fra maj", True, False), ("Løbende", False, True),
     ("hele året", False, True), ("Marts-april", False, False), ("2021", False, False)],
)  # fmt: skip
def test_flags(text: str, open_ended: bool, ongoing: bool) -> None:
    period = parse_timing(text, 2020)
    assert (period.open_ended, period.ongoing) == (open_ended, ongoing)


ERRORS = [
    ("30. februar", "findes ikke"),
    ("29. februar 2021", "findes ikke"),
    ("31. april", "findes ikke"),
    ("32. marts", "findes ikke"),
    ("12/13", "ingen måned 13"),
    ("uge 54", "har ikke uge 54"),
    ("uge 53 2021", "har ikke uge 53"),
    ("uge 0", "har ikke uge 0"),
    ("5. kvartal", "kvartal"),
    ("Q0", "kvartal"),
    ("3. halvår", "halvår"),
    ("maj-marts 2020", "slutter før"),
    ("", "tom"),
    ("   ", "tom"),
    ("snart", "ukendt form"),
    ("Martz", "mente du"),
    ("marts og", "ukendt form"),
    ("13", "ukendt form"),
]


@pytest.mark.parametrize(("text", "reason"), ERRORS)
def test_rejects(text: str, reason: str) -> None:
    with pytest.raises(TimingError) as caught:
        parse_timing(text, 2020)
    message = str(caught.value)
    assert reason in message
    assert repr(text) in message


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [("Martz", "marts"), ("Febuar og frem", "februar og frem"), ("Lobende", "løbende"),
     ("primo aprl", "primo april"), ("forår//somer", "forår/sommer")],
)  # fmt: skip
def test_suggests_close_words(text: str, suggestion: str) -> None:
    with pytest.raises(TimingError) as caught:
        parse_timing(text, 2020)
    assert caught.value.suggestion == suggestion
    assert f"mente du {suggestion!r}?" in str(caught.value)


def test_timing_error_is_a_plan_error() -> None:
    assert issubclass(TimingError, PlanError)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [("marts", D(2020, 3, 1), D(2020, 3, 31)), ("mar", D(2020, 3, 1), D(2020, 3, 31)),
     ("3", D(2020, 3, 1), D(2020, 3, 31)), ("03", D(2020, 3, 1), D(2020, 3, 31)),
     ("marts 2021", D(2021, 3, 1), D(2021, 3, 31)), ("Februar", D(2020, 2, 1), D(2020, 2, 29))],
)  # fmt: skip
def test_parse_month(text: str, start: date, end: date) -> None:
    period = parse_month(text, 2020)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("text", ["13", "0", "marts-april", "5. marts", "martz", "", "løbende"])
def test_parse_month_rejects(text: str) -> None:
    with pytest.raises(PlanError, match="ukendt måned"):
        parse_month(text, 2020)


def test_danish_dates() -> None:
    assert format_date(D(2020, 12, 5)) == "5. december 2020"
    assert format_period(parse_timing("Marts-april", 2020)) == "1. marts 2020 – 30. april 2020"
    assert format_period(parse_timing("5. december", 2019)) == "5. december 2019"


# --- properties ---------------------------------------------------------------------------------

ALPHABET = st.sampled_from([*"0123456789 ./-–aefgijklmnoprstuvæøåAFIMLQ", "\u00a0", "\t", "\n"])
WORDS = st.sampled_from(
    [*MONTHS, *MONTH_ABBREVIATIONS, "og frem", "fra", "uge", "kvartal", "halvår", "primo", "ultimo",
     "forår", "sommer", "påske", "løbende", "q", "i", "-", "/", "//", ".", " ", "2020", "53", "29", "1."]
)  # fmt: skip


ANY_TEXT = st.one_of(
    st.text(max_size=40), st.text(ALPHABET, max_size=25), st.lists(WORDS, max_size=6).map("".join)
)


@given(ANY_TEXT, st.integers(min_value=1, max_value=9999))
def test_anything_is_a_period_or_a_timing_error(text: str, year: int) -> None:
    try:
        period = parse_timing(text, year)
    except TimingError as error:
        assert error.text == text
    else:
        assert period.start <= period.end


@given(
    st.integers(min_value=1900, max_value=2100),
    st.integers(min_value=1, max_value=12),
    st.data(),
)
def test_generated_day_month_year_round_trips(year: int, month: int, data: st.DataObject) -> None:
    day = data.draw(st.integers(min_value=1, max_value=calendar.monthrange(year, month)[1]))
    names = [n for n, m in {**MONTHS, **MONTH_ABBREVIATIONS}.items() if m == month]
    name = data.draw(st.sampled_from(names))
    dot = data.draw(st.sampled_from(["", "."])) if name in MONTH_ABBREVIATIONS else ""
    casing = data.draw(st.sampled_from([str.lower, str.capitalize, str.upper]))
    text = f"{day}. {casing(name)}{dot} {year}"
    period = parse_timing(text, 2000)
    assert period.start == period.end == date(year, month, day)


@given(
    st.integers(min_value=1900, max_value=2100),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=12),
)
def test_generated_month_spans(year: int, first: int, last: int) -> None:
    names = list(MONTHS)
    period = parse_timing(f"{names[first - 1]}-{names[last - 1]}", year)
    end_year = year if last >= first else year + 1
    assert period.start == date(year, first, 1)
    assert period.end == date(end_year, last, calendar.monthrange(end_year, last)[1])


@given(st.integers(min_value=1900, max_value=2100), st.integers(min_value=1, max_value=53))
def test_generated_weeks(year: int, week: int) -> None:
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        with pytest.raises(TimingError):
            parse_timing(f"uge {week} {year}", 2000)
        return
    period = parse_timing(f"uge {week} {year}", 2000)
    assert period.start == monday
    assert (period.end - period.start).days == 6

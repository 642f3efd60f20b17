"""Event dates resolved against the publication date, preferring the past."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from worker.core.dates import is_historical, resolve_date
from worker.core.records import EventDate

FRIDAY = date(2022, 1, 21)  # the seed story's publication date
MONDAY = date(2023, 5, 15)
NEW_YEAR = date(2024, 1, 2)  # a Tuesday, days into a new year

# (phrase, reference) -> (text, value, precision)
CASES: list[tuple[str, date, tuple[str, str, str]]] = [
    # absolute dates: the reference's year, or last year's when over two days ahead
    ("Jan 21", FRIDAY, ("Jan 21", "2022-01-21", "day")),
    ("on Jan 20", FRIDAY, ("Jan 20", "2022-01-20", "day")),
    ("21 January", FRIDAY, ("21 January", "2022-01-21", "day")),
    ("January 21, 2022", FRIDAY, ("January 21, 2022", "2022-01-21", "day")),
    ("Jan. 21st", FRIDAY, ("Jan. 21st", "2022-01-21", "day")),
    ("the 20th of January", FRIDAY, ("20th of January", "2022-01-20", "day")),
    ("Sept. 11, 2001", FRIDAY, ("Sept. 11, 2001", "2001-09-11", "day")),
    ("March 3", FRIDAY, ("March 3", "2021-03-03", "day")),
    ("Jan 23", FRIDAY, ("Jan 23", "2022-01-23", "day")),  # two days ahead: kept
    ("Jan 24", FRIDAY, ("Jan 24", "2021-01-24", "day")),  # three days ahead: last year's
    ("Dec 30", NEW_YEAR, ("Dec 30", "2023-12-30", "day")),
    ("on Friday, Jan 14", FRIDAY, ("Jan 14", "2022-01-14", "day")),  # the absolute date wins
    ("2022-01-20", FRIDAY, ("2022-01-20", "2022-01-20", "day")),
    ("20/01/2022", FRIDAY, ("20/01/2022", "2022-01-20", "day")),  # dateparser, day first
    ("January the 20th", FRIDAY, ("January the 20th", "2022-01-20", "day")),  # dateparser
    # weekdays: the same day, else the past six days
    ("on Friday", FRIDAY, ("on Friday", "2022-01-21", "day")),
    ("Friday", FRIDAY, ("Friday", "2022-01-21", "day")),
    ("Friday's attack", FRIDAY, ("Friday's", "2022-01-21", "day")),
    ("late Thursday", FRIDAY, ("late Thursday", "2022-01-20", "day")),
    ("early Sunday", FRIDAY, ("early Sunday", "2022-01-16", "day")),
    ("Monday night", FRIDAY, ("Monday night", "2022-01-17", "day")),
    ("on Wednesday", FRIDAY, ("on Wednesday", "2022-01-19", "day")),
    ("on Saturday", FRIDAY, ("on Saturday", "2022-01-15", "day")),
    ("overnight Thursday", FRIDAY, ("overnight Thursday", "2022-01-20", "day")),
    (
        "in the early hours of Saturday",
        FRIDAY,
        ("in the early hours of Saturday", "2022-01-15", "day"),
    ),
    ("late on Thursday night", FRIDAY, ("late on Thursday night", "2022-01-20", "day")),
    (
        "on the night of Thursday to Friday",
        FRIDAY,
        ("on the night of Thursday", "2022-01-20", "day"),
    ),
    ("last Friday", FRIDAY, ("last Friday", "2022-01-14", "day")),
    ("last Thursday", FRIDAY, ("last Thursday", "2022-01-20", "day")),
    ("next Friday", FRIDAY, ("next Friday", "2022-01-28", "day")),
    ("on Sunday", MONDAY, ("on Sunday", "2023-05-14", "day")),
    ("on Monday", MONDAY, ("on Monday", "2023-05-15", "day")),
    ("on Tuesday", MONDAY, ("on Tuesday", "2023-05-09", "day")),
    # relative days
    ("yesterday", FRIDAY, ("yesterday", "2022-01-20", "day")),
    ("overnight", FRIDAY, ("overnight", "2022-01-20", "day")),
    ("the previous night", FRIDAY, ("the previous night", "2022-01-20", "day")),
    ("a car bomb the previous night", FRIDAY, ("the previous night", "2022-01-20", "day")),
    ("last night", FRIDAY, ("last night", "2022-01-20", "day")),
    ("late last night", FRIDAY, ("late last night", "2022-01-20", "day")),
    ("today", FRIDAY, ("today", "2022-01-21", "day")),
    ("this morning", FRIDAY, ("this morning", "2022-01-21", "day")),
    ("the day before yesterday", FRIDAY, ("the day before yesterday", "2022-01-19", "day")),
    ("tomorrow", FRIDAY, ("tomorrow", "2022-01-22", "day")),
    # "the coming days/weeks/months": ahead of the reference, like "tomorrow" and "next ..."
    ("in the coming days", FRIDAY, ("the coming days", "2022-01-22", "day")),
    ("in the coming weeks", FRIDAY, ("the coming weeks", "2022-01-24", "week")),
    ("over the coming months", FRIDAY, ("the coming months", "2022-02-01", "month")),
    ("three days ago", FRIDAY, ("three days ago", "2022-01-18", "day")),
    ("10 days ago", FRIDAY, ("10 days ago", "2022-01-11", "day")),
    ("a few days ago", FRIDAY, ("a few days ago", "2022-01-17", "week")),
    # weeks: the Monday of the week
    ("last week", FRIDAY, ("last week", "2022-01-10", "week")),
    ("earlier this week", FRIDAY, ("earlier this week", "2022-01-17", "week")),
    ("two weeks ago", FRIDAY, ("two weeks ago", "2022-01-03", "week")),
    ("over the weekend", FRIDAY, ("over the weekend", "2022-01-15", "week")),
    ("over the weekend", MONDAY, ("over the weekend", "2023-05-13", "week")),
    # months: the first day
    ("earlier this month", FRIDAY, ("earlier this month", "2022-01-01", "month")),
    ("this month", FRIDAY, ("this month", "2022-01-01", "month")),
    ("last month", FRIDAY, ("last month", "2021-12-01", "month")),
    ("last month", MONDAY, ("last month", "2023-04-01", "month")),
    ("in March", FRIDAY, ("in March", "2021-03-01", "month")),
    ("in March", MONDAY, ("in March", "2023-03-01", "month")),
    ("in May", MONDAY, ("in May", "2023-05-01", "month")),
    ("last May", MONDAY, ("last May", "2022-05-01", "month")),
    ("mid-March", MONDAY, ("mid-March", "2023-03-01", "month")),
    ("since late October", MONDAY, ("since late October", "2022-10-01", "month")),
    ("March 2021", FRIDAY, ("March 2021", "2021-03-01", "month")),
    ("six months ago", MONDAY, ("six months ago", "2022-11-01", "month")),
    # historical: a value, at month precision
    ("nearly three years ago", FRIDAY, ("nearly three years ago", "2019-01-01", "month")),
    ("more than a decade ago", MONDAY, ("more than a decade ago", "2013-05-01", "month")),
    ("last year", MONDAY, ("last year", "2022-01-01", "month")),
    ("in 2019", FRIDAY, ("in 2019", "2019-01-01", "month")),
    ("since 2011", FRIDAY, ("since 2011", "2011-01-01", "month")),
]


@pytest.mark.parametrize(("phrase", "reference", "expected"), CASES, ids=[f"{c[0]}@{c[1]}" for c in CASES])
def test_resolve_date(phrase: str, reference: date, expected: tuple[str, str, str]) -> None:
    found = resolve_date(phrase, reference)
    assert found is not None
    assert (found["text"], found["value"], found["precision"]) == expected


@pytest.mark.parametrize(
    "phrase",
    [
        "",
        "the 38-year-old",
        "38-year-old",
        "a three-year war",
        "hours after the prison attack began",
        "hours later",
        "the next day",
        "this year",
        "earlier this year",
        "they may return",
        "May",
        "the March of the Volunteers",
        "11 soldiers",
        "in 2022",
        "Jan 32",
    ],
)
def test_not_a_date_of_the_event(phrase: str) -> None:
    assert resolve_date(phrase, FRIDAY) is None


@pytest.mark.parametrize(
    ("value", "precision", "historical"),
    [
        ("2022-01-20", "day", False),
        ("2021-12-22", "day", False),  # 30 days before: not over 30
        ("2021-12-21", "day", True),  # 31 days before
        ("2021-12-01", "month", False),  # December ends 21 days before
        ("2021-11-01", "month", True),
        ("2021-12-20", "week", False),  # that week ends on the 26th, 26 days before
        ("2021-12-13", "week", True),  # ends on the 19th, 33 days before
        ("2019-01-01", "month", True),
    ],
)
def test_is_historical(value: str, precision: str, historical: bool) -> None:
    event: EventDate = {"text": value, "value": value, "precision": precision}  # type: ignore[typeddict-item]
    assert is_historical(event, FRIDAY) is historical


def test_is_historical_window() -> None:
    event: EventDate = {"text": "", "value": "2022-01-01", "precision": "day"}
    assert not is_historical(event, FRIDAY, days=30)
    assert is_historical(event, FRIDAY, days=7)


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
REFERENCES = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))


@settings(deadline=None)
@given(
    reference=REFERENCES,
    weekday=st.sampled_from(WEEKDAYS),
    before=st.sampled_from(["on", "late", "early", ""]),
)
def test_weekdays_fall_in_the_past_week(reference: date, weekday: str, before: str) -> None:
    found = resolve_date(f"{before} {weekday} night".strip(), reference)
    assert found is not None
    value = date.fromisoformat(found["value"])
    assert reference - timedelta(days=6) <= value <= reference
    assert WEEKDAYS[value.weekday()] == weekday


@settings(deadline=None)
@given(reference=REFERENCES, day=st.dates(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31)))
def test_month_day_lands_within_a_year_before(reference: date, day: date) -> None:
    found = resolve_date(day.strftime("%B %-d"), reference)
    if found is None:  # February 29th in a year without one
        assert (day.month, day.day) == (2, 29)
        return
    value = date.fromisoformat(found["value"])
    assert (value.month, value.day) == (day.month, day.day)
    assert reference - timedelta(days=366) < value <= reference + timedelta(days=2)


@settings(deadline=None, max_examples=300)
@given(phrase=st.text(max_size=60), reference=REFERENCES)
def test_never_raises(phrase: str, reference: date) -> None:
    found = resolve_date(phrase, reference)
    if found is not None:
        date.fromisoformat(found["value"])
        assert found["precision"] in {"day", "week", "month"}
        assert found["text"]


WORDS = [
    "late",
    "early",
    "on",
    "last",
    "next",
    "Thursday",
    "night",
    "ago",
    "three",
    "years",
    "a",
    "few",
    "days",
    "week",
    "month",
    "this",
    "in",
    "March",
    "Jan",
    "21",
    "2019",
    "overnight",
    "yesterday",
    "the",
    "previous",
    "nearly",
    "weekend",
    "-",
    "mid",
    ",",
    "since",
    "38-year-old",
    "hours",
    "after",
]


@settings(deadline=None, max_examples=400)
@given(words=st.lists(st.sampled_from(WORDS), max_size=7), reference=REFERENCES)
def test_word_salad_resolves_sanely(words: list[str], reference: date) -> None:
    phrase = " ".join(words)
    found = resolve_date(phrase, reference)
    if found is not None:
        value = date.fromisoformat(found["value"])
        assert found["text"] in phrase
        years = re.findall(r"\b\d{4}\b", found["text"])
        if years and "ago" not in found["text"]:  # a stated year is taken at its word, even after the reference
            assert value.year == int(years[-1])
        else:
            # Only "next ..." and "tomorrow" look ahead, by at most one unit of the precision.
            ahead = {"day": 7, "week": 14, "month": 62}[found["precision"]]
            assert value <= reference + timedelta(days=ahead)

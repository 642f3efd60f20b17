"""Event dates from phrases, resolved against the publication date, preferring the past.

A small grammar (vocabulary in ``lexicons/dates.toml``) reads what wire copy says; dateparser
reads only numeric and unusual absolute dates, which the grammar leaves alone. With a
reference of Friday 2022-01-21:

=====================================  ==========  =========  ==============================
phrase                                 value       precision  rule
=====================================  ==========  =========  ==============================
"Jan 21", "21 January", "Jan. 21st"    2022-01-21  day        year of the reference; a date
"March 3"                              2021-03-03  day        over 2 days ahead is last year's
"on Friday", "Friday's attack"         2022-01-21  day        same day, else the past 6 days
"late Thursday", "Thursday night"      2022-01-20  day        modifiers keep the day
"last Friday"                          2022-01-14  day        a week back on the same weekday
"next Friday"                          2022-01-28  day        future, returned as such
"yesterday", "overnight", "last        2022-01-20  day        a table of day offsets
night", "the previous night"
"today", "this morning"                2022-01-21  day
"three days ago"                       2022-01-18  day
"last week"                            2022-01-10  week       the Monday of that week
"over the weekend"                     2022-01-15  week       the Saturday on or before
"this month", "earlier this month"     2022-01-01  month      the 1st of that month
"last month"                           2021-12-01  month
"in March", "mid-March", "March 2021"  2021-03-01  month      most recent such month
"nearly three years ago"               2019-01-01  month      historical: month precision
"last year", "in 2019"                 2021-01-01  month      historical: January 1st
"this year", "38-year-old", "hours     None                   not a date of the event
after the attack", "the next day"
=====================================  ==========  =========  ==============================
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Literal

import dateparser

from worker.core.lexicons import load_toml
from worker.core.records import EventDate

Precision = Literal["day", "week", "month"]

_AHEAD_DAYS = 2  # a bare "Jan 23" up to two days after the reference is this year's
_NUMERIC = re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})\b")
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b")
_YEAR = re.compile(
    r"\b(?:in|since|during|by|until|from|early|late|mid|throughout)\s+(?P<year>(?:19|20)\d\d)\b",
    re.I,
)
_COARSER: dict[str, Precision] = {"day": "week", "week": "month", "month": "month", "year": "month"}
_DATEPARSER_SETTINGS = {
    "PREFER_DATES_FROM": "past",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "REQUIRE_PARTS": ["day", "month"],
    "DATE_ORDER": "DMY",  # wire agencies outside the US write the day first
}


@dataclass(frozen=True, slots=True)
class _Grammar:
    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    absolute: tuple[re.Pattern[str], ...]
    weekday: re.Pattern[str]
    future: frozenset[str]
    tables: tuple[tuple[re.Pattern[str], Mapping[str, int], str], ...]  # pattern, offsets, unit
    weekend: re.Pattern[str]
    ago: re.Pattern[str]
    ago_numbers: Mapping[str, int]
    ago_vague: frozenset[str]
    ago_units: Mapping[str, str]
    month_only: re.Pattern[str]
    month_names: re.Pattern[str]


def resolve_date(phrase: str, reference: date) -> EventDate | None:
    """Resolve a date phrase against the publication date, preferring the past.

    Args:
        phrase: e.g. "late Thursday", "on Friday", "Jan 21", "last week", "in March".
        reference: the publication date.

    Returns:
        The date, its ``text`` the words it was read from; None when the phrase dates no
        event ("38-year-old", "hours later", "this year"). Historical phrases ("nearly three
        years ago", "in 2019") do return a date, at month precision, so that callers can tell
        an old event from today's with :func:`is_historical`.

    """
    grammar = _grammar()
    for resolver in (_absolute, _weekday, _tables, _weekend, _ago, _month_only, _year, _fallback):
        found = resolver(phrase, reference, grammar)
        if found is not None:
            return found
    return None


def is_historical(value: EventDate, reference: date, *, days: int = 30) -> bool:
    """Tell whether the whole period of ``value`` ended more than ``days`` before ``reference``.

    A day ends on itself, a week six days after its Monday, a month on its last day; so
    "last month" said on January 21st (December) is not historical at 30 days.
    """
    start = date.fromisoformat(value["value"])
    if value["precision"] == "week":
        end = start + timedelta(days=6)
    elif value["precision"] == "month":
        end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    else:
        end = start
    return (reference - end).days > days


def _absolute(phrase: str, reference: date, g: _Grammar) -> EventDate | None:
    matches = [m for pattern in g.absolute if (m := pattern.search(phrase)) is not None]
    for match in sorted(matches, key=lambda m: m.start()):
        parts = match.groupdict()
        named = parts["month"].lower()
        month = int(named) if named.isdigit() else g.months[named]
        year = int(parts["year"]) if parts.get("year") else None
        value = _day(year or reference.year, month, int(parts["day"]))
        if value is not None and year is None and (value - reference).days > _AHEAD_DAYS:
            value = _day(reference.year - 1, month, int(parts["day"]))
        if value is not None:
            return _event(match.group(), value, "day")
    return None


def _weekday(phrase: str, reference: date, g: _Grammar) -> EventDate | None:
    match = g.weekday.search(phrase)
    if match is None:
        return None
    weekday = g.weekdays[match["weekday"].lower()]
    before = " ".join((match["before"] or "").lower().split())
    if before in g.future:
        value = reference + timedelta(days=(weekday - reference.weekday()) % 7 or 7)
    else:
        back = (reference.weekday() - weekday) % 7
        value = reference - timedelta(days=back or (7 if before == "last" else 0))
    return _event(match.group(), value, "day")


def _tables(phrase: str, reference: date, g: _Grammar) -> EventDate | None:
    for pattern, offsets, unit in g.tables:
        match = pattern.search(phrase)
        if match is not None:
            count = offsets[" ".join(match.group().lower().split())]
            return _shift(match.group(), reference, count, unit)
    return None


def _weekend(phrase: str, reference: date, g: _Grammar) -> EventDate | None:
    match = g.weekend.search(phrase)
    if match is None:
        return None
    saturday = reference - timedelta(days=(reference.weekday() - 5) % 7)
    return _event(match.group(), saturday, "week")


def _ago(phrase: str, reference: date, g: _Grammar) -> EventDate | None:
    match = g.ago.search(phrase)
    if match is None:
        return None
    amount = " ".join(match["number"].lower().split())
    count = int(amount) if amount.isdigit() else g.ago_numbers[amount]
    unit = g.ago_units[match["unit"].lower()]
    if unit == "decade":
        unit, count = "year", count * 10
    try:
        found = _shift(match.group(), reference, count, unit)
    except (ValueError, OverflowError):  # "2019 years ago": before the calendar begins
        return None
    if amount in g.ago_vague:  # "a few days ago": no day to name
        found["precision"] = _COARSER[unit]
        value = date.fromisoformat(found["value"])
        start = value - timedelta(days=value.weekday()) if unit == "day" else value.replace(day=1)
        found["value"] = start.isoformat()
    return found


def _month_only(phrase: str, reference: date, g: _Grammar) -> EventDate | None:
    match = g.month_only.search(phrase)
    if match is None:
        return None
    month = g.months[(match["month"] or match["month2"]).lower()]
    year_text = match["year"] or match["year2"]
    if year_text:
        year = int(year_text)
    elif (match["cue"] or "").lower() == "last":
        year = reference.year if month < reference.month else reference.year - 1
    else:
        year = reference.year if month <= reference.month else reference.year - 1
    value = _day(year, month, 1)  # None for "March 0000"
    return _event(match.group(), value, "month") if value is not None else None


def _year(phrase: str, reference: date, g: _Grammar) -> EventDate | None:
    match = _YEAR.search(phrase)
    if match is None or int(match["year"]) >= reference.year:
        return None  # the current year dates nothing
    return _event(match.group(), date(int(match["year"]), 1, 1), "month")


def _fallback(phrase: str, reference: date, g: _Grammar) -> EventDate | None:
    if any(pattern.search(phrase) for pattern in g.absolute):
        # The grammar read a month and day and found no such past day (29 February in a
        # common year): dateparser would reach back years for one, which dates nothing.
        return None
    numeric = _NUMERIC.search(phrase)
    if numeric is None and g.month_names.search(phrase) is None:
        return None  # dateparser reads too much into other words ("may", "38-year-old")
    text = numeric.group() if numeric is not None else phrase.strip()
    base = datetime(reference.year, reference.month, reference.day)
    parsed = dateparser.parse(text, languages=["en"], settings={**_DATEPARSER_SETTINGS, "RELATIVE_BASE": base})
    return _event(text, parsed.date(), "day") if parsed is not None else None


def _shift(text: str, reference: date, count: int, unit: str) -> EventDate:
    """Date ``count`` units before ``reference``: a day, a week's Monday or a month's 1st."""
    if unit == "day":
        return _event(text, reference - timedelta(days=count), "day")
    if unit == "week":
        value = reference - timedelta(days=7 * count)
        return _event(text, value - timedelta(days=value.weekday()), "week")
    if unit == "calendar year":
        return _event(text, date(reference.year - count, 1, 1), "month")
    back = count * 12 if unit == "year" else count
    months = reference.year * 12 + reference.month - 1 - back
    return _event(text, date(months // 12, months % 12 + 1, 1), "month")


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _event(text: str, value: date, precision: Precision) -> EventDate:
    return {"text": text.strip(), "value": value.isoformat(), "precision": precision}


def _alternation(phrases: Iterable[str]) -> str:
    """Return a regex alternation of phrases, longest first, spaces matching any whitespace."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)


@cache
def _grammar() -> _Grammar:
    data = load_toml("dates")
    names = data["months"]["names"]
    months = {name: i + 1 for i, name in enumerate(names)}
    months |= {abbr: i + 1 for i, abbr in enumerate(data["months"]["abbreviations"])}
    months |= data["months"]["extra"]
    month, full_month = _alternation(months), _alternation(names)
    weekdays = {name: i for i, name in enumerate(data["weekdays"]["names"])}
    wd, ago = data["weekday"], data["ago"]
    year = r"(?:,?\s+(?P<year>\d{4})\b)?"
    day = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    tables = tuple(
        (_phrases(offsets.values()), _offsets(offsets), unit)
        for key, unit in (
            ("days_before", "day"),
            ("weeks_before", "week"),
            ("months_before", "month"),
            ("calendar_years_before", "calendar year"),
        )
        for offsets in [{k: v for k, v in data[key].items() if k.lstrip("-").isdigit()}]
    )
    weekday = (
        rf"(?:\b(?P<before>{_alternation([*wd['before'], *wd['future']])})\s+)?"
        rf"\b(?P<weekday>{_alternation(weekdays)})(?:['\u2019]s)?\b"
        rf"(?:\s+(?:{_alternation(wd['after'])})\b)?"
    )
    numbers = _alternation([*ago["numbers"], *ago["vague"]])
    ago_pattern = (
        rf"\b(?:(?:{_alternation(ago['hedges'])})\s+)?(?P<number>\d+|{numbers})\s+"
        rf"(?P<unit>{_alternation(ago['units'])})\s+(?:{_alternation(ago['words'])})\b"
    )
    month_only = (
        rf"\b(?P<cue>{_alternation(data['month_cues']['before'])})(?:\s+|\s*-\s*)"
        rf"(?P<month>{full_month})\b(?:\s+(?P<year>\d{{4}})\b)?"
        rf"|\b(?P<month2>{full_month})\s+(?P<year2>\d{{4}})\b"
    )
    return _Grammar(
        months=months,
        weekdays=weekdays,
        absolute=(
            _ISO,
            re.compile(rf"\b(?P<month>{month})\.?\s+{day}\b{year}", re.I),
            re.compile(rf"\b{day}\s+(?:of\s+)?(?P<month>{month})\b\.?{year}", re.I),
        ),
        weekday=re.compile(weekday, re.I),
        future=frozenset(" ".join(p.split()) for p in wd["future"]),
        tables=tables,
        weekend=_phrases([data["weeks_before"]["weekend"]]),
        ago=re.compile(ago_pattern, re.I),
        ago_numbers={**ago["numbers"], **ago["vague"]},
        ago_vague=frozenset(ago["vague"]),
        ago_units=ago["units"],
        month_only=re.compile(month_only, re.I),
        # Capitalised full names only: "may" is mostly a verb.
        month_names=re.compile(rf"\b(?:{'|'.join(n.capitalize() for n in names)})\b"),
    )


def _phrases(groups: Iterable[list[str]]) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{_alternation(p for group in groups for p in group)})\b", re.I)


def _offsets(groups: Mapping[str, list[str]]) -> dict[str, int]:
    return {" ".join(p.split()): int(n) for n, group in groups.items() for p in group}
